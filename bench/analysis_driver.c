/*
 * analysis_driver.c - bench/analysis's timing harness: reads every file
 * named on stdin into memory, then runs the analysis stage (prefilter,
 * lexing, analysis) over all of them on one thread, N times, and prints
 * "files bytes cpu-seconds detections" for the fastest round.  Reading
 * is outside the timed part: the stage is what is measured.
 *
 *   analysis_driver [ROUNDS [nolimit]] < list
 *
 * nolimit turns the per-file time limit off, for instruction counts under
 * valgrind --tool=callgrind: there the stage runs ~50x slower, and the
 * limit would cut big files short at points that depend on the load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang/lang.h"

/* CPU time, not wall time: the machine is shared, and per-core throughput
 * is bytes per CPU second. */
static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 3;
  size_t n = 0, cap = 0, total = 0;
  struct { unsigned char *p; size_t len; } *files = NULL;
  char path[8192];
  while (fgets(path, sizeof path, stdin)) {
    path[strcspn(path, "\n")] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) continue;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    rewind(f);
    if (n == cap) files = realloc(files, (cap = cap ? cap * 2 : 1024) * sizeof *files);
    files[n].p = malloc(len > 0 ? (size_t)len : 1);
    files[n].len = fread(files[n].p, 1, len > 0 ? (size_t)len : 0, f);
    total += files[n++].len;
    fclose(f);
  }
  lang_limits lim = {LANG_DEFAULT_DEPTH, LANG_DEFAULT_DECODED, LANG_DEFAULT_MS};
  if (argc > 2 && strcmp(argv[2], "nolimit") == 0) lim.max_ms = 0;
  lang_ctx *c = lang_ctx_new(&lim);
  lang_result r;
  double best = 1e9;
  size_t det = 0;
  for (int k = 0; k < rounds; k++) {
    det = 0;
    double t0 = cpu_now();
    for (size_t i = 0; i < n; i++) {
      lang_analyze(c, files[i].p, files[i].len, "PHP", &r);
      det += r.ndet;
      int positive = 0; /* the model speaks where nothing else did (core_analysis_model) */
      for (size_t d = 0; d < r.ndet; d++) positive |= r.det[d].score >= 40;
      if (!positive) det += lang_model_judge(&r, files[i].p, files[i].len) > 0;
    }
    double t = cpu_now() - t0;
    if (t < best) best = t;
  }
  printf("%zu %zu %.4f %zu\n", n, total, best, det);
  lang_ctx_free(c);
  for (size_t i = 0; i < n; i++) free(files[i].p);
  free(files);
  return 0;
}
