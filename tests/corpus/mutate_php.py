"""PHP rewrites of tests/corpus/mutate (imported by it; not run alone).

Each rewrite keeps what the page does under PHP 7 and 8 (a rewrite that
breaks PHP is a harness bug, not a detection gap):
  noise     comments, blank lines and empty ?><?php breaks between statements
  rename    user variables and function parameters get other names (never
            superglobals, $this, properties, or a name some string holds)
  param     request parameter names change ($_POST['cmd'] -> $_POST['zqa'])
  accessor  $_GET/$_POST read through $_REQUEST or $GLOBALS['_GET'],
            $_SERVER['HTTP_X'] through getenv('HTTP_X')
  case      function names in another letter case
  split     string literals split and joined with .
  constvar  string literals moved into variables assigned before the statement
  chr       string literals as chr(..).chr(..)
  strrev    ... as strrev('...'); rot13 str_rot13('...'); b64str base64_decode('...');
  hexstr    ... hex2bin('...')
  execute   a statement run through eval('...')
  b64       a statement run through eval(base64_decode('...'))
  gzpack    the whole page run through eval('?>'.gzinflate(base64_decode('...')))
  wrap      a statement moved into a function of its own or a closure called in place
  callvar   f(x) of a dangerous built-in as $n='f'; $n(x) or call_user_func('f', x)
  oneline   every block's code on one line: comments dropped, line breaks made blanks
"""
import base64
import re
import zlib

SUPERGLOBALS = {"_GET", "_POST", "_REQUEST", "_COOKIE", "_SERVER", "_FILES", "_ENV", "_SESSION", "GLOBALS",
                "this", "php_errormsg", "http_response_header", "argv", "argc", "HTTP_GET_VARS",
                "HTTP_POST_VARS", "HTTP_COOKIE_VARS", "HTTP_SERVER_VARS", "HTTP_POST_FILES", "HTTP_ENV_VARS",
                "HTTP_SESSION_VARS", "HTTP_RAW_POST_DATA"}
# files that reach variables by a name held in data: renaming there could change what they do
NAME_BY_DATA = re.compile(r"\$\$|\$\{|\b(extract|compact|get_defined_vars|parse_str|import_request_variables|"
                          r"func_get_args|mb_parse_str)\b", re.I)
MAGIC = re.compile(r"\b(__FILE__|__DIR__|__LINE__|__FUNCTION__|__METHOD__|__CLASS__|__NAMESPACE__|"
                   r"__halt_compiler|func_get_args|func_get_arg|func_num_args|get_defined_vars|compact|extract)\b",
                   re.I)
SINKS = {"system", "exec", "passthru", "shell_exec", "popen", "proc_open", "pcntl_exec", "assert", "eval",
         "create_function", "preg_replace", "call_user_func", "call_user_func_array", "file_put_contents",
         "fwrite", "fputs", "move_uploaded_file", "copy", "unlink", "base64_decode", "gzinflate",
         "gzuncompress", "str_rot13", "include", "require", "include_once", "require_once", "fopen",
         "array_map", "usort", "mail", "mysql_query", "mysqli_query", "curl_exec", "fsockopen"}
# built-ins called through a name ($n(..) keeps by-reference arguments; call_user_func does not)
CALLVAR = {"system", "exec", "passthru", "shell_exec", "popen", "proc_open", "pcntl_exec", "file_put_contents",
           "fwrite", "fputs", "move_uploaded_file", "copy", "unlink", "base64_decode", "gzinflate",
           "gzuncompress", "str_rot13", "fopen", "mail", "curl_exec", "fsockopen", "file_get_contents",
           "create_function", "preg_replace", "array_map", "mysql_query", "mysqli_query", "readfile",
           "chmod", "mkdir", "rmdir", "rename", "opendir", "scandir", "stream_socket_client", "socket_create"}
BYREF = {"exec", "proc_open", "preg_replace", "fsockopen", "stream_socket_client"}
REQ = ("_GET", "_POST", "_REQUEST", "_COOKIE", "_FILES")
ID = r"[A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*"
CAST = re.compile(r"\(\s*(int|integer|bool|boolean|float|double|real|string|array|object|unset|binary)\s*\)", re.I)
OPS3 = ("<<=", ">>=", "**=", "...", "===", "!==", "<=>", "??=", "?->")
OPS2 = ("->", "::", "=>", "==", "!=", "<>", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", ".=", "%=",
        "&=", "|=", "^=", "<<", ">>", "??", "**")
ASSIGN = {"=", "+=", "-=", "*=", "/=", ".=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**=", "??="}


class Tok:
    __slots__ = ("kind", "text")

    def __init__(self, kind, text):
        self.kind, self.text = kind, text

    def sig(self):
        return self.kind not in ("ws", "comment")


