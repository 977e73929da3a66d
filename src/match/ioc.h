/*
 * ioc.h - indicator-of-compromise sets: known-bad file hashes and
 * file-name regexes, in the LOKI / signature-base / THOR formats.
 *
 * Life cycle: match_ioc_set_new(), any number of ioc_load_*() calls, then
 * match_ioc_finalize(); after that the set is read-only and match_ioc_lookup_hash() /
 * match_ioc_match_names() may be called from any number of threads at once.
 * Loading again after match_ioc_finalize() is allowed but invalidates entries
 * returned earlier, and the set must be finalized again before lookups.
 *
 * Formats (one entry per line; '#' comments, blank lines, CRLF and a
 * leading UTF-8 BOM are accepted everywhere; trailing NUL bytes at the very
 * end of a buffer are ignored so NUL-terminated embedded blobs load as is):
 *
 *   hash lists      HASH;DESCRIPTION          score 75 (as Loki-RS)
 *                   HASH;SCORE;DESCRIPTION    THOR / Loki-RS
 *                   HASH                      bare hash, score 75, no description
 *     HASH is 32, 40 or 64 hex digits (MD5, SHA-1, SHA-256), either case.
 *     In an allow-list ("falsepositive" hash file) only HASH is used.
 *   filename lists  REGEX;SCORE[;FALSE_POSITIVE_REGEX]
 *                   REGEX;DESCRIPTION  /  REGEX   legacy LOKI: score 60
 *     The last '# comment' line before an entry is its description (LOKI).
 *     Regexes are Python-re style, compiled with PCRE2, caseless, JIT.
 *
 * Scores are integers in -100..100 (negative scores lower a file's total,
 * THOR convention); values outside are clamped with a warning.  Bounds:
 * lines of 64 KiB, regexes of 4 KiB, descriptions of 1 KiB (truncated),
 * IOC_MAX_HASHES hashes and IOC_MAX_NAMES regexes per set, 100 warnings
 * per source (then one "suppressed" notice).
 *
 * Trivial digests (md5/sha1/sha256 of "", "\n", "\r\n" and " ") are on a
 * built-in allow-list: they never match, and a feed listing one gets a
 * single warning (LOKI#99: a newline-only file alerted via a bad feed).
 */
#ifndef SS_MATCH_IOC_H
#define SS_MATCH_IOC_H

#include <stddef.h>

#include "shellsift.h"

#define IOC_MAX_HASHES 4000000u /* all kinds and allow-lists together */
#define IOC_MAX_NAMES 50000u

typedef struct ioc_set ioc_set;

typedef enum { IOC_MD5 = 1, IOC_SHA1 = 2, IOC_SHA256 = 4 } ioc_hash_kind;

/* One loaded indicator.  Strings live as long as the set; source is the
 * file name given to the loader (or whatever the caller passed, e.g.
 * "builtin"); description may be "" but is never NULL. */
typedef struct {
  const char *source;
  unsigned line;
  int score;
  const char *description;
} ioc_entry;

/* Receives one message per problem.  line is 1-based, or 0 when the message
 * is about the whole source (file ignored, unreadable, ...).  May be NULL
 * wherever a warn function is taken. */
typedef void (*ioc_warn_fn)(void *user, const char *source, unsigned line, const char *message);

ioc_set *match_ioc_set_new(void);
void match_ioc_set_free(ioc_set *set);

/* Parse a hash list held in text[0..len) (need not be NUL-terminated, may
 * hold any bytes).  allowlist=1 loads a false-positive list: those hashes
 * never match.  Malformed lines are reported through warn and skipped.
 * Returns the number of entries loaded (trivial hashes are not loaded). */
size_t match_ioc_load_hashes(ioc_set *set, const char *text, size_t len, const char *source, int allowlist,
                       ioc_warn_fn warn, void *user);

/* Parse a filename-regex list; as above.  Regexes that do not compile are
 * reported with their line number and skipped. */
size_t match_ioc_load_names(ioc_set *set, const char *text, size_t len, const char *source, ioc_warn_fn warn,
                      void *user);

/* Load a file, or a directory searched recursively (dot files skipped), in
 * LOKI/signature-base layout: a base name containing "hash" is a hash list,
 * containing "hash" and "falsepositive" an allow-list, containing
 * "filename" a filename-regex list (case-insensitive).  Other files in a
 * directory are ignored with a warning; a file named directly whose name
 * says neither is classified by its first entry (with a warning).
 * Returns SS_OK, or SS_ERR_IOC if path itself cannot be read (files below
 * it that cannot be read are warnings). */
ss_err match_ioc_load_path(ioc_set *set, const char *path, ioc_warn_fn warn, void *user);

/* Sort and de-duplicate (the first loaded entry of a hash wins).  Lookups
 * are only valid after this. */
void match_ioc_finalize(ioc_set *set);

/* Bitmask of ioc_hash_kind with at least one (non-allow-list) entry: the
 * digests the scanner has to compute. */
unsigned match_ioc_hash_kinds(const ioc_set *set);
/* Known-bad hashes (allow-list entries not counted; after match_ioc_finalize()
 * each digest once) and filename regexes (every line that compiled). */
size_t match_ioc_hash_count(const ioc_set *set);
size_t match_ioc_name_count(const ioc_set *set);

/* digest is raw bytes: 16, 20 or 32 of them by kind.  Returns the entry, or
 * NULL if there is none or the digest is allow-listed.  O(log n). */
const ioc_entry *match_ioc_lookup_hash(const ioc_set *set, ioc_hash_kind kind, const unsigned char *digest);

/* Called once per matching filename IOC, with its regex source text. */
typedef void (*ioc_name_fn)(void *user, const ioc_entry *entry, const char *regex);

/* Match every filename regex against path and against its Windows form:
 * each '/' replaced by '\', and a leading '\' added if path is relative
 * (so LOKI's "\\dir\\" patterns hit a Linux copy of a Windows tree, even
 * when dir starts the path).  An entry matches if either form matches and
 * its false-positive regex matches neither.  Calls fn (may be NULL) per
 * match in load order and returns the number of matches.  A regex that
 * hits the backtracking limit on a path counts as not matching.
 *
 * Thread-safe.  Each thread keeps its scratch (one pcre2 match data block
 * and a candidate list) in thread-specific storage, created on first use
 * and freed at thread exit, so a call allocates nothing once warm (paths
 * over 4 KiB excepted).  Per-call cost barely grows with the number of
 * IOCs: match_ioc_finalize() puts every regex with a required literal (e.g.
 * "aspnet_client\") into one Aho-Corasick automaton and ORs the others,
 * when safe (no backreferences, subroutine calls, \Q or (?x)), into unions
 * of up to 64; a path costs one automaton pass, two runs per union and a
 * run of each candidate.  fn may call match_ioc_match_names() itself. */
size_t match_ioc_match_names(const ioc_set *set, const char *path, ioc_name_fn fn, void *user);

#endif
