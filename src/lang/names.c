/*
 * names.c - the analyzer's name tables (see names.h): one row per
 * source, sink, decoder, decryptor and sanitizer, found through a small
 * hash index built once.  Qualified entries ("process.start") also match
 * longer names ending in them ("system.diagnostics.process.start"); bare
 * entries ("exec") match only themselves, so $pdo->exec or a method named
 * system() in a class is not PHP's exec().
 */
#include "lang/names.h"

#include <string.h>

#define PHP SYNBIT(SYN_PHP)
#define CS SYNBIT(SYN_CSHARP)
#define JAVA SYNBIT(SYN_JAVA)
#define JS SYNBIT(SYN_JSCRIPT)
#define VB SYNBIT(SYN_VB)
#define NET SYN_NET
#define CLASSIC (VB | JS)
#define CF SYNBIT(SYN_CFML)

static const name_def table[] = {
    /* ---- PHP sinks ---- */
    {"eval", N_SINK, SK_CODE, PHP | JS | VB, 0, 0, "eval()"},
    {"assert", N_SINK, SK_CODE, PHP, 1, 0, "assert()"},
    {"create_function", N_SINK, SK_CODE, PHP, 2, 0, "create_function()"},
    {"preg_replace", N_SINK, SK_PREG, PHP, 0, 0, "preg_replace() with /e"},
    {"preg_filter", N_SINK, SK_PREG, PHP, 0, 0, "preg_filter() with /e"},
    {"mb_ereg_replace", N_SINK, SK_PREG, PHP, 0, 0, "mb_ereg_replace() with e"},
    {"mb_eregi_replace", N_SINK, SK_PREG, PHP, 0, 0, "mb_eregi_replace() with e"},
    {"call_user_func", N_SINK, SK_CALLBACK, PHP, 1, 0, "call_user_func()"},
    {"call_user_func_array", N_SINK, SK_CALLBACK, PHP, 1, 0, "call_user_func_array()"},
    {"forward_static_call", N_SINK, SK_CALLBACK, PHP, 1, 0, "forward_static_call()"},
    {"array_map", N_SINK, SK_CALLBACK, PHP, 1, 0, "array_map()"},
    {"array_filter", N_SINK, SK_CALLBACK, PHP, 2, 0, "array_filter()"},
    {"array_walk", N_SINK, SK_CALLBACK, PHP, 2, 0, "array_walk()"},
    {"usort", N_SINK, SK_CALLBACK, PHP, 2, 0, "usort()"},
    {"uasort", N_SINK, SK_CALLBACK, PHP, 2, 0, "uasort()"},
    {"uksort", N_SINK, SK_CALLBACK, PHP, 2, 0, "uksort()"},
    {"register_shutdown_function", N_SINK, SK_CALLBACK, PHP, 1, 0, "register_shutdown_function()"},
    {"register_tick_function", N_SINK, SK_CALLBACK, PHP, 1, 0, "register_tick_function()"},
    {"forward_static_call_array", N_SINK, SK_CALLBACK, PHP, 1, 0, "forward_static_call_array()"},
    /* PHP 4-5's call_user_method($method, $obj, ...): the method the request names, of any object */
    {"call_user_method", N_SINK, SK_CALLBACK, PHP, 1, 0, "call_user_method()"},
    {"call_user_method_array", N_SINK, SK_CALLBACK, PHP, 1, 0, "call_user_method_array()"},
    {"array_reduce", N_SINK, SK_CALLBACK, PHP, 2, 0, "array_reduce()"},
    {"array_walk_recursive", N_SINK, SK_CALLBACK, PHP, 2, 0, "array_walk_recursive()"},
    {"iterator_apply", N_SINK, SK_CALLBACK, PHP, 2, 0, "iterator_apply()"},
    {"ob_start", N_SINK, SK_CALLBACK, PHP, 1, 0, "ob_start()"},
    {"set_error_handler", N_SINK, SK_CALLBACK, PHP, 1, 0, "set_error_handler()"},
    {"set_exception_handler", N_SINK, SK_CALLBACK, PHP, 1, 0, "set_exception_handler()"},
    {"spl_autoload_register", N_SINK, SK_CALLBACK, PHP, 1, 0, "spl_autoload_register()"},
    {"header_register_callback", N_SINK, SK_CALLBACK, PHP, 1, 0, "header_register_callback()"},
    {"preg_replace_callback", N_SINK, SK_CALLBACK, PHP, 2, 0, "preg_replace_callback()"},
    {"mb_ereg_replace_callback", N_SINK, SK_CALLBACK, PHP, 2, 0, "mb_ereg_replace_callback()"},
    {"preg_replace_callback_array", N_SINK, SK_CALLBACK, PHP, 1, 0, "preg_replace_callback_array()"},
    {"assert_options", N_SINK, SK_CALLBACK, PHP, 2, 0, "assert_options(ASSERT_CALLBACK)"},
    {"xml_set_character_data_handler", N_SINK, SK_CALLBACK, PHP, 2, 0, "xml_set_character_data_handler()"},
    {"xml_set_default_handler", N_SINK, SK_CALLBACK, PHP, 2, 0, "xml_set_default_handler()"},
    {"xml_set_processing_instruction_handler", N_SINK, SK_CALLBACK, PHP, 2, 0,
     "xml_set_processing_instruction_handler()"},
    {"xml_set_element_handler", N_SINK, SK_CALLBACK, PHP, LANG_ARG_REST, 0, "xml_set_element_handler()"},
    /* WordPress hooks: the callable runs on every page (add_action('init', $_GET['f'])) */
    {"add_action", N_SINK, SK_CALLBACK, PHP, 2, 0, "add_action()"},
    {"add_filter", N_SINK, SK_CALLBACK, PHP, 2, 0, "add_filter()"},
    {"array_diff_ukey", N_SINK, SK_CALLBACK, PHP, LANG_ARG_LAST, 0, "array_diff_ukey()"},
    {"array_diff_uassoc", N_SINK, SK_CALLBACK, PHP, LANG_ARG_LAST, 0, "array_diff_uassoc()"},
    {"array_intersect_ukey", N_SINK, SK_CALLBACK, PHP, LANG_ARG_LAST, 0, "array_intersect_ukey()"},
    {"array_intersect_uassoc", N_SINK, SK_CALLBACK, PHP, LANG_ARG_LAST, 0, "array_intersect_uassoc()"},
    {"array_udiff", N_SINK, SK_CALLBACK, PHP, LANG_ARG_LAST, 0, "array_udiff()"},
    {"array_udiff_assoc", N_SINK, SK_CALLBACK, PHP, LANG_ARG_LAST, 0, "array_udiff_assoc()"},
    {"array_udiff_uassoc", N_SINK, SK_CALLBACK, PHP, LANG_ARG_LAST, 0, "array_udiff_uassoc()"},
    {"array_uintersect", N_SINK, SK_CALLBACK, PHP, LANG_ARG_LAST, 0, "array_uintersect()"},
    {"array_uintersect_assoc", N_SINK, SK_CALLBACK, PHP, LANG_ARG_LAST, 0, "array_uintersect_assoc()"},
    {"array_uintersect_uassoc", N_SINK, SK_CALLBACK, PHP, LANG_ARG_LAST, 0, "array_uintersect_uassoc()"},
    {"filter_var", N_SINK, SK_CALLBACK, PHP, 3, NF_SANITIZES, "filter_var() with FILTER_CALLBACK"},
    {"filter_input", N_SINK, SK_CALLBACK, PHP, 4, NF_SANITIZES, "filter_input() with FILTER_CALLBACK"},
    {"reflectionfunction", N_SINK, SK_CALLBACK, PHP, 1, 0, "ReflectionFunction"},
    /* new ReflectionMethod('Cls::m') or ($cls, 'm'): the class (or both) from the request is its choice */
    {"reflectionmethod", N_SINK, SK_CALLBACK, PHP, 1, 0, "ReflectionMethod"},
    {"fromcallable", N_SINK, SK_CALLBACK, PHP, 1, 0, "Closure::fromCallable()"},
    {"callbackfilteriterator", N_SINK, SK_CALLBACK, PHP, 2, 0, "CallbackFilterIterator"},
    {"->uasort", N_SINK, SK_CALLBACK, PHP, 1, 0, "ArrayObject::uasort()"},
    {"->uksort", N_SINK, SK_CALLBACK, PHP, 1, 0, "ArrayObject::uksort()"},
    {"->addfunction", N_SINK, SK_CALLBACK, PHP, 1, 0, "SoapServer::addFunction()"}, /* a SOAP request calls it */
    {"->createfunction", N_SINK, SK_CALLBACK, PHP, 2, 0, "SQLite3::createFunction()"},
    {"->sqlitecreatefunction", N_SINK, SK_CALLBACK, PHP, 2, 0, "PDO::sqliteCreateFunction()"},
    {"->fetchall", N_SINK, SK_CALLBACK, PHP, 2, 0, "PDOStatement::fetchAll()"},
    {"->addserver", N_SINK, SK_CALLBACK, PHP, LANG_ARG_LAST, 0, "Memcache::addServer()"},
    {"yaml_parse", N_SINK, SK_CALLBACK, PHP, 4, 0, "yaml_parse() with callbacks"},
    {"yaml_parse_file", N_SINK, SK_CALLBACK, PHP, 4, 0, "yaml_parse_file() with callbacks"},
    {"yaml_parse_url", N_SINK, SK_CALLBACK, PHP, 4, 0, "yaml_parse_url() with callbacks"},
    /* Windows COM objects from PHP: new COM('WScript.Shell') */
    {"com", N_SINK, SK_CREATE, PHP, 0, 0, "COM"},
    {"wscript.shell.run", N_SINK, SK_CMD, PHP, 1, 0, "COM WScript.Shell Run()"},
    {"wscript.shell.exec", N_SINK, SK_CMD, PHP, 1, 0, "COM WScript.Shell Exec()"},
    {"shell.application.shellexecute", N_SINK, SK_CMD, PHP, 0, 0, "COM Shell.Application ShellExecute()"},
    {"system", N_SINK, SK_CMD, PHP, 1, 0, "system()"},
    {"exec", N_SINK, SK_CMD, PHP, 1, 0, "exec()"},
    {"shell_exec", N_SINK, SK_CMD, PHP, 1, 0, "shell_exec()"},
    {"passthru", N_SINK, SK_CMD, PHP, 1, 0, "passthru()"},
    {"popen", N_SINK, SK_CMD, PHP, 1, 0, "popen()"},
    {"proc_open", N_SINK, SK_CMD, PHP, 1, 0, "proc_open()"},
    {"pcntl_exec", N_SINK, SK_CMD, PHP, 1, 0, "pcntl_exec()"},
    {"expect_popen", N_SINK, SK_CMD, PHP, 1, 0, "expect_popen()"}, /* the expect extension runs it through sh -c */
    /* runkit and runkit7 compile a function or method body given as text (arg: the body) */
    {"runkit_function_add", N_SINK, SK_CODE, PHP, 3, 0, "runkit_function_add()"},
    {"runkit_function_redefine", N_SINK, SK_CODE, PHP, 3, 0, "runkit_function_redefine()"},
    {"runkit7_function_add", N_SINK, SK_CODE, PHP, 3, 0, "runkit7_function_add()"},
    {"runkit7_function_redefine", N_SINK, SK_CODE, PHP, 3, 0, "runkit7_function_redefine()"},
    {"runkit_method_add", N_SINK, SK_CODE, PHP, 4, 0, "runkit_method_add()"},
    {"runkit_method_redefine", N_SINK, SK_CODE, PHP, 4, 0, "runkit_method_redefine()"},
    {"runkit7_method_add", N_SINK, SK_CODE, PHP, 4, 0, "runkit7_method_add()"},
    {"runkit7_method_redefine", N_SINK, SK_CODE, PHP, 4, 0, "runkit7_method_redefine()"},
    {"include", N_SINK, SK_INCLUDE, PHP, 0, 0, "include"},
    {"include_once", N_SINK, SK_INCLUDE, PHP, 0, 0, "include_once"},
    {"require", N_SINK, SK_INCLUDE, PHP, 0, 0, "require"},
    {"require_once", N_SINK, SK_INCLUDE, PHP, 0, 0, "require_once"},
    {"file_put_contents", N_SINK, SK_WRITE, PHP, 1, 0, "file_put_contents()"},
    {"error_log", N_SINK, SK_WRITE, PHP, 3, 0, "error_log() to a file"}, /* error_log($msg, 3, $path) appends $msg */
    {"fwrite", N_SINK, SK_WRITE, PHP, 0, 0, "fwrite()"},
    {"fputs", N_SINK, SK_WRITE, PHP, 0, 0, "fputs()"},
    {"move_uploaded_file", N_SINK, SK_WRITE, PHP, 2, 0, "move_uploaded_file()"},
    {"copy", N_SINK, SK_WRITE, PHP, 2, 0, "copy()"},
    /* extension APIs that write, fetch into, or unpack to a path (arg: the path) */
    {"->extractto", N_SINK, SK_WRITE, PHP, 1, 0, "extractTo() (ZipArchive, PharData)"},
    {"symlink", N_SINK, SK_WRITE, PHP, 2, 0, "symlink()"},
    {"ftp_get", N_SINK, SK_WRITE, PHP, 2, 0, "ftp_get()"},
    {"ssh2_scp_recv", N_SINK, SK_WRITE, PHP, 3, 0, "ssh2_scp_recv()"},
    {"gzwrite", N_SINK, SK_WRITE, PHP, 0, 0, "gzwrite()"},
    {"gzputs", N_SINK, SK_WRITE, PHP, 0, 0, "gzputs()"},
    {"fputcsv", N_SINK, SK_WRITE, PHP, 0, 0, "fputcsv()"},
    {"ssh2_exec", N_SINK, SK_CMD, PHP, 2, 0, "ssh2_exec()"},
    /* FFI::cdef()/FFI::load() objects (php_extapi.c types them "ffi"): C functions that run a command */
    {"ffi.system", N_SINK, SK_CMD, PHP, 1, 0, "system() of libc through FFI"},
    {"ffi.popen", N_SINK, SK_CMD, PHP, 1, 0, "popen() of libc through FFI"},
    {"ffi.execl", N_SINK, SK_CMD, PHP, 1, 0, "execl() of libc through FFI"},
    {"ffi.execlp", N_SINK, SK_CMD, PHP, 1, 0, "execlp() of libc through FFI"},
    {"ffi.execv", N_SINK, SK_CMD, PHP, 1, 0, "execv() of libc through FFI"},
    {"ffi.execvp", N_SINK, SK_CMD, PHP, 1, 0, "execvp() of libc through FFI"},
    {"ffi.execve", N_SINK, SK_CMD, PHP, 1, 0, "execve() of libc through FFI"},
    {"dl", N_SINK, SK_LOAD, PHP, 1, 0, "dl() (a native PHP extension)"},
    {"session_set_save_handler", N_SINK, SK_CALLBACK, PHP, 4, 0, "session_set_save_handler() (its write callback)"},
    {"fsockopen", N_SINK, SK_SOCKET, PHP, 0, 0, "fsockopen()"},
    {"pfsockopen", N_SINK, SK_SOCKET, PHP, 0, 0, "pfsockopen()"},
    {"stream_socket_client", N_SINK, SK_SOCKET, PHP, 0, 0, "stream_socket_client()"},
    {"socket_connect", N_SINK, SK_SOCKET, PHP, 0, 0, "socket_connect()"},
    {"mysql_query", N_SINK, SK_SQL, PHP, 0, 0, "mysql_query()"},
    {"mysqli_query", N_SINK, SK_SQL, PHP, 0, 0, "mysqli_query()"},
    {"pg_query", N_SINK, SK_SQL, PHP, 0, 0, "pg_query()"},
    {"sqlsrv_query", N_SINK, SK_SQL, PHP, 0, 0, "sqlsrv_query()"},
    {"oci_parse", N_SINK, SK_SQL, PHP, 0, 0, "oci_parse()"},
    /* the other drivers' statement runners, and the method forms of
     * mysqli, PDO, SQLite3 and the database wrappers a console defines */
    {"mysql_db_query", N_SINK, SK_SQL, PHP, 0, 0, "mysql_db_query()"},
    {"mysql_unbuffered_query", N_SINK, SK_SQL, PHP, 0, 0, "mysql_unbuffered_query()"},
    {"mysqli_multi_query", N_SINK, SK_SQL, PHP, 0, 0, "mysqli_multi_query()"},
    {"mysqli_real_query", N_SINK, SK_SQL, PHP, 0, 0, "mysqli_real_query()"},
    {"pg_exec", N_SINK, SK_SQL, PHP, 0, 0, "pg_exec()"},
    {"pg_send_query", N_SINK, SK_SQL, PHP, 0, 0, "pg_send_query()"},
    {"mssql_query", N_SINK, SK_SQL, PHP, 0, 0, "mssql_query()"},
    {"sybase_query", N_SINK, SK_SQL, PHP, 0, 0, "sybase_query()"},
    {"msql_query", N_SINK, SK_SQL, PHP, 0, 0, "msql_query()"},
    {"ibase_query", N_SINK, SK_SQL, PHP, 0, 0, "ibase_query()"},
    {"odbc_exec", N_SINK, SK_SQL, PHP, 0, 0, "odbc_exec()"},
    {"sqlite_query", N_SINK, SK_SQL, PHP, 0, 0, "sqlite_query()"},
    {"sqlite_exec", N_SINK, SK_SQL, PHP, 0, 0, "sqlite_exec()"},
    {"db2_exec", N_SINK, SK_SQL, PHP, 0, 0, "db2_exec()"},
    {"->query", N_SINK, SK_SQL, PHP, 1, 0, "query() of a database connection"},
    {"->multi_query", N_SINK, SK_SQL, PHP, 1, 0, "mysqli::multi_query()"},
    {"->real_query", N_SINK, SK_SQL, PHP, 1, 0, "mysqli::real_query()"},
    {"->unbuffered_query", N_SINK, SK_SQL, PHP, 1, 0, "unbuffered_query() of a database connection"},
    {"->exec", N_SINK, SK_SQL, PHP, 1, 0, "exec() of a database connection (PDO, SQLite3)"},
    /* ---- classic ASP ---- */
    {"execute", N_SINK, SK_CODE, VB, 0, 0, "Execute"},
    {"executeglobal", N_SINK, SK_CODE, VB, 0, 0, "ExecuteGlobal"},
    {"createobject", N_SINK, SK_CREATE, CLASSIC | NET | CF, 0, NF_QUAL, "CreateObject()"},
    {"activexobject", N_SINK, SK_CREATE, JS, 0, 0, "ActiveXObject()"},
    {"wscript.shell.run", N_SINK, SK_CMD, CLASSIC | NET | CF, 0, 0, "WScript.Shell.Run()"},
    {"wscript.shell.exec", N_SINK, SK_CMD, CLASSIC | NET | CF, 0, 0, "WScript.Shell.Exec()"},
    {"shell.application.shellexecute", N_SINK, SK_CMD, CLASSIC | NET | CF, 0, 0, "Shell.Application.ShellExecute()"},
    {"adodb.stream.savetofile", N_SINK, SK_WRITE, CLASSIC, 1, 0, "ADODB.Stream.SaveToFile()"},
    {"adodb.stream.loadfromfile", N_SINK, SK_READ, CLASSIC, 1, 0, "ADODB.Stream.LoadFromFile()"},
    {"scripting.filesystemobject.createtextfile", N_SINK, SK_WRITE, CLASSIC, 1, 0, "FileSystemObject.CreateTextFile()"},
    {"scripting.filesystemobject.opentextfile", N_SINK, SK_WRITE, CLASSIC, 1, 0, "FileSystemObject.OpenTextFile()"},
    /* the destination of a copy or a move: an uploaded image copied to a script name */
    {"scripting.filesystemobject.copyfile", N_SINK, SK_WRITE, CLASSIC, 2, 0, "FileSystemObject.CopyFile()"},
    {"scripting.filesystemobject.movefile", N_SINK, SK_WRITE, CLASSIC, 2, 0, "FileSystemObject.MoveFile()"},
    {"adodb.connection.execute", N_SINK, SK_SQL, CLASSIC, 0, 0, "ADODB.Connection.Execute()"},
    {"adodb.connection.open", N_SINK, SK_SQL, CLASSIC, 0, NF_CONN, "ADODB.Connection.Open()"},
    {"getobject", N_SINK, SK_CREATE, CLASSIC, 0, 0, "GetObject()"}, /* "new:CLSID", "winmgmts:...:Win32_Process" */
    {"server.execute", N_SINK, SK_INCLUDE, CLASSIC | NET, 0, NF_QUAL, "Server.Execute()"}, /* runs another page */
    {"server.transfer", N_SINK, SK_INCLUDE, CLASSIC | NET, 0, NF_QUAL, "Server.Transfer()"},
    {"win32_process.create", N_SINK, SK_CMD, CLASSIC | NET, 0, NF_QUAL, "WMI Win32_Process.Create()"},
    {"win32_process.invokemethod", N_SINK, SK_CMD, NET, 0, NF_QUAL, "WMI Win32_Process.Create()"},
    /* DCOM objects that start programs, used from a page: MMC20.Application's view, and a
     * ShellWindows / ShellBrowserWindow item's Document.Application (the Explorer Shell.Application) */
    {"activeview.executeshellcommand", N_SINK, SK_CMD, CLASSIC | NET, 0, NF_QUAL, "MMC20.Application ExecuteShellCommand()"},
    {"document.application.shellexecute", N_SINK, SK_CMD, CLASSIC | NET, 0, NF_QUAL, "ShellWindows Document.Application.ShellExecute()"},
    /* Task Scheduler (Schedule.Service): the program and arguments of a task's exec action */
    {"execaction.path", N_SINK, SK_CMD, CLASSIC | NET, 0, NF_QUAL, "a Task Scheduler (Schedule.Service) action's Path/Arguments"},
    /* MSXML: a stylesheet's msxsl:script blocks run as code */
    {"transformnode", N_SINK, SK_CODE, CLASSIC | NET, 1, NF_QUAL, "MSXML transformNode() (msxsl:script)"},
    {"transformnodetoobject", N_SINK, SK_CODE, CLASSIC | NET, 1, NF_QUAL, "MSXML transformNodeToObject() (msxsl:script)"},
    {"function", N_SINK, SK_CODE, JS, 0, 0, "the Function constructor"}, /* new Function(code) */
    {"shell", N_SINK, SK_CMD, VB, 0, 0, "Shell()"},                     /* VB.NET's Interaction.Shell */
    {"interaction.shell", N_SINK, SK_CMD, VB, 0, NF_QUAL, "Shell()"},
    /* ---- ASP.NET ---- */
    {"process.start", N_SINK, SK_CMD, NET, 0, NF_QUAL, "Process.Start()"},
    {"processstartinfo", N_SINK, SK_CMD, NET, 0, NF_QUAL, "ProcessStartInfo"},
    {"processstartinfo.filename", N_SINK, SK_CMD, NET, 0, NF_QUAL, "ProcessStartInfo.FileName"},
    {"processstartinfo.arguments", N_SINK, SK_CMD, NET, 0, NF_QUAL, "ProcessStartInfo.Arguments"},
    {"startinfo.filename", N_SINK, SK_CMD, NET, 0, NF_QUAL, "Process.StartInfo.FileName"},
    {"startinfo.arguments", N_SINK, SK_CMD, NET, 0, NF_QUAL, "Process.StartInfo.Arguments"},
    {"assembly.load", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "Assembly.Load()"},
    {"assembly.loadfrom", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "Assembly.LoadFrom()"}, /* a DLL the request names */
    {"assembly.loadfile", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "Assembly.LoadFile()"},
    {"assembly.unsafeloadfrom", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "Assembly.UnsafeLoadFrom()"},
    {"appdomain.currentdomain.executeassembly", N_SINK, SK_LOAD, NET, 1, NF_QUAL, "AppDomain.ExecuteAssembly()"},
    {"appdomain.executeassembly", N_SINK, SK_LOAD, NET, 1, NF_QUAL, "AppDomain.ExecuteAssembly()"},
    {"appdomain.currentdomain.load", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "AppDomain.Load()"},
    {"activator.createinstance", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "Activator.CreateInstance()"},
    {"compileassemblyfromsource", N_SINK, SK_CODE, NET, 0, NF_QUAL, "CodeDom CompileAssemblyFromSource()"},
    {"csharpcodeprovider", N_SINK, SK_CODE, NET, 0, NF_QUAL, "CSharpCodeProvider"},
    {"csharpscript.evaluateasync", N_SINK, SK_CODE, NET, 0, NF_QUAL, "CSharpScript.EvaluateAsync()"},
    {"csharpscript.runasync", N_SINK, SK_CODE, NET, 0, NF_QUAL, "CSharpScript.RunAsync()"},
    {"vsaengine", N_SINK, SK_CODE, NET, 0, NF_QUAL, "JScript VsaEngine eval"},
    {"eval.jscriptevaluate", N_SINK, SK_CODE, NET, 0, NF_QUAL, "Eval.JScriptEvaluate()"},
    /* formatters that build any type the data names: a gadget chain in it runs code (ysoserial.net) */
    {"binaryformatter.deserialize", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "BinaryFormatter.Deserialize()"},
    {"soapformatter.deserialize", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "SoapFormatter.Deserialize()"},
    {"losformatter.deserialize", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "LosFormatter.Deserialize()"},
    {"objectstateformatter.deserialize", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "ObjectStateFormatter.Deserialize()"},
    {"netdatacontractserializer.deserialize", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "NetDataContractSerializer.Deserialize()"},
    {"netdatacontractserializer.readobject", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "NetDataContractSerializer.ReadObject()"},
    /* a stylesheet's msxsl:script blocks are compiled and run (XslTransform always, XslCompiledTransform with XsltSettings) */
    {"xslcompiledtransform.load", N_SINK, SK_CODE, NET, 1, NF_QUAL, "XslCompiledTransform.Load() (msxsl:script)"},
    {"xsltransform.load", N_SINK, SK_CODE, NET, 1, NF_QUAL, "XslTransform.Load() (msxsl:script)"},
    {"binaryformatter().deserialize", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "BinaryFormatter.Deserialize()"},
    {"soapformatter().deserialize", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "SoapFormatter.Deserialize()"},
    {"losformatter().deserialize", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "LosFormatter.Deserialize()"},
    {"objectstateformatter().deserialize", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "ObjectStateFormatter.Deserialize()"},
    {"netdatacontractserializer().deserialize", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "NetDataContractSerializer.Deserialize()"},
    {"netdatacontractserializer().readobject", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "NetDataContractSerializer.ReadObject()"},
    /* an XmlSerializer of a type the request names (Type.GetType(x)): ObjectDataProvider gadgets run code */
    {"xmlserializer", N_SINK, SK_LOAD, NET, 1, NF_QUAL, "XmlSerializer of a request-chosen type"},
    /* compiles and instantiates the page a virtual path names, as Server.Execute runs one */
    {"buildmanager.createinstancefromvirtualpath", N_SINK, SK_INCLUDE, NET, 1, NF_QUAL, "BuildManager.CreateInstanceFromVirtualPath()"},
    /* file readers: a path the request gives whole (shellsift.lang.file-read) */
    {"file.readalltext", N_SINK, SK_READ, NET, 1, NF_QUAL, "File.ReadAllText()"},
    {"file.readallbytes", N_SINK, SK_READ, NET, 1, NF_QUAL, "File.ReadAllBytes()"},
    {"file.readalllines", N_SINK, SK_READ, NET, 1, NF_QUAL, "File.ReadAllLines()"},
    {"file.openread", N_SINK, SK_READ, NET, 1, NF_QUAL, "File.OpenRead()"},
    {"file.opentext", N_SINK, SK_READ, NET, 1, NF_QUAL, "File.OpenText()"},
    {"streamreader", N_SINK, SK_READ, NET, 1, NF_QUAL, "StreamReader"},
    {"response.writefile", N_SINK, SK_READ, NET, 1, NF_QUAL, "Response.WriteFile()"},
    {"response.transmitfile", N_SINK, SK_READ, NET, 1, NF_QUAL, "Response.TransmitFile()"},
    {"file.writeallbytes", N_SINK, SK_WRITE, NET, 1, NF_QUAL, "File.WriteAllBytes()"},
    {"file.writealltext", N_SINK, SK_WRITE, NET, 1, NF_QUAL, "File.WriteAllText()"},
    {"file.appendalltext", N_SINK, SK_WRITE, NET, 1, NF_QUAL, "File.AppendAllText()"},
    {"file.copy", N_SINK, SK_WRITE, NET, 2, NF_QUAL, "File.Copy()"},
    {"file.move", N_SINK, SK_WRITE, NET, 2, NF_QUAL, "File.Move()"},
    {"saveas", N_SINK, SK_WRITE, NET, 1, NF_QUAL, "HttpPostedFile.SaveAs()"},
    {"socket", N_SINK, SK_SOCKET, NET | JAVA, 0, NF_QUAL, "Socket"},
    {"socket.connect", N_SINK, SK_SOCKET, NET, 0, NF_QUAL, "Socket.Connect()"},
    {"tcpclient", N_SINK, SK_SOCKET, NET, 0, NF_QUAL, "TcpClient"},
    {"sqlcommand", N_SINK, SK_SQL, NET, 0, NF_QUAL, "SqlCommand"},
    {"webclient.downloadfile", N_SINK, SK_WRITE, NET, 2, NF_QUAL, "WebClient.DownloadFile()"},
    {"webclient().downloadfile", N_SINK, SK_WRITE, NET, 2, NF_QUAL, "WebClient.DownloadFile()"},
    {"sqldataadapter", N_SINK, SK_SQL, NET, 0, NF_QUAL, "SqlDataAdapter"},
    {"oledbdataadapter", N_SINK, SK_SQL, NET, 0, NF_QUAL, "OleDbDataAdapter"},
    {"odbccommand", N_SINK, SK_SQL, NET, 0, NF_QUAL, "OdbcCommand"},
    {"mysqlcommand", N_SINK, SK_SQL, NET, 0, NF_QUAL, "MySqlCommand"},
    {"mysqldataadapter", N_SINK, SK_SQL, NET, 0, NF_QUAL, "MySqlDataAdapter"},
    {"streamwriter", N_SINK, SK_WRITE, NET, 1, NF_QUAL, "StreamWriter"},
    {"filestream", N_SINK, SK_WRITE, NET, 1, NF_QUAL, "FileStream"}, /* only with a writing FileMode */
    {"file.create", N_SINK, SK_WRITE, NET, 1, NF_QUAL, "File.Create()"},
    {"file.createtext", N_SINK, SK_WRITE, NET, 1, NF_QUAL, "File.CreateText()"},
    {"file.appendtext", N_SINK, SK_WRITE, NET, 1, NF_QUAL, "File.AppendText()"},
    {"file.openwrite", N_SINK, SK_WRITE, NET, 1, NF_QUAL, "File.OpenWrite()"},
    {"fileinfo.createtext", N_SINK, SK_WRITE, NET, 0, NF_QUAL, "FileInfo.CreateText()"},
    {"fileinfo.create", N_SINK, SK_WRITE, NET, 0, NF_QUAL, "FileInfo.Create()"},
    {"fileinfo.appendtext", N_SINK, SK_WRITE, NET, 0, NF_QUAL, "FileInfo.AppendText()"},
    {"fileinfo.openwrite", N_SINK, SK_WRITE, NET, 0, NF_QUAL, "FileInfo.OpenWrite()"},
    {"addscript", N_SINK, SK_CMD, NET, 0, NF_QUAL, "PowerShell AddScript()"},
    {"addcommand", N_SINK, SK_CMD, NET, 0, NF_QUAL, "PowerShell AddCommand()"},
    {"runspaceinvoke.invoke", N_SINK, SK_CMD, NET, 0, NF_QUAL, "PowerShell RunspaceInvoke.Invoke()"},
    {"runspaceinvoke().invoke", N_SINK, SK_CMD, NET, 0, NF_QUAL, "PowerShell RunspaceInvoke.Invoke()"},
    /* XAML builds any object it names (ObjectDataProvider calls Process.Start) */
    {"xamlreader.parse", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "XamlReader.Parse()"},
    {"xamlreader.load", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "XamlReader.Load()"},
    /* a JavaScriptSerializer made with a SimpleTypeResolver (creator_type) builds the types the JSON names */
    {"typedjsonserializer.deserialize", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "JavaScriptSerializer.Deserialize() with a type resolver"},
    {"typedjsonserializer.deserializeobject", N_SINK, SK_LOAD, NET, 0, NF_QUAL, "JavaScriptSerializer.DeserializeObject() with a type resolver"},
    /* Json.NET with TypeNameHandling other than None: "$type" in the data names the class to build */
    {"jsonconvert.deserializeobject", N_SINK, SK_LOAD, NET, 1, NF_QUAL | NF_TYPENAMES, "Json.NET JsonConvert.DeserializeObject() with TypeNameHandling"},
    {"jsonconvert.populateobject", N_SINK, SK_LOAD, NET, 1, NF_QUAL | NF_TYPENAMES, "Json.NET JsonConvert.PopulateObject() with TypeNameHandling"},
    {"jsonserializer.deserialize", N_SINK, SK_LOAD, NET, 0, NF_QUAL | NF_TYPENAMES, "Json.NET JsonSerializer.Deserialize() with TypeNameHandling"},
    {"scriptcontrol.addcode", N_SINK, SK_CODE, CLASSIC | NET, 0, NF_QUAL, "ScriptControl.AddCode()"},
    {"scriptcontrol.executestatement", N_SINK, SK_CODE, CLASSIC | NET, 0, NF_QUAL, "ScriptControl.ExecuteStatement()"},
    {"scriptcontrol.eval", N_SINK, SK_CODE, CLASSIC | NET, 0, NF_QUAL, "ScriptControl.Eval()"},
    {"oledbcommand", N_SINK, SK_SQL, NET, 0, NF_QUAL, "OleDbCommand"},
    {"sqlconnection", N_SINK, SK_SQL, NET, 0, NF_QUAL | NF_CONN, "SqlConnection"},
    {"oledbconnection", N_SINK, SK_SQL, NET, 0, NF_QUAL | NF_CONN, "OleDbConnection"},
    {"odbcconnection", N_SINK, SK_SQL, NET, 0, NF_QUAL | NF_CONN, "OdbcConnection"},
    {"mysqlconnection", N_SINK, SK_SQL, NET, 0, NF_QUAL | NF_CONN, "MySqlConnection"},
    {"oracleconnection", N_SINK, SK_SQL, NET, 0, NF_QUAL | NF_CONN, "OracleConnection"},
    /* ---- JSP ---- */
    {"runtime.getruntime().exec", N_SINK, SK_CMD, JAVA | CF, 0, NF_QUAL, "Runtime.exec()"},
    {"runtime.exec", N_SINK, SK_CMD, JAVA | CF, 0, NF_QUAL, "Runtime.exec()"},
    {"getruntime().exec", N_SINK, SK_CMD, JAVA, 0, NF_QUAL, "Runtime.exec()"}, /* import static ...Runtime.getRuntime */
    {"processbuilder", N_SINK, SK_CMD, JAVA, 0, NF_QUAL, "ProcessBuilder"},
    {"processbuilder.command", N_SINK, SK_CMD, JAVA, 0, NF_QUAL, "ProcessBuilder.command()"},
    {"defineclass", N_SINK, SK_LOAD, JAVA, 0, NF_QUAL, "ClassLoader.defineClass()"},
    {"defineanonymousclass", N_SINK, SK_LOAD, JAVA, 0, NF_QUAL, "Unsafe.defineAnonymousClass()"},
    {"definehiddenclass", N_SINK, SK_LOAD, JAVA, 0, NF_QUAL, "Lookup.defineHiddenClass()"},
    /* expression languages and JVM scripting that run the text they are given */
    {"elprocessor.eval", N_SINK, SK_CODE, JAVA, 0, NF_QUAL, "ELProcessor.eval()"},
    {"elprocessor().eval", N_SINK, SK_CODE, JAVA, 0, NF_QUAL, "ELProcessor.eval()"},
    {"parseexpression", N_SINK, SK_CODE, JAVA, 0, NF_QUAL, "ExpressionParser.parseExpression() (SpEL)"},
    {"ognl.getvalue", N_SINK, SK_CODE, JAVA, 1, NF_QUAL, "Ognl.getValue()"},
    {"ognl.parseexpression", N_SINK, SK_CODE, JAVA, 0, NF_QUAL, "Ognl.parseExpression()"},
    {"mvel.eval", N_SINK, SK_CODE, JAVA, 1, NF_QUAL, "MVEL.eval()"},
    {"groovyshell.evaluate", N_SINK, SK_CODE, JAVA, 1, NF_QUAL, "GroovyShell.evaluate()"},
    {"groovyshell().evaluate", N_SINK, SK_CODE, JAVA, 1, NF_QUAL, "GroovyShell.evaluate()"},
    {"jshell.create().eval", N_SINK, SK_CODE, JAVA, 0, NF_QUAL, "JShell.eval()"},
    {"jshell.eval", N_SINK, SK_CODE, JAVA, 0, NF_QUAL, "JShell.eval()"},
    {"paths.get", N_PASS, 0, JAVA, 0, NF_QUAL, NULL},
    {"ipaddress.parse", N_PASS, 0, NET, 0, NF_QUAL, NULL}, /* still the request's address */
    {"ipendpoint", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"dns.gethostaddresses", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"getvalue", N_PASS, 0, JAVA, 0, NF_QUAL, NULL}, /* a cookie's value */
    {"path.of", N_PASS, 0, JAVA, 0, NF_QUAL, NULL},
    {"scriptengine.eval", N_SINK, SK_CODE, JAVA, 0, NF_QUAL, "ScriptEngine.eval()"},
    {"getenginebyname", N_SINK, SK_CREATE, JAVA, 0, NF_QUAL, "ScriptEngineManager.getEngineByName()"},
    {"getenginebyextension", N_SINK, SK_CREATE, JAVA, 0, NF_QUAL, "ScriptEngineManager.getEngineByExtension()"},
    {"getenginebymimetype", N_SINK, SK_CREATE, JAVA, 0, NF_QUAL, "ScriptEngineManager.getEngineByMimeType()"},
    {"getscriptengine", N_SINK, SK_CREATE, JAVA, 0, NF_QUAL, "ScriptEngineFactory.getScriptEngine()"},
    {"initialcontext.lookup", N_SINK, SK_LOAD, JAVA, 0, NF_QUAL, "JNDI InitialContext.lookup()"},
    {"initialcontext.dolookup", N_SINK, SK_LOAD, JAVA, 0, NF_QUAL, "JNDI InitialContext.doLookup()"},
    {"initialdircontext.lookup", N_SINK, SK_LOAD, JAVA, 0, NF_QUAL, "JNDI InitialDirContext.lookup()"},
    {"initialldapcontext.lookup", N_SINK, SK_LOAD, JAVA, 0, NF_QUAL, "JNDI InitialLdapContext.lookup()"},
    {"urlclassloader", N_SINK, SK_LOAD, JAVA, 0, NF_QUAL, "URLClassLoader"},
    {"urlclassloader.newinstance", N_SINK, SK_LOAD, JAVA, 0, NF_QUAL, "URLClassLoader"},
    /* JSP actions, as lex_el.c hands them over: the page or URL they run */
    {"jspinclude", N_SINK, SK_INCLUDE, JAVA, 0, 0, "<jsp:include>"},
    {"jstlimport", N_SINK, SK_INCLUDE, JAVA, 0, 0, "JSTL <c:import>"},
    /* BCEL's class loader makes a class of a name "$$BCEL$$<encoded class bytes>" */
    {"class.forname", N_SINK, SK_LOAD, JAVA, 1, NF_QUAL | NF_BCEL, "Class.forName() of a $$BCEL$$ name"},
    {"loadclass", N_SINK, SK_LOAD, JAVA, 1, NF_QUAL | NF_BCEL, "ClassLoader.loadClass() of a $$BCEL$$ name"},
    {"bcelclassloader.loadclass", N_SINK, SK_LOAD, JAVA, 1, NF_QUAL, "the BCEL class loader's loadClass()"},
    {"objectinputstream", N_SINK, SK_LOAD, JAVA, 0, NF_QUAL | NF_BODYONLY, "ObjectInputStream (deserialization)"},
    {"xmldecoder", N_SINK, SK_LOAD, JAVA, 0, NF_QUAL, "java.beans.XMLDecoder"}, /* its XML calls any method */
    {"processimpl.start", N_SINK, SK_CMD, JAVA, 0, NF_QUAL, "ProcessImpl.start()"},
    /* JEXL, javax.el and Groovy compile the text they are given; SnakeYAML and
     * XStream build any class the document names (a gadget runs code) */
    {"createscript", N_SINK, SK_CODE, JAVA, 1, NF_QUAL, "JexlEngine.createScript()"},
    {"createexpression", N_SINK, SK_CODE, JAVA, 1, NF_QUAL, "JexlEngine.createExpression()"},
    {"createvalueexpression", N_SINK, SK_CODE, JAVA, 2, NF_QUAL, "ExpressionFactory.createValueExpression()"},
    {"createmethodexpression", N_SINK, SK_CODE, JAVA, 2, NF_QUAL, "ExpressionFactory.createMethodExpression()"},
    {"groovyclassloader.parseclass", N_SINK, SK_CODE, JAVA, 1, NF_QUAL, "GroovyClassLoader.parseClass()"},
    {"yaml.load", N_SINK, SK_LOAD, JAVA, 1, NF_QUAL, "SnakeYAML Yaml.load()"},
    {"yaml.loadall", N_SINK, SK_LOAD, JAVA, 1, NF_QUAL, "SnakeYAML Yaml.loadAll()"},
    {"yaml.loadas", N_SINK, SK_LOAD, JAVA, 1, NF_QUAL, "SnakeYAML Yaml.loadAs()"},
    {"xstream.fromxml", N_SINK, SK_LOAD, JAVA, 1, NF_QUAL, "XStream.fromXML()"},
    {"loadagent", N_SINK, SK_LOAD, JAVA, 1, NF_QUAL, "VirtualMachine.loadAgent()"}, /* a Java agent rewrites loaded classes */
    {"files.copy", N_SINK, SK_WRITE, JAVA, 2, NF_QUAL, "Files.copy()"},
    {"unixprocess", N_SINK, SK_CMD, JAVA, 0, NF_QUAL, "UNIXProcess"},
    {"drivermanager.getconnection", N_SINK, SK_SQL, JAVA, 0, NF_QUAL | NF_CONN, "DriverManager.getConnection()"},
    {"fileoutputstream", N_SINK, SK_WRITE, JAVA, 1, NF_QUAL, "FileOutputStream"},
    {"filewriter", N_SINK, SK_WRITE, JAVA, 1, NF_QUAL, "FileWriter"},
    {"randomaccessfile", N_SINK, SK_WRITE, JAVA, 1, NF_QUAL, "RandomAccessFile"},
    {"printwriter", N_SINK, SK_WRITE, JAVA, 1, NF_QUAL, "PrintWriter"},
    {"filehandler", N_SINK, SK_WRITE, JAVA, 1, NF_QUAL, "logging.FileHandler"},
    {"files.write", N_SINK, SK_WRITE, JAVA, 1, NF_QUAL, "Files.write()"},
    {"fileutils.writestringtofile", N_SINK, SK_WRITE, JAVA, 1, NF_QUAL, "FileUtils.writeStringToFile()"},
    {"socketchannel.connect", N_SINK, SK_SOCKET, JAVA, 0, NF_QUAL, "SocketChannel.connect()"},
    {"tcpclient.connect", N_SINK, SK_SOCKET, NET, 0, NF_QUAL, "TcpClient.Connect()"},
    {"tcpclient", N_SINK, SK_SOCKET, NET, 0, NF_QUAL, "TcpClient"},
    {"inetsocketaddress", N_SINK, SK_SOCKET, JAVA, 0, NF_QUAL, "InetSocketAddress"},
    {"java.net.url", N_SINK, SK_SOCKET, JAVA, 0, NF_QUAL, "java.net.URL"},
    {"url", N_SINK, SK_SOCKET, JAVA, 0, 0, "java.net.URL"},
    {"createstatement().execute", N_SINK, SK_SQL, JAVA, 0, NF_QUAL, "Statement.execute()"},
    {"createstatement().executequery", N_SINK, SK_SQL, JAVA, 0, NF_QUAL, "Statement.executeQuery()"},
    /* ---- capabilities of a kit (caps.c): arg is the path argument ---- */
    {"opendir", N_CAP, PCAP_LIST, PHP, 1, 0, NULL},
    {"scandir", N_CAP, PCAP_LIST, PHP, 1, 0, NULL},
    {"glob", N_CAP, PCAP_LIST, PHP, 1, 0, NULL},
    {"dir", N_CAP, PCAP_LIST, PHP, 1, 0, NULL},
    {"directoryiterator", N_CAP, PCAP_LIST, PHP, 1, 0, NULL},
    {"recursivedirectoryiterator", N_CAP, PCAP_LIST, PHP, 1, 0, NULL},
    {"unlink", N_CAP, PCAP_DELETE, PHP, 1, 0, NULL},
    {"rmdir", N_CAP, PCAP_DELETE, PHP, 1, 0, NULL},
    {"rename", N_SINK, SK_WRITE, PHP, 2, 0, "rename()"},
    {"mkdir", N_CAP, PCAP_WRITE, PHP, 1, 0, NULL},
    {"chmod", N_CAP, PCAP_WRITE, PHP, 1, 0, NULL},
    {"touch", N_CAP, PCAP_WRITE, PHP, 1, 0, NULL},
    {"mail", N_CAP, PCAP_MAIL, PHP, 1, 0, NULL},
    {"mysql_connect", N_CAP, PCAP_SQL, PHP, 0, 0, NULL},
    {"mysqli_connect", N_CAP, PCAP_SQL, PHP, 0, 0, NULL},
    {"pg_connect", N_CAP, PCAP_SQL, PHP, 0, 0, NULL},
    {"mssql_connect", N_CAP, PCAP_SQL, PHP, 0, 0, NULL},
    {"oci_connect", N_CAP, PCAP_SQL, PHP, 0, 0, NULL},
    {"sqlsrv_connect", N_CAP, PCAP_SQL, PHP, 0, 0, NULL},
    {"socket_create", N_CAP, PCAP_NET, PHP, 0, 0, NULL},
    {"socket_bind", N_CAP, PCAP_NET, PHP, 0, 0, NULL},
    {"stream_socket_server", N_CAP, PCAP_NET, PHP, 1, 0, NULL},
    /* ---- ColdFusion (tags arrive as calls: lex_cfml.c) ---- */
    {"cfexecute", N_SINK, SK_CMD, CF, 0, 0, "<cfexecute>"},
    {"evaluate", N_SINK, SK_CODE, CF, 0, 0, "Evaluate()"},
    {"precisionevaluate", N_SINK, SK_CODE, CF, 0, 0, "PrecisionEvaluate()"},
    {"processbuilder.init", N_SINK, SK_CMD, CF, 0, NF_QUAL, "java.lang.ProcessBuilder"},
    /* createObject("java", "java.io.FileOutputStream").init(path): Java's writers from CFML */
    {"fileoutputstream.init", N_SINK, SK_WRITE, CF, 1, NF_QUAL, "java.io.FileOutputStream"},
    {"filewriter.init", N_SINK, SK_WRITE, CF, 1, NF_QUAL, "java.io.FileWriter"},
    {"cffile.write", N_SINK, SK_WRITE, CF, 1, 0, "<cffile action=\"write\">"},
    {"cffile.append", N_SINK, SK_WRITE, CF, 1, 0, "<cffile action=\"append\">"},
    {"cffile.upload", N_SINK, SK_WRITE, CF, 1, 0, "<cffile action=\"upload\">"},
    {"cffile.uploadall", N_SINK, SK_WRITE, CF, 1, 0, "<cffile action=\"uploadall\">"},
    {"cffile.copy", N_SINK, SK_WRITE, CF, 1, 0, "<cffile action=\"copy\">"},
    {"cffile.move", N_SINK, SK_WRITE, CF, 1, 0, "<cffile action=\"move\">"},
    {"cffile.rename", N_SINK, SK_WRITE, CF, 1, 0, "<cffile action=\"rename\">"},
    {"filewrite", N_SINK, SK_WRITE, CF, 1, 0, "FileWrite()"},
    {"cfinclude", N_SINK, SK_INCLUDE, CF, 0, 0, "<cfinclude>"},
    {"cfquery", N_SINK, SK_SQL, CF, 0, 0, "<cfquery>"},
    /* IIf(cond, a, b) evaluates the strings a and b; cond is a plain boolean */
    {"iif", N_SINK, SK_CODE, CF, LANG_ARG_REST, 0, "IIf()"},
    {"cfhttp", N_SINK, SK_WRITE, CF, 1, 0, "<cfhttp>"}, /* path= and file= save what it fetches */
    {"queryexecute", N_SINK, SK_SQL, CF, 0, 0, "QueryExecute()"},
    {"objectload", N_SINK, SK_LOAD, CF, 1, 0, "ObjectLoad() (deserialization)"},
    {"render", N_SINK, SK_CODE, CF, 1, 0, "Render()"}, /* Lucee: runs a string as CFML */
    {"system.diagnostics.process.start", N_SINK, SK_CMD, CF, 0, 0, ".NET Process.Start()"}, /* createObject(".NET", ...) */
    /* ---- sources called as functions ---- */
    {"getallheaders", N_SOURCE, 0, PHP, 0, 0, "getallheaders()"},
    {"apache_request_headers", N_SOURCE, 0, PHP, 0, 0, "apache_request_headers()"},
    /* filter_input(INPUT_POST, 'c') is $_POST['c'] (taint.c reads it through this row: its own is a sink's) */
    {"filter_input_array", N_SOURCE, 0, PHP, 0, 0, "filter_input_array()"},
    {"file_get_contents", N_SOURCE, 0, PHP, 0, NF_BODY, "php://input"}, /* only with "php://input" or a URL */
    {"fopen", N_SOURCE, 0, PHP, 0, NF_BODY, "php://input"},
    {"file", N_SOURCE, 0, PHP, 0, NF_BODY, "php://input"},
    {"splfileobject", N_SOURCE, 0, PHP, 0, NF_BODY, "php://input"}, /* new SplFileObject('php://input') */
    {"curl_exec", N_SOURCE, 0, PHP, 0, NF_REMOTE, "curl_exec()"}, /* a download */
    {"socket_read", N_SOURCE, 0, PHP, 0, NF_SOCKET, "socket_read()"}, /* what a peer sent */
    {"fread", N_SOURCE, 0, PHP, 0, NF_SOCKET, "fread()"},             /* of a socket only */
    {"fgets", N_SOURCE, 0, PHP, 0, NF_SOCKET, "fgets()"},
    {"stream_get_line", N_SOURCE, 0, PHP, 0, NF_SOCKET, "stream_get_line()"},
    {"getenv", N_SOURCE, 0, PHP, 0, NF_HEADER, "getenv()"}, /* only of "HTTP_..." */
    /* ---- decoders of constants ---- */
    {"base64_decode", N_DECODER, DEC_BASE64, PHP, 0, 0, NULL},
    {"str_rot13", N_DECODER, DEC_ROT13, PHP, 0, 0, NULL},
    {"gzinflate", N_DECODER, DEC_GZINFLATE, PHP, 0, 0, NULL},
    {"gzuncompress", N_DECODER, DEC_GZUNCOMPRESS, PHP, 0, 0, NULL},
    {"gzdecode", N_DECODER, DEC_GZDECODE, PHP, 0, 0, NULL},
    {"bzdecompress", N_DECODER, DEC_BZDECOMPRESS, PHP, 0, 0, NULL},
    {"hex2bin", N_DECODER, DEC_HEX2BIN, PHP, 0, 0, NULL},
    {"urldecode", N_DECODER, DEC_URLDECODE, PHP | CF, 0, 0, NULL},
    {"tobinary", N_DECODER, DEC_BASE64, CF, 0, 0, NULL}, /* ToString(ToBinary(b64)) */
    {"rawurldecode", N_DECODER, DEC_URLDECODE, PHP, 0, 0, NULL},
    {"strrev", N_DECODER, DEC_STRREV, PHP, 0, 0, NULL},
    {"chr", N_DECODER, DEC_CHR, PHP | VB | JS, 0, 0, NULL},
    {"chrw", N_DECODER, DEC_CHR, VB, 0, 0, NULL},
    {"convert.frombase64string", N_DECODER, DEC_FROMBASE64, NET, 0, NF_QUAL, NULL},
    {"getstring", N_DECODER, DEC_GETSTRING, NET, 0, NF_QUAL, NULL},
    {"base64.getdecoder().decode", N_DECODER, DEC_JBASE64, JAVA, 0, NF_QUAL, NULL},
    {"base64.getmimedecoder().decode", N_DECODER, DEC_JBASE64, JAVA, 0, NF_QUAL, NULL},
    {"base64.decodebase64", N_DECODER, DEC_JBASE64, JAVA, 0, NF_QUAL, NULL},
    {"decodebuffer", N_DECODER, DEC_JBASE64, JAVA, 0, NF_QUAL, NULL},
    {"string", N_DECODER, DEC_NEWSTRING, JAVA | CS, 0, 0, NULL}, /* new String(bytes) */
    {"string.fromcharcode", N_DECODER, DEC_FROMCHARCODE, JS | JAVA, 0, NF_QUAL, NULL},
    {"unescape", N_DECODER, DEC_URLDECODE, JS | VB, 0, 0, NULL},
    {"urldecoder.decode", N_DECODER, DEC_URLDECODE, JAVA, 0, NF_QUAL, NULL},
    {"httputility.urldecode", N_DECODER, DEC_URLDECODE, NET, 0, NF_QUAL, NULL},
    {"server.urldecode", N_DECODER, DEC_URLDECODE, NET, 0, NF_QUAL, NULL},
    {"strreverse", N_DECODER, DEC_STRREV, VB, 0, 0, NULL},
    {"decodeuricomponent", N_DECODER, DEC_URLDECODE, JS, 0, 0, NULL},
    /* ---- decryption ---- */
    {"openssl_decrypt", N_DECRYPT, 0, PHP, 0, 0, "openssl_decrypt()"},
    {"mcrypt_decrypt", N_DECRYPT, 0, PHP, 0, 0, "mcrypt_decrypt()"},
    {"transformfinalblock", N_DECRYPT, 0, NET, 0, NF_QUAL, "ICryptoTransform.TransformFinalBlock()"},
    {"createdecryptor", N_DECRYPT, 0, NET, 0, NF_QUAL, "CreateDecryptor()"},
    {"dofinal", N_DECRYPT, 0, JAVA, 0, NF_QUAL, "Cipher.doFinal()"},
    {"update", N_DECRYPT, 0, JAVA, 0, NF_QUAL, "Cipher.update()"},
    /* ---- sanitizers: their result is no longer request-controlled ---- */
    {"(cast)", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"intval", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"floatval", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"boolval", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"isset", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"empty", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"count", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"strlen", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"is_numeric", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"is_array", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"is_string", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"in_array", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"array_key_exists", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"md5", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"sha1", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"crc32", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"hash", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"escapeshellarg", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"escapeshellcmd", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"htmlspecialchars", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"htmlentities", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"preg_match", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"preg_quote", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"ctype_digit", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"ctype_alnum", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"strcmp", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"mysqli_real_escape_string", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"mysql_real_escape_string", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"addslashes", N_SANITIZER, 0, PHP, 0, 0, NULL},
    {"int.parse", N_SANITIZER, 0, NET, 0, NF_QUAL, NULL},
    {"convert.toint32", N_SANITIZER, 0, NET, 0, NF_QUAL, NULL},
    {"cint", N_SANITIZER, 0, VB, 0, 0, NULL},
    {"isnumeric", N_SANITIZER, 0, VB, 0, 0, NULL},
    {"htmlencode", N_SANITIZER, 0, NET | CLASSIC, 0, NF_QUAL, NULL},
    {"integer.parseint", N_SANITIZER, 0, JAVA, 0, NF_QUAL, NULL},
    /* ---- pass the value through ---- */
    /* string functions that hand back (part of) their argument: request input
     * taken apart or cased is still request input */
    {"split", N_PASS, 0, VB | NET | JAVA | JS, 0, NF_QUAL, NULL},
    {"mid", N_PASS, 0, VB, 0, 0, NULL},
    {"string", N_PASS, 0, JS, 0, 0, NULL}, /* String(Request("c")) */
    {"tostring", N_PASS, 0, JS, 0, NF_QUAL, NULL},
    {"left", N_PASS, 0, VB, 0, 0, NULL},
    /* the byte-string forms, and a byte's code taken to rebuild it (Chr(AscB(MidB(raw, i, 1)))):
     * how classic ASP uploaders turn Request.BinaryRead into text */
    {"array", N_PASS, 0, VB, 0, 0, NULL}, /* Array(Request("p"), ...)(0) is the input */
    {"join", N_PASS, 0, VB, 0, 0, NULL},  /* Join(Array(Request("a"), ...), vbCrLf) */
    {"midb", N_PASS, 0, VB, 0, 0, NULL},
    {"leftb", N_PASS, 0, VB, 0, 0, NULL},
    {"rightb", N_PASS, 0, VB, 0, 0, NULL},
    {"asc", N_PASS, 0, VB, 0, 0, NULL},
    {"ascb", N_PASS, 0, VB, 0, 0, NULL},
    {"ascw", N_PASS, 0, VB, 0, 0, NULL},
    {"right", N_PASS, 0, VB, 0, 0, NULL},
    {"ltrim", N_PASS, 0, VB, 0, 0, NULL},
    {"rtrim", N_PASS, 0, VB, 0, 0, NULL},
    {"lcase", N_PASS, 0, VB, 0, 0, NULL},
    {"ucase", N_PASS, 0, VB, 0, 0, NULL},
    {"cstr", N_PASS, 0, VB, 0, 0, NULL},
    {"replace", N_PASS, 0, VB | NET | JAVA | JS, 0, NF_QUAL, NULL},
    {"substring", N_PASS, 0, NET | JAVA | JS, 0, NF_QUAL, NULL},
    {"substr", N_PASS, 0, JS, 0, NF_QUAL, NULL},
    {"tolower", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"toupper", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"tolowercase", N_PASS, 0, JAVA | JS, 0, NF_QUAL, NULL},
    {"touppercase", N_PASS, 0, JAVA | JS, 0, NF_QUAL, NULL},
    {"string.concat", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"string.format", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"string.join", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"string.valueof", N_PASS, 0, JAVA, 0, NF_QUAL, NULL},
    {"server.mappath", N_PASS, 0, NET | CLASSIC, 0, NF_QUAL, NULL},
    {"mappath", N_PASS, 0, NET | CLASSIC, 0, 0, NULL},
    {"expandpath", N_PASS, 0, CF, 0, 0, NULL}, /* still the request's path, under the web root */
    {"path.combine", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"fileinfo", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"path.getfilename", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"tostring", N_PASS, 0, NET | JAVA, 0, NF_QUAL, NULL},
    {"trim", N_PASS, 0, NET | JAVA | VB, 0, NF_QUAL, NULL},
    {"javacast", N_PASS, 0, CF, 0, 0, NULL},
    {"tostring", N_PASS, 0, CF, 0, 0, NULL},
    {"preservesinglequotes", N_PASS, 0, CF, 0, 0, NULL}, /* the query text as the request gave it */
    /* BinaryDecode(x, "base64"|"hex"|"uu") and CharsetEncode(bytes, cs): the request's text, decoded */
    {"binarydecode", N_PASS, 0, CF, 0, 0, NULL},
    {"charsetencode", N_PASS, 0, CF, 0, 0, NULL},
    {"charsetdecode", N_PASS, 0, CF, 0, 0, NULL},
    {"bufferedreader", N_PASS, 0, JAVA, 0, NF_QUAL, NULL},
    {"file", N_PASS, 0, JAVA, 0, 0, NULL},
    {"java.io.file", N_PASS, 0, JAVA, 0, NF_QUAL, NULL},
    {"inputstreamreader", N_PASS, 0, JAVA, 0, NF_QUAL, NULL},
    {"readline", N_PASS, 0, JAVA, 0, NF_QUAL, NULL},
    {"getbytes", N_PASS, 0, JAVA | NET, 0, NF_QUAL, NULL},
    {"streamreader", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"readtoend", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    /* readers over a value hand its text on: XmlReader.Create(new StringReader(x)), new JsonTextReader(rd) */
    {"stringreader", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"xmlreader.create", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"xmltextreader", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"jsontextreader", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"type.gettype", N_PASS, 0, NET, 0, NF_QUAL, NULL}, /* Activator.CreateInstance(Type.GetType(x)): x names the class */
    {"type.gettypefromprogid", N_PASS, 0, NET, 0, NF_QUAL, NULL}, /* ... a COM class x names */
    {"memorystream", N_PASS, 0, NET, 0, NF_QUAL, NULL}, /* new MemoryStream(bytes): the bytes, to a reader */
    {"xpathdocument", N_PASS, 0, NET, 0, NF_QUAL, NULL},
    {"basename", N_PASS, 0, PHP, 0, 0, NULL},
    {"stream_get_contents", N_PASS, 0, PHP, 0, 0, NULL}, /* of a php://input handle: the body */
    {"json_decode", N_PASS, 0, PHP, 0, 0, NULL},
    {"unserialize", N_PASS, 0, PHP, 0, 0, NULL}, /* its arrays and strings are the request's */
    {"array_slice", N_PASS, 0, PHP, 0, 0, NULL},
    {"array_merge", N_PASS, 0, PHP, 0, 0, NULL},
    {"array_pop", N_PASS, 0, PHP, 0, 0, NULL},
    {"array_shift", N_PASS, 0, PHP, 0, 0, NULL},
    {"array_keys", N_PASS, 0, PHP, 0, 0, NULL},
    {"reset", N_PASS, 0, PHP, 0, 0, NULL},
    {"end", N_PASS, 0, PHP, 0, 0, NULL},
    {"current", N_PASS, 0, PHP, 0, 0, NULL},
    {"pos", N_PASS, 0, PHP, 0, 0, NULL},
    {"next", N_PASS, 0, PHP, 0, 0, NULL},
    {"prev", N_PASS, 0, PHP, 0, 0, NULL},
    {"key", N_PASS, 0, PHP, 0, 0, NULL}, /* key($_POST): the name of the first field posted */
    {"each", N_PASS, 0, PHP, 0, 0, NULL}, /* list($k, $v) = each($_POST) (PHP 5, 7) */
    {"array_key_first", N_PASS, 0, PHP, 0, 0, NULL},
    {"array_key_last", N_PASS, 0, PHP, 0, 0, NULL},
    {"array_flip", N_PASS, 0, PHP, 0, 0, NULL},
    {"array_rand", N_PASS, 0, PHP, 0, 0, NULL},
    /* arrays rebuilt from the request's are the request's: its rows, columns, CSV fields, pieces */
    {"array_combine", N_PASS, 0, PHP, 0, 0, NULL},
    {"array_column", N_PASS, 0, PHP, 0, 0, NULL},
    {"iterator_to_array", N_PASS, 0, PHP, 0, 0, NULL},
    {"fromarray", N_PASS, 0, PHP, 0, 0, NULL}, /* SplFixedArray::fromArray() */
    {"getarraycopy", N_PASS, 0, PHP, 0, 0, NULL}, /* ArrayObject / ArrayIterator::getArrayCopy() */
    {"str_getcsv", N_PASS, 0, PHP, 0, 0, NULL},
    {"preg_split", N_PASS, 0, PHP, 0, 0, NULL},
    {"parse_ini_string", N_PASS, 0, PHP, 0, 0, NULL},
    {"msgpack_unpack", N_PASS, 0, PHP, 0, 0, NULL},
    {"igbinary_unserialize", N_PASS, 0, PHP, 0, 0, NULL},
    /* decoders of the request's bytes that the constant folder does not evaluate */
    {"quoted_printable_decode", N_PASS, 0, PHP, 0, 0, NULL},
    {"zlib_decode", N_PASS, 0, PHP, 0, 0, NULL},
    {"lzf_decompress", N_PASS, 0, PHP, 0, 0, NULL},
    /* SPL containers hold the values they are given: new ArrayIterator($_POST) is the request's */
    {"arrayiterator", N_PASS, 0, PHP, 0, 0, NULL},
    {"arrayobject", N_PASS, 0, PHP, 0, 0, NULL},
    {"simplexmlelement", N_PASS, 0, PHP, 0, 0, NULL}, /* new SimpleXMLElement($_POST['x']): its nodes are the request's */
    {"simplexml_load_string", N_PASS, 0, PHP, 0, 0, NULL},
    {"recursivearrayiterator", N_PASS, 0, PHP, 0, 0, NULL},
    {"iconv", N_PASS, 0, PHP, 0, 0, NULL},
    {"mb_convert_encoding", N_PASS, 0, PHP, 0, 0, NULL},
    {"utf8_decode", N_PASS, 0, PHP, 0, 0, NULL},
    {"utf8_encode", N_PASS, 0, PHP, 0, 0, NULL},
    {"realpath", N_PASS, 0, PHP, 0, 0, NULL},
    {"parse_url", N_PASS, 0, PHP, 0, 0, NULL},
    {"urlencode", N_PASS, 0, PHP, 0, 0, NULL},
    {"rawurlencode", N_PASS, 0, PHP, 0, 0, NULL},
    {"base64_encode", N_PASS, 0, PHP, 0, 0, NULL},
    {"bin2hex", N_PASS, 0, PHP, 0, 0, NULL},
    {"serialize", N_PASS, 0, PHP, 0, 0, NULL},
    {"str_pad", N_PASS, 0, PHP, 0, 0, NULL},
    {"nl2br", N_PASS, 0, PHP, 0, 0, NULL},
    {"strip_tags", N_PASS, 0, PHP, 0, 0, NULL},
    {"dirname", N_PASS, 0, PHP, 0, 0, NULL},
    /* ---- PHP string functions folded on constants (php_fold.c); pass taint ---- */
    {"str_replace", N_PURE, PF_STR_REPLACE, PHP, 0, NF_BUILDER, NULL},
    {"str_ireplace", N_PURE, PF_STR_IREPLACE, PHP, 0, NF_BUILDER, NULL},
    {"substr", N_PURE, PF_SUBSTR, PHP, 0, NF_BUILDER, NULL},
    {"mb_substr", N_PURE, PF_SUBSTR, PHP, 0, NF_BUILDER, NULL},
    {"substr_replace", N_PURE, PF_SUBSTR_REPLACE, PHP, 0, NF_BUILDER, NULL},
    {"strtolower", N_PURE, PF_STRTOLOWER, PHP, 0, 0, NULL},
    {"strtoupper", N_PURE, PF_STRTOUPPER, PHP, 0, 0, NULL},
    {"ucfirst", N_PURE, PF_UCFIRST, PHP, 0, 0, NULL},
    {"lcfirst", N_PURE, PF_LCFIRST, PHP, 0, 0, NULL},
    {"ucwords", N_PURE, PF_UCWORDS, PHP, 0, 0, NULL},
    {"strval", N_PURE, PF_STRVAL, PHP, 0, 0, NULL},
    {"trim", N_PURE, PF_TRIM, PHP, 0, 0, NULL},
    {"ltrim", N_PURE, PF_LTRIM, PHP, 0, 0, NULL},
    {"rtrim", N_PURE, PF_RTRIM, PHP, 0, 0, NULL},
    {"chop", N_PURE, PF_RTRIM, PHP, 0, 0, NULL},
    {"strtr", N_PURE, PF_STRTR, PHP, 0, NF_BUILDER, NULL},
    {"str_repeat", N_PURE, PF_STR_REPEAT, PHP, 0, 0, NULL},
    {"implode", N_PURE, PF_IMPLODE, PHP, 0, NF_BUILDER, NULL},
    {"join", N_PURE, PF_IMPLODE, PHP, 0, NF_BUILDER, NULL},
    {"sprintf", N_PURE, PF_SPRINTF, PHP, 0, NF_BUILDER, NULL},
    {"vsprintf", N_PURE, PF_VSPRINTF, PHP, 0, NF_BUILDER, NULL},
    {"base_convert", N_PURE, PF_BASE_CONVERT, PHP, 0, NF_BUILDER, NULL},
    {"pack", N_PURE, PF_PACK, PHP, 0, NF_BUILDER, NULL},
    {"convert_uudecode", N_PURE, PF_UUDECODE, PHP, 0, NF_BUILDER, NULL},
    {"html_entity_decode", N_PURE, PF_ENTITIES, PHP, 0, 0, NULL},
    {"htmlspecialchars_decode", N_PURE, PF_ENTITIES, PHP, 0, 0, NULL},
    {"stripslashes", N_PURE, PF_STRIPSLASHES, PHP, 0, 0, NULL},
    {"stripcslashes", N_PURE, PF_STRIPSLASHES, PHP, 0, 0, NULL},
    {"explode", N_PURE, PF_EXPLODE, PHP, 0, 0, NULL},
    {"str_split", N_PURE, PF_STR_SPLIT, PHP, 0, 0, NULL},
    {"ord", N_PURE, PF_ORD, PHP, 0, NF_BUILDER, NULL},
    {"hexdec", N_PURE, PF_HEXDEC, PHP, 0, 0, NULL},
    {"octdec", N_PURE, PF_OCTDEC, PHP, 0, 0, NULL},
    {"bindec", N_PURE, PF_BINDEC, PHP, 0, 0, NULL},
    {"dechex", N_PURE, PF_DECHEX, PHP, 0, 0, NULL},
    {"array_reverse", N_PURE, PF_ARRAY_REVERSE, PHP, 0, 0, NULL},
    {"array_values", N_PURE, PF_ARRAY_VALUES, PHP, 0, 0, NULL},
};

#define NBUCKETS 1024 /* power of two, well above the table size */
#define NNAMES (sizeof table / sizeof table[0])
static short buckets[NBUCKETS];
static unsigned char lengths[NNAMES];

/* Per name length, the first and the last bytes (mod 64) the table's names
 * of that length have: most names a file calls (its own functions, common
 * built-ins) are not in the table, and these two bit tests reject them
 * before hashing.  Lengths from NLEN on are always looked up. */
#define NLEN 64
static uint64_t len_first[NLEN], len_last[NLEN];
/* The syntaxes (SYNBIT) some qualified entry is for: in the others a dotted
 * name's tail never matches, and the search for a dot is skipped (PHP). */
static unsigned qual_syns;

/* Built when the program starts (before any thread), not with a
 * pthread_once per lookup.  Names sharing a bucket chain keep the table's
 * order, so the first row that matches wins as before. */
__attribute__((constructor)) static void build(void) {
  for (size_t i = 0; i < NNAMES; i++) lengths[i] = (unsigned char)strlen(table[i].name);
  for (size_t i = 0; i < NNAMES; i++)
    if (lengths[i] && lengths[i] < NLEN) {
      len_first[lengths[i]] |= 1ull << ((unsigned char)table[i].name[0] & 63);
      len_last[lengths[i]] |= 1ull << ((unsigned char)table[i].name[lengths[i] - 1] & 63);
    }
  for (size_t i = 0; i < NNAMES; i++)
    if (table[i].flags & NF_QUAL) qual_syns |= table[i].syn;
  for (size_t i = 0; i < NNAMES; i++) {
    uint32_t b = lang_hash(table[i].name, strlen(table[i].name)) & (NBUCKETS - 1);
    while (buckets[b]) b = (b + 1) & (NBUCKETS - 1);
    buckets[b] = (short)(i + 1);
  }
}

static const name_def *find(const char *s, size_t n, syntax syn, int qualified_only) {
  if (!n) return NULL; /* no name is empty */
  if (n < NLEN && (!(len_first[n] >> ((unsigned char)s[0] & 63) & 1) || !(len_last[n] >> ((unsigned char)s[n - 1] & 63) & 1)))
    return NULL;
  uint32_t b = lang_hash(s, n) & (NBUCKETS - 1);
  for (; buckets[b]; b = (b + 1) & (NBUCKETS - 1)) {
    const name_def *d = &table[buckets[b] - 1];
    if (lengths[buckets[b] - 1] == n && lang_same(d->name, s, n) && (d->syn & SYNBIT(syn)) &&
        (!qualified_only || (d->flags & NF_QUAL)))
      return d;
  }
  return NULL;
}

const name_def *lang_names_lookup(const char *name, size_t n, syntax syn) {
  const name_def *d = find(name, n, syn, 0);
  if (d || !(qual_syns & SYNBIT(syn))) return d;
  for (const char *dot = memchr(name, '.', n); !d && dot; dot = memchr(dot + 1, '.', (size_t)(name + n - dot - 1)))
    d = find(dot + 1, (size_t)(name + n - dot - 1), syn, 1);
  return d;
}

/* Sinks that are methods of an object a page creates by name
 * (WScript.Shell.Run, ADODB.Stream.SaveToFile): is m[0, n) the method
 * of one, for syntax syn?  A call of it on a variable whose type is not
 * known yet may become one once the page's later code is read. */
int lang_names_is_object_member(const char *m, size_t n, syntax syn) {
  if (!n) return 0;
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    const name_def *d = &table[i];
    if (d->kind != N_SINK || !(d->syn & SYNBIT(syn))) continue;
    size_t k = strlen(d->name);
    if (k > n + 1 && d->name[k - n - 1] == '.' && memcmp(d->name + k - n, m, n) == 0) return 1;
  }
  return 0;
}

