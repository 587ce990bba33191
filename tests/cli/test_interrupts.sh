#!/usr/bin/env bash
# Fault injection: each long-running command is stopped at several points of its run (busy
# reading or computing, holding temporary sort files, writing its output, after w2v train has
# saved a state) and sent SIGINT, SIGTERM or SIGKILL. Afterwards: the exit status says which
# signal ended it (130, 143, 137); the previous output file is intact (same checksum) and nothing
# else is in the output directory, $TMPDIR or --temp-dir; w2v train --resume goes on from the
# state saved before the kill.
#
# Each point is waited for as a condition (CPU time used, a file open in /proc/PID/fd, a state
# saved), never a fixed sleep, and the command is frozen with SIGSTOP while the condition holds,
# so that the signal lands at that point however loaded the machine is. A command that finishes
# before a point is reached (possible only for the short output writes) must have written a
# whole output; it is reported, not failed.
#
# By default every command gets one signal per point, rotating so that each signal meets each
# kind of point; GRAMVEC_FAULT_MATRIX=full runs every signal at every point.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

env --default-signal=INT true 2>/dev/null \
  || skip "env --default-signal (coreutils 8.31 or later) is needed to start commands with SIGINT not ignored"
[ -r /proc/self/stat ] && [ -d /proc/self/fd ] || skip "/proc is needed to see how far a command has got"
[ -f "$DATA/en-speeches.txt" ] || fail "bundled corpus $DATA/en-speeches.txt is missing"

# A corpus of about 11 MB that takes a second or two to train on (one thread): the bundled
# speeches four times, each copy's words rotated so that the n-grams differ between copies.
for k in 0 1 2 3; do
  awk -v k="$k" '{ s = ""; for (j = 1; j <= NF; j++) s = s (j > 1 ? " " : "") $((j + k - 1) % NF + 1); print s }' \
    "$DATA/en-speeches.txt"
done >"$T/corpus.txt"
head -c 3000000 "$T/corpus.txt" | gzip -1 >"$T/w2v.txt.gz"  # compressed: w2v train copies it to $TMPDIR
head -n 20000 "$T/corpus.txt" >"$T/part.txt"
LM=(--order 3 --discount-fallback --threads 1 -q)
expect_ok "$G" lm train "$T/corpus.txt" -o "$T/model.arpa" "${LM[@]}"
expect_ok "$G" lm count "$T/corpus.txt" -o "$T/a.counts" --order 5 --threads 1 -q
expect_ok "$G" lm count "$T/part.txt" -o "$T/b.counts" --order 5 --threads 1 -q

TICKS=$(getconf CLK_TCK 2>/dev/null || echo 100)
CPU_TICKS=$((TICKS / 10))  # the "cpu" point: a tenth of a second of processor time used
R="$T/run"                 # out/: the output directory, tmp/: $TMPDIR and --temp-dir, state/
mkfifo "$T/nap"
exec {NAP}<>"$T/nap"       # never written to: reading it with a timeout just waits

# The fields of /proc/PID/stat after the command name: state is [0], utime [11], stime [12].
proc_stat() {
  local line
  read -r line 2>/dev/null <"/proc/$1/stat" || return 1
  read -r -a STAT <<<"${line##*) }"
}

running() { proc_stat "$1" && [ "${STAT[0]}" != Z ]; }

