"""evtx_spec.py - EVTX files built from the format's specification (the
libevtx documentation's "Binary XML", "Template instance", "Value types",
"Recovery" and "Corruption scenarios"), with what `shellsift logs --dump`
must show for each; used by `make-evtx --spec OUTDIR` (tests/e2e/test_evtx.sh).

Every expected value is computed here, from the bytes written, by Python's
own formatting (uuid, struct, datetime), not copied from shellsift."""
import datetime
import json
import os
import struct
import uuid
import zlib

# ---- value types (the spec's table) ----
NULL, STRING, ANSI, INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64 = range(0x0b)
REAL32, REAL64, BOOL, BINARY, GUID, SIZET, FILETIME, SYSTIME, SID, HEX32, HEX64 = range(0x0b, 0x16)
BINXML, ARRAY = 0x21, 0x80


def filetime_of(dt):
    return int((dt - datetime.datetime(1601, 1, 1)).total_seconds()) * 10000000 + dt.microsecond * 10


def iso7(ft):
    secs, frac = divmod(ft, 10000000)
    dt = datetime.datetime(1601, 1, 1) + datetime.timedelta(seconds=secs)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + f".{frac:07d}Z"


def sid_bytes(s):
    parts = s.split("-")
    rev, auth, subs = int(parts[1]), int(parts[2]), [int(x) for x in parts[3:]]
    return bytes([rev, len(subs)]) + auth.to_bytes(6, "big") + b"".join(struct.pack("<I", x) for x in subs)


def guid_text(g):
    return "{" + str(g).upper() + "}"


def u16(s):
    return s.encode("utf-16-le")


# Values: (type, bytes, expected text or list of item texts).
def v_str(s):
    return (STRING, u16(s) + b"\0\0", s)


def v_int(t, fmt, x, text=None):
    return (t, struct.pack("<" + fmt, x), text if text is not None else str(x))


G1 = uuid.UUID("5770385f-c22a-43e0-bf4c-06f5698ffbd9")
G2 = uuid.UUID("0197231e-c424-69e1-c922-000000000800")
T_WRITTEN = filetime_of(datetime.datetime(2021, 3, 3, 2, 14, 5, 123456)) + 7
T_OTHER = filetime_of(datetime.datetime(1999, 12, 31, 23, 59, 59, 999999)) + 9


