/*
 * exchange.h - internal interfaces of the Exchange version and patch-status
 * capability (`shellsift exchange`): build numbers, the build table and its
 * verdict per attack chain, the PE version-resource reader, and the local
 * and remote ways a build is found.  The CLI reaches them through
 * include/shellsift.h; the pieces meet here.
 */
#ifndef SS_EXCHANGE_H
#define SS_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>

#include "shellsift.h"

/* ---- build numbers ------------------------------------------------------ */

/* An Exchange build, e.g. 15.1.2375.7 (major.minor.build.revision).
 * revision < 0 when only three parts are known (CU level only). */
typedef struct {
  int major, minor, build, revision;
} ex_version;

/* Parses "15.1.2375.7", "15.01.2375.007", "15.1.2375" (revision -1),
 * with optional surrounding space.  Returns 0 on success, -1 otherwise
 * (never accepts trailing junk, negative or > 65535 parts). */
int exchange_version_parse(const char *s, size_t len, ex_version *out);
/* Orders by major, minor, build, then revision (-1 sorts first). */
int exchange_version_cmp(const ex_version *a, const ex_version *b);
/* "15.1.2375.7" or "15.1.2375" into buf. */
void exchange_version_format(const ex_version *v, char *buf, size_t size);

/* ---- the build table and verdicts (builds.c, describe.c) -------------- */

typedef struct ex_table ex_table;

typedef enum { EX_FIXED, EX_VULNERABLE, EX_UNKNOWN } ex_chain_status;

#define EX_MAX_CHAINS 8

typedef struct {
  const char *chain;       /* "proxylogon", "proxyshell", "proxytoken", "proxynotshell" */
  const char *title;       /* "ProxyLogon", ..., "ProxyNotShell/OWASSRF" */
  ex_chain_status status;
  const char *why;         /* one sentence, owned by the assessment */
} ex_chain_verdict;

/* What the table says about one build.  Every string lives as long as both
 * the table and the assessment (exchange_assessment_free). */
typedef struct {
  const char *product;     /* "Exchange 2016", "Exchange SE", ... or "" if unknown */
  const char *cu;          /* "CU23", "RTM", "SP3", or "" when the CU is not in the table */
  const char *update;      /* the update this exact build is ("Feb19SU", "Nov22SU"), or NULL */
  const char *update_kb;   /* its KB, or "" */
  const char *update_month;/* its release month "2022-11", or "" */
  const char *su;          /* "Nov22SU (KB5019758)", or "" (the update as one label) */
  const char *newest_had;  /* the newest update the build includes (unlisted builds), or NULL */
  int cu_release;          /* the build is its CU as released */
  int cu_only;             /* three-part build: the installed update cannot be seen */
  int newer_than_known;    /* beyond every build of its product in the table */
  int latest;              /* 1 the product's newest build in the table, 0 not, -1 cannot tell */
  int updates_behind;      /* updates of the product released after the newest one the build has; -1 cannot tell */
  int updates_behind_max;  /* cu_only: at most this many behind; else as updates_behind */
  int supported;           /* 1, 0 (past end of support), -1 unknown product */
  const char *end_of_support;  /* "2025-10-14", or "" */
  const char *newest_build;    /* the product's newest build in the table, e.g. "15.1.2507.66", or "" */
  const char *newest_update;   /* the update of that build ("Feb26SU"), or "" */
  const char *newest_month;    /* its release month, or "" */
  const char **missing_cves;   /* CVEs (and advisories) the build lacks, release order */
  size_t nmissing;
  size_t nchains;
  ex_chain_verdict chains[EX_MAX_CHAINS];
  const char *warning;     /* NULL, or a sentence (the table is older than the build) */
  const char *summary;     /* one sentence for a person: product, update, how far behind, support, chains */
  char **owned;            /* strings allocated for this assessment */
  size_t nowned;
} ex_assessment;

/* Parses the CSV build table (header row required; see rules/builds.csv
 * for the columns).  text need not be NUL-terminated.  Malformed rows are
 * reported through warn (line number, message) and skipped.  Returns NULL
 * only if nothing usable was read. */
typedef void (*ex_warn_fn)(void *user, const char *source, unsigned line, const char *message);
ex_table *exchange_table_parse(const char *text, size_t len, const char *source, ex_warn_fn warn, void *user);
/* The table compiled into the binary (rules/builds.csv). */
ex_table *exchange_table_builtin(void);
void exchange_table_free(ex_table *t);
size_t exchange_table_rows(const ex_table *t);
/* Everything the table says about build v (a three-part v: the CU only).
 * today ("YYYY-MM-DD", UTC; NULL: the clock) decides only `supported`.
 * Always fills out (all unknown without a table); free with
 * exchange_assessment_free. */
