/*
 * fuzz_logs_w3c.c - the IIS W3C reader and the request rules on arbitrary
 * bytes after an IIS "#Software" line (so the input is read as W3C):
 * directives ("# Fields:" too), #Fields re-read mid-file, any field count
 * (the column alignment of user agents with raw spaces and removed
 * columns), '-' and '+', over-long lines (max-line 512 here), binary
 * junk, and the prefilter deciding which lines the rules see.  Invariants in
 * logs_harness.h: findings name a built-in rule and an existing line
 * whose bytes are their evidence, warnings name the file, totals add up.
 */
// fuzz-max-len: 4096
// fuzz-seeds: tests/fixtures/logs/u_ex* tests/fixtures/logs/*.log
#include "logs_harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  h_init("u_ex210303.log", 0);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  h_run("#Software: Microsoft Internet Information Services 10.0\n", data, size, 1);
  return 0;
}
