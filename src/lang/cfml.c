/*
 * cfml.c - what ColdFusion statements declare, beyond calls (lex_cfml.c
 * turns tags into calls: <cfobject ...> is cfobject.create(cfattr.class =
 * "...", cfattr.name = "rt")):
 *
 *  - <cfobject type="java" action="create" class="java.lang.Runtime"
 *    name="rt"> makes rt an object of that class, as createObject would;
 *  - a component's remote method is called over HTTP (cfc?method=run&c=...):
 *    its arguments are request input, declared by tags
 *    (<cffunction access="remote"> <cfargument name="c">) or in CFScript
 *    (remote any function run(required string c)).  An argument is read
 *    as arguments.c or c.
 *  - what the request chooses beyond calls: <cfmodule template>, CFScript's
 *    include statement, Lucee's <cfadmin> with the password from the
 *    request, the name SetVariable() writes.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

static inline int op_at(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* The string value of attribute cfattr.<name> in the tag call st[1..]. */
static const token *attr_str(const lang_ctx *c, const char *name) {
  char want[48];
  int n = snprintf(want, sizeof want, "cfattr.%s", name);
  for (size_t i = 2; i + 2 < c->nst; i++)
    if (c->st[i].kind == TK_IDENT && c->st[i].len == (uint32_t)n && memcmp(tok_text(c, &c->st[i]), want, (size_t)n) == 0 &&
        op_at(c, i + 1, "=") && c->st[i + 2].kind == TK_STR && (op_at(c, i + 3, ",") || op_at(c, i + 3, ")")))
      return &c->st[i + 2];
  return NULL;
}

static void taint_argument(lang_ctx *c, const token *name) {
  char full[80];
  int n = snprintf(full, sizeof full, "arguments.%.*s", (int)(name->len < 60 ? name->len : 60), tok_text(c, name));
  const char *names[2] = {full, full + 10};
  size_t lens[2] = {(size_t)n, (size_t)n - 10};
  for (int k = 0; k < 2; k++) {
    char low[80];
    lang_lower_copy(low, sizeof low, names[k], lens[k]);
    sym *s = lang_sym_get(c, low, lens[k], 1);
    if (!s) return;
    memset(&s->t, 0, sizeof s->t);
    snprintf(s->t.src, sizeof s->t.src, "the remote method argument %.40s", full + 10);
    s->t.flags = TA_PURE;
    s->t.line = name->line;
    s->has_taint = 1;
    s->has_const = 0;
  }
  if (!c->caps.request) c->caps.request = name->line;
}

/* remote <type> function name(required string a, b = 1) { */
static void script_remote_function(lang_ctx *c) {
  size_t f = 0;
  int remote = 0;
  for (; f < c->nst && !tok_is(c, &c->st[f], TK_IDENT, "function"); f++)
    remote |= tok_is(c, &c->st[f], TK_IDENT, "remote");
  if (!remote || f + 2 >= c->nst || !op_at(c, f + 2, "(")) return;
  size_t close = lang_match_close(c, f + 2);
  size_t last = 0;
  int dflt = 0;
  for (size_t i = f + 3; i <= close && i < c->nst; i++) {
    if (op_at(c, i, ",") || i == close) {
      if (last) taint_argument(c, &c->st[last]);
      last = 0, dflt = 0;
    } else if (op_at(c, i, "=")) {
      dflt = 1; /* what follows is the default value */
    } else if (c->st[i].kind == TK_IDENT && !dflt) {
      last = i;
    }
  }
}

/* No application lets its visitors name the component or Java class it
 * loads: createObject("component", url.c), <cfinvoke component="#url.c#">
 * or <cfobject class="#form.k#"> reach any CFC on the server (an uploaded
 * one too) or java.lang.Runtime without naming it in the page.  A name
 * the page builds around the input ("model." & url.kind) is its own
 * choice among its own components: not reported. */
void lang_cfml_chosen_class(lang_ctx *c, size_t s, size_t e, unsigned line, const char *what) {
  taint t = {0};
  if (!lang_input_taint(c, NULL, s, e, &t) || (t.flags & TA_CALLED) || !(t.flags & TA_PURE)) return;
  lang_add_detection(c, "shellsift.lang.code-load", "webshell", 75, line,
                     "request input %s chooses the component or Java class %s loads (line %u)", t.src, what, line);
}

/* The value span [*s, *e) of attribute cfattr.<name> in the tag call st[1..]. */
static int attr_span(const lang_ctx *c, const char *name, size_t *s, size_t *e) {
  char want[48];
  int n = snprintf(want, sizeof want, "cfattr.%s", name);
  for (size_t i = 2; i + 2 < c->nst; i++) {
    if (c->st[i].kind != TK_IDENT || c->st[i].len != (uint32_t)n || memcmp(tok_text(c, &c->st[i]), want, (size_t)n) != 0 ||
        !op_at(c, i + 1, "="))
      continue;
    size_t j = i + 2;
    int depth = 0;
    for (; j < c->nst; j++) {
      if (op_at(c, j, "(") || op_at(c, j, "[")) depth++;
      else if (op_at(c, j, ")") || op_at(c, j, "]")) { if (depth-- == 0) break; }
      else if (depth == 0 && op_at(c, j, ",")) break;
    }
    *s = i + 2, *e = j;
    return j > i + 2;
  }
  return 0;
}

/* Request input as it is (not built into a name of the page's own) in st[s, e): its taint. */
static int chosen(lang_ctx *c, size_t s, size_t e, taint *t) {
  return s < e && lang_input_taint(c, NULL, s, e, t) && !(t->flags & TA_CALLED) && (t->flags & TA_PURE);
}

