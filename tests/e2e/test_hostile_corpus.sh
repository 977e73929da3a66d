#!/usr/bin/env bash
# End-to-end: the adversarial corpus of tests/hostile/gen (bombs, a 10 GB
# sparse log, a 100 MB line, base64 nested 50 deep, a 16 MB flood of rule
# atoms, corrupt EVTX chunks, a
# PE with a looping resource directory, control characters in names, a
# tree deeper than PATH_MAX, a symlink loop) through every command that
# reads evidence.  Each run must:
#   - finish within its stated time (SCAN_LIMIT etc. below),
#   - keep its peak RSS within the stated ceiling (CEIL_MB; x4 under ASan,
#     whose shadow memory and quarantine are not ours),
#   - exit 2 with a warning naming each skipped item, and not crash,
#   - put no control byte, escape sequence or bidi control on the terminal.
# `logs` and `sweep` are checked the same way once they exist.
. "$(dirname "$0")/lib.sh"
C=$TMP/corpus
python3 tests/hostile/gen "$C" >"$TMP/manifest" || { fail "tests/hostile/gen"; finish; exit; }

SCAN_LIMIT=120 EXCHANGE_LIMIT=30 LOGS_LIMIT=180 SWEEP_LIMIT=300 # seconds
MAX_MEMORY_MB=64  # --max-memory of the scan
CEIL_MB=$((MAX_MEMORY_MB + 192)) # + 8 MiB kept per thread, rules, hashes, libraries
grep -q __asan_init "$SHELLSIFT" 2>/dev/null && CEIL_MB=$((CEIL_MB * 4))

# measure LIMIT OUT CMD...: runs CMD with stdout in OUT, stderr in OUT.err;
# sets rc (124 on timeout), secs and rss_mb (peak of the child).
measure() {
  local limit=$1 out=$2
  shift 2
  read -r rc secs rss_mb < <(python3 - "$limit" "$out" "$@" <<'PY'
import resource, subprocess, sys, time
limit, out, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
start = time.time()
try:
    rc = subprocess.run(cmd, stdout=open(out, "wb"), stderr=open(out + ".err", "wb"), timeout=limit).returncode
except subprocess.TimeoutExpired:
    rc = 124
print(rc, "%.1f" % (time.time() - start), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
)
  echo "$(basename "$out"): exit $rc, $secs s, peak RSS $rss_mb MB" >&2
}

# terminal_clean FILE...: no C0 control but TAB/LF, no DEL, no C1 (raw or
# UTF-8), no bidi control, in what a terminal would be shown.
terminal_clean() {
  python3 - "$@" <<'PY'
import sys
bad = set(range(0x00, 0x20)) - {0x09, 0x0A}
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    raw = [b for b in data if b in bad or b == 0x7F]
    text = data.decode("utf-8", errors="replace")
    cps = [c for c in text if 0x80 <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069]
    if raw or cps:
        sys.exit("%s: %d raw control bytes, %d C1/bidi characters" % (path, len(raw), len(cps)))
PY
}

# sane RC: the command ran to its end (no signal, no sanitizer abort).
no_crash() {
  [ "$rc" -le 2 ] && ! grep -qE 'runtime error|Sanitizer|Segmentation|Aborted' "$1.err"
}

# ---- scan: JSON for the checks, text for the terminal ----------------------
SCAN_OPTS=(--threads 2 --max-size 256M --max-memory ${MAX_MEMORY_MB}M --rule-timeout 5)
measure $SCAN_LIMIT "$TMP/scan.jsonl" "$SHELLSIFT" scan --json "${SCAN_OPTS[@]}" "$C"
check "scan: finished within ${SCAN_LIMIT} s" test "$rc" -ne 124
check "scan: no crash" no_crash "$TMP/scan.jsonl"
check "scan: peak RSS ${rss_mb} MB within ${CEIL_MB} MB" test "$rss_mb" -le "$CEIL_MB"
check "scan: inert corpus, nothing found, items skipped: exit 2" test "$rc" -eq 2
check "scan: JSON Lines stay valid" jsonl "$TMP/scan.jsonl" valid
check "scan: 100 MB line above --max-memory: memory-limit warning" \
  jsonl "$TMP/scan.jsonl" warning memory-limit /u_ex210306.log
check "scan: 10 GB sparse log: too-large warning" jsonl "$TMP/scan.jsonl" warning too-large /u_ex210305.log
check "scan: 16 MB match flood stopped by --rule-timeout 5" jsonl "$TMP/scan.jsonl" warning rule-timeout /flood.php
check "scan: symlink loop reported" jsonl "$TMP/scan.jsonl" warning symlink /web/loop-a
check "scan: tree deeper than PATH_MAX reported" jsonl "$TMP/scan.jsonl" warning name-too-long
check "scan: base64 nested 50 deep read whole" python3 - "$TMP/scan.jsonl" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(any(e["event"] == "warning" and e["path"].endswith("nested.php") for e in ev))
PY
check "scan: PHP folding storms (increments, nested \${}, interpolation, comparisons) are no finding" \
  python3 - "$TMP/scan.jsonl" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
storms = ("steps.php", "braces.php", "interp.php", "compare.php")
sys.exit(any(e["event"] == "finding" and e["path"].endswith(storms) for e in ev))
PY
check "scan: every incomplete item has its warning" python3 - "$TMP/scan.jsonl" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
s = [e for e in ev if e["event"] == "summary"][-1]
sys.exit(s["errors"] != sum(1 for e in ev if e["event"] == "warning" and e["incomplete"]) or s["errors"] < 2
         or s["complete"])
PY
measure $SCAN_LIMIT "$TMP/scan.txt" "$SHELLSIFT" scan --no-color "${SCAN_OPTS[@]}" "$C"
check "scan (text): exit 2" test "$rc" -eq 2
check "scan (text): no control byte on the terminal" terminal_clean "$TMP/scan.txt" "$TMP/scan.txt.err"

# Names with every control character, made findings by a name IOC so each
# is printed: escaped on the terminal, exact in JSON.
mkdir -p "$TMP/iocs" && printf '(ctl|esc)-;50\n' >"$TMP/iocs/filename-iocs.txt"
measure $SCAN_LIMIT "$TMP/names.txt" "$SHELLSIFT" scan --no-color --no-builtin --iocs "$TMP/iocs" "$C/web/names"
check "control names: all 36 reported (exit 1)" test "$rc" -eq 1 -a "$(grep -c '^MEDIUM' "$TMP/names.txt")" -eq 36
check "control names: no control byte on the terminal" terminal_clean "$TMP/names.txt" "$TMP/names.txt.err"
check "control names: each control byte shown as \\xNN" python3 - "$TMP/names.txt" <<'PY'
import sys
t = open(sys.argv[1], encoding="utf-8").read()
missing = [c for c in list(range(1, 0x20)) + [0x7F] if c not in (9, 10, 13) and "ctl-%02x-\\x%02X.txt" % (c, c) not in t]
missing += [c for c, e in ((9, "\\t"), (10, "\\n"), (13, "\\r")) if "ctl-%02x-%s.txt" % (c, e) not in t]
sys.exit("not shown escaped: %s" % missing if missing else 0)
PY
"$SHELLSIFT" scan --json --no-builtin --iocs "$TMP/iocs" "$C/web/names" >"$TMP/names.jsonl" 2>/dev/null
check "control names: JSON paths decode to the exact names" python3 - "$TMP/names.jsonl" "$C/web/names" <<'PY'
import base64, json, os, sys
got = set()
for e in map(json.loads, open(sys.argv[1])):
    if e["event"] == "finding":
        p = base64.b64decode(e["path_base64"]) if "path_base64" in e else e["path"].encode()
        got.add(os.path.basename(p))
sys.exit(got != set(os.listdir(sys.argv[2].encode())))
PY

# ---- exchange: looping PE resources, escape sequences in a #Version line -----
measure $EXCHANGE_LIMIT "$TMP/ex.txt" "$SHELLSIFT" exchange --no-color "$C/exchange"
check "exchange: finished within ${EXCHANGE_LIMIT} s, no crash" no_crash "$TMP/ex.txt"
check "exchange: peak RSS ${rss_mb} MB within ${CEIL_MB} MB" test "$rss_mb" -le "$CEIL_MB"
check "exchange: no build determined: exit 2" test "$rc" -eq 2
check "exchange: the resource loop is named" grep -q "resource directory loop" "$TMP/ex.txt"
check "exchange: no control byte on the terminal" terminal_clean "$TMP/ex.txt" "$TMP/ex.txt.err"
measure $EXCHANGE_LIMIT "$TMP/ex.json" "$SHELLSIFT" exchange --json "$C/exchange"
check "exchange (json): one valid object, exit 2" python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]; sys.exit(int(sys.argv[2]) != 2)' "$TMP/ex.json" "$rc"

