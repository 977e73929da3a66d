/*
 * php_caps.c - the PHP capability model.  A web-shell kit (a file manager with a
 * command line, WSO, c99, r57, b374k and their many copies) often shows no
 * single proven path from the request to a sink: its input goes through
 * forms, sessions and helpers the taint loses.  What it cannot hide is what
 * it can do.  While a file is read, every call to a capability (names.c
 * rows N_CAP, and the sinks) is noted with its line, and whether the
 * argument it acts on comes from the request or a function parameter;
 * $_FILES notes an upload.  At the end, a file that, fed by the request,
 * lists directories and writes or deletes files, and also runs commands
 * or code, is a kit; one that lists, writes, deletes and takes uploads
 * without running anything is a file manager (a dual-use tool: medium).
 * Payloads decoded from the file add to the same record.
 */
#include <stdio.h>
#include <string.h>

#include "lang/analyze.h"

static const char *const cap_words[PCAP_COUNT] = {
    [PCAP_LIST] = "lists directories", [PCAP_WRITE] = "writes files", [PCAP_DELETE] = "deletes files",
    [PCAP_CMD] = "runs commands", [PCAP_EVAL] = "runs code", [PCAP_UPLOAD] = "takes uploads",
    [PCAP_SQL] = "runs SQL", [PCAP_NET] = "opens sockets", [PCAP_MAIL] = "sends mail"};

/* PHP's ways to run a command: a kit tries one after the other until one
 * is not disabled. */
static const char *const runner_names[] = {"system", "exec", "shell_exec", "passthru", "popen", "proc_open", "`"};

void lang_php_caps_note(lang_ctx *c, unsigned cap, int fed, unsigned line, const char *fn) {
  php_caps *k = c->pcaps;
  if (!k || cap >= PCAP_COUNT) return;
  if (cap == PCAP_CMD && fn)
    for (unsigned r = 0; r < sizeof runner_names / sizeof runner_names[0]; r++)
      if (strncmp(fn, runner_names[r], strlen(runner_names[r])) == 0 && (fn[0] == '`' || !fn[strlen(runner_names[r])]))
        k->runners |= 1u << r;
  if (!(k->present & (1u << cap))) {
    k->line[cap] = c->level ? c->outer_line : line;
    snprintf(k->fn[cap], sizeof k->fn[cap], "%s", fn ? fn : "");
  }
  k->present |= 1u << cap;
  if (fed) k->fed |= 1u << cap;
}

int lang_php_caps_of(const name_def *d, int *arg) {
  *arg = d->arg;
  if (d->kind == N_CAP) return d->id;
  if (d->kind != N_SINK) return -1;
  switch (d->id) {
  case SK_CMD: return PCAP_CMD;
  case SK_CODE: *arg = d->arg ? d->arg : 1; return PCAP_EVAL;
  case SK_WRITE: return PCAP_WRITE;
  case SK_SQL: *arg = 1; return PCAP_SQL;
  case SK_SOCKET: *arg = 1; return PCAP_NET;
  default: return -1;
  }
}

static int has(const php_caps *k, unsigned cap, int fed) { return ((fed ? k->fed : k->present) >> cap) & 1u; }

/* "lists directories (opendir(), line 12), deletes files (unlink(), line 40) ..."
 * (one line at the end when they are all the same: a packed payload's). */
static void describe(const php_caps *k, unsigned want, char *out, size_t outsz) {
  size_t o = 0;
  unsigned n = 0, total = 0, same = 1, first = 0;
  for (unsigned i = 0; i < PCAP_COUNT; i++)
    if ((want >> i) & 1u) {
      if (!total++) first = k->line[i];
      else if (k->line[i] != first) same = 0;
    }
  out[0] = '\0';
  for (unsigned i = 0; i < PCAP_COUNT && o < outsz; i++) {
    if (!((want >> i) & 1u)) continue;
    n++;
    const char *fn = k->fn[i];
    int call = fn[0] && fn[0] != '$' && fn[0] != '`';
    char where[24] = "";
    if (!same) snprintf(where, sizeof where, ", line %u", k->line[i]);
    int w = snprintf(out + o, outsz - o, "%s%s (%s%s%s)", n == 1 ? "" : n == total ? " and " : ", ", cap_words[i],
                     fn, call ? "()" : "", where);
    if (w < 0) break;
    o += (size_t)w;
  }
  if (same && total && o < outsz) snprintf(out + o, outsz - o, " (line %u)", first);
}

