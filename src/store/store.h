/*
 * store.h - the case file: one SQLite database per case holding every
 * sweep, every file seen, findings, log findings, incidents, coverage and
 * versions.  This module owns every SQL statement and the schema
 * (documented in docs/sweep.md); the layers above see rows as structs.
 *
 * Errors fail closed.  Every call returns ss_err, and the first failure
 * (a full disk, an I/O error, a file that cannot grow) is kept with its
 * cause, like a FILE's error flag: later writes do nothing and return the
 * same error, so one failure is reported once, with the case file's name,
 * and never turns into a count that silently reads 0.  A sweep writes
 * inside one transaction, committed when it finishes: a sweep that dies
 * half-way (SIGKILL, power loss) leaves the case file as it was before it.
 */
#ifndef SS_STORE_H
#define SS_STORE_H

#include <stdint.h>

#include "shellsift.h"

#define STORE_SCHEMA_VERSION 5

typedef struct store store;

/* Opens (creating if create and missing) a case file; path NULL is an
 * in-memory case.  On failure *why (if given) gets a message the caller
 * frees, naming the file and the cause. */
ss_err store_open(const char *path, int create, store **out, char **why);
void store_close(store *s);
/* "SQLite 3.40.1": the library that writes case files, for the record of
 * versions. */
const char *store_engine_version(void);
/* The first failure of this case file, "case file PATH: what: cause", or
 * NULL while everything has succeeded. */
const char *store_error(const store *s);

/* ---- sweeps (store.c) ---- */
typedef struct {
  const char *root;
  int64_t started, finished;
  const char *verdict;         /* "compromised", "suspicious", "no-evidence" */
  const char *verdict_reasons; /* one sentence per line */
  int complete;
  uint64_t files, skipped, findings, log_findings, incidents, missing;
  double seconds;
} store_sweep;

/* Starts a sweep row and the write transaction. */
ss_err store_begin_sweep(store *s, const char *root, int64_t *sweep);
/* Closes the sweep row with its outcome (root and started are not
 * written) and commits. */
ss_err store_finish_sweep(store *s, int64_t sweep, const store_sweep *r);
/* The newest finished sweep of the same root before sweep; 0 if none. */
ss_err store_previous_of(store *s, int64_t sweep, int64_t *prev);
/* A finished sweep: wanted itself (if it exists and finished), or for
 * wanted 0 the newest; 0 if there is none. */
ss_err store_pick_sweep(store *s, int64_t wanted, int64_t *out);
/* The row of a sweep; strings are valid until the next call on s.
 * SS_ERR_ARG if there is no such sweep. */
ss_err store_get_sweep(store *s, int64_t sweep, store_sweep *out);
/* Whether a component's version (shellsift, rules, IOCs) differs from the
 * previous finished sweep of the same root: results carried from it would
 * be stale. */
ss_err store_versions_changed(store *s, int64_t sweep, int *changed);

/* ---- files (files.c) ----
 * The files table holds file versions: a row is written when a path is
 * first seen or its stat or hash changed, and closed (gone_sweep) by the
 * first sweep of the same root that no longer sees it.  An unchanged file
 * costs a re-sweep no write at all; the files_seen view lists what each
 * sweep saw. */
/* Loads the versions current after sweep prev (same root) for
 * store_unchanged; prev 0 loads nothing. */
ss_err store_load_previous(store *s, int64_t prev);
/* Thread-safe: 1 if the file has the same size, mtime, ctime and inode
 * (to the nanosecond) as in the previous sweep. */
int store_unchanged(const store *s, const ss_file_record *rec);
/* Records a file seen by this sweep: nothing is written if it is the
 * version already current.  *carry is set to 1 if the previous sweep had
 * findings on this path (the caller then carries them with
 * store_carry_findings). */
ss_err store_add_file(store *s, int64_t sweep, const ss_file_record *rec, int *carry);
/* Closes the versions the previous sweep saw and this one did not. */
ss_err store_end_files(store *s, int64_t sweep);