def _dq_end(s, i, q):
    """End (past the closing quote) of a double-quoted/backtick string opened at s[i]; None if unterminated."""
    j = i + 1
    n = len(s)
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == q:
            return j + 1
        if c == "{" and j + 1 < n and s[j + 1] == "$":
            j = _interp_end(s, j + 1)
            if j is None:
                return None
            continue
        j += 1
    return None


def _interp_end(s, j):
    """Past the } closing a {$...} interpolation (quotes inside it are PHP strings)."""
    depth, n = 1, len(s)
    while j < n:
        c = s[j]
        if c in "'\"":
            e = _sq_end(s, j) if c == "'" else _dq_end(s, j, '"')
            if e is None:
                return None
            j = e
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return None


def _sq_end(s, i):
    j, n = i + 1, len(s)
    while j < n:
        if s[j] == "\\":
            j += 2
            continue
        if s[j] == "'":
            return j + 1
        j += 1
    return None


HEREDOC = re.compile(r"<<<[ \t]*(['\"]?)(" + ID + r")\1\r?\n")


def php_tokens(s, i):
    """Tokens of PHP code from s[i] up to a closing ?> (excluded) or the end; returns (tokens, end).
    Raises ValueError on what this reader does not follow (the page is then left alone)."""
    toks = []
    n = len(s)
    while i < n:
        c = s[i]
        if c in " \t\r\n\f\v":
            m = re.compile(r"[ \t\r\n\f\v]+").match(s, i)
            toks.append(Tok("ws", m.group()))
            i = m.end()
        elif s.startswith("?>", i):
            return toks, i
        elif c == "#" or s.startswith("//", i):
            m = re.compile(r"(?:#|//)(?:[^\n?]|\?(?!>))*").match(s, i)
            toks.append(Tok("comment", m.group()))
            i = m.end()
        elif s.startswith("/*", i):
            e = s.find("*/", i + 2)
            if e < 0:
                raise ValueError("open comment")
            toks.append(Tok("comment", s[i:e + 2]))
            i = e + 2
        elif c == "'":
            e = _sq_end(s, i)
            if e is None:
                raise ValueError("open string")
            toks.append(Tok("sq", s[i:e]))
            i = e
        elif c in '"`':
            e = _dq_end(s, i, c)
            if e is None:
                raise ValueError("open string")
            toks.append(Tok("dq" if c == '"' else "bt", s[i:e]))
            i = e
        elif s.startswith("<<<", i):
            m = HEREDOC.match(s, i)
            if not m:
                raise ValueError("heredoc")
            end = re.compile(r"^[ \t]*" + re.escape(m.group(2)) + r"(?![A-Za-z0-9_\x80-\xff])", re.M).search(s, m.end())
            if not end:
                raise ValueError("open heredoc")
            # nowdoc bodies hold no variables; heredoc bodies interpolate like "..."
            toks.append(Tok("nowdoc" if m.group(1) == "'" else "heredoc", s[i:end.end()]))
            i = end.end()
        elif c == "$" and i + 1 < n and re.match(ID, s[i + 1:i + 2]):
            m = re.compile(r"\$" + ID).match(s, i)
            toks.append(Tok("var", m.group()))
            i = m.end()
        elif re.match(r"[A-Za-z_\x80-\xff\\]", c):
            m = re.compile(r"\\?" + ID + r"(?:\\" + ID + r")*").match(s, i)
            if not m:
                toks.append(Tok("op", c))
                i += 1
                continue
            toks.append(Tok("ident", m.group()))
            i = m.end()
            if m.group().lower() == "__halt_compiler":
                # what follows __halt_compiler(); is data: kept as it is
                m2 = re.compile(r"\s*\(\s*\)\s*(;|\?>)?").match(s, i)
                toks.append(Tok("halt", s[i:]))
                return toks, n
        elif c.isdigit() or (c == "." and i + 1 < n and s[i + 1].isdigit()):
            m = re.compile(r"0[xX][0-9a-fA-F_]+|0[bB][01_]+|[0-9_]*\.?[0-9_]+(?:[eE][+-]?[0-9]+)?").match(s, i)
            toks.append(Tok("num", m.group()))
            i = m.end()
        elif c == "(" and CAST.match(s, i):
            m = CAST.match(s, i)
            toks.append(Tok("cast", m.group()))
            i = m.end()
        else:
            for op in OPS3 + OPS2:
                if s.startswith(op, i):
                    toks.append(Tok("op", op))
                    i += len(op)
                    break
            else:
                toks.append(Tok("op", c))
                i += 1
    return toks, n


OPEN = re.compile(r"<\?php(?=[\s])|<\?=|<\?(?!xml)", re.I)


