/*
 * evtx_priv.h - what the EVTX reader's files share and nobody else needs:
 * the arena the strings of a chunk and of a record live in, the per-chunk
 * caches (names and template definitions are stored once per chunk and
 * referenced by their offset in it), the tree under construction, and the
 * binary XML entry point.  evtx_file.c frames chunks and records,
 * evtx_bxml.c decodes binary XML into the tree, evtx_value.c formats
 * values, evtx_tree.c walks finished trees (flatten, XML).
 */
#ifndef SS_LOGS_EVTX_PRIV_H
#define SS_LOGS_EVTX_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "logs/evtx.h"

/* Bounds on what one record may cost, whatever its bytes say. */
#define EVTX_MAX_DEPTH 48            /* nested elements, templates and binary XML values */
#define EVTX_MAX_BYTES (8u << 20)    /* strings produced for one record */
#define EVTX_MAX_STEPS 2000000u      /* tokens decoded for one record */
#define EVTX_MAX_NODES 200000u       /* nodes and attributes of one record */
#define EVTX_MAX_TEMPLATES 4096u     /* template definitions cached per chunk */

static inline uint16_t evtx_u16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t evtx_u32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t evtx_u64(const uint8_t *p) { return evtx_u32(p) | (uint64_t)evtx_u32(p + 4) << 32; }

/* Memory handed out in blocks that never move, freed all at once: strings
 * stay where they are while a tree grows. */
typedef struct logs_evtx_block logs_evtx_block;
typedef struct {
  logs_evtx_block *head;
  size_t total; /* bytes handed out since the last reset */
} logs_evtx_arena;

char *logs_evtx_arena_alloc(logs_evtx_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
const char *logs_evtx_arena_str(logs_evtx_arena *a, const char *s, size_t n);
void logs_evtx_arena_reset(logs_evtx_arena *a);
void logs_evtx_arena_free(logs_evtx_arena *a);

/* Appends n UTF-16LE code units at p as UTF-8 (a lone surrogate becomes
 * U+FFFD); with stop_at_nul, stops at the first U+0000. */
void logs_evtx_utf16(strbuf *out, const uint8_t *p, size_t n, int stop_at_nul);

typedef struct {
  uint32_t key;       /* chunk offset of the definition + 1 */
  uint32_t data, end; /* its binary XML */
} logs_evtx_template;

/* One chunk being read, and what its records share. */
typedef struct {
  const uint8_t *data;
  size_t len;
  uint32_t *name_keys; /* open addressing: offset + 1, 0 = empty */
  const char **name_vals;
  size_t name_cap, name_n;
  logs_evtx_template *tpl; /* open addressing on off + 1 (0 = empty), EVTX_MAX_TEMPLATES * 2 slots */
  size_t tpl_n;
  logs_evtx_arena names;
  strbuf scratch;
} logs_evtx_chunk;

void logs_evtx_chunk_set(logs_evtx_chunk *c, const uint8_t *data, size_t len);
void logs_evtx_chunk_free(logs_evtx_chunk *c);

/* The record's tree while it is built. */
typedef struct {
  logs_evtx_node *nodes;
  size_t nnodes, cap;
  logs_evtx_attr *attrs;
  size_t nattrs, acap;
  logs_evtx_arena text;
  strbuf scratch, attrbuf;
  uint64_t steps;
  const char *error; /* why decoding stopped */
} logs_evtx_tree;

void logs_evtx_tree_reset(logs_evtx_tree *t);
void logs_evtx_tree_free(logs_evtx_tree *t);

/* Decodes the binary XML at [off, end) of the chunk (a record's event)
 * into t (reset first).  Returns 0, or -1 with t->error set. */
int logs_evtx_parse_event(logs_evtx_chunk *c, logs_evtx_tree *t, size_t off, size_t end);

#endif
