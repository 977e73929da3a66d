/*
 * lang_lex_vb.c - the VBScript / VB.NET lexer (classic ASP, ASP.NET pages in
 * VB).  A line end ends a statement unless the line ends in " _"; ':' also
 * ends one.  ' and REM comments are dropped, "..." strings keep "" as one
 * quote, &H41 is a number, and names are lower-cased: VB is
 * case-insensitive.  Inside a With block a member written with a leading
 * dot (.Form("x")) is emitted with the block's object before it
 * (Request.Form("x")), as VB reads it.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "lang/lang.h"

#define WITH_DEPTH 4
#define WITH_NAME 64

/* The open With blocks: the object each names, when it is a plain dotted
 * name (With Request, With Server.CreateObject(...) is kept as far as
 * its name goes).  Deeper nesting than WITH_DEPTH is counted only. */
typedef struct {
  char name[WITH_DEPTH][WITH_NAME];
  unsigned depth;
} with_stack;

/* At the first token of a statement (q): "With <name>" opens a block,
 * "End With" closes one.  Returns nothing; the tokens are lexed as usual. */
static void with_statement(with_stack *w, const unsigned char *q, const unsigned char *end) {
  if (end - q >= 8 && strncasecmp((const char *)q, "end", 3) == 0 && (q[3] == ' ' || q[3] == '\t')) {
    const unsigned char *r = q + 3;
    while (r < end && (*r == ' ' || *r == '\t')) r++;
    if (end - r >= 4 && strncasecmp((const char *)r, "with", 4) == 0 && (r + 4 == end || !lang_lex_ident_char(r[4])) &&
        w->depth)
      w->depth--;
    return;
  }
  if (end - q < 6 || strncasecmp((const char *)q, "with", 4) != 0 || (q[4] != ' ' && q[4] != '\t')) return;
  const unsigned char *r = q + 4;
  while (r < end && (*r == ' ' || *r == '\t')) r++;
  size_t n = 0;
  while (r + n < end && (lang_lex_ident_char(r[n]) || r[n] == '.') && n + 1 < WITH_NAME) n++;
  if (w->depth < WITH_DEPTH) {
    memcpy(w->name[w->depth], r, n);
    w->name[w->depth][n] = '\0';
  }
  w->depth++;
}

/* A '.' at q that starts a member of the With object: at a statement's
 * start, after an operator or an opening bracket, or after a blank (VB
 * writes no blank inside a member access), and followed by a name. */
static int with_member(const with_stack *w, const unsigned char *p, const unsigned char *q, const unsigned char *end) {
  if (!w->depth || w->depth > WITH_DEPTH || !w->name[w->depth - 1][0] || q + 1 >= end || !lang_lex_ident_start(q[1]))
    return 0;
  if (q == p) return 1;
  unsigned char b = q[-1];
  return b == ' ' || b == '\t' || b == '(' || b == ',' || b == '=' || b == '&' || b == '+' || b == ':' || b == '\n';
}

