/*
 * evtx_file.c - the EVTX file layer: the 4 KiB file header, then 64 KiB
 * chunks, each a 512-byte header (record numbers, free space offset, CRC32
 * of the header and of the records) followed by records (signature, size,
 * identifier, written time, binary XML, copy of the size).
 *
 * Real files are not as tidy as the header says: dirty and archived logs
 * hold chunks the header does not count, a chunk can be cut short or
 * damaged, a record can be half written.  So every chunk in the file is
 * read whatever the header counts; a damaged record is skipped by scanning
 * for the next record signature whose size and copy of size agree; what a
 * chunk announced but could not give is counted and reported once per
 * chunk; and, on request, the chunks' free space is searched for the
 * records left there (deleted or overwritten ones).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "logs/evtx_priv.h"

#define MAX_CHUNK_RECORDS ((LOGS_EVTX_CHUNK - 512) / 28)

struct logs_evtx_reader {
  int fd;               /* -1: reading from mem */
  const uint8_t *mem;
  size_t mem_len, mem_pos;
  unsigned flags;
  logs_evtx_warn_fn warn;
  void *user;
  uint8_t *buf;         /* the current chunk when reading from fd */
  int eof;
  uint64_t next_chunk;  /* number of the next chunk to load */
  /* the current chunk */
  int have_chunk, scanning, in_free_space;
  size_t pos, used_end; /* next record; end of the records (free space offset) */
  uint64_t first_id, last_id, announced, decoded;
  const char *problem;  /* the chunk's first problem, for its warning */
  uint64_t problem_at;  /* offset of that problem in the chunk */
  int bad_header, bad_records, cut_short;
  uint64_t *ids;        /* identifiers read in this chunk (recovery skips them) */
  size_t nids;
  logs_evtx_chunk chunk;
  logs_evtx_tree tree;
  logs_evtx_record rec;
  logs_evtx_stats st;
  strbuf msg;
};

static void warnf(logs_evtx_reader *rd, int incomplete, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void warnf(logs_evtx_reader *rd, int incomplete, const char *fmt, ...) {
  if (!rd->warn) return;
  sb_reset(&rd->msg);
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(&rd->msg, fmt, ap);
  va_end(ap);
  rd->warn(rd->user, incomplete, rd->msg.data ? rd->msg.data : "");
}

/* Reads up to n bytes of the file into dst (or points *src at them in
 * memory); returns the count, short only at the end of the file. */
static size_t fill(logs_evtx_reader *rd, uint8_t *dst, size_t n, const uint8_t **src) {
  if (rd->fd < 0) {
    size_t k = rd->mem_len - rd->mem_pos < n ? rd->mem_len - rd->mem_pos : n;
    *src = rd->mem + rd->mem_pos;
    rd->mem_pos += k;
    return k;
  }
  size_t got = 0;
  while (got < n) {
    ssize_t k = read(rd->fd, dst + got, n - got);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) {
      warnf(rd, 1, "read error after %llu chunks: %s", (unsigned long long)rd->next_chunk, strerror(errno));
      break;
    }
    if (k == 0) break;
    got += (size_t)k;
  }
  *src = dst;
  return got;
}

static int all_zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i]) return 0;
  return 1;
}

