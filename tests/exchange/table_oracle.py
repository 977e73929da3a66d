#!/usr/bin/env python3
"""tests/exchange/table_oracle.py - checks `shellsift exchange` on EVERY build
of Microsoft's CSS-Exchange HealthChecker build table against answers derived
here, independently, from the two tables themselves:

  ../shared/facts/exchange-builds.tsv       every CU and update build
  ../shared/facts/exchange-update-cves.tsv  the CVEs of each update, per product

Nothing here reads rules/builds.csv or shares code with scripts/gen-builds (the
generator of the embedded table): the rule, the ordering of updates and the
chain definitions are written out again below, from the tables' own header
notes and the issue's statement of HealthChecker's rule.

For each build, a triage tree is made whose HttpProxy log carries that build
in its #Version header (as real logs do, zero-padded), and one run of
`shellsift exchange --json` reads them all.  Checked per build: product, CU,
the exact update (or null), latest, updates_behind, the verdict of each chain
and the set of missing CVEs.

usage: table_oracle.py SHELLSIFT [FACTS_DIR] [-- SHELLSIFT-OPTIONS...]
       (e.g. `-- --builds damaged.csv`: the test of this test)
exit: 0 all agree, 1 a disagreement (each printed), 77 FACTS_DIR is absent.
"""
import json
import os
import subprocess
import sys
import tempfile

PRODUCT = {"Exchange2013": "Exchange 2013", "Exchange2016": "Exchange 2016",
           "Exchange2019": "Exchange 2019", "ExchangeSE": "Exchange SE"}

# The updates that fix each exploited chain (the CVE table's header note:
# ProxyShell = Apr21SU + May21SU, ProxyToken = Jul21SU; ProxyLogon Mar21SU,
# ProxyNotShell/OWASSRF Nov22SU as the table lists their CVEs).
CHAIN_UPDATES = {
    "proxylogon": ["Mar21SU"],
    "proxyshell": ["Apr21SU", "May21SU"],
    "proxytoken": ["Jul21SU"],
    "proxynotshell": ["Nov22SU"],
}
# CVEs HealthChecker files under a later update, fixed by these (header note).
LATE_CVES = {"Apr21SU": ["CVE-2021-34473", "CVE-2021-34523"], "Jul21SU": ["CVE-2021-33766"]}


def vkey(b):
    return tuple(int(x) for x in b.split("."))


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    head = lines[0].split("\t")
    for l in lines[1:]:
        cells = l.split("\t")
        rows.append(dict(zip(head, cells + [""] * (len(head) - len(cells)))))
    return rows


class Facts:
    def __init__(self, facts_dir):
        self.rows = read_tsv(os.path.join(facts_dir, "exchange-builds.tsv"))
        self.cves = {}  # (update, product) -> set of CVEs
        for r in read_tsv(os.path.join(facts_dir, "exchange-update-cves.tsv")):
            for p in r["products"].split(","):
                self.cves.setdefault((r["update"], p), set()).add(r["cve"])
        for u, extra in LATE_CVES.items():
            for p in ("Exchange2013", "Exchange2016", "Exchange2019"):
                self.cves.setdefault((u, p), set()).update(extra)
        # builds of each update per product, and each product's updates with their month
        self.update_builds = {}
        self.updates = {}
        for r in self.rows:
            if r["update"]:
                self.update_builds.setdefault((r["update"], r["product"]), []).append(r["update_build"])
                self.updates.setdefault(r["product"], {})[r["update"]] = r["update_month"]

    def all_builds(self):
        """(product, cu, build, cu_release_date or None, update or None), each build once."""
        out = {}
        for r in self.rows:
            out.setdefault(r["cu_build"], (r["product"], r["cu"], r["cu_build"], r["cu_release_date"], None))
            if r["update"]:
                # a CU build that is also an update build (Feb19SU) is that update
                out[r["update_build"]] = (r["product"], r["cu"], r["update_build"], None, r["update"])
        return sorted(out.values(), key=lambda x: vkey(x[2]))

    def has(self, product, build, update):
        """HealthChecker's rule: None (product not affected), True, False."""
        builds = self.update_builds.get((update, product), [])
        if not builds:
            return None
        if vkey(build) >= max(vkey(b) for b in builds):
            return True
        cu = vkey(build)[:3]
        own = [vkey(b) for b in builds if vkey(b)[:3] == cu]
        return bool(own) and vkey(build) >= min(own)

    def expect(self, product, cu, build, cu_date, update):
        e = {"product": PRODUCT[product], "cu": cu, "update": update}
        everything = [vkey(r["cu_build"]) for r in self.rows if r["product"] == product] + \
                     [vkey(r["update_build"]) for r in self.rows if r["product"] == product and r["update"]]
        e["latest"] = vkey(build) == max(everything)
        # updates released after this build: an update build is placed at its
        # month and name; a CU as released after that month's updates
        ups = sorted((m, 0, n) for n, m in self.updates.get(product, {}).items())
        pos = (self.updates[product][update], 0, update) if update else (cu_date[:7], 1, "")
        e["updates_behind"] = sum(1 for u in ups if u > pos)
        chains = {}
        for ch, ups_of_chain in CHAIN_UPDATES.items():
            states = [self.has(product, build, u) for u in ups_of_chain]
            if states[0] is None:
                chains[ch] = "fixed"  # not affected
            else:
                chains[ch] = "vulnerable" if False in states else "fixed"
        e["chains"] = chains
        missing = set()
        for u in self.updates.get(product, {}):
            if self.has(product, build, u) is False:
                missing |= self.cves.get((u, product), set())
        e["missing_cves"] = sorted(missing)
        return e


