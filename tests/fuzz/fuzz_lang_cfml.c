/*
 * fuzz_lang_cfml.c - the ColdFusion lexer on arbitrary pages and, from the
 * same bytes, as raw CFScript; then the page analysed as CFML.
 * Assertions: fuzz_lang.h's token and result invariants; a page without
 * '<' yields no token (tags and <cfoutput> are what make code); raw
 * CFScript always ends with a statement end.
 */
// fuzz-max-len: 8192
// fuzz-seeds: tests/fixtures/lang/cfml/* tests/fixtures/lang/benign/*.cfm
#include "fuzz_lang.h"

static int last_kind;
static void (*check)(tok_sink *, token *);

static void record(tok_sink *s, token *t) {
  last_kind = t->kind;
  check(s, t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned char *buf = malloc(size ? size : 1);
  if (size) memcpy(buf, data, size);
  fuzz_sink f;
  fuzz_sink_init(&f, buf, size);
  lang_lex_cfml(&f.sink, buf, size, 0);
  if (!memchr(buf, '<', size)) FUZZ_ASSERT(f.ntokens == 0);
  lang_arena_free(&f.sink.text);

  fuzz_sink_init(&f, buf, size);
  check = f.sink.emit;
  f.sink.emit = record;
  last_kind = -1;
  lang_lex_cfml(&f.sink, buf, size, 1);
  FUZZ_ASSERT(last_kind == TK_END);
  lang_arena_free(&f.sink.text);

  fuzz_analyze(buf, size, "CFM");
  free(buf);
  return 0;
}
