/*
 * session.c - the public ss_logs_* API.  A session reads files one by one
 * (format from content), passes each record through the time window and
 * the rules, turns hits into SS_EVENT_LOG_FINDING events, and keeps only
 * bounded summaries for the end: the stacking table and one small entry
 * per finding for the timeline.  ss_logs_finish ranks the rare script
 * URLs, groups findings into incidents and returns the totals.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/events.h"
#include "logs/logs.h"

#define DEFAULT_MAX_LINE (1u << 20)
#define LINE_WARNINGS_PER_FILE 10
#define EVIDENCE_MAX 4096
#define STACK_MAX_URLS 50000
#define STACK_MAX_CLIENTS 2
#define STACK_MAX_OUT 25
#define TIMELINE_MAX 1000000
#define INCIDENT_GAP (24 * 3600)

typedef struct {
  char *url;  /* served URL, lower-case, or NULL */
  char *name; /* base name, lower-case */
  char *path; /* as given */
} linked_shell;

struct ss_logs {
  ss_logs_options opt;
  ss_event_cb cb;
  void *user;
  const char *file;
  unsigned file_warnings;
  strbuf scratch, stack_url, fields[6];
  stack_table *stack;
  int stack_full_warned, timeline_full_warned;
  timeline *tl;
  linked_shell *shells;
  size_t nshells;
  ss_log_source *sources;
  uint64_t *source_seen; /* per source: the last file_seq counted in .files */
  size_t nsources;
  uint64_t file_seq;
  ss_logs_stats st;
  struct timespec start;
  int finished;
};

/* logs.h calls the session logs_ctx. */
struct logs_ctx;

static ss_logs_t *S(logs_ctx *L) { return (ss_logs_t *)(void *)L; }

const char *log_format_name(log_format f) {
  static const char *const names[LF_COUNT] = {"unknown", "iis", "httpproxy", "ecp", "oabgenerator", "exchange-csv", "evtx"};
  return (unsigned)f < LF_COUNT ? names[f] : "unknown";
}

const char *logs_current_file(const logs_ctx *L) { return ((const ss_logs_t *)(const void *)L)->file; }

static ss_log_source *source(ss_logs_t *s, const char *name) {
  for (size_t i = 0; i < s->nsources; i++)
    if (!strcmp(s->sources[i].format, name)) return &s->sources[i];
  s->sources = xrealloc(s->sources, (s->nsources + 1) * sizeof *s->sources);
  s->source_seen = xrealloc(s->source_seen, (s->nsources + 1) * sizeof *s->source_seen);
  s->source_seen[s->nsources] = 0;
  ss_log_source *src = &s->sources[s->nsources++];
  src->format = xstrdup(name);
  src->files = src->lines = 0;
  src->first = src->last = SS_TIME_UNKNOWN;
  return src;
}

static void count_in(ss_logs_t *s, ss_log_source *src, int64_t t) {
  src->lines++;
  size_t i = (size_t)(src - s->sources);
  if (s->source_seen[i] != s->file_seq) s->source_seen[i] = s->file_seq, src->files++;
  if (t == SS_TIME_UNKNOWN) return;
  if (src->first == SS_TIME_UNKNOWN || t < src->first) src->first = t;
  if (src->last == SS_TIME_UNKNOWN || t > src->last) src->last = t;
}


