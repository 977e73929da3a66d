/*
 * lang_lex_clike.c - one lexer for the C-family languages found in web pages:
 * C# and JScript.NET in ASP.NET, Java in JSP, JScript in classic ASP.
 * Comments and blanks are dropped; "...", '...' (a string in JScript, a
 * character elsewhere), C# verbatim @"..." and interpolated $"..." strings
 * become their values with \n, \xHH, \uHHHH, \UHHHHHHHH and octal escapes
 * decoded.  Names are lower-cased; the analyzer joins qualified names.
 */
#include <ctype.h>
#include <string.h>

#include "lang/lang.h"

#define add lang_arena_append
#define add_cp lang_arena_append_cp

/* Up to max hex digits at q (< end); returns how many were read. */
static size_t hex_run(const unsigned char *q, const unsigned char *end, size_t max, uint32_t *v) {
  size_t i = 0;
  *v = 0;
  for (; i < max && q + i < end && isxdigit(q[i]); i++) *v = *v * 16 + lang_lex_hexval(q[i]);
  return i;
}

/* Decodes a backslash-escaped body [a, b) into tmp. */
static void unescape(arena *tmp, const unsigned char *a, const unsigned char *b, syntax syn) {
  for (const unsigned char *q = a; q < b; q++) {
    if (*q != '\\' || q + 1 >= b) {
      add(tmp, q, 1);
      continue;
    }
    unsigned char c = *++q, ch;
    uint32_t v;
    size_t k;
    switch (c) {
    case 'n': ch = '\n'; add(tmp, &ch, 1); break;
    case 't': ch = '\t'; add(tmp, &ch, 1); break;
    case 'r': ch = '\r'; add(tmp, &ch, 1); break;
    case 'b': ch = '\b'; add(tmp, &ch, 1); break;
    case 'f': ch = '\f'; add(tmp, &ch, 1); break;
    case 'x':
      k = hex_run(q + 1, b, syn == SYN_CSHARP ? 4 : 2, &v);
      if (k) add_cp(tmp, v), q += k;
      else add(tmp, q, 1);
      break;
    case 'u':
    case 'U':
      k = hex_run(q + 1, b, c == 'u' ? 4 : 8, &v);
      if (k == (c == 'u' ? 4u : 8u)) add_cp(tmp, v), q += k;
      else add(tmp, q, 1);
      break;
    default:
      if (c >= '0' && c <= '7') {
        unsigned o = (unsigned)(c - '0');
        for (int i = 0; i < 2 && q + 1 < b && q[1] >= '0' && q[1] <= '7'; i++) o = o * 8 + (unsigned)(*++q - '0');
        ch = (unsigned char)o;
        add(tmp, &ch, 1);
      } else {
        add(tmp, &c, 1);
      }
    }
  }
}

void lang_lex_clike(tok_sink *s, const unsigned char *p, size_t n, syntax syn, size_t base, uint32_t line) {
  const unsigned char *q = p, *end = p + n;
  arena tmp = {0};
  s->syn = syn;
#define OFF(x) (base + (size_t)((x) - p))
  while (q < end) {
    unsigned char c = *q;
    if (c == '\n') { line++; q++; continue; }
    if (isspace(c)) { q++; continue; }
    size_t u;
    if (c >= 0xC2 && (u = lang_lex_uspace(q, end)) != 0) { q += u; continue; }
    if ((c == 0xE2 || c == 0xA1) && (u = lang_lex_curly(q, end)) != 0) {
      /* “text” pasted through a word processor is the string it was */
      const unsigned char *start = q, *body = q + u, *e = body;
      while (e < end && *e != '\n' && *e != '"' && !lang_lex_curly(e, end)) e++;
      lang_lex_emit(s, TK_STR, body, (size_t)(e - body), line, OFF(start), OFF(e));
      q = e < end && *e == '"' ? e + 1 : e < end && *e != '\n' ? e + lang_lex_curly(e, end) : e;
      continue;
    }
    if (c == '/' && q + 1 < end && q[1] == '/') {
      while (q < end && *q != '\n') q++;
      continue;
    }
    if (c == '/' && q + 1 < end && q[1] == '*') {
      for (q += 2; q < end && !(*q == '*' && q + 1 < end && q[1] == '/'); q++) line += *q == '\n';
      q = q < end ? q + 2 : end;
      continue;
    }
    int verbatim = syn == SYN_CSHARP && (c == '@' || c == '$') && q + 1 < end &&
                   (q[1] == '"' || ((q[1] == '@' || q[1] == '$') && q + 2 < end && q[2] == '"'));
    if (verbatim || c == '"' || c == '\'') {
      const unsigned char *start = q;
      int is_verbatim = 0, interp = 0;
      while (*q == '@' || *q == '$') is_verbatim |= *q == '@', interp |= *q == '$', q++;
      unsigned char quote = *q++;
      tmp.len = 0;
      lang_arena_put(&tmp, "", 0);
      const unsigned char *body = q;
      for (; q < end; q++) {
        if (is_verbatim && *q == '"' && q + 1 < end && q[1] == '"') { q++; continue; }
        if (!is_verbatim && *q == '\\' && q + 1 < end) { q++; continue; }
        if (*q == quote) break;
        if (*q == '\n') {
          if (!is_verbatim) break; /* an unterminated literal ends at the line */
          line++;
        }
      }
      const unsigned char *bend = q < end ? q : end;
      if (is_verbatim) {
        for (const unsigned char *r = body; r < bend; r++) {
          add(&tmp, r, 1);
          if (*r == '"' && r + 1 < bend && r[1] == '"') r++;
        }
      } else {
        unescape(&tmp, body, bend, syn);
      }
      if (q < end && *q == quote) q++;
      if (interp && memchr(body, '{', (size_t)(bend - body)))
        lang_lex_emit_flags(s, TK_STR, TF_INTERP, body, (size_t)(bend - body), line, OFF(start), OFF(q));
      else
        lang_lex_emit(s, TK_STR, tmp.buf, tmp.len - 1, line, OFF(start), OFF(q));
      continue;
    }
    if (lang_lex_ident_start(c) || c == '$' || c == '@') {
      const unsigned char *e = q + 1;
      while (e < end && (lang_lex_ident_char(*e) || *e == '$') && !(*e >= 0xA1 && (lang_lex_uspace(e, end) || lang_lex_curly(e, end)))) e++;
      const unsigned char *name = c == '@' ? q + 1 : q;
      if (e > name) lang_lex_emit_ident(s, name, (size_t)(e - name), line, OFF(q), OFF(e));
      q = e;
      continue;
    }
    if (isdigit(c)) {
      q += lang_lex_emit_number(s, q, end, line, OFF(q));
      continue;
    }
    if (c == ';') {
      lang_lex_emit(s, TK_END, ";", 1, line, OFF(q), OFF(q + 1));
      q++;
      continue;
    }
    size_t len = lang_lex_op_len(q, end);
    lang_lex_emit(s, TK_OP, q, len, line, OFF(q), OFF(q + len));
    q += len;
  }
#undef OFF
  lang_arena_free(&tmp);
}
