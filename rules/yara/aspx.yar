/*
 * aspx.yar - ASP.NET (ASPX/ASHX/ASMX, C#/VB.NET) web shells and uploaders (shellsift built-in rules)
 *
 * Families seen on Exchange servers in 2021 (Volexity, CISA AA21-062A):
 * SIMPLESEESHARP (a sub-1 KB C# page that saves an uploaded file), SPORTSBALL
 * (command and upload shell keyed by the cookie "fqrspt"), ASPXSPY-like file
 * managers, and generic pages that start cmd.exe or load a .NET assembly from
 * request bytes.  Score >= 70 always needs request data AND a dangerous call
 * (or a family marker).
 */

rule aspx_simpleseesharp_like_uploader
{
    meta:
        description = "SIMPLESEESHARP-style web shell: a tiny C# page whose only job is to save a file sent in a request to a path the sender chooses"
        category = "uploader"
        score = 95
        reference = "Volexity, Operation Exchange Marauder (SIMPLESEESHARP)"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $dir = /<%@\s*Page\s+Language\s*=\s*"?C#/ nocase
        $files = "Request.Files" nocase
        $saveas = ".SaveAs(" nocase
        $req_path = /(Path\.Combine|MapPath|SaveAs)\s*\([^;]{0,200}Request\s*(\.Form|\.QueryString|\.Item|\.Params|\.Headers)?\s*(\.Get\s*\(|\[)/ nocase
        $html1 = "<html" nocase
        $html2 = "<form" nocase
        $html3 = "<asp:" nocase
        $other1 = "Process" nocase
        $other2 = "cmd" nocase
    condition:
        filesize < 1KB and $dir at 0 and $files and $saveas and $req_path and
        not any of ($html*) and not any of ($other*)
}

rule aspx_upload_to_request_path
{
    meta:
        description = "ASP.NET uploader: saves a file sent in a request to a folder or file name that the request itself chooses"
        category = "uploader"
        score = 85
        reference = "Volexity, Operation Exchange Marauder (SIMPLESEESHARP, SPORTSBALL); MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $files = /(Request\.Files|HttpPostedFile|PostedFile)/ nocase
        // SaveAs( ... Request.Form["path"] ... ) within one statement
        $save_req = /\.SaveAs\s*\([^;\r\n]{0,200}Request\s*(\.Form|\.QueryString|\.Item|\.Params|\.Headers)?\s*(\.Get\s*\(|\[\s*["']|\(\s*")/ nocase
        // raw bytes from the request written to a request-named file
        $write_req = /File\.WriteAll(Bytes|Text)\s*\(\s*[^,;\r\n]{0,120}Request\s*(\.Form|\.QueryString|\.Item|\.Params|\.Headers)?\s*(\.Get\s*\(|\[\s*["']|\(\s*")[^;\r\n]{0,200}Request/ nocase
    condition:
        filesize < 2MB and (($files and $save_req) or $write_req)
}

rule aspx_sportsball_like
{
    meta:
        description = "SPORTSBALL-style web shell: an ASP.NET page driven by the cookie name \"fqrspt\" used by the HAFNIUM-era SPORTSBALL shell"
        category = "webshell"
        score = 95
        reference = "Volexity, Operation Exchange Marauder (SPORTSBALL, cookie fqrspt)"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $cookie = "fqrspt"
        $req1 = "Request.Cookies" nocase
        $req2 = "Cookies[" nocase
        $req3 = "Cookies(" nocase
        $sink1 = "Process" nocase
        $sink2 = ".SaveAs(" nocase
        $sink3 = "FromBase64String" nocase
        $aspx1 = "<%@" 
        $aspx2 = "runat=" nocase
    condition:
        filesize < 500KB and $cookie and any of ($req*) and any of ($sink*) and any of ($aspx*)
}

rule aspx_process_start_request
{
    meta:
        description = "ASP.NET command web shell: starts a program such as cmd.exe with a command taken from a web request"
        category = "webshell"
        score = 90
        reference = "Microsoft HAFNIUM blog (2021-03-02); Volexity, Operation Exchange Marauder; MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $psi = "ProcessStartInfo" nocase
        $pstart = /Process\.Start\s*\(/ nocase
        $shell1 = "cmd.exe" nocase
        $shell2 = "powershell" nocase
        $shell3 = /["']cmd["']/ nocase
        $req = /Request\s*(\.Form|\.QueryString|\.Item|\.Params|\.Headers|\.Cookies)?\s*(\.Get\s*\(|\[\s*["']|\(\s*")/ nocase
        // Arguments = "/c " + Request["c"];   FileName = Request.Form["f"];   Process.Start(Request["x"]);
        // new ProcessStartInfo("cmd.exe", "/c " + Request["c"])
        $arg_req = /(Arguments|FileName)\s*=\s*[^;\r\n]{0,120}Request\s*(\.Form|\.QueryString|\.Item|\.Params|\.Headers|\.Cookies)?\s*(\.Get\s*\(|\[|\()/ nocase
        $start_req = /(Process\.Start|new\s+ProcessStartInfo)\s*\([^;\r\n]{0,120}Request\s*(\.Form|\.QueryString|\.Item|\.Params|\.Headers|\.Cookies)?\s*(\.Get\s*\(|\[|\()/ nocase
        // command line built from a variable (the usual "string c = Request[..]; ... Arguments = "/c " + c;")
        $arg_var = /\.Arguments\s*=\s*("[^"\r\n]{0,20}"\s*\+\s*)?[a-zA-Z_][\w\.]{0,40}\s*;/ nocase
        $start_var = /Process\.Start\s*\(\s*"[^"\r\n]{1,40}"\s*,\s*("[^"\r\n]{0,20}"\s*\+\s*)?[a-zA-Z_][\w\.]{0,40}\s*\)/ nocase
        $psi_var = /new\s+ProcessStartInfo\s*\(\s*"[^"\r\n]{1,40}"\s*,\s*("[^"\r\n]{0,20}"\s*\+\s*)?[a-zA-Z_][\w\.]{0,40}\s*\)/ nocase
    condition:
        filesize < 2MB and ($psi or $pstart) and
        ($arg_req or $start_req or ($req and any of ($shell*) and ($arg_var or $start_var or $psi_var)))
}

rule aspx_process_start_form_control
{
    meta:
        description = "ASP.NET command web shell: a page with a text box whose content is run as a cmd.exe command"
        category = "webshell"
        score = 85
        reference = "Volexity, Operation Exchange Marauder; CISA AA21-062A; MITRE ATT&CK T1505.003; public cmd.aspx-style shells"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $psi = "ProcessStartInfo" nocase
        $pstart = /Process\.Start\s*\(/ nocase
        $cmd = "cmd.exe" nocase
        // si.Arguments = "/c " + txtArg.Text;   new ProcessStartInfo("cmd.exe", "/c " + tb.Text)
        $arg_text = /(\.Arguments\s*=|ProcessStartInfo\s*\(\s*"[^"\r\n]{1,40}"\s*,|Process\.Start\s*\(\s*"[^"\r\n]{1,40}"\s*,)\s*("[^"\r\n]{0,20}"\s*\+\s*)?[a-zA-Z_]\w{0,40}\.Text\b/ nocase
        $form = "runat=" nocase
    condition:
        filesize < 1MB and ($psi or $pstart) and $cmd and $arg_text and $form
}

rule aspx_assembly_load_request
{
    meta:
        description = "ASP.NET in-memory web shell: loads and runs a .NET program sent in the body or a field of a web request"
        category = "webshell"
        score = 95
        reference = "Volexity, Operation Exchange Marauder; public Behinder/Godzilla/Chopper .NET variants; MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // Assembly.Load(Request.BinaryRead(...)) / Assembly.Load(Convert.FromBase64String(Request["x"]))
        $direct = /Assembly\.Load\s*\([^;\r\n]{0,300}Request\s*(\.BinaryRead|\.InputStream|\.Form|\.QueryString|\.Item|\.Params|\.Headers|\.Cookies|\[)/ nocase
        $load = /Assembly\.Load\s*\(/ nocase
        $inst = "CreateInstance" nocase
        $body1 = "Request.BinaryRead" nocase
        $body2 = "Request.InputStream" nocase
        $body3 = /Request\s*(\.Form|\.Item|\.Params)?\s*\[\s*["']/ nocase
    condition:
        filesize < 1MB and ($direct or ($load and $inst and any of ($body*) and filesize < 50KB))
}

rule aspx_crypto_assembly_loader
{
    meta:
        description = "Godzilla/Behinder-style ASP.NET web shell: decrypts a .NET program sent in a request and loads it into memory"
        category = "webshell"
        score = 95
        reference = "MITRE ATT&CK T1505.003, T1620; public Godzilla and Behinder ASPX shells"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $load1 = /Assembly\.Load\s*\(/ nocase
        $load2 = /GetMethod\s*\(\s*"Load"/ nocase
        $crypt1 = "RijndaelManaged" nocase
        $crypt2 = "CreateDecryptor" nocase
        $crypt3 = "AesManaged" nocase
        $crypt4 = "TransformFinalBlock" nocase
        $req1 = "Request.BinaryRead" nocase
        $req2 = "Request.InputStream" nocase
        $req3 = /Request\s*(\.Form|\.Item|\.Params)?\s*\[/ nocase
        $keep1 = /Session\s*\[/ nocase
        $keep2 = "CreateInstance" nocase
    condition:
        filesize < 200KB and any of ($load*) and 2 of ($crypt*) and any of ($req*) and any of ($keep*)
}

rule aspx_file_manager_with_command
{
    meta:
        description = "ASPXSPY-style web shell: an ASP.NET file manager that lists, writes and deletes files and runs commands on request"
        category = "webshell"
        score = 85
        reference = "Volexity, Operation Exchange Marauder (ASPXSPY); MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $req = /Request\s*(\.Form|\.QueryString|\.Item|\.Params)?\s*(\.Get\s*\(|\[\s*["']|\(\s*")/ nocase
        $dir1 = "GetDirectories" nocase
        $dir2 = "GetFiles" nocase
        $dir3 = "DirectoryInfo" nocase
        $dir4 = "GetLogicalDrives" nocase
        $fw1 = "File.Delete" nocase
        $fw2 = "File.Move" nocase
        $fw3 = "File.Copy" nocase
        $fw4 = "File.WriteAll" nocase
        $fw5 = "Directory.Delete" nocase
        $fw6 = ".SaveAs(" nocase
        $ex1 = "ProcessStartInfo" nocase
        $ex2 = /Process\.Start\s*\(/ nocase
        $ex3 = "cmd.exe" nocase
    condition:
        filesize < 2MB and $req and 2 of ($dir*) and 2 of ($fw*) and ($ex1 or $ex2) and $ex3
}

rule aspx_aspxspy_marker
{
    meta:
        description = "ASPXSPY web shell: an ASP.NET page carrying the name of the ASPXSPY hacking file manager"
        category = "webshell"
        score = 95
        reference = "Volexity, Operation Exchange Marauder (ASPXSPY)"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $name = "aspxspy" nocase
        $aspx1 = "<%@" 
        $aspx2 = "runat=" nocase
        $sink1 = "Process" nocase
        $sink2 = "DirectoryInfo" nocase
        $sink3 = "Request" nocase
    condition:
        filesize < 2MB and $name and any of ($aspx*) and 2 of ($sink*)
}

rule aspx_webadmin2y_loader
{
    meta:
        description = "WebAdmin2Y web shell: an ASP.NET page that only instantiates the WebAdmin2Y class, whose web-shell code sits in a DLL dropped into bin/"
        category = "webshell"
        score = 85
        reference = "MITRE ATT&CK T1505.003; public WebAdmin2Y ASP.NET web shell"
        author = "shellsift"
        date = "2026-12-06"
    strings:
        $new = /new\s+WebAdmin2Y\s*\.\s*\w+\s*\.\s*\w+\s*\(/ nocase
    condition:
        // the call is the whole tell; the loader may be planted in a big page of the site (2 MB like the others)
        filesize < 2MB and $new
}

rule aspx_registry_walker
{
    meta:
        description = "Registry scanner in an ASP.NET page: walks every registry hive from the web server, as privilege-escalation kits do to find writable keys and stored passwords"
        category = "hacktool"
        score = 60
        reference = "MITRE ATT&CK T1012 (Query Registry), T1552.002 (Credentials in Registry), T1505.003"
        author = "shellsift"
        date = "2026-12-06"
    strings:
        $h1 = "Registry.ClassesRoot" nocase
        $h2 = "Registry.CurrentUser" nocase
        $h3 = "Registry.LocalMachine" nocase
        $h4 = "Registry.Users" nocase
        $h5 = "Registry.CurrentConfig" nocase
        $walk = "GetSubKeyNames" nocase
        $page1 = "<%@"
        $page2 = "runat" nocase
    condition:
        filesize < 2MB and 4 of ($h*) and $walk and any of ($page*)
}

rule aspx_raw_socket_sniffer
{
    meta:
        description = "Network sniffer in an ASP.NET page: opens a raw socket in receive-all (promiscuous) mode to capture the server's traffic, such as passwords sent in clear text"
        category = "hacktool"
        score = 70
        reference = "MITRE ATT&CK T1040 (Network Sniffing), T1505.003"
        author = "shellsift"
        date = "2026-12-06"
    strings:
        $raw = /SocketType\s*\.\s*Raw/ nocase
        $rcv1 = /IOControlCode\s*\.\s*ReceiveAll/ nocase
        $rcv2 = /IOControl\s*\(\s*(unchecked\s*\(\s*)?\(?\s*(int\s*\)\s*)?0x98000001/ nocase
        $rcv3 = "SIO_RCVALL" nocase
        $page1 = "<%@" 
        $page2 = "runat" nocase
    condition:
        filesize < 2MB and $raw and any of ($rcv*) and any of ($page*)
}

rule aspx_shellcode_runner
{
    meta:
        description = "Shellcode runner in an ASP.NET page: allocates executable memory with VirtualAlloc through P/Invoke and starts it as a thread or a function pointer, running native code (such as a Cobalt Strike or Meterpreter stage) inside the web server process"
        category = "webshell"
        score = 85
        reference = "MITRE ATT&CK T1055 (Process Injection), T1620 (Reflective Code Loading), T1505.003"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        $imp = "DllImport" nocase
        $alloc1 = "VirtualAlloc" nocase
        $alloc2 = "VirtualProtect" nocase
        $run1 = "CreateThread" nocase
        $run2 = "GetDelegateForFunctionPointer" nocase
        $run3 = "QueueUserAPC" nocase
        $run4 = "CreateRemoteThread" nocase
        $page1 = "<%@"
        $page2 = "runat" nocase
        $page3 = "IHttpHandler" nocase
    condition:
        filesize < 2MB and $imp and any of ($alloc*) and any of ($run*) and any of ($page*)
}
