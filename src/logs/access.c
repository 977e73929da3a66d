/*
 * access.c - Apache, nginx and Tomcat access logs.  A layout is compiled
 * from the format string that wrote it - an Apache or Tomcat LogFormat
 * ("%h %l %u %t \"%r\" %>s %b", mod_log_config and the Tomcat
 * AccessLogValve documentation) or an nginx log_format ("$remote_addr -
 * $remote_user [$time_local] ...", ngx_http_log_module) - into literals
 * and fields, and a line is split by matching it against them.  The
 * built-in layouts are the defaults these servers ship (common, combined,
 * vhost_combined, nginx's combined and the "main" of its packaged
 * nginx.conf, Tomcat's valve default = common); the sweep adds the ones
 * the evidence's own configuration defines.  A file's layout is the one
 * that splits most of its first lines; a line it cannot split is tried
 * with the others, then handed on unsplit, to be checked raw.
 *
 * Matching is bounded: a free-text field (request line, referer, user
 * agent) ends at the next occurrence of the literal after it that lets
 * the rest of the line match, with a handful of tries, so quotes inside a
 * user agent cost a retry, not a skipped line, and no line costs more
 * than a few hundred steps.
 */
#include "logs/logs.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>

typedef enum {
  K_OTHER, K_HOST, K_USER, K_TIME_CLF, K_TIME_ISO, K_TIME_MSEC, K_REQUEST, K_METHOD, K_URI, K_PATH, K_QUERY,
  K_PROTO, K_STATUS, K_NUM, K_REFERER, K_UA, K_VHOST
} fkind;

typedef struct {
  int lit;       /* a literal (text) or a field (kind, name) */
  char *text;    /* the literal, or the field's token as written ("%>s", "$remote_addr") */
  size_t len;
  fkind kind;
  int bracketed; /* %t: the value carries its [ ] */
  int quoted;    /* inside "...": may hold spaces and \-escaped quotes */
} item;

typedef struct {
  char *name;   /* "combined", or the nickname in the configuration */
  char *format; /* "access:combined": what records and summaries show */
  item *items;
  size_t n, nfields;
} layout;

struct logs_layouts {
  layout *v;
  size_t n;
};

/* ---- compiling format strings ---- */

static void add_lit(layout *l, const char *s, size_t n) {
  if (!n) return;
  if (l->n && l->items[l->n - 1].lit) { /* join adjacent literals */
    item *it = &l->items[l->n - 1];
    it->text = xrealloc(it->text, it->len + n + 1);
    memcpy(it->text + it->len, s, n);
    it->len += n;
    it->text[it->len] = '\0';
    return;
  }
  l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
  l->items[l->n++] = (item){1, xstrndup(s, n), n, K_OTHER, 0, 0};
}

static void add_field(layout *l, const char *tok, size_t n, fkind k, int bracketed) {
  l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
  l->items[l->n++] = (item){0, xstrndup(tok, n), n, k, bracketed, 0};
  l->nfields++;
}

static fkind header_kind(const char *h, size_t n) {
  if (n == 10 && !strncasecmp(h, "User-Agent", 10)) return K_UA;
  if (n == 7 && !strncasecmp(h, "Referer", 7)) return K_REFERER;
  return K_OTHER;
}

/* Apache mod_log_config / Tomcat AccessLogValve: %[modifiers][{arg}]X. */
static int compile_apache(layout *l, const char *f, const char **why) {
  if (!strcmp(f, "common")) f = "%h %l %u %t \"%r\" %s %b"; /* Tomcat's pattern names */
  else if (!strcmp(f, "combined")) f = "%h %l %u %t \"%r\" %s %b \"%{Referer}i\" \"%{User-Agent}i\"";
  const char *lit = f;
  for (const char *p = f; *p;) {
    if (*p != '%') {
      p++;
      continue;
    }
    add_lit(l, lit, (size_t)(p - lit));
    const char *tok = p++;
    if (*p == '%') {
      add_lit(l, "%", 1);
      lit = ++p;
      continue;
    }
    while (*p == '<' || *p == '>' || *p == '!' || *p == ',' || isdigit((unsigned char)*p)) p++;
    const char *arg = NULL;
    size_t argn = 0;
    if (*p == '{') {
      arg = ++p;
      while (*p && *p != '}') p++;
      if (!*p) return *why = "unterminated %{", -1;
      argn = (size_t)(p - arg);
      p++;
    }
    if (*p == '^' && p[1] && p[2]) p += 2; /* %^ti, %^to: trailers */
    if (!*p) return *why = "format ends in '%'", -1;
    char c = *p++;
    fkind k = K_OTHER;
    int br = 0;
    switch (c) {
    case 'h': case 'a': k = K_HOST; break;
    case 'l': case 'u': k = K_USER; break;
    case 't': k = arg ? K_OTHER : K_TIME_CLF, br = !arg; break;
    case 'r': k = K_REQUEST; break;
    case 'm': k = K_METHOD; break;
    case 'U': k = K_PATH; break;
    case 'q': k = K_QUERY; break;
    case 'H': k = K_PROTO; break;
    case 's': k = K_STATUS; break;
    case 'b': case 'B': case 'O': case 'I': case 'S': case 'D': case 'T': case 'p': case 'P': case 'k': k = K_NUM; break;
    case 'v': case 'V': k = K_VHOST; break;
    case 'i': k = arg ? header_kind(arg, argn) : K_OTHER; break;
    default: k = K_OTHER; break;
    }
    add_field(l, tok, (size_t)(p - tok), k, k == K_TIME_CLF ? br : 0);
    lit = p;
  }
  add_lit(l, lit, strlen(lit));
  return 0;
}

