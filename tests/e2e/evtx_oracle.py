#!/usr/bin/env python3
"""evtx_oracle.py - compares `shellsift logs --dump` with a reference EVTX
decoder, record by record and field by field.

  evtx_oracle.py DUMP.jsonl DIR      every DIR/**/X.evtx in the dump against
                                     X.json beside it (the reference's JSON of
                                     every record, one document after another)
  evtx_oracle.py --announced DUMP.jsonl FILE.evtx...
                                     every record the chunk headers of each file
                                     announce is in the dump (counted here from
                                     the chunk headers, independently of shellsift)

The reference nests the event (System/Provider/#attributes/Name...); it is
flattened here the way shellsift names fields (evtx.h): System children by
name, their attributes as Element_Attribute (Provider/EventSourceName as
EventSourceName), EventData <Data Name="X"> as X, UserData leaves by name,
namespace declarations left out.  Values are compared after normalising
what two correct decoders may write differently: numbers (decimal or 0x..
hex) as integers, timestamps to microseconds, GUIDs without braces in upper
case, null as "", leading and trailing blanks dropped (the reference trims
element text).  Prints the counts and the first differences; exit 1 if
any record or field differs.
"""
import glob
import json
import os
import re
import struct
import sys

GUID = re.compile(r"^\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?$")
TIME = re.compile(r"^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$")
INT = re.compile(r"^-?\d+$")
HEX = re.compile(r"^0[xX][0-9A-Fa-f]+$")


