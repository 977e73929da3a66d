/*
 * store.c - opening a case file, its schema, its sticky error and the
 * sweeps table (see store.h).  The schema is created once and stamped with
 * user_version; a case file from a newer shellsift is refused rather than
 * misread.  The whole sweep is one transaction: fast (one fsync) and a
 * sweep that dies half-way leaves the case file as it was.
 */
#include "store/store_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS sweeps(id INTEGER PRIMARY KEY, root TEXT, started INTEGER,"
    " finished INTEGER, tool_version TEXT, verdict TEXT, verdict_reasons TEXT, complete INTEGER,"
    " files INTEGER, skipped INTEGER, findings INTEGER, log_findings INTEGER, incidents INTEGER,"
    " missing INTEGER, seconds REAL);"
    "CREATE TABLE IF NOT EXISTS files(id INTEGER PRIMARY KEY, path TEXT, first_sweep INTEGER,"
    " gone_sweep INTEGER, size INTEGER, mtime INTEGER, mtime_ns INTEGER, ctime INTEGER, ctime_ns INTEGER,"
    " btime INTEGER, inode INTEGER, mode INTEGER, sha256 TEXT);"
    "CREATE INDEX IF NOT EXISTS files_path ON files(path);"
    /* every file version each sweep saw: a version is seen from its first
     * sweep until the first later sweep of the same root that did not see it */
    "CREATE VIEW IF NOT EXISTS files_seen AS SELECT s.id AS sweep, f.* FROM sweeps s JOIN files f"
    " ON f.first_sweep <= s.id AND (f.gone_sweep IS NULL OR f.gone_sweep > s.id)"
    " AND f.first_sweep IN (SELECT id FROM sweeps o WHERE o.root = s.root);"
    "CREATE TABLE IF NOT EXISTS findings(id INTEGER PRIMARY KEY, sweep INTEGER, kind TEXT, path TEXT,"
    " category TEXT, severity TEXT, score INTEGER, rules TEXT, reason TEXT, sha256 TEXT, mtime INTEGER,"
    " btime INTEGER, carried INTEGER, record TEXT);"
    "CREATE INDEX IF NOT EXISTS findings_sweep_path ON findings(sweep, path);"
    "CREATE TABLE IF NOT EXISTS log_findings(id INTEGER PRIMARY KEY, sweep INTEGER, rule TEXT, title TEXT,"
    " cve TEXT, reference TEXT, severity TEXT, outcome TEXT, time INTEGER, file TEXT, line INTEGER,"
    " format TEXT, client_ip TEXT, user_agent TEXT, method TEXT, uri TEXT, status INTEGER,"
    " evidence TEXT, incident INTEGER, record TEXT, recovered INTEGER, command TEXT, process TEXT, parent TEXT,"
    " user TEXT, threat TEXT, threat_severity TEXT, action TEXT, target TEXT, seq INTEGER);"
    "CREATE INDEX IF NOT EXISTS log_findings_sweep ON log_findings(sweep);"
    /* every rule that matched a log finding's record (built-in and Sigma),
     * in the finding's order; tags and refs are JSON arrays */
    "CREATE TABLE IF NOT EXISTS log_reasons(sweep INTEGER, finding INTEGER, seq INTEGER, source TEXT,"
    " rule TEXT, title TEXT, severity TEXT, level TEXT, cve TEXT, reference TEXT, author TEXT, tags TEXT,"
    " refs TEXT, rule_file TEXT, status TEXT, PRIMARY KEY(finding, seq));"
    "CREATE INDEX IF NOT EXISTS log_reasons_sweep ON log_reasons(sweep);"
    "CREATE TABLE IF NOT EXISTS incidents(sweep INTEGER, id INTEGER, client_ip TEXT, first_seen INTEGER,"
    " last_seen INTEGER, severity TEXT, nfindings INTEGER, summary TEXT, rules TEXT, shells TEXT,"
    " record TEXT, commands TEXT, PRIMARY KEY(sweep, id));"
    "CREATE TABLE IF NOT EXISTS coverage(sweep INTEGER, seq INTEGER, item TEXT, status TEXT, path TEXT,"
    " note TEXT, PRIMARY KEY(sweep, seq));"
    "CREATE TABLE IF NOT EXISTS versions(sweep INTEGER, component TEXT, value TEXT,"
    " PRIMARY KEY(sweep, component));"
    "CREATE TABLE IF NOT EXISTS warnings(sweep INTEGER, kind TEXT, path TEXT, message TEXT,"
    " incomplete INTEGER, record TEXT);"
    "CREATE TABLE IF NOT EXISTS exchange(sweep INTEGER PRIMARY KEY, product TEXT, build TEXT, cu TEXT,"
    " su TEXT, precision TEXT, method TEXT, evidence TEXT, error TEXT, update_name TEXT, latest INTEGER,"
    " updates_behind INTEGER, supported INTEGER, end_of_support TEXT, missing_cves TEXT, summary TEXT);"
    "CREATE TABLE IF NOT EXISTS exchange_chains(sweep INTEGER, name TEXT, status TEXT, why TEXT,"
    " PRIMARY KEY(sweep, name));";

