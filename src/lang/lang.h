/*
 * lang.h - the language-aware analysis stage: lexers for PHP, classic ASP
 * (VBScript/JScript), ASP.NET (C#, VB.NET, JScript.NET) and JSP/JSPX push a
 * normalised token stream into the analyzer, which joins string
 * concatenations, propagates constants, decodes encoded literals and
 * follows request input to dangerous sinks.  stage.c turns the results into
 * finding reasons.  Everything here is bounded by lang_limits.
 */
#ifndef SS_LANG_H
#define SS_LANG_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ---- tokens ------------------------------------------------------------ */

typedef enum {
  TK_IDENT, /* name; lower-cased; qualified names joined: "system.diagnostics.process.start" */
  TK_VAR,   /* PHP $name, as written */
  TK_STR,   /* string literal: its value (escapes decoded) */
  TK_NUM,   /* number; value in num */
  TK_OP,    /* operator or punctuation: "(", "=", ".", "->" ... */
  TK_BTICK, /* PHP `command`: raw text */
  TK_END,   /* end of statement: ';', a VB line end, a code block boundary */
  TK_ARR,   /* never lexed: a constant array folded from a literal or explode() (carray.c) */
} tok_kind;

#define TF_INTERP 1u  /* STR/BTICK with PHP $variable interpolation: text is raw */
#define TF_NEW 2u     /* IDENT preceded by `new` */
#define TF_BINARY 4u  /* STR holds bytes that are not text */
#define TF_CONST 8u   /* STR substituted from a constant variable */
#define TF_JOINED 16u /* STR assembled from pieces: concatenation, .=, string functions */
#define TF_BLOB 32u   /* STR of 64+ bytes that looks like an encoded blob (set once, as it arrives) */

#define LANG_MAX_CHAIN 6

typedef struct {
  uint8_t kind, flags, nchain;
  uint8_t chain[LANG_MAX_CHAIN]; /* STR: decoders applied, innermost first (decoder ids) */
  uint32_t line;
  uint32_t off, len;       /* text in the sink's arena */
  uint32_t src_off, src_end; /* where it was read in the lexed buffer */
  int64_t num;
} token;

/* Syntaxes a code block can be in. */
typedef enum { SYN_PHP, SYN_CSHARP, SYN_JAVA, SYN_JSCRIPT, SYN_VB, SYN_CFML } syntax;

/* A growable byte arena addressed by offsets (pointers would move). */
typedef struct {
  char *buf;
  size_t len, cap;
} arena;

/* Appends n bytes (plus a NUL) and returns their offset; p may point into
 * the arena.  Every token's text goes through here, so the case with room
 * is inline and the one that grows the arena is not. */
uint32_t lang_arena_grow_put(arena *a, const void *p, size_t n);
/* Copies 1-16 bytes as two overlapping loads and stores of a fixed size (the
 * loads first, as memmove): most tokens are that short, and a call of
 * memmove costs more than the copy. */
static inline void lang_copy_small(char *d, const void *src, size_t n) {
  const unsigned char *s = (const unsigned char *)src;
  if (n >= 8) {
    uint64_t x, y;
    memcpy(&x, s, 8), memcpy(&y, s + n - 8, 8);
    memcpy(d, &x, 8), memcpy(d + n - 8, &y, 8);
  } else if (n >= 4) {
    uint32_t x, y;
    memcpy(&x, s, 4), memcpy(&y, s + n - 4, 4);
    memcpy(d, &x, 4), memcpy(d + n - 4, &y, 4);
  } else if (n >= 2) {
    uint16_t x, y;
    memcpy(&x, s, 2), memcpy(&y, s + n - 2, 2);
    memcpy(d, &x, 2), memcpy(d + n - 2, &y, 2);
  } else if (n) {
    d[0] = (char)s[0];
  }
}
/* 1 if a[0, n) and b[0, n) are the same bytes: up to 16 bytes as two
 * overlapping fixed-size loads each (a name looked up is that short), not
 * a call of memcmp. */
