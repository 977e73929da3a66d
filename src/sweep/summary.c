/*
 * summary.c - what a stored sweep says in words: the verdict sentence, the
 * next steps for the person who has to act on it, and the closing
 * {"event":"summary"} JSON line.  All read from the case file, so the
 * sweep, `shellsift report` and the HTML page say the same thing.
 */
#include "sweep/sweep.h"

#include <stdlib.h>
#include <string.h>

#include "sweep/jw.h"

void sweep_time_text(char buf[RFC3339_SIZE], int64_t t) {
  if (t == SS_TIME_UNKNOWN || !report_rfc3339(buf, t)) snprintf(buf, RFC3339_SIZE, "unknown");
}

static int has(store *s, const char *sql, int64_t sweep) { return store_count(s, sql, sweep) > 0; }

void sweep_next_steps(store *s, int64_t sweep, strbuf *out) {
  sqlite3_stmt *st = NULL;
  char *verdict = NULL;
  if (sqlite3_prepare_v2(store_db(s), "SELECT verdict FROM sweeps WHERE id=?", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, sweep);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
      verdict = xstrdup((const char *)sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  int vulnerable = has(s, "SELECT count(*) FROM exchange_chains WHERE sweep=? AND status='vulnerable'", sweep);
  int missing = has(s, "SELECT count(*) FROM coverage WHERE sweep=? AND status='missing'", sweep);
  int creds = has(s, "SELECT count(*) FROM findings WHERE sweep=? AND rules LIKE '%lsass%'", sweep);
  const char *v = verdict ? verdict : "";
  if (strcmp(v, "compromised") == 0) {
    sb_adds(out, "Do not wipe or rebuild the server yet: take it off the network (or block inbound HTTPS) "
                 "and keep this report and the case file; they are evidence.\n");
    sb_adds(out, "Call your incident responder or national CERT now and hand them this report and the case file.\n");
    if (creds)
      sb_adds(out, "Assume every password used on this server was stolen: once the attacker is out, reset "
                   "administrator and service account passwords, and the domain krbtgt password twice.\n");
    sb_adds(out, "Leave the web shells in place until they are preserved; then remove them and sweep every "
                 "other Exchange and web server too.\n");
  } else if (strcmp(v, "suspicious") == 0) {
    sb_adds(out, "Have someone who knows this server go through each finding below: is the file part of "
                 "software you installed, and was the request yours?\n");
    sb_adds(out, "If you cannot explain a finding, treat the server as compromised and contact your CERT.\n");
  } else {
    sb_adds(out, "Keep the case file: sweep again later with the same --case and run 'shellsift diff' "
                 "to see what changed on disk.\n");
  }
  if (vulnerable)
    sb_adds(out, "Install the latest Cumulative Update and Security Update for Exchange: this build is "
                 "vulnerable to attacks used in the wild.\n");
  if (missing)
    sb_adds(out, "Parts of the server could not be examined (see coverage): collect the missing logs or "
                 "folders and sweep again; until then this is not a clean bill of health.\n");
  free(verdict);
}

static void add_lines(jw *w, const char *key, const char *text) {
  jw_arr(w, key);
  for (const char *p = text; p && *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    char *line = xstrndup(p, n);
    if (n) jw_str(w, NULL, line);
    free(line);
    p = nl ? nl + 1 : p + n;
  }
  jw_close(w, ']');
}

static const char *col(sqlite3_stmt *st, int i) {
  const char *t = (const char *)sqlite3_column_text(st, i);
  return t ? t : "";
}

static void add_coverage(jw *w, store *s, int64_t sweep) {
  sqlite3_stmt *st = NULL;
  jw_arr(w, "coverage");
  if (sqlite3_prepare_v2(store_db(s), "SELECT item, status, path, note FROM coverage WHERE sweep=? ORDER BY seq",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, sweep);
    while (sqlite3_step(st) == SQLITE_ROW) {
      jw_obj(w, NULL);
      jw_str(w, "item", col(st, 0));
      jw_str(w, "status", col(st, 1));
      jw_bytes(w, "path", col(st, 2));
      jw_str(w, "note", col(st, 3));
      jw_close(w, '}');
    }
  }
  sqlite3_finalize(st);
  jw_close(w, ']');
}

static void add_exchange(jw *w, store *s, int64_t sweep) {
  sqlite3_stmt *st = NULL;
  jw_obj(w, "exchange");
  if (sqlite3_prepare_v2(store_db(s), "SELECT product, build, cu, su, error, update_name, summary FROM exchange WHERE sweep=?", -1, &st,
                         NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, sweep);
    if (sqlite3_step(st) == SQLITE_ROW) {
      jw_str(w, "product", col(st, 0));
      jw_str(w, "build", col(st, 1));
      jw_str(w, "cu", col(st, 2));
      jw_str(w, "su", col(st, 3));
      jw_str(w, "error", col(st, 4));
      jw_str(w, "update", col(st, 5));
      jw_str(w, "summary", col(st, 6));
    }
  }
  sqlite3_finalize(st);
  jw_arr(w, "chains");
  if (sqlite3_prepare_v2(store_db(s), "SELECT name, status, why FROM exchange_chains WHERE sweep=? ORDER BY rowid",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, sweep);
    while (sqlite3_step(st) == SQLITE_ROW) {
      jw_obj(w, NULL);
      jw_str(w, "name", col(st, 0));
      jw_str(w, "status", col(st, 1));
      jw_str(w, "why", col(st, 2));
      jw_close(w, '}');
    }
  }
  sqlite3_finalize(st);
  jw_close(w, ']');
  jw_close(w, '}');
}

char *ecs_summary(store *s, int64_t sweep) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(store_db(s),
                         "SELECT root, started, finished, verdict, verdict_reasons, complete, files, skipped,"
                         " findings, log_findings, incidents, missing, seconds FROM sweeps WHERE id=?",
                         -1, &st, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_int64(st, 1, sweep);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return NULL;
  }
  jw w;
  jw_open(&w);
  jw_str(&w, "event", "summary");
  jw_int(&w, "schema", SS_SCHEMA_VERSION);
  jw_str(&w, "version", SS_VERSION);
  jw_int(&w, "sweep", sweep);
  jw_bytes(&w, "root", col(st, 0));
  jw_time(&w, "started", sqlite3_column_int64(st, 1));
  jw_time(&w, "finished", sqlite3_column_int64(st, 2));
  jw_str(&w, "verdict", col(st, 3));
  add_lines(&w, "reasons", col(st, 4));
  jw_bool(&w, "complete", sqlite3_column_int(st, 5));
  static const char *const counts[] = {"files", "skipped", "findings", "log_findings", "incidents", "missing"};
  for (int i = 0; i < 6; i++) jw_int(&w, counts[i], sqlite3_column_int64(st, 6 + i));
  char secs[32];
  snprintf(secs, sizeof secs, "%.3f", sqlite3_column_double(st, 12));
  for (char *p = secs; *p; p++) if (*p == ',') *p = '.'; /* a decimal comma would break the JSON */
  jw_raw(&w, "seconds", secs);
  sqlite3_finalize(st);
  strbuf steps = STRBUF_INIT;
  sweep_next_steps(s, sweep, &steps);
  add_lines(&w, "next_steps", steps.data);
  sb_free(&steps);
  add_coverage(&w, s, sweep);
  add_exchange(&w, s, sweep);
  return jw_finish(&w);
}
