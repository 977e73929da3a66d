/*
 * ecs.c - the sweep's JSON Lines records with Elastic Common Schema field
 * names (file.*, event.*, rule.*, source.ip, url.*, user_agent.original,
 * http.*, vulnerability.id), nested as ECS documents so a SIEM ingests
 * them as they are; what ECS has no field for sits under "shellsift".
 * "event" is therefore the ECS object on these lines; the closing summary
 * keeps the {"event":"summary"} shape every shellsift command ends with.
 * Every line is built by the one JSON emitter (jsonw.h).
 */
#include "report/case.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/writer.h"
#include "report/jsonw.h"
#include "report/reasons.h"

static void ecs_head(jsonw *w, strbuf *sb, int64_t when, const char *action, const char *kind) {
  report_json_begin(w, sb);
  report_json_time(w, "@timestamp", when);
  report_json_obj(w, "ecs");
  report_json_str(w, "version", ECS_VERSION);
  report_json_close(w);
  report_json_obj(w, "event");
  report_json_str(w, "kind", kind);
  report_json_str(w, "action", action);
  report_json_str(w, "module", "shellsift");
  report_json_str(w, "dataset", "shellsift.sweep");
}

static void shellsift_obj(jsonw *w, const char *record) {
  report_json_obj(w, "shellsift");
  report_json_str(w, "record", record);
  report_json_int(w, "schema", SS_SCHEMA_VERSION);
}

static void file_fields(jsonw *w, const char *path) {
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  const char *dot = strrchr(name, '.');
  report_json_bytes_str(w, "path", path);
  report_json_bytes_str(w, "name", name);
  char *dir = xstrndup(path, slash ? (size_t)(slash - path) : 0);
  report_json_bytes_str(w, "directory", dir);
  free(dir);
  if (dot && dot != name && dot[1]) report_json_bytes_str(w, "extension", dot + 1);
}

char *report_ecs_finding(const ss_finding *f, const char *kind, int64_t when) {
  strbuf sb = STRBUF_INIT;
  jsonw w;
  ecs_head(&w, &sb, when, strcmp(kind, "artefact") == 0 ? "artefact-finding" : "file-finding", "alert");
  report_json_arr(&w, "category");
  report_json_str(&w, NULL, "file");
  report_json_str(&w, NULL, "malware");
  report_json_close(&w);
  report_json_arr(&w, "type");
  report_json_str(&w, NULL, "info");
  report_json_close(&w);
  report_json_int(&w, "severity", f->score);
  report_json_int(&w, "risk_score", f->score);
  report_json_close(&w);
  report_json_str(&w, "message", report_reason_text(f));
  report_json_obj(&w, "file");
  file_fields(&w, f->path);
  report_json_int(&w, "size", (int64_t)f->size);
  report_json_time(&w, "mtime", f->mtime);
  report_json_time(&w, "ctime", f->ctime);
  if (f->btime != -1) report_json_time(&w, "created", f->btime);
  report_json_int(&w, "inode", (int64_t)f->inode);
  report_json_obj(&w, "hash");
  if (*f->sha256) report_json_str(&w, "sha256", f->sha256);
  if (*f->md5) report_json_str(&w, "md5", f->md5);
  if (*f->sha1) report_json_str(&w, "sha1", f->sha1);
  report_json_close(&w);
  report_json_close(&w);
  const ss_reason *top = report_top_reason(f);
  report_json_obj(&w, "rule");
  report_json_str(&w, "name", top ? top->rule : "");
  report_json_str(&w, "description", top ? top->description : "");
  report_json_str(&w, "reference", top ? top->reference : "");
  report_json_str(&w, "ruleset", "shellsift");
  report_json_close(&w);
  shellsift_obj(&w, kind);
  report_json_str(&w, "category", f->category);
  report_json_str(&w, "severity", ss_severity_name(f->severity));
  report_json_int(&w, "score", f->score);
  report_json_arr(&w, "rules");
  for (size_t i = 0; i < f->nreasons; i++) report_json_str(&w, NULL, f->reasons[i].rule);
  report_json_close(&w);
  report_json_arr(&w, "excerpts");
  for (size_t i = 0; i < f->nexcerpts; i++) {
    report_json_obj(&w, NULL);
    report_json_int(&w, "offset", (int64_t)f->excerpts[i].offset);
    report_json_str(&w, "rule", f->excerpts[i].rule);
    report_json_bytes(&w, "data", f->excerpts[i].data ? (const void *)f->excerpts[i].data : "",
                      f->excerpts[i].data ? f->excerpts[i].length : 0);
    report_json_close(&w);
  }
  report_json_close(&w);
  report_json_end(&w);
  return sb_detach(&sb);
}

