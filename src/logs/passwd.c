/*
 * passwd.c - account names from the evidence's own /etc/passwd: auditd
 * logs name users by number, and resolving them on the machine shellsift
 * runs on (getpwuid) would name the analyst's accounts, not the server's.
 * A sorted table of (uid, name), filled from passwd text.
 */
#include <stdlib.h>
#include <string.h>

#include "logs/logs.h"

typedef struct {
  uint64_t uid;
  char *name;
} pw_entry;

struct logs_passwd {
  pw_entry *v;
  size_t n, cap;
};

logs_passwd *logs_passwd_new(void) { return xcalloc(1, sizeof(logs_passwd)); }

void logs_passwd_free(logs_passwd *p) {
  if (!p) return;
  for (size_t i = 0; i < p->n; i++) free(p->v[i].name);
  free(p->v);
  free(p);
}

static int by_uid(const void *a, const void *b) {
  const pw_entry *x = a, *y = b;
  return x->uid < y->uid ? -1 : x->uid > y->uid;
}

/* One "name:password:uid:gid:gecos:home:shell" line; 0 if it is not one. */
static int parse_line(const char *s, size_t n, pw_entry *out) {
  const char *c1 = memchr(s, ':', n);
  if (!c1 || c1 == s) return 0;
  const char *c2 = memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - s));
  if (!c2) return 0;
  const char *u = c2 + 1, *end = s + n;
  uint64_t uid = 0;
  size_t digits = 0;
  for (; u < end && *u >= '0' && *u <= '9' && digits < 10; u++, digits++) uid = uid * 10 + (uint64_t)(*u - '0');
  if (!digits || u == end || *u != ':') return 0;
  for (const char *c = s; c < c1; c++)
    if ((unsigned char)*c < 0x21 || *c == 0x7f) return 0;
  out->uid = uid;
  out->name = xstrndup(s, (size_t)(c1 - s));
  return 1;
}

size_t logs_passwd_add(logs_passwd *p, const char *text, size_t len) {
  size_t added = 0;
  for (size_t i = 0; i < len;) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t n = nl ? (size_t)(nl - text - i) : len - i;
    pw_entry e;
    if (n && text[i] != '#' && parse_line(text + i, n, &e)) {
      if (logs_passwd_name(p, e.uid)) {
        free(e.name);
      } else {
        if (p->n == p->cap) p->v = xrealloc(p->v, (p->cap = p->cap ? p->cap * 2 : 64) * sizeof *p->v);
        p->v[p->n++] = e;
        qsort(p->v, p->n, sizeof *p->v, by_uid);
        added++;
      }
    }
    i += n + 1;
  }
  return added;
}

const char *logs_passwd_name(const logs_passwd *p, uint64_t uid) {
  if (!p || !p->n) return NULL;
  pw_entry key = {uid, NULL};
  const pw_entry *e = bsearch(&key, p->v, p->n, sizeof *p->v, by_uid);
  return e ? e->name : NULL;
}
