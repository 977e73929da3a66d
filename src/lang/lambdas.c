/*
 * lambdas.c - a sink wrapped in a lambda or an anonymous delegate kept in
 * a variable, then called with request input (C#, Java, JScript):
 *
 *   Func<string, Process> run = c => Process.Start("cmd.exe", "/c " + c);   run(Request["c"])
 *   Action<string> go = delegate(string a) { Process.Start(...a...); };     go(Request["c"])
 *   Function<String, Object> f = c -> { ... Runtime.getRuntime().exec(c) ... };  f.apply(request...)
 *
 * The variable becomes a function wrapping the sink, as a named function
 * that runs one does (analyze.c): an expression body is read here, a block
 * body by the function tracking, which this file names.
 */
#include <string.h>

#include "lang/analyze.h"

static inline int op_at(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* The index just past the lambda head that starts at st[h] (after "name ="):
 * "x =>", "(...) =>", "x ->", "(...) ->" or "delegate (...)"; 0 if none. */
static size_t lambda_head(const lang_ctx *c, size_t h) {
  if (h >= c->nst) return 0;
  const char *arrow = c->syn == SYN_JAVA ? "->" : "=>";
  if (c->st[h].kind == TK_IDENT && !memchr(tok_text(c, &c->st[h]), '.', c->st[h].len)) {
    if (c->syn == SYN_CSHARP && tok_is(c, &c->st[h], TK_IDENT, "delegate") && op_at(c, h + 1, "("))
      return lang_match_close(c, h + 1) + 1;
    return op_at(c, h + 1, arrow) ? h + 2 : 0;
  }
  if (!op_at(c, h, "(")) return 0;
  size_t close = lang_match_close(c, h);
  return close < c->nst && op_at(c, close + 1, arrow) ? close + 2 : 0;
}

/* The variable a statement "... name = <lambda head> ..." assigns, its
 * index in *name, and where the body starts in *body; 0 if the statement
 * is not one. */
static int lambda_assignment(const lang_ctx *c, size_t *name, size_t *body) {
  if (c->syn != SYN_CSHARP && c->syn != SYN_JAVA && c->syn != SYN_JSCRIPT) return 0;
  for (size_t i = 1; i + 2 < c->nst && i < 12; i++) {
    if (!op_at(c, i, "=")) continue;
    const token *n = &c->st[i - 1];
    if (n->kind != TK_IDENT || memchr(tok_text(c, n), '.', n->len) || n->len >= sizeof c->wrappers[0].name) return 0;
    size_t b = lambda_head(c, i + 1);
    if (!b) return 0;
    *name = i - 1;
    *body = b;
    return 1;
  }
  return 0;
}

/* The first sink st[from, nst) calls, directly or through reflection, that
 * runs code, a command or loads code, or NULL. */
static const name_def *first_sink(lang_ctx *c, size_t from) {
  for (size_t i = from; i < c->nst; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_IDENT || !(op_at(c, i + 1, "(") || (t->flags & TF_NEW))) continue;
    const name_def *d = lang_names_lookup(tok_text(c, t), t->len, c->syn);
    size_t a, b;
    if ((!d || d->kind != N_SINK) && !lang_reflect_sink(c, i, &d, &a, &b)) continue;
    if (d && d->kind == N_SINK && (d->id == SK_CODE || d->id == SK_CMD || d->id == SK_LOAD)) return d;
  }
  return NULL;
}

/* A code, command or code-loading sink by the name in st[k], or NULL. */
static const name_def *sink_named(lang_ctx *c, const char *s, size_t n) {
  const name_def *d = lang_names_lookup(s, n, c->syn);
  return d && d->kind == N_SINK && (d->id == SK_CODE || d->id == SK_CMD || d->id == SK_LOAD) ? d : NULL;
}

/* C#: a delegate made from a sink without a lambda:
 *   Func<string, string, Process> go = Process.Start;                     (a method group)
 *   var f = (Func<...>)Delegate.CreateDelegate(typeof(...), m);           (m = typeof(Process).GetMethod("Start"))
 * the variable becomes a function wrapping that sink. */
