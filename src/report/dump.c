/*
 * dump.c - ss_logs_dump(): every record of a log file as JSON Lines, the
 * way people use evtx_dump, and how the readers are tested against a
 * reference decoder.  Each format the dump knows is one row of a table (a
 * detector on the file's first bytes and a dumper): EVTX, then the text
 * logs, read through the log reader table with every line split into
 * its fields as the log names them; every string goes through
 * util_esc_json.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/events.h"
#include "logs/evtx.h"
#include "logs/logs.h"
#include "report/writer.h"
#include "util/escape.h"
#include "shellsift.h"

typedef struct {
  const char *path;
  FILE *out;
  ss_event_cb cb;
  void *user;
  strbuf line;
} dump_ctx;

typedef struct {
  const char *name;
  int (*detect)(const unsigned char *head, size_t n);
  /* dumps the open file (at its start); SS_OK if it was read, even in part */
  ss_err (*dump)(dump_ctx *d, int fd);
} dump_format;

static void add_str(strbuf *sb, const char *s, size_t n) {
  sb_addc(sb, '"');
  util_esc_json(sb, s, n);
  sb_addc(sb, '"');
}

/* ---- EVTX ---- */

static int evtx_detect(const unsigned char *head, size_t n) { return n >= 8 && !memcmp(head, "ElfFile", 8); }

static void evtx_warn(void *user, int incomplete, const char *msg) {
  dump_ctx *d = user;
  core_emit_warning(d->cb, d->user, incomplete ? SS_WARN_LOG_FORMAT : SS_WARN_LOG_LINE, d->path, "%s", msg);
}

typedef struct {
  const char *name;
  size_t i;
} named;

static int by_name(const void *a, const void *b) {
  const named *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : (x->i > y->i) - (x->i < y->i);
}

static int by_index(const void *a, const void *b) {
  const named *x = a, *y = b;
  return (x->i > y->i) - (x->i < y->i);
}

/* The fields as one JSON object: a name met more than once has an array
 * of its values, in order, at the place of its first occurrence. */
static void add_fields(strbuf *sb, const logs_evtx_fields *f, named *idx, named *groups) {
  if (!f->n) {
    sb_adds(sb, "{}");
    return;
  }
  for (size_t i = 0; i < f->n; i++) idx[i] = (named){f->v[i].name, i};
  qsort(idx, f->n, sizeof *idx, by_name);
  size_t ng = 0;
  for (size_t i = 0; i < f->n; i++)
    if (!i || strcmp(idx[i].name, idx[i - 1].name)) groups[ng++] = (named){idx[i].name, i}; /* i: start in idx */
  /* order groups by their first field's position */
  for (size_t g = 0; g < ng; g++) groups[g].name = (const char *)(uintptr_t)groups[g].i, groups[g].i = idx[groups[g].i].i;
  qsort(groups, ng, sizeof *groups, by_index);
  sb_addc(sb, '{');
  for (size_t g = 0; g < ng; g++) {
    size_t start = (size_t)(uintptr_t)groups[g].name, end = start + 1;
    while (end < f->n && !strcmp(idx[end].name, idx[start].name)) end++;
    if (g) sb_addc(sb, ',');
    add_str(sb, idx[start].name, strlen(idx[start].name));
    sb_addc(sb, ':');
    if (end - start > 1) sb_addc(sb, '[');
    for (size_t k = start; k < end; k++) {
      if (k > start) sb_addc(sb, ',');
      const char *v = f->v[idx[k].i].value;
      add_str(sb, v, strlen(v));
    }
    if (end - start > 1) sb_addc(sb, ']');
  }
  sb_addc(sb, '}');
}

static void add_u64(strbuf *sb, uint64_t v) {
  char b[24], *q = b + sizeof b;
  do *--q = (char)('0' + v % 10);
  while (v /= 10);
  sb_add(sb, q, (size_t)(b + sizeof b - q));
}

/* A FILETIME as a quoted ISO 8601 string (ASCII: nothing to escape). */
static void add_filetime(strbuf *sb, uint64_t ft) {
  uint8_t b[8];
  uint32_t items;
  for (int i = 0; i < 8; i++) b[i] = (uint8_t)(ft >> 8 * i);
  sb_addc(sb, '"');
  logs_evtx_format_value(sb, LOGS_EVTX_FILETIME, b, 8, &items);
  sb_addc(sb, '"');
}

