/*
 * filetype.c - extension classes and the script-opener sniffer (see
 * filetype.h).  The sniffer is a memchr loop over '<' followed by short,
 * case-insensitive comparisons, so running it on every image costs little.
 */
#include "core/filetype.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
  const char *ext;
  ext_class cls;
  const char *lang;
} ext_entry;

/* Sorted by ext for bsearch. */
static const ext_entry extensions[] = {
    {"asa", EXT_SCRIPT, "ASP"},      {"asax", EXT_SCRIPT, "ASPX"},  {"ascx", EXT_SCRIPT, "ASPX"},
    {"ashx", EXT_SCRIPT, "ASPX"},    {"asmx", EXT_SCRIPT, "ASPX"},  {"asp", EXT_SCRIPT, "ASP"},
    {"aspx", EXT_SCRIPT, "ASPX"},    {"avi", EXT_MEDIA, "MEDIA"},   {"bmp", EXT_MEDIA, "MEDIA"},
    {"cdx", EXT_SCRIPT, "ASP"},      {"cer", EXT_SCRIPT, "ASP"},    {"cfc", EXT_SCRIPT, "CFM"},
    {"cfm", EXT_SCRIPT, "CFM"},      {"cfml", EXT_SCRIPT, "CFM"},   {"cgi", EXT_SCRIPT, "SCRIPT"},
    {"config", EXT_SCRIPT, "CONFIG"}, {"cshtml", EXT_SCRIPT, "ASPX"}, {"css", EXT_TEXT, "TEXT"},
    {"csv", EXT_TEXT, "TEXT"},       {"eot", EXT_MEDIA, "MEDIA"},   {"gif", EXT_MEDIA, "MEDIA"},
    {"htm", EXT_TEXT, "TEXT"},       {"html", EXT_TEXT, "TEXT"},    {"ico", EXT_MEDIA, "MEDIA"},
    {"inc", EXT_SCRIPT, "PHP"},      {"ini", EXT_TEXT, "TEXT"},     {"jpeg", EXT_MEDIA, "MEDIA"},
    {"jpg", EXT_MEDIA, "MEDIA"},     {"js", EXT_SCRIPT, "SCRIPT"},  {"json", EXT_TEXT, "TEXT"},
    {"jsp", EXT_SCRIPT, "JSP"},      {"jspf", EXT_SCRIPT, "JSP"},   {"jspx", EXT_SCRIPT, "JSP"},
    {"jsv", EXT_SCRIPT, "JSP"},      {"jsw", EXT_SCRIPT, "JSP"},    {"log", EXT_TEXT, "TEXT"},
    {"master", EXT_SCRIPT, "ASPX"},  {"md", EXT_TEXT, "TEXT"},      {"mp3", EXT_MEDIA, "MEDIA"},
    {"mp4", EXT_MEDIA, "MEDIA"},     {"otf", EXT_MEDIA, "MEDIA"},   {"pdf", EXT_MEDIA, "MEDIA"},
    {"phar", EXT_SCRIPT, "PHP"},     {"php", EXT_SCRIPT, "PHP"},
    {"php3", EXT_SCRIPT, "PHP"},     {"php4", EXT_SCRIPT, "PHP"},   {"php5", EXT_SCRIPT, "PHP"},
    {"php7", EXT_SCRIPT, "PHP"},     {"php8", EXT_SCRIPT, "PHP"},   {"phps", EXT_SCRIPT, "PHP"},
    {"pht", EXT_SCRIPT, "PHP"},      {"phtml", EXT_SCRIPT, "PHP"},    {"pl", EXT_SCRIPT, "SCRIPT"},  {"png", EXT_MEDIA, "MEDIA"},
    {"ps1", EXT_SCRIPT, "SCRIPT"},   {"py", EXT_SCRIPT, "SCRIPT"},  {"sh", EXT_SCRIPT, "SCRIPT"},
    {"shtm", EXT_SCRIPT, "SCRIPT"},  {"shtml", EXT_SCRIPT, "SCRIPT"}, {"stm", EXT_SCRIPT, "SCRIPT"}, /* SSI (IIS) */
    {"svc", EXT_SCRIPT, "ASPX"},   {"svg", EXT_TEXT, "TEXT"},
    {"swf", EXT_MEDIA, "MEDIA"},     {"tag", EXT_SCRIPT, "JSP"},    {"tagx", EXT_SCRIPT, "JSP"},
    {"tif", EXT_MEDIA, "MEDIA"},   {"tiff", EXT_MEDIA, "MEDIA"},
    {"ttf", EXT_MEDIA, "MEDIA"},     {"txt", EXT_TEXT, "TEXT"},     {"vbhtml", EXT_SCRIPT, "ASPX"},
    {"wav", EXT_MEDIA, "MEDIA"},     {"webp", EXT_MEDIA, "MEDIA"},  {"woff", EXT_MEDIA, "MEDIA"},
    {"woff2", EXT_MEDIA, "MEDIA"},   {"xml", EXT_TEXT, "TEXT"},
};

void core_file_extension(const char *name, char *out, size_t outsz) {
  const char *dot = strrchr(name, '.');
  out[0] = '\0';
  if (!dot || dot == name || strlen(dot + 1) >= outsz) return;
  size_t i = 0;
  for (const char *p = dot + 1; *p; p++) out[i++] = (char)tolower((unsigned char)*p);
  out[i] = '\0';
}