static fkind nginx_kind(const char *v, size_t n) {
  static const struct {
    const char *name;
    fkind k;
  } vars[] = {
      {"remote_addr", K_HOST},     {"binary_remote_addr", K_OTHER}, {"remote_user", K_USER},
      {"time_local", K_TIME_CLF},  {"time_iso8601", K_TIME_ISO},    {"msec", K_TIME_MSEC},
      {"request", K_REQUEST},      {"request_method", K_METHOD},    {"request_uri", K_URI},
      {"uri", K_PATH},             {"document_uri", K_PATH},        {"args", K_QUERY},
      {"query_string", K_QUERY},   {"server_protocol", K_PROTO},    {"status", K_STATUS},
      {"body_bytes_sent", K_NUM},  {"bytes_sent", K_NUM},           {"request_length", K_NUM},
      {"http_referer", K_REFERER}, {"http_user_agent", K_UA},       {"host", K_VHOST},
      {"server_name", K_VHOST},    {"server_port", K_NUM},
  };
  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
    if (strlen(vars[i].name) == n && !strncmp(v, vars[i].name, n)) return vars[i].k;
  return K_OTHER;
}

/* nginx log_format: $variable or ${variable}, literals between. */
static int compile_nginx(layout *l, const char *f, const char **why) {
  const char *lit = f;
  for (const char *p = f; *p;) {
    if (*p != '$') {
      p++;
      continue;
    }
    add_lit(l, lit, (size_t)(p - lit));
    const char *tok = p++, *v = p;
    size_t vn;
    if (*p == '{') {
      v = ++p;
      while (*p && *p != '}') p++;
      if (!*p) return *why = "unterminated ${", -1;
      vn = (size_t)(p - v);
      p++;
    } else {
      while (isalnum((unsigned char)*p) || *p == '_') p++;
      vn = (size_t)(p - v);
    }
    if (!vn) {
      add_lit(l, "$", 1);
      lit = p;
      continue;
    }
    add_field(l, tok, (size_t)(p - tok), nginx_kind(v, vn), 0);
    lit = p;
  }
  add_lit(l, lit, strlen(lit));
  return 0;
}

static void layout_free(layout *l) {
  for (size_t i = 0; i < l->n; i++) free(l->items[i].text);
  free(l->items);
  free(l->name);
  free(l->format);
}

/* Marks fields between double quotes, and checks the layout can split a
 * line: two fields in a row must be separable by their own shapes. */
static int finish(layout *l, const char **why) {
  int request = 0;
  for (size_t i = 0; i < l->n; i++)
    request |= !l->items[i].lit && (l->items[i].kind == K_REQUEST || l->items[i].kind == K_PATH || l->items[i].kind == K_URI);
  if (!request) return *why = "no request field (%r, %U, $request, $uri...): nothing to check", -1;
  for (size_t i = 0; i < l->n; i++) {
    if (l->items[i].lit) continue;
    int open = i > 0 && l->items[i - 1].lit && l->items[i - 1].text[l->items[i - 1].len - 1] == '"';
    int close = i + 1 < l->n && l->items[i + 1].lit && l->items[i + 1].text[0] == '"';
    l->items[i].quoted = open && close;
    if (i + 1 < l->n && !l->items[i + 1].lit && !(l->items[i].kind == K_PATH && l->items[i + 1].kind == K_QUERY))
      return *why = "two fields with nothing between them", -1;
  }
  return 0;
}

