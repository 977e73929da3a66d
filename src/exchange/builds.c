/*
 * builds.c - the Exchange build table (rules/builds.csv, embedded) and the
 * verdict per attack chain for one build.  The table is data: each row is
 * a build of a CU (its release build "RTM", or a security update) with the
 * chain CVEs it fixes, cumulatively for that CU.  Which CVEs make up which
 * chain is the static table chains[] below: it is the code's vocabulary
 * (names, the why sentences, EX_MAX_CHAINS) and never changes, while the
 * build rows grow with every SU, so only the rows live in the CSV.
 *
 * Verdict rules (fact sheet 1.5 HealthChecker logic, 6.1-6.3 build table):
 *  - A build's product line is its major.minor (15.0 2013, 15.1 2016,
 *    15.2 2019); a line without rows whose major has a newer line in the
 *    table (14.2 before 14.3) counts as older than that line.
 *  - A chain affects a product line only if some row of the line fixes the
 *    chain's entry CVE (the pre-auth first step); otherwise it is "fixed"
 *    as not affected, as HealthChecker treats "no SU for that version".
 *    This is how Exchange 2010 comes out: RU32 fixes only CVE-2021-26857
 *    (defense in depth, 6.1), never CVE-2021-26855.
 *  - The build's CU is found by (major, minor, build) among all rows of
 *    the line (the special March SUs of 6.2 have no RTM row in the sheet).
 *    On a known CU a chain is fixed iff every chain CVE that the line ever
 *    got a fix for appears in the fixes of some row of that CU whose
 *    revision <= the build's; otherwise vulnerable, naming the update that
 *    would fix it, or saying that none exists for that CU (6.1 "older CU
 *    without special SU").
 *  - A CU older than every CU of the line: vulnerable to the chains that
 *    affect the line (an unsupported CU got no update).  A CU between two
 *    known CUs: unknown.  A build beyond the newest CU of its line, or of
 *    a line newer than every row: newer_than_known, all chains assumed
 *    fixed.  Any other build (an unknown product): unknown.
 *  - A three-part build (revision -1, CU only): fixed only if the CU's RTM
 *    row already fixes the chain, vulnerable only if no row of the CU
 *    does, else unknown, since an installed SU cannot be seen.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exchange/exchange.h"
#include "match/builtin.h"
#include "util/util.h"

#define MAX_LINE 4096  /* a longer CSV line is not a build row */
#define MAX_FIELDS 16
#define MAX_WARN 50    /* then one "suppressed" note, so junk input stays quiet */

/* ---- chains ------------------------------------------------------------- */

static const char *const chain_cves[] = {
    "CVE-2021-26855", "CVE-2021-26857", "CVE-2021-26858", "CVE-2021-27065", /* 0-3 proxylogon */
    "CVE-2021-34473", "CVE-2021-34523", "CVE-2021-31207",                   /* 4-6 proxyshell */
    "CVE-2021-33766",                                                       /* 7 proxytoken */
    "CVE-2022-41040", "CVE-2022-41082", "CVE-2022-41080",                   /* 8-10 proxynotshell + OWASSRF */
};
#define NCVES (sizeof chain_cves / sizeof chain_cves[0])
#define BIT(i) ((uint32_t)1 << (i))

typedef struct {
  const char *name;
  uint32_t cves;
  unsigned entry;            /* index of the pre-auth entry CVE */
  const char *not_affected;  /* why, when no row of the line fixes the entry CVE */
  const char *unsupported;   /* why, for a CU older than any in the table */
} chain_def;

static const chain_def chains[] = {
    {"proxylogon", BIT(0) | BIT(1) | BIT(2) | BIT(3), 0,
     "no update for this product line fixes CVE-2021-26855, the chain's entry point, so it is not affected",
     "unsupported CU with no security update for proxylogon"},
    {"proxyshell", BIT(4) | BIT(5) | BIT(6), 4,
     "no update for this product line fixes CVE-2021-34473, the chain's entry point, so it is not affected",
     "unsupported CU with no security update for proxyshell"},
    {"proxytoken", BIT(7), 7,
     "no update for this product line fixes CVE-2021-33766, so it is not affected",
     "unsupported CU with no security update for proxytoken"},
    {"proxynotshell", BIT(8) | BIT(9) | BIT(10), 8,
     "no update for this product line fixes CVE-2022-41040, the chain's entry point, so it is not affected",
     "unsupported CU with no security update for proxynotshell"},
};
#define NCHAINS (sizeof chains / sizeof chains[0])
_Static_assert(NCHAINS <= EX_MAX_CHAINS, "too many chains for ex_assessment");

