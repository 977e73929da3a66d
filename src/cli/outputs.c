/*
 * outputs.c - where the tool may write.  An output file inside a scanned
 * root would change the evidence (and be scanned as if it were part of
 * it), so commands refuse one unless --allow-output-in-root is given.
 * "Inside" is decided on the file system, not on spelling: the output's
 * directory and each directory above it are compared by device and inode
 * with every root, so "..", symbolic links and bind mounts of the root do
 * not get around it.  Standard output redirected into a root is the shell's
 * doing: the scan ignores it and this file only warns.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/escape.h"

/* The root that is the same file system object as st, or NULL. */
static const char *same_as_root(const struct stat *st, char *const *roots, size_t nroots) {
  struct stat rs;
  for (size_t i = 0; i < nroots; i++)
    if (stat(roots[i], &rs) == 0 && rs.st_dev == st->st_dev && rs.st_ino == st->st_ino) return roots[i];
  return NULL;
}

/* The root that st (may be NULL) is, or that is dir or a directory above
 * it; NULL if none. */
static const char *root_holding(const char *dir, const struct stat *st, char *const *roots, size_t nroots) {
  const char *root = st ? same_as_root(st, roots, nroots) : NULL;
  char *real = root || !dir ? NULL : realpath(dir, NULL);
  for (char *p = real; p && !root;) {
    struct stat ds;
    if (stat(p, &ds) == 0) root = same_as_root(&ds, roots, nroots);
    if (strcmp(p, "/") == 0) break;
    char *slash = strrchr(p, '/');
    if (slash == p) p[1] = '\0';
    else *slash = '\0';
  }
  free(real);
  return root;
}

void print_escaped(FILE *out, const char *s) {
  strbuf sb = STRBUF_INIT;
  util_esc_term(&sb, s, strlen(s));
  fputs(sb.data ? sb.data : "", out);
  sb_free(&sb);
}

const char *output_in_roots(const char *path, char *const *roots, size_t nroots) {
  struct stat st;
  int exists = stat(path, &st) == 0;
  char *copy = strdup(path);
  if (!copy) return NULL;
  const char *root = root_holding(dirname(copy), exists ? &st : NULL, roots, nroots);
  free(copy);
  return root;
}

int check_output_path(const char *cmd, const char *path, char *const *roots, size_t nroots, int allow) {
  const char *root = output_in_roots(path, roots, nroots);
  if (!root || allow) return 0;
  fprintf(stderr, "shellsift %s: refusing to write ", cmd);
  print_escaped(stderr, path);
  fputs(" inside the scanned ", stderr);
  print_escaped(stderr, root);
  fputs(": that would change the evidence (--allow-output-in-root to do it anyway)\n", stderr);
  return -1;
}

FILE *open_output(const char *cmd, const char *path) {
  /* not through a link: as root, a link planted where the report goes
   * would otherwise make us overwrite whatever it points at */
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!f) {
    fprintf(stderr, "shellsift %s: cannot write %s: %s\n", cmd, path,
            errno == ELOOP ? "it is a symbolic link" : strerror(errno));
    if (fd >= 0) close(fd);
  }
  return f;
}

void warn_stdout_in_roots(const char *cmd, char *const *roots, size_t nroots) {
  struct stat st;
  if (fstat(STDOUT_FILENO, &st) != 0 || !S_ISREG(st.st_mode)) return;
  /* the file's own name, from the kernel: it may be a root itself */
  char *self = realpath("/proc/self/fd/1", NULL);
  char *dir = self ? dirname(self) : NULL;
  const char *root = root_holding(dir, &st, roots, nroots);
  free(self);
  if (!root) return;
  fprintf(stderr, "shellsift %s: warning: standard output is a file inside the scanned ", cmd);
  print_escaped(stderr, root);
  fputs(", so the evidence is being written to; it is not scanned\n", stderr);
}

void print_warning(FILE *out, const char *path, const char *message) {
  fputs("warning: ", out);
  print_escaped(out, path);
  fputs(": ", out);
  print_escaped(out, message);
  fputc('\n', out);
}
