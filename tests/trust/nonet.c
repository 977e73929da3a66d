/*
 * nonet.c - loaded with LD_PRELOAD by tests/e2e/test_trust.sh: records, in
 * the file named by $NONET_LOG, every attempt to resolve a name or to open
 * an internet socket, and makes it fail.  It proves that a mistyped path
 * given to `shellsift exchange` never reaches the network.  Test code only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

static void note(const char *what, const char *arg) {
  const char *log = getenv("NONET_LOG");
  FILE *f = log ? fopen(log, "a") : NULL;
  if (!f) return;
  fprintf(f, "%s %s\n", what, arg ? arg : "");
  fclose(f);
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res) {
  (void)service, (void)hints, (void)res;
  note("getaddrinfo", node);
  return EAI_FAIL;
}

struct hostent *gethostbyname(const char *name) {
  note("gethostbyname", name);
  return NULL;
}

int socket(int domain, int type, int protocol) {
  (void)type, (void)protocol;
  if (domain == AF_INET || domain == AF_INET6) {
    note("socket", domain == AF_INET ? "AF_INET" : "AF_INET6");
    errno = EACCES;
    return -1;
  }
  errno = EAFNOSUPPORT; /* nothing else is needed by the commands under test */
  return -1;
}
