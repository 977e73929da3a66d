/*
 * logs.h - internals of `shellsift logs`.  Four parts meet here and only
 * here:
 *
 *   input    bytes as lines: a file (streamed, .gz inflated) or a memory
 *            buffer, with the indicator prefilter run over each block of
 *            complete lines (input.c, prefilter.c);
 *   readers  a table of formats (readers.c): each detects itself from a
 *            file's first bytes and turns lines into records, handing them
 *            to a sink (record, line warning, file warning) - readers know
 *            formats, never the session or the rules;
 *   rules    a table indexed by logs_rule_id (rules.c): evaluated on a
 *            record, they report hits through a callback - rules know
 *            indicators, never the session;
 *   session  the public ss_logs_* API (session.c): the sink that receives
 *            records, runs the rules, counts coverage, stacks and groups.
 *
 * A record (logs_rec) is the one thing that passes between them.
 */
#ifndef SS_LOGS_H
#define SS_LOGS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "shellsift.h"
#include "sigma/sigma.h"
#include "util/util.h"

/* Rule families a format's records go through. */
typedef enum {
  LOGS_FMT_UNKNOWN = 0,
  LOGS_FMT_IIS,       /* IIS W3C extended */
  LOGS_FMT_HTTPPROXY, /* Exchange HttpProxy CSV */
  LOGS_FMT_ECP,       /* Exchange ECP Server / Activity CSV */
  LOGS_FMT_OAB,       /* OABGeneratorLog */
  LOGS_FMT_EXCSV,     /* any other Exchange Logging\* CSV with #Fields */
  LOGS_FMT_ACCESS,    /* Apache / nginx / Tomcat access log (a LogFormat layout) */
  LOGS_FMT_TEXT,      /* a text log no reader knows: every line checked raw */
  LOGS_FMT_EVTX,      /* Windows event log */
  LOGS_FMT_AUDIT,     /* Linux audit log (auditd), one record per event */
  LOGS_FMT_COUNT
} logs_format;

const char *logs_format_name(logs_format f);

/* A byte range inside the current line (or a reader's scratch buffer). */
typedef struct {
  const char *p;
  size_t n;
} span;

#define SPAN_NONE ((span){"", 0})

/* Whether s[0..n) starts with prefix, ignoring ASCII case. */
static inline int logs_starts_nocase(const char *s, size_t n, const char *prefix) {
  size_t m = strlen(prefix);
  return n >= m && strncasecmp(s, prefix, m) == 0;
}

/* The first occurrence of needle in s[0..n) ignoring ASCII case, or NULL
 * (strings.c). */
const char *logs_find_nocase(const char *s, size_t n, const char *needle);
/* How many bytes of s[0..n) are c (text.c). */
size_t logs_count_byte(const char *s, size_t n, char c);

