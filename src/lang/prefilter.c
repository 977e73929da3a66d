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
 * what the analyzer reports, but for a big file's weakest shapes without
 * a packed payload (eval of a literal, preg_replace of a decoded pattern);
 * a build with -DSS_LANG_TRACE analyses every file to measure what that
 * costs (on the real shells of bench/recall: nothing).
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "lang/lang.h"

/* The identifier just before the '(' at paren: its start in *b, its
 * length returned. */
static size_t name_before(const unsigned char *buf, const unsigned char *paren, const unsigned char **b) {
  const unsigned char *e = paren;
  while (e > buf && (e[-1] == ' ' || e[-1] == '\t')) e--;
  const unsigned char *s = e;
#if defined(__SSE2__)
  for (; s - buf >= 16; s -= 16) { /* 16 bytes at a time (lang.h): the last byte before s that ends no name */
    unsigned other = ~lang_ident_mask16(s - 16) & 0xffffu;
    if (other) {
      *b = s - 16 + (31 - __builtin_clz(other)) + 1;
      return (size_t)(e - *b);
    }
  }
#endif
  while (s > buf && lang_lex_ident_char(s[-1])) s--;
  *b = s;
  return (size_t)(e - s);
}

/* The calls the prefilter looks for, by what they are (flags of php_calls). */
enum { PF_SOURCE = 1, PF_SINK = 2, PF_DECODER = 4, PF_WRITE = 8, PF_FETCH = 16, PF_EVAL = 32, PF_NET = 64,
       PF_CMD = 128, PF_DOWNLOAD = 256, PF_VARCALL = 512, PF_CALLBACK = 1024, PF_OBF = 2048, PF_PREG = 4096,
       PF_READ = 8192, PF_COM = 16384, PF_WALK = 32768, PF_SQL = 65536, PF_LINK = 131072 };
/* the calls of php_wanted's tests that hold only under a size */
#define PF_SIZED                                                                                                      \
  (PF_VARCALL | PF_WRITE | PF_READ | PF_EVAL | PF_SINK | PF_PREG | PF_CALLBACK | PF_SQL | PF_CMD | PF_FETCH | PF_WALK | \
   PF_LINK)
static const struct { const char *name; unsigned flags; } php_names[] = {
    {"getallheaders", PF_SOURCE}, {"getenv", PF_SOURCE}, {"apache_request_headers", PF_SOURCE},
    {"filter_input", PF_SOURCE}, {"filter_input_array", PF_SOURCE},
    {"create_function", PF_SOURCE}, {"eval", PF_SINK | PF_EVAL}, {"assert", PF_SINK}, {"preg_replace", PF_PREG},
    {"preg_filter", PF_PREG}, {"mb_ereg_replace", PF_PREG}, {"base64_decode", PF_DECODER}, {"gzinflate", PF_DECODER | PF_OBF},
    {"gzuncompress", PF_DECODER | PF_OBF}, {"gzdecode", PF_DECODER | PF_OBF}, {"bzdecompress", PF_DECODER | PF_OBF}, {"str_rot13", PF_DECODER | PF_OBF}, {"hex2bin", PF_DECODER | PF_OBF},
    {"strrev", PF_DECODER | PF_OBF}, {"urldecode", PF_DECODER}, {"rawurldecode", PF_DECODER}, {"chr", PF_DECODER},
    {"fputs", PF_WRITE}, {"fwrite", PF_WRITE}, {"file_put_contents", PF_WRITE}, {"copy", PF_WRITE | PF_FETCH},
    {"file_get_contents", PF_FETCH}, {"fopen", PF_FETCH}, {"file", PF_FETCH}, {"readfile", PF_FETCH},
    {"highlight_file", PF_FETCH}, {"show_source", PF_FETCH}, {"curl_exec", PF_DOWNLOAD},
    {"fsockopen", PF_NET}, {"pfsockopen", PF_NET}, {"socket_create", PF_NET}, {"stream_socket_client", PF_NET},
    {"stream_socket_server", PF_NET}, {"proc_open", PF_CMD}, {"popen", PF_CMD}, {"shell_exec", PF_CMD},
    {"system", PF_CMD}, {"exec", PF_CMD}, {"passthru", PF_CMD}, {"pack", PF_OBF},
    /* functions that call a function they are given */
    {"ob_start", PF_CALLBACK}, {"fetchall", PF_CALLBACK}, {"array_map", PF_CALLBACK}, {"usort", PF_CALLBACK},
    {"uasort", PF_CALLBACK}, {"uksort", PF_CALLBACK}, {"array_filter", PF_CALLBACK}, {"array_walk", PF_CALLBACK},
    {"call_user_func", PF_CALLBACK}, {"call_user_func_array", PF_CALLBACK}, {"register_shutdown_function", PF_CALLBACK},
    {"array_reduce", PF_CALLBACK}, {"iterator_apply", PF_CALLBACK}, {"set_error_handler", PF_CALLBACK},
    {"addfunction", PF_CALLBACK}, {"assert_options", PF_CALLBACK},
    /* new COM(...): a Windows object */
    {"com", PF_COM},
    /* what attacker tools do besides writing, reading, fetching and running (php_attack.c) */
    {"mysql_query", PF_SQL}, {"mysqli_query", PF_SQL}, {"query", PF_SQL}, {"scandir", PF_WALK}, {"opendir", PF_WALK},
    {"glob", PF_WALK},
    /* a symbolic link made (php_tools.c: the server's root linked) */
    {"symlink", PF_LINK}};
