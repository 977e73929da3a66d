/*
 * flows.c - request input that moves into an object by a method call
 * rather than an assignment (VBScript, JScript, C#, VB.NET, Java):
 *
 *   st.Write Request.BinaryRead(n) ... ExecuteGlobal st.ReadText        ADODB.Stream
 *   sb.Append(Request["c"]); Process.Start("cmd", sb.ToString())        StringBuilder
 *   Request.InputStream.Read(buf, 0, n); AppDomain.CurrentDomain.Load(buf)
 *   request.getInputStream().read(b); ... defineClass(b, 0, b.length)   Java
 *   Request.InputStream.CopyTo(ms); Assembly.Load(ms.ToArray())
 *   list.add(request.getParameter("c")); new ProcessBuilder(list).start()
 *
 * Writing tainted data into a buffer, a builder, a stream or a list makes
 * the object tainted; reading a tainted stream into a buffer makes the
 * buffer tainted.  The taint stage already reads x.ToString(), x.ReadText
 * and x.toByteArray() as x.
 */
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

/* Methods that put their argument into the object they are called on. */
static const char *const puts_into[] = {"write", "writetext", "append", "appendline", "appendformat", "insert",
                                        "add", "addall", "addrange", "push", "put", "writebytes", "concat",
                                        "setattribute", "putvalue", "loadxml"}; /* loadXML: a DOM document (an XSL stylesheet) */
/* Methods of a stream that fill their first argument from it (or copy it into its argument). */
static const char *const reads_into[] = {"read", "readfully", "readbytes", "copyto", "transferto", "readtoend"};

static int member_in(const char *m, size_t n, const char *const *list, size_t count) {
  for (size_t k = 0; k < count; k++)
    if (strlen(list[k]) == n && memcmp(list[k], m, n) == 0) return 1;
  return 0;
}

/* The variable named by st[a, b) when it is one plain name: its symbol. */
static sym *plain_var(lang_ctx *c, size_t a, size_t b, int create) {
  if (b != a + 1 || c->st[a].kind != TK_IDENT || (c->st[a].flags & TF_NEW)) return NULL;
  const char *s = tok_text(c, &c->st[a]);
  if (memchr(s, '.', c->st[a].len) || memchr(s, '(', c->st[a].len)) return NULL;
  return lang_sym_get(c, s, c->st[a].len, create);
}

static void taint_sym(sym *s, const taint *t) {
  if (!s || (s->has_taint && !(s->t.flags & TA_WEAK))) return;
  s->t = *t;
  s->t.flags &= (uint16_t)~TA_PURE;
  s->has_taint = 1;
  s->filled = 1;
}

/* st[a, b) is a file path: new File(...), or a path under the application's root. */
static int names_a_file(const lang_ctx *c, size_t a, size_t b) {
  for (size_t i = a; i < b; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_IDENT) continue;
    const char *s = tok_text(c, t);
    if ((t->flags & TF_NEW) && t->len >= 4 && memcmp(s + t->len - 4, "file", 4) == 0) return 1;
    if (t->len >= 11 && memcmp(s + t->len - 11, "getrealpath", 11) == 0) return 1;
  }
  return 0;
}

