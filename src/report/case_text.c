/*
 * case_text.c - the sweep in words on a terminal: verdict, why, what to do
 * next, findings (worst first) and what could not be examined.  Read from
 * the case file like the HTML page; every string from the evidence passes
 * through util_esc_term, so a file name cannot drive the terminal.
 */
#include "report/case.h"

#include <inttypes.h>
#include <string.h>

#include "report/writer.h"
#include "util/escape.h"

#define TEXT_MAX_FINDINGS 200 /* the rest are in the case file and the HTML report */

typedef struct {
  FILE *out;
  strbuf sb;
  unsigned n;
} text_ctx;

static void put(text_ctx *t, const char *s) {
  sb_reset(&t->sb);
  util_esc_term(&t->sb, s ? s : "", s ? strlen(s) : 0);
  fputs(t->sb.data ? t->sb.data : "", t->out);
}

static void lines(text_ctx *t, const char *prefix, const char *text) {
  for (const char *p = text; p && *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n) {
      char *line = xstrndup(p, n);
      fputs(prefix, t->out);
      put(t, line);
      fputc('\n', t->out);
      free(line);
    }
    p += n + (nl != NULL);
  }
}

static void finding(const store_finding *f, void *user) {
  text_ctx *t = user;
  if (t->n++ == 0) fputs("\nFindings:\n", t->out);
  if (t->n > TEXT_MAX_FINDINGS) return;
  fprintf(t->out, "  %-8s %-8s ", f->severity, f->kind);
  put(t, f->path);
  fputs("\n           ", t->out);
  put(t, f->reason);
  fputc('\n', t->out);
}

static void incident(const store_incident *in, void *user) {
  text_ctx *t = user;
  char a[RFC3339_SIZE], b[RFC3339_SIZE];
  if (t->n++ == 0) fputs("\nIncidents:\n", t->out);
  report_time_text(a, in->first_seen);
  report_time_text(b, in->last_seen);
  fprintf(t->out, "  #%u %s .. %s ", in->id, a, b);
  if (*in->client_ip) {
    fputs("from ", t->out);
    put(t, in->client_ip);
  } else {
    fputs("(no client address in the logs)", t->out);
  }
  fputs(": ", t->out);
  put(t, in->summary);
  fputc('\n', t->out);
  lines(t, "      ran: ", in->commands);
}

static void gap(const store_coverage *c, void *user) {
  text_ctx *t = user;
  if (!strcmp(c->status, "found")) return;
  if (t->n++ == 0) fputs("\nNot examined:\n", t->out);
  fputs("  - ", t->out);
  put(t, c->item);
  fputs(": ", t->out);
  put(t, c->note);
  fputc('\n', t->out);
}

ss_err report_case_text(store *s, int64_t sweep, FILE *out) {
  store_sweep sw;
  text_ctx t = {out, STRBUF_INIT, 0};
  strbuf steps = STRBUF_INIT;
  ss_err err = report_next_steps(s, sweep, &steps);
  if (err == SS_OK) err = store_get_sweep(s, sweep, &sw);
  if (err == SS_OK) {
    const char *v = sw.verdict;
    fputs("\nVERDICT: ", out);
    fputs(!strcmp(v, "compromised") ? "COMPROMISED" : !strcmp(v, "suspicious") ? "SUSPICIOUS" : "NO EVIDENCE FOUND",
          out);
    if (!sw.complete) fputs(" (incomplete: see coverage below)", out);
    fputs("\n  root: ", out);
    put(&t, sw.root);
    fprintf(out, "\n  %" PRIu64 " files examined, %" PRIu64 " unchanged since the previous sweep\n", sw.files,
            sw.skipped);
    lines(&t, "  - ", sw.verdict_reasons);
    fputs("\nWhat to do next:\n", out);
    lines(&t, "  * ", steps.data);
    err = store_each_finding(s, sweep, finding, &t);
  }
  if (t.n > TEXT_MAX_FINDINGS)
    fprintf(out, "  ... and %u more (see the case file or HTML report)\n", t.n - TEXT_MAX_FINDINGS);
  t.n = 0;
  if (err == SS_OK) err = store_each_incident(s, sweep, incident, &t);
  t.n = 0;
  if (err == SS_OK) err = store_each_coverage(s, sweep, gap, &t);
  fflush(out);
  sb_free(&steps);
  sb_free(&t.sb);
  return err;
}
