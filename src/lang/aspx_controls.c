/*
 * aspx_controls.c - ASP.NET server controls as request sources.  A page's
 * <asp:TextBox id="cmd" runat="server"/> (or <input runat="server">,
 * <textarea runat="server">, a DropDownList, a HiddenField...) is filled
 * from the posted form, so cmd.Text in the code-behind is request input
 * just as Request.Form["cmd"] is; an <asp:FileUpload> or
 * <input type="file" runat="server"> brings the client's file and its
 * name.  The markup is read once before the code: each control's id
 * becomes a tainted variable, and cmd.Text, this.cmd.Text or
 * cmd.SelectedValue resolve to it in taint.c.
 *
 * COM objects are declared in markup too, in classic ASP and ASP.NET:
 * <object runat="server" id="sh" progid="WScript.Shell"> (or a classid
 * naming its CLSID) makes sh.Exec(...) WScript.Shell's Exec, as a
 * CreateObject would.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

/* Controls whose value the client posts; upload=1 for file inputs. */
static const struct {
  const char *tag;
  int upload;
} controls[] = {
    {"asp:textbox", 0},     {"asp:dropdownlist", 0}, {"asp:listbox", 0},    {"asp:hiddenfield", 0},
    {"asp:radiobuttonlist", 0}, {"asp:checkboxlist", 0}, {"asp:fileupload", 1}, {"input", 0},
    {"textarea", 0},        {"select", 0},
};

