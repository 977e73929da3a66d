#!/usr/bin/env bash
# End-to-end: `shellsift logs` on the annotated log fixtures (every rule's
# hits and near misses), converted copies (CRLF + BOM, .gz), generated
# EVTX files, a triage tree with the logs at their usual places in odd
# case, malformed input (binary junk, a 50 MB line, truncated .gz, corrupt
# .evtx), --since/--until, --csv, --scan-results linking, and
# gen-iis-log's planted intrusions against its ground truth.
. "$(dirname "$0")/lib.sh"
F=tests/fixtures/logs
run_logs() { local out=$1; shift; "$SHELLSIFT" logs "$@" >"$out" 2>"$out.err"; rc=$?; }
expect() { python3 "$(dirname "${BASH_SOURCE[0]}")/logs_expect.py" "$@"; }

# --- every rule: hits and near misses, as annotated in the fixtures ---
run_logs "$TMP/f.json" --json $F/u_ex210303.log tests/fixtures/benign/ECPServer20210110-1.LOG $F/HttpProxy_2021030302-1.LOG $F/ECPServer20210303-1.LOG \
  $F/ECPServer20210304-1.LOG $F/OABGeneratorLog_20210303.log $F/OABGeneratorLog_20210304.log
check "fixtures: exit 1 (findings)" test "$rc" -eq 1
check "fixtures: valid JSON Lines" jsonl "$TMP/f.json" valid
check "fixtures: every #expect holds" expect "$TMP/f.json" $F/u_ex210303.log $F/HttpProxy_2021030302-1.LOG \
  $F/ECPServer20210304-1.LOG $F/OABGeneratorLog_20210304.log
check "fixtures: the lead's ECP sample: Set-OabVirtualDirectory with script found, empty URL not" python3 - "$TMP/f.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
ecp = {e["line"]: e for e in f if e["event"] == "finding" and e["file"].endswith("ECPServer20210303-1.LOG")}
assert ecp.get(8, {}).get("rule") == "proxylogon-vdir-script", ecp
assert 9 not in ecp and 7 not in ecp, ecp
PY
check "fixtures: findings carry rule, severity, time, file, line, client_ip, user_agent, uri, evidence" python3 - "$TMP/f.json" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["event"] != "finding":
        continue
    for k in ("rule", "severity", "time", "file", "line", "client_ip", "user_agent", "uri", "evidence", "outcome", "title"):
        assert k in e, (k, e)
    if e["rule"] == "proxylogon-ssrf-js" and e["line"] == 8:
        assert e["client_ip"] == "203.0.113.10" and e["user_agent"] == "ExchangeServicesClient/0.0.0.0", e
        assert e["time"] == "2021-03-03T00:00:25Z" and e["uri"].startswith("/ecp/y.js?"), e
        assert e["cve"] == "CVE-2021-26855" and "POST /ecp/y.js" in e["evidence"], e
PY
check "fixtures: success (200) and failed attempts (401) reported apart" python3 - "$TMP/f.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
ps = {e["status"]: e for e in f if e["event"] == "finding" and e["rule"] == "proxyshell"}
assert ps[200]["outcome"] == "success" and ps[200]["severity"] == "critical", ps
assert ps[401]["outcome"] == "attempt" and ps[401]["severity"] == "medium", ps
PY
check "fixtures: incidents group by address and time, with first and last seen" python3 - "$TMP/f.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
inc = [e for e in f if e["event"] == "incident"]
a = [i for i in inc if i["client_ip"] == "203.0.113.12"]
assert len(a) == 1, inc
a = a[0]
assert a["first_seen"] == "2021-03-03T00:01:00Z" and a["last_seen"] == "2021-03-03T00:05:02Z", a
assert a["rules"][:3] == ["proxylogon-ecp-ua", "proxylogon-oab-edit", "proxylogon-oab-reset"], a
assert "OAB virtual directory edit, then virtual directory reset" in a["summary"], a
assert [i["id"] for i in inc] == list(range(1, len(inc) + 1)), inc
s = [e for e in f if e["event"] == "summary"][0]
assert s["incidents"] == len(inc) and s["findings"] == sum(i["findings"] for i in inc), s
PY
check "fixtures: stacking ranks rarely POSTed script URLs (medium)" python3 - "$TMP/f.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
st = [e for e in f if e["event"] == "finding" and e["rule"] == "webshell-stacking"]
assert st and all(e["severity"] == "medium" for e in st), st
assert any(e["uri"] == "/aspnet_client/system_web/t3st.aspx" for e in st), st
assert not any("service.svc" in e["uri"] or "default.eas" in e["uri"] for e in st), st
PY

