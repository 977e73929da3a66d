/*
 * session.c - the public ss_logs_* API.  A session reads files (format
 * from content), several at once when it has several (one reader thread
 * per CPU by default), passes each record through the time window and the
 * rules, and turns hits into SS_EVENT_LOG_FINDING events.  Each file is
 * read with its own context (logs_ctx: scratch buffers, line warnings,
 * per-format counts); what files share - the callback, the totals, the
 * stacking table and the timeline - is behind one lock.  Only bounded
 * summaries are kept for the end, where ss_logs_finish ranks the rare
 * script URLs, groups findings into incidents and returns the totals.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/events.h"
#include "logs/logs.h"

#define DEFAULT_MAX_LINE (1u << 20)
#define LINE_WARNINGS_PER_FILE 10
#define EVIDENCE_MAX 4096
/* Bounds that keep memory under 64 MB whatever the input: at most this
 * many stacked URLs (about 1.5 KB each) and grouped findings (32 bytes
 * each plus the interned address); beyond them a warning, and findings
 * are still reported. */
#define STACK_MAX_URLS 5000
#define STACK_MAX_CLIENTS 2
#define STACK_MAX_OUT 25
#define TIMELINE_MAX 100000
#define INCIDENT_GAP (24 * 3600)
#define LOCAL_SOURCES 8
#define MAX_THREADS 64

typedef struct {
  char *url;  /* served URL, lower-case, or NULL */
  char *name; /* base name, lower-case */
  char *path; /* as given */
} linked_shell;

struct ss_logs {
  ss_logs_options opt;
  ss_event_cb cb;
  void *user;
  pthread_mutex_t lock; /* everything below, and calls to cb */
  stack_table *stack;
  int stack_full_warned, timeline_full_warned;
  timeline *tl;
  linked_shell *shells; /* fixed once files are read */
  size_t nshells;
  ss_log_source *sources;
  size_t nsources;
  ss_logs_stats st;
  struct timespec start;
  int finished;
};

/* Per-format counts of one file, merged into the session at its end. */
typedef struct {
  char name[96];
  uint64_t lines;
  int64_t first, last;
} local_source;

/* The reading of one file. */
struct logs_ctx {
  ss_logs_t *s;
  const char *file;
  unsigned file_warnings;
  strbuf scratch, stack_url, fields[6];
  local_source local[LOCAL_SOURCES];
  size_t nlocal;
};

const char *log_format_name(log_format f) {
  static const char *const names[LF_COUNT] = {"unknown", "iis", "httpproxy", "ecp", "oabgenerator", "exchange-csv", "evtx"};
  return (unsigned)f < LF_COUNT ? names[f] : "unknown";
}

const char *logs_current_file(const logs_ctx *L) { return L->file; }

static void ctx_init(logs_ctx *L, ss_logs_t *s) {
  memset(L, 0, sizeof *L);
  L->s = s;
}

static void ctx_free(logs_ctx *L) {
  sb_free(&L->scratch);
  sb_free(&L->stack_url);
  for (size_t i = 0; i < sizeof L->fields / sizeof L->fields[0]; i++) sb_free(&L->fields[i]);
}

/* ---- shared state, under s->lock ---- */

static void merge_time(int64_t *first, int64_t *last, int64_t f, int64_t l) {
  if (f != SS_TIME_UNKNOWN && (*first == SS_TIME_UNKNOWN || f < *first)) *first = f;
  if (l != SS_TIME_UNKNOWN && (*last == SS_TIME_UNKNOWN || l > *last)) *last = l;
}

/* Adds one file's per-format counts to the session's sources. */
static void merge_sources(ss_logs_t *s, const logs_ctx *L) {
  for (size_t k = 0; k < L->nlocal; k++) {
    const local_source *ls = &L->local[k];
    ss_log_source *src = NULL;
    for (size_t i = 0; i < s->nsources && !src; i++)
      if (!strcmp(s->sources[i].format, ls->name)) src = &s->sources[i];
    if (!src) {
      s->sources = xrealloc(s->sources, (s->nsources + 1) * sizeof *s->sources);
      src = &s->sources[s->nsources++];
      src->format = xstrdup(ls->name);
      src->files = src->lines = 0;
      src->first = src->last = SS_TIME_UNKNOWN;
    }
    src->files++;
    src->lines += ls->lines;
    merge_time(&src->first, &src->last, ls->first, ls->last);
  }
}

