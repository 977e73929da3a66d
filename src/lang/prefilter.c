/*
 * prefilter.c - decides, in one pass over the bytes, whether a file can
 * give the analyzer anything: it needs a request source it recognises
 * ($_GET..., php://input, getallheaders, getenv, Request/request), or a
 * dynamic-code sink together with a decoder (a packed payload).  Most
 * library code has neither, and skipping its lexing is what keeps the
 * stage cheaper than the YARA scan.  The test is a superset of what the
 * analyzer can report, so skipping never loses a detection.
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

static const char *const php_sources[] = {"getallheaders", "getenv", "apache_request_headers", "create_function",
                                          NULL};
static const char *const php_sinks[] = {"eval", "assert", "preg_replace", "preg_filter", "mb_ereg_replace", NULL};
static const char *const php_decoders[] = {"base64_decode", "gzinflate", "gzuncompress", "gzdecode",
                                           "str_rot13", "hex2bin", "strrev", "urldecode",
                                           "rawurldecode", "chr", NULL};
static const char *const php_writes[] = {"fputs", "fwrite", "file_put_contents", "copy", NULL};
static const char *const php_fetches[] = {"file_get_contents", "fopen", "copy", "file", NULL};
static const char *const php_net[] = {"fsockopen", "pfsockopen", "socket_create", "stream_socket_client",
                                      "stream_socket_server", NULL};
static const char *const php_cmds[] = {"proc_open", "popen", "shell_exec", "system", "exec", "passthru", NULL};

static int ci_word(const unsigned char *p, const unsigned char *end, const char *lit, size_t n);

/* A $_SERVER field the client sends: ['HTTP_...'], the query string, the
 * URI, the path info, credentials; or the whole array; or a key the
 * analyzer might resolve from a constant. */
static int server_input(const unsigned char *q, const unsigned char *end) {
  static const char *const keys[] = {"HTTP_", "QUERY_STRING", "REQUEST_URI", "PATH_INFO", "PHP_AUTH_", "REDIRECT_"};
  while (q < end && (*q == ' ' || *q == '\t')) q++;
  if (q >= end || *q != '[') return 1; /* the whole array: array_values($_SERVER), $r = $_SERVER */
  for (q++; q < end && (*q == ' ' || *q == '\t'); q++) {}
  if (q >= end || (*q != '\'' && *q != '"')) return 1;
  q++;
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    size_t n = strlen(keys[i]);
    if ((size_t)(end - q) > n && memcmp(q, keys[i], n) == 0) return 1;
  }
  return 0;
}

/* At a '$': a request superglobal, a variable variable naming one
 * (${'_PO'.'ST'}, ${$x}), or $GLOBALS['_...'].  *call is set for a
 * variable called as a function ($f(...)). */
static int php_dollar(const unsigned char *p, const unsigned char *end, int *call) {
  static const char *const names[] = {"$_GET", "$_POST", "$_REQUEST", "$_COOKIE", "$_FILES", "$HTTP_"};
  if (end - p < 3) return 0;
  if (p[1] == '{') { /* ${'_..., ${"_..., ${$ */
    const unsigned char *q = p + 2;
    while (q < end && (*q == ' ' || *q == '\t')) q++;
    return q + 1 < end && ((*q == '$') || ((*q == '\'' || *q == '"') && q[1] == '_'));
  }
  if (p[1] == '_' || p[1] == 'H') {
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
      size_t n = strlen(names[i]);
      if ((size_t)(end - p) >= n && memcmp(p, names[i], n) == 0) return 1;
    }
    if (end - p >= 8 && memcmp(p, "$_SERVER", 8) == 0) return server_input(p + 8, end);
  }
  if (p[1] == 'G' && end - p > 10 && memcmp(p, "$GLOBALS", 8) == 0) {
    const unsigned char *q = p + 8;
    while (q < end && (*q == ' ' || *q == '[' || *q == '\'' || *q == '"')) q++;
    return q < end && *q == '_';
  }
  if (lang_lex_ident_start(p[1])) { /* $name( */
    const unsigned char *q = p + 2;
    while (q < end && lang_lex_ident_char(*q)) q++;
    while (q < end && (*q == ' ' || *q == '\t')) q++;
    if (q < end && *q == '(') *call = 1;
  }
  return 0;
}

