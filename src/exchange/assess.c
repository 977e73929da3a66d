/*
 * assess.c - what the build table (builds.c) says about one build:
 * product, CU, the exact update, how far behind, end of support, the CVEs
 * it lacks and a verdict per attack chain exploited in the wild.  Which
 * CVEs make up which chain is the static chains[] below (the code's
 * vocabulary); which update fixes them comes from the table's rows.
 *
 * Whether a build B has update U's fixes is HealthChecker's rule (Microsoft
 * CSS-Exchange, Test-ExchangeBuildGreaterOrEqualThanSecurityPatch): take
 * every build of U for B's product; none: the product is not affected;
 * B at or above the highest of them: fixed; otherwise fixed only if B's own
 * CU (same a.b.c) has a build of U and B is at or above it.  So a CU that
 * never received U (out of support by then) lacks it, and a build on a CU
 * the table does not know lacks every update whose builds are all higher.
 *  - A CVE is missing when an update that lists it for the product is
 *    missing; a chain is vulnerable when any of its CVEs is missing, and
 *    "fixed" (not affected) when no update of the product lists the
 *    chain's entry CVE (Exchange 2010 and ProxyLogon's CVE-2021-26855).
 *  - A three-part build (CU only, from a logon page) is its CU as released
 *    for the rule; an update the CU has but the release lacks is unknown.
 *  - The product is that of the build's CU, else of the nearest row below
 *    the build with the same major.minor (Exchange SE shares 15.2 with
 *    2019), else of the lowest row of that major.minor, else of the next
 *    minor of the same major (14.2 is Exchange 2010); otherwise unknown,
 *    and every chain unknown.
 *  - A build beyond every build of its product is "newer than known": the
 *    verdicts are what the known updates say, `latest` and `updates_behind`
 *    cannot be told, and a warning says the table is older than the build.
 *  - updates_behind counts the product's updates (by release month, then
 *    name) released after the newest update the build has; all of them if
 *    it has none.  Never computed from today's date.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exchange/table.h"
#include "util/util.h"

/* ---- chains ------------------------------------------------------------- */

typedef struct {
  const char *name, *title;
  const char *cves[4]; /* cves[0] is the pre-auth entry point */
} chain_def;

static const chain_def chains[] = {
    {"proxylogon", "ProxyLogon", {"CVE-2021-26855", "CVE-2021-26857", "CVE-2021-26858", "CVE-2021-27065"}},
    {"proxyshell", "ProxyShell", {"CVE-2021-34473", "CVE-2021-34523", "CVE-2021-31207", NULL}},
    {"proxytoken", "ProxyToken", {"CVE-2021-33766", NULL, NULL, NULL}},
    {"proxynotshell", "ProxyNotShell/OWASSRF", {"CVE-2022-41040", "CVE-2022-41082", "CVE-2022-41080", NULL}},
};
#define NCHAINS (sizeof chains / sizeof chains[0])
_Static_assert(NCHAINS <= EX_MAX_CHAINS, "too many chains for ex_assessment");

const char *exchange_chain_status_name(ex_chain_status s) {
  switch (s) {
    case EX_FIXED: return "fixed";
    case EX_VULNERABLE: return "vulnerable";
    case EX_UNKNOWN: return "unknown";
  }
  return "unknown";
}

/* ---- assessing one build ------------------------------------------------ */

/* What HealthChecker's rule says about one update: the build has it; lacks
 * it though its CU got it; lacks it because its CU never got it; or (CU
 * only) cannot tell. */
typedef enum { HAS, LACKS_ON_CU, LACKS_NO_CU, UNSEEN } update_status;

/* Keeps s (malloc'ed) until exchange_assessment_free. */
static const char *own(ex_assessment *a, char *s) {
  a->owned = xrealloc(a->owned, (a->nowned + 1) * sizeof *a->owned);
  a->owned[a->nowned++] = s;
  return s;
}

void exchange_assessment_free(ex_assessment *a) {
  if (!a) return;
  for (size_t i = 0; i < a->nowned; i++) free(a->owned[i]);
  free(a->owned);
  free(a->missing_cves);
  a->owned = NULL;
  a->nowned = 0;
  a->missing_cves = NULL;
  a->nmissing = 0;
}

/* The product of v (see the header comment), or -1. */
static int find_product(const ex_table *t, const ex_version *v) {
  int below = -1, above = -1, next_minor = -1;
  for (size_t i = 0; i < t->n; i++) {
    const ex_version *r = &t->rows[i].v;
    if (r->major != v->major) continue;
    if (same_cu(r, v)) return t->rows[i].prod; /* also for a CU-only v */
    if (r->minor == v->minor) {
      if (exchange_version_cmp(r, v) <= 0) below = (int)i;
      else if (above < 0) above = (int)i;
    } else if (r->minor > v->minor && next_minor < 0) {
      next_minor = (int)i;
    }
  }
  int i = below >= 0 ? below : above >= 0 ? above : next_minor;
  return i < 0 ? -1 : t->rows[i].prod;
}

