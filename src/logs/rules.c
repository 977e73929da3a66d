/*
 * rules.c - the built-in log detections.  Every rule is a row of the table
 * below (id, severity, description, the facts section it comes from);
 * the simple request patterns are data too (uri_rules), and the checks
 * that need more than a pattern (Test-ProxyLogon's conditions, drop
 * directories with their allow-list, cmdlet parameters) are written out
 * below, each citing its source.  Requests are compared lower-case and
 * percent-decoded (url.c).  One record gives at most one finding: the
 * most severe rule that matched it.
 */
#include "logs/logs.h"

#include <ctype.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#define SEV_C SS_SEV_CRITICAL
#define SEV_H SS_SEV_HIGH
#define SEV_M SS_SEV_MEDIUM
#define SEV_L SS_SEV_LOW

static const log_rule rules[] = {
    {"proxylogon-ssrf-anchor", "HttpProxy AnchorMailbox ServerInfo~<host>/<path>: the ProxyLogon SSRF (Test-ProxyLogon)",
     "CVE-2021-26855", "facts/exchange.md §1.1, §2.1, §5.2", SEV_C, "ProxyLogon SSRF"},
    {"proxylogon-ssrf-anchor-attempt", "HttpProxy ServerInfo~ to autodiscover or localhost: ProxyLogon SSRF that found no mailbox (Test-ProxyLogon exclusions)",
     "CVE-2021-26855", "facts/exchange.md §1.1", SEV_M, "ProxyLogon SSRF attempt"},
    {"proxylogon-ssrf-cookie", "HttpProxy BackEndCookie Server~<host>/<path>~: the ProxyLogon SSRF (Microsoft blog)",
     "CVE-2021-26855", "facts/exchange.md §2.1", SEV_C, "ProxyLogon SSRF"},
    {"proxylogon-reset-vdir", "HttpProxy ServerInfo~ to Reset*VirtualDirectory with status 200: web shell written by ProxyLogon (Test-ProxyLogon)",
     "CVE-2021-27065", "facts/exchange.md §1.1, §3.1", SEV_C, "virtual directory reset"},
    {"proxylogon-um-crash", "MSExchange Unified Messaging error with System.InvalidCastException (Test-ProxyLogon)",
     "CVE-2021-26857", "facts/exchange.md §1.1, §2.1, §5.5", SEV_H, "Unified Messaging exploitation"},
    {"proxylogon-oab-download", "OAB generator wrote a downloaded file outside <Exchange>/ClientAccess/OAB (Test-ProxyLogon)",
     "CVE-2021-26858", "facts/exchange.md §1.1, §2.1, §5.4", SEV_C, "arbitrary file write"},
    {"proxylogon-vdir-script", "Set-*VirtualDirectory with markup in a URL value: web shell in a virtual directory (Test-ProxyLogon, Sigma)",
     "CVE-2021-27065", "facts/exchange.md §1.1, §2.5, §4, §5.3, §5.5", SEV_C, "web shell planted in a virtual directory"},
    {"proxylogon-ssrf-js", "POST to /ecp/<1-3 chars>.js or /owa/auth/<1-3 chars>.js: the ProxyLogon SSRF (Volexity, CISA, Sigma)",
     "CVE-2021-26855", "facts/exchange.md §3, §4", SEV_C, "ProxyLogon SSRF"},
    {"proxylogon-scan-js", "GET of /owa/auth/x.js or /ecp/<x>.js: ProxyLogon vulnerability scan (nmap http-vuln-cve2021-26855)",
     "CVE-2021-26855", "facts/exchange.md §1.6, §3", SEV_L, "ProxyLogon scan"},
    {"proxylogon-ssrf-static", "POST to a static file (/owa/auth/Current/..., /ecp/default.flt, /ecp/main.css): the ProxyLogon SSRF (Volexity, Sigma)",
     "CVE-2021-26855", "facts/exchange.md §3, §4", SEV_C, "ProxyLogon SSRF"},
    {"proxylogon-ecp-ua", "POST to /ecp/ with ExchangeServicesClient/0.0.0.0 or python-requests 2.19.1/2.25.1 (Volexity, Sigma)",
     "CVE-2021-26855", "facts/exchange.md §3, §4", SEV_H, "ProxyLogon exploitation tool"},
    {"proxylogon-oab-edit", "DDIService SetObject on the OAB virtual directory (ProxyLogon chain, Volexity)",
     "CVE-2021-27065", "facts/exchange.md §3, §3.1", SEV_H, "OAB virtual directory edit"},
    {"proxylogon-oab-reset", "DDIService SetObject schema=Reset*VirtualDirectory: writes the virtual directory dump (Sigma)",
     "CVE-2021-27065", "facts/exchange.md §3.1, §4", SEV_C, "virtual directory reset"},
    {"proxyshell", "autodiscover.json SSRF to a back-end path (/powershell, /mapi/nspi, /EWS, X-Rps-CAT): ProxyShell (Sigma)",
     "CVE-2021-34473", "facts/exchange.md §4", SEV_C, "ProxyShell"},
    {"proxynotshell", "autodiscover request reaching PowerShell without X-Rps-CAT: ProxyNotShell (EOMTv2 pattern)",
     "CVE-2022-41040", "facts/exchange.md §1.4", SEV_C, "ProxyNotShell"},
    {"owassrf", "POST to /owa/ reaching /powershell with an @ (OWASSRF, Sigma)",
     "CVE-2022-41080", "facts/exchange.md §4, §5.2", SEV_C, "OWASSRF"},
    {"webshell-request", "Request to a script in a web-shell drop directory that Exchange does not ship (/aspnet_client/, /owa/auth/, /ecp/auth/, /oab/)",
     "", "facts/exchange.md §0, §2.3, §3.1", SEV_C, "web shell use"},
    {"webshell-ua", "POST to /aspnet_client/ or /owa/ with a web-shell client user agent (antSword, fake Googlebot, Baiduspider)",
     "", "facts/exchange.md §3, §4", SEV_H, "web shell use"},
    {"webshell-command", "Command words in the query string (=whoami, =cmd /c, =powershell, ...)",
     "", "facts/exchange.md §4 (web_win_webshells_in_access_logs)", SEV_H, "web shell commands"},
    {"webshell-regeorg", "reGeorg tunnel verb in the query (cmd=connect, read, forward, disconnect)",
     "", "facts/exchange.md §4 (web_webshell_regeorg)", SEV_H, "reGeorg tunnel"},
    {"webshell-linked", "Request to a web shell that shellsift scan found on disk",
     "", "shellsift scan --json (--scan-results)", SEV_C, "web shell use"},
    {"webshell-stacking", "Script URL POSTed with success by very few client addresses (stacking: a web shell is visited by its owner alone)",
     "", "facts/exchange.md §3.1; stacking", SEV_M, "rarely visited script"},
    {"mailbox-export-webpath", "New-MailboxExportRequest writing into a web path (.aspx, inetpub): web shell through a mailbox export (Sigma)",
     "", "facts/exchange.md §4", SEV_C, "web shell written by mailbox export"},
    {"mailbox-export", "New-MailboxExportRequest: mailbox exported to a file (mail theft when not an admin's own job)",
     "", "facts/exchange.md §4", SEV_M, "mailbox export"},
    {"mailbox-export-role", "New-ManagementRoleAssignment of the Mailbox Import Export role (Sigma)",
     "", "facts/exchange.md §4", SEV_H, "mailbox export role granted"},
    {"mailbox-export-cleanup", "Remove-MailboxExportRequest -Confirm False: export traces removed (Sigma)",
     "", "facts/exchange.md §4", SEV_M, "export traces removed"},
    {"cert-request-webpath", "New-ExchangeCertificate -GenerateRequest with the request file in a web path or admin share (Sigma)",
     "", "facts/exchange.md §4", SEV_C, "web shell written by certificate request"},
    {"defender-exchange-webshell", "Microsoft Defender detection of Exchange/web-shell activity (e.g. IISExchgSpawnCMD)",
     "", "facts/exchange.md §5.5", SEV_H, "Defender detection"},
};

