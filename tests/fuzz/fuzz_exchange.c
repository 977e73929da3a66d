/*
 * fuzz_exchange.c - the Exchange text parsers on arbitrary bytes: build
 * numbers, the X-OWA-Version header, the exporttool manifest, the logon
 * page and the CSV build table (then a verdict on it).  Beyond "no crash":
 * every parsed version has parts in 0..65535 and formats and parses back
 * to itself; the logon page always yields a three-part (CU-only) build
 * (the header and manifest may too: the probe then reports "cu-only");
 * every verdict names a chain and a known status; an assessment of any
 * table is self-consistent: the latest build is 0 updates behind, missing
 * CVEs are unique well-formed ids, a build with a product has a summary
 * that starts with it, and a product-less build is unknown for every chain.
 */
// fuzz-max-len: 8192
// fuzz-seeds: rules/builds.csv tests/exchange/server.py
#include <string.h>

#include "exchange/exchange.h"
#include "fuzz.h"

static void check_version(const ex_version *v) {
  FUZZ_ASSERT(v->major >= 0 && v->major <= 65535 && v->minor >= 0 && v->minor <= 65535);
  FUZZ_ASSERT(v->build >= 0 && v->build <= 65535 && v->revision <= 65535);
  FUZZ_ASSERT(v->revision >= -1);
  char buf[32];
  ex_version back;
  exchange_version_format(v, buf, sizeof buf);
  FUZZ_ASSERT(exchange_version_parse(buf, strlen(buf), &back) == 0 && exchange_version_cmp(v, &back) == 0);
}

static void check_assessment(const ex_table *t, const ex_version *v) {
  ex_assessment a;
  exchange_assess(t, v, "2026-03-01", &a);
  FUZZ_ASSERT(a.nchains <= EX_MAX_CHAINS && a.product && a.cu && a.su && a.summary && *a.summary);
  FUZZ_ASSERT(a.latest >= -1 && a.latest <= 1 && a.supported >= -1 && a.supported <= 1);
  FUZZ_ASSERT(a.updates_behind >= -1 && a.updates_behind_max >= a.updates_behind);
  if (a.latest == 1) FUZZ_ASSERT(a.updates_behind == 0 && !a.newer_than_known);
  if (a.newer_than_known) FUZZ_ASSERT(a.warning && a.latest == -1 && a.updates_behind == -1);
  if (*a.product) FUZZ_ASSERT(strncmp(a.summary, a.product, strlen(a.product)) == 0);
  for (size_t i = 0; i < a.nmissing; i++) {
    FUZZ_ASSERT(a.missing_cves[i] && (!strncmp(a.missing_cves[i], "CVE-", 4) || !strncmp(a.missing_cves[i], "ADV", 3)));
    for (size_t j = 0; j < i; j++) FUZZ_ASSERT(strcmp(a.missing_cves[i], a.missing_cves[j]) != 0);
  }
  for (size_t i = 0; i < a.nchains; i++) {
    FUZZ_ASSERT(a.chains[i].chain && *a.chains[i].chain && a.chains[i].why && *a.chains[i].why);
    const char *s = exchange_chain_status_name(a.chains[i].status);
    FUZZ_ASSERT(!strcmp(s, "fixed") || !strcmp(s, "vulnerable") || !strcmp(s, "unknown"));
    if (!*a.product) FUZZ_ASSERT(a.chains[i].status == EX_UNKNOWN);
    if (a.chains[i].status == EX_UNKNOWN && *a.product) FUZZ_ASSERT(a.cu_only);
  }
  exchange_assessment_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  ex_version v;
  if (exchange_version_parse(text, size, &v) == 0) check_version(&v);
  if (exchange_parse_owa_version_header(text, size, &v) == 0) check_version(&v);
  if (exchange_parse_exporttool_manifest(text, size, &v) == 0) check_version(&v);
  if (exchange_parse_logon_page(text, size, &v) == 0) {
    check_version(&v);
    FUZZ_ASSERT(v.revision == -1);
  }
  ex_table *t = exchange_table_parse(text, size, "fuzz", NULL, NULL);
  if (t) {
    static const ex_version probes[] = {{15, 1, 2375, 37}, {15, 0, 1497, -1}, {14, 3, 513, 0}, {16, 0, 1, 1},
                                        {15, 2, 2562, 17}, {15, 1, 1415, 9}};
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) check_assessment(t, &probes[i]);
    if (exchange_version_parse(text, size < 24 ? size : 24, &v) == 0) check_assessment(t, &v);
    exchange_table_free(t);
  }
  return 0;
}
