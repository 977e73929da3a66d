/*
 * techniques.c - protocols a page speaks, recognised in its string
 * literals after folding (so "SITE MAINT" & "ENANCE" counts): the Serv-U
 * local administration commands privilege-escalation pages send to the
 * FTP server's admin port to create a system-level user.  Each needle is
 * a command of the protocol; two different ones in a page are the
 * technique.  Also the commands and the COM class that make a Windows
 * account (net user ... /add, net localgroup administrators ... /add,
 * Shell.Users): a page that carries one makes itself a way back in.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

static const char *const servu[] = {"site maintenance", "-setusersetup", "-setdomain", "-deletedomain",
                                    "localadministrator"};

static int contains(const char *s, size_t n, const char *needle) {
  size_t m = strlen(needle);
  for (size_t i = 0; i + m <= n; i++)
    if ((s[i] | 0x20) == needle[0] && strncasecmp(s + i, needle, m) == 0) return 1;
  return 0;
}

/* net user x y /add, net localgroup administrators x /add, the Shell.Users class */
static int makes_account(const char *s, size_t n) {
  if (n == 11) return strncasecmp(s, "shell.users", 11) == 0;
  if (n <= 12) return 0;
  const char *p = s, *end = s + n; /* "/add" first: most literals have no '/' */
  while ((p = memchr(p, '/', (size_t)(end - p))) != NULL && !(end - p >= 4 && memcmp(p, "/add", 4) == 0)) p++;
  return p && (contains(s, n, "net user ") || contains(s, n, "net localgroup "));
}

void lang_technique_string(lang_ctx *c, const char *s, size_t n, unsigned line) {
  if (!c->account_line && makes_account(s, n)) c->account_line = line;
  if (n < 10 || n > 65536 || c->syn == SYN_PHP) return;
  for (size_t k = 0; k < sizeof servu / sizeof servu[0]; k++)
    if (!(c->servu_seen & (1u << k)) && contains(s, n, servu[k])) {
      c->servu_seen |= 1u << k;
      if (!c->servu_line) c->servu_line = line;
    }
}

int lang_technique_verdict(const lang_ctx *c, char *out, size_t outsz, unsigned *line) {
  if (__builtin_popcount(c->servu_seen) < 2 && c->account_line) {
    snprintf(out, outsz,
             "account maker: it carries a command or COM class that creates a Windows account or adds one to "
             "the administrators (net user /add, net localgroup /add, Shell.Users) (line %u; MITRE ATT&CK "
             "T1136.001, T1098)",
             c->account_line);
    *line = c->account_line;
    return 55;
  }
  if (__builtin_popcount(c->servu_seen) < 2) return 0;
  snprintf(out, outsz,
           "a Serv-U privilege-escalation page: it sends the FTP server's local administration commands "
           "(SITE MAINTENANCE, -SETUSERSETUP) to create a system-level user (line %u)",
           c->servu_line);
  *line = c->servu_line;
  return 85;
}
