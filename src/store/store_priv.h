/*
 * store_priv.h - the store's internals shared by store.c, files.c,
 * evidence.c and read.c: the connection, its sticky error, the cached
 * statement for the per-file insert and the in-memory index of the
 * previous sweep's files.
 */
#ifndef SS_STORE_PRIV_H
#define SS_STORE_PRIV_H

#include <sqlite3.h>

#include "store/store.h"

/* One file of the previous sweep.  Kept small and dense: a re-sweep of
 * half a million files holds all of them. */
typedef struct {
  size_t path;    /* offset of its path in store.paths */
  int64_t id;     /* row of the current version */
  uint64_t size, inode;
  int64_t mtime, ctime;
  int32_t mtime_ns, ctime_ns;
  unsigned char sha256[32];
  unsigned char has_sha, has_findings;
  unsigned char seen; /* written under the event lock only; skip never reads it */
} prev_file;

/* A slot of the open-addressing index: the top bits of the path's hash,
 * so most misses never touch the entry, and entry number + 1 (0: empty). */
typedef struct {
  uint32_t tag, entry;
} prev_slot;

struct store {
  sqlite3 *db;
  char *name;             /* the case file as given, for messages */
  char *error;            /* the first failure, or NULL: later writes are refused */
  char *text[3];          /* strings of the last store_get_sweep */
  uint64_t gen;           /* unique per index load: tells stale thread caches apart */
  int in_tx;
  sqlite3_stmt *ins_file; /* prepared once: one insert per new file version */
  prev_file *prev;        /* dense array of the previous sweep's files */
  size_t prev_n, prev_max;
  prev_slot *slots;       /* power-of-two size, at most half full */
  size_t nslots;
  char *paths;            /* all their paths, NUL-terminated, back to back */
  size_t paths_len, paths_cap;
};

/* Records a failure of what (e.g. "writing a finding") with SQLite's
 * message, unless one is already recorded; returns SS_ERR_IO. */
ss_err store_fail(store *s, const char *what);
/* A prepared statement, or NULL with the failure recorded (also when an
 * earlier failure stands: nothing more is written after one). */
sqlite3_stmt *store_prepare(store *s, const char *sql, const char *what);
void store_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Steps a write statement to its end and finalizes it. */
ss_err store_run(store *s, sqlite3_stmt *st, const char *what);
/* The first column of the first row of a one-parameter query (0 if there
 * is no row). */
ss_err store_int_query(store *s, const char *sql, int64_t arg, int64_t *out, const char *what);
/* A column's text, never NULL. */
const char *store_col(sqlite3_stmt *st, int i);
void store_free_index(store *s);

#endif
