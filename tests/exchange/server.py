#!/usr/bin/env python3
"""tests/exchange/server.py - a fake Exchange front end for the remote probe.

Serves one behaviour ("profile") per port, on 127.0.0.1 only, over HTTP or
HTTPS (--tls CERT KEY), and exits by itself after --lifetime seconds.  On
start it prints one "profile port" line per profile, then "ready".

Profiles:
  owa-header        /owa/ -> 302 logon page carrying X-OWA-Version: 15.1.2375.37
  lowercase-header  /owa/ -> 200 with "x-owa-version:   15.2.1118.20  "
  exporttool        no header; the exporttool manifest says 15.2.1118.20
                    (the logon page also shows /owa/auth/15.2.1118/)
  logon-path        /owa/ 403; only /owa/auth/logon.aspx shows /owa/auth/15.1.2375/
  nothing           no version anywhere
  slow              every response delayed by --slow seconds
  redirect-loop     /owa/ -> /a -> /owa/ -> ...
  offsite-redirect  /owa/ -> http://127.0.0.2:<port>/owa/ (another host: must not be followed)
  huge              /owa/ streams an endless body (the probe must stop reading)
  garbage           binary junk bodies, absurd X-OWA-Version, junk manifest

owa-header, lowercase-header, exporttool and logon-path take another build as
PROFILE=BUILD (e.g. exporttool=15.2.2562.37, logon-path=15.0.1263): the
logon page then shows its first three parts.  The line printed for such a
profile names it as given.

--log FILE appends one line per request: time, profile, method, path,
cookie header present (0/1), then the User-Agent.  Python 3 stdlib only.

usage: server.py [--profiles a,b,...] [--port N] [--tls CERT KEY] [--lifetime S]
                 [--slow S] [--keepalive] [--log FILE]
"""
import argparse
import http.server
import os
import random
import socket
import ssl
import sys
import threading
import time

LOGON_TEMPLATE = """<!DOCTYPE html>
<html><head><!-- OwaPage = ASP.auth_logon_aspx -->
<title>Outlook</title>
<link rel="shortcut icon" href="/owa/auth/{cu}/themes/resources/favicon.ico" type="image/x-icon">
<link type="text/css" rel="stylesheet" href="/owa/auth/{cu}/themes/resources/logon.css">
</head><body><form action="/owa/auth.owa" method="POST" name="logonForm"></form></body></html>
"""

BLAND = "<html><head><title>Welcome</title></head><body><p>It works.</p></body></html>\n"

MANIFEST_TEMPLATE = """<?xml version="1.0" encoding="utf-8"?>
<asmv1:assembly xsi:schemaLocation="urn:schemas-microsoft-com:asm.v1 assembly.adaptive.xsd" manifestVersion="1.0"
  xmlns:asmv1="urn:schemas-microsoft-com:asm.v1" xmlns="urn:schemas-microsoft-com:asm.v2">
  <assemblyIdentity name="microsoft.exchange.ediscovery.exporttool.application" version="{build}"
    publicKeyToken="b03f5f7f11d50a3a" language="neutral" processorArchitecture="msil" xmlns="urn:schemas-microsoft-com:asm.v1" />
  <description asmv2:publisher="Microsoft Corporation" asmv2:product="Microsoft Exchange" xmlns="urn:schemas-microsoft-com:asm.v1" />
  <dependency><dependentAssembly dependencyType="install" codebase="{build}\\microsoft.exchange.ediscovery.exporttool.exe.manifest">
    <assemblyIdentity name="microsoft.exchange.ediscovery.exporttool.exe" version="{build}" />
  </dependentAssembly></dependency>
</asmv1:assembly>
"""

EXPORTTOOL = "/ecp/current/exporttool/microsoft.exchange.ediscovery.exporttool.application"


DEFAULT_BUILD = {"owa-header": "15.1.2375.37", "lowercase-header": "15.2.1118.20",
                 "exporttool": "15.2.1118.20", "logon-path": "15.1.2375"}


