/*
 * lang_lex_php.c - the PHP lexer.  Outside <?php ... ?> everything is inline
 * HTML and skipped; inside, comments and blanks are dropped, names are
 * lower-cased (PHP function names are case-insensitive), variables keep
 * their case, and string literals become their value with PHP's escapes
 * decoded ("\x65\166al" is "eval").  Double-quoted and heredoc strings that
 * interpolate a variable keep their raw text and are marked TF_INTERP, so
 * the analyzer can see "$_GET[c]" inside them.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "lang/lang.h"

typedef struct {
  tok_sink *s;
  const unsigned char *base, *p, *end;
  uint32_t line;
  arena tmp; /* decoded string values before they are emitted */
} php_lexer;

static size_t off(const php_lexer *L, const unsigned char *q) { return (size_t)(q - L->base); }

static void count_lines(php_lexer *L, const unsigned char *a, const unsigned char *b) {
  for (; a < b; a++) L->line += *a == '\n';
}

/* Skips inline HTML up to the next PHP open tag; returns 0 at the end. */
static int skip_html(php_lexer *L) {
  const unsigned char *q = L->p;
  while ((q = memchr(q, '<', (size_t)(L->end - q))) != NULL) {
    if (L->end - q >= 2 && q[1] == '?') {
      q += 2;
      if (L->end - q >= 3 && strncasecmp((const char *)q, "php", 3) == 0) q += 3;
      else if (q < L->end && *q == '=') q++;
      count_lines(L, L->p, q);
      L->p = q;
      return 1;
    }
    q++;
  }
  count_lines(L, L->p, L->end);
  L->p = L->end;
  return 0;
}

static void put_byte(arena *a, unsigned char c) { lang_arena_append(a, &c, 1); }

/* Decodes the body of a double-quoted or heredoc string into L->tmp;
 * returns 1 if it interpolates a variable. */
static int decode_dq(php_lexer *L, const unsigned char *a, const unsigned char *b) {
  int interp = 0;
  L->tmp.len = 0;
  lang_arena_put(&L->tmp, "", 0);
  for (const unsigned char *q = a; q < b; q++) {
    if (*q == '$' && q + 1 < b && (lang_lex_ident_start(q[1]) || q[1] == '{')) interp = 1;
    if (*q == '{' && q + 1 < b && q[1] == '$') interp = 1;
    if (*q != '\\' || q + 1 >= b) {
      put_byte(&L->tmp, *q);
      continue;
    }
    unsigned char c = *++q;
    switch (c) {
    case 'n': put_byte(&L->tmp, '\n'); break;
    case 't': put_byte(&L->tmp, '\t'); break;
    case 'r': put_byte(&L->tmp, '\r'); break;
    case 'v': put_byte(&L->tmp, '\v'); break;
    case 'f': put_byte(&L->tmp, '\f'); break;
    case 'e': put_byte(&L->tmp, 27); break;
    case '\\': case '$': case '"': put_byte(&L->tmp, c); break;
    case 'x':
      if (q + 1 < b && isxdigit(q[1])) {
        unsigned v = lang_lex_hexval(*++q);
        if (q + 1 < b && isxdigit(q[1])) v = v * 16 + lang_lex_hexval(*++q);
        put_byte(&L->tmp, (unsigned char)v);
      } else {
        put_byte(&L->tmp, '\\'), put_byte(&L->tmp, c);
      }
      break;
    case 'u':
      if (q + 2 < b && q[1] == '{') {
        uint32_t cp = 0;
        const unsigned char *r = q + 2;
        for (; r < b && isxdigit(*r) && cp < 0x110000; r++) cp = cp * 16 + lang_lex_hexval(*r);
        if (r < b && *r == '}') {
          lang_arena_append_cp(&L->tmp, cp);
          q = r;
          break;
        }
      }
      put_byte(&L->tmp, '\\'), put_byte(&L->tmp, c);
      break;
    default:
      if (c >= '0' && c <= '7') {
        unsigned v = (unsigned)(c - '0');
        for (int i = 0; i < 2 && q + 1 < b && q[1] >= '0' && q[1] <= '7'; i++) v = v * 8 + (unsigned)(*++q - '0');
        put_byte(&L->tmp, (unsigned char)v);
      } else {
        put_byte(&L->tmp, '\\'), put_byte(&L->tmp, c);
      }
    }
  }
  return interp;
}

