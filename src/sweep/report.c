/*
 * report.c - `shellsift report` and `shellsift diff` from a case file:
 * ss_sweep_report re-renders a stored sweep (its ECS records: findings, log
 * findings and incidents in the order they were found, then warnings; the
 * summary line last; the HTML page) without touching the
 * evidence again; ss_sweep_diff compares the files two sweeps saw.
 */
#include "sweep/sweep.h"

#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "sweep/jw.h"

static int64_t pick_sweep(store *s, int64_t id) {
  if (id > 0) return store_count(s, "SELECT count(*) FROM sweeps WHERE id=? AND finished IS NOT NULL", id) ? id : 0;
  return store_count(s, "SELECT max(id) FROM sweeps WHERE finished IS NOT NULL", 0);
}

static void replay(store *s, int64_t sweep, FILE *json) {
  static const char *const sql[] = {
      "SELECT record FROM findings WHERE sweep=? ORDER BY id",
      "SELECT record FROM log_findings WHERE sweep=? ORDER BY id",
      "SELECT record FROM incidents WHERE sweep=? ORDER BY id",
      "SELECT record FROM warnings WHERE sweep=? ORDER BY rowid",
  };
  for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store_db(s), sql[i], -1, &st, NULL) != SQLITE_OK) continue;
    sqlite3_bind_int64(st, 1, sweep);
    while (sqlite3_step(st) == SQLITE_ROW)
      if (sqlite3_column_text(st, 0)) fputs((const char *)sqlite3_column_text(st, 0), json);
    sqlite3_finalize(st);
  }
  char *summary = ecs_summary(s, sweep);
  if (summary) fputs(summary, json);
  free(summary);
}

static void fill_result(store *s, int64_t sweep, ss_sweep_result *r) {
  sqlite3_stmt *st = NULL;
  memset(r, 0, sizeof *r);
  r->sweep_id = sweep;
  if (sqlite3_prepare_v2(store_db(s),
                         "SELECT verdict, complete, files, skipped, findings, log_findings, incidents, missing,"
                         " seconds FROM sweeps WHERE id=?", -1, &st, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64(st, 1, sweep);
  if (sqlite3_step(st) == SQLITE_ROW) {
    const char *v = (const char *)sqlite3_column_text(st, 0);
    r->verdict = v && !strcmp(v, "compromised") ? SS_VERDICT_COMPROMISED
                 : v && !strcmp(v, "suspicious") ? SS_VERDICT_SUSPICIOUS : SS_VERDICT_NO_EVIDENCE;
    r->complete = sqlite3_column_int(st, 1);
    uint64_t *counts[] = {&r->files, &r->skipped, &r->findings, &r->log_findings, &r->incidents, &r->missing};
    for (int i = 0; i < 6; i++) *counts[i] = (uint64_t)sqlite3_column_int64(st, 2 + i);
    r->seconds = sqlite3_column_double(st, 8);
  }
  sqlite3_finalize(st);
}

ss_err ss_sweep_report(const char *case_file, int64_t sweep_id, const char *html, FILE *json, FILE *text,
                       ss_sweep_result *result) {
  store *s = NULL;
  ss_sweep_result dummy;
  if (!case_file) return SS_ERR_ARG;
  ss_err err = store_open(case_file, 0, &s, NULL);
  if (err != SS_OK) return err;
  int64_t sweep = pick_sweep(s, sweep_id);
  if (!sweep) {
    store_close(s);
    return SS_ERR_ARG;
  }
  fill_result(s, sweep, result ? result : &dummy);
  if (json) replay(s, sweep, json);
  if (text) text_report(s, sweep, text);
  if (html) err = html_report(s, sweep, html);
  store_close(s);
  return err;
}

ss_err ss_sweep_diff(const char *case_file, int64_t since, ss_diff_cb cb, void *user, int64_t *from, int64_t *to) {
  static const char sql[] =
      "WITH a AS (SELECT * FROM files_seen WHERE sweep=?1), b AS (SELECT * FROM files_seen WHERE sweep=?2)"
      " SELECT 'added', b.path, b.size, b.mtime, b.sha256, '' FROM b"
      " WHERE NOT EXISTS (SELECT 1 FROM a WHERE a.path=b.path)"
      " UNION ALL SELECT 'changed', b.path, b.size, b.mtime, b.sha256, a.sha256 FROM b JOIN a"
      " ON a.path=b.path AND a.id!=b.id"
      " UNION ALL SELECT 'removed', a.path, a.size, a.mtime, '', a.sha256 FROM a"
      " WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.path=a.path)"
      " ORDER BY 2";
  store *s = NULL;
  if (!case_file || !cb) return SS_ERR_ARG;
  ss_err err = store_open(case_file, 0, &s, NULL);
  if (err != SS_OK) return err;
  int64_t latest = pick_sweep(s, 0);
  int64_t base = since > 0 ? pick_sweep(s, since) : store_previous_of(s, latest);
  if (!latest || !base || base >= latest) {
    store_close(s);
    return SS_ERR_ARG;
  }
  if (from) *from = base;
  if (to) *to = latest;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK) {
    store_close(s);
    return SS_ERR_IO;
  }
  sqlite3_bind_int64(st, 1, base);
  sqlite3_bind_int64(st, 2, latest);
  size_t rootlen = (size_t)store_count(s, "SELECT length(CAST(root AS BLOB)) FROM sweeps WHERE id=?", latest);
  while (sqlite3_step(st) == SQLITE_ROW) {
    ss_diff_entry e = {(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
                       (uint64_t)sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
                       (const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5), 0};
    if (!e.path) continue;
    const char *rel = strlen(e.path) > rootlen ? e.path + rootlen : e.path;
    e.script_in_webroot = strcmp(e.change, "removed") != 0 && (core_place_of(rel) & PLACE_WEBROOT) && core_place_is_script(rel);
    cb(&e, user);
  }
  sqlite3_finalize(st);
  store_close(s);
  return SS_OK;
}

void ss_diff_entry_write(FILE *out, const ss_diff_entry *e, int json) {
  if (json) {
    jw w;
    jw_open(&w);
    jw_str(&w, "event", "diff");
    jw_int(&w, "schema", SS_SCHEMA_VERSION);
    jw_str(&w, "change", e->change);
    jw_bytes(&w, "path", e->path);
    jw_int(&w, "size", (int64_t)e->size);
    jw_time(&w, "mtime", e->mtime);
    jw_str(&w, "sha256", e->sha256);
    jw_str(&w, "old_sha256", e->old_sha256);
    jw_bool(&w, "script_in_webroot", e->script_in_webroot);
    char *line = jw_finish(&w);
    fputs(line, out);
    free(line);
    return;
  }
  strbuf sb = STRBUF_INIT;
  util_esc_term(&sb, e->path ? e->path : "", e->path ? strlen(e->path) : 0);
  fprintf(out, "%-8s %s%s\n", e->change, e->script_in_webroot ? "NEW-SCRIPT " : "", sb.data ? sb.data : "");
  sb_free(&sb);
}