const log_rule *log_rules(size_t *n) {
  *n = sizeof rules / sizeof rules[0];
  return rules;
}

const log_rule *log_rule_by_id(const char *id) {
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
    if (!strcmp(rules[i].id, id)) return &rules[i];
  return NULL;
}

/* ---- request patterns, as data ---- */

static const char *const ecp_uas[] = {"exchangeservicesclient/0.0.0.0", "python-requests/2.19.1",
                                      "python-requests/2.25.1", NULL};
static const char *const shell_uas[] = {"antsword/", "googlebot/2.1 (+http://www.googlebot.com/bot.html)",
                                        "mozilla/5.0 (compatible; baiduspider/2.0;", NULL};
static const char *const owassrf_exclude_uas[] = {"clientinfo", "microsoft winrm client", "exchange backend probes", NULL};

typedef struct {
  const char *rule;
  int post;                    /* POST only */
  const char *exact, *prefix;  /* normalised stem equals / uri starts with */
  const char *contains[3];     /* all in the normalised uri */
  const char *const *uas;      /* one must start the user agent */
  int exclude_uas;             /* ... or, with this set, none may */
} uri_rule;

static const uri_rule uri_rules[] = {
    {"proxylogon-ssrf-static", 1, "/ecp/default.flt", NULL, {NULL}, NULL, 0},
    {"proxylogon-ssrf-static", 1, "/ecp/main.css", NULL, {NULL}, NULL, 0},
    {"proxylogon-ssrf-static", 1, NULL, "/owa/auth/current/", {NULL}, NULL, 0},
    {"proxylogon-oab-reset", 1, NULL, "/ecp/ddi/ddiservice.svc/setobject", {"schema=reset", "virtualdirectory"}, NULL, 0},
    {"proxylogon-oab-edit", 1, NULL, "/ecp/ddi/ddiservice.svc/setobject", {"schema=oabvirtualdirectory"}, NULL, 0},
    {"proxylogon-ecp-ua", 1, NULL, "/ecp/", {NULL}, ecp_uas, 0},
    {"webshell-ua", 1, NULL, "/aspnet_client/", {NULL}, shell_uas, 0},
    {"webshell-ua", 1, NULL, "/owa/", {NULL}, shell_uas, 0},
    {"owassrf", 1, NULL, "/owa/", {"/powershell", "@"}, owassrf_exclude_uas, 1},
    {"owassrf", 1, NULL, "/owa/mastermailbox", {"/powershell"}, NULL, 0},
};

