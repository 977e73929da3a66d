/*
 * test_builds.c - unit tests for Exchange build numbers (version.c) and
 * the build table with what it says about a build (builds.c, describe.c).
 * The golden answers below were worked out by hand from Microsoft's
 * published build tables (Exchange Server build numbers and release dates;
 * HealthChecker's build list), counting updates by hand, not generated from
 * rules/builds.csv, so a wrong row in the CSV shows up here.  Every build of
 * HealthChecker's table is checked by tests/exchange/table_oracle.py.  Also:
 * version parsing edge cases, CSV errors with their line numbers, and the
 * built-in table parsing without a warning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange/exchange.h"
#include "match/builtin.h"
#include "test.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct {
  int n;
  unsigned lines[64];
  char msgs[64][200];
} warnings;

static void collect(void *user, const char *source, unsigned line, const char *message) {
  warnings *w = user;
  (void)source;
  if (w->n < 64) {
    w->lines[w->n] = line;
    snprintf(w->msgs[w->n], sizeof w->msgs[0], "%s", message);
  }
  w->n++;
}

static int has_warning(const warnings *w, unsigned line, const char *needle) {
  for (int i = 0; i < w->n && i < 64; i++)
    if (w->lines[i] == line && strstr(w->msgs[i], needle)) return 1;
  fprintf(stderr, "no warning on line %u containing \"%s\"; got:\n", line, needle);
  for (int i = 0; i < w->n && i < 64; i++) fprintf(stderr, "  %u: %s\n", w->lines[i], w->msgs[i]);
  return 0;
}

static ex_table *parse_str(const char *s, warnings *w) {
  memset(w, 0, sizeof *w);
  return exchange_table_parse(s, strlen(s), "test.csv", collect, w);
}

static ex_version ver(const char *s) {
  ex_version v = {-1, -1, -1, -1};
  if (exchange_version_parse(s, strlen(s), &v) != 0) fprintf(stderr, "bad version in test: %s\n", s);
  return v;
}

/* ---- version parsing ---------------------------------------------------- */

static void test_version_parse(void) {
  ex_version v;
  CHECK(exchange_version_parse("15.1.2375.7", 11, &v) == 0);
  CHECK(v.major == 15 && v.minor == 1 && v.build == 2375 && v.revision == 7);
  CHECK(exchange_version_parse("15.01.2375.007", 14, &v) == 0);
  CHECK(v.major == 15 && v.minor == 1 && v.build == 2375 && v.revision == 7);
  CHECK(exchange_version_parse(" \t15.2.1118.20\r\n", 16, &v) == 0);
  CHECK(v.minor == 2 && v.build == 1118 && v.revision == 20);
  CHECK(exchange_version_parse("15.1.2375", 9, &v) == 0);
  CHECK(v.build == 2375 && v.revision == -1);
  /* len bounds the input: no NUL needed, later bytes ignored */
  CHECK(exchange_version_parse("15.1.2375.7junk", 11, &v) == 0 && v.revision == 7);
  CHECK(exchange_version_parse("15.1.65535.65535", 16, &v) == 0 && v.build == 65535);

  static const char *const bad[] = {
      "", "   ", "15", "15.1", "15.1.", "15.1.2375.", ".15.1.2375", "15..2375.7", "15.1.2375.7.1",
      "15.1.2375.7x", "15.1.2375.7 x", "x15.1.2375.7", "-15.1.2375.7", "+15.1.2375.7", "15.1.-2375.7",
      "15.1.65536.0", "15.1.2375.99999999999999999999", "99999999999999999999.1.1.1", "15,1,2375,7",
      "15.1 .2375.7", "0x0f.1.2375.7", "15.1.2375.7\x01",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int rc = exchange_version_parse(bad[i], strlen(bad[i]), &v);
    if (rc != -1) fprintf(stderr, "accepted \"%s\"\n", bad[i]);
    CHECK(rc == -1);
  }
  CHECK(exchange_version_parse(NULL, 0, &v) == -1);
  CHECK(exchange_version_parse("15.1.2375.7", 0, &v) == -1);
}

