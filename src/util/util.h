/*
 * util.h - allocation wrappers and a growable byte buffer shared by the
 * library's modules.  Allocation failure of these small, bounded objects
 * aborts with a message: there is no meaningful recovery from it in the
 * middle of a scan.  Large, input-sized allocations (file contents) do not
 * use these wrappers and handle failure themselves.
 */
#ifndef SS_UTIL_H
#define SS_UTIL_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated, formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable buffer, always NUL-terminated after its len bytes. */
typedef struct {
  char *data;
  size_t len, cap;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}
void sb_grow(strbuf *sb, size_t extra);
void sb_add(strbuf *sb, const void *data, size_t len);
void sb_adds(strbuf *sb, const char *s);
void sb_addc(strbuf *sb, char c);
void sb_vaddf(strbuf *sb, const char *fmt, va_list ap);
void sb_addf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_reset(strbuf *sb);
void sb_free(strbuf *sb);
/* Hands the buffer to the caller (who frees it) and resets sb. */
char *sb_detach(strbuf *sb);

/* Receives one message per problem in a line-oriented source (line 0:
 * about the whole source). */
typedef void (*line_warn_fn)(void *user, const char *source, unsigned line, const char *message);
/* Formats a warning and passes it to warn, counting in *count: after max
 * messages from one source comes one "suppressed" notice, then silence, so
 * a binary file fed as a list cannot flood the output. */
void capped_warn(line_warn_fn warn, void *user, const char *source, unsigned *count, unsigned max,
                 unsigned line, const char *fmt, va_list ap);

#endif
