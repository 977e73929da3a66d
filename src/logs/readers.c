/*
 * readers.c - the table of log readers (as curl lists its protocols): one
 * row per format, with the detector that recognises it from a file's
 * first bytes and the function that reads it into records for a sink.
 * The format is always decided by content, never by the file's name: the
 * surest detector wins, so an IIS log named access.log is still read as
 * IIS.  What no reader claims is read as raw text lines, each checked
 * against the published indicators (logs_read_raw_lines).
 */
#include "logs/logs.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int evtx_detect(const char *head, size_t len, const logs_read_opts *o) {
  (void)o;
  return len >= 8 && !memcmp(head, "ElfFile", 8) ? 100 : 0;
}

static const logs_reader readers[] = {
    {"evtx", LOGS_FMT_EVTX, evtx_detect, NULL, logs_evtx_read},
    {"oabgenerator", LOGS_FMT_OAB, logs_oab_detect, logs_oab_read, NULL},
    {"exchange-csv", LOGS_FMT_EXCSV, logs_excsv_detect, logs_excsv_read, NULL},
    {"iis", LOGS_FMT_IIS, logs_w3c_detect, logs_w3c_read, NULL},
    {"access", LOGS_FMT_ACCESS, logs_access_detect, logs_access_read, NULL},
    {"auditd", LOGS_FMT_AUDIT, logs_audit_detect, logs_audit_read, NULL},
};

const logs_reader *logs_readers(size_t *n) {
  *n = sizeof readers / sizeof readers[0];
  return readers;
}

const logs_reader *logs_reader_detect(const char *head, size_t len, const logs_read_opts *o) {
  const logs_reader *best = NULL;
  int best_score = 0;
  for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
    int score = readers[i].detect(head, len, o);
    if (score > best_score) best = &readers[i], best_score = score;
  }
  return best;
}

const char *logs_format_name(logs_format f) {
  static const char *const names[LOGS_FMT_COUNT] = {
      [LOGS_FMT_UNKNOWN] = "unknown",     [LOGS_FMT_IIS] = "iis",       [LOGS_FMT_HTTPPROXY] = "httpproxy",
      [LOGS_FMT_ECP] = "ecp",             [LOGS_FMT_OAB] = "oabgenerator", [LOGS_FMT_EXCSV] = "exchange-csv",
      [LOGS_FMT_ACCESS] = "access",       [LOGS_FMT_TEXT] = "text",     [LOGS_FMT_EVTX] = "evtx",
      [LOGS_FMT_AUDIT] = "auditd"};
  return (unsigned)f < LOGS_FMT_COUNT ? names[f] : "unknown";
}

/* Every record starts as a copy of this one: on the path every line takes. */
static const logs_rec empty = {
    .time = SS_TIME_UNKNOWN, .split = 1, .hits = LOGS_HIT_ALL,
    .method = {"", 0}, .stem = {"", 0}, .query = {"", 0}, .client_ip = {"", 0}, .user_agent = {"", 0},
    .status_text = {"", 0}, .referer = {"", 0}, .vhost = {"", 0}, .anchor = {"", 0}, .backend_cookie = {"", 0},
    .routing_hint = {"", 0}, .auth_user = {"", 0}, .protocol = {"", 0}, .cmd = {"", 0}, .params = {"", 0},
    .message = {"", 0}, .provider = {"", 0}, .channel = {"", 0}, .raw = {"", 0},
    .proc = {.image = {"", 0}, .command = {"", 0}, .parent_image = {"", 0}, .parent_command = {"", 0},
             .user = {"", 0}, .host = {"", 0}, .pid = -1, .ppid = -1},
    .threat = {.name = {"", 0}, .severity = {"", 0}, .action = {"", 0}, .path = {"", 0}}};

void logs_rec_init(logs_rec *r, logs_format f, const char *format, uint64_t line, span raw) {
  *r = empty;
  r->fmt = f;
  r->format = format ? format : logs_format_name(f);
  r->line = line;
  r->raw = raw;
}

void logs_sink_line(const logs_sink *k, uint64_t line, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  k->line_warning(k->user, line, msg);
}

void logs_sink_file(const logs_sink *k, int incomplete, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  k->file_warning(k->user, incomplete, msg);
}

int logs_next_line(logs_input *in, const logs_sink *k, const char **p, size_t *n, uint64_t *lineno) {
  int rc;
  while ((rc = logs_input_next(in, p, n, lineno)) != 0) {
    if (rc == 2) k->unread(k->user, *lineno);
    else if (*n) return 1;
  }
  return 0;
}

void logs_read_raw_lines(logs_input *in, logs_format fmt, const char *format, const logs_sink *k) {
  const char *line;
  size_t n;
  uint64_t lineno;
  while (logs_next_line(in, k, &line, &n, &lineno)) {
    if (line[0] == '#') continue;
    logs_rec r;
    logs_rec_init(&r, fmt, format, lineno, (span){line, n});
    r.split = 0;
    r.hits = logs_input_hits(in);
    k->record(k->user, &r);
  }
}
