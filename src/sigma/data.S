/*
 * data.S - embeds the Sigma log-source mapping (rules/sigma-logsources.yml,
 * NUL-terminated by the Makefile) as read-only data.
 */
        .section .rodata
        .global sigma_builtin_logsources
sigma_builtin_logsources:
        .incbin LOGSOURCES_BLOB
        .section .note.GNU-stack,"",%progbits
