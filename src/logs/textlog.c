/*
 * textlog.c - the text log readers: IIS W3C extended (space-separated,
 * "-" for empty, facts §5.1) and the Exchange CSV logs (HttpProxy, ECP,
 * OABGeneratorLog and any other Logging\* CSV, facts §5.2-5.4).  Both
 * take their layout from "#Fields:" and re-read it at every header block,
 * since a restart or a configuration change can change the fields in the
 * middle of a file.  The format is detected from content, never the name.
 * Each data line becomes one log_rec for the rules.
 */
#include "logs/logs.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { W3_DATE, W3_TIME, W3_DATETIME, W3_METHOD, W3_STEM, W3_QUERY, W3_IP, W3_UA, W3_STATUS, W3_USER,
       W3_ANCHOR, W3_BECOOKIE, W3_HINT, W3_PROTOCOL, W3_EVENTDATA, W3_EVENTID };

/* Field names per slot, lower-case: IIS names first, then Exchange CSV. */
static const struct {
  const char *name;
  int slot;
} field_names[] = {
    {"date", W3_DATE},           {"time", W3_TIME},
    {"datetime", W3_DATETIME},   {"timestamp", W3_DATETIME},   {"date-time", W3_DATETIME},
    {"cs-method", W3_METHOD},    {"method", W3_METHOD},
    {"cs-uri-stem", W3_STEM},    {"urlstem", W3_STEM},
    {"cs-uri-query", W3_QUERY},  {"urlquery", W3_QUERY},
    {"c-ip", W3_IP},             {"clientipaddress", W3_IP},   {"client-ip", W3_IP}, {"clientip", W3_IP},
    {"cs(user-agent)", W3_UA},   {"useragent", W3_UA},         {"user-agent", W3_UA},
    {"sc-status", W3_STATUS},    {"httpstatus", W3_STATUS},
    {"cs-username", W3_USER},    {"authenticateduser", W3_USER},
    {"anchormailbox", W3_ANCHOR}, {"backendcookie", W3_BECOOKIE}, {"routinghint", W3_HINT},
    {"protocol", W3_PROTOCOL},   {"eventdata", W3_EVENTDATA},  {"eventid", W3_EVENTID},
};

/* IIS 7+ default fields: used, with a warning, for a file that has none. */
static const char default_iis_fields[] =
    "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
    "cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

#define MAX_FIELDS 128

void w3c_fields_free(w3c_fields *f) {
  for (size_t i = 0; i < f->n; i++) free(f->names[i]);
  free(f->names);
  f->names = NULL;
  f->n = 0;
}

void w3c_fields_parse(w3c_fields *f, const char *line, size_t n, char sep) {
  w3c_fields_free(f);
  for (size_t i = 0; i < sizeof f->idx / sizeof f->idx[0]; i++) f->idx[i] = -1;
  f->names = xcalloc(MAX_FIELDS, sizeof *f->names);
  size_t i = 0;
  while (i <= n && f->n < MAX_FIELDS) {
    while (i < n && (line[i] == ' ' || line[i] == '\t')) i++;
    if (i >= n) break;
    size_t j = i;
    while (j < n && line[j] != sep) j++;
    size_t e = j;
    while (e > i && (line[e - 1] == ' ' || line[e - 1] == '\t')) e--;
    char *name = xstrndup(line + i, e - i);
    for (char *c = name; *c; c++) *c = (char)tolower((unsigned char)*c);
    for (size_t k = 0; k < sizeof field_names / sizeof field_names[0]; k++)
      if (!strcmp(name, field_names[k].name) && f->idx[field_names[k].slot] < 0)
        f->idx[field_names[k].slot] = (int)f->n;
    f->names[f->n++] = name;
    i = j + 1;
  }
}

int csv_split(const char *line, size_t n, span *out, int max, strbuf *scratch) {
  /* Unquoted fields point into line; quoted ones are copied into scratch
   * as offsets first (scratch may move while it grows), then fixed up. */
  size_t offs[MAX_FIELDS];
  int quoted[MAX_FIELDS];
  int nf = 0;
  size_t i = 0;
  if (max > MAX_FIELDS) max = MAX_FIELDS;
  sb_reset(scratch);
  for (;;) {
    if (nf == max) break;
    if (i < n && line[i] == '"') {
      size_t start = scratch->len;
      i++;
      for (;;) {
        const char *q = i < n ? memchr(line + i, '"', n - i) : NULL;
        if (!q) return -1;
        sb_add(scratch, line + i, (size_t)(q - (line + i)));
        i = (size_t)(q - line) + 1;
        if (i < n && line[i] == '"') {
          sb_addc(scratch, '"');
          i++;
          continue;
        }
        break;
      }
      offs[nf] = start;
      out[nf].n = scratch->len - start;
      quoted[nf++] = 1;
      while (i < n && line[i] != ',') i++; /* junk after the closing quote */
    } else {
      const char *c = i < n ? memchr(line + i, ',', n - i) : NULL;
      size_t e = c ? (size_t)(c - line) : n;
      out[nf].p = line + i;
      out[nf].n = e - i;
      quoted[nf++] = 0;
      i = e;
    }
    if (i >= n) break;
    i++; /* the comma */
  }
  for (int k = 0; k < nf; k++)
    if (quoted[k]) out[k].p = scratch->data ? scratch->data + offs[k] : "";
  return nf;
}

