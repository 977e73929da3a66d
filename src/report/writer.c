/*
 * writer.c - the public ss_writer_* entry points.  A writer holds its
 * format's table and hands each event to it, counts what it has shown so
 * the closing summary can never claim less than the reader saw, and holds
 * the helpers all formats share, so that a finding's time, reason and
 * verdict read the same in text, JSON and CSV.
 */
#include "report/writer.h"

#include <langinfo.h>
#include <stdio.h>
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

void report_time_text(char buf[RFC3339_SIZE], int64_t t) {
  if (t == SS_TIME_UNKNOWN || !report_rfc3339(buf, t)) snprintf(buf, RFC3339_SIZE, "unknown");
}

ss_err ss_writer_new(ss_format format, FILE *out, FILE *err, unsigned flags, ss_writer_t **w) {
  static const report_format *const formats[] = {
      [SS_FORMAT_TEXT] = &report_format_text,
      [SS_FORMAT_JSON] = &report_format_json,
      [SS_FORMAT_CSV] = &report_format_csv,
  };
  if (!w) return SS_ERR_ARG;
  *w = NULL;
  if (!out || !err || (flags & ~(SS_WRITER_COLOR | SS_WRITER_QUIET | SS_WRITER_LOGS))) return SS_ERR_ARG;
  if ((unsigned)format >= sizeof formats / sizeof formats[0]) return SS_ERR_ARG;
  ss_writer_t *nw = xcalloc(1, sizeof *nw);
  nw->fmt = format == SS_FORMAT_CSV && (flags & SS_WRITER_LOGS) ? &report_format_csv_logs : formats[format];
  nw->out = out;
  nw->err = err;
  nw->flags = flags;
  nw->term = report_term_flags();
  /* The header goes out even when nothing is found: an empty result is
   * still a well-formed table. */
  if (nw->fmt->header) nw->fmt->header(nw);
  *w = nw;
  return SS_OK;
}

static void count_finding(ss_writer_t *w, ss_severity sev) {
  w->findings++;
  if ((unsigned)sev < 4) w->by_severity[sev]++;
}

void ss_writer_event(ss_writer_t *w, const ss_event *ev) {
  if (!w || !ev) return;
  const report_format *f = w->fmt;
  switch (ev->type) {
  case SS_EVENT_FINDING:
    if (!ev->finding) return;
    count_finding(w, ev->finding->severity);
    if (f->finding) f->finding(w, ev->finding);
    break;
  case SS_EVENT_LOG_FINDING:
    if (!ev->log_finding) return;
    count_finding(w, ev->log_finding->severity);
    if (f->log_finding) f->log_finding(w, ev->log_finding);
    break;
  case SS_EVENT_WARNING:
    if (!ev->warning) return;
    w->warnings++;
    if (ev->warning->incomplete) w->incomplete++;
    if (!(w->flags & SS_WRITER_QUIET) && f->warning) f->warning(w, ev->warning);
    break;
  case SS_EVENT_INCIDENT:
    if (ev->incident && f->incident) f->incident(w, ev->incident);
    break;
  case SS_EVENT_PROGRESS: break;
  }
}

static uint64_t max_u64(uint64_t a, uint64_t b) { return a > b ? a : b; }

/* The caller's counts, raised to what the writer itself showed. */
static void raise_counts(const ss_writer_t *w, uint64_t *findings, uint64_t by_severity[4], uint64_t *warnings,
                         uint64_t *incomplete) {
  *findings = max_u64(*findings, w->findings);
  for (int i = 0; i < 4; i++) by_severity[i] = max_u64(by_severity[i], w->by_severity[i]);
  *warnings = max_u64(*warnings, w->warnings);
  *incomplete = max_u64(*incomplete, w->incomplete);
}

void ss_writer_summary(ss_writer_t *w, const ss_engine_t *engine, const char *const *roots,
                       size_t nroots, const ss_stats *stats) {
  if (!w || (w->flags & SS_WRITER_QUIET) || !w->fmt->summary) return;
  if (!roots) nroots = 0;
  ss_stats t = {0};
  if (stats) t = *stats;
  raise_counts(w, &t.findings, t.by_severity, &t.warnings, &t.incomplete);
  w->fmt->summary(w, engine, roots, nroots, &t);
}

void ss_writer_logs_summary(ss_writer_t *w, const char *const *paths, size_t npaths, const ss_logs_stats *st) {
  if (!w || !st || (w->flags & SS_WRITER_QUIET) || !w->fmt->logs_summary) return;
  if (!paths) npaths = 0;
  ss_logs_stats t = *st;
  raise_counts(w, &t.findings, t.by_severity, &t.warnings, &t.incomplete);
  w->fmt->logs_summary(w, paths, npaths, &t);
}

void ss_writer_free(ss_writer_t *w) {
  if (!w) return;
  sb_free(&w->line);
  free(w);
}
