/*
 * php_tools.c - PHP attack tools that run no request-chosen code or
 * command, so the source-to-sink analysis has nothing to prove, but that
 * do what real applications never combine:
 *   - a mail() to an address at a free mail provider written into the
 *     file, carrying where the script lives on the server or what a
 *     visitor typed into a password or card field, or in a file that
 *     reads a shop order's card fields: a shell's install beacon, a
 *     phishing or skimmer drop (MITRE ATT&CK T1048.003,
 *     T1056.003);
 *   - a file the request names read through the compress.zlib:// or
 *     compress.bzip2:// wrapper: the old safe_mode and open_basedir
 *     bypass of file-reader kits (T1005);
 *   - a folder the request names walked with a writable test on each
 *     entry: a writable-folder scanner, looking where to drop a shell
 *     (T1083);
 *   - a file the request names whole, read, in a file that also lets the
 *     request choose folders to list, or the SQL to run or the database
 *     server to log in to: a file manager or a file-and-database tool
 *     (medium: dual-use; a reader alone is an application's bug, not
 *     reported);
 *   - a mailer object (PHPMailer-style) whose recipients, sender, subject
 *     and body all come from the request: a spam sender (medium, as the
 *     mail() one);
 *   - request input written into the index page of folders a file walks:
 *     a mass defacer (T1491.001);
 *   - search-engine cloaking: a page that checks the User-Agent or the
 *     Referer for a search engine and fetches from a remote server a URL that carries
 *     this request's host or path: the page to show the crawler (SEO
 *     doorways and link injectors, T1608.006);
 *   - a page that reads the request and opens its own source (__FILE__)
 *     to append or rewrite it: a self-modifying script, whose next run
 *     serves (or executes) what was written (T1505.003);
 *   - a loop over the 256 hosts of a network the request names, each one
 *     fetched or connected to: a network scanner run from the server
 *     (T1046);
 *   - a ZIP archive (its record signatures written by hand, or ZipArchive)
 *     of the folders the request chooses, written to a file: a site packer,
 *     the way a site's source and data are taken away in one download
 *     (medium, as backup tools are dual-use; T1560.002);
 *   - a folder browser for the whole server: the request chooses the
 *     folder listed (or the one chdir() moves to), and drive letters are
 *     probed one by one (is_dir($l . ':')) (T1083, T1120);
 *   - a page that asks a server at a raw public IPv4 address for content,
 *     sending this site's name or path: a remote-controlled doorway or
 *     injector, its server an address no application names (T1071.001);
 *   - request input passed through a callback named by a literal the file
 *     does not define, behind a password hash written into the file
 *     (md5($_GET['p']) == '<32 hex digits>'): a gated backdoor, even when
 *     its callback's name was mangled on the way (T1505.003);
 *   - a whole request array ($_POST, $_REQUEST, $_COOKIE) serialised
 *     (serialize, json_encode, var_export, print_r), directly or through
 *     the variable it was put in, written to a file named like a picture
 *     or run in a command that sends it away (curl, wget, a URL): a
 *     request harvester, the server-side skimmer (T1056.003);
 *   - the file system's root linked, symlink('/', ...) or a command's
 *     ln -s / ...: a symlink bypass, every site's files read through
 *     the web server (T1083);
 *   - a command's touch -r/-d/-t (or --reference, --date): a file given
 *     another file's or a chosen time, timestomping (T1070.006).
 * Each statement is read for its part (lang_php_tools_statement); the
 * verdicts are taken once per file (lang_php_tools_judge).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

/* Free mail providers: nobody's application mails its reports there. */
static const char *const free_mail[] = {"@gmail.",   "@googlemail.", "@yahoo.",    "@ymail.",     "@hotmail.",
                                        "@outlook.", "@live.",       "@msn.",      "@aol.",       "@mail.ru",
                                        "@inbox.ru", "@bk.ru",       "@list.ru",   "@yandex.",    "@rambler.",
                                        "@gmx.",     "@protonmail.", "@proton.me", "@qq.com",     "@163.com",
                                        "@126.com",  "@sina.com",    "@zoho.",     "@icloud.com", "@tutanota."};

/* Request fields a phishing page or skimmer forwards. */
static const char *const cred_words[] = {"pass", "pwd", "card", "cvv", "cvc", "ccv", "ccnum", "cc_"};

/* Payment-card fields a skimmer reads from the shop's order objects. */
static const char *const card_fields[] = {"getccnumber", "cc_number", "getcccid", "cc_cid", "getccexp", "cc_exp"};

/* What a crawler calls itself in its User-Agent. */
static const char *const crawlers[] = {"googlebot", "baiduspider", "bingbot",      "yandexbot",
                                       "sogou",     "360spider",   "yahoo! slurp", "msnbot"};

/* Search engines by name, in a short literal that is not a URL: the
 * "google|baidu|bing" a doorway matches the User-Agent or Referer with. */
static const char *const engines[] = {"google", "baidu", "bing", "yandex", "yahoo", "sogou"};

/* $_SERVER fields that say where the script is: a beacon sends them home. */
static const char *const location_keys[] = {"DOCUMENT_ROOT", "SCRIPT_FILENAME", "SERVER_ADDR", "PATH_TRANSLATED"};

static int contains_ci(const char *s, size_t n, const char *w) {
  size_t m = strlen(w);
  for (size_t i = 0; i + m <= n; i++)
    if (strncasecmp(s + i, w, m) == 0) return 1;
  return 0;
}

static int any_ci(const char *s, size_t n, const char *const *words, size_t nwords) {
  for (size_t k = 0; k < nwords; k++)
    if (contains_ci(s, n, words[k])) return 1;
  return 0;
}

/* The line a note names: in code the page decodes and runs, the line of
 * the statement that runs it. */
static unsigned note_line(const lang_ctx *c, const token *t) { return c->level ? c->outer_line : t->line; }

/* The call whose name is st[i]: its closing parenthesis in *close and its
 * first argument in [*s, *e); 0 when it has none. */
static int first_arg(const lang_ctx *c, size_t i, size_t *close, size_t *s, size_t *e) {
  *close = lang_match_close(c, i + 1);
  return *close < c->nst && lang_arg_span(c, i + 2, *close, 1, s, e);
}

/* mail("x@gmail.com", ...): the recipient is a free-mail literal. */
static void note_mail(lang_ctx *c, size_t i) {
  php_caps *k = c->pcaps;
  size_t close, s, e;
  if (!first_arg(c, i, &close, &s, &e) || e != s + 1 || c->st[s].kind != TK_STR) return;
  const char *to = tok_text(c, &c->st[s]);
  if (c->st[s].len > 200 || !memchr(to, '@', c->st[s].len) ||
      !any_ci(to, c->st[s].len, free_mail, sizeof free_mail / sizeof free_mail[0]))
    return;
  if (!k->drop_line) {
    k->drop_line = note_line(c, &c->st[i]);
    snprintf(k->drop_to, sizeof k->drop_to, "%.*s", (int)(c->st[s].len > 47 ? 47 : c->st[s].len), to);
  }
  for (unsigned a = 2; a <= 4 && !k->drop_cred[0]; a++) {
    taint t;
    if (!lang_arg_span(c, i + 2, close, a, &s, &e)) continue;
    if (lang_span_taint(c, s, e, &t) && !(t.flags & TA_WEAK) &&
        any_ci(t.src, strlen(t.src), cred_words, sizeof cred_words / sizeof cred_words[0]))
      snprintf(k->drop_cred, sizeof k->drop_cred, "%.47s", t.src);
    /* "... | Password : " . $password: a login form's field, read where the taint does not reach (the
     * page that collects it includes this one) */
    for (size_t v = s; v < e && !k->drop_cred[0]; v++)
      if (c->st[v].kind == TK_VAR && c->st[v].len <= 40 &&
          any_ci(tok_text(c, &c->st[v]), c->st[v].len, cred_words, sizeof cred_words / sizeof cred_words[0]))
        snprintf(k->drop_cred, sizeof k->drop_cred, "%.*s", (int)c->st[v].len, tok_text(c, &c->st[v]));
  }
}

