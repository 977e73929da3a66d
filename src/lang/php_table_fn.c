/*
 * php_table_fn.c - lookup functions.  PHP obfuscators move every string of
 * a program (function names included) into a table inside a function and
 * replace each by a call:
 *
 *   function _f($i) { $a = array('c3lzdGVt', ...); return base64_decode($a[$i]); }
 *   $n = _f(0);   // "system"
 *
 * A function whose return is decoders applied to a constant table indexed
 * by its first parameter is remembered with the table; its calls with a
 * constant argument fold to the decoded entry, so the names it hides are
 * read like any other literal.
 */
#include <stdio.h>
#include <string.h>

#include "lang/analyze.h"

static inline __attribute__((always_inline)) int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

void lang_php_note_table_return(lang_ctx *c, wrapper *w) {
  uint8_t outer[LANG_MAX_CHAIN];
  size_t n = 0, k = 1;
  /* return D1(D2(...($a[$i]))) */
  while (k + 1 < c->nst && c->st[k].kind == TK_IDENT && is_op(c, k + 1, "(")) {
    const name_def *d = lang_names_lookup(tok_text(c, &c->st[k]), c->st[k].len, c->syn);
    if (!d || d->kind != N_DECODER || n == LANG_MAX_CHAIN) return;
    outer[n++] = (uint8_t)d->id;
    k += 2;
  }
  if (k + 4 + n != c->nst || !is_op(c, k + 1, "[") || c->st[k + 2].kind != TK_VAR || !is_op(c, k + 3, "]")) return;
  for (size_t j = k + 4; j < c->nst; j++)
    if (!is_op(c, j, ")")) return;
  sym *p = lang_sym_get(c, tok_text(c, &c->st[k + 2]), c->st[k + 2].len, 0);
  if (!p || !p->has_taint || !(p->t.flags & TA_PARAM) || p->t.param != 1) return;
  const unsigned char *blob;
  size_t len;
  if (!lang_php_array_of(c, &c->st[k], &blob, &len) || !len) return;
  uint32_t off = lang_arena_put(&c->persist, blob, len);
  w->tbl_off = off;
  w->tbl_len = (uint32_t)len;
  w->ntbl_chain = (uint8_t)n;
  for (size_t j = 0; j < n; j++) w->tbl_chain[j] = outer[n - 1 - j];
}

int lang_php_fold_table_call(lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  if (t->kind != TK_IDENT || i + 3 >= c->nst || !is_op(c, i + 1, "(") || !is_op(c, i + 3, ")")) return 0;
  const token *a = &c->st[i + 2];
  char key[32];
  const char *ks;
  size_t kn;
  if (a->kind == TK_NUM) {
    kn = (size_t)snprintf(key, sizeof key, "%lld", (long long)a->num);
    ks = key;
  } else if (a->kind == TK_STR && !(a->flags & TF_INTERP)) {
    ks = tok_text(c, a);
    kn = a->len;
  } else {
    return 0;
  }
  for (size_t k = 0; k < c->nwrappers; k++) {
    const wrapper *w = &c->wrappers[k];
    if (!w->tbl_len || (int)k + 1 == c->fn || strlen(w->name) != t->len || memcmp(w->name, tok_text(c, t), t->len))
      continue;
    const char *v;
    size_t vn;
    if (!lang_carr_get((const unsigned char *)c->persist.buf + w->tbl_off, w->tbl_len, ks, kn, &v, &vn)) return 0;
    uint32_t off = lang_arena_put(&c->sink.text, v, vn);
    size_t len = vn;
    for (size_t d = 0; d < w->ntbl_chain; d++) {
      size_t out;
      uint32_t o2 = lang_decode_apply((decoder_id)w->tbl_chain[d], (const unsigned char *)c->sink.text.buf + off, len,
                                      &c->sink.text, &out, c->budget);
      if (o2 == UINT32_MAX) return 0;
      off = o2, len = out;
    }
    token out = c->st[i];
    out.kind = TK_STR;
    out.flags = TF_CONST;
    out.nchain = 0;
    for (size_t d = 0; d < w->ntbl_chain && out.nchain < LANG_MAX_CHAIN; d++) out.chain[out.nchain++] = w->tbl_chain[d];
    out.off = off;
    out.len = (uint32_t)len;
    if (lang_fold_binary(c->sink.text.buf + off, len)) out.flags |= TF_BINARY;
    out.src_end = c->st[i + 3].src_end;
    lang_fold_replace(c, i, i + 3, &out);
    return 1;
  }
  return 0;
}
