/*
 * excsv.c - the Exchange CSV logs under <Exchange>\Logging: HttpProxy
 * (every protocol), ECP Server and Activity (EventData "S:KEY=value;..."
 * with the S:CMD cmdlet), and any other Logging CSV with "#Fields:"
 * (comma-separated, empty for nothing, values with commas or quotes
 * double-quoted with "" for a quote).  Layout from "#Fields:", re-read at
 * every header block.  Without a header, HttpProxy lines (74 fields) and
 * ECP lines (4 fields, EventData "S:...") are read with the layout
 * Exchange writes; any other line is handed on unsplit, to be checked raw.
 * Also the OABGeneratorLog reader, whose line layout is not documented:
 * each line is a message.
 */
#include "logs/logs.h"

#include <stdlib.h>

/* Exchange 2016/2019 HttpProxy fields, as every HttpProxy log header
 * names them: used for header-less HttpProxy lines. */
static const char httpproxy_fields[] =
    "DateTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,ClientRequestId,Protocol,UrlHost,"
    "UrlStem,ProtocolAction,AuthenticationType,IsAuthenticated,AuthenticatedUser,Organization,AnchorMailbox,"
    "UserAgent,ClientIpAddress,ServerHostName,HttpStatus,BackEndStatus,ErrorCode,Method,ProxyAction,TargetServer,"
    "TargetServerVersion,RoutingType,RoutingHint,BackEndCookie,ServerLocatorHost,ServerLocatorLatency,"
    "RequestBytes,ResponseBytes,TargetOutstandingRequests,AuthModulePerfContext,HttpPipelineLatency,"
    "CalculateTargetBackEndLatency,GlsLatencyBreakup,TotalGlsLatency,AccountForestLatencyBreakup,"
    "TotalAccountForestLatency,ResourceForestLatencyBreakup,TotalResourceForestLatency,ADLatency,"
    "SharedCacheLatencyBreakup,TotalSharedCacheLatency,ActivityContextLifeTime,ModuleToHandlerSwitchingLatency,"
    "ClientReqStreamLatency,BackendReqInitLatency,BackendReqStreamLatency,BackendProcessingLatency,"
    "BackendRespInitLatency,BackendRespStreamLatency,ClientRespStreamLatency,KerberosAuthHeaderLatency,"
    "HandlerCompletionLatency,RequestHandlerLatency,HandlerToModuleSwitchingLatency,ProxyTime,CoreLatency,"
    "RoutingLatency,HttpProxyOverhead,TotalRequestTime,RouteRefresherLatency,UrlQuery,BackEndGenericInfo,"
    "GenericInfo,GenericErrors,EdgeTraceId,DatabaseGuid,UserADObjectGuid,PartitionEndpointLookupLatency,"
    "RoutingStatus";
static const char ecp_fields[] = "TimeStamp,ServerName,EventId,EventData";

