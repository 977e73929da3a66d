/*
 * builtin_data.S - embeds the built-in rule pack, IOC lists and Exchange
 * build table (concatenated and NUL-terminated by the Makefile) into the
 * library as read-only data.
 */
        .section .rodata
        .global ss_builtin_rules
        .global ss_builtin_hash_iocs
        .global ss_builtin_filename_iocs
        .global ss_builtin_builds
ss_builtin_rules:
        .incbin RULES_BLOB
ss_builtin_hash_iocs:
        .incbin HASH_BLOB
ss_builtin_filename_iocs:
        .incbin NAME_BLOB
ss_builtin_builds:
        .incbin BUILDS_BLOB
        .section .note.GNU-stack,"",%progbits
