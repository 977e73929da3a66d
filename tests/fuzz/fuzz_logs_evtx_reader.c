/*
 * fuzz_logs_evtx_reader.c - our EVTX reader (src/logs/evtx_*.c) on
 * arbitrary bytes: whole files as they are (the seeds: SigmaHQ's real
 * regression logs and the sample logs when ../shared exists, the generated
 * ones always), anything else behind a valid file header so the chunk and
 * binary XML layers are reached.  Beyond "no crash":
 *  - records decoded never exceed what the chunk headers announce plus the
 *    recovered ones, and every lost record was announced;
 *  - every flattened field has a non-empty name; names, values and the
 *    record's XML are well-formed UTF-8 (checked by fuzz.h's reference
 *    decoder, not escape.c's);
 *  - reading from memory and from a file descriptor gives the same records
 *    (identifiers, fields);
 *  - the dump (ss_logs_dump) writes exactly one line per record, each a
 *    {...} object of well-formed UTF-8 without a raw control character,
 *    with balanced quotes and brackets outside strings.
 */
// fuzz-max-len: 200000
// fuzz-seeds: build-fuzz/corpus-src/evtx/* build-fuzz/corpus-src/evtx-spec/*.evtx ../shared/evtx-samples/*.evtx ../shared/sigma/regression_data/*/*/*/*/*.evtx ../shared/sigma/regression_data/*/*/*/*/*/*.evtx
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "fuzz.h"
#include "logs/evtx.h"
#include "shellsift.h"

static char dir[4096], path[4200];

static void cleanup(void) {
  unlink(path);
  rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/shellsift-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  FUZZ_ASSERT(mkdtemp(dir) != NULL);
  snprintf(path, sizeof path, "%s/fuzz.evtx", dir);
  atexit(cleanup);
  return 0;
}

static void assert_utf8(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t k = ref_utf8((const unsigned char *)s + i, n - i, &cp);
    FUZZ_ASSERT(k > 0);
    i += k;
  }
}

typedef struct {
  uint64_t id;
  size_t nfields;
  uint64_t hash; /* of the fields' names and values */
} seen;

static void warn_nop(void *user, int incomplete, const char *msg) {
  (void)user, (void)incomplete;
  FUZZ_ASSERT(msg && *msg);
  assert_utf8(msg, strlen(msg));
}

/* Reads every record; fills out (at most max) and returns the count. */
static size_t read_all(logs_evtx_reader *rd, seen *out, size_t max, logs_evtx_stats *st) {
  const logs_evtx_record *r;
  logs_evtx_fields f = LOGS_EVTX_FIELDS_INIT;
  strbuf xml = STRBUF_INIT;
  size_t n = 0;
  while (logs_evtx_next(rd, &r)) {
    logs_evtx_flatten(r, &f);
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < f.n; i++) {
      size_t nl = strlen(f.v[i].name), vl = strlen(f.v[i].value);
      FUZZ_ASSERT(nl > 0);
      assert_utf8(f.v[i].name, nl);
      assert_utf8(f.v[i].value, vl);
      h = (h ^ crc32(0, (const Bytef *)f.v[i].name, (uInt)nl)) * 1099511628211ull;
      h = (h ^ crc32(0, (const Bytef *)f.v[i].value, (uInt)vl)) * 1099511628211ull;
    }
    sb_reset(&xml);
    logs_evtx_xml(r, &xml);
    assert_utf8(xml.data ? xml.data : "", xml.len);
    FUZZ_ASSERT(r->root < 0 || (size_t)r->root < r->nnodes);
    if (n < max) out[n] = (seen){r->id, f.n, h};
    n++;
  }
  logs_evtx_get_stats(rd, st);
  logs_evtx_fields_free(&f);
  sb_free(&xml);
  return n;
}

