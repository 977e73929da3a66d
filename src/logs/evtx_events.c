/*
 * evtx_events.c - the events whose meaning the built-in rules read, as a
 * table of which field says what: process creation (Sysmon event 1,
 * Security 4688), PowerShell script blocks (4104) and antivirus detections
 * (Defender and System Center Endpoint Protection 1006, 1007, 1015,
 * 1116-1119).  Each becomes the record's logs_proc or logs_threat, so a
 * rule reads "the image, its parent, the command line" whatever channel
 * wrote it.  Field names are Microsoft's (Sysmon's schema, the Security
 * auditing event 4688, Microsoft Defender Antivirus event IDs).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "logs/evtx.h"
#include "logs/logs.h"

typedef struct {
  const char *provider; /* Provider_Name, exact (case ignored) */
  int id;
  int kind;
  const char *image, *command, *parent_image, *parent_command, *user, *domain, *pid, *ppid;
} proc_event;

static const proc_event proc_events[] = {
    {"Microsoft-Windows-Sysmon", 1, LOGS_PROC_START, "Image", "CommandLine", "ParentImage", "ParentCommandLine", "User",
     NULL, "ProcessId", "ParentProcessId"},
    {"Linux-Sysmon", 1, LOGS_PROC_START, "Image", "CommandLine", "ParentImage", "ParentCommandLine", "User", NULL,
     "ProcessId", "ParentProcessId"},
    /* the subject is the creator: for a child of w3wp, the pool's identity */
    {"Microsoft-Windows-Security-Auditing", 4688, LOGS_PROC_START, "NewProcessName", "CommandLine",
     "ParentProcessName", NULL, "SubjectUserName", "SubjectDomainName", "NewProcessId", "ProcessId"},
    /* a service's command line: not a process start, but what the service rules read */
    {"Service Control Manager", 7045, LOGS_PROC_NONE, "ImagePath", "ImagePath", NULL, NULL, "AccountName", NULL,
     NULL, NULL},
    {"Microsoft-Windows-Security-Auditing", 4697, LOGS_PROC_NONE, "ServiceFileName", "ServiceFileName", NULL, NULL,
     "SubjectUserName", "SubjectDomainName", NULL, NULL},
    {"Microsoft-Windows-PowerShell", 4104, LOGS_PROC_SCRIPT, NULL, "ScriptBlockText", NULL, NULL, "Security_UserID",
     NULL, "Execution_ProcessID", NULL},
};

/* Defender's action ids (ThreatIDDefaultAction_Actions of Set-MpPreference):
 * what "Action Name" says when the log holds only a message reference. */
static const char *action_name(const char *id) {
  static const struct {
    int id;
    const char *name;
  } ids[] = {{1, "clean"}, {2, "quarantine"}, {3, "remove"}, {6, "allow"}, {8, "user defined"}, {9, "no action"},
             {10, "block"}};
  int n = id ? atoi(id) : 0;
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
    if (ids[i].id == n) return ids[i].name;
  return "action";
}

static const char *value(const logs_evtx_fields *f, const char *name) {
  if (!name) return NULL;
  for (size_t i = 0; i < f->n; i++)
    if (!strcmp(f->v[i].name, name)) return f->v[i].value;
  return NULL;
}

static span sp(const char *s) { return s ? (span){s, strlen(s)} : SPAN_NONE; }

/* "2404" or "0x964" (4688 writes hexadecimal); -1 if neither. */
static int64_t pid_of(const char *s) {
  if (!s || !*s) return -1;
  char *end;
  long long v = strtoll(s, &end, 0);
  return *end || v < 0 ? -1 : (int64_t)v;
}

static int is_provider(const logs_rec *r, const char *name) {
  return r->provider.n == strlen(name) && !strncasecmp(r->provider.p, name, r->provider.n);
}

static void proc_fields(const proc_event *e, const logs_evtx_fields *f, logs_rec *r, logs_evtx_typed_buf *b) {
  logs_proc *p = &r->proc;
  p->kind = e->kind;
  p->image = sp(value(f, e->image));
  p->command = sp(value(f, e->command));
  p->parent_image = sp(value(f, e->parent_image));
  p->parent_command = sp(value(f, e->parent_command));
  const char *user = value(f, e->user), *domain = value(f, e->domain);
  if (domain && *domain && user && *user) {
    sb_reset(&b->user);
    sb_addf(&b->user, "%s\\%s", domain, user);
    p->user = (span){b->user.data, b->user.len};
  } else {
    p->user = sp(user);
  }
  p->host = sp(value(f, "Computer"));
  p->pid = pid_of(value(f, e->pid));
  p->ppid = pid_of(value(f, e->ppid));
}

/* The detected file: the first of "containerfile:_X; file:_X->(SCRIPT0005); ...",
 * its resource prefix and the part inside the file ("->(...)") removed. */
static void threat_path(const char *path, strbuf *out) {
  sb_reset(out);
  if (!path) return;
  const char *end = strstr(path, "; ");
  size_t n = end ? (size_t)(end - path) : strlen(path);
  const char *us = memmem(path, n, ":_", 2);
  if (us && us - path < 16) n -= (size_t)(us + 2 - path), path = us + 2;
  const char *arrow = memmem(path, n, "->", 2);
  if (arrow) n = (size_t)(arrow - path);
  sb_add(out, path, n);
}

static void threat_fields(int id, const logs_evtx_fields *f, logs_rec *r, logs_evtx_typed_buf *b) {
  const char *name = value(f, "Threat Name");
  if (!name || !*name) name = value(f, "Name");
  if (!name || !*name) return;
  logs_threat *t = &r->threat;
  t->name = sp(name);
  t->severity = sp(value(f, "Severity Name"));
  const char *an = value(f, "Action Name");
  const char *act = an && *an && strncmp(an, "%%", 2) ? an : action_name(value(f, "Action ID"));
  const char *err = value(f, "Error Description");
  sb_reset(&b->action);
  switch (id) {
  case 1015: sb_adds(&b->action, "suspicious behaviour detected"); break;
  case 1007:
  case 1117: sb_adds(&b->action, act); break;
  case 1118:
  case 1119:
    sb_addf(&b->action, "%s failed%s%s", act, err && *err ? ": " : "", err ? err : "");
    while (b->action.len && b->action.data[b->action.len - 1] == ' ') b->action.data[--b->action.len] = 0;
    break;
  default: sb_adds(&b->action, "detected"); break;
  }
  t->action = (span){b->action.data, b->action.len};
  threat_path(value(f, "Path"), &b->path);
  t->path = b->path.len ? (span){b->path.data, b->path.len} : SPAN_NONE;
}

void logs_evtx_typed(const struct logs_evtx_fields *f, logs_rec *r, logs_evtx_typed_buf *b) {
  for (size_t i = 0; i < sizeof proc_events / sizeof proc_events[0]; i++)
    if (r->event_id == proc_events[i].id && is_provider(r, proc_events[i].provider)) {
      proc_fields(&proc_events[i], f, r, b);
      return;
    }
  static const int threat_ids[] = {1006, 1007, 1015, 1116, 1117, 1118, 1119};
  if (!is_provider(r, "Microsoft-Windows-Windows Defender") && !is_provider(r, "Microsoft Antimalware")) return;
  for (size_t i = 0; i < sizeof threat_ids / sizeof threat_ids[0]; i++)
    if (r->event_id == threat_ids[i]) threat_fields(r->event_id, f, r, b);
}

void logs_evtx_typed_free(logs_evtx_typed_buf *b) {
  sb_free(&b->user);
  sb_free(&b->action);
  sb_free(&b->path);
}