static logs_evtx_reader *open_common(int fd, const void *data, size_t len, unsigned flags, logs_evtx_warn_fn warn,
                                     void *user, const char **why) {
  logs_evtx_reader *rd = xcalloc(1, sizeof *rd);
  rd->fd = fd, rd->mem = data, rd->mem_len = len;
  rd->flags = flags, rd->warn = warn, rd->user = user;
  if (fd >= 0) rd->buf = xmalloc(LOGS_EVTX_CHUNK);
  rd->ids = xmalloc(MAX_CHUNK_RECORDS * sizeof *rd->ids);
  const uint8_t *h;
  size_t n = fill(rd, rd->buf, LOGS_EVTX_FILE_HEADER, &h);
  if (n < 8 || memcmp(h, "ElfFile", 8)) {
    *why = "not an EVTX file (no ElfFile signature)";
    logs_evtx_close(rd);
    return NULL;
  }
  if (n < 128) {
    *why = "EVTX file cut short inside its header";
    logs_evtx_close(rd);
    return NULL;
  }
  rd->st.chunks_declared = evtx_u16(h + 42);
  if ((uint32_t)crc32(0, h, 120) != evtx_u32(h + 124))
    warnf(rd, 0, "file header checksum mismatch (the header is not trusted: every chunk is read)");
  if (n < LOGS_EVTX_FILE_HEADER) {
    rd->st.truncated = 1;
    rd->eof = 1;
    if (rd->st.chunks_declared)
      warnf(rd, 1, "file cut short inside its header: %llu chunks announced, none present",
            (unsigned long long)rd->st.chunks_declared);
  }
  return rd;
}

logs_evtx_reader *logs_evtx_open_fd(int fd, unsigned flags, logs_evtx_warn_fn warn, void *user, const char **why) {
  if (fd < 0) {
    *why = "no file";
    return NULL;
  }
  return open_common(fd, NULL, 0, flags, warn, user, why);
}

logs_evtx_reader *logs_evtx_open_mem(const void *data, size_t len, unsigned flags, logs_evtx_warn_fn warn,
                                     void *user, const char **why) {
  return open_common(-1, data, len, flags, warn, user, why);
}

void logs_evtx_close(logs_evtx_reader *rd) {
  if (!rd) return;
  free(rd->buf);
  free(rd->ids);
  logs_evtx_chunk_free(&rd->chunk);
  logs_evtx_tree_free(&rd->tree);
  sb_free(&rd->msg);
  free(rd);
}

void logs_evtx_get_stats(const logs_evtx_reader *rd, logs_evtx_stats *st) { *st = rd->st; }

static void note_problem(logs_evtx_reader *rd, const char *why, size_t at) {
  if (!rd->problem) rd->problem = why, rd->problem_at = at;
}

/* Loads the next chunk; 0 at the end of the file. */
static int load_chunk(logs_evtx_reader *rd) {
  for (;;) {
    if (rd->eof) return 0;
    const uint8_t *c;
    size_t n = fill(rd, rd->buf, LOGS_EVTX_CHUNK, &c);
    uint64_t no = rd->next_chunk++;
    if (n < LOGS_EVTX_CHUNK) rd->eof = 1;
    if (n == 0) return 0;
    if (n < 512 || memcmp(c, "ElfChnk", 8)) {
      if (all_zero(c, n)) continue; /* space the log has not used yet */
      if (n < LOGS_EVTX_CHUNK) {
        rd->st.truncated = 1;
        warnf(rd, no < rd->st.chunks_declared, "file cut short: %zu bytes of chunk %llu, without a chunk header", n,
              (unsigned long long)no);
        return 0;
      }
      rd->st.chunks_bad++;
      /* its records can still be found: their offsets are chunk-relative */
      warnf(rd, 1, "chunk %llu has no chunk signature: damaged; %s", (unsigned long long)no,
            rd->flags & LOGS_EVTX_RECOVER ? "searching it for records" : "skipped, its records are lost");
      if (!(rd->flags & LOGS_EVTX_RECOVER)) continue;
      logs_evtx_chunk_set(&rd->chunk, c, n);
      rd->have_chunk = 1, rd->scanning = 1, rd->in_free_space = 1;
      rd->pos = 512, rd->used_end = n;
      rd->announced = rd->decoded = rd->nids = 0;
      rd->first_id = 1, rd->last_id = 0;
      rd->problem = NULL, rd->bad_header = rd->bad_records = rd->cut_short = 0;
      return 1;
    }
    rd->st.chunks++;
    logs_evtx_chunk_set(&rd->chunk, c, n);
    rd->have_chunk = 1, rd->scanning = 0, rd->in_free_space = 0;
    rd->problem = NULL, rd->decoded = rd->nids = 0;
    rd->cut_short = n < LOGS_EVTX_CHUNK;
    if (rd->cut_short) rd->st.truncated = 1;
    uint64_t first = evtx_u64(c + 8), last = evtx_u64(c + 16);
    rd->first_id = evtx_u64(c + 24), rd->last_id = evtx_u64(c + 32);
    rd->announced = last >= first && last - first < MAX_CHUNK_RECORDS ? last - first + 1 : 0;
    if (!rd->announced) note_problem(rd, "record numbers in the chunk header are impossible", 8);
    if (rd->cut_short) note_problem(rd, "the file ends inside this chunk", n);
    rd->st.announced += rd->announced;
    uint32_t free_off = evtx_u32(c + 48);
    rd->used_end = free_off >= 512 && free_off <= n ? free_off : n;
    rd->bad_header = (uint32_t)(crc32(crc32(0, c, 120), c + 128, 384)) != evtx_u32(c + 124);
    rd->bad_records = !rd->cut_short && free_off >= 512 && free_off <= n &&
                      (uint32_t)crc32(0, c + 512, free_off - 512) != evtx_u32(c + 52);
    if (rd->bad_header || rd->bad_records) rd->st.chunks_bad++;
    rd->pos = 512;
    return 1;
  }
}

