/*
 * util.h - allocation wrappers, a growable byte buffer and a string list
 * shared by the library's modules.
 *
 * Out of memory has one policy, stated here: the process stops with a
 * message (util_oom), as git's xmalloc does.  There is no meaningful
 * recovery from it in the middle of a scan, and an error code for it that
 * callers must thread through would be one more way to lose a result.
 * Input-sized reads (file contents) are bounded by the memory budget
 * (--max-memory) before they allocate, so hostile input cannot reach this.
 *
 * The small helpers are static inline: they are on every hot path, and the
 * library's only global symbols here are the util_ ones.
 */
#ifndef SS_UTIL_H
#define SS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints "shellsift: out of memory allocating N bytes" and aborts. */
_Noreturn void util_oom(size_t n);

static inline void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) util_oom(n);
  return p;
}

static inline void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) util_oom(n * size);
  return p;
}

static inline void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) util_oom(n);
  return q;
}

static inline char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

static inline char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

/* A growable buffer, always NUL-terminated after its len bytes. */
typedef struct {
  char *data;
  size_t len, cap;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}

/* Makes room for extra more bytes (and the NUL): the slow path of sb_grow. */
void util_sb_expand(strbuf *sb, size_t extra);

static inline void sb_grow(strbuf *sb, size_t extra) {
  if (sb->len + extra + 1 > sb->cap) util_sb_expand(sb, extra);
}

static inline void sb_add(strbuf *sb, const void *data, size_t len) {
  sb_grow(sb, len);
  if (len) memcpy(sb->data + sb->len, data, len);
  sb->len += len;
  sb->data[sb->len] = '\0';
}

static inline void sb_adds(strbuf *sb, const char *s) { sb_add(sb, s, strlen(s)); }
static inline void sb_addc(strbuf *sb, char c) { sb_add(sb, &c, 1); }

static inline void sb_reset(strbuf *sb) {
  sb->len = 0;
  if (sb->data) sb->data[0] = '\0';
}

static inline void sb_free(strbuf *sb) {
  free(sb->data);
  sb->data = NULL;
  sb->len = sb->cap = 0;
}

/* Hands the buffer to the caller (who frees it) and resets sb. */
static inline char *sb_detach(strbuf *sb) {
  sb_grow(sb, 0);
  char *p = sb->data;
  sb->data = NULL;
  sb->len = sb->cap = 0;
  return p;
}

void util_sb_vaddf(strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
#define sb_vaddf util_sb_vaddf

static inline __attribute__((format(printf, 2, 3))) void sb_addf(strbuf *sb, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  util_sb_vaddf(sb, fmt, ap);
  va_end(ap);
}

/* Returns a newly allocated, formatted string. */
static inline __attribute__((format(printf, 1, 2))) char *xasprintf(const char *fmt, ...) {
  strbuf sb = STRBUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  util_sb_vaddf(&sb, fmt, ap);
  va_end(ap);
  return sb_detach(&sb);
}

/* A list of owned strings (paths, globs). */
typedef struct {
  char **items;
  size_t n;
} strlist;

static inline void strlist_add(strlist *l, const char *s) {
  l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
  l->items[l->n++] = xstrdup(s);
}

static inline void strlist_free(strlist *l) {
  for (size_t i = 0; i < l->n; i++) free(l->items[i]);
  free(l->items);
  l->items = NULL;
  l->n = 0;
}

static inline void strlist_copy(strlist *dst, const strlist *src) {
  for (size_t i = 0; i < src->n; i++) strlist_add(dst, src->items[i]);
}

/* Receives one message per problem in a line-oriented source (line 0:
 * about the whole source). */
typedef void (*line_warn_fn)(void *user, const char *source, unsigned line, const char *message);
/* Formats a warning and passes it to warn, counting in *count: after max
 * messages from one source comes one "suppressed" notice, then silence, so
 * a binary file fed as a list cannot flood the output. */
void util_capped_warn(line_warn_fn warn, void *user, const char *source, unsigned *count, unsigned max,
                      unsigned line, const char *fmt, va_list ap) __attribute__((format(printf, 7, 0)));

/* base joined with a '/'-separated relative path, each part matched
 * ignoring case and never a symbolic link; NULL if a part is missing;
 * malloc'ed (path.c). */
char *util_resolve_nocase(const char *base, const char *rel);

#endif
