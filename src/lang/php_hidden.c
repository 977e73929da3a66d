/*
 * php_hidden.c - calls under names the file hides.
 *
 * 1. A command function called under a hidden name.
 *
 * $n = $s{0} . $s{8} . $s{0} . $s{3} . $s{1} . $s{5}; $n('ipconfig'), or
 * $n = strrev('metsys'); $n(base64_decode('...')): the folder spells the
 * name out, and it is system(), exec(), shell_exec(), passthru(), popen()
 * or proc_open().  When request input reaches the call, the ordinary
 * source-to-sink check reports it; this one covers the call with a fixed
 * command, which a dropper, a beacon or a half-configured shell makes.  An
 * application that runs a program names the function: nothing but hiding
 * it from a reader or a scanner makes a file assemble "system" out of
 * pieces (MITRE ATT&CK T1027, T1059).  Medium: no request input is proven
 * to reach it.
 *
 * The same hiding around a file write whose content is the whole request
 * array (serialize($_POST), json_encode($_REQUEST)...) rather than a field
 * of it is a harvester: what every visitor types into the shop's or the
 * login's forms, card numbers and passwords included, kept in a file the
 * intruder collects (T1056.003).  An application that logs a request names
 * fopen() and fwrite().
 *
 * 2. Files that hide the name of nearly every function they call.
 *
 * Obfuscators for PHP malware (doorways, cloakers, mass mailers, skimmers)
 * move every function name out of the code: into a $GLOBALS table of
 * base64 strings ($GLOBALS['_123_'][4](...)), into variables spelled one
 * character at a time out of a scrambled alphabet ($GLOBALS['x'] = $t[54] .
 * $t[37] ...; $GLOBALS['x'](...)), or behind a lookup function (_f(3)(...)).
 * The folding reads those names back, so each such call reaches the
 * analyzer as a call of a string; one whose source text is not that string
 * is a call through a hidden name.  Applications call a variable function
 * now and then (a compat shim, a hook), through one or two names; a file
 * that calls eight or more different functions that way hides what it does
 * from whoever reads it, which is what obfuscated malware does and a real
 * application has no reason to (MITRE ATT&CK T1027).  It proves nothing the
 * request can run, so it is a medium finding, category obfuscation.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

/* Does the code being read spell name anywhere (any letter case)?  Asked
 * only for the rare variable function that folds to a command or write
 * function, so the text is searched whole. */
static int spelled(const lang_ctx *c, const char *name) {
  size_t n = strlen(name);
  if (!c->buf) return 1;
  for (size_t i = 0; i + n <= c->len; i++)
    if ((c->buf[i] | 0x20) == name[0] && strncasecmp((const char *)c->buf + i, name, n) == 0) return 1;
  return 0;
}

/* The whole request array, as the taint names its source. */
static int whole_request(const char *src) {
  static const char *const whole[] = {"$_POST", "$_REQUEST", "$_GET", "$_COOKIE", "$HTTP_POST_VARS"};
  for (size_t k = 0; k < sizeof whole / sizeof whole[0]; k++)
    if (strcmp(src, whole[k]) == 0) return 1;
  return 0;
}

/* fputs($h, serialize($_POST)) through a hidden name: the content (the
 * second argument of fwrite(), fputs() and file_put_contents()) is the
 * whole request array. */
static int hidden_harvest(lang_ctx *c, const name_def *d, const token *t, size_t a, size_t b, unsigned line) {
  size_t s, e;
  taint tt;
  if (strcmp(d->name, "fwrite") != 0 && strcmp(d->name, "fputs") != 0 && strcmp(d->name, "file_put_contents") != 0)
    return 0;
  if (!lang_arg_span(c, a, b, 2, &s, &e) || !lang_input_taint(c, NULL, s, e, &tt) || !whole_request(tt.src)) return 0;
  char var[40];
  lang_quote_source(c, t->src_off, t->src_end, var, sizeof var);
  lang_add_detection(c, "shellsift.lang.harvester", "webshell", 50, line,
                     "request harvester: the whole %s is written to a file by %s, called through %s, a name "
                     "assembled or decoded so that the file never spells it (line %u; MITRE ATT&CK T1056.003, "
                     "T1027)",
                     tt.src, d->display, var, line);
  return 1;
}

/* st[i] is the callee of a call with arguments st[a, b), the string a
 * variable function's value folded to, and d the sink it names: reported
 * when the folder assembled (TF_JOINED) or decoded (a decoder chain) the
 * name, or the file never spells it. */
int lang_php_hidden_command(lang_ctx *c, const name_def *d, size_t i, size_t a, size_t b, unsigned line) {
  const token *t = &c->st[i];
  if (c->syn != SYN_PHP || !d || d->kind != N_SINK || (d->id != SK_CMD && d->id != SK_WRITE)) return 0;
  /* assembled, decoded, or read from a table whose entries the file decoded ($GLOBALS['_x'][3](...)) */
  if (!((t->flags & TF_JOINED) || t->nchain) && spelled(c, d->name)) return 0;
  taint tt;
  if (d->id == SK_WRITE) return hidden_harvest(c, d, t, a, b, line);
  if (a < b && lang_input_taint(c, NULL, a, b, &tt)) return 0; /* the source-to-sink check reports it */
  char var[40];
  lang_quote_source(c, t->src_off, t->src_end, var, sizeof var);
  lang_add_detection(c, "shellsift.lang.hidden-command", "webshell", 50, line,
                     "%s is called through %s, a name assembled from pieces so that the file never spells it "
                     "(line %u; MITRE ATT&CK T1027, T1059)",
                     d->display, var, line);
  return 1;
}

/* Different names and calls a file needs before it is said to hide them. */
#define HIDDEN_MIN_NAMES 8
#define HIDDEN_MIN_CALLS 12

/* st[i] = t is a string called as a function: counted when it was not
 * written as that string (it came from a variable, a table or a call) and
 * is a function name. */
void lang_php_hidden_call(lang_ctx *c, const token *t) {
  if (t->src_off >= c->len) return;
  unsigned char q = c->buf[t->src_off];
  if (q == '\'' || q == '"') return; /* 'strlen'(...) written out */
  const char *s = tok_text(c, t);
  if (t->len < 2 || !lang_lex_ident_start((unsigned char)s[0])) return;
  uint32_t h = 2166136261u; /* FNV-1a of the lower-case name: a bit of hidden_names */
  for (size_t k = 0; k < t->len; k++) {
    if (!lang_lex_ident_char((unsigned char)s[k])) return;
    h = (h ^ (unsigned char)(s[k] | 0x20)) * 16777619u;
  }
  c->hidden_calls++;
  c->hidden_names |= 1ull << (h & 63);
  if (!c->hidden_line) {
    c->hidden_line = t->line;
    snprintf(c->hidden_first, sizeof c->hidden_first, "%.*s", (int)t->len, s);
  }
}

/* Once per file: enough calls through enough different hidden names.  The
 * 64-bit set undercounts names (two may share a bit), never overcounts. */
void lang_php_hidden_judge(lang_ctx *c) {
  int names = __builtin_popcountll(c->hidden_names);
  if (c->hidden_calls < HIDDEN_MIN_CALLS || names < HIDDEN_MIN_NAMES) return;
  lang_add_detection(c, "shellsift.lang.hidden-calls", "obfuscation", 45, c->hidden_line,
                     "obfuscated code: %u calls go through %d or more different function names the file hides in "
                     "variables, tables or decoders instead of writing them (the first, %s(), called at line %u)",
                     c->hidden_calls, names, c->hidden_first, c->hidden_line);
}
