/*
 * evtx_tree.c - what consumers do with a decoded record: find elements and
 * attributes, take an element's text, flatten the event into (name, value)
 * pairs for rules and the dump (naming documented in evtx.h), and write
 * it back as XML text for evidence.
 */
#include <stdlib.h>
#include <string.h>

#include "logs/evtx_priv.h"

int32_t logs_evtx_child(const logs_evtx_record *r, int32_t n, const char *name) {
  if (!r->nnodes) return -1;
  int32_t c = n >= 0 ? r->nodes[n].first_child : 0;
  for (; c >= 0; c = r->nodes[c].next)
    if (r->nodes[c].kind == LOGS_EVTX_ELEMENT && !strcmp(r->nodes[c].name, name)) return c;
  return -1;
}

const char *logs_evtx_attr_value(const logs_evtx_record *r, int32_t n, const char *name) {
  if (n < 0) return NULL;
  for (int32_t a = r->nodes[n].first_attr; a >= 0; a = r->attrs[a].next)
    if (!strcmp(r->attrs[a].name, name)) return r->attrs[a].value;
  return NULL;
}

/* Appends a text node's value, array items joined with ", ". */
static void add_value(strbuf *out, const logs_evtx_node *nd) {
  const char *s = nd->value, *end = s + nd->value_len;
  while (s < end) {
    const char *z = memchr(s, '\0', (size_t)(end - s));
    sb_add(out, s, (size_t)((z ? z : end) - s));
    if (!z) break;
    sb_add(out, ", ", 2);
    s = z + 1;
  }
}

void logs_evtx_text(const logs_evtx_record *r, int32_t n, strbuf *out) {
  if (n < 0) return;
  /* iterative depth-first walk: trees from hostile files can be deep */
  int32_t c = r->nodes[n].first_child;
  while (c >= 0) {
    const logs_evtx_node *nd = &r->nodes[c];
    if (nd->kind == LOGS_EVTX_TEXT || nd->kind == LOGS_EVTX_CDATA) add_value(out, nd);
    if (nd->first_child >= 0) {
      c = nd->first_child;
      continue;
    }
    while (c >= 0 && c != n && r->nodes[c].next < 0) c = r->nodes[c].parent;
    if (c < 0 || c == n) break;
    c = r->nodes[c].next;
  }
}

/* ---- flattening ---- */

/* Appends a pair: name is prefix[_suffix]; the value's text is v[0..vn). */
static void add_field(logs_evtx_fields *f, const char *prefix, const char *suffix, const char *v, size_t vn) {
  if (f->n == f->cap) {
    f->cap = f->cap ? 2 * f->cap : 64;
    f->v = xrealloc(f->v, f->cap * sizeof *f->v);
  }
  size_t no = f->buf.len;
  sb_adds(&f->buf, prefix);
  if (suffix) {
    sb_addc(&f->buf, '_');
    sb_adds(&f->buf, suffix);
  }
  sb_addc(&f->buf, '\0');
  size_t vo = f->buf.len;
  sb_add(&f->buf, v, vn);
  sb_addc(&f->buf, '\0');
  /* offsets for now: buf may move; turned into pointers at the end */
  f->v[f->n].name = (const char *)(uintptr_t)no;
  f->v[f->n].value = (const char *)(uintptr_t)vo;
  f->n++;
}

/* One pair per item of element n's text: an element holding one array
 * value gives its items under the same name; anything else its text. */
static void add_text_field(logs_evtx_fields *f, const logs_evtx_record *r, int32_t n, const char *name,
                           strbuf *tmp) {
  int32_t c = r->nodes[n].first_child;
  if (c >= 0 && r->nodes[c].next < 0 && r->nodes[c].kind == LOGS_EVTX_TEXT && (r->nodes[c].type & LOGS_EVTX_ARRAY)) {
    const char *v = r->nodes[c].value;
    for (uint32_t i = 0; i < r->nodes[c].nitems; i++) {
      size_t len = strlen(v);
      add_field(f, name, NULL, v, len);
      v += len + 1;
    }
    return;
  }
  sb_reset(tmp);
  logs_evtx_text(r, n, tmp);
  add_field(f, name, NULL, tmp->data ? tmp->data : "", tmp->len);
}

