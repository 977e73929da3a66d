/*
 * logs_out.c - `shellsift logs` records in the three formats: a log
 * finding (rule, severity, time, file:line, client, request, evidence), an
 * incident of the timeline, and the closing summary with the sources read.
 * Log lines are attacker-controlled from end to end, so every field taken
 * from a log goes through the format's escaping (util_esc_term, util_esc_json via
 * the JSON helpers, util_esc_csv); the evidence shown as text is cut short.
 */
#include <inttypes.h>
#include <string.h>

#include "util/escape.h"
#include "report/writer.h"

#define EVIDENCE_TEXT_MAX 300 /* bytes of escaped evidence in text output */

/* ---- text ---- */

static void add_time(strbuf *sb, int64_t t) {
  char buf[RFC3339_SIZE];
  sb_adds(sb, t != SS_TIME_UNKNOWN && report_rfc3339(buf, t) ? buf : "(time unknown)");
}

static void add_severity_label(strbuf *sb, const ss_writer_t *w, ss_severity sev) {
  const char *name = ss_severity_name(sev);
  int color = (w->flags & SS_WRITER_COLOR) != 0;
  if (color) sb_adds(sb, text_severity_color(sev));
  for (const char *c = name; *c; c++) sb_addc(sb, (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c));
  if (color) sb_adds(sb, "\x1b[0m");
  for (size_t i = strlen(name); i < 8; i++) sb_addc(sb, ' ');
}

static void text_log_finding(ss_writer_t *w, const ss_log_finding *f) {
  strbuf *sb = &w->line;
  add_severity_label(sb, w, f->severity);
  sb_addc(sb, ' ');
  add_time(sb, f->time);
  sb_adds(sb, "  ");
  text_term(sb, w, f->rule);
  sb_addf(sb, " (%s)\n  ", nz(f->outcome));
  text_term(sb, w, f->title);
  if (f->cve && *f->cve) sb_adds(sb, " ["), text_term(sb, w, f->cve), sb_addc(sb, ']');
  sb_addc(sb, '\n');
  if (f->uri && *f->uri) {
    sb_adds(sb, "  ");
    if (f->method && *f->method) text_term(sb, w, f->method), sb_addc(sb, ' ');
    text_term(sb, w, f->uri);
    if (f->status) sb_addf(sb, " -> %d", f->status);
    sb_addc(sb, '\n');
  }
  if ((f->client_ip && *f->client_ip) || (f->user_agent && *f->user_agent)) {
    sb_adds(sb, "  from ");
    text_term(sb, w, *nz(f->client_ip) ? f->client_ip : "(no address)");
    if (f->user_agent && *f->user_agent) sb_adds(sb, ", user agent "), text_term(sb, w, f->user_agent);
    sb_addc(sb, '\n');
  }
  sb_adds(sb, "  at ");
  text_term(sb, w, f->file);
  sb_addf(sb, ":%" PRIu64 " (%s)\n  | ", f->line, nz(f->format));
  size_t len = strlen(nz(f->evidence));
  if (util_esc_term_n(sb, nz(f->evidence), len, EVIDENCE_TEXT_MAX, w->term) < len) sb_adds(sb, "...");
  sb_adds(sb, "\n\n");
  report_emit(w, w->out);
}

static void text_incident(ss_writer_t *w, const ss_incident *inc) {
  strbuf *sb = &w->line;
  sb_addf(sb, "INCIDENT %u  ", inc->id);
  add_severity_label(sb, w, inc->severity);
  sb_adds(sb, " ");
  text_term(sb, w, *nz(inc->client_ip) ? inc->client_ip : "(no client address)");
  sb_adds(sb, "  ");
  add_time(sb, inc->first_seen);
  sb_adds(sb, " .. ");
  add_time(sb, inc->last_seen);
  sb_adds(sb, "  (");
  text_counted(sb, inc->nfindings, "finding", "findings");
  sb_adds(sb, ")\n  ");
  text_term(sb, w, inc->summary);
  sb_adds(sb, "\n  rules: ");
  for (size_t i = 0; i < inc->nrules; i++) {
    if (i) sb_adds(sb, ", ");
    text_term(sb, w, inc->rules[i]);
  }
  sb_addc(sb, '\n');
  for (size_t i = 0; i < inc->nshells; i++) sb_adds(sb, "  web shell on disk: "), text_term(sb, w, inc->shells[i]), sb_addc(sb, '\n');
  sb_addc(sb, '\n');
  report_emit(w, w->out);
}

/* ---- JSON ---- */

