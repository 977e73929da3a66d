/*
 * read.c - a stored sweep read back for the reports (see store.h): each
 * table's rows as the structs the writers use, in the order a reader
 * expects them.  One loop serves every query (each_row); the column
 * mapping of each query sits next to its SQL.
 */
#include "store/store_priv.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Runs sql with ?1 = a (and ?2 = b when it has one), calling row for each
 * result row; a failure before the end is recorded and returned. */
static ss_err each_row(store *s, const char *sql, int64_t a, int64_t b, const char *what,
                       void (*row)(sqlite3_stmt *st, void *ctx), void *ctx) {
  sqlite3_stmt *st = store_prepare(s, sql, what);
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, a);
  if (sqlite3_bind_parameter_count(st) > 1) sqlite3_bind_int64(st, 2, b);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) row(st, ctx);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SS_OK : store_fail(s, what);
}

/* The caller's callback and its user pointer, passed through each_row. */
typedef struct {
  void (*fn)(void);
  void *user;
} relay;

#define RELAY(type, r) ((type)(r)->fn)

static void finding_row(sqlite3_stmt *st, void *ctx) {
  const relay *r = ctx;
  store_finding f = {store_col(st, 0), store_col(st, 1), store_col(st, 2), store_col(st, 3),
                     store_col(st, 4), store_col(st, 5), store_col(st, 6), sqlite3_column_int(st, 7),
                     sqlite3_column_int64(st, 8), sqlite3_column_int64(st, 9), store_col(st, 10),
                     sqlite3_column_int(st, 11), (unsigned)sqlite3_column_int(st, 12)};
  RELAY(void (*)(const store_finding *, void *), r)(&f, r->user);
}

ss_err store_each_finding(store *s, int64_t sweep, void (*fn)(const store_finding *f, void *user), void *user) {
  relay r = {(void (*)(void))fn, user};
  return each_row(s,
                  "SELECT kind, path, category, severity, rules, reason, sha256, score, mtime, btime, record, carried,"
                  " (SELECT min(i.id) FROM incidents i, json_each(i.shells) j WHERE i.sweep=f.sweep"
                  " AND j.value=f.path) FROM findings f WHERE sweep=? ORDER BY score DESC, path, id",
                  sweep, 0, "reading findings", finding_row, &r);
}

/* What one log finding's reasons point to, freed after its callback. */
typedef struct {
  void **v;
  size_t n, cap;
} keep_list;

static void *keep(keep_list *k, void *p) {
  if (k->n == k->cap) {
    k->cap = k->cap ? k->cap * 2 : 32;
    k->v = xrealloc(k->v, k->cap * sizeof *k->v);
  }
  return k->v[k->n++] = p;
}

typedef struct {
  store *s;
  ss_log_reason *v;
  size_t n, cap;
  keep_list kept;
  const char **items; /* json_each values being gathered */
  size_t nitems;
} reasons_ctx;

static void item_row(sqlite3_stmt *st, void *ctx) {
  reasons_ctx *c = ctx;
  c->items = xrealloc(c->items, (c->nitems + 1) * sizeof *c->items);
  c->items[c->nitems++] = keep(&c->kept, xstrdup(store_col(st, 0)));
}

/* The strings of a JSON array, through SQLite's json_each. */
static const char *const *json_list(reasons_ctx *c, const char *json, size_t *n) {
  c->items = NULL;
  c->nitems = 0;
  sqlite3_stmt *st = store_prepare(c->s, "SELECT value FROM json_each(?)", "reading a log finding's rules");
  if (st) {
    store_bind_text(st, 1, json);
    while (sqlite3_step(st) == SQLITE_ROW) item_row(st, c);
    sqlite3_finalize(st);
  }
  *n = c->nitems;
  if (c->items) keep(&c->kept, (void *)c->items);
  return c->items;
}

