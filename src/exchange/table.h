/*
 * table.h - the build table as builds.c indexes it and assess.c reads it;
 * private to src/exchange/.
 */
#ifndef SS_EXCHANGE_TABLE_H
#define SS_EXCHANGE_TABLE_H

#include <stddef.h>

#include "exchange/exchange.h"

#define MAX_PRODUCTS 64

typedef struct {
  char *product, *cu, *update, *kb, *released, *eos, *cves_text;
  char **cves;
  size_t ncves;
  ex_version v;
  unsigned lineno;
  int prod;        /* index into products, after finish() */
  char *build;     /* "15.1.2507.16" */
} build_row;

typedef struct {
  const char *name, *kb, *month; /* month "2022-11" */
  int monthnum;                  /* 202211 */
  size_t *rows;                  /* its builds, ascending */
  size_t nrows;
  const char **cves;             /* union over its rows, first-seen order */
  size_t ncves;
} update_def;

typedef struct {
  const char *name, *eos;
  update_def *updates; /* in release order: month, then name */
  size_t nupdates;
  size_t lo_row, hi_row; /* lowest and highest row of the product */
} product_def;

struct ex_table {
  build_row *rows; /* ascending by build, CU release before an update of the same build */
  size_t n, cap;
  product_def products[MAX_PRODUCTS];
  size_t nproducts;
};

static inline int same_cu(const ex_version *a, const ex_version *b) {
  return a->major == b->major && a->minor == b->minor && a->build == b->build;
}

/* Removes repeated strings from list (by content), keeping the first of
 * each in its place; returns the new count. */
size_t exchange_dedupe(const char **list, size_t n);

#endif
