/*
 * chopper.yar - China Chopper one-line web shells (shellsift built-in rules)
 *
 * China Chopper is a tiny server page whose only job is to run whatever code
 * the attacker's client sends in one request field.  HAFNIUM dropped it on
 * Exchange servers in 2021 (JScript form in ASPX pages and in the OAB
 * virtual-directory dump, see exchange.yar); older intrusions use the classic
 * ASP (VBScript) and C# forms.  Every rule below needs the request field AND
 * the code-evaluating call; the ones that only see the evaluating call are
 * capped at 60.
 *
 * Written for shellsift from the public descriptions of the technique; no
 * rule text is taken from other projects.
 */

rule chopper_jscript_eval_request
{
    meta:
        description = "China Chopper web shell (JScript): runs code sent in a request parameter with eval(..., \"unsafe\")"
        category = "webshell"
        score = 95
        reference = "CISA AR21-084A (China Chopper); Volexity, Operation Exchange Marauder"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // eval(Request["x"],"unsafe") / eval(Request.Item["x"],"unsafe") / eval(Request.Form("x"),"unsafe")
        $direct = /eval\s*\(\s*Request\s*(\.Item|\.Form|\.QueryString|\.Params|\.Headers|\.Cookies)?\s*[\[\(]\s*["'][^"'\r\n]{1,64}["']\s*[\]\)]\s*(\.Value\s*)?,\s*["']unsafe["']\s*\)/ nocase
    condition:
        filesize < 5MB and $direct
}

rule chopper_jscript_eval_request_item_unsafe
{
    meta:
        description = "China Chopper web shell (JScript): runs the request field Request.Item[...] with eval(..., unsafe), whatever the quotes around it"
        category = "webshell"
        score = 90
        reference = "CISA AR21-084A (China Chopper); MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-12-06"
    strings:
        // copies pasted through a word processor carry curly or garbled quotes
        $item = /eval\s*\(\s*Request\s*\.\s*Item\s*\[[^\]\r\n]{1,40}\][^\)\r\n]{0,24}unsafe/ nocase
    condition:
        filesize < 1MB and $item
}

rule chopper_jscript_eval_unsafe_request
{
    meta:
        description = "China Chopper-style web shell (JScript): a page that takes request data and runs it with eval(..., \"unsafe\")"
        category = "webshell"
        score = 90
        reference = "CISA AR21-084A (China Chopper); Volexity, Operation Exchange Marauder"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // eval( <anything on one statement, e.g. a base64 decode of Request.Item["z"]> ,"unsafe")
        $eval_unsafe = /eval\s*\([^;\r\n]{0,400}["']unsafe["']\s*\)/ nocase
        $req = /Request\s*(\.Item|\.Form|\.QueryString|\.Params|\.Headers|\.Cookies)?\s*[\[\(]\s*["']/ nocase
        $req2 = "Request.BinaryRead" nocase
        $req3 = "Request.InputStream" nocase
    condition:
        filesize < 5MB and $eval_unsafe and any of ($req*)
}

rule chopper_jscript_eval_unsafe
{
    meta:
        description = "Possible China Chopper variant (JScript): evaluates a string with eval(..., \"unsafe\"), but no request field was seen"
        category = "webshell"
        score = 60
        reference = "CISA AR21-084A and Volexity (China Chopper in the OAB virtual directory)"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $eval_unsafe = /eval\s*\([^;\r\n]{0,400}["']unsafe["']\s*\)/ nocase
        $srv1 = "runat=\"server\"" nocase
        $srv2 = "runat=server" nocase
        $srv3 = "<%@" 
        $srv4 = "language=\"jscript\"" nocase
    condition:
        filesize < 5MB and $eval_unsafe and any of ($srv*)
}

rule chopper_csharp_jscript_evaluate_request
{
    meta:
        description = "China Chopper web shell (C# form): hands request data to the JScript engine to run as code"
        category = "webshell"
        score = 95
        reference = "CISA AR21-084A and Volexity (China Chopper); public China Chopper C# variants"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $direct = /JScriptEvaluate\s*\([^;]{0,300}Request\s*(\.Item|\.Form|\.QueryString|\.Params|\.Headers|\.Cookies)?\s*[\[\(\.]/ nocase
        $eval_api = "JScriptEvaluate" nocase
        $vsa = "VsaEngine" nocase
        $req = /Request\s*(\.Item|\.Form|\.QueryString|\.Params|\.Headers|\.Cookies)?\s*[\[\(]\s*["']/ nocase
    condition:
        filesize < 5MB and ($direct or ($eval_api and $vsa and $req))
}

rule chopper_vbscript_execute_request
{
    meta:
        description = "China Chopper-style web shell (classic ASP/VBScript): runs code sent in a request parameter with Execute or Eval"
        category = "webshell"
        score = 95
        reference = "CISA AR21-084A and Volexity (China Chopper); public China Chopper ASP form"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // execute request("x") / eval(request.form("x")) / ExecuteGlobal(Decode(Request("x")))
        // VBScript indexes Request with "(", C# data binding uses "[" and is not matched;
        // method calls such as db.execute(request("...")) in JavaScript are not matched either
        $vb_exec = /(^|[^\w.>$])(execute|executeglobal)\s*(\(\s*|[ \t]+)(\w{1,24}\s*\(\s*){0,2}request\s*(\.form|\.querystring|\.item|\.cookies)?\s*\(\s*["']/ nocase
        $vb_eval = /(^|[^\w.>$])eval\s*(\(\s*|[ \t]+)(\w{1,24}\s*\(\s*){0,2}request\s*(\.form|\.querystring|\.item|\.cookies)?\s*\(\s*["']/ nocase
    condition:
        // eval(request("x")) is also plain JavaScript (a script fetched by a "request" helper); not counted in .js files
        filesize < 5MB and ($vb_exec or ($vb_eval and extension != "js"))
}
