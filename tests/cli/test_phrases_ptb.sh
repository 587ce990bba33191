#!/usr/bin/env bash
# gramvec phrases learn against word2vec.c's word2phrase on PTB (shared data, skipped without
# it): with word2phrase's settings (threshold 100, min-count 5, one pass, whitespace tokens) the
# pairs joined, and how often, are those of refs/ptb-word2phrase-t100-m5.tsv, but for the two
# pairs that word2phrase joins only because it also counts the pairs that span a line break.
#
# word2phrase's counting does not start afresh at a newline: the last word of a line and the
# first of the next are counted as a pair (its joining does not join them). gramvec counts pairs
# within lines only, so two pairs fall below the threshold (N = 887,521):
#   copper futures: c(copper) 70, c(futures) 347, 5 times in a line + 3 across lines:
#                   word2phrase (8 - 5) / (70 * 347) * N = 109.6; within lines 0.
#   know what:      c(know) 224, c(what) 772, 24 times in a line + 1 across lines:
#                   word2phrase (25 - 5) / (224 * 772) * N = 102.6; within lines 97.5.
# Every other pair is joined exactly as often as word2phrase joins it.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

PTB="$SHARED/ptb/ptb.train.txt"
REF="$SHARED/refs/ptb-word2phrase-t100-m5.tsv"
[ -f "$PTB" ] && [ -f "$REF" ] || skip "shared data ($PTB, $REF) not found"
TAB=$'\t'

expect_ok "$G" phrases learn "$PTB" --scorer word2phrase --threshold 100 --min-count 5 --passes 1 \
  --tokenizer space -o "$T/ptb.phrases" --json
assert_eq "$(json_get "$T/out" tokens)" 887521 "PTB tokens (word2phrase's train_words)"
assert_eq "$(json_get "$T/out" sentences)" 42068 "PTB lines"
assert_eq "$(head -1 "$T/ptb.phrases")" \
  "# gramvec phrases 1 scorer=word2phrase threshold=100 min-count=5 passes=1" "header"

grep -v '^#' "$T/ptb.phrases" | awk -v OFS="$TAB" '{print $1, $2}' | LC_ALL=C sort >"$T/mine.tsv"
LC_ALL=C sort "$REF" >"$T/ref.tsv"
assert_eq "$(wc -l <"$T/ref.tsv")" 1640 "reference pairs"
# What the reference has and gramvec has not: exactly the two cross-line pairs.
missing=$(LC_ALL=C comm -23 "$T/ref.tsv" "$T/mine.tsv")
assert_eq "$missing" "copper_futures${TAB}5
know_what${TAB}24" "pairs joined by word2phrase only (its cross-line pair counts)"
# And nothing else differs: no pair gramvec joins that word2phrase does not, no count differs.
extra=$(LC_ALL=C comm -13 "$T/ref.tsv" "$T/mine.tsv")
assert_eq "$extra" "" "pairs (or counts) gramvec has that word2phrase has not"
assert_eq "$(wc -l <"$T/mine.tsv")" 1638 "gramvec's pairs"
# The list is sorted as the reference (count descending); the first lines are the same.
assert_eq "$(grep -v '^#' "$T/ptb.phrases" | head -3 | cut -d' ' -f1,2)" "new_york 946
more_than 697
do_n't 508" "most frequent phrases"
finish "PTB: 1,638 of word2phrase's 1,640 pairs, same counts; the 2 others need cross-line counts"
