#!/usr/bin/env bash
# gramvec lm count / lm merge / lm train --counts: the bundled corpus split into 4 parts by
# lines, each part counted, the counts merged: the merged count file is the whole corpus's, byte
# for byte, and the ARPA from it is the ARPA of lm train on the corpus (comment lines aside), for
# orders 3 and 5 and several smoothing methods; --threads does not change counts or models;
# mismatched, broken and newer files are one-line errors that write nothing. (PTB order 5:
# test_count_merge_ptb.sh.)
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON checks need it"
require_cmd split "it splits the corpus into parts"

CORPUS="$DATA/en-speeches.txt"
[ -f "$CORPUS" ] || fail "bundled corpus $CORPUS is missing"
lines=$(wc -l <"$CORPUS")
split -l $(((lines + 3) / 4)) -d "$CORPUS" "$T/part."
PARTS=("$T"/part.0?)
[ "${#PARTS[@]}" -eq 4 ] || fail "splitting the corpus gave ${#PARTS[@]} parts, not 4"
assert_eq "$(cat "${PARTS[@]}" | cmp - "$CORPUS" && echo same)" same "the parts put together are the corpus"

# same_model A B: two ARPA files are byte-identical once their '#' comment lines are dropped.
same_model() {
  grep -v '^#' "$1" >"$1.body"
  grep -v '^#' "$2" >"$2.body"
  cmp -s "$1.body" "$2.body" || fail "$1 and $2 differ (beyond comments): $(diff "$1.body" "$2.body" | head -n 4 | tr '\n' ' ')"
}

# shards_equal_whole ORDER SMOOTHING...: count the parts, merge them, train from the merged
# counts with each smoothing and compare with training on the corpus.
shards_equal_whole() {
  local order=$1
  shift
  local i=0 shards=()
  for part in "${PARTS[@]}"; do
    # Alternate thread counts: shards counted either way merge to the same file.
    expect_ok "$G" lm count "$part" -o "$T/part$i.o$order.counts" --order "$order" --threads $((i % 2 + 1)) -q
    shards+=("$T/part$i.o$order.counts")
    i=$((i + 1))
  done
  expect_ok "$G" lm merge "${shards[@]}" -o "$T/merged.o$order.counts" --json
  cp "$T/out" "$T/merge.o$order.json"
  expect_ok "$G" lm count "$CORPUS" -o "$T/whole.o$order.counts" --order "$order" --json
  cp "$T/out" "$T/count.o$order.json"
  cmp -s "$T/merged.o$order.counts" "$T/whole.o$order.counts" \
    || fail "order $order: merging 4 shards does not give the count file of the whole corpus"
  python3 - "$T/merge.o$order.json" "$T/count.o$order.json" "$order" <<'EOF' || fail "order $order: lm merge / lm count --json summaries are wrong: $(cat "$T/merge.o$order.json" "$T/count.o$order.json")"
import json, sys
m, c = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
order = int(sys.argv[3])
assert m["inputs"] == 4, m
for key in ("order", "settings", "sentences", "tokens", "ngrams"):
    assert m[key] == c[key], (key, m[key], c[key])
assert c["order"] == order and len(c["ngrams"]) == order, c
assert c["settings"] == f"order={order} tokenizer=word lower=0 normalize=nfkc sentences=lines", c
assert c["sentences"] == 8215, c
EOF
  for smoothing in "$@"; do
    expect_ok "$G" lm train --counts "$T/merged.o$order.counts" -o "$T/counts.o$order.$smoothing.arpa" --smoothing "$smoothing" -q
    expect_ok "$G" lm train "$CORPUS" -o "$T/corpus.o$order.$smoothing.arpa" --order "$order" --smoothing "$smoothing" -q
    same_model "$T/counts.o$order.$smoothing.arpa" "$T/corpus.o$order.$smoothing.arpa"
  done
  # The ARPA's n-gram counts above order 1 are the count file's (no pruning); its vocabulary
  # adds <unk>, which the corpus never writes.
  python3 - "$T/count.o$order.json" "$(arpa_counts "$T/corpus.o$order.$1.arpa")" <<'EOF' || fail "order $order: the count file's n-gram totals differ from the model's"
import json, sys
c = json.load(open(sys.argv[1]))
arpa = [int(x) for x in sys.argv[2].split()]
assert c["ngrams"][1:] == arpa[1:], (c["ngrams"], arpa)
assert c["ngrams"][0] + 1 == arpa[0], (c["ngrams"], arpa)
EOF
}
check "order 3: shards merged = whole (mkn, wb, katz)" shards_equal_whole 3 mkn wb katz
check "order 5: shards merged = whole (mkn)" shards_equal_whole 5 mkn

