/*
 * logs.c - `shellsift logs`: reads IIS, Exchange, Apache, nginx, Tomcat
 * and Windows event logs (files, or found below a root by their known
 * locations, with the access-log formats the servers' configurations
 * define), reports rule
 * matches as they stream, then the rare-URL stacking and the incident
 * timeline, and ends with the summary.  Exit status as for `scan`.
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "shellsift.h"

static const char logs_help[] =
    "usage: shellsift logs [options] PATH...\n"
    "\n"
    "Finds ProxyLogon, ProxyShell, ProxyNotShell, OWASSRF and web-shell use in\n"
    "IIS W3C logs, Exchange HttpProxy/ECP/OABGenerator CSV logs, Apache, nginx\n"
    "and Tomcat access logs, .evtx event logs (commands a web server started in\n"
    "Sysmon and Security logs, PowerShell script blocks, Defender detections)\n"
    "and Linux audit logs (auditd).  Each PATH is a log file\n"
    "(format read from its content; .gz too) or a directory, below which the\n"
    "logs are found at their usual locations (inetpub/logs/LogFiles,\n"
    "<Exchange>/Logging, Windows/System32/winevt/Logs, /var/log/apache2, httpd,\n"
    "nginx, Tomcat's logs), ignoring case, with the LogFormat/log_format the\n"
    "servers' configurations below it define; a directory without them is read\n"
    "as a folder of logs.  Every line is also checked in its raw text against\n"
    "the Test-ProxyLogon patterns and published indicators; a line no layout can\n"
    "split is checked that way only, and makes its file partly read (the run is\n"
    "then incomplete).  Findings stream as they are found; the incidents\n"
    "(findings grouped by client address and time) and the summary follow.\n"
    "\n"
    "output:\n"
    "  --json              JSON Lines on stdout: finding, incident, warning, summary\n"
    "  --csv               CSV on stdout, one row per finding\n"
    "  -q, --quiet         findings and incidents only: no warnings or summary\n"
    "      --no-color      no colours in text output\n"
    "what to read:\n"
    "  --since TIME        only entries at or after TIME (YYYY-MM-DD or\n"
    "                      YYYY-MM-DDTHH:MM:SS, UTC)\n"
    "  --until TIME        only entries at or before TIME (a date: its whole day)\n"
    "  --max-line SIZE     longer lines are reported and skipped (default 1M)\n"
    "  --threads N         log files read at once (default: one per CPU)\n"
    "  --scan-results FILE the JSON of `shellsift scan --json`: requests to the\n"
    "                      web shells it found are reported and linked\n"
    "  --no-prefilter      every line through every rule (slower, the same findings)\n"
    "  --sigma PATH        also run the Sigma rules of PATH (a .yml file, or a\n"
    "                      directory such as SigmaHQ's rules/) on every record:\n"
    "                      event logs by channel and event id, IIS and access logs\n"
    "                      as the webserver category (repeatable)\n"
    "  --server-config FILE  an Apache, nginx or Tomcat configuration file\n"
    "                      (apache2.conf, nginx.conf, server.xml): access logs\n"
    "                      written with the formats it defines are split\n"
    "                      (repeatable; found by itself below a directory PATH)\n"
    "  --passwd FILE       the /etc/passwd of the system the logs come from: auditd\n"
    "                      user ids are named from it (never from this machine's),\n"
    "                      so web-server accounts are recognised (repeatable)\n"
    "  --dump              no detection: every record of each FILE as JSON Lines,\n"
    "                      one per line: .evtx with all its System and\n"
    "                      EventData/UserData fields, text logs with every field\n"
    "                      as the log names it (#Fields, LogFormat tokens)\n"
    "\n"
    "exit status: 0 nothing found; 1 findings; 2 nothing found but something\n"
    "could not be read (see warnings) or no log file was found, or a usage or\n"
    "start-up error.\n";

enum { OPT_JSON = 256, OPT_CSV, OPT_NO_COLOR, OPT_SINCE, OPT_UNTIL, OPT_MAX_LINE, OPT_SCAN_RESULTS, OPT_DUMP, OPT_CONFIG, OPT_NO_PREFILTER, OPT_SIGMA, OPT_PASSWD };

static const struct option options[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {"csv", no_argument, NULL, OPT_CSV},
    {"quiet", no_argument, NULL, 'q'},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"since", required_argument, NULL, OPT_SINCE},
    {"until", required_argument, NULL, OPT_UNTIL},
    {"max-line", required_argument, NULL, OPT_MAX_LINE},
    {"scan-results", required_argument, NULL, OPT_SCAN_RESULTS},
    {"dump", no_argument, NULL, OPT_DUMP},
    {"server-config", required_argument, NULL, OPT_CONFIG},
    {"no-prefilter", no_argument, NULL, OPT_NO_PREFILTER},
    {"sigma", required_argument, NULL, OPT_SIGMA},
    {"passwd", required_argument, NULL, OPT_PASSWD},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* "YYYY-MM-DD" (end_of_day: its last second) or "YYYY-MM-DDTHH:MM:SS[Z]",
 * UTC; -1 if malformed. */
