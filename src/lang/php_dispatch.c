/*
 * php_dispatch.c - a function of the file that calls its parameter.  A
 * dispatcher hides the sink's name at the call site, far from the call:
 *
 *   function x($f, $a) { return $f($a); }          x('system', $_GET['c']);
 *   function y($b, $c) { array_map(substr_replace(strrev($b), 'ss', 1, 0), array($c)); }
 *   y('trea', $_POST['z']);
 *
 * Inside a function, a variable function or a callback whose name comes
 * from a parameter (as it is, or through a decoder: strrev, str_rot13,
 * base64_decode...; not a prefix joined to it) is noted with
 * the parameters handed to it.  A call of that function whose data
 * arguments carry request input is reported by what its name argument is:
 * a literal naming a code or command function is that sink; a literal the
 * function turns into a name is a name built from literal pieces; request
 * input handed in as the name chooses the function called.  An application
 * dispatcher is called with names of its own (htmlspecialchars, a hook),
 * so nothing is reported for those.
 */
#include <stdio.h>
#include <string.h>

#include "lang/analyze.h"

void lang_php_note_dispatch(lang_ctx *c, size_t s, size_t e, size_t a, size_t b) {
  if (!c->fn || c->syn != SYN_PHP || s >= e) return;
  taint t;
  if (!lang_span_taint(c, s, e, &t) || !(t.flags & TA_PARAM) || t.param < 1 || t.param > 8) return;
  wrapper *w = &c->wrappers[c->fn - 1];
  uint8_t mask = 0;
  size_t as, ae;
  for (unsigned k = 1; k <= 8 && lang_arg_span(c, a, b, k, &as, &ae); k++) {
    if (ae <= s || as >= e) { /* another argument than the name */
      taint at;
      if (lang_span_taint(c, as, ae, &at) && (at.flags & TA_PARAM) && at.param >= 1 && at.param <= 8 &&
          at.param != t.param)
        mask |= (uint8_t)(1u << (at.param - 1));
    }
  }
  if (!mask || w->call_param) return;
  int as_is = e == s + 1 && c->st[s].kind == TK_VAR && (t.flags & TA_PURE) && !t.nchain;
  int decoded = 0; /* through a decoder (strrev, str_rot13, base64...), not a prefix joined or a case changed */
  for (unsigned k = 0; k < t.nchain; k++)
    decoded |= t.chain[k] == DEC_BASE64 || t.chain[k] == DEC_ROT13 || t.chain[k] == DEC_STRREV ||
               t.chain[k] == DEC_HEX2BIN || t.chain[k] == DEC_GZINFLATE || t.chain[k] == DEC_GZUNCOMPRESS ||
               t.chain[k] == DEC_GZDECODE || t.chain[k] == DEC_BZDECOMPRESS;
  if (!as_is && !decoded) return; /* 'render_' . $name: one of the application's own family */
  w->call_param = t.param;
  w->call_built = !as_is;
  w->call_args = mask;
  c->dispatch_wrappers = 1;
}

int lang_php_dispatch_call(lang_ctx *c, size_t i, size_t a, size_t b, unsigned line) {
  const token *f = &c->st[i];
  if (f->kind != TK_IDENT) return 0;
  for (size_t k = 0; k < c->nwrappers; k++) {
    const wrapper *w = &c->wrappers[k];
    if (!w->call_param || (int)k + 1 == c->fn || w->name[0] != tok_text(c, f)[0] || strlen(w->name) != f->len ||
        memcmp(w->name, tok_text(c, f), f->len))
      continue;
    size_t s, e, as, ae;
    taint dt, nt;
    unsigned p = 1;
    for (; p <= 8; p++)
      if ((w->call_args >> (p - 1) & 1u) && lang_arg_span(c, a, b, p, &as, &ae) && lang_input_taint(c, NULL, as, ae, &dt))
        break;
    if (p > 8 || !lang_arg_span(c, a, b, w->call_param, &s, &e)) return 0;
    const token *n = &c->st[s];
    if (e == s + 1 && n->kind == TK_STR && !(n->flags & TF_INTERP) && n->len > 0 && n->len < 40) {
      if (w->call_built) {
        lang_add_detection(c, "shellsift.lang.built-name-call", "webshell", 80, line,
                           "request input %s reaches, inside %s(), a function whose name it builds at run time "
                           "from a literal the caller passes (line %u)",
                           dt.src, w->name, line);
        return 1;
      }
      char low[40];
      lang_lower_copy(low, sizeof low, tok_text(c, n), n->len);
      const name_def *d = lang_names_lookup(low, n->len, c->syn);
      if (!d || d->kind != N_SINK || (d->id != SK_CODE && d->id != SK_CMD)) return 0;
      lang_add_detection(c, d->id == SK_CMD ? "shellsift.lang.command-exec" : "shellsift.lang.code-exec", "webshell",
                         90, line, "request input %s reaches %s, called by name through %s() (line %u)", dt.src,
                         d->display, w->name, line);
      return 1;
    }
    if (!w->call_built && lang_input_taint(c, NULL, s, e, &nt) && (nt.flags & TA_PURE)) {
      lang_add_detection(c, "shellsift.lang.callback", "webshell", 85, line,
                         "request input %s chooses the function %s() calls (line %u)", nt.src, w->name, line);
      return 1;
    }
    return 0;
  }
  return 0;
}
