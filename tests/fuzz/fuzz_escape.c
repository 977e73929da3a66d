/*
 * fuzz_escape.c - the escaping module on arbitrary bytes.  Asserts:
 * util_utf8_decode agrees with a reference decoder at every offset; util_esc_json
 * is a valid JSON string body (UTF-8, no raw control/C1/hidden character)
 * decoding to the input with invalid bytes as U+FFFD; util_esc_term has no
 * C0/DEL/C1/hidden character (only ASCII under ESC_TERM_ASCII) and
 * unescapes to the exact input; util_esc_term_n is a prefix within max_out;
 * util_esc_csv is one quoted, formula-safe line; util_esc_html has no markup
 * characters; util_esc_base64 decodes to the input.
 */
// fuzz-max-len: 1024
// fuzz-seeds: FIXTURES
#include <string.h>

#include "fuzz.h"
#include "util/escape.h"

/* ---- reference expectations ---- */

/* The input as util_esc_json / util_esc_csv / util_esc_html promise to see it: each
 * ill-formed byte replaced by U+FFFD. */
static void replace_invalid(strbuf *sb, const unsigned char *s, size_t len) {
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = ref_utf8(s + i, len - i, &cp);
    if (n) sb_add(sb, s + i, n), i += n;
    else sb_adds(sb, "\xEF\xBF\xBD"), i++;
  }
}

static void check_utf8_decode(const unsigned char *s, size_t len) {
  int valid = 1;
  for (size_t i = 0; i < len; i++) {
    uint32_t a = 0xFFFFFFFF, b = 0xFFFFFFFF;
    size_t na = util_utf8_decode(s + i, len - i, &a), nb = ref_utf8(s + i, len - i, &b);
    FUZZ_ASSERT(na == nb);
    if (na) FUZZ_ASSERT(a == b);
  }
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = ref_utf8(s + i, len - i, &cp);
    if (!n) {
      valid = 0;
      break;
    }
    i += n;
  }
  FUZZ_ASSERT(util_utf8_valid(s, len) == valid);
}

/* ---- JSON ---- */

static int hexdigit(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static uint32_t u16_at(const unsigned char *p, size_t left) {
  FUZZ_ASSERT(left >= 6 && p[0] == '\\' && p[1] == 'u');
  uint32_t v = 0;
  for (int k = 2; k < 6; k++) {
    int d = hexdigit(p[k]);
    FUZZ_ASSERT(d >= 0);
    v = v << 4 | (uint32_t)d;
  }
  return v;
}

/* Decodes a JSON string body as a strict parser would; asserts on anything
 * a JSON parser would reject and on raw characters util_esc_json must escape. */
static void json_decode(strbuf *out, const unsigned char *s, size_t len) {
  for (size_t i = 0; i < len;) {
    if (s[i] != '\\') {
      uint32_t cp;
      size_t n = ref_utf8(s + i, len - i, &cp);
      FUZZ_ASSERT(n > 0);
      FUZZ_ASSERT(cp != '"' && cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp <= 0x9F) && !util_cp_hidden(cp));
      sb_add(out, s + i, n);
      i += n;
      continue;
    }
    FUZZ_ASSERT(i + 1 < len);
    const char *simple = strchr("\"\\/bfnrt", s[i + 1]);
    if (simple && s[i + 1]) {
      static const char decoded[] = "\"\\/\b\f\n\r\t";
      sb_addc(out, decoded[simple - "\"\\/bfnrt"]);
      i += 2;
      continue;
    }
    uint32_t cp = u16_at(s + i, len - i);
    i += 6;
    FUZZ_ASSERT(cp < 0xDC00 || cp > 0xDFFF); /* no lone low surrogate */
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      uint32_t lo = u16_at(s + i, len - i);
      FUZZ_ASSERT(lo >= 0xDC00 && lo <= 0xDFFF);
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      i += 6;
    }
    unsigned char enc[4];
    sb_add(out, enc, ref_utf8_encode(cp, enc));
  }
}

