/*
 * finding.h - collects the reasons and matched excerpts for one file while
 * the pipeline's stages run, then combines them into one score.  A builder
 * lives in each worker thread and is reset per file, so the steady state
 * allocates nothing.
 */
#ifndef SS_FINDING_H
#define SS_FINDING_H

#include "shellsift.h"
#include "util/util.h"

#define FINDING_MAX_REASONS 32
#define FINDING_MAX_EXCERPTS 3
#define EXCERPT_MAX_BYTES 96

typedef struct {
  ss_reason reasons[FINDING_MAX_REASONS];
  size_t nreasons;
  ss_excerpt excerpts[FINDING_MAX_EXCERPTS];
  unsigned char excerpt_data[FINDING_MAX_EXCERPTS][EXCERPT_MAX_BYTES];
  size_t nexcerpts;
} finding_builder;

void core_fb_reset(finding_builder *fb);
/* Strings are not copied: they must outlive the finding (rule metadata,
 * IOC entries and static text all do). */
void core_fb_add_reason(finding_builder *fb, const char *rule, const char *category,
                   const char *description, const char *reference, int score);
/* Copies up to EXCERPT_MAX_BYTES from data; rule and identifier not copied. */
void core_fb_add_excerpt(finding_builder *fb, const char *rule, const char *identifier,
                    uint64_t offset, const unsigned char *data, size_t len);
/* Combined score, 0-100: the Loki-RS formula 100*(1 - prod(1 - s_i/100/2^i))
 * over positive scores in descending order, minus any negative scores (IOC
 * false-positive adjustments).  One strong reason dominates; more reasons
 * raise the total with diminishing weight. */
int core_fb_score(const finding_builder *fb);
/* Fills the reason/score/category/severity fields of f from the builder. */
void core_fb_finish(finding_builder *fb, ss_finding *f);

#endif