static int cmp_ext(const void *key, const void *elem) {
  return strcmp(key, ((const ext_entry *)elem)->ext);
}

ext_class core_classify_extension(const char *ext, const char **lang) {
  const ext_entry *e = bsearch(ext, extensions, sizeof extensions / sizeof extensions[0],
                               sizeof extensions[0], cmp_ext);
  *lang = e ? e->lang : "";
  return e ? e->cls : EXT_OTHER;
}

/* Is there a directory named App_Code (any case) on the path before name? */
static int under_app_code(const char *path, const char *name) {
  for (const char *p = path; p < name; p++)
    if ((p == path || p[-1] == '/' || p[-1] == '\\') && strncasecmp(p, "app_code", 8) == 0 &&
        (p[8] == '/' || p[8] == '\\'))
      return 1;
  return 0;
}

/* Is name a page's code file, <page>.<page extension>.cs? */
static int names_a_page(const char *name) {
  static const char *const pages[] = {"aspx", "ascx", "asax", "ashx", "asmx", "master", "svc"};
  const char *dot = strrchr(name, '.');
  const char *prev = dot;
  while (prev > name && prev[-1] != '.') prev--;
  if (prev <= name + 1) return 0; /* no second extension, or nothing before it */
  for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
    if ((size_t)(dot - prev) == strlen(pages[i]) && strncasecmp(prev, pages[i], strlen(pages[i])) == 0) return 1;
  return 0;
}

const char *core_aspnet_source(const char *path) {
  const char *name = path;
  for (const char *p = path; *p; p++)
    if (*p == '/' || *p == '\\') name = p + 1;
  char ext[4];
  core_file_extension(name, ext, sizeof ext);
  const char *lang = strcmp(ext, "cs") == 0 ? "CSHARP" : strcmp(ext, "vb") == 0 ? "VBNET" : NULL;
  if (!lang) return NULL;
  return under_app_code(path, name) || names_a_page(name) ? lang : NULL;
}

const char *core_aspnet_code_file(const char *name, const unsigned char *buf, size_t len) {
  /* what a class ASP.NET runs for a request is made of: a page, control or handler base, its entry points */
  static const char *const marks[] = {"Page_Load", "ProcessRequest", "System.Web.UI.Page", "System.Web.UI.UserControl",
                                      "IHttpHandler", "WebMethod", "HttpApplication"};
  char ext[4];
  core_file_extension(name, ext, sizeof ext);
  const char *lang = strcmp(ext, "cs") == 0 ? "CSHARP" : strcmp(ext, "vb") == 0 ? "VBNET" : NULL;
  if (!lang || !memmem(buf, len, "System.Web", 10)) return NULL;
  for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
    if (memmem(buf, len, marks[i], strlen(marks[i]))) return lang;
  return NULL;
}

/* Case-insensitive prefix test against a lowercase literal. */
static int starts_with(const unsigned char *p, const unsigned char *end, const char *lit) {
  size_t n = strlen(lit);
  return (size_t)(end - p) >= n && strncasecmp((const char *)p, lit, n) == 0;
}

static const unsigned char *skip_space(const unsigned char *p, const unsigned char *end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
  return p;
}

/* Is there a runat="server" attribute before the tag closes? */
static int runat_server(const unsigned char *p, const unsigned char *end) {
  const unsigned char *limit = end - p > 256 ? p + 256 : end;
  for (; p < limit && *p != '>'; p++)
    if ((*p == 'r' || *p == 'R') && starts_with(p, limit, "runat")) {
      p = skip_space(p + 5, limit);
      if (p < limit && *p == '=') p = skip_space(p + 1, limit);
      if (p < limit && (*p == '"' || *p == '\'')) p++;
      return starts_with(p, limit, "server");
    }
  return 0;
}

/* The language a script opener at p starts, or NULL. */
static const char *opener_at(const unsigned char *p, const unsigned char *end) {
  static const char *const directives[] = {"page", "webhandler", "webservice", "control",
                                           "assembly", "import", "language", "master"};
  if (starts_with(p, end, "<?php")) return "PHP";
  if (starts_with(p, end, "<script") && runat_server(p + 7, end)) return "ASPX";
  if (starts_with(p, end, "<jsp:")) return "JSP";
  if (starts_with(p, end, "<%")) {
    const unsigned char *q = skip_space(p + 2, end);
    if (q < end && *q == '@') {
      q = skip_space(q + 1, end);
      for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++)
        if (starts_with(q, end, directives[i])) return "ASPX";
    }
    if (starts_with(q, end, "eval") || starts_with(q, end, "execute")) return "ASP";
  }
  return NULL;
}

const char *core_sniff_script(const unsigned char *buf, size_t len, int anywhere, size_t *offset) {
  const unsigned char *p = buf, *end = buf + len;
  if (!anywhere) {
    if (starts_with(p, end, "\xef\xbb\xbf")) p += 3;
    p = skip_space(p, end);
    const char *lang = p < end && *p == '<' ? opener_at(p, end) : NULL;
    if (lang && offset) *offset = (size_t)(p - buf);
    return lang;
  }
  while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
    const char *lang = opener_at(p, end);
    if (lang) {
      if (offset) *offset = (size_t)(p - buf);
      return lang;
    }
    p++;
  }
  return NULL;
}
