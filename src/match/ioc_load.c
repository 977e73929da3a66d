/*
 * ioc_load.c - the IOC set's life cycle and everything the two list
 * formats share: the string arena, line splitting with its bounds, score
 * parsing, capped warnings, and match_ioc_load_path(), which walks a LOKI /
 * signature-base "iocs" directory and hands each file to the hash or the
 * filename loader according to its name.  The formats themselves are
 * parsed in ioc_hash.c and ioc_name.c.
 */
#include "match/ioc_priv.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

#define IOC_MAX_FILE (256u * 1024 * 1024) /* an IOC list larger than this is junk */
#define IOC_MAX_DEPTH 16
#define ARENA_BLOCK (64u * 1024)

struct ioc_arena_block {
  ioc_arena_block *next;
  size_t used, cap;
  char data[];
};

ioc_set *match_ioc_set_new(void) {
  ioc_set *set = xcalloc(1, sizeof *set);
  set->mctx = pcre2_match_context_create(NULL);
  if (!set->mctx) {
    fprintf(stderr, "shellsift: out of memory creating a pcre2 match context\n");
    abort();
  }
  /* A feed regex with nested quantifiers must not stall a scan on one long
   * path: past this many backtracking steps the regex counts as no match. */
  pcre2_set_match_limit(set->mctx, 1000000);
  pcre2_set_depth_limit(set->mctx, 10000);
  return set;
}

void match_ioc_set_free(ioc_set *set) {
  if (!set) return;
  match_ioc_hash_free(set);
  match_ioc_name_free(set);
  pcre2_match_context_free(set->mctx);
  for (ioc_arena_block *b = set->arena, *next; b; b = next) {
    next = b->next;
    free(b);
  }
  free(set);
}

void match_ioc_finalize(ioc_set *set) {
  match_ioc_hash_finalize(set);
  match_ioc_name_finalize(set);
  set->finalized = 1;
}

/* Strings are many and small and die together with the set, so they are
 * carved from 64 KiB blocks instead of being malloc'ed one by one. */
const char *match_ioc_arena_strndup(ioc_set *set, const char *s, size_t n) {
  ioc_arena_block *b = set->arena;
  if (!b || b->cap - b->used < n + 1) {
    size_t cap = n + 1 > ARENA_BLOCK ? n + 1 : ARENA_BLOCK;
    b = xmalloc(sizeof *b + cap);
    b->cap = cap;
    b->used = 0;
    b->next = set->arena;
    set->arena = b;
  }
  char *p = b->data + b->used;
  memcpy(p, s, n);
  p[n] = '\0';
  b->used += n + 1;
  return p;
}

/* A binary file fed as an IOC list would otherwise produce one warning per
 * "line"; after IOC_MAX_WARN the rest of that source is summarised. */
void match_ioc_warnf(ioc_load_ctx *c, unsigned line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  util_capped_warn(c->warn, c->user, c->source, &c->nwarn, IOC_MAX_WARN, line, fmt, ap);
  va_end(ap);
}

/* ---- line handling ------------------------------------------------------ */

void match_ioc_line_init(ioc_line_iter *it, const char *text, size_t len) {
  if (!text) text = "", len = 0;
  /* Embedded blobs carry a terminating NUL; treat trailing NULs as EOF. */
  while (len && text[len - 1] == '\0') len--;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    text += 3;
    len -= 3;
  }
  it->p = text;
  it->end = text + len;
  it->lineno = 0;
}

int match_ioc_line_next(ioc_line_iter *it, ioc_load_ctx *c, const char **s, size_t *n) {
  if (it->p >= it->end) return 0;
  const char *start = it->p;
  const char *nl = memchr(start, '\n', (size_t)(it->end - start));
  const char *stop = nl ? nl : it->end;
  it->p = nl ? nl + 1 : it->end;
  it->lineno++;
  size_t len = (size_t)(stop - start);
  if (len > IOC_MAX_LINE) {
    match_ioc_warnf(c, it->lineno, "line longer than %u bytes, skipped", IOC_MAX_LINE);
    return -1;
  }
  if (memchr(start, '\0', len)) {
    match_ioc_warnf(c, it->lineno, "line contains a NUL byte, skipped");
    return -1;
  }
  *s = match_ioc_trim(start, &len);
  *n = len;
  return 1;
}

static int is_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

const char *match_ioc_trim(const char *s, size_t *n) {
  size_t len = *n;
  while (len && is_blank(*s)) s++, len--;
  while (len && is_blank(s[len - 1])) len--;
  *n = len;
  return s;
}

int match_ioc_parse_score(ioc_load_ctx *c, unsigned line, const char *s, size_t n, int *out) {
  size_t i = 0;
  int neg = 0;
  if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  if (i == n) return 0;
  long v = 0;
  for (; i < n; i++) {
    if (!isdigit((unsigned char)s[i])) return 0;
    if (v < 100000) v = v * 10 + (s[i] - '0'); /* saturate: it gets clamped anyway */
  }
  if (neg) v = -v;
  if (v > 100 || v < -100) {
    match_ioc_warnf(c, line, "score %.*s outside -100..100, clamped", (int)n, s);
    v = v > 100 ? 100 : -100;
  }
  *out = (int)v;
  return 1;
}

size_t match_ioc_desc_len(const char *s, size_t n) {
  if (n <= IOC_MAX_DESC) return n;
  size_t k = IOC_MAX_DESC;
  while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--; /* don't split a UTF-8 sequence */
  return k;
}

/* ---- files and directories --------------------------------------------- */

