/*
 * php_mailer.c - PHP mass mailers and spam bots: a dual-use tool, so never
 * above medium (MITRE ATT&CK T1583, spam sent from a compromised server).
 * A mailer is told apart from a contact form, a newsletter, a password
 * reset or webmail by where its recipients come from and by sending to
 * many of them:
 *   - mail()/mb_send_mail() (or a function of the file that hands them
 *     its parameters) called in a loop whose header iterates request
 *     input, the recipient from the request and two of subject, body and
 *     headers (the From) too: a textarea of addresses split by lines or
 *     commas, sent one by one;
 *   - a mailer object (PHPMailer, SwiftMailer style) given a request
 *     recipient in such a loop (addAddress, setTo ...), its subject,
 *     body or sender from the request;
 *   - raw SMTP: a socket opened to port 25/465/587 or to a host the
 *     request names, and an RCPT TO command written with request input.
 * A newsletter reads its recipients from its own database, webmail sends
 * one mail to what the user typed (no loop around the send), and a mail
 * library's SMTP code gets its recipients as parameters: none is fed here.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

static inline int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* The identifier t is w (identifiers are lower-cased); w a literal, so its
 * length is a constant. */
#define named(c, t, w) ((t)->kind == TK_IDENT && (t)->len == sizeof w - 1 && memcmp(tok_text(c, t), w, sizeof w - 1) == 0)

/* Request input in st[s, e): not a parameter, a server field or a fixed download. */
static int fed(lang_ctx *c, size_t s, size_t e, taint *t) {
  return s < e && lang_span_taint(c, s, e, t) && !(t->flags & TA_WEAK);
}

/* Argument k of the call whose "(" is at st[open] is request input. */
static int arg_fed(lang_ctx *c, size_t open, size_t close, unsigned k, taint *t) {
  size_t s, e;
  return lang_arg_span(c, open + 1, close, k, &s, &e) && fed(c, s, e, t);
}


/* The variable name (len n) holds the count of a request list ($n = count($list)). */
static int is_count(const lang_ctx *c, const char *name, size_t n) {
  const php_mailer *m = &c->pcaps->mail;
  for (unsigned k = 0; k < m->ncounts; k++)
    if (strlen(m->counts[k]) == n && memcmp(m->counts[k], name, n) == 0) return 1;
  return 0;
}

/* $n = count($_POST['list']) or sizeof(explode(...)): a loop bound on the request's list. */
static __attribute__((noinline)) void note_count(lang_ctx *c) {
  php_mailer *m = &c->pcaps->mail;
  taint t;
  if (!(named(c, &c->st[2], "count") || named(c, &c->st[2], "sizeof")) || c->st[0].len >= sizeof m->counts[0] ||
      m->ncounts >= sizeof m->counts / sizeof m->counts[0] || is_count(c, tok_text(c, &c->st[0]), c->st[0].len))
    return;
  size_t close = lang_match_close(c, 3);
  if (close >= c->nst || !fed(c, 4, close, &t)) return;
  memcpy(m->counts[m->ncounts], tok_text(c, &c->st[0]), c->st[0].len);
  m->counts[m->ncounts++][c->st[0].len] = '\0';
}

/* A variable a loop header names holds request input now: a request
 * superglobal, a variable tainted by one, or the count of a request list.
 * 2: the request's own text; 1: through a function we do not know
 * (preg_split, split ...); 0: no request input. */
static int var_fed(lang_ctx *c, const char *name) {
  static const char *const request[] = {"$_GET", "$_POST", "$_REQUEST", "$_COOKIE", "$_FILES"};
  size_t n = strlen(name);
  if (n > 2 && name[1] == '_')
    for (size_t k = 0; k < sizeof request / sizeof request[0]; k++)
      if (strcmp(name, request[k]) == 0) return 2;
  if (is_count(c, name, n)) return 1;
  sym *s = lang_sym_get(c, name, n, 0);
  return !s || !s->has_taint || (s->t.flags & TA_WEAK) ? 0 : (s->t.flags & TA_CALLED) ? 1 : 2;
}

/* Inside a loop whose header names request input (read now, when a send
 * asks: most loops never hold one): bit 1, a variable fed through a
 * function we do not know; bit 2, one fed the request's own text. */
static unsigned in_fed_loop(lang_ctx *c) {
  unsigned seen = 0;
  for (unsigned l = c->mail_loops; l-- > 0 && seen != 3u;)
    for (unsigned v = 0; v < c->mail_loop[l].nvars && seen != 3u; v++) {
      int f = var_fed(c, c->mail_loop[l].vars[v]);
      if (f) seen |= 1u << (f - 1);
    }
  return seen;
}

