/*
 * php_cbtail.c - a closure callback whose request argument comes after
 * the closure's body:
 *
 *   array_map(function ($x) { system($x); }, $_POST);
 *   preg_replace_callback('/.+/', function ($m) { eval($m[0]); }, $_GET['c']);
 *
 * The analyzer reads statements, and the closure's ";" ends the one that
 * holds the call: the arguments after the body are a later statement
 * ("}", then ", $_POST)").  check_callback (analyze.c) sees the closure
 * run its parameter but not the data the call hands it; it opens a tail
 * here, which counts the body's braces and reads the first statement
 * after the body closes: request input among the call's remaining
 * arguments reaches the closure's sink, as it does when it comes first
 * (usort($_GET, function ...)).  A closure called where it is written,
 *
 *   (function ($c) { passthru($c); })($_POST['c']);
 *
 * is read the same way: its arguments follow the body, after ")(".
 */
#include <stdio.h>
#include <string.h>

#include "lang/analyze.h"

static int op_is(const lang_ctx *c, size_t i, const char *which) { return tok_is(c, &c->st[i], TK_OP, which); }

/* Net braces of st[a, b): { minus }. */
static int net_braces(const lang_ctx *c, size_t a, size_t b) {
  int n = 0;
  for (size_t i = a; i < b; i++)
    if (op_is(c, i, "{")) n++;
    else if (op_is(c, i, "}")) n--;
  return n;
}

void lang_php_cbtail_open(lang_ctx *c, const name_def *inner, const char *display, unsigned line, size_t s) {
  int open = net_braces(c, s, c->nst);
  if (open <= 0 || open > 64) return; /* the body closes in this statement: nothing follows later */
  c->cbtail.open = open;
  c->cbtail.closed = 0;
  c->cbtail.iife = 0;
  c->cbtail.line = line;
  c->cbtail.inner = inner;
  snprintf(c->cbtail.display, sizeof c->cbtail.display, "%s", display);
}

/* The arguments st[from, nst) up to the call's ")" carry request input: reported. */
static void read_tail(lang_ctx *c, size_t from) {
  if (c->cbtail.iife) { /* ...})(args): the call's "(" */
    if (!(op_is(c, from, ")") && op_is(c, from + 1, "("))) return;
    from++;
  }
  if (from >= c->nst || (!c->cbtail.iife && !op_is(c, from, ","))) return; /* the closure was the last argument */
  int depth = 0;
  size_t end = from;
  for (; end < c->nst; end++) {
    if (tok_opens(c, &c->st[end])) depth++;
    else if (tok_closes(c, &c->st[end]) && --depth < 0) break;
  }
  taint t;
  if (!lang_input_taint(c, NULL, from + 1, end, &t)) return;
  const name_def *d = c->cbtail.inner;
  lang_add_detection(c, d->id == SK_CMD ? "shellsift.lang.command-exec" : "shellsift.lang.code-exec", "webshell",
                     90, c->cbtail.line, "request input %s reaches %s through %s (line %u)", t.src, d->display,
                     c->cbtail.display, c->cbtail.line);
}

/* "(function ($c) { sink($c); ...": a closure called where it is written */
static void open_iife(lang_ctx *c) {
  size_t f = 1 + (c->nst > 1 && tok_is(c, &c->st[1], TK_IDENT, "static"));
  if (f + 1 >= c->nst || !tok_is(c, &c->st[f], TK_IDENT, "function") || !op_is(c, f + 1, "(")) return;
  const name_def *d = lang_php_callable_of_syntax(c, 1, c->nst);
  if (!d || (d->id != SK_CODE && d->id != SK_CMD)) return;
  lang_php_cbtail_open(c, d, "a closure called where it is written", c->st[0].line, 1);
  c->cbtail.iife = 1;
}

void lang_php_cbtail_statement(lang_ctx *c) {
  if (!c->cbtail.open && !c->cbtail.closed) {
    open_iife(c);
    return;
  }
  if (c->cbtail.closed) { /* the body closed with the statement before: this one holds the rest */
    c->cbtail.open = c->cbtail.closed = 0;
    read_tail(c, 0);
    return;
  }
  int open = c->cbtail.open;
  for (size_t i = 0; i < c->nst; i++) {
    if (op_is(c, i, "{")) open++;
    else if (op_is(c, i, "}") && --open == 0) {
      c->cbtail.open = 0;
      if (i + 1 < c->nst) read_tail(c, i + 1);
      else c->cbtail.closed = 1;
      return;
    }
  }
  c->cbtail.open = open;
}
