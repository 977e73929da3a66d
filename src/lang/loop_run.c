/*
 * loop_run.c - a decode loop of the file's own, run on the constant it is
 * given.  Packers that ship their own unpacking routine build the payload
 * one character at a time:
 *
 *   for ($i = 0; $i < strlen($s); $i++) $o .= chr(ord($s[$i]) ^ $k);
 *   for ($i = 0; $i < strlen($s); $i++) $o .= $s[$i] ^ $key[$i % strlen($key)];
 *   for ($i = 0; $i < strlen($s); $i += 2) $o .= chr(hexdec(substr($s, $i, 2)));
 *   For i = 1 To Len(s): o = o & Chr(Asc(Mid(s, i, 1)) Xor k): Next
 *   o = o & Chr("&H" & Mid(s, i, 2))           o = o & Chr(Asc(Mid(s, i, 1)) - 3)
 *
 * The appended expression is read into a small program over a fixed set
 * of character functions (chr/Chr, ord/Asc, hexdec, intval, base_convert,
 * substr/Mid, an index into a string, ^ Xor + - * % Mod, concatenation) and
 * the index variable; nothing else is accepted, so this is no interpreter
 * of the language.  The program is run for each position of the source
 * string (the step is the widest piece the expression reads at once), with
 * the key read at the index modulo its length; the output is bounded.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"
#include "util/util.h"

#define LR_MIN_CONST 3 /* a constant this long: "exec" */

enum { O_NUM = 1, O_BIND, O_AT, O_SUB, O_IDX, O_LEN, O_CHR, O_ORD, O_HEX, O_VAL, O_BIN };

static inline int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}
static inline int opat(const lang_ctx *c, size_t i, size_t e, const char *op) {
  return i < e && tok_is(c, &c->st[i], TK_OP, op);
}

typedef struct {
  lang_ctx *c;
  lr_prog *p;
  size_t e;
  int in_idx; /* parsing an index: the loop variable may appear */
  int mods;   /* % operators read so far */
  int depth;  /* nesting: (((... is bounded like the nodes */
  int bad;
} parser;

static int node(parser *ps, uint8_t op, uint8_t a, uint8_t b, int32_t v) {
  if (ps->p->n >= LR_NODES) {
    ps->bad = 1;
    return 0;
  }
  lr_node *n = &ps->p->nodes[ps->p->n];
  n->op = op, n->a = a, n->b = b, n->v = v;
  return ps->p->n++;
}

/* The binding a variable (or literal) of the expression is: its slot, made on first use. */
static int bind_of(parser *ps, size_t i) {
  const token *t = &ps->c->st[i];
  const char *s = tok_text(ps->c, t);
  lr_prog *p = ps->p;
  if (t->kind == TK_STR) { /* a literal key: 'secret'[$i % 6] */
    if ((t->flags & TF_INTERP) || t->len == 0 || t->len > LR_STR || p->nbind >= LR_BINDS) return -1;
    lr_bind *b = &p->binds[p->nbind];
    memset(b, 0, sizeof *b);
    b->kind = LB_STR;
    memcpy(b->s, s, t->len);
    b->len = (uint8_t)t->len;
    return p->nbind++;
  }
  if (t->len >= sizeof p->binds[0].name) return -1;
  for (int k = 0; k < p->nbind; k++)
    if (strlen(p->binds[k].name) == t->len && memcmp(p->binds[k].name, s, t->len) == 0) return k;
  if (p->nbind >= LR_BINDS) return -1;
  lr_bind *b = &p->binds[p->nbind];
  memset(b, 0, sizeof *b);
  memcpy(b->name, s, t->len);
  return p->nbind++;
}

static int expr(parser *ps, size_t *i, int level);

/* The binding named s[0, n): a variable read through a method (s.charAt). */
static int bind_name(parser *ps, const char *s, size_t n) {
  lr_prog *p = ps->p;
  if (!n || n >= sizeof p->binds[0].name) return -1;
  for (int k = 0; k < p->nbind; k++)
    if (strlen(p->binds[k].name) == n && memcmp(p->binds[k].name, s, n) == 0) return k;
  if (p->nbind >= LR_BINDS) return -1;
  lr_bind *b = &p->binds[p->nbind];
  memset(b, 0, sizeof *b);
  memcpy(b->name, s, n);
  return p->nbind++;
}

static int is_var(const lang_ctx *c, size_t i, size_t e) {
  if (i >= e) return 0;
  const token *t = &c->st[i];
  if (t->kind == TK_VAR) return 1;
  /* VBScript, JScript, Java, C#: a plain name that is not called */
  return c->syn != SYN_PHP && t->kind == TK_IDENT && !opat(c, i + 1, e, "(") && !opat(c, i + 1, e, ".") &&
         !memchr(tok_text(c, t), '.', t->len);
}

/* s.charAt(IDX), s.charCodeAt(IDX), s.substring(IDX, IDX + N) (Java, JScript), s.Substring(IDX, N) (C#),
 * s.substr(IDX, N) (JScript): a method of the variable s at st[*i], a qualified name */
