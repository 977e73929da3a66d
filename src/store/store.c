/*
 * store.c - opening a case file, its schema and the sweeps table (see
 * store.h).  The schema is created once and stamped with user_version; a
 * case file from a newer shellsift is refused rather than misread.  The
 * whole sweep is one transaction: fast (one fsync) and a sweep that dies
 * half-way leaves the case file as it was.
 */
#include "store/store_priv.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

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
    " evidence TEXT, incident INTEGER, record TEXT);"
    "CREATE INDEX IF NOT EXISTS log_findings_sweep ON log_findings(sweep);"
    "CREATE TABLE IF NOT EXISTS incidents(sweep INTEGER, id INTEGER, client_ip TEXT, first_seen INTEGER,"
    " last_seen INTEGER, severity TEXT, nfindings INTEGER, summary TEXT, rules TEXT, shells TEXT,"
    " record TEXT, PRIMARY KEY(sweep, id));"
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

sqlite3_stmt *store_prepare(store *s, const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return NULL;
  return st;
}

void store_bind_text(sqlite3_stmt *st, int i, const char *v) {
  sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_TRANSIENT);
}

static int exec(store *s, const char *sql) { return sqlite3_exec(s->db, sql, NULL, NULL, NULL); }

/* What changed from schema version N to N+1 (migrations[N - 1]): a case
 * file from an older shellsift is brought up to date when opened. */
static const char *const migrations[] = {
    /* 1 -> 2: what the Exchange build table says about the build */
    "ALTER TABLE exchange ADD COLUMN update_name TEXT;ALTER TABLE exchange ADD COLUMN latest INTEGER;"
    "ALTER TABLE exchange ADD COLUMN updates_behind INTEGER;ALTER TABLE exchange ADD COLUMN supported INTEGER;"
    "ALTER TABLE exchange ADD COLUMN end_of_support TEXT;ALTER TABLE exchange ADD COLUMN missing_cves TEXT;"
    "ALTER TABLE exchange ADD COLUMN summary TEXT;",
};
_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION - 1, "one migration per version");

static ss_err init_schema(store *s, const char **why) {
  sqlite3_stmt *st = store_prepare(s, "PRAGMA user_version");
  int version = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
  sqlite3_finalize(st);
  if (version < 0) {
    *why = "not a SQLite database";
    return SS_ERR_IO;
  }
  if (version > STORE_SCHEMA_VERSION) {
    *why = "case file written by a newer shellsift (schema version too high)";
    return SS_ERR_ARG;
  }
  if (version == STORE_SCHEMA_VERSION) return SS_OK;
  strbuf up = STRBUF_INIT;
  for (int v = version ? version : STORE_SCHEMA_VERSION; v < STORE_SCHEMA_VERSION; v++)
    sb_adds(&up, migrations[v - 1]);
  char *sql = xasprintf("BEGIN;%s%sINSERT OR REPLACE INTO meta VALUES('schema_version','%d');"
                        "INSERT OR IGNORE INTO meta VALUES('created_by','shellsift %s');"
                        "PRAGMA user_version=%d;COMMIT;",
                        up.len ? up.data : "", schema_sql, STORE_SCHEMA_VERSION, SS_VERSION, STORE_SCHEMA_VERSION);
  sb_free(&up);
  int rc = exec(s, sql);
  free(sql);
  if (rc != SQLITE_OK) {
    *why = sqlite3_errmsg(s->db);
    return SS_ERR_IO;
  }
  return SS_OK;
}

ss_err store_open(const char *path, int create, store **out, const char **why) {
  static const char *dummy;
  if (!why) why = &dummy;
  *out = NULL;
  *why = "";
  store *s = xcalloc(1, sizeof *s);
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path ? path : ":memory:", &s->db, flags, NULL) != SQLITE_OK) {
    *why = s->db ? sqlite3_errmsg(s->db) : "cannot open";
    store_close(s);
    return SS_ERR_IO;
  }
  sqlite3_busy_timeout(s->db, 5000);
  /* a sweep inserts a row per file in one transaction: keep the tree in memory */
  exec(s, "PRAGMA cache_size=-32768");
  ss_err err = init_schema(s, why);
  if (err != SS_OK) {
    /* keep the message alive past close: copy what sqlite said */
    static char msg[160];
    snprintf(msg, sizeof msg, "%s", *why);
    *why = msg;
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
  free(s);
}

sqlite3 *store_db(store *s) { return s->db; }

int64_t store_count(store *s, const char *sql, int64_t sweep) {
  sqlite3_stmt *st = store_prepare(s, sql);
  if (!st) return 0;
  if (sqlite3_bind_parameter_count(st) > 0) sqlite3_bind_int64(st, 1, sweep);
  int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return v;
}

int64_t store_sweep_before(store *s, int64_t before) {
  if (before > 0) return store_count(s, "SELECT max(id) FROM sweeps WHERE id < ?", before);
  return store_count(s, "SELECT max(id) FROM sweeps", 0);
}

int64_t store_previous_of(store *s, int64_t sweep) {
  return store_count(s,
                     "SELECT max(p.id) FROM sweeps p, sweeps c WHERE c.id=?1 AND p.root=c.root AND p.id<c.id"
                     " AND p.finished IS NOT NULL",
                     sweep);
}

int64_t store_begin_sweep(store *s, const char *root) {
  if (exec(s, "BEGIN") != SQLITE_OK) return 0;
  s->in_tx = 1;
  sqlite3_stmt *st = store_prepare(s, "INSERT INTO sweeps(root, started, tool_version) VALUES(?,?,?)");
  if (!st) return 0;
  store_bind_text(st, 1, root);
  sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
  store_bind_text(st, 3, SS_VERSION);
  int ok = sqlite3_step(st) == SQLITE_DONE;
  sqlite3_finalize(st);
  return ok ? sqlite3_last_insert_rowid(s->db) : 0;
}

ss_err store_finish_sweep(store *s, int64_t sweep, const ss_sweep_result *r, const char *verdict_reasons) {
  sqlite3_stmt *st = store_prepare(s,
      "UPDATE sweeps SET finished=?, verdict=?, verdict_reasons=?, complete=?, files=?, skipped=?,"
      " findings=?, log_findings=?, incidents=?, missing=?, seconds=? WHERE id=?");
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, (int64_t)time(NULL));
  store_bind_text(st, 2, ss_verdict_name(r->verdict));
  store_bind_text(st, 3, verdict_reasons);
  sqlite3_bind_int(st, 4, r->complete);
  sqlite3_bind_int64(st, 5, (int64_t)r->files);
  sqlite3_bind_int64(st, 6, (int64_t)r->skipped);
  sqlite3_bind_int64(st, 7, (int64_t)r->findings);
  sqlite3_bind_int64(st, 8, (int64_t)r->log_findings);
  sqlite3_bind_int64(st, 9, (int64_t)r->incidents);
  sqlite3_bind_int64(st, 10, (int64_t)r->missing);
  sqlite3_bind_double(st, 11, r->seconds);
  sqlite3_bind_int64(st, 12, sweep);
  int ok = sqlite3_step(st) == SQLITE_DONE;
  sqlite3_finalize(st);
  if (!ok) return SS_ERR_IO;
  if (s->in_tx && exec(s, "COMMIT") != SQLITE_OK) return SS_ERR_IO;
  s->in_tx = 0;
  return SS_OK;
}
