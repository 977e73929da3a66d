#!/usr/bin/env python3
"""logs_parity.py - parity with Test-ProxyLogon, as a table: each of its checks
(CVE-2021-26855 with its exclusions, 26857, 26858, 27065 both ways) written
the way Exchange writes it, then as real logs and copies turn out: without
their header, quoted another way, in a layout shellsift does not know, with
more or fewer fields than the header names.  Test-ProxyLogon matches patterns
over raw lines, so every variant must still raise the check's rule.

  logs_parity.py SHELLSIFT DIR

Writes one file per (check, variant) into DIR, runs `SHELLSIFT logs --json`
on all of them, prints a table and exits 1 if a cell fails.
"""
import json
import os
import subprocess
import sys

HP_FIELDS = ("DateTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,ClientRequestId,Protocol,"
             "UrlHost,UrlStem,ProtocolAction,AuthenticationType,IsAuthenticated,AuthenticatedUser,Organization,"
             "AnchorMailbox,UserAgent,ClientIpAddress,ServerHostName,HttpStatus,BackEndStatus,ErrorCode,Method,"
             "ProxyAction,TargetServer,TargetServerVersion,RoutingType,RoutingHint,BackEndCookie").split(",")
HP_HEAD = ["#Software: Microsoft Exchange Server", "#Version: 15.01.2106.002", "#Log-type: HttpProxy Logs",
           "#Date: 2021-03-03T00:00:00.000Z"]


def httpproxy_row(anchor, status, stem):
    v = {f: "" for f in HP_FIELDS}
    v.update({"DateTime": "2021-03-03T01:02:03.456Z", "RequestId": "5b3e0a7e-0000-4000-8000-000000000001",
              "MajorVersion": "15", "MinorVersion": "1", "BuildVersion": "2106", "RevisionVersion": "2",
              "Protocol": "Ecp", "UrlHost": "mail.contoso.com", "UrlStem": stem, "AuthenticationType": "Anonymous",
              "IsAuthenticated": "false", "AnchorMailbox": anchor, "UserAgent": "Mozilla/5.0",
              "ClientIpAddress": "203.0.113.200", "ServerHostName": "EX01", "HttpStatus": str(status),
              "BackEndStatus": str(status), "Method": "POST", "ProxyAction": "Proxy", "TargetServer": "ex01.contoso.com",
              "RoutingHint": "X-BEResource-Cookie"})
    return v


def csv_quote(s):
    return '"' + s.replace('"', '""') + '"'


def httpproxy_variants(anchor, status, stem):
    v = httpproxy_row(anchor, status, stem)
    base = ",".join(v[f] for f in HP_FIELDS)
    header = HP_HEAD + ["#Fields: " + ",".join(HP_FIELDS)]
    renamed = ["Time", "Anchor", "Status", "Client", "Agent", "Path"]
    odd = [v["DateTime"], v["AnchorMailbox"], v["HttpStatus"], v["ClientIpAddress"], v["UserAgent"], v["UrlStem"]]
    extra = dict(v, UserAgent="Mozilla/5.0 (Windows NT 10.0, Win64, x64) AppleWebKit/537.36 (KHTML, like Gecko)")
    return {
        "as written": header + [base],
        "header-less": [base],
        "re-quoted": header + [",".join(csv_quote(v[f]) for f in HP_FIELDS)],
        "unknown layout": ["#Fields: " + ",".join(renamed), ",".join(odd)],
        "field-count mismatch": header + [",".join(extra[f] for f in HP_FIELDS) + ",extra,columns"],
    }


ECP_HEAD = ["#Software: Microsoft Exchange Server", "#Version: 15.0.0.0", "#Log-type: ECP Server Log",
            "#Date: 2021-03-03T00:00:00.000Z", "#Fields: TimeStamp,ServerName,EventId,EventData"]
SCRIPT = 'http://f/<script language="JScript" runat="server">function Page_Load(){eval(Request["p"],"unsafe");}</script>'


def ecp_variants():
    cmd = "Set-OabVirtualDirectory.ExternalUrl='%s'.Identity='a5a4b7c2-0000-4000-8000-000000000002'" % SCRIPT.replace("'", "''")
    data = "S:TIME=1;S:CMD=%s;S:REQID=;S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory;S:BLD=15.1.2106.2" % cmd
    base = "2021-03-03T01:05:00.000Z,EX01,ECP.Request," + csv_quote(data.replace("'", "''"))
    dq = data.replace("'", '"')  # values in double quotes
    return {
        "as written": ECP_HEAD + [base],
        "header-less": [base],
        "re-quoted": ECP_HEAD + ["2021-03-03T01:05:00.000Z,EX01,ECP.Request," + csv_quote(dq)],
        "unknown layout": ["2021-03-03T01:05:00Z\tEX01\tECP.Request\t" + data],
        "field-count mismatch": ECP_HEAD + ["2021-03-03T01:05:00.000Z,EX01,ECP.Request," + data + ",x,y"],
    }


