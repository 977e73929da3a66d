/*
 * error.c - names for error codes and severities, and the score-to-severity
 * mapping every output uses (so "high" means the same thing everywhere),
 * and the exit status a scan's totals call for.
 */
#include "shellsift.h"

const char *ss_strerror(ss_err err) {
  switch (err) {
  case SS_OK: return "no error";
  case SS_ERR_ARG: return "invalid argument";
  case SS_ERR_IO: return "a file could not be read or written (see the warnings)";
  case SS_ERR_RULES: return "no usable rules";
  case SS_ERR_IOC: return "cannot read an IOC source";
  case SS_ERR_ENGINE: return "the rules engine failed";
  case SS_ERR_INTERNAL: return "internal error";
  }
  return "unknown error";
}

const char *ss_severity_name(ss_severity sev) {
  switch (sev) {
  case SS_SEV_LOW: return "low";
  case SS_SEV_MEDIUM: return "medium";
  case SS_SEV_HIGH: return "high";
  case SS_SEV_CRITICAL: return "critical";
  }
  return "low";
}

ss_severity ss_severity_from_score(int score) {
  if (score >= 90) return SS_SEV_CRITICAL;
  if (score >= 70) return SS_SEV_HIGH;
  if (score >= 40) return SS_SEV_MEDIUM;
  return SS_SEV_LOW;
}

int ss_exit_status(const ss_stats *stats) {
  if (stats->findings) return 1;
  return stats->incomplete ? 2 : 0;
}
