/*
 * caps.c - the capability model for web-shell kits.  ASPXSpy, JspSpy and
 * the classic ASP FileSystemObject managers route every action through
 * helper functions and string-built object names, so no single
 * request-to-sink flow is visible; what gives them away is that one page,
 * fed by the request, can do everything an intruder needs: list
 * directories, write or delete files, run commands or SQL, and receive
 * uploads.  Each statement's names and literals (after folding, so
 * "WScr" & "ipt.Shell" counts) are looked up in the table below; the
 * verdict is taken once per file from the groups seen.
 *
 * Groups: list (directory and drive enumeration), modify (write, copy,
 * move, delete, time-stamp files), run (commands; SQL counts as a weaker
 * run), upload (receiving a file from the client).  A page with all four,
 * commands included, is a kit (high); with SQL in place of commands it is
 * a database-and-file manager, reported medium, as dual-use tools are.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

#define CLASSIC (SYNBIT(SYN_VB) | SYNBIT(SYN_JSCRIPT))
#define NET SYN_NET
#define JAVA SYNBIT(SYN_JAVA)

typedef struct {
  const char *name; /* lower case; matched whole or as a suffix after '.' */
  unsigned short cap;
  unsigned char syn, str; /* str: matched against string literals, not names */
  const char *display;
} cap_def;

/* A registry root key: its bit in lang_caps.hives, above the CAP_* bits. */
#define HIVE(n) (unsigned short)(1u << (11 + (n)))

