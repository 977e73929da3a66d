/*
 * value.c - one Sigma value with its modifiers, compiled into matchers, and
 * the matching of a record value against them.
 *
 * A string value is first read into tokens (bytes, `*`, `?`) with Sigma's
 * escapes (a backslash escapes `*`, `?` and itself; before anything else
 * it is a plain backslash), then the transforming modifiers run in the
 * order written, each on every variant so far: contains/startswith/
 * endswith add `*`, windash multiplies variants, base64/base64offset/
 * utf16* re-encode.  Each final variant becomes a matcher: EQ, PREFIX,
 * SUFFIX, CONTAINS on a literal when it has no inner wildcard, else GLOB.
 * Type modifiers (re, cidr, exists, fieldref, lt/lte/gt/gte, time parts)
 * make matchers of their own kind.  Matching is ASCII case-insensitive
 * unless `cased` (or `re` without `i`).
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sigma/internal.h"

typedef struct {
  uint16_t *t;
  size_t n, cap;
} toks;

typedef struct {
  toks *v;
  size_t n, cap;
} variants;

static void tok_add(toks *t, uint16_t c) {
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 32;
    t->t = xrealloc(t->t, t->cap * sizeof *t->t);
  }
  t->t[t->n++] = c;
}

static void var_add(variants *vs, toks t) {
  if (vs->n == vs->cap) {
    vs->cap = vs->cap ? vs->cap * 2 : 4;
    vs->v = xrealloc(vs->v, vs->cap * sizeof *vs->v);
  }
  vs->v[vs->n++] = t;
}

static void vars_free(variants *vs) {
  for (size_t i = 0; i < vs->n; i++) free(vs->v[i].t);
  free(vs->v);
  vs->v = NULL;
  vs->n = vs->cap = 0;
}

/* Sigma's escaping, as pySigma reads it: `\` before `*`, `?` or `\` makes
 * that character plain; before anything else it is itself. */
static toks tokens_parse(const char *s, size_t n, int expand) {
  toks t = {0};
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\\' && i + 1 < n && (s[i + 1] == '*' || s[i + 1] == '?' || s[i + 1] == '\\' || (expand && s[i + 1] == '%'))) {
      tok_add(&t, (unsigned char)s[++i]);
    } else if (c == '*') {
      tok_add(&t, GLOB_STAR);
    } else if (c == '?') {
      tok_add(&t, GLOB_ONE);
    } else {
      tok_add(&t, c);
    }
  }
  return t;
}

static int has_wild(const toks *t) {
  for (size_t i = 0; i < t->n; i++)
    if (t->t[i] > 255) return 1;
  return 0;
}

static void wrap(toks *t, int front, int back) {
  if (front && !(t->n && t->t[0] == GLOB_STAR)) {
    tok_add(t, 0);
    memmove(t->t + 1, t->t, (t->n - 1) * sizeof *t->t);
    t->t[0] = GLOB_STAR;
  }
  if (back && !(t->n && t->t[t->n - 1] == GLOB_STAR)) tok_add(t, GLOB_STAR);
}

static int is_word(uint16_t c) {
  return c < 256 && (c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80);
}

/* pySigma's windash: a `-` or `/` that starts a word (not preceded by a
 * word character, followed by one) may also be written with `/`, `-`, an
 * en dash, an em dash or a horizontal bar: every combination. */
static const char *const dashes[5] = {"-", "/", "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\x95"};