#define PF_SLOTS 128
#define PF_NAME_MAX 32
static unsigned char pf_index[PF_SLOTS]; /* index + 1 into php_names */
/* Per name length, the last letters (case-folded, mod 64) names of that
 * length end in: most calls in a file are rejected on these two alone,
 * before the name is copied and hashed. */
static uint64_t pf_last[PF_NAME_MAX];
static pthread_once_t pf_once = PTHREAD_ONCE_INIT;
static unsigned char pf_len[sizeof php_names / sizeof php_names[0]]; /* each name's length */

/* The table's order is kept for names sharing a chain, so the first row that matches wins whatever the hash. */
static unsigned pf_hash(const char *s, size_t n) { return lang_hash(s, n) & (PF_SLOTS - 1); }

static unsigned pf_last_bit(unsigned char ch) { return (ch | 0x20) & 63; }

static void pf_build(void) {
  for (size_t i = 0; i < sizeof php_names / sizeof php_names[0]; i++) {
    size_t n = strlen(php_names[i].name);
    pf_len[i] = (unsigned char)n;
    pf_last[n] |= 1ull << pf_last_bit((unsigned char)php_names[i].name[n - 1]);
    unsigned b = pf_hash(php_names[i].name, n);
    while (pf_index[b]) b = (b + 1) & (PF_SLOTS - 1);
    pf_index[b] = (unsigned char)(i + 1);
  }
}

static unsigned pf_flags(const char *name, size_t n) {
  for (unsigned b = pf_hash(name, n); pf_index[b]; b = (b + 1) & (PF_SLOTS - 1)) {
    const char *k = php_names[pf_index[b] - 1].name;
    if (pf_len[pf_index[b] - 1] == n && memcmp(k, name, n) == 0) return php_names[pf_index[b] - 1].flags;
  }
  return 0;
}

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
 * (${'_PO'.'ST'}, ${$x}, ${(...)}), or $GLOBALS['_...']. */
