/*
 * test_ioc.c - unit tests for the IOC sets (src/match/ioc*.c): hash and
 * filename list formats, warnings with line numbers, lookups, allow-lists,
 * trivial digests, Windows-separator matching, junk input, directory
 * loading, concurrent matching, and the built-in lists in rules/iocs/.
 * Run from the repository root.
 */
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "match/ioc.h"
#include "match/ioc_priv.h" /* match_ioc_required_literal */
#include "test.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct {
  int n;
  unsigned lines[256];
  char msgs[256][160];
  char sources[256][160];
} warnings;

static void collect(void *user, const char *source, unsigned line, const char *message) {
  warnings *w = user;
  if (w->n < 256) {
    w->lines[w->n] = line;
    snprintf(w->msgs[w->n], sizeof w->msgs[0], "%s", message);
    snprintf(w->sources[w->n], sizeof w->sources[0], "%s", source);
  }
  w->n++;
}

static int has_warning(const warnings *w, unsigned line, const char *needle) {
  for (int i = 0; i < w->n && i < 256; i++)
    if (w->lines[i] == line && strstr(w->msgs[i], needle)) return 1;
  return 0;
}

static void digest(const char *md, const void *data, size_t len, unsigned char *out) {
  unsigned int n = 0;
  EVP_Digest(data, len, out, &n, EVP_get_digestbyname(md), NULL);
}

static void hex(const unsigned char *d, size_t n, char *out) {
  for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", d[i]);
}

static size_t load_h(ioc_set *s, const char *text, int allow, warnings *w) {
  return match_ioc_load_hashes(s, text, strlen(text), "test-hashes", allow, collect, w);
}

static size_t load_n(ioc_set *s, const char *text, warnings *w) {
  return match_ioc_load_names(s, text, strlen(text), "test-names", collect, w);
}

/* Reads a whole file into *out (malloc'ed); 0 and *out NULL if it cannot. */
static int read_all(const char *path, char **out, size_t *len) {
  *out = NULL;
  *len = 0;
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  size_t cap = 1 << 16, n = 0, r;
  char *buf = malloc(cap);
  while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  *out = buf;
  *len = n;
  return 1;
}

static void write_file(const char *dir, const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  fputs(text, f);
  fclose(f);
}

/* Names of the entries a path matches, ';'-joined, for compact checks. */
typedef struct {
  char buf[1024];
  int last_score;
  const char *last_desc;
} hits;

static void on_name(void *user, const ioc_entry *e, const char *regex) {
  hits *h = user;
  size_t len = strlen(h->buf);
  snprintf(h->buf + len, sizeof h->buf - len, "%s%u", len ? ";" : "", e->line);
  h->last_score = e->score;
  h->last_desc = e->description;
  (void)regex;
}

static const char *match(const ioc_set *s, const char *path, hits *h) {
  memset(h, 0, sizeof *h);
  match_ioc_match_names(s, path, on_name, h);
  return h->buf;
}

/* ---- hash lists ----------------------------------------------------------- */

static void test_hash_formats(void) {
  unsigned char d[32];
  char sha[65], md5[33], sha1[41];
  digest("SHA256", "abc", 3, d), hex(d, 32, sha);
  digest("MD5", "abc", 3, d), hex(d, 16, md5);
  digest("SHA1", "abc", 3, d), hex(d, 20, sha1);
  for (char *p = sha1; *p; p++) *p = (char)(*p >= 'a' ? *p - 32 : *p); /* upper case */
  char text[1024];
  snprintf(text, sizeof text,
           "\xEF\xBB\xBF# comment line\r\n"
           "\r\n"
           "%s;2-column; description; with semicolons\r\n"
           "   \t\n"
           "%s;-20;THOR 3-column, negative score\n"
           "%s\n"
           "#%s;commented out\n",
           sha, md5, sha1, sha);
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  CHECK(load_h(s, text, 0, &w) == 3);
  CHECK(w.n == 0);
  match_ioc_finalize(s);
  CHECK(match_ioc_hash_count(s) == 3);
  CHECK(match_ioc_hash_kinds(s) == (IOC_MD5 | IOC_SHA1 | IOC_SHA256));

  digest("SHA256", "abc", 3, d);
  const ioc_entry *e = match_ioc_lookup_hash(s, IOC_SHA256, d);
  CHECK(e && e->score == 75 && e->line == 3);
  CHECK_STREQ(e ? e->description : NULL, "2-column; description; with semicolons");
  CHECK_STREQ(e ? e->source : NULL, "test-hashes");
  digest("MD5", "abc", 3, d);
  e = match_ioc_lookup_hash(s, IOC_MD5, d);
  CHECK(e && e->score == -20 && e->line == 5);
  CHECK_STREQ(e ? e->description : NULL, "THOR 3-column, negative score");
  digest("SHA1", "abc", 3, d);
  e = match_ioc_lookup_hash(s, IOC_SHA1, d);
  CHECK(e && e->score == 75 && e->line == 6);
  CHECK_STREQ(e ? e->description : NULL, "");
  /* Same bytes, wrong kind, or other data: no match. */
  CHECK(match_ioc_lookup_hash(s, IOC_MD5, (const unsigned char *)"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0") == NULL);
  digest("SHA256", "abd", 3, d);
  CHECK(match_ioc_lookup_hash(s, IOC_SHA256, d) == NULL);
  CHECK(match_ioc_lookup_hash(s, (ioc_hash_kind)3, d) == NULL);
  match_ioc_set_free(s);
}

