/*
 * shellsift.h - the one public header of libshellsift.
 *
 * The library finds web shells and indicator matches in file trees.  A caller
 * builds an ss_config_t, turns it into an immutable ss_engine_t (rules and
 * IOCs compiled once), then runs ss_scan() over one or more roots.  Results
 * arrive through a callback as events (findings, warnings, progress), one at
 * a time: the library serialises callback calls, so sinks (text, JSON, CSV,
 * SQLite...) need no locking of their own.
 *
 * Every function that can fail returns ss_err; SS_OK is 0.  Running out of
 * memory is not an error code: the library prints a message and aborts,
 * as git does (there is no meaningful recovery in the middle of a scan).
 */
#ifndef SHELLSIFT_H
#define SHELLSIFT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SS_VERSION "0.1.0"
/* Version of the JSON Lines record layout; bumped on incompatible changes. */
#define SS_SCHEMA_VERSION 1

typedef enum {
  SS_OK = 0,
  SS_ERR_ARG,      /* invalid argument or option value */
  SS_ERR_IO,       /* a file or directory the caller named could not be read */
  SS_ERR_RULES,    /* no usable rules: every rule source failed to compile */
  SS_ERR_IOC,      /* an IOC source could not be read */
  SS_ERR_ENGINE,   /* the rules engine failed to initialise or scan */
  SS_ERR_INTERNAL, /* a bug: an invariant did not hold */
} ss_err;

/* A static English description of an error code; never NULL. */
const char *ss_strerror(ss_err err);

/* ---- configuration ---------------------------------------------------- */

typedef struct ss_config ss_config_t;

ss_err ss_config_new(ss_config_t **out);
void ss_config_free(ss_config_t *cfg);

/* Worker threads; 0 (the default) means one per online CPU. */
ss_err ss_config_set_threads(ss_config_t *cfg, unsigned threads);
/* Files above this size get hash and name checks only (default 32 MiB). */
ss_err ss_config_set_max_size(ss_config_t *cfg, uint64_t bytes);
/* Descend into other file systems below the root (default: no). */
ss_err ss_config_set_cross_mounts(ss_config_t *cfg, int yes);
/* Run content rules on every file, not just script-like ones (default: no). */
ss_err ss_config_set_all_files(ss_config_t *cfg, int yes);
/* Use the rule pack and IOCs compiled into the library (default: yes). */
ss_err ss_config_set_builtin(ss_config_t *cfg, int yes);
/* Per-file time budget for the rules engine, in seconds (default 60). */
ss_err ss_config_set_rule_timeout(ss_config_t *cfg, unsigned seconds);
/* Memory ceiling for file contents read whole, shared by all threads
 * (default 1 GiB, at least 1 MiB).  A file within max size but above this
 * gets hash and name checks only, with an SS_WARN_MEMORY warning; files
 * that fit wait their turn rather than exceed it. */
ss_err ss_config_set_max_memory(ss_config_t *cfg, uint64_t bytes);
/* fnmatch(3) glob matched against the path relative to the root and
 * against the base name; matching files and directories are not entered. */
ss_err ss_config_add_exclude(ss_config_t *cfg, const char *glob);
/* A YARA rule file, or a directory searched recursively for .yar/.yara. */
ss_err ss_config_add_rules(ss_config_t *cfg, const char *path);
/* An IOC file or a directory of them (LOKI/signature-base layout: files
 * whose name contains "hash" hold HASH;COMMENT lines, files whose name
 * contains "filename" hold REGEX;SCORE[;FP_REGEX] lines). */
ss_err ss_config_add_iocs(ss_config_t *cfg, const char *path);
/* Never scan this file (compared by device and inode), e.g. the tool's own
 * output when it is written inside the scanned tree. */
ss_err ss_config_ignore_file(ss_config_t *cfg, const char *path);

/* ---- events ------------------------------------------------------------ */

typedef enum {
  SS_SEV_LOW = 0,
  SS_SEV_MEDIUM,
  SS_SEV_HIGH,
  SS_SEV_CRITICAL,
} ss_severity;

const char *ss_severity_name(ss_severity sev);
/* Map a 0-100 score onto a severity: >=90 critical, >=70 high, >=40 medium. */
ss_severity ss_severity_from_score(int score);

/* One reason a file was flagged: a YARA rule, an IOC entry or a heuristic. */
typedef struct {
  const char *rule;        /* rule identifier, e.g. "shellsift.chopper_jscript" */
  const char *category;    /* "webshell", "ioc-hash", "ioc-name", "disguised-script", ... */
  const char *description; /* human sentence; may be "" */
  const char *reference;   /* where the technique is documented; may be "" */
  int score;               /* 0-100 */
} ss_reason;

