/*
 * fuzz_writer.c - ss_writer_* in every format, given a finding, a warning
 * and a summary whose path, description, excerpt, times, size and severity
 * come from the input, written to open_memstream FILEs.  Asserts: each JSON
 * line is valid JSON whose "path"/"path_base64" and excerpt "data"/
 * "data_base64" give back the exact bytes; text has no control, C1 or
 * hidden character besides newlines and the writer's own colour codes (only
 * ASCII in a non-UTF-8 locale) and fixed line counts; CSV is the header
 * plus one CRLF line per finding.
 */
// fuzz-max-len: 4096
// fuzz-seeds: FIXTURES
#include <locale.h>
#include <string.h>

#include "fuzz.h"
#include "util/escape.h"
#include "shellsift.h"
#include "util/util.h"

/* ---- a small validating JSON parser that captures a few keys ---- */

typedef struct {
  const unsigned char *p, *end;
  strbuf path, path_b64, data, data_b64; /* decoded values of those keys */
  int have_path, have_path_b64, have_data, have_data_b64;
} jp;

static int hexv(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void ws(jp *j) {
  while (j->p < j->end && strchr(" \t\r\n", *j->p) && *j->p) j->p++;
}

static unsigned u4(jp *j) {
  FUZZ_ASSERT(j->end - j->p >= 4);
  unsigned v = 0;
  for (int k = 0; k < 4; k++) {
    int d = hexv(*j->p++);
    FUZZ_ASSERT(d >= 0);
    v = v << 4 | (unsigned)d;
  }
  return v;
}

/* Parses a string into out (may be NULL). */
static void jstring(jp *j, strbuf *out) {
  FUZZ_ASSERT(j->p < j->end && *j->p == '"');
  j->p++;
  for (;;) {
    FUZZ_ASSERT(j->p < j->end);
    unsigned char c = *j->p;
    if (c == '"') {
      j->p++;
      return;
    }
    FUZZ_ASSERT(c >= 0x20 && c != 0x7F);
    if (c != '\\') {
      uint32_t cp;
      size_t n = ref_utf8(j->p, (size_t)(j->end - j->p), &cp);
      FUZZ_ASSERT(n > 0 && !(cp >= 0x80 && cp <= 0x9F) && !util_cp_hidden(cp));
      if (out) sb_add(out, j->p, n);
      j->p += n;
      continue;
    }
    FUZZ_ASSERT(j->end - j->p >= 2);
    c = j->p[1];
    j->p += 2;
    const char *simple = "\"\\/bfnrt", *hit = c ? strchr(simple, c) : NULL;
    if (hit) {
      if (out) sb_addc(out, "\"\\/\b\f\n\r\t"[hit - simple]);
      continue;
    }
    FUZZ_ASSERT(c == 'u');
    uint32_t cp = u4(j);
    FUZZ_ASSERT(cp < 0xDC00 || cp > 0xDFFF);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      FUZZ_ASSERT(j->end - j->p >= 2 && j->p[0] == '\\' && j->p[1] == 'u');
      j->p += 2;
      uint32_t lo = u4(j);
      FUZZ_ASSERT(lo >= 0xDC00 && lo <= 0xDFFF);
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    }
    unsigned char enc[4];
    if (out) sb_add(out, enc, ref_utf8_encode(cp, enc));
  }
}

static void jvalue(jp *j, int depth, strbuf *capture);

static void jobject(jp *j, int depth) {
  j->p++;
  ws(j);
  if (j->p < j->end && *j->p == '}') {
    j->p++;
    return;
  }
  for (;;) {
    strbuf key = STRBUF_INIT;
    ws(j);
    jstring(j, &key);
    ws(j);
    FUZZ_ASSERT(j->p < j->end && *j->p == ':');
    j->p++;
    strbuf *cap = NULL;
    const char *k = key.data ? key.data : "";
    if (depth == 0 && strcmp(k, "path") == 0) cap = &j->path, j->have_path++;
    if (depth == 0 && strcmp(k, "path_base64") == 0) cap = &j->path_b64, j->have_path_b64++;
    if (depth == 2 && strcmp(k, "data") == 0) cap = &j->data, j->have_data++;
    if (depth == 2 && strcmp(k, "data_base64") == 0) cap = &j->data_b64, j->have_data_b64++;
    sb_free(&key);
    if (cap) sb_reset(cap); /* one excerpt's value, not all of them */
    jvalue(j, depth + 1, cap);
    ws(j);
    FUZZ_ASSERT(j->p < j->end);
    if (*j->p == '}') {
      j->p++;
      return;
    }
    FUZZ_ASSERT(*j->p == ',');
    j->p++;
  }
}

