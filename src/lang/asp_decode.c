/*
 * asp_decode.c - the page-level encodings classic ASP pages hide behind,
 * undone before the page is lexed:
 *
 *  - Microsoft Script Encoder (VBScript.Encode / JScript.Encode, screnc.exe):
 *    a block "#@~^" LLLLLL "==" data CCCCCC "==" "^#~@" where LLLLLL is the
 *    data's length and CCCCCC a checksum, both as base64 digits.  Each data
 *    byte below 128 is replaced through one of three fixed substitution
 *    tables, chosen by the byte's position modulo 64 from a fixed pattern;
 *    "@&", "@#", "@*", "@!", "@$" stand for \n, \r, >, <, @.  IIS decodes
 *    such a page on the fly, so the code a scanner must read is the decoded
 *    one.
 *  - UTF-7 (<%@ CodePage=65000 %>): "+" starts modified base64 of UTF-16
 *    code units, "-" or any other byte ends it, "+-" is a plus sign.  IIS
 *    reads the page in that code page, so "+AGU-val" is "eval".
 *
 * Both decoders are bounded by their output buffer; a malformed block is
 * decoded as far as it goes and the rest of the page is kept as it is.
 */
#include <string.h>
#include <strings.h>

#include "lang/lang.h"
#include "util/util.h"

/* What each encoded byte 0x20..0x7F decodes to in table 0, 1 and 2 (0:
 * never produced by the encoder); a tab decodes to table[k][TAB]. */
static const char table[3][97] = {
    "20!)[83=X:5e9\\VsfNEkbYx^}Jmq\000`\000S\000B'Hru17MR\"TjGd- \177.L]~loytC&v%$+(#A4\t*D?w;UiacPgQIOFh|6pnz/_KZ,W",
    ".GzVBj/&IA42[vrC89pEhqO\tbD#u\000~\000^\000wJa]\"KoN;LPg*}tT+-,0nkf5%!dMRc?{x)(sY3\177mUS|:_eFX1ilZH'\\=$y7`Q 6",
    "-uR`q^I\\b})6 |z\177kc3+hQfv1dTC\000:\000~\000E,*t'7DyY/o&rj9{?8wgSG4x]0#Z[lHUpi.L!$NP\tVs5aKX;W\"mM%(FJ2A=_OBe"};
static const unsigned char tab_out[3] = {0x7b, 0x57, 0x6e};
/* Which table the byte at position i (mod 64) goes through. */
static const unsigned char pick[64] = {1, 2, 0, 1, 2, 0, 2, 0, 0, 2, 0, 2, 1, 0, 2, 0, 1, 0, 2, 0, 1, 1,
                                       2, 0, 0, 2, 1, 0, 2, 0, 0, 2, 1, 1, 0, 2, 0, 2, 0, 1, 0, 1,
                                       1, 2, 0, 1, 0, 2, 1, 0, 2, 0, 1, 1, 2, 0, 0, 1, 1, 2, 0, 1,
                                       0, 2};

