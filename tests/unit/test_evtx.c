/*
 * test_evtx.c - the EVTX reader's parts on bytes written here: every value
 * type's text, UTF-16 decoding, a small file in memory (inline elements,
 * attributes, references, names referenced back), flattening and XML, and
 * the bounds: a template that instantiates itself, elements nested past the
 * depth limit, junk and truncation; each costs its record, never the file.
 * Real files are tests/e2e/test_evtx.sh's job.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "logs/evtx.h"
#include "test.h"

/* ---- values ---- */

static const char *fmt(unsigned type, const void *p, size_t n, uint32_t *items) {
  static strbuf sb;
  sb_reset(&sb);
  uint32_t it = 0;
  if (logs_evtx_format_value(&sb, type, p, n, &it)) return "(bad)";
  if (items) *items = it;
  for (size_t i = 0; i < sb.len; i++)
    if (!sb.data[i]) sb.data[i] = '|'; /* show array items */
  return sb.data ? sb.data : "";
}

static void test_values(void) {
  CHECK_STREQ(fmt(LOGS_EVTX_INT8, "\xfb", 1, NULL), "-5");
  CHECK_STREQ(fmt(LOGS_EVTX_UINT8, "\xfb", 1, NULL), "251");
  CHECK_STREQ(fmt(LOGS_EVTX_INT16, "\xd4\xfe", 2, NULL), "-300");
  CHECK_STREQ(fmt(LOGS_EVTX_UINT16, "\xff\xff", 2, NULL), "65535");
  CHECK_STREQ(fmt(LOGS_EVTX_INT32, "\x90\xee\xfe\xff", 4, NULL), "-70000");
  CHECK_STREQ(fmt(LOGS_EVTX_UINT32, "\x00\x28\x6b\xee", 4, NULL), "4000000000");
  CHECK_STREQ(fmt(LOGS_EVTX_UINT64, "\xff\xff\xff\xff\xff\xff\xff\xff", 8, NULL), "18446744073709551615");
  CHECK_STREQ(fmt(LOGS_EVTX_INT64, "\xff\xff\xff\xff\xff\xff\xff\xff", 8, NULL), "-1");
  CHECK_STREQ(fmt(LOGS_EVTX_HEX32, "\xff\xff\x1f\x00", 4, NULL), "0x1fffff");
  CHECK_STREQ(fmt(LOGS_EVTX_HEX64, "\x00\x00\x00\x00\x00\x00\x00\x80", 8, NULL), "0x8000000000000000");
  CHECK_STREQ(fmt(LOGS_EVTX_SIZET, "\x34\x12\x00\x00", 4, NULL), "0x1234");
  CHECK_STREQ(fmt(LOGS_EVTX_REAL32, "\x00\x00\xc0\x3f", 4, NULL), "1.5");
  CHECK_STREQ(fmt(LOGS_EVTX_REAL64, "\x9a\x99\x99\x99\x99\x99\xb9\x3f", 8, NULL), "0.1");
  CHECK_STREQ(fmt(LOGS_EVTX_REAL64, "\x00\x00\x00\x00\x00\x00\xf0\x7f", 8, NULL), "1.#INF");
  CHECK_STREQ(fmt(LOGS_EVTX_BOOL, "\x01\x00\x00\x00", 4, NULL), "true");
  CHECK_STREQ(fmt(LOGS_EVTX_BOOL, "\x00\x00\x00\x00", 4, NULL), "false");
  CHECK_STREQ(fmt(LOGS_EVTX_BINARY, "\xde\xad\x00", 3, NULL), "DEAD00");
  CHECK_STREQ(fmt(LOGS_EVTX_GUID, "\x5f\x38\x70\x57\x2a\xc2\xe0\x43\xbf\x4c\x06\xf5\x69\x8f\xfb\xd9", 16, NULL),
              "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}");
  /* 2021-03-03T02:14:05.1234567Z: 0x01d70fd2e2acab07 */
  CHECK_STREQ(fmt(LOGS_EVTX_FILETIME, "\x07\xab\xac\xe2\xd2\x0f\xd7\x01", 8, NULL), "2021-03-03T02:14:05.1234567Z");
  CHECK_STREQ(fmt(LOGS_EVTX_SYSTIME, "\xe5\x07\x03\x00\x03\x00\x03\x00\x02\x00\x0e\x00\x05\x00\x7b\x00", 16, NULL),
              "2021-03-03T02:14:05.123Z");
  CHECK_STREQ(fmt(LOGS_EVTX_SID, "\x01\x01\x00\x00\x00\x00\x00\x05\x12\x00\x00\x00", 12, NULL), "S-1-5-18");
  CHECK_STREQ(fmt(LOGS_EVTX_SID, "\x01\x02\x00\x00\x00\x00\x00\x05", 8, NULL), "(bad)"); /* sub-authorities missing */
  CHECK_STREQ(fmt(LOGS_EVTX_STRING, "a\0b\0\0\0", 6, NULL), "ab");
  CHECK_STREQ(fmt(LOGS_EVTX_STRING, "=\xd8\x00\xde", 4, NULL), "\xf0\x9f\x98\x80"); /* surrogate pair: U+1F600 */
  CHECK_STREQ(fmt(LOGS_EVTX_STRING, "=\xd8" "a\0", 4, NULL), "\xef\xbf\xbd" "a"); /* lone surrogate */
  CHECK_STREQ(fmt(LOGS_EVTX_ANSI, "caf\xe9", 4, NULL), "caf\xc3\xa9");
  CHECK_STREQ(fmt(LOGS_EVTX_INT32, "\x01\x00", 2, NULL), "(bad)"); /* size does not fit the type */
  CHECK_STREQ(fmt(LOGS_EVTX_NULL, "", 0, NULL), "");
  uint32_t items = 0;
  CHECK_STREQ(fmt(LOGS_EVTX_STRING | LOGS_EVTX_ARRAY, "a\0\0\0b\0c\0\0\0", 10, &items), "a|bc");
  CHECK(items == 2);
  CHECK_STREQ(fmt(LOGS_EVTX_STRING | LOGS_EVTX_ARRAY, "", 0, &items), "");
  CHECK(items == 1); /* an empty array is one empty item */
  CHECK_STREQ(fmt(LOGS_EVTX_UINT16 | LOGS_EVTX_ARRAY, "\x01\x00\x02\x00", 4, &items), "1|2");
  CHECK(items == 2);
  CHECK_STREQ(fmt(LOGS_EVTX_UINT16 | LOGS_EVTX_ARRAY, "\x01\x00\x02", 3, &items), "(bad)");
  CHECK_STREQ(fmt(LOGS_EVTX_SID | LOGS_EVTX_ARRAY, "\x01\x01\x00\x00\x00\x00\x00\x05\x12\x00\x00\x00"
                                                  "\x01\x00\x00\x00\x00\x00\x00\x01", 20, &items), "S-1-5-18|S-1-1");
  CHECK(items == 2);
}

