/*
 * sigma.h - the Sigma rule engine: loads Sigma rules (YAML, one file or a
 * directory tree), compiles each once, and evaluates them on generic log
 * records, a record being a list of (field name, value) pairs plus what it
 * IS (a Windows channel and event id, a web-server access log...).  Which
 * rule applies to which record, and how fields are renamed, is data: the
 * log-source mapping rules/sigma-logsources.yml embedded in the binary.
 *
 * Use:
 *   sigma_ruleset *rs = sigma_ruleset_new();
 *   sigma_ruleset_add_path(rs, "rules/");      (any number of times)
 *   sigma_ruleset_finish(rs);                  (links filters, builds the prefilter)
 *   ... rules that did not load: sigma_ruleset_errors()
 *   sigma_scratch *s = sigma_scratch_new(rs);  (one per thread)
 *   sigma_eval(s, &record, on_hit, user);      (per record)
 *
 * A ruleset is read-only after sigma_ruleset_finish and may be shared by
 * threads; a scratch belongs to one thread.  Nothing here touches files
 * other than the rule files themselves.
 */
#ifndef SS_SIGMA_H
#define SS_SIGMA_H

#include <stddef.h>

/* A rule's `level`.  sigma_level_severity maps it onto shellsift's four
 * severities: informational and low -> "low", medium, high, critical. */
typedef enum {
  SIGMA_LEVEL_NONE = 0, /* no level given */
  SIGMA_LEVEL_INFORMATIONAL,
  SIGMA_LEVEL_LOW,
  SIGMA_LEVEL_MEDIUM,
  SIGMA_LEVEL_HIGH,
  SIGMA_LEVEL_CRITICAL
} sigma_level;

/* "low", "medium", "high" or "critical" (NONE and INFORMATIONAL: "low"). */
const char *sigma_level_severity(sigma_level level);
/* The level's own name ("informational"... ; "" for NONE). */
const char *sigma_level_name(sigma_level level);

/* A list of strings from a rule (tags, references...). */
typedef struct {
  const char *const *v;
  size_t n;
} sigma_strings;

/* What a loaded rule says about itself: every field of the rule that a
 * report or a person needs.  Strings are never NULL ("" when absent). */
typedef struct {
  const char *title, *id, *name, *status, *description, *author, *date, *modified, *license;
  sigma_level level;
  sigma_strings tags;           /* e.g. attack.t1190, attack.initial-access */
  sigma_strings references;
  sigma_strings falsepositives;
  sigma_strings fields;         /* the rule's `fields` list */
  const char *category, *product, *service; /* its logsource */
  const char *file;             /* the file it was loaded from */
  unsigned line;                /* line of its document in the file */
} sigma_rule;

/* A rule (or document) that did not load. */
typedef struct {
  const char *file;
  unsigned line;         /* 0 when about the whole file */
  const char *title, *id; /* of the rule, "" if unknown */
  const char *feature;   /* short class, e.g. "modifier:expand", "correlation", "yaml" */
  const char *message;   /* the exact problem, one line */
} sigma_error;

typedef struct sigma_ruleset sigma_ruleset;

/* An empty ruleset with the built-in log-source mapping. */
sigma_ruleset *sigma_ruleset_new(void);
/* Replaces the log-source mapping by the YAML text given (rules/
 * sigma-logsources.yml format); returns 0, or -1 with the reason as a load
 * error (the built-in mapping stays).  Call before sigma_ruleset_finish. */
int sigma_ruleset_set_mapping(sigma_ruleset *rs, const char *yaml, size_t len, const char *name);
/* Loads a rule file, or every *.yml / *.yaml below a directory (sorted,
 * recursively, not following symbolic links).  Returns the number of rules
 * loaded; rules that fail are recorded as errors and the others load.
 * Returns -1 (and records an error) if path cannot be read at all. */
long sigma_ruleset_add_path(sigma_ruleset *rs, const char *path);
/* Loads rules from a YAML text (one or more documents); name is used in
 * messages.  Returns the number of rules loaded. */
long sigma_ruleset_add_text(sigma_ruleset *rs, const char *text, size_t len, const char *name);
/* Ends loading: applies filter rules to the rules they name, builds the
 * log-source buckets and the literal prefilter.  Required before eval. */
void sigma_ruleset_finish(sigma_ruleset *rs);
/* Convenience: new + add_path for each of paths + finish. */
sigma_ruleset *sigma_ruleset_load(const char *const *paths, size_t npaths);
void sigma_ruleset_free(sigma_ruleset *rs);

size_t sigma_ruleset_count(const sigma_ruleset *rs);
const sigma_rule *sigma_ruleset_rule(const sigma_ruleset *rs, size_t i);
/* A loaded rule's position (0 .. sigma_ruleset_count - 1), for callers
 * that keep something per rule. */
size_t sigma_rule_index(const sigma_rule *r);
/* Rule documents that did not load, in load order. */
size_t sigma_ruleset_error_count(const sigma_ruleset *rs);
const sigma_error *sigma_ruleset_error(const sigma_ruleset *rs, size_t i);
/* Filter (meta-)rules loaded; correlation rules are reported as errors. */
size_t sigma_ruleset_filter_count(const sigma_ruleset *rs);

/* One field of a record.  Both strings are NUL-terminated UTF-8; the
 * engine never keeps them past sigma_eval. */
typedef struct {
  const char *name;
  const char *value;
} sigma_field;

/* What a record is, for choosing the rules that apply (see the mapping),
 * and its fields.  Any member may be NULL / -1 when unknown.
 *   Windows event: product "windows", channel, event_id, provider.
 *   Web server access log: category "webserver"; proxy log: "proxy".
 *   Anything else: its Sigma product / category / service directly. */
typedef struct {
  const char *product, *category, *service;
  const char *channel, *provider;
  long event_id;
  const sigma_field *fields;
  size_t nfields;
} sigma_record;

/* Per-thread evaluation state (field table, prefilter marks, regex match
 * data, bucket cache). */
typedef struct sigma_scratch sigma_scratch;
sigma_scratch *sigma_scratch_new(const sigma_ruleset *rs);
void sigma_scratch_free(sigma_scratch *s);

/* One result of sigma_eval.  undecided is set when a bound stopped the
 * evaluation of this rule on this record (a regular expression hit its
 * match limit): the rule neither matched nor was ruled out, why says so,
 * and the caller should mark its result incomplete. */
typedef struct {
  const sigma_rule *rule;
  int undecided;
  const char *why;
} sigma_hit;
typedef void (*sigma_hit_fn)(void *user, const sigma_hit *hit, const sigma_record *rec);

/* Evaluates every rule that applies to rec; calls fn once per matching
 * rule, in load order (and once per undecided one).  Returns the number of
 * matches. */
size_t sigma_eval(sigma_scratch *s, const sigma_record *rec, sigma_hit_fn fn, void *user);

/* Counters since the scratch was made: rules whose condition was
 * evaluated, and rules skipped by the buckets and the prefilter. */
typedef struct {
  unsigned long long records, applicable, evaluated, matched, undecided;
} sigma_stats;
sigma_stats sigma_scratch_stats(const sigma_scratch *s);

#endif
