/*
 * exrules.c - the Exchange checks that read more than a request:
 * Test-ProxyLogon's conditions on the HttpProxy AnchorMailbox and the
 * BackEndCookie of Microsoft's HAFNIUM guidance, the cmdlets in ECP
 * S:CMD values and the MSExchange Management log (virtual directories
 * holding script, mailbox exports and certificate requests written into
 * web paths, Sigma's msexchange rules), the OAB generator's download
 * message (CVE-2021-26858) and the Unified Messaging crash of
 * CVE-2021-26857 in the event logs.  Each takes the value it needs, so raw.c can hand it a value
 * found in the raw text of a line just as the readers hand a field.
 */
#include "logs/logs.h"

#include <ctype.h>

#define SEV_C SS_SEV_CRITICAL
#define SEV_H SS_SEV_HIGH
#define SEV_M SS_SEV_MEDIUM

/* Test-ProxyLogon's 26855 and 27065a conditions on AnchorMailbox (the
 * wildcards of -like, case-insensitive): ServerInfo~<host>/<path> hits,
 * unless the path holds /autodiscover or the host is localhost (an SSRF
 * that found no mailbox); with Reset...VirtualDirectory# at the end and
 * status 200, the virtual directory reset. */
/* A rule's severity for a request by its status: what was not served is
 * a try, at most medium (as for every request rule). */
static void by_status(logs_best *b, logs_rule_id id, int status) {
  const char *o = logs_http_outcome(status);
  ss_severity sev = logs_rules[id].severity;
  logs_consider(b, id, logs_not_served(o) && sev > SEV_M ? SEV_M : sev, o);
}

void logs_anchor_rule(logs_best *b, span a, int status) {
  if (a.n <= 11 || strncasecmp(a.p, "ServerInfo~", 11)) return;
  const char *slash = memchr(a.p + 11, '/', a.n - 11);
  if (!slash) return;
  size_t rest = a.n - (size_t)(slash - a.p);
  int reset = logs_find_nocase(slash, rest, "Reset") && rest >= 17 && !strncasecmp(a.p + a.n - 17, "VirtualDirectory#", 17);
  if (reset && (status == 200 || !status)) logs_consider(b, LOGS_RULE_PROXYLOGON_RESET_VDIR, SEV_C, status ? LOGS_SUCCESS : LOGS_UNKNOWN);
  else if (logs_find_nocase(a.p + 11, a.n - 11, "/autodiscover") || (a.n >= 20 && !strncasecmp(a.p + 11, "localhost", 9)))
    logs_consider(b, LOGS_RULE_PROXYLOGON_SSRF_ANCHOR_ATTEMPT, SEV_M, LOGS_ATTEMPT);
  else
    by_status(b, LOGS_RULE_PROXYLOGON_SSRF_ANCHOR, status);
}

/* The blog's revised command: BackEndCookie -like 'Server~<host>/<path>~<rest>'. */
void logs_cookie_rule(logs_best *b, span c, int status) {
  if (c.n <= 7 || strncasecmp(c.p, "Server~", 7)) return;
  const char *slash = memchr(c.p + 7, '/', c.n - 7);
  if (slash && memchr(slash, '~', c.n - (size_t)(slash - c.p)))
    by_status(b, LOGS_RULE_PROXYLOGON_SSRF_COOKIE, status);
}

static const char *find(const char *s, size_t n, const char *needle) { return memmem(s, n, needle, strlen(needle)); }

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

static int span_eq_nocase(span s, const char *t) { return s.n == strlen(t) && !strncasecmp(s.p, t, s.n); }

void logs_cmdlet_rules(logs_best *b, const logs_cmd *inv, int structured) {
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
      markup = logs_find_nocase(t, n, "url") && has_markup(t, n);
    }
    if (markup) logs_consider(b, LOGS_RULE_PROXYLOGON_VDIR_SCRIPT, SEV_C, LOGS_UNKNOWN);
  }
  if (span_eq_nocase(c, "New-MailboxExportRequest")) {
    static const char *const web[] = {".aspx", ".asp", ".ashx", "inetpub", "aspnet_client", "frontend\\httpproxy",
                                      "frontend/httpproxy", NULL};
    int webpath = 0;
    for (const char *const *w = web; *w; w++) webpath |= logs_find_nocase(t, n, *w) != NULL;
    logs_consider(b, webpath ? LOGS_RULE_MAILBOX_EXPORT_WEBPATH : LOGS_RULE_MAILBOX_EXPORT, webpath ? SEV_C : SEV_M,
                  LOGS_UNKNOWN);
  }
  if (span_eq_nocase(c, "New-ManagementRoleAssignment") && logs_find_nocase(t, n, "Mailbox Import Export"))
    logs_consider(b, LOGS_RULE_MAILBOX_EXPORT_ROLE, SEV_H, LOGS_UNKNOWN);
  if (span_eq_nocase(c, "Remove-MailboxExportRequest") && logs_find_nocase(t, n, "Confirm") && logs_find_nocase(t, n, "False"))
    logs_consider(b, LOGS_RULE_MAILBOX_EXPORT_CLEANUP, SEV_M, LOGS_UNKNOWN);
  if (span_eq_nocase(c, "New-ExchangeCertificate") && logs_find_nocase(t, n, "GenerateRequest") &&
      logs_find_nocase(t, n, "RequestFile")) {
    static const char *const web[] = {"\\\\localhost\\c$", "\\\\127.0.0.1\\c$", "c:\\inetpub", ".aspx", NULL};
    for (const char *const *w = web; *w; w++)
      if (logs_find_nocase(t, n, *w)) {
        logs_consider(b, LOGS_RULE_CERT_REQUEST_WEBPATH, SEV_C, LOGS_UNKNOWN);
        break;
      }
  }
}

/* Test-ProxyLogon: "Download failed and temporary file (.*?) needs to be
 * removed", a hit unless the path is under <EX>ClientAccess\OAB. */
void logs_oab_rule(logs_best *b, span msg) {
  static const char lead[] = "Download failed and temporary file ";
  const char *m = logs_find_nocase(msg.p, msg.n, lead);
  if (!m) return;
  const char *path = m + strlen(lead);
  const char *end = logs_find_nocase(path, msg.n - (size_t)(path - msg.p), " needs to be removed");
  if (!end) return;
  size_t pn = (size_t)(end - path);
  if (logs_find_nocase(path, pn, "\\ClientAccess\\OAB\\") || logs_find_nocase(path, pn, "/ClientAccess/OAB/")) return;
  logs_consider(b, LOGS_RULE_PROXYLOGON_OAB_DOWNLOAD, SEV_C, LOGS_SUCCESS);
}

void logs_evtx_rules(logs_best *b, const logs_rec *r, logs_cmd *inv) {
  if (logs_find_nocase(r->provider.p, r->provider.n, "MSExchange Unified Messaging") && r->level == 2 &&
      logs_find_nocase(r->message.p, r->message.n, "System.InvalidCastException"))
    logs_consider(b, LOGS_RULE_PROXYLOGON_UM_CRASH, SEV_H, LOGS_UNKNOWN);
  if (r->cmd.n) {
    sb_reset(&inv->text);
    inv->cmdlet = r->cmd;
    inv->nparams = 0;
    sb_add(&inv->text, r->cmd.p, r->cmd.n);
    sb_addc(&inv->text, ' ');
    sb_add(&inv->text, r->params.p, r->params.n);
    logs_cmdlet_rules(b, inv, 0);
  }
}
