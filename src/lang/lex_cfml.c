/*
 * lex_cfml.c - the ColdFusion (CFML: .cfm, .cfml, .cfc) lexer.  A page
 * mixes HTML, tags (<cfset x = url.cmd>, <cfexecute name="cmd.exe"
 * arguments="/c #form.c#">, <cffile action="upload" ...>) and CFScript
 * (<cfscript> ... </cfscript>, JavaScript-like).  The analyzer knows
 * calls, so each tag becomes one:
 *
 *   <cfset EXPR>                      EXPR ;
 *   <cfif EXPR> / <cfreturn EXPR>     EXPR ;
 *   <cfexecute a="v" b="#e#">         cfexecute ( cfattr.a = "v" , cfattr.b = e ) ;
 *   <cffile action="upload" ...>      cffile.upload ( cfattr.... ) ;  (the action joins the name)
 *   <cfquery ...>SQL #e#</cfquery>    cfquery ( cfattr.sql = "SQL " & e ) ;
 *
 * Strings keep "" or '' as one quote; #expr# inside a string or a quoted
 * attribute is the expression, joined with & (CFML's concatenation), so
 * "/c #form.c#" reads as "/c " & form.c.  <!--- comments ---> are
 * dropped, and #expr# in <cfoutput> text is lexed (evaluate() there runs).
 * raw=1 lexes CFScript alone (a string evaluate() runs); so is a file
 * without any tag (a component written in CFScript).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "lang/lang.h"

typedef struct {
  tok_sink *s;
  const unsigned char *base, *end;
  uint32_t line;
  arena tmp;
  int depth; /* nesting of #...# inside strings, bounded */
  char fed[16][32]; /* unscoped names the page itself gets from the request (request_fed) */
  int nfed, tries;   /* tries: names looked at, bounded (each is a pass over the page) */
} cf;

static int is_fed(const cf *l, const unsigned char *q, size_t n);

#define OFF(x) ((size_t)((x) - l->base))

static void emit_op(cf *l, const char *op, const unsigned char *at) {
  lang_lex_emit(l->s, TK_OP, op, strlen(op), l->line, OFF(at), OFF(at));
}

static const unsigned char *expr(cf *l, const unsigned char *q, const unsigned char *end, int stop_hash);

/* A string at q (quote " or '); #expr# parts become & expr &.  Returns
 * the byte after the closing quote. */
static const unsigned char *string(cf *l, const unsigned char *q, const unsigned char *end) {
  unsigned char quote = *q++;
  const unsigned char *run = q;
  int parts = 0;
  l->tmp.len = 0;
  lang_arena_put(&l->tmp, "", 0);
  for (; q < end; q++) {
    if (*q == quote) {
      if (q + 1 < end && q[1] == quote) { /* doubled quote */
        lang_arena_append(&l->tmp, q, 1);
        q++;
        continue;
      }
      break;
    }
    if (*q == '#' && q + 1 < end && q[1] == '#') { /* ## is one # */
      lang_arena_append(&l->tmp, q, 1);
      q++;
      continue;
    }
    if (*q == '#' && l->depth < 4) {
      const unsigned char *h = memchr(q + 1, '#', (size_t)(end - q - 1));
      const unsigned char *qq = memchr(q + 1, quote, (size_t)(end - q - 1));
      if (!h || (qq && qq < h && !memchr(q + 1, '(', (size_t)(h - q - 1)))) { /* a lone # */
        lang_arena_append(&l->tmp, q, 1);
        continue;
      }
      if (l->tmp.len > 1) { /* the text before: an empty one is not a part */
        if (parts++) emit_op(l, "&", q);
        lang_lex_emit(l->s, TK_STR, l->tmp.buf, l->tmp.len - 1, l->line, OFF(run), OFF(q));
      }
      if (parts++) emit_op(l, "&", q);
      emit_op(l, "(", q);
      l->depth++;
      expr(l, q + 1, h, 0);
      l->depth--;
      emit_op(l, ")", h);
      l->tmp.len = 0;
      lang_arena_put(&l->tmp, "", 0);
      q = h;
      run = h + 1;
      continue;
    }
    if (*q == '\n') l->line++;
    lang_arena_append(&l->tmp, q, 1);
  }
  if (!parts || l->tmp.len > 1) {
    if (parts) emit_op(l, "&", q);
    lang_lex_emit(l->s, TK_STR, l->tmp.buf, l->tmp.len - 1, l->line, OFF(run), OFF(q));
  }
  return q < end ? q + 1 : end;
}

