/*
 * test_logs.c - the pieces of `shellsift logs` below the CLI: timestamps,
 * CSV splitting with quote doubling, the ECP S:CMD parser, URL
 * normalisation, shell path to URL mapping, format detection, the line
 * reader (BOM, CRLF, over-long lines, no final newline), stacking order,
 * incident grouping by address and time gap, and the session API end to
 * end on a small IIS log with a linked shell.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logs/logs.h"
#include "shellsift.h"
#include "test.h"

static int span_is(span s, const char *t) { return s.n == strlen(t) && !memcmp(s.p, t, s.n); }

static char *temp_file(const char *data, size_t len) {
  char *path = xstrdup("/tmp/test_logs_XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0 || write(fd, data, len) != (ssize_t)len) abort();
  close(fd);
  return path;
}

static void test_time(void) {
  CHECK(logs_days_from_civil(1970, 1, 1) == 0);
  CHECK(logs_parse_time("2021-03-03 00:00:25", 19) == 1614729625);
  CHECK(logs_parse_time("2021-03-03T00:00:25.123Z", 24) == 1614729625);
  CHECK(logs_parse_time("2021-03-03", 10) == 1614729600);
  CHECK(logs_parse_time("2020-02-29T23:59:59Z", 20) == 1583020799);
  CHECK(logs_parse_time("2021-13-03 00:00:00", 19) == SS_TIME_UNKNOWN);
  CHECK(logs_parse_time("2021-03-03 24:00:00", 19) == SS_TIME_UNKNOWN);
  CHECK(logs_parse_time("2021-03-0", 9) == SS_TIME_UNKNOWN);
  CHECK(logs_parse_time("2021-03-03X00:00:00", 19) == SS_TIME_UNKNOWN);
}

static void test_csv_split(void) {
  span f[8];
  strbuf sc = STRBUF_INIT;
  const char *line = "a,\"b,c\",\"d\"\"e\",,f";
  int n = logs_csv_split(line, strlen(line), f, 8, &sc);
  CHECK(n == 5);
  CHECK(span_is(f[0], "a") && span_is(f[1], "b,c") && span_is(f[2], "d\"e") && f[3].n == 0 && span_is(f[4], "f"));
  CHECK(logs_csv_split("x,\"open", 7, f, 8, &sc) == -1);
  n = logs_csv_split("", 0, f, 8, &sc);
  CHECK(n == 1 && f[0].n == 0);
  n = logs_csv_split("a,b,c,d", 7, f, 2, &sc); /* bounded */
  CHECK(n == 2);
  sb_free(&sc);
}

static void test_scmd(void) {
  logs_cmd inv = {0};
  const char *s = "Set-OabVirtualDirectory.ExternalUrl='http://f/<x>''y</x>'.Identity='g.h'";
  CHECK(logs_scmd_parse(s, strlen(s), &inv) == 0);
  CHECK(span_is(inv.cmdlet, "Set-OabVirtualDirectory"));
  CHECK(inv.nparams == 2);
  CHECK(span_is(inv.params[0].name, "ExternalUrl") && span_is(inv.params[0].value, "http://f/<x>'y</x>"));
  CHECK(span_is(inv.params[1].name, "Identity") && span_is(inv.params[1].value, "g.h"));
  CHECK_STREQ(inv.text.data, "Set-OabVirtualDirectory -ExternalUrl http://f/<x>'y</x> -Identity g.h");
  s = "Pipeline.1|Remove-MailboxExportRequest.Identity=a.b.Confirm=False";
  CHECK(logs_scmd_parse(s, strlen(s), &inv) == 0);
  CHECK(span_is(inv.cmdlet, "Remove-MailboxExportRequest") && inv.nparams == 2);
  CHECK(span_is(inv.params[0].value, "a.b") && span_is(inv.params[1].value, "False"));
  CHECK(logs_scmd_parse("hello", 5, &inv) == -1);
  CHECK(logs_scmd_parse("Pipeline.1", 10, &inv) == -1);
  s = "Set-X.Url='unterminated";
  CHECK(logs_scmd_parse(s, strlen(s), &inv) == 0 && span_is(inv.params[0].value, "unterminated"));
  logs_cmd_free(&inv);
}

