#!/usr/bin/env bash
# End-to-end: metamorphic robustness of the detection (tests/corpus/mutate).
# Shells found before are rewritten the way their authors vary them
# (renamed variables and parameters, other request accessors, split and
# re-encoded strings, code run through Execute/eval or moved into
# functions, reflection, Script Encoder, JSPX; for PHP eval/base64/gzinflate
# packing, chr()/strrev/str_rot13/hex2bin literals, decode loops of the
# file's own (xorpack, keyxor, hexloop), closures and calls by name..., line breaks as CR or CR LF, the page appended to an image or planted
# as a block of its own in a big application file; a second round of rewrites
# of the whole text: a byte-order mark, UTF-16, GIF/PNG/PDF/ZIP data before the
# code or a JPEG comment segment around it, openers in capitals, PHP 5's
# <script language="php">, the page at the end or in the middle of a big page
# of its language, 60 KB of HTML or blanks first, tabs, form feeds, Latin-1
# comments, one line), and every rewrite must
# still be found at medium or above (PHP:
# a floor per rewrite, what the analysis reaches today).  Part 1 rewrites this repository's
# inert fixtures (always run); part 2 a deterministic eighth of the
# development set of ../shared/corpus/shells (skipped, with the reason,
# without ../shared).  The held-out eighth (sha256 e*/f*) is never read.
. "$(dirname "$0")/lib.sh"
MUTATE=tests/corpus/mutate

# survival JSON LANG MIN: the language's share of mutants found is at least MIN percent
survival() {
  python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
found, total = d["languages"].get(sys.argv[2], [0, 0])
print(f"{sys.argv[2]}: {found}/{total} mutants found", file=sys.stderr)
sys.exit(0 if total and 100.0 * found >= float(sys.argv[3]) * total else 1)
PY
}

# rewrite_survival JSON LANG OP MIN: that rewrite's share of the language's mutants found is at least MIN percent
rewrite_survival() {
  python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
found, total = d["ops"].get(sys.argv[2], {}).get(sys.argv[3], [0, 0])
print(f"{sys.argv[2]} {sys.argv[3]}: {found}/{total} mutants found", file=sys.stderr)
sys.exit(0 if total and 100.0 * found >= float(sys.argv[4]) * total else 1)
PY
}

# rewrites JSON N: at least N different rewrites made mutants
rewrites() {
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
ops = {op for lang in d["ops"].values() for op, v in lang.items() if v[1]}
sys.exit(0 if len(ops) >= int(sys.argv[2]) else 1)' "$@"
}

