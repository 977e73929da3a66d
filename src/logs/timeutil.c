/*
 * timeutil.c - log timestamps to UTC seconds.  IIS writes "YYYY-MM-DD" and
 * "HH:MM:SS" in two fields, Exchange "YYYY-MM-DDTHH:MM:SS.fffZ"; both are
 * UTC (facts §5.1, §5.2), so no time zone is ever applied.  Parsing is
 * strict on digits and ranges: a malformed time is "unknown", never a
 * guess.
 */
#include "logs/logs.h"

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  /* Howard Hinnant's algorithm: exact for the proleptic Gregorian calendar. */
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

static int digits(const char *s, size_t n, size_t at, size_t len, unsigned *out) {
  unsigned v = 0;
  if (at + len > n) return -1;
  for (size_t i = at; i < at + len; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (unsigned)(s[i] - '0');
  }
  *out = v;
  return 0;
}

int64_t parse_log_time(const char *s, size_t n) {
  unsigned y, mo, d, h = 0, mi = 0, se = 0;
  if (digits(s, n, 0, 4, &y) || n < 10 || s[4] != '-' || digits(s, n, 5, 2, &mo) || s[7] != '-' ||
      digits(s, n, 8, 2, &d))
    return SS_TIME_UNKNOWN;
  if (n > 10) {
    if (s[10] != ' ' && s[10] != 'T') return SS_TIME_UNKNOWN;
    if (digits(s, n, 11, 2, &h) || n < 19 || s[13] != ':' || digits(s, n, 14, 2, &mi) || s[16] != ':' ||
        digits(s, n, 17, 2, &se))
      return SS_TIME_UNKNOWN;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return SS_TIME_UNKNOWN;
  return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}
