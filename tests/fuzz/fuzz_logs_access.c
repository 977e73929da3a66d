/*
 * fuzz_logs_access.c - the Apache / nginx / Tomcat access-log reader and
 * the request rules on arbitrary bytes.  The first input byte picks a
 * line of one of the built-in layouts (combined, vhost_combined, nginx
 * main, common) put first, so detection settles on it and the rest of the
 * input is matched against the layouts with its quotes, brackets and
 * backslash escapes; the session also knows a configured layout with
 * adjacent %U%q fields.  Invariants in logs_harness.h (findings on
 * existing lines with their own bytes as evidence, a partly read file
 * counted and making the run incomplete, totals that add up).
 */
// fuzz-max-len: 4096
// fuzz-seeds: tests/fixtures/logs/access.log tests/fixtures/logs/nginx_* tests/fixtures/logs/other_vhosts_access.log tests/fixtures/logs/localhost_access_log*
#include "logs_harness.h"

static const char *const heads[] = {
    "203.0.113.5 - - [03/Mar/2021:10:00:00 +0100] \"GET / HTTP/1.1\" 200 12 \"-\" \"Mozilla/5.0\"\n",
    "www.example.org:443 203.0.113.5 - - [03/Mar/2021:10:00:00 +0100] \"GET / HTTP/1.1\" 200 12 \"-\" \"x\"\n",
    "203.0.113.5 - - [03/Mar/2021:10:00:00 +0000] \"GET / HTTP/1.1\" 200 12 \"-\" \"x\" \"-\"\n",
    "203.0.113.5 - - [03/Mar/2021:10:00:00 +0000] \"GET / HTTP/1.1\" 200 12\n",
    "",
};

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  h_init("access.log", 0);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!size) return 0;
  h_run(heads[data[0] % (sizeof heads / sizeof heads[0])], data + 1, size - 1, 1);
  return 0;
}
