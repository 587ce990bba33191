# Shared helpers for the command-line tests (tests/cli/test_*.sh). Source it, don't run it:
#
#   source "$(dirname "$0")/lib.sh"
#   gv_init "$@"        # sets G (the gramvec binary), SRC, DATA, SHARED, T (temp dir, removed on exit)
#
# A test exits 0 when it passes, 77 when it is skipped (skip "reason") and 1 when it fails
# (fail "reason"). The helpers below capture each command's stdout, stderr and exit code:
#
#   run CMD...                       stdout -> $T/out, stderr -> $T/err, exit code -> $RC
#   expect_ok CMD...                 exit 0 and no crash/sanitizer output on stderr
#   expect_error CODE PATTERN -- CMD...
#                                    exit CODE (a number: 1 for gramvec's errors), stderr is
#                                    exactly one line "gramvec: error: ..." matching PATTERN
#                                    (grep -E), no crash/sanitizer output
#   expect_usage_error PATTERN -- CMD...
#                                    exit 2 (command-line usage error: an unknown option, a
#                                    missing or bad option value, options that do not go
#                                    together), stderr is one line "gramvec: usage error: ..."
#                                    matching PATTERN
#   refused PATTERN CMD...           a usage error that points to --help, nothing written in $T/o
#   assert_eq GOT WANT MSG, assert_match TEXT PATTERN MSG, assert_num AWK-EXPR MSG,
#   assert_no_file PATH, assert_no_tmp_files DIR, json_get FILE KEY ...
#   require_gensim                   skip unless /usr/bin/python3 imports gensim
#   check NAME FUNCTION [ARGS]       run a group of assertions in a subshell; on failure record
#                                    it and go on; finish exits 1 if any group failed

set -u -o pipefail

_GV_TEST_NAME=$(basename "${0:-test}" .sh)
_GV_LAST_CMD=""

fail() {
  echo "FAIL [$_GV_TEST_NAME]: $*" >&2
  if [ -n "$_GV_LAST_CMD" ]; then
    echo "  last command: $_GV_LAST_CMD (exit ${RC:-?})" >&2
    if [ -n "${T:-}" ] && [ -f "$T/err" ]; then
      echo "  its stderr (first 20 lines):" >&2
      head -n 20 "$T/err" | cut -c 1-300 | sed 's/^/    | /' >&2
    fi
    if [ -n "${T:-}" ] && [ -f "$T/out" ]; then
      echo "  its stdout (first 10 lines):" >&2
      head -n 10 "$T/out" | cut -c 1-200 | sed 's/^/    | /' >&2
    fi
  fi
  exit 1
}

# check NAME CMD...: run CMD (usually a function holding a group of assertions) in a subshell;
# a failure there is recorded and the test goes on with the next group. finish reports.
_GV_FAILED=()
check() {
  local name=$1
  shift
  if ! ( "$@" ); then
    _GV_FAILED+=("$name")
  fi
  _GV_LAST_CMD=""
}

finish() {
  if [ "${#_GV_FAILED[@]}" -gt 0 ]; then
    echo "FAIL [$_GV_TEST_NAME]: ${#_GV_FAILED[@]} check group(s) failed:" >&2
    printf '  - %s\n' "${_GV_FAILED[@]}" >&2
    exit 1
  fi
  note "${1:-all checks passed}"
  exit 0
}

skip() {
  echo "SKIP [$_GV_TEST_NAME]: $*"
  exit 77
}

# Skips the test unless gensim can be imported by /usr/bin/python3 (Debian's gensim is installed
# for the system Python, which `python3` on PATH may not be).
require_gensim() {
  [ -x /usr/bin/python3 ] || skip "/usr/bin/python3 is not installed (Debian package python3)"
  /usr/bin/python3 -c 'import gensim' 2>/dev/null \
    || skip "gensim is not installed for /usr/bin/python3 (Debian package python3-gensim; scripts/install-deps.sh installs it)"
}

note() {
  echo "[$_GV_TEST_NAME] $*"
}

