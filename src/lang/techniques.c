/*
 * techniques.c - protocols a page speaks, recognised in its string
 * literals after folding (so "SITE MAINT" & "ENANCE" counts): the Serv-U
 * local administration commands privilege-escalation pages send to the
 * FTP server's admin port to create a system-level user.  Each needle is
 * a command of the protocol; two different ones in a page are the
 * technique.
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

void lang_technique_string(lang_ctx *c, const char *s, size_t n, unsigned line) {
  if (n < 10 || n > 65536 || c->syn == SYN_PHP) return;
  for (size_t k = 0; k < sizeof servu / sizeof servu[0]; k++)
    if (!(c->servu_seen & (1u << k)) && contains(s, n, servu[k])) {
      c->servu_seen |= 1u << k;
      if (!c->servu_line) c->servu_line = line;
    }
}

int lang_technique_verdict(const lang_ctx *c, char *out, size_t outsz, unsigned *line) {
  if (__builtin_popcount(c->servu_seen) < 2) return 0;
  snprintf(out, outsz,
           "a Serv-U privilege-escalation page: it sends the FTP server's local administration commands "
           "(SITE MAINTENANCE, -SETUSERSETUP) to create a system-level user (line %u)",
           c->servu_line);
  *line = c->servu_line;
  return 85;
}
