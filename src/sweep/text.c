/*
 * text.c - the sweep in words on a terminal: verdict, why, what to do
 * next, findings (worst first) and what could not be examined.  Read from
 * the case file like the HTML page; every string from the evidence passes
 * through util_esc_term, so a file name cannot drive the terminal.
 */
#include "sweep/sweep.h"

#include <stdlib.h>
#include <string.h>

#include "util/escape.h"

#define TEXT_MAX_FINDINGS 200 /* the rest are in the case file and the HTML report */

static void put(FILE *out, const char *s) {
  strbuf sb = STRBUF_INIT;
  util_esc_term(&sb, s ? s : "", s ? strlen(s) : 0);
  fputs(sb.data ? sb.data : "", out);
  sb_free(&sb);
}

static const char *col(sqlite3_stmt *st, int i) {
  const char *t = (const char *)sqlite3_column_text(st, i);
  return t ? t : "";
}

static void lines(FILE *out, const char *prefix, const char *text) {
  for (const char *p = text; p && *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    char *line = xstrndup(p, n);
    if (n) {
      fputs(prefix, out);
      put(out, line);
      fputc('\n', out);
    }
    free(line);
    p += n + (nl != NULL);
  }
}

static sqlite3_stmt *query(store *s, const char *sql, int64_t sweep) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK) return NULL;
  sqlite3_bind_int64(st, 1, sweep);
  return st;
}

void text_report(store *s, int64_t sweep, FILE *out) {
  sqlite3_stmt *st = query(s, "SELECT root, verdict, verdict_reasons, complete, files, skipped FROM sweeps WHERE id=?", sweep);
  if (!st || sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return;
  }
  const char *v = col(st, 1);
  fputs("\nVERDICT: ", out);
  fputs(!strcmp(v, "compromised") ? "COMPROMISED" : !strcmp(v, "suspicious") ? "SUSPICIOUS" : "NO EVIDENCE FOUND", out);
  if (!sqlite3_column_int(st, 3)) fputs(" (incomplete: see coverage below)", out);
  fputs("\n  root: ", out);
  put(out, col(st, 0));
  fprintf(out, "\n  %lld files examined, %lld unchanged since the previous sweep\n",
          (long long)sqlite3_column_int64(st, 4), (long long)sqlite3_column_int64(st, 5));
  lines(out, "  - ", col(st, 2));
  sqlite3_finalize(st);

  strbuf steps = STRBUF_INIT;
  sweep_next_steps(s, sweep, &steps);
  fputs("\nWhat to do next:\n", out);
  lines(out, "  * ", steps.data);
  sb_free(&steps);

  st = query(s, "SELECT severity, kind, path, reason FROM findings WHERE sweep=? ORDER BY score DESC, path", sweep);
  int n = 0;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    if (n++ == 0) fputs("\nFindings:\n", out);
    if (n > TEXT_MAX_FINDINGS) continue;
    fprintf(out, "  %-8s %-8s ", col(st, 0), col(st, 1));
    put(out, col(st, 2));
    fputs("\n           ", out);
    put(out, col(st, 3));
    fputc('\n', out);
  }
  if (n > TEXT_MAX_FINDINGS) fprintf(out, "  ... and %d more (see the case file or HTML report)\n", n - TEXT_MAX_FINDINGS);
  sqlite3_finalize(st);

  st = query(s, "SELECT id, client_ip, first_seen, last_seen, summary FROM incidents WHERE sweep=? ORDER BY id", sweep);
  n = 0;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    char a[RFC3339_SIZE], b[RFC3339_SIZE];
    if (n++ == 0) fputs("\nIncidents:\n", out);
    sweep_time_text(a, sqlite3_column_int64(st, 2));
    sweep_time_text(b, sqlite3_column_int64(st, 3));
    fprintf(out, "  #%d %s .. %s ", sqlite3_column_int(st, 0), a, b);
    if (*col(st, 1)) {
      fputs("from ", out);
      put(out, col(st, 1));
    } else {
      fputs("(no client address in the logs)", out);
    }
    fputs(": ", out);
    put(out, col(st, 4));
    fputc('\n', out);
  }
  sqlite3_finalize(st);

  st = query(s, "SELECT item, status, note FROM coverage WHERE sweep=? AND status!='found' ORDER BY seq", sweep);
  n = 0;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    if (n++ == 0) fputs("\nNot examined:\n", out);
    fputs("  - ", out);
    put(out, col(st, 0));
    fputs(": ", out);
    put(out, col(st, 2));
    fputc('\n', out);
  }
  sqlite3_finalize(st);
  fflush(out);
}
