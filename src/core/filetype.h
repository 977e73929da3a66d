/*
 * filetype.h - decides which files the content rules read: script-like
 * files by extension, and files under other extensions whose bytes hold a
 * server-side script opener (a web shell disguised as an image or text).
 */
#ifndef SS_FILETYPE_H
#define SS_FILETYPE_H

#include <stddef.h>

typedef enum {
  EXT_OTHER,  /* unknown or no extension: scanned if it starts like a script */
  EXT_SCRIPT, /* executed by a web server or interpreter: always scanned */
  EXT_TEXT,   /* served as text: a script opener at its start is a disguise */
  EXT_MEDIA,  /* images, fonts, documents: a script opener anywhere is a disguise */
} ext_class;

/* Lowercase extension of a base name without the dot, written into out
 * (size outsz); "" if none or too long. */
void core_file_extension(const char *name, char *out, size_t outsz);
/* Class of a lowercase extension; *lang gets the YARA `filetype` value
 * ("PHP", "ASPX", "ASP", "JSP", "CFM", "SCRIPT", "CONFIG", "TEXT", "MEDIA", ""). */
ext_class core_classify_extension(const char *ext, const char **lang);

/* ASP.NET compiles C# and VB.NET source files itself on first request:
 * everything under App_Code, and the code file a page names with CodeFile=
 * or Src=.  For a .cs/.vb file under a directory named App_Code (any
 * case), or one named for a page (Default.aspx.cs, Global.asax.vb: the
 * form Visual Studio gives a page's code file), returns its language
 * ("CSHARP" or "VBNET"); NULL for any other file.  path is the file's
 * path as walked ('/' or '\\' separated). */
const char *core_aspnet_source(const char *path);
/* A .cs/.vb file (base name name) whose text buf[0, len) is ASP.NET code served for a request
 * wherever it sits: a class on System.Web with a page, control or handler's base or entry
 * point (Page_Load, ProcessRequest...), as a page's CodeFile= outside App_Code with any name
 * is.  Returns "CSHARP" or "VBNET", NULL for any other file. */
const char *core_aspnet_code_file(const char *name, const unsigned char *buf, size_t len);

/* Looks for a server-side script opener (<?php, <%@ Page, <script runat=
 * "server">, <% eval, <jsp:...).  With anywhere=0 only the start of the
 * buffer (after a BOM and white space) counts.  Returns the language
 * ("PHP", "ASPX", "ASP", "JSP") or NULL; *offset gets where it starts. */
const char *core_sniff_script(const unsigned char *buf, size_t len, int anywhere, size_t *offset);

#endif
