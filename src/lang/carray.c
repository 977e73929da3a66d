/*
 * carray.c - constant arrays for the constant folder: a PHP array literal
 * ('a' => 'x', ...), explode() or str_split() of a constant, or an array
 * filled element by element with constants ($a['k'] = 'v'; $a[] = 'w').
 * One array is one flat blob of (key, value) byte strings,
 *
 *     [u32 n] then n times [u32 key length][key][u32 value length][value]
 *
 * so it can live in an arena (as a TK_ARR token's text or a symbol's
 * value) and be copied with memcpy.  Nested arrays are flattened: the keys
 * of an inner array are joined to the outer key by \x1f, so $a[0]['f']
 * is the entry "0\x1ff".  Bounded: an array holds at most LANG_CARR_MAX
 * entries and LANG_CARR_BYTES bytes; past that the builder gives up and
 * the array is simply not known.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/analyze.h"
#include "util/util.h"

static uint32_t rd32(const unsigned char *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

static int put(carr_builder *b, const void *p, size_t n) {
  if (b->failed || b->len + n > LANG_CARR_BYTES) return b->failed = 1, 0;
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n) cap *= 2;
    b->buf = xrealloc(b->buf, cap);
    b->cap = cap;
  }
  if (n) memcpy(b->buf + b->len, p, n);
  b->len += n;
  return 1;
}

void lang_carr_init(carr_builder *b) {
  memset(b, 0, sizeof *b);
  uint32_t zero = 0;
  put(b, &zero, 4);
}

void lang_carr_free(carr_builder *b) {
  free(b->buf);
  memset(b, 0, sizeof *b);
}

/* A PHP integer key ("12", "-3"; not "012" or "1.0"), in *v. */
static int int_key(const char *k, size_t n, long long *v) {
  size_t i = k && n && k[0] == '-';
  if (n == i || n - i > 18 || (k[i] == '0' && n - i > 1)) return 0;
  long long x = 0;
  for (; i < n; i++) {
    if (k[i] < '0' || k[i] > '9') return 0;
    x = x * 10 + (k[i] - '0');
  }
  *v = k[0] == '-' ? -x : x;
  return 1;
}

int lang_carr_add(carr_builder *b, const char *k, size_t kn, const char *v, size_t vn) {
  if (b->failed || b->n >= LANG_CARR_MAX) return b->failed = 1, 0;
  long long ik;
  if (memchr(k, '\x1f', kn) == NULL && int_key(k, kn, &ik) && ik >= b->next) b->next = ik + 1;
  uint32_t kl = (uint32_t)kn, vl = (uint32_t)vn;
  if (!put(b, &kl, 4) || !put(b, k, kn) || !put(b, &vl, 4) || !put(b, v, vn)) return 0;
  b->n++;
  memcpy(b->buf, &b->n, 4);
  return 1;
}

int lang_carr_push(carr_builder *b, const char *v, size_t vn) {
  char key[24];
  int n = snprintf(key, sizeof key, "%lld", (long long)b->next);
  return lang_carr_add(b, key, (size_t)n, v, vn);
}

size_t lang_carr_next(const unsigned char *blob, size_t len, size_t pos, carr_ent *e) {
  if (pos == 0) pos = 4;
  if (!blob || pos + 4 > len) return 0;
  uint32_t kl = rd32(blob + pos);
  if (kl > len - pos - 4 || pos + 8 + kl > len) return 0;
  uint32_t vl = rd32(blob + pos + 4 + kl);
  if (vl > len - pos - 8 - kl) return 0;
  e->k = (const char *)blob + pos + 4;
  e->kn = kl;
  e->v = (const char *)blob + pos + 8 + kl;
  e->vn = vl;
  return pos + 8 + kl + vl;
}

uint32_t lang_carr_count(const unsigned char *blob, size_t len) { return len >= 4 ? rd32(blob) : 0; }

int lang_carr_get(const unsigned char *blob, size_t len, const char *k, size_t kn, const char **v, size_t *vn) {
  carr_ent e;
  int found = 0;
  for (size_t pos = 0; (pos = lang_carr_next(blob, len, pos, &e)) != 0;)
    if (e.kn == kn && memcmp(e.k, k, kn) == 0) *v = e.v, *vn = e.vn, found = 1; /* the last one wins */
  return found;
}

int lang_carr_copy(carr_builder *b, const unsigned char *blob, size_t len, const char *prefix, size_t pn,
                   const char *skip, size_t sn) {
  carr_ent e;
  for (size_t pos = 0; (pos = lang_carr_next(blob, len, pos, &e)) != 0;) {
    /* entries under skip (the key being replaced, and its nested entries) are dropped */
    if (skip && e.kn >= sn && memcmp(e.k, skip, sn) == 0 && (e.kn == sn || e.k[sn] == '\x1f')) continue;
    if (!pn) {
      if (!lang_carr_add(b, e.k, e.kn, e.v, e.vn)) return 0;
      continue;
    }
    char *key = xmalloc(pn + 1 + e.kn);
    memcpy(key, prefix, pn);
    key[pn] = '\x1f';
    memcpy(key + pn + 1, e.k, e.kn);
    int ok = lang_carr_add(b, key, pn + 1 + e.kn, e.v, e.vn);
    free(key);
    if (!ok) return 0;
  }
  return 1;
}

int lang_carr_sub(carr_builder *b, const unsigned char *blob, size_t len, const char *k, size_t kn) {
  carr_ent e;
  int any = 0;
  for (size_t pos = 0; (pos = lang_carr_next(blob, len, pos, &e)) != 0;)
    if (e.kn > kn && memcmp(e.k, k, kn) == 0 && e.k[kn] == '\x1f') {
      if (!lang_carr_add(b, e.k + kn + 1, e.kn - kn - 1, e.v, e.vn)) return 0;
      any = 1;
    }
  return any;
}
