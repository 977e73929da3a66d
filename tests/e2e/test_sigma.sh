#!/usr/bin/env bash
# End-to-end: the Sigma engine on SigmaHQ's rules and regression data
# (../shared/sigma) and the web-server and proxy fixtures, through the record
# driver built beside $SHELLSIFT (tests/sigma/run says what each part
# checks; it skips with the reason when ../shared is absent).  The
# regression cases run on the reference decoding of each .evtx, on what
# our own reader makes of it (`shellsift logs --dump`), and end to end
# through `shellsift logs --json --sigma` (the cli-* parts: each rule
# alone and every rule at once, loading, web-server fixtures as real IIS
# and Apache lines, hostile rules).
cd "$(dirname "$0")/../.." || exit 2
SHELLSIFT=${SHELLSIFT:-build/shellsift}
build=$(dirname "$SHELLSIFT")
p=0 f=0
for mode in reference reader cli; do
  if [ "$mode" = reference ]; then
    out=$(python3 tests/sigma/run --build "$build" 2>&1)
  elif [ "$mode" = cli ]; then
    out=$(python3 tests/sigma/run --build "$build" --parts cli 2>&1)
  else
    out=$(python3 tests/sigma/run --build "$build" --parts regression --dump "$SHELLSIFT logs --dump" 2>&1)
  fi
  rc=$?
  printf '%s\n' "$out"
  line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
  if [ -z "$line" ]; then f=$((f + 1)); continue; fi
  p=$((p + $(echo "$line" | cut -d' ' -f1)))
  f=$((f + $(echo "$line" | cut -d' ' -f3)))
  [ $rc -ne 0 ] && [ "$(echo "$line" | cut -d' ' -f3)" -eq 0 ] && f=$((f + 1))
done
echo "$p passed, $f failed"
[ $f -eq 0 ]
