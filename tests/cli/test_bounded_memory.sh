#!/usr/bin/env bash
# gramvec lm train --memory SIZE [--temp-dir DIR]: estimation in bounded memory gives the same
# ARPA file, byte for byte, as estimation in memory: on the bundled corpus for every smoothing
# method, with a fixed vocabulary and --min-count, at the smallest memory and with one or two
# threads; from a count file; with a binary model as output. With the shared data: PTB order 5
# at --memory 16M, from plain, xz-compressed and merged-shard input (four parts counted and
# merged), and the first eighth of the English corpus at --memory 16M with peak memory well
# below estimation in memory. Bad sizes, a memory below the smallest that works, a missing
# temporary directory and --prune are one-line errors that write nothing; temporary files are
# removed.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON and memory checks need it"

CORPUS="$DATA/en-speeches.txt"
[ -f "$CORPUS" ] || fail "bundled corpus $CORPUS is missing"
mkdir -p "$T/spill"

# same_file A B: byte-identical files.
same_file() {
  cmp -s "$1" "$2" || fail "$1 and $2 differ: $(diff "$1" "$2" | head -n 4 | tr '\n' ' ')"
}

# no_spill_left: the temporary directory holds nothing after a run.
no_spill_left() {
  [ -z "$(ls -A "$T/spill")" ] || fail "temporary files left in --temp-dir: $(ls -A "$T/spill" | head -3)"
}

# peak_kib CMD...: runs CMD (output to $T/out, $T/err) and prints its peak resident memory in KiB.
peak_kib() {
  python3 - "$@" <<'PY'
import os, resource, subprocess, sys
out = open(os.environ["GV_OUT"], "wb")
err = open(os.environ["GV_ERR"], "wb")
code = subprocess.run(sys.argv[1:], stdout=out, stderr=err).returncode
if code != 0:
    sys.exit(code)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}

smoothing_methods() {
  for smoothing in mkn kn wb abs katz addk stupid; do
    expect_ok "$G" lm train "$CORPUS" -o "$T/mem.$smoothing.arpa" --order 4 --smoothing "$smoothing" -q
    expect_ok "$G" lm train "$CORPUS" -o "$T/bounded.$smoothing.arpa" --order 4 --smoothing "$smoothing" \
      --memory 4M --temp-dir "$T/spill" --threads 1 -q
    same_file "$T/mem.$smoothing.arpa" "$T/bounded.$smoothing.arpa"
  done
  no_spill_left
}

threads_orders_and_vocabulary() {
  for order in 1 2 3 6; do
    expect_ok "$G" lm train "$CORPUS" -o "$T/mem.o$order.arpa" --order "$order" --lower -q
    expect_ok "$G" lm train "$CORPUS" -o "$T/bounded.o$order.arpa" --order "$order" --lower --memory 5M --threads 2 -q
    same_file "$T/mem.o$order.arpa" "$T/bounded.o$order.arpa"
  done
  expect_ok "$G" lm train "$CORPUS" -o "$T/mem.min.arpa" --order 3 --min-count 3 -q
  expect_ok "$G" lm train "$CORPUS" -o "$T/bounded.min.arpa" --order 3 --min-count 3 --memory 1G -q
  same_file "$T/mem.min.arpa" "$T/bounded.min.arpa"
  expect_ok "$G" vocab "$DATA/sentences.txt" -o "$T/small.vocab" -q
  expect_ok "$G" lm train "$CORPUS" -o "$T/mem.vocab.arpa" --order 3 --vocab "$T/small.vocab" --smoothing wb -q
  expect_ok "$G" lm train "$CORPUS" -o "$T/bounded.vocab.arpa" --order 3 --vocab "$T/small.vocab" --smoothing wb \
    --memory 4M -q
  same_file "$T/mem.vocab.arpa" "$T/bounded.vocab.arpa"
}

