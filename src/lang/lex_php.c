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
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "lang/lang.h"

typedef struct {
  tok_sink *s;
  const unsigned char *base, *p, *end;
  uint32_t line;
  int script; /* opened by <script language="php">: closed by </script> */
  arena tmp; /* decoded string values before they are emitted */
} php_lexer;

static size_t off(const php_lexer *L, const unsigned char *q) { return (size_t)(q - L->base); }

static void count_lines(php_lexer *L, const unsigned char *a, const unsigned char *b) {
  while (a < b && (a = memchr(a, '\n', (size_t)(b - a))) != NULL) L->line++, a++;
}

/* The end of a PHP 8 attribute whose text starts at q (after "#["): past the
 * ']' that closes it, brackets nested and quoted strings skipped; NULL when
 * it does not close within 4 KiB or meets "?>" (then it is a comment). */
static const unsigned char *attribute_end(const unsigned char *q, const unsigned char *end) {
  int depth = 1;
  if (end - q > 4096) end = q + 4096;
  while (q < end) {
    unsigned char ch = *q++;
    if (ch == '[') depth++;
    else if (ch == ']' && --depth == 0) return q;
    else if (ch == '?' && q < end && *q == '>') return NULL;
    else if (ch == '\'' || ch == '"') {
      while (q < end && *q != ch) q += *q == '\\' ? 2 : 1;
      if (q >= end) return NULL;
      q++;
    }
  }
  return NULL;
}

/* <script language="php"> (PHP 5's long open tag; PHP 5 took spaces around
 * the '=' and no quotes): the length of the tag at q, or 0. */
static size_t script_tag(const unsigned char *q, const unsigned char *end) {
  if (end - q < 20 || strncasecmp((const char *)q, "<script", 7) != 0) return 0;
  const unsigned char *gt = memchr(q, '>', (size_t)(end - q) < 80 ? (size_t)(end - q) : 80);
  if (!gt) return 0;
  for (const unsigned char *r = q + 7; r + 8 <= gt; r++) {
    if (strncasecmp((const char *)r, "language", 8) != 0) continue;
    r += 8;
    while (r < gt && (*r == ' ' || *r == '\t')) r++;
    if (r == gt || *r++ != '=') return 0;
    while (r < gt && (*r == ' ' || *r == '\t' || *r == '"' || *r == '\'')) r++;
    return gt - r >= 3 && strncasecmp((const char *)r, "php", 3) == 0 ? (size_t)(gt + 1 - q) : 0;
  }
  return 0;
}

/* A short open tag "<?" that opens no code: an XML declaration, or the
 * two bytes inside binary data (an image a shell is appended to), where a
 * stray quote after them would swallow the real code that follows. */
static int short_tag_is_data(const unsigned char *q, const unsigned char *end) {
  if (end - q >= 4 && strncasecmp((const char *)q, "xml", 3) == 0 && (q[3] == ' ' || q[3] == '?')) return 1;
  return lang_lex_data_after(q, end);
}

/* Does the "<?" at q open code: <?php, <?= or a short tag that is not data? */
static int opens_code(const unsigned char *q, const unsigned char *end) {
  q += 2;
  if (end - q >= 3 && strncasecmp((const char *)q, "php", 3) == 0) return 1;
  return (q < end && *q == '=') || !short_tag_is_data(q, end);
}

size_t lang_php_code_start(const unsigned char *buf, size_t len) {
  const unsigned char *q = buf, *end = buf + len;
  for (; (q = memchr(q, '<', (size_t)(end - q))) != NULL; q++)
    if (end - q >= 2 && ((q[1] == '?' && opens_code(q, end)) || ((q[1] | 0x20) == 's' && script_tag(q, end))))
      return (size_t)(q - buf);
  return len;
}

/* Skips inline HTML up to the next PHP open tag; returns 0 at the end. */
static int skip_html(php_lexer *L) {
  const unsigned char *q = L->p;
  while ((q = memchr(q, '<', (size_t)(L->end - q))) != NULL) {
    size_t st;
    if (L->end - q >= 2 && q[1] == '?') {
      if (!opens_code(q, L->end)) {
        q += 2;
        continue;
      }
      q += 2;
      if (L->end - q >= 3 && strncasecmp((const char *)q, "php", 3) == 0) q += 3;
      else if (q < L->end && *q == '=') q++;
      count_lines(L, L->p, q);
      L->p = q;
      L->script = 0;
      return 1;
    }
    if (L->end - q >= 2 && (q[1] | 0x20) == 's' && (st = script_tag(q, L->end)) != 0) {
      q += st;
      count_lines(L, L->p, q);
      L->p = q;
      L->script = 1;
      return 1;
    }
    q++;
  }
  count_lines(L, L->p, L->end);
  L->p = L->end;
  return 0;
}

