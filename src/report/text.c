/*
 * text.c - output for a person at a terminal.  Each finding is a short
 * block on out; warnings are one line each on err; the summary on err ends
 * with exactly one "Result:" line that states the verdict and never says
 * "no findings" without also saying when part of the tree went unscanned
 * (peers' silent "clean" results are the failure this guards against).
 * Everything from the scanned tree or rule files goes through util_esc_term.
 */
#include "report/writer.h"

#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "util/escape.h"

#define EXCERPTS_SHOWN 3
#define EXCERPT_TEXT_MAX 80 /* bytes of escaped excerpt per line */
#define LABEL_WIDTH 8       /* strlen("CRITICAL") */

#define BOLD "\x1b[1m"
#define RESET "\x1b[0m"

static const char *severity_color(ss_severity sev) {
  switch (sev) {
  case SS_SEV_CRITICAL: return "\x1b[1;31m";
  case SS_SEV_HIGH: return "\x1b[31m";
  case SS_SEV_MEDIUM: return "\x1b[33m";
  case SS_SEV_LOW: return "\x1b[36m";
  }
  return "";
}

static void add_term(strbuf *sb, const ss_writer_t *w, const char *s) {
  util_esc_term_n(sb, nz(s), strlen(nz(s)), SIZE_MAX, w->term);
}

/* n with thousands separators, "1,234,567": fixed, not locale-dependent. */
static void add_count(strbuf *sb, uint64_t n) {
  char digits[24];
  int len = snprintf(digits, sizeof digits, "%" PRIu64, n);
  for (int i = 0; i < len; i++) {
    if (i > 0 && (len - i) % 3 == 0) sb_addc(sb, ',');
    sb_addc(sb, digits[i]);
  }
}

static void add_counted(strbuf *sb, uint64_t n, const char *one, const char *many) {
  add_count(sb, n);
  sb_addf(sb, " %s", n == 1 ? one : many);
}

/* "x.y" from an amount in thousandths, without locale-dependent %f. */
static void add_tenths(strbuf *sb, uint64_t thousandths) {
  uint64_t tenths = (thousandths + 50) / 100;
  sb_addf(sb, "%" PRIu64 ".%u", tenths / 10, (unsigned)(tenths % 10));
}

/* ---- findings ---- */

static void add_label_line(strbuf *sb, const ss_writer_t *w, const ss_finding *f) {
  const char *name = ss_severity_name(f->severity);
  size_t n = strlen(name);
  int color = (w->flags & SS_WRITER_COLOR) != 0;
  if (color) sb_adds(sb, severity_color(f->severity));
  for (size_t i = 0; i < n; i++) sb_addc(sb, (char)toupper((unsigned char)name[i]));
  if (color) sb_adds(sb, RESET);
  for (size_t i = n; i < LABEL_WIDTH; i++) sb_addc(sb, ' ');
  sb_adds(sb, color ? " " BOLD : " ");
  add_term(sb, w, f->path);
  sb_adds(sb, color ? RESET "\n" : "\n");
}

static void add_reason_lines(strbuf *sb, const ss_writer_t *w, const ss_finding *f) {
  sb_adds(sb, "  ");
  add_term(sb, w, f->category);
  sb_addf(sb, ", score %d", f->score);
  if (!f->content_scanned) sb_adds(sb, " (content not scanned: hash and name checks only)");
  sb_addc(sb, '\n');
  for (size_t i = 0; i < f->nreasons; i++) {
    const ss_reason *r = &f->reasons[i];
    sb_adds(sb, "  ");
    add_term(sb, w, r->rule);
    sb_addf(sb, " (%d)", r->score);
    if (r->description && *r->description) sb_adds(sb, ": "), add_term(sb, w, r->description);
    sb_addc(sb, '\n');
  }
}

