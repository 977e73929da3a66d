/*
 * analyze.h - the analyzer's state (shared by analyze.c, fold.c, taint.c
 * and symbols.c): the statement being built from the lexer's tokens, the
 * file's symbols (constants, request taint, object types), user functions
 * that wrap a sink or an XOR loop, and the result being filled.
 */
#ifndef SS_LANG_ANALYZE_H
#define SS_LANG_ANALYZE_H

#include "lang/lang.h"
#include "lang/names.h"

#define TA_BODY 1u    /* the raw request body */
#define TA_DECRYPT 2u /* passed through a decryption or XOR loop */
#define TA_PURE 4u    /* the request value itself, not mixed with literals */
#define TA_CALLED 8u  /* passed through a call to a function we do not know */
#define TA_TMPNAME 16u /* $_FILES[..]['tmp_name']: a path the server chose */
#define TA_UPNAME 32u /* the client's name of an uploaded file */
#define TA_SERVER 64u /* PHP: the whole $_SERVER array; only its request fields are input */
#define TA_PARAM 128u /* a parameter of the function being read (wrappers.c), not input */
#define TA_PACKED 256u /* unpacked at run time from a long encoded literal, not input */
#define TA_REMOTE 512u /* downloaded from a fixed URL, not input */
#define TA_SOCKET 2048u /* PHP: received on a network socket (socket_read, fgets of a socket), not input */
#define TA_WEAK (TA_SERVER | TA_PARAM | TA_PACKED | TA_REMOTE | TA_SOCKET) /* kinds that are not request input */
#define TA_ARGONLY 1024u /* only in the arguments of a fixed program ("ffmpeg -i $x"), not its head */
#define TA_MIXED 8192u /* with TA_CALLED: one of several arguments of that call (f($hosts, $debug)), not its subject */
#define TA_QUOTED 4096u /* PHP: escaped for a quoted literal (str_replace of the quote, addcslashes, var_export):
                           * a value written inside a script's string literal is data, not code */

typedef struct {
  char src[72];    /* the source as written, e.g. $_POST['z0'] */
  char via[48];    /* the decryption it went through, e.g. "openssl_decrypt()" */
  uint8_t chain[LANG_MAX_CHAIN], nchain;
  uint16_t flags;
  uint8_t param;   /* TA_PARAM: which parameter (1-based) */
  uint32_t line;
} taint;

/* A tag for a taint as assigned: tells whether a sym's taint is still the one a note was made for */
static inline uint32_t lang_taint_tag(const taint *t) {
  uint32_t h = 2166136261u ^ t->line;
  for (size_t k = 0; k < sizeof t->src && t->src[k]; k++) h = (h ^ (unsigned char)t->src[k]) * 16777619u;
  return h | 1u;
}

/* A hash of the literal key a[k] reads or writes */
static inline uint32_t lang_key_hash(const char *k, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)k[i]) * 16777619u;
  return h;
}

typedef struct {
  uint32_t hash, name_off, name_len; /* name in persist; hash 0 = empty slot */
  uint32_t gen;     /* the table's generation when it was made: older slots are empty */
  unsigned scope;   /* PHP: the function whose local variable it is; 0 global */
  uint8_t has_const, has_taint, has_type, has_arr;
  uint8_t script;   /* PHP: 1 a path naming a script, 2 a handle open for writing one, 3 PHP code decoded from a literal */
  uint8_t webroot;  /* a path under the web root (__DIR__, DOCUMENT_ROOT, getRealPath) */
  uint8_t socket;   /* PHP: a network socket (fsockopen, socket_create...) */
  uint8_t built;    /* PHP: a string built at run time from literal pieces (php_built.c) */
  uint8_t filled;   /* VB, C#, Java: an object request input was put into by a call (flows.c) */
  uint8_t uploaded; /* C#, VB: a path an uploaded file was saved to (HttpPostedFile.SaveAs(p)) */
  uint8_t dataext;  /* a path that ends in a literal data extension ($dir . $n . '.json'; analyze.c) */
  uint8_t fixname;  /* PHP: a path that ends in a fixed file name ("$dir/page.php"; analyze.c) */
  uint32_t tkey_tag, tkey_hash; /* PHP: tkey_tag the tag of the taint while it was stored only under the one
                                 * constant key hashed in tkey_hash ($v['items'][] = $_GET['h']) */
  uint32_t pfx_tag; /* PHP: nonzero, the tag (lang_taint_tag) of the taint assigned as 'cb_' . $x -- a
                     * function name with a fixed literal prefix, one of a family the file names */
  token val;        /* has_const: a TK_STR, text in persist */
  taint t;          /* has_taint */
  uint32_t type_off, type_len; /* has_type: e.g. "wscript.shell" */
  uint32_t arr_off, arr_len;   /* has_arr: a constant array (carray.c) in persist */
  const name_def *callable;    /* PHP: a function value that runs a sink (create_function, ReflectionFunction) */
  uint8_t cparam;             /* ... the parameter that reaches the sink (1-based; 0: not known) */
  uint8_t cchain[LANG_MAX_CHAIN], ncchain; /* the decoders it applies to its argument first */
} sym;

/* carray.c: constant arrays as one blob of (key, value) byte strings */
#define LANG_CARR_MAX 4096
#define LANG_CARR_BYTES (1u << 20)
typedef struct {
  unsigned char *buf;
  size_t len, cap;
  uint32_t n;
  long long next; /* the key $a[] = ... takes */
  int failed;     /* a bound was hit: the array is not known */
} carr_builder;
typedef struct {
  const char *k, *v;
  size_t kn, vn;
} carr_ent;
void lang_carr_init(carr_builder *b);
void lang_carr_free(carr_builder *b);
int lang_carr_add(carr_builder *b, const char *k, size_t kn, const char *v, size_t vn);
int lang_carr_push(carr_builder *b, const char *v, size_t vn);
/* Iterates: pos 0 starts; returns the next position, 0 at the end. */
size_t lang_carr_next(const unsigned char *blob, size_t len, size_t pos, carr_ent *e);
uint32_t lang_carr_count(const unsigned char *blob, size_t len);
int lang_carr_get(const unsigned char *blob, size_t len, const char *k, size_t kn, const char **v, size_t *vn);
/* Adds blob's entries to b (keys under prefix\x1f when pn > 0), leaving
 * out the key skip and what is nested under it. */
int lang_carr_copy(carr_builder *b, const unsigned char *blob, size_t len, const char *prefix, size_t pn,
                   const char *skip, size_t sn);
/* The entries nested under key k, with k\x1f taken off; 0 if none. */
int lang_carr_sub(carr_builder *b, const unsigned char *blob, size_t len, const char *k, size_t kn);

/* A decode loop's appended expression, read by loop_run.c. */
#define LR_NODES 32
#define LR_BINDS 4
#define LR_STR 24
typedef struct {
  uint8_t op, a, b;
  int32_t v;
} lr_node;
enum { LB_NAME = 0, LB_STR, LB_PARAM }; /* a name not known (a length kept in a variable), a constant, a parameter */
typedef struct {
  uint8_t kind, len, param, nchain;
  uint8_t chain[LANG_MAX_CHAIN]; /* LB_PARAM: decoders the body applies to it first */
  char name[24];
  char s[LR_STR];                /* LB_STR */
} lr_bind;
typedef struct {
  lr_node nodes[LR_NODES];
  lr_bind binds[LR_BINDS];
  uint8_t n, nbind, root, src, step, base;
  char ivar[24];
  char target[24];              /* the variable the loop appends to */
  /* last, out of the comparison of two programs: set from the function's return */
  uint8_t post[LANG_MAX_CHAIN], npost; /* return gzinflate($o): decoders applied to the output, innermost first */
} lr_prog;
#define LR_PROGS 8
/* Reads st[s, e) (the expression a loop appends) into p; 1 if it is a decode loop's. */
int lang_loop_compile(lang_ctx *c, size_t s, size_t e, lr_prog *p);
/* Runs p over the bindings' values (vals[k] NULL: unknown); the output length, -1 if it does
 * not apply, -2 over cap. */
long lang_loop_run(const lr_prog *p, const unsigned char *const *vals, const size_t *lens, unsigned char *out, size_t cap);
/* The loop statement appending st[s, nst) to tg: in a function, on a parameter, the function keeps it
 * (wrapper.lrun); on constants it runs, and 1 says its output (after tg's prior value) is in
 * c->lrun_off/len. */
