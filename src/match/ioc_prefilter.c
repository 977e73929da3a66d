/*
 * ioc_prefilter.c - the literal prefilter for filename IOCs.  Most LOKI
 * regexes contain a run of plain characters that any match must include
 * ("\mimikatz", "aspnet_client\").  One Aho-Corasick pass over a path finds
 * every such literal it contains, whatever the number of IOCs, so only the
 * few regexes whose literal occurs are run.  Extraction is conservative: a
 * regex whose syntax is in any doubt gets no literal and is always run.
 */
#include "match/ioc_priv.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define AC_MAX_BYTES (64u * 1024 * 1024) /* transition table; beyond it, no prefilter */

/* ---- required literals -------------------------------------------------- */

/* ASCII only, whatever the locale: PCRE2's default tables fold only A-Z. */
static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int upper(int c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }
static int alnum(int c) { return (c >= '0' && c <= '9') || (lower(c) >= 'a' && lower(c) <= 'z'); }

static void keep_longest(char *out, size_t *best, const char *run, size_t *rn) {
  if (*rn > *best) {
    memcpy(out, run, *rn);
    *best = *rn;
  }
  *rn = 0;
}

/* Escapes that match one character class or assert something and take no
 * argument; any other letter or digit escape (\x41, \1, \p{L}, \cA, ...)
 * consumes text we do not parse, so the regex gets no literal. */
static int simple_escape(char c) { return c && strchr("dDwWsSbBAzZGhHvVRXKEnrtfea", c) != NULL; }

/* Skips a character class starting at p ('['); NULL if it holds a nested
 * '[' (POSIX [:alpha:]), which this scanner does not follow. */
static const char *skip_class(const char *p) {
  p++;
  if (*p == '^') p++;
  if (*p == ']') p++;
  for (; *p && *p != ']'; p++) {
    if (*p == '[') return NULL;
    if (*p == '\\' && p[1]) p++;
  }
  return *p ? p + 1 : NULL;
}

/* PCRE2 (10.42) reads '{' as a quantifier only in the forms {n}, {n,} and
 * {n,m}; any other '{' is a literal and the text after it ordinary syntax:
 * "ab{x|y}" is the alternation of "ab{x" and "y}".  Returns the end of the
 * quantifier at p, p itself for a literal '{', or NULL for a form whose
 * reading depends on the PCRE2 version ({,m} and blanks, quantifiers since
 * 10.43). */
static const char *skip_quantifier(const char *p) {
  static const char digits[] = "0123456789";
  const char *q = p + 1, *close = strchr(q, '}');
  size_t n = strspn(q, digits);
  if (n && q[n] == '}') return q + n + 1;
  if (n && q[n] == ',') {
    size_t m = strspn(q + n + 1, digits);
    if (q[n + 1 + m] == '}') return q + n + 1 + m + 1;
  }
  if (close && strspn(q, "0123456789, \t") == (size_t)(close - q)) return NULL;
  return p;
}

/* Reads one top-level atom at p: returns the literal byte it stands for,
 * -1 for a non-literal atom, -2 to give up.  *next is set past it. */
static int atom(const char *p, const char **next, int *depth) {
  *next = p + 1;
  switch (*p) {
  case '\\':
    if (!p[1]) return -2;
    *next = p + 2;
    if (alnum((unsigned char)p[1])) return simple_escape(p[1]) ? -1 : -2;
    return (unsigned char)p[1];
  case '[': return (*next = skip_class(p)) ? -1 : -2;
  case '(': ++*depth; return -1;
  case ')': --*depth; return -1;
  case '|': return *depth == 0 ? -2 : -1; /* top-level alternation: nothing is required */
  case '{': {
    const char *end = skip_quantifier(p);
    if (!end) return -2;
    if (end != p) *next = end; /* a quantifier: skipped whole */
    return -1;                 /* a literal '{' only ends the run */
  }
  case '.': case '^': case '$': case '?': case '*': case '+': return -1;
  default: return (unsigned char)*p;
  }
}

