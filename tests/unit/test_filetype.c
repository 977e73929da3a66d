/*
 * test_filetype.c - extension classes and the script-opener sniffer that
 * decide which files the content rules read.
 */
#include "core/filetype.h"
#include "test.h"

static ext_class cls_of(const char *name, const char **lang) {
  char ext[16];
  core_file_extension(name, ext, sizeof ext);
  return core_classify_extension(ext, lang);
}

static void test_extensions(void) {
  const char *lang;
  CHECK(cls_of("shell.aspx", &lang) == EXT_SCRIPT);
  CHECK_STREQ(lang, "ASPX");
  CHECK(cls_of("SHELL.ASPX", &lang) == EXT_SCRIPT); /* Windows names are case-insensitive */
  CHECK(cls_of("x.PhP5", &lang) == EXT_SCRIPT);
  CHECK_STREQ(lang, "PHP");
  CHECK(cls_of("index.jsp", &lang) == EXT_SCRIPT);
  CHECK_STREQ(lang, "JSP");
  CHECK(cls_of("web.config", &lang) == EXT_SCRIPT);
  CHECK(cls_of("x.asa", &lang) == EXT_SCRIPT);
  CHECK(cls_of("x.cer", &lang) == EXT_SCRIPT);
  CHECK(cls_of("x.phtml", &lang) == EXT_SCRIPT);
  CHECK(cls_of("x.pht", &lang) == EXT_SCRIPT);
  CHECK(cls_of("x.phar", &lang) == EXT_SCRIPT);
  CHECK(cls_of("x.jsw", &lang) == EXT_SCRIPT);
  CHECK(cls_of("x.jsv", &lang) == EXT_SCRIPT);
  CHECK(cls_of("WEB-INF/tags/x.tag", &lang) == EXT_SCRIPT); /* JSP tag files */
  CHECK_STREQ(lang, "JSP");
  CHECK(cls_of("x.tagx", &lang) == EXT_SCRIPT);
  CHECK_STREQ(lang, "JSP");
  CHECK(cls_of("x.svc", &lang) == EXT_SCRIPT);
  CHECK_STREQ(lang, "ASPX");
  CHECK(cls_of("x.vbhtml", &lang) == EXT_SCRIPT);
  CHECK_STREQ(lang, "ASPX");
  CHECK(cls_of("logo.jpg", &lang) == EXT_MEDIA);
  CHECK(cls_of("font.woff2", &lang) == EXT_MEDIA);
  CHECK(cls_of("readme.txt", &lang) == EXT_TEXT);
  CHECK(cls_of("google.log", &lang) == EXT_TEXT);
  CHECK(cls_of("Makefile", &lang) == EXT_OTHER);
  CHECK_STREQ(lang, "");
  CHECK(cls_of("archive.tar.bz2", &lang) == EXT_OTHER);
  CHECK(cls_of(".htaccess", &lang) == EXT_OTHER); /* a dot file has no extension */
  char ext[4];
  core_file_extension("x.verylongextension", ext, sizeof ext);
  CHECK_STREQ(ext, "");
}

/* C#/VB.NET source is read where ASP.NET compiles it: under App_Code (any
 * case, any depth, either separator) and as a page's code file; elsewhere
 * (a library, a desktop program) it is not. */