int lang_loop_statement(lang_ctx *c, size_t s, const token *tg);
/* st[i] calls a function of the file that keeps a decode loop, on literals: the output's length (*out,
 * caller frees), *close the call's ')', *src the source argument; -1 if not. */
long lang_loop_call(lang_ctx *c, size_t i, size_t *close, char **out, const token **src);
/* VBScript, JScript, Java, C#: "o = o & Chr(...)", "o += (char)(...)" at st[eq]: in a function, kept;
 * on constants, run: 1, and lang_loop_assign_after (once the assignment is recorded) gives o the output. */
int lang_loop_assign(lang_ctx *c, size_t eq);
void lang_loop_assign_after(lang_ctx *c);
/* s holds the output of the loop just run (c->lrun_*): a constant decoded by DEC_LOOP. */
void lang_loop_store_output(lang_ctx *c, sym *s);
/* ... and the parameter names of the function whose name is st[name] (PHP's are symbols). */
void lang_loop_params(lang_ctx *c, size_t name);

typedef struct {
  char name[48];
  const name_def *sink; /* a sink its parameter reaches inside it, or NULL */
  uint8_t sink_param;   /* which parameter (1-based; 0: any argument) */
  uint8_t sink_chain[LANG_MAX_CHAIN], nsink_chain; /* decoders between the parameter and the sink */
  uint8_t built_param;  /* PHP: the parameters (bit k-1: the k-th) it hands to a function whose name is built (php_built.c) */
  uint8_t call_param, call_built, call_args; /* PHP: the parameter it calls as a function (through string functions:
                                                call_built) and those it hands to it, a bit each (php_dispatch.c) */
  uint16_t sink_flags;  /* the taint flags the parameter reached it with (TA_PURE: as it is, not joined) */
  uint8_t param_runs;   /* Java: a parameter reaches a code, command or class-loading sink (jsp_parts.c) */
  char retc[64];        /* a constant it returns (function loader() { return 'ev'.'al'; }), or "" */
  uint8_t nretc, retc_bad;
  uint8_t xor;          /* an XOR in a loop inside it */
  uint8_t passes;       /* it returns (a transformation of) a parameter */
  uint8_t returns;      /* it returns request input, remote content or a packed payload: ret */
  uint8_t nparams;
  uint16_t pcaps;       /* PHP capabilities its parameters feed (php_caps.c) */
  taint ret;
  uint8_t decoder;      /* VBScript/JScript: a decoder_id it implements (MSXML bin.base64, "&H" hex pairs) */
  uint8_t shape;        /* VBScript/JScript: 1 takes characters out (Mid, charAt), 2 makes them (Chr, Asc,
                           fromCharCode): both, a decoder whose algorithm we do not run */
  uint8_t tbl_chain[LANG_MAX_CHAIN], ntbl_chain; /* PHP: return D($table[$param]): the decoders, innermost first */
  uint32_t tbl_off, tbl_len; /* ... and its constant table (in persist); tbl_len 0: none (php_table_fn.c) */
  uint16_t inl_at, inl_len;  /* PHP: return <expression of its parameter>: its tokens in inl_pool (php_inline.c) */
  uint8_t inl_bad;           /* ... another return, or one under a condition: not inlined */
  uint8_t glob_param;        /* PHP: the parameter it stores in the global glob (php_globals.c), 0: none */
  char glob[32];
  uint8_t lrun;              /* its decode loop: lr_progs[lrun - 1] (loop_run.c), 0: none */
  uint8_t ref_param, ref_prefix, ref_lit_len; /* PHP: the by-reference parameter it appends ref_lit to
                                                (prepends: ref_prefix), 0: none (php_refs.c) */
  char ref_lit[16];
} wrapper;

/* Request input carried by a named object property to a method that runs it (php_objprop.c). */
#define OBJPROP_MAX 8
typedef struct { char prop[24], method[24]; uint8_t param; } objprop_ctor; /* a method: $this->prop = $param */
typedef struct { char prop[24], method[24], sink[32]; unsigned line; int code; } objprop_run; /* sink($this->prop) */
typedef struct { char prop[24], src[48]; unsigned line; } objprop_fed; /* the request stored in prop */
typedef struct {
  objprop_ctor ctor[OBJPROP_MAX];
  objprop_run run[OBJPROP_MAX];
  objprop_fed fed[OBJPROP_MAX];
  unsigned nctor, nrun, nfed;
} php_objprop;

/* What a PHP file can do (php_caps.c): capabilities present, those whose argument
 * comes from the request (or a function's parameter), the line of each. */
/* A loop being read (php_mailer.c): its brace depth and the variables its header names. */
#define LANG_MAIL_LOOPS 8
typedef struct {
  int depth;
  unsigned nvars;
  char vars[4][24];
} lang_mail_loop;

/* A mass mailer's parts (php_mailer.c): sends in loops over request lists, raw SMTP. */
typedef struct {
  unsigned loop_line;        /* mail()/mb_send_mail() in such a loop, recipient and message from the request */
  char loop_fn[24];          /* ... the function that sends (mail, mb_send_mail, or the file's wrapper of one) */
  unsigned obj_line;         /* a mailer object re-addressed in such a loop with request recipients */
  unsigned conn_line;        /* a socket opened to an SMTP port or to a request-chosen host */
  char conn_fn[24];
  unsigned rcpt_line;        /* an RCPT TO command carrying request input */
  char rcpt_src[48];
  unsigned verbs;            /* SMTP verbs written: 1 HELO/EHLO, 2 MAIL FROM, 4 DATA */
  char wfn[4][24];           /* the file's functions that hand a parameter to mail() as its recipient */
  uint8_t wrcpt[4], wmsg[4][3]; /* ... that parameter, and those giving subject, body, headers (0: none) */
  uint8_t wfixed[4];         /* ... message parts that function fills from the request itself */
  unsigned nw;
  char counts[4][24];        /* variables holding the count of a request list: loop bounds */
  unsigned ncounts;
} php_mailer;

