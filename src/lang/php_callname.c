/*
 * php_callname.c - call_user_func('f', x) is the call f(x).  Shells hide
 * the name of the function they call by handing it as a literal to
 * call_user_func; the analysis reads such a call exactly like the direct
 * one, so the taint of its arguments decides the severity as it does for
 * f(x).  The statement's tokens become 'f'(x): a literal callee, the shape
 * a constant variable ($n = 'f'; $n(x)) folds to, which find_sinks reads
 * as a call of f.
 */
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

/* st[i] is a plain literal that names a PHP function (no Cls::m, no spaces). */
static int function_name(const lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  if (t->kind != TK_STR || (t->flags & TF_INTERP) || t->len == 0 || t->len >= 48) return 0;
  const char *s = tok_text(c, t);
  for (size_t k = 0; k < t->len; k++) {
    unsigned char ch = (unsigned char)s[k];
    if (!(ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (k && ch >= '0' && ch <= '9')))
      return 0;
  }
  return 1;
}

void lang_php_callname(lang_ctx *c) {
  for (size_t i = 0; i + 3 < c->nst; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_IDENT || t->len != 14 || strncasecmp(tok_text(c, t), "call_user_func", 14) != 0) continue;
    if (!tok_is(c, &c->st[i + 1], TK_OP, "(") || !function_name(c, i + 2)) continue;
    int comma = tok_is(c, &c->st[i + 3], TK_OP, ",");
    if (!comma && !tok_is(c, &c->st[i + 3], TK_OP, ")")) continue;
    if (i > 0 && (tok_is(c, &c->st[i - 1], TK_OP, "->") || tok_is(c, &c->st[i - 1], TK_OP, "::") ||
                  tok_is(c, &c->st[i - 1], TK_OP, "?->") || tok_is(c, &c->st[i - 1], TK_IDENT, "function")))
      continue; /* a method or a declaration of that name */
    token callee = c->st[i + 2];
    callee.line = t->line;
    size_t drop = comma ? 2 : 1; /* the literal, and its comma */
    c->st[i] = callee;
    memmove(c->st + i + 2, c->st + i + 2 + drop, (c->nst - i - 2 - drop) * sizeof *c->st);
    c->nst -= drop;
  }
}
