/*
 * test_store.c - the case file: schema and its version check, the
 * unchanged-file test a re-sweep relies on (each stat field alone makes a
 * file "changed"), carrying findings and hashes of skipped files, and the
 * diff between two sweeps, including new scripts in web folders.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
  ss_sweep_result r = {.sweep_id = sweep, .complete = 1};
  CHECK(store_finish_sweep(s, sweep, &r, "") == SS_OK);
}

static const char *A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char *B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

static void test_schema(void) {
  store *s = fresh();
  CHECK(store_count(s, "PRAGMA user_version", 0) == STORE_SCHEMA_VERSION);
  CHECK(store_sweep_before(s, 0) == 0);
  store_close(s);
  /* reopening keeps it; a newer schema is refused, not misread */
  CHECK(store_open(path, 0, &s, NULL) == SS_OK);
  CHECK(sqlite3_exec(store_db(s), "PRAGMA user_version=99", NULL, NULL, NULL) == SQLITE_OK);
  store_close(s);
  const char *why = NULL;
  CHECK(store_open(path, 0, &s, &why) == SS_ERR_ARG);
  CHECK(why && strstr(why, "newer") != NULL);
  CHECK(store_open("/nonexistent/dir/case.db", 1, &s, &why) == SS_ERR_IO);
  unlink(path);
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
                     "PRAGMA user_version=1;",
                     NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(db);
  store *s = NULL;
  CHECK(store_open(path, 0, &s, NULL) == SS_OK);
  if (!s) return;
  CHECK(store_count(s, "PRAGMA user_version", 0) == STORE_SCHEMA_VERSION);
  CHECK(store_count(s, "SELECT count(*) FROM exchange WHERE build='15.1.2375.37' AND summary IS NULL", 0) == 1);
  CHECK(store_count(s, "SELECT count(*) FROM meta WHERE value='shellsift 0.9'", 0) == 1);
  ss_exchange_result r = {.product = "Exchange 2016", .build = "15.1.2507.16", .cu = "CU23", .update = "Nov22SU",
                          .latest = 0, .updates_behind = 19, .supported = 0, .summary = "one sentence"};
  store_add_exchange(s, 2, &r);
  CHECK(store_count(s, "SELECT count(*) FROM exchange WHERE sweep=2 AND update_name='Nov22SU' AND updates_behind=19"
                       " AND latest=0 AND summary='one sentence'", 0) == 1);
  store_close(s);
  unlink(path);
}

static void test_unchanged(void) {
  store *s = fresh();
  int64_t one = store_begin_sweep(s, "/root");
  CHECK(one == 1);
  ss_file_record r = rec("/root/a.aspx", 10, 1000, A);
  store_add_file(s, one, &r);
  ss_file_record unread = rec("/root/unreadable", 3, 1000, "");
  store_add_file(s, one, &unread);
  finish(s, one);
  int64_t two = store_begin_sweep(s, "/root");
  CHECK(store_sweep_before(s, two) == one);
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
  int64_t one = store_begin_sweep(s, "/root");
  ss_file_record r = rec("/root/shell.aspx", 10, 1000, A);
  store_add_file(s, one, &r);
  store_finding f = {"file", "/root/shell.aspx", "webshell", "critical", "r1", "a shell", A, 95, 1000, -1,
                     "{\"x\":1}\n", 0};
  store_add_finding(s, one, &f);
  finish(s, one);
  int64_t two = store_begin_sweep(s, "/root");
  store_load_previous(s, one);
  ss_file_record skipped = rec("/root/shell.aspx", 10, 1000, "");
  skipped.skipped = 1;
  CHECK(store_add_file(s, two, &skipped) == 1); /* it had findings */
  int n = 0;
  store_carry_findings(s, two, one, skipped.path, count_carried, &n);
  CHECK(n == 1);
  CHECK(store_count(s, "SELECT count(*) FROM findings WHERE sweep=? AND carried=1 AND score=95", two) == 1);
  /* nothing written for the skipped file: its version from sweep one is seen by two */
  store_end_files(s, two);
  finish(s, two);
  CHECK(store_count(s, "SELECT count(*) FROM files WHERE first_sweep > 0", 0) == 1);
  CHECK(store_count(s, "SELECT count(*) FROM files_seen WHERE sweep=? AND sha256 LIKE 'aaaa%'", two) == 1);
  store_close(s);
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
  int64_t one = store_begin_sweep(s, "/srv/c");
  ss_file_record keep = rec("/srv/c/inetpub/wwwroot/iisstart.htm", 5, 1, A);
  ss_file_record edit = rec("/srv/c/inetpub/wwwroot/aspnet_client/x.aspx", 5, 1, A);
  ss_file_record gone = rec("/srv/c/Windows/Temp/old.log", 5, 1, A);
  store_add_file(s, one, &keep);
  store_add_file(s, one, &edit);
  store_add_file(s, one, &gone);
  finish(s, one);
  int64_t two = store_begin_sweep(s, "/srv/c");
  CHECK(store_previous_of(s, two) == one);
  store_load_previous(s, one);
  ss_file_record edited = rec("/srv/c/inetpub/wwwroot/aspnet_client/x.aspx", 5, 1, B); /* same stat, new hash */
  ss_file_record added = rec("/srv/c/Windows/Temp/new.txt", 5, 1, B);
  store_add_file(s, two, &keep);
  store_add_file(s, two, &edited);
  store_add_file(s, two, &added);
  store_end_files(s, two);
  finish(s, two);
  /* five versions: keep (unchanged, not rewritten), edit and its edit, gone, added */
  CHECK(store_count(s, "SELECT count(*) FROM files", 0) == 5);
  CHECK(store_count(s, "SELECT count(*) FROM files_seen WHERE sweep=?", two) == 3);
  CHECK(store_count(s, "SELECT count(*) FROM files_seen WHERE sweep=?", one) == 3);
  store_close(s);
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
  RUN(test_unchanged);
  RUN(test_carry);
  RUN(test_diff);
  TEST_END();
}
