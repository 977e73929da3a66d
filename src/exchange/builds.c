/*
 * builds.c - the Exchange build table: rules/builds.csv (embedded; written
 * by scripts/gen-builds) or a user's --builds file, parsed and checked row
 * by row, then indexed per product: each product's rows, its end of
 * support, and its updates in release order (month, then name) with their
 * builds and the CVEs they fix.  What the table says about one build is
 * assess.c's job.
 *
 * A row is a build: either a CU as released (update empty) or a security
 * or hotfix update of a CU, with the CVEs that update fixes on that
 * product.  Rows are checked one by one (a bad row is a warning naming its
 * line, and is skipped); then a repeated build, a second update on one
 * build, and a CU whose rows disagree on product or CU name are warned
 * about and dropped.  A build may be both a CU as released and an update
 * (Feb19SU); an update may have two builds on one CU (2016 CU8 Mar21SU).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exchange/table.h"
#include "match/builtin.h"
#include "util/util.h"

#define MAX_LINE 8192  /* a longer CSV line is not a build row */
#define MAX_FIELDS 16
#define MAX_WARN 50    /* then one "suppressed" note, so junk input stays quiet */
#define MAX_CVES 256   /* per row */

enum { COL_PRODUCT, COL_CU, COL_BUILD, COL_UPDATE, COL_KB, COL_RELEASED, COL_CVES, COL_EOS, NCOLS };
static const char *const col_names[NCOLS] = {"product", "cu",       "build", "update",
                                              "kb",      "released", "cves",  "end_of_support"};

typedef struct {
  const char *source;
  ex_warn_fn warn;
  void *user;
  unsigned nwarn;
} warn_ctx;