static size_t utf8(unsigned char *o, uint32_t cp) {
  if (cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) return o[0] = (unsigned char)cp, 1;
  if (cp < 0x800) return o[0] = (unsigned char)(0xC0 | cp >> 6), o[1] = (unsigned char)(0x80 | (cp & 0x3F)), 2;
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | cp >> 12), o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | cp >> 18), o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
  o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)), o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Room for n decoded bytes in L->tmp (a value is never longer than its
 * source); returns where to write. */
static unsigned char *tmp_reserve(php_lexer *L, size_t n) {
  L->tmp.len = 0;
  lang_arena_put(&L->tmp, NULL, n + 4);
  return (unsigned char *)L->tmp.buf;
}

static void tmp_done(php_lexer *L, size_t o) {
  L->tmp.buf[o] = '\0';
  L->tmp.len = o + 1;
}

/* Decodes the body of a double-quoted or heredoc string a..b into out
 * (room for b - a bytes) and returns its length; *interp is set if it
 * interpolates a variable.  *escapes counts the \x and octal escapes (a
 * literal written in them hides what it says). */
/* Blanks and line ends, the bytes most tokens start with: one load, not six compares. */
static const unsigned char blank[256] = {['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1};

/* Names and runs of blanks are most of the bytes the lexer reads: with SSE2
 * (every x86-64) their end is found 16 bytes at a time, not a byte per turn
 * of a loop whose exit, at a length no branch predictor knows, cost more
 * than the loop.  Both give what the byte loops give (those read the last
 * 15 bytes of the buffer, and every byte without SSE2). */

/* The first byte from e on that does not continue a name, or end. */
static inline const unsigned char *ident_end(const unsigned char *e, const unsigned char *end) {
#if defined(__SSE2__)
  for (; end - e >= 16; e += 16) {
    unsigned m = ~lang_ident_mask16(e) & 0xffffu;
    if (m) return e + __builtin_ctz(m);
  }
#endif
  while (e < end && lang_lex_ident_char(*e)) e++;
  return e;
}

/* The first byte from e on that is not a blank or a line end, or end; *lines counts the line ends passed. */
static inline const unsigned char *blanks_end(const unsigned char *e, const unsigned char *end, uint32_t *lines) {
#if defined(__SSE2__)
  for (; end - e >= 16; e += 16) {
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)e);
    /* '\t' '\n' '\v' '\f' '\r' are 9 to 13 */
    const __m128i ctl = _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8((char)('\t' + 128))), _mm_set1_epi8((char)(5 - 128)));
    unsigned nonblank = ~(unsigned)_mm_movemask_epi8(_mm_or_si128(ctl, _mm_cmpeq_epi8(v, _mm_set1_epi8(' ')))) & 0xffffu;
    unsigned nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
    if (nonblank) nl &= (nonblank & -nonblank) - 1u; /* the line ends before the first other byte */
    for (; nl; nl &= nl - 1) ++*lines; /* a run has few */
    if (nonblank) return e + __builtin_ctz(nonblank);
  }
#endif
  for (; e < end; e++) {
    if (*e == '\n') ++*lines;
    else if (!(*e == ' ' || *e == '\t' || *e == '\r' || *e == '\f' || *e == '\v')) break;
  }
  return e;
}

/* 1 if one of the eight bytes at p is a backslash, '$' or '{' (SWAR: a
 * byte of w ^ c is zero where w has c). */
static inline int dq_special8(const unsigned char *p) {
  const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  uint64_t w, x, y, z;
  memcpy(&w, p, 8);
  x = w ^ (ones * '\\'), y = w ^ (ones * '$'), z = w ^ (ones * '{');
  return (((x - ones) & ~x) | ((y - ones) & ~y) | ((z - ones) & ~z)) & high ? 1 : 0;
}

