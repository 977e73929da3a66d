/*
 * artefacts.c - post-exploitation traces on disk (HAFNIUM, ProxyShell): LSASS
 * memory dumps, archives staged for theft, mailbox data (PST) where a web
 * server can hand it out, China Chopper's cmd wrapper in files left
 * behind, and tool names the 2021 attackers used.  Magic numbers decide
 * over names wherever they can (a dump renamed to .txt is still MDMP; a
 * .zip that is not an archive is not staged data).  Scores follow the
 * scanner's scale: >= 70 is evidence of compromise on its own, 40-69 is
 * worth a look.  Crash dumps and vendor archives elsewhere are ignored, as
 * Test-ProxyLogon learnt (CSS-Exchange#311).
 */
#include "sweep/sweep.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define CHOPPER_MAX (4u << 20) /* text files searched for the cmd wrapper */

/* Where users can read about each technique. */
static const char REF_24[] =
    "Microsoft, HAFNIUM targeting Exchange Servers with 0-day exploits (2021-03-02); Volexity, Operation "
    "Exchange Marauder; Sigma rules for HAFNIUM; CISA AA21-062A";
static const char REF_63[] = "ProxyShell: CVE-2021-34473, CVE-2021-34523, CVE-2021-31207 (mailbox exported as .aspx)";

static int magic(const unsigned char *h, size_t n, const char *m, size_t mlen) {
  return n >= mlen && memcmp(h, m, mlen) == 0;
}

static const char *base_name(const char *rel) {
  const char *s = strrchr(rel, '/');
  return s ? s + 1 : rel;
}

static int ends_with_ci(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int archive_magic(const unsigned char *h, size_t n) {
  return magic(h, n, "7z\xbc\xaf\x27\x1c", 6) || magic(h, n, "PK\x03\x04", 4) ||
         magic(h, n, "Rar!\x1a\x07", 6) || magic(h, n, "MSCF\0\0\0\0", 8);
}

static int archive_name(const char *name) {
  static const char *const ext[] = {".7z", ".zip", ".rar", ".cab", ".tar", ".gz"};
  for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
    if (ends_with_ci(name, ext[i])) return 1;
  return 0;
}

static int tool_name(const char *name) {
  static const char *const tools[] = {"procdump.exe", "procdump64.exe", "7z.exe", "7za.exe", "rar.exe",
                                      "winrar.exe", "nc.exe", "nc64.exe", "psexec.exe", "psexec64.exe",
                                      "mimikatz.exe", "powercat.ps1", "plink.exe"};
  for (size_t i = 0; i < sizeof tools / sizeof *tools; i++)
    if (strcasecmp(name, tools[i]) == 0) return 1;
  return 0;
}

static int text_like(const char *name) {
  static const char *const ext[] = {".bat", ".cmd", ".txt", ".log", ".tmp", ".ps1", ".vbs", ".out"};
  for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
    if (ends_with_ci(name, ext[i])) return 1;
  return strchr(name, '.') == NULL;
}

/* The wrapper Chopper runs commands in: cmd /c cd /d "<dir>"&<cmd>&echo [S]&cd&echo [E]
 * (Sigma HAFNIUM, facts §2.4).  Both markers are required. */
static int chopper_wrapper(const unsigned char *d, size_t n) {
  if (!d || n > CHOPPER_MAX) return 0;
  return memmem(d, n, "&echo [S]", 9) && memmem(d, n, "&echo [E]", 9);
}

static size_t put(artefact *out, size_t n, size_t max, const char *rule, const char *desc,
                  const char *ref, int score) {
  if (n < max) out[n] = (artefact){rule, desc, ref, score};
  return n < max ? n + 1 : n;
}

size_t sweep_artefacts_check(const char *rel, const unsigned char *head, size_t head_len,
                       const unsigned char *data, size_t len, artefact *out, size_t max) {
  const char *name = base_name(rel);
  unsigned place = core_place_of(rel);
  size_t n = 0;
  int lsass = strncasecmp(name, "lsass", 5) == 0;
  int mdmp = magic(head, head_len, "MDMP", 4);
  int staged = place & (PLACE_PROGRAMDATA | PLACE_WINTEMP | PLACE_PUBLIC | PLACE_WINDOWS_WEB);

  if (mdmp && lsass)
    n = put(out, n, max, "shellsift.sweep.lsass_dump",
            "memory dump of LSASS (minidump signature MDMP): the attacker was after the server's credentials",
            REF_24, 95);
  else if (mdmp && (staged || (place & PLACE_WEBROOT)))
    n = put(out, n, max, "shellsift.sweep.minidump_staged",
            "process memory dump (MDMP) in a folder attackers used for staging, not a crash-dump folder",
            REF_24, 75);
  else if (lsass && ends_with_ci(name, ".dmp"))
    n = put(out, n, max, "shellsift.sweep.lsass_dump_name",
            "file named as an LSASS dump (not a readable minidump: compressed, encrypted or truncated)",
            REF_24, 70);

  if (magic(head, head_len, "!BDN", 4)) {
    int page = core_place_is_script(rel);
    if (page || (place & PLACE_WEBROOT))
      n = put(out, n, max, "shellsift.sweep.pst_in_webroot",
              page ? "mailbox data (PST) saved under a page name: the ProxyShell way of writing a web shell"
                   : "mailbox data (PST) in a folder the web server hands out",
              REF_63, 90);
    else if (staged)
      n = put(out, n, max, "shellsift.sweep.pst_staged", "mailbox export (PST) staged for theft", REF_24, 60);
  } else if (ends_with_ci(name, ".pst") && (place & PLACE_WEBROOT)) {
    n = put(out, n, max, "shellsift.sweep.pst_in_webroot", "file named .pst in a folder the web server hands out",
            REF_63, 70);
  }

  if (archive_magic(head, head_len)) {
    if (place & PLACE_WINDOWS_WEB)
      n = put(out, n, max, "shellsift.sweep.archive_in_webroot",
              "archive in an IIS or Exchange web folder, where data is staged for download", REF_24, 60);
    else if (place & (PLACE_PROGRAMDATA | PLACE_WINTEMP | PLACE_PUBLIC))
      n = put(out, n, max, "shellsift.sweep.archive_staged",
              "archive at the top of ProgramData, Windows\\Temp or Users\\Public, where 2021 attackers staged stolen data",
              REF_24, 50);
    else if ((place & PLACE_WEBROOT) && !archive_name(name))
      n = put(out, n, max, "shellsift.sweep.archive_disguised",
              "archive in a web root under a name that hides it", REF_24, 55);
  }

  if (text_like(name) && chopper_wrapper(data, len))
    n = put(out, n, max, "shellsift.sweep.chopper_cmd_wrapper",
            "output or script of China Chopper's command wrapper (&echo [S] ... &echo [E]): commands were run through a web shell",
            REF_24, 85);

  if (tool_name(name) && (staged || (place & PLACE_WEBROOT)))
    n = put(out, n, max, "shellsift.sweep.attack_tool",
            "tool the 2021 attackers used (dumping, archiving, tunnelling) in a staging or web folder", REF_24, 55);
  return n;
}