/* A few matched bytes, raw (attacker-controlled: escape before printing). */
typedef struct {
  uint64_t offset;
  const char *rule;       /* the rule that matched */
  const char *identifier; /* the string identifier, e.g. "$eval" */
  const unsigned char *data;
  size_t length;
} ss_excerpt;

typedef struct {
  const char *path; /* as found below the root; raw bytes, may be invalid UTF-8 */
  uint64_t size;
  int64_t mtime, ctime, btime; /* seconds since the epoch; btime -1 if unknown */
  uint64_t inode;
  uint32_t mode;
  char sha256[65]; /* lowercase hex; "" if the file could not be read */
  char md5[33];    /* lowercase hex or "" (computed only for findings and md5 IOCs) */
  char sha1[41];
  const char *category; /* category of the highest-scoring reason */
  ss_severity severity;
  int score;            /* combined score of all reasons, 0-100 */
  const ss_reason *reasons;
  size_t nreasons;
  const ss_excerpt *excerpts;
  size_t nexcerpts;
  int content_scanned; /* 1 if content rules ran on the file */
} ss_finding;

typedef enum {
  SS_WARN_UNREADABLE,     /* permission denied or I/O error: not scanned */
  SS_WARN_VANISHED,       /* removed between listing and reading */
  SS_WARN_CHANGED,        /* size or mtime changed while it was read */
  SS_WARN_TOO_LARGE,      /* above max size: hash and name checks only */
  SS_WARN_SPECIAL,        /* FIFO, socket or device: skipped */
  SS_WARN_SYMLINK,        /* symbolic link not followed (loop, or target outside the root) */
  SS_WARN_LOOP,           /* directory already entered higher up (bind-mount loop) */
  SS_WARN_MOUNT,          /* another file system below the root: not entered */
  SS_WARN_NAME,           /* path too long to open */
  SS_WARN_RULE_TIMEOUT,   /* rules engine ran out of time on this file */
  SS_WARN_RULES,          /* a rule file failed to compile and was skipped */
  SS_WARN_IOC,            /* an IOC line was malformed and was skipped */
  SS_WARN_BUILDS,         /* a build-table row was malformed and was skipped */
  SS_WARN_ANALYSIS_LIMIT, /* content analysis hit a depth, size or time bound: partly analysed */
  SS_WARN_LOG_FORMAT,     /* a log file could not be read as a log, or only in part (corrupt .gz/.evtx) */
  SS_WARN_LOG_LINE,       /* a log line was malformed or too long and was skipped */
  SS_WARN_LOG_SKIPPED,    /* a file below a log root is not a log format shellsift reads */
  SS_WARN_MEMORY,         /* above the --max-memory ceiling: content rules skipped */
  SS_WARN_CASE_FILE,      /* the case file could not be written or read: it is incomplete */
  SS_WARN_INTERRUPTED,    /* the run was stopped (ss_stop) before it had read everything */
} ss_warning_kind;

typedef struct {
  ss_warning_kind kind;
  const char *kind_name; /* stable short name, e.g. "unreadable" */
  const char *path;      /* file concerned; raw bytes */
  const char *message;   /* human explanation */
  int incomplete;        /* 1 if this kept part of the scan from running */
} ss_warning;

typedef struct {
  uint64_t files;          /* regular files seen */
  uint64_t dirs;           /* directories entered */
  uint64_t bytes;          /* bytes read */
  uint64_t content_scanned;/* files that content rules ran on */
  uint64_t hashed;         /* files fully hashed */
  uint64_t excluded;       /* files and directories skipped by --exclude */
  uint64_t special;        /* FIFOs, sockets, devices skipped */
  uint64_t symlinks;       /* links not followed */
  uint64_t too_large;      /* files above max size (content rules skipped) */
  uint64_t findings;
  uint64_t by_severity[4]; /* findings per ss_severity */
  uint64_t warnings;
  uint64_t incomplete;     /* warnings with incomplete=1: errors */
  double seconds;
} ss_stats;

/* The exit status the totals call for: 1 if anything was found (even when
 * the scan is incomplete), else 2 if something could not be scanned, else 0. */
int ss_exit_status(const ss_stats *stats);

/* Asks every running scan, log read and sweep in the process to stop at
 * the next file or line (Ctrl-C).  Async-signal-safe.  What was found is
 * still reported, and the run ends with an SS_WARN_INTERRUPTED warning:
 * incomplete, never "nothing found". */
void ss_stop(void);

typedef struct ss_log_finding ss_log_finding; /* see "logs" below */
typedef struct ss_incident ss_incident;

typedef enum {
  SS_EVENT_FINDING,
  SS_EVENT_WARNING,
  SS_EVENT_PROGRESS,
  SS_EVENT_LOG_FINDING, /* ss_logs_*: one log line or event record matched a rule */
  SS_EVENT_INCIDENT,    /* ss_logs_finish: findings grouped by attacker and time */
} ss_event_type;

