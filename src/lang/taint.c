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

/* The source text buf[from, to) on one line, runs of white space as one
 * space, cut with "..." where it does not fit (out keeps room for it). */
void lang_quote_source(const lang_ctx *c, uint32_t from, uint32_t to, char *out, size_t outsz) {
  size_t o = 0;
  if (to > c->len) to = (uint32_t)c->len;
  int space = 0, cut = 0;
  for (uint32_t i = from; i < to; i++) {
    unsigned char ch = c->buf[i];
    if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
      space = o > 0;
      continue;
    }
    if (o + (size_t)space + 1 + sizeof "..." > outsz) { /* a space and a byte may both go in */
      cut = 1;
      break;
    }
    if (space) out[o++] = ' ', space = 0;
    out[o++] = (char)ch;
  }
  if (cut) memcpy(out + o, "...", 3), o += 3;
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

/* Is this $_SERVER field sent by the client?  Headers (HTTP_*), the query
 * string and URI, the path info and basic-auth credentials are (argv is
 * the command line of a CLI script). */
static int server_field_is_input(const char *k) {
  static const char *const keys[] = {"QUERY_STRING", "REQUEST_URI", "PATH_INFO", "ORIG_PATH_INFO",
                                     "PHP_AUTH_USER", "PHP_AUTH_PW", "REDIRECT_QUERY_STRING", "REDIRECT_URL",
                                     "PATH_TRANSLATED"};
  if (strncmp(k, "HTTP_", 5) == 0) return 1;
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    if (strcmp(k, keys[i]) == 0) return 1;
  return 0;
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
      /* $"/c {cmd}": a variable holding request input */
      size_t n = 0;
      char name[48];
      while (n + 1 < sizeof name && lang_lex_ident_char((unsigned char)p[1 + n]))
        name[n] = (char)(p[1 + n] >= 'A' && p[1 + n] <= 'Z' ? p[1 + n] + 32 : p[1 + n]), n++;
      sym *sy = n && (p[1 + n] == '}' || p[1 + n] == ':' || p[1 + n] == '.') ? lang_sym_get(c, name, n, 0) : NULL;
      if (sy && sy->has_taint && !(sy->t.flags & TA_WEAK)) {
        *out = sy->t;
        out->flags &= (uint16_t)~TA_PURE;
        return 1;
      }
    }
    return 0;
  }
  for (const char *p = s; (p = strchr(p, '$')) != NULL; p++) {
    if (p > s && p[-1] == '\\') continue; /* "\$_GET" is text */
    size_t n = 1;
    while (lang_lex_ident_char((unsigned char)p[n])) n++;
    if (n < 2) continue;
    sym *sy;
    if (lang_names_php_source(p, n) ||
        (n == 8 && memcmp(p, "$_SERVER", 8) == 0 && p[n] == '[' && server_field_is_input(p + n + 1 + (p[n + 1] == '\'' || p[n + 1] == '"')))) {
      lang_quote_source(c, t->src_off, t->src_end, out->src, sizeof out->src);
      out->flags = TA_PURE;
      return 1;
    }
    if ((sy = lang_sym_get(c, p, n, 0)) && sy->has_taint && !(sy->t.flags & TA_SERVER)) {
      *out = sy->t;
      return 1;
    }
    if (!sy && c->extracted && c->extract_scope == c->scope) {
      *out = c->extract_t;
      snprintf(out->src, sizeof out->src, "%.*s (set by %.36s)", (int)(n > 24 ? 24 : n), p, c->extract_t.src);
      return 1;
    }
  }
  return 0;
}

int lang_interp_heads(lang_ctx *c, const token *t, int (*opens)(const char *, size_t)) {
  const char *s = tok_text(c, t), *end = s + t->len, *chunk = s;
  int open = 1;
  for (const char *p = s; p < end; p++) {
    if (*p != '$' || (p > s && p[-1] == '\\')) continue;
    size_t n = 1;
    while (p + n < end && lang_lex_ident_char((unsigned char)p[n])) n++;
    if (n < 2) continue;
    const char *from = p > s && p[-1] == '{' ? p - 1 : p;
    if (from > chunk || chunk == s) open = opens(chunk, (size_t)(from - chunk)) && (from > chunk || open);
    if (open) {
      sym *sy;
      if (lang_names_php_source(p, n)) return 1;
      if ((sy = lang_sym_get(c, p, n, 0)) && sy->has_taint && !(sy->t.flags & TA_ARGONLY) &&
          (!(sy->t.flags & TA_WEAK) || (c->heads_params && (sy->t.flags & TA_PARAM))))
        return 1;
    }
    open = 0;
    chunk = p + n;
    while (chunk < end && (*chunk == '[' || *chunk == ']' || *chunk == '}' || *chunk == '\'' || *chunk == '"' ||
                           lang_lex_ident_char((unsigned char)*chunk)))
      chunk++; /* $a['k'] and {$a} belong to the variable */
    p = chunk - 1;
  }
  return 0;
}