/* ---- findings, log findings, incidents (evidence.c) ---- */
typedef struct {
  const char *kind;      /* "file" (scan) or "artefact" (post-exploitation) */
  const char *path, *category, *severity, *rules, *reason, *sha256;
  int score;
  int64_t mtime, btime;
  const char *record;    /* the ECS JSON line */
  int carried;
  unsigned incident;     /* reading: the incident whose requests reached this file, or 0 */
} store_finding;
ss_err store_add_finding(store *s, int64_t sweep, const store_finding *f);
/* Copies prev's findings on path into sweep (marked carried) and passes
 * each copy to cb. */
ss_err store_carry_findings(store *s, int64_t sweep, int64_t prev, const char *path,
                            void (*cb)(const store_finding *f, void *user), void *user);
ss_err store_add_log_finding(store *s, int64_t sweep, const ss_log_finding *lf, const char *record);
ss_err store_add_incident(store *s, int64_t sweep, const ss_incident *in, const char *record);
ss_err store_add_coverage(store *s, int64_t sweep, const char *item, const char *status, const char *path,
                          const char *note);
ss_err store_add_version(store *s, int64_t sweep, const char *component, const char *value);
ss_err store_add_warning(store *s, int64_t sweep, const ss_warning *w, const char *record);
ss_err store_add_exchange(store *s, int64_t sweep, const ss_exchange_result *r);

/* ---- reading a stored sweep back (read.c) ----
 * Each calls fn once per row, in the order given; the row's strings are
 * valid during the call only.  A read that fails part-way returns the
 * error after the rows it did read. */
typedef struct {
  unsigned id;
  const char *client_ip, *severity, *summary;
  int64_t first_seen, last_seen;
  const char *commands; /* the command lines its process traces ran, one per line, or "" */
} store_incident;
typedef struct {
  const char *item, *status, *path, *note;
} store_coverage;
typedef struct {
  const char *product, *build, *cu, *su, *error;
  const char *update;  /* the exact update installed, or "" */
  const char *summary; /* where the build stands, in a sentence */
} store_exchange;
typedef struct {
  const char *change; /* "added", "changed", "removed" */
  const char *path;   /* as found below the root */
  const char *rel;    /* path relative to the sweep's root */
  uint64_t size;
  int64_t mtime;
  const char *sha256, *old_sha256;
} store_diff_row;
/* What the next steps of a sweep depend on. */
typedef struct {
  int vulnerable_chain;       /* an exploited chain is vulnerable on the Exchange build */
  int coverage_missing;       /* something expected was missing */
  int credential_dump;        /* a finding says credentials were dumped */
  uint64_t incomplete_warnings;
} store_facts;

/* Findings, highest score first. */
ss_err store_each_finding(store *s, int64_t sweep, void (*fn)(const store_finding *f, void *user), void *user);
/* Log findings in time order (unknown times first). */
ss_err store_each_log_finding(store *s, int64_t sweep, void (*fn)(const ss_log_finding *f, void *user),
                              void *user);
/* Incidents by number. */
ss_err store_each_incident(store *s, int64_t sweep, void (*fn)(const store_incident *in, void *user), void *user);
ss_err store_each_coverage(store *s, int64_t sweep, void (*fn)(const store_coverage *c, void *user), void *user);
/* The Exchange check: fn is called once if the sweep made one; then its
 * chains. */
ss_err store_get_exchange(store *s, int64_t sweep, void (*fn)(const store_exchange *x, void *user), void *user);
ss_err store_each_chain(store *s, int64_t sweep, void (*fn)(const ss_chain *c, void *user), void *user);
ss_err store_each_version(store *s, int64_t sweep, void (*fn)(const char *component, const char *value, void *user),
                          void *user);
/* Every JSON record the sweep wrote, in the order it was found: findings,
 * log findings, incidents, then warnings. */
ss_err store_each_record(store *s, int64_t sweep, void (*fn)(const char *record, void *user), void *user);
ss_err store_get_facts(store *s, int64_t sweep, store_facts *out);
/* What changed on disk between two sweeps, by path. */
ss_err store_diff(store *s, int64_t base, int64_t latest, void (*fn)(const store_diff_row *d, void *user),
                  void *user);

#endif