def every_type_values(rid, computer):
    """The System values, then one of every value type for EventData."""
    system = [
        v_str("Microsoft-Windows-Shellsift-Test"), (GUID, G1.bytes_le, guid_text(G1)),
        v_int(UINT16, "H", 4688), v_int(UINT8, "B", 2), v_int(UINT8, "B", 4), v_int(UINT16, "H", 13312),
        v_int(UINT8, "B", 0), (HEX64, struct.pack("<Q", 0x8020000000000000), "0x8020000000000000"),
        (FILETIME, struct.pack("<Q", T_WRITTEN), iso7(T_WRITTEN)), v_int(UINT64, "Q", rid),
        (NULL, b"", None),  # Correlation ActivityID: optional, NULL: no attribute
        v_int(UINT32, "I", 4), v_int(UINT32, "I", 4242), v_str("Security"), v_str(computer),
        (SID, sid_bytes("S-1-5-21-3960063115-309473240-3247002503-500"), "S-1-5-21-3960063115-309473240-3247002503-500"),
    ]
    sysg = bytes(range(16))
    data = [
        ("Int8", v_int(INT8, "b", -5)), ("UInt8", v_int(UINT8, "B", 250)),
        ("Int16", v_int(INT16, "h", -300)), ("UInt16", v_int(UINT16, "H", 65535)),
        ("Int32", v_int(INT32, "i", -70000)), ("UInt32", v_int(UINT32, "I", 4000000000)),
        ("Int64", v_int(INT64, "q", -5000000000000)), ("UInt64", v_int(UINT64, "Q", 18446744073709551615)),
        ("Real32", (REAL32, struct.pack("<f", 1.5), "1.5")), ("Real64", (REAL64, struct.pack("<d", 0.1), "0.1")),
        ("Bool", (BOOL, struct.pack("<I", 1), "true")), ("BoolFalse", (BOOL, struct.pack("<I", 0), "false")),
        ("Binary", (BINARY, b"\xde\xad\xbe\xef\x00\x01", "DEADBEEF0001")),
        ("Guid", (GUID, G2.bytes_le, guid_text(G2))),
        ("SizeT", (SIZET, struct.pack("<Q", 0x1234), "0x1234")),
        ("FileTime", (FILETIME, struct.pack("<Q", T_OTHER), iso7(T_OTHER))),
        ("SysTime", (SYSTIME, struct.pack("<8H", 2021, 3, 3, 3, 2, 14, 5, 123), "2021-03-03T02:14:05.123Z")),
        ("Sid", (SID, sid_bytes("S-1-5-18"), "S-1-5-18")),
        ("Hex32", (HEX32, struct.pack("<I", 0x1fffff), "0x1fffff")),
        ("Hex64", (HEX64, struct.pack("<Q", 0x529ae3), "0x529ae3")),
        ("Ansi", (ANSI, b"ansi text\0", "ansi text")),
        ("AnsiLatin1", (ANSI, b"caf\xe9", "caf\u00e9")),
        ("Unicode", v_str("\u00fcnic\u00f6de \u2603 \U0001F600 <&>\"'")),
        ("StringArray", (STRING | ARRAY, b"".join(u16(x) + b"\0\0" for x in ("alpha", "beta", "gamma")),
                         ["alpha", "beta", "gamma"])),
        ("AnsiArray", (ANSI | ARRAY, b"one\0two\0", ["one", "two"])),
        ("EmptyArray", (STRING | ARRAY, b"", [""])),
        ("UInt16Array", (UINT16 | ARRAY, struct.pack("<3H", 1, 2, 65535), ["1", "2", "65535"])),
        ("Int32Array", (INT32 | ARRAY, struct.pack("<2i", -1, 7), ["-1", "7"])),
        ("Hex32Array", (HEX32 | ARRAY, struct.pack("<2I", 0x10, 0xdeadbeef), ["0x10", "0xdeadbeef"])),
        ("GuidArray", (GUID | ARRAY, G1.bytes_le + G2.bytes_le, [guid_text(G1), guid_text(G2)])),
        ("FileTimeArray", (FILETIME | ARRAY, struct.pack("<Q", T_WRITTEN), [iso7(T_WRITTEN)])),
        ("SidArray", (SID | ARRAY, sid_bytes("S-1-5-18") + sid_bytes("S-1-5-32-544"), ["S-1-5-18", "S-1-5-32-544"])),
        ("BoolArray", (BOOL | ARRAY, struct.pack("<2I", 0, 1), ["false", "true"])),
        ("Null", (NULL, b"", "")),
        ("EmptyString", (STRING, b"", "")),
    ]
    return system, data


