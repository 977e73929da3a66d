/*
 * cli.h - the subcommands of the shellsift tool, one file each (git's
 * builtin/ layout), and the few helpers they share.
 */
#ifndef SS_CLI_H
#define SS_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "shellsift.h"

/* Exit statuses, as documented in shellsift(1). */
enum { EXIT_NOTHING = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

int cmd_scan(int argc, char **argv);
int cmd_exchange(int argc, char **argv);
int cmd_logs(int argc, char **argv);
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

/* ---- hardening (outputs.c, privilege.c) ---- */

/* The root (one of roots) that path, an output file that may not exist
 * yet, would lie in or be; NULL if none.  Compared by device and inode, so
 * links, ".." and bind mounts of a root count as inside. */
const char *output_in_roots(const char *path, char *const *roots, size_t nroots);
/* 0 if the command may write path: outside every root, or allow (from
 * --allow-output-in-root).  Else prints why on stderr and returns -1.
 * Call before opening each output file. */
int check_output_path(const char *cmd, const char *path, char *const *roots, size_t nroots, int allow);
/* Opens an output file for writing (created 0644 less umask, truncated),
 * refusing a symbolic link; NULL after a message on stderr. */
FILE *open_output(const char *cmd, const char *path);
/* Warns on stderr if standard output is a file inside a root. */
void warn_stdout_in_roots(const char *cmd, char *const *roots, size_t nroots);
/* "warning: PATH: MESSAGE" with both escaped for a terminal. */
void print_warning(FILE *out, const char *path, const char *message);
/* When running as root: sets no_new_privs and drops every capability but
 * CAP_DAC_READ_SEARCH and CAP_FOWNER (see privilege.c).  Call once the
 * command's output files are open.  0 on success or when not root; -1
 * (after a warning) if the kernel refused: the command goes on. */
int drop_privileges(const char *cmd);

#endif
