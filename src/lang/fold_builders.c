/*
 * fold_builders.c - string-building idioms of JScript, C# and Java folded
 * on constants, beside fold.c's decoders: shells spell their command or
 * class names so that no literal holds them.
 *
 *   "txe".split("").reverse().join("")          JScript's string reversal
 *   new string(new char[]{'c', (char)109, 100})  C# from characters
 *   new String(new char[]{...}) / new String(new byte[]{99, 109, 100})   Java
 *   "" + (char)99 + (char)109                    a character joined to a string
 *   new StringBuilder("cexe").reverse().toString()  Java's string reversal
 *
 * Each becomes the one string literal it builds, with the chain "chr" (or
 * "strrev") for the explanation.
 *
 * VBScript has no base64 or hex decoder of its own, so pages carry one:
 * a function that hands its argument to an MSXML element typed
 * "bin.base64", or that rebuilds characters from "&H" & Mid(s, i, 2).
 * Such a function is remembered as that decoder, and its calls on
 * constants fold like base64_decode's and hex2bin's.  A function that
 * takes characters out of a string (Mid, charAt) and makes others (Chr,
 * Asc, fromCharCode) decodes by an algorithm of its own: code it returns,
 * or a variable assigned from it, run by Execute or eval, is a packed
 * payload even when its input is not a constant we can see.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"
#include "util/util.h"

static inline int op_at(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

static inline int ident_at(const lang_ctx *c, size_t i, const char *name) {
  return i < c->nst && tok_is(c, &c->st[i], TK_IDENT, name);
}

static int empty_str_at(const lang_ctx *c, size_t i) {
  return i < c->nst && c->st[i].kind == TK_STR && c->st[i].len == 0;
}

/* st[i..k] becomes the literal s turned round. */
static void put_reversed(lang_ctx *c, size_t i, size_t k, const token *s) {
  size_t n = s->len;
  char *buf = xmalloc(n + 1);
  const char *v = tok_text(c, s);
  for (size_t q = 0; q < n; q++) buf[q] = v[n - 1 - q];
  lang_fold_put(c, i, k, buf, n, TK_STR, s, DEC_STRREV);
  free(buf);
}

/* STR . split ( "" ) . reverse ( ) . join ( "" ) at i */
static int js_reverse(lang_ctx *c, size_t i) {
  const token *s = &c->st[i];
  if (!op_at(c, i + 1, ".") || !ident_at(c, i + 2, "split") || !op_at(c, i + 3, "(") || !empty_str_at(c, i + 4) ||
      !op_at(c, i + 5, ")") || !op_at(c, i + 6, "."))
    return 0;
  size_t k = i + 7;
  if (ident_at(c, k, "reverse().join")) { /* the analyzer joins a().b */
    k++;
  } else if (ident_at(c, k, "reverse") && op_at(c, k + 1, "(") && op_at(c, k + 2, ")") && op_at(c, k + 3, ".") &&
             ident_at(c, k + 4, "join")) {
    k += 5;
  } else {
    return 0;
  }
  if (!op_at(c, k, "(") || !empty_str_at(c, k + 1) || !op_at(c, k + 2, ")")) return 0;
  put_reversed(c, i, k + 2, s);
  return 1;
}

/* One character of an array initializer at st[k]: 99, 'c', (char)99,
 * (byte)99; *next gets the index after it. */
static int array_char(const lang_ctx *c, size_t k, int *ch, size_t *next) {
  if (op_at(c, k, "(") && (ident_at(c, k + 1, "char") || ident_at(c, k + 1, "byte")) && op_at(c, k + 2, ")"))
    k += 3;
  if (k >= c->nst) return 0;
  const token *t = &c->st[k];
  if (t->kind == TK_NUM) *ch = (int)(t->num & 0xFF);
  else if (t->kind == TK_STR && t->len == 1) *ch = (unsigned char)tok_text(c, t)[0];
  else return 0;
  *next = k + 1;
  return 1;
}

