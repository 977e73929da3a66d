#!/usr/bin/env bash
# End-to-end: `shellsift logs` on logs as they really are.  Apache, nginx
# and Tomcat access logs (each format's hits and near misses, as annotated
# in the fixtures), formats taken from the evidence's own configuration
# (given, and found below a Linux root), a Tomcat manager upload followed by
# the JSP inside it, Test-ProxyLogon parity on raw lines (a table of checks
# against header-less, re-quoted, unknown-layout and field-count-mismatch
# variants), IIS real variants split without a line skipped, outcomes
# (a 302 is not a served shell), stacking without the pages Exchange ships,
# coverage that tells the truth about lines no layout splits, a real Tunna
# log, and a sweep of a Linux web host linking a PHP shell on disk to the
# requests for it.
. "$(dirname "$0")/lib.sh"
F=tests/fixtures/logs
run_logs() { local out=$1; shift; "$SHELLSIFT" logs "$@" >"$out" 2>"$out.err"; rc=$?; }
expect() { python3 "$(dirname "${BASH_SOURCE[0]}")/logs_expect.py" "$@"; }
ACCESS="$F/access.log $F/other_vhosts_access.log $F/nginx_access.log $F/nginx_main.log $F/localhost_access_log.2021-03-03.txt"

# --- each access-log format: hits and near misses ---
# shellcheck disable=SC2086
run_logs "$TMP/a.json" --json $ACCESS
check "access logs: exit 1 (findings)" test "$rc" -eq 1
# shellcheck disable=SC2086
check "access logs: every #expect holds" expect "$TMP/a.json" $ACCESS
check "access logs: every line split, nothing warned, complete" python3 - "$TMP/a.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
assert not [e for e in f if e["event"] == "warning"], [e for e in f if e["event"] == "warning"]
s = [e for e in f if e["event"] == "summary"][0]
assert s["complete"] and s["partly_read"] == [], s
fmts = {x["format"] for x in s["sources"]}
assert fmts == {"access:combined", "access:vhost_combined", "access:main", "access:common"}, fmts
PY
check "access logs: times from the offset (+0100 is an hour before UTC), fields of the finding" python3 - "$TMP/a.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
e = [e for e in f if e["event"] == "finding" and e["file"].endswith("/access.log") and e["line"] == 11][0]
assert e["time"] == "2021-03-03T09:00:01Z" and e["client_ip"] == "203.0.113.5" and e["method"] == "POST", e
assert e["uri"] == "/wp-content/uploads/2021/03/x.php?cmd=whoami" and e["user_agent"] == "python-requests/2.25.1", e
assert e["format"] == "access:combined" and e["status"] == 200 and e["outcome"] == "success", e
PY
check "outcomes: a 302 for /owa/auth/<name>.aspx is redirected (not served), at most medium; a 4xx an attempt" python3 - "$TMP/a.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1]) if '"finding"' in l]
by = {(e["file"].rsplit("/", 1)[1], e["line"]): e for e in json.loads("[" + ",".join(json.dumps(x) for x in f) + "]")}
r = by[("access.log", 29)]
assert r["rule"] == "webshell-request" and r["outcome"] == "redirected" and r["severity"] == "medium", r
a = by[("access.log", 13)]
assert a["outcome"] == "attempt" and a["severity"] == "medium", a
PY
check "tomcat: manager upload then the JSP of the new application, the text deploy then its JSP; the failed upload an attempt" python3 - "$TMP/a.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
t = [e for e in f if e["event"] == "finding" and e["file"].endswith(".txt")]
jsp = sorted((e["line"], e["uri"], e["severity"]) for e in t if e["rule"] == "tomcat-deployed-jsp")
assert jsp == [(11, "/shell", "critical"), (21, "/backdoor", "critical")], jsp
dep = sorted((e["line"], e["outcome"]) for e in t if e["rule"] == "tomcat-manager-deploy")
assert dep == [(9, "success"), (19, "success"), (23, "attempt")], dep
inc = [e for e in f if e["event"] == "incident" and e["client_ip"] == "203.0.113.60"][0]
assert inc["rules"][:2] == ["tomcat-manager-deploy", "tomcat-deployed-jsp"] and inc["severity"] == "critical", inc
PY
gzip -c $F/access.log >"$TMP/access.log.2.gz"
cp $F/access.log "$TMP/access.log.1"
run_logs "$TMP/g.json" --json "$TMP/access.log.2.gz" "$TMP/access.log.1"
check "rotations (.1, .2.gz): every #expect holds" expect "$TMP/g.json" "$F/access.log=$TMP/access.log.2.gz" "$F/access.log=$TMP/access.log.1"

