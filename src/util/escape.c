/*
 * escape.c - the escaping module (see escape.h).  Each escaper walks its
 * input one unit at a time - a well-formed UTF-8 character or a single
 * invalid byte - classifies it once with next_unit(), and decides per format
 * what that class becomes.  Keeping the UTF-8 decoding strict in one place
 * is what makes overlong forms and surrogates impossible to smuggle through
 * any of the outputs.
 */
#include "util/escape.h"

#include <stdio.h>
#include <string.h>

/* What a unit of input is, as far as any output cares. */
typedef enum {
  U_TEXT,    /* printable: ASCII 0x20-0x7e or a visible non-ASCII character */
  U_CONTROL, /* C0 control or DEL (one byte) */
  U_C1,      /* U+0080-U+009F, encoded as two bytes */
  U_HIDDEN,  /* util_cp_hidden() */
  U_INVALID, /* one byte that does not start well-formed UTF-8 */
} unit_class;

typedef struct {
  size_t n; /* bytes of input this unit covers */
  uint32_t cp;
  unit_class cls;
} unit;

static const char hex_upper[] = "0123456789ABCDEF";
static const char hex_lower[] = "0123456789abcdef";
static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

size_t util_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp) {
  unsigned char b = s[0], lo = 0x80, hi = 0xBF;
  size_t n;
  uint32_t c;
  if (b < 0x80) {
    *cp = b;
    return 1;
  }
  /* The second-byte bounds are what exclude overlong forms (E0, F0),
   * surrogates (ED) and code points past U+10FFFF (F4). */
  if (b < 0xC2) return 0;
  if (b < 0xE0) n = 2, c = b & 0x1Fu;
  else if (b < 0xF0) n = 3, c = b & 0x0Fu, lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
  else if (b < 0xF5) n = 4, c = b & 0x07u, lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
  else return 0;
  if (len < n || s[1] < lo || s[1] > hi) return 0;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    c = c << 6 | (s[i] & 0x3Fu);
  }
  *cp = c;
  return n;
}

int util_utf8_valid(const void *data, size_t len) {
  const unsigned char *s = data;
  uint32_t cp;
  for (size_t i = 0; i < len;) {
    size_t n = util_utf8_decode(s + i, len - i, &cp);
    if (n == 0) return 0;
    i += n;
  }
  return 1;
}