static void json_log_finding(ss_writer_t *w, const ss_log_finding *f) {
  strbuf *sb = &w->line;
  json_begin(sb, "finding");
  json_kv_str(sb, "rule", f->rule);
  json_kv_str(sb, "severity", ss_severity_name(f->severity));
  json_kv_str(sb, "outcome", f->outcome);
  json_kv_time(sb, "time", f->time);
  json_kv_path(sb, "file", f->file);
  json_kv_u64(sb, "line", f->line);
  json_kv_str(sb, "format", f->format);
  json_kv_bytes(sb, "client_ip", f->client_ip);
  json_kv_bytes(sb, "user_agent", f->user_agent);
  json_kv_bytes(sb, "method", f->method);
  json_kv_bytes(sb, "uri", f->uri);
  json_kv_u64(sb, "status", (uint64_t)(f->status > 0 ? f->status : 0));
  json_kv_str(sb, "title", f->title);
  json_kv_str(sb, "cve", f->cve);
  json_kv_str(sb, "reference", f->reference);
  json_kv_bytes(sb, "evidence", f->evidence);
  json_kv_u64(sb, "incident", f->incident);
  json_end(sb);
  report_emit(w, w->out);
}

static void json_str_array(strbuf *sb, const char *k, const char *const *v, size_t n) {
  sb_addf(sb, ",\"%s\":[", k);
  for (size_t i = 0; i < n; i++) {
    if (i) sb_addc(sb, ',');
    sb_addc(sb, '"');
    util_esc_json(sb, nz(v[i]), strlen(nz(v[i])));
    sb_addc(sb, '"');
  }
  sb_addc(sb, ']');
}

static void json_incident(ss_writer_t *w, const ss_incident *inc) {
  strbuf *sb = &w->line;
  json_begin(sb, "incident");
  json_kv_u64(sb, "id", inc->id);
  json_kv_str(sb, "severity", ss_severity_name(inc->severity));
  json_kv_bytes(sb, "client_ip", inc->client_ip);
  json_kv_time(sb, "first_seen", inc->first_seen);
  json_kv_time(sb, "last_seen", inc->last_seen);
  json_kv_u64(sb, "findings", inc->nfindings);
  json_kv_str(sb, "summary", inc->summary);
  json_str_array(sb, "rules", inc->rules, inc->nrules);
  json_str_array(sb, "shells", inc->shells, inc->nshells);
  json_end(sb);
  report_emit(w, w->out);
}

/* ---- CSV ---- */

static void field(strbuf *sb, const char *s, int last) {
  util_esc_csv(sb, nz(s), strlen(nz(s)));
  sb_adds(sb, last ? "\r\n" : ",");
}

void logs_out_csv_header(ss_writer_t *w) {
  sb_adds(&w->line, "time,severity,rule,outcome,client_ip,method,uri,status,user_agent,file,line,format,cve,title,evidence\r\n");
  report_emit(w, w->out);
}

static void csv_log_finding(ss_writer_t *w, const ss_log_finding *f) {
  strbuf *sb = &w->line;
  char t[RFC3339_SIZE] = "";
  if (f->time != SS_TIME_UNKNOWN) report_rfc3339(t, f->time);
  field(sb, t, 0);
  field(sb, ss_severity_name(f->severity), 0);
  field(sb, f->rule, 0);
  field(sb, f->outcome, 0);
  field(sb, f->client_ip, 0);
  field(sb, f->method, 0);
  field(sb, f->uri, 0);
  sb_addf(sb, "%d,", f->status);
  field(sb, f->user_agent, 0);
  field(sb, f->file, 0);
  sb_addf(sb, "%" PRIu64 ",", f->line);
  field(sb, f->format, 0);
  field(sb, f->cve, 0);
  field(sb, f->title, 0);
  field(sb, f->evidence, 1);
  report_emit(w, w->out);
}

/* ---- dispatch (from ss_writer_event) ---- */

void logs_out_finding(ss_writer_t *w, const ss_log_finding *f) {
  w->findings++;
  if ((unsigned)f->severity < 4) w->by_severity[f->severity]++;
  switch (w->format) {
  case SS_FORMAT_TEXT: text_log_finding(w, f); break;
  case SS_FORMAT_JSON: json_log_finding(w, f); break;
  case SS_FORMAT_CSV: csv_log_finding(w, f); break;
  }
}

/* Incidents are the timeline view: text and JSON; a CSV stays one table of
 * findings. */
void logs_out_incident(ss_writer_t *w, const ss_incident *inc) {
  if (w->format == SS_FORMAT_TEXT) text_incident(w, inc);
  else if (w->format == SS_FORMAT_JSON) json_incident(w, inc);
}

/* ---- summary ---- */