/* An HTML form with an input, in the file itself. */
static int has_form(const unsigned char *buf, size_t len) {
  return (memmem(buf, len, "<form", 5) || memmem(buf, len, "<FORM", 5)) &&
         (memmem(buf, len, "<input", 6) || memmem(buf, len, "<INPUT", 6) || memmem(buf, len, "<textarea", 9));
}

/* The file names a command shell: /bin/sh, /bin/bash, sh -i, cmd.exe. */
static int names_shell(const unsigned char *buf, size_t len) {
  static const char *const shells[] = {"/bin/sh", "/bin/bash", "sh -i", "cmd.exe", "CMD.EXE", "cmd /c"};
  for (size_t i = 0; i < sizeof shells / sizeof shells[0]; i++)
    if (memmem(buf, len, shells[i], strlen(shells[i]))) return 1;
  return 0;
}

void lang_php_caps_judge(lang_ctx *c, const unsigned char *buf, size_t len) {
  php_caps *k = c->pcaps;
  if (k && has(k, PCAP_NET, 0) && has(k, PCAP_CMD, 0) && !k->shell) k->shell = names_shell(buf, len);
  /* ... or has the web server run it: a #! script beside an Apache configuration that makes
   * a folder's files CGI programs (a way round disable_functions) */
  if (k && k->binary == 2 && has(k, PCAP_WRITE, 0) && !has(k, PCAP_CMD, 0) && !has(k, PCAP_EVAL, 0) &&
      (memmem(buf, len, "cgi-script", 10) || memmem(buf, len, "ExecCGI", 7)))
    lang_add_detection(c, "shellsift.lang.dropper", "webshell", 60, k->line[PCAP_WRITE],
                       "it carries a script for another interpreter (a #! line), writes files with %s() (line %u) "
                       "and an Apache configuration that runs them as CGI programs (cgi-script, ExecCGI): a CGI "
                       "shell, a known way round disable_functions (MITRE ATT&CK T1505.003)",
                       k->fn[PCAP_WRITE], k->line[PCAP_WRITE]);
  if (k && k->binary && has(k, PCAP_WRITE, 0) && (has(k, PCAP_CMD, 0) || has(k, PCAP_EVAL, 0))) {
    unsigned run = has(k, PCAP_CMD, 0) ? PCAP_CMD : PCAP_EVAL;
    lang_add_detection(c, "shellsift.lang.dropper", "webshell", 60, k->line[PCAP_WRITE],
                       "it carries %s in a literal, writes files with %s() (line %u) and runs "
                       "commands with %s%s (line %u)",
                       k->binary == 2 ? "a script for another interpreter (a #! line)" : "a native executable",
                       k->fn[PCAP_WRITE], k->line[PCAP_WRITE], k->fn[run], k->fn[run][0] != '`' ? "()" : "", k->line[run]);
  }
#ifdef SS_LANG_TRACE
  fprintf(stderr, "[caps] request %d present %x fed %x\n", k ? k->request : -1, k ? k->present : 0, k ? k->fed : 0);
#endif
  if (k && k->shell && has(k, PCAP_NET, 0) && has(k, PCAP_CMD, 0)) /* a reverse or bind shell */
    lang_add_detection(c, "shellsift.lang.reverse-shell", "webshell", 80, k->line[PCAP_CMD],
                       "remote shell: it opens a socket with %s() (line %u) and runs a command shell with %s%s (line %u)",
                       k->fn[PCAP_NET], k->line[PCAP_NET], k->fn[PCAP_CMD], k->fn[PCAP_CMD][0] != '`' ? "()" : "",
                       k->line[PCAP_CMD]);
  if (k && k->unser_line && k->gadget_line)
    lang_add_detection(c, "shellsift.lang.object-injection", "webshell", 75, k->unser_line,
                       "object injection: request input %s reaches unserialize() (line %u), and %s() of a class in "
                       "the file runs one of the object's properties with %s (line %u)",
                       k->unser_src, k->unser_line, k->gadget_method, k->gadget_sink, k->gadget_line);
  else if (k && k->prop_line && k->gadget_line && k->gadget_direct)
    lang_add_detection(c, "shellsift.lang.object-injection", "webshell", 80, k->prop_line,
                       "request input %s is stored in an object's property (line %u), and %s() of a class in the "
                       "file runs one of the object's properties with %s (line %u)",
                       k->prop_src, k->prop_line, k->gadget_method, k->gadget_sink, k->gadget_line);
  lang_php_dbdump_judge(c, buf, len); /* a dumper needs no request input */
  if (!k || !k->request) return;
  if (has(k, PCAP_MAIL, 1))
    lang_add_detection(c, "shellsift.lang.mailer", "webshell", 45, k->line[PCAP_MAIL],
                       "mailer: the request chooses the recipients, subject and body of the mail that mail() sends (line %u)",
                       k->line[PCAP_MAIL]);
  char what[LANG_DESC_MAX - 96];
  int changes = has(k, PCAP_WRITE, 1) || has(k, PCAP_DELETE, 1);
  int runs = has(k, PCAP_CMD, 0) || has(k, PCAP_EVAL, 0);
  int runs_fed = has(k, PCAP_CMD, 1) || has(k, PCAP_EVAL, 1);
  unsigned want = 0;
  if (has(k, PCAP_LIST, 1) && changes && runs && (runs_fed || has(k, PCAP_UPLOAD, 0))) {
    want = k->present & ((1u << PCAP_LIST) | (1u << PCAP_WRITE) | (1u << PCAP_DELETE) | (1u << PCAP_CMD) |
                         (1u << PCAP_EVAL) | (1u << PCAP_UPLOAD) | (1u << PCAP_SQL) | (1u << PCAP_NET));
    describe(k, want, what, sizeof what);
    lang_add_detection(c, "shellsift.lang.webshell-kit", "webshell", 85, k->line[PCAP_LIST],
                       "web-shell kit: fed by the request, it %s", what);
  } else if (has(k, PCAP_LIST, 0) && (has(k, PCAP_WRITE, 0) || has(k, PCAP_DELETE, 0)) && runs && has(k, PCAP_UPLOAD, 0) &&
             has_form(buf, len)) {
    /* every capability of a kit, and the form that drives them in the same file: a library of functions has
     * the calls but not the page */
    want = k->present & ((1u << PCAP_LIST) | (1u << PCAP_WRITE) | (1u << PCAP_DELETE) | (1u << PCAP_CMD) |
                         (1u << PCAP_EVAL) | (1u << PCAP_UPLOAD) | (1u << PCAP_SQL) | (1u << PCAP_NET));
    describe(k, want, what, sizeof what);
    lang_add_detection(c, "shellsift.lang.webshell-kit", "webshell", 80, k->line[PCAP_LIST],
                       "web-shell kit: a page with a form that %s", what);
  } else if (has(k, PCAP_LIST, 0) && has(k, PCAP_WRITE, 0) && has(k, PCAP_DELETE, 0) && has(k, PCAP_EVAL, 0) &&
             __builtin_popcount(k->runners) >= 4) {
    /* a file manager that also runs code, and falls back from one command function to the next (system,
     * exec, passthru, popen...) until one works: how kits get round disable_functions */
    want = k->present & ((1u << PCAP_LIST) | (1u << PCAP_WRITE) | (1u << PCAP_DELETE) | (1u << PCAP_EVAL) |
                         (1u << PCAP_UPLOAD) | (1u << PCAP_SQL) | (1u << PCAP_NET));
    describe(k, want, what, sizeof what);
    char runners[96] = "";
    size_t o = 0;
    for (unsigned r = 0; r < sizeof runner_names / sizeof runner_names[0] && o < sizeof runners; r++)
      if ((k->runners >> r) & 1u)
        o += (size_t)snprintf(runners + o, sizeof runners - o, "%s%s%s", o ? ", " : "", runner_names[r],
                              r < 6 ? "()" : " backticks");
    lang_add_detection(c, "shellsift.lang.webshell-kit", "webshell", 80, k->line[PCAP_CMD],
                       "web-shell kit: it runs commands with whichever of %s works, and %s", runners, what);
  } else if (has(k, PCAP_LIST, 1) && has(k, PCAP_WRITE, 1) && has(k, PCAP_DELETE, 0) && has(k, PCAP_UPLOAD, 0)) {
    /* the request picks the folder listed and the file written; deleting is there (its path may come
     * through a helper the taint loses) */
    want = k->present & ((1u << PCAP_LIST) | (1u << PCAP_WRITE) | (1u << PCAP_DELETE) | (1u << PCAP_UPLOAD));
    describe(k, want, what, sizeof what);
    lang_add_detection(c, "shellsift.lang.file-manager", "webshell", 50, k->line[PCAP_LIST],
                       "file manager: fed by the request, it %s", what);
  }
}
