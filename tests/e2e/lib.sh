# lib.sh - the end-to-end test helpers: sourced by each tests/e2e/*.sh.
# A test names what it checks; the file ends with `finish`, which prints the
# "N passed, N failed" line tests/run adds up.
set -u
SHELLSIFT=${SHELLSIFT:-build/shellsift}
passed=0
failed=0
TMP=$(mktemp -d)
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() { local d=$1; shift; if "$@"; then pass; else fail "$d"; fi; }
# run_scan OUTFILE ARGS...: runs the scanner, keeps stdout in OUTFILE, stderr in OUTFILE.err, sets $rc.
run_scan() { local out=$1; shift; "$SHELLSIFT" scan "$@" >"$out" 2>"$out.err"; rc=$?; }
# jq-like checks with python3 over JSON Lines.
jsonl() { python3 "$(dirname "${BASH_SOURCE[0]}")/jsonl.py" "$@"; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }
