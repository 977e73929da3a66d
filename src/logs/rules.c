/*
 * rules.c - the built-in log detections: the table of rules, indexed by
 * logs_rule_id so a misspelt rule is a compile error (and a rule missing
 * from the table fails the unit test), and the evaluation of a record.
 * Each rule cites the public source of its indicator (CVE, vendor
 * advisory, Test-ProxyLogon, Sigma rule id); the checks themselves are in
 * reqrules.c (requests), exrules.c (Exchange fields, cmdlets, OAB, event
 * logs) and raw.c (the raw text of a line); the lists they use are data
 * (rules/logs.txt).  One record gives at most one finding: the most
 * severe rule that matched it, by its fields or by its raw text.
 */
#include "logs/logs.h"

#define SEV_C SS_SEV_CRITICAL
#define SEV_H SS_SEV_HIGH
#define SEV_M SS_SEV_MEDIUM
#define SEV_L SS_SEV_LOW

#define HAFNIUM_BLOG "Microsoft, HAFNIUM targeting Exchange Servers with 0-day exploits (2021-03-02)"
#define VOLEXITY "Volexity, Operation Exchange Marauder (2021-03-02)"
#define SIGMA_HAFNIUM "Sigma 67bce556-312f-4c81-9162-c3c9ff2599b2 (Exchange Exploitation Used by HAFNIUM)"