static void test_hash_malformed(void) {
  char longline[70000];
  memset(longline, 'a', sizeof longline - 1);
  longline[sizeof longline - 1] = '\0';
  char text[80000];
  snprintf(text, sizeof text,
           "d41d8cd98f00b204e9800998ecf8427;too short\n"                                /* 1 */
           "zz1d8cd98f00b204e9800998ecf8427e;not hex\n"                                 /* 2 */
           "900150983cd24fb0d6963f7d28e17f72;ok\n"                                      /* 3 */
           ";no hash at all\n"                                                          /* 4 */
           "900150983cd24fb0d6963f7d28e17f72 x;junk after hash\n"                       /* 5 */
           "%s\n"                                                                       /* 6: too long */
           "900150983cd24fb0d6963f7d28e17f73;250;score clamped to 100\n",               /* 7 */
           longline);
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  CHECK(load_h(s, text, 0, &w) == 2);
  CHECK(w.n == 6);
  CHECK(has_warning(&w, 1, "hex digest"));
  CHECK(has_warning(&w, 2, "hex digest"));
  CHECK(has_warning(&w, 4, "hex digest"));
  CHECK(has_warning(&w, 5, "hex digest"));
  CHECK(has_warning(&w, 6, "longer than"));
  CHECK(has_warning(&w, 7, "clamped"));
  CHECK_STREQ(w.sources[0], "test-hashes");
  match_ioc_finalize(s);
  unsigned char d[16] = {0x90, 0x01, 0x50, 0x98, 0x3c, 0xd2, 0x4f, 0xb0,
                         0xd6, 0x96, 0x3f, 0x7d, 0x28, 0xe1, 0x7f, 0x73};
  const ioc_entry *e = match_ioc_lookup_hash(s, IOC_MD5, d);
  CHECK(e && e->score == 100);

  /* A NUL byte inside a line: that line only is skipped. */
  static const char nul[] = "900150983cd24fb0d6963f7d28e17f72;a\0b\n"
                            "0cc175b9c0f1b6a831c399e269772661;next line fine\n";
  w.n = 0;
  CHECK(match_ioc_load_hashes(s, nul, sizeof nul - 1, "nul", 0, collect, &w) == 1);
  CHECK(w.n == 1 && has_warning(&w, 1, "NUL"));
  match_ioc_set_free(s);
}

static void test_duplicates_first_wins(void) {
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  load_h(s, "900150983cd24fb0d6963f7d28e17f72;50;first\n", 0, &w);
  load_h(s, "900150983CD24FB0D6963F7D28E17F72;90;second\n", 0, &w);
  match_ioc_finalize(s);
  CHECK(match_ioc_hash_count(s) == 1);
  unsigned char d[16];
  digest("MD5", "abc", 3, d);
  const ioc_entry *e = match_ioc_lookup_hash(s, IOC_MD5, d);
  CHECK(e && e->score == 50);
  CHECK_STREQ(e ? e->description : NULL, "first");
  match_ioc_set_free(s);
}

static void test_allowlist(void) {
  unsigned char a[32], b[32];
  char ha[65], hb[65], text[512];
  digest("SHA256", "evil", 4, a), hex(a, 32, ha);
  digest("SHA256", "McAfee binary", 13, b), hex(b, 32, hb);
  snprintf(text, sizeof text, "%s;bad\n%s;bad feed entry\n", ha, hb);
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  CHECK(load_h(s, text, 0, &w) == 2);
  snprintf(text, sizeof text, "# known good\n%s;vendor binary\n", hb);
  CHECK(load_h(s, text, 1, &w) == 1);
  CHECK(w.n == 0);
  match_ioc_finalize(s);
  CHECK(match_ioc_hash_count(s) == 2); /* allow-list entries are not IOCs */
  CHECK(match_ioc_lookup_hash(s, IOC_SHA256, a) != NULL);
  CHECK(match_ioc_lookup_hash(s, IOC_SHA256, b) == NULL);
  match_ioc_set_free(s);

  /* An allow-list alone needs no digest to be computed. */
  s = match_ioc_set_new();
  load_h(s, text, 1, &w);
  match_ioc_finalize(s);
  CHECK(match_ioc_hash_kinds(s) == 0);
  match_ioc_set_free(s);
}

static void test_trivial_hashes(void) {
  static const char *const data[] = {"", "\n", "\r\n", " "};
  static const char *const md[] = {"MD5", "SHA1", "SHA256"};
  static const size_t mdlen[] = {16, 20, 32};
  static const ioc_hash_kind kind[] = {IOC_MD5, IOC_SHA1, IOC_SHA256};
  char text[4096] = "";
  for (int i = 0; i < 4; i++)
    for (int k = 0; k < 3; k++) {
      unsigned char d[32];
      char h[65];
      digest(md[k], data[i], strlen(data[i]), d), hex(d, mdlen[k], h);
      strcat(text, h);
      strcat(text, ";from a bad feed\n");
    }
  strcat(text, "900150983cd24fb0d6963f7d28e17f72;real entry\n");
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  CHECK(load_h(s, text, 0, &w) == 1);
  CHECK(w.n == 1 && has_warning(&w, 1, "empty file")); /* once per source */
  CHECK(load_h(s, text, 0, &w) == 1);
  CHECK(w.n == 2);
  match_ioc_finalize(s);
  CHECK(match_ioc_hash_count(s) == 1);
  for (int i = 0; i < 4; i++)
    for (int k = 0; k < 3; k++) {
      unsigned char d[32];
      digest(md[k], data[i], strlen(data[i]), d);
      CHECK(match_ioc_lookup_hash(s, kind[k], d) == NULL);
    }
  match_ioc_set_free(s);

  /* Listing them in an allow-list is fine and silent. */
  s = match_ioc_set_new();
  w.n = 0;
  load_h(s, text, 1, &w);
  CHECK(w.n == 0);
  match_ioc_set_free(s);
}

/* ---- filename lists ----------------------------------------------------- */