/* ---- the table ---------------------------------------------------------- */

typedef struct {
  char *product, *cu, *released, *kb, *update;
  ex_version v;
  uint32_t fixes;  /* bits over chain_cves[] */
  int rtm;
  unsigned lineno;
  char *su_label;  /* "Nov22SU (KB5019758)" */
  char *fixed_by;  /* "fixed by Nov22SU (KB5019758, 15.1.2507.16)" */
  char *needs;     /* "... fixes it on this CU but this build predates it" */
} build_row;

struct ex_table {
  build_row *rows;
  size_t n, cap;
};

enum { COL_PRODUCT, COL_CU, COL_BUILD, COL_RELEASED, COL_KB, COL_UPDATE, COL_FIXES, NCOLS };
static const char *const col_names[NCOLS] = {"product", "cu", "build", "released", "kb", "update", "fixes"};

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
  free(r->released);
  free(r->kb);
  free(r->update);
  free(r->su_label);
  free(r->fixed_by);
  free(r->needs);
}

void ex_table_free(ex_table *t) {
  if (!t) return;
  for (size_t i = 0; i < t->n; i++) row_free(&t->rows[i]);
  free(t->rows);
  free(t);
}

size_t ex_table_rows(const ex_table *t) { return t ? t->n : 0; }

const char *ex_chain_status_name(ex_chain_status s) {
  switch (s) {
    case EX_FIXED: return "fixed";
    case EX_VULNERABLE: return "vulnerable";
    case EX_UNKNOWN: return "unknown";
  }
  return "unknown";
}

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

