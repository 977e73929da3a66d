/*
 * features.c - prints lang_model_features() of each file named on stdin,
 * for rules/model/train-php: a line "=PATH<TAB>P" (P: 1 if the prefilter
 * passes the file, so the scanner would score it), then "NAME<TAB>VALUE"
 * per feature (calls and quoted names once per occurrence).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/lang.h"
#include "lang/model.h"

static void print(void *arg, const char *name, double value) {
  (void)arg;
  printf("%s\t%.17g\n", name, value);
}

int main(void) {
  char path[4096];
  while (fgets(path, sizeof path, stdin)) {
    path[strcspn(path, "\n")] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) {
      fprintf(stderr, "features: cannot open %s\n", path);
      return 1;
    }
    size_t cap = 1 << 16, len = 0, got;
    unsigned char *buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0)
      if ((len += got) == cap) buf = realloc(buf, cap *= 2);
    fclose(f);
    if (!buf) return 1;
    printf("=%s\t%d\n", path, lang_prefilter(buf, len, 1));
    lang_model_features(buf, len, print, NULL);
    free(buf);
  }
  return 0;
}