/* ---- a chunk written here ---- */

typedef struct {
  unsigned char *b;
  size_t n; /* bytes written, from the chunk's start */
} chunk_w;

static void u8(chunk_w *w, unsigned v) { w->b[w->n++] = (unsigned char)v; }
static void u16(chunk_w *w, unsigned v) { u8(w, v & 255), u8(w, v >> 8 & 255); }
static void u32(chunk_w *w, uint32_t v) { u16(w, v & 0xffff), u16(w, v >> 16); }
static void set32(chunk_w *w, size_t at, uint32_t v) {
  for (int i = 0; i < 4; i++) w->b[at + i] = (unsigned char)(v >> 8 * i);
}

/* A name reference: inline (new) or back to where it was written. */
static void name(chunk_w *w, const char *s, size_t *seen) {
  if (*seen) {
    u32(w, (uint32_t)*seen);
    return;
  }
  *seen = w->n + 4;
  u32(w, (uint32_t)(w->n + 4));
  u32(w, 0), u16(w, 0), u16(w, (unsigned)strlen(s));
  for (const char *c = s; *c; c++) u16(w, (unsigned char)*c);
  u16(w, 0);
}

static void text(chunk_w *w, const char *s) {
  u8(w, 0x05), u8(w, 0x01), u16(w, (unsigned)strlen(s));
  for (const char *c = s; *c; c++) u16(w, (unsigned char)*c);
}

