/*
 * fuzz_logs_sigma.c - Sigma rules on arbitrary IIS or access-log lines
 * through the whole session (sigmarec.c's record mapping, the engine, the
 * merge of a record's built-in and Sigma matches into one finding): the
 * first byte picks the format (even: IIS W3C after its header; odd: an
 * access log), the rest are the lines.  Each input is read twice, with and
 * without webserver rules that use keywords, null, regular expressions,
 * contains|all, cased and numbers; beyond logs_harness.h's invariants
 * (reasons most severe first, each a built-in rule or one of these Sigma
 * rules, evidence the line's bytes), the built-in rules must report
 * exactly the same with the Sigma rules as without them.
 */
// fuzz-max-len: 4096
// fuzz-seeds: tests/fixtures/sigma/web/* tests/fixtures/logs/u_ex* tests/fixtures/logs/access.log
#include <stdio.h>
#include <stdlib.h>

#include "logs_harness.h"

static char rules_dir[4096];

static const char *const rules[][2] = {
    {"keywords.yml", "title: keywords\nid: 5c0e9a52-0d1f-4c43-9a53-f00000000001\nlevel: high\n"
                     "tags: [attack.t1190]\nlogsource: {category: webserver}\ndetection:\n"
                     "  keywords: ['=whoami', '/etc/passwd', '${jndi:']\n  condition: keywords\n"},
    {"null.yml", "title: null and method\nid: 5c0e9a52-0d1f-4c43-9a53-f00000000002\nlevel: medium\n"
                 "logsource: {category: webserver}\ndetection:\n  s:\n    cs-method: POST\n"
                 "    cs-referer: null\n    c-useragent: null\n  condition: s\n"},
    {"re.yml", "title: regex\nid: 5c0e9a52-0d1f-4c43-9a53-f00000000003\nlevel: critical\n"
               "logsource: {category: webserver}\ndetection:\n  s:\n    cs-uri-query|re: '\\.(aspx|php|jsp)\\?.*=(cmd|exec)'\n"
               "  f:\n    sc-status|gte: 400\n  condition: s and not f\n"},
    {"all.yml", "title: contains all\nid: 5c0e9a52-0d1f-4c43-9a53-f00000000004\nlevel: low\n"
                "logsource: {category: webserver}\ndetection:\n  s:\n    cs-uri-query|contains|all: ['/ecp/', '.js']\n"
                "    cs-uri-stem|cased|endswith: '.js'\n  condition: s\n"},
    {"broken.yml", "title: broken\nlogsource: {category: webserver}\ndetection:\n  s:\n    a|nosuch: x\n"
                   "  condition: s\n"},
};

static void cleanup(void) {
  char p[4200];
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
    snprintf(p, sizeof p, "%s/%s", rules_dir, rules[i][0]);
    unlink(p);
  }
  rmdir(rules_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  const char *tmp = getenv("TMPDIR");
  snprintf(rules_dir, sizeof rules_dir, "%s/shellsift-fuzz-sigma-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  FUZZ_ASSERT(mkdtemp(rules_dir) != NULL);
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", rules_dir, rules[i][0]);
    FILE *f = fopen(p, "w");
    FUZZ_ASSERT(f && fputs(rules[i][1], f) >= 0 && fclose(f) == 0);
  }
  atexit(cleanup);
  h_init("u_ex240302.log", 0);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!size) return 0;
  const char *prefix = data[0] & 1 ? "" : "#Software: Microsoft Internet Information Services 10.0\n";
  h_sigma = NULL;
  h_run(prefix, data + 1, size - 1, 1);
  uint64_t sum = h_builtin_sum, count = h_builtin_count;
  h_sigma = rules_dir;
  h_run(prefix, data + 1, size - 1, 1);
  FUZZ_ASSERT(h_builtin_sum == sum && h_builtin_count == count);
  return 0;
}