static int method(parser *ps, size_t *i, const char *nm, size_t n) {
  lang_ctx *c = ps->c;
  const char *dot = memchr(nm, '.', n);
  if (!dot || memchr(dot + 1, '.', n - (size_t)(dot + 1 - nm))) return ps->bad = 1, 0;
  const char *m = dot + 1;
  size_t mn = n - (size_t)(m - nm);
  int b = bind_name(ps, nm, (size_t)(dot - nm));
  if (b < 0) return ps->bad = 1, 0;
  if (mn == 6 && memcmp(m, "length", 6) == 0) { /* s.length, s.Length, s.length() */
    if (opat(c, *i + 1, ps->e, "(") && opat(c, *i + 2, ps->e, ")")) *i += 2;
    (*i)++;
    return node(ps, O_LEN, (uint8_t)b, 0, 0);
  }
  if (!opat(c, *i + 1, ps->e, "(")) return ps->bad = 1, 0;
  size_t close = lang_match_close(c, *i + 1), j = *i + 2;
  if (close >= ps->e) return ps->bad = 1, 0;
  int save = ps->in_idx, mods = ps->mods;
  ps->in_idx = 1;
  int ix = expr(ps, &j, 0);
  ps->in_idx = save;
  int modded = ps->mods != mods ? 0x200 : 0;
  if (ps->bad) return 0;
  int r;
  if ((mn == 6 && memcmp(m, "charat", 6) == 0) || (mn == 10 && memcmp(m, "charcodeat", 10) == 0)) {
    if (j != close) return ps->bad = 1, 0;
    r = node(ps, O_AT, (uint8_t)b, (uint8_t)ix, modded | (m[4] != 'c' && c->syn != SYN_JSCRIPT ? 0x400 : 0));
    if (m[4] == 'c') r = node(ps, O_ORD, (uint8_t)r, 0, 0);
  } else if ((mn == 9 && memcmp(m, "substring", 9) == 0) || (mn == 6 && memcmp(m, "substr", 6) == 0)) {
    /* the width: a number (C#'s Substring, JScript's substr), or the index plus one (Java's end) */
    size_t w = 0;
    if (opat(c, j, close, ",") && j + 2 == close && c->st[j + 1].kind == TK_NUM && (c->syn == SYN_CSHARP || mn == 6))
      w = (size_t)c->st[j + 1].num;
    else if (opat(c, j, close, ",") && j + 4 == close && c->st[j + 1].kind != TK_OP && opat(c, j + 2, close, "+") &&
             c->st[j + 3].kind == TK_NUM && c->syn != SYN_CSHARP && mn == 9)
      w = (size_t)c->st[j + 3].num;
    if (w < 1 || w > 4) return ps->bad = 1, 0;
    r = node(ps, O_SUB, (uint8_t)b, (uint8_t)ix, (int32_t)(w | (size_t)modded));
  } else {
    return ps->bad = 1, 0;
  }
  *i = close + 1;
  return r;
}

/* name ( args ): the character functions; returns the node, *i after ')' */
static int call(parser *ps, size_t *i) {
  lang_ctx *c = ps->c;
  const token *t = &c->st[*i];
  if (!opat(c, *i + 1, ps->e, "(") || t->len > 40) return ps->bad = 1, 0;
  char nm[44];
  lang_lower_copy(nm, sizeof nm, tok_text(c, t), t->len);
  size_t close = lang_match_close(c, *i + 1);
  if (close >= ps->e) return ps->bad = 1, 0;
  size_t j = *i + 2;
  int r = 0;
  static const char *const chrs[] = {"chr", "chrw", "chrb", "string.fromcharcode", "convert.tochar"};
  static const char *const ords[] = {"asc", "ascw", "ascb", "ord"};
  static const char *const vals[] = {"cint", "clng", "cbyte", "int", "val", "intval", "cdbl", "fix", "convert.toint32",
                                     "convert.tobyte", "integer.parseint", "int.parse", "byte.parse", "parseint",
                                     "integer.valueof", "convert.toint16"};
  uint8_t op = 0;
  for (size_t k = 0; k < sizeof chrs / sizeof chrs[0] && !op; k++)
    if (strcmp(nm, chrs[k]) == 0) op = O_CHR;
  for (size_t k = 0; k < sizeof ords / sizeof ords[0] && !op; k++)
    if (strcmp(nm, ords[k]) == 0) op = O_ORD;
  for (size_t k = 0; k < sizeof vals / sizeof vals[0] && !op; k++)
    if (strcmp(nm, vals[k]) == 0) op = O_VAL;
  if (!op && (strcmp(nm, "hexdec") == 0 || strcmp(nm, "base_convert") == 0)) op = O_HEX;
  if (!op && (strcmp(nm, "strlen") == 0 || strcmp(nm, "len") == 0 || strcmp(nm, "count") == 0) && is_var(c, j, close) &&
      j + 1 == close) {
    int b = bind_of(ps, j);
    if (b < 0) return ps->bad = 1, 0;
    *i = close + 1;
    return node(ps, O_LEN, (uint8_t)b, 0, 0);
  }
  if (!op && (strcmp(nm, "substr") == 0 || strcmp(nm, "mid") == 0 || strcmp(nm, "mb_substr") == 0)) {
    /* substr($s, IDX, N) / Mid(s, IDX, N) */
    if (!is_var(c, j, close) && !(c->st[j].kind == TK_STR && !(c->st[j].flags & TF_INTERP))) return ps->bad = 1, 0;
    int b = bind_of(ps, j);
    if (b < 0 || !opat(c, j + 1, close, ",")) return ps->bad = 1, 0;
    size_t k = j + 2;
    int save = ps->in_idx, mods = ps->mods;
    ps->in_idx = 1;
    int ix = expr(ps, &k, 0);
    ps->in_idx = save;
    int modded = ps->mods != mods;
    if (ps->bad || !opat(c, k, close, ",") || k + 2 != close || c->st[k + 1].kind != TK_NUM || c->st[k + 1].num < 1 ||
        c->st[k + 1].num > 4)
      return ps->bad = 1, 0;
    *i = close + 1;
    return node(ps, O_SUB, (uint8_t)b, (uint8_t)ix, (int32_t)(c->st[k + 1].num | (nm[0] == 'm' && nm[1] == 'i' ? 0x100 : 0) | (modded ? 0x200 : 0)));
  }
  if (!op && c->syn != SYN_PHP && memchr(nm, '.', strlen(nm))) return method(ps, i, tok_text(c, t), t->len);
  if (!op) return ps->bad = 1, 0;
  r = expr(ps, &j, 0);
  if (ps->bad) return 0;
  int base = 10;
  if (op == O_HEX) base = 16;
  if (j < close) { /* intval(x, 16), base_convert(x, 16, 10), Integer.parseInt(x, 16), Convert.ToByte(x, 16) */
    if (!opat(c, j, close, ",") || c->st[j + 1].kind != TK_NUM) return ps->bad = 1, 0;
    base = (int)c->st[j + 1].num;
    if (strcmp(nm, "base_convert") == 0) {
      if (base != 16 || !opat(c, j + 2, close, ",") || j + 4 != close || c->st[j + 3].kind != TK_NUM || c->st[j + 3].num != 10)
        return ps->bad = 1, 0;
    } else if (j + 2 != close || (base != 16 && base != 10 && base != 8)) {
      return ps->bad = 1, 0;
    }
  }
  *i = close + 1;
  return node(ps, op == O_HEX || op == O_VAL ? O_VAL : op, (uint8_t)r, 0, base);
}

