/*
 * exchange_out.c - writes `shellsift exchange` results: a short block for
 * a person, one JSON object per target (chains as an object keyed by
 * chain name), or one CSV row.  Evidence from remote targets is whatever a
 * server sent, so it goes through the escaping module like every path.
 */
#include <string.h>

#include "util/escape.h"
#include "report/writer.h"

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

static void write_json(strbuf *sb, const ss_exchange_result *r) {
  sb_addf(sb, "{\"event\":\"exchange\",\"schema\":%d", SS_SCHEMA_VERSION);
  json_kv_str(sb, "target", r->target);
  json_kv_str(sb, "product", r->product);
  json_kv_str(sb, "build", r->build);
  json_kv_str(sb, "cu", r->cu);
  json_kv_str(sb, "su", r->su);
  json_kv_str(sb, "precision", r->precision);
  json_kv_str(sb, "method", r->method);
  json_kv_str(sb, "evidence", r->evidence);
  if (r->error) json_kv_str(sb, "error", r->error);
  else sb_adds(sb, ",\"error\":null");
  sb_addf(sb, ",\"newer_than_known\":%s,\"chains\":{", r->newer_than_known ? "true" : "false");
  for (size_t i = 0; i < r->nchains; i++)
    sb_addf(sb, "%s\"%s\":\"%s\"", i ? "," : "", r->chains[i].name, r->chains[i].status);
  sb_adds(sb, "},\"why\":{");
  for (size_t i = 0; i < r->nchains; i++) {
    sb_addf(sb, "%s\"%s\":\"", i ? "," : "", r->chains[i].name);
    util_esc_json(sb, nz(r->chains[i].why), strlen(nz(r->chains[i].why)));
    sb_addc(sb, '"');
  }
  sb_adds(sb, "},\"history\":[");
  for (size_t i = 0; i < r->nhistory; i++)
    sb_addf(sb, "%s{\"from\":\"%s\",\"to\":\"%s\",\"build\":\"%s\"}", i ? "," : "", r->history[i].from,
            r->history[i].to, r->history[i].build);
  sb_adds(sb, "]}\n");
}

static const char *chain_status(const ss_exchange_result *r, const char *name) {
  for (size_t i = 0; i < r->nchains; i++)
    if (!strcmp(r->chains[i].name, name)) return r->chains[i].status;
  return "";
}

static void write_csv(strbuf *sb, const ss_exchange_result *r) {
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
  strbuf sb = STRBUF_INIT;
  if (format == SS_FORMAT_JSON) write_json(&sb, r);
  else if (format == SS_FORMAT_CSV) write_csv(&sb, r);
  else write_text(&sb, flags, r);
  fwrite(sb.data, 1, sb.len, out);
  fflush(out);
  sb_free(&sb);
}
