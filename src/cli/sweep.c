/*
 * sweep.c - `shellsift sweep`: one command, one verdict for a whole server.
 * Parses the scan options it shares with `shellsift scan` plus the case
 * file, report and build-table options, runs ss_sweep and turns the verdict
 * into the exit status.  Progress goes to stderr when it is a terminal.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "shellsift.h"

static const char sweep_help[] =
    "usage: shellsift sweep [options] ROOT\n"
    "\n"
    "Looks everywhere below ROOT (a system drive, a mounted image, a KAPE or\n"
    "CyLR triage collection, or / on a Linux web server) for web shells,\n"
    "exploitation traces in the logs, post-exploitation artefacts and the\n"
    "Exchange patch level, and says: compromised, suspicious or no evidence\n"
    "found.  Evidence is only read, never changed.\n"
    "\n"
    "case file and reports:\n"
    "  --case FILE         SQLite case file to create or add this sweep to; files\n"
    "                      unchanged since its last sweep are not read again\n"
    "  --rescan            read every file even if unchanged\n"
    "  --report FILE       write the HTML report to FILE\n"
    "  --json              ECS JSON Lines on stdout, ending with a summary event\n"
    "  --allow-output-in-root  allow --case and --report inside ROOT (refused\n"
    "                      by default: the evidence is not ours to write to)\n"
    "  --builds FILE       Exchange build table to use instead of the built-in one\n"
    "  --sigma PATH        also run the Sigma rules of PATH (a .yml file, or a\n"
    "                      directory such as SigmaHQ's rules/) on the logs\n"
    "                      (repeatable; see shellsift logs --help)\n"
    "  -q, --quiet         no text report (with --json: nothing but JSON)\n"
    "      --no-color      no colours in warnings (default: colour on a terminal)\n"
    "      --no-progress   no progress line on stderr\n"
    ENGINE_HELP
    "\n"
    "exit status: 0 no evidence found and everything expected was examined;\n"
    "1 compromised or suspicious; 2 no evidence found but something could not\n"
    "be examined (missing logs, unreadable files), or a usage or start-up error.\n";

enum { OPT_CASE = 256, OPT_RESCAN, OPT_REPORT, OPT_JSON, OPT_NO_COLOR, OPT_NO_PROGRESS, OPT_BUILDS,
       OPT_ALLOW_OUTPUT_IN_ROOT, OPT_SIGMA };

static const struct option options[] = {
    {"case", required_argument, NULL, OPT_CASE},
    {"rescan", no_argument, NULL, OPT_RESCAN},
    {"report", required_argument, NULL, OPT_REPORT},
    {"json", no_argument, NULL, OPT_JSON},
    {"quiet", no_argument, NULL, 'q'},
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"builds", required_argument, NULL, OPT_BUILDS},
    {"allow-output-in-root", no_argument, NULL, OPT_ALLOW_OUTPUT_IN_ROOT},
    {"sigma", required_argument, NULL, OPT_SIGMA},
    ENGINE_OPTIONS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

#define MAX_SIGMA 64

typedef struct {
  int progress, shown, json, color, allow_in_root;
  char *sigma[MAX_SIGMA];
  size_t nsigma;
  ss_writer_t *warnings; /* text mode: warnings on stderr, as scan shows them */
} sink;

static void on_event(const ss_event *ev, void *user) {
  sink *s = user;
  if (ev->type == SS_EVENT_WARNING && s->warnings) {
    progress_clear(&s->shown);
    ss_writer_event(s->warnings, ev);
    return;
  }
  if (ev->type == SS_EVENT_PROGRESS && s->progress) {
    fprintf(stderr, "\r\033[Ksweeping: %llu files, %.1f MB, %llu findings",
            (unsigned long long)ev->progress->files, (double)ev->progress->bytes / 1e6,
            (unsigned long long)ev->progress->findings);
    fflush(stderr);
    s->shown = 1;
  }
}

