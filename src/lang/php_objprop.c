/*
 * php_objprop.c - request input carried by an object's property to a
 * method that runs it.
 *
 * Object-oriented shells keep the sink's argument out of the call that
 * receives the request:
 *
 *   class Task { function __construct($c) { $this->cmd = $c; }
 *                function run() { passthru($this->cmd); } }
 *   (new Task($_POST['t']))->run();          echo new Out($_GET['c']);
 *
 * The flow goes through a named property, so it is followed by that name:
 * a property is fed when the request is assigned to it ($o->cmd = ...,
 * Task::$cmd = ..., or $this->cmd = $_POST[..] in a method) or handed to a
 * constructor or setter that stores that parameter in it ($o->set($_GET['c'])
 * of function set($v) { $this->cmd = $v; }); it is run when a method of the
 * file passes $this->cmd (or self::$cmd) to a code or command sink as the
 * argument's head.  A fed property run by name is the flow; nothing here
 * asks which method calls which (__toString, __invoke, __destruct or a plain
 * method all run when the object is used), nor in which order the file
 * writes them.  Applications store request values in properties all the
 * time, and run commands from properties (a configured binary path), but
 * rarely the one property from the other: the name must match.  A few of
 * each are kept per file (bounded tables).
 */
#include <stdio.h>
#include <string.h>

#include "lang/analyze.h"
#include "util/util.h"

static int is_op(const lang_ctx *c, size_t i, const char *op) { return i < c->nst && tok_is(c, &c->st[i], TK_OP, op); }

/* The file's tables, made on first use (most files never need them). */
static php_objprop *tables(lang_ctx *c) {
  if (!c->pcaps->objprop) c->pcaps->objprop = xcalloc(1, sizeof *c->pcaps->objprop);
  return c->pcaps->objprop;
}

/* st[a, b) starts with a property read: $this->name or K::$name (self,
 * static, parent or a class), not a call.  Returns the index of its name
 * token (a static property's name is read without its '$'), or 0. */
static size_t property_at(const lang_ctx *c, size_t a, size_t b) {
  if (a + 3 > b || a + 2 >= c->nst || is_op(c, a + 3, "(")) return 0;
  if (tok_is(c, &c->st[a], TK_VAR, "$this") && is_op(c, a + 1, "->") && c->st[a + 2].kind == TK_IDENT) return a + 2;
  if (c->st[a].kind == TK_IDENT && is_op(c, a + 1, "::") && c->st[a + 2].kind == TK_VAR && c->st[a + 2].len > 1)
    return a + 2;
  return 0;
}

static void copy_prop(char *dst, size_t n, const lang_ctx *c, const token *t) {
  size_t skip = t->kind == TK_VAR; /* K::$name */
  snprintf(dst, n, "%.*s", (int)(t->len - skip), tok_text(c, t) + skip);
}

/* In a method: a code or command sink d at line whose arguments st[a, b)
 * start with $this->name or self::$name (called from check_sink, for the
 * sinks the tables find). */
void lang_php_objprop_sink(lang_ctx *c, const name_def *d, size_t a, size_t b, unsigned line) {
  size_t p;
  if (!c->fn || (d->id != SK_CODE && d->id != SK_CMD) || !(p = property_at(c, a, b))) return;
  php_objprop *o = tables(c);
  if (o->nrun >= OBJPROP_MAX || c->st[p].len >= sizeof o->run[0].prop) return;
  objprop_run *r = &o->run[o->nrun++];
  copy_prop(r->prop, sizeof r->prop, c, &c->st[p]);
  snprintf(r->method, sizeof r->method, "%s", c->wrappers[c->fn - 1].name);
  snprintf(r->sink, sizeof r->sink, "%s", d->display);
  r->code = d->id == SK_CODE;
  r->line = c->level ? c->outer_line : line;
}

