/*
 * lang_lex_page.c - splits ASP, ASP.NET and JSP pages into their server-side
 * code blocks and lexes each in its language: <% %>, <%= %>, <%! %>
 * (JSP declarations), <script runat="server">, JSPX <jsp:scriptlet>, and
 * the body of .ashx/.asmx/.svc handlers after their <%@ WebHandler %>,
 * <%@ WebService %> or <%@ ServiceHost %> directive, and Razor code
 * blocks (@{ }, @functions { }, @code { }, VB's @Code ... End Code).  The language comes from <%@ Page Language="..." %> (or the
 * script tag's own attribute), defaulting to VBScript for ASP, C# for
 * ASP.NET and Java for JSP.  Markup between blocks is skipped; each block
 * ends a statement.  An ASP file without any block is read as VBScript.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "lang/lang.h"

typedef struct {
  tok_sink *s;
  const unsigned char *base, *end;
  uint32_t line;
  const unsigned char *counted; /* lines are counted up to here */
  syntax razor; /* the language of the page's Razor code: C#, VB once a VB block was seen */
  size_t expr_budget; /* bytes Razor implicit expressions may still scan (linear in the page) */
} page;

static uint32_t line_at(page *pg, const unsigned char *q) {
  for (const unsigned char *r = pg->counted; r < q; r++) pg->line += *r == '\n';
  if (q > pg->counted) pg->counted = q;
  return pg->line;
}

static const unsigned char *find(const unsigned char *q, const unsigned char *end, const char *lit) {
  /* case-insensitive; lit is lower-case */
  size_t n = strlen(lit);
  unsigned char up = (unsigned char)toupper((unsigned char)lit[0]);
  for (; (size_t)(end - q) >= n; q++) {
    if (*q != (unsigned char)lit[0] && *q != up) continue;
    if (strncasecmp((const char *)q, lit, n) == 0) return q;
  }
  return NULL;
}

