/*
 * find.c - finds the logs below a root by where servers write them: IIS
 * (inetpub/logs/LogFiles), Exchange (<install>\Logging, the install at
 * its usual paths), the Windows event logs the rules read
 * (Windows/System32/winevt/Logs: Application, Security, System, Sysmon,
 * PowerShell, Defender, MSExchange Management), Apache and nginx
 * (/var/log/apache2, httpd, nginx), Tomcat (its logs/ folder wherever the
 * distribution or a manual install puts it) and auditd (/var/log/audit,
 * audit.log and its rotations); and the configurations that say how those
 * servers format their access logs (/etc/apache2, /etc/httpd, /etc/nginx,
 * Tomcat's conf/server.xml).  Each path is matched ignoring case and also
 * below a drive or disk folder (KAPE/CyLR collections, mounted images).
 * A root without any of them is taken as a folder of copied logs: every
 * file with a log's name below it, format from content.  Symbolic links
 * are never followed: each one is reported.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/events.h"
#include "logs/logs.h"

#define MAX_DEPTH 8

typedef struct {
  logs_found_fn fn;
  void *user;
  ss_event_cb cb;
  void *cbuser;
  size_t nfound;
} finder;

/* The event logs the rules read: the Exchange crash and cmdlet logs,
 * process creation (Sysmon, Security 4688), PowerShell script blocks,
 * services and cleared logs (System), antivirus detections. */
static const char *const evtx_names[] = {"Application.evtx",
                                         "MSExchange Management.evtx",
                                         "Security.evtx",
                                         "System.evtx",
                                         "Microsoft-Windows-Sysmon%4Operational.evtx",
                                         "Microsoft-Windows-PowerShell%4Operational.evtx",
                                         "Microsoft-Windows-Windows Defender%4Operational.evtx",
                                         NULL};

/* Where Exchange is installed, relative to a drive. */
static const char *const exchange_installs[] = {
    "Program Files/Microsoft/Exchange Server/V15", "Program Files/Microsoft/Exchange Server/V14",
    "Exchange Server/V15", "Exchange", "", NULL};

/* Log folders of Linux web servers, relative to a root; "*" ends a name
 * prefix (tomcat9, tomcat10...). */
static const char *const linux_log_dirs[] = {
    "var/log/apache2", "var/log/httpd", "var/log/nginx", "var/log/tomcat*", "var/lib/tomcat*/logs",
    "opt/tomcat*/logs", "usr/share/tomcat*/logs", "usr/local/tomcat*/logs", "usr/local/apache2/logs", "var/log/audit",
    NULL};

static const char *const config_dirs[] = {
    "etc/apache2", "etc/httpd", "etc/nginx", "usr/local/apache2/conf", "usr/local/etc/nginx", "etc/tomcat*",
    "var/lib/tomcat*/conf", "opt/tomcat*/conf", "usr/share/tomcat*/conf", "usr/local/tomcat*/conf", NULL};

/* A file that can be a log: *.log, *.gz, *.evtx, *.txt (Tomcat), a
 * rotation (access.log.1, access_log-20210303) or an access log by name. */
static int log_name(const char *name) {
  static const char *const exts[] = {".log", ".gz", ".evtx", ".txt", NULL};
  size_t n = strlen(name);
  for (const char *const *e = exts; *e; e++) {
    size_t m = strlen(*e);
    if (n > m && !strcasecmp(name + n - m, *e)) return 1;
  }
  return strcasestr(name, ".log.") || strcasestr(name, "access");
}

/* A name a log at its known place carries (u_ex210303.log, HttpProxy_2021030304-1.LOG,
 * ECPServer20210303-1.LOG, Application.evtx, access.log...): such a file
 * that turns out not to be a readable log is a hole in the coverage, not
 * a stray file. */
static int expected_log_name(const char *name) {
  static const char *const prefixes[] = {"u_ex", "u_in", "u_nc", "HttpProxy_", "ECPServer", "ECPActivity",
                                         "OABGeneratorLog", "audit.log", NULL};
  for (const char *const *p = prefixes; *p; p++)
    if (!strncasecmp(name, *p, strlen(*p))) return 1;
  for (const char *const *e = evtx_names; *e; e++)
    if (!strcasecmp(name, *e)) return 1;
  return strcasestr(name, "access") != NULL; /* access.log, access_log, localhost_access_log... */
}

static int config_name(const char *name) {
  size_t n = strlen(name);
  return (n > 5 && !strcasecmp(name + n - 5, ".conf")) || !strcasecmp(name, "server.xml") ||
         !strcasecmp(name, "nginx.conf") || !strcasecmp(name, "default");
}

/* dir/name, without doubling a '/' the user typed at the end of dir. */
static char *join(const char *dir, const char *name) {
  size_t n = strlen(dir);
  return xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

static int skip_dot(const struct dirent *e) { return strcmp(e->d_name, ".") && strcmp(e->d_name, ".."); }

/* Every log file (config: configuration file) below dir. */
static void walk(finder *f, const char *dir, int depth, int config) {
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
      /* sites-enabled/ holds links to sites-available/, which is read itself */
      if (!config) core_emit_warning(f->cb, f->cbuser, SS_WARN_SYMLINK, path, "symbolic link not followed");
    } else if (S_ISDIR(st.st_mode)) {
      if (depth < MAX_DEPTH) walk(f, path, depth + 1, config);
    } else if (S_ISREG(st.st_mode) && config) {
      if (config_name(list[i]->d_name) || strstr(dir, "sites-") || strstr(dir, "conf.d")) f->fn(f->user, path, 0, 1);
    } else if (S_ISREG(st.st_mode) && log_name(list[i]->d_name)) {
      f->nfound++;
      f->fn(f->user, path, expected_log_name(list[i]->d_name), 0);
    }
    free(path);
    free(list[i]);
  }
  free(list);
}

