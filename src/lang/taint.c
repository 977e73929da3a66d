/*
 * taint.c - does a span of a statement carry request input?  Sources are
 * PHP's request superglobals, php://input and getallheaders(), and the
 * ASP/ASP.NET/JSP request object's members; taint also comes from
 * variables assigned from them earlier.  Sanitizer calls (intval,
 * escapeshellarg, ...) and lookups into a constant table ($allowed[$t])
 * stop it.  Decoders and decryptions met on the way are remembered, so an
 * explanation can say "after base64_decode → gzinflate".
 */
#include <stdio.h>
#include <string.h>

#include "lang/analyze.h"

void lang_quote_source(const lang_ctx *c, uint32_t from, uint32_t to, char *out, size_t outsz) {
  size_t o = 0;
  if (to > c->len) to = (uint32_t)c->len;
  int space = 0;
  for (uint32_t i = from; i < to && o + 4 < outsz; i++) {
    unsigned char ch = c->buf[i];
    if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
      space = o > 0;
      continue;
    }
    if (space) out[o++] = ' ', space = 0;
    out[o++] = (char)ch;
  }
  if (from < to && o + 4 >= outsz) memcpy(out + o, "...", 3), o += 3;
  out[o] = '\0';
}

void lang_chain_text(const uint8_t *chain, size_t n, const char *via, char *out, size_t outsz) {
  size_t o = 0;
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    const char *name = (chain[i] == DEC_DECRYPT || chain[i] == DEC_XOR) && via && *via
                           ? via : lang_decoder_name((decoder_id)chain[i]);
    if (i && chain[i] == chain[i - 1]) continue;
    int w = snprintf(out + o, outsz - o, "%s%s", o ? " \xe2\x86\x92 " : "", name);
    if (w < 0 || (size_t)w >= outsz - o) break;
    o += (size_t)w;
  }
}

static int interp_taint(lang_ctx *c, const token *t, taint *out) {
  const char *s = tok_text(c, t);
  if (c->syn != SYN_PHP) {
    /* C# $"...{Request["x"]}..." */
    for (const char *p = s; (p = strstr(p, "{")) != NULL; p++) {
      const char *r = strstr(p, "equest");
      if (r && r > s && (r[-1] == 'R' || r[-1] == 'r')) {
        lang_quote_source(c, t->src_off, t->src_end, out->src, sizeof out->src);
        return 1;
      }
    }
    return 0;
  }
  for (const char *p = s; (p = strchr(p, '$')) != NULL; p++) {
    size_t n = 1;
    while (lang_lex_ident_char((unsigned char)p[n])) n++;
    if (n < 2) continue;
    sym *sy;
    if (lang_names_php_source(p, n)) {
      lang_quote_source(c, t->src_off, t->src_end, out->src, sizeof out->src);
      return 1;
    }
    if ((sy = lang_sym_get(c, p, n, 0)) && sy->has_taint) {
      *out = sy->t;
      return 1;
    }
  }
  return 0;
}

