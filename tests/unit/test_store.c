/*
 * test_store.c - the case file: schema and its version check, the
 * unchanged-file test a re-sweep relies on (each stat field alone makes a
 * file "changed"), carrying findings and hashes of skipped files, and the
 * diff between two sweeps, including new scripts in web folders.
 */
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/store.h"
#include "test.h"

static char path[64];

static store *fresh(void) {
  snprintf(path, sizeof path, "/tmp/ss-store-%d.db", (int)getpid());
  unlink(path);
  store *s = NULL;
  CHECK(store_open(path, 1, &s, NULL) == SS_OK);
  return s;
}

static ss_file_record rec(const char *p, uint64_t size, int64_t mtime, const char *sha) {
  ss_file_record r = {0};
  r.path = p;
  r.size = size;
  r.inode = 42;
  r.mtime = mtime;
  r.mtime_ns = 5;
  r.ctime = mtime + 1;
  r.ctime_ns = 7;
  r.btime = -1;
  r.mode = 0100644;
  snprintf(r.sha256, sizeof r.sha256, "%s", sha);
  return r;
}

static void finish(store *s, int64_t sweep) {
  store_sweep r = {.finished = 1, .verdict = "no-evidence", .verdict_reasons = "", .complete = 1};
  CHECK(store_finish_sweep(s, sweep, &r) == SS_OK);
}

static int64_t begin(store *s, const char *root) {
  int64_t sweep = 0;
  CHECK(store_begin_sweep(s, root, &sweep) == SS_OK);
  return sweep;
}

static void add(store *s, int64_t sweep, const ss_file_record *r) {
  int carry;
  CHECK(store_add_file(s, sweep, r, &carry) == SS_OK);
}

