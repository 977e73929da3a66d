#!/usr/bin/env bash
# End-to-end: the Sigma engine on SigmaHQ's rules and regression data
# (../shared/sigma) and the webserver fixtures, through the record driver
# built beside $SHELLSIFT (tests/sigma/run says what each part checks;
# it skips with the reason when ../shared is absent).
cd "$(dirname "$0")/../.." || exit 2
SHELLSIFT=${SHELLSIFT:-build/shellsift}
exec python3 tests/sigma/run --build "$(dirname "$SHELLSIFT")"
