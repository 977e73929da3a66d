/*
 * model.h - a learned second opinion on PHP files the analysis could read
 * but found nothing in: a boosted-tree ensemble over what the file calls
 * (PHP's own functions only), the words it holds ($_POST, <textarea,
 * /etc/passwd ...) and its shape (size, line lengths, encoded runs).
 * rules/model/train-php builds the tables (model_php.c) from the
 * development shells and both benign corpora; this file only extracts the
 * same features and walks the trees.
 */
#ifndef SHELLSIFT_LANG_MODEL_H
#define SHELLSIFT_LANG_MODEL_H

#include <stddef.h>

typedef struct {
  int feature;      /* index into lang_model.features; -1 for a leaf */
  double threshold; /* count <= threshold goes left */
  unsigned left, right;
  double value; /* a leaf's share of the score */
} lang_model_node;

typedef struct {
  const char *const *features; /* "c:system" (a call), "q:..." (a quoted name), "k:..." (a word), "s:..." (shape); sorted */
  const double *lift;          /* per feature: log2 of how much likelier it is in a shell; names the signs */
  size_t nfeatures;
  const lang_model_node *nodes;
  const unsigned *roots;
  size_t ntrees;
  double baseline, threshold; /* a score above threshold is reported */
} lang_model;

extern const lang_model lang_model_php;

/* Calls emit(arg, name, value) for every feature of the file: once per
 * call or quoted name (value 1), once per word or shape figure (its count).
 * rules/model/features prints these for training; the scorer sums them. */
typedef void (*lang_model_emit)(void *arg, const char *name, double value);
void lang_model_features(const unsigned char *buf, size_t len, lang_model_emit emit, void *arg);

/* The file's score; when why is given and the score is above the
 * threshold, the strongest signs it holds (else why is empty). */
double lang_model_score(const lang_model *m, const unsigned char *buf, size_t len, char *why, size_t whylen);

#endif
