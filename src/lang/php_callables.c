/*
 * php_callables.c - PHP's newer ways to make a callable from a function:
 *
 *   $f = system(...);                          first-class callable (PHP 8.1)
 *   $f = fn($x) => system($x);                 arrow function (PHP 7.4)
 *   $f = Closure::fromCallable('system');      Closure::bind(function ($x) {...}, ...)
 *   $f($_GET['c']);
 *   array_map(function ($x) { return system($x); }, $_POST);   a closure written in place
 *   $f = function ($x) { system($x); };        a closure assigned (read as a function)
 *
 * Shells use them as they use create_function(): the sink's call site only
 * shows a variable.  Each is read as the sink it hands its parameter to, so
 * a call of the variable on request input is that sink's call.  An arrow
 * function or a closure counts only when its body starts with the sink
 * given one of its parameters (fn($x) => trim($x) is no sink; the tables
 * decide).
 */
#include <string.h>

#include "lang/analyze.h"

static int is_op(const lang_ctx *c, size_t i, const char *op) { return i < c->nst && tok_is(c, &c->st[i], TK_OP, op); }

/* st[a] starts an arrow function or a closure: [static] fn (, [static] function ( */
static size_t arrow_at(const lang_ctx *c, size_t a, size_t b) {
  size_t i = a + (a < b && tok_is(c, &c->st[a], TK_IDENT, "static"));
  return i + 1 < b && (tok_is(c, &c->st[i], TK_IDENT, "fn") || tok_is(c, &c->st[i], TK_IDENT, "function")) &&
                 is_op(c, i + 1, "(")
             ? i
             : SIZE_MAX;
}

/* Closure::bind(function ...), Closure::bind(fn ...): the closure, or SIZE_MAX. */
static size_t bound_at(const lang_ctx *c, size_t a, size_t b) {
  if (!(a + 4 < b && tok_is(c, &c->st[a], TK_IDENT, "closure") && is_op(c, a + 1, "::") &&
        tok_is(c, &c->st[a + 2], TK_IDENT, "bind") && is_op(c, a + 3, "(")))
    return SIZE_MAX;
  return arrow_at(c, a + 4, b);
}

int lang_php_callable_syntax(const lang_ctx *c, size_t a, size_t b) {
  if (a >= b || c->st[a].kind != TK_IDENT) return 0;
  if (b == a + 4 && c->st[a].kind == TK_IDENT && is_op(c, a + 1, "(") && is_op(c, a + 2, "...") && is_op(c, a + 3, ")"))
    return 1;
  if (arrow_at(c, a, b) != SIZE_MAX || bound_at(c, a, b) != SIZE_MAX) return 1;
  return a + 4 < b && tok_is(c, &c->st[a], TK_IDENT, "closure") && is_op(c, a + 1, "::") &&
         tok_is(c, &c->st[a + 2], TK_IDENT, "fromcallable") && is_op(c, a + 3, "(");
}

/* fn(params) => sink(<a parameter> ...), function(params) [use (...)] {
 * [return] sink(<a parameter or $param[k]> ...); }: the sink, with c->probe_param set. */
