#!/usr/bin/env python3
"""jsonl.py - small queries over shellsift's JSON Lines output for the e2e tests.

  jsonl.py FILE valid                      every line is a JSON object with "event"
  jsonl.py FILE finding PATH_SUFFIX [FIELD=VALUE...]   a finding exists whose path ends so
  jsonl.py FILE no-finding PATH_SUFFIX MIN_SEVERITY    no finding at or above MIN_SEVERITY
  jsonl.py FILE warning KIND [PATH_SUFFIX]  a warning of that kind exists
  jsonl.py FILE summary FIELD=VALUE...      the summary has those values
  jsonl.py FILE count EVENT                 prints how many events of that type
  jsonl.py FILE any PYTHON-EXPR             some record r makes the expression true
Exit status 0 when the condition holds, 1 (with a message) when not.
"""
import json
import sys

SEV = {"low": 0, "medium": 1, "high": 2, "critical": 3}


def load(path):
    events = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                obj = json.loads(line)
            except ValueError as e:
                sys.exit(f"{path}:{n}: not JSON: {e}")
            if not isinstance(obj, dict) or "event" not in obj:
                sys.exit(f"{path}:{n}: not an event object")
            events.append(obj)
    return events


def matches(obj, conds):
    for c in conds:
        k, v = c.split("=", 1)
        have = obj.get(k)
        if isinstance(have, list):
            if v not in have:
                return False
        elif str(have).lower() != v.lower():
            return False
    return True


def main():
    path, what, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    ev = load(path)
    findings = [e for e in ev if e["event"] == "finding"]
    if what == "valid":
        return 0 if ev else fail("no events")
    if what == "finding":
        hits = [f for f in findings if f["path"].endswith(args[0]) and matches(f, args[1:])]
        return 0 if hits else fail(f"no finding {args} among {[(f['path'], f['category'], f['severity'], f['rules']) for f in findings if f['path'].endswith(args[0])]}")
    if what == "no-finding":
        bad = [f for f in findings if f["path"].endswith(args[0]) and SEV[f["severity"]] >= SEV[args[1]]]
        return fail(f"unexpected {[(f['path'], f['severity'], f['rules']) for f in bad]}") if bad else 0
    if what == "warning":
        hits = [w for w in ev if w["event"] == "warning" and w["kind"] == args[0]
                and (len(args) < 2 or w["path"].endswith(args[1]))]
        return 0 if hits else fail(f"no warning {args}")
    if what == "summary":
        s = [e for e in ev if e["event"] == "summary"]
        return 0 if s and matches(s[-1], args) else fail(f"summary {s[-1] if s else None} lacks {args}")
    if what == "count":
        print(sum(1 for e in ev if e["event"] == args[0]))
        return 0
    if what == "any":
        return 0 if any(eval(args[0], {}, {"r": r}) for r in ev) else fail(f"no record with {args[0]}")
    return fail(f"unknown query {what}")


def fail(msg):
    print(f"jsonl: {msg}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
