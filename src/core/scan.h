/*
 * scan.h - the state one ss_scan() call shares between its threads: the
 * engine, the event sink (called under a lock, so sinks need none) and the
 * running counters.
 */
#ifndef SS_SCAN_H
#define SS_SCAN_H

#include <pthread.h>
#include <stdatomic.h>
#include <sys/types.h>

#include "core/engine.h"
#include "core/membudget.h"

typedef struct {
  _Atomic uint64_t files, dirs, bytes, content_scanned, hashed, excluded, special, symlinks, too_large;
} scan_counters;

typedef struct scan_run {
  const ss_engine_t *engine;
  ss_event_cb cb;
  void *user;
  pthread_mutex_t emit_lock;
  scan_counters n;
  ss_stats stats;            /* findings/warnings counted under emit_lock */
  double started;
  _Atomic double last_progress; /* read without the lock to skip it cheaply */
  const char *root;          /* as given, trailing slashes removed */
  const char *root_real;     /* realpath of the root, to tell in-root links */
  dev_t root_dev;
  membudget mem;             /* --max-memory, shared by the threads */
  atomic_int interrupted;    /* ss_stop() was seen: warned once */
} scan_run;

/* Passes an event to the user's callback, counting findings and warnings. */
void core_run_emit(scan_run *run, const ss_event *ev);
void core_run_warn(scan_run *run, ss_warning_kind kind, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* After ss_stop(): one SS_WARN_INTERRUPTED warning for the run, naming
 * the first item left unread. */
void core_run_interrupted(scan_run *run, const char *first_unread);
/* Emits a progress event if the last one is more than a moment old. */
void core_run_progress(scan_run *run);
double core_now_seconds(void);

#endif