size_t lang_php_unescape(const unsigned char *a, const unsigned char *b, unsigned char *out, int *interp,
                         size_t *escapes) {
  size_t o = 0;
  *interp = 0;
  *escapes = 0;
  for (const unsigned char *q = a; q < b; q++) {
    if (*q != '\\' && *q != '$' && *q != '{') { /* most bytes: a run of them copied whole */
      const unsigned char *r = q + 1;
      while (b - r >= 8 && !dq_special8(r)) r += 8;
      while (r < b && *r != '\\' && *r != '$' && *r != '{') r++;
      memcpy(out + o, q, (size_t)(r - q));
      o += (size_t)(r - q);
      q = r - 1;
      continue;
    }
    if (*q == '$' && q + 1 < b && (lang_lex_ident_start(q[1]) || q[1] == '{')) *interp = 1;
    if (*q == '{' && q + 1 < b && q[1] == '$') *interp = 1;
    if (*q != '\\' || q + 1 >= b) {
      out[o++] = *q;
      continue;
    }
    unsigned char c = *++q;
    switch (c) {
    case 'n': out[o++] = '\n'; break;
    case 't': out[o++] = '\t'; break;
    case 'r': out[o++] = '\r'; break;
    case 'v': out[o++] = '\v'; break;
    case 'f': out[o++] = '\f'; break;
    case 'e': out[o++] = 27; break;
    case '\\': case '$': case '"': out[o++] = c; break; /* "\$x" is text, not a variable */
    case 'x':
      if (q + 1 < b && isxdigit(q[1])) {
        unsigned v = lang_lex_hexval(*++q);
        if (q + 1 < b && isxdigit(q[1])) v = v * 16 + lang_lex_hexval(*++q);
        out[o++] = (unsigned char)v;
        ++*escapes;
      } else {
        out[o++] = '\\', out[o++] = c;
      }
      break;
    case 'u':
      if (q + 2 < b && q[1] == '{') {
        uint32_t cp = 0;
        const unsigned char *r = q + 2;
        for (; r < b && isxdigit(*r) && cp < 0x110000; r++) cp = cp * 16 + lang_lex_hexval(*r);
        if (r < b && *r == '}' && (size_t)(r - q) + 1 >= 4) { /* \u{} of 4+ source bytes: room for UTF-8 */
          o += utf8(out + o, cp);
          q = r;
          break;
        }
      }
      out[o++] = '\\', out[o++] = c;
      break;
    default:
      if (c >= '0' && c <= '7') {
        unsigned v = (unsigned)(c - '0');
        for (int i = 0; i < 2 && q + 1 < b && q[1] >= '0' && q[1] <= '7'; i++) v = v * 8 + (unsigned)(*++q - '0');
        out[o++] = (unsigned char)v;
        ++*escapes;
      } else {
        out[o++] = '\\', out[o++] = c;
      }
    }
  }
  return o;
}

static int decode_dq(php_lexer *L, const unsigned char *a, const unsigned char *b, size_t *escapes) {
  int interp;
  unsigned char *out = tmp_reserve(L, (size_t)(b - a));
  tmp_done(L, lang_php_unescape(a, b, out, &interp, escapes));
  return interp;
}

static void emit_string(php_lexer *L, const unsigned char *a, const unsigned char *b, int dq,
                        const unsigned char *from, const unsigned char *to, tok_kind kind) {
  int interp;
  size_t escapes = 0;
  if (dq) {
    interp = decode_dq(L, a, b, &escapes);
  } else { /* single quotes: only \\ and \' */
    unsigned char *out = tmp_reserve(L, (size_t)(b - a));
    size_t o = 0;
    /* runs without a backslash copied whole (most literals are one run) */
    for (const unsigned char *q = a; q < b;) {
      const unsigned char *bs = memchr(q, '\\', (size_t)(b - q)), *stop = bs ? bs : b;
      memcpy(out + o, q, (size_t)(stop - q));
      o += (size_t)(stop - q);
      if (!bs) break;
      q = bs;
      if (q + 1 < b && (q[1] == '\\' || q[1] == '\'')) q++;
      out[o++] = *q++;
    }
    tmp_done(L, o);
    interp = 0;
  }
  size_t n = L->tmp.len - 1;
  if (interp) {
    lang_lex_emit_flags(L->s, kind, TF_INTERP, a, (size_t)(b - a), L->line, off(L, from), off(L, to));
    return;
  }
  token t = {.kind = (uint8_t)kind, .line = L->line, .len = (uint32_t)n, .src_off = (uint32_t)off(L, from),
             .src_end = (uint32_t)off(L, to)};
  t.off = lang_arena_put(&L->s->text, L->tmp.buf, n);
  /* "\x65\166al": a literal written mostly in escapes hides what it says */
  if (escapes >= 6 && escapes * 2 >= n) t.nchain = 1, t.chain[0] = DEC_ESCAPES;
  L->s->emit(L->s, &t);
}

