/*
 * fuzz_lang_clike.c - the C#/Java/JScript lexer on raw code; the first
 * byte picks the syntax.  Assertions: fuzz_lang.h's token invariants, and
 * the same input analysed as an ASP.NET page, a C# source file (App_Code;
 * picked by the first byte) and a JSP page.
 */
// fuzz-max-len: 8192
// fuzz-seeds: tests/fixtures/lang/aspx/* tests/fixtures/lang/jsp/* tests/fixtures/lang/aspx/App_Code/* tests/fixtures/shells/*.aspx tests/fixtures/shells/*.jsp
#include "fuzz_lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const syntax syns[] = {SYN_CSHARP, SYN_JAVA, SYN_JSCRIPT};
  syntax syn = size ? syns[data[0] % 3] : SYN_CSHARP;
  unsigned char *buf = malloc(size ? size : 1);
  if (size) memcpy(buf, data, size);
  fuzz_sink f;
  fuzz_sink_init(&f, buf, size);
  lang_lex_clike(&f.sink, buf, size, syn, 0, 1);
  lang_arena_free(&f.sink.text);
  fuzz_analyze(buf, size, syn == SYN_JAVA ? "JSP" : size && data[0] % 6 >= 3 ? "CSHARP" : "ASPX");
  free(buf);
  return 0;
}