static int php_dollar(const unsigned char *p, const unsigned char *end) {
  static const char *const names[] = {"$_GET", "$_POST", "$_REQUEST", "$_COOKIE", "$_FILES", "$HTTP_"};
  if (end - p < 3) return 0;
  if (p[1] == '/' && p[2] == '*') return 1; /* a comment between $ and the name hides the variable */
  if (p[1] == '$' && lang_lex_ident_start(p[2])) return 1; /* $$k: a variable named at run time ($k = '_POST') */
  if (p[1] == '{') { /* ${'_..., ${"_..., ${$ */
    const unsigned char *q = p + 2;
    while (q < end && (*q == ' ' || *q == '\t')) q++;
    return q + 1 < end && (*q == '$' || *q == '(' || ((*q == '\'' || *q == '"') && q[1] == '_'));
  }
  if (p[1] == '_' || p[1] == 'H') {
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
      size_t n = strlen(names[i]);
      if ((size_t)(end - p) >= n && memcmp(p, names[i], n) == 0) return 1;
    }
    if (end - p >= 8 && memcmp(p, "$_SERVER", 8) == 0) return server_input(p + 8, end);
    if (end - p >= 11 && memcmp(p, "$_ENV", 5) == 0) { /* $_ENV['HTTP_...'] */
      const unsigned char *q = p + 5;
      while (q < end && (*q == ' ' || *q == '\t')) q++;
      return q < end && *q == '[' && server_input(q, end);
    }
  }
  if (p[1] == 'G' && end - p > 10 && memcmp(p, "$GLOBALS", 8) == 0) {
    const unsigned char *q = p + 8;
    for (;;) { /* $GLOBALS[ ('_PO'.'ST') ], a comment before the key: blanks, brackets, quotes, comments */
      while (q < end && (*q == ' ' || *q == '\t' || *q == '[' || *q == '(' || *q == '\'' || *q == '"')) q++;
      if (end - q < 4 || q[0] != '/' || q[1] != '*') break;
      const unsigned char *e = memmem(q + 2, (size_t)(end - q - 2), "*/", 2);
      if (!e) return 0;
      q = e + 2;
    }
    if (q < end && *q == '_') return 1;
    if (q < end && *q == '$' && q[-1] == '[') return 1; /* $GLOBALS[$k]: $k = '_' . 'GET' names a superglobal */
    /* $GLOBALS['x'](...), $GLOBALS['x'][3](...): a function whose name the file keeps in a global
     * (php_hidden.c: obfuscators call everything so) */
    while (q < end && lang_lex_ident_char(*q)) q++;
    if (end - q < 3 || (*q != '\'' && *q != '"') || q[1] != ']') return 0;
    q += 2;
    if (q < end && *q == '[') {
      for (q++; q < end && *q >= '0' && *q <= '9'; q++) {}
      if (q >= end || *q != ']') return 0;
      q++;
    }
    return q < end && *q == '(';
  }
  return 0;
}

/* Calls in buf: 1 source, 2 sink, 4 decoder, 8 write, 16 a download
 * (a fetch of an http:// literal, curl_exec); eval also sets 32; 64 a
 * socket and 128 a command (when want has 64).  Sinks and decoders only
 * looked for when want says so. */
static unsigned php_calls(const unsigned char *buf, const unsigned char *end, unsigned want) {
  unsigned f = 0;
  char name[PF_NAME_MAX];
  pthread_once(&pf_once, pf_build);
  for (const unsigned char *p = buf; (p = memchr(p, '(', (size_t)(end - p))) != NULL; p++) {
    const unsigned char *b;
    size_t n = name_before(buf, p, &b);
    if (n && b > buf && b[-1] == '$' && lang_lex_ident_start(b[0])) { /* $f(...): a variable called as a function */
      f |= PF_VARCALL;
      continue;
    }
    if (n < 3 || n >= PF_NAME_MAX || !(pf_last[n] >> pf_last_bit(b[n - 1]) & 1)) continue;
    lang_lower_ascii((unsigned char *)name, b, n);
    unsigned g = pf_flags(name, n) & (want | PF_EVAL | PF_CMD | PF_DOWNLOAD | (want & PF_SINK ? PF_PREG : 0));
    if (!(want & PF_NET)) g &= ~(unsigned)PF_CMD;
    if (!g) continue;
    if (g & PF_SOURCE) return PF_SOURCE;
    if (g & PF_FETCH) { /* only of an http:// literal, (parenthesised) */
      const unsigned char *q = p + 1;
      while (q < end && (*q == ' ' || *q == '\t' || *q == '(')) q++;
      if (!(q < end && (*q == '\'' || *q == '"') && ci_word(q + 1, end, "http", 4))) g = (g & ~(unsigned)PF_FETCH) | PF_READ;
    }
    if (g & PF_DOWNLOAD) g = (g & ~(unsigned)PF_DOWNLOAD) | PF_FETCH;
    f |= g;
  }
  return f;
}

#if defined(__SSE2__)
/* Bit k: p[k] is a base64 character (A-Z a-z 0-9 + /), for the 16 bytes at p. */
static inline unsigned b64_mask16(const unsigned char *p) {
  const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i letter = _mm_cmplt_epi8(_mm_sub_epi8(lower, _mm_set1_epi8((char)('a' + 128))), _mm_set1_epi8((char)(26 - 128)));
  const __m128i digit = _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8((char)('0' + 128))), _mm_set1_epi8((char)(10 - 128)));
  const __m128i sym = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('+')), _mm_cmpeq_epi8(v, _mm_set1_epi8('/')));
  return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), sym));
}
#endif

