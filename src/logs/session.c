/*
 * session.c - the public ss_logs_* API.  A session reads files or memory
 * buffers (format from content, through the reader table), several files
 * at once when it has several (one reader thread per CPU by default).  It
 * is the readers' sink: each record passes the time window, goes through
 * the rules (whose hits come back through a callback and become
 * SS_EVENT_LOG_FINDING events), and is counted - per format for the
 * sources read, and per file for coverage: a line no layout could split,
 * or one too long to read, makes its file partly read and the run
 * incomplete.  With Sigma rules (ss_logs_add_sigma) every record a reader
 * splits also goes through them (sigmarec.c), and the built-in rule and
 * every Sigma rule that matched one record make one finding with each of
 * them as a reason.  Each file is read with its own context (logs_ctx: scratch
 * buffers, line warnings, counts); what files share - the callback, the
 * totals, the stacking and Tomcat tables, the timeline - is behind one
 * lock.  Only bounded summaries are kept for the end, where
 * ss_logs_finish ranks the rare script URLs, joins Tomcat deployments with
 * the JSPs that followed, groups findings into incidents and returns the
 * totals.
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
#include "core/stop.h"
#include "logs/logs.h"

#define DEFAULT_MAX_LINE (1u << 20)
#define LINE_WARNINGS_PER_FILE 10
#define EVIDENCE_MAX 4096
#define CONFIG_MAX (4u << 20)
/* Bounds that keep memory under 64 MB whatever the input: at most this
 * many stacked URLs (about 1.5 KB each), Tomcat contexts and grouped
 * findings (32 bytes each plus the interned address); beyond them a
 * warning, and findings are still reported. */
#define STACK_MAX_URLS 5000
#define STACK_MAX_CLIENTS 2
#define STACK_MAX_OUT 25
#define TOMCAT_MAX_CONTEXTS 5000
#define TIMELINE_MAX 100000
#define SCRIPT_PROCS_MAX 100000 /* processes web shells started, 24 bytes each */
#define SCRIPT_BLOCKS_MAX 10000 /* PowerShell blocks kept for the join, about 2 KB each */
#define INCIDENT_GAP (24 * 3600)
#define LOCAL_SOURCES 8
#define MAX_THREADS 64
#define UNDECIDED_WARNINGS_PER_FILE 10

typedef struct {
  char *url;  /* served URL, lower-case, or NULL */
  char *name; /* base name, lower-case */
  char *path; /* as given */
} shell_link;

struct ss_logs {
  ss_logs_options opt;
  ss_event_cb cb;
  void *user;
  pthread_mutex_t lock; /* everything below, and calls to cb */
  logs_stack *stack;
  logs_tomcat *tomcat;
  int stack_full_warned, tomcat_full_warned, timeline_full_warned;
  logs_timeline *tl;
  logs_scripts *scripts; /* PowerShell blocks and the processes web shells started */
  int scripts_full_warned, procs_full_warned;
  logs_passwd *passwd;   /* the evidence's account names (auditd) */
  shell_link *shells; /* fixed once files are read */
  size_t nshells;
  logs_layouts *layouts; /* formats from the evidence's configurations */
  logs_prefilter *pf;    /* built at the first file, after the links */
  int pf_built;
  logs_sigma *sigma;     /* Sigma rules, or NULL; compiled at the first file */
  int sigma_ready;
  ss_log_source *sources;
  size_t nsources;
  ss_log_partial *partial;
  size_t npartial;
  ss_logs_stats st;
  struct timespec start;
  int finished;
  int stopped_warned;    /* ss_stop() was said */
};

/* Per-format counts of one file, merged into the session at its end. */
typedef struct {
  char name[96];
  uint64_t lines;
  int64_t first, last;
} local_source;

/* The built-in rule's hit on the record being read, if any. */
typedef struct {
  int set;
  logs_rule_id id;
  ss_severity sev;
  const char *outcome;
} builtin_hit;

/* The reading of one file. */
typedef struct {
  ss_logs_t *s;
  const char *file;
  unsigned file_warnings, undecided;
  logs_rule_scratch rs;
  logs_sigma_scratch *ss;
  builtin_hit bh;              /* the record's hits, gathered before its finding */
  const sigma_rule **sh;
  size_t nsh, capsh;
  ss_log_reason *reasons;      /* the finding's reasons */
  size_t capreasons;
  uint64_t cur_line;
  logs_prefilter_scratch *pfs;
  strbuf stack_url, tomcat_uri, fields[14];
  local_source local[LOCAL_SOURCES];
  size_t nlocal;
  local_source *last_local; /* the slot of the last record, and its format name */
  const char *last_format;
  uint64_t lines, unsplit, unread, lost;
  int tail_cut; /* the last record was a line cut short */
  const char *format; /* the first split record's, else the first record's */
  int split_seen;
} logs_ctx;

static void ctx_init(logs_ctx *L, ss_logs_t *s) {
  memset(L, 0, sizeof *L);
  L->s = s;
}

