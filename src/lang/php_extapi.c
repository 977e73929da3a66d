/*
 * php_extapi.c - PHP extension APIs and stream wrappers that run, write or
 * load what the request sends, beyond the sink table of names.c:
 *
 *   - FFI::cdef()/FFI::load() objects: their methods are C functions
 *     (names.c rows "ffi.system", "ffi.popen" ...);
 *   - the expect:// wrapper (a command), include of an uploaded file or of
 *     a phar:// inside one (code), php://filter write chains and server
 *     configuration files (.htaccess, .user.ini) as write targets;
 *   - imap_open() with -oProxyCommand (CVE-2018-19518), mail()'s fifth
 *     parameter (sendmail options: -X writes a file), pcntl_exec() of a
 *     shell with the command in its argument array;
 *   - SQLite3::createFunction()/PDO::sqliteCreateFunction() registering
 *     system() or eval as an SQL function a request query then calls;
 *   - XSLTProcessor/DOMXPath registerPHPFunctions() with no list (any PHP
 *     function callable) and a stylesheet or XPath from the request;
 *   - Phar::setStub() of request input (PHP run when the archive loads).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

static inline int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* Request input in st[s, e) that did not pass through a function we cannot see. */
static int fed(lang_ctx *c, size_t s, size_t e, taint *t) {
  return s < e && lang_input_taint(c, NULL, s, e, t) && !(t->flags & TA_CALLED);
}

/* The first token of st[s, e) past its opening parentheses. */
static size_t first_tok(const lang_ctx *c, size_t s, size_t e) {
  while (s < e && is_op(c, s, "(")) s++;
  return s;
}

/* st[s] is a literal starting with prefix (case-insensitive). */
static int lit_starts(const lang_ctx *c, size_t s, size_t e, const char *prefix) {
  size_t n = strlen(prefix);
  return s < e && c->st[s].kind == TK_STR && c->st[s].len >= n && strncasecmp(tok_text(c, &c->st[s]), prefix, n) == 0;
}

/* Some literal of st[s, e) contains needle (case-insensitive). */
static int lit_has(const lang_ctx *c, size_t s, size_t e, const char *needle) {
  for (size_t k = s; k < e && k < c->nst; k++)
    if (c->st[k].kind == TK_STR && c->st[k].len >= strlen(needle) && strcasestr(tok_text(c, &c->st[k]), needle))
      return 1;
  return 0;
}

/* The code or command sink a literal names ('system', 'assert'), or NULL. */
static const name_def *named_sink(const lang_ctx *c, const token *t) {
  char low[32];
  if (t->kind != TK_STR || (t->flags & TF_INTERP) || !t->len || t->len >= sizeof low) return NULL;
  lang_lower_copy(low, sizeof low, tok_text(c, t), t->len);
  const name_def *d = lang_names_lookup(low[0] == '\\' ? low + 1 : low, strlen(low[0] == '\\' ? low + 1 : low),
                                        SYN_PHP);
  return d && d->kind == N_SINK && (d->id == SK_CMD || d->id == SK_CODE) ? d : NULL;
}

int lang_php_ffi_type(lang_ctx *c, size_t a, size_t b, char *out, size_t outsz) {
  if (a + 3 >= b || !is_op(c, a + 1, "::") || !is_op(c, a + 3, "(")) return 0;
  if (!tok_is(c, &c->st[a], TK_IDENT, "ffi") && !tok_is(c, &c->st[a], TK_IDENT, "\\ffi")) return 0;
  const token *m = &c->st[a + 2];
  if (!tok_is(c, m, TK_IDENT, "cdef") && !tok_is(c, m, TK_IDENT, "load") && !tok_is(c, m, TK_IDENT, "scope")) return 0;
  snprintf(out, outsz, "ffi");
  return 1;
}

