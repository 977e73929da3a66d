/*
 * fmt_csv.c - RFC 4180 CSV on out: a header row, then one CRLF-terminated
 * row per finding (file findings for scan, log findings for logs), for
 * spreadsheets and simple SIEM imports.  Text fields are always quoted and
 * guarded against formula injection by util_esc_csv; numbers are bare.
 * Warnings and the summary are for the person running the scan and go to
 * err as text, keeping out a pure table; incidents are the timeline view
 * of text and JSON, so a CSV stays one table of findings.
 */
#include <inttypes.h>
#include <string.h>

#include "report/writer.h"
#include "util/escape.h"

static void field(strbuf *sb, const char *s, char after) {
  util_esc_csv(sb, nz(s), strlen(nz(s)));
  if (after == '\n') sb_adds(sb, "\r\n");
  else sb_addc(sb, after);
}

static void csv_header(ss_writer_t *w) {
  sb_adds(&w->line, "path,size,mtime,sha256,category,severity,score,rules,reason\r\n");
  report_emit(w, w->out);
}

/* Rule ids joined with '|', escaped as one field. */
static void rules_field(strbuf *sb, const ss_finding *f) {
  strbuf ids = STRBUF_INIT;
  for (size_t i = 0; i < f->nreasons; i++) {
    if (i) sb_addc(&ids, '|');
    sb_adds(&ids, nz(f->reasons[i].rule));
  }
  field(sb, ids.data, ',');
  sb_free(&ids);
}

static void csv_finding(ss_writer_t *w, const ss_finding *f) {
  strbuf *sb = &w->line;
  char mtime[RFC3339_SIZE];
  report_rfc3339(mtime, f->mtime);
  field(sb, f->path, ',');
  sb_addf(sb, "%" PRIu64 ",", f->size);
  field(sb, mtime, ',');
  field(sb, f->sha256, ',');
  field(sb, f->category, ',');
  field(sb, ss_severity_name(f->severity), ',');
  sb_addf(sb, "%d,", f->score);
  rules_field(sb, f);
  field(sb, report_reason_text(f), '\n');
  report_emit(w, w->out);
}

static void csv_logs_header(ss_writer_t *w) {
  sb_adds(&w->line,
          "time,severity,rule,outcome,client_ip,method,uri,status,user_agent,file,line,format,cve,title,evidence,rules,"
          "sigma_ids,command,process,parent,user,threat,threat_severity,action,target\r\n");
  report_emit(w, w->out);
}

static void csv_log_finding(ss_writer_t *w, const ss_log_finding *f) {
  strbuf *sb = &w->line;
  char t[RFC3339_SIZE] = "";
  if (f->time != SS_TIME_UNKNOWN) report_rfc3339(t, f->time);
  const char *head[] = {t, ss_severity_name(f->severity), f->rule, f->outcome, f->client_ip, f->method, f->uri};
  for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) field(sb, head[i], ',');
  sb_addf(sb, "%d,", f->status);
  field(sb, f->user_agent, ',');
  field(sb, f->file, ',');
  sb_addf(sb, "%" PRIu64 ",", f->line);
  field(sb, f->format, ',');
  field(sb, f->cve, ',');
  field(sb, f->title, ',');
  field(sb, f->evidence, ',');
  /* every reason's rule, then the Sigma ones alone, joined with '|' */
  strbuf ids = STRBUF_INIT, sigma = STRBUF_INIT;
  for (size_t i = 0; i < f->nreasons; i++) {
    const ss_log_reason *r = &f->reasons[i];
    if (ids.len) sb_addc(&ids, '|');
    sb_adds(&ids, nz(r->rule));
    if (strcmp(nz(r->source), "sigma")) continue;
    if (sigma.len) sb_addc(&sigma, '|');
    sb_adds(&sigma, nz(r->rule));
  }
  field(sb, ids.data, ',');
  field(sb, sigma.data, ',');
  sb_free(&ids);
  sb_free(&sigma);
  const char *tail[] = {f->command, f->process, f->parent, f->user, f->threat, f->threat_severity, f->action, f->target};
  for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++) field(sb, tail[i] ? tail[i] : "", i + 1 < sizeof tail / sizeof tail[0] ? ',' : '\n');
  report_emit(w, w->out);
}

const report_format report_format_csv = {
    .header = csv_header,
    .finding = csv_finding,
    .warning = report_text_warning,
    .summary = report_text_summary,
    .logs_summary = report_text_logs_summary,
};

const report_format report_format_csv_logs = {
    .header = csv_logs_header,
    .log_finding = csv_log_finding,
    .warning = report_text_warning,
    .summary = report_text_summary,
    .logs_summary = report_text_logs_summary,
};