class Page:
    """A PHP page: a list of pieces, each ("html", text) or ("code", open_tag, tokens, close_tag)."""

    def __init__(self, text):
        self.parts = []
        i, n = 0, len(text)
        while i < n:
            m = OPEN.search(text, i)
            if not m:
                self.parts.append(["html", text[i:]])
                break
            if m.start() > i:
                self.parts.append(["html", text[i:m.start()]])
            toks, e = php_tokens(text, m.end())
            close = ""
            if text.startswith("?>", e):
                close = "?>"
                e += 2
            self.parts.append(["code", m.group(), toks, close])
            i = e
        self.namespaced = any(p[0] == "code" and any(t.kind == "ident" and t.text.lower() in ("namespace", "declare")
                                                     for t in p[2]) for p in self.parts)

    def text(self):
        out = []
        for p in self.parts:
            if p[0] == "html":
                out.append(p[1])
            else:
                out.append(p[1] + "".join(t.text for t in p[2]) + p[3])
        return "".join(out)

    def flat(self):
        """Every code token in page order, a "tag" token where ?>...<?php breaks the code (cached: the
        tokens are shared, so a rewrite through this list is a rewrite of the page)."""
        if getattr(self, "_flat", None) is None:
            out = []
            for p in self.code_parts():
                out.append(Tok("tag", ""))
                out.extend(p[2])
            self._flat = out
        return self._flat

    def code_parts(self):
        return [p for p in self.parts if p[0] == "code"]

    def all_toks(self):
        for p in self.code_parts():
            for t in p[2]:
                yield t


def sig_idx(toks):
    return [k for k, t in enumerate(toks) if t.sig()]


CTRL = {"if", "elseif", "else", "for", "foreach", "while", "do", "switch", "try", "catch", "finally", "declare"}
NOSTART = {"endif", "endforeach", "endfor", "endwhile", "endswitch", "enddeclare", "else", "elseif", "case", "default", "catch", "finally", "while", "function", "class", "interface",
           "trait", "enum", "abstract", "final", "const", "static", "public", "private", "protected", "var",
           "use", "namespace", "declare", "global", "readonly"}


class Stmt:
    """A simple statement: tokens [a, b] of the page's flat token list (b is its ';'), in code context."""

    def __init__(self, toks, a, b, top):
        self.flat, self.a, self.b, self.top = toks, a, b, top

    def toks(self):
        return self.flat[self.a:self.b + 1]

    def text(self):
        return "".join(t.text for t in self.toks())


def brace_kind(head, paren):
    """What a '{' opens, from the statement head before it: "code" (a statement block), "class" (a class
    body), "closure" (a function body inside an expression) or "expr" (anything else)."""
    words = {h.text.lower() for h in head if h.kind == "ident"}
    first = head[0].text.lower() if head and head[0].kind == "ident" else None
    if paren == 0 and (not head or first in CTRL or first == "function" and len(head) > 1 and
                       head[1].kind == "ident" or first == "function" and len(head) > 2 and head[1].text == "&"):
        return "code"
    if words & {"class", "interface", "trait", "enum"} and not (head and head[-1].text == "->"):
        return "class"
    if "function" in words and head and head[-1].text == ")" or "use" in words and head[-1].text == ")":
        return "closure"
    return "expr"


def statements(page):
    """Simple statements (no braces inside, ending in ';', not a control statement) of code context.
    A statement starts after ';', after a statement block's '{' or '}', or after an open tag; the
    brace state runs on across ?>...<?php (templates close blocks in a later piece)."""
    toks = page.flat()
    out = []
    stack = []  # (kind, outer start, outer nested, outer paren)
    start, paren, nested = 0, 0, False
    for k, t in enumerate(toks):
        if not t.sig():
            continue
        x = t.text
        if t.kind == "tag":
            if paren == 0:
                start, nested = k + 1, False
            continue
        if t.kind == "halt":
            break
        if t.kind != "op":
            continue
        if x in ("(", "["):
            paren += 1
        elif x in (")", "]"):
            paren -= 1
        elif x == "{":
            head = [toks[j] for j in range(start, k) if toks[j].sig() and toks[j].kind != "tag"]
            kind = brace_kind(head, paren)
            stack.append((kind, start, nested, paren))
            paren = 0
            if kind != "expr":
                start, nested = k + 1, False
        elif x == "}":
            if not stack:
                raise ValueError("unbalanced")
            kind, ostart, onested, oparen = stack.pop()
            paren = oparen
            if kind in ("code", "class"):
                start, nested = k + 1, False
            else:
                start, nested = ostart, True
        elif x == ";" and paren == 0:
            ctx = stack[-1][0] if stack else "top"
            head = [toks[j] for j in range(start, k) if toks[j].sig()]
            if head and ctx in ("top", "code", "closure") and not nested and not any(
                    h.kind == "tag" for h in head) and not (
                    head[0].kind == "ident" and head[0].text.lower() in NOSTART | CTRL) and not any(
                    h.kind == "op" and h.text in (":", "{", "}") for h in head):
                a = start
                while a < k and not toks[a].sig():
                    a += 1
                out.append(Stmt(toks, a, k, ctx == "top"))
            start, nested = k + 1, False
    return out


