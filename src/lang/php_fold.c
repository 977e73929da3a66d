/*
 * php_fold.c - PHP's own constant expressions, folded in a statement the
 * way fold.c folds literals (fold.c calls lang_php_fold_at for PHP):
 *
 *   - variable variables and globals: ${'_PO'.'ST'}, $$name with $name
 *     constant, $GLOBALS['name'] become the variable they name;
 *   - arrays: array('a' => 'x'), ['x', 'y'] and explode()/str_split() of
 *     constants become a TK_ARR token (carray.c), and indexing a constant
 *     array or string ($a['k'], $a[0]['f'], $s[3], $s{3}) its element;
 *   - operators on constants: "#" ^ "|" (string XOR), | & ~, + - * % << >>
 *     on numbers, and . with a number, with PHP 8's precedence;
 *   - string functions on constant arguments (names.c rows N_PURE):
 *     str_replace, substr, strtr, implode, sprintf, pack('H*'),
 *     convert_uudecode, html_entity_decode... also when the function is
 *     itself named by a constant ($f = 'str_replace'; $f(...)), and the
 *     decoders of fold.c called that way.
 *
 * Every result is bounded by the file's decode budget, so a str_repeat or
 * a replacement loop cannot grow without end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/analyze.h"
#include "util/util.h"

/* ---- values ------------------------------------------------------------- */

enum { V_NONE, V_STR, V_NUM, V_ARR };

typedef struct {
  int kind;
  const char *s; /* V_STR: the bytes; V_ARR: the blob */
  size_t n;
  long long num;
  const token *t; /* the token it came from (chain, flags) */
  char buf[24];   /* V_NUM as text */
} pval;

static inline __attribute__((always_inline)) int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

static int plain_str(const token *t) { return t->kind == TK_STR && !(t->flags & TF_INTERP); }

/* An undefined constant used as a string (PHP before 8): base64_decode(ZXZhbA). */
static int bareword(const lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  if (t->kind != TK_IDENT || t->flags & TF_NEW) return 0;
  if (is_op(c, i + 1, "(") || is_op(c, i + 1, "::") || (i > 0 && (is_op(c, i - 1, "->") || is_op(c, i - 1, "::"))))
    return 0;
  static const char *const kw[] = {"true", "false", "null", "array", "__file__", "__dir__", "__line__",
                                   "php_eol", "php_version", "php_os", "directory_separator", "e_all"};
  for (size_t k = 0; k < sizeof kw / sizeof kw[0]; k++)
    if (tok_is(c, t, TK_IDENT, kw[k])) return 0;
  if (t->src_end <= t->src_off || t->src_end > c->len) return 0;
  for (uint32_t k = t->src_off; k < t->src_end; k++)
    if (!lang_lex_ident_char(c->buf[k])) return 0; /* not a qualified name */
  return 1;
}

int lang_php_array_of(lang_ctx *c, const token *t, const unsigned char **blob, size_t *len) {
  if (t->kind == TK_ARR) {
    *blob = (const unsigned char *)tok_text(c, t);
    *len = t->len;
    return 1;
  }
  if (t->kind != TK_VAR || (!(c->values & LV_CONST) && !c->parent)) return 0;
  sym *s = lang_sym_get(c, tok_text(c, t), t->len, 0);
  if (!s || !s->has_arr) return 0;
  *blob = (const unsigned char *)c->persist.buf + s->arr_off;
  *len = s->arr_len;
  return 1;
}

/* The one-token constant at st[i], or a negative number "- 5". Returns the
 * number of tokens it spans (0: not a constant). */
static size_t value_at(lang_ctx *c, size_t i, size_t end, pval *v) {
  memset(v, 0, sizeof *v);
  if (i >= end) return 0;
  token *t = &c->st[i];
  v->t = t;
  if (plain_str(t)) {
    v->kind = V_STR, v->s = tok_text(c, t), v->n = t->len;
    return 1;
  }
  if (t->kind == TK_NUM) {
    v->kind = V_NUM, v->num = t->num;
    return 1;
  }
  if (tok_is(c, t, TK_OP, "-") && i + 1 < end && c->st[i + 1].kind == TK_NUM) {
    v->kind = V_NUM, v->num = -c->st[i + 1].num, v->t = &c->st[i + 1];
    return 2;
  }
  const unsigned char *blob;
  size_t len;
  if (lang_php_array_of(c, t, &blob, &len) && (t->kind == TK_ARR || !is_op(c, i + 1, "["))) {
    v->kind = V_ARR, v->s = (const char *)blob, v->n = len;
    return 1;
  }
  if (bareword(c, i)) {
    v->kind = V_STR, v->s = (const char *)c->buf + t->src_off, v->n = t->src_end - t->src_off;
    return 1;
  }
  return 0;
}

/* x in decimal as snprintf's "%lld" writes it, NUL included (out: 21 bytes
 * or more); returns its length.  Array keys and folded numbers are written
 * often enough that snprintf stood out in profiles. */
static int decimal(char *out, long long x) {
  char rev[24];
  int n = 0, k = 0;
  unsigned long long u = x < 0 ? 0ull - (unsigned long long)x : (unsigned long long)x;
  do rev[n++] = (char)('0' + u % 10); while ((u /= 10) != 0);
  if (x < 0) out[k++] = '-';
  while (n) out[k++] = rev[--n];
  out[k] = '\0';
  return k;
}

/* A value as a string (numbers in decimal). */
static int as_str(pval *v, const char **s, size_t *n) {
  if (v->kind == V_STR) return *s = v->s, *n = v->n, 1;
  if (v->kind == V_NUM) {
    int k = decimal(v->buf, v->num);
    return *s = v->buf, *n = (size_t)k, 1;
  }
  return 0;
}

static int as_num(const pval *v, long long *x) {
  if (v->kind == V_NUM) return *x = v->num, 1;
  if (v->kind != V_STR) return 0;
  long long r = 0;
  size_t i = 0;
  int neg = v->n && v->s[0] == '-';
  for (i = neg; i < v->n && i < 19 && v->s[i] >= '0' && v->s[i] <= '9'; i++) r = r * 10 + (v->s[i] - '0');
  *x = neg ? -r : r;
  return 1;
}

/* ---- output ------------------------------------------------------------- */

typedef struct {
  char *p;
  size_t n, cap;
  int over; /* past the budget */
} obuf;

static void ob_put(obuf *o, const void *p, size_t n, size_t limit) {
  if (o->over || o->n + n > limit) {
    o->over = 1;
    return;
  }
  if (o->n + n > o->cap) {
    size_t cap = o->cap ? o->cap : 64;
    while (cap < o->n + n) cap *= 2;
    o->p = xrealloc(o->p, cap);
    o->cap = cap;
  }
  if (n) memcpy(o->p + o->n, p, n);
  o->n += n;
}

static void ob_byte(obuf *o, char ch, size_t limit) { ob_put(o, &ch, 1, limit); }

/* What one folded value may take of the file's budget. */
static size_t limit_of(const lang_ctx *c) {
  size_t r = c->budget ? c->budget->remaining : (1u << 20);
  return r < (4u << 20) ? r : (4u << 20);
}

/* st[i..j] becomes the string o (or, with num, the number x). */
static void emit_str(lang_ctx *c, size_t i, size_t j, const obuf *o, const token *from, int dec) {
  token out = c->st[i];
  out.kind = TK_STR;
  out.flags = (uint8_t)(TF_JOINED | (from ? from->flags & (TF_CONST | TF_JOINED) : 0));
  out.nchain = 0;
  if (from) lang_fold_chain(&out, from->chain, from->nchain, dec);
  else lang_fold_chain(&out, NULL, 0, dec);
  out.off = lang_arena_put(&c->sink.text, o->p, o->n);
  out.len = (uint32_t)o->n;
  if (lang_fold_binary(o->p, o->n)) out.flags |= TF_BINARY;
  out.src_end = c->st[j].src_end;
  if (c->budget) c->budget->remaining -= o->n < c->budget->remaining ? o->n : c->budget->remaining;
  lang_fold_replace(c, i, j, &out);
}

static void emit_num(lang_ctx *c, size_t i, size_t j, long long x) {
  token out = c->st[i];
  char text[24];
  int n = decimal(text, x);
  out.kind = TK_NUM;
  out.flags = 0;
  out.nchain = 0;
  out.num = x;
  out.off = lang_arena_put(&c->sink.text, text, (size_t)n);
  out.len = (uint32_t)n;
  out.src_end = c->st[j].src_end;
  lang_fold_replace(c, i, j, &out);
}

static void emit_arr(lang_ctx *c, size_t i, size_t j, const carr_builder *b) {
  token out = c->st[i];
  out.kind = TK_ARR;
  out.flags = 0;
  out.nchain = 0;
  out.off = lang_arena_put(&c->sink.text, b->buf, b->len);
  out.len = (uint32_t)b->len;
  out.src_end = c->st[j].src_end;
  lang_fold_replace(c, i, j, &out);
}

void lang_php_emit_arr(lang_ctx *c, size_t i, size_t j, const carr_builder *b) { emit_arr(c, i, j, b); }

/* ---- variable variables, $GLOBALS, indexing ------------------------------ */

/* A variable named by the string s becomes st[i..j]. */
static void emit_var(lang_ctx *c, size_t i, size_t j, const char *s, size_t n) {
  token out = c->st[i];
  char name[128];
  if (n + 2 > sizeof name) return;
  name[0] = '$';
  memcpy(name + 1, s, n);
  out.kind = TK_VAR;
  out.flags = 0;
  out.nchain = 0;
  out.off = lang_arena_put(&c->sink.text, name, n + 1);
  if (lang_names_php_source(name, n + 1)) c->pcaps->request = 1; /* ${'_PO'.'ST'}: the file reads the request */
  out.len = (uint32_t)(n + 1);
  out.src_end = c->st[j].src_end;
  lang_fold_replace(c, i, j, &out);
  if (!c->in_target) lang_fold_subst_one(c, i);
}

