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
 *
 * A closure whose sink is not its first statement,
 *
 *   array_walk($_POST, function ($v, $k) { if ($k == 'c') { system($v); } });
 *   array_map(function ($x) { $y = trim($x); system($y); }, $_POST);
 *
 * has its body read: its parameters are tainted as LANG_PARAM_CLOSURE
 * while the body lasts (the page's variables of those names are kept and
 * given back), and a code or command sink one of them reaches as it is
 * becomes the closure's sink; request input among the call's arguments,
 * before the closure or after its body, reaches it.
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

static void report(lang_ctx *c, const char *src) {
  const name_def *d = c->cbtail.inner;
  lang_add_detection(c, d->id == SK_CMD ? "shellsift.lang.command-exec" : "shellsift.lang.code-exec", "webshell",
                     90, c->cbtail.line, "request input %s reaches %s through %s (line %u)", src, d->display,
                     c->cbtail.display, c->cbtail.line);
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
  if (lang_input_taint(c, NULL, from + 1, end, &t)) report(c, t.src);
}

/* The variable p is given the taint t while the body lasts; the page's variable of that name is kept (at most
 * four).  0 if it could not be. */
static int claim(lang_ctx *c, const token *p, const taint *t) {
  if (c->cbtail.nsaved >= 4) return 0;
  sym *v = lang_sym_get(c, tok_text(c, p), p->len, 0);
  unsigned k = c->cbtail.nsaved;
  c->cbtail.existed[k] = v != NULL;
  if (v) c->cbtail.saved[k] = *v;
  if ((v = lang_sym_get(c, tok_text(c, p), p->len, 1)) == NULL) return 0;
  if (!c->cbtail.existed[k]) c->cbtail.saved[k] = *v; /* its name, to find it again */
  c->cbtail.nsaved++;
  v->t = *t;
  v->has_taint = 1;
  v->has_const = v->has_arr = 0;
  v->callable = NULL;
  return 1;
}

void lang_php_cbtail_read(lang_ctx *c, const char *display, unsigned line, size_t a, size_t s) {
  if (c->cbtail.open || c->cbtail.closed) return; /* one closure at a time */
  size_t f = s + (s < c->nst && tok_is(c, &c->st[s], TK_IDENT, "static"));
  if (f + 1 >= c->nst || !tok_is(c, &c->st[f], TK_IDENT, "function")) return; /* an arrow function has no body */
  size_t close = lang_match_close(c, f + 1);
  if (close >= c->nst) return;
  lang_php_cbtail_open(c, NULL, display, line, s);
  if (!c->cbtail.open) return;
  c->cbtail.reading = 1;
  c->cbtail.nsaved = 0;
  taint t;
  c->cbtail.src[0] = '\0';
  if (lang_input_taint(c, NULL, a, s, &t)) snprintf(c->cbtail.src, sizeof c->cbtail.src, "%s", t.src);
  int depth = 0;
  for (size_t i = f + 2; i < close; i++) {
    const token *p = &c->st[i];
    if (tok_opens(c, p)) depth++;
    else if (tok_closes(c, p)) depth--;
    if (depth || p->kind != TK_VAR || op_is(c, i - 1, "=")) continue;
    taint pt = {0};
    snprintf(pt.src, sizeof pt.src, "%.*s", (int)p->len, tok_text(c, p));
    pt.flags = TA_PARAM | TA_PURE;
    pt.param = LANG_PARAM_CLOSURE;
    if (!claim(c, p, &pt)) break;
  }
  /* the body's first statement is part of the call's: "{ $y = trim($x)" assigns here or nowhere */
  size_t body = close + 1;
  while (body < c->nst && !op_is(c, body, "{")) body++;
  if (body + 3 < c->nst && c->st[body + 1].kind == TK_VAR && op_is(c, body + 2, "=") &&
      lang_span_taint(c, body + 3, c->nst, &t) && t.param == LANG_PARAM_CLOSURE) {
    claim(c, &c->st[body + 1], &t);
  }
}

void lang_php_cbtail_sink(lang_ctx *c, const name_def *d, unsigned flags) {
  if (c->cbtail.reading && !c->cbtail.inner && (d->id == SK_CODE || d->id == SK_CMD) && (flags & TA_PURE))
    c->cbtail.inner = d;
}

/* The body closed: the page's variables come back, and the closure's sink meets the request input before it. */
static void end_reading(lang_ctx *c) {
  c->cbtail.reading = 0;
  for (unsigned k = 0; k < c->cbtail.nsaved; k++) {
    const sym *o = &c->cbtail.saved[k];
    sym *v = lang_sym_get(c, c->persist.buf + o->name_off, o->name_len, 0);
    if (!v) continue;
    if (c->cbtail.existed[k]) *v = *o;
    else v->has_taint = v->has_const = v->has_arr = 0, v->callable = NULL;
  }
  c->cbtail.nsaved = 0;
  if (c->cbtail.inner && c->cbtail.src[0]) {
    report(c, c->cbtail.src);
    c->cbtail.inner = NULL; /* reported: the arguments after the body add nothing */
  }
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
    if (lang_php_arrow_iife(c)) return; /* (fn($c) => system($c))($_GET['c']) */
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
      if (c->cbtail.reading) end_reading(c);
      if (!c->cbtail.inner) return;
      if (i + 1 < c->nst) read_tail(c, i + 1);
      else c->cbtail.closed = 1;
      return;
    }
  }
  c->cbtail.open = open;
}
