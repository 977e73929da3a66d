/*
 * lex_util.c - what every lexer shares: the offset arena token text lives
 * in, emitting tokens, identifier and number scanning, and the operator
 * table (longest match first).  Identifiers are lower-cased here, once, so
 * the analyzer compares names with memcmp whatever the language's case
 * rules: VB and PHP function names are case-insensitive, and folding C#
 * and Java names too only makes a few more names equal.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lang/lang.h"
#include "util/util.h"

/* Bit 1: a byte can start a name, bit 2: continue one (letters, '_', every
 * byte from 0x80 as in PHP; digits continue).  A table because the lexers
 * and the prefilter test every byte of every name: one load instead of
 * four comparisons. */
const unsigned char lang_lex_ident_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0,
    0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 3,
    0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

uint32_t lang_arena_grow_put(arena *a, const void *p, size_t n) {
  /* p may point into the arena itself (joining two literals): it moves too */
  uintptr_t cp = (uintptr_t)p, base = (uintptr_t)a->buf;
  int inside = cp && base && cp >= base && cp < base + a->cap;
  size_t cap = a->cap ? a->cap : 4096;
  while (cap < a->len + n + 1) cap *= 2;
  a->buf = xrealloc(a->buf, cap);
  a->cap = cap;
  if (inside) p = a->buf + (cp - base);
  return lang_arena_put(a, p, n);
}

void lang_arena_append(arena *a, const void *p, size_t n) {
  if (a->len) a->len--; /* extend the last run over its NUL */
  lang_arena_put(a, p, n);
}

void lang_arena_append_cp(arena *a, uint32_t cp) {
  unsigned char b[4];
  size_t n;
  if (cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    b[0] = (unsigned char)cp, n = 1;
  } else if (cp < 0x800) {
    b[0] = (unsigned char)(0xC0 | cp >> 6), b[1] = (unsigned char)(0x80 | (cp & 0x3F)), n = 2;
  } else if (cp < 0x10000) {
    b[0] = (unsigned char)(0xE0 | cp >> 12), b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    b[2] = (unsigned char)(0x80 | (cp & 0x3F)), n = 3;
  } else {
    b[0] = (unsigned char)(0xF0 | cp >> 18), b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)), b[3] = (unsigned char)(0x80 | (cp & 0x3F)), n = 4;
  }
  lang_arena_append(a, b, n);
}

void lang_arena_free(arena *a) {
  free(a->buf);
  a->buf = NULL;
  a->len = a->cap = 0;
}

void lang_lex_emit_ident(tok_sink *s, const unsigned char *p, size_t n, uint32_t line, size_t from,
                    size_t to) {
  token t = {.kind = TK_IDENT, .line = line, .len = (uint32_t)n, .src_off = (uint32_t)from,
             .src_end = (uint32_t)to};
  t.off = lang_arena_put(&s->text, p, n);
  /* ASCII letters only, without tolower(): that is a call per byte, and
   * under a single-byte locale setlocale() chose it would fold bytes from
   * 0x80 too, which no language's names do */
  unsigned char *q = (unsigned char *)s->text.buf + t.off;
  lang_lower_ascii(q, q, n);
  s->emit(s, &t);
}


/* Multi-byte operators, longest first; anything else is one byte. */
static const char *const ops[] = {"===", "!==", "<=>", "**=", "...", "<<=", ">>=", "?->", "->", "::",
                                  "=>", "==", "!=", "<>", "<=", ">=", ".=", "+=", "-=", "*=", "/=",
                                  "%=", "&=", "|=", "^=", "&&", "||", "++", "--", "<<", ">>", "??"};
#define NOPS (sizeof ops / sizeof ops[0])
#define OPS_PER_FIRST 6 /* the most entries of ops sharing a first byte ('<' has 5) */

/* Every operator goes through lang_lex_op_len (a third of all tokens), so
 * the table is indexed once: per first byte, the entries starting with it
 * (in table order, so still longest first) and a bit per second byte
 * (mod 64) some entry has there.  Most operators are one byte and fail
 * the bit test; the others compare one to five entries, not the table. */
static uint8_t op_by_first[256][OPS_PER_FIRST]; /* index + 1 into ops, 0 ends */
uint64_t lang_lex_op_second[256]; /* lang.h's inline lang_lex_op_len tests it */

/* Built when the program starts (before any thread), not with a
 * pthread_once per operator. */