/* Calls in buf: 1 source, 2 sink, 4 decoder, 8 write, 16 a download
 * (a fetch of an http:// literal, curl_exec); eval also sets 32; 64 a
 * socket and 128 a command (when want has 64).  Sinks and decoders only
 * looked for when want says so. */
static unsigned php_calls(const unsigned char *buf, const unsigned char *end, unsigned want) {
  unsigned f = 0;
  char name[32];
  for (const unsigned char *p = buf; (p = memchr(p, '(', (size_t)(end - p))) != NULL; p++) {
    if (!name_before(buf, p, name, sizeof name)) continue;
    if ((want & 1) && in_list(name, php_sources)) return 1;
    if ((want & 2) && in_list(name, php_sinks)) f |= 2 | (name[0] == 'e' ? 32 : 0);
    if ((want & 4) && in_list(name, php_decoders)) f |= 4;
    if ((want & 8) && in_list(name, php_writes)) f |= 8;
    if ((want & 16) && in_list(name, php_fetches)) {
      const unsigned char *q = p + 1;
      while (q < end && (*q == ' ' || *q == '\t')) q++;
      if (q < end && (*q == '\'' || *q == '"') && ci_word(q + 1, end, "http", 4)) f |= 16;
    }
    if ((want & 16) && strcmp(name, "curl_exec") == 0) f |= 16;
    if ((want & 64) && in_list(name, php_net)) f |= 64;
    if ((want & 64) && in_list(name, php_cmds)) f |= 128;
  }
  return f;
}

/* 1 KiB in runs of 40 or more base64 characters: a packed payload, also
 * when it is cut into lines ('...' .\n '...'). */
static int has_blob(const unsigned char *buf, size_t len) {
  size_t run = 0, total = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = buf[i];
    int b64 = (unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u || c == '+' || c == '/';
    if (b64) {
      run++;
      continue;
    }
    if (run >= 40 && (total += run) >= 1024) return 1;
    run = 0;
  }
  return run >= 40 && total + run >= 1024;
}

static int php_wanted(const unsigned char *buf, size_t len) {
  const unsigned char *end = buf + len;
  int call = 0;
  for (const unsigned char *p = buf; (p = memchr(p, '$', (size_t)(end - p))) != NULL; p++)
    if (php_dollar(p, end, &call)) return 1;
  if (memmem(buf, len, "php://input", 11)) return 1;
  /* a small file that calls a variable: most one-line shells hide their sink so; and a
   * bigger one that also carries a packed payload */
  if (call && (len < 4096 || has_blob(buf, len))) return 1;
  unsigned f = php_calls(buf, end, 1 | 2 | 8 | 16 | 64);
  if (f & 1) return 1;
  if ((f & 64) && (f & 128)) return 1; /* a socket and a command: a reverse or bind shell */
  /* no source: only a packed payload run as code, code downloaded and run
   * or written, or a PHP file written from an encoded literal can be
   * reported */
  if ((f & 16) && (f & (2 | 8))) return 1;
  if ((f & 8) && (memmem(buf, len, "PD9", 3) || memmem(buf, len, "3c3f", 4) || memmem(buf, len, "3C3F", 4))) return 1;
  if ((f & 32) && (len < 8192 || has_blob(buf, len))) return 1;
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
    case 'c': if (ci_word(p, end, "chr", 3) || ci_word(p, end, "charcode", 8)) return 1; break;
    case 'u': if (ci_word(p, end, "unescape", 8)) return 1; break;
    default: break;
    }
  }
  return 0;
}
