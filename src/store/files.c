/*
 * files.c - every file a sweep sees, kept as versions (see store.h), and
 * the previous sweep's files held in memory so a re-sweep can leave
 * unchanged files unread and write nothing for them.  "Unchanged" means
 * size, mtime, ctime and inode all equal to the nanosecond: ctime cannot be
 * set from user space, so a file rewritten and back-dated with touch still
 * counts as changed.
 */
#include "store/store_priv.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* FNV-1a with a final mix: plain FNV's low bits cluster on paths that
 * differ only near their end, and the table is indexed by the low bits. */
static uint64_t path_hash(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  return h ^ (h >> 33);
}

static prev_file *slot(const store *s, const char *path) {
  size_t mask = s->prev_cap - 1;
  uint64_t h = path_hash(path);
  for (size_t i = h & mask;; i = (i + 1) & mask)
    if (!s->prev[i].path || (s->prev[i].hash == h && strcmp(s->prev[i].path, path) == 0)) return &s->prev[i];
}

void store_free_index(store *s) {
  for (size_t i = 0; i < s->prev_cap; i++) free(s->prev[i].path);
  free(s->prev);
  s->prev = NULL;
  s->prev_cap = s->prev_n = 0;
  if (s->ins_file) sqlite3_finalize(s->ins_file);
  s->ins_file = NULL;
}

/* The versions sweep ?1 saw: files_seen, written out so the lineage
 * subquery runs once rather than per row. */
static const char current_sql[] =
    "SELECT id, path, size, inode, mtime, mtime_ns, ctime, ctime_ns, sha256 FROM files"
    " WHERE first_sweep <= ?1 AND (gone_sweep IS NULL OR gone_sweep > ?1)"
    " AND first_sweep IN (SELECT id FROM sweeps WHERE root = (SELECT root FROM sweeps WHERE id = ?1))";

static void mark_findings(store *s, int64_t prev) {
  sqlite3_stmt *st = store_prepare(s, "SELECT DISTINCT path FROM findings WHERE sweep=?");
  if (!st) return;
  sqlite3_bind_int64(st, 1, prev);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *path = (const char *)sqlite3_column_text(st, 0);
    prev_file *p = path ? slot(s, path) : NULL;
    if (p && p->path) p->has_findings = 1;
  }
  sqlite3_finalize(st);
}

ss_err store_load_previous(store *s, int64_t prev) {
  if (prev <= 0) return SS_OK;
  /* sized from the sweep's own count; a full table only stops loading */
  size_t n = (size_t)store_count(s, "SELECT files FROM sweeps WHERE id=?", prev);
  s->prev_cap = 16;
  while (s->prev_cap < n * 2 + 2) s->prev_cap *= 2;
  s->prev = xcalloc(s->prev_cap, sizeof *s->prev);
  sqlite3_stmt *st = store_prepare(s, current_sql);
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, prev);
  while (s->prev_n < s->prev_cap / 2 && sqlite3_step(st) == SQLITE_ROW) {
    const char *path = (const char *)sqlite3_column_text(st, 1);
    if (!path) continue;
    prev_file *p = slot(s, path);
    if (p->path) continue;
    p->path = xstrdup(path);
    p->hash = path_hash(path);
    p->id = sqlite3_column_int64(st, 0);
    p->size = (uint64_t)sqlite3_column_int64(st, 2);
    p->inode = (uint64_t)sqlite3_column_int64(st, 3);
    p->mtime = sqlite3_column_int64(st, 4);
    p->mtime_ns = sqlite3_column_int64(st, 5);
    p->ctime = sqlite3_column_int64(st, 6);
    p->ctime_ns = sqlite3_column_int64(st, 7);
    const char *h = (const char *)sqlite3_column_text(st, 8);
    snprintf(p->sha256, sizeof p->sha256, "%s", h ? h : "");
    s->prev_n++;
  }
  sqlite3_finalize(st);
  mark_findings(s, prev);
  return SS_OK;
}

static prev_file *lookup(const store *s, const char *path) {
  if (!s->prev_cap) return NULL;
  prev_file *p = slot(s, path);
  return p->path ? p : NULL;
}

static int same_stat(const prev_file *p, const ss_file_record *r) {
  return p->size == r->size && p->inode == r->inode && p->mtime == r->mtime && p->mtime_ns == r->mtime_ns &&
         p->ctime == r->ctime && p->ctime_ns == r->ctime_ns;
}

int store_unchanged(const store *s, const ss_file_record *r) {
  const prev_file *p = lookup(s, r->path);
  /* a file never hashed (unreadable last time) is read again */
  return p && p->sha256[0] && same_stat(p, r);
}

static void close_version(store *s, int64_t id, int64_t sweep) {
  sqlite3_stmt *st = store_prepare(s, "UPDATE files SET gone_sweep=? WHERE id=?");
  if (!st) return;
  sqlite3_bind_int64(st, 1, sweep);
  sqlite3_bind_int64(st, 2, id);
  sqlite3_step(st);
  sqlite3_finalize(st);
}

static void insert_version(store *s, int64_t sweep, const ss_file_record *r) {
  if (!s->ins_file)
    s->ins_file = store_prepare(s,
        "INSERT INTO files(path, first_sweep, size, mtime, mtime_ns, ctime, ctime_ns, btime, inode, mode, sha256)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?)");
  sqlite3_stmt *st = s->ins_file;
  if (!st) return;
  store_bind_text(st, 1, r->path);
  sqlite3_bind_int64(st, 2, sweep);
  sqlite3_bind_int64(st, 3, (int64_t)r->size);
  sqlite3_bind_int64(st, 4, r->mtime);
  sqlite3_bind_int64(st, 5, r->mtime_ns);
  sqlite3_bind_int64(st, 6, r->ctime);
  sqlite3_bind_int64(st, 7, r->ctime_ns);
  sqlite3_bind_int64(st, 8, r->btime);
  sqlite3_bind_int64(st, 9, (int64_t)r->inode);
  sqlite3_bind_int64(st, 10, r->mode);
  store_bind_text(st, 11, r->sha256);
  sqlite3_step(st);
  sqlite3_reset(st);
}

int store_add_file(store *s, int64_t sweep, const ss_file_record *r) {
  prev_file *p = lookup(s, r->path);
  if (p) p->seen = 1;
  if (p && (r->skipped || (same_stat(p, r) && strcmp(p->sha256, r->sha256) == 0)))
    return r->skipped && p->has_findings; /* the current version stands */
  if (p) close_version(s, p->id, sweep);
  insert_version(s, sweep, r);
  return 0;
}

void store_end_files(store *s, int64_t sweep) {
  for (size_t i = 0; i < s->prev_cap; i++)
    if (s->prev[i].path && !s->prev[i].seen) close_version(s, s->prev[i].id, sweep);
}
