/*
 * test_sweep.c - the sweep's decisions without a tree: the verdict rules
 * (each rule alone, the precedence of compromised over suspicious, low
 * findings never moving the verdict), the post-exploitation artefact
 * classifier (magic numbers over names, places that matter, look-alikes
 * that must stay quiet), where a path lies, and discovery of drive folders
 * in a KAPE-style collection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sweep/sweep.h"
#include "test.h"

static ss_verdict verdict_of(sweep_evidence e) { return sweep_verdict(&e, NULL); }

static void test_verdict_rules(void) {
  CHECK(verdict_of((sweep_evidence){0}) == SS_VERDICT_NO_EVIDENCE);
  CHECK(verdict_of((sweep_evidence){.file_strong = 1}) == SS_VERDICT_COMPROMISED);         /* C1 */
  CHECK(verdict_of((sweep_evidence){.artefact_strong = 1}) == SS_VERDICT_COMPROMISED);     /* C2 */
  CHECK(verdict_of((sweep_evidence){.log_success = 1}) == SS_VERDICT_COMPROMISED);         /* C3 */
  CHECK(verdict_of((sweep_evidence){.incident_shell = 1}) == SS_VERDICT_COMPROMISED);      /* C4 */
  CHECK(verdict_of((sweep_evidence){.file_medium = 1}) == SS_VERDICT_SUSPICIOUS);          /* S1 */
  CHECK(verdict_of((sweep_evidence){.artefact_medium = 2}) == SS_VERDICT_SUSPICIOUS);      /* S2 */
  CHECK(verdict_of((sweep_evidence){.log_other = 3}) == SS_VERDICT_SUSPICIOUS);            /* S3 */
  CHECK(verdict_of((sweep_evidence){.exchange_vulnerable = 1, .proxy_logs_missing = 1}) ==
        SS_VERDICT_SUSPICIOUS); /* S4 */
  /* a vulnerable build whose logs show nothing, or missing logs on a patched one, is no evidence */
  CHECK(verdict_of((sweep_evidence){.exchange_vulnerable = 1}) == SS_VERDICT_NO_EVIDENCE);
  CHECK(verdict_of((sweep_evidence){.proxy_logs_missing = 1}) == SS_VERDICT_NO_EVIDENCE);
  /* compromised wins over suspicious evidence */
  CHECK(verdict_of((sweep_evidence){.file_medium = 5, .log_other = 9, .artefact_strong = 1}) ==
        SS_VERDICT_COMPROMISED);
}

/* A log finding with a built-in rule (NULL: none) and a Sigma rule of a
 * level and tags (NULL: none), as the verdict counts it. */
static sweep_evidence counted(ss_severity builtin, int has_builtin, ss_severity sigma, const char *const *tags,
                              size_t ntags, const char *outcome) {
  ss_log_reason r[2];
  size_t n = 0;
  if (has_builtin)
    r[n++] = (ss_log_reason){.source = "builtin", .rule = "webshell-request", .severity = builtin};
  if (tags)
    r[n++] = (ss_log_reason){.source = "sigma", .rule = "00000000-0000-4000-8000-000000000000", .severity = sigma,
                             .tags = tags, .ntags = ntags};
  ss_log_finding lf = {.severity = n ? r[0].severity : SS_SEV_LOW, .outcome = outcome, .reasons = r, .nreasons = n};
  sweep_evidence e = {0};
  sweep_count_log_finding(&e, &lf);
  return e;
}

