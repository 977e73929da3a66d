/*
 * prefilter.c - which rules can possibly match a record, from literals.
 *
 * For each rule, atoms_compute derives a set of lower-case literals (its
 * atoms) such that the rule can only be true on a record in which one of
 * them occurs in some value: a field test gives the literal core of each
 * of its values (ORed), an OR the union of its children's sets, an AND the
 * cheapest child's set, a NOT or a test without a usable literal (regex,
 * numbers, null, literals under 4 bytes...) nothing, which makes the
 * enclosing OR, and a rule without any set, unfiltered: always evaluated.
 *
 * The prefilter finds every atom occurring in a value in one pass: each
 * atom is indexed by one 4-byte gram of it (the gram fewest atoms share),
 * a bitmap of gram hashes rejects most positions at once, and candidates
 * are verified with memcmp.  Sound by construction: a skipped rule could
 * not have matched.
 */
#include <stdlib.h>
#include <string.h>

#include "sigma/internal.h"

#define GRAM 4
#define MAX_RULE_ATOMS 20000
#define BLOOM_BITS 18

typedef struct {
  char **v;
  size_t n;
  int top; /* no literal required */
} aset;

static void aset_free(aset *a) {
  for (size_t i = 0; i < a->n; i++) free(a->v[i]);
  free(a->v);
  a->v = NULL, a->n = 0;
}

static void aset_add(aset *a, const char *s, size_t n) {
  if ((a->n & (a->n - 1)) == 0) a->v = xrealloc(a->v, (a->n ? a->n * 2 : 1) * sizeof *a->v);
  char *c = xmalloc(n + 1);
  sigma_lower(c, s, n);
  a->v[a->n++] = c;
}

static void aset_union(aset *into, aset *from) {
  if (into->top || from->top) {
    aset_free(into), aset_free(from);
    into->top = 1;
    return;
  }
  for (size_t i = 0; i < from->n; i++) {
    if ((into->n & (into->n - 1)) == 0) into->v = xrealloc(into->v, (into->n ? into->n * 2 : 1) * sizeof *into->v);
    into->v[into->n++] = from->v[i];
  }
  free(from->v);
  from->v = NULL, from->n = 0;
  if (into->n > MAX_RULE_ATOMS) aset_free(into), into->top = 1;
}

/* Expected cost of a set: many short atoms hit often. */
static double aset_cost(const aset *a) {
  if (a->top) return 1e300;
  double c = 0;
  for (size_t i = 0; i < a->n; i++) {
    double l = (double)strlen(a->v[i]);
    c += 1.0 / (l * l);
  }
  return c;
}

/* The longest literal run of a matcher (GLOB keeps NUL at wildcards). */
static void matcher_atom(const vmatch *m, aset *out) {
  switch (m->kind) {
  case VM_EQ:
    if (m->cmp) break; /* an integer also matches its hexadecimal form */
    /* fall through */
  case VM_PREFIX:
  case VM_SUFFIX:
  case VM_CONTAINS:
    if (m->n >= GRAM) {
      aset_add(out, m->s, m->n);
      return;
    }
    break;
  case VM_GLOB: {
    size_t best = 0, bestlen = 0;
    for (size_t i = 0; i < m->n;) {
      size_t j = i;
      while (j < m->n && m->s[j] != '\0') j++;
      if (j - i > bestlen) best = i, bestlen = j - i;
      i = j + 1;
    }
    if (bestlen >= GRAM) {
      aset_add(out, m->s + best, bestlen);
      return;
    }
    break;
  }
  default:
    break;
  }
  out->top = 1;
}

static aset test_atoms(const ftest *t) {
  aset best = {.top = 1};
  if (t->neg) return best;
  if (!t->all) {
    aset a = {0};
    for (size_t i = 0; i < t->nv && !a.top; i++) {
      aset one = {0};
      matcher_atom(&t->v[i], &one);
      aset_union(&a, &one);
    }
    return a;
  }
  double bestcost = 1e300;
  for (size_t i = 0; i < t->nv;) { /* every group must hold: the cheapest group's set will do */
    uint32_t g = t->v[i].group;
    aset a = {0};
    for (; i < t->nv && t->v[i].group == g; i++) {
      aset one = {0};
      if (!a.top) matcher_atom(&t->v[i], &one);
      aset_union(&a, &one);
    }
    double c = aset_cost(&a);
    if (c < bestcost) {
      aset_free(&best);
      best = a, bestcost = c;
    } else {
      aset_free(&a);
    }
  }
  return best;
}

