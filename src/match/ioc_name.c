/*
 * ioc_name.c - filename IOCs.  Parses LOKI's REGEX;SCORE[;FP_REGEX] lists,
 * compiles each regex with PCRE2 (caseless, JIT) and matches scanned paths
 * in their own and their Windows ('\') separator form.  This runs on every
 * file of the tree, so match_ioc_finalize() indexes the regexes: those with a
 * required literal go into the Aho-Corasick prefilter (ioc_prefilter.c),
 * the others are ORed into a few union "chunks"; a path then costs one
 * automaton pass plus two runs per chunk, and only candidates run alone.
 */
#include "match/ioc_priv.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define CHUNK_MEMBERS 64            /* regexes per union */
#define CHUNK_TEXT (16u * 1024)     /* and bytes of regex text per union */
#define MAX_CHUNKS 4096             /* beyond, regexes run on their own */
#define MIN_LITERAL 3               /* shorter literals are too common to filter on */
#define PATH_STACK 4096             /* longer paths get a heap copy */

/* ---- loading ------------------------------------------------------------ */

static pcre2_code *compile(ioc_load_ctx *c, unsigned line, const char *what, const char *re, size_t n,
                           uint32_t options) {
  int err;
  PCRE2_SIZE off;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, n, PCRE2_CASELESS | options, &err, &off, NULL);
  if (!code) {
    if (c) {
      PCRE2_UCHAR msg[160];
      pcre2_get_error_message(err, msg, sizeof msg);
      match_ioc_warnf(c, line, "%s does not compile at offset %zu: %s; skipped", what, (size_t)off, (char *)msg);
    }
    return NULL;
  }
  (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* without JIT the interpreter is used */
  return code;
}

static void push_name(ioc_set *set, const ioc_name_rec *r) {
  if (set->nnames == set->capnames) {
    set->capnames = set->capnames ? set->capnames * 2 : 64;
    set->names = xrealloc(set->names, set->capnames * sizeof *set->names);
  }
  set->names[set->nnames++] = *r;
}

/* Splits off the next ';'-separated field of *rest; returns 0 when none is left. */
static int next_field(const char **rest, size_t *rn, int *more, const char **f, size_t *fn) {
  if (!*more) return 0;
  const char *semi = memchr(*rest, ';', *rn);
  *fn = semi ? (size_t)(semi - *rest) : *rn;
  *f = match_ioc_trim(*rest, fn);
  *more = semi != NULL;
  if (semi) {
    *rn -= (size_t)(semi + 1 - *rest);
    *rest = semi + 1;
  }
  return 1;
}

/* The LOKI comment convention: "# text" describes the entries below it. */
typedef struct {
  const char *text; /* points into the caller's buffer until interned */
  size_t len;
  const char *interned;
} comment;

static const char *comment_str(ioc_set *set, comment *cm) {
  if (!cm->interned) cm->interned = match_ioc_arena_strndup(set, cm->text, match_ioc_desc_len(cm->text, cm->len));
  return cm->interned;
}

/* Parses and compiles one entry line; returns 1 and fills r, or 0 after warning. */
static int parse_entry(ioc_set *set, ioc_load_ctx *c, unsigned line, const char *s, size_t n, comment *cm,
                       ioc_name_rec *r) {
  const char *rest = s, *re, *f, *fp = NULL;
  size_t rn = n, ren, fn, fpn = 0;
  int more = 1;
  next_field(&rest, &rn, &more, &re, &ren);
  if (ren == 0 || ren > IOC_MAX_REGEX) {
    match_ioc_warnf(c, line, ren ? "regex longer than %u bytes; skipped" : "empty regex; skipped", IOC_MAX_REGEX);
    return 0;
  }
  r->entry.score = IOC_DEFAULT_NAME_SCORE;
  r->entry.description = NULL;
  if (next_field(&rest, &rn, &more, &f, &fn) && fn && !match_ioc_parse_score(c, line, f, fn, &r->entry.score))
    r->entry.description = match_ioc_arena_strndup(set, f, match_ioc_desc_len(f, fn)); /* legacy REGEX;DESCRIPTION */
  if (next_field(&rest, &rn, &more, &fp, &fpn) && fpn > IOC_MAX_REGEX) {
    match_ioc_warnf(c, line, "false-positive regex longer than %u bytes; skipped", IOC_MAX_REGEX);
    return 0;
  }
  if (more) match_ioc_warnf(c, line, "fields after the third ignored");
  r->re = compile(c, line, "regex", re, ren, 0);
  if (!r->re) return 0;
  r->fp = fpn ? compile(c, line, "false-positive regex", fp, fpn, 0) : NULL;
  if (fpn && !r->fp) {
    pcre2_code_free(r->re);
    return 0;
  }
  r->regex = match_ioc_arena_strndup(set, re, ren);
  if (!r->entry.description) r->entry.description = comment_str(set, cm);
  return 1;
}