typedef struct {
  uint32_t present, fed;
  int request; /* it reads request input at all */
  int binary;  /* it carries a native executable in a literal (2: a script with a #! line, maybe base64) */
  int shell;   /* a built constant names a command shell (/bin/sh) */
  unsigned runners; /* which of PHP's command functions it calls (php_caps.c) */
  /* a constant path request input was written to (php_sinks.c): loading it runs the input */
  char written[48], written_src[48], written_fn[24];
  unsigned written_line;
  /* a PHP opening tag written into a constant path not named as a script (php_stash.c) */
  char stash[48], stash_fn[24];
  unsigned stash_line;
  /* object injection: request input unserialized, and a magic method that runs a property */
  unsigned unser_line, gadget_line;
  char unser_src[48], gadget_method[16], gadget_sink[32];
  unsigned prop_line; /* request input stored in an object's property ($o->p = $_GET['x']) */
  int gadget_direct;  /* the gadget runs the property as code, or as the head of a command */
  char prop_src[48];
  php_objprop *objprop; /* made on first use (php_objprop.c), freed with the file */
  unsigned line[PCAP_COUNT];
  char fn[PCAP_COUNT][28];    /* the first call that showed it */
  unsigned schema_line, copy_line; /* SQL listing the tables, SQL copying a whole table named by a variable (php_dbdump.c) */
  unsigned chosen_line;            /* ... a SELECT whose columns and table the request names, built in a variable */
  char chosen_src[2][72];
  /* attack tools that run nothing the request chose (php_tools.c) */
  unsigned drop_line;            /* mail() to a free-mail address written into the file */
  char drop_to[48], drop_cred[48]; /* ... that address, and a credential field its body carries */
  unsigned zlib_line;            /* a request-named file read through compress.zlib:// */
  char zlib_src[48], zlib_wrapper[20];
  unsigned writable_line;        /* is_writable() */
  /* a search engine named, HTTP_USER_AGENT or HTTP_REFERER read, a remote URL carrying the request's host, a fetch */
  unsigned crawler_line, ua_line, url_line, fetch_line;
  unsigned mailer_line, mailer_fed; /* a mailer object's recipients (1), subject (2), body (4), sender (8) fed */
  unsigned index_line;           /* request input written to a folder's index page */
  unsigned self_line, self_write_line; /* the script's own file (__FILE__) opened for writing; written to */
  char self_fh[24];                    /* ... the handle it was opened into */
  unsigned sweep_line;           /* a for loop's bound of 254-256: the hosts of a /24 network */
  char sweep_var[24];            /* ... its counter */
  unsigned scan_line;            /* a URL or host built from request input and that counter */
  char scan_src[48];
  unsigned zip_line;             /* a ZIP record signature ("PK\3\4") or ZipArchive: it builds an archive */
  int zip_lib;                   /* ... with ZipArchive */
  unsigned chdir_line;           /* chdir() to a folder the request names */
  unsigned drive_line;           /* is_dir($letter . ':'): drive letters probed */
  unsigned rawip_line;           /* a URL at a raw public IPv4 address carrying this site's name or path */
  char rawip_url[48];
  char fetch_fn[24];             /* the first fetch call (fetch_line) */
  unsigned gate_line;            /* md5($_GET['p']) == '<32 hex digits>': a password hash written into the file */
  unsigned cb_line;              /* array_map('name', $_REQUEST['x']): request input through a named callback */
  char cb_fn[24], cb_name[32];
  char site_var[24];             /* a variable assigned this site's name or path ($h = $_SERVER['SERVER_NAME'] ...) */
  /* literals the file builds or decodes ('/etc/pa' . 'sswd', chr()s, base64): php_attack.c reads them with the text */
  char built_lits[1024];
  unsigned nbuilt, nbuilt_lines, built_off[16], built_line[16];
  unsigned read_line;            /* a file the request names whole, read */
  char read_src[48], read_fn[24];
  /* extension APIs (php_extapi.c): SQL functions registered as a command or code sink */
  char sqlfn[2][24];
  const char *sqlfn_sink[2], *sqlfn_by[2];
  unsigned nsqlfn;
  /* registerPHPFunctions() with no list (any PHP function), and request XML or XPath near it */
  unsigned xreg_line, xin_line;
  char xin_src[48], xin_how[40];
  char xmlvar[2][24]; /* DOM documents loaded from request input: an XSLT stylesheet of one */
  char xmlvar_src[2][48];
  unsigned nxmlvar;
  php_mailer mail; /* mass mailers (php_mailer.c) */
  /* a whole request array serialised (serialize($_POST) ...) and hidden in an image-named file or sent out by
   * a command: a request harvester (php_tools.c) */
  unsigned harvest_line;
  char harvest_var[24], harvest_src[12], harvest_fn[16], harvest_sink[20];
  int harvest_cmd; /* ... sent away by a command (1) or hidden in an image-named file (0) */
  char img_fh[24]; /* a handle fopen() opened on an image-named path */
  unsigned rootlink_line; /* symlink('/', ...) or a command ln -s / ...: the server's root linked (php_tools.c) */
  char rootlink_fn[20];
  unsigned stomp_line; /* a command's touch -r/-d/-t: a file given another's or a chosen time (php_tools.c) */
  char stomp_fn[20];
} php_caps;

/* caps.c: what a page can do, for the kit verdict */
#define CAP_LIST 1u   /* enumerates directories or drives */
#define CAP_WRITE 2u  /* writes, copies or moves files */
#define CAP_CMD 4u    /* runs commands */
#define CAP_SQL 8u    /* runs SQL */
#define CAP_UPLOAD 16u /* receives an uploaded file */
#define CAP_DELETE 32u /* deletes files or folders */
#define CAP_TIME 64u  /* sets a file's times (hides a change) */
#define CAP_FETCH 128u /* fetches over HTTP */
#define CAP_SCHEMA 256u /* walks a database's tables or a result's columns generically */
#define CAP_EXE 512u  /* builds a Windows executable (MZ...) in a string */
#define CAP_REGWALK 1024u /* enumerates a registry key's subkeys (GetSubKeyNames) */
#define LANG_NCAPS 11
/* The index of a CAP_* bit in lang_caps.line and .what. */
static inline unsigned lang_cap_index(unsigned bit) { return (unsigned)__builtin_ctz(bit); }

typedef struct {
  unsigned seen;                  /* CAP_* bits */
  unsigned line[LANG_NCAPS];      /* where each was first seen */
  const char *what[LANG_NCAPS];   /* what showed it (static) */
  unsigned request;               /* line of the first request read, 0 if none */
  unsigned hives;                 /* registry root keys named (Registry.LocalMachine ...), a bit each */
  unsigned iis_cred_line;         /* iis_adsi.c: an IIS metabase password property read */
  const char *iis_cred_what;      /* ... which one (static) */
} lang_caps;

#define MAX_WRAPPERS 64
#define LV_CONST 1u /* a constant string or array */
#define LV_PATH 2u  /* a script path, a handle on one, a path under the web root */
#define LV_ARR 4u   /* a constant array */
#define LV_LONG 8u  /* a constant string of LANG_LONG_CONST bytes or more (php_callconst.c's tables) */
#define LANG_LONG_CONST 32
#define SM_DOLLAR 1u /* a '$' operator ($$k, ${...}) */
#define SM_INCDEC 2u /* ++ or -- */
#define SM_CALL 4u   /* a name of 7+ letters starting e, i, p, m or u (extract, parse_str, unserialize...) */
#define SM_PASSIGN 8u /* ( $x = : an assignment inside parentheses */
#define SM_CHMOD 16u  /* the name chmod (php_chmod.c) */
#define SM_AMP 32u    /* a '&' operator (php_refs.c) */
#define SM_CUF 64u    /* the name call_user_func (php_callname.c) */
#define SM_QUEST 128u /* a ternary's '?' or '?:' (php_choice.c) */
#define SM_CTOR 256u  /* the name __construct (php_objprop.c: promoted parameters) */
#define MAX_STMT 4096

typedef struct { uint32_t from, to, off, len, quoted; } fold_span; /* a literal the folder built, where it was written */

