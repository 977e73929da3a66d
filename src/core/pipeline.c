/*
 * pipeline.c - the per-file stages (see pipeline.h).
 *
 * Evidence is opened O_RDONLY|O_NOFOLLOW|O_NOATIME (falling back without
 * O_NOATIME where the kernel refuses it for files we do not own) and
 * O_NONBLOCK, so a file swapped for a FIFO between listing and opening
 * cannot hang a thread.  Files are read with read(2) into a per-thread
 * buffer rather than mmap'ed: a file truncated while mapped would kill the
 * process with SIGBUS, and the evidence is not ours to trust.  A file read
 * whole holds its size from the scan's --max-memory budget (membudget.h)
 * until it is done; one that does not fit is streamed like a large file.
 */
#include "core/pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "core/filehook.h"
#include "core/filetype.h"
#include "core/finding.h"
#include "core/hash.h"
#include "core/membudget.h"
#include "core/analysis.h"

#define CHUNK (1u << 20)            /* streaming read size for large files */
#define KEEP_BUFFER (8u << 20)      /* buffers above this are released after use */
#define DISGUISE_MEDIA_SCORE 60     /* server script inside an image, font or document */
/* a text, HTML or log file that starts as a server script: templates of
 * real applications are often PHP under .html, so alone it is low, and it
 * raises any content finding beside it */
#define DISGUISE_TEXT_SCORE 35

struct worker {
  scan_run *run;
  rule_scanner *rules;
  lang_ctx *lang; /* content analysis; NULL when turned off */
  hasher *hash;
  finding_builder fb;
  unsigned char *buf;
  size_t cap;
  unsigned char md5[16], sha1[20], sha256[32];
  unsigned have; /* HASH_* digests computed for the current file */
};

worker *core_worker_new(scan_run *run) {
  worker *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->run = run;
  w->hash = core_hasher_new();
  if (!w->hash) goto fail;
  if (run->engine->rules) {
    w->rules = match_rule_scanner_new(run->engine->rules, run->engine->cfg.rule_timeout);
    if (!w->rules) goto fail;
  }
  if (run->engine->cfg.analysis) w->lang = core_analysis_new(&run->engine->cfg);
  return w;
fail:
  core_worker_free(w);
  return NULL;
}

void core_worker_free(worker *w) {
  if (!w) return;
  match_rule_scanner_free(w->rules);
  lang_ctx_free(w->lang);
  core_hasher_free(w->hash);
  free(w->buf);
  free(w);
}

/* ---- reading ----------------------------------------------------------- */

