/*
 * php_hidden.c - files that hide the name of nearly every function they
 * call.
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

#include "lang/analyze.h"

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