# --- the same log as CRLF with a BOM, and gzip-rotated ---
python3 -c "import sys; d=open(sys.argv[1],'rb').read(); open(sys.argv[2],'wb').write(b'\xef\xbb\xbf'+d.replace(b'\n',b'\r\n'))" \
  $F/u_ex210303.log "$TMP/u_ex_crlf.log"
gzip -c $F/u_ex210303.log > "$TMP/u_ex210302.log.gz"
run_logs "$TMP/c.json" --json "$TMP/u_ex_crlf.log" "$TMP/u_ex210302.log.gz"
check "CRLF + BOM: every #expect holds" expect "$TMP/c.json" "$F/u_ex210303.log=$TMP/u_ex_crlf.log"
check ".gz: every #expect holds" expect "$TMP/c.json" "$F/u_ex210303.log=$TMP/u_ex210302.log.gz"
check "CRLF/.gz: no warnings" test "$(jsonl "$TMP/c.json" count warning)" -eq 0

# --- EVTX: generated valid files and a corrupt chunk ---
python3 tests/logs/make-evtx "$TMP/evtx" >/dev/null
run_logs "$TMP/e.json" --json "$TMP/evtx/MSExchange Management.evtx" "$TMP/evtx/Application.evtx" "$TMP/evtx/corrupt-chunk.evtx" \
  "$TMP/evtx/Microsoft-Windows-Windows Defender%4Operational.evtx"
check "evtx: exit 1" test "$rc" -eq 1
check "evtx: cmdlet and UM rules, near misses quiet" python3 - "$TMP/e.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
got = {(e["file"].rsplit("/", 1)[1], e["line"]): e["rule"] for e in f if e["event"] == "finding"}
want = {("MSExchange Management.evtx", 1): "proxylogon-vdir-script", ("MSExchange Management.evtx", 3): "mailbox-export-webpath",
        ("MSExchange Management.evtx", 4): "mailbox-export", ("MSExchange Management.evtx", 5): "mailbox-export-role",
        ("MSExchange Management.evtx", 7): "cert-request-webpath", ("Application.evtx", 1): "proxylogon-um-crash",
        ("corrupt-chunk.evtx", 1): "proxylogon-um-crash",
        ("Microsoft-Windows-Windows Defender%4Operational.evtx", 1): "defender-webshell",
        ("Microsoft-Windows-Windows Defender%4Operational.evtx", 2): "defender-detection"}
assert got == want, (got, want)
sev = {e["rule"]: e["severity"] for e in f if e["event"] == "finding"}
assert sev["mailbox-export"] == "medium" and sev["proxylogon-vdir-script"] == "critical", sev
src = [e for e in f if e["event"] == "summary"][0]["sources"]
assert {s["format"] for s in src} >= {"evtx:MSExchange Management", "evtx:Application"}, src
PY
check "evtx: corrupt chunk is an incomplete warning naming the file" jsonl "$TMP/e.json" warning log-format corrupt-chunk.evtx

# --- a triage copy: logs found at their usual places, in odd case ---
R="$TMP/triage/C"
ex="$R/Program Files/MICROSOFT/Exchange Server/V15"
mkdir -p "$R/INETPUB/logs/LogFiles/W3SVC1" "$ex/Logging/HttpProxy/Ecp" "$ex/Logging/ECP/Server" "$ex/Logging/OABGeneratorLog" \
  "$ex/Logging/Other" "$R/windows/System32/WINEVT/Logs" "$R/Users/x"