typedef enum { LIST_NONE, LIST_HASH, LIST_ALLOW, LIST_NAME } list_kind;

/* The signature-base convention: the file's role is a word in its name. */
static list_kind kind_from_name(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  if (strcasestr(base, "hash")) return strcasestr(base, "falsepositive") ? LIST_ALLOW : LIST_HASH;
  if (strcasestr(base, "filename")) return LIST_NAME;
  return LIST_NONE;
}

/* For a file named explicitly whose name does not say what it holds: a
 * list whose first entry is a hex digest is a hash list. */
static list_kind kind_from_content(const char *text, size_t len) {
  ioc_line_iter it;
  ioc_load_ctx quiet = {0};
  const char *s;
  size_t n;
  int r;
  match_ioc_line_init(&it, text, len);
  while ((r = match_ioc_line_next(&it, &quiet, &s, &n)) != 0) {
    if (r < 0 || n == 0 || s[0] == '#') continue;
    const char *semi = memchr(s, ';', n);
    size_t hn = semi ? (size_t)(semi - s) : n;
    unsigned char digest[32];
    s = match_ioc_trim(s, &hn);
    return match_ioc_hex_digest(s, hn, digest) >= 0 ? LIST_HASH : LIST_NAME;
  }
  return LIST_NONE;
}

/* Reads a whole regular file into a malloc'ed buffer; returns 0 or an
 * errno value.  Input-sized, so allocation failure is an error, not abort. */
static int read_file(const char *path, char **out, size_t *outlen) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* a FIFO must not block */
  if (fd < 0) return errno;
  struct stat st;
  int err = 0;
  char *buf = NULL;
  size_t len = 0;
  if (fstat(fd, &st) != 0) err = errno;
  else if (!S_ISREG(st.st_mode)) err = EINVAL;
  else if ((uint64_t)st.st_size > IOC_MAX_FILE) err = EFBIG;
  else if (!(buf = malloc((size_t)st.st_size + 1))) err = ENOMEM;
  while (!err && len < (size_t)st.st_size) {
    ssize_t r = read(fd, buf + len, (size_t)st.st_size - len);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) err = errno;
    if (r <= 0) break; /* shrank while reading: use what is there */
    len += (size_t)r;
  }
  close(fd);
  if (err) {
    free(buf);
    return err;
  }
  *out = buf;
  *outlen = len;
  return 0;
}

static void path_warn(ioc_warn_fn warn, void *user, const char *path, const char *fmt, const char *arg) {
  ioc_load_ctx c = {path, warn, user, 0};
  match_ioc_warnf(&c, 0, fmt, arg);
}

static ss_err load_file(ioc_set *set, const char *path, int named, ioc_warn_fn warn, void *user) {
  list_kind kind = kind_from_name(path);
  if (kind == LIST_NONE && !named) {
    path_warn(warn, user, path, "%s", "ignored: name contains neither \"hash\" nor \"filename\"");
    return SS_OK;
  }
  char *text = NULL;
  size_t len = 0;
  int err = read_file(path, &text, &len);
  if (err) {
    path_warn(warn, user, path, "cannot read: %s", strerror(err));
    return SS_ERR_IOC;
  }
  if (kind == LIST_NONE) {
    kind = kind_from_content(text, len);
    if (kind != LIST_NONE)
      path_warn(warn, user, path, "name contains neither \"hash\" nor \"filename\"; read as a %s list",
                kind == LIST_HASH ? "hash" : "filename-regex");
  }
  if (kind == LIST_HASH || kind == LIST_ALLOW)
    match_ioc_load_hashes(set, text, len, path, kind == LIST_ALLOW, warn, user);
  else if (kind == LIST_NAME)
    match_ioc_load_names(set, text, len, path, warn, user);
  free(text);
  return SS_OK;
}

static ss_err load_dir(ioc_set *set, const char *path, int depth, ioc_warn_fn warn, void *user) {
  struct dirent **list;
  int n = scandir(path, &list, NULL, alphasort); /* sorted: load order decides duplicates */
  if (n < 0) {
    path_warn(warn, user, path, "cannot read directory: %s", strerror(errno));
    return SS_ERR_IOC;
  }
  size_t plen = strlen(path);
  const char *sep = plen && path[plen - 1] == '/' ? "" : "/";
  for (int i = 0; i < n; i++) {
    const char *name = list[i]->d_name;
    if (name[0] != '.') {
      char *child = xasprintf("%s%s%s", path, sep, name);
      struct stat st;
      /* lstat: a symlinked directory could loop; symlinked files are read. */
      if (lstat(child, &st) != 0) path_warn(warn, user, child, "cannot stat: %s", strerror(errno));
      else if (S_ISDIR(st.st_mode) && depth >= IOC_MAX_DEPTH)
        path_warn(warn, user, child, "%s", "directory nested too deep, not entered");
      else if (S_ISDIR(st.st_mode)) (void)load_dir(set, child, depth + 1, warn, user);
      else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) (void)load_file(set, child, 0, warn, user);
      free(child);
    }
    free(list[i]);
  }
  free(list);
  return SS_OK;
}

ss_err match_ioc_load_path(ioc_set *set, const char *path, ioc_warn_fn warn, void *user) {
  struct stat st;
  if (stat(path, &st) != 0) {
    path_warn(warn, user, path, "cannot read: %s", strerror(errno));
    return SS_ERR_IOC;
  }
  if (S_ISDIR(st.st_mode)) return load_dir(set, path, 0, warn, user);
  return load_file(set, path, 1, warn, user);
}