/* ECS event.outcome knows success, failure and unknown; an attempt whose
 * result the log does not show is unknown. */
static const char *ecs_outcome(const char *o) {
  if (o && strcmp(o, "success") == 0) return "success";
  if (o && strcmp(o, "failure") == 0) return "failure";
  return "unknown";
}

char *report_ecs_log_finding(const ss_log_finding *lf) {
  strbuf sb = STRBUF_INIT;
  jsonw w;
  ecs_head(&w, &sb, lf->time, "log-finding", "alert");
  report_json_arr(&w, "category");
  report_json_str(&w, NULL, "web");
  report_json_str(&w, NULL, "intrusion_detection");
  report_json_close(&w);
  report_json_str(&w, "outcome", ecs_outcome(lf->outcome));
  report_json_int(&w, "severity", 25 * ((int)lf->severity + 1));
  report_json_close(&w);
  report_json_str(&w, "message", lf->title);
  if (lf->client_ip && *lf->client_ip) {
    report_json_obj(&w, "source");
    report_json_str(&w, "ip", lf->client_ip);
    report_json_close(&w);
  }
  if (lf->user_agent && *lf->user_agent) {
    report_json_obj(&w, "user_agent");
    report_json_str(&w, "original", lf->user_agent);
    report_json_close(&w);
  }
  if (lf->uri && *lf->uri) {
    const char *q = strchr(lf->uri, '?');
    char *path = xstrndup(lf->uri, q ? (size_t)(q - lf->uri) : strlen(lf->uri));
    report_json_obj(&w, "url");
    report_json_str(&w, "original", lf->uri);
    report_json_str(&w, "path", path);
    if (q) report_json_str(&w, "query", q + 1);
    report_json_close(&w);
    free(path);
  }
  if ((lf->method && *lf->method) || lf->status) {
    report_json_obj(&w, "http");
    if (lf->method && *lf->method) {
      report_json_obj(&w, "request");
      report_json_str(&w, "method", lf->method);
      report_json_close(&w);
    }
    if (lf->status) {
      report_json_obj(&w, "response");
      report_json_int(&w, "status_code", lf->status);
      report_json_close(&w);
    }
    report_json_close(&w);
  }
  if ((lf->command && *lf->command) || (lf->process && *lf->process)) {
    report_json_obj(&w, "process");
    if (lf->command && *lf->command) report_json_bytes_str(&w, "command_line", lf->command);
    if (lf->process && *lf->process) report_json_bytes_str(&w, "executable", lf->process);
    if (lf->parent && *lf->parent) {
      report_json_obj(&w, "parent");
      report_json_bytes_str(&w, "executable", lf->parent);
      report_json_close(&w);
    }
    report_json_close(&w);
  }
  if (lf->user && *lf->user) {
    report_json_obj(&w, "user");
    report_json_bytes_str(&w, "name", lf->user);
    report_json_close(&w);
  }
  if (lf->target && *lf->target) {
    report_json_obj(&w, "file");
    report_json_bytes_str(&w, "path", lf->target);
    report_json_close(&w);
  }
  const ss_log_reason *top = lf->nreasons ? &lf->reasons[0] : NULL;
  int sigma = top && top->source && !strcmp(top->source, "sigma");
  report_json_obj(&w, "rule");
  report_json_str(&w, "id", lf->rule);
  report_json_str(&w, "name", lf->rule);
  report_json_str(&w, "description", lf->title);
  report_json_str(&w, "reference", lf->reference);
  report_json_str(&w, "ruleset", sigma ? "sigma" : "shellsift");
  if (sigma && top->author && *top->author) {
    report_json_arr(&w, "author");
    report_json_str(&w, NULL, top->author);
    report_json_close(&w);
  }
  report_json_close(&w);
  /* the Sigma rules' tags (attack.t1190, cve.2021-26855...), each once */
  report_json_arr(&w, "tags");
  for (size_t i = 0; i < lf->nreasons; i++)
    for (size_t t = 0; lf->reasons[i].tags && t < lf->reasons[i].ntags; t++) {
      int dup = 0;
      for (size_t k = 0; k <= i && !dup; k++)
        for (size_t u = 0; lf->reasons[k].tags && u < (k == i ? t : lf->reasons[k].ntags) && !dup; u++)
          dup = !strcmp(lf->reasons[k].tags[u], lf->reasons[i].tags[t]);
      if (!dup) report_json_str(&w, NULL, lf->reasons[i].tags[t]);
    }
  report_json_close(&w);
  if (lf->cve && *lf->cve) {
    report_json_obj(&w, "vulnerability");
    report_json_str(&w, "id", lf->cve);
    report_json_close(&w);
  }
  report_json_obj(&w, "log");
  report_json_obj(&w, "file");
  report_json_bytes_str(&w, "path", lf->file);
  report_json_close(&w);
  report_json_close(&w);
  shellsift_obj(&w, "log-finding");
  report_json_str(&w, "severity", ss_severity_name(lf->severity));
  report_json_str(&w, "outcome", lf->outcome);
  report_json_str(&w, "format", lf->format);
  report_json_int(&w, "line", (int64_t)lf->line);
  report_json_u64(&w, "id", lf->id);
  report_json_bytes_str(&w, "evidence", lf->evidence);
  if (lf->threat && *lf->threat) {
    report_json_obj(&w, "threat");
    report_json_bytes_str(&w, "name", lf->threat);
    report_json_bytes_str(&w, "severity", lf->threat_severity);
    report_json_bytes_str(&w, "action", lf->action);
    report_json_close(&w);
  }
  report_json_bool(&w, "recovered", lf->recovered);
  report_log_reasons_json(&w, lf);
  report_json_end(&w);
  return sb_detach(&sb);
}

