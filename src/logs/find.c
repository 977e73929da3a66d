/*
 * find.c - finds the logs below a root by where Windows and Exchange keep
 * them (facts §0): IIS inetpub/logs/LogFiles, the Exchange install's
 * Logging folder (found as `shellsift exchange` finds the install), and
 * the Exchange-relevant event logs in Windows/System32/winevt/Logs, each
 * path matched ignoring case and also below a drive folder (KAPE/CyLR
 * collections).  A root without any of them is taken as a folder of
 * copied logs: every *.log, *.gz and *.evtx below it, format from content.
 * Symbolic links are never followed: each one is reported.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/events.h"
#include "exchange/exchange.h"
#include "logs/logs.h"

#define MAX_DEPTH 8

typedef struct {
  found_fn fn;
  void *user;
  ss_event_cb cb;
  void *cbuser;
  size_t nfound;
} finder;

static const char *const evtx_names[] = {"Application.evtx", "MSExchange Management.evtx",
                                         "Microsoft-Windows-Windows Defender%4Operational.evtx", NULL};

static int log_name(const char *name) {
  static const char *const exts[] = {".log", ".gz", ".evtx", NULL};
  size_t n = strlen(name);
  for (const char *const *e = exts; *e; e++) {
    size_t m = strlen(*e);
    if (n > m && !strcasecmp(name + n - m, *e)) return 1;
  }
  return 0;
}

/* A name a log at its known place carries (u_ex210303.log, HttpProxy_2021030304-1.LOG,
 * ECPServer20210303-1.LOG, Application.evtx...): such a file that turns out
 * not to be a readable log is a hole in the coverage, not a stray file. */
static int expected_log_name(const char *name) {
  static const char *const prefixes[] = {"u_ex", "u_in", "u_nc", "HttpProxy_", "ECPServer", "ECPActivity",
                                         "OABGeneratorLog", NULL};
  for (const char *const *p = prefixes; *p; p++)
    if (!strncasecmp(name, *p, strlen(*p))) return 1;
  for (const char *const *e = evtx_names; *e; e++)
    if (!strcasecmp(name, *e)) return 1;
  return 0;
}

/* dir/name, without doubling a '/' the user typed at the end of dir. */
static char *join(const char *dir, const char *name) {
  size_t n = strlen(dir);
  return xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

static int skip_dot(const struct dirent *e) { return strcmp(e->d_name, ".") && strcmp(e->d_name, ".."); }

static void walk(finder *f, const char *dir, int depth) {
  struct dirent **list = NULL;
  int n = scandir(dir, &list, skip_dot, alphasort);
  if (n < 0) {
    core_emit_warning(f->cb, f->cbuser, SS_WARN_UNREADABLE, dir, "cannot list the directory");
    return;
  }
  for (int i = 0; i < n; i++) {
    char *path = join(dir, list[i]->d_name);
    struct stat st;
    if (lstat(path, &st) != 0) {
      core_emit_warning(f->cb, f->cbuser, SS_WARN_VANISHED, path, "removed while the logs were listed");
    } else if (S_ISLNK(st.st_mode)) {
      core_emit_warning(f->cb, f->cbuser, SS_WARN_SYMLINK, path, "symbolic link not followed");
    } else if (S_ISDIR(st.st_mode)) {
      if (depth < MAX_DEPTH) walk(f, path, depth + 1);
    } else if (S_ISREG(st.st_mode) && log_name(list[i]->d_name)) {
      f->nfound++;
      f->fn(f->user, path, expected_log_name(list[i]->d_name));
    }
    free(path);
    free(list[i]);
  }
  free(list);
}

static void known_dir(finder *f, const char *base, const char *rel) {
  char *dir = exchange_resolve_nocase(base, rel);
  struct stat st;
  if (dir && lstat(dir, &st) == 0 && S_ISDIR(st.st_mode)) walk(f, dir, MAX_DEPTH - 4);
  free(dir);
}

static void known_locations(finder *f, const char *base) {
  known_dir(f, base, "inetpub/logs/LogFiles");
  for (const char *const *e = evtx_names; *e; e++) {
    char *rel = xasprintf("Windows/System32/winevt/Logs/%s", *e);
    char *p = exchange_resolve_nocase(base, rel);
    struct stat st;
    if (p && lstat(p, &st) == 0 && S_ISREG(st.st_mode)) f->nfound++, f->fn(f->user, p, 1);
    free(p);
    free(rel);
  }
}

void find_logs(const char *root, int walk_if_none, found_fn fn, void *user, ss_event_cb cb, void *cbuser) {
  /* Files found by walking are "not named" unless their name is a log's: one
   * that is not a log (the Logging folder holds other files too) is skipped
   * with a notice, not an error that would make every clean run incomplete. */
  finder f = {.fn = fn, .user = user, .cb = cb, .cbuser = cbuser};
  known_locations(&f, root);
  struct dirent **list = NULL;
  int n = scandir(root, &list, skip_dot, alphasort);
  for (int i = 0; i < n; i++) { /* a drive folder: C/inetpub/... */
    char *sub = join(root, list[i]->d_name);
    struct stat st;
    if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode) && strcasecmp(list[i]->d_name, "inetpub") &&
        strcasecmp(list[i]->d_name, "Windows"))
      known_locations(&f, sub);
    free(sub);
    free(list[i]);
  }
  free(list);
  char *install = exchange_find_install(root);
  if (install) {
    known_dir(&f, install, "Logging");
    free(install);
  }
  if (!f.nfound && walk_if_none) walk(&f, root, 0);
}