/* CFScript or a tag expression in [q, end).  stop_hash: a bare # ends it
 * (an expression inside #...# in text).  Returns where it stopped. */
static const unsigned char *expr(cf *l, const unsigned char *q, const unsigned char *end, int stop_hash) {
  while (q < end) {
    unsigned char c = *q;
    if (c == '\n') { l->line++; q++; continue; }
    if (isspace(c)) { q++; continue; }
    if (stop_hash && c == '#') return q;
    if (c == '/' && q + 1 < end && q[1] == '/') {
      while (q < end && *q != '\n') q++;
      continue;
    }
    if (c == '/' && q + 1 < end && q[1] == '*') {
      for (q += 2; q < end && !(*q == '*' && q + 1 < end && q[1] == '/'); q++) l->line += *q == '\n';
      q = q < end ? q + 2 : end;
      continue;
    }
    if (c == '"' || c == '\'') {
      q = string(l, q, end);
      continue;
    }
    if (lang_lex_ident_start(c)) {
      const unsigned char *e = q + 1;
      while (e < end && lang_lex_ident_char(*e)) e++;
      if (is_fed(l, q, (size_t)(e - q)) && (q == l->base || q[-1] != '.')) {
        /* ColdFusion looks an unscoped name up in the form and url scopes */
        char scoped[40] = "form.";
        memcpy(scoped + 5, q, (size_t)(e - q));
        lang_lex_emit_ident(l->s, (const unsigned char *)scoped, 5 + (size_t)(e - q), l->line, OFF(q), OFF(e));
      } else {
        lang_lex_emit_ident(l->s, q, (size_t)(e - q), l->line, OFF(q), OFF(e));
      }
      q = e;
      continue;
    }
    if (isdigit(c)) {
      q += lang_lex_emit_number(l->s, q, end, l->line, OFF(q));
      continue;
    }
    if (c == ';') {
      lang_lex_emit(l->s, TK_END, ";", 1, l->line, OFF(q), OFF(q + 1));
      q++;
      continue;
    }
    if (c == '#') { q++; continue; } /* #x# inside an expression is x */
    size_t len = lang_lex_op_len(q, end);
    lang_lex_emit(l->s, TK_OP, q, len, l->line, OFF(q), OFF(q + len));
    q += len;
  }
  return q;
}

/* Case-insensitive prefix test. */
static int at(const unsigned char *q, const unsigned char *end, const char *lit) {
  size_t n = strlen(lit);
  return (size_t)(end - q) >= n && strncasecmp((const char *)q, lit, n) == 0;
}

static const unsigned char *find(const unsigned char *q, const unsigned char *end, const char *lit) {
  size_t n = strlen(lit);
  for (; (size_t)(end - q) >= n; q++)
    if ((*q | 0x20) == (lit[0] | 0x20) && strncasecmp((const char *)q, lit, n) == 0) return q;
  return NULL;
}

/* The first ch in [q, end) outside quotes, or NULL: a tag's '>' (not the
 * one in a quoted value), an output expression's closing '#'
 * (#evaluate("#url.x#")# holds a string with its own #...#). */
static const unsigned char *outside_quotes(const unsigned char *q, const unsigned char *end, unsigned char ch) {
  unsigned char quote = 0;
  for (; q < end; q++) {
    if (quote) {
      if (*q == quote) quote = 0;
    } else if (*q == '"' || *q == '\'') {
      quote = *q;
    } else if (*q == ch) {
      return q;
    }
  }
  return NULL;
}

/* The end of the tag opened at q: the '>' outside quotes and #...#. */
static const unsigned char *tag_end(const unsigned char *q, const unsigned char *end) {
  const unsigned char *gt = outside_quotes(q, end, '>');
  return gt ? gt : end;
}