typedef struct {
  ss_event_type type;
  const ss_finding *finding;         /* SS_EVENT_FINDING */
  const ss_warning *warning;         /* SS_EVENT_WARNING */
  const ss_stats *progress;          /* SS_EVENT_PROGRESS: counts so far */
  const ss_log_finding *log_finding; /* SS_EVENT_LOG_FINDING */
  const ss_incident *incident;       /* SS_EVENT_INCIDENT */
} ss_event;

/* Called for each event; never concurrently.  Pointers are valid only for
 * the duration of the call. */
typedef void (*ss_event_cb)(const ss_event *ev, void *user);

/* ---- engine and scan --------------------------------------------------- */

typedef struct ss_engine ss_engine_t;

/* Compile rules and load IOCs.  Problems with individual rule files or IOC
 * lines are reported as SS_WARN_RULES / SS_WARN_IOC events through cb; the
 * engine is still built from what was usable.  Fails only when nothing
 * usable remains or a named path cannot be read. */
ss_err ss_engine_new(const ss_config_t *cfg, ss_event_cb cb, void *user, ss_engine_t **out);
void ss_engine_free(ss_engine_t *engine);
/* Number of compiled YARA rules and loaded IOC entries, for the summary. */
void ss_engine_counts(const ss_engine_t *engine, size_t *rules, size_t *hash_iocs, size_t *name_iocs);

/* Scan one root (a directory or a single file).  Blocks until done.
 * stats (may be NULL) receives the totals.  Returns SS_ERR_IO if the root
 * itself cannot be opened; problems below it are warnings. */
ss_err ss_scan(ss_engine_t *engine, const char *root, ss_event_cb cb, void *user, ss_stats *stats);


/* ---- output writers ----------------------------------------------------- */

/* Writers turn events into one output format.  All formats come from the
 * same ss_finding record, so they cannot drift apart.  Every byte that came
 * from the scanned files (paths, excerpts) is escaped for the format. */
typedef enum {
  SS_FORMAT_TEXT, /* for a person: findings on out, warnings on err */
  SS_FORMAT_JSON, /* JSON Lines on out: finding, warning and summary events */
  SS_FORMAT_CSV,  /* RFC 4180 on out, one row per finding; warnings on err as text */
} ss_format;

#define SS_WRITER_COLOR 1u   /* text: ANSI colours (only when out is a TTY) */
#define SS_WRITER_QUIET 2u   /* findings only: no warnings, no summary */
#define SS_WRITER_LOGS 4u    /* CSV: the log-finding columns (shellsift logs) instead of the file ones */

typedef struct ss_writer ss_writer_t;

ss_err ss_writer_new(ss_format format, FILE *out, FILE *err, unsigned flags, ss_writer_t **w);
/* Writes a finding or warning event; progress events are ignored. */
void ss_writer_event(ss_writer_t *w, const ss_event *ev);
/* Writes the closing summary for the roots scanned with the engine. */
void ss_writer_summary(ss_writer_t *w, const ss_engine_t *engine, const char *const *roots,
                       size_t nroots, const ss_stats *stats);
void ss_writer_free(ss_writer_t *w);

/* ---- Exchange version and patch status --------------------------------- */

/* Which chains a build is exposed to, found from an install's files (a
 * mounted disk or triage copy) or from outside with ordinary requests. */
typedef struct ss_exchange ss_exchange_t;

typedef struct {
  const char *name;   /* "proxylogon", "proxyshell", "proxytoken", "proxynotshell" */
  const char *status; /* "fixed", "vulnerable", "unknown" */
  const char *why;    /* one sentence */
} ss_chain;

/* A run of hours in which the HttpProxy logs show one build. */
typedef struct {
  char from[20], to[20]; /* "2021-03-03T04" .. "2021-03-09T23", UTC hours */
  char build[24];
} ss_build_period;