static int seen_id(const logs_evtx_reader *rd, uint64_t id) {
  for (size_t i = 0; i < rd->nids; i++)
    if (rd->ids[i] == id) return 1;
  return 0;
}

/* Whether a record with a good frame starts at off: signature, a size that
 * fits the chunk, and the copy of the size at its end. */
static size_t record_frame(const logs_evtx_reader *rd, size_t off) {
  const uint8_t *c = rd->chunk.data;
  size_t n = rd->chunk.len;
  if (off > n || n - off < 28 || evtx_u32(c + off) != 0x00002a2a) return 0;
  uint32_t size = evtx_u32(c + off + 4);
  if (size < 28 || size > n - off || evtx_u32(c + off + size - 4) != size) return 0;
  return size;
}

/* The next offset at or after off where a framed record starts, or 0.
 * (memchr for the signature's first byte: free space is mostly zeros and
 * debris, and memmem's general search is slow on it.) */
static size_t scan_for_record(const logs_evtx_reader *rd, size_t off, size_t end) {
  const uint8_t *c = rd->chunk.data;
  while (off + 28 <= end) {
    const uint8_t *hit = memchr(c + off, 0x2a, end - off - 27);
    if (!hit) return 0;
    off = (size_t)(hit - c);
    if (hit[1] == 0x2a && !hit[2] && !hit[3] && record_frame(rd, off)) return off;
    off++;
  }
  return 0;
}

/* Reports what the chunk announced and could not give, then forgets it. */
static void finish_chunk(logs_evtx_reader *rd) {
  uint64_t no = rd->next_chunk - 1;
  uint64_t lost = rd->announced > rd->decoded ? rd->announced - rd->decoded : 0;
  rd->st.lost += lost;
  if (lost)
    warnf(rd, 1, "chunk %llu: %llu of %llu records could not be read (%s at offset %llu%s)", (unsigned long long)no,
          (unsigned long long)lost, (unsigned long long)rd->announced,
          rd->problem ? rd->problem : "records missing", (unsigned long long)rd->problem_at,
          rd->bad_header || rd->bad_records ? "; the chunk fails its checksum" : "");
  else if (rd->bad_header || rd->bad_records)
    warnf(rd, 0, "chunk %llu fails its %s checksum; all %llu records decoded", (unsigned long long)no,
          rd->bad_header ? "header" : "records", (unsigned long long)rd->announced);
  else if (rd->problem && !rd->scanning)
    warnf(rd, 0, "chunk %llu: %s at offset %llu (no announced record lost)", (unsigned long long)no, rd->problem,
          (unsigned long long)rd->problem_at);
  rd->have_chunk = 0;
}

