/*
 * cfml.yar - ColdFusion (CFML: .cfm, .cfml, .cfc) web shells (shellsift built-in rules)
 *
 * ColdFusion pages run operating-system commands with the <cfexecute> tag or
 * with Java's Runtime reached through createObject("java", ...), run code
 * with Evaluate(), and take files with <cffile action="upload">.  A shell is
 * one of these fed by the form, url, cookie or cgi scope.  The content
 * analysis (lex_cfml.c) follows the same flows through variables; these
 * rules see the common one-statement forms in any file.
 */

rule cfml_cfexecute_request
{
    meta:
        description = "ColdFusion command web shell: a <cfexecute> tag runs a command taken from the form, url or cookie scope of a web request"
        category = "webshell"
        score = 90
        reference = "MITRE ATT&CK T1505.003, T1059; Adobe ColdFusion <cfexecute> documentation"
        author = "shellsift"
        date = "2026-12-06"
    strings:
        $tag = /<cfexecute\b[^>]{0,400}#\s*(form|url|cookie)\s*[\.\[]/ nocase
    condition:
        filesize < 2MB and $tag
}

rule cfml_java_runtime_exec
{
    meta:
        description = "ColdFusion command web shell: creates java.lang.Runtime or ProcessBuilder through createObject and starts a command"
        category = "webshell"
        score = 85
        reference = "MITRE ATT&CK T1505.003, T1059"
        author = "shellsift"
        date = "2026-12-06"
    strings:
        // the anchor is the createObject call: a scope name like "url" would match in every file
        $rt = /createObject\s*\(\s*["']java["']\s*,\s*["']java\.lang\.(Runtime|ProcessBuilder)["']/ nocase
        $exec = /\.\s*(exec|start)\s*\(/ nocase
    condition:
        filesize < 2MB and $rt and $exec
}

rule cfml_evaluate_request
{
    meta:
        description = "ColdFusion code web shell: runs code taken from the form, url or cookie scope of a web request with Evaluate()"
        category = "webshell"
        score = 90
        reference = "MITRE ATT&CK T1505.003; Adobe ColdFusion Evaluate() documentation"
        author = "shellsift"
        date = "2026-12-06"
    strings:
        $eval = /\b(Precision)?Evaluate\s*\(\s*(form|url|cookie)\s*(\.\s*\w+|\[)/ nocase
    condition:
        filesize < 2MB and $eval
}
