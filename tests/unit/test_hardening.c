/*
 * test_hardening.c - the process-level defences: the output-in-root check
 * (by device and inode, through "..", links and look-alike prefixes), the
 * privilege drop when run as root (in a child: afterwards a root-owned
 * 0444 file cannot be written, any file can still be read, O_NOATIME
 * still works on another user's file, no_new_privs is set and the
 * capability sets hold only what reading needs) and the scan's shared
 * memory budget.  The CLI sources are compiled in: they are not library code.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/outputs.c"
#include "cli/privilege.c"
#include "core/membudget.h"
#include "test.h"

static char tmp[256];

static char *path_of(const char *rel) {
  static char buf[8][512];
  static int k;
  char *p = buf[k++ % 8];
  snprintf(p, 512, "%s/%s", tmp, rel);
  return p;
}

static void test_output_in_roots(void) {
  char *root = strdup(path_of("root")), *file = strdup(path_of("root/evidence.php"));
  char *roots[] = {root}, *file_root[] = {file};
  mkdir(root, 0755);
  mkdir(path_of("root/sub"), 0755);
  mkdir(path_of("root2"), 0755);
  close(open(file, O_CREAT | O_WRONLY, 0644));
  CHECK(symlink(root, path_of("link")) == 0);
  CHECK(output_in_roots(path_of("root/out.json"), roots, 1) == root);
  CHECK(output_in_roots(path_of("root/sub/../sub/out.json"), roots, 1) == root);
  CHECK(output_in_roots(path_of("link/out.json"), roots, 1) == root);        /* a link into it */
  CHECK(output_in_roots(path_of("root2/../root/x.csv"), roots, 1) == root);
  CHECK(output_in_roots(file, roots, 1) == root);                            /* existing file */
  CHECK(output_in_roots(root, roots, 1) == root);                            /* the root itself */
  CHECK(output_in_roots(path_of("root2/out.json"), roots, 1) == NULL);       /* a prefix, not a parent */
  CHECK(output_in_roots(path_of("out.json"), roots, 1) == NULL);
  CHECK(output_in_roots(path_of("missing/out.json"), roots, 1) == NULL);
  CHECK(output_in_roots("relative-out.json", roots, 1) == NULL);
  /* a root that is a file: only that file is inside it */
  CHECK(output_in_roots(file, file_root, 1) == file);
  CHECK(output_in_roots(path_of("root/other.json"), file_root, 1) == NULL);
  /* several roots, the second one holds it; a missing root holds nothing */
  char *two[] = {path_of("nowhere"), root};
  CHECK(output_in_roots(path_of("root/sub/o"), two, 2) == root);
  CHECK(check_output_path("test", path_of("root/out.json"), roots, 1, 0) == -1);
  CHECK(check_output_path("test", path_of("root/out.json"), roots, 1, 1) == 0);
  CHECK(check_output_path("test", path_of("out.json"), roots, 1, 0) == 0);
  free(root);
  free(file);
}

/* One line of /proc/self/status, e.g. "CapEff", as a number (hex for Cap*). */
static unsigned long long status_field(const char *name) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  unsigned long long v = ~0ull;
  size_t n = strlen(name);
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, name, n) == 0 && line[n] == ':')
      v = strtoull(line + n + 1, NULL, strncmp(name, "Cap", 3) == 0 ? 16 : 10);
  if (f) fclose(f);
  return v;
}

/* Runs in a child after drop_privileges(); returns the number of broken
 * expectations (the exit status). */
static int after_drop(const char *ro, const char *other) {
  int bad = 0, fd;
  const unsigned long long keep = (1ull << CAP_DAC_READ_SEARCH) | (1ull << CAP_FOWNER);
  if (drop_privileges("test") != 0) bad++;
  if ((fd = open(ro, O_WRONLY)) >= 0 || errno != EACCES) bad++, fprintf(stderr, "wrote a 0444 root file\n");
  if (fd >= 0) close(fd);
  if ((fd = open(ro, O_RDONLY)) < 0) bad++, fprintf(stderr, "cannot read a root file\n");
  else close(fd);
  if ((fd = open(other, O_RDONLY | O_NOATIME)) < 0) bad++, fprintf(stderr, "cannot read another user's 0000 file\n");
  else close(fd);
  if ((fd = open(other, O_WRONLY)) >= 0) bad++, fprintf(stderr, "wrote another user's file\n");
  if (fd >= 0) close(fd);
  if (chown(ro, 65534, 65534) == 0) bad++, fprintf(stderr, "chown still works\n");
  if (status_field("NoNewPrivs") != 1) bad++, fprintf(stderr, "no_new_privs not set\n");
  if (status_field("CapEff") != keep || status_field("CapPrm") != keep) bad++, fprintf(stderr, "capabilities left\n");
  if (status_field("CapBnd") & ~keep) bad++, fprintf(stderr, "bounding set not dropped\n");
  if (status_field("CapInh") != 0) bad++;
  return bad;
}

static void test_privilege_drop(void) {
  if (geteuid() != 0) {
    unsigned long long before = status_field("CapEff");
    CHECK(drop_privileges("test") == 0); /* nothing to do, nothing done */
    CHECK(status_field("CapEff") == before);
    return;
  }
  char *ro = path_of("root-0444"), *other = path_of("nobody-0000");
  close(open(ro, O_CREAT | O_WRONLY, 0444));
  close(open(other, O_CREAT | O_WRONLY, 0000));
  CHECK(chmod(ro, 0444) == 0 && chmod(other, 0000) == 0 && chown(other, 65534, 65534) == 0);
  pid_t pid = fork();
  if (pid == 0) _exit(after_drop(ro, other));
  int st = -1;
  CHECK(pid > 0 && waitpid(pid, &st, 0) == pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

typedef struct {
  membudget *b;
  _Atomic int got;
} waiter;

static void *take_all(void *arg) {
  waiter *w = arg;
  core_membudget_acquire(w->b, 100);
  w->got = 1;
  core_membudget_release(w->b, 100);
  return NULL;
}

static void test_membudget(void) {
  membudget b;
  core_membudget_init(&b, 100);
  CHECK(core_membudget_acquire(&b, 101) == -1); /* never fits: refused at once */
  CHECK(core_membudget_acquire(&b, 60) == 0);
  waiter w = {&b, 0};
  pthread_t t;
  pthread_create(&t, NULL, take_all, &w);
  usleep(100 * 1000);
  CHECK(w.got == 0); /* waits: 60 of 100 are held */
  core_membudget_release(&b, 60);
  pthread_join(t, NULL);
  CHECK(w.got == 1 && b.used == 0);
  core_membudget_destroy(&b);
}

int main(void) {
  snprintf(tmp, sizeof tmp, "/tmp/ss-hardening-XXXXXX");
  if (!mkdtemp(tmp)) return 1;
  chmod(tmp, 0755);
  RUN(test_output_in_roots);
  RUN(test_privilege_drop);
  RUN(test_membudget);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmp);
  TEST_END();
}