int util_cp_hidden(uint32_t cp) {
  /* Ranges of Unicode format (Cf) characters, separators and fillers that
   * render as nothing or change the direction of the text after them: the
   * Default_Ignorable_Code_Point set (variation selectors included, or two
   * names differing only by one would look the same), plus LS and PS. */
  static const uint32_t ranges[][2] = {
      {0x00AD, 0x00AD},   {0x034F, 0x034F},   {0x061C, 0x061C},   {0x115F, 0x1160},
      {0x17B4, 0x17B5},   {0x180B, 0x180F},   {0x200B, 0x200F},   {0x2028, 0x202E},
      {0x2060, 0x206F},   {0x3164, 0x3164},   {0xFE00, 0xFE0F},   {0xFEFF, 0xFEFF},
      {0xFFA0, 0xFFA0},   {0xFFF0, 0xFFFB},   {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
      {0xE0000, 0xE0FFF},
  };
  for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
    if (cp >= ranges[i][0] && cp <= ranges[i][1]) return 1;
  return 0;
}

static unit next_unit(const unsigned char *s, size_t len) {
  unit u = {1, s[0], U_INVALID};
  size_t n = util_utf8_decode(s, len, &u.cp);
  if (n == 0) return u;
  u.n = n;
  if (u.cp < 0x20 || u.cp == 0x7F) u.cls = U_CONTROL;
  else if (u.cp >= 0x80 && u.cp <= 0x9F) u.cls = U_C1;
  else if (util_cp_hidden(u.cp)) u.cls = U_HIDDEN;
  else u.cls = U_TEXT;
  return u;
}

/* Appends \xNN (upper-case hex) for one byte. */
static void add_hex_byte(strbuf *sb, unsigned char b) {
  char t[4] = {'\\', 'x', hex_upper[b >> 4], hex_upper[b & 15]};
  sb_add(sb, t, 4);
}

/* Appends \u{XXXX}: at least four upper-case hex digits. */
static void add_cp_braced(strbuf *sb, uint32_t cp) { sb_addf(sb, "\\u{%04X}", (unsigned)cp); }

/* ---- JSON ---- */

static void json_u16(strbuf *sb, unsigned v) {
  char t[6] = {'\\', 'u', hex_lower[v >> 12 & 15], hex_lower[v >> 8 & 15], hex_lower[v >> 4 & 15],
               hex_lower[v & 15]};
  sb_add(sb, t, 6);
}

/* \uXXXX, as a surrogate pair above the BMP (JSON has no other form). */
static void json_cp(strbuf *sb, uint32_t cp) {
  if (cp < 0x10000) {
    json_u16(sb, cp);
    return;
  }
  cp -= 0x10000;
  json_u16(sb, 0xD800 | (cp >> 10));
  json_u16(sb, 0xDC00 | (cp & 0x3FF));
}

static void json_control(strbuf *sb, unsigned char c) {
  const char *named = NULL;
  switch (c) {
  case '\b': named = "\\b"; break;
  case '\f': named = "\\f"; break;
  case '\n': named = "\\n"; break;
  case '\r': named = "\\r"; break;
  case '\t': named = "\\t"; break;
  }
  if (named) sb_add(sb, named, 2);
  else json_u16(sb, c);
}

void util_esc_json(strbuf *sb, const void *data, size_t len) {
  const unsigned char *s = data;
  for (size_t i = 0; i < len;) {
    /* A run of printable ASCII other than '"' and '\\' is copied as it is
     * (what next_unit would say of each byte): log lines are mostly that. */
    size_t j = i;
    while (j < len && s[j] >= 0x20 && s[j] < 0x7f && s[j] != '"' && s[j] != '\\') j++;
    if (j > i) {
      sb_add(sb, s + i, j - i);
      i = j;
      continue;
    }
    unit u = next_unit(s + i, len - i);
    switch (u.cls) {
    case U_TEXT:
      if (u.cp == '"' || u.cp == '\\') sb_addc(sb, '\\');
      sb_add(sb, s + i, u.n);
      break;
    case U_CONTROL: json_control(sb, s[i]); break;
    case U_C1:
    case U_HIDDEN: json_cp(sb, u.cp); break;
    case U_INVALID: sb_adds(sb, replacement); break;
    }
    i += u.n;
  }
}

void util_esc_base64(strbuf *sb, const void *data, size_t len) {
  static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const unsigned char *s = data;
  /* not when len is 0: sb_grow alone leaves a fresh buffer unterminated */
  if (len) sb_grow(sb, (len + 2) / 3 * 4);
  for (size_t i = 0; i < len; i += 3) {
    size_t rest = len - i;
    uint32_t v = (uint32_t)s[i] << 16 | (rest > 1 ? (uint32_t)s[i + 1] << 8 : 0) | (rest > 2 ? s[i + 2] : 0);
    char t[4] = {b64[v >> 18], b64[v >> 12 & 63], rest > 1 ? b64[v >> 6 & 63] : '=', rest > 2 ? b64[v & 63] : '='};
    sb_add(sb, t, 4);
  }
}

/* ---- terminal ---- */

/* The escaped form of one unit, written to t; returns its length.  t must
 * hold 16 bytes (the longest form is \u{XXXXXX}, or a raw 4-byte char). */
static size_t term_unit(char t[16], const unsigned char *s, unit u, unsigned flags) {
  switch (u.cls) {
  case U_TEXT:
    if (u.cp == '\\') return memcpy(t, "\\\\", 2), 2;
    if (u.cp >= 0x80 && (flags & ESC_TERM_ASCII)) break;
    memcpy(t, s, u.n);
    return u.n;
  case U_CONTROL:
    if (u.cp == '\t') return memcpy(t, "\\t", 2), 2;
    if (u.cp == '\n') return memcpy(t, "\\n", 2), 2;
    if (u.cp == '\r') return memcpy(t, "\\r", 2), 2;
    /* fallthrough */
  case U_INVALID: {
    char x[4] = {'\\', 'x', hex_upper[s[0] >> 4], hex_upper[s[0] & 15]};
    return memcpy(t, x, 4), 4;
  }
  case U_C1:
  case U_HIDDEN: break;
  }
  return (size_t)snprintf(t, 16, "\\u{%04X}", (unsigned)u.cp);
}

size_t util_esc_term_n(strbuf *sb, const void *data, size_t len, size_t max_out, unsigned flags) {
  const unsigned char *s = data;
  size_t i = 0, out = 0;
  while (i < len) {
    unit u = next_unit(s + i, len - i);
    char t[16];
    size_t n = term_unit(t, s + i, u, flags);
    if (n > max_out - out) break;
    sb_add(sb, t, n);
    out += n;
    i += u.n;
  }
  return i;
}

void util_esc_term(strbuf *sb, const void *data, size_t len) { util_esc_term_n(sb, data, len, SIZE_MAX, 0); }

/* ---- CSV ---- */

/* First bytes that make Excel, LibreOffice and Sheets evaluate a cell
 * (OWASP "CSV injection"). */
static int csv_formula_start(unsigned char c) { return c && strchr("=+-@\t\r", c) != NULL; }

void util_esc_csv(strbuf *sb, const void *data, size_t len) {
  const unsigned char *s = data;
  sb_addc(sb, '"');
  if (len > 0 && csv_formula_start(s[0])) sb_addc(sb, '\'');
  for (size_t i = 0; i < len;) {
    unit u = next_unit(s + i, len - i);
    switch (u.cls) {
    case U_TEXT:
      if (u.cp == '"') sb_addc(sb, '"');
      sb_add(sb, s + i, u.n);
      break;
    case U_CONTROL:
      if (u.cp == '\t') sb_addc(sb, '\t');
      else add_hex_byte(sb, s[i]);
      break;
    case U_C1:
    case U_HIDDEN: add_cp_braced(sb, u.cp); break;
    case U_INVALID: sb_adds(sb, replacement); break;
    }
    i += u.n;
  }
  sb_addc(sb, '"');
}

/* ---- HTML ---- */

static const char *html_entity(uint32_t cp) {
  switch (cp) {
  case '&': return "&amp;";
  case '<': return "&lt;";
  case '>': return "&gt;";
  case '"': return "&quot;";
  case '\'': return "&#39;";
  }
  return NULL;
}

void util_esc_html(strbuf *sb, const void *data, size_t len) {
  const unsigned char *s = data;
  for (size_t i = 0; i < len;) {
    unit u = next_unit(s + i, len - i);
    const char *entity = u.cls == U_TEXT ? html_entity(u.cp) : NULL;
    if (u.cls == U_TEXT && entity) sb_adds(sb, entity);
    else if (u.cls == U_TEXT || (u.cls == U_CONTROL && (u.cp == '\t' || u.cp == '\n')))
      sb_add(sb, s + i, u.n);
    else sb_adds(sb, replacement);
    i += u.n;
  }
}
