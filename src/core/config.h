/*
 * config.h - the contents of an ss_config_t.  The engine copies what it
 * needs at ss_engine_new() time, so a config may be freed or reused after.
 */
#ifndef SS_CONFIG_H
#define SS_CONFIG_H

#include "shellsift.h"
#include "util/util.h"

#define SS_DEFAULT_MAX_SIZE (32u * 1024 * 1024)
#define SS_DEFAULT_RULE_TIMEOUT 60
#define SS_DEFAULT_MAX_MEMORY (1024ull * 1024 * 1024) /* file contents in flight */
#define SS_MIN_MAX_MEMORY (1024ull * 1024)

typedef struct {
  uint64_t dev, ino;
} file_id;


struct ss_config {
  unsigned threads;
  uint64_t max_size;
  int cross_mounts;
  int all_files;
  int builtin;
  unsigned rule_timeout;
  uint64_t max_memory; /* --max-memory: budget for file contents read whole */
  strlist excludes;
  strlist rule_paths;
  strlist ioc_paths;
  file_id *ignored; /* files never to scan (our own outputs) */
  size_t nignored;
  /* content analysis (src/lang) */
  int analysis;
  int model; /* the learned PHP model (lang/model.h) */
  unsigned analysis_depth;
  uint64_t analysis_max_decoded;
  unsigned analysis_ms;
  ss_file_cb on_file; /* sweep hooks (ss_config_set_file_hooks) */
  ss_skip_cb skip;
  void *hook_user;
};


#endif
