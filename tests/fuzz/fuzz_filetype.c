/*
 * fuzz_filetype.c - the script sniffer and the extension helpers on
 * arbitrary bytes.  Beyond "no crash": core_sniff_script returns one of the four
 * languages with *offset < len pointing at '<'; at the start (anywhere=0)
 * only a BOM and blanks may precede it, and an anywhere=1 search finds the
 * same opener at the same offset; core_file_extension writes a lower-case
 * extension without '.' that fits outsz and is the name's real suffix;
 * core_classify_extension gives a non-NULL language, non-empty for known classes;
 * core_aspnet_source names C# only for a .cs base name and VB.NET only for
 * a .vb one, and never a file outside App_Code that is not Name.page.cs.
 */
// fuzz-max-len: 4096
// fuzz-seeds: FIXTURES
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/filetype.h"
#include "fuzz.h"

static int known_lang(const char *lang) {
  return strcmp(lang, "PHP") == 0 || strcmp(lang, "ASPX") == 0 || strcmp(lang, "ASP") == 0 ||
         strcmp(lang, "JSP") == 0;
}

static void check_sniff(const unsigned char *buf, size_t len) {
  size_t off0 = (size_t)-1, off1 = (size_t)-1;
  const char *start = core_sniff_script(buf, len, 0, &off0);
  const char *any = core_sniff_script(buf, len, 1, &off1);
  FUZZ_ASSERT(core_sniff_script(buf, len, 0, NULL) == start); /* offset is optional */
  FUZZ_ASSERT(core_sniff_script(buf, len, 1, NULL) == any);
  if (start) {
    FUZZ_ASSERT(known_lang(start) && off0 < len && buf[off0] == '<');
    size_t i = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (; i < off0; i++) FUZZ_ASSERT(strchr(" \t\r\n", buf[i]) && buf[i]);
    FUZZ_ASSERT(any && strcmp(any, start) == 0 && off1 == off0);
  } else {
    FUZZ_ASSERT(off0 == (size_t)-1);
  }
  if (any) {
    FUZZ_ASSERT(known_lang(any) && off1 < len && buf[off1] == '<');
    /* the same opener seen from where it starts */
    size_t off2 = (size_t)-1;
    const char *again = core_sniff_script(buf + off1, len - off1, 0, &off2);
    FUZZ_ASSERT(again && strcmp(again, any) == 0 && off2 == 0);
  } else {
    FUZZ_ASSERT(off1 == (size_t)-1);
  }
}

static void check_source(const char *path) {
  const char *src = core_aspnet_source(path), *base = path;
  for (const char *p = path; *p; p++)
    if (*p == '/' || *p == '\\') base = p + 1;
  char ext[4];
  core_file_extension(base, ext, sizeof ext);
  if (!src) return;
  FUZZ_ASSERT(strcmp(src, "CSHARP") == 0 ? strcmp(ext, "cs") == 0 : strcmp(src, "VBNET") == 0 && strcmp(ext, "vb") == 0);
  int app_code = 0;
  for (const char *p = path; p < base && !app_code; p++)
    app_code = (p == path || p[-1] == '/' || p[-1] == '\\') && strncasecmp(p, "app_code", 8) == 0 &&
               (p[8] == '/' || p[8] == '\\');
  FUZZ_ASSERT(app_code || strchr(base, '.') != strrchr(base, '.')); /* else a page's code file: two dots */
}

static void check_extension(const unsigned char *data, size_t size) {
  char name[256], out[40];
  size_t n = size < sizeof name - 1 ? size : sizeof name - 1;
  memcpy(name, data, n);
  name[n] = '\0'; /* a NUL in the input ends the name, as in a path */
  size_t outsz = size ? (size_t)data[0] % 32 + 1 : 16;
  memset(out, 'Z', sizeof out);
  core_file_extension(name, out, outsz);
  size_t olen = strnlen(out, sizeof out);
  FUZZ_ASSERT(olen < outsz);
  for (size_t i = outsz; i < sizeof out; i++) FUZZ_ASSERT(out[i] == 'Z'); /* stayed within outsz */
  FUZZ_ASSERT(!strchr(out, '.'));
  const char *dot = strrchr(name, '.');
  if (olen) {
    FUZZ_ASSERT(dot && dot != name && strlen(dot + 1) == olen);
    for (size_t i = 0; i < olen; i++) FUZZ_ASSERT(out[i] == (char)tolower((unsigned char)dot[1 + i]));
  } else {
    FUZZ_ASSERT(!dot || dot == name || dot[1] == '\0' || strlen(dot + 1) >= outsz);
  }
  const char *lang = NULL;
  ext_class cls = core_classify_extension(out, &lang);
  FUZZ_ASSERT(lang != NULL);
  FUZZ_ASSERT(cls == EXT_OTHER ? *lang == '\0' : *lang != '\0');
  lang = NULL;
  cls = core_classify_extension(name, &lang); /* raw, not lower-cased, input */
  FUZZ_ASSERT(lang != NULL && (cls == EXT_OTHER) == (*lang == '\0'));
  check_source(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* a heap copy of exactly size bytes, so ASan sees any read past the end */
  unsigned char *buf = malloc(size ? size : 1);
  if (size) memcpy(buf, data, size);
  check_sniff(buf, size);
  check_extension(data, size);
  free(buf);
  return 0;
}
