/*
 * csv.c - RFC 4180 CSV on out: a header row, then one CRLF-terminated row
 * per finding, for spreadsheets and simple SIEM imports.  Text fields are
 * always quoted and guarded against formula injection by util_esc_csv; numbers
 * are bare.  Warnings and the summary are for the person running the scan
 * and go to err as text (see text.c), keeping out a pure table.
 */
#include "report/writer.h"

#include <inttypes.h>
#include <string.h>

#include "util/escape.h"

static void field(strbuf *sb, const char *s) { util_esc_csv(sb, nz(s), strlen(nz(s))); }

void csv_header(ss_writer_t *w) {
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
  util_esc_csv(sb, ids.data ? ids.data : "", ids.len);
  sb_free(&ids);
}

void csv_finding(ss_writer_t *w, const ss_finding *f) {
  strbuf *sb = &w->line;
  char mtime[RFC3339_SIZE];
  report_rfc3339(mtime, f->mtime);
  field(sb, f->path);
  sb_addf(sb, ",%" PRIu64 ",", f->size);
  field(sb, mtime);
  sb_addc(sb, ',');
  field(sb, f->sha256);
  sb_addc(sb, ',');
  field(sb, f->category);
  sb_addc(sb, ',');
  field(sb, ss_severity_name(f->severity));
  sb_addf(sb, ",%d,", f->score);
  rules_field(sb, f);
  sb_addc(sb, ',');
  field(sb, report_reason_text(f));
  sb_adds(sb, "\r\n");
  report_emit(w, w->out);
}