/* The value of attribute name (lower case) in the tag body [a, b). */
static int attr_value(const unsigned char *a, const unsigned char *b, const char *name, const unsigned char **v,
                      size_t *n) {
  size_t k = strlen(name);
  for (const unsigned char *q = a; q + k < b; q++) {
    if (strncasecmp((const char *)q, name, k) != 0 || (q > a && lang_lex_ident_char(q[-1]))) continue;
    const unsigned char *e = q + k;
    while (e < b && isspace(*e)) e++;
    if (e >= b || *e != '=') continue;
    for (e++; e < b && isspace(*e); e++) {}
    unsigned char quote = e < b && (*e == '"' || *e == '\'') ? *e++ : 0;
    const unsigned char *s = e;
    while (e < b && (quote ? *e != quote : !isspace(*e))) e++;
    *v = s;
    *n = (size_t)(e - s);
    return 1;
  }
  return 0;
}

/* <cfname attr="v" ...>: cfname[.action] ( cfattr.attr = v , ... ) ; */
static void tag_call(cf *l, const unsigned char *name, size_t nlen, const unsigned char *a, const unsigned char *b,
                     const unsigned char *body, const unsigned char *body_end) {
  char call[64];
  size_t n = nlen < 40 ? nlen : 40;
  memcpy(call, name, n);
  const unsigned char *v;
  size_t vn;
  if (attr_value(a, b, "action", &v, &vn) && vn && vn < 16 && lang_lex_ident_start(*v)) {
    call[n++] = '.';
    memcpy(call + n, v, vn);
    n += vn;
  }
  lang_lex_emit_ident(l->s, (const unsigned char *)call, n, l->line, OFF(name), OFF(b));
  emit_op(l, "(", a);
  int first = 1;
  for (const unsigned char *q = a; q < b;) {
    if (isspace(*q) || *q == '/') {
      l->line += *q == '\n';
      q++;
      continue;
    }
    const unsigned char *e = q;
    while (e < b && (lang_lex_ident_char(*e) || *e == '-' || *e == ':')) e++;
    if (e == q) { q++; continue; }
    const unsigned char *an = q;
    size_t alen = (size_t)(e - q);
    while (e < b && isspace(*e)) e++;
    if (!first) emit_op(l, ",", an);
    first = 0;
    char attr[48] = "cfattr.";
    size_t m = alen < 32 ? alen : 32;
    memcpy(attr + 7, an, m);
    lang_lex_emit_ident(l->s, (const unsigned char *)attr, 7 + m, l->line, OFF(an), OFF(an + alen));
    if (e < b && *e == '=') {
      emit_op(l, "=", e);
      for (e++; e < b && isspace(*e); e++) {}
      if (e < b && (*e == '"' || *e == '\'')) {
        e = string(l, e, b);
      } else {
        const unsigned char *s = e;
        while (e < b && !isspace(*e)) e++;
        if (s < e && *s == '#') expr(l, s, e, 0);
        else lang_lex_emit(l->s, TK_STR, s, (size_t)(e - s), l->line, OFF(s), OFF(e));
      }
    }
    q = e;
  }
  if (body) { /* <cfquery>: the statement between the tags */
    if (!first) emit_op(l, ",", body);
    lang_lex_emit_ident(l->s, (const unsigned char *)"cfattr.sql", 10, l->line, OFF(body), OFF(body));
    emit_op(l, "=", body);
    /* the body is a string with #...#: lex it as one, quoted by its end */
    const unsigned char *q = body;
    int parts = 0;
    while (q < body_end) {
      const unsigned char *h = memchr(q, '#', (size_t)(body_end - q));
      const unsigned char *h2 = h ? memchr(h + 1, '#', (size_t)(body_end - h - 1)) : NULL;
      const unsigned char *stop = h && h2 ? h : body_end;
      const unsigned char *w = q;
      while (w < stop && isspace(*w)) w++;
      if (w < stop) { /* blanks around the #expr# are not part of the statement */
        if (parts++) emit_op(l, "&", q);
        lang_lex_emit(l->s, TK_STR, q, (size_t)(stop - q), l->line, OFF(q), OFF(stop));
      }
      for (const unsigned char *r = q; r < stop; r++) l->line += *r == '\n';
      if (stop == body_end) break;
      if (parts++) emit_op(l, "&", h);
      emit_op(l, "(", h);
      expr(l, h + 1, h2, 0);
      emit_op(l, ")", h2);
      q = h2 + 1;
    }
    if (!parts) lang_lex_emit(l->s, TK_STR, "", 0, l->line, OFF(body), OFF(body));
  }
  emit_op(l, ")", b);
  lang_lex_emit(l->s, TK_END, ";", 1, l->line, OFF(b), OFF(b));
}