static ss_err evtx_dump(dump_ctx *d, int fd) {
  const char *why = NULL;
  logs_evtx_reader *rd = logs_evtx_open_fd(fd, LOGS_EVTX_RECOVER, evtx_warn, d, &why);
  if (!rd) {
    core_emit_warning(d->cb, d->user, SS_WARN_LOG_FORMAT, d->path, "cannot read as an event log: %s", why);
    return SS_ERR_IO;
  }
  logs_evtx_fields f = LOGS_EVTX_FIELDS_INIT;
  named *idx = NULL, *groups = NULL;
  size_t cap = 0;
  const logs_evtx_record *r;
  uint64_t n = 0;
  ss_err err = SS_OK;
  while (logs_evtx_next(rd, &r)) {
    logs_evtx_flatten(r, &f);
    if (f.n > cap) {
      cap = f.n;
      idx = xrealloc(idx, cap * sizeof *idx);
      groups = xrealloc(groups, cap * sizeof *groups);
    }
    strbuf *sb = &d->line;
    sb_reset(sb);
    sb_adds(sb, "{\"file\":");
    add_str(sb, d->path, strlen(d->path));
    sb_adds(sb, ",\"format\":\"evtx\",\"record\":");
    add_u64(sb, ++n);
    sb_adds(sb, ",\"record_id\":");
    add_u64(sb, r->id);
    sb_adds(sb, ",\"written\":");
    add_filetime(sb, r->written);
    sb_adds(sb, ",\"chunk\":");
    add_u64(sb, r->chunk);
    sb_adds(sb, r->recovered ? ",\"recovered\":true,\"fields\":" : ",\"recovered\":false,\"fields\":");
    add_fields(sb, &f, idx, groups);
    sb_adds(sb, "}\n");
    if (fwrite(sb->data, 1, sb->len, d->out) != sb->len) {
      err = SS_ERR_IO;
      break;
    }
  }
  logs_evtx_stats st;
  logs_evtx_get_stats(rd, &st);
  if (err == SS_OK && st.chunks_declared > st.chunks && !st.truncated && st.chunks + st.chunks_bad < st.chunks_declared)
    core_emit_warning(d->cb, d->user, SS_WARN_LOG_LINE, d->path,
                 "the file header announces %llu chunks, %llu were found (the rest were never written)",
                 (unsigned long long)st.chunks_declared, (unsigned long long)st.chunks);
  logs_evtx_close(rd);
  logs_evtx_fields_free(&f);
  free(idx);
  free(groups);
  return err;
}

/* ---- text logs: IIS, Exchange CSV, access logs, any other text ---- */

#define TEXT_MAX_LINE (1u << 20)

static int text_detect(const unsigned char *head, size_t n) {
  (void)head, (void)n;
  return 1; /* the last row: what is not EVTX is read as text */
}

typedef struct {
  dump_ctx *d;
  ss_err err;
  unsigned warned;
} text_dump_ctx;

/* The fields as one object: a name met again (W3C allows it) has an
 * array of its values, at the place of its first occurrence. */
static void add_text_fields(strbuf *sb, const logs_rec *r) {
  sb_addc(sb, '{');
  int first = 1;
  for (size_t i = 0; i < r->nfields; i++) {
    const logs_field *f = &r->fields[i];
    int seen = 0, more = 0;
    for (size_t k = 0; k < i && !seen; k++)
      seen = r->fields[k].name.n == f->name.n && !memcmp(r->fields[k].name.p, f->name.p, f->name.n);
    if (seen) continue;
    for (size_t k = i + 1; k < r->nfields && !more; k++)
      more = r->fields[k].name.n == f->name.n && !memcmp(r->fields[k].name.p, f->name.p, f->name.n);
    sb_adds(sb, first ? "" : ",");
    first = 0;
    add_str(sb, f->name.p, f->name.n);
    sb_addc(sb, ':');
    if (!more) {
      add_str(sb, f->value.p, f->value.n);
      continue;
    }
    sb_addc(sb, '[');
    for (size_t k = i; k < r->nfields; k++)
      if (r->fields[k].name.n == f->name.n && !memcmp(r->fields[k].name.p, f->name.p, f->name.n)) {
        if (k > i) sb_addc(sb, ',');
        add_str(sb, r->fields[k].value.p, r->fields[k].value.n);
      }
    sb_addc(sb, ']');
  }
  sb_addc(sb, '}');
}

