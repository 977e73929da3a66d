/*
 * rules.c - YARA compilation and scanning (see rules.h).
 *
 * Each user rule file is compiled in its own namespace, as `yara ns:file`
 * would, so two files defining the same rule name do not clash.  libyara's
 * compiler cannot continue after an error, so when a file fails we note it,
 * throw the compiler away and start again without it: the usual case (no
 * broken files) compiles exactly once.
 */
#include "match/rules.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yara.h>

#include "match/builtin.h"
#include "util/util.h"

#define DEFAULT_RULE_SCORE 75 /* LOKI's score for YARA rules without one */
#define EXCERPT_CONTEXT 48    /* show at least this many bytes from a match */
#define MAX_RULE_FILES 100000

struct rules {
  YR_RULES *yr;
  size_t count;
  int first_match_only; /* the built-in pack alone: see match_rule_scanner_new */
};

struct rule_scanner {
  YR_SCANNER *scanner;
  const match_sink *sink;
  const unsigned char *buf;
  size_t len;
};

static const char *const external_names[] = {"filename", "filepath", "extension", "filetype", "owner"};

/* ---- collecting rule files ------------------------------------------- */

static int has_rule_suffix(const char *name) {
  const char *dot = strrchr(name, '.');
  return dot && (strcmp(dot, ".yar") == 0 || strcmp(dot, ".yara") == 0);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the rule files below dir, sorted, so compilation is repeatable. */
/* Passes a formatted message about path to warn. */
static void __attribute__((format(printf, 4, 5)))
warnf(line_warn_fn warn, void *user, const char *path, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (warn) warn(user, path, 0, msg);
}

static void collect_dir(const char *dir, strlist *files, line_warn_fn warn, void *user, int depth) {
  DIR *d = opendir(dir);
  if (!d) {
    warnf(warn, user, dir, "cannot read rule directory: %s", strerror(errno));
    return;
  }
  strlist names = {0};
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) strlist_add(&names, e->d_name);
  closedir(d);
  qsort(names.items, names.n, sizeof *names.items, cmp_str);
  for (size_t i = 0; i < names.n && files->n < MAX_RULE_FILES; i++) {
    char *path = xasprintf("%s/%s", dir, names.items[i]);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth < 32)
      collect_dir(path, files, warn, user, depth + 1);
    else if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && has_rule_suffix(names.items[i]))
      strlist_add(files, path);
    free(path);
  }
  strlist_free(&names);
}

static ss_err collect_rule_files(const strlist *paths, strlist *files, line_warn_fn warn, void *user) {
  for (size_t i = 0; i < paths->n; i++) {
    const char *path = paths->items[i];
    struct stat st;
    if (stat(path, &st) != 0) {
      warnf(warn, user, path, "cannot read rules: %s", strerror(errno));
      return SS_ERR_IO;
    }
    if (S_ISDIR(st.st_mode)) collect_dir(path, files, warn, user, 0);
    else strlist_add(files, path);
  }
  return SS_OK;
}

/* ---- compiling --------------------------------------------------------- */

typedef struct {
  line_warn_fn warn;
  void *user;
  int errors;
} compile_report;

static void on_compile_message(int level, const char *file, int line, const YR_RULE *rule,
                               const char *message, void *user_data) {
  (void)rule;
  compile_report *rep = user_data;
  if (level != YARA_ERROR_LEVEL_ERROR) return; /* performance warnings: not the user's problem here */
  rep->errors++;
  warnf(rep->warn, rep->user, file ? file : "(built-in)", "line %d: %s; this rule file is skipped", line,
        message);
}

/* One compilation attempt.  Returns the index of the first failing file,
 * -1 on success (with *out set), or -2 if the compiler itself failed. */
static long compile_once(int builtin, const strlist *files, const char *skip, line_warn_fn warn,
                         void *user, YR_RULES **out) {
  YR_COMPILER *c;
  if (yr_compiler_create(&c) != ERROR_SUCCESS) return -2;
  compile_report rep = {warn, user, 0};
  yr_compiler_set_callback(c, on_compile_message, &rep);
  long result = -1;
  for (size_t i = 0; i < sizeof external_names / sizeof external_names[0]; i++)
    yr_compiler_define_string_variable(c, external_names[i], "");
  if (builtin && yr_compiler_add_string(c, ss_builtin_rules, "shellsift") != 0) {
    result = -2; /* our own pack must compile: a test guards this */
    goto out;
  }
  for (size_t i = 0; i < files->n; i++) {
    if (skip[i]) continue;
    FILE *f = fopen(files->items[i], "r");
    if (!f) {
      warnf(warn, user, files->items[i], "cannot open: %s", strerror(errno));
      result = (long)i;
      goto out;
    }
    int errors = yr_compiler_add_file(c, f, files->items[i], files->items[i]);
    fclose(f);
    if (errors) {
      result = (long)i;
      goto out;
    }
  }
  if (yr_compiler_get_rules(c, out) != ERROR_SUCCESS) result = -2;
out:
  yr_compiler_destroy(c);
  return result;
}

ss_err match_rules_compile(int builtin, const strlist *paths, line_warn_fn warn, void *user, rules **out) {
  *out = NULL;
  strlist files = {0};
  ss_err err = collect_rule_files(paths, &files, warn, user);
  if (err != SS_OK) goto out;
  if (!builtin && files.n == 0) goto out;
  if (yr_initialize() != ERROR_SUCCESS) {
    err = SS_ERR_ENGINE;
    goto out;
  }
  char *skip = xcalloc(files.n + 1, 1);
  YR_RULES *yr = NULL;
  long failed;
  while ((failed = compile_once(builtin, &files, skip, warn, user, &yr)) >= 0) skip[failed] = 1;
  free(skip);
  if (failed == -2) {
    yr_finalize();
    err = SS_ERR_ENGINE;
    goto out;
  }
  rules *r = xcalloc(1, sizeof *r);
  r->yr = yr;
  r->first_match_only = files.n == 0;
  YR_RULE *rule;
  yr_rules_foreach(yr, rule) r->count++;
  *out = r;
out:
  strlist_free(&files);
  return err;
}

