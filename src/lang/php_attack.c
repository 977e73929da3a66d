/*
 * php_attack.c - PHP attacker tools that public web-shell collections hold
 * beside shells, dropped on hacked servers: they run no request-chosen
 * code, so the source-to-sink analysis proves nothing, but each does what
 * no application combines in one page:
 *   - a CMS administrator made, or an administrator's password set, with
 *     raw SQL (WordPress wp_usermeta capabilities 'administrator', Joomla
 *     user_usergroup_map, Drupal users_roles; UPDATE ... users SET
 *     user_pass/password) by a page that reads the CMS's configuration
 *     for the database password: the CMS does it through its own API
 *     (T1136.003, T1098);
 *   - every file of a folder walk read, encrypted (openssl, mcrypt,
 *     sodium, or XORed and renamed) and written back: web ransomware
 *     (T1486);
 *   - every file of a folder walk written with a <script>, <iframe> or
 *     PHP include added to it: a mass code injector (T1505.003, T1608.004);
 *   - a command that downloads a program and makes it executable or
 *     compiles it (wget/curl ... chmod +x, gcc): an exploit stager or
 *     auto-rooter (T1105, T1068);
 *   - persistence outside the web root: authorized_keys written (high),
 *     a crontab loaded with a download or the script's own path, a line
 *     appended to ~/.bashrc (T1098.004, T1053.003, T1546.004);
 *   - the hosted sites and their owners read from the server's name
 *     server and mail configuration (/etc/named.conf, /var/named,
 *     /etc/valiases, /etc/userdomains) or /etc/passwd with public_html:
 *     a server's user and domain enumerator (T1087.001, T1083);
 *   - a login (FTP, IMAP, SSH, cPanel/WHM ports, SMTP AUTH, wp-login,
 *     XML-RPC) or a payment gateway's card call inside a loop over a list
 *     from the request or a word file: a cracker or a card checker
 *     (T1110);
 *   - a visitor's password or card fields sent with the visitor's IP and
 *     its geolocation or to a Telegram bot: a phishing kit's result logger
 *     (T1056.003);
 *   - visitors named as security vendors or anti-phishing services turned
 *     away: a phishing kit's anti-bot (T1564);
 *   - a remote page asked for with this site's name and served, to
 *     crawlers (User-Agent) or to everyone, and search visitors
 *     (Referer) redirected to a fixed remote site: doorways and spam
 *     redirectors (T1608.006);
 *   - e-mail addresses collected by a pattern over a folder walk or every
 *     table of a database: an address harvester (T1589.002).
 * All are read once per file from its text (comments skipped) and the
 * literals it builds or decodes, after the analysis, in files of 32 KiB or
 * less (the tools are pages of their own; the cost stays off applications'
 * big files); the prefilter hands such files on when they read no request
 * and are under 8 KiB (lang_php_attack_wanted).  Tools are dual-use or do no harm by
 * themselves: medium, but for the ones that plant code or a way back in.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "lang/analyze.h"

/* Is the byte at p inside a comment: a // or # before it on its line (not
 * the // of a URL), or a line that opens a block comment or goes on with
 * its star? */
static int in_comment(const unsigned char *buf, const unsigned char *p) {
  const unsigned char *s = p;
  while (s > buf && s[-1] != '\n') s--;
  const unsigned char *q = s;
  while (q < p && (*q == ' ' || *q == '\t')) q++;
  if (q < p && (*q == '*' || (*q == '/' && q + 1 < p && q[1] == '*'))) return 1;
  for (; q + 1 < p; q++) {
    if (*q == '#' && (q == s || q[-1] == ' ' || q[-1] == '\t' || q[-1] == ';')) return 1;
    if (q[0] == '/' && q[1] == '/' && (q == s || q[-1] != ':')) return 1;
  }
  return 0;
}

/* How rare a byte is in PHP source (lower: rarer), case folded: the key a search jumps between. */
static const char rarest[] = "^|@[]{}zqxjkwv<>:y0123456789bfgmpuchdlrnsitoae/_$.-( '\"";
static unsigned char rank[256]; /* each byte's place in rarest, case folded: built once */
static pthread_once_t rank_once = PTHREAD_ONCE_INIT;

static void rank_build(void) {
  for (size_t b = 0; b < 256; b++) {
    const char *r = b ? strchr(rarest, b >= 'A' && b <= 'Z' ? (int)b + 32 : (int)b) : NULL;
    rank[b] = (unsigned char)(r ? (size_t)(r - rarest) : sizeof rarest);
  }
}

static size_t rarity(unsigned char ch) {
  pthread_once(&rank_once, rank_build);
  return rank[ch];
}

/* The index of w's rarest byte. */
static size_t key_of(const char *w, size_t n) {
  size_t key = 0, best = (size_t)-1;
  for (size_t i = 0; i < n; i++)
    if (rarity((unsigned char)w[i]) < best) best = rarity((unsigned char)w[i]), key = i;
  return key;
}

/* The first w (case-insensitive) in buf[from, len) outside comments, or NULL: found from its rarest byte,
 * in either case, by memchr. */
