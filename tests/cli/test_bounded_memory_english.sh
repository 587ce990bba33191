#!/usr/bin/env bash
# lm train --memory on the first eighth of the shared English corpus
# (../shared/data/corpus-en/corpus-en.txt.xz), order 5 at --memory 16M: the same ARPA file as
# estimation in memory, with peak memory well below it (not checked in a sanitizer build); no
# temporary file is left. Skipped (exit 77) without the shared data.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "it measures the peak memory"

ENGLISH="$SHARED/corpus-en/corpus-en.txt.xz"
[ -f "$ENGLISH" ] || skip "the English corpus not found at $ENGLISH (set GRAMVEC_SHARED_DATA_DIR to the shared data directory)"
require_cmd xz "the English corpus is xz-compressed"
mkdir -p "$T/spill"

# peak_kib CMD...: runs CMD (output to $T/out, $T/err) and prints its peak resident memory in KiB.
peak_kib() {
  python3 - "$@" <<'PY'
import os, resource, subprocess, sys
out = open(os.environ["GV_OUT"], "wb")
err = open(os.environ["GV_ERR"], "wb")
code = subprocess.run(sys.argv[1:], stdout=out, stderr=err).returncode
if code != 0:
    sys.exit(code if code > 0 else 128 - code)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}

xz -dc "$ENGLISH" | head -n 53278 >"$T/english.txt"  # the first eighth of its 426,231 lines
in_memory=$(GV_OUT="$T/out" GV_ERR="$T/err" peak_kib "$G" lm train "$T/english.txt" -o "$T/en.mem.arpa" \
  --order 5 --tokenizer space -q) || fail "lm train in memory failed: $(head -3 "$T/err")"
RC=0
_gv_check_no_crash  # stderr: no sanitizer report
bounded=$(GV_OUT="$T/out" GV_ERR="$T/err" peak_kib "$G" lm train "$T/english.txt" -o "$T/en.16m.arpa" \
  --order 5 --tokenizer space -q --memory 16M --temp-dir "$T/spill") || fail "lm train --memory 16M failed: $(head -3 "$T/err")"
RC=0
_gv_check_no_crash
cmp -s "$T/en.mem.arpa" "$T/en.16m.arpa" || fail "--memory 16M gives another model than estimation in memory"
[ -z "$(ls -A "$T/spill")" ] || fail "temporary files left in --temp-dir: $(ls -A "$T/spill" | head -3)"
note "first eighth of corpus-en, order 5: peak $((in_memory / 1024)) MiB in memory, $((bounded / 1024)) MiB with --memory 16M"
# A here-string, not a pipe: with pipefail, grep -q closing the pipe early could fail ldd.
if grep -Eq 'lib(a|ub|t)san' <<<"$(ldd "$G" 2>/dev/null)"; then
  note "a sanitizer build: its shadow memory hides the program's own, so the memory bounds are not checked"
  exit 0
fi
# 16M of buffers, the vocabulary (about 0.1 M word types) and the program itself.
assert_num "$bounded < 80 * 1024" "peak memory with --memory 16M stays small"
assert_num "$bounded * 4 < $in_memory" "bounded memory uses far less than estimation in memory"