# ---- logs and sweep: the same checks, active once the commands exist --------
# names_each FILE...: every skipped log item is named in the output.
names_each() {
  local f
  for f in u_ex210304.log.gz u_ex210305.log u_ex210306.log Application.evtx; do
    grep -qF "$f" "$@" || { echo "no warning names $f" >&2; return 1; }
  done
}
if "$SHELLSIFT" logs --help >/dev/null 2>&1; then
  measure $LOGS_LIMIT "$TMP/logs.jsonl" "$SHELLSIFT" logs --json "$C/logs"
  check "logs: finished within ${LOGS_LIMIT} s, no crash" no_crash "$TMP/logs.jsonl"
  check "logs: peak RSS ${rss_mb} MB within ${CEIL_MB} MB" test "$rss_mb" -le "$CEIL_MB"
  check "logs: items skipped: exit 2" test "$rc" -eq 2
  check "logs: JSON Lines stay valid" jsonl "$TMP/logs.jsonl" valid
  check "logs: a warning names the bomb, the long line and the EVTX" names_each "$TMP/logs.jsonl"
  measure $LOGS_LIMIT "$TMP/logs.txt" "$SHELLSIFT" logs --no-color "$C/logs"
  check "logs: no control byte on the terminal" terminal_clean "$TMP/logs.txt" "$TMP/logs.txt.err"
else
  echo "(logs checks inactive: no 'shellsift logs' in this build)" >&2
fi
if "$SHELLSIFT" sweep --help >/dev/null 2>&1; then
  measure $SWEEP_LIMIT "$TMP/sweep.txt" "$SHELLSIFT" sweep --no-color "$C"
  check "sweep: finished within ${SWEEP_LIMIT} s, no crash" no_crash "$TMP/sweep.txt"
  check "sweep: peak RSS ${rss_mb} MB within ${CEIL_MB} MB" test "$rss_mb" -le "$CEIL_MB"
  check "sweep: items skipped: exit 2" test "$rc" -eq 2
  check "sweep: a warning names each skipped log" names_each "$TMP/sweep.txt" "$TMP/sweep.txt.err"
  check "sweep: no control byte on the terminal" terminal_clean "$TMP/sweep.txt" "$TMP/sweep.txt.err"
else
  echo "(sweep checks inactive: no 'shellsift sweep' in this build)" >&2
fi
finish
