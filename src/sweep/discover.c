/*
 * discover.c - what a sweep expects to find below its root and whether it
 * is there: the coverage section of every report.  The root may be a
 * system drive, a mounted image, or a triage collection that keeps drives
 * as folders (KAPE writes <dest>/C/..., CyLR zips hold C/...; both may sit
 * under a host-name folder), so the root and the folders one and two levels
 * down are tried as drive roots.  A missing item is written as what it
 * means for the verdict ("no HttpProxy logs: exploitation via
 * CVE-2021-26855 cannot be ruled out"), since a silent "clean" on a copy
 * without logs is the failure users of peer tools hit most.
 */
#include "sweep/sweep.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exchange/exchange.h"

#define MAX_ENTRIES 512 /* entries looked at per directory while looking for drives */

void sweep_coverage_add(coverage *cov, const char *item, const char *status, const char *path, const char *note) {
  cov->items = xrealloc(cov->items, (cov->n + 1) * sizeof *cov->items);
  cov->items[cov->n++] = (cover_item){xstrdup(item), xstrdup(status), xstrdup(path ? path : ""),
                                      xstrdup(note ? note : "")};
  if (strcmp(status, "missing") == 0) cov->missing++;
}

void sweep_coverage_free(coverage *cov) {
  for (size_t i = 0; i < cov->n; i++) {
    free(cov->items[i].item);
    free(cov->items[i].status);
    free(cov->items[i].path);
    free(cov->items[i].note);
  }
  free(cov->items);
  for (size_t i = 0; i < cov->npasswd; i++) free(cov->passwd[i]);
  free(cov->passwd);
  memset(cov, 0, sizeof *cov);
}

static int is_real_dir(const char *p) {
  struct stat st;
  return lstat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int has_any(const char *dir, const char *const *names, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char *p = util_resolve_nocase(dir, names[i]);
    free(p);
    if (p) return 1;
  }
  return 0;
}

static const char *const windows_marks[] = {"Windows", "inetpub", "Program Files", "ProgramData"};
static const char *const linux_marks[] = {"var", "srv", "etc"};

typedef struct {
  char **dirs;
  size_t n;
} dirlist;

static void add_dir(dirlist *l, const char *d) {
  l->dirs = xrealloc(l->dirs, (l->n + 1) * sizeof *l->dirs);
  l->dirs[l->n++] = xstrdup(d);
}

/* Drive roots: root itself and folders up to two levels down that hold
 * Windows or Linux top-level folders. */
static void find_drives(const char *dir, int depth, dirlist *win, dirlist *lin) {
  int is_win = has_any(dir, windows_marks, 4), is_lin = !is_win && has_any(dir, linux_marks, 3);
  if (is_win) add_dir(win, dir);
  if (is_lin) add_dir(lin, dir);
  /* the top-level folders of a drive are not drives themselves */
  if (is_win || is_lin || depth == 2) return;
  DIR *d = opendir(dir);
  if (!d) return;
  int seen = 0;
  for (struct dirent *e; seen < MAX_ENTRIES && (e = readdir(d)); seen++) {
    if (e->d_name[0] == '.') continue;
    char *sub = xasprintf("%s/%s", dir, e->d_name);
    if (is_real_dir(sub)) find_drives(sub, depth + 1, win, lin);
    free(sub);
  }
  closedir(d);
}

/* An item that is worth knowing about but whose absence is common and
 * leaves no gap the verdict depends on: "unknown" when absent, not
 * "missing". */
static void optional(coverage *cov, const dirlist *drives, const char *const *rels, size_t nrels, const char *item,
                     const char *absent_note);

/* Looks for rel below any of the drives; the first hit wins. */
static char *in_drives(const dirlist *l, const char *rel) {
  for (size_t i = 0; i < l->n; i++) {
    char *p = util_resolve_nocase(l->dirs[i], rel);
    if (p) return p;
  }
  return NULL;
}

static void expect(coverage *cov, const dirlist *drives, const char *const *rels, size_t nrels,
                   const char *item, const char *found_note, const char *missing_note) {
  char *p = NULL;
  for (size_t i = 0; i < nrels && !p; i++) p = in_drives(drives, rels[i]);
  sweep_coverage_add(cov, item, p ? "found" : "missing", p, p ? found_note : missing_note);
  free(p);
}

static void optional(coverage *cov, const dirlist *drives, const char *const *rels, size_t nrels, const char *item,
                     const char *absent_note) {
  char *p = NULL;
  for (size_t i = 0; i < nrels && !p; i++) p = in_drives(drives, rels[i]);
  sweep_coverage_add(cov, item, p ? "found" : "unknown", p, p ? "" : absent_note);
  free(p);
}

static const char *const install_rels[] = {
    "Program Files/Microsoft/Exchange Server/V15", "Program Files/Microsoft/Exchange Server/V14",
    "Exchange Server/V15", "Exchange"};

static char *find_exchange(const dirlist *win) {
  static const char *const parts[] = {"Bin", "Logging", "FrontEnd", "ClientAccess"};
  for (size_t i = 0; i < sizeof install_rels / sizeof *install_rels; i++) {
    char *p = in_drives(win, install_rels[i]);
    if (p && has_any(p, parts, 4)) return p;
    free(p);
  }
  return NULL;
}

