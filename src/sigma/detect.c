/*
 * detect.c - a rule's `detection` map compiled into an expression tree:
 * each search identifier becomes a node (a map: AND of field tests; a list
 * of maps: OR; a list of plain values: keywords, OR), then the condition
 * (cond.c) combines them.  Field names with their `|modifier` chains are
 * read here; the values themselves are compiled by value.c.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sigma/internal.h"

int sigma_dc_fail(dcompile *dc, unsigned line, const char *feature, const char *fmt, ...) {
  if (dc->msg) return -1; /* the first problem is the one reported */
  va_list ap;
  va_start(ap, fmt);
  strbuf sb = STRBUF_INIT;
  sb_vaddf(&sb, fmt, ap);
  va_end(ap);
  dc->msg = sb_detach(&sb);
  dc->feature = xstrdup(feature);
  dc->line = line;
  return -1;
}

xnode *sigma_x_new(xkind kind) {
  xnode *x = xcalloc(1, sizeof *x);
  x->kind = kind;
  return x;
}

void sigma_x_add(xnode *parent, xnode *kid) {
  if ((parent->n & (parent->n - 1)) == 0)
    parent->kids = xrealloc(parent->kids, (parent->n ? parent->n * 2 : 1) * sizeof *parent->kids);
  parent->kids[parent->n++] = kid;
}

xnode *sigma_dc_node(dcompile *dc, xkind kind) {
  xnode *x = sigma_x_new(kind);
  if (dc->nowned == dc->capowned) {
    dc->capowned = dc->capowned ? dc->capowned * 2 : 16;
    dc->owned = xrealloc(dc->owned, dc->capowned * sizeof *dc->owned);
  }
  dc->owned[dc->nowned++] = x;
  return x;
}

void sigma_x_free_owned(xnode **owned, size_t n) {
  for (size_t i = 0; i < n; i++) {
    xnode *x = owned[i];
    if (x->test) {
      for (size_t k = 0; k < x->test->nv; k++) sigma_vm_free(&x->test->v[k]);
      free(x->test->v);
      free(x->test);
    }
    free(x->kids);
    free(x);
  }
  free(owned);
}

/* The modifier table: name, and what it sets.  Transforming modifiers get
 * an order code (value.c applies them in the order written). */
typedef struct {
  const char *name;
  char code;
} modname;
static const modname mods[] = {
    {"contains", 'c'},     {"startswith", 's'}, {"endswith", 'e'},     {"windash", 'w'},   {"base64", 'b'},
    {"base64offset", 'o'}, {"utf16le", 'l'},    {"wide", 'l'},         {"utf16be", 'B'},   {"utf16", 'U'},
    {"all", 'A'},          {"cased", 'C'},      {"re", 'R'},           {"i", 'i'},         {"ignorecase", 'i'},
    {"m", 'm'},            {"multiline", 'm'},  {"s", 'd'},            {"dotall", 'd'},    {"cidr", 'N'},
    {"exists", 'X'},       {"fieldref", 'F'},   {"neq", 'Q'},          {"expand", 'P'},    {"lt", '<'},
    {"lte", 'L'},          {"gt", '>'},         {"gte", 'G'},          {"minute", '1'},    {"hour", '2'},
    {"day", '3'},          {"week", '4'},       {"month", '5'},        {"year", '6'},
};

