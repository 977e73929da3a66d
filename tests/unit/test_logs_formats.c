/*
 * test_logs_formats.c - the log readers below the session: memory and
 * gzip input (concatenated members), Apache/nginx/Tomcat times, access
 * layouts (compiling, matching with escaped and raw quotes, refusing what
 * cannot split a line), the formats of server configurations, IIS column
 * alignment for real variants, the lists of rules/logs.txt, the raw
 * request of an unsplit line, the prefilter's verdict on lines, and the
 * outcome of a status.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "logs/logs.h"
#include "shellsift.h"
#include "test.h"

static int span_is(span s, const char *t) { return s.n == strlen(t) && !memcmp(s.p, t, s.n); }

static size_t gzip_mem(const char *in, size_t n, unsigned char *out, size_t cap) {
  z_stream z = {0};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  z.next_in = (unsigned char *)in;
  z.avail_in = (unsigned)n;
  z.next_out = out;
  z.avail_out = (unsigned)cap;
  deflate(&z, Z_FINISH);
  size_t len = cap - z.avail_out;
  deflateEnd(&z);
  return len;
}

static void test_input_mem(void) {
  const char *text = "one\r\ntwo\n";
  unsigned char gz[256];
  size_t a = gzip_mem(text, strlen(text), gz, sizeof gz);
  size_t b = gzip_mem("three\n", 6, gz + a, sizeof gz - a); /* a second member, as cat a.gz b.gz */
  const char *names[] = {"plain", "gzip"};
  for (int k = 0; k < 2; k++) {
    logs_input *in = k ? logs_input_mem(gz, a + b, 64) : logs_input_mem("one\r\ntwo\nthree", 14, 64);
    const char *p;
    size_t n;
    uint64_t ln;
    CHECK(logs_input_next(in, &p, &n, &ln) == 1 && n == 3 && !memcmp(p, "one", 3));
    CHECK(logs_input_next(in, &p, &n, &ln) == 1 && n == 3 && !memcmp(p, "two", 3));
    CHECK(logs_input_next(in, &p, &n, &ln) == 1 && n == 5 && !memcmp(p, "three", 5) && ln == 3);
    CHECK(logs_input_next(in, &p, &n, &ln) == 0);
    if (logs_input_error(in)) fprintf(stderr, "%s: %s\n", names[k], logs_input_error(in));
    CHECK(logs_input_error(in) == NULL && logs_input_hits(in) == LOGS_HIT_ALL);
    logs_input_close(in);
  }
  logs_input *in = logs_input_mem(gz, a - 6, 64); /* truncated */
  const char *p;
  size_t n;
  uint64_t ln;
  while (logs_input_next(in, &p, &n, &ln) == 1) {
  }
  CHECK(logs_input_error(in) && strstr(logs_input_error(in), "truncated"));
  logs_input_close(in);
}

static void test_web_times(void) {
  CHECK(logs_parse_clf_time("03/Mar/2021:10:00:00 +0100", 26) == 1614762000);
  CHECK(logs_parse_clf_time("03/Mar/2021:10:00:00 -0700", 26) == 1614790800);
  CHECK(logs_parse_clf_time("03/Mar/2021:10:00:00", 20) == 1614765600); /* no offset: as written */
  CHECK(logs_parse_clf_time("03/Foo/2021:10:00:00 +0100", 26) == SS_TIME_UNKNOWN);
  CHECK(logs_parse_clf_time("03/Mar/2021:10:00:00 +01x0", 26) == SS_TIME_UNKNOWN);
  CHECK(logs_parse_iso_time("2021-03-03T16:00:01+01:00", 25) == 1614783601);
  CHECK(logs_parse_iso_time("2021-03-03T15:00:01.250Z", 24) == 1614783601);
  CHECK(logs_parse_iso_time("2021-03-03T15:00:01?", 20) == SS_TIME_UNKNOWN);
}

