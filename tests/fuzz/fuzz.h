/*
 * fuzz.h - what the libFuzzer targets in tests/fuzz/ share: the entry-point
 * prototypes (the build has -Wmissing-prototypes), an assert that stays on
 * in every build and names the broken property, and a reference UTF-8
 * decoder written from the Unicode table of well-formed byte sequences
 * (Table 3-7) rather than from escape.c, so outputs are checked against an
 * independent reading of the standard.
 */
#ifndef SS_FUZZ_H
#define SS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_ASSERT(cond)                                                         \
  do {                                                                            \
    if (!(cond)) {                                                                \
      fprintf(stderr, "%s:%d: fuzz assertion failed: %s\n", __FILE__, __LINE__, #cond); \
      abort();                                                                    \
    }                                                                             \
  } while (0)

/* Length (1-4) of the well-formed UTF-8 sequence at s, its code point in
 * *cp; 0 if ill-formed. */
static inline size_t ref_utf8(const unsigned char *s, size_t len, uint32_t *cp) {
  static const struct { unsigned char first_lo, first_hi, n, second_lo, second_hi; } rows[] = {
      {0x00, 0x7F, 1, 0, 0},       {0xC2, 0xDF, 2, 0x80, 0xBF}, {0xE0, 0xE0, 3, 0xA0, 0xBF},
      {0xE1, 0xEC, 3, 0x80, 0xBF}, {0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF},
      {0xF0, 0xF0, 4, 0x90, 0xBF}, {0xF1, 0xF3, 4, 0x80, 0xBF}, {0xF4, 0xF4, 4, 0x80, 0x8F},
  };
  if (len == 0) return 0;
  for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
    if (s[0] < rows[r].first_lo || s[0] > rows[r].first_hi) continue;
    size_t n = rows[r].n;
    if (n == 1) return *cp = s[0], 1;
    if (len < n || s[1] < rows[r].second_lo || s[1] > rows[r].second_hi) return 0;
    for (size_t i = 2; i < n; i++)
      if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    static const unsigned char lead_mask[5] = {0, 0, 0x1F, 0x0F, 0x07};
    uint32_t c = s[0] & lead_mask[n];
    for (size_t i = 1; i < n; i++) c = c << 6 | (s[i] & 0x3Fu);
    return *cp = c, n;
  }
  return 0;
}

/* Appends the UTF-8 encoding of cp (<= U+10FFFF) to out; returns its length. */
static inline size_t ref_utf8_encode(uint32_t cp, unsigned char *out) {
  if (cp < 0x80) return out[0] = (unsigned char)cp, 1;
  if (cp < 0x800) {
    out[0] = (unsigned char)(0xC0 | cp >> 6), out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (unsigned char)(0xE0 | cp >> 12), out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (unsigned char)(0xF0 | cp >> 18), out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
  out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)), out[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/* The property every escaped text output shares: well-formed UTF-8 with no
 * C0 control (except those in allowed), no DEL, no C1 control and no
 * hidden code point (hidden is util_cp_hidden from escape.h). */
static inline void assert_clean_text(const unsigned char *s, size_t len, const char *allowed,
                                     int (*hidden)(uint32_t)) {
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = ref_utf8(s + i, len - i, &cp);
    FUZZ_ASSERT(n > 0);
    if (cp < 0x20) {
      int ok = 0;
      for (const char *a = allowed; *a; a++) ok |= (uint32_t)(unsigned char)*a == cp;
      FUZZ_ASSERT(ok);
    }
    FUZZ_ASSERT(cp != 0x7F);
    FUZZ_ASSERT(cp < 0x80 || cp > 0x9F);
    FUZZ_ASSERT(!hidden(cp));
    i += n;
  }
}

#endif
