#!/usr/bin/env bash
# test_sweep.sh - `shellsift sweep`, `diff` and `report` end to end on the
# synthetic Exchange servers of tests/sweep/make-tree: the compromised one
# (verdict, every planted item, Exchange build, ECS records, case file,
# HTML report in headless Chromium, unchanged re-sweep, diff, report),
# its clean twin in a KAPE layout, and the twin without logs.
# The block marked LOGS needs the real ss_logs_* implementation (src/logs).
source "$(dirname "$0")/lib.sh"
ART=${SWEEP_ARTEFACTS:-build/test-artefacts}
mkdir -p "$ART"
T=$TMP/trees
if ! python3 tests/sweep/make-tree "$T" >"$TMP/make-tree.log" 2>&1; then
  fail "tests/sweep/make-tree failed: $(tail -n 3 "$TMP/make-tree.log")"
  finish
  exit
fi
C=$T/compromised

# q FILE PYTHON-EXPR: evaluates an expression over the JSON Lines in FILE
# (L: all records, S: the summary, F: file/artefact findings, LF: log
# findings, I: incidents); passes when it is true.
q() {
  python3 - "$1" "$2" <<'PY'
import json, sys
L = [json.loads(x) for x in open(sys.argv[1], encoding="utf-8")]
S = [r for r in L if r.get("event") == "summary"][-1]
rec = lambda r: r.get("shellsift", {}).get("record")
F = [r for r in L if rec(r) in ("file", "artefact")]
LF = [r for r in L if rec(r) == "log-finding"]
I = [r for r in L if rec(r) == "incident"]
W = [r for r in L if rec(r) == "warning"]
def has(path_end, record=None, rule=None, sev=None):
    return any(f["file"]["path"].endswith(path_end) and (record is None or rec(f) == record)
               and (rule is None or rule in f["shellsift"]["rules"])
               and (sev is None or f["shellsift"]["severity"] == sev) for f in F)
ok = eval(sys.argv[2])
if not ok:
    print("q failed:", sys.argv[2], "| summary:", {k: S.get(k) for k in ("verdict", "files", "skipped", "findings")},
          [(f["file"]["path"][-40:], rec(f)) for f in F], file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}
# sql DB QUERY EXPECTED: the first column of the first row equals EXPECTED.
sql() {
  local got
  got=$(python3 -c 'import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone(); print(r[0] if r else "")' "$1" "$2")
  [ "$got" = "$3" ] || { echo "sql: $2 -> '$got', expected '$3'" >&2; return 1; }
}

# ---- the compromised server ----
"$SHELLSIFT" sweep "$C" --case "$TMP/case.db" --report "$TMP/report.html" --json -q >"$TMP/c.jsonl" 2>"$TMP/c.err"
rc=$?
check "compromised: exit status 1" [ $rc -eq 1 ]
check "compromised: every line is a JSON object" jsonl "$TMP/c.jsonl" valid
check "compromised: verdict" q "$TMP/c.jsonl" 'S["verdict"] == "compromised" and S["complete"] is True'
check "compromised: chopper shell in aspnet_client" q "$TMP/c.jsonl" 'has("aspnet_client/discover.aspx", "file", sev="critical")'
check "compromised: OAB-dump shell in owa/auth" q "$TMP/c.jsonl" 'has("owa/auth/RedirSuiteServerProxy.aspx", "file", sev="critical")'
check "compromised: LSASS minidump" q "$TMP/c.jsonl" 'has("Windows/Temp/lsass.dmp", "artefact", "shellsift.sweep.lsass_dump")'
check "compromised: archive staged in ProgramData" q "$TMP/c.jsonl" 'has("ProgramData/it.zip", "artefact", "shellsift.sweep.archive_staged")'
check "compromised: hostile page name reported" q "$TMP/c.jsonl" 'has("<img src=x onerror=alert(1)>.aspx")'
check "compromised: nothing flagged on the benign pages" q "$TMP/c.jsonl" 'not has("logon.aspx") and not has("TimeoutLogoff.aspx") and not has("iisstart.htm")'
check "compromised: ECS fields" q "$TMP/c.jsonl" 'all(f["ecs"]["version"] and f["event"]["kind"] == "alert" and f["file"]["hash"]["sha256"] and f["rule"]["name"] and f["@timestamp"] for f in F)'
check "compromised: vulnerable Exchange build" q "$TMP/c.jsonl" 'S["exchange"]["build"] == "15.1.2176.2" and any(c["name"] == "proxylogon" and c["status"] == "vulnerable" for c in S["exchange"]["chains"])'
check "compromised: the build's sentence in the summary" q "$TMP/c.jsonl" 'S["exchange"]["update"] == "" and S["exchange"]["summary"].startswith("Exchange 2016 CU19 as released, with no update installed: 32 updates behind")'
check "compromised: HttpProxy logs found" q "$TMP/c.jsonl" 'any(c["item"] == "HttpProxy logs" and c["status"] == "found" for c in S["coverage"])'
check "compromised: verdict reasons name the rules" q "$TMP/c.jsonl" 'any(r.startswith("C1:") for r in S["reasons"]) and any(r.startswith("C2:") for r in S["reasons"])'
check "compromised: next steps" q "$TMP/c.jsonl" 'any("password" in s for s in S["next_steps"]) and any("Security Update" in s for s in S["next_steps"])'

# ---- the case file ----
check "case: schema version" sql "$TMP/case.db" "PRAGMA user_version" 5
# incident numbers are the same everywhere: each log finding an incident
# groups carries that incident's number, and the incident record lists them
check "case: every log finding grouped into an incident knows its number" \
  sql "$TMP/case.db" "SELECT count(*) FROM log_findings l WHERE sweep=1 AND (incident IS NULL OR incident NOT IN (SELECT id FROM incidents WHERE sweep=1))" 0
check "case: an incident's findings are those that name it" \
  sql "$TMP/case.db" "SELECT count(*) FROM incidents i WHERE sweep=1 AND nfindings != (SELECT count(*) FROM log_findings l WHERE l.sweep=1 AND l.incident=i.id)" 0
check "JSON: each incident lists its findings' ids" q "$TMP/c.jsonl" 'all(len(i["shellsift"]["finding_ids"]) == i["shellsift"]["findings"] for i in I) and sorted(x for i in I for x in i["shellsift"]["finding_ids"]) == sorted(f["shellsift"]["id"] for f in LF)' 
check "case: one row per file seen" q "$TMP/c.jsonl" "S['files'] == $(find "$C" -type f | wc -l)"
check "case: files table matches" sql "$TMP/case.db" "SELECT count(*) FROM files_seen WHERE sweep=1" "$(find "$C" -type f | wc -l)"
check "case: sha256 of every file read" sql "$TMP/case.db" "SELECT count(*) FROM files_seen WHERE sweep=1 AND length(sha256)!=64" 0
check "case: sweep row closed" sql "$TMP/case.db" "SELECT verdict FROM sweeps WHERE id=1" compromised
check "case: versions recorded" sql "$TMP/case.db" "SELECT value FROM versions WHERE sweep=1 AND component='shellsift'" "$("$SHELLSIFT" --version | cut -d' ' -f2)"

# ---- the HTML report ----
H=$TMP/report.html
check "html: written" [ -s "$H" ]
check "html: CSP forbids loading anything" grep -q "default-src 'none'" "$H"
check "html: hostile name escaped" grep -qF '&lt;img src=x onerror=alert(1)&gt;.aspx' "$H"
check "html: no raw img tag" bash -c "! grep -q '<img' '$H'"
check "html: verdict banner" grep -q 'class="banner v-compromised"' "$H"
check "html: coverage and next steps" grep -q 'id="coverage"' "$H"
check "html: timeline places the shells written" grep -q '2021-03-03T04:20:44Z .* shell written: .*aspnet_client/discover.aspx' "$H"
check "html: the Exchange build in a sentence" grep -q '<p>Exchange 2016 CU19 as released, with no update installed: 32 updates behind (the latest is Feb26SU, 15.1.2507.66), out of support since October 2025; vulnerable to ProxyLogon, ProxyShell, ProxyToken and ProxyNotShell/OWASSRF; lacks the fixes for [0-9]* CVEs.</p>' "$H"
check "html: lsass dump is not a shell on the timeline" bash -c "! grep -q 'shell written: [^<]*lsass' '$H'"
if command -v chromium >/dev/null; then
  python3 tests/sweep/render-check "$H" "$ART/sweep-report.png" >"$TMP/render.out" 2>&1
  check "chromium: renders, no console message, no request ($(head -c 300 "$TMP/render.out"))" [ ! -s "$TMP/render.out" ]
  check "chromium: screenshot saved" [ -s "$ART/sweep-report.png" ]
  check "chromium: hostile name is text in the DOM" grep -qF '&lt;img src=x onerror=alert(1)&gt;.aspx' "$H.dom"
  check "chromium: no img element in the DOM" bash -c "! grep -q '<img' '$H.dom'"
  check "chromium: filters ran (script allowed by its hash)" grep -q 'of [0-9]* shown' "$H.dom"
  # the checker itself must see what it looks for
  printf '<!DOCTYPE html><img src="http://127.0.0.1:9/x.png"><script>console.error("x")</script>' >"$TMP/control.html"
  python3 tests/sweep/render-check "$TMP/control.html" "$TMP/control.png" >"$TMP/control.out" 2>&1
  check "chromium: control page's request is caught" grep -q '^request: http://127.0.0.1:9/x.png' "$TMP/control.out"
  check "chromium: control page's console error is caught" grep -q '^console:' "$TMP/control.out"
else
  fail "chromium not installed"
fi

# ---- re-sweep, diff, report ----
"$SHELLSIFT" sweep "$C" --case "$TMP/case.db" --json -q >"$TMP/c2.jsonl" 2>/dev/null
check "re-sweep: exit status 1" [ $? -eq 1 ]
check "re-sweep: every file unchanged and skipped" q "$TMP/c2.jsonl" 'S["skipped"] == S["files"] > 0'
check "re-sweep: findings carried, same verdict" q "$TMP/c2.jsonl" "S['verdict'] == 'compromised' and S['findings'] == $(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1])][-1]["findings"])' "$TMP/c.jsonl")"
check "re-sweep: carried findings marked in the case" sql "$TMP/case.db" "SELECT count(*) > 0 FROM findings WHERE sweep=2 AND carried=1" 1
check "re-sweep: no file version written for unchanged files" sql "$TMP/case.db" "SELECT count(*) FROM files WHERE first_sweep=2" 0
check "re-sweep: it saw every file" sql "$TMP/case.db" "SELECT count(*) FROM files_seen WHERE sweep=2" "$(find "$C" -type f | wc -l)"
"$SHELLSIFT" sweep "$C" --case "$TMP/case.db" --rescan --json -q >"$TMP/c3.jsonl" 2>/dev/null
check "--rescan reads everything" q "$TMP/c3.jsonl" 'S["skipped"] == 0'
printf 'rule extra_fixture_rule { strings: $a = "shellsift-no-such-string" condition: $a }\n' >"$TMP/extra.yar"
"$SHELLSIFT" sweep "$C" --case "$TMP/case.db" --rules "$TMP/extra.yar" --json -q >"$TMP/c4.jsonl" 2>/dev/null
check "other rules than the last sweep: everything read again" q "$TMP/c4.jsonl" 'S["skipped"] == 0 and S["verdict"] == "compromised"'
"$SHELLSIFT" sweep "$C" --case "$TMP/case.db" --json -q >"$TMP/c5.jsonl" 2>/dev/null
check "back to the built-in rules: read again" q "$TMP/c5.jsonl" 'S["skipped"] == 0'
"$SHELLSIFT" sweep "$C" --case "$TMP/case.db" --json -q >"$TMP/c5.jsonl" 2>/dev/null
check "then unchanged: nothing read" q "$TMP/c5.jsonl" 'S["skipped"] == S["files"]'
"$SHELLSIFT" diff "$TMP/case.db" >"$TMP/diff0.txt"
check "diff: no change, exit 0" [ $? -eq 0 ]
check "diff: says nothing changed" grep -q '0 added, 0 changed, 0 removed' "$TMP/diff0.txt"
cp tests/fixtures/shells/chopper_csharp.aspx "$C/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/errorFS.aspx"
rm "$C/Windows/Temp/setup.log"
"$SHELLSIFT" sweep "$C" --case "$TMP/case.db" -q >/dev/null 2>&1
"$SHELLSIFT" diff "$TMP/case.db" >"$TMP/diff.txt"
check "diff: new script in a web folder, exit 1" [ $? -eq 1 ]
check "diff: flags the new script" grep -q '^added .*NEW-SCRIPT .*owa/auth/errorFS.aspx' "$TMP/diff.txt"
check "diff: removed file" grep -q '^removed .*Windows/Temp/setup.log' "$TMP/diff.txt"
"$SHELLSIFT" diff --since 1 --json "$TMP/case.db" >"$TMP/diff.jsonl"
check "diff --since 1 --json" q "$TMP/diff.jsonl" 'S["from"] == 1 and S["added"] == 1 and S["removed"] == 1 and S["new_scripts_in_webroot"] == 1'
"$SHELLSIFT" report "$TMP/case.db" --sweep 1 --json --html "$TMP/again.html" -q >"$TMP/r.jsonl"
check "report: exit status of the sweep" [ $? -eq 1 ]
# the same records (warnings come after the rest when replayed), the summary last
check "report: same records as the sweep printed" cmp -s <(sort "$TMP/c.jsonl") <(sort "$TMP/r.jsonl")
check "report: the summary line last, as printed" cmp -s <(tail -n 1 "$TMP/c.jsonl") <(tail -n 1 "$TMP/r.jsonl")
check "report: warnings replayed (the cut-short IIS line)" [ "$(grep -c '"action":"warning"' "$TMP/r.jsonl")" -ge 1 ]
check "report: same HTML as the sweep wrote" cmp -s "$TMP/report.html" "$TMP/again.html"
"$SHELLSIFT" report "$TMP/case.db" --sweep 99 -q >/dev/null 2>&1
check "report: unknown sweep is an error" [ $? -eq 2 ]
"$SHELLSIFT" report "$TMP/case.db" >"$TMP/r.txt"
check "report: text verdict" grep -q '^VERDICT: COMPROMISED' "$TMP/r.txt"

# ---- the clean twin, as a KAPE collection (drive folder C) ----
"$SHELLSIFT" sweep "$T/clean" --json -q >"$TMP/clean.jsonl" 2>"$TMP/clean.err"
rc=$?
check "clean: no evidence, exit 0 ($(tail -n 2 "$TMP/clean.err"))" [ $rc -eq 0 ]
check "clean: verdict no-evidence, no finding" q "$TMP/clean.jsonl" 'S["verdict"] == "no-evidence" and not F and not LF and not I'
check "clean: KAPE drive folder found" q "$TMP/clean.jsonl" 'any(c["item"] == "Windows system drive" and c["path"].endswith("/clean/C") for c in S["coverage"])'
check "clean: patched build" q "$TMP/clean.jsonl" 'S["exchange"]["build"] == "15.1.2375.37" and all(c["status"] == "fixed" for c in S["exchange"]["chains"])'

# ---- Sigma rules on the clean twin's logs (--sigma): verdict rules C5 and S5 ----
cp -a "$T/clean" "$T/sigma"
printf '2021-03-03 05:00:00 10.0.0.5 GET /owa/ path=/remote/fgt_lang 443 - 203.0.113.99 curl/7.74.0 - %s 0 0 5\n' 200 \
  >>"$T/sigma/C/inetpub/logs/LogFiles/W3SVC1/u_ex210303.log"
sigma_rule() { # FILE LEVEL TAGS
  printf 'title: Test exploitation of a public-facing application\nid: 5c0e9a52-0d1f-4c43-9a53-0000000000c5\n' >"$1"
  printf 'author: shellsift tests\nreferences:\n  - https://example.org/advisory\ntags: %s\n' "$3" >>"$1"
  printf 'logsource:\n  category: webserver\ndetection:\n  selection:\n    cs-uri-query|contains: fgt_lang\n' >>"$1"
  printf '  condition: selection\nlevel: %s\n' "$2" >>"$1"
}
mkdir -p "$TMP/sr"
sigma_rule "$TMP/sr/exploit.yml" high '[attack.initial-access, attack.t1190]'
"$SHELLSIFT" sweep "$T/sigma" --sigma "$TMP/sr/exploit.yml" --case "$TMP/sigma.db" --report "$TMP/sigma.html" --json -q \
  >"$TMP/sigma.jsonl" 2>/dev/null
rc=$?
check "sigma: a high t1190 match on a served request is compromised (C5), exit 1" \
  q "$TMP/sigma.jsonl" "S['verdict'] == 'compromised' and any(r.startswith('C5:') for r in S['reasons']) and $rc == 1"
check "sigma: the finding carries the rule id, tags and attribution" \
  q "$TMP/sigma.jsonl" 'any(l["shellsift"]["sigma_ids"] == ["5c0e9a52-0d1f-4c43-9a53-0000000000c5"] and l["rule"]["ruleset"] == "sigma" and l["rule"]["author"] == ["shellsift tests"] and "attack.t1190" in l["tags"] and l["shellsift"]["reasons"][0]["references"] == ["https://example.org/advisory"] for l in LF)'
check "sigma: grouped into an incident" q "$TMP/sigma.jsonl" 'any(i.get("source", {}).get("ip") == "203.0.113.99" and "5c0e9a52-0d1f-4c43-9a53-0000000000c5" in i["shellsift"]["rules"] for i in I)'
check "sigma: the case file keeps the reasons" sql "$TMP/sigma.db" \
  "SELECT count(*) FROM log_reasons r, json_each(r.tags) t WHERE r.source='sigma' AND r.author='shellsift tests' AND t.value='attack.t1190'" 1
check "sigma: the case file records the rule count" sql "$TMP/sigma.db" "SELECT value FROM versions WHERE component='sigma-rules'" "1 loaded, 0 not loaded"
check "sigma: the HTML report names the rule and its author" grep -q '5c0e9a52-0d1f-4c43-9a53-0000000000c5 high: Test exploitation.*by shellsift tests; https://example.org/advisory' "$TMP/sigma.html"
"$SHELLSIFT" report "$TMP/sigma.db" --json -q >"$TMP/sigma-r.jsonl"
check "sigma: report replays the same records" cmp -s <(sort "$TMP/sigma.jsonl") <(sort "$TMP/sigma-r.jsonl")
sigma_rule "$TMP/sr/exploit.yml" high '[attack.execution]'
"$SHELLSIFT" sweep "$T/sigma" --sigma "$TMP/sr" --json -q >"$TMP/sigma2.jsonl" 2>/dev/null
check "sigma: another high match is suspicious (S5)" q "$TMP/sigma2.jsonl" 'S["verdict"] == "suspicious" and any(r.startswith("S5:") for r in S["reasons"])'
sigma_rule "$TMP/sr/exploit.yml" medium '[attack.t1190]'
"$SHELLSIFT" sweep "$T/sigma" --sigma "$TMP/sr" --json -q >"$TMP/sigma3.jsonl" 2>/dev/null
check "sigma: a medium match is listed only" q "$TMP/sigma3.jsonl" 'S["verdict"] == "no-evidence" and len(LF) == 1'
sigma_rule "$TMP/sr/exploit.yml" critical '[attack.t1190]'
sed -i 's/ 203.0.113.99 curl\/7.74.0 - 200 / 203.0.113.99 curl\/7.74.0 - 404 /' "$T/sigma/C/inetpub/logs/LogFiles/W3SVC1/u_ex210303.log"
"$SHELLSIFT" sweep "$T/sigma" --sigma "$TMP/sr" --json -q >"$TMP/sigma4.jsonl" 2>/dev/null
check "sigma: a refused exploitation attempt is suspicious, not compromised" q "$TMP/sigma4.jsonl" 'S["verdict"] == "suspicious" and any(r.startswith("S5:") for r in S["reasons"])'
printf 'title: broken\nlogsource: {category: webserver}\ndetection:\n  s:\n    a|nosuchmodifier: x\n  condition: s\n' >"$TMP/sr/broken.yml"
"$SHELLSIFT" sweep "$T/sigma" --sigma "$TMP/sr" --json -q >"$TMP/sigma5.jsonl" 2>/dev/null
check "sigma: a rule that does not load is a warning naming it; the other still runs" q "$TMP/sigma5.jsonl" 'any(w["file"]["path"].endswith("broken.yml") and w["shellsift"]["kind"] == "rules" for w in W) and len(LF) == 1'
"$SHELLSIFT" sweep "$T/sigma" --sigma "$TMP/no-such-rules" -q >/dev/null 2>&1
check "sigma: a missing --sigma path is a usage error" [ $? -eq 2 ]
rm -rf "$T/sigma"

# ---- the twin without logs ----
"$SHELLSIFT" sweep "$T/nologs" --json -q >"$TMP/nologs.jsonl" 2>/dev/null
rc=$?
check "no logs: HttpProxy gap in plain words" q "$TMP/nologs.jsonl" 'any(c["item"] == "HttpProxy logs" and c["status"] == "missing" and "CVE-2021-26855" in c["note"] and "cannot be ruled out" in c["note"] for c in S["coverage"])'
check "no logs: IIS and ECP gaps" q "$TMP/nologs.jsonl" 'sum(c["status"] == "missing" for c in S["coverage"] if c["item"] in ("IIS logs", "ECP server logs", "OAB generator logs")) == 3'
check "no logs: incomplete" q "$TMP/nologs.jsonl" 'S["complete"] is False and S["missing"] >= 4'
check "no logs + vulnerable build: suspicious (rule S4), exit 1" q "$TMP/nologs.jsonl" "S['verdict'] == 'suspicious' and any(r.startswith('S4:') for r in S['reasons']) and $rc == 1"
"$SHELLSIFT" sweep "$T/nologs" --no-progress >"$TMP/nologs.txt" 2>&1
check "no logs: text names the gap" grep -q 'HttpProxy logs: no HttpProxy logs: exploitation via CVE-2021-26855' "$TMP/nologs.txt"
"$SHELLSIFT" sweep "$T/nologs" --case /nonexistent/dir/case.db -q >/dev/null 2>"$TMP/badcase.err"
check "unwritable case file: exit 2 with the reason" bash -c "[ $? -eq 2 ] && grep -q 'case file' '$TMP/badcase.err'"

# ==== LOGS: needs the real src/logs (ss_logs_*); fails against the stub ====
check "LOGS: log findings from the attacker's address" q "$TMP/c.jsonl" 'any(l.get("source", {}).get("ip") == "203.0.113.66" for l in LF)'
check "LOGS: ProxyLogon in the HttpProxy log" q "$TMP/c.jsonl" 'any(l.get("vulnerability", {}).get("id") == "CVE-2021-26855" and l["log"]["file"]["path"].endswith(".LOG") for l in LF)'
check "LOGS: incident with the attacker IP" q "$TMP/c.jsonl" 'any(i.get("source", {}).get("ip") == "203.0.113.66" for i in I) and S["incidents"] >= 1'
check "LOGS: incident linked to a shell on disk" q "$TMP/c.jsonl" 'any(i["shellsift"]["shells"] for i in I)'
check "LOGS: verdict reasons include the logs" q "$TMP/c.jsonl" 'any(r.startswith(("C3:", "C4:")) for r in S["reasons"])'
check "LOGS: timeline shows the first exploit attempt and its IP" grep -q 'first exploit attempt from 203.0.113.66' "$H"
check "LOGS: timeline shows the shell used" grep -q 'shell used: ' "$H"
check "LOGS: re-sweep still links the (carried) shells to the incident" q "$TMP/c2.jsonl" 'any(i["shellsift"]["shells"] for i in I)'
check "LOGS: coverage names the sources read" q "$TMP/c.jsonl" 'any(c["item"].startswith("log source: httpproxy") for c in S["coverage"])'
# ==== end LOGS ====

# ---- outputs never land in the evidence unless asked ----
"$SHELLSIFT" sweep -q --case "$T/clean/case.db" "$T/clean" >/dev/null 2>"$TMP/refuse.err"
check "case file inside ROOT: refused, exit 2" [ $? -eq 2 ]
check "case file inside ROOT: not created" [ ! -e "$T/clean/case.db" ]
check "case file inside ROOT: says why" grep -q 'allow-output-in-root' "$TMP/refuse.err"
"$SHELLSIFT" sweep -q --report "$T/clean/inetpub/r.html" "$T/clean" >/dev/null 2>&1
check "HTML report inside ROOT: refused" [ $? -eq 2 ] && [ ! -e "$T/clean/inetpub/r.html" ]
"$SHELLSIFT" sweep -q --allow-output-in-root --case "$T/clean/case.db" "$T/clean" >/dev/null 2>&1
check "--allow-output-in-root: case file written" [ -s "$T/clean/case.db" ]
rm -f "$T/clean/case.db"

# ---- an application's own log is not an IIS log: sweep reads logs where ----
# ---- servers write them, even where (as here) there are none            ----
A="$T/nologs/ProgramData/SomeApp/logs"
mkdir -p "$A"
printf '2021-03-03 04:12:05 10.0.0.5 POST /ecp/y.js - 443 - 203.0.113.66 ExchangeServicesClient/0.0.0.0 - 200 0 0 1\n' >"$A/app.log"
"$SHELLSIFT" sweep "$T/nologs" --json -q >"$TMP/app.jsonl" 2>/dev/null
check "app log elsewhere: not read as a server log, not warned about" \
  q "$TMP/app.jsonl" 'not LF and not any("SomeApp" in json.dumps(w) for w in W)'
"$SHELLSIFT" logs --json "$A" >"$TMP/app-logs.jsonl" 2>/dev/null
check "the same log given to 'shellsift logs' is read" grep -q '"rule":"proxylogon-ssrf-js"' "$TMP/app-logs.jsonl"
rm -rf "$T/nologs/ProgramData/SomeApp"
finish
