/*
 * text.c - the case-insensitive search every reader and rule needs: log
 * fields and indicators are compared ignoring ASCII case, as
 * Test-ProxyLogon's -like and Select-String do.
 */
#include "logs/logs.h"

const char *logs_find_nocase(const char *s, size_t n, const char *needle) {
  size_t m = strlen(needle);
  if (!m) return s;
  if (m > n) return NULL;
  unsigned char lo = (unsigned char)needle[0] | 0x20, up = lo;
  if (lo >= 'a' && lo <= 'z') up = (unsigned char)(lo & ~0x20);
  else lo = up = (unsigned char)needle[0];
  const char *end = s + n - m + 1;
  for (const char *p = s; p < end;) {
    const char *a = memchr(p, lo, (size_t)(end - p));
    const char *b = up != lo ? memchr(p, up, (size_t)((a ? a : end) - p)) : NULL;
    const char *c = b ? b : a;
    if (!c) return NULL;
    if (!strncasecmp(c + 1, needle + 1, m - 1)) return c;
    p = c + 1;
  }
  return NULL;
}

size_t logs_count_byte(const char *s, size_t n, char c) {
  /* 16 bytes at a time with the compilers' generic vectors: each lane
   * counts its matches (at most 255 steps before they are summed), so a
   * line costs a few nanoseconds, not one branch per byte */
  typedef unsigned char v16 __attribute__((vector_size(16)));
  v16 cv;
  for (int k = 0; k < 16; k++) cv[k] = (unsigned char)c;
  size_t total = 0, i = 0;
  while (i + 16 <= n) {
    v16 acc = {0};
    for (int k = 0; k < 255 && i + 16 <= n; k++, i += 16) {
      v16 x;
      memcpy(&x, s + i, 16);
      acc -= (v16)(x == cv);
    }
    for (int k = 0; k < 16; k++) total += acc[k];
  }
  for (; i < n; i++) total += s[i] == c;
  return total;
}