size_t match_ioc_required_literal(const char *re, char *out, size_t cap) {
  char run[IOC_LIT_MAX];
  size_t rn = 0, best = 0;
  int depth = 0;
  if (cap > IOC_LIT_MAX) cap = IOC_LIT_MAX;
  for (const char *p = re, *next; *p; p = next) {
    int inner = depth > 0;
    int c = atom(p, &next, &depth);
    if (c == -2) return 0;
    if (inner || depth > 0 || c < 0) { /* groups are never literal: (a)? or (a|b) */
      keep_longest(out, &best, run, &rn);
      continue;
    }
    /* A following ?, * or {n,m} may repeat the atom zero times; + keeps it
     * but what follows is no longer adjacent to it. */
    if (*next == '?' || *next == '*' || *next == '{') {
      keep_longest(out, &best, run, &rn);
      continue;
    }
    if (rn < cap) run[rn++] = (char)lower(c);
    if (*next == '+' || rn == cap) keep_longest(out, &best, run, &rn);
  }
  if (depth != 0) return 0;
  keep_longest(out, &best, run, &rn);
  return best;
}

/* ---- Aho-Corasick ----------------------------------------------------- */

/* States are rows of a full transition table over byte classes: class 0 is
 * every byte in no literal, and a letter and its upper case share a class,
 * so scanning is caseless without folding the text.  After the build each
 * entry holds the target row's offset, with HOT set if literals end there. */
#define HOT 0x80000000u

struct ioc_ac {
  uint16_t cls[256]; /* up to 256 classes + class 0 */
  size_t nclass, nstates;
  uint32_t *delta; /* nstates * nclass */
  uint32_t *dict;  /* nearest state on the failure chain that ends literals, 0 if none */
  uint32_t *first, *count; /* literals ending in each state: ids[first .. first+count) */
  size_t *ids;
};

static void build_classes(ioc_ac *ac, const char *const *lits, const size_t *lens, size_t n) {
  /* '/' and '\' share a class: one scan of a path's Windows form then
   * finds the literals of both forms (and a few more, which the regexes
   * themselves sort out). */
  ac->cls['/'] = ac->cls['\\'] = 1;
  ac->nclass = 2;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < lens[i]; j++) {
      unsigned char b = (unsigned char)lits[i][j];
      if (ac->cls[b]) continue;
      ac->cls[b] = (uint16_t)ac->nclass;
      ac->cls[upper(b)] = (uint16_t)ac->nclass; /* literals are lower case */
      ac->nclass++;
    }
}

/* Builds the trie; returns the state each literal ends in (caller frees). */
static uint32_t *build_trie(ioc_ac *ac, const char *const *lits, const size_t *lens, size_t n) {
  uint32_t *end = xmalloc(n * sizeof *end);
  ac->nstates = 1;
  for (size_t i = 0; i < n; i++) {
    uint32_t s = 0;
    for (size_t j = 0; j < lens[i]; j++) {
      uint32_t *t = &ac->delta[s * ac->nclass + ac->cls[(unsigned char)lits[i][j]]];
      if (!*t) *t = (uint32_t)ac->nstates++;
      s = *t;
    }
    end[i] = s;
  }
  return end;
}

/* Groups literal ids by end state (counting sort), so matches are a slice. */
static void build_outputs(ioc_ac *ac, const uint32_t *end, const size_t *ids, size_t n) {
  ac->first = xcalloc(ac->nstates + 1, sizeof *ac->first);
  ac->count = xcalloc(ac->nstates, sizeof *ac->count);
  ac->ids = xmalloc((n + 1) * sizeof *ac->ids);
  for (size_t i = 0; i < n; i++) ac->count[end[i]]++;
  for (size_t s = 1; s <= ac->nstates; s++) ac->first[s] = ac->first[s - 1] + ac->count[s - 1];
  uint32_t *fill = xcalloc(ac->nstates, sizeof *fill);
  for (size_t i = 0; i < n; i++) ac->ids[ac->first[end[i]] + fill[end[i]]++] = ids[i];
  free(fill);
}

/* Breadth-first: completes each row with its failure state's row (already
 * complete, being shallower) and links states to their output chain. */