def is_payload(st):
    for t in st.toks():
        if t.kind == "var" and t.text[1:] in REQ + ("_SERVER", "_SESSION"):
            return True
        if t.kind == "ident" and t.text.lower().lstrip("\\") in SINKS:
            return True
        if t.kind == "bt":
            return True
    return False


def movable(st):
    """A statement that means the same run elsewhere in the same scope (eval, a closure)."""
    txt = st.text()
    if MAGIC.search(txt) or re.search(r"\b(break|continue|yield|goto|static|global|return|self|parent)\b", txt, re.I):
        return False
    if any(t.kind in ("heredoc", "nowdoc", "halt", "tag") for t in st.toks()):
        return False
    return "?>" not in txt


def sq(v):
    return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fresh(rng, used, n=5):
    while True:
        name = "".join(rng.choice("bcdfghjkmnpqrstvwxz") for _ in range(n))
        if name not in used and name.lower() not in used:
            used.add(name)
            return name


def used_words(page):
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", page.text()))

# ------------------------------------------------------------ rewrites --


def noise(page, rng):
    done = False
    breaks = not page.namespaced
    toks = page.flat()
    for st in statements(page):
        r = rng.random()
        if r < 0.35:
            ins = "/* " + fresh(rng, set(), 6) + " */"
        elif r < 0.55:
            ins = "\n\n// " + fresh(rng, set(), 4) + "\n"
        elif r < 0.7:
            ins = "\n# " + fresh(rng, set(), 4) + "\n"
        elif r < 0.9 and st.top and breaks:
            ins = " ?><?php "
        else:
            continue
        toks[st.b].text = toks[st.b].text + ins
        done = True
    # comments inside statements too: after ( and ,
    for p in page.code_parts():
        for t in p[2]:
            if t.kind == "op" and t.text in ("(", ",") and rng.random() < 0.15:
                t.text += "/**/"
                done = True
    return done


def string_held(page):
    """Words any string or comment-free data holds other than as an interpolated $name."""
    words = set()
    for t in page.all_toks():
        if t.kind in ("sq", "nowdoc"):
            words |= set(re.findall(r"[A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*", t.text))
        elif t.kind in ("dq", "bt", "heredoc"):
            body = re.sub(r"(?<!\\)((?:\\\\)*)\$" + ID, r"\1", t.text)
            words |= set(re.findall(r"[A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*", body))
    for p in page.parts:
        if p[0] == "html":
            words |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", p[1]))
    return words


def rename(page, rng):
    text = page.text()
    if NAME_BY_DATA.search(text):
        return False
    names, bad = [], set(SUPERGLOBALS)
    for p in page.code_parts():
        toks = p[2]
        sig = sig_idx(toks)
        for j, k in enumerate(sig):
            t = toks[k]
            prev = toks[sig[j - 1]] if j else None
            if t.kind == "ident" and prev is not None and prev.text in ("->", "?->", "::"):
                bad.add(t.text)
            if t.kind == "var":
                if prev is not None and prev.text in ("::",):
                    bad.add(t.text[1:])
                elif t.text[1:] not in names:
                    names.append(t.text[1:])
    # class bodies declare properties as $name: any name used after -> is kept
    bad |= string_held(page)
    # named arguments (f(name: $v)) name parameters by their spelling
    bad |= set(re.findall(r"[(,]\s*(" + ID + r")\s*:(?!:)", text))
    cand = [n for n in names if n not in bad]
    if not cand:
        return False
    used = used_words(page)
    new = {n: fresh(rng, used, 4 + rng.randrange(3)) for n in cand}
    interp = re.compile(r"(?<!\\)((?:\\\\)*)(\$\{?)(" + "|".join(re.escape(n) for n in sorted(cand, key=len, reverse=True))
                        + r")(?![A-Za-z0-9_\x80-\xff])")
    for t in page.all_toks():
        if t.kind == "var" and t.text[1:] in new:
            t.text = "$" + new[t.text[1:]]
        elif t.kind in ("dq", "bt", "heredoc"):
            if t.kind == "heredoc":
                head, rest = t.text.split("\n", 1)
                t.text = head + "\n" + interp.sub(lambda m: m.group(1) + m.group(2) + new[m.group(3)], rest)
            else:
                t.text = interp.sub(lambda m: m.group(1) + m.group(2) + new[m.group(3)], t.text)
    return True


