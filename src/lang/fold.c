/*
 * fold.c - normalises one statement in place: variables holding a constant
 * string are replaced by it ($f = 'assert'; $f(...) calls 'assert'),
 * adjacent literals joined across the language's concatenation operator
 * ('ev'.'al', "Pro"+"cess", "W" & "Script"), and decoder calls on a
 * constant replaced by their output (base64_decode('...'), chr(101),
 * Convert.FromBase64String("..."), new String(Base64.getDecoder().decode(
 * "..."))), remembering the chain of decoders for the explanation.
 */
#include <stdlib.h>
#include <string.h>

#include "lang/analyze.h"
#include "util/util.h"

/* The sinks, folds and taint checks ask this for nearly every call: the
 * kind and length are tested once per token, and the text (another cache
 * line) is read only for one-byte operators. */
size_t lang_match_close(const lang_ctx *c, size_t i) {
  int depth = 0;
  for (size_t j = i; j < c->nst; j++) {
    const token *t = &c->st[j];
    if (t->kind != TK_OP || t->len != 1) continue;
    char ch = c->sink.text.buf[t->off];
    if (ch == '(' || ch == '[' || ch == '{') depth++;
    else if ((ch == ')' || ch == ']' || ch == '}') && --depth == 0) return j;
  }
  return c->nst;
}

/* The "(" that the ")" at st[i] closes, parentheses only (an argument list
 * read backwards); c->nst when there is none. */
size_t lang_match_open(const lang_ctx *c, size_t i) {
  int depth = 0;
  for (size_t j = i + 1; j-- > 0;) {
    const token *t = &c->st[j];
    if (t->kind != TK_OP || t->len != 1) continue;
    char ch = c->sink.text.buf[t->off];
    if (ch == ')') depth++;
    else if (ch == '(' && --depth == 0) return j;
  }
  return c->nst;
}

static int is_concat(const lang_ctx *c, const token *t) {
  if (t->kind != TK_OP || t->len != 1) return 0;
  char ch = tok_text(c, t)[0];
  switch (c->syn) {
  case SYN_PHP: return ch == '.';
  case SYN_VB: return ch == '&' || ch == '+';
  case SYN_CFML: return ch == '&';
  default: return ch == '+';
  }
}

static int plain_str(const token *t) { return t->kind == TK_STR && !(t->flags & TF_INTERP); }

/* st[i..j] becomes the one token t. */
void lang_fold_replace(lang_ctx *c, size_t i, size_t j, const token *t) {
  c->st[i] = *t;
  memmove(c->st + i + 1, c->st + j + 1, (c->nst - j - 1) * sizeof *c->st);
  c->nst -= j - i;
}

void lang_fold_chain(token *t, const uint8_t *chain, size_t n, int id) {
  t->nchain = 0;
  for (size_t k = 0; k < n && t->nchain < LANG_MAX_CHAIN; k++) t->chain[t->nchain++] = chain[k];
  if (id && t->nchain < LANG_MAX_CHAIN) t->chain[t->nchain++] = (uint8_t)id;
}

void lang_fold_put(lang_ctx *c, size_t i, size_t j, const char *bytes, size_t n, tok_kind kind, const token *from,
                   int id) {
  token out = c->st[i];
  out.kind = kind;
  out.flags = from ? (uint8_t)(from->flags & TF_CONST) : 0;
  lang_fold_chain(&out, from ? from->chain : NULL, from ? from->nchain : 0, id); /* from may be in st[i..j] */
  out.off = lang_arena_put(&c->sink.text, bytes, n);
  out.len = (uint32_t)n;
  out.src_end = c->st[j].src_end;
  lang_fold_replace(c, i, j, &out);
}

int lang_fold_binary(const char *s, size_t n) {
  size_t bad = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    bad += ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t';
  }
  return bad * 8 > n;
}