/* The value of attribute name inside the tag [p, end), or NULL. */
static const unsigned char *attr(const unsigned char *p, const unsigned char *end, const char *name, size_t *n) {
  size_t k = strlen(name);
  for (const unsigned char *q = p; q + k < end; q++) {
    if (strncasecmp((const char *)q, name, k) != 0 || lang_lex_ident_char(q[-1])) continue;
    const unsigned char *v = q + k;
    while (v < end && (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')) v++;
    if (v >= end || *v != '=') continue;
    for (v++; v < end && (*v == ' ' || *v == '\t'); v++) {}
    unsigned char quote = v < end && (*v == '"' || *v == '\'') ? *v++ : 0;
    const unsigned char *e = v;
    while (e < end && (quote ? *e != quote : (*e != ' ' && *e != '>' && *e != '/' && *e != '\t'))) e++;
    *n = (size_t)(e - v);
    return v;
  }
  return NULL;
}

int lang_aspx_controls(lang_ctx *c, const unsigned char *buf, size_t len) {
  const unsigned char *end = buf + len;
  int found = 0;
  for (const unsigned char *p = buf; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++) {
    const unsigned char *gt = memchr(p, '>', (size_t)(end - p) < 4096 ? (size_t)(end - p) : 4096);
    if (!gt) continue;
    int which = -1;
    for (size_t k = 0; k < sizeof controls / sizeof controls[0] && which < 0; k++) {
      size_t n = strlen(controls[k].tag);
      if ((size_t)(gt - p) > n + 1 && strncasecmp((const char *)p + 1, controls[k].tag, n) == 0 &&
          !lang_lex_ident_char(p[1 + n]))
        which = (int)k;
    }
    if (which < 0) continue;
    size_t vn, idn;
    const unsigned char *v = attr(p + 1, gt, "runat", &vn);
    if (!v || vn != 6 || strncasecmp((const char *)v, "server", 6) != 0) continue;
    const unsigned char *id = attr(p + 1, gt, "id", &idn);
    if (!id || !idn || idn > 64) continue;
    int upload = controls[which].upload;
    size_t tn;
    const unsigned char *type = attr(p + 1, gt, "type", &tn);
    if (type && tn == 4 && strncasecmp((const char *)type, "file", 4) == 0) upload = 1;
    if (type && ((tn == 6 && strncasecmp((const char *)type, "submit", 6) == 0) ||
                 (tn == 6 && strncasecmp((const char *)type, "button", 6) == 0)))
      continue;
    char name[72];
    for (size_t k = 0; k < idn; k++) name[k] = (char)(id[k] >= 'A' && id[k] <= 'Z' ? id[k] + 32 : id[k]);
    sym *s = lang_sym_get(c, name, idn, 1);
    if (!s) return found;
    memset(&s->t, 0, sizeof s->t);
    snprintf(s->t.src, sizeof s->t.src, "the %s control %.*s", upload ? "file upload" : "form", (int)idn,
             (const char *)id);
    s->t.flags = (uint8_t)(TA_PURE | (upload ? TA_UPNAME : 0));
    s->t.line = 1;
    for (const unsigned char *q = buf; q < p; q++) s->t.line += *q == '\n';
    s->has_taint = 1;
    found++;
  }
  return found;
}

/* Public CLSIDs of the scripting objects shells use, and their ProgIDs. */
static const struct {
  const char *clsid, *progid;
} clsids[] = {
    {"72c24dd5-d70a-438b-8a42-98424b88afb8", "wscript.shell"},
    {"f935dc22-1cf0-11d0-adb9-00c04fd58a0b", "wscript.shell"},
    {"13709620-c279-11ce-a49e-444553540000", "shell.application"},
    {"0d43fe01-f093-11cf-8940-00a0c9054228", "scripting.filesystemobject"},
    {"00000566-0000-0010-8000-00aa006d2ea4", "adodb.stream"},
    {"0e59f1d5-1fbe-11d0-8ff2-00a0d10038bc", "msscriptcontrol.scriptcontrol"},
    /* DCOM lateral-movement objects (public CLSIDs): MMC20.Application, ShellWindows, ShellBrowserWindow */
    {"49b2791a-b1ae-4c90-9b8e-e860ba07f889", "mmc20.application"},
    {"9ba05972-f6a8-11cf-a442-00a0c90a8f39", "shellwindows"},
    {"c08afd90-f2a1-11d1-8455-00a0c91f3880", "shellbrowserwindow"},
};

static void lower(char *out, const unsigned char *v, size_t n) {
  for (size_t k = 0; k < n; k++) out[k] = (char)(v[k] >= 'A' && v[k] <= 'Z' ? v[k] + 32 : v[k]);
  out[n] = '\0';
}

void lang_lower_copy(char *out, size_t outsz, const char *s, size_t n) {
  if (n >= outsz) n = outsz - 1;
  lower(out, (const unsigned char *)s, n);
}

/* The ProgID a CLSID ("72c24dd5-...", braces and "clsid:" allowed) registers, or NULL. */
static const char *clsid_progid(const char *g) {
  if (strncmp(g, "clsid:", 6) == 0) g += 6;
  if (*g == '{') g++;
  for (size_t k = 0; k < sizeof clsids / sizeof clsids[0]; k++)
    if (strncmp(g, clsids[k].clsid, strlen(clsids[k].clsid)) == 0) return clsids[k].progid;
  return NULL;
}

void lang_moniker_class(char *name, size_t sz) {
  if (strncmp(name, "new:", 4) == 0) {
    const char *p = clsid_progid(name + 4);
    if (p) snprintf(name, sz, "%s", p);
  } else if (strncmp(name, "winmgmts:", 9) == 0) {
    const char *last = strrchr(name, ':');
    if (last && strncmp(last + 1, "win32_", 6) == 0) memmove(name, last + 1, strlen(last + 1) + 1);
  }
}

/* Each <object runat=server> of the page becomes a typed variable;
 * returns how many. */
int lang_asp_objects(lang_ctx *c, const unsigned char *buf, size_t len) {
  const unsigned char *end = buf + len;
  int found = 0;
  for (const unsigned char *p = buf; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++) {
    if ((size_t)(end - p) < 8 || strncasecmp((const char *)p + 1, "object", 6) != 0 || lang_lex_ident_char(p[7]))
      continue;
    const unsigned char *gt = memchr(p, '>', (size_t)(end - p) < 2048 ? (size_t)(end - p) : 2048);
    if (!gt) continue;
    size_t vn, idn, pn;
    const unsigned char *v = attr(p + 7, gt, "runat", &vn);
    if (!v || vn != 6 || strncasecmp((const char *)v, "server", 6) != 0) continue;
    const unsigned char *id = attr(p + 7, gt, "id", &idn);
    if (!id || !idn || idn > 64) continue;
    char progid[64] = "";
    const unsigned char *pv = attr(p + 7, gt, "progid", &pn);
    if (pv && pn && pn < sizeof progid) {
      lower(progid, pv, pn);
    } else if ((pv = attr(p + 7, gt, "classid", &pn)) != NULL && pn < 64) {
      char cls[64];
      lower(cls, pv, pn);
      const char *prog = clsid_progid(cls);
      if (prog) snprintf(progid, sizeof progid, "%s", prog);
    }
    if (!*progid) continue;
    char name[72];
    lower(name, id, idn);
    sym *s = lang_sym_get(c, name, idn, 1);
    if (!s) return found;
    unsigned line = 1;
    for (const unsigned char *q = buf; q < p; q++) line += *q == '\n';
    s->type_off = lang_arena_put(&c->persist, progid, strlen(progid));
    s->type_len = (uint32_t)strlen(progid);
    s->has_type = 1;
    lang_caps_string(c, progid, strlen(progid), SYN_VB, line);
    found++;
  }
  return found;
}