class Writer:
    """Binary XML at its final chunk offset (base + bytes so far), because
    names and template definitions are referenced by chunk offset."""

    def __init__(self, base=0, names=None, templates=None, initial=b""):
        self.base = base
        self.buf = bytearray(initial)
        self.names = {} if names is None else names
        self.templates = {} if templates is None else templates

    def pos(self):
        return self.base + len(self.buf)

    def name(self, name):
        if name in self.names:  # back into earlier data in the chunk
            self.buf += struct.pack("<I", self.names[name])
            return
        self.names[name] = self.pos() + 4
        self.buf += struct.pack("<I", self.pos() + 4)
        h = 0
        for c in name:
            h = (h * 65599 + ord(c)) & 0xFFFFFFFF
        self.buf += struct.pack("<IHH", 0, h & 0xFFFF, len(name)) + u16(name) + b"\0\0"

    def text(self, s, more=False):
        self.buf += bytes([0x45 if more else 0x05, 0x01]) + struct.pack("<H", len(s)) + u16(s)

    def item(self, it):
        """Content or attribute data: str, ("sub", id, type[, optional]),
        ("cdata", s), ("charref", n), ("entity", name), ("pi", target, data)
        or an element tuple ("el", name, attrs, content[, dep])."""
        if isinstance(it, str):
            self.text(it)
        elif it[0] == "sub":
            self.buf += bytes([0x0E if len(it) > 3 and it[3] else 0x0D]) + struct.pack("<HB", it[1], it[2])
        elif it[0] == "cdata":
            self.buf += b"\x07" + struct.pack("<H", len(it[1])) + u16(it[1])
        elif it[0] == "charref":
            self.buf += b"\x08" + struct.pack("<H", it[1])
        elif it[0] == "entity":
            self.buf += b"\x09"
            self.name(it[1])
        elif it[0] == "pi":
            self.buf += b"\x0a"
            self.name(it[1])
            self.buf += b"\x0b" + struct.pack("<H", len(it[2])) + u16(it[2])
        else:
            self.element(*it[1:])

    def element(self, name, attrs=(), content=None, dep=True):
        self.buf += bytes([0x41 if attrs else 0x01])
        if dep:
            self.buf += struct.pack("<H", 0xFFFF)
        size_at = len(self.buf)
        self.buf += b"\0\0\0\0"
        self.name(name)
        if attrs:
            list_at = len(self.buf)
            self.buf += b"\0\0\0\0"
            for i, (k, v) in enumerate(attrs):
                self.buf += bytes([0x46 if i + 1 < len(attrs) else 0x06])
                self.name(k)
                for part in (v if isinstance(v, list) else [v]):
                    self.item(part)
            struct.pack_into("<I", self.buf, list_at, len(self.buf) - list_at - 4)
        if content is None:
            self.buf += b"\x03"
        else:
            self.buf += b"\x02"
            for it in content:
                self.item(it)
            self.buf += b"\x04"
        struct.pack_into("<I", self.buf, size_at, len(self.buf) - size_at - 4)

    def template(self, key, body, values):
        """A template instance: the definition inline the first time the
        chunk uses key, else its offset back; then the values, binary XML
        ones (("binxml", element)) written at their final offsets."""
        self.buf += b"\x0c\x01" + struct.pack("<I", zlib.crc32(key.encode()))
        if key in self.templates:
            self.buf += struct.pack("<I", self.templates[key])
        else:
            self.templates[key] = self.pos() + 4
            self.buf += struct.pack("<I", self.pos() + 4)
            self.buf += struct.pack("<I", 0) + uuid.uuid5(uuid.NAMESPACE_OID, key).bytes_le
            size_at = len(self.buf)
            self.buf += b"\0\0\0\0"
            self.buf += b"\x0f\x01\x01\x00"
            self.element(*body[1:])
            self.buf += b"\x00"
            struct.pack_into("<I", self.buf, size_at, len(self.buf) - size_at - 4)
        datas = []
        off = self.pos() + 4 + 4 * len(values)
        for t, data in values:
            if t == BINXML:  # data is an element tuple: encoded where it will lie
                w = Writer(off, self.names, self.templates)
                w.buf += b"\x0f\x01\x01\x00"
                w.item(data)
                w.buf += b"\x00"
                data = bytes(w.buf)
            datas.append((t, data))
            off += len(data)
        self.buf += struct.pack("<I", len(values))
        for t, data in datas:
            self.buf += struct.pack("<HBB", len(data), t, 0)
        for _, data in datas:
            self.buf += data


class Chunk(Writer):
    def __init__(self):
        super().__init__(0, None, None, bytes(512))
        self.first = self.last = None
        self.last_off = 0

    def record(self, rid, written, key, body, values, count=True):
        start = len(self.buf)
        self.buf += struct.pack("<IIQQ", 0x2A2A, 0, rid, written) + b"\x0f\x01\x01\x00"
        self.template(key, body, values)
        self.buf += b"\x00"
        size = len(self.buf) - start + 4
        self.buf += struct.pack("<I", size)
        struct.pack_into("<I", self.buf, start + 4, size)
        if count:
            self.first = rid if self.first is None else self.first
            self.last, self.last_off = rid, start
        return start

    def finish(self, free=None, damage=()):
        free = len(self.buf) if free is None else free
        records_crc = zlib.crc32(bytes(self.buf[512:free]))
        self.buf += b"\0" * (65536 - len(self.buf))
        first, last = self.first or 1, self.last or 0
        hdr = struct.pack("<8sQQQQIIII", b"ElfChnk\0", first, last, first, last, 128, self.last_off, free, records_crc)
        self.buf[0:len(hdr)] = hdr
        struct.pack_into("<I", self.buf, 120, 1)
        struct.pack_into("<I", self.buf, 124, zlib.crc32(bytes(self.buf[0:120]) + bytes(self.buf[128:512])))
        for off, byte in damage:  # after the checksums were taken
            self.buf[off] = byte
        return bytes(self.buf)


def write_file(path, chunks, declared=None, cut=None):
    hdr = bytearray(4096)
    n = len(chunks) if declared is None else declared
    struct.pack_into("<8sQQQIHHHH", hdr, 0, b"ElfFile\0", 0, max(n - 1, 0), 1000, 128, 1, 3, 4096, n)
    struct.pack_into("<I", hdr, 124, zlib.crc32(bytes(hdr[0:120])))
    data = bytes(hdr) + b"".join(chunks)
    with open(path, "wb") as f:
        f.write(data[:cut] if cut else data)


# ---- the templates ----

