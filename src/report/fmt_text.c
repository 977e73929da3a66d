/*
 * fmt_text.c - output for a person at a terminal.  Each finding is a short
 * block on out; warnings are one line each on err; the summary on err ends
 * with exactly one "Result:" line that states the verdict and never says
 * "no findings" without also saying when part of the tree went unscanned
 * (peers' silent "clean" results are the failure this guards against).
 * Log lines are attacker-controlled from end to end, like file names:
 * everything from the evidence or rule files goes through util_esc_term,
 * and log evidence is cut short.
 */
#include <inttypes.h>
#include <string.h>

#include "report/reasons.h"
#include "report/writer.h"
#include "util/escape.h"

#define EXCERPTS_SHOWN 3
#define EXCERPT_TEXT_MAX 80   /* bytes of escaped excerpt per line */
#define EVIDENCE_TEXT_MAX 300 /* bytes of escaped log evidence */

#define BOLD "\x1b[1m"
#define RESET "\x1b[0m"

/* ---- findings ---- */

static void add_label_line(strbuf *sb, const ss_writer_t *w, const ss_finding *f) {
  int color = (w->flags & SS_WRITER_COLOR) != 0;
  report_text_severity_label(sb, f->severity, color);
  sb_adds(sb, color ? " " BOLD : " ");
  report_text_term(sb, w->term, f->path);
  sb_adds(sb, color ? RESET "\n" : "\n");
}

static void add_reason_lines(strbuf *sb, const ss_writer_t *w, const ss_finding *f) {
  sb_adds(sb, "  ");
  report_text_term(sb, w->term, f->category);
  sb_addf(sb, ", score %d", f->score);
  if (!f->content_scanned) sb_adds(sb, " (content not scanned: hash and name checks only)");
  sb_addc(sb, '\n');
  for (size_t i = 0; i < f->nreasons; i++) {
    const ss_reason *r = &f->reasons[i];
    sb_adds(sb, "  ");
    report_text_term(sb, w->term, r->rule);
    sb_addf(sb, " (%d)", r->score);
    if (r->description && *r->description) sb_adds(sb, ": "), report_text_term(sb, w->term, r->description);
    sb_addc(sb, '\n');
  }
}

static void add_file_line(strbuf *sb, const ss_writer_t *w, const ss_finding *f) {
  char mtime[RFC3339_SIZE];
  sb_adds(sb, "  size ");
  report_text_counted(sb, f->size, "byte", "bytes");
  sb_adds(sb, ", modified ");
  sb_adds(sb, report_rfc3339(mtime, f->mtime) ? mtime : "(out of range)");
  if (f->sha256[0]) sb_adds(sb, ", sha256 "), report_text_term(sb, w->term, f->sha256);
  sb_addc(sb, '\n');
}

static void add_excerpt_lines(strbuf *sb, const ss_writer_t *w, const ss_finding *f) {
  size_t shown = f->nexcerpts < EXCERPTS_SHOWN ? f->nexcerpts : EXCERPTS_SHOWN;
  for (size_t i = 0; i < shown; i++) {
    const ss_excerpt *x = &f->excerpts[i];
    size_t len = x->data ? x->length : 0;
    sb_addf(sb, "  @%" PRIu64 " ", x->offset);
    report_text_term(sb, w->term, x->identifier);
    sb_adds(sb, ": ");
    if (util_esc_term_n(sb, x->data ? (const void *)x->data : "", len, EXCERPT_TEXT_MAX, w->term) < len)
      sb_adds(sb, "...");
    sb_addc(sb, '\n');
  }
  if (f->nexcerpts > shown) sb_addf(sb, "  (%zu more matches)\n", f->nexcerpts - shown);
}

static void text_finding(ss_writer_t *w, const ss_finding *f) {
  strbuf *sb = &w->line;
  add_label_line(sb, w, f);
  add_reason_lines(sb, w, f);
  add_file_line(sb, w, f);
  add_excerpt_lines(sb, w, f);
  sb_addc(sb, '\n');
  report_emit(w, w->out);
}

/* ---- warnings ---- */

void report_text_warning(ss_writer_t *w, const ss_warning *wa) {
  strbuf *sb = &w->line;
  sb_adds(sb, "warning: ");
  report_text_term(sb, w->term, wa->kind_name ? wa->kind_name : "unknown");
  if (wa->path) sb_adds(sb, ": "), report_text_term(sb, w->term, wa->path);
  if (wa->message && *wa->message) sb_adds(sb, ": "), report_text_term(sb, w->term, wa->message);
  sb_addc(sb, '\n');
  report_emit(w, w->err);
}

/* ---- summary ---- */

