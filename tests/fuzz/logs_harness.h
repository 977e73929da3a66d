/*
 * logs_harness.h - what the log fuzz targets share: the input (behind an
 * optional prefix that steers format detection) read by a log session
 * through the public API, from memory (ss_logs_add_data), or from a file
 * in a private temporary directory when a target asks for one, with every
 * event also passed to a text, a JSON and a CSV writer.
 *
 * Beyond "no crash": every finding names the input, a severity and an
 * outcome, and reasons most severe first (the finding's rule and severity
 * the first one's), each a built-in rule or a Sigma rule of h_sigma (when
 * a target loads some), and for text logs a line that exists whose
 * bytes are the evidence; every warning names the input; the totals never
 * count more lines than the input has, a partly read file is listed with
 * no more unsplit and unread lines than it has, and one input is at most
 * one file.
 */
#ifndef SS_LOGS_HARNESS_H
#define SS_LOGS_HARNESS_H

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "logs/logs.h"
#include "shellsift.h"

static char h_dir[4096], h_path[4200];
static const char *h_name;
static const char *h_format, *h_format_syntax; /* an access-log format the session registers, or NULL */
static ss_writer_t *h_writers[3];
static FILE *h_sink;
static const char *h_sigma; /* a Sigma rule directory the session loads, or NULL */
/* What the built-in rules reported (line, rule, severity, outcome), summed
 * over a run: a target compares runs with and without Sigma rules. */
static uint64_t h_builtin_sum, h_builtin_count, h_sigma_count;

static void h_cleanup(void) {
  if (*h_path) unlink(h_path);
  if (*h_dir) rmdir(h_dir);
  for (int i = 0; i < 3; i++) ss_writer_free(h_writers[i]);
  if (h_sink) fclose(h_sink);
}

/* name: what the input is called in the session; file: read it from a
 * file of that name (event logs) rather than from memory. */
