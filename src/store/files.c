/*
 * files.c - every file a sweep sees, kept as versions (see store.h), and
 * the previous sweep's files held in memory so a re-sweep can leave
 * unchanged files unread and write nothing for them.  "Unchanged" means
 * size, mtime, ctime and inode all equal to the nanosecond: ctime cannot be
 * set from user space, so a file rewritten and back-dated with touch still
 * counts as changed.
 */
#include "store/store_priv.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Eight bytes at a time, multiply and fold, then a final mix so the low
 * bits (the index uses them) depend on every byte. */
static uint64_t path_hash(const char *s) {
  size_t n = strlen(s);
  uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;
  for (; n >= 8; n -= 8, s += 8) {
    memcpy(&w, s, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  w = 0;
  memcpy(&w, s, n);
  h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  return h ^ (h >> 33);
}

/* The slot holding path, or the empty slot where it would go. */
static prev_slot *find_slot(const store *s, const char *path) {
  uint64_t h = path_hash(path);
  uint32_t tag = (uint32_t)(h >> 32);
  size_t mask = s->nslots - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    prev_slot *sl = &s->slots[i];
    if (!sl->entry || (sl->tag == tag && strcmp(s->paths + s->prev[sl->entry - 1].path, path) == 0)) {
      return sl;
    }
  }
}

void store_free_index(store *s) {
  free(s->prev);
  free(s->slots);
  free(s->paths);
  s->prev = NULL;
  s->slots = NULL;
  s->paths = NULL;
  s->prev_n = s->prev_max = s->nslots = s->paths_len = s->paths_cap = 0;
  if (s->ins_file) sqlite3_finalize(s->ins_file);
  s->ins_file = NULL;
}

/* The versions sweep ?1 saw: files_seen, written out so the lineage
 * subquery runs once rather than per row. */
static const char current_sql[] =
    "SELECT id, path, size, inode, mtime, mtime_ns, ctime, ctime_ns, sha256 FROM files"
    " WHERE first_sweep <= ?1 AND (gone_sweep IS NULL OR gone_sweep > ?1)"
    " AND first_sweep IN (SELECT id FROM sweeps WHERE root = (SELECT root FROM sweeps WHERE id = ?1))";

/* The skip question and the record of the same file come one after the
 * other on the same scan thread: the second finds the first's answer here
 * (checked by pointer and by name, so a reused buffer cannot fool it). */
static _Thread_local struct {
  uint64_t gen;
  const char *path;
  prev_file *p;
} last;
static _Atomic uint64_t generations;

static prev_file *lookup(const store *s, const char *path) {
  if (!s->nslots) return NULL;
  if (last.gen == s->gen && last.path == path && last.p && strcmp(s->paths + last.p->path, path) == 0)
    return last.p;
  const prev_slot *sl = find_slot(s, path);
  prev_file *p = sl->entry ? &s->prev[sl->entry - 1] : NULL;
  last.gen = s->gen, last.path = path, last.p = p;
  return p;
}

static ss_err mark_findings(store *s, int64_t prev) {
  static const char what[] = "reading the previous sweep's findings";
  sqlite3_stmt *st = store_prepare(s, "SELECT DISTINCT path FROM findings WHERE sweep=?", what);
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, prev);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *path = (const char *)sqlite3_column_text(st, 0);
    prev_file *p = path ? lookup(s, path) : NULL;
    if (p) p->has_findings = 1;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SS_OK : store_fail(s, what);
}

static int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* 64 hex digits into 32 bytes; 0 if hex is anything else. */
static int unhex(const char *hex, unsigned char out[32]) {
  if (!hex) return 0;
  for (int i = 0; i < 32; i++) {
    int hi = nibble(hex[2 * i]), lo = hi < 0 ? -1 : nibble(hex[2 * i + 1]);
    if (lo < 0) return 0;
    out[i] = (unsigned char)(hi << 4 | lo);
  }
  return hex[64] == '\0';
}

/* Doubles the index when it would pass half full. */
static void grow(store *s) {
  if (s->prev_n + 1 < s->prev_max && (s->prev_n + 1) * 2 <= s->nslots) return;
  s->prev_max = s->prev_max ? s->prev_max * 2 : 1024;
  s->prev = xrealloc(s->prev, s->prev_max * sizeof *s->prev);
  size_t want = 16;
  while (want < s->prev_max * 2) want *= 2;
  if (want == s->nslots) return;
  free(s->slots);
  s->nslots = want;
  s->slots = xcalloc(s->nslots, sizeof *s->slots);
  for (size_t i = 0; i < s->prev_n; i++) {
    const char *path = s->paths + s->prev[i].path;
    *find_slot(s, path) = (prev_slot){(uint32_t)(path_hash(path) >> 32), (uint32_t)(i + 1)};
  }
}

