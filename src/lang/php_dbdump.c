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

void lang_php_sql_statement(lang_ctx *c, size_t a, size_t b, unsigned line) {
  php_caps *k = c->pcaps;
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

void lang_php_dbdump_judge(lang_ctx *c) {
  const php_caps *k = c->pcaps;
  if (!k || !k->schema_line || !k->copy_line || !((k->present >> PCAP_WRITE) & 1u)) return;
  lang_add_detection(c, "shellsift.lang.db-dump", "webshell", 45, k->copy_line,
                     "database dump tool: it lists the database's tables (line %u), copies whole tables with "
                     "SELECT * (line %u) and writes files with %s() (line %u)",
                     k->schema_line, k->copy_line, k->fn[PCAP_WRITE], k->line[PCAP_WRITE]);
}

/* query(), exec() and multi_query() are methods of many classes (a DNS
 * resolver's query(), a monitoring API's): a call of one runs SQL only in
 * a file that opens a database itself.  Looked up once per file read. */
int lang_php_names_db_driver(lang_ctx *c) {
  static const char *const drivers[] = {"mysqli", "new PDO", "PDO(", "SQLite3", "mysql_connect", "mysql_pconnect",
                                        "pg_connect", "pg_pconnect", "sqlsrv_connect", "oci_connect", "mssql_connect",
                                        "odbc_connect", "sqlite_open"};
  if (!c->db_driver) {
    c->db_driver = 2;
    for (size_t k = 0; k < sizeof drivers / sizeof drivers[0] && c->db_driver == 2; k++)
      if (memmem(c->buf, c->len, drivers[k], strlen(drivers[k]))) c->db_driver = 1;
  }
  return c->db_driver == 1;
}