/* 1 KiB in runs of 40 or more base64 characters: a packed payload, also
 * when it is cut into lines ('...' .\n '...'). */
static int has_blob(const unsigned char *buf, size_t len) {
  static const unsigned char b64[256] = { /* A-Z a-z 0-9 + / */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  };
  /* a run of 40 covers one of every 32 positions: look there, then measure */
  size_t total = 0;
  for (size_t i = 0; i < len; i += 32) {
    if (!b64[buf[i]]) continue;
    size_t s = i, e = i + 1;
#if defined(__SSE2__)
    /* the run's ends 16 bytes at a time: most runs are names, of lengths no branch predictor knows */
    for (; s >= 16; s -= 16) {
      unsigned other = ~b64_mask16(buf + s - 16) & 0xffffu;
      if (other) {
        s = s - 16 + (size_t)(31 - __builtin_clz(other)) + 1;
        goto back;
      }
    }
#endif
    while (s > 0 && b64[buf[s - 1]]) s--;
#if defined(__SSE2__)
  back:
    for (; len - e >= 16; e += 16) {
      unsigned other = ~b64_mask16(buf + e) & 0xffffu;
      if (other) {
        e += (size_t)__builtin_ctz(other);
        goto forth;
      }
    }
#endif
    while (e < len && b64[buf[e]]) e++;
#if defined(__SSE2__)
  forth:
#endif
    if (e - s >= 40 && (total += e - s) >= 1024) return 1;
    if (e > i + 32) i = e - e % 32; /* past this run */
  }
  return 0;
}

/* A line of 2 KiB or more with almost no blanks: a payload in an alphabet
 * of the packer's own (punctuation, a shifted or custom table) that only a
 * decoder of the file reads.  Application code and markup have blanks. */
static int dense_line(const unsigned char *buf, size_t len) {
  const unsigned char *end = buf + len;
  /* a window of 2 KiB without a newline starts inside a long line; otherwise
   * go on after the window's last newline (one short backwards search per window) */
  for (const unsigned char *p = buf; end - p >= 2048;) {
    const unsigned char *nl = memrchr(p, '\n', 2048);
    if (nl) {
      p = nl + 1;
      continue;
    }
    size_t blanks = 0;
    for (const unsigned char *q = p; q < p + 2048; q++) blanks += *q == ' ';
    if (blanks * 50 < 2048) return 1;
    p += 2048;
  }
  return 0;
}

/* "\x7fELF" raw, or written \x7fELF or \177ELF in a literal: one pass. */
static int elf_literal(const unsigned char *buf, size_t len) {
  for (const unsigned char *p = buf, *end = buf + len; (p = memchr(p, 'E', (size_t)(end - p))) != NULL; p++) {
    if (end - p < 3 || memcmp(p, "ELF", 3) != 0) continue;
    size_t at = (size_t)(p - buf);
    if ((at >= 1 && p[-1] == 0x7f) || (at >= 4 && (memcmp(p - 4, "\\x7f", 4) == 0 || memcmp(p - 4, "\\177", 4) == 0)))
      return 1;
  }
  return 0;
}

/* The text of the literal whose opening quote is at p, and of the literals
 * joined to it ('sys' . "tem"), into out (at most cap bytes, no escapes
 * read); its length, or cap + 1 when longer or not a plain join. */
