/*
 * tomcat.c - Tomcat's manager is a classic way in: deploy a WAR holding a
 * JSP web shell (the HTML upload form, /manager/html/upload, or the text
 * interface, /manager/text/deploy?path=/x), then call the JSP.  The
 * manager's own log line does not always name the new application (the
 * upload form's does not), so the evidence is the pair: a deployment,
 * then JSP requests under an application (the first path segment, its
 * context) that had none before it - or the context the deploy command
 * named.  Files are read in any order and several at once, so both sides
 * are kept (bounded) and joined at the end of the session.
 */
#include <stdlib.h>

#include "logs/logs.h"

#define SAMPLE_MAX 512
#define DEPLOYS_MAX 1000
#define SOON (24 * 3600) /* an uploaded shell is called within a day */

typedef struct {
  char *context;       /* "/shell", lower-case */
  int64_t first;       /* first JSP request seen under it */
  uint64_t count;
  char *file, *ip, *ua, *evidence;
  uint64_t line;
  int reported;
} context;

typedef struct {
  int64_t time;
  char *context;       /* named by the deploy command, or NULL */
} deploy;

struct logs_tomcat {
  context *ctx;
  size_t n, max;
  deploy *dep;
  size_t ndep;
};

logs_tomcat *logs_tomcat_new(size_t max_contexts) {
  logs_tomcat *t = xcalloc(1, sizeof *t);
  t->max = max_contexts;
  return t;
}

void logs_tomcat_free(logs_tomcat *t) {
  if (!t) return;
  for (size_t i = 0; i < t->n; i++) {
    free(t->ctx[i].context);
    free(t->ctx[i].file);
    free(t->ctx[i].ip);
    free(t->ctx[i].ua);
    free(t->ctx[i].evidence);
  }
  for (size_t i = 0; i < t->ndep; i++) free(t->dep[i].context);
  free(t->ctx);
  free(t->dep);
  free(t);
}

static char *dup_span(span s) { return xstrndup(s.p, s.n < SAMPLE_MAX ? s.n : SAMPLE_MAX); }

/* "/x" of "...path=/x&..." in a deploy command's query, lower-case. */
static char *deploy_path(const char *uri, size_t n) {
  const char *q = memchr(uri, '?', n);
  if (!q) return NULL;
  const char *p = memmem(q, n - (size_t)(q - uri), "path=/", 6);
  if (!p || (p[-1] != '?' && p[-1] != '&')) return NULL;
  p += 5;
  const char *e = p + 1;
  while (e < uri + n && *e != '&' && *e != '/') e++;
  return xstrndup(p, (size_t)(e - p));
}

int logs_tomcat_add(logs_tomcat *t, const logs_rec *r, const char *uri, size_t n, const char *file) {
  const char *q = memchr(uri, '?', n);
  size_t stem_n = q ? (size_t)(q - uri) : n;
  static const char *const deploys[] = {"/manager/html/upload", "/manager/text/deploy", "/manager/html/deploy",
                                        "/manager/deploy", NULL};
  for (const char *const *d = deploys; *d; d++)
    if (stem_n >= strlen(*d) && !memcmp(uri, *d, strlen(*d))) {
      if (t->ndep >= DEPLOYS_MAX) return -1;
      t->dep = xrealloc(t->dep, (t->ndep + 1) * sizeof *t->dep);
      t->dep[t->ndep++] = (deploy){r->time, deploy_path(uri, n)};
      return 1;
    }
  if (stem_n < 5 || memcmp(uri + stem_n - 4, ".jsp", 4) || uri[0] != '/') return 0;
  const char *slash = memchr(uri + 1, '/', stem_n - 1);
  if (!slash) return 0; /* the ROOT application: no new context */
  size_t cn = (size_t)(slash - uri);
  context *c = NULL;
  for (size_t i = 0; i < t->n && !c; i++)
    if (strlen(t->ctx[i].context) == cn && !memcmp(t->ctx[i].context, uri, cn)) c = &t->ctx[i];
  if (!c) {
    if (t->n >= t->max) return -1;
    t->ctx = xrealloc(t->ctx, (t->n + 1) * sizeof *t->ctx);
    c = &t->ctx[t->n++];
    memset(c, 0, sizeof *c);
    c->context = xstrndup(uri, cn);
    c->first = SS_TIME_UNKNOWN;
  }
  c->count++;
  /* keep the earliest request as the sample */
  if (!c->file || (r->time != SS_TIME_UNKNOWN && (c->first == SS_TIME_UNKNOWN || r->time < c->first))) {
    free(c->file), free(c->ip), free(c->ua), free(c->evidence);
    c->first = r->time;
    c->file = xstrdup(file ? file : "");
    c->ip = dup_span(r->client_ip);
    c->ua = dup_span(r->user_agent);
    c->evidence = dup_span(r->raw);
    c->line = r->line;
  }
  return 0;
}

void logs_tomcat_emit(logs_tomcat *t, logs_tomcat_emit_fn fn, void *user) {
  for (size_t d = 0; d < t->ndep; d++)
    for (size_t i = 0; i < t->n; i++) {
      context *c = &t->ctx[i];
      if (c->reported) continue;
      const deploy *dp = &t->dep[d];
      int unknown = dp->time == SS_TIME_UNKNOWN || c->first == SS_TIME_UNKNOWN;
      int after = !unknown && c->first >= dp->time && c->first - dp->time <= SOON;
      if (dp->context ? strcmp(dp->context, c->context) || !(after || unknown) : !after) continue;
      c->reported = 1;
      fn(user, c->context, c->count, c->file, c->line, c->first, c->ip, c->ua, c->evidence);
    }
}