static inline int lang_same(const void *a, const void *b, size_t n) {
  const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
  if (n > 16) return memcmp(x, y, n) == 0;
  if (n >= 8) {
    uint64_t x0, x1, y0, y1;
    memcpy(&x0, x, 8), memcpy(&x1, x + n - 8, 8), memcpy(&y0, y, 8), memcpy(&y1, y + n - 8, 8);
    return ((x0 ^ y0) | (x1 ^ y1)) == 0;
  }
  if (n >= 4) {
    uint32_t x0, x1, y0, y1;
    memcpy(&x0, x, 4), memcpy(&x1, x + n - 4, 4), memcpy(&y0, y, 4), memcpy(&y1, y + n - 4, 4);
    return ((x0 ^ y0) | (x1 ^ y1)) == 0;
  }
  for (size_t i = 0; i < n; i++)
    if (x[i] != y[i]) return 0;
  return 1;
}
static inline uint32_t lang_arena_put(arena *a, const void *p, size_t n) {
  if (a->len + n + 1 > a->cap) return lang_arena_grow_put(a, p, n);
  uint32_t off = (uint32_t)a->len;
  if (n <= 16 && p) lang_copy_small(a->buf + a->len, p, n);
  else if (n && p) memmove(a->buf + a->len, p, n);
  a->buf[a->len + n] = '\0';
  a->len += n + 1;
  return off;
}
/* Extends the last run put with n bytes / one code point as UTF-8. */
void lang_arena_append(arena *a, const void *p, size_t n);
void lang_arena_append_cp(arena *a, uint32_t cp);
void lang_arena_free(arena *a);

/* dst[0, n) = src[0, n) with the ASCII letters lower-cased (bytes from 0x80
 * are kept; dst may be src), eight bytes at a time (SWAR): a byte below
 * 0x80 whose low seven bits are from 'A' to 'Z' gets 0x20 added.  The last
 * word overlaps the one before, and lowering twice changes nothing. */
static inline uint64_t lang_lower8(uint64_t w) {
  const uint64_t high = 0x8080808080808080ull;
  uint64_t low7 = w & ~high;
  uint64_t from_a = low7 + 0x3f3f3f3f3f3f3f3full; /* high bit: >= 'A' (0x41) */
  uint64_t past_z = low7 + 0x2525252525252525ull; /* high bit: > 'Z' (0x5a) */
  return w | (from_a & ~past_z & ~w & high) >> 2;
}
static inline void lang_lower_ascii(unsigned char *dst, const unsigned char *src, size_t n) {
  uint64_t w;
  if (n < 8) {
    if (n >= 4) { /* most names: two overlapping 4-byte words, both loaded before either is stored */
      uint32_t a, b;
      memcpy(&a, src, 4);
      memcpy(&b, src + n - 4, 4);
      a = (uint32_t)lang_lower8(a), b = (uint32_t)lang_lower8(b);
      memcpy(dst, &a, 4);
      memcpy(dst + n - 4, &b, 4);
      return;
    }
    for (size_t i = 0; i < n; i++) dst[i] = (unsigned char)((unsigned)(src[i] - 'A') < 26u ? src[i] + 32 : src[i]);
    return;
  }
  for (size_t i = 0; i + 8 <= n; i += 8) memcpy(&w, src + i, 8), w = lang_lower8(w), memcpy(dst + i, &w, 8);
  memcpy(&w, src + n - 8, 8), w = lang_lower8(w), memcpy(dst + n - 8, &w, 8);
}

/* The hash of the symbol and name tables (symbols.c, names.c): eight bytes
 * at a time (one multiply each); the last 1-7 bytes read as two overlapping
 * 4-byte words (4-7 bytes) or as first, middle and last byte (1-3): the
 * length, mixed in first, tells such tails apart.  The high half is folded
 * into the low bits the tables index with.  Every variable read and every
 * call is looked up, and FNV's multiply per byte was most of a lookup. */
