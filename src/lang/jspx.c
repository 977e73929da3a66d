/*
 * jspx.c - JSP documents (JSPX) read as the container reads them.  A JSP
 * written as XML keeps its code in <jsp:scriptlet>, <jsp:declaration> and
 * <jsp:expression> elements, either in CDATA sections or with the XML
 * escapes a parser undoes before compiling (&lt; &gt; &amp; &quot; &apos;
 * &#NN; &#xHH;):
 *
 *   <jsp:scriptlet><![CDATA[ if (a < b) Runtime.getRuntime().exec(c); ]]></jsp:scriptlet>
 *   <jsp:scriptlet> if (a &lt; b &amp;&amp; c != null) ... </jsp:scriptlet>
 *
 * lang_jspx_unpack makes a copy of such a page where those element bodies
 * are the Java the container compiles: CDATA markers dropped, escapes
 * undone.  Line breaks are kept, so line numbers stay those of the file.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang/lang.h"
#include "util/util.h"

static const char *const tags[] = {"scriptlet>", "declaration>", "expression>"};

/* An XML character or entity reference at p (just after '&'): its byte
 * (ASCII only: what Java code needs) and length, or 0. */
static size_t entity(const unsigned char *p, const unsigned char *end, unsigned char *ch) {
  static const struct { const char *name; char ch; } named[] = {
      {"lt;", '<'}, {"gt;", '>'}, {"amp;", '&'}, {"quot;", '"'}, {"apos;", '\''}};
  size_t left = (size_t)(end - p);
  for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
    size_t n = strlen(named[k].name);
    if (left >= n && memcmp(p, named[k].name, n) == 0) return *ch = (unsigned char)named[k].ch, n;
  }
  if (left < 3 || p[0] != '#') return 0;
  unsigned v = 0;
  size_t i = 1;
  int hex = p[1] == 'x' || p[1] == 'X';
  for (i += (size_t)hex; i < left && i < 10; i++) {
    unsigned char c = p[i];
    if (c == ';') break;
    unsigned d = c >= '0' && c <= '9' ? c - '0' : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : 99;
    if (d == 99) return 0;
    v = v * (hex ? 16 : 10) + d;
  }
  if (i >= left || p[i] != ';' || i == 1u + (size_t)hex || v == 0 || v > 0x7F) return 0;
  *ch = (unsigned char)v;
  return i + 1;
}

int lang_jspx_unpack(const unsigned char *buf, size_t len, unsigned char **out, size_t *outlen) {
  if (!memmem(buf, len, "<jsp:", 5)) return 0;
  if (!memmem(buf, len, "<![CDATA[", 9) && !memmem(buf, len, "&", 1)) return 0;
  unsigned char *dst = xmalloc(len + 1);
  size_t o = 0;
  const unsigned char *p = buf, *end = buf + len;
  int changed = 0;
  while (p < end) {
    const unsigned char *open = memmem(p, (size_t)(end - p), "<jsp:", 5);
    const char *tag = NULL;
    while (open) {
      for (size_t k = 0; k < sizeof tags / sizeof tags[0] && !tag; k++)
        if ((size_t)(end - open) > 5 + strlen(tags[k]) && strncasecmp((const char *)open + 5, tags[k], strlen(tags[k])) == 0)
          tag = tags[k];
      if (tag) break;
      open = memmem(open + 5, (size_t)(end - open - 5), "<jsp:", 5);
    }
    if (!open) break;
    const unsigned char *body = open + 5 + strlen(tag);
    const unsigned char *close = memmem(body, (size_t)(end - body), "</jsp:", 6);
    if (!close) close = end;
    memcpy(dst + o, p, (size_t)(body - p));
    o += (size_t)(body - p);
    for (const unsigned char *q = body; q < close;) {
      if ((size_t)(close - q) >= 9 && memcmp(q, "<![CDATA[", 9) == 0) {
        const unsigned char *ce = memmem(q + 9, (size_t)(close - q - 9), "]]>", 3);
        const unsigned char *ve = ce ? ce : close;
        memcpy(dst + o, q + 9, (size_t)(ve - q - 9));
        o += (size_t)(ve - q - 9);
        q = ce ? ce + 3 : close;
        changed = 1;
        continue;
      }
      unsigned char ch;
      size_t n;
      if (*q == '&' && (n = entity(q + 1, close, &ch)) != 0) {
        dst[o++] = ch;
        q += 1 + n;
        changed = 1;
        continue;
      }
      dst[o++] = *q++;
    }
    p = close;
  }
  if (!changed) {
    free(dst);
    return 0;
  }
  memcpy(dst + o, p, (size_t)(end - p));
  o += (size_t)(end - p);
  *out = dst;
  *outlen = o;
  return 1;
}
