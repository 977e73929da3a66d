/*
 * walk.h - the multi-threaded directory walker.  It lists directories,
 * applies exclusions and file-type policy (no symlinks followed, special
 * files skipped, other file systems and directory loops not entered) and
 * hands every regular file to a pipeline worker.
 */
#ifndef SS_WALK_H
#define SS_WALK_H

#include "core/scan.h"

/* Walks run->root (a directory) with nthreads threads (on the calling
 * thread if none can start); returns when every file has been scanned. */
ss_err core_walk_tree(scan_run *run, unsigned nthreads);

#endif
