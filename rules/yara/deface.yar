/*
 * deface.yar - defacement pages planted on web servers (shellsift built-in rules)
 *
 * An intruder who can write to the web root often leaves a server page that
 * announces it ("Hacked by ...").  The page itself may do little, but it
 * marks a compromised web root; it is reported at medium.
 */

rule deface_hacked_by_server_page
{
    meta:
        description = "Defacement page: a server-side page announcing that the site was hacked (\"Hacked by ...\")"
        category = "defacement"
        score = 45
        reference = "MITRE ATT&CK T1491.001 (Internal Defacement), T1491.002 (External Defacement)"
        author = "shellsift"
        date = "2026-12-06"
    strings:
        // shown as page text (after a tag), not a word in a comment or a test string
        $hacked = />\s*[^<>"']{0,40}hacked(\s+by\s+\w|!?\s*owned\s+by\s)/ nocase
        $code1 = "<%"
        $code2 = "<?php" nocase
        $code3 = "runat=" nocase
        $code4 = "<jsp:"
    condition:
        filesize < 1MB and $hacked and any of ($code*)
}
