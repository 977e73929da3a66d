/*
 * decode.c - the decoders the analyzer applies to constant strings:
 * base64 (lenient, as PHP's base64_decode), rot13, zlib inflate in its raw,
 * zlib and gzip framings, bzip2, hex2bin, urldecode and strrev.  Every call draws
 * on one per-file decode_budget (output bytes and a deadline), so a
 * decompression bomb or a thousand nested layers stop at a bound, which
 * the caller reports.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <bzlib.h>

#include "lang/lang.h"

static const char *const names[DEC_COUNT] = {
    [DEC_NONE] = "", [DEC_BASE64] = "base64_decode", [DEC_ROT13] = "str_rot13",
    [DEC_GZINFLATE] = "gzinflate", [DEC_GZUNCOMPRESS] = "gzuncompress", [DEC_GZDECODE] = "gzdecode",
    [DEC_HEX2BIN] = "hex2bin", [DEC_URLDECODE] = "urldecode", [DEC_STRREV] = "strrev",
    [DEC_CHR] = "chr", [DEC_GETSTRING] = "Encoding.GetString", [DEC_NEWSTRING] = "new String",
    [DEC_FROMCHARCODE] = "String.fromCharCode", [DEC_UNESCAPE] = "unescape", [DEC_XOR] = "XOR",
    [DEC_DECRYPT] = "decrypt", [DEC_FROMBASE64] = "Convert.FromBase64String",
    [DEC_JBASE64] = "Base64.decode", [DEC_STRREPLACE] = "str_replace", [DEC_SUBSTR] = "substr",
    [DEC_STRTR] = "strtr", [DEC_PACK] = "pack", [DEC_UUDECODE] = "convert_uudecode",
    [DEC_ENTITIES] = "html_entity_decode", [DEC_SPRINTF] = "sprintf", [DEC_IMPLODE] = "implode",
    [DEC_ESCAPES] = "string escapes", [DEC_BZDECOMPRESS] = "bzdecompress", [DEC_LOOP] = "decode loop"};

const char *lang_decoder_name(decoder_id id) { return (unsigned)id < DEC_COUNT ? names[id] : ""; }

static int b64val(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

long lang_dec_base64(const unsigned char *in, size_t n, unsigned char *out, size_t cap) {
  uint32_t acc = 0;
  int bits = 0;
  size_t o = 0, valid = 0;
  for (size_t i = 0; i < n; i++) {
    if (in[i] == '=') break;
    int v = b64val(in[i]);
    if (v < 0) continue; /* PHP skips what is not in the alphabet */
    valid++;
    acc = acc << 6 | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (o == cap) return -1;
      out[o++] = (unsigned char)(acc >> bits);
    }
  }
  return valid ? (long)o : -1;
}

long lang_dec_hex(const unsigned char *in, size_t n, unsigned char *out, size_t cap) {
  if (n % 2 || n / 2 > cap) return -1;
  for (size_t i = 0; i < n; i += 2) {
    if (!isxdigit(in[i]) || !isxdigit(in[i + 1])) return -1;
    int hi = isdigit(in[i]) ? in[i] - '0' : tolower(in[i]) - 'a' + 10;
    int lo = isdigit(in[i + 1]) ? in[i + 1] - '0' : tolower(in[i + 1]) - 'a' + 10;
    out[i / 2] = (unsigned char)(hi << 4 | lo);
  }
  return (long)(n / 2);
}

long lang_dec_url(const unsigned char *in, size_t n, unsigned char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (o == cap) return -1;
    if (in[i] == '%' && i + 2 < n + 0 && isxdigit(in[i + 1]) && isxdigit(in[i + 2])) {
      char h[3] = {(char)in[i + 1], (char)in[i + 2], 0};
      out[o++] = (unsigned char)strtoul(h, NULL, 16);
      i += 2;
    } else {
      out[o++] = in[i] == '+' ? ' ' : in[i];
    }
  }
  return (long)o;
}

void lang_dec_rot13(unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = p[i];
    if (c >= 'a' && c <= 'z') p[i] = (unsigned char)('a' + (c - 'a' + 13) % 26);
    else if (c >= 'A' && c <= 'Z') p[i] = (unsigned char)('A' + (c - 'A' + 13) % 26);
  }
}

void lang_dec_rev(unsigned char *p, size_t n) {
  for (size_t i = 0; i < n / 2; i++) {
    unsigned char t = p[i];
    p[i] = p[n - 1 - i];
    p[n - 1 - i] = t;
  }
}

long lang_dec_inflate(const unsigned char *in, size_t n, int wbits, unsigned char *out, size_t cap) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit2(&z, wbits) != Z_OK) return -1;
  z.next_in = (Bytef *)(uintptr_t)in;
  z.avail_in = (uInt)(n > 0xFFFFFFFFu ? 0xFFFFFFFFu : n);
  z.next_out = out;
  z.avail_out = (uInt)(cap > 0xFFFFFFFFu ? 0xFFFFFFFFu : cap);
  int rc = inflate(&z, Z_FINISH);
  long got = (long)z.total_out;
  inflateEnd(&z);
  if (rc == Z_STREAM_END) return got;
  if ((rc == Z_BUF_ERROR || rc == Z_OK) && z.avail_out == 0) return -2;
  return -1;
}

