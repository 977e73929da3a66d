#!/usr/bin/env bash
# End-to-end: `shellsift exchange` on install trees built here (a real PE
# with a version resource as Bin/ExSetup.exe, HttpProxy logs over an update),
# on every build of Microsoft's HealthChecker build table (needs ../shared:
# skipped with a reason without it), and against the loopback test server
# for the remote checks.
. "$(dirname "$0")/lib.sh"
FACTS=../shared/facts

bash tests/pe/make-fixtures "$TMP/pe" >/dev/null 2>&1
check "PE fixtures built (mingw-w64)" test -f "$TMP/pe/exsetup-x64.exe"

# --- a triage copy in KAPE layout (drive folder C/), names in odd case ---
ex="$TMP/kape/C/program files/MICROSOFT/Exchange Server/v15"
mkdir -p "$ex/bin" "$ex/Logging/HttpProxy/Owa" "$ex/Logging/HttpProxy/Ecp"
cp "$TMP/pe/exsetup-x64.exe" "$ex/bin/EXSETUP.EXE"
log() { # log DIR HOUR VERSION
  printf '#Software: Microsoft Exchange Server\r\n#Version: %s\r\n#Log-type: HttpProxy Logs\r\n#Date: x\r\n#Fields: DateTime,RequestId\r\n2021-03-02T12:00:00.000Z,1\r\n' "$3" > "$1/HttpProxy_$2-1.LOG"
}
for h in 2021030210 2021030211 2021030212; do log "$ex/Logging/HttpProxy/Owa" $h 15.01.2176.002; done
for h in 2021030212 2021030300 2021030301; do log "$ex/Logging/HttpProxy/Ecp" $h 15.01.2176.009; done
"$SHELLSIFT" exchange --json "$TMP/kape" >"$TMP/l.json" 2>"$TMP/l.err"
rc=$?
check "local: 2016 CU22 Nov22SU is fixed for every chain: exit 0" test "$rc" -eq 0
check "local: exact build from ExSetup.exe" python3 - "$TMP/l.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["event"] == "exchange" and r["build"] == "15.1.2375.37", r
assert r["product"] == "Exchange 2016" and r["cu"] == "CU22" and r["precision"] == "exact", r
assert r["method"] == "ExSetup.exe" and "EXSETUP.EXE" in r["evidence"], r
assert r["chains"]["proxylogon"] == "fixed" and r["chains"]["proxynotshell"] == "fixed", r
PY
check "local: the build table's answers in JSON (update, latest, updates_behind, supported, missing_cves)" python3 - "$TMP/l.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["update"] == "Nov22SU" and r["su"] == "Nov22SU (KB5019758)", r
assert r["latest"] is False and r["updates_behind"] == 19 and r["supported"] is False, r
assert r["end_of_support"] == "2025-10-14" and r["latest_build"] == "15.1.2507.66", r
assert "CVE-2023-21529" in r["missing_cves"] and "CVE-2022-41040" not in r["missing_cves"], r
assert len(r["missing_cves"]) == len(set(r["missing_cves"])) == 28, r
assert r["summary"].startswith("Exchange 2016 CU22 with the November 2022 security update (Nov22SU): "
                               "19 updates behind"), r
assert "out of support since October 2025" in r["summary"] and r["warning"] is None, r
PY
check "local: build history from HttpProxy logs" python3 - "$TMP/l.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))["history"]
assert h == [{"from": "2021-03-02T10", "to": "2021-03-02T12", "build": "15.1.2176.2"},
             {"from": "2021-03-02T12", "to": "2021-03-03T01", "build": "15.1.2176.9"}], h
PY

# --- logs only: the newest build comes from the logs ---
rm "$ex/bin/EXSETUP.EXE"
"$SHELLSIFT" exchange --json "$TMP/kape" >"$TMP/l2.json" 2>/dev/null
check "logs only: vulnerable to ProxyShell, exit 1" test $? -eq 1
check "logs only: build 15.1.2176.9 from httpproxy-log" python3 - "$TMP/l2.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["build"] == "15.1.2176.9" and r["method"] == "httpproxy-log", r
assert r["chains"]["proxylogon"] == "fixed" and r["chains"]["proxyshell"] == "vulnerable", r
PY

