/*
 * fuzz_logs_prefilter.c - the prefilter must never cost a finding: the
 * same input read with it (lines no indicator can match skip the rules)
 * and without it (every line through every rule) gives the same findings
 * - rule, line, severity and outcome - and the same coverage (lines,
 * lines checked raw only).  The first byte picks a header that steers the
 * input to the IIS, HttpProxy, access-log or raw-text reader; the rest is
 * arbitrary, with '%', '\', case and quoting variants found by the fuzzer.
 */
// fuzz-max-len: 2048
// fuzz-seeds: tests/fixtures/logs/u_ex* tests/fixtures/logs/HttpProxy* tests/fixtures/logs/access.log tests/fixtures/logs/nginx_access.log
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "shellsift.h"

static const char *const heads[] = {
    "#Software: Microsoft Internet Information Services 10.0\n#Fields: date time s-ip cs-method cs-uri-stem "
    "cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n",
    "#Log-type: HttpProxy Logs\n#Fields: DateTime,UrlStem,UrlQuery,Method,AnchorMailbox,BackEndCookie,UserAgent,"
    "ClientIpAddress,HttpStatus\n",
    "203.0.113.5 - - [03/Mar/2021:10:00:00 +0100] \"GET / HTTP/1.1\" 200 12 \"-\" \"Mozilla/5.0\"\n",
    "",
};

typedef struct {
  char *v[512];
  size_t n;
} seen;

static void collect(const ss_event *ev, void *user) {
  seen *s = user;
  if (ev->type != SS_EVENT_LOG_FINDING || s->n == sizeof s->v / sizeof s->v[0]) return;
  const ss_log_finding *f = ev->log_finding;
  char buf[256];
  snprintf(buf, sizeof buf, "%llu %s %d %s", (unsigned long long)f->line, f->rule, (int)f->severity, f->outcome);
  s->v[s->n++] = strdup(buf);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void run(const unsigned char *buf, size_t len, int no_prefilter, seen *out, ss_logs_stats *st) {
  ss_logs_options opt = {.since = SS_TIME_UNKNOWN, .until = SS_TIME_UNKNOWN, .max_line = 512,
                         .no_prefilter = no_prefilter};
  ss_logs_t *L;
  FUZZ_ASSERT(ss_logs_new(&opt, collect, out, &L) == SS_OK);
  ss_logs_link_shell(L, "/var/www/html/uploads/s.php");
  ss_logs_add_data(L, "access.log", buf, len);
  FUZZ_ASSERT(ss_logs_finish(L, st) == SS_OK);
  qsort(out->v, out->n, sizeof *out->v, cmp);
  if (st->npartial) st->lines = st->partial[0].unsplit * 1000003 + st->lines; /* compare the split counts too */
  ss_logs_free(L);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!size) return 0;
  const char *head = heads[data[0] % (sizeof heads / sizeof heads[0])];
  size_t hl = strlen(head), len = hl + size - 1;
  unsigned char *buf = malloc(len + 1);
  FUZZ_ASSERT(buf != NULL);
  memcpy(buf, head, hl);
  memcpy(buf + hl, data + 1, size - 1);
  seen a = {0}, b = {0};
  ss_logs_stats sa, sb;
  run(buf, len, 0, &a, &sa);
  run(buf, len, 1, &b, &sb);
  FUZZ_ASSERT(a.n == b.n && sa.findings == sb.findings && sa.lines == sb.lines && sa.npartial == sb.npartial);
  for (size_t i = 0; i < a.n; i++) FUZZ_ASSERT(!strcmp(a.v[i], b.v[i]));
  for (size_t i = 0; i < a.n; i++) free(a.v[i]);
  for (size_t i = 0; i < b.n; i++) free(b.v[i]);
  free(buf);
  return 0;
}
