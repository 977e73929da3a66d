/*
 * loaders.yar - server pages that load code through a runtime's less
 * common doors: class loaders and translets that JDK deserialization
 * exploits made public (BCEL, TemplatesImpl), and ASP pages written in
 * PerlScript.  No application page does any of these.
 */

rule jsp_bcel_classloader
{
    meta:
        description = "JSP web shell: loads a class encoded in a $$BCEL$$ name through the JDK's internal BCEL class loader"
        category = "webshell"
        score = 85
        reference = "MITRE ATT&CK T1505.003, T1620"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        $bcel1 = "bcel.internal.util.ClassLoader"
        $bcel2 = "bcel.util.ClassLoader"
        $mark = "$$BCEL$$"
        $load = /\.loadClass\s*\(/
        $jsp1 = "<%"
        $jsp2 = "<jsp:"
    condition:
        filesize < 1MB and any of ($bcel*, $mark) and $load and any of ($jsp*)
}

rule jsp_templatesimpl_bytecodes
{
    meta:
        description = "JSP web shell: sets the bytecode of a TemplatesImpl translet and instantiates it (code run from bytes)"
        category = "webshell"
        score = 85
        reference = "MITRE ATT&CK T1505.003, T1620"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        $impl = "TemplatesImpl"
        $bytes = "_bytecodes"
        $field = /\.getDeclaredField\s*\(/
        $run1 = /\.newTransformer\s*\(/
        $run2 = /\.getOutputProperties\s*\(/
        $jsp1 = "<%"
        $jsp2 = "<jsp:"
    condition:
        // the field's name may be built or decoded: a private field of a
        // TemplatesImpl set by reflection is the gadget either way
        filesize < 1MB and $impl and ($bytes or $field) and any of ($run*) and any of ($jsp*)
}

rule asp_perlscript_request_exec
{
    meta:
        description = "Classic ASP web shell in PerlScript: runs a command or code taken from the request"
        category = "webshell"
        score = 85
        reference = "MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        $lang = /<%@\s*Language\s*=\s*"?PerlScript/ nocase
        $lang2 = /<script[^>]{0,80}language\s*=\s*"?PerlScript/ nocase
        $req = /\$Request\s*->\s*(Form|QueryString|Item|Cookies)\b/
        $run1 = /`\s*\$\w+/
        $run2 = /\b(system|exec|eval)\s*\(?\s*\$\w+/
        $run3 = /\bqx\s*[({\/]/
    condition:
        filesize < 1MB and any of ($lang*) and $req and any of ($run*)
}

rule asp_include_image_file
{
    meta:
        description = "ASP web shell loader: a server-side include of an image or archive file (the file carries the script code)"
        category = "webshell"
        score = 70
        reference = "MITRE ATT&CK T1505.003, T1027.003"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        $inc = /<!--\s*#include\s+(file|virtual)\s*=\s*"?[^"\r\n>]{0,200}\.(jpe?g|gif|png|bmp|ico|rar|zip|mp3|swf)"?\s*-->/ nocase
    condition:
        filesize < 1MB and $inc
}
