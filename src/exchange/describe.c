/*
 * describe.c - the one sentence `shellsift exchange` and the sweep report
 * say about a build, for a person who runs one mail server and is not an
 * Exchange specialist:
 *
 *   "Exchange 2016 CU23 with the November 2022 security update (Nov22SU):
 *    19 updates behind, out of support since October 2025; not vulnerable
 *    to ProxyLogon, ProxyShell, ProxyToken or ProxyNotShell/OWASSRF;
 *    lacks the fixes for 33 CVEs."
 *
 * Everything in it comes from the assessment (builds.c); this file only
 * words it.  Names from the table (product, CU, update) may come from a
 * user's --builds file: the writers escape the sentence like any text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange/exchange.h"
#include "util/util.h"

static const char *const month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December"};

/* "2022-11" or "2022-11-08" -> "November 2022"; anything else as it is. */
static void add_month(strbuf *sb, const char *date) {
  int y, m;
  if (date && sscanf(date, "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12) sb_addf(sb, "%s %d", month_names[m - 1], y);
  else sb_adds(sb, date ? date : "");
}

/* "security update", "hotfix update" or "update rollup", by Microsoft's
 * naming of updates (Nov22SU, Apr25HU, RU32). */
static const char *update_kind(const char *name) {
  if (strstr(name, "HU")) return "hotfix update";
  if (!strncmp(name, "RU", 2)) return "update rollup";
  return "security update";
}

/* "A", "A and B", "A, B and C" (or "or" as the last joiner). */
static void add_list(strbuf *sb, const char *const *items, size_t n, const char *last) {
  for (size_t i = 0; i < n; i++) {
    if (i) sb_adds(sb, i + 1 == n ? last : ", ");
    sb_adds(sb, items[i]);
  }
}

/* What is installed: product, CU and update. */
static void add_what(strbuf *sb, const ex_assessment *a, const ex_version *v) {
  char build[32];
  exchange_version_format(v, build, sizeof build);
  sb_adds(sb, a->product);
  if (!*a->cu) {
    sb_addf(sb, " build %s, of a CU not in the table", build);
    if (a->newest_had) sb_addf(sb, " (the newest update it includes is %s)", a->newest_had);
    return;
  }
  sb_addf(sb, " %s", a->cu);
  if (a->cu_only) {
    sb_adds(sb, " (the installed update cannot be seen from outside)");
  } else if (a->update) {
    sb_adds(sb, a->cu_release ? " as released, which is also the " : " with the ");
    add_month(sb, a->update_month);
    sb_addf(sb, " %s (%s)", update_kind(a->update), a->update);
  } else if (a->cu_release) {
    sb_adds(sb, " as released, with no update installed");
  } else {
    sb_addf(sb, " build %s, which is not a build of any update in the table", build);
    if (a->newest_had) sb_addf(sb, " (the newest update it includes is %s)", a->newest_had);
  }
}

/* How far behind, and support. */
static void add_standing(strbuf *sb, const ex_assessment *a) {
  if (a->newer_than_known) {
    sb_addf(sb, "newer than every %s build in this table (its newest is %s), so later updates cannot be checked",
            a->product, a->newest_build);
  } else if (a->latest == 1) {
    sb_adds(sb, "the latest build in the table");
  } else if (a->updates_behind >= 0) {
    sb_addf(sb, "%d update%s behind (the latest is %s, %s)", a->updates_behind, a->updates_behind == 1 ? "" : "s",
            *a->newest_update ? a->newest_update : "build", a->newest_build);
  } else if (a->updates_behind_max > 0) {
    sb_addf(sb, "up to %d update%s behind (the latest is %s, %s)", a->updates_behind_max,
            a->updates_behind_max == 1 ? "" : "s", *a->newest_update ? a->newest_update : "build", a->newest_build);
  } else {
    sb_adds(sb, "possibly the latest build");
  }
  if (a->supported == 0) {
    sb_adds(sb, ", out of support since ");
    add_month(sb, a->end_of_support);
  } else if (a->supported == 1) {
    sb_adds(sb, ", supported");
  }
}

/* The exploited chains, worst first. */
static void add_chains(strbuf *sb, const ex_assessment *a) {
  const char *vuln[EX_MAX_CHAINS], *unknown[EX_MAX_CHAINS], *fixed[EX_MAX_CHAINS];
  size_t nv = 0, nu = 0, nf = 0;
  for (size_t i = 0; i < a->nchains; i++) {
    const ex_chain_verdict *c = &a->chains[i];
    if (c->status == EX_VULNERABLE) vuln[nv++] = c->title;
    else if (c->status == EX_UNKNOWN) unknown[nu++] = c->title;
    else fixed[nf++] = c->title;
  }
  if (nv) {
    sb_adds(sb, "vulnerable to ");
    add_list(sb, vuln, nv, " and ");
  }
  if (nf && !nv) {
    sb_adds(sb, "not vulnerable to ");
    add_list(sb, fixed, nf, " or ");
  }
  if (nu) {
    sb_adds(sb, nv || nf ? "; cannot tell for " : "cannot tell for ");
    add_list(sb, unknown, nu, " or ");
  }
}

char *exchange_describe(const ex_assessment *a, const ex_version *v) {
  strbuf sb = STRBUF_INIT;
  char build[32];
  exchange_version_format(v, build, sizeof build);
  if (!*a->product) {
    sb_addf(&sb, "build %s is not an Exchange build this table knows", build);
    if (a->newer_than_known) sb_adds(&sb, " (it is newer than every build in it)");
    sb_adds(&sb, "; cannot tell for ");
    const char *names[EX_MAX_CHAINS];
    for (size_t i = 0; i < a->nchains; i++) names[i] = a->chains[i].title;
    add_list(&sb, names, a->nchains, " or ");
    sb_addc(&sb, '.');
    return sb_detach(&sb);
  }
  add_what(&sb, a, v);
  sb_adds(&sb, ": ");
  add_standing(&sb, a);
  sb_adds(&sb, "; ");
  add_chains(&sb, a);
  if (a->nmissing)
    sb_addf(&sb, "; %slacks the fixes for %zu CVE%s", a->cu_only ? "even with every update for this CU it " : "",
            a->nmissing, a->nmissing == 1 ? "" : "s");
  sb_addc(&sb, '.');
  return sb_detach(&sb);
}