static void warnf(warn_ctx *c, unsigned line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void warnf(warn_ctx *c, unsigned line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  util_capped_warn(c->warn, c->user, c->source, &c->nwarn, MAX_WARN, line, fmt, ap);
  va_end(ap);
}

static void row_free(build_row *r) {
  free(r->product);
  free(r->cu);
  free(r->update);
  free(r->kb);
  free(r->released);
  free(r->eos);
  free(r->cves_text);
  free(r->cves);
  free(r->build);
}

void exchange_table_free(ex_table *t) {
  if (!t) return;
  for (size_t i = 0; i < t->n; i++) row_free(&t->rows[i]);
  free(t->rows);
  for (size_t p = 0; p < t->nproducts; p++) {
    for (size_t u = 0; u < t->products[p].nupdates; u++) {
      free(t->products[p].updates[u].rows);
      free(t->products[p].updates[u].cves);
    }
    free(t->products[p].updates);
  }
  free(t);
}

size_t exchange_table_rows(const ex_table *t) { return t ? t->n : 0; }

/* ---- CSV ---------------------------------------------------------------- */

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Splits one line (no newline) into fields, RFC 4180 style: a field may be
 * quoted, with "" for a quote inside; quoted fields do not span lines.
 * Unquoted fields are trimmed.  Field text is written into out (at least
 * len + 1 bytes), each NUL-terminated.  Returns the field count, or -1
 * with *err set. */
static int split_fields(const char *s, size_t len, char *out, char **fields, const char **err) {
  size_t i = 0, o = 0;
  int nf = 0;
  for (;;) {
    if (nf == MAX_FIELDS) {
      *err = "too many fields";
      return -1;
    }
    while (i < len && is_blank(s[i])) i++;
    fields[nf++] = out + o;
    if (i < len && s[i] == '"') {
      i++;
      for (;;) {
        if (i == len) {
          *err = "unterminated quoted field";
          return -1;
        }
        if (s[i] == '"') {
          if (i + 1 < len && s[i + 1] == '"') {
            out[o++] = '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        out[o++] = s[i++];
      }
      while (i < len && is_blank(s[i])) i++;
      if (i < len && s[i] != ',') {
        *err = "text after a closing quote";
        return -1;
      }
    } else {
      size_t start = o;
      while (i < len && s[i] != ',') {
        if (s[i] == '"') {
          *err = "quote inside an unquoted field";
          return -1;
        }
        out[o++] = s[i++];
      }
      while (o > start && is_blank(out[o - 1])) o--;
    }
    out[o++] = '\0';
    if (i == len) return nf;
    i++; /* the comma */
  }
}

static int all_digits(const char *s, size_t n) {
  if (n == 0) return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

/* "YYYY-MM" (months_ok) or "YYYY-MM-DD"; returns YYYYMM, or 0 if invalid. */
static int parse_date(const char *s, int months_ok) {
  size_t n = strlen(s);
  if (!(n == 10 || (months_ok && n == 7)) || s[4] != '-' || !all_digits(s, 4) || !all_digits(s + 5, 2)) return 0;
  int y = atoi(s), m = (s[5] - '0') * 10 + (s[6] - '0');
  if (y < 1990 || m < 1 || m > 12) return 0;
  if (n == 10) {
    if (s[7] != '-' || !all_digits(s + 8, 2)) return 0;
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (d < 1 || d > 31) return 0;
  }
  return y * 100 + m;
}

static int valid_kb(const char *s) {
  size_t n = strlen(s);
  return n >= 3 && n <= 11 && s[0] == 'K' && s[1] == 'B' && all_digits(s + 2, n - 2);
}

/* A printable name of sane length (product, cu, update). */
static int valid_name(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > 64) return 0;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f) return 0;
  return 1;
}

/* CVE-YYYY-NNNN (4 to 7 digits) or a Microsoft advisory ADVnnnnnn. */
static int valid_cve(const char *s, size_t n) {
  if (n >= 13 && n <= 16 && memcmp(s, "CVE-", 4) == 0 && all_digits(s + 4, 4) && s[8] == '-')
    return all_digits(s + 9, n - 9);
  return n == 9 && memcmp(s, "ADV", 3) == 0 && all_digits(s + 3, 6);
}

/* Splits "CVE-2021-26855; CVE-2021-26857" in place into r->cves.  Returns 0,
 * or -1 with the bad token (or *badlen 0: too many). */
static int parse_cves(build_row *r, const char **bad, size_t *badlen) {
  char *s = r->cves_text;
  while (*s) {
    while (is_blank(*s) || *s == ';') s++;
    if (!*s) break;
    char *tok = s;
    while (*s && *s != ';') s++;
    size_t n = (size_t)(s - tok);
    while (n && is_blank(tok[n - 1])) n--;
    if (!valid_cve(tok, n)) {
      *bad = tok;
      *badlen = n;
      return -1;
    }
    if (r->ncves == MAX_CVES) {
      *badlen = 0;
      return -1;
    }
    int more = *s == ';';
    tok[n] = '\0';
    if (more) s++;
    r->cves = xrealloc(r->cves, (r->ncves + 1) * sizeof *r->cves);
    r->cves[r->ncves++] = tok;
  }
  return 0;
}

/* Header: the first non-comment line.  Columns are found by name, in any
 * order; extra columns are ignored.  Returns 0 or -1 (warned). */
static int parse_header(warn_ctx *c, unsigned lineno, char **fields, int nf, int *colidx) {
  for (int k = 0; k < NCOLS; k++) colidx[k] = -1;
  for (int f = 0; f < nf; f++)
    for (int k = 0; k < NCOLS; k++)
      if (strcasecmp(fields[f], col_names[k]) == 0 && colidx[k] < 0) colidx[k] = f;
  for (int k = 0; k < NCOLS; k++) {
    if (colidx[k] < 0) {
      warnf(c, lineno, "header row lacks the \"%s\" column (expected %s,%s,%s,%s,%s,%s,%s,%s)", col_names[k],
            col_names[0], col_names[1], col_names[2], col_names[3], col_names[4], col_names[5], col_names[6],
            col_names[7]);
      return -1;
    }
  }
  return 0;
}

/* Validates one data row; on success appends it to t. */
static void parse_row(ex_table *t, warn_ctx *c, unsigned lineno, char **fields, int nf, int ncols,
                      const int *colidx) {
  if (nf != ncols) {
    warnf(c, lineno, "expected %d fields as in the header, found %d; row skipped", ncols, nf);
    return;
  }
  const char *f[NCOLS];
  for (int k = 0; k < NCOLS; k++) f[k] = fields[colidx[k]];
  ex_version v;
  int is_update = *f[COL_UPDATE] != '\0';
  if (!valid_name(f[COL_PRODUCT])) {
    warnf(c, lineno, "missing or invalid product; row skipped");
  } else if (!valid_name(f[COL_CU])) {
    warnf(c, lineno, "missing or invalid cu; row skipped");
  } else if (exchange_version_parse(f[COL_BUILD], strlen(f[COL_BUILD]), &v) != 0 || v.revision < 0) {
    warnf(c, lineno, "build \"%.40s\" is not a four-part version; row skipped", f[COL_BUILD]);
  } else if (is_update && !valid_name(f[COL_UPDATE])) {
    warnf(c, lineno, "invalid update name; row skipped");
  } else if (*f[COL_KB] && !valid_kb(f[COL_KB])) {
    warnf(c, lineno, "kb \"%.40s\" is not KB followed by digits; row skipped", f[COL_KB]);
  } else if (is_update ? !parse_date(f[COL_RELEASED], 1)
                       : (*f[COL_RELEASED] && !parse_date(f[COL_RELEASED], 1))) {
    warnf(c, lineno, "released \"%.40s\" is not a YYYY-MM or YYYY-MM-DD date%s; row skipped", f[COL_RELEASED],
          is_update ? " (required for an update)" : "");
  } else if (*f[COL_EOS] && !parse_date(f[COL_EOS], 0)) {
    warnf(c, lineno, "end_of_support \"%.40s\" is not a YYYY-MM-DD date; row skipped", f[COL_EOS]);
  } else if (!is_update && *f[COL_CVES]) {
    warnf(c, lineno, "cves on a row without an update (a CU as released fixes nothing by itself); row skipped");
  } else {
    build_row r = {0};
    r.cves_text = xstrdup(f[COL_CVES]);
    const char *bad = NULL;
    size_t badlen = 0;
    if (parse_cves(&r, &bad, &badlen) != 0) {
      if (badlen || bad)
        warnf(c, lineno, "\"%.*s\" in cves is not a CVE or ADV id; row skipped", (int)(badlen > 40 ? 40 : badlen),
              bad);
      else
        warnf(c, lineno, "more than %d cves; row skipped", MAX_CVES);
      row_free(&r);
      return;
    }
    r.product = xstrdup(f[COL_PRODUCT]);
    r.cu = xstrdup(f[COL_CU]);
    r.update = xstrdup(f[COL_UPDATE]);
    r.kb = xstrdup(f[COL_KB]);
    r.released = xstrdup(f[COL_RELEASED]);
    r.eos = xstrdup(f[COL_EOS]);
    r.v = v;
    r.lineno = lineno;
    char vb[32];
    exchange_version_format(&v, vb, sizeof vb);
    r.build = xstrdup(vb);
    if (t->n == t->cap) {
      t->cap = t->cap ? t->cap * 2 : 256;
      t->rows = xrealloc(t->rows, t->cap * sizeof *t->rows);
    }
    t->rows[t->n++] = r;
  }
}

/* ---- building the per-product indexes ---------------------------------- */

static int row_cmp(const void *a, const void *b) {
  const build_row *x = a, *y = b;
  int c = exchange_version_cmp(&x->v, &y->v);
  if (!c) c = (*x->update != '\0') - (*y->update != '\0');
  return c ? c : (x->lineno > y->lineno) - (x->lineno < y->lineno);
}

/* An update row as sorted for grouping: (product, update name, build). */
typedef struct {
  int prod;
  const char *update;
  ex_version v;
  size_t row;
} update_key;

static int update_key_cmp(const void *a, const void *b) {
  const update_key *x = a, *y = b;
  if (x->prod != y->prod) return x->prod < y->prod ? -1 : 1;
  int c = strcmp(x->update, y->update);
  return c ? c : exchange_version_cmp(&x->v, &y->v);
}

static int update_order_cmp(const void *a, const void *b) {
  const update_def *x = a, *y = b;
  if (x->monthnum != y->monthnum) return x->monthnum < y->monthnum ? -1 : 1;
  return strcmp(x->name, y->name);
}

typedef struct {
  const char *s;
  size_t pos;
} cve_ref;

static int cve_ref_cmp(const void *a, const void *b) {
  const cve_ref *x = a, *y = b;
  int c = strcmp(x->s, y->s);
  return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

static int cve_pos_cmp(const void *a, const void *b) {
  const cve_ref *x = a, *y = b;
  return (x->pos > y->pos) - (x->pos < y->pos);
}

/* O(n log n): a table may list thousands of CVEs. */
size_t exchange_dedupe(const char **list, size_t n) {
  if (n < 2) return n;
  cve_ref *refs = xmalloc(n * sizeof *refs);
  for (size_t i = 0; i < n; i++) refs[i] = (cve_ref){list[i], i};
  qsort(refs, n, sizeof *refs, cve_ref_cmp);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (k == 0 || strcmp(refs[k - 1].s, refs[i].s) != 0) refs[k++] = refs[i];
  qsort(refs, k, sizeof *refs, cve_pos_cmp);
  for (size_t i = 0; i < k; i++) list[i] = refs[i].s;
  free(refs);
  return k;
}

/* Groups the update rows of each product into update_defs in release
 * order.  Rows of one update should agree on the month: the first (lowest
 * build) wins and a disagreement is a warning. */
static void index_updates(ex_table *t, warn_ctx *c) {
  update_key *idx = xmalloc((t->n ? t->n : 1) * sizeof *idx);
  size_t m = 0;
  for (size_t i = 0; i < t->n; i++)
    if (*t->rows[i].update) idx[m++] = (update_key){t->rows[i].prod, t->rows[i].update, t->rows[i].v, i};
  qsort(idx, m, sizeof *idx, update_key_cmp);
  for (size_t i = 0; i < m;) {
    size_t j = i;
    const build_row *first = &t->rows[idx[i].row];
    while (j < m && idx[j].prod == first->prod && !strcmp(idx[j].update, first->update)) j++;
    product_def *p = &t->products[first->prod];
    p->updates = xrealloc(p->updates, (p->nupdates + 1) * sizeof *p->updates);
    update_def *u = &p->updates[p->nupdates++];
    memset(u, 0, sizeof *u);
    u->name = first->update;
    u->kb = "";
    u->monthnum = parse_date(first->released, 1);
    u->rows = xmalloc((j - i) * sizeof *u->rows);
    size_t ncves = 0;
    for (size_t k = i; k < j; k++) {
      const build_row *r = &t->rows[idx[k].row];
      u->rows[u->nrows++] = idx[k].row;
      ncves += r->ncves;
      if (!*u->kb && *r->kb) u->kb = r->kb;
      if (parse_date(r->released, 1) != u->monthnum)
        warnf(c, r->lineno, "%s %s released \"%.20s\" but line %u says \"%.20s\"; the first is used", r->product,
              r->update, r->released, first->lineno, first->released);
    }
    u->cves = xmalloc((ncves ? ncves : 1) * sizeof *u->cves);
    for (size_t k = i; k < j; k++) {
      const build_row *r = &t->rows[idx[k].row];
      for (size_t q = 0; q < r->ncves; q++) u->cves[u->ncves++] = r->cves[q];
    }
    u->ncves = exchange_dedupe(u->cves, u->ncves);
    i = j;
  }
  free(idx);
  for (size_t p = 0; p < t->nproducts; p++) {
    product_def *pd = &t->products[p];
    if (pd->nupdates > 1) qsort(pd->updates, pd->nupdates, sizeof *pd->updates, update_order_cmp);
    for (size_t u = 0; u < pd->nupdates; u++) {
      /* the month as text, from the first row: "2022-11" */
      const build_row *r = &t->rows[pd->updates[u].rows[0]];
      pd->updates[u].month = r->released;
    }
  }
}

/* After sorting: drops a repeated build, a second update on one build, and
 * a row whose CU (same a.b.c) disagrees with the row before on product or
 * cu name; assigns products; then indexes the updates.  Rows are moved,
 * their strings are not, so products may point into them. */
static void finish(ex_table *t, warn_ctx *c) {
  if (t->n > 1) qsort(t->rows, t->n, sizeof *t->rows, row_cmp);
  size_t keep = 0;
  for (size_t i = 0; i < t->n; i++) {
    build_row *r = &t->rows[i];
    const build_row *prev = keep ? &t->rows[keep - 1] : NULL;
    const char *skip = NULL;
    if (prev && same_cu(&prev->v, &r->v) && (strcmp(prev->product, r->product) || strcmp(prev->cu, r->cu)))
      skip = "names another product or CU than the same CU";
    else if (prev && exchange_version_cmp(&prev->v, &r->v) == 0 && !strcmp(prev->update, r->update))
      skip = "is already listed";
    else if (prev && exchange_version_cmp(&prev->v, &r->v) == 0 && *prev->update)
      skip = "is already another update";
    size_t prod = 0;
    while (!skip && prod < t->nproducts && strcmp(t->products[prod].name, r->product)) prod++;
    if (skip) {
      warnf(c, r->lineno, "build %s %s on line %u; row skipped", r->build, skip, prev->lineno);
    } else if (prod == MAX_PRODUCTS) {
      warnf(c, r->lineno, "more than %d products; row skipped", MAX_PRODUCTS);
      skip = "";
    }
    if (skip) {
      row_free(r);
      continue;
    }
    product_def *pd = &t->products[prod];
    if (prod == t->nproducts) {
      t->nproducts++;
      *pd = (product_def){.name = r->product, .eos = r->eos, .lo_row = keep};
    } else if (*r->eos && !*pd->eos) {
      pd->eos = r->eos;
    } else if (*r->eos && strcmp(r->eos, pd->eos)) {
      warnf(c, r->lineno, "end_of_support %s differs from %s given before for %.64s; the first is used", r->eos,
            pd->eos, r->product);
    }
    r->prod = (int)prod;
    pd->hi_row = keep;
    t->rows[keep++] = *r;
  }
  t->n = keep;
  index_updates(t, c);
}

ex_table *exchange_table_parse(const char *text, size_t len, const char *source, ex_warn_fn warn, void *user) {
  warn_ctx c = {source ? source : "builds.csv", warn, user, 0};
  if (!text) {
    text = "";
    len = 0;
  }
  while (len && text[len - 1] == '\0') len--; /* embedded blobs end in NUL */
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    text += 3;
    len -= 3;
  }

  ex_table *t = xcalloc(1, sizeof *t);
  char *buf = xmalloc(MAX_LINE + 1);
  char *fields[MAX_FIELDS];
  int colidx[NCOLS], ncols = 0, have_header = 0;
  const char *p = text, *end = text + len;
  unsigned lineno = 0;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *stop = nl ? nl : end;
    const char *s = p;
    p = nl ? nl + 1 : end;
    lineno++;
    size_t n = (size_t)(stop - s);
    if (n && s[n - 1] == '\r') n--;
    if (n > MAX_LINE) {
      warnf(&c, lineno, "line longer than %u bytes, skipped", MAX_LINE);
      continue;
    }
    if (memchr(s, '\0', n)) {
      warnf(&c, lineno, "line contains a NUL byte, skipped");
      continue;
    }
    while (n && is_blank(*s)) {
      s++;
      n--;
    }
    while (n && is_blank(s[n - 1])) n--;
    if (n == 0 || *s == '#') continue;
    const char *err = NULL;
    int nf = split_fields(s, n, buf, fields, &err);
    if (nf < 0) {
      warnf(&c, lineno, "%s; %s skipped", err, have_header ? "row" : "header");
      if (!have_header) break;
      continue;
    }
    if (!have_header) {
      if (parse_header(&c, lineno, fields, nf, colidx) != 0) break;
      have_header = 1;
      ncols = nf;
      continue;
    }
    parse_row(t, &c, lineno, fields, nf, ncols, colidx);
  }
  free(buf);
  if (!have_header && lineno > 0 && c.nwarn == 0) warnf(&c, lineno, "no header row");
  finish(t, &c);
  if (t->n == 0) {
    if (have_header) warnf(&c, lineno, "no usable build rows");
    else if (lineno == 0) warnf(&c, 0, "empty build table");
    exchange_table_free(t);
    return NULL;
  }
  return t;
}

/* A fresh copy of the embedded table, owned by the caller.  Its warnings
 * are checked by tests/unit/test_builds.c, so none are shown here. */
ex_table *exchange_table_builtin(void) {
  return exchange_table_parse(ss_builtin_builds, strlen(ss_builtin_builds), "builtin:builds.csv", NULL, NULL);
}
