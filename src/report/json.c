/*
 * json.c - JSON Lines: one object per line for each finding, warning and
 * the summary, all on out, so a SIEM reads the whole run from one stream.
 * Every record carries "event" and "schema" (SS_SCHEMA_VERSION).  Raw bytes
 * that are not valid UTF-8 (paths, excerpts) are also given in base64, as
 * ripgrep's JSON does, so the exact name survives the U+FFFD replacement.
 */
#include "report/writer.h"

#include <inttypes.h>
#include <string.h>

#include "util/escape.h"

/* Starts a record; later fields are appended with a leading comma. */
static void begin(strbuf *sb, const char *event) {
  sb_addf(sb, "{\"event\":\"%s\",\"schema\":%d", event, SS_SCHEMA_VERSION);
}

static void end(strbuf *sb) { sb_adds(sb, "}\n"); }

static void key(strbuf *sb, const char *k) { sb_addf(sb, ",\"%s\":", k); }

static void str_value(strbuf *sb, const void *data, size_t len) {
  sb_addc(sb, '"');
  util_esc_json(sb, data, len);
  sb_addc(sb, '"');
}

void json_kv_str(strbuf *sb, const char *k, const char *s) {
  key(sb, k);
  str_value(sb, nz(s), strlen(nz(s)));
}

/* Raw bytes: as a string, plus k_base64 when they are not valid UTF-8. */
static void kv_bytes(strbuf *sb, const char *k, const void *data, size_t len) {
  key(sb, k);
  str_value(sb, data, len);
  if (util_utf8_valid(data, len)) return;
  sb_addf(sb, ",\"%s_base64\":\"", k);
  util_esc_base64(sb, data, len);
  sb_addc(sb, '"');
}

/* A path, or null when there is none (warnings about the whole run). */
static void kv_path(strbuf *sb, const char *k, const char *path) {
  if (path) kv_bytes(sb, k, path, strlen(path));
  else key(sb, k), sb_adds(sb, "null");
}

static void kv_u64(strbuf *sb, const char *k, uint64_t v) {
  key(sb, k);
  sb_addf(sb, "%" PRIu64, v);
}

static void kv_bool(strbuf *sb, const char *k, int v) {
  key(sb, k);
  sb_adds(sb, v ? "true" : "false");
}

static void kv_time(strbuf *sb, const char *k, int64_t t) {
  char buf[RFC3339_SIZE];
  key(sb, k);
  if (report_rfc3339(buf, t)) sb_addf(sb, "\"%s\"", buf);
  else sb_adds(sb, "null");
}

/* Hashes not computed for this file are left out rather than given as "". */
static void kv_hash(strbuf *sb, const char *k, const char *hex) {
  if (*hex) json_kv_str(sb, k, hex);
}

static void add_reasons(strbuf *sb, const ss_finding *f) {
  key(sb, "rules");
  sb_addc(sb, '[');
  for (size_t i = 0; i < f->nreasons; i++) {
    if (i) sb_addc(sb, ',');
    str_value(sb, nz(f->reasons[i].rule), strlen(nz(f->reasons[i].rule)));
  }
  sb_addc(sb, ']');
  json_kv_str(sb, "reason", report_reason_text(f));
  key(sb, "reasons");
  sb_addc(sb, '[');
  for (size_t i = 0; i < f->nreasons; i++) {
    const ss_reason *r = &f->reasons[i];
    sb_adds(sb, i ? ",{" : "{");
    sb_adds(sb, "\"rule\":");
    str_value(sb, nz(r->rule), strlen(nz(r->rule)));
    json_kv_str(sb, "category", r->category);
    key(sb, "score");
    sb_addf(sb, "%d", r->score);
    json_kv_str(sb, "description", r->description);
    json_kv_str(sb, "reference", r->reference);
    sb_addc(sb, '}');
  }
  sb_addc(sb, ']');
}

static void add_excerpts(strbuf *sb, const ss_finding *f) {
  key(sb, "excerpts");
  sb_addc(sb, '[');
  for (size_t i = 0; i < f->nexcerpts; i++) {
    const ss_excerpt *x = &f->excerpts[i];
    sb_adds(sb, i ? "," : "");
    sb_addf(sb, "{\"offset\":%" PRIu64, x->offset);
    json_kv_str(sb, "rule", x->rule);
    json_kv_str(sb, "string", x->identifier);
    kv_bytes(sb, "data", x->data ? (const void *)x->data : "", x->data ? x->length : 0);
    sb_addc(sb, '}');
  }
  sb_addc(sb, ']');
}