static inline uint32_t lang_hash(const char *s, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  for (; n >= 8; s += 8, n -= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  if (n) {
    uint64_t w;
    if (n >= 4) {
      uint32_t lo, hi;
      memcpy(&lo, s, 4);
      memcpy(&hi, s + n - 4, 4);
      w = (uint64_t)hi << 32 | lo;
    } else {
      w = (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n >> 1] << 8 | (unsigned char)s[n - 1];
    }
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
  }
  uint32_t x = (uint32_t)(h ^ h >> 32);
  return x ? x : 1;
}

/* Where a lexer pushes its tokens.  Lexers write token text with
 * lang_arena_put(&sink->text, ...). */
typedef struct tok_sink {
  void (*emit)(struct tok_sink *s, token *t);
  arena text;
  int syn; /* the syntax of the tokens being emitted (set by the lexer) */
} tok_sink;

#define TOK_TEXT(sink, t) ((sink)->text.buf + (t)->off)


/* PHP: raw=1 lexes code without a leading <?php (an eval payload). */
void lang_lex_php(tok_sink *s, const unsigned char *p, size_t n, int raw);
/* Where the first PHP open tag of buf is (len if it has none): what comes
 * before it is inline HTML, an image a shell is appended to... */
size_t lang_php_code_start(const unsigned char *buf, size_t len);
/* PHP as lang_lex_php, with goto spaghetti replayed in the order it runs and the data
 * after __halt_compiler() read as the file reads it (php_goto.c, php_halt.c). */
void lang_php_lex_goto(tok_sink *s, const unsigned char *p, size_t n, int raw);
/* On a PHP file's tokens t[0, n) (the file p[0, len)): the data after
 * __halt_compiler() dropped, __COMPILER_HALT_OFFSET__ and the substr() of the
 * file that reads that data made constants; returns the new count (php_halt.c). */
size_t lang_php_halt_tokens(token *t, size_t n, arena *text, const unsigned char *p, size_t len);
size_t lang_php_unescape(const unsigned char *a, const unsigned char *b, unsigned char *out, int *interp,
                         size_t *escapes);
/* C#, Java, JScript and JScript.NET. */
void lang_lex_clike(tok_sink *s, const unsigned char *p, size_t n, syntax syn, size_t base, uint32_t line);
/* VBScript and VB.NET. */
void lang_lex_vb(tok_sink *s, const unsigned char *p, size_t n, size_t base, uint32_t line);
/* ASP, ASP.NET and JSP pages: finds the code blocks (<% %>, <%= %>,
 * <script runat="server">, handler bodies, <jsp:scriptlet>...), picks each
 * block's language from the directives and lexes it. kind: "ASP", "ASPX", "JSP". */
void lang_lex_page(tok_sink *s, const unsigned char *p, size_t n, const char *kind);
/* JSP Expression Language (${...}, #{...}) in the markup [a, b) of the
 * page p, starting at line, as Java with param/header reads turned into
 * request calls (lex_el.c). */
void lang_lex_el(tok_sink *s, const unsigned char *p, const unsigned char *a, const unsigned char *b, uint32_t line);
/* The call (jspinclude, jstlimport) a value starting at q stands in when it is the whole quoted
 * page= of <jsp:include>/<jsp:forward> or url= of <c:import>; NULL if not.  Reads back from q, never before p. */
const char *lang_lex_el_includer(const unsigned char *p, const unsigned char *q);
/* ColdFusion pages (tags and CFScript); raw=1 lexes CFScript alone. */
void lang_lex_cfml(tok_sink *s, const unsigned char *p, size_t n, int raw);

/* Shared lexer helpers (lex_util.c).  Emitting a token: every token goes
 * through here, so these are inline (one call, to the sink, per token). */
static inline void lang_lex_emit_flags(tok_sink *s, tok_kind k, unsigned flags, const void *text, size_t n,
                                       uint32_t line, size_t from, size_t to) {
  token t = {.kind = (uint8_t)k, .flags = (uint8_t)flags, .line = line, .len = (uint32_t)n, .src_off = (uint32_t)from,
             .src_end = (uint32_t)to};
  t.off = lang_arena_put(&s->text, text, n);
  s->emit(s, &t);
}
static inline void lang_lex_emit(tok_sink *s, tok_kind k, const void *text, size_t n, uint32_t line, size_t from,
                                 size_t to) {
  lang_lex_emit_flags(s, k, 0, text, n, line, from, to);
}
void lang_lex_emit_ident(tok_sink *s, const unsigned char *p, size_t n, uint32_t line, size_t from, size_t to);
/* Longest operator at p (1-3 bytes) from the language's operator list.
 * Most operators are one byte, told by a bit per first byte and second
 * byte (mod 64) inline; the others are looked up (lex_util.c). */
extern uint64_t lang_lex_op_second[256];
size_t lang_lex_op_len_long(const unsigned char *p, const unsigned char *end);
static inline size_t lang_lex_op_len(const unsigned char *p, const unsigned char *end) {
  if (end - p < 2 || !(lang_lex_op_second[p[0]] >> (p[1] & 63) & 1)) return 1;
  return lang_lex_op_len_long(p, end);
}
/* Emits the number at q as a TK_NUM token; returns its length. */
size_t lang_lex_emit_number(tok_sink *s, const unsigned char *q, const unsigned char *end, uint32_t line,
                       size_t from);
unsigned lang_lex_hexval(unsigned char c);
/* Identifier characters (every byte from 0x80 is one, as in PHP): inline,
 * the lexers call them for every byte of a name; a table (lex_util.c). */
extern const unsigned char lang_lex_ident_class[256];
static inline int lang_lex_ident_start(unsigned char c) { return lang_lex_ident_class[c] & 1; }
static inline int lang_lex_ident_char(unsigned char c) { return (lang_lex_ident_class[c] & 2) != 0; }
#if defined(__SSE2__)
/* Bit k: p[k] continues a name (lang_lex_ident_char: a letter, a digit, '_', a byte from 0x80), for the
 * 16 bytes at p: where a name ends is found 16 bytes at a time (SSE2, every x86-64), not by a byte loop
 * whose exit, at a length no branch predictor knows, costs more than the loop. */
static inline unsigned lang_ident_mask16(const unsigned char *p) {
  const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20)); /* 'A'-'Z' to 'a'-'z' (no other byte lands there) */
  /* x in [lo, lo + n): x - lo - 128 < n - 128, as signed bytes */
  const __m128i letter = _mm_cmplt_epi8(_mm_sub_epi8(lower, _mm_set1_epi8((char)('a' + 128))), _mm_set1_epi8((char)(26 - 128)));
  const __m128i digit = _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8((char)('0' + 128))), _mm_set1_epi8((char)(10 - 128)));
  const __m128i under = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
  const __m128i high = _mm_cmplt_epi8(v, _mm_setzero_si128()); /* from 0x80 */
  return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(under, high)));
}
#endif
/* The length of a curly or double-prime quote at q (U+201C, U+201D,
 * U+2033 in UTF-8; GBK's A1B0, A1B1), 0 if none: pages pasted through a
 * word processor quote their strings with them. */
