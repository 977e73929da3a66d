/*
 * php_sinks.c - what PHP does with request input besides calling a sink
 * by its name, for analyze.c:
 *
 *   - callbacks: the function a callback argument names, however it is
 *     named ('assert', 'as'.'sert' folded, array('options' => 'system'),
 *     create_function('$a', 'eval($a);'), a variable holding one of these,
 *     new ReflectionFunction('assert'));
 *   - effects of a statement that are not assignments: extract($_POST)
 *     and parse_str($q) without a result (every unassigned variable is
 *     then input), out-parameters (parse_str($q, $out), preg_match($p,
 *     $s, $m)), foreach over input, list() = input, global $x, return in
 *     a function (it passes a parameter on, or returns input), echo into
 *     an output buffer whose handler is a sink (ob_start('assert'));
 *   - parameters: inside a function they carry TA_PARAM, so a sink they
 *     reach makes the function a wrapper of that sink (and a sanitized
 *     parameter does not);
 *   - writes: PHP code written to a file is read as code (a dropper
 *     writing a one-line shell is that shell).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

static inline __attribute__((always_inline)) int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* A method of this file that runs its parameter as it is, by name (the
 * class is not checked: another class's method of that name is rare). */
static const name_def *own_method(const lang_ctx *c, const char *s, size_t n) {
  for (size_t k = 0; k < c->nwrappers; k++)
    if (c->wrappers[k].sink && (c->wrappers[k].sink_flags & TA_PURE) && strlen(c->wrappers[k].name) == n &&
        strncasecmp(c->wrappers[k].name, s, n) == 0)
      return c->wrappers[k].sink;
  return NULL;
}