static void test_names_windows_patterns(void) {
  static const char list[] =
      "# Chopper in aspnet_client\n"
      "\\\\aspnet_client\\\\shell\\.aspx$;80\n"                         /* 2 */
      "\n"
      "# Linux-style pattern\n"
      "/tmp/[a-z]+\\.php$;50\n"                                          /* 5 */
      "\\\\owa\\\\auth\\\\[^\\\\]+\\.aspx$;70;\\\\owa\\\\auth\\\\(logon|logoff)\\.aspx$\n" /* 6 */
      "\\\\legacy\\.exe$;legacy description without score\n"             /* 7 */
      "\\\\good\\.dll$;-50\n";                                          /* 8 */
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  CHECK(load_n(s, list, &w) == 5);
  CHECK(w.n == 0);
  match_ioc_finalize(s);
  CHECK(match_ioc_name_count(s) == 5);
  hits h;
  CHECK_STREQ(match(s, "/mnt/c/inetpub/wwwroot/aspnet_client/shell.aspx", &h), "2");
  CHECK(h.last_score == 80);
  CHECK_STREQ(h.last_desc, "Chopper in aspnet_client");
  CHECK_STREQ(match(s, "C:\\inetpub\\wwwroot\\ASPNET_CLIENT\\Shell.ASPX", &h), "2"); /* caseless */
  CHECK_STREQ(match(s, "/mnt/c/inetpub/wwwroot/aspnet_client/shell.aspx.bak", &h), "");
  CHECK_STREQ(match(s, "/tmp/abc.php", &h), "5"); /* pattern on the path as given */
  CHECK_STREQ(match(s, "aspnet_client/shell.aspx", &h), "2"); /* relative: leading '\' */
  CHECK_STREQ(match(s, "aspnet_client\\shell.aspx", &h), "2");
  CHECK_STREQ(match(s, "my_aspnet_client/shell.aspx", &h), "");
  CHECK_STREQ(match(s, "x/owa/auth/evil.aspx", &h), "6");
  CHECK(h.last_score == 70);
  CHECK_STREQ(match(s, "x/owa/auth/logon.aspx", &h), ""); /* FP regex, '\' form */
  CHECK_STREQ(match(s, "x\\owa\\auth\\LOGOFF.aspx", &h), "");
  CHECK_STREQ(match(s, "/bin/legacy.exe", &h), "7");
  CHECK(h.last_score == 60);
  CHECK_STREQ(h.last_desc, "legacy description without score");
  CHECK_STREQ(match(s, "/a/good.dll", &h), "8");
  CHECK(h.last_score == -50);
  CHECK(match_ioc_match_names(s, "/nothing/here.txt", NULL, NULL) == 0);
  CHECK(match_ioc_match_names(s, "/a/good.dll", NULL, NULL) == 1);
  CHECK(match_ioc_match_names(s, "", NULL, NULL) == 0);
  match_ioc_set_free(s);
}

static void test_names_malformed(void) {
  static const char list[] =
      "good\\.txt$;40\n"             /* 1 */
      "bad(regex;80\n"               /* 2: does not compile */
      ";80\n"                        /* 3: empty regex */
      "fine\\.txt$;40;bad[fp\n"      /* 4: fp does not compile */
      "x\\.txt$;40;y;extra\n"        /* 5: loaded, extra field warned */
      "big\\.txt$;-900\n";           /* 6: loaded, clamped */
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  CHECK(load_n(s, list, &w) == 3);
  CHECK(w.n == 5);
  CHECK(has_warning(&w, 2, "does not compile"));
  CHECK(has_warning(&w, 3, "empty regex"));
  CHECK(has_warning(&w, 4, "false-positive regex does not compile"));
  CHECK(has_warning(&w, 5, "ignored"));
  CHECK(has_warning(&w, 6, "clamped"));
  match_ioc_finalize(s);
  hits h;
  CHECK_STREQ(match(s, "/a/good.txt", &h), "1");
  CHECK_STREQ(match(s, "/a/fine.txt", &h), "");
  CHECK_STREQ(match(s, "/a/big.txt", &h), "6");
  CHECK(h.last_score == -100);
  match_ioc_set_free(s);
}

/* Regexes that cannot be OR-ed into a union must keep their own meaning,
 * and callbacks must come in load order whatever the grouping. */
static void test_names_union_semantics(void) {
  static const char list[] =
      "\\\\(ab)\\1\\.txt$;10\n"      /* 1 backreference */
      "\\\\\\Qa.b\n"                /* 2 \Q without \E: literal "a.b" to the end */
      "(?x) \\\\ sp ace \\.txt $;30\n" /* 3 extended mode */
      "\\\\(?P<n>z)(?P=n)\\.txt$;40\n" /* 4 Python named backreference */
      "\\.txt$;50\n"                 /* 5 plain */
      "\\\\(?i)mixed\\.TXT$;60\n"    /* 6 inline option */
      "(^|\\\\)rel\\.txt$;70\n"        /* 7, 8: no first character */
      "[a-z]+_rel\\.txt$;71\n"
      "^anch\\.txt$;80\n"               /* 9, 10: anchored */
      "^/abs/anch\\.txt$;81\n";
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  CHECK(load_n(s, list, &w) == 10);
  CHECK(w.n == 0);
  match_ioc_finalize(s);
  hits h;
  CHECK_STREQ(match(s, "/d/abab.txt", &h), "1;5");
  CHECK_STREQ(match(s, "rel.txt", &h), "5;7");
  CHECK_STREQ(match(s, "/d/rel.txt", &h), "5;7");
  CHECK_STREQ(match(s, "/d/x_rel.txt", &h), "5;8");
  CHECK_STREQ(match(s, "anch.txt", &h), "5;9");
  CHECK_STREQ(match(s, "/d/anch.txt", &h), "5");
  CHECK_STREQ(match(s, "/abs/anch.txt", &h), "5;10");
  CHECK_STREQ(match(s, "/d/ab.txt", &h), "5");
  CHECK_STREQ(match(s, "/d/a.b", &h), "2");
  CHECK_STREQ(match(s, "/d/axb", &h), "");
  CHECK_STREQ(match(s, "/d/space.txt", &h), "3;5");
  CHECK_STREQ(match(s, "/d/zz.txt", &h), "4;5");
  CHECK_STREQ(match(s, "/d/MIXED.txt", &h), "5;6");
  match_ioc_set_free(s);

  /* Many regexes: several union chunks, results identical to one by one. */
  char *big = malloc(200 * 64);
  big[0] = '\0';
  for (int i = 0; i < 200; i++) {
    char line[64];
    snprintf(line, sizeof line, "\\\\dir%d\\\\file%d\\.aspx$;%d\n", i, i, i % 100);
    strcat(big, line);
  }
  s = match_ioc_set_new();
  CHECK(load_n(s, big, &w) == 200);
  match_ioc_finalize(s);
  CHECK_STREQ(match(s, "/x/dir0/file0.aspx", &h), "1");
  CHECK_STREQ(match(s, "/x/dir150/file150.aspx", &h), "151");
  CHECK_STREQ(match(s, "/x/dir199/file199.aspx", &h), "200");
  CHECK_STREQ(match(s, "/x/dir199/file198.aspx", &h), "");
  match_ioc_set_free(s);
  free(big);
}