size_t lang_lex_curly(const unsigned char *q, const unsigned char *end);
/* 1 if the bytes after an opener at q are binary data, not code: a
 * control character (other than a blank) among the next 32, before a
 * "%>" or "?>" closes the block.  Two bytes that spell "<?" or "<%"
 * inside an image are no code block; a small block closed before the
 * image data goes on is one. */
int lang_lex_data_after(const unsigned char *q, const unsigned char *end);
/* The length of a Unicode space at q (no-break, U+2000-U+200B, ideographic,
 * a stray BOM), 0 if none: C# reads them as blanks. */
size_t lang_lex_uspace(const unsigned char *q, const unsigned char *end);

/* ---- decoders ------------------------------------------------------------ */

typedef enum {
  DEC_NONE = 0, DEC_BASE64, DEC_ROT13, DEC_GZINFLATE, DEC_GZUNCOMPRESS, DEC_GZDECODE, DEC_HEX2BIN,
  DEC_URLDECODE, DEC_STRREV, DEC_CHR, DEC_GETSTRING, DEC_NEWSTRING, DEC_FROMCHARCODE, DEC_UNESCAPE,
  DEC_XOR, DEC_DECRYPT, DEC_FROMBASE64, DEC_JBASE64,
  /* PHP string functions folded on constants (php_fold.c) */
  DEC_STRREPLACE, DEC_SUBSTR, DEC_STRTR, DEC_PACK, DEC_UUDECODE, DEC_ENTITIES, DEC_SPRINTF, DEC_IMPLODE,
  DEC_ESCAPES, /* a literal written in \x and octal escapes (lex_php.c) */
  DEC_BZDECOMPRESS, /* bzip2 (PHP's bzdecompress) */
  DEC_LOOP,         /* a character loop of the file's own, run on a constant (loop_run.c) */
  DEC_COUNT
} decoder_id;