long lang_dec_bunzip(const unsigned char *in, size_t n, unsigned char *out, size_t cap) {
  if (n < 14 || in[0] != 'B' || in[1] != 'Z' || in[2] != 'h') return -1; /* "BZh" and a block header */
  bz_stream z;
  memset(&z, 0, sizeof z);
  if (BZ2_bzDecompressInit(&z, 0, 0) != BZ_OK) return -1;
  z.next_in = (char *)(uintptr_t)in;
  z.avail_in = (unsigned)(n > 0xFFFFFFFFu ? 0xFFFFFFFFu : n);
  z.next_out = (char *)out;
  z.avail_out = (unsigned)(cap > 0xFFFFFFFFu ? 0xFFFFFFFFu : cap);
  int rc;
  do rc = BZ2_bzDecompress(&z); /* returns BZ_OK while it has room and input */
  while (rc == BZ_OK && z.avail_out > 0 && z.avail_in > 0);
  long got = (long)(cap - z.avail_out);
  unsigned left = z.avail_out;
  BZ2_bzDecompressEnd(&z);
  if (rc == BZ_STREAM_END) return got;
  if (rc == BZ_OK && left == 0) return -2;
  return -1;
}

static int over_time(decode_budget *b) {
  if (b->deadline > 0 && lang_now() > b->deadline) {
    b->exhausted = 1;
    b->why = "time limit";
    return 1;
  }
  return 0;
}

uint32_t lang_decode_apply(decoder_id id, const unsigned char *in, size_t n, arena *out, size_t *outlen,
                      decode_budget *b) {
  if (b->exhausted || over_time(b)) return UINT32_MAX;
  int inflating = id == DEC_GZINFLATE || id == DEC_GZUNCOMPRESS || id == DEC_GZDECODE || id == DEC_BZDECOMPRESS;
  /* the largest output each decoder can make (deflate expands at most
   * 1032:1; bzip2's run lengths much more: the budget bounds it), capped
   * by the budget */
  size_t want = id == DEC_BZDECOMPRESS ? SIZE_MAX / 2 : inflating ? n * 1032 + 4096 : n;
  size_t cap = want < b->remaining ? want : b->remaining;
  /* in may live in the arena we write to: growing it would move in */
  size_t in_at = SIZE_MAX;
  if (out->buf && (const char *)in >= out->buf && (const char *)in < out->buf + out->cap)
    in_at = (size_t)((const char *)in - out->buf);
  /* most payloads inflate a few times over: reserve a little first, and
   * the whole allowance only for one that needs it */
  size_t first = inflating && n * 8 + 4096 < cap ? n * 8 + 4096 : cap;
  uint32_t off = lang_arena_put(out, NULL, first);
  if (in_at != SIZE_MAX) in = (const unsigned char *)out->buf + in_at;
  unsigned char *o = (unsigned char *)out->buf + off;
  long r;
  switch (id) {
  case DEC_BASE64:
  case DEC_FROMBASE64:
  case DEC_JBASE64: r = lang_dec_base64(in, n, o, cap); break;
  case DEC_HEX2BIN: r = lang_dec_hex(in, n, o, cap); break;
  case DEC_URLDECODE: r = lang_dec_url(in, n, o, cap); break;
  case DEC_ROT13:
  case DEC_STRREV:
    if (n > cap) { r = -2; break; }
    memcpy(o, in, n);
    if (id == DEC_ROT13) lang_dec_rot13(o, n);
    else lang_dec_rev(o, n);
    r = (long)n;
    break;
  case DEC_GZINFLATE:
  case DEC_GZUNCOMPRESS:
  case DEC_GZDECODE: {
    int wbits = id == DEC_GZINFLATE ? -15 : id == DEC_GZUNCOMPRESS ? 15 : 31;
    r = lang_dec_inflate(in, n, wbits, o, first);
    if (r == -2 && first < cap) { /* grow the reservation in place and start again */
      out->len = off;
      lang_arena_put(out, NULL, cap);
      if (in_at != SIZE_MAX) in = (const unsigned char *)out->buf + in_at;
      o = (unsigned char *)out->buf + off;
      r = lang_dec_inflate(in, n, wbits, o, cap);
    }
    break;
  }
  case DEC_BZDECOMPRESS:
    r = lang_dec_bunzip(in, n, o, first);
    if (r == -2 && first < cap) {
      out->len = off;
      lang_arena_put(out, NULL, cap);
      if (in_at != SIZE_MAX) in = (const unsigned char *)out->buf + in_at;
      o = (unsigned char *)out->buf + off;
      r = lang_dec_bunzip(in, n, o, cap);
    }
    break;
  default: r = -1;
  }
  if (r == -2 || (r == -1 && cap < want && id != DEC_BZDECOMPRESS)) {
    b->exhausted = 1;
    b->why = "decoded-size limit";
  }
  if (r < 0) {
    out->len = off; /* give the space back */
    return UINT32_MAX;
  }
  out->len = off + (size_t)r + 1;
  out->buf[off + (size_t)r] = '\0';
  b->remaining -= (size_t)r;
  *outlen = (size_t)r;
  return off;
}
