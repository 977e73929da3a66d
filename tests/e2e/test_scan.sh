#!/usr/bin/env bash
# End-to-end: the real binary on the fixture tree, the demo tree, every
# output format, exit statuses and the options that change what is scanned.
. "$(dirname "$0")/lib.sh"
FIX=tests/fixtures

# --- every fixture gets the expected category and severity (expected.tsv) ---
run_scan "$TMP/fix.jsonl" --json "$FIX"
check "fixture scan exits 1 (findings)" test "$rc" -eq 1
check "fixture output is JSON Lines" jsonl "$TMP/fix.jsonl" valid
while IFS=$'\t' read -r rel category severity rule; do
  case "$rel" in ''|\#*) continue ;; esac
  if [ "$category" = none ]; then
    check "benign $rel not flagged high" jsonl "$TMP/fix.jsonl" no-finding "/$rel" high
  else
    conds=("category=$category")
    [ "$rule" != - ] && conds+=("rules=$rule")
    check "$rel: $category $rule" jsonl "$TMP/fix.jsonl" finding "/$rel" "${conds[@]}"
    check "$rel: at least $severity" python3 - "$TMP/fix.jsonl" "/$rel" "$severity" <<'PY'
import json, sys
sev = {"low": 0, "medium": 1, "high": 2, "critical": 3}
fs = [json.loads(l) for l in open(sys.argv[1])]
hits = [f for f in fs if f["event"] == "finding" and f["path"].endswith(sys.argv[2])]
sys.exit(0 if hits and sev[hits[0]["severity"]] >= sev[sys.argv[3]] else 1)
PY
  fi
done < "$FIX/expected.tsv"
check "every finding has sha256, size, mtime, score, reason" python3 - "$TMP/fix.jsonl" <<'PY'
import json, re, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["event"] != "finding":
        continue
    assert re.fullmatch(r"[0-9a-f]{64}", e["sha256"]), e
    assert re.fullmatch(r"[0-9a-f]{32}", e["md5"]) and re.fullmatch(r"[0-9a-f]{40}", e["sha1"]), e
    assert e["size"] > 0 and e["mtime"].endswith("Z") and 0 < e["score"] <= 100, e
    assert e["rules"] and e["reason"] and e["severity"] in ("low", "medium", "high", "critical"), e
PY
check "summary counts the findings" jsonl "$TMP/fix.jsonl" summary complete=true
# twins of technique rules whose look-alike wording they carry: no finding at any severity
for twin in benign/db_plugin_admin.php benign/site_search_box.php \
    lang/benign/tool_twin_backup_own_config.php lang/benign/tool_twin_deface_news.php lang/benign/tool_twin_ftp_login.php lang/benign/tool_twin_port_monitor.php lang/benign/tool_twin_statsd.php lang/benign/tool_twin_uptime_ping.php lang/benign/tool_twin_user_import.php; do
  check "benign $twin raises nothing" jsonl "$TMP/fix.jsonl" no-finding "/$twin" low
done

# --- the demo tree: exactly one planted shell ---
run_scan "$TMP/demo.jsonl" --json demo
check "demo exits 1" test "$rc" -eq 1
check "demo has exactly one finding" test "$(jsonl "$TMP/demo.jsonl" count finding)" -eq 1

# --- text output for a person ---
run_scan "$TMP/demo.txt" --no-color demo
check "text output names the shell" grep -q 'uploads/' "$TMP/demo.txt"
check "text summary states the result" grep -q '^Result: ' "$TMP/demo.txt.err"
check "no escape sequences without a terminal" bash -c "! grep -q $'\x1b' '$TMP/demo.txt' '$TMP/demo.txt.err'"

# --- CSV ---
run_scan "$TMP/demo.csv" --csv demo
check "csv has a header and one row" test "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1])))))' "$TMP/demo.csv")" -eq 2

# --- quiet: findings only ---
run_scan "$TMP/q.jsonl" --json -q demo
check "quiet prints findings only" test "$(jsonl "$TMP/q.jsonl" count summary)" -eq 0

# --- clean tree: exit 0 and an explicit "no findings" ---
mkdir -p "$TMP/clean/sub" && echo '<?php echo "hello";' > "$TMP/clean/sub/index.php"
run_scan "$TMP/clean.txt" "$TMP/clean"
check "clean tree exits 0" test "$rc" -eq 0
check "clean summary says no findings" grep -q 'no findings' "$TMP/clean.txt.err"

