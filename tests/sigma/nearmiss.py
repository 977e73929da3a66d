"""nearmiss.py - from a Sigma rule (parsed YAML) and a record it matches, records it must NOT match.

Two kinds, read off the rule's own condition when it is a top-level conjunction:
  filter     a negated term (`not filter`, `not 1 of filter_*`): one of its maps written into the
             record (endswith -> a path ending in the value, contains -> the value inside text...);
  substring  a required positive term: in every identifier it needs, one field's matched literal is
             corrupted in the record (one character changed inside it) until no value of that field
             matches any more; a keyword list: every value holding a keyword corrupted.
Only plain values (contains / startswith / endswith / all / windash / exact, wildcards allowed for
corruption) are used; anything else (regex, cidr, null, base64, fieldref...) is left alone, so a rule
built only of those has no near miss.  Records are lists of (name, value) pairs.
"""
import fnmatch
import re

SIMPLE = {"contains", "startswith", "endswith", "all", "windash", "cased"}
DASHES = "-/\u2013\u2014\u2015"


def tokens(cond):
    return re.findall(r"\(|\)|[^\s()]+", cond)


def split_top(toks, word):
    """Splits a token list at `word` outside parentheses; None if unbalanced."""
    parts, cur, depth = [], [], 0
    for t in toks:
        if t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
        if depth == 0 and t.lower() == word:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    parts.append(cur)
    return parts if depth == 0 else None


def term_idents(det, t):
    """A term (no `not`) -> (identifiers, need_all): need_all means every one is required."""
    names = [k for k in det if k not in ("condition", "timeframe")]
    if len(t) == 1:
        return ([t[0]], True) if t[0] in det else None
    if len(t) == 3 and t[1].lower() == "of":
        pat = t[2]
        ids = [n for n in names if not n.startswith("_")] if pat == "them" else fnmatch.filter(names, pat)
        if not ids:
            return None
        return ids, t[0].lower() == "all"
    if t and t[0] == "(" and t[-1] == ")":
        alts = split_top(t[1:-1], "or")
        if alts and len(alts) > 1:
            ids = []
            for a in alts:
                r = term_idents(det, a)
                if not r or (r[1] and len(r[0]) > 1):
                    return None
                ids += r[0]
            return ids, False
        return term_idents(det, t[1:-1])
    return None


def disjuncts(det):
    """The condition's top-level `or` parts as token lists (one part if none)."""
    cond = det.get("condition")
    if not isinstance(cond, str):
        return []
    return split_top(tokens(cond), "or") or []


def terms(det, toks=None):
    if toks is None:
        parts = disjuncts(det)
        if len(parts) != 1:
            return []
        toks = parts[0]
    top = split_top(toks, "and")
    if not top or any(split_top(t, "or") is None or len(split_top(t, "or")) > 1 for t in top):
        return []
    out = []
    for t in top:
        neg = bool(t) and t[0].lower() == "not"
        r = term_idents(det, t[1:] if neg else t)
        if r:
            out.append((neg, r[0], r[1]))
    return out


def key_mods(key):
    f = key.split("|")
    return f[0], set(f[1:])


def sigma_regex(value, mods):
    """Regex of a plain Sigma value (pySigma escaping; windash dashes as a class)."""
    s = str(value)
    out, groups, i = [], [], 0
    lit = ""

    def flush():
        nonlocal lit
        if lit:
            parts = []
            for j, c in enumerate(lit):
                word_before = j > 0 and (lit[j - 1].isalnum() or lit[j - 1] == "_")
                word_after = j + 1 < len(lit) and (lit[j + 1].isalnum() or lit[j + 1] == "_")
                if "windash" in mods and c in "-/" and not word_before and word_after:
                    parts.append("[" + re.escape(DASHES) + "]")
                else:
                    parts.append(re.escape(c))
            out.append("(" + "".join(parts) + ")")
            groups.append(len(lit))
            lit = ""

    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s) and s[i + 1] in "*?\\":
            lit += s[i + 1]
            i += 2
            continue
        if c in "*?":
            flush()
            out.append(".*" if c == "*" else ".")
        else:
            lit += c
        i += 1
    flush()
    body = "".join(out)
    if "contains" in mods:
        body = ".*" + body + ".*"
    elif "startswith" in mods:
        body = body + ".*"
    elif "endswith" in mods:
        body = ".*" + body
    flags = re.S if "cased" in mods else re.S | re.I
    return re.compile(body, flags), groups


def corrupt_char(c):
    if c.isalpha():
        return "q" if c.lower() != "q" else "z"
    if c.isdigit():
        return "7" if c != "7" else "3"
    return "#" if c != "#" else "%"