static int starts_nocase(const char *s, size_t n, const char *prefix) {
  size_t m = strlen(prefix);
  return n >= m && strncasecmp(s, prefix, m) == 0;
}

static const char *find_nocase(const char *s, size_t n, const char *needle) {
  size_t m = strlen(needle);
  for (size_t i = 0; m <= n && i <= n - m; i++)
    if (strncasecmp(s + i, needle, m) == 0) return s + i;
  return NULL;
}

/* The "#Fields:" line among the first lines of head, or NULL. */
static const char *fields_line(const char *head, size_t len, size_t *n) {
  const char *p = head, *end = head + len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (l >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3, l -= 3;
    if (starts_nocase(p, l, "#Fields:")) {
      *n = l;
      return p;
    }
    if (!nl) break;
    p = nl + 1;
  }
  return NULL;
}

static int looks_like_iis_line(const char *s, size_t n) {
  /* "YYYY-MM-DD HH:MM:SS " then more space-separated fields */
  return n > 20 && parse_log_time(s, 19) != SS_TIME_UNKNOWN && s[10] == ' ' && s[19] == ' ';
}

log_format detect_format(const char *head, size_t len) {
  size_t fl;
  const char *f = fields_line(head, len, &fl);
  if (find_nocase(head, len, "#Log-type: OAB") || find_nocase(head, len, "OABGenerator")) return LF_OAB;
  if (f) {
    if (find_nocase(f, fl, "cs-uri-stem") || (find_nocase(f, fl, "date time") && !memchr(f, ',', fl)))
      return LF_IIS;
    if (find_nocase(f, fl, "AnchorMailbox") || find_nocase(head, len, "#Log-type: HttpProxy")) return LF_HTTPPROXY;
    if (find_nocase(f, fl, "EventData") || find_nocase(head, len, "#Log-type: ECP")) return LF_ECP;
    if (memchr(f, ',', fl)) return LF_EXCSV;
  }
  if (find_nocase(head, len, "#Software: Microsoft Internet Information Services")) return LF_IIS;
  /* Header-less: IIS data lines are recognisable on their own. */
  const char *p = head, *end = head + len;
  for (int k = 0; k < 16 && p < end; k++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (l >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3, l -= 3;
    if (looks_like_iis_line(p, l)) return LF_IIS;
    if (!nl) break;
    p = nl + 1;
  }
  return LF_UNKNOWN;
}

/* ---- per-format line handling ---- */

typedef struct {
  logs_ctx *L;
  log_format fmt;
  w3c_fields fields;
  int have_fields, warned_default;
  span f[MAX_FIELDS];
  strbuf csv, ecp;
} text_state;

static span field(const text_state *st, int slot, int nf) {
  int i = st->fields.idx[slot];
  if (i < 0 || i >= nf) return SPAN_NONE;
  span s = st->f[i];
  if (st->fmt == LF_IIS && s.n == 1 && s.p[0] == '-') return SPAN_NONE;
  return s;
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
  return nf;
}

/* ECP EventData "S:K=v;S:K2='v;''quoted''';...": the S:CMD value with
 * both quoting levels of the pair undone (facts §5.3), and S:URL. */
static void ecp_event_data(text_state *st, span data, log_rec *r) {
  const char *s = data.p;
  size_t n = data.n, i = 0;
  size_t cmd_at = 0, cmd_n = 0, url_at = 0, url_n = 0;
  int have_cmd = 0, have_url = 0;
  sb_reset(&st->ecp);
  while (i < n) {
    size_t start = st->ecp.len;
    if (s[i] == '\'') { /* a quoted pair: up to a lone quote */
      i++;
      while (i < n) {
        if (s[i] == '\'' && i + 1 < n && s[i + 1] == '\'') sb_addc(&st->ecp, '\''), i += 2;
        else if (s[i] == '\'') { i++; break; }
        else sb_addc(&st->ecp, s[i++]);
      }
      while (i < n && s[i] != ';') i++;
    } else {
      while (i < n && s[i] != ';') {
        if (s[i] == '\'' && i + 1 < n && s[i + 1] == '\'') sb_addc(&st->ecp, '\''), i += 2;
        else sb_addc(&st->ecp, s[i++]);
      }
    }
    i++; /* ';' */
    const char *pair = st->ecp.data ? st->ecp.data + start : "";
    size_t pl = st->ecp.len - start;
    if (!have_cmd && starts_nocase(pair, pl, "S:CMD=")) have_cmd = 1, cmd_at = start + 6, cmd_n = pl - 6;
    else if (!have_url && starts_nocase(pair, pl, "S:URL=")) have_url = 1, url_at = start + 6, url_n = pl - 6;
  }
  /* offsets to pointers, now that the buffer no longer moves */
  if (have_cmd) r->cmd = (span){st->ecp.data + cmd_at, cmd_n};
  if (have_url) r->stem = (span){st->ecp.data + url_at, url_n};
}

static void data_line(text_state *st, const char *line, size_t n, uint64_t lineno) {
  log_rec r = {0};
  r.fmt = st->fmt;
  r.line = lineno;
  r.raw = (span){line, n};
  r.time = SS_TIME_UNKNOWN;
  span none = SPAN_NONE;
  r.method = r.stem = r.query = r.client_ip = r.user_agent = r.status_text = none;
  r.anchor = r.backend_cookie = r.routing_hint = r.auth_user = r.protocol = none;
  r.cmd = r.params = r.message = r.provider = r.channel = none;
  if (st->fmt == LF_OAB) {
    r.message = r.raw;
    if (n >= 10) r.time = parse_log_time(line, n);
    logs_record(st->L, &r);
    return;
  }
  if (!st->have_fields) {
    if (st->fmt != LF_IIS || !looks_like_iis_line(line, n)) {
      logs_line_warning(st->L, lineno, "data before any #Fields header: skipped");
      return;
    }
    if (!st->warned_default) {
      logs_line_warning(st->L, lineno, "no #Fields header: assuming the IIS default fields");
      st->warned_default = 1;
    }
    w3c_fields_parse(&st->fields, default_iis_fields, strlen(default_iis_fields), ' ');
    st->have_fields = 1;
  }
  int nf;
  if (st->fmt == LF_IIS) {
    nf = split_spaces(line, n, st->f, MAX_FIELDS);
  } else {
    nf = csv_split(line, n, st->f, MAX_FIELDS, &st->csv);
    if (nf < 0) {
      logs_line_warning(st->L, lineno, "unterminated quoted field: line skipped");
      return;
    }
  }
  if ((size_t)nf != st->fields.n && (st->fmt == LF_IIS || (size_t)nf < 2)) {
    logs_line_warning(st->L, lineno, "%d fields where #Fields names %zu: line skipped", nf, st->fields.n);
    return;
  }
  if (memchr(line, '\0', n)) {
    logs_line_warning(st->L, lineno, "binary data in the line: skipped");
    return;
  }
  span d = field(st, W3_DATE, nf), t = field(st, W3_TIME, nf), dt = field(st, W3_DATETIME, nf);
  if (d.n == 10 && t.n >= 8) {
    char buf[20];
    memcpy(buf, d.p, 10);
    buf[10] = ' ';
    memcpy(buf + 11, t.p, 8);
    r.time = parse_log_time(buf, 19);
  } else if (dt.n) {
    r.time = parse_log_time(dt.p, dt.n);
  }
  r.method = field(st, W3_METHOD, nf);
  r.stem = field(st, W3_STEM, nf);
  r.query = field(st, W3_QUERY, nf);
  r.client_ip = field(st, W3_IP, nf);
  r.user_agent = field(st, W3_UA, nf);
  r.status_text = field(st, W3_STATUS, nf);
  r.status = parse_status(r.status_text);
  r.auth_user = field(st, W3_USER, nf);
  r.anchor = field(st, W3_ANCHOR, nf);
  r.backend_cookie = field(st, W3_BECOOKIE, nf);
  r.routing_hint = field(st, W3_HINT, nf);
  r.protocol = field(st, W3_PROTOCOL, nf);
  if (st->fmt == LF_ECP) {
    r.provider = field(st, W3_EVENTID, nf);
    r.message = field(st, W3_EVENTDATA, nf);
    ecp_event_data(st, r.message, &r);
  }
  if (r.time == SS_TIME_UNKNOWN) logs_line_warning(st->L, lineno, "no valid timestamp");
  logs_record(st->L, &r);
}

void read_text_log(logs_ctx *L, lreader *lr, log_format f) {
  text_state st = {.L = L, .fmt = f};
  for (size_t i = 0; i < sizeof st.fields.idx / sizeof st.fields.idx[0]; i++) st.fields.idx[i] = -1;
  const char *line;
  size_t n;
  uint64_t lineno;
  int rc;
  while ((rc = lr_next(lr, &line, &n, &lineno)) != 0) {
    if (rc == 2) {
      logs_line_warning(L, lineno, "line longer than the maximum line length: skipped");
      continue;
    }
    if (n == 0) continue;
    if (line[0] == '#') {
      if (starts_nocase(line, n, "#Fields:") && f != LF_OAB) {
        w3c_fields_parse(&st.fields, line + 8, n - 8, f == LF_IIS ? ' ' : ',');
        st.have_fields = 1;
      }
      continue;
    }
    data_line(&st, line, n, lineno);
  }
  w3c_fields_free(&st.fields);
  sb_free(&st.csv);
  sb_free(&st.ecp);
}
