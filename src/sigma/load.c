/*
 * load.c - Sigma rule files into the ruleset: a file or a directory tree
 * (*.yml, *.yaml, sorted, symbolic links not followed), every YAML
 * document of a file, each a detection rule, a filter (meta-)rule or a
 * correlation rule.  A document that does not load becomes an error with
 * its file, line and the exact reason; the other documents still load.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sigma/internal.h"
#include "sigma/logsource.h"

void sigma_error_add(sigma_ruleset *rs, const char *file, unsigned line, const char *title, const char *id,
                     const char *feature, const char *fmt, ...) {
  if (rs->nerrs == rs->caperrs) {
    rs->caperrs = rs->caperrs ? rs->caperrs * 2 : 16;
    rs->errs = xrealloc(rs->errs, rs->caperrs * sizeof *rs->errs);
  }
  va_list ap;
  va_start(ap, fmt);
  strbuf sb = STRBUF_INIT;
  sb_vaddf(&sb, fmt, ap);
  va_end(ap);
  /* one line: a message never carries a newline from a hostile rule */
  for (size_t i = 0; i < sb.len; i++)
    if (sb.data[i] == '\n' || sb.data[i] == '\r') sb.data[i] = ' ';
  rs->errs[rs->nerrs++] = (sigma_error){xstrdup(file ? file : ""), line, xstrdup(title ? title : ""),
                                        xstrdup(id ? id : ""), xstrdup(feature), sb_detach(&sb)};
}

static const char *keep(srule *r, char *s) {
  r->strs = xrealloc(r->strs, (r->nstrs + 1) * sizeof *r->strs);
  r->strs[r->nstrs++] = s;
  return s;
}

/* A scalar's text (or "" when absent / not a scalar; a list of scalars
 * is joined with ", ", as `author` sometimes is). */
static char *text_of(const ynode *n) {
  if (!n) return xstrdup("");
  if (n->kind == Y_SCALAR) return xstrdup(sigma_yaml_is_null(n) ? "" : n->text);
  strbuf sb = STRBUF_INIT;
  if (n->kind == Y_SEQ)
    for (size_t i = 0; i < n->n; i++)
      if (n->kids[i]->kind == Y_SCALAR) {
        if (sb.len) sb_adds(&sb, ", ");
        sb_adds(&sb, n->kids[i]->text);
      }
  return sb.data ? sb_detach(&sb) : xstrdup("");
}

static const char *meta(srule *r, const ynode *doc, const char *key) { return keep(r, text_of(sigma_yaml_get(doc, key))); }

static sigma_strings list(srule *r, const ynode *doc, const char *key) {
  const ynode *n = sigma_yaml_get(doc, key);
  sigma_strings out = {NULL, 0};
  if (!n || sigma_yaml_is_null(n)) return out;
  size_t cnt = n->kind == Y_SEQ ? n->n : 1;
  const char **v = xcalloc(cnt + 1, sizeof *v);
  for (size_t i = 0; i < cnt; i++) {
    const ynode *it = n->kind == Y_SEQ ? n->kids[i] : n;
    v[out.n++] = keep(r, text_of(it));
  }
  keep(r, (char *)v);
  out.v = v;
  return out;
}

static const struct {
  const char *name;
  sigma_level level;
} levels[] = {{"informational", SIGMA_LEVEL_INFORMATIONAL}, {"low", SIGMA_LEVEL_LOW}, {"medium", SIGMA_LEVEL_MEDIUM},
              {"high", SIGMA_LEVEL_HIGH}, {"critical", SIGMA_LEVEL_CRITICAL}};

const char *sigma_level_name(sigma_level level) {
  for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
    if (levels[i].level == level) return levels[i].name;
  return "";
}

const char *sigma_level_severity(sigma_level level) {
  switch (level) {
  case SIGMA_LEVEL_MEDIUM: return "medium";
  case SIGMA_LEVEL_HIGH: return "high";
  case SIGMA_LEVEL_CRITICAL: return "critical";
  default: return "low";
  }
}

static void rule_free(srule *r) {
  if (!r) return;
  sigma_x_free_owned(r->owned, r->nowned);
  for (size_t i = 0; i < r->nstrs; i++) free(r->strs[i]);
  free(r->strs);
  for (size_t i = 0; i < r->natoms; i++) free(r->atoms[i]);
  free(r->atoms);
  free(r);
}