# reached PID POINT: whether the command has got to POINT.
reached() {
  local pid=$1
  case $2 in
    cpu) proc_stat "$pid" && ((STAT[11] + STAT[12] >= CPU_TICKS)) ;;
    spill) [ -n "$(find "/proc/$pid/fd" -maxdepth 1 -lname "$R/tmp/*" -print -quit 2>/dev/null)" ] ;;
    write) [ -n "$(find "/proc/$pid/fd" -maxdepth 1 -lname "$R/out/*" -print -quit 2>/dev/null)" ] ;;
    state) [ -n "$(ls -A "$R/state")" ] ;;
    *) fail "unknown point $2" ;;
  esac
}

# stop_at PID POINT: 0 with the command stopped (SIGSTOP) at POINT, 1 if it ended before.
stop_at() {
  local pid=$1 point=$2 deadline=$((SECONDS + 600))
  while running "$pid"; do
    if reached "$pid" "$point"; then
      kill -STOP "$pid" 2>/dev/null || return 1
      reached "$pid" "$point" && return 0
      kill -CONT "$pid" 2>/dev/null
    fi
    [ "$SECONDS" -lt "$deadline" ] || fail "$point was not reached in 600 s"
    read -r -t 0.003 -u "$NAP" || true  # a short pause without starting a process
  done
  return 1
}

MATRIX=()

# interrupt NAME OUTPUT SIGNAL POINT ARGS...: runs gramvec ARGS (where @R@ stands for $R), with
# $R/out/OUTPUT holding a previous output, stops it at POINT, sends SIGNAL and checks what is
# left.
interrupt() {
  local name=$1 output=$2 signal=$3 point=$4
  shift 4
  rm -rf "$R"
  mkdir -p "$R/out" "$R/tmp" "$R/state"
  printf 'previous output of %s\n' "$name" >"$R/out/$output"
  local previous args=() word pid rc=0 want result
  previous=$(md5sum <"$R/out/$output")
  for word in "$@"; do args+=("${word//@R@/$R}"); done
  _gv_describe "$G" "${args[@]}"
  # SIGINT reset to its default: a background job of a script starts with it ignored, and gramvec
  # leaves ignored signals alone (as nohup wants).
  TMPDIR="$R/tmp" env --default-signal=INT,TERM "$G" "${args[@]}" >"$R/stdout" 2>"$R/stderr" &
  pid=$!
  if stop_at "$pid" "$point"; then
    kill -s "$signal" "$pid"
    [ "$signal" = KILL ] || kill -CONT "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null || rc=$?  # (without bash's "Killed" notice)
    RC=$rc
    case $signal in INT) want=130 ;; TERM) want=143 ;; KILL) want=137 ;; esac
    [ "$rc" -eq "$want" ] || fail "$name: SIG$signal at $point: exit status $rc, expected $want"
    assert_eq "$(md5sum <"$R/out/$output")" "$previous" "$name: SIG$signal at $point: the previous output changed"
    assert_eq "$(ls -A "$R/out")" "$output" "$name: SIG$signal at $point: files left in the output directory"
    result="exit $rc, previous output intact, nothing left"
  else
    wait "$pid" || rc=$?
    RC=$rc
    [ "$rc" -eq 0 ] || fail "$name: ended before $point with exit status $rc: $(head -c 300 "$R/stderr")"
    [ "$(md5sum <"$R/out/$output")" != "$previous" ] || fail "$name: finished but the output was not replaced"
    result="finished before the point (output whole)"
  fi
  assert_eq "$(ls -A "$R/tmp")" "" "$name: SIG$signal at $point: files left in \$TMPDIR / --temp-dir"
  if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:|terminate called' "$R/stderr"; then
    fail "$name: SIG$signal at $point: sanitizer or crash report: $(head -c 300 "$R/stderr")"
  fi
  local leftovers
  leftovers=$(find "$T" -mindepth 1 -maxdepth 1 \( -name '*.tmp*' -o -name 'gramvec-*' \) -print)
  [ -z "$leftovers" ] || fail "$name: SIG$signal at $point: left behind: $leftovers"
  if [ "$name" = "w2v train" ]; then
    # The state is the one saved after an epoch, or none: training resumes from it (--epochs 4:
    # one more than planned, so that a state saved after the last epoch still has one to go).
    local states
    states=$(ls -A "$R/state")
    if [ -n "$states" ]; then
      assert_eq "$states" w2v.state "$name: SIG$signal at $point: files left in the state directory"
      expect_ok "$G" w2v train "$T/w2v.txt.gz" -o "$R/out/$output" --resume "$R/state/w2v.state" --epochs 4 \
        --threads 1 -q
      assert_match "$(head -n 1 "$R/out/$output")" '^[0-9]+ 32$' "vectors after --resume"
      result+=", resumed"
    else
      [ "$point" = cpu ] || fail "$name: SIG$signal at $point: no training state saved"
      result+=", no state yet"
    fi
  fi
  MATRIX+=("$(printf '%-26s SIG%-5s at %-6s %s' "$name" "$signal" "$point" "$result")")
}

SIGNALS=(INT TERM KILL)
TURN=0
# points NAME OUTPUT "POINT..." ARGS...: interrupt at each point, with the next signal in turn
# (or all three with GRAMVEC_FAULT_MATRIX=full).
points() {
  local name=$1 output=$2 point signal
  local -a point_list
  read -r -a point_list <<<"$3"
  shift 3
  for point in "${point_list[@]}"; do
    if [ "${GRAMVEC_FAULT_MATRIX:-}" = full ]; then
      for signal in "${SIGNALS[@]}"; do interrupt "$name" "$output" "$signal" "$point" "$@"; done
    else
      interrupt "$name" "$output" "${SIGNALS[TURN % 3]}" "$point" "$@"
      TURN=$((TURN + 1))
    fi
  done
}

faults() {
  points "lm train" model.arpa "cpu write" lm train "$T/corpus.txt" -o @R@/out/model.arpa "${LM[@]}"
  points "lm train --memory" model.arpa "cpu spill write" lm train "$T/corpus.txt" -o @R@/out/model.arpa "${LM[@]}" \
    --memory 64M --temp-dir @R@/tmp
  # (--space 6: a large hash table, for a write long enough to be caught.)
  points "lm train .gvlm" model.gvlm "cpu write" lm train "$T/corpus.txt" -o @R@/out/model.gvlm "${LM[@]}" --space 6
  points "lm train --memory .gvlm" model.gvlm "spill write" lm train "$T/corpus.txt" -o @R@/out/model.gvlm \
    "${LM[@]}" --space 6 --memory 64M
  points "lm count" corpus.counts "cpu write" lm count "$T/corpus.txt" -o @R@/out/corpus.counts --order 3 --threads 1 -q
  points "lm merge" merged.counts "cpu write" lm merge "$T/a.counts" "$T/b.counts" "$T/a.counts" \
    -o @R@/out/merged.counts -q
  points "lm convert" model.gvlm "cpu write" lm convert "$T/model.arpa" -o @R@/out/model.gvlm --space 6 -q
  points "tokenize" tokens.txt "cpu write" tokenize "$T/corpus.txt" -o @R@/out/tokens.txt -q
  # (Text vectors: formatting them makes the write last long enough to be caught.)
  points "w2v train" vectors.txt "cpu state write" w2v train "$T/w2v.txt.gz" -o @R@/out/vectors.txt \
    --save-state @R@/state/w2v.state --epochs 3 --dim 32 --threads 1 -q
  printf '%s\n' "${MATRIX[@]}"
}
check "interrupted commands leave nothing behind" faults

finish
