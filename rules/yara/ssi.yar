/*
 * ssi.yar - Server Side Includes web shells (shellsift built-in rules)
 *
 * Apache mod_include, nginx ssi and IIS ssinc run "<!--#exec cmd=... -->"
 * in .shtml (.stm, .shtm) pages when exec is enabled, and expand variables
 * of the request inside it: the query string, the path info, the headers.
 */

rule ssi_exec_request_input
{
    meta:
        description = "Server Side Includes web shell: an <!--#exec cmd--> directive runs a command built from the request (query string, path info or a header)"
        category = "webshell"
        score = 90
        reference = "Apache HTTP Server mod_include documentation (exec element); OWASP, Server-Side Includes (SSI) Injection; MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-12-08"
    strings:
        $exec = /<!--#\s*exec\s+cmd\s*=\s*["'][^"'\r\n]{0,200}\$\{?(QUERY_STRING|QUERY_STRING_UNESCAPED|PATH_INFO|REQUEST_URI|DOCUMENT_ARGS|HTTP_[A-Z_]{1,40})\b/ nocase
    condition:
        filesize < 2MB and $exec
}
