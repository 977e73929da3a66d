/*
 * php_runtime_calls.c - code of the file that PHP's runtime, not the
 * file, calls with the data the file hands an object:
 *
 *   class H extends SplMinHeap { function compare($a, $b) { system($a); ... } }
 *   $h = new H; $h->insert($_GET['c']);            insert() runs compare() on the value
 *
 *   function g() { while (1) { $c = yield; system($c); } }
 *   $g = g(); $g->send($_POST['x']);               send() resumes g with $c = the value
 *
 *   set_error_handler(function ($no, $str) { eval($str); });
 *   trigger_error($_POST['c']);                     the handler gets the message as $str
 *
 *   set_exception_handler(function ($e) { eval($e->getMessage()); });
 *   throw new Exception($_POST['c']);               ... or the exception carrying it
 *
 * Neither names the sink's function at the call, so the call-site checks
 * see only a method of an object.  The file's own functions are read as
 * wrappers (analyze.c): compare() is one whose parameter reaches a sink;
 * the value a yield expression receives is read as one more parameter,
 * LANG_PARAM_SENT, of the generator's function.  The runtime's calls are
 * then matched here: request input handed to ->insert() of a heap whose
 * compare() runs its argument, or to ->send() of a generator whose
 * received value does, or to trigger_error() after an error handler that
 * runs its message (its second parameter) was set, or to a thrown
 * exception after an exception handler that runs the exception's message.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

/* The wrapper of this file named name (or any, name NULL) whose parameter
 * param (0: any) reaches a code or command sink as it is, or NULL. */
static const wrapper *running_wrapper(const lang_ctx *c, const char *name, unsigned param) {
  for (size_t k = 0; k < c->nwrappers; k++) {
    const wrapper *w = &c->wrappers[k];
    if (!w->sink || (w->sink->id != SK_CODE && w->sink->id != SK_CMD) || !(w->sink_flags & TA_PURE)) continue;
    if (param && w->sink_param != param) continue;
    if (name && strcasecmp(w->name, name) != 0) continue;
    return w;
  }
  return NULL;
}

/* The file declares a class extending one of the SPL heaps, whose
 * insert() calls the class's compare(). */
static int extends_spl_heap(const lang_ctx *c) {
  static const char *const heaps[] = {"splheap", "splminheap", "splmaxheap", "splpriorityqueue"};
  if (!c->buf) return 0;
  const char *p = (const char *)c->buf, *end = p + c->len;
  for (; (p = memmem(p, (size_t)(end - p), "xtends", 6)) != NULL; p += 6) {
    const char *q = p + 6;
    while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '\\')) q++;
    for (size_t k = 0; k < sizeof heaps / sizeof heaps[0]; k++) {
      size_t n = strlen(heaps[k]);
      if ((size_t)(end - q) > n && strncasecmp(q, heaps[k], n) == 0 &&
          !(q[n] == '_' || ((q[n] | 0x20) >= 'a' && (q[n] | 0x20) <= 'z') || (q[n] >= '0' && q[n] <= '9')))
        return 1;
    }
  }
  return 0;
}

int lang_php_runtime_call(lang_ctx *c, size_t i, size_t a, size_t b) {
  const token *t = &c->st[i];
  int insert = tok_is(c, t, TK_IDENT, "insert"), send = !insert && tok_is(c, t, TK_IDENT, "send");
  if (!insert && !send) return 0;
  const wrapper *w = insert ? running_wrapper(c, "compare", 0) : running_wrapper(c, NULL, LANG_PARAM_SENT);
  if (!w || (insert && !extends_spl_heap(c))) return 0;
  taint in;
  if (!lang_input_taint(c, NULL, a, b, &in)) return 0;
  const char *rule = w->sink->id == SK_CMD ? "shellsift.lang.command-exec" : "shellsift.lang.code-exec";
  if (insert)
    lang_add_detection(c, rule, "webshell", 90, t->line,
                       "request input %s reaches %s through a heap's ->insert(), which calls the file's compare() "
                       "that runs its argument (line %u)",
                       in.src, w->sink->display, t->line);
  else
    lang_add_detection(c, rule, "webshell", 90, t->line,
                       "request input %s reaches %s through ->send(), which resumes the generator %.40s() with the "
                       "value its yield receives (line %u)",
                       in.src, w->sink->display, w->name, t->line);
  return 1;
}