static void jvalue(jp *j, int depth, strbuf *capture) {
  ws(j);
  FUZZ_ASSERT(j->p < j->end && depth < 8);
  unsigned char c = *j->p;
  if (c == '{') {
    jobject(j, depth);
    return;
  }
  if (c == '"') {
    jstring(j, capture);
    return;
  }
  if (c == '[') {
    j->p++;
    ws(j);
    if (j->p < j->end && *j->p == ']') {
      j->p++;
      return;
    }
    for (;;) {
      jvalue(j, depth + 1, NULL);
      ws(j);
      FUZZ_ASSERT(j->p < j->end);
      if (*j->p++ == ']') return;
      FUZZ_ASSERT(j->p[-1] == ',');
    }
  }
  static const char *const words[] = {"true", "false", "null"};
  for (int w = 0; w < 3; w++) {
    size_t n = strlen(words[w]);
    if ((size_t)(j->end - j->p) >= n && memcmp(j->p, words[w], n) == 0) {
      j->p += n;
      return;
    }
  }
  const unsigned char *start = j->p;
  if (*j->p == '-') j->p++;
  FUZZ_ASSERT(j->p < j->end && *j->p >= '0' && *j->p <= '9');
  if (*j->p == '0') j->p++;
  else while (j->p < j->end && *j->p >= '0' && *j->p <= '9') j->p++;
  if (j->p < j->end && *j->p == '.') {
    j->p++;
    FUZZ_ASSERT(j->p < j->end && *j->p >= '0' && *j->p <= '9');
    while (j->p < j->end && *j->p >= '0' && *j->p <= '9') j->p++;
  }
  FUZZ_ASSERT(j->p > start);
}

static void b64_decode(const strbuf *in, strbuf *out) {
  static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  FUZZ_ASSERT(in->len % 4 == 0);
  for (size_t i = 0; i < in->len; i += 4) {
    uint32_t v = 0;
    int pad = 0;
    for (int k = 0; k < 4; k++) {
      char c = in->data[i + k];
      const char *p = c && c != '=' ? strchr(b64, c) : NULL;
      FUZZ_ASSERT(p || c == '=');
      pad += c == '=';
      v = v << 6 | (uint32_t)(p ? p - b64 : 0);
    }
    for (int k = 0; k < 3 - pad; k++) sb_addc(out, (char)(v >> (16 - 8 * k)));
  }
}

/* The exact bytes a JSON record gives back for a raw field. */
static void check_raw_field(const strbuf *text, int have_b64, const strbuf *b64, const void *want,
                            size_t wlen) {
  if (util_utf8_valid(want, wlen)) {
    FUZZ_ASSERT(!have_b64 && text->len == wlen && (wlen == 0 || memcmp(text->data, want, wlen) == 0));
    return;
  }
  strbuf raw = STRBUF_INIT;
  FUZZ_ASSERT(have_b64 == 1);
  b64_decode(b64, &raw);
  FUZZ_ASSERT(raw.len == wlen && memcmp(raw.data, want, wlen) == 0);
  sb_free(&raw);
}

/* ---- the input ---- */

#define HEADER 40

typedef struct {
  unsigned fmt, flags, utf8, severity, nexcerpts, content_scanned;
  int64_t mtime, ctime, btime;
  uint64_t size;
  int score;
  const char *path, *desc; /* NUL-terminated copies */
  const unsigned char *excerpt;
  size_t excerpt_len;
} input;

static int64_t i64_at(const unsigned char *h) {
  uint64_t v;
  memcpy(&v, h, 8);
  return (int64_t)v;
}

/* Splits the input: a fixed header of settings, then the path line, the
 * description line and the excerpt bytes. */
