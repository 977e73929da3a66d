/*
 * fuzz_lang_php.c - the PHP lexer, in HTML mode and raw (eval payload)
 * mode, then the whole analysis of the input as a PHP file.  Assertions:
 * fuzz_lang.h's token and result invariants.
 */
// fuzz-max-len: 8192
// fuzz-seeds: tests/fixtures/lang/php/* tests/fixtures/lang/benign/*.php tests/fixtures/shells/*.php tests/fixtures/benign/*.php
#include "fuzz_lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned char *buf = malloc(size ? size : 1); /* exactly size bytes: ASan sees overreads */
  if (size) memcpy(buf, data, size);
  for (int raw = 0; raw < 2; raw++) {
    fuzz_sink f;
    fuzz_sink_init(&f, buf, size);
    lang_lex_php(&f.sink, buf, size, raw);
    lang_arena_free(&f.sink.text);
  }
  fuzz_analyze(buf, size, "PHP");
  free(buf);
  return 0;
}