typedef struct {
  const char *target;     /* the root or URL as given */
  const char *product;    /* "Exchange 2016", "Exchange SE", ..., or "" */
  const char *cu;         /* "CU22", "RTM", or "" */
  const char *su;         /* the update installed with its KB, "Nov22SU (KB5019758)", or "" */
  const char *build;      /* "15.1.2375.37", "15.1.2375" (CU only), or "" */
  const char *precision;  /* "exact", "cu-only", "unknown" */
  const char *method;     /* "ExSetup.exe", "httpproxy-log", "x-owa-version", "exporttool", "logon-page-path", or "" */
  const char *evidence;   /* where the build was read; attacker-controlled for remote targets */
  const char *error;      /* NULL, or why nothing could be read */
  int newer_than_known;   /* the build is beyond the table: see warning */
  const ss_chain *chains;
  size_t nchains;
  const ss_build_period *history; /* local only: builds over the log history */
  size_t nhistory;
  /* what the build table says (issue 16); -1 where it cannot tell */
  const char *update;     /* the update this exact build is, "Feb26SU", or NULL (none, unknown, or CU only) */
  int latest;             /* 1: the newest build of its product in the table; 0: not; -1: cannot tell */
  int updates_behind;     /* updates of its product released after the newest one it has; -1: cannot tell */
  int supported;          /* 1: its product is supported; 0: past end of support; -1: unknown product */
  const char *end_of_support;     /* "2025-10-14", or "" */
  const char *latest_build;       /* the product's newest build in the table, or "" */
  const char *const *missing_cves; /* CVEs (March 2018 on) whose fixes the build lacks */
  size_t nmissing;
  const char *summary;    /* one sentence for a person, or "" when no build was read */
  const char *warning;    /* NULL, or e.g. that the table is older than the build */
} ss_exchange_result;

typedef void (*ss_exchange_cb)(const ss_exchange_result *r, void *user);
typedef void (*ss_exchange_progress_cb)(size_t done, size_t total, void *user);

/* builds_csv: a build table file to use instead of the built-in one, or
 * NULL.  Malformed rows are reported through cb as SS_WARN_BUILDS warnings;
 * fails with SS_ERR_IO if the file cannot be read, SS_ERR_ARG if it holds
 * no usable row. */
ss_err ss_exchange_new(const char *builds_csv, ss_event_cb cb, void *user, ss_exchange_t **out);
void ss_exchange_free(ss_exchange_t *ex);

/* Below root, finds the Exchange install (case-insensitively) and reads
 * the build from Bin/ExSetup.exe, falling back to HttpProxy logs, which
 * also give the build hour by hour.  One result through cb. */
ss_err ss_exchange_local(ss_exchange_t *ex, const char *root, ss_exchange_cb cb, void *user);

typedef struct {
  unsigned concurrency;   /* targets probed at once (0: 32) */
  double per_host_rate;   /* requests per second to one host; 0 = no limit */
  unsigned timeout_s;     /* per request (0: 10 s) */
  int insecure;           /* do not verify TLS certificates */
  const char *ca_file;    /* extra CA bundle, or NULL */
} ss_remote_options;

/* What a target names, decided without the network (no DNS lookup for a
 * typo): a path that exists is local; an http:// or https:// URL, an IP
 * address or a dotted host name ("mail.example.org[:port]") is remote;
 * anything else ("/mnt/no-such-dir", "exchange-c", "C:\\x") is invalid. */
typedef enum { SS_TARGET_LOCAL, SS_TARGET_REMOTE, SS_TARGET_INVALID } ss_target_kind;
ss_target_kind ss_exchange_target_kind(const char *arg);

/* Probes each target (URL or host name) with ordinary GET requests only:
 * X-OWA-Version on /owa/, the exporttool manifest, the logon page path.
 * Nothing an exploit sends is ever sent.  One result per target through
 * cb, in completion order. */
ss_err ss_exchange_remote(ss_exchange_t *ex, const char *const *targets, size_t n,
                          const ss_remote_options *opt, ss_exchange_cb cb,
                          ss_exchange_progress_cb progress, void *user);

/* Writes one result in a format (text: a block for a person; JSON: one
 * line; CSV: one row, after ss_exchange_write_csv_header). */
void ss_exchange_write(FILE *out, ss_format format, unsigned flags, const ss_exchange_result *r);
void ss_exchange_write_csv_header(FILE *out);

/* ---- logs: exploitation traces in web-server, Exchange and event logs ---- */

/* A log session reads IIS W3C, Exchange CSV (HttpProxy, ECP, OABGenerator,
 * ...), Apache / nginx / Tomcat access logs and .evtx logs, given
 * directly, in memory, or found below a root by their known locations,
 * and reports rule matches as SS_EVENT_LOG_FINDING events as it streams.
 * ss_logs_finish() adds the findings that need the whole picture
 * (stacking: script URLs visited by very few clients; Tomcat manager
 * deployments followed by a new JSP) and groups everything into incidents
 * (SS_EVENT_INCIDENT).  Problems with a file or line are SS_EVENT_WARNING
 * events. */
typedef struct ss_logs ss_logs_t;

#define SS_TIME_UNKNOWN INT64_MIN

/* One rule that matched a log record: a built-in rule or a Sigma rule
 * (ss_logs_add_sigma).  Sigma rules are shown with their author and
 * references, as their licence (DRL 1.1) asks. */
