/*
 * internal.h - what the files of src/sigma/ share: the YAML node tree, the
 * compiled detection (expression nodes, field tests, value matchers), the
 * rule and ruleset structures, and the functions one file offers another
 * (all sigma_-prefixed; everything else in the module is static).
 */
#ifndef SS_SIGMA_INTERNAL_H
#define SS_SIGMA_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "sigma/sigma.h"
#include "util/util.h"

/* ---- bounds: hostile rules are reported, never hang ---- */
#define SIGMA_MAX_FILE (8u << 20)       /* bytes of one rule file */
#define SIGMA_MAX_DEPTH 64              /* YAML nesting, condition nesting */
#define SIGMA_MAX_YAML_NODES 400000     /* nodes of one YAML file */
#define SIGMA_MAX_VALUES 100000         /* compiled values of one rule */
#define SIGMA_MAX_COND 65536            /* bytes of one condition */
#define SIGMA_MAX_REGEX 65536           /* bytes of one regular expression */
#define SIGMA_REGEX_MATCH_LIMIT 1000000 /* PCRE2 match limit per test */
#define SIGMA_REGEX_DEPTH_LIMIT 10000
#define SIGMA_MAX_FILES 200000          /* files below one directory */

/* ---- YAML (yaml.c) ---- */
typedef enum { Y_SCALAR, Y_SEQ, Y_MAP } ykind;
typedef struct ynode ynode;
struct ynode {
  ykind kind;
  unsigned line;
  int plain;    /* scalar written without quotes (so null/true/12 are typed) */
  char *text;   /* scalar text, NUL-terminated */
  size_t len;
  ynode **kids; /* SEQ: items; MAP: key, value, key, value... */
  size_t n;     /* SEQ: items; MAP: 2 * pairs */
};
/* Parses every document of a YAML text.  Returns the number of documents
 * with *docs set (an array the caller frees with sigma_yaml_free_docs), or
 * -1 with *err (allocated) and *err_line set. */
long sigma_yaml_parse(const char *text, size_t len, ynode ***docs, char **err, unsigned *err_line);
void sigma_yaml_free(ynode *n);
void sigma_yaml_free_docs(ynode **docs, long n);
/* Value of key in a map, or NULL. */
const ynode *sigma_yaml_get(const ynode *map, const char *key);
/* A plain scalar's type. */
int sigma_yaml_is_null(const ynode *n);

/* ---- compiled values (value.c) ---- */
typedef enum {
  VM_EQ,       /* whole value equals s */
  VM_PREFIX,
  VM_SUFFIX,
  VM_CONTAINS,
  VM_GLOB,     /* tokens with * and ? */
  VM_RE,       /* PCRE2 */
  VM_CIDR,
  VM_NUM,      /* numeric comparison (lt, lte, gt, gte, eq for integers) */
  VM_NULL,     /* field absent or empty */
  VM_EXISTS,   /* field present (num != 0) or absent (num == 0) */
  VM_FIELDREF, /* compared with another field of the record */
  VM_ANY       /* any present value (the empty value list of `exists`-like tests) */
} vm_kind;

enum { CMP_EQ, CMP_LT, CMP_LTE, CMP_GT, CMP_GTE };
enum { TP_NONE, TP_MINUTE, TP_HOUR, TP_DAY, TP_WEEK, TP_MONTH, TP_YEAR };

#define GLOB_STAR 256
#define GLOB_ONE 257

typedef struct {
  uint8_t kind;   /* vm_kind */
  uint8_t cased;  /* compare case-sensitively (else s is lower-case ASCII) */
  uint8_t cmp;    /* CMP_* for VM_NUM */
  uint8_t timepart; /* TP_* for VM_NUM on a date */
  uint8_t refmode;  /* VM_FIELDREF: VM_EQ, VM_PREFIX, VM_SUFFIX or VM_CONTAINS */
  uint8_t v6;       /* VM_CIDR: IPv6 */
  uint8_t prefix;   /* VM_CIDR: prefix length */
  uint32_t group;   /* index of the rule value this variant comes from (for `all`) */
  uint32_t atom;    /* prefilter atom id + 1 of its literal (0: none): absent from the record, no match */
  int ref;          /* VM_FIELDREF: field id */
  char *s;          /* literal (EQ/PREFIX/SUFFIX/CONTAINS), text of others */
  size_t n;
  uint16_t *tok;    /* VM_GLOB tokens: bytes, GLOB_STAR, GLOB_ONE */
  size_t ntok;
  pcre2_code *re;
  unsigned char addr[16]; /* VM_CIDR network */
  double num;
} vmatch;

/* Glob / literal matching of a value (lower-cased copy in low unless the
 * matcher is cased). */
int sigma_vm_string(const vmatch *m, const char *v, size_t n, const char *low);
/* Whether nd[0..nn) occurs in h[0..hn). */
int sigma_contains(const char *h, size_t hn, const char *nd, size_t nn);
int sigma_cidr_parse(const char *s, unsigned char addr[16], int *v6, int *prefix);
int sigma_cidr_match(const vmatch *m, const char *v);
int sigma_num_parse(const char *s, size_t n, double *out);
/* The TP_* part of a date-time value; -1 if v is not one. */
long sigma_time_part(const char *v, size_t n, int part);
void sigma_vm_free(vmatch *m);

/* ---- expressions (detect.c, cond.c) ---- */
typedef enum { X_AND, X_OR, X_NOT, X_TEST, X_TRUE, X_FALSE, X_ATLEAST } xkind;