/* Matches line with the only layout of l through a session-less read. */
typedef struct {
  logs_rec last;
  char stem[128], ua[128], format[64], user[64], query[64], method[16], ip[32], lastname[32];
  int records, split;
} got;

static void on_rec(void *user, const logs_rec *r) {
  got *g = user;
  g->records++;
  g->split += r->split;
  g->last = *r;
  snprintf(g->stem, sizeof g->stem, "%.*s", (int)r->stem.n, r->stem.p);
  snprintf(g->ua, sizeof g->ua, "%.*s", (int)r->user_agent.n, r->user_agent.p);
  snprintf(g->format, sizeof g->format, "%s", r->format);
  snprintf(g->user, sizeof g->user, "%.*s", (int)r->auth_user.n, r->auth_user.p);
  snprintf(g->query, sizeof g->query, "%.*s", (int)r->query.n, r->query.p);
  snprintf(g->method, sizeof g->method, "%.*s", (int)r->method.n, r->method.p);
  snprintf(g->ip, sizeof g->ip, "%.*s", (int)r->client_ip.n, r->client_ip.p);
  g->lastname[0] = '\0';
  if (r->nfields)
    snprintf(g->lastname, sizeof g->lastname, "%.*s", (int)r->fields[r->nfields - 1].name.n, r->fields[r->nfields - 1].name.p);
}
static void on_line(void *user, uint64_t line, const char *msg) { (void)user, (void)line, (void)msg; }
static void on_file(void *user, int inc, const char *msg) { (void)user, (void)inc, (void)msg; }
static void on_unread(void *user, uint64_t line) { (void)user, (void)line; }

static got read_text(const char *text, const logs_layouts *l, const char **reader) {
  got g = {0};
  logs_read_opts o = {.layouts = l, .full = 1};
  logs_input *in = logs_input_mem(text, strlen(text), 4096);
  size_t hn;
  char *head = logs_input_peek(in, 65536, &hn);
  const logs_reader *rd = logs_reader_detect(head, hn, &o);
  free(head);
  *reader = rd ? rd->name : "none";
  logs_sink k = {&g, on_rec, on_line, on_file, on_unread, NULL};
  if (rd && rd->read) rd->read(rd, in, &o, &k);
  logs_input_close(in);
  return g;
}

static void test_access_layouts(void) {
  const char *rd;
  got g = read_text("1.2.3.4 - - [03/Mar/2021:10:00:00 +0000] \"GET /a.php?x=1 HTTP/1.1\" 200 5 \"-\" "
                    "\"Mozilla/5.0 \\\"quoted\\\" (x)\"\n",
                    NULL, &rd);
  CHECK_STREQ(rd, "access");
  CHECK(g.records == 1 && g.split == 1 && !strcmp(g.stem, "/a.php") && !strcmp(g.format, "access:combined"));
  CHECK_STREQ(g.ua, "Mozilla/5.0 \\\"quoted\\\" (x)");
  CHECK(g.last.status == 200 && g.last.nfields == 9 && !strcmp(g.query, "x=1") && !strcmp(g.method, "GET"));
  CHECK_STREQ(g.lastname, "%{User-Agent}i");
  /* raw quotes inside the user agent (an old writer): still split */
  g = read_text("1.2.3.4 - - [03/Mar/2021:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"a \"b\" c\"\n", NULL, &rd);
  CHECK(g.split == 1 && !strcmp(g.ua, "a \"b\" c"));
  /* a line of another layout in the file: split with it */
  g = read_text("1.2.3.4 - - [03/Mar/2021:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5\n"
                "h:80 1.2.3.4 - - [03/Mar/2021:10:00:00 +0000] \"GET /v HTTP/1.1\" 200 5 \"-\" \"u\"\n"
                "garbage\n",
                NULL, &rd);
  CHECK(g.records == 3 && g.split == 2 && g.last.split == 0);

  logs_layouts *l = logs_layouts_new();
  const char *why = NULL;
  CHECK(logs_layouts_add(l, 'a', "agent", "%{User-agent}i", &why) == -1 && why); /* nothing to check */
  CHECK(logs_layouts_add(l, 'a', "glued", "%h%u %r", &why) == -1);                /* cannot be split */
  CHECK(logs_layouts_add(l, 'a', "x", "%{Referer", &why) == -1);
  CHECK(logs_layouts_add(l, 'n', "t", "$remote_addr [$time_iso8601] \"$request\" $status", &why) == 0);
  CHECK(logs_layouts_add(l, 'n', "t", "$remote_addr [$time_iso8601] \"$request\" $status", &why) == 0);
  CHECK(logs_layouts_count(l) == 1); /* the same again: kept once */
  CHECK(logs_layouts_add(l, 'a', "pipes", "%a|%t|%m|%U%q|%>s", &why) == 0);
  g = read_text("9.9.9.9|[03/Mar/2021:10:00:00 +0100]|POST|/u/x.php?c=1|200\n", l, &rd);
  CHECK(g.split == 1 && !strcmp(g.stem, "/u/x.php") && !strcmp(g.query, "c=1") && g.last.time == 1614762000);
  logs_layouts_free(l);
}