static void test_version_cmp_format(void) {
  ex_version a = ver("15.1.2375.7"), b = ver("15.1.2375"), c = ver("15.1.2375.37"), d = ver("15.2.221.12");
  CHECK(exchange_version_cmp(&a, &a) == 0);
  CHECK(exchange_version_cmp(&b, &a) < 0); /* revision -1 sorts first */
  CHECK(exchange_version_cmp(&a, &c) < 0); /* numeric, not textual */
  CHECK(exchange_version_cmp(&d, &c) > 0);
  char buf[32];
  exchange_version_format(&a, buf, sizeof buf);
  CHECK_STREQ(buf, "15.1.2375.7");
  exchange_version_format(&b, buf, sizeof buf);
  CHECK_STREQ(buf, "15.1.2375");
  ex_version z = ver("15.01.2375.007");
  exchange_version_format(&z, buf, sizeof buf);
  CHECK_STREQ(buf, "15.1.2375.7");
  exchange_version_format(&a, buf, 5); /* truncates, stays terminated */
  CHECK_STREQ(buf, "15.1");
}

/* ---- golden answers ------------------------------------------------------ */

/* Chains in the order proxylogon, proxyshell, proxytoken, proxynotshell:
 * F fixed, V vulnerable, U unknown.  latest/behind/supported: -1 cannot
 * tell.  supported is judged on TODAY. */
#define TODAY "2026-03-01"

typedef struct {
  const char *build, *product, *cu, *update; /* update NULL: none */
  int latest, behind, supported;
  const char *chains;
  int nmissing; /* -1: not checked */
  int newer;
  const char *note;
} golden;