static int has_cve(const update_def *u, const char *cve) {
  for (size_t i = 0; i < u->ncves; i++)
    if (!strcmp(u->cves[i], cve)) return 1;
  return 0;
}

/* HealthChecker's rule for update u and build v; base is v, or for a
 * CU-only v its CU as released when the table has that row.  *on_cu is
 * u's first build on v's CU, or NULL. */
static update_status status_of(const ex_table *t, const update_def *u, const ex_version *v, const ex_version *base,
                               const build_row **on_cu) {
  *on_cu = NULL;
  for (size_t i = 0; i < u->nrows && !*on_cu; i++)
    if (same_cu(&t->rows[u->rows[i]].v, v)) *on_cu = &t->rows[u->rows[i]];
  if (exchange_version_cmp(base, &t->rows[u->rows[u->nrows - 1]].v) >= 0) return HAS;
  if (*on_cu) {
    if (exchange_version_cmp(base, &(*on_cu)->v) >= 0) return HAS;
    return v->revision < 0 ? UNSEEN : LACKS_ON_CU;
  }
  return LACKS_NO_CU;
}

/* "Apr21SU (KB5001779" - the caller closes the parenthesis or not. */
static void update_name(strbuf *sb, const update_def *u) {
  sb_adds(sb, u->name);
  if (*u->kb) sb_addf(sb, " (%s", u->kb);
}

/* The verdict for chain k on product p, and its sentence. */
static void assess_chain(const ex_table *t, const product_def *p, size_t k, const ex_version *v,
                         const ex_version *base, const char *cu, ex_assessment *a) {
  const chain_def *ch = &chains[k];
  ex_chain_verdict *out = &a->chains[k];
  out->chain = ch->name;
  out->title = ch->title;
  int entry_known = 0;
  strbuf fixed = STRBUF_INIT, bad = STRBUF_INIT, unseen = STRBUF_INIT;
  size_t nfixed = 0;
  for (size_t i = 0; i < p->nupdates; i++) {
    const update_def *u = &p->updates[i];
    const char *cve = NULL;
    for (size_t c = 0; c < 4 && ch->cves[c]; c++)
      if (has_cve(u, ch->cves[c])) {
        cve = ch->cves[c];
        if (c == 0) entry_known = 1;
        break;
      }
    if (!cve) continue;
    const build_row *on_cu;
    update_status st = status_of(t, u, v, base, &on_cu);
    if (st == HAS) {
      sb_adds(&fixed, nfixed++ ? " and " : "fixed by ");
      update_name(&fixed, u);
      sb_adds(&fixed, *u->kb ? ", " : " (");
      if (on_cu && exchange_version_cmp(base, &on_cu->v) >= 0 && v->revision >= 0) sb_adds(&fixed, on_cu->build);
      else if (*cu) sb_addf(&fixed, "included in %s", cu);
      else sb_addf(&fixed, "older than this build");
      sb_addc(&fixed, ')');
    } else if (st == UNSEEN && !unseen.len) {
      sb_adds(&unseen, "only the CU is visible: whether ");
      update_name(&unseen, u);
      sb_addf(&unseen, "%s%s on this CU), which fixes %s, is installed cannot be seen", *u->kb ? ", " : " (",
              on_cu->build, cve);
    } else if ((st == LACKS_ON_CU || st == LACKS_NO_CU) && !bad.len) {
      if (st == LACKS_ON_CU) {
        sb_adds(&bad, "lacks ");
        update_name(&bad, u);
        sb_addf(&bad, "%s%s on this CU), which fixes %s", *u->kb ? ", " : " (", on_cu->build, cve);
      } else if (*cu) {
        sb_addf(&bad, "%s never received ", cu);
        update_name(&bad, u);
        sb_addf(&bad, "%s, which fixes %s: no fix exists for this out-of-support CU; a later CU is needed",
                *u->kb ? ")" : "", cve);
      } else {
        sb_adds(&bad, "this build's CU is not in the table, and no ");
        update_name(&bad, u);
        sb_addf(&bad, "%s is known for it (it fixes %s)", *u->kb ? ")" : "", cve);
      }
    }
  }
  const char *why;
  if (!entry_known) {
    out->status = EX_FIXED;
    why = own(a, xasprintf("%s is not affected: no update for it fixes %s, the chain's entry point", p->name,
                           ch->cves[0]));
  } else if (bad.len) {
    out->status = EX_VULNERABLE;
    why = own(a, sb_detach(&bad));
  } else if (unseen.len) {
    out->status = EX_UNKNOWN;
    why = own(a, sb_detach(&unseen));
  } else {
    out->status = EX_FIXED;
    why = own(a, sb_detach(&fixed));
  }
  out->why = why;
  sb_free(&fixed);
  sb_free(&bad);
  sb_free(&unseen);
}