/* The recipient at argument k is request input, in a loop over request
 * input: the request's own text, or through a function we do not know only
 * when some loop's list was too (split($_POST['list'])[$x], cleaned with
 * ereg_replace).  A recipient a function of the application looked up from
 * a request list is a member's address: foreach ($_POST['ids'] as $id)
 * mail(load_user($id)['email'] ...). */
static int rcpt_in_loop(lang_ctx *c, size_t open, size_t close, unsigned k) {
  taint t;
  unsigned loop = in_fed_loop(c);
  return loop && arg_fed(c, open, close, k, &t) && (!(t.flags & TA_CALLED) || (loop & 1u));
}

/* The variables of st[a, b) added to loop entry l (up to four). */
static void loop_vars(lang_ctx *c, lang_mail_loop *l, size_t a, size_t b) {
  for (size_t k = a; k < b && l->nvars < sizeof l->vars / sizeof l->vars[0]; k++) {
    const token *t = &c->st[k];
    if (t->kind != TK_VAR || t->len >= sizeof l->vars[0]) continue;
    memcpy(l->vars[l->nvars], tok_text(c, t), t->len);
    l->vars[l->nvars++][t->len] = '\0';
  }
}

/* for/foreach/while (header): the loop is pushed with its brace depth and
 * the variables its header names (whether they hold request input is asked
 * only when a send is met).  An unbraced loop's body is in this statement:
 * the next statement at the same depth pops it, as it pops a braced loop
 * when its block ends.  A for header comes in three statements (split at
 * its semicolons): mail_for collects them. */
static __attribute__((noinline)) void loop_header(lang_ctx *c) {
  const token *f = &c->st[0];
  lang_mail_loop *l = &c->mail_loop[c->mail_loops < LANG_MAIL_LOOPS ? c->mail_loops : LANG_MAIL_LOOPS - 1];
  if (c->mail_for) {
    size_t close = 0;
    for (int depth = 0; close < c->nst; close++)
      if (is_op(c, close, "(")) depth++;
      else if (is_op(c, close, ")") && !depth--) break;
    loop_vars(c, l, 0, close);
    if (close >= c->nst) return; /* the condition: the increment follows */
    c->mail_for = 0;
  } else {
    if (!is_op(c, 1, "(") || !(named(c, f, "foreach") || named(c, f, "for") || named(c, f, "while")))
      return;
    size_t close = lang_match_close(c, 1);
    l->nvars = 0;
    loop_vars(c, l, 2, close < c->nst ? close : c->nst);
    if (close >= c->nst) { /* for ($i = 0; ...: the rest of the header is in the next statements */
      c->mail_for = f->len == 3;
      return;
    }
  }
  l->depth = c->depth;
  if (c->mail_loops < LANG_MAIL_LOOPS) c->mail_loops++;
}

/* How many of subject, body and headers (args 2-4) of the send at st[open] the request fills. */
static unsigned message_fed(lang_ctx *c, size_t open, size_t close) {
  unsigned n = 0;
  taint t;
  for (unsigned k = 2; k <= 4; k++) n += arg_fed(c, open, close, k, &t);
  return n;
}

/* function f($to, $subject, $body...) { mail($to, ...) }: f sends to its parameter. */
static void note_wrapper(lang_ctx *c, size_t open, size_t close) {
  php_mailer *m = &c->pcaps->mail;
  size_t s, e;
  taint t;
  if (!c->fn || m->nw >= sizeof m->wfn / sizeof m->wfn[0] || !lang_arg_span(c, open + 1, close, 1, &s, &e) ||
      !lang_span_taint(c, s, e, &t) || !(t.flags & TA_PARAM) || !t.param)
    return;
  const char *name = c->wrappers[c->fn - 1].name;
  if (!name[0] || strlen(name) >= sizeof m->wfn[0]) return;
  for (unsigned w = 0; w < m->nw; w++)
    if (strcmp(m->wfn[w], name) == 0) return;
  unsigned w = m->nw++;
  snprintf(m->wfn[w], sizeof m->wfn[w], "%s", name);
  m->wrcpt[w] = t.param;
  m->wfixed[w] = 0;
  for (unsigned k = 2; k <= 4; k++) {
    m->wmsg[w][k - 2] = 0;
    if (!lang_arg_span(c, open + 1, close, k, &s, &e) || !lang_span_taint(c, s, e, &t)) continue;
    if (t.flags & TA_PARAM)
      m->wmsg[w][k - 2] = t.param;
    else if (!(t.flags & TA_WEAK))
      m->wfixed[w]++;
  }
}