static int primary(parser *ps, size_t *i) {
  lang_ctx *c = ps->c;
  if (*i >= ps->e) return ps->bad = 1, 0;
  const token *t = &c->st[*i];
  if (t->kind == TK_NUM) {
    (*i)++;
    return node(ps, O_NUM, 0, 0, (int32_t)t->num);
  }
  if (opat(c, *i, ps->e, "(")) {
    size_t close = lang_match_close(c, *i);
    if (close >= ps->e) return ps->bad = 1, 0;
    /* (char) (int) (byte) casts of Java and C#, (int) of PHP */
    if (close == *i + 2 && c->st[*i + 1].kind == TK_IDENT) {
      const char *s = tok_text(c, &c->st[*i + 1]);
      size_t n = c->st[*i + 1].len;
      if ((n == 4 && memcmp(s, "char", 4) == 0) || (n == 3 && memcmp(s, "int", 3) == 0) ||
          (n == 4 && memcmp(s, "byte", 4) == 0)) {
        *i = close + 1;
        if (++ps->depth > 24) return ps->bad = 1, 0;
        int r = primary(ps, i);
        ps->depth--;
        if (ps->bad) return 0;
        return node(ps, s[0] == 'c' || s[0] == 'b' ? O_CHR : O_VAL, (uint8_t)r, 0, 10);
      }
    }
    (*i)++;
    int r = expr(ps, i, 0);
    if (ps->bad || *i != close) return ps->bad = 1, 0;
    *i = close + 1;
    return r;
  }
  if (t->kind == TK_IDENT && opat(c, *i + 1, ps->e, "(")) return call(ps, i);
  if (t->kind == TK_IDENT && c->syn != SYN_PHP && memchr(tok_text(c, t), '.', t->len)) return method(ps, i, tok_text(c, t), t->len);
  if (t->kind == TK_STR && !(t->flags & TF_INTERP) && !opat(c, *i + 1, ps->e, "[") && !opat(c, *i + 1, ps->e, "{")) {
    if (t->len > 4) return ps->bad = 1, 0; /* "&H": a short piece of text joined in */
    int r = node(ps, O_NUM, 0, 0, 0);
    if (ps->bad) return 0;
    lr_node *n = &ps->p->nodes[r];
    n->op = O_BIND; /* a literal piece: its bytes in v */
    n->a = (uint8_t)t->len;
    memcpy(&n->v, tok_text(c, t), t->len);
    (*i)++;
    return r;
  }
  if (is_var(c, *i, ps->e) || t->kind == TK_STR) {
    /* $i inside an index is the loop variable */
    if (ps->in_idx && t->kind != TK_STR && !opat(c, *i + 1, ps->e, "[")) {
      lr_prog *p = ps->p;
      if (!p->ivar[0] && t->len < sizeof p->ivar) memcpy(p->ivar, tok_text(c, t), t->len), p->ivar[t->len] = '\0';
      if (strlen(p->ivar) == t->len && memcmp(p->ivar, tok_text(c, t), t->len) == 0) {
        (*i)++;
        return node(ps, O_IDX, 0, 0, 0);
      }
    }
    int b = bind_of(ps, *i);
    if (b < 0) return ps->bad = 1, 0;
    (*i)++;
    const char *open = opat(c, *i, ps->e, "[") ? "[" : opat(c, *i, ps->e, "{") ? "{" : NULL;
    if (open) { /* $s[IDX] */
      size_t close = lang_match_close(c, *i);
      if (close >= ps->e) return ps->bad = 1, 0;
      size_t k = *i + 1;
      lr_prog *p = ps->p;
      const token *jv = &c->st[k];
      if (close == k + 1 && p->ivar[0] && is_var(c, k, ps->e) && jv->kind != TK_STR &&
          !(strlen(p->ivar) == jv->len && memcmp(p->ivar, tok_text(c, jv), jv->len) == 0)) {
        /* $key[$j], a counter of its own that wraps at the key's length: the index modulo that length */
        int ix = node(ps, O_IDX, 0, 0, 0), ln = node(ps, O_LEN, (uint8_t)b, 0, 0);
        int m = node(ps, O_BIN, (uint8_t)ix, (uint8_t)ln, '%');
        *i = close + 1;
        return node(ps, O_AT, (uint8_t)b, (uint8_t)m, 0x200 | (c->syn == SYN_CSHARP || c->syn == SYN_JAVA ? 0x400 : 0));
      }
      int save = ps->in_idx, mods = ps->mods;
      ps->in_idx = 1;
      int ix = expr(ps, &k, 0);
      ps->in_idx = save;
      if (ps->bad || k != close) return ps->bad = 1, 0;
      *i = close + 1;
      /* C#'s s[i], Java's chars: a number in arithmetic */
      return node(ps, O_AT, (uint8_t)b, (uint8_t)ix, (ps->mods != mods ? 0x200 : 0) | (c->syn == SYN_CSHARP || c->syn == SYN_JAVA ? 0x400 : 0));
    }
    /* s.charAt(IDX), s.Substring(IDX, N), s.substring(IDX, IDX + N), s.length() */
    return node(ps, O_BIND, 0xff, (uint8_t)b, 0);
  }
  return ps->bad = 1, 0;
}

