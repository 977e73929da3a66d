/*
 * logsource.h - the parsed log-source mapping (logsource.c), for eval.c,
 * which builds the per-record-kind buckets from it.
 */
#ifndef SS_SIGMA_LOGSOURCE_H
#define SS_SIGMA_LOGSOURCE_H

#include "sigma/internal.h"

/* One entry of `sources`: records matching every `when` attribute given
 * are of this logsource. */
typedef struct {
  char *category, *product, *service; /* the Sigma logsource (NULL: not given) */
  char **w_product, **w_category, **w_service, **w_channel, **w_provider;
  size_t nw_product, nw_category, nw_service, nw_channel, nw_provider;
  long *w_eid;
  size_t nw_eid;
  char **alias_from, **alias_to; /* Sigma field name -> the record's field name */
  size_t nalias;
  char *null_marker; /* a value meaning "no value" (W3C's "-") */
} msource;

struct sigma_mapping {
  msource *v;
  size_t n;
};

int sigma_source_applies(const msource *s, const sigma_record *r);
/* Whether a rule's logsource is satisfied by this (category, product,
 * service); NULL attributes are unknown. */
int sigma_logsource_match(const sigma_rule *rule, const char *category, const char *product, const char *service);

#endif
