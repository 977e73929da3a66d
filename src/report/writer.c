/*
 * writer.c - the public ss_writer_* entry points.  A writer picks the
 * format's renderer for each event, counts what it has shown so the closing
 * summary can never claim less than the reader saw, and holds the helpers
 * all formats share, so that a finding's time, reason and verdict read the
 * same in text, JSON and CSV.
 */
#include "report/writer.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/escape.h"

int report_rfc3339(char buf[RFC3339_SIZE], int64_t t) {
  /* 253402300799 is 9999-12-31T23:59:59Z, -62167219200 is 0000-01-01. */
  struct tm tm;
  time_t tt = (time_t)t;
  buf[0] = '\0';
  if (t < -62167219200LL || t > 253402300799LL || (int64_t)tt != t || !gmtime_r(&tt, &tm)) return 0;
  char tmp[80]; /* wide enough for any int fields, so -Wformat-truncation is satisfied */
  int n = snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                   tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  if (n != RFC3339_SIZE - 1) return 0;
  memcpy(buf, tmp, RFC3339_SIZE);
  return 1;
}

const ss_reason *report_top_reason(const ss_finding *f) {
  const ss_reason *best = NULL, *best_in_cat = NULL;
  for (size_t i = 0; i < f->nreasons; i++) {
    const ss_reason *r = &f->reasons[i];
    if (!best || r->score > best->score) best = r;
    if (f->category && r->category && strcmp(r->category, f->category) == 0 &&
        (!best_in_cat || r->score > best_in_cat->score))
      best_in_cat = r;
  }
  return best_in_cat ? best_in_cat : best;
}

const char *report_reason_text(const ss_finding *f) {
  const ss_reason *r = report_top_reason(f);
  if (!r) return nz(f->category);
  return r->description && *r->description ? r->description : nz(r->rule);
}

static uint64_t max_u64(uint64_t a, uint64_t b) { return a > b ? a : b; }

ss_stats report_totals(const ss_writer_t *w, const ss_stats *stats) {
  ss_stats t = {0};
  if (stats) t = *stats;
  t.findings = max_u64(t.findings, w->findings);
  for (int i = 0; i < 4; i++) t.by_severity[i] = max_u64(t.by_severity[i], w->by_severity[i]);
  t.warnings = max_u64(t.warnings, w->warnings);
  t.incomplete = max_u64(t.incomplete, w->incomplete);
  return t;
}

void report_emit(ss_writer_t *w, FILE *f) {
  if (w->line.len) fwrite(w->line.data, 1, w->line.len, f);
  fflush(f);
  sb_reset(&w->line);
}

unsigned report_term_flags(void) {
  const char *cs = nl_langinfo(CODESET);
  if (cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0)) return 0;
  return ESC_TERM_ASCII;
}

ss_err ss_writer_new(ss_format format, FILE *out, FILE *err, unsigned flags, ss_writer_t **w) {
  if (!w) return SS_ERR_ARG;
  *w = NULL;
  if (!out || !err || (flags & ~(SS_WRITER_COLOR | SS_WRITER_QUIET | SS_WRITER_LOGS))) return SS_ERR_ARG;
  if (format != SS_FORMAT_TEXT && format != SS_FORMAT_JSON && format != SS_FORMAT_CSV) return SS_ERR_ARG;
  ss_writer_t *nw = xcalloc(1, sizeof *nw);
  nw->format = format;
  nw->out = out;
  nw->err = err;
  nw->flags = flags;
  nw->term = report_term_flags();
  /* The header goes out even when nothing is found: an empty result is
   * still a well-formed table. */
  if (format == SS_FORMAT_CSV) (flags & SS_WRITER_LOGS) ? logs_out_csv_header(nw) : csv_header(nw);
  *w = nw;
  return SS_OK;
}

static void count_finding(ss_writer_t *w, const ss_finding *f) {
  w->findings++;
  if ((unsigned)f->severity < 4) w->by_severity[f->severity]++;
}

static void write_finding(ss_writer_t *w, const ss_finding *f) {
  count_finding(w, f);
  switch (w->format) {
  case SS_FORMAT_TEXT: text_finding(w, f); break;
  case SS_FORMAT_JSON: json_finding(w, f); break;
  case SS_FORMAT_CSV: csv_finding(w, f); break;
  }
}

static void write_warning(ss_writer_t *w, const ss_warning *wa) {
  w->warnings++;
  if (wa->incomplete) w->incomplete++;
  if (w->flags & SS_WRITER_QUIET) return;
  if (w->format == SS_FORMAT_JSON) json_warning(w, wa);
  else text_warning(w, wa);
}

void ss_writer_event(ss_writer_t *w, const ss_event *ev) {
  if (!w || !ev) return;
  if (ev->type == SS_EVENT_FINDING && ev->finding) write_finding(w, ev->finding);
  else if (ev->type == SS_EVENT_WARNING && ev->warning) write_warning(w, ev->warning);
  else if (ev->type == SS_EVENT_LOG_FINDING && ev->log_finding) logs_out_finding(w, ev->log_finding);
  else if (ev->type == SS_EVENT_INCIDENT && ev->incident) logs_out_incident(w, ev->incident);
}

void ss_writer_summary(ss_writer_t *w, const ss_engine_t *engine, const char *const *roots,
                       size_t nroots, const ss_stats *stats) {
  if (!w || (w->flags & SS_WRITER_QUIET)) return;
  if (!roots) nroots = 0;
  ss_stats totals = report_totals(w, stats);
  if (w->format == SS_FORMAT_JSON) json_summary(w, engine, roots, nroots, &totals);
  else text_summary(w, engine, roots, nroots, &totals);
}

void ss_writer_free(ss_writer_t *w) {
  if (!w) return;
  sb_free(&w->line);
  free(w);
}
