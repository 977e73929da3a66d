/*
 * test_builds.c - unit tests for Exchange build numbers (version.c) and
 * the build table with its chain verdicts (builds.c).  The expectations
 * below are written by hand from the fact sheet (exchange.md 6.1, 6.2,
 * 6.3), not generated from rules/builds.csv, so a wrong row in the CSV
 * shows up here.  Also: version parsing edge cases, CSV errors with their
 * line numbers, and the built-in table parsing without a warning.
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

/* ---- verdicts, from the fact sheet --------------------------------------- */

/* F fixed, V vulnerable, U unknown; N: newer_than_known (all fixed). */
typedef struct {
  const char *build;
  const char *expect; /* proxylogon, proxyshell, proxytoken, proxynotshell */
  const char *note;
} expectation;

static const expectation sheet[] = {
    /* 6.1 Exchange 2013 CU23 */
    {"15.0.1497.2", "VVVV", "2013 CU23 RTM"},
    {"15.0.1497.10", "VVVV", "2013 CU23 Dec20, last pre-March"},
    {"15.0.1497.12", "FVVV", "2013 CU23 Mar21SU"},
    {"15.0.1497.15", "FVVV", "Apr21SU: 34473/34523 but not 31207"},
    {"15.0.1497.18", "FFVV", "May21SU: proxyshell complete"},
    {"15.0.1497.23", "FFFV", "Jul21SU: proxytoken"},
    {"15.0.1497.42", "FFFV", "Oct22SU"},
    {"15.0.1497.44", "FFFF", "Nov22SU"},
    {"15.0.1497.48", "FFFF", "a later SU on CU23 not in the table"},
    {"15.0.1497.11", "VVVV", "between Dec20 and Mar21SU"},
    /* 6.2 Exchange 2013 special March SUs */
    {"15.0.847.64", "FVVV", "2013 SP1 special Mar21SU"},
    {"15.0.847.32", "VVVV", "2013 SP1 without it"},
    {"15.0.1395.12", "FVVV", "2013 CU21 special"},
    {"15.0.1395.10", "VVVV", "2013 CU21 before it"},
    {"15.0.1473.6", "FVVV", "2013 CU22 special"},
    {"15.0.516.32", "VVVV", "2013 RTM: older than any CU in the table"},
    /* 6.1 Exchange 2016 */
    {"15.1.2106.2", "VVVV", "2016 CU18 RTM"},
    {"15.1.2106.8", "VVVV", "2016 CU18 Feb21 pre-March"},
    {"15.1.2106.13", "FVVV", "CU18 Mar21SU; no Apr/May SU for CU18"},
    {"15.1.2176.2", "VVVV", "2016 CU19 RTM"},
    {"15.1.2176.4", "VVVV", "CU19 Feb21"},
    {"15.1.2176.9", "FVVV", "CU19 Mar21SU"},
    {"15.1.2176.12", "FVVV", "CU19 Apr21SU"},
    {"15.1.2176.14", "FFVV", "CU19 May21SU"},
    {"15.1.2242.4", "FVVV", "CU20 RTM has March fixes"},
    {"15.1.2242.8", "FVVV", "CU20 Apr21SU"},
    {"15.1.2242.10", "FFVV", "CU20 May21SU"},
    {"15.1.2242.12", "FFFV", "CU20 Jul21SU"},
    {"15.1.2308.8", "FFVV", "CU21 RTM: March+April+May"},
    {"15.1.2308.14", "FFFV", "CU21 Jul21SU"},
    {"15.1.2375.7", "FFFV", "CU22 RTM"},
    {"15.1.2375.32", "FFFV", "CU22 Oct22SU"},
    {"15.1.2375.37", "FFFF", "CU22 Nov22SU"},
    {"15.1.2507.6", "FFFV", "CU23 RTM"},
    {"15.1.2507.13", "FFFV", "CU23 Oct22SU"},
    {"15.1.2507.16", "FFFF", "CU23 Nov22SU"},
    {"15.1.2507.39", "FFFF", "a later SU on CU23"},
    /* 6.2 Exchange 2016 special March SUs (main values; see CU8/CU9 below) */
    {"15.1.1415.10", "FVVV", "2016 CU8 special"},
    {"15.1.1466.16", "FVVV", "2016 CU9 special"},
    {"15.1.1531.12", "FVVV", "2016 CU10 special"},
    {"15.1.1591.18", "FVVV", "2016 CU11 special"},
    {"15.1.1713.10", "FVVV", "2016 CU12 special"},
    {"15.1.1779.8", "FVVV", "2016 CU13 special"},
    {"15.1.1847.12", "FVVV", "2016 CU14 special"},
    {"15.1.1913.12", "FVVV", "2016 CU15 special"},
    {"15.1.1979.8", "FVVV", "2016 CU16 special"},
    {"15.1.2044.13", "FVVV", "2016 CU17 special"},
    {"15.1.2044.4", "VVVV", "2016 CU17 without it"},
    {"15.1.1415.8", "VVVV", "HealthChecker's CU8 value: below the sheet's .10"},
    {"15.1.1261.35", "VVVV", "2016 CU7: older than any CU in the table"},
    {"15.1.2150.3", "UUUU", "an unknown CU between CU18 and CU19"},
    /* 6.1 Exchange 2019 */
    {"15.2.721.2", "VVVV", "2019 CU7 RTM"},
    {"15.2.721.8", "VVVV", "CU7 Feb21"},
    {"15.2.721.13", "FVVV", "CU7 Mar21SU; no later SU"},
    {"15.2.792.3", "VVVV", "CU8 RTM"},
    {"15.2.792.5", "VVVV", "CU8 Feb21"},
    {"15.2.792.10", "FVVV", "CU8 Mar21SU"},
    {"15.2.792.13", "FVVV", "CU8 Apr21SU"},
    {"15.2.792.15", "FFVV", "CU8 May21SU"},
    {"15.2.858.5", "FVVV", "CU9 RTM has March fixes"},
    {"15.2.858.10", "FVVV", "CU9 Apr21SU"},
    {"15.2.858.12", "FFVV", "CU9 May21SU"},
    {"15.2.858.15", "FFFV", "CU9 Jul21SU"},
    {"15.2.922.7", "FFVV", "CU10 RTM"},
    {"15.2.922.13", "FFFV", "CU10 Jul21SU"},
    {"15.2.986.5", "FFFV", "CU11 RTM"},
    {"15.2.986.30", "FFFV", "CU11 Oct22SU"},
    {"15.2.986.36", "FFFF", "CU11 Nov22SU"},
    {"15.2.1118.7", "FFFV", "CU12 RTM"},
    {"15.2.1118.15", "FFFV", "CU12 Oct22SU"},
    {"15.2.1118.20", "FFFF", "CU12 Nov22SU"},
    /* 6.2 Exchange 2019 special March SUs */
    {"15.2.330.11", "FVVV", "2019 CU1 special"},
    {"15.2.397.11", "FVVV", "2019 CU2 special"},
    {"15.2.464.15", "FVVV", "2019 CU3 special"},
    {"15.2.529.13", "FVVV", "2019 CU4 special"},
    {"15.2.595.8", "FVVV", "2019 CU5 special"},
    {"15.2.659.12", "FVVV", "2019 CU6 special"},
    {"15.2.659.4", "VVVV", "2019 CU6 without it"},
    {"15.2.221.12", "VVVV", "2019 RTM: older than any CU in the table"},
    /* Exchange 2010: RU32 is defense in depth for 26857 only (6.1) */
    {"14.3.513.0", "FFFF", "2010 SP3 RU32"},
    {"14.3.509.0", "FFFF", "2010 SP3 RU31: no chain affects 2010"},
    {"14.2.247.5", "FFFF", "2010 SP2"},
    /* newer than the table */
    {"15.2.1544.4", "NNNN", "2019 CU14"},
    {"15.1.2600.1", "NNNN", "a future 2016 CU"},
    {"15.3.100.1", "NNNN", "a future minor"},
    {"16.0.1.1", "NNNN", "a future major"},
    /* unknown products */
    {"8.3.83.6", "UUUU", "Exchange 2007"},
    {"14.4.1.1", "UUUU", "no such 2010 minor"},
    /* three parts: the CU only */
    {"15.1.2375", "FFFU", "CU22 RTM carries up to Jul21; Nov22SU invisible"},
    {"15.1.2242", "FUUV", "CU20: March by CU; May/Jul SUs invisible; no 41040 fix for CU20"},
    {"15.1.2106", "UVVV", "CU18: only a Mar21SU could fix anything"},
    {"15.1.1415", "UVVV", "2016 CU8"},
    {"15.0.1497", "UUUU", "2013 CU23: RTM fixes nothing, SUs fix all"},
    {"15.2.1118", "FFFU", "2019 CU12"},
    {"15.1.2150", "UUUU", "an unknown CU"},
    {"15.1.1261", "VVVV", "older than any CU"},
    {"15.2.1544", "NNNN", "newer"},
    {"14.3.513", "FFFF", "2010 RU32"},
};

