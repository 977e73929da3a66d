/*
 * properties.c - request input read through a C# property getter:
 *
 *   string Cmd { get { return HttpContext.Current.Request.Form["c"]; } }
 *   string Cmd => Request["c"];
 *   ...  Process.Start("cmd.exe", "/c " + Cmd);
 *
 * The property is used as a plain name, so it is tainted like a variable
 * holding what its getter returns.
 */
#include <string.h>

#include "lang/analyze.h"

static inline int op_at(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* A property's head "[modifiers] Type Name" followed by '{' or "=>": the index of that token,
 * Name just before it; 0 if the statement is not one (a class, a namespace, a call...). */
static size_t property_head(const lang_ctx *c) {
  static const char *const not_types[] = {"class", "struct", "interface", "namespace", "enum", "new", "else",
                                          "do", "try", "finally", "get", "set", "return", "record", "using",
                                          "event", "delegate", "operator"};
  size_t p = 0;
  while (p < c->nst && p < 8 && c->st[p].kind == TK_IDENT) {
    for (size_t k = 0; k < sizeof not_types / sizeof not_types[0]; k++)
      if (tok_is(c, &c->st[p], TK_IDENT, not_types[k])) return 0;
    p++;
  }
  if (p < 2 || p >= c->nst || !(op_at(c, p, "{") || op_at(c, p, "=>"))) return 0;
  const token *name = &c->st[p - 1];
  if (memchr(tok_text(c, name), '.', name->len) || name->len >= sizeof c->prop_name) return 0;
  return p;
}

/* The property name[0, n) gets the taint of st[a, b), when that is request input. */
static void taint_property(lang_ctx *c, const char *name, size_t n, size_t a, size_t b) {
  taint t = {0};
  if (b <= a || !lang_span_taint(c, a, b, &t) || (t.flags & TA_WEAK)) return;
  sym *s = lang_sym_get(c, name, n, 1);
  if (!s) return;
  s->t = t;
  s->has_taint = 1;
  s->has_const = 0;
}

void lang_property_statement(lang_ctx *c) {
  if (c->syn != SYN_CSHARP || !c->nst) return;
  if (c->prop_level && c->brace_level < c->prop_level) c->prop_level = 0; /* the property closed */
  size_t n = c->nst;
  if (c->prop_level) { /* get { return ...; } or get => ...; */
    size_t from = tok_is(c, &c->st[0], TK_IDENT, "return") ? 1
                  : tok_is(c, &c->st[0], TK_IDENT, "get") && op_at(c, 1, "=>") ? 2 : 0;
    if (from) taint_property(c, c->prop_name, strlen(c->prop_name), from, op_at(c, n - 1, ";") ? n - 1 : n);
    return;
  }
  size_t p = property_head(c);
  if (!p) return;
  const token *name = &c->st[p - 1];
  if (op_at(c, p, "{") && p == n - 1) {
    memcpy(c->prop_name, tok_text(c, name), name->len);
    c->prop_name[name->len] = '\0';
    c->prop_level = c->brace_level + 1;
  } else if (op_at(c, p, "=>")) {
    taint_property(c, tok_text(c, name), name->len, p + 1, op_at(c, n - 1, ";") ? n - 1 : n);
  }
}