/* " (12.3 MB) in 4.5 s": how much was read and how long it took. */
static void size_and_time(strbuf *sb, uint64_t bytes, uint64_t ms) {
  sb_adds(sb, " (");
  report_text_tenths(sb, bytes / 1000);
  sb_adds(sb, " MB) in ");
  report_text_tenths(sb, ms);
  sb_adds(sb, " s");
}

static void add_scanned_line(strbuf *sb, const ss_writer_t *w, const char *const *roots, size_t nroots,
                             const ss_stats *t) {
  uint64_t ms = t->seconds > 0 && t->seconds < 1e12 ? (uint64_t)(t->seconds * 1000.0 + 0.5) : 0;
  sb_adds(sb, "Scanned ");
  for (size_t i = 0; i < nroots; i++) {
    report_text_term(sb, w->term, roots[i]);
    sb_adds(sb, i + 1 < nroots ? ", " : ": ");
  }
  report_text_counted(sb, t->files, "file", "files");
  sb_adds(sb, " in ");
  report_text_counted(sb, t->dirs, "directory", "directories");
  size_and_time(sb, t->bytes, ms);
  if (ms >= 10) sb_adds(sb, ", "), report_text_count(sb, t->files * 1000 / ms), sb_adds(sb, " files/s");
  sb_adds(sb, "; content rules ran on ");
  report_text_count(sb, t->content_scanned);
  sb_adds(sb, ".\n");
}

static void add_rules_line(strbuf *sb, const ss_engine_t *engine) {
  size_t rules = 0, hash_iocs = 0, name_iocs = 0;
  if (!engine) return;
  ss_engine_counts(engine, &rules, &hash_iocs, &name_iocs);
  sb_adds(sb, "Rules: ");
  report_text_counted(sb, rules, "YARA rule", "YARA rules");
  sb_adds(sb, ", ");
  report_text_counted(sb, hash_iocs, "hash IOC", "hash IOCs");
  sb_adds(sb, ", ");
  report_text_counted(sb, name_iocs, "file-name IOC", "file-name IOCs");
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
    report_text_counted(sb, parts[i].n, parts[i].one, parts[i].many);
    sep = ", ";
  }
  if (sep[0] == ',') sb_adds(sb, ".\n");
}

/* The one line a person acts on: findings first, then whether "nothing
 * found" can be trusted. */
static void add_verdict_line(strbuf *sb, const ss_stats *t) {
  sb_adds(sb, "Result: ");
  if (t->findings) {
    report_text_counted(sb, t->findings, "finding", "findings");
    sb_adds(sb, " (");
    report_text_severity_counts(sb, t->by_severity);
    sb_adds(sb, ")");
    if (t->incomplete) sb_adds(sb, ", and the scan is INCOMPLETE: ");
  } else if (t->incomplete) {
    sb_adds(sb, "no findings, but the scan is INCOMPLETE: ");
  } else if (t->files == 0) {
    sb_adds(sb, "no findings, but NO files were scanned: check the path");
  } else {
    sb_adds(sb, "no findings in ");
    report_text_counted(sb, t->files, "file", "files");
  }
  if (t->incomplete) {
    report_text_counted(sb, t->incomplete, "item", "items");
    sb_adds(sb, " could not be scanned (see warnings)");
  }
  sb_addf(sb, ". Exit status %d.\n", ss_exit_status(t));
}

void report_text_summary(ss_writer_t *w, const ss_engine_t *engine, const char *const *roots, size_t nroots,
                  const ss_stats *t) {
  strbuf *sb = &w->line;
  add_scanned_line(sb, w, roots, nroots, t);
  add_rules_line(sb, engine);
  add_skipped_line(sb, t);
  if (t->warnings) {
    sb_adds(sb, "Warnings: ");
    report_text_count(sb, t->warnings);
    if (t->incomplete) {
      sb_adds(sb, " (");
      report_text_count(sb, t->incomplete);
      sb_adds(sb, " kept something from being scanned).\n");
    } else {
      sb_adds(sb, " (scan coverage not affected).\n");
    }
  }
  add_verdict_line(sb, t);
  report_emit(w, w->err);
}

/* ---- log findings and incidents ---- */

static void add_time(strbuf *sb, int64_t t) {
  char buf[RFC3339_SIZE];
  sb_adds(sb, t != SS_TIME_UNKNOWN && report_rfc3339(buf, t) ? buf : "(time unknown)");
}