/* A shell's path or name: /bin/sh, bash, cmd.exe ... */
static int names_shell(const lang_ctx *c, size_t s, size_t e) {
  static const char *const shells[] = {"sh", "bash", "dash", "zsh", "ksh", "csh", "tcsh", "ash", "busybox", "cmd.exe",
                                       "powershell.exe", "cmd", "powershell"};
  s = first_tok(c, s, e);
  if (e != s + 1 || c->st[s].kind != TK_STR || (c->st[s].flags & TF_INTERP)) return 0;
  const char *p = tok_text(c, &c->st[s]), *slash = strrchr(p, '/'), *bs = strrchr(p, '\\');
  if (bs > slash) slash = bs;
  const char *base = slash ? slash + 1 : p;
  for (size_t k = 0; k < sizeof shells / sizeof shells[0]; k++)
    if (strcasecmp(base, shells[k]) == 0) return 1;
  return 0;
}

/* A sendmail option that writes or reads a file, in text: -X logfile, -C config, -O option=... */
static int mail_option(const char *p, size_t n, int only_x) {
  for (size_t k = 0; k + 1 < n; k++)
    if (p[k] == '-' && (p[k + 1] == 'X' || (!only_x && (p[k + 1] == 'C' || p[k + 1] == 'O'))) &&
        (k == 0 || p[k - 1] == ' ' || p[k - 1] == '\t' || p[k - 1] == '\'' || p[k - 1] == '"'))
      return 1;
  return 0;
}

/* A literal of st[s, e) carries -X, the option that writes the message to a file. */
static int lit_x_option(const lang_ctx *c, size_t s, size_t e) {
  for (size_t k = s; k < e && k < c->nst; k++)
    if (c->st[k].kind == TK_STR && mail_option(tok_text(c, &c->st[k]), c->st[k].len, 1)) return 1;
  return 0;
}

/* st[s, e) carries such an option in a literal, or (a variable built
 * elsewhere) the file carries -X, the one that writes. */
static int has_mail_option(const lang_ctx *c, size_t s, size_t e) {
  for (size_t k = s; k < e && k < c->nst; k++) {
    if (c->st[k].kind == TK_STR && mail_option(tok_text(c, &c->st[k]), c->st[k].len, 0)) return 1;
    if (c->st[k].kind == TK_VAR && c->buf && mail_option((const char *)c->buf, c->len, 1)) return 1;
  }
  return 0;
}

/* The file's bytes contain needle, case-insensitively (needle lower-case). */
static int file_has(const lang_ctx *c, const char *needle) {
  size_t n = strlen(needle);
  if (!c->buf || c->len < n) return 0;
  for (size_t k = 0; k + n <= c->len; k++)
    if ((c->buf[k] | 0x20) == needle[0] && strncasecmp((const char *)c->buf + k, needle, n) == 0) return 1;
  return 0;
}

