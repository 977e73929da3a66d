/*
 * reflect.c - calls made through reflection, resolved to the member they
 * name, in Java and C#.  Shells hide Runtime.exec, Process.Start,
 * Assembly.Load or defineClass behind their names in strings:
 *
 *   Class.forName("java.lang.Runtime").getMethod("exec", String.class).invoke(rt, cmd)
 *   rt.getClass().getMethod("exec", String.class).invoke(rt, cmd)
 *   Method m = Runtime.class.getMethod("exec", String.class); ... m.invoke(rt, cmd)
 *   Class.forName("java.lang.ProcessBuilder").getConstructor(String[].class).newInstance(...)
 *   Type.GetType("System.Diagnostics.Process, System").GetMethod("Start", ...).Invoke(null, args)
 *   typeof(Process).GetMethod("Start", ...).Invoke(null, args)
 *   Type t = Type.GetTypeFromProgID("WScript.Shell"); object o = Activator.CreateInstance(t);
 *   t.InvokeMember("Run", BindingFlags.InvokeMethod, null, o, new object[] { cmd })
 *
 * The class comes from Class.forName/Type.GetType of a (folded) string,
 * typeof(X), X.class, x.getClass()/x.GetType() of a typed variable, or a
 * variable holding one of these; the member from the getMethod string.
 * "class.member" is then looked up in the sink table as if called
 * directly, with the arguments of invoke/newInstance.  A method looked up
 * by a name no table knows for its class is left alone, except the few
 * names that are sinks whatever the class (exec, defineClass, Load, eval).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

static inline int op_at(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

static int ends_with(const char *s, size_t n, const char *suffix) {
  size_t k = strlen(suffix);
  return n >= k && memcmp(s + n - k, suffix, k) == 0 && (n == k || s[n - k - 1] == '.');
}

/* Lower-cased copy of s[0..n) up to a ',' (an assembly-qualified type
 * name: "System.Diagnostics.Process, System"), blanks dropped. */
static void class_name(const char *s, size_t n, char *out, size_t outsz) {
  size_t o = 0;
  for (size_t k = 0; k < n && s[k] != ',' && o + 1 < outsz; k++)
    if (s[k] != ' ' && s[k] != '\t') out[o++] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
  out[o] = '\0';
}

/* Class.forName("x"), Type.GetType("x"), Type.GetTypeFromProgID("x"): a class by its name */
static int class_by_name(const char *s, size_t n) {
  return ends_with(s, n, "forname") || ends_with(s, n, "gettype") || ends_with(s, n, "gettypefromprogid");
}

/* The type a variable holds, prefixed ("class:", "method:"), or NULL. */
static const char *typed(lang_ctx *c, const char *name, size_t n, const char *prefix) {
  sym *s = lang_sym_get(c, name, n, 0);
  if (!s || !s->has_type) return NULL;
  const char *t = c->persist.buf + s->type_off;
  size_t k = strlen(prefix);
  if (!*prefix) return t;
  return s->type_len > k && memcmp(t, prefix, k) == 0 ? t + k : NULL;
}

/* The class whose member st[i] (getMethod, getConstructor...) looks up,
 * into out; 0 when it cannot be told. */
