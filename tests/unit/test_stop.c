/*
 * test_stop.c - ss_stop() (Ctrl-C): a scan and a log session asked to stop
 * read nothing more, say so in one SS_WARN_INTERRUPTED warning, and end
 * incomplete, never "nothing found".  Its own process: the request holds
 * for the whole process, as it does for the command line.
 */
#include <stdlib.h>
#include <string.h>

#include "shellsift.h"
#include "test.h"

typedef struct {
  int interrupted, incomplete, findings;
} seen;

static void on_event(const ss_event *ev, void *user) {
  seen *s = user;
  if (ev->type == SS_EVENT_WARNING) {
    s->incomplete += ev->warning->incomplete;
    s->interrupted += ev->warning->kind == SS_WARN_INTERRUPTED;
  }
  if (ev->type == SS_EVENT_FINDING || ev->type == SS_EVENT_LOG_FINDING) s->findings++;
}

static void test_scan_stops(void) {
  ss_config_t *cfg;
  ss_engine_t *e;
  seen s = {0};
  CHECK(ss_config_new(&cfg) == SS_OK);
  CHECK(ss_engine_new(cfg, on_event, &s, &e) == SS_OK);
  ss_stats st;
  CHECK(ss_scan(e, "tests/fixtures/shells", on_event, &s, &st) == SS_OK);
  CHECK(s.interrupted == 1);          /* said once */
  CHECK(s.findings == 0);             /* nothing was read after the request */
  CHECK(ss_exit_status(&st) == 2);    /* incomplete, not "nothing found" */
  ss_engine_free(e);
  ss_config_free(cfg);
}

static void test_logs_stop(void) {
  ss_logs_t *L;
  seen s = {0};
  CHECK(ss_logs_new(NULL, on_event, &s, &L) == SS_OK);
  CHECK(ss_logs_add(L, "tests/fixtures/logs") == SS_OK);
  ss_logs_stats st;
  CHECK(ss_logs_finish(L, &st) == SS_OK);
  CHECK(s.interrupted == 1);
  CHECK(ss_logs_exit_status(&st) == 2);
  ss_logs_free(L);
}

int main(void) {
  ss_stop();
  RUN(test_scan_stops);
  RUN(test_logs_stop);
  TEST_END();
}
