/*
 * fuzz_logs_evtx.c - the .evtx path on arbitrary bytes: libevtx opens what
 * starts with the "ElfFile" signature (the prefix here), our wrapper reads
 * each record's XML, EventData texts and cmdlet fields, and the rules run
 * on them.  Beyond "no crash" (in libevtx too): findings name a built-in
 * rule and the file; a file libevtx cannot make sense of is a warning,
 * never a silent skip; totals add up (logs_harness.h).
 */
// fuzz-max-len: 200000
// fuzz-seeds: build-fuzz/corpus-src/evtx/*
#include "logs_harness.h"

/* libevtx (libfwevt) leaks a few small objects on some malformed records,
 * inside the library; they are not ours to free, so LeakSanitizer is told
 * to ignore allocations made from it. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libevtx.so\n"; }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  h_init("Application.evtx", 1);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* Inputs that are whole EVTX files (the seeds) are taken as they are. */
  if (size >= 8 && !memcmp(data, "ElfFile", 8)) h_run("", data, size, 0);
  else h_run("ElfFile", data, size, 0);
  return 0;
}