static int lookup_class(lang_ctx *c, size_t i, const char *member_call, char *out, size_t outsz) {
  const token *t = &c->st[i];
  const char *s = tok_text(c, t);
  size_t pre = t->len - strlen(member_call); /* the text before ".getmethod" */
  if (pre > 1) {
    pre--; /* the dot */
    const char *tail;
    /* x.getClass().getMethod / x.GetType().GetMethod: the type of x */
    if ((tail = "getclass()", ends_with(s, pre, tail)) || (tail = "gettype()", ends_with(s, pre, tail))) {
      size_t vn = pre - strlen(tail) - 1;
      const char *ty = vn < pre ? typed(c, s, vn, "") : NULL;
      if (!ty || strncmp(ty, "class:", 6) == 0 || strncmp(ty, "method:", 7) == 0) return 0;
      snprintf(out, outsz, "%s", ty);
      return 1;
    }
    /* Runtime.class.getMethod */
    if (ends_with(s, pre, "class") && pre > 6) {
      class_name(s, pre - 6, out, outsz);
      return 1;
    }
    /* a variable holding a class: Class k = Class.forName(...); k.getMethod */
    const char *ty = typed(c, s, pre, "class:");
    if (ty) {
      snprintf(out, outsz, "%s", ty);
      return 1;
    }
    return 0;
  }
  /* forName("...").getMethod, GetType("...").GetMethod, typeof(X).GetMethod */
  if (i < 4 || !op_at(c, i - 1, ".") || !op_at(c, i - 2, ")")) return 0;
  size_t open = lang_match_open(c, i - 2);
  if (open >= c->nst || open == 0 || open + 2 != i - 2) return 0; /* one argument token */
  const token *f = &c->st[open - 1], *arg = &c->st[open + 1];
  if (f->kind != TK_IDENT) return 0;
  const char *fs = tok_text(c, f);
  if (arg->kind == TK_STR && class_by_name(fs, f->len)) {
    class_name(tok_text(c, arg), arg->len, out, outsz);
    return 1;
  }
  if (arg->kind == TK_IDENT && tok_is(c, f, TK_IDENT, "typeof")) {
    class_name(tok_text(c, arg), arg->len, out, outsz);
    return 1;
  }
  return 0;
}

/* Which member st[i] looks up: "getmethod" and friends; *ctor for a
 * constructor. */
static const char *member_call(const lang_ctx *c, const token *t, int *ctor) {
  static const char *const methods[] = {"getdeclaredmethod", "getmethod", "invokemember"};
  static const char *const ctors[] = {"getdeclaredconstructor", "getconstructor"};
  const char *s = tok_text(c, t);
  for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++)
    if (ends_with(s, t->len, methods[k])) return *ctor = 0, methods[k];
  for (size_t k = 0; k < sizeof ctors / sizeof ctors[0]; k++)
    if (ends_with(s, t->len, ctors[k])) return *ctor = 1, ctors[k];
  return NULL;
}

/* The sink "class.member" names; with no class, only members that are
 * sinks whatever holds them. */
static const name_def *sink_named(const lang_ctx *c, const char *cls, const char *member) {
  /* members that are sinks whatever holds them, in Java and in C# (NULL: not in that language) */
  static const struct { const char *member, *java, *cs; } anywhere[] = {
      {"exec", "runtime.exec", NULL},
      {"defineclass", "defineclass", "defineclass"},
      {"load", "assembly.load", "assembly.load"},
      {"eval", "scriptengine.eval", NULL}, /* a script engine made by reflection too: getEngineByName(...) */
  };
  char full[160];
  const name_def *d = NULL;
  syntax syn = c->syn == SYN_JAVA ? SYN_JAVA : SYN_CSHARP;
  if (*cls) {
    snprintf(full, sizeof full, "%s%s%s", cls, *member ? "." : "", member);
    d = lang_names_lookup(full, strlen(full), syn);
  }
  for (size_t k = 0; !d && k < sizeof anywhere / sizeof anywhere[0]; k++)
    if (strcmp(member, anywhere[k].member) == 0) {
      const char *as = syn == SYN_JAVA ? anywhere[k].java : anywhere[k].cs;
      if (!as) break;
      d = lang_names_lookup(as, strlen(as), syn);
    }
  return d && d->kind == N_SINK && d->id != SK_CREATE ? d : NULL;
}

/* What st[i] (getMethod(...), getConstructor(...)) resolves to, as
 * "class.member", into out. */