# --- a corrupt ExSetup.exe and no logs: no verdict, exit 2 ---
rm -r "$ex/Logging"
head -c 300 "$TMP/pe/exsetup-x64.exe" > "$ex/bin/ExSetup.exe"
"$SHELLSIFT" exchange --json "$TMP/kape" >"$TMP/l3.json" 2>/dev/null
check "corrupt ExSetup.exe: exit 2" test $? -eq 2
check "corrupt ExSetup.exe: the error says why" python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["error"] and r["precision"]=="unknown" else 1)' "$TMP/l3.json"

# --- no Exchange at all ---
mkdir -p "$TMP/empty/var/www"
"$SHELLSIFT" exchange "$TMP/empty" >"$TMP/l4.txt" 2>&1
check "no install: exit 2" test $? -eq 2
check "no install: says so" grep -q 'no Exchange installation found' "$TMP/l4.txt"

# --- a link named like the install path is not followed out of the root ---
mkdir -p "$TMP/linked/C" "$TMP/elsewhere/Microsoft/Exchange Server/V15/Bin"
cp "$TMP/pe/exsetup-x64.exe" "$TMP/elsewhere/Microsoft/Exchange Server/V15/Bin/ExSetup.exe"
ln -s "$TMP/elsewhere" "$TMP/linked/C/Program Files"
"$SHELLSIFT" exchange --json "$TMP/linked" >"$TMP/ln.json" 2>/dev/null
check "symlinked Program Files is not followed: no install found, exit 2" test $? -eq 2

# --- text and CSV ---
cp "$TMP/pe/exsetup-x86.exe" "$ex/bin/ExSetup.exe"
"$SHELLSIFT" exchange --no-color "$TMP/kape" >"$TMP/t.txt" 2>&1
check "text names product, CU and build" grep -q 'Exchange 2013 CU23 .*build 15.0.1497.44' "$TMP/t.txt"
check "text says where it stands in a sentence" grep -q '^  Exchange 2013 CU23 with the November 2022 security update (Nov22SU): 3 updates behind (the latest is Mar23SU, 15.0.1497.48), out of support since April 2023; not vulnerable to ProxyLogon, ProxyShell, ProxyToken or ProxyNotShell/OWASSRF; lacks the fixes for 4 CVEs.$' "$TMP/t.txt"
check "text lists the CVEs it lacks" grep -q 'CVE-2023-21529' "$TMP/t.txt"
"$SHELLSIFT" exchange --csv "$TMP/kape" >"$TMP/t.csv" 2>&1
check "csv: header and one row, the new columns after the old ones" python3 - "$TMP/t.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert len(rows) == 2, rows
r = dict(zip(rows[0], rows[1]))
assert rows[0][:13] == ["target", "product", "build", "cu", "su", "precision", "proxylogon", "proxyshell",
                        "proxytoken", "proxynotshell", "method", "evidence", "error"], rows[0]
assert r["update"] == "Nov22SU" and r["latest"] == "false" and r["updates_behind"] == "3", r
assert r["supported"] == "false" and r["end_of_support"] == "2023-04-11", r
assert r["missing_cves"].split(";")[0] == "CVE-2023-21762" and len(r["missing_cves"].split(";")) == 4, r
assert r["summary"].startswith("Exchange 2013 CU23 with the November 2022"), r
PY

# --- a build newer than the table: warned, never assumed ---
mkdir -p "$TMP/new/Logging/HttpProxy/Owa"
log "$TMP/new/Logging/HttpProxy/Owa" 2026060100 15.02.2562.099
"$SHELLSIFT" exchange --no-color "$TMP/new" >"$TMP/new.txt" 2>&1
check "newer than the table: a warning that the table is older" grep -q '^  warning: the build table is older than this build: its newest Exchange SE build is 15.2.2562.37' "$TMP/new.txt"
"$SHELLSIFT" exchange --json "$TMP/new" >"$TMP/new.json" 2>/dev/null
check "newer than the table: SE, latest and updates_behind unknown (null)" python3 - "$TMP/new.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["product"] == "Exchange SE" and r["cu"] == "RTM" and r["update"] is None, r
assert r["newer_than_known"] is True and r["latest"] is None and r["updates_behind"] is None, r
assert r["supported"] is True and "older than this build" in r["warning"], r
PY