/* obj.member(args) or, in VB, obj.member args at st[i]: moves request input. */
static void call_at(lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  const char *s = tok_text(c, t), *dot = strrchr(s, '.');
  if (!dot || dot == s) return;
  const char *m = dot + 1;
  size_t mn = t->len - (size_t)(m - s), head = (size_t)(dot - s);
  int paren = i + 1 < c->nst && tok_is(c, &c->st[i + 1], TK_OP, "(");
  if (!paren && !(c->syn == SYN_VB && i == 0)) return;
  size_t a = paren ? i + 2 : i + 1, b = paren ? lang_match_close(c, i + 1) : c->nst;
  if (b > c->nst) b = c->nst;
  if (a >= b) return;
  taint tt;
  if (member_in(m, mn, puts_into, sizeof puts_into / sizeof puts_into[0])) {
    /* the object is a plain variable: sb.Append(x), not Response.Write(x) */
    if (memchr(s, '.', head) || memchr(s, '(', head)) return;
    if (!lang_span_taint(c, a, b, &tt) || (tt.flags & TA_WEAK)) return;
    sym *o = lang_sym_get(c, s, head, 1);
    if (c->syn == SYN_JAVA && mn == 5 && o && o->has_taint && !(o->t.flags & TA_WEAK) && names_a_file(c, a, b))
      /* item.write(new File(root + item.getName())), part.write(path): an upload saved where the client says */
      lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, t->line,
                         "an uploaded file (%s) is written by %.*s() to a path the request names (line %u)",
                         o->t.src, (int)mn, m, t->line);
    if (o && o->script == 2 && (mn == 5 || mn == 9 || mn == 10)) /* write, writetext, writebytes */
      lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, t->line,
                         "request input %s is written to a script page opened for writing (line %u)", tt.src,
                         t->line);
    taint_sym(o, &tt);
    return;
  }
  if (mn == 4 && memcmp(m, "open", 4) == 0 && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT)) {
    /* x.Open "GET", Request("u"): an XMLHTTP download from a URL the request chooses */
    sym *o = lang_sym_get(c, s, head, 0);
    size_t s2, e2;
    if (o && o->has_type && strstr(c->persist.buf + o->type_off, "xmlhttp") && lang_arg_span(c, a, b, 2, &s2, &e2) &&
        lang_span_taint(c, s2, e2, &tt) && !(tt.flags & TA_WEAK) && !c->fetch_fed_line)
      c->fetch_fed_line = c->level ? c->outer_line : t->line;
    return;
  }
  if (!member_in(m, mn, reads_into, sizeof reads_into / sizeof reads_into[0])) return;
  /* the stream: a request body source or a tainted variable, written as t minus .member */
  token probe = *t;
  probe.len = (uint32_t)head;
  token saved = c->st[i];
  c->st[i] = probe;
  int fed = lang_span_taint(c, i, i + 1, &tt) && !(tt.flags & TA_WEAK);
  c->st[i] = saved;
  if (!fed) return;
  size_t s1, e1;
  if (!lang_arg_span(c, a, b, 1, &s1, &e1)) return;
  taint_sym(plain_var(c, s1, e1, 1), &tt);
}

/* for (Cookie k : request.getCookies()), foreach (var k in Request.Files),
 * For Each k In Request.Form: the loop variable holds the collection's
 * items (JScript's for-in gives keys, and is left alone). */
static void foreach_var(lang_ctx *c) {
  size_t v = 0, from = 0, to = c->nst;
  if (c->syn == SYN_VB) {
    if (c->nst < 5 || !tok_is(c, &c->st[0], TK_IDENT, "for") || !tok_is(c, &c->st[1], TK_IDENT, "each") ||
        !tok_is(c, &c->st[3], TK_IDENT, "in"))
      return;
    v = 2, from = 4;
  } else {
    int java = c->syn == SYN_JAVA;
    if (c->nst < 6 || !(tok_is(c, &c->st[0], TK_IDENT, java ? "for" : "foreach")) ||
        !tok_is(c, &c->st[1], TK_OP, "("))
      return;
    to = lang_match_close(c, 1);
    for (size_t k = 3; k < to; k++)
      if (java ? tok_is(c, &c->st[k], TK_OP, ":") : tok_is(c, &c->st[k], TK_IDENT, "in")) {
        v = k - 1, from = k + 1;
        break;
      }
    if (!from) return;
  }
  if (from >= to || c->st[v].kind != TK_IDENT) return;
  taint tt;
  if (!lang_span_taint(c, from, to, &tt) || (tt.flags & TA_WEAK)) return;
  taint_sym(plain_var(c, v, v + 1, 1), &tt);
}

/* while ((line = br.readLine()) != null), if ((c = request.getParameter("c")) != null):
 * an assignment inside parentheses, which the statement's own assignment
 * (at its top level) is not. */
