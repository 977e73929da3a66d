/*
 * eval.c - evaluation of the compiled rules on records.
 *
 * Per record: the record's kind (channel, event id, category...) selects a
 * bucket - the rules whose logsource applies, the field renames and the
 * "no value" markers of its sources - built once per kind and cached in
 * the scratch.  The record's values are lower-cased once and put in a
 * field table indexed by interned field id; the prefilter marks the rules
 * one of whose required literals occurs in some value; only marked (or
 * unfilterable) rules of the bucket are evaluated.  Evaluation is
 * three-valued: a regular expression stopped by its match limit makes a
 * test unknown, and a rule whose condition ends unknown is reported as
 * undecided rather than silently not matching.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sigma/internal.h"
#include "sigma/logsource.h"

enum { F = 0, T = 1, U = 2 }; /* false, true, unknown */

/* ---- field names ---- */
static uint64_t hash_lower(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z') c += 32;
    h = (h ^ c) * 1099511628211ull;
  }
  return h;
}

static int name_eq(const char *a, const char *b, size_t n) { return strncasecmp(a, b, n) == 0 && a[n] == '\0'; }

static int field_lookup(const sigma_ruleset *rs, const char *name, size_t n) {
  if (!rs->fieldhash_cap) return -1;
  size_t mask = rs->fieldhash_cap - 1;
  for (size_t i = hash_lower(name, n) & mask;; i = (i + 1) & mask) {
    uint32_t e = rs->fieldhash[i];
    if (!e) return -1;
    if (name_eq(rs->fieldnames[e - 1], name, n)) return (int)(e - 1);
  }
}

int sigma_field_id(sigma_ruleset *rs, const char *name, size_t n) {
  int id = field_lookup(rs, name, n);
  if (id >= 0) return id;
  if ((rs->nfields + 1) * 2 > rs->fieldhash_cap) { /* grow and rehash */
    size_t cap = rs->fieldhash_cap ? rs->fieldhash_cap * 2 : 256;
    uint32_t *h = xcalloc(cap, sizeof *h);
    for (size_t k = 0; k < rs->nfields; k++) {
      size_t i = hash_lower(rs->fieldnames[k], strlen(rs->fieldnames[k])) & (cap - 1);
      while (h[i]) i = (i + 1) & (cap - 1);
      h[i] = (uint32_t)k + 1;
    }
    free(rs->fieldhash);
    rs->fieldhash = h;
    rs->fieldhash_cap = cap;
  }
  if (rs->nfields == rs->capfields) {
    rs->capfields = rs->capfields ? rs->capfields * 2 : 64;
    rs->fieldnames = xrealloc(rs->fieldnames, rs->capfields * sizeof *rs->fieldnames);
  }
  rs->fieldnames[rs->nfields] = xstrndup(name, n);
  size_t i = hash_lower(name, n) & (rs->fieldhash_cap - 1);
  while (rs->fieldhash[i]) i = (i + 1) & (rs->fieldhash_cap - 1);
  rs->fieldhash[i] = (uint32_t)rs->nfields + 1;
  return (int)rs->nfields++;
}

/* ---- buckets ---- */
typedef struct {
  char *key;
  uint32_t *rules;
  size_t nrules;
  int *alias; /* pairs: Sigma field id, record field id */
  size_t nalias;
  const char **nulls;
  size_t nnulls;
} bucket;

#define CACHE_SLOTS 512 /* kinds of record cached per scratch (then the cache starts over) */

typedef struct {
  const char *v; /* the record's value */
  size_t n;
  size_t low;    /* offset of the lower-cased copy in lowbuf */
  int next;      /* next value of the same field, or -1 */
} rvalue;

struct sigma_scratch {
  const sigma_ruleset *rs;
  uint32_t gen, mgen;
  uint32_t *slot_gen;
  int *slot; /* first value of each field id */
  rvalue *vals;
  size_t nvals, capvals;
  strbuf lowbuf;
  uint32_t *mark; /* per rule: selected by the prefilter (== mgen) */
  uint32_t *seen; /* per atom: occurs in the record (== mgen) */
  bucket *cache[CACHE_SLOTS];
  size_t ncached;
  pcre2_match_data *md;
  pcre2_match_context *mc;
  sigma_stats st;
  strbuf key;
  int exhaustive; /* evaluate every applicable rule (tests: the prefilter must not change results) */
};

void sigma_scratch_exhaustive(sigma_scratch *s, int on) { s->exhaustive = on; }

static void bucket_free(bucket *b) {
  if (!b) return;
  free(b->key), free(b->rules), free(b->alias), free(b->nulls);
  free(b);
}