/* Namespace declarations are markup, not data. */
static int is_xmlns(const char *name) { return !strncmp(name, "xmlns", 5) && (!name[5] || name[5] == ':'); }

/* Element n's attributes as Element_Attribute pairs. */
static void add_attr_fields(logs_evtx_fields *f, const logs_evtx_record *r, int32_t n) {
  /* the one System attribute known under its own name */
  static const char *const renamed[][3] = {{"Provider", "EventSourceName", "EventSourceName"}};
  for (int32_t a = r->nodes[n].first_attr; a >= 0; a = r->attrs[a].next) {
    const logs_evtx_attr *at = &r->attrs[a];
    if (is_xmlns(at->name)) continue;
    size_t k = 0;
    for (; k < sizeof renamed / sizeof renamed[0]; k++)
      if (!strcmp(r->nodes[n].name, renamed[k][0]) && !strcmp(at->name, renamed[k][1])) break;
    if (k < sizeof renamed / sizeof renamed[0]) add_field(f, renamed[k][2], NULL, at->value, at->value_len);
    else add_field(f, r->nodes[n].name, at->name, at->value, at->value_len);
  }
}

static int has_element_child(const logs_evtx_record *r, int32_t n) {
  for (int32_t c = r->nodes[n].first_child; c >= 0; c = r->nodes[c].next)
    if (r->nodes[c].kind == LOGS_EVTX_ELEMENT) return 1;
  return 0;
}

static int has_text(const logs_evtx_record *r, int32_t n) {
  for (int32_t c = r->nodes[n].first_child; c >= 0; c = r->nodes[c].next)
    if (r->nodes[c].kind == LOGS_EVTX_TEXT || r->nodes[c].kind == LOGS_EVTX_CDATA) return 1;
  return 0;
}

/* UserData and other sections: every leaf element's text under its name,
 * every attribute below the section, depth first, in document order. */
static void add_leaves(logs_evtx_fields *f, const logs_evtx_record *r, int32_t sec, strbuf *tmp) {
  int32_t c = r->nodes[sec].first_child;
  while (c >= 0) {
    const logs_evtx_node *nd = &r->nodes[c];
    int descend = 0;
    if (nd->kind == LOGS_EVTX_ELEMENT) {
      add_attr_fields(f, r, c);
      if (has_element_child(r, c)) descend = 1;
      else if (has_text(r, c) || nd->first_attr < 0) add_text_field(f, r, c, nd->name, tmp); /* <Error Code=".."/>: its attributes say it all */
    }
    if (descend) {
      c = nd->first_child;
      continue;
    }
    while (c >= 0 && c != sec && r->nodes[c].next < 0) c = r->nodes[c].parent;
    if (c < 0 || c == sec) break;
    c = r->nodes[c].next;
  }
}

void logs_evtx_flatten(const logs_evtx_record *r, logs_evtx_fields *f) {
  f->n = 0;
  sb_reset(&f->buf);
  strbuf tmp = STRBUF_INIT;
  int32_t ev = r->root;
  for (int32_t sec = ev >= 0 ? r->nodes[ev].first_child : -1; sec >= 0; sec = r->nodes[sec].next) {
    const logs_evtx_node *s = &r->nodes[sec];
    if (s->kind != LOGS_EVTX_ELEMENT) continue;
    if (!strcmp(s->name, "System")) {
      for (int32_t c = s->first_child; c >= 0; c = r->nodes[c].next) {
        if (r->nodes[c].kind != LOGS_EVTX_ELEMENT) continue;
        if (has_text(r, c) || has_element_child(r, c)) add_text_field(f, r, c, r->nodes[c].name, &tmp);
        add_attr_fields(f, r, c);
      }
    } else if (!strcmp(s->name, "EventData")) {
      add_attr_fields(f, r, sec);
      for (int32_t c = s->first_child; c >= 0; c = r->nodes[c].next) {
        if (r->nodes[c].kind != LOGS_EVTX_ELEMENT) continue;
        const char *name = r->nodes[c].name;
        if (!strcmp(name, "Data")) {
          const char *dn = logs_evtx_attr_value(r, c, "Name");
          if (dn && *dn) name = dn;
        }
        add_text_field(f, r, c, name, &tmp);
      }
    } else {
      add_leaves(f, r, sec, &tmp);
    }
  }
  sb_free(&tmp);
  for (size_t i = 0; i < f->n; i++) {
    f->v[i].name = f->buf.data + (uintptr_t)f->v[i].name;
    f->v[i].value = f->buf.data + (uintptr_t)f->v[i].value;
  }
}

