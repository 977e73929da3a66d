/*
 * html.c - the HTML report of a stored sweep: one self-contained file a
 * lone admin can open on a phone, print, or mail to a responder.  Verdict
 * banner, what to do next, a timeline of incidents (first exploit attempt,
 * shell written, shell used) as inline SVG, the findings in one table with
 * filters, the Exchange build, and coverage.  Every string from the case
 * file passes through util_esc_html: file names, URLs and log lines are the
 * attacker's.  The page loads nothing: its Content-Security-Policy allows
 * only its own style and script, by hash.
 */
#include "sweep/sweep.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hash.h"
#include "util/escape.h"
#include "sweep/html_assets.h"

#define SVG_W 1000
#define SVG_LEFT 170
#define SVG_ROW 44
#define MAX_EVENTS 2000 /* timeline markers; the list below names them all */

static void h(strbuf *sb, const char *s) { util_esc_html(sb, s ? s : "", s ? strlen(s) : 0); }

static const char *col(sqlite3_stmt *st, int i) {
  const char *t = (const char *)sqlite3_column_text(st, i);
  return t ? t : "";
}

static sqlite3_stmt *query(store *s, const char *sql, int64_t sweep) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK) return NULL;
  sqlite3_bind_int64(st, 1, sweep);
  return st;
}

static void csp_hash(strbuf *sb, const char *text) {
  hasher *hs = core_hasher_new();
  unsigned char md5[16], sha1[20], sha256[32];
  core_hasher_start(hs, HASH_SHA256);
  core_hasher_update(hs, text, strlen(text));
  core_hasher_finish(hs, md5, sha1, sha256);
  core_hasher_free(hs);
  sb_adds(sb, "'sha256-");
  util_esc_base64(sb, sha256, sizeof sha256);
  sb_adds(sb, "'");
}

static int sev_rank(const char *sev) {
  static const char *const names[] = {"low", "medium", "high", "critical"};
  for (int i = 0; i < 4; i++)
    if (strcmp(sev, names[i]) == 0) return i;
  return 0;
}

static void time_cell(strbuf *sb, int64_t t) {
  char buf[RFC3339_SIZE];
  sweep_time_text(buf, t);
  h(sb, buf);
}

/* ---- head and banner --------------------------------------------------- */

static void head(strbuf *sb, const char *verdict, const char *root) {
  sb_adds(sb, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
              "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src ");
  csp_hash(sb, html_style);
  sb_adds(sb, "; script-src ");
  csp_hash(sb, html_script);
  sb_adds(sb, "; img-src 'none'; connect-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<meta name=\"referrer\" content=\"no-referrer\">\n<title>shellsift sweep: ");
  h(sb, verdict);
  sb_adds(sb, " \xe2\x80\x94 ");
  h(sb, root);
  sb_adds(sb, "</title>\n<style>");
  sb_adds(sb, html_style);
  sb_adds(sb, "</style></head><body>\n");
}

static const char *verdict_title(const char *v) {
  if (strcmp(v, "compromised") == 0) return "Compromised";
  if (strcmp(v, "suspicious") == 0) return "Suspicious";
  return "No evidence found";
}

static const char *verdict_sentence(const char *v) {
  if (strcmp(v, "compromised") == 0) return "This server shows evidence that attackers got in.";
  if (strcmp(v, "suspicious") == 0)
    return "Something here needs a closer look. It is not proof of compromise.";
  return "Nothing examined shows a web shell, an exploitation trace or an attacker's tools.";
}

static void banner(strbuf *sb, sqlite3_stmt *sw) {
  const char *v = col(sw, 3);
  sb_adds(sb, "<header class=\"banner v-");
  h(sb, v);
  sb_adds(sb, "\"><div class=\"wrap\"><p>shellsift sweep of <b>");
  h(sb, col(sw, 0));
  sb_adds(sb, "</b></p><h1>");
  h(sb, verdict_title(v));
  sb_adds(sb, "</h1><p>");
  h(sb, verdict_sentence(v));
  sb_adds(sb, "</p><ul>");
  for (const char *p = col(sw, 4); *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n) {
      sb_adds(sb, "<li>");
      util_esc_html(sb, p, n);
      sb_adds(sb, "</li>");
    }
    p += n + (nl != NULL);
  }
  sb_adds(sb, "</ul></div></header>\n<main>\n");
  if (!sqlite3_column_int(sw, 5))
    sb_adds(sb, "<p class=\"incomplete\"><b>Incomplete:</b> parts of the server could not be examined. "
                "See <a href=\"#coverage\">coverage</a> for what is missing and what that means.</p>\n");
}

