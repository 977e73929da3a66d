/*
 * jw.h - a tiny JSON object writer for the sweep's nested ECS records:
 * keeps track of commas per nesting level; every string value goes through
 * util_esc_json, and raw bytes that are not UTF-8 also get a _base64 twin.
 */
#ifndef SS_JW_H
#define SS_JW_H

#include <stdint.h>

#include "util/util.h"

#define JW_DEPTH 8

typedef struct {
  strbuf sb;
  int depth;
  int count[JW_DEPTH];
} jw;

void jw_open(jw *w);                  /* starts the top-level object */
void jw_obj(jw *w, const char *key);  /* "key":{ */
void jw_arr(jw *w, const char *key);  /* "key":[ */
void jw_close(jw *w, char c);         /* } or ] */
void jw_str(jw *w, const char *key, const char *v);      /* key NULL inside an array */
void jw_bytes(jw *w, const char *key, const char *v);    /* plus key_base64 if not UTF-8 */
void jw_int(jw *w, const char *key, int64_t v);
void jw_bool(jw *w, const char *key, int v);
void jw_time(jw *w, const char *key, int64_t t);         /* RFC 3339, or null */
void jw_raw(jw *w, const char *key, const char *json);   /* an already-encoded value */
/* Closes the top-level object, adds '\n' and hands over the line. */
char *jw_finish(jw *w);

#endif
