/*
 * evtx.h - our own reader of Windows XML event logs (.evtx), written from
 * the format's public specification (J. Metz, "Windows XML Event Log
 * (EVTX) format", the libevtx documentation).  Debian's libevtx loses
 * records in real files (whole chunks of Defender logs); this reader is
 * what the log session, the detections and `shellsift logs --dump` use.
 *
 * What it reads: the file header, every 64 KiB chunk in the file (also
 * those the header does not count, as in dirty and archived logs), each
 * chunk's records, and each record's binary XML with its templates
 * (definitions cached per chunk, instances with their substitution arrays),
 * name strings shared inside a chunk, and every value type.  Optionally the
 * records left in a chunk's free space (deleted or overwritten ones).
 *
 * Why it can be trusted with hostile files: every length is checked against
 * the chunk before use, nesting has a depth limit, a record's expansion
 * (templates instantiated, values copied) has a size and step budget, and
 * a bad chunk or record is counted, reported through the warning callback,
 * and reading goes on with the next one.  A file is read chunk by chunk
 * (one 64 KiB buffer), so a multi-GB log never has to fit in memory.
 */
#ifndef SS_LOGS_EVTX_H
#define SS_LOGS_EVTX_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

#define LOGS_EVTX_FILE_HEADER 4096u
#define LOGS_EVTX_CHUNK 65536u

/* Value types of substitutions (the spec's "Value types"); the 0x80 bit
 * marks an array of the base type. */
enum {
  LOGS_EVTX_NULL = 0x00,
  LOGS_EVTX_STRING = 0x01,
  LOGS_EVTX_ANSI = 0x02,
  LOGS_EVTX_INT8 = 0x03,
  LOGS_EVTX_UINT8 = 0x04,
  LOGS_EVTX_INT16 = 0x05,
  LOGS_EVTX_UINT16 = 0x06,
  LOGS_EVTX_INT32 = 0x07,
  LOGS_EVTX_UINT32 = 0x08,
  LOGS_EVTX_INT64 = 0x09,
  LOGS_EVTX_UINT64 = 0x0a,
  LOGS_EVTX_REAL32 = 0x0b,
  LOGS_EVTX_REAL64 = 0x0c,
  LOGS_EVTX_BOOL = 0x0d,
  LOGS_EVTX_BINARY = 0x0e,
  LOGS_EVTX_GUID = 0x0f,
  LOGS_EVTX_SIZET = 0x10,
  LOGS_EVTX_FILETIME = 0x11,
  LOGS_EVTX_SYSTIME = 0x12,
  LOGS_EVTX_SID = 0x13,
  LOGS_EVTX_HEX32 = 0x14,
  LOGS_EVTX_HEX64 = 0x15,
  LOGS_EVTX_EVTHANDLE = 0x20,
  LOGS_EVTX_BINXML = 0x21,
  LOGS_EVTX_EVTXML = 0x23,
  LOGS_EVTX_ARRAY = 0x80,
};

/* ---- the record model ---- */

typedef enum {
  LOGS_EVTX_ELEMENT = 1, /* name, attributes, children */
  LOGS_EVTX_TEXT,        /* character data: literal text, a character or entity reference, a value */
  LOGS_EVTX_CDATA,       /* a CDATA section: value */
  LOGS_EVTX_PI,          /* a processing instruction: name is the target, value the data */
} logs_evtx_kind;

/* One node of a record's event tree.  Strings are UTF-8, NUL-terminated,
 * valid until the reader's next record.  A TEXT node made from a
 * substitution keeps the value type it was decoded from (type), so a
 * consumer can tell a number from a string; an array value (type & 0x80)
 * holds nitems items, each NUL-terminated, one after the other in value
 * (value_len covers them all, without the last NUL). */
typedef struct {
  uint8_t kind;  /* logs_evtx_kind */
  uint8_t type;  /* TEXT: LOGS_EVTX_STRING for literal text, else the substitution's value type */
  uint32_t nitems;
  int32_t parent, next, first_child, last_child, first_attr; /* node / attribute indices, -1: none */
  const char *name;
  const char *value;
  size_t value_len;
} logs_evtx_node;

typedef struct {
  const char *name, *value; /* value: the attribute's parts joined; arrays joined with ", " */
  size_t value_len;
  int32_t next;
} logs_evtx_attr;

typedef struct {
  uint64_t id;       /* event record identifier (EventRecordID) */
  uint64_t written;  /* FILETIME the record was written, 0 if none */
  uint64_t chunk;    /* 0-based chunk number in the file */
  uint32_t offset;   /* of the record inside its chunk */
  int recovered;     /* found in a chunk's free space or a damaged area: not in the chunk's count */
  const logs_evtx_node *nodes; /* the tree: nodes[root] is the Event element */
  size_t nnodes;
  const logs_evtx_attr *attrs;
  size_t nattrs;
  int32_t root;      /* first top-level element, -1 if the event held none */
} logs_evtx_record;