/* Starts an element: returns where its data size goes. */
static size_t open_el(chunk_w *w, const char *nm, size_t *seen, int attrs) {
  u8(w, attrs ? 0x41 : 0x01), u16(w, 0xffff);
  size_t at = w->n;
  u32(w, 0);
  name(w, nm, seen);
  return at;
}
static void close_el(chunk_w *w, size_t at) { set32(w, at, (uint32_t)(w->n - at - 4)); }

static size_t n_event, n_system, n_eventid, n_provider, n_pname, n_eventdata, n_data, n_dname, n_amp;

/* A record: <Event><System><Provider Name="P"/><EventID>id</EventID>
 * </System><EventData><Data Name="X">a&amp;b</Data><Data>u</Data>
 * </EventData></Event>, names referenced back after the first record. */
static void record(chunk_w *w, uint64_t rid) {
  size_t start = w->n;
  u32(w, 0x2a2a), u32(w, 0), u32(w, (uint32_t)rid), u32(w, 0), u32(w, 0x4d2c5b07), u32(w, 0x01d60fd1);
  u8(w, 0x0f), u8(w, 1), u8(w, 1), u8(w, 0);
  size_t ev = open_el(w, "Event", &n_event, 0);
  u8(w, 0x02);
  size_t sy = open_el(w, "System", &n_system, 0);
  u8(w, 0x02);
  size_t pr = open_el(w, "Provider", &n_provider, 1);
  size_t list = w->n;
  u32(w, 0);
  u8(w, 0x06);
  name(w, "Name", &n_pname);
  text(w, "P");
  set32(w, list, (uint32_t)(w->n - list - 4));
  u8(w, 0x03);
  close_el(w, pr);
  size_t id = open_el(w, "EventID", &n_eventid, 0);
  u8(w, 0x02);
  text(w, "4688");
  u8(w, 0x04);
  close_el(w, id);
  u8(w, 0x04);
  close_el(w, sy);
  size_t ed = open_el(w, "EventData", &n_eventdata, 0);
  u8(w, 0x02);
  size_t d = open_el(w, "Data", &n_data, 1);
  list = w->n;
  u32(w, 0);
  u8(w, 0x06);
  name(w, "Name", &n_dname);
  text(w, "X");
  set32(w, list, (uint32_t)(w->n - list - 4));
  u8(w, 0x02);
  u8(w, 0x45), u8(w, 1), u16(w, 1), u16(w, 'a');
  u8(w, 0x49);
  name(w, "amp", &n_amp);
  u8(w, 0x48), u16(w, 'b');
  u8(w, 0x04);
  close_el(w, d);
  size_t d2 = open_el(w, "Data", &n_data, 0);
  u8(w, 0x02);
  text(w, "u");
  u8(w, 0x04);
  close_el(w, d2);
  u8(w, 0x04);
  close_el(w, ed);
  u8(w, 0x04);
  close_el(w, ev);
  u8(w, 0x00);
  uint32_t size = (uint32_t)(w->n - start + 4);
  u32(w, size);
  set32(w, start + 4, size);
}

/* Chunk header over what was written: records first..last. */
static void finish_chunk(chunk_w *w, uint64_t first, uint64_t last) {
  memcpy(w->b, "ElfChnk", 8);
  for (int i = 0; i < 8; i++) {
    w->b[8 + i] = w->b[24 + i] = (unsigned char)(first >> 8 * i);
    w->b[16 + i] = w->b[32 + i] = (unsigned char)(last >> 8 * i);
  }
  set32(w, 40, 128);
  set32(w, 48, (uint32_t)w->n);
  set32(w, 52, (uint32_t)crc32(0, w->b + 512, (uInt)(w->n - 512)));
  set32(w, 124, (uint32_t)crc32(crc32(0, w->b, 120), w->b + 128, 384));
}