def req_index(toks, sig, j):
    """If sig[j] is $_X (a request superglobal) followed by ['key'], the (j of '[', j of key, j of ']')."""
    if j + 3 < len(sig) and toks[sig[j + 1]].text == "[" and toks[sig[j + 2]].kind == "sq" and toks[sig[j + 3]].text == "]":
        return j + 1, j + 2, j + 3
    return None


def sq_value(text):
    return re.sub(r"\\([\\'])", r"\1", text[1:-1])


def dq_plain(text):
    """The value of a double-quoted literal holding no escape or variable, else None."""
    body = text[1:-1]
    if "\\" in body or "$" in body:
        return None
    return body


def lit_value(t):
    if t.kind == "sq":
        return sq_value(t.text)
    if t.kind == "dq":
        return dq_plain(t.text)
    return None


def param(page, rng):
    keys = {}
    for p in page.code_parts():
        toks = p[2]
        sig = sig_idx(toks)
        for j, k in enumerate(sig):
            if toks[k].kind == "var" and toks[k].text[1:] in REQ:
                r = req_index(toks, sig, j)
                if r:
                    keys.setdefault(sq_value(toks[sig[r[1]]].text), []).append(toks[sig[r[1]]])
    if not keys:
        return False
    # a key some other string or the code names is left alone (it may be read another way too)
    other = {}
    for t in page.all_toks():
        if t.kind in ("sq", "dq") and not any(t is x for v in keys.values() for x in v):
            v = lit_value(t)
            if v is not None:
                other[v] = 1
    cand = [k for k in keys if re.fullmatch(r"[A-Za-z0-9_]+", k) and k not in other]
    if not cand:
        return False
    used = used_words(page)
    for k in cand:
        nk = fresh(rng, used, 3 + rng.randrange(3))
        for t in keys[k]:
            t.text = "'" + nk + "'"
        # the page's own forms send the new name
        for p in page.parts:
            if p[0] == "html":
                p[1] = re.sub(r"""(name\s*=\s*["']?)""" + re.escape(k) + r"""(?=["'\s>/])""", r"\g<1>" + nk, p[1])
        for t in page.all_toks():
            if t.kind in ("sq", "dq", "heredoc", "nowdoc"):
                t.text = re.sub(r"""(name\s*=\s*\\?["']?)""" + re.escape(k) + r"""(?=\\?["'\s>/])""",
                                r"\g<1>" + nk, t.text)
    return True


def accessor(page, rng):
    """One rewrite of the request reads, chosen among those the page allows."""
    reads = []  # (toks, sig, j, r)
    for p in page.code_parts():
        toks = p[2]
        sig = sig_idx(toks)
        for j, k in enumerate(sig):
            t = toks[k]
            if t.kind == "var" and t.text[1:] in REQ + ("_SERVER",):
                r = req_index(toks, sig, j)
                if not r:
                    continue
                nxt = toks[sig[r[2] + 1]] if r[2] + 1 < len(sig) else None
                prev = toks[sig[j - 1]] if j else None
                if nxt is not None and (nxt.text in ASSIGN or nxt.text in ("++", "--", "[")):
                    return False  # the page writes the superglobals: left alone
                if prev is not None and prev.text in ("&", "++", "--") or (
                        prev is not None and prev.kind == "ident" and prev.text.lower() in ("unset", "global")):
                    return False
                if prev is not None and prev.text == "(" and j > 1 and toks[sig[j - 2]].text.lower() == "unset":
                    return False
                reads.append((toks, sig, j, r))
    if not reads:
        return False
    by_key = {}
    for toks, sig, j, r in reads:
        by_key.setdefault(sq_value(toks[sig[r[1]]].text), set()).add(toks[sig[j]].text)
    variants = []
    if any(toks[sig[j]].text in ("$_GET", "$_POST") and len(by_key[sq_value(toks[sig[r[1]]].text)]) == 1
           for toks, sig, j, r in reads):
        variants.append("request")
    if any(toks[sig[j]].text in ("$_GET", "$_POST", "$_COOKIE", "$_FILES") for toks, sig, j, r in reads):
        variants.append("globals")
    if any(toks[sig[j]].text == "$_SERVER" and sq_value(toks[sig[r[1]]].text).startswith("HTTP_")
           for toks, sig, j, r in reads):
        variants.append("getenv")
    if not variants:
        return False
    v = variants[rng.randrange(len(variants))]
    for toks, sig, j, r in reads:
        name = toks[sig[j]].text
        key = sq_value(toks[sig[r[1]]].text)
        if v == "request" and name in ("$_GET", "$_POST") and len(by_key[key]) == 1:
            toks[sig[j]].text = "$_REQUEST"
        elif v == "globals" and name in ("$_GET", "$_POST", "$_COOKIE", "$_FILES"):
            toks[sig[j]].text = "$GLOBALS['" + name[1:] + "']"
        elif v == "getenv" and name == "$_SERVER" and key.startswith("HTTP_"):
            toks[sig[j]].text = "getenv(" + toks[sig[r[1]]].text + ")"
            for x in r:
                toks[sig[x]].text = ""
    return True