static int valid_date(const char *s) {
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  if (!all_digits(s, 4) || !all_digits(s + 5, 2) || !all_digits(s + 8, 2)) return 0;
  int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
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

/* Parses "CVE-2021-26855;CVE-2021-26857" (blanks allowed).  CVE ids of no
 * chain are valid and ignored.  Returns 0, or -1 with the bad token. */
static int parse_fixes(const char *s, uint32_t *mask, const char **bad, size_t *badlen) {
  *mask = 0;
  while (*s) {
    while (is_blank(*s) || *s == ';') s++;
    if (!*s) break;
    const char *tok = s;
    while (*s && *s != ';') s++;
    size_t n = (size_t)(s - tok);
    while (n && is_blank(tok[n - 1])) n--;
    if (n < 13 || n > 16 || memcmp(tok, "CVE-", 4) != 0 || !all_digits(tok + 4, 4) || tok[8] != '-' ||
        !all_digits(tok + 9, n - 9)) {
      *bad = tok;
      *badlen = n;
      return -1;
    }
    for (size_t i = 0; i < NCVES; i++)
      if (strlen(chain_cves[i]) == n && memcmp(chain_cves[i], tok, n) == 0) *mask |= BIT(i);
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
      warnf(c, lineno, "header row lacks the \"%s\" column (expected %s,%s,%s,%s,%s,%s,%s)", col_names[k],
            col_names[0], col_names[1], col_names[2], col_names[3], col_names[4], col_names[5], col_names[6]);
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
  const char *product = fields[colidx[COL_PRODUCT]], *cu = fields[colidx[COL_CU]];
  const char *build = fields[colidx[COL_BUILD]], *released = fields[colidx[COL_RELEASED]];
  const char *kb = fields[colidx[COL_KB]], *update = fields[colidx[COL_UPDATE]];
  ex_version v;
  uint32_t mask;
  const char *bad;
  size_t badlen;
  if (!valid_name(product)) {
    warnf(c, lineno, "missing or invalid product; row skipped");
  } else if (!valid_name(cu)) {
    warnf(c, lineno, "missing or invalid cu; row skipped");
  } else if (ex_version_parse(build, strlen(build), &v) != 0 || v.revision < 0) {
    warnf(c, lineno, "build \"%.40s\" is not a four-part version; row skipped", build);
  } else if (*released && !valid_date(released)) {
    warnf(c, lineno, "released \"%.40s\" is not a YYYY-MM-DD date; row skipped", released);
  } else if (*kb && !valid_kb(kb)) {
    warnf(c, lineno, "kb \"%.40s\" is not KB followed by digits; row skipped", kb);
  } else if (!valid_name(update)) {
    warnf(c, lineno, "missing or invalid update (RTM or an SU name); row skipped");
  } else if (parse_fixes(fields[colidx[COL_FIXES]], &mask, &bad, &badlen) != 0) {
    warnf(c, lineno, "\"%.*s\" in fixes is not a CVE id; row skipped", (int)(badlen > 40 ? 40 : badlen), bad);
  } else {
    if (t->n == t->cap) {
      t->cap = t->cap ? t->cap * 2 : 64;
      t->rows = xrealloc(t->rows, t->cap * sizeof *t->rows);
    }
    build_row *r = &t->rows[t->n++];
    memset(r, 0, sizeof *r);
    r->product = xstrdup(product);
    r->cu = xstrdup(cu);
    r->released = xstrdup(released);
    r->kb = xstrdup(kb);
    r->update = xstrdup(update);
    r->v = v;
    r->fixes = mask;
    r->rtm = strcmp(update, "RTM") == 0;
    r->lineno = lineno;
  }
}

static int row_cmp(const void *a, const void *b) {
  const build_row *x = a, *y = b;
  int c = ex_version_cmp(&x->v, &y->v);
  return c ? c : (x->lineno > y->lineno) - (x->lineno < y->lineno);
}

static int same_cu(const ex_version *a, const ex_version *b) {
  return a->major == b->major && a->minor == b->minor && a->build == b->build;
}

/* After sorting: drops a duplicate build and a row whose CU (same
 * major.minor.build) disagrees on product or cu name with the row before,
 * then renders the per-row sentences used by ex_assess. */
static void finish(ex_table *t, warn_ctx *c) {
  if (t->n > 1) qsort(t->rows, t->n, sizeof *t->rows, row_cmp);
  size_t keep = 0;
  for (size_t i = 0; i < t->n; i++) {
    build_row *r = &t->rows[i];
    if (keep > 0) {
      build_row *prev = &t->rows[keep - 1];
      char vb[48];
      ex_version_format(&r->v, vb, sizeof vb);
      if (ex_version_cmp(&prev->v, &r->v) == 0) {
        warnf(c, r->lineno, "build %s already listed on line %u; row skipped", vb, prev->lineno);
        row_free(r);
        continue;
      }
      if (same_cu(&prev->v, &r->v) && (strcmp(prev->product, r->product) || strcmp(prev->cu, r->cu))) {
        warnf(c, r->lineno, "build %s names %.64s %.64s but line %u names the same CU %.64s %.64s; row skipped", vb,
              r->product, r->cu, prev->lineno, prev->product, prev->cu);
        row_free(r);
        continue;
      }
    }
    t->rows[keep++] = *r;
  }
  t->n = keep;
  for (size_t i = 0; i < t->n; i++) {
    build_row *r = &t->rows[i];
    char vb[48];
    ex_version_format(&r->v, vb, sizeof vb);
    char *label;
    if (r->rtm) {
      label = xasprintf("%s as released (%s)", r->cu, vb);
      r->su_label = xstrdup("");
    } else {
      label = *r->kb ? xasprintf("%s (%s, %s)", r->update, r->kb, vb) : xasprintf("%s (%s)", r->update, vb);
      r->su_label = *r->kb ? xasprintf("%s (%s)", r->update, r->kb) : xstrdup(r->update);
    }
    r->fixed_by = xasprintf("fixed by %s", label);
    r->needs = xasprintf("%s fixes it on this CU but this build predates it", label);
    free(label);
  }
}

ex_table *ex_table_parse(const char *text, size_t len, const char *source, ex_warn_fn warn, void *user) {
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
  char buf[MAX_LINE + 1];
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
  if (!have_header && lineno > 0 && c.nwarn == 0) warnf(&c, lineno, "no header row");
  finish(t, &c);
  if (t->n == 0) {
    if (have_header) warnf(&c, lineno, "no usable build rows");
    else if (lineno == 0) warnf(&c, 0, "empty build table");
    ex_table_free(t);
    return NULL;
  }
  return t;
}

/* A fresh copy of the embedded table, owned by the caller (ex_table_free).
 * Its warnings are checked by tests/unit/test_builds.c, so none are shown. */
ex_table *ex_table_builtin(void) {
  return ex_table_parse(ss_builtin_builds, strlen(ss_builtin_builds), "builtin:builds.csv", NULL, NULL);
}

/* ---- verdicts ----------------------------------------------------------- */

static void set_all(ex_assessment *out, ex_chain_status s, const char *why) {
  for (size_t i = 0; i < NCHAINS; i++) {
    out->chains[i].status = s;
    out->chains[i].why = why;
  }
}

/* The rows [*lo, *hi) of v's product line.  *older is set when v's own
 * major.minor has no rows and the line used is a newer minor of the same
 * major (v predates everything known of that product).  Returns 0 if no
 * line fits. */
static int find_line(const ex_table *t, const ex_version *v, size_t *lo, size_t *hi, int *older) {
  int minor = -1;
  *older = 0;
  for (size_t i = 0; i < t->n; i++) {
    const ex_version *r = &t->rows[i].v;
    if (r->major != v->major || r->minor < v->minor) continue;
    if (minor < 0 || r->minor < minor) minor = r->minor;
  }
  if (minor < 0) return 0;
  *older = minor != v->minor;
  size_t i = 0;
  while (t->rows[i].v.major != v->major || t->rows[i].v.minor != minor) i++;
  *lo = i;
  while (i < t->n && t->rows[i].v.major == v->major && t->rows[i].v.minor == minor) i++;
  *hi = i;
  return 1;
}

/* The verdict for one chain on a known CU, rows [lo, hi). */
static void on_cu(const ex_table *t, size_t lo, size_t hi, const ex_version *v, uint32_t need,
                  ex_chain_verdict *out) {
  uint32_t have = 0, rtm = 0;
  const build_row *done_at = NULL, *fixed_at = NULL;
  for (size_t i = lo; i < hi; i++) {
    const build_row *r = &t->rows[i];
    have |= r->fixes;
    if (r->rtm) rtm |= r->fixes;
    if (!fixed_at && (have & need) == need) fixed_at = r;
    if (v->revision >= 0 && r->v.revision <= v->revision && (have & need) == need && !done_at) done_at = r;
  }
  if (v->revision < 0) {
    if ((rtm & need) == need) {
      out->status = EX_FIXED;
      out->why = fixed_at->fixed_by;
    } else if (!fixed_at) {
      out->status = EX_VULNERABLE;
      out->why = "no update in the table fixes this chain on this CU";
    } else {
      out->status = EX_UNKNOWN;
      out->why = "only the CU is visible; an installed security update cannot be seen";
    }
    return;
  }
  if (done_at) {
    out->status = EX_FIXED;
    out->why = done_at->fixed_by;
  } else {
    out->status = EX_VULNERABLE;
    out->why = fixed_at ? fixed_at->needs : "no update in the table fixes this chain on this CU";
  }
}

void ex_assess(const ex_table *t, const ex_version *v, ex_assessment *out) {
  memset(out, 0, sizeof *out);
  out->product = out->cu = out->su = "";
  out->nchains = NCHAINS;
  for (size_t i = 0; i < NCHAINS; i++) out->chains[i].chain = chains[i].name;
  set_all(out, EX_UNKNOWN, "not an Exchange build known to this table");
  if (!t || t->n == 0 || !v) return;

  size_t lo, hi;
  int older;
  if (!find_line(t, v, &lo, &hi, &older)) {
    if (ex_version_cmp(v, &t->rows[t->n - 1].v) > 0) {
      out->newer_than_known = 1;
      set_all(out, EX_FIXED, "newer than the builds known to this table; assumed fixed");
    }
    return;
  }
  /* The product is named by the nearest row at or below v in the line. */
  out->product = t->rows[lo].product;
  for (size_t i = lo; i < hi && ex_version_cmp(&t->rows[i].v, v) <= 0; i++) out->product = t->rows[i].product;

  if (!older && v->build > t->rows[hi - 1].v.build) {
    out->newer_than_known = 1;
    set_all(out, EX_FIXED, "newer than the builds known to this table; assumed fixed");
    return;
  }
  if (v->build < t->rows[lo].v.build) older = 1;

  size_t cu_lo = hi, cu_hi = hi;
  if (!older) {
    for (size_t i = lo; i < hi; i++) {
      if (t->rows[i].v.build != v->build) continue;
      if (cu_lo == hi) cu_lo = i;
      cu_hi = i + 1;
    }
  }
  if (cu_lo < cu_hi) {
    out->cu = t->rows[cu_lo].cu;
    if (v->revision >= 0)
      for (size_t i = cu_lo; i < cu_hi && t->rows[i].v.revision <= v->revision; i++)
        if (!t->rows[i].rtm) out->su = t->rows[i].su_label;
  }

  uint32_t line_fixes = 0;
  for (size_t i = lo; i < hi; i++) line_fixes |= t->rows[i].fixes;
  for (size_t k = 0; k < NCHAINS; k++) {
    ex_chain_verdict *cv = &out->chains[k];
    uint32_t need = chains[k].cves & line_fixes;
    if (!(line_fixes & BIT(chains[k].entry))) {
      cv->status = EX_FIXED;
      cv->why = chains[k].not_affected;
    } else if (older) {
      cv->status = EX_VULNERABLE;
      cv->why = chains[k].unsupported;
    } else if (cu_lo == cu_hi) {
      cv->status = EX_UNKNOWN;
      cv->why = "this CU is not in the build table";
    } else {
      on_cu(t, cu_lo, cu_hi, v, need, cv);
    }
  }
}
