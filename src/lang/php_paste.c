/*
 * php_paste.c - content downloaded from a paste site, written to a file.
 *
 * Defacers and droppers keep their page or their shell on a paste site
 * (pastebin.com/raw/..., paste.ee/r/...) and write what they fetch from it
 * into the site: index pages replaced, a shell planted where the next
 * request finds it (MITRE ATT&CK T1608.001, T1105, T1491.001).  An
 * application downloads its updates and data from its own servers, not
 * from a paste site's raw view.  It proves no request input, so it is a
 * medium finding.
 */
#include <stdio.h>
#include <string.h>

#include "lang/analyze.h"

/* Paste sites, as their URLs name them. */
static const char *const paste_hosts[] = {"pastebin.com/", "paste.ee/",     "hastebin.com/", "ghostbin.",
                                          "rentry.co/",    "rentry.org/",   "controlc.com/", "justpaste.it/",
                                          "pastie.org/",   "dpaste.com/",   "dpaste.org/",   "paste2.org/",
                                          "pastebin.pl/",  "paste.centos.org/"};

/* p is a host in a URL that opens a string literal: 'http://host or "https://host. */
static int quoted_url(const lang_ctx *c, const unsigned char *p) {
  size_t at = (size_t)(p - c->buf);
  for (size_t n = 7; n <= 8; n++) /* "http://", "https://" */
    if (at > n && memcmp(p - n, n == 7 ? "http://" : "https://", n) == 0 && (p[-(long)n - 1] == '\'' || p[-(long)n - 1] == '"'))
      return 1;
  return 0;
}

/* The first paste-site URL written as a string literal in the buffer being
 * read (a mention in a comment is not one), quoted into out; 0 if none. */
static int paste_url(const lang_ctx *c, char *out, size_t outsz, unsigned *line) {
  const unsigned char *best = NULL, *end = c->buf + c->len;
  for (size_t k = 0; k < sizeof paste_hosts / sizeof paste_hosts[0]; k++) {
    size_t n = strlen(paste_hosts[k]);
    for (const unsigned char *p = c->buf; p < end && (p = memmem(p, (size_t)(end - p), paste_hosts[k], n)) != NULL; p += n)
      if (quoted_url(c, p)) {
        if (!best || p < best) best = p;
        break;
      }
  }
  if (!best) return 0;
  const unsigned char *q = best;
  while (q < end && *q > ' ' && *q != '\'' && *q != '"' && *q != ')' && *q != ';') q++;
  snprintf(out, outsz, "%.*s", (int)(q - best > 60 ? 60 : q - best), (const char *)best);
  *line = 1;
  for (const unsigned char *p = c->buf; p < best; p++) *line += *p == '\n';
  return 1;
}

int lang_php_paste_write(lang_ctx *c, const char *display, unsigned line) {
  char url[64];
  unsigned at;
  if (c->syn != SYN_PHP || !paste_url(c, url, sizeof url, &at)) return 0;
  lang_add_detection(c, "shellsift.lang.dropper", "webshell", 55, line,
                     "%s writes into a file content downloaded from a paste site (%s, line %u) (line %u)", display,
                     url, at, line);
  return 1;
}