static void emit_string(php_lexer *L, const unsigned char *a, const unsigned char *b, int dq,
                        const unsigned char *from, const unsigned char *to, tok_kind kind) {
  int interp;
  if (dq) {
    interp = decode_dq(L, a, b);
  } else { /* single quotes: only \\ and \' */
    L->tmp.len = 0;
    lang_arena_put(&L->tmp, "", 0);
    for (const unsigned char *q = a; q < b; q++) {
      if (*q == '\\' && q + 1 < b && (q[1] == '\\' || q[1] == '\'')) q++;
      put_byte(&L->tmp, *q);
    }
    interp = 0;
  }
  size_t n = L->tmp.len - 1;
  if (interp) lang_lex_emit_flags(L->s, kind, TF_INTERP, a, (size_t)(b - a), L->line, off(L, from), off(L, to));
  else lang_lex_emit(L->s, kind, L->tmp.buf, n, L->line, off(L, from), off(L, to));
}

/* Quoted literal starting at L->p (the quote); returns its end or NULL. */
static const unsigned char *quoted_end(const unsigned char *q, const unsigned char *end, unsigned char quote) {
  for (q++; q < end; q++) {
    if (*q == '\\' && q + 1 < end) q++;
    else if (*q == quote) return q;
  }
  return NULL;
}

/* <<<ID, <<<"ID", <<<'ID' ... ID */
static int heredoc(php_lexer *L) {
  const unsigned char *q = L->p + 3, *start = L->p;
  while (q < L->end && (*q == ' ' || *q == '\t')) q++;
  int nowdoc = q < L->end && *q == '\'';
  if (q < L->end && (*q == '\'' || *q == '"')) q++;
  const unsigned char *id = q;
  while (q < L->end && lang_lex_ident_char(*q)) q++;
  size_t idn = (size_t)(q - id);
  if (!idn) return 0;
  const unsigned char *body = memchr(q, '\n', (size_t)(L->end - q));
  if (!body) return 0;
  body++;
  /* the closing identifier: at a line start after optional indentation */
  const unsigned char *r = body, *close = NULL, *after = NULL;
  while (r < L->end) {
    const unsigned char *t = r;
    while (t < L->end && (*t == ' ' || *t == '\t')) t++;
    if ((size_t)(L->end - t) >= idn && memcmp(t, id, idn) == 0 &&
        (t + idn == L->end || !lang_lex_ident_char(t[idn]))) {
      close = r;
      after = t + idn;
      break;
    }
    const unsigned char *nl = memchr(r, '\n', (size_t)(L->end - r));
    if (!nl) break;
    r = nl + 1;
  }
  if (!close) close = after = L->end;
  const unsigned char *bend = close > body && close[-1] == '\n' ? close - 1 : close;
  if (bend > body && bend[-1] == '\r') bend--;
  emit_string(L, body, bend, !nowdoc, start, after, TK_STR);
  count_lines(L, start, after);
  L->p = after;
  return 1;
}

/* (int) (bool) ... casts make a value safe; emitted as a name the analyzer knows. */
static int cast(php_lexer *L) {
  static const char *const casts[] = {"int", "integer", "bool", "boolean", "float", "double"};
  const unsigned char *q = L->p + 1;
  while (q < L->end && (*q == ' ' || *q == '\t')) q++;
  const unsigned char *w = q;
  while (q < L->end && isalpha(*q)) q++;
  size_t n = (size_t)(q - w);
  while (q < L->end && (*q == ' ' || *q == '\t')) q++;
  if (q >= L->end || *q != ')') return 0;
  for (size_t i = 0; i < sizeof casts / sizeof casts[0]; i++)
    if (n == strlen(casts[i]) && strncasecmp((const char *)w, casts[i], n) == 0) {
      lang_lex_emit(L->s, TK_IDENT, "(cast)", 6, L->line, off(L, L->p), off(L, q + 1));
      L->p = q + 1;
      return 1;
    }
  return 0;
}