def norm(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return v
    # the reference trims the text of elements ("cmd.exe " is "cmd.exe" there)
    s = str(v).strip()
    if INT.match(s):
        return int(s)
    if HEX.match(s):
        return int(s, 16)
    m = GUID.match(s)
    if m:
        return m.group(1).upper()
    m = TIME.match(s)
    if m and "T" in s:  # ISO 8601 times only; "2021-03-03 02:14:05.123" strings stay strings
        frac = (m.group(3) or "")[:6].ljust(6, "0")
        return f"{m.group(1)}T{m.group(2)}.{frac}Z"
    return s


def docs(path):
    text = open(path, encoding="utf-8").read()
    dec, i, out = json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        obj, i = dec.raw_decode(text, i)
        out.append(obj)


def add(fields, name, value):
    if isinstance(value, list):
        for v in value:
            fields.append((name, norm(v)))
    else:
        fields.append((name, norm(value)))


def attrs(fields, elem, node):
    for a, v in (node.get("#attributes") or {}).items():
        if a == "xmlns" or a.startswith("xmlns:"):
            continue
        add(fields, "EventSourceName" if (elem, a) == ("Provider", "EventSourceName") else f"{elem}_{a}", v)


def leaves(fields, name, node):
    if isinstance(node, dict):
        attrs(fields, name, node)
        kids = {k: v for k, v in node.items() if k != "#attributes"}
        if "#text" in kids:
            add(fields, name, kids["#text"])
        elif not kids:
            if "#attributes" not in node:
                add(fields, name, None)
        for k, v in kids.items():
            if k != "#text":
                leaves(fields, k, v)
    elif isinstance(node, list):
        for v in node:
            leaves(fields, name, v)
    else:
        add(fields, name, node)


def flatten_reference(doc):
    ev = doc.get("Event", {})
    fields = []
    for sec, body in ev.items():
        if sec == "#attributes" or body is None:
            continue
        if sec == "System":
            for k, v in body.items():
                if isinstance(v, dict):
                    attrs(fields, k, v)
                    if "#text" in v:
                        add(fields, k, v["#text"])
                elif v is not None:
                    add(fields, k, v)
        elif sec == "EventData":
            for k, v in body.items():
                if k == "#attributes":
                    attrs(fields, "EventData", body)
                elif isinstance(v, dict) and "#text" in v:
                    add(fields, k, v["#text"])
                else:
                    add(fields, k, v)
        else:
            leaves(fields, sec, body)
    return fields


def flatten_ours(rec):
    fields = []
    for k, v in rec["fields"].items():
        add(fields, k, v)
    return fields


def load_dump(path):
    by_file = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                rec = json.loads(line)
            except ValueError as e:
                sys.exit(f"{path}:{n}: not JSON: {e}")
            by_file.setdefault(os.path.realpath(rec["file"]), []).append(rec)
    return by_file


def compare(dump, root):
    by_file = load_dump(dump)
    files = sorted(glob.glob(os.path.join(root, "**", "*.evtx"), recursive=True))
    nrec = okrec = nfield = okfield = 0
    problems, noted = [], []
    for path in files:
        ref = docs(path[:-5] + ".json")
        ours = [r for r in by_file.get(os.path.realpath(path), []) if not r["recovered"]]
        if len(ours) != len(ref):
            problems.append(f"{path}: {len(ours)} records, reference {len(ref)}")
        byid = {str(r["fields"].get("EventRecordID")): r for r in ours}
        for doc in ref:
            nrec += 1
            rid = str(doc["Event"]["System"].get("EventRecordID"))
            mine = byid.get(rid)
            want = sorted(flatten_reference(doc), key=repr)
            nfield += len(want)
            if mine is None:
                problems.append(f"{path}: record {rid} missing")
                continue
            have = sorted(flatten_ours(mine), key=repr)
            left = list(have)
            bad = []
            for fv in want:
                if fv in left:
                    left.remove(fv)
                    okfield += 1
                else:
                    bad.append(fv)
            for fv in list(bad):
                ours = [x for x in left if x[0] == fv[0]]
                if len(ours) == 1 and reference_wrong(path, fv[1], ours[0][1]):
                    bad.remove(fv)
                    left.remove(ours[0])
                    okfield += 1
                    noted.append(f"{path}: record {rid} field {fv[0]}: the file's bytes hold {ours[0][1]!r}, "
                                 f"not the reference's {fv[1]!r}")
            if not bad and not left:
                okrec += 1
            else:
                problems.append(f"{path}: record {rid}: reference has {bad[:4]}, we have {left[:4]}")
    print(f"{len(files)} files, {okrec}/{nrec} records equal, {okfield}/{nfield} fields equal"
          f" ({len(noted)} where the reference differs from the file's own bytes)")
    for p in noted:
        print("  note: " + p)
    for p in problems[:20]:
        print("  " + p)
    return 0 if files and not problems and okrec == nrec else 1


def reference_wrong(path, ref, ours):
    """A string on which the reference cannot be right: ours occurs in the
    .evtx as UTF-16 text and the reference's value does not occur at all."""
    if not isinstance(ref, str) or not isinstance(ours, str) or not ours:
        return False
    data = open(path, "rb").read()
    return ours.encode("utf-16-le") in data and ref.encode("utf-16-le") not in data


def announced(path):
    """Records the chunk headers announce, read straight from the file."""
    data = open(path, "rb").read()
    n, off = 0, 4096
    while off + 512 <= len(data):
        if data[off:off + 8] == b"ElfChnk\0":
            first, last = struct.unpack_from("<QQ", data, off + 8)
            if last >= first:
                n += last - first + 1
        off += 65536
    return n


def check_announced(dump, files):
    by_file = load_dump(dump)
    bad = 0
    for path in files:
        want = announced(path)
        recs = [r for r in by_file.get(os.path.realpath(path), []) if not r["recovered"]]
        ids = {r["record_id"] for r in recs}
        status = "ok" if len(recs) == want and len(ids) == want else "MISSING"
        bad += status != "ok"
        print(f"{status} {os.path.basename(path)}: {len(recs)} of {want} announced records read")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--announced":
        sys.exit(check_announced(sys.argv[2], sys.argv[3:]))
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(compare(sys.argv[1], sys.argv[2]))
