/*
 * evidence.c - the rows that make up a sweep's evidence (see store.h):
 * findings on files, log findings, incidents, coverage, warnings, versions
 * and the Exchange check.  Lists (an incident's rules and shells) are kept
 * as JSON arrays so a responder can query them with SQLite's json_each.
 */
#include "store/store_priv.h"

#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/util.h"

static void step_free(sqlite3_stmt *st) {
  if (!st) return;
  sqlite3_step(st);
  sqlite3_finalize(st);
}

void store_add_finding(store *s, int64_t sweep, const store_finding *f) {
  sqlite3_stmt *st = store_prepare(s,
      "INSERT INTO findings(sweep, kind, path, category, severity, score, rules, reason, sha256,"
      " mtime, btime, carried, record) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!st) return;
  sqlite3_bind_int64(st, 1, sweep);
  store_bind_text(st, 2, f->kind);
  store_bind_text(st, 3, f->path);
  store_bind_text(st, 4, f->category);
  store_bind_text(st, 5, f->severity);
  sqlite3_bind_int(st, 6, f->score);
  store_bind_text(st, 7, f->rules);
  store_bind_text(st, 8, f->reason);
  store_bind_text(st, 9, f->sha256);
  sqlite3_bind_int64(st, 10, f->mtime);
  sqlite3_bind_int64(st, 11, f->btime);
  sqlite3_bind_int(st, 12, f->carried);
  store_bind_text(st, 13, f->record);
  step_free(st);
}

void store_carry_findings(store *s, int64_t sweep, int64_t prev, const char *path,
                          void (*cb)(const store_finding *f, void *user), void *user) {
  sqlite3_stmt *st = store_prepare(s,
      "SELECT kind, path, category, severity, score, rules, reason, sha256, mtime, btime, record"
      " FROM findings WHERE sweep=? AND path=? ORDER BY id");
  if (!st) return;
  sqlite3_bind_int64(st, 1, prev);
  store_bind_text(st, 2, path);
  /* Collect first: inserting while the select is open would make it see
   * its own copies if the ids were the same sweep. */
  store_finding rows[16];
  char *texts[16][8];
  int n = 0;
  while (n < 16 && sqlite3_step(st) == SQLITE_ROW) {
    for (int c = 0; c < 8; c++) {
      static const int cols[8] = {0, 1, 2, 3, 5, 6, 7, 10};
      const char *t = (const char *)sqlite3_column_text(st, cols[c]);
      texts[n][c] = xstrdup(t ? t : "");
    }
    rows[n] = (store_finding){texts[n][0], texts[n][1], texts[n][2], texts[n][3], texts[n][4],
                              texts[n][5], texts[n][6], sqlite3_column_int(st, 4),
                              sqlite3_column_int64(st, 8), sqlite3_column_int64(st, 9), texts[n][7], 1};
    n++;
  }
  sqlite3_finalize(st);
  for (int i = 0; i < n; i++) {
    store_add_finding(s, sweep, &rows[i]);
    if (cb) cb(&rows[i], user);
    for (int c = 0; c < 8; c++) free(texts[i][c]);
  }
}

void store_add_log_finding(store *s, int64_t sweep, const ss_log_finding *lf, const char *record) {
  sqlite3_stmt *st = store_prepare(s,
      "INSERT INTO log_findings(sweep, rule, title, cve, reference, severity, outcome, time, file, line,"
      " format, client_ip, user_agent, method, uri, status, evidence, incident, record)"
      " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!st) return;
  sqlite3_bind_int64(st, 1, sweep);
  store_bind_text(st, 2, lf->rule);
  store_bind_text(st, 3, lf->title);
  store_bind_text(st, 4, lf->cve);
  store_bind_text(st, 5, lf->reference);
  store_bind_text(st, 6, ss_severity_name(lf->severity));
  store_bind_text(st, 7, lf->outcome);
  if (lf->time == SS_TIME_UNKNOWN) sqlite3_bind_null(st, 8);
  else sqlite3_bind_int64(st, 8, lf->time);
  store_bind_text(st, 9, lf->file);
  sqlite3_bind_int64(st, 10, (int64_t)lf->line);
  store_bind_text(st, 11, lf->format);
  store_bind_text(st, 12, lf->client_ip);
  store_bind_text(st, 13, lf->user_agent);
  store_bind_text(st, 14, lf->method);
  store_bind_text(st, 15, lf->uri);
  sqlite3_bind_int(st, 16, lf->status);
  store_bind_text(st, 17, lf->evidence);
  sqlite3_bind_int(st, 18, (int)lf->incident);
  store_bind_text(st, 19, record);
  step_free(st);
}

/* A JSON array of strings, each escaped. */
static char *json_array(const char *const *items, size_t n) {
  strbuf sb = STRBUF_INIT;
  sb_addc(&sb, '[');
  for (size_t i = 0; i < n; i++) {
    sb_adds(&sb, i ? ",\"" : "\"");
    util_esc_json(&sb, items[i] ? items[i] : "", items[i] ? strlen(items[i]) : 0);
    sb_addc(&sb, '"');
  }
  sb_addc(&sb, ']');
  return sb_detach(&sb);
}

void store_add_incident(store *s, int64_t sweep, const ss_incident *in, const char *record) {
  sqlite3_stmt *st = store_prepare(s, "INSERT OR REPLACE INTO incidents VALUES(?,?,?,?,?,?,?,?,?,?,?)");
  if (!st) return;
  char *rules = json_array(in->rules, in->nrules), *shells = json_array(in->shells, in->nshells);
  sqlite3_bind_int64(st, 1, sweep);
  sqlite3_bind_int(st, 2, (int)in->id);
  store_bind_text(st, 3, in->client_ip);
  sqlite3_bind_int64(st, 4, in->first_seen);
  sqlite3_bind_int64(st, 5, in->last_seen);
  store_bind_text(st, 6, ss_severity_name(in->severity));
  sqlite3_bind_int64(st, 7, (int64_t)in->nfindings);
  store_bind_text(st, 8, in->summary);
  store_bind_text(st, 9, rules);
  store_bind_text(st, 10, shells);
  store_bind_text(st, 11, record);
  step_free(st);
  free(rules);
  free(shells);
}

void store_add_coverage(store *s, int64_t sweep, const char *item, const char *status, const char *path,
                        const char *note) {
  sqlite3_stmt *st = store_prepare(s,
      "INSERT INTO coverage VALUES(?1, (SELECT count(*) FROM coverage WHERE sweep=?1), ?2, ?3, ?4, ?5)");
  if (!st) return;
  sqlite3_bind_int64(st, 1, sweep);
  store_bind_text(st, 2, item);
  store_bind_text(st, 3, status);
  store_bind_text(st, 4, path);
  store_bind_text(st, 5, note);
  step_free(st);
}

void store_add_version(store *s, int64_t sweep, const char *component, const char *value) {
  sqlite3_stmt *st = store_prepare(s, "INSERT OR REPLACE INTO versions VALUES(?,?,?)");
  if (!st) return;
  sqlite3_bind_int64(st, 1, sweep);
  store_bind_text(st, 2, component);
  store_bind_text(st, 3, value);
  step_free(st);
}

void store_add_warning(store *s, int64_t sweep, const ss_warning *w, const char *record) {
  sqlite3_stmt *st = store_prepare(s, "INSERT INTO warnings VALUES(?,?,?,?,?,?)");
  if (!st) return;
  sqlite3_bind_int64(st, 1, sweep);
  store_bind_text(st, 2, w->kind_name);
  store_bind_text(st, 3, w->path);
  store_bind_text(st, 4, w->message);
  sqlite3_bind_int(st, 5, w->incomplete);
  store_bind_text(st, 6, record);
  step_free(st);
}

void store_add_exchange(store *s, int64_t sweep, const ss_exchange_result *r) {
  sqlite3_stmt *st = store_prepare(s, "INSERT OR REPLACE INTO exchange VALUES(?,?,?,?,?,?,?,?,?)");
  if (!st) return;
  sqlite3_bind_int64(st, 1, sweep);
  const char *v[8] = {r->product, r->build, r->cu, r->su, r->precision, r->method, r->evidence, r->error};
  for (int i = 0; i < 8; i++) store_bind_text(st, i + 2, v[i]);
  step_free(st);
  for (size_t i = 0; i < r->nchains; i++) {
    st = store_prepare(s, "INSERT OR REPLACE INTO exchange_chains VALUES(?,?,?,?)");
    if (!st) return;
    sqlite3_bind_int64(st, 1, sweep);
    store_bind_text(st, 2, r->chains[i].name);
    store_bind_text(st, 3, r->chains[i].status);
    store_bind_text(st, 4, r->chains[i].why);
    step_free(st);
  }
}
