/*
 * procrules.c - the process traces of web shells.  A web shell runs its
 * commands as children of the web server: w3wp.exe (or Exchange's
 * UMWorkerProcess.exe, httpd, nginx, php-cgi, Tomcat's java) as the parent
 * of cmd.exe, whoami or certutil in Sysmon event 1 and Security 4688, or
 * an execve by the server's account (www-data, IIS APPPOOL\<pool>) in
 * auditd.  A process counts as the web shell's when
 *   - its parent is a web server (by image; java by its command line),
 *   - or it runs under a web server's account and is not a server itself,
 *   - or its parent is one of the shell's processes seen earlier in the
 *     same file (cmd.exe /c net user starts net.exe, which starts net1.exe).
 * What it is decides the severity: credential dumping critical, shells and
 * system tools (recon, download, persistence) high, any other program a
 * web server should not start medium.  What a server starts in its
 * ordinary work (ASP.NET's csc.exe, conhost.exe, WerFault.exe, PHP's
 * sendmail) is never flagged.  Outside a web shell, credential dumping
 * command lines are still high.  The lists are data (rules/logs.txt).
 */
#include "logs/logs.h"

#include <ctype.h>

#define PROCTAB_MAX 4096
#define PROC_JOIN_S (24 * 3600) /* a child joins a parent seen at most a day earlier */

typedef struct {
  uint64_t host;
  int64_t pid, time;
} proc_entry;

struct logs_proctab {
  proc_entry v[PROCTAB_MAX];
  size_t n, next; /* a ring: next is overwritten when full */
};

void logs_rule_scratch_new_file(logs_rule_scratch *s) {
  if (s->procs) s->procs->n = s->procs->next = 0;
}

static void remember(logs_rule_scratch *s, const logs_proc *p, int64_t time) {
  if (p->pid < 0) return;
  if (!s->procs) s->procs = xcalloc(1, sizeof *s->procs);
  logs_proctab *t = s->procs;
  t->v[t->next] = (proc_entry){logs_host_hash(p->host), p->pid, time};
  t->next = (t->next + 1) % PROCTAB_MAX;
  if (t->n < PROCTAB_MAX) t->n++;
}

/* Whether the parent of p is a process of the shell: the latest entry
 * with its id on the same host, not from the future nor a day old. */
static int child_of_shell(const logs_rule_scratch *s, const logs_proc *p, int64_t time) {
  const logs_proctab *t = s->procs;
  if (!t || p->ppid < 0) return 0;
  uint64_t h = logs_host_hash(p->host);
  for (size_t k = 0; k < t->n; k++) {
    const proc_entry *e = &t->v[(t->next + PROCTAB_MAX - 1 - k) % PROCTAB_MAX];
    if (e->pid != p->ppid || e->host != h) continue;
    if (time == SS_TIME_UNKNOWN || e->time == SS_TIME_UNKNOWN) return 1;
    return time >= e->time && time - e->time <= PROC_JOIN_S;
  }
  return 0;
}

/* The program's name as the lists hold it: lower-case, without its folder
 * and without ".exe". */
static span base_name(span image, strbuf *out) {
  size_t start = 0;
  for (size_t i = 0; i < image.n; i++)
    if (image.p[i] == '\\' || image.p[i] == '/') start = i + 1;
  size_t n = image.n - start;
  while (n && image.p[start + n - 1] == '"') n--; /* a quoted image as written in a command line */
  if (n > 4 && !strncasecmp(image.p + start + n - 4, ".exe", 4)) n -= 4;
  sb_reset(out);
  for (size_t i = 0; i < n; i++) sb_addc(out, (char)tolower((unsigned char)image.p[start + i]));
  if (!out->data) sb_adds(out, "");
  return (span){out->data, out->len};
}

static void lower(span t, strbuf *out) {
  sb_reset(out);
  for (size_t i = 0; i < t.n; i++) sb_addc(out, (char)tolower((unsigned char)t.p[i]));
  if (!out->data) sb_adds(out, "");
}

int logs_is_web_server(span image, span command, strbuf *scratch) {
  if (!image.n) return 0;
  span b = base_name(image, scratch);
  if (logs_name_listed(LOGS_LIST_WEB_PROCESS, b.p, b.n)) return 1;
  if ((b.n == 4 && !memcmp(b.p, "java", 4)) || (b.n == 5 && !memcmp(b.p, "javaw", 5))) {
    lower(image, scratch); /* Tomcat's own runtime: ...\tomcat9\jre\bin\java.exe */
    if (logs_text_listed(LOGS_LIST_JAVA_MARK, scratch->data, scratch->len)) return 1;
    lower(command, scratch);
    return logs_text_listed(LOGS_LIST_JAVA_MARK, scratch->data, scratch->len);
  }
  return 0;
}

