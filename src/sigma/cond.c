/*
 * cond.c - the condition language: identifiers, `and`, `or`, `not`,
 * parentheses, `1 of pattern`, `all of pattern`, `N of`, `them`, with the
 * specification's precedence (or < and < not < x of < parentheses).  A
 * recursive-descent parser bounded in depth; the result refers to the
 * identifiers' nodes (shared, not copied).  Sigma 1 aggregations (`| count()
 * ...`) and `near` are refused with that name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sigma/internal.h"

typedef struct {
  dcompile *dc;
  const char *s;
  size_t pos, len;
  const sident *ids;
  size_t nids;
  int depth;
  /* current token */
  const char *tok;
  size_t toklen;
} cparser;

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void next(cparser *p) {
  while (p->pos < p->len && is_space(p->s[p->pos])) p->pos++;
  p->tok = p->s + p->pos;
  if (p->pos >= p->len) {
    p->toklen = 0;
    return;
  }
  char c = p->s[p->pos];
  if (c == '(' || c == ')' || c == '|') {
    p->toklen = 1;
    p->pos++;
    return;
  }
  size_t a = p->pos;
  while (p->pos < p->len && !is_space(p->s[p->pos]) && p->s[p->pos] != '(' && p->s[p->pos] != ')' && p->s[p->pos] != '|')
    p->pos++;
  p->toklen = p->pos - a;
}

static int tok_is(const cparser *p, const char *w) {
  size_t n = strlen(w);
  if (p->toklen != n) return 0;
  for (size_t i = 0; i < n; i++)
    if ((p->tok[i] | 0x20) != w[i]) return 0;
  return 1;
}

static int fail(cparser *p, const char *feature, const char *what) {
  return sigma_dc_fail(p->dc, p->dc->line, feature, "condition '%.200s': %s", p->s, what);
}

/* `*` in an identifier pattern matches any characters. */
static int pat_match(const char *pat, size_t pn, const char *s) {
  size_t i = 0, j = 0, star = (size_t)-1, mark = 0, n = strlen(s);
  while (i < n) {
    if (j < pn && pat[j] == '*') star = j++, mark = i;
    else if (j < pn && pat[j] == s[i]) i++, j++;
    else if (star != (size_t)-1) j = star + 1, i = ++mark;
    else return 0;
  }
  while (j < pn && pat[j] == '*') j++;
  return j == pn;
}

static xnode *expr(cparser *p);

static xnode *quantified(cparser *p, unsigned count, int all) {
  next(p); /* past `of` */
  if (p->toklen == 0) return fail(p, "condition", "nothing after 'of'"), NULL;
  int them = tok_is(p, "them");
  xnode *x = sigma_dc_node(p->dc, all ? X_AND : X_ATLEAST);
  x->count = count;
  for (size_t i = 0; i < p->nids; i++) {
    const char *name = p->ids[i].name;
    if (them ? name[0] != '_' : pat_match(p->tok, p->toklen, name)) sigma_x_add(x, p->ids[i].node);
  }
  if (x->n == 0) {
    char msg[160];
    snprintf(msg, sizeof msg, "'%.*s' matches no search identifier", (int)(p->toklen > 80 ? 80 : p->toklen), p->tok);
    return fail(p, "condition", msg), NULL;
  }
  if (!all && count > x->n) x->kind = X_FALSE;
  next(p);
  return x;
}

