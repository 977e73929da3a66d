/*
 * audit.c - Linux audit logs (auditd's audit.log), read through
 * libauparse: lines are fed to it, and each event it assembles (the
 * SYSCALL, EXECVE, CWD, PATH, PROCTITLE... records of one serial number)
 * becomes one record for the session, with every field of every record as
 * a (name, value) pair (what Sigma's auditd rules and the dump read; hex-
 * encoded strings decoded) and, for a program execution, its logs_proc:
 * the executable, the arguments joined into a command line, the process
 * and parent ids, the parent's executable when an earlier execve in the
 * same file started it, and the account.
 * Accounts are numbers in the log.  They are named from the log itself when
 * auditd wrote its enriched format (UID="www-data" after the record), else
 * from the evidence's own passwd (logs_read_opts.passwd), never from the
 * machine shellsift runs on: libauparse's own interpretation of uid fields
 * would ask getpwuid here, so it is not used for them.  Lines that are not
 * audit records are counted and reported, and make the file partly read.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <auparse.h>

#include "logs/logs.h"

#define PARENTS 1024 /* executables of recent execves, by pid: the parent of the next ones */

typedef struct {
  int64_t pid;
  char *exe;
} parent_entry;

typedef struct {
  const logs_sink *k;
  const logs_read_opts *o;
  strbuf text;               /* field names and values, NUL-separated */
  size_t *offs;              /* pairs of (name, value) offsets into text */
  size_t nfields, cap;
  logs_field *fields;
  size_t fields_cap;
  strbuf raw, cmd, user, parent;
  parent_entry parents[PARENTS];
  size_t next_parent;
  uint64_t records, events, unnamed;
} audit_ctx;

/* Values as auditd means them: hex-encoded and quoted strings decoded
 * (only those: a uid's interpretation would be the host's account). */
static const char *field_value(auparse_state_t *au) {
  int type = auparse_get_field_type(au);
  if (type == AUPARSE_TYPE_ESCAPED || type == AUPARSE_TYPE_PROCTITLE || type == AUPARSE_TYPE_ESCAPED_FILE ||
      type == AUPARSE_TYPE_ESCAPED_KEY) {
    const char *v = auparse_interpret_field(au);
    if (v) return v;
  }
  const char *v = auparse_get_field_str(au);
  return v ? v : "";
}

static void add_field(audit_ctx *c, const char *name, size_t nn, const char *value, size_t vn) {
  if (c->nfields == c->cap) c->offs = xrealloc(c->offs, (c->cap = c->cap ? c->cap * 2 : 64) * 2 * sizeof *c->offs);
  c->offs[2 * c->nfields] = c->text.len;
  sb_add(&c->text, name, nn);
  sb_addc(&c->text, 0);
  c->offs[2 * c->nfields + 1] = c->text.len;
  if (vn >= 2 && value[0] == '"' && value[vn - 1] == '"') value++, vn -= 2;
  sb_add(&c->text, value, vn);
  sb_addc(&c->text, 0);
  c->nfields++;
}

/* The enriched part auditd appends after 0x1d: NAME=value or NAME="value". */
static void add_interpretations(audit_ctx *c, const char *s) {
  while (s && *s) {
    while (*s == ' ') s++;
    const char *eq = strchr(s, '=');
    if (!eq) break;
    const char *v = eq + 1, *end;
    if (*v == '"') {
      end = strchr(v + 1, '"');
      end = end ? end + 1 : v + strlen(v);
    } else {
      end = v + strcspn(v, " ");
    }
    add_field(c, s, (size_t)(eq - s), v, (size_t)(end - v));
    s = end;
  }
}

static const char *get(const audit_ctx *c, const char *name, const char *type) {
  const char *cur_type = "";
  for (size_t i = 0; i < c->nfields; i++) {
    const char *n = c->text.data + c->offs[2 * i], *v = c->text.data + c->offs[2 * i + 1];
    if (!strcmp(n, "type")) cur_type = v;
    else if ((!type || !strcmp(cur_type, type)) && !strcmp(n, name)) return v;
  }
  return NULL;
}

static int64_t number(const char *s) {
  if (!s || !*s) return -1;
  char *end;
  long long v = strtoll(s, &end, 10);
  return *end || v < 0 ? -1 : (int64_t)v;
}

/* The EXECVE record's arguments joined with spaces; a long argument is
 * logged in pieces (a1[0], a1[1]...) that join without one. */