# --- a user build table ---
printf 'product,cu,build,update,kb,released,cves,end_of_support\nExchange 2013,CU23,15.0.1497.2,,,2019-06-18,,\nbad,row\n' > "$TMP/builds.csv"
"$SHELLSIFT" exchange --json --builds "$TMP/builds.csv" "$TMP/kape" >"$TMP/b.json" 2>"$TMP/b.err"
check "--builds: malformed row reported with its line" grep -q 'line 3' "$TMP/b.err"
check "--builds: the user's table is the one used (nothing fixes anything in it)" python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["latest_build"]=="15.0.1497.2" and r["update"] is None and r["missing_cves"]==[] else 1)' "$TMP/b.json"
printf 'product,cu,build,released,kb,update,fixes\nExchange 2013,CU23,15.0.1497.2,2019-06-18,,RTM,\n' > "$TMP/old.csv"
"$SHELLSIFT" exchange --builds "$TMP/old.csv" "$TMP/kape" >/dev/null 2>"$TMP/old.err"
check "--builds: a table in the old format is refused, saying which column is missing" grep -q 'lacks the "update"\|lacks the "cves"' "$TMP/old.err"
"$SHELLSIFT" exchange --builds "$TMP/nope.csv" "$TMP/kape" >/dev/null 2>&1
check "--builds: missing file is an error" test $? -eq 2
"$SHELLSIFT" exchange --help | grep -q 'never sends the crafted'
check "--help says nothing intrusive is sent" test $? -eq 0

# --- remote: the loopback test server, one port per profile ---
coproc SRV { exec python3 tests/exchange/server.py --profiles owa-header,logon-path,nothing,slow --slow 5 --lifetime 60; }
declare -A port
while read -r -u "${SRV[0]}" name p; do [ "$name" = ready ] && break; port[$name]=$p; done
{
  echo "# test targets"
  echo "http://127.0.0.1:${port[owa-header]}"
  echo "http://127.0.0.1:${port[logon-path]}/"
  echo "http://127.0.0.1:${port[nothing]}"
} > "$TMP/targets.txt"
"$SHELLSIFT" exchange --json --rate 0 --targets "$TMP/targets.txt" >"$TMP/r.jsonl" 2>"$TMP/r.err"
check "remote: exit 2 (one target shows no version)" test $? -eq 2
check "remote: one JSON object per target, each right" python3 - "$TMP/r.jsonl" "${port[owa-header]}" "${port[logon-path]}" <<'PY'
import json, sys
rs = {json.loads(l)["target"].rstrip("/"): json.loads(l) for l in open(sys.argv[1])}
assert len(rs) == 3, rs
a = rs[f"http://127.0.0.1:{sys.argv[2]}"]
assert a["build"] == "15.1.2375.37" and a["precision"] == "exact" and a["method"] == "x-owa-version", a
assert a["chains"] == {"proxylogon": "fixed", "proxyshell": "fixed", "proxytoken": "fixed", "proxynotshell": "fixed"}, a
b = rs[f"http://127.0.0.1:{sys.argv[3]}"]
assert b["build"] == "15.1.2375" and b["precision"] == "cu-only" and b["chains"]["proxynotshell"] == "unknown", b
c = [r for r in rs.values() if r["precision"] == "unknown"]
assert len(c) == 1 and c[0]["build"] == "", c
PY
start=$(date +%s)
"$SHELLSIFT" exchange --json --timeout 1 "http://127.0.0.1:${port[slow]}" >"$TMP/slow.json" 2>/dev/null
check "remote: a slow server times out, exit 2" test $? -eq 2
check "remote: ...within the timeout, not the server's delay" test $(( $(date +%s) - start )) -lt 5
check "remote: the timeout is the error" grep -q 'timeout' "$TMP/slow.json"
kill "${SRV_PID:-}" 2>/dev/null # bash unsets it once the coproc is gone

# --- remote: a build of each product, by each way the probe reads one ---
coproc SRV2 { exec python3 tests/exchange/server.py --lifetime 60 --profiles \
  owa-header=15.2.2562.37,exporttool=15.2.2562.17,owa-header=15.0.1497.48,logon-path=15.0.1263,exporttool=15.1.2507.16,lowercase-header=15.2.1748.43,logon-path=15.2.1544,owa-header=14.3.513.0; }
