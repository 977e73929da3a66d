/*
 * reqrules.c - the rules on a request (IIS, HttpProxy, Apache, nginx,
 * Tomcat): the published IIS indicators of the Exchange intrusions
 * (Volexity, CISA, Sigma: /ecp/<1-3>.js, static files POSTed, DDIService
 * edits, ProxyShell, ProxyNotShell, OWASSRF, the exploitation tools' user
 * agents), and web-shell use on any server: scripts in drop and upload
 * folders, command words and tunnel verbs in queries, web-shell clients,
 * Tomcat manager deployments, requests for shells found on disk.
 * Requests are compared lower-case and percent-decoded (url.c); the
 * lists are data (rules/logs.txt).
 */
#include "logs/logs.h"

#include <ctype.h>
#include <pthread.h>

#define SEV_C SS_SEV_CRITICAL
#define SEV_H SS_SEV_HIGH
#define SEV_M SS_SEV_MEDIUM
#define SEV_L SS_SEV_LOW

/* Simple request patterns, as data. */
typedef struct {
  logs_rule_id rule;
  int post;                   /* POST only */
  const char *exact, *prefix; /* normalised stem equals / uri starts with */
  const char *contains[3];    /* all in the normalised uri */
  int ua_list;                /* a logs_list_id the user agent must start with (-1: none) ... */
  int exclude_ua;             /* ... or, with this set, must not */
} uri_rule;

static const uri_rule uri_rules[] = {
    {LOGS_RULE_PROXYLOGON_SSRF_STATIC, 1, "/ecp/default.flt", NULL, {NULL}, -1, 0},
    {LOGS_RULE_PROXYLOGON_SSRF_STATIC, 1, "/ecp/main.css", NULL, {NULL}, -1, 0},
    {LOGS_RULE_PROXYLOGON_SSRF_STATIC, 1, NULL, "/owa/auth/current/", {NULL}, -1, 0},
    {LOGS_RULE_PROXYLOGON_OAB_RESET, 1, NULL, "/ecp/ddi/ddiservice.svc/setobject", {"schema=reset", "virtualdirectory"}, -1, 0},
    {LOGS_RULE_PROXYLOGON_OAB_EDIT, 1, NULL, "/ecp/ddi/ddiservice.svc/setobject", {"schema=oabvirtualdirectory"}, -1, 0},
    {LOGS_RULE_PROXYLOGON_ECP_UA, 1, NULL, "/ecp/", {NULL}, LOGS_LIST_ECP_UA, 0},
    {LOGS_RULE_WEBSHELL_UA, 1, NULL, "/aspnet_client/", {NULL}, LOGS_LIST_SHELL_UA, 0},
    {LOGS_RULE_WEBSHELL_UA, 1, NULL, "/owa/", {NULL}, LOGS_LIST_SHELL_UA, 0},
    {LOGS_RULE_OWASSRF, 1, NULL, "/owa/", {"/powershell", "@"}, LOGS_LIST_OWASSRF_EXCLUDE_UA, 1},
    {LOGS_RULE_OWASSRF, 1, NULL, "/owa/mastermailbox", {"/powershell"}, -1, 0},
};

static int has_prefix(const char *s, size_t n, const char *p) {
  size_t m = strlen(p);
  return n >= m && !memcmp(s, p, m);
}

static int has_suffix(const char *s, size_t n, const char *p) {
  size_t m = strlen(p);
  return n >= m && !memcmp(s + n - m, p, m);
}

static const char *find(const char *s, size_t n, const char *needle) { return memmem(s, n, needle, strlen(needle)); }

int logs_script_ext(const char *s, size_t n) {
  const char *dot = memrchr(s, '.', n);
  if (!dot || memchr(dot, '/', n - (size_t)(dot - s))) return 0;
  const logs_list *l = logs_list_get(LOGS_LIST_SCRIPT_EXT);
  size_t m = n - (size_t)(dot - s);
  for (size_t i = 0; i < l->n; i++)
    if (strlen(l->v[i]) == m && !memcmp(dot, l->v[i], m)) return 1;
  return 0;
}

int logs_shipped_page(const char *stem, size_t n) { return logs_path_listed(LOGS_LIST_SHIPPED, stem, n, 0, 0); }

/* The user agent lower-case with '+' as space, as the lists are written;
 * raw: the whole line, where the user agent is somewhere. */
static size_t ua_normalise(span ua, char *out, size_t max) {
  size_t n = ua.n < max - 1 ? ua.n : max - 1;
  for (size_t i = 0; i < n; i++) {
    char c = ua.p[i];
    out[i] = c == '+' ? ' ' : (char)tolower((unsigned char)c);
  }
  out[n] = '\0';
  return n;
}

/* /ecp/, /ecp/auth/ or /owa/auth/ followed by 1-3 alphanumerics and .js
 * (Volexity's /ecp/[0-9a-zA-Z]{1,3}\.js, plus the w.js/x.js variants). */
