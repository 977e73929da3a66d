/*
 * w3c.c - the IIS W3C extended reader (space-separated, "-" for empty,
 * spaces in values written as '+'; the Microsoft "W3C Logging" and IIS
 * logFile schema documentation).  The layout comes from "#Fields:" and is
 * re-read at every header block, since a restart or a configuration change
 * can change the fields in the middle of a file.  Logs as they really are
 * are read too, not skipped: "# Fields:" with a space, a user agent with
 * raw spaces (a proxy or log shipper rewrote it), a column removed by
 * redaction (logs_w3c_align), and a file without any header (the IIS
 * default fields are assumed, with a warning).  A line no layout fits is
 * handed on unsplit, to be checked raw and counted.
 *
 * Also the field-name table that Exchange's CSV logs share (excsv.c).
 */
#include "logs/logs.h"

#include <ctype.h>
#include <stdlib.h>

/* Field names per slot, lower-case: IIS names first, then Exchange CSV. */
static const struct {
  const char *name;
  int slot;
} field_names[] = {
    {"date", LOGS_SLOT_DATE},           {"time", LOGS_SLOT_TIME},
    {"datetime", LOGS_SLOT_DATETIME},   {"timestamp", LOGS_SLOT_DATETIME},   {"date-time", LOGS_SLOT_DATETIME},
    {"cs-method", LOGS_SLOT_METHOD},    {"method", LOGS_SLOT_METHOD},
    {"cs-uri-stem", LOGS_SLOT_STEM},    {"urlstem", LOGS_SLOT_STEM},
    {"cs-uri-query", LOGS_SLOT_QUERY},  {"urlquery", LOGS_SLOT_QUERY},
    {"c-ip", LOGS_SLOT_IP},             {"clientipaddress", LOGS_SLOT_IP},   {"client-ip", LOGS_SLOT_IP},
    {"clientip", LOGS_SLOT_IP},
    {"cs(user-agent)", LOGS_SLOT_UA},   {"useragent", LOGS_SLOT_UA},         {"user-agent", LOGS_SLOT_UA},
    {"cs-user-agent", LOGS_SLOT_UA},
    {"sc-status", LOGS_SLOT_STATUS},    {"httpstatus", LOGS_SLOT_STATUS},
    {"cs-username", LOGS_SLOT_USER},    {"authenticateduser", LOGS_SLOT_USER},
    {"anchormailbox", LOGS_SLOT_ANCHOR}, {"backendcookie", LOGS_SLOT_BECOOKIE}, {"routinghint", LOGS_SLOT_HINT},
    {"protocol", LOGS_SLOT_PROTOCOL},   {"eventdata", LOGS_SLOT_EVENTDATA},  {"eventid", LOGS_SLOT_EVENTID},
    {"cs(referer)", LOGS_SLOT_REFERER}, {"cs-referer", LOGS_SLOT_REFERER},
    {"cs-host", LOGS_SLOT_HOST},        {"urlhost", LOGS_SLOT_HOST},
};

/* IIS 7+ default fields: used, with a warning, for a file that has none. */
static const char default_iis_fields[] =
    "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
    "cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

void logs_fields_free(logs_fields_def *f) {
  for (size_t i = 0; i < f->n; i++) free(f->names[i]);
  free(f->names);
  f->names = NULL;
  f->n = 0;
}

void logs_fields_parse(logs_fields_def *f, const char *line, size_t n, char sep) {
  logs_fields_free(f);
  for (size_t i = 0; i < LOGS_SLOT_COUNT; i++) f->idx[i] = -1;
  f->names = xcalloc(LOGS_MAX_FIELDS, sizeof *f->names);
  size_t i = 0;
  while (i <= n && f->n < LOGS_MAX_FIELDS) {
    while (i < n && (line[i] == ' ' || line[i] == '\t')) i++;
    if (i >= n) break;
    size_t j = i;
    while (j < n && line[j] != sep) j++;
    size_t e = j;
    while (e > i && (line[e - 1] == ' ' || line[e - 1] == '\t')) e--;
    char *name = xstrndup(line + i, e - i);
    for (size_t k = 0; k < sizeof field_names / sizeof field_names[0]; k++)
      if (!strcasecmp(name, field_names[k].name) && f->idx[field_names[k].slot] < 0)
        f->idx[field_names[k].slot] = (int)f->n;
    f->names[f->n++] = name;
    i = j + 1;
  }
}

