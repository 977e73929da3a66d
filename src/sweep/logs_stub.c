/* TEMPORARY STUB - deleted at merge */
/*
 * logs_stub.c - placeholder for the ss_logs_* API (src/logs/, built by
 * another engineer) so this clone links: no log is read, nothing is
 * reported, the stats show zero sources.  Nothing else depends on it.
 */
#include <stdlib.h>
#include <string.h>

#include "shellsift.h"

struct ss_logs {
  int unused;
};

ss_err ss_logs_new(const ss_logs_options *opt, ss_event_cb cb, void *user, ss_logs_t **out) {
  (void)opt, (void)cb, (void)user;
  *out = calloc(1, sizeof **out);
  return *out ? SS_OK : SS_ERR_NOMEM;
}

void ss_logs_free(ss_logs_t *logs) { free(logs); }

ss_err ss_logs_link_shell(ss_logs_t *logs, const char *path) {
  (void)logs, (void)path;
  return SS_OK;
}

ss_err ss_logs_add(ss_logs_t *logs, const char *path) {
  (void)logs, (void)path;
  return SS_OK;
}

ss_err ss_logs_finish(ss_logs_t *logs, ss_logs_stats *stats) {
  (void)logs;
  if (stats) memset(stats, 0, sizeof *stats);
  return SS_OK;
}