sigma_scratch *sigma_scratch_new(const sigma_ruleset *rs) {
  sigma_scratch *s = xcalloc(1, sizeof *s);
  s->rs = rs;
  s->slot_gen = xcalloc(rs->nfields + 1, sizeof *s->slot_gen);
  s->slot = xcalloc(rs->nfields + 1, sizeof *s->slot);
  s->mark = xcalloc(rs->nrules + 1, sizeof *s->mark);
  s->seen = xcalloc(sigma_prefilter_atoms(rs->pre) + 1, sizeof *s->seen);
  s->md = pcre2_match_data_create(1, NULL);
  s->mc = pcre2_match_context_create(NULL);
  if (!s->md || !s->mc) {
    fprintf(stderr, "shellsift: out of memory (pcre2 match data)\n");
    abort();
  }
  pcre2_set_match_limit(s->mc, SIGMA_REGEX_MATCH_LIMIT);
  pcre2_set_depth_limit(s->mc, SIGMA_REGEX_DEPTH_LIMIT);
  return s;
}

static void cache_clear(sigma_scratch *s) {
  for (size_t i = 0; i < CACHE_SLOTS; i++) bucket_free(s->cache[i]), s->cache[i] = NULL;
  s->ncached = 0;
}

void sigma_scratch_free(sigma_scratch *s) {
  if (!s) return;
  cache_clear(s);
  free(s->slot_gen), free(s->slot), free(s->vals), free(s->mark), free(s->seen);
  sb_free(&s->lowbuf);
  sb_free(&s->key);
  pcre2_match_data_free(s->md);
  pcre2_match_context_free(s->mc);
  free(s);
}

sigma_stats sigma_scratch_stats(const sigma_scratch *s) { return s->st; }

static void key_part(strbuf *k, const char *s) {
  sb_adds(k, s ? s : "\x01");
  sb_addc(k, '\x1f');
}

/* The rules, renames and null markers for records of this kind. */
static bucket *bucket_build(const sigma_ruleset *rs, const sigma_record *r, const char *key) {
  bucket *b = xcalloc(1, sizeof *b);
  b->key = xstrdup(key);
  const sigma_mapping *m = rs->map;
  const msource **hit = xcalloc(m->n + 1, sizeof *hit);
  size_t nhit = 0;
  for (size_t i = 0; i < m->n; i++)
    if (sigma_source_applies(&m->v[i], r)) hit[nhit++] = &m->v[i];
  b->rules = xcalloc(rs->nrules + 1, sizeof *b->rules);
  for (size_t i = 0; i < rs->nrules; i++) {
    const sigma_rule *ri = &rs->rules[i]->info;
    int ok = (r->category || r->product || r->service) && sigma_logsource_match(ri, r->category, r->product, r->service);
    for (size_t k = 0; k < nhit && !ok; k++) ok = sigma_logsource_match(ri, hit[k]->category, hit[k]->product, hit[k]->service);
    if (ok) b->rules[b->nrules++] = (uint32_t)i;
  }
  size_t na = 0, nn = 0;
  for (size_t k = 0; k < nhit; k++) na += hit[k]->nalias, nn += hit[k]->null_marker != NULL;
  b->alias = xcalloc(2 * na + 1, sizeof *b->alias);
  b->nulls = xcalloc(nn + 1, sizeof *b->nulls);
  for (size_t k = 0; k < nhit; k++) {
    for (size_t a = 0; a < hit[k]->nalias; a++) {
      int from = field_lookup(rs, hit[k]->alias_from[a], strlen(hit[k]->alias_from[a]));
      int to = field_lookup(rs, hit[k]->alias_to[a], strlen(hit[k]->alias_to[a]));
      if (from < 0 || to < 0) continue; /* no rule uses the name */
      b->alias[2 * b->nalias] = from, b->alias[2 * b->nalias + 1] = to, b->nalias++;
    }
    if (hit[k]->null_marker) b->nulls[b->nnulls++] = hit[k]->null_marker;
  }
  free(hit);
  return b;
}

static bucket *bucket_for(sigma_scratch *s, const sigma_record *r) {
  strbuf *k = &s->key;
  sb_reset(k);
  key_part(k, r->product), key_part(k, r->category), key_part(k, r->service);
  key_part(k, r->channel), key_part(k, r->provider);
  sb_addf(k, "%ld", r->event_id);
  uint64_t h = hash_lower(k->data, k->len);
  for (size_t i = h % CACHE_SLOTS, probes = 0; probes < CACHE_SLOTS; i = (i + 1) % CACHE_SLOTS, probes++) {
    bucket *b = s->cache[i];
    if (!b) {
      if (s->ncached * 4 >= CACHE_SLOTS * 3) { /* full enough: start over */
        cache_clear(s);
        i = h % CACHE_SLOTS;
      }
      s->cache[i] = bucket_build(s->rs, r, k->data);
      s->ncached++;
      return s->cache[i];
    }
    if (strcmp(b->key, k->data) == 0) return b;
  }
  return NULL; /* not reached: the table is never full */
}

