/*
 * report.c - `shellsift report CASE.db`: regenerates the text, JSON Lines
 * and HTML outputs of a sweep from its case file, without reading the
 * evidence again.  The exit status is the sweep's.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "shellsift.h"

static const char report_help[] =
    "usage: shellsift report [options] CASE.db\n"
    "\n"
    "Regenerates the outputs of a sweep from its case file.\n"
    "\n"
    "  --sweep N      the sweep to report (default: the latest)\n"
    "  --html FILE    write the HTML report to FILE\n"
    "  --json         ECS JSON Lines on stdout, ending with the summary event\n"
    "  -q, --quiet    no text report\n"
    "\n"
    "exit status: as the sweep's (0 no evidence, 1 compromised or suspicious,\n"
    "2 incomplete or an error, e.g. no such sweep).\n";

int cmd_report(int argc, char **argv) {
  static const struct option options[] = {
      {"sweep", required_argument, NULL, 's'}, {"html", required_argument, NULL, 'H'},
      {"json", no_argument, NULL, 'j'},        {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
  };
  unsigned sweep = 0;
  const char *html = NULL;
  int json = 0, quiet = 0, c;
  setlocale(LC_CTYPE, "");
  optind = 1;
  while ((c = getopt_long(argc, argv, "qh", options, NULL)) != -1) {
    switch (c) {
    case 's':
      if (parse_uint(optarg, 1, 2000000000u, &sweep)) {
        fprintf(stderr, "shellsift report: invalid --sweep '%s'\n", optarg);
        return EXIT_TROUBLE;
      }
      break;
    case 'H': html = optarg; break;
    case 'j': json = 1; break;
    case 'q': quiet = 1; break;
    case 'h': fputs(report_help, stdout); return EXIT_NOTHING;
    default: fputs("Try 'shellsift report --help'.\n", stderr); return EXIT_TROUBLE;
    }
  }
  if (optind != argc - 1) {
    fputs("shellsift report: give exactly one CASE.db\n", stderr);
    return EXIT_TROUBLE;
  }
  if (check_paths("report", "CASE.db", argv + optind, 1)) return EXIT_TROUBLE;
  ss_sweep_result r;
  ss_err err = ss_sweep_report(argv[optind], sweep, html, json ? stdout : NULL,
                               quiet ? NULL : json ? stderr : stdout, &r);
  if (err != SS_OK) {
    fprintf(stderr, "shellsift report: %s: %s\n", argv[optind],
            err == SS_ERR_ARG ? "no such finished sweep in this case file" : ss_strerror(err));
    return EXIT_TROUBLE;
  }
  return sweep_exit_status(&r);
}
