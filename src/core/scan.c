/*
 * scan.c - ss_scan(): resolves the root, sets up the shared run state and
 * hands the tree to the walker (or a single file straight to a worker);
 * also the locked event path every thread reports through.
 */
#include "core/scan.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/events.h"
#include "core/pipeline.h"
#include "core/walk.h"
#include "util/util.h"

#define PROGRESS_INTERVAL 0.25 /* seconds between progress events */

double core_now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Caller holds emit_lock. */
static void snapshot_locked(scan_run *run, ss_stats *out) {
  *out = run->stats;
  out->files = atomic_load(&run->n.files);
  out->dirs = atomic_load(&run->n.dirs);
  out->bytes = atomic_load(&run->n.bytes);
  out->content_scanned = atomic_load(&run->n.content_scanned);
  out->hashed = atomic_load(&run->n.hashed);
  out->excluded = atomic_load(&run->n.excluded);
  out->special = atomic_load(&run->n.special);
  out->symlinks = atomic_load(&run->n.symlinks);
  out->too_large = atomic_load(&run->n.too_large);
  out->seconds = core_now_seconds() - run->started;
}

static void run_snapshot(scan_run *run, ss_stats *out) {
  pthread_mutex_lock(&run->emit_lock);
  snapshot_locked(run, out);
  pthread_mutex_unlock(&run->emit_lock);
}

void core_run_emit(scan_run *run, const ss_event *ev) {
  pthread_mutex_lock(&run->emit_lock);
  if (ev->type == SS_EVENT_FINDING) {
    run->stats.findings++;
    run->stats.by_severity[ev->finding->severity]++;
  } else if (ev->type == SS_EVENT_WARNING) {
    run->stats.warnings++;
    run->stats.incomplete += ev->warning->incomplete ? 1 : 0;
  }
  if (run->cb) run->cb(ev, run->user);
  pthread_mutex_unlock(&run->emit_lock);
}

static void emit_cb(const ss_event *ev, void *user) { core_run_emit(user, ev); }

void core_run_warn(scan_run *run, ss_warning_kind kind, const char *path, const char *fmt, ...) {
  strbuf msg = STRBUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(&msg, fmt, ap);
  va_end(ap);
  core_emit_warning(emit_cb, run, kind, path, "%s", msg.data ? msg.data : "");
  sb_free(&msg);
}

void core_run_interrupted(scan_run *run, const char *first_unread) {
  if (atomic_exchange(&run->interrupted, 1)) return;
  core_run_warn(run, SS_WARN_INTERRUPTED, first_unread, "stopped on request: this and the files after it were not read");
}

void core_run_progress(scan_run *run) {
  if (!run->cb) return;
  double now = core_now_seconds();
  if (now - atomic_load(&run->last_progress) < PROGRESS_INTERVAL) return;
  pthread_mutex_lock(&run->emit_lock);
  if (now - run->last_progress >= PROGRESS_INTERVAL) {
    run->last_progress = now;
    ss_stats s;
    snapshot_locked(run, &s);
    ss_event ev = {.type = SS_EVENT_PROGRESS, .progress = &s};
    run->cb(&ev, run->user);
  }
  pthread_mutex_unlock(&run->emit_lock);
}

static unsigned thread_count(const ss_engine_t *e) {
  if (e->cfg.threads) return e->cfg.threads;
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (unsigned)n : 1;
}

/* Drops trailing slashes ("/var/www/" -> "/var/www"), keeping "/". */
static char *clean_root(const char *root) {
  size_t n = strlen(root);
  while (n > 1 && root[n - 1] == '/') n--;
  return xstrndup(root, n);
}

static ss_err scan_single_file(scan_run *run) {
  worker *w = core_worker_new(run);
  if (!w) return SS_ERR_ENGINE;
  const char *slash = strrchr(run->root, '/');
  core_worker_scan_file(w, run->root, slash ? slash + 1 : run->root);
  core_worker_free(w);
  return SS_OK;
}

/* root made absolute against the working directory, without resolving
 * links: the best stand-in for its real path when realpath fails. */
static char *absolute(const char *root) {
  if (root[0] == '/') return xstrdup(root);
  char *cwd = getcwd(NULL, 0);
  char *abs = cwd ? xasprintf("%s/%s", cwd, root) : xstrdup(root);
  free(cwd);
  return abs;
}

ss_err ss_scan(ss_engine_t *engine, const char *root, ss_event_cb cb, void *user, ss_stats *stats) {
  if (stats) *stats = (ss_stats){0};
  if (!engine || !root || !*root) return SS_ERR_ARG;
  scan_run run = {.engine = engine, .cb = cb, .user = user};
  pthread_mutex_init(&run.emit_lock, NULL);
  core_membudget_init(&run.mem, engine->cfg.max_memory);
  run.started = core_now_seconds();
  atomic_init(&run.last_progress, run.started);
  char *clean = clean_root(root);
  char *real = realpath(clean, NULL);
  int real_errno = real ? 0 : errno;
  run.root = clean;
  if (!real) real = absolute(clean);
  run.root_real = real;
  struct stat st;
  ss_err err = SS_OK;
  /* The root itself is followed if it is a link: the user named it. */
  if (stat(clean, &st) != 0) {
    core_run_warn(&run, errno == ENOENT ? SS_WARN_VANISHED : SS_WARN_UNREADABLE, clean, "cannot scan: %s",
             strerror(errno));
    err = SS_ERR_IO;
  } else if (S_ISDIR(st.st_mode)) {
    run.root_dev = st.st_dev;
    if (real_errno)
      core_run_warn(&run, SS_WARN_SYMLINK, clean,
                    "cannot resolve the root's real path (%s): symbolic links below it are judged against %s",
                    strerror(real_errno), real);
    err = core_walk_tree(&run, thread_count(engine));
  } else if (S_ISREG(st.st_mode)) {
    err = scan_single_file(&run);
  } else {
    atomic_fetch_add(&run.n.special, 1);
    core_run_warn(&run, SS_WARN_SPECIAL, clean, "not a regular file or directory; skipped");
  }
  if (stats) run_snapshot(&run, stats);
  pthread_mutex_destroy(&run.emit_lock);
  core_membudget_destroy(&run.mem);
  free(real);
  free(clean);
  return err;
}