static ss_severity severity_of(const char *name) {
  static const char *const sev[] = {"low", "medium", "high", "critical"};
  for (int i = 0; i < 4; i++)
    if (!strcmp(name, sev[i])) return (ss_severity)i;
  return SS_SEV_LOW;
}

static void reason_row(sqlite3_stmt *st, void *ctx) {
  reasons_ctx *c = ctx;
  if (c->n == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 4;
    c->v = xrealloc(c->v, c->cap * sizeof *c->v);
  }
  const char *t[12];
  for (int i = 0; i < 12; i++) t[i] = keep(&c->kept, xstrdup(store_col(st, i)));
  ss_log_reason *r = &c->v[c->n++];
  *r = (ss_log_reason){.source = t[0], .rule = t[1], .title = t[2], .severity = severity_of(t[3]), .level = t[4],
                       .cve = t[5], .reference = t[6], .author = t[7], .rule_file = t[10], .status = t[11]};
  r->tags = json_list(c, t[8], &r->ntags);
  r->references = json_list(c, t[9], &r->nreferences);
}

typedef struct {
  store *s;
  relay r;
} log_ctx;

static void log_finding_row(sqlite3_stmt *st, void *ctx) {
  const log_ctx *lc = ctx;
  ss_log_finding f = {
      .rule = store_col(st, 0), .title = store_col(st, 1), .cve = store_col(st, 2), .reference = store_col(st, 3),
      .outcome = store_col(st, 5),
      .time = sqlite3_column_type(st, 6) == SQLITE_NULL ? SS_TIME_UNKNOWN : sqlite3_column_int64(st, 6),
      .file = store_col(st, 7), .line = (uint64_t)sqlite3_column_int64(st, 8), .format = store_col(st, 9),
      .client_ip = store_col(st, 10), .user_agent = store_col(st, 11), .method = store_col(st, 12),
      .uri = store_col(st, 13), .status = sqlite3_column_int(st, 14), .evidence = store_col(st, 15),
      .incident = (unsigned)sqlite3_column_int(st, 16), .recovered = sqlite3_column_int(st, 18),
      .command = store_col(st, 19), .process = store_col(st, 20), .parent = store_col(st, 21),
      .user = store_col(st, 22), .threat = store_col(st, 23), .threat_severity = store_col(st, 24),
      .action = store_col(st, 25), .target = store_col(st, 26), .id = (uint64_t)sqlite3_column_int64(st, 27)};
  f.severity = severity_of(store_col(st, 4));
  reasons_ctx c = {.s = lc->s};
  each_row(lc->s,
           "SELECT source, rule, title, severity, level, cve, reference, author, tags, refs, rule_file, status"
           " FROM log_reasons WHERE finding=? ORDER BY seq",
           sqlite3_column_int64(st, 17), 0, "reading a log finding's rules", reason_row, &c);
  /* a case file from before the reasons were kept: the finding's own rule */
  ss_log_reason own = {.source = "builtin", .rule = f.rule, .title = f.title, .severity = f.severity, .level = "",
                       .cve = f.cve, .reference = f.reference, .author = "", .rule_file = "", .status = ""};
  f.reasons = c.n ? c.v : &own;
  f.nreasons = c.n ? c.n : 1;
  RELAY(void (*)(const ss_log_finding *, void *), &lc->r)(&f, lc->r.user);
  for (size_t i = 0; i < c.kept.n; i++) free(c.kept.v[i]);
  free(c.kept.v);
  free(c.v);
}

ss_err store_each_log_finding(store *s, int64_t sweep, void (*fn)(const ss_log_finding *f, void *user),
                              void *user) {
  log_ctx c = {s, {(void (*)(void))fn, user}};
  return each_row(s,
                  "SELECT rule, title, cve, reference, severity, outcome, time, file, line, format, client_ip,"
                  " user_agent, method, uri, status, evidence, incident, id, recovered, command, process, parent,"
                  " user, threat, threat_severity, action, target, seq FROM log_findings WHERE sweep=?"
                  " ORDER BY time, id",
                  sweep, 0, "reading log findings", log_finding_row, &c);
}