static const golden goldens[] = {
    /* the issue's own example: 2013/2016/2019 ended support in 2023 and 2025 */
    {"15.1.2507.16", "Exchange 2016", "CU23", "Nov22SU", 0, 19, 0, "FFFF", 28, 0, "2016 CU23 Nov22SU"},
    {"15.1.2507.66", "Exchange 2016", "CU23", "Feb26SU", 1, 0, 0, "FFFF", 0, 0, "2016 CU23 Feb26SU, the last"},
    {"15.1.2375.12", "Exchange 2016", "CU22", "Oct21SU", 0, 26, 0, "FFFV", -1, 0, "2016 CU22 Oct21SU"},
    {"15.1.1713.5", "Exchange 2016", "CU12", "Feb19SU", 0, 43, 0, "VVVV", -1, 0, "2016 CU12 = Feb19SU"},
    {"15.1.1415.8", "Exchange 2016", "CU8", "Mar21SU", 0, 30, 0, "FVVV", -1, 0, "CU8 Mar21SU (HealthChecker)"},
    {"15.1.1415.10", "Exchange 2016", "CU8", "Mar21SU", 0, 30, 0, "FVVV", -1, 0, "CU8 Mar21SU (build page)"},
    {"15.1.1466.16", "Exchange 2016", "CU9", "Mar21SU", 0, 30, 0, "FVVV", -1, 0, "CU9 Mar21SU (build page)"},
    {"15.1.2106.8", "Exchange 2016", "CU18", "Feb21SU", 0, 31, 0, "VVVV", -1, 0, "CU18 Feb21SU"},
    {"15.1.2106.13", "Exchange 2016", "CU18", "Mar21SU", 0, 30, 0, "FVVV", -1, 0, "CU18 Mar21SU, then no more"},
    {"15.1.2176.14", "Exchange 2016", "CU19", "May21SU", 0, 28, 0, "FFVV", -1, 0, "CU19 May21SU"},
    {"15.1.2242.4", "Exchange 2016", "CU20", NULL, 0, 30, 0, "FVVV", -1, 0, "CU20 shipped with March fixes"},
    {"15.1.2308.8", "Exchange 2016", "CU21", NULL, 0, 28, 0, "FFVV", -1, 0, "CU21 shipped with Apr+May"},
    {"15.0.1497.2", "Exchange 2013", "CU23", NULL, 0, 21, 0, "VVVV", -1, 0, "2013 CU23 as released"},
    {"15.0.1497.12", "Exchange 2013", "CU23", "Mar21SU", 0, 14, 0, "FVVV", -1, 0, "2013 CU23 Mar21SU"},
    {"15.0.1497.48", "Exchange 2013", "CU23", "Mar23SU", 1, 0, 0, "FFFF", 0, 0, "2013's last update"},
    {"15.0.1395.12", "Exchange 2013", "CU21", "Mar21SU", 0, 14, 0, "FVVV", -1, 0, "2013 CU21 special Mar21SU"},
    {"15.0.1263.5", "Exchange 2013", "CU15", NULL, 0, 29, 0, "VVVV", 66, 0, "2013 CU15: never fixed"},
    {"15.0.847.32", "Exchange 2013", "CU4", NULL, 0, 29, 0, "VVVV", -1, 0, "2013 SP1 (CU4)"},
    {"15.0.847.64", "Exchange 2013", "CU4", "Mar21SU", 0, 14, 0, "FVVV", -1, 0, "2013 SP1 Mar21SU"},
    {"15.0.1473.3", "Exchange 2013", "CU22", "Feb19SU", 0, 23, 0, "VVVV", 54, 0, "2013 CU22 = Feb19SU"},
    {"15.2.1748.43", "Exchange 2019", "CU15", "Feb26SU", 1, 0, 0, "FFFF", 0, 0, "2019's last"},
    {"15.2.1544.39", "Exchange 2019", "CU14", "Feb26SU", 0, 0, 0, "FFFF", 0, 0, "up to date, not the latest CU"},
    {"15.2.1258.39", "Exchange 2019", "CU13", "Nov24SUv2", 0, 7, 0, "FFFF", -1, 0, "2019 CU13's last"},
    {"15.2.330.5", "Exchange 2019", "CU1", "Feb19SU", 0, 43, 0, "VVVV", -1, 0, "2019 CU1 = Feb19SU"},
    {"15.2.221.18", "Exchange 2019", "RTM", "Mar21SU", 0, 30, 0, "FVVV", -1, 0, "2019 RTM Mar21SU"},
    {"15.2.221.12", "Exchange 2019", "RTM", NULL, 0, 44, 0, "VVVV", -1, 0, "2019 RTM"},
    {"15.2.792.15", "Exchange 2019", "CU8", "May21SU", 0, 28, 0, "FFVV", -1, 0, "2019 CU8 May21SU"},
    {"15.2.2562.17", "Exchange SE", "RTM", NULL, 0, 5, 1, "FFFF", 4, 0, "SE as released"},
    {"15.2.2562.37", "Exchange SE", "RTM", "Feb26SU", 1, 0, 1, "FFFF", 0, 0, "SE Feb26SU"},
    {"14.3.513.0", "Exchange 2010", "SP3", "RU32", 1, 0, 0, "FFFF", 0, 0, "2010 SP3 RU32: not affected"},
    {"14.3.509.0", "Exchange 2010", "", NULL, 0, 1, 0, "FFFF", 1, 0, "2010 RU31 lacks CVE-2021-26857"},
    {"14.2.247.5", "Exchange 2010", "", NULL, 0, 1, 0, "FFFF", 1, 0, "2010 SP2"},
    /* builds that are no update: between updates, unknown CUs, older than all */
    {"15.1.2507.50", "Exchange 2016", "CU23", NULL, 0, 7, 0, "FFFF", 5, 0, "after Nov24SUv2, before Apr25HU"},
    {"15.1.2150.3", "Exchange 2016", "", NULL, 0, 32, 0, "VVVV", -1, 0, "no such CU: lacks what it cannot have"},
    {"15.1.225.42", "Exchange 2016", "", NULL, 0, 50, 0, "VVVV", 108, 0, "2016 RTM, older than any CU listed"},
    {"15.0.1497.11", "Exchange 2013", "CU23", NULL, 0, 15, 0, "VVVV", -1, 0, "between Dec20SU and Mar21SU"},
    /* three parts: the CU only (a logon page) */
    {"15.1.2375", "Exchange 2016", "CU22", NULL, 0, -1, 0, "FFFU", 28, 0, "CU22: Nov22SU invisible"},
    {"15.1.2242", "Exchange 2016", "CU20", NULL, 0, -1, 0, "FUUV", -1, 0, "CU20: Apr/May/Jul invisible, no Nov22SU"},
    {"15.1.2106", "Exchange 2016", "CU18", NULL, 0, -1, 0, "UVVV", -1, 0, "CU18: only Mar21SU exists"},
    {"15.0.1263", "Exchange 2013", "CU15", NULL, 0, -1, 0, "VVVV", 66, 0, "2013 CU15 (the remote test's)"},
    {"15.0.1473", "Exchange 2013", "CU22", NULL, 0, -1, 0, "UVVV", -1, 0, "CU22: Feb19SU is the CU itself"},
    {"15.1.2507", "Exchange 2016", "CU23", NULL, -1, -1, 0, "FFFU", -1, 0, "the newest CU: latest unknown"},
    {"15.2.2562", "Exchange SE", "RTM", NULL, -1, -1, 1, "FFFF", -1, 0, "SE RTM"},
    /* newer than the table: never assumed anything, warned */
    {"15.2.2562.40", "Exchange SE", "RTM", NULL, -1, -1, 1, "FFFF", 0, 1, "a later SE update"},
    {"15.1.2600.1", "Exchange 2016", "", NULL, -1, -1, 0, "FFFF", 0, 1, "a 2016 CU after the last"},
    {"15.2.2600", "Exchange SE", "", NULL, -1, -1, 1, "FFFF", 0, 1, "a future SE CU, CU only"},
    {"15.3.100.1", "", "", NULL, -1, -1, -1, "UUUU", 0, 1, "a future minor"},
    {"16.0.1.1", "", "", NULL, -1, -1, -1, "UUUU", 0, 1, "a future major"},
    /* not Exchange builds this table knows */
    {"8.3.83.6", "", "", NULL, -1, -1, -1, "UUUU", 0, 0, "Exchange 2007"},
};

