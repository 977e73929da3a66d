/*
 * reasons.h - the reasons of a log finding (the built-in rule and every
 * Sigma rule that matched one record), written the same way by every
 * output: JSON Lines, the sweep's ECS records, text and the HTML report.
 * A Sigma reason always carries its rule's id, title, author and
 * references: the attribution SigmaHQ's licence (DRL 1.1) asks for.
 */
#ifndef SS_REPORT_REASONS_H
#define SS_REPORT_REASONS_H

#include "report/jsonw.h"
#include "shellsift.h"
#include "util/util.h"

/* "sigma_ids": the Sigma rule ids as plain strings, "rule_ids": every
 * reason's rule, and "reasons": one object per reason. */
void report_log_reasons_json(jsonw *j, const ss_log_finding *f);
/* One line for a person: "sigma <id> high: <title> (by <author>; <refs>)";
 * built-in: "builtin <id> critical: <title>". */
void report_log_reason_text(strbuf *sb, const ss_log_reason *r);

#endif
