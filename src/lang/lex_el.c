/*
 * lex_el.c - JSP Expression Language (${...}, #{...}) in a page's markup,
 * read as the Java expression it evaluates.  EL 2.2 and later call
 * methods, so an expression can reach anything a scriptlet can:
 *
 *   ${"".getClass().forName("javax.script.ScriptEngineManager").newInstance()
 *       .getEngineByName("js").eval(param.c)}
 *
 * EL's implicit request objects become the calls they stand for, so the
 * analyzer sees request input where a scriptlet would show it:
 * param.x and param["x"] are request.getParameter("x"), paramValues.x
 * request.getParameterValues("x"), header.x request.getHeader("x").
 * An expression that is the page= of <jsp:include> or <jsp:forward>, or
 * the url= of JSTL's <c:import>, is the argument of a call standing for
 * that action (jspinclude, jstlimport): the page it runs.
 * lex_page.c hands over the markup between code blocks: EL is not
 * evaluated inside <% %> or <jsp:scriptlet>.  Each expression ends a
 * statement.
 */
#include <string.h>
#include <strings.h>

#include "lang/lang.h"

static const struct {
  const char *name, *call;
} implicit[] = {
    {"paramValues", "getparametervalues"}, {"param", "getparameter"}, {"headerValues", "getheaders"},
    {"header", "getheader"},
};

/* The end of the EL expression whose body starts at q: its closing '}'
 * outside strings and nested braces, or NULL within a bound. */
static const unsigned char *el_end(const unsigned char *q, const unsigned char *end) {
  int depth = 0;
  unsigned char quote = 0;
  const unsigned char *limit = end - q > 8192 ? q + 8192 : end;
  for (; q < limit; q++) {
    if (quote) {
      if (*q == '\\') q++;
      else if (*q == quote) quote = 0;
    } else if (*q == '"' || *q == '\'') {
      quote = *q;
    } else if (*q == '{') {
      depth++;
    } else if (*q == '}') {
      if (depth-- == 0) return q;
    }
  }
  return NULL;
}

/* request . <call> ( "key" ) for an implicit object read at [from, to) */
static void emit_read(tok_sink *s, const char *call, const unsigned char *key, size_t klen, uint32_t line,
                      size_t from, size_t to) {
  lang_lex_emit(s, TK_IDENT, "request", 7, line, from, to);
  lang_lex_emit(s, TK_OP, ".", 1, line, from, to);
  lang_lex_emit(s, TK_IDENT, call, strlen(call), line, from, to);
  lang_lex_emit(s, TK_OP, "(", 1, line, from, to);
  lang_lex_emit(s, TK_STR, key, klen, line, from, to);
  lang_lex_emit(s, TK_OP, ")", 1, line, from, to);
}

/* Actions whose attribute names the page or URL they run:
 * <jsp:include page="${param.p}"/> is jspinclude(request.getParameter("p")). */
static const struct {
  const char *tag, *attr, *call;
} includers[] = {
    {"<jsp:include", "page=", "jspinclude"}, {"<jsp:forward", "page=", "jspinclude"},
};

/* The call an expression starting at q (${ or <%=) stands in, when it is
 * the whole quoted value of an includer's attribute; NULL if none.  Looks
 * back at most 256 bytes, never before p. */
const char *lang_lex_el_includer(const unsigned char *p, const unsigned char *q) {
  if (q - p < 2 || (q[-1] != '"' && q[-1] != '\'')) return NULL;
  const unsigned char *lt = q - 1, *stop = q - p > 256 ? q - 256 : p;
  while (lt > stop && *lt != '<' && *lt != '>') lt--;
  if (*lt != '<') return NULL;
  for (size_t k = 0; k < sizeof includers / sizeof includers[0]; k++) {
    size_t tn = strlen(includers[k].tag), an = strlen(includers[k].attr);
    if ((size_t)(q - lt) < tn + an + 1 || strncasecmp((const char *)lt, includers[k].tag, tn) != 0 ||
        lang_lex_ident_char(lt[tn]))
      continue;
    const unsigned char *v = q - 1 - an; /* attr= right before the quote */
    if (v > lt && strncasecmp((const char *)v, includers[k].attr, an) == 0 && (v[-1] == ' ' || v[-1] == '\t' ||
                                                                             v[-1] == '\n'))
      return includers[k].call;
  }
  return NULL;
}