void json_finding(ss_writer_t *w, const ss_finding *f) {
  strbuf *sb = &w->line;
  begin(sb, "finding");
  kv_path(sb, "path", f->path);
  kv_u64(sb, "size", f->size);
  kv_time(sb, "mtime", f->mtime);
  kv_time(sb, "ctime", f->ctime);
  if (f->btime == -1) key(sb, "btime"), sb_adds(sb, "null");
  else kv_time(sb, "btime", f->btime);
  kv_hash(sb, "sha256", f->sha256);
  kv_hash(sb, "md5", f->md5);
  kv_hash(sb, "sha1", f->sha1);
  json_kv_str(sb, "category", f->category);
  json_kv_str(sb, "severity", ss_severity_name(f->severity));
  key(sb, "score");
  sb_addf(sb, "%d", f->score);
  add_reasons(sb, f);
  add_excerpts(sb, f);
  kv_bool(sb, "content_scanned", f->content_scanned);
  end(sb);
  report_emit(w, w->out);
}

void json_warning(ss_writer_t *w, const ss_warning *wa) {
  strbuf *sb = &w->line;
  begin(sb, "warning");
  json_kv_str(sb, "kind", wa->kind_name);
  kv_path(sb, "path", wa->path);
  json_kv_str(sb, "message", wa->message);
  kv_bool(sb, "incomplete", wa->incomplete);
  end(sb);
  report_emit(w, w->out);
}

/* Seconds with millisecond precision, printed without the C library's
 * locale-dependent %f (a decimal comma would break the JSON). */
static void add_seconds(strbuf *sb, double seconds) {
  uint64_t ms = 0;
  if (seconds > 0 && seconds < 1e12) ms = (uint64_t)(seconds * 1000.0 + 0.5);
  sb_addf(sb, "%" PRIu64 ".%03u", ms / 1000, (unsigned)(ms % 1000));
}

static void add_engine_counts(strbuf *sb, const ss_engine_t *engine) {
  size_t rules = 0, hash_iocs = 0, name_iocs = 0;
  if (!engine) {
    sb_adds(sb, ",\"rules\":null,\"hash_iocs\":null,\"name_iocs\":null");
    return;
  }
  ss_engine_counts(engine, &rules, &hash_iocs, &name_iocs);
  kv_u64(sb, "rules", rules);
  kv_u64(sb, "hash_iocs", hash_iocs);
  kv_u64(sb, "name_iocs", name_iocs);
}

void json_summary(ss_writer_t *w, const ss_engine_t *engine, const char *const *roots, size_t nroots,
                  const ss_stats *t) {
  static const char *const sev_keys[4] = {"low", "medium", "high", "critical"};
  strbuf *sb = &w->line;
  begin(sb, "summary");
  json_kv_str(sb, "version", SS_VERSION);
  key(sb, "roots");
  sb_addc(sb, '[');
  for (size_t i = 0; i < nroots; i++) {
    if (i) sb_addc(sb, ',');
    str_value(sb, nz(roots[i]), strlen(nz(roots[i])));
  }
  sb_addc(sb, ']');
  kv_u64(sb, "files", t->files);
  kv_u64(sb, "dirs", t->dirs);
  kv_u64(sb, "bytes", t->bytes);
  kv_u64(sb, "content_scanned", t->content_scanned);
  kv_u64(sb, "hashed", t->hashed);
  kv_u64(sb, "excluded", t->excluded);
  kv_u64(sb, "special", t->special);
  kv_u64(sb, "symlinks", t->symlinks);
  kv_u64(sb, "too_large", t->too_large);
  kv_u64(sb, "findings", t->findings);
  for (int s = SS_SEV_CRITICAL; s >= SS_SEV_LOW; s--) kv_u64(sb, sev_keys[s], t->by_severity[s]);
  kv_u64(sb, "warnings", t->warnings);
  kv_u64(sb, "errors", t->incomplete);
  kv_bool(sb, "complete", t->incomplete == 0);
  key(sb, "seconds");
  add_seconds(sb, t->seconds);
  add_engine_counts(sb, engine);
  end(sb);
  report_emit(w, w->out);
}

/* ---- helpers shared with logs_out.c (log findings, incidents) ---- */

void json_begin(strbuf *sb, const char *event) { begin(sb, event); }
void json_end(strbuf *sb) { end(sb); }
void json_kv_u64(strbuf *sb, const char *k, uint64_t v) { kv_u64(sb, k, v); }
void json_kv_time(strbuf *sb, const char *k, int64_t t) { kv_time(sb, k, t); }
void json_kv_bool(strbuf *sb, const char *k, int v) { kv_bool(sb, k, v); }
void json_kv_bytes(strbuf *sb, const char *k, const char *s) { kv_bytes(sb, k, nz(s), strlen(nz(s))); }
void json_kv_path(strbuf *sb, const char *k, const char *path) { kv_path(sb, k, path); }
void json_seconds(strbuf *sb, const char *k, double seconds) {
  key(sb, k);
  add_seconds(sb, seconds);
}