static void build_links(ioc_ac *ac) {
  uint32_t *fail = xcalloc(ac->nstates, sizeof *fail);
  uint32_t *queue = xmalloc(ac->nstates * sizeof *queue);
  size_t head = 0, tail = 0, k = ac->nclass;
  ac->dict = xcalloc(ac->nstates, sizeof *ac->dict);
  for (size_t c = 0; c < k; c++)
    if (ac->delta[c]) queue[tail++] = ac->delta[c];
  while (head < tail) {
    uint32_t s = queue[head++];
    for (size_t c = 0; c < k; c++) {
      uint32_t *t = &ac->delta[s * k + c];
      uint32_t via = ac->delta[fail[s] * k + c];
      if (!*t) {
        *t = via;
        continue;
      }
      fail[*t] = via;
      ac->dict[*t] = ac->count[via] ? via : ac->dict[via];
      queue[tail++] = *t;
    }
  }
  free(queue);
  free(fail);
}

/* Turns state numbers into row offsets flagged HOT, so that scanning a
 * byte costs two loads and a test. */
static void build_scan_table(ioc_ac *ac) {
  for (size_t e = 0; e < ac->nstates * ac->nclass; e++) {
    uint32_t t = ac->delta[e];
    ac->delta[e] = (uint32_t)(t * ac->nclass) | (ac->count[t] || ac->dict[t] ? HOT : 0);
  }
}

ioc_ac *match_ioc_ac_build(const char *const *lits, const size_t *lens, const size_t *ids, size_t n) {
  ioc_ac *ac = xcalloc(1, sizeof *ac);
  size_t total = 1;
  for (size_t i = 0; i < n; i++) total += lens[i];
  build_classes(ac, lits, lens, n);
  if (n == 0 || total > AC_MAX_BYTES / sizeof *ac->delta / ac->nclass) { /* also keeps offsets < HOT */
    free(ac);
    return NULL;
  }
  ac->delta = xcalloc(total * ac->nclass, sizeof *ac->delta);
  uint32_t *end = build_trie(ac, lits, lens, n);
  build_outputs(ac, end, ids, n);
  free(end);
  build_links(ac);
  build_scan_table(ac);
  return ac;
}

void match_ioc_ac_free(ioc_ac *ac) {
  if (!ac) return;
  free(ac->delta);
  free(ac->dict);
  free(ac->first);
  free(ac->count);
  free(ac->ids);
  free(ac);
}

static void emit(const ioc_ac *ac, size_t s, ioc_idvec *out) {
  for (size_t u = ac->count[s] ? s : ac->dict[s]; u; u = ac->dict[u])
    for (uint32_t j = 0; j < ac->count[u]; j++) match_ioc_idvec_push(out, ac->ids[ac->first[u] + j]);
}

static int size_cmp(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

/* First collects the states where literals end, each once: a literal that
 * recurs along a long path must not multiply the list.  Then expands them
 * to literal ids in place. */
void match_ioc_ac_scan(const ioc_ac *ac, const char *text, size_t len, ioc_idvec *out) {
  size_t base = out->n;
  uint32_t row = 0;
  for (size_t i = 0; i < len; i++) {
    uint32_t t = ac->delta[row + ac->cls[(unsigned char)text[i]]];
    row = t & ~HOT;
    if (t & HOT) match_ioc_idvec_push(out, row / ac->nclass);
  }
  if (out->n == base) return; /* no literal: out->v may still be NULL, and NULL + 0 is UB */
  size_t n = out->n - base, uniq = 0;
  if (n > 1) qsort(out->v + base, n, sizeof *out->v, size_cmp);
  for (size_t i = 0; i < n; i++)
    if (!uniq || out->v[base + i] != out->v[base + uniq - 1]) out->v[base + uniq++] = out->v[base + i];
  out->n = base + uniq;
  for (size_t i = 0; i < uniq; i++) emit(ac, out->v[base + i], out); /* appends past the states */
  memmove(out->v + base, out->v + base + uniq, (out->n - base - uniq) * sizeof *out->v);
  out->n -= uniq;
}

void match_ioc_idvec_push(ioc_idvec *v, size_t id) {
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 256;
    v->v = xrealloc(v->v, v->cap * sizeof *v->v);
  }
  v->v[v->n++] = id;
}
