#!/usr/bin/env bash
# test_structure.sh - the shape of the code, checked: modules (the folders
# of src/) include only modules below them, so there is no include cycle
# between modules; and every global symbol of the library carries its
# module's prefix (or ss_ for the public API), so `nm` shows where each
# one lives.  The layers, top to bottom:
#   cli -> sweep -> report -> store -> {logs, exchange} -> core
#       -> {lang, match, sigma} -> util
source "$(dirname "$0")/lib.sh"
LIB=${SHELLSIFT%/shellsift}/libshellsift.a

python3 - src <<'PY' >"$TMP/layers.out" 2>&1
import os, re, sys
rank = {"cli": 8, "sweep": 7, "report": 6, "store": 5, "logs": 4, "exchange": 4,
        "core": 3, "lang": 2, "match": 2, "sigma": 2, "util": 1}
root = sys.argv[1]
bad = []
edges = set()
for mod in sorted(os.listdir(root)):
    d = os.path.join(root, mod)
    if not os.path.isdir(d):
        continue
    if mod not in rank:
        bad.append(f"module {mod} has no place in the layers")
        continue
    for f in sorted(os.listdir(d)):
        if not f.endswith((".c", ".h")):
            continue
        for n, line in enumerate(open(os.path.join(d, f), encoding="utf-8", errors="replace"), 1):
            m = re.match(r'\s*#\s*include\s+"([a-z_]+)/', line)
            if not m or m.group(1) == mod:
                continue
            dep = m.group(1)
            edges.add((mod, dep))
            if rank.get(dep, 99) >= rank[mod]:
                bad.append(f"src/{mod}/{f}:{n}: {mod} includes {dep}, which is not below it")
# a cycle needs an edge that does not go down; report any the ranks missed
for a, b in edges:
    if (b, a) in edges:
        bad.append(f"include cycle between {a} and {b}")
print("\n".join(bad) if bad else f"{len(edges)} module dependencies, all downwards")
sys.exit(1 if bad else 0)
PY
check "modules include only modules below them (no include cycle): $(tail -n 1 "$TMP/layers.out")" [ $? -eq 0 ]
grep -v 'all downwards' "$TMP/layers.out" | head -n 20 >&2

# each source's object in the build tree: its folder is its module
build=${SHELLSIFT%/shellsift}
: >"$TMP/unprefixed"
nobj=0
for src in src/*/*.c src/*/*.S; do
  mod=$(basename "$(dirname "$src")")
  [ "$mod" = cli ] && continue # the program, not the library
  o=$build/${src%.*}.o
  [ "${src##*.}" = S ] && o=$build/src/$mod/$(basename "${src%.*}").o
  if [ ! -f "$o" ]; then echo "$o: not built" >>"$TMP/unprefixed"; continue; fi
  nobj=$((nobj + 1))
  nm --defined-only -g "$o" | awk -v m="$mod" -v o="$o" \
    '$2 ~ /^[TDBRCSG]$/ && $3 !~ /^__(odr_asan|asan|sancov)/ && index($3, m "_") != 1 && index($3, "ss_") != 1 { print o ": " $3 }' >>"$TMP/unprefixed"
done
# user-facing text (rule descriptions and references, messages, help) cites
# public sources a user can look up, never the project's internal notes
strings "$SHELLSIFT" | grep -nE 'facts/|facts §|§|exchange\.md' >"$TMP/internal" 2>/dev/null
check "no text in the binary cites internal notes (facts/..., §)" [ ! -s "$TMP/internal" ]
head -n 5 "$TMP/internal" >&2
check "every global symbol of the library's $nobj objects carries its module prefix or ss_ ($(wc -l <"$TMP/unprefixed") without)" [ ! -s "$TMP/unprefixed" ]
head -n 30 "$TMP/unprefixed" >&2
finish
