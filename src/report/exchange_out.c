/*
 * exchange_out.c - writes `shellsift exchange` results: a short block for
 * a person, one JSON object per target (chains as an object keyed by
 * chain name), or one CSV row.  Evidence from remote targets is whatever a
 * server sent, so it goes through the escaping module like every path.
 */
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
  if (r->newer_than_known)
    sb_adds(sb, "  warning: newer than the builds this table knows; listed chains assumed fixed\n");
  for (size_t i = 0; i < r->nchains; i++) {
    const ss_chain *c = &r->chains[i];
    sb_addf(sb, "  %-14s %s%s%s", c->name, color ? status_color(c->status) : "",
            !strcmp(c->status, "vulnerable") ? "VULNERABLE" : c->status, color ? RESET : "");
    if (c->why && *c->why) sb_adds(sb, "  "), term(sb, c->why, tf);
    sb_addc(sb, '\n');
  }
  if (*r->evidence) sb_adds(sb, "  evidence: "), term(sb, r->evidence, tf), sb_addc(sb, '\n');
  for (size_t i = 0; i < r->nhistory; i++)
    sb_addf(sb, "  %s %s .. %s  %s\n", i ? "        " : "history:", r->history[i].from, r->history[i].to,
            r->history[i].build);
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
  const char *tail[] = {r->method, r->evidence, r->error};
  for (size_t i = 0; i < 3; i++) {
    util_esc_csv(sb, nz(tail[i]), strlen(nz(tail[i])));
    sb_adds(sb, i < 2 ? "," : "\r\n");
  }
}

void ss_exchange_write_csv_header(FILE *out) {
  fputs("target,product,build,cu,su,precision,proxylogon,proxyshell,proxytoken,proxynotshell,"
        "method,evidence,error\r\n",
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