static void inner_assignments(lang_ctx *c) {
  for (size_t i = 1; i + 2 < c->nst; i++) {
    if (c->st[i].kind != TK_IDENT || !tok_is(c, &c->st[i - 1], TK_OP, "(") || !tok_is(c, &c->st[i + 1], TK_OP, "="))
      continue;
    size_t close = lang_match_close(c, i - 1);
    taint tt;
    if (close <= i + 2 || close > c->nst || !lang_span_taint(c, i + 2, close, &tt) || (tt.flags & TA_WEAK)) continue;
    taint_sym(plain_var(c, i, i + 1, 1), &tt);
  }
}

/* using (var w = new StreamWriter(Server.MapPath("x.aspx"))) { w.Write(...) }:
 * the variable a using statement declares holds the script page find_sinks
 * saw opened for writing (c->script_open), as a plain declaration would. */
static void using_script_writer(lang_ctx *c) {
  if (c->nst < 6 || !tok_is(c, &c->st[0], TK_IDENT, "using") || !tok_is(c, &c->st[1], TK_OP, "(")) return;
  for (size_t i = 2; i + 1 < c->nst && i < 8; i++)
    if (c->st[i].kind == TK_IDENT && tok_is(c, &c->st[i + 1], TK_OP, "=")) {
      sym *w = plain_var(c, i, i + 1, 1);
      if (w) w->script = 2;
      return;
    }
}

/* Set f = GetRef("Run"): f is the page function Run under another name. */
static void getref(lang_ctx *c) {
  size_t at = tok_is(c, &c->st[0], TK_IDENT, "set") ? 1 : 0;
  if (c->nst != at + 6 || c->st[at].kind != TK_IDENT || !tok_is(c, &c->st[at + 1], TK_OP, "=") ||
      !tok_is(c, &c->st[at + 2], TK_IDENT, "getref") || !tok_is(c, &c->st[at + 3], TK_OP, "(") ||
      c->st[at + 4].kind != TK_STR || c->st[at + 4].len >= 48)
    return;
  char from[48];
  lang_lower_copy(from, sizeof from, tok_text(c, &c->st[at + 4]), c->st[at + 4].len);
  lang_alias_wrapper(c, from, tok_text(c, &c->st[at]), c->st[at].len);
}

/* return <request input> inside a C#, Java or JScript function, or the
 * function's name assigned it in VBScript: its calls hand the input out
 * (String p(HttpServletRequest r) { return r.getParameter("c"); }) */
static void returns_input(lang_ctx *c) {
  if (!c->fn || c->nst < 2) return;
  wrapper *w = &c->wrappers[c->fn - 1];
  taint tt;
  size_t e = c->nst;
  /* VBScript returns by assigning the function's (or Property Get's) own name: Cmd = Request("c") */
  if (c->syn == SYN_VB) {
    if (c->nst < 3 || c->st[0].kind != TK_IDENT || !tok_is(c, &c->st[1], TK_OP, "=") ||
        !tok_is(c, &c->st[0], TK_IDENT, w->name))
      return;
    if (!w->returns && lang_span_taint(c, 2, e, &tt) && !(tt.flags & TA_WEAK)) w->returns = 1, w->ret = tt;
    return;
  }
  if (!tok_is(c, &c->st[0], TK_IDENT, "return")) return;
  if (e > 1 && (tok_is(c, &c->st[e - 1], TK_OP, ";") || tok_is(c, &c->st[e - 1], TK_OP, "}"))) e--;
  if (w->returns || !lang_span_taint(c, 1, e, &tt) || (tt.flags & TA_WEAK)) return;
  w->returns = 1;
  w->ret = tt;
}

/* C# using P = System.Diagnostics.Process;  P.Start(...) is Process.Start(...):
 * the alias is typed with the name it stands for. */
