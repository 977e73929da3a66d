/*
 * php_decoder.c - a PHP file's own decoder, run into eval.  Encoders that
 * ship their own unpacking routine do not call base64_decode() or
 * gzinflate() on the payload, so the folder has nothing it can evaluate:
 *
 *   function d($a, $s) { $o = ''; for ($i = 0; $i < count($a); $i += 2)
 *                            $o .= substr($s, $a[$i], $a[$i + 1]); return $o; }
 *   $f = create_function('', d($offsets, $blob)); $f();
 *
 *   function x($s) { for (...) $o .= chr(ord($s[$i]) ^ 7); return $o; }
 *   eval(x('...'));
 *
 * A function of the file that takes characters apart (substr, str_split, an
 * index into a string) and makes them (chr, ord) is a decoder; code that
 * eval, assert, create_function or preg_replace /e run and that is such a
 * decoder's output on a constant of the file (a literal, a constant
 * variable or array) is code the file does not show.  Nothing request
 * input reaches is needed: no application unpacks its own source through a
 * character loop to run it.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

#define MIN_CONST 16 /* a constant argument this long: data, not a flag or an index */

static inline __attribute__((always_inline)) int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* The name st[i] calls: an identifier, or a literal a variable function folded to. */
static int callee_name(const lang_ctx *c, size_t i, const char **s, size_t *n) {
  const token *t = &c->st[i];
  if (!is_op(c, i + 1, "(") || (t->kind != TK_IDENT && (t->kind != TK_STR || (t->flags & TF_INTERP)))) return 0;
  if (i > 0 && (is_op(c, i - 1, "->") || is_op(c, i - 1, "::") || tok_is(c, &c->st[i - 1], TK_IDENT, "function")))
    return 0;
  *s = tok_text(c, t);
  *n = t->len;
  return 1;
}

static int name_in(const char *s, size_t n, const char *const *set, size_t nset) {
  for (size_t k = 0; k < nset; k++)
    if (strlen(set[k]) == n && strncasecmp(set[k], s, n) == 0) return 1;
  return 0;
}

void lang_php_note_decoder_token(lang_ctx *c, const token *t) {
  static const char *const take[] = {"substr", "mb_substr", "str_split", "substr_replace"};
  static const char *const make[] = {"chr", "ord"};
  if (!c->fn) return;
  wrapper *w = &c->wrappers[c->fn - 1];
  if (t->kind == TK_VAR) { /* $s[$i], $s{$i}: one character at a run-time position */
    if (c->nst >= 2 && (is_op(c, c->nst - 1, "[") || is_op(c, c->nst - 1, "{")) && c->st[c->nst - 2].kind == TK_VAR)
      w->shape |= 1;
    return;
  }
  if (t->kind != TK_IDENT && (t->kind != TK_STR || (t->flags & TF_INTERP))) return; /* TK_STR: a callee folded */
  const char *s = tok_text(c, t);
  if (name_in(s, t->len, take, sizeof take / sizeof take[0])) w->shape |= 1;
  if (name_in(s, t->len, make, sizeof make / sizeof make[0])) w->shape |= 2;
}

int lang_php_is_decoder(const lang_ctx *c, const char *s, size_t n) {
  for (size_t k = 0; k < c->nwrappers; k++)
    if (c->wrappers[k].shape == 3 && strlen(c->wrappers[k].name) == n && strncasecmp(c->wrappers[k].name, s, n) == 0)
      return 1;
  return 0;
}

/* A PHP decoder of the file that callee st[i] names, or NULL. */
static const wrapper *php_decoder(const lang_ctx *c, size_t i) {
  const char *s;
  size_t n;
  if (!callee_name(c, i, &s, &n) || !lang_php_is_decoder(c, s, n)) return NULL;
  for (size_t k = 0; k < c->nwrappers; k++)
    if (c->wrappers[k].shape == 3 && strlen(c->wrappers[k].name) == n && strncasecmp(c->wrappers[k].name, s, n) == 0)
      return &c->wrappers[k];
  return NULL;
}

/* st[s, e) holds a constant worth decoding: a long literal, or a variable
 * holding one or a constant array. */
static int constant_arg(lang_ctx *c, size_t s, size_t e) {
  for (size_t k = s; k < e && k < c->nst; k++) {
    const token *t = &c->st[k];
    if (t->kind == TK_STR && !(t->flags & TF_INTERP) && t->len >= MIN_CONST) return 1;
    if (t->kind == TK_ARR) return 1;
    if (t->kind != TK_VAR) continue;
    sym *sy = lang_sym_get(c, tok_text(c, t), t->len, 0);
    if (sy && ((sy->has_const && sy->val.kind == TK_STR && sy->val.len >= MIN_CONST) || sy->has_arr)) return 1;
  }
  return 0;
}

int lang_php_decoded_code(lang_ctx *c, size_t a, size_t b, char *name, size_t namesz) {
  for (size_t i = a; i < b && i < c->nst; i++) {
    const token *t = &c->st[i];
    const wrapper *w = php_decoder(c, i);
    if (w) {
      size_t close = lang_match_close(c, i + 1);
      if (close < c->nst && constant_arg(c, i + 2, close)) {
        snprintf(name, namesz, "%s", w->name);
        return 1;
      }
      continue;
    }
    if (t->kind != TK_VAR) continue;
    sym *sy = lang_sym_get(c, tok_text(c, t), t->len, 0);
    if (sy && sy->has_type && sy->type_len > 12 && memcmp(c->persist.buf + sy->type_off, "php-decoded:", 12) == 0) {
      snprintf(name, namesz, "%.*s", (int)(sy->type_len - 12), c->persist.buf + sy->type_off + 12);
      return 1;
    }
  }
  return 0;
}
