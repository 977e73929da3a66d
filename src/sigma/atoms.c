/*
 * atoms.c - which rules can possibly match a record, from literals.
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
#include <strings.h>

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
    /* atoms are C strings: a literal holding a NUL (utf16 without base64) has none */
    if (m->n >= GRAM && !memchr(m->s, '\0', m->n)) {
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
/* Every literal of every value of every rule is an atom (so a test whose
 * literal occurs nowhere in the record is false without a search); the
 * atoms a rule's prefilter set chose also mark the rule. */
typedef struct {
  char *s; /* owned */
  size_t n;
  uint32_t *rules; /* rules this atom marks */
  size_t nrules;
  size_t off;      /* offset of the indexing gram */
} patom;

typedef struct {
  uint32_t gram;
  uint32_t first, count; /* range in entries */
} gslot;

struct sigma_prefilter {
  patom *atoms;
  size_t natoms, capatoms;
  uint32_t *hash; /* atom string -> id + 1, while building */
  size_t hashcap;
  uint32_t *entries; /* atom ids grouped by gram */
  gslot *slots;
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

static uint64_t str_hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

/* The id of atom s (lower-cased, n >= GRAM bytes), added if new. */
static uint32_t atom_id(sigma_prefilter *p, const char *s, size_t n) {
  if ((p->natoms + 1) * 2 > p->hashcap) {
    size_t cap = p->hashcap ? p->hashcap * 2 : 1024;
    uint32_t *h = xcalloc(cap, sizeof *h);
    for (size_t k = 0; k < p->natoms; k++) {
      size_t i = str_hash(p->atoms[k].s, p->atoms[k].n) & (cap - 1);
      while (h[i]) i = (i + 1) & (cap - 1);
      h[i] = (uint32_t)k + 1;
    }
    free(p->hash);
    p->hash = h, p->hashcap = cap;
  }
  size_t i = str_hash(s, n) & (p->hashcap - 1);
  for (; p->hash[i]; i = (i + 1) & (p->hashcap - 1)) {
    patom *a = &p->atoms[p->hash[i] - 1];
    if (a->n == n && memcmp(a->s, s, n) == 0) return p->hash[i] - 1;
  }
  if (p->natoms == p->capatoms) {
    p->capatoms = p->capatoms ? p->capatoms * 2 : 1024;
    p->atoms = xrealloc(p->atoms, p->capatoms * sizeof *p->atoms);
  }
  patom *a = &p->atoms[p->natoms];
  memset(a, 0, sizeof *a);
  a->s = xmalloc(n + 1);
  sigma_lower(a->s, s, n);
  a->n = n;
  p->hash[i] = (uint32_t)p->natoms + 1;
  return (uint32_t)p->natoms++;
}

/* The literal a matcher needs (its longest run for a glob), or NULL. */
static const char *matcher_literal(const vmatch *m, size_t *n) {
  aset a = {0};
  matcher_atom(m, &a);
  if (a.top || a.n != 1) {
    aset_free(&a);
    return NULL;
  }
  const char *lit = NULL;
  if (m->kind == VM_GLOB) { /* the run inside m->s that matcher_atom chose */
    for (size_t i = 0; i + strlen(a.v[0]) <= m->n && !lit; i++)
      if (strncasecmp(m->s + i, a.v[0], strlen(a.v[0])) == 0) lit = m->s + i;
  } else {
    lit = m->s;
  }
  *n = strlen(a.v[0]);
  aset_free(&a);
  return lit;
}

static void atom_mark_rule(patom *a, uint32_t rule) {
  if (a->nrules && a->rules[a->nrules - 1] == rule) return;
  a->rules = xrealloc(a->rules, (a->nrules + 1) * sizeof *a->rules);
  a->rules[a->nrules++] = rule;
}

sigma_prefilter *sigma_prefilter_build(srule *const *rules, size_t n) {
  sigma_prefilter *p = xcalloc(1, sizeof *p);
  for (size_t i = 0; i < n; i++) {
    srule *r = rules[i];
    for (size_t k = 0; k < r->nowned; k++) { /* every literal of the rule */
      ftest *t = r->owned[k]->test;
      for (size_t v = 0; t && v < t->nv; v++) {
        size_t len;
        const char *lit = matcher_literal(&t->v[v], &len);
        if (lit) t->v[v].atom = atom_id(p, lit, len) + 1;
      }
    }
    for (size_t j = 0; j < r->natoms; j++) /* the rule's prefilter set */
      atom_mark_rule(&p->atoms[atom_id(p, r->atoms[j], strlen(r->atoms[j]))], r->index);
  }
  free(p->hash);
  p->hash = NULL;
  size_t u = p->natoms;
  patom *all = p->atoms;
  /* how many atoms contain each gram, to index each atom by its rarest */
  size_t grams = 0;
  for (size_t i = 0; i < u; i++) grams += all[i].n - GRAM + 1;
  size_t fcap = 64;
  while (fcap < grams * 2 + 64) fcap *= 2;
  uint32_t *freq = xcalloc(fcap, sizeof *freq), *fkey = xcalloc(fcap, sizeof *fkey);
  uint8_t *fused = xcalloc(fcap, 1);
#define FSLOT(g, out)                                                     \
  do {                                                                    \
    size_t i_ = ((size_t)(g) * 0x9E3779B97F4A7C15ull >> 20) & (fcap - 1); \
    while (fused[i_] && fkey[i_] != (g)) i_ = (i_ + 1) & (fcap - 1);      \
    (out) = i_;                                                           \
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
  p->cap = 64;
  while (p->cap < u * 2 + 64) p->cap *= 2;
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
    gslot *sl = &p->slots[slot_of(p, gram_at(all[i].s + all[i].off))];
    p->entries[sl->first + sl->count++] = (uint32_t)i;
  }
  return p;
}

size_t sigma_prefilter_atoms(const sigma_prefilter *p) { return p ? p->natoms : 0; }

void sigma_prefilter_free(sigma_prefilter *p) {
  if (!p) return;
  for (size_t i = 0; i < p->natoms; i++) free(p->atoms[i].rules), free(p->atoms[i].s);
  free(p->atoms), free(p->entries), free(p->slots), free(p->used), free(p->hash);
  free(p);
}

void sigma_prefilter_scan(const sigma_prefilter *p, const char *low, size_t n, uint32_t *seen, uint32_t *mark,
                          uint32_t gen) {
  if (!p || p->natoms == 0 || n < GRAM) return;
  for (size_t i = 0; i + GRAM <= n; i++) {
    uint32_t g = gram_at(low + i), h = gram_hash(g);
    if (!(p->bloom[h / 64] >> (h % 64) & 1)) continue;
    size_t sl = slot_of(p, g);
    if (!p->used[sl]) continue;
    const gslot *s = &p->slots[sl];
    for (uint32_t e = 0; e < s->count; e++) {
      uint32_t id = p->entries[s->first + e];
      const patom *a = &p->atoms[id];
      if (seen[id] == gen || i < a->off || i - a->off + a->n > n) continue;
      if (memcmp(low + i - a->off, a->s, a->n) != 0) continue;
      seen[id] = gen;
      for (size_t r = 0; r < a->nrules; r++) mark[a->rules[r]] = gen;
    }
  }
}
