/*
 * php_built.c - function names built at run time out of literal pieces.
 *
 * A shell hides the name of the function it calls behind string functions
 * the folder cannot evaluate: $f = substr(__FILE__, -10, -4) (the file is
 * named after the function), $f = strrev($k) . $t[2], array_keys() of a
 * literal array, substr_replace() of a literal.  A variable whose value is
 * made only of literals, magic constants, such string functions and other
 * such variables holds a name the file chose for itself, not one read from
 * configuration, a parameter or an object.  An application that calls a
 * variable function takes the name from its own data (a hook table, a
 * method name, a prefix joined to a value); handing request input to a name
 * spelled out from pieces is what a disguised shell does.  A character-loop
 * decoder of the file's own (php_decoder.c) on literals is such a piece.
 */
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

static inline __attribute__((always_inline)) int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* PHP functions that compute a string (or an array of strings) from their
 * arguments alone: a value made of them and literals is fixed by the file. */
/* Names with their lengths: every identifier of an assigned value is looked up. */
typedef struct {
  const char *s;
  size_t n;
} word;
#define W(x) {x, sizeof x - 1}
static const word builders[] = {
    W("strrev"),       W("str_rot13"),    W("substr"),     W("substr_replace"),   W("str_replace"), W("str_ireplace"),
    W("strtolower"),   W("strtoupper"),   W("ucfirst"),    W("ucwords"),          W("lcfirst"),     W("chr"),
    W("implode"),      W("join"),         W("base64_decode"), W("hex2bin"),       W("pack"),        W("sprintf"),
    W("array_keys"),   W("array_values"), W("array_reverse"), W("strtr"),         W("str_split"),   W("urldecode"),
    W("rawurldecode"), W("gzinflate"),    W("gzuncompress"), W("trim"),           W("ltrim"),       W("rtrim"),
    W("str_repeat"),   W("convert_uudecode"), W("explode"), W("array_slice"),     W("basename"),    W("array_flip"),
    W("strstr"),       W("strrchr"),      W("str_pad"),    W("array_merge"),      W("range"),       W("array_map")};

static const word magic[] = {W("__file__"), W("__line__"), W("__dir__"), W("__function__")};

static int in_list(const word *list, size_t n, const char *s, size_t len) {
  for (size_t k = 0; k < n; k++)
    if (list[k].n == len && strncasecmp(list[k].s, s, len) == 0) return 1;
  return 0;
}

/* Is st[a, b) (an assigned value, folded) made only of literals, magic
 * constants, string functions and variables that are themselves constant
 * or built, with at least one piece the folder could not evaluate? */
int lang_php_built_value(lang_ctx *c, size_t a, size_t b) {
  int pieces = 0;
  if (a >= b || c->syn != SYN_PHP) return 0;
  for (size_t i = a; i < b; i++) {
    const token *t = &c->st[i];
    switch (t->kind) {
    case TK_STR:
      if (t->flags & TF_INTERP) return 0;
      break;
    case TK_NUM:
      break;
    case TK_OP:
      if (is_op(c, i, "->") || is_op(c, i, "::") || is_op(c, i, "?->") || is_op(c, i, "=") || is_op(c, i, "?") ||
          is_op(c, i, "$"))
        return 0;
      break;
    case TK_IDENT:
      if (in_list(magic, sizeof magic / sizeof magic[0], tok_text(c, t), t->len)) {
        pieces = 1;
        break;
      }
      if (i + 1 < b && is_op(c, i + 1, "(") && (in_list(builders, sizeof builders / sizeof builders[0], tok_text(c, t), t->len) ||
                                                lang_php_is_decoder(c, tok_text(c, t), t->len))) {
        pieces = 1;
        break;
      }
      return 0;
    case TK_VAR: {
      sym *s = lang_sym_get(c, tok_text(c, t), t->len, 0);
      if (!s || !(s->built || s->has_const || s->has_arr)) return 0;
      pieces |= s->built;
      break;
    }
    default:
      return 0;
    }
  }
  return pieces;
}

/* foreach (array(115, 121, ...) as $n) { $f .= chr($n); }: the loop's
 * variables take values the file wrote, one at a time; what is built from
 * them is built from literal pieces.  Not over a list of names. */