static const unsigned char *find(const unsigned char *buf, size_t len, size_t from, const char *w) {
  size_t n = strlen(w), key = key_of(w, n);
  if (from + n > len) return NULL;
  unsigned char lo = (unsigned char)w[key], up = lo;
  if (lo >= 'a' && lo <= 'z') up = (unsigned char)(lo - 32);
  else if (lo >= 'A' && lo <= 'Z') lo = (unsigned char)(lo + 32);
  const unsigned char *end = buf + len - (n - key - 1), *pl = buf + from + key, *pu = pl;
  const unsigned char *nl = NULL, *nu = NULL; /* the next lower-case and upper-case key, if looked for */
  for (;;) {
    if (!nl && pl < end) nl = memchr(pl, lo, (size_t)(end - pl));
    if (!nl) pl = end;
    if (up != lo && !nu && pu < end) nu = memchr(pu, up, (size_t)(end - pu));
    if (!nu) pu = end;
    const unsigned char *k = nl && (!nu || nl < nu) ? nl : nu;
    if (!k) return NULL;
    if (k == nl) pl = nl + 1, nl = NULL;
    else pu = nu + 1, nu = NULL;
    const unsigned char *at = k - key;
    if (strncasecmp((const char *)at, w, n) == 0 && !in_comment(buf, at)) return at;
  }
}

static int has(const unsigned char *buf, size_t len, const char *w) { return find(buf, len, 0, w) != NULL; }

/* Any of the words, outside comments: the first one found, or NULL. */
static const unsigned char *find_any(const unsigned char *buf, size_t len, size_t from, const char *const *w, size_t n) {
  const unsigned char *best = NULL;
  for (size_t k = 0; k < n; k++) {
    size_t lim = best ? (size_t)(best - buf) + strlen(w[k]) : len; /* one that ends before the best so far */
    const unsigned char *p = find(buf, lim < len ? lim : len, from, w[k]);
    if (p && (!best || p < best)) best = p;
  }
  return best;
}
#define FIND_ANY(buf, len, from, w) find_any(buf, len, from, w, sizeof w / sizeof w[0])

/* How many of the words the text holds (outside comments). */
static unsigned count_of(const unsigned char *buf, size_t len, const char *const *w, size_t n) {
  unsigned k = 0;
  for (size_t i = 0; i < n; i++) k += has(buf, len, w[i]);
  return k;
}

/* The text read: the file, then the literals it builds or decodes (php_caps.built_lits), each at its line. */
typedef struct {
  const unsigned char *buf;
  size_t len; /* the file's part */
  const php_caps *k;
} text;

static unsigned line_at(const text *t, const unsigned char *p) {
  if (p >= t->buf + t->len) { /* in a built literal: the line of the statement that built it */
    size_t off = (size_t)(p - (t->buf + t->len + 1));
    unsigned line = t->k->nbuilt_lines ? t->k->built_line[0] : 1;
    for (unsigned i = 0; i < t->k->nbuilt_lines && t->k->built_off[i] <= off; i++) line = t->k->built_line[i];
    return line;
  }
  unsigned line = 1;
  for (const unsigned char *q = t->buf; q < p && (q = memchr(q, '\n', (size_t)(p - q))) != NULL; q++) line++;
  return line;
}

/* w within [p, p + span) of buf, outside comments. */
static const unsigned char *near(const unsigned char *buf, size_t len, const unsigned char *p, size_t span, const char *w) {
  size_t from = (size_t)(p - buf), end = from + span < len ? from + span : len;
  return find(buf, end, from, w);
}

/* The line holding p, as [*s, *e). */
static void line_span(const unsigned char *buf, size_t len, const unsigned char *p, const unsigned char **s,
                      const unsigned char **e) {
  *s = p, *e = p;
  while (*s > buf && (*s)[-1] != '\n') (*s)--;
  while (*e < buf + len && **e != '\n') (*e)++;
}

/* The argument list of the call whose name starts at p: [*a, *b) between its parentheses (at most 600
 * bytes, quotes skipped); 0 when it has none. */
static int call_args(const unsigned char *buf, size_t len, const unsigned char *p, const unsigned char **a,
                     const unsigned char **b) {
  const unsigned char *end = buf + len, *q = memchr(p, '(', (size_t)(end - p) < 40 ? (size_t)(end - p) : 40);
  if (!q) return 0;
  int depth = 0;
  for (const unsigned char *r = q; r < end && r < q + 600; r++) {
    if (*r == '\'' || *r == '"') {
      const unsigned char *e = r + 1;
      while (e < end && *e != *r) e += *e == '\\' ? 2 : 1;
      r = e;
    } else if (*r == '(') {
      depth++;
    } else if (*r == ')' && --depth == 0) {
      *a = q + 1, *b = r;
      return 1;
    }
  }
  return 0;
}

/* The k-th (1-based) top-level argument of [a, b), blanks trimmed: [*s, *e); 0 if none. */
static int arg_of(const unsigned char *a, const unsigned char *b, unsigned k, const unsigned char **s,
                  const unsigned char **e) {
  int depth = 0;
  unsigned n = 1;
  const unsigned char *start = a;
  for (const unsigned char *r = a; r <= b; r++) {
    if (r < b && (*r == '\'' || *r == '"')) {
      const unsigned char *q = r + 1;
      while (q < b && *q != *r) q += *q == '\\' ? 2 : 1;
      r = q < b ? q : b - 1;
      continue;
    }
    if (r < b && (*r == '(' || *r == '[')) depth++;
    if (r < b && (*r == ')' || *r == ']')) depth--;
    if (r == b || (*r == ',' && depth == 0)) {
      if (n == k) {
        while (start < r && (*start == ' ' || *start == '\t' || *start == '@')) start++;
        const unsigned char *t = r;
        while (t > start && (t[-1] == ' ' || t[-1] == '\t')) t--;
        *s = start, *e = t;
        return t > start;
      }
      n++, start = r + 1;
    }
  }
  return 0;
}

/* [s, e) holds the text w (case-insensitive). */
static int span_has(const unsigned char *s, const unsigned char *e, const char *w) {
  size_t n = strlen(w);
  for (const unsigned char *r = s; r + n <= e; r++)
    if (strncasecmp((const char *)r, w, n) == 0) return 1;
  return 0;
}