/* ---- the record's values ---- */
static const char *low_of(const sigma_scratch *s, const rvalue *v) { return s->lowbuf.data + v->low; }

static void record_load(sigma_scratch *s, const sigma_record *r, const bucket *b) {
  const sigma_ruleset *rs = s->rs;
  if (++s->gen == 0) { /* wrapped: forget every stamp */
    memset(s->slot_gen, 0, (rs->nfields + 1) * sizeof *s->slot_gen);
    s->gen = 1;
  }
  if (++s->mgen == 0) {
    memset(s->mark, 0, (rs->nrules + 1) * sizeof *s->mark);
    memset(s->seen, 0, (sigma_prefilter_atoms(rs->pre) + 1) * sizeof *s->seen);
    s->mgen = 1;
  }
  s->nvals = 0;
  sb_reset(&s->lowbuf);
  for (size_t i = 0; i < r->nfields; i++) {
    const sigma_field *f = &r->fields[i];
    if (!f->name || !f->value) continue;
    int isnull = 0;
    for (size_t k = 0; k < b->nnulls && !isnull; k++) isnull = strcmp(f->value, b->nulls[k]) == 0;
    if (isnull) continue;
    if (s->nvals == s->capvals) {
      s->capvals = s->capvals ? s->capvals * 2 : 64;
      s->vals = xrealloc(s->vals, s->capvals * sizeof *s->vals);
    }
    rvalue *v = &s->vals[s->nvals];
    v->v = f->value;
    v->n = strlen(f->value);
    v->low = s->lowbuf.len;
    sb_grow(&s->lowbuf, v->n + 1);
    sigma_lower(s->lowbuf.data + s->lowbuf.len, f->value, v->n);
    s->lowbuf.len += v->n + 1;
    v->next = -1;
    int id = field_lookup(rs, f->name, strlen(f->name));
    if (id >= 0) {
      if (s->slot_gen[id] != s->gen) {
        s->slot_gen[id] = s->gen;
        s->slot[id] = (int)s->nvals;
      } else { /* a repeated field: append to its chain */
        int j = s->slot[id];
        while (s->vals[j].next >= 0) j = s->vals[j].next;
        s->vals[j].next = (int)s->nvals;
      }
    }
    s->nvals++;
  }
  for (size_t a = 0; a < b->nalias; a++) {
    int from = b->alias[2 * a], to = b->alias[2 * a + 1];
    if (s->slot_gen[from] != s->gen && s->slot_gen[to] == s->gen) {
      s->slot_gen[from] = s->gen;
      s->slot[from] = s->slot[to];
    }
  }
  for (size_t i = 0; i < s->nvals; i++)
    sigma_prefilter_scan(rs->pre, low_of(s, &s->vals[i]), s->vals[i].n, s->seen, s->mark, s->mgen);
}

static int first_value(const sigma_scratch *s, int field) {
  return field >= 0 && s->slot_gen[field] == s->gen ? s->slot[field] : -1;
}

/* ---- tests ---- */
static int regex_test(sigma_scratch *s, const vmatch *m, const rvalue *v) {
  int rc = pcre2_match(m->re, (PCRE2_SPTR)v->v, v->n, 0, 0, s->md, s->mc);
  if (rc >= 0) return T;
  if (rc == PCRE2_ERROR_NOMATCH) return F;
  return U; /* match / depth / heap limit, JIT stack: undecided */
}

static int num_test(const vmatch *m, const rvalue *v) {
  double x;
  if (m->timepart) {
    long p = sigma_time_part(v->v, v->n, m->timepart);
    if (p < 0) return F;
    x = (double)p;
  } else if (sigma_num_parse(v->v, v->n, &x)) {
    return F;
  }
  switch (m->cmp) {
  case CMP_LT: return x < m->num;
  case CMP_LTE: return x <= m->num;
  case CMP_GT: return x > m->num;
  case CMP_GTE: return x >= m->num;
  default: return x == m->num;
  }
}

static int fieldref_test(const sigma_scratch *s, const vmatch *m, const rvalue *v) {
  for (int j = first_value(s, m->ref); j >= 0; j = s->vals[j].next) {
    const rvalue *o = &s->vals[j];
    const char *a = m->cased ? v->v : low_of(s, v), *b = m->cased ? o->v : low_of(s, o);
    int ok;
    switch (m->refmode) {
    case VM_PREFIX: ok = v->n >= o->n && memcmp(a, b, o->n) == 0; break;
    case VM_SUFFIX: ok = v->n >= o->n && memcmp(a + v->n - o->n, b, o->n) == 0; break;
    case VM_CONTAINS: ok = sigma_contains(a, v->n, b, o->n); break;
    default: ok = v->n == o->n && memcmp(a, b, o->n) == 0; break;
    }
    if (ok) return T;
  }
  return F;
}

