/*
 * fuzz_lang_decode.c - the decoders on arbitrary bytes.  Assertions:
 * base64 output is at most 3/4 of the input and fits the cap; hex2bin is
 * exactly half and re-encodes to the input (lower-cased); urldecode never
 * grows; rot13 and strrev undo themselves; inflate never writes past its
 * cap and reports -2 only when the cap is full, nor does bunzip; lang_decode_apply takes from
 * the budget exactly what it returns and never goes past it.
 */
// fuzz-max-len: 4096
// fuzz-seeds: tests/fixtures/lang/php/layer_* tests/fuzz/regressions/lang_decode/*
#include <ctype.h>

#include "fuzz_lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  unsigned sel = data[0];
  const unsigned char *in = data + 1;
  size_t n = size - 1;
  size_t cap = (sel >> 4) * 64 + 1; /* 1..961: small caps hit the bounds */
  unsigned char *out = malloc(cap);
  long r;

  r = lang_dec_base64(in, n, out, cap);
  FUZZ_ASSERT(r == -1 || ((size_t)r <= n * 3 / 4 + 1 && (size_t)r <= cap));

  r = lang_dec_hex(in, n, out, cap);
  if (r >= 0) {
    FUZZ_ASSERT((size_t)r * 2 == n);
    for (size_t i = 0; i < (size_t)r; i++) {
      char h[3];
      snprintf(h, sizeof h, "%02x", out[i]);
      FUZZ_ASSERT(h[0] == tolower(in[2 * i]) && h[1] == tolower(in[2 * i + 1]));
    }
  }

  r = lang_dec_url(in, n, out, cap);
  FUZZ_ASSERT(r == -1 || ((size_t)r <= n && (size_t)r <= cap));

  unsigned char *copy = malloc(n ? n : 1);
  if (n) memcpy(copy, in, n);
  lang_dec_rot13(copy, n);
  lang_dec_rot13(copy, n);
  FUZZ_ASSERT(n == 0 || memcmp(copy, in, n) == 0);
  lang_dec_rev(copy, n);
  lang_dec_rev(copy, n);
  FUZZ_ASSERT(n == 0 || memcmp(copy, in, n) == 0);
  free(copy);

  static const int wbits[] = {-15, 15, 31};
  r = lang_dec_inflate(in, n, wbits[sel % 3], out, cap);
  FUZZ_ASSERT(r == -1 || r == -2 || (size_t)r <= cap);
  r = lang_dec_bunzip(in, n, out, cap);
  FUZZ_ASSERT(r == -1 || r == -2 || (size_t)r <= cap);

  /* through the budget */
  arena a = {0};
  decode_budget b = {.remaining = cap};
  for (int id = DEC_BASE64; id <= DEC_BZDECOMPRESS; id = id == DEC_STRREV ? DEC_BZDECOMPRESS : id + 1) {
    size_t before = b.remaining, len = 0;
    uint32_t off = lang_decode_apply((decoder_id)id, in, n, &a, &len, &b);
    if (off == UINT32_MAX) {
      FUZZ_ASSERT(b.remaining == before);
    } else {
      FUZZ_ASSERT(len <= before && b.remaining == before - len);
      FUZZ_ASSERT(off + len < a.len && a.buf[off + len] == '\0');
    }
  }
  lang_arena_free(&a);
  free(out);
  return 0;
}