void lang_fold_subst_one(lang_ctx *c, size_t i) {
  token *t = &c->st[i];
  if (!(c->values & LV_CONST) && !c->parent) return; /* no constant to substitute */
  if (c->syn == SYN_PHP && t->kind == TK_STR && (t->flags & TF_INTERP)) {
    lang_php_fold_interp(c, i);
    return;
  }
  if (t->kind != TK_VAR && !(t->kind == TK_IDENT && !(t->flags & TF_NEW))) return;
  const token *next = i + 1 < c->nst ? &c->st[i + 1] : NULL;
  const token *prev = i > 0 ? &c->st[i - 1] : NULL;
  if (t->kind == TK_IDENT && next && tok_is(c, next, TK_OP, "(")) return;
  if (next && (tok_is(c, next, TK_OP, "[") || tok_is(c, next, TK_OP, "->") || tok_is(c, next, TK_OP, "::") ||
               (c->syn == SYN_PHP && tok_is(c, next, TK_OP, "{")) || tok_is(c, next, TK_OP, "++") ||
               tok_is(c, next, TK_OP, "--")))
    return;
  if (prev && (tok_is(c, prev, TK_OP, "->") || tok_is(c, prev, TK_OP, "::") || tok_is(c, prev, TK_OP, "++") ||
               tok_is(c, prev, TK_OP, "--")))
    return;
  if (prev && t->kind == TK_VAR && tok_is(c, prev, TK_IDENT, "global")) return;
  /* $a = $b = 'x', f($b = 'x'): $b is written there, not read (its old value is not its new one) */
  if (c->syn == SYN_PHP && t->kind == TK_VAR && next && tok_is(c, next, TK_OP, "=")) return;
  sym *s = lang_sym_get(c, tok_text(c, t), t->len, 0);
  if (!s || !s->has_const) return;
  token v = s->val;
  v.off = lang_arena_put(&c->sink.text, c->persist.buf + s->val.off, s->val.len);
  v.line = t->line;
  v.src_off = t->src_off;
  v.src_end = t->src_end;
  v.flags |= TF_CONST;
  c->st[i] = v;
}

static inline int is_op(const lang_ctx *c, size_t i, const char *op) { return i < c->nst && tok_is(c, &c->st[i], TK_OP, op); }

/* PHP K::NAME, self::NAME at st[i] (NAME): a class constant, read as the
 * constant NAME the file declared (const NAME = ...; in a class or not).
 * Returns the tokens the statement lost (2: K :: NAME became the value). */
static size_t class_constant(lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  if (c->syn != SYN_PHP || i < 2 || c->st[i - 2].kind != TK_IDENT || !tok_is(c, &c->st[i - 1], TK_OP, "::") ||
      (i + 1 < c->nst && (is_op(c, i + 1, "(") || is_op(c, i + 1, "=") || is_op(c, i + 1, "::") || is_op(c, i + 1, "->"))) ||
      (i >= 3 && (is_op(c, i - 3, "->") || is_op(c, i - 3, "::") || is_op(c, i - 3, "$"))))
    return 0;
  sym *s = lang_sym_get(c, tok_text(c, t), t->len, 0);
  if (!s || !s->has_const) return 0;
  token v = s->val;
  v.off = lang_arena_put(&c->sink.text, c->persist.buf + s->val.off, s->val.len);
  v.line = t->line;
  v.src_off = c->st[i - 2].src_off;
  v.src_end = t->src_end;
  v.flags |= TF_CONST;
  lang_fold_replace(c, i - 2, i, &v);
  return 2;
}

/* st[i] opens a PHP function's or closure's parameter list (function f($a),
 * use ($b), fn ($c)): names there are new variables, not reads. */
static inline __attribute__((always_inline)) int param_list_at(const lang_ctx *c, size_t i) {
  return c->syn == SYN_PHP && tok_is(c, &c->st[i], TK_OP, "(") && i > 0 &&
         (tok_is(c, &c->st[i - 1], TK_IDENT, "function") || tok_is(c, &c->st[i - 1], TK_IDENT, "use") ||
          tok_is(c, &c->st[i - 1], TK_IDENT, "fn") || (i > 1 && tok_is(c, &c->st[i - 2], TK_IDENT, "function")));
}

/* substitute() on a statement that may read a class constant (K::NAME). */
static __attribute__((noinline)) void substitute_kconst(lang_ctx *c, size_t a) {
  for (size_t i = a; i < c->nst; i++) {
    if (param_list_at(c, i)) {
      i = lang_match_close(c, i);
      continue;
    }
    /* only these kinds can be substituted (lang_fold_subst_one returns at once
     * for the others): most tokens are operators, and the call is skipped */
    if (c->st[i].kind == TK_IDENT && i >= 2 && c->st[i - 1].kind == TK_OP && c->st[i - 1].len == 2 && class_constant(c, i))
      i -= 2; /* K :: NAME became the value */
    else if (c->st[i].kind == TK_VAR || c->st[i].kind == TK_IDENT || c->st[i].kind == TK_STR)
      lang_fold_subst_one(c, i);
  }
}