cp $F/u_ex210303.log "$R/INETPUB/logs/LogFiles/W3SVC1/"
cp $F/HttpProxy_2021030302-1.LOG "$ex/Logging/HttpProxy/Ecp/"
cp $F/ECPServer20210304-1.LOG "$ex/Logging/ECP/Server/"
cp $F/OABGeneratorLog_20210304.log "$ex/Logging/OABGeneratorLog/"
echo "just some text, not a log" > "$ex/Logging/Other/readme.log"
cp "$TMP/evtx/Application.evtx" "$R/windows/System32/WINEVT/Logs/APPLICATION.EVTX"
cp $F/u_ex210303.log "$R/Users/x/not-at-a-log-location.log"
ln -s /etc/passwd "$ex/Logging/Other/link.log"
run_logs "$TMP/t.json" --json "$TMP/triage"
check "triage: exit 1" test "$rc" -eq 1
check "triage: IIS, HttpProxy, ECP, OAB and Application logs found, nothing else" python3 - "$TMP/t.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
files = {e["file"].rsplit("/", 1)[1] for e in f if e["event"] == "finding"}
assert files == {"u_ex210303.log", "HttpProxy_2021030302-1.LOG", "ECPServer20210304-1.LOG", "OABGeneratorLog_20210304.log",
                 "APPLICATION.EVTX"}, files
assert not any("not-at-a-log-location" in e["file"] for e in f if e["event"] == "finding")
s = [e for e in f if e["event"] == "summary"][0]
assert s["files"] == 5 and s["complete"], s
PY
check "triage: a non-log file in Logging is skipped with a notice" jsonl "$TMP/t.json" warning log-skipped readme.log
check "triage: a symlink is not followed" jsonl "$TMP/t.json" warning symlink link.log
run_logs "$TMP/t1.json" --json --threads 1 "$TMP/triage"
run_logs "$TMP/t4.json" --json --threads 4 "$TMP/triage"
check "triage: 1 and 4 reader threads give the same findings, incidents and sources" python3 - "$TMP/t1.json" "$TMP/t4.json" <<'PY'
import json, sys
def load(p):
    f = [json.loads(l) for l in open(p)]
    find = sorted((e["file"], e["line"], e["rule"], e["severity"]) for e in f if e["event"] == "finding")
    inc = [(e["id"], e["client_ip"], e["first_seen"], e["last_seen"], e["findings"], e["rules"]) for e in f if e["event"] == "incident"]
    s = [e for e in f if e["event"] == "summary"][0]
    src = sorted((x["format"], x["files"], x["lines"], x["first"], x["last"]) for x in s["sources"])
    return find, inc, src, (s["files"], s["lines"], s["findings"], s["warnings"])
a, b = load(sys.argv[1]), load(sys.argv[2])
assert a == b, [(x, y) for x, y in zip(a, b) if x != y]
assert len(a[0]) >= 40, len(a[0])
PY
run_logs "$TMP/t2.json" --json "$TMP/triage/C/Users"
check "a folder of copied logs (no known location): read as logs" expect "$TMP/t2.json" \
  "$F/u_ex210303.log=$TMP/triage/C/Users/x/not-at-a-log-location.log"

# --- malformed input: warnings, and the run goes on ---
python3 - "$TMP/big.log" <<'PY'
import sys
with open(sys.argv[1], "wb") as f:
    f.write(b"#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n")
    f.write(b"2021-03-07 01:00:00 10.0.0.5 POST /ecp/a.js - 443 - 203.0.113.60 Mozilla/5.0 - 200 0 0 1\n")
    f.write(b"2021-03-07 01:00:01 10.0.0.5 GET /owa/ q=" + b"A" * (50 << 20) + b" 443 - 203.0.113.60 x - 200 0 0 1\n")
    f.write(b"2021-03-07 01:00:02 10.0.0.5 POST /ecp/b.js - 443 - 203.0.113.60 Mozilla/5.0 - 200 0 0 1\n")