/* A literal recurring all along a long path, shared by many IOCs. */
static void test_repeated_literal(void) {
  char *list = malloc(1000 * 40), *path = malloc(4096);
  list[0] = path[0] = '\0';
  for (int i = 0; i < 1000; i++) {
    char line[40];
    snprintf(line, sizeof line, "\\\\windows\\\\x%d\\.exe$;50\n", i);
    strcat(list, line);
  }
  for (int i = 0; i < 450; i++) strcat(path, "/windows");
  strcat(path, "/x7.exe");
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  CHECK(load_n(s, list, &w) == 1000);
  match_ioc_finalize(s);
  CHECK(match_ioc_match_names(s, path, NULL, NULL) == 1);
  match_ioc_set_free(s);
  free(list);
  free(path);
}

/* The callback may itself match names (e.g. a sink checking a sibling). */
static const ioc_set *nested_set;
static size_t nested_hits;
static void nested(void *user, const ioc_entry *e, const char *regex) {
  (void)user, (void)e, (void)regex;
  nested_hits += match_ioc_match_names(nested_set, "/b/two.txt", NULL, NULL);
}

static void test_reentrant_callback(void) {
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  load_n(s, "\\\\one\\.txt$;10\n\\\\two\\.txt$;20\n\\.txt$;5\n", &w);
  match_ioc_finalize(s);
  nested_set = s;
  nested_hits = 0;
  CHECK(match_ioc_match_names(s, "/a/one.txt", nested, NULL) == 2);
  CHECK(nested_hits == 4);
  match_ioc_set_free(s);
}

static void test_long_path(void) {
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  load_n(s, "\\\\deep\\\\shell\\.aspx$;80\n", &w);
  match_ioc_finalize(s);
  size_t n = 10000;
  char *path = malloc(n + 32);
  for (size_t i = 0; i < n; i += 2) path[i] = '/', path[i + 1] = 'a';
  strcpy(path + n, "/deep/shell.aspx");
  CHECK(match_ioc_match_names(s, path, NULL, NULL) == 1);
  match_ioc_set_free(s);
  free(path);
}

/* ---- junk --------------------------------------------------------------- */

static void test_junk_input(void) {
  size_t n = 1 << 20;
  char *junk = malloc(n + 1);
  unsigned x = 12345;
  for (size_t i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    junk[i] = (char)(x >> 16);
  }
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  match_ioc_load_hashes(s, junk, n, "junk", 0, collect, &w);
  CHECK(w.n == 101); /* 100 warnings, then one "suppressed" */
  CHECK(strstr(w.msgs[100], "suppressed") != NULL);
  w.n = 0;
  match_ioc_load_names(s, junk, n, "junk", collect, &w);
  CHECK(w.n <= 101);
  /* A 1 MB line without newline, then a valid entry on the next line. */
  memset(junk, 'A', n);
  junk[n - 1] = '\n';
  w.n = 0;
  match_ioc_load_hashes(s, junk, n, "long", 0, collect, &w);
  CHECK(w.n == 1 && has_warning(&w, 1, "longer than"));
  w.n = 0;
  match_ioc_load_names(s, junk, n, "long", collect, &w);
  CHECK(w.n == 1 && has_warning(&w, 1, "longer than"));
  /* Degenerate buffers. */
  CHECK(match_ioc_load_hashes(s, NULL, 0, NULL, 0, NULL, NULL) == 0);
  CHECK(match_ioc_load_names(s, "", 0, "empty", NULL, NULL) == 0);
  w.n = 0;
  CHECK(match_ioc_load_hashes(s, "\xEF\xBB", 2, "half-bom", 0, collect, &w) == 0);
  CHECK(w.n == 1);
  match_ioc_finalize(s);
  match_ioc_match_names(s, "/\xff\xfe/\x01/x.aspx", NULL, NULL); /* whatever junk compiled: no crash */
  match_ioc_set_free(s);
  free(junk);

  /* Embedded blobs carry their terminating NUL: not a malformed line. */
  static const char blob[] = "\\\\x\\.aspx$;80\n";
  s = match_ioc_set_new();
  w.n = 0;
  CHECK(match_ioc_load_names(s, blob, sizeof blob, "blob", collect, &w) == 1);
  CHECK(w.n == 0);
  match_ioc_finalize(s);
  CHECK(match_ioc_match_names(s, "/\xff\xfe/\x01/x.aspx", NULL, NULL) == 1); /* raw bytes in paths */
  match_ioc_set_free(s);
}

/* A regex with catastrophic backtracking must not hang the scan. */
static void test_pathological_regex(void) {
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  CHECK(load_n(s, "^(a+)+$;50\n", &w) == 1);
  match_ioc_finalize(s);
  char path[200];
  memset(path, 'a', sizeof path - 2);
  path[sizeof path - 2] = 'b';
  path[sizeof path - 1] = '\0';
  CHECK(match_ioc_match_names(s, path, NULL, NULL) == 0);
  match_ioc_set_free(s);
}