/* One dump line: an object, UTF-8, no raw control, balanced outside strings. */
static void check_line(const char *s, size_t n) {
  FUZZ_ASSERT(n >= 2 && s[0] == '{' && s[n - 1] == '}');
  assert_utf8(s, n);
  int depth = 0, in_str = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    FUZZ_ASSERT(c >= 0x20);
    if (in_str) {
      if (c == '\\') i++;
      else if (c == '"') in_str = 0;
    } else if (c == '"') in_str = 1;
    else if (c == '{' || c == '[') depth++;
    else if (c == '}' || c == ']') FUZZ_ASSERT(--depth >= 0);
  }
  FUZZ_ASSERT(!in_str && depth == 0);
}

static void dump_cb(const ss_event *ev, void *user) {
  (void)user;
  FUZZ_ASSERT(ev->type == SS_EVENT_WARNING && !strcmp(ev->warning->path, path));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* Whole files as they are; anything else as chunks behind a header. */
  size_t len = size;
  uint8_t *file = NULL;
  if (size >= 8 && !memcmp(data, "ElfFile", 8)) {
    file = malloc(size ? size : 1);
    memcpy(file, data, size);
  } else {
    len = LOGS_EVTX_FILE_HEADER + size;
    file = calloc(1, len);
    memcpy(file, "ElfFile", 8);
    file[32] = 128, file[36] = 1, file[38] = 3, file[41] = 0x10, file[42] = 1;
    if (size) memcpy(file + LOGS_EVTX_FILE_HEADER, data, size);
  }
  FUZZ_ASSERT(file != NULL);
  enum { MAX = 4096 };
  static seen a[MAX], b[MAX];
  logs_evtx_stats sa, sb;
  const char *why = NULL;
  size_t na = 0, nb = 0;
  logs_evtx_reader *rd = logs_evtx_open_mem(file, len, LOGS_EVTX_RECOVER, warn_nop, NULL, &why);
  if (rd) {
    na = read_all(rd, a, MAX, &sa);
    logs_evtx_close(rd);
    FUZZ_ASSERT(sa.records == na && sa.recovered <= sa.records);
    FUZZ_ASSERT(sa.records - sa.recovered <= sa.announced);
    FUZZ_ASSERT(sa.lost <= sa.announced && sa.records - sa.recovered + sa.lost <= sa.announced);
    size_t slots = (len - LOGS_EVTX_FILE_HEADER + LOGS_EVTX_CHUNK - 1) / LOGS_EVTX_CHUNK;
    FUZZ_ASSERT(sa.chunks <= slots && sa.chunks_bad <= slots);
  } else {
    FUZZ_ASSERT(why && *why);
  }
  /* the same bytes from a file descriptor, and through the dump */
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  FUZZ_ASSERT(fd >= 0 && write(fd, file, len) == (ssize_t)len);
  close(fd);
  fd = open(path, O_RDONLY);
  FUZZ_ASSERT(fd >= 0);
  logs_evtx_reader *rf = logs_evtx_open_fd(fd, LOGS_EVTX_RECOVER, warn_nop, NULL, &why);
  FUZZ_ASSERT(!rf == !rd);
  if (rf) {
    nb = read_all(rf, b, MAX, &sb);
    logs_evtx_close(rf);
    FUZZ_ASSERT(na == nb && sa.lost == sb.lost && sa.recovered == sb.recovered);
    for (size_t i = 0; i < na && i < MAX; i++)
      FUZZ_ASSERT(a[i].id == b[i].id && a[i].nfields == b[i].nfields && a[i].hash == b[i].hash);
  }
  close(fd);
  char *out = NULL;
  size_t outlen = 0;
  FILE *mem = open_memstream(&out, &outlen);
  FUZZ_ASSERT(mem != NULL);
  ss_err err = ss_logs_dump(path, mem, dump_cb, NULL);
  fclose(mem);
  FUZZ_ASSERT(rd ? err == SS_OK : err == SS_ERR_IO);
  size_t lines = 0;
  for (size_t i = 0; i < outlen;) {
    char *nl = memchr(out + i, '\n', outlen - i);
    FUZZ_ASSERT(nl != NULL);
    check_line(out + i, (size_t)(nl - (out + i)));
    lines++;
    i = (size_t)(nl - out) + 1;
  }
  FUZZ_ASSERT(lines == na);
  free(out);
  free(file);
  return 0;
}