/* The syntax a language="..." value names, or -1. */
static int syntax_named(const unsigned char *v, size_t n) {
  static const struct { const char *name; syntax syn; } names[] = {
      {"vbscript", SYN_VB}, {"vbscript.encode", SYN_VB}, {"vbs", SYN_VB}, {"vb", SYN_VB}, {"visualbasic", SYN_VB}, {"c#", SYN_CSHARP},
      {"csharp", SYN_CSHARP}, {"cs", SYN_CSHARP}, {"jscript", SYN_JSCRIPT}, {"jscript.encode", SYN_JSCRIPT},
      {"javascript", SYN_JSCRIPT}, {"js", SYN_JSCRIPT}, {"java", SYN_JAVA}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (n == strlen(names[i].name) && strncasecmp((const char *)v, names[i].name, n) == 0) return (int)names[i].syn;
  return -1;
}

/* Value of attribute attr inside [q, end): the language of a directive or
 * script tag. */
static int attr_syntax(const unsigned char *q, const unsigned char *end, const char *attr) {
  const unsigned char *a = find(q, end, attr);
  if (!a) return -1;
  a += strlen(attr);
  while (a < end && isspace(*a)) a++;
  if (a >= end || *a != '=') return -1;
  for (a++; a < end && isspace(*a); a++) {}
  size_t curly = lang_lex_curly(a, end); /* Language=”JScript”, pasted through a word processor */
  unsigned char quote = a < end && (*a == '"' || *a == '\'') ? *a++ : 0;
  a += curly;
  const unsigned char *v = a;
  while (a < end && (quote ? *a != quote : !isspace(*a) && *a != '%' && *a != '>' && !lang_lex_curly(a, end))) a++;
  return syntax_named(v, (size_t)(a - v));
}

/* A first code block that starts like VBScript (a ' comment line, Set x
 * = ..., Dim x): a classic page saved as .aspx, or a site whose default
 * language is VB.  In C# a line never starts with a quote. */
static int vb_looking(const unsigned char *a, const unsigned char *e, int expr) {
  while (a < e && isspace(*a)) a++;
  if ((a < e && *a == '\'') || (e - a > 4 && strncasecmp((const char *)a, "set ", 4) == 0) ||
      (e - a > 4 && strncasecmp((const char *)a, "dim ", 4) == 0))
    return 1;
  /* statements with neither ';' nor braces: C# always has one (a <%= %>
   * expression aside), so these are VBScript lines */
  if (expr || e - a < 8) return 0;
  for (const unsigned char *q = a; q < e; q++)
    if (*q == ';' || *q == '{' || *q == '}') return 0;
  return 1;
}

/* JSP markup before a block: its Expression Language, in the order of the page. */
static void markup(page *pg, const unsigned char *a, const unsigned char *b, int jsp) {
  if (jsp && a < b) lang_lex_el(pg->s, pg->base, a, b, line_at(pg, a));
}

static void lex_block(page *pg, const unsigned char *a, const unsigned char *b, syntax syn) {
  uint32_t line = line_at(pg, a);
  size_t base = (size_t)(a - pg->base);
  if (syn == SYN_VB) lang_lex_vb(pg->s, a, (size_t)(b - a), base, line);
  else lang_lex_clike(pg->s, a, (size_t)(b - a), syn, base, line);
  lang_lex_emit(pg->s, TK_END, ";", 1, line_at(pg, b), (size_t)(b - pg->base), (size_t)(b - pg->base));
}

/* The end of the C# block whose '{' is at open: its matching '}' (strings,
 * characters and comments skipped), or end. */
static const unsigned char *brace_end(const unsigned char *open, const unsigned char *end) {
  int depth = 0;
  for (const unsigned char *q = open; q < end; q++) {
    if (*q == '"' || *q == '\'') {
      unsigned char quote = *q;
      for (q++; q < end && *q != quote && *q != '\n'; q++)
        if (*q == '\\') q++;
      if (q >= end) return end;
    } else if (*q == '/' && q + 1 < end && q[1] == '/') {
      while (q < end && *q != '\n') q++;
      if (q >= end) return end;
    } else if (*q == '{') {
      depth++;
    } else if (*q == '}' && --depth == 0) {
      return q;
    }
  }
  return end;
}

/* The end of the parenthesised or bracketed group whose opener is at open
 * (strings skipped), looked for up to limit; NULL if it does not close there. */
static const unsigned char *group_end(const unsigned char *open, const unsigned char *limit) {
  unsigned char o = *open, cl = o == '(' ? ')' : ']';
  int depth = 0;
  for (const unsigned char *q = open; q < limit; q++) {
    if (*q == '"') {
      for (q++; q < limit && *q != '"' && *q != '\n'; q++) {}
      if (q >= limit) return NULL;
    } else if (*q == o) {
      depth++;
    } else if (*q == cl && --depth == 0) {
      return q;
    }
  }
  return NULL;
}

/* A Razor implicit expression at the '@' q that calls something, in the
 * markup: @Run(Request["c"]), @a.b(x).c(y).  Lexes it as one statement and
 * returns where the page goes on, or NULL (a plain @Model.Name, an e-mail
 * address, a control statement). */
static const unsigned char *razor_expression(page *pg, const unsigned char *q) {
  static const char *const control[] = {"if", "for", "foreach", "while", "switch", "using", "lock", "do", "try"};
  const unsigned char *end = pg->end, *a = q + 1, *e = a;
  const unsigned char *limit = end - a > 1024 ? a + 1024 : end; /* one expression, not the rest of the page */
  if ((q > pg->base && (isalnum(q[-1]) || q[-1] == '@')) || a >= end || !(isalpha(*a) || *a == '_')) return NULL;
  if (pg->expr_budget < (size_t)(limit - a)) return NULL; /* a hostile page of unclosed @f( */
  pg->expr_budget -= (size_t)(limit - a);
  int calls = 0;
  for (;;) {
    const unsigned char *name = e;
    while (e < limit && (isalnum(*e) || *e == '_')) e++;
    if (name == a)
      for (size_t k = 0; k < sizeof control / sizeof control[0]; k++)
        if ((size_t)(e - a) == strlen(control[k]) && strncmp((const char *)a, control[k], (size_t)(e - a)) == 0)
          return NULL;
    while (e < limit && (*e == '(' || *e == '[')) {
      const unsigned char *close = group_end(e, limit);
      if (!close) return NULL;
      calls |= *e == '(';
      e = close + 1;
    }
    if (e + 1 < limit && *e == '.' && (isalpha(e[1]) || e[1] == '_')) e++;
    else break;
  }
  if (!calls) return NULL;
  lex_block(pg, a, e, pg->razor);
  return e;
}

/* A Razor code block at the '@' q: @{ ... }, @functions { ... }, @code
 * { ... } (C#) or @Code ... End Code, @Functions ... End Functions (VB).
 * Lexes it and returns where the page goes on, or NULL when q starts none. */
static const unsigned char *razor_block(page *pg, const unsigned char *q) {
  const unsigned char *end = pg->end, *a = q + 1;
  if (end - a >= 5 && strncasecmp((const char *)a, "code", 4) == 0 && isspace(a[4]) && *a == 'C') {
    const unsigned char *e = find(a + 4, end, "end code");
    if (!e) e = end;
    pg->razor = SYN_VB;
    lex_block(pg, a + 4, e, SYN_VB);
    return e < end ? e + 8 : end;
  }
  if (end - a >= 10 && strncmp((const char *)a, "Functions", 9) == 0 && isspace(a[9])) {
    const unsigned char *e = find(a + 9, end, "end functions");
    if (!e) e = end;
    pg->razor = SYN_VB;
    lex_block(pg, a + 9, e, SYN_VB);
    return e < end ? e + 13 : end;
  }
  if (end - a >= 9 && strncmp((const char *)a, "functions", 9) == 0) a += 9;
  else if (end - a >= 4 && strncmp((const char *)a, "code", 4) == 0) a += 4;
  else if (a == q + 1 && a < end && *a != '{') return razor_expression(pg, q);
  while (a < end && (*a == ' ' || *a == '\t' || *a == '\r' || *a == '\n')) a++;
  if (a >= end || *a != '{') return NULL;
  const unsigned char *e = brace_end(a, end);
  lex_block(pg, a + 1, e, SYN_CSHARP);
  return e < end ? e + 1 : end;
}

void lang_lex_page(tok_sink *s, const unsigned char *p, size_t n, const char *kind) {
  page pg = {.s = s, .base = p, .end = p + n, .line = 1, .counted = p, .razor = SYN_CSHARP, .expr_budget = 4 * n + 65536};
  syntax syn = strcmp(kind, "ASP") == 0 ? SYN_VB : strcmp(kind, "JSP") == 0 ? SYN_JAVA : SYN_CSHARP;
  int named = 0; /* a directive named the language, or the first block chose it */
  int blocks = 0, jsp = strcmp(kind, "JSP") == 0;
  const unsigned char *q = p, *end = p + n, *mark = p; /* markup not yet read for EL starts at mark */
  /* Razor (.cshtml, .vbhtml) code blocks start at an '@'.  A Razor page has
   * no <% %> block; a Web Forms page that has one may hold "@{" in its C#
   * strings, which is not Razor */
  int razor = strcmp(kind, "ASPX") == 0 && memmem(p, n, "<%", 2) == NULL;
  const unsigned char *at = razor ? memchr(p, '@', n) : NULL; /* the next '@' from q on */
  const unsigned char *lt = NULL; /* the next '<' from q on (end: none), kept while ahead of q */
  while (q < end) {
    if (at && at < q) at = memchr(q, '@', (size_t)(end - q));
    if (!lt || (lt < q && lt != end)) {
      lt = memchr(q, '<', (size_t)(end - q));
      if (!lt) lt = end;
    }
    if (at && at < lt) {
      const unsigned char *next = razor_block(&pg, at);
      if (next) blocks++, mark = next;
      q = next ? next : at + 1;
      continue;
    }
    if (lt == end) break; /* no '<' left (it is not searched for again at every '@') */
    q = lt;
    size_t left = (size_t)(end - q);
    if (left >= 4 && memcmp(q, "<%--", 4) == 0) {
      const unsigned char *e = find(q + 4, end, "--%>");
      markup(&pg, mark, q, jsp);
      q = mark = e ? e + 4 : end;
      continue;
    }
    if (left >= 2 && q[1] == '%' && lang_lex_data_after(q + 2, end)) { /* inside an image the page is appended to */
      q += 2;
      continue;
    }
    if (left >= 2 && q[1] == '%') {
      const unsigned char *a = q + 2, *e = find(a, end, "%>");
      if (!e) e = end;
      markup(&pg, mark, q, jsp);
      mark = e < end ? e + 2 : end;
      if (a < e && *a == '@') {
        int lang = attr_syntax(a, e, "language");
        if (lang >= 0) syn = (syntax)lang, named = 1;
        const unsigned char *d = a + 1;
        while (d < e && isspace(*d)) d++;
        if (find(d, e, "webhandler") == d || find(d, e, "webservice") == d || find(d, e, "servicehost") == d) {
          /* a handler: everything after the directive is code */
          if (e < end) lex_block(&pg, e + 2, end, syn);
          return;
        }
      } else {
        const unsigned char *body = a;
        while (a < e && (*a == '=' || *a == ':' || *a == '#' || *a == '!' || *a == '$')) a++;
        if (!named && strcmp(kind, "ASPX") == 0 && vb_looking(a, e, a > body)) syn = SYN_VB;
        named = 1;
        blocks++;
        /* <jsp:include page="<%= expr %>"/>: the expression is the page the action runs */
        const char *call = jsp && body < e && *body == '=' ? lang_lex_el_includer(p, q) : NULL;
        if (call) {
          lang_lex_emit(s, TK_IDENT, call, strlen(call), line_at(&pg, a), (size_t)(a - p), (size_t)(a - p));
          lang_lex_emit(s, TK_OP, "(", 1, line_at(&pg, a), (size_t)(a - p), (size_t)(a - p));
          lang_lex_clike(s, a, (size_t)(e - a), SYN_JAVA, (size_t)(a - p), line_at(&pg, a));
          lang_lex_emit(s, TK_OP, ")", 1, line_at(&pg, e), (size_t)(e - p), (size_t)(e - p));
          lang_lex_emit(s, TK_END, ";", 1, line_at(&pg, e), (size_t)(e - p), (size_t)(e - p));
        } else {
          lex_block(&pg, a, e, syn);
        }
      }
      q = e < end ? e + 2 : end;
      continue;
    }
    if (left >= 7 && strncasecmp((const char *)q, "<script", 7) == 0) {
      const unsigned char *gt = memchr(q, '>', (size_t)(end - q));
      if (gt && find(q, gt, "runat") && find(q, gt, "server")) {
        int lang = attr_syntax(q, gt, "language");
        const unsigned char *e = find(gt + 1, end, "</script");
        if (!e) e = end;
        markup(&pg, mark, q, jsp);
        mark = e;
        lex_block(&pg, gt + 1, e, lang >= 0 ? (syntax)lang : syn);
        blocks++;
        q = e;
        continue;
      }
    }
    if (left >= 5 && strncasecmp((const char *)q, "<jsp:", 5) == 0) {
      static const char *const tags[] = {"<jsp:scriptlet>", "<jsp:declaration>", "<jsp:expression>"};
      for (size_t i = 0; i < 3; i++)
        if (left >= strlen(tags[i]) && strncasecmp((const char *)q, tags[i], strlen(tags[i])) == 0) {
          const unsigned char *a = q + strlen(tags[i]), *e = find(a, end, "</jsp:");
          if (!e) e = end;
          markup(&pg, mark, q, jsp);
          mark = e;
          lex_block(&pg, a, e, SYN_JAVA);
          blocks++;
          q = e;
          break;
        }
    }
    q++;
  }
  /* an ASP file with no server block at all is a fragment of VBScript
   * (a payload meant to be pasted into another page's block, or an
   * include): read it as code */
  if (!blocks && strcmp(kind, "ASP") == 0) lex_block(&pg, p, end, SYN_VB);
  markup(&pg, mark, end, jsp);
}
