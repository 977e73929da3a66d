/*
 * ioc_hash.c - hash IOCs.  Parses HASH;DESCRIPTION and HASH;SCORE;DESCRIPTION
 * lists (and false-positive allow-lists) into one array per digest kind;
 * match_ioc_finalize() sorts them so a lookup is two binary searches.  Digests of
 * trivial files (empty, a lone newline, a space) are refused at load time:
 * a bad feed listing one would flag harmless files everywhere (LOKI#99).
 */
#include "match/ioc_priv.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static const size_t kind_len[3] = {16, 20, 32};
static const char *const kind_name[3] = {"MD5", "SHA-1", "SHA-256"};

/* MD5, SHA-1 and SHA-256 of "", "\n", "\r\n" and " " (coreutils md5sum,
 * sha1sum, sha256sum; test_ioc recomputes them with OpenSSL). */
static const char *const trivial_what[4] = {"the empty file", "a file holding only \"\\n\"",
                                            "a file holding only \"\\r\\n\"", "a file holding only \" \""};
static const char *const trivial_hex[3][4] = {
    {"d41d8cd98f00b204e9800998ecf8427e", "68b329da9893e34099c7d8ad5cb9c940",
     "81051bcc2cf1bedf378224b0a93e2877", "7215ee9c7d9dc229d2921a40e899ec5f"},
    {"da39a3ee5e6b4b0d3255bfef95601890afd80709", "adc83b19e793491b1c6ea0fd8b46cd9f32e592fc",
     "ba8ab5a0280b953aa97435ff8946cbcbb2755a27", "b858cb282617fb0956d960215c8e84d1ccf909c6"},
    {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
     "01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b",
     "7eb70257593da06f682a3ddda54a9d260d4fc514f645237f5ca74b08f8da61a6",
     "36a9e7f1c95b82ffb99743e0c5c4ce95d83c9a430aac59f84ef3cbfab6145068"},
};

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int match_ioc_hex_digest(const char *s, size_t n, unsigned char *out) {
  int k = n == 32 ? 0 : n == 40 ? 1 : n == 64 ? 2 : -1;
  if (k < 0) return -1;
  for (size_t i = 0; i < n; i += 2) {
    int hi = hexval(s[i]), lo = hexval(s[i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out[i / 2] = (unsigned char)(hi << 4 | lo);
  }
  return k;
}

static int kind_index(ioc_hash_kind kind) {
  switch (kind) {
  case IOC_MD5: return 0;
  case IOC_SHA1: return 1;
  case IOC_SHA256: return 2;
  }
  return -1;
}

/* Which trivial file a digest belongs to, or NULL. */
static const char *trivial(int k, const unsigned char *digest) {
  for (int i = 0; i < 4; i++) {
    const char *t = trivial_hex[k][i];
    unsigned char d[32];
    if ((hexval(t[0]) << 4 | hexval(t[1])) != digest[0]) continue; /* cheap: runs per line */
    match_ioc_hex_digest(t, kind_len[k] * 2, d);
    if (memcmp(d, digest, kind_len[k]) == 0) return trivial_what[i];
  }
  return NULL;
}

static void vec_push(ioc_hash_vec *v, const ioc_hash_rec *r) {
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 256;
    v->v = xrealloc(v->v, v->cap * sizeof *v->v);
  }
  v->v[v->n++] = *r;
}

/* Fills rec (digest, score, description span) from one non-comment line;
 * returns the kind index, or -1 after warning. */
static int parse_line(ioc_load_ctx *c, unsigned line, const char *s, size_t n, ioc_hash_rec *rec,
                      const char **desc, size_t *dlen) {
  const char *semi = memchr(s, ';', n);
  size_t hn = semi ? (size_t)(semi - s) : n;
  const char *h = match_ioc_trim(s, &hn);
  int k = match_ioc_hex_digest(h, hn, rec->digest);
  if (k < 0) {
    match_ioc_warnf(c, line, "first field is not an MD5, SHA-1 or SHA-256 hex digest (32, 40 or 64 hex digits)");
    return -1;
  }
  rec->entry.score = IOC_DEFAULT_HASH_SCORE;
  *desc = "";
  *dlen = 0;
  if (!semi) return k;
  const char *rest = semi + 1;
  size_t rn = (size_t)(s + n - rest);
  const char *semi2 = memchr(rest, ';', rn);
  if (semi2) { /* three columns if the middle one is a score (or empty) */
    size_t fn = (size_t)(semi2 - rest);
    const char *f = match_ioc_trim(rest, &fn);
    if (fn == 0 || match_ioc_parse_score(c, line, f, fn, &rec->entry.score)) {
      rest = semi2 + 1;
      rn = (size_t)(s + n - rest);
    }
  }
  *desc = match_ioc_trim(rest, &rn);
  *dlen = match_ioc_desc_len(*desc, rn);
  return k;
}

size_t match_ioc_load_hashes(ioc_set *set, const char *text, size_t len, const char *source, int allowlist,
                       ioc_warn_fn warn, void *user) {
  ioc_load_ctx c = {source ? source : "", warn, user, 0};
  const char *src = match_ioc_arena_strndup(set, c.source, strlen(c.source));
  ioc_line_iter it;
  const char *s, *desc;
  size_t n, dlen, loaded = 0;
  int r, trivial_seen = 0;
  set->finalized = 0;
  match_ioc_line_init(&it, text, len);
  while ((r = match_ioc_line_next(&it, &c, &s, &n)) != 0) {
    if (r < 0 || n == 0 || s[0] == '#') continue;
    ioc_hash_rec rec;
    memset(&rec, 0, sizeof rec); /* unused digest bytes must compare equal */
    int k = parse_line(&c, it.lineno, s, n, &rec, &desc, &dlen);
    if (k < 0) continue;
    const char *what = allowlist ? NULL : trivial(k, rec.digest);
    if (what) {
      if (!trivial_seen++)
        match_ioc_warnf(&c, it.lineno, "%s of %s ignored: it would match harmless files (further trivial "
                  "digests in this source are ignored silently)", kind_name[k], what);
      continue;
    }
    if (set->nhash_total >= IOC_MAX_HASHES) {
      match_ioc_warnf(&c, it.lineno, "more than %u hashes loaded; the rest of this source is ignored",
                IOC_MAX_HASHES);
      break;
    }
    rec.seq = set->next_seq++;
    rec.entry.source = src;
    rec.entry.line = it.lineno;
    rec.entry.description = allowlist ? "" : match_ioc_arena_strndup(set, desc, dlen);
    vec_push(allowlist ? &set->allow[k] : &set->bad[k], &rec);
    set->nhash_total++;
    loaded++;
  }
  return loaded;
}

static int rec_cmp(const void *a, const void *b) {
  const ioc_hash_rec *x = a, *y = b;
  int d = memcmp(x->digest, y->digest, sizeof x->digest);
  if (d) return d;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorted by digest then load order; keeps the first of each digest. */
static void sort_unique(ioc_hash_vec *v) {
  if (v->n < 2) return;
  qsort(v->v, v->n, sizeof *v->v, rec_cmp);
  size_t out = 1;
  for (size_t i = 1; i < v->n; i++)
    if (memcmp(v->v[i].digest, v->v[out - 1].digest, sizeof v->v[i].digest) != 0) v->v[out++] = v->v[i];
  v->n = out;
}

void match_ioc_hash_finalize(ioc_set *set) {
  for (int k = 0; k < 3; k++) {
    sort_unique(&set->bad[k]);
    sort_unique(&set->allow[k]);
  }
}

void match_ioc_hash_free(ioc_set *set) {
  for (int k = 0; k < 3; k++) {
    free(set->bad[k].v);
    free(set->allow[k].v);
  }
}

static const ioc_hash_rec *find(const ioc_hash_vec *v, const unsigned char *key) {
  size_t lo = 0, hi = v->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int d = memcmp(v->v[mid].digest, key, 32);
    if (d == 0) return &v->v[mid];
    if (d < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

const ioc_entry *match_ioc_lookup_hash(const ioc_set *set, ioc_hash_kind kind, const unsigned char *digest) {
  int k = kind_index(kind);
  if (k < 0 || !digest) return NULL;
  assert(set->finalized && "match_ioc_finalize() must run before lookups");
  unsigned char key[32] = {0};
  memcpy(key, digest, kind_len[k]);
  const ioc_hash_rec *r = find(&set->bad[k], key);
  if (!r || find(&set->allow[k], key)) return NULL;
  return &r->entry;
}

unsigned match_ioc_hash_kinds(const ioc_set *set) {
  unsigned mask = 0;
  for (int k = 0; k < 3; k++)
    if (set->bad[k].n) mask |= 1u << k;
  return mask;
}

size_t match_ioc_hash_count(const ioc_set *set) { return set->bad[0].n + set->bad[1].n + set->bad[2].n; }