static void test_uri(void) {
  strbuf u = STRBUF_INIT;
  span stem = {"/ECP/%2579.JS", 13}, q = {"a=cmd+/c&b=%2541", 16};
  logs_uri_normalise(&u, stem, q, 8192);
  CHECK_STREQ(u.data, "/ecp/y.js?a=cmd /c&b=a");
  logs_uri_normalise(&u, (span){"/x", 2}, SPAN_NONE, 8192);
  CHECK_STREQ(u.data, "/x");
  logs_uri_normalise(&u, (span){"/abcdef", 7}, SPAN_NONE, 4); /* bounded */
  CHECK(u.len == 4);
  logs_uri_normalise(&u, (span){"/a%zz%4", 7}, SPAN_NONE, 8192); /* bad escapes kept */
  CHECK_STREQ(u.data, "/a%zz%4");
  sb_free(&u);
  char *url = logs_shell_url_from_path("/mnt/c/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/X.aspx");
  CHECK_STREQ(url, "/owa/auth/x.aspx");
  free(url);
  url = logs_shell_url_from_path("C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\s.aspx");
  CHECK_STREQ(url, "/aspnet_client/system_web/s.aspx");
  free(url);
  CHECK(logs_shell_url_from_path("/home/user/shell.aspx") == NULL);
}

static logs_format detect_format(const char *head, size_t n) {
  logs_read_opts o = {0};
  const logs_reader *rd = logs_reader_detect(head, n, &o);
  if (!rd) return LOGS_FMT_UNKNOWN;
  return rd->fmt;
}

static void test_detect(void) {
  const char *iis = "#Software: Microsoft Internet Information Services 10.0\n#Fields: date time cs-uri-stem\n";
  const char *hp = "\xEF\xBB\xBF#Software: Microsoft Exchange Server\n#Fields: DateTime,RequestId,AnchorMailbox\n";
  const char *ecp = "#Log-type: ECP Server Log\n#Fields: TimeStamp,ServerName,EventId,EventData\n";
  const char *ews = "#Software: Microsoft Exchange Server\n#Fields: DateTime,ClientIpAddress,UserAgent\n";
  const char *bare = "2021-03-05 03:06:27 10.0.0.5 GET /owa/ - 443 - 1.2.3.4 x - 200 0 0 1\n";
  CHECK(detect_format(iis, strlen(iis)) == LOGS_FMT_IIS);
  CHECK(detect_format(hp, strlen(hp)) == LOGS_FMT_EXCSV);
  CHECK(detect_format(ecp, strlen(ecp)) == LOGS_FMT_EXCSV);
  CHECK(detect_format(ews, strlen(ews)) == LOGS_FMT_EXCSV);
  CHECK(detect_format(bare, strlen(bare)) == LOGS_FMT_IIS);
  CHECK(detect_format("hello world\n", 12) == LOGS_FMT_UNKNOWN);
  CHECK(detect_format("", 0) == LOGS_FMT_UNKNOWN);
}

static void test_reader(void) {
  char data[600];
  size_t n = 0;
  n += (size_t)sprintf(data + n, "\xEF\xBB\xBF" "one\r\ntwo\n");
  memset(data + n, 'x', 300), n += 300;
  n += (size_t)sprintf(data + n, "\nthree\r\n\nlast");
  char *path = temp_file(data, n);
  const char *why;
  logs_input *r = logs_input_file(path, 64, &why);
  CHECK(r != NULL);
  const char *p;
  size_t len;
  uint64_t ln;
  CHECK(logs_input_next(r, &p, &len, &ln) == 1 && len == 3 && !memcmp(p, "one", 3) && ln == 1);
  CHECK(logs_input_next(r, &p, &len, &ln) == 1 && len == 3 && !memcmp(p, "two", 3) && ln == 2);
  CHECK(logs_input_next(r, &p, &len, &ln) == 2 && ln == 3); /* too long: skipped, reported */
  CHECK(logs_input_next(r, &p, &len, &ln) == 1 && len == 5 && !memcmp(p, "three", 5) && ln == 4);
  CHECK(logs_input_next(r, &p, &len, &ln) == 1 && len == 0 && ln == 5);
  CHECK(logs_input_next(r, &p, &len, &ln) == 1 && len == 4 && !memcmp(p, "last", 4) && ln == 6);
  CHECK(logs_input_next(r, &p, &len, &ln) == 0);
  CHECK(logs_input_error(r) == NULL && logs_input_bytes(r) == n);
  logs_input_close(r);
  unlink(path);
  free(path);
  CHECK(logs_input_file("/nonexistent/x.log", 64, &why) == NULL && why && *why);
}