void lang_lex_vb(tok_sink *s, const unsigned char *p, size_t n, size_t base, uint32_t line) {
  const unsigned char *q = p, *end = p + n;
  arena tmp = {0};
  with_stack with = {0};
  int stmt_start = 1;
  s->syn = SYN_VB;
#define OFF(x) (base + (size_t)((x) - p))
  while (q < end) {
    unsigned char c = *q;
    if (c == '\n' || c == ':') {
      lang_lex_emit(s, TK_END, "\n", 1, line, OFF(q), OFF(q + 1));
      line += c == '\n';
      q++;
      stmt_start = 1;
      continue;
    }
    if (stmt_start && !isspace(c)) {
      stmt_start = 0;
      with_statement(&with, q, end);
    }
    if (c == '.' && with_member(&with, p, q, end)) {
      /* .Form("x") inside With Request: Request.Form("x") */
      const char *wn = with.name[with.depth - 1];
      for (const char *a = wn; *a;) {
        const char *dot = strchr(a, '.');
        size_t k = dot ? (size_t)(dot - a) : strlen(a);
        if (k) lang_lex_emit_ident(s, (const unsigned char *)a, k, line, OFF(q), OFF(q));
        if (!dot) break;
        lang_lex_emit(s, TK_OP, ".", 1, line, OFF(q), OFF(q));
        a = dot + 1;
      }
    }
    if (c == '_' && (q + 1 >= end || q[1] == '\r' || q[1] == '\n') && (q == p || isspace(q[-1]))) {
      /* line continuation */
      q++;
      if (q < end && *q == '\r') q++;
      if (q < end && *q == '\n') q++, line++;
      continue;
    }
    if (isspace(c)) { q++; continue; }
    if (c == '\'' || ((c == 'r' || c == 'R') && end - q >= 4 && strncasecmp((const char *)q, "rem", 3) == 0 &&
                      (q[3] == ' ' || q[3] == '\t') && (q == p || !lang_lex_ident_char(q[-1])))) {
      while (q < end && *q != '\n') q++;
      continue;
    }
    if (c == '"') {
      const unsigned char *start = q++;
      tmp.len = 0;
      lang_arena_put(&tmp, "", 0);
      for (; q < end && *q != '\n'; q++) {
        if (*q == '"') {
          if (q + 1 < end && q[1] == '"') q++;
          else break;
        }
        lang_arena_append(&tmp, q, 1);
      }
      if (q < end && *q == '"') q++;
      lang_lex_emit(s, TK_STR, tmp.buf, tmp.len - 1, line, OFF(start), OFF(q));
      continue;
    }
    if ((c == 0xE2 || c == 0xA1) && lang_lex_curly(q, end)) {
      /* a page pasted through a word processor: “text” is the string it was */
      const unsigned char *start = q, *body = q + lang_lex_curly(q, end), *e = body;
      while (e < end && *e != '\n' && *e != '"' && !lang_lex_curly(e, end)) e++;
      lang_lex_emit(s, TK_STR, body, (size_t)(e - body), line, OFF(start), OFF(e));
      q = e < end && *e == '"' ? e + 1 : e < end && *e != '\n' ? e + lang_lex_curly(e, end) : e;
      continue;
    }
    if (c == '&' && q + 1 < end && (q[1] == 'h' || q[1] == 'H') && q + 2 < end && isxdigit(q[2])) {
      const unsigned char *e = q + 2;
      uint64_t v = 0;
      for (; e < end && isxdigit(*e); e++) v = v * 16 + lang_lex_hexval(*e);
      if (e < end && *e == '&') e++;
      token t = {.kind = TK_NUM, .line = line, .num = (int64_t)(v & 0x7fffffff), .src_off = (uint32_t)OFF(q),
                 .src_end = (uint32_t)OFF(e), .len = (uint32_t)(e - q)};
      t.off = lang_arena_put(&s->text, q, (size_t)(e - q));
      s->emit(s, &t);
      q = e;
      continue;
    }
    if (lang_lex_ident_start(c) || c == '[') {
      const unsigned char *e = q + 1, *name = q;
      if (c == '[') { /* [escaped name] */
        name = q + 1;
        while (e < end && *e != ']' && *e != '\n') e++;
        if (e > name) lang_lex_emit_ident(s, name, (size_t)(e - name), line, OFF(q), OFF(e));
        q = e < end && *e == ']' ? e + 1 : e;
        continue;
      }
      while (e < end && lang_lex_ident_char(*e)) e++;
      if (e < end && (*e == '$' || *e == '%')) e++; /* Chr$, Mid$ */
      size_t len = (size_t)(e - name);
      if (len > 1 && (name[len - 1] == '$' || name[len - 1] == '%')) len--;
      lang_lex_emit_ident(s, name, len, line, OFF(q), OFF(e));
      q = e;
      continue;
    }
    if (isdigit(c)) {
      q += lang_lex_emit_number(s, q, end, line, OFF(q));
      continue;
    }
    size_t len = lang_lex_op_len(q, end);
    if (len > 1 && q[0] != '<' && q[0] != '>' && q[0] != '&' && q[0] != '+') len = 1; /* VB has few */
    lang_lex_emit(s, TK_OP, q, len, line, OFF(q), OFF(q + len));
    q += len;
  }
  lang_lex_emit(s, TK_END, "\n", 1, line, OFF(end), OFF(end));
#undef OFF
  lang_arena_free(&tmp);
}