static void command_line(audit_ctx *c) {
  sb_reset(&c->cmd);
  const char *cur_type = "";
  int first = 1;
  for (size_t i = 0; i < c->nfields; i++) {
    const char *n = c->text.data + c->offs[2 * i], *v = c->text.data + c->offs[2 * i + 1];
    if (!strcmp(n, "type")) cur_type = v;
    if (strcmp(cur_type, "EXECVE") || n[0] != 'a' || n[1] < '0' || n[1] > '9') continue;
    size_t d = 1 + strspn(n + 1, "0123456789");
    if (n[d] == '_') continue; /* a1_len */
    if (!first && !(n[d] == '[' && strcmp(n + d, "[0]"))) sb_addc(&c->cmd, ' ');
    sb_adds(&c->cmd, v);
    first = 0;
  }
  if (!c->cmd.data) sb_adds(&c->cmd, "");
}

static const char *parent_exe(const audit_ctx *c, int64_t ppid) {
  for (size_t k = 0; k < PARENTS; k++) {
    const parent_entry *e = &c->parents[(c->next_parent + PARENTS - 1 - k) % PARENTS];
    if (e->exe && e->pid == ppid) return e->exe;
  }
  return NULL;
}

static void remember_exe(audit_ctx *c, int64_t pid, const char *exe) {
  parent_entry *e = &c->parents[c->next_parent];
  free(e->exe);
  e->pid = pid;
  e->exe = xstrdup(exe);
  c->next_parent = (c->next_parent + 1) % PARENTS;
}

/* The account of a uid: the log's own name, else the evidence's passwd. */
static void account(audit_ctx *c, const char *uid_text, const char *enriched) {
  sb_reset(&c->user);
  if (enriched && *enriched && strcmp(enriched, "unset")) {
    sb_adds(&c->user, enriched);
    return;
  }
  int64_t uid = number(uid_text);
  const char *name = uid >= 0 ? logs_passwd_name(c->o->passwd, (uint64_t)uid) : NULL;
  if (name) sb_adds(&c->user, name);
  else if (uid >= 0) c->unnamed++;
}

static span sp(const char *s) { return s ? (span){s, strlen(s)} : SPAN_NONE; }

static void on_event(auparse_state_t *au, auparse_cb_event_t type, void *user) {
  audit_ctx *c = user;
  if (type != AUPARSE_CB_EVENT_READY || auparse_first_record(au) <= 0) return;
  c->nfields = 0;
  sb_reset(&c->text);
  sb_reset(&c->raw);
  unsigned line = auparse_get_line_number(au);
  do {
    c->records++;
    const char *text = auparse_get_record_text(au);
    if (c->raw.len) sb_addc(&c->raw, '\n');
    if (text) sb_add(&c->raw, text, strcspn(text, "\x1d"));
    if (auparse_first_field(au) > 0) {
      do {
        const char *n = auparse_get_field_name(au); /* libauparse's type lookup needs a name */
        if (!n) continue;
        const char *v = field_value(au);
        add_field(c, n, strlen(n), v, strlen(v));
      } while (auparse_next_field(au) > 0);
    }
    add_interpretations(c, auparse_get_record_interpretations(au));
  } while (auparse_next_record(au) > 0);
  c->events++;
  const au_event_t *ts = auparse_get_timestamp(au);
  char *node = (char *)auparse_get_node(au);
  logs_rec r;
  logs_rec_init(&r, LOGS_FMT_AUDIT, "auditd", line, (span){c->raw.data ? c->raw.data : "", c->raw.len});
  r.time = ts ? (int64_t)ts->sec : SS_TIME_UNKNOWN;
  if (get(c, "argc", "EXECVE")) {
    const char *exe = get(c, "exe", "SYSCALL");
    int64_t pid = number(get(c, "pid", "SYSCALL")), ppid = number(get(c, "ppid", "SYSCALL"));
    const char *pexe = parent_exe(c, ppid);
    sb_reset(&c->parent);
    if (pexe) sb_adds(&c->parent, pexe);
    command_line(c);
    account(c, get(c, "uid", "SYSCALL"), get(c, "UID", "SYSCALL"));
    r.proc = (logs_proc){.kind = LOGS_PROC_START,
                         .image = sp(exe),
                         .command = (span){c->cmd.data, c->cmd.len},
                         .parent_image = (span){c->parent.data ? c->parent.data : "", c->parent.len},
                         .parent_command = SPAN_NONE,
                         .user = (span){c->user.data ? c->user.data : "", c->user.len},
                         .host = sp(node),
                         .pid = pid,
                         .ppid = ppid};
    if (exe && pid >= 0) remember_exe(c, pid, exe);
  }
  if (c->nfields > c->fields_cap)
    c->fields = xrealloc(c->fields, (c->fields_cap = c->nfields) * sizeof *c->fields);
  for (size_t i = 0; i < c->nfields; i++)
    c->fields[i] = (logs_field){sp(c->text.data + c->offs[2 * i]), sp(c->text.data + c->offs[2 * i + 1])};
  r.fields = c->fields;
  r.nfields = c->nfields;
  c->k->record(c->k->user, &r);
  free(node);
}