/* ---- CMS administrators made with raw SQL ---- */

static const char *const cms_configs[] = {"wp-config.php", "wp-load.php", "wp-blog-header.php", "configuration.php",
                                          "jconfig", "settings.php"};
static const char *const cms_configs_lit[] = {"wp-", "configuration.php", "JConfig", "settings.php"};

/* INSERT INTO ...usermeta ... administrator, ...user_usergroup_map, ...users_roles; UPDATE ...users SET
 * user_pass / password: the statement, NULL if none. */
static const unsigned char *cms_admin_sql(const unsigned char *buf, size_t len, const char **what) {
  for (const unsigned char *p = buf; (p = find(buf, len, (size_t)(p - buf), "insert into")) != NULL; p++) {
    const unsigned char *t = near(buf, len, p, 60, "usermeta");
    if (t && near(buf, len, t, 240, "administrator")) return *what = "an administrator's capabilities", p;
    if (near(buf, len, p, 60, "user_usergroup_map")) return *what = "a user group membership (user_usergroup_map)", p;
    if (near(buf, len, p, 40, "users_roles")) return *what = "a role (users_roles)", p;
  }
  for (const unsigned char *p = buf; (p = find(buf, len, (size_t)(p - buf), "update ")) != NULL; p++) {
    const unsigned char *u = near(buf, len, p, 60, "users");
    const unsigned char *s = u ? near(buf, len, u, 40, " set ") : NULL;
    if (s && (near(buf, len, s, 30, "user_pass") || near(buf, len, s, 30, "password")) &&
        (near(buf, len, s, 160, "md5(") || near(buf, len, s, 200, "where id") || near(buf, len, s, 260, "group_id")))
      return *what = "an administrator's password", p;
  }
  return NULL;
}

/* ---- folder walks that rewrite every file ---- */

static const char *const encrypts[] = {"openssl_encrypt(", "mcrypt_encrypt(", "mcrypt_generic(", "sodium_crypto_secretbox(",
                                       "openssl_public_encrypt("};
static const char *const markup[] = {"<script", "<iframe", "'<?php", "\"<?php", "createelement("};

/* Where var [s, e) is assigned (var = ...), its line holds one of words: that word's place, or NULL. */
static const unsigned char *assigned_with(const unsigned char *buf, size_t len, const unsigned char *s,
                                          const unsigned char *e, const char *const *words, size_t nwords) {
  size_t n = (size_t)(e - s);
  const unsigned char *end = buf + len;
  if (!n || n > 64) return NULL;
  for (const unsigned char *p = buf; (p = memmem(p, (size_t)(end - p), s, n)) != NULL; p += n) {
    const unsigned char *q = p + n;
    if (q < end && lang_lex_ident_char(*q)) continue;
    while (q < end && (*q == ' ' || *q == '\t' || *q == '.')) q++;
    if (q + 1 >= end || *q != '=' || q[1] == '=') continue;
    const unsigned char *ls, *le;
    line_span(buf, len, q, &ls, &le);
    for (size_t k = 0; k < nwords; k++) {
      const unsigned char *w = find(buf, (size_t)(le - buf), (size_t)(q - buf), words[k]);
      if (w) return w;
    }
  }
  return NULL;
}

/* Each plain variable of [s, e) (up to 8) through fn: the first non-NULL answer. */
static const unsigned char *each_var(const unsigned char *buf, size_t len, const unsigned char *s, const unsigned char *e,
                                     const char *const *words, size_t nwords) {
  unsigned seen = 0;
  for (const unsigned char *r = s; r < e && seen < 8; r++) {
    if (*r != '$' || r + 1 >= e || !lang_lex_ident_start(r[1])) continue;
    const unsigned char *v = r + 1;
    while (v < e && lang_lex_ident_char(*v)) v++;
    seen++;
    const unsigned char *w = assigned_with(buf, len, r, v, words, nwords);
    if (w) return w;
    r = v - 1;
  }
  return NULL;
}

static const char *const readers[] = {"file_get_contents(", "fread(", "file("};
static const char *const requests[] = {"$_post", "$_get", "$_request"};

/* The file written at path [s, e) replaces the one read: a handle opened 'r+' (handle), the path read
 * whole (file_get_contents(path)), or the path's variable unlinked or renamed. */
static int in_place(const unsigned char *buf, size_t len, const unsigned char *s, const unsigned char *e, int handle) {
  if (handle) return 1;
  const unsigned char *v = s + 1;
  while (v < e && lang_lex_ident_char(*v)) v++;
  static const char *const calls[] = {"file_get_contents(", "unlink(", "rename("};
  for (size_t k = 0; k < sizeof calls / sizeof calls[0]; k++)
    for (const unsigned char *p = find(buf, len, 0, calls[k]); p; p = find(buf, len, (size_t)(p - buf) + 1, calls[k])) {
      const unsigned char *q = p + strlen(calls[k]);
      while (q < buf + len && (*q == ' ' || *q == '@')) q++;
      size_t n = k == 0 ? (size_t)(e - s) : (size_t)(v - s); /* the whole path read; the variable removed */
      if ((size_t)(buf + len - q) > n && memcmp(q, s, n) == 0 && !lang_lex_ident_char(q[n]) &&
          (k || q[n] == ')' || q[n] == ' '))
        return 1;
    }
  return 0;
}

/* A write of a file a walk found, with its content's own text read back: ransomware (2) when what is written
 * is encrypted (an encryption call, or XOR of what was read), an injector (1) when it is the text plus a
 * script, frame or PHP markup, or request input appended; 0 if neither.  *at: the write. */