/* ---- built-in lists, fixtures, directories -------------------------------- */

static void test_builtin_lists(void) {
  char *text;
  size_t len;
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  CHECK(read_all("rules/iocs/hash-iocs.txt", &text, &len));
  CHECK(match_ioc_load_hashes(s, text, len, "builtin", 0, collect, &w) == 23);
  free(text);
  CHECK(read_all("rules/iocs/filename-iocs.txt", &text, &len));
  CHECK(match_ioc_load_names(s, text, len, "builtin", collect, &w) == 19);
  free(text);
  for (int i = 0; i < w.n && i < 256; i++) fprintf(stderr, "  %u: %s\n", w.lines[i], w.msgs[i]);
  CHECK(w.n == 0);
  match_ioc_finalize(s);
  CHECK(match_ioc_hash_count(s) == 23);
  CHECK(match_ioc_hash_kinds(s) == IOC_SHA256);

  unsigned char d[32];
  static const char sha[] = "b75f163ca9b9240bf4b37ad92bc7556b40a17e27c2b8ed5c8991385fe07d17d0";
  for (int i = 0; i < 32; i++) sscanf(sha + 2 * i, "%2hhx", &d[i]);
  const ioc_entry *e = match_ioc_lookup_hash(s, IOC_SHA256, d);
  CHECK(e && e->score == 90 && strstr(e->description, "HAFNIUM"));

  static const char *const bad[] = {
      "/case/C/inetpub/wwwroot/aspnet_client/system_web/log.aspx",
      "/case/C/inetpub/wwwroot/aspnet_client/xclkmcfldfi948398430fdjkfdkj.aspx",
      "aspnet_client/anything.ashx",
      "/e/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/8Lw7tAhF9i1pJnRo.aspx",
      "/e/Exchange/FrontEnd/HttpProxy/owa/auth/Current/one1.aspx",
      "/e/V15/FrontEnd/HttpProxy/owa/auth/15.1.2176/shel90.aspx",
      "/e/V15/FrontEnd/HttpProxy/ecp/auth/x.aspx",
      "/e/V15/FrontEnd/HttpProxy/OAB/log.aspx",
      "/e/V15/FrontEnd/HttpProxy/owa/auth/google.log",
      "/c/Users/Public/opera/Opera_browser.exe",
      "/c/Windows/Temp/lsass.dmp",
      "/c/ProgramData/lsass_1234.DMP",
      "/c/Windows/Microsoft.NET/Framework64/v4.0.30319/Temporary ASP.NET Files/owa/1/errorEE.aspx.cdcab7d2.compiled",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    int n = (int)match_ioc_match_names(s, bad[i], NULL, NULL);
    if (n == 0) fprintf(stderr, "  no match: %s\n", bad[i]);
    CHECK(n > 0);
  }
  /* Real Exchange/IIS files, including names the campaign reused. */
  static const char *const good[] = {
      "/e/V15/FrontEnd/HttpProxy/owa/auth/logon.aspx",
      "/e/V15/FrontEnd/HttpProxy/owa/auth/logout.aspx",
      "/e/V15/FrontEnd/HttpProxy/owa/auth/errorFE.aspx",
      "/e/V15/FrontEnd/HttpProxy/owa/auth/errorPage.aspx",
      "/e/V15/FrontEnd/HttpProxy/owa/auth/RedirSuiteServerProxy.aspx",
      "/e/V15/FrontEnd/HttpProxy/owa/default.aspx",
      "/e/V15/FrontEnd/HttpProxy/ecp/auth/TimeoutLogoff.aspx",
      "/e/V15/ClientAccess/Owa/auth/logon.aspx",
      "/c/inetpub/wwwroot/aspnet_client/system_web/4_0_30319/WebUIValidation.js",
      "/c/inetpub/wwwroot/iisstart.htm",
      "/srv/www/shop/shell.aspx", /* generic name outside the drop directories */
      "/c/Windows/Temp/lsass.txt",
  };
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    int n = (int)match_ioc_match_names(s, good[i], NULL, NULL);
    if (n != 0) fprintf(stderr, "  false match: %s\n", good[i]);
    CHECK(n == 0);
  }
  match_ioc_set_free(s);
}

static void test_fixture_iocs(void) {
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  CHECK(match_ioc_load_path(s, "tests/fixtures/iocs", collect, &w) == SS_OK);
  for (int i = 0; i < w.n && i < 256; i++)
    fprintf(stderr, "  %s:%u: %s\n", w.sources[i], w.lines[i], w.msgs[i]);
  CHECK(w.n == 0);
  match_ioc_finalize(s);
  CHECK(match_ioc_hash_count(s) == 4);
  CHECK(match_ioc_name_count(s) == 1);
  /* The fixture lists the SHA-256 of benign/web.config (for end-to-end
   * tests), and known-bad.bin by digests of all three kinds and by path. */
  char *cfg;
  size_t cfglen;
  CHECK(read_all("tests/fixtures/benign/web.config", &cfg, &cfglen));
  if (cfg) {
    unsigned char d[32];
    digest("SHA256", cfg, cfglen, d);
    CHECK(match_ioc_lookup_hash(s, IOC_SHA256, d) != NULL);
    free(cfg);
  }
  static const char target[] = "tests/fixtures/iocs-target/known-bad.bin";
  char *text;
  size_t len;
  CHECK(read_all(target, &text, &len));
  static const char *const md[] = {"MD5", "SHA1", "SHA256"};
  static const ioc_hash_kind kind[] = {IOC_MD5, IOC_SHA1, IOC_SHA256};
  for (int k = 0; k < 3 && text; k++) {
    unsigned char d[32];
    digest(md[k], text, len, d);
    CHECK(match_ioc_lookup_hash(s, kind[k], d) != NULL);
  }
  free(text);
  CHECK(match_ioc_match_names(s, target, NULL, NULL) == 1);
  match_ioc_set_free(s);
}

