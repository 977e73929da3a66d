/*
 * unicode_escapes.c - Unicode escapes in JSP and ASP.NET pages.  javac turns
 * every \uXXXX (any number of u's) into its character before it reads a
 * single token, and C# reads them in names and strings, so code may spell
 * its names in them:
 *
 *   \u0052untime.getRuntime().exec(request.getParameter("c"))      Java
 *   System.Diagnostics.\u0050rocess.Start("cmd.exe", ...)          C#
 *
 * The page is read as the compiler reads it: a copy with the escapes
 * undone (as UTF-8).  A backslash escaped by another (\\u0041 in a string)
 * starts no escape, as in Java.  (C#'s verbatim @"\u0041" keeps its text;
 * undoing it there changes a literal, not what the code calls.)
 */
#include <stdlib.h>
#include <string.h>

#include "lang/lang.h"
#include "util/util.h"

/* The escape at p (a backslash): its code point and length, or 0. */
static size_t escape_at(const unsigned char *p, const unsigned char *end, uint32_t *cp) {
  const unsigned char *q = p + 1;
  if (q >= end || *q != 'u') return 0;
  while (q < end && *q == 'u') q++;
  if (end - q < 4) return 0;
  uint32_t v = 0;
  for (int k = 0; k < 4; k++) {
    unsigned h = lang_lex_hexval(q[k]);
    if (h > 15) return 0;
    v = v << 4 | h;
  }
  *cp = v;
  return (size_t)(q + 4 - p);
}

static size_t put_utf8(unsigned char *o, uint32_t cp) {
  if (cp < 0x80) return o[0] = (unsigned char)cp, 1;
  if (cp < 0x800) return o[0] = (unsigned char)(0xC0 | cp >> 6), o[1] = (unsigned char)(0x80 | (cp & 0x3F)), 2;
  o[0] = (unsigned char)(0xE0 | cp >> 12);
  o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[2] = (unsigned char)(0x80 | (cp & 0x3F));
  return 3;
}

int lang_unicode_escapes(const unsigned char *buf, size_t len, unsigned char **out, size_t *outlen) {
  const unsigned char *end = buf + len, *p = buf;
  uint32_t cp;
  int any = 0;
  /* a cheap look first: most pages have no \u at all */
  for (const unsigned char *q = buf; (q = memchr(q, '\\', (size_t)(end - q))) != NULL; q++)
    if (escape_at(q, end, &cp)) {
      any = 1;
      break;
    }
  if (!any) return 0;
  /* an escape is at least 6 bytes and gives at most 3: the copy is never longer */
  unsigned char *o = xmalloc(len + 1);
  size_t n = 0, slashes = 0, undone = 0;
  while (p < end) {
    size_t k;
    if (*p == '\\' && slashes % 2 == 0 && (k = escape_at(p, end, &cp)) != 0) {
      n += put_utf8(o + n, cp);
      p += k;
      slashes = 0;
      undone++;
      continue;
    }
    slashes = *p == '\\' ? slashes + 1 : 0;
    o[n++] = *p++;
  }
  if (!undone) { /* every \u was an escaped backslash's: nothing to undo */
    free(o);
    return 0;
  }
  o[n] = '\0';
  *out = o;
  *outlen = n;
  return 1;
}