/* <cfmodule template="#url.t#"> and CFScript's include url.p: a template
 * the request names is run as CFML (an uploaded image, a log). */
static void chosen_template(lang_ctx *c, size_t s, size_t e, unsigned line, const char *what) {
  taint t = {0};
  if (chosen(c, s, e, &t))
    lang_add_detection(c, "shellsift.lang.include", "webshell", 60, line,
                       "request input %s chooses the file %s runs (line %u)", t.src, what, line);
}

/* Lucee's <cfadmin> changes the server (mappings, extensions, scheduled
 * tasks) given the administrator's password.  Lucee's own administrator
 * logs in with a password from its form, then acts with the one kept in
 * the session; a page that takes both the password and what to do from the
 * request is a remote control of the server for whoever sends them. */
static void cfadmin_driven(lang_ctx *c, unsigned line) {
  static const char *const what[] = {"action", "physical", "archive", "directory", "url", "path", "file",
                                     "source", "class", "value", "name"};
  size_t s, e;
  taint pw = {0}, t = {0};
  if (!attr_span(c, "password", &s, &e) || !chosen(c, s, e, &pw)) return;
  /* the password a login kept (session.passwordweb = form.login_password): an administrator's own page */
  for (size_t i = s; i < e; i++)
    if (c->st[i].kind == TK_IDENT && (strncmp(tok_text(c, &c->st[i]), "session.", 8) == 0 ||
                                      strncmp(tok_text(c, &c->st[i]), "session[", 8) == 0))
      return;
  for (size_t k = 0; k < sizeof what / sizeof what[0]; k++)
    if (attr_span(c, what[k], &s, &e) && lang_input_taint(c, NULL, s, e, &t)) {
      lang_add_detection(c, "shellsift.lang.code-load", "webshell", 60, line,
                         "request input %s chooses what Lucee <cfadmin> does (%s=, line %u), with the administrator "
                         "password the request sends (%s): it changes the server's settings",
                         t.src, what[k], line, pw.src);
      return;
    }
}

/* SetVariable(url.n, v): the request names the variable written, in any
 * scope (application, server, a function's name), and ColdFusion reads
 * the name as an expression. */
static void setvariable_chosen(lang_ctx *c) {
  for (size_t i = 0; i + 2 < c->nst; i++) {
    if (!tok_is(c, &c->st[i], TK_IDENT, "setvariable") || !op_at(c, i + 1, "(")) continue;
    size_t close = lang_match_close(c, i + 1), s, e;
    taint t = {0};
    if (close < c->nst && lang_arg_span(c, i + 2, close, 1, &s, &e) && chosen(c, s, e, &t)) {
      lang_add_detection(c, "shellsift.lang.code-exec", "webshell", 60, c->st[i].line,
                         "request input %s names the variable SetVariable() writes (line %u)", t.src,
                         c->st[i].line);
      return;
    }
  }
}

void lang_cfml_statement(lang_ctx *c) {
  if (c->syn != SYN_CFML || !c->nst) return;
  const token *t = &c->st[0];
  if (t->kind != TK_IDENT) return;
  size_t as, ae;
  if (op_at(c, 1, "(") && tok_is(c, t, TK_IDENT, "cfmodule") && attr_span(c, "template", &as, &ae)) {
    chosen_template(c, as, ae, t->line, "<cfmodule>");
    return;
  }
  if (op_at(c, 1, "(") && t->len >= 7 && strncmp(tok_text(c, t), "cfadmin", 7) == 0 &&
      (t->len == 7 || tok_text(c, t)[7] == '.')) { /* <cfadmin action="updateMapping">: cfadmin.updatemapping */
    cfadmin_driven(c, t->line);
    return;
  }
  if (tok_is(c, t, TK_IDENT, "include") && c->nst > 1 && !op_at(c, 1, "(")) {
    chosen_template(c, 1, c->nst, t->line, "the CFScript include");
    return;
  }
  setvariable_chosen(c);
  if (op_at(c, 1, "(") && tok_is(c, t, TK_IDENT, "cfinvoke") && attr_span(c, "component", &as, &ae)) {
    lang_cfml_chosen_class(c, as, ae, t->line, "<cfinvoke>");
    return;
  }
  if (op_at(c, 1, "(") && (tok_is(c, t, TK_IDENT, "cfobject.create") || tok_is(c, t, TK_IDENT, "cfobject"))) {
    if (attr_span(c, "class", &as, &ae)) lang_cfml_chosen_class(c, as, ae, t->line, "<cfobject>");
    if (attr_span(c, "component", &as, &ae)) lang_cfml_chosen_class(c, as, ae, t->line, "<cfobject>");
    const token *cls = attr_str(c, "class"), *name = attr_str(c, "name");
    if (!cls || !name || !name->len || name->len > 64) return;
    char low[72], type[96];
    lang_lower_copy(low, sizeof low, tok_text(c, name), name->len);
    lang_lower_copy(type, sizeof type, tok_text(c, cls), cls->len);
    sym *s = lang_sym_get(c, low, strlen(low), 1);
    if (!s) return;
    s->type_off = lang_arena_put(&c->persist, type, strlen(type));
    s->type_len = (uint32_t)strlen(type);
    s->has_type = 1;
    return;
  }
  if (op_at(c, 1, "(") && tok_is(c, t, TK_IDENT, "cffunction")) {
    const token *access = attr_str(c, "access");
    c->cf_remote = access && access->len == 6 && strncasecmp(tok_text(c, access), "remote", 6) == 0;
    return;
  }
  if (op_at(c, 1, "(") && tok_is(c, t, TK_IDENT, "cfargument")) {
    const token *name = attr_str(c, "name");
    if (c->cf_remote && name && name->len) taint_argument(c, name);
    return;
  }
  script_remote_function(c);
}