static size_t joined_literal(const unsigned char *p, const unsigned char *end, char *out, size_t cap) {
  size_t n = 0;
  for (;;) {
    unsigned char q = *p++;
    while (p < end && *p != q) {
      if (*p == '\\' || n == cap) return cap + 1;
      out[n++] = (char)*p++;
    }
    if (p >= end) return cap + 1;
    for (p++; p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'); p++) {}
    if (p >= end || *p != '.') return n;
    for (p++; p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'); p++) {}
    if (p >= end || (*p != '\'' && *p != '"')) return n;
  }
}

/* Two literals joined: '/etc/pa' . 'sswd' (a string the file never spells whole). */
static int joined_literals(const unsigned char *buf, size_t len) {
  const unsigned char *end = buf + len;
  for (const unsigned char *p = buf; (p = memchr(p, '.', (size_t)(end - p))) != NULL; p++) {
    const unsigned char *a = p, *b = p + 1;
    while (a > buf && (a[-1] == ' ' || a[-1] == '\t')) a--;
    while (b < end && (*b == ' ' || *b == '\t')) b++;
    if (a > buf && (a[-1] == '\'' || a[-1] == '"') && b < end && (*b == '\'' || *b == '"')) return 1;
  }
  return 0;
}

static int word_byte(unsigned char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
}

/* 'modul'.'e': two literals joined in the middle of a word.  An
 * application joins pieces at a space, a slash or a line end; a word cut
 * in two hides it from a reader (and from a rule). */
int lang_split_word(const unsigned char *buf, size_t len) {
  const unsigned char *end = buf + len;
  for (const unsigned char *p = buf; (p = memchr(p, '.', (size_t)(end - p))) != NULL; p++) {
    const unsigned char *a = p, *b = p + 1;
    while (a > buf && (a[-1] == ' ' || a[-1] == '\t')) a--;
    while (b < end && (*b == ' ' || *b == '\t')) b++;
    if (a - buf >= 2 && (a[-1] == '\'' || a[-1] == '"') && word_byte(a[-2]) && end - b >= 2 &&
        (*b == '\'' || *b == '"') && word_byte(b[1]))
      return 1;
  }
  return 0;
}

/* A quoted name of a code or command function: 'assert', "system", or
 * one joined from pieces ('sys'.'tem': a name the file spells nowhere). */
static int quoted_sink(const unsigned char *buf, size_t len) {
  static const struct { const char *name; size_t n; } names[] = {
      {"assert", 6}, {"system", 6}, {"passthru", 8}, {"shell_exec", 10}, {"exec", 4}, {"popen", 5}, {"proc_open", 9}};
  static const char quotes[] = {'\'', '"'};
  const unsigned char *end = buf + len;
  for (size_t q = 0; q < sizeof quotes; q++)
    for (const unsigned char *p = buf; (p = memchr(p, quotes[q], (size_t)(end - p))) != NULL; p++) {
      char lit[16];
      size_t m = 0;
      for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t n = names[k].n;
        if ((size_t)(end - p) <= n + 1 || p[1] != (unsigned char)names[k].name[0]) continue; /* first letter: no call */
        if (memcmp(p + 1, names[k].name, n) == 0 && p[n + 1] == quotes[q]) return 1;
        if (!m) m = joined_literal(p, end, lit, sizeof lit); /* once, for a literal that starts as a name does */
        if (m == n && memcmp(lit, names[k].name, n) == 0) return 1;
      }
    }
  return 0;
}

/* Is lit[0, n) in buf?  Found from its byte at key, one the file has few
 * of: memchr jumps between them where glibc's memmem walks every byte. */
static int has_lit(const unsigned char *buf, size_t len, const char *lit, size_t n, size_t key) {
  const unsigned char *end = buf + len;
  if (len < n) return 0;
  for (const unsigned char *p = buf + key; p < end && (p = memchr(p, lit[key], (size_t)(end - p))) != NULL; p++)
    if ((size_t)(end - p) >= n - key && memcmp(p - key, lit, n) == 0) return 1;
  return 0;
}
#define HAS_LIT(buf, len, lit, key) has_lit(buf, len, lit, sizeof lit - 1, key)

/* Does the quote at buf[i] close a pattern literal with the e modifier,
 * '/.../e' or "#...#ie", or one whose last letter is an escaped e
 * ("...\x65", "...\145")? */
static int e_modifier_at(const unsigned char *buf, size_t i) {
  static const char modifiers[] = "imsxeuADSUXJn", delims[] = "/#!|~@%})]+";
  if (i >= 4 && (memcmp(buf + i - 4, "\\x65", 4) == 0 || memcmp(buf + i - 4, "\\145", 4) == 0)) return 1;
  size_t k = i, e = 0;
  while (k > 0 && buf[k - 1] && strchr(modifiers, buf[k - 1])) e |= buf[--k] == 'e';
  return e && k > 0 && k < i && buf[k - 1] && strchr(delims, buf[k - 1]);
}

/* A pattern literal with the e modifier anywhere in buf.  Each quote
 * after the first byte, found with memchr (one quote kind,
 * then the other: the answer does not depend on the order), rather than
 * a test of every byte of a big file. */
static int e_modifier(const unsigned char *buf, size_t len) {
  static const char quotes[] = {'\'', '"'};
  if (len < 2) return 0;
  for (size_t q = 0; q < sizeof quotes; q++)
    for (const unsigned char *p = buf + 1, *end = buf + len; (p = memchr(p, quotes[q], (size_t)(end - p))) != NULL; p++)
      if (e_modifier_at(buf, (size_t)(p - buf))) return 1;
  return 0;
}

#if defined(__SSE2__)
/* At q, a ':' or a '$': "php://input" there, or a '$' php_dollar accepts. */
static int input_at(const unsigned char *buf, const unsigned char *q, const unsigned char *end) {
  if (*q == '$') return php_dollar(q, end);
  return *q == ':' && q - buf >= 3 && end - q >= 8 && memcmp(q - 3, "php://input", 11) == 0;
}
#endif

/* php_wanted's first two tests, a request superglobal (php_dollar) and php://input, in one pass.  A '$'
 * starts every variable of PHP code and a memchr call for each (then one for each ':') was most of the
 * prefilter's time: with SSE2 (every x86-64) 16 bytes and the byte after each are tested at once, and
 * a '$' before a lower-case letter ($this, $x: php_dollar is 0 for them) or a ':' before anything but
 * '/' is passed over in the same step. */
static int request_input(const unsigned char *buf, const unsigned char *end) {
#if defined(__SSE2__)
  const unsigned char *p = buf;
  const __m128i dollar = _mm_set1_epi8('$'), colon = _mm_set1_epi8(':'), slash = _mm_set1_epi8('/');
  for (; end - p > 16; p += 16) {
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)p), b = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
    __m128i lower = _mm_cmplt_epi8(_mm_sub_epi8(b, _mm_set1_epi8((char)('a' + 128))), _mm_set1_epi8((char)(26 - 128)));
    __m128i want = _mm_or_si128(_mm_andnot_si128(lower, _mm_cmpeq_epi8(a, dollar)),
                                _mm_and_si128(_mm_cmpeq_epi8(a, colon), _mm_cmpeq_epi8(b, slash)));
    for (unsigned m = (unsigned)_mm_movemask_epi8(want); m; m &= m - 1)
      if (input_at(buf, p + __builtin_ctz(m), end)) return 1;
  }
  for (; p < end; p++)
    if ((*p == '$' || *p == ':') && input_at(buf, p, end)) return 1;
  return 0;
