/*
 * yaml.c - YAML text to a small node tree (scalars, sequences, maps), with
 * libyaml's event parser.  The tree keeps what Sigma needs: each scalar's
 * text and whether it was quoted (a plain `12` is a number, `null` a null,
 * `'12'` a string), and line numbers for messages.  Bounded: nesting depth,
 * node count; aliases are refused (a rule never needs them and they are
 * the way to a billion-laughs blow-up); duplicate keys are an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "sigma/internal.h"

typedef struct {
  ynode *stack[SIGMA_MAX_DEPTH + 2];
  int depth;
  size_t nodes;
  ynode **docs;
  long ndocs, capdocs;
  char *err;
  unsigned err_line;
} ybuild;

static ynode *node_new(ykind kind, unsigned line) {
  ynode *n = xcalloc(1, sizeof *n);
  n->kind = kind;
  n->line = line;
  return n;
}

void sigma_yaml_free(ynode *n) {
  if (!n) return;
  for (size_t i = 0; i < n->n; i++) sigma_yaml_free(n->kids[i]);
  free(n->kids);
  free(n->text);
  free(n);
}

void sigma_yaml_free_docs(ynode **docs, long n) {
  for (long i = 0; i < n; i++) sigma_yaml_free(docs[i]);
  free(docs);
}

static void kid_add(ynode *p, ynode *k) {
  /* capacity doubles at powers of two */
  if ((p->n & (p->n - 1)) == 0) p->kids = xrealloc(p->kids, (p->n ? p->n * 2 : 1) * sizeof *p->kids);
  p->kids[p->n++] = k;
}

static int fail(ybuild *b, unsigned line, const char *fmt, const char *arg) {
  if (!b->err) {
    b->err = xasprintf(fmt, arg);
    b->err_line = line;
  }
  return -1;
}

/* Attaches a finished node to its parent (or makes it a document); a map
 * key that repeats an earlier key of the same map is an error. */
static int attach(ybuild *b, ynode *n) {
  if (b->depth == 0) {
    if (b->ndocs == b->capdocs) {
      b->capdocs = b->capdocs ? b->capdocs * 2 : 4;
      b->docs = xrealloc(b->docs, (size_t)b->capdocs * sizeof *b->docs);
    }
    b->docs[b->ndocs++] = n;
    return 0;
  }
  ynode *p = b->stack[b->depth - 1];
  if (p->kind == Y_MAP && p->n % 2 == 0) { /* n is a key */
    if (n->kind != Y_SCALAR) {
      unsigned line = n->line;
      sigma_yaml_free(n);
      return fail(b, line, "a map key is not a plain value%s", "");
    }
    for (size_t i = 0; i < p->n; i += 2)
      if (strcmp(p->kids[i]->text, n->text) == 0) {
        unsigned line = n->line;
        int r = fail(b, line, "duplicate key '%s'", n->text);
        sigma_yaml_free(n);
        return r;
      }
  }
  kid_add(p, n);
  return 0;
}

long sigma_yaml_parse(const char *text, size_t len, ynode ***docs, char **err, unsigned *err_line) {
  yaml_parser_t parser;
  ybuild b;
  memset(&b, 0, sizeof b);
  *docs = NULL;
  *err = NULL;
  *err_line = 0;
  if (!yaml_parser_initialize(&parser)) {
    fprintf(stderr, "shellsift: out of memory (yaml parser)\n");
    abort();
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  int done = 0;
  while (!done) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      char msg[256];
      snprintf(msg, sizeof msg, "YAML: %s%s%s", parser.problem ? parser.problem : "syntax error",
               parser.context ? " " : "", parser.context ? parser.context : "");
      fail(&b, (unsigned)parser.problem_mark.line + 1, "%s", msg);
      break;
    }
    unsigned line = (unsigned)ev.start_mark.line + 1;
    int rc = 0;
    switch (ev.type) {
    case YAML_STREAM_END_EVENT:
      done = 1;
      break;
    case YAML_SCALAR_EVENT: {
      if (++b.nodes > SIGMA_MAX_YAML_NODES) {
        rc = fail(&b, line, "more than %s YAML nodes", "400000");
        break;
      }
      ynode *n = node_new(Y_SCALAR, line);
      n->text = xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
      n->len = ev.data.scalar.length;
      n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
      rc = attach(&b, n);
      break;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
      if (b.depth >= SIGMA_MAX_DEPTH) {
        rc = fail(&b, line, "YAML nested deeper than %s levels", "64");
        break;
      }
      if (++b.nodes > SIGMA_MAX_YAML_NODES) {
        rc = fail(&b, line, "more than %s YAML nodes", "400000");
        break;
      }
      b.stack[b.depth++] = node_new(ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP, line);
      break;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
      ynode *n = b.stack[--b.depth];
      rc = attach(&b, n);
      break;
    }
    case YAML_ALIAS_EVENT:
      rc = fail(&b, line, "YAML alias *%s (aliases are not supported in rules)", (const char *)ev.data.alias.anchor);
      break;
    default:
      break;
    }
    yaml_event_delete(&ev);
    if (rc) break;
  }
  yaml_parser_delete(&parser);
  while (b.depth > 0) sigma_yaml_free(b.stack[--b.depth]);
  if (b.err) {
    sigma_yaml_free_docs(b.docs, b.ndocs);
    *err = b.err;
    *err_line = b.err_line;
    return -1;
  }
  *docs = b.docs;
  return b.ndocs;
}

const ynode *sigma_yaml_get(const ynode *map, const char *key) {
  if (!map || map->kind != Y_MAP) return NULL;
  for (size_t i = 0; i + 1 < map->n; i += 2)
    if (strcmp(map->kids[i]->text, key) == 0) return map->kids[i + 1];
  return NULL;
}

int sigma_yaml_is_null(const ynode *n) {
  if (!n) return 1;
  if (n->kind != Y_SCALAR || !n->plain) return 0;
  return n->len == 0 || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0 || strcmp(n->text, "Null") == 0 ||
         strcmp(n->text, "NULL") == 0;
}
