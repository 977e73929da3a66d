/*
 * php_halt.c - data after __halt_compiler(), as the script reads it.
 *
 * PHP stops compiling at `__halt_compiler();` and the bytes after it are
 * data; __COMPILER_HALT_OFFSET__ is where they start.  Packed shells put
 * their payload there and unpack it from the file itself:
 *
 *   eval(gzinflate(base64_decode(substr(file_get_contents(__FILE__),
 *                                       __COMPILER_HALT_OFFSET__))));
 *   __halt_compiler();K64sLk...
 *
 * On the lexed tokens of a file: what follows the halt is not code (it is
 * dropped), __COMPILER_HALT_OFFSET__ becomes its number, and
 * substr(file_get_contents(__FILE__), __COMPILER_HALT_OFFSET__) becomes a
 * literal holding the data, so the
 * folder's substr() and decoders read the payload like any packed literal
 * (within the decode budget).  Phar stubs and self-extracting installers
 * read their tail the same way, and write it out rather than run it: what
 * is reported depends on the sink, as for any literal.
 */
#include <stdio.h>
#include <string.h>

#include "lang/lang.h"

/* Data larger than this is not copied into a literal. */
#define HALT_MAX_DATA (1u << 20)

static int word(const arena *a, const token *t, tok_kind k, const char *w) {
  return t->kind == k && t->len == strlen(w) && memcmp(a->buf + t->off, w, t->len) == 0;
}

size_t lang_php_halt_tokens(token *t, size_t n, arena *text, const unsigned char *p, size_t len) {
  size_t h = 0;
  while (h + 3 < n && !(word(text, &t[h], TK_IDENT, "__halt_compiler") && word(text, &t[h + 1], TK_OP, "(") &&
                        word(text, &t[h + 2], TK_OP, ")") && t[h + 3].kind == TK_END))
    h++;
  if (h + 3 >= n) return n;
  uint32_t offset = t[h + 3].src_end;
  n = h; /* the rest is data */
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    token u = t[i];
    if (word(text, &u, TK_IDENT, "__compiler_halt_offset__")) {
      char num[16];
      int k = snprintf(num, sizeof num, "%u", offset);
      u.kind = TK_NUM;
      u.num = offset;
      u.off = lang_arena_put(text, num, (size_t)k);
      u.len = (uint32_t)k;
    } else if (i + 7 < n && offset <= len && len - offset <= HALT_MAX_DATA && word(text, &u, TK_IDENT, "substr") &&
               word(text, &t[i + 1], TK_OP, "(") && word(text, &t[i + 2], TK_IDENT, "file_get_contents") &&
               word(text, &t[i + 3], TK_OP, "(") && word(text, &t[i + 4], TK_IDENT, "__file__") &&
               word(text, &t[i + 5], TK_OP, ")") && word(text, &t[i + 6], TK_OP, ",") &&
               word(text, &t[i + 7], TK_IDENT, "__compiler_halt_offset__") && i + 8 < n &&
               word(text, &t[i + 8], TK_OP, ")")) {
      u.kind = TK_STR;
      u.flags = memchr(p + offset, 0, len - offset) ? TF_BINARY : 0;
      u.nchain = 0;
      u.src_end = t[i + 8].src_end;
      u.off = lang_arena_put(text, p + offset, len - offset);
      u.len = (uint32_t)(len - offset);
      i += 8;
    }
    t[o++] = u;
  }
  return o;
}
