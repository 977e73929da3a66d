/*
 * prefilter.c - what lets `shellsift logs` read a log at the speed grep
 * does: one pass of a multi-pattern matcher (Vectorscan, the portable
 * Hyperscan) over each block of complete lines, for the text each rule
 * needs to be able to match at all - "ServerInfo~", "/aspnet_client/",
 * "=whoami", a script extension, a '%' (an encoded request can hide
 * anything, so it lets everything through)...  A line in which none
 * occurs cannot be flagged by any rule: it is counted and its time read,
 * but never split into fields or given to the rules, and most lines of a
 * busy server are such lines.
 *
 * Sound by construction: every pattern is a necessary condition of a rule
 * on the raw line (rules compare lower-case, percent-decoded text with
 * '+' and '\' folded: patterns are caseless, '%' is a pattern of its own,
 * a space ends a literal and '/' also matches '\'), and when
 * the matcher cannot be used or a block has more matches than are kept,
 * lines are given every bit (LOGS_HIT_ALL).  Patterns never span lines.
 */
#include "logs/logs.h"

#include <hs.h>
#include <pthread.h>
#include <stdlib.h>

typedef struct {
  const char *re;
  unsigned group;
} pattern;

/* Fixed patterns; the lists of rules/logs.txt are added as literals. */
static const pattern fixed[] = {
    /* Exchange fields and messages (exrules.c, raw.c) */
    {"serverinfo~", LOGS_HIT_EXCHANGE},
    {"server~", LOGS_HIT_EXCHANGE},
    {"virtualdirectory", LOGS_HIT_EXCHANGE},
    {"download failed and temporary file", LOGS_HIT_EXCHANGE},
    {"invalidcastexception", LOGS_HIT_EXCHANGE},
    {"s:cmd=", LOGS_HIT_EXCHANGE},
    /* requests (reqrules.c) */
    {"%", LOGS_HIT_REQUEST},
    {"/(ecp|owa)/(auth/)?[a-z0-9]{1,3}\\.js", LOGS_HIT_REQUEST},
    {"/ecp/default\\.flt", LOGS_HIT_REQUEST},
    {"/ecp/main\\.css", LOGS_HIT_REQUEST},
    {"/owa/auth/current/", LOGS_HIT_REQUEST},
    {"ddiservice\\.svc/setobject", LOGS_HIT_REQUEST},
    {"powershell", LOGS_HIT_REQUEST},
    {"autodiscover\\.json", LOGS_HIT_REQUEST},
    {"connect&target", LOGS_HIT_REQUEST},
    {"proxy&port=", LOGS_HIT_REQUEST},
    {"/manager/", LOGS_HIT_REQUEST},
};

/* Lists whose entries are literals a rule needs, and how: a folder from
 * its last '*' on, followed by a script extension on the line (the
 * drop and upload folder rules need both); a command word after '=', up to its first space (a
 * space may be written '+' or %20); a reGeorg verb after "cmd="; a user
 * agent by its longest word (its spaces are '+' in IIS logs). */
enum { AS_IS, FIRST_WORD, LONGEST_WORD, DIR_SCRIPT };
static const struct {
  logs_list_id list;
  const char *prefix;
  int how;
  unsigned group;
} from_lists[] = {
    {LOGS_LIST_DROP_DIR, "", DIR_SCRIPT, LOGS_HIT_REQUEST},
    {LOGS_LIST_UPLOAD_DIR, "", DIR_SCRIPT, LOGS_HIT_REQUEST},
    {LOGS_LIST_COMMAND, "=", FIRST_WORD, LOGS_HIT_REQUEST},
    {LOGS_LIST_REGEORG, "cmd=", AS_IS, LOGS_HIT_REQUEST},
    {LOGS_LIST_ECP_UA, "", LONGEST_WORD, LOGS_HIT_REQUEST},
    {LOGS_LIST_SHELL_UA, "", LONGEST_WORD, LOGS_HIT_REQUEST},
};

/* The longest space-free run of s: *n its length. */
static const char *longest_word(const char *s, size_t *n) {
  const char *best = s;
  *n = 0;
  for (const char *p = s; *p;) {
    size_t k = strcspn(p, " ");
    if (k > *n) best = p, *n = k;
    p += k;
    while (*p == ' ') p++;
  }
  return best;
}

#define MAX_MATCHES 65536

struct logs_prefilter {
  hs_database_t *db;
  unsigned *group; /* per pattern id */
  size_t n;
  char *key;       /* the linked names it was built with, '\n'-joined */
  unsigned refs;
};

/* Compiling the patterns takes tens of milliseconds: the last prefilter
 * built is kept and shared by the sessions that link the same shells (a
 * read-only database; each thread scans with its own scratch). */