# --- part 1: the inert fixtures ---
FX=tests/fixtures/lang
python3 "$MUTATE" --binary "$SHELLSIFT" --json --files "$FX"/asp/* "$FX"/aspx/* "$FX"/jsp/* >"$TMP/fx.json" 2>"$TMP/fx.err"
check "mutate runs on the fixtures" test -s "$TMP/fx.json"
check "fixture mutants of 20 or more rewrites" rewrites "$TMP/fx.json" 20
for lang in asp aspx jsp; do
  check "every $lang fixture mutant is still found" survival "$TMP/fx.json" "$lang" 100
done
# PHP's fixtures: their own rewrites (tests/corpus/mutate_php.py)
python3 "$MUTATE" --binary "$SHELLSIFT" --json --langs php --files "$FX"/php/* >"$TMP/fxphp.json" 2>"$TMP/fxphp.err"
check "PHP fixture mutants of 15 or more rewrites" rewrites "$TMP/fxphp.json" 15
check "92% or more of the PHP fixture mutants are found" survival "$TMP/fxphp.json" php 92
python3 "$MUTATE" --binary "$SHELLSIFT" --json --langs php --ops gzpack,combo --files "$FX"/php/layer_chr.php --keep "$TMP/p1" >/dev/null
python3 "$MUTATE" --binary "$SHELLSIFT" --json --langs php --ops gzpack,combo --files "$FX"/php/layer_chr.php --keep "$TMP/p2" >/dev/null
check "PHP rewrites are deterministic" diff -r "$TMP/p1" "$TMP/p2"
check "a PHP rewrite changes the page" bash -c "! cmp -s '$FX/php/layer_chr.php' '$TMP/p1/layer_chr.gzpack.php'"
# the rewrite is deterministic: the same mutants twice
python3 "$MUTATE" --binary "$SHELLSIFT" --json --ops split,combo --files "$FX"/asp/vbs_wscript.asp --keep "$TMP/m1" >/dev/null
python3 "$MUTATE" --binary "$SHELLSIFT" --json --ops split,combo --files "$FX"/asp/vbs_wscript.asp --keep "$TMP/m2" >/dev/null
check "rewrites are deterministic" diff -r "$TMP/m1" "$TMP/m2"
check "a rewrite changes the page" bash -c "! cmp -s '$FX/asp/vbs_wscript.asp' '$TMP/m1/vbs_wscript.split.asp'"

# --- part 2: an eighth of the development set ---
if [ -f ../shared/corpus/shells/MANIFEST.tsv ]; then
  python3 "$MUTATE" --binary "$SHELLSIFT" --json --langs asp,aspx,jsp --subset 8 >"$TMP/dev.json" 2>"$TMP/dev.err"
  check "mutate runs on the development set" test -s "$TMP/dev.json"
  check "development-set mutants of 20 or more rewrites" rewrites "$TMP/dev.json" 20
  for lang in asp aspx jsp; do
    check "98% or more of the $lang development-set mutants are found" survival "$TMP/dev.json" "$lang" 98
  done
  # rewrites of the whole text (how real shells are saved): a floor per language and rewrite
  for op in bom utf16 gifprefix pngprefix pdfprefix zipprefix exifmid hostfile hostend hostbig leadhtml leadblank tabs latin1; do
    for lang in asp aspx jsp; do
      check "99% or more of the $lang $op mutants are found" rewrite_survival "$TMP/dev.json" "$lang" "$op" 99
    done
  done
  for lo in asp:upper aspx:upper aspx:formfeed aspx:oneline jsp:formfeed jsp:oneline; do
    check "99% or more of the ${lo%%:*} ${lo#*:} mutants are found" rewrite_survival "$TMP/dev.json" "${lo%%:*}" "${lo#*:}" 99
  done
  # PHP: a sixteenth of its development shells, a floor per rewrite (bench/RESULTS.md has the full run).
  # The floors hold the rules and the analysis: the learned model (shellsift.lang.model) scores the
  # mix of the whole text, so a page appended to an image or planted in a big file is another text
  # to it, and a shell only it finds is not expected to survive that (--no-model).
  python3 "$MUTATE" --binary "$SHELLSIFT" --json --no-model --langs php --subset 16 >"$TMP/php.json" 2>"$TMP/php.err"
  check "mutate runs on the PHP development set" test -s "$TMP/php.json"
  while read -r op min; do
    check "$min% or more of the PHP $op mutants are found" rewrite_survival "$TMP/php.json" php "$op" "$min"
  done <<'FLOORS'
noise 97
rename 97
param 95
accessor 95
case 97
split 96
constvar 95
chr 97
strrev 97
rot13 97
b64str 97
hexstr 97
execute 85
b64 97
gzpack 97
xorpack 97
keyxor 97
hexloop 92
wrap 90
callvar 95
maclines 99
crlf 99
imgprefix 99
hostfile 99
oneline 99
bom 99
gifprefix 99
pngprefix 99
pdfprefix 99
zipprefix 99
exifmid 99
upper 99
scriptphp 97
hostend 99
hostbig 99
leadhtml 99
leadblank 99
tabs 99
latin1 99
combo 85
FLOORS
else
  echo "SKIP: ../shared/corpus/shells absent (a plain clone): the development-set rewrites need the real shells"
fi
finish