estimation_from_counts() {
  # Vocabulary decisions are made when estimating: --min-count and --prune from counts equal
  # the same options on the corpus.
  expect_ok "$G" lm train --counts "$T/merged.o3.counts" -o "$T/mc.counts.arpa" --min-count 3 --prune 0 1 -q
  expect_ok "$G" lm train "$CORPUS" -o "$T/mc.corpus.arpa" --order 3 --min-count 3 --prune 0 1 -q
  same_model "$T/mc.counts.arpa" "$T/mc.corpus.arpa"
  # An --order that agrees with the file is accepted; --verbose names the stages.
  expect_ok "$G" lm train --counts "$T/merged.o3.counts" -o "$T/v.arpa" --order 3 --verbose -q
  assert_match "$(cat "$T/err")" '^gramvec lm train: stage times: setup [0-9.]+s, read counts [0-9.]+s, adjust [0-9.]+s, .*write [0-9.]+s$' "lm train --counts --verbose"
  same_model "$T/v.arpa" "$T/corpus.o3.mkn.arpa"
  # Count files through pipes: lm count - -o - and lm merge / lm train --counts from stdin.
  _gv_describe "$G" lm count - -o - "<" part "|" "$G" lm merge - part... -o merged
  "$G" lm count - -o - --order 3 -q <"${PARTS[0]}" >"$T/stdin.counts" || fail "lm count - -o - failed"
  cmp -s "$T/stdin.counts" "$T/part0.o3.counts" || fail "lm count from stdin to stdout differs from files"
  "$G" lm merge - "$T"/part[123].o3.counts -o "$T/stdin-merged.counts" -q <"$T/stdin.counts" || fail "lm merge from stdin failed"
  cmp -s "$T/stdin-merged.counts" "$T/whole.o3.counts" || fail "lm merge with one input from stdin differs"
  "$G" lm train --counts - -o "$T/stdin.arpa" -q <"$T/whole.o3.counts" || fail "lm train --counts - failed"
  same_model "$T/stdin.arpa" "$T/corpus.o3.mkn.arpa"
}
check "estimation options, pipes and --verbose with --counts" estimation_from_counts

threads_agree() {
  expect_ok "$G" lm count "$CORPUS" -o "$T/t1.counts" --order 3 --threads 1 --verbose -q
  assert_match "$(cat "$T/err")" '^gramvec lm count: stage times: read\+tokenize [0-9.]+s, count [0-9.]+s, sort [0-9.]+s, write [0-9.]+s$' "lm count --verbose"
  expect_ok "$G" lm count "$CORPUS" -o "$T/t2.counts" --order 3 --threads 2 -q
  cmp -s "$T/t1.counts" "$T/t2.counts" || fail "lm count --threads 1 and --threads 2 differ"
  expect_ok "$G" lm count "${PARTS[@]}" -o "$T/t3.counts" --order 3 --threads 3 -q
  cmp -s "$T/t1.counts" "$T/t3.counts" || fail "lm count of the 4 parts (--threads 3) differs from the corpus"
  expect_ok "$G" lm train "$CORPUS" -o "$T/t1.arpa" --order 3 --threads 1 -q
  cmp -s "$T/t1.arpa" "$T/corpus.o3.mkn.arpa" || fail "lm train --threads 1 differs from the default (all cores)"
}
check "--threads changes nothing" threads_agree

