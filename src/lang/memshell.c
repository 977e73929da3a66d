/*
 * memshell.c - an in-memory web shell installed by a page (ASP.NET):
 *
 *   void Page_Load(...) { HostingEnvironment.RegisterVirtualPathProvider(new P()); }
 *   typeof(HostingEnvironment).GetMethod("RegisterVirtualPathProviderInternal", ...).Invoke(null, ...)
 *
 * A VirtualPathProvider serves pages that exist nowhere on disk; the ones
 * it makes up run as the site's own.  Applications register theirs once,
 * at start-up (AppInitialize in App_Code, Global.asax Application_Start);
 * one registered while a request is served, or through the internal
 * method that skips the start-up check, plants pages no file shows.
 */
#include <string.h>
#include <strings.h>

#include "lang/analyze.h"

int lang_vpp_page(const unsigned char *buf, size_t len) {
  return memmem(buf, len, "VirtualPathProvider", 19) != NULL;
}

/* Is the function being read one that runs at application start-up? */
static int at_startup(const lang_ctx *c) {
  static const char *const startup[] = {"appinitialize", "application_start", "application_onstart", "init",
                                        "start", "preapplicationstart"};
  if (!c->in_fn || !c->fn) return 0;
  const char *name = c->wrappers[c->fn - 1].name;
  for (size_t k = 0; k < sizeof startup / sizeof startup[0]; k++)
    if (strcasecmp(name, startup[k]) == 0) return 1;
  return 0;
}

void lang_memshell_statement(lang_ctx *c) {
  if (!c->vpp_page || (c->syn != SYN_CSHARP && c->syn != SYN_VB && c->syn != SYN_JSCRIPT)) return;
  for (size_t i = 0; i < c->nst; i++) {
    const token *t = &c->st[i];
    const char *s = tok_text(c, t);
    int internal = t->kind == TK_STR && t->len == 35 && strcasecmp(s, "registervirtualpathproviderinternal") == 0;
    int call = t->kind == TK_IDENT && t->len >= 27 && strcmp(s + t->len - 27, "registervirtualpathprovider") == 0 &&
               i + 1 < c->nst && tok_is(c, &c->st[i + 1], TK_OP, "(");
    if (!internal && !(call && !at_startup(c))) continue;
    lang_add_detection(c, "shellsift.lang.memory-shell", "webshell", internal ? 80 : 70, t->line,
                       "registers a VirtualPathProvider %s (line %u): the pages it makes up are loaded as the "
                       "site's own though no file holds them (an in-memory web shell)",
                       internal ? "through the internal RegisterVirtualPathProviderInternal (reflection)"
                                : "while serving a request, not at application start-up",
                       t->line);
    return;
  }
}
