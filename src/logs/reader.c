/*
 * reader.c - streams a log file as lines in constant memory: a read buffer
 * of max_line plus one read chunk, whatever the file size.  .gz content
 * (rotated logs) is inflated through zlib as it is read.  CR before LF and a
 * UTF-8 BOM at the start are dropped.  A line longer than max_line is
 * skipped up to its newline and reported, so a 50 MB line (or a
 * binary file without newlines) costs no memory and no hang.
 */
#include "logs/logs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (256u << 10)

struct lreader {
  int fd;
  gzFile gz;
  char *buf;
  size_t cap, start, end, max_line;
  int eof, skipping, first;
  uint64_t lineno, bytes;
  const char *error;
};

static int open_evidence(const char *path) {
  int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
  int fd = open(path, flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = open(path, flags); /* O_NOATIME needs ownership */
  return fd;
}

lreader *lr_open(const char *path, size_t max_line, const char **why) {
  int fd = open_evidence(path);
  if (fd < 0) {
    /* strerrordesc_np: a static string, safe with several reader threads */
    *why = errno == ELOOP ? "is a symbolic link: not followed" : strerrordesc_np(errno);
    if (!*why) *why = "cannot open";
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    *why = "not a regular file";
    close(fd);
    return NULL;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  lreader *r = xcalloc(1, sizeof *r);
  r->fd = fd;
  r->max_line = max_line;
  r->cap = max_line + 1 + CHUNK;
  r->buf = malloc(r->cap);
  r->first = 1;
  if (!r->buf) {
    *why = "out of memory for the line buffer";
    close(fd);
    free(r);
    return NULL;
  }
  unsigned char magic[2];
  if (pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    r->gz = gzdopen(fd, "rb");
    if (!r->gz) {
      *why = "cannot start gzip decompression";
      lr_close(r);
      return NULL;
    }
    gzbuffer(r->gz, CHUNK);
  }
  return r;
}

void lr_close(lreader *r) {
  if (!r) return;
  if (r->gz) gzclose_r(r->gz); /* closes fd too */
  else close(r->fd);
  free(r->buf);
  free(r);
}

/* Appends up to CHUNK bytes at end; sets eof at the end or on error. */
static void fill(lreader *r) {
  if (r->start) {
    memmove(r->buf, r->buf + r->start, r->end - r->start);
    r->end -= r->start;
    r->start = 0;
  }
  size_t room = r->cap - r->end;
  if (room > CHUNK) room = CHUNK;
  ssize_t got;
  if (r->gz) {
    got = gzread(r->gz, r->buf + r->end, (unsigned)room);
    int zerr = Z_OK;
    if (got <= 0) gzerror(r->gz, &zerr);
    if (got < 0 || (got == 0 && zerr != Z_OK)) /* Z_BUF_ERROR: the stream ends early */
      r->error = zerr == Z_BUF_ERROR ? "gzip stream ends early (truncated file)" : "gzip data is corrupt";
    if (got < 0) got = 0;
  } else {
    do got = read(r->fd, r->buf + r->end, room);
    while (got < 0 && errno == EINTR);
    if (got < 0) r->error = "read error", got = 0;
  }
  if (got == 0) r->eof = 1;
  r->end += (size_t)got;
  r->bytes += (uint64_t)got;
}

int lr_next(lreader *r, const char **p, size_t *n, uint64_t *lineno) {
  for (;;) {
    char *s = r->buf + r->start;
    char *nl = r->end > r->start ? memchr(s, '\n', r->end - r->start) : NULL;
    size_t len;
    if (nl) {
      len = (size_t)(nl - s);
      r->start += len + 1;
    } else if (r->end - r->start > r->max_line) {
      r->skipping = 1;
      r->start = r->end; /* drop what we have; keep reading to the newline */
      fill(r);
      continue;
    } else if (!r->eof) {
      fill(r);
      continue;
    } else if (r->end > r->start) {
      len = r->end - r->start; /* last line without a newline */
      r->start = r->end;
    } else {
      return 0;
    }
    r->lineno++;
    if (r->skipping || len > r->max_line) {
      r->skipping = 0;
      *lineno = r->lineno;
      return 2;
    }
    if (len && s[len - 1] == '\r') len--;
    if (r->first) {
      r->first = 0;
      if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) s += 3, len -= 3;
    }
    *p = s;
    *n = len;
    *lineno = r->lineno;
    return 1;
  }
}

const char *lr_error(const lreader *r) { return r->error; }
uint64_t lr_bytes(const lreader *r) { return r->bytes; }

char *lr_peek(lreader *r, size_t max, size_t *len) {
  while (!r->eof && r->end - r->start < max && r->end < r->cap) fill(r);
  size_t n = r->end - r->start;
  if (n > max) n = max;
  char *out = xmalloc(n + 1);
  memcpy(out, r->buf + r->start, n);
  out[n] = '\0';
  *len = n;
  return out;
}