static int valid_name(const char *s, size_t n) {
  if (!n || n > 100 || !lang_lex_ident_start((unsigned char)s[0])) return 0;
  for (size_t k = 1; k < n; k++)
    if (!lang_lex_ident_char((unsigned char)s[k])) return 0;
  return 1;
}

/* '_', '_P', '_GE', '_COOK': the start of a request superglobal's name */
static int superglobal_prefix(const char *s, size_t n) {
  static const char *const names[] = {"GET", "POST", "REQUEST", "COOKIE", "FILES"};
  if (n < 1 || s[0] != '_') return 0;
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
    if (n - 1 <= strlen(names[k]) && memcmp(s + 1, names[k], n - 1) == 0) return 1;
  return 0;
}

static int fold_varvar(lang_ctx *c, size_t i) {
  if (!is_op(c, i, "$")) return 0;
  /* ${'name'} */
  if (is_op(c, i + 1, "{") && i + 3 < c->nst && plain_str(&c->st[i + 2]) && is_op(c, i + 3, "}") &&
      valid_name(tok_text(c, &c->st[i + 2]), c->st[i + 2].len)) {
    emit_var(c, i, i + 3, tok_text(c, &c->st[i + 2]), c->st[i + 2].len);
    return 1;
  }
  /* ${c}: an undefined constant is its name as a string (PHP before 8), so $c */
  if (is_op(c, i + 1, "{") && i + 3 < c->nst && bareword(c, i + 2) && is_op(c, i + 3, "}")) {
    const token *w = &c->st[i + 2];
    const char *name = (const char *)c->buf + w->src_off; /* as written: the lexer lowercases names */
    size_t n = w->src_end - w->src_off;
    if (valid_name(name, n)) {
      emit_var(c, i, i + 3, name, n);
      return 1;
    }
  }
  /* ${'_'.$x}, ${'_P'.$y}: a superglobal chosen at run time ($_GET,
   * $_POST, $_COOKIE...): read as request input */
  if (is_op(c, i + 1, "{") && i + 4 < c->nst && plain_str(&c->st[i + 2]) && is_op(c, i + 3, ".") &&
      superglobal_prefix(tok_text(c, &c->st[i + 2]), c->st[i + 2].len)) {
    size_t j = lang_match_close(c, i + 1), k = i + 4;
    while (k < j && c->st[k].kind != TK_VAR) k++; /* the rest is not (yet) a constant */
    if (j < c->nst && k < j) {
      emit_var(c, i, j, "_REQUEST", 8);
      return 1;
    }
  }
  /* $$name, with $name substituted by its constant value */
  if (i + 1 < c->nst && plain_str(&c->st[i + 1]) && (c->st[i + 1].flags & TF_CONST) &&
      valid_name(tok_text(c, &c->st[i + 1]), c->st[i + 1].len)) {
    emit_var(c, i, i + 1, tok_text(c, &c->st[i + 1]), c->st[i + 1].len);
    return 1;
  }
  return 0;
}

/* The constant keys of st[i]'s index chain [k1][k2]... ({k} too), joined
 * by \x1f into key: steps[s] is where the s-th key's bracket closes and
 * the key's length up to it.  Returns the number of keys. */
typedef struct {
  size_t end, kn;
} keystep;

static size_t index_chain(lang_ctx *c, size_t i, char *key, size_t keysz, keystep *steps, size_t max) {
  size_t ns = 0, kn = 0, j = i;
  while (ns < max && j + 3 < c->nst && (is_op(c, j + 1, "[") || is_op(c, j + 1, "{"))) {
    pval v;
    const char *s;
    size_t n;
    if (value_at(c, j + 2, c->nst, &v) != 1 || bareword(c, j + 2) || !as_str(&v, &s, &n)) break;
    if (!is_op(c, j + 3, is_op(c, j + 1, "[") ? "]" : "}")) break;
    if (kn + n + 1 > keysz) break;
    if (kn) key[kn++] = '\x1f';
    memcpy(key + kn, s, n);
    kn += n;
    j += 3;
    steps[ns].end = j;
    steps[ns].kn = kn;
    ns++;
  }
  return ns;
}

/* Does the file define the constant name (const NAME, define('NAME'): then
 * NAME[k] is PHP 5.6's constant dereferencing, read as written. */
static int defines_constant(const lang_ctx *c, const char *name, size_t n) {
  for (const unsigned char *p = c->buf, *end = c->buf + c->len;
       (p = memmem(p, (size_t)(end - p), name, n)) != NULL; p += n) {
    size_t at = (size_t)(p - c->buf);
    if (at >= 6 && memcmp(p - 6, "const ", 6) == 0) return 1;
    if (at >= 8 && (p[-1] == '\'' || p[-1] == '"') && memmem(p - 8, 8, "define(", 7)) return 1;
  }
  return 0;
}

/* a9[9] where the file builds the constant array $a9: a copy that lost the
 * '$' of one piece among many ($a9[18].$a9[8].a9[9]...).  PHP would read an
 * undefined constant; the author meant the array, and one damaged piece must
 * not hide the code the others spell.  Only a bare name (not a call, a class
 * or a member), and only when $name holds a constant array. */
static int dropped_sigil_array(lang_ctx *c, size_t i, const unsigned char **blob, size_t *len) {
  const token *t = &c->st[i];
  if (t->kind != TK_IDENT || !bareword(c, i) || !is_op(c, i + 1, "[") || t->len + 1 >= 64) return 0;
  if (!(c->values & LV_CONST) && !c->parent) return 0;
  char name[64];
  name[0] = '$';
  memcpy(name + 1, tok_text(c, t), t->len);
  sym *s = lang_sym_get(c, name, t->len + 1, 0);
  if (!s || !s->has_arr || defines_constant(c, tok_text(c, t), t->len)) return 0;
  *blob = (const unsigned char *)c->persist.buf + s->arr_off;
  *len = s->arr_len;
  return 1;
}

static int fold_index(lang_ctx *c, size_t i) {
  token *t = &c->st[i];
  if (!(is_op(c, i + 1, "[") || is_op(c, i + 1, "{"))) return 0;
  if (t->kind == TK_VAR && t->len == 8 && memcmp(tok_text(c, t), "$GLOBALS", 8) == 0) {
    /* $GLOBALS['name'] is the global $name */
    if (i + 3 < c->nst && plain_str(&c->st[i + 2]) && is_op(c, i + 3, "]") &&
        valid_name(tok_text(c, &c->st[i + 2]), c->st[i + 2].len)) {
      const char *g = tok_text(c, &c->st[i + 2]);
      size_t gn = c->st[i + 2].len;
      if (c->scope && gn + 2 < sizeof c->globals[0]) { /* inside a function: the global, as with `global $x` */
        unsigned k = 0;
        while (k < c->nglobals && !(c->globals[k][0] == '$' && strlen(c->globals[k] + 1) == gn &&
                                    memcmp(c->globals[k] + 1, g, gn) == 0))
          k++;
        if (k == c->nglobals && k < sizeof c->globals / sizeof c->globals[0])
          snprintf(c->globals[c->nglobals++], sizeof c->globals[0], "$%.*s", (int)gn, g);
      }
      emit_var(c, i, i + 3, g, gn);
      return 1;
    }
    return 0;
  }
  if (i > 0 && (is_op(c, i - 1, "->") || is_op(c, i - 1, "::") || is_op(c, i - 1, "$"))) return 0;
  const unsigned char *blob;
  size_t len;
  if (lang_php_array_of(c, t, &blob, &len) || dropped_sigil_array(c, i, &blob, &len)) {
    char key[256];
    keystep steps[8];
    size_t ns = index_chain(c, i, key, sizeof key, steps, 8);
    /* the longest prefix of the chain that names an element or a nested array */
    for (size_t s = ns; s-- > 0;) {
      const char *v;
      size_t vn;
      if (lang_carr_get(blob, len, key, steps[s].kn, &v, &vn)) {
        obuf o = {0};
        ob_put(&o, v, vn, limit_of(c));
        if (o.over) return free(o.p), 0;
        token from = {.flags = TF_CONST};
        emit_str(c, i, steps[s].end, &o, &from, 0);
        c->st[i].flags = (uint8_t)((c->st[i].flags & ~TF_JOINED) | TF_CONST);
        free(o.p);
        return 1;
      }
      carr_builder b;
      lang_carr_init(&b);
      int sub = lang_carr_sub(&b, blob, len, key, steps[s].kn) && !b.failed;
      if (sub) emit_arr(c, i, steps[s].end, &b);
      lang_carr_free(&b);
      if (sub) return 1;
    }
    return 0;
  }
  /* a character of a constant string: $s[3], $s{3}, "abc"[1] */
  const char *s = NULL;
  size_t n = 0;
  int flags = 0;
  if (plain_str(t)) {
    s = tok_text(c, t), n = t->len, flags = t->flags;
  } else if (t->kind == TK_VAR) {
    if (!(c->values & LV_CONST) && !c->parent) return 0;
    sym *sy = lang_sym_get(c, tok_text(c, t), t->len, 0);
    if (!sy || !sy->has_const) return 0;
    s = c->persist.buf + sy->val.off, n = sy->val.len, flags = TF_CONST;
  } else {
    return 0;
  }
  if (i + 3 >= c->nst + 0 || c->st[i + 2].kind != TK_NUM) return 0;
  const char *close = is_op(c, i + 1, "[") ? "]" : "}";
  if (!is_op(c, i + 3, close)) return 0;
  long long k = c->st[i + 2].num;
  if (k < 0) k += (long long)n;
  if (k < 0 || (size_t)k >= n) return 0;
  obuf o = {0};
  ob_byte(&o, s[k], 2);
  token from = {.flags = (uint8_t)(flags | TF_CONST)};
  emit_str(c, i, i + 3, &o, &from, 0);
  free(o.p);
  return 1;
}

