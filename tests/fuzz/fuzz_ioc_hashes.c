/*
 * fuzz_ioc_hashes.c - match_ioc_load_hashes / match_ioc_finalize / match_ioc_lookup_hash on
 * an arbitrary hash list.  Beyond "no crash": every line this file's own
 * reading of the format (ioc.h) takes for a non-trivial digest loads and can
 * be looked up, and its entry is the first line that listed it, with a
 * score in -100..100 and a description of at most 1 KiB; the load count and
 * match_ioc_hash_count agree with that reading; trivial digests (computed here
 * with OpenSSL) never match; the same list loaded again as an allow-list
 * matches nothing; warnings are capped at 101 per source.
 */
// fuzz-max-len: 8192
// fuzz-seeds: rules/iocs/*hash* tests/fixtures/iocs/*hash*
#include <openssl/evp.h>
#include <string.h>

#include "fuzz.h"
#include "match/ioc.h"

static const size_t kind_len[3] = {16, 20, 32};
static const ioc_hash_kind kinds[3] = {IOC_MD5, IOC_SHA1, IOC_SHA256};
static unsigned char trivial[3][4][32];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  static const char *const md[3] = {"MD5", "SHA1", "SHA256"};
  static const char *const text[4] = {"", "\n", "\r\n", " "};
  (void)argc, (void)argv;
  for (int k = 0; k < 3; k++)
    for (int t = 0; t < 4; t++)
      EVP_Digest(text[t], strlen(text[t]), trivial[k][t], NULL, EVP_get_digestbyname(md[k]), NULL);
  return 0;
}

static int is_trivial(int k, const unsigned char *d) {
  for (int t = 0; t < 4; t++)
    if (memcmp(trivial[k][t], d, kind_len[k]) == 0) return 1;
  return 0;
}

typedef struct {
  unsigned n;
  unsigned max_line;
} warn_count;

static void on_warn(void *user, const char *source, unsigned line, const char *message) {
  warn_count *w = user;
  FUZZ_ASSERT(source && strcmp(source, "fuzz") == 0 && message && *message);
  FUZZ_ASSERT(line <= w->max_line);
  w->n++;
}

/* One hash line as this file reads ioc.h: the first ';' field, trimmed of
 * blanks, is 32/40/64 hex digits. */
typedef struct {
  int kind; /* 0..2 */
  unsigned char digest[32];
  unsigned line;
} ref_hash;

static int hexval(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static size_t ref_parse(const unsigned char *s, size_t len, ref_hash *out, size_t cap, unsigned *nlines) {
  size_t n = 0;
  unsigned line = 0;
  while (len && s[len - 1] == 0) len--;
  if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3, len -= 3;
  for (size_t i = 0; i < len;) {
    const unsigned char *nl = memchr(s + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - s) : len, a = i, b = end;
    line++;
    i = nl ? end + 1 : len;
    if (b - a > 64 * 1024 || memchr(s + a, 0, b - a)) continue; /* skipped with a warning */
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) a++;
    if (a == b || s[a] == '#') continue;
    const unsigned char *semi = memchr(s + a, ';', b - a);
    if (semi) b = (size_t)(semi - s);
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) b--;
    int k = b - a == 32 ? 0 : b - a == 40 ? 1 : b - a == 64 ? 2 : -1;
    if (k < 0 || n == cap) continue;
    ref_hash *r = &out[n];
    memset(r, 0, sizeof *r);
    int ok = 1;
    for (size_t j = 0; ok && j < b - a; j += 2) {
      int hi = hexval(s[a + j]), lo = hexval(s[a + j + 1]);
      ok = hi >= 0 && lo >= 0;
      if (ok) r->digest[j / 2] = (unsigned char)(hi << 4 | lo);
    }
    if (!ok || is_trivial(k, r->digest)) continue;
    r->kind = k;
    r->line = line;
    n++;
  }
  *nlines = line;
  return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ref_hash *refs = malloc((size / 32 + 1) * sizeof *refs); /* a digest line has 32+ bytes */
  unsigned nlines = 0;
  size_t nref = ref_parse(data, size, refs, size / 32 + 1, &nlines);
  warn_count w = {0, nlines};

  ioc_set *set = match_ioc_set_new();
  size_t loaded = match_ioc_load_hashes(set, (const char *)data, size, "fuzz", 0, on_warn, &w);
  FUZZ_ASSERT(w.n <= 101);
  FUZZ_ASSERT(loaded == nref);
  match_ioc_finalize(set);
  size_t unique = 0;
  for (size_t i = 0; i < nref; i++) {
    const ioc_entry *e = match_ioc_lookup_hash(set, kinds[refs[i].kind], refs[i].digest);
    FUZZ_ASSERT(e != NULL);
    FUZZ_ASSERT(e->source && strcmp(e->source, "fuzz") == 0 && e->description);
    FUZZ_ASSERT(e->score >= -100 && e->score <= 100 && strlen(e->description) <= 1024);
    size_t first = i;
    for (size_t j = 0; j < i; j++)
      if (refs[j].kind == refs[i].kind && memcmp(refs[j].digest, refs[i].digest, 32) == 0) {
        first = j;
        break;
      }
    FUZZ_ASSERT(e->line == refs[first].line); /* the first loaded duplicate wins */
    unique += first == i;
  }
  FUZZ_ASSERT(match_ioc_hash_count(set) == unique);
  unsigned mask = 0;
  for (size_t i = 0; i < nref; i++) mask |= kinds[refs[i].kind];
  FUZZ_ASSERT(match_ioc_hash_kinds(set) == mask);
  for (int k = 0; k < 3; k++)
    for (int t = 0; t < 4; t++) FUZZ_ASSERT(match_ioc_lookup_hash(set, kinds[k], trivial[k][t]) == NULL);

  /* Everything allow-listed: nothing matches any more (loading after
   * match_ioc_finalize is allowed; the set is finalized again). */
  w.n = 0;
  FUZZ_ASSERT(match_ioc_load_hashes(set, (const char *)data, size, "fuzz", 1, on_warn, &w) >= nref);
  match_ioc_finalize(set);
  for (size_t i = 0; i < nref; i++) FUZZ_ASSERT(match_ioc_lookup_hash(set, kinds[refs[i].kind], refs[i].digest) == NULL);
  match_ioc_set_free(set);
  free(refs);
  return 0;
}