# Compressed input is read on one thread (it cannot be cut into byte ranges), whatever --threads
# says, and counts the same as the plain text.
compressed_counts() {
  gzip -c "$CORPUS" >"$T/corpus.gz"
  xz -1 -c "${PARTS[1]}" >"$T/part1.xz"
  expect_ok "$G" lm count "$CORPUS" -o "$T/plain.counts" --order 3 --threads 2 -q
  expect_ok "$G" lm count "$T/corpus.gz" -o "$T/gz.counts" --order 3 --threads 2 -q
  cmp -s "$T/plain.counts" "$T/gz.counts" || fail "lm count --threads 2 of the gzip corpus differs from the plain corpus"
  expect_ok "$G" lm count "${PARTS[0]}" "$T/part1.xz" "${PARTS[2]}" "${PARTS[3]}" -o "$T/mixed.counts" --order 3 --threads 2 -q
  cmp -s "$T/plain.counts" "$T/mixed.counts" || fail "lm count --threads 2 of the parts, one xz-compressed, differs from the plain corpus"
  expect_ok "$G" lm train "$T/corpus.gz" -o "$T/gz.arpa" --order 3 --threads 2 -q
  cmp -s "$T/gz.arpa" "$T/corpus.o3.mkn.arpa" || fail "lm train --threads 2 of the gzip corpus differs from the plain corpus"
  # A binary model straight from counts is the converted ARPA model from the same counts.
  expect_ok "$G" lm train --counts "$T/gz.counts" -o "$T/gz.counts.gvlm" -q
  expect_ok "$G" lm train --counts "$T/gz.counts" -o "$T/gz.counts.arpa" -q
  expect_ok "$G" lm convert "$T/gz.counts.arpa" -o "$T/converted.gvlm" -q
  cmp -s "$T/gz.counts.gvlm" "$T/converted.gvlm" || fail "lm train --counts -o .gvlm differs from lm convert of its ARPA model"
}
if command -v gzip >/dev/null && command -v xz >/dev/null; then
  check "compressed input with --threads 2 counts the same as plain text; --counts to a binary model" compressed_counts
else
  note "gzip or xz not found: the compressed count check is skipped"
fi

mismatches_fail() {
  mkdir -p "$T/mm"
  head -n 300 "$CORPUS" >"$T/mm/small.txt"
  expect_ok "$G" lm count "$T/mm/small.txt" -o "$T/mm/o2.counts" --order 2 -q
  expect_ok "$G" lm count "$T/mm/small.txt" -o "$T/mm/o3.counts" --order 3 -q
  expect_ok "$G" lm count "$T/mm/small.txt" -o "$T/mm/lower.counts" --order 2 --lower -q
  expect_ok "$G" lm count "$T/mm/small.txt" -o "$T/mm/space.counts" --order 2 --tokenizer space -q
  expect_ok "$G" lm count "$T/mm/small.txt" -o "$T/mm/icu.counts" --order 2 --sentences -q
  expect_error 1 'o3\.counts: cannot merge count files with different settings: order=3 .* here, order=2 .* in .*o2\.counts' \
    -- "$G" lm merge "$T/mm/o2.counts" "$T/mm/o3.counts" -o "$T/mm/out.counts"
  expect_error 1 'lower\.counts: cannot merge .*lower=1' -- "$G" lm merge "$T/mm/o2.counts" "$T/mm/lower.counts" -o "$T/mm/out.counts"
  expect_error 1 'space\.counts: cannot merge .*tokenizer=space' -- "$G" lm merge "$T/mm/o2.counts" "$T/mm/space.counts" -o "$T/mm/out.counts"
  expect_error 1 'icu\.counts: cannot merge .*sentences=icu' -- "$G" lm merge "$T/mm/o2.counts" "$T/mm/icu.counts" -o "$T/mm/out.counts"
  assert_no_file "$T/mm/out.counts" "a failed merge left an output file"
  assert_no_tmp_files "$T/mm"
}
check "merging different orders or tokenizers fails and writes nothing" mismatches_fail

