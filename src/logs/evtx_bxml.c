/*
 * evtx_bxml.c - binary XML (the spec's "Binary XML") into a record's tree.
 *
 * A record's event is a token stream: a fragment header, then an element
 * or, almost always, a template instance: a reference to a template
 * definition (binary XML with substitution tokens, stored once per chunk
 * and referenced by its chunk offset from every record that uses it) and
 * the instance's array of typed values.  Names are referenced by chunk
 * offset as well, written inline the first time.  So every offset is
 * checked against the chunk, names and definitions are cached per chunk,
 * and one record's decoding is bounded in depth, tokens and output bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "logs/evtx_priv.h"

/* ---- the arena ---- */

struct logs_evtx_block {
  logs_evtx_block *next;
  size_t used, cap;
  char data[];
};

char *logs_evtx_arena_alloc(logs_evtx_arena *a, size_t n) {
  logs_evtx_block *b = a->head;
  if (!b || b->cap - b->used < n) {
    size_t cap = n > 60000 ? n : 60000;
    logs_evtx_block *nb = xmalloc(sizeof *nb + cap);
    nb->used = 0, nb->cap = cap;
    /* a big one-off block goes second, so the first stays the reusable one */
    if (b && n > 60000) nb->next = b->next, b->next = nb;
    else nb->next = b, a->head = nb;
    b = nb;
  }
  char *p = b->data + b->used;
  b->used += n;
  a->total += n;
  return p;
}