static size_t run_of(const char *s, size_t n, const char *set) {
  size_t i = 0;
  while (i < n && s[i] && strchr(set, s[i])) i++;
  return i;
}

/* Whether a line has the shape of an audit record: [node=HOST ]type=NAME
 * msg=audit(SECONDS.MILLIS:SERIAL):.  Only such lines reach libauparse,
 * which leaks memory on some malformed ones; the others are counted as
 * not read. */
static int record_shaped(const char *s, size_t n) {
  static const char digits[] = "0123456789";
  size_t i = 0, k;
  if (n > 5 && !strncmp(s, "node=", 5)) {
    const char *sp_ = memchr(s, ' ', n);
    if (!sp_ || sp_ == s + 5) return 0;
    i = (size_t)(sp_ - s) + 1;
  }
  if (n - i < 5 || strncmp(s + i, "type=", 5)) return 0;
  i += 5;
  if (!(k = run_of(s + i, n - i, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"))) return 0;
  i += k;
  if (n - i < 11 || strncmp(s + i, " msg=audit(", 11)) return 0;
  i += 11;
  const char *seps = ".:)";
  for (int part = 0; part < 3; part++) {
    if (!(k = run_of(s + i, n - i, digits)) || i + k >= n || s[i + k] != seps[part]) return 0;
    i += k + 1;
  }
  return i < n && s[i] == ':';
}

/* libauparse keeps state shared between parsers (its interpretation
 * tables): one audit log at a time. */
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

void logs_audit_read(const logs_reader *rd, logs_input *in, const logs_read_opts *o, const logs_sink *k) {
  (void)rd;
  audit_ctx *c = xcalloc(1, sizeof *c);
  c->k = k;
  c->o = o;
  const char *line;
  size_t n;
  uint64_t lineno, fed = 0;
  int rc;
  strbuf buf = STRBUF_INIT;
  pthread_mutex_lock(&parse_lock);
  auparse_state_t *au = auparse_init(AUSOURCE_FEED, NULL);
  if (!au) {
    pthread_mutex_unlock(&parse_lock);
    logs_sink_file(k, 1, "the audit log parser (libauparse) could not start: not read");
    free(c);
    return;
  }
  auparse_set_escape_mode(au, AUPARSE_ESC_RAW);
  auparse_add_callback(au, on_event, c, NULL);
  while ((rc = logs_input_next(in, &line, &n, &lineno)) != 0) {
    if (rc == 2) {
      k->unread(k->user, lineno);
      auparse_feed(au, "\n", 1); /* keeps libauparse's line numbers in step with ours */
      continue;
    }
    if (n && !memmem(line, n, "type=EOE ", 9)) fed++; /* end-of-event markers hold no record */
    if (!record_shaped(line, n)) n = 0; /* an empty line keeps the line numbers in step */
    sb_reset(&buf);
    sb_add(&buf, line, n);
    sb_addc(&buf, '\n');
    auparse_feed(au, buf.data, buf.len);
  }
  auparse_flush_feed(au);
  auparse_destroy_ext(au, AUPARSE_DESTROY_ALL); /* its shared caches too (held under parse_lock) */
  pthread_mutex_unlock(&parse_lock);
  if (fed > c->records)
    logs_sink_file(k, 1, "%llu of %llu lines are not audit records libauparse could read: they were not checked",
                   (unsigned long long)(fed - c->records), (unsigned long long)fed);
  if (c->unnamed)
    logs_sink_file(k, 1, "%llu program executions by user ids with no name: no account list of the system the log "
                   "comes from was given (shellsift logs --passwd FILE; a sweep reads <root>/etc/passwd), so web-server "
                   "accounts cannot be recognised", (unsigned long long)c->unnamed);
  sb_free(&buf);
  sb_free(&c->text);
  sb_free(&c->raw);
  sb_free(&c->cmd);
  sb_free(&c->user);
  sb_free(&c->parent);
  for (size_t i = 0; i < PARENTS; i++) free(c->parents[i].exe);
  free(c->offs);
  free(c->fields);
  free(c);
}

/* "type=SYSCALL msg=audit(1614737645.123:4711): ...", perhaps after
 * "node=<host> ": the first line decides. */
int logs_audit_detect(const char *head, size_t len, const logs_read_opts *o) {
  (void)o;
  size_t n = strcspn(head, "\n");
  if (n > len) n = len;
  const char *p = head;
  if (n > 5 && !strncmp(p, "node=", 5)) {
    const char *sp_ = memchr(p, ' ', n);
    if (!sp_) return 0;
    n -= (size_t)(sp_ + 1 - p);
    p = sp_ + 1;
  }
  if (n < 5 || strncmp(p, "type=", 5)) return 0;
  return memmem(p, n, " msg=audit(", 11) ? 90 : 0;
}
