/*
 * names.h - the names the analyzer knows: request sources, dangerous sinks,
 * decoders, decryptors and sanitizers, per syntax.  Data, not code: adding
 * a sink is one table row in names.c.
 */
#ifndef SS_LANG_NAMES_H
#define SS_LANG_NAMES_H

#include <stddef.h>

#include "lang/lang.h"

#define SYNBIT(s) (1u << (s))
#define SYN_ALL 0x3Fu
#define SYN_NET (SYNBIT(SYN_CSHARP) | SYNBIT(SYN_VB) | SYNBIT(SYN_JSCRIPT))

typedef enum {
  N_NONE = 0,
  N_SINK,      /* id: sink_class */
  N_DECODER,   /* id: decoder_id, applied to a constant */
  N_DECRYPT,   /* a decryption call: AES, Rijndael, Cipher */
  N_SANITIZER, /* the value it returns is not request-controlled */
  N_SOURCE,    /* returns request input (PHP getallheaders, JSP request.getParameter ...) */
  N_BUILDER,   /* string-building call counted by the statistics */
  N_PASS,      /* returns its argument's value, reshaped: MapPath, Path.Combine, basename, trim */
  N_PURE,      /* PHP string function folded on constants (php_fold.c); id: pure_fn; passes taint */
  N_CAP,       /* a capability a PHP kit shows (php_caps.c); id: PCAP_*, arg: the path it acts on (0: none) */
} name_kind;

/* Capabilities of the PHP capability model (php_caps.c). */
enum { PCAP_LIST, PCAP_WRITE, PCAP_DELETE, PCAP_CMD, PCAP_EVAL, PCAP_UPLOAD, PCAP_SQL, PCAP_NET, PCAP_MAIL, PCAP_COUNT };

/* The PHP string and array functions php_fold.c evaluates on constants. */
typedef enum {
  PF_STR_REPLACE = 1, PF_STR_IREPLACE, PF_SUBSTR, PF_STRTOLOWER, PF_STRTOUPPER, PF_UCFIRST, PF_LCFIRST,
  PF_UCWORDS, PF_TRIM, PF_LTRIM, PF_RTRIM, PF_STRTR, PF_STR_REPEAT, PF_IMPLODE, PF_SPRINTF, PF_PACK,
  PF_UUDECODE, PF_ENTITIES, PF_STRIPSLASHES, PF_EXPLODE, PF_STR_SPLIT, PF_ORD, PF_SUBSTR_REPLACE,
  PF_STRVAL, PF_HEXDEC, PF_OCTDEC, PF_BINDEC, PF_DECHEX, PF_ARRAY_REVERSE, PF_ARRAY_VALUES,
  PF_BASE_CONVERT, PF_VSPRINTF,
} pure_fn;

typedef enum {
  SK_CODE = 1, /* runs its argument as code */
  SK_CMD,      /* runs its argument as an OS command */
  SK_CALLBACK, /* calls the function its arg-th argument names */
  SK_INCLUDE,  /* includes the file named by its argument */
  SK_WRITE,    /* writes a file; arg = index of the path argument */
  SK_SOCKET,   /* opens a network connection */
  SK_SQL,      /* runs a SQL statement */
  SK_LOAD,     /* loads bytes as a class or assembly */
  SK_PREG,     /* preg_replace: code when the pattern has /e */
  SK_CREATE,   /* creates an object whose methods are sinks (typed by its string argument) */
  SK_READ,     /* reads a file and hands its bytes back; arg = index of the path argument */
} sink_class;

#define NF_BODY 1u  /* N_SOURCE: the raw request body */
#define NF_QUAL 2u  /* matched as a suffix of a qualified name */
#define NF_HEADER 4u /* N_SOURCE: only when its argument names a request header (HTTP_...) */
#define NF_BUILDER 8u /* N_PURE: counted as a string-building call by the statistics */
#define NF_SANITIZES 16u /* N_SINK: its value is not request-controlled (filter_var) */
#define NF_REMOTE 32u /* N_SOURCE: returns downloaded content (TA_REMOTE), not request input */
#define NF_SOCKET 64u /* N_SOURCE: returns what a socket received (TA_SOCKET); without a row of its
                       * own, a read of a variable holding a socket (fgets($sock)) */

#define NF_CONN 128u  /* SK_SQL: opens a connection; its argument chooses the database, not a statement */
#define NF_BODYONLY 256u /* N_SINK: only the raw request body counts (deserialization of it) */
#define NF_TYPENAMES 512u /* N_SINK: only on a page that turns on Json.NET type names (TypeNameHandling.Auto ...) */
#define NF_BCEL 1024u /* N_SINK: only when its argument holds a $$BCEL$$ class name (the class bytes are the name) */
#define NF_ARGONLY 2048u /* SK_CMD, a file's own wrapper: its parameter reaches only arguments of a fixed program */

#define LANG_ARG_LAST 255 /* name_def.arg: the last argument */
#define LANG_ARG_REST 254 /* name_def.arg: every argument after the first, as one span */

typedef struct {
  const char *name;
  unsigned char kind, id, syn, arg;
  unsigned short flags; /* NF_* */
  const char *display; /* how an explanation names it, e.g. "Process.Start()" */
} name_def;

/* Looks a lower-case name up for a syntax: the whole name, then (for
 * qualified entries) each suffix after a '.'. */
const name_def *lang_names_lookup(const char *name, size_t n, syntax syn);
/* 1 if m[0, n) is the method name of a sink on an object created by name
 * (run, exec, savetofile...) */
int lang_names_is_object_member(const char *m, size_t n, syntax syn);
/* A PHP superglobal that carries request input ($_GET ...); body=1 for none. */
int lang_names_php_source(const char *var, size_t n);
/* Request-object names of ASP/ASP.NET/JSP: "request", "request.form",
 * "page.request.querystring", "httpcontext.current.request.files"...
 * Returns the length of the source part, 0 if not a source; *body=1 for
 * the raw body (InputStream, BinaryRead, getInputStream, getReader). */
size_t lang_names_request_source(const char *name, size_t n, syntax syn, int *body);

#endif