/* One expression body [a, b) at line, base offset of p; call: the
 * includer it is the argument of, or NULL. */
static void el_expr(tok_sink *s, const unsigned char *p, const unsigned char *a, const unsigned char *b, uint32_t line,
                    const char *call) {
  const unsigned char *run = a; /* the text not yet lexed */
  if (call) {
    lang_lex_emit(s, TK_IDENT, call, strlen(call), line, (size_t)(a - p), (size_t)(a - p));
    lang_lex_emit(s, TK_OP, "(", 1, line, (size_t)(a - p), (size_t)(a - p));
  }
  unsigned char quote = 0;
  for (const unsigned char *q = a; q < b; q++) {
    if (quote) {
      if (*q == '\\') q++;
      else if (*q == quote) quote = 0;
      continue;
    }
    if (*q == '"' || *q == '\'') {
      quote = *q;
      continue;
    }
    if (q > a && (lang_lex_ident_char(q[-1]) || q[-1] == '.')) continue;
    for (size_t k = 0; k < sizeof implicit / sizeof implicit[0]; k++) {
      size_t n = strlen(implicit[k].name);
      if ((size_t)(b - q) <= n + 1 || strncmp((const char *)q, implicit[k].name, n) != 0) continue;
      const unsigned char *key, *e = q + n;
      size_t klen;
      if (*e == '.' && e + 1 < b && lang_lex_ident_start(e[1])) { /* param.x */
        key = e + 1;
        for (e = key; e < b && lang_lex_ident_char(*e); e++) {}
        klen = (size_t)(e - key);
      } else if (*e == '[' && e + 2 < b && (e[1] == '"' || e[1] == '\'')) { /* param["x"] */
        key = e + 2;
        const unsigned char *kq = memchr(key, e[1], (size_t)(b - key));
        if (!kq || kq + 1 >= b || kq[1] != ']') continue;
        klen = (size_t)(kq - key);
        e = kq + 2;
      } else {
        continue;
      }
      uint32_t l = line;
      for (const unsigned char *r = a; r < run; r++) l += *r == '\n';
      if (q > run) lang_lex_clike(s, run, (size_t)(q - run), SYN_JAVA, (size_t)(run - p), l);
      for (const unsigned char *r = run; r < q; r++) l += *r == '\n';
      emit_read(s, implicit[k].call, key, klen, l, (size_t)(q - p), (size_t)(e - p));
      run = e;
      q = e - 1;
      break;
    }
  }
  uint32_t l = line;
  for (const unsigned char *r = a; r < run; r++) l += *r == '\n';
  if (run < b) lang_lex_clike(s, run, (size_t)(b - run), SYN_JAVA, (size_t)(run - p), l);
  if (call) lang_lex_emit(s, TK_OP, ")", 1, l, (size_t)(b - p), (size_t)(b - p));
  lang_lex_emit(s, TK_END, ";", 1, l, (size_t)(b - p), (size_t)(b - p));
}

void lang_lex_el(tok_sink *s, const unsigned char *p, const unsigned char *a, const unsigned char *b, uint32_t line) {
  const unsigned char *q = a;
  while (q + 1 < b) {
    if (*q == '\n') {
      line++;
      q++;
      continue;
    }
    if ((q[0] == '$' || q[0] == '#') && q[1] == '{' && !(q > p && q[-1] == '\\')) {
      const unsigned char *close = el_end(q + 2, b);
      if (close) {
        el_expr(s, p, q + 2, close, line, lang_lex_el_includer(p, q));
        for (; q < close; q++) line += *q == '\n';
        continue;
      }
    }
    q++;
  }
}
