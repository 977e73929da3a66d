#!/usr/bin/env python3
"""tests/corpus/rule_literals.py RULES-DIR CORPUS-DIR

The built-in rules must generalise, not remember the corpus they were
tuned on: no literal of 24 or more characters in rules/yara/*.yar or
rules/iocs/* (text strings, the literal runs of regular expressions, hex
strings) occurs verbatim in a corpus file, and no corpus file's hash or
name appears in a rule file.  API, function and class names (one dotted
identifier, no space, at most 3 digits, a COM class id, or a directory path made only of
names such as \\Temporary ASP.NET Files\\) are allowed whatever their length.

Files of the held-out set (sha256 e*, f*) are checked too, but a hit there
is reported without its name.  Exit 1 with one line per problem."""
import os
import re
import sys

MIN = 24
HELD_OUT = ("e", "f")
NAME = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*(?:(?:\.|::|\\|->)[A-Za-z_][A-Za-z0-9_]*)*\(?\)?")
CLSID = re.compile(rb"\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?")
DIRPATH = re.compile(rb"[\\/](?:[A-Za-z0-9_. -]+[\\/])+")
REGEX_META = set(b".^$*+?()[]{}|")


def unescape(s):
    """A YARA text string's bytes (\\" \\\\ \\t \\n \\xHH)."""
    out = bytearray()
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s):
            nxt = s[i + 1]
            if nxt == "x" and i + 3 < len(s):
                out.append(int(s[i + 2:i + 4], 16))
                i += 4
                continue
            out += {"n": b"\n", "t": b"\t", "r": b"\r"}.get(nxt, nxt.encode("latin-1", "replace"))
            i += 2
            continue
        out += ch.encode("utf-8")
        i += 1
    return bytes(out)


def regex_runs(body):
    """The literal runs of a regular expression: what any match contains."""
    runs, cur = [], bytearray()
    i = 0
    b = body.encode("utf-8")
    depth = 0  # inside a class [...] nothing is literal
    while i < len(b):
        ch = b[i]
        if ch == 0x5C and i + 1 < len(b):  # backslash
            nxt = b[i + 1]
            if chr(nxt) in "sSdDwWbB":
                runs.append(bytes(cur))
                cur = bytearray()
            elif nxt == ord("x") and i + 3 < len(b):
                if not depth:
                    cur.append(int(b[i + 2:i + 4], 16))
                i += 4
                continue
            elif not depth:
                cur.append(nxt)
            i += 2
            continue
        if ch == ord("["):
            depth = 1
        elif ch == ord("]") and depth:
            depth = 0
            runs.append(bytes(cur))
            cur = bytearray()
        elif depth:
            pass
        elif ch in REGEX_META:
            if ch in b"?*{|" and cur:
                cur = cur[:-1]  # the last character is optional or repeated
            runs.append(bytes(cur))
            cur = bytearray()
        else:
            cur.append(ch)
        i += 1
    runs.append(bytes(cur))
    return runs


def hex_runs(body):
    runs, cur = [], bytearray()
    for tok in re.findall(r"[0-9A-Fa-f?]{2}|\[[^\]]*\]|[()|]", body):
        if re.fullmatch(r"[0-9A-Fa-f]{2}", tok):
            cur.append(int(tok, 16))
        else:
            runs.append(bytes(cur))
            cur = bytearray()
    runs.append(bytes(cur))
    return runs


def yara_literals(text):
    """(literal, nocase, where) for each string of a rule file."""
    for m in re.finditer(r'^\s*\$\w*\s*=\s*"((?:[^"\\]|\\.)*)"([^\n]*)$', text, re.M):
        yield unescape(m.group(1)), "nocase" in m.group(2), m.group(0).strip()[:60]
    for m in re.finditer(r"^\s*\$\w*\s*=\s*/((?:[^/\\\n]|\\.)*)/([a-z]*)([^\n]*)$", text, re.M):
        for run in regex_runs(m.group(1)):
            yield run, "i" in m.group(2) or "nocase" in m.group(3), m.group(0).strip()[:60]
    for m in re.finditer(r"^\s*\$\w*\s*=\s*\{([^}]*)\}", text, re.M):
        for run in hex_runs(m.group(1)):
            yield run, False, m.group(0).strip()[:60]


def ioc_literals(text):
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for field in line.split(";"):
            for run in regex_runs(field):
                yield run, True, line[:60]


def main():
    rules, corpus = sys.argv[1], sys.argv[2]
    lits = []
    rule_text = b""
    for sub, reader in (("yara", yara_literals), ("iocs", ioc_literals)):
        d = os.path.join(rules, sub)
        for name in sorted(os.listdir(d)):
            raw = open(os.path.join(d, name), "rb").read()
            rule_text += raw.lower()
            for lit, nocase, where in reader(raw.decode("utf-8", "replace")):
                lit = lit.strip()
                if len(lit) < MIN or (NAME.fullmatch(lit) and sum(ch in b"0123456789" for ch in lit) <= 3) or CLSID.fullmatch(lit) or DIRPATH.fullmatch(lit):
                    continue
                lits.append((lit.lower() if nocase else lit, nocase, f"{sub}/{name}: {where}"))
    problems = []
    files = []
    with open(os.path.join(corpus, "MANIFEST.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            sha = line.split("\t", 1)[0]
            files.append(sha)
            for key in (sha, sha[:16]):
                if key.encode() in rule_text:
                    problems.append(f"a corpus file's hash or name is in the rules: "
                                    f"{'(held-out file)' if sha[0] in HELD_OUT else key}")
    by_name = {}
    for root, _, names in os.walk(corpus):
        for n in names:
            by_name.setdefault(n[:16], os.path.join(root, n))
    for sha in files:
        path = by_name.get(sha[:16])
        if not path:
            continue
        data = open(path, "rb").read()
        low = data.lower()
        for lit, nocase, where in lits:
            if lit in (low if nocase else data):
                who = "a held-out file" if sha[0] in HELD_OUT else sha[:16]
                problems.append(f"{where!r}: a literal of {len(lit)} characters occurs in {who}")
    for p in sorted(set(problems)):
        print(p)
    print(f"{len(lits)} rule literals of {MIN}+ characters checked against {len(files)} corpus files",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
