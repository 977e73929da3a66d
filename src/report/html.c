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
#include "report/case.h"
#include "report/reasons.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hash.h"
#include "core/places.h"
#include "util/escape.h"
#include "report/html_assets.h"
#include "report/writer.h"

#define SVG_W 1000
#define SVG_LEFT 170
#define SVG_ROW 44
#define MAX_EVENTS 2000 /* timeline markers; the list below names them all */

static void h(strbuf *sb, const char *s) { util_esc_html(sb, s ? s : "", s ? strlen(s) : 0); }

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
  report_time_text(buf, t);
  h(sb, buf);
}

/* Each line of text as an <li>. */
static void list_items(strbuf *sb, const char *text) {
  for (const char *p = text ? text : ""; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n) {
      sb_adds(sb, "<li>");
      util_esc_html(sb, p, n);
      sb_adds(sb, "</li>");
    }
    p += n + (nl != NULL);
  }
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

static void banner(strbuf *sb, const store_sweep *sw) {
  sb_adds(sb, "<header class=\"banner v-");
  h(sb, sw->verdict);
  sb_adds(sb, "\"><div class=\"wrap\"><p>shellsift sweep of <b>");
  h(sb, sw->root);
  sb_adds(sb, "</b></p><h1>");
  h(sb, verdict_title(sw->verdict));
  sb_adds(sb, "</h1><p>");
  h(sb, verdict_sentence(sw->verdict));
  sb_adds(sb, "</p><ul>");
  list_items(sb, sw->verdict_reasons);
  sb_adds(sb, "</ul></div></header>\n<main>\n");
  if (!sw->complete)
    sb_adds(sb, "<p class=\"incomplete\"><b>Incomplete:</b> parts of the server could not be examined. "
                "See <a href=\"#coverage\">coverage</a> for what is missing and what that means.</p>\n");
}