static const char *const chain_names[] = {"proxylogon", "proxyshell", "proxytoken", "proxynotshell"};

static void check_sheet(const ex_table *t) {
  for (size_t i = 0; i < sizeof sheet / sizeof sheet[0]; i++) {
    const expectation *e = &sheet[i];
    ex_version v = ver(e->build);
    ex_assessment a;
    exchange_assess(t, &v, &a);
    int ok = a.nchains == 4;
    for (size_t k = 0; k < 4 && ok; k++) {
      char want = e->expect[k];
      ex_chain_status st = want == 'V' ? EX_VULNERABLE : want == 'U' ? EX_UNKNOWN : EX_FIXED;
      if (strcmp(a.chains[k].chain, chain_names[k]) != 0 || a.chains[k].status != st || !a.chains[k].why ||
          !*a.chains[k].why)
        ok = 0;
    }
    if ((e->expect[0] == 'N') != (a.newer_than_known != 0)) ok = 0;
    if (!ok) {
      fprintf(stderr, "%s (%s): want %s, got", e->build, e->note, e->expect);
      for (size_t k = 0; k < a.nchains; k++)
        fprintf(stderr, " %s=%s (%s)", a.chains[k].chain, exchange_chain_status_name(a.chains[k].status),
                a.chains[k].why);
      fprintf(stderr, " newer=%d\n", a.newer_than_known);
    }
    CHECK(ok);
  }
}