static void test_load_path(void) {
  char tmpl[] = "/tmp/test_ioc.XXXXXX";
  char *dir = mkdtemp(tmpl);
  CHECK(dir != NULL);
  if (!dir) return;
  char sub[64], path[600];
  snprintf(sub, sizeof sub, "%s/more", dir);
  mkdir(sub, 0700);
  write_file(dir, "hash-iocs.txt", "900150983cd24fb0d6963f7d28e17f72;abc md5\n"
                                   "0cc175b9c0f1b6a831c399e269772661;a md5\n");
  write_file(dir, "falsepositive-hashes.txt", "0cc175b9c0f1b6a831c399e269772661;known good\n");
  write_file(dir, "filename-iocs.txt", "# drop dir\n\\\\dropdir\\\\;70\nbad(;1\n");
  write_file(dir, "c2-iocs.txt", "evil.example.com;100\n");
  write_file(dir, ".hidden-hash-iocs.txt", "not even a hash\n");
  write_file(sub, "otx-hash-iocs.txt", "a9993e364706816aba3e25717850c26c9cd0d89d;abc sha1\n");
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  CHECK(match_ioc_load_path(s, dir, collect, &w) == SS_OK);
  CHECK(w.n == 2);
  snprintf(path, sizeof path, "%s/c2-iocs.txt", dir);
  CHECK(w.n > 0 && strcmp(w.sources[0], path) == 0 && w.lines[0] == 0 && strstr(w.msgs[0], "ignored"));
  snprintf(path, sizeof path, "%s/filename-iocs.txt", dir);
  CHECK(w.n > 1 && strcmp(w.sources[1], path) == 0 && w.lines[1] == 3);
  match_ioc_finalize(s);
  CHECK(match_ioc_hash_count(s) == 3);
  CHECK(match_ioc_name_count(s) == 1);
  CHECK(match_ioc_hash_kinds(s) == (IOC_MD5 | IOC_SHA1));
  unsigned char d[32];
  digest("MD5", "abc", 3, d);
  const ioc_entry *e = match_ioc_lookup_hash(s, IOC_MD5, d);
  snprintf(path, sizeof path, "%s/hash-iocs.txt", dir);
  CHECK(e && strcmp(e->source, path) == 0 && e->line == 1);
  digest("MD5", "a", 1, d);
  CHECK(match_ioc_lookup_hash(s, IOC_MD5, d) == NULL); /* allow-listed */
  digest("SHA1", "abc", 3, d);
  CHECK(match_ioc_lookup_hash(s, IOC_SHA1, d) != NULL); /* from the subdirectory */
  CHECK(match_ioc_match_names(s, "/x/DropDir/y", NULL, NULL) == 1);
  match_ioc_set_free(s);

  /* A file named directly: by name, else by its first entry. */
  s = match_ioc_set_new();
  w.n = 0;
  snprintf(path, sizeof path, "%s/c2-iocs.txt", dir);
  write_file(dir, "mylist.txt", "# mine\n900150983cd24fb0d6963f7d28e17f72;abc\n");
  snprintf(path, sizeof path, "%s/mylist.txt", dir);
  CHECK(match_ioc_load_path(s, path, collect, &w) == SS_OK);
  CHECK(w.n == 1 && strstr(w.msgs[0], "hash list"));
  snprintf(path, sizeof path, "%s/does-not-exist", dir);
  CHECK(match_ioc_load_path(s, path, collect, &w) == SS_ERR_IOC);
  CHECK(w.n == 2 && w.lines[1] == 0);
  match_ioc_finalize(s);
  CHECK(match_ioc_hash_count(s) == 1);
  match_ioc_set_free(s);

  static const char *const names[] = {"hash-iocs.txt", "falsepositive-hashes.txt", "filename-iocs.txt",
                                      "c2-iocs.txt", ".hidden-hash-iocs.txt", "mylist.txt"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    unlink(path);
  }
  snprintf(path, sizeof path, "%s/otx-hash-iocs.txt", sub);
  unlink(path);
  rmdir(sub);
  rmdir(dir);
}

/* A small bounded string builder for generated regexes and paths. */
typedef struct {
  char buf[400];
  size_t len;
} strbuf_t;

static void sb_putc(strbuf_t *b, char c) {
  if (b->len + 1 < sizeof b->buf) b->buf[b->len++] = c;
  b->buf[b->len] = '\0';
}

static void sb_puts(strbuf_t *b, const char *s) {
  while (*s) sb_putc(b, *s++);
}

