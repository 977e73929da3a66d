/*
 * fmt_json.c - JSON Lines: one object per line for each finding, warning,
 * log finding, incident and the summary, all on out, so a SIEM reads the
 * whole run from one stream.  Every record carries "event" and "schema"
 * (SS_SCHEMA_VERSION); every line is built by the one emitter (jsonw.h).
 */
#include <string.h>

#include "report/jsonw.h"
#include "report/reasons.h"
#include "report/writer.h"

/* Hashes not computed for this file are left out rather than given as "". */
static void hash(jsonw *j, const char *k, const char *hex) {
  if (*hex) report_json_str(j, k, hex);
}

static void reasons(jsonw *j, const ss_finding *f) {
  report_json_arr(j, "rules");
  for (size_t i = 0; i < f->nreasons; i++) report_json_str(j, NULL, f->reasons[i].rule);
  report_json_close(j);
  report_json_str(j, "reason", report_reason_text(f));
  report_json_arr(j, "reasons");
  for (size_t i = 0; i < f->nreasons; i++) {
    const ss_reason *r = &f->reasons[i];
    report_json_obj(j, NULL);
    report_json_str(j, "rule", r->rule);
    report_json_str(j, "category", r->category);
    report_json_int(j, "score", r->score);
    report_json_str(j, "description", r->description);
    report_json_str(j, "reference", r->reference);
    report_json_close(j);
  }
  report_json_close(j);
}

static void excerpts(jsonw *j, const ss_finding *f) {
  report_json_arr(j, "excerpts");
  for (size_t i = 0; i < f->nexcerpts; i++) {
    const ss_excerpt *x = &f->excerpts[i];
    report_json_obj(j, NULL);
    report_json_u64(j, "offset", x->offset);
    report_json_str(j, "rule", x->rule);
    report_json_str(j, "string", x->identifier);
    report_json_bytes(j, "data", x->data ? (const void *)x->data : "", x->data ? x->length : 0);
    report_json_close(j);
  }
  report_json_close(j);
}

/* A path, or null when there is none (warnings about the whole run). */
static void path(jsonw *j, const char *k, const char *p) {
  if (p) report_json_bytes_str(j, k, p);
  else report_json_null(j, k);
}

static void json_finding(ss_writer_t *w, const ss_finding *f) {
  jsonw j;
  report_json_record(&j, &w->line, "finding");
  path(&j, "path", f->path);
  report_json_u64(&j, "size", f->size);
  report_json_time(&j, "mtime", f->mtime);
  report_json_time(&j, "ctime", f->ctime);
  report_json_time(&j, "btime", f->btime == -1 ? SS_TIME_UNKNOWN : f->btime);
  hash(&j, "sha256", f->sha256);
  hash(&j, "md5", f->md5);
  hash(&j, "sha1", f->sha1);
  report_json_str(&j, "category", f->category);
  report_json_str(&j, "severity", ss_severity_name(f->severity));
  report_json_int(&j, "score", f->score);
  reasons(&j, f);
  excerpts(&j, f);
  report_json_bool(&j, "content_scanned", f->content_scanned);
  report_json_end(&j);
  report_emit(w, w->out);
}

static void json_warning(ss_writer_t *w, const ss_warning *wa) {
  jsonw j;
  report_json_record(&j, &w->line, "warning");
  report_json_str(&j, "kind", wa->kind_name);
  path(&j, "path", wa->path);
  report_json_str(&j, "message", wa->message);
  report_json_bool(&j, "incomplete", wa->incomplete);
  report_json_end(&j);
  report_emit(w, w->out);
}

static void severity_counts(jsonw *j, const uint64_t by_severity[4]) {
  static const char *const keys[4] = {"low", "medium", "high", "critical"};
  for (int s = SS_SEV_CRITICAL; s >= SS_SEV_LOW; s--) report_json_u64(j, keys[s], by_severity[s]);
}

static void json_summary(ss_writer_t *w, const ss_engine_t *engine, const char *const *roots, size_t nroots,
                         const ss_stats *t) {
  jsonw j;
  report_json_record(&j, &w->line, "summary");
  report_json_str(&j, "version", SS_VERSION);
  report_json_strs(&j, "roots", roots, nroots);
  const struct {
    const char *key;
    uint64_t v;
  } counts[] = {{"files", t->files},     {"dirs", t->dirs},         {"bytes", t->bytes},
                {"content_scanned", t->content_scanned},            {"hashed", t->hashed},
                {"excluded", t->excluded}, {"special", t->special}, {"symlinks", t->symlinks},
                {"too_large", t->too_large}, {"findings", t->findings}};
  for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) report_json_u64(&j, counts[i].key, counts[i].v);
  severity_counts(&j, t->by_severity);
  report_json_u64(&j, "warnings", t->warnings);
  report_json_u64(&j, "errors", t->incomplete);
  report_json_bool(&j, "complete", t->incomplete == 0);
  report_json_seconds(&j, "seconds", t->seconds);
  size_t rules = 0, hash_iocs = 0, name_iocs = 0;
  if (engine) ss_engine_counts(engine, &rules, &hash_iocs, &name_iocs);
  const char *keys[] = {"rules", "hash_iocs", "name_iocs"};
  const size_t values[] = {rules, hash_iocs, name_iocs};
  for (int i = 0; i < 3; i++)
    if (engine) report_json_u64(&j, keys[i], values[i]);
    else report_json_null(&j, keys[i]);
  report_json_end(&j);
  report_emit(w, w->out);
}

