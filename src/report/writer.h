/*
 * writer.h - internals shared by the output writers.  writer.c owns the
 * public ss_writer_* entry points, the counters and the helpers every format
 * needs (times, the top reason, totals); text.c, json.c
 * and csv.c each render one format from the same ss_finding record.
 */
#ifndef SS_WRITER_H
#define SS_WRITER_H

#include <stdint.h>
#include <stdio.h>

#include "shellsift.h"
#include "util/util.h"

struct ss_writer {
  ss_format format;
  FILE *out, *err;
  unsigned flags; /* SS_WRITER_* */
  unsigned term;  /* ESC_TERM_* flags for text bound for a terminal */
  strbuf line;    /* the record being built: each is written with one fwrite */
  /* What passed through this writer.  Engine warnings (rule files, IOC
   * lines) are not in ss_scan's stats, so the summary uses the larger of
   * these and the caller's stats: it can never claim less than was shown. */
  uint64_t findings, by_severity[4], warnings, incomplete;
};

/* "YYYY-MM-DDTHH:MM:SSZ" plus NUL. */
#define RFC3339_SIZE 21

/* s, or "" for NULL: the structs allow optional strings to be missing. */
static inline const char *nz(const char *s) { return s ? s : ""; }

/* Formats t (seconds since the epoch) as RFC 3339 UTC into buf; returns 1,
 * or 0 leaving buf "" when t falls outside years 0000-9999 (times are
 * attacker-settable, and RFC 3339 has four-digit years). */
int report_rfc3339(char buf[RFC3339_SIZE], int64_t t);
/* The reason that explains the finding: the highest-scoring one in the
 * finding's category, else the highest-scoring one; NULL if none. */
const ss_reason *report_top_reason(const ss_finding *f);
/* One sentence for the finding: the top reason's description, or its rule
 * id when it has none. */
const char *report_reason_text(const ss_finding *f);
/* stats (may be NULL) merged with the writer's own counters. */
ss_stats report_totals(const ss_writer_t *w, const ss_stats *stats);
/* ESC_TERM_* flags for the locale: whether the terminal can be trusted
 * with UTF-8.  In any other character set (or when the program never called
 * setlocale) continuation bytes could be read as C1 controls, so all
 * non-ASCII is escaped instead. */
unsigned report_term_flags(void);
/* Writes w->line to f, flushes (consumers tail the stream), resets it. */
void report_emit(ss_writer_t *w, FILE *f);

/* text.c: findings on out; warnings and the summary also serve CSV. */
void text_finding(ss_writer_t *w, const ss_finding *f);
void text_warning(ss_writer_t *w, const ss_warning *wa);
void text_summary(ss_writer_t *w, const ss_engine_t *engine, const char *const *roots, size_t nroots,
                  const ss_stats *totals);

/* json.c: JSON Lines, everything on out.  json_kv_str appends
 * ,"k":"<s escaped>" (s may be NULL: ""). */
void json_kv_str(strbuf *sb, const char *k, const char *s);
void json_finding(ss_writer_t *w, const ss_finding *f);
void json_warning(ss_writer_t *w, const ss_warning *wa);
void json_summary(ss_writer_t *w, const ss_engine_t *engine, const char *const *roots, size_t nroots,
                  const ss_stats *totals);

/* csv.c: the header row and one row per finding, on out. */
void csv_header(ss_writer_t *w);
void csv_finding(ss_writer_t *w, const ss_finding *f);

/* json.c and text.c helpers that logs_out.c shares. */
void json_begin(strbuf *sb, const char *event);
void json_end(strbuf *sb);
void json_kv_u64(strbuf *sb, const char *k, uint64_t v);
void json_kv_time(strbuf *sb, const char *k, int64_t t); /* null when out of range */
void json_kv_bool(strbuf *sb, const char *k, int v);
void json_kv_bytes(strbuf *sb, const char *k, const char *s); /* + k_base64 if not UTF-8 */
void json_kv_path(strbuf *sb, const char *k, const char *path);
void json_seconds(strbuf *sb, const char *k, double seconds);
void text_term(strbuf *sb, const ss_writer_t *w, const char *s);
void text_count(strbuf *sb, uint64_t n);
void text_counted(strbuf *sb, uint64_t n, const char *one, const char *many);
void text_tenths(strbuf *sb, uint64_t thousandths);
const char *text_severity_color(ss_severity sev);
void text_severity_counts(strbuf *sb, const uint64_t by_severity[4]);

/* logs_out.c: `shellsift logs` records in every format. */
void logs_out_finding(ss_writer_t *w, const ss_log_finding *f);
void logs_out_incident(ss_writer_t *w, const ss_incident *inc);
void logs_out_csv_header(ss_writer_t *w);

#endif