/* The key of the index at st[e] ('[' STR ']'), or NULL. */
static const char *const_key(const lang_ctx *c, size_t e, size_t b) {
  if (e + 2 < b && tok_is(c, &c->st[e], TK_OP, "[") && c->st[e + 1].kind == TK_STR && tok_is(c, &c->st[e + 2], TK_OP, "]"))
    return tok_text(c, &c->st[e + 1]);
  return NULL;
}

static int socket_var(lang_ctx *c, const token *v) {
  sym *s = lang_sym_get(c, tok_text(c, v), v->len, 0);
  return s && s->socket;
}

/* A request source starting at st[i]; *end gets the index after it. */
/* x.ResponseText / x.ResponseBody of an HTTP client object (MSXML2.ServerXMLHTTP,
 * Microsoft.XMLHTTP, WinHttp.WinHttpRequest): the content it downloaded. */
static int http_response(lang_ctx *c, const char *s, size_t n) {
  const char *dot = memchr(s, '.', n);
  if (!dot || memchr(dot + 1, '.', n - (size_t)(dot + 1 - s))) return 0; /* x.member only */
  size_t m = n - (size_t)(dot + 1 - s);
  if (!((m == 12 && memcmp(dot + 1, "responsetext", 12) == 0) || (m == 12 && memcmp(dot + 1, "responsebody", 12) == 0)))
    return 0;
  sym *sy = lang_sym_get(c, s, (size_t)(dot - s), 0);
  if (!sy || !sy->has_type) return 0;
  const char *ty = c->persist.buf + sy->type_off;
  return strstr(ty, "xmlhttp") != NULL || strstr(ty, "winhttprequest") != NULL;
}

/* filter_input(INPUT_GET, 'n', FILTER_VALIDATE_INT): a number, not text (the call's '(' at st[open]). */
static int numeric_filter(const lang_ctx *c, size_t open, size_t b) {
  size_t close = lang_match_close(c, open);
  for (size_t k = open + 1; k < close && k < b; k++)
    if (c->st[k].kind == TK_IDENT && (strncmp(tok_text(c, &c->st[k]), "filter_validate_", 16) == 0 ||
                                      strncmp(tok_text(c, &c->st[k]), "filter_sanitize_number", 22) == 0))
      return 1;
  return 0;
}

