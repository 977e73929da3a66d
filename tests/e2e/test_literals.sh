#!/usr/bin/env bash
# No detection literal of 24 or more characters (a built-in rule's string,
# a string of the content analysis) is copied from a shell of
# ../shared/corpus/shells' development set, API, class, ProgID and CLSID
# names aside: detection must generalise (tests/corpus/literals).  Skipped,
# with the reason, without ../shared; the held-out eighth is never read.
. "$(dirname "$0")/lib.sh"
python3 tests/corpus/literals --list >"$TMP/list"
check "the literals are collected" test -s "$TMP/list"
check "the rules' and the analysis' literals are both read" bash -c \
  "grep -q '^rules/yara/' '$TMP/list' && grep -q '^src/lang/' '$TMP/list'"
if [ -f ../shared/corpus/shells/MANIFEST.tsv ]; then
  python3 tests/corpus/literals >"$TMP/out"
  rc=$?
  cat "$TMP/out"
  check "no literal is copied from a development-set shell" test "$rc" -eq 0
else
  echo "SKIP: ../shared/corpus/shells absent (a plain clone): nothing to compare the literals with"
fi
finish