logs_layouts *logs_layouts_new(void) { return xcalloc(1, sizeof(logs_layouts)); }

void logs_layouts_free(logs_layouts *l) {
  if (!l) return;
  for (size_t i = 0; i < l->n; i++) layout_free(&l->v[i]);
  free(l->v);
  free(l);
}

size_t logs_layouts_count(const logs_layouts *l) { return l ? l->n : 0; }

int logs_layouts_add(logs_layouts *ls, char syntax, const char *name, const char *format, const char **why) {
  layout l = {0};
  const char *w = "unknown syntax";
  int rc = syntax == 'a' ? compile_apache(&l, format, &w) : syntax == 'n' ? compile_nginx(&l, format, &w) : -1;
  if (rc == 0) rc = finish(&l, &w);
  if (rc != 0) {
    layout_free(&l);
    if (why) *why = w;
    return -1;
  }
  for (size_t i = 0; i < ls->n; i++) /* the same layout again (a second vhost): kept once */
    if (ls->v[i].n == l.n && !strcmp(ls->v[i].name, name ? name : "")) {
      int same = 1;
      for (size_t k = 0; k < l.n && same; k++) same = !strcmp(ls->v[i].items[k].text, l.items[k].text);
      if (same) {
        layout_free(&l);
        return 0;
      }
    }
  l.name = xstrdup(name && *name ? name : "custom");
  l.format = xasprintf("access:%s", l.name);
  ls->v = xrealloc(ls->v, (ls->n + 1) * sizeof *ls->v);
  ls->v[ls->n++] = l;
  return 0;
}

/* The layouts every Apache, nginx and Tomcat ships, compiled once. */
static logs_layouts *builtin;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;
static void free_builtin(void) { logs_layouts_free(builtin); }
static void init_builtin(void) {
  static const struct {
    char syntax;
    const char *name, *format;
  } defs[] = {
      {'a', "vhost_combined", "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\""},
      {'n', "main", "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
                    "\"$http_referer\" \"$http_user_agent\" \"$http_x_forwarded_for\""},
      {'a', "combined", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\""},
      {'a', "common", "%h %l %u %t \"%r\" %>s %b"},
  };
  builtin = logs_layouts_new();
  for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) logs_layouts_add(builtin, defs[i].syntax, defs[i].name, defs[i].format, NULL);
  atexit(free_builtin);
}

static const logs_layouts *builtins(void) {
  pthread_once(&builtin_once, init_builtin);
  return builtin;
}

/* ---- matching a line ---- */

#define MAX_TRIES 8
#define MAX_STEPS 256

typedef struct {
  const layout *l;
  const char *s;
  size_t n;
  span v[LOGS_MAX_FIELDS]; /* value per item */
  int steps;
} matcher;

static int no_space(const char *s, size_t n) { return !memchr(s, ' ', n); }

static int fits(const item *it, const char *s, size_t n) {
  switch (it->kind) {
  case K_STATUS:
    if (n == 1 && s[0] == '-') return 1;
    return n == 3 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]);
  case K_NUM:
    if (n == 1 && s[0] == '-') return 1;
    for (size_t i = 0; i < n; i++)
      if (!isdigit((unsigned char)s[i]) && s[i] != '.') return 0;
    return n > 0;
  case K_TIME_CLF:
    if (it->bracketed) return n >= 22 && s[0] == '[' && s[n - 1] == ']';
    return n >= 20 && isdigit((unsigned char)s[0]);
  case K_TIME_ISO: return n >= 19 && logs_parse_time(s, 19) != SS_TIME_UNKNOWN;
  case K_HOST: case K_VHOST: return n > 0 && no_space(s, n);
  case K_REQUEST: case K_UA: case K_REFERER: return 1;
  default: return it->quoted || no_space(s, n);
  }
}

/* The end of a quoted value: a quote not escaped by a backslash. */
static const char *next_lit(const matcher *m, const item *it, const item *lit, const char *from) {
  const char *end = m->s + m->n;
  while (from <= end - lit->len) {
    const char *q = memchr(from, lit->text[0], (size_t)(end - from) - lit->len + 1);
    if (!q) return NULL;
    if (!memcmp(q, lit->text, lit->len)) {
      size_t bs = 0;
      while (it->quoted && q - bs > m->s && q[-1 - (ptrdiff_t)bs] == '\\') bs++;
      if (!(bs & 1)) return q;
    }
    from = q + 1;
  }
  return NULL;
}

