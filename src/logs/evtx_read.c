/*
 * evtx_read.c - Windows event logs for the log session: each record our
 * EVTX reader (evtx.h) decodes becomes one logs_rec with every System and
 * EventData/UserData field as a (name, value) pair (what Sigma rules and the
 * record dump read), the typed spans the built-in rules read (provider,
 * channel, event id, level, the Data texts, the cmdlet and its parameters
 * for the Exchange cmdlet log), and the record's XML as the evidence.
 * Records left in chunks' free space (deleted or overwritten events) are
 * read too: an attacker's cleared traces are evidence.  Every chunk or
 * record that cannot be read is a warning counting what was lost, and
 * makes the file partly covered.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/stop.h"
#include "logs/evtx.h"
#include "logs/logs.h"

/* FILETIME (100 ns since 1601) to Unix seconds. */
static int64_t filetime_to_unix(uint64_t ft) {
  if (!ft) return SS_TIME_UNKNOWN;
  return (int64_t)(ft / 10000000ull) - 11644473600LL;
}

/* Whether a record comes from the cmdlet log (MSExchange Management). */
static int cmdlet_log(span provider, span channel) {
  return (provider.n >= 10 && memmem(provider.p, provider.n, "CmdletLogs", 10)) ||
         (channel.n == 21 && !strncasecmp(channel.p, "MSExchange Management", 21));
}

typedef struct {
  const logs_sink *k;
  logs_evtx_fields flat;
  logs_field *fields;
  size_t cap;
  strbuf xml, data;
  logs_evtx_typed_buf typed;
} evtx_ctx;

static void on_warning(void *user, int incomplete, const char *msg) {
  const evtx_ctx *c = user;
  logs_sink_file(c->k, incomplete, "%s", msg);
}

static span text_of(const strbuf *sb, size_t from, size_t to) {
  return (span){sb->data ? sb->data + from : "", to - from};
}

/* The value of the flattened field name, or an empty span. */
static span field_value(const logs_evtx_fields *f, const char *name) {
  for (size_t i = 0; i < f->n; i++)
    if (!strcmp(f->v[i].name, name)) return (span){f->v[i].value, strlen(f->v[i].value)};
  return SPAN_NONE;
}

static int number(span s) {
  int v = 0;
  if (!s.n || s.n > 9) return -1;
  for (size_t i = 0; i < s.n; i++) {
    if (s.p[i] < '0' || s.p[i] > '9') return -1;
    v = v * 10 + (s.p[i] - '0');
  }
  return v;
}

/* The EventData <Data> texts, one per line, into c->data; the cmdlet log
 * writes the cmdlet's name first and its parameters second. */
static void data_texts(evtx_ctx *c, const logs_evtx_record *rec, logs_rec *r) {
  int32_t ed = logs_evtx_child(rec, rec->root, "EventData");
  sb_reset(&c->data);
  size_t first[2] = {0, 0}, last[2] = {0, 0};
  int n = 0;
  for (int32_t ch = ed >= 0 ? rec->nodes[ed].first_child : -1; ch >= 0; ch = rec->nodes[ch].next) {
    if (rec->nodes[ch].kind != LOGS_EVTX_ELEMENT) continue;
    size_t at = c->data.len;
    logs_evtx_text(rec, ch, &c->data);
    if (n < 2) first[n] = at, last[n] = c->data.len;
    n++;
    sb_addc(&c->data, '\n');
  }
  if (!n) {
    r->message = r->raw;
    return;
  }
  r->message = text_of(&c->data, 0, c->data.len);
  if (cmdlet_log(r->provider, r->channel)) {
    r->cmd = text_of(&c->data, first[0], last[0]);
    if (n > 1) r->params = text_of(&c->data, first[1], last[1]);
  }
}

static void emit(evtx_ctx *c, const logs_evtx_record *rec, uint64_t index) {
  logs_evtx_flatten(rec, &c->flat);
  sb_reset(&c->xml);
  logs_evtx_xml(rec, &c->xml);
  logs_rec r;
  logs_rec_init(&r, LOGS_FMT_EVTX, "evtx", index, text_of(&c->xml, 0, c->xml.len));
  r.split = 1;
  r.recovered = rec->recovered;
  r.time = filetime_to_unix(rec->written);
  if (r.time == SS_TIME_UNKNOWN) { /* a record whose write time was zeroed: when the event says it happened */
    span tc = field_value(&c->flat, "TimeCreated_SystemTime");
    r.time = logs_parse_time(tc.p, tc.n);
  }
  r.provider = field_value(&c->flat, "Provider_Name");
  if (!r.provider.n) r.provider = field_value(&c->flat, "EventSourceName");
  r.channel = field_value(&c->flat, "Channel");
  r.event_id = number(field_value(&c->flat, "EventID"));
  r.level = number(field_value(&c->flat, "Level"));
  data_texts(c, rec, &r);
  logs_evtx_typed(&c->flat, &r, &c->typed);
  if (c->flat.n > c->cap) {
    c->cap = c->flat.n;
    c->fields = xrealloc(c->fields, c->cap * sizeof *c->fields);
  }
  for (size_t i = 0; i < c->flat.n; i++)
    c->fields[i] = (logs_field){{c->flat.v[i].name, strlen(c->flat.v[i].name)},
                                {c->flat.v[i].value, strlen(c->flat.v[i].value)}};
  r.fields = c->fields;
  r.nfields = c->flat.n;
  c->k->record(c->k->user, &r);
}

int logs_evtx_read(const char *path, const void *data, size_t len, const logs_sink *k) {
  evtx_ctx c = {.k = k, .flat = LOGS_EVTX_FIELDS_INIT};
  const char *why = NULL;
  int fd = -1;
  logs_evtx_reader *rd = NULL;
  if (path) {
    if ((fd = logs_open_evidence(path)) < 0) {
      logs_sink_file(k, 1, "cannot read: %s", strerror(errno));
      return -1;
    }
    rd = logs_evtx_open_fd(fd, LOGS_EVTX_RECOVER, on_warning, &c, &why);
  } else {
    rd = logs_evtx_open_mem(data, len, LOGS_EVTX_RECOVER, on_warning, &c, &why);
  }
  if (!rd) {
    logs_sink_file(k, 1, "cannot read as an event log: %s", why ? why : "not an EVTX file");
    if (fd >= 0) close(fd);
    return -1;
  }
  const logs_evtx_record *rec;
  uint64_t index = 0;
  while (!core_stopped() && logs_evtx_next(rd, &rec)) emit(&c, rec, ++index);
  logs_evtx_stats st;
  logs_evtx_get_stats(rd, &st);
  if (k->lost && st.lost) k->lost(k->user, st.lost);
  logs_evtx_close(rd);
  if (fd >= 0) close(fd);
  logs_evtx_fields_free(&c.flat);
  free(c.fields);
  sb_free(&c.xml);
  sb_free(&c.data);
  logs_evtx_typed_free(&c.typed);
  return 0;
}