static int windash(dcompile *dc, const toks *in, variants *out) {
  size_t pos[8], np = 0;
  for (size_t i = 0; i < in->n; i++) {
    uint16_t c = in->t[i];
    if (c != '-' && c != '/') continue;
    int before_word = i > 0 && is_word(in->t[i - 1]);
    int after_word = i + 1 < in->n && is_word(in->t[i + 1]);
    if (before_word || !after_word) continue;
    if (np == 5) return sigma_dc_fail(dc, dc->line, "windash", "windash: more than 5 dashes in one value (5^n variants)");
    pos[np++] = i;
  }
  size_t combos = 1;
  for (size_t k = 0; k < np; k++) combos *= 5;
  for (size_t c = 0; c < combos; c++) {
    toks t = {0};
    size_t code = c, k = 0;
    for (size_t i = 0; i < in->n; i++) {
      if (k < np && pos[k] == i) {
        for (const char *d = dashes[code % 5]; *d; d++) tok_add(&t, (unsigned char)*d);
        code /= 5;
        k++;
      } else {
        tok_add(&t, in->t[i]);
      }
    }
    var_add(out, t);
  }
  return 0;
}

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void b64(const unsigned char *in, size_t n, strbuf *out) {
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
    sb_addc(out, b64chars[v >> 18 & 63]);
    sb_addc(out, b64chars[v >> 12 & 63]);
    sb_addc(out, i + 1 < n ? b64chars[v >> 6 & 63] : '=');
    sb_addc(out, i + 2 < n ? b64chars[v & 63] : '=');
  }
}

static toks toks_from(const char *s, size_t n) {
  toks t = {0};
  for (size_t i = 0; i < n; i++) tok_add(&t, (unsigned char)s[i]);
  return t;
}

static int bytes_of(dcompile *dc, const toks *t, strbuf *out, const char *mod) {
  if (has_wild(t))
    return sigma_dc_fail(dc, dc->line, "wildcard-in-encoded-value", "%s: the value has a wildcard, which cannot be encoded",
                         mod);
  for (size_t i = 0; i < t->n; i++) sb_addc(out, (char)t->t[i]);
  return 0;
}

/* base64offset as pySigma does it: the value shifted by 0, 1, 2 bytes,
 * encoded, with the characters that depend on the neighbours cut off. */
static int base64_variants(dcompile *dc, const toks *in, int offset, variants *out) {
  strbuf raw = STRBUF_INIT;
  if (bytes_of(dc, in, &raw, offset ? "base64offset" : "base64")) return sb_free(&raw), -1;
  if (!offset) {
    strbuf e = STRBUF_INIT;
    b64((const unsigned char *)(raw.data ? raw.data : ""), raw.len, &e);
    var_add(out, toks_from(e.data ? e.data : "", e.len));
    sb_free(&e);
    sb_free(&raw);
    return 0;
  }
  static const size_t start[3] = {0, 2, 3};
  static const size_t cut[3] = {0, 3, 2};
  for (size_t i = 0; i < 3; i++) {
    strbuf shifted = STRBUF_INIT, e = STRBUF_INIT;
    for (size_t k = 0; k < i; k++) sb_addc(&shifted, ' ');
    sb_add(&shifted, raw.data ? raw.data : "", raw.len);
    b64((const unsigned char *)shifted.data, shifted.len, &e);
    size_t end = e.len - cut[(raw.len + i) % 3];
    if (end > start[i]) var_add(out, toks_from(e.data + start[i], end - start[i]));
    sb_free(&shifted);
    sb_free(&e);
  }
  sb_free(&raw);
  return 0;
}

/* UTF-8 tokens to UTF-16 (le, be, or le with a byte-order mark); wildcards
 * stay wildcards. */
static int utf16(dcompile *dc, const toks *in, int kind, toks *out) {
  memset(out, 0, sizeof *out);
  if (kind == 3) tok_add(out, 0xFF), tok_add(out, 0xFE);
  for (size_t i = 0; i < in->n;) {
    uint16_t c = in->t[i];
    if (c > 255) {
      tok_add(out, c);
      i++;
      continue;
    }
    uint32_t cp;
    size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (!len || i + len > in->n) goto bad;
    cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t k = 1; k < len; k++) {
      if (in->t[i + k] > 255 || (in->t[i + k] & 0xC0) != 0x80) goto bad;
      cp = cp << 6 | (in->t[i + k] & 0x3Fu);
    }
    i += len;
    uint16_t units[2];
    size_t nu = 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units[0] = (uint16_t)(0xD800 | cp >> 10), units[1] = (uint16_t)(0xDC00 | (cp & 0x3FF)), nu = 2;
    } else {
      units[0] = (uint16_t)cp;
    }
    for (size_t k = 0; k < nu; k++) {
      if (kind == 2) tok_add(out, units[k] >> 8), tok_add(out, units[k] & 0xFF);
      else tok_add(out, units[k] & 0xFF), tok_add(out, units[k] >> 8);
    }
  }
  return 0;