/* The single argument [a, b) is the script's own path: __FILE__. */
static int own_file(const lang_ctx *c, size_t a, size_t b) {
  return b == a + 1 && tok_is(c, &c->st[a], TK_IDENT, "__file__");
}

/* fopen(__FILE__, 'a'), $f = @fopen(__FILE__, 'w+'), file_put_contents(__FILE__, $x): the page opens its own
 * source to write it; fwrite($f, ...) of that handle writes it. */
static void note_self_write(lang_ctx *c, size_t i) {
  php_caps *k = c->pcaps;
  size_t close, s, e, ms, me;
  unsigned line = note_line(c, &c->st[i]);
  if (!first_arg(c, i, &close, &s, &e)) return;
  const token *t = &c->st[i];
  if ((tok_is(c, t, TK_IDENT, "fwrite") || tok_is(c, t, TK_IDENT, "fputs")) && k->self_fh[0]) {
    if (e == s + 1 && c->st[s].kind == TK_VAR && c->st[s].len == strlen(k->self_fh) &&
        memcmp(tok_text(c, &c->st[s]), k->self_fh, c->st[s].len) == 0 && lang_arg_span(c, i + 2, close, 2, &ms, &me) &&
        !(me == ms + 1 && c->st[ms].kind == TK_STR) && !k->self_write_line)
      k->self_write_line = line;
    return;
  }
  if (!own_file(c, s, e) || !lang_arg_span(c, i + 2, close, 2, &ms, &me)) return;
  if (tok_is(c, t, TK_IDENT, "file_put_contents")) {
    if (!(me == ms + 1 && c->st[ms].kind == TK_STR) && !k->self_line) k->self_line = k->self_write_line = line;
    return;
  }
  const token *m = &c->st[ms];
  if (me != ms + 1 || m->kind != TK_STR || !m->len || !strchr("awxc", tok_text(c, m)[0] | 0x20)) return;
  if (!k->self_line) k->self_line = line;
  size_t h = 0; /* $f = fopen(...) or $f = @fopen(...): the handle */
  if (c->nst > 2 && c->st[0].kind == TK_VAR && tok_is(c, &c->st[1], TK_OP, "=") && c->st[0].len < sizeof k->self_fh)
    h = 1;
  if (h) snprintf(k->self_fh, sizeof k->self_fh, "%.*s", (int)c->st[0].len, tok_text(c, &c->st[0]));
}

/* for ($i = 0; $i < 256; $i++): the counter of a loop over the hosts of a /24 network. */
static void note_sweep(lang_ctx *c, size_t i) {
  php_caps *k = c->pcaps;
  const token *n = &c->st[i + 2];
  int lt = tok_is(c, &c->st[i + 1], TK_OP, "<"), le = tok_is(c, &c->st[i + 1], TK_OP, "<=");
  if (!((lt && (n->num == 255 || n->num == 256)) || (le && (n->num == 254 || n->num == 255))) ||
      c->st[i].len >= sizeof k->sweep_var)
    return;
  k->sweep_line = note_line(c, &c->st[i]);
  snprintf(k->sweep_var, sizeof k->sweep_var, "%.*s", (int)c->st[i].len, tok_text(c, &c->st[i]));
}

/* [a, e) is request input with the loop counter appended last and no literal between: "http://" . $net . $i,
 * fsockopen($prefix . $i, 80): the address of the counter's host on a network the request chose. */
static int counter_host(lang_ctx *c, size_t a, size_t e, taint *t) {
  const php_caps *k = c->pcaps;
  if (!k->sweep_var[0] || e < a + 3) return 0;
  const token *v = &c->st[e - 1];
  if (v->kind != TK_VAR || v->len != strlen(k->sweep_var) || memcmp(tok_text(c, v), k->sweep_var, v->len) != 0 ||
      !tok_is(c, &c->st[e - 2], TK_OP, ".") || c->st[e - 3].kind == TK_STR)
    return 0;
  return lang_span_taint(c, a, e - 2, t) && !(t->flags & (TA_WEAK | TA_CALLED));
}

static void note_scan(lang_ctx *c, size_t a, size_t e, unsigned line) {
  php_caps *k = c->pcaps;
  taint t;
  if (k->scan_line || !counter_host(c, a, e, &t)) return;
  k->scan_line = line;
  snprintf(k->scan_src, sizeof k->scan_src, "%.47s", t.src);
}

/* The literal at i joined (.) to request input up to the end of its
 * argument: 'http://x/?h=' . $_SERVER['HTTP_HOST'], 'compress.zlib://' . $f. */
static int joined_input(lang_ctx *c, size_t i, taint *t) {
  if (i + 2 >= c->nst || !tok_is(c, &c->st[i + 1], TK_OP, ".")) return 0;
  size_t e = lang_arg_end(c, i + 2);
  return lang_span_taint(c, i + 2, e, t) && !(t->flags & TA_WEAK);
}

/* 'compress.zlib://' . $_GET['f']: a request-named file read through the wrapper. */
static void note_wrapper_read(lang_ctx *c, size_t i) {
  php_caps *k = c->pcaps;
  const token *t = &c->st[i];
  const char *s = tok_text(c, t);
  if (k->zlib_line || t->len < 16 || t->len > 64 ||
      !(strncasecmp(s, "compress.zlib://", 16) == 0 || (t->len >= 17 && strncasecmp(s, "compress.bzip2://", 17) == 0)))
    return;
  taint tt;
  if (!joined_input(c, i, &tt) || (tt.flags & TA_CALLED)) return;
  k->zlib_line = note_line(c, t);
  snprintf(k->zlib_src, sizeof k->zlib_src, "%.47s", tt.src);
  snprintf(k->zlib_wrapper, sizeof k->zlib_wrapper, "%s",
           s[9] == 'z' || s[9] == 'Z' ? "compress.zlib://" : "compress.bzip2://");
}

/* readfile($_GET['f']): the request names the whole path of a file read. */
static void note_read(lang_ctx *c, size_t i) {
  php_caps *k = c->pcaps;
  size_t close, s, e;
  taint t;
  if (!first_arg(c, i, &close, &s, &e) || !lang_span_taint(c, s, e, &t) ||
      (t.flags & (TA_WEAK | TA_CALLED | TA_BODY | TA_TMPNAME | TA_UPNAME)) || !(t.flags & TA_PURE))
    return;
  if (tok_is(c, &c->st[i], TK_IDENT, "fopen")) { /* for reading only: a write is an upload (analyze.c) */
    size_t ms, me;
    if (!lang_arg_span(c, i + 2, close, 2, &ms, &me) || me != ms + 1 || c->st[ms].kind != TK_STR ||
        tok_text(c, &c->st[ms])[0] != 'r' || memchr(tok_text(c, &c->st[ms]), '+', c->st[ms].len))
      return;
  }
  k->read_line = note_line(c, &c->st[i]);
  snprintf(k->read_src, sizeof k->read_src, "%.47s", t.src);
  snprintf(k->read_fn, sizeof k->read_fn, "%.23s", tok_text(c, &c->st[i]));
}

