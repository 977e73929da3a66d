/*
 * fuzz_lang_cfml.c - the ColdFusion lexer on arbitrary pages and, from the
 * same bytes, as raw CFScript; then the page analysed as CFML.
 * Assertions: fuzz_lang.h's token and result invariants; a page without
 * any <cf tag is read exactly as raw CFScript (a component written in
 * CFScript); raw CFScript always ends with a statement end.
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
  size_t page_tokens = f.ntokens;
  lang_arena_free(&f.sink.text);

  fuzz_sink_init(&f, buf, size);
  check = f.sink.emit;
  f.sink.emit = record;
  last_kind = -1;
  lang_lex_cfml(&f.sink, buf, size, 1);
  FUZZ_ASSERT(last_kind == TK_END);
  lang_arena_free(&f.sink.text);
  /* no tag at all: the page is a CFScript component, read as raw CFScript */
  int tag = 0;
  for (size_t i = 0; i + 3 <= size && !tag; i++)
    tag = buf[i] == '<' && (buf[i + 1] | 0x20) == 'c' && (buf[i + 2] | 0x20) == 'f';
  if (!tag) FUZZ_ASSERT(page_tokens == f.ntokens);

  fuzz_analyze(buf, size, "CFM");
  free(buf);
  return 0;
}
