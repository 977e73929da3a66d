/*
 * php_refs.c - PHP references, which web shells use to move a value where
 * a reader does not see it go:
 *
 *   - an alias: after $b = &$a (or &$arr['k'], &$obj->method() returning a
 *     reference into $obj), assigning request input to $b changes $a:
 *       $d = &$o->get();  $d = $_GET['c'];  assert($o->data);
 *   - a by-reference parameter a function appends a constant to: the call
 *     changes the caller's constant, which then names the function run:
 *       function t(&$v) { $v = $v . 't'; }  $f = 'asser'; t($f); $f($x);
 *
 * Aliases are kept per file (the variable, the base variable it refers
 * into, its function scope); a by-reference append is noted on the
 * function's wrapper and applied where it is called on a constant.
 */
#include <string.h>

#include "lang/analyze.h"

static inline int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* The variable st[i] names as written: folding may have replaced it (or,
 * with inner=1, an element of it: $a['k']) by its constant value, but the
 * source still shows "$name". */
static size_t var_name(const lang_ctx *c, size_t i, const char **name, int inner) {
  const token *t = &c->st[i];
  if (t->kind == TK_VAR) return *name = tok_text(c, t), t->len;
  if (t->kind != TK_STR || t->src_end <= t->src_off + 1 || t->src_end > c->len || c->buf[t->src_off] != '$')
    return 0;
  uint32_t k = t->src_off + 1;
  while (k < t->src_end && lang_lex_ident_char(c->buf[k])) k++;
  if (k == t->src_off + 1 || (k < t->src_end && (!inner || (c->buf[k] != '[' && c->buf[k] != '-')))) return 0;
  *name = (const char *)c->buf + t->src_off;
  return k - t->src_off;
}

static int alias_of(const lang_ctx *c, const char *n, size_t len) {
  for (unsigned k = 0; k < c->nrefs; k++)
    if (c->refs[k].scope == c->scope && strlen(c->refs[k].alias) == len && memcmp(c->refs[k].alias, n, len) == 0)
      return (int)k;
  return -1;
}

/* $b = & <expr starting with a variable>: $b now refers into that variable. */
static void note_alias(lang_ctx *c) {
  const char *a, *t;
  size_t an = var_name(c, 0, &a, 0), tn = var_name(c, 3, &t, 1);
  if (!an || !tn || an >= sizeof c->refs[0].alias || tn >= sizeof c->refs[0].target) return;
  int k = alias_of(c, a, an);
  if (k < 0) {
    if (c->nrefs == sizeof c->refs / sizeof c->refs[0]) return;
    k = (int)c->nrefs++;
  }
  memcpy(c->refs[k].alias, a, an);
  c->refs[k].alias[an] = '\0';
  memcpy(c->refs[k].target, t, tn);
  c->refs[k].target[tn] = '\0';
  c->refs[k].scope = c->scope;
}

/* $b = <request input> with $b an alias: the variable it refers into holds it too. */
static void assign_through(lang_ctx *c) {
  const char *a;
  size_t an = var_name(c, 0, &a, 0);
  int k = an ? alias_of(c, a, an) : -1;
  taint t;
  if (k < 0 || !lang_input_taint(c, NULL, 2, c->nst, &t)) return;
  sym *s = lang_sym_get(c, c->refs[k].target, strlen(c->refs[k].target), 1);
  if (!s) return;
  s->t = t;
  s->has_taint = 1;
  s->has_const = s->has_arr = 0;
}

/* function name(..., &$v, ...) {: which parameters are references (bit k-1: the k-th). */
static void note_header(lang_ctx *c) {
  c->fn_refbits = 0;
  if (c->nst < 4 || c->st[1].kind != TK_IDENT || !is_op(c, 2, "(")) return;
  size_t close = lang_match_close(c, 2);
  unsigned idx = 1;
  int depth = 0;
  for (size_t i = 3; i < close && idx <= 8; i++) {
    if (is_op(c, i, "(") || is_op(c, i, "[")) depth++;
    else if (is_op(c, i, ")") || is_op(c, i, "]")) depth--;
    else if (!depth && is_op(c, i, ",")) idx++;
    else if (!depth && is_op(c, i, "&") && i + 1 < close && c->st[i + 1].kind == TK_VAR)
      c->fn_refbits |= (uint8_t)(1u << (idx - 1));
  }
}

