#!/usr/bin/env python3
"""evtx_json.py JSON... - the reference decoding of an .evtx (the .json beside
each regression .evtx in ../shared/sigma: concatenated {"Event": ...} objects)
to the flat JSON-Lines records tests/sigma/driver.c reads, one per line.

Flattening, as Sigma names Windows event fields: System children by tag name
(EventID, Channel, Computer...), their XML attributes as Tag_Attribute
(Provider_Name, Execution_ProcessID, TimeCreated_SystemTime...); EventData
Data elements by their Name; UserData leaves by their element name.  A null
(empty) value is an empty string.  "@product", "@channel", "@event_id" and
"@provider" say what the record is.
"""
import json
import sys


def records(path):
    dec = json.JSONDecoder()
    with open(path, encoding="utf-8") as f:
        s = f.read()
    i = 0
    while True:
        while i < len(s) and s[i].isspace():
            i += 1
        if i >= len(s):
            return
        obj, i = dec.raw_decode(s, i)
        yield obj


def text(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def leaves(node, out):
    """UserData and nested EventData: every leaf under its own name."""
    for k, v in node.items():
        if k == "#attributes":
            continue
        if isinstance(v, dict):
            if "#text" in v:
                out.append((k, text(v["#text"])))
            leaves(v, out)
        elif isinstance(v, list):
            for x in v:
                if isinstance(x, dict):
                    leaves(x, out)
                else:
                    out.append((k, text(x)))
        else:
            out.append((k, text(v)))


def flatten(ev):
    ev = ev.get("Event", ev)
    out = []
    system = ev.get("System", {})
    for k, v in system.items():
        if isinstance(v, dict):
            for a, av in (v.get("#attributes") or {}).items():
                out.append((f"{k}_{a}", text(av)))
            if "#text" in v:
                out.append((k, text(v["#text"])))
        elif v is not None:
            out.append((k, text(v)))
    for part in ("EventData", "UserData"):
        data = ev.get(part)
        if isinstance(data, dict):
            leaves(data, out)
    d = dict(out)
    head = [("@product", "windows")]
    if "Channel" in d:
        head.append(("@channel", d["Channel"]))
    if "EventID" in d:
        head.append(("@event_id", d["EventID"]))
    if "Provider_Name" in d:
        head.append(("@provider", d["Provider_Name"]))
    return head + out


def dumps(pairs):
    """A flat JSON object; a repeated name (unnamed Data) keeps every value."""
    return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + json.dumps(v, ensure_ascii=False)
                          for k, v in pairs) + "}"


def main():
    for path in sys.argv[1:]:
        for ev in records(path):
            print(dumps(flatten(ev)))


if __name__ == "__main__":
    main()