static int parse_time_arg(const char *s, int end_of_day, int64_t *out) {
  struct tm tm = {0};
  const char *end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
  if (end && (*end == '\0' || (end[0] == 'Z' && end[1] == '\0'))) {
    *out = (int64_t)timegm(&tm);
    return 0;
  }
  memset(&tm, 0, sizeof tm);
  end = strptime(s, "%Y-%m-%d", &tm);
  if (!end || *end) return -1;
  *out = (int64_t)timegm(&tm) + (end_of_day ? 86399 : 0);
  return 0;
}

static int bad_option(const char *what, const char *value) {
  fprintf(stderr, "shellsift logs: invalid %s '%s'\n", what, value);
  return EXIT_TROUBLE;
}

static void on_event(const ss_event *ev, void *user) { ss_writer_event(user, ev); }

typedef struct {
  ss_writer_t *w;
  int incomplete;
} dump_state;

static void on_dump_event(const ss_event *ev, void *user) {
  dump_state *d = user;
  if (ev->type == SS_EVENT_WARNING && ev->warning->incomplete) d->incomplete = 1;
  ss_writer_event(d->w, ev);
}

/* --dump: each file's records on stdout, warnings on stderr; 2 when
 * anything could not be read or written. */
static int dump_files(char **paths, int n, int color) {
  dump_state d = {NULL, 0};
  if (ss_writer_new(SS_FORMAT_TEXT, stdout, stderr, SS_WRITER_LOGS | (color ? SS_WRITER_COLOR : 0), &d.w) != SS_OK)
    return EXIT_TROUBLE;
  int bad = 0;
  for (int i = 0; i < n; i++) bad |= ss_logs_dump(paths[i], stdout, on_dump_event, &d) != SS_OK;
  if (fflush(stdout) || ferror(stdout)) {
    fprintf(stderr, "shellsift logs: cannot write the dump: %s\n", strerror(errno));
    bad = 1;
  }
  ss_writer_free(d.w);
  return bad || d.incomplete ? EXIT_TROUBLE : EXIT_NOTHING;
}