static void test_verdict_sigma(void) {
  static const char *const t1190[] = {"attack.t1190", "cve.2021-26855"};
  static const char *const initial[] = {"attack.Initial-Access"};
  static const char *const webshell[] = {"attack.persistence", "attack.t1505.003"};
  static const char *const other[] = {"attack.execution", "attack.t1059.001"};
  static const char *const none[] = {""};
  /* C5: high or critical, tagged initial access / T1190 / T1505.003, not refused */
  CHECK(verdict_of(counted(0, 0, SS_SEV_HIGH, t1190, 2, "success")) == SS_VERDICT_COMPROMISED);
  CHECK(verdict_of(counted(0, 0, SS_SEV_CRITICAL, initial, 1, "unknown")) == SS_VERDICT_COMPROMISED); /* an event */
  CHECK(verdict_of(counted(0, 0, SS_SEV_HIGH, webshell, 2, "success")) == SS_VERDICT_COMPROMISED);
  CHECK(counted(0, 0, SS_SEV_HIGH, webshell, 2, "success").sigma_exploit == 1);
  /* the same refused by the server (404, 302): an attempt, suspicious (S5) */
  CHECK(verdict_of(counted(0, 0, SS_SEV_CRITICAL, t1190, 2, "attempt")) == SS_VERDICT_SUSPICIOUS);
  CHECK(verdict_of(counted(0, 0, SS_SEV_CRITICAL, t1190, 2, "redirected")) == SS_VERDICT_SUSPICIOUS);
  /* S5: any other high or critical match */
  CHECK(verdict_of(counted(0, 0, SS_SEV_HIGH, other, 2, "unknown")) == SS_VERDICT_SUSPICIOUS);
  CHECK(verdict_of(counted(0, 0, SS_SEV_CRITICAL, none, 0, "success")) == SS_VERDICT_SUSPICIOUS);
  /* lower levels are listed only, tagged or not */
  CHECK(verdict_of(counted(0, 0, SS_SEV_MEDIUM, t1190, 2, "success")) == SS_VERDICT_NO_EVIDENCE);
  CHECK(verdict_of(counted(0, 0, SS_SEV_LOW, webshell, 2, "success")) == SS_VERDICT_NO_EVIDENCE);
  /* the built-in rule beside a Sigma one keeps its own rule: a medium built-in hit with a low Sigma
   * match is S3; a low built-in hit with a high untagged Sigma match is S5, not C3 */
  sweep_evidence e = counted(SS_SEV_MEDIUM, 1, SS_SEV_LOW, other, 2, "success");
  CHECK(e.log_other == 1 && e.sigma_high == 0 && e.sigma_exploit == 0);
  e = counted(SS_SEV_LOW, 1, SS_SEV_HIGH, other, 2, "success");
  CHECK(e.log_success == 0 && e.log_other == 0 && e.sigma_high == 1);
  e = counted(SS_SEV_CRITICAL, 1, SS_SEV_HIGH, t1190, 2, "success");
  CHECK(e.log_success == 1 && e.sigma_exploit == 1);
  /* a finding without reasons (an older producer) counts by its own severity */
  ss_log_finding bare = {.severity = SS_SEV_HIGH, .outcome = "success"};
  e = (sweep_evidence){0};
  sweep_count_log_finding(&e, &bare);
  CHECK(e.log_success == 1);
  strbuf sb = STRBUF_INIT;
  e = (sweep_evidence){.sigma_exploit = 2, .sigma_high = 1};
  CHECK(sweep_verdict(&e, &sb) == SS_VERDICT_COMPROMISED);
  CHECK(sb.data && strstr(sb.data, "C5: 2 ") && strstr(sb.data, "S5: 1 "));
  sb_free(&sb);
}

static void test_verdict_reasons(void) {
  strbuf sb = STRBUF_INIT;
  sweep_evidence e = {.file_strong = 2, .log_other = 1};
  CHECK(sweep_verdict(&e, &sb) == SS_VERDICT_COMPROMISED);
  CHECK(sb.data && strstr(sb.data, "C1: 2 file(s)") != NULL);
  CHECK(sb.data && strstr(sb.data, "S3: 1 ") != NULL);
  CHECK(sb.data && strstr(sb.data, "C2") == NULL);
  sb_free(&sb);
  CHECK_STREQ(ss_verdict_name(SS_VERDICT_NO_EVIDENCE), "no-evidence");
  CHECK_STREQ(ss_verdict_name(SS_VERDICT_SUSPICIOUS), "suspicious");
  CHECK_STREQ(ss_verdict_name(SS_VERDICT_COMPROMISED), "compromised");
}

static const char *first_rule(const char *rel, const char *head, size_t hlen, const char *data) {
  static artefact a[4];
  size_t n = sweep_artefacts_check(rel, (const unsigned char *)head, hlen, (const unsigned char *)data,
                             data ? strlen(data) : 0, a, 4);
  return n ? a[0].rule : "";
}