/* Substitutes constants in st[a, nst), except in the parameter lists of
 * PHP function definitions and closures (function f($a), use ($b)): those
 * names are new variables, not reads. */
static void substitute(lang_ctx *c, size_t a) {
  if (!(c->values & LV_CONST) && !c->parent) return; /* no constant to substitute (lang_fold_subst_one's own test) */
  if (c->class_consts && c->stmt_member) { /* K::NAME may name a constant of the file */
    substitute_kconst(c, a);
    return;
  }
  for (size_t i = a; i < c->nst; i++) {
    if (param_list_at(c, i)) {
      i = lang_match_close(c, i);
      continue;
    }
    /* only these can be substituted (lang_fold_subst_one returns at once for
     * the others): most tokens are operators, plain literals or called names,
     * and the call is skipped */
    const token *t = &c->st[i];
    if (t->kind == TK_VAR || (t->kind == TK_STR && (t->flags & TF_INTERP)) ||
        (t->kind == TK_IDENT && !(t->flags & TF_NEW) && !(i + 1 < c->nst && tok_is(c, &c->st[i + 1], TK_OP, "("))))
      lang_fold_subst_one(c, i);
  }
}

int lang_fold_decode_call(lang_ctx *c, size_t i, size_t j, const name_def *d) {
  token *f = &c->st[i], *arg = &c->st[i + 2];
  token out = *arg;
  int id = d->id;
  if (id == DEC_CHR || id == DEC_FROMCHARCODE) {
    /* chr(101), String.fromCharCode(101, 118, ...) */
    char bytes[256];
    size_t n = 0;
    for (size_t k = i + 2; k < j; k += 2) {
      if (c->st[k].kind != TK_NUM || n == sizeof bytes) return 0;
      if (k + 1 < j && !tok_is(c, &c->st[k + 1], TK_OP, ",")) return 0;
      bytes[n++] = (char)(c->st[k].num & 0xFF);
    }
    if (!n || (id == DEC_CHR && n != 1)) return 0;
    out.kind = TK_STR;
    out.flags = 0;
    out.nchain = 0;
    out.off = lang_arena_put(&c->sink.text, bytes, n);
    out.len = (uint32_t)n;
  } else {
    if (!plain_str(arg)) return 0;
    /* any further arguments must be constants: gzinflate($s, 0), new String(b, "UTF-8") */
    for (size_t k = i + 3; k < j; k++)
      if (c->st[k].kind != TK_NUM && c->st[k].kind != TK_STR && !tok_is(c, &c->st[k], TK_OP, ",")) return 0;
    if (id == DEC_NEWSTRING && !(f->flags & TF_NEW)) return 0;
    if (id == DEC_GETSTRING || id == DEC_NEWSTRING) {
      /* bytes to text: the value is unchanged */
    } else {
      size_t n;
      uint32_t off = lang_decode_apply((decoder_id)id, (const unsigned char *)tok_text(c, arg), arg->len,
                                  &c->sink.text, &n, c->budget);
      if (off == UINT32_MAX) return 0;
      arg = &c->st[i + 2]; /* unchanged: tokens live in st, not in the arena */
      out.off = off;
      out.len = (uint32_t)n;
      lang_fold_chain(&out, arg->chain, arg->nchain, id);
      out.flags = (uint8_t)((arg->flags & TF_CONST) | (lang_fold_binary(c->sink.text.buf + off, n) ? TF_BINARY : 0));
    }
  }
  out.line = f->line;
  out.src_off = f->src_off;
  out.src_end = c->st[j].src_end;
  lang_fold_replace(c, i, j, &out);
  return 1;
}

/* A name a string holds: "request", "Request.Form"; 0 if it holds more. */
static int is_name(const char *s, size_t n) {
  if (!n || n > 64 || !lang_lex_ident_start((unsigned char)s[0])) return 0;
  for (size_t k = 1; k < n; k++)
    if (!lang_lex_ident_char((unsigned char)s[k]) && !(s[k] == '.' && k + 1 < n && s[k - 1] != '.')) return 0;
  return 1;
}

