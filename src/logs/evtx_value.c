/*
 * evtx_value.c - the values of an EVTX record as text, the way Windows
 * renders them in an event's XML (the spec's "Value types"): integers in
 * decimal, HexInt32/HexInt64/SizeT as 0x.., GUIDs upper-case in braces,
 * SIDs as S-R-A-S..., times as ISO 8601 UTC, binary as upper-case hex.
 * Arrays (type | 0x80) become their items, NUL-separated.  Also the
 * UTF-16 decoding every string of the format goes through.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logs/evtx_priv.h"
#include "logs/logs.h"

static void add_utf8(strbuf *out, uint32_t cp) {
  char b[4];
  size_t n;
  if (cp < 0x80) b[0] = (char)cp, n = 1;
  else if (cp < 0x800) b[0] = (char)(0xC0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
  else if (cp < 0x10000)
    b[0] = (char)(0xE0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3F)), b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
  else
    b[0] = (char)(0xF0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 0x3F)), b[2] = (char)(0x80 | (cp >> 6 & 0x3F)),
    b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
  sb_add(out, b, n);
}

void logs_evtx_utf16(strbuf *out, const uint8_t *p, size_t n, int stop_at_nul) {
  sb_grow(out, n + 1);
  for (size_t i = 0; i < n; i++) {
    uint32_t u = evtx_u16(p + 2 * i);
    if (u < 0x80) {
      if (!u && stop_at_nul) break;
      /* the common case, without a call per character */
      if (out->len + 1 >= out->cap) sb_grow(out, 1);
      out->data[out->len++] = (char)u;
      continue;
    }
    if (u >= 0xD800 && u < 0xDC00 && i + 1 < n) {
      uint32_t lo = evtx_u16(p + 2 * (i + 1));
      if (lo >= 0xDC00 && lo < 0xE000) {
        add_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        i++;
        continue;
      }
    }
    add_utf8(out, u >= 0xD800 && u < 0xE000 ? 0xFFFD : u);
  }
  out->data[out->len] = '\0';
}

/* An 8-bit code-page string: kept when it is valid UTF-8, else each byte
 * read as Latin-1 (the code page is not in the file). */
static void add_ansi(strbuf *out, const uint8_t *p, size_t n) {
  const uint8_t *z = memchr(p, 0, n);
  if (z) n = (size_t)(z - p);
  int ascii = 1;
  for (size_t i = 0; i < n && ascii; i++) ascii = p[i] < 0x80;
  if (ascii) {
    sb_add(out, p, n);
    return;
  }
  for (size_t i = 0; i < n; i++) add_utf8(out, p[i]);
}

static void add_hex(strbuf *out, const uint8_t *p, size_t n) {
  static const char hx[] = "0123456789ABCDEF";
  sb_grow(out, 2 * n);
  for (size_t i = 0; i < n; i++) {
    out->data[out->len++] = hx[p[i] >> 4];
    out->data[out->len++] = hx[p[i] & 15];
  }
  out->data[out->len] = '\0';
}

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Writes v as n decimal digits (zero-padded) at p. */
static void digits(char *p, uint64_t v, int n) {
  for (int i = n - 1; i >= 0; i--, v /= 10) p[i] = (char)('0' + v % 10);
}

/* FILETIME (100 ns since 1601-01-01) as 2021-03-03T02:14:05.1234567Z
 * (by hand: one per record, and printf was a tenth of the dump's time). */
static void add_filetime(strbuf *out, uint64_t ft) {
  uint64_t secs = ft / 10000000u;
  unsigned frac = (unsigned)(ft % 10000000u);
  int64_t days = (int64_t)(secs / 86400) - 134774; /* 1601-01-01 to 1970-01-01 */
  unsigned sod = (unsigned)(secs % 86400);
  int64_t y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  char b[32];
  int yl = y > 9999 ? 5 : 4;
  digits(b, (uint64_t)y, yl);
  char *q = b + yl;
  *q++ = '-', digits(q, m, 2), q += 2, *q++ = '-', digits(q, d, 2), q += 2, *q++ = 'T';
  digits(q, sod / 3600, 2), q += 2, *q++ = ':', digits(q, sod / 60 % 60, 2), q += 2, *q++ = ':';
  digits(q, sod % 60, 2), q += 2, *q++ = '.', digits(q, frac, 7), q += 7, *q++ = 'Z';
  sb_add(out, b, (size_t)(q - b));
}

/* The shortest decimal text that reads back as the same number; the
 * spec's 1.#INF / -1.#INF / -1.#IND for what has none. */
