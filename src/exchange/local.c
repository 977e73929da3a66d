/*
 * local.c - finds the Exchange build on a mounted disk or triage copy.
 *
 * Windows paths are case-insensitive and a Linux copy keeps whatever case
 * the collector wrote, so every path component is matched ignoring case.
 * The exact build, security update included, is the file version of
 * Bin/ExSetup.exe (as HealthChecker reads it, facts §0).  The HttpProxy
 * logs carry the build in their "#Version:" header, one file per hour and
 * protocol (§0, §5.2): read in order they tell which build ran when, so
 * "was this server vulnerable on 2021-03-03?" has an answer even after an
 * update.  Only the first few KiB of each log are read.
 */
#include "exchange/exchange.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

#define EXSETUP_MAX (64u << 20) /* ExSetup.exe is tens of KiB; refuse absurd sizes */
#define LOG_HEAD 4096           /* the #Version header is in the first lines */
#define MAX_LOG_FILES 1000000

/* A directory, not a link to one (the root itself is checked with stat:
 * the user named it). */
static int is_dir(const char *p) {
  struct stat st;
  return lstat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Install directories, tried below root and below each folder of root (a
 * KAPE/CyLR collection keeps the drive as a folder, e.g. C/). */
static const char *const install_paths[] = {
    "Program Files/Microsoft/Exchange Server/V15",
    "Program Files/Microsoft/Exchange Server/V14",
    "Exchange Server/V15",
    "Exchange",
    "",
};

static int looks_like_install(const char *dir) {
  char *bin = util_resolve_nocase(dir, "Bin/ExSetup.exe");
  char *logs = bin ? NULL : util_resolve_nocase(dir, "Logging/HttpProxy");
  int yes = bin != NULL || logs != NULL;
  free(bin);
  free(logs);
  return yes;
}

static char *find_install_in(const char *base) {
  for (size_t i = 0; i < sizeof install_paths / sizeof install_paths[0]; i++) {
    char *dir = *install_paths[i] ? util_resolve_nocase(base, install_paths[i]) : xstrdup(base);
    if (dir && (!*install_paths[i] || is_dir(dir)) && looks_like_install(dir)) return dir;
    free(dir);
  }
  return NULL;
}

char *exchange_find_install(const char *root) {
  char *found = find_install_in(root);
  DIR *d = found ? NULL : opendir(root);
  struct dirent *e;
  while (d && !found && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char *sub = xasprintf("%s/%s", root, e->d_name);
    if (is_dir(sub)) found = find_install_in(sub);
    free(sub);
  }
  if (d) closedir(d);
  return found;
}

/* Reads at most max bytes of a file without following links or touching
 * its access time; returns a malloc'ed buffer or NULL (errno set). */
static unsigned char *read_evidence(const char *path, size_t max, size_t *len) {
  int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
  int fd = open(path, flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = open(path, flags);
  if (fd < 0) return NULL;
  struct stat st;
  unsigned char *buf = NULL;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) goto out;
  size_t want = (size_t)st.st_size < max ? (size_t)st.st_size : max;
  buf = xmalloc(want + 1);
  size_t got = 0;
  while (got < want) {
    ssize_t n = read(fd, buf + got, want - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += (size_t)n;
  }
  buf[got] = '\0';
  *len = got;
out:
  close(fd);
  return buf;
}

static void read_exsetup(const char *install, ex_local_result *out) {
  char *exe = util_resolve_nocase(install, "Bin/ExSetup.exe");
  if (!exe) return;
  size_t len = 0;
  unsigned char *buf = read_evidence(exe, EXSETUP_MAX, &len);
  const char *why = "cannot be read";
  if (buf && exchange_pe_file_version(buf, len, &out->version, &why) == 0) {
    out->method = "ExSetup.exe";
    free(out->evidence);
    out->evidence = xasprintf("file version of %s", exe);
  } else if (!out->method) {
    free(out->error);
    out->error = xasprintf("%s: %s", exe, why);
  }
  free(buf);
  free(exe);
}

/* ---- HttpProxy history ---------------------------------------------------- */

typedef struct {
  char hour[11]; /* YYYYMMDDHH from the file name */
  ex_version v;
} log_hour;

typedef struct {
  log_hour *items;
  size_t n, cap;
} hour_list;

/* "HttpProxy_2021030312-1.LOG" -> "2021030312"; 0 if the name is not one. */
static int hour_from_name(const char *name, char hour[11]) {
  if (strncasecmp(name, "HttpProxy_", 10) != 0) return 0;
  for (int i = 0; i < 10; i++)
    if (!isdigit((unsigned char)name[10 + i])) return 0;
  memcpy(hour, name + 10, 10);
  hour[10] = '\0';
  return 1;
}

/* The build in a log's "#Version: 15.01.2375.007" header line. */
static int version_from_head(const char *text, size_t len, ex_version *v) {
  for (const char *p = text, *end = text + len; p < end;) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)((eol ? eol : end) - p);
    if (n > 9 && strncasecmp(p, "#Version:", 9) == 0) {
      size_t m = n - 9;
      while (m && (p[9 + m - 1] == '\r' || p[9 + m - 1] == ' ')) m--;
      return exchange_version_parse(p + 9, m, v) == 0 && v->revision >= 0;
    }
    if (n && p[0] != '#') break; /* past the header block */
    p += n + 1;
  }
  return 0;
}