static int rewrite(const unsigned char *buf, size_t len, const unsigned char **at, const unsigned char **payload) {
  static const char *const writers[] = {"file_put_contents(", "fwrite(", "fputs("};
  for (const unsigned char *p = FIND_ANY(buf, len, 0, writers); p; p = FIND_ANY(buf, len, (size_t)(p - buf) + 1, writers)) {
    const unsigned char *a, *b, *ps, *pe, *cs, *ce, *fs, *fe;
    if (!call_args(buf, len, p, &a, &b) || !arg_of(a, b, 1, &ps, &pe) || !arg_of(a, b, 2, &cs, &ce)) continue;
    if (*ps == '\'' || !memchr(ps, '$', (size_t)(pe - ps))) continue; /* a path the script names itself */
    int fput = (*p | 0x20) == 'f' && p[1] == 'i';
    int append = fput ? arg_of(a, b, 3, &fs, &fe) && span_has(fs, fe, "file_append") : 0;
    if (!fput) { /* fwrite($h, ...): $h opened for appending, or for reading and writing */
      const unsigned char *o = assigned_with(buf, len, ps, pe, (const char *const[]){"fopen("}, 1), *oa, *ob, *ms, *me;
      if (!o || !call_args(buf, len, o, &oa, &ob) || !arg_of(oa, ob, 2, &ms, &me) || me - ms < 3) continue;
      if (ms[1] == 'a') append = 1;
      else if (!(ms[1] == 'r' && ms[2] == '+')) continue;
    }
    const unsigned char *w;
    /* encrypted: by a call in the content, or in what the content's variables were assigned; and the file
     * replaced: written in place (fopen 'r+', the path it was read from) or its original removed or renamed */
    if (in_place(buf, len, ps, pe, !fput) && ((w = find_any(buf, (size_t)(ce - buf), (size_t)(cs - buf), encrypts, sizeof encrypts / sizeof encrypts[0])) ||
        (w = each_var(buf, len, cs, ce, encrypts, sizeof encrypts / sizeof encrypts[0])) ||
        ((w = each_var(buf, len, cs, ce, (const char *const[]){"] ^ $"}, 1)) && has(buf, len, "rename(")))) {
      *at = p, *payload = w;
      return 2;
    }
    int own = append || span_has(cs, ce, "file_get_contents(") ||
              (memchr(cs, '.', (size_t)(ce - cs)) && each_var(buf, len, cs, ce, readers, sizeof readers / sizeof readers[0]));
    if (!own) continue;
    if ((w = find_any(buf, (size_t)(ce - buf), (size_t)(cs - buf), markup, sizeof markup / sizeof markup[0])) ||
        (w = each_var(buf, len, cs, ce, markup, sizeof markup / sizeof markup[0]))) {
      *at = p, *payload = w;
      return 1;
    }
    if (append && (w = each_var(buf, len, cs, ce, requests, sizeof requests / sizeof requests[0]))) {
      *at = p, *payload = w;
      return 1;
    }
  }
  return 0;
}

/* ---- address harvesters ---- */

/* preg_match_all('/...@[...', file_get_contents($f)): an e-mail pattern run over a file's whole text (*files
 * set), or over the rows of every table (SHOW TABLES, SELECT *): the call, or NULL. */
static const unsigned char *harvest(const unsigned char *buf, size_t len, int *files) {
  static const char *const pregs[] = {"preg_match_all(", "preg_match("};
  int tables = has(buf, len, "show tables") && has(buf, len, "select *");
  for (const unsigned char *p = FIND_ANY(buf, len, 0, pregs); p; p = FIND_ANY(buf, len, (size_t)(p - buf) + 1, pregs)) {
    const unsigned char *a, *b, *ps, *pe, *ss, *se;
    if (!call_args(buf, len, p, &a, &b) || !arg_of(a, b, 1, &ps, &pe) || !arg_of(a, b, 2, &ss, &se) ||
        !span_has(ps, pe, "@[") || !span_has(ps, pe, "\\."))
      continue;
    *files = span_has(ss, se, "file_get_contents(") || each_var(buf, len, ss, se, readers, sizeof readers / sizeof readers[0]);
    if (*files || tables) return p;
  }
  return NULL;
}

/* ---- downloads made executable ---- */

static const char *const downloaders[] = {"wget ", "curl -", "curl http", "lwp-download", "fetch http"};
static const char *const make_exec[] = {"chmod +x", "chmod 7", "chmod 0", "chmod u+x", "gcc "};

/* ---- server enumeration ---- */

static const char *const server_maps[] = {"/etc/named.conf", "/var/named", "/etc/valiases", "/etc/userdomains",
                                          "/etc/trueuserdomains", "/etc/domainusers", "/etc/virtual/domainowners",
                                          "/etc/localdomains"};

/* ---- crackers and checkers ---- */

static const char *const logins[] = {"ftp_login(", "imap_open(", "ssh2_auth_password(", "curlopt_userpwd", "auth login",
                                     "authorization: basic", ":2082", ":2083", ":2086", ":2087", "2082,", "2083,",
                                     "2086,", "2087,", "wp-login.php", "wp.getusersblogs", "mysql_connect(",
                                     "mysqli_connect(", "api.stripe.com", "authorize.net", "braintreegateway",
                                     "card[number]", "card[cvc]"};
static const char *const lists[] = {"explode(", "preg_split(", "file("};
static const char *const loops[] = {"foreach", "while", "for "};

