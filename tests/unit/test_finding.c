/*
 * test_finding.c - scoring: how several reasons combine into one score,
 * category and severity.
 */
#include "core/finding.h"
#include "test.h"

static void test_single_reason(void) {
  finding_builder fb;
  core_fb_reset(&fb);
  core_fb_add_reason(&fb, "r", "webshell", "d", "", 90);
  CHECK(core_fb_score(&fb) == 90);
  ss_finding f = {0};
  core_fb_finish(&fb, &f);
  CHECK(f.severity == SS_SEV_CRITICAL);
  CHECK_STREQ(f.category, "webshell");
  CHECK(f.nreasons == 1);
}

static void test_combination(void) {
  finding_builder fb;
  core_fb_reset(&fb);
  core_fb_add_reason(&fb, "low", "ioc-name", "", "", 60);
  core_fb_add_reason(&fb, "high", "webshell", "", "", 90);
  /* 100*(1 - (1-0.9)*(1-0.6/2)) = 93 */
  CHECK(core_fb_score(&fb) == 93);
  ss_finding f = {0};
  core_fb_finish(&fb, &f);
  CHECK_STREQ(f.reasons[0].rule, "high"); /* strongest first */
  CHECK_STREQ(f.category, "webshell");
  /* many weak reasons never reach "critical" on their own */
  core_fb_reset(&fb);
  for (int i = 0; i < 10; i++) core_fb_add_reason(&fb, "w", "webshell", "", "", 30);
  CHECK(core_fb_score(&fb) < 70);
}

static void test_negative_and_clamp(void) {
  finding_builder fb;
  core_fb_reset(&fb);
  core_fb_add_reason(&fb, "a", "ioc-name", "", "", 70);
  core_fb_add_reason(&fb, "fp", "ioc-name", "", "", -30);
  CHECK(core_fb_score(&fb) == 40);
  core_fb_reset(&fb);
  core_fb_add_reason(&fb, "fp", "ioc-name", "", "", -50);
  CHECK(core_fb_score(&fb) == 0);
  core_fb_reset(&fb);
  core_fb_add_reason(&fb, "big", "x", "", "", 1000);
  CHECK(core_fb_score(&fb) == 100);
}

static void test_disguise_category_wins(void) {
  finding_builder fb;
  core_fb_reset(&fb);
  core_fb_add_reason(&fb, "php_eval_request", "webshell", "", "", 95);
  core_fb_add_reason(&fb, "disguised-script", "disguised-script", "", "", 60);
  ss_finding f = {0};
  core_fb_finish(&fb, &f);
  CHECK_STREQ(f.category, "disguised-script");
  CHECK(f.severity == SS_SEV_CRITICAL);
}

static void test_excerpts_bounded(void) {
  finding_builder fb;
  unsigned char big[500];
  memset(big, 'A', sizeof big);
  core_fb_reset(&fb);
  for (int i = 0; i < 10; i++) core_fb_add_excerpt(&fb, "r", "$a", (uint64_t)i, big, sizeof big);
  CHECK(fb.nexcerpts == FINDING_MAX_EXCERPTS);
  CHECK(fb.excerpts[0].length == EXCERPT_MAX_BYTES);
  CHECK(fb.excerpts[2].offset == 2);
}

static void test_severity_bands(void) {
  CHECK(ss_severity_from_score(100) == SS_SEV_CRITICAL);
  CHECK(ss_severity_from_score(90) == SS_SEV_CRITICAL);
  CHECK(ss_severity_from_score(89) == SS_SEV_HIGH);
  CHECK(ss_severity_from_score(70) == SS_SEV_HIGH);
  CHECK(ss_severity_from_score(69) == SS_SEV_MEDIUM);
  CHECK(ss_severity_from_score(40) == SS_SEV_MEDIUM);
  CHECK(ss_severity_from_score(39) == SS_SEV_LOW);
  CHECK_STREQ(ss_severity_name(SS_SEV_HIGH), "high");
}

int main(void) {
  RUN(test_single_reason);
  RUN(test_combination);
  RUN(test_negative_and_clamp);
  RUN(test_disguise_category_wins);
  RUN(test_excerpts_bounded);
  RUN(test_severity_bands);
  TEST_END();
}
