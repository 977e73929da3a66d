/*
 * defrules.c - what Windows itself reports about an intrusion: every
 * Microsoft Defender (or System Center Endpoint Protection) detection,
 * remediation and failed remediation (events 1006, 1007, 1015, 1116-1119,
 * Microsoft's "Microsoft Defender Antivirus event IDs"), high when the
 * threat is a web shell or attack tool family or the file is under a web
 * folder, medium otherwise; a service installed to run a command
 * interpreter (System 7045, Security 4697: Sigma's Suspicious Service
 * Installation rules); and a cleared event log (System 104, Security
 * 1102), which says traces may be gone.  Health and status events of the
 * same channels (1150, 1151, 5007...) are not detections and stay quiet.
 */
#include "logs/logs.h"

#include <ctype.h>

static void lower_slashes(span t, strbuf *out) {
  sb_reset(out);
  for (size_t i = 0; i < t.n; i++) sb_addc(out, t.p[i] == '\\' ? '/' : (char)tolower((unsigned char)t.p[i]));
  if (!out->data) sb_adds(out, "");
}

int logs_web_folder(span path, strbuf *scratch) {
  if (!path.n) return 0;
  lower_slashes(path, scratch);
  return logs_text_listed(LOGS_LIST_WEB_FOLDER, scratch->data, scratch->len);
}

void logs_defender_rules(logs_best *b, const logs_rec *r, strbuf *scratch) {
  const logs_threat *t = &r->threat;
  if (!t->name.n) return;
  lower_slashes(t->name, scratch);
  int family = logs_text_listed(LOGS_LIST_THREAT_WEBSHELL, scratch->data, scratch->len);
  if (family || logs_web_folder(t->path, scratch))
    logs_consider(b, LOGS_RULE_DEFENDER_WEBSHELL, SS_SEV_HIGH, LOGS_UNKNOWN);
  else
    logs_consider(b, LOGS_RULE_DEFENDER_DETECTION, SS_SEV_MEDIUM, LOGS_UNKNOWN);
}

static int provider_is(const logs_rec *r, const char *name) {
  return r->provider.n == strlen(name) && !strncasecmp(r->provider.p, name, r->provider.n);
}

void logs_system_rules(logs_best *b, const logs_rec *r, strbuf *scratch) {
  span image = SPAN_NONE; /* a service's command line (evtx_events.c) */
  if ((r->event_id == 7045 && provider_is(r, "Service Control Manager")) ||
      (r->event_id == 4697 && provider_is(r, "Microsoft-Windows-Security-Auditing")))
    image = r->proc.command;
  if (image.n) {
    /* a service whose command is an interpreter with a script, a dump or a
     * download (Sigma 1d61f71d-59d2-479e-9562-4ff5f4ead16b, 70f00d10-60b2-4f34-b9a0-dc3df3fe762a) */
    static const char *const words[] = {"cmd /c", "cmd.exe /c", "%comspec%", "powershell", "pwsh", "mshta", "rundll32",
                                        "regsvr32", "wscript", "cscript", "certutil", "bitsadmin", "\\admin$\\",
                                        "comsvcs", "-enc", NULL};
    lower_slashes(image, scratch);
    int hit = logs_web_folder(image, scratch);
    sb_reset(scratch);
    for (size_t i = 0; i < image.n; i++) sb_addc(scratch, (char)tolower((unsigned char)image.p[i]));
    for (const char *const *w = words; *w && !hit; w++) hit = memmem(scratch->data, scratch->len, *w, strlen(*w)) != NULL;
    if (hit) logs_consider(b, LOGS_RULE_SERVICE_INSTALL_SUSPICIOUS, SS_SEV_HIGH, LOGS_SUCCESS);
  }
  if ((r->event_id == 104 && provider_is(r, "Microsoft-Windows-Eventlog") && r->channel.n == 6 &&
       !strncasecmp(r->channel.p, "System", 6)) ||
      (r->event_id == 1102 && provider_is(r, "Microsoft-Windows-Eventlog")))
    logs_consider(b, LOGS_RULE_EVENTLOG_CLEARED, SS_SEV_MEDIUM, LOGS_SUCCESS);
}