counts_binary_and_summary() {
  expect_ok "$G" lm count "$CORPUS" -o "$T/all.counts" --order 4 -q
  expect_ok "$G" lm train --counts "$T/all.counts" -o "$T/counts.mem.arpa" -q
  expect_ok "$G" lm train --counts "$T/all.counts" -o "$T/counts.bounded.arpa" --memory 4M -q
  same_file "$T/counts.mem.arpa" "$T/counts.bounded.arpa"
  expect_ok "$G" lm train "$CORPUS" -o "$T/mem.json.arpa" --order 4 --json
  local in_memory_counts
  in_memory_counts=$(json_get "$T/out" ngrams)
  expect_ok "$G" lm train "$CORPUS" -o "$T/bounded.json.arpa" --order 4 --memory 4M --temp-dir "$T/spill" --json
  assert_eq "$(json_get "$T/out" ngrams)" "$in_memory_counts" "--json n-gram counts"
  assert_num "$(json_get "$T/out" temporary_bytes) > 0" "--json reports the temporary bytes"
  same_file "$T/mem.json.arpa" "$T/bounded.json.arpa"
  no_spill_left
  expect_ok "$G" lm train "$CORPUS" -o "$T/bounded.gvlm" --order 4 --memory 4M -q
  expect_ok "$G" lm convert "$T/counts.mem.arpa" -o "$T/converted.gvlm" -q
  same_file "$T/bounded.gvlm" "$T/converted.gvlm"
  expect_ok "$G" lm train "$CORPUS" -o "$T/verbose.arpa" --order 3 --memory 4M --verbose
  assert_match "$(cat "$T/err")" "stage times: read\+tokenize [0-9.]+s, count [0-9.]+s, adjust [0-9.]+s, interpolate\+write"
  assert_match "$(cat "$T/err")" "temporary files: "
}

bad_options() {
  expect_usage_error "--memory: '1M' is too small: the smallest that works is 4M" \
    "$G" lm train "$CORPUS" -o "$T/small.arpa" --order 3 --memory 1M
  assert_no_file "$T/small.arpa"
  expect_usage_error "--memory: '12Q' is not a memory size" "$G" lm train "$CORPUS" -o "$T/small.arpa" --order 3 --memory 12Q
  expect_usage_error "--memory: '-5M' is not a memory size" "$G" lm train "$CORPUS" -o "$T/small.arpa" --order 3 --memory=-5M
  expect_error 1 "--temp-dir $T/missing: not a writable directory" \
    "$G" lm train "$CORPUS" -o "$T/small.arpa" --order 3 --memory 64M --temp-dir "$T/missing"
  expect_usage_error "--prune: not available with --memory" \
    "$G" lm train "$CORPUS" -o "$T/small.arpa" --order 3 --memory 64M --prune 1
  expect_usage_error "--temp-dir.*applies with --memory only" \
    "$G" lm train "$CORPUS" -o "$T/small.arpa" --order 3 --temp-dir "$T/spill"
  assert_no_file "$T/small.arpa"
  # A bare number is KiB, as sort -S: 4096 is 4M, the smallest that works.
  expect_ok "$G" lm train "$CORPUS" -o "$T/kib.arpa" --order 3 --memory 4096 -q
  # A corpus line that is not UTF-8 is reported with its file and line, and nothing is written.
  printf 'good line\nbad \xff byte\n' >"$T/bad.txt"
  expect_error 1 "bad.txt:2" "$G" lm train "$T/bad.txt" -o "$T/bad.arpa" --order 3 --memory 4M
  assert_no_file "$T/bad.arpa"
  assert_no_tmp_files "$T"
}

