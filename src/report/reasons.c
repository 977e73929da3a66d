/*
 * reasons.c - a log finding's reasons in JSON and in words (reasons.h).
 */
#include "report/reasons.h"

#include <string.h>

static const char *nzs(const char *s) { return s ? s : ""; }

void report_log_reasons_json(jsonw *j, const ss_log_finding *f) {
  report_json_arr(j, "sigma_ids");
  for (size_t i = 0; i < f->nreasons; i++)
    if (!strcmp(nzs(f->reasons[i].source), "sigma")) report_json_str(j, NULL, f->reasons[i].rule);
  report_json_close(j);
  report_json_arr(j, "rule_ids");
  for (size_t i = 0; i < f->nreasons; i++) report_json_str(j, NULL, f->reasons[i].rule);
  report_json_close(j);
  report_json_arr(j, "reasons");
  for (size_t i = 0; i < f->nreasons; i++) {
    const ss_log_reason *r = &f->reasons[i];
    report_json_obj(j, NULL);
    report_json_str(j, "source", r->source);
    report_json_str(j, "rule", r->rule);
    report_json_str(j, "title", r->title);
    report_json_str(j, "severity", ss_severity_name(r->severity));
    report_json_str(j, "level", r->level);
    report_json_str(j, "cve", r->cve);
    report_json_str(j, "reference", r->reference);
    report_json_str(j, "author", r->author);
    report_json_strs(j, "tags", r->tags, r->tags ? r->ntags : 0);
    report_json_strs(j, "references", r->references, r->references ? r->nreferences : 0);
    report_json_str(j, "rule_file", r->rule_file);
    report_json_str(j, "status", r->status);
    report_json_close(j);
  }
  report_json_close(j);
}

void report_log_reason_text(strbuf *sb, const ss_log_reason *r) {
  sb_addf(sb, "%s %s %s: %s", nzs(r->source), nzs(r->rule), ss_severity_name(r->severity), nzs(r->title));
  if (r->cve && *r->cve) sb_addf(sb, " [%s]", r->cve);
  if (strcmp(nzs(r->source), "sigma")) return;
  sb_adds(sb, " (Sigma");
  if (r->level && *r->level) sb_addf(sb, " level %s", r->level);
  if (r->author && *r->author) sb_addf(sb, ", by %s", r->author);
  for (size_t i = 0; r->references && i < r->nreferences; i++) sb_addf(sb, "%s%s", i ? ", " : "; ", r->references[i]);
  sb_addc(sb, ')');
}
