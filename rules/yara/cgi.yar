/*
 * cgi.yar - CGI web shells in Perl, Python and shell (shellsift built-in rules)
 *
 * A CGI program gets the request in its environment (QUERY_STRING) or on
 * standard input (CONTENT_LENGTH bytes), or through the language's CGI
 * module; a shell hands it to a command.  Small files only: the shells are
 * a page of code, applications that run programs are bigger and escape.
 */

rule perl_cgi_command_shell
{
    meta:
        description = "Perl CGI web shell: reads the request (CGI param, QUERY_STRING or the posted body) and runs a command held in a variable (backticks, qx, system, exec or a pipe open)"
        category = "webshell"
        score = 80
        reference = "RFC 3875 (CGI 1.1); MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-12-08"
    strings:
        $perl = /^#![^\r\n]{0,40}perl/
        $src1 = /->\s*param\s*\(/
        $src2 = /\$ENV\s*\{\s*['"]?(QUERY_STRING|CONTENT_LENGTH)['"]?\s*\}/
        $src3 = /\bparam\s*\(\s*['"]\w{1,20}['"]\s*\)/
        $sink1 = /`\$\w{1,30}[^`\r\n]{0,40}`/
        $sink2 = /\bqx\s*[\(\{\/|!][^\r\n]{0,40}\$\w{1,30}/
        $sink3 = /\b(system|exec)\s*(\(\s*)?(\$\w{1,30}|"[^"\r\n]{0,60}\$\w{1,30}[^"\r\n]{0,60}")/
        $sink4 = /\bopen\s*\(?\s*[\w\$]{1,30}\s*,\s*["'][^"'\r\n]{0,40}\$\w{1,30}[^"'\r\n]{0,20}\|\s*["']/
        $esc = "quotemeta"
    condition:
        filesize < 32KB and $perl and any of ($src*) and any of ($sink*) and not $esc
}

rule python_cgi_command_shell
{
    meta:
        description = "Python CGI web shell: reads the request (cgi.FieldStorage or QUERY_STRING) and runs it as a command or code (os.system, os.popen, subprocess, eval, exec)"
        category = "webshell"
        score = 80
        reference = "RFC 3875 (CGI 1.1); Python documentation, cgi module; MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-12-08"
    strings:
        $py = /^#![^\r\n]{0,40}python/
        $src1 = /\bcgi\s*\.\s*FieldStorage\s*\(/
        $src2 = /environ[^\r\n]{0,20}QUERY_STRING/
        // a command held in a name (a variable, form.getvalue(...)), not a literal; subprocess through a shell
        $sink1 = /\bos\s*\.\s*(system|popen)\s*\(\s*[A-Za-z_]/
        $sink2 = /\bsubprocess\s*\.\s*(call|run|Popen|check_output|check_call)\s*\(\s*[A-Za-z_][^\r\n]{0,80}shell\s*=\s*True/
        $sink4 = /\bsubprocess\s*\.\s*(getoutput|getstatusoutput)\s*\(\s*[A-Za-z_]/
        $sink3 = /(^|[^\w.])(eval|exec)\s*\(\s*(form|f|q|params?|query|data)\b/
        $hdr = /Content-Type\s*:/ nocase
        $esc = /shlex\s*\.\s*quote|pipes\s*\.\s*quote/
    condition:
        filesize < 32KB and $py and any of ($src*) and any of ($sink*) and $hdr and not $esc
}

rule shell_cgi_query_string_eval
{
    meta:
        description = "Shell CGI web shell: runs the query string as a command (eval, sh -c or a command substitution of $QUERY_STRING)"
        category = "webshell"
        score = 85
        reference = "RFC 3875 (CGI 1.1); MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-12-08"
    strings:
        $sh = /^#![^\r\n]{0,30}\/(ba|da|k|z)?sh\b/
        $run1 = /\beval\b[^\r\n]{0,60}\$\{?QUERY_STRING/
        $run2 = /\bsh\s+-c\s+[^\r\n]{0,20}\$\{?QUERY_STRING/
        $run3 = /(^|[;&|\s])\$\{?QUERY_STRING\}?\s*($|[;&|])/
    condition:
        filesize < 16KB and $sh and any of ($run*)
}
