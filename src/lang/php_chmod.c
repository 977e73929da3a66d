/*
 * php_chmod.c - a page that makes a file the request names writable by
 * everyone: chmod($_GET['path'], 0777).  Nothing runs, but any account on
 * the host (the web server's own, another site's shell) can then rewrite
 * the file: permission changers are a classic of shell kits and their
 * one-purpose helpers (MITRE ATT&CK T1222.002).  Applications change the
 * mode of paths they chose themselves (a cache, an upload they stored), so
 * only the request naming the whole path counts, with a constant mode that
 * gives write access to others.  Reported medium: no code or command is
 * proven to run.
 */
#include "lang/analyze.h"

void lang_php_chmod_statement(lang_ctx *c) {
  for (size_t i = 0; i + 4 < c->nst; i++) {
    const token *f = &c->st[i];
    if (!tok_is(c, f, TK_IDENT, "chmod") || !tok_is(c, &c->st[i + 1], TK_OP, "(") ||
        (i > 0 && (tok_is(c, &c->st[i - 1], TK_OP, "->") || tok_is(c, &c->st[i - 1], TK_OP, "::"))))
      continue;
    size_t close = lang_match_close(c, i + 1), s, e, ms, me;
    taint t;
    if (close >= c->nst || !lang_arg_span(c, i + 2, close, 1, &s, &e) || !lang_arg_span(c, i + 2, close, 2, &ms, &me) ||
        me != ms + 1 || c->st[ms].kind != TK_NUM || !(c->st[ms].num & 02) || !lang_span_taint(c, s, e, &t) ||
        (t.flags & (TA_WEAK | TA_CALLED | TA_TMPNAME | TA_UPNAME)) || !(t.flags & TA_PURE))
      continue;
    unsigned line = c->level ? c->outer_line : f->line;
    lang_add_detection(c, "shellsift.lang.permission-change", "webshell", 50, line,
                       "request input %s names the file chmod() makes writable by every account on the host "
                       "(mode 0%llo, line %u; MITRE ATT&CK T1222.002)",
                       t.src, (unsigned long long)c->st[ms].num, line);
    return;
  }
}