static void warn(ss_logs_t *s, ss_warning_kind kind, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn(ss_logs_t *s, ss_warning_kind kind, const char *path, const char *fmt, ...) {
  strbuf msg = STRBUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(&msg, fmt, ap);
  va_end(ap);
  s->st.warnings++;
  if (warning_kind_incomplete(kind)) s->st.incomplete++;
  emit_warning(s->cb, s->user, kind, path, "%s", msg.data ? msg.data : "");
  sb_free(&msg);
}

void logs_file_warning(logs_ctx *L, int incomplete, const char *fmt, ...) {
  ss_logs_t *s = S(L);
  strbuf msg = STRBUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(&msg, fmt, ap);
  va_end(ap);
  warn(s, incomplete ? SS_WARN_LOG_FORMAT : SS_WARN_LOG_LINE, s->file, "%s", msg.data ? msg.data : "");
  sb_free(&msg);
}

void logs_line_warning(logs_ctx *L, uint64_t line, const char *fmt, ...) {
  ss_logs_t *s = S(L);
  if (++s->file_warnings > LINE_WARNINGS_PER_FILE) {
    if (s->file_warnings == LINE_WARNINGS_PER_FILE + 1)
      warn(s, SS_WARN_LOG_LINE, s->file, "more malformed lines: further warnings for this file suppressed");
    return;
  }
  strbuf msg = STRBUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(&msg, fmt, ap);
  va_end(ap);
  warn(s, SS_WARN_LOG_LINE, s->file, "line %llu: %s", (unsigned long long)line, msg.data ? msg.data : "");
  sb_free(&msg);
}

static const char *cstr(strbuf *b, span sp, size_t max) {
  sb_reset(b);
  sb_add(b, sp.p, sp.n < max ? sp.n : max);
  if (!b->data) sb_adds(b, "");
  return b->data;
}

const char *logs_linked_shell(logs_ctx *L, const char *stem, size_t n) {
  ss_logs_t *s = S(L);
  for (size_t i = 0; i < s->nshells; i++) {
    const linked_shell *sh = &s->shells[i];
    if (sh->url) {
      if (strlen(sh->url) == n && !memcmp(sh->url, stem, n)) return sh->path;
      continue;
    }
    size_t m = strlen(sh->name);
    if (m && n > m && stem[n - m - 1] == '/' && !memcmp(stem + n - m, sh->name, m)) return sh->path;
  }
  return NULL;
}

void logs_report(logs_ctx *L, const log_rec *r, const log_rule *rule, ss_severity sev, const char *outcome) {
  ss_logs_t *s = S(L);
  strbuf *f = s->fields;
  ss_log_finding lf = {
      .rule = rule->id,
      .title = rule->title,
      .cve = rule->cve,
      .reference = rule->reference,
      .severity = sev,
      .outcome = outcome,
      .time = r->time,
      .file = s->file ? s->file : "",
      .line = r->line,
      .format = log_format_name(r->fmt),
      .client_ip = cstr(&f[0], r->client_ip, 256),
      .user_agent = cstr(&f[1], r->user_agent, 2048),
      .method = cstr(&f[2], r->method, 64),
      .status = r->status,
      .evidence = cstr(&f[4], r->raw, EVIDENCE_MAX),
  };
  sb_reset(&f[3]);
  sb_add(&f[3], r->stem.p, r->stem.n < EVIDENCE_MAX ? r->stem.n : EVIDENCE_MAX);
  if (r->query.n) sb_addc(&f[3], '?'), sb_add(&f[3], r->query.p, r->query.n < EVIDENCE_MAX ? r->query.n : EVIDENCE_MAX);
  if (!f[3].data) sb_adds(&f[3], "");
  lf.uri = f[3].data;
  s->st.findings++;
  s->st.by_severity[sev]++;
  const char *shell = NULL;
  if (!strcmp(rule->id, "webshell-linked")) {
    uri_normalise(&f[5], r->stem, SPAN_NONE, 2048);
    shell = logs_linked_shell(L, f[5].data, f[5].len);
  }
  if (timeline_add(s->tl, lf.client_ip, r->time, rule, sev, shell) != 0 && !s->timeline_full_warned) {
    s->timeline_full_warned = 1;
    warn(s, SS_WARN_LOG_FORMAT, NULL, "more than %d findings: later ones are reported but not grouped into incidents",
         TIMELINE_MAX);
  }
  ss_event ev = {.type = SS_EVENT_LOG_FINDING, .log_finding = &lf};
  if (s->cb) s->cb(&ev, s->user);
}

void logs_record(logs_ctx *L, const log_rec *r) {
  ss_logs_t *s = S(L);
  if (r->fmt == LF_EVTX && r->channel.n) {
    char name[96];
    snprintf(name, sizeof name, "evtx:%.*s", (int)(r->channel.n < 80 ? r->channel.n : 80), r->channel.p);
    count_in(s, source(s, name), r->time);
  } else {
    count_in(s, source(s, log_format_name(r->fmt)), r->time);
  }
  s->st.lines++;
  if (r->time != SS_TIME_UNKNOWN) {
    if (s->opt.since != SS_TIME_UNKNOWN && r->time < s->opt.since) return;
    if (s->opt.until != SS_TIME_UNKNOWN && r->time > s->opt.until) return;
  }
  rules_eval(L, r, &s->scratch);
  if (stack_candidate(r, &s->stack_url) && stack_add(s->stack, s->stack_url.data, r, s->file) != 0 &&
      !s->stack_full_warned) {
    s->stack_full_warned = 1;
    warn(s, SS_WARN_LOG_FORMAT, s->file, "more than %d distinct script URLs: stacking covers only the first ones",
         STACK_MAX_URLS);
  }
}

ss_err ss_logs_new(const ss_logs_options *opt, ss_event_cb cb, void *user, ss_logs_t **out) {
  if (!out) return SS_ERR_ARG;
  ss_logs_t *s = xcalloc(1, sizeof *s);
  s->opt.since = s->opt.until = SS_TIME_UNKNOWN;
  if (opt) s->opt = *opt;
  if (!s->opt.max_line) s->opt.max_line = DEFAULT_MAX_LINE;
  if (s->opt.max_line > ((uint64_t)1 << 30)) {
    free(s);
    *out = NULL;
    return SS_ERR_ARG;
  }
  s->cb = cb;
  s->user = user;
  s->stack = stack_new(STACK_MAX_URLS);
  s->tl = timeline_new(TIMELINE_MAX);
  clock_gettime(CLOCK_MONOTONIC, &s->start);
  *out = s;
  return SS_OK;
}

void ss_logs_free(ss_logs_t *s) {
  if (!s) return;
  sb_free(&s->scratch);
  sb_free(&s->stack_url);
  for (size_t i = 0; i < sizeof s->fields / sizeof s->fields[0]; i++) sb_free(&s->fields[i]);
  stack_free(s->stack);
  timeline_free(s->tl);
  for (size_t i = 0; i < s->nshells; i++) {
    free(s->shells[i].url);
    free(s->shells[i].name);
    free(s->shells[i].path);
  }
  free(s->shells);
  for (size_t i = 0; i < s->nsources; i++) free((char *)s->sources[i].format);
  free(s->sources);
  free(s->source_seen);
  free(s);
}

ss_err ss_logs_link_shell(ss_logs_t *s, const char *path) {
  if (!s || !path || !*path) return SS_ERR_ARG;
  s->shells = xrealloc(s->shells, (s->nshells + 1) * sizeof *s->shells);
  linked_shell *sh = &s->shells[s->nshells++];
  sh->path = xstrdup(path);
  sh->url = shell_url_from_path(path);
  const char *base = path;
  for (const char *c = path; *c; c++)
    if (*c == '/' || *c == '\\') base = c + 1;
  sh->name = xstrdup(base);
  for (char *c = sh->name; *c; c++)
    if (*c >= 'A' && *c <= 'Z') *c = (char)(*c | 0x20);
  return SS_OK;
}

/* Reads one file; named = given by the user or at a known log location,
 * where an unreadable format is an error rather than a skipped file. */
static void add_file(ss_logs_t *s, const char *path, int named) {
  const char *why = NULL;
  s->file = path;
  s->file_warnings = 0;
  s->file_seq++;
  lreader *lr = lr_open(path, (size_t)s->opt.max_line, &why);
  if (!lr) {
    warn(s, SS_WARN_UNREADABLE, path, "cannot read: %s", why);
    goto out;
  }
  size_t hn;
  char *head = lr_peek(lr, 65536, &hn);
  if (hn >= 8 && !memcmp(head, "ElfFile", 8)) {
    free(head);
    lr_close(lr);
    s->st.files++;
    struct stat st;
    if (stat(path, &st) == 0) s->st.bytes += (uint64_t)st.st_size;
    read_evtx((logs_ctx *)(void *)s, path);
    goto out;
  }
  log_format f = detect_format(head, hn);
  free(head);
  if (f == LF_UNKNOWN) {
    if (named) warn(s, SS_WARN_LOG_FORMAT, path, "not an IIS, Exchange or event log: not read");
    else warn(s, SS_WARN_LOG_SKIPPED, path, "not an IIS, Exchange or event log: skipped");
    lr_close(lr);
    goto out;
  }
  s->st.files++;
  read_text_log((logs_ctx *)(void *)s, lr, f);
  s->st.bytes += lr_bytes(lr);
  if (lr_error(lr)) warn(s, SS_WARN_LOG_FORMAT, path, "%s: the rest of the file was not read", lr_error(lr));
  lr_close(lr);
out:
  s->file = NULL;
}

static void found(void *user, const char *path, int known) { add_file(user, path, known); }

ss_err ss_logs_add(ss_logs_t *s, const char *path) {
  if (!s || !path) return SS_ERR_ARG;
  struct stat st;
  if (stat(path, &st) != 0) {
    warn(s, SS_WARN_UNREADABLE, path, "cannot read: no such file or directory");
    return SS_ERR_IO;
  }
  if (S_ISDIR(st.st_mode)) find_logs(path, found, s, s->cb, s->user);
  else add_file(s, path, 1);
  return SS_OK;
}

static void stacked(void *user, const char *url, const char *ip, uint64_t count, unsigned nclients,
                    const char *file, uint64_t line, int64_t time, const char *ua, const char *evidence) {
  ss_logs_t *s = user;
  char *ev = xasprintf("%llu successful POST%s from %u client address%s; first: %s", (unsigned long long)count,
                       count == 1 ? "" : "s", nclients, nclients == 1 ? "" : "es", evidence);
  log_rec r = {0};
  r.fmt = LF_IIS;
  r.time = time;
  r.line = line;
  r.method = (span){"POST", 4};
  r.stem = (span){url, strlen(url)};
  r.query = SPAN_NONE;
  r.client_ip = (span){ip, strlen(ip)};
  r.user_agent = (span){ua, strlen(ua)};
  r.raw = (span){ev, strlen(ev)};
  r.status = 200;
  const log_rule *rule = log_rule_by_id("webshell-stacking");
  const char *saved = s->file;
  s->file = file;
  logs_report((logs_ctx *)(void *)s, &r, rule, rule->severity, "success");
  s->file = saved;
  free(ev);
}

ss_err ss_logs_finish(ss_logs_t *s, ss_logs_stats *stats) {
  if (!s) return SS_ERR_ARG;
  if (!s->finished) {
    s->finished = 1;
    stack_rank(s->stack, STACK_MAX_CLIENTS, STACK_MAX_OUT, stacked, s);
    s->st.incidents = timeline_emit(s->tl, INCIDENT_GAP, s->cb, s->user);
  }
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  s->st.seconds = (double)(now.tv_sec - s->start.tv_sec) + (double)(now.tv_nsec - s->start.tv_nsec) / 1e9;
  s->st.sources = s->sources;
  s->st.nsources = s->nsources;
  if (stats) *stats = s->st;
  return SS_OK;
}

/* Reading no log at all is not a clean result: a sweep must not count a
 * host whose logs were missing as clean. */
int ss_logs_exit_status(const ss_logs_stats *st) {
  if (!st) return 2;
  if (st->findings) return 1;
  return st->incomplete || !st->files ? 2 : 0;
}