#else
  for (const unsigned char *p = buf; (p = memchr(p, '$', (size_t)(end - p))) != NULL; p++)
    if (php_dollar(p, end)) return 1;
  return HAS_LIT(buf, (size_t)(end - buf), "php://input", 3);
#endif
}

static int php_wanted(const unsigned char *buf, size_t len, unsigned *calls) {
  const unsigned char *end = buf + len;
  if (request_input(buf, end)) return 1;
  unsigned f = php_calls(buf, end, PF_SOURCE | PF_SINK | PF_WRITE | PF_FETCH | PF_NET | PF_DECODER | PF_CALLBACK | PF_OBF | PF_COM | PF_WALK | PF_SQL | PF_LINK);
  *calls = f;
  if (f & PF_SOURCE) return 1;
  /* a small file that calls a variable: most one-line shells hide their sink so; and a
   * bigger one that also carries a packed payload (looked for once) */
  int blob = -1;
  if ((f & PF_VARCALL) && (len < 4096 || (blob = has_blob(buf, len)) || dense_line(buf, len))) return 1;
  if ((f & PF_NET) && (f & PF_CMD)) return 1; /* a socket and a command: a reverse or bind shell */
  /* no source: only a packed payload run as code, code downloaded and run
   * or written, or a PHP file written from an encoded literal can be
   * reported */
  if ((f & PF_FETCH) && (f & (PF_SINK | PF_PREG | PF_WRITE))) return 1;
  if ((f & PF_WRITE) && len < 65536 && /* a dropper is small; its PHP is base64 (decoded) or hex */
      (((f & PF_DECODER) && (HAS_LIT(buf, len, "PD9", 0) || HAS_LIT(buf, len, "IyEv", 0))) || HAS_LIT(buf, len, "3c3f", 0) ||
       HAS_LIT(buf, len, "3C3F", 0)))
    return 1;
  /* ... or its PHP is spelled some other way (chr(60).chr(63)..., str_rot13('<?cuc'),
   * base64 of base64): a very small file that writes what it decodes */
  if ((f & PF_WRITE) && (f & (PF_DECODER | PF_OBF)) && len < 2048) return 1;
  /* a very small file that reads a file and decodes or joins literals: a path it hides
   * ('/etc/passwd' in chr()s or pieces) */
  if ((f & PF_READ) && len < 2048 && ((f & (PF_DECODER | PF_OBF)) || joined_literals(buf, len))) return 1;
  /* ... and a small one that also runs commands: the request body read from a stream
   * whose name it hides (file_get_contents(chr(112).chr(104)...)) */
  if ((f & PF_READ) && (f & PF_CMD) && (f & (PF_DECODER | PF_OBF)) && len < 8192) return 1;
  /* a database dump tool needs no request input: it lists the tables and writes them out (php_dbdump.c);
   * the ones found alone are small */
  if ((f & PF_WRITE) && len < 16384 &&
      (HAS_LIT(buf, len, "show tables", 7) || HAS_LIT(buf, len, "SHOW TABLES", 7) ||
       HAS_LIT(buf, len, "information_schema", 2) || HAS_LIT(buf, len, "INFORMATION_SCHEMA", 2)))
    return 1;
  /* a Windows object (new COM) named in pieces or decoded: what it is, the content rules see once the
   * pieces are written back (folded_text.c) */
  if ((f & PF_COM) && ((f & (PF_DECODER | PF_OBF)) || lang_split_word(buf, len))) return 1;
  /* the server's root folder linked: symlink(), or ln run as a command (php_tools.c) */
  if (len < 65536 && ((f & PF_LINK) || ((f & PF_CMD) && HAS_LIT(buf, len, "ln -", 3)))) return 1;
  /* ... and a file's times set by a command's touch (php_tools.c) */
  if ((f & PF_CMD) && len < 65536 && HAS_LIT(buf, len, "touch -", 6)) return 1;
  /* the IIS metabase opened through COM (IIS://): its stored passwords read back (iis_adsi.c) */
  if ((f & PF_COM) && (HAS_LIT(buf, len, "IIS://", 3) || HAS_LIT(buf, len, "iis://", 3))) return 1;
  /* a page that makes a Windows account (techniques.c): the COM class, or net.exe run as a command */
  if (((f & PF_COM) && HAS_LIT(buf, len, "Shell.Users", 6)) ||
      ((f & PF_CMD) && (HAS_LIT(buf, len, "net user", 4) || HAS_LIT(buf, len, "net localgroup", 4))))
    return 1;
  /* a native executable in a literal, raw or escaped, and a write */
  if ((f & PF_WRITE) && len < (1u << 20) && (elf_literal(buf, len) || HAS_LIT(buf, len, "MZ\x90\0", 0))) return 1;
  if ((f & PF_EVAL) && (len < 8192 || (blob < 0 ? has_blob(buf, len) : blob))) return 1;
  if ((f & (PF_SINK | PF_PREG)) && (f & PF_CMD) && len < 16384) return 1; /* assert('system("id")'): a command in code run */
  /* a callback named by a decoded string: usort($a, str_rot13('nffreg')); in a small
   * file also base64_decode('c3lzdGVt') or chr(115).chr(121)... */
  if ((f & (PF_CALLBACK | PF_SINK | PF_PREG)) && (f & PF_OBF) && len < 16384) return 1;
  if ((f & PF_CALLBACK) && (f & PF_DECODER) && len < 4096) return 1;
  /* ... or by a literal: $f = 'system'; ob_start($f) */
  if ((f & PF_CALLBACK) && len < 16384 && quoted_sink(buf, len)) return 1;
  /* attacker tools that read no request (php_attack.c): small pages of their own that act (write, read,
   * fetch or run something) */
  if (len < 8192 && (f & (PF_WRITE | PF_READ | PF_FETCH | PF_CMD | PF_WALK)) &&
      lang_php_attack_wanted(buf, len, 1, (f & PF_FETCH) != 0, (f & PF_CMD) != 0))
    return 1;
  if (len < 8192 && (f & PF_SQL) && lang_php_attack_sql_wanted(buf, len)) return 1; /* a CMS account tool */
  if (!(f & (PF_SINK | PF_PREG)) || !((f & PF_DECODER) || HAS_LIT(buf, len, "\\x", 0))) return 0;
  /* a sink and a decoder or hex escapes.  preg_replace runs code only with
   * the e modifier, and big library files call it beside urldecode or a
   * \x escape in a pattern: there it needs a pattern with an e modifier or
   * a packed payload */
  return (f & PF_SINK) || len < 16384 || e_modifier(buf, len) || (blob < 0 ? has_blob(buf, len) : blob);
}

