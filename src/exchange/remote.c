/*
 * remote.c - the non-intrusive remote Exchange version probe.  Each target
 * is asked, in the order of precision, (1) GET /owa/ for the X-OWA-Version
 * header (the full build, SU included), (2) the anonymous exporttool
 * ClickOnce manifest, whose <assemblyIdentity version="..."> is the full
 * build too, (3) the /owa/auth/<a.b.c>/ resource paths of the logon page,
 * which show only the CU.  Only plain GETs of public pages are sent: no
 * cookies, no credentials, never the X-AnonResource / X-BEResource cookies
 * or anything else aimed at the ProxyLogon SSRF (facts/exchange.md 1.6).
 *
 * Targets run concurrently on one libcurl multi handle, each a small state
 * machine (probe.step).  Redirects are followed here rather than by libcurl
 * so that every hop is rate-limited per host, counted, and kept on the
 * target's own host (a redirect elsewhere is noted, never followed).
 */
#include <curl/curl.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exchange/exchange.h"
#include "util/util.h"

#define BODY_CAP (512u * 1024u) /* bytes of a body kept; the transfer stops there */
#define HEADER_CAP 256          /* bytes of an X-OWA-Version value kept */
#define PROGRESS_US 100000      /* progress callback period */
#define TARGET_MAX 2048         /* longest target accepted */

#define EXPORTTOOL_PATH "/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application"
#define LOGON_PATH "/owa/auth/logon.aspx"

enum step { STEP_OWA, STEP_EXPORTTOOL, STEP_LOGON, STEP_DONE };
static const char *const step_label[] = {"GET /owa/", "GET exporttool", "GET /owa/auth/logon.aspx", ""};

typedef struct {
  const char *target;       /* as given (caller's) */
  char *base;               /* "scheme://host[:port][/prefix]", no trailing slash */
  char *host;               /* lower-case host: the rate-limit key */
  CURL *easy;
  enum step step;
  int hops;                 /* redirects followed within this step */
  char *url;                /* the request being made */
  int64_t start_at;         /* monotonic us: when the request may be sent */
  int waiting;              /* scheduled, not yet added to the multi handle */
  strbuf body;
  int capped;               /* body hit BODY_CAP: the transfer was cut short */
  char owa_hdr[HEADER_CAP + 1];
  int has_owa_hdr;
  int logon_seen;           /* step 1 already ended on the logon page */
  int have_cu;              /* step 1's page showed the CU */
  ex_version cu;
  char *cu_evidence;
  strbuf notes;             /* what was seen, for an unknown result */
  char *late_error;         /* a transport error after step 1 */
  char errbuf[CURL_ERROR_SIZE];
  /* the result */
  ex_version version;
  ex_precision precision;
  const char *method;
  char *evidence;
  char *error;
} probe;

typedef struct {
  char *host;
  int64_t next;             /* earliest time of the next request to it */
} host_slot;

typedef struct {
  CURLM *multi;
  long timeout_ms;
  int insecure;
  const char *ca_file;
  int max_redirects;
  int64_t interval_us;      /* between two requests to one host; 0 = unlimited */
  host_slot *hosts;
  size_t hosts_cap;
  char user_agent[64];
} ctx;

/* ---- parsers ------------------------------------------------------------- */

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

/* Case-insensitive compare of n bytes; lit is lower-case. */
static int starts_ci(const char *s, size_t len, const char *lit) {
  size_t n = strlen(lit);
  if (len < n) return 0;
  for (size_t i = 0; i < n; i++)
    if (lower(s[i]) != lit[i]) return 0;
  return 1;
}

int exchange_parse_owa_version_header(const char *value, size_t len, ex_version *out) {
  if (!value || !out) return -1;
  while (len && is_space(*value)) value++, len--;
  while (len && is_space(value[len - 1])) len--;
  if (len == 0 || len > 64) return -1;
  return exchange_version_parse(value, len, out);
}

static int is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-' ||
         c == '.' || c == ':';
}

