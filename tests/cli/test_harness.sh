#!/usr/bin/env bash
# The test library itself (lib.sh): `run` runs a command once more only when LeakSanitizer could
# not check it (its stop-the-world helper failed, no leak report), with the same stdin; a leak
# report, another sanitizer report or a second failure counts. Fake commands stand in for
# gramvec, so these checks need no sanitizer build.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

LSAN_FATAL='==4242==LeakSanitizer has encountered a fatal error.
==4242==HINT: For debugging, try setting environment variable LSAN_OPTIONS=verbosity=1:log_threads=1
==4242==HINT: LeakSanitizer does not work under ptrace (strace, gdb, etc)'

# fake FAILURES STDERR: prints its stdin (upper-cased), then fails with STDERR for its first
# FAILURES calls (counted in $T/calls), then succeeds.
fake() {
  local failures=$1 message=$2 calls
  calls=$(($(cat "$T/calls" 2>/dev/null || echo 0) + 1))
  echo "$calls" >"$T/calls"
  tr a-z A-Z
  if [ "$calls" -le "$failures" ]; then
    printf '%s\n' "$message" >&2
    return 1
  fi
  return 0
}

retried_once() {
  rm -f "$T/calls"
  printf 'some input\n' >"$T/in"
  run fake 1 "$LSAN_FATAL" <"$T/in"
  assert_eq "$RC" 0 "exit code after a failed leak check and a clean second run"
  assert_eq "$(cat "$T/calls")" 2 "calls"
  assert_eq "$(cat "$T/out")" "SOME INPUT" "stdout of the second run (stdin read again from the start)"
  assert_eq "$(wc -c <"$T/err")" 0 "stderr of the second run"
  # From /dev/null too.
  rm -f "$T/calls"
  run fake 1 "$LSAN_FATAL" </dev/null
  assert_eq "$RC" 0 "exit code (stdin /dev/null)"
}

not_retried() {
  # A leak report is a result, not a failure of the checker.
  rm -f "$T/calls"
  run fake 1 "==4242==ERROR: LeakSanitizer: detected memory leaks
$LSAN_FATAL" </dev/null
  assert_eq "$RC" 1 "exit code with a leak report"
  assert_eq "$(cat "$T/calls")" 1 "calls with a leak report"
  # Another sanitizer's report.
  rm -f "$T/calls"
  run fake 1 "x.cpp:1:2: runtime error: signed integer overflow
$LSAN_FATAL" </dev/null
  assert_eq "$(cat "$T/calls")" 1 "calls with a UBSan report"
  # Twice in a row: the second failure stands.
  rm -f "$T/calls"
  run fake 2 "$LSAN_FATAL" </dev/null
  assert_eq "$RC" 1 "exit code after two failed leak checks"
  assert_eq "$(cat "$T/calls")" 2 "calls after two failed leak checks"
  # Stdin from a pipe cannot be read again.
  rm -f "$T/calls"
  printf 'piped\n' | run fake 1 "$LSAN_FATAL"
  # (run ran in the pipeline's subshell: its RC is gone, the call count is not.)
  assert_eq "$(cat "$T/calls")" 1 "calls with stdin from a pipe"
  # A command that succeeds is never run twice.
  rm -f "$T/calls"
  run fake 0 "" </dev/null
  assert_eq "$(cat "$T/calls")" 1 "calls of a command that succeeded"
}

check "a failed leak check is run again with the same stdin" retried_once
check "leak reports, other reports, second failures and piped stdin are not retried" not_retried
finish "the test library's run retries only a leak check that could not run"