const name_def *lang_php_sink_named(lang_ctx *c, const char *s, size_t n) {
  char name[64];
  const char *colons = n > 3 ? memmem(s, n, "::", 2) : NULL;
  if (colons) /* 'Cls::m': a static method */
    return own_method(c, colons + 2, n - (size_t)(colons + 2 - s));
  if (n && s[0] == '\\') s++, n--;
  if (!n || n >= sizeof name) return NULL;
  for (size_t k = 0; k < n; k++) name[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
  const name_def *d = lang_names_lookup(name, n, SYN_PHP);
  if (d && d->kind == N_SINK && (d->id == SK_CODE || d->id == SK_CMD || d->id == SK_PREG)) return d;
  for (size_t k = 0; k < c->nwrappers; k++) /* a function of this file that runs its parameter */
    if (c->wrappers[k].sink && strlen(c->wrappers[k].name) == n && memcmp(c->wrappers[k].name, name, n) == 0)
      return c->wrappers[k].sink;
  return NULL;
}

const name_def *lang_php_callable(lang_ctx *c, size_t s, size_t e, char *how, size_t howsz, uint8_t *chain,
                                  uint8_t *nchain) {
  const token *t = &c->st[s];
  *how = '\0';
  *nchain = 0;
  if (e == s + 1 && t->kind == TK_STR && !(t->flags & TF_INTERP)) {
    const name_def *d = lang_php_sink_named(c, tok_text(c, t), t->len);
    if (d) snprintf(how, howsz, "%s", d->display);
    return d;
  }
  if (e == s + 1 && t->kind == TK_ARR) { /* filter_var(..., array('options' => 'assert')) */
    const char *v;
    size_t vn;
    if (lang_carr_get((const unsigned char *)tok_text(c, t), t->len, "options", 7, &v, &vn)) {
      const name_def *d = lang_php_sink_named(c, v, vn);
      if (d) snprintf(how, howsz, "%s", d->display);
      return d;
    }
    carr_ent en, second; /* array('Cls', 'm'): a method of the file that runs its parameter */
    size_t at = lang_carr_next((const unsigned char *)tok_text(c, t), t->len, 0, &en);
    if (at && c->nwrappers && (at = lang_carr_next((const unsigned char *)tok_text(c, t), t->len, at, &second)) != 0 &&
        !lang_carr_next((const unsigned char *)tok_text(c, t), t->len, at, &en)) {
      const name_def *d = own_method(c, second.v, second.vn);
      if (d) {
        snprintf(how, howsz, "%s (in method %.*s)", d->display, (int)(second.vn < 30 ? second.vn : 30), second.v);
        return d;
      }
    }
    /* array('!tag' => 'assert'): yaml_parse()'s map of callbacks */
    for (size_t pos = lang_carr_next((const unsigned char *)tok_text(c, t), t->len, 0, &en); pos;
         pos = lang_carr_next((const unsigned char *)tok_text(c, t), t->len, pos, &en)) {
      const name_def *d = en.kn && en.k[0] == '!' ? lang_php_sink_named(c, en.v, en.vn) : NULL;
      if (d) {
        snprintf(how, howsz, "%s", d->display);
        return d;
      }
    }
    return NULL;
  }
  if (e == s + 1 && t->kind == TK_VAR) {
    sym *sy = lang_sym_get(c, tok_text(c, t), t->len, 0);
    if (sy && sy->callable) {
      snprintf(how, howsz, "%s (in %.30s)", sy->callable->display, tok_text(c, t));
      memcpy(chain, sy->cchain, sy->ncchain);
      *nchain = sy->ncchain;
    }
    return sy ? sy->callable : NULL;
  }
  /* [$cls, 'm'], array('Cls', 'm'): a method of the file that runs its parameter */
  if (e > s + 4 && c->nwrappers && c->st[e - 2].kind == TK_STR && is_op(c, e - 3, ",") &&
      ((is_op(c, s, "[") && is_op(c, e - 1, "]")) ||
       (tok_is(c, t, TK_IDENT, "array") && is_op(c, s + 1, "(") && is_op(c, e - 1, ")")))) {
    const name_def *d = own_method(c, tok_text(c, &c->st[e - 2]), c->st[e - 2].len);
    if (d) {
      snprintf(how, howsz, "%s (in method %.30s)", d->display, tok_text(c, &c->st[e - 2]));
      return d;
    }
  }
  /* yaml_parse(..., array('!tag' => 'assert')): a map of YAML tags to
   * callbacks; the keys may interpolate, so the literal is read as written */
  if (e > s + 4 && (is_op(c, s, "[") || (tok_is(c, t, TK_IDENT, "array") && is_op(c, s + 1, "(")))) {
    for (size_t k = s + 1; k + 2 < e; k++) {
      const token *v = &c->st[k + 1];
      const token *key = &c->st[k - 1];
      if (!is_op(c, k, "=>") || key->kind != TK_STR || !key->len || tok_text(c, key)[0] != '!' ||
          v->kind != TK_STR || (v->flags & TF_INTERP) ||
          !(is_op(c, k + 2, ",") || is_op(c, k + 2, ")") || is_op(c, k + 2, "]")))
        continue;
      const name_def *d = lang_php_sink_named(c, tok_text(c, v), v->len);
      if (d) {
        snprintf(how, howsz, "%s", d->display);
        return d;
      }
    }
    return NULL;
  }
  /* system(...), fn($x) => system($x), Closure::fromCallable('system') (php_callables.c) */
  if (t->kind == TK_IDENT) {
    const name_def *d = lang_php_callable_of_syntax(c, s, e);
    if (d) {
      snprintf(how, howsz, "%s", d->display);
      return d;
    }
  }
  /* new R: an object whose class (of this file) has an __invoke that runs its parameter; $r($_GET['c']) */
  if (t->kind == TK_IDENT && (t->flags & TF_NEW) && c->nwrappers) {
    const name_def *d = own_method(c, "__invoke", 8);
    if (d) {
      snprintf(how, howsz, "%s (in %.30s::__invoke)", d->display, tok_text(c, t));
      return d;
    }
  }
  /* new ReflectionFunction('assert') */
  if (t->kind == TK_IDENT && (t->flags & TF_NEW) && tok_is(c, t, TK_IDENT, "reflectionfunction") && e == s + 4 &&
      c->st[s + 2].kind == TK_STR) {
    const name_def *d = lang_php_sink_named(c, tok_text(c, &c->st[s + 2]), c->st[s + 2].len);
    if (d) snprintf(how, howsz, "ReflectionFunction of %s", d->display);
    return d;
  }
  /* create_function('$a', 'assert($a);') */
  if ((tok_is(c, t, TK_IDENT, "create_function") ||
       (t->kind == TK_STR && t->len == 15 && strcasecmp(tok_text(c, t), "create_function") == 0)) &&
      is_op(c, s + 1, "(")) {
    size_t close = lang_match_close(c, s + 1), ps, pe, bs, be;
    if (close + 1 != e) return NULL;
    if (!lang_arg_span(c, s + 2, close, 1, &ps, &pe) || !lang_arg_span(c, s + 2, close, 2, &bs, &be)) return NULL;
    if (be != bs + 1 || c->st[bs].kind != TK_STR || (c->st[bs].flags & TF_INTERP)) return NULL;
    const char *params = pe == ps + 1 && c->st[ps].kind == TK_STR ? tok_text(c, &c->st[ps]) : "";
    size_t pn = pe == ps + 1 && c->st[ps].kind == TK_STR ? c->st[ps].len : 0;
    const name_def *d = lang_probe_callable(c, params, pn, tok_text(c, &c->st[bs]), c->st[bs].len, chain, nchain);
    if (d) snprintf(how, howsz, "a create_function() that runs its argument with %s", d->display);
    return d;
  }
  return NULL;
}

/* Taints the variable at st[i] (a target: $out, $a['k'], &$v) with t. */
static void taint_var(lang_ctx *c, size_t i, const taint *t) {
  if (is_op(c, i, "&")) i++;
  if (i >= c->nst || c->st[i].kind != TK_VAR) return;
  sym *s = lang_sym_get(c, tok_text(c, &c->st[i]), c->st[i].len, 1);
  if (!s) return;
  s->t = *t;
  s->has_taint = 1;
  s->has_const = s->has_arr = 0;
}

/* foreach (X as $v) / (X as $k => $v) */
static void effect_foreach(lang_ctx *c) {
  if (c->nst < 5 || !is_op(c, 1, "(")) return;
  size_t close = lang_match_close(c, 1), as = 0;
  for (size_t i = 2; i < close; i++)
    if (tok_is(c, &c->st[i], TK_IDENT, "as")) {
      as = i;
      break;
    }
  if (as) lang_php_built_foreach(c, as, close);
  taint t;
  /* the tokens of the file itself (token_get_all of __FILE__) carry its comments: a packed payload's hiding place */
  if (!as || !lang_span_taint(c, 2, as, &t) || (t.flags & TA_PARAM) ||
      ((t.flags & TA_PACKED) && !tok_is(c, &c->st[2], TK_IDENT, "token_get_all")))
    return;
  t.flags &= (uint16_t)~TA_SERVER; /* the values of $_SERVER: headers among them */
  for (size_t i = as + 1; i < close; i++)
    if (c->st[i].kind == TK_VAR) taint_var(c, i, &t);
}

/* Marks every variable not yet assigned in this scope as input. */
static void extracted(lang_ctx *c, const taint *t, const char *how) {
  if (c->extracted) return;
  c->extracted = 1;
  c->extract_scope = c->scope;
  c->extract_t = *t;
  size_t hn = strlen(how);
  int room = (int)(sizeof c->extract_t.src - hn - 3);
  snprintf(c->extract_t.src, sizeof c->extract_t.src, "%s(%.*s)", how, room > 0 ? room : 0, t->src);
}

static void effect_calls(lang_ctx *c) {
  for (size_t i = 0; i + 2 < c->nst; i++) {
    const token *f = &c->st[i];
    if (f->kind != TK_IDENT || f->len < 7 || !strchr("eipmu", tok_text(c, f)[0]) || !is_op(c, i + 1, "(") ||
        (i > 0 && (is_op(c, i - 1, "->") || is_op(c, i - 1, "::"))))
      continue;
    size_t close = lang_match_close(c, i + 1), s, e;
    taint t;
    if (tok_is(c, f, TK_IDENT, "extract") || tok_is(c, f, TK_IDENT, "import_request_variables")) {
      if (tok_is(c, f, TK_IDENT, "import_request_variables")) {
        memset(&t, 0, sizeof t);
        snprintf(t.src, sizeof t.src, "request variables");
        t.flags = TA_PURE;
        extracted(c, &t, "import_request_variables");
      } else if (lang_arg_span(c, i + 2, close, 1, &s, &e) && lang_span_taint(c, s, e, &t) && !(t.flags & TA_WEAK)) {
        extracted(c, &t, "extract");
      }
      continue;
    }
    if (tok_is(c, f, TK_IDENT, "unserialize")) { /* objects the request describes: see magic_sink() */
      if (!c->pcaps->unser_line && lang_arg_span(c, i + 2, close, 1, &s, &e) && lang_input_taint(c, NULL, s, e, &t) &&
          !(t.flags & TA_CALLED)) {
        c->pcaps->unser_line = c->level ? c->outer_line : f->line;
        snprintf(c->pcaps->unser_src, sizeof c->pcaps->unser_src, "%.47s", t.src);
      }
      continue;
    }
    int parse = tok_is(c, f, TK_IDENT, "parse_str") || tok_is(c, f, TK_IDENT, "mb_parse_str");
    int match = tok_is(c, f, TK_IDENT, "preg_match") || tok_is(c, f, TK_IDENT, "preg_match_all");
    if (!parse && !match) continue;
    if (!lang_arg_span(c, i + 2, close, parse ? 1 : 2, &s, &e) || !lang_span_taint(c, s, e, &t) ||
        (t.flags & (TA_PACKED | TA_SERVER)))
      continue;
    size_t os, oe;
    if (lang_arg_span(c, i + 2, close, parse ? 2 : 3, &os, &oe)) taint_var(c, os, &t);
    else if (parse && !(t.flags & TA_PARAM)) extracted(c, &t, "parse_str");
  }
}

/* return <expr> inside a function: it passes a parameter on, or hands out
 * request input (function p($k) { return $_POST[$k]; }). */
static void effect_return(lang_ctx *c) {
  if (!c->fn || c->nst < 2) return;
  wrapper *w = &c->wrappers[c->fn - 1];
  lang_php_note_table_return(c, w); /* return base64_decode($table[$i]) */
  lang_php_note_inline_return(c, w); /* return str_replace('junk', '', $s) */
  if (w->lrun) lang_loop_note_return(c, w); /* return gzinflate($o) after a decode loop (loop_run.c) */
  const token *v = &c->st[1];
  if (tok_is(c, v, TK_IDENT, "match") && is_op(c, c->nst - 1, "{")) return; /* return match ($_GET['m']) {: an arm's value */
  if (c->nst == 2 && (v->kind == TK_STR || v->kind == TK_NUM) && !(v->flags & TF_INTERP)) {
    /* function loader() { return hex2bin(dechex(425564251 * 4)); }: calls fold to "eval" */
    size_t n = v->len;
    if (n >= sizeof w->retc || (w->nretc && (w->nretc != n || memcmp(w->retc, tok_text(c, v), n)))) w->retc_bad = 1;
    else if (!w->retc_bad) memcpy(w->retc, tok_text(c, v), n), w->nretc = (uint8_t)n, w->retc[n] = '\0';
    return;
  }
  if (c->nst > 1) w->retc_bad = 1;
  taint t;
  if (!lang_span_taint(c, 1, c->nst, &t)) return;
  if (t.flags & TA_PARAM) w->passes = 1;
  else if (!(t.flags & TA_SERVER) && !w->returns) w->returns = 1, w->ret = t;
}

/* PHP's ++ on a string: "a" is "b", "Az" is "Ba", "zz" is "aaa", "" is
 * "1"; 0 if the string is not one PHP steps so (or is too long). */
static size_t str_increment(const char *s, size_t n, char *out, size_t outsz) {
  if (n == 0) return outsz > 1 ? (out[0] = '1', 1) : 0;
  if (n + 1 >= outsz) return 0;
  for (size_t k = 0; k < n; k++)
    if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9'))) return 0;
  if (s[0] >= '0' && s[0] <= '9') return 0; /* a number, or a string PHP may read as one */
  memcpy(out + 1, s, n);
  for (size_t k = n; k-- > 0;) {
    char *ch = &out[k + 1];
    if (*ch == 'z') *ch = 'a';
    else if (*ch == 'Z') *ch = 'A';
    else if (*ch == '9') *ch = '0';
    else return ++*ch, memmove(out, out + 1, n), n;
  }
  out[0] = s[0] >= 'a' && s[0] <= 'z' ? 'a' : s[0] >= 'A' && s[0] <= 'Z' ? 'A' : '1';
  return n + 1;
}

/* $x++ / ++$x / $x-- on a constant: the next constant ('A'++ is 'B':
 * names spelled by stepping letters); $s[0]++ on '' makes the array
 * [1] (PHP 5), whose text is "Array".  Anything else forgets the value. */
static void step_constant(lang_ctx *c, size_t i, int inc) {
  size_t v = SIZE_MAX;
  int elem = 0;
  if (i + 1 < c->nst && c->st[i + 1].kind == TK_VAR) {
    v = i + 1, elem = is_op(c, i + 2, "[");
  } else if (i > 0 && c->st[i - 1].kind == TK_VAR) {
    v = i - 1;
  } else if (i > 0 && is_op(c, i - 1, "]")) { /* $a[k]++ */
    int depth = 0;
    for (size_t k = i; k-- > 0;) {
      if (is_op(c, k, "]")) depth++;
      else if (is_op(c, k, "[") && --depth == 0) {
        if (k > 0 && c->st[k - 1].kind == TK_VAR) v = k - 1, elem = 1;
        break;
      }
    }
  }
  if (v == SIZE_MAX) return;
  sym *s = lang_sym_get(c, tok_text(c, &c->st[v]), c->st[v].len, 0);
  if (!s) return;
  if (elem) {
    if (inc && s->has_const && s->val.kind == TK_STR && s->val.len == 0) {
      carr_builder b;
      lang_carr_init(&b);
      lang_carr_add(&b, "0", 1, "1", 1);
      lang_sym_set_array(c, s, &b);
      lang_carr_free(&b);
    } else {
      s->has_arr = 0;
    }
    s->has_const = 0;
    return;
  }
  if (!s->has_const) return;
  /* only a statement of its own, outside loops and ifs, steps for sure: $i++ in a for () does not */
  if (c->nst != 2 || c->depth > (c->in_fn ? c->fn_depth : 0)) {
    s->has_const = 0;
    return;
  }
  char text[72];
  size_t n = 0;
  if (s->val.kind == TK_NUM) {
    s->val.num += inc ? 1 : -1;
    n = (size_t)snprintf(text, sizeof text, "%lld", (long long)s->val.num);
  } else if (s->val.kind == TK_STR && inc) {
    n = str_increment(c->persist.buf + s->val.off, s->val.len, text, sizeof text);
  }
  if (!n) {
    s->has_const = 0;
    return;
  }
  s->val.off = lang_arena_put(&c->persist, text, n);
  s->val.len = (uint32_t)n;
  s->val.flags |= TF_JOINED;
  lang_sym_noted(c, s);
}

/* Inside a magic method (__destruct, __wakeup, __toString...): a code or
 * command sink given one of the object's properties.  With unserialize()
 * of request input, the request builds the object and chooses the code. */
static void magic_sink(lang_ctx *c) {
  static const char *const magic[] = {"__destruct", "__wakeup", "__tostring", "__call", "__get", "__set",
                                      "__invoke", "__unserialize", "__callstatic", "__isset", "__unset"};
  const char *m = c->wrappers[c->fn - 1].name;
  size_t k = 0;
  while (k < sizeof magic / sizeof magic[0] && strcasecmp(m, magic[k]) != 0) k++;
  if (k == sizeof magic / sizeof magic[0]) return;
  for (size_t i = 0; i + 1 < c->nst; i++) {
    const token *f = &c->st[i];
    if (f->kind != TK_IDENT || !is_op(c, i + 1, "(") || (i > 0 && (is_op(c, i - 1, "->") || is_op(c, i - 1, "::"))))
      continue;
    const name_def *d = lang_names_lookup(tok_text(c, f), f->len, SYN_PHP);
    if (!d || d->kind != N_SINK || (d->id != SK_CODE && d->id != SK_CMD)) continue;
    size_t close = lang_match_close(c, i + 1);
    for (size_t a = i + 2; a < close && a < c->nst; a++)
      if (c->st[a].kind == TK_VAR && c->st[a].len == 5 && memcmp(tok_text(c, &c->st[a]), "$this", 5) == 0) {
        c->pcaps->gadget_line = c->level ? c->outer_line : f->line;
        snprintf(c->pcaps->gadget_method, sizeof c->pcaps->gadget_method, "%s", m);
        snprintf(c->pcaps->gadget_sink, sizeof c->pcaps->gadget_sink, "%s", d->display);
        c->pcaps->gadget_direct = d->id == SK_CODE || a == i + 2; /* eval($this->x), system($this->x . ...) */
        return;
      }
  }
}

/* echo file_get_contents(<'/etc/passwd' decoded or joined at run time>),
 * readfile(...): the account list or password hashes printed to the client
 * from a path the file hides (a path spelled plainly is a rule's, in
 * rules/yara/php.yar).  at is the path's token, folded. */
void lang_php_account_read(lang_ctx *c, size_t at) {
  static const char *const readers[] = {"file_get_contents", "file", "readfile", "highlight_file", "show_source",
                                        "fopen"};
  const token *p = &c->st[at];
  if (!((p->flags & (TF_JOINED | TF_CONST)) || p->nchain) || at < 2 || !is_op(c, at - 1, "(") ||
      c->st[at - 2].kind != TK_IDENT)
    return;
  const char *path = tok_text(c, p);
  if (memcmp(path, "/etc/passwd", 11) != 0 && memcmp(path, "/etc/shadow", 11) != 0) return;
  const token *f = &c->st[at - 2];
  int reader = 0;
  for (size_t k = 0; k < sizeof readers / sizeof readers[0]; k++) reader |= tok_is(c, f, TK_IDENT, readers[k]);
  if (!reader) return;
  /* printed: by the call itself, or by the statement (echo ..., print ..., print_r(...)) */
  int shows = tok_is(c, f, TK_IDENT, "readfile") || tok_is(c, f, TK_IDENT, "highlight_file") ||
              tok_is(c, f, TK_IDENT, "show_source") || tok_is(c, &c->st[0], TK_IDENT, "echo") ||
              tok_is(c, &c->st[0], TK_IDENT, "print") || tok_is(c, &c->st[0], TK_IDENT, "print_r") ||
              tok_is(c, &c->st[0], TK_IDENT, "var_dump");
  if (!shows) return;
  lang_add_detection(c, "shellsift.lang.account-read", "hacktool", 50, f->line,
                     "PHP reconnaissance: prints the server's account list or password hashes (%.11s) read with "
                     "%s() from a path the file hides (decoded or joined at run time) (line %u)",
                     path, tok_text(c, f), f->line);
}

void lang_php_effects(lang_ctx *c) {
  if (!c->nst) return;
  const token *first = &c->st[0];
  if (c->fn && !c->pcaps->gadget_line && c->wrappers[c->fn - 1].name[0] == '_' &&
      c->wrappers[c->fn - 1].name[1] == '_')
    magic_sink(c);
  /* a function that changes its parameter before returning it is not inlined (php_inline.c) */
  if (c->fn && first->kind == TK_VAR && !c->wrappers[c->fn - 1].inl_bad) {
    sym *p = lang_sym_get(c, tok_text(c, first), first->len, 0);
    if (p && p->has_taint && (p->t.flags & TA_PARAM) && p->t.param == 1) c->wrappers[c->fn - 1].inl_bad = 1;
  }
  /* goto L; or __halt_compiler(): run() reads the file again through php_goto.c */
  if (first->kind == TK_IDENT && (first->len == 4 || first->len == 15) && !c->reorder &&
      memcmp(tok_text(c, first), first->len == 4 ? "goto" : "__halt_compiler", first->len) == 0)
    c->reorder_wanted |= first->len == 4 ? 1 : 2;
  if (c->pcaps->objprop ? !c->fn || c->stmt_member : c->fn && c->stmt_member) lang_php_objprop_statement(c);
  if (tok_is(c, first, TK_IDENT, "foreach")) effect_foreach(c);
  else if (tok_is(c, first, TK_IDENT, "return")) effect_return(c);
  else if (tok_is(c, first, TK_IDENT, "global") && c->scope) {
    for (size_t i = 1; i < c->nst && c->nglobals < sizeof c->globals / sizeof c->globals[0]; i++)
      if (c->st[i].kind == TK_VAR && c->st[i].len < sizeof c->globals[0])
        snprintf(c->globals[c->nglobals++], sizeof c->globals[0], "%s", tok_text(c, &c->st[i]));
  } else if ((tok_is(c, first, TK_IDENT, "echo") || tok_is(c, first, TK_IDENT, "print")) && c->ob_sink) {
    taint t;
    if (lang_input_taint(c, NULL, 1, c->nst, &t))
      lang_add_detection(c, c->ob_sink->id == SK_CMD ? "shellsift.lang.command-exec" : "shellsift.lang.code-exec",
                         "webshell", 90, first->line,
                         "request input %s is printed into an output buffer that ob_start() hands to %s (line %u)",
                         t.src, c->ob_sink->display, first->line);
  }
  /* list($a, $b) = input;  [$a, $b] = input;  while (list($k, $v) = each($_POST)) */
  size_t l0 = tok_is(c, first, TK_IDENT, "while") && is_op(c, 1, "(") && c->nst > 6 ? 2 : 0;
  if ((tok_is(c, &c->st[l0], TK_IDENT, "list") && is_op(c, l0 + 1, "(")) || (!l0 && is_op(c, 0, "["))) {
    size_t close = lang_match_close(c, l0 + 1 - is_op(c, l0, "["));
    size_t end = l0 ? lang_match_close(c, 1) : c->nst;
    taint t;
    if (close + 1 < end && is_op(c, close + 1, "=") && lang_span_taint(c, close + 2, end, &t) &&
        !(t.flags & TA_WEAK))
      for (size_t i = l0; i < close; i++)
        if (c->st[i].kind == TK_VAR) taint_var(c, i, &t);
  }
  /* one pass: $$k = $v over request input (register_globals by hand); $i++ changes a
   * constant; calls with effects (extract, parse_str, preg_match, unserialize).  on_token
   * marked the statements that have any of them. */
  if (!(c->stmt_marks & (SM_DOLLAR | SM_INCDEC))) {
    if (c->stmt_marks & SM_CALL) effect_calls(c);
    return;
  }
  int varvar = !(c->stmt_marks & SM_DOLLAR);
  for (size_t i = 0; i < c->nst; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_OP) continue;
    const char *o = tok_text(c, t);
    if (t->len == 1 && o[0] == '$' && !varvar && i + 2 < c->nst && c->st[i + 1].kind == TK_VAR &&
        is_op(c, i + 2, "=") && (i < 4 || is_op(c, i - 1, ")") || tok_is(c, &c->st[i - 1], TK_IDENT, "else"))) {
      varvar = 1; /* if (...) $$v = ... */
      taint vt;
      sym *k = lang_sym_get(c, tok_text(c, &c->st[i + 1]), c->st[i + 1].len, 0);
      if (k && k->has_taint && !(k->t.flags & TA_WEAK)) extracted(c, &k->t, "variable variables from");
      else if (lang_span_taint(c, i + 3, c->nst, &vt) && !(vt.flags & TA_WEAK))
        extracted(c, &vt, "variable variables from");
    } else if (t->len == 2 && ((o[0] == '+' && o[1] == '+') || (o[0] == '-' && o[1] == '-')) &&
               (c->values & LV_CONST)) {
      step_constant(c, i, o[0] == '+');
    }
  }
  if (c->stmt_marks & SM_CALL) effect_calls(c);
}

