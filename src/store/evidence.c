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

ss_err store_add_finding(store *s, int64_t sweep, const store_finding *f) {
  static const char what[] = "recording a finding";
  sqlite3_stmt *st = store_prepare(s,
      "INSERT INTO findings(sweep, kind, path, category, severity, score, rules, reason, sha256,"
      " mtime, btime, carried, record) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)", what);
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, sweep);
  const char *texts[] = {f->kind, f->path, f->category, f->severity};
  for (int i = 0; i < 4; i++) store_bind_text(st, 2 + i, texts[i]);
  sqlite3_bind_int(st, 6, f->score);
  store_bind_text(st, 7, f->rules);
  store_bind_text(st, 8, f->reason);
  store_bind_text(st, 9, f->sha256);
  sqlite3_bind_int64(st, 10, f->mtime);
  sqlite3_bind_int64(st, 11, f->btime);
  sqlite3_bind_int(st, 12, f->carried);
  store_bind_text(st, 13, f->record);
  return store_run(s, st, what);
}

#define CARRY_MAX 16 /* findings per path: one per kind of reason is plenty */

ss_err store_carry_findings(store *s, int64_t sweep, int64_t prev, const char *path,
                            void (*cb)(const store_finding *f, void *user), void *user) {
  static const char what[] = "carrying over the previous sweep's findings";
  sqlite3_stmt *st = store_prepare(s,
      "SELECT kind, path, category, severity, rules, reason, sha256, record, score, mtime, btime"
      " FROM findings WHERE sweep=? AND path=? ORDER BY id", what);
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, prev);
  store_bind_text(st, 2, path);
  /* Collect first: inserting while the select is open would make it see
   * its own copies if the ids were the same sweep. */
  store_finding rows[CARRY_MAX];
  char *texts[CARRY_MAX][8];
  int n = 0, rc = SQLITE_DONE;
  while (n < CARRY_MAX && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    for (int c = 0; c < 8; c++) texts[n][c] = xstrdup(store_col(st, c));
    rows[n] = (store_finding){texts[n][0], texts[n][1], texts[n][2], texts[n][3], texts[n][4], texts[n][5],
                              texts[n][6], sqlite3_column_int(st, 8), sqlite3_column_int64(st, 9),
                              sqlite3_column_int64(st, 10), texts[n][7], 1, 0};
    n++;
  }
  ss_err err = n == CARRY_MAX || rc == SQLITE_DONE ? SS_OK : store_fail(s, what);
  sqlite3_finalize(st);
  for (int i = 0; i < n; i++) {
    if (err == SS_OK) err = store_add_finding(s, sweep, &rows[i]);
    if (err == SS_OK && cb) cb(&rows[i], user);
    for (int c = 0; c < 8; c++) free(texts[i][c]);
  }
  return err;
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

/* The reasons of the log finding just inserted. */
static ss_err add_log_reasons(store *s, int64_t sweep, int64_t finding, const ss_log_finding *lf) {
  static const char what[] = "recording a log finding's rules";
  ss_err err = SS_OK;
  for (size_t i = 0; i < lf->nreasons && err == SS_OK; i++) {
    const ss_log_reason *r = &lf->reasons[i];
    sqlite3_stmt *st = store_prepare(s, "INSERT INTO log_reasons VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", what);
    if (!st) return SS_ERR_IO;
    sqlite3_bind_int64(st, 1, sweep);
    sqlite3_bind_int64(st, 2, finding);
    sqlite3_bind_int(st, 3, (int)i);
    char *tags = json_array(r->tags, r->tags ? r->ntags : 0);
    char *refs = json_array(r->references, r->references ? r->nreferences : 0);
    const char *v[] = {r->source, r->rule, r->title, ss_severity_name(r->severity), r->level, r->cve, r->reference,
                       r->author, tags, refs, r->rule_file, r->status};
    for (int k = 0; k < 12; k++) store_bind_text(st, 4 + k, v[k]);
    err = store_run(s, st, what);
    free(tags);
    free(refs);
  }
  return err;
}

ss_err store_add_log_finding(store *s, int64_t sweep, const ss_log_finding *lf, const char *record) {
  static const char what[] = "recording a log finding";
  sqlite3_stmt *st = store_prepare(s,
      "INSERT INTO log_findings(sweep, rule, title, cve, reference, severity, outcome, time, file, line,"
      " format, client_ip, user_agent, method, uri, status, evidence, seq, record, recovered, command, process,"
      " parent, user, threat, threat_severity, action, target)"
      " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", what);
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, sweep);
  const char *head[] = {lf->rule, lf->title, lf->cve, lf->reference, ss_severity_name(lf->severity), lf->outcome};
  for (int i = 0; i < 6; i++) store_bind_text(st, 2 + i, head[i]);
  if (lf->time == SS_TIME_UNKNOWN) sqlite3_bind_null(st, 8);
  else sqlite3_bind_int64(st, 8, lf->time);
  store_bind_text(st, 9, lf->file);
  sqlite3_bind_int64(st, 10, (int64_t)lf->line);
  const char *tail[] = {lf->format, lf->client_ip, lf->user_agent, lf->method, lf->uri};
  for (int i = 0; i < 5; i++) store_bind_text(st, 11 + i, tail[i]);
  sqlite3_bind_int(st, 16, lf->status);
  store_bind_text(st, 17, lf->evidence);
  sqlite3_bind_int64(st, 18, (int64_t)lf->id); /* its incident is set when the incident comes */
  store_bind_text(st, 19, record);
  sqlite3_bind_int(st, 20, lf->recovered);
  const char *proc[] = {lf->command, lf->process, lf->parent, lf->user, lf->threat, lf->threat_severity, lf->action,
                        lf->target};
  for (int i = 0; i < 8; i++) store_bind_text(st, 21 + i, proc[i]);
  ss_err err = store_run(s, st, what);
  if (err == SS_OK) err = add_log_reasons(s, sweep, sqlite3_last_insert_rowid(s->db), lf);
  return err;
}