PY
head -c 2000 "$TMP/u_ex210302.log.gz" > "$TMP/truncated.log.gz"
/usr/bin/time -f %M -o "$TMP/m.rss" "$SHELLSIFT" logs --json "$TMP/big.log" $F/u_ex210306_junk.log $F/u_ex210305_noheader.log \
  $F/random_bytes.log "$TMP/truncated.log.gz" >"$TMP/m.json" 2>"$TMP/m.err"
rc=$?
case $SHELLSIFT in *san*) ;; *) check "malformed: a 50 MB line costs no memory (peak RSS < 64 MB)" test "$(tail -n 1 "$TMP/m.rss")" -lt 65536 ;; esac
check "malformed: exit 1 (findings still reported)" test "$rc" -eq 1
check "malformed: valid JSON Lines" jsonl "$TMP/m.json" valid
check "malformed: the 50 MB line is skipped with a warning naming its line" python3 - "$TMP/m.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
w = [e for e in f if e["event"] == "warning" and e["path"].endswith("big.log")]
assert any("line 3" in e["message"] and "longer" in e["message"] for e in w), w
hits = sorted(e["line"] for e in f if e["event"] == "finding" and e["file"].endswith("big.log") and e["rule"] == "proxylogon-ssrf-js")
assert hits == [2, 4], hits
PY
check "malformed: junk lines warned and counted, the file partly read, good lines still read" python3 - "$TMP/m.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
w = [e for e in f if e["event"] == "warning" and e["path"].endswith("210306_junk.log")]
assert len([e for e in w if e["kind"] == "log-line"]) >= 2, w
assert [e["incomplete"] for e in w if e["kind"] == "log-format"] == [True] and any("2 of 5 lines" in e["message"] for e in w), w
assert any(e["event"] == "finding" and e["file"].endswith("210306_junk.log") and e["line"] == 5 for e in f)
PY
check "malformed: a header-less IIS log is read with the default fields, with a warning" python3 - "$TMP/m.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
assert any(e["event"] == "warning" and e["path"].endswith("noheader.log") and "default fields" in e["message"] for e in f)
assert any(e["event"] == "finding" and e["file"].endswith("noheader.log") and e["rule"] == "webshell-request" for e in f)
PY
check "malformed: binary junk named as a log is an incomplete warning" jsonl "$TMP/m.json" warning log-format random_bytes.log
check "malformed: a truncated .gz is an incomplete warning" jsonl "$TMP/m.json" warning log-format truncated.log.gz
run_logs "$TMP/miss.json" --json $F/u_ex210303.log "$TMP/missing.log"
check "a missing path: a usage error before anything is read (exit 2), naming it" \
  test "$rc" -eq 2 -a ! -s "$TMP/miss.json" -a -n "$(grep missing.log "$TMP/miss.json.err")"
check "malformed: summary says incomplete" jsonl "$TMP/m.json" summary complete=False
run_logs "$TMP/n.json" --json $F/random_bytes.log
check "nothing found but something unreadable: exit 2" test "$rc" -eq 2
mkdir -p "$TMP/empty/sub"
run_logs "$TMP/empty.txt" "$TMP/empty"
check "no log file found at all: exit 2, and the verdict says so" test "$rc" -eq 2
check "no log file found: the text says NO log files were read" grep -q "NO log files were read" "$TMP/empty.txt.err"
run_logs "$TMP/z.txt" $F/OABGeneratorLog_20210304.log --since 2021-03-05
check "--since after every entry: exit 0, nothing found" test "$rc" -eq 0
check "--since: the text verdict says no findings" grep -q "^Result: no findings" "$TMP/z.txt.err"
run_logs "$TMP/w.json" --json --since 2021-03-03T00:05:00 --until 2021-03-03 $F/u_ex210303.log
check "--since/--until keep only the window" python3 - "$TMP/w.json" <<'PY'
import json, sys
t = [json.loads(l)["time"] for l in open(sys.argv[1]) if json.loads(l)["event"] == "finding"]
assert t and min(t) >= "2021-03-03T00:05:00Z" and max(t) <= "2021-03-03T23:59:59Z", t
assert "2021-03-03T00:00:25Z" not in t
PY
run_logs "$TMP/bad" --since yesterday $F/u_ex210303.log
check "--since with a bad date: exit 2" test "$rc" -eq 2