/* A list read from the request or a word file, a loop about it, and a login inside: the login's place. */
static const unsigned char *cracker(const unsigned char *buf, size_t len) {
  for (const unsigned char *p = FIND_ANY(buf, len, 0, lists); p; p = FIND_ANY(buf, len, (size_t)(p - buf) + 1, lists)) {
    const unsigned char *q = memchr(p, '(', (size_t)(buf + len - p));
    if (!q) break;
    size_t from = (size_t)(q - buf), end = from + 80 < len ? from + 80 : len;
    const unsigned char *sc = memchr(q, ';', end - from);
    if (sc) end = (size_t)(sc - buf);
    if (!find(buf, end, from, "$_post") && !find(buf, end, from, "$_get") && !find(buf, end, from, "$_request") &&
        !find(buf, end, from, "$_files") && !find(buf, end, from, ".txt"))
      continue;
    size_t ls = (size_t)(p - buf) > 60 ? (size_t)(p - buf) - 60 : 0;
    if (!find_any(buf, (size_t)(p - buf) + 400 < len ? (size_t)(p - buf) + 400 : len, ls, loops,
                  sizeof loops / sizeof loops[0]))
      continue;
    const unsigned char *l = find_any(buf, (size_t)(p - buf) + 1200 < len ? (size_t)(p - buf) + 1200 : len,
                                      (size_t)(p - buf), logins, sizeof logins / sizeof logins[0]);
    if (l) return l;
  }
  return NULL;
}

/* ---- phishing kits ---- */

static const char *const cred_keys[] = {"pass", "pwd", "cvv", "cvc", "ccnum", "card"};
static const char *const geo[] = {"ip-api.com", "geoplugin", "ipinfo.io", "ipapi.co", "freegeoip", "geoiplookup",
                                  "api.telegram.org"};
static const char *const vendors[] = {"phishtank", "netcraft", "bitdefender", "kaspersky", "spamhaus", "urlscan",
                                      "trendmicro", "virustotal", "phishlabs", "fortinet", "mcafee", "symantec",
                                      "surbl", "opendns"};

/* $_POST['password'], $_REQUEST["cc_cvv"]: a request field named as a credential or a card's. */
static const unsigned char *cred_field(const unsigned char *buf, size_t len) {
  static const char *const arrays[] = {"$_post[", "$_request[", "$_get["};
  for (const unsigned char *p = FIND_ANY(buf, len, 0, arrays); p; p = FIND_ANY(buf, len, (size_t)(p - buf) + 1, arrays)) {
    const unsigned char *k = memchr(p, '[', (size_t)(buf + len - p)), *e = k ? memchr(k, ']', (size_t)(buf + len - k)) : NULL;
    if (!e || e - k > 40) continue;
    /* joined into a message: '... Password: ' . $_POST['pass'] . "\n" */
    const unsigned char *b = p, *a = e + 1;
    while (b > buf && (b[-1] == ' ' || b[-1] == '\t')) b--;
    while (a < buf + len && (*a == ' ' || *a == '\t')) a++;
    if (!((b > buf && b[-1] == '.') || (a < buf + len && *a == '.' && (a + 1 >= buf + len || a[1] != '=')))) continue;
    for (size_t w = 0; w < sizeof cred_keys / sizeof cred_keys[0]; w++)
      if (memmem(k, (size_t)(e - k), cred_keys[w], strlen(cred_keys[w]))) return p;
  }
  return NULL;
}

/* The length of the host name at h (up to a slash, quote or query; at most 40 bytes, within the text). */
static int host_len(const unsigned char *h, const unsigned char *end) {
  int n = 0;
  while (h + n < end && n < 40 && h[n] != '/' && h[n] != '\'' && h[n] != '"' && h[n] != '?' && h[n] > ' ') n++;
  return n;
}

/* ---- doorways ---- */

static const char *const engines[] = {"googlebot", "bingbot", "baiduspider", "yandex", "google", "bing", "yahoo",
                                      "baidu"};
static const char *const site_keys[] = {"server_name", "http_host"};
static const char *const fetch_calls[] = {"file_get_contents(", "curl_exec(", "fopen(", "readfile(", "fsockopen("};

/* The host at h is this machine or the private network: an application's own services live there. */
static int own_network(const unsigned char *h, const unsigned char *end) {
  static const char *const own[] = {"localhost", "127.", "10.", "192.168.", "172.16.", "172.17.", "172.18.", "172.19.",
                                    "172.2", "172.30.", "172.31."};
  for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
    if ((size_t)(end - h) > strlen(own[k]) && strncasecmp((const char *)h, own[k], strlen(own[k])) == 0) return 1;
  return 0;
}

/* Text served as it came: echo $x, print file_get_contents(...), echo curl_exec(...), readfile(...). */
static int raw_output(const unsigned char *buf, size_t len) {
  static const char *const outs[] = {"echo", "print"};
  if (has(buf, len, "readfile(")) return 1;
  for (const unsigned char *p = FIND_ANY(buf, len, 0, outs); p; p = FIND_ANY(buf, len, (size_t)(p - buf) + 1, outs)) {
    const unsigned char *q = p + ((*p | 0x20) == 'e' ? 4 : 5);
    while (q < buf + len && (*q == ' ' || *q == '\t' || *q == '(' || *q == '@')) q++;
    size_t left = (size_t)(buf + len - q);
    if (q < buf + len && (*q == '$' || (left >= 18 && strncasecmp((const char *)q, "file_get_contents(", 18) == 0) ||
                          (left >= 10 && strncasecmp((const char *)q, "curl_exec(", 10) == 0)))
      return 1;
  }
  return 0;
}

/* A remote URL (http:// or https:// opening a literal, not this host) on a line that names this site's
 * name ($_SERVER['SERVER_NAME'], HTTP_HOST) or a variable assigned it: the URL. */