static void note_fed(php_objprop *o, const lang_ctx *c, const char *prop, const taint *t, unsigned line) {
  if (o->nfed >= OBJPROP_MAX) return;
  objprop_fed *f = &o->fed[o->nfed++];
  size_t n = strnlen(prop, sizeof f->prop - 1); /* prop may be a constructor's row of o */
  memcpy(f->prop, prop, n);
  f->prop[n] = '\0';
  snprintf(f->src, sizeof f->src, "%.47s", t->src);
  f->line = c->level ? c->outer_line : line;
}

/* In a method: $this->name = $param (a constructor or a setter: the
 * parameter's position is kept), or $this->name = <request>. */
static void note_store(lang_ctx *c, php_objprop *o) {
  size_t p = property_at(c, 0, c->nst);
  taint t;
  if (!p || !is_op(c, p + 1, "=") || p + 2 >= c->nst || c->st[p].len >= sizeof o->ctor[0].prop) return;
  char prop[24];
  copy_prop(prop, sizeof prop, c, &c->st[p]);
  if (p + 3 == c->nst && c->st[p + 2].kind == TK_VAR) {
    const sym *v = lang_sym_get(c, tok_text(c, &c->st[p + 2]), c->st[p + 2].len, 0);
    if (v && v->has_taint && (v->t.flags & TA_PARAM) && v->t.param) {
      if (o->nctor >= OBJPROP_MAX) return;
      memcpy(o->ctor[o->nctor].prop, prop, sizeof prop);
      snprintf(o->ctor[o->nctor].method, sizeof o->ctor[0].method, "%s", c->wrappers[c->fn - 1].name);
      o->ctor[o->nctor++].param = v->t.param;
      return;
    }
  }
  if (lang_input_taint(c, NULL, p + 2, c->nst, &t)) note_fed(o, c, prop, &t, c->st[0].line);
}

static void feed_calls(lang_ctx *c, php_objprop *o, size_t a, size_t b);

/* Outside the class: $o->name = <request> or K::$name = <request>, or a
 * call new Cls(..., <request>, ...) or $o->set(<request>) of a constructor
 * or setter that stores that parameter in a property. */
static void note_feed(lang_ctx *c, php_objprop *o) {
  taint t;
  size_t p = c->stmt_member ? (c->st[0].kind == TK_VAR && !tok_is(c, &c->st[0], TK_VAR, "$this") && is_op(c, 1, "->") &&
                               c->st[2].kind == TK_IDENT && !is_op(c, 3, "("))
                                  ? 2
                                  : property_at(c, 0, c->nst)
                              : 0;
  if (p && is_op(c, p + 1, "=") && c->st[p].len < sizeof o->fed[0].prop && lang_input_taint(c, NULL, p + 2, c->nst, &t)) {
    char prop[24];
    copy_prop(prop, sizeof prop, c, &c->st[p]);
    note_fed(o, c, prop, &t, c->st[0].line);
  }
  feed_calls(c, o, 0, c->nst);
}

/* The calls in st[a, b) of a constructor or setter that stores a parameter
 * in a property: new Cls(..., <request>, ...), $o->set(<request>). */
static void feed_calls(lang_ctx *c, php_objprop *o, size_t a, size_t b) {
  taint t;
  if (!o->nctor) return;
  for (size_t i = a; i + 1 < b && o->nfed < OBJPROP_MAX; i++) {
    const token *m = &c->st[i];
    int ctor = (m->flags & TF_NEW) != 0, method = i > 0 && (is_op(c, i - 1, "->") || is_op(c, i - 1, "::"));
    if (m->kind != TK_IDENT || !(ctor || method) || !is_op(c, i + 1, "(")) continue;
    size_t close = lang_match_close(c, i + 1), s, e;
    for (unsigned k = 0; k < o->nctor && o->nfed < OBJPROP_MAX; k++)
      if ((ctor ? strcmp(o->ctor[k].method, "__construct") == 0
                : strlen(o->ctor[k].method) == m->len && memcmp(o->ctor[k].method, tok_text(c, m), m->len) == 0) &&
          lang_arg_span(c, i + 2, close, o->ctor[k].param, &s, &e) && lang_input_taint(c, NULL, s, e, &t))
        note_fed(o, c, o->ctor[k].prop, &t, m->line);
  }
}

