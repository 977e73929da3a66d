/*
 * jw.c - the JSON object writer of jw.h.
 */
#include "sweep/jw.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "report/writer.h"

static void key(jw *w, const char *k) {
  if (w->count[w->depth]++) sb_addc(&w->sb, ',');
  if (!k) return;
  sb_addc(&w->sb, '"');
  sb_adds(&w->sb, k);
  sb_adds(&w->sb, "\":");
}

void jw_open(jw *w) {
  memset(w, 0, sizeof *w);
  sb_addc(&w->sb, '{');
}

static void nest(jw *w, const char *k, char c) {
  key(w, k);
  sb_addc(&w->sb, c);
  if (w->depth + 1 < JW_DEPTH) w->count[++w->depth] = 0;
}

void jw_obj(jw *w, const char *k) { nest(w, k, '{'); }
void jw_arr(jw *w, const char *k) { nest(w, k, '['); }

void jw_close(jw *w, char c) {
  sb_addc(&w->sb, c);
  if (w->depth > 0) w->depth--;
}

void jw_str(jw *w, const char *k, const char *v) {
  key(w, k);
  sb_addc(&w->sb, '"');
  util_esc_json(&w->sb, v ? v : "", v ? strlen(v) : 0);
  sb_addc(&w->sb, '"');
}

void jw_bytes(jw *w, const char *k, const char *v) {
  jw_str(w, k, v);
  if (!v || util_utf8_valid(v, strlen(v))) return;
  char *k64 = xasprintf("%s_base64", k);
  key(w, k64);
  free(k64);
  sb_addc(&w->sb, '"');
  util_esc_base64(&w->sb, v, strlen(v));
  sb_addc(&w->sb, '"');
}

void jw_int(jw *w, const char *k, int64_t v) {
  key(w, k);
  sb_addf(&w->sb, "%" PRId64, v);
}

void jw_bool(jw *w, const char *k, int v) {
  key(w, k);
  sb_adds(&w->sb, v ? "true" : "false");
}

void jw_time(jw *w, const char *k, int64_t t) {
  char buf[RFC3339_SIZE];
  key(w, k);
  if (report_rfc3339(buf, t)) sb_addf(&w->sb, "\"%s\"", buf);
  else sb_adds(&w->sb, "null");
}

void jw_raw(jw *w, const char *k, const char *json) {
  key(w, k);
  sb_adds(&w->sb, json);
}

char *jw_finish(jw *w) {
  while (w->depth > 0) jw_close(w, '}');
  sb_adds(&w->sb, "}\n");
  return sb_detach(&w->sb);
}