/* Command words after '=' in a query (Sigma web_win_webshells_in_access_logs). */
static const char *const command_words[] = {
    "whoami", "net user", "net localgroup", "net group", "cmd /c", "cmd.exe", "powershell ", "powershell.exe",
    "ipconfig", "certutil", "nltest ", "systeminfo", "tasklist", "wmic ", "quser", "query user", NULL};

/* Script extensions a web shell can have. */
static const char *const script_exts[] = {".aspx", ".ashx", ".asmx", ".asp", ".asa", ".cer", ".cdx",
                                          ".cshtml", ".php", ".jsp", ".jspx", ".cfm", NULL};

/* What Exchange ships below the drop directories (facts §0): anything
 * else with a script extension there is not Exchange's. */
static const char *const owa_auth_legit[] = {"logon.aspx", "logoff.aspx", "errorfe.aspx", "expiredpassword.aspx",
                                             "frowny.aspx", "redirsuiteserviceproxy.aspx", "signout.aspx", NULL};
static const char *const ecp_auth_legit[] = {"timeoutlogoff.aspx", NULL};

/* ---- helpers ---- */

typedef struct {
  const log_rule *rule;
  ss_severity sev;
  const char *outcome;
} best_hit;

static void consider(best_hit *b, const char *id, ss_severity sev, const char *outcome) {
  const log_rule *r = log_rule_by_id(id);
  if (!r) return;
  if (!b->rule || sev > b->sev) b->rule = r, b->sev = sev, b->outcome = outcome;
}

static int has_prefix(const char *s, size_t n, const char *p) {
  size_t m = strlen(p);
  return n >= m && !memcmp(s, p, m);
}

static int has_suffix(const char *s, size_t n, const char *p) {
  size_t m = strlen(p);
  return n >= m && !memcmp(s + n - m, p, m);
}

static const char *find(const char *s, size_t n, const char *needle) {
  return memmem(s, n, needle, strlen(needle));
}

static const char *find_nocase(const char *s, size_t n, const char *needle) {
  size_t m = strlen(needle);
  for (size_t i = 0; m <= n && i <= n - m; i++)
    if (!strncasecmp(s + i, needle, m)) return s + i;
  return NULL;
}

static int span_eq_nocase(span s, const char *t) { return s.n == strlen(t) && !strncasecmp(s.p, t, s.n); }