static const name_def *resolve_lookup(lang_ctx *c, size_t i, size_t *close) {
  int ctor;
  const token *t = &c->st[i];
  if (c->syn == SYN_JAVA && (ends_with(tok_text(c, t), t->len, "findvirtual") ||
                             ends_with(tok_text(c, t), t->len, "findstatic")) && op_at(c, i + 1, "(")) {
    /* MethodHandles.lookup().findVirtual(Runtime.class, "exec", type): class, then name */
    char cls[96] = "", member[48];
    size_t e = lang_match_close(c, i + 1), s1, e1, s2, e2;
    if (!lang_arg_span(c, i + 2, e, 2, &s2, &e2) || e2 != s2 + 1 || c->st[s2].kind != TK_STR ||
        c->st[s2].len >= sizeof member)
      return NULL;
    class_name(tok_text(c, &c->st[s2]), c->st[s2].len, member, sizeof member);
    if (lang_arg_span(c, i + 2, e, 1, &s1, &e1) && e1 == s1 + 1 && c->st[s1].kind == TK_IDENT &&
        ends_with(tok_text(c, &c->st[s1]), c->st[s1].len, "class") && c->st[s1].len > 6)
      class_name(tok_text(c, &c->st[s1]), c->st[s1].len - 6, cls, sizeof cls);
    *close = e;
    return sink_named(c, cls, member);
  }
  const char *mc = member_call(c, t, &ctor);
  if (!mc || !op_at(c, i + 1, "(")) return NULL;
  char cls[96] = "", member[48] = "";
  if (!ctor) {
    if (i + 2 >= c->nst || c->st[i + 2].kind != TK_STR || c->st[i + 2].len == 0 || c->st[i + 2].len >= sizeof member)
      return NULL;
    class_name(tok_text(c, &c->st[i + 2]), c->st[i + 2].len, member, sizeof member);
  }
  if (!lookup_class(c, i, mc, cls, sizeof cls) && ctor) return NULL;
  *close = lang_match_close(c, i + 1);
  return sink_named(c, cls, member);
}

/* ....invoke(null).exec(x): exec called on what a reflective chain returns,
 * the runtime when the chain names it ("java.lang.Runtime", "getRuntime") --
 * the shape of expression-language payloads (EL, SpEL, OGNL). */
static int exec_on_runtime_chain(lang_ctx *c, size_t i) {
  if (c->syn != SYN_JAVA || !tok_is(c, &c->st[i], TK_IDENT, "exec") || i < 2 || !op_at(c, i - 1, ".") ||
      !op_at(c, i - 2, ")"))
    return 0;
  int depth = 0;
  for (size_t k = i - 2;; k--) {
    const token *t = &c->st[k];
    if (tok_closes(c, t)) depth++;
    else if (tok_opens(c, t) && --depth < 0) return 0;
    else if (depth == 0 && (op_at(c, k, ",") || op_at(c, k, "=") || op_at(c, k, ";"))) return 0;
    if (t->kind == TK_STR && (strcasecmp(tok_text(c, t), "getruntime") == 0 ||
                              strcasecmp(tok_text(c, t), "java.lang.runtime") == 0))
      return 1;
    if (t->kind == TK_IDENT && ends_with(tok_text(c, t), t->len, "getruntime")) return 1;
    if (k == 0) return 0;
  }
}

