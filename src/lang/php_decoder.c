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
#include <stdlib.h>
#include <strings.h>

#include "util/util.h"

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
    if (c->nst >= 2 && c->st[c->nst - 1].kind == TK_OP && c->st[c->nst - 2].kind == TK_VAR &&
        (is_op(c, c->nst - 1, "[") || is_op(c, c->nst - 1, "{")))
      w->shape |= 1;
    if (w->shape == 3) c->php_decoders = 1;
    return;
  }
  if (t->kind != TK_IDENT && (t->kind != TK_STR || (t->flags & TF_INTERP))) return; /* TK_STR: a callee folded */
  if (t->len != 3 && t->len != 6 && t->len != 9 && t->len != 14) return; /* the lengths of the names below */
  const char *s = tok_text(c, t);
  if (name_in(s, t->len, take, sizeof take / sizeof take[0])) w->shape |= 1;
  if (name_in(s, t->len, make, sizeof make / sizeof make[0])) w->shape |= 2;
  if (w->shape == 3) c->php_decoders = 1;
}

int lang_php_is_decoder(const lang_ctx *c, const char *s, size_t n) {
  for (size_t k = 0; k < c->nwrappers; k++)
    if (c->wrappers[k].shape == 3 && (c->wrappers[k].name[0] | 0x20) == (s[0] | 0x20) &&
        strlen(c->wrappers[k].name) == n && strncasecmp(c->wrappers[k].name, s, n) == 0)
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

/* st[a, b) calls something on a constant: a decoder the file defines only
 * further down (encoders put the loader's function first), for a second pass. */
static int call_on_constant(lang_ctx *c, size_t a, size_t b) {
  const char *s;
  size_t n;
  for (size_t i = a; i + 2 < b && i + 2 < c->nst; i++) {
    const token *arg = &c->st[i + 2];
    if (arg->kind != TK_STR || (arg->flags & TF_INTERP) || arg->len < MIN_CONST || !callee_name(c, i, &s, &n) ||
        n >= 64)
      continue;
    char low[64];
    lang_lower_copy(low, sizeof low, s, n);
    if (lang_names_lookup(low, n, c->syn)) continue; /* PHP's own function, not one of the file */
    int known = 0; /* a function already read is judged now, not later */
    for (size_t k = 0; k < c->nwrappers && !known; k++)
      known = strlen(c->wrappers[k].name) == n && strncasecmp(c->wrappers[k].name, s, n) == 0;
    if (!known) return 1;
  }
  return 0;
}

int lang_php_decoded_code(lang_ctx *c, size_t a, size_t b, int sink, char *name, size_t namesz) {
  if (!c->php_decoders && !c->loopdec_seen && !c->decrypt_seen) { /* nothing of the kind in the file, yet */
    if (sink && c->pass == 1 && !c->late_decoder) c->late_decoder = (uint8_t)call_on_constant(c, a, b);
    return 0;
  }
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
    const char *cs;
    size_t cn, s0, e0;
    if (cn = 0, callee_name(c, i, &cs, &cn) && cn >= 14 && cn < 24 && ((cs[0] | 0x20) == 'o' || (cs[0] | 0x20) == 'm')) { /* openssl_decrypt('<constant>', ..., $key): a payload kept encrypted */
      char low[24];
      lang_lower_copy(low, sizeof low, cs, cn);
      const name_def *d = lang_names_lookup(low, cn, c->syn);
      size_t close = lang_match_close(c, i + 1);
      if (d && d->kind == N_DECRYPT && close < c->nst && lang_arg_span(c, i + 2, close, 1, &s0, &e0) &&
          constant_arg(c, s0, e0)) {
        snprintf(name, namesz, "=%s", d->display);
        return 1;
      }
    }
    if (t->kind != TK_VAR || !c->loopdec_seen) continue;
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

/* The values of the constant array blob[0, len) joined, into persist; 0 if nested or too big. */
static int join_values(lang_ctx *c, const unsigned char *blob, size_t len, uint32_t *off, uint32_t *n) {
  carr_ent e;
  size_t total = 0;
  for (size_t pos = 0; (pos = lang_carr_next(blob, len, pos, &e)) != 0;) {
    if (memchr(e.k, '\x1f', e.kn)) return 0;
    total += e.vn;
  }
  if (total > (1u << 20) || c->persist.len > (8u << 20)) return 0;
  char *tmp = xmalloc(total + 1), *w = tmp; /* blob may live in persist, which the put can move */
  for (size_t pos = 0; (pos = lang_carr_next(blob, len, pos, &e)) != 0; w += e.vn) memcpy(w, e.v, e.vn);
  *off = lang_arena_put(&c->persist, tmp, total);
  *n = (uint32_t)total;
  free(tmp);
  return 1;
}

/* foreach (CONST as $v) { $p .= $v; }, for (...; $i < count($a); $i++) $p .= $a[$i];
 * the loop appends every value of a constant array: $p gets their join
 * (set after the assignment is recorded, which cannot know it). */
static void loop_join(lang_ctx *c, size_t at, int loop) {
  c->join_var[0] = '\0';
  const token *tg = &c->st[at - 1];
  size_t rest = c->nst - at - 1;
  const unsigned char *blob = NULL;
  size_t len = 0;
  uint32_t off, n;
  if (rest == 1 && c->st[at + 1].kind == TK_VAR && c->foreach_var[0] && (unsigned)c->depth == c->foreach_depth + 1 &&
      strlen(c->foreach_var) == c->st[at + 1].len && memcmp(c->foreach_var, tok_text(c, &c->st[at + 1]), c->st[at + 1].len) == 0) {
    blob = (const unsigned char *)c->persist.buf + c->foreach_off;
    len = c->foreach_len;
  } else if (loop && rest == 4 && c->st[at + 1].kind == TK_VAR && is_op(c, at + 2, "[") && c->st[at + 3].kind == TK_VAR &&
             is_op(c, at + 4, "]")) {
    sym *as = lang_sym_get(c, tok_text(c, &c->st[at + 1]), c->st[at + 1].len, 0);
    if (!as || !as->has_arr) return;
    blob = (const unsigned char *)c->persist.buf + as->arr_off;
    len = as->arr_len;
  } else {
    return;
  }
  if (tg->len >= sizeof c->join_var || !join_values(c, blob, len, &off, &n)) return;
  sym *ts = lang_sym_get(c, tok_text(c, tg), tg->len, 0);
  c->join_prior = ts && ts->has_const && ts->val.kind == TK_STR;
  c->join_prior_off = c->join_prior ? ts->val.off : 0;
  c->join_prior_len = c->join_prior ? ts->val.len : 0;
  c->join_off = off, c->join_len = n;
  memcpy(c->join_var, tok_text(c, tg), tg->len);
  c->join_var[tg->len] = '\0';
}

void lang_php_loop_decoder_before(lang_ctx *c, size_t at) {
  c->loopdec[0] = '\0';
  c->lrun_len = 0;
  c->join_var[0] = '\0';
  if (c->foreach_var[0] && (unsigned)c->depth <= c->foreach_depth) c->foreach_var[0] = '\0'; /* the loop is over */
  int loop = c->depth > (c->in_fn ? c->fn_depth : 0);
  if (at >= c->nst) { /* "$i++) $o .= ...": an append in the unbraced body after a for (...) header */
    if (c->nst < 5 || c->st[0].kind != TK_VAR || !is_op(c, 1, "++")) return;
    for (size_t i = 2; i < c->nst && at >= c->nst; i++)
      if (is_op(c, i, ".=") && is_op(c, i - 2, ")")) at = i, loop = 1;
    if (at >= c->nst) return;
  }
  /* the target: $o .= ..., or $o = $o . ... */
  if (at == 0 || at + 1 >= c->nst || c->st[at - 1].kind != TK_VAR ||
      (at >= 2 && (is_op(c, at - 2, "->") || is_op(c, at - 2, "::") || is_op(c, at - 2, "$"))))
    return;
  int append = is_op(c, at, ".=");
  if (!append && !is_op(c, at, "=")) return;
  const token *tg = &c->st[at - 1];
  if (!append && c->st[at + 1].kind == TK_VAR && c->st[at + 1].len == tg->len && is_op(c, at + 2, ".") &&
      memcmp(tok_text(c, &c->st[at + 1]), tok_text(c, tg), tg->len) == 0)
    append = 2; /* $o = $o . chr(...) */
  if (!loop && c->st[0].kind == TK_IDENT)
    loop = tok_is(c, &c->st[0], TK_IDENT, "for") || tok_is(c, &c->st[0], TK_IDENT, "foreach") ||
           tok_is(c, &c->st[0], TK_IDENT, "while");
  if (!loop && !c->foreach_var[0] && !(c->loopdec_seen && at == 1 && !append)) return;
  int makes = 0;
  for (size_t i = at + 1; i < c->nst && loop && append; i++) {
    const token *t = &c->st[i];
    if (is_op(c, i, "^") || ((t->kind == TK_IDENT || (t->kind == TK_STR && !(t->flags & TF_INTERP))) &&
                             is_op(c, i + 1, "(") && (tok_is(c, t, t->kind, "chr") || tok_is(c, t, t->kind, "ord"))))
      makes = 1;
  }
  if (append == 1 && (loop || c->foreach_var[0])) loop_join(c, at, loop);
  if (loop && append && makes) { /* a loop that makes characters: a decode loop of a shape loop_run.c reads? */
    if (lang_loop_statement(c, at + (append == 2 ? 3 : 1), tg) && tg->len < sizeof c->loopdec) {
      memcpy(c->loopdec, tok_text(c, tg), tg->len); /* its value is set after the statement */
      c->loopdec[tg->len] = '\0';
      return;
    }
  }
  int source = 0; /* looked up only for a loop that appends what it makes */
  for (size_t i = at + 1; i < c->nst && loop && append && makes && !source; i++) source = constant_source(c, &c->st[i]);
  if (source && tg->len < sizeof c->loopdec) {
    memcpy(c->loopdec, tok_text(c, tg), tg->len);
    c->loopdec[tg->len] = '\0';
    c->loopdec_seen = 1;
  } else if (c->loopdec_seen && at == 1 && !append) {
    sym *ts = lang_sym_get(c, tok_text(c, tg), tg->len, 0);
    if (ts && ts->has_type && ts->type_len >= 12 && memcmp(c->persist.buf + ts->type_off, LOOP_TYPE, 12) == 0)
      ts->has_type = 0; /* assigned anew: what it holds is read from here on */
  }
}

/* After a foreach header over a constant array: remember it for its body. */
static void note_foreach(lang_ctx *c) {
  if (c->nst < 6 || !tok_is(c, &c->st[0], TK_IDENT, "foreach") || !is_op(c, 1, "(") || !is_op(c, c->nst - 1, "{"))
    return;
  size_t close = lang_match_close(c, 1);
  const unsigned char *blob;
  size_t len;
  if (close + 2 != c->nst || !tok_is(c, &c->st[3], TK_IDENT, "as") || c->st[close - 1].kind != TK_VAR ||
      c->st[close - 1].len >= sizeof c->foreach_var || !lang_php_array_of(c, &c->st[2], &blob, &len))
    return;
  c->foreach_off = lang_arena_put(&c->persist, (const char *)blob, len);
  c->foreach_len = (uint32_t)len;
  c->foreach_depth = (unsigned)c->depth;
  memcpy(c->foreach_var, tok_text(c, &c->st[close - 1]), c->st[close - 1].len);
  c->foreach_var[c->st[close - 1].len] = '\0';
}

void lang_php_loop_decoder_after(lang_ctx *c) {
  note_foreach(c);
  if (c->join_var[0]) {
    sym *js = lang_sym_get(c, c->join_var, strlen(c->join_var), 1);
    c->join_var[0] = '\0';
    if (js) {
      uint32_t off = lang_arena_put(&c->persist, c->join_prior ? c->persist.buf + c->join_prior_off : "", c->join_prior_len);
      lang_arena_append(&c->persist, c->persist.buf + c->join_off, c->join_len);
      memset(&js->val, 0, sizeof js->val);
      js->val.kind = TK_STR;
      js->val.flags = TF_CONST | TF_JOINED;
      js->val.off = off;
      js->val.len = c->join_prior_len + c->join_len;
      js->has_const = 1;
      lang_sym_noted(c, js);
      js->has_taint = js->has_arr = 0;
      c->values |= LV_CONST;
    }
  }
  if (!c->loopdec[0]) return;
  sym *s = lang_sym_get(c, c->loopdec, strlen(c->loopdec), 1);
  c->loopdec[0] = '\0';
  if (!s) return;
  if (c->lrun_len) { /* the loop ran on constants: the target holds its whole output */
    lang_loop_store_output(c, s);
    return;
  }
  s->has_const = s->has_arr = 0; /* one turn of the loop, folded, is not its value */
  s->type_off = lang_arena_put(&c->persist, LOOP_TYPE, 12);
  s->type_len = 12;
  s->has_type = 1;
}
