/*
 * store.h - the case file: one SQLite database per case holding every
 * sweep, every file seen, findings, log findings, incidents, coverage and
 * versions.  The schema is versioned (PRAGMA user_version and the meta
 * table) and documented in docs/sweep.md.  A sweep writes inside one
 * transaction; the previous sweep's files are kept in memory so scan threads
 * can ask, without locks, whether a file is unchanged.
 */
#ifndef SS_STORE_H
#define SS_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#include "shellsift.h"

#define STORE_SCHEMA_VERSION 2

typedef struct store store;

/* Opens (creating if create and missing) a case file; path NULL is an
 * in-memory case.  On failure *why gets a static or sqlite message. */
ss_err store_open(const char *path, int create, store **out, const char **why);
void store_close(store *s);
sqlite3 *store_db(store *s);

/* The newest sweep with id < before (before 0: the newest of all); 0 if none. */
int64_t store_sweep_before(store *s, int64_t before);
/* Starts a sweep row (and the write transaction); returns its id or 0. */
int64_t store_begin_sweep(store *s, const char *root);
/* Closes the sweep row with its outcome and commits. */
ss_err store_finish_sweep(store *s, int64_t sweep, const ss_sweep_result *r, const char *verdict_reasons);

/* The newest finished sweep of the same root before sweep; 0 if none. */
int64_t store_previous_of(store *s, int64_t sweep);

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
 * version already current.  Returns 1 if the previous sweep had findings
 * on this path (the caller then carries them with store_carry_findings). */
int store_add_file(store *s, int64_t sweep, const ss_file_record *rec);
/* Closes the versions the previous sweep saw and this one did not. */
void store_end_files(store *s, int64_t sweep);

/* ---- findings, log findings, incidents (evidence.c) ---- */
typedef struct {
  const char *kind;      /* "file" (scan) or "artefact" (post-exploitation) */
  const char *path, *category, *severity, *rules, *reason, *sha256;
  int score;
  int64_t mtime, btime;
  const char *record;    /* the ECS JSON line */
  int carried;
} store_finding;
void store_add_finding(store *s, int64_t sweep, const store_finding *f);
/* Copies prev's findings on path into sweep (marked carried) and passes
 * each copy to cb. */
void store_carry_findings(store *s, int64_t sweep, int64_t prev, const char *path,
                          void (*cb)(const store_finding *f, void *user), void *user);
void store_add_log_finding(store *s, int64_t sweep, const ss_log_finding *lf, const char *record);
void store_add_incident(store *s, int64_t sweep, const ss_incident *in, const char *record);
void store_add_coverage(store *s, int64_t sweep, const char *item, const char *status, const char *path,
                        const char *note);
void store_add_version(store *s, int64_t sweep, const char *component, const char *value);
void store_add_warning(store *s, int64_t sweep, const ss_warning *w, const char *record);
void store_add_exchange(store *s, int64_t sweep, const ss_exchange_result *r);

/* Runs sql (one statement, "?" bound to sweep) and returns the first
 * column of the first row as an integer (0 if none). */
int64_t store_count(store *s, const char *sql, int64_t sweep);

#endif
