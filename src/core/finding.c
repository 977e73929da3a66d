/*
 * finding.c - the per-file finding builder and the scoring that turns
 * several reasons into one score, category and severity (see finding.h).
 */
#include "core/finding.h"

#include <stdlib.h>
#include <string.h>

void core_fb_reset(finding_builder *fb) {
  fb->nreasons = 0;
  fb->nexcerpts = 0;
}

void core_fb_add_reason(finding_builder *fb, const char *rule, const char *category,
                   const char *description, const char *reference, int score) {
  if (fb->nreasons == FINDING_MAX_REASONS) return; /* the strongest are kept by core_fb_finish's sort */
  if (score > 100) score = 100;
  if (score < -100) score = -100;
  ss_reason *r = &fb->reasons[fb->nreasons++];
  r->rule = rule ? rule : "";
  r->category = category ? category : "";
  r->description = description ? description : "";
  r->reference = reference ? reference : "";
  r->score = score;
}

static int fb_has_category(const finding_builder *fb, const char *category) {
  for (size_t i = 0; i < fb->nreasons; i++)
    if (strcmp(fb->reasons[i].category, category) == 0) return 1;
  return 0;
}

void core_fb_add_excerpt(finding_builder *fb, const char *rule, const char *identifier,
                    uint64_t offset, const unsigned char *data, size_t len) {
  if (fb->nexcerpts == FINDING_MAX_EXCERPTS) return;
  size_t i = fb->nexcerpts++;
  if (len > EXCERPT_MAX_BYTES) len = EXCERPT_MAX_BYTES;
  memcpy(fb->excerpt_data[i], data, len);
  fb->excerpts[i] = (ss_excerpt){.offset = offset, .rule = rule, .identifier = identifier,
                                 .data = fb->excerpt_data[i], .length = len};
}

static int by_score_desc(const void *a, const void *b) {
  const ss_reason *x = a, *y = b;
  return (y->score > x->score) - (y->score < x->score);
}

int core_fb_score(const finding_builder *fb) {
  int scores[FINDING_MAX_REASONS];
  size_t n = 0;
  int penalty = 0;
  for (size_t i = 0; i < fb->nreasons; i++) {
    if (fb->reasons[i].score > 0) scores[n++] = fb->reasons[i].score;
    else penalty -= fb->reasons[i].score;
  }
  /* insertion sort, descending: n is tiny */
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && scores[j] > scores[j - 1]; j--) {
      int t = scores[j];
      scores[j] = scores[j - 1];
      scores[j - 1] = t;
    }
  double keep = 1.0, weight = 1.0;
  for (size_t i = 0; i < n; i++, weight /= 2) keep *= 1.0 - scores[i] / 100.0 * weight;
  int total = (int)(100.0 * (1.0 - keep) + 0.5) - penalty;
  return total < 0 ? 0 : total > 100 ? 100 : total;
}

void core_fb_finish(finding_builder *fb, ss_finding *f) {
  qsort(fb->reasons, fb->nreasons, sizeof fb->reasons[0], by_score_desc);
  f->reasons = fb->reasons;
  f->nreasons = fb->nreasons;
  f->excerpts = fb->excerpts;
  f->nexcerpts = fb->nexcerpts;
  f->score = core_fb_score(fb);
  f->severity = ss_severity_from_score(f->score);
  /* A script hidden under a non-script extension is the more specific
   * story even when a web-shell rule matched its content too. */
  f->category = fb_has_category(fb, "disguised-script") ? "disguised-script"
                : fb->nreasons ? fb->reasons[0].category : "";
  /* Obfuscation statistics are evidence, never the verdict (lang/stage.c). */
  for (size_t i = 0; i < fb->nreasons && strcmp(f->category, "obfuscation") == 0; i++)
    f->category = fb->reasons[i].category;
}