/* function __construct(private string $c, public readonly $d = ''): PHP 8
 * promoted parameters are stored in the property of their name, as if the
 * body said $this->c = $c (called for a statement whose first tokens hold
 * __construct). */
void lang_php_objprop_promoted(lang_ctx *c) {
  size_t k = 0;
  while (k < 4 && k + 2 < c->nst && !tok_is(c, &c->st[k], TK_IDENT, "__construct")) k++;
  if (k == 0 || k >= 4 || k + 2 >= c->nst || !tok_is(c, &c->st[k - 1], TK_IDENT, "function") || !is_op(c, k + 1, "("))
    return;
  size_t close = lang_match_close(c, k + 1);
  unsigned param = 1;
  int depth = 0, promoted = 0;
  for (size_t i = k + 2; i < close && i < c->nst; i++) {
    const token *t = &c->st[i];
    if (tok_opens(c, t)) depth++;
    else if (tok_closes(c, t)) depth--;
    else if (depth == 0 && is_op(c, i, ",")) param++, promoted = 0;
    else if (depth == 0 && t->kind == TK_IDENT &&
             (tok_is(c, t, TK_IDENT, "private") || tok_is(c, t, TK_IDENT, "public") ||
              tok_is(c, t, TK_IDENT, "protected") || tok_is(c, t, TK_IDENT, "readonly")))
      promoted = 1;
    else if (depth == 0 && promoted && t->kind == TK_VAR && t->len > 1 && t->len <= sizeof c->pcaps->objprop->ctor[0].prop &&
             param < 256) {
      php_objprop *o = tables(c);
      if (o->nctor >= OBJPROP_MAX) return;
      snprintf(o->ctor[o->nctor].prop, sizeof o->ctor[0].prop, "%.*s", (int)(t->len - 1), tok_text(c, t) + 1);
      snprintf(o->ctor[o->nctor].method, sizeof o->ctor[0].method, "__construct");
      o->ctor[o->nctor++].param = (uint8_t)param;
      promoted = 0;
    }
  }
}

/* (new Cls(<request>))->m(): the object made on the spot, about to be read
 * as the plain call m() (php_methods.c), is fed by its constructor first. */
void lang_php_objprop_new_args(lang_ctx *c, size_t a, size_t b) {
  php_objprop *o = c->pcaps->objprop;
  if (o && o->nrun && o->nctor && !c->fn) feed_calls(c, o, a, b);
}

void lang_php_objprop_statement(lang_ctx *c) {
  php_objprop *o = c->pcaps->objprop;
  if (!c->nst) return;
  if (c->fn) {
    if (c->stmt_member && c->nst > 4 && (tok_is(c, &c->st[0], TK_VAR, "$this") || is_op(c, 1, "::")))
      note_store(c, tables(c));
  } else if (o && o->nrun && (c->stmt_member || o->nctor)) { /* feeding matters once a method runs a property */
    note_feed(c, o);
  }
}

void lang_php_objprop_judge(lang_ctx *c) {
  const php_objprop *o = c->pcaps->objprop;
  if (!o) return;
  for (unsigned i = 0; i < o->nfed; i++)
    for (unsigned k = 0; k < o->nrun; k++) {
      const objprop_fed *f = &o->fed[i];
      const objprop_run *r = &o->run[k];
      if (strcmp(f->prop, r->prop) != 0) continue;
      lang_add_detection(c, r->code ? "shellsift.lang.code-exec" : "shellsift.lang.command-exec", "webshell", 85,
                         f->line,
                         "request input %s is stored in the object property %s (line %u), which %s() passes to "
                         "%s (line %u)",
                         f->src, f->prop, f->line, r->method, r->sink, r->line);
      return;
    }
}
