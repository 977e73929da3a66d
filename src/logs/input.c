/*
 * input.c - a log as lines, in constant memory: a read buffer of max_line
 * plus one read chunk, whatever the size of the log.  The bytes come from
 * a file (read-only, never through a symbolic link, access time kept) or
 * a memory buffer; gzip content (rotated logs, .gz) is inflated as it is
 * read, concatenated members included.  CR before LF and a UTF-8 BOM at
 * the start are dropped.  A line longer than max_line is skipped up to its
 * newline and reported, so a 50 MB line (or a binary file without
 * newlines) costs no memory and no hang.
 *
 * With a scan hook (the prefilter), every block of complete lines is
 * scanned once, as a whole, before its first line is handed out: one pass
 * of a multi-pattern matcher over a block is much cheaper than one per
 * line, and each line then asks which patterns fell inside it.
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

struct logs_input {
  int fd;                    /* -1: memory */
  const unsigned char *mem;  /* memory: the data, and how far it was read */
  size_t mem_len, mem_pos;
  int gz, zdone;             /* gzip: inflating; the compressed input ended */
  z_stream z;
  unsigned char *zin;        /* compressed bytes read from fd */
  char *buf;
  size_t cap, start, end, max_line;
  int eof, skipping, first;
  uint64_t lineno, bytes;
  uint64_t base;             /* stream offset of buf[0] */
  uint64_t scanned;          /* stream offset up to which the hook has scanned */
  uint64_t line_off, line_len;
  logs_scan_hook hook;
  int has_hook;
  const char *error;
};

