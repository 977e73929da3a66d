/*
 * sweep.c - ss_sweep(): one pass over a server that ends in a verdict.
 *   1. discover what the tree holds and lacks (coverage);
 *   2. scan every file (ss_scan), with this module's file hooks: unchanged
 *      files since the previous sweep in the case file are not read and
 *      their earlier findings are carried over; every file read is
 *      checked for post-exploitation artefacts;
 *   3. read the logs (ss_logs_*), after telling them where the shells are,
 *      so requests to them are linked into incidents;
 *   4. read the Exchange build (ss_exchange_local);
 *   5. decide the verdict.
 * The evidence the verdict counts is counted from the events themselves as
 * they pass, so a case file that fails half-way (full disk, I/O error) can
 * make the sweep incomplete but never make it say less than it saw.
 * Everything also lands in the case file; the summary line, the text and
 * the HTML report are rendered from it (as `shellsift report` does later).
 */
#include "sweep/sweep.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "core/scan.h"
#include "core/stop.h"
#include "report/case.h"
#include "report/writer.h"

#define MAX_ARTEFACTS 4

typedef struct {
  store *st;
  int64_t sweep, prev;
  const ss_sweep_options *opt;
  ss_event_cb cb;
  void *user;
  size_t rootlen;
  int64_t now;
  uint64_t files, skipped, findings, log_findings, incidents, incomplete;
  sweep_evidence ev;   /* what the verdict counts, from the events */
  int rescan;          /* read every file: asked for, or the rules changed since the previous sweep */
  int store_failed;    /* the case file's failure was reported: nothing more goes to it */
  int interrupted;     /* an SS_WARN_INTERRUPTED warning was reported */
  char **shells;
  size_t nshells;
} sweep_run;

static void out_line(sweep_run *r, char *line) {
  if (r->opt->json && line) {
    fputs(line, r->opt->json);
    fflush(r->opt->json);
  }
  free(line);
}

/* A warning of the sweep's own, to the caller and the JSON stream (not to
 * the case file: it may be what failed). */
static void own_warning(sweep_run *r, ss_warning_kind kind, const char *kind_name, const char *path,
                        const char *message) {
  ss_warning w = {kind, kind_name, path ? path : "", message, 1};
  r->incomplete++;
  ss_event ev = {.type = SS_EVENT_WARNING, .warning = &w};
  if (r->cb) r->cb(&ev, r->user);
  out_line(r, report_ecs_warning(&w, r->now));
}

/* Reports the case file's first failure, with its cause, once: the sweep
 * goes on (its findings still reach the caller and the JSON stream) but is
 * incomplete. */
/* After ss_stop(): said once, whichever stage was running. */
static void note_interrupted(sweep_run *r, const char *root, const char *what) {
  if (r->interrupted || !core_stopped()) return;
  r->interrupted = 1;
  own_warning(r, SS_WARN_INTERRUPTED, "interrupted", root, what);
}

static int store_ok(sweep_run *r, ss_err err) {
  if (err == SS_OK) return 1;
  if (!r->store_failed) {
    r->store_failed = 1;
    const char *why = store_error(r->st);
    own_warning(r, SS_WARN_CASE_FILE, "case-file", r->opt->case_file,
                why ? why : "the case file could not be written");
  }
  return 0;
}

/* Counts a finding for the verdict and remembers the web shells: the logs
 * are told to look for requests to them. */
static void note_finding(sweep_run *r, const char *kind, int score, const char *path) {
  int on_disk = strcmp(kind, "artefact") != 0; /* a file finding, not an artefact */
  r->findings++;
  if (score >= 70) ++*(on_disk ? &r->ev.file_strong : &r->ev.artefact_strong);
  else if (score >= 40) ++*(on_disk ? &r->ev.file_medium : &r->ev.artefact_medium);
  if (score < 70 || !on_disk || !core_place_is_script(path)) return;
  r->shells = xrealloc(r->shells, (r->nshells + 1) * sizeof *r->shells);
  r->shells[r->nshells++] = xstrdup(path);
}