static int ci_word(const unsigned char *p, const unsigned char *end, const char *lit, size_t n) {
  if ((size_t)(end - p) < n) return 0;
  for (size_t i = 0; i < n; i++)
    if ((p[i] | 0x20) != (unsigned char)lit[i]) return 0;
  return 1;
}

/* PHP: the size tests are of the code, not of an image or a page of HTML
 * before or after it; and of each block of it too: a backdoor planted as a block of
 * its own in a site's big file is judged as the small file it was (in a
 * file under the smallest size test, a block passes nothing the whole did
 * not).  *calls gets the calls of the whole code. */
/* The end of the block [a, next) without the data after its last closing
 * tag, when that is 1 KiB or more (an image, a page of HTML after the
 * code); next when it is not. */
static size_t block_code_end(const unsigned char *buf, size_t a, size_t next) {
  for (const unsigned char *q = buf + next; q > buf + a + 2 && (q = memrchr(buf + a + 2, '>', (size_t)(q - buf - a - 2))) != NULL;)
    if (q[-1] == '?') return next - (size_t)(q + 1 - buf) >= 1024 ? (size_t)(q + 1 - buf) : next;
  return next;
}

static int php_code_wanted(const unsigned char *buf, size_t len, unsigned *calls) {
  size_t start = lang_php_code_start(buf, len);
  if (start == len) start = 0; /* code saved without a tag is read whole */
  if (php_wanted(buf + start, len - start, calls)) return 1;
  /* a block has a part of the whole's calls: it passes only a test the whole failed by its size */
  if (len - start < 4096 || !(*calls & PF_SIZED)) return 0;
  unsigned f;
  for (size_t a = start, next; a + 2 < len; a = next) {
    next = a + 2 + lang_php_code_start(buf + a + 2, len - a - 2); /* the next open tag, or the end */
    size_t e = block_code_end(buf, a, next);
    if ((a > start || e < len) && php_wanted(buf + a, e - a, &f)) return 1;
  }
  return 0;
}

