/*
 * ecs.c - the sweep's JSON Lines records with Elastic Common Schema field
 * names (file.*, event.*, rule.*, source.ip, url.*, user_agent.original,
 * http.*, vulnerability.id), nested as ECS documents so a SIEM ingests
 * them as they are; what ECS has no field for sits under "shellsift".
 * "event" is therefore the ECS object on these lines; the closing summary
 * keeps the {"event":"summary"} shape every shellsift command ends with.
 * Every string from the evidence goes through util_esc_json (jw.c).
 */
#include "sweep/sweep.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/writer.h"
#include "sweep/jw.h"

static void ecs_head(jw *w, int64_t when, const char *action, const char *kind) {
  jw_open(w);
  jw_time(w, "@timestamp", when);
  jw_obj(w, "ecs");
  jw_str(w, "version", ECS_VERSION);
  jw_close(w, '}');
  jw_obj(w, "event");
  jw_str(w, "kind", kind);
  jw_str(w, "action", action);
  jw_str(w, "module", "shellsift");
  jw_str(w, "dataset", "shellsift.sweep");
}

static void shellsift_obj(jw *w, const char *record) {
  jw_obj(w, "shellsift");
  jw_str(w, "record", record);
  jw_int(w, "schema", SS_SCHEMA_VERSION);
}

static void file_fields(jw *w, const char *path) {
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  const char *dot = strrchr(name, '.');
  jw_bytes(w, "path", path);
  jw_bytes(w, "name", name);
  char *dir = xstrndup(path, slash ? (size_t)(slash - path) : 0);
  jw_bytes(w, "directory", dir);
  free(dir);
  if (dot && dot != name && dot[1]) jw_bytes(w, "extension", dot + 1);
}

char *ecs_finding(const ss_finding *f, const char *kind, int64_t when) {
  jw w;
  ecs_head(&w, when, strcmp(kind, "artefact") == 0 ? "artefact-finding" : "file-finding", "alert");
  jw_arr(&w, "category");
  jw_str(&w, NULL, "file");
  jw_str(&w, NULL, "malware");
  jw_close(&w, ']');
  jw_arr(&w, "type");
  jw_str(&w, NULL, "info");
  jw_close(&w, ']');
  jw_int(&w, "severity", f->score);
  jw_int(&w, "risk_score", f->score);
  jw_close(&w, '}');
  jw_str(&w, "message", report_reason_text(f));
  jw_obj(&w, "file");
  file_fields(&w, f->path);
  jw_int(&w, "size", (int64_t)f->size);
  jw_time(&w, "mtime", f->mtime);
  jw_time(&w, "ctime", f->ctime);
  if (f->btime != -1) jw_time(&w, "created", f->btime);
  jw_int(&w, "inode", (int64_t)f->inode);
  jw_obj(&w, "hash");
  if (*f->sha256) jw_str(&w, "sha256", f->sha256);
  if (*f->md5) jw_str(&w, "md5", f->md5);
  if (*f->sha1) jw_str(&w, "sha1", f->sha1);
  jw_close(&w, '}');
  jw_close(&w, '}');
  const ss_reason *top = report_top_reason(f);
  jw_obj(&w, "rule");
  jw_str(&w, "name", top ? top->rule : "");
  jw_str(&w, "description", top ? top->description : "");
  jw_str(&w, "reference", top ? top->reference : "");
  jw_str(&w, "ruleset", "shellsift");
  jw_close(&w, '}');
  shellsift_obj(&w, kind);
  jw_str(&w, "category", f->category);
  jw_str(&w, "severity", ss_severity_name(f->severity));
  jw_int(&w, "score", f->score);
  jw_arr(&w, "rules");
  for (size_t i = 0; i < f->nreasons; i++) jw_str(&w, NULL, f->reasons[i].rule);
  jw_close(&w, ']');
  jw_arr(&w, "excerpts");
  for (size_t i = 0; i < f->nexcerpts; i++) {
    jw_obj(&w, NULL);
    jw_int(&w, "offset", (int64_t)f->excerpts[i].offset);
    jw_str(&w, "rule", f->excerpts[i].rule);
    char *data = xstrndup((const char *)f->excerpts[i].data, f->excerpts[i].data ? f->excerpts[i].length : 0);
    jw_bytes(&w, "data", data);
    free(data);
    jw_close(&w, '}');
  }
  jw_close(&w, ']');
  return jw_finish(&w);
}

/* ECS event.outcome knows success, failure and unknown; an attempt whose
 * result the log does not show is unknown. */
static const char *ecs_outcome(const char *o) {
  if (o && strcmp(o, "success") == 0) return "success";
  if (o && strcmp(o, "failure") == 0) return "failure";
  return "unknown";
}

