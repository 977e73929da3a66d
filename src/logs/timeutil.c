/*
 * timeutil.c - log timestamps to UTC seconds.  IIS writes "YYYY-MM-DD" and
 * "HH:MM:SS" in two fields, Exchange "YYYY-MM-DDTHH:MM:SS.fffZ", both UTC
 * (IIS logFile schema; Exchange log headers), so no time zone is applied
 * to them.  Apache, nginx and Tomcat write local time with its offset
 * ("10/Oct/2000:13:55:36 -0700", nginx also ISO 8601 with an offset): the
 * offset is applied.  Parsing is strict on digits and ranges: a malformed
 * time is "unknown", never a guess.
 */
#include "logs/logs.h"

int64_t logs_days_from_civil(int64_t y, unsigned m, unsigned d) {
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

static int64_t civil(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned se) {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return SS_TIME_UNKNOWN;
  return logs_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

int64_t logs_parse_time(const char *s, size_t n) {
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
  return civil(y, mo, d, h, mi, se);
}

/* "+0200" / "-07:00" at s: the offset east of UTC in seconds; -1 if none. */
static int offset(const char *s, size_t n, int64_t *off) {
  unsigned h, m;
  if (n < 5 || (s[0] != '+' && s[0] != '-') || digits(s, n, 1, 2, &h)) return -1;
  size_t at = s[3] == ':' ? 4 : 3;
  if (digits(s, n, at, 2, &m) || h > 23 || m > 59) return -1;
  *off = (int64_t)(h * 3600 + m * 60) * (s[0] == '-' ? -1 : 1);
  return 0;
}

int64_t logs_parse_clf_time(const char *s, size_t n) {
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  unsigned d, y, h, mi, se, mo = 0;
  if (n < 20 || digits(s, n, 0, 2, &d) || s[2] != '/' || s[6] != '/' || digits(s, n, 7, 4, &y) || s[11] != ':' ||
      digits(s, n, 12, 2, &h) || s[14] != ':' || digits(s, n, 15, 2, &mi) || s[17] != ':' ||
      digits(s, n, 18, 2, &se))
    return SS_TIME_UNKNOWN;
  for (unsigned i = 0; i < 12 && !mo; i++)
    if (!strncmp(s + 3, months + 3 * i, 3)) mo = i + 1;
  int64_t t = civil(y, mo, d, h, mi, se), off = 0;
  if (t == SS_TIME_UNKNOWN) return t;
  if (n >= 26 && s[20] == ' ' && offset(s + 21, n - 21, &off) != 0) return SS_TIME_UNKNOWN;
  return t - off;
}

int64_t logs_parse_iso_time(const char *s, size_t n) {
  int64_t t = logs_parse_time(s, n), off = 0;
  if (t == SS_TIME_UNKNOWN || n < 19 || s[10] != 'T') return t;
  size_t i = 19;
  if (i < n && s[i] == '.')
    for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
    }
  if (i < n && s[i] != 'Z' && offset(s + i, n - i, &off) != 0) return SS_TIME_UNKNOWN;
  return t - off;
}