static void split(const uint8_t *data, size_t size, input *in, char **path, char **desc) {
  unsigned char h[HEADER] = {0};
  memcpy(h, data, size < HEADER ? size : HEADER);
  const char *rest = size > HEADER ? (const char *)data + HEADER : "";
  size_t rn = size > HEADER ? size - HEADER : 0;
  in->fmt = h[0] % 3;
  in->flags = h[1] & (SS_WRITER_COLOR | SS_WRITER_QUIET);
  in->utf8 = h[1] & 4;
  in->severity = h[2] % 6; /* 4 and 5 are out of range: the struct is public */
  in->nexcerpts = h[3] % 5;
  in->content_scanned = h[4] & 1;
  in->score = (int8_t)h[5];
  in->mtime = i64_at(h + 8);
  in->ctime = i64_at(h + 16);
  in->btime = h[4] & 2 ? -1 : i64_at(h + 24);
  memcpy(&in->size, h + 32, 8);
  const char *nl = memchr(rest, '\n', rn);
  size_t pl = nl ? (size_t)(nl - rest) : rn;
  *path = xstrndup(rest, pl); /* a NUL inside ends it, as in a real path */
  rest += nl ? pl + 1 : pl, rn -= nl ? pl + 1 : pl;
  nl = memchr(rest, '\n', rn);
  size_t dl = nl ? (size_t)(nl - rest) : rn;
  *desc = xstrndup(rest, dl);
  rest += nl ? dl + 1 : dl, rn -= nl ? dl + 1 : dl;
  in->path = *path, in->desc = *desc;
  in->excerpt = (const unsigned char *)rest;
  in->excerpt_len = rn > 96 ? 96 : rn;
}

static size_t count_byte(const char *s, size_t n, char c) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) k += s[i] == c;
  return k;
}

/* Text for a terminal: only the writer's own SGR colour codes may carry
 * ESC; everything else is clean, and plain ASCII unless the locale is UTF-8. */
static void check_term_text(const char *buf, size_t len, int color, int utf8) {
  strbuf clean = STRBUF_INIT;
  for (size_t i = 0; i < len; i++) {
    if (buf[i] == '\x1b') {
      FUZZ_ASSERT(color && i + 1 < len && buf[i + 1] == '[');
      size_t j = i + 2;
      while (j < len && ((buf[j] >= '0' && buf[j] <= '9') || buf[j] == ';')) j++;
      FUZZ_ASSERT(j < len && buf[j] == 'm');
      i = j;
      continue;
    }
    sb_addc(&clean, buf[i]);
  }
  assert_clean_text((const unsigned char *)(clean.data ? clean.data : ""), clean.len, "\n", util_cp_hidden);
  if (!utf8)
    for (size_t i = 0; i < clean.len; i++) FUZZ_ASSERT((unsigned char)clean.data[i] < 0x80);
  sb_free(&clean);
}

