/*
 * asp.yar - classic ASP (VBScript/JScript) web shells and uploaders (shellsift built-in rules)
 *
 * Execute/Eval of Request(...) is in chopper.yar.  Here: command shells that
 * drive WScript.Shell from request data, and file writers that save request
 * data to a request-chosen path.  VBScript is case-insensitive, so every
 * string is nocase.
 */

rule asp_wscript_shell_request
{
    meta:
        description = "Classic ASP command web shell: runs a command taken from a web request through WScript.Shell"
        category = "webshell"
        score = 90
        reference = "Microsoft HAFNIUM blog (2021-03-02); Volexity, Operation Exchange Marauder; MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $wsh1 = "WScript.Shell" nocase
        $wsh2 = "Shell.Application" nocase
        $wsh3 = "72C24DD5-D70A-438B-8A42-98424B88AFB8" nocase
        // .Exec("cmd /c " & Request("c")) / .Run(Request.Form("c"), 0)
        $exec_req = /\.(Exec|Run|ShellExecute)\s*\(?\s*[^\r\n]{0,160}Request\s*(\.Form|\.QueryString|\.Item|\.Cookies|\.ServerVariables)?\s*[\(\[]\s*["']/ nocase
        $req = /Request\s*(\.Form|\.QueryString|\.Item|\.Cookies)?\s*\(\s*["']/ nocase
        $exec = /\.(Exec|Run|ShellExecute)\s*\(/ nocase
        $cmd = "cmd" nocase
    condition:
        filesize < 2MB and any of ($wsh*) and ($exec_req or ($req and $exec and $cmd and filesize < 100KB))
}

rule asp_write_request_to_request_path
{
    meta:
        description = "Classic ASP uploader: writes data from a web request into a file whose path also comes from the request"
        category = "uploader"
        score = 85
        reference = "MITRE ATT&CK T1505.003; public classic ASP uploader shells"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // stream.SaveToFile Server.MapPath(Request("p")), 2 / fso.CreateTextFile(Request.Form("p"))
        // (a ")" that ends the call and goes on with ".Write Request(...)" is the data, not the path;
        // nor is a Request( on a later line: the path is on the call's own line)
        $save_req = /\.(SaveToFile|CreateTextFile|OpenTextFile)\s*\(?\s*([^\r\n)]|\)[ \t]*[^.\s]){0,120}Request\s*(\.Form|\.QueryString|\.Item|\.Cookies)?\s*\(\s*["']/ nocase
        $data1 = "Request.BinaryRead" nocase
        $data2 = /\.Write(Line)?\s*\(?\s*[^\r\n]{0,60}Request\s*(\.Form|\.QueryString|\.Item)?\s*\(\s*["']/ nocase
        $obj1 = "ADODB.Stream" nocase
        $obj2 = "Scripting.FileSystemObject" nocase
    condition:
        filesize < 2MB and $save_req and any of ($data*) and any of ($obj*)
}

rule asp_servu_local_privilege_escalation
{
    meta:
        description = "Serv-U privilege escalation page: logs in to the FTP server's local administration port and creates a system-level FTP user or runs a command through SITE EXEC"
        category = "hacktool"
        score = 85
        reference = "MITRE ATT&CK T1068 (Exploitation for Privilege Escalation), T1505.003; public Serv-U local administration abuse"
        author = "shellsift"
        date = "2026-12-06"
    strings:
        $maint = "SITE MAINTENANCE" nocase
        $set1 = "-SETUSERSETUP" nocase
        $set2 = "-SETDOMAIN" nocase
        $set3 = "-DELETEDOMAIN" nocase
        $page1 = "<%"
        $page2 = "runat" nocase
    condition:
        filesize < 1MB and $maint and 2 of ($set*) and any of ($page*)
}
