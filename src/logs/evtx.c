/*
 * evtx.c - Windows event logs through libevtx: each record's
 * provider, event id, level, time and EventData texts become one log_rec
 * for the rules (MSExchange Unified Messaging errors, MSExchange
 * Management cmdlet events, Defender detections); the record's XML is the
 * evidence.  A corrupt file or chunk is reported and the readable records
 * are still read, recovered (deleted) records included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* libevtx's features.h always announces its libbfio entry points, whose
 * header ships in libbfio-dev; we use none of them, so the build does not
 * need that package. */
#include <libevtx/features.h>
#undef LIBEVTX_HAVE_BFIO
#include <libevtx.h>

#include "logs/logs.h"

#define XML_MAX (64u << 10)
#define STRINGS_MAX 16

/* Whether a record comes from the cmdlet log (MSExchange Management). */
static int find_cmdlet_provider(span provider, span channel) {
  return (provider.n >= 11 && memmem(provider.p, provider.n, "CmdletLogs", 10)) ||
         (channel.n == 21 && !strncasecmp(channel.p, "MSExchange Management", 21));
}

/* FILETIME (100 ns since 1601) to Unix seconds. */
static int64_t filetime_to_unix(uint64_t ft) {
  if (!ft) return SS_TIME_UNKNOWN;
  return (int64_t)(ft / 10000000ull) - 11644473600LL;
}

/* A libevtx UTF-8 getter into sb (reset first); 0 on success. */
typedef int (*size_fn)(libevtx_record_t *, size_t *, libevtx_error_t **);
typedef int (*get_fn)(libevtx_record_t *, uint8_t *, size_t, libevtx_error_t **);

static int get_string(libevtx_record_t *rec, size_fn sz, get_fn get, strbuf *sb, size_t max) {
  size_t n = 0;
  sb_reset(sb);
  if (sz(rec, &n, NULL) != 1 || n == 0 || n > max) return -1;
  sb_grow(sb, n);
  if (get(rec, (uint8_t *)sb->data, n, NULL) != 1) return -1;
  sb->data[n - 1] = '\0';
  sb->len = strlen(sb->data);
  return 0;
}

/* <Channel>...</Channel> from the record XML. */
static span xml_element(const strbuf *xml, const char *open, const char *close) {
  if (!xml->data) return SPAN_NONE;
  const char *a = strstr(xml->data, open);
  if (!a) return SPAN_NONE;
  a += strlen(open);
  const char *b = strstr(a, close);
  return b ? (span){a, (size_t)(b - a)} : SPAN_NONE;
}

/* The number in <Tag ...>N</Tag>, or -1. */
static int xml_number(const strbuf *xml, const char *tag) {
  char open[32];
  snprintf(open, sizeof open, "<%s", tag);
  const char *a = xml->data ? strstr(xml->data, open) : NULL;
  if (!a || !(a = strchr(a, '>'))) return -1;
  int v = 0, digits = 0;
  for (a++; *a >= '0' && *a <= '9' && digits < 9; a++, digits++) v = v * 10 + (*a - '0');
  return digits && *a == '<' ? v : -1;
}

