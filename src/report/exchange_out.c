/*
 * exchange_out.c - writes `shellsift exchange` results: a short block for
 * a person (the build, one sentence on where it stands, a line per chain,
 * the CVEs it lacks), one JSON object per target (chains as an object keyed
 * by chain name), or one CSV row.  Evidence from remote targets is
 * whatever a server sent, and names come from a build table the user may
 * supply, so all of it goes through the escaping module like every path.
 */
#include <stdio.h>
#include <string.h>

#include "report/jsonw.h"
#include "report/writer.h"
#include "util/escape.h"

#define BOLD "\033[1m"
#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define RESET "\033[0m"

static const char *const csv_chains[] = {"proxylogon", "proxyshell", "proxytoken", "proxynotshell"};

static void term(strbuf *sb, const char *s, unsigned flags) {
  util_esc_term_n(sb, nz(s), strlen(nz(s)), SIZE_MAX, flags);
}

static const char *status_color(const char *status) {
  return !strcmp(status, "vulnerable") ? RED : !strcmp(status, "fixed") ? GREEN : YELLOW;
}

static void write_text(strbuf *sb, unsigned flags, const ss_exchange_result *r) {
  int color = flags & SS_WRITER_COLOR;
  unsigned tf = report_term_flags();
  if (color) sb_adds(sb, BOLD);
  term(sb, r->target, tf);
  if (color) sb_adds(sb, RESET);
  sb_adds(sb, ": ");
  if (r->error && !*r->build) {
    sb_adds(sb, "build unknown: ");
    term(sb, r->error, tf);
    sb_addc(sb, '\n');
    return;
  }
  /* product, CU and SU names come from a build table the user may supply */
  term(sb, *r->product ? r->product : "Exchange (unknown product)", tf);
  if (*r->cu) sb_addc(sb, ' '), term(sb, r->cu, tf);
  if (*r->su) sb_addc(sb, ' '), term(sb, r->su, tf);
  sb_addf(sb, ", build %s (%s", r->build, r->precision);
  if (*r->method) sb_addf(sb, ", from %s", r->method);
  sb_adds(sb, ")\n");
  if (r->summary && *r->summary) sb_adds(sb, "  "), term(sb, r->summary, tf), sb_addc(sb, '\n');
  if (r->warning) {
    sb_addf(sb, "  %swarning:%s ", color ? YELLOW : "", color ? RESET : "");
    term(sb, r->warning, tf);
    sb_addc(sb, '\n');
  }
  for (size_t i = 0; i < r->nchains; i++) {
    const ss_chain *c = &r->chains[i];
    sb_addf(sb, "  %-14s %s%s%s", c->name, color ? status_color(c->status) : "",
            !strcmp(c->status, "vulnerable") ? "VULNERABLE" : c->status, color ? RESET : "");
    if (c->why && *c->why) sb_adds(sb, "  "), term(sb, c->why, tf);
    sb_addc(sb, '\n');
  }
  if (r->nmissing) {
    /* wrapped: a 2013 CU from 2016 lacks about seventy */
    size_t col = 0;
    sb_addf(sb, "  lacks the fixes for %zu CVE%s:", r->nmissing, r->nmissing == 1 ? "" : "s");
    for (size_t i = 0; i < r->nmissing; i++) {
      if (col == 0 || col + strlen(r->missing_cves[i]) > 96) sb_adds(sb, "\n   "), col = 3;
      sb_addc(sb, ' ');
      term(sb, r->missing_cves[i], tf);
      col += strlen(r->missing_cves[i]) + 1;
    }
    sb_addc(sb, '\n');
  }
  if (*r->evidence) sb_adds(sb, "  evidence: "), term(sb, r->evidence, tf), sb_addc(sb, '\n');
  for (size_t i = 0; i < r->nhistory; i++)
    sb_addf(sb, "  %s %s .. %s  %s\n", i ? "        " : "history:", r->history[i].from, r->history[i].to,
            r->history[i].build);
}

/* A 1/0/-1 field as true, false or null. */
static void json_tri(jsonw *j, const char *k, int v) {
  if (v < 0) report_json_null(j, k);
  else report_json_bool(j, k, v);
}