/* operator at i: its precedence level (higher binds tighter), 0 if none */
static int binop(const lang_ctx *c, size_t i, size_t e, char *op) {
  if (i >= e) return 0;
  const token *t = &c->st[i];
  if (t->kind == TK_IDENT && t->len == 3 && tok_is(c, t, TK_IDENT, "xor")) return *op = '^', 1;
  if (t->kind == TK_IDENT && t->len == 3 && tok_is(c, t, TK_IDENT, "mod")) return *op = '%', 4;
  if (t->kind != TK_OP || t->len != 1) return 0;
  char ch = tok_text(c, t)[0];
  *op = ch;
  switch (ch) {
  case '^': return 1;
  case '|': return 1;
  case '&': return c->syn == SYN_VB ? (*op = '.', 2) : 1;
  case '.': return c->syn == SYN_PHP ? 2 : 0;
  case '+': case '-': return 3;
  case '*': case '%': case '/': case '\\': return 4;
  default: return 0;
  }
}

static int expr(parser *ps, size_t *i, int level) {
  if (++ps->depth > 24) return ps->bad = 1, 0;
  int l = primary(ps, i);
  for (char op; !ps->bad;) {
    int p = binop(ps->c, *i, ps->e, &op);
    if (!p || p <= level) break;
    (*i)++;
    if (op == '%') ps->mods++;
    int r = expr(ps, i, p);
    l = node(ps, O_BIN, (uint8_t)l, (uint8_t)r, op);
  }
  ps->depth--;
  return l;
}

int lang_loop_compile(lang_ctx *c, size_t s, size_t e, lr_prog *p) {
  memset(p, 0, sizeof *p);
  parser ps = {.c = c, .p = p, .e = e};
  size_t i = s;
  p->root = (uint8_t)expr(&ps, &i, 0);
  if (ps.bad || i != e || !p->ivar[0]) return 0;
  /* the source: the one binding read at the index itself (not modulo a length) */
  int src = -1;
  unsigned width = 1;
  for (unsigned k = 0; k < p->n; k++) {
    const lr_node *n = &p->nodes[k];
    if (n->op != O_AT && n->op != O_SUB) continue;
    if (n->v & 0x200) continue; /* a % in the index: a key, cycled */
    if (src >= 0 && src != n->a) return 0;
    src = n->a;
    unsigned w = n->op == O_SUB ? (unsigned)(n->v & 0xff) : 1;
    if (w > width) width = w;
  }
  if (src < 0 || p->binds[src].kind == LB_STR) return 0;
  p->src = (uint8_t)src;
  p->step = (uint8_t)width;
  p->base = c->syn == SYN_VB ? 1 : 0;
  /* the character functions must make the output: chr, or a string ^ */
  int makes = 0;
  for (unsigned k = 0; k < p->n; k++) makes |= p->nodes[k].op == O_CHR || (p->nodes[k].op == O_BIN && p->nodes[k].v == '^');
  return makes;
}

/* ---- running ---------------------------------------------------------------- */

typedef struct {
  int str;
  int64_t num;
  unsigned char s[12];
  unsigned n;
} lval;

typedef struct {
  const lr_prog *p;
  const unsigned char *v[LR_BINDS];
  size_t vn[LR_BINDS];
  int64_t idx;
  int bad;
} runner;

