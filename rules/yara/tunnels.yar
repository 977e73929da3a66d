/*
 * tunnels.yar - HTTP-to-TCP tunnel pages (reGeorg / Neo-reGeorg style) (shellsift built-in rules)
 *
 * A tunnel page turns the web server into a SOCKS-like relay into the
 * internal network: each request carries a command (CONNECT, READ, FORWARD,
 * DISCONNECT) in a header such as X-CMD or in a parameter, and the page opens
 * a socket to a target chosen by the request and reports back in a header
 * such as X-STATUS.  Volexity found a reGeorg variant on Exchange servers.
 */

rule tunnel_regeorg_command_headers
{
    meta:
        description = "reGeorg-style tunnel: a web page that opens network connections into the internal network on commands sent in X-CMD request headers"
        category = "tunnel"
        score = 95
        reference = "Volexity, Operation Exchange Marauder (reGeorg variant); Sigma rule web_webshell_regeorg"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $cmd1 = "X-CMD" nocase
        $cmd2 = "HTTP_X_CMD"
        $st1 = "X-STATUS" nocase
        $st2 = "X-ERROR" nocase
        $v1 = /["']CONNECT["']/
        $v2 = /["']DISCONNECT["']/
        $v3 = /["']FORWARD["']/
        $v4 = /["']READ["']/
        $sock1 = /(fsockopen|stream_socket_client|socket_create|socket_connect)\s*\(/ nocase
        $sock2 = "System.Net.Sockets" nocase
        $sock3 = /new\s+(System\.Net\.Sockets\.|java\.net\.)?(Socket|TcpClient)\s*\(/
        $sock4 = "SocketChannel" 
        $sock5 = "InetSocketAddress"
    condition:
        filesize < 2MB and any of ($cmd*) and any of ($st*) and 3 of ($v*) and any of ($sock*)
}

rule tunnel_regeorg_banner
{
    meta:
        description = "reGeorg tunnel web page: carries the greeting text of the public reGeorg tunnelling tool"
        category = "tunnel"
        score = 90
        reference = "Volexity, Operation Exchange Marauder (reGeorg variant)"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $banner = "Georg says, 'All seems"
        $code1 = "<?php" nocase
        $code2 = "<%"
        $code3 = "runat=" nocase
    condition:
        filesize < 2MB and $banner and any of ($code*)
}

rule tunnel_socket_verbs_from_request
{
    meta:
        description = "Tunnel web page: relays network connections on CONNECT/READ/FORWARD commands taken from web requests"
        category = "tunnel"
        score = 80
        reference = "Volexity, Operation Exchange Marauder (reGeorg); Sigma rule web_webshell_regeorg (cmd=read/connect/forward)"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $v1 = /["']CONNECT["']/ nocase
        $v2 = /["']FORWARD["']/ nocase
        $v3 = /["']READ["']/ nocase
        $v4 = /["']DISCONNECT["']/ nocase
        $sock1 = /(fsockopen|stream_socket_client|socket_create|socket_connect)\s*\(/ nocase
        $sock2 = "System.Net.Sockets" nocase
        $sock3 = /new\s+(System\.Net\.Sockets\.|java\.net\.)?(Socket|TcpClient)\s*\(/
        $sock4 = "SocketChannel"
        $req1 = /\$_(GET|POST|REQUEST|COOKIE)\s*\[/
        $req2 = /\$_SERVER\s*\[\s*['"]HTTP_/
        $req3 = /Request\s*(\.Headers|\.QueryString|\.Form|\.Item)?\s*(\.Get\s*\(|\[\s*["']|\(\s*")/ nocase
        $req4 = /request\s*\.\s*get(Header|Parameter)\s*\(/
        $page1 = "<?php" nocase
        $page2 = "<%"
        // the request names the internal host and port to connect to
        $tgt = /["'](HTTP_X_)?(X-)?target["']/ nocase
        $port = /["'](HTTP_X_)?(X-)?port["']/ nocase
    condition:
        filesize < 1MB and $v1 and $v2 and ($v3 or $v4) and any of ($sock*) and any of ($req*) and
        any of ($page*) and $tgt and $port
}
