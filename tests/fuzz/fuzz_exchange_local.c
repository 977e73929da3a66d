/*
 * fuzz_exchange_local.c - the local Exchange reader on arbitrary HttpProxy
 * log heads: the input, split at its first NUL, becomes the logs of two
 * hours in an install layout (Bin/ExSetup.exe absent), and exchange_local_find
 * runs on it.  Beyond "no crash": it finds the install; it reports a build
 * exactly when one of the two heads has a "#Version:" line in its leading
 * '#' block that exchange_version_parse takes as four parts, and then the build is
 * the newest hour's; the history has one period per run of equal builds,
 * in hour order, each build formatted from a parsed version.
 */
// fuzz-max-len: 4096
// fuzz-seeds: tests/fuzz/exchange_local.seeds/*
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exchange/exchange.h"
#include "fuzz.h"

static char root[256], logdir[512];
static const char *const hours[2] = {"2021030312", "2021030313"};

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  const char *tmp = getenv("TMPDIR");
  char cmd[700];
  snprintf(root, sizeof root, "%s/shellsift-fuzz-exl-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  FUZZ_ASSERT(mkdtemp(root) != NULL);
  snprintf(logdir, sizeof logdir, "%s/Exchange Server/V15/Logging/HttpProxy/Owa", root);
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", logdir);
  FUZZ_ASSERT(system(cmd) == 0);
  return 0;
}

/* This file's own reading of a log head: the build, or 0 if none. */
static int head_version(const char *s, size_t len, ex_version *v) {
  const char *end = s + len;
  while (s < end) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    size_t n = (size_t)((nl ? nl : end) - s);
    if (n > 9 && strncasecmp(s, "#version:", 9) == 0) {
      size_t m = n - 9;
      while (m && (s[9 + m - 1] == '\r' || s[9 + m - 1] == ' ')) m--;
      return exchange_version_parse(s + 9, m, v) == 0 && v->revision >= 0;
    }
    if (n && s[0] != '#') return 0;
    s += n + 1;
  }
  return 0;
}

static void write_log(int i, const uint8_t *d, size_t n) {
  char path[700];
  snprintf(path, sizeof path, "%s/HttpProxy_%s-1.LOG", logdir, hours[i]);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  FUZZ_ASSERT(fd >= 0 && write(fd, d, n) == (ssize_t)n);
  close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *nul = memchr(data, 0, size);
  size_t a = nul ? (size_t)(nul - data) : size;
  const uint8_t *b = nul ? nul + 1 : data + size;
  size_t bl = (size_t)(data + size - b);
  write_log(0, data, a);
  write_log(1, b, bl);
  ex_version v[2];
  int has[2] = {head_version((const char *)data, a < 4096 ? a : 4096, &v[0]),
                head_version((const char *)b, bl < 4096 ? bl : 4096, &v[1])};

  ex_local_result r;
  exchange_local_find(root, &r);
  FUZZ_ASSERT(r.install != NULL);
  FUZZ_ASSERT((r.method != NULL) == (has[0] || has[1]));
  FUZZ_ASSERT((r.error == NULL) == (r.method != NULL));
  if (r.method) {
    const ex_version *want = has[1] ? &v[1] : &v[0];
    FUZZ_ASSERT(strcmp(r.method, "httpproxy-log") == 0 && exchange_version_cmp(&r.version, want) == 0);
    size_t periods = has[0] && has[1] && exchange_version_cmp(&v[0], &v[1]) != 0 ? 2 : 1;
    FUZZ_ASSERT(r.nhistory == periods);
    for (size_t i = 0; i < r.nhistory; i++) {
      ex_version p;
      FUZZ_ASSERT(exchange_version_parse(r.history[i].build, strlen(r.history[i].build), &p) == 0);
      FUZZ_ASSERT(strcmp(r.history[i].from, r.history[i].to) <= 0);
      if (i) FUZZ_ASSERT(strcmp(r.history[i - 1].to, r.history[i].from) < 0);
    }
  } else {
    FUZZ_ASSERT(r.nhistory == 0);
  }
  exchange_local_result_free(&r);
  return 0;
}
