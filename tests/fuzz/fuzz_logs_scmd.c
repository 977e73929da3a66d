/*
 * fuzz_logs_scmd.c - the small parsers under the log readers on arbitrary
 * bytes, with round trips as the oracle: S:CMD parameters re-quoted (''
 * for ') parse back to the same cmdlet, names and values; CSV fields
 * re-quoted ("" for ") split back to the same fields; a normalised URL
 * has no upper-case letter, '+' or '\', and is never longer than its
 * input plus the '?'; the IIS column alignment (a header from the first
 * line, tokens from the second) assigns every column a span of the line,
 * in order, without overlap, covering every token; log times parse to an
 * unknown time or one within the calendar (no overflow).
 */
// fuzz-max-len: 2048
// fuzz-seeds: tests/fixtures/logs/ECP* tests/fixtures/benign/ECPServer* tests/fixtures/logs/HttpProxy*
#include <string.h>

#include "fuzz.h"
#include "logs/logs.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  return 0;
}

static int span_eq(span a, span b) { return a.n == b.n && (!a.n || !memcmp(a.p, b.p, a.n)); }

static void scmd_round_trip(const char *s, size_t n) {
  logs_cmd a = {0}, b = {0};
  if (logs_scmd_parse(s, n, &a) != 0) goto out;
  FUZZ_ASSERT(a.cmdlet.n > 0 && a.nparams >= 0 && a.nparams <= 24);
  strbuf again = STRBUF_INIT;
  sb_add(&again, a.cmdlet.p, a.cmdlet.n);
  for (int i = 0; i < a.nparams; i++) {
    FUZZ_ASSERT(a.params[i].name.n > 0);
    sb_addc(&again, '.');
    sb_add(&again, a.params[i].name.p, a.params[i].name.n);
    sb_adds(&again, "='");
    for (size_t k = 0; k < a.params[i].value.n; k++) {
      if (a.params[i].value.p[k] == '\'') sb_addc(&again, '\'');
      sb_addc(&again, a.params[i].value.p[k]);
    }
    sb_addc(&again, '\'');
  }
  FUZZ_ASSERT(logs_scmd_parse(again.data, again.len, &b) == 0);
  FUZZ_ASSERT(span_eq(a.cmdlet, b.cmdlet) && (a.nparams == b.nparams || a.nparams == 24));
  for (int i = 0; i < a.nparams && i < b.nparams; i++)
    FUZZ_ASSERT(span_eq(a.params[i].name, b.params[i].name) && span_eq(a.params[i].value, b.params[i].value));
  sb_free(&again);
out:
  logs_cmd_free(&a);
  logs_cmd_free(&b);
}

static void csv_round_trip(const char *s, size_t n) {
  span f[32], g[32];
  strbuf sc = STRBUF_INIT, sc2 = STRBUF_INIT, line = STRBUF_INIT;
  int nf = logs_csv_split(s, n, f, 32, &sc);
  if (nf < 0 || nf == 32) goto out; /* unterminated, or cut at the bound */
  for (int i = 0; i < nf; i++) {
    if (i) sb_addc(&line, ',');
    sb_addc(&line, '"');
    for (size_t k = 0; k < f[i].n; k++) {
      if (f[i].p[k] == '"') sb_addc(&line, '"');
      sb_addc(&line, f[i].p[k]);
    }
    sb_addc(&line, '"');
  }
  int ng = logs_csv_split(line.data ? line.data : "", line.len, g, 32, &sc2);
  FUZZ_ASSERT(ng == nf);
  for (int i = 0; i < nf; i++) FUZZ_ASSERT(span_eq(f[i], g[i]));
out:
  sb_free(&sc);
  sb_free(&sc2);
  sb_free(&line);
}

static void uri_props(const char *s, size_t n) {
  strbuf u = STRBUF_INIT;
  size_t half = n / 2;
  logs_uri_normalise(&u, (span){s, half}, (span){s + half, n - half}, 8192);
  FUZZ_ASSERT(u.len <= n + 1);
  for (size_t i = 0; i < u.len; i++)
    FUZZ_ASSERT(!(u.data[i] >= 'A' && u.data[i] <= 'Z') && u.data[i] != '+' && u.data[i] != '\\');
  sb_free(&u);
}

static void align_props(const char *s, size_t n) {
  const char *nl = memchr(s, '\n', n);
  if (!nl) return;
  logs_fields_def def = {0};
  logs_fields_parse(&def, s, (size_t)(nl - s), ' ');
  const char *line = nl + 1;
  size_t ln = n - (size_t)(line - s);
  span tok[LOGS_MAX_FIELDS], out[LOGS_MAX_FIELDS];
  int nt = 0;
  for (size_t i = 0; i <= ln && nt < LOGS_MAX_FIELDS;) {
    const char *sp = memchr(line + i, ' ', ln - i);
    size_t e = sp ? (size_t)(sp - line) : ln;
    tok[nt++] = (span){line + i, e - i};
    if (!sp) break;
    i = e + 1;
  }
  if (logs_w3c_align(&def, tok, nt, out) == 0) {
    const char *at = line;
    size_t covered = 0;
    for (size_t i = 0; i < def.n; i++) {
      if (!out[i].n) continue;
      FUZZ_ASSERT(out[i].p >= at && out[i].p + out[i].n <= line + ln);
      at = out[i].p + out[i].n;
      covered += out[i].n;
    }
    size_t toks = 0;
    for (int k = 0; k < nt; k++) toks += tok[k].n;
    FUZZ_ASSERT(covered >= toks);
  }
  logs_fields_free(&def);
}

static void time_props(const char *s, size_t n) {
  int64_t t[3] = {logs_parse_time(s, n), logs_parse_clf_time(s, n), logs_parse_iso_time(s, n)};
  for (int i = 0; i < 3; i++)
    FUZZ_ASSERT(t[i] == SS_TIME_UNKNOWN || (t[i] > -62167219200LL - 86400 && t[i] < 253402300800LL + 86400));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  scmd_round_trip(s, size);
  csv_round_trip(s, size);
  uri_props(s, size);
  align_props(s, size);
  time_props(s, size);
  return 0;
}
