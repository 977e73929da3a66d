/*
 * analysis.c - plugs the analyzer into the scan pipeline: each detection
 * becomes a finding reason (rule "shellsift.lang.<technique>", a sentence
 * naming the sink) scored alongside the YARA and IOC reasons, and the
 * obfuscation statistics join only when something else already flagged
 * the file.
 */
#include "core/analysis.h"

#include "core/config.h"
#include "lang/analyze.h"

lang_ctx *core_analysis_new(const ss_config_t *cfg) {
  lang_limits lim = {cfg->analysis_depth, cfg->analysis_max_decoded, cfg->analysis_ms};
  return lang_ctx_new(&lim);
}

/* Obfuscation statistics join a reason that is a finding on its own
 * (medium or above), never a note below it. */
static int has_positive(const finding_builder *fb) {
  for (size_t i = 0; i < fb->nreasons; i++)
    if (fb->reasons[i].score >= 40) return 1;
  return 0;
}

int core_analysis_run(lang_ctx *c, const unsigned char *buf, size_t len, const char *filetype,
               finding_builder *fb, scan_run *run, const char *path) {
  lang_result *r = &c->result;
  if (!lang_wanted(filetype)) {
    r->php_read = 0; /* nothing for core_analysis_model to score */
    return 0;
  }
  lang_analyze(c, buf, len, filetype, r);
  for (size_t i = 0; i < r->ndet; i++)
    core_fb_add_reason(fb, r->det[i].rule, r->det[i].category, r->det[i].description, "", r->det[i].score);
  if (has_positive(fb)) lang_get_stats(c, buf, len, &r->stats); /* evidence beside other reasons only */
  if (r->stats.score > 0 && has_positive(fb))
    core_fb_add_reason(fb, "shellsift.lang.obfuscation", "obfuscation", r->stats.description, "", r->stats.score);
  if (r->limited)
    core_run_warn(run, SS_WARN_ANALYSIS_LIMIT, path, "content analysis stopped at its %s; partly analysed",
             r->limit_why);
  return 1;
}

void core_analysis_model(lang_ctx *c, const unsigned char *buf, size_t len, finding_builder *fb) {
  int score;
  if (!has_positive(fb) && (score = lang_model_judge(&c->result, buf, len)) > 0)
    core_fb_add_reason(fb, "shellsift.lang.model", "webshell", c->result.model_why, "", score);
}

const unsigned char *core_analysis_folded(const lang_ctx *c, const finding_builder *fb, size_t *len) {
  const unsigned char *text = lang_folded_text(c, len);
  return text && !has_positive(fb) ? text : NULL;
}