int logs_is_fields_directive(const char *line, size_t n, size_t *rest) {
  size_t i = 0;
  if (i >= n || line[i++] != '#') return 0;
  while (i < n && line[i] == ' ') i++;
  if (!logs_starts_nocase(line + i, n - i, "Fields")) return 0;
  i += 6;
  while (i < n && line[i] == ' ') i++;
  if (i >= n || line[i] != ':') return 0;
  *rest = i + 1;
  return 1;
}

/* ---- shapes, for aligning tokens with columns ---- */

typedef enum { SH_ANY, SH_DATE, SH_TIME, SH_NUM, SH_METHOD, SH_STEM, SH_FREE, SH_FREE_UA } shape;

static shape shape_of(const char *name) {
  static const struct {
    const char *name;
    shape sh;
  } shapes[] = {
      {"date", SH_DATE},         {"time", SH_TIME},          {"s-port", SH_NUM},         {"sc-status", SH_NUM},
      {"sc-substatus", SH_NUM},  {"sc-win32-status", SH_NUM}, {"time-taken", SH_NUM},     {"sc-bytes", SH_NUM},
      {"cs-bytes", SH_NUM},      {"cs-method", SH_METHOD},   {"cs-uri-stem", SH_STEM},   {"cs(user-agent)", SH_FREE_UA},
      {"cs(referer)", SH_FREE},  {"cs(cookie)", SH_FREE},
  };
  for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
    if (!strcasecmp(name, shapes[i].name)) return shapes[i].sh;
  return SH_ANY;
}

static int all_digits(span t) {
  for (size_t i = 0; i < t.n; i++)
    if (t.p[i] < '0' || t.p[i] > '9') return 0;
  return t.n > 0;
}

static int fits(shape sh, span t) {
  if (t.n == 1 && t.p[0] == '-') return 1;
  switch (sh) {
  case SH_DATE: return t.n == 10 && logs_parse_time(t.p, 10) != SS_TIME_UNKNOWN;
  case SH_TIME: return t.n >= 8 && t.p[2] == ':' && t.p[5] == ':' && isdigit((unsigned char)t.p[0]);
  case SH_NUM: return all_digits(t);
  case SH_METHOD:
    for (size_t i = 0; i < t.n; i++)
      if (!isupper((unsigned char)t.p[i]) && t.p[i] != '_' && t.p[i] != '-') return 0;
    return t.n > 0 && t.n <= 32;
  case SH_STEM: return t.n > 0 && (t.p[0] == '/' || t.p[0] == '*' || logs_starts_nocase(t.p, t.n, "http"));
  default: return 1;
  }
}

#define ALIGN_MAX_FIELDS 40
#define ALIGN_MAX_EXTRA 12
#define MISSING_COST 100

/* Minimal-cost assignment of ntok tokens to the n columns: each column
 * takes one token of its shape, a free-text column (user agent, referer,
 * cookie) may take several (raw spaces; an extra token costs 1 in the
 * user agent, where they occur, 2 elsewhere), and at most one column may
 * be missing (a redacted column removed).  Dynamic
 * programming over (columns, tokens), bounded, so a hostile line costs
 * microseconds. */
int logs_w3c_align(const logs_fields_def *f, const span *tok, int ntok, span *out) {
  int n = (int)f->n;
  if (n < 2 || n > ALIGN_MAX_FIELDS || ntok < n - 1 || ntok > n + ALIGN_MAX_EXTRA) return -1;
  enum { INF = 1 << 28 };
  int cost[ALIGN_MAX_FIELDS + 1][ALIGN_MAX_FIELDS + ALIGN_MAX_EXTRA + 1];
  unsigned char take[ALIGN_MAX_FIELDS + 1][ALIGN_MAX_FIELDS + ALIGN_MAX_EXTRA + 1];
  shape sh[ALIGN_MAX_FIELDS];
  for (int i = 0; i < n; i++) sh[i] = shape_of(f->names[i]);
  for (int i = 0; i <= n; i++)
    for (int j = 0; j <= ntok; j++) cost[i][j] = INF;
  cost[0][0] = 0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j <= ntok; j++) {
      if (cost[i][j] >= INF) continue;
      /* a redaction removes an address or a name, rarely a typed column */
      int miss = MISSING_COST + (sh[i] == SH_ANY ? 0 : MISSING_COST / 2);
      if (cost[i][j] + miss < cost[i + 1][j]) cost[i + 1][j] = cost[i][j] + miss, take[i + 1][j] = 0;
      int maxk = sh[i] == SH_FREE || sh[i] == SH_FREE_UA ? ALIGN_MAX_EXTRA + 1 : 1;
      for (int k = 1; k <= maxk && j + k <= ntok; k++) {
        if (k == 1 && !fits(sh[i], tok[j])) break;
        int c = cost[i][j] + (k - 1) * (sh[i] == SH_FREE_UA ? 1 : 2);
        if (c < cost[i + 1][j + k]) cost[i + 1][j + k] = c, take[i + 1][j + k] = (unsigned char)k;
      }
    }
  if (cost[n][ntok] >= 2 * MISSING_COST) return -1; /* at most one column missing */
  for (int i = n, j = ntok; i > 0; i--) {
    int k = take[i][j];
    if (!k) {
      out[i - 1] = SPAN_NONE;
      continue;
    }
    const char *a = tok[j - k].p, *b = tok[j - 1].p + tok[j - 1].n;
    out[i - 1] = (span){a, (size_t)(b - a)};
    j -= k;
  }
  return 0;
}

