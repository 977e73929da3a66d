/*
 * fuzz_scan.c - the whole pipeline on one file through the public API: an
 * engine with the built-in rules and IOCs (built once), the input's first
 * byte picking the file's extension and the rest written to a file in a
 * private temporary directory, ss_scan with one thread, and every event
 * passed to a text, a JSON and a CSV writer.  Beyond "no crash": the scan
 * succeeds, counts exactly one file and raises no warning; a finding names
 * that file, has a score in 1..100 with the matching severity, digests of
 * the file, and excerpts that are the file's own bytes at their offsets.
 */
// fuzz-max-len: 16384
// fuzz-seeds: FIXTURES
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "shellsift.h"

/* Index = first input byte % count; tests/fuzz/run seeds with the same list. */
static const char *const exts[] = {".php", ".aspx", ".asp", ".jsp", ".txt", ".jpg", ".png", ".config", ".html", ""};
#define NEXTS (sizeof exts / sizeof exts[0])

static ss_engine_t *engine;
static char dir[4096];
static ss_writer_t *writers[3];
static FILE *sink;

static void on_init_event(const ss_event *ev, void *user) {
  (void)user;
  if (ev->type == SS_EVENT_WARNING) fprintf(stderr, "engine warning: %s\n", ev->warning->message);
}

static void cleanup(void) {
  for (size_t i = 0; i < NEXTS; i++) {
    char path[4200];
    snprintf(path, sizeof path, "%s/sample%s", dir, exts[i]);
    unlink(path);
  }
  rmdir(dir);
  for (int i = 0; i < 3; i++) ss_writer_free(writers[i]);
  if (sink) fclose(sink);
  ss_engine_free(engine);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/shellsift-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  FUZZ_ASSERT(mkdtemp(dir) != NULL);
  ss_config_t *cfg;
  FUZZ_ASSERT(ss_config_new(&cfg) == SS_OK);
  FUZZ_ASSERT(ss_config_set_threads(cfg, 1) == SS_OK);
  FUZZ_ASSERT(ss_engine_new(cfg, on_init_event, NULL, &engine) == SS_OK);
  ss_config_free(cfg);
  sink = fopen("/dev/null", "w");
  FUZZ_ASSERT(sink != NULL);
  for (int i = 0; i < 3; i++) FUZZ_ASSERT(ss_writer_new((ss_format)i, sink, sink, 0, &writers[i]) == SS_OK);
  atexit(cleanup);
  return 0;
}

typedef struct {
  const char *path;
  const unsigned char *content;
  size_t len;
  int script_ext;
  unsigned findings;
  unsigned limits; /* analysis-limit warnings */
} scan_ctx;

static int is_hex(const char *s, size_t n) {
  if (strlen(s) != n) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
  return 1;
}

static void check_finding(scan_ctx *c, const ss_finding *f) {
  FUZZ_ASSERT(strcmp(f->path, c->path) == 0 && f->size == c->len);
  FUZZ_ASSERT(f->score >= 1 && f->score <= 100 && f->severity == ss_severity_from_score(f->score));
  FUZZ_ASSERT(f->nreasons >= 1 && f->category && *f->category);
  FUZZ_ASSERT(is_hex(f->sha256, 64) && is_hex(f->md5, 32) && is_hex(f->sha1, 40));
  if (c->script_ext) FUZZ_ASSERT(f->content_scanned);
  for (size_t i = 0; i < f->nreasons; i++) {
    const ss_reason *r = &f->reasons[i];
    FUZZ_ASSERT(r->rule && r->category && r->description && r->reference);
    FUZZ_ASSERT(r->score >= -100 && r->score <= 100);
  }
  for (size_t i = 0; i < f->nexcerpts; i++) {
    const ss_excerpt *x = &f->excerpts[i];
    FUZZ_ASSERT(x->offset <= c->len && x->length <= c->len - x->offset && x->length <= 96);
    FUZZ_ASSERT(x->length == 0 || memcmp(x->data, c->content + x->offset, x->length) == 0);
  }
}

static void on_event(const ss_event *ev, void *user) {
  scan_ctx *c = user;
  if (ev->type == SS_EVENT_WARNING && ev->warning->kind == SS_WARN_ANALYSIS_LIMIT) {
    /* the content analysis met a bound the input asked for (nesting, a bomb): reported, not an error */
    FUZZ_ASSERT(strcmp(ev->warning->path, c->path) == 0 && !ev->warning->incomplete);
    c->limits++;
  } else if (ev->type == SS_EVENT_WARNING) {
    fprintf(stderr, "unexpected warning: %s: %s: %s\n", ev->warning->kind_name, ev->warning->path,
            ev->warning->message);
    FUZZ_ASSERT(0);
  }
  if (ev->type == SS_EVENT_FINDING) {
    c->findings++;
    check_finding(c, ev->finding);
  }
  for (int i = 0; i < 3; i++) ss_writer_event(writers[i], ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  size_t e = data[0] % NEXTS;
  char path[4200];
  snprintf(path, sizeof path, "%s/sample%s", dir, exts[e]);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  FUZZ_ASSERT(fd >= 0);
  FUZZ_ASSERT(write(fd, data + 1, size - 1) == (ssize_t)(size - 1));
  close(fd);
  scan_ctx c = {path, data + 1, size - 1, e < 4 || e == 7, 0, 0};
  ss_stats st;
  FUZZ_ASSERT(ss_scan(engine, path, on_event, &c, &st) == SS_OK);
  FUZZ_ASSERT(st.files == 1 && st.bytes == size - 1 && st.findings == c.findings && st.warnings == c.limits);
  FUZZ_ASSERT(c.limits <= 1 && st.incomplete == 0);
  FUZZ_ASSERT(st.content_scanned <= 1);
  if (c.script_ext) FUZZ_ASSERT(st.content_scanned == 1);
  unlink(path);
  return 0;
}
