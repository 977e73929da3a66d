/*
 * model.c - the features of lang_model (model.h) and the tree walk.
 *
 * One pass over the bytes finds every name (what PHP reads as one: letters,
 * digits, '_' and bytes from 0x80, in lower case) and sorts it by what
 * surrounds it: a call
 * "c:" (followed by '('), a quoted name "q:", a variable "v:" ($name), a
 * tag "h:" (<name), a URL scheme "u:" (name://) and, for every name, a
 * word "w:".  Variables, tags, schemes and words count only from the short
 * lists below, so the model learns the language and the web, never a kit's
 * own names; the trainer keeps only calls of PHP's own functions.
 * Marks "p:" count a few punctuation shapes, "b:" single punctuation bytes,
 * and "s:" figures give the layout.
 * Features are plain counts, so the trees' thresholds compare integers and
 * the score here is the one the trainer computed, bit for bit.
 */
#include "lang/model.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/lang.h"

static const char *const variables[] = {"_get", "_post", "_cookie", "_request", "_files", "_server", "_session",
                                        "_env", "globals", "http_raw_post_data", NULL};
static const char *const tags[] = {"form", "textarea", "input", "table", "script", "pre", "iframe", "select",
                                   "title", "body", "style", "a", "img", NULL};
static const char *const schemes[] = {"php", "data", "phar", "zlib", "expect", "http", "https", "ftp", "file", NULL};
static const char *const words[] = {"cmd", "command", "shell", "passwd", "password", "pass", "pwd", "uname", "whoami",
                                    "hacked", "hacker", "upload", "exec", "system", "safe_mode", "disable_functions",
                                    "open_basedir", "include", "require", "include_once", "require_once", "0777",
                                    "0755", "etc", "bin", "tmp", "sh", "bash", "root", "submit", "dir", "chmod",
                                    "base64", "backdoor", "exploit", "eval", NULL};

#define NAME_MAX_LEN 64
#define LONG_LINE 300
#define B64_RUN 200

enum { K_B64 = 1, K_MARK = 2 /* the first byte of a mark_at shape */ };
static unsigned char kind_of[256], lower_of[256];

/* The features of the compiled-in model, by (kind, name hash). */
typedef struct {
  uint32_t *slot; /* feature index + 1; 0 is empty */
  uint32_t mask;
  /* kind bits (KB_*) of the features a name of this length and first
   * byte can be: most names need no lowering, hashing or probe at all */
  unsigned char maybe[NAME_MAX_LEN + 1][256];
} feature_index;

/* The kinds of name feature, in the order of their bits. */
static const char kinds[] = "cqvhuw";
enum { KB_CALL = 1, KB_QUOTED = 2, KB_VAR = 4, KB_TAG = 8, KB_SCHEME = 16, KB_WORD = 32 };
static unsigned char kind_bit(char kind) {
  const char *at = kind ? strchr(kinds, kind) : NULL;
  return at ? (unsigned char)(1u << (at - kinds)) : 0;
}

static feature_index *php_index;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static uint32_t hash_step(uint32_t h, unsigned char c) { return (h ^ c) * 16777619u; }
static uint32_t key_hash(char kind, uint32_t h) { return (h ^ (uint32_t)(unsigned char)kind * 0x9e3779b1u) * 2654435761u; }
static uint32_t name_hash(const unsigned char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = hash_step(h, s[i]);
  return h;
}

/* NULL when out of memory: then nothing matches and the model scores its baseline. */
static feature_index *index_build(const lang_model *m) {
  uint32_t size = 16;
  while (size < m->nfeatures * 4) size *= 2;
  feature_index *ix = calloc(1, sizeof *ix);
  if (!ix || !(ix->slot = calloc(size, sizeof *ix->slot))) {
    free(ix);
    return NULL;
  }
  ix->mask = size - 1;
  for (size_t f = 0; f < m->nfeatures; f++) {
    const unsigned char *name = (const unsigned char *)m->features[f] + 2;
    size_t n = strlen(m->features[f] + 2);
    if (n <= NAME_MAX_LEN) ix->maybe[n][name[0]] |= kind_bit(m->features[f][0]);
    uint32_t at = key_hash(m->features[f][0], name_hash(name, n)) & ix->mask;
    while (ix->slot[at]) at = (at + 1) & ix->mask;
    ix->slot[at] = (uint32_t)f + 1;
  }
  return ix;
}

static void index_free(feature_index *ix) {
  if (ix) free(ix->slot);
  free(ix);
}