static int match(matcher *m, size_t i, const char *p) {
  const layout *l = m->l;
  const char *end = m->s + m->n;
  if (++m->steps > MAX_STEPS) return 0;
  if (i == l->n) {
    while (p < end && *p == ' ') p++; /* trailing spaces some writers leave */
    return p == end;
  }
  const item *it = &l->items[i];
  if (it->lit) {
    if ((size_t)(end - p) < it->len || memcmp(p, it->text, it->len)) return 0;
    return match(m, i + 1, p + it->len);
  }
  if (i + 1 == l->n) { /* the last field: the rest of the line */
    size_t n = (size_t)(end - p);
    while (n && p[n - 1] == ' ') n--;
    if (!fits(it, p, n)) return 0;
    m->v[i] = (span){p, n};
    return 1;
  }
  const item *next = &l->items[i + 1];
  if (!next->lit) { /* %U%q: the path ends where the query starts */
    const char *q = p;
    while (q < end && *q != '?' && *q != ' ' && *q != '"') q++;
    m->v[i] = (span){p, (size_t)(q - p)};
    return match(m, i + 1, q);
  }
  const char *from = p;
  for (int t = 0; t < MAX_TRIES; t++) {
    const char *at = next_lit(m, it, next, from);
    if (!at) return 0;
    if (fits(it, p, (size_t)(at - p))) {
      m->v[i] = (span){p, (size_t)(at - p)};
      if (match(m, i + 2, at + next->len)) return 1;
    }
    if (!it->quoted && !(it->kind == K_REQUEST || it->kind == K_UA || it->kind == K_REFERER || it->kind == K_OTHER))
      return 0; /* a value without spaces: its first end is its only end */
    from = at + 1;
  }
  return 0;
}

static int match_line(matcher *m, const layout *l, const char *s, size_t n) {
  m->l = l;
  m->s = s;
  m->n = n;
  m->steps = 0;
  return l->n <= LOGS_MAX_FIELDS && match(m, 0, s);
}

/* ---- detection ---- */

/* The layout that splits most of the first lines of head (ties: the more
 * specific); *parsed: lines some layout splits, *lines: lines looked at. */
#define HEAD_LINES 16
static const layout *best_layout(const logs_layouts *conf, const char *head, size_t len, int *parsed, int *lines) {
  const logs_layouts *sets[2] = {conf, builtins()};
  matcher *m = xmalloc(sizeof *m);
  const layout *best = NULL;
  int best_n = 0;
  unsigned char any[HEAD_LINES] = {0};
  *lines = 0;
  for (int s = 0; s < 2; s++)
    for (size_t k = 0; sets[s] && k < sets[s]->n; k++) {
      const layout *l = &sets[s]->v[k];
      int ok = 0, seen = 0;
      const char *p = head, *end = head + len;
      while (p < end && seen < HEAD_LINES) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) break; /* a cut last line proves nothing */
        size_t n = (size_t)(nl - p);
        if (n && p[n - 1] == '\r') n--;
        if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3, n -= 3;
        if (n && p[0] != '#') {
          int yes = match_line(m, l, p, n);
          ok += yes;
          any[seen++] |= (unsigned char)yes;
        }
        p = nl + 1;
      }
      if (seen > *lines) *lines = seen;
      if (ok > best_n || (ok && ok == best_n && l->nfields > best->nfields)) best = l, best_n = ok; /* the more specific */
    }
  free(m);
  *parsed = 0;
  for (int i = 0; i < *lines; i++) *parsed += any[i];
  return best;
}

int logs_access_detect(const char *head, size_t len, const logs_read_opts *o) {
  int parsed, lines;
  const layout *l = best_layout(o ? o->layouts : NULL, head, len, &parsed, &lines);
  if (!l || parsed * 2 < lines) return 0;
  return 60 + (parsed == lines ? 10 : 0);
}

/* ---- reading ---- */

static int64_t clf_time(const item *it, span v) {
  if (it->bracketed && v.n >= 2) v.p++, v.n -= 2;
  return logs_parse_clf_time(v.p, v.n);
}

static int parse_status(span s) {
  if (s.n != 3) return 0;
  return (s.p[0] - '0') * 100 + (s.p[1] - '0') * 10 + (s.p[2] - '0');
}

static span dash_none(span s) { return s.n == 1 && s.p[0] == '-' ? SPAN_NONE : s; }

