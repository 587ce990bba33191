#!/usr/bin/env bash
# lm count / lm merge / lm train --counts on PTB (../shared/data/ptb), order 5: the training text
# split into 4 parts by lines, each part counted, the counts merged; the model from the merged
# counts is the model of lm train on the whole text (comment lines aside). Skipped (exit 77)
# without the shared data.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON checks need it"
require_cmd split "it splits the corpus into parts"

PTB="$SHARED/ptb/ptb.train.txt"
[ -f "$PTB" ] || skip "PTB not found at $PTB (set GRAMVEC_SHARED_DATA_DIR to the shared data directory)"

# same_model A B: two ARPA files are byte-identical once their '#' comment lines are dropped.
same_model() {
  grep -v '^#' "$1" >"$1.body"
  grep -v '^#' "$2" >"$2.body"
  cmp -s "$1.body" "$2.body" || fail "$1 and $2 differ (beyond comments): $(diff "$1.body" "$2.body" | head -n 4 | tr '\n' ' ')"
}

ptb_lines=$(wc -l <"$PTB")
split -l $(((ptb_lines + 3) / 4)) -d "$PTB" "$T/ptb."
shards=()
for part in "$T"/ptb.0?; do
  expect_ok "$G" lm count "$part" -o "$part.counts" --order 5 --tokenizer space -q
  shards+=("$part.counts")
done
assert_eq "${#shards[@]}" 4 "parts of PTB"
expect_ok "$G" lm merge "${shards[@]}" -o "$T/ptb.counts" -q
expect_ok "$G" lm train --counts "$T/ptb.counts" -o "$T/ptb.counts.arpa" -q --json
assert_eq "$(json_get "$T/out" tokens)" 929589 "PTB tokens from merged counts"
expect_ok "$G" lm train "$PTB" -o "$T/ptb.corpus.arpa" --order 5 --tokenizer space -q
same_model "$T/ptb.counts.arpa" "$T/ptb.corpus.arpa"
note "PTB order 5: 4 shards merged = whole"