static void test_webconf(void) {
  const char *conf =
      "LogFormat \"%h %l %u %t \\\"%r\\\" %>s %O\" mine\n"
      "  CustomLog /var/log/x.log \"%a %t \\\"%r\\\" %>s\"\n"
      "LogFormat \"%{User-agent}i\" agent\n"
      "# LogFormat \"%h \\\"%r\\\"\" commented\n"
      "    log_format  main  '$remote_addr - $remote_user [$time_local] \"$request\" '\n"
      "                      '$status $body_bytes_sent';\n"
      "<Valve className=\"org.apache.catalina.valves.AccessLogValve\"\n"
      "   pattern=\"%h %t &quot;%r&quot; %s\" />\n";
  logs_layouts *l = logs_layouts_new();
  CHECK(logs_webconf_read(l, conf, strlen(conf)) == 4);
  CHECK(logs_layouts_count(l) == 4);
  const char *rd;
  got g = read_text("1.2.3.4 - alice [03/Mar/2021:10:00:00 +0000] \"GET /n HTTP/1.1\" 404 0\n", l, &rd);
  CHECK(g.split == 1 && g.last.status == 404 && !strcmp(g.user, "alice")); /* mine or main: the same */
  g = read_text("1.2.3.4 [03/Mar/2021:10:00:00 +0000] \"GET /t HTTP/1.1\" 200\n", l, &rd);
  CHECK(g.split == 1 && !strcmp(g.stem, "/t"));
  logs_layouts_free(l);
}

static void test_w3c_variants(void) {
  const char *rd;
  const char *head = "#Software: Microsoft Internet Information Services 10.0\n"
                     "# Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
                     "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n";
  char text[1024];
  snprintf(text, sizeof text, "%s%s", head,
           "2021-03-07 00:00:01 10.0.0.5 POST /ecp/y.js - 443 - 1.2.3.4 Mozilla/5.0 (compatible; x; y) - 200 0 0 12\n");
  got g = read_text(text, NULL, &rd);
  CHECK_STREQ(rd, "iis");
  CHECK(g.split == 1 && !strcmp(g.ua, "Mozilla/5.0 (compatible; x; y)") && g.last.status == 200);
  snprintf(text, sizeof text, "%s%s", head, /* s-ip removed by redaction */
           "2021-03-07 00:00:05 POST /ews/exchange.asmx - 443 C\\u 1.2.3.4 Outlook - 200 0 0 120\n");
  g = read_text(text, NULL, &rd);
  CHECK(g.split == 1 && g.last.time == 1615075205 && !strcmp(g.stem, "/ews/exchange.asmx") && !strcmp(g.ip, "1.2.3.4"));
  snprintf(text, sizeof text, "%s%s", head, "2021-03-07 00:00:05 cut short\n");
  g = read_text(text, NULL, &rd);
  CHECK(g.records == 1 && g.split == 0);
}

