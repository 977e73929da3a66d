/*
 * jsonw.c - the JSON emitter of jsonw.h.
 */
#include "report/jsonw.h"

#include <assert.h>
#include <inttypes.h>
#include <string.h>

#include "report/writer.h"
#include "util/escape.h"

static void key(jsonw *w, const char *k) {
  if (w->count[w->depth]++) sb_addc(w->sb, ',');
  if (!k) return;
  sb_addc(w->sb, '"');
  util_esc_json(w->sb, k, strlen(k));
  sb_adds(w->sb, "\":");
}

void report_json_begin(jsonw *w, strbuf *sb) {
  memset(w, 0, sizeof *w);
  w->sb = sb;
  w->close[0] = '}';
  sb_addc(sb, '{');
}

void report_json_record(jsonw *w, strbuf *sb, const char *event) {
  report_json_begin(w, sb);
  report_json_str(w, "event", event);
  report_json_int(w, "schema", SS_SCHEMA_VERSION);
}

static void nest(jsonw *w, const char *k, char open, char close) {
  key(w, k);
  sb_addc(w->sb, open);
  assert(w->depth + 1 < JSONW_DEPTH); /* deeper than any record we write */
  w->close[++w->depth] = close;
  w->count[w->depth] = 0;
}

void report_json_obj(jsonw *w, const char *k) { nest(w, k, '{', '}'); }
void report_json_arr(jsonw *w, const char *k) { nest(w, k, '[', ']'); }

void report_json_close(jsonw *w) {
  if (w->depth == 0) return;
  sb_addc(w->sb, w->close[w->depth--]);
}

void report_json_end(jsonw *w) {
  while (w->depth > 0) report_json_close(w);
  sb_adds(w->sb, "}\n");
}

static void quoted(jsonw *w, const void *data, size_t len) {
  sb_addc(w->sb, '"');
  util_esc_json(w->sb, data, len);
  sb_addc(w->sb, '"');
}

void report_json_str(jsonw *w, const char *k, const char *v) {
  key(w, k);
  quoted(w, nz(v), strlen(nz(v)));
}

void report_json_null(jsonw *w, const char *k) {
  key(w, k);
  sb_adds(w->sb, "null");
}

void report_json_str_or_null(jsonw *w, const char *k, const char *v) {
  if (v) report_json_str(w, k, v);
  else report_json_null(w, k);
}

void report_json_bytes(jsonw *w, const char *k, const void *data, size_t len) {
  key(w, k);
  quoted(w, data, len);
  if (!k || util_utf8_valid(data, len)) return;
  if (w->count[w->depth]++) sb_addc(w->sb, ',');
  sb_addc(w->sb, '"');
  util_esc_json(w->sb, k, strlen(k));
  sb_adds(w->sb, "_base64\":\"");
  util_esc_base64(w->sb, data, len);
  sb_addc(w->sb, '"');
}

void report_json_bytes_str(jsonw *w, const char *k, const char *v) { report_json_bytes(w, k, nz(v), strlen(nz(v))); }

void report_json_int(jsonw *w, const char *k, int64_t v) {
  key(w, k);
  sb_addf(w->sb, "%" PRId64, v);
}

void report_json_u64(jsonw *w, const char *k, uint64_t v) {
  key(w, k);
  sb_addf(w->sb, "%" PRIu64, v);
}

void report_json_bool(jsonw *w, const char *k, int v) {
  key(w, k);
  sb_adds(w->sb, v ? "true" : "false");
}

void report_json_time(jsonw *w, const char *k, int64_t t) {
  char buf[RFC3339_SIZE];
  if (t != SS_TIME_UNKNOWN && report_rfc3339(buf, t)) report_json_str(w, k, buf);
  else report_json_null(w, k);
}

void report_json_seconds(jsonw *w, const char *k, double seconds) {
  uint64_t ms = 0;
  if (seconds > 0 && seconds < 1e12) ms = (uint64_t)(seconds * 1000.0 + 0.5);
  key(w, k);
  sb_addf(w->sb, "%" PRIu64 ".%03u", ms / 1000, (unsigned)(ms % 1000));
}

void report_json_strs(jsonw *w, const char *k, const char *const *v, size_t n) {
  report_json_arr(w, k);
  for (size_t i = 0; i < n; i++) report_json_str(w, NULL, v[i]);
  report_json_close(w);
}
