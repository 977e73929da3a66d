/*
 * fuzz_model.c - the learned model's feature extractor and scorer
 * (lang/model.c) on any bytes.  Assertions: every feature name is a kind,
 * a colon and at most 64 more bytes; values are counts (whole, not
 * negative); the size figure is the input's; the score is finite, the same
 * twice, and the verdict is 0 or medium with a sentence.
 */
// fuzz-max-len: 8192
// fuzz-seeds: tests/fixtures/lang/php/* tests/fixtures/lang/benign/*.php tests/fixtures/shells/*.php tests/fixtures/benign/*.php
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "lang/lang.h"
#include "lang/model.h"

static void check_feature(void *arg, const char *name, double value) {
  size_t size = *(size_t *)arg, n = strlen(name);
  FUZZ_ASSERT(n >= 3 && n <= 66 && name[1] == ':' && strchr("cqvhuwpbs", name[0]) != NULL);
  FUZZ_ASSERT(value >= 0 && value == floor(value));
  if (strcmp(name, "s:size") == 0) FUZZ_ASSERT(value == (double)size);
  else FUZZ_ASSERT(value <= (double)size + 1); /* s:lines counts the last line even when empty */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned char *buf = malloc(size ? size : 1); /* exactly size bytes: ASan sees overreads */
  if (size) memcpy(buf, data, size);
  lang_model_features(buf, size, check_feature, &size);
  char why[160];
  double a = lang_model_score(&lang_model_php, buf, size, why, sizeof why);
  double b = lang_model_score(&lang_model_php, buf, size, NULL, 0);
  FUZZ_ASSERT(isfinite(a) && a == b);
  FUZZ_ASSERT(strlen(why) < sizeof why);
  lang_result r;
  memset(&r, 0, sizeof r);
  r.php_read = 1;
  int score = lang_model_judge(&r, buf, size);
  FUZZ_ASSERT(score == 0 || (score == 45 && strstr(r.model_why, "learned model") != NULL));
  free(buf);
  return 0;
}