static void h_init(const char *name, int file) {
  if (file) {
    const char *tmp = getenv("TMPDIR");
    snprintf(h_dir, sizeof h_dir, "%s/shellsift-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    FUZZ_ASSERT(mkdtemp(h_dir) != NULL);
    snprintf(h_path, sizeof h_path, "%s/%s", h_dir, name);
    h_name = h_path;
  } else {
    h_name = name;
  }
  h_sink = fopen("/dev/null", "w");
  FUZZ_ASSERT(h_sink != NULL);
  for (int i = 0; i < 3; i++)
    FUZZ_ASSERT(ss_writer_new((ss_format)i, h_sink, h_sink, SS_WRITER_LOGS, &h_writers[i]) == SS_OK);
  atexit(h_cleanup);
}

typedef struct {
  const unsigned char *file; /* what was read */
  size_t len;
  int text;                  /* a text log: lines can be checked */
  uint64_t lines;            /* newline-separated lines in file */
} h_ctx;

/* The bytes of 1-based line n of the input, without its CR, or NULL. */
static const unsigned char *h_line(const h_ctx *c, uint64_t n, size_t *len) {
  const unsigned char *p = c->file, *end = c->file + c->len;
  for (uint64_t i = 1; i < n && p < end; i++) {
    const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) return NULL;
    p = nl + 1;
  }
  if (p > end || (p == end && n > 1 && c->len && c->file[c->len - 1] == '\n')) return NULL;
  const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
  size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
  if (l && p[l - 1] == '\r') l--;
  if (n == 1 && l >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3, l -= 3;
  *len = l;
  return p;
}

static void h_event(const ss_event *ev, void *user) {
  h_ctx *c = user;
  for (int i = 0; i < 3; i++) ss_writer_event(h_writers[i], ev);
  if (ev->type == SS_EVENT_WARNING) {
    FUZZ_ASSERT(ev->warning->path && (!*ev->warning->path || !strcmp(ev->warning->path, h_name) ||
                                      (h_sigma && !strncmp(ev->warning->path, h_sigma, strlen(h_sigma)))));
  } else if (ev->type == SS_EVENT_LOG_FINDING) {
    const ss_log_finding *f = ev->log_finding;
    FUZZ_ASSERT(f->nreasons >= 1 && (unsigned)f->severity <= SS_SEV_CRITICAL);
    FUZZ_ASSERT(!strcmp(f->rule, f->reasons[0].rule) && f->severity == f->reasons[0].severity);
    int builtin = 0;
    for (size_t i = 0; i < f->nreasons; i++) {
      const ss_log_reason *r = &f->reasons[i];
      FUZZ_ASSERT(i == 0 || r->severity <= f->reasons[i - 1].severity);
      if (!strcmp(r->source, "sigma")) {
        FUZZ_ASSERT(h_sigma && !strncmp(r->rule_file, h_sigma, strlen(h_sigma)) && *r->rule && *r->title);
        h_sigma_count++;
        continue;
      }
      FUZZ_ASSERT(!strcmp(r->source, "builtin") && logs_rule_by_name(r->rule) != NULL && !builtin++);
      h_builtin_count++;
      h_builtin_sum += (f->line * 31 + logs_str_hash(r->rule)) * 7 + (uint64_t)r->severity * 3 +
                       logs_str_hash(f->outcome);
    }
    FUZZ_ASSERT(!strcmp(f->file, h_name) && f->line >= 1);
    FUZZ_ASSERT(!strcmp(f->outcome, "success") || !strcmp(f->outcome, "attempt") ||
                !strcmp(f->outcome, "redirected") || !strcmp(f->outcome, "unknown"));
    /* a request that was not served is at most medium (a Sigma rule's level is its own) */
    FUZZ_ASSERT(strcmp(f->outcome, "attempt") || !builtin || f->reasons[0].severity <= SS_SEV_MEDIUM ||
                strcmp(f->reasons[0].source, "builtin"));
    if (c->text && strcmp(f->rule, "webshell-stacking") && strcmp(f->rule, "tomcat-deployed-jsp")) {
      size_t l;
      const unsigned char *line = h_line(c, f->line, &l);
      FUZZ_ASSERT(line != NULL && f->line <= c->lines);
      size_t e = strlen(f->evidence);
      FUZZ_ASSERT(e <= l && !memcmp(f->evidence, line, e)); /* a prefix: NUL or the 4 KiB cap */
    }
  } else if (ev->type == SS_EVENT_INCIDENT) {
    const ss_incident *in = ev->incident;
    FUZZ_ASSERT(in->id >= 1 && in->nfindings >= 1 && in->nrules >= 1);
    FUZZ_ASSERT(in->first_seen == SS_TIME_UNKNOWN || in->last_seen >= in->first_seen);
  }
}

/* Reads prefix + data in a log session (text: a text log whose lines the
 * findings can be checked against). */
static void h_run(const char *prefix, const uint8_t *data, size_t size, int text) {
  size_t plen = strlen(prefix);
  unsigned char *file = malloc(plen + size + 1);
  FUZZ_ASSERT(file != NULL);
  memcpy(file, prefix, plen);
  if (size) memcpy(file + plen, data, size);
  if (*h_path) {
    int fd = open(h_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    FUZZ_ASSERT(fd >= 0 && write(fd, file, plen + size) == (ssize_t)(plen + size));
    close(fd);
  }
  h_ctx c = {.file = file, .len = plen + size, .text = text};
  h_builtin_sum = h_builtin_count = h_sigma_count = 0;
  for (size_t i = 0; i < c.len; i++) c.lines += file[i] == '\n';
  if (c.len && file[c.len - 1] != '\n') c.lines++;
  ss_logs_options opt = {.since = SS_TIME_UNKNOWN, .until = SS_TIME_UNKNOWN, .max_line = 512};
  ss_logs_t *L;
  FUZZ_ASSERT(ss_logs_new(&opt, h_event, &c, &L) == SS_OK);
  if (h_format) FUZZ_ASSERT(ss_logs_add_format(L, h_format_syntax, "fuzz", h_format) == SS_OK);
  if (h_sigma) FUZZ_ASSERT(ss_logs_add_sigma(L, h_sigma, NULL) == SS_OK);
  ss_logs_link_shell(L, "C:\\inetpub\\wwwroot\\aspnet_client\\s.aspx");
  ss_logs_link_shell(L, "/var/www/html/wp-content/uploads/x.php");
  if (*h_path) FUZZ_ASSERT(ss_logs_add(L, h_path) == SS_OK);
  else FUZZ_ASSERT(ss_logs_add_data(L, h_name, file, c.len) == SS_OK);
  ss_logs_stats st;
  FUZZ_ASSERT(ss_logs_finish(L, &st) == SS_OK);
  if (text) FUZZ_ASSERT(st.lines <= c.lines);
  FUZZ_ASSERT(st.findings == st.by_severity[0] + st.by_severity[1] + st.by_severity[2] + st.by_severity[3]);
  FUZZ_ASSERT(st.incomplete <= st.warnings && st.files <= 1 && st.npartial <= 1);
  FUZZ_ASSERT(st.sigma_matches <= h_sigma_count && (h_sigma || !st.sigma_matches));
  for (size_t i = 0; i < st.npartial; i++) {
    const ss_log_partial *p = &st.partial[i];
    FUZZ_ASSERT(!strcmp(p->path, h_name) && p->unsplit <= p->lines && (p->unsplit || p->unread || p->lost));
    FUZZ_ASSERT(!text || p->lines + p->unread <= c.lines);
    FUZZ_ASSERT(st.incomplete >= 1); /* a partly read file makes the run incomplete */
  }
  ss_logs_free(L);
  free(file);
}

#endif
