/*
 * case.c - `shellsift report` and `shellsift diff` from a case file:
 * ss_sweep_report re-renders a stored sweep (its ECS records: findings, log
 * findings and incidents in the order they were found, then warnings; the
 * summary line last; the text; the HTML page) without touching the
 * evidence again; ss_sweep_diff compares the files two sweeps saw.
 */
#include "report/case.h"

#include <stdlib.h>
#include <string.h>

#include "core/places.h"
#include "report/jsonw.h"
#include "util/escape.h"

static void put_record(const char *record, void *out) { fputs(record, out); }

static ss_verdict verdict_of(const char *v) {
  return !strcmp(v, "compromised") ? SS_VERDICT_COMPROMISED
         : !strcmp(v, "suspicious") ? SS_VERDICT_SUSPICIOUS : SS_VERDICT_NO_EVIDENCE;
}

static ss_err fill_result(store *s, int64_t sweep, ss_sweep_result *r) {
  store_sweep sw;
  memset(r, 0, sizeof *r);
  r->sweep_id = sweep;
  ss_err err = store_get_sweep(s, sweep, &sw);
  if (err != SS_OK) return err;
  r->verdict = verdict_of(sw.verdict);
  r->complete = sw.complete;
  r->files = sw.files;
  r->skipped = sw.skipped;
  r->findings = sw.findings;
  r->log_findings = sw.log_findings;
  r->incidents = sw.incidents;
  r->missing = sw.missing;
  r->seconds = sw.seconds;
  return SS_OK;
}

static ss_err replay(store *s, int64_t sweep, FILE *json) {
  ss_err err = store_each_record(s, sweep, put_record, json);
  strbuf summary = STRBUF_INIT;
  if (err == SS_OK) err = report_case_summary(s, sweep, &summary);
  if (err == SS_OK) fputs(summary.data, json);
  sb_free(&summary);
  return err;
}

/* Opens a case file for reading; the cause of a failure goes to *why. */
static ss_err open_case(const char *case_file, store **s, char **why) {
  if (!case_file || !*case_file) return SS_ERR_ARG;
  return store_open(case_file, 0, s, why);
}

ss_err ss_sweep_report(const char *case_file, int64_t sweep_id, const char *html, FILE *json, FILE *text,
                       ss_sweep_result *result) {
  store *s = NULL;
  ss_sweep_result dummy;
  char *why = NULL;
  ss_err err = open_case(case_file, &s, &why);
  free(why);
  if (err != SS_OK) return err;
  int64_t sweep = 0;
  err = store_pick_sweep(s, sweep_id, &sweep);
  if (err == SS_OK && !sweep) err = SS_ERR_ARG;
  if (err == SS_OK) err = fill_result(s, sweep, result ? result : &dummy);
  if (err == SS_OK && json) err = replay(s, sweep, json);
  if (err == SS_OK && text) err = report_case_text(s, sweep, text);
  if (err == SS_OK && html) err = report_case_html(s, sweep, html);
  store_close(s);
  return err;
}

typedef struct {
  ss_diff_cb cb;
  void *user;
} diff_ctx;

static void diff_row(const store_diff_row *d, void *user) {
  const diff_ctx *c = user;
  ss_diff_entry e = {d->change, d->path, d->size, d->mtime, d->sha256, d->old_sha256, 0};
  e.script_in_webroot =
      strcmp(d->change, "removed") != 0 && (core_place_of(d->rel) & PLACE_WEBROOT) && core_place_is_script(d->rel);
  c->cb(&e, c->user);
}

ss_err ss_sweep_diff(const char *case_file, int64_t since, ss_diff_cb cb, void *user, int64_t *from, int64_t *to) {
  store *s = NULL;
  char *why = NULL;
  if (!cb) return SS_ERR_ARG;
  ss_err err = open_case(case_file, &s, &why);
  free(why);
  if (err != SS_OK) return err;
  int64_t latest = 0, base = 0;
  err = store_pick_sweep(s, 0, &latest);
  if (err == SS_OK) err = since > 0 ? store_pick_sweep(s, since, &base) : store_previous_of(s, latest, &base);
  if (err == SS_OK && (!latest || !base || base >= latest)) err = SS_ERR_ARG;
  if (err == SS_OK) {
    if (from) *from = base;
    if (to) *to = latest;
    diff_ctx c = {cb, user};
    err = store_diff(s, base, latest, diff_row, &c);
  }
  store_close(s);
  return err;
}

void ss_diff_entry_write(FILE *out, const ss_diff_entry *e, int json) {
  strbuf sb = STRBUF_INIT;
  if (json) {
    jsonw j;
    report_json_record(&j, &sb, "diff");
    report_json_str(&j, "change", e->change);
    report_json_bytes_str(&j, "path", e->path);
    report_json_u64(&j, "size", e->size);
    report_json_time(&j, "mtime", e->mtime);
    report_json_str(&j, "sha256", e->sha256);
    report_json_str(&j, "old_sha256", e->old_sha256);
    report_json_bool(&j, "script_in_webroot", e->script_in_webroot);
    report_json_end(&j);
  } else {
    sb_addf(&sb, "%-8s %s", e->change, e->script_in_webroot ? "NEW-SCRIPT " : "");
    util_esc_term(&sb, e->path ? e->path : "", e->path ? strlen(e->path) : 0);
    sb_addc(&sb, '\n');
  }
  fputs(sb.data, out);
  sb_free(&sb);
}
