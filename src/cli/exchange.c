/*
 * exchange.c - `shellsift exchange`: the Exchange build and, per attack
 * chain, whether it is fixed.  A TARGET that is a directory is read as a
 * mounted disk or triage copy; anything else is a server probed from
 * outside with ordinary GET requests (never an exploit's crafted ones).
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "shellsift.h"

static const char exchange_help[] =
    "usage: shellsift exchange [options] TARGET...\n"
    "       shellsift exchange [options] --targets FILE\n"
    "\n"
    "Tells the Exchange product (2010, 2013, 2016, 2019 or Subscription Edition),\n"
    "build, cumulative update and the exact update installed; how many updates\n"
    "behind the latest it is, whether the product is still supported and which\n"
    "CVE fixes (from March 2018 on) it lacks; and for each attack chain exploited\n"
    "in the wild (ProxyLogon, ProxyShell, ProxyToken, ProxyNotShell/OWASSRF)\n"
    "whether that build is fixed, vulnerable or unknown.  A build is judged as\n"
    "Microsoft's HealthChecker does, from a built-in table of every CU and update.\n"
    "\n"
    "A TARGET that is a directory is a mounted disk or triage copy: the build is\n"
    "read from Bin/ExSetup.exe below the Exchange install, and from the HttpProxy\n"
    "logs, which also show which build ran when.  Any other TARGET is a server\n"
    "(https://host, host or http://host:port) checked from outside with ordinary\n"
    "GET requests only: the X-OWA-Version header of /owa/, the exporttool\n"
    "manifest, the build path in the logon page.  It never sends the crafted\n"
    "cookies or headers of an exploit and never tests the vulnerability itself.\n"
    "\n"
    "output:\n"
    "  --json              one JSON object per target on stdout\n"
    "  --csv               one CSV row per target on stdout\n"
    "  -q, --quiet         no progress line\n"
    "      --no-color      no colours in text output\n"
    "build table:\n"
    "  --builds FILE       use this build table instead of the built-in one\n"
    "                      (CSV, as rules/builds.csv)\n"
    "remote targets:\n"
    "  --targets FILE      read targets from FILE, one per line ('-': stdin)\n"
    "  --concurrency N     targets probed at once (default 32)\n"
    "  --rate N            at most N requests per second to one host (default 5; 0: no limit)\n"
    "  --timeout SEC       per request (default 10)\n"
    "  --insecure          do not verify TLS certificates\n"
    "  --ca-file FILE      also trust the CA certificates in FILE\n"
    "HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured.\n"
    "\n"
    "exit status: 0 every target fixed for every chain; 1 a target is vulnerable\n"
    "to a chain; 2 no vulnerable target, but a build or verdict could not be\n"
    "determined (error or unknown), or a usage error.\n";

enum { OPT_JSON = 256, OPT_CSV, OPT_NO_COLOR, OPT_BUILDS, OPT_TARGETS, OPT_CONCURRENCY, OPT_RATE,
       OPT_TIMEOUT, OPT_INSECURE, OPT_CA_FILE };

static const struct option options[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {"csv", no_argument, NULL, OPT_CSV},
    {"quiet", no_argument, NULL, 'q'},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"builds", required_argument, NULL, OPT_BUILDS},
    {"targets", required_argument, NULL, OPT_TARGETS},
    {"concurrency", required_argument, NULL, OPT_CONCURRENCY},
    {"rate", required_argument, NULL, OPT_RATE},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"insecure", no_argument, NULL, OPT_INSECURE},
    {"ca-file", required_argument, NULL, OPT_CA_FILE},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct {
  ss_format format;
  unsigned flags;
  int progress, progress_shown;
  int vulnerable, undetermined;
} run_state;

static void on_result(const ss_exchange_result *r, void *user) {
  run_state *st = user;
  progress_clear(&st->progress_shown);
  if (r->error && !*r->build) st->undetermined = 1;
  for (size_t i = 0; i < r->nchains; i++) {
    if (!strcmp(r->chains[i].status, "vulnerable")) st->vulnerable = 1;
    else if (strcmp(r->chains[i].status, "fixed")) st->undetermined = 1;
  }
  ss_exchange_write(stdout, st->format, st->flags, r);
}

static void on_progress(size_t done, size_t total, void *user) {
  run_state *st = user;
  if (!st->progress) return;
  fprintf(stderr, "\r\033[Kchecking: %zu of %zu targets", done, total);
  fflush(stderr);
  st->progress_shown = 1;
}

static void on_warning(const ss_event *ev, void *user) {
  (void)user;
  /* the build table's rows are echoed in messages: escaped like any input */
  if (ev->type == SS_EVENT_WARNING) print_warning(stderr, ev->warning->path, ev->warning->message);
}

