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

/* ---- engine options shared by scan and sweep (scanopts.c) ---- */

enum { OPT_EXCLUDE = 1000, OPT_MAX_SIZE, OPT_ALL_FILES, OPT_CROSS_MOUNTS, OPT_THREADS, OPT_RULES, OPT_IOCS,
       OPT_NO_BUILTIN, OPT_RULE_TIMEOUT, OPT_MAX_MEMORY, OPT_NO_ANALYSIS, OPT_DECODE_DEPTH, OPT_DECODE_MAX,
       OPT_ANALYSIS_TIMEOUT, OPT_NO_MODEL };

/* Entries for a command's getopt_long table. */
#define ENGINE_OPTIONS                                                                                  \
  {"exclude", required_argument, NULL, OPT_EXCLUDE}, {"max-size", required_argument, NULL, OPT_MAX_SIZE},  \
      {"all-files", no_argument, NULL, OPT_ALL_FILES}, {"cross-mounts", no_argument, NULL, OPT_CROSS_MOUNTS}, \
      {"threads", required_argument, NULL, OPT_THREADS}, {"rules", required_argument, NULL, OPT_RULES},     \
      {"iocs", required_argument, NULL, OPT_IOCS}, {"no-builtin", no_argument, NULL, OPT_NO_BUILTIN},       \
      {"rule-timeout", required_argument, NULL, OPT_RULE_TIMEOUT},                                        \
      {"max-memory", required_argument, NULL, OPT_MAX_MEMORY},                                            \
      {"no-analysis", no_argument, NULL, OPT_NO_ANALYSIS},                                                \
      {"no-model", no_argument, NULL, OPT_NO_MODEL},                                                      \
      {"decode-depth", required_argument, NULL, OPT_DECODE_DEPTH},                                        \
      {"decode-max", required_argument, NULL, OPT_DECODE_MAX},                                            \
      {"analysis-timeout", required_argument, NULL, OPT_ANALYSIS_TIMEOUT}

#define ENGINE_HELP                                                                                     \
  "what to scan:\n"                                                                                      \
  "  --exclude GLOB      skip files and directories matching GLOB (repeatable);\n"                       \
  "                      matched against the path below the root and the base name\n"                    \
  "  --max-size SIZE     content rules only on files up to SIZE (default 32M);\n"                        \
  "                      larger files still get hash and name checks\n"                                  \
  "  --all-files         content rules on every file, not just script-like ones\n"                       \
  "  --cross-mounts      descend into other file systems mounted below the root\n"                       \
  "  --threads N         worker threads (default: one per CPU)\n"                                        \
  "rules and indicators:\n"                                                                              \
  "  --rules PATH        YARA rule file, or directory of .yar/.yara (repeatable)\n"                      \
  "  --iocs PATH         IOC file or directory in LOKI layout (repeatable):\n"                           \
  "                      *hash* files HASH;COMMENT, *filename* files REGEX;SCORE\n"                      \
  "  --no-builtin        only the rules and IOCs given on the command line\n"                            \
  "  --rule-timeout SEC  time budget of the rules engine per file (default 60)\n"                        \
  "  --max-memory SIZE   ceiling for file contents held in memory by all threads\n"                      \
  "                      (default 1G); a file that does not fit gets hash and\n"                         \
  "                      name checks only, with a memory-limit warning\n"                                \
  "content analysis (PHP, ASP, ASP.NET, JSP):\n"                                                         \
  "  --no-analysis       no language-aware analysis (decoding, request-to-sink)\n"                       \
  "  --no-model          no learned score of PHP files the analysis proved nothing in\n"               \
  "  --decode-depth N    nested decode-and-reanalyse levels per file (default 12)\n"                      \
  "  --decode-max SIZE   decoded bytes per file (default 8M)\n"                                          \
  "  --analysis-timeout MS  analysis time per file in milliseconds (default 2000)\n"

/* Values gathered across options and applied together at the end. */
typedef struct {
  unsigned depth, millis;
  uint64_t decoded;
} engine_args;
#define ENGINE_ARGS_INIT {4, 2000, 8u << 20}

/* Applies option c (from ENGINE_OPTIONS) to cfg: 1 if it was one of them,
 * 0 if not, -1 for a bad value (after a message naming cmd). */
int engine_option(const char *cmd, int c, const char *arg, ss_config_t *cfg, engine_args *a);
/* After the last option. */
void engine_options_apply(ss_config_t *cfg, const engine_args *a);

/* Whether text output gets colours: asked for (no --no-color), text
 * format, a terminal on stdout and NO_COLOR unset. */
int use_color(int allowed, int text_format);
/* Erases the progress line on stderr if one is shown. */
void progress_clear(int *shown);

/* Parses "32M", "1g", "4096" into bytes; returns 0 on success. */
int parse_size(const char *s, uint64_t *out);
/* Parses a whole number in [min, max]; returns 0 on success. */
int parse_uint(const char *s, unsigned min, unsigned max, unsigned *out);

/* Flushes and closes an output (stdout or a file the command wrote): a
 * write that failed is an error naming the output and its cause.  Returns
 * the exit status: status, or EXIT_TROUBLE after a failure (EXIT_FINDINGS
 * stays: something was found, whether or not it could be written). */
int close_output(const char *cmd, FILE *f, const char *name, int status);
/* Usage check of the paths a command reads: at least one, none empty,
 * each one there (stat).  -1 after a message naming the path and cause. */
int check_paths(const char *cmd, const char *what, char *const *paths, size_t n);

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
/* s as a terminal may safely show it (the escaping module). */
void print_escaped(FILE *out, const char *s);
/* When running as root: sets no_new_privs and drops every capability but
 * CAP_DAC_READ_SEARCH and CAP_FOWNER (see privilege.c).  Call once the
 * command's output files are open.  0 on success or when not root; -1
 * (after a warning) if the kernel refused: the command goes on. */
int drop_privileges(const char *cmd);

#endif
