#!/usr/bin/env bash
# End-to-end: a hostile tree (symlink loops, a FIFO, a socket, unreadable
# directories and files, a file removed and one grown mid-scan, a 5 GB sparse
# file, 200-deep nesting, names with newlines and invalid UTF-8).  The scan
# must finish, report each, and exit 2 only where something went unscanned.
. "$(dirname "$0")/lib.sh"
T=$TMP/tree
mkdir -p "$T"
SHELL_SRC=$(awk -F'\t' '$2=="webshell" && $1 ~ /\.php$/ {print $1; exit}' tests/fixtures/expected.tsv)
plant() { cp "tests/fixtures/$SHELL_SRC" "$1"; }

ln -s loop-b "$T/loop-a"; ln -s loop-a "$T/loop-b"      # a symlink loop
ln -s .. "$T/up"                                          # a link to an ancestor
ln -s /etc "$T/outside"                                   # a link out of the root
mkfifo "$T/fifo"
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$T/sock"
mkdir -p "$T/locked" && echo secret > "$T/locked/f.php" && chmod 000 "$T/locked"
echo '<?php echo 1;' > "$T/unreadable.php" && chmod 000 "$T/unreadable.php"
mkdir -m 777 "$T/churn"   # the scanning user removes and grows files here
echo '<?php echo 1;' > "$T/churn/VANISH.php"
echo '<?php echo 1;' > "$T/churn/GROW.php" && chmod 666 "$T/churn/GROW.php"
truncate -s 5G "$T/sparse.bin"
deep=$T; for i in $(seq 200); do deep=$deep/d; done
mkdir -p "$deep" && plant "$deep/deep.php"
plant "$T/$(printf 'new\nline.php')"
plant "$T/$(printf 'bad-\xff\xfe-utf8.php')"
chmod -R a+rX "$T" 2>/dev/null; chmod 000 "$T/locked" "$T/unreadable.php"

# Root reads everything: scan as nobody so the unreadable items stay so.
as_user=()
[ "$(id -u)" -eq 0 ] && as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
chmod a+rx "$TMP"
preload=$TMP/vanish.so
cc -shared -fPIC -o "$preload" tests/hostile/vanish.c -ldl
# The sanitizer runtime must come first in the library list.
san_opts=""
ldd "$SHELLSIFT" | grep -q libasan && san_opts="verify_asan_link_order=0"

start=$(date +%s)
ASAN_OPTIONS="${ASAN_OPTIONS:-}:$san_opts" LD_PRELOAD=$preload timeout 300 \
  "${as_user[@]}" "$SHELLSIFT" scan --json --threads 2 "$T" >"$TMP/h.jsonl" 2>"$TMP/h.err"
rc=$?
check "hostile scan finishes (no crash, no hang)" test "$rc" -eq 1
echo "hostile scan took $(( $(date +%s) - start )) s" >&2
check "output stays valid JSON Lines" jsonl "$TMP/h.jsonl" valid
check "symlink loop reported" jsonl "$TMP/h.jsonl" warning symlink loop-a
check "link out of the root reported" jsonl "$TMP/h.jsonl" warning symlink /outside
check "fifo reported" jsonl "$TMP/h.jsonl" warning special-file /fifo
check "socket reported" jsonl "$TMP/h.jsonl" warning special-file /sock
if [ ${#as_user[@]} -gt 0 ] || [ "$(id -u)" -ne 0 ]; then
  check "unreadable directory reported" jsonl "$TMP/h.jsonl" warning unreadable /locked
  check "unreadable file reported" jsonl "$TMP/h.jsonl" warning unreadable /unreadable.php
fi
check "file removed mid-scan reported" jsonl "$TMP/h.jsonl" warning vanished /VANISH.php
check "file grown mid-scan reported" jsonl "$TMP/h.jsonl" warning changed /GROW.php
check "5 GB sparse file: hash and name checks only" jsonl "$TMP/h.jsonl" warning too-large /sparse.bin
check "shell 200 levels down found" jsonl "$TMP/h.jsonl" finding /d/d/deep.php
check "name with a newline: found, escaped" jsonl "$TMP/h.jsonl" finding $'new\nline.php'
check "invalid UTF-8 name: found, raw bytes kept" python3 - "$TMP/h.jsonl" <<'PY'
import base64, json, sys
hits = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "finding" and "path_base64" in e]
sys.exit(0 if any(base64.b64decode(e["path_base64"]).endswith(b"bad-\xff\xfe-utf8.php") for e in hits) else 1)
PY
check "summary marks the scan incomplete" jsonl "$TMP/h.jsonl" summary complete=false

# Same tree without shells: exit 2 (nothing found, but not everything scanned).
rm -f "$deep/deep.php" "$T"/new*line.php "$T"/bad-*
"${as_user[@]}" "$SHELLSIFT" scan --json "$T" >"$TMP/h2.jsonl" 2>/dev/null
rc=$?
if [ ${#as_user[@]} -gt 0 ] || [ "$(id -u)" -ne 0 ]; then
  check "nothing found but unreadable items: exit 2" test "$rc" -eq 2
fi
# Without the unreadable items only skips by design remain: exit 0.
chmod 755 "$T/locked"; rm -rf "$T/locked" "$T/unreadable.php"
"${as_user[@]}" "$SHELLSIFT" scan --json "$T" >"$TMP/h3.jsonl" 2>/dev/null
check "fifo, links and large files alone: exit 0" test $? -eq 0

# A terminal never sees raw control bytes from a file name.
plant "$T/$(printf 'x\033]0;pwned\007\033[2J.php')"
"$SHELLSIFT" scan --no-color "$T" >"$TMP/term.txt" 2>&1
check "escape sequences in names are neutralised" bash -c "! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' '$TMP/term.txt'"
# Another file system below the root: reported and not entered, unless asked.
M=$TMP/mounts
mkdir -p "$M/disk"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs shellsift-test "$M/disk" 2>/dev/null; then
  plant "$M/disk/x.php"
  "$SHELLSIFT" scan --json "$M" >"$TMP/m1.jsonl" 2>/dev/null
  check "other file system reported, not entered" jsonl "$TMP/m1.jsonl" warning other-filesystem /disk
  check "nothing found inside it by default" test "$(jsonl "$TMP/m1.jsonl" count finding)" -eq 0
  "$SHELLSIFT" scan --json --cross-mounts "$M" >"$TMP/m2.jsonl" 2>/dev/null
  check "--cross-mounts enters it" jsonl "$TMP/m2.jsonl" finding /disk/x.php
  umount "$M/disk"
else
  echo "(mount test skipped: needs root with CAP_SYS_ADMIN)" >&2
fi
finish