/* mysql_connect($_POST['host'], $_POST['user'], $_POST['pass']): the request
 * logs in to a database server of its choice. */
static void note_db_login(lang_ctx *c, size_t i) {
  size_t close = lang_match_close(c, i + 1);
  taint t;
  if (close >= c->nst || !lang_span_taint(c, i + 2, close, &t) || (t.flags & TA_CALLED)) return;
  if ((t.flags & TA_WEAK) == TA_PARAM && c->fn) { /* function dump($host, $user...): fed when called with input */
    c->wrappers[c->fn - 1].pcaps |= (uint16_t)(1u << PCAP_SQL);
    c->cap_wrappers = 1;
  } else if (!(t.flags & TA_WEAK)) {
    lang_php_caps_note(c, PCAP_SQL, 1, c->st[i].line, tok_text(c, &c->st[i]));
  }
}

/* The token at i is the member name w of an object: $o->w. */
static int member_at(const lang_ctx *c, size_t i, const char *w) {
  const token *t = &c->st[i];
  return i > 0 && tok_is(c, &c->st[i - 1], TK_OP, "->") && t->kind == TK_IDENT && t->len == strlen(w) &&
         strncasecmp(tok_text(c, t), w, t->len) == 0;
}

/* Request input in [a, b) (not a parameter: a mail library's send($to,
 * $subject...) is fed by its caller, not by the request). */
static int fed_span(lang_ctx *c, size_t a, size_t b) {
  taint t;
  return a < b && lang_span_taint(c, a, b, &t) && !(t.flags & (TA_CALLED | TA_WEAK));
}

/* A PHPMailer-style object fed by the request: $m->addAddress($to),
 * $m->Subject = $s, $m->msgHTML($b), $m->setFrom($f) (SwiftMailer-style:
 * setTo, setSubject, setBody, addPart).  Bits: 1 recipients, 2 subject,
 * 4 body, 8 sender. */
static void note_mailer_object(lang_ctx *c, size_t i) {
#define MEMBER(name, bit, call) {name, sizeof name - 1, bit, call}
  static const struct {
    const char *name;
    unsigned len, bit, call;
  } members[] = {MEMBER("addaddress", 1, 1), MEMBER("addbcc", 1, 1),     MEMBER("addcc", 1, 1),
                 MEMBER("subject", 2, 0),    MEMBER("body", 4, 0),       MEMBER("msghtml", 4, 1),
                 MEMBER("altbody", 4, 0),    MEMBER("setfrom", 8, 1),    MEMBER("from", 8, 0),
                 MEMBER("fromname", 8, 0),   MEMBER("setto", 1, 1),      MEMBER("setsubject", 2, 1),
                 MEMBER("setbody", 4, 1),    MEMBER("addpart", 4, 1)};
#undef MEMBER
  const char first = (char)(tok_text(c, &c->st[i])[0] | 0x20);
  for (size_t m = 0; m < sizeof members / sizeof members[0]; m++) {
    if (members[m].len != c->st[i].len || members[m].name[0] != first || !member_at(c, i, members[m].name)) continue;
    if (members[m].call) c->mail_file = 1; /* a mailer object's method: php_mailer.c reads statements from here on */
    size_t b;
    if (i + 1 >= c->nst || !tok_is(c, &c->st[i + 1], TK_OP, members[m].call ? "(" : "=")) return;
    b = members[m].call ? lang_match_close(c, i + 1) : c->nst;
    if (b <= c->nst && fed_span(c, i + 2, b)) {
      c->pcaps->mailer_fed |= members[m].bit;
      if (!c->pcaps->mailer_line) c->pcaps->mailer_line = note_line(c, &c->st[i]);
    }
    return;
  }
}

/* file_put_contents("$dir/index.php", $_POST['c']): request content written
 * to a folder's index page (a mass defacer, when the file walks folders). */
static void note_index_write(lang_ctx *c, size_t i) {
  static const char *const pages[] = {"index.php", "index.html", "index.htm"};
  php_caps *k = c->pcaps;
  size_t close, s, e, cs, ce;
  if (k->index_line || !first_arg(c, i, &close, &s, &e) || !lang_arg_span(c, i + 2, close, 2, &cs, &ce))
    return;
  const token *last = &c->st[e - 1];
  if (last->kind != TK_STR || last->len < 9) return;
  const char *end = tok_text(c, last) + last->len;
  int index = 0;
  for (size_t p = 0; p < sizeof pages / sizeof pages[0] && !index; p++) {
    size_t n = strlen(pages[p]);
    index = last->len >= n && strncasecmp(end - n, pages[p], n) == 0;
  }
  if (index && fed_span(c, cs, ce)) k->index_line = note_line(c, &c->st[i]);
}

/* Where in buf (as a line number) a crawler is named ('Googlebot'), or a
 * search engine in a pattern ('google|bing', "baidu"): 0 if nowhere.  Read
 * only for the rare file that already fetches a URL carrying its request's
 * host, so the whole text is searched. */
static unsigned names_engine(const unsigned char *buf, size_t len) {
  for (size_t i = 0; i + 4 <= len; i++) {
    unsigned char ch = buf[i] | 0x20;
    if (ch != 'g' && ch != 'b' && ch != 'y' && ch != 's' && ch != '3' && ch != 'm') continue;
    int hit = 0;
    for (size_t k = 0; k < sizeof crawlers / sizeof crawlers[0] && !hit; k++) {
      size_t n = strlen(crawlers[k]);
      hit = i + n <= len && strncasecmp((const char *)buf + i, crawlers[k], n) == 0;
    }
    for (size_t k = 0; k < sizeof engines / sizeof engines[0] && !hit; k++) {
      size_t n = strlen(engines[k]);
      if (i + n >= len || strncasecmp((const char *)buf + i, engines[k], n) != 0) continue;
      unsigned char before = i ? buf[i - 1] : ' ', after = buf[i + n];
      hit = (before == '|' || before == '\'' || before == '"' || before == '(') &&
            (after == '|' || after == '\'' || after == '"' || after == ')');
    }
    if (hit) {
      unsigned line = 1;
      for (size_t j = 0; j < i; j++) line += buf[j] == '\n';
      return line;
    }
  }
  return 0;
}

/* The calls read here, by what is done at them: a table, matched on the
 * length first (most identifiers are rejected there). */
enum { AT_MAIL = 1, AT_INDEX = 2, AT_DB = 4, AT_READ = 8, AT_WRITABLE = 16, AT_FETCH = 32, AT_SELF = 64, AT_SOCK = 128,
       AT_ZIP = 256, AT_CHDIR = 512, AT_PROBE = 1024, AT_GATE = 2048, AT_CB = 4096, AT_DUMP = 8192, AT_HWRITE = 16384,
       AT_HCMD = 32768, AT_LINK = 65536 };