/* Quoted literal starting at q (the quote); returns its closing quote or
 * NULL.  From quote to quote with memchr: a quote is escaped when an odd
 * run of backslashes (after the opening quote) stands before it, which is
 * what reading \x pairs from the left gives.  Inlined: it runs for every
 * string of every file, and nested_quote_end's call must not cost them one. */
static inline __attribute__((always_inline)) const unsigned char *quoted_end(const unsigned char *q, const unsigned char *end, unsigned char quote) {
  for (const unsigned char *p = q + 1; p < end && (p = memchr(p, quote, (size_t)(end - p))) != NULL; p++) {
    size_t run = 0;
    while (p - run - 1 > q && p[-1 - (ptrdiff_t)run] == '\\') run++;
    if (!(run & 1)) return p;
  }
  return NULL;
}

/* "eval(base64_decode("c2V0...="));": a copy that quoted a payload inside a
 * string of the same quote.  PHP cannot parse it (a closing quote followed
 * straight by a word), so no working file reads differently: when the quote
 * at e is followed directly by a long base64 run and then the same quote,
 * the inner pair belongs to the string, whose end is the next quote after.
 * Out of line: it runs only when a word touches a closing quote. */
static __attribute__((noinline)) const unsigned char *nested_quote_end(const unsigned char *e,
                                                                        const unsigned char *end, unsigned char quote) {
  enum { MIN_RUN = 64 }; /* a payload, not "x"or / "a"and, which PHP allows */
  for (int nest = 0; nest < 4 && e && e + 1 < end; nest++) {
    const unsigned char *r = e + 1;
    while (r < end && (lang_lex_ident_char(*r) || *r == '+' || *r == '/' || *r == '=') && *r < 0x80) r++;
    if (r - (e + 1) < MIN_RUN || r >= end || *r != quote) break;
    const unsigned char *next = quoted_end(r, end, quote);
    if (!next) break;
    e = next;
  }
  return e;
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

/* Punctuation a word processor, a blog or an IME put in pasted code, at q: a
 * string between curly quotes (U+201C, U+201D, U+2033), which ends at the
 * next such quote or a straight one (a quote followed by ; ) , . or with
 * neither after it on its line is an empty string of its own, not the start
 * of one that swallows the line), and a full-width semicolon.  Emits it and returns the bytes it takes, 0 if q holds neither.
 * Out of line: the lexer's loop stays as tight as it was for the bytes of
 * real code. */
static __attribute__((noinline)) size_t pasted_punct(php_lexer *L, const unsigned char *q) {
  if (lang_lex_curly(q, L->end) == 3) {
    const unsigned char *e = q + 3;
    while (e < L->end && *e != '\n' && *e != '"' && !(*e == 0xE2 && lang_lex_curly(e, L->end) == 3)) e++;
    size_t close = e >= L->end || *e == '\n' ? 0 : *e == '"' ? 1 : 3;
    if (!close || (q + 3 < L->end && strchr(";),.", q[3]))) e = q + 3, close = 0; /* '' pasted as one quote: $f = ”; */
    emit_string(L, q + 3, e, 0, q, e + close, TK_STR);
    return (size_t)(e + close - q);
  }
  if (L->end - q >= 3 && q[0] == 0xEF && q[1] == 0xBC && q[2] == 0x9B) {
    lang_lex_emit(L->s, TK_END, ";", 1, L->line, off(L, q), off(L, q + 3));
    return 3;
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
    if (blank[c]) {
      /* a run of blanks and line ends (indentation) in one tight loop, not
       * one trip each through the tests below */
      L.p = blanks_end(q, L.end, &L.line);
      continue;
    }
    /* Unicode spaces pasted from a web page (U+00A0, U+2000-U+200B, U+3000, a BOM): blanks */
    if (c >= 0xC2 && c <= 0xEF) {
      if (c == 0xC2 && q + 1 < L.end && q[1] == 0xA0) { L.p += 2; continue; }
      if (q + 2 < L.end && ((c == 0xE2 && q[1] == 0x80 && q[2] <= 0x8B) || (c == 0xE3 && q[1] == 0x80 && q[2] == 0x80) ||
                            (c == 0xEF && q[1] == 0xBB && q[2] == 0xBF))) {
        L.p += 3;
        continue;
      }
      size_t used;
      if ((c == 0xE2 || c == 0xEF) && (used = pasted_punct(&L, q)) != 0) {
        L.p = q + used;
        continue;
      }
    }
    if (c == '<' && L.script && L.end - q >= 9 && strncasecmp((const char *)q, "</script", 8) == 0) {
      const unsigned char *gt = memchr(q, '>', (size_t)(L.end - q));
      lang_lex_emit(s, TK_END, ";", 1, L.line, off(&L, q), off(&L, q + 8));
      L.p = gt ? gt + 1 : L.end;
      if (!skip_html(&L)) break;
      continue;
    }
    if (c == '?' && q + 1 < L.end && q[1] == '>') {
      lang_lex_emit(s, TK_END, ";", 1, L.line, off(&L, q), off(&L, q + 2));
      L.p = q + 2;
      if (!skip_html(&L)) break;
      continue;
    }
    if (c == '#' || (c == '/' && q + 1 < L.end && q[1] == '/')) {
      const unsigned char *e;
      if (c == '#' && q + 1 < L.end && q[1] == '[' && (e = attribute_end(q + 2, L.end)) != NULL) {
        /* PHP 8 attribute #[A(...)]: skipped to its ']', so code after it on the line is read
         * (a PHP 7 comment to the line end, but PHP 8 runs the rest of the line) */
        count_lines(&L, q, e);
        L.p = e;
        continue;
      }
      /* a line comment ends at the line end or at ?> (memchr to each, not a loop over every byte) */
      const unsigned char *nl = memchr(q, '\n', (size_t)(L.end - q)), *stop = nl ? nl : L.end, *r = q;
      while ((r = memchr(r, '?', (size_t)(stop - r))) != NULL && !(r + 1 < L.end && r[1] == '>')) r++;
      L.p = r ? r : stop;
      continue;
    }
    if (c == '/' && q + 1 < L.end && q[1] == '*') {
      /* the first star followed by a slash, from star to star with memchr (comments are a good part of library code) */
      const unsigned char *e = q + 2, *close = NULL;
      while (e < L.end && (e = memchr(e, '*', (size_t)(L.end - e))) != NULL) {
        if (e + 1 < L.end && e[1] == '/') {
          close = e + 2;
          break;
        }
        e++;
      }
      e = close ? close : L.end;
      count_lines(&L, q, e);
      L.p = e;
      continue;
    }
    if (c == '$' && q + 1 < L.end && lang_lex_ident_start(q[1])) {
      const unsigned char *e = ident_end(q + 1, L.end);
      lang_lex_emit(s, TK_VAR, q, (size_t)(e - q), L.line, off(&L, q), off(&L, e));
      L.p = e;
      continue;
    }
    if (lang_lex_ident_start(c) || (c == '\\' && q + 1 < L.end && lang_lex_ident_start(q[1]))) {
      const unsigned char *e = q + (c == '\\');
      const unsigned char *name = e;
      for (;;) { /* a name, and namespace\name: a backslash followed by a name continues it */
        e = ident_end(e, L.end);
        if (!(e < L.end && *e == '\\' && e + 1 < L.end && lang_lex_ident_start(e[1]))) break;
        e++;
      }
      lang_lex_emit_ident(s, name, (size_t)(e - name), L.line, off(&L, q), off(&L, e));
      L.p = e;
      continue;
    }
    if ((unsigned)(c - '0') < 10u) { /* isdigit() without its call: C fixes the digits in every locale */
      L.p = q + lang_lex_emit_number(s, q, L.end, L.line, off(&L, q));
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      const unsigned char *e = quoted_end(q, L.end, c);
      if (__builtin_expect(e && e + 1 < L.end && lang_lex_ident_char(e[1]), 0) && c != '`')
        e = nested_quote_end(e, L.end, c);
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
    if (c == '@') { /* it only silences errors: @$f(@$d('...')) is the call it silences */
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