/* Reads the attributes of the element whose name ends at b[j].  Returns 0
 * with the version attribute's value at [*voff, *voff + *vlen), or -1 with
 * *stop at the first byte not consumed (so the caller never rescans it). */
static int element_version(const char *b, size_t len, size_t j, size_t *voff, size_t *vlen, size_t *stop) {
  for (;;) {
    while (j < len && is_space(b[j])) j++;
    *stop = j;
    if (j >= len || b[j] == '>' || b[j] == '/') return -1;
    size_t name = j;
    while (j < len && is_name_char(b[j])) j++;
    size_t name_len = j - name;
    *stop = j;
    if (name_len == 0) return -1;
    while (j < len && is_space(b[j])) j++;
    if (j >= len || b[j] != '=') return *stop = j, -1;
    j++;
    while (j < len && is_space(b[j])) j++;
    if (j >= len || (b[j] != '"' && b[j] != '\'')) return *stop = j, -1;
    char quote = b[j++];
    size_t val = j;
    while (j < len && b[j] != quote && b[j] != '<' && b[j] != '>') j++;
    *stop = j;
    if (j >= len || b[j] != quote) return -1;
    if (name_len == 7 && starts_ci(b + name, name_len, "version")) {
      *voff = val;
      *vlen = j - val;
      return 0;
    }
    j++;
  }
}

/* Finds the first <assemblyIdentity> (any namespace prefix) with a version
 * attribute that is a build number.  Linear in len. */
static int find_manifest_version(const char *b, size_t len, ex_version *out, size_t *voff, size_t *vlen) {
  size_t i = 0;
  while (i < len) {
    if (b[i] != '<') {
      i++;
      continue;
    }
    size_t j = i + 1, k = j;
    while (k < len && k - j < 32 && is_name_char(b[k]) && b[k] != ':') k++;
    if (k < len && b[k] == ':') j = k + 1; /* "asmv1:" */
    if (!starts_ci(b + j, len - j, "assemblyidentity")) {
      i++;
      continue;
    }
    j += 16;
    if (j >= len || !(is_space(b[j]) || b[j] == '/' || b[j] == '>')) {
      i = j;
      continue;
    }
    size_t stop = j;
    if (element_version(b, len, j, voff, vlen, &stop) == 0 && exchange_version_parse(b + *voff, *vlen, out) == 0)
      return 0;
    i = stop > i ? stop : i + 1;
  }
  return -1;
}

int exchange_parse_exporttool_manifest(const char *body, size_t len, ex_version *out) {
  size_t off, vlen;
  if (!body || !out) return -1;
  return find_manifest_version(body, len, out, &off, &vlen);
}

/* Finds "/owa/auth/<a.b.c>/" or "/owa/<a.b.c>/" (any case).  A four-part
 * segment (Exchange 2010 style) is cut to the CU: paths never show the SU. */
static int find_logon_build(const char *b, size_t len, ex_version *out, size_t *moff, size_t *mlen) {
  for (size_t i = 0; i + 5 <= len; i++) {
    if (b[i] != '/' || !starts_ci(b + i, len - i, "/owa/")) continue;
    size_t j = i + 5;
    if (starts_ci(b + j, len - j, "auth/")) j += 5;
    size_t k = j;
    while (k < len && k - j <= 32 && (is_digit(b[k]) || b[k] == '.')) k++;
    if (k == j || k >= len || b[k] != '/') continue;
    ex_version v;
    if (exchange_version_parse(b + j, k - j, &v) != 0) continue;
    v.revision = -1;
    *out = v;
    *moff = i;
    *mlen = k + 1 - i;
    return 0;
  }
  return -1;
}

int exchange_parse_logon_page(const char *body, size_t len, ex_version *out) {
  size_t off, mlen;
  if (!body || !out) return -1;
  return find_logon_build(body, len, out, &off, &mlen);
}

/* ---- time, hosts, rate limit -------------------------------------------- */