/* Splits "Field|mod|mod" into the field (n bytes at key) and *mo. */
static int parse_key(dcompile *dc, const ynode *k, size_t *fieldlen, vmods *mo) {
  memset(mo, 0, sizeof *mo);
  const char *key = k->text, *bar = strchr(key, '|');
  *fieldlen = bar ? (size_t)(bar - key) : k->len;
  while (bar) {
    const char *name = bar + 1;
    bar = strchr(name, '|');
    size_t n = bar ? (size_t)(bar - name) : strlen(name);
    const modname *found = NULL;
    for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
      if (strlen(mods[i].name) == n && memcmp(mods[i].name, name, n) == 0) found = &mods[i];
    if (!found)
      return sigma_dc_fail(dc, k->line, "modifier", "unsupported modifier '%.*s' in '%.200s'", (int)(n > 60 ? 60 : n),
                           name, key);
    switch (found->code) {
    case 'c': case 's': case 'e': case 'w': case 'b': case 'o': case 'l': case 'B': case 'U':
      if (mo->norder == sizeof mo->order)
        return sigma_dc_fail(dc, k->line, "modifier", "more than 16 modifiers in '%.200s'", key);
      mo->order[mo->norder++] = (uint8_t)found->code;
      if (found->code == 'c') mo->contains = 1;
      if (found->code == 's') mo->startswith = 1;
      if (found->code == 'e') mo->endswith = 1;
      break;
    case 'A': mo->all = 1; break;
    case 'C': mo->cased = 1; break;
    case 'R': mo->re = 1; break;
    case 'i': mo->re_i = 1; break;
    case 'm': mo->re_m = 1; break;
    case 'd': mo->re_s = 1; break;
    case 'N': mo->cidr = 1; break;
    case 'X': mo->exists = 1; break;
    case 'F': mo->fieldref = 1; break;
    case 'Q': mo->neq = 1; break;
    case 'P': mo->expand = 1; break;
    case '<': mo->cmp = CMP_LT; break;
    case 'L': mo->cmp = CMP_LTE; break;
    case '>': mo->cmp = CMP_GT; break;
    case 'G': mo->cmp = CMP_GTE; break;
    default: mo->timepart = (uint8_t)(found->code - '1' + TP_MINUTE); break;
    }
  }
  if ((mo->re_i || mo->re_m || mo->re_s) && !mo->re)
    return sigma_dc_fail(dc, k->line, "modifier", "regex flags i/m/s without re in '%.200s'", key);
  int kinds = mo->re + mo->cidr + mo->exists + mo->fieldref + (mo->cmp || mo->timepart);
  if (kinds > 1) return sigma_dc_fail(dc, k->line, "modifier", "conflicting type modifiers in '%.200s'", key);
  if (kinds)
    for (size_t i = 0; i < mo->norder; i++)
      if (!(mo->fieldref && (mo->order[i] == 'c' || mo->order[i] == 's' || mo->order[i] == 'e')))
        return sigma_dc_fail(dc, k->line, "modifier", "a type modifier combined with a transforming one in '%.200s'",
                             key);
  return 0;
}

/* One `field|mods: value(s)` entry into a test node. */
static xnode *field_test(dcompile *dc, const ynode *k, const ynode *v) {
  size_t flen;
  vmods mo;
  if (parse_key(dc, k, &flen, &mo)) return NULL;
  xnode *x = sigma_dc_node(dc, X_TEST);
  ftest *t = x->test = xcalloc(1, sizeof *t);
  if (flen == 0) {
    t->field = FIELD_KEYWORD;
    dc->keywords = 1;
    if (!mo.re && !mo.startswith && !mo.endswith && !mo.contains && mo.norder < sizeof mo.order) {
      memmove(mo.order + 1, mo.order, mo.norder);
      mo.order[0] = 'c';
      mo.norder++;
    }
  } else {
    t->field = sigma_field_id(dc->rs, k->text, flen);
  }
  t->all = mo.all;
  t->neg = mo.neq;
  if (v->kind == Y_SEQ) {
    if (v->n == 0) {
      sigma_dc_fail(dc, v->line, "empty-list", "'%.200s' has an empty list of values", k->text);
      return NULL;
    }
    for (size_t i = 0; i < v->n; i++)
      if (sigma_value_compile(dc, &mo, v->kids[i], (uint32_t)i, t)) return NULL;
    t->ngroups = (uint32_t)v->n;
  } else {
    if (sigma_value_compile(dc, &mo, v, 0, t)) return NULL;
    t->ngroups = 1;
  }
  return x;
}

static xnode *map_selection(dcompile *dc, const ynode *map) {
  if (map->n == 0) {
    sigma_dc_fail(dc, map->line, "empty-selection", "an empty map in a selection");
    return NULL;
  }
  xnode *and = sigma_dc_node(dc, X_AND);
  for (size_t i = 0; i + 1 < map->n; i += 2) {
    xnode *t = field_test(dc, map->kids[i], map->kids[i + 1]);
    if (!t) return NULL;
    sigma_x_add(and, t);
  }
  return and->n == 1 ? and->kids[0] : and;
}