broken_files_fail() {
  mkdir -p "$T/bad"
  local good="$T/whole.o3.counts" size
  size=$(stat -c %s "$good")
  head -c $((size / 2)) "$good" >"$T/bad/cut.counts"
  head -c 30 "$good" >"$T/bad/header.counts"
  python3 - "$good" "$T/bad/newer.counts" "$T/bad/flipped.counts" <<'EOF' || fail "cannot make broken count files"
import sys
data = bytearray(open(sys.argv[1], "rb").read())
newer = bytearray(data); newer[12] = 9
open(sys.argv[2], "wb").write(newer)
flipped = bytearray(data); flipped[len(data) // 3] ^= 0x10
open(sys.argv[3], "wb").write(flipped)
EOF
  for command in merge train; do
    local args=(-o "$T/bad/out")
    [ $command = merge ] && run_bad() { "$G" lm merge "$T/part0.o3.counts" "$1" "${args[@]}"; }
    [ $command = train ] && run_bad() { "$G" lm train --counts "$1" "${args[@]}"; }
    expect_error 1 'en-speeches\.txt: not a gramvec count file' -- run_bad "$CORPUS"
    expect_error 1 'cut\.counts: truncated count file \(it ends in the [0-9]-grams\)' -- run_bad "$T/bad/cut.counts"
    expect_error 1 'header\.counts: truncated count file \(it ends in the header\)' -- run_bad "$T/bad/header.counts"
    expect_error 1 'newer\.counts: count file format version 9 is newer than this gramvec reads \(version 2\)' -- run_bad "$T/bad/newer.counts"
    expect_error 1 'flipped\.counts: corrupt count file' -- run_bad "$T/bad/flipped.counts"
    expect_error 1 'missing\.counts: cannot open' -- run_bad "$T/bad/missing.counts"
    assert_no_file "$T/bad/out" "lm $command with a broken count file left an output file"
  done
  assert_no_tmp_files "$T/bad"
  # An empty corpus is a valid (empty) shard, but no model.
  : >"$T/bad/empty.txt"
  expect_ok "$G" lm count "$T/bad/empty.txt" -o "$T/bad/empty.counts" --order 3 --json
  assert_eq "$(json_get "$T/out" sentences)" 0 "an empty shard has no sentences"
  expect_ok "$G" lm merge "$T/bad/empty.counts" "$T/part0.o3.counts" -o "$T/bad/with-empty.counts" -q
  cmp -s "$T/bad/with-empty.counts" "$T/part0.o3.counts" || fail "merging an empty shard changes the counts"
  expect_error 1 'empty\.counts: the counts hold no words' -- "$G" lm train --counts "$T/bad/empty.counts" -o "$T/bad/out"
}
check "broken, newer and empty count files" broken_files_fail

usage_errors() {
  local counts="$T/merged.o3.counts"
  expect_usage_error 'counts.*not both' -- "$G" lm train "$CORPUS" --counts "$counts" -o "$T/u.arpa"
  expect_usage_error 'order.*contradicts the count file.*order 3' -- "$G" lm train --counts "$counts" -o "$T/u.arpa" --order 4
  expect_usage_error 'tokenizer options contradict the count file' -- "$G" lm train --counts "$counts" -o "$T/u.arpa" --tokenizer space
  expect_usage_error 'tokenizer options contradict the count file' -- "$G" lm train --counts "$counts" -o "$T/u.arpa" --lower
  expect_usage_error 'tokenizer options contradict the count file' -- "$G" lm train --counts "$counts" -o "$T/u.arpa" --sentences
  expect_usage_error 'on-invalid' -- "$G" lm train --counts "$counts" -o "$T/u.arpa" --on-invalid skip
  expect_usage_error 'leave out --order' -- "$G" lm train --counts - -o "$T/u.arpa" --order 3
  expect_usage_error 'files is required' -- "$G" lm train -o "$T/u.arpa" --order 3
  expect_usage_error 'order is required' -- "$G" lm train "$CORPUS" -o "$T/u.arpa"
  expect_usage_error 'order' -- "$G" lm count "$CORPUS" -o "$T/u.counts"
  expect_usage_error 'json' -- "$G" lm count "$CORPUS" -o - --order 2 --json
  expect_usage_error 'threads|-1' -- "$G" lm count "$CORPUS" -o "$T/u.counts" --order 2 --threads -1
  expect_usage_error 'output|-o' -- "$G" lm merge "$counts"
  assert_no_file "$T/u.arpa"
  assert_no_file "$T/u.counts"
}
check "usage errors" usage_errors

finish "all count/merge checks passed"