bad:
  free(out->t);
  memset(out, 0, sizeof *out);
  return sigma_dc_fail(dc, dc->line, "utf16", "utf16: the value is not valid UTF-8");
}

void sigma_lower(char *out, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  out[n] = '\0';
}

static uint16_t fold(uint16_t c, int cased) { return !cased && c >= 'A' && c <= 'Z' ? (uint16_t)(c + 32) : c; }

/* A variant's tokens into a string matcher, the simplest kind that does. */
static void string_matcher(const toks *t, int cased, vmatch *m) {
  size_t a = 0, b = t->n;
  int lead = b > 0 && t->t[0] == GLOB_STAR, trail = b > 1 && t->t[b - 1] == GLOB_STAR;
  if (lead) a++;
  if (trail) b--;
  int inner = 0;
  for (size_t i = a; i < b; i++) inner |= t->t[i] > 255;
  m->cased = (uint8_t)cased;
  if (t->n == 1 && t->t[0] == GLOB_STAR) { /* `*`: any value, absent fields excluded */
    m->kind = VM_ANY;
    return;
  }
  if (!inner) {
    m->kind = lead && trail ? VM_CONTAINS : lead ? VM_SUFFIX : trail ? VM_PREFIX : VM_EQ;
    m->s = xmalloc(b - a + 1);
    for (size_t i = a; i < b; i++) m->s[i - a] = (char)fold(t->t[i], cased);
    m->s[b - a] = '\0';
    m->n = b - a;
    return;
  }
  m->kind = VM_GLOB;
  m->tok = xmalloc((t->n ? t->n : 1) * sizeof *m->tok);
  for (size_t i = 0; i < t->n; i++) m->tok[i] = fold(t->t[i], cased);
  m->ntok = t->n;
  /* the literal parts, for the prefilter */
  m->s = xmalloc(t->n + 1);
  for (size_t i = 0; i < t->n; i++) m->s[i] = t->t[i] > 255 ? '\0' : (char)m->tok[i];
  m->s[t->n] = '\0';
  m->n = t->n;
}

static void ftest_push(ftest *t, vmatch *m) {
  if ((t->nv & (t->nv - 1)) == 0) t->v = xrealloc(t->v, (t->nv ? t->nv * 2 : 1) * sizeof *t->v);
  t->v[t->nv++] = *m;
}

static size_t utf8_len(const char *s, size_t i, size_t n) {
  unsigned char c = (unsigned char)s[i];
  size_t len = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  size_t k = 1;
  while (k < len && i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80) k++;
  return k;
}

/* Wildcard match with backtracking to the last `*` only: O(n*m) at worst,
 * never exponential.  `?` is one UTF-8 character. */
static int glob(const uint16_t *t, size_t m, const char *s, size_t n) {
  size_t i = 0, j = 0, star = (size_t)-1, mark = 0;
  while (i < n) {
    if (j < m && t[j] == GLOB_ONE) {
      i += utf8_len(s, i, n);
      j++;
    } else if (j < m && t[j] == GLOB_STAR) {
      star = j++;
      mark = i;
    } else if (j < m && t[j] == (unsigned char)s[i]) {
      i++;
      j++;
    } else if (star != (size_t)-1) {
      j = star + 1;
      i = ++mark;
    } else {
      return 0;
    }
  }
  while (j < m && t[j] == GLOB_STAR) j++;
  return j == m;
}

/* Substring search tuned for the short needles of rules: memchr (vectorised)
 * to each candidate first byte, memcmp for the rest. */
int sigma_contains(const char *h, size_t hn, const char *nd, size_t nn) {
  if (nn == 0) return 1;
  if (nn > hn) return 0;
  const char *p = h, *end = h + hn - nn + 1;
  while (p < end && (p = memchr(p, nd[0], (size_t)(end - p))) != NULL) {
    if (memcmp(p + 1, nd + 1, nn - 1) == 0) return 1;
    p++;
  }
  return 0;
}