static const name_def *arrow_sink(lang_ctx *c, size_t i, size_t b) {
  size_t close = lang_match_close(c, i + 1), k = close + 1;
  int closure = tok_is(c, &c->st[i], TK_IDENT, "function");
  if (closure && k + 1 < b && tok_is(c, &c->st[k], TK_IDENT, "use") && is_op(c, k + 1, "("))
    k = lang_match_close(c, k + 1) + 1;
  const char *open = closure ? "{" : "=>";
  size_t stop = k + 4; /* a return type: fn($x): string => */
  while (k < b && !is_op(c, k, open) && k < stop) k++;
  if (k >= b || !is_op(c, k, open)) return NULL;
  k++;
  if (closure && k < b && tok_is(c, &c->st[k], TK_IDENT, "return")) k++;
  if (k + 2 < b && is_op(c, k, "(") && tok_is(c, &c->st[k + 1], TK_IDENT, "string") && is_op(c, k + 2, ")"))
    k += 3; /* return (string) shell_exec($c): the cast keeps the output */
  if (k + 2 >= b || c->st[k].kind != TK_IDENT || !is_op(c, k + 1, "(")) return NULL;
  const name_def *d = lang_php_sink_named(c, tok_text(c, &c->st[k]), c->st[k].len);
  if (!d) return NULL;
  const token *arg = &c->st[k + 2];
  size_t after = k + 3;
  /* $m[0]: an element of the parameter (preg_replace_callback's matches) */
  if (is_op(c, after, "[") && after + 2 < b && (c->st[after + 1].kind == TK_NUM || c->st[after + 1].kind == TK_STR) &&
      is_op(c, after + 2, "]"))
    after += 3;
  /* $e->getMessage(): the message of the exception an exception handler is given */
  else if (is_op(c, after, "->") && after + 3 < b && tok_is(c, &c->st[after + 1], TK_IDENT, "getmessage") &&
           is_op(c, after + 2, "(") && is_op(c, after + 3, ")"))
    after += 4;
  if (arg->kind != TK_VAR || !(is_op(c, after, ")") || is_op(c, after, ","))) return NULL; /* the parameter as it is */
  unsigned n = 1;
  for (size_t p = i + 2; p < close; p++) {
    if (is_op(c, p, ",")) n++;
    else if (c->st[p].kind == TK_VAR && c->st[p].len == arg->len &&
             memcmp(tok_text(c, &c->st[p]), tok_text(c, arg), arg->len) == 0) {
      c->probe_param = (uint8_t)n;
      return d;
    }
  }
  return NULL;
}

const name_def *lang_php_callable_of_syntax(lang_ctx *c, size_t a, size_t b) {
  if (!lang_php_callable_syntax(c, a, b)) return NULL;
  size_t i = arrow_at(c, a, b);
  if (i == SIZE_MAX) i = bound_at(c, a, b);
  if (i != SIZE_MAX) return arrow_sink(c, i, b);
  if (is_op(c, a + 1, "(")) { /* system(...) */
    const name_def *d = lang_php_sink_named(c, tok_text(c, &c->st[a]), c->st[a].len);
    if (d) c->probe_param = 1;
    return d;
  }
  if (a + 5 < b + 1 && c->st[a + 4].kind == TK_STR && is_op(c, a + 5, ")")) { /* Closure::fromCallable('system') */
    const name_def *d = lang_php_sink_named(c, tok_text(c, &c->st[a + 4]), c->st[a + 4].len);
    if (d) c->probe_param = 1;
    return d;
  }
  return NULL;
}

int lang_php_arrow_iife(lang_ctx *c) {
  size_t close = lang_match_close(c, 0);
  if (close + 2 >= c->nst || !is_op(c, close + 1, "(") || arrow_at(c, 1, close) == SIZE_MAX ||
      !tok_is(c, &c->st[arrow_at(c, 1, close)], TK_IDENT, "fn"))
    return 0;
  c->probe_param = 0;
  const name_def *d = lang_php_callable_of_syntax(c, 1, close);
  size_t end = lang_match_close(c, close + 1), s, e;
  taint t;
  if (!d || (d->id != SK_CODE && d->id != SK_CMD) || end > c->nst ||
      !lang_arg_span(c, close + 2, end, c->probe_param ? c->probe_param : 1, &s, &e) || !lang_input_taint(c, NULL, s, e, &t))
    return 0;
  lang_add_detection(c, d->id == SK_CMD ? "shellsift.lang.command-exec" : "shellsift.lang.code-exec", "webshell", 90,
                     c->st[0].line, "request input %s reaches %s through an arrow function called where it is written (line %u)",
                     t.src, d->display, c->st[0].line);
  return 1;
}

/* $f = function ($c) { return system($c); };  The closure was read as a
 * function of its own; when it runs a parameter as it is, $f holds that
 * sink (read at the variable's call like any callable). */
void lang_php_closure_end(lang_ctx *c) {
  const wrapper *w = c->fn ? &c->wrappers[c->fn - 1] : NULL;
  char var[sizeof c->closure_var];
  memcpy(var, c->closure_var, sizeof var);
  c->closure_var[0] = '\0';
  if (!w || !w->sink || (w->sink->id != SK_CODE && w->sink->id != SK_CMD) || !(w->sink_flags & TA_PURE)) return;
  unsigned scope = c->scope;
  c->scope = 0; /* the variable is the page's */
  sym *s = lang_sym_get(c, var, strlen(var), 1);
  if (s) {
    s->callable = w->sink;
    s->cparam = w->sink_param;
    s->ncchain = 0;
  }
  c->scope = scope;
}