static void test_sheet_verdicts(void) {
  ex_table *t = exchange_table_builtin();
  CHECK(t != NULL);
  if (!t) return;
  check_sheet(t);
  exchange_table_free(t);
}

static void test_names_and_reasons(void) {
  ex_table *t = exchange_table_builtin();
  CHECK(t != NULL);
  if (!t) return;
  ex_assessment a;
  ex_version v = ver("15.1.2507.16");
  exchange_assess(t, &v, &a);
  CHECK_STREQ(a.product, "Exchange 2016");
  CHECK_STREQ(a.cu, "CU23");
  CHECK_STREQ(a.su, "Nov22SU (KB5019758)");
  CHECK_STREQ(a.chains[3].why, "fixed by Nov22SU (KB5019758, 15.1.2507.16)");

  v = ver("15.1.2507.13");
  exchange_assess(t, &v, &a);
  CHECK_STREQ(a.su, "Oct22SU (KB5019077)");
  CHECK(a.chains[3].status == EX_VULNERABLE);
  CHECK(strstr(a.chains[3].why, "Nov22SU (KB5019758, 15.1.2507.16)") != NULL);

  v = ver("15.1.2242.4");
  exchange_assess(t, &v, &a);
  CHECK_STREQ(a.cu, "CU20");
  CHECK_STREQ(a.su, "");
  CHECK_STREQ(a.chains[0].why, "fixed by CU20 as released (15.1.2242.4)");

  v = ver("15.1.2106.8");
  exchange_assess(t, &v, &a);
  CHECK_STREQ(a.su, "Feb21SU (KB4602269)");
  v = ver("15.1.2106.13");
  exchange_assess(t, &v, &a);
  CHECK_STREQ(a.cu, "CU18");
  CHECK_STREQ(a.su, "Mar21SU (KB5000871)");
  CHECK_STREQ(a.chains[1].why, "no update in the table fixes this chain on this CU");

  v = ver("15.2.1544.4");
  exchange_assess(t, &v, &a);
  CHECK(a.newer_than_known == 1);
  CHECK_STREQ(a.product, "Exchange 2019");
  CHECK_STREQ(a.cu, "");
  CHECK_STREQ(a.chains[0].why, "newer than the builds known to this table; assumed fixed");

  v = ver("15.1.2375");
  exchange_assess(t, &v, &a);
  CHECK_STREQ(a.cu, "CU22");
  CHECK_STREQ(a.su, "");
  CHECK_STREQ(a.chains[3].why, "only the CU is visible; an installed security update cannot be seen");

  v = ver("15.1.1261.35");
  exchange_assess(t, &v, &a);
  CHECK_STREQ(a.product, "Exchange 2016");
  CHECK_STREQ(a.cu, "");
  CHECK_STREQ(a.chains[0].why, "unsupported CU with no security update for proxylogon");

  v = ver("14.3.509.0");
  exchange_assess(t, &v, &a);
  CHECK_STREQ(a.product, "Exchange 2010");
  CHECK(strstr(a.chains[0].why, "not affected") != NULL);
  v = ver("14.3.513.0");
  exchange_assess(t, &v, &a);
  CHECK_STREQ(a.cu, "RU32");

  v = ver("8.3.83.6");
  exchange_assess(t, &v, &a);
  CHECK_STREQ(a.product, "");
  CHECK(a.newer_than_known == 0);

  /* no table: everything unknown, nothing crashes */
  exchange_assess(NULL, &v, &a);
  CHECK(a.nchains == 4 && a.chains[0].status == EX_UNKNOWN);

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
  CHECK(exchange_table_rows(t) >= 68); /* the rows of sheet 6.1, 6.2 and 2010 RU32 */
  ex_table *b = exchange_table_builtin();
  CHECK(b && exchange_table_rows(b) == exchange_table_rows(t));
  exchange_table_free(b);
  exchange_table_free(t);
}