typedef struct {
  const char *source;      /* "builtin" or "sigma" */
  const char *rule;        /* builtin: its stable id ("proxylogon-ssrf-js"); sigma: the rule's id */
  const char *title;
  ss_severity severity;    /* builtin: as the rule decided; sigma: from its level (informational
                              and low: low, medium, high, critical) */
  const char *level;       /* sigma: the rule's level as written, "" if none; builtin: "" */
  const char *cve;         /* "CVE-2021-26855", or "" (sigma: its first cve.* tag) */
  const char *reference;   /* where the indicator is published (sigma: "Sigma <id>" and its references) */
  const char *author;      /* sigma: the rule's author; builtin: "" */
  const char *const *tags; /* sigma: attack.t1190, attack.initial-access, cve.2021-26855...; builtin: none */
  size_t ntags;
  const char *const *references; /* sigma: the rule's references (URLs) */
  size_t nreferences;
  const char *rule_file;   /* sigma: the file the rule was loaded from; builtin: "" */
  const char *status;      /* sigma: the rule's status (stable, test, experimental...); builtin: "" */
} ss_log_reason;

/* One log line or event record that matched one or more rules.  The
 * fields from rule to reference describe the most severe reason (the
 * built-in rule on a tie); reasons lists every rule that matched. */
struct ss_log_finding {
  const char *rule;        /* stable id, e.g. "proxylogon-ssrf" (a Sigma rule: its id) */
  const char *title;       /* one sentence for a person */
  const char *cve;         /* "CVE-2021-26855", or "" */
  const char *reference;   /* where the indicator is published */
  ss_severity severity;
  const char *outcome;     /* "success" (2xx, 304: served), "redirected" (other 3xx: not
                              served), "attempt" (4xx/5xx, a Test-ProxyLogon exclusion) or
                              "unknown" (no status: cmdlets, events, unsplit lines) */
  int64_t time;            /* UTC seconds since the epoch, or SS_TIME_UNKNOWN */
  const char *file;        /* the log file */
  uint64_t line;           /* 1-based line (record number for .evtx) */
  const char *format;      /* "iis", "httpproxy", "ecp", "oabgenerator", "exchange-csv",
                              "access:<layout>" (access:combined, access:common...), "text"
                              (a line no layout split), "evtx" */
  const char *client_ip;   /* "" when the source has none; likewise below */
  const char *user_agent;
  const char *method;
  const char *uri;         /* path and query, as logged */
  int status;              /* HTTP status, or 0 */
  const char *evidence;    /* the raw line or record: attacker-controlled */
  uint64_t id;             /* 1, 2, ... in the order a session reports its findings: an
                              incident lists the ids of its findings (ss_incident) */
  unsigned incident;       /* read back from a case file: the incident it belongs to, or 0
                              (findings are reported before they are grouped: 0 then) */
  const ss_log_reason *reasons; /* every rule that matched, most severe first (at least one) */
  size_t nreasons;
  int recovered;           /* .evtx: the record was found in a chunk's free space (an event
                              deleted or overwritten, or a copy of one), not among the live ones */
  /* A process trace (Sysmon 1, Security 4688, auditd execve) or PowerShell
   * script block: "" otherwise.  Attacker-controlled. */
  const char *command;     /* the command line that ran, or the script block's text */
  const char *process;     /* the program that ran it (its path as logged) */
  const char *parent;      /* the program that started it */
  const char *user;        /* the account it ran as (auditd: named from the evidence's passwd) */
  /* An antivirus detection (Defender 1006-1119): "" otherwise. */
  const char *threat;      /* threat name, e.g. "Backdoor:ASP/Ace.T" */
  const char *threat_severity; /* as the product rates it ("Severe") */
  const char *action;      /* "detected", "quarantine", "remove failed: ..." */
  const char *target;      /* the detected file's path */
};

struct ss_incident {
  unsigned id;              /* 1, 2, ... in order of first_seen */
  const char *client_ip;    /* the attacker address the findings share, or "" */
  int64_t first_seen, last_seen;
  ss_severity severity;     /* the worst of its findings */
  size_t nfindings;
  const uint64_t *finding_ids; /* the ids (ss_log_finding.id) of its nfindings findings, ascending */
  const char *summary;      /* one sentence, e.g. "ProxyLogon SSRF, then web shell use" */
  const char *const *rules; /* distinct rule ids, in order of first use */
  size_t nrules;
  const char *const *shells;/* files on disk whose URL it requested (ss_logs_link_shell), or that
                               an antivirus detection in it names */
  size_t nshells;
  const char *const *commands; /* distinct command lines its process traces ran, in order (at most 16) */
  size_t ncommands;
};

typedef struct {
  const char *format;      /* as in ss_log_finding.format; .evtx split by channel: "evtx:Application" */
  uint64_t files, lines;
  int64_t first, last;     /* time span covered, or SS_TIME_UNKNOWN */
} ss_log_source;