static void next_steps(strbuf *sb, store *s, int64_t sweep) {
  strbuf steps = STRBUF_INIT;
  sweep_next_steps(s, sweep, &steps);
  sb_adds(sb, "<section id=\"next\"><h2>What to do next</h2><ol>");
  for (const char *p = steps.data ? steps.data : ""; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    sb_adds(sb, "<li>");
    util_esc_html(sb, p, n);
    sb_adds(sb, "</li>");
    p += n + (nl != NULL);
  }
  sb_adds(sb, "</ol></section>\n");
  sb_free(&steps);
}

/* ---- timeline ---------------------------------------------------------- */

typedef struct {
  int64_t t;
  int row;          /* incident id, or 0 for files not tied to one */
  int kind;         /* 0 first exploit attempt, 1 shell written, 2 shell used */
  char *what;       /* file or address */
} tl_event;

typedef struct {
  tl_event *ev;
  size_t n;
  int rows[64];     /* incident ids with a row, 0 first */
  size_t nrows;
} timeline;

static void tl_add(timeline *tl, int64_t t, int row, int kind, const char *what) {
  if (t == SS_TIME_UNKNOWN || t <= 0 || tl->n >= MAX_EVENTS) return;
  tl->ev = xrealloc(tl->ev, (tl->n + 1) * sizeof *tl->ev);
  tl->ev[tl->n++] = (tl_event){t, row, kind, xstrdup(what)};
  for (size_t i = 0; i < tl->nrows; i++)
    if (tl->rows[i] == row) return;
  if (tl->nrows < 64) tl->rows[tl->nrows++] = row;
}

static const char *base_of(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

/* The last path component of a URL path, compared to a shell's file name. */
static int uri_names(const char *uri, const char *name) {
  size_t n = strcspn(uri, "?");
  const char *end = uri + n, *start = end;
  while (start > uri && start[-1] != '/') start--;
  return (size_t)(end - start) == strlen(name) && strncasecmp(start, name, strlen(name)) == 0;
}

static void tl_collect(timeline *tl, store *s, int64_t sweep) {
  sqlite3_stmt *st = query(s, "SELECT id, client_ip, first_seen FROM incidents WHERE sweep=? ORDER BY first_seen", sweep);
  while (st && sqlite3_step(st) == SQLITE_ROW)
    tl_add(tl, sqlite3_column_int64(st, 2), sqlite3_column_int(st, 0), 0, col(st, 1));
  sqlite3_finalize(st);
  /* shells: written at their modification time (a copy of a disk gets a
   * new birth time; the mtime travels with it) */
  char **names = NULL;
  size_t nnames = 0;
  st = query(s,
             "SELECT f.path, f.mtime,"
             " (SELECT i.id FROM incidents i, json_each(i.shells) j WHERE i.sweep=f.sweep AND j.value=f.path)"
             " FROM findings f WHERE f.sweep=? AND f.kind='file' AND f.score>=70",
             sweep);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    if (!core_place_is_script(col(st, 0))) continue;
    tl_add(tl, sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2), 1, col(st, 0));
    names = xrealloc(names, (nnames + 1) * sizeof *names);
    names[nnames++] = xstrdup(base_of(col(st, 0)));
  }
  sqlite3_finalize(st);
  /* first request to each shell, per incident */
  st = query(s, "SELECT time, uri, incident FROM log_findings WHERE sweep=? AND time IS NOT NULL ORDER BY time", sweep);
  char *seen = xcalloc(nnames ? nnames : 1, 1);
  while (st && sqlite3_step(st) == SQLITE_ROW)
    for (size_t i = 0; i < nnames; i++)
      if (!seen[i] && uri_names(col(st, 1), names[i])) {
        seen[i] = 1;
        tl_add(tl, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 2), 2, names[i]);
      }
  sqlite3_finalize(st);
  free(seen);
  for (size_t i = 0; i < nnames; i++) free(names[i]);
  free(names);
}

static int by_time(const void *a, const void *b) {
  const tl_event *x = a, *y = b;
  return (x->t > y->t) - (x->t < y->t);
}

static const char *const kind_label[] = {"first exploit attempt", "shell written", "shell used"};
static const char *const kind_colour[] = {"#b00020", "#e67e00", "#6a1b9a"};

