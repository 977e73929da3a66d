/*
 * php_compact.c - a statement that reaches MAX_STMT tokens while it is
 * being read is compacted before it is cut (analyze.c): lang_fold_compact
 * joins its literals.  A table or payload whose pieces are spelled as
 * chr(N) calls ($GLOBALS['_x'] = Array(base64_decode(chr(97).chr(87)...)))
 * has four tokens a character and no literal to join, so it was cut in
 * the middle and what it assigns lost.  Here, in one pass, chr(N) becomes
 * its one-character literal and ('x') its literal, so that joining them
 * can shorten the statement.
 */
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

/* Is st[i..i+3] chr ( NUM ) called as PHP's function (not a method, not
 * its declaration)?  w: the tokens kept before it. */
static int chr_call(const lang_ctx *c, size_t i, size_t w) {
  if (i + 3 >= c->nst || c->st[i].kind != TK_IDENT || c->st[i].len != 3 ||
      strncasecmp(c->sink.text.buf + c->st[i].off, "chr", 3) != 0 || !tok_is(c, &c->st[i + 1], TK_OP, "(") ||
      c->st[i + 2].kind != TK_NUM || !tok_is(c, &c->st[i + 3], TK_OP, ")"))
    return 0;
  if (!w) return 1;
  const token *p = &c->st[w - 1];
  return !(tok_is(c, p, TK_OP, "->") || tok_is(c, p, TK_OP, "::") || tok_is(c, p, TK_OP, "?->") ||
           tok_is(c, p, TK_IDENT, "function"));
}

int lang_php_compact(lang_ctx *c) {
  size_t before = c->nst, w = 0;
  for (size_t r = 0; r < c->nst;) {
    if (chr_call(c, r, w)) {
      token out = c->st[r];
      char ch = (char)(unsigned char)(c->st[r + 2].num & 255); /* chr(N): N modulo 256 */
      out.kind = TK_STR;
      out.flags = TF_JOINED;
      out.nchain = 0;
      out.off = lang_arena_put(&c->sink.text, &ch, 1);
      out.len = 1;
      out.src_end = c->st[r + 3].src_end;
      c->st[w++] = out;
      r += 4;
    } else {
      c->st[w++] = c->st[r++];
    }
    /* ('x'): the literal, where the parenthesis is not a call's or an index's */
    if (w >= 3 && tok_is(c, &c->st[w - 1], TK_OP, ")") && c->st[w - 2].kind == TK_STR &&
        !(c->st[w - 2].flags & TF_INTERP) && tok_is(c, &c->st[w - 3], TK_OP, "(")) {
      const token *p = w >= 4 ? &c->st[w - 4] : NULL;
      if (!p || !(p->kind == TK_IDENT || p->kind == TK_VAR || p->kind == TK_STR || tok_is(c, p, TK_OP, ")") ||
                  tok_is(c, p, TK_OP, "]"))) {
        c->st[w - 3] = c->st[w - 2];
        w -= 2;
      }
    }
  }
  c->nst = w;
  return w < before;
}