static unsigned char *new_file(size_t *len) {
  *len = LOGS_EVTX_FILE_HEADER + LOGS_EVTX_CHUNK;
  unsigned char *f = calloc(1, *len);
  memcpy(f, "ElfFile", 8);
  f[32] = 128, f[36] = 1, f[38] = 3, f[41] = 0x10, f[42] = 1;
  uint32_t crc = (uint32_t)crc32(0, f, 120);
  for (int i = 0; i < 4; i++) f[124 + i] = (unsigned char)(crc >> 8 * i);
  n_event = n_system = n_eventid = n_provider = n_pname = n_eventdata = n_data = n_dname = n_amp = 0;
  return f;
}

typedef struct {
  int warnings, incomplete;
  char last[512];
} warns;

static void on_warn(void *user, int incomplete, const char *msg) {
  warns *w = user;
  w->warnings++;
  w->incomplete += incomplete;
  snprintf(w->last, sizeof w->last, "%s", msg);
}

static void test_inline_records(void) {
  size_t len;
  unsigned char *f = new_file(&len);
  chunk_w w = {f + LOGS_EVTX_FILE_HEADER, 512};
  record(&w, 1);
  record(&w, 2); /* every name referenced back into record 1 */
  finish_chunk(&w, 1, 2);
  warns ws = {0};
  const char *why = NULL;
  logs_evtx_reader *rd = logs_evtx_open_mem(f, len, 0, on_warn, &ws, &why);
  CHECK(rd != NULL);
  if (!rd) return;
  const logs_evtx_record *r;
  logs_evtx_fields fl = LOGS_EVTX_FIELDS_INIT;
  strbuf xml = STRBUF_INIT;
  int n = 0;
  while (logs_evtx_next(rd, &r)) {
    n++;
    CHECK(r->id == (uint64_t)n && r->chunk == 0 && !r->recovered);
    CHECK(r->written == 0x01d60fd14d2c5b07ull);
    logs_evtx_flatten(r, &fl);
    CHECK(fl.n == 4);
    if (fl.n == 4) {
      CHECK_STREQ(fl.v[0].name, "Provider_Name");
      CHECK_STREQ(fl.v[0].value, "P");
      CHECK_STREQ(fl.v[1].name, "EventID");
      CHECK_STREQ(fl.v[1].value, "4688");
      CHECK_STREQ(fl.v[2].name, "X");
      CHECK_STREQ(fl.v[2].value, "a&b");
      CHECK_STREQ(fl.v[3].name, "Data");
      CHECK_STREQ(fl.v[3].value, "u");
    }
    sb_reset(&xml);
    logs_evtx_xml(r, &xml);
    CHECK_STREQ(xml.data, "<Event><System><Provider Name=\"P\"/><EventID>4688</EventID></System><EventData>"
                          "<Data Name=\"X\">a&amp;b</Data><Data>u</Data></EventData></Event>");
    int32_t sys = logs_evtx_child(r, r->root, "System");
    CHECK(sys >= 0 && !strcmp(logs_evtx_attr_value(r, logs_evtx_child(r, sys, "Provider"), "Name"), "P"));
  }
  CHECK(n == 2 && ws.warnings == 0);
  logs_evtx_stats st;
  logs_evtx_get_stats(rd, &st);
  CHECK(st.chunks == 1 && st.announced == 2 && st.records == 2 && st.lost == 0);
  logs_evtx_close(rd);
  logs_evtx_fields_free(&fl);
  sb_free(&xml);
  free(f);
}

/* Counts the records decoded from f and the warnings. */
static int read_all(const unsigned char *f, size_t len, warns *ws, logs_evtx_stats *st) {
  const char *why = NULL;
  logs_evtx_reader *rd = logs_evtx_open_mem(f, len, LOGS_EVTX_RECOVER, on_warn, ws, &why);
  if (!rd) return -1;
  const logs_evtx_record *r;
  int n = 0;
  logs_evtx_fields fl = LOGS_EVTX_FIELDS_INIT;
  while (logs_evtx_next(rd, &r)) {
    logs_evtx_flatten(r, &fl);
    for (size_t i = 0; i < fl.n; i++) CHECK(fl.v[i].name[0] != '\0');
    n++;
  }
  logs_evtx_get_stats(rd, st);
  logs_evtx_close(rd);
  logs_evtx_fields_free(&fl);
  return n;
}

