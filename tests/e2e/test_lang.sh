#!/usr/bin/env bash
# End-to-end: the language-aware analysis stage on tests/fixtures/lang (one
# inert sample per language, technique, source and sink, and benign
# twins), as listed in its expected.tsv; the explanation names the sink;
# bounds become warnings; --no-analysis turns the stage off; attacker bytes
# in an explanation are escaped in every format.
. "$(dirname "$0")/lib.sh"
FIX=tests/fixtures/lang

run_scan "$TMP/lang.jsonl" --json "$FIX"
check "lang fixture scan exits 1 (findings)" test "$rc" -eq 1
check "lang fixture output is JSON Lines" jsonl "$TMP/lang.jsonl" valid

# one python pass over the table: prints a FAIL line per unmet expectation
python3 - "$TMP/lang.jsonl" "$FIX/expected.tsv" >"$TMP/expect.out" <<'PY'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
by_path = {}
for e in events:
    if e["event"] == "finding":
        by_path[e["path"].split("fixtures/lang/")[-1]] = e
for line in open(sys.argv[2], encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    rel, rule, score, text = line.rstrip("\n").split("\t")
    f = by_path.get(rel)
    lang = [r for r in (f["reasons"] if f else []) if r["rule"].startswith("shellsift.lang.")]
    if rule == "none":
        ok = not [r for r in lang if r["rule"] != "shellsift.lang.obfuscation"]
        print(("ok" if ok else "FAIL") + f" benign {rel}: {[(r['rule'], r['description']) for r in lang]}")
        continue
    if rule == "-":
        continue
    hits = [r for r in lang if r["rule"] == rule and r["score"] >= int(score) and text in r["description"]]
    print(("ok" if hits else "FAIL") + f" {rel}: want {rule} >= {score} naming {text!r}; got "
          f"{[(r['rule'], r['score'], r['description']) for r in lang]}")
PY
while read -r status rest; do
  if [ "$status" = ok ]; then pass; else fail "$rest"; fi
done <"$TMP/expect.out"
check "the table was read" test "$(wc -l <"$TMP/expect.out")" -gt 80

# --- the example from the issue, word for word ---
check "explanation of a decode chain" python3 - "$TMP/lang.jsonl" <<'PY'
import json, sys
want = "request input $_POST['z0'] reaches eval() after str_rot13 \u2192 base64_decode \u2192 gzinflate (line 5)"
sys.exit(0 if any(r["description"] == want for l in open(sys.argv[1]) for e in [json.loads(l)]
                  if e["event"] == "finding" for r in e["reasons"]) else 1)
PY

# --- bounds: a decompression bomb and nesting deeper than --decode-depth ---
check "a decompression bomb is a warning" jsonl "$TMP/lang.jsonl" warning analysis-limit php/bound_bomb.php
check "nesting deeper than the limit is a warning" jsonl "$TMP/lang.jsonl" warning analysis-limit php/bound_depth.php
run_scan "$TMP/deep.jsonl" --json --decode-depth 24 "$FIX/php/bound_depth.php"
check "a higher --decode-depth reads all twenty layers" bash -c "! grep -q analysis-limit '$TMP/deep.jsonl'"
run_scan "$TMP/big.jsonl" --json --decode-max 64M --analysis-timeout 0 "$FIX/php/bound_bomb.php"
check "a higher --decode-max decodes the 12 MiB" bash -c "! grep -q analysis-limit '$TMP/big.jsonl'"
check "bounds are not errors: the scan is complete" jsonl "$TMP/lang.jsonl" summary complete=true

# --- loaders with no request flow to follow, found by their rules (rules/yara/loaders.yar) ---
check "a BCEL class loader page is found" jsonl "$TMP/lang.jsonl" finding jsp/v2_bcel_loader.jsp rules=jsp_bcel_classloader
check "a TemplatesImpl bytecode page is found" jsonl "$TMP/lang.jsonl" finding jsp/v2_templatesimpl.jsp rules=jsp_templatesimpl_bytecodes
check "a PerlScript ASP shell is found" jsonl "$TMP/lang.jsonl" finding asp/v2_perlscript.asp rules=asp_perlscript_request_exec
check "an ASP include of a picture is found" jsonl "$TMP/lang.jsonl" finding asp/v2_include_image.asp rules=asp_include_image_file severity=high
check "an ASP include of pages is not" jsonl "$TMP/lang.jsonl" no-finding benign/v2_include_page.asp low
check "a lambda in a stream pipeline is found" jsonl "$TMP/lang.jsonl" finding jsp/v2_optional_map.jsp severity=high

# --- --no-analysis: no shellsift.lang reason at all ---
run_scan "$TMP/off.jsonl" --json --no-analysis "$FIX"
check "--no-analysis turns the stage off" bash -c "! grep -q 'shellsift.lang' '$TMP/off.jsonl'"
check "the stage finds what the rules alone miss" test \
  "$(grep -c '"finding"' "$TMP/lang.jsonl")" -gt "$(grep -c '"finding"' "$TMP/off.jsonl")"

# --- --no-model: the learned PHP model off, nothing else changed (its findings: test_recall.sh) ---
run_scan "$TMP/nomodel.jsonl" --json --no-model "$FIX"
check "--no-model turns the model off" bash -c "! grep -q 'shellsift.lang.model' '$TMP/nomodel.jsonl'"
check "--no-model changes nothing else" python3 - "$TMP/lang.jsonl" "$TMP/nomodel.jsonl" <<'PY'
import json, sys
def load(path):
    recs = (json.loads(line) for line in open(path))
    return {r["path"]: r for r in recs if r.get("event") == "finding"}
on, off = load(sys.argv[1]), load(sys.argv[2])
assert set(off) <= set(on)
for path, rec in on.items():
    others = sorted(r for r in rec["rules"] if r != "shellsift.lang.model")
    if len(others) < len(rec["rules"]):  # the model spoke: the rest is what the run without it found
        assert others == sorted(off[path]["rules"] if path in off else []), path
    else:
        assert (off[path]["severity"], sorted(off[path]["rules"])) == (rec["severity"], others), path
PY

# --- obfuscation statistics never flag a file on their own ---
check "statistics alone never make a finding" python3 - "$TMP/lang.jsonl" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["event"] == "finding" and all(r["rule"] == "shellsift.lang.obfuscation" for r in e["reasons"]):
        sys.exit(1)
PY

# --- attacker bytes in explanations are escaped in every format ---
esc=$FIX/php/escape_in_source.php
run_scan "$TMP/esc.txt" --no-color "$esc"
check "text: no raw control bytes from the file" bash -c "! grep -q \$'[\\x1b\\x07]' '$TMP/esc.txt'"
check "text: the escaped key is shown" grep -qF '\x1B[2J\x07' "$TMP/esc.txt"
run_scan "$TMP/esc.jsonl" --json "$esc"
check "json: the exact key survives, escaped" python3 -c '
import json, sys
sys.exit(0 if any("\x1b[2J\x07" in r["description"] for l in open(sys.argv[1]) for e in [json.loads(l)]
                  if e["event"] == "finding" for r in e["reasons"]) else 1)' "$TMP/esc.jsonl"
check "json: no raw control bytes" bash -c "! grep -q \$'[\\x1b\\x07]' '$TMP/esc.jsonl'"
run_scan "$TMP/esc.csv" --csv "$esc"
check "csv: no raw control bytes" bash -c "! grep -q \$'[\\x1b\\x07]' '$TMP/esc.csv'"

# --- usage errors ---
"$SHELLSIFT" scan --decode-depth 0 "$FIX" >/dev/null 2>&1; check "bad --decode-depth: exit 2" test $? -eq 2
"$SHELLSIFT" scan --decode-max 12 "$FIX" >/dev/null 2>&1; check "bad --decode-max: exit 2" test $? -eq 2
"$SHELLSIFT" scan --analysis-timeout x "$FIX" >/dev/null 2>&1; check "bad --analysis-timeout: exit 2" test $? -eq 2
"$SHELLSIFT" scan --help | grep -q -- '--no-analysis'; check "--help documents --no-analysis" test $? -eq 0
"$SHELLSIFT" scan --help | grep -q -- '--no-model'; check "--help documents --no-model" test $? -eq 0

finish
