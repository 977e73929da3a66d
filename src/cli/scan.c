/*
 * scan.c - `shellsift scan`: parses options into an ss_config_t, builds
 * the engine, scans each root and feeds events to the chosen writer, with a
 * progress line on stderr when it is a terminal.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "shellsift.h"

static const char scan_help[] =
    "usage: shellsift scan [options] PATH...\n"
    "\n"
    "Finds web shells and indicator matches in the files below each PATH (a\n"
    "directory or a file).  Evidence is only read, never changed.\n"
    "\n"
    "output:\n"
    "  --json              JSON Lines on stdout: finding, warning, summary events\n"
    "  --csv               CSV on stdout, one row per finding\n"
    "  -q, --quiet         findings only: no warnings, summary or progress\n"
    "      --no-color      no colours in text output (default: colour on a terminal)\n"
    "      --no-progress   no progress line on stderr\n"
    "  -o, --output FILE   write the report to FILE instead of stdout; refused\n"
    "                      inside a scanned PATH unless --allow-output-in-root\n"
    ENGINE_HELP
    "\n"
    "exit status: 0 nothing found; 1 findings; 2 nothing found but something\n"
    "could not be scanned (see warnings), or a usage or start-up error.\n"
    "Findings take precedence: a scan with findings exits 1 even if incomplete.\n";

enum { OPT_JSON = 256, OPT_CSV, OPT_NO_COLOR, OPT_NO_PROGRESS, OPT_ALLOW_OUTPUT_IN_ROOT };

static const struct option options[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {"csv", no_argument, NULL, OPT_CSV},
    {"quiet", no_argument, NULL, 'q'},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
    {"output", required_argument, NULL, 'o'},
    {"allow-output-in-root", no_argument, NULL, OPT_ALLOW_OUTPUT_IN_ROOT},
    ENGINE_OPTIONS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct {
  ss_writer_t *writer;
  int progress; /* draw a progress line on stderr */
  int progress_shown;
  int scanning;                 /* inside ss_scan(): its stats count warnings */
  uint64_t startup_incomplete;  /* rule files that failed before any scan */
} sink;

static void on_event(const ss_event *ev, void *user) {
  sink *s = user;
  if (ev->type == SS_EVENT_PROGRESS) {
    if (!s->progress) return;
    const ss_stats *p = ev->progress;
    double mb = (double)p->bytes / 1e6;
    fprintf(stderr, "\r\033[Kscanning: %llu files, %.1f MB, %.1f MB/s, %llu findings",
            (unsigned long long)p->files, mb, p->seconds > 0 ? mb / p->seconds : 0.0,
            (unsigned long long)p->findings);
    fflush(stderr);
    s->progress_shown = 1;
    return;
  }
  progress_clear(&s->progress_shown);
  if (ev->type == SS_EVENT_WARNING && ev->warning->incomplete && !s->scanning) s->startup_incomplete++;
  ss_writer_event(s->writer, ev);
}

/* Our own output must not be scanned when it lands inside the tree
 * (peers' users saw LOKI flag its own log). */
static void ignore_own_output(ss_config_t *cfg) {
  struct stat st;
  if (fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode)) ss_config_ignore_file(cfg, "/dev/stdout");
  if (fstat(STDERR_FILENO, &st) == 0 && S_ISREG(st.st_mode)) ss_config_ignore_file(cfg, "/dev/stderr");
}

/* Fills cfg and the output choices from argv; returns -1 to go on, or an
 * exit status. */