static int64_t as_num(const lval *x, int hex) {
  if (!x->str) return x->num;
  const unsigned char *s = x->s;
  unsigned n = x->n, k = 0;
  int64_t r = 0;
  while (k < n && (s[k] == ' ' || s[k] == '\t')) k++;
  if (k + 1 < n && s[k] == '&' && (s[k + 1] == 'h' || s[k + 1] == 'H')) hex = 1, k += 2; /* VBScript "&H41" */
  int neg = k < n && s[k] == '-';
  if (neg) k++;
  for (; k < n; k++) {
    int d = s[k] >= '0' && s[k] <= '9' ? s[k] - '0' : hex && (s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'f' ? (s[k] | 0x20) - 'a' + 10 : -1;
    if (d < 0) {
      if (hex == 2) continue; /* hexdec skips what is not a digit */
      break;
    }
    r = r * (hex ? 16 : 10) + d;
    if (r > 0xFFFFFFF) break;
  }
  return neg ? -r : r;
}

static void as_str(lval *x) {
  if (x->str) return;
  char t[24];
  int64_t v = x->num;
  unsigned n = 0;
  int neg = v < 0;
  uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do t[n++] = (char)('0' + u % 10), u /= 10;
  while (u && n < 20);
  if (neg) t[n++] = '-';
  x->str = 1;
  x->n = n > sizeof x->s ? (unsigned)sizeof x->s : n;
  for (unsigned k = 0; k < x->n; k++) x->s[k] = (unsigned char)t[n - 1 - k];
}

static int64_t idx_of(runner *r, int k, size_t len, int base);

static lval eval(runner *r, int k, size_t ctxlen) {
  lval out = {0};
  const lr_node *n = &r->p->nodes[k];
  if (r->bad) return out;
  /* a node reads only nodes made before it, and bindings there are */
  int kids = n->op == O_CHR || n->op == O_ORD || n->op == O_VAL ? 1 : n->op == O_BIN ? 2 : 0;
  if ((kids >= 1 && n->a >= k) || (kids == 2 && n->b >= k) || ((n->op == O_AT || n->op == O_SUB) && (n->b >= k || n->a >= r->p->nbind)) ||
      (n->op == O_LEN && n->a >= r->p->nbind) || (n->op == O_BIND && n->a == 0xff && n->b >= r->p->nbind) ||
      (n->op == O_BIND && n->a != 0xff && n->a > 4)) {
    r->bad = 1;
    return out;
  }
  switch (n->op) {
  case O_NUM: out.num = n->v; break;
  case O_IDX: out.num = r->idx; break;
  case O_LEN:
    if (!r->v[n->a]) r->bad = 1;
    out.num = (int64_t)r->vn[n->a];
    break;
  case O_BIND:
    if (n->a != 0xff) { /* a literal piece */
      out.str = 1;
      out.n = n->a;
      memcpy(out.s, &n->v, n->a);
    } else if (r->v[n->b] && r->vn[n->b] <= sizeof out.s) { /* a scalar: a number key, or a short string */
      out.str = 1;
      out.n = (unsigned)r->vn[n->b];
      memcpy(out.s, r->v[n->b], out.n);
      out = (lval){.num = as_num(&out, 0), .str = 0};
      if (!r->vn[n->b]) r->bad = 1;
      /* a digit string is the number PHP reads; text stays text */
      if (r->vn[n->b] && !(r->v[n->b][0] == '-' || (r->v[n->b][0] >= '0' && r->v[n->b][0] <= '9'))) {
        out.str = 1;
        out.n = (unsigned)r->vn[n->b];
        memcpy(out.s, r->v[n->b], out.n);
      }
    } else if (r->v[n->b]) {
      r->bad = 1;
    } else {
      /* a modulo with no length known (a length kept in a variable): the indexed string's */
      out.num = (int64_t)ctxlen;
      if (!ctxlen) r->bad = 1;
    }
    break;
  case O_AT:
  case O_SUB: {
    int mid = n->op == O_SUB && (n->v & 0x100);
    int64_t at = idx_of(r, n->b, r->vn[n->a], 0) - (mid ? 1 : 0);
    unsigned w = n->op == O_SUB ? (unsigned)(n->v & 0xff) : 1;
    if (!r->v[n->a] || at < 0 || (size_t)at >= r->vn[n->a]) {
      r->bad = 1;
      break;
    }
    out.str = 1;
    out.n = (size_t)at + w <= r->vn[n->a] ? w : (unsigned)(r->vn[n->a] - (size_t)at);
    memcpy(out.s, r->v[n->a] + at, out.n);
    if (n->op == O_AT && (n->v & 0x400)) out.str = 0, out.num = out.s[0]; /* a char of Java or C# */
    break;
  }
  case O_CHR: {
    lval a = eval(r, n->a, ctxlen);
    int64_t v = as_num(&a, 0);
    out.str = 1, out.n = 1, out.s[0] = (unsigned char)(v & 0xff);
    break;
  }
  case O_ORD: {
    lval a = eval(r, n->a, ctxlen);
    if (!a.str || !a.n) r->bad = 1;
    out.num = a.s[0];
    break;
  }
  case O_VAL: {
    lval a = eval(r, n->a, ctxlen);
    out.num = as_num(&a, n->v == 16 ? 2 : 0);
    break;
  }
  case O_BIN: {
    lval a = eval(r, n->a, ctxlen), b = eval(r, n->b, ctxlen);
    char op = (char)n->v;
    if (op == '.') {
      as_str(&a), as_str(&b);
      out = a;
      unsigned m = b.n < sizeof out.s - out.n ? b.n : (unsigned)(sizeof out.s - out.n);
      memcpy(out.s + out.n, b.s, m);
      out.n += m;
      break;
    }
    if (op == '^' && a.str && b.str) { /* PHP: bytes XORed, as long as the shorter */
      out.str = 1;
      out.n = a.n < b.n ? a.n : b.n;
      for (unsigned m = 0; m < out.n; m++) out.s[m] = a.s[m] ^ b.s[m];
      break;
    }
    int64_t x = as_num(&a, 0), y = as_num(&b, 0);
    switch (op) {
    case '^': out.num = x ^ y; break;
    case '|': out.num = x | y; break;
    case '&': out.num = x & y; break;
    case '+': out.num = x + y; break;
    case '-': out.num = x - y; break;
    case '*': out.num = x * y; break;
    case '%':
      if (y == 0) r->bad = 1;
      else out.num = x % y;
      break;
    case '/':
    case '\\': /* a whole quotient: (i - 1) / 2 of a loop that steps by two */
      if (y == 0 || x % y) r->bad = 1;
      else out.num = x / y;
      break;
    default: r->bad = 1;
    }
    if (out.num > 0x7FFFFFFF || out.num < -0x7FFFFFFF) r->bad = 1;
    break;
  }
  default: r->bad = 1;
  }
  return out;
}

static int64_t idx_of(runner *r, int k, size_t len, int base) {
  (void)base;
  lval v = eval(r, k, len);
  return as_num(&v, 0);
}

long lang_loop_run(const lr_prog *p, const unsigned char *const *vals, const size_t *lens, unsigned char *out, size_t cap) {
  runner r = {.p = p};
  if (p->nbind > LR_BINDS || p->src >= p->nbind || p->root >= p->n || p->n > LR_NODES) return -1;
  for (unsigned k = 0; k < p->nbind; k++) {
    r.v[k] = vals[k];
    r.vn[k] = vals[k] ? lens[k] : 0;
  }
  size_t n = r.vn[p->src], o = 0;
  if (!r.v[p->src] || !n || !p->step) return -1;
  for (size_t i = 0; i < n; i += p->step) {
    r.idx = (int64_t)i + p->base;
    lval v = eval(&r, p->root, 0);
    if (r.bad || !v.str) return -1;
    if (o + v.n > cap) return -2;
    memcpy(out + o, v.s, v.n);
    o += v.n;
  }
  return (long)o;
}

/* ---- the analyzer's side -------------------------------------------------- */

/* The decode loop st[s, nst) of the target tg, read and, on constants, run
 * (loop_run.c): 1 if its output (after the target's prior value) is in
 * c->lrun_off/len; in a function, on a parameter, the wrapper keeps the loop. */
int lang_loop_statement(lang_ctx *c, size_t s, const token *tg) {
  lr_prog p;
  if (!lang_loop_compile(c, s, c->nst, &p)) return 0;
  const unsigned char *vals[LR_BINDS] = {0};
  size_t lens[LR_BINDS] = {0};
  int params = 0;
  for (unsigned k = 0; k < p.nbind; k++) {
    lr_bind *b = &p.binds[k];
    if (b->kind == LB_STR) {
      vals[k] = (const unsigned char *)b->s, lens[k] = b->len;
      continue;
    }
    if (strlen(b->name) == tg->len && memcmp(b->name, tok_text(c, tg), tg->len) == 0) return 0; /* the output itself */
    sym *sy = lang_sym_get(c, b->name, strlen(b->name), 0);
    if (c->fn && c->syn != SYN_PHP && (!sy || !sy->has_const)) { /* a parameter by name */
      unsigned m = 0;
      while (m < c->nlr_params && strcmp(c->lr_params[m], b->name) != 0) m++;
      if (m < c->nlr_params) {
        b->kind = LB_PARAM, b->param = (uint8_t)(m + 1), b->nchain = 0;
        params++;
        continue;
      }
    }
    if (!sy) continue;
    if (c->fn && sy->has_taint && (sy->t.flags & TA_PARAM) && sy->t.param) {
      b->kind = LB_PARAM, b->param = sy->t.param;
      b->nchain = sy->t.nchain > LANG_MAX_CHAIN ? LANG_MAX_CHAIN : sy->t.nchain;
      memcpy(b->chain, sy->t.chain, b->nchain);
      params++;
    } else if (sy->has_const && (sy->val.kind == TK_STR || sy->val.kind == TK_NUM) && !(sy->val.flags & TF_INTERP)) {
      vals[k] = (const unsigned char *)c->persist.buf + sy->val.off, lens[k] = sy->val.len;
      if (sy->val.len <= LR_STR) {
        b->kind = LB_STR, b->len = (uint8_t)sy->val.len;
        memcpy(b->s, vals[k], sy->val.len);
      }
    }
  }
  if (c->fn && params) { /* function d($s, $k) { ... $o .= chr(ord($s[$i]) ^ $k); ... } */
    if (p.binds[p.src].kind != LB_PARAM) return 0;
    for (unsigned k = 0; k < p.nbind; k++)
      if (p.binds[k].kind == LB_NAME && vals[k]) return 0; /* a constant too long to keep */
    wrapper *w = &c->wrappers[c->fn - 1];
    if (tg->len < sizeof p.target) memcpy(p.target, tok_text(c, tg), tg->len);
    for (unsigned k = 0; k < c->nlr_progs; k++) /* the same function read again, on a second pass */
      if (memcmp(&c->lr_progs[k], &p, offsetof(lr_prog, post)) == 0) {
        w->lrun = (uint8_t)(k + 1);
        return 0;
      }
    if (c->nlr_progs >= LR_PROGS) return 0;
    c->lr_progs[c->nlr_progs] = p;
    w->lrun = ++c->nlr_progs;
    return 0;
  }
  if (!vals[p.src] || lens[p.src] < LR_MIN_CONST || lens[p.src] > (1u << 20) || !c->budget) return 0;
  size_t cap = lens[p.src] * 4 + 16;
  if (cap > c->budget->remaining) cap = c->budget->remaining;
  unsigned char *out = xmalloc(cap + 1);
  long r = lang_loop_run(&p, vals, lens, out, cap);
  if (r > 0) {
    sym *ts = lang_sym_get(c, tok_text(c, tg), tg->len, 0);
    int prior = ts && ts->has_const && ts->val.kind == TK_STR;
    char *pv = prior ? xmalloc(ts->val.len + 1) : NULL; /* persist can move */
    if (prior) memcpy(pv, c->persist.buf + ts->val.off, ts->val.len);
    c->lrun_off = lang_arena_put(&c->persist, prior ? pv : "", prior ? ts->val.len : 0);
    lang_arena_append(&c->persist, (const char *)out, (size_t)r);
    c->lrun_len = (uint32_t)((prior ? ts->val.len : 0) + (size_t)r);
    c->budget->remaining -= (size_t)r;
    free(pv);
  }
  free(out);
  return r > 0;
}


long lang_loop_call(lang_ctx *c, size_t i, size_t *closep, char **outp, const token **srcp) {
  const token *t = &c->st[i];
  const char *name = tok_text(c, t), *dot = c->syn == SYN_PHP ? NULL : memchr(name, '.', t->len);
  size_t nn = t->len;
  if (dot && c->syn != SYN_PHP) { /* Me.Dec, Page.Dec, this.dec: the page's own */
    const char *last = name + t->len;
    while (last > name && last[-1] != '.') last--;
    nn = (size_t)(name + t->len - last), name = last;
  }
  const wrapper *w = NULL;
  if (t->kind != TK_IDENT || !is_op(c, i + 1, "(")) return -1;
  for (size_t k = 0; k < c->nwrappers && !w; k++)
    if (c->wrappers[k].lrun && c->wrappers[k].lrun <= c->nlr_progs && (int)k + 1 != c->fn &&
        strlen(c->wrappers[k].name) == nn && strncasecmp(c->wrappers[k].name, name, nn) == 0)
      w = &c->wrappers[k];
  if (!w || !c->budget) return -1;
  size_t close = lang_match_close(c, i + 1);
  if (close >= c->nst) return -1;
  size_t args[8], nargs = 0;
  for (size_t a = i + 2; a < close; a += 2) { /* literals only, one token each */
    const token *x = &c->st[a];
    if (nargs == 8 || (x->kind != TK_STR && x->kind != TK_NUM) || (x->flags & TF_INTERP) || (a + 1 < close && !is_op(c, a + 1, ",")))
      return -1;
    args[nargs++] = a;
  }
  const lr_prog *p = &c->lr_progs[w->lrun - 1];
  const unsigned char *vals[LR_BINDS] = {0};
  size_t lens[LR_BINDS] = {0}, offs[LR_BINDS] = {0};
  const token *src = NULL;
  uint32_t mark = (uint32_t)c->sink.text.len; /* decoded arguments go here; given back after */
  int ok = 1;
  for (unsigned k = 0; k < p->nbind && ok; k++) {
    const lr_bind *b = &p->binds[k];
    if (b->kind == LB_STR) vals[k] = (const unsigned char *)b->s, lens[k] = b->len;
    if (b->kind != LB_PARAM) continue;
    if (!b->param || b->param > nargs) {
      ok = 0;
      break;
    }
    const token *x = &c->st[args[b->param - 1]];
    if (k == p->src) src = x;
    uint32_t off = x->off;
    size_t len = x->len;
    for (unsigned m = 0; m < b->nchain && ok; m++) {
      decoder_id d = (decoder_id)b->chain[m];
      ok = d == DEC_BASE64 || d == DEC_ROT13 || d == DEC_GZINFLATE || d == DEC_GZUNCOMPRESS || d == DEC_GZDECODE ||
           d == DEC_HEX2BIN || d == DEC_URLDECODE || d == DEC_STRREV || d == DEC_BZDECOMPRESS || d == DEC_FROMBASE64 ||
           d == DEC_JBASE64;
      if (ok) off = lang_decode_apply(d, (const unsigned char *)c->sink.text.buf + off, len, &c->sink.text, &len, c->budget);
      ok = ok && off != UINT32_MAX;
    }
    lens[k] = len, offs[k] = off;
  }
  if (!ok || !src || lens[p->src] < LR_MIN_CONST || lens[p->src] > (1u << 20)) {
    c->sink.text.len = mark;
    return -1;
  }
  for (unsigned k = 0; k < p->nbind; k++) /* the arena stopped moving */
    if (p->binds[k].kind == LB_PARAM) vals[k] = (const unsigned char *)c->sink.text.buf + offs[k];
  size_t cap = lens[p->src] * 4 + 16;
  if (cap > c->budget->remaining) cap = c->budget->remaining;
  char *out = xmalloc(cap + 1);
  long r = lang_loop_run(p, vals, lens, (unsigned char *)out, cap);
  c->sink.text.len = mark;
  for (unsigned k = 0; k < p->npost && k < LANG_MAX_CHAIN && r > 0; k++) { /* return gzinflate($o) */
    arena tmp = {0};
    size_t len;
    uint32_t off = lang_decode_apply((decoder_id)p->post[k], (const unsigned char *)out, (size_t)r, &tmp, &len, c->budget);
    if (off == UINT32_MAX) {
      r = -1;
    } else {
      free(out);
      out = xmalloc(len + 1);
      memcpy(out, tmp.buf + off, len);
      r = (long)len;
    }
    lang_arena_free(&tmp);
  }
  if (r <= 0) {
    free(out);
    return -1;
  }
  *closep = close, *outp = out, *srcp = src;
  return r;
}

int lang_loop_assign(lang_ctx *c, size_t eq) {
  static const char *const makers[] = {"chr", "chrw", "chrb", "string.fromcharcode", "char", "convert.tochar"};
  size_t s;
  const token *tg = &c->st[0];
  if (is_op(c, eq, "+=") || is_op(c, eq, "&="))
    s = eq + 1;
  else if (is_op(c, eq, "=") && eq + 3 < c->nst && c->st[eq + 1].kind == TK_IDENT && c->st[eq + 1].len == tg->len &&
           memcmp(tok_text(c, &c->st[eq + 1]), tok_text(c, tg), tg->len) == 0 && (is_op(c, eq + 2, "&") || is_op(c, eq + 2, "+")))
    s = eq + 3;
  else
    return 0;
  int makes = 0; /* Chr(...), (char)(...), String.fromCharCode(...): it makes characters */
  for (size_t i = s; i < c->nst && !makes; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_IDENT || t->len > 20) continue;
    for (size_t k = 0; k < sizeof makers / sizeof makers[0] && !makes; k++)
      makes = t->len == strlen(makers[k]) && strncasecmp(tok_text(c, t), makers[k], t->len) == 0;
  }
  c->lrun_len = 0;
  if (!makes || !lang_loop_statement(c, s, tg) || tg->len >= sizeof c->loopdec) return 0;
  memcpy(c->loopdec, tok_text(c, tg), tg->len); /* a loop of the page on constants: its output, once recorded */
  c->loopdec[tg->len] = '\0';
  return 1;
}