const logs_rule logs_rules[LOGS_RULE_COUNT] = {
    [LOGS_RULE_PROXYLOGON_SSRF_ANCHOR] =
        {LOGS_RULE_PROXYLOGON_SSRF_ANCHOR, "proxylogon-ssrf-anchor",
         "HttpProxy AnchorMailbox ServerInfo~<host>/<path>: the ProxyLogon SSRF (Test-ProxyLogon)", "CVE-2021-26855",
         "Test-ProxyLogon (Microsoft CSS-Exchange), CVE-2021-26855 check; " HAFNIUM_BLOG, SEV_C, "ProxyLogon SSRF"},
    [LOGS_RULE_PROXYLOGON_SSRF_ANCHOR_ATTEMPT] =
        {LOGS_RULE_PROXYLOGON_SSRF_ANCHOR_ATTEMPT, "proxylogon-ssrf-anchor-attempt",
         "HttpProxy ServerInfo~ to autodiscover or localhost: ProxyLogon SSRF that found no mailbox (Test-ProxyLogon exclusions)",
         "CVE-2021-26855", "Test-ProxyLogon (Microsoft CSS-Exchange), CVE-2021-26855 exclusions", SEV_M,
         "ProxyLogon SSRF attempt"},
    [LOGS_RULE_PROXYLOGON_SSRF_COOKIE] =
        {LOGS_RULE_PROXYLOGON_SSRF_COOKIE, "proxylogon-ssrf-cookie",
         "HttpProxy BackEndCookie Server~<host>/<path>~: the ProxyLogon SSRF (Microsoft blog)", "CVE-2021-26855",
         HAFNIUM_BLOG, SEV_C, "ProxyLogon SSRF"},
    [LOGS_RULE_PROXYLOGON_RESET_VDIR] =
        {LOGS_RULE_PROXYLOGON_RESET_VDIR, "proxylogon-reset-vdir",
         "HttpProxy ServerInfo~ to Reset*VirtualDirectory with status 200: web shell written by ProxyLogon (Test-ProxyLogon)",
         "CVE-2021-27065", "Test-ProxyLogon (Microsoft CSS-Exchange), CVE-2021-27065 ResetVDir check", SEV_C,
         "virtual directory reset"},
    [LOGS_RULE_PROXYLOGON_UM_CRASH] =
        {LOGS_RULE_PROXYLOGON_UM_CRASH, "proxylogon-um-crash",
         "MSExchange Unified Messaging error with System.InvalidCastException (Test-ProxyLogon)", "CVE-2021-26857",
         "Test-ProxyLogon (Microsoft CSS-Exchange), CVE-2021-26857 check; " HAFNIUM_BLOG, SEV_H,
         "Unified Messaging exploitation"},
    [LOGS_RULE_PROXYLOGON_OAB_DOWNLOAD] =
        {LOGS_RULE_PROXYLOGON_OAB_DOWNLOAD, "proxylogon-oab-download",
         "OAB generator wrote a downloaded file outside <Exchange>/ClientAccess/OAB (Test-ProxyLogon)", "CVE-2021-26858",
         "Test-ProxyLogon (Microsoft CSS-Exchange), CVE-2021-26858 check; " HAFNIUM_BLOG, SEV_C, "arbitrary file write"},
    [LOGS_RULE_PROXYLOGON_VDIR_SCRIPT] =
        {LOGS_RULE_PROXYLOGON_VDIR_SCRIPT, "proxylogon-vdir-script",
         "Set-*VirtualDirectory with markup in a URL value: web shell in a virtual directory (Test-ProxyLogon, Sigma)",
         "CVE-2021-27065",
         "Test-ProxyLogon (Microsoft CSS-Exchange), CVE-2021-27065 check; Sigma 9db37458-4df2-46a5-95ab-307e7f29e675, "
         "550d3350-bb8a-4ff3-9533-2ba533f4a1c0",
         SEV_C, "web shell planted in a virtual directory"},
    [LOGS_RULE_PROXYLOGON_SSRF_JS] =
        {LOGS_RULE_PROXYLOGON_SSRF_JS, "proxylogon-ssrf-js",
         "POST to /ecp/<1-3 chars>.js or /owa/auth/<1-3 chars>.js: the ProxyLogon SSRF (Volexity, CISA, Sigma)",
         "CVE-2021-26855", VOLEXITY "; CISA AA21-062A; " SIGMA_HAFNIUM, SEV_C, "ProxyLogon SSRF"},
    [LOGS_RULE_PROXYLOGON_SCAN_JS] =
        {LOGS_RULE_PROXYLOGON_SCAN_JS, "proxylogon-scan-js",
         "GET of /owa/auth/x.js or /ecp/<x>.js: ProxyLogon vulnerability scan (nmap http-vuln-cve2021-26855)",
         "CVE-2021-26855", "nmap http-vuln-cve2021-26855.nse (Microsoft CSS-Exchange); " VOLEXITY, SEV_L,
         "ProxyLogon scan"},
    [LOGS_RULE_PROXYLOGON_SSRF_STATIC] =
        {LOGS_RULE_PROXYLOGON_SSRF_STATIC, "proxylogon-ssrf-static",
         "POST to a static file (/owa/auth/Current/..., /ecp/default.flt, /ecp/main.css): the ProxyLogon SSRF (Volexity, Sigma)",
         "CVE-2021-26855", VOLEXITY "; " SIGMA_HAFNIUM, SEV_C, "ProxyLogon SSRF"},
    [LOGS_RULE_PROXYLOGON_ECP_UA] =
        {LOGS_RULE_PROXYLOGON_ECP_UA, "proxylogon-ecp-ua",
         "POST to /ecp/ with ExchangeServicesClient/0.0.0.0 or python-requests 2.19.1/2.25.1 (Volexity, Sigma)",
         "CVE-2021-26855", VOLEXITY "; " SIGMA_HAFNIUM, SEV_H, "ProxyLogon exploitation tool"},
    [LOGS_RULE_PROXYLOGON_OAB_EDIT] =
        {LOGS_RULE_PROXYLOGON_OAB_EDIT, "proxylogon-oab-edit",
         "DDIService SetObject on the OAB virtual directory (ProxyLogon chain, Volexity)", "CVE-2021-27065",
         VOLEXITY "; helsecert 2021-march-exchange", SEV_H, "OAB virtual directory edit"},
    [LOGS_RULE_PROXYLOGON_OAB_RESET] =
        {LOGS_RULE_PROXYLOGON_OAB_RESET, "proxylogon-oab-reset",
         "DDIService SetObject schema=Reset*VirtualDirectory: writes the virtual directory dump (Sigma)", "CVE-2021-27065",
         "Sigma effee1f6-a932-4297-a81f-acb44064fa3a (ProxyLogon Reset Virtual Directories Based On IIS Log)", SEV_C,
         "virtual directory reset"},
    [LOGS_RULE_PROXYSHELL] =
        {LOGS_RULE_PROXYSHELL, "proxyshell",
         "autodiscover.json SSRF to a back-end path (/powershell, /mapi/nspi, /EWS, X-Rps-CAT): ProxyShell (Sigma)",
         "CVE-2021-34473",
         "Sigma 23eee45e-933b-49f9-ae1b-df706d2d52ef (Exchange ProxyShell Pattern), 992be1eb-e5da-437e-9a54-6d13b57bb4d8",
         SEV_C, "ProxyShell"},
    [LOGS_RULE_PROXYNOTSHELL] =
        {LOGS_RULE_PROXYNOTSHELL, "proxynotshell",
         "autodiscover request reaching PowerShell without X-Rps-CAT: ProxyNotShell (EOMTv2 pattern)", "CVE-2022-41040",
         "EOMTv2.ps1 (Microsoft CSS-Exchange) URL rewrite pattern", SEV_C, "ProxyNotShell"},
    [LOGS_RULE_OWASSRF] =
        {LOGS_RULE_OWASSRF, "owassrf", "POST to /owa/ reaching /powershell with an @ (OWASSRF, Sigma)", "CVE-2022-41080",
         "Sigma 181f49fa-0b21-4665-a98c-a57025ebb8c7 (Potential OWASSRF Exploitation Attempt), "
         "92d78c63-5a5c-4c40-9b60-463810ffb082",
         SEV_C, "OWASSRF"},
    [LOGS_RULE_WEBSHELL_REQUEST] =
        {LOGS_RULE_WEBSHELL_REQUEST, "webshell-request",
         "Request to a script in a web-shell drop directory that Exchange does not ship (/aspnet_client/, /owa/auth/, /ecp/auth/, /oab/)",
         "", HAFNIUM_BLOG " and MSTIC web-shell paths; CISA AA21-062A", SEV_C, "web shell use"},
    [LOGS_RULE_WEBSHELL_UPLOAD_DIR] =
        {LOGS_RULE_WEBSHELL_UPLOAD_DIR, "webshell-upload-dir",
         "Request to a script in a folder where uploads land (/wp-content/uploads/, /uploads/, /images/...): a web shell uploaded there",
         "", "MITRE ATT&CK T1505.003 (Server Software Component: Web Shell)", SEV_H, "web shell use"},
    [LOGS_RULE_WEBSHELL_UA] =
        {LOGS_RULE_WEBSHELL_UA, "webshell-ua",
         "POST to a script with a web-shell client user agent (antSword, the fake crawlers of the Exchange intrusions)", "",
         VOLEXITY "; " SIGMA_HAFNIUM, SEV_H, "web shell use"},
    [LOGS_RULE_WEBSHELL_COMMAND] =
        {LOGS_RULE_WEBSHELL_COMMAND, "webshell-command", "Command words in the query string (=whoami, =cmd /c, =powershell, ...)",
         "", "Sigma 7ff9db12-1b94-4a79-ba68-a2402c5d6729 (Windows Webshell Strings)", SEV_H, "web shell commands"},
    [LOGS_RULE_WEBSHELL_REGEORG] =
        {LOGS_RULE_WEBSHELL_REGEORG, "webshell-regeorg", "reGeorg tunnel verb in the query (cmd=connect, read, forward, disconnect)",
         "", "Sigma 2ea44a60-cfda-11ea-87d0-0242ac130003 (Webshell ReGeorg Detection Via Web Logs)", SEV_H,
         "reGeorg tunnel"},
    [LOGS_RULE_WEBSHELL_TUNNA] =
        {LOGS_RULE_WEBSHELL_TUNNA, "webshell-tunna",
         "Tunna tunnel opened through a web page (query proxy&port=<n>&ip=<host>)", "",
         "SECFORCE Tunna (default request pattern); EVTX-ATTACK-SAMPLES Tunna_rdp_tunnel_IIS.log", SEV_H,
         "Tunna tunnel"},
    [LOGS_RULE_WEBSHELL_LINKED] =
        {LOGS_RULE_WEBSHELL_LINKED, "webshell-linked", "Request to a web shell that shellsift scan found on disk", "",
         "shellsift scan (the file on disk)", SEV_C, "web shell use"},
    [LOGS_RULE_WEBSHELL_STACKING] =
        {LOGS_RULE_WEBSHELL_STACKING, "webshell-stacking",
         "Script URL POSTed with success by very few client addresses (stacking: a web shell is visited by its owner alone)",
         "", "helsecert 2021-march-exchange (shell found by stacking); MITRE ATT&CK T1505.003", SEV_M,
         "rarely visited script"},
    [LOGS_RULE_TOMCAT_MANAGER_DEPLOY] =
        {LOGS_RULE_TOMCAT_MANAGER_DEPLOY, "tomcat-manager-deploy",
         "Web application deployed through the Tomcat manager (/manager/html/upload, /manager/text/deploy)", "",
         "Apache Tomcat Manager documentation; MITRE ATT&CK T1505.003", SEV_M, "Tomcat manager deployment"},
    [LOGS_RULE_TOMCAT_DEPLOYED_JSP] =
        {LOGS_RULE_TOMCAT_DEPLOYED_JSP, "tomcat-deployed-jsp",
         "JSP of an application that appeared after a Tomcat manager deployment: a web shell in an uploaded WAR", "",
         "Apache Tomcat Manager documentation; MITRE ATT&CK T1505.003", SEV_C, "web shell use"},
    [LOGS_RULE_MAILBOX_EXPORT_WEBPATH] =
        {LOGS_RULE_MAILBOX_EXPORT_WEBPATH, "mailbox-export-webpath",
         "New-MailboxExportRequest writing into a web path (.aspx, inetpub): web shell through a mailbox export (Sigma)", "",
         "Sigma 516376b4-05cd-4122-bae0-ad7641c38d48 (Mailbox Export to Exchange Webserver)", SEV_C,
         "web shell written by mailbox export"},
    [LOGS_RULE_MAILBOX_EXPORT] =
        {LOGS_RULE_MAILBOX_EXPORT, "mailbox-export",
         "New-MailboxExportRequest: mailbox exported to a file (mail theft when not an admin's own job)", "",
         HAFNIUM_BLOG " (post-exploitation: PST export)", SEV_M, "mailbox export"},
    [LOGS_RULE_MAILBOX_EXPORT_ROLE] =
        {LOGS_RULE_MAILBOX_EXPORT_ROLE, "mailbox-export-role",
         "New-ManagementRoleAssignment of the Mailbox Import Export role (Sigma)", "",
         "Sigma 516376b4-05cd-4122-bae0-ad7641c38d48 (Mailbox Export to Exchange Webserver)", SEV_H,
         "mailbox export role granted"},
    [LOGS_RULE_MAILBOX_EXPORT_CLEANUP] =
        {LOGS_RULE_MAILBOX_EXPORT_CLEANUP, "mailbox-export-cleanup",
         "Remove-MailboxExportRequest -Confirm False: export traces removed (Sigma)", "",
         "Sigma 09570ae5-889e-43ea-aac0-0e1221fb3d95 (Remove Exported Mailbox from Exchange Webserver)", SEV_M,
         "export traces removed"},
    [LOGS_RULE_CERT_REQUEST_WEBPATH] =
        {LOGS_RULE_CERT_REQUEST_WEBPATH, "cert-request-webpath",
         "New-ExchangeCertificate -GenerateRequest with the request file in a web path or admin share (Sigma)", "",
         "Sigma b7bc7038-638b-4ffd-880c-292c692209ef (Certificate Request Export to Exchange Webserver)", SEV_C,
         "web shell written by certificate request"},
    [LOGS_RULE_DEFENDER_WEBSHELL] =
        {LOGS_RULE_DEFENDER_WEBSHELL, "defender-webshell",
         "Microsoft Defender detected a web shell or attack tool (Backdoor:ASP/PHP/JSP, HackTool, Exploit:Script, "
         "Chopper, Exchange web shells) or a threat in a web folder",
         "", "Microsoft Defender Antivirus event IDs 1006-1119; Sigma 57b649ef-ff42-4fb0-8bf6-62da243a1708 (Windows "
         "Defender Threat Detected); " HAFNIUM_BLOG "; MITRE ATT&CK T1505.003", SEV_H, "Defender web-shell detection"},
    [LOGS_RULE_DEFENDER_DETECTION] =
        {LOGS_RULE_DEFENDER_DETECTION, "defender-detection",
         "Microsoft Defender detected, removed or failed to remove a threat", "",
         "Microsoft Defender Antivirus event IDs 1006, 1007, 1015, 1116-1119; Sigma "
         "57b649ef-ff42-4fb0-8bf6-62da243a1708 (Windows Defender Threat Detected)", SEV_M, "Defender detection"},
    [LOGS_RULE_WEBSHELL_PROCESS] =
        {LOGS_RULE_WEBSHELL_PROCESS, "webshell-process",
         "A web server (w3wp, UMWorkerProcess, httpd, nginx, php-cgi, Tomcat) or its account started a shell or a "
         "system tool (recon, download, persistence): commands run through a web shell",
         "", "Sigma 8202070f-edeb-4d31-a010-a26c72ac5600 (Suspicious Process By Web Server Process), "
         "f64e5c19-879c-4bae-b471-6d84c8339677, c0d3734d-330f-4a03-aae2-65dacc6a8222; MITRE ATT&CK T1505.003",
         SEV_H, "commands through a web shell"},
    [LOGS_RULE_WEBSHELL_CREDENTIAL_DUMP] =
        {LOGS_RULE_WEBSHELL_CREDENTIAL_DUMP, "webshell-credential-dump",
         "Credentials dumped through a web shell (LSASS MiniDump with comsvcs.dll, procdump, IIS pool passwords "
         "read with appcmd, registry hives saved) by a web server's process or account",
         "", "Sigma 646ea171-dded-4578-8a4d-65e9822892e3 (Process Memory Dump Via Comsvcs.DLL), "
         "2d3cdeec-c0db-45b4-aa86-082f7eb75701 (Microsoft IIS Service Account Password Dumped); " HAFNIUM_BLOG
         "; MITRE ATT&CK T1003, T1505.003", SEV_C, "credential dumping through a web shell"},
    [LOGS_RULE_WEBSERVER_CHILD] =
        {LOGS_RULE_WEBSERVER_CHILD, "webserver-unusual-child",
         "A web server started a program it does not start in its ordinary work", "",
         "Sigma 8202070f-edeb-4d31-a010-a26c72ac5600 (Suspicious Process By Web Server Process); MITRE ATT&CK "
         "T1505.003", SEV_M, "program started by a web server"},
    [LOGS_RULE_WEBSHELL_SCRIPT_BLOCK] =
        {LOGS_RULE_WEBSHELL_SCRIPT_BLOCK, "webshell-powershell-script",
         "PowerShell script block (event 4104) run by a PowerShell that a web server started", "",
         "Microsoft, about_Logging_Windows (script block logging); MITRE ATT&CK T1059.001, T1505.003", SEV_H,
         "PowerShell through a web shell"},
    [LOGS_RULE_CREDENTIAL_DUMP] =
        {LOGS_RULE_CREDENTIAL_DUMP, "credential-dump",
         "Credential dumping command line (LSASS MiniDump with comsvcs.dll, procdump of lsass, IIS pool passwords "
         "read with appcmd, registry hives saved)", "",
         "Sigma 646ea171-dded-4578-8a4d-65e9822892e3 (Process Memory Dump Via Comsvcs.DLL), "
         "2d3cdeec-c0db-45b4-aa86-082f7eb75701 (Microsoft IIS Service Account Password Dumped); MITRE ATT&CK T1003",
         SEV_H, "credential dumping"},
    [LOGS_RULE_SERVICE_INSTALL_SUSPICIOUS] =
        {LOGS_RULE_SERVICE_INSTALL_SUSPICIOUS, "service-install-suspicious",
         "Service installed to run a command interpreter, script host or download (System 7045, Security 4697)", "",
         "Sigma 1d61f71d-59d2-479e-9562-4ff5f4ead16b (Suspicious Service Installation Script), "
         "70f00d10-60b2-4f34-b9a0-dc3df3fe762a (Suspicious Service Installation); MITRE ATT&CK T1543.003",
         SEV_H, "suspicious service installed"},
    [LOGS_RULE_EVENTLOG_CLEARED] =
        {LOGS_RULE_EVENTLOG_CLEARED, "eventlog-cleared",
         "An event log was cleared (System 104, Security 1102): earlier traces may be gone", "",
         "Sigma a62b37e0-45d3-48d9-a517-90c1a1b0186b (Eventlog Cleared), d99b79d2-0a6f-4f46-ad8b-260b6e17f982 "
         "(Security Eventlog Cleared); MITRE ATT&CK T1070.001", SEV_M, "event log cleared"},
};