void lang_php_params(lang_ctx *c, size_t name, wrapper *w) {
  if (!is_op(c, name + 1, "(")) return;
  size_t close = lang_match_close(c, name + 1);
  unsigned idx = 0;
  int depth = 0;
  for (size_t i = name + 2; i < close; i++) {
    const token *t = &c->st[i];
    if (tok_opens(c, t)) depth++;
    else if (tok_closes(c, t)) depth--;
    if (depth || t->kind != TK_VAR) continue;
    if (i > name + 2 && is_op(c, i - 1, "=")) continue; /* a default value */
    idx++;
    sym *s = lang_sym_get(c, tok_text(c, t), t->len, 1);
    if (!s) continue;
    token pv;
    if (lang_php_param_const(c, tok_text(c, &c->st[name]), c->st[name].len, idx, &pv)) {
      s->val = pv; /* function f($tbl) ... f('<charset>', ...) before it: $tbl is that literal */
      s->has_const = 1, s->has_taint = s->has_arr = 0;
      c->values |= LV_CONST;
      lang_sym_noted(c, s);
      continue;
    }
    memset(&s->t, 0, sizeof s->t);
    memcpy(s->t.src, tok_text(c, t), t->len < sizeof s->t.src - 1 ? t->len : sizeof s->t.src - 1);
    s->t.flags = TA_PARAM | TA_PURE;
    s->t.param = (uint8_t)(idx < 255 ? idx : 255);
    s->has_taint = 1;
    s->has_const = s->has_arr = 0;
  }
  if (w) w->nparams = (uint8_t)(idx < 255 ? idx : 255);
}