/* FNV-1a of a string, for the stacking and timeline hash tables. */
static inline uint64_t logs_str_hash(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* One field of a record as its log names it: a W3C or CSV #Fields name, an
 * Apache format token ("%h", "%{User-Agent}i") or an nginx variable
 * ("$remote_addr"); the value as logged (CSV quoting undone). */
typedef struct {
  span name, value;
} logs_field;

/* Prefilter bits (prefilter.c): which groups of indicators occur in a
 * line's raw text.  LOGS_HIT_ALL when unknown (no prefilter, or a block
 * the prefilter gave up on): then every rule runs. */
#define LOGS_HIT_EXCHANGE 1u  /* ServerInfo~, Server~, VirtualDirectory, OAB and UM texts */
#define LOGS_HIT_REQUEST 2u   /* URL, query and user-agent indicators, encoded URLs */
#define LOGS_HIT_SCRIPT 4u    /* a script extension (stacking; with another bit, the request rules) */
#define LOGS_HIT_LINKED 8u    /* the name of a web shell found on disk */
#define LOGS_HIT_ALL 0xffu

/* What a process-creation or script record says (Sysmon 1, Security 4688,
 * PowerShell 4104, auditd execve), filled by the readers from the fields
 * their format names so the rules read one shape.  kind 0: not one. */
enum { LOGS_PROC_NONE, LOGS_PROC_START, LOGS_PROC_SCRIPT };
typedef struct {
  int kind;
  span image;          /* the program started (full path as logged) */
  span command;        /* its command line (auditd: the arguments joined), or the script block */
  span parent_image, parent_command; /* what started it, when the record says */
  span user;           /* the account it runs as ("IIS APPPOOL\\DefaultAppPool", "www-data") */
  span host;           /* the computer, for joining process ids */
  int64_t pid, ppid;   /* -1 when unknown */
} logs_proc;

/* What an antivirus detection record says (Defender 1006, 1007, 1015,
 * 1116-1119). */
typedef struct {
  span name;           /* "Backdoor:ASP/Ace.T" */
  span severity;       /* "Severe" */
  span action;         /* "quarantine", "remove failed: ..." */
  span path;           /* the detected file, its "file:_" prefix and "->(...)" suffix removed */
} logs_threat;

/* One log entry, whatever the format.  Spans are valid until the reader's
 * next line.  Absent fields are empty spans. */
typedef struct {
  logs_format fmt;
  const char *format;  /* name for reports: "iis", "access:combined"...; static or session-owned */
  int64_t time;        /* UTC, or SS_TIME_UNKNOWN */
  uint64_t line;
  int split;           /* 1: fields below were read from the line's layout; 0: nothing could
                          split it, only raw is set (it is checked raw, and counted) */
  int guessed;         /* the layout was assumed (no header), not read from the file */
  int cut_short;       /* not split, but its fields are the first ones of the layout: if it
                          is the file's last line, the log was copied while being written */
  unsigned hits;       /* LOGS_HIT_* of the raw line; 0: no indicator can match it */
  span method, stem, query, client_ip, user_agent, status_text, referer, vhost;
  span anchor, backend_cookie, routing_hint, auth_user, protocol;
  int status;
  span cmd;            /* ECP S:CMD value (CSV quoting undone), evtx cmdlet name */
  span params;         /* evtx cmdlet parameters */
  span message;        /* OAB message, evtx Data text, ECP EventData */
  span provider;       /* evtx provider, ECP EventId */
  span channel;        /* evtx channel */
  int event_id, level;
  int recovered;       /* evtx: found in a chunk's free space (a deleted or overwritten event) */
  span raw;            /* the whole line or record, as evidence */
  logs_proc proc;      /* evtx, auditd: a process start or script block */
  logs_threat threat;  /* evtx: an antivirus detection (threat.name.n > 0) */
  const logs_field *fields; /* every field of the line, in its order */
  size_t nfields;
} logs_rec;

/* An empty record of format f for line n of raw text. */
void logs_rec_init(logs_rec *r, logs_format f, const char *format, uint64_t line, span raw);

/* ---- time (timeutil.c) ---- */
/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t logs_days_from_civil(int64_t y, unsigned m, unsigned d);
/* "YYYY-MM-DD[ T]HH:MM:SS[.fff][Z]" or "YYYY-MM-DD" at s; SS_TIME_UNKNOWN
 * if it is not one.  Only the leading part is read. */
int64_t logs_parse_time(const char *s, size_t n);
/* "10/Oct/2000:13:55:36 -0700" (Apache %t without brackets): UTC seconds,
 * the offset applied; SS_TIME_UNKNOWN if malformed. */
int64_t logs_parse_clf_time(const char *s, size_t n);
/* "2000-10-10T13:55:36-07:00" or "...Z" (nginx $time_iso8601). */
int64_t logs_parse_iso_time(const char *s, size_t n);

/* ---- input (input.c) ---- */
typedef struct logs_input logs_input;
/* The prefilter's matches in one block of lines: end offsets (in the
 * stream) ascending, with their LOGS_HIT_* bits; lines ending at or after
 * all_from get every bit (matches there were not kept). */
typedef struct {
  uint64_t *end;
  unsigned *bits;
  size_t n, next, cap;
  uint64_t all_from;
} logs_matches;
/* The LOGS_HIT_* of the line at stream offsets [start, end): lines must be
 * asked for in order. */
unsigned logs_matches_hits(logs_matches *m, uint64_t start, uint64_t end);
void logs_matches_free(logs_matches *m);
/* A scan over each block of complete lines before they are handed out
 * (the prefilter): scan(state, bytes, n, offset of bytes[0] in the
 * stream, where its matches go). */
typedef struct {
  void *state;
  void (*scan)(void *state, const char *p, size_t n, uint64_t offset, logs_matches *out);
} logs_scan_hook;
/* Opens evidence read-only: no symbolic link, no access-time update (when
 * the file is ours or we hold CAP_FOWNER), not blocking on a FIFO; -1 with
 * errno on failure. */
int logs_open_evidence(const char *path);
/* Opens path read-only (no symlink, no atime), gunzipping .gz content;
 * returns NULL with *why set (static text) on failure. */
logs_input *logs_input_file(const char *path, size_t max_line, const char **why);
/* The first bytes of the (decompressed) input, for format detection, before
 * its first line is read: at most max bytes, a NUL-terminated copy owned
 * by the caller. */
char *logs_input_peek(logs_input *in, size_t max, size_t *len);
/* Reads an open file from its start (the descriptor is duplicated, the
 * caller keeps its own); NULL if it cannot be duplicated. */
logs_input *logs_input_fd(int fd, size_t max_line);
/* Reads a buffer (not copied: it must outlive the input); .gz too. */
logs_input *logs_input_mem(const void *data, size_t len, size_t max_line);
void logs_input_close(logs_input *in);
void logs_input_set_hook(logs_input *in, const logs_scan_hook *hook);
/* Next line without its CR/LF (and without a leading UTF-8 BOM on line 1).
 * Returns 1 with *p,*n,*lineno set, 0 at end, 2 with only *lineno set for
 * a line longer than max_line, which is skipped.  A large file is read
 * and scanned ahead by a second thread from the first call on. */
int logs_input_next(logs_input *in, const char **p, size_t *n, uint64_t *lineno);
/* LOGS_HIT_* of the line logs_input_next returned last (LOGS_HIT_ALL
 * without a hook). */
unsigned logs_input_hits(logs_input *in);
/* Why the input ended early (read or decompression error), or NULL. */
const char *logs_input_error(const logs_input *in);
uint64_t logs_input_bytes(const logs_input *in);

/* ---- readers: a table of formats (readers.c) ---- */

/* Where a reader's output goes.  Warnings are one line of text; a file
 * warning with incomplete set means part of the file was not covered. */
typedef struct {
  void *user;
  void (*record)(void *user, const logs_rec *r);
  void (*line_warning)(void *user, uint64_t line, const char *msg);
  void (*file_warning)(void *user, int incomplete, const char *msg);
  void (*unread)(void *user, uint64_t line); /* a line longer than max_line: skipped unread */
  void (*lost)(void *user, uint64_t records); /* binary logs: records that could not be read (may be NULL) */
} logs_sink;

void logs_sink_line(const logs_sink *k, uint64_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void logs_sink_file(const logs_sink *k, int incomplete, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* logs_input_next for a reader: the next non-empty line; a line too long
 * to read is told to the sink as unread and skipped.  0 at the end. */
int logs_next_line(logs_input *in, const logs_sink *k, const char **p, size_t *n, uint64_t *lineno);

typedef struct logs_layouts logs_layouts; /* access-log layouts known to a session (access.c) */

/* Account names of the evidence (its /etc/passwd files), by uid
 * (passwd.c): auditd logs hold numbers, and the host's own names would
 * be another machine's. */
typedef struct logs_passwd logs_passwd;
logs_passwd *logs_passwd_new(void);
void logs_passwd_free(logs_passwd *p);
/* Adds the entries of a passwd file's text (name:x:uid:...); an uid
 * already named keeps its first name.  Returns how many were added. */
size_t logs_passwd_add(logs_passwd *p, const char *text, size_t len);
/* The name of uid, or NULL. */
const char *logs_passwd_name(const logs_passwd *p, uint64_t uid);

/* What a reader is given besides its input. */
typedef struct {
  const logs_layouts *layouts; /* configured access-log formats, or NULL */
  const logs_passwd *passwd;   /* the evidence's account names, or NULL */
  int full;                    /* split every line, even those no indicator can match (dump) */
} logs_read_opts;

typedef struct logs_reader {
  const char *name;
  logs_format fmt;
  /* How sure the reader is that head (the first bytes, NUL-terminated) is
   * its format: 0 not at all, higher is surer. */
  int (*detect)(const char *head, size_t len, const logs_read_opts *o);
  /* Reads every line of in into records (NULL for file-only readers). */
  void (*read)(const struct logs_reader *rd, logs_input *in, const logs_read_opts *o, const logs_sink *k);
  /* Binary readers (EVTX): the whole input at once, the file at path or,
   * when path is NULL, the bytes data[0..len); returns 0, or -1 if it could
   * not be read at all (warned either way). */
  int (*read_binary)(const char *path, const void *data, size_t len, const logs_sink *k);
} logs_reader;

/* The rows' functions (w3c.c, excsv.c, access.c). */
int logs_w3c_detect(const char *head, size_t len, const logs_read_opts *o);
void logs_w3c_read(const logs_reader *rd, logs_input *in, const logs_read_opts *o, const logs_sink *k);
int logs_excsv_detect(const char *head, size_t len, const logs_read_opts *o);
void logs_excsv_read(const logs_reader *rd, logs_input *in, const logs_read_opts *o, const logs_sink *k);
int logs_oab_detect(const char *head, size_t len, const logs_read_opts *o);
void logs_oab_read(const logs_reader *rd, logs_input *in, const logs_read_opts *o, const logs_sink *k);
int logs_access_detect(const char *head, size_t len, const logs_read_opts *o);
int logs_audit_detect(const char *head, size_t len, const logs_read_opts *o);
void logs_audit_read(const logs_reader *rd, logs_input *in, const logs_read_opts *o, const logs_sink *k);
void logs_access_read(const logs_reader *rd, logs_input *in, const logs_read_opts *o, const logs_sink *k);

/* The reader whose detect is surest about head, or NULL for none. */
const logs_reader *logs_reader_detect(const char *head, size_t len, const logs_read_opts *o);
/* Every reader, for documentation and tests. */
const logs_reader *logs_readers(size_t *n);
/* Reads every line of in as raw text (LOGS_FMT_TEXT, split = 0): what is
 * left when no reader knows a format. */
void logs_read_raw_lines(logs_input *in, logs_format fmt, const char *format, const logs_sink *k);

/* IIS W3C and CSV field splitting, exposed for the unit tests and fuzzers.
 * A slot is what the rules read; its column comes from the field names
 * (IIS and Exchange names for the same thing share a slot). */
#define LOGS_MAX_FIELDS 128
enum {
  LOGS_SLOT_DATE, LOGS_SLOT_TIME, LOGS_SLOT_DATETIME, LOGS_SLOT_METHOD, LOGS_SLOT_STEM, LOGS_SLOT_QUERY,
  LOGS_SLOT_IP, LOGS_SLOT_UA, LOGS_SLOT_STATUS, LOGS_SLOT_USER, LOGS_SLOT_ANCHOR, LOGS_SLOT_BECOOKIE,
  LOGS_SLOT_HINT, LOGS_SLOT_PROTOCOL, LOGS_SLOT_EVENTDATA, LOGS_SLOT_EVENTID, LOGS_SLOT_REFERER, LOGS_SLOT_HOST,
  LOGS_SLOT_COUNT
};
typedef struct {
  char **names; /* field names as written (case kept) */
  size_t n;
  int idx[LOGS_SLOT_COUNT]; /* column of each slot, or -1 */
} logs_fields_def;
void logs_fields_parse(logs_fields_def *f, const char *line, size_t n, char sep);
void logs_fields_free(logs_fields_def *f);
/* Whether line is a "#Fields:" directive (any case, spaces around the
 * name and the colon allowed): the field list follows at *rest. */
int logs_is_fields_directive(const char *line, size_t n, size_t *rest);
/* Splits a CSV line into at most max fields; quoted fields are unquoted
 * into scratch ("" becomes "), so spans may point into it.  Returns the
 * number of fields, or -1 on an unterminated quote. */
int logs_csv_split(const char *line, size_t n, span *out, int max, strbuf *scratch);
/* IIS: tokens of a data line assigned to the #Fields columns when the
 * counts differ (a user agent with raw spaces, a removed column): out[i]
 * is column i's value.  Returns 0, or -1 if no assignment fits the
 * columns' shapes (w3c.c). */
int logs_w3c_align(const logs_fields_def *f, const span *tok, int ntok, span *out);

/* ---- access logs (access.c) ---- */
logs_layouts *logs_layouts_new(void);
void logs_layouts_free(logs_layouts *l);
/* Adds a layout from an Apache/Tomcat LogFormat string (syntax 'a') or an
 * nginx log_format string (syntax 'n'), named name.  Returns 0, or -1
 * with *why set if it cannot be used to split lines. */
int logs_layouts_add(logs_layouts *l, char syntax, const char *name, const char *format, const char **why);
size_t logs_layouts_count(const logs_layouts *l);
/* LogFormat / log_format definitions in an Apache, nginx or Tomcat
 * (server.xml AccessLogValve) configuration text, added to l; returns
 * how many (webconf.c). */
size_t logs_webconf_read(logs_layouts *l, const char *text, size_t len);

/* ---- S:CMD and cmdlet parameters (scmd.c) ---- */
typedef struct {
  span name;
  span value;
} logs_cmd_param;
typedef struct {
  span cmdlet;
  logs_cmd_param params[24];
  int nparams;
  strbuf text; /* "-Name value -Name value": what text predicates see */
} logs_cmd;
/* Parses an ECP S:CMD value: "<Cmdlet>.<Param>=<value>.<Param>=<value>",
 * values single-quoted with '' for a quote, or "Pipeline.N|Cmdlet...".
 * Returns 0, or -1 if it is not a cmdlet invocation.  inv->text is reset
 * and filled; spans point into s or inv's own buffer. */
int logs_scmd_parse(const char *s, size_t n, logs_cmd *inv);
void logs_cmd_free(logs_cmd *inv);

/* ---- URLs (url.c) ---- */
/* Lower-case, percent-decoded (twice, for double encoding) form of
 * stem?query with '+' as space, into out (reset first), at most max bytes. */
void logs_uri_normalise(strbuf *out, span stem, span query, size_t max);
/* Maps a web-shell file path (Linux copy of a Windows disk, a Windows
 * path, or a Linux web root) to the URL path it is served under,
 * lower-case; NULL if unknown. */
char *logs_shell_url_from_path(const char *path);

/* The JSON string value of "key" in a one-line JSON object, unescaped
 * into out; 0 if found (scanres.c). */
int logs_json_string_field(const char *line, const char *key, strbuf *out);

/* ---- rules (rules.c, and the checks in reqrules.c, exrules.c) ---- */
typedef enum {
  LOGS_RULE_PROXYLOGON_SSRF_ANCHOR,
  LOGS_RULE_PROXYLOGON_SSRF_ANCHOR_ATTEMPT,
  LOGS_RULE_PROXYLOGON_SSRF_COOKIE,
  LOGS_RULE_PROXYLOGON_RESET_VDIR,
  LOGS_RULE_PROXYLOGON_UM_CRASH,
  LOGS_RULE_PROXYLOGON_OAB_DOWNLOAD,
  LOGS_RULE_PROXYLOGON_VDIR_SCRIPT,
  LOGS_RULE_PROXYLOGON_SSRF_JS,
  LOGS_RULE_PROXYLOGON_SCAN_JS,
  LOGS_RULE_PROXYLOGON_SSRF_STATIC,
  LOGS_RULE_PROXYLOGON_ECP_UA,
  LOGS_RULE_PROXYLOGON_OAB_EDIT,
  LOGS_RULE_PROXYLOGON_OAB_RESET,
  LOGS_RULE_PROXYSHELL,
  LOGS_RULE_PROXYNOTSHELL,
  LOGS_RULE_OWASSRF,
  LOGS_RULE_WEBSHELL_REQUEST,
  LOGS_RULE_WEBSHELL_UPLOAD_DIR,
  LOGS_RULE_WEBSHELL_UA,
  LOGS_RULE_WEBSHELL_COMMAND,
  LOGS_RULE_WEBSHELL_REGEORG,
  LOGS_RULE_WEBSHELL_TUNNA,
  LOGS_RULE_WEBSHELL_LINKED,
  LOGS_RULE_WEBSHELL_STACKING,
  LOGS_RULE_TOMCAT_MANAGER_DEPLOY,
  LOGS_RULE_TOMCAT_DEPLOYED_JSP,
  LOGS_RULE_MAILBOX_EXPORT_WEBPATH,
  LOGS_RULE_MAILBOX_EXPORT,
  LOGS_RULE_MAILBOX_EXPORT_ROLE,
  LOGS_RULE_MAILBOX_EXPORT_CLEANUP,
  LOGS_RULE_CERT_REQUEST_WEBPATH,
  LOGS_RULE_DEFENDER_WEBSHELL,
  LOGS_RULE_DEFENDER_DETECTION,
  LOGS_RULE_WEBSHELL_PROCESS,
  LOGS_RULE_WEBSHELL_CREDENTIAL_DUMP,
  LOGS_RULE_WEBSERVER_CHILD,
  LOGS_RULE_WEBSHELL_SCRIPT_BLOCK,
  LOGS_RULE_CREDENTIAL_DUMP,
  LOGS_RULE_SERVICE_INSTALL_SUSPICIOUS,
  LOGS_RULE_EVENTLOG_CLEARED,
  LOGS_RULE_COUNT
} logs_rule_id;

typedef struct {
  logs_rule_id id;
  const char *name; /* the stable string id users see, e.g. "proxylogon-ssrf-js" */
  const char *title, *cve, *reference;
  ss_severity severity;
  const char *phrase; /* for incident summaries, e.g. "ProxyLogon SSRF" */
} logs_rule;

/* The table, indexed by logs_rule_id. */
extern const logs_rule logs_rules[LOGS_RULE_COUNT];
/* The rule with this stable name, or NULL. */
const logs_rule *logs_rule_by_name(const char *name);

/* Outcomes (ss_log_finding.outcome). */
#define LOGS_SUCCESS "success"       /* 2xx or 304: the server served it */
#define LOGS_REDIRECTED "redirected" /* any other 3xx: sent elsewhere, not served */
#define LOGS_ATTEMPT "attempt"       /* 4xx/5xx, or an exclusion of Test-ProxyLogon */
#define LOGS_UNKNOWN "unknown"       /* no status: cmdlets, events, unsplit lines */

/* What the rules need from whoever runs them, and where hits go. */
typedef struct {
  void *user;
  /* the web shell on disk served at this normalised stem, or NULL */
  const char *(*linked_shell)(void *user, const char *stem, size_t n);
  void (*hit)(void *user, const logs_rec *r, logs_rule_id rule, ss_severity sev, const char *outcome);
} logs_rule_env;

/* The processes of one log file that a web shell started (procrules.c):
 * their children are its commands too.  Bounded: the oldest are
 * forgotten first. */
typedef struct logs_proctab logs_proctab;

/* Per-thread scratch of the rules. */
typedef struct {
  strbuf uri, text, raw, name;
  logs_cmd inv;
  logs_proctab *procs; /* per file: logs_rule_scratch_new_file empties it */
} logs_rule_scratch;
void logs_rule_scratch_free(logs_rule_scratch *s);
/* A new file starts: process ids of the last one mean nothing here. */
void logs_rule_scratch_new_file(logs_rule_scratch *s);

/* Runs the rules on one record: at most one hit, the most severe rule
 * that matched (a line matched by its fields and by its raw text is one
 * finding).  Records whose hits are 0 match nothing and cost nothing. */
void logs_rules_eval(const logs_rule_env *env, const logs_rec *r, logs_rule_scratch *s);

/* The best hit so far of one record (reqrules.c, exrules.c add to it). */
typedef struct {
  logs_rule_id rule;
  int set;
  ss_severity sev;
  const char *outcome;
} logs_best;
void logs_consider(logs_best *b, logs_rule_id id, ss_severity sev, const char *outcome);
/* The outcome of a request by its HTTP status. */
const char *logs_http_outcome(int status);
/* Whether an outcome is a request that was not served (attempt, redirect). */
int logs_not_served(const char *outcome);
/* Adds rule id with its severity, capped at medium unless the request
 * was served. */
void logs_hit_http(logs_best *b, const logs_rec *r, logs_rule_id id);
int logs_is_post(const logs_rec *r);
/* Whether the lower-case path ends in a script extension. */
int logs_script_ext(const char *s, size_t n);

/* Request rules on a record's (normalised) request (reqrules.c); raw: the
 * record was extracted from an unsplit line (user agents are then looked
 * for anywhere in it). */
void logs_request_rules(const logs_rule_env *env, logs_best *b, const logs_rec *r, logs_rule_scratch *s, int raw);
/* Test-ProxyLogon's AnchorMailbox and BackEndCookie conditions on a value
 * (exrules.c); status 0 when unknown. */
void logs_anchor_rule(logs_best *b, span anchor, int status);
void logs_cookie_rule(logs_best *b, span cookie, int status);
void logs_cmdlet_rules(logs_best *b, const logs_cmd *inv, int structured);
void logs_oab_rule(logs_best *b, span message);
void logs_evtx_rules(logs_best *b, const logs_rec *r, logs_cmd *inv);
/* Process traces of web shells on a record's logs_proc (procrules.c). */
void logs_process_rules(logs_best *b, const logs_rec *r, logs_rule_scratch *s);
/* Whether a program (its path as logged) started with this command line
 * is a web server; whether a lower-case text holds a credential-dumping
 * command (procrules.c). */
int logs_is_web_server(span image, span command, strbuf *scratch);
int logs_credential_text(span text, strbuf *scratch);
/* Antivirus detections, suspicious services and cleared logs (defrules.c). */
void logs_defender_rules(logs_best *b, const logs_rec *r, strbuf *scratch);
void logs_system_rules(logs_best *b, const logs_rec *r, strbuf *scratch);
/* Whether a file path (Windows or Unix) is under a folder a web server
 * serves from. */
int logs_web_folder(span path, strbuf *scratch);
/* Every Test-ProxyLogon check and published Exchange indicator on the raw
 * text of a line, whatever its layout (raw.c). */
void logs_raw_rules(logs_best *b, const logs_rec *r, logs_rule_scratch *s);
/* A best-effort request (method, URL, query) from the tokens of a raw
 * line that no layout could split; 0 if it has no URL (raw.c). */
int logs_raw_request(span raw, logs_rec *out);

/* Stacking: whether r is a served POST to a script that is not one of the
 * pages IIS and Exchange ship (or is linked): fills *url with its
 * normalised stem (reqrules.c). */
int logs_stack_candidate(const logs_rule_env *env, const logs_rec *r, strbuf *url);
/* Whether a normalised stem is a page IIS or Exchange ships. */
int logs_shipped_page(const char *stem, size_t n);

/* ---- the lists of rules/logs.txt, embedded (data.c, lists.S) ---- */
typedef enum {
  LOGS_LIST_SCRIPT_EXT, LOGS_LIST_DROP_DIR, LOGS_LIST_UPLOAD_DIR, LOGS_LIST_SHIPPED, LOGS_LIST_COMMAND,
  LOGS_LIST_REGEORG, LOGS_LIST_ECP_UA, LOGS_LIST_SHELL_UA, LOGS_LIST_OWASSRF_EXCLUDE_UA,
  LOGS_LIST_WEB_PROCESS, LOGS_LIST_JAVA_MARK, LOGS_LIST_WEB_USER, LOGS_LIST_BENIGN_CHILD, LOGS_LIST_SHELL,
  LOGS_LIST_RECON, LOGS_LIST_DOWNLOAD, LOGS_LIST_CREDENTIAL, LOGS_LIST_PERSISTENCE, LOGS_LIST_CREDENTIAL_COMMAND,
  LOGS_LIST_THREAT_WEBSHELL, LOGS_LIST_WEB_FOLDER, LOGS_LIST_COUNT
} logs_list_id;
typedef struct {
  char **v; /* entries, lower-case */
  size_t n;
} logs_list;
const logs_list *logs_list_get(logs_list_id id);
/* Whether a lower-case path matches an entry of a path list: '*' is any
 * run of characters but '/', an entry ending in '/' matches what is below
 * it (as a prefix, or anywhere in the path with anywhere set); with
 * exact_only, only entries without either. */
int logs_path_listed(logs_list_id id, const char *s, size_t n, int anywhere, int exact_only);
/* Whether the lower-case user agent starts with an entry of the list
 * (anywhere: contains one). */
int logs_ua_listed(logs_list_id id, const char *ua, size_t n, int anywhere);
/* Whether a lower-case name equals an entry of the list ('*' any run of
 * characters). */
int logs_name_listed(logs_list_id id, const char *name, size_t n);
/* Whether the lower-case text contains every space-separated word of an
 * entry of the list. */
int logs_words_listed(logs_list_id id, const char *text, size_t n);
/* Whether the lower-case text contains an entry of the list. */
int logs_text_listed(logs_list_id id, const char *text, size_t n);

/* ---- the prefilter (prefilter.c) ---- */
typedef struct logs_prefilter logs_prefilter;
typedef struct logs_prefilter_scratch logs_prefilter_scratch;
/* The indicator patterns plus the base names of linked shells; NULL if the
 * pattern engine is unusable (every line then goes through the rules). */
logs_prefilter *logs_prefilter_new(const char *const *names, size_t n);
void logs_prefilter_free(logs_prefilter *pf);
logs_prefilter_scratch *logs_prefilter_scratch_new(const logs_prefilter *pf);
void logs_prefilter_scratch_free(logs_prefilter_scratch *s);
/* A hook for logs_input_set_hook that scans with pf into s. */
logs_scan_hook logs_prefilter_hook(logs_prefilter_scratch *s);

/* ---- stacking (stack.c), Tomcat deployments (tomcat.c), incidents
 *      (timeline.c) ---- */
typedef struct logs_stack logs_stack;
logs_stack *logs_stack_new(size_t max_urls);
void logs_stack_free(logs_stack *s);
/* Returns 0, or -1 if the table is full (the URL was not recorded). */
int logs_stack_add(logs_stack *s, const char *url, const logs_rec *r, const char *file);
typedef void (*logs_stack_emit_fn)(void *user, const char *url, const char *ip, uint64_t count, unsigned nclients,
                                   const char *file, const char *format, uint64_t line, int64_t time,
                                   const char *ua, const char *evidence);
/* Script URLs POSTed with 2xx by at most max_clients addresses, rarest
 * first then most requested, at most max_out of them. */
void logs_stack_rank(logs_stack *s, unsigned max_clients, size_t max_out, logs_stack_emit_fn fn, void *user);

typedef struct logs_tomcat logs_tomcat;
logs_tomcat *logs_tomcat_new(size_t max_contexts);
void logs_tomcat_free(logs_tomcat *t);
/* Notes a served request of an access log: a manager deployment, or a
 * request under a context (first path segment).  Returns 1 if r is a
 * manager deployment, 0 otherwise, -1 when the table is full. */
int logs_tomcat_add(logs_tomcat *t, const logs_rec *r, const char *uri, size_t n, const char *file);
/* For every deployment, the JSP requests under a context that first
 * appeared at or after it (the application it installed), each reported
 * once through fn. */
typedef void (*logs_tomcat_emit_fn)(void *user, const char *context, uint64_t count, const char *file,
                                    uint64_t line, int64_t time, const char *ip, const char *ua,
                                    const char *evidence);
void logs_tomcat_emit(logs_tomcat *t, logs_tomcat_emit_fn fn, void *user);

/* PowerShell script blocks joined with the processes web shells started
 * (scripts.c). */
typedef struct logs_scripts logs_scripts;
typedef struct {
  uint64_t host;       /* logs_host_hash of the computer */
  int64_t pid, time;
  uint64_t line;
  char *file, *text, *user; /* text: the block's first 2 KB */
} logs_script_block;
/* FNV-1a of a computer name, case ignored: the key process ids are joined by. */
uint64_t logs_host_hash(span host);
logs_scripts *logs_scripts_new(size_t max_procs, size_t max_blocks);
void logs_scripts_free(logs_scripts *t);
/* A process a web shell started.  Returns 0, or -1 when the table is full. */
int logs_scripts_add_process(logs_scripts *t, span host, int64_t pid, int64_t time);
/* Whether a block of process pid on host at time belongs to such a process. */
int logs_scripts_known(const logs_scripts *t, uint64_t host, int64_t pid, int64_t time);
/* Keeps a block whose process is not known yet; -1 when full. */
int logs_scripts_keep(logs_scripts *t, const logs_rec *r, const char *file);
/* Every kept block whose process became known, in the order kept. */
void logs_scripts_emit(logs_scripts *t, void (*fn)(void *user, const logs_script_block *b), void *user);

typedef struct logs_timeline logs_timeline;
logs_timeline *logs_timeline_new(size_t max_findings);
void logs_timeline_free(logs_timeline *t);
/* Returns 0, or -1 when full. */
int logs_timeline_add(logs_timeline *t, uint64_t id, const char *ip, int64_t time, const char *rule, const char *phrase,
                      ss_severity sev, const char *shell, const char *command);
/* Groups by address and time (a gap over gap_s starts a new incident),
 * emits SS_EVENT_INCIDENT events in order of first_seen; returns the count. */
size_t logs_timeline_emit(logs_timeline *t, int64_t gap_s, ss_event_cb cb, void *user);

/* ---- locating logs (find.c) ---- */
/* named is 1 for a file bearing a log's name (u_ex*.log, HttpProxy_*,
 * access.log...), 0 for any other file found by walking; config is 1 for
 * a web server configuration (its log formats), not a log. */
typedef void (*logs_found_fn)(void *user, const char *path, int named, int config);
/* Calls fn for every log file below root at the known locations
 * (case-insensitively) and the web servers' configurations; when no log
 * is there and walk_if_none, for every *.log, *.gz, *.evtx, *.txt file
 * below root.  Symbolic links are never followed. */
void logs_find(const char *root, int walk_if_none, logs_found_fn fn, void *user, ss_event_cb cb, void *cbuser);

/* ---- EVTX records for the session (evtx_read.c, the reader in evtx.h) ---- */
int logs_evtx_read(const char *path, const void *data, size_t len, const logs_sink *k);
/* The process start, script block or detection an event says, as
 * r->proc / r->threat (evtx_events.c); r's provider and event id are set.
 * Composed values live in b until the next call. */
typedef struct {
  strbuf user, action, path;
} logs_evtx_typed_buf;
struct logs_evtx_fields;
void logs_evtx_typed(const struct logs_evtx_fields *f, logs_rec *r, logs_evtx_typed_buf *b);
void logs_evtx_typed_free(logs_evtx_typed_buf *b);

/* ---- Sigma rules on the records (sigmarec.c) ---- */
typedef struct logs_sigma logs_sigma;
typedef struct logs_sigma_scratch logs_sigma_scratch;
logs_sigma *logs_sigma_new(void);
void logs_sigma_free(logs_sigma *ls);
/* Loads a rule file or directory (sigma_ruleset_add_path): the rules
 * loaded, or -1 if path cannot be read at all or the set is finished. */
long logs_sigma_add(logs_sigma *ls, const char *path);
/* Compiles the set and what each rule reports; no rule is added after. */
void logs_sigma_finish(logs_sigma *ls);
size_t logs_sigma_count(const logs_sigma *ls);
const sigma_ruleset *logs_sigma_ruleset(const logs_sigma *ls);
/* The reason a rule of the set gives when it matches (source "sigma"). */
const ss_log_reason *logs_sigma_reason(const logs_sigma *ls, const sigma_rule *r);
/* Per-thread state: the engine's scratch and the record's fields. */
logs_sigma_scratch *logs_sigma_scratch_new(const logs_sigma *ls);
void logs_sigma_scratch_free(logs_sigma_scratch *sc);
/* Evaluates every rule that applies to r (by its format's row: a Windows
 * event, a web request...); fn gets each match.  Records no Sigma log
 * source covers (unsplit lines, cmdlet CSV) cost nothing.  Returns the
 * number of matches. */
size_t logs_sigma_eval(const logs_sigma *ls, logs_sigma_scratch *sc, const logs_rec *r, sigma_hit_fn fn,
                       void *user);

#endif