static int utf8_locale;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  utf8_locale = setlocale(LC_CTYPE, "C.UTF-8") != NULL;
  setlocale(LC_CTYPE, "C");
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  input in;
  char *path, *desc;
  split(data, size, &in, &path, &desc);
  int utf8 = in.utf8 && utf8_locale;
  setlocale(LC_CTYPE, utf8 ? "C.UTF-8" : "C"); /* writers pick their escaping from it */

  ss_reason reasons[2] = {
      {"fuzz.rule", "webshell", desc, "https://example.org/", in.score},
      {desc, desc, "", desc, 100 - in.score},
  };
  ss_excerpt ex[4];
  for (unsigned i = 0; i < 4; i++)
    ex[i] = (ss_excerpt){(uint64_t)in.mtime + i, desc, "$fuzz", in.excerpt, in.excerpt_len};
  ss_finding f = {.path = path, .size = in.size, .mtime = in.mtime, .ctime = in.ctime, .btime = in.btime,
                  .sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                  .md5 = "", .sha1 = "", .category = desc, .severity = (ss_severity)in.severity,
                  .score = in.score, .reasons = reasons, .nreasons = 2, .excerpts = ex,
                  .nexcerpts = in.nexcerpts, .content_scanned = (int)in.content_scanned};
  ss_warning wa = {SS_WARN_UNREADABLE, "unreadable", path, desc, 1};
  ss_stats st = {.files = in.size, .dirs = (uint64_t)in.ctime, .bytes = (uint64_t)in.mtime, .findings = 1,
                 .warnings = 1, .incomplete = in.content_scanned};
  memcpy(&st.seconds, &in.btime, sizeof st.seconds); /* any double: NaN, infinities, denormals */
  const char *roots[2] = {path, desc};

  char *obuf = NULL, *ebuf = NULL;
  size_t olen = 0, elen = 0;
  FILE *out = open_memstream(&obuf, &olen), *err = open_memstream(&ebuf, &elen);
  ss_writer_t *w = NULL;
  FUZZ_ASSERT(ss_writer_new((ss_format)in.fmt, out, err, in.flags, &w) == SS_OK);
  ss_event ev = {.type = SS_EVENT_FINDING, .finding = &f};
  ss_writer_event(w, &ev);
  ss_event ew = {.type = SS_EVENT_WARNING, .warning = &wa};
  ss_writer_event(w, &ew);
  ss_writer_summary(w, NULL, roots, 2, &st);
  ss_writer_free(w);
  fclose(out);
  fclose(err);

  int quiet = (in.flags & SS_WRITER_QUIET) != 0;
  if (in.fmt == SS_FORMAT_JSON) {
    FUZZ_ASSERT(elen == 0);
    FUZZ_ASSERT(count_byte(obuf, olen, '\n') == (quiet ? 1u : 3u) && olen && obuf[olen - 1] == '\n');
    size_t line = 0;
    for (const char *p = obuf; p < obuf + olen; line++) {
      const char *nl = memchr(p, '\n', (size_t)(obuf + olen - p));
      jp j = {(const unsigned char *)p, (const unsigned char *)nl, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT,
              STRBUF_INIT, 0, 0, 0, 0};
      jvalue(&j, 0, NULL);
      ws(&j);
      FUZZ_ASSERT(j.p == j.end && *p == '{');
      if (line < 2) { /* the finding, then the warning: both carry the path */
        FUZZ_ASSERT(j.have_path == 1);
        check_raw_field(&j.path, j.have_path_b64, &j.path_b64, path, strlen(path));
      }
      if (line == 0 && in.nexcerpts) {
        FUZZ_ASSERT(j.have_data == (int)in.nexcerpts);
        check_raw_field(&j.data, j.have_data_b64 > 0, &j.data_b64, in.excerpt, in.excerpt_len);
      }
      sb_free(&j.path), sb_free(&j.path_b64), sb_free(&j.data), sb_free(&j.data_b64);
      p = nl + 1;
    }
  } else if (in.fmt == SS_FORMAT_CSV) {
    /* header and one row, each ending in CRLF; no other CR or LF */
    FUZZ_ASSERT(count_byte(obuf, olen, '\n') == 2 && count_byte(obuf, olen, '\r') == 2);
    FUZZ_ASSERT(olen >= 2 && obuf[olen - 2] == '\r' && obuf[olen - 1] == '\n');
    const char *row = (const char *)memchr(obuf, '\n', olen) + 1;
    FUZZ_ASSERT(row[-2] == '\r');
    size_t rlen = (size_t)(obuf + olen - 2 - row);
    assert_clean_text((const unsigned char *)row, rlen, "\t", util_cp_hidden);
    check_term_text(ebuf, elen, 0, utf8);
  } else {
    /* label, category, two reasons, file line, excerpts (+ "more"), blank */
    size_t shown = in.nexcerpts < 3 ? in.nexcerpts : 3;
    FUZZ_ASSERT(count_byte(obuf, olen, '\n') == 6 + shown + (in.nexcerpts > 3));
    check_term_text(obuf, olen, (in.flags & SS_WRITER_COLOR) != 0, utf8);
    check_term_text(ebuf, elen, 0, utf8);
    if (!quiet) FUZZ_ASSERT(count_byte(ebuf, elen, '\n') >= 3);
  }
  free(obuf);
  free(ebuf);
  free(path);
  free(desc);
  return 0;
}