const char *logs_evtx_arena_str(logs_evtx_arena *a, const char *s, size_t n) {
  char *p = logs_evtx_arena_alloc(a, n + 1);
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

/* Keeps the newest block (the one in use) for the next round. */
void logs_evtx_arena_reset(logs_evtx_arena *a) {
  if (!a->head) return;
  logs_evtx_block *keep = a->head, *b = keep->next;
  while (b) {
    logs_evtx_block *n = b->next;
    free(b);
    b = n;
  }
  keep->next = NULL;
  keep->used = 0;
  a->total = 0;
}

void logs_evtx_arena_free(logs_evtx_arena *a) {
  logs_evtx_arena_reset(a);
  free(a->head);
  a->head = NULL;
}

/* ---- per-chunk caches ---- */

/* Slot of key (an offset + 1) in an open-addressing table of cap slots. */
static size_t slot_of(const uint32_t *keys, size_t cap, uint32_t key) {
  size_t i = (key * 2654435761u) & (cap - 1);
  while (keys[i] && keys[i] != key) i = (i + 1) & (cap - 1);
  return i;
}

void logs_evtx_chunk_set(logs_evtx_chunk *c, const uint8_t *data, size_t len) {
  c->data = data;
  c->len = len;
  if (c->name_n) memset(c->name_keys, 0, c->name_cap * sizeof *c->name_keys);
  c->name_n = 0;
  if (c->tpl_n) memset(c->tpl, 0, 2 * EVTX_MAX_TEMPLATES * sizeof *c->tpl);
  c->tpl_n = 0;
  logs_evtx_arena_reset(&c->names);
}

void logs_evtx_chunk_free(logs_evtx_chunk *c) {
  free(c->name_keys);
  free(c->name_vals);
  free(c->tpl);
  logs_evtx_arena_free(&c->names);
  sb_free(&c->scratch);
  memset(c, 0, sizeof *c);
}

/* ---- the tree ---- */

void logs_evtx_tree_reset(logs_evtx_tree *t) {
  t->nnodes = t->nattrs = 0;
  t->steps = 0;
  t->error = NULL;
  logs_evtx_arena_reset(&t->text);
}

void logs_evtx_tree_free(logs_evtx_tree *t) {
  free(t->nodes);
  free(t->attrs);
  logs_evtx_arena_free(&t->text);
  sb_free(&t->scratch);
  sb_free(&t->attrbuf);
  memset(t, 0, sizeof *t);
}

/* ---- the parser ---- */

typedef struct {
  uint32_t off, size; /* the value's bytes in the chunk */
  uint8_t type;
} subst;

typedef struct {
  const subst *v;
  uint32_t n;
} substs;

typedef struct {
  logs_evtx_chunk *c;
  logs_evtx_tree *t;
  const uint8_t *d; /* the chunk */
  size_t clen;
  int32_t top_last; /* last top-level node */
} P;

static int fail(P *p, const char *why) {
  if (!p->t->error) p->t->error = why;
  return -1;
}

static int need(P *p, size_t pos, size_t end, size_t n) {
  return pos <= end && end - pos >= n ? 0 : fail(p, "binary XML runs past its data");
}

static int step(P *p) { return ++p->t->steps > EVTX_MAX_STEPS ? fail(p, "record needs too many steps to decode") : 0; }

/* A string of the record, in the record's arena, within its budget. */
static const char *text(P *p, const char *s, size_t n) {
  if (p->t->text.total + n + 1 > EVTX_MAX_BYTES) {
    fail(p, "record expands beyond 8 MiB");
    return NULL;
  }
  return logs_evtx_arena_str(&p->t->text, s, n);
}

/* Appends a node under parent (-1: the top level, chained from node 0). */
static int32_t add_node(P *p, int32_t parent, uint8_t kind) {
  logs_evtx_tree *t = p->t;
  if (t->nnodes + t->nattrs >= EVTX_MAX_NODES) return fail(p, "record has too many nodes");
  if (t->nnodes == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 256;
    t->nodes = xrealloc(t->nodes, t->cap * sizeof *t->nodes);
  }
  int32_t i = (int32_t)t->nnodes++;
  logs_evtx_node *n = &t->nodes[i];
  memset(n, 0, sizeof *n);
  n->kind = kind;
  n->parent = parent;
  n->next = n->first_child = n->last_child = n->first_attr = -1;
  n->name = n->value = "";
  if (parent >= 0) {
    logs_evtx_node *pa = &t->nodes[parent];
    if (pa->last_child >= 0) t->nodes[pa->last_child].next = i;
    else pa->first_child = i;
    pa->last_child = i;
  } else {
    if (p->top_last >= 0) t->nodes[p->top_last].next = i;
    p->top_last = i;
  }
  return i;
}

static int add_text(P *p, int32_t parent, uint8_t kind, uint8_t type, const char *s, size_t n, uint32_t nitems) {
  const char *v = text(p, s, n);
  if (!v) return -1;
  int32_t i = add_node(p, parent, kind);
  if (i < 0) return -1;
  logs_evtx_node *nd = &p->t->nodes[i];
  nd->type = type;
  nd->value = v;
  nd->value_len = n;
  nd->nitems = nitems;
  return 0;
}

/* The name at chunk offset off: 4 unknown bytes, a hash, a character
 * count, UTF-16 characters and a NUL.  Cached per chunk. */
static const char *name_at(P *p, uint32_t off) {
  logs_evtx_chunk *c = p->c;
  if (c->name_n * 2 >= c->name_cap) { /* grow and rehash */
    size_t cap = c->name_cap ? 2 * c->name_cap : 256;
    uint32_t *keys = xcalloc(cap, sizeof *keys);
    const char **vals = xmalloc(cap * sizeof *vals);
    for (size_t i = 0; i < c->name_cap; i++)
      if (c->name_keys[i]) {
        size_t s = slot_of(keys, cap, c->name_keys[i]);
        keys[s] = c->name_keys[i], vals[s] = c->name_vals[i];
      }
    free(c->name_keys);
    free(c->name_vals);
    c->name_keys = keys, c->name_vals = vals, c->name_cap = cap;
  }
  size_t s = slot_of(c->name_keys, c->name_cap, off + 1);
  if (c->name_keys[s]) return c->name_vals[s];
  if (off > p->clen || p->clen - off < 8) return fail(p, "name offset outside the chunk"), NULL;
  size_t n = evtx_u16(p->d + off + 6);
  if (p->clen - off - 8 < 2 * n) return fail(p, "name runs past the chunk"), NULL;
  sb_reset(&c->scratch);
  logs_evtx_utf16(&c->scratch, p->d + off + 8, n, 1);
  if (!c->scratch.len) return fail(p, "empty name"), NULL;
  const char *v = logs_evtx_arena_str(&c->names, c->scratch.data, c->scratch.len);
  c->name_keys[s] = off + 1;
  c->name_vals[s] = v;
  c->name_n++;
  return v;
}

/* A name reference at *pos: a 4-byte chunk offset; when it points just
 * past itself the name follows inline and is skipped. */
static const char *name_ref(P *p, size_t *pos, size_t end) {
  if (need(p, *pos, end, 4)) return NULL;
  uint32_t off = evtx_u32(p->d + *pos);
  *pos += 4;
  const char *name = name_at(p, off);
  if (name && off == *pos) {
    size_t size = 8 + 2 * ((size_t)evtx_u16(p->d + off + 6) + 1);
    if (need(p, *pos, end, size)) return NULL;
    *pos += size;
  }
  return name;
}

/* A length-prefixed UTF-16 string at *pos (value text, CDATA, PI data)
 * into the tree's scratch buffer. */
static int utf16_at(P *p, size_t *pos, size_t end) {
  if (need(p, *pos, end, 2)) return -1;
  size_t n = evtx_u16(p->d + *pos);
  if (need(p, *pos + 2, end, 2 * n)) return -1;
  sb_reset(&p->t->scratch);
  logs_evtx_utf16(&p->t->scratch, p->d + *pos + 2, n, 0);
  *pos += 2 + 2 * n;
  return 0;
}

/* The character an entity reference stands for, or NULL (kept as &name;). */
static const char *entity(const char *name) {
  static const char *const ents[][2] = {{"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"apos", "'"}};
  for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++)
    if (!strcmp(name, ents[i][0])) return ents[i][1];
  return NULL;
}

/* A character reference's UTF-16 unit as UTF-8 into scratch. */
static void charref(P *p, uint16_t u) {
  uint8_t b[2] = {(uint8_t)u, (uint8_t)(u >> 8)};
  sb_reset(&p->t->scratch);
  logs_evtx_utf16(&p->t->scratch, b, 1, 0);
}

/* Formats substitution value v into scratch; a value whose size does not
 * fit its type is kept as its bytes in hex.  Returns the type rendered. */
static uint8_t format_subst(P *p, const subst *v, uint32_t *nitems) {
  sb_reset(&p->t->scratch);
  if (!logs_evtx_format_value(&p->t->scratch, v->type, p->d + v->off, v->size, nitems)) return v->type;
  logs_evtx_format_value(&p->t->scratch, LOGS_EVTX_BINARY, p->d + v->off, v->size, nitems);
  return LOGS_EVTX_BINARY;
}

static int parse_tokens(P *p, size_t *pos, size_t end, int32_t parent, const substs *s, int depth, int in_elem,
                        int binxml);

/* The template definition at chunk offset off (24 bytes of header: next
 * definition, GUID, data size; then its binary XML), checked against lim
 * once and cached per chunk; beyond EVTX_MAX_TEMPLATES it is checked each
 * time instead. */
static int template_at(P *p, uint32_t off, size_t lim, uint32_t *data, uint32_t *tend) {
  logs_evtx_chunk *c = p->c;
  const size_t cap = 2 * EVTX_MAX_TEMPLATES;
  if (!c->tpl) c->tpl = xcalloc(cap, sizeof *c->tpl);
  size_t i = (off * 2654435761u) & (cap - 1);
  while (c->tpl[i].key && c->tpl[i].key != off + 1) i = (i + 1) & (cap - 1);
  if (c->tpl[i].key) {
    *data = c->tpl[i].data, *tend = c->tpl[i].end;
    return 0;
  }
  if (off > lim || lim - off < 24) return fail(p, "template definition outside the chunk");
  uint32_t size = evtx_u32(p->d + off + 20);
  if (lim - off - 24 < size) return fail(p, "template definition runs past its data");
  *data = off + 24, *tend = off + 24 + size;
  if (c->tpl_n < EVTX_MAX_TEMPLATES) {
    c->tpl[i] = (logs_evtx_template){.key = off + 1, .data = *data, .end = *tend};
    c->tpl_n++;
  }
  return 0;
}

/* A template instance (token 0x0c at *pos): the definition's reference
 * (inline the first time it is used in the chunk), then the values. */
static int parse_template(P *p, size_t *pos, size_t end, int32_t parent, int depth) {
  if (depth > EVTX_MAX_DEPTH) return fail(p, "templates nested too deep");
  if (need(p, *pos, end, 10)) return -1;
  uint32_t def = evtx_u32(p->d + *pos + 6);
  *pos += 10;
  uint32_t tdata, tend;
  if (template_at(p, def, def == *pos ? end : p->clen, &tdata, &tend)) return -1;
  if (def == *pos) *pos = tend;
  if (need(p, *pos, end, 4)) return -1;
  uint32_t n = evtx_u32(p->d + *pos);
  *pos += 4;
  if (n > (end - *pos) / 4) return fail(p, "template instance has more values than bytes");
  size_t desc = *pos, off = *pos + 4 * (size_t)n;
  subst *v = n ? xmalloc(n * sizeof *v) : NULL;
  for (uint32_t i = 0; i < n; i++) {
    v[i].size = evtx_u16(p->d + desc + 4 * i);
    v[i].type = p->d[desc + 4 * i + 2];
    v[i].off = (uint32_t)off;
    off += v[i].size;
  }
  if (off > end) {
    free(v);
    return fail(p, "template values run past the record");
  }
  *pos = off;
  substs s = {v, n};
  size_t bpos = tdata;
  int rc = parse_tokens(p, &bpos, tend, parent, &s, depth + 1, 0, 0);
  free(v);
  return rc;
}

/* A substitution (0x0d normal, 0x0e optional) in element content. */
static int substitute(P *p, int32_t parent, const substs *s, uint16_t id, int depth) {
  if (!s) return fail(p, "substitution outside a template");
  if (id >= s->n) return fail(p, "substitution refers to a missing value");
  const subst *v = &s->v[id];
  if (v->type == LOGS_EVTX_NULL) return 0; /* nothing is created for a NULL value */
  if (v->type == LOGS_EVTX_BINXML) {
    if (depth > EVTX_MAX_DEPTH) return fail(p, "binary XML values nested too deep");
    size_t bpos = v->off;
    return parse_tokens(p, &bpos, v->off + v->size, parent, NULL, depth + 1, 0, 1);
  }
  uint32_t items;
  uint8_t type = format_subst(p, v, &items);
  return add_text(p, parent, LOGS_EVTX_TEXT, type, p->t->scratch.data, p->t->scratch.len, items);
}

/* Adds scratch (array items joined with ", ") to the attribute buffer. */
static void attr_part(P *p) {
  strbuf *sc = &p->t->scratch;
  const char *s = sc->data ? sc->data : "", *end = s + sc->len;
  while (s < end) {
    const char *z = memchr(s, '\0', (size_t)(end - s));
    sb_add(&p->t->attrbuf, s, (size_t)((z ? z : end) - s));
    if (!z) break;
    sb_add(&p->t->attrbuf, ", ", 2);
    s = z + 1;
  }
}

/* One attribute (token 0x06/0x46 at *pos) of element e: its name, then
 * value text, substitutions and references until the next token that is
 * none of those.  An attribute made only of optional substitutions whose
 * values are NULL is not created. */
static int parse_attribute(P *p, size_t *pos, size_t end, int32_t e, const substs *s) {
  (*pos)++;
  const char *name = name_ref(p, pos, end);
  if (!name) return -1;
  sb_reset(&p->t->attrbuf);
  int parts = 0, nulls = 0;
  while (*pos < end) {
    uint8_t tok = p->d[*pos], base = tok & 0xBF;
    if (step(p)) return -1;
    if (base == 0x05) {
      (*pos) += 2;
      if (utf16_at(p, pos, end)) return -1;
      attr_part(p);
      parts++;
    } else if (tok == 0x0d || tok == 0x0e) {
      if (need(p, *pos, end, 4)) return -1;
      uint16_t id = evtx_u16(p->d + *pos + 1);
      *pos += 4;
      if (!s) return fail(p, "substitution outside a template");
      if (id >= s->n) return fail(p, "substitution refers to a missing value");
      const subst *v = &s->v[id];
      if (v->type == LOGS_EVTX_NULL) {
        if (tok == 0x0e) nulls++;
        else parts++;
        continue;
      }
      uint32_t items;
      format_subst(p, v, &items);
      attr_part(p);
      parts++;
    } else if (base == 0x08) {
      if (need(p, *pos, end, 3)) return -1;
      charref(p, evtx_u16(p->d + *pos + 1));
      *pos += 3;
      attr_part(p);
      parts++;
    } else if (base == 0x09) {
      (*pos)++;
      const char *en = name_ref(p, pos, end);
      if (!en) return -1;
      const char *ch = entity(en);
      if (ch) sb_adds(&p->t->attrbuf, ch);
      else sb_addf(&p->t->attrbuf, "&%s;", en);
      parts++;
    } else {
      break;
    }
  }
  if (!parts && nulls) return 0;
  const char *v = text(p, p->t->attrbuf.data ? p->t->attrbuf.data : "", p->t->attrbuf.len);
  if (!v) return -1;
  logs_evtx_tree *t = p->t;
  if (t->nnodes + t->nattrs >= EVTX_MAX_NODES) return fail(p, "record has too many nodes");
  if (t->nattrs == t->acap) {
    t->acap = t->acap ? 2 * t->acap : 128;
    t->attrs = xrealloc(t->attrs, t->acap * sizeof *t->attrs);
  }
  int32_t ai = (int32_t)t->nattrs++;
  t->attrs[ai] = (logs_evtx_attr){.name = name, .value = v, .value_len = t->attrbuf.len, .next = -1};
  /* keep the file's order: append after the element's last attribute */
  int32_t *link = &t->nodes[e].first_attr;
  while (*link >= 0) link = &t->attrs[*link].next;
  *link = ai;
  return 0;
}

/* Whether a name reference at np (chunk offset off) can be right: inline
 * (pointing just past itself) or back to a name stored earlier in the
 * chunk, after the chunk header, ending with its NUL. */
static int name_plausible(P *p, size_t np, uint32_t off, size_t start) {
  if (off != np + 4 && (off < 512 || off >= start)) return 0;
  if (off > p->clen || p->clen - off < 10) return 0;
  size_t n = evtx_u16(p->d + off + 6);
  return p->clen - off - 10 >= 2 * n && evtx_u16(p->d + off + 8 + 2 * n) == 0;
}

/* Where an element start's name reference is, given that the token is at
 * start: after a dependency identifier and a data size (records), or after
 * the data size alone (the spec: inside binary XML values).  The variant
 * whose data size fits and whose name reference is plausible wins. */
static int element_header(P *p, size_t start, size_t end, int binxml, size_t *name_pos) {
  size_t variants[2] = {start + 7, start + 5};
  if (binxml) variants[0] = start + 5, variants[1] = start + 7;
  for (int i = 0; i < 2; i++) {
    size_t np = variants[i];
    if (np > end || end - np < 4) continue;
    uint32_t size = evtx_u32(p->d + np - 4), off = evtx_u32(p->d + np);
    if (size <= end - np && name_plausible(p, np, off, start)) {
      *name_pos = np;
      return 0;
    }
  }
  return fail(p, "element start without a usable name");
}

/* An element (token 0x01/0x41 at *pos; 0x40: it has attributes). */
static int parse_element(P *p, size_t *pos, size_t end, int32_t parent, const substs *s, int depth, int binxml) {
  if (depth > EVTX_MAX_DEPTH) return fail(p, "elements nested too deep");
  size_t start = *pos, np;
  int has_attrs = p->d[start] & 0x40;
  if (element_header(p, start, end, binxml, &np)) return -1;
  *pos = np;
  const char *name = name_ref(p, pos, end);
  if (!name) return -1;
  int32_t e = add_node(p, parent, LOGS_EVTX_ELEMENT);
  if (e < 0) return -1;
  p->t->nodes[e].name = name;
  if (has_attrs) {
    if (need(p, *pos, end, 4)) return -1;
    *pos += 4; /* the attribute list's size: the tokens say where it ends */
    while (*pos < end && (p->d[*pos] & 0xBF) == 0x06)
      if (parse_attribute(p, pos, end, e, s)) return -1;
  }
  if (need(p, *pos, end, 1)) return -1;
  uint8_t tok = p->d[*pos];
  if (tok == 0x03) {
    (*pos)++;
    return 0;
  }
  if (tok != 0x02) return fail(p, "element start not closed");
  (*pos)++;
  return parse_tokens(p, pos, end, e, s, depth + 1, 1, binxml);
}

/* Tokens at *pos until the end of the data or an end-of-file token
 * (document level), or the end element token (inside element parent). */
static int parse_tokens(P *p, size_t *pos, size_t end, int32_t parent, const substs *s, int depth, int in_elem,
                        int binxml) {
  while (*pos < end) {
    if (step(p)) return -1;
    uint8_t tok = p->d[*pos], base = tok & 0xBF;
    switch (base) {
    case 0x00:
      if (tok != 0x00) return fail(p, "unknown binary XML token");
      (*pos)++;
      if (in_elem) return fail(p, "end of data inside an element");
      return 0;
    case 0x0f:
      if (tok != 0x0f || need(p, *pos, end, 4)) return fail(p, "bad fragment header");
      *pos += 4;
      break;
    case 0x01:
      if (parse_element(p, pos, end, parent, s, depth, binxml)) return -1;
      break;
    case 0x04:
      if (tok != 0x04 || !in_elem) return fail(p, "end element without an element");
      (*pos)++;
      return 0;
    case 0x05:
      (*pos) += 2; /* token, value type (a string) */
      if (utf16_at(p, pos, end) ||
          add_text(p, parent, LOGS_EVTX_TEXT, LOGS_EVTX_STRING, p->t->scratch.data, p->t->scratch.len, 1))
        return -1;
      break;
    case 0x07:
      (*pos)++;
      if (utf16_at(p, pos, end) ||
          add_text(p, parent, LOGS_EVTX_CDATA, LOGS_EVTX_STRING, p->t->scratch.data, p->t->scratch.len, 1))
        return -1;
      break;
    case 0x08:
      if (need(p, *pos, end, 3)) return -1;
      charref(p, evtx_u16(p->d + *pos + 1));
      *pos += 3;
      if (add_text(p, parent, LOGS_EVTX_TEXT, LOGS_EVTX_STRING, p->t->scratch.data, p->t->scratch.len, 1)) return -1;
      break;
    case 0x09: {
      (*pos)++;
      const char *en = name_ref(p, pos, end);
      if (!en) return -1;
      const char *ch = entity(en);
      sb_reset(&p->t->scratch);
      if (ch) sb_adds(&p->t->scratch, ch);
      else sb_addf(&p->t->scratch, "&%s;", en);
      if (add_text(p, parent, LOGS_EVTX_TEXT, LOGS_EVTX_STRING, p->t->scratch.data, p->t->scratch.len, 1)) return -1;
      break;
    }
    case 0x0a: { /* PI target, then its data (0x0b) */
      if (tok != 0x0a) return fail(p, "unknown binary XML token");
      (*pos)++;
      const char *target = name_ref(p, pos, end);
      if (!target) return -1;
      const char *data = "";
      size_t dlen = 0;
      if (*pos < end && p->d[*pos] == 0x0b) {
        (*pos)++;
        if (utf16_at(p, pos, end) || !(data = text(p, p->t->scratch.data, p->t->scratch.len))) return -1;
        dlen = p->t->scratch.len;
      }
      int32_t i = add_node(p, parent, LOGS_EVTX_PI);
      if (i < 0) return -1;
      p->t->nodes[i].name = target, p->t->nodes[i].value = data, p->t->nodes[i].value_len = dlen;
      break;
    }
    case 0x0c:
      if (tok != 0x0c || parse_template(p, pos, end, parent, depth)) return fail(p, "bad template instance");
      break;
    case 0x0d:
    case 0x0e:
      if (tok != base || need(p, *pos, end, 4)) return fail(p, "bad substitution");
      uint16_t id = evtx_u16(p->d + *pos + 1);
      *pos += 4;
      if (substitute(p, parent, s, id, depth)) return -1;
      break;
    default:
      return fail(p, "unknown binary XML token");
    }
  }
  if (in_elem) return fail(p, "element not closed before the end of its data");
  return 0;
}

int logs_evtx_parse_event(logs_evtx_chunk *c, logs_evtx_tree *t, size_t off, size_t end) {
  logs_evtx_tree_reset(t);
  if (!t->scratch.data) sb_grow(&t->scratch, 256);
  if (!t->attrbuf.data) sb_grow(&t->attrbuf, 256);
  P p = {.c = c, .t = t, .d = c->data, .clen = c->len, .top_last = -1};
  if (end > c->len || off > end) return fail(&p, "event outside the chunk");
  size_t pos = off;
  return parse_tokens(&p, &pos, end, -1, NULL, 0, 0, 0);
}