void lang_php_ext_call(lang_ctx *c, size_t i, size_t a, size_t b, unsigned line) {
  const token *t = &c->st[i];
  size_t s, e;
  taint in;
  /* fopen("expect://" . $cmd), file_get_contents('expect://...'): the wrapper runs the command */
  if (lit_starts(c, a, b, "expect://") && lang_arg_span(c, a, b, 1, &s, &e) && fed(c, s, e, &in)) {
    lang_add_detection(c, "shellsift.lang.command-exec", "webshell", 90, line,
                       "request input %s is run as a command through the expect:// stream wrapper by %s() (line %u)",
                       in.src, tok_text(c, t), line);
    return;
  }
  switch (t->len) {
  case 5:
  case 17: /* $u = 'expect://' . $cmd; fopen($u, 'r'): the variable, in a file that names the wrapper */
    if ((tok_is(c, t, TK_IDENT, "fopen") || tok_is(c, t, TK_IDENT, "file_get_contents")) &&
        lang_arg_span(c, a, b, 1, &s, &e) && e == s + 1 && c->st[s].kind == TK_VAR && fed(c, s, e, &in) &&
        file_has(c, "expect://"))
      lang_add_detection(c, "shellsift.lang.command-exec", "webshell", 85, line,
                         "request input %s is run as a command through the expect:// stream wrapper by %s() (line %u)",
                         in.src, tok_text(c, t), line);
    return;
  case 4:
    if (!tok_is(c, t, TK_IDENT, "mail")) return;
    break;
  case 9:
    if (!tok_is(c, t, TK_IDENT, "imap_open")) return;
    /* imap_open('{x -oProxyCommand=...}'): the server string's option starts a command (CVE-2018-19518) */
    if (!lang_arg_span(c, a, b, 1, &s, &e)) return;
    if (fed(c, s, e, &in) && (lit_has(c, s, e, "proxycommand") || file_has(c, "proxycommand")))
      lang_add_detection(c, "shellsift.lang.command-exec", "webshell", 90, line,
                         "request input %s reaches a command through imap_open()'s -oProxyCommand mailbox option "
                         "(CVE-2018-19518) (line %u)", in.src, line);
    else if (lit_has(c, s, e, "proxycommand"))
      lang_add_detection(c, "shellsift.lang.command-exec", "webshell", 70, line,
                         "imap_open() is given a mailbox with -oProxyCommand, which runs a command (CVE-2018-19518) "
                         "(line %u)", line);
    return;
  case 10:
    if (!tok_is(c, t, TK_IDENT, "pcntl_exec")) return;
    /* pcntl_exec('/bin/sh', array('-c', $cmd)): the shell runs the argument */
    if (lang_arg_span(c, a, b, 1, &s, &e) && names_shell(c, s, e) && lang_arg_span(c, a, b, 2, &s, &e) &&
        fed(c, s, e, &in))
      lang_add_detection(c, "shellsift.lang.command-exec", "webshell", 90, line,
                         "request input %s reaches a shell started by pcntl_exec() (line %u)", in.src, line);
    return;
  case 12:
    if (!tok_is(c, t, TK_IDENT, "mb_send_mail")) return;
    c->mail_file = 1; /* php_mailer.c reads statements from here on */
    break;
  default:
    return;
  }
  /* mail(to, subject, body, headers, params): params are sendmail options, and
   * -X logs the message (the request's text) into a file anywhere, -C reads a
   * configuration: a request that chooses them writes files */
  if (!lang_arg_span(c, a, b, 5, &s, &e)) return;
  if (!fed(c, s, e, &in)) {
    /* a fixed -X log (the PHPMailer CVE-2016-10033 form): sendmail writes the whole message, request text
     * included, into the file it names; no mail an application sends logs itself so */
    size_t ms, me;
    for (unsigned k = 1; k <= 4; k++)
      if (lang_arg_span(c, a, b, k, &ms, &me) && fed(c, ms, me, &in) && lit_x_option(c, s, e)) {
        lang_add_detection(c, "shellsift.lang.uploader", "uploader", 75, line,
                           "request input %s is written into a file by %s()'s sendmail option -X (its fifth "
                           "parameter logs the whole message to a file) (line %u)", in.src, tok_text(c, t), line);
        return;
      }
    return;
  }
  if ((in.flags & TA_PURE) || has_mail_option(c, s, e))
    lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                       "request input %s chooses the sendmail options of %s() (its fifth parameter: -X writes a "
                       "file anywhere) (line %u)", in.src, tok_text(c, t), line);
}

int lang_php_include_upload(lang_ctx *c, const char *display, unsigned line, size_t a, size_t b) {
  taint in;
  size_t f = first_tok(c, a, b);
  if (lit_has(c, f, f + 1, "php://input")) {
    /* include 'php://input', or through php://filter/.../resource=php://input: the request body is the code */
    lang_add_detection(c, "shellsift.lang.code-exec", "webshell", 90, line,
                       "request input (the body, %.60s) reaches %s and is run as PHP code (line %u)",
                       tok_text(c, &c->st[f]), display, line);
    return 1;
  }
  if (lit_starts(c, f, b, "phar://") && (fed(c, f + 1, b, &in) || ((c->st[f].flags & TF_INTERP) && fed(c, f, f + 1, &in)))) {
    /* 'phar://' . $_GET['p'], "phar://{$_GET['p']}/x.php" */
    lang_add_detection(c, "shellsift.lang.code-exec", "webshell", 85, line,
                       "request input %s chooses the archive %s loads PHP code from through phar:// (line %u)",
                       in.src, display, line);
    return 1;
  }
  const php_caps *k = c->pcaps;
  if (f + 1 == b && c->st[f].kind == TK_VAR && k->written[0] == '$' && strlen(k->written) == c->st[f].len &&
      memcmp(k->written, tok_text(c, &c->st[f]), c->st[f].len) == 0) { /* file_put_contents($n, $x); include $n */
    lang_add_detection(c, "shellsift.lang.code-exec", "webshell", 85, line,
                       "request input %s is written to the file in %s by %s() (line %u) and run as code by %s "
                       "(line %u)", k->written_src, k->written, k->written_fn, k->written_line, display, line);
    return 1;
  }
  if (!fed(c, a, b, &in) || (in.flags & TA_UPNAME)) return 0;
  if (!(in.flags & TA_TMPNAME) && !((in.flags & TA_PURE) && strncmp(in.src, "$_FILES", 7) == 0)) return 0;
  lang_add_detection(c, "shellsift.lang.code-exec", "webshell", 85, line,
                     "the uploaded file %s is loaded and run as PHP code by %s (line %u)", in.src, display, line);
  return 1;
}

