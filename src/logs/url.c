/*
 * url.c - the URL forms rules compare: requests are matched lower-case and
 * percent-decoded (twice, since attackers double-encode to slip past
 * filters: %253F), with '+' read as a space as IIS writes it, so case and
 * encoding variants of an indicator cannot hide.  Also maps a web shell
 * found on disk to the URL it is served under, to link disk and logs.
 */
#include "logs/logs.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* Decodes %XX in place over [from, len); returns the new length and
 * whether a '%' remains that could decode again. */
static size_t decode_pass(char *s, size_t len, int *more) {
  size_t o = 0;
  *more = 0;
  for (size_t i = 0; i < len; i++) {
    int h, l;
    if (s[i] == '%' && i + 2 < len && (h = hexval((unsigned char)s[i + 1])) >= 0 &&
        (l = hexval((unsigned char)s[i + 2])) >= 0) {
      char c = (char)(h * 16 + l);
      s[o++] = c;
      if (c == '%') *more = 1;
      i += 2;
    } else {
      s[o++] = s[i];
    }
  }
  return o;
}

/* Byte map of the comparison form: lower case, '+' as space, '\\' as '/'. */
static unsigned char map[256];
static pthread_once_t map_once = PTHREAD_ONCE_INIT;
static void init_map(void) {
  for (int c = 0; c < 256; c++) map[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
  map['+'] = ' ';
  map['\\'] = '/';
}

void logs_uri_normalise(strbuf *out, span stem, span query, size_t max) {
  sb_reset(out);
  size_t sn = stem.n > max ? max : stem.n;
  sb_add(out, stem.p, sn);
  if (query.n && out->len < max) {
    sb_addc(out, '?');
    size_t qn = query.n > max - out->len ? max - out->len : query.n;
    sb_add(out, query.p, qn);
  }
  if (!out->data) sb_adds(out, "");
  if (memchr(out->data, '%', out->len)) {
    int more;
    out->len = decode_pass(out->data, out->len, &more);
    if (more) out->len = decode_pass(out->data, out->len, &more);
    out->data[out->len] = '\0';
  }
  pthread_once(&map_once, init_map);
  unsigned char *d = (unsigned char *)out->data;
  for (size_t i = 0; i < out->len; i++) d[i] = map[d[i]];
}

/* Where web roots sit, lower-case with '/': the part of a file path after
 * the marker is the URL path after the prefix.  Exchange's front-end and
 * back-end virtual directories and IIS's default site, then the web roots
 * of Debian, Red Hat, SUSE and Arch, and Tomcat's webapps (ROOT served at
 * /, any other application at /<its name>/). */
static const struct {
  const char *marker, *prefix;
} web_roots[] = {
    {"/frontend/httpproxy/owa/", "/owa/"},     {"/frontend/httpproxy/ecp/", "/ecp/"},
    {"/frontend/httpproxy/oab/", "/oab/"},     {"/clientaccess/owa/", "/owa/"},
    {"/clientaccess/ecp/", "/ecp/"},           {"/clientaccess/oab/", "/oab/"},
    {"/inetpub/wwwroot/", "/"},                 {"/var/www/html/", "/"},
    {"/usr/share/nginx/html/", "/"},           {"/srv/www/htdocs/", "/"},
    {"/srv/http/", "/"},                       {"/webapps/root/", "/"},
    {"/webapps/", "/"},
};

char *logs_shell_url_from_path(const char *path) {
  char *p = xstrdup(path);
  for (char *c = p; *c; c++) *c = *c == '\\' ? '/' : (char)tolower((unsigned char)*c);
  char *url = NULL;
  for (size_t i = 0; !url && i < sizeof web_roots / sizeof web_roots[0]; i++) {
    const char *m = strstr(p, web_roots[i].marker);
    if (m) url = xasprintf("%s%s", web_roots[i].prefix, m + strlen(web_roots[i].marker));
  }
  free(p);
  return url;
}