static void filter_free(sfilter *f) {
  sigma_x_free_owned(f->owned, f->nowned);
  for (size_t i = 0; i < f->ntargets; i++) free(f->targets[i]);
  free(f->targets);
  free(f->file), free(f->title), free(f->id), free(f->category), free(f->product), free(f->service);
  free(f);
}

static void logsource_of(const ynode *doc, const ynode **cat, const ynode **prod, const ynode **svc) {
  const ynode *ls = sigma_yaml_get(doc, "logsource");
  *cat = sigma_yaml_get(ls, "category");
  *prod = sigma_yaml_get(ls, "product");
  *svc = sigma_yaml_get(ls, "service");
}

/* The checks every kind of document shares; returns 0 or reports. */
static int check_common(sigma_ruleset *rs, const char *file, const ynode *doc, const char *title, const char *id) {
  const ynode *tax = sigma_yaml_get(doc, "taxonomy");
  if (tax && tax->kind == Y_SCALAR && strcmp(tax->text, "sigma") != 0) {
    sigma_error_add(rs, file, tax->line, title, id, "taxonomy", "taxonomy '%.80s' is not supported (only 'sigma')",
                    tax->text);
    return -1;
  }
  const ynode *ls = sigma_yaml_get(doc, "logsource");
  if (!ls || ls->kind != Y_MAP) {
    sigma_error_add(rs, file, doc->line, title, id, "logsource", "no logsource map");
    return -1;
  }
  for (size_t i = 0; i + 1 < ls->n; i += 2)
    if (ls->kids[i + 1]->kind != Y_SCALAR) {
      sigma_error_add(rs, file, ls->kids[i]->line, title, id, "logsource", "logsource '%.40s' is not a plain value",
                      ls->kids[i]->text);
      return -1;
    }
  return 0;
}

static void add_filter(sigma_ruleset *rs, const char *file, const ynode *doc, const char *title, const char *id) {
  const ynode *f = sigma_yaml_get(doc, "filter");
  const ynode *targets = sigma_yaml_get(f, "rules");
  if (!f || f->kind != Y_MAP || !targets || (targets->kind != Y_SEQ && targets->kind != Y_SCALAR)) {
    sigma_error_add(rs, file, doc->line, title, id, "filter", "filter rule without a 'filter' map naming its 'rules'");
    return;
  }
  if (check_common(rs, file, doc, title, id)) return;
  dcompile dc = {.rs = rs};
  static const char *const skip[] = {"rules", NULL};
  xnode *root;
  if (sigma_detection_compile(&dc, f, skip, &root)) {
    sigma_error_add(rs, file, dc.line, title, id, dc.feature, "%s", dc.msg);
    sigma_x_free_owned(dc.owned, dc.nowned);
    free(dc.feature), free(dc.msg);
    return;
  }
  sfilter *F = xcalloc(1, sizeof *F);
  F->file = xstrdup(file), F->title = xstrdup(title), F->id = xstrdup(id), F->line = doc->line;
  const ynode *c, *p, *s;
  logsource_of(doc, &c, &p, &s);
  F->category = text_of(c), F->product = text_of(p), F->service = text_of(s);
  size_t n = targets->kind == Y_SEQ ? targets->n : 1;
  F->targets = xcalloc(n, sizeof *F->targets);
  for (size_t i = 0; i < n; i++) F->targets[F->ntargets++] = text_of(targets->kind == Y_SEQ ? targets->kids[i] : targets);
  F->root = root, F->owned = dc.owned, F->nowned = dc.nowned;
  if (rs->nfilters == rs->capfilters) {
    rs->capfilters = rs->capfilters ? rs->capfilters * 2 : 4;
    rs->filters = xrealloc(rs->filters, rs->capfilters * sizeof *rs->filters);
  }
  rs->filters[rs->nfilters++] = F;
}

