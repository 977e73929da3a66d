/*
 * summary.c - what a stored sweep says in words: the next steps for the
 * person who has to act on it, and the closing {"event":"summary"} JSON
 * line.  All read from the case file, so the sweep, `shellsift report` and
 * the HTML page say the same thing.
 */
#include "report/case.h"

#include <string.h>

#include "report/jsonw.h"
#include "report/writer.h"

ss_err report_next_steps(store *s, int64_t sweep, strbuf *out) {
  store_sweep sw;
  store_facts facts;
  ss_err err = store_get_sweep(s, sweep, &sw);
  if (err == SS_OK) err = store_get_facts(s, sweep, &facts);
  if (err != SS_OK) return err;
  if (strcmp(sw.verdict, "compromised") == 0) {
    sb_adds(out, "Do not wipe or rebuild the server yet: take it off the network (or block inbound HTTPS) "
                 "and keep this report and the case file; they are evidence.\n");
    sb_adds(out, "Call your incident responder or national CERT now and hand them this report and the case file.\n");
    if (facts.credential_dump)
      sb_adds(out, "Assume every password used on this server was stolen: once the attacker is out, reset "
                   "administrator and service account passwords, and the domain krbtgt password twice.\n");
    sb_adds(out, "Leave the web shells in place until they are preserved; then remove them and sweep every "
                 "other Exchange and web server too.\n");
  } else if (strcmp(sw.verdict, "suspicious") == 0) {
    sb_adds(out, "Have someone who knows this server go through each finding below: is the file part of "
                 "software you installed, and was the request yours?\n");
    sb_adds(out, "If you cannot explain a finding, treat the server as compromised and contact your CERT.\n");
  } else {
    sb_adds(out, "Keep the case file: sweep again later with the same --case and run 'shellsift diff' "
                 "to see what changed on disk.\n");
  }
  if (facts.vulnerable_chain)
    sb_adds(out, "Install the latest Cumulative Update and Security Update for Exchange: this build is "
                 "vulnerable to attacks used in the wild.\n");
  if (facts.coverage_missing || !sw.complete)
    sb_adds(out, "Parts of the server could not be examined (see coverage): collect the missing logs or "
                 "folders and sweep again; until then this is not a clean bill of health.\n");
  return SS_OK;
}

static void lines(jsonw *j, const char *key, const char *text) {
  report_json_arr(j, key);
  for (const char *p = text; p && *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n) {
      char *line = xstrndup(p, n);
      report_json_str(j, NULL, line);
      free(line);
    }
    p += n + (nl != NULL);
  }
  report_json_close(j);
}

static void coverage_item(const store_coverage *c, void *user) {
  jsonw *j = user;
  report_json_obj(j, NULL);
  report_json_str(j, "item", c->item);
  report_json_str(j, "status", c->status);
  report_json_bytes_str(j, "path", c->path);
  report_json_str(j, "note", c->note);
  report_json_close(j);
}

static void exchange_fields(const store_exchange *x, void *user) {
  jsonw *j = user;
  report_json_str(j, "product", x->product);
  report_json_str(j, "build", x->build);
  report_json_str(j, "cu", x->cu);
  report_json_str(j, "su", x->su);
  report_json_str(j, "error", x->error);
  report_json_str(j, "update", x->update);
  report_json_str(j, "summary", x->summary);
}

static void chain_item(const ss_chain *c, void *user) {
  jsonw *j = user;
  report_json_obj(j, NULL);
  report_json_str(j, "name", c->name);
  report_json_str(j, "status", c->status);
  report_json_str(j, "why", c->why);
  report_json_close(j);
}

ss_err report_case_summary(store *s, int64_t sweep, strbuf *out) {
  store_sweep sw;
  strbuf steps = STRBUF_INIT;
  ss_err err = report_next_steps(s, sweep, &steps);
  if (err == SS_OK) err = store_get_sweep(s, sweep, &sw);
  if (err != SS_OK) {
    sb_free(&steps);
    return err;
  }
  jsonw j;
  report_json_record(&j, out, "summary");
  report_json_str(&j, "version", SS_VERSION);
  report_json_int(&j, "sweep", sweep);
  report_json_bytes_str(&j, "root", sw.root);
  report_json_time(&j, "started", sw.started);
  report_json_time(&j, "finished", sw.finished);
  report_json_str(&j, "verdict", sw.verdict);
  lines(&j, "reasons", sw.verdict_reasons);
  report_json_bool(&j, "complete", sw.complete);
  const struct {
    const char *key;
    uint64_t v;
  } counts[] = {{"files", sw.files},           {"skipped", sw.skipped},     {"findings", sw.findings},
                {"log_findings", sw.log_findings}, {"incidents", sw.incidents}, {"missing", sw.missing}};
  for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) report_json_u64(&j, counts[i].key, counts[i].v);
  report_json_seconds(&j, "seconds", sw.seconds);
  lines(&j, "next_steps", steps.data);
  sb_free(&steps);
  report_json_arr(&j, "coverage");
  err = store_each_coverage(s, sweep, coverage_item, &j);
  report_json_close(&j);
  report_json_obj(&j, "exchange");
  if (err == SS_OK) err = store_get_exchange(s, sweep, exchange_fields, &j);
  report_json_arr(&j, "chains");
  if (err == SS_OK) err = store_each_chain(s, sweep, chain_item, &j);
  report_json_end(&j);
  return err;
}

void report_sweep_summary(const ss_sweep_result *r, const char *root, const char *reasons, strbuf *out) {
  jsonw j;
  report_json_record(&j, out, "summary");
  report_json_str(&j, "version", SS_VERSION);
  report_json_int(&j, "sweep", r->sweep_id);
  report_json_bytes_str(&j, "root", root);
  report_json_str(&j, "verdict", ss_verdict_name(r->verdict));
  lines(&j, "reasons", reasons);
  report_json_bool(&j, "complete", 0);
  const struct {
    const char *key;
    uint64_t v;
  } counts[] = {{"files", r->files},           {"skipped", r->skipped},     {"findings", r->findings},
                {"log_findings", r->log_findings}, {"incidents", r->incidents}, {"missing", r->missing}};
  for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) report_json_u64(&j, counts[i].key, counts[i].v);
  report_json_seconds(&j, "seconds", r->seconds);
  report_json_end(&j);
}