static int64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static size_t hash_str(const char *s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

/* The slot of host in the open-addressing table (capacity > 2 x targets,
 * and every host is some target's own host, so it never fills). */
static host_slot *host_find(ctx *c, const char *host) {
  size_t i = hash_str(host) & (c->hosts_cap - 1);
  while (c->hosts[i].host && strcmp(c->hosts[i].host, host) != 0) i = (i + 1) & (c->hosts_cap - 1);
  if (!c->hosts[i].host) c->hosts[i].host = xstrdup(host);
  return &c->hosts[i];
}

/* Books the next request slot of p's host: requests to one host are spaced
 * interval_us apart, reserved in the order they are asked for. */
static void schedule(ctx *c, probe *p, const char *url) {
  free(p->url);
  p->url = xstrdup(url);
  int64_t now = now_us(), at = now;
  if (c->interval_us > 0) {
    host_slot *h = host_find(c, p->host);
    if (h->next > at) at = h->next;
    h->next = at + c->interval_us;
  }
  p->start_at = at;
  p->waiting = 1;
}

/* ---- targets ------------------------------------------------------------ */

/* "host", "https://host/", "http://host:8080/prefix/" -> base URL without
 * trailing slash, query, fragment or credentials; and the host name. */
static int normalise_target(const char *t, char **base, char **host) {
  int rc = -1;
  char *s = NULL, *path = NULL, *url = NULL, *scheme = NULL, *h = NULL;
  CURLU *u = NULL;
  size_t len = strlen(t);
  while (len && is_space(*t)) t++, len--;
  while (len && is_space(t[len - 1])) len--;
  if (len == 0 || len > TARGET_MAX) goto out;
  s = strstr(t, "://") && (size_t)(strstr(t, "://") - t) < len ? xstrndup(t, len)
                                                                 : xasprintf("https://%.*s", (int)len, t);
  if (!(u = curl_url())) goto out;
  if (curl_url_set(u, CURLUPART_URL, s, 0) != CURLUE_OK) goto out;
  if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) goto out;
  if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) goto out;
  curl_url_set(u, CURLUPART_USER, NULL, 0);
  curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
  curl_url_set(u, CURLUPART_OPTIONS, NULL, 0);
  curl_url_set(u, CURLUPART_QUERY, NULL, 0);
  curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
  if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK) goto out;
  size_t plen = strlen(path);
  while (plen && path[plen - 1] == '/') path[--plen] = '\0';
  if (curl_url_set(u, CURLUPART_PATH, plen ? path : "/", 0) != CURLUE_OK) goto out;
  if (curl_url_get(u, CURLUPART_URL, &url, 0) != CURLUE_OK) goto out;
  if (curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK || !*h) goto out;
  *base = xstrdup(url);
  for (size_t n = strlen(*base); n && (*base)[n - 1] == '/'; n--) (*base)[n - 1] = '\0';
  *host = xstrdup(h);
  for (char *q = *host; *q; q++) *q = lower(*q);
  rc = 0;
out:
  curl_free(scheme);
  curl_free(path);
  curl_free(url);
  curl_free(h);
  curl_url_cleanup(u);
  free(s);
  return rc;
}

/* The lower-case host of an absolute http(s) URL, or NULL (caller frees). */
static char *url_host(const char *url) {
  char *scheme = NULL, *h = NULL, *res = NULL;
  CURLU *u = curl_url();
  if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) goto out;
  if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) goto out;
  if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) goto out;
  if (curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK) goto out;
  res = xstrdup(h);
  for (char *q = res; *q; q++) *q = lower(*q);
out:
  curl_free(scheme);
  curl_free(h);
  curl_url_cleanup(u);
  return res;
}

static size_t on_body(char *buf, size_t size, size_t nmemb, void *userp) {
  probe *p = userp;
  size_t len = size * nmemb, room = BODY_CAP - p->body.len;
  if (len > room) {
    sb_add(&p->body, buf, room);
    p->capped = 1;
    return 0; /* stops the transfer: read no further */
  }
  sb_add(&p->body, buf, len);
  return len;
}