static const unsigned char *site_url(const unsigned char *buf, size_t len) {
  static const char *const urls[] = {"'http://", "\"http://", "'https://", "\"https://"};
  for (const unsigned char *p = FIND_ANY(buf, len, 0, urls); p; p = FIND_ANY(buf, len, (size_t)(p - buf) + 1, urls)) {
    const unsigned char *host = p + (p[5] == ':' ? 8 : 9), *s, *e;
    if (host >= buf + len || *host == '\'' || *host == '"' || *host == '$' || *host == '{' || own_network(host, buf + len))
      continue;
    line_span(buf, len, p, &s, &e);
    if (find_any(buf, (size_t)(e - buf), (size_t)(s - buf), site_keys, sizeof site_keys / sizeof site_keys[0]) ||
        each_var(buf, len, p, e, site_keys, sizeof site_keys / sizeof site_keys[0]))
      return p;
  }
  return NULL;
}

/* A Referer read, a search engine named after it and a redirect to a remote URL right after that:
 * the redirect, or NULL. */
static const unsigned char *referer_redirect(const unsigned char *buf, size_t len) {
  const unsigned char *r = find(buf, len, 0, "http_referer"), *g;
  if (!r || !(g = FIND_ANY(buf, len, (size_t)(r - buf), engines))) return NULL;
  return near(buf, len, g, 400, "location: http");
}

/* Is s in buf, as written (case-sensitive)?  Found from its rarest byte by memchr: the gates below run
 * on every PHP file analysed, and must cost little more than a memchr each. */
static int lit(const unsigned char *buf, size_t len, const char *s) {
  size_t n = strlen(s), key = key_of(s, n);
  const unsigned char *end = buf + len;
  if (len < n) return 0;
  for (const unsigned char *p = buf + key; p < end && (p = memchr(p, s[key], (size_t)(end - p))) != NULL; p++)
    if ((size_t)(end - p) >= n - key && memcmp(p - key, s, n) == 0) return 1;
  return 0;
}

static int lit_any(const unsigned char *buf, size_t len, const char *const *w, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (lit(buf, len, w[k])) return 1;
  return 0;
}
#define LIT_ANY(buf, len, w) lit_any(buf, len, w, sizeof w / sizeof w[0])

/* What each verdict needs written in the file: files without it are not read further. */
static const char *const gate_rewrite[] = {"_encrypt(", "crypt_generic(", "secretbox(", "] ^ $", "<script", "<iframe",
                                           "'<?php", "\"<?php", "createElement(", "FILE_APPEND"};
static const char *const gate_persist[] = {"authorized_keys", "crontab", ".bashrc", ".bash_profile"};
static const char *const gate_enum[] = {"/etc/", "/var/named"};
static const char *const gate_cracker[] = {"ftp_login", "imap_open", "ssh2_auth", "CURLOPT_USERPWD", "AUTH LOGIN",
                                           "Authorization: Basic", "208", "wp-login", "getUsersBlogs", "_connect(",
                                           "stripe", "authorize.net", "braintree", "card["};
static const char *const gate_geo[] = {"ip-api", "geoplugin", "ipinfo", "ipapi", "freegeoip", "geoiplookup",
                                       "api.telegram"};
static const char *const gate_site[] = {"SERVER_NAME", "HTTP_HOST"};
static const char *const gate_visitor[] = {"HTTP_REFERER", "HTTP_USER_AGENT"};

/* Per statement: a literal built from pieces or decoded (chr()s, '/etc/pa' . 'sswd', base64_decode('...')),
 * kept for the judge, which reads the file's text and sees none of them. */
void lang_php_attack_statement(lang_ctx *c) {
  php_caps *k = c->pcaps;
  if (!k || c->len > 16384) return;
  for (size_t i = 0; i < c->nst; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_STR || !((t->flags & TF_JOINED) || t->nchain) || (t->flags & TF_BINARY) || t->len < 4 ||
        t->len > 160 || k->nbuilt + t->len + 1 > sizeof k->built_lits)
      continue;
    if (k->nbuilt_lines < sizeof k->built_line / sizeof k->built_line[0]) {
      k->built_off[k->nbuilt_lines] = k->nbuilt;
      k->built_line[k->nbuilt_lines++] = c->level ? c->outer_line : t->line;
    }
    memcpy(k->built_lits + k->nbuilt, tok_text(c, t), t->len);
    k->nbuilt += t->len;
    k->built_lits[k->nbuilt++] = '\n';
  }
}