int cmd_logs(int argc, char **argv) {
  ss_logs_options opt = {.since = SS_TIME_UNKNOWN, .until = SS_TIME_UNKNOWN};
  ss_format format = SS_FORMAT_TEXT;
  unsigned flags = SS_WRITER_LOGS, threads;
  int color = 1, c, status = EXIT_TROUBLE, dump = 0;
  const char *scan_results = NULL;
  const char *configs[64], *passwds[16];
  char *sigma[64];
  size_t nconfigs = 0, nsigma = 0, npasswds = 0;
  ss_writer_t *w = NULL;
  ss_logs_t *logs = NULL;
  setlocale(LC_CTYPE, "");
  optind = 1;
  while ((c = getopt_long(argc, argv, "qh", options, NULL)) != -1) {
    switch (c) {
    case OPT_JSON: format = SS_FORMAT_JSON; break;
    case OPT_CSV: format = SS_FORMAT_CSV; break;
    case 'q': flags |= SS_WRITER_QUIET; break;
    case OPT_NO_COLOR: color = 0; break;
    case OPT_SINCE:
      if (parse_time_arg(optarg, 0, &opt.since)) return bad_option("--since", optarg);
      break;
    case OPT_UNTIL:
      if (parse_time_arg(optarg, 1, &opt.until)) return bad_option("--until", optarg);
      break;
    case OPT_MAX_LINE:
      if (parse_size(optarg, &opt.max_line) || opt.max_line < 256 || opt.max_line > (1ull << 30))
        return bad_option("--max-line (256 bytes to 1G)", optarg);
      break;
    case OPT_SCAN_RESULTS: scan_results = optarg; break;
    case OPT_DUMP: dump = 1; break;
    case OPT_NO_PREFILTER: opt.no_prefilter = 1; break;
    case OPT_CONFIG:
      if (nconfigs == sizeof configs / sizeof configs[0]) return bad_option("--server-config (at most 64)", optarg);
      configs[nconfigs++] = optarg;
      break;
    case OPT_PASSWD:
      if (npasswds == sizeof passwds / sizeof passwds[0]) return bad_option("--passwd (at most 16)", optarg);
      passwds[npasswds++] = optarg;
      break;
    case OPT_SIGMA:
      if (nsigma == sizeof sigma / sizeof sigma[0]) return bad_option("--sigma (at most 64)", optarg);
      sigma[nsigma++] = optarg;
      break;
    case OPT_THREADS:
      if (parse_uint(optarg, 1, 64, &threads)) return bad_option("--threads (1 to 64)", optarg);
      opt.threads = threads;
      break;
    case 'h': fputs(logs_help, stdout); return EXIT_NOTHING;
    default: fputs("Try 'shellsift logs --help'.\n", stderr); return EXIT_TROUBLE;
    }
  }
  if (check_paths("logs", "PATH", argv + optind, (size_t)(argc - optind))) return EXIT_TROUBLE;
  if (nsigma && check_paths("logs", "--sigma", sigma, nsigma)) return EXIT_TROUBLE;
  if (dump) return dump_files(argv + optind, argc - optind, use_color(color, 1));
  if (use_color(color, format == SS_FORMAT_TEXT)) flags |= SS_WRITER_COLOR;
  if (ss_writer_new(format, stdout, stderr, flags, &w) != SS_OK) goto out;
  ss_err err = ss_logs_new(&opt, on_event, w, &logs);
  if (err != SS_OK) {
    fprintf(stderr, "shellsift logs: %s\n", ss_strerror(err));
    goto out;
  }
  if (scan_results && ss_logs_link_scan_results(logs, scan_results) != SS_OK) {
    fprintf(stderr, "shellsift logs: cannot read --scan-results '%s'\n", scan_results);
    goto out;
  }
  for (size_t i = 0; i < nconfigs; i++) {
    size_t n = 0;
    if (ss_logs_add_config(logs, configs[i], &n) != SS_OK) {
      fprintf(stderr, "shellsift logs: cannot read --server-config '%s'\n", configs[i]);
      goto out;
    }
    if (!n) fprintf(stderr, "shellsift logs: --server-config '%s' defines no access-log format\n", configs[i]);
  }
  for (size_t i = 0; i < nsigma; i++) /* rules that do not load are warnings; the others run */
    if (ss_logs_add_sigma(logs, sigma[i], NULL) != SS_OK) {
      fprintf(stderr, "shellsift logs: cannot read --sigma '%s'\n", sigma[i]);
      goto out;
    }
  for (size_t i = 0; i < npasswds; i++) {
    size_t n = 0;
    if (ss_logs_add_passwd(logs, passwds[i], &n) != SS_OK) {
      fprintf(stderr, "shellsift logs: cannot read --passwd '%s'\n", passwds[i]);
      goto out;
    }
    if (!n) fprintf(stderr, "shellsift logs: --passwd '%s' names no account\n", passwds[i]);
  }
  for (int i = optind; i < argc; i++) ss_logs_add(logs, argv[i]); /* one that vanished since: an incomplete warning */
  ss_logs_stats st;
  ss_logs_finish(logs, &st);
  ss_writer_logs_summary(w, (const char *const *)argv + optind, (size_t)(argc - optind), &st);
  status = ss_logs_exit_status(&st);
out:
  fflush(stdout);
  ss_logs_free(logs);
  ss_writer_free(w);
  return status;
}