int sigma_vm_string(const vmatch *m, const char *v, size_t n, const char *low) {
  const char *s = m->cased ? v : low;
  switch (m->kind) {
  case VM_EQ:
    if (n == m->n && memcmp(s, m->s, n) == 0) return 1;
    if (m->cmp) { /* an integer: 0x10 and 16 are the same number */
      double x;
      return sigma_num_parse(v, n, &x) == 0 && x == m->num;
    }
    return 0;
  case VM_PREFIX:
    return n >= m->n && memcmp(s, m->s, m->n) == 0;
  case VM_SUFFIX:
    return n >= m->n && memcmp(s + n - m->n, m->s, m->n) == 0;
  case VM_CONTAINS:
    return sigma_contains(s, n, m->s, m->n);
  case VM_GLOB:
    return glob(m->tok, m->ntok, s, n);
  case VM_ANY:
    return 1;
  default:
    return 0;
  }
}

/* Decimal (with sign, fraction, exponent) or 0x hexadecimal, the whole
 * string; returns 0 with *out, or -1. */
int sigma_num_parse(const char *s, size_t n, double *out) {
  char buf[64];
  if (n == 0 || n >= sizeof buf) return -1;
  memcpy(buf, s, n);
  buf[n] = '\0';
  char *end;
  if (n > 2 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X')) {
    for (size_t i = 2; i < n; i++)
      if (!((buf[i] >= '0' && buf[i] <= '9') || ((buf[i] | 0x20) >= 'a' && (buf[i] | 0x20) <= 'f'))) return -1;
    *out = (double)strtoull(buf + 2, &end, 16);
    return 0;
  }
  if (!((buf[0] >= '0' && buf[0] <= '9') || buf[0] == '-' || buf[0] == '+' || buf[0] == '.')) return -1;
  *out = strtod(buf, &end);
  return *end == '\0' ? 0 : -1;
}

int sigma_cidr_parse(const char *s, unsigned char addr[16], int *v6, int *prefix) {
  char buf[64];
  const char *slash = strchr(s, '/');
  size_t alen = slash ? (size_t)(slash - s) : strlen(s);
  if (alen == 0 || alen >= sizeof buf) return -1;
  memcpy(buf, s, alen);
  buf[alen] = '\0';
  memset(addr, 0, 16);
  *v6 = strchr(buf, ':') != NULL;
  if (inet_pton(*v6 ? AF_INET6 : AF_INET, buf, addr) != 1) return -1;
  int max = *v6 ? 128 : 32;
  if (!slash) {
    *prefix = max;
    return 0;
  }
  char *end;
  long p = strtol(slash + 1, &end, 10);
  if (end == slash + 1 || *end || p < 0 || p > max) return -1;
  *prefix = (int)p;
  return 0;
}

int sigma_cidr_match(const vmatch *m, const char *v) {
  unsigned char a[16];
  int v6, prefix;
  if (sigma_cidr_parse(v, a, &v6, &prefix) || prefix != (v6 ? 128 : 32)) return 0;
  if (v6 != m->v6) return 0;
  int full = m->prefix / 8, rest = m->prefix % 8;
  if (memcmp(a, m->addr, (size_t)full) != 0) return 0;
  if (rest) {
    unsigned char mask = (unsigned char)(0xFF << (8 - rest));
    if ((a[full] & mask) != (m->addr[full] & mask)) return 0;
  }
  return 1;
}