static const char *const chain_names[] = {"proxylogon", "proxyshell", "proxytoken", "proxynotshell"};

static void check_golden(const ex_table *t, const golden *g) {
  ex_version v = ver(g->build);
  ex_assessment a;
  exchange_assess(t, &v, TODAY, &a);
  int ok = a.nchains == 4 && !strcmp(a.product, g->product) && !strcmp(a.cu, g->cu) &&
           (g->update ? a.update && !strcmp(a.update, g->update) : !a.update) && a.latest == g->latest &&
           a.updates_behind == g->behind && a.supported == g->supported && a.newer_than_known == g->newer &&
           (g->nmissing < 0 || (int)a.nmissing == g->nmissing) && (a.warning != NULL) == g->newer && a.summary &&
           *a.summary;
  for (size_t k = 0; k < 4 && ok; k++) {
    char want = g->chains[k];
    ex_chain_status st = want == 'V' ? EX_VULNERABLE : want == 'U' ? EX_UNKNOWN : EX_FIXED;
    if (strcmp(a.chains[k].chain, chain_names[k]) != 0 || a.chains[k].status != st || !a.chains[k].why ||
        !*a.chains[k].why)
      ok = 0;
  }
  if (!ok) {
    fprintf(stderr, "%s (%s): want %s|%s|%s latest=%d behind=%d supported=%d %s missing=%d newer=%d\n", g->build,
            g->note, g->product, g->cu, g->update ? g->update : "null", g->latest, g->behind, g->supported, g->chains,
            g->nmissing, g->newer);
    fprintf(stderr, "   got %s|%s|%s latest=%d behind=%d supported=%d ", a.product, a.cu,
            a.update ? a.update : "null", a.latest, a.updates_behind, a.supported);
    for (size_t k = 0; k < a.nchains; k++) fputc("FVU"[a.chains[k].status], stderr);
    fprintf(stderr, " missing=%zu newer=%d\n   %s\n", a.nmissing, a.newer_than_known, a.summary);
  }
  CHECK(ok);
  exchange_assessment_free(&a);
}

static void test_golden(void) {
  ex_table *t = exchange_table_builtin();
  CHECK(t != NULL);
  if (!t) return;
  for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++) check_golden(t, &goldens[i]);
  exchange_table_free(t);
}

/* ---- the sentences ---------------------------------------------------------- */

static ex_assessment assess(const ex_table *t, const char *build) {
  ex_version v = ver(build);
  ex_assessment a;
  exchange_assess(t, &v, TODAY, &a);
  return a;
}

static int has_missing(const ex_assessment *a, const char *cve) {
  for (size_t i = 0; i < a->nmissing; i++)
    if (!strcmp(a->missing_cves[i], cve)) return 1;
  return 0;
}