static const cap_def table[] = {
    /* classic ASP: FileSystemObject, WScript, ADO */
    {"subfolders", CAP_LIST, CLASSIC, 0, "Folder.SubFolders"},
    {"drives", CAP_LIST, CLASSIC, 0, "FileSystemObject.Drives"},
    {"getdrive", CAP_LIST, CLASSIC, 0, "FileSystemObject.GetDrive"},
    {"createtextfile", CAP_WRITE, CLASSIC, 0, "CreateTextFile"},
    {"savetofile", CAP_WRITE, CLASSIC, 0, "ADODB.Stream.SaveToFile"},
    {"copyfile", CAP_WRITE, CLASSIC, 0, "CopyFile"},
    {"movefile", CAP_WRITE, CLASSIC, 0, "MoveFile"},
    {"copyfolder", CAP_WRITE, CLASSIC, 0, "CopyFolder"},
    {"movefolder", CAP_WRITE, CLASSIC, 0, "MoveFolder"},
    {"deletefile", CAP_DELETE, CLASSIC, 0, "DeleteFile"},
    {"deletefolder", CAP_DELETE, CLASSIC, 0, "DeleteFolder"},
    {"wscript.shell", CAP_CMD, CLASSIC | NET, 1, "WScript.Shell"},
    {"shell.application", CAP_CMD, CLASSIC | NET, 1, "Shell.Application"},
    {"72c24dd5-d70a-438b-8a42-98424b88afb8", CAP_CMD, CLASSIC, 1, "WScript.Shell"},
    {"13709620-c279-11ce-a49e-444553540000", CAP_CMD, CLASSIC, 1, "Shell.Application"},
    {"shellexecute", CAP_CMD, CLASSIC, 0, "ShellExecute"},
    {"modifydate", CAP_TIME, CLASSIC, 0, "FolderItem.ModifyDate"},
    {"adodb.connection", CAP_SQL, CLASSIC, 1, "ADODB.Connection"},
    {"microsoft.xmlhttp", CAP_FETCH, CLASSIC, 1, "Microsoft.XMLHTTP"},
    {"msxml2.xmlhttp", CAP_FETCH, CLASSIC, 1, "MSXML2.XMLHTTP"},
    {"msxml2.serverxmlhttp", CAP_FETCH, CLASSIC, 1, "MSXML2.ServerXMLHTTP"},
    {"msxml2.serverxmlhttp.3.0", CAP_FETCH, CLASSIC, 1, "MSXML2.ServerXMLHTTP"},
    {"msxml2.serverxmlhttp.6.0", CAP_FETCH, CLASSIC, 1, "MSXML2.ServerXMLHTTP"},
    {"winhttp.winhttprequest.5.1", CAP_FETCH, CLASSIC, 1, "WinHttp.WinHttpRequest"},
    {"binaryread", CAP_UPLOAD, CLASSIC | NET, 0, "Request.BinaryRead"},
    /* ASP.NET */
    {"getdirectories", CAP_LIST, NET, 0, "GetDirectories"},
    {"getlogicaldrives", CAP_LIST, NET, 0, "GetLogicalDrives"},
    {"getfilesysteminfos", CAP_LIST, NET, 0, "GetFileSystemInfos"},
    {"enumeratedirectories", CAP_LIST, NET, 0, "EnumerateDirectories"},
    {"driveinfo.getdrives", CAP_LIST, NET, 0, "DriveInfo.GetDrives"},
    {"file.writealltext", CAP_WRITE, NET, 0, "File.WriteAllText"},
    {"file.writeallbytes", CAP_WRITE, NET, 0, "File.WriteAllBytes"},
    {"file.appendalltext", CAP_WRITE, NET, 0, "File.AppendAllText"},
    {"file.copy", CAP_WRITE, NET, 0, "File.Copy"},
    {"file.move", CAP_WRITE, NET, 0, "File.Move"},
    {"file.create", CAP_WRITE, NET, 0, "File.Create"},
    {"file.createtext", CAP_WRITE, NET, 0, "File.CreateText"},
    {"file.delete", CAP_DELETE, NET, 0, "File.Delete"},
    {"directory.delete", CAP_DELETE, NET, 0, "Directory.Delete"},
    {"directory.move", CAP_WRITE, NET, 0, "Directory.Move"},
    {"file.setcreationtime", CAP_TIME, NET, 0, "File.SetCreationTime"},
    {"file.setlastwritetime", CAP_TIME, NET, 0, "File.SetLastWriteTime"},
    {"directory.setcreationtime", CAP_TIME, NET, 0, "Directory.SetCreationTime"},
    {"streamwriter", CAP_WRITE, NET, 0, "StreamWriter"},
    {"processstartinfo", CAP_CMD, NET, 0, "ProcessStartInfo"},
    {"process.start", CAP_CMD, NET, 0, "Process.Start"},
    {"addscript", CAP_CMD, NET, 0, "PowerShell AddScript"},
    {"runspacefactory.createrunspace", CAP_CMD, NET, 0, "RunspaceFactory.CreateRunspace"},
    {"sqlconnection", CAP_SQL, NET, 0, "SqlConnection"},
    {"oledbconnection", CAP_SQL, NET, 0, "OleDbConnection"},
    {"odbcconnection", CAP_SQL, NET, 0, "OdbcConnection"},
    {"mysqlconnection", CAP_SQL, NET, 0, "MySqlConnection"},
    {"oracleconnection", CAP_SQL, NET, 0, "OracleConnection"},
    {"postedfile", CAP_UPLOAD, NET, 0, "PostedFile"},
    {"httppostedfile", CAP_UPLOAD, NET, 0, "HttpPostedFile"},
    {"request.files", CAP_UPLOAD, NET, 0, "Request.Files"},
    /* the registry: a walk of its subkeys under several root keys (lang_caps_registry) */
    {"getsubkeynames", CAP_REGWALK, NET, 0, "RegistryKey.GetSubKeyNames"},
    {"registry.localmachine", HIVE(0), NET, 0, "Registry.LocalMachine"},
    {"registry.currentuser", HIVE(1), NET, 0, "Registry.CurrentUser"},
    {"registry.classesroot", HIVE(2), NET, 0, "Registry.ClassesRoot"},
    {"registry.users", HIVE(3), NET, 0, "Registry.Users"},
    {"registry.currentconfig", HIVE(4), NET, 0, "Registry.CurrentConfig"},
    {"registryhive.localmachine", HIVE(0), NET, 0, "RegistryHive.LocalMachine"},
    {"registryhive.currentuser", HIVE(1), NET, 0, "RegistryHive.CurrentUser"},
    {"registryhive.classesroot", HIVE(2), NET, 0, "RegistryHive.ClassesRoot"},
    {"registryhive.users", HIVE(3), NET, 0, "RegistryHive.Users"},
    {"registryhive.currentconfig", HIVE(4), NET, 0, "RegistryHive.CurrentConfig"},
    /* ColdFusion tags (lex_cfml.c names them tag.action) */
    {"cfdirectory.list", CAP_LIST, SYNBIT(SYN_CFML), 0, "<cfdirectory action=\"list\">"},
    {"directorylist", CAP_LIST, SYNBIT(SYN_CFML), 0, "DirectoryList()"},
    {"cffile.write", CAP_WRITE, SYNBIT(SYN_CFML), 0, "<cffile action=\"write\">"},
    {"cffile.copy", CAP_WRITE, SYNBIT(SYN_CFML), 0, "<cffile action=\"copy\">"},
    {"cffile.move", CAP_WRITE, SYNBIT(SYN_CFML), 0, "<cffile action=\"move\">"},
    {"cffile.rename", CAP_WRITE, SYNBIT(SYN_CFML), 0, "<cffile action=\"rename\">"},
    {"filewrite", CAP_WRITE, SYNBIT(SYN_CFML), 0, "FileWrite()"},
    {"cffile.delete", CAP_DELETE, SYNBIT(SYN_CFML), 0, "<cffile action=\"delete\">"},
    {"cfdirectory.delete", CAP_DELETE, SYNBIT(SYN_CFML), 0, "<cfdirectory action=\"delete\">"},
    {"filedelete", CAP_DELETE, SYNBIT(SYN_CFML), 0, "FileDelete()"},
    {"cfexecute", CAP_CMD, SYNBIT(SYN_CFML), 0, "<cfexecute>"},
    {"cfquery", CAP_SQL, SYNBIT(SYN_CFML), 0, "<cfquery>"},
    {"cffile.upload", CAP_UPLOAD, SYNBIT(SYN_CFML), 0, "<cffile action=\"upload\">"},
    {"fileupload", CAP_UPLOAD, SYNBIT(SYN_CFML), 0, "FileUpload()"},
    /* JSP */
    {"listfiles", CAP_LIST, JAVA, 0, "File.listFiles"},
    {"listroots", CAP_LIST, JAVA, 0, "File.listRoots"},
    {"file.list", CAP_LIST, JAVA, 0, "File.list"},
    {"fileoutputstream", CAP_WRITE, JAVA, 0, "FileOutputStream"},
    {"filewriter", CAP_WRITE, JAVA, 0, "FileWriter"},
    {"randomaccessfile", CAP_WRITE, JAVA, 0, "RandomAccessFile"},
    {"renameto", CAP_WRITE, JAVA, 0, "File.renameTo"},
    {"file.delete", CAP_DELETE, JAVA, 0, "File.delete"},
    {"files.delete", CAP_DELETE, JAVA, 0, "Files.delete"},
    {"files.write", CAP_WRITE, JAVA, 0, "Files.write"},
    {"files.copy", CAP_WRITE, JAVA, 0, "Files.copy"},
    {"files.move", CAP_WRITE, JAVA, 0, "Files.move"},
    {"delete", CAP_DELETE, JAVA, 0, "File.delete"}, /* x.delete(): java.io.File's, whatever holds it */
    {"runtime.getruntime().exec", CAP_CMD, JAVA, 0, "Runtime.exec"},
    {"getruntime().exec", CAP_CMD, JAVA, 0, "Runtime.exec"},
    {"processbuilder", CAP_CMD, JAVA, 0, "ProcessBuilder"},
    {"drivermanager.getconnection", CAP_SQL, JAVA, 0, "DriverManager.getConnection"},
    {"createstatement", CAP_SQL, JAVA, 0, "Connection.createStatement"},
    {"preparestatement", CAP_SQL, JAVA, 0, "Connection.prepareStatement"},
    {"gettables", CAP_SCHEMA, JAVA, 0, "DatabaseMetaData.getTables"},
    {"getcolumncount", CAP_SCHEMA, JAVA, 0, "ResultSetMetaData.getColumnCount"},
    {"servletfileupload", CAP_UPLOAD, JAVA, 0, "ServletFileUpload"},
    {"diskfileitemfactory", CAP_UPLOAD, JAVA, 0, "DiskFileItemFactory"},
    {"getparts", CAP_UPLOAD, JAVA, 0, "HttpServletRequest.getParts"},
    {"multipartrequest", CAP_UPLOAD, JAVA, 0, "MultipartRequest"},
    {"multipart/form-data", CAP_UPLOAD, JAVA | CLASSIC, 1, "multipart/form-data parsing"},
};

