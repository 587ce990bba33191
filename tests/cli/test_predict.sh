#!/usr/bin/env bash
# lm predict: the next words after a context, from ARPA and both binary layouts alike, with the
# probabilities lm score --per-word gives; contexts from the command line or stdin; --prefix;
# --json; usage errors (exit 2) and bad input (exit 1, one line).
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

[ -f "$DATA/en-speeches.txt" ] || fail "bundled corpus $DATA/en-speeches.txt is missing"
sed -n '1,2000p' "$DATA/en-speeches.txt" >"$T/a.txt"
expect_ok "$G" lm train "$T/a.txt" -o "$T/a.arpa" --order 3 -q
expect_ok "$G" lm convert "$T/a.arpa" -o "$T/a-hash.gvlm" --layout hash -q
expect_ok "$G" lm convert "$T/a.arpa" -o "$T/a-trie.gvlm" --layout trie -q
mkdir "$T/o"

same_from_every_layout() {
  expect_ok "$G" lm predict -m "$T/a.arpa" "we will" "" "the people of" -k 7
  cp "$T/out" "$T/arpa.txt"
  # Three contexts, seven words each, a blank line after each.
  assert_eq "$(wc -l <"$T/arpa.txt")" 24 "lines of output"
  assert_eq "$(grep -c '^$' "$T/arpa.txt")" 3 "blank lines"
  local layout
  for layout in hash trie; do
    expect_ok "$G" lm predict -m "$T/a-$layout.gvlm" "we will" "" "the people of" -k 7
    cmp -s "$T/out" "$T/arpa.txt" || fail "the $layout layout predicts otherwise than ARPA"
  done
  # Most probable first; </s> may be a candidate, <s> and <unk> never are.
  cut -f2 "$T/arpa.txt" | sed '/^$/d' | awk 'NR > 1 && prev < $1 && FNR % 7 != 1 { exit 1 } { prev = $1 }' \
    || fail "not in decreasing order"
  expect_ok "$G" lm predict -m "$T/a.arpa" "thank you" -k 100000
  assert_no_match "$(cut -f1 "$T/out")" '^<(s|unk)>$' "<s> or <unk> predicted"
  assert_match "$(cut -f1 "$T/out")" '^</s>$' "</s> is a candidate"
  assert_eq "$(sed '/^$/d' "$T/out" | wc -l)" "$(($(arpa_counts "$T/a.arpa" | cut -d' ' -f1) - 2))" \
    "-k beyond the vocabulary lists every candidate"
}
check "the same predictions from ARPA, hash and trie" same_from_every_layout

as_lm_score_says() {
  expect_ok "$G" lm predict -m "$T/a-trie.gvlm" "we will" -k 5
  local word log10 scored
  while IFS=$'\t' read -r word log10 _; do
    [ -n "$word" ] || continue
    if [ "$word" = "</s>" ]; then
      scored=$(echo "we will" | "$G" lm score -m "$T/a-trie.gvlm" --per-word | grep -o '</s>=[0-9] [^	]*' | cut -d' ' -f2)
    else
      scored=$(echo "we will $word" | "$G" lm score -m "$T/a-trie.gvlm" --per-word | cut -f3 | cut -d' ' -f2)
    fi
    assert_eq "$log10" "$scored" "predict against lm score --per-word for '$word'"
  done <"$T/out"
}
check "the probabilities are those lm score --per-word gives" as_lm_score_says

from_stdin() {
  printf 'we will\n\nthe people of\n' >"$T/contexts.txt"
  expect_ok "$G" lm predict -m "$T/a.arpa" -k 7 - <"$T/contexts.txt"
  cmp -s "$T/out" "$T/arpa.txt" || fail "contexts from stdin ('-') predict otherwise"
  expect_ok "$G" lm predict -m "$T/a.arpa" -k 7 <"$T/contexts.txt"
  cmp -s "$T/out" "$T/arpa.txt" || fail "contexts from stdin (no argument) predict otherwise"
  printf 'we will\n\xff\n' >"$T/bad.txt"
  expect_error 1 "<stdin>:2: invalid UTF-8" -- "$G" lm predict -m "$T/a.arpa" - <"$T/bad.txt"
}
check "contexts from stdin, one a line" from_stdin

json_and_prefix() {
  expect_ok "$G" lm predict -m "$T/a.arpa" "we will" "thank" -k 3 --json
  json_valid "$T/out" lines
  assert_eq "$(wc -l <"$T/out")" 2 "one object per context"
  python3 - "$T/out" "$T/arpa.txt" <<'PY' || fail "JSON predictions differ from the text output"
import json, sys
first = json.loads(open(sys.argv[1]).readline())
assert first["line"] == 1 and first["context"] == ["we", "will"], first
text = [l.split("\t") for l in open(sys.argv[2]).read().split("\n\n")[0].splitlines()][:3]
assert [p["word"] for p in first["predictions"]] == [t[0] for t in text], (first, text)
for p, t in zip(first["predictions"], text):
    assert abs(p["log10prob"] - float(t[1])) < 1e-6 and abs(p["probability"] - 10 ** p["log10prob"]) < 1e-12
PY
  expect_ok "$G" lm predict -m "$T/a.arpa" "we will" --prefix co -k 20
  assert_no_match "$(cut -f1 "$T/out" | sed '/^$/d')" '^([^c]|c[^o])' "a word without the prefix"
  assert_match "$(cut -f1 "$T/out")" '^co' "no word with the prefix"
  # The best words with the prefix are the best of all the words with it, in the same order.
  expect_ok "$G" lm predict -m "$T/a.arpa" "we will" -k 100000
  assert_eq "$(cut -f1 "$T/out" | grep '^co' | head -20)" \
    "$("$G" lm predict -m "$T/a.arpa" "we will" --prefix co -k 20 | cut -f1 | sed '/^$/d')" "--prefix against the whole list"
  # A model trained with --lower: the prefix is lowercased as its words are.
  expect_ok "$G" lm train "$T/a.txt" -o "$T/lower.arpa" --order 2 --lower -q
  expect_ok "$G" lm predict -m "$T/lower.arpa" "WE WILL" --prefix CO -k 3
  assert_match "$(head -1 "$T/out" | cut -f1)" '^co' "--prefix normalised as the model's words"
}
check "--json and --prefix" json_and_prefix

bad_input() {
  refused "--top: '0' is below the minimum of 1" "$G" lm predict -m "$T/a.arpa" "we" -k 0
  refused "--model is required" "$G" lm predict "we"
  expect_usage_error "context 2: invalid UTF-8 at byte 1" -- "$G" lm predict -m "$T/a.arpa" "we" $'a\xffb'
  expect_usage_error "'-' \(contexts from stdin\) cannot be mixed" -- "$G" lm predict -m "$T/a.arpa" "we" -
  expect_usage_error "--prefix: 'a b' is not the start of one word" -- "$G" lm predict -m "$T/a.arpa" "we" --prefix "a b"
  expect_error 1 "missing.arpa" -- "$G" lm predict -m "$T/missing.arpa" "we"
}
check "usage errors and bad input" bad_input

finish