void lang_php_yield_assignment(lang_ctx *c, size_t eq) {
  size_t v = eq + 1;
  while (v < c->nst && tok_is(c, &c->st[v], TK_OP, "(")) v++; /* $c = (yield $k) */
  if (eq != 1 || v >= c->nst || !tok_is(c, &c->st[v], TK_IDENT, "yield") || c->st[0].kind != TK_VAR) return;
  sym *s = lang_sym_get(c, tok_text(c, &c->st[0]), c->st[0].len, 1);
  if (!s) return;
  memset(&s->t, 0, sizeof s->t);
  snprintf(s->t.src, sizeof s->t.src, "%s", "the value yield receives");
  s->t.flags = TA_PARAM | TA_PURE;
  s->t.param = LANG_PARAM_SENT;
  s->has_taint = 1;
  s->has_const = s->has_arr = 0;
}

void lang_php_handler_set(lang_ctx *c, const name_def *d, const name_def *inner) {
  if (inner->id != SK_CODE && inner->id != SK_CMD) return;
  if (strcmp(d->name, "set_error_handler") == 0 && c->probe_param == 2) c->err_handler_sink = inner;
  else if (strcmp(d->name, "set_exception_handler") == 0 && c->probe_param == 1) c->exc_handler_sink = inner;
  else if (strcmp(d->name, "spl_autoload_register") == 0 && c->probe_param <= 1) c->autoload_sink = inner;
}

/* class_exists($_GET['c']) after spl_autoload_register('system'): PHP hands
 * the autoloader the name of a class it does not know, any string. */
static int autoload_trigger(lang_ctx *c, size_t i, size_t a, size_t b) {
  static const char *const lookups[] = {"class_exists", "interface_exists", "trait_exists", "enum_exists",
                                        "class_implements", "class_parents", "class_uses", "is_subclass_of",
                                        "method_exists", "property_exists", "get_class_methods", "spl_autoload_call"};
  const token *t = &c->st[i];
  size_t k = 0, s, e;
  while (k < sizeof lookups / sizeof lookups[0] && !tok_is(c, t, TK_IDENT, lookups[k])) k++;
  taint in;
  if (k == sizeof lookups / sizeof lookups[0] || !lang_arg_span(c, a, b, 1, &s, &e) || !lang_input_taint(c, NULL, s, e, &in))
    return 0;
  const name_def *d = c->autoload_sink;
  lang_add_detection(c, d->id == SK_CMD ? "shellsift.lang.command-exec" : "shellsift.lang.code-exec", "webshell", 90,
                     t->line,
                     "request input %s reaches %s through %s(), which hands the name of a class it does not know "
                     "to the file's autoloader (line %u)",
                     in.src, d->display, tok_text(c, t), t->line);
  return 1;
}

void lang_php_error_trigger(lang_ctx *c, size_t i, size_t a, size_t b) {
  const token *t = &c->st[i];
  if (c->autoload_sink && autoload_trigger(c, i, a, b)) return;
  /* throw new X(message): "new" is dropped, the class name flagged */
  int thrown = c->exc_handler_sink && (t->flags & TF_NEW) && i > 0 && tok_is(c, &c->st[i - 1], TK_IDENT, "throw");
  if (!thrown && (!c->err_handler_sink ||
                  (!tok_is(c, t, TK_IDENT, "trigger_error") && !tok_is(c, t, TK_IDENT, "user_error"))))
    return;
  size_t s, e;
  taint in;
  if (!lang_arg_span(c, a, b, 1, &s, &e) || !lang_input_taint(c, NULL, s, e, &in)) return;
  const name_def *d = thrown ? c->exc_handler_sink : c->err_handler_sink;
  if (thrown) {
    lang_add_detection(c, d->id == SK_CMD ? "shellsift.lang.command-exec" : "shellsift.lang.code-exec", "webshell",
                       90, t->line,
                       "request input %s reaches %s through a thrown exception, whose message the file's exception "
                       "handler runs (line %u)",
                       in.src, d->display, t->line);
    return;
  }
  lang_add_detection(c, d->id == SK_CMD ? "shellsift.lang.command-exec" : "shellsift.lang.code-exec", "webshell", 90,
                     t->line,
                     "request input %s reaches %s through %s(), whose message the file's error handler runs "
                     "(line %u)",
                     in.src, d->display, tok_text(c, t), t->line);
}