#define CALL(name, at) {name, sizeof name - 1, at}
static const struct {
  const char *name;
  unsigned len, at;
} calls[] = {CALL("mail", AT_MAIL),
             CALL("file_put_contents", AT_INDEX | AT_SELF | AT_HWRITE),
             CALL("mysql_connect", AT_DB),
             CALL("mysqli_connect", AT_DB),
             CALL("pg_connect", AT_DB),
             CALL("mssql_connect", AT_DB),
             CALL("mysqli", AT_DB),
             CALL("pdo", AT_DB),
             CALL("readfile", AT_READ),
             CALL("file_get_contents", AT_READ | AT_FETCH),
             CALL("highlight_file", AT_READ),
             CALL("show_source", AT_READ),
             CALL("file", AT_READ),
             CALL("fopen", AT_READ | AT_FETCH | AT_SELF | AT_HWRITE),
             CALL("fwrite", AT_SELF | AT_HWRITE),
             CALL("fputs", AT_SELF | AT_HWRITE),
             CALL("error_log", AT_HWRITE),
             CALL("serialize", AT_DUMP),
             CALL("json_encode", AT_DUMP),
             CALL("var_export", AT_DUMP),
             CALL("print_r", AT_DUMP),
             CALL("exec", AT_HCMD),
             CALL("system", AT_HCMD),
             CALL("shell_exec", AT_HCMD),
             CALL("passthru", AT_HCMD),
             CALL("popen", AT_HCMD),
             CALL("proc_open", AT_HCMD),
             CALL("symlink", AT_LINK),
             CALL("is_writable", AT_WRITABLE),
             CALL("is_writeable", AT_WRITABLE),
             CALL("curl_exec", AT_FETCH),
             CALL("fsockopen", AT_FETCH | AT_SOCK),
             CALL("ziparchive", AT_ZIP),
             CALL("chdir", AT_CHDIR),
             CALL("is_dir", AT_PROBE),
             CALL("file_exists", AT_PROBE),
             CALL("disk_total_space", AT_PROBE),
             CALL("disk_free_space", AT_PROBE),
             CALL("md5", AT_GATE),
             CALL("sha1", AT_GATE),
             CALL("array_map", AT_CB),
             CALL("call_user_func", AT_CB),
             CALL("call_user_func_array", AT_CB)};
#undef CALL

/* chdir($_GET['d']): the request moves the script to a folder (listing '.' or getcwd() then lists it);
 * is_dir($l . ':'), is_dir("$l:\\"): a drive letter probed. */
static void note_dir_call(lang_ctx *c, size_t i, unsigned at) {
  php_caps *k = c->pcaps;
  size_t close, s, e;
  unsigned line = note_line(c, &c->st[i]);
  if (!first_arg(c, i, &close, &s, &e)) return;
  if (at & AT_CHDIR) {
    if (!k->chdir_line && fed_span(c, s, e)) k->chdir_line = line;
    return;
  }
  if (k->drive_line) return;
  const token *last = &c->st[e - 1];
  const char *v = tok_text(c, last);
  if (e == s + 3 && c->st[s].kind == TK_VAR && tok_is(c, &c->st[s + 1], TK_OP, ".") && last->kind == TK_STR &&
      last->len >= 1 && last->len <= 2 && v[0] == ':' && (last->len == 1 || v[1] == '/' || v[1] == '\\'))
    k->drive_line = line;
  else if (e == s + 1 && last->kind == TK_STR && (last->flags & TF_INTERP) && last->len >= 3 && last->len <= 24 &&
           v[0] == '$') { /* "$l:", "$drive:/" */
    size_t p = 1;
    while (p < last->len && lang_lex_ident_char((unsigned char)v[p])) p++;
    if (p > 1 && p < last->len && v[p] == ':' &&
        (p + 1 == last->len || (p + 2 == last->len && (v[p + 1] == '/' || v[p + 1] == '\\'))))
      k->drive_line = line;
  }
}

/* $_SERVER keys that name this site or page. */
static const char *const site_keys[] = {"SERVER_NAME", "HTTP_HOST", "PHP_SELF", "REQUEST_URI", "SCRIPT_NAME"};

static int site_key(const lang_ctx *c, const token *t) {
  if (t->kind != TK_STR || t->len < 8 || t->len > 11) return 0;
  for (size_t k = 0; k < sizeof site_keys / sizeof site_keys[0]; k++)
    if (t->len == strlen(site_keys[k]) && memcmp(tok_text(c, t), site_keys[k], t->len) == 0) return 1;
  return 0;
}

/* [a, e) carries this site's name or path: a $_SERVER key above, or the variable assigned one. */
static int site_span(const lang_ctx *c, size_t a, size_t e) {
  const php_caps *k = c->pcaps;
  for (size_t i = a; i < e; i++) {
    const token *t = &c->st[i];
    if (site_key(c, t)) return 1;
    if (t->kind == TK_VAR && k->site_var[0] && t->len == strlen(k->site_var) &&
        memcmp(tok_text(c, t), k->site_var, t->len) == 0)
      return 1;
  }
  return 0;
}

/* 'http://203.0.113.9/x?h=' . $host: a URL whose host is a public IPv4 address written as digits. */
static int raw_ip_url(const char *s, size_t n) {
  size_t p = strncasecmp(s, "http://", 7) == 0 ? 7 : strncasecmp(s, "https://", 8) == 0 ? 8 : 0;
  if (!p) return 0;
  unsigned oct[4], o = 0;
  for (; o < 4; o++) {
    unsigned v = 0, d = 0;
    while (p < n && s[p] >= '0' && s[p] <= '9' && d < 4) v = v * 10 + (unsigned)(s[p++] - '0'), d++;
    if (!d || v > 255) return 0;
    oct[o] = v;
    if (o < 3 && (p >= n || s[p++] != '.')) return 0;
  }
  if (p < n && s[p] != '/' && s[p] != ':' && s[p] != '?') return 0;
  /* not loopback, private, link-local or unspecified: an application's own services live there */
  if (oct[0] == 0 || oct[0] == 10 || oct[0] == 127 || (oct[0] == 169 && oct[1] == 254) ||
      (oct[0] == 172 && oct[1] >= 16 && oct[1] <= 31) || (oct[0] == 192 && oct[1] == 168))
    return 0;
  return 1;
}

/* A literal of n hex digits. */
static int hex_literal(const lang_ctx *c, size_t i, unsigned n) {
  if (i >= c->nst || c->st[i].kind != TK_STR || c->st[i].len != n) return 0;
  const char *s = tok_text(c, &c->st[i]);
  for (unsigned k = 0; k < n; k++)
    if (!((s[k] >= '0' && s[k] <= '9') || ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'f'))) return 0;
  return 1;
}

static int eq_op(const lang_ctx *c, size_t i) {
  return i < c->nst && (tok_is(c, &c->st[i], TK_OP, "==") || tok_is(c, &c->st[i], TK_OP, "==="));
}

/* st[f] is the literal naming a callback, called at st[call] (the callback itself when call_user_func('f', x)
 * was folded to 'f'(x)) with request input in [a, b): noted when PHP does not know the name. */
static void note_callback(lang_ctx *c, size_t call, size_t f, size_t a, size_t b) {
  php_caps *k = c->pcaps;
  const token *t = &c->st[f];
  if (k->cb_line || t->kind != TK_STR || (t->flags & TF_INTERP) || t->len < 3 || t->len >= sizeof k->cb_name ||
      !lang_lex_ident_start((unsigned char)tok_text(c, t)[0]) || lang_names_lookup(tok_text(c, t), t->len, SYN_PHP) ||
      !fed_span(c, a, b))
    return;
  k->cb_line = note_line(c, &c->st[call]);
  snprintf(k->cb_fn, sizeof k->cb_fn, "%.*s", (int)(call == f ? 14 : c->st[call].len),
           call == f ? "call_user_func" : tok_text(c, &c->st[call]));
  snprintf(k->cb_name, sizeof k->cb_name, "%.*s", (int)t->len, tok_text(c, t));
}