def case(page, rng):
    done = False
    for p in page.code_parts():
        toks = p[2]
        sig = sig_idx(toks)
        for j, k in enumerate(sig):
            t = toks[k]
            if t.kind == "ident" and j + 1 < len(sig) and toks[sig[j + 1]].text == "(" and \
                    t.text.lower() != "__halt_compiler":
                new = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in t.text)
                if new == t.text:
                    new = t.text.swapcase()
                t.text = new
                done = True
    return done


def literal_sites(page, minlen=3, maxlen=200):
    """String literals (token objects with their value) where any run-time expression may stand."""
    toks = page.flat()
    ok = expr_positions(toks)
    sites = []
    for k, t in enumerate(toks):
        if t.kind in ("sq", "dq") and ok.get(k):
            v = lit_value(t)
            if v is not None and minlen <= len(v) <= maxlen:
                sites.append((t, v))
    return sites


def expr_positions(toks):
    """Token index -> True where a run-time expression is allowed: code (not class) context, not in a
    function's parameter list, not in a const/static/global/declare/use statement."""
    ok = {}
    stack = []  # brace kinds
    parens = []  # for each open paren: is it (inside) a parameter list
    head = []  # sig tokens of the current statement
    sig = sig_idx(toks)
    for j, k in enumerate(sig):
        t = toks[k]
        x = t.text
        if t.kind == "tag":
            if not parens:
                head = []
            continue
        if t.kind == "halt":
            break
        if t.kind == "op" and x == "(":
            prev = toks[sig[j - 1]] if j else None
            prev2 = toks[sig[j - 2]] if j > 1 else None
            p = prev is not None and prev.kind == "ident" and prev.text.lower() in ("function", "fn", "declare")
            p = p or prev is not None and prev2 is not None and prev2.kind == "ident" and \
                prev2.text.lower() == "function" and (prev.kind == "ident" or prev.text == "&")
            p = p or prev is not None and prev.kind == "ident" and prev.text.lower() == "use" and \
                prev2 is not None and prev2.text == ")"
            parens.append(p or (parens[-1] if parens else False))
        elif t.kind == "op" and x == ")":
            if parens:
                parens.pop()
        elif t.kind == "op" and x == "{":
            stack.append(("class" if brace_kind(head, 0) == "class" else "code", parens, head))
            parens, head = [], []
            continue
        elif t.kind == "op" and x == "}":
            if stack:
                kind, parens, head = stack.pop()
                if not parens:
                    head = []
            continue
        elif t.kind == "op" and x == ";" and not parens:
            head = []
            continue
        head.append(t)
        first = head[0].text.lower() if head[0].kind == "ident" else ""
        in_class = bool(stack) and stack[-1][0] == "class"
        ok[k] = not in_class and not (parens and parens[-1]) and first not in (
            "const", "static", "global", "declare", "use", "namespace", "public", "private", "protected", "var",
            "readonly", "abstract", "final", "case")
    return ok


def wrap_lit(t, expr):
    t.text = "(" + expr + ")"


def split(page, rng):
    done = False
    for t, v in literal_sites(page, 4):
        p = 1 + rng.randrange(len(v) - 1)
        wrap_lit(t, sq(v[:p]) + "." + sq(v[p:]))
        done = True
    return done


def chr_(page, rng):
    done = False
    for t, v in literal_sites(page, 3, 60):
        if any(ord(c) > 255 for c in v):
            continue
        wrap_lit(t, ".".join(f"chr({ord(c)})" for c in v))
        done = True
    return done


def _lit_rewrite(page, fn, maxlen=200):
    done = False
    for t, v in literal_sites(page, 3, maxlen):
        wrap_lit(t, fn(v))
        done = True
    return done


def strrev(page, rng):
    return _lit_rewrite(page, lambda v: "strrev(" + sq(v[::-1]) + ")")


def rot13(page, rng):
    import codecs
    return _lit_rewrite(page, lambda v: "str_rot13(" + sq(codecs.encode(v, "rot13")) + ")")


def b64str(page, rng):
    return _lit_rewrite(page, lambda v: "base64_decode('" + base64.b64encode(v.encode("latin-1")).decode() + "')")