static void write_json(strbuf *sb, unsigned flags, const ss_exchange_result *r) {
  (void)flags;
  jsonw j;
  report_json_record(&j, sb, "exchange");
  const char *fields[][2] = {{"target", r->target}, {"product", r->product}, {"build", r->build},
                             {"cu", r->cu},         {"su", r->su},           {"precision", r->precision},
                             {"method", r->method}, {"evidence", r->evidence}};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) report_json_str(&j, fields[i][0], fields[i][1]);
  report_json_str_or_null(&j, "error", r->error);
  report_json_str_or_null(&j, "update", r->update);
  json_tri(&j, "latest", r->latest);
  if (r->updates_behind >= 0) report_json_int(&j, "updates_behind", r->updates_behind);
  else report_json_null(&j, "updates_behind");
  json_tri(&j, "supported", r->supported);
  report_json_str(&j, "end_of_support", r->end_of_support);
  report_json_str(&j, "latest_build", r->latest_build);
  report_json_strs(&j, "missing_cves", r->missing_cves, r->nmissing);
  report_json_str(&j, "summary", r->summary);
  report_json_str_or_null(&j, "warning", r->warning);
  report_json_bool(&j, "newer_than_known", r->newer_than_known);
  report_json_obj(&j, "chains");
  for (size_t i = 0; i < r->nchains; i++) report_json_str(&j, r->chains[i].name, r->chains[i].status);
  report_json_close(&j);
  report_json_obj(&j, "why");
  for (size_t i = 0; i < r->nchains; i++) report_json_str(&j, r->chains[i].name, r->chains[i].why);
  report_json_close(&j);
  report_json_arr(&j, "history");
  for (size_t i = 0; i < r->nhistory; i++) {
    report_json_obj(&j, NULL);
    report_json_str(&j, "from", r->history[i].from);
    report_json_str(&j, "to", r->history[i].to);
    report_json_str(&j, "build", r->history[i].build);
    report_json_close(&j);
  }
  report_json_end(&j);
}

static const char *chain_status(const ss_exchange_result *r, const char *name) {
  for (size_t i = 0; i < r->nchains; i++)
    if (!strcmp(r->chains[i].name, name)) return r->chains[i].status;
  return "";
}

static int clamp_tri(int v) { return v < 0 ? 0 : v > 0 ? 2 : 1; }

static void write_csv(strbuf *sb, unsigned flags, const ss_exchange_result *r) {
  (void)flags;
  const char *cells[] = {r->target, r->product, r->build, r->cu, r->su, r->precision};
  for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
    util_esc_csv(sb, nz(cells[i]), strlen(nz(cells[i])));
    sb_addc(sb, ',');
  }
  for (size_t i = 0; i < sizeof csv_chains / sizeof csv_chains[0]; i++) {
    const char *st = chain_status(r, csv_chains[i]);
    util_esc_csv(sb, st, strlen(st));
    sb_addc(sb, ',');
  }
  /* the columns added later go last, so older consumers keep theirs */
  char behind[16] = "";
  if (r->updates_behind >= 0) snprintf(behind, sizeof behind, "%d", r->updates_behind);
  strbuf missing = STRBUF_INIT;
  for (size_t i = 0; i < r->nmissing; i++) sb_adds(&missing, i ? ";" : ""), sb_adds(&missing, r->missing_cves[i]);
  const char *tri[] = {"", "false", "true"}; /* -1, 0, 1 */
  const char *tail[] = {r->method,         r->evidence,          r->error,   r->update,    tri[clamp_tri(r->latest)],
                        behind,            tri[clamp_tri(r->supported)], r->end_of_support, nz(missing.data), r->summary};
  size_t ntail = sizeof tail / sizeof tail[0];
  for (size_t i = 0; i < ntail; i++) {
    util_esc_csv(sb, nz(tail[i]), strlen(nz(tail[i])));
    sb_adds(sb, i + 1 < ntail ? "," : "\r\n");
  }
  sb_free(&missing);
}

void ss_exchange_write_csv_header(FILE *out) {
  fputs("target,product,build,cu,su,precision,proxylogon,proxyshell,proxytoken,proxynotshell,"
        "method,evidence,error,update,latest,updates_behind,supported,end_of_support,missing_cves,summary\r\n",
        out);
}

void ss_exchange_write(FILE *out, ss_format format, unsigned flags, const ss_exchange_result *r) {
  static void (*const writers[])(strbuf *, unsigned, const ss_exchange_result *) = {
      [SS_FORMAT_TEXT] = write_text,
      [SS_FORMAT_JSON] = write_json,
      [SS_FORMAT_CSV] = write_csv,
  };
  if (!out || !r || (unsigned)format >= sizeof writers / sizeof writers[0]) return;
  strbuf sb = STRBUF_INIT;
  writers[format](&sb, flags, r);
  fwrite(sb.data, 1, sb.len, out);
  fflush(out);
  sb_free(&sb);
}
