/*
 * scripts.c - joins PowerShell script blocks (event 4104, in the PowerShell
 * Operational log) with the processes a web shell started (Sysmon 1 or
 * Security 4688, in other files of the same log set): a script block whose
 * process id and computer are those of a PowerShell the web server started
 * is what the attacker ran.  The two sides come from files read in any
 * order, so a block whose process is not known yet is kept until the end.
 * Both tables are bounded (the processes as 24-byte keys, the kept blocks
 * with their first 2 KB of text); past the bound the caller is told, and
 * reports that the join covers only part of the blocks.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "logs/logs.h"

#define TEXT_MAX 2048
#define JOIN_AFTER_S (24 * 3600) /* a block joins a process started at most a day earlier */
#define CLOCK_SLACK_S 5          /* channels written by different services: small clock order differences */

typedef struct {
  uint64_t host;
  int64_t pid, time;
} proc_key;

struct logs_scripts {
  proc_key *procs;
  size_t nprocs, max_procs;
  logs_script_block *blocks;
  size_t nblocks, max_blocks;
};

uint64_t logs_host_hash(span h) {
  uint64_t x = 1469598103934665603ull;
  for (size_t i = 0; i < h.n; i++) x = (x ^ (unsigned char)tolower((unsigned char)h.p[i])) * 1099511628211ull;
  return x;
}

logs_scripts *logs_scripts_new(size_t max_procs, size_t max_blocks) {
  logs_scripts *t = xcalloc(1, sizeof *t);
  t->max_procs = max_procs;
  t->max_blocks = max_blocks;
  return t;
}

void logs_scripts_free(logs_scripts *t) {
  if (!t) return;
  for (size_t i = 0; i < t->nblocks; i++) {
    free(t->blocks[i].file);
    free(t->blocks[i].text);
    free(t->blocks[i].user);
  }
  free(t->blocks);
  free(t->procs);
  free(t);
}

int logs_scripts_add_process(logs_scripts *t, span host, int64_t pid, int64_t time) {
  if (pid < 0) return 0;
  if (t->nprocs == t->max_procs) return -1;
  if ((t->nprocs & (t->nprocs - 1)) == 0)
    t->procs = xrealloc(t->procs, (t->nprocs ? t->nprocs * 2 : 1) * sizeof *t->procs);
  t->procs[t->nprocs++] = (proc_key){logs_host_hash(host), pid, time};
  return 0;
}

int logs_scripts_known(const logs_scripts *t, uint64_t host, int64_t pid, int64_t time) {
  for (size_t i = 0; i < t->nprocs; i++) {
    const proc_key *k = &t->procs[i];
    if (k->pid != pid || k->host != host) continue;
    if (time == SS_TIME_UNKNOWN || k->time == SS_TIME_UNKNOWN) return 1;
    if (time + CLOCK_SLACK_S >= k->time && time - k->time <= JOIN_AFTER_S) return 1;
  }
  return 0;
}

int logs_scripts_keep(logs_scripts *t, const logs_rec *r, const char *file) {
  if (t->nblocks == t->max_blocks) return -1;
  if ((t->nblocks & (t->nblocks - 1)) == 0)
    t->blocks = xrealloc(t->blocks, (t->nblocks ? t->nblocks * 2 : 1) * sizeof *t->blocks);
  size_t n = r->proc.command.n < TEXT_MAX ? r->proc.command.n : TEXT_MAX;
  t->blocks[t->nblocks++] = (logs_script_block){
      .host = logs_host_hash(r->proc.host),
      .pid = r->proc.pid,
      .time = r->time,
      .line = r->line,
      .file = xstrdup(file ? file : ""),
      .text = xstrndup(r->proc.command.p, n),
      .user = xstrndup(r->proc.user.p, r->proc.user.n),
  };
  return 0;
}

void logs_scripts_emit(logs_scripts *t, void (*fn)(void *user, const logs_script_block *b), void *user) {
  for (size_t i = 0; i < t->nblocks; i++) {
    const logs_script_block *b = &t->blocks[i];
    if (logs_scripts_known(t, b->host, b->pid, b->time)) fn(user, b);
  }
}