void match_rules_free(rules *r) {
  if (!r) return;
  yr_rules_destroy(r->yr);
  yr_finalize();
  free(r);
}

size_t match_rules_count(const rules *r) { return r ? r->count : 0; }

/* ---- scanning ---------------------------------------------------------- */

typedef struct {
  const char *description, *category, *reference;
  int score;
} rule_meta;

static rule_meta read_meta(const YR_RULE *rule) {
  rule_meta m = {"", "yara", "", DEFAULT_RULE_SCORE};
  const YR_META *meta;
  yr_rule_metas_foreach(rule, meta) {
    const char *id = meta->identifier;
    if (strcmp(id, "score") == 0)
      m.score = meta->type == META_TYPE_INTEGER ? (int)meta->integer : atoi(meta->string);
    else if (meta->type != META_TYPE_STRING)
      continue;
    else if (strcmp(id, "description") == 0)
      m.description = meta->string;
    else if (strcmp(id, "category") == 0)
      m.category = meta->string;
    else if (strcmp(id, "reference") == 0)
      m.reference = meta->string;
  }
  return m;
}

/* Records the first match of each of the rule's strings as an excerpt,
 * widened to EXCERPT_CONTEXT bytes so a short atom like "eval(" shows
 * what follows it.
 *
 * libyara 4.2 carves each YR_MATCH from its matches notebook right after
 * the previous match's data bytes without rounding up, so the records can
 * sit at addresses misaligned for their type: reading a field through
 * such a pointer is undefined behaviour (UBSan "misaligned address").  So
 * the list is not walked with yr_string_matches_foreach: each record is
 * copied out with memcpy through an untyped pointer before any field is
 * read. */
static void add_excerpts(rule_scanner *rs, YR_SCAN_CONTEXT *ctx, const YR_RULE *rule) {
  const YR_STRING *string;
  yr_rule_strings_foreach(rule, string) {
    YR_MATCH match;
    for (const void *p = ctx->matches[string->idx].head; p; p = match.next) {
      memcpy(&match, p, sizeof match);
      if (match.is_private) continue;
      uint64_t off = (uint64_t)(match.base + match.offset);
      if (off >= rs->len) break;
      size_t n = (size_t)match.match_length;
      if (n < EXCERPT_CONTEXT) n = EXCERPT_CONTEXT;
      if (n > rs->len - off) n = (size_t)(rs->len - off);
      rs->sink->excerpt(rs->sink->user, rule->identifier, string->identifier, off, rs->buf + off, n);
      break;
    }
  }
}

static int on_scan_message(YR_SCAN_CONTEXT *ctx, int message, void *data, void *user) {
  rule_scanner *rs = user;
  if (message != CALLBACK_MSG_RULE_MATCHING) return CALLBACK_CONTINUE;
  const YR_RULE *rule = data;
  rule_meta m = read_meta(rule);
  rs->sink->reason(rs->sink->user, rule->identifier, m.category, m.description, m.reference, m.score);
  add_excerpts(rs, ctx, rule);
  return CALLBACK_CONTINUE;
}

rule_scanner *match_rule_scanner_new(rules *r, unsigned timeout_seconds) {
  rule_scanner *rs = xcalloc(1, sizeof *rs);
  if (yr_scanner_create(r->yr, &rs->scanner) != ERROR_SUCCESS) {
    free(rs);
    return NULL;
  }
  yr_scanner_set_callback(rs->scanner, on_scan_message, rs);
  yr_scanner_set_timeout(rs->scanner, (int)timeout_seconds);
  /* We scan our own heap copies, never mapped files, so libyara's guard
   * against SIGBUS on truncated mappings is not needed.  The built-in
   * rules only ask whether a string occurs (no counts, no offsets but
   * "at 0", which the first match is), so for them libyara records the
   * first match of each string only: a file of a rule's atoms repeated
   * otherwise makes it record millions of matches (a 29 MB one: 376 MB and
   * 32 s).  Users' rules may count matches, so they get every one. */
  yr_scanner_set_flags(rs->scanner, SCAN_FLAGS_NO_TRYCATCH | (r->first_match_only ? SCAN_FLAGS_FAST_MODE : 0));
  return rs;
}

void match_rule_scanner_free(rule_scanner *rs) {
  if (!rs) return;
  yr_scanner_destroy(rs->scanner);
  free(rs);
}

rule_scan_result match_rule_scan(rule_scanner *rs, const unsigned char *buf, size_t len,
                           const file_vars *vars, const match_sink *sink) {
  const char *values[] = {vars->filename, vars->filepath, vars->extension, vars->filetype, ""};
  for (size_t i = 0; i < sizeof external_names / sizeof external_names[0]; i++)
    yr_scanner_define_string_variable(rs->scanner, external_names[i], values[i]);
  rs->sink = sink;
  rs->buf = buf;
  rs->len = len;
  int rc = yr_scanner_scan_mem(rs->scanner, buf, len);
  if (rc == ERROR_SCAN_TIMEOUT) return RULE_SCAN_TIMEOUT;
  return rc == ERROR_SUCCESS ? RULE_SCAN_OK : RULE_SCAN_ERROR;
}
