/*
 * php_arrmap.c - array_map() of one of PHP's string functions over a
 * constant array, folded.  Shells spell a name or a payload as a list of
 * character codes or pieces and map a converter over it:
 *
 *   $f = implode('', array_map('chr', array(115, 121, 115, 116, 101, 109)));
 *   $c = implode(array_map('strrev', str_split('tsysme', 2)));
 *
 * The callback must be a literal naming a converter of one value whose
 * result depends on that value alone (chr, ord, strrev, str_rot13, case
 * changes, trim, base64_decode, hex2bin, urldecode); the array must be
 * constant and flat.  The result is the constant array it makes, which the
 * folder joins like any other.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/analyze.h"
#include "util/util.h"

enum { AM_CHR, AM_ORD, AM_REV, AM_ROT13, AM_LOWER, AM_UPPER, AM_TRIM, AM_B64, AM_HEX, AM_URL };

static const struct {
  const char *name;
  int op;
} conv[] = {{"chr", AM_CHR},           {"ord", AM_ORD},       {"strrev", AM_REV},       {"str_rot13", AM_ROT13},
            {"strtolower", AM_LOWER},  {"strtoupper", AM_UPPER}, {"trim", AM_TRIM},     {"base64_decode", AM_B64},
            {"hex2bin", AM_HEX},       {"urldecode", AM_URL}, {"rawurldecode", AM_URL}};

static inline __attribute__((always_inline)) int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* PHP's (int) of a numeric string: leading blanks, a sign, decimal digits. */
static long long int_of(const char *s, size_t n) {
  size_t k = 0;
  while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n')) k++;
  int neg = k < n && s[k] == '-';
  if (k < n && (s[k] == '-' || s[k] == '+')) k++;
  long long v = 0;
  for (; k < n && s[k] >= '0' && s[k] <= '9' && v < 1000000000LL; k++) v = v * 10 + (s[k] - '0');
  return neg ? -v : v;
}

/* One element through the converter op; out has room for n + 24 bytes. */
static long convert(int op, const char *s, size_t n, unsigned char *out) {
  long r;
  switch (op) {
  case AM_CHR: {
    long long v = int_of(s, n) % 256;
    out[0] = (unsigned char)(v < 0 ? v + 256 : v);
    return 1;
  }
  case AM_ORD: return snprintf((char *)out, 24, "%u", n ? (unsigned)(unsigned char)s[0] : 0u);
  case AM_TRIM: {
    size_t a = 0, b = n;
    while (a < b && strchr(" \t\n\r\v", s[a]) && s[a]) a++;
    while (b > a && strchr(" \t\n\r\v", s[b - 1]) && s[b - 1]) b--;
    memcpy(out, s + a, b - a);
    return (long)(b - a);
  }
  case AM_B64: return lang_dec_base64((const unsigned char *)s, n, out, n + 24);
  case AM_HEX: r = lang_dec_hex((const unsigned char *)s, n, out, n + 24); return r;
  case AM_URL: return lang_dec_url((const unsigned char *)s, n, out, n + 24);
  default: break;
  }
  memcpy(out, s, n);
  if (op == AM_REV) lang_dec_rev(out, n);
  else if (op == AM_ROT13) lang_dec_rot13(out, n);
  for (size_t k = 0; k < n; k++) {
    if (op == AM_LOWER && out[k] >= 'A' && out[k] <= 'Z') out[k] = (unsigned char)(out[k] + 32);
    if (op == AM_UPPER && out[k] >= 'a' && out[k] <= 'z') out[k] = (unsigned char)(out[k] - 32);
  }
  return (long)n;
}

int lang_php_fold_array_map(lang_ctx *c, size_t i) {
  if (!is_op(c, i + 1, "(") || !is_op(c, i + 3, ",") || !is_op(c, i + 5, ")")) return 0;
  const token *cb = &c->st[i + 2];
  if (cb->kind != TK_STR || (cb->flags & TF_INTERP)) return 0;
  int op = -1;
  for (size_t k = 0; k < sizeof conv / sizeof conv[0] && op < 0; k++)
    if (strlen(conv[k].name) == cb->len && strncasecmp(conv[k].name, tok_text(c, cb), cb->len) == 0) op = conv[k].op;
  const unsigned char *blob;
  size_t len;
  if (op < 0 || !lang_php_array_of(c, &c->st[i + 4], &blob, &len)) return 0;
  carr_builder b;
  lang_carr_init(&b);
  carr_ent e;
  unsigned char *buf = NULL;
  size_t cap = 0;
  int ok = 1;
  for (size_t pos = 0; ok && !b.failed && (pos = lang_carr_next(blob, len, pos, &e)) != 0;) {
    if (memchr(e.k, '\x1f', e.kn)) { /* a nested array: not a flat list */
      ok = 0;
      break;
    }
    if (e.vn + 24 > cap) {
      cap = e.vn + 24;
      buf = xrealloc(buf, cap);
    }
    long n = convert(op, e.v, e.vn, buf);
    if (n < 0) ok = 0;
    else lang_carr_add(&b, e.k, e.kn, (const char *)buf, (size_t)n);
  }
  free(buf);
  ok = ok && !b.failed;
  if (ok) lang_php_emit_arr(c, i, i + 5, &b);
  lang_carr_free(&b);
  return ok;
}
