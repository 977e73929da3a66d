/*
 * fuzz_logs_csv.c - the Exchange CSV readers (HttpProxy, ECP with its
 * EventData and S:CMD quoting, OABGeneratorLog, generic Logging CSV) and
 * their rules on arbitrary bytes.  The first input byte picks a header
 * that steers detection to one of them; the rest follows it.  Invariants
 * in logs_harness.h (findings on existing lines with their own bytes as
 * evidence, warnings on the file, consistent totals).
 */
// fuzz-max-len: 4096
// fuzz-seeds: tests/fixtures/logs/*.LOG tests/fixtures/logs/OAB* tests/fixtures/benign/ECPServer*
#include "logs_harness.h"

static const char *const headers[] = {
    ("#Log-type: HttpProxy Logs\n#Fields: DateTime,RequestId,UrlStem,UrlQuery,Method,AnchorMailbox,BackEndCookie,"
     "UserAgent,ClientIpAddress,HttpStatus\n"),
    "#Log-type: ECP Server Log\n#Fields: TimeStamp,ServerName,EventId,EventData\n",
    "#Log-type: OAB Generator\n",
    "#Software: Microsoft Exchange Server\n#Fields: DateTime,ClientIpAddress,UserAgent,UrlStem\n",
    "",
};

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  h_init("HttpProxy_2021030300-1.LOG", 0);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!size) return 0;
  h_run(headers[data[0] % (sizeof headers / sizeof headers[0])], data + 1, size - 1, 1);
  return 0;
}
