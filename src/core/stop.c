/*
 * stop.c - ss_stop(): a request, from a signal handler or another thread,
 * that the running scans, log reads and sweeps stop at the next file or
 * line.  What was found so far is still reported; the run says it was
 * interrupted and is incomplete.  A process-wide flag because a signal
 * handler can reach nothing else; an atomic store is async-signal-safe.
 */
#include <stdatomic.h>

#include "core/stop.h"

static atomic_int stop_requested;

void ss_stop(void) { atomic_store(&stop_requested, 1); }

int core_stopped(void) { return atomic_load_explicit(&stop_requested, memory_order_relaxed); }