/* Success for a request: 2xx/3xx (ProxyLogon's 241 included). */
static const char *http_outcome(const log_rec *r) {
  if (!r->status) return "unknown";
  return r->status < 400 ? "success" : "attempt";
}

/* A failed request is a try, not a compromise: at most medium. */
static ss_severity for_outcome(ss_severity sev, const char *outcome) {
  return !strcmp(outcome, "attempt") && sev > SEV_M ? SEV_M : sev;
}

static void hit(best_hit *b, const log_rec *r, const char *id) {
  const log_rule *rule = log_rule_by_id(id);
  const char *o = http_outcome(r);
  if (rule) consider(b, id, for_outcome(rule->severity, o), o);
}

/* The user agent lower-case with '+' as space, as the UA lists are written. */
static void ua_normalise(const log_rec *r, char *out, size_t max) {
  size_t n = r->user_agent.n < max - 1 ? r->user_agent.n : max - 1;
  for (size_t i = 0; i < n; i++) {
    char c = r->user_agent.p[i];
    out[i] = c == '+' ? ' ' : (char)tolower((unsigned char)c);
  }
  out[n] = '\0';
}

static int ua_listed(const char *ua, const char *const *list) {
  for (; *list; list++)
    if (!strncmp(ua, *list, strlen(*list))) return 1;
  return 0;
}

static int is_post(const log_rec *r) {
  return r->method.n == 4 && (r->method.p[0] | 0x20) == 'p' && !strncasecmp(r->method.p, "POST", 4);
}

static int script_ext(const char *s, size_t n) {
  const char *dot = memrchr(s, '.', n);
  if (!dot) return 0;
  size_t m = n - (size_t)(dot - s);
  for (const char *const *e = script_exts; *e; e++)
    if (strlen(*e) == m && !memcmp(dot, *e, m)) return 1;
  return 0;
}

static int listed(const char *s, size_t n, const char *const *list) {
  for (; *list; list++)
    if (strlen(*list) == n && !memcmp(s, *list, n)) return 1;
  return 0;
}

/* ---- request rules ---- */

/* /ecp/, /ecp/auth/ or /owa/auth/ followed by 1-3 alphanumerics and .js
 * (Volexity's /ecp/[0-9a-zA-Z]{1,3}\.js, plus the w.js/x.js variants). */
static int short_js(const char *stem, size_t n) {
  static const char *const dirs[] = {"/ecp/auth/", "/ecp/", "/owa/auth/", NULL};
  for (const char *const *d = dirs; *d; d++) {
    size_t m = strlen(*d);
    if (n < m + 4 || memcmp(stem, *d, m) || !has_suffix(stem, n, ".js")) continue;
    size_t k = n - m - 3;
    if (k < 1 || k > 3) continue;
    int ok = 1;
    for (size_t i = m; i < m + k; i++) ok &= isalnum((unsigned char)stem[i]) != 0;
    if (ok) return 1;
  }
  return 0;
}

static void drop_dir_rule(best_hit *b, const log_rec *r, const char *stem, size_t n) {
  const char *rest = NULL;
  const char *const *legit = NULL;
  if (has_prefix(stem, n, "/aspnet_client/")) rest = stem + 15;
  else if (has_prefix(stem, n, "/owa/auth/")) rest = stem + 10, legit = owa_auth_legit;
  else if (has_prefix(stem, n, "/ecp/auth/")) rest = stem + 10, legit = ecp_auth_legit;
  else if (has_prefix(stem, n, "/oab/")) rest = stem + 5;
  if (!rest || !script_ext(stem, n) || (legit && listed(rest, n - (size_t)(rest - stem), legit))) return;
  const char *o = http_outcome(r);
  ss_severity sev = is_post(r) ? SEV_C : SEV_H;
  consider(b, "webshell-request", for_outcome(sev, o), o);
}

/* First bytes of the command words: most '=' in a query are ruled out by
 * one table look-up.  Filled once, before any reader thread uses it. */
static unsigned char first[256];
static pthread_once_t first_once = PTHREAD_ONCE_INIT;
static void init_first(void) {
  for (const char *const *w = command_words; *w; w++) first[(unsigned char)(*w)[0]] = 1;
}

