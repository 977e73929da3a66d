/*
 * case.h - what the report module renders from a case file (store.h): the
 * sweep's ECS JSON Lines records (ecs.c), the closing summary line and
 * the next steps (summary.c), the text for a terminal (case_text.c) and the
 * HTML page (html.c).  The sweep writes everything to the case file first
 * and renders from it, so `shellsift report` later shows exactly what the
 * sweep showed.  Every call that reads the case file returns its error:
 * a report is never rendered from half-read rows without saying so.
 */
#ifndef SS_REPORT_CASE_H
#define SS_REPORT_CASE_H

#include <stdint.h>
#include <stdio.h>

#include "shellsift.h"
#include "store/store.h"
#include "util/util.h"

#define ECS_VERSION "8.11.0"

/* ---- ecs.c: one malloc'ed line each, ending in '\n' ---- */
char *report_ecs_finding(const ss_finding *f, const char *kind, int64_t when);
char *report_ecs_log_finding(const ss_log_finding *lf);
char *report_ecs_incident(const ss_incident *in);
char *report_ecs_warning(const ss_warning *w, int64_t when);

/* ---- summary.c ---- */
/* The closing {"event":"summary",...} line of a stored sweep into out. */
ss_err report_case_summary(store *s, int64_t sweep, strbuf *out);
/* The closing summary line of a sweep whose case file failed: what the
 * sweep itself knows (verdict, reasons, counts), marked incomplete. */
void report_sweep_summary(const ss_sweep_result *r, const char *root, const char *reasons, strbuf *out);
/* The next steps for a stored sweep, one sentence per line (the HTML page,
 * the text and the summary line share them). */
ss_err report_next_steps(store *s, int64_t sweep, strbuf *out);

/* ---- case_text.c: the sweep for a terminal ---- */
ss_err report_case_text(store *s, int64_t sweep, FILE *out);

/* ---- html.c ---- */
ss_err report_case_html(store *s, int64_t sweep, const char *path);

#endif
