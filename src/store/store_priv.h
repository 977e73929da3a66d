/*
 * store_priv.h - the store's internals shared by store.c, files.c and
 * evidence.c: the connection, the cached statement for the per-file insert
 * and the in-memory index of the previous sweep's files.
 */
#ifndef SS_STORE_PRIV_H
#define SS_STORE_PRIV_H

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

sqlite3_stmt *store_prepare(store *s, const char *sql);
void store_bind_text(sqlite3_stmt *st, int i, const char *v);
void store_free_index(store *s);

#endif