def make_handler(profile, opts, log, build=None):
    build = build or DEFAULT_BUILD.get(profile, "")
    cu_of_build = ".".join(build.split(".")[:3])

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1" if opts.keepalive else "HTTP/1.0"
        server_version = "Microsoft-IIS/10.0"
        sys_version = ""

        def log_message(self, fmt, *args):  # quiet
            pass

        def reply(self, status, body=b"", headers=()):
            if isinstance(body, str):
                body = body.encode()
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def raw(self, data):
            self.wfile.write(data)
            self.wfile.flush()
            self.close_connection = True

        def do_GET(self):
            if log:
                ua = (self.headers.get("User-Agent") or "").replace("\n", " ")
                cookie = 1 if self.headers.get("Cookie") is not None else 0
                path = self.path.replace(" ", "%20")
                with log["lock"]:
                    log["f"].write(f"{time.time():.6f} {profile} {self.command} {path} {cookie} {ua}\n")
                    log["f"].flush()
            try:
                getattr(self, "p_" + profile.replace("-", "_"))(self.path.split("?")[0].lower())
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
                self.close_connection = True

        def logon(self, cu, extra=()):
            self.reply(200, LOGON_TEMPLATE.format(cu=cu), [("Content-Type", "text/html")] + list(extra))

        def p_owa_header(self, path):
            if path == "/owa/":
                self.reply(302, "", [("Location", "/owa/auth/logon.aspx?url=https%3a%2f%2fmail%2fowa%2f&reason=0")])
            elif path == "/owa/auth/logon.aspx":
                self.logon(cu_of_build, [("X-OWA-Version", build)])
            else:
                self.reply(404, "not found")

        def p_lowercase_header(self, path):
            if path == "/owa/":
                self.raw(b"HTTP/1.0 200 OK\r\nx-owa-version:   " + build.encode() + b"  \r\n"
                         b"Content-Length: 2\r\nConnection: close\r\n\r\nok")
            else:
                self.reply(404, "not found")

        def p_exporttool(self, path):
            if path == "/owa/":
                self.reply(302, "", [("Location", "/owa/auth/logon.aspx?replaceCurrent=1")])
            elif path == "/owa/auth/logon.aspx":
                self.logon(cu_of_build)
            elif path == EXPORTTOOL:
                self.reply(200, MANIFEST_TEMPLATE.format(build=build),
                           [("Content-Type", "application/x-ms-application")])
            else:
                self.reply(404, "not found")

        def p_logon_path(self, path):
            if path == "/owa/auth/logon.aspx":
                self.logon(cu_of_build)
            elif path == "/owa/":
                self.reply(403, "forbidden")
            else:
                self.reply(404, "not found")

        def p_nothing(self, path):
            self.reply(200 if path in ("/owa/", "/owa/auth/logon.aspx") else 404, BLAND)

        def p_slow(self, path):
            time.sleep(opts.slow)
            self.reply(200, BLAND)

        def p_redirect_loop(self, path):
            if path == "/owa/":
                self.reply(302, "", [("Location", "/a")])
            elif path == "/a":
                self.reply(302, "", [("Location", "/owa/")])
            else:
                self.reply(404, "not found")

        def p_offsite_redirect(self, path):
            port = self.server.server_address[1]
            self.reply(302, "", [("Location", f"http://127.0.0.2:{port}/owa/")])

        def p_huge(self, path):
            if path != "/owa/":
                self.reply(404, "not found")
                return
            self.raw(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
            chunk = b"<p>" + b"A" * 65530 + b"</p>"
            for _ in range(1024):  # at most 64 MiB, then give up
                self.wfile.write(chunk)
            # a build path far beyond any sane body cap
            self.wfile.write(b"/owa/auth/15.1.2375/")

        def p_garbage(self, path):
            rnd = random.Random(path)
            junk = bytes(rnd.getrandbits(8) for _ in range(4096))
            if path == "/owa/":
                self.raw(b"HTTP/1.0 200 OK\r\nX-OWA-Version: 99999999999999999999.1.2.3\x01\xff\r\n"
                         b"X-Junk: " + b"\x80" * 2000 + b"\r\nConnection: close\r\n\r\n" + junk +
                         b"/owa/auth/15.1/ /owa/15.x.1/ /owa/auth/70000.1.2/")
            elif path == EXPORTTOOL:
                self.raw(b"HTTP/1.0 200 OK\r\nConnection: close\r\n\r\n" + junk +
                         b"<assemblyIdentity version=\"15.999999.1.1\" />"
                         b"<assemblyIdentity version='15.1' /><assemblyIdentity name=\"x\" version=15.1.2.3 >")
            else:
                self.raw(b"HTTP/1.0 200 OK\r\nConnection: close\r\n\r\n" + junk)

    return Handler


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512
    tls = None

    def finish_request(self, request, client_address):
        # the TLS handshake runs here, in the connection's own thread
        request.settimeout(30)
        if self.tls is not None:
            try:
                request = self.tls.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        try:
            self.RequestHandlerClass(request, client_address, self)
        except (ssl.SSLError, OSError):
            pass


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--profiles", "--profile", default="owa-header")
    ap.add_argument("--port", type=int, default=0, help="port of the first profile (0: any)")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--lifetime", type=float, default=60.0)
    ap.add_argument("--slow", type=float, default=10.0)
    ap.add_argument("--keepalive", action="store_true")
    ap.add_argument("--log")
    opts = ap.parse_args()

    ctx = None
    if opts.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(opts.tls[0], opts.tls[1])
    log = {"f": open(opts.log, "a"), "lock": threading.Lock()} if opts.log else None

    profiles = [p for p in opts.profiles.split(",") if p]
    servers = []
    for i, spec in enumerate(profiles):
        profile, _, build = spec.partition("=")
        handler = make_handler(profile, opts, log, build or None)
        if not hasattr(handler, "p_" + profile.replace("-", "_")):
            sys.exit(f"server.py: unknown profile {profile}")
        port = opts.port + i if opts.port else 0
        srv = Server(("127.0.0.1", port), handler)
        srv.tls = ctx
        servers.append((spec, srv))
    for profile, srv in servers:
        print(profile, srv.server_address[1])
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    print("ready", flush=True)
    time.sleep(opts.lifetime)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