def corrupt(text, rx):
    """One character changed inside the longest literal that rx matched in text; None if no match."""
    m = rx.fullmatch(text)
    if not m:
        return None
    best = None
    for g in range(1, (m.re.groups or 0) + 1):
        a, b = m.span(g)
        if a >= 0 and (best is None or b - a > best[1] - best[0]):
            best = (a, b)
    if best is None or best[1] == best[0]:
        return None
    a, b = best
    seg = text[a:b]
    # prefer an alphanumeric character near the middle
    order = sorted(range(len(seg)), key=lambda k: (not seg[k].isalnum(), abs(k - len(seg) // 2)))
    k = a + order[0]
    return text[:k] + corrupt_char(text[k]) + text[k + 1:]


def values_of(v):
    return v if isinstance(v, list) else [v]


def plain(values):
    return all(isinstance(x, (str, int)) and not isinstance(x, bool) and str(x) != "" for x in values)


def break_map(sel, rec):
    """Corrupts one field so that the map cannot hold; returns the new record or None."""
    entries = sorted(sel.items(), key=lambda kv: (key_mods(kv[0])[0].lower() in ("eventid", "channel", "provider_name"),
                                                   -max((len(str(x)) for x in values_of(kv[1])), default=0)))
    for key, val in entries:
        field, mods = key_mods(key)
        if not field or not mods <= SIMPLE or not plain(values_of(val)):
            continue
        rxs = [sigma_regex(x, mods)[0] for x in values_of(val)]
        idx = [i for i, (k, _) in enumerate(rec) if k.lower() == field.lower()]
        if not idx:
            continue
        new = list(rec)
        for i in idx:
            v = corrupt_until_clean(new[i][1], rxs)
            if v is None:
                break
            new[i] = (new[i][0], v)
        else:
            return new  # unchanged when the field already fails: the map does not hold either way
    return None


def corrupt_until_clean(v, rxs):
    """v with literals corrupted until no regex of rxs matches it; None if that cannot be done."""
    for _ in range(50):
        hit = next((rx for rx in rxs if rx.fullmatch(v)), None)
        if not hit:
            return v
        nv = corrupt(v, hit)
        if nv is None or nv == v:
            return None
        v = nv
    return None


def break_keywords(words, rec):
    rxs = [sigma_regex(w, {"contains"})[0] for w in words]
    new = list(rec)
    for i, (k, v) in enumerate(new):
        v = corrupt_until_clean(v, rxs)
        if v is None:
            return None
        new[i] = (k, v)
    return new


def break_ident(d, rec):
    if isinstance(d, dict):
        return break_map(d, rec)
    if isinstance(d, list):
        maps = [x for x in d if isinstance(x, dict)]
        words = [x for x in d if not isinstance(x, dict)]
        if words and (not plain(words)):
            return None
        for m in maps:
            rec = break_map(m, rec)
            if rec is None:
                return None
        if words:
            rec = break_keywords(words, rec)
        return rec
    return None


def unescape(s):
    """pySigma's reading of a plain value: \\ before * ? \\ makes it plain; wildcards dropped (a
    `*` matches the empty string); None if the value has a `?`."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s) and s[i + 1] in "*?\\":
            out.append(s[i + 1])
            i += 2
            continue
        if c == "?":
            return None
        if c != "*":
            out.append(c)
        i += 1
    return "".join(out)


def filter_value(parts):
    """A value satisfying every (modifiers, values) constraint given on one field, or None."""
    pre, mid, suf, exact = "", "", "", None
    for mods, val in parts:
        vals = values_of(val)
        if not plain(vals):
            return None
        texts = [unescape(str(x)) for x in vals]
        if any(t is None for t in texts):
            return None
        s = " ".join(texts) if "all" in mods else texts[0]
        if "contains" in mods:
            mid += " " + s + " "
        elif "endswith" in mods:
            suf = s + suf
        elif "startswith" in mods:
            pre += s
        else:
            exact = s
    if exact is not None:
        return exact if not (pre or mid or suf) else None
    if suf and not (pre or mid):
        return ("C:\\nearmiss" if suf.startswith("\\") else "C:\\nearmiss\\") + suf
    return pre + mid + suf


def apply_filter(d, rec):
    if isinstance(d, list):
        d = next((x for x in d if isinstance(x, dict)), None)
    if not isinstance(d, dict):
        return None
    byfield = {}
    for key, val in d.items():
        field, mods = key_mods(key)
        if not field or not mods <= SIMPLE or "windash" in mods:
            return None
        byfield.setdefault(field, []).append((mods, val))
    new = list(rec)
    for field, parts in byfield.items():
        v = filter_value(parts)
        if v is None:
            return None
        idx = [i for i, (k, _) in enumerate(new) if k.lower() == field.lower()]
        if idx:
            for i in idx:
                new[i] = (new[i][0], v)
        else:
            new.append((field, v))
    return new if new != rec else None


def variants(doc, rec):
    det = doc.get("detection") or {}
    out = or_variant(doc, rec)
    for neg, ids, need_all in terms(det):
        if neg:
            # `not X`: X true is enough when any of its identifiers suffices, or it is one identifier
            if need_all and len(ids) > 1:
                continue
            for ident in ids[:3]:
                m = apply_filter(det[ident], rec)
                if m is not None:
                    out.append(("filter " + ident, m))
        else:
            targets = ids[:1] if need_all else ids
            r = rec
            for ident in targets:
                r = break_ident(det[ident], r) if r is not None else None
            if r is None and need_all:  # another required identifier may be breakable
                for ident in ids[1:]:
                    r = break_ident(det[ident], rec)
                    if r is not None:
                        break
            if r is not None and r != rec:
                out.append(("substring " + ",".join(targets), r))
    return out


def break_ident_required(det, term, rec):
    """Makes one positive term false; None if it cannot."""
    neg, ids, need_all = term
    if neg:
        return None
    if need_all:
        for ident in ids:
            r = break_ident(det[ident], rec)
            if r is not None:
                return r
        return None
    for ident in ids:
        rec = break_ident(det[ident], rec) if rec is not None else None
    return rec


def or_variant(doc, rec):
    """A condition `A or B or ...`: one required term of every part made false."""
    det = doc.get("detection") or {}
    parts = disjuncts(det)
    if len(parts) < 2:
        return []
    r = rec
    for part in parts:
        ts = terms(det, part)
        done = None
        for t in ts:
            done = break_ident_required(det, t, r)
            if done is not None:
                break
        if done is None:
            return []
        r = done
    return [("substring (every or part)", r)] if r != rec else []