/* Appends the text of s[0..n) with the five XML entities decoded. */
static void xml_unescape(strbuf *out, const char *s, size_t n) {
  static const struct { const char *ent; char c; } ents[] = {
      {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
  for (size_t i = 0; i < n; i++) {
    size_t k = 0;
    if (s[i] == '&')
      for (; k < sizeof ents / sizeof ents[0]; k++)
        if (n - i >= strlen(ents[k].ent) && !memcmp(s + i, ents[k].ent, strlen(ents[k].ent))) break;
    if (s[i] == '&' && k < sizeof ents / sizeof ents[0]) sb_addc(out, ents[k].c), i += strlen(ents[k].ent) - 1;
    else sb_addc(out, s[i]);
  }
}

/* EventData <Data> texts from the record XML into strs, separated by
 * newlines, string i at [offs[2i], offs[2i+1]); returns the count. */
static int xml_data(const strbuf *xml, strbuf *strs, size_t *offs, int max) {
  int n = 0;
  const char *p = xml->data ? strstr(xml->data, "<EventData") : NULL;
  while (p && n < max && (p = strstr(p, "<Data")) != NULL) {
    p += 5;
    if (*p != '>' && *p != ' ') continue;
    const char *gt = strchr(p, '>');
    if (!gt || gt[-1] == '/') break;
    const char *end = strstr(gt + 1, "</Data>");
    if (!end) break;
    offs[2 * n] = strs->len;
    xml_unescape(strs, gt + 1, (size_t)(end - gt - 1));
    offs[2 * n + 1] = strs->len;
    sb_addc(strs, '\n');
    n++;
    p = end;
  }
  return n;
}

static void read_record(const logs_sink *k, libevtx_record_t *rec, uint64_t index, strbuf *xml, strbuf *src,
                        strbuf *strs, size_t *offs) {
  logs_rec r;
  logs_rec_init(&r, LOGS_FMT_EVTX, "evtx", index + 1, SPAN_NONE);
  span none = SPAN_NONE;
  uint64_t ft = 0;
  r.time = libevtx_record_get_written_time(rec, &ft, NULL) == 1 ? filetime_to_unix(ft) : SS_TIME_UNKNOWN;
  uint32_t id = 0;
  if (libevtx_record_get_event_identifier(rec, &id, NULL) == 1) r.event_id = (int)(id & 0xffff);
  uint8_t level = 0;
  if (libevtx_record_get_event_level(rec, &level, NULL) == 1) r.level = level;
  if (get_string(rec, libevtx_record_get_utf8_source_name_size, libevtx_record_get_utf8_source_name, src, 1024) == 0)
    r.provider = (span){src->data, src->len};
  get_string(rec, libevtx_record_get_utf8_xml_string_size, libevtx_record_get_utf8_xml_string, xml, XML_MAX);
  r.raw = xml->data ? (span){xml->data, xml->len} : none;
  r.channel = xml_element(xml, "<Channel>", "</Channel>");
  if (!r.provider.n) r.provider = xml_element(xml, "<Provider Name=\"", "\"");
  if (!r.event_id) r.event_id = xml_number(xml, "EventID");
  if (!r.level) r.level = xml_number(xml, "Level");
  /* EventData <Data> texts, from the rendered XML (the same text for
   * template-based and inline records); the cmdlet log writes the cmdlet
   * name first and its parameters second ("Cmdlet suceeded. Cmdlet
   * <name>, parameters <params>."). */
  sb_reset(strs);
  int ns = xml_data(xml, strs, offs, STRINGS_MAX);
  if (ns > 0 && strs->data) {
    r.message = (span){strs->data, strs->len};
    if (find_cmdlet_provider(r.provider, r.channel)) {
      r.cmd = (span){strs->data + offs[0], offs[1] - offs[0]};
      if (ns > 1) r.params = (span){strs->data + offs[2], offs[3] - offs[2]};
    }
  } else {
    r.message = r.raw;
  }
  k->record(k->user, &r);
}

int logs_libevtx_read(const char *path, const logs_sink *k) {
  libevtx_file_t *file = NULL;
  libevtx_error_t *err = NULL;
  strbuf xml = STRBUF_INIT, src = STRBUF_INIT, strs = STRBUF_INIT;
  size_t offs[2 * STRINGS_MAX] = {0};
  int rc = -1, opened = 0;
  if (libevtx_file_initialize(&file, &err) != 1 || (opened = libevtx_file_open(file, path, LIBEVTX_OPEN_READ, &err)) != 1) {
    opened = 0;
    char msg[256] = "";
    if (err) libevtx_error_sprint(err, msg, sizeof msg);
    logs_sink_file(k, 1, "cannot read as an event log: %s", *msg ? msg : "libevtx failed");
    goto out;
  }
  rc = 0;
  if (libevtx_file_is_corrupted(file, NULL) == 1)
    logs_sink_file(k, 1, "the event log is corrupt: unreadable chunks are skipped");
  int n = 0, nrec = 0, failed = 0;
  if (libevtx_file_get_number_of_records(file, &n, NULL) != 1) n = 0;
  for (int i = 0; i < n; i++) {
    libevtx_record_t *rec = NULL;
    if (libevtx_file_get_record_by_index(file, i, &rec, NULL) != 1) {
      failed++;
      continue;
    }
    read_record(k, rec, (uint64_t)i, &xml, &src, &strs, offs);
    libevtx_record_free(&rec, NULL);
    nrec++;
  }
  if (libevtx_file_get_number_of_recovered_records(file, &n, NULL) == 1)
    for (int i = 0; i < n; i++) {
      libevtx_record_t *rec = NULL;
      if (libevtx_file_get_recovered_record_by_index(file, i, &rec, NULL) != 1) continue;
      read_record(k, rec, (uint64_t)(nrec + i), &xml, &src, &strs, offs);
      libevtx_record_free(&rec, NULL);
    }
  if (failed) logs_sink_file(k, 1, "%d records could not be read", failed);
out:
  if (err) libevtx_error_free(&err);
  if (file) {
    if (opened) libevtx_file_close(file, NULL);
    libevtx_file_free(&file, NULL);
  }
  sb_free(&xml);
  sb_free(&src);
  sb_free(&strs);
  return rc;
}
