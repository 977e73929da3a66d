/*
 * iis_adsi.c - the IIS metabase edited from the request through ADSI
 * (classic ASP, ASP.NET):
 *
 *   Set vd = GetObject("IIS://localhost/W3SVC/1/Root").Create("IIsWebVirtualDir", Request("n"))
 *   vd.Path = Request("dir")                        or  vd.Put "Path", Request("dir")
 *   de = new DirectoryEntry("IIS://localhost/W3SVC/1/Root/app"); de.Properties["Path"].Value = Request["d"];
 *
 * A virtual directory mapped to a folder the visitor picks serves that
 * folder, scripts run: the way to run a file dropped anywhere on the disk.
 * No application re-points its own site from what a visitor sends.
 */
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

int lang_iis_page(const unsigned char *buf, size_t len) {
  return memmem(buf, len, "IIS://", 6) != NULL || memmem(buf, len, "iis://", 6) != NULL;
}

static inline int op_at(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

static int ends_with(const lang_ctx *c, const token *t, const char *tail) {
  size_t n = strlen(tail);
  return t->kind == TK_IDENT && t->len > n && memcmp(tok_text(c, t) + t->len - n, tail, n) == 0;
}

/* A metabase property that decides what a virtual directory serves and runs. */
static int serving_property(const lang_ctx *c, const token *t) {
  if (t->kind != TK_STR) return 0;
  const char *s = tok_text(c, t);
  return (t->len == 4 && strncasecmp(s, "path", 4) == 0) || (t->len == 10 && strncasecmp(s, "scriptmaps", 10) == 0);
}

static void report(lang_ctx *c, size_t a, size_t b, const char *how) {
  taint t = {0};
  if (b <= a || !lang_input_taint(c, NULL, a, b, &t) || (t.flags & (TA_CALLED | TA_WEAK))) return;
  lang_add_detection(c, "shellsift.lang.server-config", "webshell", 80, c->st[0].line,
                     "request input %s reaches what an IIS virtual directory serves (ADSI IIS:// metabase, %s): a "
                     "folder the request chooses is served and its scripts run (line %u)",
                     t.src, how, c->st[0].line);
}

void lang_iis_adsi_statement(lang_ctx *c) {
  if (!c->iis_page || c->nst < 3 || (c->syn != SYN_VB && c->syn != SYN_JSCRIPT && c->syn != SYN_CSHARP)) return;
  size_t at = tok_is(c, &c->st[0], TK_IDENT, "set") ? 1 : 0, n = c->nst;
  if (op_at(c, n - 1, ";")) n--;
  const token *t = &c->st[at];
  if (ends_with(c, t, ".path") && op_at(c, at + 1, "=")) { /* vd.Path = x */
    report(c, at + 2, n, "Path");
    return;
  }
  if (ends_with(c, t, ".put")) { /* vd.Put "Path", x  /  vd.Put("Path", x)  /  vd.Put ("Path"), x */
    size_t a = at + 1, b = n, s1, e1, s2, e2;
    if (op_at(c, a, "(") && lang_match_close(c, a) == n - 1) a++, b--;
    if (!lang_arg_span(c, a, b, 1, &s1, &e1) || !lang_arg_span(c, a, b, 2, &s2, &e2)) return;
    while (e1 > s1 + 2 && op_at(c, s1, "(") && op_at(c, e1 - 1, ")")) s1++, e1--;
    if (e1 == s1 + 1 && serving_property(c, &c->st[s1])) report(c, s2, e2, "Put");
    return;
  }
  if (ends_with(c, t, ".properties") && op_at(c, at + 1, "[") && at + 3 < n && serving_property(c, &c->st[at + 2]) &&
      op_at(c, at + 3, "]")) { /* de.Properties["Path"].Value = x, de.Properties["Path"][0] = x */
    for (size_t k = at + 4; k + 1 < n && k < at + 10; k++)
      if (op_at(c, k, "=")) {
        report(c, k + 1, n, "DirectoryEntry.Properties");
        return;
      }
  }
}

/* $site->AnonymousUserPass, site.WAMUserPass, de.Properties["AnonymousUserPass"], .Get("AnonymousUserPass"):
 * on a page that opens an IIS:// metabase path, a password IIS keeps for a site's anonymous or out-of-process
 * user, read back in clear (IIS Spy-style pages list every site's).  Applications never ask for it. */
void lang_iis_cred_statement(lang_ctx *c) {
  static const struct { const char *name; size_t n; const char *display; } props[] = {
      {"anonymoususerpass", 17, "AnonymousUserPass"}, {"wamuserpass", 11, "WAMUserPass"}};
  if (c->caps.iis_cred_line) return;
  for (size_t i = 0; i < c->nst && !c->iis_page; i++) /* the metabase path spelled in pieces or encoded, folded */
    c->iis_page = c->st[i].kind == TK_STR && c->st[i].len > 6 && strncasecmp(tok_text(c, &c->st[i]), "iis://", 6) == 0;
  if (!c->iis_page) return;
  for (size_t i = 0; i < c->nst; i++) {
    const token *t = &c->st[i];
    if ((t->kind != TK_IDENT && t->kind != TK_STR) || t->len < 11) continue;
    const char *s = tok_text(c, t);
    for (size_t k = 0; k < sizeof props / sizeof props[0]; k++) {
      size_t n = props[k].n;
      /* a member's name (after '.' or '->'), or the whole literal a property is asked for by */
      int hit = t->kind == TK_STR ? t->len == n && strncasecmp(s, props[k].name, n) == 0
                                  : t->len >= n && strncasecmp(s + t->len - n, props[k].name, n) == 0 &&
                                        (t->len == n ? i > 0 && tok_is(c, &c->st[i - 1], TK_OP, "->") : s[t->len - n - 1] == '.');
      if (hit) {
        c->caps.iis_cred_line = c->level ? c->outer_line : t->line;
        c->caps.iis_cred_what = props[k].display;
        return;
      }
    }
  }
}
