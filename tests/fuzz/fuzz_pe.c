/*
 * fuzz_pe.c - the PE version-resource reader on arbitrary bytes, seeded with
 * the executables tests/pe/make-fixtures builds.  Beyond "no crash, no read
 * past the end": a success gives four parts in 0..65535 and only for a
 * buffer starting with "MZ"; a failure gives a non-empty static reason and
 * leaves the output untouched; the same input always gives the same answer.
 */
// fuzz-max-len: 32768
// fuzz-seeds: build-fuzz/corpus-src/pe/*
#include <string.h>

#include "exchange/exchange.h"
#include "fuzz.h"

static int in_range(int part) { return part >= 0 && part <= 65535; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* a heap copy of exactly size bytes, so ASan sees any read past the end */
  unsigned char *buf = malloc(size ? size : 1);
  if (size) memcpy(buf, data, size);
  ex_version v = {-7, -7, -7, -7}, again = {-7, -7, -7, -7};
  const char *why = NULL, *why2 = NULL;
  int rc = exchange_pe_file_version(buf, size, &v, &why);
  int rc2 = exchange_pe_file_version(buf, size, &again, &why2);
  FUZZ_ASSERT(rc == 0 || rc == -1);
  FUZZ_ASSERT(rc == rc2 && memcmp(&v, &again, sizeof v) == 0);
  if (rc == 0) {
    FUZZ_ASSERT(in_range(v.major) && in_range(v.minor) && in_range(v.build) && in_range(v.revision));
    FUZZ_ASSERT(size >= 2 && buf[0] == 'M' && buf[1] == 'Z');
  } else {
    FUZZ_ASSERT(why && *why && why == why2);
    FUZZ_ASSERT(v.major == -7 && v.minor == -7 && v.build == -7 && v.revision == -7);
  }
  free(buf);
  return 0;
}
