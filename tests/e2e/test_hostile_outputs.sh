#!/usr/bin/env bash
# End-to-end: where shellsift writes and what it prints from hostile input.
# An output file inside a scanned root is refused (through "..", links and
# the root given twice) unless --allow-output-in-root, and then not scanned;
# an output path that is a symbolic link is never followed;
# stdout redirected into the root is warned about and not scanned; warnings
# of `exchange` echo build-table bytes escaped; --max-memory holds a file
# that does not fit out of memory, with a memory-limit warning (exit 2),
# while files that fit are still scanned; --rule-timeout stops a rule that
# would run for hours and names the file.
. "$(dirname "$0")/lib.sh"
R=$TMP/root
mkdir -p "$R/sub" "$TMP/elsewhere"
cp -r demo/. "$R/"
ln -s "$R" "$TMP/link"

run_scan "$TMP/o1" -q -o "$R/report.txt" "$R"
check "output inside the root: refused, exit 2" test "$rc" -eq 2
check "output inside the root: nothing written" test ! -e "$R/report.txt"
check "output inside the root: the message says why" grep -q "refusing to write .*inside the scanned" "$TMP/o1.err"
run_scan "$TMP/o2" -q -o "$TMP/elsewhere/../link/sub/report.txt" "$TMP/elsewhere" "$R"
check "through '..' and a link into the second root: refused" test "$rc" -eq 2 -a ! -e "$R/sub/report.txt"
run_scan "$TMP/o3" --json -o "$TMP/elsewhere/report.jsonl" "$R"
check "output outside the root: written, findings exit 1" test "$rc" -eq 1 -a -s "$TMP/elsewhere/report.jsonl"
check "output outside the root: stdout left empty" test ! -s "$TMP/o3"
check "output outside the root: valid JSON Lines" jsonl "$TMP/elsewhere/report.jsonl" finding /uploads/thumb.php
cp "$TMP/elsewhere/report.jsonl" "$R/sub/old.php" # an output that matches rules if scanned
run_scan "$TMP/o4" --json --allow-output-in-root -o "$R/sub/old.php" "$R"
check "--allow-output-in-root: written" test "$rc" -eq 1 -a -s "$R/sub/old.php"
check "--allow-output-in-root: own output not scanned" bash -c "! grep -q 'old.php' '$R/sub/old.php'"
rm -f "$R/sub/old.php"
echo precious >"$TMP/precious" && ln -s "$TMP/precious" "$TMP/elsewhere/planted.json"
run_scan "$TMP/o7" -q -o "$TMP/elsewhere/planted.json" "$R"
check "output path is a planted symlink: refused, target untouched" \
  test "$rc" -eq 2 -a "$(cat "$TMP/precious")" = precious
"$SHELLSIFT" scan -q "$R" >"$R/sub/stdout.txt" 2>"$TMP/o5.err"
check "stdout redirected into the root: warned" grep -q "standard output is a file inside the scanned" "$TMP/o5.err"
check "stdout redirected into the root: not scanned" bash -c "! grep -q 'stdout.txt' '$R/sub/stdout.txt'"
rm -f "$R/sub/stdout.txt"
run_scan "$TMP/o6" -q "$R"
check "stdout not in the root: no warning" bash -c "! grep -q 'standard output' '$TMP/o6.err'"

# exchange echoes malformed build-table rows in its warnings: escaped.
{ grep -m1 '^product,' rules/builds.csv; grep -v '^#' rules/builds.csv | sed -n 2p; printf 'Exchange 2016,CU1,15.1.\033]0;owned\007\033[2J,2021-01-01,KB1,x,\n'; } >"$TMP/builds.csv"
"$SHELLSIFT" exchange --builds "$TMP/builds.csv" "$TMP/elsewhere" >/dev/null 2>"$TMP/ex.err"
check "exchange warning names the row" grep -q "line 3" "$TMP/ex.err"
check "exchange warning: no escape sequence on the terminal" bash -c "! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' '$TMP/ex.err'"

# --max-memory: the ceiling holds and says so, per file.
head -c 3000000 /dev/zero | tr '\0' 'a' >"$R/big.php"
run_scan "$TMP/m1.jsonl" --json --max-memory 2M "$R"
check "--max-memory 2M: 3 MB file gets a memory-limit warning" jsonl "$TMP/m1.jsonl" warning memory-limit /big.php
check "--max-memory 2M: smaller files still scanned" jsonl "$TMP/m1.jsonl" finding /uploads/thumb.php
check "--max-memory 2M: findings still exit 1" test "$rc" -eq 1
rm -f "$R/uploads/thumb.php"
run_scan "$TMP/m2.jsonl" --json --max-memory 2M "$R"
check "--max-memory hit and nothing found: incomplete, exit 2" test "$rc" -eq 2
run_scan "$TMP/m3.jsonl" --json "$R"
check "default --max-memory: 3 MB file read whole, exit 0" test "$rc" -eq 0
run_scan "$TMP/m4" --max-memory 1000 "$R"
check "--max-memory below 1M: usage error" test "$rc" -eq 2 -a -n "$(grep max-memory "$TMP/m4.err")"

# --rule-timeout: a rule that would run for hours stops on time, named.
mkdir -p "$TMP/rt" && head -c 100000 /dev/zero | tr '\0' 'a' >"$TMP/rt/slow.php"
printf '// shellsift test fixture: inert\nrule slow { condition: for all i in (0..filesize) : (for all j in (0..filesize) : (uint8(j) != 0)) }\n' >"$TMP/slow.yar"
start=$(date +%s)
run_scan "$TMP/rt.jsonl" --json --no-builtin --rules "$TMP/slow.yar" --rule-timeout 1 "$TMP/rt"
check "--rule-timeout 1: stops within 10 s" test $(($(date +%s) - start)) -le 10
check "--rule-timeout 1: rule-timeout warning names the file" jsonl "$TMP/rt.jsonl" warning rule-timeout /slow.php
check "--rule-timeout 1: incomplete, exit 2" test "$rc" -eq 2
finish