void lang_php_config_write(lang_ctx *c, const name_def *d, const char *display, unsigned line, size_t a, size_t b) {
  size_t ps, pe, s, e;
  taint in;
  if (!d->arg || !lang_arg_span(c, a, b, d->arg, &ps, &pe)) return;
  size_t f = first_tok(c, ps, pe);
  /* file_put_contents("php://filter/write=convert.base64-decode/resource=" . $f, $data) */
  if (lit_starts(c, f, pe, "php://filter") && fed(c, f + 1, pe, &in)) {
    lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                       "request input %s chooses the file a php://filter chain writes with %s (line %u)", in.src,
                       display, line);
    return;
  }
  /* the last literal of the path names a file that decides what runs as PHP */
  const token *last = NULL;
  for (size_t k = ps; k < pe; k++)
    if (c->st[k].kind == TK_STR) last = &c->st[k];
  if (!last || last->len < 8) return;
  const char *p = tok_text(c, last);
  const char *which = last->len >= 9 && strcasecmp(p + last->len - 9, ".htaccess") == 0   ? ".htaccess"
                      : last->len >= 9 && strcasecmp(p + last->len - 9, ".user.ini") == 0 ? ".user.ini"
                                                                                            : NULL;
  if (!which || d->arg != 1 || !lang_arg_span(c, a, b, 2, &s, &e) || !fed(c, s, e, &in)) return;
  lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                     "request input %s is written by %s into %s, a server configuration file that decides which "
                     "files run as PHP (line %u)", in.src, display, which, line);
}

/* $db->createFunction('e', 'system'): noted; $db->query("select e('" . $x . "')") later */
static void sql_function(lang_ctx *c, size_t i, size_t a, size_t b, unsigned line) {
  php_caps *k = c->pcaps;
  size_t s, e, ns, ne;
  taint in;
  if (tok_is(c, &c->st[i], TK_IDENT, "createfunction") || tok_is(c, &c->st[i], TK_IDENT, "sqlitecreatefunction")) {
    const name_def *d;
    if (k->nsqlfn >= sizeof k->sqlfn / sizeof k->sqlfn[0] || !lang_arg_span(c, a, b, 1, &ns, &ne) || ne != ns + 1 || c->st[ns].kind != TK_STR ||
        !c->st[ns].len || c->st[ns].len >= sizeof k->sqlfn[0] || !lang_arg_span(c, a, b, 2, &s, &e) || e != s + 1 ||
        !(d = named_sink(c, &c->st[s])))
      return;
    lang_lower_copy(k->sqlfn[k->nsqlfn], sizeof k->sqlfn[0], tok_text(c, &c->st[ns]), c->st[ns].len);
    k->sqlfn_sink[k->nsqlfn] = d->display;
    k->sqlfn_by[k->nsqlfn] = c->st[i].len == 14 ? "SQLite3::createFunction()" : "PDO::sqliteCreateFunction()";
    k->nsqlfn++;
    return;
  }
  if (!k->nsqlfn || !fed(c, a, b, &in)) return;
  for (unsigned n = 0; n < k->nsqlfn; n++) {
    char call[32];
    snprintf(call, sizeof call, "%s(", k->sqlfn[n]);
    if (!lit_has(c, a, b, call)) continue;
    lang_add_detection(c, "shellsift.lang.command-exec", "webshell", 90, line,
                       "request input %s reaches %s through the SQL function %s() that %s registers (line %u)", in.src,
                       k->sqlfn_sink[n], k->sqlfn[n], k->sqlfn_by[n], line);
    return;
  }
}

