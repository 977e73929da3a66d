/*
 * filehook.c - calls the caller's per-file hooks (see filehook.h).  The
 * skip question runs on the scan thread without a lock (the caller answers
 * from data it does not change during the scan); every record goes out
 * under the event lock, so a sink that also receives the events needs no
 * locking.  A large file's first bytes are read with one small pread, so
 * magic numbers (MDMP, !BDN, 7z...) are known for every file.
 */
#include "core/filehook.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "core/hash.h"

static void fill_stat(ss_file_record *rec, const char *path, const struct statx *stx) {
  rec->path = path;
  rec->size = stx->stx_size;
  rec->inode = stx->stx_ino;
  rec->mode = stx->stx_mode;
  rec->mtime = stx->stx_mtime.tv_sec;
  rec->mtime_ns = stx->stx_mtime.tv_nsec;
  rec->ctime = stx->stx_ctime.tv_sec;
  rec->ctime_ns = stx->stx_ctime.tv_nsec;
  rec->btime = stx->stx_mask & STATX_BTIME ? stx->stx_btime.tv_sec : -1;
}

static void deliver(scan_run *run, const ss_file_record *rec) {
  const ss_config_t *cfg = &run->engine->cfg;
  pthread_mutex_lock(&run->emit_lock);
  cfg->on_file(rec, cfg->hook_user);
  pthread_mutex_unlock(&run->emit_lock);
}

int core_filehook_skip(scan_run *run, const char *path, const struct statx *stx) {
  const ss_config_t *cfg = &run->engine->cfg;
  if (!cfg->skip) return 0;
  ss_file_record rec = {0};
  fill_stat(&rec, path, stx);
  if (!cfg->skip(&rec, cfg->hook_user)) return 0;
  rec.skipped = 1;
  if (cfg->on_file) deliver(run, &rec);
  return 1;
}

void core_filehook_record(scan_run *run, const char *path, const struct statx *stx, int fd,
                     const unsigned char *data, size_t len, const unsigned char *sha256) {
  if (!run->engine->cfg.on_file) return;
  ss_file_record rec = {0};
  fill_stat(&rec, path, stx);
  rec.data = data;
  rec.len = data ? len : 0;
  if (sha256) core_hex_encode(rec.sha256, sha256, 32);
  if (data) {
    rec.head_len = len < sizeof rec.head ? len : sizeof rec.head;
    memcpy(rec.head, data, rec.head_len);
  } else {
    ssize_t n;
    do n = pread(fd, rec.head, sizeof rec.head, 0);
    while (n < 0 && errno == EINTR);
    rec.head_len = n > 0 ? (size_t)n : 0;
  }
  deliver(run, &rec);
}