ss_err store_add_incident(store *s, int64_t sweep, const ss_incident *in, const char *record) {
  static const char what[] = "recording an incident";
  sqlite3_stmt *st = store_prepare(s,
      "INSERT OR REPLACE INTO incidents(sweep, id, client_ip, first_seen, last_seen, severity, nfindings, summary,"
      " rules, shells, record, commands) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)", what);
  if (!st) return SS_ERR_IO;
  char *rules = json_array(in->rules, in->nrules), *shells = json_array(in->shells, in->nshells);
  char *commands = json_array(in->commands, in->ncommands);
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
  store_bind_text(st, 12, commands);
  free(rules);
  free(shells);
  free(commands);
  ss_err err = store_run(s, st, what);
  /* the findings it groups, reported before it, learn its number */
  for (size_t i = 0; i < in->nfindings && err == SS_OK && in->finding_ids; i++) {
    st = store_prepare(s, "UPDATE log_findings SET incident=?1 WHERE sweep=?2 AND seq=?3", what);
    if (!st) return SS_ERR_IO;
    sqlite3_bind_int(st, 1, (int)in->id);
    sqlite3_bind_int64(st, 2, sweep);
    sqlite3_bind_int64(st, 3, (int64_t)in->finding_ids[i]);
    err = store_run(s, st, what);
  }
  return err;
}

ss_err store_add_coverage(store *s, int64_t sweep, const char *item, const char *status, const char *path,
                          const char *note) {
  static const char what[] = "recording coverage";
  sqlite3_stmt *st = store_prepare(s,
      "INSERT INTO coverage VALUES(?1, (SELECT count(*) FROM coverage WHERE sweep=?1), ?2, ?3, ?4, ?5)", what);
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, sweep);
  const char *v[] = {item, status, path, note};
  for (int i = 0; i < 4; i++) store_bind_text(st, 2 + i, v[i]);
  return store_run(s, st, what);
}

ss_err store_add_version(store *s, int64_t sweep, const char *component, const char *value) {
  static const char what[] = "recording versions";
  sqlite3_stmt *st = store_prepare(s, "INSERT OR REPLACE INTO versions VALUES(?,?,?)", what);
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, sweep);
  store_bind_text(st, 2, component);
  store_bind_text(st, 3, value);
  return store_run(s, st, what);
}

ss_err store_add_warning(store *s, int64_t sweep, const ss_warning *w, const char *record) {
  static const char what[] = "recording a warning";
  sqlite3_stmt *st = store_prepare(s, "INSERT INTO warnings VALUES(?,?,?,?,?,?)", what);
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, sweep);
  store_bind_text(st, 2, w->kind_name);
  store_bind_text(st, 3, w->path);
  store_bind_text(st, 4, w->message);
  sqlite3_bind_int(st, 5, w->incomplete);
  store_bind_text(st, 6, record);
  return store_run(s, st, what);
}

ss_err store_add_exchange(store *s, int64_t sweep, const ss_exchange_result *r) {
  static const char what[] = "recording the Exchange check";
  sqlite3_stmt *st = store_prepare(s,
      "INSERT OR REPLACE INTO exchange(sweep, product, build, cu, su, precision, method, evidence, error,"
      " update_name, latest, updates_behind, supported, end_of_support, missing_cves, summary)"
      " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", what);
  if (!st) return SS_ERR_IO;
  sqlite3_bind_int64(st, 1, sweep);
  const char *v[8] = {r->product, r->build, r->cu, r->su, r->precision, r->method, r->evidence, r->error};
  for (int i = 0; i < 8; i++) store_bind_text(st, i + 2, v[i]);
  if (r->update) store_bind_text(st, 10, r->update); /* else NULL: no update */
  /* -1 ("cannot tell") is stored as NULL */
  const int tri[3] = {r->latest, r->updates_behind, r->supported};
  for (int i = 0; i < 3; i++)
    if (tri[i] >= 0) sqlite3_bind_int(st, 11 + i, tri[i]);
  store_bind_text(st, 14, r->end_of_support);
  strbuf cves = STRBUF_INIT;
  for (size_t i = 0; i < r->nmissing; i++) sb_adds(&cves, i ? ";" : ""), sb_adds(&cves, r->missing_cves[i]);
  store_bind_text(st, 15, cves.data);
  sb_free(&cves);
  store_bind_text(st, 16, r->summary);
  ss_err err = store_run(s, st, what);
  for (size_t i = 0; i < r->nchains && err == SS_OK; i++) {
    st = store_prepare(s, "INSERT OR REPLACE INTO exchange_chains VALUES(?,?,?,?)", what);
    if (!st) return SS_ERR_IO;
    sqlite3_bind_int64(st, 1, sweep);
    store_bind_text(st, 2, r->chains[i].name);
    store_bind_text(st, 3, r->chains[i].status);
    store_bind_text(st, 4, r->chains[i].why);
    err = store_run(s, st, what);
  }
  return err;
}
