/*
 * folded_text.c - a PHP file as the folder reads it: each string literal
 * the file builds from constant pieces (chr(..).chr(..), strrev('..'),
 * str_rot13, hex2bin, base64_decode of a literal, 'ab'.'cd') written back
 * in place of the expression that built it.  A rule that keys on what a
 * kit's strings say (its menu, its commands, its marker) misses the same
 * kit once those strings are spelled another way; the caller scans this
 * text with the same rules when the file itself raised nothing.  Only
 * literals of the file's own top level (never of a decoded payload) are
 * written back, at most LANG_FOLDED_SPANS of them and LANG_FOLDED_BYTES of
 * text, so a hostile file costs at most a second copy of itself.
 */
#include <stdlib.h>
#include <string.h>

#include "lang/analyze.h"
#include "util/util.h"

#define LANG_FOLDED_SPANS 4096
#define LANG_FOLDED_FILE_MAX (256u << 10) /* a second scan of a bigger file costs too much */
#define LANG_FOLDED_BYTES (1u << 20)

/* The calls that spell a literal another way; a literal an application's
 * own string functions build (sprintf, implode ...) is not written back. */
static const char *const decoders[] = {"chr", "strrev", "str_rot13", "hex2bin", "base64_decode", "gzinflate",
                                       "gzuncompress", "gzdecode", "bzdecompress", "urldecode", "rawurldecode", "pack", "convert_uudecode"};

/* 1 if the source text s (a literal's span) starts with a call of one of them. */
static int built_by_decoder(const unsigned char *s, size_t n) {
  size_t k = 0;
  char name[20];
  while (k < n && k < sizeof name - 1 && lang_lex_ident_char(s[k]))
    name[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]), k++;
  if (!k || k >= n || s[k] != '(') return 0;
  name[k] = '\0';
  for (size_t i = 0; i < sizeof decoders / sizeof decoders[0]; i++)
    if (strcmp(name, decoders[i]) == 0) return 1;
  return 0;
}

/* Keeps text for the source bytes [from, to); quoted: it is a literal's value. 0 when full. */
static int note_span(lang_ctx *c, uint32_t from, uint32_t to, const char *text, size_t n, int quoted) {
  if (c->nfold_spans >= LANG_FOLDED_SPANS || c->fold_bytes + n > LANG_FOLDED_BYTES) return 0;
  if (c->nfold_spans == c->capfold_spans) {
    c->capfold_spans = c->capfold_spans ? 2 * c->capfold_spans : 64;
    c->fold_spans = xrealloc(c->fold_spans, c->capfold_spans * sizeof *c->fold_spans);
  }
  if (c->fold_bytes + n > c->capfold_text) {
    while (c->fold_bytes + n > c->capfold_text) c->capfold_text = c->capfold_text ? 2 * c->capfold_text : 4096;
    c->fold_text = xrealloc(c->fold_text, c->capfold_text);
  }
  memcpy(c->fold_text + c->fold_bytes, text, n);
  c->fold_spans[c->nfold_spans++] = (fold_span){from, to, (uint32_t)c->fold_bytes, (uint32_t)n, (uint32_t)quoted};
  c->fold_bytes += n;
  return 1;
}

/* Remembers the literals the folder built in st[a, b) (call after folding). */
void lang_folded_note(lang_ctx *c, size_t a, size_t b) {
  if (c->syn != SYN_PHP || c->level || c->parent || !c->buf || c->buf != c->fold_base) return;
  for (size_t i = a; i < b && i < c->nst; i++) {
    const token *t = &c->st[i];
    if (t->kind == TK_VAR && t->src_end <= c->len && t->src_end > t->src_off + 9 && t->len > 1 && t->len < 64 &&
        memcmp(c->buf + t->src_off, "$GLOBALS[", 9) == 0 && (t->src_end - t->src_off) > t->len + 11) {
      /* $GLOBALS[('mo'.'dule')] read as $module: written back as $GLOBALS['module'] */
      const char *name = tok_text(c, t);
      size_t n = t->len;
      if (name[0] == '$') name++, n--;
      char spelled[80];
      memcpy(spelled, "$GLOBALS['", 10);
      memcpy(spelled + 10, name, n);
      memcpy(spelled + 10 + n, "']", 2);
      note_span(c, t->src_off, t->src_end, spelled, n + 12, 0);
      continue;
    }
    if (t->kind != TK_STR || (t->flags & (TF_INTERP | TF_BINARY)) || !(t->nchain || (t->flags & TF_JOINED)))
      continue;
    /* a variable replaced by its value is left as written: only what the file spells in pieces */
    if ((t->flags & TF_CONST) || t->src_end <= t->src_off || t->src_end > c->len || !t->len || c->buf[t->src_off] == '$')
      continue;
    /* a literal a call built (chr(..).chr(..), strrev('..')), or one joined from pieces that cut a
     * word: an application's joins of whole words are left alone */
    if (!t->nchain && !built_by_decoder(c->buf + t->src_off, t->src_end - t->src_off) &&
        !lang_split_word(c->buf + t->src_off, t->src_end - t->src_off))
      continue;
    if (!note_span(c, t->src_off, t->src_end, tok_text(c, t), t->len, 1)) return;
  }
}


