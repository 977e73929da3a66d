/*
 * input.c - a log as lines, in bounded memory whatever its size.  The
 * bytes come from a file (read-only, never through a symbolic link,
 * access time kept) or a memory buffer; gzip content (rotated logs, .gz)
 * is inflated as it is read, concatenated members included.  CR before LF
 * and a UTF-8 BOM at the start are dropped.  A line longer than max_line
 * is skipped up to its newline and reported, so a 50 MB line (or a binary
 * file without newlines) costs no memory and no hang.
 *
 * The bytes are cut into blocks of complete lines (about 1 MiB).  With a
 * scan hook (the prefilter), each block is scanned once, as a whole,
 * before its first line is handed out - one pass of a multi-pattern
 * matcher over a block is much cheaper than one per line - and each line
 * then asks which patterns fell inside it.  For a large file, reading,
 * inflating and scanning the blocks is done by a second thread while the
 * caller handles the lines of the previous block: a two-stage pipeline
 * that keeps the lines in order, with at most RING blocks in memory.
 */
#include "core/stop.h"
#include "logs/logs.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (256u << 10)           /* one read */
#define BLOCK_TARGET (1u << 20)      /* bytes of lines per block */
#define RING 3                       /* blocks in flight with the producer thread */
#define THREAD_MIN (16ull << 20)     /* files at least this large get the producer thread */

typedef struct {
  char *data;
  size_t len, cap;
  uint64_t base;      /* stream offset of data[0] */
  int long_line;      /* no data: one line longer than max_line, skipped */
  int eof;            /* the end: no more blocks after this one */
  int scanned;
  logs_matches m;
} block;

struct logs_input {
  /* the source */
  int fd;                    /* -1: memory */
  const unsigned char *mem;  /* memory: the data, and how far it was read */
  size_t mem_len, mem_pos;
  int gz, zdone;             /* gzip: inflating; the compressed input ended */
  z_stream z;
  unsigned char *zin;        /* compressed bytes read from fd */
  uint64_t size;             /* file size (0: memory or unknown) */
  /* the producer: bytes to blocks */
  char *stage;               /* bytes read, not yet in a block (a partial line) */
  size_t stage_len, stage_cap;
  uint64_t stage_base;       /* stream offset of stage[0] */
  int src_eof, skipping, produced_eof;
  size_t max_line;
  uint64_t bytes;
  const char *error;
  logs_scan_hook hook;
  int has_hook;
  /* blocks: produced (peeked, or by the thread), in order */
  block ring[RING];
  size_t head, count;        /* ring[head] is the next block for the consumer */
  int threaded, stop;
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t cond;
  /* the consumer */
  block *cur;                /* the block being read, owned by the consumer */
  size_t pos;
  int first;
  uint64_t lineno;
  uint64_t line_off, line_len;
};

int logs_open_evidence(const char *path) {
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
  in->first = 1;
  pthread_mutex_init(&in->lock, NULL);
  pthread_cond_init(&in->cond, NULL);
  return in;
}

/* ---- the source ---- */

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
  if (inflateInit2(&in->z, 15 + 32) != Z_OK) in->error = "cannot start gzip decompression", in->src_eof = 1;
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

/* Appends up to room bytes of the stream to stage; sets src_eof at the
 * end or on an error. */
static void read_more(logs_input *in, size_t room) {
  if (in->src_eof) return;
  if (in->stage_len + room + 1 > in->stage_cap) {
    in->stage_cap = in->stage_len + room + 1;
    in->stage = xrealloc(in->stage, in->stage_cap);
  }
  size_t got = 0;
  if (in->gz) {
    got = inflate_some(in, in->stage + in->stage_len, room);
  } else {
    ssize_t n = source_read(in, in->stage + in->stage_len, room);
    if (n < 0) in->error = "read error", n = 0;
    got = (size_t)n;
  }
  if (got == 0) in->src_eof = 1;
  in->stage_len += got;
  in->bytes += got;
}

/* Gives stage[0..n) to b and keeps the rest in the stage. */
static void cut(logs_input *in, block *b, size_t n) {
  char *rest = b->data && b->cap > in->stage_len - n ? b->data : NULL;
  size_t rest_cap = rest ? b->cap : in->stage_len - n + BLOCK_TARGET + 1;
  if (!rest) free(b->data), rest = xmalloc(rest_cap);
  memcpy(rest, in->stage + n, in->stage_len - n);
  b->data = in->stage, b->cap = in->stage_cap, b->len = n, b->base = in->stage_base;
  in->stage = rest, in->stage_cap = rest_cap;
  in->stage_len -= n;
  in->stage_base += n;
}

