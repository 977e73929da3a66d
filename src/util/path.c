/*
 * path.c - paths on evidence copied from Windows: a triage copy or mounted
 * disk keeps whatever case the collector wrote, so a known location
 * ("inetpub/logs/LogFiles") is looked up one component at a time, each
 * matched ignoring case, never through a symbolic link (which could lead
 * out of the root the user named).  Used by the Exchange install finder,
 * the log finder and the sweep's discovery.
 */
#include <dirent.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util/util.h"

/* The child of dir whose name equals name ignoring case and that is not a
 * symbolic link, or NULL.  An exact match wins over a case variant, and a
 * same-named symbolic link is passed over for a real entry. */
static char *child_nocase(const char *dir, const char *name) {
  DIR *d = opendir(dir);
  if (!d) return NULL;
  char *found = NULL;
  struct dirent *e;
  while (!found && (e = readdir(d)) != NULL) {
    if (strcasecmp(e->d_name, name) != 0) continue;
    char *p = xasprintf("%s/%s", dir, e->d_name);
    struct stat st;
    if (lstat(p, &st) == 0 && !S_ISLNK(st.st_mode)) found = p;
    else free(p);
  }
  closedir(d);
  return found;
}

char *util_resolve_nocase(const char *base, const char *rel) {
  char *path = xstrdup(base), *parts = xstrdup(rel), *save = NULL;
  for (char *p = strtok_r(parts, "/", &save); p && path; p = strtok_r(NULL, "/", &save)) {
    char *next = child_nocase(path, p);
    free(path);
    path = next;
  }
  free(parts);
  return path;
}