static void query_rules(best_hit *b, const log_rec *r, const char *uri, size_t n) {
  const char *q = memchr(uri, '?', n);
  if (!q) return;
  size_t qn = n - (size_t)(q - uri);
  /* Most queries hold many '=' (ActiveSync: Cmd=Ping&User=...): only the
   * words starting with the byte after one are compared. */
  pthread_once(&first_once, init_first);
  const char *end = q + qn;
  for (const char *e = memchr(q, '=', qn); e && e + 1 < end; e = memchr(e + 1, '=', (size_t)(end - e - 1))) {
    if (!first[(unsigned char)e[1]]) continue;
    size_t left = (size_t)(end - e - 1);
    for (const char *const *w = command_words; *w; w++)
      if (has_prefix(e + 1, left, *w)) {
        hit(b, r, "webshell-command");
        e = end - 1;
        break;
      }
  }
  /* reGeorg: a cmd parameter whose whole value is one of its verbs */
  static const char *const verbs[] = {"connect", "read", "forward", "disconnect", NULL};
  for (const char *p = q + 1; p < end;) {
    const char *amp = memchr(p, '&', (size_t)(end - p));
    const char *stop = amp ? amp : end;
    if (has_prefix(p, (size_t)(stop - p), "cmd="))
      for (const char *const *v = verbs; *v; v++)
        if ((size_t)(stop - p) == 4 + strlen(*v) && !memcmp(p + 4, *v, strlen(*v))) hit(b, r, "webshell-regeorg");
    p = stop + 1;
  }
}

/* ProxyShell and ProxyNotShell both reach a back end through the
 * autodiscover frontend; X-Rps-CAT (an unauthenticated PowerShell token)
 * marks ProxyShell's last step, /powershell without it ProxyNotShell's. */
static void autodiscover_rules(best_hit *b, const log_rec *r, const char *uri, size_t n) {
  if (!has_prefix(uri, n, "/autodiscover")) return; /* the frontend both chains go through */
  int ps = find(uri, n, "powershell") != NULL, cat = find(uri, n, "x-rps-cat") != NULL;
  if (!find(uri, n, "autodiscover.json")) {
    if (ps) hit(b, r, "proxynotshell");
    return;
  }
  if (ps && !cat) {
    hit(b, r, "proxynotshell");
    return;
  }
  static const char *const markers[] = {"/powershell", "/mapi/nspi", "/ews", "x-rps-cat", "autodiscover.json?@",
                                        "email=autodiscover/autodiscover.json", NULL};
  for (const char *const *m = markers; *m; m++)
    if (find(uri, n, *m)) {
      hit(b, r, "proxyshell");
      return;
    }
}

static void uri_table(best_hit *b, const log_rec *r, const char *uri, size_t n, size_t stem_n, int post) {
  char ua[512];
  int ua_done = 0;
  for (size_t i = 0; i < sizeof uri_rules / sizeof uri_rules[0]; i++) {
    const uri_rule *u = &uri_rules[i];
    if (u->post && !post) continue;
    if (u->exact && (stem_n != strlen(u->exact) || memcmp(uri, u->exact, stem_n))) continue;
    if (u->prefix && !has_prefix(uri, n, u->prefix)) continue;
    int ok = 1;
    for (int k = 0; k < 3 && u->contains[k] && ok; k++) ok = find(uri, n, u->contains[k]) != NULL;
    if (!ok) continue;
    if (u->uas) {
      if (!ua_done) ua_normalise(r, ua, sizeof ua), ua_done = 1;
      if (ua_listed(ua, u->uas) == u->exclude_uas) continue;
    }
    hit(b, r, u->rule);
  }
}

/* Test-ProxyLogon's 26855 and 27065a conditions on HttpProxy fields
 * (wildcards of -like, case-insensitive). */
static void httpproxy_rules(best_hit *b, const log_rec *r) {
  span a = r->anchor;
  if (a.n > 11 && !strncasecmp(a.p, "ServerInfo~", 11)) {
    const char *slash = memchr(a.p + 11, '/', a.n - 11);
    if (slash) {
      size_t rest = a.n - (size_t)(slash - a.p);
      if (find_nocase(slash, rest, "Reset") && rest >= 17 && !strncasecmp(a.p + a.n - 17, "VirtualDirectory#", 17) &&
          r->status == 200)
        consider(b, "proxylogon-reset-vdir", SEV_C, "success");
      else if (find_nocase(a.p + 11, a.n - 11, "/autodiscover") ||
               (a.n >= 20 && !strncasecmp(a.p + 11, "localhost", 9)))
        consider(b, "proxylogon-ssrf-anchor-attempt", SEV_M, "attempt");
      else
        consider(b, "proxylogon-ssrf-anchor", SEV_C, http_outcome(r));
    }
  }
  span c = r->backend_cookie;
  if (c.n > 7 && !strncasecmp(c.p, "Server~", 7)) {
    const char *slash = memchr(c.p + 7, '/', c.n - 7);
    if (slash && memchr(slash, '~', c.n - (size_t)(slash - c.p))) consider(b, "proxylogon-ssrf-cookie", SEV_C, http_outcome(r));
  }
}

