/*
 * pipeline.h - what happens to one regular file: name IOCs, read-only
 * open, hashes and hash IOCs, file-type decision, content rules, and the
 * finding that sums them up.  One worker per scan thread owns the buffers
 * and engine handles, so the per-file path allocates nothing in the steady
 * state.
 */
#ifndef SS_PIPELINE_H
#define SS_PIPELINE_H

#include "core/scan.h"

typedef struct worker worker;

worker *core_worker_new(scan_run *run);
void core_worker_free(worker *w);
/* path is the full path; name points at its base name within path. */
void core_worker_scan_file(worker *w, const char *path, const char *name);

#endif