static void check_json(const unsigned char *s, size_t len, const strbuf *expect) {
  strbuf sb = STRBUF_INIT, back = STRBUF_INIT;
  sb_adds(&sb, "prefix"); /* appends, never overwrites */
  util_esc_json(&sb, s, len);
  FUZZ_ASSERT(sb.len >= 6 && memcmp(sb.data, "prefix", 6) == 0);
  json_decode(&back, (const unsigned char *)sb.data + 6, sb.len - 6);
  FUZZ_ASSERT(back.len == expect->len && (back.len == 0 || memcmp(back.data, expect->data, back.len) == 0));
  sb_free(&sb);
  sb_free(&back);
}

/* ---- terminal ---- */

/* Inverts util_esc_term; asserts the escaped text is terminal-safe on the way. */
static void term_decode(strbuf *out, const unsigned char *s, size_t len, unsigned flags) {
  for (size_t i = 0; i < len;) {
    if (s[i] != '\\') {
      uint32_t cp;
      size_t n = ref_utf8(s + i, len - i, &cp);
      FUZZ_ASSERT(n > 0);
      FUZZ_ASSERT(cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp <= 0x9F) && !util_cp_hidden(cp));
      if (flags & ESC_TERM_ASCII) FUZZ_ASSERT(cp < 0x80);
      sb_add(out, s + i, n);
      i += n;
      continue;
    }
    FUZZ_ASSERT(i + 1 < len);
    unsigned char c = s[i + 1];
    if (c == '\\' || c == 't' || c == 'n' || c == 'r') {
      sb_addc(out, c == '\\' ? '\\' : c == 't' ? '\t' : c == 'n' ? '\n' : '\r');
      i += 2;
    } else if (c == 'x') {
      FUZZ_ASSERT(i + 3 < len && hexdigit(s[i + 2]) >= 0 && hexdigit(s[i + 3]) >= 0);
      sb_addc(out, (char)(hexdigit(s[i + 2]) << 4 | hexdigit(s[i + 3])));
      i += 4;
    } else {
      FUZZ_ASSERT(c == 'u' && i + 2 < len && s[i + 2] == '{');
      uint32_t cp = 0;
      size_t j = i + 3, digits = 0;
      for (; j < len && s[j] != '}'; j++, digits++) {
        FUZZ_ASSERT(hexdigit(s[j]) >= 0 && digits < 6);
        cp = cp << 4 | (uint32_t)hexdigit(s[j]);
      }
      FUZZ_ASSERT(j < len && digits >= 4 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF));
      unsigned char enc[4];
      sb_add(out, enc, ref_utf8_encode(cp, enc));
      i = j + 1;
    }
  }
}

static void check_term(const unsigned char *s, size_t len, unsigned flags, size_t max_out) {
  strbuf full = STRBUF_INIT, back = STRBUF_INIT, part = STRBUF_INIT;
  FUZZ_ASSERT(util_esc_term_n(&full, s, len, SIZE_MAX, flags) == len);
  term_decode(&back, (const unsigned char *)full.data, full.len, flags);
  FUZZ_ASSERT(back.len == len && (len == 0 || memcmp(back.data, s, len) == 0));
  if (flags == 0) {
    strbuf plain = STRBUF_INIT;
    util_esc_term(&plain, s, len);
    FUZZ_ASSERT(plain.len == full.len && (plain.len == 0 || memcmp(plain.data, full.data, plain.len) == 0));
    sb_free(&plain);
  }
  /* Bounded: within max_out, a prefix of the full form, ending on a unit
   * boundary (what it consumed escapes to exactly what it wrote), and it
   * stopped only because the next unit did not fit. */
  size_t used = util_esc_term_n(&part, s, len, max_out, flags);
  FUZZ_ASSERT(used <= len && part.len <= max_out && part.len <= full.len);
  FUZZ_ASSERT(part.len == 0 || memcmp(part.data, full.data, part.len) == 0);
  strbuf again = STRBUF_INIT;
  util_esc_term_n(&again, s, used, SIZE_MAX, flags);
  FUZZ_ASSERT(again.len == part.len);
  if (used < len) {
    strbuf more = STRBUF_INIT;
    uint32_t cp;
    size_t n = ref_utf8(s + used, len - used, &cp);
    util_esc_term_n(&more, s, used + (n ? n : 1), SIZE_MAX, flags);
    FUZZ_ASSERT(more.len > max_out);
    sb_free(&more);
  }
  sb_free(&again);
  sb_free(&full);
  sb_free(&back);
  sb_free(&part);
}