void lang_php_attack_judge(lang_ctx *c, const unsigned char *buf, size_t len) {
  php_caps *k = c->pcaps;
  /* the tools are pages of their own, not a big application's files */
  if (!k || c->syn != SYN_PHP || len > 16384) return;
  /* the literals it built or decoded, after the file's text: one copy, for the rare file that has them */
  unsigned char *joined = NULL;
  if (k->nbuilt && (joined = malloc(len + 1 + k->nbuilt)) != NULL) {
    memcpy(joined, buf, len);
    joined[len] = '\n';
    memcpy(joined + len + 1, k->built_lits, k->nbuilt);
  }
  if (joined) buf = joined;
  text tx = {buf, len, k};
  if (joined) len = len + 1 + k->nbuilt;
  uint32_t present = k->present;
  const unsigned char *p, *q;
  const char *what = NULL;
  unsigned line;

  if (LIT_ANY(buf, len, cms_configs_lit) && (q = cms_admin_sql(buf, len, &what)) != NULL && (line = line_at(&tx, q)) != 0 &&
      (p = FIND_ANY(buf, len, 0, cms_configs)) != NULL)
    lang_add_detection(c, "shellsift.lang.cms-admin", "hacktool", 55, line,
                       "CMS account tool: raw SQL writes %s (line %u) in a page that reads the CMS's configuration for "
                       "the database password (line %u): a lone page that makes an administrator or takes over one, "
                       "which the CMS itself does through its API (MITRE ATT&CK T1136.003, T1098)",
                       what, line, line_at(&tx, p));

  int walks = (present >> PCAP_LIST & 1u) != 0;
  int kind = walks && LIT_ANY(buf, len, gate_rewrite) ? rewrite(buf, len, &p, &q) : 0;
  if (kind == 2)
    lang_add_detection(c, "shellsift.lang.ransomware", "hacktool", 60, line_at(&tx, p),
                       "web ransomware: it walks folders with %s() (line %u) and writes files back encrypted (line %u, "
                       "encrypted at line %u) (MITRE ATT&CK T1486)",
                       k->fn[PCAP_LIST], k->line[PCAP_LIST], line_at(&tx, p), line_at(&tx, q));
  else if (kind == 1)
    lang_add_detection(c, "shellsift.lang.mass-injector", "webshell", q[1] == '<' && q[2] == '?' ? 70 : 60,
                       line_at(&tx, p),
                       "mass code injector: it walks folders with %s() (line %u) and writes %s (line %u) into the files "
                       "it finds, keeping their content (line %u) (MITRE ATT&CK T1505.003, T1608.004)",
                       k->fn[PCAP_LIST], k->line[PCAP_LIST],
                       q[1] == '<' && q[2] == '?' ? "PHP code" : q[0] == '$' ? "request input" : "a script or frame",
                       line_at(&tx, q), line_at(&tx, p));

  if ((present >> PCAP_CMD & 1u) && lit(buf, len, "chmod")) {
    if ((p = FIND_ANY(buf, len, 0, downloaders)) != NULL && (q = FIND_ANY(buf, len, 0, make_exec)) != NULL)
      lang_add_detection(c, "shellsift.lang.exploit-stager", "hacktool", 60, line_at(&tx, p),
                         "exploit stager: a command downloads a program (line %u) and makes it executable or compiles "
                         "it (line %u) to run it on the server: how auto-rooters fetch local exploits (MITRE ATT&CK "
                         "T1105, T1068)",
                         line_at(&tx, p), line_at(&tx, q));
    else if ((p = find(buf, len, 0, "chmod(")) != NULL && has(buf, len, "/tmp/") &&
             (q = find(buf, len, 0, "('http")) != NULL && (has(buf, len, "0755") || has(buf, len, "0777")))
      lang_add_detection(c, "shellsift.lang.exploit-stager", "hacktool", 60, line_at(&tx, q),
                         "exploit stager: it downloads a program (line %u), makes it executable with chmod() (line %u) "
                         "and runs commands (MITRE ATT&CK T1105, T1068)",
                         line_at(&tx, q), line_at(&tx, p));
  }

  if (LIT_ANY(buf, len, gate_persist)) {
    int writes = (present >> PCAP_WRITE & 1u) != 0 || has(buf, len, "fwrite(") || has(buf, len, "fputs(");
    if ((p = find(buf, len, 0, "authorized_keys")) != NULL && writes)
      lang_add_detection(c, "shellsift.lang.persistence", "webshell", 75, line_at(&tx, p),
                         "SSH backdoor: it writes a key into authorized_keys (line %u): a way back in that outlives "
                         "the web shell (MITRE ATT&CK T1098.004)",
                         line_at(&tx, p));
    else if ((p = find(buf, len, 0, "crontab")) != NULL && (present >> PCAP_CMD & 1u) &&
             (FIND_ANY(buf, len, 0, downloaders) || has(buf, len, "/dev/tcp") || has(buf, len, "__file__") || k->request))
      lang_add_detection(c, "shellsift.lang.persistence", "webshell", 70, line_at(&tx, p),
                         "cron persistence: it loads a crontab (line %u) that %s (MITRE ATT&CK T1053.003)",
                         line_at(&tx, p), k->request && !FIND_ANY(buf, len, 0, downloaders) ? "the request fills"
                                                                                            : "downloads or reruns code");
    else if (((p = find(buf, len, 0, ".bashrc")) != NULL || (p = find(buf, len, 0, ".bash_profile")) != NULL) &&
             writes && (has(buf, len, "file_append") || has(buf, len, "'a'") || has(buf, len, ">>")))
      lang_add_detection(c, "shellsift.lang.persistence", "webshell", 70, line_at(&tx, p),
                         "shell-profile persistence: it appends to the account's shell start-up file (line %u), run at "
                         "every login (MITRE ATT&CK T1546.004)",
                         line_at(&tx, p));
  }

  if (LIT_ANY(buf, len, gate_enum) &&
      ((p = FIND_ANY(buf, len, 0, server_maps)) != NULL ||
       ((p = find(buf, len, 0, "/etc/passwd")) != NULL && has(buf, len, "public_html"))))
    lang_add_detection(c, "shellsift.lang.server-enum", "hacktool", 50, line_at(&tx, p),
                       "server enumerator: it reads the server's list of hosted domains or accounts (line %u) to find "
                       "the other sites on the server (MITRE ATT&CK T1087.001, T1083)",
                       line_at(&tx, p));

  if ((k->request || lit(buf, len, ".txt")) && LIT_ANY(buf, len, gate_cracker) && (p = cracker(buf, len)) != NULL)
    lang_add_detection(c, "shellsift.lang.cracker", "hacktool", 55, line_at(&tx, p),
                       "cracker or checker: for each entry of a list from the request or a word file it tries a login "
                       "or a card (line %u) (MITRE ATT&CK T1110)",
                       line_at(&tx, p));

  int visitor = k->request && lit(buf, len, "REMOTE_ADDR");
  if (visitor && LIT_ANY(buf, len, gate_geo) && (p = cred_field(buf, len)) != NULL &&
      (q = FIND_ANY(buf, len, 0, geo)) != NULL)
    lang_add_detection(c, "shellsift.lang.phish-logger", "hacktool", 55, line_at(&tx, p),
                       "phishing result logger: it takes what a visitor types into a password or card field (line %u) "
                       "with the visitor's IP address, and asks %.*s (line %u) (MITRE ATT&CK T1056.003)",
                       line_at(&tx, p), host_len(q, buf + len), (const char *)q, line_at(&tx, q));

  /* anti-bot lists name the anti-phishing services first of all */
  if ((lit(buf, len, "phishtank") || lit(buf, len, "netcraft")) && lit(buf, len, "REMOTE_ADDR") &&
      count_of(buf, len, vendors, sizeof vendors / sizeof vendors[0]) >= 3 && (p = FIND_ANY(buf, len, 0, vendors)) != NULL)
    lang_add_detection(c, "shellsift.lang.anti-bot", "hacktool", 50, line_at(&tx, p),
                       "phishing anti-bot: it turns away visitors it recognises as security vendors and anti-phishing "
                       "services (line %u), so the page is not reported (MITRE ATT&CK T1564)",
                       line_at(&tx, p));

  int site = LIT_ANY(buf, len, gate_site), seen = LIT_ANY(buf, len, gate_visitor);
  if (site && (p = site_url(buf, len)) != NULL && FIND_ANY(buf, len, 0, fetch_calls) && raw_output(buf, len))
    lang_add_detection(c, "shellsift.lang.doorway", "webshell", 50, line_at(&tx, p),
                       "doorway: it asks a remote server for the page to serve, sending this site's name (line %u)%s "
                       "(MITRE ATT&CK T1608.006)",
                       line_at(&tx, p),
                       seen && has(buf, len, "http_user_agent") && FIND_ANY(buf, len, 0, engines)
                           ? ", to crawlers it picks by User-Agent"
                           : "");
  else if (site && seen && (p = find(buf, len, 0, "\"http://")) != NULL && FIND_ANY(buf, len, 0, fetch_calls) &&
           FIND_ANY(buf, len, 0, engines))
    lang_add_detection(c, "shellsift.lang.doorway", "webshell", 50, line_at(&tx, p),
                       "search-engine cloaking: it picks crawlers by User-Agent or Referer and serves them a page a "
                       "remote server sends for this site's name (line %u) (MITRE ATT&CK T1608.006)",
                       line_at(&tx, p));
  else if (seen && (p = referer_redirect(buf, len)) != NULL)
    lang_add_detection(c, "shellsift.lang.doorway", "webshell", 50, line_at(&tx, p),
                       "search redirector: visitors who come from a search engine (Referer) are sent to a remote site "
                       "(line %u) (MITRE ATT&CK T1608.006)",
                       line_at(&tx, p));

  int files = 0;
  if (lit(buf, len, "@[") && (p = harvest(buf, len, &files)) != NULL && (files ? walks : 1))
    lang_add_detection(c, "shellsift.lang.harvester", "hacktool", 45, line_at(&tx, p),
                       "address harvester: it collects e-mail addresses with a pattern (line %u) over %s (MITRE ATT&CK "
                       "T1589.002)",
                       line_at(&tx, p), files ? "the content of the files a folder walk finds" : "every table of the database");
  free(joined);
}