/* One YAML document: returns 1 if a rule was added. */
static int add_doc(sigma_ruleset *rs, const char *file, const ynode *doc) {
  if (doc->kind == Y_SCALAR && sigma_yaml_is_null(doc)) return 0; /* an empty document (a trailing ---) */
  if (doc->kind != Y_MAP) {
    sigma_error_add(rs, file, doc->line, "", "", "structure", "the document is not a map");
    return 0;
  }
  const ynode *tn = sigma_yaml_get(doc, "title"), *in = sigma_yaml_get(doc, "id");
  char title[256], id[128];
  snprintf(title, sizeof title, "%s", tn && tn->kind == Y_SCALAR ? tn->text : "");
  snprintf(id, sizeof id, "%s", in && in->kind == Y_SCALAR ? in->text : "");
  const ynode *corr = sigma_yaml_get(doc, "correlation");
  if (corr) {
    const ynode *type = sigma_yaml_get(corr, "type");
    sigma_error_add(rs, file, doc->line, title, id, "correlation",
                    "correlation rule (type %.40s): correlation rules are not supported; the rules it refers to run on "
                    "their own",
                    type && type->kind == Y_SCALAR ? type->text : "?");
    return 0;
  }
  const ynode *det = sigma_yaml_get(doc, "detection");
  if (!det && sigma_yaml_get(doc, "filter")) {
    add_filter(rs, file, doc, title, id);
    return 0;
  }
  if (!tn || tn->kind != Y_SCALAR || tn->len == 0) {
    sigma_error_add(rs, file, doc->line, title, id, "title", "the rule has no title");
    return 0;
  }
  if (!det) {
    sigma_error_add(rs, file, doc->line, title, id, "detection", "the rule has no detection");
    return 0;
  }
  if (check_common(rs, file, doc, title, id)) return 0;
  dcompile dc = {.rs = rs};
  xnode *root;
  if (sigma_detection_compile(&dc, det, NULL, &root)) {
    sigma_error_add(rs, file, dc.line, title, id, dc.feature, "%s", dc.msg);
    sigma_x_free_owned(dc.owned, dc.nowned);
    free(dc.feature), free(dc.msg);
    return 0;
  }
  srule *r = xcalloc(1, sizeof *r);
  r->root = root, r->owned = dc.owned, r->nowned = dc.nowned, r->wants_keywords = (uint8_t)dc.keywords;
  sigma_rule *I = &r->info;
  I->title = meta(r, doc, "title");
  I->id = meta(r, doc, "id");
  I->name = meta(r, doc, "name");
  I->status = meta(r, doc, "status");
  I->description = meta(r, doc, "description");
  I->author = meta(r, doc, "author");
  I->date = meta(r, doc, "date");
  I->modified = meta(r, doc, "modified");
  I->license = meta(r, doc, "license");
  const char *lv = meta(r, doc, "level");
  for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
    if (strcmp(lv, levels[i].name) == 0) I->level = levels[i].level;
  I->tags = list(r, doc, "tags");
  I->references = list(r, doc, "references");
  I->falsepositives = list(r, doc, "falsepositives");
  I->fields = list(r, doc, "fields");
  const ynode *c, *p, *s;
  logsource_of(doc, &c, &p, &s);
  I->category = keep(r, text_of(c));
  I->product = keep(r, text_of(p));
  I->service = keep(r, text_of(s));
  I->file = keep(r, xstrdup(file));
  I->line = doc->line;
  r->index = (uint32_t)rs->nrules;
  if (rs->nrules == rs->caprules) {
    rs->caprules = rs->caprules ? rs->caprules * 2 : 64;
    rs->rules = xrealloc(rs->rules, rs->caprules * sizeof *rs->rules);
  }
  rs->rules[rs->nrules++] = r;
  return 1;
}

long sigma_ruleset_add_text(sigma_ruleset *rs, const char *text, size_t len, const char *name) {
  if (rs->finished) {
    sigma_error_add(rs, name, 0, "", "", "api", "rules added after sigma_ruleset_finish are ignored");
    return 0;
  }
  ynode **docs;
  char *err;
  unsigned line;
  long nd = sigma_yaml_parse(text, len, &docs, &err, &line);
  if (nd < 0) {
    sigma_error_add(rs, name, line, "", "", "yaml", "%s", err);
    free(err);
    return 0;
  }
  long loaded = 0;
  for (long i = 0; i < nd; i++) loaded += add_doc(rs, name, docs[i]);
  sigma_yaml_free_docs(docs, nd);
  return loaded;
}