def system_body(sub0):
    """<System> with its values as substitutions sub0, sub0+1, ..."""
    s = lambda i, t, opt=False: ("sub", sub0 + i, t, opt)
    return ("el", "System", (), [
        ("el", "Provider", [("Name", s(0, STRING)), ("Guid", s(1, GUID))], None),
        ("el", "EventID", (), [s(2, UINT16)]), ("el", "Version", (), [s(3, UINT8)]),
        ("el", "Level", (), [s(4, UINT8)]), ("el", "Task", (), [s(5, UINT16)]),
        ("el", "Opcode", (), [s(6, UINT8)]), ("el", "Keywords", (), [s(7, HEX64)]),
        ("el", "TimeCreated", [("SystemTime", s(8, FILETIME))], None),
        ("el", "EventRecordID", (), [s(9, UINT64)]),
        ("el", "Correlation", [("ActivityID", s(10, GUID, True))], None),
        ("el", "Execution", [("ProcessID", s(11, UINT32)), ("ThreadID", s(12, UINT32))], None),
        ("el", "Channel", (), [s(13, STRING)]), ("el", "Computer", (), [s(14, STRING)]),
        ("el", "Security", [("UserID", s(15, SID, True))], None),
    ])


SYSTEM_NAMES = ["Provider_Name", "Provider_Guid", "EventID", "Version", "Level", "Task", "Opcode", "Keywords",
                "TimeCreated_SystemTime", "EventRecordID", None, "Execution_ProcessID", "Execution_ThreadID",
                "Channel", "Computer", "Security_UserID"]
EV = ("el", "Event", [("xmlns", "http://schemas.microsoft.com/win/2004/08/events/event")])


def every_type_template(data):
    """Event with System and an EventData holding one Data per value type,
    plus literal markup: unnamed Data, CDATA, references, a PI, Binary,
    and a binary XML value."""
    n = 16
    datas = [("el", "Data", [("Name", name)], [("sub", n + i, t & 0xff, True)])
             for i, (name, (t, _, _)) in enumerate(data)]
    nx = n + len(data)
    datas += [
        ("el", "Data", (), ["unnamed one"]),
        ("el", "Data", (), [("cdata", "if (a < b && c) {}")]),
        ("el", "Data", [("Name", "Refs")], ["a", ("charref", 38), ("entity", "lt"), ("entity", "gt"), "b"]),
        ("pi", "shellsift-test", "inert=\"1\""),
        ("el", "Data", [("Name", "Nested")], [("sub", nx, BINXML, True)]),
        ("el", "Binary", (), [("sub", nx + 1, BINARY)]),
    ]
    return EV + ([system_body(0), ("el", "EventData", (), datas)],)


def expected_every_type(system, data, nested_text):
    f = {}

    def put(k, v):
        if k in f:
            f[k] = (f[k] if isinstance(f[k], list) else [f[k]]) + (v if isinstance(v, list) else [v])
        else:
            f[k] = v
    for name, (_, _, text) in zip(SYSTEM_NAMES, system):
        if name:
            put(name, text)
    for name, (_, _, text) in data:
        put(name, text)
    put("Data", ["unnamed one", "if (a < b && c) {}"])
    put("Refs", "a&<>b")
    put("Nested", nested_text)
    put("Binary", "0102")
    return {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in f.items()}


def userdata_template():
    """A different template: UserData with nested elements and attributes."""
    return EV + ([system_body(0), ("el", "UserData", (), [
        ("el", "Operation_ClientFailure", [("xmlns", "http://manifests.microsoft.com/win/2006/windows/WMI")], [
            ("el", "Id", (), [("sub", 16, STRING)]),
            ("el", "Error", [("Code", ("sub", 17, UINT32))], None),
            ("el", "Detail", (), [("el", "Depth", (), [("sub", 18, STRING)])]),
        ])])],)


