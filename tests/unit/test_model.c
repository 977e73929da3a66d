/*
 * test_model.c - the learned PHP model (lang/model.h): which features a
 * text gives, the tree walk and the signs named, that the compiled-in
 * tables score the project's fixtures exactly as the trainer did, and the
 * verdict on each: medium above the threshold, nothing below.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/lang.h"
#include "lang/model.h"
#include "test.h"

#define MAX_SEEN 256

typedef struct {
  char name[MAX_SEEN][72];
  double value[MAX_SEEN];
  size_t n;
} seen;

static void collect(void *arg, const char *name, double value) {
  seen *s = arg;
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->name[i], name) == 0) {
      s->value[i] += value;
      return;
    }
  if (s->n == MAX_SEEN) return;
  snprintf(s->name[s->n], sizeof s->name[s->n], "%s", name);
  s->value[s->n++] = value;
}

static double value_of(const seen *s, const char *name) {
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->name[i], name) == 0) return s->value[i];
  return 0;
}

static void features_of(seen *s, const char *text) {
  memset(s, 0, sizeof *s);
  lang_model_features((const unsigned char *)text, strlen(text), collect, s);
}

static void test_names_by_context(void) {
  seen s;
  features_of(&s, "<?php\nSYSTEM ($_POST['c']);\n$o->exec(1); Foo::shell_exec(2); \\passthru($x);\n"
                  "$f = 'popen'; $cmdx = 1; $GLOBALS['a'] = \"assert\"; $mine = 'not_a_fn'; ?>\n");
  CHECK(value_of(&s, "c:system") == 1);      /* any case, blanks before '(' */
  CHECK(value_of(&s, "c:passthru") == 1);    /* a namespaced call is still PHP's */
  CHECK(value_of(&s, "c:exec") == 0);        /* a method is not the function */
  CHECK(value_of(&s, "c:shell_exec") == 0);  /* nor a static method */
  CHECK(value_of(&s, "q:popen") == 1);
  CHECK(value_of(&s, "q:assert") == 1);
  CHECK(value_of(&s, "q:not_a_fn") == 1);    /* the trainer, not the extractor, keeps PHP's own */
  CHECK(value_of(&s, "v:_post") == 1);
  CHECK(value_of(&s, "v:globals") == 1);
  CHECK(value_of(&s, "v:cmdx") == 0);        /* a variable's own name is never learnt */
  CHECK(value_of(&s, "v:mine") == 0);
  CHECK(value_of(&s, "w:system") == 1);      /* a listed word wherever it stands */
  CHECK(value_of(&s, "w:exec") == 1);
  CHECK(value_of(&s, "w:cmdx") == 0);
  CHECK(value_of(&s, "p:?>") == 1);
  CHECK(value_of(&s, "p:<?php") == 1);
}

static void test_marks_tags_schemes_layout(void) {
  seen s;
  char text[1024];
  char b64[260];
  memset(b64, 'Q', 250);
  b64[250] = '\0';
  snprintf(text, sizeof text,
           "<form method=post><textarea name=t></textarea><input type=file>\n"
           "<?= @`ls` ^ $$n . ${'x'} . \"\\x41\\101\" . file_get_contents('php://input'); ?>\n%s\n\xc3\xa9", b64);
  features_of(&s, text);
  CHECK(value_of(&s, "h:form") == 1);
  CHECK(value_of(&s, "h:textarea") == 1); /* </textarea> is not a tag's start */
  CHECK(value_of(&s, "h:input") == 1);
  CHECK(value_of(&s, "u:php") == 1);
  CHECK(value_of(&s, "p:<?=") == 1);
  CHECK(value_of(&s, "b:@") == 1);
  CHECK(value_of(&s, "b:`") == 2);
  CHECK(value_of(&s, "b:^") == 1);
  CHECK(value_of(&s, "b:(") == 1 && value_of(&s, "b:)") == 1);
  CHECK(value_of(&s, "p:$$") == 1);
  CHECK(value_of(&s, "p:${") == 1);
  CHECK(value_of(&s, "p:\\x") == 1);
  CHECK(value_of(&s, "p:\\0") == 1);
  CHECK(value_of(&s, "s:size") == (double)strlen(text));
  CHECK(value_of(&s, "s:lines") == 4);
  CHECK(value_of(&s, "s:maxline") == 250);
  CHECK(value_of(&s, "s:longlines") == 0);
  CHECK(value_of(&s, "s:b64runs") == 1);
  CHECK(value_of(&s, "s:nonascii") == 2);
  features_of(&s, "");
  CHECK(value_of(&s, "s:size") == 0 && value_of(&s, "s:lines") == 1); /* an empty file still has its figures */
}

/* The layout figures against the plainest byte loop, on random texts of
 * base64 runs, line ends and bytes from 0x80 (the extractor measures them
 * 16 bytes at a time). */
static int b64_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '/';
}

