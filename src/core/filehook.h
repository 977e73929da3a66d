/*
 * filehook.h - the per-file hooks a caller can set with
 * ss_config_set_file_hooks (the sweep's case file uses them): asking
 * whether an unchanged file may stay unread, and reporting every regular
 * file seen with its stat, SHA-256 and first bytes.
 */
#ifndef SS_FILEHOOK_H
#define SS_FILEHOOK_H

#include <sys/stat.h>

#include "core/scan.h"

/* 1 if the caller's skip hook says the file is unchanged; the file is then
 * reported to on_file as skipped and must not be read. */
int core_filehook_skip(scan_run *run, const char *path, const struct statx *stx);
/* Reports a file that was read: data/len its bytes when read whole (else
 * NULL), sha256 the raw digest or NULL. */
void core_filehook_record(scan_run *run, const char *path, const struct statx *stx, int fd,
                     const unsigned char *data, size_t len, const unsigned char *sha256);

#endif
