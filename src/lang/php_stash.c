/*
 * php_stash.c - PHP code assembled in a file that is not named as a
 * script, then loaded.
 *
 * file_put_contents('notes.html', "<?php\n"); file_put_contents('notes.html',
 * $code, FILE_APPEND); require 'notes.html';  A dropper writes a PHP
 * opening tag into a file with a harmless name (.html, .txt, .jpg), puts
 * code it holds in a variable after it, and includes the file: the code
 * runs, and the file it leaves looks like a page or a picture (MITRE
 * ATT&CK T1036.008, T1505.003).  Applications that compile code to a file
 * and include it (template and configuration caches) name it .php; one
 * fixed non-script name, written with a PHP tag and loaded by the same
 * file, is the disguise.  The code itself is not seen, so it is medium.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

static inline int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* A path whose extension PHP pages are served under: writing code there is a script write, not this. */
static int script_name(const char *p, size_t n) {
  static const char *const exts[] = {".php", ".phtml", ".php3", ".php4", ".php5", ".php7", ".phps", ".inc", ".pht"};
  const char *dot = NULL;
  for (size_t k = 0; k < n; k++)
    if (p[k] == '.') dot = p + k;
    else if (p[k] == '/' || p[k] == '\\') dot = NULL;
  if (!dot) return 0;
  size_t m = (size_t)(p + n - dot);
  for (size_t k = 0; k < sizeof exts / sizeof exts[0]; k++)
    if (strlen(exts[k]) == m && strncasecmp(dot, exts[k], m) == 0) return 1;
  return 0;
}

/* The literal at st[s] opens PHP and holds no code of its own: "<?php\n", '<?php ' . $code. */
static int opening_tag_only(const lang_ctx *c, size_t s, size_t e) {
  const token *t = &c->st[s];
  if (t->kind != TK_STR || (t->flags & TF_INTERP) || t->len < 2 || t->len > 16) return 0;
  const char *v = tok_text(c, t);
  size_t i = 0;
  while (i < t->len && (v[i] == ' ' || v[i] == '\t' || v[i] == '\r' || v[i] == '\n')) i++;
  if (i + 2 > t->len || v[i] != '<' || v[i + 1] != '?') return 0;
  i += 2;
  if (i + 3 <= t->len && strncasecmp(v + i, "php", 3) == 0) i += 3;
  for (; i < t->len; i++)
    if (!(v[i] == ' ' || v[i] == '\t' || v[i] == '\r' || v[i] == '\n')) return 0;
  return e == s + 1 || is_op(c, s + 1, "."); /* the tag alone, or the tag and what follows it */
}

void lang_php_stash_write(lang_ctx *c, const name_def *d, unsigned line, size_t a, size_t b) {
  php_caps *k = c->pcaps;
  size_t ps, pe, s, e;
  if (k->stash_line || !d->arg || !lang_arg_span(c, a, b, d->arg, &ps, &pe) || pe != ps + 1 ||
      c->st[ps].kind != TK_STR || (c->st[ps].flags & TF_INTERP) || c->st[ps].len == 0 ||
      c->st[ps].len >= sizeof k->stash || script_name(tok_text(c, &c->st[ps]), c->st[ps].len) ||
      !lang_arg_span(c, a, b, 2, &s, &e) || !opening_tag_only(c, s, e))
    return;
  snprintf(k->stash, sizeof k->stash, "%s", tok_text(c, &c->st[ps]));
  snprintf(k->stash_fn, sizeof k->stash_fn, "%s", d->name);
  k->stash_line = c->level ? c->outer_line : line;
}

int lang_php_stash_include(lang_ctx *c, const char *path, const char *display, unsigned line) {
  php_caps *k = c->pcaps;
  if (!k->stash_line || !path || strcmp(path, k->stash) != 0) return 0;
  lang_add_detection(c, "shellsift.lang.dropper", "webshell", 55, line,
                     "%s() writes a PHP opening tag into %s, a file not named as a script (line %u), and %s loads "
                     "it (line %u): code put after the tag runs from a file that looks like something else",
                     k->stash_fn, k->stash, k->stash_line, display, line);
  return 1;
}
