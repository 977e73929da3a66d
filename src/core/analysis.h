/*
 * analysis.h - the content analysis (src/lang) as the per-file pipeline
 * calls it: analyse a script-like file and add what was found to its
 * finding.  The glue lives in core so that lang knows nothing of scans.
 */
#ifndef SS_CORE_ANALYSIS_H
#define SS_CORE_ANALYSIS_H

#include "core/finding.h"
#include "core/scan.h"
#include "lang/lang.h"

/* The limits an engine's config asks for. */
lang_ctx *core_analysis_new(const ss_config_t *cfg);
/* Runs on buf if filetype is a language the stage reads; reasons go into
 * fb (their text lives in c until the next file), a bound hit becomes an
 * SS_WARN_ANALYSIS_LIMIT warning. Returns 1 if the file was analysed. */
int core_analysis_run(lang_ctx *c, const unsigned char *buf, size_t len, const char *filetype,
               finding_builder *fb, scan_run *run, const char *path);

/* The file as the analysis read it, its built literals written back
 * (lang_folded_text), when the content rules should read that too: the
 * analysis folded something and nothing so far makes the file a finding. */
const unsigned char *core_analysis_folded(const lang_ctx *c, const finding_builder *fb, size_t *len);

/* The learned model (lang/model.h) on a PHP file nothing else flagged:
 * a medium reason, never more, and never beside a stronger one. */
void core_analysis_model(lang_ctx *c, const unsigned char *buf, size_t len, finding_builder *fb);

#endif
