/*
 * engine.c - builds an ss_engine_t: copies the settings, compiles rules and
 * loads the built-in and user IOC lists.  Problems with single rule files
 * or IOC lines become warnings; only an unreadable named path or a set with
 * nothing usable in it fails the build.
 */
#include "core/engine.h"

#include <stdlib.h>
#include <string.h>

#include "core/events.h"
#include "core/hash.h"
#include "match/builtin.h"
#include "util/util.h"

static void copy_config(ss_config_t *dst, const ss_config_t *src) {
  *dst = *src;
  memset(&dst->excludes, 0, sizeof dst->excludes);
  memset(&dst->rule_paths, 0, sizeof dst->rule_paths);
  memset(&dst->ioc_paths, 0, sizeof dst->ioc_paths);
  strlist_copy(&dst->excludes, &src->excludes);
  dst->ignored = NULL;
  if (src->nignored) {
    dst->ignored = xmalloc(src->nignored * sizeof *dst->ignored);
    memcpy(dst->ignored, src->ignored, src->nignored * sizeof *dst->ignored);
  }
}

static ss_err load_iocs(ss_engine_t *e, const ss_config_t *cfg, line_warn_target *t) {
  e->iocs = match_ioc_set_new();
  if (cfg->builtin) {
    match_ioc_load_hashes(e->iocs, ss_builtin_hash_iocs, strlen(ss_builtin_hash_iocs), "builtin:hash-iocs.txt", 0,
                    core_emit_line_warning, t);
    match_ioc_load_names(e->iocs, ss_builtin_filename_iocs, strlen(ss_builtin_filename_iocs),
                   "builtin:filename-iocs.txt", core_emit_line_warning, t);
  }
  for (size_t i = 0; i < cfg->ioc_paths.n; i++) {
    ss_err err = match_ioc_load_path(e->iocs, cfg->ioc_paths.items[i], core_emit_line_warning, t);
    if (err != SS_OK) return err;
  }
  match_ioc_finalize(e->iocs);
  unsigned kinds = match_ioc_hash_kinds(e->iocs);
  e->hash_kinds = (kinds & IOC_MD5 ? HASH_MD5 : 0) | (kinds & IOC_SHA1 ? HASH_SHA1 : 0) |
                  (kinds & IOC_SHA256 ? HASH_SHA256 : 0);
  if (cfg->on_file) e->hash_kinds |= HASH_SHA256; /* the file record carries it */
  return SS_OK;
}

ss_err ss_engine_new(const ss_config_t *cfg, ss_event_cb cb, void *user, ss_engine_t **out) {
  if (!cfg || !out) return SS_ERR_ARG;
  *out = NULL;
  ss_engine_t *e = xcalloc(1, sizeof *e);
  copy_config(&e->cfg, cfg);
  line_warn_target rt = {cb, user, SS_WARN_RULES}, t = {cb, user, SS_WARN_IOC};
  ss_err err = match_rules_compile(cfg->builtin, &cfg->rule_paths, core_emit_line_warning, &rt, &e->rules);
  if (err == SS_OK) err = load_iocs(e, cfg, &t);
  if (err == SS_OK && !e->rules && match_ioc_hash_count(e->iocs) == 0 && match_ioc_name_count(e->iocs) == 0)
    err = SS_ERR_RULES;
  if (err != SS_OK) {
    ss_engine_free(e);
    return err;
  }
  *out = e;
  return SS_OK;
}

void ss_engine_free(ss_engine_t *e) {
  if (!e) return;
  match_rules_free(e->rules);
  match_ioc_set_free(e->iocs);
  strlist_free(&e->cfg.excludes);
  free(e->cfg.ignored);
  free(e);
}

void ss_engine_counts(const ss_engine_t *e, size_t *nrules, size_t *hash_iocs, size_t *name_iocs) {
  if (nrules) *nrules = e ? match_rules_count(e->rules) : 0;
  if (hash_iocs) *hash_iocs = e ? match_ioc_hash_count(e->iocs) : 0;
  if (name_iocs) *name_iocs = e ? match_ioc_name_count(e->iocs) : 0;
}