def hexstr(page, rng):
    return _lit_rewrite(page, lambda v: "hex2bin('" + v.encode("latin-1").hex() + "')")


def insert_before(st, code):
    st.flat[st.a].text = code + " " + st.flat[st.a].text


def constvar(page, rng):
    """Each string literal of a statement that does something moved into a variable set just before it."""
    done = False
    used = used_words(page)
    toks = page.flat()
    ok = expr_positions(toks)
    for st in statements(page):
        if not is_payload(st):
            continue
        pre = []
        for k in range(st.a, st.b + 1):
            t = toks[k]
            if t.kind in ("sq", "dq") and ok.get(k):
                v = lit_value(t)
                if v is not None and 3 <= len(v) <= 200:
                    n = fresh(rng, used)
                    pre.append(f"${n} = {t.text};")
                    t.text = "$" + n
        if pre:
            insert_before(st, " ".join(pre))
            done = True
    return done


def _stmt_rewrite(page, rng, build):
    """Each movable statement that does something replaced by build(its code)."""
    done = False
    if page.namespaced:
        return False
    for st in statements(page):
        if not is_payload(st) or not movable(st):
            continue
        new = build(st.text(), st, rng)
        if new is None:
            continue
        st.flat[st.a].text = new
        for k in range(st.a + 1, st.b + 1):
            st.flat[k].text = ""
        done = True
    return done


def execute(page, rng):
    return _stmt_rewrite(page, rng, lambda code, st, rng: "eval(" + sq(code) + ");")


def b64(page, rng):
    return _stmt_rewrite(page, rng, lambda code, st, rng: "eval(base64_decode('" +
                         base64.b64encode(code.encode("latin-1")).decode() + "'));")


FILE_BOUND = re.compile(r"\b(__FILE__|__DIR__|__LINE__|__halt_compiler)\b", re.I)


def gzpack(page, rng):
    """The whole page packed: eval('?>' . the page) runs its HTML and code as the file did."""
    text = page.text()
    if FILE_BOUND.search(text) or page.namespaced or not page.code_parts():
        return False
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = c.compress(text.encode("latin-1")) + c.flush()
    enc = base64.b64encode(data).decode()
    page.parts = [["code", "<?php", [Tok("raw", " eval('?>'.gzinflate(base64_decode('" + enc + "')));\n")], ""]]
    return True


def _loop_pack(page, rng, build):
    """The whole page packed by a decode loop of the file's own: eval('?>' . the page) as gzpack."""
    text = page.text()
    if FILE_BOUND.search(text) or page.namespaced or not page.code_parts():
        return False
    data = text.encode("latin-1")
    if len(data) > 256 << 10:
        return False
    page.parts = [["code", "<?php", [Tok("raw", " " + build(data, used_words(page), rng) + "\n")], ""]]
    return True


def xorpack(page, rng):
    """... XORed with one byte, in "\\xNN" escapes, undone by a function: chr(ord($s[$i]) ^ K)."""
    def build(data, used, rng):
        f, s, o, i = fresh(rng, used, 6), fresh(rng, used), fresh(rng, used), fresh(rng, used, 2)
        k = rng.randrange(1, 256)
        enc = "".join("\\x%02x" % (b ^ k) for b in data)
        return (f"function {f}(${s}) {{ ${o} = ''; for (${i} = 0; ${i} < strlen(${s}); ${i}++) {{ "
                f"${o} .= chr(ord(${s}[${i}]) ^ {k}); }} return ${o}; }} eval('?>' . {f}(\"{enc}\"));")
    return _loop_pack(page, rng, build)


def keyxor(page, rng):
    """... base64 of the page XORed with a repeating key, undone by a function given the key: $s[$i] ^ $k[$i % strlen($k)]."""
    def build(data, used, rng):
        f, s, k, o, i = (fresh(rng, used, 6), fresh(rng, used), fresh(rng, used), fresh(rng, used),
                         fresh(rng, used, 2))
        key = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(rng.randrange(4, 12)))
        enc = base64.b64encode(bytes(b ^ ord(key[j % len(key)]) for j, b in enumerate(data))).decode()
        return (f"function {f}(${s}, ${k}) {{ ${s} = base64_decode(${s}); ${o} = ''; "
                f"for (${i} = 0; ${i} < strlen(${s}); ${i}++) ${o} .= ${s}[${i}] ^ ${k}[${i} % strlen(${k})]; "
                f"return ${o}; }} eval('?>' . {f}('{enc}', '{key}'));")
    return _loop_pack(page, rng, build)


