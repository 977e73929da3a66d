/*
 * fuzz_lang_php.c - the PHP lexer, in HTML mode and raw (eval payload)
 * mode, then the whole analysis of the input as a PHP file.  Assertions:
 * fuzz_lang.h's token and result invariants; the goto replay
 * (php_goto.c) emits each token the lexer emits at most once (labels and
 * jumps are dropped, __halt_compiler() cuts the file; without either, all
 * of them), each inside the input and the arena.
 */
// fuzz-max-len: 8192
// fuzz-seeds: tests/fixtures/lang/php/* tests/fixtures/lang/benign/*.php tests/fixtures/shells/*.php tests/fixtures/benign/*.php
#include "fuzz_lang.h"

typedef struct {
  tok_sink sink;
  size_t input_len, ntokens;
} count_sink;

/* The replay reorders tokens, so lines need not grow: the rest of the checks. */
static void count_token(tok_sink *s, token *t) {
  count_sink *f = (count_sink *)s;
  FUZZ_ASSERT(t->kind <= TK_END);
  FUZZ_ASSERT((size_t)t->off + t->len < s->text.len && s->text.buf[t->off + t->len] == '\0');
  FUZZ_ASSERT(t->src_off <= t->src_end && t->src_end <= f->input_len);
  f->ntokens++;
  s->text.len = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned char *buf = malloc(size ? size : 1); /* exactly size bytes: ASan sees overreads */
  if (size) memcpy(buf, data, size);
  for (int raw = 0; raw < 2; raw++) {
    fuzz_sink f;
    fuzz_sink_init(&f, buf, size);
    lang_lex_php(&f.sink, buf, size, raw);
    lang_arena_free(&f.sink.text);
    count_sink g = {.sink = {.emit = count_token}, .input_len = size};
    lang_php_lex_goto(&g.sink, buf, size, raw);
    lang_arena_free(&g.sink.text);
    int halt = !raw && (memmem(buf, size, "alt_compiler", 12) || memmem(buf, size, "ALT_COMPILER", 12));
    /* labels and jumps are dropped, the rest replayed once */
    FUZZ_ASSERT(g.ntokens <= f.ntokens);
    if (!halt && !memmem(buf, size, "goto", 4)) FUZZ_ASSERT(g.ntokens == f.ntokens);
  }
  fuzz_analyze(buf, size, "PHP");
  free(buf);
  return 0;
}