/* Fills b with the next block of complete lines (the last may lack its
 * newline), a skipped over-long line, or the end. */
static void produce(logs_input *in, block *b) {
  b->len = 0, b->long_line = b->eof = b->scanned = 0;
  b->m.n = b->m.next = 0;
  b->m.all_from = UINT64_MAX;
  b->base = in->stage_base;
  for (;;) {
    if (in->skipping) { /* the rest of an over-long line: up to its newline */
      const char *nl = in->stage_len ? memchr(in->stage, '\n', in->stage_len) : NULL;
      if (nl) {
        size_t n = (size_t)(nl - in->stage) + 1;
        memmove(in->stage, in->stage + n, in->stage_len - n);
        in->stage_len -= n;
        in->stage_base += n;
        in->skipping = 0;
        continue;
      }
      in->stage_base += in->stage_len;
      in->stage_len = 0;
      if (in->src_eof) {
        in->skipping = 0;
        continue;
      }
      read_more(in, CHUNK);
      continue;
    }
    const char *nl = in->stage_len ? memrchr(in->stage, '\n', in->stage_len) : NULL;
    if (nl && (in->stage_len >= BLOCK_TARGET || in->src_eof)) {
      cut(in, b, (size_t)(nl - in->stage) + 1);
      return;
    }
    /* no newline in more than a line's worth: that line is skipped */
    const char *first = nl ? NULL : in->stage_len > in->max_line ? in->stage : NULL;
    if (first) {
      in->skipping = 1;
      b->long_line = 1;
      return;
    }
    if (in->src_eof) {
      if (in->stage_len) { /* the last line, without its newline */
        cut(in, b, in->stage_len);
        return;
      }
      b->eof = 1;
      in->produced_eof = 1;
      return;
    }
    size_t room = BLOCK_TARGET;
    if (!nl && in->stage_len + room > in->max_line + CHUNK) room = CHUNK; /* a long line: creep up to max_line */
    read_more(in, room);
  }
}

static void scan(logs_input *in, block *b) {
  if (in->has_hook && !b->scanned && b->len) in->hook.scan(in->hook.state, b->data, b->len, b->base, &b->m);
  b->scanned = 1;
}

/* ---- the producer thread ---- */

static void *producer(void *arg) {
  logs_input *in = arg;
  pthread_mutex_lock(&in->lock);
  for (;;) {
    while (in->count == RING && !in->stop) pthread_cond_wait(&in->cond, &in->lock);
    if (in->stop || in->produced_eof) break;
    block *b = &in->ring[(in->head + in->count) % RING];
    pthread_mutex_unlock(&in->lock);
    produce(in, b);
    scan(in, b);
    pthread_mutex_lock(&in->lock);
    in->count++;
    pthread_cond_broadcast(&in->cond);
  }
  pthread_mutex_unlock(&in->lock);
  return NULL;
}

/* The next block for the consumer (the ring's head), produced inline when
 * there is no thread. */
static block *next_block(logs_input *in) {
  if (!in->threaded) {
    if (!in->count) {
      if (in->produced_eof) return NULL;
      produce(in, &in->ring[(in->head + in->count) % RING]);
      in->count++;
    }
    block *b = &in->ring[in->head];
    scan(in, b);
    return b;
  }
  pthread_mutex_lock(&in->lock);
  while (!in->count) pthread_cond_wait(&in->cond, &in->lock); /* the producer ends with an eof block */
  block *b = &in->ring[in->head];
  pthread_mutex_unlock(&in->lock);
  return b;
}

static void release_block(logs_input *in) {
  pthread_mutex_lock(&in->lock);
  in->head = (in->head + 1) % RING;
  in->count--;
  pthread_cond_broadcast(&in->cond);
  pthread_mutex_unlock(&in->lock);
  in->cur = NULL;
}

/* At the first line: the blocks already produced (by peek) are scanned,
 * then a large file gets its producer thread. */
static void start(logs_input *in) {
  for (size_t i = 0; i < in->count; i++) scan(in, &in->ring[(in->head + i) % RING]);
  if (in->fd >= 0 && in->size >= (in->gz ? THREAD_MIN / 4 : THREAD_MIN) && !in->produced_eof &&
      pthread_create(&in->thread, NULL, producer, in) == 0)
    in->threaded = 1;
}

