/*
 * jsonw.h - the one JSON emitter: every JSON line shellsift writes (scan,
 * logs, exchange, sweep ECS records, summaries, diffs) is built with it.
 * It keeps the commas per nesting level, escapes every string through the
 * escaping module (util/escape.h), gives raw bytes that are not valid
 * UTF-8 a "<key>_base64" twin (as ripgrep's JSON does, so an exact file name
 * survives), writes times as RFC 3339 or null, and numbers without the C
 * library's locale (a decimal comma would break the JSON).
 */
#ifndef SS_REPORT_JSONW_H
#define SS_REPORT_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

#define JSONW_DEPTH 8

typedef struct {
  strbuf *sb;
  int depth;
  char close[JSONW_DEPTH]; /* '}' or ']' per open level */
  unsigned count[JSONW_DEPTH];
} jsonw;

/* Starts an object on sb (appended to what sb holds). */
void report_json_begin(jsonw *w, strbuf *sb);
/* Starts a shellsift record: {"event":"<event>","schema":N */
void report_json_record(jsonw *w, strbuf *sb, const char *event);
/* Closes every open level and ends the line with "}\n". */
void report_json_end(jsonw *w);

/* key is NULL for values inside an array. */
void report_json_obj(jsonw *w, const char *key);
void report_json_arr(jsonw *w, const char *key);
void report_json_close(jsonw *w);
void report_json_str(jsonw *w, const char *key, const char *v); /* NULL: "" */
void report_json_null(jsonw *w, const char *key);
/* A string, or null when v is NULL. */
void report_json_str_or_null(jsonw *w, const char *key, const char *v);
/* Raw bytes: a string, plus key_base64 when they are not valid UTF-8. */
void report_json_bytes(jsonw *w, const char *key, const void *data, size_t len);
void report_json_bytes_str(jsonw *w, const char *key, const char *v); /* NUL-terminated; NULL: "" */
void report_json_int(jsonw *w, const char *key, int64_t v);
void report_json_u64(jsonw *w, const char *key, uint64_t v);
void report_json_bool(jsonw *w, const char *key, int v);
/* RFC 3339 UTC, or null for SS_TIME_UNKNOWN or a time out of range. */
void report_json_time(jsonw *w, const char *key, int64_t t);
/* Seconds with millisecond precision. */
void report_json_seconds(jsonw *w, const char *key, double seconds);
/* An array of strings. */
void report_json_strs(jsonw *w, const char *key, const char *const *v, size_t n);

#endif
