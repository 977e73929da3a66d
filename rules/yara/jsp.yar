/*
 * jsp.yar - JSP / Java web shells (shellsift built-in rules)
 *
 * Command shells (Runtime.exec, ProcessBuilder, script engines) fed by request
 * data, and in-memory loaders in the style of Behinder and Godzilla: they
 * decrypt (usually AES) a class sent in the request and define it with a
 * custom ClassLoader.  Request sources: getParameter, getHeader,
 * getQueryString, getInputStream, getReader on the request object.
 */

rule jsp_command_exec_request_direct
{
    meta:
        description = "JSP command web shell: runs an operating-system command taken straight from a web request (Runtime.exec or ProcessBuilder)"
        category = "webshell"
        score = 95
        reference = "MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $rt_direct = /getRuntime\s*\(\s*\)\s*\.\s*exec\s*\([^;]{0,200}\b(request|req)\s*\.\s*get(Parameter|Header|QueryString|Reader|InputStream)\s*\(/
        $pb_direct = /new\s+(java\.lang\.)?ProcessBuilder\s*\([^;]{0,200}\b(request|req)\s*\.\s*get(Parameter|Header|QueryString)\s*\(/
    condition:
        filesize < 5MB and any of them
}

rule jsp_command_exec_with_request
{
    meta:
        description = "JSP command web shell: a JSP page that starts operating-system commands and reads web request parameters"
        category = "webshell"
        score = 85
        reference = "MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $rt = /getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(/
        $pb = /new\s+(java\.lang\.)?ProcessBuilder\s*\(/
        // the command is a variable, not a fixed string: exec(cmd), exec(new String[]{"cmd.exe","/c",c})
        $rt_var = /getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(\s*[a-zA-Z_][\w\.]{0,40}\s*[\),]/
        $pb_var = /new\s+(java\.lang\.)?ProcessBuilder\s*\(\s*[a-zA-Z_][\w\.]{0,40}\s*\)/
        $arr_var = /["'](cmd(\.exe)?|\/bin\/(ba)?sh)["']\s*,\s*["'](\/c|-c)["']\s*,\s*[a-zA-Z_][\w\.]{0,40}\s*[\},\)]/
        $req = /\b(request|req)\s*\.\s*get(Parameter|Header|QueryString|Reader|InputStream)\s*\(/
        $jsp1 = "<%"
        $jsp2 = "<jsp:"
    condition:
        filesize < 100KB and ($rt or $pb) and ($rt_var or $pb_var or $arr_var) and $req and any of ($jsp*)
}

rule jsp_defineclass_request
{
    meta:
        description = "JSP in-memory web shell: defines and runs a Java class sent in a web request through its own class loader"
        category = "webshell"
        score = 90
        reference = "MITRE ATT&CK T1505.003, T1620; public Behinder/Godzilla JSP loaders"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $def = /defineClass\s*\(/
        $cl = /extends\s+(java\.lang\.)?ClassLoader/
        $cl2 = "ClassLoader"
        $req = /\b(request|req)\s*\.\s*get(Parameter|Header|QueryString|Reader|InputStream)\s*\(/
        $jsp1 = "<%"
        $jsp2 = "<jsp:"
    condition:
        filesize < 1MB and $def and ($cl or $cl2) and $req and any of ($jsp*)
}

rule jsp_aes_defineclass_behinder_like
{
    meta:
        description = "Behinder/Godzilla-style JSP web shell: decrypts an encrypted Java class sent in a request and runs it in memory"
        category = "webshell"
        score = 95
        reference = "MITRE ATT&CK T1505.003, T1620; public Behinder (Rebeyond) and Godzilla JSP shells"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $def = /defineClass\s*\(/
        $cipher = /Cipher\s*\.\s*getInstance\s*\(/
        $aes = "\"AES" 
        $req = /\b(request|req)\s*\.\s*get(Parameter|Header|QueryString|Reader|InputStream)\s*\(/
        $sess1 = /session\s*\.\s*(putValue|setAttribute|getAttribute|getValue)\s*\(/
        $sess2 = "pageContext"
    condition:
        filesize < 1MB and $def and $cipher and $aes and $req and any of ($sess*)
}

rule jsp_script_engine_eval_request
{
    meta:
        description = "JSP web shell: runs script code taken from a web request through the Java scripting engine"
        category = "webshell"
        score = 90
        reference = "MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $mgr = "ScriptEngineManager"
        $eval_req = /\.eval\s*\([^;]{0,120}\b(request|req)\s*\.\s*get(Parameter|Header|QueryString)\s*\(/
    condition:
        filesize < 1MB and $mgr and $eval_req
}

rule jsp_exec_shell_strings
{
    meta:
        description = "Suspicious Java/JSP code: starts cmd.exe or /bin/sh to run a command line (no request input seen)"
        category = "webshell"
        score = 45
        reference = "MITRE ATT&CK T1059"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $rt = /getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(/
        $pb = /new\s+(java\.lang\.)?ProcessBuilder\s*\(/
        $sh1 = /["']cmd(\.exe)?["']\s*,\s*["']\/c["']/ nocase
        $sh2 = /["']\/bin\/(ba)?sh["']\s*,\s*["']-c["']/
        $jsp = "<%"
    condition:
        filesize < 1MB and ($rt or $pb) and any of ($sh*) and $jsp
}