/* Appends the non-empty, non-comment lines of path to the list. */
static int read_targets(const char *path, char ***list, size_t *n) {
  FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
  if (!f) {
    fprintf(stderr, "shellsift exchange: %s: %s\n", path, strerror(errno));
    return -1;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, f)) >= 0) {
    while (len && strchr(" \t\r\n", line[len - 1])) line[--len] = '\0';
    char *p = line + strspn(line, " \t");
    if (!*p || *p == '#') continue;
    *list = realloc(*list, (*n + 1) * sizeof **list);
    if (!*list) abort();
    (*list)[(*n)++] = strdup(p);
  }
  free(line);
  if (f != stdin) fclose(f);
  return 0;
}

/* Refuses an argument that names neither a folder here nor a server,
 * saying how to name one: a typo must not become a network lookup. */
static int invalid_target(const char *arg) {
  fputs("shellsift exchange: ", stderr);
  print_escaped(stderr, arg);
  fputs(" is neither a folder here nor a server name.\n"
        "  A local install: give the folder that holds it (it must exist).\n"
        "  A server: give https://host, a fully qualified name such as mail.example.org, or an IP address.\n",
        stderr);
  return -1;
}

int cmd_exchange(int argc, char **argv) {
  run_state st = {.format = SS_FORMAT_TEXT, .progress = 1};
  ss_remote_options ro = {.per_host_rate = 5};
  const char *builds = NULL;
  char **remote = NULL;
  size_t nremote = 0;
  int color = 1, c, status = EXIT_TROUBLE;
  unsigned n;
  setlocale(LC_CTYPE, "");
  optind = 1;
  while ((c = getopt_long(argc, argv, "qh", options, NULL)) != -1) {
    switch (c) {
    case OPT_JSON: st.format = SS_FORMAT_JSON; break;
    case OPT_CSV: st.format = SS_FORMAT_CSV; break;
    case 'q': st.progress = 0; break;
    case OPT_NO_COLOR: color = 0; break;
    case OPT_BUILDS: builds = optarg; break;
    case OPT_TARGETS:
      if (read_targets(optarg, &remote, &nremote)) goto out;
      break;
    case OPT_CONCURRENCY:
      if (parse_uint(optarg, 1, 10000, &n)) goto bad;
      ro.concurrency = n;
      break;
    case OPT_RATE:
      if (parse_uint(optarg, 0, 100000, &n)) goto bad;
      ro.per_host_rate = n;
      break;
    case OPT_TIMEOUT:
      if (parse_uint(optarg, 1, 3600, &n)) goto bad;
      ro.timeout_s = n;
      break;
    case OPT_INSECURE: ro.insecure = 1; break;
    case OPT_CA_FILE: ro.ca_file = optarg; break;
    case 'h': fputs(exchange_help, stdout); status = EXIT_NOTHING; goto out;
    default: fputs("Try 'shellsift exchange --help'.\n", stderr); goto out;
    }
  }
  if (optind >= argc && nremote == 0) {
    fputs("shellsift exchange: no TARGET given\nTry 'shellsift exchange --help'.\n", stderr);
    goto out;
  }
  /* every target is classified before anything is read or sent */
  for (int i = optind; i < argc; i++)
    if (ss_exchange_target_kind(argv[i]) == SS_TARGET_INVALID && invalid_target(argv[i])) goto out;
  for (size_t i = 0; i < nremote; i++)
    if (ss_exchange_target_kind(remote[i]) != SS_TARGET_REMOTE && invalid_target(remote[i])) goto out;
  if (use_color(color, st.format == SS_FORMAT_TEXT)) st.flags |= SS_WRITER_COLOR;
  if (!isatty(STDERR_FILENO)) st.progress = 0;

  drop_privileges("exchange");
  ss_exchange_t *ex;
  ss_err err = ss_exchange_new(builds, on_warning, NULL, &ex);
  if (err != SS_OK) {
    fprintf(stderr, "shellsift exchange: build table: %s\n", ss_strerror(err));
    goto out;
  }
  if (st.format == SS_FORMAT_CSV) ss_exchange_write_csv_header(stdout);
  for (int i = optind; i < argc; i++) {
    if (ss_exchange_target_kind(argv[i]) == SS_TARGET_LOCAL) {
      ss_exchange_local(ex, argv[i], on_result, &st);
      continue;
    }
    remote = realloc(remote, (nremote + 1) * sizeof *remote);
    if (!remote) abort();
    remote[nremote++] = strdup(argv[i]);
  }
  if (nremote)
    ss_exchange_remote(ex, (const char *const *)remote, nremote, &ro, on_result, on_progress, &st);
  progress_clear(&st.progress_shown);
  ss_exchange_free(ex);
  status = st.vulnerable ? EXIT_FINDINGS : st.undetermined ? EXIT_TROUBLE : EXIT_NOTHING;
  goto out;
bad:
  fprintf(stderr, "shellsift exchange: invalid value '%s'\n", optarg);
out:
  for (size_t i = 0; i < nremote; i++) free(remote[i]);
  free(remote);
  return status;
}
