/*
 * php_unset_fn.c - a callback named by a variable the file never sets.
 *
 * array_udiff($a, $b, $e), array_map($f, $_POST['x']), usort($list, $cmp):
 * when the variable that names the function appears nowhere else in the
 * file (no assignment, no parameter, no `global`, no loop variable, and
 * the file includes nothing and extracts no array that could set it), the
 * file does not choose the function: with register_globals (PHP up to 5.3)
 * or an including page that copies the request into variables, the request
 * names it (?e=assert), and the request data the call is handed is its
 * argument.  The variable-function form $e($_POST['x']) is the built-in
 * rule php_variable_function_on_request when the request value is written
 * in the call; this is its callback form, and the direct call of a value
 * the request put in a variable first.
 * Applications name their callbacks in the file (a literal, a parameter, a
 * property): a name that comes from nowhere, handed request data, is a
 * shell's.
 */
#include <string.h>

#include "lang/analyze.h"

/* Where the code of the buffer being read starts: its first open tag (an
 * image or a page of HTML before it is no code), or 0 without one. */
static size_t code_start(const lang_ctx *c) {
  size_t at = lang_php_code_start(c->buf, c->len);
  return at < c->len ? at : 0;
}

/* How many times the variable name (as written: "$e") occurs in the
 * code being read as a whole word, up to 2. */
static int mentions(const lang_ctx *c, const char *name, size_t n) {
  int k = 0;
  const unsigned char *p = c->buf + code_start(c), *end = c->buf + c->len;
  while (k < 2 && p + n <= end && (p = memmem(p, (size_t)(end - p), name, n)) != NULL) {
    if (p + n >= end || !lang_lex_ident_char(p[n])) k++;
    p += n;
  }
  return k;
}

/* Ways a variable gets set without its name being written: another file
 * (include, require), extract() or parse_str() of an array, variable
 * variables.  A file that uses any of them may have set the name. */
static int sets_names_unseen(const lang_ctx *c) {
  static const char *const ways[] = {"include", "require", "extract", "parse_str", "$$", "${"};
  size_t at = code_start(c);
  for (size_t k = 0; k < sizeof ways / sizeof ways[0]; k++)
    if (memmem(c->buf + at, c->len - at, ways[k], strlen(ways[k]))) return 1;
  return 0;
}

/* Superglobals, $this and the old $HTTP_*_VARS arrays are set by PHP. */
static int set_by_php(const char *name, size_t n) {
  return (n >= 2 && name[1] == '_') || (n == 5 && memcmp(name, "$this", 5) == 0) ||
         (n >= 8 && memcmp(name, "$GLOBALS", 8) == 0) || (n >= 6 && memcmp(name, "$HTTP_", 6) == 0);
}

int lang_php_unset_callback(lang_ctx *c, size_t s, size_t e, size_t a, size_t b, const char *display,
                            unsigned line) {
  if (c->syn != SYN_PHP || e != s + 1 || c->st[s].kind != TK_VAR) return 0;
  const char *name = tok_text(c, &c->st[s]);
  size_t n = c->st[s].len;
  if (n < 2 || set_by_php(name, n) || lang_sym_get(c, name, n, 0)) return 0;
  taint t;
  if (!(lang_input_taint(c, NULL, a, s, &t) || lang_input_taint(c, NULL, e, b, &t)) || (t.flags & TA_CALLED))
    return 0;
  if (mentions(c, name, n) != 1 || sets_names_unseen(c)) return 0;
  char var[40];
  lang_quote_source(c, c->st[s].src_off, c->st[s].src_end, var, sizeof var);
  if (display)
    lang_add_detection(c, "shellsift.lang.callback", "webshell", 70, line,
                       "request input %s is handed to %s, whose callback %s is a variable the file never sets: "
                       "the request names the function (register_globals) (line %u)",
                       t.src, display, var, line);
  else /* $f($x) with $x = $_POST['x']: the direct call the built-in rule sees only with the request inline */
    lang_add_detection(c, "shellsift.lang.callback", "webshell", 70, line,
                       "request input %s is passed to %s(), a function named by a variable the file never sets: "
                       "the request names the function (register_globals) (line %u)",
                       t.src, var, line);
  return 1;
}