static void ctx_free(logs_ctx *L) {
  logs_rule_scratch_free(&L->rs);
  logs_prefilter_scratch_free(L->pfs);
  logs_sigma_scratch_free(L->ss);
  free(L->sh);
  free(L->reasons);
  sb_free(&L->stack_url);
  sb_free(&L->tomcat_uri);
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

/* After ss_stop(): said once, naming the first log left (partly) unread. */
static void note_stopped(ss_logs_t *s, const char *path) {
  pthread_mutex_lock(&s->lock);
  int first = !s->stopped_warned;
  s->stopped_warned = 1;
  pthread_mutex_unlock(&s->lock);
  if (first)
    warn(s, SS_WARN_INTERRUPTED, path, "stopped on request: this log was not read to its end, nor the logs after it");
}

/* Warnings from logs_find (unreadable directories, symlinks) are counted
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

/* ---- the sink the readers write to ---- */

static void sink_file_warning(void *user, int incomplete, const char *msg) {
  logs_ctx *L = user;
  warn(L->s, incomplete ? SS_WARN_LOG_FORMAT : SS_WARN_LOG_LINE, L->file, "%s", msg);
}

static void sink_line_warning(void *user, uint64_t line, const char *msg) {
  logs_ctx *L = user;
  if (++L->file_warnings > LINE_WARNINGS_PER_FILE) {
    if (L->file_warnings == LINE_WARNINGS_PER_FILE + 1)
      warn(L->s, SS_WARN_LOG_LINE, L->file, "more malformed lines: further warnings for this file suppressed");
    return;
  }
  warn(L->s, SS_WARN_LOG_LINE, L->file, "line %llu: %s", (unsigned long long)line, msg);
}

static void sink_lost(void *user, uint64_t records) {
  ((logs_ctx *)user)->lost += records;
}

static void sink_unread(void *user, uint64_t line) {
  logs_ctx *L = user;
  L->unread++;
  sink_line_warning(user, line, "line longer than the maximum line length: not read");
}

static const char *cstr(strbuf *b, span sp, size_t max) {
  sb_reset(b);
  sb_add(b, sp.p, sp.n < max ? sp.n : max);
  if (!b->data) sb_adds(b, "");
  return b->data;
}

static const char *find_linked(void *user, const char *stem, size_t n) {
  const ss_logs_t *s = ((logs_ctx *)user)->s;
  for (size_t i = 0; i < s->nshells; i++) {
    const shell_link *sh = &s->shells[i];
    if (sh->url) {
      if (strlen(sh->url) == n && !memcmp(sh->url, stem, n)) return sh->path;
      continue;
    }
    size_t m = strlen(sh->name);
    if (m && n > m && stem[n - m - 1] == '/' && !memcmp(stem + n - m, sh->name, m)) return sh->path;
  }
  return NULL;
}

/* The linked shell a detection's Windows or Unix path names: the scanned
 * file whose path ends with the detected path (its drive letter aside),
 * as a copy of C:\inetpub\x.aspx sits at <root>/C/inetpub/x.aspx. */
static const char *find_linked_path(const ss_logs_t *s, span path, strbuf *tmp) {
  sb_reset(tmp);
  size_t i = path.n > 2 && path.p[1] == ':' ? 2 : 0;
  for (; i < path.n; i++) sb_addc(tmp, path.p[i] == '\\' ? '/' : (char)(path.p[i] | (path.p[i] >= 'A' && path.p[i] <= 'Z' ? 0x20 : 0)));
  if (tmp->len < 2) return NULL;
  for (size_t k = 0; k < s->nshells; k++) {
    const char *p = s->shells[k].path;
    size_t n = strlen(p);
    if (n < tmp->len) continue;
    int same = 1;
    for (size_t j = 0; j < tmp->len && same; j++) {
      char c = p[n - tmp->len + j];
      c = c == '\\' ? '/' : (char)(c | (c >= 'A' && c <= 'Z' ? 0x20 : 0));
      same = c == tmp->data[j];
    }
    if (same && (n == tmp->len || tmp->data[0] == '/')) return p;
  }
  return NULL;
}

/* Whether a finding's reasons hold a process trace of a web shell: its
 * process is then one whose PowerShell script blocks are the shell's. */
static int is_process_finding(const ss_log_reason *reasons, size_t n) {
  static const logs_rule_id ids[] = {LOGS_RULE_WEBSHELL_PROCESS, LOGS_RULE_WEBSHELL_CREDENTIAL_DUMP,
                                     LOGS_RULE_WEBSERVER_CHILD};
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; reasons[i].source[0] == 'b' && k < sizeof ids / sizeof ids[0]; k++)
      if (!strcmp(reasons[i].rule, logs_rules[ids[k]].name)) return 1;
  return 0;
}

/* Script blocks through a web shell are high; dumping credentials, critical. */
static ss_severity script_severity(logs_ctx *L, span text) {
  return logs_credential_text(text, &L->fields[5]) ? SS_SEV_CRITICAL : SS_SEV_HIGH;
}

/* The reason a built-in rule gives. */
static ss_log_reason builtin_reason(logs_rule_id id, ss_severity sev) {
  const logs_rule *rule = &logs_rules[id];
  return (ss_log_reason){.source = "builtin", .rule = rule->name, .title = rule->title, .severity = sev,
                         .level = "", .cve = rule->cve, .reference = rule->reference, .author = "",
                         .rule_file = "", .status = ""};
}

