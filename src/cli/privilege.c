/*
 * privilege.c - what the tool keeps when it runs as root.  Reading
 * evidence needs CAP_DAC_READ_SEARCH (read any file, list any directory)
 * and CAP_FOWNER (O_NOATIME on files we do not own: without it the open
 * falls back to updating the access time, which is evidence).  Everything
 * else is dropped from the effective, permitted, inheritable, ambient and
 * bounding sets, and no_new_privs is set, so nothing the process runs
 * later - a bug in a parser, a library - can write as root, load a module,
 * ptrace or regain a capability through exec.  The user id stays 0: the
 * command's own outputs were opened before, and a later one (a --case
 * database) still needs to be created where root may create it.  Raw
 * capget/capset rather than libcap: a dozen lines, one dependency less.
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli/cli.h"

#define KEEP_CAPS ((1u << CAP_DAC_READ_SEARCH) | (1u << CAP_FOWNER))

/* Notes the first step that failed, with its errno. */
static void note_failure(const char **failed, int *err, const char *step) {
  if (*failed) return;
  *failed = step;
  *err = errno;
}

int drop_privileges(const char *cmd) {
  struct __user_cap_data_struct data[2];
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  const char *failed = NULL;
  int err = 0;
  if (geteuid() != 0) return 0;
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) note_failure(&failed, &err, "no_new_privs");
  /* The bounding set first: dropping from it needs CAP_SETPCAP, which the
   * capset below gives up.  EINVAL marks the end of the kernel's list; a
   * container without CAP_SETPCAP refuses (EPERM), and the rest still
   * goes on. */
  for (int cap = 0; cap < 64; cap++) {
    if (cap < 32 && (KEEP_CAPS >> cap & 1)) continue;
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) {
      note_failure(&failed, &err, "bounding set");
      break;
    }
  }
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0); /* EINVAL before Linux 4.3 */
  if (syscall(SYS_capget, &hdr, data) != 0) {
    note_failure(&failed, &err, "capget");
  } else {
    data[0].permitted &= KEEP_CAPS;
    data[0].effective = data[0].permitted;
    data[0].inheritable = 0;
    data[1].permitted = data[1].effective = data[1].inheritable = 0;
    if (syscall(SYS_capset, &hdr, data) != 0) note_failure(&failed, &err, "capset");
  }
  if (!failed) return 0;
  fprintf(stderr, "shellsift %s: warning: could not drop all root privileges (%s: %s)\n", cmd, failed,
          strerror(err));
  return -1;
}