#define FIELD_KEYWORD (-1) /* a keyword test: any field value */

typedef struct {
  int field;     /* field id, or FIELD_KEYWORD */
  uint8_t all;   /* every value group must match (else any) */
  uint8_t neg;   /* `neq`: true when no value matches */
  uint32_t ngroups;
  vmatch *v;
  size_t nv;
} ftest;

typedef struct xnode xnode;
struct xnode {
  xkind kind;
  unsigned count;  /* X_ATLEAST: how many children must hold */
  xnode **kids;
  size_t n;
  ftest *test;     /* X_TEST */
};
xnode *sigma_x_new(xkind kind);
void sigma_x_add(xnode *parent, xnode *kid);
/* Frees a tree; nodes shared between parents are freed once (the caller
 * passes each node it made to one owner list, see detect.c). */
void sigma_x_free_owned(xnode **owned, size_t n);

/* ---- rules and the ruleset ---- */
typedef struct sigma_fields sigma_fields; /* field-name interning (eval.c) */
int sigma_field_id(sigma_ruleset *rs, const char *name, size_t n);

typedef struct {
  sigma_rule info;        /* public part (first member) */
  char **strs;            /* everything info points to, freed together */
  size_t nstrs;
  xnode *root;
  xnode **owned;          /* every node of root's tree */
  size_t nowned;
  uint8_t wants_keywords; /* has a keyword test */
  /* prefilter (atoms.c): the rule can only match a record in which one
   * of its atoms occurs, unless unfiltered */
  char **atoms;
  size_t natoms;
  uint8_t unfiltered;
  uint32_t index;
} srule;

/* A compiled filter (meta-)rule: its condition is ANDed, negated, into the
 * rules it names (by id or name) whose logsource it covers. */
typedef struct {
  char *file, *title, *id;
  unsigned line;
  char *category, *product, *service;
  char **targets;
  size_t ntargets;
  xnode *root;
  xnode **owned;
  size_t nowned;
  size_t applied;
} sfilter;

typedef struct sigma_mapping sigma_mapping;
typedef struct sigma_prefilter sigma_prefilter;

struct sigma_ruleset {
  srule **rules;
  size_t nrules, caprules;
  sigma_error *errs;
  size_t nerrs, caperrs;
  sfilter **filters;
  size_t nfilters, capfilters;
  char **fieldnames; /* by id */
  size_t nfields, capfields;
  uint32_t *fieldhash; /* open addressing: id + 1, 0 empty */
  size_t fieldhash_cap;
  sigma_mapping *map;
  sigma_prefilter *pre;
  int finished;
};

/* Records a load error (strings copied). */
void sigma_error_add(sigma_ruleset *rs, const char *file, unsigned line, const char *title, const char *id,
                     const char *feature, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Compiles a detection map (a rule's `detection`, or a filter's `filter`
 * without `rules`) into *root.  Returns 0, or -1 with *feature and *msg
 * (allocated) set. */
typedef struct {
  sigma_ruleset *rs;
  xnode **owned;
  size_t nowned, capowned;
  size_t nvalues;
  int keywords;
  char *feature, *msg;
  unsigned line;
} dcompile;
int sigma_detection_compile(dcompile *dc, const ynode *detection, const char *const *skip, xnode **root);
int sigma_dc_fail(dcompile *dc, unsigned line, const char *feature, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
xnode *sigma_dc_node(dcompile *dc, xkind kind);

/* Parses a condition over the named search identifiers (cond.c). */
typedef struct {
  const char *name;
  xnode *node;
} sident;
int sigma_condition_parse(dcompile *dc, const char *cond, const sident *ids, size_t nids, xnode **out);

/* Value compilation (value.c): one rule value with its modifiers into
 * variants appended to t. */
typedef struct {
  uint8_t contains, startswith, endswith, all, cased, re, re_i, re_m, re_s, base64, base64off, utf16,
      windash, cidr, exists, fieldref, neq, expand, cmp, timepart;
  /* order of the transforming modifiers as written */
  uint8_t order[16];
  size_t norder;
} vmods;
int sigma_value_compile(dcompile *dc, const vmods *m, const ynode *value, uint32_t group, ftest *t);

/* ---- log-source mapping (logsource.c) ---- */
sigma_mapping *sigma_mapping_parse(const char *text, size_t len, char **err);
void sigma_mapping_free(sigma_mapping *m);
extern const char sigma_builtin_logsources[];

/* ---- prefilter (atoms.c) ---- */
/* Computes r->atoms / r->unfiltered from its tree. */
void sigma_atoms_compute(srule *r);
sigma_prefilter *sigma_prefilter_build(srule *const *rules, size_t n);
void sigma_prefilter_free(sigma_prefilter *p);
/* Scans one lower-cased value: seen[atom] = gen for every atom in it, and
 * mark[rule] = gen for every rule such an atom selects. */
void sigma_prefilter_scan(const sigma_prefilter *p, const char *low, size_t n, uint32_t *seen, uint32_t *mark,
                          uint32_t gen);
size_t sigma_prefilter_atoms(const sigma_prefilter *p);

/* ---- evaluation (eval.c) ---- */
/* Tests: evaluate every applicable rule and every value, ignoring the
 * prefilter (which must never change a result). */
void sigma_scratch_exhaustive(sigma_scratch *s, int on);
/* ASCII lower-case copy of s[0..n) into out (n bytes, NUL-terminated). */
void sigma_lower(char *out, const char *s, size_t n);

#endif
