/*
 * main.c - entry point of the shellsift tool: picks the subcommand and
 * hands it the rest of the command line.  Holds the option-value parsers
 * and terminal helpers the subcommands share.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(cmd, commands[i].name)) return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "shellsift: unknown command '%s'\n\n", cmd);
  usage(stderr);
  return EXIT_TROUBLE;
}
