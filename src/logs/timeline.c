/*
 * logs_timeline.c - groups findings into incidents: by attacker address, then
 * by time, a gap longer than the limit starting a new incident (findings
 * without an address, such as cmdlet and event log records, group by time
 * alone).  Each finding is kept as a small fixed entry with interned
 * strings, so a million findings cost tens of MB, not their lines.  The
 * command lines of process traces are kept too (their first 512 bytes):
 * an incident lists what the attacker ran.
 */
#include <stdlib.h>
#include <string.h>

#include "logs/logs.h"

typedef struct {
  unsigned ip;    /* index into strs */
  int64_t time;
  const char *rule;   /* rule id, and the words for it in a summary: static or */
  const char *phrase; /* owned by the session's rule sets */
  ss_severity sev;
  int shell;      /* index into strs, or -1 */
  int command;    /* index into strs (its first COMMAND_MAX bytes), or -1 */
  uint64_t id;    /* the finding's id (ss_log_finding.id) */
} tl_entry;

#define COMMAND_MAX 512
#define INCIDENT_COMMANDS 16

struct logs_timeline {
  tl_entry *v;
  size_t n, cap, max;
  char **strs;    /* interned addresses and shell paths */
  size_t nstrs;
  unsigned *slots; /* open addressing over strs: index + 1, 0 = empty */
  size_t nslots;
};

logs_timeline *logs_timeline_new(size_t max_findings) {
  logs_timeline *t = xcalloc(1, sizeof *t);
  t->max = max_findings;
  return t;
}

void logs_timeline_free(logs_timeline *t) {
  if (!t) return;
  for (size_t i = 0; i < t->nstrs; i++) free(t->strs[i]);
  free(t->strs);
  free(t->slots);
  free(t->v);
  free(t);
}

static void rehash(logs_timeline *t) {
  free(t->slots);
  t->nslots = t->nslots ? t->nslots * 2 : 256;
  t->slots = xcalloc(t->nslots, sizeof *t->slots);
  for (size_t i = 0; i < t->nstrs; i++) {
    size_t j = logs_str_hash(t->strs[i]) & (t->nslots - 1);
    while (t->slots[j]) j = (j + 1) & (t->nslots - 1);
    t->slots[j] = (unsigned)i + 1;
  }
}

static unsigned intern(logs_timeline *t, const char *s) {
  if ((t->nstrs + 1) * 2 > t->nslots) rehash(t);
  size_t j = logs_str_hash(s) & (t->nslots - 1);
  for (; t->slots[j]; j = (j + 1) & (t->nslots - 1))
    if (!strcmp(t->strs[t->slots[j] - 1], s)) return t->slots[j] - 1;
  if ((t->nstrs & (t->nstrs - 1)) == 0) t->strs = xrealloc(t->strs, (t->nstrs ? t->nstrs * 2 : 1) * sizeof *t->strs);
  t->strs[t->nstrs] = xstrdup(s);
  t->slots[j] = (unsigned)t->nstrs + 1;
  return (unsigned)t->nstrs++;
}

int logs_timeline_add(logs_timeline *t, uint64_t id, const char *ip, int64_t time, const char *rule,
                      const char *phrase, ss_severity sev, const char *shell, const char *command) {
  if (t->n >= t->max) return -1;
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 256;
    t->v = xrealloc(t->v, t->cap * sizeof *t->v);
  }
  tl_entry *e = &t->v[t->n++];
  e->id = id;
  e->ip = intern(t, ip ? ip : "");
  e->time = time;
  e->rule = rule;
  e->phrase = phrase;
  e->sev = sev;
  e->shell = shell ? (int)intern(t, shell) : -1;
  e->command = -1;
  if (command && *command) {
    char *c = xstrndup(command, strnlen(command, COMMAND_MAX));
    e->command = (int)intern(t, c);
    free(c);
  }
  return 0;
}

/* Entries by address, time, rule and severity, comparing the address
 * text (not its intern index, which depends on the order files were read
 * in), so incidents come out the same whatever the reader threads did. */
static int by_ip_time(const void *a, const void *b, void *arg) {
  const tl_entry *x = a, *y = b;
  const logs_timeline *t = arg;
  int c = x->ip == y->ip ? 0 : strcmp(t->strs[x->ip], t->strs[y->ip]);
  if (c) return c;
  if (x->time != y->time) return x->time < y->time ? -1 : 1;
  if ((c = strcmp(x->rule, y->rule)) != 0) return c;
  return (int)x->sev - (int)y->sev;
}

