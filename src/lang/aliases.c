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

static int through_context(lang_ctx *c, const char *s, size_t n, char *out, size_t outsz);

static int ends_with(const char *s, size_t n, const char *suffix) {
  size_t k = strlen(suffix);
  return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* A Java type that is the servlet request: the interface, or a container's
 * own request class (Tomcat's connector.Request, Jetty's server.Request),
 * which valves and handlers injected into the container receive. */
static int java_request_type(const char *s, size_t n) {
  return ends_with(s, n, "servletrequest") || ends_with(s, n, ".connector.request") ||
         ends_with(s, n, ".server.request") || (n == 7 && memcmp(s, "request", 7) == 0);
}

int lang_request_alias_type(lang_ctx *c, size_t eq, size_t a, size_t b, char *out, size_t outsz) {
  if (c->syn == SYN_PHP || c->syn == SYN_CFML || a >= b) return 0;
  /* Java: HttpServletRequest r = ...; whatever the right side is */
  if (c->syn == SYN_JAVA && eq >= 2 && c->st[eq - 2].kind == TK_IDENT &&
      java_request_type(tok_text(c, &c->st[eq - 2]), c->st[eq - 2].len))
    return snprintf(out, outsz, "request"), 1;
  /* skip casts: (HttpServletRequest) x, CType(x, ...) aside */
  while (a + 3 < b && tok_is(c, &c->st[a], TK_OP, "(") && c->st[a + 1].kind == TK_IDENT &&
         tok_is(c, &c->st[a + 2], TK_OP, ")"))
    a += 3;
  if (b != a + 1 || c->st[a].kind != TK_IDENT) return 0;
  const token *t = &c->st[a];
  if (request_object(tok_text(c, t), t->len, c->syn, out, outsz)) return 1;
  char via[160];
  if (through_context(c, tok_text(c, t), t->len, via, sizeof via) && request_object(via, strlen(via), c->syn, out, outsz))
    return 1; /* var q = ctx.Request.QueryString */
  if (c->syn == SYN_CSHARP || c->syn == SYN_VB) { /* HttpContext x = HttpContext.Current (or Context) */
    static const char *const ctx[] = {"httpcontext.current", "system.web.httpcontext.current", "context",
                                      "this.context", "page.context"};
    for (size_t k = 0; k < sizeof ctx / sizeof ctx[0]; k++)
      if (t->len == strlen(ctx[k]) && memcmp(tok_text(c, t), ctx[k], t->len) == 0)
        return snprintf(out, outsz, "httpcontext"), 1;
  }
  /* r2 = r: an alias of an alias */
  sym *s = lang_sym_get(c, tok_text(c, t), t->len, 0);
  if (s && s->has_type && ((s->type_len >= 7 && memcmp(c->persist.buf + s->type_off, "request", 7) == 0) ||
                           (s->type_len == 11 && memcmp(c->persist.buf + s->type_off, "httpcontext", 11) == 0)))
    return snprintf(out, outsz, "%s", c->persist.buf + s->type_off), 1;
  return 0;
}

/* What a parameter's declared type makes it: "request" (a servlet or
 * ASP.NET request), "httpcontext" (whose .Request is the request), or NULL. */
static const char *param_kind(const lang_ctx *c, const token *ty) {
  const char *s = tok_text(c, ty);
  if (ty->kind != TK_IDENT) return NULL;
  if (c->syn == SYN_JAVA) return java_request_type(s, ty->len) ? "request" : NULL;
  if (ends_with(s, ty->len, "httprequest") || ends_with(s, ty->len, "httprequestbase")) return "request";
  if (ends_with(s, ty->len, "httpcontext") || ends_with(s, ty->len, "httpcontextbase")) return "httpcontext";
  return NULL;
}

static void type_sym(lang_ctx *c, const token *name, const char *kind) {
  sym *s = lang_sym_get(c, tok_text(c, name), name->len, 1);
  if (!s) return;
  s->type_off = lang_arena_put(&c->persist, kind, strlen(kind));
  s->type_len = (uint32_t)strlen(kind);
  s->has_type = 1;
}

/* Parameters declared as a request or an HTTP context: Java's
 * (HttpServletRequest req), C#'s ProcessRequest(HttpContext ctx), VB.NET's
 * (ByVal ctx As HttpContext).  A handler reads its input through them. */
void lang_request_params(lang_ctx *c, size_t open) {
  if (c->syn != SYN_JAVA && c->syn != SYN_CSHARP && c->syn != SYN_VB) return;
  size_t close = lang_match_close(c, open);
  for (size_t i = open + 1; i + 1 < close && i + 1 < c->nst; i++) {
    const token *ty = &c->st[i], *name = &c->st[i + 1];
    if (c->syn == SYN_VB) { /* name As Type */
      if (i + 2 >= close || !tok_is(c, name, TK_IDENT, "as")) continue;
      name = ty, ty = &c->st[i + 2];
    }
    const char *kind = param_kind(c, ty);
    if (kind && name->kind == TK_IDENT) type_sym(c, name, kind);
  }
}

/* name[0, n) with a head variable that holds an HTTP context (ctx.Request.Form)
 * written as the context itself, in out; 0 if it has none. */
static int through_context(lang_ctx *c, const char *s, size_t n, char *out, size_t outsz) {
  const char *dot = memchr(s, '.', n);
  if (!dot) return 0;
  sym *sy = lang_sym_get(c, s, (size_t)(dot - s), 0);
  if (!sy || !sy->has_type || sy->type_len != 11 || memcmp(c->persist.buf + sy->type_off, "httpcontext", 11) != 0)
    return 0;
  int w = snprintf(out, outsz, "httpcontext%.*s", (int)(n - (size_t)(dot - s)), dot);
  return w > 0 && (size_t)w < outsz;
}

size_t lang_request_via_alias(lang_ctx *c, const char *s, size_t n, int *body) {
  /* on any receiver: code injected into the container (a valve, a filter
   * registered at run time) gets the request under a name of its own */
  static const char *const java_any[] = {".getparameter", ".getparametervalues", ".getparametermap",
                                         ".getquerystring", ".getheader", ".getheaders",
                                         ".parserequest"}; /* commons-fileupload's items */
  char name[160];
  if (c->syn == SYN_JAVA)
    for (size_t k = 0; k < sizeof java_any / sizeof java_any[0]; k++) {
      size_t m = strlen(java_any[k]);
      if (n > m && memcmp(s + n - m, java_any[k], m) == 0) return *body = 0, n;
    }
  if (c->syn != SYN_JAVA && through_context(c, s, n, name, sizeof name)) /* ctx.Request["c"] */
    return lang_names_request_source(name, strlen(name), c->syn, body) ? n : 0;
  const char *dot = memchr(s, '.', n);
  size_t head = dot ? (size_t)(dot - s) : n;
  sym *sy = lang_sym_get(c, s, head, 0);
  if (!sy || !sy->has_type || sy->type_len < 7 || memcmp(c->persist.buf + sy->type_off, "request", 7) != 0) return 0;
  int w = snprintf(name, sizeof name, "%s%.*s", c->persist.buf + sy->type_off, (int)(n - head), s + head);
  if (w < 0 || (size_t)w >= sizeof name) return 0;
  /* r("c"), r.Form("c"), r.getHeader("c"): as the request's own */
  return lang_names_request_source(name, (size_t)w, c->syn, body) ? n : 0;
}
