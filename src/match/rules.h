/*
 * rules.h - the YARA side of the engine: compiles the built-in pack and the
 * user's rule files into one YR_RULES, and scans buffers with a per-thread
 * scanner that sets the external variables community rule sets expect.
 */
#ifndef SS_RULES_H
#define SS_RULES_H

#include "core/config.h"
#include "core/finding.h"

typedef struct rules rules;
typedef struct rule_scanner rule_scanner;

/* Compiles the built-in rules (if cfg->builtin) and every file named by
 * cfg->rule_paths.  A file that fails to compile is reported through cb
 * (file:line: message) and left out.  *out is NULL, with SS_OK, when there
 * are no rules at all. */
ss_err rules_compile(const ss_config_t *cfg, ss_event_cb cb, void *user, rules **out);
void rules_free(rules *r);
size_t rules_count(const rules *r);

typedef struct {
  const char *filename;  /* base name */
  const char *filepath;  /* full path */
  const char *extension; /* lowercase, no dot */
  const char *filetype;  /* "PHP", "ASPX", ... or "" */
} file_vars;

rule_scanner *rule_scanner_new(rules *r, unsigned timeout_seconds);
void rule_scanner_free(rule_scanner *rs);

typedef enum { RULE_SCAN_OK, RULE_SCAN_TIMEOUT, RULE_SCAN_ERROR } rule_scan_result;
/* Adds a reason (and up to a few excerpts) to fb for each matching rule. */
rule_scan_result rule_scan(rule_scanner *rs, const unsigned char *buf, size_t len,
                           const file_vars *vars, finding_builder *fb);

#endif