def version_header(build):
    a, b, c, d = (int(x) for x in build.split("."))
    return f"{a}.{b:02d}.{c:04d}.{d:03d}"


def main(argv):
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    shellsift = argv[1]
    facts_dir = argv[2] if len(argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "facts")
    if not os.path.isfile(os.path.join(facts_dir, "exchange-builds.tsv")):
        print(f"SKIP: {facts_dir}/exchange-builds.tsv not present (a plain clone has no ../shared)")
        return 77
    facts = Facts(facts_dir)
    builds = facts.all_builds()
    with tempfile.TemporaryDirectory() as tmp:
        dirs = {}
        for i, (product, cu, build, cu_date, update) in enumerate(builds):
            d = os.path.join(tmp, f"{i:03d}")
            logdir = os.path.join(d, "Logging", "HttpProxy", "Owa")
            os.makedirs(logdir)
            with open(os.path.join(logdir, "HttpProxy_2026020100-1.LOG"), "w", newline="") as f:
                f.write("#Software: Microsoft Exchange Server\r\n#Version: %s\r\n#Log-type: HttpProxy Logs\r\n"
                        "#Date: 2026-02-01T00:00:00.000Z\r\n#Fields: DateTime,RequestId\r\n" % version_header(build))
            dirs[d] = (product, cu, build, cu_date, update)
        p = subprocess.run([shellsift, "exchange", "--json", *extra, *dirs], capture_output=True, text=True)
        if p.returncode not in (0, 1):
            print(f"shellsift exchange exited {p.returncode}: {p.stderr[:2000]}")
            return 1
        got = {}
        for line in p.stdout.splitlines():
            r = json.loads(line)
            got[r["target"]] = r
    bad = 0
    quiet = 0
    for d, (product, cu, build, cu_date, update) in dirs.items():
        e = facts.expect(product, cu, build, cu_date, update)
        r = got.get(d)
        if r is None:
            print(f"{build}: no result")
            bad += 1
            continue
        g = {"product": r["product"], "cu": r["cu"], "update": r["update"], "latest": r["latest"],
             "updates_behind": r["updates_behind"], "chains": r["chains"],
             "missing_cves": sorted(r["missing_cves"])}
        if r["build"] != build or r["precision"] != "exact":
            print(f"{build}: read as {r['build']} ({r['precision']})")
            bad += 1
        for k in e:
            if e[k] != g[k]:
                print(f"{build} ({PRODUCT[product]} {cu} {update or 'as released'}): {k}: expected {e[k]}, shellsift says {g[k]}")
                bad += 1
    print(f"{len(dirs)} builds checked against HealthChecker's tables, {bad} disagreements")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
