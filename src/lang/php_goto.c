/*
 * php_goto.c - PHP goto spaghetti read in the order it runs.
 *
 * Obfuscators such as YAK Pro cut a script into labelled blocks joined by
 * `goto`, and shuffle the blocks: `goto b; a: system($c); goto z; b:
 * $c = $_POST['c']; goto a; z:`.  The analysis follows data in the order
 * statements are written, so a value set in a block placed after its use
 * is lost.  When a PHP buffer holds `goto`, its tokens are collected and
 * replayed to the analyzer in the order unconditional gotos lead through
 * them: from the start, jump to each `goto L;`'s label the first time, and
 * when the walk reaches code already replayed, go on with the first token
 * not replayed yet.  Every token is replayed exactly once, so nothing is
 * lost, and the work is linear in the tokens (hostile input cannot make it
 * loop).  A jump is only followed to a label inside the same brace block
 * (as PHP requires of jumps into blocks), and a brace block moves as one
 * piece, so the brace structure the analyzer sees stays intact.
 * Applications rarely use goto; where they do, a jump's target follows it
 * as it would when run.  The same replay drops the data after
 * __halt_compiler() (php_halt.c).
 */
#include <string.h>

#include "lang/lang.h"
#include "util/util.h"

/* Brace nesting deeper than this is replayed as written. */
#define GOTO_MAX_DEPTH 64

typedef struct {
  tok_sink sink;  /* collects the lexer's tokens */
  token *t;
  size_t n, cap;
  size_t *close;  /* for a `{`: the index of its `}` (n when unmatched); else the index itself */
  size_t *label;  /* for a label's name token: the next label of the same hash bucket + 1, 0 = none */
  size_t *bucket; /* label hash buckets: first label index + 1 */
  size_t nbucket;
  unsigned char *done;
  tok_sink *out;
} goto_ctx;

static void collect(tok_sink *s, token *t) {
  goto_ctx *g = (goto_ctx *)s;
  if (g->n == g->cap) {
    g->cap = g->cap ? g->cap * 2 : 1024;
    g->t = xrealloc(g->t, g->cap * sizeof *g->t);
  }
  g->t[g->n++] = *t;
}

static const char *text(const goto_ctx *g, size_t i) { return g->sink.text.buf + g->t[i].off; }

static int is_op(const goto_ctx *g, size_t i, char ch) {
  return i < g->n && g->t[i].kind == TK_OP && g->t[i].len == 1 && text(g, i)[0] == ch;
}

static int is_word(const goto_ctx *g, size_t i, const char *w) {
  return i < g->n && g->t[i].kind == TK_IDENT && g->t[i].len == strlen(w) && memcmp(text(g, i), w, g->t[i].len) == 0;
}

/* Does token i start a statement (so `name:` there is a label, and `goto`
 * there is not the body of an if)?  Labels may stand before it: a chain of
 * at most eight is looked through (a bound, not a recursion). */
static int stmt_start(const goto_ctx *g, size_t i) {
  for (int k = 0; k < 8; k++) {
    if (i == 0) return 1;
    if (g->t[i - 1].kind == TK_END || is_op(g, i - 1, '{') || is_op(g, i - 1, '}')) return 1;
    if (!(is_op(g, i - 1, ':') && i >= 2 && g->t[i - 2].kind == TK_IDENT && !is_word(g, i - 2, "default") &&
          !is_word(g, i - 2, "else")))
      return 0;
    i -= 2;
  }
  return 0;
}

/* A label: `name :` at a statement start (not `default:`, `else:`, or a
 * case's value). */
static int is_label(const goto_ctx *g, size_t i) {
  return g->t[i].kind == TK_IDENT && is_op(g, i + 1, ':') && !is_word(g, i, "default") && !is_word(g, i, "else") &&
         stmt_start(g, i);
}

static size_t hash_name(const goto_ctx *g, size_t i, size_t block) {
  size_t h = block * 0x9e3779b9u;
  for (uint32_t k = 0; k < g->t[i].len; k++) h = h * 31 + (unsigned char)text(g, i)[k];
  return h % g->nbucket;
}

/* The label named like token i inside the block that opens at `block`
 * (SIZE_MAX: the top level), or SIZE_MAX. */
static size_t find_label(const goto_ctx *g, size_t i, size_t block, const size_t *owner) {
  for (size_t k = g->bucket[hash_name(g, i, block + 1)]; k; k = g->label[k - 1]) {
    size_t l = k - 1;
    if (owner[l] == block && g->t[l].len == g->t[i].len && memcmp(text(g, l), text(g, i), g->t[i].len) == 0)
      return l;
  }
  return SIZE_MAX;
}

