/*
 * escape.h - one escaping function per output format.  Every byte that came
 * from a scanned tree (paths, file content, rule text from user rule files)
 * passes through one of these before it reaches an output.  All of them
 * append to a strbuf and accept arbitrary bytes, including invalid UTF-8.
 */
#ifndef SS_ESCAPE_H
#define SS_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* Length (1-4) of the well-formed UTF-8 sequence at s, storing its code
 * point in *cp; 0 if s does not start one (overlong forms, surrogates,
 * code points above U+10FFFF, stray continuation bytes, truncation).
 * len must be at least 1. */
size_t util_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
/* 1 if all len bytes are well-formed UTF-8. */
int util_utf8_valid(const void *data, size_t len);
/* 1 for code points that are invisible or reorder the text around them
 * (bidi controls, zero-width and other format characters, line and
 * paragraph separators, tag characters): two different names that differ
 * only in these would look the same, so outputs show them explicitly. */
int util_cp_hidden(uint32_t cp);

/* JSON string content, without the surrounding quotes.  Valid UTF-8 is kept
 * except controls and hidden code points, which become \uXXXX (the decoded
 * string is unchanged, but the raw line is safe to cat to a terminal);
 * each invalid byte becomes U+FFFD, so callers keep the exact bytes with
 * util_esc_base64 when util_utf8_valid() says so. */
void util_esc_json(strbuf *sb, const void *data, size_t len);

/* Standard base64 (RFC 4648, with padding). */
void util_esc_base64(strbuf *sb, const void *data, size_t len);

/* Terminal text: printable ASCII and printable UTF-8 pass; backslash is
 * doubled; \t \n \r are shown as such; other C0 bytes, DEL and invalid
 * bytes as \xNN; C1 controls and hidden code points as \u{XXXX}.  Nothing
 * that can drive a terminal or hide text survives, and the mapping is
 * reversible. */
void util_esc_term(strbuf *sb, const void *data, size_t len);

/* Also escape every non-ASCII code point: for terminals whose character
 * set is not UTF-8, where UTF-8 continuation bytes 0x80-0x9F would be read
 * as C1 controls. */
#define ESC_TERM_ASCII 1u

/* util_esc_term with flags, appending at most max_out bytes: stops before the
 * first character whose escaped form would not fit, never inside one.
 * Returns the number of input bytes consumed (len if all fit). */
size_t util_esc_term_n(strbuf *sb, const void *data, size_t len, size_t max_out, unsigned flags);

/* A complete RFC 4180 field, always quoted, '"' doubled.  A field whose
 * first byte is = + - @ TAB or CR gets a leading ' inside the quotes so
 * spreadsheets do not run it as a formula.  So that each finding stays one
 * line, C0 controls other than TAB and DEL become the text \xNN, C1 and
 * hidden code points \u{XXXX}; invalid bytes become U+FFFD.  Lossy by
 * design: JSON is the exact format. */
void util_esc_csv(strbuf *sb, const void *data, size_t len);

/* HTML text or attribute value: & < > " ' as entities; TAB and LF kept;
 * other controls, hidden code points and invalid bytes become U+FFFD. */
void util_esc_html(strbuf *sb, const void *data, size_t len);

#endif