/* A log file read only in part: lines that no layout could split into
 * fields (each still checked against the published indicators in its raw
 * text) or that were not read at all (longer than max_line). */
typedef struct {
  const char *path;
  const char *format;      /* the format the file was read as */
  uint64_t lines;          /* lines read (records of an event log) */
  uint64_t unsplit;        /* of them, lines checked in their raw text only */
  uint64_t unread;         /* lines skipped unread */
  uint64_t lost;           /* event logs: records that could not be read (damaged chunks or
                              records, a truncated file) */
} ss_log_partial;

typedef struct {
  uint64_t files, lines, bytes;
  uint64_t findings, incidents;
  uint64_t by_severity[4];
  uint64_t warnings, incomplete;
  const ss_log_source *sources; /* what was read, per format; valid until ss_logs_free */
  size_t nsources;
  const ss_log_partial *partial; /* files read in part (each also an incomplete warning),
                                    by path; valid until ss_logs_free */
  size_t npartial;
  double seconds;
  uint64_t sigma_rules;    /* Sigma rules loaded (ss_logs_add_sigma) */
  uint64_t sigma_failed;   /* Sigma rule documents that did not load (each a warning) */
  uint64_t sigma_matches;  /* Sigma rule matches (a finding may hold several) */
} ss_logs_stats;

typedef struct {
  int64_t since, until;    /* only entries in [since, until]; SS_TIME_UNKNOWN for no bound */
  unsigned threads;        /* files read at once; 0 = one per CPU (at most 64) */
  uint64_t max_line;       /* longer lines are reported and skipped (0: 1 MiB) */
  int known_places_only;   /* a directory: only the known log locations below it, never a
                              walk of the whole tree for *.log when none is there (sweep) */
  int no_prefilter;        /* every line through every rule, without the indicator prefilter
                              that skips lines no rule can match: slower, the same findings
                              (what the tests compare the prefilter against) */
} ss_logs_options;

/* opt may be NULL for defaults.  With several files to read, cb is called
 * from the reader threads too, one call at a time (never concurrently). */
ss_err ss_logs_new(const ss_logs_options *opt, ss_event_cb cb, void *user, ss_logs_t **out);
void ss_logs_free(ss_logs_t *logs);
/* A web shell found on disk (path below the scanned root, or a Windows
 * path): requests to its URL are reported and linked to their incident.
 * Call before ss_logs_add. */
ss_err ss_logs_link_shell(ss_logs_t *logs, const char *path);
/* Reads a log file (format detected from content, .gz too), or finds the
 * logs below a directory by their known locations, case-insensitively
 * (IIS, Exchange, Windows event logs, Apache, nginx, Tomcat), with the
 * access-log formats the servers' configurations below it define (as
 * ss_logs_add_config); where there are none, every file with a log's name
 * below it (a folder of copied logs) unless known_places_only.  A text
 * file of no format shellsift knows is still checked line by line
 * against the published indicators, and reported as partly read. */
ss_err ss_logs_add(ss_logs_t *logs, const char *path);
/* Reads a log held in memory (not copied; .gz too; .evtx too), reported
 * under name. */
ss_err ss_logs_add_data(ss_logs_t *logs, const char *name, const void *data, size_t len);
/* Registers the access-log formats a web server's configuration file
 * defines - Apache or Tomcat LogFormat / CustomLog, nginx log_format,
 * Tomcat's AccessLogValve pattern in server.xml - so logs written with
 * them are split.  Call before ss_logs_add.  SS_ERR_IO if it cannot be
 * read; a file defining no format is not an error (the count is 0). */
ss_err ss_logs_add_config(ss_logs_t *logs, const char *path, size_t *nformats);
/* Registers one access-log format: syntax "apache" (an Apache or Tomcat
 * LogFormat string, "%h %l %u %t \"%r\" %>s %b") or "nginx" (a
 * log_format string, "$remote_addr - ..."), under a name for reports
 * (format "access:<name>").  SS_ERR_ARG if it cannot split lines. */
ss_err ss_logs_add_format(ss_logs_t *logs, const char *syntax, const char *name, const char *format);
/* Registers the evidence's own account list (an /etc/passwd of the system
 * the logs come from): auditd logs name users by number, and these names,
 * never the names of the machine shellsift runs on, are what findings
 * show (a name the log itself records, as auditd's enriched format does,
 * comes first).  Several files may be added; a uid keeps its first name.
 * Call before ss_logs_add.  SS_ERR_IO if it cannot be read. */
