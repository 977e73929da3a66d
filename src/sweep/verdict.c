/*
 * verdict.c - the rules that turn a sweep's evidence into one word
 * (written out in docs/sweep.md, tested in tests/unit/test_sweep.c):
 *
 *   compromised  C1 a file scoring >= 70: a web shell, a known-bad hash or
 *                   a HAFNIUM file name in a drop folder
 *                C2 a post-exploitation artefact scoring >= 70: an LSASS
 *                   dump, mailbox data in a web folder, Chopper's wrapper
 *                C3 a high or critical log finding whose outcome is success
 *                C4 an incident whose requests reached a web shell on disk
 *                C5 a Sigma match of level high or critical tagged as initial
 *                   access, exploitation of a public-facing application or
 *                   a web shell (attack.initial-access, attack.t1190,
 *                   attack.t1505.003), on a record the server did not
 *                   refuse (a request answered 4xx/5xx or redirected is an
 *                   attempt, as for C3)
 *   suspicious   S1 a file scoring 40-69
 *                S2 a staged archive or attack tool
 *                S3 any other log finding of medium severity or above
 *                   (exploitation attempts)
 *                S4 an Exchange build vulnerable to an exploited chain
 *                   while its HttpProxy logs are missing: exploitation
 *                   cannot be ruled out
 *                S5 any other Sigma match of level high or critical (lower
 *                   levels are listed, never counted)
 *   no-evidence  none of the above.  Coverage gaps do not change the word
 *                but make the sweep "incomplete", shown next to it.
 *
 * Low findings (score < 40) never move the verdict: peers' users ask for
 * graded verdicts, and a false "suspicious" costs a lone admin a weekend.
 */
#include "sweep/sweep.h"

#include <inttypes.h>
#include <string.h>
#include <strings.h>

const char *ss_verdict_name(ss_verdict v) {
  switch (v) {
  case SS_VERDICT_COMPROMISED: return "compromised";
  case SS_VERDICT_SUSPICIOUS: return "suspicious";
  default: return "no-evidence";
  }
}

static void why(strbuf *sb, const char *fmt, uint64_t n) {
  if (!sb) return;
  sb_addf(sb, fmt, n);
  sb_addc(sb, '\n');
}

ss_verdict sweep_verdict(const sweep_evidence *e, strbuf *reasons) {
  ss_verdict v = SS_VERDICT_NO_EVIDENCE;
  if (e->file_strong)
    why(reasons, "C1: %" PRIu64 " file(s) identified as web shell or known attacker file", e->file_strong);
  if (e->artefact_strong)
    why(reasons, "C2: %" PRIu64 " post-exploitation artefact(s): credential dump, mailbox data or command-wrapper traces",
        e->artefact_strong);
  if (e->log_success)
    why(reasons, "C3: %" PRIu64 " successful exploitation or web-shell request(s) in the logs", e->log_success);
  if (e->incident_shell)
    why(reasons, "C4: %" PRIu64 " incident(s) in which an attacker reached a web shell found on disk",
        e->incident_shell);
  if (e->sigma_exploit)
    why(reasons,
        "C5: %" PRIu64 " log record(s) matched by a high or critical Sigma rule for initial access, exploitation or "
        "a web shell",
        e->sigma_exploit);
  if (e->file_strong || e->artefact_strong || e->log_success || e->incident_shell || e->sigma_exploit)
    v = SS_VERDICT_COMPROMISED;
  if (e->file_medium) why(reasons, "S1: %" PRIu64 " file(s) that look like web shells but are not certain", e->file_medium);
  if (e->artefact_medium)
    why(reasons, "S2: %" PRIu64 " archive(s) or attack tool(s) in a staging or web folder", e->artefact_medium);
  if (e->log_other) why(reasons, "S3: %" PRIu64 " exploitation attempt(s) or suspicious request(s) in the logs", e->log_other);
  if (e->exchange_vulnerable && e->proxy_logs_missing && reasons)
    sb_adds(reasons, "S4: the Exchange build is vulnerable and its HttpProxy logs are missing: exploitation cannot be ruled out\n");
  if (e->sigma_high)
    why(reasons, "S5: %" PRIu64 " log record(s) matched by a high or critical Sigma rule", e->sigma_high);
  if (v == SS_VERDICT_NO_EVIDENCE && (e->file_medium || e->artefact_medium || e->log_other || e->sigma_high ||
                                      (e->exchange_vulnerable && e->proxy_logs_missing)))
    v = SS_VERDICT_SUSPICIOUS;
  return v;
}

/* The Sigma tags that make a high or critical match exploitation
 * evidence (MITRE ATT&CK: Initial Access, Exploit Public-Facing
 * Application, Server Software Component: Web Shell). */
static const char *const exploitation_tags[] = {"attack.initial-access", "attack.t1190", "attack.t1505.003"};

static int exploitation_tagged(const ss_log_reason *r) {
  for (size_t i = 0; r->tags && i < r->ntags; i++)
    for (size_t k = 0; k < sizeof exploitation_tags / sizeof exploitation_tags[0]; k++)
      if (!strcasecmp(r->tags[i], exploitation_tags[k])) return 1;
  return 0;
}

void sweep_count_log_finding(sweep_evidence *e, const ss_log_finding *lf) {
  /* the built-in rule's severity, not the Sigma levels beside it, decides C3/S3 */
  int builtin = !lf->nreasons, exploit = 0, high = 0;
  ss_severity sev = lf->severity;
  for (size_t i = 0; i < lf->nreasons; i++) {
    const ss_log_reason *r = &lf->reasons[i];
    if (!r->source || strcmp(r->source, "sigma")) {
      if (!builtin || r->severity > sev) sev = r->severity;
      builtin = 1;
      continue;
    }
    if (r->severity < SS_SEV_HIGH) continue; /* listed only */
    int refused = lf->outcome && (!strcmp(lf->outcome, "attempt") || !strcmp(lf->outcome, "redirected"));
    if (exploitation_tagged(r) && !refused) exploit = 1;
    else high = 1;
  }
  if (builtin) {
    if (sev >= SS_SEV_HIGH && lf->outcome && !strcmp(lf->outcome, "success")) e->log_success++;
    else if (sev >= SS_SEV_MEDIUM) e->log_other++;
  }
  if (exploit) e->sigma_exploit++;
  else if (high) e->sigma_high++;
}