# --- CSV and text ---
run_logs "$TMP/o.csv" --csv $F/u_ex210303.log
check "csv: header then one row per finding" python3 - "$TMP/o.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0][:4] == ["time", "severity", "rule", "outcome"], rows[0]
assert len(rows) > 20 and all(len(r) == len(rows[0]) for r in rows), len(rows)
assert any(r[2] == "proxylogon-ssrf-js" and r[4] == "203.0.113.10" for r in rows[1:])
PY
run_logs "$TMP/o.txt" $F/u_ex210303.log
check "text: findings, incidents and a verdict" python3 - "$TMP/o.txt" <<'PY'
import sys
out = open(sys.argv[1]).read(); err = open(sys.argv[1] + ".err").read()
assert "CRITICAL" in out and "proxylogon-ssrf-js" in out and "INCIDENT 1" in out, out[:500]
assert "\x1b" not in out and "Result:" in err and "Exit status 1" in err, err
PY

# --- --scan-results: a shell found on disk linked to requests for it ---
mkdir -p "$TMP/disk/inetpub/wwwroot/aspnet_client/system_web"
shell=tests/fixtures/shells/chopper_jscript.aspx
cp "$shell" "$TMP/disk/inetpub/wwwroot/aspnet_client/system_web/t3st.aspx"
"$SHELLSIFT" scan --json "$TMP/disk" >"$TMP/scan.json" 2>/dev/null
run_logs "$TMP/l.json" --json --scan-results "$TMP/scan.json" $F/u_ex210303.log
check "scan-results: the request for the shell is linked, and its incident names it" python3 - "$TMP/l.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
lk = [e for e in f if e["event"] == "finding" and e["rule"] == "webshell-linked"]
assert len(lk) == 1 and lk[0]["uri"] == "/aspnet_client/system_web/t3st.aspx" and lk[0]["severity"] == "critical", lk
inc = [e for e in f if e["event"] == "incident" and e["client_ip"] == "203.0.113.12"][0]
assert any(s.endswith("aspnet_client/system_web/t3st.aspx") for s in inc["shells"]), inc
PY
run_logs "$TMP/x" --scan-results "$TMP/nonexistent.json" $F/u_ex210303.log
check "scan-results: an unreadable file is a start-up error (exit 2)" test "$rc" -eq 2

# --- gen-iis-log ground truth: every planted line found, nothing else high ---
GEN=../shared/bench/gen-iis-log
if [ -x "$GEN" ]; then
  "$GEN" --size-mb 8 --attacks 12 --seed 7 --fields-variant --out "$TMP/gen.log" --truth "$TMP/gen.truth"
  run_logs "$TMP/g.json" --json "$TMP/gen.log"
  check "gen-iis-log: every planted line found; nothing else at high or above" python3 - "$TMP/g.json" "$TMP/gen.truth" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
truth = {json.loads(l)["line"] for l in open(sys.argv[2])}
found = {}
for e in f:
    if e["event"] == "finding":
        found.setdefault(e["line"], []).append(e)
missed = sorted(truth - set(found))
fp = [e for n, es in found.items() if n not in truth for e in es if e["severity"] in ("high", "critical")]
assert len(truth) > 50 and not missed, missed[:10]
assert not fp, fp[:3]
PY
else
  echo "SKIP: gen-iis-log ground truth: $GEN absent (it is in ../shared, which a plain clone has not got)"
fi
finish