/* One finding for a record, with its reasons (most severe first): the
 * event, counted and kept for the timeline.  phrase names it in incident
 * summaries; linked: a request to a web shell found on disk. */
static void report(logs_ctx *L, const logs_rec *r, const ss_log_reason *reasons, size_t nreasons, const char *outcome,
                   const char *phrase, int linked) {
  ss_logs_t *s = L->s;
  const ss_log_reason *top = &reasons[0];
  strbuf *f = L->fields;
  ss_log_finding lf = {
      .rule = top->rule,
      .title = top->title,
      .cve = top->cve,
      .reference = top->reference,
      .severity = top->severity,
      .outcome = outcome,
      .time = r->time,
      .file = L->file ? L->file : "",
      .line = r->line,
      .format = r->split ? r->format : "text",
      .client_ip = cstr(&f[0], r->client_ip, 256),
      .user_agent = cstr(&f[1], r->user_agent, 2048),
      .method = cstr(&f[2], r->method, 64),
      .status = r->status,
      .evidence = cstr(&f[4], r->raw, EVIDENCE_MAX),
      .reasons = reasons,
      .nreasons = nreasons,
      .recovered = r->recovered,
      .command = cstr(&f[6], r->proc.command, EVIDENCE_MAX),
      .process = cstr(&f[7], r->proc.image, 1024),
      .parent = cstr(&f[8], r->proc.parent_image, 1024),
      .user = cstr(&f[9], r->proc.user, 256),
      .threat = cstr(&f[10], r->threat.name, 256),
      .threat_severity = cstr(&f[11], r->threat.severity, 64),
      .action = cstr(&f[12], r->threat.action, 512),
      .target = cstr(&f[13], r->threat.path, 1024),
  };
  sb_reset(&f[3]);
  sb_add(&f[3], r->stem.p, r->stem.n < EVIDENCE_MAX ? r->stem.n : EVIDENCE_MAX);
  if (r->query.n) sb_addc(&f[3], '?'), sb_add(&f[3], r->query.p, r->query.n < EVIDENCE_MAX ? r->query.n : EVIDENCE_MAX);
  if (!f[3].data) sb_adds(&f[3], "");
  lf.uri = f[3].data;
  const char *shell = NULL;
  if (linked) {
    logs_uri_normalise(&f[5], r->stem, SPAN_NONE, 2048);
    shell = find_linked(L, f[5].data, f[5].len);
  } else if (r->threat.path.n) {
    shell = find_linked_path(s, r->threat.path, &f[5]);
  }
  uint64_t sigma = 0;
  for (size_t i = 0; i < nreasons; i++) sigma += reasons[i].source[0] == 's';
  ss_event ev = {.type = SS_EVENT_LOG_FINDING, .log_finding = &lf};
  pthread_mutex_lock(&s->lock);
  s->st.findings++;
  lf.id = s->st.findings;
  s->st.by_severity[lf.severity]++;
  s->st.sigma_matches += sigma;
  if (logs_timeline_add(s->tl, lf.id, lf.client_ip, r->time, top->rule, phrase, lf.severity, shell, lf.command) != 0 &&
      !s->timeline_full_warned) {
    s->timeline_full_warned = 1;
    warn_locked(s, SS_WARN_LOG_FORMAT, NULL, "more than %d findings: later ones are reported but not grouped into incidents",
                TIMELINE_MAX);
  }
  if (is_process_finding(reasons, nreasons) && logs_scripts_add_process(s->scripts, r->proc.host, r->proc.pid, r->time) != 0 &&
      !s->procs_full_warned) {
    s->procs_full_warned = 1;
    warn_locked(s, SS_WARN_LOG_FORMAT, NULL, "more than %d processes started by web shells: PowerShell script blocks "
                "are joined with the first ones only", SCRIPT_PROCS_MAX);
  }
  if (s->cb) s->cb(&ev, s->user);
  pthread_mutex_unlock(&s->lock);
}

/* A finding of one built-in rule. */
static void report_builtin(logs_ctx *L, const logs_rec *r, logs_rule_id id, ss_severity sev, const char *outcome) {
  ss_log_reason reason = builtin_reason(id, sev);
  report(L, r, &reason, 1, outcome, logs_rules[id].phrase, id == LOGS_RULE_WEBSHELL_LINKED);
}

/* The built-in rules give at most one hit per record: kept until the
 * Sigma rules have run on it too. */
static void rule_hit(void *user, const logs_rec *r, logs_rule_id id, ss_severity sev, const char *outcome) {
  logs_ctx *L = user;
  (void)r;
  L->bh = (builtin_hit){1, id, sev, outcome};
}