/* new string ( new char [ ] { ... } ) at i (string, String: names are folded) */
static int new_string_of_array(lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  if (!(t->flags & TF_NEW) || !ident_at(c, i, "string") || !op_at(c, i + 1, "(")) return 0;
  size_t k = i + 2;
  const token *a = k < c->nst ? &c->st[k] : NULL;
  if (!a || !(a->flags & TF_NEW) || !(ident_at(c, k, "char") || ident_at(c, k, "byte")) || !op_at(c, k + 1, "[") ||
      !op_at(c, k + 2, "]") || !op_at(c, k + 3, "{"))
    return 0;
  k += 4;
  char buf[4096];
  size_t n = 0;
  for (;;) {
    int ch;
    if (op_at(c, k, "}")) break;
    if (n == sizeof buf || !array_char(c, k, &ch, &k)) return 0;
    buf[n++] = (char)ch;
    if (op_at(c, k, ",")) k++;
  }
  if (!n || !op_at(c, k + 1, ")")) return 0; /* new String(chars, offset, count): not folded */
  lang_fold_put(c, i, k + 1, buf, n, TK_STR, NULL, DEC_CHR);
  return 1;
}

/* new StringBuilder ( STR ) . reverse().toString ( ): Java's string
 * reversal (StringBuffer too; the analyzer joins a().b) */
static int java_reverse(lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  if (!(t->flags & TF_NEW) || !op_at(c, i + 1, "(") || i + 2 >= c->nst || c->st[i + 2].kind != TK_STR ||
      (c->st[i + 2].flags & TF_INTERP) || !op_at(c, i + 3, ")") || !op_at(c, i + 4, ".") ||
      !ident_at(c, i + 5, "reverse().tostring") || !op_at(c, i + 6, "(") || !op_at(c, i + 7, ")"))
    return 0;
  const char *name = tok_text(c, t), *dot = strrchr(name, '.');
  if (dot) name = dot + 1;
  if (strcmp(name, "stringbuilder") != 0 && strcmp(name, "stringbuffer") != 0) return 0;
  put_reversed(c, i, i + 7, &c->st[i + 2]);
  return 1;
}

/* STR + ( char ) NUM: a character joined to a string is one more letter */
static int char_cast_after_string(lang_ctx *c, size_t i) {
  if (!op_at(c, i, "(") || !ident_at(c, i + 1, "char") || !op_at(c, i + 2, ")") || i + 3 >= c->nst ||
      c->st[i + 3].kind != TK_NUM || i < 2 || !op_at(c, i - 1, "+") || c->st[i - 2].kind != TK_STR ||
      (c->st[i - 2].flags & TF_INTERP))
    return 0;
  char ch = (char)(c->st[i + 3].num & 0xFF);
  lang_fold_put(c, i, i + 3, &ch, 1, TK_STR, NULL, DEC_CHR);
  return 1;
}

int lang_fold_builders(lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  switch (t->kind) {
  case TK_STR: return c->syn == SYN_JSCRIPT && !(t->flags & TF_INTERP) && js_reverse(c, i);
  case TK_IDENT: return c->syn != SYN_JSCRIPT && (new_string_of_array(c, i) || (c->syn == SYN_JAVA && java_reverse(c, i)));
  case TK_OP: return c->syn != SYN_JSCRIPT && char_cast_after_string(c, i);
  default: return 0;
  }
}

void lang_note_decoder_literal(lang_ctx *c, const token *t) {
  wrapper *w = &c->wrappers[c->fn - 1];
  const char *s = tok_text(c, t);
  int id = t->len == 10 && strncasecmp(s, "bin.base64", 10) == 0 ? DEC_BASE64
           : t->len == 2 && strncasecmp(s, "&h", 2) == 0       ? DEC_HEX2BIN
                                                                : 0;
  if (id && !w->decoder) {
    w->decoder = id;
    c->decoders = 1;
  }
}

/* A page function that only hands its parameter to a built-in decoder
 * and returns the result (VB "Function D(s) : D = StrReverse(s)", JScript
 * "return unescape(s)") is that decoder under another name: its calls on
 * a literal fold like the decoder's own.  Called at the decoder's name. */
void lang_note_decoder_return(lang_ctx *c, size_t i, const name_def *d) {
  wrapper *w = &c->wrappers[c->fn - 1];
  if (w->decoder || d->kind != N_DECODER || i + 3 != c->nst - 1 || !op_at(c, i + 1, "(") || !op_at(c, i + 3, ")") ||
      (c->st[i + 2].kind != TK_IDENT && c->st[i + 2].kind != TK_VAR))
    return;
  int vb_return = c->syn == SYN_VB && i == 2 && op_at(c, 1, "=") && c->st[0].kind == TK_IDENT &&
                  strlen(w->name) == c->st[0].len && strcmp(tok_text(c, &c->st[0]), w->name) == 0;
  int js_return = c->syn == SYN_JSCRIPT && i == 1 && c->st[0].kind == TK_IDENT && strcmp(tok_text(c, &c->st[0]), "return") == 0;
  if (vb_return || js_return) w->decoder = d->id, c->decoders = 1;
}

