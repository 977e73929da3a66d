/*
 * main.c - entry point of the shellsift tool: picks the subcommand and
 * hands it the rest of the command line.  Holds the option-value parsers
 * and terminal helpers the subcommands share.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "shellsift.h"

static const struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} commands[] = {
    {"scan", cmd_scan, "find web shells and indicator matches in file trees"},
    {"exchange", cmd_exchange, "Exchange build and patch status, from an install's files or from outside"},
    {"logs", cmd_logs, "exploitation and web-shell traces in IIS, Exchange and Windows event logs"},
    {"sweep", cmd_sweep, "one verdict for a whole server: files, logs, artefacts, patch level, case file"},
    {"diff", cmd_diff, "what changed on disk between two sweeps of a case file"},
    {"report", cmd_report, "regenerate a sweep's text, JSON and HTML outputs from its case file"},
};

static void usage(FILE *out) {
  fprintf(out, "usage: shellsift <command> [options] [arguments]\n\ncommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(out, "\n'shellsift <command> --help' describes a command; 'man shellsift' all of them.\n");
}

int use_color(int allowed, int text_format) {
  return allowed && text_format && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
}

void progress_clear(int *shown) {
  if (!*shown) return;
  fputs("\r\033[K", stderr);
  *shown = 0;
}

int parse_uint(const char *s, unsigned min, unsigned max, unsigned *out) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno || end == s || *end || s[0] == '-' || v < min || v > max) return -1;
  *out = (unsigned)v;
  return 0;
}

int parse_size(const char *s, uint64_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || s[0] == '-') return -1;
  uint64_t mult = 1;
  if (*end) {
    switch (*end) {
    case 'k': case 'K': mult = 1ull << 10; break;
    case 'm': case 'M': mult = 1ull << 20; break;
    case 'g': case 'G': mult = 1ull << 30; break;
    default: return -1;
    }
    if (end[1] && strcasecmp(end + 1, "b") && strcasecmp(end + 1, "ib")) return -1;
  }
  if (v > UINT64_MAX / mult) return -1;
  *out = v * mult;
  return 0;
}

/* Ctrl-C (or SIGTERM) asks the run to stop at the next file or line and
 * still report what it found, marked incomplete; a second one ends the
 * process at once (SA_RESETHAND puts the default action back). */
static void on_stop_signal(int sig) {
  (void)sig;
  ss_stop();
}

static void catch_stop_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop_signal;
  sa.sa_flags = SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}

int close_output(const char *cmd, FILE *f, const char *name, int status) {
  /* a write that failed (full disk, /dev/full, a closed pipe's EIO) shows
   * at the flush or the close at the latest, as git checks stdout at exit */
  int failed = fflush(f) != 0 || ferror(f);
  int err = errno;
  if (fclose(f) != 0 && !failed) failed = 1, err = errno;
  if (!failed) return status;
  fprintf(stderr, "shellsift %s: writing %s failed: %s\n", cmd, name, strerror(err));
  return status == EXIT_FINDINGS ? EXIT_FINDINGS : EXIT_TROUBLE;
}

int check_paths(const char *cmd, const char *what, char *const *paths, size_t n) {
  if (n == 0) {
    fprintf(stderr, "shellsift %s: no %s given\nTry 'shellsift %s --help'.\n", cmd, what, cmd);
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (!*paths[i]) {
      fprintf(stderr, "shellsift %s: an empty %s was given\nTry 'shellsift %s --help'.\n", cmd, what, cmd);
      return -1;
    }
    if (stat(paths[i], &st) != 0) {
      fprintf(stderr, "shellsift %s: cannot read %s ", cmd, what);
      print_escaped(stderr, paths[i]);
      fprintf(stderr, ": %s\n", strerror(errno));
      return -1;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_TROUBLE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    usage(stdout);
    return EXIT_NOTHING;
  }
  if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
    printf("shellsift %s\n", SS_VERSION);
    return EXIT_NOTHING;
  }
  catch_stop_signals();
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(cmd, commands[i].name)) return close_output(cmd, stdout, "standard output", commands[i].run(argc - 1, argv + 1));
  fprintf(stderr, "shellsift: unknown command '%s'\n\n", cmd);
  usage(stderr);
  return EXIT_TROUBLE;
}