/* md5($_GET['p']) == '5f4d...': the request's password checked against a hash in the file (either side);
 * array_map('name', $_REQUEST['x']), call_user_func('name', $_POST['a']): request input through a callback
 * named by a literal. */
static void note_gate(lang_ctx *c, size_t i, unsigned at) {
  php_caps *k = c->pcaps;
  size_t close, s, e;
  unsigned line = note_line(c, &c->st[i]);
  if (!first_arg(c, i, &close, &s, &e)) return;
  if (at & AT_GATE) {
    unsigned n = c->st[i].len == 3 ? 32 : 40;
    if (!k->gate_line && ((eq_op(c, close + 1) && hex_literal(c, close + 2, n)) ||
                          (i >= 2 && eq_op(c, i - 1) && hex_literal(c, i - 2, n))) && fed_span(c, s, e))
      k->gate_line = line;
    return;
  }
  if (e == s + 1) note_callback(c, i, s, e, close);
}

/* The file defines function name (case-insensitive, as PHP's names are). */
static int defines_function(const unsigned char *buf, size_t len, const char *name) {
  size_t n = strlen(name);
  for (const unsigned char *p = buf; (p = memmem(p, (size_t)(buf + len - p), "function", 8)) != NULL; p += 8) {
    const unsigned char *q = p + 8;
    while (q < buf + len && (*q == ' ' || *q == '\t' || *q == '&')) q++;
    if ((size_t)(buf + len - q) > n && strncasecmp((const char *)q, name, n) == 0 && !lang_lex_ident_char(q[n])) return 1;
  }
  return 0;
}

/* Per name length, the first letters of the names above of that length (bit letter - 'a'): most
 * identifiers are rejected on these two alone. */
static uint32_t call_letters[21];
static pthread_once_t call_once = PTHREAD_ONCE_INIT;

static void call_letters_build(void) {
  for (size_t k = 0; k < sizeof calls / sizeof calls[0]; k++)
    call_letters[calls[k].len] |= 1u << (calls[k].name[0] - 'a');
}

static unsigned call_kind(const lang_ctx *c, const token *t) {
  const char *s = tok_text(c, t);
  unsigned first = (unsigned)(unsigned char)s[0] - 'a';
  if (t->len < 3 || t->len > 20 || first >= 26) return 0;
  pthread_once(&call_once, call_letters_build);
  if (!(call_letters[t->len] >> first & 1u)) return 0;
  for (size_t k = 0; k < sizeof calls / sizeof calls[0]; k++)
    if (calls[k].len == t->len && s[0] == calls[k].name[0] && memcmp(s, calls[k].name, t->len) == 0)
      return calls[k].at;
  return 0;
}

/* ---- request harvesters ---------------------------------------------------- */

/* [s, e) is a whole request array, not one of its fields: $_POST, $_REQUEST, $_COOKIE. */
static int whole_request(const lang_ctx *c, size_t s, size_t e) {
  static const char *const arrays[] = {"$_post", "$_request", "$_cookie"};
  if (e != s + 1 || c->st[s].kind != TK_VAR) return 0;
  for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++)
    if (c->st[s].len == strlen(arrays[k]) && strncasecmp(tok_text(c, &c->st[s]), arrays[k], c->st[s].len) == 0)
      return 1;
  return 0;
}

/* A literal path that ends in a picture's extension: where a harvester hides what it collects. */
static int image_name(const lang_ctx *c, const token *t) {
  static const char *const exts[] = {".jpg", ".jpeg", ".png", ".gif", ".ico", ".bmp", ".webp", ".svg"};
  if (t->kind != TK_STR || t->len < 5 || t->len > 512) return 0;
  const char *end = tok_text(c, t) + t->len;
  for (size_t k = 0; k < sizeof exts / sizeof exts[0]; k++) {
    size_t n = strlen(exts[k]);
    if (t->len > n && strncasecmp(end - n, exts[k], n) == 0) return 1;
  }
  return 0;
}

/* The statement's variable token st[i] is v. */
static int var_is(const lang_ctx *c, size_t i, const char *v) {
  return v[0] && c->st[i].kind == TK_VAR && c->st[i].len == strlen(v) && memcmp(tok_text(c, &c->st[i]), v, c->st[i].len) == 0;
}

/* A literal of the statement names a program or URL that sends data away: curl, wget, http(s)://. */
static int sends_away(const lang_ctx *c) {
  for (size_t i = 0; i < c->nst; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_STR || t->len < 4 || t->len > 4096) continue;
    const char *s = tok_text(c, t);
    if (contains_ci(s, t->len, "curl ") || contains_ci(s, t->len, "wget ") || contains_ci(s, t->len, "http://") ||
        contains_ci(s, t->len, "https://"))
      return 1;
  }
  return 0;
}

/* serialize($_POST) (or json_encode, var_export, print_r; of $_REQUEST or $_COOKIE), in this statement or
 * through the variable it was put in, written to an image-named file or sent away by a command: a request
 * harvester (Magecart-style server-side skimmers keep every login and card form a shop receives). */
static void note_harvest(lang_ctx *c, size_t dump, size_t write, size_t cmd) {
  php_caps *k = c->pcaps;
  int uses = 0;
  if (!dump)
    for (size_t i = 0; i < c->nst && !uses; i++) uses = var_is(c, i, k->harvest_var);
  if (!dump && !uses) return;
  size_t at = cmd && sends_away(c) ? cmd : write;
  if (at) {
    const token *t = &c->st[at - 1];
    k->harvest_line = note_line(c, t);
    k->harvest_cmd = at == cmd;
    snprintf(k->harvest_sink, sizeof k->harvest_sink, "%.*s", (int)(t->len < 19 ? t->len : 19), tok_text(c, t));
    return;
  }
  if (dump && c->nst > 2 && c->st[0].kind == TK_VAR && c->st[0].len < sizeof k->harvest_var &&
      (tok_is(c, &c->st[1], TK_OP, "=") || tok_is(c, &c->st[1], TK_OP, ".=")))
    snprintf(k->harvest_var, sizeof k->harvest_var, "%.*s", (int)c->st[0].len, tok_text(c, &c->st[0]));
}

/* At a call the harvester reads: a whole request array serialised (returns 1, its name in harvest_src), a write
 * whose literal path is an image's or a write to a handle opened on one (2), fopen() of such a path into a
 * variable (its handle noted). */
static int harvest_call(lang_ctx *c, size_t i, unsigned at) {
  php_caps *k = c->pcaps;
  size_t close, s, e;
  if (!first_arg(c, i, &close, &s, &e)) return 0;
  if (at & AT_DUMP) {
    if (!whole_request(c, s, e)) return 0;
    if (!k->harvest_src[0]) snprintf(k->harvest_src, sizeof k->harvest_src, "%.*s", (int)c->st[s].len, tok_text(c, &c->st[s]));
    snprintf(k->harvest_fn, sizeof k->harvest_fn, "%.*s", (int)(c->st[i].len < 15 ? c->st[i].len : 15), tok_text(c, &c->st[i]));
    return 1;
  }
  if (tok_is(c, &c->st[i], TK_IDENT, "fopen")) {
    if (image_name(c, &c->st[e - 1]) && i >= 2 && c->st[0].kind == TK_VAR && tok_is(c, &c->st[1], TK_OP, "=") &&
        c->st[0].len < sizeof k->img_fh)
      snprintf(k->img_fh, sizeof k->img_fh, "%.*s", (int)c->st[0].len, tok_text(c, &c->st[0]));
    return 0;
  }
  if (tok_is(c, &c->st[i], TK_IDENT, "fwrite") || tok_is(c, &c->st[i], TK_IDENT, "fputs"))
    return e == s + 1 && var_is(c, s, k->img_fh) ? 2 : 0;
  for (size_t v = i + 2; v < close; v++) /* file_put_contents('x.jpg', ...), error_log($m, 3, 'x.png') */
    if (image_name(c, &c->st[v])) return 2;
  return 0;
}