static int by_id(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

typedef struct {
  size_t from, to; /* entries [from, to) */
  int64_t first, last;
} group;

static int by_first_seen(const void *a, const void *b) {
  const group *x = a, *y = b;
  if (x->first != y->first) return x->first < y->first ? -1 : 1;
  return x->from < y->from ? -1 : 1; /* entries are sorted by address: stable */
}

/* "ProxyLogon SSRF, then web shell use": distinct phrases in time order. */
static char *summary(const tl_entry *v, size_t from, size_t to) {
  strbuf sb = STRBUF_INIT;
  const char *seen[16];
  size_t nseen = 0;
  for (size_t i = from; i < to; i++) {
    const char *p = v[i].phrase;
    int dup = 0;
    for (size_t k = 0; k < nseen; k++) dup |= !strcmp(seen[k], p);
    if (dup) continue;
    if (nseen == 16) {
      sb_adds(&sb, ", ...");
      break;
    }
    seen[nseen++] = p;
    sb_adds(&sb, nseen > 1 ? ", then " : "");
    sb_adds(&sb, p);
  }
  return sb_detach(&sb);
}

size_t logs_timeline_emit(logs_timeline *t, int64_t gap_s, ss_event_cb cb, void *user) {
  if (!t->n) return 0;
  qsort_r(t->v, t->n, sizeof *t->v, by_ip_time, t);
  group *g = xcalloc(t->n, sizeof *g);
  size_t ng = 0;
  for (size_t i = 0; i < t->n; i++) {
    int64_t tm = t->v[i].time;
    group *cur = ng ? &g[ng - 1] : NULL;
    int same = cur && t->v[cur->from].ip == t->v[i].ip &&
               (tm == SS_TIME_UNKNOWN || cur->last == SS_TIME_UNKNOWN || tm - cur->last <= gap_s);
    if (!same) {
      cur = &g[ng++];
      cur->from = i;
      cur->first = cur->last = tm;
    }
    cur->to = i + 1;
    if (tm != SS_TIME_UNKNOWN) {
      if (cur->first == SS_TIME_UNKNOWN || tm < cur->first) cur->first = tm;
      if (cur->last == SS_TIME_UNKNOWN || tm > cur->last) cur->last = tm;
    }
  }
  qsort(g, ng, sizeof *g, by_first_seen);
  for (size_t k = 0; k < ng; k++) {
    size_t from = g[k].from, to = g[k].to;
    /* entries are in time order within a group, so first use is order of appearance */
    const char **rules = xcalloc(to - from, sizeof *rules);
    const char **shells = xcalloc(to - from, sizeof *shells);
    const char **commands = xcalloc(to - from, sizeof *commands);
    uint64_t *ids = xcalloc(to - from, sizeof *ids);
    size_t nr = 0, ns = 0, nc = 0;
    ss_severity worst = SS_SEV_LOW;
    for (size_t i = from; i < to; i++) {
      const tl_entry *e = &t->v[i];
      ids[i - from] = e->id;
      if (e->sev > worst) worst = e->sev;
      int dup = 0;
      for (size_t j = 0; j < nr; j++) dup |= !strcmp(rules[j], e->rule);
      if (!dup) rules[nr++] = e->rule;
      if (e->shell >= 0) {
        dup = 0;
        for (size_t j = 0; j < ns; j++) dup |= shells[j] == t->strs[e->shell];
        if (!dup) shells[ns++] = t->strs[e->shell];
      }
      if (e->command >= 0 && nc < INCIDENT_COMMANDS) {
        dup = 0;
        for (size_t j = 0; j < nc; j++) dup |= commands[j] == t->strs[e->command];
        if (!dup) commands[nc++] = t->strs[e->command];
      }
    }
    qsort(ids, to - from, sizeof *ids, by_id);
    char *sum = summary(t->v, from, to);
    ss_incident inc = {.id = (unsigned)(k + 1),
                       .client_ip = t->strs[t->v[from].ip],
                       .first_seen = g[k].first,
                       .last_seen = g[k].last,
                       .severity = worst,
                       .nfindings = to - from,
                       .finding_ids = ids,
                       .summary = sum,
                       .rules = rules,
                       .nrules = nr,
                       .shells = shells,
                       .nshells = ns,
                       .commands = commands,
                       .ncommands = nc};
    ss_event ev = {.type = SS_EVENT_INCIDENT, .incident = &inc};
    if (cb) cb(&ev, user);
    free(sum);
    free(rules);
    free(shells);
    free(commands);
    free(ids);
  }
  free(g);
  return ng;
}