static int short_js(const char *stem, size_t n) {
  static const char *const dirs[] = {"/ecp/auth/", "/ecp/", "/owa/auth/", NULL};
  for (const char *const *d = dirs; *d; d++) {
    size_t m = strlen(*d);
    if (n < m + 4 || memcmp(stem, *d, m) || !has_suffix(stem, n, ".js")) continue;
    size_t k = n - m - 3;
    if (k < 1 || k > 3) continue;
    int ok = 1;
    for (size_t i = m; i < m + k; i++) ok &= isalnum((unsigned char)stem[i]) != 0;
    if (ok) return 1;
  }
  return 0;
}

/* A script in a drop directory of the Exchange intrusions that is not one
 * of Exchange's own pages. */
static void drop_dir_rule(const logs_rule_env *env, logs_best *b, const logs_rec *r, const char *stem, size_t n) {
  if (!logs_script_ext(stem, n) || !logs_path_listed(LOGS_LIST_DROP_DIR, stem, n, 0, 0) ||
      logs_path_listed(LOGS_LIST_SHIPPED, stem, n, 0, 1))
    return;
  (void)env;
  const char *o = logs_http_outcome(r->status);
  ss_severity sev = logs_is_post(r) ? SEV_C : SEV_H;
  if (logs_not_served(o)) sev = SEV_M;
  logs_consider(b, LOGS_RULE_WEBSHELL_REQUEST, sev, o);
}

/* A script below a folder where uploads land. */
static void upload_dir_rule(logs_best *b, const logs_rec *r, const char *stem, size_t n) {
  if (logs_script_ext(stem, n) && logs_path_listed(LOGS_LIST_UPLOAD_DIR, stem, n, 1, 0))
    logs_hit_http(b, r, LOGS_RULE_WEBSHELL_UPLOAD_DIR);
}

/* First bytes of the command words: most '=' in a query are ruled out by
 * one table look-up.  Filled once, before any reader thread uses it. */
static unsigned char first[256];
static pthread_once_t first_once = PTHREAD_ONCE_INIT;
static void init_first(void) {
  const logs_list *l = logs_list_get(LOGS_LIST_COMMAND);
  for (size_t i = 0; i < l->n; i++) first[(unsigned char)l->v[i][0]] = 1;
}

static void query_rules(logs_best *b, const logs_rec *r, const char *uri, size_t n) {
  const char *q = memchr(uri, '?', n);
  if (!q) return;
  size_t qn = n - (size_t)(q - uri);
  const char *end = q + qn;
  /* Most queries hold many '=' (ActiveSync: Cmd=Ping&User=...): only the
   * words starting with the byte after one are compared. */
  pthread_once(&first_once, init_first);
  const logs_list *words = logs_list_get(LOGS_LIST_COMMAND);
  for (const char *e = memchr(q, '=', qn); e && e + 1 < end; e = memchr(e + 1, '=', (size_t)(end - e - 1))) {
    if (!first[(unsigned char)e[1]]) continue;
    size_t left = (size_t)(end - e - 1);
    for (size_t i = 0; i < words->n; i++)
      if (has_prefix(e + 1, left, words->v[i])) {
        logs_hit_http(b, r, LOGS_RULE_WEBSHELL_COMMAND);
        e = end - 1;
        break;
      }
  }
  /* reGeorg: a cmd parameter whose whole value is one of its verbs;
   * Tunna: proxy&port=<n>&ip=<host>, the request that opens its tunnel */
  const logs_list *verbs = logs_list_get(LOGS_LIST_REGEORG);
  for (const char *p = q + 1; p < end;) {
    const char *amp = memchr(p, '&', (size_t)(end - p));
    const char *stop = amp ? amp : end;
    if (has_prefix(p, (size_t)(stop - p), "cmd="))
      for (size_t i = 0; i < verbs->n; i++)
        if ((size_t)(stop - p) == 4 + strlen(verbs->v[i]) && !memcmp(p + 4, verbs->v[i], strlen(verbs->v[i])))
          logs_hit_http(b, r, LOGS_RULE_WEBSHELL_REGEORG);
    p = stop + 1;
  }
  if (find(q, qn, "connect&target")) logs_hit_http(b, r, LOGS_RULE_WEBSHELL_REGEORG);
  const char *t = find(q, qn, "proxy&port=");
  if (t && (t == q + 1 || t[-1] == '&') && isdigit((unsigned char)t[11]) && find(t, (size_t)(end - t), "&ip="))
    logs_hit_http(b, r, LOGS_RULE_WEBSHELL_TUNNA);
}

/* ProxyShell and ProxyNotShell both reach a back end through the
 * autodiscover frontend; X-Rps-CAT (an unauthenticated PowerShell token)
 * marks ProxyShell's last step, /powershell without it ProxyNotShell's. */