static void request_rules(logs_ctx *L, best_hit *b, const log_rec *r, strbuf *scratch) {
  if (!r->stem.n) return;
  uri_normalise(scratch, r->stem, r->query, 8192);
  const char *uri = scratch->data;
  size_t n = scratch->len;
  const char *q = memchr(uri, '?', n);
  size_t stem_n = q ? (size_t)(q - uri) : n;
  int post = is_post(r);
  if (logs_linked_shell(L, uri, stem_n)) { /* first: it wins ties with the patterns */
    const char *o = http_outcome(r);
    consider(b, "webshell-linked", for_outcome(SEV_C, o), o);
  }
  if (short_js(uri, stem_n)) {
    if (post) hit(b, r, "proxylogon-ssrf-js");
    else consider(b, "proxylogon-scan-js", SEV_L, http_outcome(r));
  }
  drop_dir_rule(b, r, uri, stem_n);
  uri_table(b, r, uri, n, stem_n, post);
  autodiscover_rules(b, r, uri, n);
  query_rules(b, r, uri, n);
}

/* ---- cmdlets: ECP S:CMD and the MSExchange Management log ---- */

/* '<' letter ... '>' ... '</' letter: a tag with content, Test-ProxyLogon's
 * <\w+.*>(.*?)<\/\w+> for a virtual directory URL. */
static int has_markup(const char *s, size_t n) {
  for (const char *lt = memchr(s, '<', n); lt; lt = memchr(lt + 1, '<', n - (size_t)(lt + 1 - s))) {
    size_t left = n - (size_t)(lt - s);
    if (left < 2 || !isalpha((unsigned char)lt[1])) continue;
    const char *gt = memchr(lt, '>', left);
    if (!gt) return 0;
    const char *close = find(gt, n - (size_t)(gt - s), "</");
    if (close && (size_t)(close - s) + 2 < n && isalpha((unsigned char)close[2])) return 1;
    if (lt + 1 >= s + n) break;
  }
  return 0;
}

static int wild_cmdlet(span c, const char *prefix, const char *suffix) {
  size_t p = strlen(prefix), s = strlen(suffix);
  return c.n >= p + s && !strncasecmp(c.p, prefix, p) && !strncasecmp(c.p + c.n - s, suffix, s);
}

static void cmdlet_rules(best_hit *b, const cmd_inv *inv, int structured) {
  span c = inv->cmdlet;
  const char *t = inv->text.data ? inv->text.data : "";
  size_t n = inv->text.len;
  if (wild_cmdlet(c, "Set-", "VirtualDirectory")) {
    int markup = 0;
    if (structured) {
      for (int i = 0; i < inv->nparams; i++)
        if (inv->params[i].name.n >= 3 && !strncasecmp(inv->params[i].name.p + inv->params[i].name.n - 3, "url", 3))
          markup |= has_markup(inv->params[i].value.p, inv->params[i].value.n);
    } else {
      markup = find_nocase(t, n, "url") && has_markup(t, n);
    }
    if (markup) consider(b, "proxylogon-vdir-script", SEV_C, "unknown");
  }
  if (span_eq_nocase(c, "New-MailboxExportRequest")) {
    static const char *const web[] = {".aspx", ".asp", ".ashx", "inetpub", "aspnet_client", "frontend\\httpproxy",
                                      "frontend/httpproxy", NULL};
    int webpath = 0;
    for (const char *const *w = web; *w; w++) webpath |= find_nocase(t, n, *w) != NULL;
    consider(b, webpath ? "mailbox-export-webpath" : "mailbox-export", webpath ? SEV_C : SEV_M, "unknown");
  }
  if (span_eq_nocase(c, "New-ManagementRoleAssignment") && find_nocase(t, n, "Mailbox Import Export"))
    consider(b, "mailbox-export-role", SEV_H, "unknown");
  if (span_eq_nocase(c, "Remove-MailboxExportRequest") && find_nocase(t, n, "Confirm") && find_nocase(t, n, "False"))
    consider(b, "mailbox-export-cleanup", SEV_M, "unknown");
  if (span_eq_nocase(c, "New-ExchangeCertificate") && find_nocase(t, n, "GenerateRequest") &&
      find_nocase(t, n, "RequestFile")) {
    static const char *const web[] = {"\\\\localhost\\c$", "\\\\127.0.0.1\\c$", "c:\\inetpub", ".aspx", NULL};
    for (const char *const *w = web; *w; w++)
      if (find_nocase(t, n, *w)) {
        consider(b, "cert-request-webpath", SEV_C, "unknown");
        break;
      }
  }
}