# --- formats from the evidence's configuration ---
CUSTOM="$F/intranet_access.log $F/nginx_timed.log $F/app_access.2021-03-03.log"
# shellcheck disable=SC2086
run_logs "$TMP/c0.json" --json $CUSTOM
check "custom formats without their configuration: lines checked raw, files partly read, run incomplete" python3 - "$TMP/c0.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
s = [e for e in f if e["event"] == "summary"][0]
assert not s["complete"] and len(s["partly_read"]) == 3, s
assert all(p["unsplit"] == p["lines"] for p in s["partly_read"]), s["partly_read"]
assert [e for e in f if e["event"] == "finding" and e["format"] == "text"], "raw checks found nothing"
PY
# shellcheck disable=SC2086
run_logs "$TMP/c1.json" --json --server-config $F/conf/apache2.conf --server-config $F/conf/nginx.conf \
  --server-config $F/conf/server.xml $CUSTOM
# shellcheck disable=SC2086
check "custom formats with --server-config: every #expect holds" expect "$TMP/c1.json" $CUSTOM
check "custom formats with --server-config: split, complete, named after the configuration" python3 - "$TMP/c1.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
s = [e for e in f if e["event"] == "summary"][0]
assert s["complete"] and not s["partly_read"], s
assert {x["format"] for x in s["sources"]} == {"access:pipes", "access:timed", "access:tomcat"}, s["sources"]
t = [e for e in f if e["event"] == "finding" and e["file"].endswith("nginx_timed.log")][0]
assert t["time"] == "2021-03-03T15:00:01Z", t  # $time_iso8601 with +01:00
PY
run_logs "$TMP/nc.txt" --server-config $F/access.log $F/access.log
check "a --server-config that defines no format is said so" grep -q "defines no access-log format" "$TMP/nc.txt.err"
run_logs "$TMP/nc2.txt" --server-config "$TMP/none.conf" $F/access.log
check "an unreadable --server-config: exit 2" test "$rc" -eq 2
L="$TMP/host"
mkdir -p "$L/etc/apache2" "$L/etc/nginx" "$L/var/log/apache2" "$L/var/log/nginx" "$L/opt/tomcat9/conf" "$L/opt/tomcat9/logs"
cp $F/conf/apache2.conf "$L/etc/apache2/"
cp $F/conf/nginx.conf "$L/etc/nginx/"
cp $F/conf/server.xml "$L/opt/tomcat9/conf/"
cp $F/intranet_access.log "$L/var/log/apache2/intranet_access.log"
gzip -c $F/access.log >"$L/var/log/apache2/access.log.2.gz"
echo "[Wed Mar 03 10:00:00.000000 2021] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache configured" >"$L/var/log/apache2/error.log"
cp $F/nginx_timed.log "$L/var/log/nginx/access.log"
cp $F/app_access.2021-03-03.log "$L/opt/tomcat9/logs/app_access.2021-03-03.log"
run_logs "$TMP/h.json" --json "$L"
check "a Linux root: the servers' logs found, split with the formats of their configurations" python3 - "$TMP/h.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
s = [e for e in f if e["event"] == "summary"][0]
assert s["files"] == 4 and not s["partly_read"], s
assert {x["format"] for x in s["sources"]} == {"access:pipes", "access:timed", "access:tomcat", "access:combined"}, s
w = [e for e in f if e["event"] == "warning"]
assert [e["kind"] for e in w] == ["log-skipped"] and w[0]["path"].endswith("error.log"), w
files = {e["file"].rsplit("/", 1)[1] for e in f if e["event"] == "finding"}
assert files == {"intranet_access.log", "access.log.2.gz", "access.log", "app_access.2021-03-03.log"}, files
PY

