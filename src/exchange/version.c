/*
 * version.c - Exchange build numbers (major.minor.build.revision): parsing
 * the forms that appear in headers, logs and file versions ("15.1.2375.7",
 * the zero-padded "15.01.2375.007" of HttpProxy log headers, and the
 * three-part CU-only "15.1.2375" of /owa/auth/ paths), ordering and
 * printing.  Input is untrusted: every part is bounded to 0..65535, the
 * 16-bit halves of a PE file version, and trailing junk is refused.
 */
#include <stdio.h>

#include "exchange/exchange.h"

#define PART_MAX 65535

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Reads one decimal part at s[*i]; leading zeros are fine, but the value
 * is checked digit by digit so that no digit string can overflow. */
static int read_part(const char *s, size_t len, size_t *i, int *out) {
  size_t start = *i;
  long v = 0;
  while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
    v = v * 10 + (s[*i] - '0');
    if (v > PART_MAX) return -1;
    (*i)++;
  }
  if (*i == start) return -1;
  *out = (int)v;
  return 0;
}

int exchange_version_parse(const char *s, size_t len, ex_version *out) {
  if (!s || !out) return -1;
  size_t i = 0;
  while (i < len && is_space(s[i])) i++;
  while (len > i && is_space(s[len - 1])) len--;
  int part[4] = {0, 0, 0, -1};
  int n = 0;
  for (;;) {
    if (read_part(s, len, &i, &part[n]) != 0) return -1;
    n++;
    if (i == len) break;
    if (s[i] != '.' || n == 4) return -1;
    i++;
  }
  if (n < 3) return -1;
  out->major = part[0];
  out->minor = part[1];
  out->build = part[2];
  out->revision = part[3];
  return 0;
}

static int cmp_int(int a, int b) { return (a > b) - (a < b); }

int exchange_version_cmp(const ex_version *a, const ex_version *b) {
  int c = cmp_int(a->major, b->major);
  if (!c) c = cmp_int(a->minor, b->minor);
  if (!c) c = cmp_int(a->build, b->build);
  if (!c) c = cmp_int(a->revision, b->revision);
  return c;
}

void exchange_version_format(const ex_version *v, char *buf, size_t size) {
  if (!buf || size == 0) return;
  if (v->revision < 0)
    snprintf(buf, size, "%d.%d.%d", v->major, v->minor, v->build);
  else
    snprintf(buf, size, "%d.%d.%d.%d", v->major, v->minor, v->build, v->revision);
}