int lang_reflect_sink(lang_ctx *c, size_t i, const name_def **d, size_t *a, size_t *b) {
  const token *t = &c->st[i];
  if ((c->syn != SYN_JAVA && c->syn != SYN_CSHARP && c->syn != SYN_JSCRIPT && c->syn != SYN_VB) ||
      t->kind != TK_IDENT)
    return 0;
  const char *s = tok_text(c, t);
  size_t close;
  if (exec_on_runtime_chain(c, i) && op_at(c, i + 1, "(")) {
    *d = lang_names_lookup("runtime.exec", 12, SYN_JAVA);
    *a = i + 2;
    *b = lang_match_close(c, i + 1);
    return *d != NULL;
  }
  const name_def *found = resolve_lookup(c, i, &close);
  if (found && ends_with(s, t->len, "invokemember")) { /* the call is the invocation: its own arguments */
    *d = found;
    *a = i + 2;
    *b = close;
    return 1;
  }
  if (found) {
    /* ... .invoke(recv, args) / .newInstance(args) / .Invoke(null, new object[] {args}) */
    size_t k = close + 1;
    if (!op_at(c, k, ".") || k + 2 >= c->nst || c->st[k + 1].kind != TK_IDENT || !op_at(c, k + 2, "(")) return 0;
    const token *inv = &c->st[k + 1];
    if (!tok_is(c, inv, TK_IDENT, "invoke") && !tok_is(c, inv, TK_IDENT, "newinstance")) return 0;
    *d = found;
    *a = k + 3;
    *b = lang_match_close(c, k + 2);
    return 1;
  }
  /* new java.beans.Expression(target, "exec", new Object[] {args}), or Statement:
   * a method called by its name on an object */
  if (c->syn == SYN_JAVA && (t->flags & TF_NEW) && op_at(c, i + 1, "(") &&
      (ends_with(s, t->len, "expression") || ends_with(s, t->len, "statement"))) {
    size_t e = lang_match_close(c, i + 1), s2, e2, s3, e3;
    char member[48];
    if (!lang_arg_span(c, i + 2, e, 2, &s2, &e2) || e2 != s2 + 1 || c->st[s2].kind != TK_STR ||
        c->st[s2].len >= sizeof member || !lang_arg_span(c, i + 2, e, 3, &s3, &e3))
      return 0;
    class_name(tok_text(c, &c->st[s2]), c->st[s2].len, member, sizeof member);
    const name_def *m = sink_named(c, "", member);
    if (!m) return 0;
    *d = m, *a = s3, *b = e3;
    return 1;
  }
  /* VB.NET CallByName(o, "Run", CallType.Method, args...): the method of o's class by its name */
  if (c->syn == SYN_VB && ends_with(s, t->len, "callbyname") && op_at(c, i + 1, "(")) {
    size_t e = lang_match_close(c, i + 1), s1, e1, s2, e2, s4, e4;
    if (!lang_arg_span(c, i + 2, e, 1, &s1, &e1) || e1 != s1 + 1 || c->st[s1].kind != TK_IDENT ||
        !lang_arg_span(c, i + 2, e, 2, &s2, &e2) || e2 != s2 + 1 || c->st[s2].kind != TK_STR ||
        !lang_arg_span(c, i + 2, e, 4, &s4, &e4))
      return 0;
    const char *ty = typed(c, tok_text(c, &c->st[s1]), c->st[s1].len, "");
    char member[48], full[160];
    if (!ty || c->st[s2].len >= sizeof member) return 0;
    class_name(tok_text(c, &c->st[s2]), c->st[s2].len, member, sizeof member);
    snprintf(full, sizeof full, "%s.%s", ty, member);
    const name_def *m = lang_names_lookup(full, strlen(full), c->syn);
    if (!m || m->kind != N_SINK) return 0;
    *d = m, *a = s4, *b = e;
    return 1;
  }
  /* m.invoke(...) with m = ...getMethod(...), or a method handle's invoke */
  static const char *const calls[] = {"invoke", "newinstance", "invokeexact", "invokewitharguments"};
  for (size_t q = 0; q < sizeof calls / sizeof calls[0]; q++) {
    size_t n = strlen(calls[q]);
    if (t->len <= n + 1 || !ends_with(s, t->len, calls[q]) || !op_at(c, i + 1, "(")) continue;
    const char *ty = typed(c, s, t->len - n - 1, "method:");
    if (!ty) return 0;
    const name_def *m = lang_names_lookup(ty, strlen(ty), c->syn == SYN_JAVA ? SYN_JAVA : SYN_CSHARP);
    if (!m || m->kind != N_SINK) return 0;
    *d = m;
    *a = i + 2;
    *b = lang_match_close(c, i + 1);
    return 1;
  }
  return 0;
}

