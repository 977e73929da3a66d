/*
 * php_hidden.c - a command function called under a name the file hides.
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
 */
#include <string.h>

#include "lang/analyze.h"

/* st[i] is the callee of a call with arguments st[a, b), a string the
 * folder assembled (TF_JOINED) or decoded (a decoder chain) from a
 * variable function's value, and d the command sink it names. */
int lang_php_hidden_command(lang_ctx *c, const name_def *d, size_t i, size_t a, size_t b, unsigned line) {
  const token *t = &c->st[i];
  if (c->syn != SYN_PHP || !d || d->kind != N_SINK || d->id != SK_CMD) return 0;
  if (!((t->flags & TF_JOINED) || t->nchain)) return 0;
  taint tt;
  if (a < b && lang_input_taint(c, NULL, a, b, &tt)) return 0; /* the source-to-sink check reports it */
  char var[40];
  lang_quote_source(c, t->src_off, t->src_end, var, sizeof var);
  lang_add_detection(c, "shellsift.lang.hidden-command", "webshell", 50, line,
                     "%s is called through %s, a name assembled from pieces so that the file never spells it "
                     "(line %u; MITRE ATT&CK T1027, T1059)",
                     d->display, var, line);
  return 1;
}
