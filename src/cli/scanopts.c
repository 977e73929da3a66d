/*
 * scanopts.c - the options `scan` and `sweep` share: what to scan, rules and
 * indicators, content analysis.  One getopt table (ENGINE_OPTIONS in
 * cli.h), one help text and one parser, so the two commands cannot drift
 * apart.
 */
#include "cli/cli.h"

static int bad(const char *cmd, const char *what, const char *value) {
  fprintf(stderr, "shellsift %s: invalid %s '%s'\n", cmd, what, value);
  return -1;
}

int engine_option(const char *cmd, int c, const char *arg, ss_config_t *cfg, engine_args *a) {
  uint64_t size;
  unsigned n;
  switch (c) {
  case OPT_EXCLUDE: ss_config_add_exclude(cfg, arg); break;
  case OPT_MAX_SIZE:
    if (parse_size(arg, &size)) return bad(cmd, "--max-size", arg);
    ss_config_set_max_size(cfg, size);
    break;
  case OPT_ALL_FILES: ss_config_set_all_files(cfg, 1); break;
  case OPT_CROSS_MOUNTS: ss_config_set_cross_mounts(cfg, 1); break;
  case OPT_THREADS:
    if (parse_uint(arg, 1, 1024, &n)) return bad(cmd, "--threads", arg);
    ss_config_set_threads(cfg, n);
    break;
  case OPT_RULES: ss_config_add_rules(cfg, arg); break;
  case OPT_IOCS: ss_config_add_iocs(cfg, arg); break;
  case OPT_NO_BUILTIN: ss_config_set_builtin(cfg, 0); break;
  case OPT_RULE_TIMEOUT:
    if (parse_uint(arg, 1, 86400, &n)) return bad(cmd, "--rule-timeout", arg);
    ss_config_set_rule_timeout(cfg, n);
    break;
  case OPT_MAX_MEMORY:
    if (parse_size(arg, &size) || ss_config_set_max_memory(cfg, size) != SS_OK)
      return bad(cmd, "--max-memory (at least 1M)", arg);
    break;
  case OPT_NO_ANALYSIS: ss_config_set_analysis(cfg, 0); break;
  case OPT_NO_MODEL: ss_config_set_model(cfg, 0); break;
  case OPT_DECODE_DEPTH:
    if (parse_uint(arg, 1, 32, &a->depth)) return bad(cmd, "--decode-depth", arg);
    break;
  case OPT_DECODE_MAX:
    if (parse_size(arg, &a->decoded) || a->decoded < 4096 || a->decoded > (1ull << 32))
      return bad(cmd, "--decode-max", arg);
    break;
  case OPT_ANALYSIS_TIMEOUT:
    if (parse_uint(arg, 0, 3600000, &a->millis)) return bad(cmd, "--analysis-timeout", arg);
    break;
  default: return 0;
  }
  return 1;
}

void engine_options_apply(ss_config_t *cfg, const engine_args *a) {
  ss_config_set_analysis_limits(cfg, a->depth, a->decoded, a->millis);
}