const logs_rule *logs_rule_by_name(const char *name) {
  for (size_t i = 0; i < LOGS_RULE_COUNT; i++)
    if (logs_rules[i].name && !strcmp(logs_rules[i].name, name)) return &logs_rules[i];
  return NULL;
}

void logs_rule_scratch_free(logs_rule_scratch *s) {
  sb_free(&s->uri);
  sb_free(&s->text);
  sb_free(&s->raw);
  sb_free(&s->name);
  logs_cmd_free(&s->inv);
  free(s->procs);
}

void logs_consider(logs_best *b, logs_rule_id id, ss_severity sev, const char *outcome) {
  if (!b->set || sev > b->sev) b->rule = id, b->sev = sev, b->outcome = outcome, b->set = 1;
}

/* Served: 2xx, and 304 (the client's copy is current: it was requested
 * and is there).  Any other 3xx was sent elsewhere: Exchange redirects a
 * request for an .aspx that does not exist to its logon page, so a 302
 * for /owa/auth/<name>.aspx is a guess that missed, not a shell. */
const char *logs_http_outcome(int status) {
  if (!status) return LOGS_UNKNOWN;
  if ((status >= 200 && status < 300) || status == 304) return LOGS_SUCCESS;
  if (status >= 300 && status < 400) return LOGS_REDIRECTED;
  return LOGS_ATTEMPT;
}

