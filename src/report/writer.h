/*
 * writer.h - internals of the report module.  writer.c owns the public
 * ss_writer_* entry points, the counters and the helpers every format
 * needs (times, the top reason, totals).  Each output format is a table of
 * functions (report_format, as curl's protocol tables are): fmt_text.c,
 * fmt_json.c and fmt_csv.c each define theirs, for file findings, log
 * findings, incidents and both summaries, from the same records.  Every
 * JSON line goes through one emitter (jsonw.h), every terminal string
 * through util_esc_term.
 */
#ifndef SS_WRITER_H
#define SS_WRITER_H

#include <stdint.h>
#include <stdio.h>

#include "shellsift.h"
#include "util/util.h"

typedef struct report_format report_format;

struct ss_writer {
  const report_format *fmt;
  FILE *out, *err;
  unsigned flags; /* SS_WRITER_* */
  unsigned term;  /* ESC_TERM_* flags for text bound for a terminal */
  strbuf line;    /* the record being built: each is written with one fwrite */
  /* What passed through this writer.  Engine warnings (rule files, IOC
   * lines) are not in ss_scan's stats, so the summary uses the larger of
   * these and the caller's stats: it can never claim less than was shown. */
  uint64_t findings, by_severity[4], warnings, incomplete;
};

/* One output format.  A NULL entry writes nothing for that record. */
struct report_format {
  void (*header)(ss_writer_t *w); /* at ss_writer_new: CSV's header row */
  void (*finding)(ss_writer_t *w, const ss_finding *f);
  void (*warning)(ss_writer_t *w, const ss_warning *wa);
  void (*log_finding)(ss_writer_t *w, const ss_log_finding *f);
  void (*incident)(ss_writer_t *w, const ss_incident *in);
  /* totals are the caller's stats merged with what the writer counted */
  void (*summary)(ss_writer_t *w, const ss_engine_t *engine, const char *const *roots, size_t nroots,
                  const ss_stats *totals);
  void (*logs_summary)(ss_writer_t *w, const char *const *paths, size_t npaths, const ss_logs_stats *totals);
};

extern const report_format report_format_text;
extern const report_format report_format_json;
extern const report_format report_format_csv;      /* file findings */
extern const report_format report_format_csv_logs; /* log findings (SS_WRITER_LOGS) */

/* "YYYY-MM-DDTHH:MM:SSZ" plus NUL. */
#define RFC3339_SIZE 21

/* s, or "" for NULL: the structs allow optional strings to be missing. */
static inline const char *nz(const char *s) { return s ? s : ""; }

/* Formats t (seconds since the epoch) as RFC 3339 UTC into buf; returns 1,
 * or 0 leaving buf "" when t falls outside years 0000-9999 (times are
 * attacker-settable, and RFC 3339 has four-digit years). */
int report_rfc3339(char buf[RFC3339_SIZE], int64_t t);
/* A time for people: RFC 3339, or "unknown". */
void report_time_text(char buf[RFC3339_SIZE], int64_t t);
/* The reason that explains the finding: the highest-scoring one in the
 * finding's category, else the highest-scoring one; NULL if none. */
const ss_reason *report_top_reason(const ss_finding *f);
/* One sentence for the finding: the top reason's description, or its rule
 * id when it has none. */
const char *report_reason_text(const ss_finding *f);
/* ESC_TERM_* flags for the locale: whether the terminal can be trusted
 * with UTF-8.  In any other character set (or when the program never called
 * setlocale) continuation bytes could be read as C1 controls, so all
 * non-ASCII is escaped instead. */
unsigned report_term_flags(void);
/* Writes w->line to f, flushes (consumers tail the stream), resets it. */
void report_emit(ss_writer_t *w, FILE *f);

/* The text renderers CSV shares: warnings and summaries go to err as text,
 * keeping out a pure table. */
void report_text_warning(ss_writer_t *w, const ss_warning *wa);
void report_text_summary(ss_writer_t *w, const ss_engine_t *engine, const char *const *roots, size_t nroots,
                         const ss_stats *totals);
void report_text_logs_summary(ss_writer_t *w, const char *const *paths, size_t npaths, const ss_logs_stats *totals);

/* ---- text helpers (textw.c), for every text renderer ---- */
void report_text_term(strbuf *sb, unsigned term_flags, const char *s);
/* n with thousands separators, "1,234,567": fixed, not locale-dependent. */
void report_text_count(strbuf *sb, uint64_t n);
void report_text_counted(strbuf *sb, uint64_t n, const char *one, const char *many);
/* "x.y" from an amount in thousandths, without locale-dependent %f. */
void report_text_tenths(strbuf *sb, uint64_t thousandths);
const char *report_text_severity_color(ss_severity sev);
/* "1 critical, 1 high": the non-zero severities, most severe first. */
void report_text_severity_counts(strbuf *sb, const uint64_t by_severity[4]);
/* The severity in capitals, coloured when asked, padded to one width. */
void report_text_severity_label(strbuf *sb, ss_severity sev, int color);

#endif
