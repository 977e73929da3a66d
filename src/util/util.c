/*
 * util.c - the out-of-line parts of util.h: the out-of-memory stop, buffer
 * growth and formatting, capped warnings.
 */
#include "util.h"

_Noreturn void util_oom(size_t n) {
  fprintf(stderr, "shellsift: out of memory allocating %zu bytes\n", n);
  abort();
}

void util_sb_expand(strbuf *sb, size_t extra) {
  size_t cap = sb->cap ? sb->cap : 64;
  while (cap < sb->len + extra + 1) cap *= 2;
  sb->data = xrealloc(sb->data, cap);
  sb->data[sb->len] = '\0';
  sb->cap = cap;
}

void util_sb_vaddf(strbuf *sb, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n <= 0) return;
  sb_grow(sb, (size_t)n);
  vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
  sb->len += (size_t)n;
}

void util_capped_warn(line_warn_fn warn, void *user, const char *source, unsigned *count, unsigned max,
                      unsigned line, const char *fmt, va_list ap) {
  if (!warn || *count > max) return;
  char msg[512];
  if ((*count)++ == max)
    snprintf(msg, sizeof msg, "more than %u problems; further warnings for this source suppressed", max);
  else
    vsnprintf(msg, sizeof msg, fmt, ap);
  warn(user, source, line, msg);
}
