/*
 * lang_lex_vb.c - the VBScript / VB.NET lexer (classic ASP, ASP.NET pages in
 * VB).  A line end ends a statement unless the line ends in " _"; ':' also
 * ends one.  ' and REM comments are dropped, "..." strings keep "" as one
 * quote, &H41 is a number, and names are lower-cased: VB is
 * case-insensitive.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "lang/lang.h"

void lang_lex_vb(tok_sink *s, const unsigned char *p, size_t n, size_t base, uint32_t line) {
  const unsigned char *q = p, *end = p + n;
  arena tmp = {0};
  s->syn = SYN_VB;
#define OFF(x) (base + (size_t)((x) - p))
  while (q < end) {
    unsigned char c = *q;
    if (c == '\n' || c == ':') {
      lang_lex_emit(s, TK_END, "\n", 1, line, OFF(q), OFF(q + 1));
      line += c == '\n';
      q++;
      continue;
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
