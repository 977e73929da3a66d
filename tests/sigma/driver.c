/*
 * driver.c - runs Sigma rules over a stream of records, for the tests and
 * bench/sigma.  Until `shellsift logs --sigma` exists this is how the
 * engine is driven from outside; its record format is one JSON object per
 * line, flat (string, number, true/false or null values; null is an empty
 * value), whose "@"-keys say what the record is:
 *   {"@product":"windows","@channel":"Security","@event_id":4688,
 *    "@provider":"Microsoft-Windows-Security-Auditing","NewProcessName":"C:\\x.exe",...}
 *   {"@category":"webserver","cs-method":"GET","cs-uri-query":"...",...}
 * (also "@service"), so that tests/sigma/evtx_json.py (from a reference
 * EVTX decoding) or any reader's dump can feed it.
 *
 *   driver [-r RECORDS] [-n REPEAT] [-q] [-e] [-s] RULEPATH...
 * prints, per match, "HIT <record number from 1> <rule id> <level> <title>"
 * ("UNDECIDED ..." when a bound stopped a rule), with -e every load error
 * as "ERROR <file>:<line> <feature> <message>", and a last line
 *   "rules N failed N filters N records N hits N undecided N evaluated N".
 * -n evaluates the whole stream REPEAT times (for throughput; hits are
 * printed on the first pass only), -q prints no HIT lines, -s prints the
 * time spent loading and evaluating.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sigma/sigma.h"
#include "util/util.h"

typedef struct {
  char **names, **values;
  size_t n;
  char *product, *category, *service, *channel, *provider;
  long event_id;
} rec;

typedef struct {
  rec *v;
  size_t n, cap;
} recs;

/* A JSON string at *p (after the quote) into out; returns 0. */
static int jstring(const char **p, strbuf *out) {
  const char *s = *p;
  sb_reset(out);
  while (*s && *s != '"') {
    if (*s != '\\') {
      sb_addc(out, *s++);
      continue;
    }
    s++;
    switch (*s) {
    case 'n': sb_addc(out, '\n'); break;
    case 't': sb_addc(out, '\t'); break;
    case 'r': sb_addc(out, '\r'); break;
    case 'b': sb_addc(out, '\b'); break;
    case 'f': sb_addc(out, '\f'); break;
    case 'u': {
      unsigned cp = 0;
      for (int i = 1; i <= 4; i++) {
        char c = s[i];
        if (!c) return -1;
        cp = cp * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
      }
      s += 4;
      if (cp >= 0xD800 && cp < 0xDC00 && s[1] == '\\' && s[2] == 'u') {
        unsigned lo = 0;
        for (int i = 3; i <= 6; i++) {
          char c = s[i];
          if (!c) return -1;
          lo = lo * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        }
        if (lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00), s += 6;
      }
      if (cp < 0x80) sb_addc(out, (char)cp);
      else if (cp < 0x800) sb_addc(out, (char)(0xC0 | cp >> 6)), sb_addc(out, (char)(0x80 | (cp & 0x3F)));
      else if (cp < 0x10000)
        sb_addc(out, (char)(0xE0 | cp >> 12)), sb_addc(out, (char)(0x80 | (cp >> 6 & 0x3F))),
            sb_addc(out, (char)(0x80 | (cp & 0x3F)));
      else
        sb_addc(out, (char)(0xF0 | cp >> 18)), sb_addc(out, (char)(0x80 | (cp >> 12 & 0x3F))),
            sb_addc(out, (char)(0x80 | (cp >> 6 & 0x3F))), sb_addc(out, (char)(0x80 | (cp & 0x3F)));
      break;
    }
    case '\0': return -1;
    default: sb_addc(out, *s); break;
    }
    s++;
  }
  if (*s != '"') return -1;
  *p = s + 1;
  if (!out->data) sb_adds(out, "");
  return 0;
}

static void skip_ws(const char **p) {
  while (**p == ' ' || **p == '\t' || **p == '\r' || **p == '\n') (*p)++;
}

static void rec_set(rec *r, const char *k, const char *v) {
  char **attr = !strcmp(k, "@product") ? &r->product : !strcmp(k, "@category") ? &r->category
              : !strcmp(k, "@service") ? &r->service : !strcmp(k, "@channel") ? &r->channel
              : !strcmp(k, "@provider") ? &r->provider : NULL;
  if (attr) {
    free(*attr);
    *attr = xstrdup(v);
    return;
  }
  if (!strcmp(k, "@event_id")) {
    r->event_id = strtol(v, NULL, 10);
    return;
  }
  if (k[0] == '@') return; /* other annotations (file, line) */
  r->names = xrealloc(r->names, (r->n + 1) * sizeof *r->names);
  r->values = xrealloc(r->values, (r->n + 1) * sizeof *r->values);
  r->names[r->n] = xstrdup(k);
  r->values[r->n++] = xstrdup(v);
}

/* One flat JSON object per line; returns 0, or -1 if it is not one. */
static int parse_line(const char *line, rec *r) {
  memset(r, 0, sizeof *r);
  r->event_id = -1;
  const char *p = line;
  strbuf k = STRBUF_INIT, v = STRBUF_INIT;
  int rc = -1;
  skip_ws(&p);
  if (*p++ != '{') goto out;
  skip_ws(&p);
  if (*p == '}') {
    rc = 0;
    goto out;
  }
  for (;;) {
    skip_ws(&p);
    if (*p++ != '"' || jstring(&p, &k)) goto out;
    skip_ws(&p);
    if (*p++ != ':') goto out;
    skip_ws(&p);
    if (*p == '"') {
      p++;
      if (jstring(&p, &v)) goto out;
    } else {
      const char *a = p;
      while (*p && *p != ',' && *p != '}' && *p != ' ') p++;
      sb_reset(&v);
      if (p - a == 4 && !strncmp(a, "null", 4)) sb_adds(&v, "");
      else sb_add(&v, a, (size_t)(p - a));
      if (!v.data) sb_adds(&v, "");
    }
    rec_set(r, k.data, v.data);
    skip_ws(&p);
    if (*p == ',') {
      p++;
      continue;
    }
    if (*p == '}') break;
    goto out;
  }
  rc = 0;
out:
  sb_free(&k);
  sb_free(&v);
  return rc;
}