ss_err ss_logs_add_passwd(ss_logs_t *logs, const char *path, size_t *nusers);
/* Loads Sigma rules from a YAML file, or every *.yml / *.yaml below a
 * directory (SigmaHQ's rules/, rules-emerging-threats/... or your own),
 * to run on every record the readers produce, beside the built-in rules:
 * Windows event logs by channel, provider and event id, IIS and access
 * logs as the webserver category (rules/sigma-logsources.yml says which
 * log source is which).  Call before ss_logs_add; rules are compiled once.
 * A rule that does not load is an SS_WARN_RULES warning naming its file,
 * line and the unsupported feature, and the others run.  *nrules (may be
 * NULL) gets the number of rules loaded from path.  SS_ERR_IO if path
 * cannot be read at all (also a warning); SS_ERR_ARG once files were
 * read. */
ss_err ss_logs_add_sigma(ss_logs_t *logs, const char *path, size_t *nrules);
/* Stacking and incidents; then the totals. */
ss_err ss_logs_finish(ss_logs_t *logs, ss_logs_stats *stats);
/* Links every finding in a `shellsift scan --json` output file
 * (ss_logs_link_shell for each "finding" record's path).  SS_ERR_IO if
 * the file cannot be read; lines that are not scan findings are ignored. */
ss_err ss_logs_link_scan_results(ss_logs_t *logs, const char *json_path);
/* The exit status the totals call for, as ss_exit_status does for scans:
 * 1 findings; else 2 if something could not be read or no log file was
 * read at all; else 0. */
int ss_logs_exit_status(const ss_logs_stats *stats);
/* The record dump (`shellsift logs --dump`): every record of one log file
 * as JSON Lines on out, one record per line, in file order:
 *   {"file":PATH,"format":"evtx","record":N,"record_id":N,"written":TIME,
 *    "chunk":N,"recovered":false,"fields":{NAME:VALUE,...}}
 * record is the 1-based position in the file (what ss_log_finding.line
 * says), record_id the EventRecordID, written the record's write time
 * (ISO 8601, 100 ns).  fields holds every System, EventData and UserData
 * field, flattened as rule engines name them (EventID, Provider_Name,
 * TimeCreated_SystemTime, Execution_ProcessID, <Data Name="X"> as X...);
 * values are strings as Windows renders them; a name met more than once
 * (unnamed Data, array values) has an array of its values.  recovered
 * records were found in a chunk's free space, outside its count.
 * A text log (IIS, Exchange CSV, access log, any other text) is read
 * through the same readers as ss_logs_add, one record per data line:
 *   {"file":PATH,"format":"iis","record":LINE,"time":TIME|null,
 *    "split":true,"fields":{NAME:VALUE,...},"raw":LINE_TEXT}
 * fields named as the log names them (#Fields names, LogFormat tokens
 * such as "%>s" or "%{User-Agent}i", nginx variables); split is false,
 * with no fields, for a line no layout fits.
 * Problems go to cb as warnings: SS_WARN_LOG_FORMAT (incomplete) for lost
 * chunks and records, naming how many; SS_WARN_LOG_LINE for problems that
 * cost nothing.  Returns SS_OK when the file was read (perhaps in part:
 * see the warnings), SS_ERR_IO when it could not be read, is empty or out
 * could not be written. */
ss_err ss_logs_dump(const char *path, FILE *out, ss_event_cb cb, void *user);
/* The closing summary of a log session through a writer (text: the
 * sources read and the verdict; JSON: a "summary" record; CSV: on err). */
void ss_writer_logs_summary(ss_writer_t *w, const char *const *paths, size_t npaths,
                            const ss_logs_stats *stats);

/* ---- content analysis (language-aware, runs inside ss_scan) ------------ */

/* PHP, classic ASP, ASP.NET and JSP files are lexed, their obfuscation
 * (string splitting, constants, base64/rot13/gzip/hex/... layers) undone,
 * and request input followed to dangerous sinks.  Each result is a reason
 * with rule "shellsift.lang.<technique>" whose description names the sink
 * and quotes the source as written in the file (attacker-controlled bytes:
 * escape before printing, as the writers do).  Default: on. */
ss_err ss_config_set_analysis(ss_config_t *cfg, int yes);
/* A PHP file the analysis read but proved nothing in is also scored by a
 * boosted-tree model trained on real web shells and real applications
 * (rules/model); above its threshold it is reported at medium, never
 * higher, as rule "shellsift.lang.model" naming the signs it saw.  Default:
 * on (it needs the analysis). */
ss_err ss_config_set_model(ss_config_t *cfg, int yes);
/* Bounds per file: nested decode-and-reanalyse levels (1-32, default 12),
 * decoded bytes (default 8 MiB, at least 4 KiB) and time in milliseconds
 * (default 2000, 0 = none).  A file that hits one is reported as an
 * SS_WARN_ANALYSIS_LIMIT warning and the rest of the scan goes on. */
ss_err ss_config_set_analysis_limits(ss_config_t *cfg, unsigned depth, uint64_t decoded_bytes,
                                     unsigned millis);