# --- IIS as it really is: variants split, nothing skipped ---
run_logs "$TMP/v.json" --json $F/u_ex210307_variants.log
check "IIS variants (# Fields:, raw spaces in user agents, a redacted column): every #expect holds" \
  expect "$TMP/v.json" $F/u_ex210307_variants.log
check "IIS variants: no line skipped, no warning, complete" python3 - "$TMP/v.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
assert not [e for e in f if e["event"] == "warning"], [e for e in f if e["event"] == "warning"]
s = [e for e in f if e["event"] == "summary"][0]
assert s["complete"] and s["lines"] == 6 and s["sources"][0]["format"] == "iis", s
PY

# --- parity with Test-ProxyLogon on raw lines ---
check "parity: every Test-ProxyLogon check in every variant (header-less, re-quoted, unknown layout, field-count mismatch)" \
  python3 "$(dirname "$0")/logs_parity.py" "$SHELLSIFT" "$TMP/parity"

# --- coverage that tells the truth ---
printf '%s\n' "#Software: Microsoft Internet Information Services 10.0" \
  "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken" \
  "2021-03-08 00:00:00 10.0.0.5 GET /owa/ - 443 - 198.51.100.7 Mozilla/5.0 - 200 0 0 1" \
  "2021-03-08 00:00:01 10.0.0.5 GET this line was cut by a broken collector" >"$TMP/u_ex210308.log"
run_logs "$TMP/t.json" --json "$TMP/u_ex210308.log"
check "a line nothing splits, nothing found: exit 2" test "$rc" -eq 2
check "a line nothing splits: counted, the file partly read, the run incomplete" python3 - "$TMP/t.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
s = [e for e in f if e["event"] == "summary"][0]
assert not s["complete"] and s["lines"] == 2, s
assert [(p["lines"], p["unsplit"], p["unread"]) for p in s["partly_read"]] == [(2, 1, 0)], s["partly_read"]
w = [e for e in f if e["event"] == "warning" and e["kind"] == "log-format"]
assert len(w) == 1 and w[0]["incomplete"] and "1 of 2 lines" in w[0]["message"], w
PY
run_logs "$TMP/t.txt" "$TMP/u_ex210308.log"
check "a line nothing splits: the text summary lists the file as partly read" grep -q "partly read: .*u_ex210308.log (1 of 2 lines checked raw only)" "$TMP/t.txt.err"

# --- stacking leaves out the pages IIS and Exchange ship ---
printf '%s\n' "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken" \
  "2021-03-09 08:00:00 10.0.0.5 POST /ecp/default.aspx - 443 CONTOSO\\admin 10.0.1.20 Mozilla/5.0 - 200 0 0 9" \
  "2021-03-09 08:00:01 10.0.0.5 POST /owa/auth/logon.aspx - 443 - 10.0.1.20 Mozilla/5.0 - 200 0 0 9" \
  "2021-03-09 08:00:02 10.0.0.5 POST /app/rare.aspx - 443 - 10.0.1.21 Mozilla/5.0 - 200 0 0 9" >"$TMP/u_ex210309.log"