static void tables(void) {
  for (int c = 0; c < 256; c++) {
    int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'), digit = c >= '0' && c <= '9';
    kind_of[c] = (unsigned char)((alpha || digit || c == '_' || c == '+' || c == '/' ? K_B64 : 0) |
                                 (c && strchr("?<$\\", c) ? K_MARK : 0));
    lower_of[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
  }
  php_index = index_build(&lang_model_php);
}

typedef struct {
  lang_model_emit emit; /* training: every feature by name */
  void *arg;
  const lang_model *m; /* scoring: only the model's features, counted here */
  const feature_index *ix;
  double *count;
} sink;

static int listed(const char *const *list, const unsigned char *s, size_t n) {
  for (; *list; list++)
    if (strlen(*list) == n && memcmp(*list, s, n) == 0) return 1;
  return 0;
}

/* Adds value to the feature "kind:name" (name: n lowered bytes, hash h);
 * in training, prints it. */
static void count(sink *k, char kind, const unsigned char *name, size_t n, uint32_t h, double value) {
  if (!k->count) {
    char key[NAME_MAX_LEN + 3] = {kind, ':'};
    memcpy(key + 2, name, n);
    key[n + 2] = '\0';
    k->emit(k->arg, key, value);
    return;
  }
  if (!k->ix) return;
  for (uint32_t at = key_hash(kind, h) & k->ix->mask; k->ix->slot[at]; at = (at + 1) & k->ix->mask) {
    const char *f = k->m->features[k->ix->slot[at] - 1];
    if (f[0] == kind && strlen(f + 2) == n && memcmp(f + 2, name, n) == 0) {
      k->count[k->ix->slot[at] - 1] += value;
      return;
    }
  }
}

/* A named figure ("s:size", "p:?>") with its value. */
static void figure(sink *k, const char *feature, double value) {
  const unsigned char *name = (const unsigned char *)feature + 2;
  size_t n = strlen(feature + 2);
  count(k, feature[0], name, n, name_hash(name, n), value);
}

/* The end of the name that starts at buf[i]: a name is what PHP reads as
 * one (letters, digits, '_', bytes from 0x80), found 16 bytes at a time. */
static size_t name_end(const unsigned char *buf, size_t len, size_t i) {
#if defined(__SSE2__)
  for (; len - i >= 16; i += 16) {
    unsigned other = ~lang_ident_mask16(buf + i) & 0xffffu;
    if (other) return i + (size_t)__builtin_ctz(other);
  }
#endif
  while (i < len && lang_lex_ident_char(buf[i])) i++;
  return i;
}

/* 1 if the base64 run through buf[at] is long enough. */
static int long_b64_run(const unsigned char *buf, size_t len, size_t at) {
  size_t s = at, e = at;
  while (s > 0 && (kind_of[buf[s - 1]] & K_B64)) s--;
  while (e < len && (kind_of[buf[e]] & K_B64)) e++;
  return e - s >= B64_RUN;
}

/* The kinds of the name at buf[s, e): what surrounds it decides. */
static void name_at(sink *k, const unsigned char *buf, size_t len, size_t s, size_t e) {
  size_t n = e - s;
  unsigned char maybe = k->ix ? k->ix->maybe[n][lower_of[buf[s]]] : k->count ? 0 : 0xff;
  if (!maybe) return;
  unsigned char before = s ? buf[s - 1] : ' ', after = e < len ? buf[e] : ' ', want = KB_WORD;
  if (buf[s] >= '0' && buf[s] <= '9') {
  } else if (before == '$') want |= KB_VAR;
  else {
    if (before == '<') want |= KB_TAG;
    if (after == ':' && e + 2 < len && buf[e + 1] == '/' && buf[e + 2] == '/') want |= KB_SCHEME;
    if ((before == '\'' || before == '"') && after == before) want |= KB_QUOTED;
    if ((maybe & KB_CALL) && before != '>' && before != ':') { /* not a method: ->name(, ::name( */
      size_t j = e;
      while (j < len && (buf[j] == ' ' || buf[j] == '\t' || buf[j] == '\n' || buf[j] == '\r')) j++;
      if (j < len && buf[j] == '(') want |= KB_CALL;
    }
  }
  if (!(want &= maybe)) return;
  unsigned char low[NAME_MAX_LEN];
  for (size_t i = 0; i < n; i++) low[i] = lower_of[buf[s + i]];
  uint32_t h = name_hash(low, n);
  if (!k->count) { /* training: the short lists decide the kinds that are not calls */
    if (!listed(words, low, n)) want &= (unsigned char)~KB_WORD;
    if (!listed(variables, low, n)) want &= (unsigned char)~KB_VAR;
    if (!listed(tags, low, n)) want &= (unsigned char)~KB_TAG;
    if (!listed(schemes, low, n)) want &= (unsigned char)~KB_SCHEME;
  }
  for (; want; want &= (unsigned char)(want - 1)) count(k, kinds[__builtin_ctz(want)], low, n, h, 1);
}

enum { M_CLOSE, M_OPEN_PHP, M_OPEN_ECHO, M_VARVAR, M_VARBRACE, M_HEX, M_OCTAL, M_MARKS };
static const char *const mark_names[M_MARKS] = {"p:?>", "p:<?php", "p:<?=", "p:$$", "p:${", "p:\\x", "p:\\0"};
/* Punctuation counted byte by byte ("b:("): how much code calls, joins, indexes and escapes. */
static const char punctuation[] = "()[]{}.;,=+-*/%!&|~<>?:@^`'\"#\\$";

/* The punctuation shapes that start at buf[i]. */
static void mark_at(const unsigned char *buf, size_t len, size_t i, size_t *marks) {
  unsigned char c = buf[i], next = i + 1 < len ? buf[i + 1] : 0;
  switch (c) {
  case '?': marks[M_CLOSE] += next == '>'; break;
  case '<':
    if (next != '?') break;
    if (i + 2 < len && buf[i + 2] == '=') marks[M_OPEN_ECHO]++;
    else if (i + 4 < len && lower_of[buf[i + 2]] == 'p' && lower_of[buf[i + 3]] == 'h' && lower_of[buf[i + 4]] == 'p')
      marks[M_OPEN_PHP]++;
    break;
  case '$':
    marks[M_VARVAR] += next == '$';
    marks[M_VARBRACE] += next == '{';
    break;
  case '\\':
    marks[M_HEX] += next == 'x' || next == 'X';
    marks[M_OCTAL] += next >= '0' && next <= '7';
    break;
  default: break;
  }
}

/* The layout figures: lines (memchr finds their ends), the bytes from
 * 0x80, and runs of 200 or more base64 bytes (letters, digits, '+', '/',
 * and '_', which names hold). */
static void layout(sink *k, const unsigned char *buf, size_t len) {
  size_t lines = 1, maxline = 0, longlines = 0, from = 0;
  for (const unsigned char *nl; (nl = memchr(buf + from, '\n', len - from)) != NULL; from = (size_t)(nl - buf) + 1) {
    size_t n = (size_t)(nl - buf) - from;
    maxline = n > maxline ? n : maxline;
    longlines += n > LONG_LINE;
    lines++;
  }
  maxline = len - from > maxline ? len - from : maxline;
  longlines += len - from > LONG_LINE;
  size_t nonascii = 0, runs = 0, i = 0;
#if defined(__SSE2__)
  /* A run of 200 that ends before the last 16 bytes holds at least 10 whole
   * 16-byte blocks of base64 bytes in a row: only such streaks are measured
   * byte by byte.  One that reaches the tail is counted there. */
  size_t streak = 0;
  for (; len - i >= 16; i += 16) {
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(buf + i));
    unsigned high = (unsigned)_mm_movemask_epi8(v);
    if (high) nonascii += (size_t)__builtin_popcount(high); /* a library call without -mpopcnt: only where needed */
    const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    const __m128i letter = _mm_cmplt_epi8(_mm_sub_epi8(lower, _mm_set1_epi8((char)('a' + 128))), _mm_set1_epi8((char)(26 - 128)));
    const __m128i digit = _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8((char)('0' + 128))), _mm_set1_epi8((char)(10 - 128)));
    const __m128i sign = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('+')), _mm_cmpeq_epi8(v, _mm_set1_epi8('/')));
    const __m128i under = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
    unsigned b64 = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(sign, under)));
    if (b64 == 0xffffu) {
      streak++;
      continue;
    }
    if (streak >= 10) runs += (size_t)long_b64_run(buf, len, i - streak * 16);
    streak = 0;
  }