static int has_php_open(const char *s, size_t n) {
  for (size_t k = 0; k + 1 < n; k++)
    if (s[k] == '<' && (s[k + 1] == '?' || ((s[k + 1] | 0x20) == 's' && k + 7 < n && strncmp(s + k + 1, "script", 6) == 0)))
      return 1;
  return 0;
}

/* The constant path st[s, e) names, or NULL. */
static const char *const_path(lang_ctx *c, size_t s, size_t e) {
  while (s < e && is_op(c, s, "(")) s++;
  while (e > s && is_op(c, e - 1, ")")) e--;
  if (e != s + 1 || c->st[s].kind != TK_STR || (c->st[s].flags & TF_INTERP) || c->st[s].len == 0 ||
      c->st[s].len >= sizeof c->pcaps->written)
    return NULL;
  return tok_text(c, &c->st[s]);
}

/* A path held in one variable (its name, with the $), or NULL: include of
 * the same variable runs what was written (php_extapi.c). */
static const char *var_path(lang_ctx *c, size_t s, size_t e) {
  if (e != s + 1 || c->st[s].kind != TK_VAR || c->st[s].len >= sizeof c->pcaps->written) return NULL;
  return tok_text(c, &c->st[s]);
}

/* include 'mem://x' where the file itself registers the scheme "mem" with
 * stream_wrapper_register('mem', 'Cls'): the included code is whatever the
 * file's own class serves (a way to run code without eval).  1 if so.
 * Cheap: only includes of a literal "scheme://" get here. */