int logs_not_served(const char *outcome) { return !strcmp(outcome, LOGS_ATTEMPT) || !strcmp(outcome, LOGS_REDIRECTED); }

void logs_hit_http(logs_best *b, const logs_rec *r, logs_rule_id id) {
  const char *o = logs_http_outcome(r->status);
  ss_severity sev = logs_rules[id].severity;
  if (logs_not_served(o) && sev > SEV_M) sev = SEV_M; /* a try, not a compromise */
  logs_consider(b, id, sev, o);
}

int logs_is_post(const logs_rec *r) { return r->method.n == 4 && !strncasecmp(r->method.p, "POST", 4); }

void logs_rules_eval(const logs_rule_env *env, const logs_rec *r, logs_rule_scratch *s) {
  if (!r->hits) return;
  logs_best b = {0}, raw = {0};
  /* a script extension alone is for stacking (the session's): no request
   * rule can match without one of the other groups */
  int requests = (r->hits & ~(unsigned)LOGS_HIT_SCRIPT) != 0;
  switch (r->split ? r->fmt : LOGS_FMT_TEXT) {
  case LOGS_FMT_IIS:
  case LOGS_FMT_EXCSV:
  case LOGS_FMT_ACCESS:
    if (requests) logs_request_rules(env, &b, r, s, 0);
    break;
  case LOGS_FMT_HTTPPROXY:
    logs_anchor_rule(&b, r->anchor, r->status);
    logs_cookie_rule(&b, r->backend_cookie, r->status);
    if (requests) logs_request_rules(env, &b, r, s, 0);
    break;
  case LOGS_FMT_ECP:
    if (r->cmd.n && logs_scmd_parse(r->cmd.p, r->cmd.n, &s->inv) == 0) logs_cmdlet_rules(&b, &s->inv, 1);
    break;
  case LOGS_FMT_OAB: logs_oab_rule(&b, r->message); break;
  case LOGS_FMT_EVTX:
    logs_evtx_rules(&b, r, &s->inv);
    logs_process_rules(&b, r, s);
    logs_defender_rules(&b, r, &s->text);
    logs_system_rules(&b, r, &s->text);
    break;
  case LOGS_FMT_AUDIT: logs_process_rules(&b, r, s); break;
  default: break;
  }
  /* the raw text too, whatever the layout: what the fields missed (a
   * column under another name, other quoting, no layout at all) */
  int binary = r->fmt == LOGS_FMT_EVTX || r->fmt == LOGS_FMT_AUDIT;
  if (!binary) logs_raw_rules(&raw, r, s);
  if (!b.set && (!r->split || r->guessed) && !binary && requests) {
    logs_rec q;
    if (logs_raw_request(r->raw, &q)) {
      q.fmt = r->fmt, q.line = r->line, q.raw = r->raw, q.time = r->time;
      q.status = r->split ? r->status : 0;
      logs_request_rules(env, &raw, &q, s, 1);
    }
  }
  /* matched both ways: one finding, with what the fields know (the
   * outcome); the raw text wins only with another, more severe rule */
  if (raw.set && (!b.set || (raw.rule != b.rule && raw.sev > b.sev))) b = raw;
  if (b.set) env->hit(env->user, r, b.rule, b.sev, b.outcome);
}
