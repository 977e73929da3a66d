/*
 * com_chosen.c - an object whose class or moniker the request chooses
 * (classic ASP, ASP.NET):
 *
 *   Set o = GetObject("script:" & Request("u"))      a scriptlet fetched and run
 *   Set o = Server.CreateObject(Request("p"))        any COM class the client names
 *   var o = new ActiveXObject(Request.Form("p"))
 *
 * No application lets its visitors pick the COM class or the moniker it
 * binds: that is a web shell's way to reach WScript.Shell, a scriptlet
 * URL or any installed component without naming it in the page.
 * ColdFusion's createObject(type, class) goes to lang_cfml_chosen_class.
 */
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

/* Called for each creator call st[a, b) (CreateObject, GetObject,
 * ActiveXObject); d is the creator's table row. */
void lang_create_chosen(lang_ctx *c, const name_def *d, unsigned line, size_t a, size_t b) {
  if (c->syn == SYN_CFML && strcmp(d->name, "createobject") == 0) { /* createObject("component", url.c) */
    size_t s, e;
    if (lang_arg_span(c, a, b, 2, &s, &e)) lang_cfml_chosen_class(c, s, e, line, d->display);
    return;
  }
  if (c->syn != SYN_VB && c->syn != SYN_JSCRIPT && c->syn != SYN_CSHARP) return;
  if (strcmp(d->name, "getobject") != 0 && strcmp(d->name, "createobject") != 0 &&
      strcmp(d->name, "activexobject") != 0)
    return;
  size_t s, e;
  if (!lang_arg_span(c, a, b, 1, &s, &e)) return; /* the class or moniker: the first argument */
  int moniker = strcmp(d->name, "getobject") == 0;
  size_t head = s;
  while (head + 1 < e && tok_is(c, &c->st[head], TK_OP, "(")) head++;
  if (moniker && c->st[head].kind == TK_STR && c->st[head].len >= 6 &&
      strncasecmp(tok_text(c, &c->st[head]), "iis://", 6) == 0) {
    c->iis_page = 1; /* a node of the IIS metabase: what is set on it counts (iis_adsi.c) */
    return;
  }
  taint t = {0};
  if (!lang_input_taint(c, NULL, s, e, &t) || (t.flags & TA_CALLED)) return;
  if (!moniker && !(t.flags & TA_PURE)) return; /* "ADODB." & kind: a choice among the page's own classes */
  if (moniker)
    lang_add_detection(c, "shellsift.lang.code-load", "webshell", 85, line,
                       "request input %s chooses the moniker %s binds: a script: or scriptlet URL runs code "
                       "(line %u)", t.src, d->display, line);
  else
    lang_add_detection(c, "shellsift.lang.code-load", "webshell", 75, line,
                       "request input %s chooses the COM class %s makes (line %u)", t.src, d->display, line);
}