static void sigma_hit_cb(void *user, const sigma_hit *hit, const sigma_record *rec) {
  logs_ctx *L = user;
  (void)rec;
  if (hit->undecided) {
    /* a bound stopped the rule: neither matched nor ruled out, and said so */
    if (++L->undecided <= UNDECIDED_WARNINGS_PER_FILE)
      warn(L->s, SS_WARN_RULE_TIMEOUT, L->file, "line %llu: Sigma rule %s (%s) undecided: %s",
           (unsigned long long)L->cur_line, *hit->rule->id ? hit->rule->id : hit->rule->file, hit->rule->title,
           hit->why ? hit->why : "a bound stopped its evaluation");
    else if (L->undecided == UNDECIDED_WARNINGS_PER_FILE + 1)
      warn(L->s, SS_WARN_RULE_TIMEOUT, L->file, "more Sigma rules undecided: further warnings for this file suppressed");
    return;
  }
  if (L->nsh == L->capsh) {
    L->capsh = L->capsh ? L->capsh * 2 : 16;
    L->sh = xrealloc(L->sh, L->capsh * sizeof *L->sh);
  }
  L->sh[L->nsh++] = hit->rule;
}

/* The record's one finding: the built-in rule's hit and every Sigma
 * match, most severe first (the built-in rule first on a tie: its
 * outcome and CVE are what the finding's own fields say). */
static void report_record(logs_ctx *L, const logs_rec *r) {
  size_t n = (size_t)L->bh.set + L->nsh;
  if (!n) return;
  if (n > L->capreasons) {
    L->capreasons = n * 2;
    L->reasons = xrealloc(L->reasons, L->capreasons * sizeof *L->reasons);
  }
  size_t k = 0;
  if (L->bh.set) L->reasons[k++] = builtin_reason(L->bh.id, L->bh.sev);
  for (size_t i = 0; i < L->nsh; i++) L->reasons[k++] = *logs_sigma_reason(L->s->sigma, L->sh[i]);
  for (size_t i = 1; i < n; i++) { /* stable: ties keep their order */
    ss_log_reason x = L->reasons[i];
    size_t j = i;
    for (; j > 0 && L->reasons[j - 1].severity < x.severity; j--) L->reasons[j] = L->reasons[j - 1];
    L->reasons[j] = x;
  }
  const char *outcome = L->bh.set ? L->bh.outcome : logs_http_outcome(r->status);
  const char *phrase = L->bh.set && L->reasons[0].source[0] == 'b' ? logs_rules[L->bh.id].phrase : L->reasons[0].title;
  report(L, r, L->reasons, n, outcome, phrase, L->bh.set && L->bh.id == LOGS_RULE_WEBSHELL_LINKED);
}

static void count_local(logs_ctx *L, const logs_rec *r) {
  if (L->last_local && r->format == L->last_format && r->fmt != LOGS_FMT_EVTX) { /* the same as the last line */
    L->last_local->lines++;
    merge_time(&L->last_local->first, &L->last_local->last, r->time, r->time);
    return;
  }
  char name[96];
  if (r->fmt == LOGS_FMT_EVTX && r->channel.n)
    snprintf(name, sizeof name, "evtx:%.*s", (int)(r->channel.n < 80 ? r->channel.n : 80), r->channel.p);
  else
    snprintf(name, sizeof name, "%s", r->format ? r->format : logs_format_name(r->fmt));
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
  L->last_local = ls;
  L->last_format = r->format;
}

/* Served requests a Tomcat manager deployment or a JSP: noted for the
 * join at the end. */
static void note_tomcat(logs_ctx *L, const logs_rec *r) {
  span st = r->stem;
  if (!st.n || r->status < 200 || r->status > 299) return;
  int jsp = st.n > 4 && !strncasecmp(st.p + st.n - 4, ".jsp", 4);
  if (!jsp && !logs_starts_nocase(st.p, st.n, "/manager/")) return;
  logs_uri_normalise(&L->tomcat_uri, r->stem, r->query, 2048);
  ss_logs_t *s = L->s;
  pthread_mutex_lock(&s->lock);
  if (logs_tomcat_add(s->tomcat, r, L->tomcat_uri.data, L->tomcat_uri.len, L->file) < 0 && !s->tomcat_full_warned) {
    s->tomcat_full_warned = 1;
    warn_locked(s, SS_WARN_LOG_FORMAT, L->file, "more than %d Tomcat applications: deployments are joined with the first ones only",
                TOMCAT_MAX_CONTEXTS);
  }
  pthread_mutex_unlock(&s->lock);
}

/* A PowerShell script block: the record's built-in hit if a web shell
 * started its process (read already), else kept for the join at the end. */
static void note_script(logs_ctx *L, const logs_rec *r) {
  ss_logs_t *s = L->s;
  if (r->proc.pid < 0 || !r->proc.command.n) return;
  pthread_mutex_lock(&s->lock);
  int known = logs_scripts_known(s->scripts, logs_host_hash(r->proc.host), r->proc.pid, r->time);
  if (!known && logs_scripts_keep(s->scripts, r, L->file) != 0 && !s->scripts_full_warned) {
    s->scripts_full_warned = 1;
    warn_locked(s, SS_WARN_LOG_FORMAT, L->file, "more than %d PowerShell script blocks before the processes that ran "
                "them: later ones are joined only with process starts read before them", SCRIPT_BLOCKS_MAX);
  }
  pthread_mutex_unlock(&s->lock);
  if (!known) return;
  ss_severity sev = script_severity(L, r->proc.command);
  if (!L->bh.set || sev > L->bh.sev) L->bh = (builtin_hit){1, LOGS_RULE_WEBSHELL_SCRIPT_BLOCK, sev, LOGS_SUCCESS};
}