def oab_variants():
    msg = "Download failed and temporary file 'C:\\inetpub\\wwwroot\\aspnet_client\\discover.aspx' needs to be removed."
    head = ["#Software: Microsoft Exchange Server", "#Log-type: OAB Generator Log"]
    return {
        "as written": head + ["2021-03-03T01:10:00.000Z,Error,OABGeneratorAssistant," + msg],
        "header-less": ["2021-03-03T01:10:00.000Z,Error,OABGeneratorAssistant," + msg],
        "re-quoted": head + ['"2021-03-03T01:10:00.000Z","Error","' + msg.replace('"', '""') + '"'],
        "unknown layout": ['{"time":"2021-03-03T01:10:00Z","level":"error","message":"%s"}' % msg.replace("\\", "\\\\")],
        "field-count mismatch": head + ["2021-03-03T01:10:00.000Z,Error," + msg + ",,,,extra"],
    }


def um_variants():
    msg = ("An unhandled exception occurred in a UM worker process: System.InvalidCastException: Unable to cast "
           "object of type 'System.String' to type 'Microsoft.Exchange.UM.UMCommon.UMCallInfo'.")
    head = '"TimeCreated","LevelDisplayName","ProviderName","Id","Message"'
    return {
        "as written": [head, '"3/3/2021 1:20:00 AM","Error","MSExchange Unified Messaging","1040","%s"' % msg],
        "header-less": ['"3/3/2021 1:20:00 AM","Error","MSExchange Unified Messaging","1040","%s"' % msg],
        "re-quoted": ["3/3/2021 1:20:00 AM;Error;'MSExchange Unified Messaging';1040;'%s'" % msg.replace("'", "''")],
        "unknown layout": ["Error\t2021-03-03 01:20:00\tMSExchange Unified Messaging\t%s" % msg],
        "field-count mismatch": [head, '"3/3/2021 1:20:00 AM","Error","MSExchange Unified Messaging","1040","%s",""' % msg],
    }


CHECKS = [
    ("CVE-2021-26855", "proxylogon-ssrf-anchor",
     httpproxy_variants("ServerInfo~a]@ex01.contoso.com:444/mapi/emsmdb/?#", 200, "/ecp/DDI/DDIService.svc/GetList")),
    ("CVE-2021-26855 exclusion", "proxylogon-ssrf-anchor-attempt",
     httpproxy_variants("ServerInfo~a]@ex01.contoso.com:444/autodiscover/autodiscover.xml?#", 200, "/ecp/DDI/DDIService.svc/GetList")),
    ("CVE-2021-27065 ResetVDir", "proxylogon-reset-vdir",
     httpproxy_variants("ServerInfo~a]@ex01.contoso.com:444/ecp/DDI/DDIService.svc/SetObject?schema=ResetOABVirtualDirectory#",
                        200, "/ecp/DDI/DDIService.svc/GetList")),
    ("CVE-2021-27065 ECP", "proxylogon-vdir-script", ecp_variants()),
    ("CVE-2021-26858", "proxylogon-oab-download", oab_variants()),
    ("CVE-2021-26857", "proxylogon-um-crash", um_variants()),
]


def main():
    shellsift, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    cells = {}
    for ci, (check, rule, variants) in enumerate(CHECKS):
        for vi, (variant, lines) in enumerate(variants.items()):
            path = os.path.join(out, "parity_%d_%d.log" % (ci, vi))
            with open(path, "w", newline="\r\n") as f:
                f.write("\n".join(lines) + "\n")
            cells[path] = (check, variant, rule, len(lines))
    r = subprocess.run([shellsift, "logs", "--json"] + sorted(cells), capture_output=True, text=True)
    found = {}
    for line in r.stdout.splitlines():
        e = json.loads(line)
        if e["event"] == "finding":
            found.setdefault(e["file"], []).append((e["line"], e["rule"]))
    failed = 0
    variants = list(CHECKS[0][2])
    print("%-26s" % "check" + "".join("%-22s" % v for v in variants))
    for ci, (check, rule, vs) in enumerate(CHECKS):
        row = "%-26s" % check
        for vi, variant in enumerate(vs):
            path = os.path.join(out, "parity_%d_%d.log" % (ci, vi))
            nlines = cells[path][3]
            hits = [rl for (ln, rl) in found.get(path, []) if ln == nlines]
            ok = hits == [rule]  # the data line: that rule, once
            failed += not ok
            row += "%-22s" % ("ok" if ok else "FAIL %s" % hits)
        print(row)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
