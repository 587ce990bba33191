#!/usr/bin/env bash
# gramvec lm train --memory SIZE [--temp-dir DIR]: estimation in bounded memory gives the same
# ARPA file, byte for byte, as estimation in memory: on the bundled corpus for every smoothing
# method, with a fixed vocabulary and --min-count, at the smallest memory and with one or two
# threads; from a count file; with a binary model as output. Bad sizes, a memory below the
# smallest that works, a missing temporary directory and --prune are one-line errors that write
# nothing; temporary files are removed. (With the shared data: test_bounded_memory_ptb.sh and
# test_bounded_memory_english.sh.)
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON checks need it"

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

check "all smoothing methods at the smallest memory" smoothing_methods
check "orders, threads, --min-count, --vocab" threads_orders_and_vocabulary
check "count files, binary output, --json, --verbose" counts_binary_and_summary
check "bad options" bad_options
finish