static void keep_finding(sweep_run *r, const ss_finding *f, const char *kind) {
  char *rec = report_ecs_finding(f, kind, r->now);
  strbuf rule_ids = STRBUF_INIT;
  for (size_t i = 0; i < f->nreasons; i++) {
    if (i) sb_addc(&rule_ids, ' ');
    sb_adds(&rule_ids, f->reasons[i].rule ? f->reasons[i].rule : "");
  }
  store_finding sf = {kind, f->path, f->category, ss_severity_name(f->severity), rule_ids.data ? rule_ids.data : "",
                      report_reason_text(f), f->sha256, f->score, f->mtime, f->btime, rec, 0, 0};
  if (!r->store_failed) store_ok(r, store_add_finding(r->st, r->sweep, &sf));
  sb_free(&rule_ids);
  note_finding(r, kind, f->score, f->path);
  out_line(r, rec);
}

static void note_log_finding(sweep_run *r, const ss_log_finding *lf) {
  r->log_findings++;
  sweep_count_log_finding(&r->ev, lf);
}

static void on_event(const ss_event *ev, void *user) {
  sweep_run *r = user;
  char *rec = NULL;
  switch (ev->type) {
  case SS_EVENT_FINDING: keep_finding(r, ev->finding, "file"); break;
  case SS_EVENT_WARNING:
    if (ev->warning->incomplete) r->incomplete++;
    if (ev->warning->kind == SS_WARN_INTERRUPTED) r->interrupted = 1;
    rec = report_ecs_warning(ev->warning, r->now);
    if (!r->store_failed) store_ok(r, store_add_warning(r->st, r->sweep, ev->warning, rec));
    break;
  case SS_EVENT_LOG_FINDING:
    note_log_finding(r, ev->log_finding);
    rec = report_ecs_log_finding(ev->log_finding);
    if (!r->store_failed) store_ok(r, store_add_log_finding(r->st, r->sweep, ev->log_finding, rec));
    break;
  case SS_EVENT_INCIDENT:
    r->incidents++;
    if (ev->incident->nshells) r->ev.incident_shell++;
    rec = report_ecs_incident(ev->incident);
    if (!r->store_failed) store_ok(r, store_add_incident(r->st, r->sweep, ev->incident, rec));
    break;
  case SS_EVENT_PROGRESS: break;
  }
  out_line(r, rec);
  if (r->cb) r->cb(ev, r->user);
}

static int skip_hook(const ss_file_record *rec, void *user) {
  const sweep_run *r = user;
  return !r->rescan && !r->store_failed && store_unchanged(r->st, rec);
}

static void carried(const store_finding *f, void *user) {
  sweep_run *r = user;
  note_finding(r, f->kind, f->score, f->path);
  if (r->opt->json) fputs(f->record, r->opt->json);
}

static void check_artefacts(sweep_run *r, const ss_file_record *rec) {
  artefact a[MAX_ARTEFACTS];
  const char *rel = rec->path + (strlen(rec->path) > r->rootlen ? r->rootlen : 0);
  size_t n = sweep_artefacts_check(rel, rec->head, rec->head_len, rec->data, rec->len, a, MAX_ARTEFACTS);
  for (size_t i = 0; i < n; i++) {
    ss_reason reason = {a[i].rule, "post-exploitation", a[i].description, a[i].reference, a[i].score};
    ss_finding f = {.path = rec->path, .size = rec->size, .mtime = rec->mtime, .ctime = rec->ctime,
                    .btime = rec->btime, .inode = rec->inode, .mode = rec->mode,
                    .category = "post-exploitation", .severity = ss_severity_from_score(a[i].score),
                    .score = a[i].score, .reasons = &reason, .nreasons = 1};
    memcpy(f.sha256, rec->sha256, sizeof f.sha256);
    keep_finding(r, &f, "artefact");
    ss_event ev = {.type = SS_EVENT_FINDING, .finding = &f};
    if (r->cb) r->cb(&ev, r->user);
  }
}

static void file_hook(const ss_file_record *rec, void *user) {
  sweep_run *r = user;
  int carry = 0;
  r->files++;
  if (!r->store_failed && store_ok(r, store_add_file(r->st, r->sweep, rec, &carry)) && carry)
    store_ok(r, store_carry_findings(r->st, r->sweep, r->prev, rec->path, carried, r));
  if (rec->skipped) r->skipped++;
  else check_artefacts(r, rec);
}