int lang_names_php_source(const char *var, size_t n) {
  static const struct { const char *name; size_t n; } vars[] = {
      {"$_GET", 5}, {"$_POST", 6}, {"$_REQUEST", 9}, {"$_COOKIE", 8}, {"$_FILES", 7},
      {"$HTTP_RAW_POST_DATA", 19}, {"$HTTP_GET_VARS", 14}, {"$HTTP_POST_VARS", 15}, {"$HTTP_POST_FILES", 16},
      {"$HTTP_COOKIE_VARS", 17}};
  if (n < 5 || (var[1] != '_' && var[1] != 'H')) return 0;
  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
    if (n == vars[i].n && memcmp(var, vars[i].name, n) == 0) return 1;
  return 0;
}

/* ColdFusion's request scopes: form.x, url.x, cookie.x, cgi.http_x,
 * cgi.query_string, form["x"], GetHttpRequestData() (the body). */
static size_t cfml_source(const char *name, size_t n, int *body) {
  static const char *const scopes[] = {"form", "url", "cookie"};
  for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++) {
    size_t k = strlen(scopes[i]);
    if (n >= k && memcmp(name, scopes[i], k) == 0 && (n == k || name[k] == '.')) {
      if (n == k) return n; /* form[...] */
      const char *dot = memchr(name + k + 1, '.', n - k - 1);
      return dot ? (size_t)(dot - name) : n;
    }
  }
  if (n > 9 && memcmp(name, "cgi.http_", 9) == 0) return n;
  if (n >= 16 && memcmp(name, "cgi.query_string", 16) == 0) return 16;
  if (n >= 18 && memcmp(name, "gethttprequestdata", 18) == 0) return *body = 1, n;
  return 0;
}

