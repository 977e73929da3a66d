/*
 * php_inline.c - small functions of the file, inlined.  Packers route their
 * payload through a helper of their own before running it:
 *
 *   function clean($s) { return str_replace('junk', '', $s); }
 *   eval(base64_decode(clean('...')));
 *
 * A function of one parameter whose only return is an expression of that
 * parameter, literals and PHP's own string functions (the ones the folder
 * evaluates) is remembered with that expression; a call of it on a literal
 * is replaced by the expression with the literal in the parameter's place,
 * and folding goes on from there.  The expression calls no function of the
 * file, so inlining cannot recurse; the statement stays within MAX_STMT.
 */
#include <string.h>

#include "lang/analyze.h"
#include "util/util.h"

#define INL_MAX 64 /* tokens of an expression worth remembering */

static inline __attribute__((always_inline)) int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* PHP's own function that st[i] names (an identifier, or a literal a
 * variable function folded to), when the folder evaluates it. */
static int pure_callee(lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  if (!is_op(c, i + 1, "(") || (t->kind != TK_IDENT && (t->kind != TK_STR || (t->flags & TF_INTERP)))) return 0;
  if (t->kind == TK_IDENT && t->len == 5 && memcmp(tok_text(c, t), "array", 5) == 0) return 1;
  char name[40];
  if (t->len >= sizeof name) return 0;
  lang_lower_copy(name, sizeof name, tok_text(c, t), t->len);
  const name_def *d = lang_names_lookup(name, t->len, c->syn);
  return d && (d->kind == N_PURE || d->kind == N_DECODER);
}

void lang_php_note_inline_return(lang_ctx *c, wrapper *w) {
  if (w->inl_bad) return;
  if (w->inl_len || c->depth > c->fn_depth || w->nparams != 1 || c->nst < 2 || c->nst - 1 > INL_MAX) {
    w->inl_bad = 1; /* a second return, or one under a condition */
    return;
  }
  int param = 0;
  for (size_t i = 1; i < c->nst; i++) {
    const token *t = &c->st[i];
    switch (t->kind) {
    case TK_NUM:
    case TK_ARR:
      break;
    case TK_STR:
      if ((t->flags & TF_INTERP) || (is_op(c, i + 1, "(") && !pure_callee(c, i))) goto bad;
      break;
    case TK_IDENT:
      if (!pure_callee(c, i)) goto bad;
      break;
    case TK_VAR: {
      sym *s = lang_sym_get(c, tok_text(c, t), t->len, 0);
      if (!s || !s->has_taint || !(s->t.flags & TA_PARAM) || s->t.param != 1) goto bad;
      /* the parameter itself, not a variable built from it ($o .= chr(ord($s[$i]) ^ 7)) */
      if (strlen(s->t.src) != t->len || memcmp(s->t.src, tok_text(c, t), t->len) != 0) goto bad;
      param = 1;
      break;
    }
    case TK_OP:
      if (is_op(c, i, "=") || is_op(c, i, ".=") || is_op(c, i, "->") || is_op(c, i, "::") || is_op(c, i, "$") ||
          is_op(c, i, "{") || is_op(c, i, "}") || is_op(c, i, "&") || is_op(c, i, "++") || is_op(c, i, "--"))
        goto bad;
      break;
    default:
      goto bad;
    }
  }
  if (!param || c->ninl_pool + (c->nst - 1) > LANG_INL_POOL) goto bad;
  w->inl_at = (uint16_t)c->ninl_pool;
  w->inl_len = (uint16_t)(c->nst - 1);
  for (size_t i = 1; i < c->nst; i++) {
    token t = c->st[i];
    if (t.kind == TK_VAR) t.kind = TK_END; /* the parameter's place */
    else t.off = lang_arena_put(&c->persist, tok_text(c, &c->st[i]), c->st[i].len);
    c->inl_pool[c->ninl_pool++] = t;
  }
  return;
bad:
  w->inl_bad = 1;
}

int lang_php_fold_inline_call(lang_ctx *c, size_t i) {
  const token *f = &c->st[i];
  if (f->kind != TK_IDENT || i + 3 >= c->nst || !is_op(c, i + 1, "(") || !is_op(c, i + 3, ")")) return 0;
  const token *arg = &c->st[i + 2];
  if (!((arg->kind == TK_STR && !(arg->flags & TF_INTERP)) || arg->kind == TK_NUM)) return 0;
  const wrapper *w = NULL;
  for (size_t k = 0; k < c->nwrappers && !w; k++)
    if (c->wrappers[k].inl_len && !c->wrappers[k].inl_bad && (int)k + 1 != c->fn &&
        strlen(c->wrappers[k].name) == f->len && memcmp(c->wrappers[k].name, tok_text(c, f), f->len) == 0)
      w = &c->wrappers[k];
  if (!w) return 0;
  size_t n = (size_t)w->inl_len + 2; /* ( expression ) */
  if (c->nst - 4 + n > MAX_STMT) return 0;
  if (c->nst - 4 + n > c->capst) {
    c->capst = c->nst - 4 + n;
    c->st = xrealloc(c->st, c->capst * sizeof *c->st);
  }
  token a = c->st[i + 2], open = c->st[i + 1], close = c->st[i + 3];
  unsigned line = c->st[i].line;
  uint32_t src_off = c->st[i].src_off, src_end = close.src_end;
  memmove(c->st + i + n, c->st + i + 4, (c->nst - i - 4) * sizeof *c->st);
  c->nst = c->nst - 4 + n;
  c->st[i] = open;
  c->st[i + n - 1] = close;
  for (size_t k = 0; k < w->inl_len; k++) {
    token t = c->inl_pool[w->inl_at + k];
    if (t.kind == TK_END) {
      t = a;
    } else {
      t.off = lang_arena_put(&c->sink.text, c->persist.buf + t.off, t.len);
      t.line = line;
      t.src_off = src_off, t.src_end = src_end;
    }
    c->st[i + 1 + k] = t;
  }
  c->st[i].src_off = src_off;
  return 1;
}