static void using_alias(lang_ctx *c) {
  if (c->syn != SYN_CSHARP || c->nst < 4 || !tok_is(c, &c->st[0], TK_IDENT, "using") || c->st[1].kind != TK_IDENT ||
      !tok_is(c, &c->st[2], TK_OP, "=") || c->st[3].kind != TK_IDENT)
    return;
  sym *s = lang_sym_get(c, tok_text(c, &c->st[1]), c->st[1].len, 1);
  if (!s) return;
  s->type_off = lang_arena_put(&c->persist, tok_text(c, &c->st[3]), c->st[3].len);
  s->type_len = c->st[3].len;
  s->has_type = 1;
}

/* Each call in the statement that moves request input into an object. */
/* fso.CreateTextFile("x.asp").Write Request("c"): a script page opened and
 * written in one chain (find_sinks saw the script opened: c->script_open). */
static void chained_script_write(lang_ctx *c) {
  for (size_t i = 2; i < c->nst; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_IDENT || !tok_is(c, &c->st[i - 1], TK_OP, ".") || !tok_is(c, &c->st[i - 2], TK_OP, ")") ||
        !(tok_is(c, t, TK_IDENT, "write") || tok_is(c, t, TK_IDENT, "writeline") || tok_is(c, t, TK_IDENT, "writetext")))
      continue;
    int paren = i + 1 < c->nst && tok_is(c, &c->st[i + 1], TK_OP, "(");
    size_t a = paren ? i + 2 : i + 1, b = paren ? lang_match_close(c, i + 1) : c->nst;
    taint tt;
    if (b > c->nst) b = c->nst;
    if (a < b && lang_span_taint(c, a, b, &tt) && !(tt.flags & (TA_WEAK | TA_CALLED)))
      lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, t->line,
                         "request input %s is written to a script page opened for writing by %s (line %u)", tt.src,
                         c->script_open, t->line);
    return;
  }
}

void lang_flows_statement(lang_ctx *c) {
  if (c->syn == SYN_PHP || c->syn == SYN_CFML) return;
  if (c->script_open && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT)) chained_script_write(c);
  using_alias(c);
  returns_input(c);
  if (c->syn == SYN_VB && c->nst >= 6) getref(c);
  if (c->syn != SYN_JSCRIPT) foreach_var(c);
  if (c->syn != SYN_VB) inner_assignments(c);
  if (c->script_open && c->syn == SYN_CSHARP) using_script_writer(c);
  for (size_t i = 0; i < c->nst; i++)
    if (c->st[i].kind == TK_IDENT && memchr(tok_text(c, &c->st[i]), '.', c->st[i].len)) call_at(c, i);
}

/* PowerShell hosted in a page: AddCommand names the cmdlet, AddArgument feeds
 * it; only a cmdlet or program that runs its argument as code or a command
 * line makes the argument a command (Get-Service with a name does not). */
int lang_ps_expression_arg(lang_ctx *c, size_t i, size_t *a, size_t *b) {
  static const char *const runs[] = {"invoke-expression", "iex", "powershell", "powershell.exe", "cmd", "cmd.exe"};
  if (i < 5 || !tok_is(c, &c->st[i - 1], TK_OP, ".") || !tok_is(c, &c->st[i - 2], TK_OP, ")") ||
      !(tok_is(c, &c->st[i], TK_IDENT, "addargument") || tok_is(c, &c->st[i], TK_IDENT, "addparameter")) ||
      i + 1 >= c->nst || !tok_is(c, &c->st[i + 1], TK_OP, "("))
    return 0;
  /* ...AddCommand("Invoke-Expression") right before */
  const token *cmd = &c->st[i - 3], *open = &c->st[i - 4], *name = &c->st[i - 5];
  if (cmd->kind != TK_STR || !tok_is(c, open, TK_OP, "(") || name->kind != TK_IDENT || name->len < 10 ||
      memcmp(tok_text(c, name) + name->len - 10, "addcommand", 10) != 0)
    return 0;
  for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++)
    if (strcasecmp(tok_text(c, cmd), runs[k]) == 0) {
      *a = i + 2;
      *b = lang_match_close(c, i + 1);
      return 1;
    }
  return 0;
}