static void test_reasons_and_sentences(void) {
  ex_table *t = exchange_table_builtin();
  CHECK(t != NULL);
  if (!t) return;
  ex_assessment a = assess(t, "15.1.2507.16");
  CHECK_STREQ(a.su, "Nov22SU (KB5019758)");
  CHECK_STREQ(a.update_month, "2022-11");
  CHECK_STREQ(a.end_of_support, "2025-10-14");
  CHECK_STREQ(a.newest_build, "15.1.2507.66");
  CHECK_STREQ(a.chains[3].why, "fixed by Nov22SU (KB5019758, 15.1.2507.16)");
  CHECK_STREQ(a.chains[0].why, "fixed by Mar21SU (KB5000871, included in CU23)");
  CHECK_STREQ(a.summary, "Exchange 2016 CU23 with the November 2022 security update (Nov22SU): 19 updates behind "
                         "(the latest is Feb26SU, 15.1.2507.66), out of support since October 2025; not vulnerable "
                         "to ProxyLogon, ProxyShell, ProxyToken or ProxyNotShell/OWASSRF; lacks the fixes for 28 CVEs.");
  CHECK(has_missing(&a, "CVE-2023-21529") && has_missing(&a, "CVE-2026-21527") && !has_missing(&a, "CVE-2022-41040"));
  CHECK_STREQ(a.missing_cves[0], "CVE-2023-21762"); /* release order: Jan23SU first */
  exchange_assessment_free(&a);

  a = assess(t, "15.1.2507.13"); /* Oct22SU: one short of ProxyNotShell's fix */
  CHECK(a.chains[3].status == EX_VULNERABLE);
  CHECK_STREQ(a.chains[3].why, "lacks Nov22SU (KB5019758, 15.1.2507.16 on this CU), which fixes CVE-2022-41040");
  CHECK(has_missing(&a, "CVE-2022-41080") && has_missing(&a, "CVE-2022-41123"));
  exchange_assessment_free(&a);

  a = assess(t, "15.0.1263.5"); /* out of support, never fixed */
  CHECK_STREQ(a.chains[0].why, "CU15 never received Mar21SU (KB5000871), which fixes CVE-2021-26855: no fix exists "
                               "for this out-of-support CU; a later CU is needed");
  CHECK(strstr(a.summary, "Exchange 2013 CU15 as released, with no update installed: 29 updates behind") == a.summary);
  CHECK(strstr(a.summary, "out of support since April 2023; vulnerable to ProxyLogon, ProxyShell, ProxyToken and "
                          "ProxyNotShell/OWASSRF") != NULL);
  CHECK(has_missing(&a, "CVE-2018-0924") && has_missing(&a, "CVE-2021-34473") && has_missing(&a, "CVE-2021-33766"));
  CHECK(!has_missing(&a, "CVE-2018-0941")); /* Mar18SU fixed it on 2016 only */
  exchange_assessment_free(&a);

  a = assess(t, "15.0.1473.3"); /* a CU that is also an update: both named */
  CHECK_STREQ(a.cu, "CU22");
  CHECK(a.cu_release == 1);
  CHECK(strstr(a.summary, "CU22 as released, which is also the February 2019 security update (Feb19SU)") != NULL);
  exchange_assessment_free(&a);

  a = assess(t, "15.2.2562.37");
  CHECK(strstr(a.summary, "Exchange SE RTM with the February 2026 security update (Feb26SU): the latest build in "
                          "the table, supported;") == a.summary);
  CHECK_STREQ(a.chains[0].why, "Exchange SE is not affected: no update for it fixes CVE-2021-26855, the chain's entry point");
  exchange_assessment_free(&a);

  a = assess(t, "15.1.2375"); /* CU only */
  CHECK(a.cu_only && a.updates_behind == -1 && a.updates_behind_max == 27);
  CHECK_STREQ(a.chains[3].why, "only the CU is visible: whether Nov22SU (KB5019758, 15.1.2375.37 on this CU), which "
                               "fixes CVE-2022-41040, is installed cannot be seen");
  CHECK(strstr(a.summary, "(the installed update cannot be seen from outside): up to 27 updates behind") != NULL);
  exchange_assessment_free(&a);

  a = assess(t, "15.1.2106.13");
  CHECK_STREQ(a.chains[1].why, "CU18 never received Apr21SU (KB5001779), which fixes CVE-2021-34473: no fix exists "
                               "for this out-of-support CU; a later CU is needed");
  exchange_assessment_free(&a);

  a = assess(t, "15.1.2507.50"); /* not an update's build: no label guessed */
  CHECK(a.update == NULL && !strcmp(a.su, ""));
  CHECK_STREQ(a.newest_had, "Nov24SUv2");
  CHECK(strstr(a.summary, "build 15.1.2507.50, which is not a build of any update in the table (the newest update "
                          "it includes is Nov24SUv2): 7 updates behind") != NULL);
  exchange_assessment_free(&a);

  a = assess(t, "15.2.2562.40"); /* newer than the table */
  CHECK(a.newer_than_known && a.warning && strstr(a.warning, "older than this build") &&
        strstr(a.warning, "15.2.2562.37"));
  CHECK(strstr(a.summary, "newer than every Exchange SE build in this table") != NULL);
  exchange_assessment_free(&a);

  a = assess(t, "16.0.1.1");
  CHECK(a.newer_than_known && a.warning && a.chains[0].status == EX_UNKNOWN);
  CHECK(strstr(a.summary, "is not an Exchange build this table knows (it is newer than every build in it)") != NULL);
  exchange_assessment_free(&a);

  a = assess(t, "14.3.509.0");
  CHECK(a.nmissing == 1 && !strcmp(a.missing_cves[0], "CVE-2021-26857"));
  CHECK(strstr(a.chains[0].why, "Exchange 2010 is not affected") == a.chains[0].why);
  exchange_assessment_free(&a);

  /* supported follows the date given: SE has no end, 2019 ended 2025-10-14 */
  ex_version v = ver("15.2.1748.43");
  exchange_assess(t, &v, "2025-10-13", &a);
  CHECK(a.supported == 1 && strstr(a.summary, ", supported;") != NULL);
  exchange_assessment_free(&a);
  exchange_assess(t, &v, "2025-10-14", &a);
  CHECK(a.supported == 0);
  exchange_assessment_free(&a);
  exchange_assess(t, &v, NULL, &a); /* the clock: after 2025 */
  CHECK(a.supported == 0);
  exchange_assessment_free(&a);

  /* no table: everything unknown, nothing crashes */
  exchange_assess(NULL, &v, TODAY, &a);
  CHECK(a.nchains == 4 && a.chains[0].status == EX_UNKNOWN && a.latest == -1 && a.summary);
  exchange_assessment_free(&a);

  CHECK_STREQ(exchange_chain_status_name(EX_FIXED), "fixed");
  CHECK_STREQ(exchange_chain_status_name(EX_VULNERABLE), "vulnerable");
  CHECK_STREQ(exchange_chain_status_name(EX_UNKNOWN), "unknown");
  exchange_table_free(t);
}

