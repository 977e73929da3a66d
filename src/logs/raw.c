/*
 * raw.c - parity with Test-ProxyLogon, whose checks are patterns over raw
 * lines: every one of them, and the published Exchange indicators, also
 * runs on the raw text of each line, whatever its layout or quoting, and
 * on lines no layout could split.  So an ECP line whose S:CMD is quoted
 * another way, an HttpProxy log with renamed or shifted columns, or an
 * OABGeneratorLog of an unknown layout is still checked:
 *
 *   CVE-2021-26855  ServerInfo~<host>/<path> (AnchorMailbox; its exclusions),
 *                   and the blog's Server~<host>/<path>~ (BackEndCookie)
 *   CVE-2021-27065  ServerInfo~<host>/<...>Reset<...>VirtualDirectory#, and the ECP
 *                   regular expression, verbatim (PCRE2, caseless like
 *                   Select-String)
 *   CVE-2021-26858  "Download failed and temporary file ... needs to be
 *                   removed" outside <EX>ClientAccess\OAB
 *   CVE-2021-26857  "MSExchange Unified Messaging" with
 *                   "System.InvalidCastException"
 *
 * and an S:CMD value anywhere in the line goes through the cmdlet rules.
 * Request indicators on a line no layout split come from a best-effort
 * request (logs_raw_request): its method and URL tokens.
 */
#include "logs/logs.h"

#include <pthread.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Test-ProxyLogon's CVE-2021-27065 pattern, as the script has it. */
static const char vdir_regex[] = "Set-.+VirtualDirectory.+?(?=Url).+<\\w+.*>(.*?)<\\/\\w+>.+?(?=VirtualDirectory)";

static pcre2_code *vdir_re;
static pthread_once_t re_once = PTHREAD_ONCE_INIT;
static void free_re(void) { pcre2_code_free(vdir_re); }
static void compile_re(void) {
  int err;
  PCRE2_SIZE off;
  vdir_re = pcre2_compile((PCRE2_SPTR)vdir_regex, PCRE2_ZERO_TERMINATED, PCRE2_CASELESS, &err, &off, NULL);
  if (vdir_re) atexit(free_re);
}

static int vdir_match(span raw) {
  pthread_once(&re_once, compile_re);
  if (!vdir_re) return 0;
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(vdir_re, NULL);
  pcre2_match_context *mc = pcre2_match_context_create(NULL);
  pcre2_set_match_limit(mc, 1000000);
  int rc = pcre2_match(vdir_re, (PCRE2_SPTR)raw.p, raw.n, 0, 0, md, mc);
  pcre2_match_context_free(mc);
  pcre2_match_data_free(md);
  return rc > 0;
}

static int is_sep(char c) { return c == ',' || c == '"' || c == '\'' || c == ' ' || c == '\t' || c == ';' || c == '\0'; }

/* Each value starting with marker in the raw text (to the next separator),
 * given to fn. */
static void each_value(span raw, const char *marker, void (*fn)(logs_best *, span, int), logs_best *b, int status) {
  size_t m = strlen(marker);
  const char *p = raw.p, *end = raw.p + raw.n;
  while (p < end && (p = logs_find_nocase(p, (size_t)(end - p), marker)) != NULL) {
    const char *e = p + m;
    while (e < end && !is_sep(*e)) e++;
    fn(b, (span){p, (size_t)(e - p)}, status);
    p += m;
  }
}

/* S:CMD=<value> in the raw text: the value up to ";S:" (the next EventData
 * pair) or the end of the quoted field, with its quote doubling undone. */
