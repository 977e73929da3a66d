/*
 * rules.h - the YARA side of the engine: compiles the built-in pack and the
 * user's rule files into one YR_RULES, and scans buffers with a per-thread
 * scanner that sets the external variables community rule sets expect.
 */
#ifndef SS_RULES_H
#define SS_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "shellsift.h"
#include "util/util.h"

typedef struct rules rules;
typedef struct rule_scanner rule_scanner;

/* Compiles the built-in rules (if builtin) and every file named in paths
 * (a file, or a directory searched for .yar/.yara).  A file that fails to
 * compile is reported through warn (path, line 0, "line N: message") and
 * left out.  *out is NULL, with SS_OK, when there are no rules.  Fails with
 * SS_ERR_IO when a named path cannot be read, SS_ERR_ENGINE when libyara
 * (or the built-in pack) fails. */
ss_err match_rules_compile(int builtin, const strlist *paths, line_warn_fn warn, void *user, rules **out);
void match_rules_free(rules *r);
size_t match_rules_count(const rules *r);

typedef struct {
  const char *filename;  /* base name */
  const char *filepath;  /* full path */
  const char *extension; /* lowercase, no dot */
  const char *filetype;  /* "PHP", "ASPX", ... or "" */
} file_vars;

rule_scanner *match_rule_scanner_new(rules *r, unsigned timeout_seconds);
void match_rule_scanner_free(rule_scanner *rs);

/* Where a scan's matches go: one reason per matching rule (its meta), and
 * the first match of each of its strings as an excerpt.  Strings live as
 * long as the compiled rules. */
typedef struct {
  void (*reason)(void *user, const char *rule, const char *category, const char *description,
                 const char *reference, int score);
  void (*excerpt)(void *user, const char *rule, const char *identifier, uint64_t offset,
                  const unsigned char *data, size_t len);
  void *user;
} match_sink;

typedef enum { RULE_SCAN_OK, RULE_SCAN_TIMEOUT, RULE_SCAN_ERROR } rule_scan_result;
rule_scan_result match_rule_scan(rule_scanner *rs, const unsigned char *buf, size_t len,
                           const file_vars *vars, const match_sink *sink);

#endif
