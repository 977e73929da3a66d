/*
 * sigmarec.c - Sigma rules on the log session's records.  The ruleset is
 * loaded once per session (sigma.h), and each record a reader produces is
 * turned into what the engine evaluates: what the record IS (a table, one
 * row per format: a Windows event by channel, provider and event id, a
 * web-server access log as the `webserver` category) and its (name, value)
 * fields.  Web-server records get the W3C names SigmaHQ's webserver rules
 * use whatever the log wrote (an Apache "%r", an nginx "$request_uri"):
 * cs-method, cs-uri-stem, cs-uri-query (the path AND its query: SigmaHQ's
 * rules search the whole request there), c-ip, c-useragent, sc-status,
 * cs-referer, cs-host, cs-username, cs-version, then the log's own fields.
 * What each Sigma rule says about itself becomes an ss_log_reason once, at
 * load time, so a match costs a pointer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "logs/logs.h"

struct logs_sigma {
  sigma_ruleset *rs;
  ss_log_reason *reasons; /* by sigma_rule_index, made by logs_sigma_finish */
  char **owned;           /* strings the reasons point to */
  size_t nowned, capowned;
  size_t loaded;
  int finished;
};

logs_sigma *logs_sigma_new(void) {
  logs_sigma *ls = xcalloc(1, sizeof *ls);
  ls->rs = sigma_ruleset_new();
  return ls;
}

void logs_sigma_free(logs_sigma *ls) {
  if (!ls) return;
  sigma_ruleset_free(ls->rs);
  for (size_t i = 0; i < ls->nowned; i++) free(ls->owned[i]);
  free(ls->owned);
  free(ls->reasons);
  free(ls);
}

long logs_sigma_add(logs_sigma *ls, const char *path) {
  if (ls->finished) return -1;
  long n = sigma_ruleset_add_path(ls->rs, path);
  if (n > 0) ls->loaded += (size_t)n;
  return n;
}

size_t logs_sigma_count(const logs_sigma *ls) { return ls ? sigma_ruleset_count(ls->rs) : 0; }

const sigma_ruleset *logs_sigma_ruleset(const logs_sigma *ls) { return ls->rs; }

static const char *own(logs_sigma *ls, char *s) {
  if (ls->nowned == ls->capowned) {
    ls->capowned = ls->capowned ? ls->capowned * 2 : 64;
    ls->owned = xrealloc(ls->owned, ls->capowned * sizeof *ls->owned);
  }
  ls->owned[ls->nowned++] = s;
  return s;
}

/* "CVE-2021-26855" from the rule's first cve.2021-26855 tag, or "". */
static const char *cve_of(logs_sigma *ls, const sigma_rule *r) {
  for (size_t i = 0; i < r->tags.n; i++) {
    const char *t = r->tags.v[i];
    if (strncasecmp(t, "cve.", 4) || !t[4]) continue;
    char *c = xasprintf("CVE-%s", t + 4);
    for (char *p = c; *p; p++)
      if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 32);
    return own(ls, c);
  }
  return "";
}

/* "Sigma <id> (<title>), <author>; <references>": the attribution the
 * rule's licence asks for, in the one reference field every output has. */
static const char *reference_of(logs_sigma *ls, const sigma_rule *r, const char *id) {
  strbuf sb = STRBUF_INIT;
  sb_addf(&sb, "Sigma %s (%s)", id, r->title);
  if (*r->author) sb_addf(&sb, ", %s", r->author);
  for (size_t i = 0; i < r->references.n; i++) sb_addf(&sb, "%s%s", i ? ", " : "; ", r->references.v[i]);
  return own(ls, sb_detach(&sb));
}

void logs_sigma_finish(logs_sigma *ls) {
  if (ls->finished) return;
  ls->finished = 1;
  sigma_ruleset_finish(ls->rs);
  size_t n = sigma_ruleset_count(ls->rs);
  ls->reasons = xcalloc(n ? n : 1, sizeof *ls->reasons);
  for (size_t i = 0; i < n; i++) {
    const sigma_rule *r = sigma_ruleset_rule(ls->rs, i);
    /* a rule without an id (allowed, if rare) is known by its name, else its file */
    const char *id = *r->id ? r->id : *r->name ? r->name : r->file;
    ls->reasons[i] = (ss_log_reason){
        .source = "sigma",
        .rule = id,
        .title = *r->title ? r->title : id,
        .severity = (ss_severity)(r->level >= SIGMA_LEVEL_CRITICAL ? SS_SEV_CRITICAL
                                  : r->level == SIGMA_LEVEL_HIGH   ? SS_SEV_HIGH
                                  : r->level == SIGMA_LEVEL_MEDIUM ? SS_SEV_MEDIUM
                                                                   : SS_SEV_LOW),
        .level = sigma_level_name(r->level),
        .cve = cve_of(ls, r),
        .reference = reference_of(ls, r, id),
        .author = r->author,
        .tags = r->tags.v,
        .ntags = r->tags.n,
        .references = r->references.v,
        .nreferences = r->references.n,
        .rule_file = r->file,
        .status = r->status,
    };
  }
}