/* "ln -s / x", "ln -sf  / x": a command that links the file system's root (the word after ln's options is '/'). */
static int links_root(const char *s, size_t n) {
  for (size_t i = 0; i + 3 < n; i++) {
    if (s[i] != 'l' || s[i + 1] != 'n' || s[i + 2] != ' ' || (i > 0 && s[i - 1] != ' ' && s[i - 1] != ';' &&
                                                              s[i - 1] != '&' && s[i - 1] != '|' && s[i - 1] != '/'))
      continue;
    size_t p = i + 3;
    int linked = 0; /* a symbolic link: -s, -sf, -fs, --symbolic */
    for (;;) {
      while (p < n && s[p] == ' ') p++;
      if (p >= n || s[p] != '-') break;
      size_t w = p;
      while (p < n && s[p] != ' ') p++;
      if (p - w >= 2 && s[w + 1] != '-' && memchr(s + w, 's', p - w)) linked = 1;
      if (p - w == 10 && memcmp(s + w, "--symbolic", 10) == 0) linked = 1;
    }
    if (linked && p + 1 < n && s[p] == '/' && s[p + 1] == ' ') return 1;
  }
  return 0;
}

/* "touch -r ref x", "touch -a -m -t 201501011200 x", "touch --date=... x": a command that gives a file another
 * file's times or a chosen one (the word touch, then an option -r, -d, -t, --reference or --date). */
static int stomps(const char *s, size_t n) {
  for (size_t i = 0; i + 8 < n; i++) {
    if (s[i] != 't' || memcmp(s + i, "touch ", 6) != 0 ||
        (i > 0 && s[i - 1] != ' ' && s[i - 1] != ';' && s[i - 1] != '&' && s[i - 1] != '|' && s[i - 1] != '/'))
      continue;
    for (size_t p = i + 6;;) {
      while (p < n && s[p] == ' ') p++;
      if (p + 1 >= n || s[p] != '-') break;
      size_t w = p;
      while (p < n && s[p] != ' ' && s[p] != '=') p++;
      if (s[w + 1] == '-' ? (p - w == 11 && memcmp(s + w, "--reference", 11) == 0) || (p - w == 6 && memcmp(s + w, "--date", 6) == 0)
                          : memchr(s + w + 1, 'r', p - w - 1) || memchr(s + w + 1, 'd', p - w - 1) || memchr(s + w + 1, 't', p - w - 1))
        return 1;
      while (p < n && s[p] != ' ') p++; /* --date=...: its value */
    }
  }
  return 0;
}

static void note_stomp(lang_ctx *c, size_t i) {
  php_caps *k = c->pcaps;
  size_t close, s, e;
  if (k->stomp_line || !first_arg(c, i, &close, &s, &e)) return;
  for (size_t v = s; v < e; v++)
    if (c->st[v].kind == TK_STR && c->st[v].len >= 9 && c->st[v].len <= 4096 && stomps(tok_text(c, &c->st[v]), c->st[v].len)) {
      k->stomp_line = note_line(c, &c->st[i]);
      snprintf(k->stomp_fn, sizeof k->stomp_fn, "%.*s", (int)(c->st[i].len < 19 ? c->st[i].len : 19), tok_text(c, &c->st[i]));
      return;
    }
}

/* symlink('/', 'x.txt') or system('ln -s / x.txt'): the server's root folder linked (into the web folder, where
 * it is read through the web server: every site's files and configuration). */
static void note_rootlink(lang_ctx *c, size_t i) {
  php_caps *k = c->pcaps;
  size_t close, s, e;
  if (k->rootlink_line || !first_arg(c, i, &close, &s, &e)) return;
  int linkfn = tok_is(c, &c->st[i], TK_IDENT, "symlink"), hit = 0;
  if (linkfn) /* the target, whole: '/' */
    hit = e == s + 1 && c->st[s].kind == TK_STR && c->st[s].len == 1 && tok_text(c, &c->st[s])[0] == '/';
  else /* a literal of the command line: 'cd ' . $d . ' && ln -s / x' */
    for (size_t v = s; v < e && !hit; v++)
      hit = c->st[v].kind == TK_STR && c->st[v].len >= 7 && c->st[v].len <= 4096 &&
            links_root(tok_text(c, &c->st[v]), c->st[v].len);
  if (!hit) return;
  k->rootlink_line = note_line(c, &c->st[i]);
  snprintf(k->rootlink_fn, sizeof k->rootlink_fn, "%.*s", (int)(c->st[i].len < 19 ? c->st[i].len : 19), tok_text(c, &c->st[i]));
}

