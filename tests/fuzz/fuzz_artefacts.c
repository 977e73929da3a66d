/*
 * fuzz_artefacts.c - the sweep's path and byte classifiers on arbitrary
 * input: the first line is a path below the root, the rest the file's
 * bytes (its first 16 as the head).  Asserts: at most max artefacts, each
 * with a "shellsift.sweep." rule, a description and a score in 40..100;
 * the same input gives the same answer; where a path lies does not depend
 * on its letter case (Windows paths are case-insensitive) nor on '\' vs
 * '/'; an ECS record of each artefact is one line with no raw control byte.
 */
// fuzz-max-len: 4096
// fuzz-seeds: tests/sweep/seeds/*
#include <ctype.h>
#include <string.h>

#include "fuzz.h"
#include "report/case.h"
#include "sweep/sweep.h"

#define MAX 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *nl = memchr(data, '\n', size);
  size_t plen = nl ? (size_t)(nl - data) : size;
  char *path = malloc(plen + 1), *lower = malloc(plen + 1);
  memcpy(path, data, plen);
  path[plen] = '\0';
  for (size_t i = 0; i <= plen; i++) lower[i] = path[i] == '\\' ? '/' : (char)tolower((unsigned char)path[i]);
  size_t blen = nl ? size - plen - 1 : 0;
  unsigned char *bytes = malloc(blen ? blen : 1); /* exact size: ASan sees overreads */
  if (blen) memcpy(bytes, nl + 1, blen);
  size_t hlen = blen < 16 ? blen : 16;

  artefact a[MAX], b[MAX];
  size_t n = sweep_artefacts_check(path, bytes, hlen, bytes, blen, a, MAX);
  size_t m = sweep_artefacts_check(path, bytes, hlen, bytes, blen, b, MAX);
  FUZZ_ASSERT(n <= MAX && n == m);
  for (size_t i = 0; i < n; i++) {
    FUZZ_ASSERT(strncmp(a[i].rule, "shellsift.sweep.", 16) == 0 && strcmp(a[i].rule, b[i].rule) == 0);
    FUZZ_ASSERT(a[i].description && *a[i].description && a[i].reference);
    FUZZ_ASSERT(a[i].score >= 40 && a[i].score <= 100);
    ss_reason reason = {a[i].rule, "post-exploitation", a[i].description, a[i].reference, a[i].score};
    ss_finding f = {.path = path, .btime = -1, .category = "post-exploitation", .score = a[i].score,
                    .severity = ss_severity_from_score(a[i].score), .reasons = &reason, .nreasons = 1};
    char *rec = report_ecs_finding(&f, "artefact", 0);
    size_t len = strlen(rec);
    FUZZ_ASSERT(len > 2 && rec[0] == '{' && rec[len - 1] == '\n' && rec[len - 2] == '}');
    for (size_t j = 0; j + 1 < len; j++) FUZZ_ASSERT((unsigned char)rec[j] >= 0x20);
    free(rec);
  }
  if (!memchr(path, '\0', plen)) { /* a NUL cuts the C string short in both */
    FUZZ_ASSERT(core_place_of(path) == core_place_of(lower));
    FUZZ_ASSERT(core_place_is_script(path) == core_place_is_script(lower));
  }
  free(path);
  free(lower);
  free(bytes);
  return 0;
}
