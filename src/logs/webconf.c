/*
 * webconf.c - the access-log formats a server's own configuration
 * defines, read from the evidence (apache2.conf, httpd.conf, conf.d files,
 * nginx.conf, Tomcat's server.xml): an access log written with a custom
 * format is only readable with that format.
 *
 *   Apache   LogFormat "<format>" <nickname>   (\" and \\ escaped), and
 *            CustomLog <path> "<format>"       (an inline format);
 *   nginx    log_format <name> [escape=...] '<part>' "<part>" ... ;
 *   Tomcat   <Valve className="...AccessLogValve" ... pattern="..."/>
 *            (&quot; and friends decoded; "common"/"combined" names).
 *
 * Only definitions are read; nothing in the configuration is executed or
 * followed (Include lines are not: the sweep hands every file it finds).
 */
#include "logs/logs.h"

#include <ctype.h>
#include <stdlib.h>

/* The next whitespace-separated word of a directive line, or a quoted
 * string ('"' or '\'') with its backslash escapes undone, into out. */
static const char *word(const char *p, const char *end, strbuf *out) {
  sb_reset(out);
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  if (p >= end) return NULL;
  if (*p == '"' || *p == '\'') {
    char q = *p++;
    while (p < end && *p != q) {
      if (*p == '\\' && p + 1 < end && (p[1] == q || p[1] == '\\')) p++;
      sb_addc(out, *p++);
    }
    if (p < end) p++;
  } else {
    while (p < end && *p != ' ' && *p != '\t' && *p != ';') sb_addc(out, *p++);
  }
  if (!out->data) sb_adds(out, "");
  return p;
}

static int directive(const char *p, const char *end, const char *name) {
  size_t n = strlen(name);
  return (size_t)(end - p) > n && !strncasecmp(p, name, n) && (p[n] == ' ' || p[n] == '\t');
}

/* Apache: LogFormat "fmt" [nickname]; CustomLog path "fmt" (inline). */
static size_t apache_line(logs_layouts *l, const char *p, const char *end, strbuf *a, strbuf *b) {
  if (directive(p, end, "LogFormat")) {
    p = word(p + 9, end, a);
    if (!p || !a->len) return 0;
    const char *q = word(p, end, b);
    return logs_layouts_add(l, 'a', q && b->len ? b->data : "custom", a->data, NULL) == 0;
  }
  if (directive(p, end, "CustomLog")) {
    p = word(p + 9, end, a);
    if (!p) return 0;
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    if (p >= end || *p != '"') return 0; /* a nickname: defined by a LogFormat */
    word(p, end, b);
    return b->len && strchr(b->data, '%') && logs_layouts_add(l, 'a', "custom", b->data, NULL) == 0;
  }
  return 0;
}

/* nginx: log_format name [escape=x] 'part' 'part' ... ; (may span lines) */
static const char *nginx_directive(logs_layouts *l, const char *p, const char *end, size_t *added, strbuf *a,
                                   strbuf *b) {
  strbuf name = STRBUF_INIT;
  p = word(p + 10, end, &name);
  sb_reset(b);
  while (p && p < end) {
    while (p < end && isspace((unsigned char)*p)) p++;
    if (p >= end || *p == ';') break;
    if (*p != '\'' && *p != '"') {
      p = word(p, end, a); /* escape=json and the like */
      continue;
    }
    p = word(p, end, a);
    sb_add(b, a->data, a->len);
  }
  if (name.len && b->len && logs_layouts_add(l, 'n', name.data, b->data, NULL) == 0) (*added)++;
  sb_free(&name);
  return p;
}

/* Tomcat: the pattern attribute of an AccessLogValve element. */
static size_t tomcat_valve(logs_layouts *l, const char *p, const char *end, strbuf *a) {
  const char *close = memchr(p, '>', (size_t)(end - p));
  if (!close) close = end;
  const char *pat = logs_find_nocase(p, (size_t)(close - p), "pattern=\"");
  if (!pat) return 0;
  pat += 9;
  const char *q = memchr(pat, '"', (size_t)(close - pat));
  if (!q) return 0;
  static const struct {
    const char *ent;
    char c;
  } ents[] = {{"&quot;", '"'}, {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&apos;", '\''}};
  sb_reset(a);
  for (const char *s = pat; s < q; s++) {
    size_t k = 0;
    if (*s == '&')
      for (; k < sizeof ents / sizeof ents[0]; k++)
        if ((size_t)(q - s) >= strlen(ents[k].ent) && !memcmp(s, ents[k].ent, strlen(ents[k].ent))) break;
    if (*s == '&' && k < sizeof ents / sizeof ents[0]) sb_addc(a, ents[k].c), s += strlen(ents[k].ent) - 1;
    else sb_addc(a, *s);
  }
  return a->len && logs_layouts_add(l, 'a', "tomcat", a->data, NULL) == 0;
}

size_t logs_webconf_read(logs_layouts *l, const char *text, size_t len) {
  size_t added = 0;
  strbuf a = STRBUF_INIT, b = STRBUF_INIT;
  const char *p = text, *end = text + len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;
    const char *s = p;
    while (s < le && (*s == ' ' || *s == '\t')) s++;
    const char *next = nl ? nl + 1 : end;
    if (s < le && *s != '#') {
      if (directive(s, le, "LogFormat") || directive(s, le, "CustomLog")) {
        added += apache_line(l, s, le, &a, &b);
      } else if (directive(s, le, "log_format")) {
        const char *after = nginx_directive(l, s, end, &added, &a, &b);
        if (after && after > next) { /* continued on the next lines: go on after it */
          const char *n2 = memchr(after, '\n', (size_t)(end - after));
          next = n2 ? n2 + 1 : end;
        }
      } else {
        const char *v = logs_find_nocase(s, (size_t)(end - s) < 4096 ? (size_t)(end - s) : 4096, "AccessLogValve");
        if (v && v < le) added += tomcat_valve(l, v, end, &a);
      }
    }
    p = next;
  }
  sb_free(&a);
  sb_free(&b);
  return added;
}