size_t match_ioc_load_names(ioc_set *set, const char *text, size_t len, const char *source, ioc_warn_fn warn,
                      void *user) {
  ioc_load_ctx c = {source ? source : "", warn, user, 0};
  const char *src = match_ioc_arena_strndup(set, c.source, strlen(c.source));
  comment cm = {"", 0, ""};
  ioc_line_iter it;
  const char *s;
  size_t n, loaded = 0;
  int r;
  set->finalized = 0;
  match_ioc_line_init(&it, text, len);
  while ((r = match_ioc_line_next(&it, &c, &s, &n)) != 0) {
    if (r < 0 || n == 0) continue;
    if (s[0] == '#') {
      size_t cl = n - 1;
      cm.text = match_ioc_trim(s + 1, &cl);
      cm.len = cl;
      cm.interned = NULL;
      continue;
    }
    if (set->nnames >= IOC_MAX_NAMES) {
      match_ioc_warnf(&c, it.lineno, "more than %u filename regexes loaded; the rest of this source is ignored",
                IOC_MAX_NAMES);
      break;
    }
    ioc_name_rec rec = {0};
    if (!parse_entry(set, &c, it.lineno, s, n, &cm, &rec)) continue;
    rec.entry.source = src;
    rec.entry.line = it.lineno;
    push_name(set, &rec);
    loaded++;
  }
  return loaded;
}

size_t match_ioc_name_count(const ioc_set *set) { return set->nnames; }

/* ---- unions ------------------------------------------------------------- */

/* Whether "(?:A)|(?:B)" matches exactly when A or B does.  Not so for
 * backreferences and subroutine calls (group numbers shift), \Q without
 * \E, (?x) (a '#' comment would swallow the rest) and (*VERBS) (only valid
 * at the start).  Conservative: doubtful syntax keeps a regex on its own. */
static int unionable(const ioc_name_rec *r) {
  uint32_t backrefs = 0;
  if (pcre2_pattern_info(r->re, PCRE2_INFO_BACKREFMAX, &backrefs) != 0 || backrefs) return 0;
  for (const char *p = r->regex; *p; p++) {
    if (p[0] == '\\') {
      if (p[1] == 'Q' || p[1] == 'g' || p[1] == 'k') return 0;
      if (p[1]) p++;
    } else if (p[0] == '(' && p[1] == '*') {
      return 0;
    } else if (p[0] == '(' && p[1] == '?') {
      const char *q = p + 2;
      if (*q && strchr(":=!>#", *q)) continue;
      if (q[0] == '<' || q[0] == '\'' || (q[0] == 'P' && q[1] == '<')) continue; /* lookbehind, named group */
      while (*q && strchr("imnsJU-^", *q)) q++;                                /* option letters, no x */
      if (*q != ')' && *q != ':') return 0;
    }
  }
  return 1;
}

static void free_index(ioc_set *set) {
  match_ioc_ac_free(set->ac);
  set->ac = NULL;
  for (size_t i = 0; i < set->nchunks; i++) pcre2_code_free(set->chunks[i]);
  free(set->chunks);
  free(set->chunk_start.v);
  free(set->chunk_ids.v);
  free(set->solo.v);
  set->chunks = NULL;
  set->nchunks = 0;
  set->chunk_start = set->chunk_ids = set->solo = (ioc_idvec){0};
}

/* Compiles names[idx[0..n)] as one union; if that fails (e.g. too large
 * for PCRE2) or n is 1, the members are run on their own. */
static void add_chunk(ioc_set *set, const size_t *idx, size_t n) {
  pcre2_code *re = NULL;
  if (n > 1 && set->nchunks < MAX_CHUNKS) {
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
      sb_adds(&sb, i ? "|(?:" : "(?:");
      sb_adds(&sb, set->names[idx[i]].regex);
      sb_addc(&sb, ')');
    }
    re = compile(NULL, 0, "", sb.data, sb.len, PCRE2_DUPNAMES);
    sb_free(&sb);
  }
  if (!re) {
    for (size_t i = 0; i < n; i++) match_ioc_idvec_push(&set->solo, idx[i]);
    return;
  }
  set->chunks = xrealloc(set->chunks, (set->nchunks + 1) * sizeof *set->chunks);
  set->chunks[set->nchunks++] = re;
  for (size_t i = 0; i < n; i++) match_ioc_idvec_push(&set->chunk_ids, idx[i]);
  match_ioc_idvec_push(&set->chunk_start, set->chunk_ids.n);
}