ss_err store_fail(store *s, const char *what) {
  if (s->error) return SS_ERR_IO;
  /* SQLite's message ("disk I/O error", "unable to open database file")
   * with the system's reason behind it ("File too large", "Permission
   * denied") */
  int sys = s->db ? sqlite3_system_errno(s->db) : 0;
  s->error = xasprintf("case file %s: %s: %s%s%s%s", s->name, what, s->db ? sqlite3_errmsg(s->db) : "cannot open",
                       sys ? " (" : "", sys ? strerror(sys) : "", sys ? ")" : "");
  return SS_ERR_IO;
}

const char *store_error(const store *s) { return s ? s->error : NULL; }

const char *store_engine_version(void) { return sqlite3_libversion(); }

sqlite3_stmt *store_prepare(store *s, const char *sql, const char *what) {
  sqlite3_stmt *st = NULL;
  if (s->error) return NULL;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
    store_fail(s, what);
    sqlite3_finalize(st);
    return NULL;
  }
  return st;
}

void store_bind_text(sqlite3_stmt *st, int i, const char *v) {
  sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_TRANSIENT);
}

ss_err store_run(store *s, sqlite3_stmt *st, const char *what) {
  if (!st) return s->error ? SS_ERR_IO : SS_ERR_INTERNAL;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) continue;
  ss_err err = rc == SQLITE_DONE ? SS_OK : store_fail(s, what);
  sqlite3_finalize(st);
  return err;
}

ss_err store_int_query(store *s, const char *sql, int64_t arg, int64_t *out, const char *what) {
  *out = 0;
  sqlite3_stmt *st = store_prepare(s, sql, what);
  if (!st) return SS_ERR_IO;
  if (sqlite3_bind_parameter_count(st) > 0) sqlite3_bind_int64(st, 1, arg);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *out = sqlite3_column_int64(st, 0);
  ss_err err = rc == SQLITE_ROW || rc == SQLITE_DONE ? SS_OK : store_fail(s, what);
  sqlite3_finalize(st);
  return err;
}

const char *store_col(sqlite3_stmt *st, int i) {
  const char *t = (const char *)sqlite3_column_text(st, i);
  return t ? t : "";
}

static int exec(store *s, const char *sql) { return sqlite3_exec(s->db, sql, NULL, NULL, NULL); }

/* Columns added since schema version 1, with the version that added
 * them: a case file from an older shellsift gets those it lacks when it is
 * opened (a table that does not exist yet, log_reasons of version 3 among
 * them, is created whole by schema_sql). */
static const struct {
  const char *table, *column, *type;
} added_columns[] = {
    /* 2: what the Exchange build table says about the build */
    {"exchange", "update_name", "TEXT"}, {"exchange", "latest", "INTEGER"}, {"exchange", "updates_behind", "INTEGER"},
    {"exchange", "supported", "INTEGER"}, {"exchange", "end_of_support", "TEXT"}, {"exchange", "missing_cves", "TEXT"},
    {"exchange", "summary", "TEXT"},
    /* 3: whether a log finding's event record was recovered from free space */
    {"log_findings", "recovered", "INTEGER"},
    /* 4: process traces and antivirus detections in the logs */
    {"log_findings", "command", "TEXT"}, {"log_findings", "process", "TEXT"}, {"log_findings", "parent", "TEXT"},
    {"log_findings", "user", "TEXT"}, {"log_findings", "threat", "TEXT"}, {"log_findings", "threat_severity", "TEXT"},
    {"log_findings", "action", "TEXT"}, {"log_findings", "target", "TEXT"}, {"incidents", "commands", "TEXT"},
    /* 5: a log finding's id in its session, which its incident lists */
    {"log_findings", "seq", "INTEGER"},
};