static void incident_row(sqlite3_stmt *st, void *ctx) {
  const relay *r = ctx;
  store_incident in = {(unsigned)sqlite3_column_int(st, 0), store_col(st, 1), store_col(st, 2), store_col(st, 3),
                       sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5), store_col(st, 6)};
  RELAY(void (*)(const store_incident *, void *), r)(&in, r->user);
}

ss_err store_each_incident(store *s, int64_t sweep, void (*fn)(const store_incident *in, void *user), void *user) {
  relay r = {(void (*)(void))fn, user};
  return each_row(s,
                  "SELECT id, client_ip, severity, summary, first_seen, last_seen,"
                  " (SELECT group_concat(j.value, char(10)) FROM json_each(incidents.commands) j)"
                  " FROM incidents WHERE sweep=?"
                  " ORDER BY id",
                  sweep, 0, "reading incidents", incident_row, &r);
}

static void coverage_row(sqlite3_stmt *st, void *ctx) {
  const relay *r = ctx;
  store_coverage c = {store_col(st, 0), store_col(st, 1), store_col(st, 2), store_col(st, 3)};
  RELAY(void (*)(const store_coverage *, void *), r)(&c, r->user);
}

ss_err store_each_coverage(store *s, int64_t sweep, void (*fn)(const store_coverage *c, void *user), void *user) {
  relay r = {(void (*)(void))fn, user};
  return each_row(s, "SELECT item, status, path, note FROM coverage WHERE sweep=? ORDER BY seq", sweep, 0,
                  "reading coverage", coverage_row, &r);
}

static void exchange_row(sqlite3_stmt *st, void *ctx) {
  const relay *r = ctx;
  store_exchange x = {store_col(st, 0), store_col(st, 1), store_col(st, 2), store_col(st, 3), store_col(st, 4),
                      store_col(st, 5), store_col(st, 6)};
  RELAY(void (*)(const store_exchange *, void *), r)(&x, r->user);
}

ss_err store_get_exchange(store *s, int64_t sweep, void (*fn)(const store_exchange *x, void *user), void *user) {
  relay r = {(void (*)(void))fn, user};
  return each_row(s, "SELECT product, build, cu, su, error, update_name, summary FROM exchange WHERE sweep=?", sweep, 0,
                  "reading the Exchange check", exchange_row, &r);
}

static void chain_row(sqlite3_stmt *st, void *ctx) {
  const relay *r = ctx;
  ss_chain c = {store_col(st, 0), store_col(st, 1), store_col(st, 2)};
  RELAY(void (*)(const ss_chain *, void *), r)(&c, r->user);
}

ss_err store_each_chain(store *s, int64_t sweep, void (*fn)(const ss_chain *c, void *user), void *user) {
  relay r = {(void (*)(void))fn, user};
  return each_row(s, "SELECT name, status, why FROM exchange_chains WHERE sweep=? ORDER BY rowid", sweep, 0,
                  "reading the Exchange check", chain_row, &r);
}

static void version_row(sqlite3_stmt *st, void *ctx) {
  const relay *r = ctx;
  RELAY(void (*)(const char *, const char *, void *), r)(store_col(st, 0), store_col(st, 1), r->user);
}

ss_err store_each_version(store *s, int64_t sweep, void (*fn)(const char *component, const char *value, void *user),
                          void *user) {
  relay r = {(void (*)(void))fn, user};
  return each_row(s, "SELECT component, value FROM versions WHERE sweep=? ORDER BY component", sweep, 0,
                  "reading versions", version_row, &r);
}

static void record_row(sqlite3_stmt *st, void *ctx) {
  const relay *r = ctx;
  if (sqlite3_column_type(st, 0) != SQLITE_NULL) RELAY(void (*)(const char *, void *), r)(store_col(st, 0), r->user);
}

