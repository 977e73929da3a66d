#!/usr/bin/env bash
# test_trust.sh - faults must never read as "nothing found": empty and
# missing arguments are usage errors; a failed write to stdout or to an
# output file is an error; a case file that cannot grow or cannot be
# written is reported with its cause and makes the sweep incomplete; a
# mistyped `exchange` target never reaches the network; a sweep killed at
# random moments (SIGKILL) leaves a case file that opens, holds no partial
# sweep, and takes the next sweep; Ctrl-C stops a sweep with its partial
# result marked incomplete.
source "$(dirname "$0")/lib.sh"

T=$TMP/trees
python3 tests/sweep/make-tree "$T" >/dev/null 2>&1 || { fail "tests/sweep/make-tree failed"; finish; exit; }
CLEAN=$T/clean
C=$T/compromised
# the compromised server with 20,000 more pages: a sweep long enough to be
# killed or interrupted half-way
big=$TMP/big
cp -r "$C" "$big"
python3 - "$big" <<'PY'
import os, sys
for i in range(20000):
    d = os.path.join(sys.argv[1], "var", "www", "site%d" % (i % 50))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "p%d.php" % i), "w") as f:
        f.write("<?php echo %d; ?>\n" % i)
PY

# ---- arguments ----
for cmd in scan logs sweep; do
  "$SHELLSIFT" $cmd "" >"$TMP/out" 2>"$TMP/err"
  rc=$?
  check "$cmd \"\": usage error (exit 2)" [ $rc -eq 2 ]
  check "$cmd \"\": says the argument is empty" grep -q 'empty' "$TMP/err"
  check "$cmd \"\": no summary from uninitialised counts" [ ! -s "$TMP/out" ]
  "$SHELLSIFT" $cmd "$TMP/no-such-dir" >"$TMP/out" 2>"$TMP/err"
  check "$cmd of a missing path: exit 2" [ $? -eq 2 ]
  check "$cmd of a missing path: names it and the cause" grep -q "no-such-dir: No such file or directory" "$TMP/err"
done
"$SHELLSIFT" scan --json "" >"$TMP/out" 2>/dev/null
check "scan --json \"\": exit 2, not 0" [ $? -eq 2 ]
"$SHELLSIFT" report "$TMP/no-such.db" >/dev/null 2>"$TMP/err"
check "report of a missing case file: exit 2 with the cause" [ $? -eq 2 ] && grep -q 'No such file' "$TMP/err"
"$SHELLSIFT" diff "$TMP/no-such.db" >/dev/null 2>"$TMP/err"
check "diff of a missing case file: exit 2" [ $? -eq 2 ]
check "diff of a missing case file: creates nothing" [ ! -e "$TMP/no-such.db" ]

# ---- writes that fail ----
mkdir -p "$TMP/quiet" && echo 'nothing here' >"$TMP/quiet/a.txt"
"$SHELLSIFT" scan --json "$TMP/quiet" >/dev/full 2>"$TMP/err"
check "scan --json > /dev/full, nothing found: exit 2" [ $? -eq 2 ]
check "scan --json > /dev/full: says the write failed and why" grep -q 'writing standard output failed: No space left' "$TMP/err"
"$SHELLSIFT" scan --json tests/fixtures/shells >/dev/full 2>"$TMP/err"
check "scan --json > /dev/full with findings: still exit 1" [ $? -eq 1 ]
check "scan --json > /dev/full with findings: the failure is said" grep -q 'writing standard output failed' "$TMP/err"
"$SHELLSIFT" scan tests/fixtures/shells >/dev/full 2>"$TMP/err"
check "scan (text) > /dev/full with findings: exit 1 and the failure said" [ $? -eq 1 ] &&
  grep -q 'writing standard output failed' "$TMP/err"
for cmd in "logs tests/fixtures/logs" "exchange $C" "sweep --json -q $CLEAN"; do
  # shellcheck disable=SC2086
  "$SHELLSIFT" $cmd >/dev/full 2>"$TMP/err"
  rc=$?
  check "$cmd > /dev/full: not exit 0" [ $rc -ne 0 ]
  check "$cmd > /dev/full: the failure is said" grep -q 'writing standard output failed' "$TMP/err"
done
"$SHELLSIFT" scan --json -o /dev/full "$TMP/quiet" 2>"$TMP/err"
rc=$?
check "scan --json -o /dev/full: exit 2" [ $rc -eq 2 ]
check "scan --json -o /dev/full: names the file" grep -q 'writing /dev/full failed' "$TMP/err"

# ---- exchange never turns a typo into a network lookup ----
cc -shared -fPIC -o "$TMP/nonet.so" tests/trust/nonet.c 2>"$TMP/cc.err" || fail "nonet.c: $(cat "$TMP/cc.err")"
for target in /mnt/does-not-exist exchange-c ./exchange-c 'C:\inetpub' no_such_dir/x; do
  : >"$TMP/net.log"
  NONET_LOG=$TMP/net.log LD_PRELOAD=$TMP/nonet.so "$SHELLSIFT" exchange -q "$target" >/dev/null 2>"$TMP/err"
  rc=$?
  check "exchange $target: usage error" [ $rc -eq 2 ]
  check "exchange $target: says how to name a host" grep -q 'fully qualified name' "$TMP/err"
  check "exchange $target: no name lookup, no socket" [ ! -s "$TMP/net.log" ]