static void emit_url(void *user, const char *url, const char *ip, uint64_t count, unsigned nclients,
                     const char *file, const char *format, uint64_t line, int64_t time, const char *ua,
                     const char *evidence) {
  strbuf *sb = user;
  (void)ip, (void)file, (void)format, (void)line, (void)time, (void)ua, (void)evidence;
  sb_addf(sb, "%s:%u:%llu ", url, nclients, (unsigned long long)count);
}

static logs_rec post(const char *ip) {
  logs_rec r = {0};
  r.client_ip = (span){ip, strlen(ip)};
  r.user_agent = r.raw = SPAN_NONE;
  return r;
}

static void test_stacking(void) {
  logs_stack *t = logs_stack_new(3);
  logs_rec a = post("1.1.1.1"), b = post("2.2.2.2"), c = post("3.3.3.3"), d = post("4.4.4.4");
  for (int i = 0; i < 5; i++) CHECK(logs_stack_add(t, "/a.aspx", &a, "f") == 0);
  CHECK(logs_stack_add(t, "/b.aspx", &a, "f") == 0);
  CHECK(logs_stack_add(t, "/b.aspx", &b, "f") == 0);
  CHECK(logs_stack_add(t, "/c.aspx", &a, "f") == 0);
  CHECK(logs_stack_add(t, "/c.aspx", &b, "f") == 0);
  CHECK(logs_stack_add(t, "/c.aspx", &c, "f") == 0);
  CHECK(logs_stack_add(t, "/c.aspx", &d, "f") == 0);
  CHECK(logs_stack_add(t, "/d.aspx", &a, "f") == -1); /* full */
  strbuf out = STRBUF_INIT;
  logs_stack_rank(t, 2, 10, emit_url, &out);
  CHECK_STREQ(out.data, "/a.aspx:1:5 /b.aspx:2:2 ");
  sb_reset(&out);
  logs_stack_rank(t, 2, 1, emit_url, &out);
  CHECK_STREQ(out.data, "/a.aspx:1:5 ");
  sb_free(&out);
  logs_stack_free(t);
}

typedef struct {
  int findings, incidents;
  char rules[512];
  ss_incident last;
  char shells[256];
  unsigned ids[16];
  char finding_ids[16][32]; /* each incident's finding ids, "1,2" */
} collected;

static void collect(const ss_event *ev, void *user) {
  collected *c = user;
  if (ev->type == SS_EVENT_LOG_FINDING) {
    c->findings++;
    strncat(c->rules, ev->log_finding->rule, sizeof c->rules - strlen(c->rules) - 2);
    strcat(c->rules, " ");
  } else if (ev->type == SS_EVENT_INCIDENT) {
    if (c->incidents < 16) {
      c->ids[c->incidents] = ev->incident->id;
      char *p = c->finding_ids[c->incidents];
      for (size_t i = 0; i < ev->incident->nfindings && strlen(p) < 24; i++)
        sprintf(p + strlen(p), "%s%llu", i ? "," : "", (unsigned long long)ev->incident->finding_ids[i]);
    }
    c->incidents++;
    c->last = *ev->incident;
    if (ev->incident->nshells) snprintf(c->shells, sizeof c->shells, "%s", ev->incident->shells[0]);
  }
}

static void test_timeline(void) {
  logs_timeline *t = logs_timeline_new(10);
  const logs_rule *r = &logs_rules[LOGS_RULE_WEBSHELL_REQUEST];
  CHECK(r != NULL);
  CHECK(logs_timeline_add(t, 1, "1.1.1.1", 1000, r->name, r->phrase, SS_SEV_CRITICAL, NULL, NULL) == 0);
  CHECK(logs_timeline_add(t, 2, "1.1.1.1", 1000 + 3600, r->name, r->phrase, SS_SEV_HIGH, "/x/shell.aspx", NULL) == 0);
  CHECK(logs_timeline_add(t, 3, "1.1.1.1", 1000 + 3600 + 90000, r->name, r->phrase, SS_SEV_LOW, NULL, NULL) == 0); /* > gap: new incident */
  CHECK(logs_timeline_add(t, 4, "2.2.2.2", 500, r->name, r->phrase, SS_SEV_MEDIUM, NULL, NULL) == 0);
  collected c = {0};
  CHECK(logs_timeline_emit(t, 86400, collect, &c) == 3);
  CHECK(c.incidents == 3 && c.ids[0] == 1 && c.ids[1] == 2 && c.ids[2] == 3);
  /* each incident names its findings by id: 2.2.2.2's first, then 1.1.1.1's two, then the late one */
  CHECK_STREQ(c.finding_ids[0], "4");
  CHECK_STREQ(c.finding_ids[1], "1,2");
  CHECK_STREQ(c.finding_ids[2], "3");
  CHECK(c.last.first_seen == 1000 + 3600 + 90000 && c.last.severity == SS_SEV_LOW && c.last.nfindings == 1);
  CHECK_STREQ(c.shells, "/x/shell.aspx");
  logs_timeline_free(t);
  logs_timeline *full = logs_timeline_new(1);
  CHECK(logs_timeline_add(full, 5, "a", 1, r->name, r->phrase, SS_SEV_LOW, NULL, NULL) == 0 && logs_timeline_add(full, 6, "a", 2, r->name, r->phrase, SS_SEV_LOW, NULL, NULL) == -1);
  logs_timeline_free(full);
}

