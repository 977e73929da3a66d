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
 *   suspicious   S1 a file scoring 40-69
 *                S2 a staged archive or attack tool
 *                S3 any other log finding of medium severity or above
 *                   (exploitation attempts)
 *                S4 an Exchange build vulnerable to an exploited chain
 *                   while its HttpProxy logs are missing: exploitation
 *                   cannot be ruled out
 *   no-evidence  none of the above.  Coverage gaps do not change the word
 *                but make the sweep "incomplete", shown next to it.
 *
 * Low findings (score < 40) never move the verdict: peers' users ask for
 * graded verdicts, and a false "suspicious" costs a lone admin a weekend.
 */
#include "sweep/sweep.h"

#include <inttypes.h>

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
  if (e->file_strong || e->artefact_strong || e->log_success || e->incident_shell) v = SS_VERDICT_COMPROMISED;
  if (e->file_medium) why(reasons, "S1: %" PRIu64 " file(s) that look like web shells but are not certain", e->file_medium);
  if (e->artefact_medium)
    why(reasons, "S2: %" PRIu64 " archive(s) or attack tool(s) in a staging or web folder", e->artefact_medium);
  if (e->log_other) why(reasons, "S3: %" PRIu64 " exploitation attempt(s) or suspicious request(s) in the logs", e->log_other);
  if (e->exchange_vulnerable && e->proxy_logs_missing && reasons)
    sb_adds(reasons, "S4: the Exchange build is vulnerable and its HttpProxy logs are missing: exploitation cannot be ruled out\n");
  if (v == SS_VERDICT_NO_EVIDENCE &&
      (e->file_medium || e->artefact_medium || e->log_other || (e->exchange_vulnerable && e->proxy_logs_missing)))
    v = SS_VERDICT_SUSPICIOUS;
  return v;
}