static void text_record(void *user, const logs_rec *r) {
  text_dump_ctx *t = user;
  dump_ctx *d = t->d;
  if (t->err != SS_OK) return;
  strbuf *sb = &d->line;
  char when[RFC3339_SIZE];
  sb_reset(sb);
  sb_adds(sb, "{\"file\":");
  add_str(sb, d->path, strlen(d->path));
  sb_adds(sb, ",\"format\":");
  const char *fmt = r->split ? r->format : "text";
  add_str(sb, fmt, strlen(fmt));
  sb_addf(sb, ",\"record\":%llu,\"time\":", (unsigned long long)r->line);
  if (r->time != SS_TIME_UNKNOWN && report_rfc3339(when, r->time)) sb_addf(sb, "\"%s\"", when);
  else sb_adds(sb, "null");
  sb_adds(sb, r->split ? ",\"split\":true,\"fields\":" : ",\"split\":false,\"fields\":");
  add_text_fields(sb, r);
  sb_adds(sb, ",\"raw\":");
  add_str(sb, r->raw.p, r->raw.n);
  sb_adds(sb, "}\n");
  if (fwrite(sb->data, 1, sb->len, d->out) != sb->len) t->err = SS_ERR_IO;
}

static void text_line_warning(void *user, uint64_t line, const char *msg) {
  text_dump_ctx *t = user;
  if (++t->warned <= 10)
    core_emit_warning(t->d->cb, t->d->user, SS_WARN_LOG_LINE, t->d->path, "line %llu: %s", (unsigned long long)line, msg);
}

static void text_file_warning(void *user, int incomplete, const char *msg) {
  text_dump_ctx *t = user;
  core_emit_warning(t->d->cb, t->d->user, incomplete ? SS_WARN_LOG_FORMAT : SS_WARN_LOG_LINE, t->d->path, "%s", msg);
}

static void text_unread(void *user, uint64_t line) {
  text_dump_ctx *t = user;
  core_emit_warning(t->d->cb, t->d->user, SS_WARN_LOG_FORMAT, t->d->path,
                    "line %llu is longer than %u bytes: not dumped", (unsigned long long)line, TEXT_MAX_LINE);
}

static ss_err text_dump(dump_ctx *d, int fd) {
  logs_input *in = logs_input_fd(fd, TEXT_MAX_LINE);
  if (!in) return SS_ERR_IO;
  size_t hn;
  char *head = logs_input_peek(in, 65536, &hn);
  logs_read_opts o = {.layouts = NULL, .full = 1};
  const logs_reader *rd = logs_reader_detect(head, hn, &o);
  free(head);
  text_dump_ctx t = {d, SS_OK, 0};
  logs_sink k = {&t, text_record, text_line_warning, text_file_warning, text_unread, NULL};
  if (rd && rd->read) rd->read(rd, in, &o, &k);
  else logs_read_raw_lines(in, LOGS_FMT_TEXT, "text", &k);
  if (logs_input_error(in))
    core_emit_warning(d->cb, d->user, SS_WARN_LOG_FORMAT, d->path, "%s: the rest of the file was not read", logs_input_error(in));
  logs_input_close(in);
  return t.err;
}

static const dump_format formats[] = {
    {"evtx", evtx_detect, evtx_dump},
    {"text", text_detect, text_dump},
};

static int open_log(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = open(path, O_RDONLY | O_CLOEXEC);
  return fd;
}

ss_err ss_logs_dump(const char *path, FILE *out, ss_event_cb cb, void *user) {
  if (!path || !out) return SS_ERR_ARG;
  int fd = open_log(path);
  if (fd < 0) {
    core_emit_warning(cb, user, SS_WARN_LOG_FORMAT, path, "cannot open: %s", strerror(errno));
    return SS_ERR_IO;
  }
  struct stat sb;
  unsigned char head[16];
  ssize_t n = 0;
  if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
    core_emit_warning(cb, user, SS_WARN_LOG_FORMAT, path, "not a regular file");
    close(fd);
    return SS_ERR_IO;
  }
  while ((n = pread(fd, head, sizeof head, 0)) < 0 && errno == EINTR) {
  }
  const dump_format *fmt = NULL;
  for (size_t i = 0; n > 0 && i < sizeof formats / sizeof formats[0] && !fmt; i++)
    if (formats[i].detect(head, (size_t)n)) fmt = &formats[i];
  if (!fmt) {
    if (n < 0) core_emit_warning(cb, user, SS_WARN_LOG_FORMAT, path, "cannot read: %s", strerror(errno));
    else core_emit_warning(cb, user, SS_WARN_LOG_FORMAT, path, "empty file: nothing to dump");
    close(fd);
    return SS_ERR_IO;
  }
  dump_ctx d = {.path = path, .out = out, .cb = cb, .user = user, .line = STRBUF_INIT};
  ss_err err = fmt->dump(&d, fd);
  if (err == SS_OK && (fflush(out) || ferror(out))) err = SS_ERR_IO;
  sb_free(&d.line);
  close(fd);
  return err;
}
