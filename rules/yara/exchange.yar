/*
 * exchange.yar - artifacts of the 2021 Exchange ProxyLogon chain (shellsift built-in rules)
 *
 * CVE-2021-27065: the attacker writes a China Chopper script into the
 * ExternalUrl (or InternalUrl) property of the OAB virtual directory, then
 * "resets" the directory, which makes Exchange export all of the directory's
 * properties as a text file to a path the attacker picks, e.g.
 * FrontEnd\HttpProxy\owa\auth\<name>.aspx.  IIS then serves that property
 * dump as a page and runs the script inside it.  The same Set-*VirtualDirectory
 * call is logged by the ECP server log, and CVE-2021-26858 leaves "Download
 * failed" lines in the OAB generator log.  Legitimate URL properties never
 * contain an HTML/script tag.
 */

rule exchange_oab_vdir_dump_script
{
    meta:
        description = "Exchange ProxyLogon web shell: a dump of OAB virtual-directory settings with a server-side script planted in its ExternalUrl or InternalUrl"
        category = "exploit-artifact"
        score = 100
        reference = "CISA AR21-084A (discover.aspx, supp0rt.aspx, shell.aspx)"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $url_script = /(External|Internal)Url\s{0,40}:\s{0,10}[^\r\n]{0,300}<script/ nocase
        $p1 = "InternalAuthenticationMethods" nocase
        $p2 = "ExtendedProtectionTokenChecking" nocase
        $p3 = "OfflineAddressBooks" nocase
        $p4 = "ExternalAuthenticationMethods" nocase
        $p5 = "ExtendedProtectionSPNList" nocase
        $p6 = "PollInterval" nocase
        $run1 = "runat=\"server\"" nocase
        $run2 = "runat=server" nocase
        $run3 = "Page_Load" nocase
        $run4 = "Request" nocase
    condition:
        filesize < 200KB and $url_script and 2 of ($p*) and any of ($run*)
}

rule exchange_vdir_dump_url_with_tag
{
    meta:
        description = "Tampered Exchange virtual-directory dump: a URL property holds an HTML or script tag, which real settings never do"
        category = "exploit-artifact"
        score = 80
        reference = "CVE-2021-27065; Microsoft HAFNIUM blog (a virtual directory property never holds script); CISA AR21-084A"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $url_tag = /(External|Internal)Url\s{0,40}:\s{0,10}[^\r\n<]{0,300}<\/?[a-zA-Z]{1,20}[\s>]/ nocase
        $p1 = "InternalAuthenticationMethods" nocase
        $p2 = "ExtendedProtectionTokenChecking" nocase
        $p3 = "OfflineAddressBooks" nocase
        $p4 = "ExternalAuthenticationMethods" nocase
        $p5 = "ExtendedProtectionSPNList" nocase
        $p6 = "PollInterval" nocase
    condition:
        filesize < 200KB and $url_tag and 2 of ($p*)
}

rule exchange_ecp_log_vdir_url_script
{
    meta:
        description = "Exchange log shows a Set-...VirtualDirectory command that put a script tag into a URL setting (ProxyLogon CVE-2021-27065 exploitation)"
        category = "exploit-artifact"
        score = 90
        reference = "CVE-2021-27065; Test-ProxyLogon (Set-*VirtualDirectory)"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // ECP Server log: S:CMD=Set-OabVirtualDirectory.ExternalUrl=''http://f/<script ...
        $ecp = /Set-[A-Za-z]{1,30}VirtualDirectory\.[^\r\n]{0,400}Url=[^\r\n]{0,200}<[a-zA-Z]{1,20}[\s>]/ nocase
        // MSExchange Management event text: Set-OabVirtualDirectory, parameters -ExternalUrl "http://ffff/#<script ...
        $evt = /Set-[A-Za-z]{1,30}VirtualDirectory, parameters [^\r\n]{0,400}Url "[^"\r\n]{0,200}<script/ nocase
        $w_cmd = "Set-OabVirtualDirectory" wide nocase
        $w_url = "-ExternalUrl" wide nocase
        $w_script1 = "<script" wide nocase
        $w_script2 = "&lt;script" wide nocase
    condition:
        $ecp or $evt or ($w_cmd and $w_url and any of ($w_script*))
}

rule exchange_oabgen_log_script_download
{
    meta:
        description = "Exchange OAB generator log shows a download to a web-page file name, the trace of the ProxyLogon CVE-2021-26858 arbitrary file write"
        category = "exploit-artifact"
        score = 85
        reference = "CVE-2021-26858; Test-ProxyLogon (OABGenerator log); Microsoft HAFNIUM blog"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $dl = /Download failed and temporary file '[^'\r\n]{1,300}\.(aspx|asmx|ashx|asax|asp|php|jsp|cfm|shtml)' needs to be removed/ nocase
    condition:
        $dl
}
