/*
 * builtin.h - the rule pack, IOC lists and build table embedded by builtin_data.S from
 * rules/ at build time; each is a NUL-terminated text blob.
 */
#ifndef SS_BUILTIN_H
#define SS_BUILTIN_H

extern const char ss_builtin_rules[];
extern const char ss_builtin_hash_iocs[];
extern const char ss_builtin_filename_iocs[];
extern const char ss_builtin_builds[]; /* rules/builds.csv */

#endif