static void test_aspnet_source(void) {
  CHECK_STREQ(core_aspnet_source("/srv/www/App_Code/Helper.cs"), "CSHARP");
  CHECK_STREQ(core_aspnet_source("/srv/www/app_code/sub/dir/Tool.VB"), "VBNET");
  CHECK_STREQ(core_aspnet_source("D:\\inetpub\\site\\APP_CODE\\x.cs"), "CSHARP");
  CHECK_STREQ(core_aspnet_source("App_Code/x.cs"), "CSHARP");
  CHECK_STREQ(core_aspnet_source("/srv/www/Default.aspx.cs"), "CSHARP");
  CHECK_STREQ(core_aspnet_source("/srv/www/Global.asax.vb"), "VBNET");
  CHECK_STREQ(core_aspnet_source("/srv/www/Site.Master.cs"), "CSHARP");
  CHECK_STREQ(core_aspnet_source("/srv/www/ctl/Menu.ascx.cs"), "CSHARP");
  CHECK_STREQ(core_aspnet_source("h.ashx.cs"), "CSHARP");
  CHECK(core_aspnet_source("/src/lib/Helper.cs") == NULL);          /* not compiled by ASP.NET */
  CHECK(core_aspnet_source("/srv/www/App_Code.cs") == NULL);        /* a file, not the directory */
  CHECK(core_aspnet_source("/srv/www/My_App_Code/x.cs") == NULL);   /* another directory */
  CHECK(core_aspnet_source("/srv/www/App_Codex/x.cs") == NULL);
  CHECK(core_aspnet_source("/srv/www/App_Code/x.txt") == NULL);     /* only C# and VB source */
  CHECK(core_aspnet_source("/srv/www/App_Code/x.css") == NULL);
  CHECK(core_aspnet_source("/srv/www/.aspx.cs") == NULL);           /* no page name before it */
  CHECK(core_aspnet_source("/srv/www/Program.designer.cs") == NULL);
  CHECK(core_aspnet_source("/srv/App_Code/") == NULL);
  CHECK(core_aspnet_source("") == NULL);
  /* a code file named anything, anywhere: read when its text is a page's or handler's */
  static const unsigned char page_cs[] = "using System.Web.UI;\npublic class R : Page { void Page_Load() {} }";
  static const unsigned char lib_cs[] = "using System.Text;\npublic class R { void Page_Load() {} }";
  CHECK_STREQ(core_aspnet_code_file("Runner.cs", page_cs, sizeof page_cs - 1), "CSHARP");
  CHECK_STREQ(core_aspnet_code_file("Runner.VB", page_cs, sizeof page_cs - 1), "VBNET");
  CHECK(core_aspnet_code_file("Runner.cs", lib_cs, sizeof lib_cs - 1) == NULL);   /* no System.Web */
  CHECK(core_aspnet_code_file("Runner.txt", page_cs, sizeof page_cs - 1) == NULL); /* only C# and VB source */
}

static const char *sniff(const char *s, int anywhere) {
  return core_sniff_script((const unsigned char *)s, strlen(s), anywhere, NULL);
}

static void test_sniff_openers(void) {
  CHECK_STREQ(sniff("<?php echo 1;", 0), "PHP");
  CHECK_STREQ(sniff("\xef\xbb\xbf  \r\n<?PHP x", 0), "PHP");
  CHECK_STREQ(sniff("<%@ Page Language=\"C#\" %>", 0), "ASPX");
  CHECK_STREQ(sniff("<%@page import=\"java.io.*\"%>", 0), "ASPX");
  CHECK_STREQ(sniff("<%@ WebHandler Language=\"C#\" Class=\"H\" %>", 0), "ASPX");
  CHECK_STREQ(sniff("<script language=\"JScript\" runat=\"server\">", 0), "ASPX");
  CHECK_STREQ(sniff("<SCRIPT RUNAT=SERVER LANGUAGE=VBSCRIPT>", 0), "ASPX");
  CHECK_STREQ(sniff("<%eval request(\"x\")%>", 0), "ASP");
  CHECK_STREQ(sniff("<% Execute(Request(\"x\")) %>", 0), "ASP");
  CHECK_STREQ(sniff("<jsp:scriptlet>x</jsp:scriptlet>", 0), "JSP");
}

static void test_sniff_negatives(void) {
  CHECK(sniff("<?xml version=\"1.0\"?>", 1) == NULL);
  CHECK(sniff("<script>alert(1)</script>", 1) == NULL); /* client-side script */
  CHECK(sniff("<script src=x></script> runat=\"server\"", 1) == NULL); /* attribute outside the tag */
  CHECK(sniff("<% if (x) { %>", 1) == NULL); /* a template, not a shell opener */
  CHECK(sniff("<", 1) == NULL);
  CHECK(sniff("", 1) == NULL);
  CHECK(sniff("<?ph", 1) == NULL); /* truncated at the end of the buffer */
}

static void test_sniff_position(void) {
  static const char img[] = "GIF89a\x01\x00\x01\x00<<junk<?php system($x);";
  size_t off = 0;
  CHECK(core_sniff_script((const unsigned char *)img, sizeof img - 1, 0, &off) == NULL); /* not at the start */
  CHECK_STREQ(core_sniff_script((const unsigned char *)img, sizeof img - 1, 1, &off), "PHP");
  CHECK(off == 16);
  const char *doc = "Install it like this:\n<?php require 'x.php';";
  CHECK(sniff(doc, 0) == NULL); /* an example inside a text file is no disguise */
  /* NUL bytes inside binary data do not stop the search */
  const unsigned char bin[] = {0xff, 0xd8, 0, '<', 0, '<', '?', 'p', 'h', 'p', ' '};
  CHECK_STREQ(core_sniff_script(bin, sizeof bin, 1, &off), "PHP");
  CHECK(off == 5);
}

int main(void) {
  RUN(test_extensions);
  RUN(test_aspnet_source);
  RUN(test_sniff_openers);
  RUN(test_sniff_negatives);
  RUN(test_sniff_position);
  TEST_END();
}