void lang_loop_store_output(lang_ctx *c, sym *s) {
  memset(&s->val, 0, sizeof s->val);
  s->val.kind = TK_STR;
  s->val.flags = TF_CONST | TF_JOINED;
  if (lang_fold_binary(c->persist.buf + c->lrun_off, c->lrun_len)) s->val.flags |= TF_BINARY;
  s->val.off = c->lrun_off;
  s->val.len = c->lrun_len;
  s->val.nchain = 1;
  s->val.chain[0] = DEC_LOOP;
  s->has_const = 1;
  s->has_taint = s->has_arr = s->has_type = 0;
  c->values |= LV_CONST;
  c->lrun_len = 0;
}

void lang_loop_assign_after(lang_ctx *c) {
  sym *s = c->lrun_len ? lang_sym_get(c, c->loopdec, strlen(c->loopdec), 1) : NULL;
  c->loopdec[0] = '\0';
  if (s) lang_loop_store_output(c, s);
  c->lrun_len = 0;
}

void lang_loop_params(lang_ctx *c, size_t name) {
  c->nlr_params = 0;
  if (!is_op(c, name + 1, "(")) return;
  size_t close = lang_match_close(c, name + 1);
  if (close >= c->nst) return;
  const token *last = NULL;
  int depth = 0, as = 0;
  for (size_t i = name + 2; i <= close; i++) {
    const token *t = &c->st[i];
    if (i < close && (is_op(c, i, "(") || is_op(c, i, "<") || is_op(c, i, "["))) depth++;
    else if (i < close && (is_op(c, i, ")") || is_op(c, i, ">") || is_op(c, i, "]"))) depth--;
    if (depth > 0) continue;
    if (i == close || is_op(c, i, ",")) { /* (ByVal s As String, k), (String s, int k) */
      if (last && last->len < sizeof c->lr_params[0] && c->nlr_params < 6) {
        memcpy(c->lr_params[c->nlr_params], tok_text(c, last), last->len);
        c->lr_params[c->nlr_params++][last->len] = '\0';
      } else if (c->nlr_params < 6) {
        c->lr_params[c->nlr_params++][0] = '\0';
      }
      last = NULL, as = 0;
      continue;
    }
    if (t->kind == TK_IDENT && tok_is(c, t, TK_IDENT, "as")) as = 1;
    else if (t->kind == TK_IDENT && !as && !tok_is(c, t, TK_IDENT, "byval") && !tok_is(c, t, TK_IDENT, "byref") &&
             !tok_is(c, t, TK_IDENT, "optional"))
      last = t;
  }
}

