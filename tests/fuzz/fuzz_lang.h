/*
 * fuzz_lang.h - what the analysis-stage fuzz targets share: a token sink
 * that checks every token a lexer emits (text inside the arena and
 * NUL-terminated, source offsets inside the input, lines in order, names
 * lower-cased, variables starting with '$', operators 1-3 bytes), and a
 * check of lang_analyze on the same input (bounded, well-formed
 * explanations that name a sink, the same answer twice).
 */
#ifndef SS_FUZZ_LANG_H
#define SS_FUZZ_LANG_H

#include <string.h>

#include "fuzz.h"
#include "lang/lang.h"

typedef struct {
  tok_sink sink;
  size_t input_len;
  uint32_t last_line, max_line;
  size_t ntokens;
} fuzz_sink;

static inline void fuzz_check_token(tok_sink *s, token *t) {
  fuzz_sink *f = (fuzz_sink *)s;
  FUZZ_ASSERT(t->kind <= TK_END);
  FUZZ_ASSERT((size_t)t->off + t->len < s->text.len && s->text.buf[t->off + t->len] == '\0');
  FUZZ_ASSERT(t->src_off <= t->src_end && t->src_end <= f->input_len);
  FUZZ_ASSERT(t->line >= 1 && t->line <= f->max_line);
  FUZZ_ASSERT(t->line >= f->last_line || t->kind == TK_END);
  if (t->kind != TK_END) f->last_line = t->line;
  const char *text = s->text.buf + t->off;
  if (t->kind == TK_IDENT) {
    FUZZ_ASSERT(t->len > 0);
    for (size_t i = 0; i < t->len; i++) FUZZ_ASSERT(!(text[i] >= 'A' && text[i] <= 'Z'));
  }
  if (t->kind == TK_VAR) FUZZ_ASSERT(t->len >= 2 && text[0] == '$');
  if (t->kind == TK_OP) FUZZ_ASSERT(t->len >= 1 && t->len <= 3);
  f->ntokens++;
  s->text.len = 0; /* as the analyzer does after each statement */
}

static inline void fuzz_sink_init(fuzz_sink *f, const uint8_t *data, size_t size) {
  memset(f, 0, sizeof *f);
  f->sink.emit = fuzz_check_token;
  f->input_len = size;
  f->max_line = 1;
  for (size_t i = 0; i < size; i++) f->max_line += data[i] == '\n';
}

static inline void fuzz_check_result(const lang_result *r) {
  FUZZ_ASSERT(r->ndet <= LANG_MAX_DETECTIONS);
  for (size_t i = 0; i < r->ndet; i++) {
    const lang_detection *d = &r->det[i];
    FUZZ_ASSERT(strncmp(d->rule, "shellsift.lang.", 15) == 0);
    FUZZ_ASSERT(d->score > 0 && d->score <= 100);
    FUZZ_ASSERT(memchr(d->description, '\0', sizeof d->description));
    FUZZ_ASSERT(strlen(d->description) > 10);
    /* every explanation names what was reached */
    FUZZ_ASSERT(strstr(d->description, "()") || strstr(d->description, "reaches") ||
                strstr(d->description, "chooses") || strstr(d->description, "loaded") ||
                strstr(d->description, "called") || strstr(d->description, "written") ||
                /* a kit names what it can do; a page-level verdict what it runs or stores */
                strstr(d->description, "lists directories") || strstr(d->description, "sets file times") ||
                strstr(d->description, "runs code") || strstr(d->description, "stores") ||
                strstr(d->description, "starts a reverse shell") || strstr(d->description, "run as a whole") ||
                strstr(d->description, "runs commands") || strstr(d->description, "runs SQL") ||
                strstr(d->description, "reads the request") || strstr(d->description, "writes files") ||
                /* deserialization of the body, in-memory registration, a protocol a hacktool speaks */
                strstr(d->description, "is deserialized") || strstr(d->description, "adds a component") ||
                strstr(d->description, "sends the FTP server's") ||
                /* an attacker tool's verdict says what it does and the public technique it is */
                strstr(d->description, "MITRE ATT&CK T"));
  }
  if (r->limited) FUZZ_ASSERT(r->limit_why[0]);
}

/* lang_analyze twice, with default and with tiny limits: same answers,
 * bounded results. */
static inline void fuzz_analyze(const uint8_t *data, size_t size, const char *filetype) {
  static lang_ctx *c, *tiny;
  static lang_result a, b;
  if (!c) {
    c = lang_ctx_new(NULL);
    lang_limits lim = {1, 4096, 0};
    tiny = lang_ctx_new(&lim);
  }
  lang_analyze(c, data, size, filetype, &a);
  fuzz_check_result(&a);
  lang_analyze(c, data, size, filetype, &b);
  FUZZ_ASSERT(a.ndet == b.ndet);
  for (size_t i = 0; i < a.ndet; i++)
    FUZZ_ASSERT(strcmp(a.det[i].description, b.det[i].description) == 0 && a.det[i].score == b.det[i].score);
  lang_analyze(tiny, data, size, filetype, &b);
  fuzz_check_result(&b);
  lang_stats st;
  lang_get_stats(c, data, size, &st);
  FUZZ_ASSERT(st.score >= 0 && st.score <= 30 && st.entropy >= 0 && st.entropy <= 8.0001);
}

#endif
