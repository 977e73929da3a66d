/*
 * scmd.c - parses the cmdlet invocations the ECP logs record in S:CMD
 * (Exchange's ECP Server log): "Set-OabVirtualDirectory.ExternalUrl='v'.Identity='g'",
 * single-quoted values with '' for a quote, optionally behind
 * "Pipeline.N|".  The result is the cmdlet name, its parameters, and a
 * "-Name value" rendering that the cmdlet rules share with the
 * MSExchange Management event log, which writes parameters that way.
 */
#include "logs/logs.h"

#include <ctype.h>
#include <string.h>

void logs_cmd_free(logs_cmd *inv) { sb_free(&inv->text); }

static int is_name_char(char c) { return isalnum((unsigned char)c) || c == '-' || c == '_'; }

/* At s[i] == '.', is a ".Name=" parameter start? */
static int param_start(const char *s, size_t n, size_t i) {
  size_t j = i + 1;
  while (j < n && isalnum((unsigned char)s[j])) j++;
  return j > i + 1 && j < n && s[j] == '=';
}

int logs_scmd_parse(const char *s, size_t n, logs_cmd *inv) {
  size_t name_at[24], name_n[24], val_at[24], val_n[24];
  size_t i = 0;
  inv->nparams = 0;
  inv->cmdlet = SPAN_NONE;
  sb_reset(&inv->text);
  if (n >= 9 && !strncasecmp(s, "Pipeline.", 9)) {
    const char *bar = memchr(s, '|', n);
    if (!bar) return -1;
    i = (size_t)(bar - s) + 1;
  }
  size_t c0 = i;
  while (i < n && is_name_char(s[i])) i++;
  if (i == c0 || !memchr(s + c0, '-', i - c0)) return -1; /* Verb-Noun */
  inv->cmdlet = (span){s + c0, i - c0};
  sb_add(&inv->text, s + c0, i - c0);
  while (i < n && inv->nparams < 24) {
    if (s[i] != '.' || !param_start(s, n, i)) break;
    size_t a = ++i;
    while (i < n && s[i] != '=') i++;
    int k = inv->nparams++;
    sb_adds(&inv->text, " -");
    name_at[k] = inv->text.len, name_n[k] = i - a;
    sb_add(&inv->text, s + a, i - a);
    sb_addc(&inv->text, ' ');
    i++; /* '=' */
    val_at[k] = inv->text.len;
    if (i < n && s[i] == '\'') {
      i++;
      while (i < n) {
        if (s[i] == '\'' && i + 1 < n && s[i + 1] == '\'') sb_addc(&inv->text, '\''), i += 2;
        else if (s[i] == '\'') { i++; break; }
        else sb_addc(&inv->text, s[i++]);
      }
    } else {
      while (i < n && !(s[i] == '.' && param_start(s, n, i))) sb_addc(&inv->text, s[i++]);
    }
    val_n[k] = inv->text.len - val_at[k];
  }
  for (int k = 0; k < inv->nparams; k++) {
    inv->params[k].name = (span){inv->text.data + name_at[k], name_n[k]};
    inv->params[k].value = (span){inv->text.data + val_at[k], val_n[k]};
  }
  return 0;
}