/* ---- the CSV ------------------------------------------------------------ */

static void test_builtin_clean(void) {
  warnings w;
  ex_table *t = parse_str(ss_builtin_builds, &w);
  CHECK(t != NULL);
  CHECK(w.n == 0);
  for (int i = 0; i < w.n && i < 64; i++) fprintf(stderr, "builtin warning line %u: %s\n", w.lines[i], w.msgs[i]);
  /* HealthChecker's 280 rows, the four March 2021 builds Microsoft's page adds and 2010 RU32 */
  CHECK(exchange_table_rows(t) == 285);
  ex_table *b = exchange_table_builtin();
  CHECK(b && exchange_table_rows(b) == exchange_table_rows(t));
  exchange_table_free(b);
  exchange_table_free(t);
}

#define HEADER "product,cu,build,update,kb,released,cves,end_of_support\n"

static void test_csv_forms(void) {
  /* BOM, CRLF, comments, blank lines, quoted fields, reordered and extra
   * columns, blanks around fields, a trailing NUL (embedded blobs). */
  static const char text[] =
      "\xEF\xBB\xBF# comment\r\n"
      "\r\n"
      "build, product ,cu,released,kb,update,cves,end_of_support,note\r\n"
      "   # indented comment\r\n"
      "15.1.2106.2,Exchange 2016,CU18,2020-09-15,,,,2025-10-14,\r\n"
      "\"15.1.2106.13\",\"Exchange 2016\",CU18,2021-03,KB5000871,Mar21SU,"
      "\"CVE-2021-26855; CVE-2021-26857;CVE-2021-26858 ;CVE-2021-27065;ADV190018\",,\"a \"\"quoted\"\", note\"\r\n"
      "15.9.1.0,\"Exchange, Future\",CU1,,,,,,";
  warnings w;
  memset(&w, 0, sizeof w);
  ex_table *t = exchange_table_parse(text, sizeof text, "forms.csv", collect, &w);
  CHECK(t != NULL);
  CHECK(w.n == 0);
  for (int i = 0; i < w.n && i < 64; i++) fprintf(stderr, "line %u: %s\n", w.lines[i], w.msgs[i]);
  CHECK(exchange_table_rows(t) == 3);
  ex_assessment a = assess(t, "15.1.2106.13");
  CHECK(a.chains[0].status == EX_FIXED);
  CHECK_STREQ(a.product, "Exchange 2016");
  CHECK_STREQ(a.end_of_support, "2025-10-14"); /* from the product's other row */
  CHECK(a.latest == 1 && a.updates_behind == 0);
  /* proxyshell has no row in this table at all: not affected */
  CHECK(a.chains[1].status == EX_FIXED);
  exchange_assessment_free(&a);
  a = assess(t, "15.1.2106.10");
  CHECK(a.chains[0].status == EX_VULNERABLE && a.nmissing == 5 && !strcmp(a.missing_cves[4], "ADV190018"));
  exchange_assessment_free(&a);
  a = assess(t, "15.9.1.0");
  CHECK_STREQ(a.product, "Exchange, Future");
  CHECK(a.supported == 1);
  exchange_assessment_free(&a);
  exchange_table_free(t);
}