static int parse_options(int argc, char **argv, ss_config_t *cfg, ss_format *format,
                         unsigned *flags, int *progress, const char **output, int *allow_in_root) {
  int color = 1;
  engine_args engine = ENGINE_ARGS_INIT;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "qho:", options, NULL)) != -1) {
    switch (c) {
    case OPT_JSON: *format = SS_FORMAT_JSON; break;
    case OPT_CSV: *format = SS_FORMAT_CSV; break;
    case 'q': *flags |= SS_WRITER_QUIET; *progress = 0; break;
    case OPT_NO_COLOR: color = 0; break;
    case OPT_NO_PROGRESS: *progress = 0; break;
    case 'o': *output = optarg; break;
    case OPT_ALLOW_OUTPUT_IN_ROOT: *allow_in_root = 1; break;
    case 'h': fputs(scan_help, stdout); return EXIT_NOTHING;
    default:
      switch (engine_option("scan", c, optarg, cfg, &engine)) {
      case 1: break;
      case 0: fputs("Try 'shellsift scan --help'.\n", stderr); return EXIT_TROUBLE;
      default: return EXIT_TROUBLE;
      }
    }
  }
  engine_options_apply(cfg, &engine);
  if (check_paths("scan", "PATH", argv + optind, (size_t)(argc - optind))) return EXIT_TROUBLE;
  if (!*output && use_color(color, *format == SS_FORMAT_TEXT)) *flags |= SS_WRITER_COLOR;
  if (!isatty(STDERR_FILENO)) *progress = 0;
  return -1;
}

static void add_stats(ss_stats *total, const ss_stats *s) {
  total->files += s->files;
  total->dirs += s->dirs;
  total->bytes += s->bytes;
  total->content_scanned += s->content_scanned;
  total->hashed += s->hashed;
  total->excluded += s->excluded;
  total->special += s->special;
  total->symlinks += s->symlinks;
  total->too_large += s->too_large;
  total->findings += s->findings;
  for (int i = 0; i < 4; i++) total->by_severity[i] += s->by_severity[i];
  total->warnings += s->warnings;
  total->incomplete += s->incomplete;
  total->seconds += s->seconds;
}

int cmd_scan(int argc, char **argv) {
  ss_config_t *cfg;
  ss_engine_t *engine = NULL;
  ss_format format = SS_FORMAT_TEXT;
  unsigned flags = 0;
  int progress = 1, status, allow_in_root = 0;
  const char *output = NULL;
  FILE *out = stdout;
  ss_stats total = {0};
  setlocale(LC_CTYPE, ""); /* the text writer shows UTF-8 names as such only in a UTF-8 locale */
  if (ss_config_new(&cfg) != SS_OK) return EXIT_TROUBLE;
  sink s = {0};
  if ((status = parse_options(argc, argv, cfg, &format, &flags, &progress, &output, &allow_in_root)) >= 0)
    goto out;
  status = EXIT_TROUBLE;
  ignore_own_output(cfg);
  warn_stdout_in_roots("scan", argv + optind, (size_t)(argc - optind));
  if (output) {
    if (check_output_path("scan", output, argv + optind, (size_t)(argc - optind), allow_in_root)) goto out;
    if (!(out = open_output("scan", output))) {
      out = stdout;
      goto out;
    }
    ss_config_ignore_file(cfg, output);
  }
  drop_privileges("scan");
  if (ss_writer_new(format, out, stderr, flags, &s.writer) != SS_OK) goto out;
  s.progress = progress;
  ss_err err = ss_engine_new(cfg, on_event, &s, &engine);
  if (err != SS_OK) {
    fprintf(stderr, "shellsift scan: %s\n", ss_strerror(err));
    goto out;
  }
  s.scanning = 1;
  for (int i = optind; i < argc; i++) {
    ss_stats st;
    ss_scan(engine, argv[i], on_event, &s, &st); /* a root that fails is an incomplete warning */
    add_stats(&total, &st);
  }
  s.scanning = 0;
  total.incomplete += s.startup_incomplete;
  total.warnings += s.startup_incomplete;
  progress_clear(&s.progress_shown);
  ss_writer_summary(s.writer, engine, (const char *const *)argv + optind, (size_t)(argc - optind), &total);
  status = ss_exit_status(&total);
out:
  ss_engine_free(engine);
  ss_writer_free(s.writer);
  if (out != stdout) status = close_output("scan", out, output, status);
  ss_config_free(cfg);
  return status;
}