static void vwarn_locked(ss_logs_t *s, ss_warning_kind kind, const char *path, const char *fmt, va_list ap) {
  strbuf msg = STRBUF_INIT;
  sb_vaddf(&msg, fmt, ap);
  s->st.warnings++;
  if (core_warning_kind_incomplete(kind)) s->st.incomplete++;
  core_emit_warning(s->cb, s->user, kind, path, "%s", msg.data ? msg.data : "");
  sb_free(&msg);
}

static void warn_locked(ss_logs_t *s, ss_warning_kind kind, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn_locked(ss_logs_t *s, ss_warning_kind kind, const char *path, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vwarn_locked(s, kind, path, fmt, ap);
  va_end(ap);
}

static void warn(ss_logs_t *s, ss_warning_kind kind, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn(ss_logs_t *s, ss_warning_kind kind, const char *path, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  pthread_mutex_lock(&s->lock);
  vwarn_locked(s, kind, path, fmt, ap);
  pthread_mutex_unlock(&s->lock);
  va_end(ap);
}

/* Warnings from find_logs (unreadable directories, symlinks) are counted
 * like the session's own. */
static void counting_cb(const ss_event *ev, void *user) {
  ss_logs_t *s = user;
  pthread_mutex_lock(&s->lock);
  if (ev->type == SS_EVENT_WARNING) {
    s->st.warnings++;
    if (ev->warning->incomplete) s->st.incomplete++;
  }
  if (s->cb) s->cb(ev, s->user);
  pthread_mutex_unlock(&s->lock);
}

/* ---- per-file reporting (logs.h) ---- */

void logs_file_warning(logs_ctx *L, int incomplete, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  pthread_mutex_lock(&L->s->lock);
  vwarn_locked(L->s, incomplete ? SS_WARN_LOG_FORMAT : SS_WARN_LOG_LINE, L->file, fmt, ap);
  pthread_mutex_unlock(&L->s->lock);
  va_end(ap);
}

void logs_line_warning(logs_ctx *L, uint64_t line, const char *fmt, ...) {
  if (++L->file_warnings > LINE_WARNINGS_PER_FILE) {
    if (L->file_warnings == LINE_WARNINGS_PER_FILE + 1)
      warn(L->s, SS_WARN_LOG_LINE, L->file, "more malformed lines: further warnings for this file suppressed");
    return;
  }
  strbuf msg = STRBUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(&msg, fmt, ap);
  va_end(ap);
  warn(L->s, SS_WARN_LOG_LINE, L->file, "line %llu: %s", (unsigned long long)line, msg.data ? msg.data : "");
  sb_free(&msg);
}

static const char *cstr(strbuf *b, span sp, size_t max) {
  sb_reset(b);
  sb_add(b, sp.p, sp.n < max ? sp.n : max);
  if (!b->data) sb_adds(b, "");
  return b->data;
}

const char *logs_linked_shell(logs_ctx *L, const char *stem, size_t n) {
  const ss_logs_t *s = L->s;
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
  ss_logs_t *s = L->s;
  strbuf *f = L->fields;
  ss_log_finding lf = {
      .rule = rule->id,
      .title = rule->title,
      .cve = rule->cve,
      .reference = rule->reference,
      .severity = sev,
      .outcome = outcome,
      .time = r->time,
      .file = L->file ? L->file : "",
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
  const char *shell = NULL;
  if (!strcmp(rule->id, "webshell-linked")) {
    uri_normalise(&f[5], r->stem, SPAN_NONE, 2048);
    shell = logs_linked_shell(L, f[5].data, f[5].len);
  }
  ss_event ev = {.type = SS_EVENT_LOG_FINDING, .log_finding = &lf};
  pthread_mutex_lock(&s->lock);
  s->st.findings++;
  s->st.by_severity[sev]++;
  if (timeline_add(s->tl, lf.client_ip, r->time, rule, sev, shell) != 0 && !s->timeline_full_warned) {
    s->timeline_full_warned = 1;
    warn_locked(s, SS_WARN_LOG_FORMAT, NULL, "more than %d findings: later ones are reported but not grouped into incidents",
                TIMELINE_MAX);
  }
  if (s->cb) s->cb(&ev, s->user);
  pthread_mutex_unlock(&s->lock);
}

static void count_local(logs_ctx *L, const log_rec *r) {
  char name[96];
  if (r->fmt == LF_EVTX && r->channel.n)
    snprintf(name, sizeof name, "evtx:%.*s", (int)(r->channel.n < 80 ? r->channel.n : 80), r->channel.p);
  else
    snprintf(name, sizeof name, "%s", log_format_name(r->fmt));
  local_source *ls = NULL;
  for (size_t i = 0; i < L->nlocal && !ls; i++)
    if (!strcmp(L->local[i].name, name)) ls = &L->local[i];
  if (!ls) {
    /* an .evtx with many channels: the rest count under the last slot */
    ls = &L->local[L->nlocal < LOCAL_SOURCES ? L->nlocal++ : LOCAL_SOURCES - 1];
    if (!ls->lines) {
      memcpy(ls->name, name, sizeof ls->name);
      ls->first = ls->last = SS_TIME_UNKNOWN;
    }
  }
  ls->lines++;
  merge_time(&ls->first, &ls->last, r->time, r->time);
}

void logs_record(logs_ctx *L, const log_rec *r) {
  ss_logs_t *s = L->s;
  count_local(L, r);
  if (r->time != SS_TIME_UNKNOWN) {
    if (s->opt.since != SS_TIME_UNKNOWN && r->time < s->opt.since) return;
    if (s->opt.until != SS_TIME_UNKNOWN && r->time > s->opt.until) return;
  }
  rules_eval(L, r, &L->scratch);
  if (!stack_candidate(r, &L->stack_url)) return;
  pthread_mutex_lock(&s->lock);
  if (stack_add(s->stack, L->stack_url.data, r, L->file) != 0 && !s->stack_full_warned) {
    s->stack_full_warned = 1;
    warn_locked(s, SS_WARN_LOG_FORMAT, L->file, "more than %d distinct script URLs: stacking covers only the first ones",
                STACK_MAX_URLS);
  }
  pthread_mutex_unlock(&s->lock);
}

/* ---- the session ---- */

ss_err ss_logs_new(const ss_logs_options *opt, ss_event_cb cb, void *user, ss_logs_t **out) {
  if (!out) return SS_ERR_ARG;
  *out = NULL;
  ss_logs_options o = {.since = SS_TIME_UNKNOWN, .until = SS_TIME_UNKNOWN};
  if (opt) o = *opt;
  if (!o.max_line) o.max_line = DEFAULT_MAX_LINE;
  if (o.max_line > ((uint64_t)1 << 30) || o.threads > MAX_THREADS) return SS_ERR_ARG;
  ss_logs_t *s = xcalloc(1, sizeof *s);
  s->opt = o;
  s->cb = cb;
  s->user = user;
  pthread_mutex_init(&s->lock, NULL);
  s->stack = stack_new(STACK_MAX_URLS);
  s->tl = timeline_new(TIMELINE_MAX);
  clock_gettime(CLOCK_MONOTONIC, &s->start);
  *out = s;
  return SS_OK;
}

void ss_logs_free(ss_logs_t *s) {
  if (!s) return;
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
  pthread_mutex_destroy(&s->lock);
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

/* Reads one file; named = given by the user, or bearing a log's name at a
 * log's place: then a file that is not a log is a coverage hole (an error)
 * rather than a skipped file. */
static void add_file(logs_ctx *L, const char *path, int named) {
  ss_logs_t *s = L->s;
  const char *why = NULL;
  uint64_t bytes = 0;
  int counted = 0;
  L->file = path;
  L->file_warnings = 0;
  L->nlocal = 0;
  memset(L->local, 0, sizeof L->local);
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
    struct stat st;
    if (stat(path, &st) == 0) bytes = (uint64_t)st.st_size;
    counted = 1;
    read_evtx(L, path);
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
  counted = 1;
  read_text_log(L, lr, f);
  bytes = lr_bytes(lr);
  if (lr_error(lr)) warn(s, SS_WARN_LOG_FORMAT, path, "%s: the rest of the file was not read", lr_error(lr));
  lr_close(lr);
out:
  pthread_mutex_lock(&s->lock);
  if (counted) s->st.files++;
  s->st.bytes += bytes;
  for (size_t i = 0; i < L->nlocal; i++) s->st.lines += L->local[i].lines;
  merge_sources(s, L);
  pthread_mutex_unlock(&s->lock);
  L->file = NULL;
}

/* ---- several files at once ---- */

typedef struct {
  char **paths;
  unsigned char *named; /* add_file's named, per path */
  size_t n, cap, next;
  pthread_mutex_t lock;
  ss_logs_t *s;
} file_queue;

static void enqueue(void *user, const char *path, int named) {
  file_queue *q = user;
  if (q->n == q->cap) {
    q->cap = q->cap ? q->cap * 2 : 64;
    q->paths = xrealloc(q->paths, q->cap * sizeof *q->paths);
    q->named = xrealloc(q->named, q->cap);
  }
  q->named[q->n] = (unsigned char)named;
  q->paths[q->n++] = xstrdup(path);
}

static void *worker(void *arg) {
  file_queue *q = arg;
  logs_ctx L;
  ctx_init(&L, q->s);
  for (;;) {
    pthread_mutex_lock(&q->lock);
    size_t i = q->next < q->n ? q->next++ : q->n;
    pthread_mutex_unlock(&q->lock);
    if (i == q->n) break;
    add_file(&L, q->paths[i], q->named[i]);
  }
  ctx_free(&L);
  return NULL;
}

static unsigned thread_count(const ss_logs_t *s, size_t files) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  unsigned n = s->opt.threads ? s->opt.threads : (cpus > 0 ? (unsigned)cpus : 1);
  if (n > MAX_THREADS) n = MAX_THREADS;
  return files < n ? (unsigned)files : n;
}

static void read_queue(ss_logs_t *s, file_queue *q) {
  pthread_t tids[MAX_THREADS];
  unsigned n = thread_count(s, q->n), started = 0;
  for (unsigned i = 1; i < n; i++) /* the calling thread is one of them */
    if (pthread_create(&tids[started], NULL, worker, q) == 0) started++;
  worker(q);
  for (unsigned i = 0; i < started; i++) pthread_join(tids[i], NULL);
}

ss_err ss_logs_add(ss_logs_t *s, const char *path) {
  if (!s || !path) return SS_ERR_ARG;
  struct stat st;
  if (stat(path, &st) != 0) {
    warn(s, SS_WARN_UNREADABLE, path, "cannot read: no such file or directory");
    return SS_ERR_IO;
  }
  if (!S_ISDIR(st.st_mode)) {
    logs_ctx L;
    ctx_init(&L, s);
    add_file(&L, path, 1);
    ctx_free(&L);
    return SS_OK;
  }
  file_queue q = {.s = s};
  pthread_mutex_init(&q.lock, NULL);
  find_logs(path, !s->opt.known_places_only, enqueue, &q, counting_cb, s);
  read_queue(s, &q);
  for (size_t i = 0; i < q.n; i++) free(q.paths[i]);
  free(q.paths);
  free(q.named);
  pthread_mutex_destroy(&q.lock);
  return SS_OK;
}

/* ---- the end: stacking and incidents ---- */

static void stacked(void *user, const char *url, const char *ip, uint64_t count, unsigned nclients,
                    const char *file, uint64_t line, int64_t time, const char *ua, const char *evidence) {
  logs_ctx *L = user;
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
  L->file = file;
  logs_report(L, &r, rule, rule->severity, "success");
  free(ev);
}

static void locked_cb(const ss_event *ev, void *user) {
  ss_logs_t *s = user;
  if (s->cb) s->cb(ev, s->user);
}

ss_err ss_logs_finish(ss_logs_t *s, ss_logs_stats *stats) {
  if (!s) return SS_ERR_ARG;
  if (!s->finished) {
    s->finished = 1;
    logs_ctx L;
    ctx_init(&L, s);
    stack_rank(s->stack, STACK_MAX_CLIENTS, STACK_MAX_OUT, stacked, &L);
    ctx_free(&L);
    pthread_mutex_lock(&s->lock);
    s->st.incidents = timeline_emit(s->tl, INCIDENT_GAP, locked_cb, s);
    pthread_mutex_unlock(&s->lock);
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