static void test_csv_forms(void) {
  /* BOM, CRLF, comments, blank lines, quoted fields, reordered and extra
   * columns, blanks around fields, a trailing NUL (embedded blobs). */
  static const char text[] =
      "\xEF\xBB\xBF# comment\r\n"
      "\r\n"
      "build, product ,cu,released,kb,update,fixes,note\r\n"
      "   # indented comment\r\n"
      "15.1.2106.2,Exchange 2016,CU18,,,RTM,,\r\n"
      "\"15.1.2106.13\",\"Exchange 2016\",CU18,2021-03-02,KB5000871,Mar21SU,"
      "\"CVE-2021-26855; CVE-2021-26857;CVE-2021-26858 ;CVE-2021-27065;CVE-2021-26412\",\"a \"\"quoted\"\", note\"\r\n"
      "15.9.1.0,\"Exchange, Future\",CU1,,,RTM,,";
  warnings w;
  memset(&w, 0, sizeof w);
  ex_table *t = exchange_table_parse(text, sizeof text, "forms.csv", collect, &w);
  CHECK(t != NULL);
  CHECK(w.n == 0);
  for (int i = 0; i < w.n && i < 64; i++) fprintf(stderr, "line %u: %s\n", w.lines[i], w.msgs[i]);
  CHECK(exchange_table_rows(t) == 3);
  ex_assessment a;
  ex_version v = ver("15.1.2106.13");
  exchange_assess(t, &v, &a);
  CHECK(a.chains[0].status == EX_FIXED);
  CHECK_STREQ(a.product, "Exchange 2016");
  /* proxyshell has no row in this table at all: not affected */
  CHECK(a.chains[1].status == EX_FIXED);
  v = ver("15.1.2106.10");
  exchange_assess(t, &v, &a);
  CHECK(a.chains[0].status == EX_VULNERABLE);
  v = ver("15.9.1.0");
  exchange_assess(t, &v, &a);
  CHECK_STREQ(a.product, "Exchange, Future");
  exchange_table_free(t);
}