void exchange_assess(const ex_table *t, const ex_version *v, const char *today, ex_assessment *out);
void exchange_assessment_free(ex_assessment *a);
const char *exchange_chain_status_name(ex_chain_status s); /* "fixed", "vulnerable", "unknown" */
/* The one-sentence summary of an assessment (describe.c); malloc'ed. */
char *exchange_describe(const ex_assessment *a, const ex_version *v);

/* ---- PE version resource (pe_version.c) -------------------------------- */

/* Reads the fixed file version (VS_FIXEDFILEINFO dwFileVersionMS/LS) of a
 * PE image held in buf.  Bounded, never trusts an offset or size without
 * checking it, and refuses loops in the resource directory.  Returns 0 and
 * fills out, or -1 with a short static reason in *why. */
int exchange_pe_file_version(const unsigned char *buf, size_t len, ex_version *out, const char **why);

/* ---- local install (local.c) ------------------------------------------- */

typedef struct {
  char *install;           /* the install directory found, or NULL */
  ex_version version;      /* valid when method != NULL */
  const char *method;      /* "ExSetup.exe" or "httpproxy-log", or NULL */
  char *evidence;          /* where the build was read */
  char *error;             /* NULL, or why no build was found */
  ss_build_period *history;
  size_t nhistory;
} ex_local_result;

/* Finds the Exchange install below root (case-insensitively: the usual
 * Program Files path, a KAPE/CyLR-style drive folder, or root itself),
 * reads Bin/ExSetup.exe's file version, and collects the build per hour
 * from the HttpProxy logs' #Version headers.  Always fills out; free it
 * with exchange_local_result_free. */
void exchange_local_find(const char *root, ex_local_result *out);
void exchange_local_result_free(ex_local_result *r);
/* The install directory below root (as exchange_local_find looks for it), or
 * NULL; malloc'ed.  Also used by `shellsift logs` to find Logging/. */
char *exchange_find_install(const char *root);

/* ---- remote probe (remote.c) ------------------------------------------- */

typedef enum { EX_PRECISION_EXACT, EX_PRECISION_CU_ONLY, EX_PRECISION_UNKNOWN } ex_precision;

typedef struct {
  char *target;            /* as given, e.g. "https://mail.example.org" */
  ex_version version;      /* valid when precision != EX_PRECISION_UNKNOWN */
  ex_precision precision;
  char *method;            /* "x-owa-version", "exporttool", "logon-page-path", or NULL */
  char *evidence;          /* e.g. "X-OWA-Version: 15.1.2375.37"; attacker-controlled text */
  char *error;             /* NULL, or why the target could not be read (timeout, TLS, ...) */
} ex_remote_result;

typedef struct {
  unsigned concurrency;    /* simultaneous targets (default 32) */
  double per_host_rate;    /* max requests per second to one host (default 5; 0 = unlimited) */
  long timeout_ms;         /* per request, connect included (default 10000) */
  int insecure;            /* skip TLS verification */
  const char *ca_file;     /* extra CA bundle (tests), or NULL */
  int max_redirects;       /* default 3 */
} ex_remote_options;

/* Called once per finished target (from the calling thread), in completion order. */
typedef void (*ex_remote_fn)(void *user, const ex_remote_result *r);
/* Called now and then with done/total, for a progress line. */
typedef void (*ex_progress_fn)(void *user, size_t done, size_t total);

/* Probes each target with only ordinary GET requests, in the order of
 * precision: X-OWA-Version on GET /owa/, the exporttool .application
 * manifest, then the /owa/auth/<build>/ path in the logon page.  Never
 * sends the crafted cookies or headers of an exploit.  HTTPS_PROXY and
 * friends are honoured (libcurl's defaults). */
ss_err exchange_remote_probe(const char *const *targets, size_t n, const ex_remote_options *opt,
                       ex_remote_fn fn, ex_progress_fn progress, void *user);

/* Exposed for tests and the fuzzer: extract a build from a response. */
int exchange_parse_owa_version_header(const char *value, size_t len, ex_version *out);
int exchange_parse_exporttool_manifest(const char *body, size_t len, ex_version *out);
int exchange_parse_logon_page(const char *body, size_t len, ex_version *out); /* 3-part: revision -1 */

#endif
