/*
 * cli.h - the subcommands of the shellsift tool, one file each (git's
 * builtin/ layout), and the few helpers they share.
 */
#ifndef SS_CLI_H
#define SS_CLI_H

#include <stdint.h>

#include "shellsift.h"

/* Exit statuses, as documented in shellsift(1). */
enum { EXIT_NOTHING = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

int cmd_scan(int argc, char **argv);
int cmd_exchange(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* sweep.c: a sweep's verdict as an exit status (sweep and report). */
int sweep_exit_status(const ss_sweep_result *r);

/* Whether text output gets colours: asked for (no --no-color), text
 * format, a terminal on stdout and NO_COLOR unset. */
int use_color(int allowed, int text_format);
/* Erases the progress line on stderr if one is shown. */
void progress_clear(int *shown);

/* Parses "32M", "1g", "4096" into bytes; returns 0 on success. */
int parse_size(const char *s, uint64_t *out);
/* Parses a whole number in [min, max]; returns 0 on success. */
int parse_uint(const char *s, unsigned min, unsigned max, unsigned *out);

#endif