# --- exclusions ---
run_scan "$TMP/ex.jsonl" --json --exclude 'uploads' demo
check "--exclude skips the directory" test "$rc" -eq 0
check "--exclude is counted" jsonl "$TMP/ex.jsonl" summary excluded=1

# --- a single file as the root ---
shell=$(python3 -c 'import json,sys; print([e["path"] for e in map(json.loads, open(sys.argv[1])) if e["event"]=="finding"][0])' "$TMP/demo.jsonl")
run_scan "$TMP/one.jsonl" --json "$shell"
check "a file named directly is scanned" test "$(jsonl "$TMP/one.jsonl" count finding)" -eq 1

# --- user rules: compiled with the externals community rules use ---
cat > "$TMP/user.yar" <<'YAR'
rule user_marker_in_php {
  meta: description = "test rule" score = 55
  strings: $a = "hello"
  condition: $a and extension == "php" and filename == "index.php" and filepath contains "/sub/"
}
YAR
run_scan "$TMP/user.jsonl" --json --no-builtin --rules "$TMP/user.yar" "$TMP/clean"
check "user rule with externals matches" jsonl "$TMP/user.jsonl" finding /sub/index.php rules=user_marker_in_php severity=medium category=yara
printf 'rule broken { strings: $a = "x" condition: $b }\n' > "$TMP/broken.yar"
mkdir -p "$TMP/ruledir" && cp "$TMP/user.yar" "$TMP/broken.yar" "$TMP/ruledir/"
run_scan "$TMP/broken.jsonl" --json --no-builtin --rules "$TMP/ruledir" "$TMP/clean"
check "a broken rule file is reported with its line" jsonl "$TMP/broken.jsonl" warning rules broken.yar
check "the good rule file still runs" jsonl "$TMP/broken.jsonl" finding /sub/index.php rules=user_marker_in_php
check "a broken rule file makes the run exit 1 (finding) not crash" test "$rc" -eq 1
run_scan "$TMP/missing.txt" --rules "$TMP/does-not-exist.yar" "$TMP/clean"
check "a missing --rules path is an error" test "$rc" -eq 2

# --- IOCs in LOKI format ---
if [ -d "$FIX/iocs" ]; then
  run_scan "$TMP/ioc.jsonl" --json --no-builtin --iocs "$FIX/iocs" "$FIX"
  check "hash IOC matches" python3 -c 'import json,sys; sys.exit(0 if any(e["event"]=="finding" and "ioc-hash" in e["rules"] for e in map(json.loads, open(sys.argv[1]))) else 1)' "$TMP/ioc.jsonl"
  check "filename IOC matches" python3 -c 'import json,sys; sys.exit(0 if any(e["event"]=="finding" and "ioc-name" in e["rules"] for e in map(json.loads, open(sys.argv[1]))) else 1)' "$TMP/ioc.jsonl"
fi

# --- our own output inside the scanned tree is not scanned ---
cp -r demo "$TMP/demo2"
# (--all-files, so the report's excerpts of the shell would match if read)
"$SHELLSIFT" scan --json --all-files "$TMP/demo2" > "$TMP/demo2/report.jsonl" 2>/dev/null
cp "$TMP/demo2/report.jsonl" "$TMP/demo2/old-report.jsonl"
"$SHELLSIFT" scan --json --all-files "$TMP/demo2" > "$TMP/demo2/report.jsonl" 2>/dev/null
check "a copy of the report is flagged (the check below can fail)" jsonl "$TMP/demo2/report.jsonl" finding old-report.jsonl
check "own output file is not flagged" test "$(jsonl "$TMP/demo2/report.jsonl" count finding)" -eq 2

# --- usage errors ---
"$SHELLSIFT" scan >/dev/null 2>&1; check "no path: exit 2" test $? -eq 2
"$SHELLSIFT" scan --threads 0 demo >/dev/null 2>&1; check "bad --threads: exit 2" test $? -eq 2
"$SHELLSIFT" scan --max-size 12Q demo >/dev/null 2>&1; check "bad --max-size: exit 2" test $? -eq 2
"$SHELLSIFT" bogus >/dev/null 2>&1; check "unknown command: exit 2" test $? -eq 2
"$SHELLSIFT" scan --help | grep -q 'exit status'; check "--help documents exit status" test $? -eq 0
run_scan "$TMP/nope.txt" "$TMP/no-such-dir"
check "a missing root: exit 2" test "$rc" -eq 2

finish