/* The opening bracket of an array literal at st[i] (array( or [ in a value's place), or SIZE_MAX. */
static size_t literal_open(lang_ctx *c, size_t i) {
  if (tok_is(c, &c->st[i], TK_IDENT, "array") && is_op(c, i + 1, "(")) {
    if (i > 0 && (is_op(c, i - 1, "->") || is_op(c, i - 1, "::") || tok_is(c, &c->st[i - 1], TK_IDENT, "function")))
      return SIZE_MAX;
    return i + 1;
  }
  if (!is_op(c, i, "[")) return SIZE_MAX;
  if (i > 0) {
    const token *p = &c->st[i - 1];
    int operand = p->kind == TK_VAR || p->kind == TK_STR || p->kind == TK_NUM || p->kind == TK_ARR ||
                  is_op(c, i - 1, "]") || is_op(c, i - 1, ")") || is_op(c, i - 1, "}") ||
                  (p->kind == TK_IDENT && !tok_is(c, p, TK_IDENT, "return") && !tok_is(c, p, TK_IDENT, "echo") &&
                   !tok_is(c, p, TK_IDENT, "print") && !tok_is(c, p, TK_IDENT, "yield"));
    if (operand) return SIZE_MAX;
  }
  return i;
}

/* Adds the elements of the literal st[open..close] to b, their keys under
 * prefix (nested literals are read in place, recursively, so a long table
 * of arrays folds once rather than array by array); 0 if one is not
 * constant. */
static int array_elements(lang_ctx *c, size_t open, size_t close, carr_builder *b, const char *prefix, size_t pn,
                          int depth) {
  long long next = 0;
  char key[256];
  size_t k = open + 1;
  if (depth > 8) return 0;
  while (k < close) {
    size_t kl = 0, vs = k;
    pval kv;
    const char *ks = NULL;
    size_t used = value_at(c, k, close, &kv);
    if (used && is_op(c, k + used, "=>")) { /* key => value */
      if (kv.kind == V_ARR || !as_str(&kv, &ks, &kl)) return 0;
      if (kv.kind == V_NUM && kv.num >= next) next = kv.num + 1;
      vs = k + used + 1;
    }
    /* the value: a nested literal, or one constant */
    size_t vo = literal_open(c, vs), vend;
    char auto_key[24];
    if (!ks) {
      int n = decimal(auto_key, next++);
      ks = auto_key, kl = (size_t)n;
    }
    if (pn + 1 + kl >= sizeof key) return 0;
    size_t full = 0;
    if (pn) memcpy(key, prefix, pn), key[pn] = '\x1f', full = pn + 1;
    memcpy(key + full, ks, kl);
    full += kl;
    if (vo != SIZE_MAX) {
      size_t vc = lang_match_close(c, vo);
      if (vc >= close) return 0;
      uint32_t before = b->n;
      if (!array_elements(c, vo, vc, b, key, full, depth + 1)) return 0;
      if (b->n == before) lang_carr_add(b, key, full, "", 0); /* an empty array */
      vend = vc + 1;
    } else {
      pval vv;
      size_t vused = value_at(c, vs, close, &vv);
      if (!vused) return 0;
      if (vv.kind == V_ARR) {
        if (!lang_carr_copy(b, (const unsigned char *)vv.s, vv.n, key, full, NULL, 0)) return 0;
      } else {
        const char *v = "";
        size_t vl = 0;
        as_str(&vv, &v, &vl);
        lang_carr_add(b, key, full, v, vl);
      }
      vend = vs + vused;
    }
    if (b->failed) return 0;
    if (vend < close && !is_op(c, vend, ",")) return 0;
    k = vend + 1;
  }
  return 1;
}

/* array(...) or [...] with constant elements, at st[i]. */
static int fold_array_literal(lang_ctx *c, size_t i) {
  size_t open = literal_open(c, i);
  if (open == SIZE_MAX) return 0;
  size_t end = lang_match_close(c, open);
  if (end >= c->nst) return 0;
  /* an array inside a literal of a long statement waits for the outer one */
  if (c->nst > 512 && i > 0 && (is_op(c, i - 1, ",") || is_op(c, i - 1, "=>") || is_op(c, i - 1, "(") || is_op(c, i - 1, "[")))
    return 0;
  carr_builder b;
  lang_carr_init(&b);
  if (!array_elements(c, open, end, &b, "", 0, 0) || b.failed) {
    lang_carr_free(&b);
    return 0;
  }
  emit_arr(c, i, end, &b);
  lang_carr_free(&b);
  return 1;
}

/* ---- operators ------------------------------------------------------------ */

/* PHP 8 binding strength of a binary operator (0: not one). */
static int prec(const lang_ctx *c, size_t i) {
  if (i >= c->nst || c->st[i].kind != TK_OP) return 0;
  const token *t = &c->st[i];
  const char *s = tok_text(c, t);
  char a = s[0], b = t->len > 1 ? s[1] : 0;
  switch (t->len) {
  case 1:
    switch (a) {
    case '*': case '/': case '%': return 13;
    case '+': case '-': return 12;
    case '.': return 10;
    case '<': case '>': return 9;
    case '&': return 7;
    case '^': return 6;
    case '|': return 5;
    default: return 0;
    }
  case 2:
    if (a == '*' && b == '*') return 16;
    if ((a == '<' && b == '<') || (a == '>' && b == '>')) return 11;
    if ((a == '<' || a == '>') && b == '=') return 9;
    if ((a == '=' || a == '!') && b == '=') return 8;
    if (a == '<' && b == '>') return 8;
    if (a == '&' && b == '&') return 4;
    if (a == '|' && b == '|') return 3;
    if (a == '?' && b == '?') return 2;
    return 0;
  case 3:
    if ((a == '=' || a == '!') && b == '=' && s[2] == '=') return 8;
    if (a == '<' && b == '=' && s[2] == '>') return 8;
    return 0;
  default: return 0;
  }
}

/* Does the operand before st[i] bind to it rather than to a left neighbour? */
static int free_left(const lang_ctx *c, size_t i, int p) {
  if (i == 0) return 1;
  const token *q = &c->st[i - 1];
  if (q->kind == TK_OP && (tok_is(c, q, TK_OP, "~") || tok_is(c, q, TK_OP, "!"))) return 0;
  int pp = prec(c, i - 1);
  if (pp && pp >= p) return 0;
  if (q->kind == TK_OP && (tok_is(c, q, TK_OP, "->") || tok_is(c, q, TK_OP, "::") || tok_is(c, q, TK_OP, "$")))
    return 0;
  return 1;
}

static int free_right(const lang_ctx *c, size_t j, int p) {
  if (j >= c->nst) return 1;
  if (is_op(c, j, "[") || is_op(c, j, "(") || is_op(c, j, "{") || is_op(c, j, "->") || is_op(c, j, "::")) return 0;
  int pp = prec(c, j);
  return !(pp && pp > p);
}

static void bitwise(obuf *o, const pval *a, const pval *b, char op, size_t limit) {
  size_t n = op == '|' ? (a->n > b->n ? a->n : b->n) : (a->n < b->n ? a->n : b->n);
  for (size_t k = 0; k < n && !o->over; k++) {
    unsigned char x = k < a->n ? (unsigned char)a->s[k] : 0, y = k < b->n ? (unsigned char)b->s[k] : 0;
    if (op == '|' && k >= a->n) x = y;
    if (op == '|' && k >= b->n) y = x;
    ob_byte(o, (char)(op == '^' ? x ^ y : op == '|' ? x | y : x & y), limit);
  }
}

/* PHP 8's comparison of two constants: 1 or 0, or -1 when not sure. */
static int compare(const pval *a, const pval *b, const char *op, size_t n) {
  if (a->kind == V_ARR || b->kind == V_ARR) return -1;
  int strict = n == 3 && op[1] == '=', num = a->kind == V_NUM && b->kind == V_NUM;
  if (strict && a->kind != b->kind) return op[0] == '!';
  if (!num && a->kind == V_STR && b->kind == V_STR) {
    long long x;
    int an = a->n && as_num(a, &x) && (a->s[0] == '-' || (a->s[0] >= '0' && a->s[0] <= '9')),
        bn = b->n && as_num(b, &x) && (b->s[0] == '-' || (b->s[0] >= '0' && b->s[0] <= '9'));
    if ((an || bn) && !strict) return -1; /* numeric strings compare as numbers: rare in obfuscation, left alone */
  } else if (!num) {
    return -1;
  }
  int d;
  if (num) {
    d = a->num < b->num ? -1 : a->num > b->num;
  } else {
    size_t m = a->n < b->n ? a->n : b->n;
    d = memcmp(a->s, b->s, m);
    if (!d) d = a->n < b->n ? -1 : a->n > b->n;
    d = d < 0 ? -1 : d > 0;
  }
  if (op[0] == '=' ) return d == 0;
  if (op[0] == '!' || (op[0] == '<' && n == 2 && op[1] == '>')) return d != 0;
  if (n == 3 && op[0] == '<') return -1; /* <=> gives -1/0/1: not a boolean */
  if (op[0] == '<') return n == 2 ? d <= 0 : d < 0;
  if (op[0] == '>') return n == 2 ? d >= 0 : d > 0;
  return -1;
}