struct lang_ctx {
  tok_sink sink; /* first: the lexer's callback receives it */
  lang_limits lim;
  token *st;
  size_t nst, capst;
  syntax syn;
  const unsigned char *buf; /* the buffer being lexed: explanations quote it */
  size_t len;
  arena persist;
  sym *syms;
  size_t nsyms, capsyms;
  uint32_t symgen; /* slots of an older generation are empty (symbols.c) */
  wrapper wrappers[MAX_WRAPPERS + 1]; /* the last: a function read while the table is full (end_function) */
  uint64_t wrapper_bloom[64]; /* their names (lang_name_bit): most calls are of no function of the file */
  size_t nwrappers;
  int sink_wrappers; /* some wrapper has a sink: calls are looked up */
  uint64_t sink_bloom; /* bits of (first letter, length) of those wrappers' names: most calls skip the lookup */
  int cap_wrappers;  /* some wrapper's parameters feed a capability */
  int fn;          /* index+1 of the wrapper being defined, 0 outside */
  int lent_fn;     /* code a function runs in its own scope (VBScript Execute): that function's fn */
#define LANG_CALLCONST 64
#define LANG_CALLCONST_ARGS 6
  struct { /* calls of the file's functions seen so far: the long literal each argument had (php_callconst.c) */
    char name[48];
    uint8_t state[LANG_CALLCONST_ARGS]; /* 0 none yet, 1 the same literal every time, 2 varies */
    uint32_t off[LANG_CALLCONST_ARGS], len[LANG_CALLCONST_ARGS]; /* the literal, in persist */
  } callconst[LANG_CALLCONST];
  size_t ncallconst;
#define LANG_INL_POOL 1024
  token inl_pool[LANG_INL_POOL]; /* bodies of inlinable functions (php_inline.c), text in persist */
  size_t ninl_pool;
  lang_ctx *parent; /* the file a payload was decoded from: its symbols are read too */
  char globals[32][32]; /* PHP: `global $x` (and $GLOBALS['x']) names of the function being read */
  unsigned nglobals;
  uint8_t heads_params; /* input_heads_command_p: a parameter of the function read counts as input */
  int probe;       /* reading a callback's body: which sink its parameter reaches (probe_sink) */
  const name_def *probe_sink;
  uint8_t probe_param;     /* ... through which parameter (1-based) */
  uint8_t probe_chain[LANG_MAX_CHAIN], nprobe_chain;
  const name_def *ob_sink; /* PHP: ob_start() hands the output to this sink */
  int ob_keep;             /* PHP: ... or to this wrapper (index + 1), which keeps it in a global (php_globals.c) */
  uint8_t glob_wrappers;   /* PHP: some function keeps a parameter in a global (php_globals.c) */
  uint64_t glob_bloom;     /* ... bits of (first letter, length) of their names */
  uint8_t ref_wrappers;    /* PHP: some function appends to a by-reference parameter (php_refs.c) */
  uint8_t fn_refbits;      /* PHP: the by-reference parameters of the function being read (php_refs.c) */
  struct { char alias[32], target[32]; unsigned scope; } refs[16]; /* PHP: $alias = &$target... (php_refs.c) */
  unsigned nrefs;
  size_t method_obj;       /* the object a method sink is called on (its index in st + 1), or 0 */
  unsigned values; /* LV_*: kinds of value some symbol of this file holds (lookups skipped otherwise) */
  php_caps pcapsrec; /* the file's capabilities (the top context's; php_caps.c) */
  php_caps *pcaps;   /* where to note them: &pcapsrec, or the file's for a payload */
  int db_driver;   /* PHP: the file names a database driver (php_dbdump.c): 0 not looked yet, 1 yes, 2 no */
  int extracted;   /* extract($_REQUEST) or the like was seen: unassigned variables are input */
  unsigned extract_scope;
  taint extract_t;
  unsigned scope, scopes; /* PHP variable scope: the function being read, and a counter */
  int fn_depth;    /* brace depth at which it ends */
  int in_fn;       /* inside a function definition */
  char jparams[4][32]; /* Java: the parameter names of the method being read (jsp_parts.c) */
  uint8_t njparams;
  int depth;       /* brace depth */
  int pass, want_repass, saw_psi;
  int saw_wmi_process; /* a Win32_Process class object was made: its Create in-parameters run CommandLine */
  int saw_task_service; /* a Task Scheduler (Schedule.Service) object was made: an action's Path/Arguments run */
  /* what a second pass could change: variables that fed a sink untainted
   * (with their function scope), and functions called before they were
   * defined (a bloom of their names) */
  struct { char name[32]; unsigned scope; } repass_vars[32];
  unsigned nrepass_vars;
  uint64_t called_bloom[64];
  uint64_t called_method_bloom[64]; /* PHP: ... and methods called ($o->m(), K::m()) before their definition */
  uint64_t called_top_bloom[64]; /* ... the ones called outside any function */
  uint64_t called_tainted_bloom[64]; /* ... the ones given tainted arguments (taint.c) */
  uint64_t sink_prop_bloom[64]; /* PHP: properties a code or command sink read ($this->p) while untainted */
  int late_prop; /* ... one of them assigned request input further down (a constructor below the method) */
  int late_wrapper;
  int late_sink;   /* PHP: a function wrapping a code or command sink was called before its definition */
  int late_cap;    /* PHP: a function whose parameter feeds a capability was called, from the page, before its definition */
  unsigned hidden_calls, hidden_line; /* PHP: calls through a name the file hides in a variable or table (php_hidden.c) */
  uint64_t hidden_names;              /* ... a bit per name (its hash), to count the different ones */
  char hidden_first[32];              /* ... the first such name */
  uint8_t session_late, varcall_seen; /* PHP: request input stored under a session key read before; a variable function called */
  unsigned session_line; /* PHP: the statement (c->statements) of the first $_SESSION read or written (0: none yet) */
  char loopdec[48];      /* PHP: the variable this statement appends decoded characters to in a loop (php_decoder.c) */
  uint8_t method_wrappers; /* PHP: some function of the file is worth reading where it is called as a method (php_methods.c) */
  uint8_t php_decoders;  /* PHP: some function has a decoder's shape (php_decoder.c) */
  uint8_t nlr_progs;     /* the decode loops of the file's functions (loop_run.c) */
  lr_prog lr_progs[LR_PROGS];
  char lr_params[6][24];  /* VBScript, JScript, Java, C#: the parameters of the function being read */
  uint8_t nlr_params;
  uint32_t lrun_off, lrun_len; /* a loop's output on constants, in persist, for the target var (loopdec) */
  uint8_t late_decoder;  /* PHP: code was run from a call on a constant before any decoder was defined */
  uint8_t decrypt_seen;  /* PHP: the file names openssl_decrypt or mcrypt_decrypt */
  uint8_t dispatch_wrappers; /* PHP: some function calls a parameter (wrapper.call_param) */
  uint8_t stmt_member;    /* PHP: the statement being read has a -> or :: (php_methods.c) */
  uint8_t reorder_wanted, reorder; /* PHP: goto (1) or __halt_compiler() (2) seen; reading through php_goto.c */
  char closure_var[32];   /* PHP: the variable the function being read is assigned to ($f = function ...) */
  uint8_t built_wrappers; /* PHP: some function hands a parameter to a built name (wrapper.built_param) */
  uint8_t loopdec_seen;  /* ... some variable holds code a decoder of the file unpacks ("php-decoded:" type) */
  /* PHP: the innermost foreach over a constant array (its value variable, the
   * array in persist, the depth of its header), and a join this statement
   * makes of a constant array's values (php_decoder.c) */
  char foreach_var[48];
  uint32_t foreach_off, foreach_len;
  unsigned foreach_depth;
  /* PHP mass mailers (php_mailer.c): the loops being read, innermost last */
  union { /* mail_state: any of them, tested once per statement */
    struct {
      uint8_t mail_file;  /* mail(), a socket or a mailer object was met: statements are read for sends */
      uint8_t mail_loops; /* loops open */
      uint8_t mail_for;   /* inside a for (...;...;...) header (split at its semicolons) */
      uint8_t mail_pad;
    };
    uint32_t mail_state;
  };
  lang_mail_loop mail_loop[LANG_MAIL_LOOPS];
  char join_var[48];
  uint32_t join_off, join_len, join_prior_off, join_prior_len;
  uint8_t join_prior;
  int parens; /* open parentheses in the statement being built */
  int hdr_parens; /* PHP: open parentheses of a control header (if, for, while...), across a for's ';' */
  size_t hdr_close; /* PHP: the statement ends at this token count, its header's ')', unless a block follows */
  int body_depth, body_base; /* PHP: unbraced bodies being read, each one level deeper, as a block would be */
  uint8_t hdr_split;         /* PHP: the statement being ended is a header cut from its body */
  int ebrace; /* PHP: open braces that are part of an expression (${...}, $s{0}) */
  unsigned stmt_marks; /* PHP: SM_* seen in the statement being built (on_token), so passes over it can be skipped */
  int in_target; /* folding an assignment's target: its variable is not read */
  int decoders;    /* page functions that decode (wrapper.decoder): a second pass folds calls made before them */
  int late_types;  /* VB/JScript: a sink method called on a variable not typed yet (its Set comes later) */
  int init_braces; /* open braces of an initializer in the statement: { ... } after = or ] */
  int cf_remote;   /* CFML: inside a <cffunction access="remote"> */
  int stmt_cond;   /* VB, C#, Java, JScript: the statement runs on one branch only (conditional()) */
  int shared_next; /* check_sink: the code analyze_code reads next runs in the page's own scope */
  unsigned statements;
  decode_budget *budget;
  lang_result *res;
  unsigned level;       /* nesting of decoded payloads */
  /* folded_text.c: literals the folder built in the file's own text, and the file rewritten with them */
  const unsigned char *fold_base; /* the buffer their offsets are in */
  fold_span *fold_spans;
  size_t nfold_spans, capfold_spans;
  char *fold_text, *fold_out;
  size_t fold_bytes, capfold_text, capfold_out, fold_out_len;
  const char *prefix;   /* for a payload: what decoded it */
  unsigned outer_line;
  size_t longest, blob_bytes, builders;
  lang_caps caps;
  unsigned dyn_line;    /* VB/JScript: code run from a value built at run time */
  const char *dyn_display;
  unsigned alias_line;  /* JScript: eval taken as a value, called through an alias */
  struct { char alias[32], target[32]; } fnalias[8]; /* PHP: use function system as run; */
  unsigned nfnalias;
  uint8_t ffi_file; /* the buffer names FFI:: */
  uint8_t class_consts; /* PHP: the file declared a constant with const (K::NAME may read it) */
  unsigned servu_seen, servu_line; /* techniques.c: Serv-U local administration commands seen */
  unsigned account_line;           /* techniques.c: a literal that makes a Windows account */
  unsigned register_line; /* JSP: a filter, servlet or listener added to the running server */
  const char *register_display;
  unsigned script_write_line; /* a file written under a script page's name, not from the request */
  const char *script_write_display;
  const char *script_open; /* VB, C#, Java: the statement opens a script page for writing with this (display) */
  unsigned fetch_fed_line; /* VBScript/JScript: an XMLHTTP request opened on a URL the request chose (flows.c) */
  /* control flow, so a value assigned on one branch only does not erase
   * request taint (If x = "" Then x = "cmd.exe"): VB blocks open, the line
   * of a single-line If's Then, C-like braces (a bit per level: 1 for a
   * conditional or loop body) */
  unsigned vb_blocks, then_line;
  int then_pending;
  uint64_t cond_braces;
  unsigned brace_level;
  unsigned lambda_level; /* lambdas.c: the brace level of the open block-bodied lambda body, 0: none */
  char lambda_name[48];  /* ... and the variable it is kept in */
  unsigned prop_level;   /* properties.c: the brace level of the open property's body, 0: none */
  char prop_name[48];    /* ... and its name */
  struct {               /* php_cbtail.c: a closure callback whose body is still being read */
    int open, closed;    /* its braces still open; 1: closed, the call's rest comes next */
    int iife;            /* 1: (function (...) {...})(args), called where it is written */
    int reading;         /* 1: the body is being read, its parameters tainted as LANG_PARAM_CLOSURE */
    char src[72];        /* ... and request input among the call's arguments before the closure */
    uint8_t nsaved, existed[4];
    sym saved[4];        /* the page's variables of the parameters' names, given back when the body closes */
    unsigned line;
    const name_def *inner; /* the sink the closure hands its parameter to */
    char display[48];    /* the call that is handed the closure */
  } cbtail;
  const name_def *err_handler_sink; /* php_runtime_calls.c: the sink the error handler hands its message to */
  const name_def *exc_handler_sink; /* ... and the exception handler the exception's message */
  const name_def *autoload_sink;    /* ... and the autoloader the name of a class looked up */
  char anon_var[32];     /* php_choice.c: the variable "new class {" was assigned to */
  char fnlist_var[32];   /* php_choice.c: the variable get_defined_functions() was assigned to */
  char choice_var[32];   /* php_choice.c: the variable "$f = match (...) {" assigns, its arms coming next */
  unsigned local_level;  /* local_fns.c: the brace level of the open nested function's body, 0: none */
  char local_name[48];   /* ... and its name */
  int iis_page;          /* iis_adsi.c: the buffer names an IIS:// metabase path */
  int vpp_page;          /* memshell.c: the buffer names a VirtualPathProvider */
  lang_result result; /* stage.c: the last file's, referenced by its finding */
};

