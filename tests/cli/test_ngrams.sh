#!/usr/bin/env bash
# gramvec ngrams: a hand-counted list, the counts of an awk count of the same space-tokenized
# text, character n-grams of Chinese, JSON, --memory giving the list in memory gives, usage errors
# (exit 2), errors naming file and line (exit 1), and no output left behind by a failure.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

mkdir "$T/o"  # the output directory of the failing commands: stays empty
printf 'a b a\nb a\na b\n' >"$T/small.txt"
# Sentences <s> a b a </s>, <s> b a </s>, <s> a b </s>: a 4, b 3; a b 2, b a 2; a b a 1 (and
# with the boundaries <s> 3, </s> 3; <s> a 2, a </s> 2, <s> b 1, b </s> 1).
TAB=$'\t'

hand_counted() {
  expect_ok "$G" ngrams "$T/small.txt"
  assert_eq "$(cat "$T/out")" "a${TAB}4
b${TAB}3
a b${TAB}2
b a${TAB}2" "default orders 1-2"
  expect_ok "$G" ngrams "$T/small.txt" --order 2
  assert_eq "$(cat "$T/out")" "a b${TAB}2
b a${TAB}2" "--order 2"
  expect_ok "$G" ngrams "$T/small.txt" --orders 1-3 --min-count 2 --top 3
  assert_eq "$(cat "$T/out")" "a${TAB}4
b${TAB}3
a b${TAB}2" "--min-count 2 --top 3"
  expect_ok "$G" ngrams "$T/small.txt" --orders 2-2 --boundaries
  assert_eq "$(cat "$T/out")" "<s> a${TAB}2
a </s>${TAB}2
a b${TAB}2
b a${TAB}2
<s> b${TAB}1
b </s>${TAB}1" "--boundaries"
}

# The counts of an awk count of the words between single spaces, as lm count counts them
# (<s> w1 ... wk </s> per line), sorted count descending, then by bytes.
same_as_awk() {
  sed -n '1,400p' "$DATA/en-speeches.txt" | grep -v '^[[:space:]]*$' | tr -s ' \t' '  ' | sed 's/^ //; s/ $//' \
    >"$T/en.txt"
  awk -v max=3 '{
      n = split($0, w, " "); s[0] = "<s>"; for (i = 1; i <= n; i++) s[i] = w[i]; s[n + 1] = "</s>"
      for (i = 0; i <= n + 1; i++) { g = ""; for (k = 0; k < max && i + k <= n + 1; k++) {
        g = (k == 0 ? s[i] : g " " s[i + k]); c[g]++ } }
    } END { for (g in c) print g "\t" c[g] }' "$T/en.txt" | LC_ALL=C sort -t "$TAB" -k2,2nr -k1,1 >"$T/awk.tsv"
  expect_ok "$G" ngrams "$T/en.txt" --tokenizer space --normalize none --orders 1-3 --boundaries
  cp "$T/out" "$T/list.tsv"
  assert_eq "$(md5sum <"$T/list.tsv")" "$(md5sum <"$T/awk.tsv")" "the list equals the awk count"
  assert_num "$(wc -l <"$T/list.tsv") > 1000" "the list has the corpus's n-grams"
  # --memory: the same list, counted and sorted in bounded memory.
  expect_ok "$G" ngrams "$T/en.txt" --tokenizer space --normalize none --orders 1-3 --boundaries --memory 4M
  assert_eq "$(md5sum <"$T/out")" "$(md5sum <"$T/awk.tsv")" "--memory gives the same list"
  expect_ok "$G" ngrams "$T/en.txt" --tokenizer space --normalize none --orders 2-3 --top 50 --memory 4M
  assert_eq "$(cat "$T/out")" "$(grep -v '<s>\|</s>' "$T/awk.tsv" | awk -F "$TAB" 'split($1, w, " ") > 1' | head -50)" \
    "--top 50 of orders 2-3"
}

chinese_characters() {
  printf '天下大势\n分久必合\n天下\n' >"$T/zh.txt"
  expect_ok "$G" ngrams "$T/zh.txt" --tokenizer char --order 2
  assert_eq "$(cat "$T/out")" "天 下${TAB}2
下 大${TAB}1
久 必${TAB}1
分 久${TAB}1
大 势${TAB}1
必 合${TAB}1" "character bigrams, most frequent first, then by bytes"
}

json_lines() {
  expect_ok "$G" ngrams "$T/small.txt" --json --orders 1-3
  json_valid "$T/out" lines
  assert_eq "$(head -1 "$T/out")" '{"ngram":"a","order":1,"count":4}'
  assert_eq "$(tail -1 "$T/out")" '{"ngram":"a b a","order":3,"count":1}'
}

output_file() {
  expect_ok "$G" ngrams "$T/small.txt" -o "$T/list.out"
  assert_eq "$(wc -c <"$T/out")" "0" "nothing on stdout with -o"
  assert_eq "$(cat "$T/list.out")" "a${TAB}4
b${TAB}3
a b${TAB}2
b a${TAB}2" "-o writes the list"
}

usage_errors() {
  refused "--order: '0' is not a whole number from 1 to 10" "$G" ngrams "$T/small.txt" -o "$T/o/l" --order 0
  refused "--order: '11' is not a whole number from 1 to 10" "$G" ngrams "$T/small.txt" -o "$T/o/l" --order 11
  refused "--order excludes --orders" "$G" ngrams "$T/small.txt" -o "$T/o/l" --order 2 --orders 1-2
  refused "--orders: '3-1' is not a range" "$G" ngrams "$T/small.txt" -o "$T/o/l" --orders 3-1
  refused "--orders: '1-11' is not a range" "$G" ngrams "$T/small.txt" -o "$T/o/l" --orders 1-11
  refused "--top: '0' is below the minimum of 1" "$G" ngrams "$T/small.txt" -o "$T/o/l" --top 0
  refused "--min-count: '0' is below the minimum of 1" "$G" ngrams "$T/small.txt" -o "$T/o/l" --min-count 0
  refused "--temp-dir: applies with --memory only" "$G" ngrams "$T/small.txt" -o "$T/o/l" --temp-dir "$T"
  refused "is too small" "$G" ngrams "$T/small.txt" -o "$T/o/l" --memory 1K
}

errors() {
  expect_error 1 "$T/missing.txt: cannot open" "$G" ngrams "$T/missing.txt" -o "$T/o/l"
  printf 'fine\nbad \xff byte\n' >"$T/bad.txt"
  expect_error 1 "$T/bad.txt:2: invalid UTF-8" "$G" ngrams "$T/bad.txt" -o "$T/o/l"
  expect_error 1 "$T/bad.txt:2: invalid UTF-8" "$G" ngrams "$T/bad.txt" -o "$T/o/l" --memory 4M
  [ -z "$(ls -A "$T/o")" ] || fail "a failure left output behind: $(ls -A "$T/o")"
  assert_no_tmp_files "$T/o"
}

check "hand-counted list" hand_counted
check "counts equal an awk count; --memory" same_as_awk
check "Chinese character bigrams" chinese_characters
check "--json" json_lines
check "-o" output_file
check "usage errors" usage_errors
check "errors" errors
finish
