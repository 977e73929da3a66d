/*
 * stack.c - stacking: for every script URL POSTed with a 2xx answer, how
 * many requests and which client addresses (up to a few).  A web shell is
 * visited by its owner alone, so URLs with one or two clients, ranked
 * rarest first, are where to look when no indicator matched (the
 * helsecert 2021-march-exchange hit was found this way).  Memory is bounded: a
 * fixed number of URLs, each with a bounded sample of its first request.
 */
#include <stdlib.h>
#include <string.h>

#include "logs/logs.h"

#define CLIENTS_KEPT 3
#define SAMPLE_MAX 512 /* bytes kept of the first request's line and user agent */

typedef struct entry {
  char *url;
  uint64_t count;
  unsigned nclients; /* distinct, capped at CLIENTS_KEPT + 1 */
  char *clients[CLIENTS_KEPT];
  char *file, *ua, *evidence;
  const char *format; /* static or session-owned */
  uint64_t line;
  int64_t time;
  struct entry *next;
} entry;

struct logs_stack {
  entry **buckets;
  size_t nbuckets, n, max;
};

logs_stack *logs_stack_new(size_t max_urls) {
  logs_stack *t = xcalloc(1, sizeof *t);
  t->nbuckets = 64; /* grows with the URLs seen */
  t->buckets = xcalloc(t->nbuckets, sizeof *t->buckets);
  t->max = max_urls;
  return t;
}

static void grow(logs_stack *t) {
  size_t n = t->nbuckets * 2;
  entry **b = xcalloc(n, sizeof *b);
  for (size_t i = 0; i < t->nbuckets; i++)
    for (entry *e = t->buckets[i], *next; e; e = next) {
      next = e->next;
      entry **slot = &b[logs_str_hash(e->url) & (n - 1)];
      e->next = *slot;
      *slot = e;
    }
  free(t->buckets);
  t->buckets = b;
  t->nbuckets = n;
}

void logs_stack_free(logs_stack *t) {
  if (!t) return;
  for (size_t i = 0; i < t->nbuckets; i++)
    for (entry *e = t->buckets[i], *next; e; e = next) {
      next = e->next;
      free(e->url);
      for (unsigned k = 0; k < CLIENTS_KEPT; k++) free(e->clients[k]);
      free(e->file);
      free(e->ua);
      free(e->evidence);
      free(e);
    }
  free(t->buckets);
  free(t);
}

static char *span_dup(span s, size_t max) { return xstrndup(s.p, s.n < max ? s.n : max); }

int logs_stack_add(logs_stack *t, const char *url, const logs_rec *r, const char *file) {
  entry **b = &t->buckets[logs_str_hash(url) & (t->nbuckets - 1)], *e;
  for (e = *b; e; e = e->next)
    if (!strcmp(e->url, url)) break;
  if (!e) {
    if (t->n >= t->max) return -1;
    if (t->n >= t->nbuckets) grow(t), b = &t->buckets[logs_str_hash(url) & (t->nbuckets - 1)];
    e = xcalloc(1, sizeof *e);
    e->url = xstrdup(url);
    e->file = xstrdup(file ? file : "");
    e->format = r->format;
    e->ua = span_dup(r->user_agent, SAMPLE_MAX);
    e->evidence = span_dup(r->raw, SAMPLE_MAX);
    e->line = r->line;
    e->time = r->time;
    e->next = *b;
    *b = e;
    t->n++;
  }
  e->count++;
  if (e->nclients > CLIENTS_KEPT) return 0;
  for (unsigned k = 0; k < e->nclients && k < CLIENTS_KEPT; k++)
    if (strlen(e->clients[k]) == r->client_ip.n && !memcmp(e->clients[k], r->client_ip.p, r->client_ip.n)) return 0;
  if (e->nclients < CLIENTS_KEPT) e->clients[e->nclients] = span_dup(r->client_ip, 64);
  e->nclients++;
  return 0;
}

static int rarest_first(const void *a, const void *b) {
  const entry *x = *(const entry *const *)a, *y = *(const entry *const *)b;
  if (x->nclients != y->nclients) return x->nclients < y->nclients ? -1 : 1;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  return strcmp(x->url, y->url);
}

void logs_stack_rank(logs_stack *t, unsigned max_clients, size_t max_out, logs_stack_emit_fn fn, void *user) {
  entry **list = xcalloc(t->n + 1, sizeof *list);
  size_t n = 0;
  for (size_t i = 0; i < t->nbuckets; i++)
    for (entry *e = t->buckets[i]; e; e = e->next)
      if (e->nclients <= max_clients) list[n++] = e;
  qsort(list, n, sizeof *list, rarest_first);
  for (size_t i = 0; i < n && i < max_out; i++) {
    entry *e = list[i];
    fn(user, e->url, e->clients[0] ? e->clients[0] : "", e->count, e->nclients, e->file, e->format, e->line, e->time,
       e->ua, e->evidence);
  }
  free(list);
}
