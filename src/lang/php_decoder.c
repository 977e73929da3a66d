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
    if (sy && sy->has_type && sy->type_len >= 12 && memcmp(c->persist.buf + sy->type_off, "php-decoded:", 12) == 0) {
      snprintf(name, namesz, "%.*s", (int)(sy->type_len - 12), c->persist.buf + sy->type_off + 12);
      return 1;
    }
  }
  return 0;
}

#define LOOP_TYPE "php-decoded:"

/* A variable whose value the file wrote: a long constant string, a constant
 * array, or a built piece (a loop variable over a constant list). */
static int constant_source(lang_ctx *c, const token *t) {
  if (t->kind == TK_STR) return !(t->flags & TF_INTERP) && t->len >= MIN_CONST;
  if (t->kind != TK_VAR) return 0;
  sym *sy = lang_sym_get(c, tok_text(c, t), t->len, 0);
  return sy && ((sy->has_const && sy->val.kind == TK_STR && sy->val.len >= MIN_CONST) || sy->has_arr || sy->built);
}

void lang_php_loop_decoder_before(lang_ctx *c) {
  c->loopdec[0] = '\0';
  if (c->nst < 4) return;
  size_t at = 0; /* the target: $o .= ..., or $o = $o . ... */
  int append = 0;
  for (size_t i = 0; i + 1 < c->nst && !at; i++)
    if (c->st[i].kind == TK_VAR && (i == 0 || !(is_op(c, i - 1, "->") || is_op(c, i - 1, "::") || is_op(c, i - 1, "$")))) {
      if (is_op(c, i + 1, ".=")) at = i + 1, append = 1;
      else if (is_op(c, i + 1, "=")) at = i + 1;
      if (at) break;
    }
  if (!at) return;
  const token *tg = &c->st[at - 1];
  sym *ts = lang_sym_get(c, tok_text(c, tg), tg->len, 0);
  int loop = c->depth > (c->in_fn ? c->fn_depth : 0) || tok_is(c, &c->st[0], TK_IDENT, "for") ||
             tok_is(c, &c->st[0], TK_IDENT, "foreach") || tok_is(c, &c->st[0], TK_IDENT, "while");
  long parens = 0; /* "$i++) $o .= ...": the tail of a for (...;...;...) header, its body unbraced */
  for (size_t i = 0; i < at && !loop; i++) {
    parens += is_op(c, i, "(") - is_op(c, i, ")");
    loop = parens < 0;
  }
  int makes = 0, source = 0;
  for (size_t i = at + 1; i < c->nst; i++) {
    const token *t = &c->st[i];
    if (!append && t->kind == TK_VAR && t->len == tg->len && memcmp(tok_text(c, t), tok_text(c, tg), t->len) == 0)
      append = 1; /* $o = $o . chr(...) */
    if (is_op(c, i, "^") || ((t->kind == TK_IDENT || (t->kind == TK_STR && !(t->flags & TF_INTERP))) &&
                             is_op(c, i + 1, "(") && (tok_is(c, t, t->kind, "chr") || tok_is(c, t, t->kind, "ord"))))
      makes = 1;
    source |= constant_source(c, t);
  }
  if (loop && append && makes && source && tg->len < sizeof c->loopdec) {
    memcpy(c->loopdec, tok_text(c, tg), tg->len);
    c->loopdec[tg->len] = '\0';
  } else if (at == 1 && !append && ts && ts->has_type && ts->type_len >= 12 &&
             memcmp(c->persist.buf + ts->type_off, LOOP_TYPE, 12) == 0) {
    ts->has_type = 0; /* assigned anew: what it holds is read from here on */
  }
}

void lang_php_loop_decoder_after(lang_ctx *c) {
  if (!c->loopdec[0]) return;
  sym *s = lang_sym_get(c, c->loopdec, strlen(c->loopdec), 1);
  c->loopdec[0] = '\0';
  if (!s) return;
  s->has_const = s->has_arr = 0; /* one turn of the loop, folded, is not its value */
  s->type_off = lang_arena_put(&c->persist, LOOP_TYPE, 12);
  s->type_len = 12;
  s->has_type = 1;
}