static void test_csv_errors(void) {
  char longline[5000];
  memset(longline, 'a', sizeof longline - 1);
  longline[sizeof longline - 1] = '\0';
  char text[8192];
  snprintf(text, sizeof text,
           "product,cu,build,released,kb,update,fixes\n"          /* 1 */
           "Exchange 2016,CU18,15.1.2106.2,,,RTM,\n"              /* 2 ok */
           "Exchange 2016,CU18,15.1.2106,,,RTM,\n"                /* 3 three-part build */
           "Exchange 2016,CU18,15.1.x.2,,,RTM,\n"                 /* 4 junk build */
           "Exchange 2016,CU18,15.1.2106.5,2021-13-01,,Feb21SU,\n" /* 5 bad date */
           "Exchange 2016,CU18,15.1.2106.6,,5000871,Feb21SU,\n"   /* 6 bad kb */
           "Exchange 2016,CU18,15.1.2106.7,,,Feb21SU,CVE-21-1\n"  /* 7 bad CVE */
           "Exchange 2016,CU18,15.1.2106.8,,,Feb21SU\n"           /* 8 too few fields */
           "Exchange 2016,CU18,\"15.1.2106.9,,,RTM,\n"            /* 9 unterminated quote */
           "Exchange 2016,CU18,\"15.1.2106.10\"x,,,RTM,\n"        /* 10 junk after quote */
           "%s\n"                                                 /* 11 too long */
           "Exchange 2016,CU18,15.1.2106.2,,,RTM,\n"              /* 12 duplicate */
           "Exchange 2016,CU19,15.1.2106.12,,,Mar21SU,\n"         /* 13 same CU, other name */
           ",CU18,15.1.2106.14,,,Mar21SU,\n"                      /* 14 no product */
           "Exchange 2016,CU18,15.1.2106.15,,,,\n"                /* 15 no update */
           "Exchange 2016,CU18,15.1.2106.16,,,Mar21SU,,,,,,,,,,,,,,,,,,\n" /* 16 too many fields */
           "Exchange 2016,CU18,15.1.2106.17,,,Mar21SU,CVE-2021-26855\n",   /* 17 ok */
           longline);
  warnings w;
  ex_table *t = parse_str(text, &w);
  CHECK(t != NULL);
  CHECK(exchange_table_rows(t) == 2);
  CHECK(has_warning(&w, 3, "not a four-part version"));
  CHECK(has_warning(&w, 4, "not a four-part version"));
  CHECK(has_warning(&w, 5, "YYYY-MM-DD"));
  CHECK(has_warning(&w, 6, "kb"));
  CHECK(has_warning(&w, 7, "CVE-21-1"));
  CHECK(has_warning(&w, 8, "expected 7 fields"));
  CHECK(has_warning(&w, 9, "unterminated quoted field"));
  CHECK(has_warning(&w, 10, "text after a closing quote"));
  CHECK(has_warning(&w, 11, "longer than"));
  CHECK(has_warning(&w, 12, "already listed on line 2"));
  CHECK(has_warning(&w, 13, "same CU"));
  CHECK(has_warning(&w, 14, "product"));
  CHECK(has_warning(&w, 15, "update"));
  CHECK(has_warning(&w, 16, "too many fields"));
  CHECK(w.n == 14);
  exchange_table_free(t);

  /* NUL byte inside a line */
  static const char nul[] = "product,cu,build,released,kb,update,fixes\nExchange 2016,CU18,15.1.2106.2\0,,,RTM,\n"
                            "Exchange 2016,CU18,15.1.2106.3,,,RTM,\n";
  memset(&w, 0, sizeof w);
  t = exchange_table_parse(nul, sizeof nul - 1, "nul.csv", collect, &w);
  CHECK(t && exchange_table_rows(t) == 1);
  CHECK(has_warning(&w, 2, "NUL"));
  exchange_table_free(t);
}

static void test_csv_unusable(void) {
  warnings w;
  CHECK(parse_str("", &w) == NULL);
  CHECK(w.n == 1);
  CHECK(parse_str("# only a comment\n\n", &w) == NULL);
  CHECK(has_warning(&w, 2, "no header row"));
  CHECK(parse_str("product,cu,build,kb,update,fixes\nExchange 2016,CU18,15.1.2106.2,,RTM,\n", &w) == NULL);
  CHECK(has_warning(&w, 1, "\"released\""));
  CHECK(parse_str("product,cu,build,released,kb,update,fixes\n", &w) == NULL);
  CHECK(has_warning(&w, 1, "no usable build rows"));
  CHECK(parse_str("product,cu,build,released,kb,update,fixes\nx,y,z\n", &w) == NULL);
  CHECK(has_warning(&w, 2, "expected 7 fields"));
  CHECK(exchange_table_parse(NULL, 0, NULL, NULL, NULL) == NULL); /* no callback: silent */

  /* junk: many bad lines produce a bounded number of warnings */
  char junk[40000];
  size_t o = 0;
  o += (size_t)snprintf(junk, sizeof junk, "product,cu,build,released,kb,update,fixes\n");
  while (o + 10 < sizeof junk) o += (size_t)snprintf(junk + o, sizeof junk - o, "a,b,c,d\n");
  CHECK(parse_str(junk, &w) == NULL);
  CHECK(w.n > 10 && w.n < 60);
}

int main(void) {
  RUN(test_version_parse);
  RUN(test_version_cmp_format);
  RUN(test_builtin_clean);
  RUN(test_sheet_verdicts);
  RUN(test_names_and_reasons);
  RUN(test_csv_forms);
  RUN(test_csv_errors);
  RUN(test_csv_unusable);
  TEST_END();
}