/* A request source starting at st[i]; *end gets the index after it. */
static int source_at(lang_ctx *c, size_t i, size_t b, taint *t, size_t *end) {
  const token *tk = &c->st[i];
  const char *s = tok_text(c, tk);
  size_t e = i + 1;
  int body = 0;
  unsigned files_flag = 0;
  if (tk->kind == TK_VAR) {
    int is_server = tk->len == 8 && memcmp(s, "$_SERVER", 8) == 0;
    if (!lang_names_php_source(s, tk->len) && !is_server) return 0;
    if (is_server) {
      /* only the client's headers: $_SERVER['HTTP_...'] */
      if (!(e + 1 < b && tok_is(c, &c->st[e], TK_OP, "[") && c->st[e + 1].kind == TK_STR &&
            strncmp(tok_text(c, &c->st[e + 1]), "HTTP_", 5) == 0))
        return 0;
    }
    body = tk->len == 19 && memcmp(s, "$HTTP_RAW_POST_DATA", 19) == 0;
    if (tk->len == 7 && memcmp(s, "$_FILES", 7) == 0) { /* which field of the upload */
      size_t k = e;
      while (k + 2 < b && tok_is(c, &c->st[k], TK_OP, "[") && tok_is(c, &c->st[k + 2], TK_OP, "]")) {
        const token *key = &c->st[k + 1];
        if (key->kind == TK_STR && (strcmp(tok_text(c, key), "tmp_name") == 0 || strcmp(tok_text(c, key), "size") == 0 ||
                                    strcmp(tok_text(c, key), "error") == 0))
          files_flag = TA_TMPNAME;
        else if (key->kind == TK_STR && strcmp(tok_text(c, key), "name") == 0)
          files_flag = TA_UPNAME;
        k += 3;
      }
    }
  } else if (tk->kind == TK_IDENT) {
    if (c->syn == SYN_PHP) {
      if (e >= b || !tok_is(c, &c->st[e], TK_OP, "(")) return 0;
      const name_def *d = lang_names_lookup(s, tk->len, c->syn);
      if (!d || d->kind != N_SOURCE) return 0;
      size_t close = lang_match_close(c, e);
      if (d->flags & NF_BODY) { /* file_get_contents / fopen: only of php://input */
        int input = 0;
        for (size_t k = e + 1; k < close && k < b; k++)
          input |= c->st[k].kind == TK_STR && strcmp(tok_text(c, &c->st[k]), "php://input") == 0;
        if (!input) return 0;
        body = 1;
      }
      if ((d->flags & NF_HEADER) &&
          !(e + 1 < b && c->st[e + 1].kind == TK_STR && strncmp(tok_text(c, &c->st[e + 1]), "HTTP_", 5) == 0))
        return 0;
      e = close < b ? close + 1 : b;
    } else if (!lang_names_request_source(s, tk->len, c->syn, &body) &&
               !lang_request_via_alias(c, s, tk->len, &body)) {
      return 0;
    } else if (strstr(s, ".files")) {
      files_flag = TA_UPNAME; /* Request.Files[..]: the client names the file */
    }
  } else {
    return 0;
  }
  /* the index or call that selects the value: [...] or (...) */
  while (e < b && (tok_is(c, &c->st[e], TK_OP, "[") || (tok_is(c, &c->st[e], TK_OP, "(") && tk->kind == TK_IDENT))) {
    size_t close = lang_match_close(c, e);
    e = close < b ? close + 1 : b;
  }
  memset(t, 0, sizeof *t);
  lang_quote_source(c, tk->src_off, c->st[e - 1].src_end, t->src, sizeof t->src);
  t->flags = (uint8_t)((body ? TA_BODY : 0) | TA_PURE | files_flag);
  t->line = tk->line;
  *end = e;
  return 1;
}

static const wrapper *find_wrapper(const lang_ctx *c, const char *name, size_t n) {
  const char *dot = memchr(name, '.', n);
  while (dot) { /* x.def -> def */
    n -= (size_t)(dot + 1 - name);
    name = dot + 1;
    dot = memchr(name, '.', n);
  }
  for (size_t k = 0; k < c->nwrappers; k++)
    if (strlen(c->wrappers[k].name) == n && memcmp(c->wrappers[k].name, name, n) == 0) return &c->wrappers[k];
  return NULL;
}

