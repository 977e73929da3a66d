/*
 * logsource.c - the log-source mapping (rules/sigma-logsources.yml): which
 * Sigma logsource (category, product, service) a record is, from what the
 * record says it is (Windows channel, event id, provider; or a product /
 * category / service given directly), with the field renames and the
 * "no value" marker of that source.  A rule applies to a record when each
 * logsource attribute the rule gives equals that attribute of one of the
 * record's logsources.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sigma/internal.h"
#include "sigma/logsource.h"

static void strs_free(char **v, size_t n) {
  for (size_t i = 0; i < n; i++) free(v[i]);
  free(v);
}

void sigma_mapping_free(sigma_mapping *m) {
  if (!m) return;
  for (size_t i = 0; i < m->n; i++) {
    msource *s = &m->v[i];
    free(s->category), free(s->product), free(s->service), free(s->null_marker);
    strs_free(s->w_product, s->nw_product);
    strs_free(s->w_category, s->nw_category);
    strs_free(s->w_service, s->nw_service);
    strs_free(s->w_channel, s->nw_channel);
    strs_free(s->w_provider, s->nw_provider);
    free(s->w_eid);
    strs_free(s->alias_from, s->nalias);
    strs_free(s->alias_to, s->nalias);
  }
  free(m->v);
  free(m);
}

static int fail(char **err, const ynode *n, const char *what) {
  *err = xasprintf("line %u: %s", n ? n->line : 0, what);
  return -1;
}

static char *scalar_dup(const ynode *n) { return n && n->kind == Y_SCALAR ? xstrdup(n->text) : NULL; }

/* A scalar or a list of scalars into a string array. */
static int strings(const ynode *n, char ***out, size_t *nout, char **err) {
  *out = NULL, *nout = 0;
  if (!n) return 0;
  size_t cnt = n->kind == Y_SEQ ? n->n : 1;
  if (n->kind == Y_MAP) return fail(err, n, "expected a value or a list of values");
  *out = xcalloc(cnt, sizeof **out);
  for (size_t i = 0; i < cnt; i++) {
    const ynode *it = n->kind == Y_SEQ ? n->kids[i] : n;
    if (it->kind != Y_SCALAR) return fail(err, it, "expected a plain value");
    (*out)[(*nout)++] = xstrdup(it->text);
  }
  return 0;
}

static int source_parse(const ynode *e, msource *s, char **err) {
  if (e->kind != Y_MAP) return fail(err, e, "a source is not a map");
  const ynode *ls = sigma_yaml_get(e, "logsource"), *when = sigma_yaml_get(e, "when");
  if (!ls || ls->kind != Y_MAP) return fail(err, e, "a source without a logsource map");
  if (!when || when->kind != Y_MAP) return fail(err, e, "a source without a when map");
  s->category = scalar_dup(sigma_yaml_get(ls, "category"));
  s->product = scalar_dup(sigma_yaml_get(ls, "product"));
  s->service = scalar_dup(sigma_yaml_get(ls, "service"));
  for (size_t i = 0; i + 1 < when->n; i += 2) {
    const char *k = when->kids[i]->text;
    const ynode *v = when->kids[i + 1];
    int rc;
    if (!strcmp(k, "product")) rc = strings(v, &s->w_product, &s->nw_product, err);
    else if (!strcmp(k, "category")) rc = strings(v, &s->w_category, &s->nw_category, err);
    else if (!strcmp(k, "service")) rc = strings(v, &s->w_service, &s->nw_service, err);
    else if (!strcmp(k, "channel")) rc = strings(v, &s->w_channel, &s->nw_channel, err);
    else if (!strcmp(k, "provider")) rc = strings(v, &s->w_provider, &s->nw_provider, err);
    else if (!strcmp(k, "event_id")) {
      char **ids;
      size_t n;
      rc = strings(v, &ids, &n, err);
      if (rc == 0) {
        s->w_eid = xcalloc(n ? n : 1, sizeof *s->w_eid);
        for (size_t j = 0; j < n && rc == 0; j++) {
          char *end;
          long id = strtol(ids[j], &end, 10);
          if (*end || end == ids[j]) rc = fail(err, v, "event_id is not a number");
          s->w_eid[s->nw_eid++] = id;
        }
      }
      strs_free(ids, n);
    } else {
      rc = fail(err, when->kids[i], "unknown key in when (product, category, service, channel, provider, event_id)");
    }
    if (rc) return rc;
  }
  const ynode *fields = sigma_yaml_get(e, "fields");
  if (fields) {
    if (fields->kind != Y_MAP) return fail(err, fields, "fields is not a map");
    size_t n = 0;
    for (size_t i = 1; i < fields->n; i += 2) n += fields->kids[i]->kind == Y_SEQ ? fields->kids[i]->n : 1;
    s->alias_from = xcalloc(n ? n : 1, sizeof *s->alias_from);
    s->alias_to = xcalloc(n ? n : 1, sizeof *s->alias_to);
    for (size_t i = 0; i + 1 < fields->n; i += 2) { /* a list: the first the record has */
      const ynode *v = fields->kids[i + 1];
      size_t cnt = v->kind == Y_SEQ ? v->n : 1;
      for (size_t k = 0; k < cnt; k++) {
        const ynode *to = v->kind == Y_SEQ ? v->kids[k] : v;
        if (to->kind != Y_SCALAR) return fail(err, to, "a field rename is not a name");
        s->alias_from[s->nalias] = xstrdup(fields->kids[i]->text);
        s->alias_to[s->nalias++] = xstrdup(to->text);
      }
    }
  }
  const ynode *nul = sigma_yaml_get(e, "null");
  if (nul) {
    if (nul->kind != Y_SCALAR) return fail(err, nul, "null is not a value");
    s->null_marker = xstrdup(nul->text);
  }
  return 0;
}