static xnode *primary(cparser *p) {
  if (p->toklen == 0) return fail(p, "condition", "an operand is missing"), NULL;
  if (tok_is(p, "(")) {
    next(p);
    xnode *x = expr(p);
    if (!x) return NULL;
    if (!tok_is(p, ")")) return fail(p, "condition", "a '(' is not closed"), NULL;
    next(p);
    return x;
  }
  if (tok_is(p, ")")) return fail(p, "condition", "unexpected ')'"), NULL;
  if (tok_is(p, "|")) return fail(p, "aggregation", "aggregations ('| count() ...') are not supported; use a correlation rule"), NULL;
  if (tok_is(p, "near")) return fail(p, "near", "'near' is not supported"), NULL;
  /* `all of`, `any of`, `N of` */
  size_t save_pos = p->pos;
  const char *t = p->tok;
  size_t tl = p->toklen;
  int all = tok_is(p, "all"), any = tok_is(p, "any");
  unsigned count = 0;
  int number = tl > 0 && tl < 6;
  for (size_t i = 0; i < tl && number; i++) number = t[i] >= '0' && t[i] <= '9';
  if (number) count = (unsigned)strtoul(t, NULL, 10);
  if (all || any || number) {
    next(p);
    if (tok_is(p, "of")) {
      if (number && count == 0) return fail(p, "condition", "'0 of' is not a condition"), NULL;
      return quantified(p, any ? 1 : count, all);
    }
    p->pos = save_pos, p->tok = t, p->toklen = tl; /* an identifier named `all`... */
  }
  if (tok_is(p, "and") || tok_is(p, "or") || tok_is(p, "of") || tok_is(p, "not"))
    return fail(p, "condition", "an operand is missing"), NULL;
  for (size_t i = 0; i < p->nids; i++)
    if (strlen(p->ids[i].name) == p->toklen && memcmp(p->ids[i].name, p->tok, p->toklen) == 0) {
      next(p);
      return p->ids[i].node;
    }
  char msg[160];
  snprintf(msg, sizeof msg, "unknown search identifier '%.*s'", (int)(p->toklen > 80 ? 80 : p->toklen), p->tok);
  return fail(p, "condition", msg), NULL;
}

static int enter(cparser *p) {
  if (++p->depth > SIGMA_MAX_DEPTH) return fail(p, "condition-depth", "nested deeper than 64 levels");
  return 0;
}

static xnode *unary(cparser *p) {
  if (enter(p)) return NULL;
  xnode *x;
  if (tok_is(p, "not")) {
    next(p);
    xnode *k = unary(p);
    if (!k) return NULL;
    x = sigma_dc_node(p->dc, X_NOT);
    sigma_x_add(x, k);
  } else {
    x = primary(p);
  }
  p->depth--;
  return x;
}

static xnode *and_expr(cparser *p) {
  xnode *x = unary(p);
  if (!x || !tok_is(p, "and")) return x;
  xnode *a = sigma_dc_node(p->dc, X_AND);
  sigma_x_add(a, x);
  while (tok_is(p, "and")) {
    next(p);
    xnode *k = unary(p);
    if (!k) return NULL;
    sigma_x_add(a, k);
  }
  return a;
}

static xnode *expr(cparser *p) {
  if (enter(p)) return NULL;
  xnode *x = and_expr(p);
  if (x && tok_is(p, "or")) {
    xnode *o = sigma_dc_node(p->dc, X_OR);
    sigma_x_add(o, x);
    while (x && tok_is(p, "or")) {
      next(p);
      x = and_expr(p);
      if (x) sigma_x_add(o, x);
    }
    x = x ? o : NULL;
  }
  p->depth--;
  return x;
}

int sigma_condition_parse(dcompile *dc, const char *cond, const sident *ids, size_t nids, xnode **out) {
  cparser p = {.dc = dc, .s = cond, .len = strlen(cond), .ids = ids, .nids = nids};
  *out = NULL;
  if (p.len > SIGMA_MAX_COND) return sigma_dc_fail(dc, dc->line, "condition", "condition longer than 64 KiB");
  next(&p);
  if (p.toklen == 0) return fail(&p, "condition", "the condition is empty");
  xnode *x = expr(&p);
  if (!x) return -1;
  if (p.toklen != 0) {
    if (tok_is(&p, "near")) return fail(&p, "near", "'near' is not supported");
    if (tok_is(&p, "|")) return fail(&p, "aggregation", "aggregations ('| count() ...') are not supported; use a correlation rule");
    char msg[160];
    snprintf(msg, sizeof msg, "unexpected '%.*s'", (int)(p.toklen > 80 ? 80 : p.toklen), p.tok);
    return fail(&p, "condition", msg);
  }
  *out = x;
  return 0;
}