/* For the prefilter: a file that reads no request but names what the tools above are made of.  Each
 * name has what else the file must do for it to count (need): nothing (the rarest names), write, read,
 * fetch or run commands (acts), fetch a URL (SERVER_NAME: a doorway), run commands (chmod: a stager),
 * or also walk folders (what ransomware and injectors write). */
/* The CMS user tables an account tool writes (cms_admin_sql): WordPress, Joomla, Drupal. */
static const char *const cms_user_tables[] = {"usermeta", "usergroup_map", "users_roles"};

int lang_php_attack_sql_wanted(const unsigned char *buf, size_t len) { return LIT_ANY(buf, len, cms_user_tables); }

int lang_php_attack_wanted(const unsigned char *buf, size_t len, int acts, int fetches, int commands) {
  enum { ANY, ACTS, FETCH, CMD, WALK };
  static const struct { const char *s; int need; } anchors[] = {
      {"authorized_keys", ANY}, {"crontab", ANY},     {"/named", ANY},      {"valiases", ANY},    {"userdomains", ANY},
      {".bashrc", ANY},         {"JConfig", ANY},     {"public_html", ACTS}, {"SERVER_NAME", FETCH},
      {"chmod", CMD},           {"_encrypt(", WALK},  {"] ^ $", WALK},     {"<script src", WALK},
      {"<iframe", WALK},        {"createElement(", WALK}, {"'<?php", WALK}, {"\"<?php", WALK}};
  static const char *const walkers[] = {"scandir", "RecursiveDirectoryIterator", "readdir", "glob("};
  if (lang_php_attack_sql_wanted(buf, len)) return 1;
  int walks = -1;
  for (size_t k = 0; k < sizeof anchors / sizeof anchors[0]; k++) {
    int need = anchors[k].need;
    if ((need == ACTS && !acts) || (need == FETCH && !fetches) || (need == CMD && !commands) || (need == WALK && !acts) ||
        !lit(buf, len, anchors[k].s))
      continue;
    if (need != WALK) return 1;
    if (walks < 0) walks = LIT_ANY(buf, len, walkers);
    if (walks) return 1;
  }
  return 0;
}
