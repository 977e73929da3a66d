/*
 * diff.c - `shellsift diff CASE.db`: what changed on disk between two
 * sweeps of a case file (files added, changed, removed), with new or
 * changed scripts in web-served folders flagged: on a server nobody
 * deploys to, a new .aspx in owa\auth is the finding.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "shellsift.h"

static const char diff_help[] =
    "usage: shellsift diff [options] CASE.db\n"
    "\n"
    "Lists files added, changed and removed between a sweep (default: the one\n"
    "before the latest) and the latest sweep in the case file.  New or changed\n"
    "scripts in web-served folders are marked NEW-SCRIPT.\n"
    "\n"
    "  --since N      compare the latest sweep with sweep N\n"
    "  --json         one JSON object per change, then a summary\n"
    "\n"
    "exit status: 1 if a script in a web folder is new or changed, else 0;\n"
    "2 on error (e.g. fewer than two sweeps).\n";

typedef struct {
  int json;
  unsigned long added, changed, removed, scripts;
} diff_sink;

static void on_entry(const ss_diff_entry *e, void *user) {
  diff_sink *d = user;
  d->added += e->change[0] == 'a';
  d->changed += e->change[0] == 'c';
  d->removed += e->change[0] == 'r';
  d->scripts += e->script_in_webroot != 0;
  ss_diff_entry_write(stdout, e, d->json);
}

int cmd_diff(int argc, char **argv) {
  static const struct option options[] = {
      {"since", required_argument, NULL, 's'}, {"json", no_argument, NULL, 'j'},
      {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
  };
  unsigned since = 0;
  diff_sink d = {0};
  int c;
  setlocale(LC_CTYPE, "");
  optind = 1;
  while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
    switch (c) {
    case 's':
      if (parse_uint(optarg, 1, 2000000000u, &since)) {
        fprintf(stderr, "shellsift diff: invalid --since '%s'\n", optarg);
        return EXIT_TROUBLE;
      }
      break;
    case 'j': d.json = 1; break;
    case 'h': fputs(diff_help, stdout); return EXIT_NOTHING;
    default: fputs("Try 'shellsift diff --help'.\n", stderr); return EXIT_TROUBLE;
    }
  }
  if (optind != argc - 1) {
    fputs("shellsift diff: give exactly one CASE.db\n", stderr);
    return EXIT_TROUBLE;
  }
  if (check_paths("diff", "CASE.db", argv + optind, 1)) return EXIT_TROUBLE;
  int64_t from = 0, to = 0;
  ss_err err = ss_sweep_diff(argv[optind], since, on_entry, &d, &from, &to);
  if (err != SS_OK) {
    fprintf(stderr, "shellsift diff: %s: %s\n", argv[optind],
            err == SS_ERR_ARG ? "needs two finished sweeps (or no such sweep)" : ss_strerror(err));
    return EXIT_TROUBLE;
  }
  if (d.json)
    printf("{\"event\":\"summary\",\"schema\":%d,\"from\":%lld,\"to\":%lld,\"added\":%lu,\"changed\":%lu,"
           "\"removed\":%lu,\"new_scripts_in_webroot\":%lu}\n",
           SS_SCHEMA_VERSION, (long long)from, (long long)to, d.added, d.changed, d.removed, d.scripts);
  else
    printf("sweep %lld -> %lld: %lu added, %lu changed, %lu removed, %lu new or changed script(s) in web folders\n",
           (long long)from, (long long)to, d.added, d.changed, d.removed, d.scripts);
  return d.scripts ? EXIT_FINDINGS : EXIT_NOTHING;
}
