/*
 * config.c - ss_config_t setters.  Values are only validated here; they
 * take effect when an engine is built from the config.
 */
#include "core/config.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "util/util.h"

ss_err ss_config_new(ss_config_t **out) {
  if (!out) return SS_ERR_ARG;
  ss_config_t *cfg = xcalloc(1, sizeof *cfg);
  cfg->max_size = SS_DEFAULT_MAX_SIZE;
  cfg->builtin = 1;
  cfg->rule_timeout = SS_DEFAULT_RULE_TIMEOUT;
  cfg->analysis = 1;
  cfg->model = 1;
  cfg->analysis_depth = 12;
  cfg->analysis_max_decoded = 8u << 20;
  cfg->analysis_ms = 2000;
  cfg->max_memory = SS_DEFAULT_MAX_MEMORY;
  *out = cfg;
  return SS_OK;
}

void ss_config_free(ss_config_t *cfg) {
  if (!cfg) return;
  strlist_free(&cfg->excludes);
  strlist_free(&cfg->rule_paths);
  strlist_free(&cfg->ioc_paths);
  free(cfg->ignored);
  free(cfg);
}

ss_err ss_config_set_threads(ss_config_t *cfg, unsigned threads) {
  if (!cfg || threads > 1024) return SS_ERR_ARG;
  cfg->threads = threads;
  return SS_OK;
}

ss_err ss_config_set_max_size(ss_config_t *cfg, uint64_t bytes) {
  if (!cfg) return SS_ERR_ARG;
  cfg->max_size = bytes;
  return SS_OK;
}

ss_err ss_config_set_cross_mounts(ss_config_t *cfg, int yes) {
  if (!cfg) return SS_ERR_ARG;
  cfg->cross_mounts = !!yes;
  return SS_OK;
}

ss_err ss_config_set_all_files(ss_config_t *cfg, int yes) {
  if (!cfg) return SS_ERR_ARG;
  cfg->all_files = !!yes;
  return SS_OK;
}

ss_err ss_config_set_builtin(ss_config_t *cfg, int yes) {
  if (!cfg) return SS_ERR_ARG;
  cfg->builtin = !!yes;
  return SS_OK;
}

ss_err ss_config_set_rule_timeout(ss_config_t *cfg, unsigned seconds) {
  if (!cfg || seconds == 0 || seconds > 86400) return SS_ERR_ARG;
  cfg->rule_timeout = seconds;
  return SS_OK;
}

ss_err ss_config_set_max_memory(ss_config_t *cfg, uint64_t bytes) {
  if (!cfg || bytes < SS_MIN_MAX_MEMORY) return SS_ERR_ARG;
  cfg->max_memory = bytes;
  return SS_OK;
}

ss_err ss_config_add_exclude(ss_config_t *cfg, const char *glob) {
  if (!cfg || !glob || !*glob) return SS_ERR_ARG;
  strlist_add(&cfg->excludes, glob);
  return SS_OK;
}

ss_err ss_config_add_rules(ss_config_t *cfg, const char *path) {
  if (!cfg || !path || !*path) return SS_ERR_ARG;
  strlist_add(&cfg->rule_paths, path);
  return SS_OK;
}

ss_err ss_config_add_iocs(ss_config_t *cfg, const char *path) {
  if (!cfg || !path || !*path) return SS_ERR_ARG;
  strlist_add(&cfg->ioc_paths, path);
  return SS_OK;
}

ss_err ss_config_ignore_file(ss_config_t *cfg, const char *path) {
  struct stat st;
  if (!cfg || !path) return SS_ERR_ARG;
  if (stat(path, &st) != 0) return SS_ERR_IO;
  cfg->ignored = xrealloc(cfg->ignored, (cfg->nignored + 1) * sizeof *cfg->ignored);
  cfg->ignored[cfg->nignored++] = (file_id){(uint64_t)st.st_dev, (uint64_t)st.st_ino};
  return SS_OK;
}

/* ---- content analysis -------------------------------------------------- */

ss_err ss_config_set_analysis(ss_config_t *cfg, int yes) {
  if (!cfg) return SS_ERR_ARG;
  cfg->analysis = !!yes;
  return SS_OK;
}

ss_err ss_config_set_model(ss_config_t *cfg, int yes) {
  if (!cfg) return SS_ERR_ARG;
  cfg->model = !!yes;
  return SS_OK;
}

ss_err ss_config_set_analysis_limits(ss_config_t *cfg, unsigned depth, uint64_t decoded_bytes,
                                     unsigned millis) {
  if (!cfg || depth < 1 || depth > 32 || decoded_bytes < 4096 || decoded_bytes > (1ull << 32)) return SS_ERR_ARG;
  cfg->analysis_depth = depth;
  cfg->analysis_max_decoded = decoded_bytes;
  cfg->analysis_ms = millis;
  return SS_OK;
}

/* ---- sweep hooks ------------------------------------------------------- */

ss_err ss_config_set_file_hooks(ss_config_t *cfg, ss_file_cb on_file, ss_skip_cb skip, void *user) {
  if (!cfg) return SS_ERR_ARG;
  cfg->on_file = on_file;
  cfg->skip = skip;
  cfg->hook_user = user;
  return SS_OK;
}
