/*
 * fuzz_lang_aspdecode.c - the classic ASP page decoders (Script Encoder
 * blocks, UTF-7) on arbitrary bytes.  Assertions: a Script Encoder block
 * never decodes to more bytes than it read nor past its cap, and reports
 * what it consumed inside the input; UTF-7 stays within its cap and leaves
 * text without '+' unchanged; a page with neither a "#@~^" marker nor a
 * UTF-7 code page is not rewritten, and a rewritten one stays bounded;
 * the decoded page is then analysed as ASP (fuzz_lang.h's invariants).
 * JSP documents (CDATA, XML escapes in <jsp:scriptlet>...) likewise: a
 * page without <jsp: elements is not rewritten; a rewritten one is no
 * longer and has as many lines.  JSP and ASP.NET pages with \uXXXX escapes:
 * only a page with a backslash followed by 'u' is rewritten, and the copy
 * is never longer (an escape of 6+ bytes gives at most 3).
 */
// fuzz-max-len: 8192
// fuzz-seeds: tests/fixtures/lang/asp/vbe_encoded.asp tests/fixtures/lang/asp/utf7.asp tests/fixtures/lang/asp/* tests/fixtures/lang/jsp/*.jspx tests/fixtures/lang/jsp/var_unicode_escapes.jsp
#include "fuzz_lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  size_t cap = (size_t)(data[0] >> 3) * 32 + 1; /* 1..993: small caps hit the bounds */
  const unsigned char *in = data + 1;
  size_t n = size - 1;
  unsigned char *out = malloc(cap);
  size_t used = 0;
  long r = lang_dec_screnc(in, n, out, cap, &used);
  FUZZ_ASSERT(r >= -1);
  if (r >= 0) FUZZ_ASSERT((size_t)r <= cap && (size_t)r <= n && used <= n);

  r = lang_dec_utf7(in, n, out, cap);
  FUZZ_ASSERT(r >= 0 && (size_t)r <= cap);
  if (!memchr(in, '+', n) && n <= cap) FUZZ_ASSERT((size_t)r == n && memcmp(out, in, n) == 0);
  free(out);

  unsigned char *dec = NULL;
  size_t dlen = 0;
  int rewritten = lang_asp_unpack(data, size, &dec, &dlen);
  char *z = malloc(size + 1); /* a C string for the case-insensitive search */
  memcpy(z, data, size);
  z[size] = '\0';
  for (size_t i = 0; i < size; i++) z[i] = z[i] ? z[i] : ' ';
  if (!memmem(data, size, "#@~^", 4) && !memmem(data, size, "65000", 5) && !strcasestr(z, "utf-7"))
    FUZZ_ASSERT(!rewritten);
  free(z);
  if (rewritten) {
    FUZZ_ASSERT(dlen <= 2 * size + 16);
    fuzz_analyze(dec, dlen, "ASP");
    free(dec);
  }

  /* JSP documents: only pages with <jsp: elements are rewritten, never
   * longer, never with more lines (line numbers stay the file's) */
  rewritten = lang_jspx_unpack(data, size, &dec, &dlen);
  if (!memmem(data, size, "<jsp:", 5)) FUZZ_ASSERT(!rewritten);
  if (rewritten) {
    size_t lines_in = 0, lines_out = 0;
    for (size_t i = 0; i < size; i++) lines_in += data[i] == '\n';
    for (size_t i = 0; i < dlen; i++) lines_out += dec[i] == '\n';
    FUZZ_ASSERT(dlen <= size && lines_out == lines_in);
    fuzz_analyze(dec, dlen, "JSP");
    free(dec);
  }

  /* Java Unicode escapes: a page is rewritten only when it has "\u", and never grows */
  rewritten = lang_unicode_escapes(data, size, &dec, &dlen);
  if (!memmem(data, size, "\\u", 2)) FUZZ_ASSERT(!rewritten);
  if (rewritten) {
    FUZZ_ASSERT(dlen < size);
    fuzz_analyze(dec, dlen, "JSP");
    free(dec);
  }
  return 0;
}