/* How PCRE2 finds start positions: 0 it can skip to plausible first
 * characters, 1 the regex is anchored, 2 it must try every position.  A
 * union inherits the worst of its members, so members are grouped by
 * class: one "(^|x).*" regex would otherwise slow its whole chunk down. */
static int start_class(const pcre2_code *re) {
  uint32_t opts = 0, first = 0;
  const uint8_t *bitmap = NULL;
  pcre2_pattern_info(re, PCRE2_INFO_ALLOPTIONS, &opts);
  if (opts & PCRE2_ANCHORED) return 1;
  pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &first);
  pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &bitmap);
  return first == 1 || bitmap ? 0 : 2;
}

static void build_chunks(ioc_set *set, const ioc_idvec *pool) {
  size_t idx[CHUNK_MEMBERS], n = 0, text = 0;
  for (size_t i = 0; i < pool->n; i++) {
    size_t len = strlen(set->names[pool->v[i]].regex) + 5; /* "|(?:" + ")" */
    if (n == CHUNK_MEMBERS || (n && text + len > CHUNK_TEXT)) {
      add_chunk(set, idx, n);
      n = text = 0;
    }
    idx[n++] = pool->v[i];
    text += len;
  }
  if (n) add_chunk(set, idx, n);
}

/* Puts each unionable name with a literal of MIN_LITERAL+ bytes into the
 * Aho-Corasick prefilter, the other unionable ones into pool[start class],
 * the rest into solo. */
static void build_prefilter(ioc_set *set, ioc_idvec pool[3]) {
  char (*lits)[IOC_LIT_MAX] = xmalloc((set->nnames + 1) * sizeof *lits);
  const char **ptrs = xmalloc((set->nnames + 1) * sizeof *ptrs);
  size_t *lens = xmalloc((set->nnames + 1) * sizeof *lens);
  size_t *ids = xmalloc((set->nnames + 1) * sizeof *ids);
  size_t n = 0;
  for (size_t i = 0; i < set->nnames; i++) {
    const ioc_name_rec *r = &set->names[i];
    if (!unionable(r)) {
      match_ioc_idvec_push(&set->solo, i);
      continue;
    }
    size_t len = match_ioc_required_literal(r->regex, lits[n], IOC_LIT_MAX);
    if (len < MIN_LITERAL) {
      match_ioc_idvec_push(&pool[start_class(r->re)], i);
      continue;
    }
    ptrs[n] = lits[n];
    lens[n] = len;
    ids[n++] = i;
  }
  set->ac = match_ioc_ac_build(ptrs, lens, ids, n);
  for (size_t j = 0; !set->ac && j < n; j++) /* automaton too large: fall back to unions */
    match_ioc_idvec_push(&pool[start_class(set->names[ids[j]].re)], ids[j]);
  free(lits);
  free(ptrs);
  free(lens);
  free(ids);
}

void match_ioc_name_finalize(ioc_set *set) {
  free_index(set);
  ioc_idvec pool[3] = {{0}};
  match_ioc_idvec_push(&set->chunk_start, 0);
  build_prefilter(set, pool);
  for (int cls = 0; cls < 3; cls++) {
    build_chunks(set, &pool[cls]);
    free(pool[cls].v);
  }
}

void match_ioc_name_free(ioc_set *set) {
  free_index(set);
  for (size_t i = 0; i < set->nnames; i++) {
    pcre2_code_free(set->names[i].re);
    pcre2_code_free(set->names[i].fp);
  }
  free(set->names);
}

/* ---- matching ----------------------------------------------------------- */

/* Per-thread scratch: one match-data block (a yes/no answer needs a single
 * ovector pair, so it suits every regex) and the candidate list. */
typedef struct {
  pcre2_match_data *md;
  ioc_idvec ids;
} scratch;

static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;
static pthread_key_t scratch_key;

static void scratch_free(void *p) {
  scratch *t = p;
  pcre2_match_data_free(t->md);
  free(t->ids.v);
  free(t);
}

static void scratch_key_create(void) {
  if (pthread_key_create(&scratch_key, scratch_free) != 0) {
    fprintf(stderr, "shellsift: cannot create thread-specific key\n");
    abort();
  }
}

