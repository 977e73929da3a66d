/*
 * fuzz_logs_scmd.c - the small parsers under the log readers on arbitrary
 * bytes, with round trips as the oracle: S:CMD parameters re-quoted (''
 * for ') parse back to the same cmdlet, names and values; CSV fields
 * re-quoted ("" for ") split back to the same fields; a normalised URL
 * has no upper-case letter, '+' or '\', and is never longer than its
 * input plus the '?'.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  scmd_round_trip(s, size);
  csv_round_trip(s, size);
  uri_props(s, size);
  return 0;
}
