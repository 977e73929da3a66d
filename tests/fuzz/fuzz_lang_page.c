/*
 * fuzz_lang_page.c - the page splitter (<% %>, directives, <script
 * runat="server">, handlers, <jsp:...> elements, Razor @{ } blocks) on
 * arbitrary pages; the first byte picks ASP, ASPX or JSP (with Expression
 * Language in its markup).  Assertions: fuzz_lang.h's token and result
 * invariants, and markup alone never yields a token (an ASP file without a
 * block is a VBScript fragment; JSP markup may hold ${...}; ASP.NET markup
 * may hold Razor code after an '@').
 */
// fuzz-max-len: 8192
// fuzz-seeds: tests/fixtures/lang/asp/* tests/fixtures/lang/aspx/* tests/fixtures/lang/jsp/* tests/fixtures/lang/benign/*
#include "fuzz_lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const kinds[] = {"ASP", "ASPX", "JSP"};
  const char *kind = size ? kinds[data[0] % 3] : "ASPX";
  unsigned char *buf = malloc(size ? size : 1);
  if (size) memcpy(buf, data, size);
  fuzz_sink f;
  fuzz_sink_init(&f, buf, size);
  lang_lex_page(&f.sink, buf, size, kind);
  /* no '<' at all: no code block, so nothing to lex, except an ASP file
   * (read whole as a VBScript fragment) and JSP Expression Language */
  if (!memchr(buf, '<', size) && strcmp(kind, "ASP") != 0 &&
      !(strcmp(kind, "JSP") == 0 && (memmem(buf, size, "${", 2) || memmem(buf, size, "#{", 2))) &&
      !(strcmp(kind, "ASPX") == 0 && memchr(buf, '@', size)))
    FUZZ_ASSERT(f.ntokens == 0);
  lang_arena_free(&f.sink.text);
  fuzz_analyze(buf, size, kind);
  free(buf);
  return 0;
}