static void scan_protocol_dir(const char *dir, hour_list *hours) {
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL && hours->n < MAX_LOG_FILES) {
    log_hour h;
    if (!hour_from_name(e->d_name, h.hour)) continue;
    char *path = xasprintf("%s/%s", dir, e->d_name);
    size_t len = 0;
    char *head = (char *)read_evidence(path, LOG_HEAD, &len);
    if (head && version_from_head(head, len, &h.v)) {
      if (hours->n == hours->cap) {
        hours->cap = hours->cap ? 2 * hours->cap : 256;
        hours->items = xrealloc(hours->items, hours->cap * sizeof *hours->items);
      }
      hours->items[hours->n++] = h;
    }
    free(head);
    free(path);
  }
  if (d) closedir(d);
}

static int by_hour_then_version(const void *a, const void *b) {
  const log_hour *x = a, *y = b;
  int c = strcmp(x->hour, y->hour);
  return c ? c : exchange_version_cmp(&x->v, &y->v);
}

static void format_hour(char out[20], const char *h) {
  snprintf(out, 20, "%.4s-%.2s-%.2sT%.2s", h, h + 4, h + 6, h + 8);
}

/* Merges the per-hour builds into periods of one build each. */
static void build_history(hour_list *hours, ex_local_result *out) {
  if (hours->n) /* qsort(NULL, 0, ...) is undefined */
    qsort(hours->items, hours->n, sizeof *hours->items, by_hour_then_version);
  for (size_t i = 0; i < hours->n; i++) {
    const log_hour *h = &hours->items[i];
    ss_build_period *last = out->nhistory ? &out->history[out->nhistory - 1] : NULL;
    char build[24];
    exchange_version_format(&h->v, build, sizeof build);
    if (last && strcmp(last->build, build) == 0) {
      format_hour(last->to, h->hour);
      continue;
    }
    out->history = xrealloc(out->history, (out->nhistory + 1) * sizeof *out->history);
    ss_build_period *p = &out->history[out->nhistory++];
    memset(p, 0, sizeof *p);
    format_hour(p->from, h->hour);
    format_hour(p->to, h->hour);
    snprintf(p->build, sizeof p->build, "%s", build);
  }
}

static void read_httpproxy_logs(const char *install, ex_local_result *out) {
  char *logs = util_resolve_nocase(install, "Logging/HttpProxy");
  if (!logs) return;
  hour_list hours = {0};
  DIR *d = opendir(logs);
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char *sub = xasprintf("%s/%s", logs, e->d_name);
    if (is_dir(sub)) scan_protocol_dir(sub, &hours);
    free(sub);
  }
  if (d) closedir(d);
  build_history(&hours, out);
  if (!out->method && hours.n) {
    /* the newest hour's highest build is the build now */
    out->version = hours.items[hours.n - 1].v;
    out->method = "httpproxy-log";
    free(out->evidence);
    out->evidence = xasprintf("#Version header of the HttpProxy logs in %s, last hour %s", logs,
                              out->history[out->nhistory - 1].to);
  }
  free(hours.items);
  free(logs);
}

void exchange_local_find(const char *root, ex_local_result *out) {
  memset(out, 0, sizeof *out);
  struct stat st;
  if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
    out->error = xasprintf("%s: not a directory", root);
    return;
  }
  out->install = exchange_find_install(root);
  if (!out->install) {
    out->error = xstrdup("no Exchange installation found (looked for Program Files/Microsoft/"
                         "Exchange Server/V15 with Bin/ExSetup.exe or Logging/HttpProxy)");
    return;
  }
  read_exsetup(out->install, out);
  read_httpproxy_logs(out->install, out);
  if (out->method) {
    free(out->error);
    out->error = NULL;
  } else if (!out->error) {
    out->error = xasprintf("%s: neither Bin/ExSetup.exe nor HttpProxy logs show a build", out->install);
  }
}

void exchange_local_result_free(ex_local_result *r) {
  free(r->install);
  free(r->evidence);
  free(r->error);
  free(r->history);
  memset(r, 0, sizeof *r);
}
