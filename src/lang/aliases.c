/*
 * aliases.c - the request object under another name.  Shells rarely
 * write Request("cmd") where a scanner looks for it:
 *
 *   Set r = Request : Execute r("c")                         VBScript
 *   var q = Request.Form; eval(q("c"))                       JScript
 *   HttpRequest r = HttpContext.Current.Request; r["c"]      C#
 *   HttpServletRequest r = (HttpServletRequest) req; r.getHeader("c")    Java
 *   public void doFilter(ServletRequest req, ...) { req.getParameter("c") }
 *
 * A variable assigned the request object or one of its collections, and a
 * Java variable or parameter declared as a servlet request, is typed
 * "request" (or "request.form"...); the taint stage then reads x("c"),
 * x.form("c") or x.getParameter("c") as that member of the request.  In
 * Java, getParameter() and its siblings read request parameters whatever
 * object they are called on (a request wrapper, a multipart request).
 */
#include <stdio.h>
#include <string.h>

#include "lang/analyze.h"

/* The request object or collection a name stands for, as "request" or
 * "request.<collection>" in canon; 0 if it is not one (or is indexed). */
static int request_object(const char *s, size_t n, syntax syn, char *canon, size_t sz) {
  static const char *const prefixes[] = {"system.web.httpcontext.current.", "httpcontext.current.", "context.",
                                         "page.", "this.", "me.", "httpcontext."};
  static const char *const collections[] = {"form", "querystring", "item", "params", "cookies", "headers",
                                            "servervariables", "files"};
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
    size_t k = strlen(prefixes[i]);
    if (n > k && memcmp(s, prefixes[i], k) == 0) s += k, n -= k;
  }
  if (syn == SYN_JAVA && n == 23 && memcmp(s, "pagecontext.getrequest()", 23) == 0) s = "request", n = 7;
  if (n < 7 || memcmp(s, "request", 7) != 0) return 0;
  if (n == 7) return snprintf(canon, sz, "request"), 1;
  if (s[7] != '.' || syn == SYN_JAVA) return 0;
  for (size_t i = 0; i < sizeof collections / sizeof collections[0]; i++)
    if (n - 8 == strlen(collections[i]) && memcmp(s + 8, collections[i], n - 8) == 0)
      return snprintf(canon, sz, "request.%s", collections[i]), 1;
  return 0;
}

static int ends_with(const char *s, size_t n, const char *suffix) {
  size_t k = strlen(suffix);
  return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

int lang_request_alias_type(lang_ctx *c, size_t eq, size_t a, size_t b, char *out, size_t outsz) {
  if (c->syn == SYN_PHP || c->syn == SYN_CFML || a >= b) return 0;
  /* Java: HttpServletRequest r = ...; whatever the right side is */
  if (c->syn == SYN_JAVA && eq >= 2 && c->st[eq - 2].kind == TK_IDENT &&
      ends_with(tok_text(c, &c->st[eq - 2]), c->st[eq - 2].len, "servletrequest"))
    return snprintf(out, outsz, "request"), 1;
  /* skip casts: (HttpServletRequest) x, CType(x, ...) aside */
  while (a + 3 < b && tok_is(c, &c->st[a], TK_OP, "(") && c->st[a + 1].kind == TK_IDENT &&
         tok_is(c, &c->st[a + 2], TK_OP, ")"))
    a += 3;
  if (b != a + 1 || c->st[a].kind != TK_IDENT) return 0;
  const token *t = &c->st[a];
  if (request_object(tok_text(c, t), t->len, c->syn, out, outsz)) return 1;
  /* r2 = r: an alias of an alias */
  sym *s = lang_sym_get(c, tok_text(c, t), t->len, 0);
  if (s && s->has_type && s->type_len >= 7 && memcmp(c->persist.buf + s->type_off, "request", 7) == 0)
    return snprintf(out, outsz, "%s", c->persist.buf + s->type_off), 1;
  return 0;
}

void lang_request_params(lang_ctx *c, size_t open) {
  if (c->syn != SYN_JAVA) return;
  size_t close = lang_match_close(c, open);
  for (size_t i = open + 1; i + 1 < close && i + 1 < c->nst; i++) {
    const token *ty = &c->st[i], *name = &c->st[i + 1];
    if (ty->kind != TK_IDENT || name->kind != TK_IDENT || !ends_with(tok_text(c, ty), ty->len, "servletrequest"))
      continue;
    sym *s = lang_sym_get(c, tok_text(c, name), name->len, 1);
    if (!s) return;
    s->type_off = lang_arena_put(&c->persist, "request", 7);
    s->type_len = 7;
    s->has_type = 1;
  }
}

size_t lang_request_via_alias(lang_ctx *c, const char *s, size_t n, int *body) {
  static const char *const java_any[] = {".getparameter", ".getparametervalues", ".getparametermap",
                                         ".getquerystring"};
  char name[160];
  if (c->syn == SYN_JAVA)
    for (size_t k = 0; k < sizeof java_any / sizeof java_any[0]; k++) {
      size_t m = strlen(java_any[k]);
      if (n > m && memcmp(s + n - m, java_any[k], m) == 0) return *body = 0, n;
    }
  const char *dot = memchr(s, '.', n);
  size_t head = dot ? (size_t)(dot - s) : n;
  sym *sy = lang_sym_get(c, s, head, 0);
  if (!sy || !sy->has_type || sy->type_len < 7 || memcmp(c->persist.buf + sy->type_off, "request", 7) != 0) return 0;
  int w = snprintf(name, sizeof name, "%s%.*s", c->persist.buf + sy->type_off, (int)(n - head), s + head);
  if (w < 0 || (size_t)w >= sizeof name) return 0;
  /* r("c"), r.Form("c"), r.getHeader("c"): as the request's own */
  return lang_names_request_source(name, (size_t)w, c->syn, body) ? n : 0;
}
