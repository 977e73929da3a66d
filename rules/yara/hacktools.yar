/*
 * hacktools.yar - post-exploitation scripts left in web roots (shellsift built-in rules)
 *
 * After planting a web shell, HAFNIUM-era intruders dumped LSASS memory to
 * steal passwords (comsvcs.dll MiniDump, ProcDump) and opened reverse shells
 * with Nishang's PowerShell TCP one-liner.  These rules look for the script
 * or batch files that carry those command lines.
 */

rule hacktool_lsass_dump_commandline
{
    meta:
        description = "Password-theft script: dumps the memory of the Windows logon process (LSASS) with comsvcs.dll MiniDump or ProcDump"
        category = "hacktool"
        score = 75
        reference = "Microsoft HAFNIUM blog and Volexity (LSASS dump: comsvcs MiniDump, ProcDump -ma lsass); MITRE ATT&CK T1003.001"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // the full command shape, not a mention: rundll32 ... comsvcs.dll, MiniDump <pid> <file> full
        $comsvcs = /rundll32(\.exe)?["']?\s[^\r\n]{0,80}comsvcs(\.dll)?["']?[\s,]{1,4}(MiniDump|#24)\s+\S{1,40}\s+\S{1,200}\s+full/ nocase
        // procdump -ma lsass <file>  /  procdump64.exe -accepteula -ma lsass.exe C:\...\lsass.dmp
        $procdump = /procdump(64)?(\.exe)?["']?\s[^\r\n]{0,80}-ma\s+["']?lsass(\.exe)?["']?\s+\S{1,200}/ nocase
    condition:
        filesize < 1MB and ($comsvcs or $procdump)
}

rule hacktool_powershell_tcp_reverse_shell
{
    meta:
        description = "Reverse-shell script: a PowerShell TCP one-liner (Nishang style) that hands a command prompt to a remote attacker"
        category = "hacktool"
        score = 75
        reference = "Microsoft 365 Defender hunting queries for HAFNIUM (Nishang Invoke-PowerShellTcpOneLine)"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $name = "Invoke-PowerShellTcp" nocase
        $tcp = /New-Object\s+(System\.)?Net\.Sockets\.TCPClient\s*\(/ nocase
        $stream = ".GetStream()" nocase
        $iex1 = /\b(iex|Invoke-Expression)\b/ nocase
        $read = ".Read(" nocase
    condition:
        // behaviour, not a mention: a TCP client whose stream is read and fed to Invoke-Expression
        filesize < 1MB and $tcp and $stream and $iex1 and ($read or $name)
}