/* ---- detection ---- */

static int looks_like_iis_line(const char *s, size_t n) {
  /* "YYYY-MM-DD HH:MM:SS " then more space-separated fields */
  return n > 20 && s[10] == ' ' && s[19] == ' ' && logs_parse_time(s, 19) != SS_TIME_UNKNOWN;
}

/* Calls fn on each line of head (BOM dropped) until it returns nonzero or
 * max lines were seen; returns that value. */
static int each_line(const char *head, size_t len, int max, int (*fn)(const char *, size_t, void *), void *arg) {
  const char *p = head, *end = head + len;
  for (int k = 0; k < max && p < end; k++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (l >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3, l -= 3;
    if (l && p[l - 1] == '\r') l--;
    int rc = fn(p, l, arg);
    if (rc) return rc;
    if (!nl) break;
    p = nl + 1;
  }
  return 0;
}

static int iis_header(const char *l, size_t n, void *arg) {
  (void)arg;
  size_t rest;
  if (logs_starts_nocase(l, n, "#Software: Microsoft Internet Information Services")) return 95;
  if (logs_is_fields_directive(l, n, &rest) && !memchr(l, ',', n) &&
      (logs_find_nocase(l, n, "cs-uri-stem") || logs_find_nocase(l, n, "date time")))
    return 90;
  return 0;
}

static int iis_data(const char *l, size_t n, void *arg) {
  (void)arg;
  return looks_like_iis_line(l, n) ? 50 : 0;
}

int logs_w3c_detect(const char *head, size_t len, const logs_read_opts *o) {
  (void)o;
  int s = each_line(head, len, 64, iis_header, NULL);
  return s ? s : each_line(head, len, 16, iis_data, NULL);
}

/* ---- reading ---- */

typedef struct {
  const logs_sink *k;
  logs_fields_def def;
  int have, guessed, warned_default;
  span tok[LOGS_MAX_FIELDS], col[LOGS_MAX_FIELDS];
  logs_field fields[LOGS_MAX_FIELDS];
} w3c_state;

static span col(const w3c_state *st, int slot) {
  int i = st->def.idx[slot];
  if (i < 0) return SPAN_NONE;
  span s = st->col[i];
  return s.n == 1 && s.p[0] == '-' ? SPAN_NONE : s;
}

static int parse_status(span s) {
  int v = 0;
  if (!s.n || s.n > 3) return 0;
  for (size_t i = 0; i < s.n; i++) {
    if (s.p[i] < '0' || s.p[i] > '9') return 0;
    v = v * 10 + (s.p[i] - '0');
  }
  return v;
}

static int split_spaces(const char *s, size_t n, span *out, int max) {
  int nf = 0;
  size_t i = 0;
  while (i < n && nf < max) {
    const char *sp = memchr(s + i, ' ', n - i);
    size_t e = sp ? (size_t)(sp - s) : n;
    out[nf].p = s + i;
    out[nf++].n = e - i;
    i = e + 1;
  }
  if (n && s[n - 1] == ' ' && nf < max) out[nf++] = (span){s + n, 0};
  return nf;
}

static int64_t date_time(span d, span t) {
  if (d.n != 10 || t.n < 8) return SS_TIME_UNKNOWN;
  char buf[20];
  memcpy(buf, d.p, 10);
  buf[10] = ' ';
  memcpy(buf + 11, t.p, 8);
  return logs_parse_time(buf, 19);
}

/* A line no indicator can match: only its time is needed (the time
 * window, the span a source covers), and that it splits into the header's
 * fields (coverage): its spaces are counted, not its fields split.
 * Returns 0 if it took the fast way. */
static int light_record(w3c_state *st, logs_rec *r, const char *line, size_t n) {
  if (st->def.idx[LOGS_SLOT_DATE] != 0 || st->def.idx[LOGS_SLOT_TIME] != 1 || n < 20 || line[10] != ' ' ||
      line[19] != ' ' || logs_count_byte(line, n, ' ') + 1 != st->def.n || memchr(line, '\0', n))
    return -1;
  r->time = logs_parse_time(line, 19);
  return 0;
}

static void data_line(w3c_state *st, logs_input *in, const logs_read_opts *o, const char *line, size_t n,
                      uint64_t lineno) {
  logs_rec r;
  logs_rec_init(&r, LOGS_FMT_IIS, "iis", lineno, (span){line, n});
  r.hits = logs_input_hits(in);
  if (!st->have) {
    if (!looks_like_iis_line(line, n)) {
      r.split = 0;
      st->k->record(st->k->user, &r);
      return;
    }
    if (!st->warned_default) {
      logs_sink_line(st->k, lineno, "no #Fields header: assuming the IIS default fields");
      st->warned_default = 1;
    }
    logs_fields_parse(&st->def, default_iis_fields, strlen(default_iis_fields), ' ');
    st->have = st->guessed = 1;
  }
  r.guessed = st->guessed;
  if (!r.hits && !o->full && light_record(st, &r, line, n) == 0) {
    st->k->record(st->k->user, &r);
    return;
  }
  if (memchr(line, '\0', n)) {
    r.split = 0;
    st->k->record(st->k->user, &r);
    return;
  }
  int nt = split_spaces(line, n, st->tok, LOGS_MAX_FIELDS);
  if ((size_t)nt == st->def.n) {
    memcpy(st->col, st->tok, (size_t)nt * sizeof *st->tok);
  } else if (logs_w3c_align(&st->def, st->tok, nt, st->col) != 0) {
    r.split = 0;
    r.cut_short = (size_t)nt < st->def.n;
    for (int i = 0; i < nt && r.cut_short; i++) r.cut_short = fits(shape_of(st->def.names[i]), st->tok[i]);
    st->k->record(st->k->user, &r);
    return;
  }
  for (size_t i = 0; i < st->def.n; i++)
    st->fields[i] = (logs_field){{st->def.names[i], strlen(st->def.names[i])}, st->col[i]};
  r.fields = st->fields;
  r.nfields = st->def.n;
  r.time = date_time(col(st, LOGS_SLOT_DATE), col(st, LOGS_SLOT_TIME));
  if (r.time == SS_TIME_UNKNOWN) {
    span dt = col(st, LOGS_SLOT_DATETIME);
    if (dt.n) r.time = logs_parse_time(dt.p, dt.n);
  }
  r.method = col(st, LOGS_SLOT_METHOD);
  r.stem = col(st, LOGS_SLOT_STEM);
  r.query = col(st, LOGS_SLOT_QUERY);
  r.client_ip = col(st, LOGS_SLOT_IP);
  r.user_agent = col(st, LOGS_SLOT_UA);
  r.referer = col(st, LOGS_SLOT_REFERER);
  r.vhost = col(st, LOGS_SLOT_HOST);
  r.status_text = col(st, LOGS_SLOT_STATUS);
  r.status = parse_status(r.status_text);
  r.auth_user = col(st, LOGS_SLOT_USER);
  if (r.time == SS_TIME_UNKNOWN) logs_sink_line(st->k, lineno, "no valid timestamp");
  st->k->record(st->k->user, &r);
}

void logs_w3c_read(const logs_reader *rd, logs_input *in, const logs_read_opts *o, const logs_sink *k) {
  (void)rd;
  w3c_state *st = xcalloc(1, sizeof *st);
  st->k = k;
  for (size_t i = 0; i < LOGS_SLOT_COUNT; i++) st->def.idx[i] = -1;
  const char *line;
  size_t n, rest;
  uint64_t lineno;
  while (logs_next_line(in, k, &line, &n, &lineno)) {
    if (line[0] == '#') {
      if (logs_is_fields_directive(line, n, &rest)) {
        logs_fields_parse(&st->def, line + rest, n - rest, ' ');
        st->have = 1;
        st->guessed = 0;
      }
      continue;
    }
    data_line(st, in, o, line, n, lineno);
  }
  logs_fields_free(&st->def);
  free(st);
}