static void add_file_line(strbuf *sb, const ss_writer_t *w, const ss_finding *f) {
  char mtime[RFC3339_SIZE];
  sb_adds(sb, "  size ");
  add_counted(sb, f->size, "byte", "bytes");
  sb_adds(sb, ", modified ");
  sb_adds(sb, report_rfc3339(mtime, f->mtime) ? mtime : "(out of range)");
  if (f->sha256[0]) sb_adds(sb, ", sha256 "), add_term(sb, w, f->sha256);
  sb_addc(sb, '\n');
}

static void add_excerpt_lines(strbuf *sb, const ss_writer_t *w, const ss_finding *f) {
  size_t shown = f->nexcerpts < EXCERPTS_SHOWN ? f->nexcerpts : EXCERPTS_SHOWN;
  for (size_t i = 0; i < shown; i++) {
    const ss_excerpt *x = &f->excerpts[i];
    size_t len = x->data ? x->length : 0;
    sb_addf(sb, "  @%" PRIu64 " ", x->offset);
    add_term(sb, w, x->identifier);
    sb_adds(sb, ": ");
    if (util_esc_term_n(sb, x->data ? (const void *)x->data : "", len, EXCERPT_TEXT_MAX, w->term) < len)
      sb_adds(sb, "...");
    sb_addc(sb, '\n');
  }
  if (f->nexcerpts > shown) sb_addf(sb, "  (%zu more matches)\n", f->nexcerpts - shown);
}

void text_finding(ss_writer_t *w, const ss_finding *f) {
  strbuf *sb = &w->line;
  add_label_line(sb, w, f);
  add_reason_lines(sb, w, f);
  add_file_line(sb, w, f);
  add_excerpt_lines(sb, w, f);
  sb_addc(sb, '\n');
  report_emit(w, w->out);
}

/* ---- warnings ---- */

void text_warning(ss_writer_t *w, const ss_warning *wa) {
  strbuf *sb = &w->line;
  sb_adds(sb, "warning: ");
  add_term(sb, w, wa->kind_name ? wa->kind_name : "unknown");
  if (wa->path) sb_adds(sb, ": "), add_term(sb, w, wa->path);
  if (wa->message && *wa->message) sb_adds(sb, ": "), add_term(sb, w, wa->message);
  sb_addc(sb, '\n');
  report_emit(w, w->err);
}

/* ---- summary ---- */

static void add_scanned_line(strbuf *sb, const ss_writer_t *w, const char *const *roots, size_t nroots,
                             const ss_stats *t) {
  uint64_t ms = t->seconds > 0 && t->seconds < 1e12 ? (uint64_t)(t->seconds * 1000.0 + 0.5) : 0;
  sb_adds(sb, "Scanned ");
  for (size_t i = 0; i < nroots; i++) {
    add_term(sb, w, roots[i]);
    sb_adds(sb, i + 1 < nroots ? ", " : ": ");
  }
  add_counted(sb, t->files, "file", "files");
  sb_adds(sb, " in ");
  add_counted(sb, t->dirs, "directory", "directories");
  sb_adds(sb, " (");
  add_tenths(sb, t->bytes / 1000);
  sb_adds(sb, " MB) in ");
  add_tenths(sb, ms);
  sb_adds(sb, " s");
  if (ms >= 10) sb_adds(sb, ", "), add_count(sb, t->files * 1000 / ms), sb_adds(sb, " files/s");
  sb_adds(sb, "; content rules ran on ");
  add_count(sb, t->content_scanned);
  sb_adds(sb, ".\n");
}

static void add_rules_line(strbuf *sb, const ss_engine_t *engine) {
  size_t rules = 0, hash_iocs = 0, name_iocs = 0;
  if (!engine) return;
  ss_engine_counts(engine, &rules, &hash_iocs, &name_iocs);
  sb_adds(sb, "Rules: ");
  add_counted(sb, rules, "YARA rule", "YARA rules");
  sb_adds(sb, ", ");
  add_counted(sb, hash_iocs, "hash IOC", "hash IOCs");
  sb_adds(sb, ", ");
  add_counted(sb, name_iocs, "file-name IOC", "file-name IOCs");
  sb_adds(sb, ".\n");
}

