/*
 * lists.S - embeds rules/logs.txt (the lists of the log rules; the
 * Makefile copies it NUL-terminated into the build directory) as
 * read-only data.
 */
        .section .rodata
        .global logs_data_lists
logs_data_lists:
        .incbin LOGS_BLOB
        .section .note.GNU-stack,"",%progbits