static int add_columns(store *s) {
  for (size_t i = 0; i < sizeof added_columns / sizeof added_columns[0]; i++) {
    char *q = xasprintf("SELECT (SELECT count(*) FROM pragma_table_info('%s')) > 0 AND "
                        "(SELECT count(*) FROM pragma_table_info('%s') WHERE name='%s') = 0",
                        added_columns[i].table, added_columns[i].table, added_columns[i].column);
    int64_t missing = 0;
    ss_err err = store_int_query(s, q, 0, &missing, "reading the schema");
    free(q);
    if (err != SS_OK) return SQLITE_ERROR;
    if (!missing) continue;
    char *alter = xasprintf("ALTER TABLE %s ADD COLUMN %s %s", added_columns[i].table, added_columns[i].column,
                            added_columns[i].type);
    int rc = exec(s, alter);
    free(alter);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

static ss_err init_schema(store *s) {
  int64_t version = -1;
  /* reading user_version is the first read of the file: a file that is
   * not a database fails here */
  if (store_int_query(s, "PRAGMA user_version", 0, &version, "reading the schema version") != SS_OK)
    return SS_ERR_IO;
  if (version > STORE_SCHEMA_VERSION) {
    s->error = xasprintf("case file %s: written by a newer shellsift (schema version %lld; this one reads %d)",
                         s->name, (long long)version, STORE_SCHEMA_VERSION);
    return SS_ERR_ARG;
  }
  if (version == STORE_SCHEMA_VERSION) return SS_OK;
  int rc = exec(s, "BEGIN");
  if (rc == SQLITE_OK) rc = add_columns(s);
  if (rc == SQLITE_OK) {
    char *sql = xasprintf("%sINSERT OR REPLACE INTO meta VALUES('schema_version','%d');"
                          "INSERT OR IGNORE INTO meta VALUES('created_by','shellsift %s');"
                          "PRAGMA user_version=%d;COMMIT;",
                          schema_sql, STORE_SCHEMA_VERSION, SS_VERSION, STORE_SCHEMA_VERSION);
    rc = exec(s, sql);
    free(sql);
  }
  if (rc != SQLITE_OK) {
    store_fail(s, "creating the schema");
    exec(s, "ROLLBACK");
    return SS_ERR_IO;
  }
  return SS_OK;
}

ss_err store_open(const char *path, int create, store **out, char **why) {
  *out = NULL;
  if (why) *why = NULL;
  store *s = xcalloc(1, sizeof *s);
  s->name = xstrdup(path ? path : "(in memory)");
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  ss_err err = SS_OK;
  /* SQLite says only "unable to open database file": the system says why */
  int fd = path ? open(path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0644) : -1;
  if (path && fd < 0) {
    s->error = xasprintf("case file %s: cannot %s: %s", path, create ? "open or create" : "open", strerror(errno));
    err = SS_ERR_IO;
  } else if (sqlite3_open_v2(path ? path : ":memory:", &s->db, flags, NULL) != SQLITE_OK) {
    err = store_fail(s, create ? "cannot open or create" : "cannot open");
  } else {
    sqlite3_busy_timeout(s->db, 5000);
    sqlite3_extended_result_codes(s->db, 1);
    /* a sweep inserts a row per file in one transaction: keep the tree in memory */
    exec(s, "PRAGMA cache_size=-32768");
    err = init_schema(s);
  }
  if (fd >= 0) close(fd);
  if (err != SS_OK) {
    if (why) *why = xstrdup(s->error ? s->error : "cannot open the case file");
    store_close(s);
    return err;
  }
  *out = s;
  return SS_OK;
}

void store_close(store *s) {
  if (!s) return;
  store_free_index(s);
  if (s->in_tx) exec(s, "ROLLBACK");
  sqlite3_close(s->db);
  for (size_t i = 0; i < sizeof s->text / sizeof s->text[0]; i++) free(s->text[i]);
  free(s->error);
  free(s->name);
  free(s);
}

ss_err store_previous_of(store *s, int64_t sweep, int64_t *prev) {
  return store_int_query(s,
                         "SELECT max(p.id) FROM sweeps p, sweeps c WHERE c.id=?1 AND p.root=c.root AND p.id<c.id"
                         " AND p.finished IS NOT NULL",
                         sweep, prev, "finding the previous sweep");
}

ss_err store_pick_sweep(store *s, int64_t wanted, int64_t *out) {
  if (wanted > 0)
    return store_int_query(s, "SELECT max(id) FROM sweeps WHERE id=? AND finished IS NOT NULL", wanted, out,
                           "finding the sweep");
  return store_int_query(s, "SELECT max(id) FROM sweeps WHERE finished IS NOT NULL", 0, out,
                         "finding the latest sweep");
}

ss_err store_begin_sweep(store *s, const char *root, int64_t *sweep) {
  *sweep = 0;
  if (s->error) return SS_ERR_IO;
  if (exec(s, "BEGIN") != SQLITE_OK) return store_fail(s, "starting the sweep");
  s->in_tx = 1;
  sqlite3_stmt *st = store_prepare(s, "INSERT INTO sweeps(root, started, tool_version) VALUES(?,?,?)",
                                   "starting the sweep");
  if (!st) return SS_ERR_IO;
  store_bind_text(st, 1, root);
  sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
  store_bind_text(st, 3, SS_VERSION);
  ss_err err = store_run(s, st, "starting the sweep");
  if (err == SS_OK) *sweep = sqlite3_last_insert_rowid(s->db);
  return err;
}

ss_err store_finish_sweep(store *s, int64_t sweep, const store_sweep *r) {
  sqlite3_stmt *st = store_prepare(s,
      "UPDATE sweeps SET finished=?, verdict=?, verdict_reasons=?, complete=?, files=?, skipped=?,"
      " findings=?, log_findings=?, incidents=?, missing=?, seconds=? WHERE id=?", "finishing the sweep");
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, r->finished);
  store_bind_text(st, 2, r->verdict);
  store_bind_text(st, 3, r->verdict_reasons);
  sqlite3_bind_int(st, 4, r->complete);
  const uint64_t counts[] = {r->files, r->skipped, r->findings, r->log_findings, r->incidents, r->missing};
  for (int i = 0; i < 6; i++) sqlite3_bind_int64(st, 5 + i, (int64_t)counts[i]);
  sqlite3_bind_double(st, 11, r->seconds);
  sqlite3_bind_int64(st, 12, sweep);
  ss_err err = store_run(s, st, "finishing the sweep");
  if (err != SS_OK) return err;
  if (exec(s, "COMMIT") != SQLITE_OK) return store_fail(s, "committing the sweep");
  s->in_tx = 0;
  return SS_OK;
}

ss_err store_get_sweep(store *s, int64_t sweep, store_sweep *out) {
  *out = (store_sweep){"", 0, 0, "", "", 0, 0, 0, 0, 0, 0, 0, 0};
  sqlite3_stmt *st = store_prepare(s,
      "SELECT root, started, finished, verdict, verdict_reasons, complete, files, skipped, findings,"
      " log_findings, incidents, missing, seconds FROM sweeps WHERE id=?", "reading the sweep");
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, sweep);
  int rc = sqlite3_step(st);
  ss_err err = rc == SQLITE_ROW ? SS_OK : rc == SQLITE_DONE ? SS_ERR_ARG : store_fail(s, "reading the sweep");
  if (err == SS_OK) {
    for (int i = 0; i < 3; i++) {
      free(s->text[i]);
      s->text[i] = xstrdup(store_col(st, i == 0 ? 0 : i + 2));
    }
    out->root = s->text[0];
    out->verdict = s->text[1];
    out->verdict_reasons = s->text[2];
    out->started = sqlite3_column_int64(st, 1);
    out->finished = sqlite3_column_int64(st, 2);
    out->complete = sqlite3_column_int(st, 5);
    uint64_t *counts[] = {&out->files, &out->skipped, &out->findings, &out->log_findings, &out->incidents,
                          &out->missing};
    for (int i = 0; i < 6; i++) *counts[i] = (uint64_t)sqlite3_column_int64(st, 6 + i);
    out->seconds = sqlite3_column_double(st, 12);
  }
  sqlite3_finalize(st);
  return err;
}

ss_err store_versions_changed(store *s, int64_t sweep, int *changed) {
  int64_t n = 0;
  ss_err err = store_int_query(s,
      "SELECT count(*) FROM versions a JOIN versions b ON a.component=b.component"
      " WHERE b.sweep=?1 AND a.sweep=(SELECT max(id) FROM sweeps p WHERE p.id<?1 AND"
      " p.root=(SELECT root FROM sweeps WHERE id=?1) AND p.finished IS NOT NULL)"
      " AND a.component IN ('shellsift','yara-rules','iocs') AND a.value!=b.value",
      sweep, &n, "comparing rule versions");
  *changed = n > 0;
  return err;
}