/* registerPHPFunctions(): with no list, or a list naming a sink, an XSLT
 * stylesheet or an XPath expression may call it */
static void xml_functions(lang_ctx *c, size_t i, size_t a, size_t b, unsigned line) {
  php_caps *k = c->pcaps;
  taint in;
  const token *m = &c->st[i];
  if (tok_is(c, m, TK_IDENT, "registerphpfunctions")) {
    int open = a >= b;
    for (size_t q = a; q < b && !open; q++) open = named_sink(c, &c->st[q]) != NULL;
    if (open && !k->xreg_line) k->xreg_line = line;
    return;
  }
  if (tok_is(c, m, TK_IDENT, "evaluate") || tok_is(c, m, TK_IDENT, "query")) { /* DOMXPath: the expression */
    size_t s, e;
    if (!k->xin_line && lang_arg_span(c, a, b, 1, &s, &e) && fed(c, s, e, &in) && (in.flags & TA_PURE)) {
      k->xin_line = line;
      snprintf(k->xin_src, sizeof k->xin_src, "%.47s", in.src);
      snprintf(k->xin_how, sizeof k->xin_how, "as an XPath expression");
    }
    return;
  }
  size_t obj = i >= 2 && c->st[i - 2].kind == TK_VAR ? i - 2 : SIZE_MAX;
  if ((tok_is(c, m, TK_IDENT, "loadxml") || tok_is(c, m, TK_IDENT, "load")) && obj != SIZE_MAX) {
    if (k->nxmlvar < sizeof k->xmlvar / sizeof k->xmlvar[0] && c->st[obj].len < sizeof k->xmlvar[0] && fed(c, a, b, &in)) {
      memcpy(k->xmlvar[k->nxmlvar], tok_text(c, &c->st[obj]), c->st[obj].len);
      k->xmlvar[k->nxmlvar][c->st[obj].len] = '\0';
      snprintf(k->xmlvar_src[k->nxmlvar], sizeof k->xmlvar_src[0], "%.47s", in.src);
      k->nxmlvar++;
    }
    return;
  }
  if (tok_is(c, m, TK_IDENT, "importstylesheet") && b == a + 1 && c->st[a].kind == TK_VAR && !k->xin_line) {
    for (unsigned n = 0; n < k->nxmlvar; n++)
      if (strlen(k->xmlvar[n]) == c->st[a].len && memcmp(k->xmlvar[n], tok_text(c, &c->st[a]), c->st[a].len) == 0) {
        k->xin_line = line;
        snprintf(k->xin_src, sizeof k->xin_src, "%s", k->xmlvar_src[n]);
        snprintf(k->xin_how, sizeof k->xin_how, "as an XSLT stylesheet");
        return;
      }
  }
}

void lang_php_ext_method(lang_ctx *c, size_t i, size_t a, size_t b, unsigned line) {
  const token *m = &c->st[i];
  taint in;
  switch (m->len) { /* most method calls leave here: the lengths of the names below */
  case 4: case 5: case 7: case 8: case 10: case 11: case 14: case 16: case 20:
    break;
  default:
    return;
  }
  switch (tok_text(c, m)[0]) {
  case 'c': case 'q': case 'p': case 'e': case 's':
    sql_function(c, i, a, b, line);
    if (tok_is(c, m, TK_IDENT, "setstub") && fed(c, a, b, &in))
      lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                         "request input %s becomes the stub of a Phar archive: PHP code that runs when the archive "
                         "is loaded (line %u)", in.src, line);
    __attribute__((fallthrough)); /* query and evaluate are XPath's too */
  case 'r': case 'l': case 'i':
    xml_functions(c, i, a, b, line);
    break;
  default:
    break;
  }
}

void lang_php_ext_judge(lang_ctx *c) {
  const php_caps *k = c->pcaps;
  if (!k->xreg_line || !k->xin_line) return;
  lang_add_detection(c, "shellsift.lang.code-exec", "webshell", 85, k->xin_line,
                     "request input %s is used %s (line %u) where registerPHPFunctions() (line %u) lets it call any "
                     "PHP function", k->xin_src, k->xin_how, k->xin_line, k->xreg_line);
}
