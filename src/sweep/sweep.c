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
 *   5. decide the verdict from what the case file now holds.
 * Everything lands in the case file first; the summary line and the HTML
 * report are rendered from it (as `shellsift report` does later).
 */
#include "sweep/sweep.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "core/scan.h"

#define MAX_ARTEFACTS 4

typedef struct {
  store *st;
  int64_t sweep, prev;
  const ss_sweep_options *opt;
  ss_event_cb cb;
  void *user;
  size_t rootlen;
  int64_t now;
  uint64_t files, skipped, findings, log_findings, incidents;
  int rescan; /* read every file: asked for, or the rules changed since the previous sweep */
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

/* Counts a finding and remembers the web shells: the logs are told to
 * look for requests to them. */
static void note_shell(sweep_run *r, const char *kind, int score, const char *path) {
  r->findings++;
  if (score < 70 || strcmp(kind, "file") != 0 || !core_place_is_script(path)) return;
  r->shells = xrealloc(r->shells, (r->nshells + 1) * sizeof *r->shells);
  r->shells[r->nshells++] = xstrdup(path);
}

static void keep_finding(sweep_run *r, const ss_finding *f, const char *kind) {
  char *rec = ecs_finding(f, kind, r->now);
  strbuf rule_ids = STRBUF_INIT;
  for (size_t i = 0; i < f->nreasons; i++) {
    if (i) sb_addc(&rule_ids, ' ');
    sb_adds(&rule_ids, f->reasons[i].rule ? f->reasons[i].rule : "");
  }
  store_finding sf = {kind, f->path, f->category, ss_severity_name(f->severity), rule_ids.data ? rule_ids.data : "",
                      report_reason_text(f), f->sha256, f->score, f->mtime, f->btime, rec, 0};
  store_add_finding(r->st, r->sweep, &sf);
  sb_free(&rule_ids);
  note_shell(r, kind, f->score, f->path);
  out_line(r, rec);
}

static void on_event(const ss_event *ev, void *user) {
  sweep_run *r = user;
  switch (ev->type) {
  case SS_EVENT_FINDING: keep_finding(r, ev->finding, "file"); break;
  case SS_EVENT_WARNING: {
    char *rec = ecs_warning(ev->warning, r->now);
    store_add_warning(r->st, r->sweep, ev->warning, rec);
    out_line(r, rec);
    break;
  }
  case SS_EVENT_LOG_FINDING: {
    char *rec = ecs_log_finding(ev->log_finding);
    store_add_log_finding(r->st, r->sweep, ev->log_finding, rec);
    r->log_findings++;
    out_line(r, rec);
    break;
  }
  case SS_EVENT_INCIDENT: {
    char *rec = ecs_incident(ev->incident);
    store_add_incident(r->st, r->sweep, ev->incident, rec);
    r->incidents++;
    out_line(r, rec);
    break;
  }
  default: break;
  }
  if (r->cb) r->cb(ev, r->user);
}

static int skip_hook(const ss_file_record *rec, void *user) {
  const sweep_run *r = user;
  return !r->rescan && store_unchanged(r->st, rec);
}

static void carried(const store_finding *f, void *user) {
  sweep_run *r = user;
  note_shell(r, f->kind, f->score, f->path);
  if (r->opt->json) fputs(f->record, r->opt->json);
}

static void check_artefacts(sweep_run *r, const ss_file_record *rec) {
  artefact a[MAX_ARTEFACTS];
  const char *rel = rec->path + (strlen(rec->path) > r->rootlen ? r->rootlen : 0);
  size_t n = artefacts_check(rel, rec->head, rec->head_len, rec->data, rec->len, a, MAX_ARTEFACTS);
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
  r->files++;
  if (store_add_file(r->st, r->sweep, rec)) store_carry_findings(r->st, r->sweep, r->prev, rec->path, carried, r);
  if (rec->skipped) r->skipped++;
  else check_artefacts(r, rec);
}

/* Before the sweep's own event path exists: to the caller and the JSON. */
static void emit_store_warning(sweep_run *r, const char *path, const char *why) {
  ss_warning w = {SS_WARN_UNREADABLE, "unreadable", path ? path : "(in memory)", why, 1};
  char *msg = xasprintf("case file: %s", why);
  w.message = msg;
  ss_event ev = {.type = SS_EVENT_WARNING, .warning = &w};
  if (r->cb) r->cb(&ev, r->user);
  out_line(r, ecs_warning(&w, r->now));
  free(msg);
}

static void on_exchange(const ss_exchange_result *x, void *user) {
  sweep_run *r = user;
  store_add_exchange(r->st, r->sweep, x);
}

/* The Exchange build, and what the log reader read, as coverage rows. */
static void read_exchange(sweep_run *r, const ss_sweep_options *opt, const char *root, coverage *cov) {
  ss_exchange_t *ex = NULL;
  if (ss_exchange_new(opt->builds_csv, on_event, r, &ex) != SS_OK) return;
  ss_exchange_local(ex, root, on_exchange, r);
  ss_exchange_free(ex);
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(store_db(r->st), "SELECT build, method, error FROM exchange WHERE sweep=?", -1, &st, NULL);
  sqlite3_bind_int64(st, 1, r->sweep);
  if (st && sqlite3_step(st) == SQLITE_ROW) {
    const char *build = (const char *)sqlite3_column_text(st, 0), *method = (const char *)sqlite3_column_text(st, 1);
    if (build && *build) {
      char *note = xasprintf("build %s, read from %s", build, method ? method : "");
      coverage_add(cov, "Exchange build", "found", "", note);
      free(note);
    } else if (cov->exchange) {
      coverage_add(cov, "Exchange build", "missing", "",
                   "the Exchange build could not be read: whether the server was exposed to ProxyLogon or "
                   "ProxyShell cannot be told");
    }
  }
  sqlite3_finalize(st);
}

static void log_sources(const ss_logs_stats *ls, coverage *cov) {
  for (size_t i = 0; i < ls->nsources; i++) {
    const ss_log_source *src = &ls->sources[i];
    char from[RFC3339_SIZE], to[RFC3339_SIZE];
    sweep_time_text(from, src->first);
    sweep_time_text(to, src->last);
    char *item = xasprintf("log source: %s", src->format ? src->format : "?");
    char *note = xasprintf("%llu file(s), %llu line(s), %s to %s", (unsigned long long)src->files,
                           (unsigned long long)src->lines, from, to);
    coverage_add(cov, item, "found", "", note);
    free(item);
    free(note);
  }
  if (ls->nsources == 0)
    coverage_add(cov, "logs read", "unknown", "", "no log file was read (none found, or none in a known format)");
}

static void read_logs(sweep_run *r, const char *root, coverage *cov) {
  ss_logs_t *logs = NULL;
  ss_logs_stats ls = {0};
  /* below a server's root, logs are where the server writes them: walking
   * the whole tree for *.log would read every application's own logs */
  ss_logs_options lo = {.since = SS_TIME_UNKNOWN, .until = SS_TIME_UNKNOWN, .known_places_only = 1};
  if (ss_logs_new(&lo, on_event, r, &logs) != SS_OK) return;
  for (size_t i = 0; i < r->nshells; i++) ss_logs_link_shell(logs, r->shells[i]);
  ss_logs_add(logs, root);
  ss_logs_finish(logs, &ls);
  log_sources(&ls, cov);
  ss_logs_free(logs);
}

static void save_coverage(sweep_run *r, const coverage *cov) {
  for (size_t i = 0; i < cov->n; i++)
    store_add_coverage(r->st, r->sweep, cov->items[i].item, cov->items[i].status, cov->items[i].path,
                       cov->items[i].note);
}

static void save_versions(sweep_run *r, const ss_engine_t *engine) {
  size_t nrules = 0, hashes = 0, names = 0;
  ss_engine_counts(engine, &nrules, &hashes, &names);
  char buf[64];
  store_add_version(r->st, r->sweep, "shellsift", SS_VERSION);
  snprintf(buf, sizeof buf, "%d", STORE_SCHEMA_VERSION);
  store_add_version(r->st, r->sweep, "case-schema", buf);
  snprintf(buf, sizeof buf, "%d", SS_SCHEMA_VERSION);
  store_add_version(r->st, r->sweep, "json-schema", buf);
  store_add_version(r->st, r->sweep, "ecs", ECS_VERSION);
  snprintf(buf, sizeof buf, "%zu", nrules);
  store_add_version(r->st, r->sweep, "yara-rules", buf);
  snprintf(buf, sizeof buf, "%zu hash, %zu name", hashes, names);
  store_add_version(r->st, r->sweep, "iocs", buf);
  store_add_version(r->st, r->sweep, "sqlite", sqlite3_libversion());
}

static ss_err conclude(sweep_run *r, double started, ss_sweep_result *res, uint64_t incomplete) {
  sweep_evidence e;
  strbuf reasons = STRBUF_INIT;
  store_end_files(r->st, r->sweep);
  sweep_evidence_load(r->st, r->sweep, &e);
  *res = (ss_sweep_result){0};
  res->verdict = sweep_verdict(&e, &reasons);
  res->sweep_id = r->sweep;
  res->files = r->files;
  res->skipped = r->skipped;
  res->findings = r->findings;
  res->log_findings = r->log_findings;
  res->incidents = r->incidents;
  res->missing = (uint64_t)store_count(r->st, "SELECT count(*) FROM coverage WHERE sweep=? AND status='missing'",
                                       r->sweep);
  res->complete = res->missing == 0 && incomplete == 0;
  res->seconds = core_now_seconds() - started;
  ss_err err = store_finish_sweep(r->st, r->sweep, res, reasons.data ? reasons.data : "");
  sb_free(&reasons);
  return err;
}

ss_err ss_sweep(ss_config_t *cfg, const char *root, const ss_sweep_options *opt, ss_event_cb cb, void *user,
                ss_sweep_result *result) {
  static const ss_sweep_options defaults;
  ss_sweep_result dummy;
  if (!cfg || !root || !*root) return SS_ERR_ARG;
  if (!opt) opt = &defaults;
  if (!result) result = &dummy;
  double started = core_now_seconds();
  sweep_run r = {.opt = opt, .cb = cb, .user = user, .now = (int64_t)time(NULL)};
  const char *why = "";
  ss_err err = store_open(opt->case_file, 1, &r.st, &why);
  if (err != SS_OK) {
    emit_store_warning(&r, opt->case_file, why);
    return err;
  }
  r.sweep = store_begin_sweep(r.st, root);
  r.prev = r.sweep ? store_previous_of(r.st, r.sweep) : 0;
  if (!r.sweep || store_load_previous(r.st, r.prev) != SS_OK) {
    emit_store_warning(&r, opt->case_file, sqlite3_errmsg(store_db(r.st)));
    store_close(r.st);
    return SS_ERR_IO;
  }
  size_t n = strlen(root);
  while (n > 1 && root[n - 1] == '/') n--;
  r.rootlen = n + 1;
  coverage cov = {0};
  discover(root, &cov);

  ss_engine_t *engine = NULL;
  ss_stats stats = {0};
  ss_config_set_file_hooks(cfg, file_hook, skip_hook, &r);
  err = ss_engine_new(cfg, on_event, &r, &engine);
  ss_config_set_file_hooks(cfg, NULL, NULL, NULL);
  if (err == SS_OK) {
    save_versions(&r, engine);
    /* results carried from a sweep with other rules or another version
     * would be stale: read everything again */
    r.rescan = opt->rescan_all ||
               store_count(r.st, "SELECT count(*) FROM versions a JOIN versions b ON a.component=b.component"
                                 " WHERE b.sweep=?1 AND a.sweep=(SELECT max(id) FROM sweeps p WHERE p.id<?1 AND"
                                 " p.root=(SELECT root FROM sweeps WHERE id=?1) AND p.finished IS NOT NULL)"
                                 " AND a.component IN ('shellsift','yara-rules','iocs') AND a.value!=b.value",
                           r.sweep) > 0;
    err = ss_scan(engine, root, on_event, &r, &stats);
  }
  if (err == SS_OK) {
    read_logs(&r, root, &cov);
    read_exchange(&r, opt, root, &cov);
    save_coverage(&r, &cov);
    uint64_t incomplete = (uint64_t)store_count(r.st, "SELECT count(*) FROM warnings WHERE sweep=? AND incomplete=1",
                                                r.sweep);
    err = conclude(&r, started, result, incomplete);
  }
  if (err == SS_OK && opt->json) out_line(&r, ecs_summary(r.st, r.sweep));
  if (err == SS_OK && opt->text) text_report(r.st, r.sweep, opt->text);
  if (err == SS_OK && opt->report_html) err = html_report(r.st, r.sweep, opt->report_html);
  coverage_free(&cov);
  ss_engine_free(engine);
  for (size_t i = 0; i < r.nshells; i++) free(r.shells[i]);
  free(r.shells);
  store_close(r.st);
  return err;
}