static void scmd_raw(logs_best *b, span raw, logs_rule_scratch *s) {
  const char *c = logs_find_nocase(raw.p, raw.n, "S:CMD=");
  if (!c) return;
  const char *v = c + 6, *end = raw.p + raw.n;
  const char *stop = logs_find_nocase(v, (size_t)(end - v), ";S:");
  if (!stop) stop = end;
  sb_reset(&s->raw);
  for (const char *p = v; p < stop; p++) {
    if ((*p == '\'' || *p == '"') && p + 1 < stop && p[1] == *p) p++; /* '' and "" */
    sb_addc(&s->raw, *p);
  }
  if (!s->raw.data) return;
  size_t n = s->raw.len;
  while (n && (s->raw.data[n - 1] == '"' || s->raw.data[n - 1] == '\'')) n--;
  if (logs_scmd_parse(s->raw.data, n, &s->inv) == 0) logs_cmdlet_rules(b, &s->inv, 1);
}

void logs_raw_rules(logs_best *b, const logs_rec *r, logs_rule_scratch *s) {
  if (!(r->hits & LOGS_HIT_EXCHANGE)) return;
  span raw = r->raw;
  int status = r->split ? r->status : 0;
  each_value(raw, "ServerInfo~", logs_anchor_rule, b, status);
  each_value(raw, "Server~", logs_cookie_rule, b, status);
  if (logs_find_nocase(raw.p, raw.n, "VirtualDirectory")) {
    if (vdir_match(raw)) logs_consider(b, LOGS_RULE_PROXYLOGON_VDIR_SCRIPT, SS_SEV_CRITICAL, LOGS_UNKNOWN);
  }
  scmd_raw(b, raw, s);
  logs_oab_rule(b, raw);
  if (logs_find_nocase(raw.p, raw.n, "System.InvalidCastException") &&
      logs_find_nocase(raw.p, raw.n, "MSExchange Unified Messaging"))
    logs_consider(b, LOGS_RULE_PROXYLOGON_UM_CRASH, SS_SEV_HIGH, LOGS_UNKNOWN);
}

static int is_method(const char *s, size_t n) {
  static const char *const methods[] = {"GET", "POST", "PUT", "HEAD", "DELETE", "OPTIONS", "PATCH", "PROPFIND",
                                        "MKCOL", "MOVE", "COPY", "TRACE", "RPC_IN_DATA", "RPC_OUT_DATA", NULL};
  for (const char *const *m = methods; *m; m++)
    if (strlen(*m) == n && !memcmp(s, *m, n)) return 1;
  return 0;
}

static int tok_sep(char c) { return c == ' ' || c == '\t' || c == ',' || c == '"' || c == '[' || c == '|'; }

int logs_raw_request(span raw, logs_rec *out) {
  logs_rec_init(out, LOGS_FMT_TEXT, NULL, 0, raw);
  const char *p = raw.p, *end = raw.p + raw.n;
  span url = SPAN_NONE, after = SPAN_NONE;
  int after_method = 0;
  while (p < end) {
    while (p < end && tok_sep(*p)) p++;
    const char *t = p;
    while (p < end && !tok_sep(*p)) p++;
    size_t n = (size_t)(p - t);
    if (!n) continue;
    if (url.n) { /* the token after the URL: an IIS query field? */
      after = (span){t, n};
      break;
    }
    if (!out->method.n && is_method(t, n)) {
      out->method = (span){t, n};
      after_method = 1;
      continue;
    }
    const char *u = t;
    if (n > 8 && (logs_starts_nocase(t, n, "http://") || logs_starts_nocase(t, n, "https://"))) {
      u = memchr(t + 8, '/', n - 8);
      if (!u) continue;
    }
    if (*u == '/' && p - u >= 2 && (after_method || !out->method.n || url.n == 0)) url = (span){u, (size_t)(p - u)};
    after_method = 0;
  }
  if (!url.n) return 0;
  const char *q = memchr(url.p, '?', url.n);
  out->stem = (span){url.p, q ? (size_t)(q - url.p) : url.n};
  if (q) out->query = (span){q + 1, url.n - out->stem.n - 1};
  else if (after.n && (after.p[0] == '&' || memchr(after.p, '=', after.n))) out->query = after;
  out->split = 0;
  return 1;
}