int logs_csv_split(const char *line, size_t n, span *out, int max, strbuf *scratch) {
  /* Unquoted fields point into line; quoted ones are copied into scratch
   * as offsets first (scratch may move while it grows), then fixed up. */
  size_t offs[LOGS_MAX_FIELDS];
  int quoted[LOGS_MAX_FIELDS];
  int nf = 0;
  size_t i = 0;
  if (max > LOGS_MAX_FIELDS) max = LOGS_MAX_FIELDS;
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

/* ---- detection ---- */

typedef struct {
  int fields, httpproxy, ecp, oab, iso_lines, lines;
} head_info;

static void scan_head(const char *head, size_t len, head_info *h) {
  memset(h, 0, sizeof *h);
  const char *p = head, *end = head + len;
  for (int k = 0; k < 64 && p < end; k++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p), rest;
    if (l >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3, l -= 3;
    if (logs_starts_nocase(p, l, "#Log-type: HttpProxy")) h->httpproxy = 1;
    if (logs_starts_nocase(p, l, "#Log-type: ECP")) h->ecp = 1;
    if (logs_starts_nocase(p, l, "#Log-type: OAB")) h->oab = 1;
    if (logs_is_fields_directive(p, l, &rest) && memchr(p, ',', l)) {
      h->fields = 1;
      if (logs_find_nocase(p, l, "AnchorMailbox")) h->httpproxy = 1;
      if (logs_find_nocase(p, l, "EventData")) h->ecp = 1;
    }
    if (l && p[0] != '#') {
      h->lines++;
      /* "2021-03-03T00:00:25.123Z,..." with the 74 fields of HttpProxy or
       * the 4 of ECP ("S:" data): a header-less line of a layout Exchange
       * writes (other header-less CSV is not guessed at) */
      size_t commas = logs_count_byte(p, l, ',');
      const char *c3 = commas == 3 ? memrchr(p, ',', l) : NULL;
      if (l > 24 && p[10] == 'T' && logs_parse_time(p, 19) != SS_TIME_UNKNOWN &&
          (commas >= 73 || (c3 && (size_t)(p + l - c3) > 3 && (!strncmp(c3 + 1, "S:", 2) || !strncmp(c3 + 1, "\"S:", 3)))))
        h->iso_lines++;
    }
    if (!nl) break;
    p = nl + 1;
  }
}

int logs_excsv_detect(const char *head, size_t len, const logs_read_opts *o) {
  (void)o;
  head_info h;
  scan_head(head, len, &h);
  if (h.fields) return 90;
  if ((h.httpproxy || h.ecp) && !h.oab) return 80;
  return h.iso_lines && h.iso_lines * 2 >= h.lines ? 40 : 0;
}

int logs_oab_detect(const char *head, size_t len, const logs_read_opts *o) {
  (void)o;
  if (logs_find_nocase(head, len, "#Log-type: OAB") || logs_find_nocase(head, len, "OABGenerator")) return 95;
  return 0;
}

/* ---- reading ---- */

typedef struct {
  const logs_sink *k;
  logs_format fmt;       /* of the current header block */
  logs_fields_def def;
  int have, guessed;
  span f[LOGS_MAX_FIELDS];
  logs_field fields[LOGS_MAX_FIELDS];
  strbuf csv, ecp;
  int log_type;          /* the #Log-type said HttpProxy (1) or ECP (2) */
} csv_state;

static span field(const csv_state *st, int slot, int nf) {
  int i = st->def.idx[slot];
  return i < 0 || i >= nf ? SPAN_NONE : st->f[i];
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

/* ECP EventData "S:K=v;S:K2='v;''quoted''';...": the S:CMD value with
 * both quoting levels of the pair undone, and S:URL. */
static void ecp_event_data(csv_state *st, span data, logs_rec *r) {
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
        else if (s[i] == '\'') {
          i++;
          break;
        } else sb_addc(&st->ecp, s[i++]);
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
    if (!have_cmd && logs_starts_nocase(pair, pl, "S:CMD=")) have_cmd = 1, cmd_at = start + 6, cmd_n = pl - 6;
    else if (!have_url && logs_starts_nocase(pair, pl, "S:URL=")) have_url = 1, url_at = start + 6, url_n = pl - 6;
  }
  /* offsets to pointers, now that the buffer no longer moves */
  if (have_cmd) r->cmd = (span){st->ecp.data + cmd_at, cmd_n};
  if (have_url) r->stem = (span){st->ecp.data + url_at, url_n};
}

/* The format of a block from its field names. */
static logs_format block_format(const csv_state *st) {
  if (st->def.idx[LOGS_SLOT_ANCHOR] >= 0 || st->log_type == 1) return LOGS_FMT_HTTPPROXY;
  if (st->def.idx[LOGS_SLOT_EVENTDATA] >= 0 || st->log_type == 2) return LOGS_FMT_ECP;
  return LOGS_FMT_EXCSV;
}

/* A header-less line: the layout Exchange writes, if the line has it. */
static int guess_layout(csv_state *st, int nf) {
  const char *fields = NULL;
  if (nf == 74) fields = httpproxy_fields;
  else if (nf == 4 && st->f[3].n >= 2 && !strncmp(st->f[3].p, "S:", 2)) fields = ecp_fields;
  if (!fields) return -1;
  logs_fields_parse(&st->def, fields, strlen(fields), ',');
  st->fmt = block_format(st);
  st->have = st->guessed = 1;
  return 0;
}

/* More fields than #Fields names: a user agent with unquoted commas (a
 * re-written log; Exchange itself replaces them).  Its pieces become one
 * field again if they are contiguous in the line; returns the new count. */
static int merge_user_agent(csv_state *st, const char *line, size_t n, int nf) {
  int ua = st->def.idx[LOGS_SLOT_UA], extra = nf - (int)st->def.n;
  if (ua < 0 || ua + extra >= nf) return nf;
  const char *a = st->f[ua].p, *b = st->f[ua + extra].p + st->f[ua + extra].n;
  if (a < line || b > line + n) return nf; /* quoted pieces live in the scratch buffer */
  for (int i = ua; i <= ua + extra; i++)
    if (st->f[i].p < line || st->f[i].p > line + n) return nf;
  st->f[ua] = (span){a, (size_t)(b - a)};
  memmove(&st->f[ua + 1], &st->f[ua + extra + 1], (size_t)(nf - ua - extra - 1) * sizeof *st->f);
  return nf - extra;
}

static void data_line(csv_state *st, logs_input *in, const logs_read_opts *o, const char *line, size_t n,
                      uint64_t lineno) {
  logs_rec r;
  logs_rec_init(&r, st->have ? st->fmt : LOGS_FMT_EXCSV, NULL, lineno, (span){line, n});
  r.hits = logs_input_hits(in);
  /* a line no indicator can match: its time, and whether it splits (no
   * quotes: its commas are its fields) */
  size_t commas;
  if (st->have && !r.hits && !o->full && st->def.idx[LOGS_SLOT_DATETIME] == 0 && !memchr(line, '"', n) && !memchr(line, '\0', n) &&
      (commas = logs_count_byte(line, n, ',')) >= 1 && commas < st->def.n) {
    r.time = logs_parse_time(line, n);
    st->k->record(st->k->user, &r);
    return;
  }
  int nf = memchr(line, '\0', n) ? -1 : logs_csv_split(line, n, st->f, LOGS_MAX_FIELDS, &st->csv);
  if (nf >= 0 && !st->have && guess_layout(st, nf) == 0) {
    logs_sink_line(st->k, lineno, "no #Fields header: assuming the %s fields Exchange writes",
                   st->fmt == LOGS_FMT_HTTPPROXY ? "HttpProxy" : "ECP");
    r.fmt = st->fmt;
  }
  if (nf >= 0 && st->have && (size_t)nf > st->def.n) nf = merge_user_agent(st, line, n, nf);
  if (nf < 2 || !st->have || (size_t)nf > st->def.n) {
    r.split = 0;
    r.format = logs_format_name(r.fmt);
    st->k->record(st->k->user, &r);
    return;
  }
  r.format = logs_format_name(r.fmt);
  r.guessed = st->guessed;
  for (int i = 0; i < nf; i++)
    st->fields[i] = (logs_field){{st->def.names[i], strlen(st->def.names[i])}, st->f[i]};
  r.fields = st->fields;
  r.nfields = (size_t)nf;
  span dt = field(st, LOGS_SLOT_DATETIME, nf);
  if (dt.n) r.time = logs_parse_time(dt.p, dt.n);
  r.method = field(st, LOGS_SLOT_METHOD, nf);
  r.stem = field(st, LOGS_SLOT_STEM, nf);
  r.query = field(st, LOGS_SLOT_QUERY, nf);
  r.client_ip = field(st, LOGS_SLOT_IP, nf);
  r.user_agent = field(st, LOGS_SLOT_UA, nf);
  r.status_text = field(st, LOGS_SLOT_STATUS, nf);
  r.status = parse_status(r.status_text);
  r.auth_user = field(st, LOGS_SLOT_USER, nf);
  r.anchor = field(st, LOGS_SLOT_ANCHOR, nf);
  r.backend_cookie = field(st, LOGS_SLOT_BECOOKIE, nf);
  r.routing_hint = field(st, LOGS_SLOT_HINT, nf);
  r.protocol = field(st, LOGS_SLOT_PROTOCOL, nf);
  r.vhost = field(st, LOGS_SLOT_HOST, nf);
  if (r.fmt == LOGS_FMT_ECP) {
    r.provider = field(st, LOGS_SLOT_EVENTID, nf);
    r.message = field(st, LOGS_SLOT_EVENTDATA, nf);
    ecp_event_data(st, r.message, &r);
  }
  if (r.time == SS_TIME_UNKNOWN) logs_sink_line(st->k, lineno, "no valid timestamp");
  st->k->record(st->k->user, &r);
}

void logs_excsv_read(const logs_reader *rd, logs_input *in, const logs_read_opts *o, const logs_sink *k) {
  (void)rd;
  csv_state *st = xcalloc(1, sizeof *st);
  st->k = k;
  st->fmt = LOGS_FMT_EXCSV;
  for (size_t i = 0; i < LOGS_SLOT_COUNT; i++) st->def.idx[i] = -1;
  const char *line;
  size_t n, rest;
  uint64_t lineno;
  while (logs_next_line(in, k, &line, &n, &lineno)) {
    if (line[0] == '#') {
      if (logs_starts_nocase(line, n, "#Log-type: HttpProxy")) st->log_type = 1;
      else if (logs_starts_nocase(line, n, "#Log-type: ECP")) st->log_type = 2;
      else if (logs_starts_nocase(line, n, "#Log-type:")) st->log_type = 0;
      if (logs_is_fields_directive(line, n, &rest)) {
        logs_fields_parse(&st->def, line + rest, n - rest, ',');
        st->have = 1;
        st->guessed = 0;
        st->fmt = block_format(st);
      }
      continue;
    }
    data_line(st, in, o, line, n, lineno);
  }
  logs_fields_free(&st->def);
  sb_free(&st->csv);
  sb_free(&st->ecp);
  free(st);
}

/* OABGeneratorLog: each line is the message (the rules look for
 * Test-ProxyLogon's "Download failed and temporary file" in it). */
void logs_oab_read(const logs_reader *rd, logs_input *in, const logs_read_opts *o, const logs_sink *k) {
  (void)rd, (void)o;
  const char *line;
  size_t n;
  uint64_t lineno;
  while (logs_next_line(in, k, &line, &n, &lineno)) {
    if (line[0] == '#') continue;
    logs_rec r;
    logs_rec_init(&r, LOGS_FMT_OAB, NULL, lineno, (span){line, n});
    r.hits = logs_input_hits(in);
    r.message = r.raw;
    if (n >= 10) r.time = logs_parse_time(line, n);
    k->record(k->user, &r);
  }
}