done
# the shim sees lookups when there are some: the check above can fail
: >"$TMP/net.log"
NONET_LOG=$TMP/net.log LD_PRELOAD=$TMP/nonet.so "$SHELLSIFT" exchange -q --timeout 2 mail.example.org >/dev/null 2>&1
check "exchange mail.example.org: a remote target (the shim records its lookup)" grep -q 'mail.example.org' "$TMP/net.log"
NONET_LOG=$TMP/net2.log LD_PRELOAD=$TMP/nonet.so "$SHELLSIFT" exchange -q "$C" >"$TMP/local.out" 2>&1
check "exchange of an existing folder: read as a local install (exit 1: its build is vulnerable)" [ $? -eq 1 ]
check "exchange of an existing folder: no network" [ ! -s "$TMP/net2.log" ]

# ---- case files that fail ----
# a case file that cannot grow: the sweep says which file and why, is
# incomplete (exit 2 with nothing found, 1 with findings), and still
# reports what it found on the way
( trap '' XFSZ; ulimit -f 300; exec "$SHELLSIFT" sweep --json -q --case "$TMP/full.db" "$big" ) >"$TMP/full.json" 2>"$TMP/full.err"
rc=$?
check "case file that cannot grow, compromised tree: exit 1" [ $rc -eq 1 ]
check "case file that cannot grow: a case-file warning naming the file and the cause" \
  jsonl "$TMP/full.json" any 'r.get("shellsift",{}).get("kind")=="case-file" and "full.db" in r.get("message","") and ("full" in r["message"] or "disk" in r["message"] or "I/O" in r["message"])'
check "case file that cannot grow: the findings still reach the JSON stream" \
  jsonl "$TMP/full.json" any 'r.get("shellsift",{}).get("record")=="file"'
check "case file that cannot grow: the stream ends with a summary marked incomplete" \
  jsonl "$TMP/full.json" summary complete=false verdict=compromised
( trap '' XFSZ; ulimit -f 50; exec "$SHELLSIFT" sweep -q --case "$TMP/full2.db" "$CLEAN" ) >"$TMP/full2.out" 2>"$TMP/full2.err"
check "case file that cannot be created, clean tree: exit 2, never 0" [ $? -eq 2 ]
check "case file that cannot be created: the file and the cause are on stderr" grep -q 'full2.db.*error' "$TMP/full2.err"
if [ "$(id -u)" -eq 0 ]; then as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups); else as_user=(); fi
chmod 755 "$TMP" && chmod -R a+rX "$T"
mkdir -p "$TMP/ro" && chmod 555 "$TMP/ro"
"${as_user[@]}" "$SHELLSIFT" sweep -q --case "$TMP/ro/case.db" "$CLEAN" >/dev/null 2>"$TMP/ro.err"
check "case file in a read-only folder: exit 2" [ $? -eq 2 ]
check "case file in a read-only folder: names the file and the cause" \
  grep -q "ro/case.db.*Permission denied" "$TMP/ro.err"

# ---- SIGKILL at random points, then the next sweep ----
case=$TMP/killed.db
"$SHELLSIFT" sweep -q --case "$case" "$big" >/dev/null 2>&1 # one finished sweep to start from
start=$(date +%s%N)
"$SHELLSIFT" sweep -q --rescan --threads 1 --case "$TMP/timing.db" "$big" >/dev/null 2>&1
ms=$((($(date +%s%N) - start) / 1000000 + 1)) # how long one sweep takes here: kills land inside it
ok=0
for k in $(seq 1 20); do
  "$SHELLSIFT" sweep -q --rescan --threads 1 --case "$case" "$big" >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v r=$RANDOM -v ms=$ms 'BEGIN { printf "%.3f", r % ms / 1000 }')"
  kill -KILL $pid 2>/dev/null
  wait $pid 2>/dev/null
  if python3 - "$case" <<'PY'; then ok=$((ok + 1)); fi
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
# a sweep row exists only once it finished: a killed one left nothing
assert db.execute("SELECT count(*) FROM sweeps WHERE finished IS NULL").fetchone()[0] == 0
assert db.execute("SELECT count(*) FROM sweeps WHERE complete=1 AND verdict IS NULL").fetchone()[0] == 0
PY
done
check "20 sweeps killed at random points: the case file opens, no partial sweep in it" [ $ok -eq 20 ]
"$SHELLSIFT" sweep -q --case "$case" "$big" >/dev/null 2>&1
check "after the kills, the next sweep with the same case file works" [ $? -eq 1 ]
"$SHELLSIFT" report -q "$case"
check "after the kills, report reads the latest sweep (compromised: exit 1)" [ $? -eq 1 ]

# ---- Ctrl-C: stops, says so, keeps what it found, marked incomplete ----
# interrupted as soon as its first finding is out: half-way, however fast the machine
mkfifo "$TMP/int.fifo"
"$SHELLSIFT" sweep --json -q --rescan --case "$TMP/int.db" --threads 1 "$big" >"$TMP/int.fifo" 2>/dev/null &
pid=$!
{
  IFS= read -r first
  kill -INT $pid
  printf '%s\n' "$first"
  cat
} <"$TMP/int.fifo" >"$TMP/int.json"
wait $pid
rc=$?
check "Ctrl-C during a sweep: exit 1 or 2, never 0" [ $rc -eq 1 ] || [ $rc -eq 2 ]
check "Ctrl-C during a sweep: an interrupted warning" \
  jsonl "$TMP/int.json" any 'r.get("shellsift",{}).get("kind")=="interrupted"'
check "Ctrl-C during a sweep: the summary says incomplete" \
  jsonl "$TMP/int.json" any 'r.get("event")=="summary" and r["complete"] is False'
check "Ctrl-C during a sweep: the case file holds it, finished and incomplete" \
  python3 -c "import sqlite3,sys; db=sqlite3.connect('$TMP/int.db'); sys.exit(0 if db.execute('SELECT count(*) FROM sweeps WHERE finished IS NOT NULL AND complete=0').fetchone()[0]==1 else 1)"
finish