static scratch *thread_scratch(void) {
  pthread_once(&scratch_once, scratch_key_create);
  scratch *t = pthread_getspecific(scratch_key);
  if (!t) {
    t = xcalloc(1, sizeof *t);
    t->md = pcre2_match_data_create(1, NULL);
    if (!t->md || pthread_setspecific(scratch_key, t) != 0) {
      fprintf(stderr, "shellsift: out of memory creating pcre2 match data\n");
      abort();
    }
  }
  return t;
}

typedef struct {
  const char *form[2]; /* Windows form first, then the path as given */
  size_t len[2];
  pcre2_match_data *md;
  pcre2_match_context *mctx;
} subject;

/* 1 match, 0 no match in either form, -1 error (e.g. match limit hit). */
static int match_either(const pcre2_code *re, const subject *s) {
  int err = 0;
  for (int i = 0; i < 2; i++) {
    if (!s->form[i]) continue;
    int rc = pcre2_match(re, (PCRE2_SPTR)s->form[i], s->len[i], 0, 0, s->md, s->mctx);
    if (rc >= 0) return 1; /* 0 = ovector too small: still a match */
    if (rc != PCRE2_ERROR_NOMATCH) err = 1;
  }
  return err ? -1 : 0;
}

/* An IOC hits if its regex matches and its false-positive regex does not;
 * a regex that errors out counts as not matching. */
static int entry_hits(const ioc_name_rec *r, const subject *s) {
  return match_either(r->re, s) == 1 && !(r->fp && match_either(r->fp, s) == 1);
}

/* The Windows form: every '/' becomes '\', and a relative path gets a
 * leading '\' so that LOKI's "\\dir\\" patterns match a dir that starts
 * it.  Returns NULL when it would equal the path; *heap is set when the
 * copy did not fit in buf. */
static const char *windows_form(const char *path, size_t len, char *buf, size_t bufsize, char **heap,
                                size_t *outlen) {
  size_t lead = path[0] != '/' && path[0] != '\\';
  if (!lead && !memchr(path, '/', len)) return NULL;
  char *w = len + lead < bufsize ? buf : (*heap = xmalloc(len + lead + 1));
  w[0] = '\\';
  for (size_t i = 0; i <= len; i++) w[lead + i] = path[i] == '/' ? '\\' : path[i];
  *outlen = len + lead;
  return w;
}

static int id_cmp(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

/* Names that may match: those whose literal occurs in either form, the
 * members of unions that matched (or failed), and the solo ones. */
static void candidates(const ioc_set *set, const subject *s, ioc_idvec *ids) {
  int f = s->form[0] ? 0 : 1; /* the Windows form holds the other one, '/' and '\' aside */
  if (set->ac) match_ioc_ac_scan(set->ac, s->form[f], s->len[f], ids);
  for (size_t c = 0; c < set->nchunks; c++) {
    if (match_either(set->chunks[c], s) == 0) continue;
    for (size_t i = set->chunk_start.v[c]; i < set->chunk_start.v[c + 1]; i++)
      match_ioc_idvec_push(ids, set->chunk_ids.v[i]);
  }
  for (size_t i = 0; i < set->solo.n; i++) match_ioc_idvec_push(ids, set->solo.v[i]);
}

size_t match_ioc_match_names(const ioc_set *set, const char *path, ioc_name_fn fn, void *user) {
  assert(set->finalized && "match_ioc_finalize() must run before matching");
  if (!path || set->nnames == 0) return 0;
  scratch *t = thread_scratch();
  ioc_idvec ids = t->ids; /* taken, so that fn may itself call us */
  t->ids = (ioc_idvec){0};
  ids.n = 0;
  char buf[PATH_STACK], *heap = NULL;
  subject s = {{NULL, path}, {0, strlen(path)}, t->md, set->mctx};
  s.form[0] = windows_form(path, s.len[1], buf, sizeof buf, &heap, &s.len[0]);
  candidates(set, &s, &ids);
  if (ids.n > 1) qsort(ids.v, ids.n, sizeof *ids.v, id_cmp); /* load order, duplicates adjacent */
  size_t nhits = 0;
  for (size_t i = 0; i < ids.n; i++) {
    if (i && ids.v[i] == ids.v[i - 1]) continue;
    const ioc_name_rec *r = &set->names[ids.v[i]];
    if (!entry_hits(r, &s)) continue;
    if (fn) fn(user, &r->entry, r->regex);
    nhits++;
  }
  free(heap);
  free(t->ids.v);
  t->ids = ids;
  return nhits;
}