#endif
  size_t run = 0; /* the run the tail continues, if any */
  for (size_t j = i; j > 0 && (kind_of[buf[j - 1]] & K_B64); j--) run++;
  for (; i < len; i++) { /* the tail, or every byte without SSE2 */
    nonascii += buf[i] >= 0x80;
    if (kind_of[buf[i]] & K_B64) run++;
    else {
      runs += run >= B64_RUN;
      run = 0;
    }
  }
  runs += run >= B64_RUN;
  figure(k, "s:size", (double)len);
  figure(k, "s:lines", (double)lines);
  figure(k, "s:maxline", (double)maxline);
  figure(k, "s:longlines", (double)longlines);
  figure(k, "s:b64runs", (double)runs);
  figure(k, "s:nonascii", (double)nonascii);
}

static void extract(sink *k, const unsigned char *buf, size_t len) {
  pthread_once(&tables_once, tables);
  size_t marks[M_MARKS] = {0}, bytes[256] = {0};
  for (size_t i = 0; i < len;) {
    if (lang_lex_ident_char(buf[i])) {
      size_t e = name_end(buf, len, i);
      if (e - i <= NAME_MAX_LEN) name_at(k, buf, len, i, e);
      i = e;
      continue;
    }
    bytes[buf[i]]++;
    if (kind_of[buf[i]] & K_MARK) mark_at(buf, len, i, marks);
    i++;
  }
  for (int m = 0; m < M_MARKS; m++)
    if (marks[m] > 0) figure(k, mark_names[m], (double)marks[m]);
  for (const char *p = punctuation; *p; p++)
    if (bytes[(unsigned char)*p] > 0) figure(k, (char[]){'b', ':', *p, '\0'}, (double)bytes[(unsigned char)*p]);
  layout(k, buf, len);
}