/* The prefilter may only use text every match must contain. */
static void test_required_literal(void) {
  static const char *const cases[][2] = {
      {"\\\\aspnet_client\\\\(x)?y", "\\aspnet_client\\"},
      {"abc?def", "def"},          /* c may be absent */
      {"abc+de", "abc"},           /* c repeated: "cd" need not be adjacent to "ab" */
      {"a{2}bcd", "bcd"},
      {"\\.aspx$", ".aspx"},
      {"AbC", "abc"},              /* lower case; matched caseless */
      {"ab|cdef", ""},             /* top-level alternation */
      {"(abcdef)", ""},
      {"\\x41bcd", ""},            /* escapes with arguments: give up */
      {"ab[[:alpha:]]cde", ""},
      {"[)]abcd", "abcd"},
      {"x\\Qabc", ""},
      {"\\d\\w+lsass", "lsass"},
      /* '{' is a quantifier only as {n}, {n,}, {n,m}; else a literal, and
       * what follows it is syntax (fuzz_ioc_names: "k\x01{|" matched every
       * path while its literal "k" was taken as required) */
      {"abc{2,}defg", "defg"},
      {"abcd{x|y}", ""},
      {"abcd{|", ""},
      {"abcd{(x|y)}efg", "}efg"},
      {"abc{,3}defg", ""}, /* a quantifier only since PCRE2 10.43: give up */
      {"abc{ 3}defg", ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char lit[IOC_LIT_MAX + 1];
    size_t n = match_ioc_required_literal(cases[i][0], lit, IOC_LIT_MAX);
    lit[n] = '\0';
    if (strcmp(lit, cases[i][1]) != 0) fprintf(stderr, "  %s -> \"%s\"\n", cases[i][0], lit);
    CHECK_STREQ(lit, cases[i][1]);
  }
}

/* ---- differential: index vs one regex at a time -------------------------- */

static unsigned rnd_state = 2021;
static unsigned rnd(unsigned n) {
  rnd_state = rnd_state * 1103515245u + 12345u;
  return (rnd_state >> 8) % n;
}

static const char *const vocab[] = {"aspnet_client", "owa", "auth", "shell", "x", "ab", "evil", "tmp",
                                    "a1", "exe", "aspx", "dll", "Temp", "lsass"};
#define NVOCAB (sizeof vocab / sizeof *vocab)

static void add_word(strbuf_t *b, int mixcase) {
  const char *w = vocab[rnd(NVOCAB)];
  for (; *w; w++) {
    char c = *w;
    if (mixcase && rnd(3) == 0 && c >= 'a' && c <= 'z') c = (char)(c - 32);
    sb_putc(b, c);
  }
}

/* A random regex over the vocabulary, using the syntax LOKI lists use and
 * some they rarely do (backreferences, \Q, POSIX classes, alternation). */
static void random_regex(strbuf_t *b) {
  static const char *const atoms[] = {"\\\\", "/", "\\.", ".", "[a-z]+", "[^\\\\]*", "\\d", "\\x41",
                                      "[[:alpha:]]", "(?i)", "(?-i)", "\\Qa.b\\E", "(ab)\\1", "(?:x|ab)",
                                      "(?<=x)", "\\b", "[.]", "\\w+"};
  static const char *const quants[] = {"?", "*", "+", "{0,2}", "{1,3}", "??"};
  b->len = 0;
  if (rnd(5) == 0) sb_putc(b, '^');
  int n = 1 + (int)rnd(6);
  for (int i = 0; i < n; i++) {
    unsigned k = rnd(10);
    if (k < 5) add_word(b, 1);
    else sb_puts(b, atoms[rnd(sizeof atoms / sizeof *atoms)]);
    if (rnd(5) == 0) sb_puts(b, quants[rnd(sizeof quants / sizeof *quants)]);
    if (rnd(12) == 0) sb_putc(b, '|');
  }
  if (rnd(4) == 0) sb_putc(b, '$');
}

static void random_path(strbuf_t *b) {
  b->len = 0;
  if (rnd(3)) sb_putc(b, rnd(4) ? '/' : '\\');
  int n = 1 + (int)rnd(7);
  for (int i = 0; i < n; i++) {
    if (i) sb_putc(b, rnd(4) ? '/' : '\\');
    add_word(b, 1);
    if (rnd(3) == 0) sb_putc(b, ".1A_"[rnd(4)]);
    if (rnd(3) == 0) add_word(b, 1);
  }
}

typedef struct {
  pcre2_code *re[400];
  unsigned line[400];
  int n;
} reference;

/* The documented semantics, spelled out: path as given, or '/' -> '\' with
 * a leading '\' for relative paths. */
static void reference_hits(const reference *ref, const char *path, char *out, size_t cap) {
  char win[512];
  size_t len = strlen(path), lead = path[0] != '/' && path[0] != '\\';
  win[0] = '\\';
  for (size_t i = 0; i <= len; i++) win[lead + i] = path[i] == '/' ? '\\' : path[i];
  pcre2_match_data *md = pcre2_match_data_create(1, NULL);
  out[0] = '\0';
  for (int i = 0; i < ref->n; i++) {
    int a = pcre2_match(ref->re[i], (PCRE2_SPTR)path, len, 0, 0, md, NULL);
    int b = pcre2_match(ref->re[i], (PCRE2_SPTR)win, len + lead, 0, 0, md, NULL);
    if (a >= 0 || b >= 0) {
      size_t l = strlen(out);
      snprintf(out + l, cap - l, "%s%u", l ? ";" : "", ref->line[i]);
    }
  }
  pcre2_match_data_free(md);
}

static int differential(const char *list, int npaths, const char *const *extra, int nextra) {
  warnings w = {0};
  reference ref = {.n = 0};
  ioc_set *s = match_ioc_set_new();
  load_n(s, list, &w);
  match_ioc_finalize(s);
  unsigned line = 0;
  for (const char *p = list; *p; p = strchr(p, '\n') + 1) {
    line++;
    const char *semi = strchr(p, ';');
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)p, (size_t)(semi - p), PCRE2_CASELESS, &err, &off, NULL);
    if (re && ref.n < 400) ref.re[ref.n] = re, ref.line[ref.n++] = line;
    else pcre2_code_free(re);
  }
  CHECK((size_t)ref.n == match_ioc_name_count(s));
  int mismatches = 0;
  strbuf_t path = {{0}, 0};
  for (int i = 0; i < npaths + nextra; i++) {
    if (i < nextra) path.len = 0, sb_puts(&path, extra[i]);
    else random_path(&path);
    char want[2048];
    hits h;
    reference_hits(&ref, path.buf, want, sizeof want);
    match(s, path.buf, &h);
    if (strcmp(want, h.buf) != 0 && mismatches++ < 5)
      fprintf(stderr, "  %s: index %s, reference %s\n", path.buf, h.buf, want);
  }
  for (int i = 0; i < ref.n; i++) pcre2_code_free(ref.re[i]);
  match_ioc_set_free(s);
  return mismatches;
}

/* 300 random regexes (some not unionable, some without a literal) against
 * 3000 random paths: the indexed matcher must agree with the plain one. */