int lang_span_taint(lang_ctx *c, size_t a, size_t b, taint *out) {
  uint8_t seen[LANG_MAX_CHAIN];
  size_t nseen = 0;
  char via[48] = "";
  int found = 0, pure = 1, decrypt = 0, depth = 0, called = 0;
  size_t unknown_until = 0; /* inside the arguments of a call we do not know, up to here */
  if (b > c->nst) b = c->nst;
  for (size_t i = a; i < b;) {
    token *t = &c->st[i];
    int was_found = found;
    int call = i + 1 < b && tok_is(c, &c->st[i + 1], TK_OP, "(");
    if (t->kind == TK_OP) {
      const char *s = tok_text(c, t);
      if (t->len == 1 && strchr("([{", s[0])) depth++;
      else if (t->len == 1 && strchr(")]}", s[0])) depth--;
      else if (depth == 0 && (t->len == 1 && strchr(".+&", s[0]))) pure = 0;
      i++;
      continue;
    }
    if (t->kind == TK_IDENT && tok_is(c, t, TK_IDENT, "(cast)")) {
      /* (int) $_GET['n']: skip the operand and its index or call */
      i += 2;
      while (i < b && (tok_is(c, &c->st[i], TK_OP, "[") || tok_is(c, &c->st[i], TK_OP, "("))) {
        size_t close = lang_match_close(c, i);
        i = close < b ? close + 1 : b;
      }
      continue;
    }
    taint src;
    size_t end;
    if (source_at(c, i, b, &src, &end)) {
      if (!found) *out = src, found = 1;
      else out->flags |= src.flags & TA_UPNAME; /* $dir . $_FILES['f']['name'] */
      called |= i < unknown_until;
      i = end;
      continue;
    }
    if (t->kind == TK_IDENT && call && c->syn == SYN_VB) {
      /* VB indexes with parentheses: x(i) or Session("k") of a tainted x */
      sym *sy = lang_sym_get(c, tok_text(c, t), t->len, 0);
      if (sy && sy->has_taint) {
        if (!found) *out = sy->t, found = 1, called |= i < unknown_until;
        size_t close = lang_match_close(c, i + 1);
        i = close < b ? close + 1 : b;
        continue;
      }
    }
    if (t->kind == TK_IDENT && call) {
      const name_def *d = lang_names_lookup(tok_text(c, t), t->len, c->syn);
      const wrapper *w = d ? NULL : find_wrapper(c, tok_text(c, t), t->len);
      if (d && d->kind == N_SANITIZER) {
        size_t close = lang_match_close(c, i + 1);
        i = close < b ? close + 1 : b;
        continue;
      }
      if (d && d->kind == N_DECODER && d->id != DEC_GETSTRING && d->id != DEC_NEWSTRING && nseen < LANG_MAX_CHAIN)
        seen[nseen++] = d->id;
      if (d && d->kind == N_DECRYPT) {
        if (!decrypt) snprintf(via, sizeof via, "%s", d->display);
        decrypt = 1;
        if (nseen < LANG_MAX_CHAIN) seen[nseen++] = DEC_DECRYPT;
      }
      if (w && w->xor) {
        if (!decrypt) snprintf(via, sizeof via, "XOR loop in %.30s()", w->name);
        decrypt = 1;
        if (nseen < LANG_MAX_CHAIN) seen[nseen++] = DEC_XOR;
      }
      if (!d && !(w && w->xor)) {
        size_t close = lang_match_close(c, i + 1);
        if (close > unknown_until) unknown_until = close;
      }
    }
    if ((t->kind == TK_STR || t->kind == TK_BTICK) && (t->flags & TF_INTERP) && !found) {
      taint it = {0};
      if (interp_taint(c, t, &it)) *out = it, found = 1;
    }
    if (t->kind == TK_STR && depth == 0) pure = 0;
    if (t->kind == TK_VAR || t->kind == TK_IDENT) {
      const char *s = tok_text(c, t);
      size_t n = t->len;
      if (t->kind == TK_IDENT && n > 5 && (memcmp(s, "this.", 5) == 0 || memcmp(s, "page.", 5) == 0)) s += 5, n -= 5;
      else if (t->kind == TK_IDENT && n > 3 && memcmp(s, "me.", 3) == 0) s += 3, n -= 3;
      sym *sy = lang_sym_get(c, s, n, 0);
      if (!sy && t->kind == TK_IDENT) { /* x.Trim() -> x */
        const char *dot = memchr(s, '.', n);
        if (dot) sy = lang_sym_get(c, s, (size_t)(dot - s), 0);
      }
      if (sy && sy->has_taint) {
        if (!found) *out = sy->t, found = 1;
        else out->flags |= sy->t.flags & TA_DECRYPT;
      } else if (i + 1 < b && tok_is(c, &c->st[i + 1], TK_OP, "[") && !call) {
        /* a lookup into a table that is not request data: $allowed[$type] */
        size_t close = lang_match_close(c, i + 1);
        i = close < b ? close + 1 : b;
        continue;
      }
    }
    if (found && !was_found) called |= i < unknown_until;
    i++;
  }
  if (!found) return 0;
  if (called) out->flags |= TA_CALLED;
  /* decoders were met outermost first: the chain runs innermost first */
  for (size_t k = nseen; k-- > 0;)
    if (out->nchain < LANG_MAX_CHAIN) out->chain[out->nchain++] = seen[k];
  if (decrypt) {
    out->flags |= TA_DECRYPT;
    if (!out->via[0]) snprintf(out->via, sizeof out->via, "%s", via);
  }
  if (!pure) out->flags &= (uint8_t)~TA_PURE;
  return 1;
}