static void method_group(lang_ctx *c) {
  for (size_t i = 1; i + 1 < c->nst && i < 12; i++) {
    if (!op_at(c, i, "=")) continue;
    const token *n = &c->st[i - 1];
    if (n->kind != TK_IDENT || memchr(tok_text(c, n), '.', n->len) || n->len >= sizeof c->wrappers[0].name) return;
    size_t end = op_at(c, c->nst - 1, ";") ? c->nst - 1 : c->nst;
    const token *v = &c->st[i + 1];
    /* C#: a method group is qualified (Process.Start); JScript: a function by its name (var f = eval) */
    if (end == i + 2 && v->kind == TK_IDENT && !(v->flags & TF_NEW) &&
        (c->syn == SYN_JSCRIPT || memchr(tok_text(c, v), '.', v->len))) {
      const name_def *d = sink_named(c, tok_text(c, v), v->len);
      if (d) lang_sink_wrapper(c, tok_text(c, n), n->len, d);
      return;
    }
    for (size_t k = i + 1; k + 1 < end; k++) {
      const token *f = &c->st[k];
      if (f->kind != TK_IDENT || f->len < 14 || strcmp(tok_text(c, f) + f->len - 14, "createdelegate") != 0 ||
          !op_at(c, k + 1, "("))
        continue;
      size_t close = lang_match_close(c, k + 1);
      if (close >= c->nst || close < k + 3 || c->st[close - 1].kind != TK_IDENT) return;
      const token *m = &c->st[close - 1];
      sym *sy = lang_sym_get(c, tok_text(c, m), m->len, 0);
      const char *ty = sy && sy->has_type ? c->persist.buf + sy->type_off : NULL;
      const name_def *d = ty && sy->type_len > 7 && memcmp(ty, "method:", 7) == 0 ? sink_named(c, ty + 7, sy->type_len - 7) : NULL;
      if (d) lang_sink_wrapper(c, tok_text(c, n), n->len, d);
      return;
    }
    return;
  }
}

/* C#: an expression-bodied method, "void Run(string a) => Process.Start(...);":
 * a function wrapping the sink its body calls, like one with a block body. */
static void expression_member(lang_ctx *c) {
  for (size_t i = 1; i + 3 < c->nst && i < 12; i++) {
    if (!op_at(c, i, "(")) continue;
    const token *n = &c->st[i - 1];
    if (n->kind != TK_IDENT || (n->flags & TF_NEW) || memchr(tok_text(c, n), '.', n->len) ||
        n->len >= sizeof c->wrappers[0].name || i < 2 || c->st[i - 2].kind != TK_IDENT)
      return; /* a return type (or modifier) before the name */
    size_t close = lang_match_close(c, i);
    if (close >= c->nst || !op_at(c, close + 1, "=>")) return;
    const name_def *d = first_sink(c, close + 2);
    if (d) lang_sink_wrapper(c, tok_text(c, n), n->len, d);
    return;
  }
}

void lang_lambda_statement(lang_ctx *c) {
  size_t name, body;
  if (c->lambda_level && c->brace_level < c->lambda_level) c->lambda_level = 0; /* its body closed */
  if (c->lambda_level) { /* a statement of a block body */
    const name_def *d = first_sink(c, 0);
    if (d) {
      lang_sink_wrapper(c, c->lambda_name, strlen(c->lambda_name), d);
      c->lambda_level = 0;
    }
    return;
  }
  if (!lambda_assignment(c, &name, &body)) {
    if (c->syn == SYN_CSHARP) method_group(c), expression_member(c);
    else if (c->syn == SYN_JSCRIPT) method_group(c); /* var f = eval; f(x) */
    return;
  }
  const token *n = &c->st[name];
  if (op_at(c, c->nst - 1, "{") && body == c->nst - 1) { /* go = delegate(string a) {, f = c -> { */
    memcpy(c->lambda_name, tok_text(c, n), n->len);
    c->lambda_name[n->len] = '\0';
    c->lambda_level = c->brace_level + 1;
    return;
  }
  const name_def *d = first_sink(c, body); /* an expression body */
  if (d) lang_sink_wrapper(c, tok_text(c, n), n->len, d);
}

const char *lang_lambda_receiver(const char *s, size_t n, size_t *len) {
  static const char *const calls[] = {".apply", ".accept", ".invoke", ".call", ".test", ".run", ".get"};
  for (size_t k = 0; k < sizeof calls / sizeof calls[0]; k++) {
    size_t m = strlen(calls[k]);
    if (n > m && memcmp(s + n - m, calls[k], m) == 0 && !memchr(s, '.', n - m)) {
      *len = n - m;
      return s;
    }
  }
  return NULL;
}