/* Every enum value has its row (a rule left out of the table would have
 * no name), names are unique, and what users see cites public sources. */
static void test_rules_table(void) {
  for (size_t i = 0; i < LOGS_RULE_COUNT; i++) {
    const logs_rule *r = &logs_rules[i];
    CHECK(r->id == (logs_rule_id)i && r->name && *r->name && r->title && *r->title && r->phrase && *r->phrase);
    CHECK(r->reference && *r->reference && r->cve);
    CHECK(logs_rule_by_name(r->name) == r);
    CHECK(!strstr(r->reference, "facts") && !strstr(r->reference, "\xc2\xa7") && !strstr(r->title, "facts"));
  }
  CHECK(logs_rule_by_name("no-such-rule") == NULL);
  for (int i = 0; i < LOGS_LIST_COUNT; i++) CHECK(logs_list_get((logs_list_id)i)->n > 0);
}

/* The evidence's account list: names by uid, the first name of a uid
 * kept, lines that are not passwd entries skipped. */
static void test_passwd(void) {
  logs_passwd *p = logs_passwd_new();
  const char *text = "root:x:0:0:root:/root:/bin/bash\n# comment\nbad line\nwww-data:x:33:33::/var/www:/bin/false\n"
                     "again:x:33:33::/:/bin/false\n:x:5:5::/:/bin/false\nnum:x:12a:1::/:/x\ntomcat:x:91:91::/:/x";
  CHECK(logs_passwd_add(p, text, strlen(text)) == 3);
  CHECK_STREQ(logs_passwd_name(p, 33), "www-data");
  CHECK_STREQ(logs_passwd_name(p, 91), "tomcat");
  CHECK_STREQ(logs_passwd_name(p, 0), "root");
  CHECK(logs_passwd_name(p, 5) == NULL && logs_passwd_name(p, 12) == NULL && logs_passwd_name(NULL, 0) == NULL);
  logs_passwd_free(p);
}

/* Web servers by their image (java by its command line) and the lists'
 * word matching, on which the process traces rest. */
#define SP(lit) ((span){lit, sizeof lit - 1})
static void test_process_lists(void) {
  strbuf sb = STRBUF_INIT;
  span w3wp = SP("C:\\Windows\\System32\\inetsrv\\W3WP.EXE");
  CHECK(logs_is_web_server(w3wp, SPAN_NONE, &sb));
  span java = SP("C:\\Java\\bin\\java.exe");
  span tomcat = SP("java -Dcatalina.home=C:\\t org.apache.catalina.startup.Bootstrap");
  span build = SP("java -jar builder.jar");
  CHECK(logs_is_web_server(java, tomcat, &sb) && !logs_is_web_server(java, build, &sb));
  span fpm = SP("/usr/sbin/php-fpm8.2"), csc = SP("csc.exe");
  CHECK(logs_is_web_server(fpm, SPAN_NONE, &sb) && !logs_is_web_server(csc, SPAN_NONE, &sb));
  span dump = SP("rundll32.exe C:\\windows\\System32\\COMSVCS.dll, MiniDump 624 x full");
  span pw = SP("appcmd.exe list apppool /text:processmodel.password"), list = SP("appcmd list vdir");
  CHECK(logs_credential_text(dump, &sb) && logs_credential_text(pw, &sb) && !logs_credential_text(list, &sb));
  CHECK(logs_name_listed(LOGS_LIST_WEB_USER, "iis apppool\\defaultapppool", 26));
  CHECK(logs_name_listed(LOGS_LIST_WEB_USER, "tomcat9", 7) && !logs_name_listed(LOGS_LIST_WEB_USER, "www-database", 12));
  span web = SP("C:\\inetpub\\wwwroot\\aspnet_client\\x.aspx"), home = SP("C:\\Users\\x\\a.exe");
  CHECK(logs_web_folder(web, &sb) && !logs_web_folder(home, &sb));
  sb_free(&sb);
}