static int b64digit(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/* The 32-bit length the encoder writes as six base64 digits and "==". */
static int block_length(const unsigned char *p, size_t n, uint32_t *len) {
  int d[6];
  if (n < 8 || p[6] != '=' || p[7] != '=') return 0;
  for (int i = 0; i < 6; i++)
    if ((d[i] = b64digit(p[i])) < 0) return 0;
  *len = ((uint32_t)d[0] << 2) + ((uint32_t)d[1] >> 4) + (((uint32_t)d[1] & 0xf) << 12) +
         (((uint32_t)d[2] >> 2) << 8) + (((uint32_t)d[2] & 0x3) << 22) + ((uint32_t)d[3] << 16) +
         (((uint32_t)d[4] << 2) << 24) + (((uint32_t)d[5] >> 4) << 24);
  return 1;
}

/* The bytes of the non-ASCII character at p (p[0] >= 0x80). */
static size_t char_len(const unsigned char *p, const unsigned char *end) {
  size_t avail = (size_t)(end - p), n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 1;
  if (n > 1 && n <= avail) {
    size_t k = 1;
    while (k < n && (p[k] & 0xC0) == 0x80) k++;
    if (k == n) return n; /* well-formed UTF-8 */
  }
  if (p[0] >= 0x81 && p[0] <= 0xFE && avail >= 2 && p[1] >= 0x40 && p[1] <= 0xFE) return 2;
  return 1;
}

long lang_dec_screnc(const unsigned char *in, size_t n, unsigned char *out, size_t cap, size_t *used) {
  uint32_t len;
  *used = 0;
  if (!block_length(in, n, &len)) return -1;
  const unsigned char *p = in + 8, *end = in + n;
  /* the data ends at six checksum digits, "==" and "^#~@"; the length
   * counts characters, not bytes, so the marker is what bounds it */
  const unsigned char *m = memmem(p, (size_t)(end - p), "^#~@", 4);
  const unsigned char *dend = m ? m : end;
  if (m && m - p >= 8 && m[-1] == '=' && m[-2] == '=') dend = m - 8;
  (void)len;
  size_t o = 0, pos = 0;
  while (p < dend && o < cap) {
    unsigned char c = *p++, v;
    if (c >= 0x80) {
      /* a character outside ASCII passes as it is and takes no position:
       * a UTF-8 sequence, or a double-byte (GBK, Big5, Shift-JIS) pair
       * whose trail byte may look like ASCII */
      size_t k = char_len(p - 1, dend);
      out[o++] = c;
      for (size_t j = 1; j < k && o < cap; j++) out[o++] = *p++;
      continue;
    }
    if (c == '@' && p < dend) {
      switch (*p++) {
      case '&': v = '\n'; break;
      case '#': v = '\r'; break;
      case '*': v = '>'; break;
      case '!': v = '<'; break;
      case '$': v = '@'; break;
      default: v = p[-1]; break;
      }
    } else if (c == '\t') {
      v = tab_out[pick[pos % 64]];
    } else if (c >= 0x20) {
      v = (unsigned char)table[pick[pos % 64]][c - 0x20];
      if (!v) v = c;
    } else {
      v = c; /* control bytes pass as they are */
    }
    out[o++] = v;
    pos++;
  }
  p = m ? m + 4 : end;
  *used = (size_t)(p - in);
  return (long)o;
}

long lang_dec_utf7(const unsigned char *in, size_t n, unsigned char *out, size_t cap) {
  arena a = {0};
  lang_arena_put(&a, "", 0);
  for (size_t i = 0; i < n && a.len - 1 < cap;) {
    if (in[i] != '+') {
      lang_arena_append(&a, in + i, 1);
      i++;
      continue;
    }
    i++;
    if (i < n && in[i] == '-') { /* "+-" */
      lang_arena_append(&a, "+", 1);
      i++;
      continue;
    }
    uint32_t acc = 0, high = 0;
    int bits = 0, d;
    for (; i < n && (d = b64digit(in[i])) >= 0; i++) {
      acc = (acc << 6 | (uint32_t)d) & 0xFFFFFF;
      bits += 6;
      if (bits < 16) continue;
      bits -= 16;
      uint32_t u = (acc >> bits) & 0xFFFF;
      if (u >= 0xD800 && u < 0xDC00) {
        high = u;
        continue;
      }
      if (u >= 0xDC00 && u < 0xE000 && high) u = 0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00);
      high = 0;
      lang_arena_append_cp(&a, u);
    }
    if (i < n && in[i] == '-') i++; /* the terminator is absorbed */
  }
  size_t o = a.len - 1 < cap ? a.len - 1 : cap;
  memcpy(out, a.buf, o);
  lang_arena_free(&a);
  return (long)o;
}

/* <%@ CodePage=65000 %> (or Response.CodePage = 65000) or a charset naming
 * UTF-7 near the top of the page: from its first directive on, when
 * something (an image it is appended to) comes before. */
static int declares_utf7(const unsigned char *buf, size_t len) {
  const unsigned char *d = memmem(buf, len, "<%@", 3);
  if (d) len -= (size_t)(d - buf), buf = d;
  size_t head = len < 4096 ? len : 4096;
  for (size_t i = 0; i + 8 <= head; i++) {
    if ((buf[i] | 0x20) != 'c' || strncasecmp((const char *)buf + i, "codepage", 8) != 0) continue;
    size_t k = i + 8;
    while (k < head && (buf[k] == ' ' || buf[k] == '\t' || buf[k] == '=' || buf[k] == '"' || buf[k] == '\''))
      k++;
    if (head - k >= 5 && memcmp(buf + k, "65000", 5) == 0) return 1;
  }
  for (size_t i = 0; i + 5 <= head; i++)
    if ((buf[i] | 0x20) == 'u' && strncasecmp((const char *)buf + i, "utf-7", 5) == 0) return 1;
  return 0;
}

int lang_asp_unpack(const unsigned char *buf, size_t len, unsigned char **out, size_t *outlen) {
  int encoded = memmem(buf, len, "#@~^", 4) != NULL, utf7 = declares_utf7(buf, len);
  if (!encoded && !utf7) return 0;
  size_t cap = len * 2 + 16;
  unsigned char *dst = xmalloc(cap), *tmp = NULL;
  size_t o = 0;
  if (encoded) {
    for (size_t i = 0; i < len;) {
      const unsigned char *m = memmem(buf + i, len - i, "#@~^", 4);
      size_t upto = m ? (size_t)(m - buf) : len;
      memcpy(dst + o, buf + i, upto - i);
      o += upto - i;
      if (!m) break;
      size_t used;
      long r = lang_dec_screnc(m + 4, len - upto - 4, dst + o, cap - o, &used);
      if (r < 0) { /* not a block after all: keep the marker */
        memcpy(dst + o, m, 4);
        o += 4;
        i = upto + 4;
        continue;
      }
      o += (size_t)r;
      i = upto + 4 + used;
    }
  } else {
    memcpy(dst, buf, len);
    o = len;
  }
  if (utf7) {
    tmp = xmalloc(o * 2 + 16);
    long r = lang_dec_utf7(dst, o, tmp, o * 2 + 16);
    free(dst);
    dst = tmp;
    o = r > 0 ? (size_t)r : 0;
  }
  *out = dst;
  *outlen = o;
  return 1;
}
