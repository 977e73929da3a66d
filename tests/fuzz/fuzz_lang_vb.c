/*
 * fuzz_lang_vb.c - the VBScript/VB.NET lexer on raw code, then the input
 * analysed as a classic ASP page and as a VB.NET source file (App_Code;
 * the first byte's low bit picks).  Assertions: fuzz_lang.h's token and
 * result invariants; the lexer always ends with a statement end.
 */
// fuzz-max-len: 8192
// fuzz-seeds: tests/fixtures/lang/asp/* tests/fixtures/shells/*.asp tests/fixtures/lang/aspx/vb_* tests/fixtures/lang/aspx/app_code/Util/*
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
  check = f.sink.emit;
  f.sink.emit = record;
  last_kind = -1;
  lang_lex_vb(&f.sink, buf, size, 0, 1);
  FUZZ_ASSERT(last_kind == TK_END);
  lang_arena_free(&f.sink.text);
  fuzz_analyze(buf, size, size && (data[0] & 1) ? "VBNET" : "ASP");
  free(buf);
  return 0;
}
