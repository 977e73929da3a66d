/*
 * php_dbdump.c - PHP database dump tools.  A dumper takes no request input
 * at all: it connects with credentials written into it, asks the server
 * for its list of tables (SHOW TABLES, information_schema), copies each
 * whole table (SELECT * FROM `$table`) and writes the rows to a file the
 * intruder then downloads.  Each statement handed to a SQL function is
 * looked at once; the verdict is taken with the file's capabilities.  It
 * is a dual-use tool, as a database console is: medium.  An application's
 * backup page does the same, which is why all three parts must be in one
 * file and the finding stays medium.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

static inline __attribute__((always_inline)) int is_op(const lang_ctx *c, size_t i, const char *op) {
  return i < c->nst && tok_is(c, &c->st[i], TK_OP, op);
}

/* "SELECT * FROM " at the start of s[0, n), blanks allowed around the star. */
static int selects_all_from(const char *s, size_t n) {
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
  if (n - i < 13 || strncasecmp(s + i, "select", 6) != 0) return 0;
  i += 6;
  while (i < n && s[i] == ' ') i++;
  if (i >= n || s[i] != '*') return 0;
  for (i++; i < n && s[i] == ' '; i++) {}
  return n - i >= 5 && strncasecmp(s + i, "from", 4) == 0 && (s[i + 4] == ' ' || s[i + 4] == '\t');
}

/* s[0, n) is, blanks aside, `word` alone, or ends with it (ends: 1). */
static int literal_is(const char *s, size_t n, const char *word, int ends) {
  size_t w = strlen(word);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '`')) n--;
  size_t i = 0;
  if (!ends)
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  if (n - i < w || strncasecmp(s + n - w, word, w) != 0) return 0;
  return ends ? n == w || s[n - w - 1] == ' ' || s[n - w - 1] == '(' || s[n - w - 1] == '\'' : n - i == w;
}

/* The end of the variable at st[i] with its indexes ($v, $_GET['t'], $a[0]['x']), or i if st[i]
 * is not a variable. */
static size_t variable_end(lang_ctx *c, size_t i, size_t b) {
  if (i >= b || c->st[i].kind != TK_VAR) return i;
  size_t j = i + 1;
  while (j < b && tok_is(c, &c->st[j], TK_OP, "[")) j = lang_match_close(c, j) + 1;
  return j <= b ? j : i;
}

/* Request input held by the variable st[i, e): the value as sent, not one
 * a function of ours we do not know turned into something else. */
static int request_value(lang_ctx *c, size_t i, size_t e, taint *t) {
  return e > i && lang_span_taint(c, i, e, t) && !(t->flags & (TA_WEAK | TA_CALLED));
}

/* 'SELECT ' . $cols . ' FROM ' . $table in st[a, b): the request names
 * both what is read and where from.  An application picks its columns and
 * tables itself (it may let the request choose a sort order or a filter);
 * a tool that takes both from the URL reads any table of the database.
 * The two sources go to cols and table. */
static int request_chosen_select(lang_ctx *c, size_t a, size_t b, taint *cols, taint *table) {
  for (size_t i = a; i + 6 < b; i++) {
    const token *s1 = &c->st[i];
    if (s1->kind != TK_STR || !tok_is(c, &c->st[i + 1], TK_OP, ".") || !literal_is(tok_text(c, s1), s1->len, "select", 1))
      continue;
    size_t e1 = variable_end(c, i + 2, b);
    if (e1 + 3 >= b || !tok_is(c, &c->st[e1], TK_OP, ".") || c->st[e1 + 1].kind != TK_STR ||
        !tok_is(c, &c->st[e1 + 2], TK_OP, ".") || !literal_is(tok_text(c, &c->st[e1 + 1]), c->st[e1 + 1].len, "from", 0))
      continue;
    size_t e2 = variable_end(c, e1 + 3, b);
    if (request_value(c, i + 2, e1, cols) && request_value(c, e1 + 3, e2, table)) return 1;
  }
  return 0;
}

void lang_php_sql_assignment(lang_ctx *c, size_t a, size_t b) {
  php_caps *k = c->pcaps;
  taint cols, table;
  if (!k || k->chosen_line || !literal_is(tok_text(c, &c->st[a]), c->st[a].len, "select", 1) ||
      !request_chosen_select(c, a, b, &cols, &table))
    return;
  k->chosen_line = c->st[a].line;
  snprintf(k->chosen_src[0], sizeof k->chosen_src[0], "%s", cols.src);
  snprintf(k->chosen_src[1], sizeof k->chosen_src[1], "%s", table.src);
}