/* ---- sweep: one verdict for a whole server ------------------------------ */

/* Per-file hooks for callers that keep their own record of a tree (the
 * sweep's case file).  skip is asked, from any scan thread and without the
 * event lock, whether a file can be left unread (its stat unchanged since a
 * previous run); on_file then receives every regular file seen, read or
 * skipped, serialised with the event callback.  Setting on_file makes the
 * scan compute SHA-256 for every file it reads. */
typedef struct {
  const char *path;            /* as found below the root; raw bytes */
  uint64_t size, inode;
  int64_t mtime, ctime, btime; /* seconds; btime -1 if unknown */
  int64_t mtime_ns, ctime_ns;  /* nanosecond parts, for exact change detection */
  uint32_t mode;
  char sha256[65];             /* "" when skipped or unreadable */
  const unsigned char *data;   /* the file's bytes when it was read whole, else NULL */
  size_t len;
  unsigned char head[16];      /* its first bytes (magic numbers), even for large files */
  size_t head_len;
  int skipped;                 /* 1: skip said unchanged, nothing was read */
} ss_file_record;

typedef void (*ss_file_cb)(const ss_file_record *rec, void *user);
/* rec has stat fields only; return 1 to leave the file unread. */
typedef int (*ss_skip_cb)(const ss_file_record *rec, void *user);
ss_err ss_config_set_file_hooks(ss_config_t *cfg, ss_file_cb on_file, ss_skip_cb skip, void *user);

/* The verdict of a sweep; the rules are in docs/sweep.md and
 * src/sweep/verdict.c. */
typedef enum {
  SS_VERDICT_NO_EVIDENCE = 0,
  SS_VERDICT_SUSPICIOUS,
  SS_VERDICT_COMPROMISED,
} ss_verdict;

/* "no-evidence", "suspicious", "compromised". */
const char *ss_verdict_name(ss_verdict v);

typedef struct {
  const char *case_file;      /* SQLite case file to create or extend, or NULL (in memory) */
  const char *report_html;    /* write the HTML report here too, or NULL */
  const char *builds_csv;     /* build table for the Exchange check, or NULL (built in) */
  FILE *json;                 /* ECS JSON Lines as the sweep runs, or NULL */
  FILE *text;                 /* the verdict and findings for a person at the end, or NULL */
  int rescan_all;             /* read every file even if unchanged since the last sweep */
  const char *const *sigma;   /* Sigma rule files or directories run on the logs (ss_logs_add_sigma) */
  size_t nsigma;
} ss_sweep_options;

typedef struct {
  ss_verdict verdict;
  int complete;               /* nothing expected was missing or unreadable */
  int64_t sweep_id;           /* row in the case file's sweeps table */
  uint64_t files, skipped, findings, log_findings, incidents, missing;
  double seconds;
} ss_sweep_result;

/* Discovers what lies below root (server layouts, logs, Exchange install),
 * scans the files (setting its own file hooks on cfg and building the
 * engine from it; rule and IOC warnings go to cb), reads the logs, checks the
 * Exchange build, looks for post-exploitation artefacts, decides the
 * verdict and records everything in the case file.  Events (findings,
 * warnings, log findings, incidents, progress) also go to cb. */
ss_err ss_sweep(ss_config_t *cfg, const char *root, const ss_sweep_options *opt, ss_event_cb cb,
                void *user, ss_sweep_result *result);

/* Regenerates outputs of one sweep (0: the latest) from a case file: the
 * HTML report into html (a path, or NULL), the ECS JSON Lines ending in the
 * summary into json and the text for a person into text (each may be
 * NULL).  SS_ERR_ARG if the case file has no such finished sweep. */
ss_err ss_sweep_report(const char *case_file, int64_t sweep_id, const char *html, FILE *json, FILE *text,
                       ss_sweep_result *result);

/* What changed on disk between sweep `since` (0: the one before the
 * latest) and the latest sweep in a case file.  One call per file. */
typedef struct {
  const char *change;     /* "added", "changed", "removed" */
  const char *path;
  uint64_t size;
  int64_t mtime;
  const char *sha256;     /* the current one ("" for removed) */
  const char *old_sha256;
  int script_in_webroot;  /* a new or changed script in a web-served folder */
} ss_diff_entry;
typedef void (*ss_diff_cb)(const ss_diff_entry *e, void *user);
/* Writes one entry: a text line for a person (path escaped for a
 * terminal) or, with json, a {"event":"diff",...} line. */
void ss_diff_entry_write(FILE *out, const ss_diff_entry *e, int json);
/* *from, *to receive the sweep ids compared. */
ss_err ss_sweep_diff(const char *case_file, int64_t since, ss_diff_cb cb, void *user, int64_t *from,
                     int64_t *to);

#ifdef __cplusplus
}
#endif
#endif