static int by_start(const void *a, const void *b) {
  const fold_span *x = a, *y = b;
  if (x->from != y->from) return x->from < y->from ? -1 : 1;
  return x->to > y->to ? -1 : x->to < y->to; /* the widest first: it holds the others */
}

/* ('ab'.'cd'): the parentheses around a built literal go with it, unless
 * they are a call's or an index's. */
static void widen(const unsigned char *buf, size_t len, uint32_t *from, uint32_t *to) {
  for (int k = 0; k < 4; k++) {
    size_t a = *from, b = *to;
    while (a > 0 && (buf[a - 1] == ' ' || buf[a - 1] == '\t')) a--;
    while (b < len && (buf[b] == ' ' || buf[b] == '\t')) b++;
    if (a == 0 || buf[a - 1] != '(' || b >= len || buf[b] != ')') return;
    size_t p = a - 1;
    while (p > 0 && (buf[p - 1] == ' ' || buf[p - 1] == '\t')) p--;
    if (p > 0 && (lang_lex_ident_char(buf[p - 1]) || buf[p - 1] == ')' || buf[p - 1] == ']')) return;
    *from = (uint32_t)(a - 1), *to = (uint32_t)(b + 1);
  }
}

/* The file with each built literal written back, into c->fold_out; its
 * length, 0 when nothing was folded. */
size_t lang_folded_build(lang_ctx *c, const unsigned char *buf, size_t len) {
  if (!c->nfold_spans || len > LANG_FOLDED_FILE_MAX) return 0;
  for (size_t k = 0; k < c->nfold_spans; k++)
    if (c->fold_spans[k].to <= len) widen(buf, len, &c->fold_spans[k].from, &c->fold_spans[k].to);
  qsort(c->fold_spans, c->nfold_spans, sizeof *c->fold_spans, by_start);
  size_t need = len + c->fold_bytes + 2 * c->nfold_spans;
  if (need > c->capfold_out) {
    c->capfold_out = need;
    c->fold_out = xrealloc(c->fold_out, need);
  }
  size_t o = 0, at = 0;
  for (size_t k = 0; k < c->nfold_spans; k++) {
    const fold_span *s = &c->fold_spans[k];
    if (s->from < at || s->to > len) continue; /* inside one written already */
    memcpy(c->fold_out + o, buf + at, s->from - at), o += s->from - at;
    if (s->quoted) {
      char q = '\'';
      for (uint32_t p = s->from; p < s->to && p < s->from + 8; p++) /* the quote it was written with */
        if (buf[p] == '"' || buf[p] == '\'') {
          q = (char)buf[p];
          break;
        }
      c->fold_out[o++] = q;
      memcpy(c->fold_out + o, c->fold_text + s->off, s->len), o += s->len;
      c->fold_out[o++] = q;
    } else {
      memcpy(c->fold_out + o, c->fold_text + s->off, s->len), o += s->len;
    }
    at = s->to;
  }
  memcpy(c->fold_out + o, buf + at, len - at), o += len - at;
  return o;
}

/* A page whose bytes are not its text (saved as UTF-16): the text the
 * analysis read, whole, into c->fold_out when nothing was folded in it, so
 * that the content rules read the page too; its length (0 when too big). */
size_t lang_folded_whole(lang_ctx *c, const unsigned char *buf, size_t len) {
  if (c->fold_out_len) return c->fold_out_len;
  if (!len || len > LANG_FOLDED_FILE_MAX) return 0;
  if (len > c->capfold_out) {
    c->capfold_out = len;
    c->fold_out = xrealloc(c->fold_out, len);
  }
  memcpy(c->fold_out, buf, len);
  return len;
}