static int open_evidence(const char *path) {
  int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
  int fd = open(path, flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = open(path, flags); /* O_NOATIME needs ownership */
  return fd;
}

static logs_input *input_new(int fd, const void *mem, size_t mem_len, size_t max_line) {
  logs_input *in = xcalloc(1, sizeof *in);
  in->fd = fd;
  in->mem = mem;
  in->mem_len = mem_len;
  in->max_line = max_line;
  in->cap = max_line + 1 + CHUNK;
  in->buf = xmalloc(in->cap);
  in->first = 1;
  return in;
}

/* Raw (possibly compressed) bytes from the file or the buffer; 0 at the
 * end, -1 on a read error. */
static ssize_t source_read(logs_input *in, void *dst, size_t room) {
  if (in->fd < 0) {
    size_t n = in->mem_len - in->mem_pos < room ? in->mem_len - in->mem_pos : room;
    if (n) memcpy(dst, in->mem + in->mem_pos, n);
    in->mem_pos += n;
    return (ssize_t)n;
  }
  ssize_t got;
  do got = read(in->fd, dst, room);
  while (got < 0 && errno == EINTR);
  return got;
}

static void start_gzip(logs_input *in) {
  in->gz = 1;
  if (in->fd >= 0) in->zin = xmalloc(CHUNK);
  if (inflateInit2(&in->z, 15 + 32) != Z_OK) in->error = "cannot start gzip decompression", in->eof = 1;
}

/* Inflates up to room bytes into dst; 0 at the end of the stream. */
static size_t inflate_some(logs_input *in, char *dst, size_t room) {
  in->z.next_out = (unsigned char *)dst;
  in->z.avail_out = (unsigned)room;
  while (in->z.avail_out == room) {
    if (in->z.avail_in == 0 && !in->zdone) {
      if (in->fd < 0) { /* the whole buffer at once */
        in->z.next_in = (unsigned char *)in->mem + in->mem_pos;
        size_t n = in->mem_len - in->mem_pos;
        in->z.avail_in = n > UINT32_MAX ? UINT32_MAX : (unsigned)n;
        in->mem_pos += in->z.avail_in;
      } else {
        ssize_t got = source_read(in, in->zin, CHUNK);
        if (got < 0) {
          in->error = "read error";
          return 0;
        }
        in->z.next_in = in->zin;
        in->z.avail_in = (unsigned)got;
      }
      if (in->z.avail_in == 0) in->zdone = 1;
    }
    int rc = inflate(&in->z, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      /* another gzip member may follow (concatenated .gz files) */
      if (in->z.avail_in == 0 && in->zdone) break;
      if (in->z.avail_in == 0) continue; /* read on: a member may follow, or the end */
      if (in->z.next_in[0] != 0x1f || (in->z.avail_in > 1 && in->z.next_in[1] != 0x8b)) {
        in->zdone = 1, in->z.avail_in = 0; /* padding after the last member, as gzip ignores */
        break;
      }
      if (inflateReset(&in->z) != Z_OK) break;
      continue;
    }
    if (rc == Z_BUF_ERROR && in->zdone) {
      in->error = "gzip stream ends early (truncated file)";
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      in->error = "gzip data is corrupt";
      break;
    }
  }
  return room - in->z.avail_out;
}

logs_input *logs_input_file(const char *path, size_t max_line, const char **why) {
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
  logs_input *in = input_new(fd, NULL, 0, max_line);
  unsigned char magic[2];
  if (pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) start_gzip(in);
  return in;
}

logs_input *logs_input_fd(int fd, size_t max_line) {
  int own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (own < 0) return NULL;
  lseek(own, 0, SEEK_SET);
  logs_input *in = input_new(own, NULL, 0, max_line);
  unsigned char magic[2];
  if (pread(own, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) start_gzip(in);
  return in;
}

logs_input *logs_input_mem(const void *data, size_t len, size_t max_line) {
  logs_input *in = input_new(-1, data ? data : "", data ? len : 0, max_line);
  if (len >= 2 && in->mem[0] == 0x1f && in->mem[1] == 0x8b) start_gzip(in);
  return in;
}

void logs_input_close(logs_input *in) {
  if (!in) return;
  if (in->gz) inflateEnd(&in->z);
  if (in->fd >= 0) close(in->fd);
  free(in->zin);
  free(in->buf);
  free(in);
}

void logs_input_set_hook(logs_input *in, const logs_scan_hook *hook) {
  in->has_hook = hook != NULL;
  if (hook) in->hook = *hook;
}

/* Appends up to CHUNK bytes at end; sets eof at the end or on error. */
static void fill(logs_input *in) {
  if (in->start) {
    memmove(in->buf, in->buf + in->start, in->end - in->start);
    in->end -= in->start;
    in->base += in->start;
    in->start = 0;
  }
  size_t room = in->cap - in->end;
  if (room > CHUNK) room = CHUNK;
  size_t got = 0;
  if (in->eof) return;
  if (in->gz) {
    got = inflate_some(in, in->buf + in->end, room);
  } else {
    ssize_t n = source_read(in, in->buf + in->end, room);
    if (n < 0) in->error = "read error", n = 0;
    got = (size_t)n;
  }
  if (got == 0) in->eof = 1;
  in->end += got;
  in->bytes += got;
}

/* Runs the hook over the complete lines buffered beyond what it saw. */
static void scan_ahead(logs_input *in) {
  uint64_t have = in->base + in->end;
  if (in->scanned >= have) return;
  size_t from = in->scanned > in->base + in->start ? (size_t)(in->scanned - in->base) : in->start;
  size_t to = in->end;
  if (!in->eof) {
    const char *nl = memrchr(in->buf + from, '\n', to - from);
    if (!nl) return;
    to = (size_t)(nl - in->buf) + 1;
  }
  in->hook.scan(in->hook.state, in->buf + from, to - from, in->base + from);
  in->scanned = in->base + to;
}

int logs_input_next(logs_input *in, const char **p, size_t *n, uint64_t *lineno) {
  for (;;) {
    char *s = in->buf + in->start;
    char *nl = in->end > in->start ? memchr(s, '\n', in->end - in->start) : NULL;
    size_t len;
    if (nl) {
      len = (size_t)(nl - s);
      if (in->has_hook && !in->skipping && in->base + in->start + len >= in->scanned) scan_ahead(in);
      in->start += len + 1;
    } else if (in->end - in->start > in->max_line) {
      in->skipping = 1;
      in->start = in->end; /* drop what we have; keep reading to the newline */
      if (in->scanned < in->base + in->end) in->scanned = in->base + in->end;
      fill(in);
      continue;
    } else if (!in->eof) {
      fill(in);
      continue;
    } else if (in->end > in->start) {
      len = in->end - in->start; /* last line without a newline */
      if (in->has_hook && !in->skipping) scan_ahead(in);
      in->start = in->end;
    } else {
      return 0;
    }
    in->lineno++;
    if (in->skipping || len > in->max_line) {
      in->skipping = 0;
      *lineno = in->lineno;
      return 2;
    }
    in->line_off = in->base + (uint64_t)(s - in->buf);
    in->line_len = len;
    if (len && s[len - 1] == '\r') len--;
    if (in->first) {
      in->first = 0;
      if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) s += 3, len -= 3;
    }
    *p = s;
    *n = len;
    *lineno = in->lineno;
    return 1;
  }
}

unsigned logs_input_hits(logs_input *in) {
  if (!in->has_hook) return LOGS_HIT_ALL;
  return in->hook.hits(in->hook.state, in->line_off, in->line_off + in->line_len);
}

const char *logs_input_error(const logs_input *in) { return in->error; }
uint64_t logs_input_bytes(const logs_input *in) { return in->bytes; }

char *logs_input_peek(logs_input *in, size_t max, size_t *len) {
  while (!in->eof && in->end - in->start < max && in->end < in->cap) fill(in);
  size_t n = in->end - in->start;
  if (n > max) n = max;
  char *out = xmalloc(n + 1);
  memcpy(out, in->buf + in->start, n);
  out[n] = '\0';
  *len = n;
  return out;
}