static void test_lists(void) {
  CHECK(logs_path_listed(LOGS_LIST_SHIPPED, "/ecp/default.aspx", 17, 0, 0));
  CHECK(logs_path_listed(LOGS_LIST_SHIPPED, "/ecp/usersgroups/editmailbox.aspx", 33, 0, 0)); /* /ecp/<any>/ */
  CHECK(!logs_path_listed(LOGS_LIST_SHIPPED, "/ecp/auth/x.aspx", 16, 0, 1)); /* drop dir: exact entries only */
  CHECK(logs_path_listed(LOGS_LIST_SHIPPED, "/owa/auth/logon.aspx", 20, 0, 1));
  CHECK(logs_path_listed(LOGS_LIST_UPLOAD_DIR, "/site/sites/default/files/a.php", 31, 1, 0));
  CHECK(!logs_path_listed(LOGS_LIST_UPLOAD_DIR, "/index.php", 10, 1, 0));
  CHECK(logs_script_ext("/a/b.PHP", 8) == 0 && logs_script_ext("/a/b.php", 8) && !logs_script_ext("/a.php/x", 8));
  CHECK(logs_ua_listed(LOGS_LIST_SHELL_UA, "antsword/v2.1", 13, 0) && !logs_ua_listed(LOGS_LIST_SHELL_UA, "x antsword/", 11, 0));
  CHECK(logs_ua_listed(LOGS_LIST_SHELL_UA, "x antsword/", 11, 1));
}

static void test_raw_request(void) {
  logs_rec r;
  const char *l = "2021-03-03,POST,\"x\",/ecp/y.js,-,200";
  CHECK(logs_raw_request((span){l, strlen(l)}, &r) == 1 && span_is(r.method, "POST") && span_is(r.stem, "/ecp/y.js"));
  l = "2021-03-03 10:00 1.2.3.4 GET /a.aspx c=whoami 443";
  CHECK(logs_raw_request((span){l, strlen(l)}, &r) == 1 && span_is(r.query, "c=whoami"));
  l = "x|GET|https://h.example/p/q.php?a=b|200";
  CHECK(logs_raw_request((span){l, strlen(l)}, &r) == 1 && span_is(r.stem, "/p/q.php") && span_is(r.query, "a=b"));
  l = "no url here";
  CHECK(logs_raw_request((span){l, strlen(l)}, &r) == 0);
}

static unsigned hits_of(logs_prefilter *pf, const char *text) {
  logs_prefilter_scratch *s = logs_prefilter_scratch_new(pf);
  logs_scan_hook h = logs_prefilter_hook(s);
  logs_input *in = logs_input_mem(text, strlen(text), 4096);
  logs_input_set_hook(in, &h);
  const char *p;
  size_t n;
  uint64_t ln;
  unsigned bits = 0xffff;
  if (logs_input_next(in, &p, &n, &ln) == 1) bits = logs_input_hits(in);
  logs_input_close(in);
  logs_prefilter_scratch_free(s);
  return bits;
}

static void test_prefilter(void) {
  const char *names[] = {"t3st.aspx"};
  logs_prefilter *pf = logs_prefilter_new(names, 1);
  CHECK(pf != NULL);
  CHECK(hits_of(pf, "2021-03-03 00:00:00 1.2.3.4 POST /Microsoft-Server-ActiveSync/default.eas Cmd=Ping 443 C\\u x 200\n") == 0);
  CHECK(hits_of(pf, "a b POST /EWS/Exchange.asmx - 443\n") == LOGS_HIT_SCRIPT);
  CHECK(hits_of(pf, "GET /ECP/Y.JS\n") & LOGS_HIT_REQUEST);
  CHECK(hits_of(pf, "GET /owa\\auth\\x.aspx\n") & LOGS_HIT_REQUEST);   /* '\' folded to '/' */
  CHECK(hits_of(pf, "GET /a?c=%77hoami\n") & LOGS_HIT_REQUEST);         /* encoded: let through */
  CHECK(hits_of(pf, "x,ServerInfo~a]@h:444/mapi/emsmdb/?#,y\n") & LOGS_HIT_EXCHANGE);
  CHECK(hits_of(pf, "GET /aspnet_client/system_web/T3ST.aspx\n") & LOGS_HIT_LINKED);
  CHECK(hits_of(pf, "GET /?q=x+Baiduspider/2.0;+y\n") & LOGS_HIT_REQUEST);
  logs_prefilter_free(pf);
}