static int open_evidence(const char *path) {
  int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
  int fd = open(path, flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = open(path, flags);
  return fd;
}

static int ensure_capacity(worker *w, size_t need) {
  if (need <= w->cap) return 1;
  unsigned char *p = realloc(w->buf, need);
  if (!p) return 0;
  w->buf = p;
  w->cap = need;
  return 1;
}

/* Reads up to limit bytes into w->buf; returns the count or -1 (errno). */
static ssize_t read_all(worker *w, int fd, size_t limit) {
  size_t got = 0;
  while (got < limit) {
    ssize_t n = read(fd, w->buf + got, limit - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    got += (size_t)n;
  }
  return (ssize_t)got;
}

/* Hashes n zero bytes: the holes of a sparse file, which need not be read
 * (a 10 GB sparse log would otherwise cost seconds of copying zeros). */
static void hash_zeros(worker *w, uint64_t n) {
  static const unsigned char zeros[64 << 10];
  for (; n > 0; n -= n < sizeof zeros ? n : sizeof zeros)
    core_hasher_update(w->hash, zeros, n < sizeof zeros ? (size_t)n : sizeof zeros);
}

/* Hashes the whole file through w->buf in chunks; returns bytes or -1. */
static ssize_t hash_stream(worker *w, int fd, unsigned kinds) {
  if (!ensure_capacity(w, CHUNK)) return -1;
  core_hasher_start(w->hash, kinds);
  uint64_t total = 0;
  for (off_t off = 0;;) {
    off_t data = lseek(fd, off, SEEK_DATA);
    struct stat st;
    if (data < 0 && errno == ENXIO && fstat(fd, &st) == 0 && st.st_size > off)
      data = st.st_size; /* a hole up to the end of the file */
    if (data > off) {
      hash_zeros(w, (uint64_t)(data - off));
      total += (uint64_t)(data - off);
      off = data;
    }
    ssize_t n = pread(fd, w->buf, CHUNK, off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    core_hasher_update(w->hash, w->buf, (size_t)n);
    off += n;
    total += (uint64_t)n;
  }
  core_hasher_finish(w->hash, w->md5, w->sha1, w->sha256);
  w->have |= kinds;
  return (ssize_t)total;
}

static void hash_buffer(worker *w, size_t len, unsigned kinds) {
  core_hasher_start(w->hash, kinds);
  core_hasher_update(w->hash, w->buf, len);
  core_hasher_finish(w->hash, w->md5, w->sha1, w->sha256);
  w->have |= kinds;
}

/* ---- stages ------------------------------------------------------------ */

static void on_name_ioc(void *user, const ioc_entry *e, const char *regex) {
  worker *w = user;
  core_fb_add_reason(&w->fb, "ioc-name", "ioc-name", *e->description ? e->description : regex, e->source,
                e->score);
}

static void check_hash_iocs(worker *w) {
  static const struct {
    unsigned hash;
    ioc_hash_kind ioc;
  } kinds[] = {{HASH_MD5, IOC_MD5}, {HASH_SHA1, IOC_SHA1}, {HASH_SHA256, IOC_SHA256}};
  const unsigned char *digest[] = {w->md5, w->sha1, w->sha256};
  for (size_t i = 0; i < 3; i++) {
    if (!(w->have & kinds[i].hash)) continue;
    const ioc_entry *e = match_ioc_lookup_hash(w->run->engine->iocs, kinds[i].ioc, digest[i]);
    if (e) core_fb_add_reason(&w->fb, "ioc-hash", "ioc-hash", e->description, e->source, e->score);
  }
}

/* Decides whether content rules read the file and notes a disguise. */
static int wants_content(worker *w, size_t len, ext_class cls, const char **lang) {
  const ss_config_t *cfg = &w->run->engine->cfg;
  if (cls == EXT_SCRIPT) return 1;
  const char *sniffed = core_sniff_script(w->buf, len, cls == EXT_MEDIA, NULL);
  if (sniffed) *lang = sniffed;
  if (sniffed && cls == EXT_MEDIA)
    core_fb_add_reason(&w->fb, "disguised-script", "disguised-script",
                  "server-side script code inside a file whose extension says image, font or document",
                  "", DISGUISE_MEDIA_SCORE);
  else if (sniffed && cls == EXT_TEXT)
    core_fb_add_reason(&w->fb, "disguised-script", "disguised-script",
                  "file named as text or HTML that starts as a server-side script", "",
                  DISGUISE_TEXT_SCORE);
  return sniffed != NULL || cfg->all_files;
}

static void sink_reason(void *fb, const char *rule, const char *category, const char *description,
                        const char *reference, int score) {
  core_fb_add_reason(fb, rule, category, description, reference, score);
}

static void sink_excerpt(void *fb, const char *rule, const char *identifier, uint64_t offset,
                         const unsigned char *data, size_t len) {
  core_fb_add_excerpt(fb, rule, identifier, offset, data, len);
}

/* Excerpts of the rewritten text would point at bytes the file does not have. */
static void no_excerpt(void *fb, const char *rule, const char *identifier, uint64_t offset,
                       const unsigned char *data, size_t len) {
  (void)fb, (void)rule, (void)identifier, (void)offset, (void)data, (void)len;
}

/* Returns 1 if content rules ran on the file. */
static int scan_content(worker *w, const char *path, const char *name, size_t len) {
  char ext[16];
  const char *lang;
  core_file_extension(name, ext, sizeof ext);
  ext_class cls = core_classify_extension(ext, &lang);
  const char *source = cls == EXT_OTHER ? core_aspnet_source(path) : NULL;
  if (!source && cls == EXT_OTHER) source = core_aspnet_code_file(name, w->buf, len); /* CodeFile="Any.cs" */
  if (source) cls = EXT_SCRIPT, lang = source; /* C#/VB.NET that ASP.NET compiles (App_Code, a page's code file) */
  if (!wants_content(w, len, cls, &lang)) return 0;
  /* after the rules, so the analysis sees their evidence (see analysis.c) */
  if (!w->rules) {
    if (!w->lang) return 0;
    int analysed = core_analysis_run(w->lang, w->buf, len, lang, &w->fb, w->run, path);
    if (w->run->engine->cfg.model) core_analysis_model(w->lang, w->buf, len, &w->fb);
    return analysed;
  }
  file_vars vars = {name, path, ext, lang};
  atomic_fetch_add(&w->run->n.content_scanned, 1);
  match_sink sink = {sink_reason, sink_excerpt, &w->fb};
  rule_scan_result r = match_rule_scan(w->rules, w->buf, len, &vars, &sink);
  if (w->lang) core_analysis_run(w->lang, w->buf, len, lang, &w->fb, w->run, path);
  size_t folded_len;
  const unsigned char *folded = w->lang ? core_analysis_folded(w->lang, &w->fb, &folded_len) : NULL;
  if (folded && r == RULE_SCAN_OK) { /* a kit whose strings are spelled chr(..).chr(..), strrev('..') ... */
    match_sink rewritten = {sink_reason, no_excerpt, &w->fb};
    r = match_rule_scan(w->rules, folded, folded_len, &vars, &rewritten);
  }
  if (w->lang && w->run->engine->cfg.model) /* last: it speaks only where nothing else did */
    core_analysis_model(w->lang, w->buf, len, &w->fb);
  if (r == RULE_SCAN_TIMEOUT)
    core_run_warn(w->run, SS_WARN_RULE_TIMEOUT, path, "content rules stopped after %u s; partly scanned",
             w->run->engine->cfg.rule_timeout);
  else if (r == RULE_SCAN_ERROR)
    core_run_warn(w->run, SS_WARN_UNREADABLE, path, "the rules engine failed on this file");
  return r != RULE_SCAN_ERROR;
}

static void fill_digests(worker *w, ss_finding *f) {
  if (w->have & HASH_SHA256) core_hex_encode(f->sha256, w->sha256, 32);
  if (w->have & HASH_SHA1) core_hex_encode(f->sha1, w->sha1, 20);
  if (w->have & HASH_MD5) core_hex_encode(f->md5, w->md5, 16);
}

static void emit_finding(worker *w, const char *path, const struct statx *stx, int opened,
                         int content_scanned) {
  ss_finding f = {.path = path, .btime = -1};
  if (opened) {
    f.size = stx->stx_size;
    f.mtime = stx->stx_mtime.tv_sec;
    f.ctime = stx->stx_ctime.tv_sec;
    f.btime = stx->stx_mask & STATX_BTIME ? stx->stx_btime.tv_sec : -1;
    f.inode = stx->stx_ino;
    f.mode = stx->stx_mode;
    fill_digests(w, &f);
  }
  f.content_scanned = content_scanned;
  core_fb_finish(&w->fb, &f);
  if (f.score <= 0) return; /* only negative (allow-list style) adjustments */
  ss_event ev = {.type = SS_EVENT_FINDING, .finding = &f};
  core_run_emit(w->run, &ev);
}

static void warn_open_failure(worker *w, const char *path, int err) {
  switch (err) {
  case ENOENT: core_run_warn(w->run, SS_WARN_VANISHED, path, "removed before it could be read"); break;
  case ELOOP: core_run_warn(w->run, SS_WARN_SYMLINK, path, "replaced by a symbolic link; not followed"); break;
  case ENAMETOOLONG: core_run_warn(w->run, SS_WARN_NAME, path, "path too long to open"); break;
  default: core_run_warn(w->run, SS_WARN_UNREADABLE, path, "cannot open: %s", strerror(err)); break;
  }
}

static int is_ignored(const ss_config_t *cfg, const struct statx *stx) {
  for (size_t i = 0; i < cfg->nignored; i++)
    if (cfg->ignored[i].ino == stx->stx_ino &&
        cfg->ignored[i].dev == makedev(stx->stx_dev_major, stx->stx_dev_minor))
      return 1;
  return 0;
}

void core_worker_scan_file(worker *w, const char *path, const char *name) {
  scan_run *run = w->run;
  const ss_engine_t *e = run->engine;
  struct statx stx, after;
  int content = 0;
  uint64_t reserved = 0; /* bytes of the --max-memory budget this file holds */
  ssize_t held = -1;      /* bytes in w->buf when the file was read whole */
  core_fb_reset(&w->fb);
  w->have = 0;
  atomic_fetch_add(&run->n.files, 1);
  /* an unchanged file the caller already has a result for is not opened */
  if (e->cfg.skip && statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS | STATX_BTIME, &stx) == 0 &&
      S_ISREG(stx.stx_mode) && !is_ignored(&e->cfg, &stx) && core_filehook_skip(run, path, &stx)) {
    core_run_progress(run);
    return;
  }
  match_ioc_match_names(e->iocs, path, on_name_ioc, w);

  int fd = open_evidence(path);
  if (fd < 0) {
    warn_open_failure(w, path, errno);
    if (w->fb.nreasons) emit_finding(w, path, NULL, 0, 0);
    return;
  }
  if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS | STATX_BTIME, &stx) != 0) {
    core_run_warn(w->run, SS_WARN_UNREADABLE, path, "cannot stat: %s", strerror(errno));
    goto out;
  }
  if (!S_ISREG(stx.stx_mode)) {
    atomic_fetch_add(&run->n.special, 1);
    core_run_warn(run, SS_WARN_SPECIAL, path, "no longer a regular file; skipped");
    goto out;
  }
  if (is_ignored(&e->cfg, &stx)) goto out;

  int read_whole = stx.stx_size <= e->cfg.max_size;
  /* One byte more than stat said, to notice a file that grew. */
  uint64_t want = (uint64_t)stx.stx_size + 1;
  if (!read_whole) {
    atomic_fetch_add(&run->n.too_large, 1);
    core_run_warn(run, SS_WARN_TOO_LARGE, path, "%llu bytes, above --max-size: hash and name checks only",
             (unsigned long long)stx.stx_size);
  } else if (core_membudget_acquire(&run->mem, want) != 0) {
    read_whole = 0;
    core_run_warn(run, SS_WARN_MEMORY, path,
             "%llu bytes do not fit in the --max-memory ceiling of %llu bytes: hash and name checks only",
             (unsigned long long)stx.stx_size, (unsigned long long)e->cfg.max_memory);
  } else {
    reserved = want;
  }
  if (read_whole) {
    if (!ensure_capacity(w, (size_t)want)) {
      core_run_warn(run, SS_WARN_UNREADABLE, path, "not enough memory to read %llu bytes",
               (unsigned long long)want);
      goto out;
    }
    ssize_t got = read_all(w, fd, (size_t)want);
    if (got < 0) {
      core_run_warn(run, SS_WARN_UNREADABLE, path, "read error: %s", strerror(errno));
      goto out;
    }
    atomic_fetch_add(&run->n.bytes, (uint64_t)got);
    if ((size_t)got != stx.stx_size)
      core_run_warn(run, SS_WARN_CHANGED, path, "size changed while reading (%llu bytes listed, %zd read)",
               (unsigned long long)stx.stx_size, got);
    if (e->hash_kinds) hash_buffer(w, (size_t)got, e->hash_kinds);
    check_hash_iocs(w);
    content = scan_content(w, path, name, (size_t)got);
    held = got;
    if (w->fb.nreasons && (w->have & HASH_ALL) != HASH_ALL)
      hash_buffer(w, (size_t)got, HASH_ALL & ~w->have);
  } else {
    if (e->hash_kinds) {
      ssize_t got = hash_stream(w, fd, e->hash_kinds);
      if (got < 0) {
        core_run_warn(run, SS_WARN_UNREADABLE, path, "read error: %s", strerror(errno));
        goto out;
      }
      atomic_fetch_add(&run->n.bytes, (uint64_t)got);
      check_hash_iocs(w);
    }
    /* a finding carries every digest: a read that fails now leaves it
     * without some, and that is said */
    if (w->fb.nreasons && (w->have & HASH_ALL) != HASH_ALL && hash_stream(w, fd, HASH_ALL & ~w->have) < 0)
      core_run_warn(run, SS_WARN_UNREADABLE, path, "read error while hashing the finding: %s; MD5/SHA-1 missing",
                    strerror(errno));
  }
  if (w->have) atomic_fetch_add(&run->n.hashed, 1);
  if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &after) == 0 &&
      (after.stx_size != stx.stx_size || after.stx_mtime.tv_sec != stx.stx_mtime.tv_sec ||
       after.stx_mtime.tv_nsec != stx.stx_mtime.tv_nsec))
    core_run_warn(run, SS_WARN_CHANGED, path, "modified while it was being scanned");
  if (w->fb.nreasons) emit_finding(w, path, &stx, 1, content);
  core_filehook_record(run, path, &stx, fd, held >= 0 ? w->buf : NULL, held >= 0 ? (size_t)held : 0,
                  w->have & HASH_SHA256 ? w->sha256 : NULL);
out:
  close(fd);
  if (w->cap > KEEP_BUFFER) {
    free(w->buf);
    w->buf = NULL;
    w->cap = 0;
  }
  if (reserved) core_membudget_release(&run->mem, reserved);
  core_run_progress(run);
}
