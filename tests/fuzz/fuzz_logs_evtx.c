/*
 * fuzz_logs_evtx.c - the .evtx path of a log session on arbitrary bytes:
 * what starts with the "ElfFile" signature (the prefix here) is read by our
 * EVTX reader from memory, each record becomes fields, spans and XML, and
 * the rules run on them.  Beyond "no crash": findings name a built-in rule
 * and the input; a file the reader cannot make sense of is a warning,
 * never a silent skip; totals add up (logs_harness.h).
 */
// fuzz-max-len: 200000
// fuzz-seeds: build-fuzz/corpus-src/evtx/*
#include "logs_harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  h_init("Application.evtx", 0);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* Inputs that are whole EVTX files (the seeds) are taken as they are. */
  if (size >= 8 && !memcmp(data, "ElfFile", 8)) h_run("", data, size, 0);
  else h_run("ElfFile", data, size, 0);
  return 0;
}
