/*
 * fuzz_walk.c - path handling in the walker on arbitrary names and exclude
 * globs: the input's first NUL-terminated field holds up to four --exclude
 * globs (one per line), each further field a relative path whose parts may
 * hold any byte but '/' and NUL (newlines, escapes, invalid UTF-8).  The
 * tree is built in a private directory and scanned with a name IOC that
 * matches every path, so each scanned file is a finding.  Asserts: the
 * findings are exactly the files that no glob excludes (by the path below
 * the root or by the base name, of the file or of a directory above it),
 * each once and named root + "/" + its relative path byte for byte; the
 * summary counts those files, every entry excluded first-hand, every
 * directory entered, and raises no warning.
 */
// fuzz-max-len: 2048
// fuzz-seeds: tests/fuzz/walk.seeds/*
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "shellsift.h"

#define MAX_GLOBS 4
#define MAX_GLOB_LEN 32 /* user-given globs: long ones only test fnmatch(3) */
#define MAX_PATHS 16
#define MAX_DEPTH 6
#define MAX_PART 64
#define MAX_ENTRIES (MAX_PATHS * MAX_DEPTH)

typedef struct {
  char rel[MAX_DEPTH * (MAX_PART + 1) + 1];
  const char *name; /* base name within rel */
  int is_dir;
  int parent;       /* index of the directory above, -1 at the root */
  int seen;         /* findings naming it */
} entry;