void lang_loop_note_return(lang_ctx *c, wrapper *w) {
  if (!w->lrun || w->lrun > c->nlr_progs || c->nst < 5 || c->nst > 24) return;
  lr_prog *p = &c->lr_progs[w->lrun - 1];
  uint8_t chain[LANG_MAX_CHAIN];
  size_t n = 0, i = 1;
  /* return D1(D2(...($o)...)): the names outermost first */
  while (i + 1 < c->nst && c->st[i].kind == TK_IDENT && is_op(c, i + 1, "(") && n < LANG_MAX_CHAIN) {
    const token *t = &c->st[i];
    char nm[24];
    if (t->len >= sizeof nm) return;
    lang_lower_copy(nm, sizeof nm, tok_text(c, t), t->len);
    const name_def *d = lang_names_lookup(nm, t->len, c->syn);
    if (!d || d->kind != N_DECODER || !d->id || d->id == DEC_CHR) return;
    chain[n++] = (uint8_t)d->id;
    i += 2;
  }
  if (!n || i >= c->nst || c->st[i].kind != TK_VAR || strlen(p->target) != c->st[i].len ||
      memcmp(p->target, tok_text(c, &c->st[i]), c->st[i].len) != 0)
    return;
  for (size_t k = i + 1; k < c->nst; k++)
    if (!is_op(c, k, ")")) return;
  p->npost = (uint8_t)n;
  for (size_t k = 0; k < n; k++) p->post[k] = chain[n - 1 - k];
}