static void sink_record(void *user, const logs_rec *r) {
  logs_ctx *L = user;
  ss_logs_t *s = L->s;
  if (!L->format || (!L->split_seen && r->split)) L->format = r->split ? r->format : logs_format_name(r->fmt);
  L->split_seen |= r->split;
  L->lines++;
  if (!r->split && r->fmt != LOGS_FMT_TEXT)
    sink_line_warning(L, r->line, "no known layout fits the line: checked against the published indicators only");
  if (!r->split) L->unsplit++;
  L->tail_cut = !r->split && r->cut_short;
  count_local(L, r);
  if (r->time != SS_TIME_UNKNOWN) {
    if (s->opt.since != SS_TIME_UNKNOWN && r->time < s->opt.since) return;
    if (s->opt.until != SS_TIME_UNKNOWN && r->time > s->opt.until) return;
  }
  L->bh.set = 0;
  L->nsh = 0;
  L->cur_line = r->line;
  if (L->ss) logs_sigma_eval(s->sigma, L->ss, r, sigma_hit_cb, L);
  if (!r->hits) { /* nothing any built-in rule looks for is in the line */
    report_record(L, r);
    return;
  }
  logs_rule_env env = {L, find_linked, rule_hit};
  logs_rules_eval(&env, r, &L->rs);
  if (r->proc.kind == LOGS_PROC_SCRIPT) note_script(L, r);
  report_record(L, r);
  if (!r->split) return;
  if (r->fmt == LOGS_FMT_ACCESS) note_tomcat(L, r);
  if (!logs_stack_candidate(&env, r, &L->stack_url)) return;
  pthread_mutex_lock(&s->lock);
  if (logs_stack_add(s->stack, L->stack_url.data, r, L->file) != 0 && !s->stack_full_warned) {
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
  s->stack = logs_stack_new(STACK_MAX_URLS);
  s->tomcat = logs_tomcat_new(TOMCAT_MAX_CONTEXTS);
  s->tl = logs_timeline_new(TIMELINE_MAX);
  s->scripts = logs_scripts_new(SCRIPT_PROCS_MAX, SCRIPT_BLOCKS_MAX);
  s->layouts = logs_layouts_new();
  clock_gettime(CLOCK_MONOTONIC, &s->start);
  *out = s;
  return SS_OK;
}

void ss_logs_free(ss_logs_t *s) {
  if (!s) return;
  logs_stack_free(s->stack);
  logs_tomcat_free(s->tomcat);
  logs_timeline_free(s->tl);
  logs_scripts_free(s->scripts);
  logs_passwd_free(s->passwd);
  logs_layouts_free(s->layouts);
  logs_prefilter_free(s->pf);
  logs_sigma_free(s->sigma);
  for (size_t i = 0; i < s->nshells; i++) {
    free(s->shells[i].url);
    free(s->shells[i].name);
    free(s->shells[i].path);
  }
  free(s->shells);
  for (size_t i = 0; i < s->nsources; i++) free((char *)s->sources[i].format);
  free(s->sources);
  for (size_t i = 0; i < s->npartial; i++) free((char *)s->partial[i].path), free((char *)s->partial[i].format);
  free(s->partial);
  pthread_mutex_destroy(&s->lock);
  free(s);
}

ss_err ss_logs_link_shell(ss_logs_t *s, const char *path) {
  if (!s || !path || !*path) return SS_ERR_ARG;
  s->shells = xrealloc(s->shells, (s->nshells + 1) * sizeof *s->shells);
  shell_link *sh = &s->shells[s->nshells++];
  sh->path = xstrdup(path);
  sh->url = logs_shell_url_from_path(path);
  const char *base = path;
  for (const char *c = path; *c; c++)
    if (*c == '/' || *c == '\\') base = c + 1;
  sh->name = xstrdup(base);
  for (char *c = sh->name; *c; c++)
    if (*c >= 'A' && *c <= 'Z') *c = (char)(*c | 0x20);
  return SS_OK;
}

ss_err ss_logs_add_format(ss_logs_t *s, const char *syntax, const char *name, const char *format) {
  if (!s || !syntax || !format) return SS_ERR_ARG;
  char c = !strcmp(syntax, "apache") || !strcmp(syntax, "tomcat") ? 'a' : !strcmp(syntax, "nginx") ? 'n' : 0;
  const char *why;
  if (!c) return SS_ERR_ARG;
  pthread_mutex_lock(&s->lock);
  int rc = logs_layouts_add(s->layouts, c, name, format, &why);
  pthread_mutex_unlock(&s->lock);
  return rc == 0 ? SS_OK : SS_ERR_ARG;
}

ss_err ss_logs_add_config(ss_logs_t *s, const char *path, size_t *nformats) {
  if (nformats) *nformats = 0;
  if (!s || !path) return SS_ERR_ARG;
  const char *why = NULL;
  logs_input *in = logs_input_file(path, CONFIG_MAX, &why);
  if (!in) {
    warn(s, SS_WARN_UNREADABLE, path, "cannot read the server configuration: %s", why);
    return SS_ERR_IO;
  }
  size_t n;
  char *text = logs_input_peek(in, CONFIG_MAX, &n);
  logs_input_close(in);
  pthread_mutex_lock(&s->lock);
  size_t added = logs_webconf_read(s->layouts, text, n);
  pthread_mutex_unlock(&s->lock);
  free(text);
  if (nformats) *nformats = added;
  return SS_OK;
}

ss_err ss_logs_add_passwd(ss_logs_t *s, const char *path, size_t *nusers) {
  if (nusers) *nusers = 0;
  if (!s || !path) return SS_ERR_ARG;
  const char *why = NULL;
  logs_input *in = logs_input_file(path, CONFIG_MAX, &why);
  if (!in) {
    warn(s, SS_WARN_UNREADABLE, path, "cannot read the account list: %s (auditd users stay numbers)", why);
    return SS_ERR_IO;
  }
  size_t n;
  char *text = logs_input_peek(in, CONFIG_MAX, &n);
  logs_input_close(in);
  pthread_mutex_lock(&s->lock);
  if (!s->passwd) s->passwd = logs_passwd_new();
  size_t added = logs_passwd_add(s->passwd, text, n);
  pthread_mutex_unlock(&s->lock);
  free(text);
  if (nusers) *nusers = added;
  return SS_OK;
}

/* Warnings for the load errors from the first-th on. */
static void sigma_errors_locked(ss_logs_t *s, size_t first) {
  const sigma_ruleset *rs = logs_sigma_ruleset(s->sigma);
  for (size_t i = first; i < sigma_ruleset_error_count(rs); i++) {
    const sigma_error *e = sigma_ruleset_error(rs, i);
    s->st.sigma_failed++;
    strbuf who = STRBUF_INIT;
    if (*e->title || *e->id) sb_addf(&who, " (%s%s%s)", e->title, *e->title && *e->id ? ", " : "", e->id);
    if (e->line)
      warn_locked(s, SS_WARN_RULES, e->file, "line %u: Sigma rule%s not loaded: %s: %s", e->line,
                  who.data ? who.data : "", e->feature, e->message);
    else
      warn_locked(s, SS_WARN_RULES, e->file, "Sigma rules%s not loaded: %s: %s", who.data ? who.data : "", e->feature,
                  e->message);
    sb_free(&who);
  }
}

ss_err ss_logs_add_sigma(ss_logs_t *s, const char *path, size_t *nrules) {
  if (nrules) *nrules = 0;
  if (!s || !path) return SS_ERR_ARG;
  pthread_mutex_lock(&s->lock);
  if (s->sigma_ready) {
    pthread_mutex_unlock(&s->lock);
    return SS_ERR_ARG;
  }
  if (!s->sigma) s->sigma = logs_sigma_new();
  size_t before = sigma_ruleset_error_count(logs_sigma_ruleset(s->sigma));
  long n = logs_sigma_add(s->sigma, path);
  sigma_errors_locked(s, before);
  pthread_mutex_unlock(&s->lock);
  if (n < 0) return SS_ERR_IO;
  if (nrules) *nrules = (size_t)n;
  return SS_OK;
}

/* The Sigma rules compiled, once, before the first record. */
static void ensure_sigma(ss_logs_t *s) {
  pthread_mutex_lock(&s->lock);
  if (s->sigma && !s->sigma_ready) {
    logs_sigma_finish(s->sigma);
    s->st.sigma_rules = logs_sigma_count(s->sigma);
  }
  s->sigma_ready = 1;
  pthread_mutex_unlock(&s->lock);
}

/* The prefilter, once the shells to link are known (the first file). */
static void ensure_prefilter(ss_logs_t *s) {
  pthread_mutex_lock(&s->lock);
  if (!s->pf_built) {
    const char **names = xcalloc(s->nshells + 1, sizeof *names);
    for (size_t i = 0; i < s->nshells; i++) names[i] = s->shells[i].name;
    s->pf = logs_prefilter_new(names, s->nshells);
    free(names);
    s->pf_built = 1;
  }
  pthread_mutex_unlock(&s->lock);
}

/* The end of a file: its counts into the session, and the truth about
 * its coverage: lines read raw only or not at all make it partly read. */
static void end_file(logs_ctx *L, int counted, uint64_t bytes) {
  ss_logs_t *s = L->s;
  if (L->tail_cut) { /* the log was being written when it was copied: nothing after it is missing */
    L->unsplit--;
    warn(s, SS_WARN_LOG_LINE, L->file, "the last line is cut short (the log was being written when it was copied): "
                                       "checked against the published indicators only");
  }
  if (L->unsplit)
    warn(s, SS_WARN_LOG_FORMAT, L->file,
         "%llu of %llu lines could not be split into fields (no known layout fits): they were checked against "
         "the published indicators only",
         (unsigned long long)L->unsplit, (unsigned long long)L->lines);
  if (L->unread)
    warn(s, SS_WARN_LOG_FORMAT, L->file, "%llu lines longer than the maximum line length were not read",
         (unsigned long long)L->unread);
  pthread_mutex_lock(&s->lock);
  if (counted) s->st.files++;
  s->st.bytes += bytes;
  for (size_t i = 0; i < L->nlocal; i++) s->st.lines += L->local[i].lines;
  merge_sources(s, L);
  if (L->unsplit || L->unread || L->lost) {
    s->partial = xrealloc(s->partial, (s->npartial + 1) * sizeof *s->partial);
    s->partial[s->npartial++] = (ss_log_partial){xstrdup(L->file), xstrdup(L->format ? L->format : "unknown"),
                                                 L->lines, L->unsplit, L->unread, L->lost};
  }
  pthread_mutex_unlock(&s->lock);
}

/* Reads one input (its name in L->file).  named = given by the user, or
 * bearing a log's name at a log's place: then a file of no known format is
 * read as raw lines (and reported as partly read) rather than skipped.
 * data is the input's bytes when it is a buffer (NULL for a file).  Returns
 * 1 if the input was read as a log. */
static int read_input(logs_ctx *L, logs_input *in, int named, const void *data, size_t len) {
  ss_logs_t *s = L->s;
  ensure_sigma(s);
  if (s->sigma && !L->ss) L->ss = logs_sigma_scratch_new(s->sigma);
  /* Sigma rules read every record's fields: every line is split */
  logs_read_opts o = {.layouts = s->layouts, .passwd = s->passwd, .full = s->st.sigma_rules > 0};
  size_t hn;
  char *head = logs_input_peek(in, 65536, &hn);
  pthread_mutex_lock(&s->lock); /* the layouts are read-only once files are read, but added under the lock */
  const logs_reader *rd = logs_reader_detect(head, hn, &o);
  pthread_mutex_unlock(&s->lock);
  free(head);
  logs_sink k = {L, sink_record, sink_line_warning, sink_file_warning, sink_unread, sink_lost};
  if (rd && rd->read_binary) return rd->read_binary(data ? NULL : L->file, data, len, &k) == 0;
  if (!rd && !named) {
    warn(s, SS_WARN_LOG_SKIPPED, L->file, "not a log format shellsift reads: skipped");
    return 0;
  }
  if (!s->opt.no_prefilter) ensure_prefilter(s);
  if (s->pf && !L->pfs) L->pfs = logs_prefilter_scratch_new(s->pf);
  if (L->pfs && (!rd || rd->fmt != LOGS_FMT_OAB)) {
    logs_scan_hook hook = logs_prefilter_hook(L->pfs);
    logs_input_set_hook(in, &hook);
  }
  if (rd) rd->read(rd, in, &o, &k);
  else logs_read_raw_lines(in, LOGS_FMT_TEXT, "text", &k);
  if (logs_input_error(in)) warn(s, SS_WARN_LOG_FORMAT, L->file, "%s: the rest of the file was not read", logs_input_error(in));
  return 1;
}

static void start_file(logs_ctx *L, const char *name) {
  L->file = name;
  L->file_warnings = 0;
  L->undecided = 0;
  L->nlocal = 0;
  L->lines = L->unsplit = L->unread = L->lost = 0;
  logs_rule_scratch_new_file(&L->rs);
  L->tail_cut = 0;
  L->format = NULL;
  L->split_seen = 0;
  L->last_local = NULL;
  L->last_format = NULL;
  memset(L->local, 0, sizeof L->local);
}

static void add_file(logs_ctx *L, const char *path, int named) {
  ss_logs_t *s = L->s;
  const char *why = NULL;
  start_file(L, path);
  logs_input *in = logs_input_file(path, (size_t)s->opt.max_line, &why);
  if (!in) {
    warn(s, SS_WARN_UNREADABLE, path, "cannot read: %s", why);
    end_file(L, 0, 0);
    return;
  }
  int counted = read_input(L, in, named, NULL, 0);
  if (core_stopped()) note_stopped(s, path);
  uint64_t bytes = logs_input_bytes(in);
  struct stat st;
  if (counted && L->format && !strncmp(L->format, "evtx", 4) && stat(path, &st) == 0) bytes = (uint64_t)st.st_size;
  logs_input_close(in);
  end_file(L, counted, bytes);
  L->file = NULL;
}

ss_err ss_logs_add_data(ss_logs_t *s, const char *name, const void *data, size_t len) {
  if (!s || !name || (!data && len)) return SS_ERR_ARG;
  logs_ctx L;
  ctx_init(&L, s);
  start_file(&L, name);
  logs_input *in = logs_input_mem(data, len, (size_t)s->opt.max_line);
  int counted = read_input(&L, in, 1, data ? data : "", len);
  uint64_t bytes = logs_input_bytes(in);
  logs_input_close(in);
  end_file(&L, counted, bytes);
  ctx_free(&L);
  return SS_OK;
}

/* ---- several files at once ---- */

typedef struct {
  char **paths;
  unsigned char *named; /* add_file's named, per path */
  size_t n, cap, next;
  char **configs;
  size_t nconfigs;
  pthread_mutex_t lock;
  ss_logs_t *s;
} file_queue;

static void enqueue(void *user, const char *path, int named, int config) {
  file_queue *q = user;
  if (config) {
    q->configs = xrealloc(q->configs, (q->nconfigs + 1) * sizeof *q->configs);
    q->configs[q->nconfigs++] = xstrdup(path);
    return;
  }
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
    if (core_stopped()) {
      note_stopped(q->s, q->paths[i]);
      continue;
    }
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
  logs_find(path, !s->opt.known_places_only, enqueue, &q, counting_cb, s);
  for (size_t i = 0; i < q.nconfigs; i++) { /* the formats first: the logs need them */
    ss_logs_add_config(s, q.configs[i], NULL);
    free(q.configs[i]);
  }
  read_queue(s, &q);
  for (size_t i = 0; i < q.n; i++) free(q.paths[i]);
  free(q.paths);
  free(q.named);
  free(q.configs);
  pthread_mutex_destroy(&q.lock);
  return SS_OK;
}

/* ---- the end: stacking, Tomcat deployments and incidents ---- */

/* A finding made at the end, from a kept sample of its first request. */
static void late_finding(logs_ctx *L, logs_rule_id id, const char *url, const char *ip, const char *file,
                         const char *format, uint64_t line, int64_t time, const char *ua, const char *evidence) {
  logs_rec r;
  logs_rec_init(&r, LOGS_FMT_IIS, format, line, (span){evidence, strlen(evidence)});
  r.time = time;
  r.method = id == LOGS_RULE_WEBSHELL_STACKING ? (span){"POST", 4} : SPAN_NONE;
  r.stem = (span){url, strlen(url)};
  r.client_ip = (span){ip, strlen(ip)};
  r.user_agent = (span){ua, strlen(ua)};
  r.status = 200;
  L->file = file;
  report_builtin(L, &r, id, logs_rules[id].severity, LOGS_SUCCESS);
}

static void stacked(void *user, const char *url, const char *ip, uint64_t count, unsigned nclients,
                    const char *file, const char *format, uint64_t line, int64_t time, const char *ua,
                    const char *evidence) {
  char *ev = xasprintf("%llu successful POST%s from %u client address%s; first: %s", (unsigned long long)count,
                       count == 1 ? "" : "s", nclients, nclients == 1 ? "" : "es", evidence);
  late_finding(user, LOGS_RULE_WEBSHELL_STACKING, url, ip, file, format, line, time, ua, ev);
  free(ev);
}

static void deployed(void *user, const char *context, uint64_t count, const char *file, uint64_t line, int64_t time,
                     const char *ip, const char *ua, const char *evidence) {
  char *ev = xasprintf("%llu JSP request%s under %s after a Tomcat manager deployment; first: %s",
                       (unsigned long long)count, count == 1 ? "" : "s", context, evidence);
  late_finding(user, LOGS_RULE_TOMCAT_DEPLOYED_JSP, context, ip, file, "access", line, time, ua, ev);
  free(ev);
}

/* A kept PowerShell block whose process turned out to be a web shell's. */
static void joined_script(void *user, const logs_script_block *b) {
  logs_ctx *L = user;
  logs_rec r;
  span text = {b->text, strlen(b->text)};
  logs_rec_init(&r, LOGS_FMT_EVTX, "evtx", b->line, text);
  r.time = b->time;
  r.proc.kind = LOGS_PROC_SCRIPT;
  r.proc.command = text;
  r.proc.user = (span){b->user, strlen(b->user)};
  r.proc.pid = b->pid;
  L->file = b->file;
  report_builtin(L, &r, LOGS_RULE_WEBSHELL_SCRIPT_BLOCK, script_severity(L, text), LOGS_SUCCESS);
}

static void locked_cb(const ss_event *ev, void *user) {
  ss_logs_t *s = user;
  if (s->cb) s->cb(ev, s->user);
}

static int by_path(const void *a, const void *b) {
  return strcmp(((const ss_log_partial *)a)->path, ((const ss_log_partial *)b)->path);
}

ss_err ss_logs_finish(ss_logs_t *s, ss_logs_stats *stats) {
  if (!s) return SS_ERR_ARG;
  if (!s->finished) {
    s->finished = 1;
    ensure_sigma(s);
    logs_ctx L;
    ctx_init(&L, s);
    logs_stack_rank(s->stack, STACK_MAX_CLIENTS, STACK_MAX_OUT, stacked, &L);
    logs_tomcat_emit(s->tomcat, deployed, &L);
    logs_scripts_emit(s->scripts, joined_script, &L);
    ctx_free(&L);
    pthread_mutex_lock(&s->lock);
    s->st.incidents = logs_timeline_emit(s->tl, INCIDENT_GAP, locked_cb, s);
    if (s->npartial > 1) qsort(s->partial, s->npartial, sizeof *s->partial, by_path);
    pthread_mutex_unlock(&s->lock);
  }
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  s->st.seconds = (double)(now.tv_sec - s->start.tv_sec) + (double)(now.tv_nsec - s->start.tv_nsec) / 1e9;
  s->st.sources = s->sources;
  s->st.nsources = s->nsources;
  s->st.partial = s->partial;
  s->st.npartial = s->npartial;
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