static int own_wrapper_scheme(const lang_ctx *c, const char *p) {
  static const char fn[] = "stream_wrapper_register";
  const char *colon = strstr(p, "://");
  size_t n = colon ? (size_t)(colon - p) : 0;
  if (!n || n > 32) return 0;
  for (size_t i = 0; i < n; i++)
    if (!lang_lex_ident_char((unsigned char)p[i]) && p[i] != '.' && p[i] != '-' && p[i] != '+') return 0;
  const unsigned char *q = c->buf, *end = c->buf + c->len;
  while (q && (size_t)(end - q) > sizeof fn && (q = memmem(q, (size_t)(end - q), fn, sizeof fn - 1)) != NULL) {
    q += sizeof fn - 1;
    while (q < end && (*q == ' ' || *q == '\t' || *q == '(')) q++;
    if (q < end && (*q == '\'' || *q == '"') && (size_t)(end - q) > n + 1 && strncasecmp((const char *)q + 1, p, n) == 0 &&
        q[n + 1] == *q)
      return 1;
  }
  return 0;
}

void lang_php_include(lang_ctx *c, const char *display, unsigned line, size_t a, size_t b) {
  php_caps *k = c->pcaps;
  const char *p = const_path(c, a, b);
  taint t;
  if (p && k->written[0] && strcmp(p, k->written) == 0) {
    lang_add_detection(c, "shellsift.lang.code-exec", "webshell", 85, line,
                       "request input %s is written to %s by %s() (line %u) and run as code by %s (line %u)",
                       k->written_src, k->written, k->written_fn, k->written_line, display, line);
    return;
  }
  if (p && lang_php_stash_include(c, p, display, line)) return;
  /* ... and an object keeps request input in a property: what the wrapper serves */
  if (p && k->prop_line && own_wrapper_scheme(c, p)) {
    lang_add_detection(c, "shellsift.lang.code-exec", "webshell", 80, line,
                       "%s runs %.40s as PHP code, served by a stream wrapper this file registers with "
                       "stream_wrapper_register(), with request input %s kept in an object's property at line %u (line %u)",
                       display, p, k->prop_src, k->prop_line, line);
    return;
  }
  /* include $_GET['u'] . '/x.php': a URL there loads remote code (remote file inclusion) */
  int depth = 0;
  size_t from = a;
  while (from < b && is_op(c, from, "(")) from++;
  for (size_t i = from; i < b; i++) {
    const token *q = &c->st[i];
    if (tok_opens(c, q)) depth++;
    else if (tok_closes(c, q)) depth--;
    if (depth || !is_op(c, i, ".")) continue;
    if (i > from && lang_input_taint(c, NULL, from, i, &t) && (t.flags & TA_PURE) && !(t.flags & TA_CALLED))
      lang_add_detection(c, "shellsift.lang.include", "webshell", 50, line,
                         "request input %s starts the path %s loads: a URL there is loaded as remote code (line %u)", t.src,
                         display, line);
    return;
  }
}

