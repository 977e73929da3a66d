/*
 * prefilter.c - decides, in one pass over the bytes, whether a file can
 * give the analyzer anything: it needs a request source it recognises
 * ($_GET..., php://input, getallheaders, getenv, Request/request), or a
 * dynamic-code sink together with a decoder (a packed payload).  For
 * ASP, ASP.NET and JSP it also passes the names that make an object or run
 * a command whatever builds their string arguments (CreateObject,
 * ActiveXObject, Process.Start, getRuntime, ProcessBuilder, forName,
 * Assembly, defineClass, Socket): a literal can be split, a name cannot.
 * Most library code has none of these, and skipping its lexing is what
 * keeps the stage cheaper than the YARA scan.  The test is a superset of
 * what the analyzer can report, so skipping never loses a detection.
 */
#include <string.h>

#include "lang/lang.h"

/* The lower-cased identifier just before the '(' at paren, in out. */
static size_t name_before(const unsigned char *buf, const unsigned char *paren, char *out, size_t outsz) {
  const unsigned char *e = paren;
  while (e > buf && (e[-1] == ' ' || e[-1] == '\t')) e--;
  const unsigned char *b = e;
  while (b > buf && lang_lex_ident_char(b[-1]) && (size_t)(e - b) < outsz) b--;
  size_t n = (size_t)(e - b);
  if (n >= outsz) return 0;
  for (size_t i = 0; i < n; i++) out[i] = (char)(b[i] >= 'A' && b[i] <= 'Z' ? b[i] + 32 : b[i]);
  out[n] = '\0';
  return n;
}

static int in_list(const char *name, const char *const *list) {
  for (; *list; list++)
    if (name[0] == (*list)[0] && strcmp(name, *list) == 0) return 1;
  return 0;
}

static const char *const php_sources[] = {"getallheaders", "getenv", "apache_request_headers", NULL};
static const char *const php_sinks[] = {"eval", "assert", "create_function", "preg_replace", NULL};
static const char *const php_decoders[] = {"base64_decode", "gzinflate", "gzuncompress", "gzdecode",
                                           "str_rot13", "hex2bin", "strrev", "urldecode",
                                           "rawurldecode", "chr", NULL};

static int php_superglobal(const unsigned char *p, const unsigned char *end) {
  static const char *const names[] = {"$_GET", "$_POST", "$_REQUEST", "$_COOKIE", "$_FILES", "$HTTP_"};
  if (end - p < 5 || (p[1] != '_' && p[1] != 'H')) return 0;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    size_t n = strlen(names[i]);
    if ((size_t)(end - p) >= n && memcmp(p, names[i], n) == 0) return 1;
  }
  /* $_SERVER only for the client's headers: ['HTTP_...'], or a key the
   * analyzer might resolve from a constant */
  if (end - p < 9 || memcmp(p, "$_SERVER", 8) != 0) return 0;
  const unsigned char *q = p + 8;
  while (q < end && (*q == ' ' || *q == '\t')) q++;
  if (q >= end || *q != '[') return 0;
  for (q++; q < end && (*q == ' ' || *q == '\t'); q++) {}
  if (q < end && (*q == '\'' || *q == '"')) return end - q > 5 && memcmp(q + 1, "HTTP_", 5) == 0;
  return 1;
}

/* Calls in buf: 1 source, 2 sink, 4 decoder (sinks and decoders only
 * looked for when want says so). */
static unsigned php_calls(const unsigned char *buf, const unsigned char *end, unsigned want) {
  unsigned f = 0;
  char name[32];
  for (const unsigned char *p = buf; (p = memchr(p, '(', (size_t)(end - p))) != NULL; p++) {
    if (!name_before(buf, p, name, sizeof name)) continue;
    if ((want & 1) && in_list(name, php_sources)) return 1;
    if ((want & 2) && in_list(name, php_sinks)) f |= 2;
    if ((want & 4) && in_list(name, php_decoders)) return f | 4;
  }
  return f;
}

static int php_wanted(const unsigned char *buf, size_t len) {
  const unsigned char *end = buf + len;
  for (const unsigned char *p = buf; (p = memchr(p, '$', (size_t)(end - p))) != NULL; p++)
    if (php_superglobal(p, end)) return 1;
  if (memmem(buf, len, "php://input", 11)) return 1;
  unsigned f = php_calls(buf, end, 1 | 2);
  if (f & 1) return 1;
  /* no source: only a packed payload run as code can be reported */
  return (f & 2) && (memmem(buf, len, "\\x", 2) || (php_calls(buf, end, 4) & 4));
}

static int ci_word(const unsigned char *p, const unsigned char *end, const char *lit, size_t n) {
  if ((size_t)(end - p) < n) return 0;
  for (size_t i = 0; i < n; i++)
    if ((p[i] | 0x20) != (unsigned char)lit[i]) return 0;
  return 1;
}

int lang_prefilter(const unsigned char *buf, size_t len, int php) {
  if (php) return php_wanted(buf, len);
  for (const unsigned char *p = buf, *end = buf + len; p < end; p++) {
    switch (*p | 0x20) {
    case 'r': if (ci_word(p, end, "request", 7)) return 1; break;
    case 'b': if (ci_word(p, end, "base64", 6)) return 1; break;
    /* COM objects (a dropper, a kit without a visible source) are named in
     * strings that can be split, but the call that makes them is a name */
    case 'c': if (ci_word(p, end, "chr", 3) || ci_word(p, end, "charcode", 8) || ci_word(p, end, "createobject", 12))
        return 1;
      break;
    case 'u': if (ci_word(p, end, "unescape", 8)) return 1; break;
    /* code run from a string needs no visible source: Execute(StrReverse(..)) */
    case 'e': if (ci_word(p, end, "eval", 4) || ci_word(p, end, "execute", 7)) return 1; break;
    case 's': if (ci_word(p, end, "strreverse", 10) || ci_word(p, end, "socket", 6)) return 1; break;
    case 'x': if (ci_word(p, end, "xmlhttp", 7)) return 1; break; /* a dropper fetching a page */
    case 'd': if (ci_word(p, end, "dev/tcp/", 8) || ci_word(p, end, "defineclass", 11)) return 1; break;
    case 'w': if (ci_word(p, end, "webmethod", 9)) return 1; break; /* parameters are input */
    /* commands, class loading and reflection, whatever builds their arguments */
    case 'a': if (ci_word(p, end, "activexobject", 13) || ci_word(p, end, "assembly", 8)) return 1; break;
    case 'g': if (ci_word(p, end, "getruntime", 10)) return 1; break;
    case 'p': if (ci_word(p, end, "processbuilder", 14) || ci_word(p, end, "process.start", 13) ||
                  ci_word(p, end, "processstartinfo", 16))
        return 1;
      break;
    case 'f': if (ci_word(p, end, "forname", 7)) return 1; break;
    default: break;
    }
  }
  return 0;
}