run_logs "$TMP/s.json" --json "$TMP/u_ex210309.log"
check "stacking: a rare script is stacked, an admin's visit to pages Exchange ships is not" python3 - "$TMP/s.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
st = sorted(e["uri"] for e in f if e["event"] == "finding" and e["rule"] == "webshell-stacking")
assert st == ["/app/rare.aspx"], st
PY
printf '{"event":"finding","path":"/mnt/c/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/logon.aspx"}\n' >"$TMP/scan.json"
run_logs "$TMP/s2.json" --json --scan-results "$TMP/scan.json" "$TMP/u_ex210309.log"
check "stacking: a shipped page the file scan flagged is stacked (and linked)" python3 - "$TMP/s2.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
st = sorted(e["uri"] for e in f if e["event"] == "finding" and e["rule"] == "webshell-stacking")
lk = [e["uri"] for e in f if e["event"] == "finding" and e["rule"] == "webshell-linked"]
assert st == ["/app/rare.aspx", "/owa/auth/logon.aspx"] and lk == ["/owa/auth/logon.aspx"], (st, lk)
PY

# --- the dump: every field of a text log ---
"$SHELLSIFT" logs --dump $F/nginx_access.log >"$TMP/d.jsonl" 2>"$TMP/d.err"
check "dump: an access log, one record per line with its fields by format token" python3 - "$TMP/d.jsonl" <<'PY'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
assert [x["record"] for x in r] == [4, 6, 8, 10, 12] and all(x["split"] and x["format"] == "access:combined" for x in r), r
assert r[1]["fields"]["%{User-Agent}i"] == "Mozilla/5.0 \\x22fake\\x22" and r[1]["fields"]["%h"] == "203.0.113.40", r[1]
assert r[1]["time"] == "2021-03-03T13:00:01Z", r[1]
PY

# --- a real IIS log: a Tunna tunnel through an ASP.NET page ---
TUNNA=../shared/evtx-samples/Tunna_rdp_tunnel_IIS.log
if [ -f "$TUNNA" ]; then
  run_logs "$TMP/tu.json" --json "$TUNNA"
  check "real Tunna log (EVTX-ATTACK-SAMPLES): the tunnel found, the page stacked, every line split" python3 - "$TMP/tu.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
rules = {e["rule"] for e in f if e["event"] == "finding"}
assert {"webshell-tunna", "webshell-stacking"} <= rules, rules
t = [e for e in f if e["event"] == "finding" and e["rule"] == "webshell-tunna"]
assert t[0]["uri"] == "/erp/conn.aspx?proxy&port=3389&ip=127.0.0.1" and t[0]["severity"] == "high", t[0]
s = [e for e in f if e["event"] == "summary"][0]
assert s["complete"] and not s["partly_read"], s
PY
else
  echo "SKIP: $TUNNA absent (the real sample logs are in ../shared)"
fi

# --- a sweep of a Linux web host: the shell on disk linked to its requests ---
W="$TMP/linux"
mkdir -p "$W/var/www/html/wp-content/uploads/2021/03" "$W/var/log/apache2" "$W/etc/apache2"
cp tests/fixtures/shells/php_uploader.php "$W/var/www/html/wp-content/uploads/2021/03/x.php"
cp $F/access.log "$W/var/log/apache2/access.log"
cp $F/conf/apache2.conf "$W/etc/apache2/"
"$SHELLSIFT" sweep --json "$W" >"$TMP/w.json" 2>"$TMP/w.err"
check "sweep of a Linux web host: the requests for the PHP shell on disk are linked to it" python3 - "$TMP/w.json" <<'PY'
import json, sys
f = [json.loads(l) for l in open(sys.argv[1])]
def get(e, k):
    for p in k.split("."):
        e = e.get(p, {}) if isinstance(e, dict) else {}
    return e
lk = [e for e in f if get(e, "rule.name") == "webshell-linked"]
assert lk and all(get(e, "url.path") == "/wp-content/uploads/2021/03/x.php" for e in lk), [get(e, "url.path") for e in lk]
PY
finish