/* One matcher against one value. */
static int value_test(sigma_scratch *s, const vmatch *m, const rvalue *v) {
  switch (m->kind) {
  case VM_RE: return regex_test(s, m, v);
  case VM_CIDR: return sigma_cidr_match(m, v->v) ? T : F;
  case VM_NUM: return num_test(m, v) ? T : F;
  case VM_FIELDREF: return fieldref_test(s, m, v);
  case VM_NULL: return v->n == 0 ? T : F;
  default: return sigma_vm_string(m, v->v, v->n, low_of(s, v)) ? T : F;
  }
}

/* One matcher against the field (or, for keywords, every value). */
static int matcher_test(sigma_scratch *s, const ftest *t, const vmatch *m) {
  int unknown = 0;
  if (m->atom && s->seen[m->atom - 1] != s->mgen && !s->exhaustive) /* its literal occurs nowhere in the record */
    return m->kind == VM_NULL ? T : F;
  if (t->field == FIELD_KEYWORD) {
    for (size_t i = 0; i < s->nvals; i++) {
      int r = value_test(s, m, &s->vals[i]);
      if (r == T) return T;
      unknown |= r == U;
    }
    return unknown ? U : F;
  }
  int j = first_value(s, t->field);
  if (m->kind == VM_EXISTS) return (j >= 0) == (m->num != 0) ? T : F;
  if (j < 0) return m->kind == VM_NULL ? T : F;
  for (; j >= 0; j = s->vals[j].next) {
    int r = value_test(s, m, &s->vals[j]);
    if (r == T) return T;
    unknown |= r == U;
  }
  return unknown ? U : F;
}

static int test_eval(sigma_scratch *s, const ftest *t) {
  int result;
  if (!t->all) {
    result = F;
    for (size_t i = 0; i < t->nv && result != T; i++) {
      int r = matcher_test(s, t, &t->v[i]);
      if (r == T || r == U) result = r;
    }
  } else { /* every group (a rule value with its variants) must hold */
    result = T;
    size_t i = 0;
    while (i < t->nv && result != F) {
      uint32_t g = t->v[i].group;
      int gr = F;
      for (; i < t->nv && t->v[i].group == g; i++)
        if (gr != T) {
          int r = matcher_test(s, t, &t->v[i]);
          if (r == T || r == U) gr = r;
        }
      if (gr == F) result = F;
      else if (gr == U) result = U;
    }
  }
  if (t->neg && result != U) result = result == T ? F : T;
  return result;
}

static int node_eval(sigma_scratch *s, const xnode *x) {
  switch (x->kind) {
  case X_TRUE: return T;
  case X_FALSE: return F;
  case X_TEST: return test_eval(s, x->test);
  case X_NOT: {
    int r = node_eval(s, x->kids[0]);
    return r == U ? U : r == T ? F : T;
  }
  case X_AND: {
    int unknown = 0;
    for (size_t i = 0; i < x->n; i++) {
      int r = node_eval(s, x->kids[i]);
      if (r == F) return F;
      unknown |= r == U;
    }
    return unknown ? U : T;
  }
  case X_OR: {
    int unknown = 0;
    for (size_t i = 0; i < x->n; i++) {
      int r = node_eval(s, x->kids[i]);
      if (r == T) return T;
      unknown |= r == U;
    }
    return unknown ? U : F;
  }
  case X_ATLEAST: {
    size_t yes = 0, maybe = 0;
    for (size_t i = 0; i < x->n && yes < x->count; i++) {
      int r = node_eval(s, x->kids[i]);
      yes += r == T;
      maybe += r == U;
    }
    return yes >= x->count ? T : yes + maybe >= x->count ? U : F;
  }
  }
  return F;
}

size_t sigma_eval(sigma_scratch *s, const sigma_record *rec, sigma_hit_fn fn, void *user) {
  const sigma_ruleset *rs = s->rs;
  size_t matched = 0;
  s->st.records++;
  if (!rs->finished || rs->nrules == 0) return 0;
  bucket *b = bucket_for(s, rec);
  if (!b || b->nrules == 0) return 0;
  record_load(s, rec, b);
  s->st.applicable += b->nrules;
  for (size_t i = 0; i < b->nrules; i++) {
    const srule *r = rs->rules[b->rules[i]];
    if (!r->unfiltered && s->mark[r->index] != s->mgen && !s->exhaustive) continue;
    s->st.evaluated++;
    int res = node_eval(s, r->root);
    if (res == F) continue;
    sigma_hit hit = {&r->info, res == U, res == U ? "a regular expression reached its match limit" : NULL};
    if (res == T) matched++, s->st.matched++;
    else s->st.undecided++;
    if (fn) fn(user, &hit, rec);
  }
  return matched;
}