static void add_prev(store *s, sqlite3_stmt *st, const char *path) {
  grow(s);
  prev_slot *sl = find_slot(s, path);
  if (sl->entry) return; /* one version per path is current */
  size_t len = strlen(path) + 1;
  if (s->paths_len + len > s->paths_cap) {
    s->paths_cap = (s->paths_len + len) * 2;
    s->paths = xrealloc(s->paths, s->paths_cap);
  }
  memcpy(s->paths + s->paths_len, path, len);
  prev_file *p = &s->prev[s->prev_n];
  *p = (prev_file){.path = s->paths_len,
                   .id = sqlite3_column_int64(st, 0),
                   .size = (uint64_t)sqlite3_column_int64(st, 2),
                   .inode = (uint64_t)sqlite3_column_int64(st, 3),
                   .mtime = sqlite3_column_int64(st, 4),
                   .mtime_ns = (int32_t)sqlite3_column_int64(st, 5),
                   .ctime = sqlite3_column_int64(st, 6),
                   .ctime_ns = (int32_t)sqlite3_column_int64(st, 7)};
  p->has_sha = (unsigned char)unhex((const char *)sqlite3_column_text(st, 8), p->sha256);
  s->paths_len += len;
  *sl = (prev_slot){(uint32_t)(path_hash(path) >> 32), (uint32_t)++s->prev_n};
}

ss_err store_load_previous(store *s, int64_t prev) {
  static const char what[] = "reading the previous sweep's files";
  if (prev <= 0) return SS_OK;
  s->gen = atomic_fetch_add(&generations, 1) + 1;
  /* sized from the sweep's own count (it grows if that was short) */
  int64_t n = 0;
  if (store_int_query(s, "SELECT files FROM sweeps WHERE id=?", prev, &n, what) != SS_OK) return SS_ERR_IO;
  s->prev_max = (size_t)(n > 0 ? n : 0) + 1;
  s->nslots = 16;
  while (s->nslots < s->prev_max * 2) s->nslots *= 2;
  s->prev = xmalloc(s->prev_max * sizeof *s->prev);
  s->slots = xcalloc(s->nslots, sizeof *s->slots);
  sqlite3_stmt *st = store_prepare(s, current_sql, what);
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, prev);
  int rc = SQLITE_DONE;
  while (s->prev_n < UINT32_MAX - 1 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *path = (const char *)sqlite3_column_text(st, 1);
    if (path) add_prev(s, st, path);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return store_fail(s, what);
  return mark_findings(s, prev);
}

static int same_stat(const prev_file *p, const ss_file_record *r) {
  return p->size == r->size && p->inode == r->inode && p->mtime == r->mtime && p->mtime_ns == r->mtime_ns &&
         p->ctime == r->ctime && p->ctime_ns == r->ctime_ns;
}

static int same_hash(const prev_file *p, const char *hex) {
  unsigned char raw[32];
  return p->has_sha && unhex(hex, raw) && memcmp(raw, p->sha256, 32) == 0;
}

int store_unchanged(const store *s, const ss_file_record *r) {
  const prev_file *p = lookup(s, r->path);
  /* a file never hashed (unreadable last time) is read again */
  return p && p->has_sha && same_stat(p, r);
}

static ss_err close_version(store *s, int64_t id, int64_t sweep) {
  static const char what[] = "recording a file that is gone";
  sqlite3_stmt *st = store_prepare(s, "UPDATE files SET gone_sweep=? WHERE id=?", what);
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, sweep);
  sqlite3_bind_int64(st, 2, id);
  return store_run(s, st, what);
}

static ss_err insert_version(store *s, int64_t sweep, const ss_file_record *r) {
  static const char what[] = "recording a file";
  if (!s->ins_file)
    s->ins_file = store_prepare(s,
        "INSERT INTO files(path, first_sweep, size, mtime, mtime_ns, ctime, ctime_ns, btime, inode, mode, sha256)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?)", what);
  sqlite3_stmt *st = s->ins_file;
  if (!st || s->error) return SS_ERR_IO;
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
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? SS_OK : store_fail(s, what);
}

ss_err store_add_file(store *s, int64_t sweep, const ss_file_record *r, int *carry) {
  *carry = 0;
  prev_file *p = lookup(s, r->path);
  if (p) p->seen = 1;
  if (p && (r->skipped || (same_stat(p, r) && same_hash(p, r->sha256)))) {
    *carry = r->skipped && p->has_findings; /* the current version stands */
    return s->error ? SS_ERR_IO : SS_OK;
  }
  if (p && close_version(s, p->id, sweep) != SS_OK) return SS_ERR_IO;
  return insert_version(s, sweep, r);
}

ss_err store_end_files(store *s, int64_t sweep) {
  for (size_t i = 0; i < s->prev_n; i++)
    if (!s->prev[i].seen && close_version(s, s->prev[i].id, sweep) != SS_OK) return SS_ERR_IO;
  return s->error ? SS_ERR_IO : SS_OK;
}
