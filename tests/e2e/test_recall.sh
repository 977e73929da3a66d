#!/usr/bin/env bash
# test_recall.sh - recall on the real web shells of ../shared/corpus/shells
# (needs ../shared: skipped with a reason without it).
#   - bench/recall --json: for each language (asp, aspx, jsp, php), the
#     development set found at medium or above stays at or above the floor
#     below: what shellsift reached, so that a change that loses shells
#     fails.  Issue 11's aim is 97% for every language; a language whose
#     floor is under it prints how far it is (a note, not a pass);
#   - the held-out recall (sha256 e*, f*) is printed, never asserted: it
#     predicts the recall on shells nobody here has seen;
#   - the learned PHP model (shellsift.lang.model) finds development-set
#     shells that nothing else does, each at medium with no stronger reason,
#     and --no-model turns it off;
#   - tests/corpus/not-shells.txt, the files left out as not server-side
#     shells, is well formed (16-hex name and a reason), names corpus files,
#     and stays at or under 1% of the corpus.
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
CORPUS=../shared/corpus/shells
AIM=97.0
# language and the development-set recall it must keep (percent)
FLOORS="asp 97.0
aspx 97.0
jsp 97.0
php 97.0"

if [ ! -f "$CORPUS/MANIFEST.tsv" ]; then
  echo "SKIP: $CORPUS absent (the real web-shell corpus is in ../shared)"
  finish
  exit $?
fi

check "not-shells.txt: each line is a 16-hex corpus name and a reason, at most 1% of the corpus" \
  python3 - "$CORPUS/MANIFEST.tsv" tests/corpus/not-shells.txt <<'PY'
import re, sys
names = {line.split("\t", 1)[0][:16] for line in open(sys.argv[1], encoding="utf-8") if "\t" in line}
n = 0
for line in open(sys.argv[2], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"):
        continue
    m = re.fullmatch(r"([0-9a-f]{16}) +# +\S.{7,}", line)
    if not m:
        sys.exit(f"malformed line: {line!r}")
    if m.group(1) not in names:
        sys.exit(f"not a corpus file: {m.group(1)}")
    n += 1
if n * 100 > len(names):
    sys.exit(f"{n} files left out of {len(names)}: more than 1%")
PY

python3 bench/recall --binary "$SHELLSIFT" --json >"$TMP/recall.json" 2>"$TMP/recall.err"
check "bench/recall runs and prints one JSON object" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/recall.json"

# one line per language: name, dev found, dev total, held-out found, held-out total
python3 - "$TMP/recall.json" >"$TMP/table" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for lang in ("asp", "aspx", "jsp", "php"):
    t = r["languages"].get(lang, {"dev": [0, 0], "held_out": [0, 0]})
    print(lang, *t["dev"], *t["held_out"])
PY
while read -r lang dev_hit dev_n ho_hit ho_n; do
  pct=$(python3 -c "print(f'{100.0 * $dev_hit / max($dev_n, 1):.1f}')")
  ho=$(python3 -c "print(f'{100.0 * $ho_hit / max($ho_n, 1):.1f}')")
  echo "recall $lang: development set $pct% ($dev_hit/$dev_n), held-out $ho% ($ho_hit/$ho_n)"
  min=$(echo "$FLOORS" | awk -v l="$lang" '$1 == l { print $2 }')
  check "recall $lang: development set $pct% ($dev_hit/$dev_n) >= ${min:-$AIM}% at medium or above" \
    python3 -c "import sys; sys.exit(not ($dev_n > 0 and 100.0 * $dev_hit / $dev_n >= ${min:-$AIM}))"
  python3 -c "import sys; sys.exit(100.0 * $dev_hit / max($dev_n, 1) >= $AIM)" &&
    echo "note: recall $lang is under the $AIM% aim of the development set"
done <"$TMP/table"

# --- the learned PHP model on real shells: it speaks where nothing else did, at medium only ---
"$SHELLSIFT" scan --json "$CORPUS/php" >"$TMP/php.jsonl" 2>/dev/null
"$SHELLSIFT" scan --json --no-model "$CORPUS/php" >"$TMP/php-nomodel.jsonl" 2>/dev/null
check "the model finds development-set PHP shells the rest misses, each at medium and alone" \
  python3 - "$TMP/php.jsonl" "$TMP/php-nomodel.jsonl" <<'PY'
import json, os, sys
def dev(path):  # the held-out eighth is counted, never named
    return not os.path.basename(path).startswith(("e", "f"))
def load(path):
    recs = (json.loads(line) for line in open(path))
    return {r["path"]: r for r in recs if r.get("event") == "finding" and dev(r["path"])}
on, off = load(sys.argv[1]), load(sys.argv[2])
spoke = [r for r in on.values() if "shellsift.lang.model" in r["rules"]]
assert spoke, "no shellsift.lang.model finding"
for r in spoke:
    assert r["severity"] == "medium", r["path"]
    assert all(x["score"] < 40 for x in r["reasons"] if x["rule"] != "shellsift.lang.model"), r["path"]
gained = [p for p, r in on.items() if r["severity"] != "low" and (p not in off or off[p]["severity"] == "low")]
assert gained and all("shellsift.lang.model" in on[p]["rules"] for p in gained), gained
assert not any("shellsift.lang.model" in r["rules"] for r in off.values())
PY
finish