/* A call at st[i] of one of the file's mail() wrappers, in a loop over
 * request input: fed when its recipient and two message parts are. */
static void wrapper_send(lang_ctx *c, size_t i, size_t close) {
  php_mailer *m = &c->pcaps->mail;
  const token *t = &c->st[i];
  taint tt;
  for (unsigned w = 0; w < m->nw; w++) {
    if (strlen(m->wfn[w]) != t->len || strncasecmp(m->wfn[w], tok_text(c, t), t->len) != 0) continue;
    if (!rcpt_in_loop(c, i + 1, close, m->wrcpt[w])) return;
    unsigned n = m->wfixed[w];
    for (unsigned k = 0; k < 3; k++) n += m->wmsg[w][k] && arg_fed(c, i + 1, close, m->wmsg[w][k], &tt);
    if (n < 2 || m->loop_line) return;
    m->loop_line = c->level ? c->outer_line : t->line;
    snprintf(m->loop_fn, sizeof m->loop_fn, "%s", m->wfn[w]);
    return;
  }
}

/* mail($to, $subject, $body, $headers) at st[i]. */
static void send_call(lang_ctx *c, size_t i, size_t close) {
  php_mailer *m = &c->pcaps->mail;
  if (c->fn) note_wrapper(c, i + 1, close);
  if (m->loop_line || !rcpt_in_loop(c, i + 1, close, 1) ||
      message_fed(c, i + 1, close) < 2)
    return;
  m->loop_line = c->level ? c->outer_line : c->st[i].line;
  snprintf(m->loop_fn, sizeof m->loop_fn, "%.*s", (int)c->st[i].len, tok_text(c, &c->st[i]));
}

/* $o->addAddress($r) in a loop over request input (what the object's
 * subject, body and sender are fed with is php_tools.c's mailer_fed). */
static void method_call(lang_ctx *c, size_t i, size_t close) {
  static const char *const rcpt[] = {"addaddress", "addbcc", "addcc", "setto", "addto", "setbcc"};
  const token *t = &c->st[i];
  php_mailer *m = &c->pcaps->mail;
  if (m->obj_line) return;
  for (size_t k = 0; k < sizeof rcpt / sizeof rcpt[0]; k++)
    if (t->len == strlen(rcpt[k]) && memcmp(tok_text(c, t), rcpt[k], t->len) == 0) {
      if (rcpt_in_loop(c, i + 1, close, 1)) m->obj_line = c->level ? c->outer_line : t->line;
      return;
    }
}

/* fsockopen($host, 25), stream_socket_client('tcp://...:587'), socket_connect($s, $host, 465). */
static void socket_open(lang_ctx *c, size_t i, size_t close) {
  php_mailer *m = &c->pcaps->mail;
  const token *t = &c->st[i];
  unsigned hostarg = named(c, t, "socket_connect") ? 2 : 1, portarg = hostarg + 1;
  size_t s, e;
  taint tt;
  int smtp = arg_fed(c, i + 1, close, hostarg, &tt);
  if (!smtp && lang_arg_span(c, i + 2, close, portarg, &s, &e) && e == s + 1 && c->st[s].kind == TK_NUM)
    smtp = c->st[s].num == 25 || c->st[s].num == 465 || c->st[s].num == 587;
  if (!smtp && lang_arg_span(c, i + 2, close, 1, &s, &e) && c->st[e - 1].kind == TK_STR && c->st[e - 1].len > 3) {
    const char *p = tok_text(c, &c->st[e - 1]), *colon = memrchr(p, ':', c->st[e - 1].len);
    size_t n = colon ? c->st[e - 1].len - (size_t)(colon - p) - 1 : 0;
    smtp = (n == 2 && memcmp(colon + 1, "25", 2) == 0) || (n == 3 && (memcmp(colon + 1, "465", 3) == 0 ||
                                                                       memcmp(colon + 1, "587", 3) == 0));
  }
  if (!smtp || m->conn_line) return;
  m->conn_line = c->level ? c->outer_line : t->line;
  snprintf(m->conn_fn, sizeof m->conn_fn, "%.*s", (int)t->len, tok_text(c, t));
}

/* A literal that starts an SMTP command: HELO/EHLO, MAIL FROM, DATA
 * (noted), RCPT TO (noted with the request input it carries). */