sigma_mapping *sigma_mapping_parse(const char *text, size_t len, char **err) {
  ynode **docs;
  unsigned line;
  char *yerr;
  *err = NULL;
  long nd = sigma_yaml_parse(text, len, &docs, &yerr, &line);
  if (nd < 0) {
    *err = xasprintf("line %u: %s", line, yerr);
    free(yerr);
    return NULL;
  }
  sigma_mapping *m = xcalloc(1, sizeof *m);
  const ynode *src = nd == 1 ? sigma_yaml_get(docs[0], "sources") : NULL;
  int rc = 0;
  if (!src || src->kind != Y_SEQ) rc = fail(err, nd > 0 ? docs[0] : NULL, "no 'sources' list");
  if (rc == 0) {
    m->v = xcalloc(src->n ? src->n : 1, sizeof *m->v);
    for (size_t i = 0; i < src->n && rc == 0; i++) {
      rc = source_parse(src->kids[i], &m->v[m->n], err);
      m->n++;
    }
  }
  sigma_yaml_free_docs(docs, nd);
  if (rc) {
    sigma_mapping_free(m);
    return NULL;
  }
  return m;
}

static int one_of(char *const *v, size_t n, const char *s) {
  if (n == 0) return 1;
  if (!s) return 0;
  for (size_t i = 0; i < n; i++)
    if (strcasecmp(v[i], s) == 0) return 1;
  return 0;
}

int sigma_source_applies(const msource *s, const sigma_record *r) {
  if (!one_of(s->w_product, s->nw_product, r->product) || !one_of(s->w_category, s->nw_category, r->category) ||
      !one_of(s->w_service, s->nw_service, r->service) || !one_of(s->w_channel, s->nw_channel, r->channel) ||
      !one_of(s->w_provider, s->nw_provider, r->provider))
    return 0;
  if (s->nw_eid == 0) return 1;
  for (size_t i = 0; i < s->nw_eid; i++)
    if (s->w_eid[i] == r->event_id) return 1;
  return 0;
}

static int attr_ok(const char *rule, const char *have) { return !*rule || (have && strcasecmp(rule, have) == 0); }

int sigma_logsource_match(const sigma_rule *rule, const char *category, const char *product, const char *service) {
  return attr_ok(rule->category, category) && attr_ok(rule->product, product) && attr_ok(rule->service, service);
}
