/*
 * api.c - the public face of the Exchange checks (ss_exchange_* in
 * shellsift.h): loads the build table, runs the local or remote lookup and
 * turns a build into one ss_exchange_result with a verdict per chain.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/events.h"
#include "exchange/exchange.h"
#include "util/util.h"

struct ss_exchange {
  ex_table *table;
};

static char *read_text_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  strbuf sb = STRBUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && sb.len < (64u << 20)) sb_add(&sb, chunk, n);
  fclose(f);
  *len = sb.len;
  return sb_detach(&sb);
}

ss_err ss_exchange_new(const char *builds_csv, ss_event_cb cb, void *user, ss_exchange_t **out) {
  if (!out) return SS_ERR_ARG;
  *out = NULL;
  ex_table *t;
  if (builds_csv) {
    size_t len;
    char *text = read_text_file(builds_csv, &len);
    if (!text) {
      core_emit_warning(cb, user, SS_WARN_BUILDS, builds_csv, "cannot read: %s", strerror(errno));
      return SS_ERR_IO;
    }
    line_warn_target wt = {cb, user, SS_WARN_BUILDS};
    t = exchange_table_parse(text, len, builds_csv, core_emit_line_warning, &wt);
    free(text);
  } else {
    t = exchange_table_builtin();
  }
  if (!t) return builds_csv ? SS_ERR_ARG : SS_ERR_INTERNAL;
  ss_exchange_t *ex = xcalloc(1, sizeof *ex);
  ex->table = t;
  *out = ex;
  return SS_OK;
}

void ss_exchange_free(ss_exchange_t *ex) {
  if (!ex) return;
  exchange_table_free(ex->table);
  free(ex);
}

static const char *const precision_names[] = {"exact", "cu-only", "unknown"};

/* Builds the result for one target and hands it to cb. */
static void report(ss_exchange_t *ex, const char *target, const ex_version *v, ex_precision precision,
                   const char *method, const char *evidence, const char *error,
                   const ss_build_period *history, size_t nhistory, ss_exchange_cb cb, void *user) {
  ex_assessment a;
  ss_chain chains[EX_MAX_CHAINS];
  char build[32] = "";
  int known = precision != EX_PRECISION_UNKNOWN;
  if (known) {
    exchange_assess(ex->table, v, NULL, &a);
    exchange_version_format(v, build, sizeof build);
  } else {
    exchange_assess(NULL, NULL, NULL, &a); /* every chain unknown */
  }
  for (size_t i = 0; i < a.nchains; i++)
    chains[i] = (ss_chain){a.chains[i].chain, exchange_chain_status_name(a.chains[i].status), a.chains[i].why};
  ss_exchange_result r = {
      .target = target,
      .product = a.product,
      .cu = a.cu,
      .su = a.su,
      .build = build,
      .precision = precision_names[precision],
      .method = method ? method : "",
      .evidence = evidence ? evidence : "",
      .error = error,
      .newer_than_known = a.newer_than_known,
      .chains = chains,
      .nchains = known ? a.nchains : 0,
      .history = history,
      .nhistory = nhistory,
      .update = a.update,
      .latest = a.latest,
      .updates_behind = a.updates_behind,
      .supported = a.supported,
      .end_of_support = a.end_of_support,
      .latest_build = a.newest_build,
      .missing_cves = a.missing_cves,
      .nmissing = a.nmissing,
      .summary = known ? a.summary : "",
      .warning = a.warning,
  };
  cb(&r, user);
  exchange_assessment_free(&a);
}

ss_err ss_exchange_local(ss_exchange_t *ex, const char *root, ss_exchange_cb cb, void *user) {
  if (!ex || !root || !cb) return SS_ERR_ARG;
  ex_local_result lr;
  exchange_local_find(root, &lr);
  ex_precision p = lr.method ? EX_PRECISION_EXACT : EX_PRECISION_UNKNOWN;
  report(ex, root, &lr.version, p, lr.method, lr.evidence, lr.error, lr.history, lr.nhistory, cb, user);
  ss_err err = lr.method ? SS_OK : SS_ERR_IO;
  exchange_local_result_free(&lr);
  return err;
}

typedef struct {
  ss_exchange_t *ex;
  ss_exchange_cb cb;
  ss_exchange_progress_cb progress;
  void *user;
} remote_ctx;

static void on_remote_result(void *user, const ex_remote_result *r) {
  remote_ctx *c = user;
  report(c->ex, r->target, &r->version, r->precision, r->method, r->evidence, r->error, NULL, 0, c->cb,
         c->user);
}

static void on_remote_progress(void *user, size_t done, size_t total) {
  remote_ctx *c = user;
  if (c->progress) c->progress(done, total, c->user);
}

ss_err ss_exchange_remote(ss_exchange_t *ex, const char *const *targets, size_t n,
                          const ss_remote_options *opt, ss_exchange_cb cb,
                          ss_exchange_progress_cb progress, void *user) {
  if (!ex || (!targets && n) || !cb) return SS_ERR_ARG;
  ex_remote_options o = {.concurrency = 32, .timeout_ms = 10000, .max_redirects = 3};
  if (opt) {
    if (opt->concurrency) o.concurrency = opt->concurrency;
    if (opt->per_host_rate > 0) o.per_host_rate = opt->per_host_rate;
    if (opt->timeout_s) o.timeout_ms = (long)opt->timeout_s * 1000;
    o.insecure = opt->insecure;
    o.ca_file = opt->ca_file;
  }
  remote_ctx c = {ex, cb, progress, user};
  return exchange_remote_probe(targets, n, &o, on_remote_result, on_remote_progress, &c);
}