static void test_artefacts(void) {
  const char mdmp[] = "MDMP\x93\xa7\0\0";
  CHECK_STREQ(first_rule("Windows/Temp/lsass.dmp", mdmp, 8, NULL), "shellsift.sweep.lsass_dump");
  CHECK_STREQ(first_rule("C/inetpub/wwwroot/LSASS_2.DMP", mdmp, 8, NULL), "shellsift.sweep.lsass_dump");
  /* a renamed dump in a staging folder is still a dump */
  CHECK_STREQ(first_rule("C/ProgramData/out.txt", mdmp, 8, NULL), "shellsift.sweep.minidump_staged");
  /* crash dumps where Windows writes them are not evidence */
  CHECK_STREQ(first_rule("C/Windows/Minidump/112521-1.dmp", mdmp, 8, NULL), "");
  CHECK_STREQ(first_rule("C/ProgramData/Microsoft/Windows/WER/ReportQueue/x/memory.hdmp", mdmp, 8, NULL), "");
  CHECK_STREQ(first_rule("Windows/Temp/lsass.dmp", "\0\0\0\0", 4, NULL), "shellsift.sweep.lsass_dump_name");
  /* PST: ProxyShell writes it under a page name */
  CHECK_STREQ(first_rule("Exchange/FrontEnd/HttpProxy/owa/auth/x.aspx", "!BDN", 4, NULL), "shellsift.sweep.pst_in_webroot");
  CHECK_STREQ(first_rule("var/www/html/mail.pst", "!BDN", 4, NULL), "shellsift.sweep.pst_in_webroot");
  CHECK_STREQ(first_rule("Users/bob/Documents/archive.pst", "!BDN", 4, NULL), "");
  /* archives: by magic, where attackers staged them */
  CHECK_STREQ(first_rule("ProgramData/it.zip", "PK\3\4", 4, NULL), "shellsift.sweep.archive_staged");
  CHECK_STREQ(first_rule("ProgramData/pst/x.dat", "7z\xbc\xaf\x27\x1c", 6, NULL), "shellsift.sweep.archive_staged");
  CHECK_STREQ(first_rule("inetpub/wwwroot/aspnet_client/a.rar", "Rar!\x1a\x07", 6, NULL),
              "shellsift.sweep.archive_in_webroot");
  CHECK_STREQ(first_rule("var/www/html/logo.png", "PK\3\4", 4, NULL), "shellsift.sweep.archive_disguised");
  /* look-alikes that stay quiet: vendor archives deep in ProgramData, a
   * plugin zip on a Linux site, a .zip that is not an archive */
  CHECK_STREQ(first_rule("ProgramData/McAfee/Agent/data/update/pkg.zip", "PK\3\4", 4, NULL), "");
  CHECK_STREQ(first_rule("var/www/html/wp-content/plugin.zip", "PK\3\4", 4, NULL), "");
  CHECK_STREQ(first_rule("ProgramData/it.zip", "text", 4, NULL), "");
  /* Chopper's cmd wrapper needs both markers */
  CHECK_STREQ(first_rule("Windows/Temp/o.txt", "cd", 2, "cd /d c:\\inetpub&whoami&echo [S]&cd&echo [E]"),
              "shellsift.sweep.chopper_cmd_wrapper");
  CHECK_STREQ(first_rule("Windows/Temp/o.txt", "cd", 2, "echo [S] only"), "");
  /* tools by name, only in staging or web folders */
  CHECK_STREQ(first_rule("Windows/Temp/procdump64.exe", "MZ", 2, NULL), "shellsift.sweep.attack_tool");
  CHECK_STREQ(first_rule("Program Files/7-Zip/7z.exe", "MZ", 2, NULL), "");
  /* out is bounded */
  artefact one[1];
  CHECK(sweep_artefacts_check("ProgramData/lsass.dmp", (const unsigned char *)"MDMP", 4, NULL, 0, one, 1) == 1);
  CHECK(sweep_artefacts_check("x", NULL, 0, NULL, 0, one, 0) == 0);
}