static int fold_binary(lang_ctx *c, size_t i) {
  if (i + 2 >= c->nst) return 0;
  int p = prec(c, i + 1);
  if (!p || p < 5) return 0;
  pval a, b;
  if (value_at(c, i, c->nst, &a) != 1 || value_at(c, i + 2, c->nst, &b) != 1) return 0;
  int words = bareword(c, i) || bareword(c, i + 2);
  if (words && p != 10) return 0;
  if ((a.kind == V_ARR || b.kind == V_ARR) && p != 10) return 0;
  if (!free_left(c, i, p) || !free_right(c, i + 3, p)) return 0;
  const char *op = tok_text(c, &c->st[i + 1]);
  if (p == 8 || p == 9) { /* two constants compared: ('>' > '<') + ('>' > '<') is 2 */
    int r = compare(&a, &b, op, c->st[i + 1].len);
    if (r < 0) return 0;
    emit_num(c, i, i + 2, r);
    return 1;
  }
  if (p == 10) { /* . with a number, an array ("Array") or an undefined constant on one side (two strings: fold.c) */
    if (a.kind == V_STR && b.kind == V_STR && !words) return 0;
    if (a.kind == V_ARR) a.kind = V_STR, a.s = "Array", a.n = 5;
    if (b.kind == V_ARR) b.kind = V_STR, b.s = "Array", b.n = 5;
    const char *x = "", *y = "";
    size_t xn = 0, yn = 0;
    as_str(&a, &x, &xn);
    as_str(&b, &y, &yn);
    obuf o = {0};
    ob_put(&o, x, xn, limit_of(c));
    ob_put(&o, y, yn, limit_of(c));
    if (!o.over) emit_str(c, i, i + 2, &o, a.kind == V_STR ? a.t : b.t, 0);
    free(o.p);
    return !o.over;
  }
  if (a.kind == V_STR && b.kind == V_STR && (p == 7 || p == 6 || p == 5)) {
    obuf o = {0};
    bitwise(&o, &a, &b, op[0], limit_of(c));
    if (!o.over) emit_str(c, i, i + 2, &o, a.t, DEC_XOR);
    free(o.p);
    return !o.over;
  }
  long long x, y, r;
  if (!as_num(&a, &x) || !as_num(&b, &y)) return 0;
  switch (op[0]) {
  case '+': r = (long long)((unsigned long long)x + (unsigned long long)y); break;
  case '-': r = (long long)((unsigned long long)x - (unsigned long long)y); break;
  case '*':
    if (op[1] == '*') return 0;
    r = (long long)((unsigned long long)x * (unsigned long long)y);
    break;
  case '%':
    if (y == 0 || (x == -9223372036854775807LL - 1 && y == -1)) return 0;
    r = x % y;
    break;
  case '/':
    if (y == 0 || (x == -9223372036854775807LL - 1 && y == -1) || x % y) return 0;
    r = x / y;
    break;
  case '<': r = y >= 0 && y < 63 ? (long long)((unsigned long long)x << y) : 0; break;
  case '>': r = y >= 0 && y < 63 ? x >> y : 0; break;
  case '&': r = x & y; break;
  case '^': r = x ^ y; break;
  case '|': r = x | y; break;
  default: return 0;
  }
  emit_num(c, i, i + 2, r);
  return 1;
}

static int fold_unary(lang_ctx *c, size_t i) {
  if (i + 1 >= c->nst) return 0;
  pval v;
  if (is_op(c, i, "~") && value_at(c, i + 1, c->nst, &v) == 1 && free_right(c, i + 2, 14)) {
    if (v.kind == V_NUM) {
      emit_num(c, i, i + 1, ~v.num);
      return 1;
    }
    if (v.kind != V_STR) return 0;
    const char *bytes = v.s;
    size_t n = v.n;
    if (bareword(c, i + 1)) { /* ~E_NOTICE is a constant's; ~ of a bare word of bytes no constant has is the word's */
      const token *w = &c->st[i + 1];
      bytes = (const char *)c->buf + w->src_off, n = w->src_end - w->src_off; /* as written: the lexer lowercases names */
      size_t high = 0;
      for (size_t k = 0; k < n; k++) high += (unsigned char)bytes[k] >= 0x80;
      if (!high) return 0;
    }
    obuf o = {0};
    for (size_t k = 0; k < n; k++) ob_byte(&o, (char)~(unsigned char)bytes[k], limit_of(c));
    if (!o.over) emit_str(c, i, i + 1, &o, v.t, DEC_XOR);
    free(o.p);
    return !o.over;
  }
  /* +'' and +'5': a number */
  if (is_op(c, i, "+") && value_at(c, i + 1, c->nst, &v) == 1 && v.kind == V_STR && !bareword(c, i + 1) &&
      free_right(c, i + 2, 14) && i > 0 && c->st[i - 1].kind == TK_OP && !is_op(c, i - 1, ")") &&
      !is_op(c, i - 1, "]")) {
    long long x = 0;
    as_num(&v, &x);
    emit_num(c, i, i + 1, x);
    return 1;
  }
  /* -5 where a value is expected */
  if (is_op(c, i, "-") && c->st[i + 1].kind == TK_NUM && free_right(c, i + 2, 14) &&
      (i == 0 || (c->st[i - 1].kind == TK_OP && !is_op(c, i - 1, ")") && !is_op(c, i - 1, "]")))) {
    emit_num(c, i, i + 1, -c->st[i + 1].num);
    return 1;
  }
  /* (5) */
  if (is_op(c, i, "(") && i + 2 < c->nst && (c->st[i + 1].kind == TK_NUM || c->st[i + 1].kind == TK_ARR) &&
      is_op(c, i + 2, ")")) {
    const token *p = i > 0 ? &c->st[i - 1] : NULL;
    if (!p || !(p->kind == TK_IDENT || p->kind == TK_VAR || p->kind == TK_STR || is_op(c, i - 1, ")") ||
                is_op(c, i - 1, "]"))) {
      token out = c->st[i + 1];
      lang_fold_replace(c, i, i + 2, &out);
      return 1;
    }
  }
  return 0;
}

/* ---- string functions ----------------------------------------------------- */

static int ci_eq(const char *a, const char *b, size_t n) {
  for (size_t k = 0; k < n; k++) {
    unsigned char x = (unsigned char)a[k], y = (unsigned char)b[k];
    if ((x | 0x20) != (y | 0x20) || ((x | 0x20) < 'a' || (x | 0x20) > 'z' ? x != y : 0)) return 0;
  }
  return 1;
}

/* Every occurrence of what in s replaced by with. */
static void replace_all(obuf *o, const char *s, size_t n, const char *what, size_t wn, const char *with,
                        size_t withn, int icase, size_t limit) {
  if (!wn) {
    ob_put(o, s, n, limit);
    return;
  }
  size_t k = 0;
  while (k < n && !o->over) {
    if (k + wn <= n && (icase ? ci_eq(s + k, what, wn) : memcmp(s + k, what, wn) == 0)) {
      ob_put(o, with, withn, limit);
      k += wn;
    } else {
      const char *nx = icase ? NULL : memchr(s + k + 1, what[0], n - k - 1);
      size_t upto = icase ? k + 1 : nx ? (size_t)(nx - s) : n;
      ob_put(o, s + k, upto - k, limit);
      k = upto;
    }
  }
}

static int do_str_replace(lang_ctx *c, pval *a, size_t na, obuf *o, int icase) {
  if (na < 3 || a[2].kind == V_ARR || a[0].kind == V_NONE) return 0;
  const char *subj;
  size_t sn;
  if (!as_str(&a[2], &subj, &sn)) return 0;
  size_t limit = limit_of(c);
  obuf cur = {0};
  ob_put(&cur, subj, sn, limit);
  if (a[0].kind != V_ARR) {
    const char *w, *r;
    size_t wn, rn;
    if (!as_str(&a[0], &w, &wn) || a[1].kind == V_ARR || !as_str(&a[1], &r, &rn)) return free(cur.p), 0;
    replace_all(o, cur.p, cur.n, w, wn, r, rn, icase, limit);
    free(cur.p);
    return !o->over;
  }
  /* arrays of searches (and replacements), applied in turn */
  carr_ent e, re;
  size_t rpos = 0;
  for (size_t pos = 0; (pos = lang_carr_next((const unsigned char *)a[0].s, a[0].n, pos, &e)) != 0;) {
    const char *r = "";
    size_t rn = 0;
    if (a[1].kind == V_ARR) {
      if ((rpos = lang_carr_next((const unsigned char *)a[1].s, a[1].n, rpos, &re)) != 0) r = re.v, rn = re.vn;
      else rpos = a[1].n; /* past the end: "" from now on */
    } else if (!as_str(&a[1], &r, &rn)) {
      free(cur.p);
      return 0;
    }
    obuf next = {0};
    replace_all(&next, cur.p, cur.n, e.v, e.vn, r, rn, icase, limit);
    free(cur.p);
    cur = next;
    if (cur.over) return free(cur.p), 0;
  }
  ob_put(o, cur.p, cur.n, limit);
  free(cur.p);
  return !o->over;
}

/* PHP's substr() bounds on a string of n bytes. */
static int substr_bounds(long long n, long long start, int has_len, long long len, size_t *from, size_t *cnt) {
  if (start < 0) start = start + n < 0 ? 0 : start + n;
  if (start > n) start = n;
  long long m = n - start;
  if (has_len) m = len < 0 ? (m + len < 0 ? 0 : m + len) : (len < m ? len : m);
  *from = (size_t)start;
  *cnt = (size_t)m;
  return 1;
}