: > "$TMP/t2.txt"
while read -r -u "${SRV2[0]}" name p; do [ "$name" = ready ] && break; echo "$name http://127.0.0.1:$p" >> "$TMP/t2.txt"; done
cut -d' ' -f2 "$TMP/t2.txt" > "$TMP/targets2.txt"
"$SHELLSIFT" exchange --json --rate 0 --targets "$TMP/targets2.txt" >"$TMP/r2.jsonl" 2>"$TMP/r2.err"
check "remote, every product: exit 1 (2013 CU15 is vulnerable)" test $? -eq 1
check "remote, every product: product, CU, exact update, latest, updates_behind, chains" python3 - "$TMP/r2.jsonl" "$TMP/t2.txt" <<'PY'
import json, sys
spec = dict(reversed(l.split()) for l in open(sys.argv[2]))
got = {spec[json.loads(l)["target"].rstrip("/")]: json.loads(l) for l in open(sys.argv[1])}
F, V, U = "fixed", "vulnerable", "unknown"
want = {  # checked by hand against Microsoft's build tables
  "owa-header=15.2.2562.37": ("x-owa-version", "Exchange SE", "RTM", "Feb26SU", True, 0, True, [F, F, F, F]),
  "exporttool=15.2.2562.17": ("exporttool", "Exchange SE", "RTM", None, False, 5, True, [F, F, F, F]),
  "owa-header=15.0.1497.48": ("x-owa-version", "Exchange 2013", "CU23", "Mar23SU", True, 0, False, [F, F, F, F]),
  "logon-path=15.0.1263": ("logon-page-path", "Exchange 2013", "CU15", None, False, None, False, [V, V, V, V]),
  "exporttool=15.1.2507.16": ("exporttool", "Exchange 2016", "CU23", "Nov22SU", False, 19, False, [F, F, F, F]),
  "lowercase-header=15.2.1748.43": ("x-owa-version", "Exchange 2019", "CU15", "Feb26SU", True, 0, False, [F, F, F, F]),
  "logon-path=15.2.1544": ("logon-page-path", "Exchange 2019", "CU14", None, False, None, False, [F, F, F, F]),
  "owa-header=14.3.513.0": ("x-owa-version", "Exchange 2010", "SP3", "RU32", True, 0, False, [F, F, F, F]),
}
assert set(got) == set(want), (set(got) ^ set(want))
for k, (method, product, cu, update, latest, behind, supported, chains) in want.items():
    r = got[k]
    have = (r["method"], r["product"], r["cu"], r["update"], r["latest"], r["updates_behind"], r["supported"],
            [r["chains"][c] for c in ("proxylogon", "proxyshell", "proxytoken", "proxynotshell")])
    assert have == want[k], (k, have, r["summary"])
    assert r["summary"].startswith(product + " " + cu), r
cu15 = got["logon-path=15.0.1263"]
assert cu15["precision"] == "cu-only" and "never received Mar21SU" in cu15["why"]["proxylogon"], cu15
assert "CVE-2021-26855" in cu15["missing_cves"], cu15
PY
kill "${SRV2_PID:-}" 2>/dev/null

# --- every build of Microsoft's HealthChecker table, against answers derived
# --- independently from its two tables (tests/exchange/table_oracle.py) ---
if [ -f "$FACTS/exchange-builds.tsv" ] && [ -f "$FACTS/exchange-update-cves.tsv" ]; then
  python3 tests/exchange/table_oracle.py "$SHELLSIFT" "$FACTS" >"$TMP/oracle.txt" 2>&1
  check "every HealthChecker build: update, latest, updates_behind, chains, missing CVEs as the rule derives" test $? -eq 0
  tail -n 1 "$TMP/oracle.txt"
  grep -v 'builds checked' "$TMP/oracle.txt" | head -n 20 >&2
  # the oracle must be able to fail: a table with one wrong build and one renamed update
  sed 's/^Exchange 2016,CU22,15.1.2375.37,Nov22SU/Exchange 2016,CU22,15.1.2375.38,Nov22SU/; s/^\(Exchange 2019,CU15,15.2.1748.43,\)Feb26SU/\1Feb26HU/' \
    rules/builds.csv > "$TMP/damaged.csv"
  python3 tests/exchange/table_oracle.py "$SHELLSIFT" "$FACTS" -- --builds "$TMP/damaged.csv" >"$TMP/oracle2.txt" 2>&1
  check "the oracle catches a damaged table" test $? -eq 1
  check "...naming the builds that changed" grep -q '^15.1.2375.37 .*update: expected Nov22SU' "$TMP/oracle2.txt"
  python3 scripts/gen-builds --check "$FACTS/exchange-builds.tsv" "$FACTS/exchange-update-cves.tsv"
  check "rules/builds.csv is what scripts/gen-builds makes of the tables" test $? -eq 0
else
  echo "SKIP: every-build check and table regeneration: $FACTS (../shared) not present"
fi

finish