static void test_layout_matches_byte_loop(void) {
  static unsigned char buf[4096];
  unsigned seed = 7;
  size_t wrong = 0;
  for (int round = 0; round < 3000; round++) {
    size_t len = (size_t)(round * 7919 % 4096);
    for (size_t i = 0; i < len; i++) {
      seed = seed * 1103515245u + 12345u;
      unsigned r = (seed >> 16) % 1000;
      /* long runs need rare breaks: how rare changes from round to round */
      unsigned breaks = 1 + (unsigned)(round % 5) * 2;
      buf[i] = r < breaks ? '\n' : r < 2 * breaks ? 0xc3 : r < 3 * breaks ? ' ' : "Ab9+/_"[r % 6];
    }
    size_t lines = 1, maxline = 0, longlines = 0, runs = 0, run = 0, nonascii = 0, line = 0;
    for (size_t i = 0; i <= len; i++) {
      unsigned char c = i < len ? buf[i] : '\n';
      nonascii += i < len && c >= 0x80;
      if (i < len && b64_byte(c)) run++;
      else runs += run >= 200, run = 0;
      if (c != '\n') {
        line++;
        continue;
      }
      maxline = line > maxline ? line : maxline;
      longlines += line > 300;
      lines += i < len;
      line = 0;
    }
    seen s;
    memset(&s, 0, sizeof s);
    lang_model_features(buf, len, collect, &s);
    wrong += value_of(&s, "s:lines") != (double)lines || value_of(&s, "s:maxline") != (double)maxline ||
             value_of(&s, "s:longlines") != (double)longlines || value_of(&s, "s:b64runs") != (double)runs ||
             value_of(&s, "s:nonascii") != (double)nonascii;
  }
  CHECK(wrong == 0);
}

/* Two stumps: system() is worth 2, $_POST 1. */
static const char *const tiny_features[] = {"c:system", "v:_post"};
static const double tiny_lift[] = {3.0, 0.5};
static const lang_model_node tiny_nodes[] = {
    {0, 0.5, 1, 2, 0}, {-1, 0, 0, 0, -1}, {-1, 0, 0, 0, 2}, {1, 0.5, 4, 5, 0}, {-1, 0, 0, 0, -0.5}, {-1, 0, 0, 0, 1},
};
static const unsigned tiny_roots[] = {0, 3};
static const lang_model tiny = {tiny_features, tiny_lift, 2, tiny_nodes, tiny_roots, 2, 0.25, 1.0};

static void test_tree_walk_and_signs(void) {
  const char *both = "<?php system($_POST['c']);";
  char why[160];
  CHECK(fabs(lang_model_score(&tiny, (const unsigned char *)both, strlen(both), why, sizeof why) - 3.25) < 1e-12);
  CHECK_STREQ(why, "system()"); /* $_POST's lift is under 1: no sign worth naming */
  const char *neither = "<?php echo 1;";
  CHECK(fabs(lang_model_score(&tiny, (const unsigned char *)neither, strlen(neither), why, sizeof why) + 1.25) < 1e-12);
  CHECK_STREQ(why, "");
}

/* The trainer wrote its own scores of the fixtures: the C side must agree. */
static void test_reproduces_trainer(void) {
  FILE *f = fopen("tests/unit/model-php-scores.tsv", "r");
  CHECK(f != NULL);
  if (!f) return;
  char line[4096];
  size_t rows = 0, wrong = 0, above = 0;
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#') continue;
    char *tab = strchr(line, '\t');
    if (!tab) continue;
    *tab = '\0';
    double want = strtod(tab + 1, NULL);
    FILE *in = fopen(line, "rb");
    CHECK(in != NULL);
    if (!in) continue;
    static unsigned char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    double got = lang_model_score(&lang_model_php, buf, n, NULL, 0);
    if (fabs(got - want) > 1e-9 * (1 + fabs(want))) {
      fprintf(stderr, "%s: C %.17g, trainer %.17g\n", line, got, want);
      wrong++;
    }
    rows++;
    /* the verdict: medium above the threshold, silent below, and only on what the analysis read */
    lang_result r;
    memset(&r, 0, sizeof r);
    CHECK(lang_model_judge(&r, buf, n) == 0);
    r.php_read = 1;
    int score = lang_model_judge(&r, buf, n);
    above += want > lang_model_php.threshold;
    CHECK(score == (want > lang_model_php.threshold ? 45 : 0));
    CHECK(!score || strstr(r.model_why, "learned model, score") != NULL);
  }
  fclose(f);
  CHECK(rows > 100);
  CHECK(wrong == 0);
  CHECK(above > 0 && above < rows); /* both sides of the threshold were tried */
}

int main(void) {
  RUN(test_names_by_context);
  RUN(test_marks_tags_schemes_layout);
  RUN(test_layout_matches_byte_loop);
  RUN(test_tree_walk_and_signs);
  RUN(test_reproduces_trainer);
  TEST_END();
}