static void test_session(void) {
  const char *log =
      "#Fields: date time cs-method cs-uri-stem cs-uri-query c-ip cs(User-Agent) sc-status\n"
      "2021-03-03 01:00:00 POST /aspnet_client/system_web/t3st.aspx - 203.0.113.1 x 200\n"
      "2021-03-03 02:00:00 POST /aspnet_client/system_web/t3st.aspx - 203.0.113.1 x 200\n"
      "2021-03-03 03:00:00 GET /owa/ - 198.51.100.1 y 200\n"
      "2021-03-04 03:00:00 POST /ecp/a.js - 203.0.113.2 z 200\n";
  char *path = temp_file(log, strlen(log));
  collected c = {0};
  ss_logs_options opt = {.since = SS_TIME_UNKNOWN, .until = 1614816000 - 1}; /* before 2021-03-04 */
  ss_logs_t *L;
  CHECK(ss_logs_new(&opt, collect, &c, &L) == SS_OK);
  CHECK(ss_logs_link_shell(L, "/mnt/c/inetpub/wwwroot/aspnet_client/system_web/T3ST.aspx") == SS_OK);
  CHECK(ss_logs_link_shell(L, "") == SS_ERR_ARG);
  CHECK(ss_logs_add(L, path) == SS_OK);
  CHECK(ss_logs_add(L, "/nonexistent/dir/x.log") == SS_ERR_IO);
  ss_logs_stats st;
  CHECK(ss_logs_finish(L, &st) == SS_OK);
  /* two linked requests and their stacking entry; the 03-04 request is outside --until */
  CHECK_STREQ(c.rules, "webshell-linked webshell-linked webshell-stacking ");
  CHECK(c.incidents == 1 && st.incidents == 1);
  CHECK_STREQ(c.shells, "/mnt/c/inetpub/wwwroot/aspnet_client/system_web/T3ST.aspx");
  CHECK(st.files == 1 && st.lines == 4 && st.findings == 3 && st.by_severity[SS_SEV_CRITICAL] == 2);
  CHECK(st.nsources == 1 && !strcmp(st.sources[0].format, "iis") && st.sources[0].lines == 4);
  CHECK(st.sources[0].first == 1614733200 && st.warnings == 1 && st.incomplete == 1);
  CHECK(ss_logs_exit_status(&st) == 1);
  st.findings = 0;
  CHECK(ss_logs_exit_status(&st) == 2);
  st.incomplete = 0;
  CHECK(ss_logs_exit_status(&st) == 0);
  st.files = 0;
  CHECK(ss_logs_exit_status(&st) == 2); /* nothing read is not clean */
  ss_logs_free(L);
  ss_logs_options bad = {.max_line = (uint64_t)1 << 40};
  CHECK(ss_logs_new(&bad, NULL, NULL, &L) == SS_ERR_ARG);
  unlink(path);
  free(path);
}

static void test_json_field(void) {
  strbuf out = STRBUF_INIT;
  CHECK(logs_json_string_field("{\"event\":\"finding\",\"path\":\"a\\\\b\\\"c\\u00e9\\n\"}", "path", &out) == 0);
  CHECK_STREQ(out.data, "a\\b\"c\xC3\xA9\n");
  CHECK(logs_json_string_field("{\"path\":\"unterminated", "path", &out) == -1);
  CHECK(logs_json_string_field("{\"path\":\"\\u12\"}", "path", &out) == -1);
  CHECK(logs_json_string_field("{\"other\":1}", "path", &out) == -1);
  sb_free(&out);
}

/* Sigma on the session's records (sigmarec.c): which record is which log
 * source, and the webserver names a request gets from an IIS line. */
static void count_hit(void *user, const sigma_hit *hit, const sigma_record *rec) {
  (void)rec;
  if (!hit->undecided) ++*(int *)user;
}

static int sigma_hits(const logs_sigma *ls, const logs_rec *r) {
  logs_sigma_scratch *sc = logs_sigma_scratch_new(ls);
  int n = 0;
  logs_sigma_eval(ls, sc, r, count_hit, &n);
  logs_sigma_scratch_free(sc);
  return n;
}