static logs_prefilter *cached;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static int cache_cleanup;

struct logs_prefilter_scratch {
  const logs_prefilter *pf;
  hs_scratch_t *hs;
};

/* Escapes a literal for the pattern syntax. */
static char *literal(const char *prefix, const char *s, size_t n) {
  strbuf sb = STRBUF_INIT;
  sb_adds(&sb, prefix);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c >= 0x7f) sb_addf(&sb, "\\x%02x", c);
    else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' || c == ' '))
      sb_addc(&sb, '\\'), sb_addc(&sb, (char)c);
    else sb_addc(&sb, (char)c);
  }
  return sb_detach(&sb);
}

/* The rules fold '\\' to '/' in paths (IIS and Exchange accept either), so
 * a '/' of a pattern (outside a class) stands for both. */
static char *either_slash(char *re) {
  strbuf sb = STRBUF_INIT;
  int depth = 0;
  for (const char *c = re; *c; c++) {
    if (*c == '\\' && c[1]) {
      sb_addc(&sb, *c++);
      sb_addc(&sb, *c);
      continue;
    }
    if (*c == '[') depth++;
    else if (*c == ']' && depth) depth--;
    if (*c == '/' && !depth) sb_adds(&sb, "[/\\\\]");
    else sb_addc(&sb, *c);
  }
  free(re);
  return sb_detach(&sb);
}

static void add(char ***res, unsigned **grp, size_t *n, char *re, unsigned group) {
  re = either_slash(re);
  *res = xrealloc(*res, (*n + 1) * sizeof **res);
  *grp = xrealloc(*grp, (*n + 1) * sizeof **grp);
  (*res)[*n] = re;
  (*grp)[(*n)++] = group;
}

static void release(logs_prefilter *pf) {
  if (!pf || --pf->refs) return;
  hs_free_database(pf->db);
  free(pf->group);
  free(pf->key);
  free(pf);
}

static void free_cached(void) {
  pthread_mutex_lock(&cache_lock);
  release(cached);
  cached = NULL;
  pthread_mutex_unlock(&cache_lock);
}

static logs_prefilter *build(const char *const *names, size_t nnames);

logs_prefilter *logs_prefilter_new(const char *const *names, size_t nnames) {
  strbuf key = STRBUF_INIT;
  for (size_t i = 0; i < nnames; i++) sb_adds(&key, names[i] ? names[i] : ""), sb_addc(&key, '\n');
  if (!key.data) sb_adds(&key, "");
  pthread_mutex_lock(&cache_lock);
  logs_prefilter *pf = cached && !strcmp(cached->key, key.data) ? cached : NULL;
  if (!pf && (pf = build(names, nnames)) != NULL) {
    pf->key = sb_detach(&key);
    pf->refs = 1;
    release(cached);
    cached = pf;
    if (!cache_cleanup) cache_cleanup = 1, atexit(free_cached);
  }
  if (pf) pf->refs++; /* the caller's reference; the cache keeps its own */
  pthread_mutex_unlock(&cache_lock);
  sb_free(&key);
  return pf;
}