void lang_model_features(const unsigned char *buf, size_t len, lang_model_emit emit, void *arg) {
  sink k = {emit, arg, NULL, NULL, NULL};
  extract(&k, buf, len);
}

/* "c:system" reads system(), "v:_post" reads $_post; layout figures by their meaning. */
static void describe(char *out, size_t n, const char *feature) {
  const char *name = feature + 2;
  switch (feature[0]) {
  case 'c': snprintf(out, n, "%s()", name); break;
  case 'q': snprintf(out, n, "'%s' as a string", name); break;
  case 'v': snprintf(out, n, "$%s", name); break;
  case 'h': snprintf(out, n, "<%s>", name); break;
  case 'u': snprintf(out, n, "%s://", name); break;
  case 'w': snprintf(out, n, "the word %s", name); break;
  default: snprintf(out, n, "%s", name); break;
  }
}

/* The (up to) four features present with the highest lift, strongest first;
 * layout figures are no sign a reader can look for. */
static void signs(const lang_model *m, const double *count, char *why, size_t whylen) {
  enum { TOP = 4 };
  size_t top[TOP], ntop = 0;
  for (size_t f = 0; f < m->nfeatures; f++) {
    if (count[f] <= 0 || m->lift[f] < 1 || m->features[f][0] == 's') continue;
    if (ntop == TOP && m->lift[top[TOP - 1]] >= m->lift[f]) continue;
    size_t at = ntop < TOP ? ntop++ : TOP - 1; /* a new slot, or the weakest one */
    for (; at > 0 && m->lift[top[at - 1]] < m->lift[f]; at--) top[at] = top[at - 1];
    top[at] = f;
  }
  size_t used = 0;
  why[0] = '\0';
  for (size_t i = 0; i < ntop && used < whylen; i++) {
    char one[80];
    describe(one, sizeof one, m->features[top[i]]);
    int w = snprintf(why + used, whylen - used, "%s%s", i ? ", " : "", one);
    if (w < 0) break;
    used += (size_t)w;
  }
}

double lang_model_score(const lang_model *m, const unsigned char *buf, size_t len, char *why, size_t whylen) {
  double *count = calloc(m->nfeatures ? m->nfeatures : 1, sizeof *count);
  if (!count) return 0;
  pthread_once(&tables_once, tables);
  feature_index *own = m == &lang_model_php ? NULL : index_build(m); /* another model: the unit tests' */
  sink k = {NULL, NULL, m, m == &lang_model_php ? php_index : own, count};
  extract(&k, buf, len);
  index_free(own);
  double score = m->baseline;
  for (size_t tree = 0; tree < m->ntrees; tree++) {
    const lang_model_node *node = &m->nodes[m->roots[tree]];
    while (node->feature >= 0) node = &m->nodes[count[node->feature] <= node->threshold ? node->left : node->right];
    score += node->value;
  }
  if (why && whylen) {
    why[0] = '\0';
    if (score > m->threshold) signs(m, count, why, whylen); /* only a verdict names them */
  }
  free(count);
  return score;
}

int lang_model_judge(lang_result *r, const unsigned char *buf, size_t len) {
  if (!r->php_read) return 0;
  char seen[160];
  double score = lang_model_score(&lang_model_php, buf, len, seen, sizeof seen);
  if (score <= lang_model_php.threshold) return 0;
  int n = snprintf(r->model_why, sizeof r->model_why,
                   "its mix of calls, words and layout is that of web shells (learned model, score %.1f over "
                   "%.1f; it holds %s); no request-to-sink flow was proven: read it by hand",
                   score, lang_model_php.threshold, seen[0] ? seen : "no single strong sign");
  return n > 0 ? 45 : 0;
}