static int parse(int argc, char **argv, ss_config_t *cfg, ss_sweep_options *opt, sink *s, int *quiet) {
  engine_args engine = ENGINE_ARGS_INIT;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "qh", options, NULL)) != -1) {
    switch (c) {
    case OPT_CASE: opt->case_file = optarg; break;
    case OPT_RESCAN: opt->rescan_all = 1; break;
    case OPT_REPORT: opt->report_html = optarg; break;
    case OPT_JSON: s->json = 1; break;
    case 'q': *quiet = 1; break;
    case OPT_NO_COLOR: s->color = 0; break;
    case OPT_NO_PROGRESS: s->progress = 0; break;
    case OPT_BUILDS: opt->builds_csv = optarg; break;
    case OPT_ALLOW_OUTPUT_IN_ROOT: s->allow_in_root = 1; break;
    case OPT_SIGMA:
      if (s->nsigma == MAX_SIGMA) {
        fprintf(stderr, "shellsift sweep: invalid --sigma (at most %d) '%s'\n", MAX_SIGMA, optarg);
        return EXIT_TROUBLE;
      }
      s->sigma[s->nsigma++] = optarg;
      break;
    case 'h': fputs(sweep_help, stdout); return EXIT_NOTHING;
    default:
      switch (engine_option("sweep", c, optarg, cfg, &engine)) {
      case 1: break;
      case 0: fputs("Try 'shellsift sweep --help'.\n", stderr); return EXIT_TROUBLE;
      default: return EXIT_TROUBLE;
      }
    }
  }
  engine_options_apply(cfg, &engine);
  if (optind != argc - 1) {
    fputs("shellsift sweep: give exactly one ROOT\nTry 'shellsift sweep --help'.\n", stderr);
    return EXIT_TROUBLE;
  }
  if (check_paths("sweep", "ROOT", argv + optind, 1)) return EXIT_TROUBLE;
  if (s->nsigma && check_paths("sweep", "--sigma", s->sigma, s->nsigma)) return EXIT_TROUBLE;
  opt->sigma = (const char *const *)s->sigma;
  opt->nsigma = s->nsigma;
  return -1;
}

/* The verdict as an exit status: findings first, as for scan. */
int sweep_exit_status(const ss_sweep_result *r) {
  if (r->verdict != SS_VERDICT_NO_EVIDENCE) return EXIT_FINDINGS;
  return r->complete ? EXIT_NOTHING : EXIT_TROUBLE;
}

int cmd_sweep(int argc, char **argv) {
  ss_config_t *cfg;
  ss_sweep_options opt = {0};
  sink s = {.progress = 1, .color = 1};
  int quiet = 0, status;
  setlocale(LC_CTYPE, "");
  if (ss_config_new(&cfg) != SS_OK) return EXIT_TROUBLE;
  if ((status = parse(argc, argv, cfg, &opt, &s, &quiet)) >= 0) goto out;
  if (!isatty(STDERR_FILENO)) s.progress = 0;
  if (s.json) opt.json = stdout;
  if (!quiet) opt.text = s.json ? stderr : stdout;
  status = EXIT_TROUBLE;
  char *root = argv[optind];
  warn_stdout_in_roots("sweep", &root, 1);
  if ((opt.case_file && check_output_path("sweep", opt.case_file, &root, 1, s.allow_in_root)) ||
      (opt.report_html && check_output_path("sweep", opt.report_html, &root, 1, s.allow_in_root)))
    goto out;
  drop_privileges("sweep");
  /* with --json, warnings are records in the stream */
  if (!s.json && ss_writer_new(SS_FORMAT_TEXT, stdout, stderr, use_color(s.color, 1) ? SS_WRITER_COLOR : 0,
                               &s.warnings) != SS_OK)
    goto out;
  ss_sweep_result r;
  ss_err err = ss_sweep(cfg, root, &opt, on_event, &s, &r);
  progress_clear(&s.shown);
  if (err != SS_OK) {
    fprintf(stderr, "shellsift sweep: %s\n", ss_strerror(err));
    status = EXIT_TROUBLE;
    goto out;
  }
  status = sweep_exit_status(&r);
out:
  fflush(stdout);
  ss_writer_free(s.warnings);
  ss_config_free(cfg);
  return status;
}