static void test_differential_random(void) {
  strbuf_t re = {{0}, 0};
  static char text[400 * 300];
  text[0] = '\0';
  for (int i = 0; i < 300; i++) {
    random_regex(&re);
    strcat(text, re.buf);
    strcat(text, ";50\n");
  }
  CHECK(differential(text, 3000, NULL, 0) == 0);
}

static void test_differential_builtin(void) {
  char *text;
  size_t len;
  CHECK(read_all("rules/iocs/filename-iocs.txt", &text, &len));
  char *list = malloc(len + 1);
  /* comments and blank lines dropped: the reference counts entry lines only */
  size_t o = 0;
  for (const char *p = text; p < text + len;) {
    const char *nl = memchr(p, '\n', (size_t)(text + len - p));
    size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(text + len - p);
    if (n > 1 && *p != '#') memcpy(list + o, p, n), o += n;
    p += n;
  }
  list[o] = '\0';
  /* the reference knows no FP regexes: lines with one are dropped below */
  static const char *const paths[] = {
      "C:\\inetpub\\wwwroot\\aspnet_client\\shell.aspx", "aspnet_client/system_web/xx.aspx",
      "/x/FrontEnd/HttpProxy/owa/auth/Current/one1.aspx", "/x/owa/auth/15.1.2176/shel90.aspx",
      "/x/owa/auth/Current/themes/errorFS.aspx", "/c/Users/Public/opera/Opera_Browser.exe",
      "/c/inetpub/wwwroot/x.dmp.zip", "lsass.dmp", "/c/ProgramData/VSPerfMon/a.bin",
      "/c/Windows/WwanSvcdcs", "/c/x/Temporary ASP.NET Files/owa/a/b/aspnet_www.aspx.1f2e3d4c.compiled"};
  char *filtered = malloc(o + 1);
  size_t f = 0;
  for (const char *p = list; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = (size_t)(nl - p) + 1;
    const char *semi = memchr(p, ';', n);
    if (!memchr(semi + 1, ';', (size_t)(nl - semi - 1))) memcpy(filtered + f, p, n), f += n;
    p += n;
  }
  filtered[f] = '\0';
  CHECK(differential(filtered, 2000, paths, (int)(sizeof paths / sizeof *paths)) == 0);
  free(filtered);
  free(list);
  free(text);
}

/* ---- threads ------------------------------------------------------------ */

typedef struct {
  const ioc_set *set;
  int errors;
} thread_arg;

static void *matcher(void *p) {
  thread_arg *a = p;
  for (int i = 0; i < 2000; i++) {
    if (match_ioc_match_names(a->set, "/c/inetpub/wwwroot/aspnet_client/shell.aspx", NULL, NULL) != 2) a->errors++;
    if (match_ioc_match_names(a->set, "/c/inetpub/wwwroot/default.htm", NULL, NULL) != 0) a->errors++;
  }
  return NULL;
}

/* A '{' that starts no quantifier must not hide a top-level '|' from the
 * prefilter: "shellname{x|y}" matches any path containing "y}". */
static void test_brace_alternation(void) {
  warnings w = {0};
  ioc_set *s = match_ioc_set_new();
  CHECK(load_n(s, "shellname{x|y};50\nk\x01{|;40\n", &w) == 2);
  match_ioc_finalize(s);
  CHECK(match_ioc_match_names(s, "/srv/www/y}/index.php", NULL, NULL) == 2);
  CHECK(match_ioc_match_names(s, "/srv/www/index.php", NULL, NULL) == 1); /* "k\x01{|" matches anything */
  match_ioc_set_free(s);
}

/* A text holding none of the literals, scanned into a list that has never
 * grown (v == NULL, as in a thread's first match): nothing to sort or move.
 * fuzz_ioc_names found match_ioc_ac_scan computing NULL + 0 here (UB, reported by
 * the asan+ubsan build). */
static void test_ac_scan_no_literal(void) {
  const char *const lits[] = {"shell"};
  const size_t lens[] = {5}, ids[] = {7};
  ioc_ac *ac = match_ioc_ac_build(lits, lens, ids, 1);
  ioc_idvec v = {0};
  CHECK(ac != NULL);
  match_ioc_ac_scan(ac, "/srv/www/index.php", 18, &v);
  CHECK(v.n == 0);
  match_ioc_ac_scan(ac, "/srv/www/SHELL.php", 18, &v);
  CHECK(v.n == 1 && v.v[0] == 7);
  free(v.v);
  match_ioc_ac_free(ac);
}

static void test_threads(void) {
  char *text;
  size_t len;
  ioc_set *s = match_ioc_set_new();
  CHECK(read_all("rules/iocs/filename-iocs.txt", &text, &len));
  match_ioc_load_names(s, text, len, "builtin", NULL, NULL);
  free(text);
  match_ioc_finalize(s);
  pthread_t t[4];
  thread_arg a[4];
  for (int i = 0; i < 4; i++) {
    a[i] = (thread_arg){s, 0};
    pthread_create(&t[i], NULL, matcher, &a[i]);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], NULL);
    CHECK(a[i].errors == 0);
  }
  match_ioc_set_free(s);
}

int main(void) {
  RUN(test_hash_formats);
  RUN(test_hash_malformed);
  RUN(test_duplicates_first_wins);
  RUN(test_allowlist);
  RUN(test_trivial_hashes);
  RUN(test_names_windows_patterns);
  RUN(test_names_malformed);
  RUN(test_names_union_semantics);
  RUN(test_long_path);
  RUN(test_repeated_literal);
  RUN(test_reentrant_callback);
  RUN(test_junk_input);
  RUN(test_pathological_regex);
  RUN(test_builtin_lists);
  RUN(test_fixture_iocs);
  RUN(test_load_path);
  RUN(test_required_literal);
  RUN(test_ac_scan_no_literal);
  RUN(test_brace_alternation);
  RUN(test_differential_random);
  RUN(test_differential_builtin);
  RUN(test_threads);
  TEST_END();
}
