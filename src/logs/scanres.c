/*
 * scanres.c - reads the JSON Lines of `shellsift scan --json` to link web
 * shells found on disk with requests in the logs (--scan-results).  Only
 * "finding" records matter and only their "path" string is needed, so a
 * small bounded string extractor is enough; anything else on a line is
 * skipped, and a line that is not a finding is ignored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logs/logs.h"

#define LINE_MAX_BYTES (1u << 20)

static int hex4(const char *s, unsigned *v) {
  *v = 0;
  for (int i = 0; i < 4; i++) {
    char c = s[i];
    unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (unsigned)((c | 0x20) - 'a' + 10) : 16;
    if (d == 16) return -1;
    *v = *v * 16 + d;
  }
  return 0;
}

static void utf8_put(strbuf *sb, unsigned cp) {
  if (cp < 0x80) sb_addc(sb, (char)cp);
  else if (cp < 0x800) sb_addc(sb, (char)(0xC0 | cp >> 6)), sb_addc(sb, (char)(0x80 | (cp & 0x3F)));
  else {
    sb_addc(sb, (char)(0xE0 | cp >> 12));
    sb_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
    sb_addc(sb, (char)(0x80 | (cp & 0x3F)));
  }
}

/* The JSON string value of "key" at the top level of line, unescaped into
 * out; 0 if found.  \u escapes outside the BMP are kept as U+FFFD: scan
 * paths with them carry path_base64, and the base name still matches. */
int logs_json_string_field(const char *line, const char *key, strbuf *out) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\":\"", key);
  const char *p = strstr(line, pat);
  if (!p) return -1;
  p += strlen(pat);
  sb_reset(out);
  for (; *p && *p != '"'; p++) {
    if (*p != '\\') {
      sb_addc(out, *p);
      continue;
    }
    p++;
    unsigned v;
    switch (*p) {
    case 'n': sb_addc(out, '\n'); break;
    case 't': sb_addc(out, '\t'); break;
    case 'r': sb_addc(out, '\r'); break;
    case 'b': sb_addc(out, '\b'); break;
    case 'f': sb_addc(out, '\f'); break;
    case 'u':
      if (hex4(p + 1, &v)) return -1;
      utf8_put(out, v >= 0xD800 && v <= 0xDFFF ? 0xFFFD : v);
      p += 4;
      break;
    case '\0': return -1;
    default: sb_addc(out, *p); break;
    }
  }
  if (*p != '"') return -1;
  if (!out->data) sb_adds(out, "");
  return 0;
}

ss_err ss_logs_link_scan_results(ss_logs_t *logs, const char *json_path) {
  if (!logs || !json_path) return SS_ERR_ARG;
  FILE *f = fopen(json_path, "re");
  if (!f) return SS_ERR_IO;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  strbuf path = STRBUF_INIT;
  while ((n = getline(&line, &cap, f)) > 0) {
    if ((size_t)n > LINE_MAX_BYTES || !strstr(line, "\"event\":\"finding\"")) continue;
    if (logs_json_string_field(line, "path", &path) == 0 && path.len) ss_logs_link_shell(logs, path.data);
  }
  free(line);
  sb_free(&path);
  fclose(f);
  return SS_OK;
}