static void count_lines(cf *l, const unsigned char *from, const unsigned char *to) {
  for (; from < to; from++) l->line += *from == '\n';
}

/* ---- names the page gets from the request ------------------------------ */

static int is_fed(const cf *l, const unsigned char *q, size_t n) {
  for (int i = 0; i < l->nfed; i++)
    if (strlen(l->fed[i]) == n && strncasecmp(l->fed[i], (const char *)q, n) == 0) return 1;
  return 0;
}

/* Is name[0, n) given a value in the page: "name =" outside a quoted
 * attribute value, or a tag's variable="name" / name="name" output?  Such
 * a name is the page's own variable, whatever the request sends. */
static int assigned(const unsigned char *p, const unsigned char *end, const char *name, size_t n) {
  for (const unsigned char *q = p; (q = find(q, end, name)) != NULL; q++) {
    if (q > p && (lang_lex_ident_char(q[-1]) || q[-1] == '.')) continue;
    const unsigned char *e = q + n;
    if (e < end && lang_lex_ident_char(*e)) continue;
    while (e < end && (*e == ' ' || *e == '\t')) e++;
    if (q > p && (q[-1] == '"' || q[-1] == '\'')) { /* an attribute's value: variable="x" is an output */
      const unsigned char *a = q - 1;
      while (a > p && (a[-1] == ' ' || a[-1] == '=')) a--;
      if (a - p >= 8 && strncasecmp((const char *)a - 8, "variable", 8) == 0) return 1;
      continue;
    }
    if (e + 1 < end && *e == '=' && e[1] != '=') return 1;
  }
  return 0;
}

static void add_fed(cf *l, const unsigned char *v, size_t n) {
  static const char *const scopes[] = {"form.", "url."};
  for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++) {
    size_t k = strlen(scopes[i]);
    if (n > k && strncasecmp((const char *)v, scopes[i], k) == 0) v += k, n -= k;
  }
  if (!n || n >= sizeof l->fed[0] || l->nfed == (int)(sizeof l->fed / sizeof l->fed[0]) || !lang_lex_ident_start(*v))
    return;
  for (size_t i = 0; i < n; i++)
    if (!lang_lex_ident_char(v[i])) return;
  if (is_fed(l, v, n) || ++l->tries > 64) return;
  char *name = l->fed[l->nfed];
  memcpy(name, v, n);
  name[n] = '\0';
  if (!assigned(l->base, l->end, name, n)) l->nfed++;
}

/* Unscoped names a page reads from the request: those its own form posts
 * (<input name="cmd">), that it tests with IsDefined("cmd") or declares
 * with <cfparam name="cmd">, and never sets itself.  ColdFusion finds
 * #cmd# in the form or url scope then, so it is request input. */
static void request_fed(cf *l) {
  static const char *const tags[] = {"<input", "<textarea", "<select", "<cfparam"};
  const unsigned char *p = l->base, *end = l->end, *v;
  size_t vn;
  for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++)
    for (const unsigned char *q = p; (q = find(q, end, tags[t])) != NULL; q++) {
      const unsigned char *gt = tag_end(q, end);
      if (attr_value(q + strlen(tags[t]), gt, "name", &v, &vn)) add_fed(l, v, vn);
    }
  for (const unsigned char *q = p; (q = find(q, end, "isdefined(")) != NULL; q++) {
    const unsigned char *a = q + 10;
    while (a < end && isspace(*a)) a++;
    if (a >= end || (*a != '"' && *a != '\'')) continue;
    const unsigned char *e = memchr(a + 1, *a, (size_t)(end - a - 1));
    if (e && e - a < 40) add_fed(l, a + 1, (size_t)(e - a - 1));
  }
}