/* Items deliberately not (fully) scanned; a line only when there are any. */
static void add_skipped_line(strbuf *sb, const ss_stats *t) {
  struct { uint64_t n; const char *one, *many; } parts[] = {
      {t->excluded, "excluded", "excluded"},
      {t->special, "special file", "special files"},
      {t->symlinks, "symlink not followed", "symlinks not followed"},
      {t->too_large, "file too large for content rules", "files too large for content rules"},
  };
  const char *sep = "Skipped: ";
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
    if (!parts[i].n) continue;
    sb_adds(sb, sep);
    add_counted(sb, parts[i].n, parts[i].one, parts[i].many);
    sep = ", ";
  }
  if (sep[0] == ',') sb_adds(sb, ".\n");
}

/* "1 critical, 1 high": the non-zero severities, most severe first. */
static void add_severity_counts(strbuf *sb, const ss_stats *t) {
  const char *sep = "";
  for (int s = SS_SEV_CRITICAL; s >= SS_SEV_LOW; s--) {
    if (!t->by_severity[s]) continue;
    sb_adds(sb, sep);
    add_count(sb, t->by_severity[s]);
    sb_addf(sb, " %s", ss_severity_name((ss_severity)s));
    sep = ", ";
  }
}

/* The one line a person acts on: findings first, then whether "nothing
 * found" can be trusted. */
static void add_verdict_line(strbuf *sb, const ss_stats *t) {
  sb_adds(sb, "Result: ");
  if (t->findings) {
    add_counted(sb, t->findings, "finding", "findings");
    sb_adds(sb, " (");
    add_severity_counts(sb, t);
    sb_adds(sb, ")");
    if (t->incomplete) sb_adds(sb, ", and the scan is INCOMPLETE: ");
  } else if (t->incomplete) {
    sb_adds(sb, "no findings, but the scan is INCOMPLETE: ");
  } else if (t->files == 0) {
    sb_adds(sb, "no findings, but NO files were scanned: check the path");
  } else {
    sb_adds(sb, "no findings in ");
    add_counted(sb, t->files, "file", "files");
  }
  if (t->incomplete) {
    add_counted(sb, t->incomplete, "item", "items");
    sb_adds(sb, " could not be scanned (see warnings)");
  }
  sb_addf(sb, ". Exit status %d.\n", ss_exit_status(t));
}

void text_summary(ss_writer_t *w, const ss_engine_t *engine, const char *const *roots, size_t nroots,
                  const ss_stats *t) {
  strbuf *sb = &w->line;
  add_scanned_line(sb, w, roots, nroots, t);
  add_rules_line(sb, engine);
  add_skipped_line(sb, t);
  if (t->warnings) {
    sb_adds(sb, "Warnings: ");
    add_count(sb, t->warnings);
    if (t->incomplete) {
      sb_adds(sb, " (");
      add_count(sb, t->incomplete);
      sb_adds(sb, " kept something from being scanned).\n");
    } else {
      sb_adds(sb, " (scan coverage not affected).\n");
    }
  }
  add_verdict_line(sb, t);
  report_emit(w, w->err);
}

/* ---- helpers shared with logs_out.c (log findings, incidents) ---- */

void text_term(strbuf *sb, const ss_writer_t *w, const char *s) { add_term(sb, w, s); }
void text_count(strbuf *sb, uint64_t n) { add_count(sb, n); }
void text_counted(strbuf *sb, uint64_t n, const char *one, const char *many) { add_counted(sb, n, one, many); }
void text_tenths(strbuf *sb, uint64_t thousandths) { add_tenths(sb, thousandths); }
const char *text_severity_color(ss_severity sev) { return severity_color(sev); }
void text_severity_counts(strbuf *sb, const uint64_t by_severity[4]) {
  ss_stats t = {0};
  memcpy(t.by_severity, by_severity, sizeof t.by_severity);
  add_severity_counts(sb, &t);
}