static logs_prefilter *build(const char *const *names, size_t nnames) {
  char **res = NULL;
  unsigned *grp = NULL;
  size_t n = 0;
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) add(&res, &grp, &n, xstrdup(fixed[i].re), fixed[i].group);
  /* script extensions, followed by what may end a path */
  strbuf ext = STRBUF_INIT;
  const logs_list *se = logs_list_get(LOGS_LIST_SCRIPT_EXT);
  sb_adds(&ext, "\\.(");
  for (size_t i = 0; i < se->n; i++) {
    char *lit = literal("", se->v[i] + 1, strlen(se->v[i]) - 1);
    sb_adds(&ext, i ? "|" : "");
    sb_adds(&ext, lit);
    free(lit);
  }
  sb_adds(&ext, ")([^a-z0-9]|$)");
  for (size_t k = 0; k < sizeof from_lists / sizeof from_lists[0]; k++) {
    const logs_list *l = logs_list_get(from_lists[k].list);
    for (size_t i = 0; i < l->n; i++) {
      const char *e = l->v[i];
      if (strrchr(e, '*')) e = strrchr(e, '*') + 1;
      size_t m = strlen(e);
      if (from_lists[k].how == FIRST_WORD) m = strcspn(e, " ");
      else if (from_lists[k].how == LONGEST_WORD) e = longest_word(e, &m);
      if (!m) continue;
      char *re = literal(from_lists[k].prefix, e, m);
      /* the folder, then the extension later on the line: not "before the
       * path ends", as the path a broken line is split into may hold a
       * space or a quote (fuzz_logs_prefilter found one) */
      if (from_lists[k].how == DIR_SCRIPT) {
        char *both = xasprintf("%s.*%s", re, ext.data);
        free(re);
        re = both;
      }
      add(&res, &grp, &n, re, from_lists[k].group);
    }
  }
  add(&res, &grp, &n, sb_detach(&ext), LOGS_HIT_SCRIPT);
  for (size_t i = 0; i < nnames; i++) /* web shells found on disk, by base name */
    if (names[i] && *names[i]) add(&res, &grp, &n, literal("", names[i], strlen(names[i])), LOGS_HIT_LINKED);
  unsigned *flags = xcalloc(n, sizeof *flags), *ids = xcalloc(n, sizeof *ids);
  for (size_t i = 0; i < n; i++) flags[i] = HS_FLAG_CASELESS | HS_FLAG_MULTILINE, ids[i] = (unsigned)i;
  logs_prefilter *pf = xcalloc(1, sizeof *pf);
  hs_compile_error_t *err = NULL;
  if (hs_compile_multi((const char *const *)res, flags, ids, (unsigned)n, HS_MODE_BLOCK, NULL, &pf->db, &err) !=
      HS_SUCCESS) {
    hs_free_compile_error(err);
    free(pf);
    pf = NULL;
  } else {
    pf->group = grp, grp = NULL;
    pf->n = n;
  }
  for (size_t i = 0; i < n; i++) free(res[i]);
  free(res);
  free(grp);
  free(flags);
  free(ids);
  return pf;
}

void logs_prefilter_free(logs_prefilter *pf) {
  pthread_mutex_lock(&cache_lock);
  release(pf);
  pthread_mutex_unlock(&cache_lock);
}

logs_prefilter_scratch *logs_prefilter_scratch_new(const logs_prefilter *pf) {
  if (!pf) return NULL;
  logs_prefilter_scratch *s = xcalloc(1, sizeof *s);
  s->pf = pf;
  if (hs_alloc_scratch(pf->db, &s->hs) != HS_SUCCESS) {
    free(s);
    return NULL;
  }
  return s;
}

void logs_prefilter_scratch_free(logs_prefilter_scratch *s) {
  if (!s) return;
  hs_free_scratch(s->hs);
  free(s);
}

typedef struct {
  const logs_prefilter *pf;
  logs_matches *m;
  uint64_t base;
} scan_ctx;

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *arg) {
  (void)from, (void)flags;
  scan_ctx *c = arg;
  logs_matches *m = c->m;
  uint64_t at = c->base + to;
  unsigned bit = c->pf->group[id];
  if (m->n && m->end[m->n - 1] == at) { /* several patterns ending at one byte */
    m->bits[m->n - 1] |= bit;
    return 0;
  }
  if (m->n == m->cap) {
    if (m->cap >= MAX_MATCHES) { /* a hostile block: the rest of it is not filtered */
      m->all_from = at;
      return 1;
    }
    m->cap = m->cap ? m->cap * 2 : 1024;
    m->end = xrealloc(m->end, m->cap * sizeof *m->end);
    m->bits = xrealloc(m->bits, m->cap * sizeof *m->bits);
  }
  m->end[m->n] = at;
  m->bits[m->n++] = bit;
  return 0;
}

static int by_end(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static void scan(void *state, const char *p, size_t n, uint64_t offset, logs_matches *m) {
  logs_prefilter_scratch *s = state;
  m->n = m->next = 0;
  m->all_from = UINT64_MAX;
  scan_ctx c = {s->pf, m, offset};
  hs_error_t rc = n > UINT32_MAX ? HS_INVALID : hs_scan(s->pf->db, p, (unsigned)n, 0, s->hs, on_match, &c);
  if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) m->all_from = offset;
  for (size_t i = 1; i < m->n; i++) /* matches come in end order; make sure of it */
    if (m->end[i] < m->end[i - 1]) {
      /* sort end and bits together: pack, sort, unpack */
      uint64_t *pairs = xmalloc(2 * m->n * sizeof *pairs);
      for (size_t k = 0; k < m->n; k++) pairs[2 * k] = m->end[k], pairs[2 * k + 1] = m->bits[k];
      qsort(pairs, m->n, 2 * sizeof *pairs, by_end);
      for (size_t k = 0; k < m->n; k++) m->end[k] = pairs[2 * k], m->bits[k] = (unsigned)pairs[2 * k + 1];
      free(pairs);
      break;
    }
}

logs_scan_hook logs_prefilter_hook(logs_prefilter_scratch *s) { return (logs_scan_hook){s, scan}; }
