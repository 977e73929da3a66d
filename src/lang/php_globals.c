/*
 * php_globals.c - a function that stores one of its parameters in a global
 * variable hands its caller's value to the rest of the page:
 *
 *   function keep($c) { global $g; $g = $c; }
 *   keep($_POST['x']);  ...  assert($g);
 *
 * and, the form web shells use to hide the flow, the same function given to
 * ob_start() as the output callback: PHP passes it everything the page
 * prints, so printing request input stores that input in the global, and
 * what runs the global later runs the request:
 *
 *   ob_start('keep'); echo $_POST['x']; ob_end_flush(); assert($g);
 *
 * While a function is read, `$g = <its k-th parameter>` with $g declared
 * global is noted on its wrapper; a call of it with request input in that
 * argument (or, for the first one, ob_start() naming it and request input
 * printed after) taints the global at the file's top scope.
 */
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

static inline int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* A bit of (first letter, length) of a name: most calls are not to a
 * keeper, and the bloom c->glob_bloom says so without a lookup. */
static uint64_t name_bit(const char *s, size_t n) { return 1ull << (((unsigned char)(s[0] | 0x20) ^ n * 7u) & 63u); }

/* The wrapper of the file's function named by st[i] that keeps a parameter
 * in a global, or NULL. */
static const wrapper *keeper(const lang_ctx *c, const token *t) {
  if (!t->len || !(c->glob_bloom & name_bit(tok_text(c, t), t->len))) return NULL;
  for (size_t k = 0; k < c->nwrappers; k++) {
    const wrapper *w = &c->wrappers[k];
    if (w->glob_param && strlen(w->name) == t->len && strncasecmp(w->name, tok_text(c, t), t->len) == 0) return w;
  }
  return NULL;
}

/* Request input t reaches the global w keeps: taint it where the whole
 * file sees it (scope 0), whatever function is being read. */
static void taint_global(lang_ctx *c, const wrapper *w, const taint *t) {
  unsigned scope = c->scope;
  c->scope = 0;
  sym *s = lang_sym_get(c, w->glob, strlen(w->glob), 1);
  c->scope = scope;
  if (!s) return;
  s->t = *t;
  s->has_taint = 1;
  s->has_const = s->has_arr = 0;
}

/* Inside a function: global $g; ... $g = $param; */
static void note_keep(lang_ctx *c) {
  const token *v = &c->st[0];
  if (v->kind != TK_VAR || !is_op(c, 1, "=") || v->len >= sizeof c->wrappers[0].glob) return;
  unsigned k = 0;
  while (k < c->nglobals && !(strlen(c->globals[k]) == v->len && memcmp(c->globals[k], tok_text(c, v), v->len) == 0))
    k++;
  taint t;
  if (k == c->nglobals || !lang_span_taint(c, 2, c->nst, &t) || !(t.flags & TA_PARAM) || !t.param) return;
  wrapper *w = &c->wrappers[c->fn - 1];
  if (w->glob_param) return;
  w->glob_param = t.param;
  memcpy(w->glob, tok_text(c, v), v->len);
  w->glob[v->len] = '\0';
  c->glob_wrappers = 1;
  c->glob_bloom |= name_bit(w->name, strlen(w->name));
}

void lang_php_globals_statement(lang_ctx *c) {
  if (c->fn && c->nglobals) {
    note_keep(c);
    return;
  }
  if (!c->glob_wrappers) return;
  const token *first = &c->st[0];
  taint t;
  if (c->ob_keep && (tok_is(c, first, TK_IDENT, "echo") || tok_is(c, first, TK_IDENT, "print"))) {
    if (lang_input_taint(c, NULL, 1, c->nst, &t)) taint_global(c, &c->wrappers[c->ob_keep - 1], &t);
    return;
  }
  for (size_t i = 0; i + 1 < c->nst; i++) {
    const token *f = &c->st[i];
    if (f->kind != TK_IDENT || !is_op(c, i + 1, "(") || (i > 0 && (is_op(c, i - 1, "->") || is_op(c, i - 1, "::"))))
      continue;
    int ob = tok_is(c, f, TK_IDENT, "ob_start");
    const wrapper *w = ob ? NULL : keeper(c, f);
    if (!ob && !w) continue;
    size_t close = lang_match_close(c, i + 1), s, e;
    if (close >= c->nst) continue;
    if (ob) { /* ob_start('keep'): what is printed goes to keep() */
      const token *a = &c->st[i + 2];
      const wrapper *k = a->kind == TK_STR && i + 3 == close ? keeper(c, a) : NULL;
      if (k && k->glob_param == 1) c->ob_keep = (int)(k - c->wrappers) + 1;
      continue;
    }
    if (lang_arg_span(c, i + 2, close, w->glob_param, &s, &e) && lang_input_taint(c, NULL, s, e, &t))
      taint_global(c, w, &t);
  }
}