static void text_log_finding(ss_writer_t *w, const ss_log_finding *f) {
  strbuf *sb = &w->line;
  report_text_severity_label(sb, f->severity, (w->flags & SS_WRITER_COLOR) != 0);
  sb_addc(sb, ' ');
  add_time(sb, f->time);
  sb_adds(sb, "  ");
  report_text_term(sb, w->term, f->rule);
  sb_addf(sb, " (%s)\n  ", nz(f->outcome));
  report_text_term(sb, w->term, f->title);
  if (f->cve && *f->cve) sb_adds(sb, " ["), report_text_term(sb, w->term, f->cve), sb_addc(sb, ']');
  sb_addc(sb, '\n');
  /* every rule that matched, and a Sigma rule's author and references */
  for (size_t i = 0; i < f->nreasons; i++) {
    if (f->nreasons == 1 && strcmp(nz(f->reasons[i].source), "sigma")) break;
    strbuf r = STRBUF_INIT;
    report_log_reason_text(&r, &f->reasons[i]);
    sb_adds(sb, "  + ");
    report_text_term(sb, w->term, r.data ? r.data : "");
    sb_addc(sb, '\n');
    sb_free(&r);
  }
  if (f->uri && *f->uri) {
    sb_adds(sb, "  ");
    if (f->method && *f->method) report_text_term(sb, w->term, f->method), sb_addc(sb, ' ');
    report_text_term(sb, w->term, f->uri);
    if (f->status) sb_addf(sb, " -> %d", f->status);
    sb_addc(sb, '\n');
  }
  if ((f->client_ip && *f->client_ip) || (f->user_agent && *f->user_agent)) {
    sb_adds(sb, "  from ");
    report_text_term(sb, w->term, *nz(f->client_ip) ? f->client_ip : "(no address)");
    if (f->user_agent && *f->user_agent) sb_adds(sb, ", user agent "), report_text_term(sb, w->term, f->user_agent);
    sb_addc(sb, '\n');
  }
  if (*nz(f->command)) {
    size_t len = strlen(f->command);
    sb_adds(sb, "  ran: ");
    if (util_esc_term_n(sb, f->command, len, EVIDENCE_TEXT_MAX, w->term) < len) sb_adds(sb, "...");
    sb_addc(sb, '\n');
  }
  if (*nz(f->process) || *nz(f->user)) {
    sb_adds(sb, "  by ");
    report_text_term(sb, w->term, *nz(f->process) ? f->process : "(process unknown)");
    if (*nz(f->parent)) sb_adds(sb, ", started by "), report_text_term(sb, w->term, f->parent);
    if (*nz(f->user)) sb_adds(sb, ", as "), report_text_term(sb, w->term, f->user);
    sb_addc(sb, '\n');
  }
  if (*nz(f->threat)) {
    sb_adds(sb, "  threat ");
    report_text_term(sb, w->term, f->threat);
    if (*nz(f->threat_severity)) sb_adds(sb, " ("), report_text_term(sb, w->term, f->threat_severity), sb_addc(sb, ')');
    if (*nz(f->action)) sb_adds(sb, ": "), report_text_term(sb, w->term, f->action);
    if (*nz(f->target)) sb_adds(sb, "\n  file "), report_text_term(sb, w->term, f->target);
    sb_addc(sb, '\n');
  }
  sb_adds(sb, "  at ");
  report_text_term(sb, w->term, f->file);
  sb_addf(sb, ":%" PRIu64 " (%s%s)\n  | ", f->line, nz(f->format),
          f->recovered ? ", recovered from the log's free space: a deleted or overwritten event" : "");
  size_t len = strlen(nz(f->evidence));
  if (util_esc_term_n(sb, nz(f->evidence), len, EVIDENCE_TEXT_MAX, w->term) < len) sb_adds(sb, "...");
  sb_adds(sb, "\n\n");
  report_emit(w, w->out);
}

static void text_incident(ss_writer_t *w, const ss_incident *inc) {
  strbuf *sb = &w->line;
  sb_addf(sb, "INCIDENT %u  ", inc->id);
  report_text_severity_label(sb, inc->severity, (w->flags & SS_WRITER_COLOR) != 0);
  sb_adds(sb, " ");
  report_text_term(sb, w->term, *nz(inc->client_ip) ? inc->client_ip : "(no client address)");
  sb_adds(sb, "  ");
  add_time(sb, inc->first_seen);
  sb_adds(sb, " .. ");
  add_time(sb, inc->last_seen);
  sb_adds(sb, "  (");
  report_text_counted(sb, inc->nfindings, "finding", "findings");
  sb_adds(sb, ")\n  ");
  report_text_term(sb, w->term, inc->summary);
  sb_adds(sb, "\n  rules: ");
  for (size_t i = 0; i < inc->nrules; i++) {
    if (i) sb_adds(sb, ", ");
    report_text_term(sb, w->term, inc->rules[i]);
  }
  sb_addc(sb, '\n');
  for (size_t i = 0; i < inc->nshells; i++) sb_adds(sb, "  web shell on disk: "), report_text_term(sb, w->term, inc->shells[i]), sb_addc(sb, '\n');
  for (size_t i = 0; i < inc->ncommands; i++) {
    size_t len = strlen(inc->commands[i]);
    sb_adds(sb, "  ran: ");
    if (util_esc_term_n(sb, inc->commands[i], len, EVIDENCE_TEXT_MAX, w->term) < len) sb_adds(sb, "...");
    sb_addc(sb, '\n');
  }
  sb_addc(sb, '\n');
  report_emit(w, w->out);
}