/* Decodes the framed record at off (size bytes); 1 if it gave a record. */
static int decode_at(logs_evtx_reader *rd, size_t off, size_t size, int recovered) {
  const uint8_t *c = rd->chunk.data;
  uint64_t id = evtx_u64(c + off + 8);
  if (recovered && seen_id(rd, id)) return 0;
  if (logs_evtx_parse_event(&rd->chunk, &rd->tree, off + 24, off + size - 4)) {
    if (!recovered) note_problem(rd, rd->tree.error, off); /* free space holds debris: not a problem */
    return 0;
  }
  int32_t root = -1;
  for (int32_t i = rd->tree.nnodes ? 0 : -1; i >= 0; i = rd->tree.nodes[i].next)
    if (rd->tree.nodes[i].kind == LOGS_EVTX_ELEMENT) {
      root = i;
      break;
    }
  /* debris in free space can decode into something: only whole events count */
  if (recovered && (root < 0 || strcmp(rd->tree.nodes[root].name, "Event"))) return 0;
  int in_range = id >= rd->first_id && id <= rd->last_id && !seen_id(rd, id);
  if (in_range && rd->decoded < rd->announced) rd->decoded++;
  else recovered = 1;
  if (rd->nids < MAX_CHUNK_RECORDS) rd->ids[rd->nids++] = id;
  logs_evtx_record *r = &rd->rec;
  r->id = id;
  r->written = evtx_u64(c + off + 16);
  r->chunk = rd->next_chunk - 1;
  r->offset = (uint32_t)off;
  r->recovered = recovered;
  r->nodes = rd->tree.nodes, r->nnodes = rd->tree.nnodes;
  r->attrs = rd->tree.attrs, r->nattrs = rd->tree.nattrs;
  r->root = root;
  rd->st.records++;
  if (recovered) rd->st.recovered++;
  return 1;
}

/* The next record of the current chunk; 0 when it has no more. */
static int chunk_next(logs_evtx_reader *rd) {
  const uint8_t *c = rd->chunk.data;
  while (!rd->in_free_space) {
    size_t off = rd->pos;
    if (off >= rd->used_end || rd->used_end - off < 28) break;
    size_t size = record_frame(rd, off);
    if (!size) {
      if (all_zero(c + off, rd->used_end - off)) break;
      note_problem(rd, evtx_u32(c + off) == 0x2a2a ? "record size and its copy disagree" : "no record signature", off);
      size_t nx = scan_for_record(rd, off + 1, rd->used_end);
      if (!nx) break;
      rd->pos = nx;
      continue;
    }
    rd->pos = off + size;
    if (decode_at(rd, off, size, 0)) return 1;
  }
  if (!rd->in_free_space) {
    if (!(rd->flags & LOGS_EVTX_RECOVER)) return 0;
    rd->in_free_space = 1;
    rd->pos = rd->pos > rd->used_end ? rd->pos : rd->used_end;
    if (rd->pos < 512) rd->pos = 512;
  }
  /* the free space (or a damaged chunk): records left behind */
  for (;;) {
    size_t off = scan_for_record(rd, rd->pos, rd->chunk.len);
    if (!off) return 0;
    size_t size = record_frame(rd, off);
    rd->pos = off + 1;
    if (decode_at(rd, off, size, 1)) {
      rd->pos = off + size;
      return 1;
    }
  }
}

int logs_evtx_next(logs_evtx_reader *rd, const logs_evtx_record **out) {
  for (;;) {
    if (!rd->have_chunk && !load_chunk(rd)) return 0;
    if (chunk_next(rd)) {
      *out = &rd->rec;
      return 1;
    }
    finish_chunk(rd);
  }
}