/* VBScript and JScript calls folded on constants: Replace(s, a, b), and
 * eval("name"), which is the object the name names (eval("request")("x")
 * is request("x")). */
static int classic_fold(lang_ctx *c, size_t i) {
  token *f = &c->st[i];
  size_t j = lang_match_close(c, i + 1);
  if (j >= c->nst) return 0;
  if (tok_is(c, f, TK_IDENT, "eval") && j == i + 3 && plain_str(&c->st[i + 2]) &&
      is_name(tok_text(c, &c->st[i + 2]), c->st[i + 2].len) &&
      !(i > 0 && c->st[i - 1].kind == TK_IDENT)) {
    token out = c->st[i + 2];
    out.kind = TK_IDENT;
    out.flags = 0;
    out.nchain = 0;
    out.off = lang_arena_put(&c->sink.text, tok_text(c, &c->st[i + 2]), out.len);
    for (size_t k = 0; k < out.len; k++) {
      char *ch = c->sink.text.buf + out.off + k;
      if (*ch >= 'A' && *ch <= 'Z') *ch = (char)(*ch + 32);
    }
    out.src_off = f->src_off;
    out.src_end = c->st[j].src_end;
    lang_fold_replace(c, i, j, &out);
    return 1;
  }
  if (c->syn == SYN_VB && tok_is(c, f, TK_IDENT, "replace") && j == i + 7 && plain_str(&c->st[i + 2]) &&
      tok_is(c, &c->st[i + 3], TK_OP, ",") && plain_str(&c->st[i + 4]) && tok_is(c, &c->st[i + 5], TK_OP, ",") &&
      plain_str(&c->st[i + 6])) { /* Replace(s, "", x) is s: VBScript finds no empty match */
    const token *src = &c->st[i + 2], *from = &c->st[i + 4], *to = &c->st[i + 6];
    /* the texts live in the arena the result goes to: work on copies */
    size_t ns = src->len, nf = from->len, nt = to->len;
    size_t cap = ns + (nf && nt > nf ? (ns / nf + 1) * (nt - nf) : 0) + 1;
    if (cap > (1u << 20)) return 0;
    char *in = xmalloc(ns + nf + nt + 1), *res = xmalloc(cap);
    memcpy(in, tok_text(c, src), ns);
    memcpy(in + ns, tok_text(c, from), nf);
    memcpy(in + ns + nf, tok_text(c, to), nt);
    size_t o = 0;
    for (size_t k = 0; k < ns;) {
      if (nf && k + nf <= ns && memcmp(in + k, in + ns, nf) == 0) {
        memcpy(res + o, in + ns + nf, nt);
        o += nt;
        k += nf;
      } else {
        res[o++] = in[k++];
      }
    }
    token out = *src;
    out.off = lang_arena_put(&c->sink.text, res, o);
    out.len = (uint32_t)o;
    out.src_off = f->src_off;
    out.src_end = c->st[j].src_end;
    free(in);
    free(res);
    lang_fold_replace(c, i, j, &out);
    return 1;
  }
  return 0;
}

/* Does the operator at st[j] bind the literal before it more tightly than
 * concatenation (a call, an index, PHP's arithmetic)? */
static int binds_tighter(const lang_ctx *c, size_t j) {
  if (j >= c->nst) return 0;
  const token *n = &c->st[j];
  return tok_is(c, n, TK_OP, "(") || tok_is(c, n, TK_OP, "[") ||
         (c->syn == SYN_PHP && (tok_is(c, n, TK_OP, "{") || tok_is(c, n, TK_OP, "*") || tok_is(c, n, TK_OP, "+") ||
                                tok_is(c, n, TK_OP, "-")));
}

/* 'a' . 'b' . 'c' ... from st[i]: the whole run of joined literals becomes
 * one in a single copy (a payload cut into thousands of pieces costs one
 * pass, not one per piece).  open: the statement is still being built, so
 * the token after its last one is not known yet (it may bind the last
 * literal to something else).  Returns 1 if anything was joined. */