/* ---- CSV, HTML, base64 ---- */

static void check_csv(const unsigned char *s, size_t len) {
  strbuf sb = STRBUF_INIT;
  util_esc_csv(&sb, s, len);
  const unsigned char *o = (const unsigned char *)sb.data;
  FUZZ_ASSERT(sb.len >= 2 && o[0] == '"' && o[sb.len - 1] == '"');
  const unsigned char *body = o + 1;
  size_t blen = sb.len - 2;
  assert_clean_text(body, blen, "\t", util_cp_hidden); /* one line: no raw CR or LF */
  for (size_t i = 0; i < blen; i++)
    if (body[i] == '"') FUZZ_ASSERT(i + 1 < blen && body[++i] == '"'); /* every quote doubled */
  if (blen) FUZZ_ASSERT(!strchr("=+-@\t\r", body[0]) || body[0] == '\0');
  if (len && strchr("=+-@\t\r", s[0]) && s[0]) FUZZ_ASSERT(body[0] == '\'');
  sb_free(&sb);
}

static void check_html(const unsigned char *s, size_t len) {
  static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
  strbuf sb = STRBUF_INIT;
  util_esc_html(&sb, s, len);
  const unsigned char *o = (const unsigned char *)sb.data;
  assert_clean_text(o, sb.len, "\t\n", util_cp_hidden);
  for (size_t i = 0; i < sb.len; i++) {
    FUZZ_ASSERT(!strchr("<>\"'", o[i]) || o[i] == '\0');
    if (o[i] != '&') continue;
    int known = 0;
    for (size_t e = 0; e < 5; e++)
      known |= strncmp((const char *)o + i, entities[e], strlen(entities[e])) == 0;
    FUZZ_ASSERT(known);
  }
  sb_free(&sb);
}

static void check_base64(const unsigned char *s, size_t len) {
  static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  strbuf sb = STRBUF_INIT;
  util_esc_base64(&sb, s, len);
  FUZZ_ASSERT(sb.len == (len + 2) / 3 * 4);
  FUZZ_ASSERT(len || sb.data == NULL || sb.data[0] == '\0');
  for (size_t i = 0, o = 0; i < sb.len; i += 4) {
    uint32_t v = 0;
    int pad = 0;
    for (int k = 0; k < 4; k++) {
      char c = sb.data[i + k];
      const char *p = c ? strchr(b64, c) : NULL;
      if (c == '=') pad++, p = b64;
      else FUZZ_ASSERT(p && !pad);
      v = v << 6 | (uint32_t)(p - b64);
    }
    FUZZ_ASSERT(pad <= 2 && (pad == 0 || i + 4 == sb.len));
    for (int k = 0; k < 3 - pad; k++, o++) FUZZ_ASSERT(o < len && s[o] == (unsigned char)(v >> (16 - 8 * k)));
    if (i + 4 == sb.len) FUZZ_ASSERT(o == len);
  }
  sb_free(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const unsigned char *s = data;
  strbuf expect = STRBUF_INIT;
  replace_invalid(&expect, s, size);
  check_utf8_decode(s, size);
  check_json(s, size, &expect);
  size_t max_out = size ? s[0] % 64 : 0;
  check_term(s, size, 0, max_out);
  check_term(s, size, ESC_TERM_ASCII, size > 1 ? s[1] : 0);
  check_csv(s, size);
  check_html(s, size);
  check_base64(s, size);
  sb_free(&expect);
  return 0;
}