def hexloop(page, rng):
    """... as hex pairs, undone inline by chr(hexdec(substr($h, $i, 2))) (or a shift of each code), no function."""
    def build(data, used, rng):
        h, p, i = fresh(rng, used), fresh(rng, used), fresh(rng, used, 2)
        if rng.random() < 0.5:
            return (f"${h} = '{data.hex()}'; ${p} = ''; for (${i} = 0; ${i} < strlen(${h}); ${i} += 2) {{ "
                    f"${p} .= chr(hexdec(substr(${h}, ${i}, 2))); }} eval('?>' . ${p});")
        n = rng.randrange(1, 10)
        enc = "".join("\\x%02x" % ((b + n) & 255) for b in data)
        return (f"${h} = \"{enc}\"; ${p} = ''; for (${i} = 0; ${i} < strlen(${h}); ${i}++) "
                f"${p} .= chr(ord(${h}[${i}]) - {n}); eval('?>' . ${p});")
    return _loop_pack(page, rng, build)


INTERP = re.compile(r"(?<!\\)(?:\\\\)*\$(" + ID + ")")


def wrap(page, rng):
    used = used_words(page)

    def build(code, st, rng):
        names = {t.text[1:] for t in st.toks() if t.kind == "var"}
        for t in st.toks():
            if t.kind in ("dq", "bt"):
                names |= set(INTERP.findall(t.text))
        if "this" in names:
            return None
        vars_ = sorted("$" + n for n in names if n not in SUPERGLOBALS)
        if st.top and rng.random() < 0.5:
            f = fresh(rng, used, 6)
            g = ("global " + ", ".join(vars_) + "; ") if vars_ else ""
            return f"function {f}() {{ {g}{code} }} {f}();"
        u = (" use (" + ", ".join("&" + v for v in vars_) + ")") if vars_ else ""
        return f"call_user_func(function(){u} {{ {code} }});"
    return _stmt_rewrite(page, rng, build)


def callvar(page, rng):
    """Calls of dangerous built-ins made through a name: $n = 'f'; $n(x), or call_user_func('f', x)."""
    done = False
    used = used_words(page)
    toks = page.flat()
    for st in statements(page):
        sig = [k for k in range(st.a, st.b + 1) if toks[k].sig()]
        pre = []
        for j, k in enumerate(sig):
            t = toks[k]
            name = t.text.lower().lstrip("\\")
            if t.kind != "ident" or name not in CALLVAR or j + 1 >= len(sig) or toks[sig[j + 1]].text != "(":
                continue
            prev = toks[sig[j - 1]] if j else None
            if prev is not None and (prev.text in ("->", "?->", "::", "&") or prev.kind == "ident" and
                                     prev.text.lower() in ("function", "new", "fn")):
                continue
            if rng.random() < 0.5 and name not in BYREF:
                t.text = "call_user_func"
                toks[sig[j + 1]].text = "(" + sq(name) + ("" if toks[sig[j + 2]].text == ")" else ", ")
            else:
                n = fresh(rng, used)
                pre.append(f"${n} = {sq(name)};")
                t.text = "$" + n
            done = True
        if pre:
            insert_before(st, " ".join(pre))
    return done


def oneline(page, rng):
    done = False
    parts = page.code_parts()
    if any(t.text.startswith("<<<") for p in parts for t in p[2]):
        return False  # a heredoc's closing name needs its own line
    for p in parts:
        for t in p[2]:
            if t.kind == "comment" or (t.kind == "ws" and ("\n" in t.text or "\r" in t.text)):
                t.text = " "
                done = True
    return done


OPS = {"noise": noise, "rename": rename, "param": param, "accessor": accessor, "case": case, "split": split,
       "constvar": constvar, "chr": chr_, "strrev": strrev, "rot13": rot13, "b64str": b64str, "hexstr": hexstr,
       "execute": execute, "b64": b64, "gzpack": gzpack, "wrap": wrap, "callvar": callvar,
       "oneline": oneline, "xorpack": xorpack, "keyxor": keyxor, "hexloop": hexloop}
COMBO_OPS = ["noise", "rename", "param", "accessor", "case", "split", "execute", "wrap", "callvar", "b64str"]


def mutate(text, op, seed):
    """The page rewritten by op (or "combo": three rewrites in turn), or None where op does not apply."""
    import random
    rng = random.Random(seed)
    try:
        page = Page(text)
        if op == "combo":
            ops = list(COMBO_OPS)
            rng.shuffle(ops)
            done = 0
            for o in ops:
                if done == 3:
                    break
                if OPS[o](page, rng):
                    done += 1
                    page = Page(page.text())
            if done < 2:
                return None
            return page.text()
        if op not in OPS or not OPS[op](page, rng):
            return None
    except (ValueError, IndexError, KeyError):
        return None  # a page this reader does not follow is left alone
    out = page.text()
    return out if out != text else None