int lang_prefilter(const unsigned char *buf, size_t len, int php) {
  unsigned f;
  if (php) return php_code_wanted(buf, len, &f);
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
    case 'd': /* directoryentry: the IIS metabase through ADSI (iis_adsi.c), however its path is spelled */
      if (ci_word(p, end, "dev/tcp/", 8) || ci_word(p, end, "defineclass", 11) || ci_word(p, end, "directoryentry", 14)) return 1;
      break;
    case 'w': if (ci_word(p, end, "webmethod", 9)) return 1; break; /* parameters are input */
    case 'o': if (ci_word(p, end, "operationcontract", 17)) return 1; break; /* ... and a WCF operation's */
    /* commands, class loading and reflection, whatever builds their arguments */
    case 'a': if (ci_word(p, end, "activexobject", 13) || ci_word(p, end, "assembly", 8)) return 1; break;
    case 'g': if (ci_word(p, end, "getruntime", 10) || ci_word(p, end, "getsubkeynames", 14)) return 1; break;
    case 'p': if (ci_word(p, end, "processbuilder", 14) || ci_word(p, end, "process.start", 13) ||
                  ci_word(p, end, "processstartinfo", 16))
        return 1;
      break;
    case 'f': if (ci_word(p, end, "forname", 7)) return 1; break;
    case 'v': if (ci_word(p, end, "virtualpathprovider", 19)) return 1; break; /* an in-memory page (memshell.c) */
    case 'i': if (ci_word(p, end, "iis://", 6)) return 1; break; /* the IIS metabase (iis_adsi.c) */
    default: break;
    }
  }
  return 0;
}
