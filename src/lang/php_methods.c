/*
 * php_methods.c - the file's own methods, called as what they are.  Packers
 * and kits put their decoder or their sink in a class and call it through
 * it, so the helper that a plain function call would reveal hides behind
 * the receiver:
 *
 *   class K { static function d($s) { return base64_decode($s); } }
 *   eval(K::d('...'));
 *   class R { function run($c) { system($c); } }  (new R)->run($_GET['c']);
 *
 * Methods are remembered like functions (a wrapper of that name).  A call
 * Cls::m(...), $obj->m(...), $this->m(...) of a method this file defines
 * that runs code or a command with its parameter as it is, returns a constant, is
 * inlined, looks up a constant table or decodes characters is read as the
 * plain call m(...), so folding, inlining and the sink tables see it.
 * Methods that only read input or files are left alone: another object's
 * method of the same name would be taken for them.  A class whose __call
 * calls the method's name as a function makes $o->system($c) system($c).
 */
#include <string.h>

#include "lang/analyze.h"

static inline __attribute__((always_inline)) int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* A method of the file worth reading as a plain call. */
static int revealing(const lang_ctx *c, const token *t) {
  for (size_t k = 0; k < c->nwrappers; k++) {
    const wrapper *w = &c->wrappers[k];
    if ((int)k + 1 == c->fn || w->name[0] != tok_text(c, t)[0] || strlen(w->name) != t->len ||
        memcmp(w->name, tok_text(c, t), t->len) != 0)
      continue;
    /* a sink only when the parameter reaches it as it is: a method that runs a
     * string it builds (a template compiled, a fixed command line) is the application's */
    return (w->sink && (w->sink->id == SK_CODE || w->sink->id == SK_CMD) && (w->sink_flags & TA_PURE)) || (w->inl_len && !w->inl_bad) ||
           w->tbl_len || (w->nretc && !w->retc_bad) || w->shape == 3 || w->built_param || w->call_param;
  }
  return 0;
}

/* $o->system(...) on a class whose __call($m, $a) calls $m as a function:
 * the method's name is the function run.  Only a name of a code or
 * command function the file defines no method for. */
static int forwarded(const lang_ctx *c, const token *t) {
  const wrapper *call = NULL;
  for (size_t k = 0; k < c->nwrappers; k++) {
    const wrapper *w = &c->wrappers[k];
    if (strlen(w->name) == t->len && memcmp(w->name, tok_text(c, t), t->len) == 0) return 0; /* its own method */
    if (w->call_param == 1 && !w->call_built && strcmp(w->name, "__call") == 0) call = w;
  }
  if (!call) return 0;
  const name_def *d = lang_names_lookup(tok_text(c, t), t->len, SYN_PHP);
  return d && d->kind == N_SINK && (d->id == SK_CODE || d->id == SK_CMD);
}

int lang_php_note_method_wrapper(lang_ctx *c, const wrapper *w) {
  if ((w->sink && (w->sink->id == SK_CODE || w->sink->id == SK_CMD) && (w->sink_flags & TA_PURE)) ||
      (w->inl_len && !w->inl_bad) || w->tbl_len || (w->nretc && !w->retc_bad) || w->shape == 3 || w->built_param ||
      w->call_param)
    return c->method_wrappers = 1;
  return 0;
}

void lang_php_own_methods(lang_ctx *c) {
  if (!c->method_wrappers || c->syn != SYN_PHP) return;
  for (size_t i = 2; i + 1 < c->nst; i++) {
    const token *m = &c->st[i];
    if (m->kind != TK_IDENT || c->st[i - 1].kind != TK_OP || c->st[i + 1].kind != TK_OP || !is_op(c, i + 1, "(") ||
        !(is_op(c, i - 1, "::") || is_op(c, i - 1, "->") || is_op(c, i - 1, "?->")))
      continue;
    const token *recv = &c->st[i - 2];
    if (is_op(c, i - 2, ")")) {
      /* (new Cls(...))->m(...): the object made on the spot is the receiver */
      size_t j = i - 2;
      int depth = 0;
      do {
        if (is_op(c, j, ")")) depth++;
        else if (is_op(c, j, "(")) depth--;
      } while (depth > 0 && j-- > 0);
      if (depth == 0 && j + 1 < i - 2 && c->st[j + 1].kind == TK_IDENT && (c->st[j + 1].flags & TF_NEW) &&
          revealing(c, m)) {
        lang_php_objprop_new_args(c, j + 1, i - 1);
        memmove(c->st + j, c->st + i, (c->nst - i) * sizeof *c->st);
        c->nst -= i - j;
        i = j;
      }
      continue;
    }
    if (recv->kind != TK_VAR && recv->kind != TK_IDENT) continue;
    if (i >= 3 && (is_op(c, i - 3, "->") || is_op(c, i - 3, "::") || is_op(c, i - 3, "?->") || is_op(c, i - 3, "$")))
      continue; /* $a->b->m(): the receiver is itself a member */
    if (!revealing(c, m) && !(c->dispatch_wrappers && is_op(c, i - 1, "->") && forwarded(c, m))) continue;
    memmove(c->st + i - 2, c->st + i, (c->nst - i) * sizeof *c->st);
    c->nst -= 2;
    i -= 2;
  }
}