/* Rows of one update agree on the month; two builds of one update on one
 * CU are both that update (2016 CU8 Mar21SU); a CU build may also be an
 * update's. */
static void test_csv_semantics(void) {
  static const char text[] = HEADER
      "Exchange 2016,CU8,15.1.1415.2,,,2017-12-19,,\n"
      "Exchange 2016,CU8,15.1.1415.8,Mar21SU,,2021-03,CVE-2021-26855,\n"
      "Exchange 2016,CU8,15.1.1415.10,Mar21SU,,2021-03,CVE-2021-26855,\n"
      "Exchange 2016,CU12,15.1.1713.5,,,2019-02-12,,\n"
      "Exchange 2016,CU12,15.1.1713.5,Feb19SU,,2019-02,CVE-2019-0686,\n"
      "Exchange 2016,CU12,15.1.1713.10,Mar21SU,,2021-04,CVE-2021-26855,2025-10-14\n"   /* 7: month differs */
      "Exchange 2016,CU12,15.1.1713.11,May21SU,,2021-05,CVE-2021-31207,2025-10-15\n"; /* 8: eos differs */
  warnings w;
  ex_table *t = parse_str(text, &w);
  CHECK(t && exchange_table_rows(t) == 7);
  CHECK(has_warning(&w, 7, "the first is used"));
  CHECK(has_warning(&w, 8, "end_of_support"));
  CHECK(w.n == 2);
  ex_assessment a = assess(t, "15.1.1415.9");
  CHECK(a.chains[0].status == EX_FIXED && a.update == NULL); /* at or above the CU's lower Mar21SU build */
  exchange_assessment_free(&a);
  a = assess(t, "15.1.1415.7");
  CHECK(a.chains[0].status == EX_VULNERABLE);
  exchange_assessment_free(&a);
  a = assess(t, "15.1.1713.5");
  CHECK(a.cu_release && a.update && !strcmp(a.update, "Feb19SU"));
  CHECK(a.updates_behind == 2); /* Mar21SU, May21SU */
  exchange_assessment_free(&a);
  exchange_table_free(t);
}