static size_t on_header(char *buf, size_t size, size_t nitems, void *userp) {
  probe *p = userp;
  size_t len = size * nitems;
  static const char name[] = "x-owa-version:";
  if (starts_ci(buf, len, name)) {
    const char *v = buf + sizeof name - 1;
    size_t n = len - (sizeof name - 1);
    while (n && is_space(*v)) v++, n--;
    while (n && is_space(v[n - 1])) n--;
    if (n > HEADER_CAP) n = HEADER_CAP;
    memcpy(p->owa_hdr, v, n);
    p->owa_hdr[n] = '\0';
    p->has_owa_hdr = 1;
  }
  return len;
}

static void note(probe *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(probe *p, const char *fmt, ...) {
  va_list ap;
  if (p->notes.len) sb_adds(&p->notes, "; ");
  va_start(ap, fmt);
  sb_vaddf(&p->notes, fmt, ap);
  va_end(ap);
}

static void finish(probe *p, const ex_version *v, const char *method, char *evidence) {
  if (v) {
    p->version = *v;
    p->precision = v->revision < 0 ? EX_PRECISION_CU_ONLY : EX_PRECISION_EXACT;
    p->method = method;
    p->evidence = evidence;
  } else {
    free(evidence);
    p->precision = EX_PRECISION_UNKNOWN;
    p->method = NULL;
    p->evidence = p->notes.len ? xstrdup(p->notes.data) : NULL;
    if (!p->error && p->late_error) p->error = xstrdup(p->late_error);
  }
  p->step = STEP_DONE;
}

static void start_step(ctx *c, probe *p, enum step s) {
  p->step = s;
  p->hops = 0;
  char *url = xasprintf("%s%s", p->base, s == STEP_OWA ? "/owa/" : s == STEP_EXPORTTOOL ? EXPORTTOOL_PATH : LOGON_PATH);
  schedule(c, p, url);
  free(url);
}

static probe *probe_new(ctx *c, const char *target) {
  probe *p = xcalloc(1, sizeof *p);
  p->target = target;
  /* never a lookup for a name that is not one (a local path, a bare word) */
  if (ss_exchange_target_kind(target) != SS_TARGET_REMOTE || normalise_target(target, &p->base, &p->host) != 0) {
    p->error = xstrdup("not an http(s) URL, IP address or dotted host name");
    p->precision = EX_PRECISION_UNKNOWN;
    p->step = STEP_DONE;
    return p;
  }
  CURL *e = p->easy = curl_easy_init();
  if (!e) {
    p->error = xstrdup("libcurl: cannot create a handle");
    p->precision = EX_PRECISION_UNKNOWN;
    p->step = STEP_DONE;
    return p;
  }
  curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)p);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)p);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, (void *)p);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, p->errbuf);
  curl_easy_setopt(e, CURLOPT_USERAGENT, c->user_agent);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L); /* followed here, per host and rate-limited */
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, c->timeout_ms);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->timeout_ms);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, c->insecure ? 0L : 1L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, c->insecure ? 0L : 2L);
  if (c->ca_file) curl_easy_setopt(e, CURLOPT_CAINFO, c->ca_file);
  /* no CURLOPT_COOKIEFILE: the cookie engine stays off, nothing is sent back */
  start_step(c, p, STEP_OWA);
  return p;
}

static void probe_free(probe *p) {
  if (p->easy) curl_easy_cleanup(p->easy);
  free(p->base);
  free(p->host);
  free(p->url);
  sb_free(&p->body);
  sb_free(&p->notes);
  free(p->cu_evidence);
  free(p->late_error);
  free(p->evidence);
  free(p->error);
  free(p);
}