static void rec_free(rec *r) {
  for (size_t i = 0; i < r->n; i++) free(r->names[i]), free(r->values[i]);
  free(r->names), free(r->values);
  free(r->product), free(r->category), free(r->service), free(r->channel), free(r->provider);
}

typedef struct {
  size_t recno;
  int print;
  unsigned long long hits, undecided;
} run;

static void on_hit(void *user, const sigma_hit *h, const sigma_record *r) {
  (void)r;
  run *R = user;
  if (h->undecided) R->undecided++;
  else R->hits++;
  if (R->print)
    printf("%s\t%zu\t%s\t%s\t%s\n", h->undecided ? "UNDECIDED" : "HIT", R->recno, h->rule->id,
           sigma_level_name(h->rule->level), h->rule->title);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of this process: steadier than wall time on a shared machine. */
static double cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  const char *records = NULL;
  long repeat = 1;
  int quiet = 0, errors = 0, timing = 0, opt;
  while ((opt = getopt(argc, argv, "r:n:qes")) != -1) {
    switch (opt) {
    case 'r': records = optarg; break;
    case 'n': repeat = strtol(optarg, NULL, 10); break;
    case 'q': quiet = 1; break;
    case 'e': errors = 1; break;
    case 's': timing = 1; break;
    default:
      fprintf(stderr, "usage: driver [-r RECORDS] [-n REPEAT] [-q] [-e] [-s] RULEPATH...\n");
      return 2;
    }
  }
  double t0 = now(), c0 = cpu();
  sigma_ruleset *rs = sigma_ruleset_new();
  for (int i = optind; i < argc; i++) sigma_ruleset_add_path(rs, argv[i]);
  sigma_ruleset_finish(rs);
  double t1 = now(), c1 = cpu();
  if (errors)
    for (size_t i = 0; i < sigma_ruleset_error_count(rs); i++) {
      const sigma_error *e = sigma_ruleset_error(rs, i);
      printf("ERROR\t%s:%u\t%s\t%s\n", e->file, e->line, e->feature, e->message);
    }
  recs R = {0};
  if (records) {
    FILE *f = strcmp(records, "-") ? fopen(records, "r") : stdin;
    if (!f) {
      perror(records);
      return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t lineno = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
      lineno++;
      if (len <= 1) continue;
      rec r;
      if (parse_line(line, &r)) {
        fprintf(stderr, "%s:%zu: not a flat JSON object\n", records, lineno);
        rec_free(&r);
        return 2;
      }
      if (R.n == R.cap) R.cap = R.cap ? R.cap * 2 : 256, R.v = xrealloc(R.v, R.cap * sizeof *R.v);
      R.v[R.n++] = r;
    }
    free(line);
    if (f != stdin) fclose(f);
  }
  sigma_scratch *s = sigma_scratch_new(rs);
  run st = {0};
  sigma_field *fields = NULL;
  size_t capf = 0;
  double t2 = now(), c2 = cpu();
  for (long pass = 0; pass < repeat; pass++) {
    st.print = pass == 0 && !quiet;
    for (size_t i = 0; i < R.n; i++) {
      rec *r = &R.v[i];
      if (r->n > capf) capf = r->n, fields = xrealloc(fields, capf * sizeof *fields);
      for (size_t k = 0; k < r->n; k++) fields[k] = (sigma_field){r->names[k], r->values[k]};
      sigma_record sr = {r->product, r->category, r->service, r->channel, r->provider, r->event_id, fields, r->n};
      st.recno = i + 1;
      if (pass > 0) st.print = 0;
      sigma_eval(s, &sr, on_hit, &st);
    }
    if (pass == 0 && repeat > 1) st.hits = st.undecided = 0, t2 = now(), c2 = cpu(); /* the first pass warms the caches */
  }
  double t3 = now(), c3 = cpu();
  sigma_stats ss = sigma_scratch_stats(s);
  printf("rules %zu failed %zu filters %zu records %zu hits %llu undecided %llu evaluated %llu applicable %llu\n",
         sigma_ruleset_count(rs), sigma_ruleset_error_count(rs), sigma_ruleset_filter_count(rs), R.n, st.hits,
         st.undecided, ss.evaluated, ss.applicable);
  if (timing) {
    long passes = repeat > 1 ? repeat - 1 : 1;
    double secs = t3 - t2;
    double csecs = c3 - c2;
    printf("load %.3f s (cpu %.3f), eval %.3f s (cpu %.3f) for %ld x %zu records: %.0f records/s, %.0f per cpu second\n",
           t1 - t0, c1 - c0, secs, csecs, passes, R.n, secs > 0 ? (double)passes * (double)R.n / secs : 0.0,
           csecs > 0 ? (double)passes * (double)R.n / csecs : 0.0);
  }
  free(fields);
  for (size_t i = 0; i < R.n; i++) rec_free(&R.v[i]);
  free(R.v);
  sigma_scratch_free(s);
  sigma_ruleset_free(rs);
  return 0;
}