/* Inside such a function: $v = $v . 'lit';  $v .= 'lit';  $v = 'lit' . $v; */
static void note_append(lang_ctx *c) {
  wrapper *w = &c->wrappers[c->fn - 1];
  const token *v = &c->st[0];
  if (w->ref_param || v->kind != TK_VAR) return;
  sym *s = lang_sym_get(c, tok_text(c, v), v->len, 0);
  if (!s || !s->has_taint || !(s->t.flags & TA_PARAM) || !s->t.param || s->t.param > 8 ||
      !(c->fn_refbits >> (s->t.param - 1) & 1u))
    return;
  const token *lit = NULL;
  int prefix = 0;
  if (c->nst == 3 && is_op(c, 1, ".=")) lit = &c->st[2];
  else if (c->nst == 5 && is_op(c, 1, "=") && is_op(c, 3, ".")) {
    const token *x = &c->st[2], *y = &c->st[4];
    if (x->kind == TK_VAR && x->len == v->len && memcmp(tok_text(c, x), tok_text(c, v), v->len) == 0) lit = y;
    else if (y->kind == TK_VAR && y->len == v->len && memcmp(tok_text(c, y), tok_text(c, v), v->len) == 0)
      lit = x, prefix = 1;
  }
  if (!lit || lit->kind != TK_STR || (lit->flags & TF_INTERP) || !lit->len || lit->len >= sizeof w->ref_lit) return;
  w->ref_param = s->t.param;
  w->ref_prefix = (uint8_t)prefix;
  memcpy(w->ref_lit, tok_text(c, lit), lit->len);
  w->ref_lit_len = (uint8_t)lit->len;
  c->ref_wrappers = 1;
}

/* name($v) with name appending to its by-reference parameter and $v a constant. */
static void apply_calls(lang_ctx *c) {
  for (size_t i = 0; i + 3 < c->nst; i++) {
    const token *f = &c->st[i];
    if (f->kind != TK_IDENT || !is_op(c, i + 1, "(") || (i > 0 && (is_op(c, i - 1, "->") || is_op(c, i - 1, "::"))))
      continue;
    const wrapper *w = NULL;
    for (size_t k = 0; k < c->nwrappers && !w; k++)
      if (c->wrappers[k].ref_param && strlen(c->wrappers[k].name) == f->len &&
          memcmp(c->wrappers[k].name, tok_text(c, f), f->len) == 0)
        w = &c->wrappers[k];
    size_t close = lang_match_close(c, i + 1), s, e;
    const char *n;
    size_t nn;
    if (!w || close >= c->nst || !lang_arg_span(c, i + 2, close, w->ref_param, &s, &e) || e != s + 1 ||
        !(nn = var_name(c, s, &n, 0)))
      continue;
    sym *v = lang_sym_get(c, n, nn, 0);
    if (!v || !v->has_const || v->val.kind != TK_STR || v->val.len > 4096 || c->persist.len > (8u << 20)) continue;
    uint32_t off;
    if (w->ref_prefix) {
      off = lang_arena_put(&c->persist, w->ref_lit, w->ref_lit_len);
      lang_arena_append(&c->persist, c->persist.buf + v->val.off, v->val.len);
    } else {
      off = lang_arena_put(&c->persist, c->persist.buf + v->val.off, v->val.len);
      lang_arena_append(&c->persist, w->ref_lit, w->ref_lit_len);
    }
    v->val.off = off;
    v->val.len += w->ref_lit_len;
    v->val.flags |= TF_JOINED;
    lang_sym_noted(c, v);
  }
}

void lang_php_refs_statement(lang_ctx *c) {
  const token *first = &c->st[0];
  if (!c->fn && tok_is(c, first, TK_IDENT, "function")) {
    note_header(c);
    return;
  }
  if (c->ref_wrappers) apply_calls(c);
  if (c->nst < 3 || first->kind == TK_IDENT) return;
  if (c->fn && c->fn_refbits && (is_op(c, 1, "=") || is_op(c, 1, ".="))) note_append(c);
  if (is_op(c, 1, "=") && is_op(c, 2, "&") && c->nst >= 4) note_alias(c);
  else if (c->nrefs && is_op(c, 1, "=")) assign_through(c);
}