/* A template whose definition instantiates itself, and elements nested
 * far past the limit: each costs its own record, the next is still read. */
static void test_bounds(void) {
  size_t len;
  unsigned char *f = new_file(&len);
  chunk_w w = {f + LOGS_EVTX_FILE_HEADER, 512};
  /* record 1: template instance whose body is an instance of itself */
  size_t start = w.n;
  u32(&w, 0x2a2a), u32(&w, 0), u32(&w, 1), u32(&w, 0), u32(&w, 0), u32(&w, 0);
  u8(&w, 0x0f), u8(&w, 1), u8(&w, 1), u8(&w, 0);
  u8(&w, 0x0c), u8(&w, 1), u32(&w, 7);
  uint32_t def = (uint32_t)(w.n + 4);
  u32(&w, def);
  u32(&w, 0);
  for (int i = 0; i < 16; i++) u8(&w, 0);
  size_t size_at = w.n;
  u32(&w, 0);
  size_t body = w.n;
  u8(&w, 0x0f), u8(&w, 1), u8(&w, 1), u8(&w, 0);
  for (int k = 0; k < 4; k++) { /* four self-instances: exponential without the bounds */
    u8(&w, 0x0c), u8(&w, 1), u32(&w, 7), u32(&w, def);
    u32(&w, 0); /* no values */
  }
  u8(&w, 0x00);
  set32(&w, size_at, (uint32_t)(w.n - body));
  u32(&w, 0);
  u8(&w, 0x00);
  uint32_t size = (uint32_t)(w.n - start + 4);
  u32(&w, size);
  set32(&w, start + 4, size);
  /* record 2: 2000 nested elements */
  start = w.n;
  u32(&w, 0x2a2a), u32(&w, 0), u32(&w, 2), u32(&w, 0), u32(&w, 0), u32(&w, 0);
  u8(&w, 0x0f), u8(&w, 1), u8(&w, 1), u8(&w, 0);
  size_t seen = 0;
  for (int k = 0; k < 2000; k++) {
    open_el(&w, "E", &seen, 0);
    u8(&w, 0x02);
  }
  for (int k = 0; k < 2000; k++) u8(&w, 0x04);
  u8(&w, 0x00);
  size = (uint32_t)(w.n - start + 4);
  u32(&w, size);
  set32(&w, start + 4, size);
  n_event = n_system = n_eventid = n_provider = n_pname = n_eventdata = n_data = n_dname = n_amp = 0;
  record(&w, 3);
  finish_chunk(&w, 1, 3);
  warns ws = {0};
  logs_evtx_stats st;
  CHECK(read_all(f, len, &ws, &st) == 1);
  CHECK(st.lost == 2 && st.announced == 3 && ws.incomplete == 1);
  CHECK(strstr(ws.last, "2 of 3 records could not be read") != NULL);

  /* the same file cut inside the chunk, and junk in place of the chunk */
  memset(&ws, 0, sizeof ws);
  CHECK(read_all(f, LOGS_EVTX_FILE_HEADER + 700, &ws, &st) == 0 && st.truncated && ws.incomplete == 1);
  memset(f + LOGS_EVTX_FILE_HEADER, 'x', LOGS_EVTX_CHUNK);
  memset(&ws, 0, sizeof ws);
  CHECK(read_all(f, len, &ws, &st) == 0 && st.chunks_bad == 1 && ws.incomplete == 1);
  free(f);
}

static void test_not_evtx(void) {
  const char *why = NULL;
  CHECK(logs_evtx_open_mem("ElfFilx", 8, 0, NULL, NULL, &why) == NULL && why && strstr(why, "not an EVTX"));
  why = NULL;
  CHECK(logs_evtx_open_mem("ElfFile\0", 8, 0, NULL, NULL, &why) == NULL && why != NULL);
  CHECK(logs_evtx_open_fd(-1, 0, NULL, NULL, &why) == NULL);
}

int main(void) {
  RUN(test_values);
  RUN(test_inline_records);
  RUN(test_bounds);
  RUN(test_not_evtx);
  TEST_END();
}