static void on_exchange(const ss_exchange_result *x, void *user) {
  sweep_run *r = user;
  for (size_t i = 0; i < x->nchains; i++)
    if (!strcmp(x->chains[i].status, "vulnerable")) r->ev.exchange_vulnerable = 1;
  if (!r->store_failed) store_ok(r, store_add_exchange(r->st, r->sweep, x));
}

typedef struct {
  sweep_run *r;
  coverage *cov;
} exchange_cover;

static void exchange_coverage(const ss_exchange_result *x, void *user) {
  exchange_cover *c = user;
  on_exchange(x, c->r);
  if (x->build && *x->build) {
    char *note = xasprintf("build %s, read from %s", x->build, x->method ? x->method : "");
    sweep_coverage_add(c->cov, "Exchange build", "found", "", note);
    free(note);
  } else if (c->cov->exchange) {
    sweep_coverage_add(c->cov, "Exchange build", "missing", "",
                       "the Exchange build could not be read: whether the server was exposed to ProxyLogon or "
                       "ProxyShell cannot be told");
  }
}

/* The Exchange build, as evidence and as a coverage row. */
static void read_exchange(sweep_run *r, const char *root, coverage *cov) {
  ss_exchange_t *ex = NULL;
  if (ss_exchange_new(r->opt->builds_csv, on_event, r, &ex) != SS_OK) return;
  exchange_cover c = {r, cov};
  ss_exchange_local(ex, root, exchange_coverage, &c);
  ss_exchange_free(ex);
}

static void log_sources(const ss_logs_stats *ls, coverage *cov) {
  for (size_t i = 0; i < ls->nsources; i++) {
    const ss_log_source *src = &ls->sources[i];
    char from[RFC3339_SIZE], to[RFC3339_SIZE];
    report_time_text(from, src->first);
    report_time_text(to, src->last);
    char *item = xasprintf("log source: %s", src->format ? src->format : "?");
    char *note = xasprintf("%llu file(s), %llu line(s), %s to %s", (unsigned long long)src->files,
                           (unsigned long long)src->lines, from, to);
    sweep_coverage_add(cov, item, "found", "", note);
    free(item);
    free(note);
  }
  if (ls->nsources == 0)
    sweep_coverage_add(cov, "logs read", "unknown", "", "no log file was read (none found, or none in a known format)");
  for (size_t i = 0; i < ls->npartial; i++) { /* read in part: the lines that were not split or not read */
    const ss_log_partial *p = &ls->partial[i];
    char *note = p->lost ? xasprintf("%llu record(s) could not be read (damaged chunks or records, or a file cut "
                                     "short); %llu were read and checked",
                                     (unsigned long long)p->lost, (unsigned long long)p->lines)
                         : xasprintf("%llu of %llu lines were checked against the published indicators only (no "
                                     "layout split them); %llu lines were not read",
                                     (unsigned long long)p->unsplit, (unsigned long long)p->lines,
                                     (unsigned long long)p->unread);
    sweep_coverage_add(cov, !strncmp(p->format, "evtx", 4) ? "event log partly read" : "log partly read", "partial",
                       p->path, note);
    free(note);
  }
}

static void read_logs(sweep_run *r, const char *root, coverage *cov) {
  ss_logs_t *logs = NULL;
  ss_logs_stats ls = {0};
  /* below a server's root, logs are where the server writes them: walking
   * the whole tree for *.log would read every application's own logs */
  ss_logs_options lo = {.since = SS_TIME_UNKNOWN, .until = SS_TIME_UNKNOWN, .known_places_only = 1};
  if (ss_logs_new(&lo, on_event, r, &logs) != SS_OK) return;
  for (size_t i = 0; i < r->nshells; i++) ss_logs_link_shell(logs, r->shells[i]);
  for (size_t i = 0; i < cov->npasswd; i++) ss_logs_add_passwd(logs, cov->passwd[i], NULL); /* the evidence's accounts */
  /* a rule path that cannot be read, or a rule that does not load, is a warning from the session */
  for (size_t i = 0; i < r->opt->nsigma; i++) ss_logs_add_sigma(logs, r->opt->sigma[i], NULL);
  ss_logs_add(logs, root);
  ss_logs_finish(logs, &ls);
  if (r->opt->nsigma && !r->store_failed) {
    char n[64];
    snprintf(n, sizeof n, "%llu loaded, %llu not loaded", (unsigned long long)ls.sigma_rules,
             (unsigned long long)ls.sigma_failed);
    store_ok(r, store_add_version(r->st, r->sweep, "sigma-rules", n));
  }
  log_sources(&ls, cov);
  ss_logs_free(logs);
}

