/*
 * fuzz_ioc_names.c - match_ioc_load_names / match_ioc_finalize / match_ioc_match_names on an
 * arbitrary filename-regex list, matched against paths made from the same
 * input (each line as is, and with regex escapes and anchors stripped, in
 * '/' and '\' forms).  Asserts: match_ioc_match_names, with its Aho-Corasick
 * prefilter and regex unions, reports exactly the entries that running each
 * regex (and false-positive regex) alone on both path forms reports, once
 * each, in load order, also when re-entered from its callback; a regex's
 * required literal occurs in every path form it matches.
 */
// fuzz-max-len: 4096
// fuzz-seeds: rules/iocs/*filename* tests/fixtures/iocs/*filename*
#include <string.h>

#include "fuzz.h"
#include "match/ioc_priv.h"
#include "util/util.h"

#define MAX_LINES 48 /* lines turned into paths, to bound the cost of an input */

static pcre2_match_data *md;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  md = pcre2_match_data_create(1, NULL);
  return 0;
}

static void on_warn(void *user, const char *source, unsigned line, const char *message) {
  (void)line;
  FUZZ_ASSERT(source && message && *message);
  ++*(unsigned *)user;
}

/* ---- the brute-force reference ---- */

typedef struct {
  const char *form[2];
  size_t len[2];
} forms;

static int ref_match(const ioc_set *set, const pcre2_code *re, const forms *f, int *which) {
  for (int i = 0; i < 2; i++)
    if (pcre2_match(re, (PCRE2_SPTR)f->form[i], f->len[i], 0, 0, md, set->mctx) >= 0) {
      if (which) *which = i;
      return 1;
    }
  return 0;
}