/* Method, stem, query and protocol of a request line "GET /a?b HTTP/1.1". */
static void request_line(logs_rec *r, span v) {
  const char *sp = memchr(v.p, ' ', v.n);
  if (!sp) return;
  r->method = (span){v.p, (size_t)(sp - v.p)};
  const char *u = sp + 1, *end = v.p + v.n;
  const char *last = memrchr(u, ' ', (size_t)(end - u));
  const char *uend = last && logs_starts_nocase(last + 1, (size_t)(end - last - 1), "HTTP/") ? last : end;
  if (last && uend == last) r->protocol = (span){last + 1, (size_t)(end - last - 1)};
  const char *q = memchr(u, '?', (size_t)(uend - u));
  r->stem = (span){u, (size_t)((q ? q : uend) - u)};
  if (q) r->query = (span){q + 1, (size_t)(uend - q - 1)};
}

static void fill_record(logs_rec *r, const layout *l, const matcher *m, logs_field *fields) {
  size_t nf = 0;
  for (size_t i = 0; i < l->n; i++) {
    const item *it = &l->items[i];
    if (it->lit) continue;
    span v = m->v[i];
    fields[nf++] = (logs_field){{it->text, it->len}, v};
    switch (it->kind) {
    case K_HOST: if (!r->client_ip.n) r->client_ip = dash_none(v); break;
    case K_USER: if (it->text[1] == 'u' || !strcmp(it->text, "$remote_user")) r->auth_user = dash_none(v); break;
    case K_TIME_CLF: r->time = clf_time(it, v); break;
    case K_TIME_ISO: r->time = logs_parse_iso_time(v.p, v.n); break;
    case K_TIME_MSEC: {
      int64_t t = 0;
      size_t k = 0;
      for (; k < v.n && isdigit((unsigned char)v.p[k]) && k < 12; k++) t = t * 10 + (v.p[k] - '0');
      if (k >= 9) r->time = t;
      break;
    }
    case K_REQUEST: request_line(r, v); break;
    case K_METHOD: r->method = v; break;
    case K_URI: {
      const char *q = memchr(v.p, '?', v.n);
      r->stem = (span){v.p, q ? (size_t)(q - v.p) : v.n};
      if (q) r->query = (span){q + 1, v.n - (size_t)(q - v.p) - 1};
      break;
    }
    case K_PATH: r->stem = v; break;
    case K_QUERY: r->query = v.n && v.p[0] == '?' ? (span){v.p + 1, v.n - 1} : dash_none(v); break;
    case K_PROTO: r->protocol = v; break;
    case K_STATUS: r->status_text = v, r->status = parse_status(v); break;
    case K_REFERER: r->referer = dash_none(v); break;
    case K_UA: r->user_agent = dash_none(v); break;
    case K_VHOST: r->vhost = v; break;
    default: break;
    }
  }
  r->fields = fields;
  r->nfields = nf;
}

typedef struct {
  const logs_layouts *conf;
  const layout *main;
  matcher m;
  logs_field fields[LOGS_MAX_FIELDS];
} access_state;

/* The layout that splits this line: the file's, then any other. */
static const layout *split_line(access_state *st, const char *s, size_t n) {
  if (st->main && match_line(&st->m, st->main, s, n)) return st->main;
  const logs_layouts *sets[2] = {st->conf, builtins()};
  for (int k = 0; k < 2; k++)
    for (size_t i = 0; sets[k] && i < sets[k]->n; i++)
      if (&sets[k]->v[i] != st->main && match_line(&st->m, &sets[k]->v[i], s, n)) return &sets[k]->v[i];
  return NULL;
}

void logs_access_read(const logs_reader *rd, logs_input *in, const logs_read_opts *o, const logs_sink *k) {
  (void)rd;
  access_state *st = xcalloc(1, sizeof *st);
  st->conf = o ? o->layouts : NULL;
  size_t hn;
  char *head = logs_input_peek(in, 65536, &hn);
  int parsed, lines;
  st->main = best_layout(st->conf, head, hn, &parsed, &lines);
  free(head);
  const char *line;
  size_t n;
  uint64_t lineno;
  while (logs_next_line(in, k, &line, &n, &lineno)) {
    if (line[0] == '#') continue; /* no layout starts with '#': a comment a collector added */
    logs_rec r;
    logs_rec_init(&r, LOGS_FMT_ACCESS, st->main ? st->main->format : "access", lineno, (span){line, n});
    r.hits = logs_input_hits(in);
    const layout *l = memchr(line, '\0', n) ? NULL : split_line(st, line, n);
    if (!l) {
      r.split = 0;
      k->record(k->user, &r);
      continue;
    }
    r.format = l->format;
    fill_record(&r, l, &st->m, st->fields);
    k->record(k->user, &r);
  }
  free(st);
}
