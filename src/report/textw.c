/*
 * textw.c - what every text renderer shares (see writer.h): escaping for
 * the terminal, counts with thousands separators, tenths without the
 * locale, severity colours and labels.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report/writer.h"
#include "util/escape.h"

#define LABEL_WIDTH 8 /* strlen("CRITICAL") */

void report_text_term(strbuf *sb, unsigned term_flags, const char *s) {
  util_esc_term_n(sb, nz(s), strlen(nz(s)), SIZE_MAX, term_flags);
}

void report_text_count(strbuf *sb, uint64_t n) {
  char digits[24];
  int len = snprintf(digits, sizeof digits, "%" PRIu64, n);
  for (int i = 0; i < len; i++) {
    if (i > 0 && (len - i) % 3 == 0) sb_addc(sb, ',');
    sb_addc(sb, digits[i]);
  }
}

void report_text_counted(strbuf *sb, uint64_t n, const char *one, const char *many) {
  report_text_count(sb, n);
  sb_addf(sb, " %s", n == 1 ? one : many);
}

void report_text_tenths(strbuf *sb, uint64_t thousandths) {
  uint64_t tenths = (thousandths + 50) / 100;
  sb_addf(sb, "%" PRIu64 ".%u", tenths / 10, (unsigned)(tenths % 10));
}

const char *report_text_severity_color(ss_severity sev) {
  switch (sev) {
  case SS_SEV_CRITICAL: return "\x1b[1;31m";
  case SS_SEV_HIGH: return "\x1b[31m";
  case SS_SEV_MEDIUM: return "\x1b[33m";
  case SS_SEV_LOW: return "\x1b[36m";
  }
  return "";
}

void report_text_severity_counts(strbuf *sb, const uint64_t by_severity[4]) {
  const char *sep = "";
  for (int s = SS_SEV_CRITICAL; s >= SS_SEV_LOW; s--) {
    if (!by_severity[s]) continue;
    sb_adds(sb, sep);
    report_text_count(sb, by_severity[s]);
    sb_addf(sb, " %s", ss_severity_name((ss_severity)s));
    sep = ", ";
  }
}

void report_text_severity_label(strbuf *sb, ss_severity sev, int color) {
  const char *name = ss_severity_name(sev);
  size_t n = strlen(name);
  if (color) sb_adds(sb, report_text_severity_color(sev));
  for (size_t i = 0; i < n; i++) sb_addc(sb, (char)toupper((unsigned char)name[i]));
  if (color) sb_adds(sb, "\x1b[0m");
  for (size_t i = n; i < LABEL_WIDTH; i++) sb_addc(sb, ' ');
}