static int ref_hits(const ioc_set *set, size_t i, const forms *f, int *which) {
  const ioc_name_rec *r = &set->names[i];
  return ref_match(set, r->re, f, which) && !(r->fp && ref_match(set, r->fp, f, NULL));
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Caseless (ASCII) search with '/' and '\' equal, as the prefilter scans. */
static int contains_lit(const char *s, size_t n, const char *lit, size_t ln) {
  for (size_t i = 0; i + ln <= n; i++) {
    size_t j = 0;
    for (; j < ln; j++) {
      int a = lower((unsigned char)s[i + j]), b = (unsigned char)lit[j];
      if (a == '/') a = '\\';
      if (b == '/') b = '\\';
      if (a != b) break;
    }
    if (j == ln) return 1;
  }
  return 0;
}

/* match_ioc_required_literal is specified for unionable regexes: no \Q, no (?x),
 * no (*VERB) (e.g. (*ACCEPT) matches before any literal). */
static int literal_applies(const char *re) {
  if (strstr(re, "\\Q") || strstr(re, "(*")) return 0;
  for (const char *p = strstr(re, "(?"); p; p = strstr(p + 1, "(?"))
    for (const char *q = p + 2; *q && *q != ')' && *q != ':'; q++)
      if (*q == 'x') return 0;
  return 1;
}

/* ---- the library under test ---- */

typedef struct {
  const ioc_set *set;
  const char *path;
  size_t expect; /* reference hit count for path */
  size_t n, last;
  unsigned char *hit;
  int depth;
} got;

static void on_hit(void *user, const ioc_entry *e, const char *regex) {
  got *g = user;
  const ioc_set *set = g->set;
  FUZZ_ASSERT(set->nnames > 0);
  const char *base = (const char *)&set->names[0].entry;
  size_t off = (size_t)((const char *)e - base);
  FUZZ_ASSERT((const char *)e >= base && off % sizeof(ioc_name_rec) == 0);
  size_t i = off / sizeof(ioc_name_rec);
  FUZZ_ASSERT(i < set->nnames && regex == set->names[i].regex);
  FUZZ_ASSERT(g->n == 0 || i > g->last); /* load order, each once */
  g->hit[i] = 1;
  g->last = i;
  g->n++;
  if (g->depth == 0) { /* fn may call match_ioc_match_names itself */
    g->depth = 1;
    FUZZ_ASSERT(match_ioc_match_names(set, g->path, NULL, NULL) == g->expect);
    g->depth = 0;
  }
}

static void check_path(const ioc_set *set, const char *path, unsigned char *hit) {
  size_t len = strlen(path);
  char *win = xmalloc(len + 2);
  size_t lead = path[0] != '/' && path[0] != '\\';
  win[0] = '\\';
  for (size_t i = 0; i <= len; i++) win[lead + i] = path[i] == '/' ? '\\' : path[i];
  forms f = {{win, path}, {len + lead, len}};
  size_t expect = 0;
  for (size_t i = 0; i < set->nnames; i++) expect += ref_hits(set, i, &f, NULL);
  memset(hit, 0, set->nnames);
  got g = {set, path, expect, 0, 0, hit, 0};
  FUZZ_ASSERT(match_ioc_match_names(set, path, on_hit, &g) == expect && g.n == expect);
  for (size_t i = 0; i < set->nnames; i++) {
    int which = 0;
    int ref = ref_hits(set, i, &f, &which);
    if (ref != hit[i]) {
      fprintf(stderr, "regex #%zu /%s/ on path \"%s\": reference %d, match_ioc_match_names %d\n", i,
              set->names[i].regex, path, ref, hit[i]);
      FUZZ_ASSERT(ref == hit[i]);
    }
    char lit[IOC_LIT_MAX];
    size_t ln;
    if (ref && ref_match(set, set->names[i].re, &f, &which) && literal_applies(set->names[i].regex) &&
        (ln = match_ioc_required_literal(set->names[i].regex, lit, sizeof lit)) > 0 &&
        !contains_lit(f.form[which], f.len[which], lit, ln)) {
      fprintf(stderr, "regex /%s/ matched \"%s\" without its literal \"%.*s\"\n", set->names[i].regex,
              f.form[which], (int)ln, lit);
      FUZZ_ASSERT(0);
    }
  }
  free(win);
}

/* The path a regex line most plausibly describes: the regex field with
 * escapes resolved and anchors dropped. */
static void deregex(const char *s, size_t n, strbuf *out) {
  for (size_t i = 0; i < n && s[i] != ';'; i++) {
    if (s[i] == '^' || s[i] == '$') continue;
    if (s[i] == '\\' && i + 1 < n) i++;
    sb_addc(out, s[i] ? s[i] : '_');
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  unsigned nwarn = 0;
  ioc_set *set = match_ioc_set_new();
  size_t loaded = match_ioc_load_names(set, text, size, "fuzz", on_warn, &nwarn);
  FUZZ_ASSERT(nwarn <= 101 && loaded == match_ioc_name_count(set));
  match_ioc_finalize(set);
  unsigned char *hit = xmalloc(set->nnames + 1);
  static const char *const fixed[] = {"", "/", "a", "/srv/www/shell.aspx",
                                      "inetpub/wwwroot/aspnet_client/system_web/shell.aspx"};
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) check_path(set, fixed[i], hit);
  size_t lines = 0;
  for (size_t i = 0; i < size && lines < MAX_LINES; lines++) {
    const char *nl = memchr(text + i, '\n', size - i);
    size_t end = nl ? (size_t)(nl - text) : size;
    strbuf p = STRBUF_INIT;
    sb_add(&p, text + i, end - i);
    for (size_t k = 0; k < p.len; k++)
      if (!p.data[k]) p.data[k] = '_'; /* paths hold no NUL */
    check_path(set, p.data, hit);
    sb_reset(&p);
    deregex(text + i, end - i, &p);
    check_path(set, p.data, hit);
    for (size_t k = 0; k < p.len; k++)
      if (p.data[k] == '\\') p.data[k] = '/';
    check_path(set, p.data, hit);
    sb_free(&p);
    i = end + 1;
  }
  free(hit);
  match_ioc_set_free(set);
  return 0;
}