/* Reads a whole file of at most SIGMA_MAX_FILE bytes; NULL with *why. */
static char *read_file(const char *path, size_t *len, const char **why) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return *why = strerror(errno), NULL;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return *why = "not a regular file", NULL;
  }
  if ((unsigned long long)st.st_size > SIGMA_MAX_FILE) {
    close(fd);
    return *why = "larger than 8 MiB", NULL;
  }
  size_t cap = (size_t)st.st_size + 1, n = 0;
  char *buf = xmalloc(cap);
  for (;;) {
    if (n + 1 >= cap) {
      if (cap > SIGMA_MAX_FILE) {
        free(buf);
        close(fd);
        return *why = "larger than 8 MiB", NULL;
      }
      cap *= 2;
      buf = xrealloc(buf, cap);
    }
    ssize_t r = read(fd, buf + n, cap - 1 - n);
    if (r < 0) {
      if (errno == EINTR) continue;
      *why = strerror(errno);
      free(buf);
      close(fd);
      return NULL;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd);
  buf[n] = '\0';
  *len = n;
  return buf;
}

static long add_file(sigma_ruleset *rs, const char *path) {
  size_t len = 0;
  const char *why = "unknown error";
  char *text = read_file(path, &len, &why);
  if (!text) {
    sigma_error_add(rs, path, 0, "", "", "read", "cannot read: %s", why);
    return -1;
  }
  long n = sigma_ruleset_add_text(rs, text, len, path);
  free(text);
  return n;
}

static int is_rule_name(const char *name) {
  size_t n = strlen(name);
  return (n > 4 && strcmp(name + n - 4, ".yml") == 0) || (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

typedef struct {
  char **v;
  size_t n, cap;
} pathlist;

/* Collects rule files below dir (depth-bounded, no symbolic links,
 * hidden entries skipped). */
static void collect(sigma_ruleset *rs, const char *dir, int depth, pathlist *out) {
  if (depth > 32) {
    sigma_error_add(rs, dir, 0, "", "", "read", "directory nesting deeper than 32 levels: not read");
    return;
  }
  DIR *d = opendir(dir);
  if (!d) {
    sigma_error_add(rs, dir, 0, "", "", "read", "cannot read directory: %s", strerror(errno));
    return;
  }
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char *p = xasprintf("%s/%s", dir, e->d_name);
    struct stat st;
    if (lstat(p, &st) != 0) {
      free(p);
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      collect(rs, p, depth + 1, out);
      free(p);
    } else if (S_ISREG(st.st_mode) && is_rule_name(e->d_name) && out->n < SIGMA_MAX_FILES) {
      if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 256;
        out->v = xrealloc(out->v, out->cap * sizeof *out->v);
      }
      out->v[out->n++] = p;
    } else {
      free(p);
    }
  }
  closedir(d);
}

long sigma_ruleset_add_path(sigma_ruleset *rs, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    sigma_error_add(rs, path, 0, "", "", "read", "cannot read: %s", strerror(errno));
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) return add_file(rs, path);
  pathlist pl = {0};
  size_t len = strlen(path);
  char *root = xstrndup(path, len);
  while (len > 1 && root[len - 1] == '/') root[--len] = '\0';
  collect(rs, root, 0, &pl);
  free(root);
  qsort(pl.v, pl.n, sizeof *pl.v, cmp_str);
  long total = 0;
  for (size_t i = 0; i < pl.n; i++) {
    long n = add_file(rs, pl.v[i]);
    if (n > 0) total += n;
    free(pl.v[i]);
  }
  free(pl.v);
  return total;
}

/* The built-in mapping, parsed once per process and shared (read-only) by
 * every ruleset that does not set its own. */
static sigma_mapping *builtin_map;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void builtin_parse(void) {
  char *err = NULL;
  builtin_map = sigma_mapping_parse(sigma_builtin_logsources, strlen(sigma_builtin_logsources), &err);
  if (!builtin_map) { /* the built-in mapping is tested; this is a build error */
    fprintf(stderr, "shellsift: built-in Sigma log-source mapping: %s\n", err ? err : "?");
    abort();
  }
}

sigma_ruleset *sigma_ruleset_new(void) {
  sigma_ruleset *rs = xcalloc(1, sizeof *rs);
  pthread_once(&builtin_once, builtin_parse);
  rs->map = builtin_map;
  return rs;
}

int sigma_ruleset_set_mapping(sigma_ruleset *rs, const char *yaml, size_t len, const char *name) {
  char *err = NULL;
  sigma_mapping *m = sigma_mapping_parse(yaml, len, &err);
  if (!m) {
    sigma_error_add(rs, name, 0, "", "", "mapping", "%s", err ? err : "invalid mapping");
    free(err);
    return -1;
  }
  if (rs->map != builtin_map) sigma_mapping_free(rs->map);
  rs->map = m;
  return 0;
}