static char root[256];
static entry ents[MAX_ENTRIES];
static size_t nents;
static char globs[MAX_GLOBS][MAX_GLOB_LEN + 1];
static size_t nglobs;

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f) {
  (void)st, (void)flag;
  return f->level > 0 ? remove(p) : 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  const char *tmp = getenv("TMPDIR");
  snprintf(root, sizeof root, "%s/shellsift-fuzz-walk-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  FUZZ_ASSERT(mkdtemp(root) != NULL);
  return 0;
}

static int find_entry(const char *rel) {
  for (size_t i = 0; i < nents; i++)
    if (strcmp(ents[i].rel, rel) == 0) return (int)i;
  return -1;
}

/* Creates the directories and the file of one relative path. */
static void add_path(const unsigned char *p, size_t len) {
  char rel[sizeof ents[0].rel] = "";
  size_t rlen = 0;
  int parent = -1, depth = 0;
  for (size_t i = 0; i < len && depth < MAX_DEPTH;) {
    size_t j = i;
    while (j < len && p[j] != '/') j++;
    size_t n = j - i < MAX_PART ? j - i : MAX_PART;
    int last = j >= len || depth + 1 == MAX_DEPTH;
    if (n == 0 || (n == 1 && p[i] == '.') || (n == 2 && p[i] == '.' && p[i + 1] == '.')) {
      i = j + 1;
      continue;
    }
    if (rlen) rel[rlen++] = '/';
    memcpy(rel + rlen, p + i, n);
    rlen += n;
    rel[rlen] = '\0';
    int k = find_entry(rel);
    if (k >= 0 && (last || !ents[k].is_dir)) return; /* already there, or a file in the way */
    if (k < 0) {
      if (nents == MAX_ENTRIES) return;
      char full[1024];
      snprintf(full, sizeof full, "%s/%s", root, rel);
      if (last) {
        int fd = open(full, O_WRONLY | O_CREAT | O_EXCL, 0644);
        FUZZ_ASSERT(fd >= 0);
        FUZZ_ASSERT(write(fd, "x", 1) == 1);
        close(fd);
      } else {
        FUZZ_ASSERT(mkdir(full, 0755) == 0);
      }
      k = (int)nents++;
      memcpy(ents[k].rel, rel, rlen + 1);
      ents[k].name = ents[k].rel + rlen - n;
      ents[k].is_dir = !last;
      ents[k].parent = parent;
      ents[k].seen = 0;
    }
    parent = k;
    depth++;
    i = j + 1;
  }
}

static int matches_glob(const entry *e) {
  for (size_t g = 0; g < nglobs; g++)
    if (fnmatch(globs[g], e->rel, 0) == 0 || fnmatch(globs[g], e->name, 0) == 0) return 1;
  return 0;
}

/* Excluded first-hand: matches itself, with nothing above it excluded. */
static int excluded_here(const entry *e) {
  for (int p = e->parent; p >= 0; p = ents[p].parent)
    if (matches_glob(&ents[p])) return 0;
  return matches_glob(e);
}

static int reachable(const entry *e) {
  for (const entry *x = e;; x = &ents[x->parent]) {
    if (matches_glob(x)) return 0;
    if (x->parent < 0) return 1;
  }
}

static void on_event(const ss_event *ev, void *user) {
  (void)user;
  if (ev->type == SS_EVENT_WARNING) {
    fprintf(stderr, "unexpected warning: %s: %s\n", ev->warning->kind_name, ev->warning->message);
    FUZZ_ASSERT(0);
  }
  if (ev->type != SS_EVENT_FINDING) return;
  const char *path = ev->finding->path;
  size_t rl = strlen(root);
  FUZZ_ASSERT(strncmp(path, root, rl) == 0 && path[rl] == '/');
  int k = find_entry(path + rl + 1);
  FUZZ_ASSERT(k >= 0 && !ents[k].is_dir);
  ents[k].seen++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *end = data + size, *p = data;
  const uint8_t *nul = memchr(p, 0, size);
  const uint8_t *gend = nul ? nul : end;
  nents = nglobs = 0;
  for (const uint8_t *g = p; g < gend && nglobs < MAX_GLOBS;) {
    const uint8_t *nl = memchr(g, '\n', (size_t)(gend - g));
    size_t n = (size_t)((nl ? nl : gend) - g);
    if (n > 0 && n <= MAX_GLOB_LEN) memcpy(globs[nglobs], g, n), globs[nglobs++][n] = '\0';
    g += n + 1;
  }
  for (p = nul ? nul + 1 : end; p < end && nents < MAX_ENTRIES;) {
    const uint8_t *z = memchr(p, 0, (size_t)(end - p));
    size_t n = (size_t)((z ? z : end) - p);
    if (n) add_path(p, n);
    p += n + 1;
  }

  ss_config_t *cfg;
  ss_engine_t *engine;
  FUZZ_ASSERT(ss_config_new(&cfg) == SS_OK);
  ss_config_set_threads(cfg, 1);
  ss_config_set_builtin(cfg, 0);
  char ioc[300];
  snprintf(ioc, sizeof ioc, "%s.filename-iocs.txt", root);
  FILE *f = fopen(ioc, "w");
  FUZZ_ASSERT(f && fputs("^;40\n", f) >= 0 && fclose(f) == 0);
  ss_config_add_iocs(cfg, ioc);
  for (size_t g = 0; g < nglobs; g++) ss_config_add_exclude(cfg, globs[g]);
  FUZZ_ASSERT(ss_engine_new(cfg, on_event, NULL, &engine) == SS_OK);
  ss_stats st;
  FUZZ_ASSERT(ss_scan(engine, root, on_event, NULL, &st) == SS_OK);

  uint64_t files = 0, dirs = 1, excluded = 0;
  for (size_t i = 0; i < nents; i++) {
    const entry *e = &ents[i];
    int in = reachable(e);
    excluded += (uint64_t)excluded_here(e);
    if (e->is_dir) dirs += (uint64_t)in;
    else files += (uint64_t)in;
    if (!e->is_dir && e->seen != in) {
      fprintf(stderr, "file %s: reported %d times, expected %d\n", e->rel, e->seen, in);
      FUZZ_ASSERT(0);
    }
  }
  FUZZ_ASSERT(st.files == files && st.findings == files && st.dirs == dirs && st.excluded == excluded);
  FUZZ_ASSERT(st.warnings == 0);
  ss_engine_free(engine);
  ss_config_free(cfg);
  unlink(ioc);
  nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
  return 0;
}