/* ---- OAB generator and event log ---- */

static void oab_rule(best_hit *b, const log_rec *r) {
  static const char lead[] = "Download failed and temporary file ";
  const char *m = find_nocase(r->message.p, r->message.n, lead);
  if (!m) return;
  const char *path = m + strlen(lead);
  const char *end = find_nocase(path, r->message.n - (size_t)(path - r->message.p), " needs to be removed");
  if (!end) return;
  size_t pn = (size_t)(end - path);
  /* Test-ProxyLogon: legitimate downloads go to <EX>ClientAccess\OAB. */
  if (find_nocase(path, pn, "\\ClientAccess\\OAB\\") || find_nocase(path, pn, "/ClientAccess/OAB/")) return;
  consider(b, "proxylogon-oab-download", SEV_C, "success");
}

static void evtx_rules(best_hit *b, const log_rec *r, cmd_inv *inv) {
  if (find_nocase(r->provider.p, r->provider.n, "MSExchange Unified Messaging") && r->level == 2 &&
      find_nocase(r->message.p, r->message.n, "System.InvalidCastException"))
    consider(b, "proxylogon-um-crash", SEV_H, "unknown");
  if (find_nocase(r->provider.p, r->provider.n, "Windows Defender") &&
      (r->event_id == 1006 || r->event_id == 1007 || r->event_id == 1116 || r->event_id == 1117)) {
    static const char *const names[] = {"Exchg", "Chopper", "WebShell", "Hafnium", NULL};
    for (const char *const *w = names; *w; w++)
      if (find_nocase(r->message.p, r->message.n, *w)) {
        consider(b, "defender-exchange-webshell", SEV_H, "unknown");
        break;
      }
  }
  if (r->cmd.n) {
    sb_reset(&inv->text);
    inv->cmdlet = r->cmd;
    inv->nparams = 0;
    sb_add(&inv->text, r->cmd.p, r->cmd.n);
    sb_addc(&inv->text, ' ');
    sb_add(&inv->text, r->params.p, r->params.n);
    cmdlet_rules(b, inv, 0);
  }
}

void rules_eval(logs_ctx *L, const log_rec *r, strbuf *scratch) {
  best_hit b = {0};
  cmd_inv inv = {0};
  switch (r->fmt) {
  case LF_IIS:
  case LF_EXCSV: request_rules(L, &b, r, scratch); break;
  case LF_HTTPPROXY:
    httpproxy_rules(&b, r);
    request_rules(L, &b, r, scratch);
    break;
  case LF_ECP:
    if (r->cmd.n && scmd_parse(r->cmd.p, r->cmd.n, &inv) == 0) cmdlet_rules(&b, &inv, 1);
    break;
  case LF_OAB: oab_rule(&b, r); break;
  case LF_EVTX: evtx_rules(&b, r, &inv); break;
  default: break;
  }
  cmd_inv_free(&inv);
  if (b.rule) logs_report(L, r, b.rule, b.sev, b.outcome);
}

int stack_candidate(const log_rec *r, strbuf *url) {
  if (r->status < 200 || r->status > 299 || !r->stem.n || !is_post(r)) return 0;
  const char *dot = memrchr(r->stem.p, '.', r->stem.n);
  if (!dot || r->stem.n - (size_t)(dot - r->stem.p) > 7) return 0;
  uri_normalise(url, r->stem, SPAN_NONE, 512);
  return script_ext(url->data, url->len);
}