static void svg_marker(strbuf *sb, int kind, int x, int y) {
  if (kind == 0) sb_addf(sb, "<circle cx=\"%d\" cy=\"%d\" r=\"7\" fill=\"%s\">", x, y, kind_colour[0]);
  else if (kind == 1) sb_addf(sb, "<rect x=\"%d\" y=\"%d\" width=\"13\" height=\"13\" fill=\"%s\">", x - 6, y - 6, kind_colour[1]);
  else sb_addf(sb, "<polygon points=\"%d,%d %d,%d %d,%d\" fill=\"%s\">", x, y - 8, x - 7, y + 6, x + 7, y + 6, kind_colour[2]);
}

static void timeline_section(strbuf *sb, store *s, int64_t sweep) {
  timeline tl = {0};
  tl_collect(&tl, s, sweep);
  sb_adds(sb, "<section id=\"timeline\"><h2>Timeline</h2>");
  if (!tl.n) {
    sb_adds(sb, "<p>No incident or web shell to place on a timeline.</p></section>\n");
    return;
  }
  qsort(tl.ev, tl.n, sizeof *tl.ev, by_time);
  int64_t t0 = tl.ev[0].t, t1 = tl.ev[tl.n - 1].t, span = t1 > t0 ? t1 - t0 : 1;
  int height = (int)tl.nrows * SVG_ROW + 50, plot = SVG_W - SVG_LEFT - 30;
  sb_addf(sb, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"timeline of incidents\">", SVG_W, height);
  for (size_t r = 0; r < tl.nrows; r++) {
    int y = (int)r * SVG_ROW + 30;
    sb_addf(sb, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ccc\"/>", SVG_LEFT, y, SVG_W - 20, y);
    sb_addf(sb, "<text x=\"8\" y=\"%d\" font-size=\"14\">", y + 5);
    if (tl.rows[r]) sb_addf(sb, "incident %d", tl.rows[r]);
    else sb_adds(sb, "files on disk");
    sb_adds(sb, "</text>");
  }
  for (size_t i = 0; i < tl.n; i++) {
    size_t r = 0;
    while (r < tl.nrows && tl.rows[r] != tl.ev[i].row) r++;
    int x = SVG_LEFT + (int)((double)(tl.ev[i].t - t0) / (double)span * plot);
    svg_marker(sb, tl.ev[i].kind, x, (int)r * SVG_ROW + 30);
    sb_adds(sb, "<title>");
    time_cell(sb, tl.ev[i].t);
    sb_addf(sb, " %s: ", kind_label[tl.ev[i].kind]);
    h(sb, tl.ev[i].what);
    sb_adds(sb, "</title></");
    sb_adds(sb, tl.ev[i].kind == 0 ? "circle>" : tl.ev[i].kind == 1 ? "rect>" : "polygon>");
  }
  char a[RFC3339_SIZE], b[RFC3339_SIZE];
  sweep_time_text(a, t0);
  sweep_time_text(b, t1);
  sb_addf(sb, "<text x=\"%d\" y=\"%d\" font-size=\"13\">%s</text>", SVG_LEFT, height - 8, a);
  sb_addf(sb, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\">%s</text></svg>", SVG_W - 20,
          height - 8, b);
  sb_adds(sb, "<p>legend: &#9679; first exploit attempt, &#9632; shell written, &#9650; shell used</p>"
              "<ol class=\"events\">");
  for (size_t i = 0; i < tl.n; i++) {
    sb_adds(sb, "<li>");
    time_cell(sb, tl.ev[i].t);
    sb_addf(sb, " \xe2\x80\x94 %s", kind_label[tl.ev[i].kind]);
    sb_adds(sb, tl.ev[i].kind == 0 ? " from " : ": ");
    h(sb, tl.ev[i].what);
    if (tl.ev[i].row) sb_addf(sb, " (incident %d)", tl.ev[i].row);
    sb_adds(sb, "</li>");
    free(tl.ev[i].what);
  }
  sb_adds(sb, "</ol></section>\n");
  free(tl.ev);
}

/* ---- findings table ---------------------------------------------------- */