static aset node_atoms(const xnode *x, int depth) {
  aset a = {0};
  if (depth > 200) return a.top = 1, a; /* shared sub-trees are bounded by the condition depth anyway */
  switch (x->kind) {
  case X_TEST:
    return test_atoms(x->test);
  case X_FALSE:
    return a; /* never true: the empty set */
  case X_AND: {
    double bestcost = 1e300;
    a.top = 1;
    for (size_t i = 0; i < x->n; i++) {
      aset k = node_atoms(x->kids[i], depth + 1);
      double c = aset_cost(&k);
      if (c < bestcost) {
        aset_free(&a);
        a = k, bestcost = c;
      } else {
        aset_free(&k);
      }
    }
    return a;
  }
  case X_OR:
  case X_ATLEAST:
    for (size_t i = 0; i < x->n && !a.top; i++) {
      aset k = node_atoms(x->kids[i], depth + 1);
      aset_union(&a, &k);
    }
    return a;
  default: /* NOT, TRUE */
    a.top = 1;
    return a;
  }
}

void sigma_atoms_compute(srule *r) {
  aset a = node_atoms(r->root, 0);
  r->unfiltered = (uint8_t)a.top;
  r->atoms = a.v;
  r->natoms = a.n;
}

/* ---- the index ---- */
typedef struct {
  char *s;
  size_t n;
  uint32_t *rules;
  size_t nrules;
  size_t off; /* offset of the indexing gram */
} patom;

typedef struct {
  uint32_t gram;
  uint32_t first, count; /* range in entries */
} gslot;

struct sigma_prefilter {
  patom *atoms;
  size_t natoms;
  uint32_t *entries; /* atom ids grouped by gram */
  gslot *slots;      /* open addressing, gram 0 = empty is avoided by the used flag below */
  uint8_t *used;
  size_t cap;
  uint64_t bloom[(1u << BLOOM_BITS) / 64];
};

static uint32_t gram_at(const char *p) {
  uint32_t g;
  memcpy(&g, p, sizeof g);
  return g;
}

static uint32_t gram_hash(uint32_t g) { return (g * 2654435761u) >> (32 - BLOOM_BITS); }

static size_t slot_of(const sigma_prefilter *p, uint32_t g) {
  size_t i = ((size_t)g * 0x9E3779B97F4A7C15ull >> 20) & (p->cap - 1);
  while (p->used[i] && p->slots[i].gram != g) i = (i + 1) & (p->cap - 1);
  return i;
}

static int cmp_atom(const void *a, const void *b) {
  const patom *x = a, *y = b;
  return strcmp(x->s, y->s);
}

sigma_prefilter *sigma_prefilter_build(srule *const *rules, size_t n) {
  sigma_prefilter *p = xcalloc(1, sizeof *p);
  size_t total = 0;
  for (size_t i = 0; i < n; i++) total += rules[i]->natoms;
  patom *all = xcalloc(total + 1, sizeof *all);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < rules[i]->natoms; j++) {
      all[k].s = rules[i]->atoms[j];
      all[k].n = strlen(all[k].s);
      all[k].rules = xmalloc(sizeof *all[k].rules);
      all[k].rules[0] = rules[i]->index;
      all[k].nrules = 1;
      k++;
    }
  /* one entry per distinct atom, with every rule that has it */
  qsort(all, k, sizeof *all, cmp_atom);
  size_t u = 0;
  for (size_t i = 0; i < k; i++) {
    if (u > 0 && strcmp(all[u - 1].s, all[i].s) == 0) {
      patom *d = &all[u - 1];
      if (d->rules[d->nrules - 1] != all[i].rules[0]) {
        d->rules = xrealloc(d->rules, (d->nrules + 1) * sizeof *d->rules);
        d->rules[d->nrules++] = all[i].rules[0];
      }
      free(all[i].rules);
    } else {
      all[u++] = all[i];
    }
  }
  p->atoms = all;
  p->natoms = u;
  /* how many atoms contain each gram, to index each atom by its rarest */
  p->cap = 64;
  while (p->cap < u * 8 + 64) p->cap *= 2;
  uint32_t *freq = xcalloc(p->cap, sizeof *freq);
  uint32_t *fkey = xcalloc(p->cap, sizeof *fkey);
  uint8_t *fused = xcalloc(p->cap, 1);
  size_t fcap = p->cap;
  size_t grams = 0;
  for (size_t i = 0; i < u; i++) grams += all[i].n - GRAM + 1;
  while (fcap < grams * 2 + 64) fcap *= 2;
  if (fcap != p->cap) {
    free(freq), free(fkey), free(fused);
    freq = xcalloc(fcap, sizeof *freq), fkey = xcalloc(fcap, sizeof *fkey), fused = xcalloc(fcap, 1);
  }