char *ecs_log_finding(const ss_log_finding *lf) {
  jw w;
  ecs_head(&w, lf->time, "log-finding", "alert");
  jw_arr(&w, "category");
  jw_str(&w, NULL, "web");
  jw_str(&w, NULL, "intrusion_detection");
  jw_close(&w, ']');
  jw_str(&w, "outcome", ecs_outcome(lf->outcome));
  jw_int(&w, "severity", 25 * ((int)lf->severity + 1));
  jw_close(&w, '}');
  jw_str(&w, "message", lf->title);
  if (lf->client_ip && *lf->client_ip) {
    jw_obj(&w, "source");
    jw_str(&w, "ip", lf->client_ip);
    jw_close(&w, '}');
  }
  if (lf->user_agent && *lf->user_agent) {
    jw_obj(&w, "user_agent");
    jw_str(&w, "original", lf->user_agent);
    jw_close(&w, '}');
  }
  if (lf->uri && *lf->uri) {
    const char *q = strchr(lf->uri, '?');
    char *path = xstrndup(lf->uri, q ? (size_t)(q - lf->uri) : strlen(lf->uri));
    jw_obj(&w, "url");
    jw_str(&w, "original", lf->uri);
    jw_str(&w, "path", path);
    if (q) jw_str(&w, "query", q + 1);
    jw_close(&w, '}');
    free(path);
  }
  if ((lf->method && *lf->method) || lf->status) {
    jw_obj(&w, "http");
    if (lf->method && *lf->method) {
      jw_obj(&w, "request");
      jw_str(&w, "method", lf->method);
      jw_close(&w, '}');
    }
    if (lf->status) {
      jw_obj(&w, "response");
      jw_int(&w, "status_code", lf->status);
      jw_close(&w, '}');
    }
    jw_close(&w, '}');
  }
  jw_obj(&w, "rule");
  jw_str(&w, "name", lf->rule);
  jw_str(&w, "description", lf->title);
  jw_str(&w, "reference", lf->reference);
  jw_close(&w, '}');
  if (lf->cve && *lf->cve) {
    jw_obj(&w, "vulnerability");
    jw_str(&w, "id", lf->cve);
    jw_close(&w, '}');
  }
  jw_obj(&w, "log");
  jw_obj(&w, "file");
  jw_bytes(&w, "path", lf->file);
  jw_close(&w, '}');
  jw_close(&w, '}');
  shellsift_obj(&w, "log-finding");
  jw_str(&w, "severity", ss_severity_name(lf->severity));
  jw_str(&w, "outcome", lf->outcome);
  jw_str(&w, "format", lf->format);
  jw_int(&w, "line", (int64_t)lf->line);
  jw_int(&w, "incident", lf->incident);
  jw_bytes(&w, "evidence", lf->evidence);
  return jw_finish(&w);
}

char *ecs_incident(const ss_incident *in) {
  jw w;
  ecs_head(&w, in->first_seen, "incident", "alert");
  jw_arr(&w, "category");
  jw_str(&w, NULL, "intrusion_detection");
  jw_close(&w, ']');
  jw_time(&w, "start", in->first_seen);
  jw_time(&w, "end", in->last_seen);
  jw_int(&w, "severity", 25 * ((int)in->severity + 1));
  jw_close(&w, '}');
  jw_str(&w, "message", in->summary);
  if (in->client_ip && *in->client_ip) {
    jw_obj(&w, "source");
    jw_str(&w, "ip", in->client_ip);
    jw_close(&w, '}');
  }
  shellsift_obj(&w, "incident");
  jw_int(&w, "id", in->id);
  jw_str(&w, "severity", ss_severity_name(in->severity));
  jw_int(&w, "findings", (int64_t)in->nfindings);
  jw_arr(&w, "rules");
  for (size_t i = 0; i < in->nrules; i++) jw_str(&w, NULL, in->rules[i]);
  jw_close(&w, ']');
  jw_arr(&w, "shells");
  for (size_t i = 0; i < in->nshells; i++) jw_str(&w, NULL, in->shells[i]);
  jw_close(&w, ']');
  return jw_finish(&w);
}

char *ecs_warning(const ss_warning *wa, int64_t when) {
  jw w;
  ecs_head(&w, when, "warning", "event");
  jw_close(&w, '}');
  jw_str(&w, "message", wa->message);
  if (wa->path && *wa->path) {
    jw_obj(&w, "file");
    jw_bytes(&w, "path", wa->path);
    jw_close(&w, '}');
  }
  shellsift_obj(&w, "warning");
  jw_str(&w, "kind", wa->kind_name);
  jw_bool(&w, "incomplete", wa->incomplete);
  return jw_finish(&w);
}