static void test_csv_errors(void) {
  char longline[9000];
  memset(longline, 'a', sizeof longline - 1);
  longline[sizeof longline - 1] = '\0';
  char text[16384];
  snprintf(text, sizeof text,
           HEADER                                                            /* 1 */
           "Exchange 2016,CU18,15.1.2106.2,,,,,\n"                           /* 2 ok */
           "Exchange 2016,CU18,15.1.2106,,,,,\n"                             /* 3 three-part build */
           "Exchange 2016,CU18,15.1.x.2,,,,,\n"                              /* 4 junk build */
           "Exchange 2016,CU18,15.1.2106.5,Feb21SU,,2021-13,,\n"             /* 5 bad month */
           "Exchange 2016,CU18,15.1.2106.6,Feb21SU,5000871,2021-02,,\n"      /* 6 bad kb */
           "Exchange 2016,CU18,15.1.2106.7,Feb21SU,,2021-02,CVE-21-1,\n"     /* 7 bad CVE */
           "Exchange 2016,CU18,15.1.2106.8,Feb21SU,,2021-02,\n"              /* 8 too few fields */
           "Exchange 2016,CU18,\"15.1.2106.9,,,,,\n"                         /* 9 unterminated quote */
           "Exchange 2016,CU18,\"15.1.2106.10\"x,,,,,\n"                     /* 10 junk after quote */
           "%s\n"                                                            /* 11 too long */
           "Exchange 2016,CU18,15.1.2106.2,,,,,\n"                           /* 12 duplicate */
           "Exchange 2016,CU19,15.1.2106.12,Mar21SU,,2021-03,,\n"            /* 13 same CU, other name */
           ",CU18,15.1.2106.14,Mar21SU,,2021-03,,\n"                         /* 14 no product */
           "Exchange 2016,CU18,15.1.2106.15,Mar21SU,,,,\n"                   /* 15 update without month */
           "Exchange 2016,CU18,15.1.2106.16,Mar21SU,,2021-03,,,,,,,,,,,,,,,,,\n" /* 16 too many fields */
           "Exchange 2016,CU18,15.1.2106.17,Mar21SU,,2021-03,CVE-2021-26855,\n"  /* 17 ok */
           "Exchange 2016,CU18,15.1.2106.18,,,2021-03,CVE-2021-26855,\n"     /* 18 cves on a CU row */
           "Exchange 2016,CU18,15.1.2106.17,Apr21SU,,2021-04,,\n"            /* 19 a second update on a build */
           "Exchange 2016,CU18,15.1.2106.19,Apr21SU,,2021-04,,2025-10\n",    /* 20 bad end of support */
           longline);
  warnings w;
  ex_table *t = parse_str(text, &w);
  CHECK(t != NULL);
  CHECK(exchange_table_rows(t) == 2);
  CHECK(has_warning(&w, 3, "not a four-part version"));
  CHECK(has_warning(&w, 4, "not a four-part version"));
  CHECK(has_warning(&w, 5, "YYYY-MM"));
  CHECK(has_warning(&w, 6, "kb"));
  CHECK(has_warning(&w, 7, "CVE-21-1"));
  CHECK(has_warning(&w, 8, "expected 8 fields"));
  CHECK(has_warning(&w, 9, "unterminated quoted field"));
  CHECK(has_warning(&w, 10, "text after a closing quote"));
  CHECK(has_warning(&w, 11, "longer than"));
  CHECK(has_warning(&w, 12, "already listed on line 2"));
  CHECK(has_warning(&w, 13, "another product or CU"));
  CHECK(has_warning(&w, 14, "product"));
  CHECK(has_warning(&w, 15, "required for an update"));
  CHECK(has_warning(&w, 16, "too many fields"));
  CHECK(has_warning(&w, 18, "without an update"));
  CHECK(has_warning(&w, 19, "already another update on line 17"));
  CHECK(has_warning(&w, 20, "end_of_support"));
  CHECK(w.n == 17);
  exchange_table_free(t);

  /* NUL byte inside a line */
  static const char nul[] = HEADER "Exchange 2016,CU18,15.1.2106.2\0,,,,,\n"
                            "Exchange 2016,CU18,15.1.2106.3,,,,,\n";
  memset(&w, 0, sizeof w);
  t = exchange_table_parse(nul, sizeof nul - 1, "nul.csv", collect, &w);
  CHECK(t && exchange_table_rows(t) == 1);
  CHECK(has_warning(&w, 2, "NUL"));
  exchange_table_free(t);

  /* a row with too many CVEs */
  {
    char many[8192];
    size_t o = (size_t)snprintf(many, sizeof many, HEADER "Exchange 2016,CU18,15.1.2106.3,Mar21SU,,2021-03,");
    for (int i = 0; i < 300; i++) o += (size_t)snprintf(many + o, sizeof many - o, "%sCVE-2021-%d", i ? ";" : "", 10000 + i);
    snprintf(many + o, sizeof many - o, ",\n");
    t = parse_str(many, &w);
    CHECK(t == NULL);
    CHECK(has_warning(&w, 2, "more than 256 cves"));
  }
}

static void test_csv_unusable(void) {
  warnings w;
  CHECK(parse_str("", &w) == NULL);
  CHECK(w.n == 1);
  CHECK(parse_str("# only a comment\n\n", &w) == NULL);
  CHECK(has_warning(&w, 2, "no header row"));
  /* the table of shellsift before issue 16: told what is missing */
  CHECK(parse_str("product,cu,build,released,kb,update,fixes\nExchange 2016,CU18,15.1.2106.2,,,RTM,\n", &w) == NULL);
  CHECK(has_warning(&w, 1, "\"cves\""));
  CHECK(parse_str(HEADER, &w) == NULL);
  CHECK(has_warning(&w, 1, "no usable build rows"));
  CHECK(parse_str(HEADER "x,y,z\n", &w) == NULL);
  CHECK(has_warning(&w, 2, "expected 8 fields"));
  CHECK(exchange_table_parse(NULL, 0, NULL, NULL, NULL) == NULL); /* no callback: silent */

  /* junk: many bad lines produce a bounded number of warnings */
  char junk[40000];
  size_t o = 0;
  o += (size_t)snprintf(junk, sizeof junk, HEADER);
  while (o + 10 < sizeof junk) o += (size_t)snprintf(junk + o, sizeof junk - o, "a,b,c,d\n");
  CHECK(parse_str(junk, &w) == NULL);
  CHECK(w.n > 10 && w.n < 60);
}

int main(void) {
  RUN(test_version_parse);
  RUN(test_version_cmp_format);
  RUN(test_builtin_clean);
  RUN(test_golden);
  RUN(test_reasons_and_sentences);
  RUN(test_csv_forms);
  RUN(test_csv_semantics);
  RUN(test_csv_errors);
  RUN(test_csv_unusable);
  TEST_END();
}