/* Does a filter's logsource cover the rule's?  Each attribute the filter
 * gives must be the rule's. */
static int filter_covers(const sfilter *f, const sigma_rule *r) {
  return (!*f->category || strcmp(f->category, r->category) == 0) && (!*f->product || strcmp(f->product, r->product) == 0) &&
         (!*f->service || strcmp(f->service, r->service) == 0);
}

/* Filters: rule AND NOT filter, for every rule a filter names (by id or
 * name) whose logsource it covers. */
static void apply_filters(sigma_ruleset *rs) {
  for (size_t f = 0; f < rs->nfilters; f++) {
    sfilter *F = rs->filters[f];
    for (size_t i = 0; i < rs->nrules; i++) {
      srule *r = rs->rules[i];
      int named = 0;
      for (size_t t = 0; t < F->ntargets && !named; t++)
        named = (*r->info.id && strcmp(F->targets[t], r->info.id) == 0) ||
                (*r->info.name && strcmp(F->targets[t], r->info.name) == 0);
      if (!named || !filter_covers(F, &r->info)) continue;
      xnode *not = sigma_x_new(X_NOT), *and = sigma_x_new(X_AND);
      sigma_x_add(not, F->root);
      sigma_x_add(and, r->root);
      sigma_x_add(and, not);
      r->owned = xrealloc(r->owned, (r->nowned + 2) * sizeof *r->owned);
      r->owned[r->nowned++] = not;
      r->owned[r->nowned++] = and;
      r->root = and;
      F->applied++;
    }
  }
}

void sigma_ruleset_finish(sigma_ruleset *rs) {
  if (rs->finished) return;
  rs->finished = 1;
  apply_filters(rs);
  /* the mapping's field names get ids too, so that renames can be applied */
  for (size_t i = 0; i < rs->map->n; i++)
    for (size_t a = 0; a < rs->map->v[i].nalias; a++) {
      sigma_field_id(rs, rs->map->v[i].alias_from[a], strlen(rs->map->v[i].alias_from[a]));
      sigma_field_id(rs, rs->map->v[i].alias_to[a], strlen(rs->map->v[i].alias_to[a]));
    }
  for (size_t i = 0; i < rs->nrules; i++) sigma_atoms_compute(rs->rules[i]);
  rs->pre = sigma_prefilter_build(rs->rules, rs->nrules);
}

sigma_ruleset *sigma_ruleset_load(const char *const *paths, size_t npaths) {
  sigma_ruleset *rs = sigma_ruleset_new();
  for (size_t i = 0; i < npaths; i++) sigma_ruleset_add_path(rs, paths[i]);
  sigma_ruleset_finish(rs);
  return rs;
}

void sigma_ruleset_free(sigma_ruleset *rs) {
  if (!rs) return;
  for (size_t i = 0; i < rs->nrules; i++) rule_free(rs->rules[i]);
  free(rs->rules);
  for (size_t i = 0; i < rs->nerrs; i++) {
    sigma_error *e = &rs->errs[i];
    free((char *)e->file), free((char *)e->title), free((char *)e->id), free((char *)e->feature), free((char *)e->message);
  }
  free(rs->errs);
  for (size_t i = 0; i < rs->nfilters; i++) filter_free(rs->filters[i]);
  free(rs->filters);
  for (size_t i = 0; i < rs->nfields; i++) free(rs->fieldnames[i]);
  free(rs->fieldnames);
  free(rs->fieldhash);
  if (rs->map != builtin_map) sigma_mapping_free(rs->map);
  sigma_prefilter_free(rs->pre);
  free(rs);
}

size_t sigma_ruleset_count(const sigma_ruleset *rs) { return rs->nrules; }
const sigma_rule *sigma_ruleset_rule(const sigma_ruleset *rs, size_t i) { return i < rs->nrules ? &rs->rules[i]->info : NULL; }
size_t sigma_rule_index(const sigma_rule *r) { return ((const srule *)(const void *)r)->index; }
size_t sigma_ruleset_error_count(const sigma_ruleset *rs) { return rs->nerrs; }
const sigma_error *sigma_ruleset_error(const sigma_ruleset *rs, size_t i) { return i < rs->nerrs ? &rs->errs[i] : NULL; }
size_t sigma_ruleset_filter_count(const sigma_ruleset *rs) { return rs->nfilters; }
