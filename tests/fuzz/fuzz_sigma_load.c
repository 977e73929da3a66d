/*
 * fuzz_sigma_load.c - the Sigma loader (YAML, rules, filters, modifiers,
 * conditions) on arbitrary text, then evaluation on records made from the
 * same bytes.  Invariants: the count add_text returns is the ruleset's;
 * every error has a feature and a one-line message; evaluation hits only
 * loaded rules, counts what it reports, gives the same result twice, and
 * the same result with the prefilter off (the prefilter is sound).
 */
// fuzz-max-len: 8192
// fuzz-seeds: tests/fixtures/sigma/rules/*.yml ../shared/sigma/rules/web/*/*.yml ../shared/sigma/rules/windows/builtin/security/*.yml
#include <string.h>

#include "fuzz.h"
#include "sigma/internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  return 0;
}

typedef struct {
  const sigma_ruleset *rs;
  size_t matched, undecided;
  unsigned char seen[64]; /* which of the first rules matched (bitmap) */
} tally;

static void on_hit(void *user, const sigma_hit *h, const sigma_record *r) {
  (void)r;
  tally *t = user;
  size_t i = 0, n = sigma_ruleset_count(t->rs);
  while (i < n && sigma_ruleset_rule(t->rs, i) != h->rule) i++;
  FUZZ_ASSERT(i < n); /* a loaded rule */
  if (h->undecided) {
    t->undecided++;
    FUZZ_ASSERT(h->why != NULL);
  } else {
    t->matched++;
  }
  if (i < 512 && !h->undecided) t->seen[i / 8] |= (unsigned char)(1u << (i % 8));
}

static tally run(sigma_scratch *s, const sigma_ruleset *rs, const sigma_record *r) {
  tally t;
  memset(&t, 0, sizeof t);
  t.rs = rs;
  size_t n = sigma_eval(s, r, on_hit, &t);
  FUZZ_ASSERT(n == t.matched);
  return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sigma_ruleset *rs = sigma_ruleset_new();
  long n = sigma_ruleset_add_text(rs, (const char *)data, size, "fuzz.yml");
  FUZZ_ASSERT(n >= 0 && (size_t)n == sigma_ruleset_count(rs));
  sigma_ruleset_finish(rs);
  for (size_t i = 0; i < sigma_ruleset_error_count(rs); i++) {
    const sigma_error *e = sigma_ruleset_error(rs, i);
    FUZZ_ASSERT(e->feature[0] && e->message[0] && !strchr(e->message, '\n'));
  }
  /* records: each input line "name: value" or "- value" is a field, on a
   * Sysmon 1, a Security 4688 and a web-server record */
  sigma_field f[48];
  size_t nf = 0;
  char *copy = xstrndup((const char *)data, size);
  for (char *line = copy, *next; line && nf < 48; line = next) {
    next = strchr(line, '\n');
    if (next) *next++ = '\0';
    char *colon = strchr(line, ':');
    while (*line == ' ' || *line == '-') line++;
    if (!colon || colon < line) {
      f[nf++] = (sigma_field){"Data", line};
      continue;
    }
    *colon = '\0';
    char *v = colon + 1;
    while (*v == ' ' || *v == '\'') v++;
    size_t vl = strlen(v);
    if (vl && v[vl - 1] == '\'') v[vl - 1] = '\0';
    char *bar = strchr(line, '|');
    if (bar) *bar = '\0';
    f[nf++] = (sigma_field){line, v};
  }
  sigma_record recs[3] = {
      {"windows", NULL, NULL, "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", 1, f, nf},
      {"windows", NULL, NULL, "Security", "Microsoft-Windows-Security-Auditing", 4688, f, nf},
      {NULL, "webserver", NULL, NULL, NULL, -1, f, nf},
  };
  sigma_scratch *s = sigma_scratch_new(rs), *all = sigma_scratch_new(rs);
  sigma_scratch_exhaustive(all, 1);
  for (int k = 0; k < 3; k++) {
    tally a = run(s, rs, &recs[k]), b = run(s, rs, &recs[k]), c = run(all, rs, &recs[k]);
    FUZZ_ASSERT(a.matched == b.matched && a.undecided == b.undecided && !memcmp(a.seen, b.seen, sizeof a.seen));
    FUZZ_ASSERT(a.matched == c.matched && !memcmp(a.seen, c.seen, sizeof a.seen));
  }
  sigma_scratch_free(s);
  sigma_scratch_free(all);
  free(copy);
  sigma_ruleset_free(rs);
  return 0;
}
