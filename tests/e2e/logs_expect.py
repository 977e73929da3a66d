#!/usr/bin/env python3
"""logs_expect.py - checks `shellsift logs --json` output against the
"#expect: RULE" annotations in the log fixtures (tests/fixtures/logs).

  logs_expect.py OUTPUT.jsonl FIXTURE [FIXTURE...]

Each "#expect: RULE" line names the rule the next line must raise; "#expect: -"
says no rule may flag it (webshell-stacking, the end-of-run ranking, aside).
A fixture given as NAME=PATH is checked under the file name PATH in the
output (for converted copies: CRLF, .gz).  Exit 0 if all hold.
"""
import json
import sys


def main():
    out, fixtures = sys.argv[1], sys.argv[2:]
    by_file = {}
    for line in open(out, encoding="utf-8"):
        ev = json.loads(line)
        if ev["event"] == "finding":
            by_file.setdefault(ev["file"], {}).setdefault(ev["line"], []).append(ev)
    errors, checked = [], 0
    for spec in fixtures:
        src, _, name = spec.partition("=")
        name = name or src
        found = by_file.get(name, {})
        expect = None
        with open(src, "rb") as f:
            for n, raw in enumerate(f, 1):
                text = raw.decode("utf-8", "replace").strip()
                if text.startswith("#expect:"):
                    expect = text.split(":", 1)[1].strip()
                    continue
                if expect is None or text.startswith("#"):
                    continue
                rules = [e["rule"] for e in found.get(n, []) if e["rule"] != "webshell-stacking"]
                if expect == "-" and rules:
                    errors.append(f"{name}:{n}: expected no finding, got {rules}")
                elif expect != "-" and expect not in rules:
                    errors.append(f"{name}:{n}: expected {expect}, got {rules}")
                checked += 1
                expect = None
    for e in errors:
        print(e)
    if not checked:
        print("no #expect annotations found")
        return 1
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