void lang_php_built_foreach(lang_ctx *c, size_t as, size_t close) {
  const unsigned char *blob;
  size_t len;
  if (as != 3 || !lang_php_array_of(c, &c->st[2], &blob, &len)) return;
  carr_ent e;
  for (size_t pos = 0; (pos = lang_carr_next(blob, len, pos, &e)) != 0;) {
    /* a list of names (foreach (array('trim', 'strip_tags') as $f)) is a list the
     * application calls by name; character codes and single letters are pieces */
    int ident = e.vn >= 2 && (e.v[0] == '_' || ((e.v[0] | 0x20) >= 'a' && (e.v[0] | 0x20) <= 'z'));
    for (size_t k = 1; k < e.vn && ident; k++)
      ident = e.v[k] == '_' || (e.v[k] >= '0' && e.v[k] <= '9') || ((e.v[k] | 0x20) >= 'a' && (e.v[k] | 0x20) <= 'z');
    if (ident) return;
  }
  for (size_t i = as + 1; i < close && i < c->nst; i++) {
    if (c->st[i].kind != TK_VAR) continue;
    sym *s = lang_sym_get(c, tok_text(c, &c->st[i]), c->st[i].len, 1);
    if (!s) continue;
    s->has_const = s->has_taint = s->has_arr = 0;
    s->built = 1;
  }
}

/* $f(...) where $f holds a built name (above) and an argument carries
 * request input: report it.  call is the index of the callee variable, the
 * call's parentheses open right after it. */
int lang_php_built_call(lang_ctx *c, size_t call, unsigned line) {
  const token *f = &c->st[call];
  if (f->kind != TK_VAR || call + 1 >= c->nst || !is_op(c, call + 1, "(")) return 0;
  sym *s = lang_sym_get(c, tok_text(c, f), f->len, 0);
  if (!s || !s->built) return 0;
  size_t close = lang_match_close(c, call + 1);
  taint t;
  if (close >= c->nst || close == call + 2) return 0;
  if (!lang_input_taint(c, NULL, call + 2, close, &t)) {
    /* function w($a) { $f = <built>; return $f($a); }: calls of w hand their argument to it */
    size_t as, ae;
    for (unsigned k = 1; c->fn && k <= 8 && lang_arg_span(c, call + 2, close, k, &as, &ae); k++)
      if (lang_span_taint(c, as, ae, &t) && (t.flags & TA_PARAM) && t.param >= 1 && t.param <= 8)
        c->wrappers[c->fn - 1].built_param |= (uint8_t)(1u << (t.param - 1)), c->built_wrappers = 1;
    return 0;
  }
  char var[40];
  lang_quote_source(c, f->src_off, f->src_end, var, sizeof var);
  lang_add_detection(c, "shellsift.lang.built-name-call", "webshell", 80, line,
                     "request input %s reaches a function whose name %s is built at run time from literal "
                     "pieces (line %u)",
                     t.src, var, line);
  return 1;
}

/* w(...) of a function of the file that hands a parameter to a built name
 * (above), with request input in that parameter: report it.  st[i] is the
 * callee, its arguments span [a, b). */
int lang_php_built_wrapper_call(lang_ctx *c, size_t i, size_t a, size_t b, unsigned line) {
  const token *f = &c->st[i];
  if (f->kind != TK_IDENT) return 0;
  for (size_t k = 0; k < c->nwrappers; k++) {
    const wrapper *w = &c->wrappers[k];
    if (!w->built_param || (int)k + 1 == c->fn || strlen(w->name) != f->len || memcmp(w->name, tok_text(c, f), f->len))
      continue;
    size_t s, e;
    taint t;
    unsigned p = 1;
    for (; p <= 8; p++)
      if ((w->built_param >> (p - 1) & 1u) && lang_arg_span(c, a, b, p, &s, &e) && lang_input_taint(c, NULL, s, e, &t))
        break;
    if (p > 8) return 0;
    lang_add_detection(c, "shellsift.lang.built-name-call", "webshell", 80, line,
                       "request input %s reaches, inside %s(), a function whose name is built at run time from "
                       "literal pieces (line %u)",
                       t.src, w->name, line);
    return 1;
  }
  return 0;
}

/* array_map($f, $_POST), call_user_func($f, $_GET['x']): the callback
 * st[s, e) of a call spanning [a, b) is a variable holding a built name
 * and another argument carries request input. */
int lang_php_built_callback(lang_ctx *c, size_t s, size_t e, size_t a, size_t b, const char *display, unsigned line) {
  if (c->syn != SYN_PHP || e != s + 1 || c->st[s].kind != TK_VAR) return 0;
  sym *sy = lang_sym_get(c, tok_text(c, &c->st[s]), c->st[s].len, 0);
  taint t;
  if (!sy || !sy->built || !(lang_input_taint(c, NULL, a, s, &t) || lang_input_taint(c, NULL, e, b, &t))) return 0;
  char var[40];
  lang_quote_source(c, c->st[s].src_off, c->st[s].src_end, var, sizeof var);
  lang_add_detection(c, "shellsift.lang.built-name-call", "webshell", 80, line,
                     "request input %s reaches, through %s, a function whose name %s is built at run time "
                     "from literal pieces (line %u)",
                     t.src, display, var, line);
  return 1;
}