# gv_init "$@": the first script argument is the gramvec binary (default: $SRC/build/gramvec).
gv_init() {
  SRC=${GRAMVEC_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
  DATA="$SRC/data"
  SHARED=${GRAMVEC_SHARED_DATA_DIR:-$SRC/../shared/data}
  FIXTURES="$SRC/tests/fixtures"
  G=${1:-$SRC/build/gramvec}
  [ -x "$G" ] || fail "gramvec binary '$G' is missing or not executable (pass it as the first argument)"
  T=$(mktemp -d "${TMPDIR:-/tmp}/gramvec-$_GV_TEST_NAME.XXXXXX") || fail "cannot create a temp dir"
  trap 'rm -rf "$T"' EXIT
  trap 'exit 130' INT TERM
  export LC_ALL=C.UTF-8
  # Resolve python3 once: version-manager shims (pyenv) cost ~0.3 s per call.
  if _GV_PY=$(command python3 -c 'import sys; print(sys.executable)' 2>/dev/null) && [ -x "$_GV_PY" ]; then
    python3() { "$_GV_PY" "$@"; }
  fi
}

require_cmd() {
  command -v "$1" >/dev/null 2>&1 || skip "'$1' is not installed; $2"
}

_gv_describe() {
  local q
  printf -v q '%q ' "$@"   # printf -v: no subshell per argument
  _GV_LAST_CMD=${q% }
}

run() {
  _gv_describe "$@"
  RC=0
  "$@" >"$T/out" 2>"$T/err" || RC=$?
  # In the sanitizer build, LeakSanitizer checks each process at exit by stopping it with ptrace
  # from a helper thread. Rarely, and only under load, that helper fails: "LeakSanitizer has encountered a fatal error" with no leak report, the exit
  # code replaced by 1. The leak check did not run, so the command is run once more, with the
  # same stdin when it can be read again (a file or a device, not a pipe). A leak report, any
  # other sanitizer report or a second such failure is never retried.
  if [ "$RC" -ne 0 ] && grep -q 'LeakSanitizer has encountered a fatal error' "$T/err" \
    && ! grep -Eq 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$T/err" \
    && { [ -f /dev/stdin ] || [ -c /dev/stdin ]; }; then
    note "LeakSanitizer could not stop the process to check it for leaks; running it again: $_GV_LAST_CMD"
    sed 's/^/  first run: /' "$T/err" >&2
    RC=0
    "$@" </proc/self/fd/0 >"$T/out" 2>"$T/err" || RC=$?
  fi
}

# Crash or sanitizer output, or an exit code that means a signal.
_gv_check_no_crash() {
  if [ "$RC" -ge 128 ]; then
    fail "the command was killed by a signal or crashed (exit $RC)"
  fi
  if grep -Eq 'Segmentation|Aborted|core dumped|terminate called|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|ThreadSanitizer|stack trace|^ *#[0-9]+ 0x|what\(\):|Assertion .* failed' "$T/err"; then
    fail "crash, assertion or sanitizer report on stderr"
  fi
}

expect_ok() {
  run "$@"
  _gv_check_no_crash
  [ "$RC" -eq 0 ] || fail "expected exit 0, got $RC"
}

expect_error() {
  local code=$1 pattern=$2
  shift 2
  [ "${1:-}" = "--" ] && shift
  # The exit code is part of the interface: 1 for errors, 2 for usage errors (expect_usage_error).
  [[ "$code" =~ ^[0-9]+$ ]] || fail "expect_error needs the expected exit code, not '$code'"
  run "$@"
  _gv_check_no_crash
  [ "$RC" -eq "$code" ] || fail "expected exit code $code, got $RC"
  local lines
  lines=$(wc -l <"$T/err")
  [ "$lines" -eq 1 ] || fail "expected exactly one line on stderr, got $lines"
  grep -q '^gramvec: error: ' "$T/err" || fail "the error line does not start with 'gramvec: error: '"
  grep -Eq -- "$pattern" "$T/err" || fail "the error line does not match /$pattern/"
}

expect_usage_error() {
  local pattern=$1
  shift
  [ "${1:-}" = "--" ] && shift
  run "$@"
  _gv_check_no_crash
  [ "$RC" -eq 2 ] || fail "expected exit code 2 (usage error), got $RC"
  local lines
  lines=$(wc -l <"$T/err")
  [ "$lines" -eq 1 ] || fail "expected exactly one line on stderr, got $lines"
  grep -q '^gramvec: usage error: ' "$T/err" || fail "the usage error does not start with 'gramvec: usage error: '"
  grep -Eq -- "$pattern" "$T/err" || fail "the usage error does not match /$pattern/"
}

# refused PATTERN CMD...: a usage error matching PATTERN that points to --help, and nothing in
# $T/o (where the refused commands were told to write).
refused() {
  local pattern=$1
  shift
  expect_usage_error "$pattern" -- "$@"
  grep -q ' (see --help)$' "$T/err" || fail "the usage error does not point to --help"
  [ -z "$(ls -A "$T/o")" ] || fail "a usage error left output behind: $(ls -A "$T/o")"
}

assert_eq() {
  [ "$1" = "$2" ] || fail "${3:-values differ}: got '$(_gv_short "$1")', expected '$(_gv_short "$2")'"
}

# (Here-strings, not pipes: with pipefail, grep -q closing the pipe early would fail the test.)
assert_match() {
  grep -Eq -- "$2" <<<"$1" || fail "${3:-no match}: '$(_gv_short "$1")' does not match /$2/"
}

assert_no_match() {
  if grep -Eq -- "$2" <<<"$1"; then fail "${3:-unexpected match}: '$(_gv_short "$1")' matches /$2/"; fi
}

_gv_short() {
  if [ "${#1}" -gt 300 ]; then printf '%s...' "${1:0:300}"; else printf '%s' "$1"; fi
}

# assert_num 'awk expression' message: the numeric expression (awk syntax: && ||, abs(x)) must
# be true. awk, not python: it starts in a millisecond.
assert_num() {
  awk "function abs(x) { return x < 0 ? -x : x } BEGIN { exit !($1) }" </dev/null \
    || fail "${2:-check failed}: not true: $1"
}

assert_no_file() {
  [ ! -e "$1" ] || fail "${2:-$1 should not exist}"
}

# No temp files of the atomic writer (NAME.tmp.*) or other leftovers besides the listed names.
assert_no_tmp_files() {
  local dir=$1 leftovers
  leftovers=$(find "$dir" -maxdepth 1 -name '*.tmp*' -print)
  [ -z "$leftovers" ] || fail "temp files left behind in $dir: $leftovers"
}

# json_get FILE KEY: the value of KEY in the (first) JSON object of FILE, printed with repr for
# strings and as-is for numbers. Fails when the file is not valid JSON or the key is missing.
json_get() {
  python3 - "$1" "$2" <<'EOF' || fail "cannot read key '$2' from JSON file $1"
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read().strip()
try:
    obj = json.loads(text)
except ValueError:
    obj = json.loads(text.splitlines()[0])  # JSON lines: the first object
v = obj[sys.argv[2]]
print(json.dumps(v) if not isinstance(v, str) else v)
EOF
}

# json_valid FILE [lines]: the file is one JSON document, or (with "lines") one per line.
json_valid() {
  python3 - "$1" "${2:-doc}" <<'EOF' || fail "$1 is not valid JSON (${2:-doc})"
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read()
if sys.argv[2] == "lines":
    lines = text.splitlines()
    assert lines, "no lines"
    for line in lines:
        json.loads(line)
else:
    json.loads(text)
EOF
}

# The n-gram counts of an ARPA file's \data\ section must equal the number of lines in each
# \N-grams: section (each line: a number, N words, an optional backoff), and the file must end
# with \end\. Prints the counts ("7815 50320 89005"). (awk: much faster than python here.)
arpa_counts() {
  LC_ALL=C awk -F'\t' '
    function bad(msg) { print FILENAME ":" FNR ": " msg > "/dev/stderr"; err = 1; exit 1 }
    section == 0 && /^ngram [0-9]+=[0-9]+$/ { split(substr($0, 7), kv, "="); declared[kv[1] + 0] = kv[2] + 0; if (kv[1] + 0 > maxn) maxn = kv[1] + 0; next }
    /^\\[0-9]+-grams:$/ { section = substr($0, 2) + 0; actual[section] = 0; next }
    /^\\end\\$/ { ended = 1; section = -1; next }
    section > 0 && NF > 0 {
      if (NF != 2 && NF != 3) bad("expected 2 or 3 tab-separated fields: " $0)
      if ($1 !~ /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/) bad("bad probability: " $0)
      if (split($2, words, " ") != section) bad("wrong number of words for a " section "-gram: " $0)
      actual[section]++
    }
    END {
      if (err) exit 1
      if (!ended) { print FILENAME ": no \\end\\" > "/dev/stderr"; exit 1 }
      if (maxn == 0) { print FILENAME ": no \\data\\ counts" > "/dev/stderr"; exit 1 }
      out = ""
      for (n = 1; n <= maxn; n++) {
        if (!(n in declared) || declared[n] != actual[n] + 0) { print FILENAME ": order " n ": declared " declared[n] ", found " actual[n] + 0 > "/dev/stderr"; exit 1 }
        out = out (n > 1 ? " " : "") declared[n]
      }
      print out
    }' "$1" || fail "ARPA file $1 is inconsistent"
}