static void finding_row(strbuf *sb, const char *kind, const char *sev, const char *what, const char *where,
                        int64_t when, const char *detail) {
  sb_addf(sb, "<tr data-sev=\"%d\" data-kind=\"%s\"><td class=\"sev-", sev_rank(sev), kind);
  h(sb, sev);
  sb_adds(sb, "\">");
  h(sb, sev);
  sb_addf(sb, "</td><td>%s</td><td>", kind);
  h(sb, what);
  sb_adds(sb, "</td><td class=\"path\">");
  h(sb, where);
  sb_adds(sb, "</td><td>");
  time_cell(sb, when);
  sb_adds(sb, "</td><td class=\"path\">");
  h(sb, detail);
  sb_adds(sb, "</td></tr>\n");
}

static void findings_section(strbuf *sb, store *s, int64_t sweep) {
  sb_adds(sb, "<section id=\"findings\"><h2>Findings</h2>"
              "<div id=\"filters\" hidden><label>severity <select id=\"f-sev\"><option value=\"0\">all</option>"
              "<option value=\"1\">medium and above</option><option value=\"2\">high and above</option>"
              "<option value=\"3\">critical</option></select></label> <label>kind <select id=\"f-kind\">"
              "<option value=\"\">all</option><option value=\"file\">file</option><option value=\"artefact\">"
              "artefact</option><option value=\"log\">log</option></select></label> <label>search "
              "<input id=\"f-q\" type=\"search\"></label> <span id=\"f-n\"></span></div>"
              "<div class=\"scroll\"><table><thead><tr><th>severity</th><th>kind</th><th>what</th><th>where</th>"
              "<th>when</th><th>details</th></tr></thead><tbody>\n");
  sqlite3_stmt *st = query(s,
      "SELECT kind, severity, reason, path, mtime, sha256, carried, rules FROM findings WHERE sweep=?"
      " ORDER BY score DESC, path", sweep);
  size_t n = 0;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    char *detail = xasprintf("%s%s%s%s", col(st, 7), *col(st, 5) ? " sha256 " : "", col(st, 5),
                             sqlite3_column_int(st, 6) ? " (unchanged since the previous sweep)" : "");
    finding_row(sb, col(st, 0), col(st, 1), col(st, 2), col(st, 3), sqlite3_column_int64(st, 4), detail);
    free(detail);
    n++;
  }
  sqlite3_finalize(st);
  st = query(s,
      "SELECT severity, title, method, uri, time, client_ip, rule, cve, file, line, incident FROM log_findings"
      " WHERE sweep=? ORDER BY time", sweep);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    char *what = xasprintf("%s%s%s", col(st, 1), *col(st, 7) ? " \xe2\x80\x94 " : "", col(st, 7));
    char *where = xasprintf("%s %s", col(st, 2), col(st, 3));
    char *detail = xasprintf("from %s; rule %s; %s line %lld; incident %d", *col(st, 5) ? col(st, 5) : "?",
                             col(st, 6), col(st, 8), (long long)sqlite3_column_int64(st, 9), sqlite3_column_int(st, 10));
    finding_row(sb, "log", col(st, 0), what, where,
                sqlite3_column_type(st, 4) == SQLITE_NULL ? SS_TIME_UNKNOWN : sqlite3_column_int64(st, 4), detail);
    free(what);
    free(where);
    free(detail);
    n++;
  }
  sqlite3_finalize(st);
  sb_adds(sb, "</tbody></table></div>");
  if (!n) sb_adds(sb, "<p>No findings.</p>");
  sb_adds(sb, "</section>\n");
}

/* ---- Exchange, coverage, footer --------------------------------------- */

/* A table of a query's text columns.  cls[i] is the cells' class: NULL,
 * a class name, or "st" for one named after the value ("st-missing"). */
static void query_table(strbuf *sb, store *s, int64_t sweep, const char *sql, const char *const *head,
                        const char *const *cls, int ncols) {
  sb_adds(sb, "<div class=\"scroll\"><table><thead><tr>");
  for (int i = 0; i < ncols; i++) sb_addf(sb, "<th>%s</th>", head[i]);
  sb_adds(sb, "</tr></thead><tbody>");
  sqlite3_stmt *st = query(s, sql, sweep);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    sb_adds(sb, "<tr>");
    for (int i = 0; i < ncols; i++) {
      sb_adds(sb, "<td");
      if (cls[i]) {
        sb_adds(sb, " class=\"");
        if (strcmp(cls[i], "st") == 0) sb_adds(sb, "st-"), h(sb, col(st, i));
        else sb_adds(sb, cls[i]);
        sb_adds(sb, "\"");
      }
      sb_adds(sb, ">");
      h(sb, col(st, i));
      sb_adds(sb, "</td>");
    }
    sb_adds(sb, "</tr>");
  }
  sqlite3_finalize(st);
  sb_adds(sb, "</tbody></table></div>");
}

