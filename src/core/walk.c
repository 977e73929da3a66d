/*
 * walk.c - the directory walker (see walk.h).
 *
 * Threads share one LIFO stack of work items, directories and files alike.
 * LIFO keeps the walk depth-first, so the stack holds about one directory
 * listing per level rather than a whole level of the tree.  When the stack
 * is long, the thread listing a directory scans that directory's files
 * itself instead of queueing them, which bounds memory on directories with
 * millions of entries.
 *
 * Symbolic links are never followed: a link to a place inside the root
 * reaches nothing that is not scanned under its own name, and a link out of
 * the root would widen the scan beyond what the user named.  Links that
 * point outside the root or loop are reported.  Each directory item carries
 * its chain of ancestors (device, inode), so a bind mount of an ancestor
 * is detected and not entered again.
 */
#include "core/walk.h"
#include "core/stop.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pipeline.h"
#include "util/util.h"

#define INLINE_FILES_ABOVE 4096 /* queue length above which files are scanned in place */

typedef struct ancestor {
  dev_t dev;
  ino_t ino;
  struct ancestor *parent;
  _Atomic unsigned refs;
} ancestor;

typedef struct item {
  char *path;
  int is_dir;
  ancestor *parent; /* chain of directories above; owned reference */
  struct item *next;
} item;

typedef struct {
  scan_run *run;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  item *stack;
  _Atomic size_t queued; /* changed under lock; read without it as a hint */
  unsigned busy;         /* threads holding an item */
  size_t rel;    /* offset of the path below the root */
} walker;

static ancestor *ancestor_ref(ancestor *a) {
  if (a) atomic_fetch_add(&a->refs, 1);
  return a;
}

static void ancestor_unref(ancestor *a) {
  while (a && atomic_fetch_sub(&a->refs, 1) == 1) {
    ancestor *up = a->parent;
    free(a);
    a = up;
  }
}

static void push(walker *wk, char *path, int is_dir, ancestor *parent) {
  item *it = xmalloc(sizeof *it);
  *it = (item){path, is_dir, ancestor_ref(parent), NULL};
  pthread_mutex_lock(&wk->lock);
  it->next = wk->stack;
  wk->stack = it;
  wk->queued++;
  pthread_cond_signal(&wk->wake);
  pthread_mutex_unlock(&wk->lock);
}

/* Blocks until there is work, or returns NULL when the walk is over:
 * the stack is empty and no thread holds an item that could add to it. */
static item *pop(walker *wk) {
  pthread_mutex_lock(&wk->lock);
  while (!wk->stack && wk->busy > 0) pthread_cond_wait(&wk->wake, &wk->lock);
  item *it = wk->stack;
  if (it) {
    wk->stack = it->next;
    wk->queued--;
    wk->busy++;
  } else {
    pthread_cond_broadcast(&wk->wake);
  }
  pthread_mutex_unlock(&wk->lock);
  return it;
}

static void done(walker *wk, item *it) {
  ancestor_unref(it->parent);
  free(it->path);
  free(it);
  pthread_mutex_lock(&wk->lock);
  if (--wk->busy == 0 && !wk->stack) pthread_cond_broadcast(&wk->wake);
  pthread_mutex_unlock(&wk->lock);
}

static int excluded(const ss_config_t *cfg, const char *rel, const char *name) {
  for (size_t i = 0; i < cfg->excludes.n; i++)
    if (fnmatch(cfg->excludes.items[i], rel, 0) == 0 || fnmatch(cfg->excludes.items[i], name, 0) == 0)
      return 1;
  return 0;
}

/* A link is reported when it loops or leaves the root; links within the
 * root are only counted. */
static void note_symlink(scan_run *run, const char *path) {
  atomic_fetch_add(&run->n.symlinks, 1);
  char *target = realpath(path, NULL);
  if (!target) {
    if (errno == ELOOP) core_run_warn(run, SS_WARN_SYMLINK, path, "symbolic link loop; not followed");
    return; /* dangling links point at nothing to scan */
  }
  size_t n = strlen(run->root_real);
  int inside = strncmp(target, run->root_real, n) == 0 &&
               (target[n] == '/' || target[n] == '\0' || n == 1);
  if (!inside)
    core_run_warn(run, SS_WARN_SYMLINK, path, "symbolic link to %s, outside the scanned root; not followed",
             target);
  free(target);
}