static void autodiscover_rules(logs_best *b, const logs_rec *r, const char *uri, size_t n) {
  if (!has_prefix(uri, n, "/autodiscover")) return; /* the frontend both chains go through */
  int ps = find(uri, n, "powershell") != NULL, cat = find(uri, n, "x-rps-cat") != NULL;
  if (!find(uri, n, "autodiscover.json")) {
    if (ps) logs_hit_http(b, r, LOGS_RULE_PROXYNOTSHELL);
    return;
  }
  if (ps && !cat) {
    logs_hit_http(b, r, LOGS_RULE_PROXYNOTSHELL);
    return;
  }
  static const char *const markers[] = {"/powershell", "/mapi/nspi", "/ews", "x-rps-cat", "autodiscover.json?@",
                                        "email=autodiscover/autodiscover.json", NULL};
  for (const char *const *m = markers; *m; m++)
    if (find(uri, n, *m)) {
      logs_hit_http(b, r, LOGS_RULE_PROXYSHELL);
      return;
    }
}

/* A deployment through Tomcat's manager: the HTML upload form, or the
 * text interface's deploy command. */
static void tomcat_rule(logs_best *b, const logs_rec *r, const char *uri, size_t stem_n) {
  if (has_prefix(uri, stem_n, "/manager/html/upload") || has_prefix(uri, stem_n, "/manager/text/deploy") ||
      has_prefix(uri, stem_n, "/manager/deploy") || has_prefix(uri, stem_n, "/manager/html/deploy"))
    logs_hit_http(b, r, LOGS_RULE_TOMCAT_MANAGER_DEPLOY);
}

static void uri_table(logs_best *b, const logs_rec *r, const char *uri, size_t n, size_t stem_n, int post, int raw) {
  char ua[512];
  size_t ua_n = 0;
  int ua_done = 0;
  for (size_t i = 0; i < sizeof uri_rules / sizeof uri_rules[0]; i++) {
    const uri_rule *u = &uri_rules[i];
    if (u->post && !post) continue;
    if (u->exact && (stem_n != strlen(u->exact) || memcmp(uri, u->exact, stem_n))) continue;
    if (u->prefix && !has_prefix(uri, n, u->prefix)) continue;
    int ok = 1;
    for (int k = 0; k < 3 && u->contains[k] && ok; k++) ok = find(uri, n, u->contains[k]) != NULL;
    if (!ok) continue;
    if (u->ua_list >= 0) {
      if (!ua_done) ua_n = ua_normalise(raw ? r->raw : r->user_agent, ua, sizeof ua), ua_done = 1;
      if (logs_ua_listed((logs_list_id)u->ua_list, ua, ua_n, raw) == u->exclude_ua) continue;
    }
    logs_hit_http(b, r, u->rule);
  }
}

void logs_request_rules(const logs_rule_env *env, logs_best *b, const logs_rec *r, logs_rule_scratch *s, int raw) {
  if (!r->stem.n) return;
  logs_uri_normalise(&s->uri, r->stem, r->query, 8192);
  const char *uri = s->uri.data;
  size_t n = s->uri.len;
  const char *q = memchr(uri, '?', n);
  size_t stem_n = q ? (size_t)(q - uri) : n;
  int post = logs_is_post(r);
  if (env->linked_shell && env->linked_shell(env->user, uri, stem_n)) {
    const char *o = logs_http_outcome(r->status);
    logs_consider(b, LOGS_RULE_WEBSHELL_LINKED, logs_not_served(o) ? SEV_M : SEV_C, o);
  }
  if (short_js(uri, stem_n)) {
    if (post) logs_hit_http(b, r, LOGS_RULE_PROXYLOGON_SSRF_JS);
    else logs_consider(b, LOGS_RULE_PROXYLOGON_SCAN_JS, SEV_L, logs_http_outcome(r->status));
  }
  drop_dir_rule(env, b, r, uri, stem_n);
  uri_table(b, r, uri, n, stem_n, post, raw);
  if (post && logs_script_ext(uri, stem_n)) {
    char ua[512];
    size_t ua_n = ua_normalise(raw ? r->raw : r->user_agent, ua, sizeof ua);
    if (logs_ua_listed(LOGS_LIST_SHELL_UA, ua, ua_n, raw)) logs_hit_http(b, r, LOGS_RULE_WEBSHELL_UA);
  }
  autodiscover_rules(b, r, uri, n);
  query_rules(b, r, uri, n);
  tomcat_rule(b, r, uri, stem_n);
  upload_dir_rule(b, r, uri, stem_n); /* last: with a command in the query, that says more */
}

int logs_stack_candidate(const logs_rule_env *env, const logs_rec *r, strbuf *url) {
  if (r->status < 200 || r->status > 299 || !r->stem.n || !r->hits || !logs_is_post(r)) return 0;
  const char *dot = memrchr(r->stem.p, '.', r->stem.n);
  if (!dot || r->stem.n - (size_t)(dot - r->stem.p) > 7) return 0;
  logs_uri_normalise(url, r->stem, SPAN_NONE, 512);
  if (!logs_script_ext(url->data, url->len)) return 0;
  /* the pages IIS and Exchange ship, unless the scan flagged that file */
  return !logs_shipped_page(url->data, url->len) || (env->linked_shell && env->linked_shell(env->user, url->data, url->len));
}