static int source_at(lang_ctx *c, size_t i, size_t b, taint *t, size_t *end) {
  const token *tk = &c->st[i];
  const char *s = tok_text(c, tk);
  size_t e = i + 1;
  int body = 0, server = 0;
  unsigned files_flag = 0;
  if (tk->kind == TK_VAR) {
    int is_server = tk->len == 8 && memcmp(s, "$_SERVER", 8) == 0;
    if (tk->len == 5 && memcmp(s, "$_ENV", 5) == 0) {
      /* $_ENV['HTTP_X'], ['QUERY_STRING']: under CGI and FastCGI the request's headers are the environment */
      const char *key = const_key(c, e, b);
      if (!key || !server_field_is_input(key)) return 0;
      is_server = 1;
    }
    if (!lang_names_php_source(s, tk->len) && !is_server) return 0;
    if (is_server) {
      /* the client's fields: $_SERVER['HTTP_...'], ['QUERY_STRING']...; the
       * whole array only as itself (copied, or its values listed) */
      const char *key = const_key(c, e, b);
      if (key && !server_field_is_input(key)) return 0;
      if (!key && e < b && tok_is(c, &c->st[e], TK_OP, "[")) return 0; /* a key we cannot read */
      if (!key) server = 1;
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
  } else if (tk->kind == TK_IDENT || (c->syn == SYN_PHP && tk->kind == TK_STR && !(tk->flags & TF_INTERP) && tk->len < 32)) {
    if (c->syn == SYN_PHP) {
      if (e >= b || !tok_is(c, &c->st[e], TK_OP, "(")) return 0;
      char low[32];
      if (tk->kind == TK_STR) { /* $f = 'fopen'; $f(__FILE__) */
        for (size_t k = 0; k < tk->len; k++) low[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
        s = low;
      }
      if (tk->kind == TK_IDENT && tk->len == 13 && memcmp(s, "getdoccomment", 13) == 0) {
        /* ReflectionFunction/Method/Class::getDocComment(): the file's own comment, a packed payload's hiding place */
        memset(t, 0, sizeof *t);
        snprintf(t->src, sizeof t->src, "its own doc comment (getDocComment())");
        t->flags = TA_PACKED;
        t->line = tk->line;
        size_t close = lang_match_close(c, e);
        *end = close < b ? close + 1 : b;
        return 1;
      }
      if (c->fn && tk->kind == TK_IDENT && (tk->len == 12 || tk->len == 13) && memcmp(s, "func_get_arg", 12) == 0 &&
          (tk->len == 12 || s[12] == 's')) {
        /* func_get_arg(0), func_get_args(): the function's arguments, declared or not */
        size_t close = lang_match_close(c, e);
        unsigned p = 1;
        if (tk->len == 12 && e + 2 < b && c->st[e + 1].kind == TK_NUM && c->st[e + 1].len == 1)
          p = (unsigned)(tok_text(c, &c->st[e + 1])[0] - '0') + 1;
        memset(t, 0, sizeof *t);
        snprintf(t->src, sizeof t->src, "%s()", tk->len == 12 ? "func_get_arg" : "func_get_args");
        t->flags = TA_PARAM | TA_PURE;
        t->param = (uint8_t)p;
        t->line = tk->line;
        *end = close < b ? close + 1 : b;
        return 1;
      }
      const name_def *d = lang_names_lookup(s, tk->len, c->syn);
      if (d && tk->len == 12 && memcmp(s, "filter_input", 12) == 0 && !numeric_filter(c, e, b))
        d = lang_names_lookup("filter_input_array", 18, c->syn); /* its row is the FILTER_CALLBACK sink's */
      if (!d || d->kind != N_SOURCE) return 0;
      size_t close = lang_match_close(c, e);
      if (d->flags & NF_BODY) { /* file_get_contents / fopen: only of php://input, or a download */
        int input = 0;
        const char *url = NULL;
        if (e + 1 < b && tok_is(c, &c->st[e + 1], TK_IDENT, "__file__")) { /* the file reads itself: a packed tail */
          memset(t, 0, sizeof *t);
          snprintf(t->src, sizeof t->src, "its own file (__FILE__)");
          t->flags = TA_PACKED;
          t->line = tk->line;
          *end = close < b ? close + 1 : b;
          return 1;
        }
        for (size_t k = e + 1; k < close && k < b; k++) {
          if (c->st[k].kind != TK_STR) continue;
          const char *v = tok_text(c, &c->st[k]);
          input |= strcmp(v, "php://input") == 0;
          if (k == e + 1 && (strncmp(v, "http://", 7) == 0 || strncmp(v, "https://", 8) == 0 || strncmp(v, "ftp://", 6) == 0))
            url = v;
        }
        if (!input && !url) return 0;
        if (!input) {
          memset(t, 0, sizeof *t);
          snprintf(t->src, sizeof t->src, "%.70s", url);
          t->flags = TA_REMOTE;
          t->line = tk->line;
          *end = close < b ? close + 1 : b;
          return 1;
        }
        body = 1;
      }
      if (d->flags & NF_SOCKET) { /* socket_read($s), or fgets($s) of a socket */
        if (!(strcmp(d->name, "socket_read") == 0 ||
              (e + 1 < b && c->st[e + 1].kind == TK_VAR && socket_var(c, &c->st[e + 1]))))
          return 0;
        memset(t, 0, sizeof *t);
        snprintf(t->src, sizeof t->src, "%s", d->display);
        t->flags = TA_SOCKET;
        t->line = tk->line;
        *end = close < b ? close + 1 : b;
        return 1;
      }
      if (d->flags & NF_REMOTE) {
        memset(t, 0, sizeof *t);
        snprintf(t->src, sizeof t->src, "%s", d->display);
        t->flags = TA_REMOTE;
        t->line = tk->line;
        *end = close < b ? close + 1 : b;
        return 1;
      }
      if ((d->flags & NF_HEADER) &&
          !(e + 1 < b && c->st[e + 1].kind == TK_STR && server_field_is_input(tok_text(c, &c->st[e + 1]))))
        return 0;
      e = close < b ? close + 1 : b;
    } else if (c->syn != SYN_JAVA && c->syn != SYN_CFML && http_response(c, s, tk->len)) {
      memset(t, 0, sizeof *t); /* x.ResponseText of an XMLHTTP object: what it downloaded */
      snprintf(t->src, sizeof t->src, "%.32s (an HTTP download)", s);
      t->flags = TA_REMOTE;
      t->line = tk->line;
      *end = e;
      return 1;
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
  while (e < b && (tok_is(c, &c->st[e], TK_OP, "[") || tok_is(c, &c->st[e], TK_OP, "{") ||
                   (tok_is(c, &c->st[e], TK_OP, "(") && tk->kind == TK_IDENT))) {
    size_t close = lang_match_close(c, e);
    e = close < b ? close + 1 : b;
  }
  memset(t, 0, sizeof *t);
  lang_quote_source(c, tk->src_off, c->st[e - 1].src_end, t->src, sizeof t->src);
  t->flags = (uint16_t)((body ? TA_BODY : 0) | TA_PURE | files_flag | (server ? TA_SERVER : 0));
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
  /* the name's NUL at n first: a cheap no for most of the file's functions (this runs for every call read) */
  if (!lang_maybe_wrapper(c, name, n)) return NULL;
  for (size_t k = 0; k < c->nwrappers; k++)
    if (n < sizeof c->wrappers[k].name && c->wrappers[k].name[n] == '\0' && strlen(c->wrappers[k].name) == n &&
        memcmp(c->wrappers[k].name, name, n) == 0)
      return &c->wrappers[k];
  return NULL;
}

/* A taint a variable holds, as read at st[i]: an array that is all of
 * $_SERVER gives input only through its request fields (a number indexes
 * a copy of its values).  *used: the tokens read. */
static int var_taint(lang_ctx *c, size_t i, size_t b, const sym *sy, taint *t, size_t *used) {
  *t = sy->t;
  *used = 1;
  if (sy->tkey_tag && i + 3 < b && tok_is(c, &c->st[i + 1], TK_OP, "[") && c->st[i + 2].kind == TK_STR &&
      !(c->st[i + 2].flags & TF_INTERP) && tok_is(c, &c->st[i + 3], TK_OP, "]") &&
      sy->tkey_tag == lang_taint_tag(&sy->t) &&
      lang_key_hash(tok_text(c, &c->st[i + 2]), c->st[i + 2].len) != sy->tkey_hash)
    return 0; /* $view['file_name'] when the request's value went under $view['items'] only */
  if (!(t->flags & TA_SERVER) || !(i + 3 < b + 1 && tok_is(c, &c->st[i + 1], TK_OP, "["))) return 1;
  if (i + 3 >= b || !tok_is(c, &c->st[i + 3], TK_OP, "]")) return 1;
  const token *k = &c->st[i + 2];
  if (k->kind == TK_STR && !server_field_is_input(tok_text(c, k))) return 0; /* a field the server sets */
  if (k->kind != TK_STR && k->kind != TK_NUM) return 1;
  t->flags &= (uint16_t)~TA_SERVER;
  lang_quote_source(c, c->st[i].src_off, c->st[i + 3].src_end, t->src, sizeof t->src);
  *used = 4;
  return 1;
}

/* A binary operator whose result is a boolean: request input compared is
 * not request input passed on. */
static int boolean_op(const lang_ctx *c, const token *t) {
  const char *s = tok_text(c, t);
  if (t->kind == TK_IDENT)
    return (t->len == 3 && (memcmp(s, "and", 3) == 0 || memcmp(s, "xor", 3) == 0)) ||
           (t->len == 2 && memcmp(s, "or", 2) == 0) || (t->len == 10 && memcmp(s, "instanceof", 10) == 0);
  switch (t->len) {
  case 1: return s[0] == '<' || s[0] == '>' || s[0] == '!';
  case 2: return (s[1] == '=' && (s[0] == '=' || s[0] == '!' || s[0] == '<' || s[0] == '>')) ||
                 (s[0] == '<' && s[1] == '>') || (s[0] == '&' && s[1] == '&') || (s[0] == '|' && s[1] == '|');
  case 3: return (s[1] == '=' && s[2] == '=' && (s[0] == '=' || s[0] == '!')) || memcmp(s, "<=>", 3) == 0;
  default: return 0;
  }
}

static int scan_taint(lang_ctx *c, size_t a, size_t b, taint *out);

/* PHP: each comma-separated element of st[a, b) on its own -- a
 * comparison or a logical operator at its top level makes it a boolean,
 * and in a ternary only the two values count, not the condition. */
int lang_span_taint(lang_ctx *c, size_t a, size_t b, taint *out) {
  if (b > c->nst) b = c->nst;
  if (c->syn != SYN_PHP) return scan_taint(c, a, b, out);
  int depth = 0, found = 0, boolean = 0;
  size_t from = a, q = SIZE_MAX;
  taint t;
  for (size_t i = a; i <= b; i++) {
    if (i < b) {
      const token *tk = &c->st[i];
      if (tk->kind == TK_OP) {
        char ch = tok_text(c, tk)[0];
        if (tk->len == 1 && (ch == '(' || ch == '[' || ch == '{')) depth++;
        else if (tk->len == 1 && (ch == ')' || ch == ']' || ch == '}')) depth--;
        else if (depth == 0 && tk->len == 1 && ch == '?' && q == SIZE_MAX) q = i;
        else if (depth == 0 && q == SIZE_MAX && boolean_op(c, tk)) boolean = 1;
        if (!(depth == 0 && tk->len == 1 && ch == ',')) continue;
      } else {
        if (depth == 0 && q == SIZE_MAX && tk->kind == TK_IDENT && boolean_op(c, tk)) boolean = 1;
        continue;
      }
    }
    size_t s = q != SIZE_MAX ? q + 1 : from;
    if (i > s && (q != SIZE_MAX || !boolean) && scan_taint(c, s, i, &t)) {
      /* request input first; a weaker kind only if there is none */
      if (!found || ((out->flags & TA_WEAK) && !(t.flags & TA_WEAK))) *out = t;
      found = 1;
      if (!(out->flags & TA_WEAK)) break;
    }
    from = i + 1, q = SIZE_MAX, boolean = 0;
  }
  return found;
}

/* A long encoded literal: what a packed payload is unpacked from. */
static int packed_literal(const lang_ctx *c, const token *t) {
  return c->syn == SYN_PHP && t->kind == TK_STR && t->len >= 512 && (t->flags & TF_BLOB);
}

/* The literal at i is one whole branch of a conditional: the default of
 * $_POST['q'] ? $_POST['q'] : 'select version()' or $_GET['d'] ?? '.'.  The
 * value is then either the request's, whole, or the literal: it is not a
 * request value joined to a literal, so the literal leaves it pure. */
static int ternary_default(const lang_ctx *c, size_t a, size_t b, size_t i) {
  if (c->syn != SYN_PHP || i <= a) return 0;
  const token *p = &c->st[i - 1];
  int after = tok_is(c, p, TK_OP, ":") || tok_is(c, p, TK_OP, "??") || tok_is(c, p, TK_OP, "?:") || tok_is(c, p, TK_OP, "?");
  if (!after) return 0;
  return i + 1 >= b || tok_is(c, &c->st[i + 1], TK_OP, ":") || tok_is(c, &c->st[i + 1], TK_OP, ";") ||
         tok_is(c, &c->st[i + 1], TK_OP, ")");
}

/* VBScript/JScript eval("req" & "uest(""p"")"): a constant that, run, reads the
 * request -- the value eval returns is request input. */
static int eval_of_source(lang_ctx *c, size_t i, size_t b, taint *t, size_t *end) {
  if ((c->syn != SYN_VB && c->syn != SYN_JSCRIPT) || i + 3 >= b || !tok_is(c, &c->st[i], TK_IDENT, "eval") ||
      !tok_is(c, &c->st[i + 1], TK_OP, "(") || c->st[i + 2].kind != TK_STR || !tok_is(c, &c->st[i + 3], TK_OP, ")"))
    return 0;
  const char *v = tok_text(c, &c->st[i + 2]);
  char low[64];
  size_t n = 0;
  while (n < c->st[i + 2].len && n + 1 < sizeof low && (lang_lex_ident_char((unsigned char)v[n]) || v[n] == '.'))
    low[n] = (char)(v[n] >= 'A' && v[n] <= 'Z' ? v[n] + 32 : v[n]), n++;
  low[n] = '\0';
  int body;
  if (n < 7 || !lang_names_request_source(low, n, c->syn, &body)) return 0;
  memset(t, 0, sizeof *t);
  lang_quote_source(c, c->st[i].src_off, c->st[i + 3].src_end, t->src, sizeof t->src);
  t->flags = (uint16_t)(TA_PURE | (body ? TA_BODY : 0));
  t->line = c->st[i].line;
  *end = i + 4;
  return 1;
}

/* x.Item("c"), x.get(0): a member of an object variable that holds request
 * input (C#, Java, VB, JScript) hands out what was put in, not the result
 * of a call we do not know. */
static int object_member(lang_ctx *c, const token *t) {
  if (c->syn == SYN_PHP || t->kind != TK_IDENT) return 0;
  const char *s = tok_text(c, t), *dot = memchr(s, '.', t->len);
  if (!dot || memchr(dot + 1, '.', t->len - (size_t)(dot + 1 - s)) || memchr(s, '(', t->len)) return 0;
  sym *sy = lang_sym_get(c, s, (size_t)(dot - s), 0);
  return sy && sy->has_taint && !(sy->t.flags & TA_WEAK);
}

/* Does the PHP call at st[i] escape a quote for a string literal:
 * str_replace("'", "\\'", $v), str_replace(array('\\', "'"), ...),
 * addcslashes($v, "'\\"), var_export($v, true)?  What it returns can only
 * be data inside a quoted literal of a script it is written into. */
static int escapes_quote(const lang_ctx *c, size_t i, size_t b) {
  const token *t = &c->st[i];
  if (tok_is(c, t, TK_IDENT, "var_export")) return 1;
  int replace = tok_is(c, t, TK_IDENT, "str_replace");
  if (!replace && !tok_is(c, t, TK_IDENT, "addcslashes")) return 0;
  size_t s, e, close = lang_match_close(c, i + 1);
  if (close >= b || !lang_arg_span(c, i + 1, close + 1, replace ? 1 : 2, &s, &e)) return 0;
  /* str_replace's search is the quote itself; addcslashes' list holds it */
  for (size_t k = s; k < e; k++)
    if (c->st[k].kind == TK_STR && !(c->st[k].flags & TF_INTERP) && c->st[k].len <= (replace ? 1u : 4u) &&
        memchr(tok_text(c, &c->st[k]), '\'', c->st[k].len))
      return 1;
  return 0;
}

/* A call of a function not known yet, open in a span being read: where its
 * arguments close, and its bit in the called_*_bloom sets. */
typedef struct {
  size_t close;
  unsigned bit;
} open_call;

/* Tainted input at token i: the unknown calls whose arguments hold it.  (A
 * parameter of the function being read does not count: what the function
 * is, a wrapper of a sink or a pass-through, does not depend on it.) */
static void note_tainted_args(lang_ctx *c, const open_call *open, size_t n, size_t i, const taint *t) {
  if (t->flags & TA_PARAM) return;
  for (size_t k = 0; k < n; k++)
    if (i < open[k].close) lang_bloom_add(c->called_tainted_bloom, open[k].bit);
}

/* st[i] is inside one of the calls multi[0, n) lists ([open, close]) that has more than one argument */
static int in_multi_at(const lang_ctx *c, size_t (*multi)[2], size_t n, size_t i) {
  size_t s, e;
  for (size_t k = 0; k < n; k++)
    if (multi[k][0] < i && i < multi[k][1] && lang_arg_span(c, multi[k][0] + 1, multi[k][1], 2, &s, &e)) return 1;
  return 0;
}
#define in_multi(m, n, i) ((n) && in_multi_at(c, m, n, i))

static int scan_taint(lang_ctx *c, size_t a, size_t b, taint *out) {
  uint8_t seen[LANG_MAX_CHAIN];
  size_t nseen = 0;
  char via[48] = "";
  int found = 0, pure = 1, decrypt = 0, depth = 0, called = 0, quoted = 0, unquoted = 0;
  size_t unknown_until = 0; /* inside the arguments of a call we do not know, up to here */
  size_t multi[4][2]; /* PHP: such calls, [open, close] (TA_MIXED: inside one of more than one argument) */
  size_t nmulti = 0;
  int mixed = 0;
  /* first pass: those calls, to note the ones given something tainted (a function defined
   * later that returns what it is given is worth a second pass only for them) */
  open_call open_calls[8];
  size_t nopen = 0;
  size_t quoted_until = 0; /* inside the arguments of a call that escapes a quote, up to here */
  if (b > c->nst) b = c->nst;
  for (size_t i = a; i < b;) {
    token *t = &c->st[i];
    int was_found = found;
    int call = i + 1 < b && tok_is(c, &c->st[i + 1], TK_OP, "(");
    if (t->kind == TK_OP) {
      const char *s = tok_text(c, t);
      if (t->len == 1 && (s[0] == '(' || s[0] == '[' || s[0] == '{')) depth++;
      else if (t->len == 1 && (s[0] == ')' || s[0] == ']' || s[0] == '}')) depth--;
      else if (t->len == 1 && (s[0] == '.' ? c->syn == SYN_PHP || depth == 0 : depth == 0 && strchr("+&", s[0])))
        pure = 0; /* joined with something else, also inside a call: realpath($dir . '/' . $_GET['f']) */
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
    if (eval_of_source(c, i, b, &src, &end) || source_at(c, i, b, &src, &end)) {
      if (!found || ((out->flags & TA_WEAK) && !(src.flags & TA_WEAK))) *out = src, found = 1;
      else out->flags |= src.flags & TA_UPNAME; /* $dir . $_FILES['f']['name'] */
      called |= i < unknown_until, mixed |= in_multi(multi, nmulti, i);
      note_tainted_args(c, open_calls, nopen, i, &src);
      if (i < quoted_until) quoted = 1;
      else unquoted = 1; /* request input written as it is beside the escaped value */
      i = end;
      continue;
    }
    if (t->kind == TK_IDENT && call &&
        (c->syn == SYN_VB || (c->syn == SYN_JSCRIPT && (tok_is(c, t, TK_IDENT, "session") ||
                                                        tok_is(c, t, TK_IDENT, "application"))))) {
      /* VB indexes with parentheses: x(i) or Session("k") of a tainted x; classic ASP's JScript
       * reads the session and application stores the same way */
      sym *sy = lang_sym_get(c, tok_text(c, t), t->len, 0);
      if (sy && sy->has_taint) {
        if (!found) *out = sy->t, found = 1, called |= i < unknown_until, mixed |= in_multi(multi, nmulti, i);
        note_tainted_args(c, open_calls, nopen, i, &sy->t);
        size_t close = lang_match_close(c, i + 1);
        i = close < b ? close + 1 : b;
        continue;
      }
    }
    if (t->kind == TK_IDENT && !call && c->syn == SYN_VB && c->nwrappers && memchr(tok_text(c, t), '.', t->len)) {
      /* obj.Cmd of a class whose Property Get Cmd returns request input: VB reads it without parentheses */
      const wrapper *w = find_wrapper(c, tok_text(c, t), t->len);
      if (w && w->returns && !found) {
        *out = w->ret, found = 1;
        snprintf(out->src, sizeof out->src, "%.32s (returned by %.20s)", w->ret.src, w->name);
        i++;
        continue;
      }
    }
    char low[32];
    const char *nm = tok_text(c, t);
    if (call && c->syn == SYN_PHP && t->kind == TK_STR && !(t->flags & TF_INTERP) && t->len < sizeof low) {
      /* 'Base64_decode'($x): a variable function folded to its name */
      for (size_t k = 0; k < t->len; k++) low[k] = (char)(nm[k] >= 'A' && nm[k] <= 'Z' ? nm[k] + 32 : nm[k]);
      nm = low;
    }
    if ((t->kind == TK_IDENT || nm == low) && call) {
      if (c->syn == SYN_PHP && t->kind == TK_IDENT && escapes_quote(c, i, b)) {
        size_t close = lang_match_close(c, i + 1);
        if (close > quoted_until) quoted_until = close;
      }
      const name_def *d = lang_names_lookup(nm, t->len, c->syn);
      const wrapper *w = d ? NULL : find_wrapper(c, nm, t->len);
      if (d && (d->kind == N_SANITIZER || (d->flags & NF_SANITIZES))) {
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
      if (w && w->returns && (!found || ((out->flags & TA_WEAK) && !(w->ret.flags & TA_WEAK)))) {
        /* function p($k) { return $_POST[$k]; } ... p('c') */
        *out = w->ret;
        snprintf(out->src, sizeof out->src, "%.32s (returned by %.20s())", w->ret.src, w->name);
        found = 1;
      }
      /* VBScript/JScript: a page function that takes characters apart and rebuilds
       * them (Mid + Chr) decodes its argument: what it returns is still the input */
      int decodes = w && c->syn != SYN_PHP && (w->shape == 3 || w->decoder);
      if (!d && !(w && (w->xor || w->passes || w->returns || decodes)) && !object_member(c, t) &&
          !(c->syn == SYN_PHP && tok_is(c, t, TK_IDENT, "array"))) { /* array($x) holds $x as it is */
        size_t close = lang_match_close(c, i + 1);
        if (close > unknown_until) unknown_until = close;
        if (c->syn == SYN_PHP && nmulti < 4 && close < b) multi[nmulti][0] = i + 1, multi[nmulti++][1] = close;
        if (c->pass == 1 && nopen < sizeof open_calls / sizeof open_calls[0])
          open_calls[nopen].close = close, open_calls[nopen++].bit = lang_name_bit(nm, t->len);
      }
    }
    if ((t->kind == TK_STR || t->kind == TK_BTICK) && (t->flags & TF_INTERP) && !found) {
      taint it = {0};
      if (interp_taint(c, t, &it)) *out = it, found = 1;
    }
    if (packed_literal(c, t) && (!found || (out->flags & TA_PACKED))) {
      if (!found) {
        memset(out, 0, sizeof *out);
        snprintf(out->src, sizeof out->src, "a %u-byte encoded literal", t->len);
        out->flags = TA_PACKED;
        out->line = t->line;
        found = 1;
      }
    }
    if (t->kind == TK_STR && depth == 0 && !ternary_default(c, a, b, i)) pure = 0;
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
      taint vt;
      size_t used;
      /* a method or property of an object that a call returned: $ev = Event::find($_GET['id']); $ev->path() */
      int member = c->syn == SYN_PHP && i + 1 < b && (tok_is(c, &c->st[i + 1], TK_OP, "->") || tok_is(c, &c->st[i + 1], TK_OP, "::"));
      if (sy && sy->has_taint && !(member && (sy->t.flags & TA_CALLED)) && var_taint(c, i, b, sy, &vt, &used)) {
        if (!found || ((out->flags & TA_WEAK) && !(vt.flags & TA_WEAK))) *out = vt, found = 1;
        else out->flags |= vt.flags & (TA_DECRYPT | TA_UPNAME); /* $dir . '/' . $real, $real the client's name */
        note_tainted_args(c, open_calls, nopen, i, &vt);
        if (used > 1) {
          called |= i < unknown_until, mixed |= in_multi(multi, nmulti, i);
          i += used;
          continue;
        }
      } else if (sy && sy->has_taint && (sy->t.flags & TA_SERVER) && i + 3 < b && tok_is(c, &c->st[i + 1], TK_OP, "[")) {
        i += 4; /* $r['SCRIPT_NAME']: a field the server sets */
        continue;
      } else if (!sy && t->kind == TK_VAR && c->extracted && c->extract_scope == c->scope &&
                 !(i > 0 && tok_is(c, &c->st[i - 1], TK_OP, "->")) && !(n == 5 && memcmp(s, "$this", 5) == 0)) {
        /* a variable never assigned here, after extract($_REQUEST) */
        if (!found || (out->flags & TA_WEAK)) {
          *out = c->extract_t;
          snprintf(out->src, sizeof out->src, "%.*s (set by %.40s)", (int)(n > 24 ? 24 : n), s, c->extract_t.src);
          found = 1;
        }
      } else if (i + 1 < b && tok_is(c, &c->st[i + 1], TK_OP, "[") && !call) {
        /* a lookup into a table that is not request data: $allowed[$type] */
        size_t close = lang_match_close(c, i + 1);
        i = close < b ? close + 1 : b;
        continue;
      }
    }
    if (found && !was_found) {
      called |= i < unknown_until, quoted |= i < quoted_until, mixed |= in_multi(multi, nmulti, i);
      note_tainted_args(c, open_calls, nopen, i, out);
    }
    i++;
  }
  if (!found) return 0;
  if (called) out->flags |= TA_CALLED;
  if (called && mixed) out->flags |= TA_MIXED;
  if (unquoted) out->flags &= (uint16_t)~TA_QUOTED;
  else if (quoted) out->flags |= TA_QUOTED;
  /* decoders were met outermost first: the chain runs innermost first */
  for (size_t k = nseen; k-- > 0;)
    if (out->nchain < LANG_MAX_CHAIN) out->chain[out->nchain++] = seen[k];
  if (decrypt) {
    out->flags |= TA_DECRYPT;
    if (!out->via[0]) snprintf(out->via, sizeof out->via, "%s", via);
  }
  if (!pure) out->flags &= (uint16_t)~TA_PURE;
  return 1;
}
