/*
 * places.c - where a file lies on a server, from its path below the sweep
 * root.  Windows paths are case-insensitive and triage collections (KAPE,
 * CyLR) put the drive one or two folders down, so the path is lowercased,
 * wrapped in '/' and searched for the folder names anywhere in it.
 */
#include "core/places.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/filetype.h"

static const char *const windows_web[] = {
    "/inetpub/wwwroot/", "/aspnet_client/", "/frontend/httpproxy/", "/clientaccess/owa/",
    "/clientaccess/ecp/", "/clientaccess/oab/",
};
static const char *const linux_web[] = {"/var/www/", "/srv/", "/public_html/", "/htdocs/"};

static char *wrapped_lower(const char *rel) {
  size_t n = strlen(rel);
  char *s = malloc(n + 3);
  if (!s) return NULL;
  s[0] = '/';
  for (size_t i = 0; i < n; i++) s[i + 1] = rel[i] == '\\' ? '/' : (char)tolower((unsigned char)rel[i]);
  s[n + 1] = '/';
  s[n + 2] = '\0';
  return s;
}

static int any(const char *s, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strstr(s, list[i])) return 1;
  return 0;
}

/* Folders between "/programdata/" and the file name. */
static int programdata_depth(const char *s, const char **after) {
  const char *p = strstr(s, "/programdata/");
  if (!p) return -1;
  p += strlen("/programdata/");
  *after = p;
  int slashes = 0;
  for (const char *q = p; *q; q++) slashes += *q == '/';
  return slashes - 1; /* the wrapping '/' after the name is not a folder */
}

unsigned core_place_of(const char *rel) {
  char *s = wrapped_lower(rel);
  if (!s) return 0;
  unsigned p = 0;
  if (any(s, windows_web, sizeof windows_web / sizeof *windows_web)) p |= PLACE_WEBROOT | PLACE_WINDOWS_WEB;
  if (any(s, linux_web, sizeof linux_web / sizeof *linux_web)) p |= PLACE_WEBROOT;
  const char *after;
  int depth = programdata_depth(s, &after);
  if (depth >= 0 && depth <= 1 && strncmp(after, "microsoft/", 10) != 0) p |= PLACE_PROGRAMDATA;
  if (strstr(s, "/windows/temp/")) p |= PLACE_WINTEMP;
  if (strstr(s, "/users/public/")) p |= PLACE_PUBLIC;
  free(s);
  return p;
}

int core_place_is_script(const char *rel) {
  /* the base name after the last separator of either kind, as core_place_of reads paths */
  const char *base = rel;
  for (const char *p = rel; *p; p++)
    if (*p == '/' || *p == '\\') base = p + 1;
  char ext[16];
  core_file_extension(base, ext, sizeof ext);
  if (!*ext) return 0;
  /* config and plain scripts (.sh, .py) are "script" to the scanner but
   * not pages a web server runs; the diff flags pages */
  static const char *const pages[] = {"php", "phtml", "php3", "php4", "php5", "php7", "phar", "asp", "aspx",
                                      "ashx", "asmx", "asax", "ascx", "cshtml", "cer", "asa", "jsp",
                                      "jspx", "jspf", "cfm", "shtml"};
  for (size_t i = 0; i < sizeof pages / sizeof *pages; i++)
    if (strcmp(ext, pages[i]) == 0) return 1;
  return 0;
}
