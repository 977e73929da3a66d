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

typedef struct {
  char src[72];    /* the source as written, e.g. $_POST['z0'] */
  char via[48];    /* the decryption it went through, e.g. "openssl_decrypt()" */
  uint8_t chain[LANG_MAX_CHAIN], nchain;
  uint8_t flags;
  uint32_t line;
} taint;

typedef struct {
  uint32_t hash, name_off, name_len; /* name in persist; hash 0 = empty slot */
  unsigned scope;   /* PHP: the function whose local variable it is; 0 global */
  uint8_t has_const, has_taint, has_type;
  token val;        /* has_const: a TK_STR, text in persist */
  taint t;          /* has_taint */
  uint32_t type_off, type_len; /* has_type: e.g. "wscript.shell" */
} sym;

typedef struct {
  char name[48];
  const name_def *sink; /* a sink called inside it, or NULL */
  int xor;              /* an XOR in a loop inside it */
  int decoder;          /* VBScript/JScript: a decoder_id it implements (MSXML bin.base64, "&H" hex pairs) */
  int shape;            /* VBScript/JScript: 1 takes characters out (Mid, charAt), 2 makes them (Chr, Asc,
                           fromCharCode): both, a decoder whose algorithm we do not run */
} wrapper;

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
#define LANG_NCAPS 10
/* The index of a CAP_* bit in lang_caps.line and .what. */
static inline unsigned lang_cap_index(unsigned bit) { return (unsigned)__builtin_ctz(bit); }

typedef struct {
  unsigned seen;                  /* CAP_* bits */
  unsigned line[LANG_NCAPS];      /* where each was first seen */
  const char *what[LANG_NCAPS];   /* what showed it (static) */
  unsigned request;               /* line of the first request read, 0 if none */
} lang_caps;

#define MAX_WRAPPERS 64
#define MAX_STMT 4096

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
  wrapper wrappers[MAX_WRAPPERS];
  size_t nwrappers;
  int fn;          /* index+1 of the wrapper being defined, 0 outside */
  unsigned scope, scopes; /* PHP variable scope: the function being read, and a counter */
  int fn_depth;    /* brace depth at which it ends */
  int in_fn;       /* inside a function definition */
  int depth;       /* brace depth */
  int pass, want_repass, saw_psi;
  int decoders;    /* page functions that decode (wrapper.decoder): a second pass folds calls made before them */
  int late_types;  /* VB/JScript: a sink method called on a variable not typed yet (its Set comes later) */
  int parens; /* open parentheses in the statement being built */
  int init_braces; /* open braces of an initializer in it: { ... } after = or ] */
  int cf_remote;   /* CFML: inside a <cffunction access="remote"> */
  unsigned statements;
  decode_budget *budget;
  lang_result *res;
  unsigned level;       /* nesting of decoded payloads */
  const char *prefix;   /* for a payload: what decoded it */
  unsigned outer_line;
  size_t longest, blob_bytes, builders;
  lang_caps caps;
  unsigned dyn_line;    /* VB/JScript: code run from a value built at run time */
  const char *dyn_display;
  unsigned alias_line;  /* JScript: eval taken as a value, called through an alias */
  unsigned servu_seen, servu_line; /* techniques.c: Serv-U local administration commands seen */
  unsigned register_line; /* JSP: a filter, servlet or listener added to the running server */
  const char *register_display;
  unsigned script_write_line; /* a file written under a script page's name, not from the request */
  const char *script_write_display;
  /* control flow, so a value assigned on one branch only does not erase
   * request taint (If x = "" Then x = "cmd.exe"): VB blocks open, the line
   * of a single-line If's Then, C-like braces (a bit per level: 1 for a
   * conditional or loop body) */
  unsigned vb_blocks, then_line;
  int then_pending;
  uint64_t cond_braces;
  unsigned brace_level;
  lang_result result; /* stage.c: the last file's, referenced by its finding */
};

/* symbols.c */
sym *lang_sym_get(lang_ctx *c, const char *name, size_t n, int create);
void lang_sym_reset(lang_ctx *c);

/* fold.c: constant substitution, literal joining and decoding in st[a, nst) */
void lang_fold_statement(lang_ctx *c, size_t a);
/* st[i..j] becomes the one token t */
void lang_fold_replace(lang_ctx *c, size_t i, size_t j, const token *t);
/* fold_builders.c: a call of a page function that decodes (wrapper.decoder)
 * on a constant at st[i]; 1 if folded */
int lang_fold_user_decoder(lang_ctx *c, size_t i);
/* ... whether the name t, met inside a function, shows it picks characters apart and rebuilds them */
void lang_note_decoder_shape(lang_ctx *c, const token *t);
/* 1 if st[a, b) holds what a page decoder returns (its call, or a variable
 * assigned from one); *name gets the decoder's name */
int lang_decoded_value(lang_ctx *c, size_t a, size_t b, char *name, size_t namesz);
/* ... whether the literal t, met inside a function, shows it decodes */
void lang_note_decoder_literal(lang_ctx *c, const token *t);
/* fold_builders.c: JScript, C# and Java string-building idioms on
 * constants at st[i]; 1 if folded */
int lang_fold_builders(lang_ctx *c, size_t i);
/* index of the token closing the bracket at i, or c->nst */
size_t lang_match_close(const lang_ctx *c, size_t i);

static inline const char *tok_text(const lang_ctx *c, const token *t) { return c->sink.text.buf + t->off; }
/* Inline, so the length of a literal text is known when compiling. */
static inline int tok_is(const lang_ctx *c, const token *t, tok_kind k, const char *text) {
  size_t n = __builtin_strlen(text);
  return t->kind == k && t->len == n && __builtin_memcmp(tok_text(c, t), text, n) == 0;
}

/* caps.c: notes the capabilities the statement in st shows; merges a
 * payload's into its page's; the kit verdict (score, 0 for none) with a
 * sentence listing each capability and where it was seen. */
void lang_caps_statement(lang_ctx *c);
void lang_caps_merge(lang_caps *into, const lang_caps *from);
int lang_caps_verdict(const lang_caps *k, char *out, size_t outsz, unsigned *line);

/* caps.c: notes the capability a sink reached another way (reflection) shows */
void lang_caps_sink(lang_ctx *c, const name_def *d, unsigned line);
/* ... and a ProgID or other capability string s[0, n) in syntax syn */
void lang_caps_string(lang_ctx *c, const char *s, size_t n, syntax syn, unsigned line);

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

/* aliases.c: the type ("request", "request.form") an assignment st[a, b)
 * (its operator at eq) gives a variable that names the request object */
int lang_request_alias_type(lang_ctx *c, size_t eq, size_t a, size_t b, char *out, size_t outsz);
/* ... Java parameters declared as servlet requests, in the list opening at st[open] */
void lang_request_params(lang_ctx *c, size_t open);
/* ... the name s[0, n) reads the request through such a variable (or a
 * Java getParameter on any object); nonzero if so, *body as the names
 * table says */
size_t lang_request_via_alias(lang_ctx *c, const char *s, size_t n, int *body);

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