static void add_real(strbuf *out, double v, int is_float) {
  if (isnan(v)) { sb_adds(out, "-1.#IND"); return; }
  if (isinf(v)) { sb_adds(out, v < 0 ? "-1.#INF" : "1.#INF"); return; }
  char b[40];
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(b, sizeof b, "%.*g", prec, v);
    if (is_float ? strtof(b, NULL) == (float)v : strtod(b, NULL) == v) break;
  }
  sb_adds(out, b);
}

/* A SID at p: revision, sub-authority count, 48-bit big-endian authority,
 * 32-bit little-endian sub-authorities.  Returns its size, 0 if it does
 * not fit in n bytes. */
static size_t add_sid(strbuf *out, const uint8_t *p, size_t n) {
  if (n < 8 || n < 8 + 4 * (size_t)p[1]) return 0;
  uint64_t auth = 0;
  for (int i = 2; i < 8; i++) auth = auth << 8 | p[i];
  if (auth >> 32) sb_addf(out, "S-%u-0x%012" PRIX64, p[0], auth);
  else sb_addf(out, "S-%u-%" PRIu64, p[0], auth);
  for (unsigned i = 0; i < p[1]; i++) sb_addf(out, "-%" PRIu32, evtx_u32(p + 8 + 4 * i));
  return 8 + 4 * (size_t)p[1];
}

static void add_guid(strbuf *out, const uint8_t *p) {
  sb_addf(out, "{%08" PRIX32 "-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", evtx_u32(p), evtx_u16(p + 4),
          evtx_u16(p + 6), p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);
}

static void add_systime(strbuf *out, const uint8_t *p) {
  sb_addf(out, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", evtx_u16(p), evtx_u16(p + 2), evtx_u16(p + 6),
          evtx_u16(p + 8), evtx_u16(p + 10), evtx_u16(p + 12), evtx_u16(p + 14));
}

/* Bytes of one item of a fixed-size type, 0 for variable-size ones. */
static size_t item_size(unsigned t) {
  switch (t) {
  case LOGS_EVTX_INT8: case LOGS_EVTX_UINT8: return 1;
  case LOGS_EVTX_INT16: case LOGS_EVTX_UINT16: return 2;
  case LOGS_EVTX_INT32: case LOGS_EVTX_UINT32: case LOGS_EVTX_REAL32: case LOGS_EVTX_BOOL: case LOGS_EVTX_HEX32:
    return 4;
  case LOGS_EVTX_INT64: case LOGS_EVTX_UINT64: case LOGS_EVTX_REAL64: case LOGS_EVTX_FILETIME: case LOGS_EVTX_HEX64:
    return 8;
  case LOGS_EVTX_GUID: case LOGS_EVTX_SYSTIME: return 16;
  default: return 0;
  }
}

/* Appends v in decimal (negative when neg) or, with hex, as 0x.. in
 * lower case: the values of most records, so without printf. */
static void add_u64(strbuf *out, uint64_t v, int neg, int hex) {
  char b[24], *q = b + sizeof b;
  do {
    *--q = hex ? "0123456789abcdef"[v & 15] : (char)('0' + v % 10);
    v = hex ? v >> 4 : v / 10;
  } while (v);
  if (hex) *--q = 'x', *--q = '0';
  if (neg) *--q = '-';
  sb_add(out, q, (size_t)(b + sizeof b - q));
}

static void add_i64(strbuf *out, int64_t v) {
  add_u64(out, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0, 0);
}

/* One item of a fixed-size type t (k = item_size(t) bytes at p). */
static void add_fixed(strbuf *out, unsigned t, const uint8_t *p, size_t k) {
  switch (t) {
  case LOGS_EVTX_INT8: add_i64(out, (int8_t)p[0]); return;
  case LOGS_EVTX_UINT8: add_u64(out, p[0], 0, 0); return;
  case LOGS_EVTX_INT16: add_i64(out, (int16_t)evtx_u16(p)); return;
  case LOGS_EVTX_UINT16: add_u64(out, evtx_u16(p), 0, 0); return;
  case LOGS_EVTX_INT32: add_i64(out, (int32_t)evtx_u32(p)); return;
  case LOGS_EVTX_UINT32: add_u64(out, evtx_u32(p), 0, 0); return;
  case LOGS_EVTX_INT64: add_i64(out, (int64_t)evtx_u64(p)); return;
  case LOGS_EVTX_UINT64: add_u64(out, evtx_u64(p), 0, 0); return;
  case LOGS_EVTX_HEX32: add_u64(out, evtx_u32(p), 0, 1); return;
  case LOGS_EVTX_HEX64: add_u64(out, evtx_u64(p), 0, 1); return;
  case LOGS_EVTX_BOOL: sb_adds(out, evtx_u32(p) ? "true" : "false"); return;
  case LOGS_EVTX_REAL32: {
    float f;
    uint32_t u = evtx_u32(p);
    memcpy(&f, &u, 4);
    add_real(out, f, 1);
    return;
  }
  case LOGS_EVTX_REAL64: {
    double v;
    uint64_t u = evtx_u64(p);
    memcpy(&v, &u, 8);
    add_real(out, v, 0);
    return;
  }
  case LOGS_EVTX_FILETIME: add_filetime(out, evtx_u64(p)); return;
  case LOGS_EVTX_GUID: add_guid(out, p); return;
  case LOGS_EVTX_SYSTIME: add_systime(out, p); return;
  default: add_hex(out, p, k); return;
  }
}