static int is_tls_error(CURLcode code) {
  switch (code) {
  case CURLE_SSL_CONNECT_ERROR: case CURLE_PEER_FAILED_VERIFICATION: case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER: case CURLE_SSL_CACERT_BADFILE: case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH: case CURLE_SSL_INVALIDCERTSTATUS: case CURLE_SSL_CRL_BADFILE:
  case CURLE_SSL_ENGINE_NOTFOUND: case CURLE_SSL_ENGINE_SETFAILED: case CURLE_SSL_ENGINE_INITFAILED:
  case CURLE_USE_SSL_FAILED:
    return 1;
  default:
    return 0;
  }
}

static char *describe_error(const ctx *c, const probe *p, CURLcode code) {
  const char *what = step_label[p->step];
  const char *detail = p->errbuf[0] ? p->errbuf : curl_easy_strerror(code);
  if (code == CURLE_OPERATION_TIMEDOUT) return xasprintf("%s: timeout after %ld ms", what, c->timeout_ms);
  if (is_tls_error(code)) return xasprintf("%s: TLS: %s", what, detail);
  if (code == CURLE_COULDNT_RESOLVE_HOST) return xasprintf("%s: cannot resolve host: %s", what, detail);
  if (code == CURLE_COULDNT_CONNECT) return xasprintf("%s: cannot connect: %s", what, detail);
  return xasprintf("%s: %s: %s", what, curl_easy_strerror(code), detail);
}

/* The request of step 2 or 3 found nothing (or failed): what comes next. */
static void after_exporttool(ctx *c, probe *p) {
  if (p->have_cu) {
    finish(p, &p->cu, "logon-page-path", p->cu_evidence);
    p->cu_evidence = NULL;
  } else if (p->logon_seen) {
    finish(p, NULL, NULL, NULL);
  } else {
    start_step(c, p, STEP_LOGON);
  }
}

/* A request could not be completed (error owned by the call). */
static void request_failed(ctx *c, probe *p, char *error) {
  if (p->step == STEP_OWA) { /* the target itself could not be read */
    p->error = error;
    finish(p, NULL, NULL, NULL);
    return;
  }
  note(p, "%s", error);
  free(p->late_error);
  p->late_error = error;
  if (p->step == STEP_EXPORTTOOL) after_exporttool(c, p);
  else finish(p, NULL, NULL, NULL);
}

/* The final response of the current step (no further redirect). */
static void step_response(ctx *c, probe *p, long status) {
  ex_version v;
  size_t off, len;
  const char *body = p->body.data ? p->body.data : "";
  switch (p->step) {
  case STEP_OWA: {
    char *eff = NULL;
    curl_easy_getinfo(p->easy, CURLINFO_EFFECTIVE_URL, &eff);
    if (eff && strstr(eff, LOGON_PATH)) p->logon_seen = 1;
    if (find_logon_build(body, p->body.len, &v, &off, &len) == 0) {
      p->have_cu = 1;
      p->cu = v;
      p->cu_evidence = xasprintf("logon page path %.*s", (int)len, body + off);
    }
    note(p, "%s: HTTP %ld%s%s%s", step_label[p->step], status, p->has_owa_hdr ? "" : ", no X-OWA-Version",
         p->have_cu ? "" : ", no build path", p->capped ? ", body cut at 512 KiB" : "");
    start_step(c, p, STEP_EXPORTTOOL);
    return;
  }
  case STEP_EXPORTTOOL:
    if (status >= 200 && status < 300 && find_manifest_version(body, p->body.len, &v, &off, &len) == 0) {
      finish(p, &v, "exporttool", xasprintf("exporttool manifest assemblyIdentity version=\"%.*s\"", (int)len, body + off));
      return;
    }
    note(p, "%s: HTTP %ld, no manifest version", step_label[p->step], status);
    after_exporttool(c, p);
    return;
  case STEP_LOGON:
    if (find_logon_build(body, p->body.len, &v, &off, &len) == 0) {
      finish(p, &v, "logon-page-path", xasprintf("logon page path %.*s", (int)len, body + off));
      return;
    }
    note(p, "%s: HTTP %ld, no build path%s", step_label[p->step], status, p->capped ? ", body cut at 512 KiB" : "");
    finish(p, NULL, NULL, NULL);
    return;
  case STEP_DONE:
    break;
  }
}

