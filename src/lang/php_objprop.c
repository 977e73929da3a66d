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
 * a property is fed when the request is assigned to it ($o->cmd = ...) or
 * handed to a constructor that stores that parameter in it; it is run when
 * a method of the file passes $this->cmd to a code or command sink as the
 * argument's head.  A fed property run by name is the flow; nothing here
 * asks which method calls which (__toString, __invoke, __destruct or a plain
 * method all run when the object is used).  Applications store request
 * values in properties all the time, and run commands from properties
 * (a configured binary path), but rarely the one property from the other:
 * the name must match.  A few of each are kept per file (bounded tables).
 */
#include <stdio.h>
#include <string.h>

#include "lang/analyze.h"
#include "util/util.h"

static int is_op(const lang_ctx *c, size_t i, const char *op) { return i < c->nst && tok_is(c, &c->st[i], TK_OP, op); }

static void copy_name(char *dst, size_t n, const lang_ctx *c, const token *t) {
  snprintf(dst, n, "%.*s", (int)t->len, tok_text(c, t));
}

/* The file's tables, made on first use (most files never need them). */
static php_objprop *tables(lang_ctx *c) {
  if (!c->pcaps->objprop) c->pcaps->objprop = xcalloc(1, sizeof *c->pcaps->objprop);
  return c->pcaps->objprop;
}

/* In a method: a code or command sink d at line whose arguments st[a, b)
 * start with $this->name (called from check_sink, for the sinks the
 * tables find). */
void lang_php_objprop_sink(lang_ctx *c, const name_def *d, size_t a, size_t b, unsigned line) {
  if (!c->fn || a + 3 > b || a + 3 >= c->nst || !tok_is(c, &c->st[a], TK_VAR, "$this") || !is_op(c, a + 1, "->") ||
      c->st[a + 2].kind != TK_IDENT || is_op(c, a + 3, "(") || (d->id != SK_CODE && d->id != SK_CMD))
    return;
  php_objprop *o = tables(c);
  if (o->nrun >= OBJPROP_MAX || c->st[a + 2].len >= sizeof o->run[0].prop) return;
  objprop_run *r = &o->run[o->nrun++];
  copy_name(r->prop, sizeof r->prop, c, &c->st[a + 2]);
  snprintf(r->method, sizeof r->method, "%s", c->wrappers[c->fn - 1].name);
  snprintf(r->sink, sizeof r->sink, "%s", d->display);
  r->code = d->id == SK_CODE;
  r->line = c->level ? c->outer_line : line;
}

/* In a constructor: $this->name = $param; the parameter's position is kept. */
static void note_ctor_store(lang_ctx *c, php_objprop *o) {
  if (o->nctor >= OBJPROP_MAX || c->nst < 5 || !tok_is(c, &c->st[0], TK_VAR, "$this") || !is_op(c, 1, "->") ||
      c->st[2].kind != TK_IDENT || !is_op(c, 3, "=") || c->st[4].kind != TK_VAR || c->st[2].len >= sizeof o->ctor[0].prop)
    return;
  sym *p = lang_sym_get(c, tok_text(c, &c->st[4]), c->st[4].len, 0);
  if (!p || !p->has_taint || !(p->t.flags & TA_PARAM) || !p->t.param) return;
  copy_name(o->ctor[o->nctor].prop, sizeof o->ctor[0].prop, c, &c->st[2]);
  o->ctor[o->nctor++].param = p->t.param;
}

/* Outside the class: $o->name = <request>, or new Cls(..., <request>, ...)
 * whose constructor stores that parameter in a property. */
static void note_feed(lang_ctx *c, php_objprop *o) {
  taint t;
  if (c->stmt_member && c->nst > 4 && c->st[0].kind == TK_VAR && !tok_is(c, &c->st[0], TK_VAR, "$this") && is_op(c, 1, "->") &&
      c->st[2].kind == TK_IDENT && is_op(c, 3, "=") && c->st[2].len < sizeof o->fed[0].prop && o->nfed < OBJPROP_MAX &&
      lang_input_taint(c, NULL, 4, c->nst, &t)) {
    objprop_fed *f = &o->fed[o->nfed++];
    copy_name(f->prop, sizeof f->prop, c, &c->st[2]);
    snprintf(f->src, sizeof f->src, "%.47s", t.src);
    f->line = c->level ? c->outer_line : c->st[0].line;
  }
  if (!o->nctor) return;
  for (size_t i = 0; i + 1 < c->nst && o->nfed < OBJPROP_MAX; i++) {
    if (c->st[i].kind != TK_IDENT || !(c->st[i].flags & TF_NEW) || !is_op(c, i + 1, "(")) continue;
    size_t close = lang_match_close(c, i + 1), s, e;
    for (unsigned k = 0; k < o->nctor && o->nfed < OBJPROP_MAX; k++)
      if (lang_arg_span(c, i + 2, close, o->ctor[k].param, &s, &e) && lang_input_taint(c, NULL, s, e, &t)) {
        objprop_fed *f = &o->fed[o->nfed++];
        memcpy(f->prop, o->ctor[k].prop, sizeof f->prop);
        snprintf(f->src, sizeof f->src, "%.47s", t.src);
        f->line = c->level ? c->outer_line : c->st[i].line;
      }
  }
}

void lang_php_objprop_statement(lang_ctx *c) {
  php_objprop *o = c->pcaps->objprop;
  if (!c->nst) return;
  if (c->fn) {
    const char *m = c->wrappers[c->fn - 1].name;
    if (c->stmt_member && tok_is(c, &c->st[0], TK_VAR, "$this") && m[0] == '_' && m[2] == 'c' &&
        strcmp(m, "__construct") == 0)
      note_ctor_store(c, tables(c));
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