static int in_set(unsigned char ch, const char *set, size_t n) {
  for (size_t k = 0; k < n; k++) {
    if (k + 3 < n && set[k + 1] == '.' && set[k + 2] == '.') { /* a..z */
      if (ch >= (unsigned char)set[k] && ch <= (unsigned char)set[k + 3]) return 1;
      k += 3;
      continue;
    }
    if ((unsigned char)set[k] == ch) return 1;
  }
  return 0;
}

static int do_trim(pval *a, size_t na, obuf *o, int left, int right, size_t limit) {
  const char *s, *set = " \t\n\r\v";
  size_t n, sn = 6;
  if (!na || !as_str(&a[0], &s, &n)) return 0; /* trim() with nothing: no value */
  static const char dflt[] = " \t\n\r\v\0";
  set = dflt;
  if (na > 1 && !as_str(&a[1], &set, &sn)) return 0;
  size_t b = 0, e = n;
  while (left && b < e && in_set((unsigned char)s[b], set, sn)) b++;
  while (right && e > b && in_set((unsigned char)s[e - 1], set, sn)) e--;
  ob_put(o, s + b, e - b, limit);
  return 1;
}

static int do_strtr(lang_ctx *c, pval *a, size_t na, obuf *o) {
  const char *s;
  size_t n;
  size_t limit = limit_of(c);
  if (!na || !as_str(&a[0], &s, &n)) return 0;
  if (na == 3) {
    const char *f, *t;
    size_t fn, tn;
    if (!as_str(&a[1], &f, &fn) || !as_str(&a[2], &t, &tn)) return 0;
    unsigned char map[256];
    for (int k = 0; k < 256; k++) map[k] = (unsigned char)k;
    for (size_t k = 0; k < fn && k < tn; k++) map[(unsigned char)f[k]] = (unsigned char)t[k];
    for (size_t k = 0; k < n && !o->over; k++) ob_byte(o, (char)map[(unsigned char)s[k]], limit);
    return !o->over;
  }
  if (na != 2 || a[1].kind != V_ARR) return 0;
  /* the longest key first at each position; a key is replaced once */
  const unsigned char *blob = (const unsigned char *)a[1].s;
  uint32_t keys = lang_carr_count(blob, a[1].n);
  if (!keys || (unsigned long long)keys * n > 50000000ull) return 0;
  size_t k = 0;
  while (k < n && !o->over) {
    carr_ent e, best = {0};
    for (size_t pos = 0; (pos = lang_carr_next(blob, a[1].n, pos, &e)) != 0;)
      if (e.kn && e.kn > best.kn && k + e.kn <= n && memcmp(s + k, e.k, e.kn) == 0) best = e;
    if (best.kn) {
      ob_put(o, best.v, best.vn, limit);
      k += best.kn;
    } else {
      ob_byte(o, s[k++], limit);
    }
  }
  return !o->over;
}

static int do_implode(lang_ctx *c, pval *a, size_t na, obuf *o) {
  const char *sep = "";
  size_t sn = 0;
  const pval *arr = NULL;
  if (na == 1 && a[0].kind == V_ARR) arr = &a[0];
  else if (na == 2 && a[1].kind == V_ARR && as_str(&a[0], &sep, &sn)) arr = &a[1];
  else if (na == 2 && a[0].kind == V_ARR && as_str(&a[1], &sep, &sn)) arr = &a[0];
  if (!arr) return 0;
  carr_ent e;
  int first = 1;
  for (size_t pos = 0; (pos = lang_carr_next((const unsigned char *)arr->s, arr->n, pos, &e)) != 0;) {
    if (memchr(e.k, '\x1f', e.kn)) return 0; /* nested: "Array" in PHP */
    if (!first) ob_put(o, sep, sn, limit_of(c));
    ob_put(o, e.v, e.vn, limit_of(c));
    first = 0;
  }
  return !o->over;
}

static int do_sprintf(lang_ctx *c, pval *a, size_t na, obuf *o) {
  const char *f;
  size_t fn;
  size_t limit = limit_of(c);
  if (!na || !as_str(&a[0], &f, &fn)) return 0;
  size_t next = 1;
  for (size_t k = 0; k < fn && !o->over; k++) {
    if (f[k] != '%') {
      ob_byte(o, f[k], limit);
      continue;
    }
    if (++k >= fn) return 0;
    if (f[k] == '%') {
      ob_byte(o, '%', limit);
      continue;
    }
    int left = 0;
    char pad = ' ';
    for (; k < fn && strchr("-+ 0", f[k]); k++) {
      if (f[k] == '-') left = 1;
      if (f[k] == '0') pad = '0';
    }
    size_t width = 0, precision = (size_t)-1;
    for (; k < fn && f[k] >= '0' && f[k] <= '9'; k++) width = width * 10 + (size_t)(f[k] - '0');
    if (k < fn && f[k] == '.')
      for (precision = 0, k++; k < fn && f[k] >= '0' && f[k] <= '9'; k++) precision = precision * 10 + (size_t)(f[k] - '0');
    if (k >= fn || next >= na || width > 4096) return 0;
    char tmp[72];
    const char *s;
    size_t n;
    long long x;
    switch (f[k]) {
    case 's':
      if (!as_str(&a[next++], &s, &n)) return 0;
      if (precision < n) n = precision;
      break;
    case 'd':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
    case 'c':
    case 'b':
      if (!as_num(&a[next++], &x)) return 0;
      if (f[k] == 'c') {
        tmp[0] = (char)(x & 0xFF);
        n = 1;
      } else if (f[k] == 'b') {
        unsigned long long u = (unsigned long long)x;
        char bits[65];
        int m = 0;
        do bits[m++] = (char)('0' + (u & 1)); while ((u >>= 1) && m < 64);
        for (n = 0; m > 0;) tmp[n++] = bits[--m];
      } else {
        const char *fmt = f[k] == 'd' ? "%lld" : f[k] == 'u' ? "%llu" : f[k] == 'x' ? "%llx" : f[k] == 'X' ? "%llX" : "%llo";
        n = (size_t)snprintf(tmp, sizeof tmp, fmt, x);
      }
      s = tmp;
      break;
    default: return 0;
    }
    for (size_t w = n; !left && w < width; w++) ob_byte(o, pad, limit);
    ob_put(o, s, n, limit);
    for (size_t w = n; left && w < width; w++) ob_byte(o, ' ', limit);
  }
  return !o->over;
}

static int hexnib(unsigned char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f') return (ch | 0x20) - 'a' + 10;
  return -1;
}

static int do_pack(lang_ctx *c, pval *a, size_t na, obuf *o) {
  const char *f;
  size_t fn, next = 1;
  size_t limit = limit_of(c);
  if (!na || !as_str(&a[0], &f, &fn)) return 0;
  for (size_t k = 0; k < fn && !o->over; k++) {
    char code = f[k];
    int star = 0;
    long long count = 1, have = 0;
    if (k + 1 < fn && f[k + 1] == '*') star = 1, k++;
    else if (k + 1 < fn && f[k + 1] >= '0' && f[k + 1] <= '9')
      for (count = 0, have = 1; k + 1 < fn && f[k + 1] >= '0' && f[k + 1] <= '9' && count < 1000000; k++)
        count = count * 10 + (f[k + 1] - '0');
    (void)have;
    const char *s;
    size_t n;
    long long x;
    switch (code) {
    case 'H':
    case 'h': {
      if (next >= na || !as_str(&a[next++], &s, &n)) return 0;
      size_t digits = star ? n : (size_t)count < n ? (size_t)count : n;
      for (size_t d = 0; d < digits; d += 2) {
        int hi = hexnib((unsigned char)s[d]), lo = d + 1 < digits ? hexnib((unsigned char)s[d + 1]) : 0;
        if (hi < 0 || lo < 0) return 0;
        ob_byte(o, (char)(code == 'H' ? hi << 4 | lo : lo << 4 | hi), limit);
      }
      break;
    }
    case 'a':
    case 'A':
      if (next >= na || !as_str(&a[next++], &s, &n)) return 0;
      if (star) count = (long long)n;
      for (long long d = 0; d < count && !o->over; d++) ob_byte(o, (size_t)d < n ? s[d] : code == 'a' ? '\0' : ' ', limit);
      break;
    case 'C':
    case 'c':
      for (long long d = 0; (star ? next < na : d < count) && !o->over; d++) {
        if (next >= na || !as_num(&a[next++], &x)) return 0;
        ob_byte(o, (char)(x & 0xFF), limit);
      }
      break;
    case 'n':
    case 'v':
    case 'N':
    case 'V':
      for (long long d = 0; (star ? next < na : d < count) && !o->over; d++) {
        if (next >= na || !as_num(&a[next++], &x)) return 0;
        int bytes = code == 'n' || code == 'v' ? 2 : 4, big = code == 'n' || code == 'N';
        for (int q = 0; q < bytes; q++)
          ob_byte(o, (char)(x >> (8 * (big ? bytes - 1 - q : q)) & 0xFF), limit);
      }
      break;
    default: return 0;
    }
  }
  return !o->over && next == na;
}

static int do_uudecode(const pval *a, obuf *o, size_t limit) {
  if (a[0].kind != V_STR) return 0;
  const char *s = a[0].s, *end = s + a[0].n;
  while (s < end && !o->over) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *le = nl ? nl : end;
    if (le > s && le[-1] == '\r') le--;
    if (le == s) break;
    int len = (s[0] - 32) & 63;
    if (!len) break;
    const char *p = s + 1;
    for (int got = 0; got < len && p < le;) {
      unsigned char q[4];
      for (int m = 0; m < 4; m++) q[m] = p + m < le ? (unsigned char)((p[m] - 32) & 63) : 0;
      unsigned char b3[3] = {(unsigned char)(q[0] << 2 | q[1] >> 4), (unsigned char)(q[1] << 4 | q[2] >> 2),
                             (unsigned char)(q[2] << 6 | q[3])};
      for (int m = 0; m < 3 && got < len; m++, got++) ob_byte(o, (char)b3[m], limit);
      p += 4;
    }
    if (!nl) break;
    s = nl + 1;
  }
  return o->n > 0 && !o->over;
}