/* One response arrived (or the request failed): advance p's state machine. */
static void on_done(ctx *c, probe *p, CURLcode code) {
  long status = 0;
  if (code == CURLE_WRITE_ERROR && p->capped) code = CURLE_OK; /* we stopped reading */
  if (code != CURLE_OK) {
    request_failed(c, p, describe_error(c, p, code));
    return;
  }
  curl_easy_getinfo(p->easy, CURLINFO_RESPONSE_CODE, &status);
  if (p->has_owa_hdr) {
    ex_version v;
    if (exchange_parse_owa_version_header(p->owa_hdr, strlen(p->owa_hdr), &v) == 0) {
      finish(p, &v, "x-owa-version", xasprintf("X-OWA-Version: %s", p->owa_hdr));
      return;
    }
    note(p, "X-OWA-Version is not a build: %s", p->owa_hdr);
  }
  if (status >= 300 && status < 400) {
    char *loc = NULL;
    curl_easy_getinfo(p->easy, CURLINFO_REDIRECT_URL, &loc);
    if (loc) {
      char *h = url_host(loc);
      if (h && strcmp(h, p->host) == 0) {
        free(h);
        if (p->hops >= c->max_redirects) {
          request_failed(c, p, xasprintf("%s: more than %d redirects (a loop?)", step_label[p->step], c->max_redirects));
          return;
        }
        p->hops++;
        schedule(c, p, loc);
        return;
      }
      free(h);
      note(p, "%s: redirect to another host or scheme not followed: %s", step_label[p->step], loc);
    }
  }
  step_response(c, p, status);
}

static void send_request(ctx *c, probe *p) {
  sb_reset(&p->body);
  p->capped = 0;
  p->has_owa_hdr = 0;
  p->errbuf[0] = '\0';
  p->waiting = 0;
  curl_easy_setopt(p->easy, CURLOPT_URL, p->url);
  if (curl_multi_add_handle(c->multi, p->easy) != CURLM_OK)
    request_failed(c, p, xasprintf("%s: libcurl refused the request", step_label[p->step]));
}

static void deliver(probe *p, ex_remote_fn fn, void *user) {
  ex_remote_result r;
  memset(&r, 0, sizeof r);
  r.target = xstrdup(p->target);
  r.version = p->version;
  r.precision = p->precision;
  r.method = p->method ? xstrdup(p->method) : NULL;
  r.evidence = p->evidence;
  r.error = p->error;
  if (r.precision == EX_PRECISION_UNKNOWN) r.version = (ex_version){0, 0, 0, -1};
  fn(user, &r);
  free(r.target);
  free(r.method);
}

/* ---- the driver ---------------------------------------------------------- */

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;
static void global_init(void) { global_rc = curl_global_init(CURL_GLOBAL_DEFAULT); }

