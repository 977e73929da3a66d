/*
 * local_fns.c - C# functions that hand request input out, where the
 * function tracking (analyze.c, one function at a time) does not read them:
 *
 *   void Page_Load(object s, EventArgs e) {
 *       string Arg(string k) => Request.Headers[k];          an expression-bodied function
 *       string Input(string k) { return Request.Form[k]; }   a local function (C# 7) nested in a method
 *       Process.Start("cmd.exe", "/c " + Input("c"));
 *
 * Each becomes a function whose calls return that input, as a top-level
 * one returning it does.
 */
#include <string.h>

#include "lang/analyze.h"

static inline int op_at(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* The index of the '(' of a function head "[modifiers] Type Name(params)" that starts the
 * statement, 0 if it is not one (a call, a control statement, a constructor call). */
static size_t function_head(const lang_ctx *c) {
  static const char *const not_heads[] = {"if", "for", "foreach", "while", "switch", "catch", "using", "lock",
                                          "fixed", "return", "new", "await", "throw", "else", "var", "nameof"};
  for (size_t i = 2; i + 1 < c->nst && i < 10; i++) {
    if (!op_at(c, i, "(")) continue;
    const token *n = &c->st[i - 1], *ty = &c->st[i - 2];
    if (n->kind != TK_IDENT || (n->flags & TF_NEW) || memchr(tok_text(c, n), '.', n->len) ||
        n->len >= sizeof c->local_name)
      return 0;
    /* the return type: a name, a generic's '>', an array's ']', a nullable's '?' */
    if (!(ty->kind == TK_IDENT || op_at(c, i - 2, ">") || op_at(c, i - 2, "]") || op_at(c, i - 2, "?"))) return 0;
    for (size_t k = 0; k + 1 < i; k++) {
      if (c->st[k].kind != TK_IDENT && !(c->st[k].kind == TK_OP && (op_at(c, k, "<") || op_at(c, k, ">") ||
                                                                   op_at(c, k, "[") || op_at(c, k, "]") ||
                                                                   op_at(c, k, "?") || op_at(c, k, ","))))
        return 0; /* x = f(...) and the like: not a head */
      for (size_t m = 0; m < sizeof not_heads / sizeof not_heads[0]; m++)
        if (tok_is(c, &c->st[k], TK_IDENT, not_heads[m])) return 0;
    }
    return i;
  }
  return 0;
}

static void returns(lang_ctx *c, const char *name, size_t n, size_t a, size_t b) {
  taint t = {0};
  if (b > a && lang_span_taint(c, a, b, &t) && !(t.flags & TA_WEAK)) lang_return_wrapper(c, name, n, &t);
}

void lang_local_fn_statement(lang_ctx *c) {
  if (c->syn != SYN_CSHARP || !c->nst) return;
  if (c->local_level && c->brace_level < c->local_level) c->local_level = 0; /* its body closed */
  size_t end = op_at(c, c->nst - 1, ";") ? c->nst - 1 : c->nst;
  if (c->local_level) { /* a statement of a nested function's body */
    if (c->brace_level == c->local_level && tok_is(c, &c->st[0], TK_IDENT, "return"))
      returns(c, c->local_name, strlen(c->local_name), 1, end);
    return;
  }
  size_t open = function_head(c);
  if (!open) return;
  size_t close = lang_match_close(c, open);
  if (close >= c->nst) return;
  const token *n = &c->st[open - 1];
  if (op_at(c, close + 1, "=>")) {
    returns(c, tok_text(c, n), n->len, close + 2, end); /* string Arg(string k) => Request[k]; */
  } else if (c->in_fn && c->fn && close + 2 == c->nst && op_at(c, close + 1, "{")) {
    /* nested in the function being read: the tracking leaves it to us */
    memcpy(c->local_name, tok_text(c, n), n->len);
    c->local_name[n->len] = '\0';
    c->local_level = c->brace_level + 1;
  }
}
