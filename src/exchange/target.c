/*
 * target.c - what an argument of `shellsift exchange` names, decided
 * without touching the network: an investigator's typo ("/mnt/exchnage-c",
 * "exchange-c") must never become a DNS lookup or a connection that leaks
 * the case to the network.  A path that exists is local; an http(s) URL,
 * an IP address or a dotted host name is remote; anything else is refused.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "exchange/exchange.h"

/* An IPv4 or IPv6 address, with an optional port ("[::1]:443",
 * "192.0.2.7:8443"). */
static int is_ip_literal(const char *s, size_t n) {
  char buf[64];
  unsigned char addr[16];
  if (n == 0 || n >= sizeof buf) return 0;
  if (s[0] == '[') {
    const char *close = memchr(s, ']', n);
    if (!close || (close + 1 < s + n && close[1] != ':')) return 0;
    memcpy(buf, s + 1, (size_t)(close - s - 1));
    buf[close - s - 1] = '\0';
    return inet_pton(AF_INET6, buf, addr) == 1;
  }
  memcpy(buf, s, n);
  buf[n] = '\0';
  if (inet_pton(AF_INET6, buf, addr) == 1) return 1;
  char *colon = strchr(buf, ':');
  if (colon) *colon = '\0';
  return inet_pton(AF_INET, buf, addr) == 1;
}

/* "mail.example.org" or "mail.example.org:8443": labels of letters,
 * digits and hyphens, at least two of them. */
static int is_dotted_host(const char *s, size_t n) {
  size_t labels = 0, len = 0, i = 0;
  for (; i < n && s[i] != ':'; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '.') {
      if (len == 0) return 0;
      labels++, len = 0;
    } else if (isalnum(c) || c == '-') {
      len++;
    } else {
      return 0;
    }
  }
  if (len == 0) return 0; /* empty last label ("host.") */
  labels++;
  if (i < n) /* a port: digits only */
    for (size_t j = i + 1; j <= n; j++)
      if (j == n ? j == i + 1 : !isdigit((unsigned char)s[j])) return 0;
  return labels >= 2;
}

ss_target_kind ss_exchange_target_kind(const char *arg) {
  struct stat st;
  if (!arg || !*arg) return SS_TARGET_INVALID;
  if (stat(arg, &st) == 0) return SS_TARGET_LOCAL;
  /* a line of a targets file may carry blanks around the name */
  while (isspace((unsigned char)*arg)) arg++;
  size_t n = strlen(arg);
  while (n && isspace((unsigned char)arg[n - 1])) n--;
  if (!strncasecmp(arg, "https://", 8) || !strncasecmp(arg, "http://", 7)) return SS_TARGET_REMOTE;
  if (is_ip_literal(arg, n) || is_dotted_host(arg, n)) return SS_TARGET_REMOTE;
  return SS_TARGET_INVALID;
}
