#!/usr/bin/env bash
# End-to-end: `shellsift exchange` on install trees built here (a real PE
# with a version resource as Bin/ExSetup.exe, HttpProxy logs over an update)
# and against the loopback test server for the remote checks.
. "$(dirname "$0")/lib.sh"

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
"$SHELLSIFT" exchange --csv "$TMP/kape" >"$TMP/t.csv" 2>&1
check "csv: header and one row" test "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1])))))' "$TMP/t.csv")" -eq 2

# --- a user build table ---
printf 'product,cu,build,released,kb,update,fixes\nExchange 2013,CU23,15.0.1497.2,2019-06-18,,RTM,\nbad,row\n' > "$TMP/builds.csv"
"$SHELLSIFT" exchange --json --builds "$TMP/builds.csv" "$TMP/kape" >"$TMP/b.json" 2>"$TMP/b.err"
check "--builds: malformed row reported with its line" grep -q 'line 3' "$TMP/b.err"
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
kill "$SRV_PID" 2>/dev/null

finish
