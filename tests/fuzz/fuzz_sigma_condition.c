/*
 * fuzz_sigma_condition.c - the condition parser on arbitrary text, over
 * five search identifiers (sel_a, sel_b, filter, _hidden, keywords) and
 * all 32 combinations of which of them hold in a record.  Invariants: a
 * condition that loads also loads as `not (C)`, `(C) and (C)` and
 * `(C) or not (C)`, and on every record `not (C)` is the negation of C,
 * `(C) and (C)` equals C and `(C) or not (C)` holds; one that does not
 * load is reported as a condition problem, never anything else.
 */
// fuzz-max-len: 512
// fuzz-seeds: tests/fuzz/sigma_condition.seeds/*
#include <string.h>

#include "fuzz.h"
#include "sigma/internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  return 0;
}

static const char *const head =
    "title: t\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n"
    "  sel_a:\n    A: 'a'\n  sel_b:\n    B|contains: 'b'\n  filter:\n    F: null\n  _hidden:\n    H|startswith: 'h'\n"
    "  keywords:\n    - 'kw'\n  condition: '";

/* Loads the rule with condition text c; returns the ruleset or NULL (and
 * asserts the error is about the condition). */
static sigma_ruleset *load(const char *c) {
  strbuf sb = STRBUF_INIT;
  sb_adds(&sb, head);
  for (const char *p = c; *p; p++) {
    if (*p == '\'') sb_addc(&sb, '\'');
    sb_addc(&sb, *p);
  }
  sb_adds(&sb, "'\n");
  sigma_ruleset *rs = sigma_ruleset_new();
  long n = sigma_ruleset_add_text(rs, sb.data, sb.len, "c.yml");
  sb_free(&sb);
  if (n == 1) {
    sigma_ruleset_finish(rs);
    return rs;
  }
  FUZZ_ASSERT(sigma_ruleset_error_count(rs) == 1);
  const char *f = sigma_ruleset_error(rs, 0)->feature;
  FUZZ_ASSERT(!strcmp(f, "condition") || !strcmp(f, "condition-depth") || !strcmp(f, "aggregation") ||
              !strcmp(f, "near") || !strcmp(f, "yaml"));
  sigma_ruleset_free(rs);
  return NULL;
}

/* 1 if the rule matches the record where the identifiers in mask hold. */
static int eval(sigma_ruleset *rs, unsigned mask) {
  sigma_field f[5];
  size_t n = 0;
  if (mask & 1) f[n++] = (sigma_field){"A", "a"};
  if (mask & 2) f[n++] = (sigma_field){"B", "xbx"};
  if (!(mask & 4)) f[n++] = (sigma_field){"F", "set"}; /* filter (F: null) holds when F is absent */
  if (mask & 8) f[n++] = (sigma_field){"H", "hello"};
  if (mask & 16) f[n++] = (sigma_field){"K", "a kw here"};
  sigma_record r = {"windows", NULL, NULL, "Microsoft-Windows-Sysmon/Operational", NULL, 1, f, n};
  sigma_scratch *s = sigma_scratch_new(rs);
  size_t m = sigma_eval(s, &r, NULL, NULL);
  sigma_scratch_free(s);
  return m > 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *c = xstrndup((const char *)data, size);
  for (char *p = c; *p; p++)
    if (*p == '\n' || *p == '\r' || (unsigned char)*p < 0x20) *p = ' ';
  sigma_ruleset *rs = load(c);
  if (!rs) {
    free(c);
    return 0;
  }
  char *neg = xasprintf("not (%s)", c), *twice = xasprintf("(%s) and (%s)", c, c), *taut = xasprintf("(%s) or not (%s)", c, c);
  sigma_ruleset *rn = load(neg), *rt = load(twice), *ro = load(taut);
  /* wrapping can only fail on the depth bound */
  for (unsigned mask = 0; mask < 32; mask++) {
    int v = eval(rs, mask);
    if (rn) FUZZ_ASSERT(eval(rn, mask) == !v);
    if (rt) FUZZ_ASSERT(eval(rt, mask) == v);
    if (ro) FUZZ_ASSERT(eval(ro, mask) == 1);
  }
  sigma_ruleset_free(rs);
  if (rn) sigma_ruleset_free(rn);
  if (rt) sigma_ruleset_free(rt);
  if (ro) sigma_ruleset_free(ro);
  free(c), free(neg), free(twice), free(taut);
  return 0;
}