int lang_reflect_type(lang_ctx *c, size_t a, size_t b, char *out, size_t outsz) {
  if (c->syn != SYN_JAVA && c->syn != SYN_CSHARP) return 0;
  for (size_t i = a; i < b; i++) {
    if (c->st[i].kind != TK_IDENT) continue;
    size_t close;
    const name_def *d = resolve_lookup(c, i, &close);
    if (d) {
      snprintf(out, outsz, "method:%s", d->name);
      return 1;
    }
  }
  /* Activator.CreateInstance(t) of a class variable: an object of that class */
  const token *g = &c->st[a];
  if (b == a + 4 && g->kind == TK_IDENT && ends_with(tok_text(c, g), g->len, "createinstance") && op_at(c, a + 1, "(") &&
      c->st[a + 2].kind == TK_IDENT && op_at(c, a + 3, ")")) {
    const char *cls = typed(c, tok_text(c, &c->st[a + 2]), c->st[a + 2].len, "class:");
    if (cls) return snprintf(out, outsz, "%s", cls), 1;
  }
  /* Activator.CreateInstance(Type.GetTypeFromProgID("WScript.Shell")) in one expression: an object of that class */
  if (b == a + 7 && g->kind == TK_IDENT && ends_with(tok_text(c, g), g->len, "createinstance") && op_at(c, a + 1, "(") &&
      c->st[a + 2].kind == TK_IDENT && class_by_name(tok_text(c, &c->st[a + 2]), c->st[a + 2].len) &&
      op_at(c, a + 3, "(") && c->st[a + 4].kind == TK_STR && op_at(c, a + 5, ")") && op_at(c, a + 6, ")")) {
    char cls[96];
    class_name(tok_text(c, &c->st[a + 4]), c->st[a + 4].len, cls, sizeof cls);
    return snprintf(out, outsz, "%s", cls), 1;
  }
  /* Type.GetTypeFromCLSID(new Guid("72C24DD5-...")): the COM class the CLSID registers */
  if (b == a + 7 && g->kind == TK_IDENT && ends_with(tok_text(c, g), g->len, "gettypefromclsid") && op_at(c, a + 1, "(") &&
      c->st[a + 2].kind == TK_IDENT && ends_with(tok_text(c, &c->st[a + 2]), c->st[a + 2].len, "guid") &&
      op_at(c, a + 3, "(") && c->st[a + 4].kind == TK_STR && c->st[a + 4].len < 60 && op_at(c, a + 5, ")") &&
      op_at(c, a + 6, ")")) {
    char cls[96];
    snprintf(cls, sizeof cls, "new:");
    lang_lower_copy(cls + 4, sizeof cls - 4, tok_text(c, &c->st[a + 4]), c->st[a + 4].len);
    lang_moniker_class(cls, sizeof cls);
    if (strncmp(cls, "new:", 4) != 0) return snprintf(out, outsz, "class:%s", cls), 1;
  }
  /* Class.forName("x") / Type.GetType("x") alone */
  const token *f = &c->st[a];
  if (b == a + 4 && f->kind == TK_IDENT && op_at(c, a + 1, "(") && c->st[a + 2].kind == TK_STR && op_at(c, a + 3, ")") &&
      class_by_name(tok_text(c, f), f->len)) {
    char cls[96];
    class_name(tok_text(c, &c->st[a + 2]), c->st[a + 2].len, cls, sizeof cls);
    snprintf(out, outsz, "class:%s", cls);
    return 1;
  }
  return 0;
}

/* Filters, servlets, listeners, valves, Spring controllers and WebSocket
 * endpoints added to the running application: what
 * in-memory web shells do (Tomcat's StandardContext, reached through
 * reflection, or the ServletContext's dynamic registration).  No page
 * of an application registers components of its own server. */
void lang_note_registration(lang_ctx *c, const token *t) {
  static const struct { const char *name, *display; } calls[] = {
      {"addfilterdef", "StandardContext.addFilterDef"},
      {"addfiltermap", "StandardContext.addFilterMap"},
      {"addfiltermapbefore", "StandardContext.addFilterMapBefore"},
      {"addservletmappingdecoded", "StandardContext.addServletMappingDecoded"},
      {"addservletmapping", "StandardContext.addServletMapping"},
      {"addapplicationeventlistener", "StandardContext.addApplicationEventListener"},
      {"setapplicationeventlisteners", "StandardContext.setApplicationEventListeners"},
      {"application.addfilter", "ServletContext.addFilter"},
      {"application.addservlet", "ServletContext.addServlet"},
      {"application.addlistener", "ServletContext.addListener"},
      {"getservletcontext().addfilter", "ServletContext.addFilter"},
      {"getservletcontext().addservlet", "ServletContext.addServlet"},
      {"getservletcontext().addlistener", "ServletContext.addListener"},
      {"addvalve", "Pipeline.addValve"},                                   /* on the pipeline or a variable holding it */
      {"addfilterwithmapping", "Jetty ServletHandler.addFilterWithMapping"},
      {"addservletwithmapping", "Jetty ServletHandler.addServletWithMapping"},
      {"registermapping", "RequestMappingHandlerMapping.registerMapping"}, /* a Spring controller */
      {"addendpoint", "WsServerContainer.addEndpoint"},                    /* a WebSocket endpoint */
  };
  if (c->register_line || c->syn != SYN_JAVA) return;
  const char *s = tok_text(c, t);
  for (size_t k = 0; k < sizeof calls / sizeof calls[0]; k++)
    if (ends_with(s, t->len, calls[k].name)) {
      c->register_line = t->line;
      c->register_display = calls[k].display;
      return;
    }
}