/* The first element child of node n (or of the record's top level when n
 * is -1) named name, or -1: how consumers find System, EventData... */
int32_t logs_evtx_child(const logs_evtx_record *r, int32_t n, const char *name);
/* The value of attribute name of element n, or NULL. */
const char *logs_evtx_attr_value(const logs_evtx_record *r, int32_t n, const char *name);
/* Appends the text inside node n (its TEXT and CDATA descendants, arrays
 * joined with ", ") to out: what an element "says" for a rule. */
void logs_evtx_text(const logs_evtx_record *r, int32_t n, strbuf *out);

/* ---- flattening: (name, value) pairs as rule engines want them ---- */

typedef struct {
  const char *name, *value;
} logs_evtx_field;

typedef struct logs_evtx_fields {
  logs_evtx_field *v;
  size_t n, cap;
  strbuf buf; /* the strings; v's pointers are into it */
} logs_evtx_fields;

#define LOGS_EVTX_FIELDS_INIT {NULL, 0, 0, STRBUF_INIT}
/* Flattens r into out (reset first):
 *  - System: each child's text under its name (EventID, Level, Channel,
 *    Computer...), each attribute as Element_Attribute (Provider_Name,
 *    Provider_Guid, TimeCreated_SystemTime, Execution_ProcessID,
 *    Security_UserID, Correlation_ActivityID...), except
 *    Provider/EventSourceName, which is EventSourceName;
 *  - EventData: <Data Name="X"> as X; a Data without a name as "Data",
 *    repeated in order (rule engines match any of them, and the numbering
 *    of Data[1].. would differ between producers); any other child
 *    (Binary...) under its element name; EventData's own attributes as
 *    EventData_Attribute;
 *  - UserData and any other section (ProcessingErrorData, DebugData...):
 *    every leaf element under its name, every attribute (namespace
 *    declarations aside) as Element_Attribute.
 * An array value gives one pair per item, under the same name.  Names are
 * never empty; pointers are valid until the next call on out. */
void logs_evtx_flatten(const logs_evtx_record *r, logs_evtx_fields *out);
void logs_evtx_fields_free(logs_evtx_fields *f);

/* Appends the record's event as XML text (as Event Viewer's XML view
 * writes it, text and attribute values escaped) to out: the evidence. */
void logs_evtx_xml(const logs_evtx_record *r, strbuf *out);

/* Formats one value of a scalar or array type (not BINXML) into out as
 * Windows renders it: decimal integers, "0x.." hexadecimal for HEX32,
 * HEX64 and SIZET, upper-case GUIDs in braces, SIDs as S-1-5-..., FILETIME
 * as ISO 8601 with 7 fractional digits (100 ns), SYSTEMTIME with 3,
 * binary as upper-case hex, booleans as true/false.  Array items are
 * written NUL-separated, their count in *nitems (1 for scalars).  Returns
 * 0, or -1 if the bytes do not fit the type (nothing is written then). */
int logs_evtx_format_value(strbuf *out, unsigned type, const uint8_t *p, size_t n, uint32_t *nitems);

/* ---- the reader ---- */

typedef struct logs_evtx_reader logs_evtx_reader;

/* A problem with the file, a chunk or a record; msg names the chunk and
 * how many records it cost.  incomplete: records were (or may have been)
 * lost; 0 for a problem that cost nothing (a checksum that fails on data
 * that still decodes). */
typedef void (*logs_evtx_warn_fn)(void *user, int incomplete, const char *msg);

#define LOGS_EVTX_RECOVER 1u /* also read the records left in chunks' free space */

/* Opens an EVTX file on fd (read from its current position, sequentially:
 * a pipe works) or held in memory (data must outlive the reader).
 * Returns NULL, with *why set to a static sentence, when the bytes do not
 * start an EVTX file or cannot be read.  fd is not closed by the reader. */
logs_evtx_reader *logs_evtx_open_fd(int fd, unsigned flags, logs_evtx_warn_fn warn, void *user,
                                    const char **why);
logs_evtx_reader *logs_evtx_open_mem(const void *data, size_t len, unsigned flags, logs_evtx_warn_fn warn,
                                     void *user, const char **why);
/* The next record: 1 with *rec set (valid until the next call), 0 at the
 * end of the file. */
int logs_evtx_next(logs_evtx_reader *rd, const logs_evtx_record **rec);
void logs_evtx_close(logs_evtx_reader *rd);

typedef struct {
  uint64_t chunks_declared; /* the file header's chunk count */
  uint64_t chunks;          /* chunks read (with a chunk signature) */
  uint64_t chunks_bad;      /* chunks whose header or records failed a check */
  uint64_t announced;       /* records the chunk headers announce */
  uint64_t records;         /* records decoded, recovered ones included */
  uint64_t recovered;       /* of which found outside the chunks' counts */
  uint64_t lost;            /* records that could not be read */
  int truncated;            /* the file ends inside a chunk */
} logs_evtx_stats;

void logs_evtx_get_stats(const logs_evtx_reader *rd, logs_evtx_stats *st);

#endif
