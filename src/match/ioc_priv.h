/*
 * ioc_priv.h - what ioc_load.c, ioc_hash.c, ioc_name.c and ioc_prefilter.c
 * share: the set's layout, its string arena, the line splitter, the bounded
 * warning helper and the literal prefilter.  Nothing outside
 * src/match/ioc_*.c includes this.
 */
#ifndef SS_MATCH_IOC_PRIV_H
#define SS_MATCH_IOC_PRIV_H

#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "match/ioc.h"

#define IOC_MAX_LINE (64u * 1024)  /* longer lines are skipped with a warning */
#define IOC_MAX_REGEX 4096u
#define IOC_MAX_DESC 1024u         /* descriptions are truncated to this */
#define IOC_MAX_WARN 100u          /* per source, then one "suppressed" notice */
#define IOC_DEFAULT_HASH_SCORE 75  /* 2-column hash lines, as Loki-RS */
#define IOC_DEFAULT_NAME_SCORE 60  /* legacy LOKI filename lines without a score */

/* One hash: digest in the first 16/20/32 bytes by kind.  seq keeps load
 * order through the sort so that the first loaded duplicate wins. */
typedef struct {
  unsigned char digest[32];
  uint32_t seq;
  ioc_entry entry;
} ioc_hash_rec;

typedef struct {
  ioc_hash_rec *v;
  size_t n, cap;
} ioc_hash_vec;

typedef struct {
  pcre2_code *re, *fp; /* fp may be NULL */
  const char *regex;   /* source text, in the arena */
  ioc_entry entry;
} ioc_name_rec;

/* A growable list of name indexes. */
typedef struct {
  size_t *v;
  size_t n, cap;
} ioc_idvec;

typedef struct ioc_ac ioc_ac;
typedef struct ioc_arena_block ioc_arena_block;

struct ioc_set {
  ioc_hash_vec bad[3], allow[3]; /* index: 0 md5, 1 sha1, 2 sha256 */
  size_t nhash_total;            /* all records, for IOC_MAX_HASHES */
  uint32_t next_seq;
  ioc_name_rec *names;
  size_t nnames, capnames;
  /* Built by match_ioc_finalize(); every name is in exactly one of these. */
  ioc_ac *ac;                    /* names with a required literal */
  pcre2_code **chunks;           /* unions of names: a miss rules out all members */
  size_t nchunks;
  ioc_idvec chunk_ids;           /* members of chunk c: chunk_ids.v[chunk_start.v[c] .. chunk_start.v[c+1]) */
  ioc_idvec chunk_start;
  ioc_idvec solo;                /* names run on every path */
  pcre2_match_context *mctx;     /* match limits; read-only while matching */
  ioc_arena_block *arena;
  int finalized;
};

/* Per-source loading state: where warnings go and how many were sent. */
typedef struct {
  const char *source;
  ioc_warn_fn warn;
  void *user;
  unsigned nwarn;
} ioc_load_ctx;

void match_ioc_warnf(ioc_load_ctx *c, unsigned line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Copies s[0..n) into the set's arena, NUL-terminated; lives with the set. */
const char *match_ioc_arena_strndup(ioc_set *set, const char *s, size_t n);

/* Splits a buffer into lines.  match_ioc_line_next() yields each line without
 * its EOL and with surrounding blanks trimmed; it returns 0 at the end,
 * 1 for a line, -1 for a line that is too long or holds a NUL byte (the
 * warning has been sent; the caller skips it). */
typedef struct {
  const char *p, *end;
  unsigned lineno;
} ioc_line_iter;

void match_ioc_line_init(ioc_line_iter *it, const char *text, size_t len);
int match_ioc_line_next(ioc_line_iter *it, ioc_load_ctx *c, const char **s, size_t *n);

/* Trims blanks (space, tab, CR) from both ends of s[0..*n). */
const char *match_ioc_trim(const char *s, size_t *n);
/* Parses an optionally signed decimal integer filling s[0..n).  Returns 0
 * if it is not one; else 1 and *out, clamped to -100..100 with a warning. */
int match_ioc_parse_score(ioc_load_ctx *c, unsigned line, const char *s, size_t n, int *out);
/* Length of the description cut to IOC_MAX_DESC on a UTF-8 boundary. */
size_t match_ioc_desc_len(const char *s, size_t n);

void match_ioc_idvec_push(ioc_idvec *v, size_t id);

/* Prefilter (ioc_prefilter.c).  match_ioc_required_literal() writes to out (lower
 * case, at most cap bytes) the longest run of plain characters every match
 * of re must contain, and returns its length; 0 if none was found or the
 * syntax was not understood.  Only for regexes that are unionable (no \Q,
 * no (?x)). */
#define IOC_LIT_MAX 32
size_t match_ioc_required_literal(const char *re, char *out, size_t cap);
/* An Aho-Corasick automaton over literals; ids[i] is reported for lits[i].
 * Returns NULL if n is 0 or the automaton would be unreasonably large. */
ioc_ac *match_ioc_ac_build(const char *const *lits, const size_t *lens, const size_t *ids, size_t n);
void match_ioc_ac_free(ioc_ac *ac);
/* Appends the id of each literal occurring in text (an id may repeat).
 * Caseless (ASCII), and '/' and '\' count as the same character. */
void match_ioc_ac_scan(const ioc_ac *ac, const char *text, size_t len, ioc_idvec *out);

/* Per-module hooks called by ioc_load.c. */
void match_ioc_hash_finalize(ioc_set *set);
void match_ioc_hash_free(ioc_set *set);
void match_ioc_name_finalize(ioc_set *set);
void match_ioc_name_free(ioc_set *set);
/* 32/40/64 hex digits -> kind index 0/1/2 and raw bytes; -1 otherwise. */
int match_ioc_hex_digest(const char *s, size_t n, unsigned char *out);

#endif