/* A request object's member at m[0, mn) (getParameter, Form, InputStream
 * ...): the length it spans, *body set for the raw body; 0 if none. */
static size_t request_member(const char *m, size_t mn, int *body) {
  static const struct { const char *member; int body; } members[] = {
      {"item", 0}, {"form", 0}, {"querystring", 0}, {"cookies", 0}, {"headers", 0}, {"params", 0},
      {"servervariables", 0}, {"files", 0}, {"inputstream", 1}, {"binaryread", 1},
      {"getbufferedinputstream", 1}, {"getparameter", 0}, {"getparametervalues", 0},
      {"getparametermap", 0}, {"getheader", 0}, {"getheaders", 0}, {"getquerystring", 0},
      {"getcookies", 0}, {"getinputstream", 1}, {"getreader", 1}, {"getparts", 0}, {"getpart", 0},
      {"unvalidated", 0}, {"rawurl", 0}, {"pathinfo", 0}};
  for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
    size_t k = strlen(members[i].member);
    if (mn >= k && memcmp(m, members[i].member, k) == 0 && (mn == k || m[k] == '.' || m[k] == '(')) {
      *body = members[i].body;
      return k;
    }
  }
  return 0;
}

size_t lang_names_request_source(const char *name, size_t n, syntax syn, int *body) {
  static const char *const prefixes[] = {"system.web.httpcontext.current.", "httpcontext.current.",
                                         "context.", "page.", "this.", "httpcontext.", "pagecontext.",
                                         "me.", "mybase."}; /* VB.NET: Me.Request, MyBase.Request */
  /* CFML's getPageContext().getRequest() is the Java servlet request */
  static const char cf_java_request[] = "getpagecontext().getrequest().";
  size_t skip = 0, k;
  *body = 0;
  if (syn == SYN_PHP) return 0;
  if (syn == SYN_CFML) {
    size_t jn = sizeof cf_java_request - 1;
    if (n > jn && memcmp(name, cf_java_request, jn) == 0)
      return (k = request_member(name + jn, n - jn, body)) ? jn + k : 0;
    return cfml_source(name, n, body);
  }
  /* in any order and any number: this.Context.Request, Page.Context.Request */
  for (int again = 1; again;) {
    again = 0;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
      k = strlen(prefixes[i]);
      if (n - skip > k && memcmp(name + skip, prefixes[i], k) == 0) skip += k, again = 1;
    }
  }
  const char *r = name + skip;
  size_t rn = n - skip;
  if (rn < 7 || memcmp(r, "request", 7) != 0) return 0;
  if (rn == 7) return syn == SYN_JAVA ? 0 : n; /* JSP's bare request object is not input */
  if (r[7] != '.') return 0;
  return (k = request_member(r + 8, rn - 8, body)) ? skip + 8 + k : 0;
}