static void test_outcomes(void) {
  CHECK_STREQ(logs_http_outcome(200), "success");
  CHECK_STREQ(logs_http_outcome(241), "success");
  CHECK_STREQ(logs_http_outcome(304), "success");
  CHECK_STREQ(logs_http_outcome(302), "redirected");
  CHECK_STREQ(logs_http_outcome(404), "attempt");
  CHECK_STREQ(logs_http_outcome(0), "unknown");
  CHECK(logs_not_served("redirected") && logs_not_served("attempt") && !logs_not_served("success"));
}

typedef struct {
  int findings, partly;
  char rule[64];
  int evtx_warned;
} api_seen;

static void api_cb(const ss_event *ev, void *user) {
  api_seen *a = user;
  if (ev->type == SS_EVENT_LOG_FINDING) a->findings++, snprintf(a->rule, sizeof a->rule, "%s", ev->log_finding->rule);
  if (ev->type == SS_EVENT_WARNING && !strcmp(ev->warning->path, "ev.evtx") && ev->warning->incomplete)
    a->evtx_warned = 1;
}

/* The public API for memory buffers and formats from the evidence. */
static void test_public_api(void) {
  const char *log = "9.9.9.9 [2021-03-03T16:00:01+01:00] \"GET /x/y.php?a=whoami HTTP/1.1\" 200\nbroken\n";
  api_seen a = {0};
  ss_logs_t *L;
  CHECK(ss_logs_new(NULL, api_cb, &a, &L) == SS_OK);
  CHECK(ss_logs_add_format(L, "nginx", "t", "$remote_addr [$time_iso8601] \"$request\" $status") == SS_OK);
  CHECK(ss_logs_add_format(L, "nginx", "bad", "$remote_addr$status") == SS_ERR_ARG);
  CHECK(ss_logs_add_format(L, "iis", "bad", "%h %r") == SS_ERR_ARG);
  CHECK(ss_logs_add_data(L, "mem.log", log, strlen(log)) == SS_OK);
  /* an event log in memory is read like a file; one that is not whole is a warning */
  CHECK(ss_logs_add_data(L, "ev.evtx", "ElfFile\0xxxxxxxx", 16) == SS_OK);
  size_t nf = 0;
  CHECK(ss_logs_add_config(L, "/nonexistent/nginx.conf", &nf) == SS_ERR_IO && nf == 0);
  ss_logs_stats st;
  CHECK(ss_logs_finish(L, &st) == SS_OK);
  CHECK(a.findings == 1 && !strcmp(a.rule, "webshell-command"));
  CHECK(st.files == 1 && st.lines == 2 && st.npartial == 1 && st.partial[0].unsplit == 1 && st.partial[0].lines == 2);
  CHECK(!strcmp(st.partial[0].path, "mem.log") && !strcmp(st.partial[0].format, "access:t"));
  CHECK(st.incomplete >= 3 && ss_logs_exit_status(&st) == 1);
  CHECK(a.evtx_warned);
  ss_logs_free(L);
}

int main(void) {
  RUN(test_input_mem);
  RUN(test_web_times);
  RUN(test_access_layouts);
  RUN(test_webconf);
  RUN(test_w3c_variants);
  RUN(test_lists);
  RUN(test_raw_request);
  RUN(test_prefilter);
  RUN(test_outcomes);
  RUN(test_public_api);
  TEST_END();
}