ptb() {
  local ptb="$SHARED/ptb"
  [ -f "$ptb/ptb.train.txt" ] || { note "PTB not found at $ptb: PTB checks skipped"; return 0; }
  require_cmd xz "the compressed-input check needs it"
  require_cmd split "it splits the corpus into parts"
  expect_ok "$G" lm train "$ptb/ptb.train.txt" -o "$T/ptb.mem.arpa" --order 5 --tokenizer space -q
  expect_ok "$G" lm train "$ptb/ptb.train.txt" -o "$T/ptb.16m.arpa" --order 5 --tokenizer space \
    --memory 16M --temp-dir "$T/spill" -q
  same_file "$T/ptb.mem.arpa" "$T/ptb.16m.arpa"
  xz -T1 -1 -c "$ptb/ptb.train.txt" >"$T/ptb.train.txt.xz"
  expect_ok "$G" lm train "$T/ptb.train.txt.xz" -o "$T/ptb.xz.arpa" --order 5 --tokenizer space --memory 16M -q
  same_file "$T/ptb.mem.arpa" "$T/ptb.xz.arpa"
  split -n l/4 -d "$ptb/ptb.train.txt" "$T/ptbpart."
  local shards=()
  for part in "$T"/ptbpart.0?; do
    expect_ok "$G" lm count "$part" -o "$part.counts" --order 5 --tokenizer space -q
    shards+=("$part.counts")
  done
  expect_ok "$G" lm merge "${shards[@]}" -o "$T/ptb.merged.counts" -q
  expect_ok "$G" lm train --counts "$T/ptb.merged.counts" -o "$T/ptb.shards.arpa" -q
  same_file "$T/ptb.mem.arpa" "$T/ptb.shards.arpa"
  expect_ok "$G" lm train --counts "$T/ptb.merged.counts" -o "$T/ptb.shards16m.arpa" --memory 16M -q
  same_file "$T/ptb.mem.arpa" "$T/ptb.shards16m.arpa"
  no_spill_left
}

english() {
  local english="$SHARED/corpus-en/corpus-en.txt.xz"
  [ -f "$english" ] || { note "the English corpus not found at $english: its check skipped"; return 0; }
  require_cmd xz "the English corpus is xz-compressed"
  xz -dc "$english" | head -n 53278 >"$T/english.txt"  # the first eighth of its 426,231 lines
  local in_memory bounded
  in_memory=$(GV_OUT="$T/out" GV_ERR="$T/err" peak_kib "$G" lm train "$T/english.txt" -o "$T/en.mem.arpa" \
    --order 5 --tokenizer space -q) || fail "lm train in memory failed: $(head -3 "$T/err")"
  bounded=$(GV_OUT="$T/out" GV_ERR="$T/err" peak_kib "$G" lm train "$T/english.txt" -o "$T/en.16m.arpa" \
    --order 5 --tokenizer space -q --memory 16M --temp-dir "$T/spill") || fail "lm train --memory 16M failed: $(head -3 "$T/err")"
  same_file "$T/en.mem.arpa" "$T/en.16m.arpa"
  note "first eighth of corpus-en, order 5: peak $((in_memory / 1024)) MiB in memory, $((bounded / 1024)) MiB with --memory 16M"
  # A here-string, not a pipe: with pipefail, grep -q closing the pipe early could fail ldd.
  if grep -Eq 'lib(a|ub|t)san' <<<"$(ldd "$G" 2>/dev/null)"; then
    note "a sanitizer build: its shadow memory hides the program's own, so the memory bounds are not checked"
    no_spill_left
    return 0
  fi
  # 16M of buffers, the vocabulary (about 0.1 M word types) and the program itself.
  assert_num "$bounded < 80 * 1024" "peak memory with --memory 16M stays small"
  assert_num "$bounded * 4 < $in_memory" "bounded memory uses far less than estimation in memory"
  no_spill_left
}

check "all smoothing methods at the smallest memory" smoothing_methods
check "orders, threads, --min-count, --vocab" threads_orders_and_vocabulary
check "count files, binary output, --json, --verbose" counts_binary_and_summary
check "bad options" bad_options
check "PTB: memory, xz, merged shards" ptb
check "English corpus at 16M" english
finish