static int is_real_dir(const char *p) {
  struct stat st;
  return p && lstat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Walks base/rel (ignoring case); a part ending in '*' stands for every
 * entry starting with it ("var/log/tomcat*": tomcat9, tomcat10). */
static void known_dir(finder *f, const char *base, const char *rel, int config) {
  const char *star = strchr(rel, '*');
  if (!star) {
    char *dir = util_resolve_nocase(base, rel);
    if (is_real_dir(dir)) walk(f, dir, MAX_DEPTH - 4, config);
    free(dir);
    return;
  }
  const char *slash = memrchr(rel, '/', (size_t)(star - rel));
  char *parent_rel = slash ? xstrndup(rel, (size_t)(slash - rel)) : xstrdup("");
  char *prefix = xstrndup(slash ? slash + 1 : rel, (size_t)(star - (slash ? slash + 1 : rel)));
  const char *rest = star[1] == '/' ? star + 2 : "";
  char *parent = *parent_rel ? util_resolve_nocase(base, parent_rel) : xstrdup(base);
  struct dirent **list = NULL;
  int n = is_real_dir(parent) ? scandir(parent, &list, skip_dot, alphasort) : 0;
  for (int i = 0; i < n; i++) {
    if (!strncasecmp(list[i]->d_name, prefix, strlen(prefix))) {
      char *sub = join(parent, list[i]->d_name);
      if (is_real_dir(sub)) {
        if (*rest) known_dir(f, sub, rest, config);
        else walk(f, sub, MAX_DEPTH - 4, config);
      }
      free(sub);
    }
    free(list[i]);
  }
  free(list);
  free(parent);
  free(parent_rel);
  free(prefix);
}

/* The Exchange install's Logging folder: at the usual install paths, a
 * folder that holds HttpProxy, ECP or OABGeneratorLog logs. */
static void exchange_logging(finder *f, const char *base) {
  static const char *const marks[] = {"HttpProxy", "ECP", "OABGeneratorLog", NULL};
  for (const char *const *p = exchange_installs; *p; p++) {
    char *rel = **p ? xasprintf("%s/Logging", *p) : xstrdup("Logging");
    char *dir = util_resolve_nocase(base, rel);
    int yes = 0;
    for (const char *const *m = marks; dir && *m && !yes; m++) {
      char *sub = util_resolve_nocase(dir, *m);
      yes = is_real_dir(sub);
      free(sub);
    }
    if (yes) walk(f, dir, MAX_DEPTH - 4, 0);
    free(dir);
    free(rel);
    if (yes) return;
  }
}

static void known_locations(finder *f, const char *base) {
  known_dir(f, base, "inetpub/logs/LogFiles", 0);
  for (const char *const *e = evtx_names; *e; e++) {
    char *rel = xasprintf("Windows/System32/winevt/Logs/%s", *e);
    char *p = util_resolve_nocase(base, rel);
    struct stat st;
    if (p && lstat(p, &st) == 0 && S_ISREG(st.st_mode)) f->nfound++, f->fn(f->user, p, 1, 0);
    free(p);
    free(rel);
  }
  exchange_logging(f, base);
  for (const char *const *d = linux_log_dirs; *d; d++) known_dir(f, base, *d, 0);
  for (const char *const *d = config_dirs; *d; d++) known_dir(f, base, *d, 1);
}

/* Folders of a drive (and a live system's virtual ones) that are never a
 * drive folder themselves. */
static int top_folder(const char *name) {
  static const char *const tops[] = {"inetpub", "Windows", "Program Files", "Exchange", "Exchange Server", "var",
                                     "etc", "opt", "usr", "Logging", "proc", "sys", "dev", "run", NULL};
  for (const char *const *t = tops; *t; t++)
    if (!strcasecmp(name, *t)) return 1;
  return 0;
}

/* The folders below dir, down to depth levels, as drive roots: C/ of a
 * KAPE or CyLR collection, HOST/C/ when the collection keeps one folder
 * per host, a mounted disk's disk1/. */
#define DRIVE_FOLDERS_MAX 512 /* a folder with more entries holds no collection's drives */
static void drive_folders(finder *f, const char *dir, int depth) {
  struct dirent **list = NULL;
  int n = scandir(dir, &list, skip_dot, alphasort);
  for (int i = 0; i < n; i++) {
    char *sub = join(dir, list[i]->d_name);
    if ((depth > 1 || n <= DRIVE_FOLDERS_MAX) && !top_folder(list[i]->d_name) && is_real_dir(sub)) {
      known_locations(f, sub);
      if (depth > 1) drive_folders(f, sub, depth - 1);
    }
    free(sub);
    free(list[i]);
  }
  free(list);
}

void logs_find(const char *root, int walk_if_none, logs_found_fn fn, void *user, ss_event_cb cb, void *cbuser) {
  /* Files found by walking are "not named" unless their name is a log's: one
   * that is not a log (the Logging folder holds other files too) is skipped
   * with a notice, not an error that would make every clean run incomplete. */
  finder f = {.fn = fn, .user = user, .cb = cb, .cbuser = cbuser};
  known_locations(&f, root);
  drive_folders(&f, root, 2);
  if (!f.nfound && walk_if_none) walk(&f, root, 0, 0);
}
