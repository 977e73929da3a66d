#!/usr/bin/env bash
# test_rule_literals.sh - the built-in rules generalise: no literal of 24+
# characters in rules/yara/*.yar or rules/iocs/* occurs verbatim in a file
# of ../shared/corpus/shells, and no corpus hash or file name is in a rule
# (tests/corpus/rule_literals.py; needs ../shared: skipped with a reason
# without it).  The checker is shown to catch a planted literal first.
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
CORPUS=../shared/corpus/shells

if [ ! -f "$CORPUS/MANIFEST.tsv" ]; then
  echo "SKIP: $CORPUS absent (the real web-shell corpus is in ../shared)"
  finish
  exit $?
fi

check "rules: no 24+ character corpus literal, hash or file name" python3 tests/corpus/rule_literals.py rules "$CORPUS"

# The check can fail: a rule quoting 32 characters of a development-set
# file, and one naming a corpus file, are both caught.
cp -r rules "$TMP/rules"
python3 - "$CORPUS" "$TMP/rules/yara/planted.yar" <<'PY'
import os, re, sys
corpus, out = sys.argv[1], sys.argv[2]
for line in open(os.path.join(corpus, "MANIFEST.tsv"), encoding="utf-8"):
    sha, lang = line.split("\t")[:2]
    if sha[0] in "ef" or lang != "php":
        continue
    path = next((os.path.join(r, n) for r, _, ns in os.walk(os.path.join(corpus, lang)) for n in ns
                 if n.startswith(sha[:16])), None)
    m = path and re.search(rb"[A-Za-z0-9(),;=$_'.]{8} [A-Za-z0-9 (),;=$_'.]{23}", open(path, "rb").read())
    if m:
        lit = m.group(0).decode().replace("\\", "\\\\")
        open(out, "w").write('rule planted {\n  strings:\n    $a = "%s"\n  condition:\n    $a\n}\n' % lit)
        break
PY
check "rules: a planted corpus literal is caught" \
  sh -c '! python3 tests/corpus/rule_literals.py "$1" "$2" >/dev/null 2>&1' - "$TMP/rules" "$CORPUS"
rm -f "$TMP/rules/yara/planted.yar"
dev=$(awk -F'\t' 'NR > 1 && $1 !~ /^[ef]/ {print substr($1, 1, 16); exit}' "$CORPUS/MANIFEST.tsv")
echo "rule named { meta: note = \"$dev\" condition: false }" >"$TMP/rules/yara/named.yar"
check "rules: a corpus file name in a rule is caught" \
  sh -c '! python3 tests/corpus/rule_literals.py "$1" "$2" >/dev/null 2>&1' - "$TMP/rules" "$CORPUS"
finish
