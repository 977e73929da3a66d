/*
 * fuzz_logs_text.c - whatever a log turns out to be: arbitrary bytes as a
 * named log (format detected from content, any reader; what none claims
 * is read line by line as raw text), so the raw-line checks (the
 * Test-ProxyLogon patterns with PCRE2, values after ServerInfo~, Server~
 * and S:CMD=, the best-effort request of an unsplit line) see hostile
 * lines.  Invariants in logs_harness.h.
 */
// fuzz-max-len: 4096
// fuzz-seeds: tests/fixtures/logs/*
#include "logs_harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  h_init("OABGeneratorLog_20210303.log", 0);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  h_run("", data, size, 1);
  return 0;
}