static void today_utc(char *buf, size_t size) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(buf, size, "%Y-%m-%d", &tm);
}

static void set_unknown(ex_assessment *a, const char *why) {
  a->nchains = NCHAINS;
  for (size_t k = 0; k < NCHAINS; k++)
    a->chains[k] = (ex_chain_verdict){chains[k].name, chains[k].title, EX_UNKNOWN, why};
}

/* In order: the product (none: all unknown); its end of support; the CU
 * and whether v is exactly a CU release or an update; newer than the
 * product's newest build; then every update of the product by the rule,
 * giving the missing CVEs and the newest update v has (so latest and
 * updates_behind); then each chain; last the sentence. */
void exchange_assess(const ex_table *t, const ex_version *v, const char *today, ex_assessment *a) {
  memset(a, 0, sizeof *a);
  a->product = a->cu = a->su = a->update_kb = a->update_month = a->end_of_support = "";
  a->newest_build = a->newest_update = a->newest_month = "";
  a->latest = a->updates_behind = a->updates_behind_max = a->supported = -1;
  set_unknown(a, "not an Exchange build this table knows");
  if (!t || t->n == 0 || !v) {
    a->summary = own(a, xstrdup("no build table"));
    return;
  }
  a->cu_only = v->revision < 0;
  int pi = find_product(t, v);
  if (pi < 0) {
    if (exchange_version_cmp(v, &t->rows[t->n - 1].v) > 0) {
      const build_row *top = &t->rows[t->n - 1];
      a->newer_than_known = 1;
      a->warning = own(a, xasprintf("the build table is older than this build (its newest is %s %s, %s): "
                                    "use a newer shellsift or a newer table with --builds",
                                    top->product, *top->update ? top->update : top->cu, top->build));
    }
    a->summary = own(a, exchange_describe(a, v));
    return;
  }
  const product_def *p = &t->products[pi];
  const build_row *top = &t->rows[p->hi_row];
  a->product = p->name;
  a->end_of_support = p->eos;
  a->newest_build = top->build;
  a->newest_update = top->update;
  a->newest_month = top->released;
  char day[16];
  if (!today) {
    today_utc(day, sizeof day);
    today = day;
  }
  a->supported = !*p->eos || strcmp(today, p->eos) < 0;

  /* the CU, the CU's release row, and the exact rows */
  ex_version base = *v;
  for (size_t i = p->lo_row; i <= p->hi_row; i++) {
    const build_row *r = &t->rows[i];
    if (r->prod != pi || !same_cu(&r->v, v)) continue;
    a->cu = r->cu;
    if (!*r->update && v->revision < 0) base = r->v;
    if (v->revision >= 0 && exchange_version_cmp(&r->v, v) == 0) {
      if (!*r->update) {
        a->cu_release = 1;
      } else {
        a->update = r->update;
        a->update_kb = r->kb;
        a->update_month = r->released;
        a->su = *r->kb ? own(a, xasprintf("%s (%s)", r->update, r->kb)) : r->update;
      }
    }
  }
  a->newer_than_known = exchange_version_cmp(v, &top->v) > 0;
  if (a->newer_than_known)
    a->warning = own(a, xasprintf("the build table is older than this build: its newest %s build is %s (%s); "
                                  "updates released since cannot be checked: use a newer shellsift or a newer "
                                  "table with --builds",
                                  p->name, top->build, *top->update ? top->update : top->cu));

  /* updates: missing CVEs, and the newest update the build has */
  size_t ncves = 0;
  for (size_t i = 0; i < p->nupdates; i++) ncves += p->updates[i].ncves;
  a->missing_cves = xmalloc((ncves ? ncves : 1) * sizeof *a->missing_cves);
  int newest = -1;
  for (size_t i = 0; i < p->nupdates; i++) {
    const build_row *on_cu;
    update_status st = status_of(t, &p->updates[i], v, &base, &on_cu);
    if (st == HAS) newest = (int)i;
    if (st == LACKS_ON_CU || st == LACKS_NO_CU)
      for (size_t c = 0; c < p->updates[i].ncves; c++) a->missing_cves[a->nmissing++] = p->updates[i].cves[c];
  }
  a->nmissing = exchange_dedupe(a->missing_cves, a->nmissing);
  if (newest >= 0 && !a->update) a->newest_had = p->updates[newest].name;
  int behind = (int)p->nupdates - (newest + 1);
  if (a->newer_than_known) {
    a->latest = -1;
  } else if (!a->cu_only) {
    a->latest = exchange_version_cmp(v, &top->v) == 0;
    a->updates_behind = a->updates_behind_max = behind;
  } else {
    a->latest = same_cu(v, &top->v) ? -1 : 0;
    a->updates_behind_max = behind;
  }

  for (size_t k = 0; k < NCHAINS; k++) assess_chain(t, p, k, v, &base, a->cu, a);
  a->summary = own(a, exchange_describe(a, v));
}