void lang_php_write(lang_ctx *c, const name_def *d, const char *display, unsigned line, size_t a, size_t b) {
  size_t s, e, ps, pe;
  const char *path;
  taint in;
  /* request input written to a constant path: remembered for an include of it */
  if (d->arg && !c->pcaps->written[0] && lang_arg_span(c, a, b, d->arg, &ps, &pe) &&
      ((path = const_path(c, ps, pe)) || (path = var_path(c, ps, pe))) &&
      lang_arg_span(c, a, b, 2, &s, &e) && lang_input_taint(c, d, s, e, &in) && !(in.flags & TA_CALLED)) {
    php_caps *k = c->pcaps;
    snprintf(k->written, sizeof k->written, "%s", path);
    snprintf(k->written_src, sizeof k->written_src, "%.47s", in.src);
    snprintf(k->written_fn, sizeof k->written_fn, "%s", d->name);
    k->written_line = c->level ? c->outer_line : line;
  }
  lang_php_stash_write(c, d, line, a, b);
  /* the content: fwrite($h, X), file_put_contents($p, X), fputs($h, X) */
  if (!lang_arg_span(c, a, b, 2, &s, &e) || e != s + 1) return;
  const token *t = &c->st[s];
  if (t->kind != TK_STR || (t->flags & TF_INTERP)) return;
  (void)d;
  const char *v = tok_text(c, t);
  if (t->len > 64 && (memcmp(v, "\x7f" "ELF", 4) == 0 || (v[0] == 'M' && v[1] == 'Z' && t->len > 128))) {
    lang_add_detection(c, "shellsift.lang.dropper", "webshell", 60, line,
                       "%s writes a native %s the file carries in a literal (line %u)", display,
                       v[0] == 'M' ? "Windows executable" : "ELF executable or library", line);
    return;
  }
  if (!has_php_open(v, t->len)) return;
  char prefix[160];
  snprintf(prefix, sizeof prefix, "PHP code written by %s (line %u): ", display, line);
  lang_read_payload(c, tok_text(c, t), t->len, 0, prefix, line);
}