void lang_lex_cfml(tok_sink *s, const unsigned char *p, size_t n, int raw) {
  cf lx = {.s = s, .base = p, .end = p + n, .line = 1}, *l = &lx;
  s->syn = SYN_CFML;
  const unsigned char *q = p, *end = p + n;
  int output = 0; /* inside <cfoutput>: #expr# in text is evaluated */
  if (!raw && !find(p, end, "<cf")) raw = 1; /* a component written in CFScript alone: component { ... } */
  if (!raw) request_fed(l);
  if (raw) {
    expr(l, p, end, 0);
    lang_lex_emit(s, TK_END, ";", 1, l->line, n, n);
    lang_arena_free(&lx.tmp);
    return;
  }
  while (q < end) {
    const unsigned char *lt = memchr(q, '<', (size_t)(end - q));
    const unsigned char *hash = output ? memchr(q, '#', (size_t)((lt ? lt : end) - q)) : NULL;
    if (hash) { /* #expr# in output text */
      const unsigned char *stop = lt ? lt : end; /* #x# does not span a tag */
      const unsigned char *h2 = outside_quotes(hash + 1, stop, '#');
      count_lines(l, q, hash);
      if (!h2 || h2 - hash > 512 || h2 == hash + 1) {
        q = hash + (h2 == hash + 1 ? 2 : 1);
        continue;
      }
      expr(l, hash + 1, h2, 0);
      lang_lex_emit(s, TK_END, ";", 1, l->line, OFF(h2), OFF(h2));
      q = h2 + 1;
      continue;
    }
    if (!lt) break;
    count_lines(l, q, lt);
    q = lt;
    if (at(q, end, "<!---")) {
      const unsigned char *e = find(q + 5, end, "--->");
      e = e ? e + 4 : end;
      count_lines(l, q, e);
      q = e;
      continue;
    }
    if (at(q, end, "</cfoutput")) output = 0;
    if (end - q < 4 || !at(q, end, "<cf") || !lang_lex_ident_char(q[3])) {
      q++;
      continue;
    }
    const unsigned char *name = q + 1, *ne = name;
    while (ne < end && (lang_lex_ident_char(*ne) || *ne == ':')) ne++;
    size_t nlen = (size_t)(ne - name);
    const unsigned char *gt = tag_end(ne, end);
    const unsigned char *body_end = gt > ne && gt[-1] == '/' ? gt - 1 : gt;
    if (nlen == 8 && strncasecmp((const char *)name, "cfscript", 8) == 0) {
      const unsigned char *close = find(gt, end, "</cfscript");
      if (!close) close = end;
      count_lines(l, q, gt);
      expr(l, gt < end ? gt + 1 : end, close, 0);
      lang_lex_emit(s, TK_END, ";", 1, l->line, OFF(close), OFF(close));
      q = close;
      continue;
    }
    if (nlen == 8 && strncasecmp((const char *)name, "cfoutput", 8) == 0) output = 1;
    if ((nlen == 5 && strncasecmp((const char *)name, "cfset", 5) == 0) ||
        (nlen == 4 && strncasecmp((const char *)name, "cfif", 4) == 0) ||
        (nlen == 8 && strncasecmp((const char *)name, "cfelseif", 8) == 0) ||
        (nlen == 8 && strncasecmp((const char *)name, "cfreturn", 8) == 0)) {
      expr(l, ne, body_end, 0);
      lang_lex_emit(s, TK_END, ";", 1, l->line, OFF(gt), OFF(gt));
    } else if (nlen == 7 && strncasecmp((const char *)name, "cfquery", 7) == 0) {
      const unsigned char *close = find(gt, end, "</cfquery");
      if (!close) close = end;
      count_lines(l, q, ne);
      tag_call(l, name, nlen, ne, body_end, gt < end ? gt + 1 : end, close);
      q = close;
      continue;
    } else {
      count_lines(l, q, ne);
      tag_call(l, name, nlen, ne, body_end, NULL, NULL);
    }
    q = gt < end ? gt + 1 : end;
  }
  lang_arena_free(&lx.tmp);
}