static int join_run(lang_ctx *c, size_t i, int open) {
  if (!plain_str(&c->st[i])) return 0;
  size_t last = i;
  while (last + 2 < c->nst && is_concat(c, &c->st[last + 1]) && plain_str(&c->st[last + 2])) last += 2;
  /* 'a' . 'b' * 2: the last is an operand of *; at the open end it may become one */
  if (last > i && (binds_tighter(c, last + 1) || (open && last + 1 == c->nst))) last -= 2;
  if (last == i) return 0;
  size_t total = 0;
  for (size_t k = i; k <= last; k += 2) total += c->st[k].len;
  token out = c->st[i];
  uint32_t off = lang_arena_put(&c->sink.text, NULL, total);
  char *dst = c->sink.text.buf + off;
  out.flags = TF_JOINED;
  out.nchain = 0;
  for (size_t k = i; k <= last; k += 2) {
    const token *u = &c->st[k];
    memcpy(dst, c->sink.text.buf + u->off, u->len);
    dst += u->len;
    out.flags |= u->flags;
    if (!out.nchain && u->nchain) lang_fold_chain(&out, u->chain, u->nchain, 0);
  }
  /* a blob if a piece was one (as when joined two by two), or the whole looks like one */
  if (total >= 64 && !(out.flags & TF_BLOB) && lang_stats_is_blob(c->sink.text.buf + off, total < 512 ? total : 512))
    out.flags |= TF_BLOB;
  out.off = off;
  out.len = (uint32_t)total;
  out.src_end = c->st[last].src_end;
  lang_fold_replace(c, i, last, &out);
  return 1;
}

int lang_fold_compact(lang_ctx *c) {
  size_t before = c->nst;
  for (size_t i = 0; i + 2 < c->nst; i++) join_run(c, i, 1);
  return c->nst < before;
}

/* What every language folds: 'a' . 'b' (joined) and ('x') (unwrapped).
 * Out of line (noinline), so that fold_at's PHP path, which runs for
 * every token of every statement, stays a small function without the
 * register saves a big body needs. */
__attribute__((noinline)) static int fold_join_unwrap(lang_ctx *c, size_t i) {
  token *t = &c->st[i];
  if (plain_str(t) && i + 2 < c->nst && is_concat(c, &c->st[i + 1]) && plain_str(&c->st[i + 2]) &&
      join_run(c, i, 0))
    return 1;
  if (tok_is(c, t, TK_OP, "(") && i + 2 < c->nst && plain_str(&c->st[i + 1]) &&
      tok_is(c, &c->st[i + 2], TK_OP, ")")) {
    const token *prev = i > 0 ? &c->st[i - 1] : NULL;
    if (!prev || !(prev->kind == TK_IDENT || prev->kind == TK_VAR || prev->kind == TK_STR ||
                   tok_is(c, prev, TK_OP, ")") || tok_is(c, prev, TK_OP, "]"))) {
      token out = c->st[i + 1];
      lang_fold_replace(c, i, i + 2, &out);
      return 1;
    }
  }
  return 0;
}

/* A decoder called on a variable the page typed as one (Base64.Decoder d =
 * Base64.getDecoder(); d.decode(...)): its row, or NULL. */
static const name_def *typed_decoder(lang_ctx *c, const token *t) {
  const char *s = tok_text(c, t), *dot = memchr(s, '.', t->len);
  if (!dot || dot == s) return NULL;
  sym *sy = lang_sym_get(c, s, (size_t)(dot - s), 0);
  if (!sy || !sy->has_type) return NULL;
  char name[160];
  int n = snprintf(name, sizeof name, "%.*s%.*s", (int)sy->type_len, c->persist.buf + sy->type_off,
                   (int)(t->len - (size_t)(dot - s)), dot);
  if (n <= 0 || (size_t)n >= sizeof name) return NULL;
  const name_def *d = lang_names_lookup(name, (size_t)n, c->syn);
  return d && d->kind == N_DECODER ? d : NULL;
}

/* The other languages: string builders, then the common folds, then
 * VBScript/JScript idioms and decoder calls. */
