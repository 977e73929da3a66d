/*
 * php.yar - PHP web shells and uploaders (shellsift built-in rules)
 *
 * A request source is $_GET, $_POST, $_REQUEST, $_COOKIE, an HTTP_* entry of
 * $_SERVER, or php://input.  Rules scoring >= 70 need such a source flowing
 * straight (same expression) into a code- or command-running call, a request
 * value used as a function name, or a well-known shell family marker.  PHP
 * function names are case-insensitive, so sink patterns are nocase.
 * Obfuscation alone (eval of a decoded constant) is capped at 60.
 */

rule php_eval_request_input
{
    meta:
        description = "PHP web shell: runs PHP code taken directly from a web request (parameter, cookie, header or body)"
        category = "webshell"
        score = 95
        reference = "MITRE ATT&CK T1505.003; Volexity, Operation Exchange Marauder (PHP shells on Exchange hosts)"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // eval($_POST['x']) / eval(gzinflate(base64_decode($_COOKIE['x']))) / eval(file_get_contents('php://input'))
        // eval('?>' . base64_decode($_POST['x']))
        // (the leading class keeps out $obj->eval( and Foo::eval()
        $eval_sg = /(^|[^\w>:$\\])eval\s*\(\s*(['"][^'"\r\n]{0,10}['"]\s*\.\s*)?(@\s*)?(\(\s*string\s*\)\s*)?((stripslashes|trim|base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|urldecode|rawurldecode|hex2bin|strrev|convert_uudecode|html_entity_decode|pack)\s*\(\s*(['"][^'"\r\n]{1,8}['"]\s*,\s*)?(@\s*)?){0,5}(\$_(GET|POST|REQUEST|COOKIE)\s*\[|\$_SERVER\s*\[\s*['"]HTTP_|getenv\s*\(\s*['"]HTTP_|file_get_contents\s*\(\s*['"]php:\/\/input)/ nocase
        // assert($_REQUEST['x']) / assert(stripslashes($_POST["x"])): the request value must be the whole argument,
        // so assert($_GET['n'] > 0) in test code is not matched
        $assert_sg = /(^|[^\w>:$\\])assert\s*\(\s*(@\s*)?((stripslashes|trim|base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|urldecode|rawurldecode|hex2bin|strrev|convert_uudecode|html_entity_decode|pack)\s*\(\s*(@\s*)?){0,5}(\$_(GET|POST|REQUEST|COOKIE)|\$_SERVER)\s*\[[^\]\r\n]{1,40}\]\s*\)/ nocase
        $assert_input = /(^|[^\w>:$\\])assert\s*\(\s*(@\s*)?((stripslashes|trim|base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|urldecode|rawurldecode|hex2bin|strrev|convert_uudecode|html_entity_decode|pack)\s*\(\s*(@\s*)?){0,5}file_get_contents\s*\(\s*['"]php:\/\/input['"]\s*\)\s*\)/ nocase
    condition:
        filesize < 5MB and any of them
}

rule php_command_exec_request_input
{
    meta:
        description = "PHP web shell: runs an operating-system command taken directly from a web request"
        category = "webshell"
        score = 95
        reference = "MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // system($_GET['c']) / passthru(base64_decode($_POST['c'])) / proc_open($_REQUEST['c'], ...)
        // the leading class keeps out $obj->exec(, Foo::exec( and $exec(
        $sg = /(^|[^\w>:$\\])(system|passthru|shell_exec|exec|popen|proc_open|pcntl_exec)\s*\(\s*(@\s*)?((stripslashes|trim|base64_decode|urldecode|rawurldecode|str_rot13|hex2bin|strrev|gzinflate)\s*\(\s*(@\s*)?){0,3}\$_(GET|POST|REQUEST|COOKIE)\s*\[/ nocase
        $hdr = /(^|[^\w>:$\\])(system|passthru|shell_exec|exec|popen|proc_open|pcntl_exec)\s*\(\s*(@\s*)?((stripslashes|trim|base64_decode|urldecode|rawurldecode|str_rot13|hex2bin|strrev)\s*\(\s*(@\s*)?){0,3}(\$_SERVER\s*\[\s*['"]HTTP_|getenv\s*\(\s*['"]HTTP_)/ nocase
        // echo `$_GET['c']`;   $o = `ls {$_POST['d']}`;   <?=`$_GET[0]`?>
        $bt = /(=|echo|print|return)\s*`[^`\r\n]{0,60}\$_(GET|POST|REQUEST|COOKIE)\s*\[[^`\r\n]{0,60}`\s*([;\)]|\?>)/
        $php = "<?"
    condition:
        filesize < 5MB and ($sg or $hdr or ($bt and $php))
}

rule php_request_value_called_as_function
{
    meta:
        description = "PHP web shell: calls a function whose name or code comes from a web request, so the sender can run anything"
        category = "webshell"
        score = 95
        reference = "MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // $_GET['f']($_GET['a'])  /  @$_POST["x"]("...")   (not `new $_GET['class'](...)`, which makes an object)
        $direct = /(^|[;{}()=,?:!&|.@]|<\?(php)?|\b(echo|print|return))\s*\$_(GET|POST|REQUEST|COOKIE)\s*\[[^\]\r\n]{1,40}\]\s*\(/
        // call_user_func($_GET['f'], ...), array_map($_POST['f'], ...), ob_start($_GET['cb'])
        $cb_first = /(call_user_func|call_user_func_array|array_map|register_shutdown_function|register_tick_function|ob_start|iterator_apply|forward_static_call|forward_static_call_array)\s*\(\s*(@\s*)?\$_(GET|POST|REQUEST|COOKIE)\s*\[/ nocase
        // array_filter($arr, $_GET['f']), usort($a, $_POST['f']), array_walk($a, $_REQUEST['f'])
        $cb_second = /(array_filter|array_walk|array_walk_recursive|array_reduce|usort|uasort|uksort|preg_replace_callback)\s*\([^;,\r\n]{0,80},\s*(@\s*)?\$_(GET|POST|REQUEST|COOKIE)\s*\[/ nocase
        // create_function('', $_POST['code'])
        $cf = /create_function\s*\([^;\r\n]{0,120}\$_(GET|POST|REQUEST|COOKIE)\s*\[/ nocase
    condition:
        filesize < 5MB and any of them
}

rule php_variable_function_on_request
{
    meta:
        description = "Suspicious PHP code: a function named by a variable is called directly on web-request data, a common web-shell disguise"
        category = "webshell"
        // medium: an invokable object or a validator kept in a variable is called so too;
        // the analysis says high or critical when it knows which function runs
        score = 60
        reference = "MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // $f = 'sys'.'tem'; $f($_GET['c']);   ${'a'}($_POST['x'])
        $vf = /(^|[^\w>:$\\])\$[a-zA-Z_][a-zA-Z0-9_]{0,20}\s*\(\s*(@\s*)?\$_(GET|POST|REQUEST|COOKIE)\s*\[/
        $vf2 = /\$\{[^}\r\n]{1,40}\}\s*\(\s*(@\s*)?\$_(GET|POST|REQUEST|COOKIE)\s*\[/
    condition:
        filesize < 1MB and any of them
}

rule php_small_file_request_to_sink
{
    meta:
        description = "Small PHP web shell: copies a request value into a variable and hands a variable to eval, system or a similar code- or command-running call"
        category = "webshell"
        score = 75
        reference = "MITRE ATT&CK T1505.003; public simple-backdoor style PHP shells"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // $c = $_REQUEST['cmd'];   $x = decode(base64_decode($_POST[$k]), $key);   $p = file_get_contents("php://input");
        $assign = /\$[a-zA-Z_][a-zA-Z0-9_]{0,30}\s*=\s*(@\s*)?(\(\s*)?([a-zA-Z_][a-zA-Z0-9_]{0,30}\s*\(\s*){0,3}(\$_(GET|POST|REQUEST|COOKIE)\s*\[|file_get_contents\s*\(\s*['"]php:\/\/input)/ nocase
        // extract($_POST);
        $extract = /\bextract\s*\(\s*\$_(GET|POST|REQUEST|COOKIE)\s*[,\)]/ nocase
        // system($c);  eval($x);  eval($p . "");  passthru(base64_decode($c))   (not $obj->exec( or Foo::exec()
        $sink = /(^|[^\w>:$\\])(eval|assert|system|passthru|shell_exec|exec|popen|proc_open|pcntl_exec)\s*\(\s*(@\s*)?((stripslashes|trim|base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|urldecode|rawurldecode|hex2bin|strrev)\s*\(\s*){0,3}\$[a-zA-Z_][a-zA-Z0-9_]{0,30}\s*[\),.]/ nocase
        $php = "<?"
        // a file that escapes shell arguments is an application, not a tiny shell
        $esc = /escapeshell(arg|cmd)\s*\(/ nocase
    condition:
        filesize < 3KB and $php and ($assign or $extract) and $sink and not $esc
}

rule php_preg_replace_eval_request
{
    meta:
        description = "PHP web shell: uses preg_replace with the /e flag (which runs code) on text taken from a web request"
        category = "webshell"
        score = 90
        reference = "MITRE ATT&CK T1505.003; PHP manual: preg_replace /e modifier removed in PHP 7"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // preg_replace("/.*/e", $_POST['c'], "")  /  preg_replace('/x/e', 'y', $_GET['z'])
        $e_req = /preg_replace\s*\(\s*['"](\/[^'"\r\n]{0,200}\/|#[^'"\r\n]{0,200}#|~[^'"\r\n]{0,200}~|\|[^'"\r\n]{0,200}\||![^'"\r\n]{0,200}!|@[^'"\r\n]{0,200}@|%[^'"\r\n]{0,200}%)[imsxuADSUXJ]{0,6}e[imsxuADSUXJ]{0,6}['"]\s*,[^;\r\n]{0,200}\$_(GET|POST|REQUEST|COOKIE)\s*\[/
        // pattern itself from the request: preg_replace($_GET['p'], $_GET['r'], ...)
        $pat_req = /preg_replace\s*\(\s*(@\s*)?\$_(GET|POST|REQUEST|COOKIE)\s*\[[^\]\r\n]{1,40}\]\s*,[^;\r\n]{0,120}\$_(GET|POST|REQUEST|COOKIE)\s*\[/
    condition:
        filesize < 5MB and any of them
}

rule php_include_request_path
{
    meta:
        description = "PHP backdoor: includes and runs a file whose name or URL comes straight from a web request"
        category = "webshell"
        score = 80
        reference = "MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $inc = /\b(include|require|include_once|require_once)\s*\(?\s*(@\s*)?((base64_decode|urldecode|rawurldecode|str_rot13|trim)\s*\(\s*){0,2}\$_(GET|POST|REQUEST|COOKIE)\s*\[[^\]\r\n]{1,40}\]\s*\)*\s*;/ nocase
        $inc_input = /\b(include|require|include_once|require_once)\s*\(?\s*['"]php:\/\/input/ nocase
    condition:
        filesize < 5MB and any of them
}

rule php_upload_to_request_path
{
    meta:
        description = "PHP uploader: stores an uploaded file, or request data, under a path chosen by the web request"
        category = "uploader"
        score = 85
        reference = "MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // move_uploaded_file($_FILES['f']['tmp_name'], $_POST['dir'] . ...)
        $mv = /(move_uploaded_file|copy)\s*\(\s*\$_FILES\s*\[[^\]\r\n]{1,40}\]\s*\[\s*['"]tmp_name['"]\s*\]\s*,[^;\r\n]{0,120}\$_(GET|POST|REQUEST|COOKIE)\s*\[/ nocase
        // file_put_contents($_POST['p'], $_POST['c'])
        $fpc = /file_put_contents\s*\(\s*[^,;\r\n]{0,80}\$_(GET|POST|REQUEST|COOKIE)\s*\[[^,;\r\n]{0,80},[^;\r\n]{0,80}\$_(GET|POST|REQUEST|COOKIE)\s*\[/ nocase
        // fwrite(fopen($_GET['f'], 'w'), $_POST['c'])
        $fw = /fwrite\s*\(\s*(@\s*)?fopen\s*\(\s*[^,;\r\n]{0,80}\$_(GET|POST|REQUEST|COOKIE)\s*\[[^;\r\n]{0,120}\$_(GET|POST|REQUEST|COOKIE)\s*\[/ nocase
    condition:
        filesize < 5MB and any of them
}

rule php_tiny_uploader_client_name
{
    meta:
        description = "Small PHP uploader: saves any uploaded file into the web folder under the name the uploader picked"
        category = "uploader"
        score = 75
        reference = "MITRE ATT&CK T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        // move_uploaded_file($_FILES['f']['tmp_name'], $_FILES['f']['name'])  - no directory, no checks
        $mv = /move_uploaded_file\s*\(\s*\$_FILES\s*\[[^\]\r\n]{1,40}\]\s*\[\s*['"]tmp_name['"]\s*\]\s*,\s*(@\s*)?\$_FILES\s*\[[^\]\r\n]{1,40}\]\s*\[\s*['"]name['"]\s*\]\s*\)/ nocase
    condition:
        filesize < 4KB and $mv
}

rule php_code_after_image_header
{
    meta:
        description = "PHP web shell hidden in an image: the file starts like a GIF/JPEG/PNG picture but carries PHP code that uses request data with a code- or command-running call"
        category = "webshell"
        score = 85
        reference = "MITRE ATT&CK T1505.003, T1036.008"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $php = "<?php" nocase
        $req = /\$_(GET|POST|REQUEST|COOKIE)\s*\[/
        $s1 = /\b(eval|assert|system|passthru|shell_exec|exec|popen|proc_open|create_function|move_uploaded_file|file_put_contents)\s*\(/ nocase
    condition:
        (uint32(0) == 0x38464947 or uint16(0) == 0xD8FF or uint32(0) == 0x474E5089) and
        filesize < 10MB and $php and $req and $s1
}

rule php_known_shell_family_marker
{
    meta:
        description = "PHP web shell: carries the name of a well-known public web-shell kit (WSO, c99, r57, b374k, phpRemoteView) and reads request data"
        category = "webshell"
        score = 90
        reference = "MITRE ATT&CK T1505.003; public WSO/c99/r57/b374k/phpRemoteView web shells"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $m1 = "FilesMan"
        $m2 = "c99shell" nocase
        $m3 = "r57shell" nocase
        $m4 = "b374k" nocase
        $m5 = "phpRemoteView" nocase
        $php = "<?" 
        // PHP 4 kits read the request through the long arrays ($HTTP_POST_VARS), removed in PHP 5.4
        $req = /\$_(GET|POST|REQUEST|COOKIE|FILES)\s*\[|\$HTTP_(GET|POST|COOKIE|POST_FILES)_VARS\s*\[/
    condition:
        filesize < 5MB and any of ($m*) and $php and $req
}

rule php_eval_decode_chain
{
    meta:
        description = "Obfuscated PHP: runs code that is first unpacked by two or more decoding steps, as packed web shells do (no request input seen)"
        category = "webshell"
        score = 60
        reference = "MITRE ATT&CK T1027, T1505.003"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $chain = /\b(eval|assert)\s*\(\s*(@\s*)?(gzinflate|gzuncompress|gzdecode|str_rot13|base64_decode|strrev|convert_uudecode|hex2bin)\s*\(\s*(@\s*)?(gzinflate|gzuncompress|gzdecode|str_rot13|base64_decode|strrev|convert_uudecode|hex2bin)\s*\(/ nocase
    condition:
        filesize < 5MB and $chain
}

rule php_preg_replace_e_modifier
{
    meta:
        description = "Old or suspicious PHP: preg_replace with the /e flag, which runs the replacement text as code"
        category = "webshell"
        score = 35
        reference = "PHP manual: preg_replace /e modifier (removed in PHP 7)"
        author = "shellsift"
        date = "2026-11-25"
    strings:
        $e = /preg_replace\s*\(\s*['"](\/[^'"\r\n]{0,200}\/|#[^'"\r\n]{0,200}#|~[^'"\r\n]{0,200}~|\|[^'"\r\n]{0,200}\||![^'"\r\n]{0,200}!|@[^'"\r\n]{0,200}@|%[^'"\r\n]{0,200}%)[imsxuADSUXJ]{0,6}e[imsxuADSUXJ]{0,6}['"]\s*,/
    condition:
        filesize < 5MB and $e
}

rule php_b374k_module
{
    meta:
        description = "PHP web-shell kit module: registers a tab of the b374k kit (its id, title, page and on-select script) in the kit's module table"
        category = "webshell"
        score = 75
        reference = "MITRE ATT&CK T1505.003; public b374k web-shell kit (version 3 modules)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // $GLOBALS['module']['explorer']['js_ontabselected'] = "...";
        $tab = /\$GLOBALS\s*\[\s*['"]module['"]\s*\]\s*\[[^\]\r\n]{1,40}\]\s*\[\s*['"]js_ontabselected['"]\s*\]\s*=/
    condition:
        filesize < 2MB and $tab
}

rule php_ld_preload_bypass
{
    meta:
        description = "PHP disable_functions bypass: sets LD_PRELOAD so that the next program PHP starts (mail, error_log, imap) loads a library the attacker chose and runs its code"
        category = "webshell"
        score = 75
        reference = "MITRE ATT&CK T1574.006 (dynamic linker hijacking); T1505.003"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // putenv("LD_PRELOAD=/tmp/x.so");   putenv('LD_PRELOAD=' . $so);
        $env = /putenv\s*\(\s*(@\s*)?["']LD_PRELOAD=/ nocase
    condition:
        filesize < 5MB and $env
}

rule php_secret_cookie_404_gate
{
    meta:
        description = "PHP backdoor access gate: the page answers 404 Not Found and stops unless the request carries a secret cookie, so only its owner sees what follows"
        category = "webshell"
        score = 60
        reference = "MITRE ATT&CK T1505.003; T1564 (hide artifacts)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // if (!isset($_COOKIE['<secret>'])) { header('HTTP/1.0 404 Not Found'); exit; }, also
        // through $GLOBALS['_COOKIE']: whatever the cookie's name, an application that wants a
        // login redirects or answers 403; only a hidden page claims not to exist
        $gate = /if\s*\(\s*!\s*isset\s*\(\s*\$(_COOKIE|GLOBALS\s*\[\s*['"]_COOKIE['"]\s*\])\s*\[\s*['"][^'"]{2,64}['"]\s*\]\s*\)\s*\)\s*\{?\s*@?header\s*\(\s*['"]HTTP\/1\.[01]\s+404/
    condition:
        filesize < 5MB and $gate
}

rule php_fork_bomb
{
    meta:
        description = "PHP fork bomb: forks new processes in an endless loop until the server runs out of processes (denial of service)"
        category = "hacktool"
        score = 60
        reference = "MITRE ATT&CK T1499 (endpoint denial of service)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // while(1) pcntl_fork();   for(;;) { @pcntl_fork(); }
        $bomb = /(while\s*\(\s*(1|true)\s*\)|for\s*\(\s*;\s*;\s*\))\s*\{?\s*@?pcntl_fork\s*\(\s*\)/ nocase
    condition:
        filesize < 1MB and $bomb
}

rule php_exif_metadata_code
{
    meta:
        description = "PHP backdoor hidden in an image: reads the image's EXIF metadata and hands two of its fields to preg_replace as pattern and replacement, so a /e pattern stored in the picture runs code"
        category = "webshell"
        score = 70
        reference = "MITRE ATT&CK T1505.003; T1027.003 (steganography)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        $exif = /exif_read_data\s*\(/ nocase
        // preg_replace($exif['Make'], $exif['Model'], '')
        $pr = /preg_replace\s*\(\s*\$[a-zA-Z_][a-zA-Z0-9_]{0,30}\s*\[\s*['"][A-Za-z]{1,30}['"]\s*\]\s*,\s*\$[a-zA-Z_][a-zA-Z0-9_]{0,30}\s*\[\s*['"][A-Za-z]{1,30}['"]\s*\]/ nocase
    condition:
        filesize < 1MB and $exif and $pr
}

rule php_reads_system_accounts
{
    meta:
        description = "PHP reconnaissance: prints the server's account list or password hashes (/etc/passwd, /etc/shadow) to the web client"
        category = "hacktool"
        score = 50
        reference = "MITRE ATT&CK T1087.001 (local account discovery); T1003.008"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // echo file_get_contents("/etc/passwd");   readfile('/etc/shadow');
        $read = /(echo|print|print_r|var_dump|readfile|highlight_file|show_source)\s*\(?\s*["'<][^;\r\n]{0,40}(file_get_contents|file|readfile|highlight_file|show_source)?\s*\(?\s*["']\/etc\/(passwd|shadow)["']/ nocase
        $direct = /(readfile|highlight_file|show_source|passthru)\s*\(\s*["']\/etc\/(passwd|shadow)["']/ nocase
    condition:
        filesize < 1MB and any of them
}

rule php_com_windows_admin
{
    meta:
        description = "PHP on Windows: drives Windows administration COM objects (Shell.Users accounts, the IIS ADSI tree of sites and paths) from a web page"
        category = "hacktool"
        score = 60
        reference = "MITRE ATT&CK T1136.001 (create local account); T1087; public PHP COM admin pages"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // new COM("Shell.Users")   new COM("IIS://localhost/w3svc")
        $users = /new\s+COM\s*\(\s*["']Shell\.Users["']/ nocase
        $adsi = /new\s+COM\s*\(\s*["']IIS:\/\/localhost\/w3svc/ nocase
    condition:
        filesize < 1MB and any of them
}

rule php_symlink_root_bypass
{
    meta:
        description = "Symlink bypass: links the server's root folder into the web folder so every site's files and configuration can be read through the web server"
        category = "hacktool"
        score = 60
        reference = "MITRE ATT&CK T1083 (file and directory discovery); public symlink-bypass pages"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // symlink("/", "root.txt");   system('ln -s / root.txt');
        $php = /symlink\s*\(\s*["']\/["']\s*,/ nocase
        $ln = /ln\s+-s\s+\/\s+[A-Za-z0-9_.\-]/
    condition:
        filesize < 1MB and any of them
}

rule cgi_query_string_shell
{
    meta:
        description = "CGI web shell (written out by a PHP dropper or saved as is): a shell script that runs the request's query string as a command"
        category = "webshell"
        score = 75
        reference = "MITRE ATT&CK T1505.003; T1059.004"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // /bin/sh -c "$QUERY_STRING 2>&1"
        $qs = /\/bin\/(ba)?sh\s+-c\s+["'\\]{0,3}\$\{?QUERY_STRING/
    condition:
        filesize < 1MB and $qs
}

rule php_defacer
{
    meta:
        description = "PHP defacer: overwrites the site's index page with a \"hacked by\" message"
        category = "hacktool"
        score = 55
        reference = "MITRE ATT&CK T1491.001 (internal defacement)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        $open = /(fopen|file_put_contents)\s*\(\s*["'](\.\.?\/)*index\.(php|html?)["']\s*,\s*["']?(w|a)/ nocase
        $msg = /hack(ed|3d)\s+by/ nocase
    condition:
        filesize < 1MB and $open and $msg
}

rule php_reverse_ip_site_grabber
{
    meta:
        description = "Reverse-IP site grabber: asks a search engine for every site hosted on a given IP address (the \"ip:\" search operator), to find more sites on the same server to attack"
        category = "hacktool"
        score = 45
        reference = "MITRE ATT&CK T1593.002 (search engines), T1596 (search open technical databases)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // "http://www.bing.com/search?q=" . urlencode("ip:" . $ip) / "...search?q=ip%3A$ip" / mbing("ip:$target ...")
        $engine = /(bing\.com|search\.yahoo\.com|google\.[a-z.]{2,6}|yandex\.[a-z]{2,3}|duckduckgo\.com)\/search\?[^"'\r\n]{0,20}q=/ nocase
        $ipdork = /["'](ip:|ip%3a)\s*(["']\s*\.\s*)?\$[A-Za-z_]/ nocase
        $php = "<?php" nocase
    condition:
        filesize < 1MB and $engine and $ipdork and $php
}

rule php_shell_timestomp
{
    meta:
        description = "Timestomping from PHP: runs \"touch -r\" (or -d/-t) through a command function to give a file it planted another file's timestamps or a chosen date, so the change hides among the application's own files"
        category = "webshell"
        score = 50
        reference = "MITRE ATT&CK T1070.006 (timestomp)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // shell_exec('touch -r ' . $path . $original . ' ' . $path . $planted)
        $cmd = /(^|[^\w>:$\\])(system|exec|shell_exec|passthru|popen|proc_open)\s*\(\s*["']touch\s+(-[acm]{1,3}\s+)?(-r|-d|-t|--reference)[\s=]/ nocase
        $bt = /`touch\s+(-[acm]{1,3}\s+)?(-r|--reference)[\s=]/
        $php = "<?php" nocase
    condition:
        filesize < 1MB and ($cmd or ($bt and $php))
}

rule php_phishing_result_mailer
{
    meta:
        description = "Phishing kit drop script: writes the passwords or card data a victim typed into a fake login or payment form into a mail to the attacker"
        category = "hacktool"
        score = 55
        reference = "MITRE ATT&CK T1566 (phishing); T1056.003 (web portal capture)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // $message .= "Password: " . $_POST['password'] . "\n";
        $field = /\.=\s*["'][^"'\r\n]{0,30}(pass(word)?|passwd|cvv2?|cvc|card ?number|ccnum|ssn|pin ?code)[^"'\r\n]{0,10}["']\s*\.\s*\$_(POST|REQUEST|GET)\s*\[/ nocase
        $mail = /\bmail\s*\(/ nocase
    condition:
        filesize < 1MB and $field and $mail
}

rule php_request_harvester
{
    meta:
        description = "Skimmer: serialises everything a visitor submits (the whole POST, request or cookie array) and hides it in an image-named file or sends it out with curl"
        category = "hacktool"
        score = 60
        reference = "MITRE ATT&CK T1056.003 (web portal capture); Magecart-style server-side skimmers"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        $dump = /(serialize|json_encode|print_r|var_export|http_build_query)\s*\(\s*\$_(POST|REQUEST|COOKIE)\s*[,)]/ nocase
        $img = /file_put_contents\s*\(\s*["'][^"'\r\n]{1,200}\.(jpe?g|png|gif|ico|bmp)["']/ nocase
        $curl = /curl\s+[^;\r\n]{0,40}--data/ nocase
    condition:
        filesize < 1MB and $dump and ($img or $curl)
}

rule php_handler_remap_persistence
{
    meta:
        description = "Web-shell persistence: a script that carries Apache or PHP configuration (for a .htaccess or .user.ini) making image or text files run as PHP, or loading such a file before every page, so a shell hidden as a picture keeps working"
        category = "webshell"
        score = 60
        reference = "MITRE ATT&CK T1505.003 (web shell); T1036.008 (masquerade file type)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // AddType application/x-httpd-php .jpg / AddHandler php5-script .png .gif
        $add = /Add(Type|Handler)\s+(application\/x-httpd-php[0-9]?|php[0-9]?-script)\s+[^\r\n"']{0,40}\.(jpe?g|png|gif|ico|bmp|txt|css|log)\b/ nocase
        // <FilesMatch "\.(jpg|png)$"> SetHandler application/x-httpd-php
        $set = /<Files(Match)?\s+["']?[^>\r\n]{0,40}(jpe?g|png|gif|ico|bmp|txt)[^>\r\n]{0,20}>\s*(ForceType|SetHandler)\s+application\/x-httpd-php/ nocase
        // php_value auto_prepend_file /tmp/x.jpg, auto_prepend_file = "images/logo.png"
        $prepend = /auto_(prepend|append)_file\s*=?\s*["']?[^\r\n"';]{0,120}\.(jpe?g|png|gif|ico|bmp|txt|log)\b/ nocase
    condition:
        filesize < 1MB and any of them
}

rule php_wordpress_security_killer
{
    meta:
        description = "WordPress security-plugin killer: one script that empties or switches off the scan results and settings of several security plugins (Wordfence, iThemes Security, All In One WP Security, Sucuri, Exploit Scanner), so a planted shell is not reported"
        category = "hacktool"
        score = 55
        reference = "MITRE ATT&CK T1562.001 (impair defenses: disable or modify tools)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        $wf = /wf(Issues|Status|Config|KnownFileList|FileMods|Hoover)\b/
        $itsec = /["']itsec_[a-z_]{3,40}["']/
        $aiowps = /aiowps_[a-z_]{3,40}/
        $sucuri = /sucuriscan_[a-z_]{3,40}/
        $exploitscanner = /exploitscanner_[a-z_]{3,40}/
        $kill = /(truncate\s|delete\s+from\s|drop\s+table\s|update_option\s*\(|delete_option\s*\(|update\s+[^;\r\n]{0,60}\bset\s)/ nocase
    condition:
        filesize < 1MB and $kill and 2 of ($wf, $itsec, $aiowps, $sucuri, $exploitscanner)
}

rule php_cms_autologin_backdoor
{
    meta:
        description = "PHP backdoor: loads WordPress from outside it and logs the visitor in by setting an authentication cookie, with no password, nonce or capability check; an administrator session lets the sender install plugins, that is, run code"
        category = "webshell"
        score = 75
        reference = "MITRE ATT&CK T1505.003, T1078"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // require('../../../wp-blog-header.php'); include dirname(__FILE__) . '/wp-load.php';
        $boot = /(require|include)(_once)?[\s(]+[^;]{0,80}wp-(load|blog-header)\.php['"]/ nocase
        $cookie = /(^|[^\w>:$])wp_set_auth_cookie\s*\(/ nocase
        // what a real login or single sign-on endpoint checks before it issues a session
        $chk1 = "wp_check_password" nocase
        $chk2 = "wp_authenticate" nocase
        $chk3 = "wp_signon" nocase
        $chk4 = "wp_verify_nonce" nocase
        $chk5 = "check_admin_referer" nocase
        $chk6 = "current_user_can" nocase
        $chk7 = "password_verify" nocase
        $chk8 = "hash_equals" nocase
        $chk9 = "openssl_verify" nocase
        $chk10 = "wp_validate_auth_cookie" nocase
        $chk11 = "is_user_logged_in" nocase
        $def = /function\s+wp_set_auth_cookie\s*\(/ nocase
    condition:
        filesize < 256KB and $boot and $cookie and not $def and none of ($chk*)
}

rule php_card_skimmer_mail
{
    meta:
        description = "PHP payment-card skimmer: reads an order's card number or security code and sends it with mail(); a payment module hands card data to its gateway only (PCI DSS forbids sending it in clear)"
        category = "skimmer"
        score = 60
        reference = "MITRE ATT&CK T1056.003 (web portal capture); PCI DSS requirement 3"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // $info->getCcNumber(), $payment->getCcCid(), $data['cc_number'], $_POST['payment']['cc_cid']
        $cc1 = /getCc(Number|Cid)\s*\(/ nocase
        $cc2 = /\[\s*['"]cc_(number|cid)['"]\s*\]/ nocase
        $mail = /(^|[^\w>:$])@?mail\s*\(/
    condition:
        filesize < 1MB and ($cc1 or $cc2) and $mail
}

rule php_curly_syntax_code_injection
{
    meta:
        description = "PHP code injection: a string holds ${...} complex syntax whose expression is a call that runs code or commands; PHP runs it when the string is interpolated, so it is planted in templates an application evaluates (forum and CMS template injection) or hides a call inside a quoted string"
        category = "webshell"
        score = 75
        reference = "MITRE ATT&CK T1505.003, T1190"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // "{${eval(base64_decode('...'))}}", written into a template table;  "{\${system($_GET[c])}}"
        $cx = /\{\\?\$\{\s*@?\s*(eval|assert|system|passthru|shell_exec|exec|popen|proc_open|create_function|call_user_func|include|require)\s*\(/ nocase
    condition:
        filesize < 5MB and $cx
}

rule php_rfi_payload_writes_file
{
    meta:
        description = "PHP remote-file-inclusion payload: the page prints PHP code that writes a file from a base64 literal, so that a server including this page's output over HTTP drops that file (usually a web shell) on itself"
        category = "webshell"
        score = 60
        reference = "MITRE ATT&CK T1190, T1105, T1505.003"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // echo "<?php file_put_contents(\"$out\", base64_decode(\"$data\")); ?>";
        $dq = /(echo|print)\s*\(?\s*"<\?php\s([^"\\]|\\.){0,300}(file_put_contents|fwrite|fputs)\s*\(([^"\\]|\\.){0,80}base64_decode\s*\(/ nocase
        $sq = /(echo|print)\s*\(?\s*'<\?php\s([^'\\]|\\.){0,300}(file_put_contents|fwrite|fputs)\s*\(([^'\\]|\\.){0,80}base64_decode\s*\(/ nocase
    condition:
        filesize < 1MB and any of them
}

rule chopper_php_relay
{
    meta:
        description = "China Chopper / AntSword relay in PHP: rebuilds every POST field, decoding the z0 payload field of the client's protocol, and forwards the request to another server's web shell, hiding where the shell is and getting the traffic past filters"
        category = "webshell"
        score = 60
        reference = "MITRE ATT&CK T1090, T1505.003; FireEye, Breaking Down the China Chopper Web Shell (2013)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        $z0 = /\[\s*['"]z0['"]\s*\]|===?\s*['"]z0['"]|['"]z0['"]\s*===?/
        $loop = /foreach\s*\(\s*\$_(POST|REQUEST)\s+as\s+\$\w+\s*=>/ nocase
        $b64 = "base64_decode" nocase
        $fwd1 = /(^|[^\w>:$])curl_exec\s*\(/ nocase
        $fwd2 = /(^|[^\w>:$])fsockopen\s*\(/ nocase
        $fwd3 = /(^|[^\w>:$])stream_context_create\s*\(/ nocase
    condition:
        filesize < 512KB and $z0 and $loop and $b64 and any of ($fwd*)
}

rule php_mysql_udf_loader
{
    meta:
        description = "MySQL UDF command loader: carries a Windows DLL or Linux shared library as a hex literal for the database server to write out, and registers its function with CREATE FUNCTION ... SONAME, so that SQL runs operating-system commands"
        category = "hacktool"
        score = 60
        reference = "MITRE ATT&CK T1505.001 (SQL stored procedures), T1068; MySQL CREATE FUNCTION (loadable function) SONAME; sqlmap's lib_mysqludf_sys"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // SELECT 0x4d5a9000... INTO DUMPFILE 'lib/plugin/x.dll';  CREATE FUNCTION sys_exec RETURNS string SONAME 'x.dll'
        $pe = /0x4d5a[0-9a-fA-F]{400}/
        $elf = /0x7f454c46[0-9a-fA-F]{400}/
        $soname = /\bsoname\b/ nocase
    condition:
        filesize < 5MB and ($pe or $elf) and $soname
}

rule php_request_flooder
{
    meta:
        description = "PHP flooder: sends packets in a timed loop to a host and port the request chooses (fsockopen udp:// or socket_sendto), a denial-of-service tool"
        category = "hacktool"
        score = 60
        reference = "MITRE ATT&CK T1498.001 (direct network flood)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // fsockopen("udp://" . $host, $port)   fsockopen("udp://$host", ...)   socket_sendto($s, $data, ...)
        $udp = /fsockopen\s*\(\s*["'](udp|tcp):\/\/(["']\s*\.\s*)?\$/ nocase
        $sendto = /socket_sendto\s*\(/ nocase
        // the time test is the loop's: while (time() < $end)   for (;; ) { if ($stop < time()) break; }
        $timed = /while\s*\(\s*(time\s*\(\s*\)\s*[<>]=?\s*\$[A-Za-z_]|\$[A-Za-z_][A-Za-z0-9_]{0,30}\s*[<>]=?\s*time\s*\(\s*\))/ nocase
        $timed2 = /if\s*\(\s*(time\s*\(\s*\)\s*[<>]=?\s*\$[A-Za-z_][A-Za-z0-9_]{0,30}|\$[A-Za-z_][A-Za-z0-9_]{0,30}\s*[<>]=?\s*time\s*\(\s*\))\s*\)\s*\{?\s*break/ nocase
        $req = /\$_(GET|POST|REQUEST)\s*\[/
    condition:
        filesize < 1MB and ($udp or $sendto) and ($timed or $timed2) and $req
}

rule php_request_login_brute_forcer
{
    meta:
        description = "PHP login brute-forcer: splits a request-supplied list of users or passwords and tries each against a login (FTP, MySQL, cPanel on ports 2082/2083, WordPress wp-login or xmlrpc)"
        category = "hacktool"
        score = 60
        reference = "MITRE ATT&CK T1110.001 (password guessing), T1110.003 (password spraying)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // explode("\n", $_POST['passwords'])   preg_split('/\r?\n/', $_REQUEST['users'])
        $list = /(explode|preg_split)\s*\(\s*["'][^"']{1,12}["']\s*,\s*(trim\s*\(\s*)?\$_(GET|POST|REQUEST)\s*\[/ nocase
        // the login is tried inside the loop body (before its first closing brace)
        $try = /foreach\s*\([^)]{0,100}\)[^}]{0,400}(ftp_login\s*\(|mysqli?_connect\s*\(|mysqli_real_connect\s*\(|ssh2_auth_password\s*\(|imap_open\s*\(|:208[23]\b|wp-login\.php|xmlrpc\.php|wp\.getUsersBlogs)/ nocase
    condition:
        filesize < 1MB and $list and $try
}

rule php_request_port_scanner
{
    meta:
        description = "PHP port scanner: connects to every port of a range on a host the request chooses and reports which are open"
        category = "hacktool"
        score = 55
        reference = "MITRE ATT&CK T1046 (network service discovery)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // for ($p = $_GET['from']; $p <= $_GET['to']; $p++) fsockopen($host, $p, ...)
        $loop = /for\s*\(\s*\$([A-Za-z_][A-Za-z0-9_]{0,20})\s*=[^;]{1,60};\s*\$[A-Za-z_][A-Za-z0-9_]{0,20}\s*<=?[^;]{1,60};[^)]{1,30}\)\s*\{?[^}]{0,200}(fsockopen|socket_connect|stream_socket_client)\s*\([^;]{0,80}\$[A-Za-z_][A-Za-z0-9_]{0,20}\s*[,)]/ nocase
        $reqhost = /\$[A-Za-z_][A-Za-z0-9_]{0,30}\s*=\s*(trim\s*\(\s*|gethostbyname\s*\(\s*)?\$_(GET|POST|REQUEST)\s*\[\s*["'](host|ip|target|server|addr|site)/ nocase
        $reqrange = /\$_(GET|POST|REQUEST)\s*\[\s*["'](start|end|from|to|min|max|first|last|low|high)[A-Za-z_]{0,10}["']/ nocase
    condition:
        filesize < 1MB and $loop and $reqhost and $reqrange
}

rule php_cross_site_config_grabber
{
    meta:
        description = "PHP config grabber or mass symlinker: walks the server's accounts (/etc/passwd, /home/*) and reads or links each OTHER site's CMS configuration file (wp-config.php, configuration.php) to steal its database password"
        category = "hacktool"
        score = 60
        reference = "MITRE ATT&CK T1552.001 (credentials in files), T1083"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        // "/home/" . $user . "/public_html/wp-config.php"   "/home/$u/public_html/configuration.php"
        $path = /["']\/home\d?\/(["']\s*\.\s*)?\$[A-Za-z_][A-Za-z0-9_\[\]'"]{0,30}(\s*\.\s*["'])?\/(public_html|www|htdocs|domains)\/[^"'\r\n]{0,40}(wp-config|configuration|config|settings|conf_global|db)\.(php|inc\.php)/ nocase
        $passwd = /["']\/etc\/(passwd|named\.conf|valiases|domainalias)/ nocase
        $homes = /(glob|scandir|opendir)\s*\(\s*["']\/home\d?\/?\*?["']/ nocase
    condition:
        filesize < 1MB and $path and ($passwd or $homes)
}

rule php_defacement_notifier
{
    meta:
        description = "Defacement notifier: posts a list of defaced site URLs to a defacement archive (zone-h style notify form with a defacer name)"
        category = "hacktool"
        score = 55
        reference = "MITRE ATT&CK T1491.002 (external defacement)"
        author = "shellsift"
        date = "2026-12-07"
    strings:
        $notify = /zone-h\.(org|com)\/notify/ nocase
        $field = /["']defacer["']|defacer=/ nocase
        $post = /(curl_setopt|CURLOPT_POSTFIELDS|stream_context_create|fsockopen)/ nocase
    condition:
        filesize < 1MB and $notify and $field and $post
}