static void replay(goto_ctx *g, size_t i) {
  token t = g->t[i];
  t.off = lang_arena_put(&g->out->text, text(g, i), t.len);
  g->out->emit(g->out, &t);
}

/* Replays the tokens [a, b) of one block (opened at `block`) in goto order;
 * a nested brace block is replayed in place, its inside walked the same
 * way up to GOTO_MAX_DEPTH. */
static void walk(goto_ctx *g, size_t a, size_t b, size_t block, const size_t *owner, int depth) {
  size_t i = a, next = a; /* next: the first token of the block perhaps not replayed */
  for (;;) {
    if (i >= b || g->done[i]) {
      while (next < b && g->done[next]) next++;
      if (next >= b) return;
      i = next;
    }
    if (is_label(g, i)) { /* the label itself says nothing to the analysis */
      g->done[i] = g->done[i + 1] = 1;
      i += 2;
      continue;
    }
    if (is_word(g, i, "goto") && i + 2 < b && g->t[i + 1].kind == TK_IDENT && g->t[i + 2].kind == TK_END &&
        stmt_start(g, i)) {
      size_t l = find_label(g, i + 1, block, owner);
      g->done[i] = g->done[i + 1] = g->done[i + 2] = 1;
      i = l != SIZE_MAX && !g->done[l] ? l : b; /* a jump back to code already read: go on where it is new */
      continue;
    }
    g->done[i] = 1;
    replay(g, i);
    if (is_op(g, i, '{') && g->close[i] != i) {
      size_t e = g->close[i];
      if (depth < GOTO_MAX_DEPTH) walk(g, i + 1, e, i, owner, depth + 1);
      else
        for (size_t k = i + 1; k < e; k++)
          if (!g->done[k]) g->done[k] = 1, replay(g, k);
      if (e < g->n) g->done[e] = 1, replay(g, e);
      i = e + 1;
      continue;
    }
    i++;
  }
}

/* Lexes PHP at p into s through the goto walk, with the data after
 * __halt_compiler() as the file reads it (php_halt.c; not in raw code).
 * The analyzer calls it only for a file whose plain reading met a goto or
 * __halt_compiler (analyze.c: run), so other files pay nothing. */
void lang_php_lex_goto(tok_sink *s, const unsigned char *p, size_t n, int raw) {
  goto_ctx g = {.sink = {.emit = collect}, .out = s};
  lang_lex_php(&g.sink, p, n, raw);
  s->syn = SYN_PHP;
  if (!raw) g.n = lang_php_halt_tokens(g.t, g.n, &g.sink.text, p, n);
  int any = 0;
  for (size_t i = 0; i + 2 < g.n && !any; i++)
    any = g.t[i].kind == TK_IDENT && g.t[i + 1].kind == TK_IDENT && g.t[i + 2].kind == TK_END && is_word(&g, i, "goto");
  if (any) {
    /* braces matched with a stack; owner[i]: the `{` of the block token i is in */
    g.close = xmalloc(g.n * sizeof *g.close);
    size_t *owner = xmalloc(g.n * sizeof *owner), *stack = xmalloc(g.n * sizeof *stack), depth = 0;
    for (size_t i = 0; i < g.n; i++) {
      g.close[i] = i;
      owner[i] = depth ? stack[depth - 1] : SIZE_MAX;
      if (is_op(&g, i, '{')) g.close[i] = g.n, stack[depth++] = i;
      else if (is_op(&g, i, '}') && depth) g.close[stack[--depth]] = i;
    }
    g.nbucket = g.n / 4 + 1;
    g.bucket = xcalloc(g.nbucket, sizeof *g.bucket);
    g.label = xcalloc(g.n, sizeof *g.label);
    for (size_t i = 0; i + 1 < g.n; i++)
      if (is_label(&g, i)) {
        size_t h = hash_name(&g, i, owner[i] + 1);
        g.label[i] = g.bucket[h];
        g.bucket[h] = i + 1;
      }
    g.done = xcalloc(g.n ? g.n : 1, 1);
    walk(&g, 0, g.n, SIZE_MAX, owner, 0);
    free(owner);
    free(stack);
    free(g.close);
    free(g.bucket);
    free(g.label);
    free(g.done);
  } else {
    for (size_t i = 0; i < g.n; i++) replay(&g, i);
  }
  free(g.t);
  lang_arena_free(&g.sink.text);
}