const ss_log_reason *logs_sigma_reason(const logs_sigma *ls, const sigma_rule *r) {
  return &ls->reasons[sigma_rule_index(r)];
}

/* ---- records ---- */

struct logs_sigma_scratch {
  sigma_scratch *s;
  strbuf text;     /* "name\0value\0" of every field */
  size_t *offs;    /* offsets of each name and value in text */
  sigma_field *f;
  size_t n, cap;
  strbuf chan, prov;
};

logs_sigma_scratch *logs_sigma_scratch_new(const logs_sigma *ls) {
  logs_sigma_scratch *sc = xcalloc(1, sizeof *sc);
  sc->s = sigma_scratch_new(ls->rs);
  return sc;
}

void logs_sigma_scratch_free(logs_sigma_scratch *sc) {
  if (!sc) return;
  sigma_scratch_free(sc->s);
  sb_free(&sc->text);
  sb_free(&sc->chan);
  sb_free(&sc->prov);
  free(sc->offs);
  free(sc->f);
  free(sc);
}

/* Starts a field: its name; the value follows with value_add calls. */
static void field_begin(logs_sigma_scratch *sc, const char *name, size_t n) {
  if (sc->n == sc->cap) {
    sc->cap = sc->cap ? sc->cap * 2 : 64;
    sc->offs = xrealloc(sc->offs, sc->cap * 2 * sizeof *sc->offs);
    sc->f = xrealloc(sc->f, sc->cap * sizeof *sc->f);
  }
  sc->offs[2 * sc->n] = sc->text.len;
  sb_add(&sc->text, name, n);
  sb_addc(&sc->text, '\0');
  sc->offs[2 * sc->n + 1] = sc->text.len;
}

static void field_end(logs_sigma_scratch *sc) {
  sb_addc(&sc->text, '\0');
  sc->n++;
}

static void field(logs_sigma_scratch *sc, const char *name, span v) {
  field_begin(sc, name, strlen(name));
  sb_add(&sc->text, v.p, v.n);
  field_end(sc);
}

/* W3C's "-" is no value: the field is left out, so `null` holds. */
static int present(span v) { return v.n && !(v.n == 1 && v.p[0] == '-'); }

/* Fields the web names below replace: the log's own column for them
 * would be a second value (an IIS cs-uri-query without the path). */
#define NAME(s) {s, sizeof s - 1}
static const struct {
  const char *s;
  size_t n;
} web_names[] = {NAME("cs-method"),   NAME("cs-uri-stem"), NAME("cs-uri-query"), NAME("c-ip"),
                 NAME("cs(User-Agent)"), NAME("cs-user-agent"), NAME("c-useragent"), NAME("sc-status"),
                 NAME("cs(Referer)"), NAME("cs-referer"), NAME("cs(Host)"), NAME("cs-host"),
                 NAME("cs-username"), NAME("cs-version")};
#undef NAME

static int web_named(span name) {
  if (name.n < 4 || ((name.p[0] | 0x20) != 'c' && (name.p[0] | 0x20) != 's')) return 0;
  for (size_t i = 0; i < sizeof web_names / sizeof web_names[0]; i++)
    if (web_names[i].n == name.n && !strncasecmp(web_names[i].s, name.p, name.n)) return 1;
  return 0;
}

