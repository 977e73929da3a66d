/*
 * util.c - the aborting allocation wrappers and strbuf (see util.h).
 */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n) {
  fprintf(stderr, "shellsift: out of memory allocating %zu bytes\n", n);
  abort();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) out_of_memory(n);
  return p;
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) out_of_memory(n * size);
  return p;
}

void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) out_of_memory(n);
  return q;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *xasprintf(const char *fmt, ...) {
  strbuf sb = STRBUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(&sb, fmt, ap);
  va_end(ap);
  return sb_detach(&sb);
}

void sb_grow(strbuf *sb, size_t extra) {
  if (sb->len + extra + 1 <= sb->cap) return;
  size_t cap = sb->cap ? sb->cap : 64;
  while (cap < sb->len + extra + 1) cap *= 2;
  sb->data = xrealloc(sb->data, cap);
  sb->data[sb->len] = '\0';
  sb->cap = cap;
}

void sb_add(strbuf *sb, const void *data, size_t len) {
  sb_grow(sb, len);
  if (len) memcpy(sb->data + sb->len, data, len);
  sb->len += len;
  sb->data[sb->len] = '\0';
}

void sb_adds(strbuf *sb, const char *s) { sb_add(sb, s, strlen(s)); }

void sb_addc(strbuf *sb, char c) { sb_add(sb, &c, 1); }

void sb_vaddf(strbuf *sb, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n <= 0) return;
  sb_grow(sb, (size_t)n);
  vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
  sb->len += (size_t)n;
}

void sb_addf(strbuf *sb, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(sb, fmt, ap);
  va_end(ap);
}

void sb_reset(strbuf *sb) {
  sb->len = 0;
  if (sb->data) sb->data[0] = '\0';
}

void sb_free(strbuf *sb) {
  free(sb->data);
  sb->data = NULL;
  sb->len = sb->cap = 0;
}

char *sb_detach(strbuf *sb) {
  if (!sb->data) sb_grow(sb, 0), sb->data[0] = '\0';
  char *p = sb->data;
  sb->data = NULL;
  sb->len = sb->cap = 0;
  return p;
}

void capped_warn(line_warn_fn warn, void *user, const char *source, unsigned *count, unsigned max,
                 unsigned line, const char *fmt, va_list ap) {
  if (!warn || *count > max) return;
  char msg[512];
  if ((*count)++ == max)
    snprintf(msg, sizeof msg, "more than %u problems; further warnings for this source suppressed", max);
  else
    vsnprintf(msg, sizeof msg, fmt, ap);
  warn(user, source, line, msg);
}
