/*
 * files.c - every file a sweep sees, and the previous sweep's files held in
 * memory so a re-sweep can leave unchanged files unread (see store.h).
 * "Unchanged" means size, mtime, ctime and inode all equal to the
 * nanosecond: ctime cannot be set from user space, so a file rewritten and
 * back-dated with touch still counts as changed.
 */
#include "store/store_priv.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static uint64_t fnv1a(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static prev_file *slot(const store *s, const char *path) {
  size_t mask = s->prev_cap - 1;
  for (size_t i = fnv1a(path) & mask;; i = (i + 1) & mask)
    if (!s->prev[i].path || strcmp(s->prev[i].path, path) == 0) return &s->prev[i];
}

void store_free_index(store *s) {
  for (size_t i = 0; i < s->prev_cap; i++) free(s->prev[i].path);
  free(s->prev);
  s->prev = NULL;
  s->prev_cap = s->prev_n = 0;
  if (s->ins_file) sqlite3_finalize(s->ins_file);
  s->ins_file = NULL;
}

ss_err store_load_previous(store *s, int64_t prev) {
  if (prev <= 0) return SS_OK;
  size_t n = (size_t)store_count(s, "SELECT count(*) FROM files WHERE sweep=?", prev);
  s->prev_cap = 16;
  while (s->prev_cap < n * 2 + 2) s->prev_cap *= 2;
  s->prev = xcalloc(s->prev_cap, sizeof *s->prev);
  sqlite3_stmt *st = store_prepare(s,
      "SELECT path, size, inode, mtime, mtime_ns, ctime, ctime_ns, sha256,"
      " EXISTS(SELECT 1 FROM findings g WHERE g.sweep=f.sweep AND g.path=f.path)"
      " FROM files f WHERE sweep=?");
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, prev);
  while (sqlite3_step(st) == SQLITE_ROW && s->prev_n < s->prev_cap / 2) {
    const char *path = (const char *)sqlite3_column_text(st, 0);
    if (!path) continue;
    prev_file *p = slot(s, path);
    if (p->path) continue;
    p->path = xstrdup(path);
    p->size = (uint64_t)sqlite3_column_int64(st, 1);
    p->inode = (uint64_t)sqlite3_column_int64(st, 2);
    p->mtime = sqlite3_column_int64(st, 3);
    p->mtime_ns = sqlite3_column_int64(st, 4);
    p->ctime = sqlite3_column_int64(st, 5);
    p->ctime_ns = sqlite3_column_int64(st, 6);
    const char *h = (const char *)sqlite3_column_text(st, 7);
    snprintf(p->sha256, sizeof p->sha256, "%s", h ? h : "");
    p->has_findings = sqlite3_column_int(st, 8);
    s->prev_n++;
  }
  sqlite3_finalize(st);
  return SS_OK;
}

static const prev_file *lookup(const store *s, const char *path) {
  if (!s->prev_cap) return NULL;
  const prev_file *p = slot(s, path);
  return p->path ? p : NULL;
}

int store_unchanged(const store *s, const ss_file_record *r) {
  const prev_file *p = lookup(s, r->path);
  /* a file never hashed (unreadable last time) is read again */
  return p && p->sha256[0] && p->size == r->size && p->inode == r->inode && p->mtime == r->mtime &&
         p->mtime_ns == r->mtime_ns && p->ctime == r->ctime && p->ctime_ns == r->ctime_ns;
}

int store_add_file(store *s, int64_t sweep, const ss_file_record *r) {
  const prev_file *p = r->skipped ? lookup(s, r->path) : NULL;
  if (!s->ins_file)
    s->ins_file = store_prepare(s, "INSERT OR REPLACE INTO files VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  sqlite3_stmt *st = s->ins_file;
  if (!st) return 0;
  sqlite3_bind_int64(st, 1, sweep);
  store_bind_text(st, 2, r->path);
  sqlite3_bind_int64(st, 3, (int64_t)r->size);
  sqlite3_bind_int64(st, 4, r->mtime);
  sqlite3_bind_int64(st, 5, r->mtime_ns);
  sqlite3_bind_int64(st, 6, r->ctime);
  sqlite3_bind_int64(st, 7, r->ctime_ns);
  sqlite3_bind_int64(st, 8, r->btime);
  sqlite3_bind_int64(st, 9, (int64_t)r->inode);
  sqlite3_bind_int64(st, 10, r->mode);
  store_bind_text(st, 11, p ? p->sha256 : r->sha256);
  sqlite3_bind_int(st, 12, !r->skipped);
  sqlite3_step(st);
  sqlite3_reset(st);
  return p && p->has_findings;
}