/* A web request under the webserver category's names. */
static int web_fields(const logs_rec *r, logs_sigma_scratch *sc) {
  if (!present(r->stem) && !present(r->method)) return 0;
  if (present(r->method)) field(sc, "cs-method", r->method);
  if (present(r->stem)) {
    field(sc, "cs-uri-stem", r->stem);
    field_begin(sc, "cs-uri-query", 12);
    sb_add(&sc->text, r->stem.p, r->stem.n);
    if (present(r->query)) {
      if (r->query.p[0] != '?') sb_addc(&sc->text, '?');
      sb_add(&sc->text, r->query.p, r->query.n);
    }
    field_end(sc);
  }
  if (present(r->client_ip)) field(sc, "c-ip", r->client_ip);
  if (present(r->user_agent)) {
    /* IIS writes a user agent's spaces as '+' */
    field_begin(sc, "c-useragent", 11);
    size_t at = sc->text.len;
    sb_add(&sc->text, r->user_agent.p, r->user_agent.n);
    if (r->fmt == LOGS_FMT_IIS)
      for (size_t i = at; i < sc->text.len; i++)
        if (sc->text.data[i] == '+') sc->text.data[i] = ' ';
    field_end(sc);
  }
  if (present(r->status_text)) field(sc, "sc-status", r->status_text);
  if (present(r->referer)) field(sc, "cs-referer", r->referer);
  if (present(r->vhost)) field(sc, "cs-host", r->vhost);
  if (present(r->auth_user)) field(sc, "cs-username", r->auth_user);
  if (present(r->protocol)) field(sc, "cs-version", r->protocol);
  for (size_t i = 0; i < r->nfields; i++)
    if (!web_named(r->fields[i].name) && present(r->fields[i].value))
      field_begin(sc, r->fields[i].name.p, r->fields[i].name.n), sb_add(&sc->text, r->fields[i].value.p,
                                                                         r->fields[i].value.n),
          field_end(sc);
  return 1;
}

/* Every field as the record has it (Windows events: already named as
 * Sigma names them, see evtx_read.c). */
static int own_fields(const logs_rec *r, logs_sigma_scratch *sc) {
  for (size_t i = 0; i < r->nfields; i++) {
    field_begin(sc, r->fields[i].name.p, r->fields[i].name.n);
    sb_add(&sc->text, r->fields[i].value.p, r->fields[i].value.n);
    field_end(sc);
  }
  return 1;
}

/* What each format's records are for Sigma: a row per format (a reader
 * added to the table in readers.c gets a row here to be evaluated). */
static const struct {
  logs_format fmt;
  const char *product, *category, *service;
  int (*fields)(const logs_rec *r, logs_sigma_scratch *sc); /* 0: the record is not one Sigma has rules for */
} kinds[] = {
    {LOGS_FMT_EVTX, "windows", NULL, NULL, own_fields},
    {LOGS_FMT_IIS, NULL, "webserver", NULL, web_fields},
    {LOGS_FMT_ACCESS, NULL, "webserver", NULL, web_fields},
    {LOGS_FMT_HTTPPROXY, NULL, "webserver", NULL, web_fields}, /* Exchange's front end: the same requests */
    {LOGS_FMT_EXCSV, NULL, "webserver", NULL, web_fields},     /* only those that hold a request */
    {LOGS_FMT_AUDIT, "linux", NULL, "auditd", own_fields},     /* an event's records' fields together */
};

static const char *cstr(strbuf *b, span s) {
  sb_reset(b);
  sb_add(b, s.p, s.n);
  if (!b->data) sb_adds(b, "");
  return b->data;
}

size_t logs_sigma_eval(const logs_sigma *ls, logs_sigma_scratch *sc, const logs_rec *r, sigma_hit_fn fn, void *user) {
  if (!r->split) return 0;
  size_t k = 0;
  while (k < sizeof kinds / sizeof kinds[0] && kinds[k].fmt != r->fmt) k++;
  if (k == sizeof kinds / sizeof kinds[0]) return 0;
  sb_reset(&sc->text);
  sc->n = 0;
  if (!kinds[k].fields(r, sc)) return 0;
  for (size_t i = 0; i < sc->n; i++)
    sc->f[i] = (sigma_field){sc->text.data + sc->offs[2 * i], sc->text.data + sc->offs[2 * i + 1]};
  sigma_record rec = {.product = kinds[k].product,
                      .category = kinds[k].category,
                      .service = kinds[k].service,
                      .channel = r->channel.n ? cstr(&sc->chan, r->channel) : NULL,
                      .provider = r->provider.n ? cstr(&sc->prov, r->provider) : NULL,
                      .event_id = r->event_id >= 0 && r->fmt == LOGS_FMT_EVTX ? r->event_id : -1,
                      .fields = sc->f,
                      .nfields = sc->n};
  (void)ls;
  return sigma_eval(sc->s, &rec, fn, user);
}