static ss_err next_steps(strbuf *sb, store *s, int64_t sweep) {
  strbuf steps = STRBUF_INIT;
  ss_err err = report_next_steps(s, sweep, &steps);
  sb_adds(sb, "<section id=\"next\"><h2>What to do next</h2><ol>");
  list_items(sb, steps.data);
  sb_adds(sb, "</ol></section>\n");
  sb_free(&steps);
  return err;
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

typedef struct {
  timeline *tl;
  char **names; /* base names of the web shells found */
  size_t nnames;
  char *seen;   /* first request to each shell already placed */
} tl_ctx;

static void tl_incident(const store_incident *in, void *user) {
  tl_ctx *c = user;
  tl_add(c->tl, in->first_seen, (int)in->id, 0, in->client_ip);
}

/* Shells: written at their modification time (a copy of a disk gets a new
 * birth time; the mtime travels with it). */
static void tl_shell(const store_finding *f, void *user) {
  tl_ctx *c = user;
  if (strcmp(f->kind, "file") != 0 || f->score < 70 || !core_place_is_script(f->path)) return;
  tl_add(c->tl, f->mtime, (int)f->incident, 1, f->path);
  c->names = xrealloc(c->names, (c->nnames + 1) * sizeof *c->names);
  c->names[c->nnames++] = xstrdup(base_of(f->path));
}

/* The first request to each shell, per incident. */
static void tl_request(const ss_log_finding *lf, void *user) {
  tl_ctx *c = user;
  if (lf->time == SS_TIME_UNKNOWN) return;
  for (size_t i = 0; i < c->nnames; i++)
    if (!c->seen[i] && uri_names(lf->uri, c->names[i])) {
      c->seen[i] = 1;
      tl_add(c->tl, lf->time, (int)lf->incident, 2, c->names[i]);
    }
}

static ss_err tl_collect(timeline *tl, store *s, int64_t sweep) {
  tl_ctx c = {tl, NULL, 0, NULL};
  ss_err err = store_each_incident(s, sweep, tl_incident, &c);
  if (err == SS_OK) err = store_each_finding(s, sweep, tl_shell, &c);
  c.seen = xcalloc(c.nnames ? c.nnames : 1, 1);
  if (err == SS_OK) err = store_each_log_finding(s, sweep, tl_request, &c);
  free(c.seen);
  for (size_t i = 0; i < c.nnames; i++) free(c.names[i]);
  free(c.names);
  return err;
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

static ss_err timeline_section(strbuf *sb, store *s, int64_t sweep) {
  timeline tl = {0};
  ss_err err = tl_collect(&tl, s, sweep);
  sb_adds(sb, "<section id=\"timeline\"><h2>Timeline</h2>");
  if (!tl.n) {
    sb_adds(sb, "<p>No incident or web shell to place on a timeline.</p></section>\n");
    return err;
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
  report_time_text(a, t0);
  report_time_text(b, t1);
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
  return err;
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

typedef struct {
  strbuf *sb;
  size_t n;
} findings_ctx;

static void file_row(const store_finding *f, void *user) {
  findings_ctx *c = user;
  char *detail = xasprintf("%s%s%s%s", f->rules, *f->sha256 ? " sha256 " : "", f->sha256,
                           f->carried ? " (unchanged since the previous sweep)" : "");
  finding_row(c->sb, f->kind, f->severity, f->reason, f->path, f->mtime, detail);
  free(detail);
  c->n++;
}

static void log_row(const ss_log_finding *lf, void *user) {
  findings_ctx *c = user;
  char *what = xasprintf("%s%s%s", lf->title, *lf->cve ? " \xe2\x80\x94 " : "", lf->cve);
  /* a request, a command that ran, or the file an antivirus detected */
  char *where = *lf->command ? xasprintf("%s", lf->command)
                : *lf->target ? xasprintf("%s", lf->target)
                              : xasprintf("%s %s", lf->method, lf->uri);
  char incident[32] = "";
  if (lf->incident) snprintf(incident, sizeof incident, "; incident %u", lf->incident);
  char *who = *lf->process ? xasprintf("run by %s%s%s%s%s", lf->process, *lf->parent ? " from " : "", lf->parent,
                                       *lf->user ? " as " : "", lf->user)
              : *lf->threat ? xasprintf("threat %s (%s): %s", lf->threat, lf->threat_severity, lf->action)
                            : xasprintf("from %s", *lf->client_ip ? lf->client_ip : "?");
  strbuf detail = STRBUF_INIT;
  sb_addf(&detail, "%s; rule %s; %s line %llu%s%s", who, lf->rule, lf->file, (unsigned long long)lf->line,
          lf->recovered ? " (recovered from the log's free space)" : "", incident);
  free(who);
  /* every rule that matched; a Sigma rule with its author and references */
  for (size_t i = 0; i < lf->nreasons; i++) {
    if (lf->nreasons == 1 && strcmp(lf->reasons[i].source, "sigma")) break;
    sb_adds(&detail, i ? " | " : "; rules: ");
    report_log_reason_text(&detail, &lf->reasons[i]);
  }
  finding_row(c->sb, "log", ss_severity_name(lf->severity), what, where, lf->time, detail.data);
  free(what);
  free(where);
  sb_free(&detail);
  c->n++;
}

static ss_err findings_section(strbuf *sb, store *s, int64_t sweep) {
  sb_adds(sb, "<section id=\"findings\"><h2>Findings</h2>"
              "<div id=\"filters\" hidden><label>severity <select id=\"f-sev\"><option value=\"0\">all</option>"
              "<option value=\"1\">medium and above</option><option value=\"2\">high and above</option>"
              "<option value=\"3\">critical</option></select></label> <label>kind <select id=\"f-kind\">"
              "<option value=\"\">all</option><option value=\"file\">file</option><option value=\"artefact\">"
              "artefact</option><option value=\"log\">log</option></select></label> <label>search "
              "<input id=\"f-q\" type=\"search\"></label> <span id=\"f-n\"></span></div>"
              "<div class=\"scroll\"><table><thead><tr><th>severity</th><th>kind</th><th>what</th><th>where</th>"
              "<th>when</th><th>details</th></tr></thead><tbody>\n");
  findings_ctx c = {sb, 0};
  ss_err err = store_each_finding(s, sweep, file_row, &c);
  if (err == SS_OK) err = store_each_log_finding(s, sweep, log_row, &c);
  sb_adds(sb, "</tbody></table></div>");
  if (!c.n) sb_adds(sb, "<p>No findings.</p>");
  sb_adds(sb, "</section>\n");
  return err;
}

/* ---- Exchange, coverage, footer --------------------------------------- */

/* A table: the header row, then rows added by the callers (row_cells). */
static void table_head(strbuf *sb, const char *const *head, int ncols) {
  sb_adds(sb, "<div class=\"scroll\"><table><thead><tr>");
  for (int i = 0; i < ncols; i++) sb_addf(sb, "<th>%s</th>", head[i]);
  sb_adds(sb, "</tr></thead><tbody>");
}

static void table_end(strbuf *sb) { sb_adds(sb, "</tbody></table></div>"); }

/* One row of text cells; cls[i] is the cell's class: NULL, a class name,
 * or "st" for one named after the value ("st-missing"). */
static void row_cells(strbuf *sb, const char *const *cells, const char *const *cls, int ncols) {
  sb_adds(sb, "<tr>");
  for (int i = 0; i < ncols; i++) {
    sb_adds(sb, "<td");
    if (cls[i]) {
      sb_adds(sb, " class=\"");
      if (strcmp(cls[i], "st") == 0) sb_adds(sb, "st-"), h(sb, cells[i]);
      else sb_adds(sb, cls[i]);
      sb_adds(sb, "\"");
    }
    sb_adds(sb, ">");
    h(sb, cells[i]);
    sb_adds(sb, "</td>");
  }
  sb_adds(sb, "</tr>");
}

typedef struct {
  strbuf *sb;
  int found;
} exchange_ctx;

static void exchange_head(const store_exchange *x, void *user) {
  exchange_ctx *c = user;
  strbuf *sb = c->sb;
  if (!*x->build && !*x->product) return;
  c->found = 1;
  sb_adds(sb, "<section id=\"exchange\"><h2>Exchange build</h2><p>");
  h(sb, x->product);
  sb_adds(sb, " build <b>");
  h(sb, x->build);
  sb_adds(sb, "</b> ");
  h(sb, x->cu);
  sb_adds(sb, " ");
  h(sb, x->su);
  sb_adds(sb, "</p>");
  if (*x->summary) sb_adds(sb, "<p>"), h(sb, x->summary), sb_adds(sb, "</p>"); /* where it stands, in a sentence */
}

static void chain_row(const ss_chain *ch, void *user) {
  static const char *const cls[] = {NULL, "st", NULL};
  const char *cells[] = {ch->name, ch->status, ch->why};
  row_cells(user, cells, cls, 3);
}

static ss_err exchange_section(strbuf *sb, store *s, int64_t sweep) {
  static const char *const head[] = {"attack chain", "status", "why"};
  exchange_ctx c = {sb, 0};
  ss_err err = store_get_exchange(s, sweep, exchange_head, &c);
  if (err != SS_OK || !c.found) return err;
  table_head(sb, head, 3);
  err = store_each_chain(s, sweep, chain_row, sb);
  table_end(sb);
  sb_adds(sb, "</section>\n");
  return err;
}

static void coverage_row(const store_coverage *cv, void *user) {
  static const char *const cls[] = {NULL, "st", "path", NULL};
  const char *cells[] = {cv->item, cv->status, cv->path, cv->note};
  row_cells(user, cells, cls, 4);
}

static ss_err coverage_section(strbuf *sb, store *s, int64_t sweep, const store_sweep *sw) {
  static const char *const head[] = {"item", "status", "where", "what it means"};
  store_facts facts;
  ss_err err = store_get_facts(s, sweep, &facts);
  sb_addf(sb, "<section id=\"coverage\"><h2>What was examined</h2><p>%llu files examined",
          (unsigned long long)sw->files);
  if (sw->skipped)
    sb_addf(sb, " (%llu unchanged since the previous sweep: their earlier results were kept)",
            (unsigned long long)sw->skipped);
  sb_addf(sb, "; %llu warning(s) about files that could not be fully read.</p>",
          (unsigned long long)facts.incomplete_warnings);
  table_head(sb, head, 4);
  if (err == SS_OK) err = store_each_coverage(s, sweep, coverage_row, sb);
  table_end(sb);
  sb_adds(sb, "</section>\n");
  return err;
}

static void version_item(const char *component, const char *value, void *user) {
  strbuf *sb = user;
  h(sb, component);
  sb_adds(sb, " ");
  h(sb, value);
  sb_adds(sb, "; ");
}

static ss_err footer(strbuf *sb, store *s, int64_t sweep, const store_sweep *sw) {
  sb_addf(sb, "<footer><p>Sweep %lld, started ", (long long)sweep);
  time_cell(sb, sw->started);
  sb_adds(sb, ", finished ");
  time_cell(sb, sw->finished);
  sb_adds(sb, ".</p><p>");
  ss_err err = store_each_version(s, sweep, version_item, sb);
  sb_adds(sb, "</p></footer>\n");
  return err;
}

/* Writes the page to path, checking every step of the write. */
static ss_err write_file(const char *path, const strbuf *sb) {
  FILE *f = fopen(path, "w");
  if (!f) return SS_ERR_IO;
  int ok = fwrite(sb->data, 1, sb->len, f) == sb->len;
  ok &= fflush(f) == 0 && !ferror(f);
  ok &= fclose(f) == 0;
  return ok ? SS_OK : SS_ERR_IO;
}

ss_err report_case_html(store *s, int64_t sweep, const char *path) {
  /* the sweep row is copied: the sections below read the store again */
  store_sweep row;
  ss_err err = store_get_sweep(s, sweep, &row);
  if (err != SS_OK) return err;
  char *root = xstrdup(row.root), *verdict = xstrdup(row.verdict), *reasons = xstrdup(row.verdict_reasons);
  store_sweep sw = row;
  sw.root = root, sw.verdict = verdict, sw.verdict_reasons = reasons;
  strbuf sb = STRBUF_INIT;
  head(&sb, verdict_title(sw.verdict), sw.root);
  banner(&sb, &sw);
  err = next_steps(&sb, s, sweep);
  if (err == SS_OK) err = timeline_section(&sb, s, sweep);
  if (err == SS_OK) err = findings_section(&sb, s, sweep);
  if (err == SS_OK) err = exchange_section(&sb, s, sweep);
  if (err == SS_OK) err = coverage_section(&sb, s, sweep, &sw);
  if (err == SS_OK) err = footer(&sb, s, sweep, &sw);
  sb_adds(&sb, "</main><script>");
  sb_adds(&sb, html_script);
  sb_adds(&sb, "</script></body></html>\n");
  /* a page missing part of the case is not written as if it were whole */
  if (err == SS_OK) err = write_file(path, &sb);
  sb_free(&sb);
  free(root);
  free(verdict);
  free(reasons);
  return err;
}