/* symbols.c */
static inline int lang_sym_live(const lang_ctx *c, const sym *s) { return s->hash && s->gen == c->symgen; }
/* After s->val was set or grown: a long constant string is noted (LV_LONG), so that files without one
 * skip the lookups that only a table-sized constant answers (php_callconst.c). */
static inline void lang_sym_noted(lang_ctx *c, const sym *s) {
  if (s->val.len >= LANG_LONG_CONST) c->values |= LV_LONG;
}
sym *lang_sym_get(lang_ctx *c, const char *name, size_t n, int create);
unsigned lang_sym_scope(const lang_ctx *c, const char *name, size_t n); /* the scope a name has here (0: global) */
void lang_sym_reset(lang_ctx *c);
/* Function-local variables lose their taint (before a second pass). */
void lang_sym_forget_locals(lang_ctx *c);

/* fold.c: constant substitution, literal joining and decoding in st[a, nst) */
int lang_fold_statement(lang_ctx *c, size_t a); /* 1 if anything folded */
/* Folds st[a, b) only (a key inside an assignment's target); returns the new b. */
size_t lang_fold_range(lang_ctx *c, size_t a, size_t b);
/* Joins the runs of concatenated literals of a statement still being
 * built (one that grew to MAX_STMT tokens); 1 if it shrank. */
int lang_fold_compact(lang_ctx *c);
/* st[i..j] becomes the one token t. */
void lang_fold_replace(lang_ctx *c, size_t i, size_t j, const token *t);
/* t's decoder chain: chain[0..n) then id (0: none). */
void lang_fold_chain(token *t, const uint8_t *chain, size_t n, int id);
/* st[i..j] becomes one token of kind holding bytes[0, n): a literal keeps
 * from's decoder chain and constness (when given) and adds decoder id (0:
 * none); a name (TK_IDENT) is what folding found a call's name to be. */
void lang_folded_note(lang_ctx *c, size_t a, size_t b);
size_t lang_folded_build(lang_ctx *c, const unsigned char *buf, size_t len);
size_t lang_folded_whole(lang_ctx *c, const unsigned char *buf, size_t len);
void lang_fold_put(lang_ctx *c, size_t i, size_t j, const char *bytes, size_t n, tok_kind kind, const token *from,
                   int id);
/* A variable or name at st[i] holding a constant becomes its value. */
void lang_fold_subst_one(lang_ctx *c, size_t i);
/* Decodes the constant argument of the decoder call st[i]( ... st[j] ). */
int lang_fold_decode_call(lang_ctx *c, size_t i, size_t j, const name_def *d);
/* 1 if the bytes are mostly not text. */
int lang_fold_binary(const char *s, size_t n);
/* php_fold.c: PHP's own constant expressions at st[i] (see there). */
int lang_php_fold_at(lang_ctx *c, size_t i);
/* ... each of which has an operator at st[i] or st[i + 1]: fold.c asks
 * this inline first, as most tokens of a statement have neither. */
static inline int lang_php_fold_may(const lang_ctx *c, size_t i) {
  return i + 1 < c->nst && (c->st[i].kind == TK_OP || c->st[i + 1].kind == TK_OP);
}
int lang_php_fold_interp(lang_ctx *c, size_t i);
/* s holds the constant array b (or nothing, if it is too big). */
void lang_sym_set_array(lang_ctx *c, sym *s, const carr_builder *b);
/* The target of an assignment at st[0, eq): variable variables and
 * $GLOBALS['x'] fold to the variable they name, constants are not read. */
void lang_php_fold_target(lang_ctx *c, size_t eq);
/* The constant array a TK_ARR token or an array variable holds. */
int lang_php_array_of(lang_ctx *c, const token *t, const unsigned char **blob, size_t *len);
/* fold_builders.c: a call of a page function that decodes (wrapper.decoder)
 * on a constant at st[i]; 1 if folded */
int lang_fold_user_decoder(lang_ctx *c, size_t i);
/* ... whether the name t, met inside a function, shows it picks characters apart and rebuilds them */
void lang_note_decoder_shape(lang_ctx *c, const token *t);
/* 1 if st[a, b) holds what a page decoder returns (its call, or a variable
 * assigned from one); *name gets the decoder's name */
int lang_decoded_value(lang_ctx *c, size_t a, size_t b, char *name, size_t namesz);
/* php_fold.c: st[i..j] becomes the constant array b */
void lang_php_emit_arr(lang_ctx *c, size_t i, size_t j, const carr_builder *b);
/* php_arrmap.c: array_map('chr', <constant array>) at st[i] folded to the array it makes; 1 if folded */
int lang_php_fold_array_map(lang_ctx *c, size_t i);
/* php_decoder.c: $o .= chr(ord($d[$i]) ^ $k) in a loop over a constant (the assignment at st[eq]), read before folding
 * (which would take one turn of the loop for the whole); and after the
 * assignment is recorded, $o holds what the loop builds, not a constant */
void lang_php_loop_decoder_before(lang_ctx *c, size_t eq);
void lang_php_loop_decoder_after(lang_ctx *c);
/* php_dispatch.c: inside a function, the callee st[s, e) of a call whose arguments span [a, b):
 * a parameter called as a function, with the parameters handed to it */
void lang_php_note_dispatch(lang_ctx *c, size_t s, size_t e, size_t a, size_t b);
/* ... a call f(...) at st[i] (arguments [a, b)) of such a function, fed by the request: reported */
int lang_php_dispatch_call(lang_ctx *c, size_t i, size_t a, size_t b, unsigned line);
/* php_methods.c: Cls::m(...), $obj->m(...) of a method the file defines
 * that runs code or commands, returns a constant or decodes: read as m(...) */