#define NBUCKETS 256
static unsigned char buckets[NBUCKETS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint32_t hash(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static void build(void) {
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    uint32_t b = hash(table[i].name, strlen(table[i].name)) & (NBUCKETS - 1);
    while (buckets[b]) b = (b + 1) & (NBUCKETS - 1);
    buckets[b] = (unsigned char)(i + 1);
  }
}

static const cap_def *find(const char *s, size_t n, syntax syn, int str) {
  uint32_t b = hash(s, n) & (NBUCKETS - 1);
  for (; buckets[b]; b = (b + 1) & (NBUCKETS - 1)) {
    const cap_def *d = &table[buckets[b] - 1];
    if (d->str == str && (d->syn & SYNBIT(syn)) && strlen(d->name) == n && memcmp(d->name, s, n) == 0) return d;
  }
  return NULL;
}

static void note(lang_ctx *c, const cap_def *d, unsigned line) {
  c->caps.hives |= (unsigned)d->cap >> 11;
  for (unsigned k = 0; k < LANG_NCAPS; k++)
    if ((d->cap & (1u << k)) && !(c->caps.seen & (1u << k))) {
      c->caps.seen |= 1u << k;
      c->caps.line[k] = line;
      c->caps.what[k] = d->display;
    }
}

/* SQL that lists a database's tables or columns: what a dump tool asks
 * before it copies everything. */
int lang_caps_schema_query(const char *s, size_t n) {
  static const char *const catalogues[] = {"information_schema", "all_tables", "all_tab_columns", "user_tables",
                                           "user_tab_comments", "sysobjects", "show tables", "show databases"};
  if (n > 4096) return 0;
  for (size_t k = 0; k < sizeof catalogues / sizeof catalogues[0]; k++) {
    size_t m = strlen(catalogues[k]);
    for (size_t i = 0; i + m <= n; i++)
      if ((s[i] | 0x20) == catalogues[k][0] && strncasecmp(s + i, catalogues[k], m) == 0) return 1;
  }
  return 0;
}

void lang_caps_statement(lang_ctx *c) {
  if (c->syn == SYN_PHP) return; /* PHP has its own model */
  pthread_once(&once, build);
  for (size_t i = 0; i < c->nst; i++) {
    const token *t = &c->st[i];
    const char *s = tok_text(c, t);
    if (t->kind == TK_IDENT) {
      int body;
      if (!c->caps.request &&
          (lang_names_request_source(s, t->len, c->syn, &body) || lang_request_via_alias(c, s, t->len, &body)))
        c->caps.request = t->line;
      const cap_def *d = find(s, t->len, c->syn, 0);
      for (size_t k = 0; !d && k < t->len; k++)
        if (s[k] == '.') d = find(s + k + 1, t->len - k - 1, c->syn, 0);
      if (d) note(c, d, t->line);
    } else if (t->kind == TK_STR && t->len >= 16 && s[0] == 'M' && s[1] == 'Z' &&
               memchr(s, 0, t->len < 64 ? t->len : 64)) {
      static const cap_def exe = {"", CAP_EXE, 0, 1, "a Windows executable (MZ) built in a string"};
      note(c, &exe, t->line);
    } else if (t->kind == TK_STR && t->len >= 10 && !(c->caps.seen & CAP_SCHEMA) && lang_caps_schema_query(s, t->len)) {
      static const cap_def schema = {"", CAP_SCHEMA, 0, 1, "a query of the table catalogue"};
      note(c, &schema, t->line);
    } else if (t->kind == TK_STR && !(t->flags & TF_BINARY)) {
      lang_caps_string(c, s, t->len, c->syn, t->line);
      lang_technique_string(c, s, t->len, t->line);
    }
  }
}

void lang_caps_string(lang_ctx *c, const char *s, size_t n, syntax syn, unsigned line) {
  if (n < 12 || n > 40) return;
  pthread_once(&once, build);
  char low[41];
  for (size_t k = 0; k < n; k++) low[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
  const cap_def *d = find(low, n, syn, 1);
  if (d) note(c, d, line);
}

void lang_caps_sink(lang_ctx *c, const name_def *d, unsigned line) {
  static const cap_def by_sink[] = {[SK_CMD] = {"", CAP_CMD, 0, 0, NULL}, [SK_WRITE] = {"", CAP_WRITE, 0, 0, NULL},
                                    [SK_SQL] = {"", CAP_SQL, 0, 0, NULL}};
  if (d->id >= sizeof by_sink / sizeof by_sink[0] || !by_sink[d->id].cap) return;
  cap_def k = by_sink[d->id];
  k.display = d->display;
  note(c, &k, line);
}

void lang_caps_merge(lang_caps *into, const lang_caps *from) {
  for (unsigned k = 0; k < LANG_NCAPS; k++)
    if ((from->seen & (1u << k)) && !(into->seen & (1u << k))) {
      into->seen |= 1u << k;
      into->line[k] = from->line[k];
      into->what[k] = from->what[k];
    }
  if (!into->request) into->request = from->request;
  into->hives |= from->hives;
  if (!into->iis_cred_line) into->iis_cred_line = from->iis_cred_line, into->iis_cred_what = from->iis_cred_what;
}

/* A page that walks the subkeys of three or more registry root keys: a registry scanner, as privilege-escalation
 * kits run to find writable service keys and stored passwords.  Applications read a known key, not the hives. */
int lang_caps_registry(const lang_caps *k, char *out, size_t outsz, unsigned *line) {
  unsigned n = (unsigned)__builtin_popcount(k->hives);
  if (!(k->seen & CAP_REGWALK) || n < 3) return 0;
  unsigned i = lang_cap_index(CAP_REGWALK);
  snprintf(out, outsz,
           "registry walker: it enumerates subkeys (%s, line %u) under %u of the registry's root keys%s: "
           "privilege-escalation reconnaissance of writable keys and stored passwords (MITRE ATT&CK T1012, "
           "T1552.002)",
           k->what[i], k->line[i], n, k->request ? ", the key chosen by request input" : "");
  *line = k->line[i];
  return 45; /* medium: beside a rule of its own, not high */
}

/* Appends ", <what> (<display>, line N)" for capability bit k. */
static size_t say(char *out, size_t outsz, size_t o, const lang_caps *k, unsigned bit, const char *what) {
  unsigned i = lang_cap_index(bit);
  if (!(k->seen & bit) || o >= outsz) return o;
  int w = snprintf(out + o, outsz - o, ", %s (%s, line %u)", what, k->what[i], k->line[i]);
  return w > 0 ? o + (size_t)w : o;
}

int lang_caps_verdict(const lang_caps *k, char *out, size_t outsz, unsigned *line) {
  unsigned s = k->seen;
  int list = (s & CAP_LIST) != 0, modify = (s & (CAP_WRITE | CAP_DELETE)) != 0;
  int score = 0;
  const char *what;
  if ((s & CAP_EXE) && (s & CAP_WRITE) && (s & CAP_CMD)) {
    score = 80; /* msfvenom-style: the page carries a program, writes it out and starts it */
    what = "a dropper that writes and runs a Windows executable it carries";
  } else if (!k->request) {
    /* every tool of a kit but no request read seen (a damaged copy, or
     * input read where we cannot see it): still a kit, at medium; and a
     * page that copies whole tables into files needs no request */
    if (list && modify && (s & CAP_CMD) && (s & (CAP_SQL | CAP_UPLOAD))) {
      score = 60;
      what = "a web-shell kit (no request input seen)";
    } else if ((s & CAP_SQL) && (s & CAP_WRITE) && (s & CAP_SCHEMA)) {
      score = 45;
      what = "a database dump tool";
    } else {
      return 0;
    }
  } else if (list && modify && (s & CAP_CMD)) {
    score = s & CAP_UPLOAD ? 85 : 80;
    what = "a web-shell kit";
  } else if (list && (s & CAP_WRITE) && (s & CAP_DELETE)) {
    score = 60; /* a file manager: dual-use, as a database console is */
    what = "a file manager";
  } else if (list && modify && (s & CAP_SQL) && (s & CAP_UPLOAD)) {
    score = 55;
    what = "a file and database manager";
  } else if (list && (s & CAP_WRITE) && !(s & CAP_SQL)) {
    score = 50; /* writes wherever the walk goes: a writable-folder scanner, or a file manager without delete */
    what = "a directory walker that writes files";
  } else if ((s & CAP_SQL) && (s & CAP_WRITE) && (s & CAP_SCHEMA) && !(s & CAP_CMD)) {
    score = 50; /* dual-use: medium, as a database console is */
    what = "a database dump tool";
  } else if (s & CAP_TIME) {
    score = 60;
    what = "a tool that changes file times";
  } else {
    return 0;
  }
  size_t o = k->request && !(s & CAP_EXE)
                 ? (size_t)snprintf(out, outsz, "%s driven by request input (line %u)", what, k->request)
                 : (size_t)snprintf(out, outsz, "%s", what);
  o = say(out, outsz, o, k, CAP_EXE, "carries");
  o = say(out, outsz, o, k, CAP_LIST, "lists directories");
  o = say(out, outsz, o, k, CAP_WRITE, "writes files");
  o = say(out, outsz, o, k, CAP_DELETE, "deletes files");
  o = say(out, outsz, o, k, CAP_TIME, "sets file times");
  o = say(out, outsz, o, k, CAP_CMD, "runs commands");
  o = say(out, outsz, o, k, CAP_SQL, "runs SQL");
  o = say(out, outsz, o, k, CAP_SCHEMA, "lists tables or columns");
  say(out, outsz, o, k, CAP_UPLOAD, "takes uploads");
  *line = k->request ? k->request : (s & CAP_LIST) ? k->line[0] : k->line[lang_cap_index(s & -s)];
  return score;
}