static long num_at(const char *s, size_t n, size_t at, size_t len) {
  if (at + len > n) return -1;
  long v = 0;
  for (size_t i = at; i < at + len; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/* ISO 8601 week number of a date (1..53). */
static long iso_week(long y, long m, long d) {
  /* day of year and weekday (Mon=1) by Zeller-like arithmetic */
  static const int cum[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  long doy = cum[m - 1] + d + (leap && m > 2);
  long yy = m < 3 ? y - 1 : y, mm = m < 3 ? m + 12 : m;
  long h = (d + 13 * (mm + 1) / 5 + yy + yy / 4 - yy / 100 + yy / 400) % 7; /* 0=Saturday */
  long wd = (h + 5) % 7 + 1;
  long w = (doy - wd + 10) / 7;
  if (w < 1) return iso_week(y - 1, 12, 28);
  if (w == 53) {
    long jan1 = (wd - (doy - 1) % 7 + 7 - 1) % 7 + 1; /* weekday of Jan 1 */
    if (!(jan1 == 4 || (leap && jan1 == 3))) return 1;
  }
  return w;
}

long sigma_time_part(const char *v, size_t n, int part) {
  long y = num_at(v, n, 0, 4), mo = num_at(v, n, 5, 2), d = num_at(v, n, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || v[4] != '-' || v[7] != '-') return -1;
  switch (part) {
  case TP_YEAR: return y;
  case TP_MONTH: return mo;
  case TP_DAY: return d;
  case TP_WEEK: return iso_week(y, mo, d);
  default: break;
  }
  if (n < 16 || (v[10] != 'T' && v[10] != ' ') || v[13] != ':') return -1;
  long h = num_at(v, n, 11, 2), mi = num_at(v, n, 14, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return -1;
  return part == TP_HOUR ? h : mi;
}

void sigma_vm_free(vmatch *m) {
  free(m->s);
  free(m->tok);
  if (m->re) pcre2_code_free(m->re);
}

static int scalar_text(dcompile *dc, const ynode *v, const char **text, size_t *len) {
  if (v->kind != Y_SCALAR)
    return sigma_dc_fail(dc, v->line, "value-type", "a value is a %s, not a plain value",
                         v->kind == Y_MAP ? "map" : "list");
  *text = v->text;
  *len = v->len;
  return 0;
}

static int is_int(const ynode *v) {
  if (!v->plain || v->len == 0 || v->len > 18) return 0;
  size_t i = v->text[0] == '-' || v->text[0] == '+';
  if (i == v->len) return 0;
  for (; i < v->len; i++)
    if (v->text[i] < '0' || v->text[i] > '9') return 0;
  return 1;
}

static int is_bool(const ynode *v, int *b) {
  if (!v->plain) return 0;
  if (!strcmp(v->text, "true") || !strcmp(v->text, "True") || !strcmp(v->text, "TRUE")) return *b = 1, 1;
  if (!strcmp(v->text, "false") || !strcmp(v->text, "False") || !strcmp(v->text, "FALSE")) return *b = 0, 1;
  return 0;
}

static int regex_compile(dcompile *dc, const vmods *mo, const char *s, size_t n, vmatch *m) {
  if (n > SIGMA_MAX_REGEX) return sigma_dc_fail(dc, dc->line, "regex-too-long", "re: regular expression over 64 KiB");
  uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
  if (mo->re_i) opts |= PCRE2_CASELESS;
  if (mo->re_m) opts |= PCRE2_MULTILINE;
  if (mo->re_s) opts |= PCRE2_DOTALL;
  int errcode;
  PCRE2_SIZE off;
  m->re = pcre2_compile((PCRE2_SPTR)s, n, opts, &errcode, &off, NULL);
  if (!m->re) {
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(errcode, msg, sizeof msg);
    return sigma_dc_fail(dc, dc->line, "regex", "re: '%.80s' does not compile at offset %zu: %s", s, (size_t)off,
                         (const char *)msg);
  }
  pcre2_jit_compile(m->re, PCRE2_JIT_COMPLETE); /* without JIT it still runs, bounded by the match limit */
  m->kind = VM_RE;
  m->s = xstrndup(s, n);
  m->n = n;
  return 0;
}

int sigma_value_compile(dcompile *dc, const vmods *mo, const ynode *value, uint32_t group, ftest *t) {
  vmatch m;
  memset(&m, 0, sizeof m);
  m.group = group;
  dc->line = value->line;
  if (++dc->nvalues > SIGMA_MAX_VALUES)
    return sigma_dc_fail(dc, value->line, "too-many-values", "more than %d values in one rule", SIGMA_MAX_VALUES);
  if (mo->exists) {
    int b;
    if (value->kind != Y_SCALAR || !is_bool(value, &b))
      return sigma_dc_fail(dc, value->line, "exists", "exists: the value must be true or false");
    m.kind = VM_EXISTS;
    m.num = b;
    ftest_push(t, &m);
    return 0;
  }
  if (sigma_yaml_is_null(value) && value->kind == Y_SCALAR) {
    m.kind = VM_NULL;
    ftest_push(t, &m);
    return 0;
  }
  const char *s = "";
  size_t n = 0;
  if (scalar_text(dc, value, &s, &n)) return -1;
  if (mo->re) {
    if (regex_compile(dc, mo, s, n, &m)) return -1;
    ftest_push(t, &m);
    return 0;
  }
  if (mo->cidr) {
    int v6, prefix;
    if (sigma_cidr_parse(s, m.addr, &v6, &prefix))
      return sigma_dc_fail(dc, value->line, "cidr", "cidr: '%.80s' is not an IPv4 or IPv6 network", s);
    m.kind = VM_CIDR;
    m.v6 = (uint8_t)v6;
    m.prefix = (uint8_t)prefix;
    m.s = xstrdup(s);
    ftest_push(t, &m);
    return 0;
  }
  if (mo->cmp || mo->timepart) {
    double x;
    if (sigma_num_parse(s, n, &x))
      return sigma_dc_fail(dc, value->line, "numeric", "numeric comparison: '%.80s' is not a number", s);
    m.kind = VM_NUM;
    m.cmp = mo->cmp ? mo->cmp : CMP_EQ;
    m.timepart = mo->timepart;
    m.num = x;
    m.s = xstrdup(s);
    ftest_push(t, &m);
    return 0;
  }
  if (mo->fieldref) {
    m.kind = VM_FIELDREF;
    m.ref = sigma_field_id(dc->rs, s, n);
    m.refmode = mo->contains ? VM_CONTAINS : mo->startswith ? VM_PREFIX : mo->endswith ? VM_SUFFIX : VM_EQ;
    m.cased = mo->cased;
    m.s = xstrdup(s);
    ftest_push(t, &m);
    return 0;
  }
  if (mo->expand) {
    /* a %name% placeholder needs a value from the environment */
    for (size_t i = 0; i < n; i++) {
      if (s[i] == '\\' && i + 1 < n) {
        i++;
        continue;
      }
      if (s[i] == '%') {
        const char *e = memchr(s + i + 1, '%', n - i - 1);
        if (e)
          return sigma_dc_fail(dc, value->line, "placeholder",
                               "expand: placeholder %.*s has no value (placeholders are not supported)",
                               (int)(e - s - i + 1 > 80 ? 80 : e - s - i + 1), s + i);
      }
    }
  }
  variants vs = {0}, next = {0};
  var_add(&vs, tokens_parse(s, n, mo->expand));
  int intval = is_int(value) && mo->norder == 0;
  int rc = 0;
  for (size_t k = 0; k < mo->norder && rc == 0; k++) {
    int op = mo->order[k];
    for (size_t i = 0; i < vs.n && rc == 0; i++) {
      toks *v = &vs.v[i];
      switch (op) {
      case 'c': wrap(v, 1, 1); var_add(&next, *v); v->t = NULL; break;
      case 's': wrap(v, 0, 1); var_add(&next, *v); v->t = NULL; break;
      case 'e': wrap(v, 1, 0); var_add(&next, *v); v->t = NULL; break;
      case 'w': rc = windash(dc, v, &next); break;
      case 'b': rc = base64_variants(dc, v, 0, &next); break;
      case 'o': rc = base64_variants(dc, v, 1, &next); break;
      case 'l': case 'B': case 'U': {
        toks u;
        rc = utf16(dc, v, op == 'l' ? 1 : op == 'B' ? 2 : 3, &u);
        if (!rc) var_add(&next, u);
        break;
      }
      default: break;
      }
    }
    vars_free(&vs);
    vs = next;
    memset(&next, 0, sizeof next);
  }
  for (size_t i = 0; i < vs.n && rc == 0; i++) {
    vmatch v;
    memset(&v, 0, sizeof v);
    v.group = group;
    string_matcher(&vs.v[i], mo->cased, &v);
    if (intval && v.kind == VM_EQ) {
      v.cmp = 1;
      sigma_num_parse(s, n, &v.num);
    }
    ftest_push(t, &v);
  }
  vars_free(&vs);
  vars_free(&next);
  return rc;
}
