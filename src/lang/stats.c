/*
 * stats.c - NeoPI-style obfuscation statistics: Shannon entropy, index of
 * coincidence, the longest literal or name, the share of the file in long
 * encoded-looking literals and the density of string-building calls.
 * Minified code, vendor libraries and crypto are high-entropy too, so the
 * score here is small (at most 30) and the stage reports it only beside
 * other evidence, never as a verdict on its own.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang/lang.h"

int lang_stats_is_blob(const char *s, size_t n) {
  if (n < 64) return 0;
  size_t ok = 0, upper = 0, digit = 0, hex = 0, breaks = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n' || c == '\r') { /* a payload wrapped into lines, LF or CR LF: the breaks are no part of it */
      breaks++;
      continue;
    }
    int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    int good = alnum || c == '+' || c == '/' || c == '=' || c == '_' || c == '-' || c == '\\' || c == '%';
    /* more than 3% bad bytes already fails the test below (ok * 100 < n * 97):
     * most long literals are text, and stop within a few words */
    if (!good && (i + 1 - breaks - ok) * 100 > n * 3) return 0;
    ok += good;
    upper += c >= 'A' && c <= 'Z';
    digit += c >= '0' && c <= '9';
    hex += (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
  n -= breaks;
  if (n < 64 || ok * 100 < n * 97) return 0;
  return hex == n || (upper * 10 > n && digit * 20 > n); /* hex, or base64's mix of cases and digits */
}

void lang_stats_compute(lang_stats *st, const unsigned char *buf, size_t len, size_t longest,
                   size_t blob_bytes, size_t builders) {
  size_t hist[256] = {0};
  for (size_t i = 0; i < len; i++) hist[buf[i]]++;
  double h = 0, letters = 0, coinc = 0;
  for (int b = 0; b < 256; b++) {
    if (!hist[b]) continue;
    double p = (double)hist[b] / (double)len;
    h -= p * log2(p);
  }
  for (int b = 'a'; b <= 'z'; b++) {
    double n = (double)(hist[b] + hist[b - 32]);
    letters += n;
    coinc += n * (n - 1);
  }
  memset(st, 0, sizeof *st);
  st->entropy = h;
  st->ioc = letters > 1 ? coinc / (letters * (letters - 1)) : 0;
  st->longest_token = longest;
  st->blob_share = len ? (double)blob_bytes / (double)len : 0;
  st->builders_per_kb = len ? (double)builders * 1024.0 / (double)len : 0;
  int score = 0;
  if (st->blob_share > 0.25 && blob_bytes >= 512) score += 15;
  if (longest > 2000) score += 10;
  if (h > 5.5) score += 5;
  if (len >= 256 && st->builders_per_kb > 3) score += 10;
  st->score = score > 30 ? 30 : score;
  if (st->score)
    snprintf(st->description, sizeof st->description,
             "obfuscation evidence: entropy %.1f bits/byte, %.0f%% of the file in encoded literals, "
             "longest literal %zu bytes, %.1f string-building calls per KiB",
             h, st->blob_share * 100, longest, st->builders_per_kb);
}