static void exchange_items(coverage *cov, const char *ex) {
  static const struct {
    const char *rel, *item, *missing;
  } logs[] = {
      {"Logging/HttpProxy", "HttpProxy logs",
       "no HttpProxy logs: exploitation via CVE-2021-26855 (ProxyLogon server-side request forgery) cannot be ruled out"},
      {"Logging/ECP/Server", "ECP server logs",
       "no ECP server logs: CVE-2021-27065 (a web shell written through the OAB virtual directory) cannot be ruled out"},
      {"Logging/OABGeneratorLog", "OAB generator logs",
       "no OAB generator logs: CVE-2021-26858 (a file written anywhere on the server) cannot be ruled out"},
      {"FrontEnd/HttpProxy", "Exchange front-end web folders (owa\\auth, ecp\\auth)",
       "the front-end web folders, where most 2021 web shells were written, are not in this copy"},
  };
  dirlist one = {(char *[]){(char *)ex}, 1};
  for (size_t i = 0; i < sizeof logs / sizeof *logs; i++)
    expect(cov, &one, &logs[i].rel, 1, logs[i].item, "", logs[i].missing);
}

void sweep_discover(const char *root, coverage *cov) {
  dirlist win = {0}, lin = {0};
  find_drives(root, 0, &win, &lin);
  cov->windows = win.n > 0;
  cov->linux_web = lin.n > 0;
  if (win.n) {
    static const char *const www[] = {"inetpub/wwwroot"}, *const iis[] = {"inetpub/logs/LogFiles"},
                             *const evt[] = {"Windows/System32/winevt/Logs"}, *const pd[] = {"ProgramData"},
                             *const tmp[] = {"Windows/Temp"};
    sweep_coverage_add(cov, "Windows system drive", "found", win.dirs[0], "");
    expect(cov, &win, www, 1, "IIS web root", "", "no IIS web root (inetpub\\wwwroot): aspnet_client, where many shells were dropped, could not be checked");
    expect(cov, &win, iis, 1, "IIS logs", "", "no IIS logs: requests to web shells and exploit URLs cannot be seen");
    expect(cov, &win, evt, 1, "Windows event logs", "",
           "no Windows event logs: CVE-2021-26857 crashes and Exchange cmdlet traces cannot be checked");
    static const char *const proc_logs[] = {"Windows/System32/winevt/Logs/Microsoft-Windows-Sysmon%4Operational.evtx",
                                            "Windows/System32/winevt/Logs/Security.evtx"};
    optional(cov, &win, proc_logs, 2, "process-creation logs (Sysmon, Security)",
             "no Sysmon or Security event log: commands run through a web shell (w3wp.exe starting cmd.exe) cannot "
             "be seen in the event logs");
    expect(cov, &win, pd, 1, "ProgramData", "", "no ProgramData folder: archives staged for theft could not be looked for");
    expect(cov, &win, tmp, 1, "Windows\\Temp", "", "no Windows\\Temp folder: LSASS dumps and attacker scripts left there could not be looked for");
    char *ex = find_exchange(&win);
    if (ex) {
      cov->exchange = 1;
      sweep_coverage_add(cov, "Exchange install", "found", ex, "");
      exchange_items(cov, ex);
      free(ex);
    }
  }
  if (lin.n) {
    static const char *const web[] = {"var/www", "srv"},
                             *const logs[] = {"var/log/nginx", "var/log/apache2", "var/log/httpd"};
    expect(cov, &lin, web, 2, "web content (/var/www, /srv)", "",
           "no /var/www or /srv: if the sites live elsewhere, sweep that folder too");
    expect(cov, &lin, logs, 3, "web server logs (nginx, Apache)", "",
           "no nginx or Apache logs: requests to web shells cannot be seen");
    static const char *const audit[] = {"var/log/audit"};
    optional(cov, &lin, audit, 1, "audit logs (auditd)",
             "no /var/log/audit: commands a web shell ran under the server's account cannot be seen");
    for (size_t i = 0; i < lin.n; i++) {
      char *pw = util_resolve_nocase(lin.dirs[i], "etc/passwd");
      struct stat st;
      if (pw && lstat(pw, &st) == 0 && S_ISREG(st.st_mode)) {
        cov->passwd = xrealloc(cov->passwd, (cov->npasswd + 1) * sizeof *cov->passwd);
        cov->passwd[cov->npasswd++] = pw;
      } else {
        free(pw);
      }
    }
    sweep_coverage_add(cov, "account list (/etc/passwd)", cov->npasswd ? "found" : "unknown",
                       cov->npasswd ? cov->passwd[0] : "",
                       cov->npasswd ? "" : "no etc/passwd: user ids in audit logs cannot be named, so a web server's "
                                           "account running commands cannot be recognised");
  }
  if (!win.n && !lin.n)
    sweep_coverage_add(cov, "server layout", "unknown", root,
                 "no Windows or Linux server layout recognised: every file below the root was scanned, "
                 "but no logs or system folders were expected");
  for (size_t i = 0; i < win.n; i++) free(win.dirs[i]);
  for (size_t i = 0; i < lin.n; i++) free(lin.dirs[i]);
  free(win.dirs);
  free(lin.dirs);
}