/* Dec("...") of a page function whose decode loop loop_run.c reads, on literals: its output. */
static int fold_loop_other(lang_ctx *c, size_t i) {
  size_t close;
  char *out;
  const token *src;
  long r = lang_loop_call(c, i, &close, &out, &src);
  if (r <= 0) return 0;
  token o = *src;
  o.kind = TK_STR;
  o.off = lang_arena_put(&c->sink.text, out, (size_t)r);
  o.len = (uint32_t)r;
  lang_fold_chain(&o, src->chain, src->nchain, DEC_LOOP);
  o.flags = (uint8_t)(TF_CONST | (lang_fold_binary(out, (size_t)r) ? TF_BINARY : 0));
  o.line = c->st[i].line;
  o.src_off = c->st[i].src_off;
  o.src_end = c->st[close].src_end;
  if (c->budget) c->budget->remaining -= (size_t)r < c->budget->remaining ? (size_t)r : c->budget->remaining;
  free(out);
  lang_fold_replace(c, i, close, &o);
  return 1;
}

__attribute__((noinline)) static int fold_at_other(lang_ctx *c, size_t i) {
  if (c->syn != SYN_VB && c->syn != SYN_CFML && lang_fold_builders(c, i)) return 1;
  if (fold_join_unwrap(c, i)) return 1;
  if ((c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && lang_fold_lists(c, i)) return 1;
  token *t = &c->st[i];
  if (t->kind == TK_IDENT && i + 3 < c->nst && tok_is(c, &c->st[i + 1], TK_OP, "(") &&
      (c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && classic_fold(c, i))
    return 1;
  if (t->kind == TK_IDENT && i + 3 < c->nst && tok_is(c, &c->st[i + 1], TK_OP, "(")) {
    if (i > 0 && (tok_is(c, &c->st[i - 1], TK_OP, "->") || tok_is(c, &c->st[i - 1], TK_OP, "::"))) return 0;
    const name_def *d = lang_names_lookup(tok_text(c, t), t->len, c->syn);
    if (!d && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT) && lang_fold_user_decoder(c, i)) return 1;
    if (!d && c->nlr_progs && fold_loop_other(c, i)) return 1; /* loop_run.c */
    if (!d && (c->syn == SYN_VB || c->syn == SYN_JSCRIPT)) return 0;
    if (!d && c->syn == SYN_JAVA) d = typed_decoder(c, t); /* d = Base64.getDecoder(); d.decode("...") */
    if (!d || d->kind != N_DECODER) return 0;
    size_t j = lang_match_close(c, i + 1);
    if (j >= c->nst || j < i + 3) return 0;
    return lang_fold_decode_call(c, i, j, d);
  }
  return 0;
}

/* Inline: it runs for every token of every statement, once per round. */
static inline int fold_at(lang_ctx *c, size_t i) {
  if (c->syn != SYN_PHP) return fold_at_other(c, i);
  if (lang_php_fold_may(c, i) && lang_php_fold_at(c, i)) return 1;
  /* besides its own, PHP only joins literals ('a' . 'b': a string, an operator
   * next) and unwraps ('x') (at a "("): the call is made only for those */
  const token *t = &c->st[i];
  if (t->kind == TK_STR ? i + 2 < c->nst && c->st[i + 1].kind == TK_OP : tok_is(c, t, TK_OP, "("))
    return fold_join_unwrap(c, i);
  return 0;
}

int lang_fold_statement(lang_ctx *c, size_t a) {
  substitute(c, a);
  int folded = 0;
  for (int round = 0; round < 64; round++) {
    int changed = 0;
    for (size_t i = a; i < c->nst; i++)
      while (i < c->nst && fold_at(c, i)) changed = 1;
    if (!changed) break;
    folded = 1;
  }
  return folded;
}

size_t lang_fold_range(lang_ctx *c, size_t a, size_t b) {
  for (size_t i = a; i < b; i++) {
    if (c->class_consts && c->st[i].kind == TK_IDENT && i >= a + 2 && c->st[i - 1].kind == TK_OP && c->st[i - 1].len == 2 &&
        class_constant(c, i))
      i -= 2, b -= 2; /* K :: NAME became one token */
    else
      lang_fold_subst_one(c, i);
  }
  for (int round = 0; round < 64; round++) {
    int changed = 0;
    for (size_t i = a; i < b; i++) {
      size_t before = c->nst;
      while (i < b && fold_at(c, i)) {
        changed = 1;
        b = b + c->nst - before; /* folding shrinks the statement; inlining a function grows it */
        before = c->nst;
      }
    }
    if (!changed) break;
  }
  return b;
}