def make_spec(out):
    os.makedirs(out, exist_ok=True)
    expected = {}
    nested = ("el", "Inner", [("Attr", "x")], ["nested text"], False)  # no dependency id: the spec's binary XML value

    def every(rid, computer):
        system, data = every_type_values(rid, computer)
        values = [(t, b) for t, b, _ in system] + [(t, b) for _, (t, b, _) in data]
        values += [(BINXML, nested), (BINARY, b"\x01\x02")]
        return values, expected_every_type(system, data, "nested text")

    _, data0 = every_type_values(0, "")
    body = every_type_template(data0)

    def userdata(rid):
        system, _ = every_type_values(rid, "WMI-HOST")
        values = [(t, b) for t, b, _ in system] + [v_str("{DEADBEEF}")[:2], (UINT32, struct.pack("<I", 2147749891)),
                                                     v_str("deep")[:2]]
        f = {k: t for k, (_, _, t) in zip(SYSTEM_NAMES, system) if k}
        f.update({"Id": "{DEADBEEF}", "Error_Code": "2147749891", "Depth": "deep"})
        return values, f

    # 1. templates: chunk 0 defines the every-type template and reuses it;
    # chunk 1 puts a different template at the same offset; chunk 2 the
    # first one again; chunk 3 is not counted by the file header.
    recs, chunks = [], []
    c = Chunk()
    for rid, host in ((1, "HOST-A"), (2, "HOST-B"), (3, "HOST-C")):
        v, f = every(rid, host)
        c.record(rid, T_WRITTEN, "every-type", body, v)
        recs.append(f)
    chunks.append(c.finish())
    c = Chunk()
    for rid in (4, 5):
        v, f = userdata(rid)
        c.record(rid, T_WRITTEN, "userdata", userdata_template(), v)
        recs.append(f)
    chunks.append(c.finish())
    c = Chunk()
    v, f = every(6, "HOST-D")
    c.record(6, T_WRITTEN, "every-type", body, v)
    recs.append(f)
    chunks.append(c.finish())
    c = Chunk()
    v, f = every(7, "HOST-UNCOUNTED")
    c.record(7, T_WRITTEN, "every-type", body, v)
    recs.append(f)
    chunks.append(c.finish())
    write_file(os.path.join(out, "templates.evtx"), chunks, declared=3)
    expected["templates.evtx"] = {"records": recs, "recovered": 0, "exit": 0, "warnings": []}

    # 2. a chunk whose records fail their checksum (one character of a
    # value changed after the CRC was taken): still read, with a warning.
    c = Chunk()
    v, f = every(1, "HOST-A")
    c.record(1, T_WRITTEN, "every-type", body, v)
    at = bytes(c.buf).rfind(u16("HOST-A"))
    f["Computer"] = "HOST-B"
    good = Chunk()
    v2, f2 = every(2, "HOST-OK")
    good.record(2, T_WRITTEN, "every-type", body, v2)
    write_file(os.path.join(out, "bad-checksum.evtx"), [c.finish(damage=[(at + 10, ord("B"))]), good.finish()])
    expected["bad-checksum.evtx"] = {"records": [f, f2], "recovered": 0, "exit": 0,
                                     "warnings": ["chunk 0 fails its records checksum"]}

    # 3. a damaged record (its size and copy of size disagree) between two
    # good ones: the next one is found, the lost one counted.
    c = Chunk()
    fs = []
    for rid in (1, 2, 3):
        v, f = every(rid, f"HOST-{rid}")
        # record 3 uses the definition written inside the damaged record 2
        start = c.record(rid, T_WRITTEN, "every-type" if rid == 1 else "every-type-2", body, v)
        if rid == 2:
            damaged = start
        else:
            fs.append(f)
    write_file(os.path.join(out, "damaged-record.evtx"), [c.finish(damage=[(damaged + 4, 0x7f)])])
    expected["damaged-record.evtx"] = {"records": fs, "recovered": 0, "exit": 2,
                                       "warnings": ["chunk 0: 1 of 3 records could not be read"]}

    # 4. a deleted record left in the free space after the last counted one
    c = Chunk()
    v, f = every(10, "HOST-KEPT")
    c.record(10, T_WRITTEN, "every-type", body, v)
    free = len(c.buf)
    v, g = every(11, "HOST-DELETED")
    c.record(11, T_WRITTEN, "every-type", body, v, count=False)
    write_file(os.path.join(out, "free-space.evtx"), [c.finish(free=free)])
    expected["free-space.evtx"] = {"records": [f], "recovered": 1, "recovered_records": [g], "exit": 0, "warnings": []}

    # 5. truncated: two chunks, the file cut inside the second
    c1, c2 = Chunk(), Chunk()
    v, f = every(1, "HOST-A")
    c1.record(1, T_WRITTEN, "every-type", body, v)
    v, _ = every(2, "HOST-B")
    c2.record(2, T_WRITTEN, "every-type", body, v)
    v, _ = every(3, "HOST-C")
    c2.record(3, T_WRITTEN, "every-type", body, v)
    write_file(os.path.join(out, "truncated.evtx"), [c1.finish(), c2.finish()], cut=4096 + 65536 + 1500)
    expected["truncated.evtx"] = {"records": [f], "recovered": 0, "exit": 2,
                                  "warnings": ["chunk 1: 2 of 2 records could not be read (the file ends inside"]}

    with open(os.path.join(out, "expected.json"), "w") as fh:
        json.dump(expected, fh, indent=1, ensure_ascii=False)
