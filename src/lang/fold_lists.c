/*
 * fold_lists.c - string lists joined into one literal, the way classic
 * ASP pages hide a ProgID or a method name from a scanner that looks
 * for it whole:
 *
 *   VBScript  Join(Array("WScript", "Shell"), ".")
 *             Join(Split("WS#cr#ipt.Sh#ell", "#"), "")
 *   JScript   ["WScript", "Shell"].join(".")
 *             o["Ex" + "ec"](...)  (o.Exec(...) on an object of a known class)
 *
 * Only lists of plain literals fold; anything computed stays as it is.
 */
#include <stdlib.h>
#include <string.h>

#include "lang/analyze.h"
#include "util/util.h"

/* The longest text a fold here builds: a ProgID or a member name is short,
 * a payload cut into a list is not what these catch. */
#define LIST_MAX 4096

static inline int op_at(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

static inline int ident_at(const lang_ctx *c, size_t i, const char *name) {
  return i < c->nst && tok_is(c, &c->st[i], TK_IDENT, name);
}

static int plain_str_at(const lang_ctx *c, size_t i) {
  return i < c->nst && c->st[i].kind == TK_STR && !(c->st[i].flags & TF_INTERP);
}

/* Literals s1 , s2 , ... from st[k] up to the operator close: their texts
 * joined with sep[0, sepn) into out (at most LIST_MAX bytes); the index of
 * close, or 0 when the list holds anything else. */
static size_t join_list(const lang_ctx *c, size_t k, const char *close, const char *sep, size_t sepn, char *out,
                        size_t *n) {
  *n = 0;
  for (int first = 1;; first = 0) {
    if (!plain_str_at(c, k)) return 0;
    const token *s = &c->st[k];
    if (*n + (first ? 0 : sepn) + s->len > LIST_MAX) return 0;
    if (!first) memcpy(out + *n, sep, sepn), *n += sepn;
    memcpy(out + *n, tok_text(c, s), s->len);
    *n += s->len;
    if (op_at(c, k + 1, close)) return k + 1;
    if (!op_at(c, k + 1, ",")) return 0;
    k += 2;
  }
}

/* s with every from[0, nf) replaced by to[0, nt), into out (LIST_MAX); 0 if too long. */
static int replace_all(const char *s, size_t ns, const char *from, size_t nf, const char *to, size_t nt, char *out,
                       size_t *n) {
  *n = 0;
  for (size_t k = 0; k < ns;) {
    if (nf && k + nf <= ns && memcmp(s + k, from, nf) == 0) {
      if (*n + nt > LIST_MAX) return 0;
      memcpy(out + *n, to, nt), *n += nt, k += nf;
    } else {
      if (*n + 1 > LIST_MAX) return 0;
      out[(*n)++] = s[k++];
    }
  }
  return 1;
}

/* VBScript x = Split(s, d), the whole value of an assignment at st[i] (the
 * Split): the literal s with each d made a unit separator (\x1f), so that
 * a later Join(x, sep) of the variable joins the same pieces. */
static int vb_split_value(lang_ctx *c, size_t i) {
  if (i != 2 || !op_at(c, 1, "=") || c->nst != 8 || !op_at(c, 3, "(") || !plain_str_at(c, 4) || !op_at(c, 5, ",") ||
      !plain_str_at(c, 6) || !op_at(c, 7, ")") || c->st[4].len > LIST_MAX || !c->st[6].len)
    return 0;
  const token *s = &c->st[4], *d = &c->st[6];
  if (!memmem(tok_text(c, s), s->len, tok_text(c, d), d->len) || memchr(tok_text(c, s), 0x1f, s->len)) return 0;
  char *buf = xmalloc(LIST_MAX + 1);
  size_t n = 0;
  int ok = replace_all(tok_text(c, s), s->len, tok_text(c, d), d->len, "\x1f", 1, buf, &n);
  if (ok) lang_fold_put(c, i, 7, buf, n, TK_STR, NULL, 0);
  free(buf);
  return ok;
}

/* VBScript Join(Array(...), sep) and Join(Split(s, d), sep) at st[i] (the Join). */
static int vb_join(lang_ctx *c, size_t i) {
  if (!op_at(c, i + 1, "(") || i + 3 >= c->nst) return 0;
  size_t close = lang_match_close(c, i + 1);
  if (close >= c->nst || close < i + 5 || !op_at(c, close - 2, ",") || !plain_str_at(c, close - 1)) return 0;
  const token *sep = &c->st[close - 1];
  char *buf = xmalloc(2 * LIST_MAX + 2);
  size_t n = 0, end = 0;
  if (ident_at(c, i + 2, "array") && op_at(c, i + 3, "(")) {
    end = join_list(c, i + 4, ")", tok_text(c, sep), sep->len, buf, &n);
  } else if (plain_str_at(c, i + 2) && op_at(c, i + 3, ",") && memchr(tok_text(c, &c->st[i + 2]), 0x1f, c->st[i + 2].len)) {
    /* Join(x, sep) of a variable that holds a Split (vb_split_value) */
    const token *s = &c->st[i + 2];
    end = replace_all(tok_text(c, s), s->len, "\x1f", 1, tok_text(c, sep), sep->len, buf, &n) ? i + 2 : 0;
  } else if (ident_at(c, i + 2, "split") && op_at(c, i + 3, "(") && plain_str_at(c, i + 4) && op_at(c, i + 5, ",") &&
             plain_str_at(c, i + 6) && op_at(c, i + 7, ")") && c->st[i + 4].len <= LIST_MAX) {
    const token *s = &c->st[i + 4], *d = &c->st[i + 6];
    end = replace_all(tok_text(c, s), s->len, tok_text(c, d), d->len, tok_text(c, sep), sep->len, buf, &n) ? i + 7 : 0;
  }
  int ok = end && end + 3 == close;
  if (ok) lang_fold_put(c, i, close, buf, n, TK_STR, NULL, 0);
  free(buf);
  return ok;
}

/* JScript ["a", "b"].join(sep) at st[i] (the '['), when the '[' opens an
 * array rather than an index. */
static int js_array_join(lang_ctx *c, size_t i) {
  if (i > 0 && (c->st[i - 1].kind == TK_IDENT || c->st[i - 1].kind == TK_STR || op_at(c, i - 1, ")") ||
                op_at(c, i - 1, "]")))
    return 0;
  char *buf = xmalloc(LIST_MAX + 1);
  size_t n = 0, close = join_list(c, i + 1, "]", "", 0, buf, &n), j = 0;
  free(buf);
  if (!close) return 0;
  size_t call = 0;
  if (op_at(c, close + 1, ".") && ident_at(c, close + 2, "join")) call = close + 3;
  else if (ident_at(c, close + 1, ".join")) call = close + 2;
  if (!call || !op_at(c, call, "(")) return 0;
  const char *sep = ",";
  size_t sepn = 1;
  if (plain_str_at(c, call + 1) && op_at(c, call + 2, ")")) sep = tok_text(c, &c->st[call + 1]), sepn = c->st[call + 1].len, j = call + 2;
  else if (op_at(c, call + 1, ")")) j = call + 1;
  else return 0;
  char *sepc = xmalloc(sepn + 1);
  memcpy(sepc, sep, sepn); /* the arena the separator lives in may move while joining */
  buf = xmalloc(LIST_MAX + 1);
  int ok = join_list(c, i + 1, "]", sepc, sepn, buf, &n) == close;
  if (ok) lang_fold_put(c, i, j, buf, n, TK_STR, NULL, 0);
  free(buf);
  free(sepc);
  return ok;
}

/* JScript obj["name"](...) at st[i] (obj): the member call obj.name(...). */
static int js_member_by_string(lang_ctx *c, size_t i) {
  const token *o = &c->st[i], *s = i + 2 < c->nst ? &c->st[i + 2] : NULL;
  if (!s || !op_at(c, i + 1, "[") || !plain_str_at(c, i + 2) || !op_at(c, i + 3, "]") || !op_at(c, i + 4, "(")) return 0;
  if (o->len + 1 + s->len > 96 || !s->len) return 0;
  /* only on an object of a known class (o = new ActiveXObject(...)): this["eval"] and its aliases are read elsewhere */
  sym *os = lang_sym_get(c, tok_text(c, o), o->len, 0);
  if (!os || !os->has_type) return 0;
  const char *ts = tok_text(c, s);
  for (size_t k = 0; k < s->len; k++)
    if (!lang_lex_ident_char((unsigned char)ts[k])) return 0;
  char name[98];
  size_t n = 0;
  memcpy(name, tok_text(c, o), o->len), n = o->len;
  name[n++] = '.';
  for (size_t k = 0; k < s->len; k++) name[n++] = (char)(ts[k] >= 'A' && ts[k] <= 'Z' ? ts[k] + 32 : ts[k]);
  lang_fold_put(c, i, i + 3, name, n, TK_IDENT, NULL, 0);
  return 1;
}

int lang_fold_lists(lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  if (c->syn == SYN_VB)
    return t->kind == TK_IDENT &&
           ((tok_is(c, t, TK_IDENT, "join") && vb_join(c, i)) || (tok_is(c, t, TK_IDENT, "split") && vb_split_value(c, i)));
  if (c->syn != SYN_JSCRIPT) return 0;
  if (t->kind == TK_OP) return tok_is(c, t, TK_OP, "[") && js_array_join(c, i);
  return t->kind == TK_IDENT && js_member_by_string(c, i);
}