static int do_entities(const pval *a, obuf *o, size_t limit) {
  const char *s;
  size_t n;
  if (a[0].kind != V_STR) return 0;
  s = a[0].s, n = a[0].n;
  static const struct { const char *e; char ch; } named[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  for (size_t k = 0; k < n && !o->over;) {
    if (s[k] == '&') {
      int done = 0;
      for (size_t e = 0; e < sizeof named / sizeof named[0] && !done; e++) {
        size_t el = strlen(named[e].e);
        if (k + el <= n && memcmp(s + k, named[e].e, el) == 0) ob_byte(o, named[e].ch, limit), k += el, done = 1;
      }
      if (!done && k + 3 < n && s[k + 1] == '#') {
        size_t q = k + 2;
        unsigned long v = 0;
        int hex = q < n && (s[q] | 0x20) == 'x';
        q += (size_t)hex;
        size_t digits = 0;
        for (; q < n && digits < 8 && (hex ? hexnib((unsigned char)s[q]) >= 0 : s[q] >= '0' && s[q] <= '9'); q++, digits++)
          v = v * (hex ? 16 : 10) + (unsigned long)(hex ? hexnib((unsigned char)s[q]) : s[q] - '0');
        if (digits && q < n && s[q] == ';') {
          if (v < 0x80) {
            ob_byte(o, (char)v, limit);
          } else { /* as UTF-8 */
            arena t = {0};
            lang_arena_put(&t, "", 0);
            lang_arena_append_cp(&t, (uint32_t)v);
            ob_put(o, t.buf, t.len - 1, limit);
            lang_arena_free(&t);
          }
          k = q + 1, done = 1;
        }
      }
      if (done) continue;
    }
    ob_byte(o, s[k++], limit);
  }
  return !o->over;
}

static int do_stripslashes(const pval *a, obuf *o, size_t limit) {
  if (a[0].kind != V_STR) return 0;
  for (size_t k = 0; k < a[0].n && !o->over; k++) {
    char ch = a[0].s[k];
    if (ch == '\\' && k + 1 < a[0].n) {
      ch = a[0].s[++k];
      if (ch == '0') ch = '\0';
    } else if (ch == '\\') {
      continue;
    }
    ob_byte(o, ch, limit);
  }
  return !o->over;
}

static int do_explode(pval *a, size_t na, carr_builder *b) {
  const char *sep, *s;
  size_t sn, n;
  long long limit = 0x7fffffff;
  if (na < 2 || !as_str(&a[0], &sep, &sn) || !sn || !as_str(&a[1], &s, &n)) return 0;
  if (na > 2 && !as_num(&a[2], &limit)) return 0;
  if (limit == 0) limit = 1;
  size_t k = 0;
  long long parts = 0;
  carr_builder all;
  lang_carr_init(&all);
  for (;;) {
    const char *hit = NULL;
    if (limit < 0 || parts + 1 < limit)
      for (size_t q = k; q + sn <= n; q++)
        if (memcmp(s + q, sep, sn) == 0) {
          hit = s + q;
          break;
        }
    size_t e = hit ? (size_t)(hit - s) : n;
    lang_carr_push(&all, s + k, e - k);
    parts++;
    if (!hit || all.failed) break;
    k = e + sn;
  }
  long long keep = limit < 0 ? parts + limit : parts;
  carr_ent e;
  long long m = 0;
  for (size_t pos = 0; (pos = lang_carr_next(all.buf, all.len, pos, &e)) != 0 && m < keep; m++)
    lang_carr_push(b, e.v, e.vn);
  int ok = !all.failed;
  lang_carr_free(&all);
  return ok;
}

static int arr_result(lang_ctx *c, const name_def *d, pval *a, size_t na, carr_builder *b) {
  (void)c;
  switch (d->id) {
  case PF_EXPLODE: return do_explode(a, na, b);
  case PF_STR_SPLIT: {
    const char *s;
    size_t n;
    long long w = 1;
    if (!na || !as_str(&a[0], &s, &n) || (na > 1 && !as_num(&a[1], &w)) || w < 1) return 0;
    for (size_t k = 0; k < n && !b->failed; k += (size_t)w)
      lang_carr_push(b, s + k, n - k < (size_t)w ? n - k : (size_t)w);
    return 1;
  }
  case PF_ARRAY_REVERSE:
  case PF_ARRAY_VALUES: {
    if (!na || a[0].kind != V_ARR) return 0;
    carr_ent e;
    size_t cnt = lang_carr_count((const unsigned char *)a[0].s, a[0].n), m = 0;
    carr_ent *all = xcalloc(cnt ? cnt : 1, sizeof *all);
    for (size_t pos = 0; m < cnt && (pos = lang_carr_next((const unsigned char *)a[0].s, a[0].n, pos, &e)) != 0;)
      all[m++] = e;
    for (size_t k = 0; k < m; k++) {
      const carr_ent *x = d->id == PF_ARRAY_REVERSE ? &all[m - 1 - k] : &all[k];
      if (memchr(x->k, '\x1f', x->kn)) {
        free(all);
        return 0;
      }
      lang_carr_push(b, x->v, x->vn);
    }
    free(all);
    return 1;
  }
  default: return -1; /* not an array function */
  }
}

static int num_result(const name_def *d, pval *a, size_t na, long long *x) {
  const char *s;
  size_t n;
  if (!na || !as_str(&a[0], &s, &n)) return 0;
  int base = d->id == PF_HEXDEC ? 16 : d->id == PF_OCTDEC ? 8 : d->id == PF_BINDEC ? 2 : 0;
  if (d->id == PF_ORD) return *x = n ? (unsigned char)s[0] : 0, 1;
  if (!base) return 0;
  long long r = 0;
  for (size_t k = 0; k < n && k < 16; k++) {
    int v = hexnib((unsigned char)s[k]);
    if (v >= 0 && v < base) r = r * base + v; /* PHP ignores what is not a digit */
  }
  return *x = r, 1;
}

/* base_convert('1751504350', 10, 36): a name written as a number in another
 * base (PHP skips what is not a digit of the base). */
static int do_base_convert(pval *a, size_t na, obuf *o, size_t limit) {
  const char *s;
  size_t n;
  long long from, to;
  if (na != 3 || !as_str(&a[0], &s, &n) || !as_num(&a[1], &from) || !as_num(&a[2], &to) || from < 2 || from > 36 ||
      to < 2 || to > 36)
    return 0;
  unsigned long long v = 0;
  for (size_t k = 0; k < n; k++) {
    unsigned char ch = (unsigned char)s[k];
    int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'z' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'Z' ? ch - 'A' + 10 : 99;
    if (d >= from) continue;
    if (v > (~0ull - (unsigned long long)d) / (unsigned long long)from) return 0; /* beyond 64 bits: PHP goes to floats */
    v = v * (unsigned long long)from + (unsigned long long)d;
  }
  char tmp[72];
  size_t k = sizeof tmp;
  do {
    unsigned d = (unsigned)(v % (unsigned long long)to);
    tmp[--k] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
    v /= (unsigned long long)to;
  } while (v);
  ob_put(o, tmp + k, sizeof tmp - k, limit);
  return !o->over;
}

/* vsprintf(format, array): sprintf with the array's values as arguments. */
static int do_vsprintf(lang_ctx *c, pval *a, size_t na, obuf *o) {
  enum { MAXARGS = 64 };
  if (na != 2 || a[1].kind != V_ARR) return 0;
  pval args[MAXARGS + 1];
  size_t nargs = 1;
  args[0] = a[0];
  carr_ent e;
  for (size_t pos = 0; (pos = lang_carr_next((const unsigned char *)a[1].s, a[1].n, pos, &e)) != 0;) {
    if (nargs > MAXARGS || memchr(e.k, '\x1f', e.kn)) return 0;
    memset(&args[nargs], 0, sizeof args[nargs]);
    args[nargs].kind = V_STR;
    args[nargs].s = e.v;
    args[nargs].n = e.vn;
    args[nargs].t = a[1].t;
    nargs++;
  }
  return do_sprintf(c, args, nargs, o);
}

static int str_result(lang_ctx *c, const name_def *d, pval *a, size_t na, obuf *o, int *dec) {
  const char *s;
  size_t n, limit = limit_of(c);
  long long x, y;
  *dec = 0;
  switch (d->id) {
  case PF_STR_REPLACE: *dec = DEC_STRREPLACE; return do_str_replace(c, a, na, o, 0);
  case PF_STR_IREPLACE: *dec = DEC_STRREPLACE; return do_str_replace(c, a, na, o, 1);
  case PF_SUBSTR: {
    size_t from, cnt;
    if (na < 2 || !as_str(&a[0], &s, &n) || !as_num(&a[1], &x) || (na > 2 && !as_num(&a[2], &y))) return 0;
    substr_bounds((long long)n, x, na > 2, na > 2 ? y : 0, &from, &cnt);
    ob_put(o, s + from, cnt, limit);
    *dec = DEC_SUBSTR;
    return 1;
  }
  case PF_SUBSTR_REPLACE: {
    const char *r;
    size_t rn, from, cnt;
    if (na < 3 || !as_str(&a[0], &s, &n) || !as_str(&a[1], &r, &rn) || !as_num(&a[2], &x) ||
        (na > 3 && !as_num(&a[3], &y)))
      return 0;
    substr_bounds((long long)n, x, na > 3, na > 3 ? y : 0, &from, &cnt);
    ob_put(o, s, from, limit);
    ob_put(o, r, rn, limit);
    ob_put(o, s + from + cnt, n - from - cnt, limit);
    *dec = DEC_STRREPLACE;
    return !o->over;
  }
  case PF_STRTOLOWER:
  case PF_STRTOUPPER:
  case PF_UCFIRST:
  case PF_LCFIRST:
  case PF_UCWORDS:
  case PF_STRVAL:
    if (!na || !as_str(&a[0], &s, &n)) return 0;
    ob_put(o, s, n, limit);
    for (size_t k = 0; k < o->n && !o->over; k++) {
      unsigned char ch = (unsigned char)o->p[k];
      int lower = ch >= 'a' && ch <= 'z', upper = ch >= 'A' && ch <= 'Z';
      if (d->id == PF_STRTOLOWER && upper) o->p[k] = (char)(ch + 32);
      if (d->id == PF_STRTOUPPER && lower) o->p[k] = (char)(ch - 32);
      if (d->id == PF_UCFIRST && k == 0 && lower) o->p[k] = (char)(ch - 32);
      if (d->id == PF_LCFIRST && k == 0 && upper) o->p[k] = (char)(ch + 32);
      if (d->id == PF_UCWORDS && lower && (k == 0 || strchr(" \t\r\n\f\v", o->p[k - 1]))) o->p[k] = (char)(ch - 32);
    }
    return !o->over;
  case PF_TRIM: return do_trim(a, na, o, 1, 1, limit);
  case PF_LTRIM: return do_trim(a, na, o, 1, 0, limit);
  case PF_RTRIM: return do_trim(a, na, o, 0, 1, limit);
  case PF_STRTR: *dec = DEC_STRTR; return do_strtr(c, a, na, o);
  case PF_STR_REPEAT:
    if (na != 2 || !as_str(&a[0], &s, &n) || !as_num(&a[1], &x) || x < 0) return 0;
    if (n && (unsigned long long)x > limit / n) return 0;
    for (long long k = 0; k < x && !o->over; k++) ob_put(o, s, n, limit);
    return !o->over;
  case PF_IMPLODE: *dec = DEC_IMPLODE; return do_implode(c, a, na, o);
  case PF_SPRINTF: *dec = DEC_SPRINTF; return do_sprintf(c, a, na, o);
  case PF_VSPRINTF: *dec = DEC_SPRINTF; return do_vsprintf(c, a, na, o);
  case PF_BASE_CONVERT: return do_base_convert(a, na, o, limit);
  case PF_PACK: *dec = DEC_PACK; return do_pack(c, a, na, o);
  case PF_UUDECODE: *dec = DEC_UUDECODE; return na == 1 && do_uudecode(a, o, limit);
  case PF_ENTITIES: *dec = DEC_ENTITIES; return na >= 1 && do_entities(a, o, limit);
  case PF_STRIPSLASHES: return na == 1 && do_stripslashes(a, o, limit);
  case PF_DECHEX:
    if (na != 1 || !as_num(&a[0], &x)) return 0;
    {
      char tmp[24];
      int k = snprintf(tmp, sizeof tmp, "%llx", (unsigned long long)x);
      ob_put(o, tmp, (size_t)k, limit);
    }
    return 1;
  default: return 0;
  }
}

/* The function a call at st[i] names: an identifier, or a constant string
 * (a variable function). */
static const name_def *callee(lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  if (!is_op(c, i + 1, "(")) return NULL;
  if (i > 0 && (is_op(c, i - 1, "->") || is_op(c, i - 1, "::") || is_op(c, i - 1, "?->") ||
                tok_is(c, &c->st[i - 1], TK_IDENT, "function") || tok_is(c, &c->st[i - 1], TK_IDENT, "new")))
    return NULL;
  if (t->kind == TK_IDENT && !(t->flags & TF_NEW)) return lang_names_lookup(tok_text(c, t), t->len, c->syn);
  if (plain_str(t) && t->len < 40) {
    char name[40];
    for (size_t k = 0; k < t->len; k++) {
      char ch = tok_text(c, t)[k];
      name[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    size_t n = t->len;
    if (n && name[0] == '\\') return lang_names_lookup(name + 1, n - 1, c->syn);
    return lang_names_lookup(name, n, c->syn);
  }
  return NULL;
}

#define MAX_ARGS 16

/* A function of this file that returns a constant: loader() is "eval". */
static int fold_constant_function(lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  if (t->kind != TK_IDENT || !is_op(c, i + 1, "(") || (i > 0 && (is_op(c, i - 1, "->") || is_op(c, i - 1, "::") ||
                                                                 tok_is(c, &c->st[i - 1], TK_IDENT, "function"))))
    return 0;
  for (size_t k = 0; k < c->nwrappers; k++) { /* fold_call asked the bloom first */
    const wrapper *w = &c->wrappers[k];
    if (!w->nretc || w->retc_bad || (int)k + 1 == c->fn || strlen(w->name) != t->len || memcmp(w->name, tok_text(c, t), t->len))
      continue;
    size_t close = lang_match_close(c, i + 1);
    if (close >= c->nst) return 0;
    for (size_t a = i + 2; a < close; a++) /* constant arguments only: the value does not depend on them */
      if (c->st[a].kind == TK_VAR || c->st[a].kind == TK_IDENT) return 0;
    obuf o = {.p = (char *)w->retc, .n = w->nretc};
    token from = {.flags = TF_CONST};
    emit_str(c, i, close, &o, &from, 0);
    return 1;
  }
  return 0;
}

/* d('<constant>', 'key'): a function of the file whose decode loop
 * loop_run.c reads, run on the constant arguments. */
static int fold_loop_call(lang_ctx *c, size_t i) {
  size_t close;
  const token *src;
  obuf o = {0};
  long r = lang_loop_call(c, i, &close, &o.p, &src);
  if (r <= 0) return 0;
  o.n = (size_t)r;
  int name = c->fn && o.n <= 40;
  for (size_t k = 0; k < o.n && name; k++) name = lang_lex_ident_char((unsigned char)o.p[k]);
  if (name) { /* a function name inside a function: left to php_built.c, which follows a built name into its callers */
    free(o.p);
    return 0;
  }
  token from = *src;
  from.flags = TF_CONST;
  emit_str(c, i, close, &o, &from, DEC_LOOP);
  free(o.p);
  return 1;
}

static int fold_call(lang_ctx *c, size_t i) {
  const name_def *d = callee(c, i);
  const token *t = &c->st[i];
  if (!d) /* each of these folds a call of one of the file's own functions */
    return c->nwrappers && t->kind == TK_IDENT && lang_maybe_wrapper(c, tok_text(c, t), t->len) &&
           (fold_constant_function(c, i) || lang_php_fold_table_call(c, i) || lang_php_fold_inline_call(c, i) ||
            (c->nlr_progs && fold_loop_call(c, i)));
  if (d->kind == N_SINK && d->id == SK_CALLBACK && strcmp(d->name, "array_map") == 0)
    return lang_php_fold_array_map(c, i); /* array_map('chr', array(115, ...)) */
  if (d->kind != N_PURE && d->kind != N_DECODER) return 0;
  size_t close = lang_match_close(c, i + 1);
  if (close >= c->nst) return 0;
  if (d->kind == N_DECODER) {
    /* a decoder (also named by a constant: $f = 'base64_decode'; $f('...'),
     * or given a bare word): fold.c decodes a literal */
    if (close == i + 3 && bareword(c, i + 2)) {
      token *w = &c->st[i + 2];
      token s = *w;
      s.kind = TK_STR;
      s.flags = 0;
      s.off = lang_arena_put(&c->sink.text, c->buf + w->src_off, w->src_end - w->src_off);
      s.len = w->src_end - w->src_off;
      c->st[i + 2] = s;
    }
    if (close < i + 3) return 0;
    return lang_fold_decode_call(c, i, close, d);
  }
  pval a[MAX_ARGS];
  size_t na = 0;
  for (size_t k = i + 2; k < close;) {
    if (na == MAX_ARGS) return 0;
    size_t used = value_at(c, k, close, &a[na]);
    if (!used) return 0;
    k += used;
    na++;
    if (k < close && !is_op(c, k, ",")) return 0;
    k++;
  }
  const token *first = NULL;
  for (size_t k = 0; k < na && !first; k++)
    if (a[k].kind == V_STR && a[k].t && (a[k].t->nchain || a[k].t->flags & TF_JOINED)) first = a[k].t;
  if (!first)
    for (size_t k = 0; k < na && !first; k++)
      if (a[k].kind == V_STR) first = a[k].t;
  carr_builder b;
  lang_carr_init(&b);
  int r = arr_result(c, d, a, na, &b);
  if (r >= 0) {
    if (r && !b.failed) emit_arr(c, i, close, &b);
    lang_carr_free(&b);
    return r && !b.failed;
  }
  lang_carr_free(&b);
  long long x;
  if (d->id == PF_ORD || d->id == PF_HEXDEC || d->id == PF_OCTDEC || d->id == PF_BINDEC) {
    if (!num_result(d, a, na, &x)) return 0;
    emit_num(c, i, close, x);
    return 1;
  }
  obuf o = {0};
  int dec;
  int ok = str_result(c, d, a, na, &o, &dec) && !o.over;
  if (ok) {
    token from = first ? *first : (token){0};
    emit_str(c, i, close, &o, first ? &from : NULL, dec);
  }
  free(o.p);
  return ok;
}

/* A double-quoted string whose variables all hold constants ("py($c,$a);"
 * after $c = '$_GET[..]'): the string it makes.  Variables written
 * $name, {$name} and ${name} only; an index, a property or a variable
 * without a constant leaves the string as it is. */
int lang_php_fold_interp(lang_ctx *c, size_t i) {
  token *t = &c->st[i];
  if (t->kind != TK_STR || !(t->flags & TF_INTERP) || t->len > 4096) return 0;
  const unsigned char *s = (const unsigned char *)tok_text(c, t), *end = s + t->len, *chunk = s;
  obuf o = {0};
  unsigned char *tmp = xmalloc(t->len + 1);
  size_t limit = limit_of(c);
  int ok = 1, interp;
  size_t esc;
  for (const unsigned char *p = s; p < end && ok; p++) {
    if (*p == '\\') {
      p++;
      continue;
    }
    int brace = *p == '{' && p + 1 < end && p[1] == '$', dbrace = *p == '$' && p + 1 < end && p[1] == '{';
    if (*p != '$' && !brace) continue;
    const unsigned char *v = p + (brace ? 1 : 0), *q;
    if (dbrace) { /* ${name}: the variable $name */
      for (q = p + 2; q < end && lang_lex_ident_char(*q); q++) {}
      if (q == p + 2 || q >= end || *q != '}') {
        ok = 0;
        break;
      }
    } else {
      if (v + 1 >= end || !lang_lex_ident_start(v[1])) continue; /* a lone '$' is text */
      for (q = v + 1; q < end && lang_lex_ident_char(*q); q++) {}
      if (q < end && (*q == '[' || (*q == '-' && q + 1 < end && q[1] == '>'))) { /* "$a[k]", "$o->p" */
        ok = 0;
        break;
      }
      if (brace && (q >= end || *q != '}')) {
        ok = 0;
        break;
      }
    }
    char name[64];
    size_t nn;
    if (dbrace) {
      nn = (size_t)(q - (p + 2)) + 1;
      if (nn >= sizeof name) { ok = 0; break; }
      name[0] = '$';
      memcpy(name + 1, p + 2, nn - 1);
    } else {
      nn = (size_t)(q - v);
      if (nn >= sizeof name) { ok = 0; break; }
      memcpy(name, v, nn);
    }
    sym *sy = lang_sym_get(c, name, nn, 0);
    int arr = sy && sy->has_arr && !sy->has_const; /* "$a" of an array is "Array" */
    if (!sy || (!arr && (!sy->has_const || (sy->val.kind != TK_STR && sy->val.kind != TK_NUM)))) {
      ok = 0;
      break;
    }
    ob_put(&o, tmp, lang_php_unescape(chunk, p, tmp, &interp, &esc), limit);
    if (arr) ob_put(&o, "Array", 5, limit);
    else ob_put(&o, c->persist.buf + sy->val.off, sy->val.len, limit);
    p = (brace || dbrace) ? q : q - 1; /* past the closing brace, or the name */
    chunk = p + 1;
  }
  if (ok) ob_put(&o, tmp, lang_php_unescape(chunk, end, tmp, &interp, &esc), limit);
  free(tmp);
  if (ok && !o.over) {
    token from = {.flags = TF_CONST};
    emit_str(c, i, i, &o, &from, 0);
  }
  free(o.p);
  return ok && !o.over;
}

/* function f($dir = '.', $b = 'x') and function ($a = 'x'): a parameter's
 * default value, not an assignment (the parameter must stay a parameter). */
static int default_param(const lang_ctx *c, size_t i) {
  int depth = 0;
  for (size_t k = i; k-- > 0;) {
    if (is_op(c, k, ")")) depth++;
    else if (is_op(c, k, "(") && depth-- == 0)
      return (k >= 1 && tok_is(c, &c->st[k - 1], TK_IDENT, "function")) ||
             (k >= 2 && c->st[k - 1].kind == TK_IDENT && tok_is(c, &c->st[k - 2], TK_IDENT, "function")) ||
             (k >= 3 && is_op(c, k - 2, "&") && tok_is(c, &c->st[k - 3], TK_IDENT, "function"));
  }
  return 0;
}

/* f($a = 'x'), 'x' . $b = 'y': an assignment of a literal inside an
 * expression is that literal, and the variable holds it from then on
 * (packers hide a decoder's name this way: $f = urldecode($a = '%70' . $b = '%72')).
 * A chained assignment $a = $b = $c = 'x' is the same, at the statement's end:
 * encoders give their decoder's name to several variables at once. */
static int fold_inner_assign(lang_ctx *c, size_t i) {
  if (i == 0 || c->in_target || i + 3 > c->nst || !plain_str(&c->st[i + 2])) return 0;
  int chained = i >= 2 && is_op(c, i - 1, "=") && c->st[i - 2].kind == TK_VAR;
  if (!(is_op(c, i - 1, ".") || is_op(c, i - 1, "(") || is_op(c, i - 1, ",") || chained)) return 0;
  if (i + 3 == c->nst ? !chained : !(is_op(c, i + 3, ")") || is_op(c, i + 3, ",")))
    return 0; /* 'a' . 'b' after it: not yet */
  if (default_param(c, i)) return 0;
  const token *v = &c->st[i], *lit = &c->st[i + 2];
  sym *s = lang_sym_get(c, tok_text(c, v), v->len, 1);
  if (s) {
    s->val = *lit;
    s->val.off = lang_arena_put(&c->persist, tok_text(c, lit), lit->len);
    s->has_const = 1;
    s->has_taint = s->has_arr = s->built = 0;
    c->values |= LV_CONST;
    lang_sym_noted(c, s);
  }
  token out = *lit;
  out.src_off = v->src_off;
  lang_fold_replace(c, i, i + 2, &out);
  return 1;
}

int lang_php_fold_at(lang_ctx *c, size_t i) {
  if (!lang_php_fold_may(c, i)) return 0; /* everything below looks at an operator here or next */
  const token *t = &c->st[i];
  const token *n = &c->st[i + 1];
  char nx = n->kind == TK_OP ? tok_text(c, n)[0] : 0;
  switch (t->kind) {
  case TK_OP:
    if (t->len != 1) return 0;
    switch (tok_text(c, t)[0]) {
    case '$': return fold_varvar(c, i);
    case '[': return fold_array_literal(c, i);
    case '~': case '-': case '(': case '+': return fold_unary(c, i);
    default: return 0;
    }
  case TK_IDENT:
    if (nx == '(')
      return (t->len == 5 && memcmp(tok_text(c, t), "array", 5) == 0) ? fold_array_literal(c, i) : fold_call(c, i);
    if (nx == '[' && n->len == 1) return fold_index(c, i);
    return prec(c, i + 1) && fold_binary(c, i);
  case TK_STR:
    if (nx == '[' || nx == '{') return fold_index(c, i);
    if (nx == '(') return fold_call(c, i);
    return prec(c, i + 1) && fold_binary(c, i);
  case TK_VAR:
    if (nx == '=' && n->len == 1 && fold_inner_assign(c, i)) return 1;
    /* fall through */
  case TK_ARR:
    if (nx == '.' && n->len == 1 && ((c->values & LV_ARR) || c->parent))
      return fold_binary(c, i); /* an array's text: $a . '' is 'Array' */
    return (nx == '[' || nx == '{') && fold_index(c, i);
  case TK_NUM:
    return prec(c, i + 1) && fold_binary(c, i);
  default: return 0;
  }
}

void lang_php_fold_target(lang_ctx *c, size_t eq) {
  c->in_target = 1;
  for (int round = 0; round < 16; round++) {
    int changed = 0;
    for (size_t i = 0; i < eq && i + 2 < c->nst; i++) {
      token *t = &c->st[i];
      if (plain_str(t) && is_op(c, i + 1, ".") && plain_str(&c->st[i + 2]) && i + 2 < eq) { /* '_PO'.'ST' */
        obuf o = {0};
        ob_put(&o, tok_text(c, t), t->len, limit_of(c));
        ob_put(&o, tok_text(c, &c->st[i + 2]), c->st[i + 2].len, limit_of(c));
        if (!o.over) emit_str(c, i, i + 2, &o, t, 0), eq -= 2, changed = 1;
        free(o.p);
        continue;
      }
      size_t before = c->nst;
      if (is_op(c, i, "[") && !(i + 1 < eq && plain_str(&c->st[i + 1]) && is_op(c, i + 2, "]"))) {
        /* the key of a target element: $GLOBALS[$abc[52] . $abc[42]] = ... */
        size_t close = lang_match_close(c, i);
        if (close < eq && close > i + 1) {
          c->in_target = 0;
          size_t nb = lang_fold_range(c, i + 1, close);
          c->in_target = 1;
          if (nb != close) eq = eq + nb - close, changed = 1;
        }
        continue;
      }
      if (is_op(c, i, "$") && is_op(c, i + 1, "{")) { /* ${("#"^"|").("#"^"|")} = ...: the name inside first */
        size_t close = lang_match_close(c, i + 1);
        if (close < eq && close > i + 3) {
          c->in_target = 0;
          size_t nb = lang_fold_range(c, i + 2, close);
          c->in_target = 1;
          eq = eq + nb - close;
        }
        if (fold_varvar(c, i)) changed = 1;
      } else if (t->kind == TK_VAR && t->len == 8 && memcmp(tok_text(c, t), "$GLOBALS", 8) == 0 && fold_index(c, i)) changed = 1;
      eq = eq + c->nst - before;
    }
    if (!changed) break;
  }
  c->in_target = 0;
}