void lang_lex_php(tok_sink *s, const unsigned char *p, size_t n, int raw) {
  php_lexer L = {.s = s, .base = p, .p = p, .end = p + n, .line = 1};
  s->syn = SYN_PHP;
  if (!raw && !skip_html(&L)) goto out;
  while (L.p < L.end) {
    const unsigned char *q = L.p;
    unsigned char c = *q;
    if (c == '\n') { L.line++; L.p++; continue; }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') { L.p++; continue; }
    if (c == '?' && q + 1 < L.end && q[1] == '>') {
      lang_lex_emit(s, TK_END, ";", 1, L.line, off(&L, q), off(&L, q + 2));
      L.p = q + 2;
      if (!skip_html(&L)) break;
      continue;
    }
    if (c == '#' || (c == '/' && q + 1 < L.end && q[1] == '/')) {
      /* a line comment ends at the line end or at ?> */
      while (L.p < L.end && *L.p != '\n' && !(*L.p == '?' && L.p + 1 < L.end && L.p[1] == '>')) L.p++;
      continue;
    }
    if (c == '/' && q + 1 < L.end && q[1] == '*') {
      const unsigned char *e = q + 2;
      while (e + 1 < L.end && !(e[0] == '*' && e[1] == '/')) e++;
      e = e + 1 < L.end ? e + 2 : L.end;
      count_lines(&L, q, e);
      L.p = e;
      continue;
    }
    if (c == '$' && q + 1 < L.end && lang_lex_ident_start(q[1])) {
      const unsigned char *e = q + 1;
      while (e < L.end && lang_lex_ident_char(*e)) e++;
      lang_lex_emit(s, TK_VAR, q, (size_t)(e - q), L.line, off(&L, q), off(&L, e));
      L.p = e;
      continue;
    }
    if (lang_lex_ident_start(c) || (c == '\\' && q + 1 < L.end && lang_lex_ident_start(q[1]))) {
      const unsigned char *e = q + (c == '\\');
      const unsigned char *name = e;
      while (e < L.end && (lang_lex_ident_char(*e) || (*e == '\\' && e + 1 < L.end && lang_lex_ident_start(e[1])))) e++;
      lang_lex_emit_ident(s, name, (size_t)(e - name), L.line, off(&L, q), off(&L, e));
      L.p = e;
      continue;
    }
    if (isdigit(c)) {
      L.p = q + lang_lex_emit_number(s, q, L.end, L.line, off(&L, q));
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      const unsigned char *e = quoted_end(q, L.end, c);
      if (!e) e = L.end;
      emit_string(&L, q + 1, e, c != '\'', q, e < L.end ? e + 1 : e, c == '`' ? TK_BTICK : TK_STR);
      count_lines(&L, q, e);
      L.p = e < L.end ? e + 1 : e;
      continue;
    }
    if (c == '<' && L.end - q >= 3 && q[1] == '<' && q[2] == '<' && heredoc(&L)) continue;
    if (c == '(' && cast(&L)) continue;
    if (c == ';') {
      lang_lex_emit(s, TK_END, ";", 1, L.line, off(&L, q), off(&L, q + 1));
      L.p++;
      continue;
    }
    size_t len = lang_lex_op_len(q, L.end);
    lang_lex_emit(s, TK_OP, q, len, L.line, off(&L, q), off(&L, q + len));
    L.p = q + len;
  }
out:
  lang_arena_free(&L.tmp);
}
