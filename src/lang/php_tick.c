/*
 * php_tick.c - request input handed to a tick function the file names at
 * run time.
 *
 * register_tick_function($f, $_REQUEST['x']) with declare(ticks=N): PHP
 * calls $f with the request value after every N statements.  It is one of
 * the callback backdoors that keep the sink's name out of the file ($f is
 * put together in a loop, read from a list, or comes from somewhere the
 * analysis cannot follow).  Applications register tick functions only to
 * profile or debug, with a fixed callable and no request data: handing the
 * request to a callable the file computes has no such use.  Medium: which
 * function runs is not proven.
 */
#include <string.h>

#include "lang/analyze.h"

/* d is the callback sink being checked (its callable spans st[s, e), the
 * call's arguments end at b). */
int lang_php_tick_callback(lang_ctx *c, const name_def *d, size_t s, size_t e, size_t b, unsigned line) {
  if (c->syn != SYN_PHP || strcmp(d->name, "register_tick_function") != 0) return 0;
  if (e != s + 1) return 0; /* [$object, 'method'] is fixed */
  const token *f = &c->st[s];
  /* a variable, or one the folder holds as the empty string it started as
   * ($f = ''; for (...) $f .= $parts[$i];): it is filled where the folder
   * does not follow; a literal name is fixed */
  if (f->kind != TK_VAR && !(f->kind == TK_STR && f->len == 0 && f->src_end > f->src_off && c->buf &&
                             f->src_end <= c->len && c->buf[f->src_off] == '$'))
    return 0;
  taint t;
  if (!lang_input_taint(c, NULL, e, b, &t) || (t.flags & TA_WEAK)) return 0;
  char var[40];
  lang_quote_source(c, c->st[s].src_off, c->st[s].src_end, var, sizeof var);
  lang_add_detection(c, "shellsift.lang.callback", "webshell", 55, line,
                     "request input %s is handed, on every tick, to the function %s names, which the file computes "
                     "at run time (register_tick_function(), line %u)",
                     t.src, var, line);
  return 1;
}