static void smtp_literal(lang_ctx *c, size_t i) {
  const token *t = &c->st[i];
  const char *p = tok_text(c, t);
  size_t n = t->len;
  while (n && (*p == ' ' || *p == '\t')) p++, n--;
  if (n < 4) return;
  php_mailer *m = &c->pcaps->mail;
  if (strncasecmp(p, "helo", 4) == 0 || strncasecmp(p, "ehlo", 4) == 0)
    m->verbs |= 1;
  else if (n >= 9 && strncasecmp(p, "mail from", 9) == 0)
    m->verbs |= 2;
  else if (strncasecmp(p, "data", 4) == 0 && (n == 4 || p[4] == '\r' || p[4] == '\n'))
    m->verbs |= 4;
  else if (n >= 7 && strncasecmp(p, "rcpt to", 7) == 0 && !m->rcpt_line) {
    taint tt;
    if (!fed(c, i, lang_arg_end(c, i), &tt) || ((tt.flags & TA_CALLED) && !(in_fed_loop(c) & 1u))) return;
    m->rcpt_line = c->level ? c->outer_line : t->line;
    snprintf(m->rcpt_src, sizeof m->rcpt_src, "%.47s", tt.src);
  }
}

/* The first letters of the SMTP verbs, either case. */
static int smtp_initial(char ch) {
  ch = (char)(ch | 0x20);
  return ch == 'h' || ch == 'e' || ch == 'm' || ch == 'd' || ch == 'r' || ch == ' ';
}

/* The calls and literals of a statement in a file that can send mail. */
static __attribute__((noinline)) void read_sends(lang_ctx *c) {
  for (size_t i = 0; i < c->nst; i++) {
    const token *t = &c->st[i];
    if (t->kind == TK_STR) {
      if (t->len >= 4 && t->len <= 512 && smtp_initial(tok_text(c, t)[0])) smtp_literal(c, i);
      continue;
    }
    if (t->kind != TK_IDENT || t->len < 4 || t->len > 20 || !is_op(c, i + 1, "(")) continue;
    const char f = tok_text(c, t)[0];
    int method = i > 0 && is_op(c, i - 1, "->");
    if (method ? t->len > 10 || (f != 'a' && f != 's')
               : !(f == 'm' || f == 'f' || f == 'p' || f == 's' || c->pcaps->mail.nw))
      continue; /* not a name read below */
    size_t close = lang_match_close(c, i + 1);
    if (close >= c->nst) continue;
    if (method)
      method_call(c, i, close);
    else if (named(c, t, "mail") || named(c, t, "mb_send_mail"))
      send_call(c, i, close);
    else if (named(c, t, "fsockopen") || named(c, t, "pfsockopen") || named(c, t, "stream_socket_client") ||
             named(c, t, "socket_connect"))
      socket_open(c, i, close);
    else if (c->pcaps->mail.nw && in_fed_loop(c))
      wrapper_send(c, i, close);
  }
}

/* A statement lang_php_mailer_statement (analyze.h) lets through: loops
 * entered and left, list counts, and sends once the file has met a way to
 * send (mail(), a socket, a mailer object: most files never do). */
void lang_php_mailer_read(lang_ctx *c) {
  const token *f = &c->st[0];
  while (c->mail_loops && c->depth <= c->mail_loop[c->mail_loops - 1].depth) c->mail_loops--; /* loops over */
  if (c->mail_for || (f->kind == TK_IDENT && (f->len == 3 || f->len == 5 || f->len == 7) && c->nst >= 3))
    loop_header(c);
  else if (f->kind == TK_VAR && c->nst >= 6 && c->st[2].kind == TK_IDENT && is_op(c, 1, "=") && is_op(c, 3, "("))
    note_count(c);
  if (c->mail_file) read_sends(c);
}

void lang_php_mailer_judge(lang_ctx *c) {
  const php_mailer *m = &c->pcaps->mail;
  unsigned obj = c->pcaps->mailer_fed & 14u; /* two of subject, body, sender */
  if (m->loop_line)
    lang_add_detection(c, "shellsift.lang.mass-mailer", "hacktool", 55, m->loop_line,
                       "request input chooses the recipients and the message of %s() sent in a loop over a request "
                       "list (line %u): a mass mailer",
                       m->loop_fn, m->loop_line);
  else if (m->obj_line && __builtin_popcount(obj) >= 2)
    lang_add_detection(c, "shellsift.lang.mass-mailer", "hacktool", 55, m->obj_line,
                       "request input chooses the recipients and the message of a mailer object re-addressed in a "
                       "loop over a request list (line %u): a mass mailer",
                       m->obj_line);
  if (m->conn_line && m->rcpt_line && (m->verbs & 6u))
    lang_add_detection(c, "shellsift.lang.mass-mailer", "hacktool", 55, m->rcpt_line,
                       "request input %s chooses the RCPT TO recipient of SMTP commands written to a socket opened "
                       "by %s() (line %u): a raw-SMTP spam sender",
                       m->rcpt_src, m->conn_fn, m->conn_line);
}