const char *lang_decoder_name(decoder_id id);

/* The budget all decoding of one file shares. */
typedef struct {
  size_t remaining;   /* output bytes still allowed */
  double deadline;    /* monotonic seconds; 0 = none */
  int exhausted;      /* a bound was hit */
  const char *why;    /* which one */
} decode_budget;

/* Decodes in[0..n) with id into out (an arena): returns the offset of the
 * output and sets *outlen, or returns UINT32_MAX when the input is not
 * valid for the decoder or the budget is exhausted. */
uint32_t lang_decode_apply(decoder_id id, const unsigned char *in, size_t n, arena *out, size_t *outlen,
                      decode_budget *b);
/* Individual decoders (exposed for tests and fuzzing).  Each writes at most
 * cap bytes to out and returns the length, or -1 on invalid input. */
long lang_dec_base64(const unsigned char *in, size_t n, unsigned char *out, size_t cap);
long lang_dec_hex(const unsigned char *in, size_t n, unsigned char *out, size_t cap);
long lang_dec_url(const unsigned char *in, size_t n, unsigned char *out, size_t cap);
void lang_dec_rot13(unsigned char *p, size_t n);
void lang_dec_rev(unsigned char *p, size_t n);
/* zlib inflate: wbits -15 raw (gzinflate), 15 zlib (gzuncompress), 31
 * gzip (gzdecode).  Returns the length, -1 on bad data, -2 when the output
 * would exceed cap (a decompression bomb stops there). */
long lang_dec_inflate(const unsigned char *in, size_t n, int wbits, unsigned char *out, size_t cap);
/* bzip2 (bzdecompress): the length, -1 on bad data, -2 when the output
 * would exceed cap. */
long lang_dec_bunzip(const unsigned char *in, size_t n, unsigned char *out, size_t cap);

/* Classic ASP page encodings (asp_decode.c).  lang_dec_screnc decodes one
 * Script Encoder block; in points just after its "#@~^" marker; *used gets
 * the bytes read, marker tail included.  Returns the output length, or -1
 * when no block starts there.  lang_dec_utf7 decodes UTF-7 to UTF-8. */
long lang_dec_screnc(const unsigned char *in, size_t n, unsigned char *out, size_t cap, size_t *used);
long lang_dec_utf7(const unsigned char *in, size_t n, unsigned char *out, size_t cap);
/* A decoded copy (caller frees) of a page holding Script Encoder blocks or
 * declaring the UTF-7 code page: 1, or 0 when the page needs neither. */
int lang_asp_unpack(const unsigned char *buf, size_t len, unsigned char **out, size_t *outlen);
/* A copy (caller frees) of a JSP document whose <jsp:scriptlet>,
 * <jsp:declaration> and <jsp:expression> bodies hold CDATA sections or
 * XML escapes, with those undone (jspx.c): 1, or 0 when there are none. */
int lang_jspx_unpack(const unsigned char *buf, size_t len, unsigned char **out, size_t *outlen);
/* A copy (caller frees) of a JSP or ASP.NET page with its \uXXXX escapes
 * undone, as javac and csc read them (unicode_escapes.c): 1, or 0 when it
 * has none. */
int lang_unicode_escapes(const unsigned char *buf, size_t len, unsigned char **out, size_t *outlen);

/* ---- analysis ---------------------------------------------------------- */

