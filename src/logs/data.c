/*
 * data.c - the lists the log rules compare with (script extensions, drop
 * and upload folders, the pages IIS and Exchange ship, command words,
 * user agents), read once from rules/logs.txt, which the build embeds:
 * detection content is data, reviewed and changed without touching code.
 */
#include "logs/logs.h"

#include <ctype.h>
#include <pthread.h>

extern const char logs_data_lists[];

static const char *const list_names[LOGS_LIST_COUNT] = {
    [LOGS_LIST_SCRIPT_EXT] = "script-ext",      [LOGS_LIST_DROP_DIR] = "drop-dir",
    [LOGS_LIST_UPLOAD_DIR] = "upload-dir",      [LOGS_LIST_SHIPPED] = "shipped-page",
    [LOGS_LIST_COMMAND] = "command-word",       [LOGS_LIST_REGEORG] = "regeorg-verb",
    [LOGS_LIST_ECP_UA] = "ecp-ua",              [LOGS_LIST_SHELL_UA] = "shell-ua",
    [LOGS_LIST_OWASSRF_EXCLUDE_UA] = "owassrf-exclude-ua",
    [LOGS_LIST_WEB_PROCESS] = "web-server-process", [LOGS_LIST_JAVA_MARK] = "java-server-mark",
    [LOGS_LIST_WEB_USER] = "web-user",          [LOGS_LIST_BENIGN_CHILD] = "process-benign-child",
    [LOGS_LIST_SHELL] = "process-shell",        [LOGS_LIST_RECON] = "process-recon",
    [LOGS_LIST_DOWNLOAD] = "process-download",  [LOGS_LIST_CREDENTIAL] = "process-credential",
    [LOGS_LIST_PERSISTENCE] = "process-persistence", [LOGS_LIST_CREDENTIAL_COMMAND] = "credential-command",
    [LOGS_LIST_THREAT_WEBSHELL] = "threat-webshell", [LOGS_LIST_WEB_FOLDER] = "web-folder",
};

static logs_list lists[LOGS_LIST_COUNT];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void free_lists(void) {
  for (size_t i = 0; i < LOGS_LIST_COUNT; i++) {
    for (size_t k = 0; k < lists[i].n; k++) free(lists[i].v[k]);
    free(lists[i].v);
  }
}

/* Parses the embedded text; an unknown list name is a build mistake the
 * unit test catches (every list must be non-empty). */
static void load(void) {
  int cur = -1;
  for (const char *p = logs_data_lists; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    const char *s = p;
    while (n && isspace((unsigned char)s[0])) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
      cur = -1;
      for (int i = 0; i < LOGS_LIST_COUNT; i++)
        if (strlen(list_names[i]) == n - 2 && !memcmp(s + 1, list_names[i], n - 2)) cur = i;
    } else if (n && s[0] != '#' && cur >= 0) {
      char *e = xstrndup(s, n);
      for (char *c = e; *c; c++) {
        *c = (char)tolower((unsigned char)*c);
        if (cur == LOGS_LIST_COMMAND && *c == '+') *c = ' ';
      }
      logs_list *l = &lists[cur];
      l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
      l->v[l->n++] = e;
    }
    p = nl ? nl + 1 : p + strlen(p);
  }
  atexit(free_lists);
}

const logs_list *logs_list_get(logs_list_id id) {
  pthread_once(&once, load);
  return &lists[id];
}

/* pattern (with '*' for any run of non-'/' bytes) against s[0..n);
 * prefix: s may go on after the pattern. */
static int glob(const char *pat, const char *s, size_t n, int prefix) {
  for (; *pat; pat++) {
    if (*pat == '*') {
      for (size_t k = 0;; k++) {
        if (glob(pat + 1, s + k, n - k, prefix)) return 1;
        if (k == n || s[k] == '/') return 0;
      }
    }
    if (!n || *s != *pat) return 0;
    s++, n--;
  }
  return prefix || n == 0;
}

int logs_path_listed(logs_list_id id, const char *s, size_t n, int anywhere, int exact_only) {
  const logs_list *l = logs_list_get(id);
  for (size_t i = 0; i < l->n; i++) {
    const char *e = l->v[i];
    size_t m = strlen(e);
    int dir = m && e[m - 1] == '/', wild = strchr(e, '*') != NULL;
    if (exact_only && (dir || wild)) continue;
    if (!anywhere) {
      if (glob(e, s, n, dir)) return 1;
      continue;
    }
    for (const char *p = memchr(s, '/', n); p; p = memchr(p + 1, '/', (size_t)(s + n - p - 1)))
      if (glob(e, p, (size_t)(s + n - p), dir)) return 1;
  }
  return 0;
}

int logs_ua_listed(logs_list_id id, const char *ua, size_t n, int anywhere) {
  const logs_list *l = logs_list_get(id);
  for (size_t i = 0; i < l->n; i++) {
    size_t m = strlen(l->v[i]);
    if (anywhere ? memmem(ua, n, l->v[i], m) != NULL : (n >= m && !memcmp(ua, l->v[i], m))) return 1;
  }
  return 0;
}

int logs_name_listed(logs_list_id id, const char *name, size_t n) {
  const logs_list *l = logs_list_get(id);
  for (size_t i = 0; i < l->n; i++)
    if (glob(l->v[i], name, n, 0)) return 1;
  return 0;
}

int logs_text_listed(logs_list_id id, const char *text, size_t n) {
  const logs_list *l = logs_list_get(id);
  for (size_t i = 0; i < l->n; i++)
    if (memmem(text, n, l->v[i], strlen(l->v[i]))) return 1;
  return 0;
}

int logs_words_listed(logs_list_id id, const char *text, size_t n) {
  const logs_list *l = logs_list_get(id);
  for (size_t i = 0; i < l->n; i++) {
    int all = 1;
    for (const char *w = l->v[i]; *w && all;) {
      size_t m = strcspn(w, " ");
      if (m) all = memmem(text, n, w, m) != NULL;
      w += m;
      while (*w == ' ') w++;
    }
    if (all) return 1;
  }
  return 0;
}