ss_err store_each_record(store *s, int64_t sweep, void (*fn)(const char *record, void *user), void *user) {
  static const char *const sql[] = {
      "SELECT record FROM findings WHERE sweep=? ORDER BY id",
      "SELECT record FROM log_findings WHERE sweep=? ORDER BY id",
      "SELECT record FROM incidents WHERE sweep=? ORDER BY id",
      "SELECT record FROM warnings WHERE sweep=? ORDER BY rowid",
  };
  relay r = {(void (*)(void))fn, user};
  for (size_t i = 0; i < sizeof sql / sizeof *sql; i++)
    if (each_row(s, sql[i], sweep, 0, "reading the sweep's records", record_row, &r) != SS_OK) return SS_ERR_IO;
  return SS_OK;
}

/* 1 if the one-parameter count query finds anything. */
static ss_err any(store *s, const char *sql, int64_t sweep, int *out) {
  int64_t n = 0;
  ss_err err = store_int_query(s, sql, sweep, &n, "reading the sweep");
  *out = n > 0;
  return err;
}

ss_err store_get_facts(store *s, int64_t sweep, store_facts *out) {
  *out = (store_facts){0};
  int64_t n = 0;
  if (any(s, "SELECT count(*) FROM exchange_chains WHERE sweep=? AND status='vulnerable'", sweep,
          &out->vulnerable_chain) != SS_OK ||
      any(s, "SELECT count(*) FROM coverage WHERE sweep=? AND status='missing'", sweep, &out->coverage_missing) !=
          SS_OK ||
      any(s, "SELECT count(*) FROM findings WHERE sweep=? AND rules LIKE '%lsass%'", sweep,
          &out->credential_dump) != SS_OK ||
      store_int_query(s, "SELECT count(*) FROM warnings WHERE sweep=? AND incomplete=1", sweep, &n,
                      "reading the sweep") != SS_OK)
    return SS_ERR_IO;
  out->incomplete_warnings = (uint64_t)n;
  return SS_OK;
}

typedef struct {
  const relay *r;
  size_t rootlen;
} diff_ctx;

static void diff_row(sqlite3_stmt *st, void *ctx) {
  const diff_ctx *c = ctx;
  const char *path = store_col(st, 1);
  store_diff_row d = {store_col(st, 0), path, strlen(path) > c->rootlen ? path + c->rootlen : path,
                      (uint64_t)sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3), store_col(st, 4),
                      store_col(st, 5)};
  RELAY(void (*)(const store_diff_row *, void *), c->r)(&d, c->r->user);
}

ss_err store_diff(store *s, int64_t base, int64_t latest, void (*fn)(const store_diff_row *d, void *user),
                  void *user) {
  static const char sql[] =
      "WITH a AS (SELECT * FROM files_seen WHERE sweep=?1), b AS (SELECT * FROM files_seen WHERE sweep=?2)"
      " SELECT 'added', b.path, b.size, b.mtime, b.sha256, '' FROM b"
      " WHERE NOT EXISTS (SELECT 1 FROM a WHERE a.path=b.path)"
      " UNION ALL SELECT 'changed', b.path, b.size, b.mtime, b.sha256, a.sha256 FROM b JOIN a"
      " ON a.path=b.path AND a.id!=b.id"
      " UNION ALL SELECT 'removed', a.path, a.size, a.mtime, '', a.sha256 FROM a"
      " WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.path=a.path)"
      " ORDER BY 2";
  int64_t rootlen = 0;
  if (store_int_query(s, "SELECT length(CAST(root AS BLOB)) FROM sweeps WHERE id=?", latest, &rootlen,
                      "reading the sweep") != SS_OK)
    return SS_ERR_IO;
  relay r = {(void (*)(void))fn, user};
  diff_ctx c = {&r, (size_t)rootlen};
  return each_row(s, sql, base, latest, "comparing two sweeps", diff_row, &c);
}