static void text_logs_summary(ss_writer_t *w, const char *const *paths, size_t n, const ss_logs_stats *st,
                              uint64_t findings, const uint64_t by_sev[4], uint64_t warnings, uint64_t incomplete) {
  strbuf *sb = &w->line;
  uint64_t ms = st->seconds > 0 && st->seconds < 1e12 ? (uint64_t)(st->seconds * 1000.0 + 0.5) : 0;
  sb_adds(sb, "Read ");
  for (size_t i = 0; i < n; i++) text_term(sb, w, paths[i]), sb_adds(sb, i + 1 < n ? ", " : ": ");
  text_counted(sb, st->files, "log file", "log files");
  sb_adds(sb, ", ");
  text_counted(sb, st->lines, "entry", "entries");
  sb_adds(sb, " (");
  text_tenths(sb, st->bytes / 1000);
  sb_adds(sb, " MB) in ");
  text_tenths(sb, ms);
  sb_adds(sb, " s.\n");
  for (size_t i = 0; i < st->nsources; i++) {
    const ss_log_source *s = &st->sources[i];
    sb_adds(sb, "  ");
    text_term(sb, w, s->format);
    sb_adds(sb, ": ");
    text_counted(sb, s->files, "file", "files");
    sb_adds(sb, ", ");
    text_counted(sb, s->lines, "entry", "entries");
    if (s->first != SS_TIME_UNKNOWN) sb_adds(sb, ", "), add_time(sb, s->first), sb_adds(sb, " .. "), add_time(sb, s->last);
    sb_addc(sb, '\n');
  }
  if (warnings) {
    sb_adds(sb, "Warnings: ");
    text_count(sb, warnings);
    if (incomplete) sb_adds(sb, " ("), text_count(sb, incomplete), sb_adds(sb, " kept something from being read).\n");
    else sb_adds(sb, " (coverage not affected).\n");
  }
  sb_adds(sb, "Result: ");
  if (findings) {
    text_counted(sb, findings, "finding", "findings");
    sb_adds(sb, " (");
    text_severity_counts(sb, by_sev);
    sb_adds(sb, ") in ");
    text_counted(sb, st->incidents, "incident", "incidents");
    if (incomplete) sb_adds(sb, ", and the run is INCOMPLETE");
  } else if (incomplete) {
    sb_adds(sb, "no findings, but the run is INCOMPLETE: ");
    text_counted(sb, incomplete, "item", "items");
    sb_adds(sb, " could not be read (see warnings)");
  } else if (!st->files) {
    sb_adds(sb, "no findings, but NO log files were read: check the path (not a clean result)");
  } else {
    sb_adds(sb, "no findings in ");
    text_counted(sb, st->lines, "log entry", "log entries");
  }
  ss_logs_stats t = *st;
  t.findings = findings;
  t.incomplete = incomplete;
  sb_addf(sb, ". Exit status %d.\n", ss_logs_exit_status(&t));
  report_emit(w, w->err);
}

static void json_logs_summary(ss_writer_t *w, const char *const *paths, size_t n, const ss_logs_stats *st,
                              uint64_t findings, const uint64_t by_sev[4], uint64_t warnings, uint64_t incomplete) {
  static const char *const sev_keys[4] = {"low", "medium", "high", "critical"};
  strbuf *sb = &w->line;
  json_begin(sb, "summary");
  json_kv_str(sb, "version", SS_VERSION);
  json_str_array(sb, "paths", paths, n);
  json_kv_u64(sb, "files", st->files);
  json_kv_u64(sb, "lines", st->lines);
  json_kv_u64(sb, "bytes", st->bytes);
  json_kv_u64(sb, "findings", findings);
  for (int s = SS_SEV_CRITICAL; s >= SS_SEV_LOW; s--) json_kv_u64(sb, sev_keys[s], by_sev[s]);
  json_kv_u64(sb, "incidents", st->incidents);
  json_kv_u64(sb, "warnings", warnings);
  json_kv_u64(sb, "errors", incomplete);
  json_kv_bool(sb, "complete", incomplete == 0);
  json_seconds(sb, "seconds", st->seconds);
  sb_adds(sb, ",\"sources\":[");
  for (size_t i = 0; i < st->nsources; i++) {
    const ss_log_source *s = &st->sources[i];
    sb_adds(sb, i ? ",{" : "{");
    sb_adds(sb, "\"format\":\"");
    util_esc_json(sb, nz(s->format), strlen(nz(s->format)));
    sb_addc(sb, '"');
    json_kv_u64(sb, "files", s->files);
    json_kv_u64(sb, "lines", s->lines);
    json_kv_time(sb, "first", s->first);
    json_kv_time(sb, "last", s->last);
    sb_addc(sb, '}');
  }
  sb_addc(sb, ']');
  json_end(sb);
  report_emit(w, w->out);
}

void ss_writer_logs_summary(ss_writer_t *w, const char *const *paths, size_t npaths, const ss_logs_stats *st) {
  if (!w || !st || (w->flags & SS_WRITER_QUIET)) return;
  if (!paths) npaths = 0;
  /* never claim less than the writer showed */
  uint64_t findings = st->findings > w->findings ? st->findings : w->findings;
  uint64_t by_sev[4];
  for (int i = 0; i < 4; i++) by_sev[i] = st->by_severity[i] > w->by_severity[i] ? st->by_severity[i] : w->by_severity[i];
  uint64_t warnings = st->warnings > w->warnings ? st->warnings : w->warnings;
  uint64_t incomplete = st->incomplete > w->incomplete ? st->incomplete : w->incomplete;
  if (w->format == SS_FORMAT_JSON) json_logs_summary(w, paths, npaths, st, findings, by_sev, warnings, incomplete);
  else text_logs_summary(w, paths, npaths, st, findings, by_sev, warnings, incomplete);
}