char *report_ecs_incident(const ss_incident *in) {
  strbuf sb = STRBUF_INIT;
  jsonw w;
  ecs_head(&w, &sb, in->first_seen, "incident", "alert");
  report_json_arr(&w, "category");
  report_json_str(&w, NULL, "intrusion_detection");
  report_json_close(&w);
  report_json_time(&w, "start", in->first_seen);
  report_json_time(&w, "end", in->last_seen);
  report_json_int(&w, "severity", 25 * ((int)in->severity + 1));
  report_json_close(&w);
  report_json_str(&w, "message", in->summary);
  if (in->client_ip && *in->client_ip) {
    report_json_obj(&w, "source");
    report_json_str(&w, "ip", in->client_ip);
    report_json_close(&w);
  }
  shellsift_obj(&w, "incident");
  report_json_int(&w, "id", in->id);
  report_json_str(&w, "severity", ss_severity_name(in->severity));
  report_json_int(&w, "findings", (int64_t)in->nfindings);
  report_json_arr(&w, "finding_ids");
  for (size_t i = 0; i < in->nfindings; i++) report_json_u64(&w, NULL, in->finding_ids[i]);
  report_json_close(&w);
  report_json_arr(&w, "rules");
  for (size_t i = 0; i < in->nrules; i++) report_json_str(&w, NULL, in->rules[i]);
  report_json_close(&w);
  report_json_arr(&w, "shells");
  for (size_t i = 0; i < in->nshells; i++) report_json_str(&w, NULL, in->shells[i]);
  report_json_close(&w);
  report_json_arr(&w, "commands");
  for (size_t i = 0; i < in->ncommands; i++) report_json_bytes_str(&w, NULL, in->commands[i]);
  report_json_close(&w);
  report_json_end(&w);
  return sb_detach(&sb);
}

char *report_ecs_warning(const ss_warning *wa, int64_t when) {
  strbuf sb = STRBUF_INIT;
  jsonw w;
  ecs_head(&w, &sb, when, "warning", "event");
  report_json_close(&w);
  report_json_str(&w, "message", wa->message);
  if (wa->path && *wa->path) {
    report_json_obj(&w, "file");
    report_json_bytes_str(&w, "path", wa->path);
    report_json_close(&w);
  }
  shellsift_obj(&w, "warning");
  report_json_str(&w, "kind", wa->kind_name);
  report_json_bool(&w, "incomplete", wa->incomplete);
  report_json_end(&w);
  return sb_detach(&sb);
}
