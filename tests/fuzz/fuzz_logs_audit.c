/*
 * fuzz_logs_audit.c - the auditd reader (libauparse fed line by line) and
 * the process-trace rules on arbitrary bytes behind an audit record
 * prefix, with the evidence's passwd registered.  Beyond logs_harness.h's
 * invariants:
 *   - every record of the evidence is a line of the input (a finding's
 *     evidence holds the event's records, one per line);
 *   - an account a finding names comes from the registered passwd or from
 *     the input's own bytes (auditd's enriched names), never from the
 *     machine the fuzzer runs on;
 *   - a finding of an execve names a web server's account, a web-server
 *     parent or a credential-dumping command line, and its line exists;
 *   - the same input read twice gives the same findings.
 */
// fuzz-max-len: 4096
// fuzz-seeds: tests/fixtures/logs/audit/audit.log
#include "logs_harness.h"

static char pw_path[4200];
static const char passwd_text[] = "fz-www:x:33:33::/var/www:/bin/false\nfz-cat:x:91:91::/:/bin/false\n";
static unsigned long long digest, count;

static void pw_cleanup(void) {
  if (*pw_path) unlink(pw_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  (void)h_run; /* the harness's runner: this target runs its own, twice per input */
  h_init("audit.log", 0);
  const char *tmp = getenv("TMPDIR");
  snprintf(pw_path, sizeof pw_path, "%s/shellsift-fuzz-passwd-%d", tmp && *tmp ? tmp : "/tmp", (int)getpid());
  FILE *f = fopen(pw_path, "w");
  FUZZ_ASSERT(f && fputs(passwd_text, f) >= 0 && fclose(f) == 0);
  atexit(pw_cleanup);
  return 0;
}

typedef struct {
  h_ctx h;
} a_ctx;

static int in_input(const h_ctx *c, const char *s, size_t n) {
  return n == 0 || memmem(c->file, c->len, s, n) != NULL;
}

static void a_event(const ss_event *ev, void *user) {
  a_ctx *a = user;
  h_event(ev, &a->h);
  if (ev->type != SS_EVENT_LOG_FINDING) return;
  const ss_log_finding *f = ev->log_finding;
  FUZZ_ASSERT(f->line <= a->h.lines);
  for (const char *p = f->evidence; *p;) { /* each record a line of the input (the last may be cut) */
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    FUZZ_ASSERT(in_input(&a->h, p, n));
    p += n + (nl != NULL);
  }
  if (*f->user) {
    size_t n = strlen(f->user);
    FUZZ_ASSERT(!strcmp(f->user, "fz-www") || !strcmp(f->user, "fz-cat") || in_input(&a->h, f->user, n));
  }
  if (!strcmp(f->format, "auditd")) {
    FUZZ_ASSERT(!strncmp(f->rule, "webshell-", 9) || !strcmp(f->rule, "credential-dump") ||
                !strcmp(f->rule, "webserver-unusual-child"));
    FUZZ_ASSERT(*f->user || *f->parent || !strcmp(f->rule, "credential-dump"));
  }
  for (const char *p = f->rule; *p; p++) digest = digest * 131 + (unsigned char)*p;
  digest = digest * 131 + f->line;
  count++;
}

static void run(const unsigned char *file, size_t len, unsigned long long *d, unsigned long long *n) {
  a_ctx a = {.h = {.file = file, .len = len, .text = 0}};
  for (size_t i = 0; i < len; i++) a.h.lines += file[i] == '\n';
  if (len && file[len - 1] != '\n') a.h.lines++;
  ss_logs_options opt = {.since = SS_TIME_UNKNOWN, .until = SS_TIME_UNKNOWN, .max_line = 1024};
  ss_logs_t *L;
  FUZZ_ASSERT(ss_logs_new(&opt, a_event, &a, &L) == SS_OK);
  size_t users = 0;
  FUZZ_ASSERT(ss_logs_add_passwd(L, pw_path, &users) == SS_OK && users == 2);
  digest = count = 0;
  FUZZ_ASSERT(ss_logs_add_data(L, h_name, file, len) == SS_OK);
  ss_logs_stats st;
  FUZZ_ASSERT(ss_logs_finish(L, &st) == SS_OK);
  FUZZ_ASSERT(st.lines <= a.h.lines && st.files <= 1);
  FUZZ_ASSERT(st.findings == st.by_severity[0] + st.by_severity[1] + st.by_severity[2] + st.by_severity[3]);
  ss_logs_free(L);
  *d = digest, *n = count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char prefix[] = "type=SYSCALL msg=audit(1614737645.123:1): arch=c000003e syscall=59 success=yes "
                               "exit=0 ppid=1 pid=2 auid=4294967295 uid=33 euid=33 comm=\"sh\" exe=\"/bin/sh\"\n";
  size_t plen = sizeof prefix - 1;
  unsigned char *file = malloc(plen + size + 1);
  FUZZ_ASSERT(file != NULL);
  memcpy(file, prefix, plen);
  if (size) memcpy(file + plen, data, size);
  unsigned long long d1, n1, d2, n2;
  run(file, plen + size, &d1, &n1);
  run(file, plen + size, &d2, &n2);
  FUZZ_ASSERT(d1 == d2 && n1 == n2);
  free(file);
  return 0;
}
