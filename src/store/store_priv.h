/*
 * store_priv.h - the store's internals shared by store.c, files.c and
 * evidence.c: the connection, the cached statement for the per-file insert
 * and the in-memory index of the previous sweep's files.
 */
#ifndef SS_STORE_PRIV_H
#define SS_STORE_PRIV_H

#include "store/store.h"

typedef struct {
  char *path; /* NULL: empty slot */
  uint64_t hash;
  int64_t id; /* row of the current version */
  uint64_t size, inode;
  int64_t mtime, mtime_ns, ctime, ctime_ns;
  char sha256[65];
  unsigned char has_findings;
  unsigned char seen; /* written under the event lock only; skip never reads it */
} prev_file;

struct store {
  sqlite3 *db;
  int in_tx;
  sqlite3_stmt *ins_file; /* prepared once: one insert per new file version */
  prev_file *prev;        /* open-addressing table, power-of-two size */
  size_t prev_cap, prev_n;
};

sqlite3_stmt *store_prepare(store *s, const char *sql);
void store_bind_text(sqlite3_stmt *st, int i, const char *v);
void store_free_index(store *s);

#endif
