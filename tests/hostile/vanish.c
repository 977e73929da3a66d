/*
 * vanish.c - fault injection for the hostile-tree test, loaded with
 * LD_PRELOAD: deletes a file whose name contains "VANISH" just before the
 * scanner opens it, and appends to one containing "GROW" after the scanner
 * has read from it, so
 * "removed mid-scan" and "changed mid-scan" happen on cue rather than by
 * racing the scanner.  Test code only; never linked into shellsift.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef int (*open_fn)(const char *, int, ...);
typedef ssize_t (*read_fn)(int, void *, size_t);

static int faulty_open(const char *sym, const char *path, int flags, mode_t mode) {
  open_fn real = (open_fn)dlsym(RTLD_NEXT, sym);
  if (strstr(path, "VANISH")) unlink(path);
  return real(path, flags, mode);
}

ssize_t read(int fd, void *buf, size_t n) {
  read_fn real = (read_fn)dlsym(RTLD_NEXT, "read");
  ssize_t got = real(fd, buf, n);
  char link[64], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t len = readlink(link, path, sizeof path - 1);
  if (got > 0 && len > 0) {
    path[len] = '\0';
    int w = strstr(path, "GROW") ? open(path, O_WRONLY | O_APPEND) : -1;
    if (w >= 0) {
      if (write(w, "grown\n", 6) < 0) { /* the test will notice */ }
      close(w);
    }
  }
  return got;
}

int open(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = (flags & O_CREAT) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  return faulty_open("open", path, flags, mode);
}

int open64(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = (flags & O_CREAT) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  return faulty_open("open64", path, flags, mode);
}