static void exchange_section(strbuf *sb, store *s, int64_t sweep) {
  sqlite3_stmt *st = query(s, "SELECT product, build, cu, su, error FROM exchange WHERE sweep=?", sweep);
  if (!st || sqlite3_step(st) != SQLITE_ROW || (!*col(st, 1) && !*col(st, 0))) {
    sqlite3_finalize(st);
    return;
  }
  sb_adds(sb, "<section id=\"exchange\"><h2>Exchange build</h2><p>");
  h(sb, col(st, 0));
  sb_adds(sb, " build <b>");
  h(sb, col(st, 1));
  sb_adds(sb, "</b> ");
  h(sb, col(st, 2));
  sb_adds(sb, " ");
  h(sb, col(st, 3));
  sb_adds(sb, "</p>");
  sqlite3_finalize(st);
  static const char *const head[] = {"attack chain", "status", "why"}, *const cls[] = {NULL, "st", NULL};
  query_table(sb, s, sweep, "SELECT name, status, why FROM exchange_chains WHERE sweep=? ORDER BY rowid", head,
              cls, 3);
  sb_adds(sb, "</section>\n");
}

static void coverage_section(strbuf *sb, store *s, int64_t sweep, sqlite3_stmt *sw) {
  sb_addf(sb, "<section id=\"coverage\"><h2>What was examined</h2><p>%lld files examined",
          (long long)sqlite3_column_int64(sw, 6));
  if (sqlite3_column_int64(sw, 7))
    sb_addf(sb, " (%lld unchanged since the previous sweep: their earlier results were kept)",
            (long long)sqlite3_column_int64(sw, 7));
  sb_addf(sb, "; %lld warning(s) about files that could not be fully read.</p>",
          (long long)store_count(s, "SELECT count(*) FROM warnings WHERE sweep=? AND incomplete=1", sweep));
  static const char *const head[] = {"item", "status", "where", "what it means"},
                           *const cls[] = {NULL, "st", "path", NULL};
  query_table(sb, s, sweep, "SELECT item, status, path, note FROM coverage WHERE sweep=? ORDER BY seq", head, cls, 4);
  sb_adds(sb, "</section>\n");
}

static void footer(strbuf *sb, store *s, int64_t sweep, sqlite3_stmt *sw) {
  sb_addf(sb, "<footer><p>Sweep %lld, started ", (long long)sweep);
  time_cell(sb, sqlite3_column_int64(sw, 1));
  sb_adds(sb, ", finished ");
  time_cell(sb, sqlite3_column_int64(sw, 2));
  sb_adds(sb, ".</p><p>");
  sqlite3_stmt *st = query(s, "SELECT component, value FROM versions WHERE sweep=? ORDER BY component", sweep);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    h(sb, col(st, 0));
    sb_adds(sb, " ");
    h(sb, col(st, 1));
    sb_adds(sb, "; ");
  }
  sqlite3_finalize(st);
  sb_adds(sb, "</p></footer>\n");
}

ss_err html_report(store *s, int64_t sweep, const char *path) {
  sqlite3_stmt *sw = query(s,
      "SELECT root, started, finished, verdict, verdict_reasons, complete, files, skipped FROM sweeps WHERE id=?",
      sweep);
  if (!sw || sqlite3_step(sw) != SQLITE_ROW) {
    sqlite3_finalize(sw);
    return SS_ERR_ARG;
  }
  strbuf sb = STRBUF_INIT;
  head(&sb, verdict_title(col(sw, 3)), col(sw, 0));
  banner(&sb, sw);
  next_steps(&sb, s, sweep);
  timeline_section(&sb, s, sweep);
  findings_section(&sb, s, sweep);
  exchange_section(&sb, s, sweep);
  coverage_section(&sb, s, sweep, sw);
  footer(&sb, s, sweep, sw);
  sb_adds(&sb, "</main><script>");
  sb_adds(&sb, html_script);
  sb_adds(&sb, "</script></body></html>\n");
  sqlite3_finalize(sw);
  FILE *f = fopen(path, "w");
  int ok = f && fwrite(sb.data, 1, sb.len, f) == sb.len;
  if (f && fclose(f) != 0) ok = 0;
  sb_free(&sb);
  return ok ? SS_OK : SS_ERR_IO;
}