static void save_coverage(sweep_run *r, const coverage *cov) {
  for (size_t i = 0; i < cov->n && !r->store_failed; i++)
    store_ok(r, store_add_coverage(r->st, r->sweep, cov->items[i].item, cov->items[i].status, cov->items[i].path,
                                   cov->items[i].note));
}

static void save_versions(sweep_run *r, const ss_engine_t *engine) {
  size_t nrules = 0, hashes = 0, names = 0;
  ss_engine_counts(engine, &nrules, &hashes, &names);
  char schema[16], json[16], yara[32], iocs[64];
  snprintf(schema, sizeof schema, "%d", STORE_SCHEMA_VERSION);
  snprintf(json, sizeof json, "%d", SS_SCHEMA_VERSION);
  snprintf(yara, sizeof yara, "%zu", nrules);
  snprintf(iocs, sizeof iocs, "%zu hash, %zu name", hashes, names);
  const char *versions[][2] = {{"shellsift", SS_VERSION}, {"case-schema", schema},  {"json-schema", json},
                               {"ecs", ECS_VERSION},      {"yara-rules", yara},     {"iocs", iocs},
                               {"sqlite", store_engine_version()}};
  for (size_t i = 0; i < sizeof versions / sizeof versions[0] && !r->store_failed; i++)
    store_ok(r, store_add_version(r->st, r->sweep, versions[i][0], versions[i][1]));
}

/* An Exchange install without its HttpProxy logs: ProxyLogon cannot be
 * ruled out from the logs. */
static int proxy_logs_missing(const coverage *cov) {
  for (size_t i = 0; i < cov->n; i++)
    if (!strcmp(cov->items[i].item, "HttpProxy logs") && !strcmp(cov->items[i].status, "missing")) return 1;
  return 0;
}

static void conclude(sweep_run *r, double started, const coverage *cov, ss_sweep_result *res, strbuf *reasons) {
  int stopped = core_stopped();
  /* an interrupted sweep did not see every file: none is recorded as gone */
  if (!r->store_failed && !stopped) store_ok(r, store_end_files(r->st, r->sweep));
  r->ev.proxy_logs_missing = proxy_logs_missing(cov);
  *res = (ss_sweep_result){0};
  res->verdict = sweep_verdict(&r->ev, reasons);
  res->sweep_id = r->sweep;
  res->files = r->files;
  res->skipped = r->skipped;
  res->findings = r->findings;
  res->log_findings = r->log_findings;
  res->incidents = r->incidents;
  res->missing = cov->missing;
  res->seconds = core_now_seconds() - started;
  res->complete = res->missing == 0 && r->incomplete == 0 && !r->store_failed && !stopped;
  store_sweep row = {.finished = (int64_t)time(NULL),
                     .verdict = ss_verdict_name(res->verdict),
                     .verdict_reasons = reasons->data ? reasons->data : "",
                     .complete = res->complete,
                     .files = res->files,
                     .skipped = res->skipped,
                     .findings = res->findings,
                     .log_findings = res->log_findings,
                     .incidents = res->incidents,
                     .missing = res->missing,
                     .seconds = res->seconds};
  if (!r->store_failed && !store_ok(r, store_finish_sweep(r->st, r->sweep, &row))) res->complete = 0;
}

/* The summary line, the text and the HTML page, rendered from the case
 * file; a case file that failed has no whole sweep to render from. */