static void test_sigma_records(void) {
  char path[] = "/tmp/ss-sigma-rules-XXXXXX.yml";
  int fd = mkstemps(path, 4);
  CHECK(fd >= 0);
  static const char rules[] =
      "title: web\nid: 5c0e9a52-0d1f-4c43-9a53-00000000aaaa\nlevel: high\ntags: [cve.2021-26855]\n"
      "logsource: {category: webserver}\ndetection:\n  s:\n    cs-method: POST\n"
      "    cs-uri-query: '/ecp/x.aspx?cmd=whoami'\n    c-useragent|startswith: 'python requests'\n"
      "    cs-referer: null\n    sc-status: 200\n    s-port: 443\n  condition: s\n"
      "---\ntitle: 4688\nid: 5c0e9a52-0d1f-4c43-9a53-00000000bbbb\nlevel: low\n"
      "logsource: {product: windows, category: process_creation}\ndetection:\n  s:\n"
      "    Image|endswith: '\\w3wp.exe'\n  condition: s\n";
  CHECK(write(fd, rules, sizeof rules - 1) == (ssize_t)(sizeof rules - 1));
  close(fd);
  logs_sigma *ls = logs_sigma_new();
  CHECK(logs_sigma_add(ls, path) == 2);
  logs_sigma_finish(ls);
  CHECK(logs_sigma_count(ls) == 2 && logs_sigma_add(ls, path) == -1); /* nothing is added once compiled */
  const ss_log_reason *web = logs_sigma_reason(ls, sigma_ruleset_rule(logs_sigma_ruleset(ls), 0));
  CHECK_STREQ(web->rule, "5c0e9a52-0d1f-4c43-9a53-00000000aaaa");
  CHECK_STREQ(web->cve, "CVE-2021-26855");
  CHECK(web->severity == SS_SEV_HIGH && !strcmp(web->source, "sigma") && !strncmp(web->reference, "Sigma 5c0e", 10));
  /* an IIS line: the query joined to the path, '+' read as a space, '-' as no value, own columns kept */
  logs_field f[] = {{{"s-port", 6}, {"443", 3}}, {{"cs-uri-query", 12}, {"cmd=whoami", 10}}};
  logs_rec r;
  logs_rec_init(&r, LOGS_FMT_IIS, "iis", 7, (span){"x", 1});
  r.method = (span){"POST", 4};
  r.stem = (span){"/ecp/x.aspx", 11};
  r.query = (span){"cmd=whoami", 10};
  r.user_agent = (span){"python+requests/2.25", 20};
  r.referer = (span){"-", 1};
  r.status_text = (span){"200", 3};
  r.fields = f;
  r.nfields = 2;
  CHECK(sigma_hits(ls, &r) == 1);
  r.referer = (span){"https://mail/", 13}; /* cs-referer: null no longer holds */
  CHECK(sigma_hits(ls, &r) == 0);
  r.referer = SPAN_NONE;
  r.fmt = LOGS_FMT_ACCESS; /* an access log writes spaces as they are: '+' stays '+' */
  CHECK(sigma_hits(ls, &r) == 0);
  r.user_agent = (span){"python requests/2.25", 20};
  CHECK(sigma_hits(ls, &r) == 1);
  r.split = 0; /* a line no layout split: no fields to give */
  CHECK(sigma_hits(ls, &r) == 0);
  r.split = 1;
  r.fmt = LOGS_FMT_ECP; /* no Sigma log source for the ECP cmdlet log */
  CHECK(sigma_hits(ls, &r) == 0);
  /* Security 4688 is process_creation, with NewProcessName as Image */
  logs_field ev[] = {{{"EventID", 7}, {"4688", 4}}, {{"NewProcessName", 14}, {"C:\\w\\w3wp.exe", 13}}};
  logs_rec_init(&r, LOGS_FMT_EVTX, "evtx", 1, (span){"x", 1});
  r.channel = (span){"Security", 8};
  r.event_id = 4688;
  r.fields = ev;
  r.nfields = 2;
  CHECK(sigma_hits(ls, &r) == 1);
  r.event_id = 4689;
  CHECK(sigma_hits(ls, &r) == 0);
  logs_sigma_free(ls);
  unlink(path);
}

int main(void) {
  RUN(test_time);
  RUN(test_csv_split);
  RUN(test_scmd);
  RUN(test_uri);
  RUN(test_detect);
  RUN(test_reader);
  RUN(test_stacking);
  RUN(test_timeline);
  RUN(test_rules_table);
  RUN(test_passwd);
  RUN(test_process_lists);
  RUN(test_session);
  RUN(test_json_field);
  RUN(test_sigma_records);
  TEST_END();
}
