/*
 * php_choice.c - a variable given one of several function names, some of
 * them sinks, then called:
 *
 *   $f = $_GET['m'] ? 'system' : 'printf';                       $f($_GET['c']);
 *   $f = match ($_GET['m']) { 'a' => 'system', default => 'passthru' };   $f($_GET['c']);
 *   $run = function_exists('shell_exec') ? 'shell_exec' : 'exec';
 *
 * The folder keeps one constant per variable, and a choice has none, so
 * the call $f(...) is only a variable function.  When a whole branch of
 * the choice (a ternary's, a match arm's value) is a literal naming a code
 * or command sink, the variable may hold that sink: it becomes its
 * callable, as $f = 'system' makes it, and request input the call hands
 * it reaches the sink.  A choice among harmless names changes nothing.
 *
 * The widest choice is every function PHP has:
 *
 *   $fns = get_defined_functions()['internal'];   $fns[$_GET['n']]($_GET['a']);
 *
 * An element of that list picked by the request is a function the request
 * names, as $_GET['f'](...) is (a table of the application's own handlers
 * indexed by the request is not: its entries are fixed).
 *
 * An object of an anonymous class whose __invoke runs its parameter is a
 * callable too, known only once the class body is read:
 *
 *   $f = new class { function __invoke($c) { return system($c); } };   $f($_GET['c']);
 */
#include <string.h>

#include "lang/analyze.h"

static int op_at(const lang_ctx *c, size_t i, const char *op) { return i < c->nst && tok_is(c, &c->st[i], TK_OP, op); }

/* The code or command sink the literal st[i] names, or NULL. */
static const name_def *sink_literal(lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  if (t->kind != TK_STR || (t->flags & TF_INTERP) || t->len < 4 || t->len > 24) return NULL;
  const name_def *d = lang_php_sink_named(c, tok_text(c, t), t->len);
  return d && (d->id == SK_CODE || d->id == SK_CMD) ? d : NULL;
}

static void give(lang_ctx *c, const char *var, size_t n, const name_def *d) {
  sym *s = lang_sym_get(c, var, n, 1);
  if (!s) return;
  s->callable = d;
  s->cparam = 1;
  s->ncchain = 0;
}

/* A literal branch st[i] of a ternary: after "?" or ":", before ":", ")" or the end. */
static const name_def *ternary_branch(lang_ctx *c, size_t from) {
  int ternary = 0;
  for (size_t i = from; i < c->nst; i++) {
    if (op_at(c, i, "?") || op_at(c, i, "?:")) ternary = 1;
    if (!ternary || c->st[i].kind != TK_STR) continue;
    if (!(op_at(c, i - 1, "?") || op_at(c, i - 1, ":") || op_at(c, i - 1, "?:"))) continue;
    if (!(i + 1 == c->nst || op_at(c, i + 1, ":") || op_at(c, i + 1, ")"))) continue;
    const name_def *d = sink_literal(c, i);
    if (d) return d;
  }
  return NULL;
}

void lang_php_choice_statement(lang_ctx *c, size_t eq) {
  if (c->choice_var[0]) { /* the arms of "$f = match (...) {": 'a' => 'system', ... } */
    /* an arm whose value is request input: $c = match (true) { isset($_POST['c']) => $_POST['c'], ... } */
    int depth = 0;
    for (size_t i = 1, from = 0; i <= c->nst; i++) {
      if (i < c->nst && (op_at(c, i, "(") || op_at(c, i, "["))) depth++;
      else if (i < c->nst && (op_at(c, i, ")") || op_at(c, i, "]"))) depth--;
      else if (depth == 0 && i < c->nst && op_at(c, i, "=>")) from = i + 1;
      else if (depth <= 0 && from && (i == c->nst || op_at(c, i, ",") || op_at(c, i, "}"))) {
        taint t;
        sym *s;
        if (i > from && lang_input_taint(c, NULL, from, i, &t) &&
            (s = lang_sym_get(c, c->choice_var, strlen(c->choice_var), 1)) != NULL) {
          s->t = t;
          s->has_taint = 1;
          s->has_const = s->has_arr = 0;
          break;
        }
        from = 0;
      }
    }
    for (size_t i = 1; i < c->nst; i++)
      if (op_at(c, i - 1, "=>") && (i + 1 == c->nst || op_at(c, i + 1, ",") || op_at(c, i + 1, "}"))) {
        const name_def *d = sink_literal(c, i);
        if (d) {
          give(c, c->choice_var, strlen(c->choice_var), d);
          break;
        }
      }
    c->choice_var[0] = '\0';
    return;
  }
  if (eq != 1 || c->st[0].kind != TK_VAR || c->nst < 4) return;
  const token *v = &c->st[0];
  if (tok_is(c, &c->st[2], TK_IDENT, "class") && (c->st[2].flags & TF_NEW) && v->len < sizeof c->anon_var) {
    memcpy(c->anon_var, tok_text(c, v), v->len); /* $f = new class {: its __invoke is read next */
    c->anon_var[v->len] = '\0';
    return;
  }
  if (tok_is(c, &c->st[2], TK_IDENT, "get_defined_functions") && v->len < sizeof c->fnlist_var) {
    memcpy(c->fnlist_var, tok_text(c, v), v->len);
    c->fnlist_var[v->len] = '\0';
    return;
  }
  if (tok_is(c, &c->st[2], TK_IDENT, "match") && op_at(c, c->nst - 1, "{")) {
    /* the subject is only compared: the value is an arm's (read with the arms) */
    sym *s = lang_sym_get(c, tok_text(c, v), v->len, 0);
    if (s) s->has_taint = 0;
    if (v->len < sizeof c->choice_var) {
      memcpy(c->choice_var, tok_text(c, v), v->len);
      c->choice_var[v->len] = '\0';
    }
    return;
  }
  if (!(c->stmt_marks & SM_QUEST)) return;
  const name_def *d = ternary_branch(c, 2);
  if (d) give(c, tok_text(c, v), v->len, d);
}

int lang_php_fnlist_call(lang_ctx *c, size_t from, size_t i, unsigned line) {
  const token *v = &c->st[from];
  taint t;
  if (v->kind != TK_VAR || v->len != strlen(c->fnlist_var) || memcmp(tok_text(c, v), c->fnlist_var, v->len) != 0 ||
      !lang_input_taint(c, NULL, from + 1, i + 1, &t))
    return 0;
  lang_add_detection(c, "shellsift.lang.callback", "webshell", 85, line,
                     "request input %s chooses the function called from %s, the list of all functions "
                     "get_defined_functions() returns (line %u)",
                     t.src, c->fnlist_var, line);
  return 1;
}

void lang_php_anon_invoke(lang_ctx *c, sym *fs, const token *v) {
  if (v->len != strlen(c->anon_var) || memcmp(tok_text(c, v), c->anon_var, v->len) != 0) return;
  const name_def *d = lang_php_sink_named(c, "__invoke", 8);
  if (!d || (d->id != SK_CODE && d->id != SK_CMD)) return;
  fs->callable = d;
  fs->cparam = 1;
  fs->ncchain = 0;
}