__attribute__((constructor)) static void op_index(void) {
  for (size_t i = 0; i < NOPS; i++) {
    unsigned char f = (unsigned char)ops[i][0];
    size_t k = 0;
    while (op_by_first[f][k]) k++;
    if (k + 1 >= OPS_PER_FIRST) abort(); /* OPS_PER_FIRST too small for the table: a programming error */
    op_by_first[f][k] = (uint8_t)(i + 1);
    lang_lex_op_second[f] |= 1ull << ((unsigned char)ops[i][1] & 63);
  }
}

size_t lang_lex_op_len_long(const unsigned char *p, const unsigned char *end) {
  size_t avail = (size_t)(end - p);
  for (const uint8_t *k = op_by_first[p[0]]; *k; k++) {
    const char *op = ops[*k - 1];
    if ((unsigned char)op[1] != p[1]) continue;
    if (!op[2]) return 2; /* every entry is 2 or 3 bytes */
    if (avail >= 3 && (unsigned char)op[2] == p[2]) return 3;
  }
  return 1;
}

static size_t lex_number(const unsigned char *p, const unsigned char *end, int64_t *v) {
  const unsigned char *q = p;
  uint64_t x = 0;
  if (end - q > 2 && q[0] == '0' && (q[1] == 'x' || q[1] == 'X') && isxdigit(q[2])) {
    for (q += 2; q < end && (isxdigit(*q) || *q == '_'); q++)
      if (*q != '_') x = x * 16 + (uint64_t)(isdigit(*q) ? *q - '0' : (tolower(*q) - 'a' + 10));
  } else {
    int octal = q + 1 < end && q[0] == '0' && isdigit(q[1]);
    for (; q < end && (isdigit(*q) || *q == '_'); q++)
      if (*q != '_') x = x * (octal ? 8 : 10) + (uint64_t)(*q - '0');
  }
  /* fraction, exponent and type suffixes belong to the number */
  while (q < end && (isalnum(*q) || *q == '.' || *q == '_')) {
    if (*q == '.' && (q + 1 >= end || !isdigit(q[1]))) break;
    q++;
  }
  *v = (int64_t)(x & 0x7fffffffffffffffull);
  return (size_t)(q - p);
}

size_t lang_lex_emit_number(tok_sink *s, const unsigned char *q, const unsigned char *end, uint32_t line,
                       size_t from) {
  int64_t v;
  size_t len = lex_number(q, end, &v);
  token t = {.kind = TK_NUM, .line = line, .num = v, .src_off = (uint32_t)from,
             .src_end = (uint32_t)(from + len), .len = (uint32_t)len};
  t.off = lang_arena_put(&s->text, q, len);
  s->emit(s, &t);
  return len;
}

unsigned lang_lex_hexval(unsigned char c) {
  return isdigit(c) ? (unsigned)(c - '0') : (unsigned)(tolower(c) - 'a' + 10);
}

int lang_lex_data_after(const unsigned char *q, const unsigned char *end) {
  for (const unsigned char *r = q; r < end && r < q + 32; r++) {
    if (*r < 0x20 && *r != '\t' && *r != '\n' && *r != '\r' && *r != '\f' && *r != '\v') return 1;
    if (*r == '>' && r > q && (r[-1] == '%' || r[-1] == '?')) return 0; /* the block closed: what follows is not in it */
  }
  return 0;
}

size_t lang_lex_curly(const unsigned char *q, const unsigned char *end) {
  if (end - q >= 3 && q[0] == 0xE2 && q[1] == 0x80 && (q[2] == 0x9C || q[2] == 0x9D || q[2] == 0xB3)) return 3;
  if (end - q >= 2 && q[0] == 0xA1 && (q[1] == 0xB0 || q[1] == 0xB1)) return 2;
  return 0;
}

size_t lang_lex_uspace(const unsigned char *q, const unsigned char *end) {
  if (end - q >= 2 && q[0] == 0xC2 && q[1] == 0xA0) return 2;                            /* no-break space */
  if (end - q >= 3 && q[0] == 0xE2 && q[1] == 0x80 && q[2] >= 0x80 && q[2] <= 0x8B) return 3; /* U+2000-200B */
  if (end - q >= 3 && q[0] == 0xE3 && q[1] == 0x80 && q[2] == 0x80) return 3;             /* ideographic space */
  if (end - q >= 3 && q[0] == 0xEF && q[1] == 0xBB && q[2] == 0xBF) return 3;             /* a stray BOM */
  return 0;
}
