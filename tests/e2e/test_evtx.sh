#!/usr/bin/env bash
# End-to-end: our EVTX reader through `shellsift logs --dump`.
#  1. Files built from the format's specification (tests/logs/make-evtx
#     --spec): every value type, arrays, binary XML values, templates
#     reused within and across chunks, a chunk with a bad checksum, a
#     damaged record, a deleted record in free space, a chunk the header
#     does not count, a truncated file: the dump must equal what was
#     written, with the warnings and exit status each case calls for.
#  2. Real logs (needs ../shared): every record and field of SigmaHQ's 162
#     regression .evtx files equals the reference decoder's .json beside it
#     (tests/e2e/evtx_oracle.py), and every record the chunk headers of the
#     sample logs in ../shared/evtx-samples announce is read.
. "$(dirname "$0")/lib.sh"
ORACLE="python3 $(dirname "$0")/evtx_oracle.py"
SHARED=../shared

# --- 1. from the specification ---
python3 tests/logs/make-evtx --spec "$TMP/spec"
for f in "$TMP"/spec/*.evtx; do
  "$SHELLSIFT" logs --dump "$f" >"$f.jsonl" 2>"$f.err"
  echo $? >"$f.rc"
done
check "spec: every file's records, fields, warnings and exit status as written" python3 - "$TMP/spec" <<'PY'
import json, os, sys
d = sys.argv[1]
expected = json.load(open(os.path.join(d, "expected.json"), encoding="utf-8"))
bad = 0
for name, want in sorted(expected.items()):
    p = os.path.join(d, name)
    recs = [json.loads(l) for l in open(p + ".jsonl", encoding="utf-8")]
    err = open(p + ".err", encoding="utf-8").read()
    rc = int(open(p + ".rc").read())
    ok = [r for r in recs if not r["recovered"]]
    rec = [r for r in recs if r["recovered"]]
    problems = []
    if rc != want["exit"]:
        problems.append(f"exit {rc}, want {want['exit']}")
    if len(ok) != len(want["records"]):
        problems.append(f"{len(ok)} records, want {len(want['records'])}")
    for i, (have, w) in enumerate(zip(ok, want["records"])):
        if have["fields"] != w:
            diff = {k: (have["fields"].get(k), w.get(k)) for k in set(have["fields"]) | set(w)
                    if have["fields"].get(k) != w.get(k)}
            problems.append(f"record {i + 1}: (ours, written) differ: {diff}")
        if have["record"] != i + 1 or have["file"] != p:
            problems.append(f"record {i + 1}: numbered {have['record']} in {have['file']}")
    if len(rec) != want["recovered"]:
        problems.append(f"{len(rec)} recovered records, want {want['recovered']}")
    for have, w in zip(rec, want.get("recovered_records", [])):
        if have["fields"] != w:
            problems.append(f"recovered record differs: {have['fields']}")
    for w in want["warnings"]:
        if w not in err:
            problems.append(f"no warning containing {w!r} in {err!r}")
    if not want["warnings"] and err:
        problems.append(f"unexpected warnings: {err!r}")
    for p_ in problems:
        print(f"{name}: {p_}")
    bad += bool(problems)
sys.exit(1 if bad else 0)
PY
check "spec: written times are ISO 8601 with 100 ns" python3 - "$TMP/spec/templates.evtx.jsonl" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
assert r["written"] == "2021-03-03T02:14:05.1234567Z" and r["record_id"] == 1 and r["chunk"] == 0, r
PY
check "spec: the uncounted fourth chunk is read" python3 - "$TMP/spec/templates.evtx.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert [r["chunk"] for r in recs] == [0, 0, 0, 1, 1, 2, 3], [r["chunk"] for r in recs]
PY
"$SHELLSIFT" logs --dump "$TMP/spec/templates.evtx" "$TMP/spec/truncated.evtx" >"$TMP/two.jsonl" 2>"$TMP/two.err"
check "spec: several files in one run, exit 2 when one lost records" test $? -eq 2
check "spec: several files: every record of both" test "$(wc -l <"$TMP/two.jsonl")" -eq 8
printf 'not an event log\n' >"$TMP/plain.txt"
"$SHELLSIFT" logs --dump "$TMP/plain.txt" >"$TMP/bad.jsonl" 2>"$TMP/bad.err"
check "dump: a text file of no known layout: exit 0" test $? -eq 0
check "dump: the text file's line as an unsplit text record" python3 - "$TMP/bad.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert len(recs) == 1 and recs[0]["format"] == "text" and not recs[0]["split"], recs
assert recs[0]["raw"] == "not an event log" and recs[0]["fields"] == {} and recs[0]["file"].endswith("plain.txt"), recs
PY
"$SHELLSIFT" logs --dump "$TMP/missing.evtx" >"$TMP/miss.jsonl" 2>"$TMP/miss.err"
check "dump: a missing file: a usage error (exit 2), named" test $? -eq 2 -a ! -s "$TMP/miss.jsonl"
check "dump: the missing file named" grep -q "missing.evtx" "$TMP/miss.err"
if [ -w /dev/full ]; then
  "$SHELLSIFT" logs --dump "$TMP/spec/templates.evtx" >/dev/full 2>/dev/null
  check "dump: a failed write is exit 2" test $? -eq 2
fi

# --- 2. real logs ---
REG=$SHARED/sigma/regression_data
if [ -d "$REG" ]; then
  find "$REG" -name '*.evtx' -print0 | sort -z | xargs -0 "$SHELLSIFT" logs --dump >"$TMP/reg.jsonl" 2>"$TMP/reg.err"
  check "regression logs: dumped without a problem (exit 0, no warning)" test $? -eq 0 -a ! -s "$TMP/reg.err"
  check "regression logs: every record and field equals the reference decoding" $ORACLE "$TMP/reg.jsonl" "$REG"
else
  echo "SKIP: $REG absent (SigmaHQ's regression .evtx files and their reference decodings are in ../shared)"
fi
SAMPLES=$SHARED/evtx-samples
if [ -d "$SAMPLES" ]; then
  for f in "$SAMPLES"/*.evtx; do "$SHELLSIFT" logs --dump "$f"; done >"$TMP/samples.jsonl" 2>"$TMP/samples.err"
  check "samples: every record the chunk headers announce is read" $ORACLE --announced "$TMP/samples.jsonl" "$SAMPLES"/*.evtx
  check "samples: the Defender health log gives all 455 records" python3 - "$TMP/samples.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
d = [r for r in recs if r["file"].endswith("ID1151-Defender health status.evtx") and not r["recovered"]]
assert len(d) == 455 and all(r["fields"].get("EventID") == "1151" for r in d), len(d)
assert all(r["fields"].get("Provider_Name") == "Microsoft-Windows-Windows Defender" for r in d)
PY
else
  echo "SKIP: $SAMPLES absent (the real sample logs are in ../shared)"
fi
finish