/* The tests look at the case file with SQL of their own. */
static int64_t count(const char *sql, int64_t arg) {
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  int64_t v = -1;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
    if (sqlite3_bind_parameter_count(st)) sqlite3_bind_int64(st, 1, arg);
    v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

/* Every table's columns and their types in the case file at file, as one
 * string (malloc'd). */
static char *schema_of(const char *file) {
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  char *v = NULL;
  if (sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db,
                         "SELECT group_concat(t, ';') FROM (SELECT m.name || '.' || p.name || ':' || p.type AS t"
                         " FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY t)",
                         -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    v = strdup((const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

static const char *A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char *B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

static void test_schema(void) {
  store *s = fresh();
  int64_t latest = -1;
  CHECK(store_pick_sweep(s, 0, &latest) == SS_OK && latest == 0);
  store_close(s);
  CHECK(count("PRAGMA user_version", 0) == STORE_SCHEMA_VERSION);
  /* reopening keeps it; a newer schema is refused, not misread */
  CHECK(store_open(path, 0, &s, NULL) == SS_OK);
  store_close(s);
  sqlite3 *db = NULL;
  CHECK(sqlite3_open(path, &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(db);
  char *why = NULL;
  CHECK(store_open(path, 0, &s, &why) == SS_ERR_ARG);
  CHECK(why && strstr(why, "newer") != NULL && strstr(why, path) != NULL);
  free(why);
  /* the message names the file and the cause */
  CHECK(store_open("/nonexistent/dir/case.db", 1, &s, &why) == SS_ERR_IO);
  CHECK(why && strstr(why, "/nonexistent/dir/case.db") != NULL && strstr(why, "No such file or directory") != NULL);
  free(why);
  /* a file that is not a database */
  FILE *f = fopen(path, "w");
  CHECK(f && fputs("not a database, just text that is long enough to be read\n", f) >= 0 && fclose(f) == 0);
  CHECK(store_open(path, 0, &s, &why) == SS_ERR_IO);
  CHECK(why && strstr(why, "not a database") != NULL);
  free(why);
  unlink(path);
}

/* A case file that cannot grow (RLIMIT_FSIZE with SIGXFSZ ignored, as on
 * a full disk) fails a write, and every later call reports that first
 * failure with its cause: none reads as success. */
static void test_cannot_grow(void) {
  store *s = fresh();
  store_close(s);
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {64 * 1024, 64 * 1024};
    setrlimit(RLIMIT_FSIZE, &rl);
    CHECK(store_open(path, 0, &s, NULL) == SS_OK);
    int64_t sweep = begin(s, "/root");
    char name[64];
    ss_err err = SS_OK;
    int carry, i;
    for (i = 0; i < 100000 && err == SS_OK; i++) {
      snprintf(name, sizeof name, "/root/some/long/directory/name/file-%06d.aspx", i);
      ss_file_record r = rec(name, 10, 1000, A);
      err = store_add_file(s, sweep, &r, &carry);
      if (err == SS_OK && i % 2000 == 1999) { /* the transaction spills to the file */
        store_sweep row = {.finished = 1, .verdict = "no-evidence", .verdict_reasons = "", .complete = 1};
        err = store_finish_sweep(s, sweep, &row);
        if (err == SS_OK) err = store_begin_sweep(s, "/root", &sweep);
      }
    }
    int ok = err == SS_ERR_IO && store_error(s) && strstr(store_error(s), path) &&
             (strstr(store_error(s), "full") || strstr(store_error(s), "I/O") || strstr(store_error(s), "disk"));
    store_finding f = {"file", "/root/x.aspx", "webshell", "critical", "r", "why", A, 95, 1, -1, "{}\n", 0, 0};
    ok = ok && store_add_finding(s, sweep, &f) == SS_ERR_IO; /* sticky */
    store_close(s);
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
  unlink(path);
}

typedef struct {
  int findings, reasons;
  char first_rule[64], first_source[16];
} reasons_seen;

static void note_reasons(const ss_log_finding *f, void *user) {
  reasons_seen *r = user;
  r->findings++;
  r->reasons += (int)f->nreasons;
  if (f->nreasons) {
    snprintf(r->first_rule, sizeof r->first_rule, "%s", f->reasons[0].rule);
    snprintf(r->first_source, sizeof r->first_source, "%s", f->reasons[0].source);
  }
}

/* A case file of schema version 1 (before the Exchange table's verdicts)
 * is brought up to date when opened: its rows stay, the new columns come. */
static void test_migration(void) {
  snprintf(path, sizeof path, "/tmp/ss-store-%d.db", (int)getpid());
  unlink(path);
  sqlite3 *db = NULL;
  CHECK(sqlite3_open(path, &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db,
                     "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
                     "INSERT INTO meta VALUES('created_by','shellsift 0.9');"
                     "CREATE TABLE exchange(sweep INTEGER PRIMARY KEY, product TEXT, build TEXT, cu TEXT,"
                     " su TEXT, precision TEXT, method TEXT, evidence TEXT, error TEXT);"
                     "INSERT INTO exchange VALUES(1,'Exchange 2016','15.1.2375.37','CU22','','exact','','','');"
                     "CREATE TABLE log_findings(id INTEGER PRIMARY KEY, sweep INTEGER, rule TEXT, title TEXT,"
                     " cve TEXT, reference TEXT, severity TEXT, outcome TEXT, time INTEGER, file TEXT, line INTEGER,"
                     " format TEXT, client_ip TEXT, user_agent TEXT, method TEXT, uri TEXT, status INTEGER,"
                     " evidence TEXT, incident INTEGER, record TEXT);"
                     "INSERT INTO log_findings(sweep, rule, title, severity, outcome, time) VALUES(1,"
                     " 'proxylogon-ssrf-js', 'ProxyLogon SSRF', 'critical', 'success', 1614763200);"
                     "PRAGMA user_version=1;",
                     NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(db);
  store *s = NULL;
  CHECK(store_open(path, 0, &s, NULL) == SS_OK);
  if (!s) return;
  ss_exchange_result r = {.product = "Exchange 2016", .build = "15.1.2507.16", .cu = "CU23", .update = "Nov22SU",
                          .latest = 0, .updates_behind = 19, .supported = 0, .summary = "one sentence"};
  CHECK(store_add_exchange(s, 2, &r) == SS_OK);
  /* a log finding of an older case file reads back with its own rule as its one reason */
  reasons_seen seen = {0};
  CHECK(store_each_log_finding(s, 1, note_reasons, &seen) == SS_OK);
  CHECK(seen.findings == 1 && seen.reasons == 1);
  CHECK_STREQ(seen.first_rule, "proxylogon-ssrf-js");
  CHECK_STREQ(seen.first_source, "builtin");
  store_close(s);
  CHECK(count("PRAGMA user_version", 0) == STORE_SCHEMA_VERSION);
  CHECK(count("SELECT count(*) FROM exchange WHERE build='15.1.2375.37' AND summary IS NULL", 0) == 1);
  CHECK(count("SELECT count(*) FROM meta WHERE value='shellsift 0.9'", 0) == 1);
  CHECK(count("SELECT count(*) FROM exchange WHERE sweep=2 AND update_name='Nov22SU' AND updates_behind=19"
              " AND latest=0 AND summary='one sentence'", 0) == 1);
  /* ... and its tables end up with the columns, and types, of a new one */
  char fresh[64];
  snprintf(fresh, sizeof fresh, "/tmp/ss-store-%d-new.db", (int)getpid());
  unlink(fresh);
  CHECK(store_open(fresh, 1, &s, NULL) == SS_OK);
  store_close(s);
  char *migrated = schema_of(path), *created = schema_of(fresh);
  CHECK(migrated && created && strstr(created, "log_findings.seq:INTEGER"));
  CHECK_STREQ(migrated ? migrated : "", created ? created : "-");
  free(migrated);
  free(created);
  unlink(fresh);
  unlink(path);
}

/* A log finding's reasons - the built-in rule and a Sigma rule with its
 * tags and references - come back from the case file as they went in. */
typedef struct {
  int n;
  size_t nreasons, ntags, nrefs;
  char sigma_rule[64], tag1[32], ref0[64], author[32], level[16];
  int recovered;
} log_back;

static void log_read(const ss_log_finding *f, void *user) {
  log_back *b = user;
  b->n++;
  b->nreasons = f->nreasons;
  b->recovered = f->recovered;
  if (f->nreasons < 2) return;
  const ss_log_reason *r = &f->reasons[1];
  snprintf(b->sigma_rule, sizeof b->sigma_rule, "%s", r->rule);
  snprintf(b->author, sizeof b->author, "%s", r->author);
  snprintf(b->level, sizeof b->level, "%s", r->level);
  b->ntags = r->ntags;
  b->nrefs = r->nreferences;
  if (r->ntags > 1) snprintf(b->tag1, sizeof b->tag1, "%s", r->tags[1]);
  if (r->nreferences) snprintf(b->ref0, sizeof b->ref0, "%s", r->references[0]);
}

static void test_log_reasons(void) {
  store *s = fresh();
  int64_t sw = begin(s, "/root");
  static const char *const tags[] = {"attack.initial-access", "attack.t1190", "cve.2021-26855"};
  static const char *const refs[] = {"https://example.org/advisory", "https://example.org/blog"};
  ss_log_reason reasons[2] = {
      {.source = "builtin", .rule = "proxylogon-ssrf-js", .title = "t", .severity = SS_SEV_CRITICAL, .level = "",
       .cve = "CVE-2021-26855", .reference = "Volexity", .author = "", .rule_file = "", .status = ""},
      {.source = "sigma", .rule = "67bce556-312f-4c81-9162-c3c9ff2599b2", .title = "Exchange Exploitation Used by HAFNIUM",
       .severity = SS_SEV_HIGH, .level = "high", .cve = "CVE-2021-26855", .reference = "Sigma 67bce556",
       .author = "Florian Roth", .tags = tags, .ntags = 3, .references = refs, .nreferences = 2,
       .rule_file = "/rules/web_exchange_exploitation_hafnium.yml", .status = "test"}};
  ss_log_finding lf = {.rule = "proxylogon-ssrf-js", .title = "t", .cve = "", .reference = "", .outcome = "success",
                       .severity = SS_SEV_CRITICAL, .time = 1614763200, .file = "u_ex210303.log", .line = 7,
                       .format = "iis", .client_ip = "", .user_agent = "", .method = "POST", .uri = "/ecp/y.js",
                       .evidence = "line", .reasons = reasons, .nreasons = 2, .recovered = 1};
  CHECK(store_add_log_finding(s, sw, &lf, "{}") == SS_OK);
  log_back b = {0};
  CHECK(store_each_log_finding(s, sw, log_read, &b) == SS_OK);
  CHECK(b.n == 1 && b.nreasons == 2 && b.ntags == 3 && b.nrefs == 2 && b.recovered == 1);
  CHECK_STREQ(b.sigma_rule, "67bce556-312f-4c81-9162-c3c9ff2599b2");
  CHECK_STREQ(b.tag1, "attack.t1190");
  CHECK_STREQ(b.ref0, "https://example.org/advisory");
  CHECK_STREQ(b.author, "Florian Roth");
  CHECK_STREQ(b.level, "high");
  finish(s, sw);
  store_close(s);
  CHECK(count("SELECT count(*) FROM log_reasons r, json_each(r.tags) t WHERE t.value='attack.t1190'", 0) == 1);
  unlink(path);
}

static void test_unchanged(void) {
  store *s = fresh();
  int64_t one = begin(s, "/root");
  CHECK(one == 1);
  ss_file_record r = rec("/root/a.aspx", 10, 1000, A);
  add(s, one, &r);
  ss_file_record unread = rec("/root/unreadable", 3, 1000, "");
  add(s, one, &unread);
  finish(s, one);
  int64_t two = begin(s, "/root"), prev = 0;
  CHECK(store_previous_of(s, two, &prev) == SS_OK && prev == one);
  CHECK(store_load_previous(s, one) == SS_OK);
  CHECK(store_unchanged(s, &r));
  ss_file_record c = r;
  c.size++;
  CHECK(!store_unchanged(s, &c));
  c = r, c.mtime_ns++;
  CHECK(!store_unchanged(s, &c));
  c = r, c.ctime++;
  CHECK(!store_unchanged(s, &c));
  c = r, c.ctime_ns++;
  CHECK(!store_unchanged(s, &c));
  c = r, c.inode++;
  CHECK(!store_unchanged(s, &c));
  c = r, c.path = "/root/b.aspx";
  CHECK(!store_unchanged(s, &c));
  /* never hashed last time: read again */
  CHECK(!store_unchanged(s, &unread));
  store_close(s);
  unlink(path);
}

static void count_carried(const store_finding *f, void *user) {
  CHECK(f->carried == 1);
  CHECK_STREQ(f->record, "{\"x\":1}\n");
  ++*(int *)user;
}

static void test_carry(void) {
  store *s = fresh();
  int64_t one = begin(s, "/root");
  ss_file_record r = rec("/root/shell.aspx", 10, 1000, A);
  add(s, one, &r);
  store_finding f = {"file", "/root/shell.aspx", "webshell", "critical", "r1", "a shell", A, 95, 1000, -1,
                     "{\"x\":1}\n", 0, 0};
  CHECK(store_add_finding(s, one, &f) == SS_OK);
  finish(s, one);
  int64_t two = begin(s, "/root");
  CHECK(store_load_previous(s, one) == SS_OK);
  ss_file_record skipped = rec("/root/shell.aspx", 10, 1000, "");
  skipped.skipped = 1;
  int carry = 0;
  CHECK(store_add_file(s, two, &skipped, &carry) == SS_OK && carry == 1); /* it had findings */
  int n = 0;
  CHECK(store_carry_findings(s, two, one, skipped.path, count_carried, &n) == SS_OK);
  CHECK(n == 1);
  /* nothing written for the skipped file: its version from sweep one is seen by two */
  CHECK(store_end_files(s, two) == SS_OK);
  finish(s, two);
  store_close(s);
  CHECK(count("SELECT count(*) FROM findings WHERE sweep=? AND carried=1 AND score=95", two) == 1);
  CHECK(count("SELECT count(*) FROM files WHERE first_sweep > 0", 0) == 1);
  CHECK(count("SELECT count(*) FROM files_seen WHERE sweep=? AND sha256 LIKE 'aaaa%'", two) == 1);
  unlink(path);
}

typedef struct {
  int added, changed, removed, scripts;
  char last_script[64];
} diffs;

static void on_diff(const ss_diff_entry *e, void *user) {
  diffs *d = user;
  d->added += !strcmp(e->change, "added");
  d->changed += !strcmp(e->change, "changed");
  d->removed += !strcmp(e->change, "removed");
  if (e->script_in_webroot) {
    d->scripts++;
    snprintf(d->last_script, sizeof d->last_script, "%s", e->path);
  }
}

static void test_diff(void) {
  store *s = fresh();
  int64_t one = begin(s, "/srv/c");
  ss_file_record keep = rec("/srv/c/inetpub/wwwroot/iisstart.htm", 5, 1, A);
  ss_file_record edit = rec("/srv/c/inetpub/wwwroot/aspnet_client/x.aspx", 5, 1, A);
  ss_file_record gone = rec("/srv/c/Windows/Temp/old.log", 5, 1, A);
  add(s, one, &keep);
  add(s, one, &edit);
  add(s, one, &gone);
  finish(s, one);
  int64_t two = begin(s, "/srv/c"), prev = 0;
  CHECK(store_previous_of(s, two, &prev) == SS_OK && prev == one);
  CHECK(store_load_previous(s, one) == SS_OK);
  ss_file_record edited = rec("/srv/c/inetpub/wwwroot/aspnet_client/x.aspx", 5, 1, B); /* same stat, new hash */
  ss_file_record added = rec("/srv/c/Windows/Temp/new.txt", 5, 1, B);
  add(s, two, &keep);
  add(s, two, &edited);
  add(s, two, &added);
  CHECK(store_end_files(s, two) == SS_OK);
  finish(s, two);
  store_close(s);
  /* five versions: keep (unchanged, not rewritten), edit and its edit, gone, added */
  CHECK(count("SELECT count(*) FROM files", 0) == 5);
  CHECK(count("SELECT count(*) FROM files_seen WHERE sweep=?", two) == 3);
  CHECK(count("SELECT count(*) FROM files_seen WHERE sweep=?", one) == 3);
  diffs d = {0};
  int64_t from = 0, to = 0;
  CHECK(ss_sweep_diff(path, 0, on_diff, &d, &from, &to) == SS_OK);
  CHECK(from == 1 && to == 2);
  CHECK(d.added == 1 && d.changed == 1 && d.removed == 1);
  CHECK(d.scripts == 1 && strstr(d.last_script, "x.aspx") != NULL);
  CHECK(ss_sweep_diff(path, 2, on_diff, &d, NULL, NULL) == SS_ERR_ARG); /* nothing after 2 */
  ss_sweep_result r;
  CHECK(ss_sweep_report(path, 7, NULL, NULL, NULL, &r) == SS_ERR_ARG);
  CHECK(ss_sweep_report(path, 0, NULL, NULL, NULL, &r) == SS_OK && r.sweep_id == 2);
  unlink(path);
}

int main(void) {
  RUN(test_schema);
  RUN(test_migration);
  RUN(test_log_reasons);
  RUN(test_unchanged);
  RUN(test_carry);
  RUN(test_diff);
  RUN(test_cannot_grow);
  TEST_END();
}
