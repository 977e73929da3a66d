/*
 * jsp_parts.c - JSP files another page puts together: a static-include
 * fragment (.jspf, .inc) and a tag file (.tag, .tagx).  Their code runs
 * with what the page that uses them hands over, which the file itself
 * never shows:
 *
 *  - a tag file's declared attributes (<%@ attribute name="cmd" %>,
 *    <jsp:directive.attribute name="cmd"/>) are set by the page that uses
 *    the tag, from the request as often as not; in the tag's scriptlets
 *    they are plain variables.  They are read as input that came through a
 *    caller we cannot see (TA_CALLED: medium, as any call we cannot see
 *    into).
 *  - a declared method (<%! String run(String c) { ... exec(c) ... } %>)
 *    that runs its parameter as a command or code, in a file that never
 *    calls it, is a runner waiting for the page that includes the file.
 *
 * Both read the raw page with bounded memmem/memchr loops.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

/* Case-insensitive search for lit in [p, end); NULL if absent. */
static const unsigned char *find_ci(const unsigned char *p, const unsigned char *end, const char *lit) {
  size_t n = strlen(lit);
  for (; (size_t)(end - p) >= n; p++)
    if ((*p | 0x20) == (lit[0] | 0x20) && strncasecmp((const char *)p, lit, n) == 0) return p;
  return NULL;
}

static void taint_attribute(lang_ctx *c, const unsigned char *v, size_t n, unsigned line) {
  char low[48];
  if (!n || n >= sizeof low) return;
  for (size_t k = 0; k < n; k++) {
    if (!lang_lex_ident_char(v[k])) return;
    low[k] = (char)tolower(v[k]);
  }
  low[n] = '\0';
  sym *s = lang_sym_get(c, low, n, 1);
  if (!s) return;
  memset(&s->t, 0, sizeof s->t);
  snprintf(s->t.src, sizeof s->t.src, "the tag attribute %.32s", low);
  s->t.flags = TA_PURE | TA_CALLED;
  s->t.line = line;
  s->has_taint = 1;
  s->has_const = 0;
}

void lang_jsp_tag_inputs(lang_ctx *c, const unsigned char *buf, size_t len) {
  static const char *const directives[] = {"<%@ attribute", "<%@attribute", "<jsp:directive.attribute"};
  const unsigned char *end = buf + len;
  if (!memmem(buf, len, "ttribute", 8)) return; /* the cheap no for every other page */
  for (size_t d = 0; d < sizeof directives / sizeof directives[0]; d++) {
    int taken = 0;
    for (const unsigned char *q = buf; taken < 32 && (q = find_ci(q, end, directives[d])) != NULL; taken++) {
      const unsigned char *gt = memchr(q, '>', (size_t)(end - q));
      if (!gt) break;
      const unsigned char *nm = find_ci(q, gt, " name");
      if (nm) {
        const unsigned char *v = nm + 5;
        while (v < gt && (*v == ' ' || *v == '=')) v++;
        if (v < gt && (*v == '"' || *v == '\'')) {
          const unsigned char *close = memchr(v + 1, *v, (size_t)(gt - v - 1));
          unsigned line = 1;
          for (const unsigned char *r = buf; r < q; r++) line += *r == '\n';
          if (close) taint_attribute(c, v + 1, (size_t)(close - v - 1), line);
        }
      }
      q = gt;
    }
  }
}

void lang_jsp_note_params(lang_ctx *c, size_t open) {
  size_t close = lang_match_close(c, open), last = 0;
  int depth = 0;
  c->njparams = 0;
  for (size_t i = open + 1; i <= close && i < c->nst; i++) {
    const token *t = &c->st[i];
    if (i < close && (tok_is(c, t, TK_OP, "<") || tok_opens(c, t))) depth++;
    else if (i < close && (tok_is(c, t, TK_OP, ">") || tok_closes(c, t))) depth--;
    else if (t->kind == TK_IDENT && depth == 0) last = i;
    if ((i == close || (depth == 0 && tok_is(c, t, TK_OP, ","))) && last) {
      const token *p = &c->st[last];
      if (c->njparams < 4 && p->len < sizeof c->jparams[0]) {
        memcpy(c->jparams[c->njparams], tok_text(c, p), p->len);
        c->jparams[c->njparams++][p->len] = '\0';
      }
      last = 0;
    }
  }
}

void lang_jsp_param_sink(lang_ctx *c, const name_def *d, size_t a, size_t b) {
  if (d->id != SK_CMD && d->id != SK_CODE && d->id != SK_LOAD) return;
  for (size_t i = a; i < b && i < c->nst; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_IDENT) continue;
    for (uint8_t k = 0; k < c->njparams; k++)
      if (strlen(c->jparams[k]) == t->len && memcmp(c->jparams[k], tok_text(c, t), t->len) == 0) {
        c->wrappers[c->fn - 1].param_runs = 1;
        return;
      }
  }
}

/* How many times name( (any case, blanks allowed before the parenthesis)
 * occurs in [buf, buf+len), counting at most 2. */
static int calls_of(const unsigned char *buf, size_t len, const char *name) {
  size_t n = strlen(name);
  int found = 0;
  const unsigned char *end = buf + len;
  for (const unsigned char *q = buf; found < 2 && (q = find_ci(q, end, name)) != NULL; q += n) {
    if (q > buf && lang_lex_ident_char(q[-1])) continue;
    const unsigned char *e = q + n;
    while (e < end && (*e == ' ' || *e == '\t')) e++;
    if (e < end && *e == '(') found++;
  }
  return found;
}

void lang_jsp_uncalled_runners(lang_ctx *c, const unsigned char *buf, size_t len) {
  if (c->syn != SYN_JAVA || !c->sink_wrappers || !memmem(buf, len, "<%!", 3)) return;
  for (size_t k = 0; k < c->nwrappers; k++) {
    const wrapper *w = &c->wrappers[k];
    /* a parameter reaches the sink (TA_PARAM), not just a sink inside it (ProcessBuilder("uptime")) */
    if (!w->sink || !w->param_runs ||
        (w->sink->id != SK_CMD && w->sink->id != SK_CODE && w->sink->id != SK_LOAD))
      continue;
    if (!w->name[0] || calls_of(buf, len, w->name) > 1) continue; /* its declaration is the one */
    const char *rule = w->sink->id == SK_CMD ? "shellsift.lang.command-exec"
                       : w->sink->id == SK_CODE ? "shellsift.lang.code-exec"
                                                : "shellsift.lang.code-load";
    lang_add_detection(c, rule, "webshell", 60, 0,
                       "the declared method %s() hands its parameter to %s, and nothing in this file calls it: a "
                       "runner for the page that includes this file",
                       w->name, w->sink->display);
    return;
  }
}
