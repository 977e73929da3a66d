/*
 * symbols.c - the analyzer's per-file symbol table: an open-addressing
 * hash of variable names to what is known about them (a constant string,
 * request taint, an object type).  Bounded: when full, new names are not
 * recorded, which only makes the analysis see less.  A slot belongs to the
 * current file only if its generation is the table's: starting a new file
 * is one increment, not a memset of the table.
 */
#include <stdlib.h>
#include <string.h>

#include "lang/analyze.h"
#include "util/util.h"

#define MAX_SYMS 16384


static void grow(lang_ctx *c) {
  size_t cap = c->capsyms ? c->capsyms * 2 : 256;
  sym *old = c->syms;
  size_t oldcap = c->capsyms;
  c->syms = xcalloc(cap, sizeof *c->syms);
  c->capsyms = cap;
  for (size_t i = 0; i < oldcap; i++) {
    if (!lang_sym_live(c, &old[i])) continue;
    size_t b = old[i].hash & (cap - 1);
    while (c->syms[b].hash) b = (b + 1) & (cap - 1);
    c->syms[b] = old[i];
  }
  free(old);
}

/* PHP variables are local to their function; names, constants and
 * superglobals are not. */
static inline unsigned scope_of(const lang_ctx *c, const char *name, size_t n) {
  if (c->syn != SYN_PHP || !n || name[0] != '$') return 0;
  if (n > 2 && name[1] == '_' && name[2] >= 'A' && name[2] <= 'Z') return 0; /* $_SESSION ... */
  for (unsigned k = 0; c->scope && k < c->nglobals; k++) /* global $x; (its NUL at n and last byte first: cheap noes) */
    if (n < sizeof c->globals[k] && c->globals[k][n] == '\0' && c->globals[k][n - 1] == name[n - 1] &&
        memcmp(c->globals[k], name, n) == 0 && strlen(c->globals[k]) == n)
      return 0;
  return c->scope;
}

/* A payload's code runs in the scope that decoded it: a name it does not
 * know is looked up there and copied in (with its text, which lives in
 * that file's arena). */
static sym *from_parent(lang_ctx *c, const char *name, size_t n) {
  lang_ctx *owner = c->parent; /* which copies from its own parent first */
  sym *p = lang_sym_get(owner, name, n, 0);
  if (!p) return NULL;
  sym copy = *p;
  sym *s = lang_sym_get(c, name, n, 1);
  if (!s) return NULL;
  uint32_t hash_, name_off, name_len;
  unsigned scope;
  hash_ = s->hash, name_off = s->name_off, name_len = s->name_len, scope = s->scope;
  *s = copy;
  s->hash = hash_, s->name_off = name_off, s->name_len = name_len, s->scope = scope;
  if (copy.has_const) s->val.off = lang_arena_put(&c->persist, owner->persist.buf + copy.val.off, copy.val.len);
  if (copy.has_type) s->type_off = lang_arena_put(&c->persist, owner->persist.buf + copy.type_off, copy.type_len);
  if (copy.has_arr) s->arr_off = lang_arena_put(&c->persist, owner->persist.buf + copy.arr_off, copy.arr_len);
  if (copy.has_const || copy.has_arr) c->values |= LV_CONST;
  if (copy.has_const) lang_sym_noted(c, s);
  if (copy.script || copy.webroot) c->values |= LV_PATH;
  return s;
}

unsigned lang_sym_scope(const lang_ctx *c, const char *name, size_t n) { return scope_of(c, name, n); }

sym *lang_sym_get(lang_ctx *c, const char *name, size_t n, int create) {
  if (!c->capsyms) {
    if (!create) return c->parent ? from_parent(c, name, n) : NULL;
    grow(c);
  }
  unsigned scope = scope_of(c, name, n);
  /* nothing depends on the slot order: the table is only searched by name or scanned for "any" */
  uint32_t h = lang_hash(name, n) ^ (scope * 0x9E3779B1u);
  h = h ? h : 1;
  size_t b = h & (c->capsyms - 1);
  for (; lang_sym_live(c, &c->syms[b]); b = (b + 1) & (c->capsyms - 1)) {
    sym *s = &c->syms[b];
    if (s->hash == h && s->scope == scope && s->name_len == n &&
        lang_same(c->persist.buf + s->name_off, name, n))
      return s;
  }
  if (!create) return c->parent ? from_parent(c, name, n) : NULL;
  if (c->nsyms >= MAX_SYMS) return NULL;
  if ((c->nsyms + 1) * 2 > c->capsyms) {
    grow(c);
    return lang_sym_get(c, name, n, create);
  }
  sym *s = &c->syms[b];
  memset(s, 0, sizeof *s);
  s->gen = c->symgen;
  s->name_off = lang_arena_put(&c->persist, name, n); /* name is never inside persist */
  s->name_len = (uint32_t)n;
  s->hash = h;
  s->scope = scope;
  c->nsyms++;
  return s;
}

void lang_sym_reset(lang_ctx *c) {
  if (c->capsyms > 1024) { /* a big file's table is not kept for the next */
    free(c->syms);
    c->syms = NULL;
    c->capsyms = 0;
  } else if (c->nsyms && ++c->symgen == 0) { /* wrapped: clear once every 2^32 files */
    memset(c->syms, 0, c->capsyms * sizeof *c->syms);
    c->symgen = 1;
  }
  c->nsyms = 0;
  c->persist.len = 0;
}

void lang_sym_forget_locals(lang_ctx *c) {
  for (size_t i = 0; i < c->capsyms; i++)
    if (lang_sym_live(c, &c->syms[i]) && c->syms[i].scope) c->syms[i].has_taint = 0;
}