/* ---- the API ---- */

logs_input *logs_input_file(const char *path, size_t max_line, const char **why) {
  int fd = logs_open_evidence(path);
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
  in->size = (uint64_t)st.st_size;
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
  if (in->threaded) {
    pthread_mutex_lock(&in->lock);
    in->stop = 1;
    pthread_cond_broadcast(&in->cond);
    pthread_mutex_unlock(&in->lock);
    pthread_join(in->thread, NULL);
  }
  if (in->gz) inflateEnd(&in->z);
  if (in->fd >= 0) close(in->fd);
  for (int i = 0; i < RING; i++) {
    free(in->ring[i].data);
    logs_matches_free(&in->ring[i].m);
  }
  pthread_mutex_destroy(&in->lock);
  pthread_cond_destroy(&in->cond);
  free(in->stage);
  free(in->zin);
  free(in);
}

void logs_input_set_hook(logs_input *in, const logs_scan_hook *hook) {
  in->has_hook = hook != NULL;
  if (hook) in->hook = *hook;
}

int logs_input_next(logs_input *in, const char **p, size_t *n, uint64_t *lineno) {
  if (in->first == 1) {
    start(in);
    in->first = 2; /* 2: the BOM of line 1 is still to be dropped */
  }
  for (;;) {
    if (!in->cur) {
      if (core_stopped()) return 0; /* ss_stop(): the session says what was left unread */
      in->cur = next_block(in);
      in->pos = 0;
      if (!in->cur) return 0;
    }
    block *b = in->cur;
    if (b->eof) return 0;
    if (b->long_line) {
      release_block(in);
      *lineno = ++in->lineno;
      in->first = 0;
      return 2;
    }
    if (in->pos >= b->len) {
      release_block(in);
      continue;
    }
    char *s = b->data + in->pos;
    char *nl = memchr(s, '\n', b->len - in->pos);
    size_t len = nl ? (size_t)(nl - s) : b->len - in->pos;
    in->pos += len + (nl != NULL);
    in->lineno++;
    if (len > in->max_line) { /* read whole in a block: skipped all the same */
      in->first = 0;
      *lineno = in->lineno;
      return 2;
    }
    in->line_off = b->base + (uint64_t)(s - b->data);
    in->line_len = len;
    if (len && s[len - 1] == '\r') len--;
    if (in->first == 2) {
      if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) s += 3, len -= 3;
    }
    in->first = 0;
    *p = s;
    *n = len;
    *lineno = in->lineno;
    return 1;
  }
}

unsigned logs_input_hits(logs_input *in) {
  if (!in->has_hook || !in->cur) return LOGS_HIT_ALL;
  return logs_matches_hits(&in->cur->m, in->line_off, in->line_off + in->line_len);
}

const char *logs_input_error(const logs_input *in) { return in->error; }
uint64_t logs_input_bytes(const logs_input *in) { return in->bytes; }

char *logs_input_peek(logs_input *in, size_t max, size_t *len) {
  strbuf sb = STRBUF_INIT;
  /* blocks produced here wait in the ring for the first line */
  for (size_t i = 0;; i++) {
    if (i == in->count) {
      if (in->produced_eof || in->count == RING || sb.len >= max) break;
      produce(in, &in->ring[(in->head + in->count) % RING]);
      in->count++;
    }
    const block *b = &in->ring[(in->head + i) % RING];
    if (b->eof) break;
    if (!b->long_line) sb_add(&sb, b->data, b->len < max - sb.len ? b->len : max - sb.len);
    if (sb.len >= max) break;
  }
  *len = sb.len;
  if (!sb.data) sb_adds(&sb, "");
  return sb_detach(&sb);
}

/* ---- prefilter matches of a block ---- */

void logs_matches_free(logs_matches *m) {
  free(m->end);
  free(m->bits);
  memset(m, 0, sizeof *m);
}

unsigned logs_matches_hits(logs_matches *m, uint64_t start, uint64_t end) {
  unsigned bits = 0;
  while (m->next < m->n && m->end[m->next] <= start) m->next++;
  while (m->next < m->n && m->end[m->next] <= end) bits |= m->bits[m->next++];
  if (end >= m->all_from) bits = LOGS_HIT_ALL;
  return bits;
}