typedef struct {
  unsigned max_depth;  /* nested decode-and-reanalyse levels */
  size_t max_decoded;  /* decoded bytes per file */
  unsigned max_ms;     /* time per file */
} lang_limits;

#define LANG_DEFAULT_DEPTH 12
#define LANG_DEFAULT_DECODED (8u << 20)
#define LANG_DEFAULT_MS 2000
#define LANG_MAX_DETECTIONS 8
#define LANG_DESC_MAX 320

typedef struct {
  const char *rule;     /* "shellsift.lang.code-exec" ... (static) */
  const char *category; /* "webshell", "uploader", "tunnel" (static) */
  int score;
  unsigned line;
  const char *kind;     /* the sentence it was written from (static): a dual-use rule keeps one of each */
  char description[LANG_DESC_MAX]; /* names the sink; holds bytes of the file */
} lang_detection;

typedef struct {
  double entropy;       /* bits per byte over the whole file */
  double ioc;           /* index of coincidence of its letters */
  size_t longest_token; /* longest string literal or name */
  double blob_share;    /* share of the file in long encoded-looking literals */
  double builders_per_kb; /* chr/ord/base64_decode/str_rot13/... calls per KiB */
  int score;            /* 0-30 evidence; never reported alone */
  char description[160];
} lang_stats;

typedef struct {
  lang_detection det[LANG_MAX_DETECTIONS];
  size_t ndet;
  lang_stats stats;
  int limited;          /* a bound stopped part of the analysis */
  char limit_why[96];
  int php_read;         /* a PHP file the prefilter passed: the model (model.h) may score it */
  char model_why[LANG_DESC_MAX]; /* the model's sentence, when it spoke */
} lang_result;

typedef struct lang_ctx lang_ctx;

lang_ctx *lang_ctx_new(const lang_limits *lim);
void lang_ctx_free(lang_ctx *c);
/* 1 if the file type (filetype.h language) is one the stage reads. */
int lang_wanted(const char *filetype);
/* Analyses one file; *out is valid until the next call.  out->stats is
 * left empty: lang_get_stats() fills it on demand (only findings need it). */
void lang_analyze(lang_ctx *c, const unsigned char *buf, size_t len, const char *filetype,
                  lang_result *out);
/* The PHP file lang_analyze() last read with the literals it builds from
 * constant pieces (chr, strrev, base64_decode, 'a'.'b' ...) written back in
 * place (folded_text.c); NULL when it builds none.  Valid until the next call. */
const unsigned char *lang_folded_text(const lang_ctx *c, size_t *len);
/* The learned model's verdict on the PHP file lang_analyze() last read into
 * r (model.c): 0, or a medium score with the signs it saw in r->model_why. */
int lang_model_judge(lang_result *r, const unsigned char *buf, size_t len);
/* The obfuscation statistics of the file lang_analyze() last read. */
void lang_get_stats(const lang_ctx *c, const unsigned char *buf, size_t len, lang_stats *st);

/* 1 if the file holds a request source or a packed payload the analyzer
 * could report (prefilter.c); 0 means analysing it cannot find anything. */
int lang_prefilter(const unsigned char *buf, size_t len, int php);
/* 1 if two literals are joined in the middle of a word: 'modul'.'e' (prefilter.c). */
int lang_split_word(const unsigned char *buf, size_t len);
/* php_attack.c: a PHP file without request input that names what attacker tools are made of */
int lang_php_attack_wanted(const unsigned char *buf, size_t len, int acts, int fetches, int commands);
/* ... one that runs SQL and names a CMS's user tables */
int lang_php_attack_sql_wanted(const unsigned char *buf, size_t len);

/* Obfuscation statistics (stats.c) from the file's bytes and what the
 * lexer counted: the longest literal or name, bytes in long encoded-looking
 * literals, string-building calls. */
void lang_stats_compute(lang_stats *st, const unsigned char *buf, size_t len, size_t longest,
                   size_t blob_bytes, size_t builders);
/* 1 if a literal looks like an encoded blob (base64 or hex, long). */
int lang_stats_is_blob(const char *s, size_t n);

double lang_now(void);

#endif