void lang_php_own_methods(lang_ctx *c);
/* php_callname.c: call_user_func('f', x) read as the call f(x) */
void lang_php_callname(lang_ctx *c);
/* ... at the end of a function: whether it is such a method (1 if so) */
int lang_php_note_method_wrapper(lang_ctx *c, const wrapper *w);
/* php_decoder.c: whether the token t, arriving inside a PHP function (before
 * folding turns chr(9) into its value), shows the function picks characters
 * apart (substr, $s[$i]) and makes them (chr, ord) */
void lang_php_note_decoder_token(lang_ctx *c, const token *t);
/* 1 if st[a, b) holds what a PHP decoder of the file returns on a constant
 * (its call, or a variable assigned from one); *name gets the decoder's name.
 * sink: st[a, b) is code about to run (a call of a function not read yet on a
 * constant there asks for a second pass, once a decoder turns up) */
int lang_php_decoded_code(lang_ctx *c, size_t a, size_t b, int sink, char *name, size_t namesz);
/* PHP: return D(...($o)) of a function that keeps a decode loop appending to $o: D applied after it. */
void lang_loop_note_return(lang_ctx *c, wrapper *w);
/* ... whether s[0, n) names such a decoder of the file */
int lang_php_is_decoder(const lang_ctx *c, const char *s, size_t n);
/* ... whether the literal t, met inside a function, shows it decodes */
void lang_note_decoder_literal(lang_ctx *c, const token *t);
void lang_note_decoder_return(lang_ctx *c, size_t i, const name_def *d);
/* fold_builders.c: JScript, C# and Java string-building idioms on
 * constants at st[i]; 1 if folded */
int lang_fold_builders(lang_ctx *c, size_t i);
/* Join(Array(...)), Join(Split(...)), ["a","b"].join(), o["name"](...) folded (fold_lists.c). */
int lang_fold_lists(lang_ctx *c, size_t i);
/* index of the token closing the bracket at i, or c->nst */
size_t lang_match_close(const lang_ctx *c, size_t i);
size_t lang_match_open(const lang_ctx *c, size_t i);

static inline const char *tok_text(const lang_ctx *c, const token *t) { return c->sink.text.buf + t->off; }

/* A function's bit in the called_*_bloom sets (FNV-1a of its name). */
static inline unsigned lang_name_bit(const char *s, size_t n) {
  unsigned h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h & 4095u;
}

/* The 4,096-bit blooms (64 words) indexed by lang_name_bit. */
static inline void lang_bloom_add(uint64_t *bloom, unsigned bit) { bloom[bit >> 6] |= 1ull << (bit & 63); }
static inline int lang_bloom_has(const uint64_t *bloom, unsigned bit) { return (int)(bloom[bit >> 6] >> (bit & 63) & 1u); }

/* Could name be one of the file's functions (c->wrappers)?  0: surely not. */
static inline int lang_maybe_wrapper(const lang_ctx *c, const char *name, size_t n) {
  return lang_bloom_has(c->wrapper_bloom, lang_name_bit(name, n));
}
/* Inline, so the length of a literal text is known when compiling. */
static inline __attribute__((always_inline)) int tok_is(const lang_ctx *c, const token *t, tok_kind k, const char *text) {
  size_t n = __builtin_strlen(text);
  return t->kind == k && t->len == n && __builtin_memcmp(tok_text(c, t), text, n) == 0;
}