void logs_evtx_fields_free(logs_evtx_fields *f) {
  free(f->v);
  sb_free(&f->buf);
  memset(f, 0, sizeof *f);
}

/* ---- XML text ---- */

static void xml_escape(strbuf *out, const char *s, size_t n, int attr) {
  for (size_t i = 0; i < n; i++) {
    switch (s[i]) {
    case '&': sb_adds(out, "&amp;"); break;
    case '<': sb_adds(out, "&lt;"); break;
    case '>': sb_adds(out, "&gt;"); break;
    case '"':
      if (attr) sb_adds(out, "&quot;");
      else sb_addc(out, '"');
      break;
    default: sb_addc(out, s[i]);
    }
  }
}

static void open_tag(strbuf *out, const logs_evtx_record *r, const logs_evtx_node *nd) {
  sb_addc(out, '<');
  sb_adds(out, nd->name);
  for (int32_t a = nd->first_attr; a >= 0; a = r->attrs[a].next) {
    sb_addc(out, ' ');
    sb_adds(out, r->attrs[a].name);
    sb_adds(out, "=\"");
    xml_escape(out, r->attrs[a].value, r->attrs[a].value_len, 1);
    sb_addc(out, '"');
  }
}

/* Writes node n and its subtree; an element whose only content is an
 * array value is repeated once per item (the spec's array substitution).
 * Iterative, as deep trees are possible. */
static void write_node(strbuf *out, const logs_evtx_record *r, int32_t top) {
  int32_t c = top;
  while (c >= 0) {
    const logs_evtx_node *nd = &r->nodes[c];
    int descend = 0;
    switch (nd->kind) {
    case LOGS_EVTX_ELEMENT: {
      int32_t k = nd->first_child;
      if (k >= 0 && r->nodes[k].next < 0 && r->nodes[k].kind == LOGS_EVTX_TEXT &&
          (r->nodes[k].type & LOGS_EVTX_ARRAY)) {
        const char *v = r->nodes[k].value;
        for (uint32_t i = 0; i < r->nodes[k].nitems; i++) {
          size_t len = strlen(v);
          open_tag(out, r, nd);
          sb_addc(out, '>');
          xml_escape(out, v, len, 0);
          sb_addf(out, "</%s>", nd->name);
          v += len + 1;
        }
      } else {
        open_tag(out, r, nd);
        if (k < 0) sb_adds(out, "/>");
        else sb_addc(out, '>'), descend = 1;
      }
      break;
    }
    case LOGS_EVTX_TEXT: xml_escape(out, nd->value, nd->value_len, 0); break;
    case LOGS_EVTX_CDATA:
      sb_adds(out, "<![CDATA[");
      sb_add(out, nd->value, nd->value_len);
      sb_adds(out, "]]>");
      break;
    case LOGS_EVTX_PI:
      sb_addf(out, "<?%s", nd->name);
      if (nd->value_len) sb_addc(out, ' '), sb_add(out, nd->value, nd->value_len);
      sb_adds(out, "?>");
      break;
    }
    if (descend) {
      c = nd->first_child;
      continue;
    }
    /* climb, closing the elements whose children are all written */
    while (c >= 0 && c != top && r->nodes[c].next < 0) {
      c = r->nodes[c].parent;
      if (c >= 0) sb_addf(out, "</%s>", r->nodes[c].name);
    }
    if (c < 0 || c == top) break;
    c = r->nodes[c].next;
  }
}

void logs_evtx_xml(const logs_evtx_record *r, strbuf *out) {
  for (int32_t c = r->nnodes ? 0 : -1; c >= 0; c = r->nodes[c].next) write_node(out, r, c);
}