ss_err exchange_remote_probe(const char *const *targets, size_t n, const ex_remote_options *opt,
                       ex_remote_fn fn, ex_progress_fn progress, void *user) {
  ss_err err = SS_OK;
  ctx c;
  probe **slots = NULL;
  if ((n && !targets) || !fn) return SS_ERR_ARG;
  for (size_t i = 0; i < n; i++)
    if (!targets[i]) return SS_ERR_ARG;
  if (n == 0) return SS_OK;
  pthread_once(&global_once, global_init);
  if (global_rc != CURLE_OK) return SS_ERR_INTERNAL;

  /* zeroed options mean the defaults; max_redirects < 0 follows none */
  memset(&c, 0, sizeof c);
  unsigned conc = opt && opt->concurrency ? opt->concurrency : 32;
  double rate = opt ? opt->per_host_rate : 5.0;
  c.timeout_ms = opt && opt->timeout_ms > 0 ? opt->timeout_ms : 10000;
  c.insecure = opt ? opt->insecure : 0;
  c.ca_file = opt ? opt->ca_file : NULL;
  c.max_redirects = !opt || opt->max_redirects == 0 ? 3 : opt->max_redirects < 0 ? 0 : opt->max_redirects;
  c.interval_us = isfinite(rate) && rate > 0 ? (int64_t)(1e6 / rate) : 0;
  snprintf(c.user_agent, sizeof c.user_agent, "shellsift/%s (exchange version check)", SS_VERSION);
  if (conc > n) conc = (unsigned)n;
  if (c.interval_us) {
    c.hosts_cap = 16;
    while (c.hosts_cap < 2 * n + 2) c.hosts_cap *= 2;
    c.hosts = xcalloc(c.hosts_cap, sizeof *c.hosts);
  }
  if (!(c.multi = curl_multi_init())) util_oom(sizeof(void *)); /* its only failure */
  slots = xcalloc(conc, sizeof *slots);

  size_t next = 0, done = 0, last_done = 0;
  int64_t last_progress = now_us();
  while (done < n) {
    /* fill free slots; a target that cannot even start is delivered at once */
    for (unsigned i = 0; i < conc && next < n; i++) {
      while (!slots[i] && next < n) {
        probe *p = probe_new(&c, targets[next++]);
        if (p->step == STEP_DONE) {
          deliver(p, fn, user);
          probe_free(p);
          done++;
        } else {
          slots[i] = p;
        }
      }
    }
    int64_t now = now_us();
    for (unsigned i = 0; i < conc; i++)
      if (slots[i] && slots[i]->waiting && slots[i]->start_at <= now) send_request(&c, slots[i]);

    int running = 0;
    curl_multi_perform(c.multi, &running);
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(c.multi, &left))) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL *e = msg->easy_handle;
      CURLcode code = msg->data.result;
      char *priv = NULL;
      curl_easy_getinfo(e, CURLINFO_PRIVATE, &priv);
      curl_multi_remove_handle(c.multi, e);
      on_done(&c, (probe *)(void *)priv, code);
    }
    /* deliver finished targets; failures in send_request also land here */
    int free_slot = 0;
    for (unsigned i = 0; i < conc; i++) {
      probe *p = slots[i];
      if (!p || p->step != STEP_DONE) continue;
      deliver(p, fn, user);
      probe_free(p);
      slots[i] = NULL;
      done++;
      free_slot = 1;
    }
    now = now_us();
    if (progress && done != last_done && (done == n || now - last_progress >= PROGRESS_US)) {
      progress(user, done, n);
      last_done = done;
      last_progress = now;
    }
    if (done >= n) break;

    /* sleep until a socket is ready, libcurl's own timer, the next deferred
     * request, or the next progress tick: never a busy loop */
    int64_t wait_us = 1000000;
    if (free_slot && next < n) wait_us = 0;
    for (unsigned i = 0; i < conc; i++)
      if (slots[i] && slots[i]->waiting && slots[i]->start_at - now < wait_us)
        wait_us = slots[i]->start_at - now;
    if (progress && PROGRESS_US - (now - last_progress) < wait_us) wait_us = PROGRESS_US - (now - last_progress);
    if (wait_us < 0) wait_us = 0;
    if (wait_us > 0) curl_multi_poll(c.multi, NULL, 0, (int)((wait_us + 999) / 1000), NULL);
  }
  if (progress && last_done != n) progress(user, n, n);

  if (slots) {
    for (unsigned i = 0; i < conc; i++)
      if (slots[i]) {
        if (!slots[i]->waiting && slots[i]->easy) curl_multi_remove_handle(c.multi, slots[i]->easy);
        probe_free(slots[i]);
      }
    free(slots);
  }
  if (c.multi) curl_multi_cleanup(c.multi);
  for (size_t i = 0; i < c.hosts_cap; i++) free(c.hosts[i].host);
  free(c.hosts);
  return err;
}