static void render(sweep_run *r, ss_sweep_result *res, const char *root, const char *reasons) {
  const ss_sweep_options *opt = r->opt;
  if (r->store_failed) {
    strbuf line = STRBUF_INIT;
    report_sweep_summary(res, root, reasons, &line);
    if (opt->json) fputs(line.data, opt->json);
    sb_free(&line);
    if (opt->text)
      fprintf(opt->text, "\nVERDICT: %s (incomplete: the case file failed, see the warnings; the findings "
                         "were reported as they were found)\n",
              ss_verdict_name(res->verdict));
    return;
  }
  strbuf line = STRBUF_INIT;
  if (opt->json && store_ok(r, report_case_summary(r->st, r->sweep, &line))) fputs(line.data, opt->json);
  sb_free(&line);
  if (opt->text) store_ok(r, report_case_text(r->st, r->sweep, opt->text));
  ss_err err = opt->report_html ? report_case_html(r->st, r->sweep, opt->report_html) : SS_OK;
  if (err != SS_OK && store_error(r->st)) {
    store_ok(r, err);
  } else if (err != SS_OK) {
    char *msg = xasprintf("the HTML report could not be written to %s: %s", opt->report_html, strerror(errno));
    own_warning(r, SS_WARN_CASE_FILE, "case-file", opt->report_html, msg);
    free(msg);
    res->complete = 0;
  }
  if (r->store_failed) res->complete = 0;
}

ss_err ss_sweep(ss_config_t *cfg, const char *root, const ss_sweep_options *opt, ss_event_cb cb, void *user,
                ss_sweep_result *result) {
  static const ss_sweep_options defaults;
  ss_sweep_result dummy;
  if (!result) result = &dummy;
  *result = (ss_sweep_result){0};
  if (!cfg || !root || !*root) return SS_ERR_ARG;
  if (!opt) opt = &defaults;
  double started = core_now_seconds();
  sweep_run r = {.opt = opt, .cb = cb, .user = user, .now = (int64_t)time(NULL)};
  char *why = NULL;
  ss_err err = store_open(opt->case_file, 1, &r.st, &why);
  if (err != SS_OK) {
    own_warning(&r, SS_WARN_CASE_FILE, "case-file", opt->case_file, why);
    free(why);
    return err;
  }
  if (!store_ok(&r, store_begin_sweep(r.st, root, &r.sweep)) ||
      !store_ok(&r, store_previous_of(r.st, r.sweep, &r.prev)) ||
      !store_ok(&r, store_load_previous(r.st, r.prev))) {
    store_close(r.st);
    return SS_ERR_IO;
  }
  size_t n = strlen(root);
  while (n > 1 && root[n - 1] == '/') n--;
  r.rootlen = n + 1;
  coverage cov = {0};
  sweep_discover(root, &cov);

  ss_engine_t *engine = NULL;
  ss_stats stats = {0};
  ss_config_set_file_hooks(cfg, file_hook, skip_hook, &r);
  err = ss_engine_new(cfg, on_event, &r, &engine);
  ss_config_set_file_hooks(cfg, NULL, NULL, NULL);
  if (err == SS_OK) {
    save_versions(&r, engine);
    /* results carried from a sweep with other rules or another version
     * would be stale: read everything again */
    int changed = 0;
    store_ok(&r, store_versions_changed(r.st, r.sweep, &changed));
    r.rescan = opt->rescan_all || changed;
    err = ss_scan(engine, root, on_event, &r, &stats);
  }
  if (err == SS_OK) {
    note_interrupted(&r, root, "stopped on request: the logs and the Exchange build were not read");
    if (!core_stopped()) read_logs(&r, root, &cov);
    note_interrupted(&r, root, "stopped on request while the logs were read: the Exchange build was not read");
    if (!core_stopped()) read_exchange(&r, root, &cov);
    note_interrupted(&r, root, "stopped on request at the end of the sweep");
    save_coverage(&r, &cov);
    strbuf reasons = STRBUF_INIT;
    conclude(&r, started, &cov, result, &reasons);
    render(&r, result, root, reasons.data);
    sb_free(&reasons);
  }
  sweep_coverage_free(&cov);
  ss_engine_free(engine);
  for (size_t i = 0; i < r.nshells; i++) free(r.shells[i]);
  free(r.shells);
  store_close(r.st);
  return err;
}
