/*
 * php_callconst.c - parameters that are constants.  String-table
 * obfuscators put their character table in one variable and pass it as the
 * first argument of every function of the file:
 *
 *   $t = "Euc<v#`5R1s?j{...";   ... f($t, $x) ...
 *   function f($t, $k) { return $GLOBALS[$t[3] . $t[41]]($k); }
 *
 * Inside f, $t[3] folds only if $t is known.  Calls of functions not yet
 * defined are noted with the long literal (32 bytes or more: a table, not a
 * flag or a name) each argument had; at the definition, a parameter that
 * got the same literal from every call so far holds it.  Short or varying
 * arguments are left as parameters, so wrappers of sinks are still found.
 */
#include <string.h>

#include "lang/analyze.h"

#define MIN_TABLE LANG_LONG_CONST

static inline __attribute__((always_inline)) int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* The long literal st[s, e) is or holds (a constant variable), or NULL. */
static const char *table_arg(lang_ctx *c, size_t s, size_t e, size_t *n) {
  if (e != s + 1) return NULL;
  const token *t = &c->st[s];
  if (t->kind == TK_STR && !(t->flags & TF_INTERP) && t->len >= MIN_TABLE) {
    *n = t->len;
    return tok_text(c, t);
  }
  /* no constant string of a table's size in the file yet (and no parent to copy one from): no variable
   * holds a table, and most files are spared a symbol lookup per variable of every statement */
  if (t->kind != TK_VAR || (!(c->values & LV_LONG) && !c->parent)) return NULL;
  sym *sy = lang_sym_get(c, tok_text(c, t), t->len, 0);
  if (!sy || !sy->has_const || sy->val.kind != TK_STR || sy->val.len < MIN_TABLE) return NULL;
  *n = sy->val.len;
  return c->persist.buf + sy->val.off;
}

static void note_call(lang_ctx *c, const char *name, size_t nl, size_t open) {
  if (nl == 0 || nl >= sizeof c->callconst[0].name) return;
  for (size_t k = 0; k < c->nwrappers; k++) /* defined already: its parameters are set */
    if (strlen(c->wrappers[k].name) == nl && memcmp(c->wrappers[k].name, name, nl) == 0) return;
  size_t r = 0;
  while (r < c->ncallconst && !(strlen(c->callconst[r].name) == nl && memcmp(c->callconst[r].name, name, nl) == 0)) r++;
  if (r == c->ncallconst) {
    if (r == LANG_CALLCONST) return;
    memset(&c->callconst[r], 0, sizeof c->callconst[r]);
    memcpy(c->callconst[r].name, name, nl);
    c->ncallconst++;
  }
  size_t close = lang_match_close(c, open);
  for (unsigned k = 0; k < LANG_CALLCONST_ARGS; k++) {
    size_t s, e, n = 0;
    const char *v = close < c->nst && lang_arg_span(c, open + 1, close, k + 1, &s, &e) ? table_arg(c, s, e, &n) : NULL;
    uint8_t *st = &c->callconst[r].state[k];
    if (!v) {
      *st = 2;
    } else if (*st == 0) {
      c->callconst[r].off[k] = lang_arena_put(&c->persist, v, n);
      c->callconst[r].len[k] = (uint32_t)n;
      *st = 1;
    } else if (*st == 1 && (c->callconst[r].len[k] != n || memcmp(c->persist.buf + c->callconst[r].off[k], v, n))) {
      *st = 2;
    }
  }
}

/* 1 if some argument-sized token of the statement is a table: most
 * statements have none, and then no call needs its arguments matched. */
static int any_table(lang_ctx *c) {
  int vars = (c->values & LV_LONG) || c->parent; /* table_arg's own test, made once for the statement */
  for (size_t a = 2; a < c->nst; a++) {
    size_t n;
    const token *t = &c->st[a];
    if ((t->kind == TK_STR ? t->len >= MIN_TABLE : t->kind == TK_VAR && vars) && table_arg(c, a, a + 1, &n)) return 1;
  }
  return 0;
}

void lang_php_note_calls(lang_ctx *c) {
  if (!any_table(c)) return;
  for (size_t i = 0; i + 2 < c->nst; i++) {
    const token *t = &c->st[i];
    if (!is_op(c, i + 1, "(") || !(t->kind == TK_IDENT || (t->kind == TK_STR && !(t->flags & TF_INTERP))) ||
        (i > 0 && (is_op(c, i - 1, "->") || is_op(c, i - 1, "::") || tok_is(c, &c->st[i - 1], TK_IDENT, "function") ||
                   tok_is(c, &c->st[i - 1], TK_IDENT, "new"))))
      continue;
    /* a table goes with some argument: skip calls without one (most calls) */
    size_t close = lang_match_close(c, i + 1);
    int any = 0;
    for (size_t a = i + 2; a < close && a < c->nst && !any; a++) {
      size_t n;
      any = table_arg(c, a, a + 1, &n) != NULL;
    }
    if (!any) continue;
    char name[48];
    if (t->len >= sizeof name) continue;
    lang_lower_copy(name, sizeof name, tok_text(c, t), t->len);
    if (lang_names_lookup(name, t->len, c->syn)) continue; /* PHP's own */
    note_call(c, name, t->len, i + 1);
  }
}

int lang_php_param_const(lang_ctx *c, const char *fn, size_t fnlen, unsigned idx, token *val) {
  if (!idx || idx > LANG_CALLCONST_ARGS) return 0;
  for (size_t r = 0; r < c->ncallconst; r++) {
    if (strlen(c->callconst[r].name) != fnlen || strncasecmp(c->callconst[r].name, fn, fnlen) != 0) continue;
    if (c->callconst[r].state[idx - 1] != 1) return 0;
    memset(val, 0, sizeof *val);
    val->kind = TK_STR;
    val->flags = TF_CONST;
    val->off = c->callconst[r].off[idx - 1];
    val->len = c->callconst[r].len[idx - 1];
    return 1;
  }
  return 0;
}
