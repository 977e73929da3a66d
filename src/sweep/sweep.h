/*
 * sweep.h - the pieces of `shellsift sweep` that meet in sweep.c: what the
 * tree holds and lacks (sweep_discover.c), post-exploitation artefacts
 * (artefacts.c) and the verdict rules (verdict.c).  Everything decided
 * here is written to the case file first and rendered from it by the
 * report module, so `shellsift report` regenerates exactly what the sweep
 * showed.
 */
#ifndef SS_SWEEP_H
#define SS_SWEEP_H

#include <stdint.h>
#include <stdio.h>

#include "shellsift.h"
#include "core/places.h"
#include "store/store.h"
#include "util/util.h"

/* ---- discover.c: coverage ---------------------------------------------- */
typedef struct {
  char *item;   /* "HttpProxy logs" */
  char *status; /* "found", "missing", "unknown" */
  char *path;   /* where it was found, or "" */
  char *note;   /* what it means, in plain words */
} cover_item;

typedef struct {
  cover_item *items;
  size_t n;
  int windows, linux_web, exchange; /* layouts recognised */
  size_t missing;
  char **passwd; /* the Linux drives' etc/passwd: auditd's user ids are named from them */
  size_t npasswd;
} coverage;

/* Looks below root (itself, and drive folders of KAPE/CyLR collections)
 * for the places a sweep expects; finds are case-insensitive and never
 * follow symbolic links. */
void sweep_discover(const char *root, coverage *cov);
void sweep_coverage_add(coverage *cov, const char *item, const char *status, const char *path, const char *note);
void sweep_coverage_free(coverage *cov);

/* ---- artefacts.c: post-exploitation traces on disk ---------------------- */
typedef struct {
  const char *rule;        /* "shellsift.sweep.lsass_dump" */
  const char *description; /* one sentence */
  const char *reference;
  int score;
} artefact;

/* Classifies one file from its relative path, first bytes and (if it was
 * read whole) its content.  Returns the number of artefacts written to out
 * (at most max). */
size_t sweep_artefacts_check(const char *rel, const unsigned char *head, size_t head_len,
                             const unsigned char *data, size_t len, artefact *out, size_t max);

/* ---- verdict.c --------------------------------------------------------- */
typedef struct {
  uint64_t file_strong;      /* file findings scoring >= 70 (web shell, known-bad hash or name) */
  uint64_t file_medium;      /* file findings scoring 40-69 */
  uint64_t artefact_strong;  /* post-exploitation artefacts scoring >= 70 (LSASS dump, PST in web folder) */
  uint64_t artefact_medium;  /* staged archives, tool names */
  uint64_t log_success;      /* high/critical log findings whose outcome is success */
  uint64_t log_other;        /* other log findings of medium severity or above */
  uint64_t incident_shell;   /* incidents linked to a web shell on disk */
  uint64_t sigma_exploit;    /* log findings with a high/critical Sigma match of initial access,
                                exploitation or a web shell, on a record the server did not refuse */
  uint64_t sigma_high;       /* other log findings with a high/critical Sigma match */
  int exchange_vulnerable;   /* the Exchange build is vulnerable to an exploited chain */
  int proxy_logs_missing;    /* an Exchange install without HttpProxy logs */
} sweep_evidence;

/* Applies the written rules (docs/sweep.md); reasons (may be NULL) gets one
 * sentence per rule that fired, '\n'-separated. */
ss_verdict sweep_verdict(const sweep_evidence *e, strbuf *reasons);
/* Counts one log finding into the evidence: its built-in rule by C3/S3,
 * its Sigma matches by C5/S5 (tags and level, below). */
void sweep_count_log_finding(sweep_evidence *e, const ss_log_finding *lf);

#endif