#define FSLOT(g, out)                                                                   \
  do {                                                                                  \
    size_t i_ = ((size_t)(g) * 0x9E3779B97F4A7C15ull >> 20) & (fcap - 1);               \
    while (fused[i_] && fkey[i_] != (g)) i_ = (i_ + 1) & (fcap - 1);                    \
    (out) = i_;                                                                         \
  } while (0)
  for (size_t i = 0; i < u; i++)
    for (size_t o = 0; o + GRAM <= all[i].n; o++) {
      uint32_t g = gram_at(all[i].s + o);
      size_t sl;
      FSLOT(g, sl);
      fused[sl] = 1, fkey[sl] = g, freq[sl]++;
    }
  for (size_t i = 0; i < u; i++) {
    uint32_t best = UINT32_MAX;
    for (size_t o = 0; o + GRAM <= all[i].n; o++) {
      size_t sl;
      FSLOT(gram_at(all[i].s + o), sl);
      if (freq[sl] < best) best = freq[sl], all[i].off = o;
    }
  }
#undef FSLOT
  free(freq), free(fkey), free(fused);
  /* the gram table: count, then place */
  p->slots = xcalloc(p->cap, sizeof *p->slots);
  p->used = xcalloc(p->cap, 1);
  for (size_t i = 0; i < u; i++) {
    uint32_t g = gram_at(all[i].s + all[i].off);
    size_t sl = slot_of(p, g);
    p->used[sl] = 1, p->slots[sl].gram = g, p->slots[sl].count++;
    uint32_t h = gram_hash(g);
    p->bloom[h / 64] |= 1ull << (h % 64);
  }
  uint32_t pos = 0;
  for (size_t i = 0; i < p->cap; i++)
    if (p->used[i]) p->slots[i].first = pos, pos += p->slots[i].count, p->slots[i].count = 0;
  p->entries = xcalloc(pos + 1, sizeof *p->entries);
  for (size_t i = 0; i < u; i++) {
    gslot *s = &p->slots[slot_of(p, gram_at(all[i].s + all[i].off))];
    p->entries[s->first + s->count++] = (uint32_t)i;
  }
  return p;
}

void sigma_prefilter_free(sigma_prefilter *p) {
  if (!p) return;
  for (size_t i = 0; i < p->natoms; i++) free(p->atoms[i].rules); /* the strings belong to the rules */
  free(p->atoms), free(p->entries), free(p->slots), free(p->used);
  free(p);
}

void sigma_prefilter_scan(const sigma_prefilter *p, const char *low, size_t n, sigma_mark_fn mark, void *user) {
  if (!p || p->natoms == 0 || n < GRAM) return;
  for (size_t i = 0; i + GRAM <= n; i++) {
    uint32_t g = gram_at(low + i), h = gram_hash(g);
    if (!(p->bloom[h / 64] >> (h % 64) & 1)) continue;
    size_t sl = slot_of(p, g);
    if (!p->used[sl]) continue;
    const gslot *s = &p->slots[sl];
    for (uint32_t e = 0; e < s->count; e++) {
      const patom *a = &p->atoms[p->entries[s->first + e]];
      if (i < a->off || i - a->off + a->n > n) continue;
      if (memcmp(low + i - a->off, a->s, a->n) != 0) continue;
      for (size_t r = 0; r < a->nrules; r++) mark(user, a->rules[r]);
    }
  }
}
