/*
 * events.h - building ss_warning events.  Every skipped file, directory,
 * rule file or IOC line becomes one of these: nothing is skipped silently.
 */
#ifndef SS_EVENTS_H
#define SS_EVENTS_H

#include "shellsift.h"

/* Stable short name of a warning kind, as written in JSON ("unreadable"...). */
const char *warning_kind_name(ss_warning_kind kind);
/* Whether a warning of this kind means part of the scan did not run. */
int warning_kind_incomplete(ss_warning_kind kind);
/* Calls cb with a warning event; message is formatted printf-style. */
void emit_warning(ss_event_cb cb, void *user, ss_warning_kind kind, const char *path,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
