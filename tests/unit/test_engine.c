/*
 * test_engine.c - the public API end to end, without the CLI: the built-in
 * pack compiles cleanly, a scan through ss_scan() reports a planted test
 * shell through the callback with its evidence, and the config switches
 * (threads, ignored files, no built-ins) do what they say.
 */
#include <stdlib.h>
#include <unistd.h>

#include "shellsift.h"
#include "test.h"

typedef struct {
  int findings, warnings, rule_warnings;
  char last_path[4096];
  char sha256[65];
  int score;
  char category[32];
} collected;

static void collect(const ss_event *ev, void *user) {
  collected *c = user;
  if (ev->type == SS_EVENT_FINDING) {
    c->findings++;
    snprintf(c->last_path, sizeof c->last_path, "%s", ev->finding->path);
    snprintf(c->sha256, sizeof c->sha256, "%s", ev->finding->sha256);
    snprintf(c->category, sizeof c->category, "%s", ev->finding->category);
    c->score = ev->finding->score;
  } else if (ev->type == SS_EVENT_WARNING) {
    c->warnings++;
    c->rule_warnings += ev->warning->kind == SS_WARN_RULES;
  }
}

/* A temp dir holding one copy of the demo's planted shell and a benign file. */
static char dir[] = "/tmp/ss-engine-XXXXXX";

static void make_tree(void) {
  CHECK(mkdtemp(dir) != NULL);
  char cmd[512];
  snprintf(cmd, sizeof cmd, "cp demo/uploads/thumb.php %s/t.php && echo '<?php echo 1;' > %s/ok.php", dir, dir);
  CHECK(system(cmd) == 0);
}

static void test_builtin_pack_compiles_cleanly(void) {
  ss_config_t *cfg;
  ss_engine_t *e = NULL;
  collected c = {0};
  CHECK(ss_config_new(&cfg) == SS_OK);
  CHECK(ss_engine_new(cfg, collect, &c, &e) == SS_OK);
  CHECK(c.warnings == 0); /* not one warning from our own rules or IOC lists */
  size_t rules, hashes, names;
  ss_engine_counts(e, &rules, &hashes, &names);
  CHECK(rules >= 30);
  CHECK(hashes >= 20);
  CHECK(names >= 10);
  ss_engine_free(e);
  ss_config_free(cfg);
}

static void test_scan_reports_shell(void) {
  ss_config_t *cfg;
  ss_engine_t *e = NULL;
  collected c = {0};
  ss_stats st;
  ss_config_new(&cfg);
  ss_config_set_threads(cfg, 3);
  CHECK(ss_engine_new(cfg, collect, &c, &e) == SS_OK);
  CHECK(ss_scan(e, dir, collect, &c, &st) == SS_OK);
  CHECK(c.findings == 1);
  CHECK(strstr(c.last_path, "/t.php") != NULL);
  CHECK(strlen(c.sha256) == 64);
  CHECK(c.score >= 90);
  CHECK_STREQ(c.category, "webshell");
  CHECK(st.files == 2 && st.dirs == 1 && st.findings == 1 && st.incomplete == 0);
  CHECK(st.by_severity[SS_SEV_CRITICAL] == 1);
  CHECK(ss_exit_status(&st) == 1);
  ss_engine_free(e);
  ss_config_free(cfg);
}

static void test_ignored_file_and_no_builtin(void) {
  ss_config_t *cfg;
  ss_engine_t *e = NULL;
  collected c = {0};
  char path[600];
  snprintf(path, sizeof path, "%s/t.php", dir);
  ss_config_new(&cfg);
  CHECK(ss_config_ignore_file(cfg, path) == SS_OK);
  CHECK(ss_engine_new(cfg, collect, &c, &e) == SS_OK);
  ss_stats st;
  ss_scan(e, dir, collect, &c, &st);
  CHECK(c.findings == 0);
  CHECK(ss_exit_status(&st) == 0);
  ss_engine_free(e);
  /* no built-ins and nothing else: there is nothing to scan with */
  CHECK(ss_config_set_builtin(cfg, 0) == SS_OK);
  CHECK(ss_engine_new(cfg, collect, &c, &e) == SS_ERR_RULES);
  CHECK(e == NULL);
  ss_config_free(cfg);
}

static void test_bad_arguments(void) {
  ss_config_t *cfg;
  ss_config_new(&cfg);
  CHECK(ss_config_set_threads(cfg, 100000) == SS_ERR_ARG);
  CHECK(ss_config_add_exclude(cfg, "") == SS_ERR_ARG);
  CHECK(ss_config_set_rule_timeout(cfg, 0) == SS_ERR_ARG);
  CHECK(ss_config_ignore_file(cfg, "/no/such/file") == SS_ERR_IO);
  ss_engine_t *e = NULL;
  CHECK(ss_engine_new(cfg, NULL, NULL, &e) == SS_OK);
  CHECK(ss_scan(e, "", NULL, NULL, NULL) == SS_ERR_ARG);
  CHECK(ss_scan(e, "/no/such/dir", NULL, NULL, NULL) == SS_ERR_IO);
  ss_engine_free(e);
  ss_config_free(cfg);
  CHECK(strcmp(ss_strerror(SS_ERR_RULES), "no usable rules") == 0);
  CHECK(ss_strerror((ss_err)999) != NULL);
}

int main(void) {
  make_tree();
  RUN(test_builtin_pack_compiles_cleanly);
  RUN(test_scan_reports_shell);
  RUN(test_ignored_file_and_no_builtin);
  RUN(test_bad_arguments);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  TEST_END();
}