/* analyze.c, for the PHP files below */
void lang_add_detection(lang_ctx *c, const char *rule, const char *category, int score, unsigned line,
                        const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The k-th (1-based; LANG_ARG_LAST: the last; LANG_ARG_REST: all after the first) top-level argument of a call spanning [a, b). */
int lang_arg_span(const lang_ctx *c, size_t a, size_t b, unsigned k, size_t *s, size_t *e);
/* Where the argument that st[i] is in ends: the top-level ',' or ';' after
 * it, or the ')'/']' that closes its call. */
size_t lang_arg_end(const lang_ctx *c, size_t i);
/* Request input in st[a, b) (not a parameter, $_SERVER as a whole, a
 * packed literal or a download); a parameter reaching sink d is noted for
 * the function being read. */
int lang_input_taint(lang_ctx *c, const name_def *d, size_t a, size_t b, taint *t);
/* lambdas.c: a sink kept in a lambda or delegate variable.  lang_lambda_statement reads each
 * statement (before track_blocks counts its braces); lang_lambda_receiver is the variable of a call
 * f.apply(...) / run.Invoke(...) (its length in *len), or NULL. */
void lang_lambda_statement(lang_ctx *c);
const char *lang_lambda_receiver(const char *s, size_t n, size_t *len);
/* properties.c: a C# property whose getter returns request input is tainted like a variable. */
void lang_property_statement(lang_ctx *c);
/* analyze.c: a function of the file named name[0, n) that runs sink d (a lambda variable). */
void lang_sink_wrapper(lang_ctx *c, const char *name, size_t n, const name_def *d);
/* analyze.c: a function of the file named name[0, n) that returns the request input t. */
void lang_return_wrapper(lang_ctx *c, const char *name, size_t n, const taint *t);
/* local_fns.c: a C# local (nested) or expression-bodied function returning request input. */
void lang_local_fn_statement(lang_ctx *c);
/* iis_adsi.c: the IIS metabase (ADSI IIS://) re-pointed from the request; lang_iis_page tells
 * whether a buffer names such a path at all (the statements are read only then). */
int lang_iis_page(const unsigned char *buf, size_t len);
void lang_iis_cred_statement(lang_ctx *c); /* a password IIS stores read from the metabase (caps.iis_cred_line) */
void lang_iis_adsi_statement(lang_ctx *c);
/* memshell.c: a VirtualPathProvider registered while a request is served (an in-memory web shell);
 * lang_vpp_page tells whether a buffer names one at all. */
int lang_vpp_page(const unsigned char *buf, size_t len);
void lang_memshell_statement(lang_ctx *c);
/* com_chosen.c: CreateObject/GetObject/ActiveXObject of a class or moniker the request chooses. */
void lang_create_chosen(lang_ctx *c, const name_def *d, unsigned line, size_t a, size_t b);
/* The sink a function made of (params, body) code hands a parameter to,
 * and the decoders it applies on the way (chain, innermost first). */
const name_def *lang_probe_callable(lang_ctx *c, const char *params, size_t pn, const char *body, size_t bn,
                                    uint8_t *chain, uint8_t *nchain);
/* Reads constant code as a payload (raw: no <?php needed), with prefix
 * before what is found in it. */
void lang_read_payload(lang_ctx *c, const char *code, size_t n, int raw, const char *prefix, unsigned line);

/* php_caps.c */
void lang_php_caps_note(lang_ctx *c, unsigned cap, int fed, unsigned line, const char *fn);
/* The capability a name shows (-1: none); *arg: the argument it acts on. */
int lang_php_caps_of(const name_def *d, int *arg);
/* At the end of a file (its bytes): a kit, a file manager, a remote shell... as detections. */
void lang_php_caps_judge(lang_ctx *c, const unsigned char *buf, size_t len);
/* php_dbdump.c: a statement st[a, b) handed to a SQL function (display); the verdict on a dump tool */
void lang_php_sql_statement(lang_ctx *c, const name_def *d, size_t a, size_t b, const char *display, unsigned line);
void lang_php_dbdump_judge(lang_ctx *c, const unsigned char *buf, size_t len);
void lang_php_sql_assignment(lang_ctx *c, size_t a, size_t b); /* the value st[a, b) of an assignment, a literal first */
/* 0 if d is a method sink (->query) in a file that names no database driver (mysqli, PDO, SQLite3, a
 * *_connect()): another class's query() */
int lang_php_sql_method(lang_ctx *c, const name_def *d);
/* php_sinks.c: the code or command sink (or the file's function running its parameter) named s[0, n) */
const name_def *lang_php_sink_named(lang_ctx *c, const char *s, size_t n);
/* php_callables.c: st[a, b) is PHP callable syntax (system(...), fn($x) => ..., Closure::fromCallable(...)) */
int lang_php_callable_syntax(const lang_ctx *c, size_t a, size_t b);
/* ... and the sink such a callable hands its parameter to (sets c->probe_param), or NULL */
const name_def *lang_php_callable_of_syntax(lang_ctx *c, size_t a, size_t b);
/* ... at the end of a closure assigned to a variable: the variable holds the sink its parameter reaches */
void lang_php_closure_end(lang_ctx *c);
/* php_objprop.c: per PHP statement, and at the end of a file */
void lang_php_objprop_statement(lang_ctx *c);
/* php_callables.c: (fn($c) => system($c))($_GET['c']), a statement starting with '(' */
int lang_php_arrow_iife(lang_ctx *c);
void lang_php_objprop_promoted(lang_ctx *c);
void lang_php_objprop_new_args(lang_ctx *c, size_t a, size_t b);
void lang_php_objprop_sink(lang_ctx *c, const name_def *d, size_t a, size_t b, unsigned line);
void lang_php_objprop_judge(lang_ctx *c);
/* php_tools.c */
void lang_php_tools_statement(lang_ctx *c);
void lang_php_tools_judge(lang_ctx *c, const unsigned char *buf, size_t len);
/* php_attack.c: attacker tools read from the file's text (CMS admin adders, ransomware, injectors, crackers...) */
void lang_php_attack_statement(lang_ctx *c);
void lang_php_attack_judge(lang_ctx *c, const unsigned char *buf, size_t len);
/* php_mailer.c: a statement's part in a mass mailer (loops over request lists, sends, raw SMTP); the verdict */
void lang_php_mailer_read(lang_ctx *c);
void lang_php_mailer_judge(lang_ctx *c);
/* Per PHP statement, kept inline: most statements neither open a loop
 * (for, while, foreach), nor count a list ($n = count(...)), nor come after a
 * way to send mail, and leave on their first token. */
static inline void lang_php_mailer_statement(lang_ctx *c) {
  const token *f = &c->st[0];
  if (c->mail_state || (f->kind == TK_IDENT && (0xa8u >> (f->len & 7) & 1u) && f->len < 8) ||
      (f->kind == TK_VAR && c->nst >= 6 && c->st[2].kind == TK_IDENT && (c->st[2].len == 5 || c->st[2].len == 6)))
    lang_php_mailer_read(c); /* 0xa8: lengths 3, 5, 7 */
}

/* php_sinks.c */
/* The sink the callback st[s, e) names: 'assert', a wrapper's name,
 * array('options' => 'system'), create_function('$a', 'eval($a);'), a
 * variable holding one.  how: how it was named, for an explanation. */
/* php_built.c: st[a, b) builds a name from literal pieces; $f(...) of such a
 * name on request input is reported (1) */
/* foreach over a constant array at st[2]: the loop variables after st[as] are built pieces */
void lang_php_built_foreach(lang_ctx *c, size_t as, size_t close);
/* w(...) at st[i] (arguments [a, b)) of a function handing a parameter to a built name, fed by the request */
int lang_php_built_wrapper_call(lang_ctx *c, size_t i, size_t a, size_t b, unsigned line);
int lang_php_built_value(lang_ctx *c, size_t a, size_t b);
/* php_table_fn.c: return D($table[$param]) in the function being read
 * makes it a lookup function; its calls on a constant fold to the value */
void lang_php_note_table_return(lang_ctx *c, wrapper *w);
int lang_php_fold_table_call(lang_ctx *c, size_t i);
/* php_inline.c: return <pure expression of the one parameter> makes the
 * function inlinable; a call on a literal is replaced by that expression */
void lang_php_note_inline_return(lang_ctx *c, wrapper *w);
/* php_callconst.c: calls of functions not yet defined, with the long literal
 * each argument had; a parameter that got the same one from every call
 * before the definition holds it */
void lang_php_note_calls(lang_ctx *c);
int lang_php_param_const(lang_ctx *c, const char *fn, size_t fnlen, unsigned idx, token *val);
int lang_php_fold_inline_call(lang_ctx *c, size_t i);
int lang_php_built_call(lang_ctx *c, size_t call, unsigned line);
/* php_hidden.c: a command sink called through a name the file assembles, with no request input */
int lang_php_hidden_command(lang_ctx *c, const name_def *d, size_t i, size_t a, size_t b, unsigned line);
/* php_tick.c: request input handed to a tick function whose name the file computes */
int lang_php_tick_callback(lang_ctx *c, const name_def *d, size_t s, size_t e, size_t b, unsigned line);
/* ... and such a name as the callback st[s, e) of a call spanning [a, b) */
int lang_php_built_callback(lang_ctx *c, size_t s, size_t e, size_t a, size_t b, const char *display, unsigned line);
/* php_runtime_calls.c: request input handed to ->insert() of an SPL heap whose compare() runs it, or to
 * ->send() of a generator whose received value reaches a sink (the call's method at st[i], arguments
 * [a, b)): reported, 1.  The value "$v = yield" receives is read as the parameter LANG_PARAM_SENT. */
#define LANG_PARAM_SENT 254u
int lang_php_runtime_call(lang_ctx *c, size_t i, size_t a, size_t b);
void lang_php_yield_assignment(lang_ctx *c, size_t eq);
/* ... set_error_handler() (set_exception_handler()) handed a callable whose message parameter (the
 * exception's message) reaches inner; trigger_error(request), throw new X(request) */
void lang_php_handler_set(lang_ctx *c, const name_def *d, const name_def *inner);
void lang_php_error_trigger(lang_ctx *c, size_t i, size_t a, size_t b);
/* php_choice.c: "$f = c ? 'system' : 'x'", "$f = match (...) { ... => 'system' }": $f may hold the sink */
void lang_php_choice_statement(lang_ctx *c, size_t eq);
/* ... and $fns = get_defined_functions(): $fns[...request...](...) at st[from, i] chooses any function: reported, 1 */
int lang_php_fnlist_call(lang_ctx *c, size_t from, size_t i, unsigned line);
/* ... and $f = new class {...}: at the call $f(...) (sym fs, token v), the class's __invoke sink becomes $f's */
void lang_php_anon_invoke(lang_ctx *c, sym *fs, const token *v);
/* php_cbtail.c: a closure callback st[s..] running its parameter whose body the statement cuts: the call's
 * arguments after the body are read when it closes */
void lang_php_cbtail_open(lang_ctx *c, const name_def *inner, const char *display, unsigned line, size_t s);
/* ... a closure callback st[s, e) of the call [a, b) whose sink is not its first statement: its body is read
 * with the parameters tainted as LANG_PARAM_CLOSURE; note_param_sink hands the sink they reach to cbtail_sink */
#define LANG_PARAM_CLOSURE 253u
void lang_php_cbtail_read(lang_ctx *c, const char *display, unsigned line, size_t a, size_t s);
void lang_php_cbtail_sink(lang_ctx *c, const name_def *d, unsigned flags);
void lang_php_cbtail_statement(lang_ctx *c); /* also opens (function ($c) { sink($c); ...})(...) */
/* php_unset_fn.c: a callback named by a variable the file never sets, handed request input (register_globals
 * names it): reported; 1 if so.  display NULL: st[s] is itself called, $f(...). */
int lang_php_unset_callback(lang_ctx *c, size_t s, size_t e, size_t a, size_t b, const char *display,
                            unsigned line);
/* php_paste.c: a write of downloaded content in a file that names a paste site's URL: reported; 1 if so. */
int lang_php_paste_write(lang_ctx *c, const char *display, unsigned line);
/* php_stash.c: an opening tag written to a fixed non-script path (noted), then that path included
 * (reported; 1 if so). */
void lang_php_stash_write(lang_ctx *c, const name_def *d, unsigned line, size_t a, size_t b);
int lang_php_stash_include(lang_ctx *c, const char *path, const char *display, unsigned line);
/* php_hidden.c: a call through a name folded from a variable, a table or a decoder (st[i], a string now) is
 * noted; the verdict on the whole file: an obfuscator that hides what the file calls. */
void lang_php_hidden_call(lang_ctx *c, const token *t);
void lang_php_hidden_judge(lang_ctx *c);

/* php_extapi.c: PHP extension APIs that run, write or load what the request sends */
/* $x = FFI::cdef(...), FFI::load(...), FFI::scope(...): type "ffi" (its methods are C functions) */
int lang_php_ffi_type(lang_ctx *c, size_t a, size_t b, char *out, size_t outsz);
/* A function call at st[i] with arguments st[a, b): expect://, imap_open, mail()'s fifth parameter, pcntl_exec */
void lang_php_ext_call(lang_ctx *c, size_t i, size_t a, size_t b, unsigned line);
/* A method call at st[i]: SQL functions, registerPHPFunctions, Phar stubs */
void lang_php_ext_method(lang_ctx *c, size_t i, size_t a, size_t b, unsigned line);
/* include of an uploaded file or of a phar:// inside one: 1 when reported */
int lang_php_include_upload(lang_ctx *c, const char *display, unsigned line, size_t a, size_t b);
/* A write sink d: request input written into .htaccess/.user.ini, or through a php://filter path */
void lang_php_config_write(lang_ctx *c, const name_def *d, const char *display, unsigned line, size_t a, size_t b);
/* At the end of a file: XSLT/XPath with any PHP function callable, fed by the request */
void lang_php_ext_judge(lang_ctx *c);
const name_def *lang_php_callable(lang_ctx *c, size_t s, size_t e, char *how, size_t howsz, uint8_t *chain,
                                  uint8_t *nchain);
/* What a statement does besides calls: extract(), parse_str() and
 * preg_match() out-parameters, foreach over input, list(), global,
 * return, echo into an output buffer with a sink as its handler. */
int lang_php_compact(lang_ctx *c);
void lang_php_account_read(lang_ctx *c, size_t at);
void lang_php_effects(lang_ctx *c);
/* php_globals.c: a function keeping a parameter in a global; calls of it (and ob_start() naming it) with input */
void lang_php_globals_statement(lang_ctx *c);
/* php_chmod.c: chmod() of a path the request names, to a mode others may write */
void lang_php_chmod_statement(lang_ctx *c);
/* php_refs.c: aliases ($b = &$a) and functions appending to a by-reference parameter */
void lang_php_refs_statement(lang_ctx *c);
/* A write sink d: PHP code it writes is read as code. */
void lang_php_write(lang_ctx *c, const name_def *d, const char *display, unsigned line, size_t a, size_t b);
/* include/require of st[a, b): a file request input was written to, or a path the request starts. */
void lang_php_include(lang_ctx *c, const char *display, unsigned line, size_t a, size_t b);
/* A PHP function definition at st[name]: its parameters become TA_PARAM. */
void lang_php_params(lang_ctx *c, size_t name, wrapper *w);

/* An opening or closing bracket ( [ { / ) ] }: the hot loops call these, so no strchr. */
static inline int tok_opens(const lang_ctx *c, const token *t) {
  char ch = c->sink.text.buf[t->off];
  return t->kind == TK_OP && t->len == 1 && (ch == '(' || ch == '[' || ch == '{');
}
static inline int tok_closes(const lang_ctx *c, const token *t) {
  char ch = c->sink.text.buf[t->off];
  return t->kind == TK_OP && t->len == 1 && (ch == ')' || ch == ']' || ch == '}');
}

/* taint.c: does request input in the interpolated string t start a
 * command (at its start, or after a literal opens() accepts)? */
int lang_interp_heads(lang_ctx *c, const token *t, int (*opens)(const char *, size_t));

/* caps.c: notes the capabilities the statement in st shows; merges a
 * payload's into its page's; the kit verdict (score, 0 for none) with a
 * sentence listing each capability and where it was seen. */
void lang_caps_statement(lang_ctx *c);
void lang_caps_merge(lang_caps *into, const lang_caps *from);
int lang_caps_verdict(const lang_caps *k, char *out, size_t outsz, unsigned *line);
int lang_caps_registry(const lang_caps *k, char *out, size_t outsz, unsigned *line);

/* caps.c: notes the capability a sink reached another way (reflection) shows */
void lang_caps_sink(lang_ctx *c, const name_def *d, unsigned line);
/* ... and a ProgID or other capability string s[0, n) in syntax syn */
void lang_caps_string(lang_ctx *c, const char *s, size_t n, syntax syn, unsigned line);
/* SQL that lists a database's tables or columns (caps.c) */
int lang_caps_schema_query(const char *s, size_t n);

/* reflect.c: a call through reflection at st[i] (getMethod("exec")...
 * .invoke(...), m.invoke(...)) resolved to the sink it names, *d, with
 * its arguments st[*a, *b); 1 if so. */
int lang_reflect_sink(lang_ctx *c, size_t i, const name_def **d, size_t *a, size_t *b);
/* ... a JSP call that registers a filter, servlet or listener at run time */
void lang_note_registration(lang_ctx *c, const token *t);
/* The type st[a, b) gives a variable when it looks a class or a method
 * up by name ("class:java.lang.runtime", "method:runtime.exec"). */
int lang_reflect_type(lang_ctx *c, size_t a, size_t b, char *out, size_t outsz);

/* techniques.c: protocol commands in a folded literal; the verdict (score, 0 for none) */
void lang_technique_string(lang_ctx *c, const char *s, size_t n, unsigned line);
int lang_technique_verdict(const lang_ctx *c, char *out, size_t outsz, unsigned *line);

/* cfml.c: what a CFML statement declares: <cfobject> types, a remote
 * method's arguments as request input */
void lang_cfml_statement(lang_ctx *c);
/* jsp_parts.c: a tag file's declared attributes are input from the page using the tag
 * (before the file is read); a declared runner nothing in the file calls (after) */
void lang_jsp_tag_inputs(lang_ctx *c, const unsigned char *buf, size_t len);
void lang_jsp_uncalled_runners(lang_ctx *c, const unsigned char *buf, size_t len);
/* ... the parameter names of a Java method whose "(" is st[open]; a sink d given st[a, b) inside it */
void lang_jsp_note_params(lang_ctx *c, size_t open);
void lang_jsp_param_sink(lang_ctx *c, const name_def *d, size_t a, size_t b);
/* cfml.c: request input in st[s, e) names the component or Java class that
 * what (createObject(), <cfobject>, <cfinvoke>) loads: reported. */
void lang_cfml_chosen_class(lang_ctx *c, size_t s, size_t e, unsigned line, const char *what);

/* aliases.c: the type ("request", "request.form") an assignment st[a, b)
 * (its operator at eq) gives a variable that names the request object */
int lang_request_alias_type(lang_ctx *c, size_t eq, size_t a, size_t b, char *out, size_t outsz);
/* ... Java parameters declared as servlet requests, in the list opening at st[open] */
void lang_request_params(lang_ctx *c, size_t open);
/* ... the name s[0, n) reads the request through such a variable (or a
 * Java getParameter on any object); nonzero if so, *body as the names
 * table says */
size_t lang_request_via_alias(lang_ctx *c, const char *s, size_t n, int *body);

/* flows.c: request input moved into an object by a call (sb.Append(x),
 * st.Write x) or read from a request stream into a buffer (in.read(buf)) */
void lang_flows_statement(lang_ctx *c);
/* ... AddCommand("Invoke-Expression").AddArgument(x) at st[i] (C#/VB.NET
 * PowerShell hosting): x is run as a command; its span in [*a, *b) */
int lang_ps_expression_arg(lang_ctx *c, size_t i, size_t *a, size_t *b);
/* analyze.c: the function named to[0, ton) is the page function from (a
 * sink wrapper) under another name: Set f = GetRef("Run") */
void lang_alias_wrapper(lang_ctx *c, const char *from, const char *to, size_t ton);

/* aspx_controls.c: marks the page's posted server controls as request
 * input; returns how many it found. */
int lang_aspx_controls(lang_ctx *c, const unsigned char *buf, size_t len);
/* A COM moniker's class, in place: GetObject("new:{CLSID}") names the
 * ProgID the CLSID registers, GetObject("winmgmts:...:Win32_Process")
 * the WMI class; anything else is left as it is. */
void lang_moniker_class(char *name, size_t sz);
/* out = lower-case copy of s[0, n), cut to fit */
void lang_lower_copy(char *out, size_t outsz, const char *s, size_t n);
/* ... and its <object runat="server"> declarations as typed variables */
int lang_asp_objects(lang_ctx *c, const unsigned char *buf, size_t len);

/* taint.c: 1 if st[a, b) carries request input; *out describes it */
int lang_span_taint(lang_ctx *c, size_t a, size_t b, taint *out);
/* Copies a short, single-line quote of buf[from, to) into out. */
void lang_quote_source(const lang_ctx *c, uint32_t from, uint32_t to, char *out, size_t outsz);
/* "base64_decode → gzinflate" into out */
void lang_chain_text(const uint8_t *chain, size_t n, const char *via, char *out, size_t outsz);


#endif