int logs_credential_text(span text, strbuf *scratch) {
  lower(text, scratch);
  return logs_words_listed(LOGS_LIST_CREDENTIAL_COMMAND, scratch->data, scratch->len);
}

/* The program a shell's "-c" or "/c" runs: its first word after the flag. */
static span inner_program(span cmd) {
  for (size_t i = 0; i + 3 < cmd.n; i++) {
    if (cmd.p[i] != ' ' || (cmd.p[i + 1] != '-' && cmd.p[i + 1] != '/') || tolower((unsigned char)cmd.p[i + 2]) != 'c' ||
        cmd.p[i + 3] != ' ')
      continue;
    size_t s = i + 4;
    while (s < cmd.n && (cmd.p[s] == ' ' || cmd.p[s] == '"' || cmd.p[s] == '\'')) s++;
    size_t e = s;
    while (e < cmd.n && cmd.p[e] != ' ' && cmd.p[e] != '"' && cmd.p[e] != '\'') e++;
    return (span){cmd.p + s, e - s};
  }
  return SPAN_NONE;
}

typedef enum { KIND_OTHER, KIND_TOOL, KIND_CREDENTIAL } proc_kind;

static proc_kind kind_of(span b, span command, strbuf *scratch) {
  if (logs_name_listed(LOGS_LIST_CREDENTIAL, b.p, b.n) || logs_credential_text(command, scratch)) return KIND_CREDENTIAL;
  static const logs_list_id tools[] = {LOGS_LIST_SHELL, LOGS_LIST_RECON, LOGS_LIST_DOWNLOAD, LOGS_LIST_PERSISTENCE};
  for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
    if (logs_name_listed(tools[i], b.p, b.n)) return KIND_TOOL;
  return KIND_OTHER;
}

void logs_process_rules(logs_best *b, const logs_rec *r, logs_rule_scratch *s) {
  const logs_proc *p = &r->proc;
  if (p->kind != LOGS_PROC_START || !p->image.n) return;
  if (logs_is_web_server(p->image, p->command, &s->name)) return; /* the server itself (a new w3wp, FastCGI's php-cgi) */
  int web_parent = logs_is_web_server(p->parent_image, p->parent_command, &s->name);
  lower(p->user, &s->text);
  int web_user = p->user.n && logs_name_listed(LOGS_LIST_WEB_USER, s->text.data, s->text.len);
  int descendant = child_of_shell(s, p, r->time);
  span name = base_name(p->image, &s->name);
  proc_kind kind = kind_of(name, p->command, &s->text);
  if (!web_parent && !web_user && !descendant) {
    if (kind == KIND_CREDENTIAL) logs_consider(b, LOGS_RULE_CREDENTIAL_DUMP, SS_SEV_HIGH, LOGS_SUCCESS);
    return;
  }
  name = base_name(p->image, &s->name);
  if (kind != KIND_CREDENTIAL) {
    if (logs_name_listed(LOGS_LIST_BENIGN_CHILD, name.p, name.n)) return;
    if (logs_name_listed(LOGS_LIST_SHELL, name.p, name.n)) { /* sh -c sendmail: PHP's mail() */
      span inner = base_name(inner_program(p->command), &s->name);
      if (inner.n && logs_name_listed(LOGS_LIST_BENIGN_CHILD, inner.p, inner.n)) return;
    }
  }
  /* auditd knows no parent image: only the tools count there, as a PHP
   * application may well run convert or git under its own account */
  if (kind == KIND_OTHER && !web_parent && !descendant && (r->fmt == LOGS_FMT_AUDIT || !web_user)) return;
  remember(s, p, r->time);
  if (kind == KIND_CREDENTIAL)
    logs_consider(b, LOGS_RULE_WEBSHELL_CREDENTIAL_DUMP, SS_SEV_CRITICAL, LOGS_SUCCESS);
  else if (kind == KIND_TOOL || descendant)
    logs_consider(b, LOGS_RULE_WEBSHELL_PROCESS, SS_SEV_HIGH, LOGS_SUCCESS);
  else
    logs_consider(b, LOGS_RULE_WEBSERVER_CHILD, SS_SEV_MEDIUM, LOGS_SUCCESS);
}
