/*
 * events.h - building ss_warning events.  Every skipped file, directory,
 * rule file or IOC line becomes one of these: nothing is skipped silently.
 */
#ifndef SS_EVENTS_H
#define SS_EVENTS_H

#include "shellsift.h"

/* Whether a warning of this kind means part of the scan did not run. */
int core_warning_kind_incomplete(ss_warning_kind kind);
/* Calls cb with a warning event; message is formatted printf-style. */
/* Adapts a parser's line warnings (util.h line_warn_fn) into warning events
 * of one kind; pass a line_warn_target as the parser's user pointer. */
typedef struct {
  ss_event_cb cb;
  void *user;
  ss_warning_kind kind;
} line_warn_target;
void core_emit_line_warning(void *target, const char *source, unsigned line, const char *message);

void core_emit_warning(ss_event_cb cb, void *user, ss_warning_kind kind, const char *path,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