/* Items of an array of strings: each NUL-terminated in the data; a last
 * one without its NUL counts too; an empty array is one empty item. */
static uint32_t add_string_array(strbuf *out, const uint8_t *p, size_t n, int wide) {
  uint32_t items = 0;
  size_t unit = wide ? 2 : 1, count = n / unit, i = 0;
  while (i < count) {
    size_t j = i;
    while (j < count && (wide ? evtx_u16(p + 2 * j) : p[j])) j++;
    if (items) sb_addc(out, '\0');
    if (wide) logs_evtx_utf16(out, p + 2 * i, j - i, 0);
    else add_ansi(out, p + i, j - i);
    items++;
    i = j + 1;
  }
  return items ? items : 1;
}

int logs_evtx_format_value(strbuf *out, unsigned type, const uint8_t *p, size_t n, uint32_t *nitems) {
  unsigned base = type & 0x7F;
  size_t before = out->len;
  *nitems = 1;
  sb_grow(out, 1);
  out->data[out->len] = '\0';
  if (type & LOGS_EVTX_ARRAY) {
    if (base == LOGS_EVTX_STRING || base == LOGS_EVTX_ANSI) {
      *nitems = add_string_array(out, p, n, base == LOGS_EVTX_STRING);
      return 0;
    }
    size_t k = item_size(base);
    if (base == LOGS_EVTX_SIZET) k = n % 8 == 0 ? 8 : 4, base = k == 8 ? LOGS_EVTX_HEX64 : LOGS_EVTX_HEX32;
    uint32_t items = 0;
    if (base == LOGS_EVTX_SID) {
      for (size_t i = 0; i < n; items++) {
        if (items) sb_addc(out, '\0');
        size_t used = add_sid(out, p + i, n - i);
        if (!used) goto bad;
        i += used;
      }
    } else if (k) {
      if (n % k) goto bad;
      for (size_t i = 0; i < n; i += k, items++) {
        if (items) sb_addc(out, '\0');
        add_fixed(out, base, p + i, k);
      }
    } else { /* arrays of binary or binary XML do not exist: the bytes */
      add_hex(out, p, n);
      items = 1;
    }
    *nitems = items ? items : 1;
    return 0;
  }
  switch (base) {
  case LOGS_EVTX_NULL: return 0;
  case LOGS_EVTX_STRING: logs_evtx_utf16(out, p, n / 2, 1); return 0;
  case LOGS_EVTX_ANSI: add_ansi(out, p, n); return 0;
  case LOGS_EVTX_SID:
    if (add_sid(out, p, n) != n) goto bad;
    return 0;
  case LOGS_EVTX_SIZET:
    if (n != 4 && n != 8) goto bad;
    add_fixed(out, n == 8 ? LOGS_EVTX_HEX64 : LOGS_EVTX_HEX32, p, n);
    return 0;
  case LOGS_EVTX_BOOL: /* 32 bits by the spec; other widths seen as well */
    if (n != 1 && n != 2 && n != 4 && n != 8) goto bad;
    int any = 0;
    for (size_t i = 0; i < n; i++) any |= p[i];
    sb_adds(out, any ? "true" : "false");
    return 0;
  default: {
    size_t k = item_size(base);
    if (!k) {
      add_hex(out, p, n); /* binary, handles, unknown types: the bytes */
      return 0;
    }
    if (n != k) goto bad;
    add_fixed(out, base, p, k);
    return 0;
  }
  }
bad:
  out->len = before;
  out->data[before] = '\0';
  *nitems = 1;
  return -1;
}