void report_text_logs_summary(ss_writer_t *w, const char *const *paths, size_t n, const ss_logs_stats *st) {
  uint64_t findings = st->findings, warnings = st->warnings, incomplete = st->incomplete;
  strbuf *sb = &w->line;
  uint64_t ms = st->seconds > 0 && st->seconds < 1e12 ? (uint64_t)(st->seconds * 1000.0 + 0.5) : 0;
  sb_adds(sb, "Read ");
  for (size_t i = 0; i < n; i++) report_text_term(sb, w->term, paths[i]), sb_adds(sb, i + 1 < n ? ", " : ": ");
  report_text_counted(sb, st->files, "log file", "log files");
  sb_adds(sb, ", ");
  report_text_counted(sb, st->lines, "entry", "entries");
  size_and_time(sb, st->bytes, ms);
  sb_adds(sb, ".\n");
  for (size_t i = 0; i < st->nsources; i++) {
    const ss_log_source *s = &st->sources[i];
    sb_adds(sb, "  ");
    report_text_term(sb, w->term, s->format);
    sb_adds(sb, ": ");
    report_text_counted(sb, s->files, "file", "files");
    sb_adds(sb, ", ");
    report_text_counted(sb, s->lines, "entry", "entries");
    if (s->first != SS_TIME_UNKNOWN) sb_adds(sb, ", "), add_time(sb, s->first), sb_adds(sb, " .. "), add_time(sb, s->last);
    sb_addc(sb, '\n');
  }
  for (size_t i = 0; i < st->npartial; i++) {
    const ss_log_partial *p = &st->partial[i];
    sb_adds(sb, "  partly read: ");
    report_text_term(sb, w->term, p->path);
    sb_adds(sb, " (");
    if (p->unsplit) report_text_count(sb, p->unsplit), sb_adds(sb, " of "), report_text_count(sb, p->lines), sb_adds(sb, " lines checked raw only");
    if (p->unsplit && p->unread) sb_adds(sb, ", ");
    if (p->unread) report_text_counted(sb, p->unread, "line", "lines"), sb_adds(sb, " not read");
    if ((p->unsplit || p->unread) && p->lost) sb_adds(sb, ", ");
    if (p->lost) report_text_counted(sb, p->lost, "record", "records"), sb_adds(sb, " lost, "), report_text_count(sb, p->lines), sb_adds(sb, " read");
    sb_adds(sb, ")\n");
  }
  if (st->sigma_rules || st->sigma_failed) {
    sb_adds(sb, "Sigma: ");
    report_text_counted(sb, st->sigma_rules, "rule", "rules");
    sb_adds(sb, " loaded");
    if (st->sigma_failed) sb_adds(sb, ", "), report_text_count(sb, st->sigma_failed), sb_adds(sb, " not loaded (see warnings)");
    sb_adds(sb, "; ");
    report_text_counted(sb, st->sigma_matches, "match", "matches");
    sb_adds(sb, ".\n");
  }
  if (warnings) {
    sb_adds(sb, "Warnings: ");
    report_text_count(sb, warnings);
    if (incomplete) sb_adds(sb, " ("), report_text_count(sb, incomplete), sb_adds(sb, " kept something from being read).\n");
    else sb_adds(sb, " (coverage not affected).\n");
  }
  sb_adds(sb, "Result: ");
  if (findings) {
    report_text_counted(sb, findings, "finding", "findings");
    sb_adds(sb, " (");
    report_text_severity_counts(sb, st->by_severity);
    sb_adds(sb, ") in ");
    report_text_counted(sb, st->incidents, "incident", "incidents");
    if (incomplete) sb_adds(sb, ", and the run is INCOMPLETE");
  } else if (incomplete) {
    sb_adds(sb, "no findings, but the run is INCOMPLETE: ");
    report_text_counted(sb, incomplete, "item", "items");
    sb_adds(sb, " could not be read (see warnings)");
  } else if (!st->files) {
    sb_adds(sb, "no findings, but NO log files were read: check the path (not a clean result)");
  } else {
    sb_adds(sb, "no findings in ");
    report_text_counted(sb, st->lines, "log entry", "log entries");
  }
  sb_addf(sb, ". Exit status %d.\n", ss_logs_exit_status(st));
  report_emit(w, w->err);
}

const report_format report_format_text = {
    .finding = text_finding,
    .warning = report_text_warning,
    .log_finding = text_log_finding,
    .incident = text_incident,
    .summary = report_text_summary,
    .logs_summary = report_text_logs_summary,
};