static void json_log_finding(ss_writer_t *w, const ss_log_finding *f) {
  jsonw j;
  report_json_record(&j, &w->line, "finding");
  report_json_str(&j, "rule", f->rule);
  report_json_str(&j, "severity", ss_severity_name(f->severity));
  report_json_str(&j, "outcome", f->outcome);
  report_json_time(&j, "time", f->time);
  path(&j, "file", f->file);
  report_json_u64(&j, "line", f->line);
  report_json_str(&j, "format", f->format);
  report_json_bytes_str(&j, "client_ip", f->client_ip);
  report_json_bytes_str(&j, "user_agent", f->user_agent);
  report_json_bytes_str(&j, "method", f->method);
  report_json_bytes_str(&j, "uri", f->uri);
  report_json_u64(&j, "status", (uint64_t)(f->status > 0 ? f->status : 0));
  report_json_str(&j, "title", f->title);
  report_json_str(&j, "cve", f->cve);
  report_json_str(&j, "reference", f->reference);
  report_json_bytes_str(&j, "evidence", f->evidence);
  report_json_u64(&j, "id", f->id);
  report_json_bool(&j, "recovered", f->recovered);
  report_log_reasons_json(&j, f);
  report_json_bytes_str(&j, "command", f->command);
  report_json_bytes_str(&j, "process", f->process);
  report_json_bytes_str(&j, "parent", f->parent);
  report_json_bytes_str(&j, "user", f->user);
  report_json_bytes_str(&j, "threat", f->threat);
  report_json_bytes_str(&j, "threat_severity", f->threat_severity);
  report_json_bytes_str(&j, "action", f->action);
  report_json_bytes_str(&j, "target", f->target);
  report_json_end(&j);
  report_emit(w, w->out);
}

static void json_incident(ss_writer_t *w, const ss_incident *inc) {
  jsonw j;
  report_json_record(&j, &w->line, "incident");
  report_json_u64(&j, "id", inc->id);
  report_json_str(&j, "severity", ss_severity_name(inc->severity));
  report_json_bytes_str(&j, "client_ip", inc->client_ip);
  report_json_time(&j, "first_seen", inc->first_seen);
  report_json_time(&j, "last_seen", inc->last_seen);
  report_json_u64(&j, "findings", inc->nfindings);
  report_json_arr(&j, "finding_ids");
  for (size_t i = 0; i < inc->nfindings; i++) report_json_u64(&j, NULL, inc->finding_ids[i]);
  report_json_close(&j);
  report_json_str(&j, "summary", inc->summary);
  report_json_strs(&j, "rules", inc->rules, inc->nrules);
  report_json_strs(&j, "shells", inc->shells, inc->nshells);
  report_json_arr(&j, "commands");
  for (size_t i = 0; i < inc->ncommands; i++) report_json_bytes_str(&j, NULL, inc->commands[i]);
  report_json_close(&j);
  report_json_end(&j);
  report_emit(w, w->out);
}

static void json_logs_summary(ss_writer_t *w, const char *const *paths, size_t n, const ss_logs_stats *st) {
  jsonw j;
  report_json_record(&j, &w->line, "summary");
  report_json_str(&j, "version", SS_VERSION);
  report_json_strs(&j, "paths", paths, n);
  report_json_u64(&j, "files", st->files);
  report_json_u64(&j, "lines", st->lines);
  report_json_u64(&j, "bytes", st->bytes);
  report_json_u64(&j, "findings", st->findings);
  severity_counts(&j, st->by_severity);
  report_json_u64(&j, "incidents", st->incidents);
  report_json_u64(&j, "sigma_rules", st->sigma_rules);
  report_json_u64(&j, "sigma_failed", st->sigma_failed);
  report_json_u64(&j, "sigma_matches", st->sigma_matches);
  report_json_u64(&j, "warnings", st->warnings);
  report_json_u64(&j, "errors", st->incomplete);
  report_json_bool(&j, "complete", st->incomplete == 0);
  report_json_seconds(&j, "seconds", st->seconds);
  report_json_arr(&j, "sources");
  for (size_t i = 0; i < st->nsources; i++) {
    const ss_log_source *s = &st->sources[i];
    report_json_obj(&j, NULL);
    report_json_str(&j, "format", s->format);
    report_json_u64(&j, "files", s->files);
    report_json_u64(&j, "lines", s->lines);
    report_json_time(&j, "first", s->first);
    report_json_time(&j, "last", s->last);
    report_json_close(&j);
  }
  report_json_close(&j);
  report_json_arr(&j, "partly_read");
  for (size_t i = 0; i < st->npartial; i++) {
    const ss_log_partial *p = &st->partial[i];
    report_json_obj(&j, NULL);
    path(&j, "path", p->path);
    report_json_str(&j, "format", p->format);
    report_json_u64(&j, "lines", p->lines);
    report_json_u64(&j, "unsplit", p->unsplit);
    report_json_u64(&j, "unread", p->unread);
    report_json_u64(&j, "lost", p->lost);
    report_json_close(&j);
  }
  report_json_close(&j);
  report_json_end(&j);
  report_emit(w, w->out);
}

const report_format report_format_json = {
    .finding = json_finding,
    .warning = json_warning,
    .log_finding = json_log_finding,
    .incident = json_incident,
    .summary = json_summary,
    .logs_summary = json_logs_summary,
};
