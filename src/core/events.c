/*
 * events.c - warning kinds, their names and whether each one makes a scan
 * incomplete (which decides exit status 2 when nothing was found).
 */
#include "core/events.h"

#include <stdarg.h>
#include <stdlib.h>

#include "util/util.h"

static const struct {
  const char *name;
  int incomplete;
} kinds[] = {
    [SS_WARN_UNREADABLE] = {"unreadable", 1},   [SS_WARN_VANISHED] = {"vanished", 1},
    [SS_WARN_CHANGED] = {"changed", 0},         [SS_WARN_TOO_LARGE] = {"too-large", 0},
    [SS_WARN_SPECIAL] = {"special-file", 0},    [SS_WARN_SYMLINK] = {"symlink", 0},
    [SS_WARN_LOOP] = {"loop", 0},               [SS_WARN_MOUNT] = {"other-filesystem", 0},  [SS_WARN_NAME] = {"name-too-long", 1},
    [SS_WARN_RULE_TIMEOUT] = {"rule-timeout", 1}, [SS_WARN_RULES] = {"rules", 1},
    [SS_WARN_IOC] = {"ioc", 0},                 [SS_WARN_BUILDS] = {"builds", 0},
    [SS_WARN_ANALYSIS_LIMIT] = {"analysis-limit", 0},
    [SS_WARN_LOG_FORMAT] = {"log-format", 1},   [SS_WARN_LOG_LINE] = {"log-line", 0},
    [SS_WARN_LOG_SKIPPED] = {"log-skipped", 0},
    [SS_WARN_MEMORY] = {"memory-limit", 1},
    [SS_WARN_CASE_FILE] = {"case-file", 1},     [SS_WARN_INTERRUPTED] = {"interrupted", 1},
};

static const char *warning_kind_name(ss_warning_kind kind) {
  return (size_t)kind < sizeof kinds / sizeof kinds[0] ? kinds[kind].name : "warning";
}

int core_warning_kind_incomplete(ss_warning_kind kind) {
  return (size_t)kind < sizeof kinds / sizeof kinds[0] ? kinds[kind].incomplete : 0;
}

void core_emit_line_warning(void *target, const char *source, unsigned line, const char *message) {
  line_warn_target *t = target;
  if (line) core_emit_warning(t->cb, t->user, t->kind, source, "line %u: %s", line, message);
  else core_emit_warning(t->cb, t->user, t->kind, source, "%s", message);
}

void core_emit_warning(ss_event_cb cb, void *user, ss_warning_kind kind, const char *path,
                  const char *fmt, ...) {
  if (!cb) return;
  strbuf msg = STRBUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(&msg, fmt, ap);
  va_end(ap);
  ss_warning w = {.kind = kind,
                  .kind_name = warning_kind_name(kind),
                  .path = path ? path : "",
                  .message = msg.data ? msg.data : "",
                  .incomplete = core_warning_kind_incomplete(kind)};
  ss_event ev = {.type = SS_EVENT_WARNING, .warning = &w};
  cb(&ev, user);
  sb_free(&msg);
}