static int open_dir(const char *path) {
  int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
  int fd = open(path, flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = open(path, flags);
  return fd;
}

static void warn_dir_failure(scan_run *run, const char *path, int err) {
  if (err == ENOENT) core_run_warn(run, SS_WARN_VANISHED, path, "directory removed before it could be listed");
  else if (err == ELOOP || err == ENOTDIR) core_run_warn(run, SS_WARN_SYMLINK, path, "replaced during the scan; not entered");
  else if (err == ENAMETOOLONG) core_run_warn(run, SS_WARN_NAME, path, "path too long to open");
  else core_run_warn(run, SS_WARN_UNREADABLE, path, "cannot list directory: %s", strerror(err));
}

/* Opens the directory and decides whether to enter it; returns an fd or -1. */
static int enter_dir(walker *wk, const item *it, struct stat *st) {
  scan_run *run = wk->run;
  int fd = open_dir(it->path);
  if (fd < 0) {
    warn_dir_failure(run, it->path, errno);
    return -1;
  }
  if (fstat(fd, st) != 0) {
    warn_dir_failure(run, it->path, errno);
    close(fd);
    return -1;
  }
  if (st->st_dev != run->root_dev && !run->engine->cfg.cross_mounts) {
    core_run_warn(run, SS_WARN_MOUNT, it->path, "another file system is mounted here; not entered (see --cross-mounts)");
    close(fd);
    return -1;
  }
  for (const ancestor *a = it->parent; a; a = a->parent)
    if (a->dev == st->st_dev && a->ino == st->st_ino) {
      core_run_warn(run, SS_WARN_LOOP, it->path, "same directory as an ancestor (bind mount loop); not entered again");
      close(fd);
      return -1;
    }
  return fd;
}

static unsigned char entry_type(int dirfd, const struct dirent *e) {
  if (e->d_type != DT_UNKNOWN) return e->d_type;
  struct stat st;
  if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) return DT_UNKNOWN;
  if (S_ISDIR(st.st_mode)) return DT_DIR;
  if (S_ISREG(st.st_mode)) return DT_REG;
  if (S_ISLNK(st.st_mode)) return DT_LNK;
  return DT_FIFO; /* any other kind is special */
}

static void list_dir(walker *wk, worker *w, item *it) {
  scan_run *run = wk->run;
  struct stat st;
  int fd = enter_dir(wk, it, &st);
  if (fd < 0) return;
  DIR *d = fdopendir(fd);
  if (!d) {
    warn_dir_failure(run, it->path, errno);
    close(fd);
    return;
  }
  atomic_fetch_add(&run->n.dirs, 1);
  ancestor *self = xmalloc(sizeof *self);
  *self = (ancestor){st.st_dev, st.st_ino, ancestor_ref(it->parent), 1};
  size_t plen = strlen(it->path);
  int slash = plen > 0 && it->path[plen - 1] == '/';
  struct dirent *e;
  for (errno = 0; (e = readdir(d)) != NULL; errno = 0) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    char *child = xasprintf("%s%s%s", it->path, slash ? "" : "/", e->d_name);
    const char *name = child + plen + !slash;
    unsigned char type = entry_type(fd, e);
    int keep = 0;
    if (excluded(&run->engine->cfg, child + wk->rel, name)) {
      atomic_fetch_add(&run->n.excluded, 1);
    } else if (type == DT_DIR) {
      push(wk, child, 1, self);
      keep = 1;
    } else if (type == DT_REG) {
      if (wk->queued > INLINE_FILES_ABOVE) core_worker_scan_file(w, child, name);
      else push(wk, child, 0, NULL), keep = 1;
    } else if (type == DT_LNK) {
      note_symlink(run, child);
    } else if (type == DT_UNKNOWN) {
      warn_dir_failure(run, child, errno ? errno : EIO);
    } else {
      atomic_fetch_add(&run->n.special, 1);
      core_run_warn(run, SS_WARN_SPECIAL, child, "FIFO, socket or device; skipped");
    }
    if (!keep) free(child);
  }
  if (errno) core_run_warn(run, SS_WARN_UNREADABLE, it->path, "listing stopped early: %s", strerror(errno));
  closedir(d);
  ancestor_unref(self);
}

static void *walk_thread(void *arg) {
  walker *wk = arg;
  worker *w = core_worker_new(wk->run);
  item *it;
  while ((it = pop(wk)) != NULL) {
    if (core_stopped()) { /* drain the stack: nothing more is read */
      core_run_interrupted(wk->run, it->path);
    } else if (!w) { /* could not set up: still drain the stack so the walk ends */
      core_run_warn(wk->run, SS_WARN_UNREADABLE, it->path, "scanner thread could not start");
    } else if (it->is_dir) {
      list_dir(wk, w, it);
    } else {
      const char *slash = strrchr(it->path, '/');
      core_worker_scan_file(w, it->path, slash ? slash + 1 : it->path);
    }
    done(wk, it);
  }
  core_worker_free(w);
  return NULL;
}

ss_err core_walk_tree(scan_run *run, unsigned nthreads) {
  walker wk = {.run = run};
  pthread_mutex_init(&wk.lock, NULL);
  pthread_cond_init(&wk.wake, NULL);
  size_t rootlen = strlen(run->root);
  wk.rel = rootlen + (rootlen > 0 && run->root[rootlen - 1] != '/');
  push(&wk, xstrdup(run->root), 1, NULL);
  pthread_t *threads = xcalloc(nthreads, sizeof *threads);
  unsigned started = 0;
  for (unsigned i = 0; i < nthreads; i++)
    if (pthread_create(&threads[started], NULL, walk_thread, &wk) == 0) started++;
  if (started == 0) walk_thread(&wk); /* no threads at all: walk on this one */
  for (unsigned i = 0; i < started; i++) pthread_join(threads[i], NULL);
  free(threads);
  pthread_cond_destroy(&wk.wake);
  pthread_mutex_destroy(&wk.lock);
  return SS_OK;
}