int lang_fold_user_decoder(lang_ctx *c, size_t i) {
  const token *f = &c->st[i];
  if (!op_at(c, i + 1, "(") || i + 3 >= c->nst || c->st[i + 2].kind != TK_STR || (c->st[i + 2].flags & TF_INTERP) ||
      !op_at(c, i + 3, ")"))
    return 0;
  const char *name = tok_text(c, f), *dot = strrchr(name, '.');
  if (dot) name = dot + 1;
  const wrapper *w = NULL;
  for (size_t k = 0; k < c->nwrappers && !w; k++)
    if (c->wrappers[k].decoder && strcmp(c->wrappers[k].name, name) == 0) w = &c->wrappers[k];
  if (!w) return 0;
  const token *arg = &c->st[i + 2];
  size_t n;
  uint32_t off = lang_decode_apply((decoder_id)w->decoder, (const unsigned char *)tok_text(c, arg), arg->len,
                                   &c->sink.text, &n, c->budget);
  if (off == UINT32_MAX) return 0;
  arg = &c->st[i + 2]; /* the arena may have moved; tokens live in st */
  token out = *arg;
  out.off = off;
  out.len = (uint32_t)n;
  out.nchain = 0;
  for (size_t k = 0; k < arg->nchain && out.nchain < LANG_MAX_CHAIN; k++) out.chain[out.nchain++] = arg->chain[k];
  if (out.nchain < LANG_MAX_CHAIN) out.chain[out.nchain++] = (uint8_t)w->decoder;
  out.flags = (uint8_t)(arg->flags & TF_CONST);
  size_t bad = 0; /* bytes that are not text: as fold.c judges a decoded literal */
  for (size_t k = 0; k < n; k++) {
    unsigned char ch = (unsigned char)c->sink.text.buf[off + k];
    bad += ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t';
  }
  if (bad * 8 > n) out.flags |= TF_BINARY;
  out.line = f->line;
  out.src_off = f->src_off;
  out.src_end = c->st[i + 3].src_end;
  lang_fold_replace(c, i, i + 3, &out);
  return 1;
}

void lang_note_decoder_shape(lang_ctx *c, const token *t) {
  static const char *const take[] = {"mid", "midb", "charat", "substr", "substring"};
  static const char *const make[] = {"chr", "chrw", "chrb", "asc", "ascw", "ascb", "string.fromcharcode", "charcodeat"};
  wrapper *w = &c->wrappers[c->fn - 1];
  const char *s = tok_text(c, t), *dot = strrchr(s, '.');
  const char *last = dot && !(t->len > 19 && strcmp(s + t->len - 19, "string.fromcharcode") == 0) ? dot + 1 : s;
  for (size_t k = 0; k < sizeof take / sizeof take[0]; k++)
    if (strcmp(last, take[k]) == 0) w->shape |= 1;
  for (size_t k = 0; k < sizeof make / sizeof make[0]; k++)
    if (strcmp(last, make[k]) == 0 || strcmp(s, make[k]) == 0) w->shape |= 2;
}

static const wrapper *page_decoder(const lang_ctx *c, const token *t) {
  const char *name = tok_text(c, t), *dot = strrchr(name, '.');
  if (dot) name = dot + 1;
  for (size_t k = 0; k < c->nwrappers; k++)
    if ((c->wrappers[k].shape == 3 || c->wrappers[k].decoder) && strcmp(c->wrappers[k].name, name) == 0)
      return &c->wrappers[k];
  return NULL;
}

int lang_decoded_value(lang_ctx *c, size_t a, size_t b, char *name, size_t namesz) {
  for (size_t i = a; i < b && i < c->nst; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_IDENT) continue;
    const wrapper *w = op_at(c, i + 1, "(") ? page_decoder(c, t) : NULL;
    if (w) {
      snprintf(name, namesz, "%s", w->name);
      return 1;
    }
    sym *s = lang_sym_get(c, tok_text(c, t), t->len, 0);
    if (s && s->has_type && s->type_len > 8 && memcmp(c->persist.buf + s->type_off, "decoded:", 8) == 0) {
      snprintf(name, namesz, "%s", c->persist.buf + s->type_off + 8);
      return 1;
    }
  }
  return 0;
}