void lang_php_tools_statement(lang_ctx *c) {
  php_caps *k = c->pcaps;
  if (!k) return;
  size_t dump = 0, write = 0, cmd = 0; /* a request harvester's parts in this statement (+1) */
  for (size_t i = 0; i < c->nst; i++) {
    /* operators and variables (most tokens) have nothing here: skipped in a tight loop */
    const unsigned wanted = 1u << TK_IDENT | 1u << TK_STR | 1u << TK_NUM;
    for (const token *st = c->st, *end = st + c->nst; st + i < end && !(wanted >> st[i].kind & 1u);) i++;
    if (i >= c->nst) break;
    const token *t = &c->st[i];
    unsigned line = note_line(c, t);
    /* a literal callee: $f = 'mail'; $f(...) and call_user_func('mail', ...) fold to 'mail'(...) */
    int named = t->kind == TK_STR && !(t->flags & TF_INTERP) && i + 1 < c->nst && tok_is(c, &c->st[i + 1], TK_OP, "(");
    if (t->kind == TK_IDENT || named) {
      if (i > 0 && tok_is(c, &c->st[i - 1], TK_OP, "->")) {
        if (t->len >= 4 && t->len <= 10) note_mailer_object(c, i);
        continue;
      }
      if (i + 1 >= c->nst || !tok_is(c, &c->st[i + 1], TK_OP, "(")) continue;
      unsigned at = call_kind(c, t);
      if ((at & (AT_HCMD | AT_LINK)) && t->kind == TK_IDENT && !k->rootlink_line) note_rootlink(c, i);
      if ((at & AT_HCMD) && t->kind == TK_IDENT && !k->stomp_line) note_stomp(c, i);
      if ((at & (AT_DUMP | AT_HWRITE | AT_HCMD)) && !k->harvest_line && t->kind == TK_IDENT) {
        if (at & AT_HCMD) cmd = cmd ? cmd : i + 1;
        else {
          int h = harvest_call(c, i, at);
          if (h == 1 && !dump) dump = i + 1;
          if (h == 2 && !write) write = i + 1;
        }
      }
      at &= ~(unsigned)(AT_DUMP | AT_HCMD | AT_HWRITE | AT_LINK); /* the other notes read as before */
      if (!at && named && k->gate_line && !k->cb_line) { /* call_user_func('f', $x), folded: 'f'($x) */
        size_t close = lang_match_close(c, i + 1);
        if (close < c->nst) note_callback(c, i, i, i + 2, close);
      }
      if (!at) continue;
      if (at & AT_MAIL) note_mail(c, i);
      if (at & AT_INDEX) note_index_write(c, i);
      if (at & AT_DB) note_db_login(c, i);
      if ((at & AT_READ) && !k->read_line) note_read(c, i);
      if ((at & AT_WRITABLE) && !k->writable_line) k->writable_line = line;
      if ((at & AT_FETCH) && !k->fetch_line) {
        k->fetch_line = line;
        snprintf(k->fetch_fn, sizeof k->fetch_fn, "%.*s", (int)(t->len < sizeof k->fetch_fn ? t->len : sizeof k->fetch_fn - 1),
                 tok_text(c, t));
      }
      if (at & AT_SELF) note_self_write(c, i);
      if ((at & AT_SOCK) && k->sweep_var[0]) {
        size_t close, s, e;
        if (first_arg(c, i, &close, &s, &e)) note_scan(c, s, e, line);
      }
      if (at & (AT_CHDIR | AT_PROBE)) note_dir_call(c, i, at);
      if (at & (AT_GATE | AT_CB)) note_gate(c, i, at);
      if ((at & AT_ZIP) && !k->zip_line) k->zip_line = line, k->zip_lib = 1; /* ZipArchive::open() writes it */
    } else if (t->kind == TK_NUM) {
      if (t->num >= 254 && t->num <= 256 && i >= 2 && c->st[i - 2].kind == TK_VAR) note_sweep(c, i - 2);
    } else if (t->kind == TK_STR) {
      const char *s = tok_text(c, t);
      if (s[0] == 'c' || s[0] == 'C') note_wrapper_read(c, i);
      if ((s[0] | 0x20) == 'i' && t->len >= 6 && strncasecmp(s, "iis://", 6) == 0)
        c->iis_page = 1; /* new COM('IIS://localhost/W3SVC'): the metabase, from here on (iis_adsi.c) */
      if (s[0] == 'P' && t->len >= 4 && s[1] == 'K' && ((s[2] == 3 && s[3] == 4) || (s[2] == 1 && s[3] == 2)) &&
          !k->zip_line)
        k->zip_line = line; /* a local file header or central directory record */
      if ((s[0] | 0x20) == 'h' && t->len >= 7) {
        int url = strncasecmp(s, "http://", 7) == 0 || (t->len >= 8 && strncasecmp(s, "https://", 8) == 0);
        int joined = url && i + 2 < c->nst && tok_is(c, &c->st[i + 1], TK_OP, ".");
        taint tt; /* a remote URL that carries this request's host or path: the page to serve is asked for */
        if (!k->url_line && t->len > 10 && joined && joined_input(c, i, &tt)) k->url_line = line;
        if (!k->rawip_line && t->len > 14 && joined && raw_ip_url(s, t->len) &&
            site_span(c, i + 2, lang_arg_end(c, i + 2))) { /* ... at a raw IP address, this site's name or path */
          k->rawip_line = line;
          snprintf(k->rawip_url, sizeof k->rawip_url, "%.*s", (int)(t->len > 47 ? 47 : t->len), s);
        }
        if (k->sweep_var[0] && t->len <= 8 && joined) note_scan(c, i + 2, lang_arg_end(c, i + 2), line);
      }
      if (t->len >= 8 && t->len <= 11 && !k->site_var[0] && c->nst > 2 && c->st[0].kind == TK_VAR &&
          c->st[0].len < sizeof k->site_var && tok_is(c, &c->st[1], TK_OP, "=") && site_key(c, t))
        snprintf(k->site_var, sizeof k->site_var, "%.*s", (int)c->st[0].len, tok_text(c, &c->st[0]));
      if ((t->len == 15 && strcmp(s, "HTTP_USER_AGENT") == 0) || (t->len == 12 && strcmp(s, "HTTP_REFERER") == 0))
        k->ua_line = line;
    }
  }
  if (!k->harvest_line && (dump || (k->harvest_var[0] && (write || cmd)))) note_harvest(c, dump, write, cmd);
}