static void test_places(void) {
  CHECK(core_place_of("C/inetpub/wwwroot/aspnet_client/a.aspx") & PLACE_WEBROOT);
  CHECK(core_place_of("Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/OWA/AUTH/x.aspx") & PLACE_WINDOWS_WEB);
  CHECK(core_place_of("var/www/html/index.php") & PLACE_WEBROOT);
  CHECK(!(core_place_of("var/www/html/index.php") & PLACE_WINDOWS_WEB));
  CHECK(core_place_of("PROGRAMDATA/it.zip") & PLACE_PROGRAMDATA);
  CHECK(core_place_of("ProgramData/pst/it.zip") & PLACE_PROGRAMDATA);
  CHECK(!(core_place_of("ProgramData/a/b/it.zip") & PLACE_PROGRAMDATA));
  CHECK(!(core_place_of("ProgramData/Microsoft/it.zip") & PLACE_PROGRAMDATA));
  CHECK(core_place_of("windows/TEMP/x") & PLACE_WINTEMP);
  CHECK(core_place_of("Users/Public/opera/x.exe") & PLACE_PUBLIC);
  CHECK(core_place_of("Users/alice/x.exe") == 0);
  CHECK(core_place_is_script("a/b/Shell.ASPX"));
  CHECK(core_place_is_script("x.php"));
  CHECK(!core_place_is_script("a/readme.txt"));
  CHECK(!core_place_is_script("a/noext"));
  /* Windows separators count as separators (found by fuzz_artefacts) */
  CHECK(core_place_is_script("C:\\inetpub\\wwwroot\\x.ASPX"));
  CHECK(core_place_is_script("a/b.aspx\\.aspx") == core_place_is_script("a/b.aspx/.aspx"));
  CHECK(core_place_of("C:\\ProgramData\\it.zip") & PLACE_PROGRAMDATA);
}

static void mk(const char *root, const char *rel) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s/%s'", root, rel);
  CHECK(system(cmd) == 0);
}

static const cover_item *item(const coverage *c, const char *name) {
  for (size_t i = 0; i < c->n; i++)
    if (strcmp(c->items[i].item, name) == 0) return &c->items[i];
  return NULL;
}

static void test_discover(void) {
  char root[] = "/tmp/ss-sweep_discover-XXXXXX";
  CHECK(mkdtemp(root) != NULL);
  /* KAPE: <dest>/<host>/C/..., names in whatever case the collector kept */
  mk(root, "host1/C/WINDOWS/temp");
  mk(root, "host1/C/inetpub/WWWROOT");
  mk(root, "host1/C/programdata");
  mk(root, "host1/C/Program Files/Microsoft/Exchange Server/V15/bin");
  mk(root, "host1/C/Program Files/Microsoft/Exchange Server/V15/Logging/ECP/Server");
  coverage c = {0};
  sweep_discover(root, &c);
  CHECK(c.windows && c.exchange && !c.linux_web);
  const cover_item *it = item(&c, "Windows system drive");
  CHECK(it && strstr(it->path, "host1/C") != NULL);
  it = item(&c, "HttpProxy logs");
  CHECK(it && strcmp(it->status, "missing") == 0 && strstr(it->note, "CVE-2021-26855") != NULL);
  it = item(&c, "ECP server logs");
  CHECK(it && strcmp(it->status, "found") == 0);
  it = item(&c, "IIS logs");
  CHECK(it && strcmp(it->status, "missing") == 0);
  it = item(&c, "Windows\\Temp");
  CHECK(it && strcmp(it->status, "found") == 0);
  CHECK(c.missing >= 3);
  sweep_coverage_free(&c);

  /* a Linux web host */
  char lroot[] = "/tmp/ss-sweep_discover-XXXXXX";
  CHECK(mkdtemp(lroot) != NULL);
  mk(lroot, "var/www/html");
  mk(lroot, "var/log/nginx");
  mk(lroot, "etc");
  sweep_discover(lroot, &c);
  CHECK(!c.windows && c.linux_web && c.missing == 0);
  sweep_coverage_free(&c);

  /* nothing recognisable: said so, nothing "missing" */
  char eroot[] = "/tmp/ss-sweep_discover-XXXXXX";
  CHECK(mkdtemp(eroot) != NULL);
  sweep_discover(eroot, &c);
  CHECK(c.n == 1 && strcmp(c.items[0].status, "unknown") == 0 && c.missing == 0);
  sweep_coverage_free(&c);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s' '%s'", root, lroot, eroot);
  CHECK(system(cmd) == 0);
}

int main(void) {
  RUN(test_verdict_rules);
  RUN(test_verdict_sigma);
  RUN(test_verdict_reasons);
  RUN(test_artefacts);
  RUN(test_places);
  RUN(test_discover);
  TEST_END();
}