/* A search identifier's definition into a node. */
static xnode *selection(dcompile *dc, const ynode *def) {
  if (def->kind == Y_MAP) return map_selection(dc, def);
  if (def->kind == Y_SCALAR) { /* one keyword */
    ynode key = {.kind = Y_SCALAR, .line = def->line, .text = (char *)"", .len = 0};
    return field_test(dc, &key, def);
  }
  if (def->n == 0) {
    sigma_dc_fail(dc, def->line, "empty-selection", "an empty list in a selection");
    return NULL;
  }
  /* a list: maps are ORed; plain values are keywords, ORed */
  xnode *or = sigma_dc_node(dc, X_OR);
  ynode kw = {.kind = Y_SEQ, .line = def->line};
  ynode **kws = xmalloc(def->n * sizeof *kws);
  kw.kids = kws;
  for (size_t i = 0; i < def->n; i++) {
    const ynode *it = def->kids[i];
    if (it->kind == Y_MAP) {
      xnode *s = map_selection(dc, it);
      if (!s) return free(kws), NULL;
      sigma_x_add(or, s);
    } else if (it->kind == Y_SCALAR) {
      kws[kw.n++] = (ynode *)it;
    } else {
      sigma_dc_fail(dc, it->line, "nested-list", "a list inside a selection list");
      return free(kws), NULL;
    }
  }
  if (kw.n) {
    ynode key = {.kind = Y_SCALAR, .line = def->line, .text = (char *)"", .len = 0};
    xnode *t = field_test(dc, &key, &kw);
    if (!t) return free(kws), NULL;
    sigma_x_add(or, t);
  }
  free(kws);
  return or->n == 1 ? or->kids[0] : or;
}

int sigma_detection_compile(dcompile *dc, const ynode *det, const char *const *skip, xnode **root) {
  *root = NULL;
  if (!det || det->kind != Y_MAP)
    return sigma_dc_fail(dc, det ? det->line : 0, "detection", "no detection map");
  const ynode *cond = NULL;
  sident *ids = xmalloc((det->n / 2 + 1) * sizeof *ids);
  size_t nids = 0;
  int rc = 0;
  for (size_t i = 0; i + 1 < det->n && rc == 0; i += 2) {
    const ynode *k = det->kids[i], *v = det->kids[i + 1];
    int skipped = 0;
    for (const char *const *s = skip; s && *s; s++) skipped |= strcmp(k->text, *s) == 0;
    if (skipped) continue;
    if (strcmp(k->text, "condition") == 0) {
      cond = v;
      continue;
    }
    if (strcmp(k->text, "timeframe") == 0) continue; /* only meaningful with an aggregation, refused below */
    xnode *x = selection(dc, v);
    if (!x) rc = -1;
    else ids[nids++] = (sident){k->text, x};
  }
  if (rc == 0 && !cond) rc = sigma_dc_fail(dc, det->line, "condition", "the detection has no condition");
  if (rc == 0) {
    if (cond->kind == Y_SCALAR) {
      rc = sigma_condition_parse(dc, cond->text, ids, nids, root);
    } else if (cond->kind == Y_SEQ && cond->n > 0) { /* a list of conditions: ORed */
      xnode *or = sigma_dc_node(dc, X_OR);
      for (size_t i = 0; i < cond->n && rc == 0; i++) {
        xnode *x;
        if (cond->kids[i]->kind != Y_SCALAR) rc = sigma_dc_fail(dc, cond->kids[i]->line, "condition", "a condition is not text");
        else if ((rc = sigma_condition_parse(dc, cond->kids[i]->text, ids, nids, &x)) == 0) sigma_x_add(or, x);
      }
      *root = or;
    } else {
      rc = sigma_dc_fail(dc, cond->line, "condition", "the condition is not text");
    }
  }
  free(ids);
  return rc;
}