void lang_php_tools_judge(lang_ctx *c, const unsigned char *buf, size_t len) {
  php_caps *k = c->pcaps;
  if (!k) return;
  int located = 0;
  for (size_t i = 0; i < sizeof location_keys / sizeof location_keys[0] && k->drop_line && !located; i++)
    located = memmem(buf, len, location_keys[i], strlen(location_keys[i])) != NULL;
  if (k->drop_line && !k->drop_cred[0] &&
      any_ci((const char *)buf, len, card_fields, sizeof card_fields / sizeof card_fields[0]))
    lang_add_detection(c, "shellsift.lang.mail-exfil", "webshell", 55, k->drop_line,
                       "card skimmer: it reads the order's payment-card fields, and mail() sends to %s, an address at "
                       "a free mail provider written into the file (line %u; MITRE ATT&CK T1056.003, T1048.003)",
                       k->drop_to, k->drop_line);
  else if (k->drop_line && k->drop_cred[0])
    lang_add_detection(c, "shellsift.lang.mail-exfil", "webshell", 55, k->drop_line,
                       "credential drop: mail() sends what the visitor enters (%s) to %s, an address at a free mail "
                       "provider written into the file (line %u; MITRE ATT&CK T1056.003, T1048.003)",
                       k->drop_cred, k->drop_to, k->drop_line);
  else if (k->drop_line && located)
    lang_add_detection(c, "shellsift.lang.mail-exfil", "webshell", 50, k->drop_line,
                       "install beacon: mail() sends where it sits on the server ($_SERVER paths) to %s, an address "
                       "at a free mail provider written into the file (line %u; MITRE ATT&CK T1048.003)",
                       k->drop_to, k->drop_line);
  if (k->zlib_line)
    lang_add_detection(c, "shellsift.lang.file-read", "hacktool", 55, k->zlib_line,
                       "file reader: request input %s chooses the file read through the %s wrapper, a known way round "
                       "safe_mode and open_basedir (line %u; MITRE ATT&CK T1005)",
                       k->zlib_src, k->zlib_wrapper, k->zlib_line);
  int changes = ((k->present & ((1u << PCAP_WRITE) | (1u << PCAP_DELETE))) != 0);
  if (k->writable_line && (k->fed >> PCAP_LIST & 1u) && !changes)
    lang_add_detection(c, "shellsift.lang.folder-scanner", "hacktool", 45, k->line[PCAP_LIST],
                       "writable-folder scanner: request input chooses the folder %s() walks (line %u) and it tests "
                       "each entry with is_writable() (line %u): where a shell can be dropped (MITRE ATT&CK T1083)",
                       k->fn[PCAP_LIST], k->line[PCAP_LIST], k->writable_line);
  if ((k->mailer_fed & 15u) == 15u && !(k->fed >> PCAP_MAIL & 1u))
    lang_add_detection(c, "shellsift.lang.mailer", "webshell", 45, k->mailer_line,
                       "mailer: the request chooses the recipients, sender, subject and body of the mail a mailer "
                       "object sends (line %u)",
                       k->mailer_line);
  if (k->index_line && (k->present >> PCAP_LIST & 1u))
    lang_add_detection(c, "shellsift.lang.mass-defacer", "hacktool", 60, k->index_line,
                       "mass defacer: it walks folders with %s() (line %u) and writes request input into their index "
                       "pages (line %u; MITRE ATT&CK T1491.001)",
                       k->fn[PCAP_LIST], k->line[PCAP_LIST], k->index_line);
  int lists_fed = (k->fed >> PCAP_LIST & 1u) != 0;
  int sql_fed = (k->fed >> PCAP_SQL & 1u) != 0;
  if (k->read_line && (lists_fed || sql_fed) &&
      !(lists_fed && (k->fed >> PCAP_WRITE & 1u) && (k->present >> PCAP_DELETE & 1u) &&
        (k->present >> PCAP_UPLOAD & 1u)))
    lang_add_detection(c, "shellsift.lang.file-manager", "webshell", 50, k->read_line,
                       "file manager: request input %s is the whole path of the file %s() reads (line %u), and the "
                       "request also %s (MITRE ATT&CK T1005, T1083)",
                       k->read_src, k->read_fn, k->read_line,
                       sql_fed ? "chooses the SQL it runs or the database server it logs in to"
                               : "chooses the folders it lists");
  else if (k->read_line && __builtin_popcount(k->runners) >= 4) /* a kit's command helper (php_caps.c) */
    lang_add_detection(c, "shellsift.lang.file-manager", "webshell", 50, k->read_line,
                       "file reader with a command helper: request input %s is the whole path of the file %s() reads "
                       "(line %u), and the file runs commands with whichever of %d command functions works, as kits "
                       "get round disable_functions (%s(), line %u; MITRE ATT&CK T1005, T1059)",
                       k->read_src, k->read_fn, k->read_line, __builtin_popcount(k->runners), k->fn[PCAP_CMD],
                       k->line[PCAP_CMD]);
  if (k->self_line && k->self_write_line && k->request)
    lang_add_detection(c, "shellsift.lang.self-modify", "webshell", 45, k->self_write_line,
                       "self-modifying script: it reads the request, opens its own source (__FILE__) for writing "
                       "(line %u) and writes into it (line %u): what is written is served, or run, by the next "
                       "request (MITRE ATT&CK T1505.003)",
                       k->self_line, k->self_write_line);
  if (k->scan_line && k->fetch_line)
    lang_add_detection(c, "shellsift.lang.network-scanner", "hacktool", 50, k->scan_line,
                       "network scanner: request input %s chooses a network, and a loop over its 256 addresses "
                       "(line %u) builds each host's address (line %u) to fetch or connect to (MITRE ATT&CK T1046)",
                       k->scan_src, k->sweep_line, k->scan_line);
  if (k->zip_line && k->zip_lib && (k->fed >> PCAP_LIST & 1u) && !(k->present >> PCAP_WRITE & 1u))
    lang_add_detection(c, "shellsift.lang.site-packer", "hacktool", 45, k->line[PCAP_LIST],
                       "site packer: request input chooses the folders %s() walks (line %u), and it packs files into "
                       "a ZIP archive it writes with ZipArchive (line %u): the site's files taken away in one download "
                       "(MITRE ATT&CK T1560.002, T1005)",
                       k->fn[PCAP_LIST], k->line[PCAP_LIST], k->zip_line);
  else if (k->zip_line && (k->fed >> PCAP_LIST & 1u) && (k->present >> PCAP_WRITE & 1u))
    lang_add_detection(c, "shellsift.lang.site-packer", "hacktool", 45, k->line[PCAP_LIST],
                       "site packer: request input chooses the folders %s() walks (line %u), it packs files into a ZIP "
                       "archive (line %u) and it writes files (%s(), line %u): the site's files taken away in one "
                       "download (MITRE ATT&CK T1560.002, T1005)",
                       k->fn[PCAP_LIST], k->line[PCAP_LIST], k->zip_line, k->fn[PCAP_WRITE], k->line[PCAP_WRITE]);
  if (k->drive_line && ((k->fed >> PCAP_LIST & 1u) || (k->chdir_line && (k->present >> PCAP_LIST & 1u))))
    lang_add_detection(c, "shellsift.lang.folder-browser", "hacktool", 45, k->drive_line,
                       "server-wide folder browser: request input chooses the folder %s() lists (%sline %u), and it "
                       "probes drive letters one by one (line %u) (MITRE ATT&CK T1083, T1120)",
                       k->fn[PCAP_LIST], k->chdir_line && !(k->fed >> PCAP_LIST & 1u) ? "through chdir(), " : "",
                       k->chdir_line && !(k->fed >> PCAP_LIST & 1u) ? k->chdir_line : k->line[PCAP_LIST],
                       k->drive_line);
  if (k->gate_line && k->cb_line && !defines_function(buf, len, k->cb_name))
    lang_add_detection(c, "shellsift.lang.gated-callback", "webshell", 45, k->cb_line,
                       "password-gated backdoor: behind a password hash written into the file (line %u), request "
                       "input is passed to %s() with the callback '%s', a function the file does not define (line "
                       "%u; MITRE ATT&CK T1505.003)",
                       k->gate_line, k->cb_fn, k->cb_name, k->cb_line);
  if (k->stomp_line)
    lang_add_detection(c, "shellsift.lang.timestomp", "hacktool", 45, k->stomp_line,
                       "timestomping: a command run with %s() gives a file another file's times or a chosen one "
                       "with touch (line %u), so that a planted or changed file hides among the application's "
                       "own (MITRE ATT&CK T1070.006)",
                       k->stomp_fn, k->stomp_line);
  if (k->rootlink_line)
    lang_add_detection(c, "shellsift.lang.symlink-bypass", "hacktool", 45, k->rootlink_line,
                       "symlink bypass: it links the server's root folder (/) with %s() (line %u), so that every "
                       "site's files and configuration can be read through the web server (MITRE ATT&CK T1083)",
                       k->rootlink_fn, k->rootlink_line);
  if (k->harvest_line)
    lang_add_detection(c, "shellsift.lang.request-harvest", "hacktool", 45, k->harvest_line,
                       "request harvester: it serialises the whole request array %s with %s() and %s with %s() "
                       "(line %u): every login and card form visitors submit, collected (MITRE ATT&CK T1056.003)",
                       k->harvest_src, k->harvest_fn,
                       k->harvest_cmd ? "sends it away through a command run" : "hides it in an image-named file",
                       k->harvest_sink, k->harvest_line);
  if (k->ua_line && k->url_line && k->fetch_line && (k->crawler_line = names_engine(buf, len)) != 0)
    lang_add_detection(
        c, "shellsift.lang.seo-cloaking", "webshell", 50, k->crawler_line,
        "search-engine cloaking: it looks for a search engine in the User-Agent or Referer (line %u), and this "
        "request's host or path chooses the page a remote server sends it to serve (line %u): an SEO doorway or "
        "spam injector (MITRE ATT&CK T1608.006)",
        k->crawler_line, k->url_line);
  else if (k->rawip_line && k->fetch_line) /* cloaking says more, when it is that */
    lang_add_detection(c, "shellsift.lang.remote-content", "webshell", 45, k->rawip_line,
                       "remote-controlled page: it asks a server at a raw IP address (%s) for content, sending this "
                       "site's name or path (line %u), and fetches with %s() (line %u): a doorway or injector whose "
                       "server no application names (MITRE ATT&CK T1071.001)",
                       k->rawip_url, k->rawip_line, k->fetch_fn, k->fetch_line);
}