void lang_php_sql_statement(lang_ctx *c, const name_def *d, size_t a, size_t b, const char *display, unsigned line) {
  php_caps *k = c->pcaps;
  taint cols, table;
  int inline_select = request_chosen_select(c, a, b, &cols, &table);
  if ((inline_select || (k && k->chosen_line)) && lang_php_sql_method(c, d)) {
    if (inline_select)
      lang_add_detection(c, "shellsift.lang.sql-console", "webshell", 50, line,
                         "request input %s and %s choose the columns and the table of the SELECT that %s runs (line %u)",
                         cols.src, table.src, display, line);
    else /* $sql = 'SELECT ' . $_GET['f'] . ' FROM ' . $_GET['t']; query($sql) */
      lang_add_detection(c, "shellsift.lang.sql-console", "webshell", 50, line,
                         "request input %s and %s choose the columns and the table of the SELECT (line %u) that %s "
                         "runs (line %u)",
                         k->chosen_src[0], k->chosen_src[1], k->chosen_line, display, line);
  }
  if (!k || (k->schema_line && k->copy_line)) return;
  for (size_t i = a; i < b; i++) {
    const token *t = &c->st[i];
    if (t->kind != TK_STR) continue;
    const char *s = tok_text(c, t);
    if (!k->schema_line && lang_caps_schema_query(s, t->len)) k->schema_line = line;
    /* the table named by a variable: every table the list gave, in turn */
    else if (!k->copy_line && selects_all_from(s, t->len) &&
             (((t->flags & TF_INTERP) && memchr(s, '$', t->len)) || is_op(c, i + 1, ".")))
      k->copy_line = line;
    return; /* the statement's first literal only */
  }
}

/* The line of the first occurrence of lit in buf[0, len), 0 if none. */
static unsigned line_of(const unsigned char *buf, size_t len, const char *lit) {
  const unsigned char *p = memmem(buf, len, lit, strlen(lit));
  if (!p) return 0;
  unsigned line = 1;
  for (const unsigned char *q = buf; q < p && (q = memchr(q, '\n', (size_t)(p - q))) != NULL; q++) line++;
  return line;
}

void lang_php_dbdump_judge(lang_ctx *c, const unsigned char *buf, size_t len) {
  const php_caps *k = c->pcaps;
  if (!k || !k->copy_line) return;
  /* the list of tables from the driver's own call rather than SQL */
  unsigned schema = k->schema_line ? k->schema_line : line_of(buf, len, "_list_tables(");
  if (!schema) return;
  if ((k->present >> PCAP_WRITE) & 1u) {
    lang_add_detection(c, "shellsift.lang.db-dump", "webshell", 45, k->copy_line,
                       "database dump tool: it lists the database's tables (line %u), copies whole tables with "
                       "SELECT * (line %u) and writes files with %s() (line %u)",
                       schema, k->copy_line, k->fn[PCAP_WRITE], k->line[PCAP_WRITE]);
    return;
  }
  /* ... or hands the copy to the browser as a file to save */
  unsigned save = line_of(buf, len, "Content-Disposition");
  if (!save) save = line_of(buf, len, "Content-disposition");
  if (save)
    lang_add_detection(c, "shellsift.lang.db-dump", "webshell", 45, k->copy_line,
                       "database dump tool: it lists the database's tables (line %u), copies whole tables with "
                       "SELECT * (line %u) and sends them as a file to download with header() "
                       "(Content-Disposition, line %u)",
                       schema, k->copy_line, save);
}

/* query(), exec() and multi_query() are methods of many classes (a DNS
 * resolver's query(), a monitoring API's): a call of one runs SQL only in
 * a file that opens a database itself.  Looked up once per buffer, and
 * only when a finding hangs on it. */
int lang_php_sql_method(lang_ctx *c, const name_def *d) {
  /* each found from a letter files have few of (key): memchr jumps where memmem walks every byte */
  static const struct { const char *s; size_t key; } drivers[] = {
      {"mysqli", 1},        {"mysql_connect", 1}, {"mysql_pconnect", 1}, {"new PDO", 6},      {"SQLite3", 1},
      {"sqlite_open", 1},   {"pg_connect", 1},    {"pg_pconnect", 1},    {"sqlsrv_connect", 1}, {"oci_connect", 1},
      {"mssql_connect", 1}, {"odbc_connect", 1}};
  if (c->syn != SYN_PHP || d->name[0] != '-') return 1;
  if (!c->db_driver) {
    c->db_driver = 2;
    const unsigned char *end = c->buf + c->len;
    for (size_t k = 0; k < sizeof drivers / sizeof drivers[0] && c->db_driver == 2; k++) {
      size_t n = strlen(drivers[k].s), key = drivers[k].key;
      for (const unsigned char *p = c->buf + key; c->len >= n && p < end &&
                                                  (p = memchr(p, drivers[k].s[key], (size_t)(end - p))) != NULL;
           p++)
        if ((size_t)(end - p) >= n - key && memcmp(p - key, drivers[k].s, n) == 0) {
          c->db_driver = 1;
          break;
        }
    }
  }
  return c->db_driver == 1;
}
