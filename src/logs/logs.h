/*
 * logs.h - internals of `shellsift logs`: the normalised log record every
 * reader produces, the line reader, the readers (W3C, Exchange CSV, EVTX),
 * the rules, stacking, the incident timeline and the session that ties them
 * together.  Readers know formats, rules know indicators: a record is the
 * only thing that passes between them.
 */
#ifndef SS_LOGS_H
#define SS_LOGS_H

#include <stddef.h>
#include <stdint.h>

#include "shellsift.h"
#include "util/util.h"

typedef enum {
  LF_UNKNOWN = 0,
  LF_IIS,       /* IIS W3C extended */
  LF_HTTPPROXY, /* Exchange HttpProxy CSV */
  LF_ECP,       /* Exchange ECP Server / Activity CSV */
  LF_OAB,       /* OABGeneratorLog */
  LF_EXCSV,     /* any other Exchange Logging\* CSV with #Fields */
  LF_EVTX,      /* Windows event log */
  LF_COUNT
} log_format;

const char *log_format_name(log_format f);

/* A byte range inside the current line (or a reader's scratch buffer). */
typedef struct {
  const char *p;
  size_t n;
} span;

#define SPAN_NONE ((span){"", 0})

/* FNV-1a of a string, for the stacking and timeline hash tables. */
static inline uint64_t str_hash(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* One log entry, whatever the format.  Spans are valid until the reader's
 * next line.  Absent fields are empty spans. */
typedef struct {
  log_format fmt;
  int64_t time; /* UTC, or SS_TIME_UNKNOWN */
  uint64_t line;
  span method, stem, query, client_ip, user_agent, status_text;
  span anchor, backend_cookie, routing_hint, auth_user, protocol;
  int status;
  span cmd;          /* ECP S:CMD value (CSV quoting undone), evtx cmdlet name */
  span params;       /* evtx cmdlet parameters */
  span message;      /* OAB message, evtx Data text, ECP EventData */
  span provider;     /* evtx provider, ECP EventId */
  span channel;      /* evtx channel */
  int event_id, level;
  span raw;          /* the whole line or record, as evidence */
} log_rec;

/* ---- time (timeutil.c) ---- */
/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
/* "YYYY-MM-DD[ T]HH:MM:SS[.fff][Z]" or "YYYY-MM-DD" at s; SS_TIME_UNKNOWN
 * if it is not one.  Only the leading part is read. */
int64_t parse_log_time(const char *s, size_t n);

/* ---- line reader (reader.c) ---- */
typedef struct lreader lreader;
/* Opens path read-only (no symlink, no atime), gunzipping .gz content;
 * returns NULL with *why set (static text) on failure. */
lreader *lr_open(const char *path, size_t max_line, const char **why);
void lr_close(lreader *r);
/* Next line without its CR/LF (and without a leading UTF-8 BOM on line 1).
 * Returns 1 with *p,*n,*lineno set, 0 at end, 2 with only *lineno set for
 * a line longer than max_line, which is skipped. */
int lr_next(lreader *r, const char **p, size_t *n, uint64_t *lineno);
/* Why the file ended early (read or decompression error), or NULL. */
const char *lr_error(const lreader *r);
uint64_t lr_bytes(const lreader *r);
/* The first bytes of the (decompressed) file, for format detection:
 * at most max bytes, NUL-terminated copy owned by the caller. */
char *lr_peek(lreader *r, size_t max, size_t *len);

/* ---- the session ---- */
typedef struct logs_ctx logs_ctx;

/* Reports a rule hit on r with its severity and outcome ("success",
 * "attempt", "unknown"); the session fills in file, counts and timeline. */
typedef struct log_rule log_rule;
void logs_report(logs_ctx *L, const log_rec *r, const log_rule *rule, ss_severity sev, const char *outcome);
/* The web shell on disk (ss_logs_link_shell) served at the normalised
 * stem, or NULL. */
const char *logs_linked_shell(logs_ctx *L, const char *stem, size_t n);
/* Problems with one line: capped per file. */
void logs_line_warning(logs_ctx *L, uint64_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A problem with the whole current file (kind log-format: incomplete). */
void logs_file_warning(logs_ctx *L, int incomplete, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Hands a record to the rules, after the time window check. */
void logs_record(logs_ctx *L, const log_rec *r);
/* The file being read (path as given). */
const char *logs_current_file(const logs_ctx *L);

/* ---- readers ---- */
/* Detects a text log format from its first bytes (NUL-terminated). */
log_format detect_format(const char *head, size_t len);
/* Reads a text log file of format f line by line into records. */
void read_text_log(logs_ctx *L, lreader *r, log_format f);
/* Reads an .evtx file through libevtx; returns 0, or -1 if it could not be
 * opened at all (a warning has been emitted either way). */
int read_evtx(logs_ctx *L, const char *path);

/* W3C and CSV field splitting, exposed for the unit tests and fuzzers. */
typedef struct {
  char **names; /* lower-case field names */
  size_t n;
  int idx[16];  /* column of each W3_* field, or -1 */
} w3c_fields;
void w3c_fields_parse(w3c_fields *f, const char *line, size_t n, char sep);
void w3c_fields_free(w3c_fields *f);
/* Splits a CSV line into at most max fields; quoted fields are unquoted
 * into scratch ("" becomes "), so spans may point into it.  Returns the
 * number of fields, or -1 on an unterminated quote. */
int csv_split(const char *line, size_t n, span *out, int max, strbuf *scratch);

/* ---- S:CMD and cmdlet parameters (scmd.c) ---- */
typedef struct {
  span name;
  span value;
} cmd_param;
typedef struct {
  span cmdlet;
  cmd_param params[24];
  int nparams;
  strbuf text; /* "-Name value -Name value": what text predicates see */
} cmd_inv;
/* Parses an ECP S:CMD value: "<Cmdlet>.<Param>=<value>.<Param>=<value>",
 * values single-quoted with '' for a quote, or "Pipeline.N|Cmdlet...".
 * Returns 0, or -1 if it is not a cmdlet invocation.  inv->text is reset
 * and filled; spans point into s or inv's own buffer. */
int scmd_parse(const char *s, size_t n, cmd_inv *inv);
void cmd_inv_free(cmd_inv *inv);

/* ---- URLs ---- */
/* Lower-case, percent-decoded (twice, for double encoding) form of
 * stem?query with '+' as space, into out (reset first), at most max bytes. */
void uri_normalise(strbuf *out, span stem, span query, size_t max);
/* Maps a web-shell file path (Linux copy of a Windows disk or a Windows
 * path) to the URL path it is served under, lower-case; NULL if unknown. */
char *shell_url_from_path(const char *path);

/* The JSON string value of "key" in a one-line JSON object, unescaped
 * into out; 0 if found (scanres.c). */
int json_string_field(const char *line, const char *key, strbuf *out);

/* ---- rules (rules.c) ---- */
struct log_rule {
  const char *id, *title, *cve, *reference;
  ss_severity severity;
  const char *phrase; /* for incident summaries, e.g. "ProxyLogon SSRF" */
};
/* Every rule, for documentation and tests. */
const log_rule *log_rules(size_t *n);
const log_rule *log_rule_by_id(const char *id);
/* Runs the rules on one record; hits go to logs_report. */
void rules_eval(logs_ctx *L, const log_rec *r, strbuf *scratch);
/* Whether r is a request worth stacking (POST, 2xx, script extension):
 * fills *url with its normalised stem. */
int stack_candidate(const log_rec *r, strbuf *url);

/* ---- stacking (stack.c) and incidents (timeline.c) ---- */
typedef struct stack_table stack_table;
stack_table *stack_new(size_t max_urls);
void stack_free(stack_table *s);
/* Returns 0, or -1 if the table is full (the URL was not recorded). */
int stack_add(stack_table *s, const char *url, const log_rec *r, const char *file);
typedef void (*stack_emit_fn)(void *user, const char *url, const char *ip, uint64_t count,
                              unsigned nclients, const char *file, uint64_t line, int64_t time,
                              const char *ua, const char *evidence);
/* Script URLs POSTed with 2xx by at most max_clients addresses, rarest
 * first then most requested, at most max_out of them. */
void stack_rank(stack_table *s, unsigned max_clients, size_t max_out, stack_emit_fn fn, void *user);

typedef struct timeline timeline;
timeline *timeline_new(size_t max_findings);
void timeline_free(timeline *t);
/* Returns 0, or -1 when full. */
int timeline_add(timeline *t, const char *ip, int64_t time, const log_rule *rule, ss_severity sev,
                 const char *shell);
/* Groups by address and time (a gap over gap_s starts a new incident),
 * emits SS_EVENT_INCIDENT events in order of first_seen; returns the count. */
size_t timeline_emit(timeline *t, int64_t gap_s, ss_event_cb cb, void *user);

/* ---- locating logs (find.c) ---- */
/* named is 1 for a file bearing a log's name (u_ex*.log, HttpProxy_*...),
 * 0 for any other file found by walking (see find_logs). */
typedef void (*found_fn)(void *user, const char *path, int named);
/* Calls fn for every log file below root at the known locations
 * (case-insensitively); when none exists and walk_if_none, for every *.log,
 * *.gz, *.evtx file below root.  Symbolic links are never followed. */
void find_logs(const char *root, int walk_if_none, found_fn fn, void *user, ss_event_cb cb, void *cbuser);

#endif
