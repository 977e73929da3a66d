/*
 * fuzz_logs_formats.c - formats from the evidence: the first line of the
 * input is a LogFormat (or, with a leading '$', an nginx log_format)
 * registered with ss_logs_add_format, the rest a log read with it.  So the
 * format compiler (modifiers, %{...}, ${...}, %% and $$, adjacent fields,
 * quoted fields) and the bounded matcher both see hostile input.  Beyond
 * the harness's invariants: a format that compiles is accepted again
 * (kept once), and one that does not is refused with SS_ERR_ARG, never a
 * crash; the configuration reader takes the same text as a whole
 * configuration file without counting more formats than it has lines.
 */
// fuzz-max-len: 4096
// fuzz-seeds: tests/fixtures/logs/conf/* tests/fixtures/logs/intranet_access.log tests/fixtures/logs/nginx_timed.log
#include "logs_harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  h_init("custom_access.log", 0);
  return 0;
}

static void config_props(const uint8_t *data, size_t size) {
  logs_layouts *l = logs_layouts_new();
  size_t lines = 1;
  for (size_t i = 0; i < size; i++) lines += data[i] == '\n';
  size_t n = logs_webconf_read(l, (const char *)data, size);
  FUZZ_ASSERT(n <= lines && logs_layouts_count(l) <= n);
  logs_layouts_free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  config_props(data, size);
  const uint8_t *nl = memchr(data, '\n', size);
  if (!nl) return 0;
  char *fmt = strndup((const char *)data, (size_t)(nl - data));
  FUZZ_ASSERT(fmt != NULL);
  const char *syntax = fmt[0] == '$' ? "nginx" : "apache";
  ss_logs_t *probe;
  FUZZ_ASSERT(ss_logs_new(NULL, NULL, NULL, &probe) == SS_OK);
  ss_err a = ss_logs_add_format(probe, syntax, "fuzz", fmt);
  FUZZ_ASSERT(a == SS_OK || a == SS_ERR_ARG);
  if (a == SS_OK) FUZZ_ASSERT(ss_logs_add_format(probe, syntax, "fuzz", fmt) == SS_OK);
  ss_logs_free(probe);
  /* the log itself, through a session that knows the format */
  h_format_syntax = syntax;
  h_format = a == SS_OK ? fmt : NULL;
  h_run("", nl + 1, size - (size_t)(nl + 1 - data), 1);
  h_format = NULL;
  free(fmt);
  return 0;
}
