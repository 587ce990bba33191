#!/usr/bin/env bash
# lm interpolate and lm eval's mixture (-m A -m B --weights): usage errors (exit 2), refused inputs
# (exit 1), ARPA and binary inputs and outputs, a model mixed with itself, the static model
# against the exact mixture, --tune's output and JSON.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

[ -f "$DATA/en-speeches.txt" ] || fail "bundled corpus $DATA/en-speeches.txt is missing"
sed -n '1,1200p' "$DATA/en-speeches.txt" >"$T/a.txt"
sed -n '4001,5200p' "$DATA/en-speeches.txt" >"$T/b.txt"
sed -n '7001,7300p' "$DATA/en-speeches.txt" >"$T/dev.txt"
sed -n '7301,7600p' "$DATA/en-speeches.txt" >"$T/test.txt"
expect_ok "$G" lm train "$T/a.txt" -o "$T/a.arpa" --order 3 -q
expect_ok "$G" lm train "$T/b.txt" -o "$T/b.arpa" --order 2 -q
expect_ok "$G" lm convert "$T/a.arpa" -o "$T/a-trie.gvlm" --layout trie -q
expect_ok "$G" lm convert "$T/a.arpa" -o "$T/a-hash.gvlm" -q
mkdir "$T/o"  # the output directory of the failing commands: stays empty

usage_errors() {
  local A="$T/a.arpa" B="$T/b.arpa"
  refused "--weights: 0.5 0.6 add up to 1.1, not 1" "$G" lm interpolate -m "$A" -m "$B" --weights 0.5 0.6 -o "$T/o/m.arpa"
  refused "--weights: 0.3 0.3 add up to 0.6, not 1" "$G" lm eval -m "$A" -m "$B" --weights 0.3 0.3 "$T/test.txt"
  refused "--weights: -0.5 is not a weight" "$G" lm interpolate -m "$A" -m "$B" --weights 1.5 -0.5 -o "$T/o/m.arpa"
  refused "--weights: 0 is not a weight" "$G" lm interpolate -m "$A" -m "$B" --weights 1 0 -o "$T/o/m.arpa"
  refused "--weights: nan is not a weight" "$G" lm interpolate -m "$A" -m "$B" --weights nan 0.5 -o "$T/o/m.arpa"
  refused "--weights: inf is not a weight" "$G" lm eval -m "$A" -m "$B" --weights inf 0.5 "$T/test.txt"
  refused "--weights: 3 weights for 2 models" "$G" lm interpolate -m "$A" -m "$B" --weights 0.2 0.3 0.5 -o "$T/o/m.arpa"
  refused "--weights: 1 weight for 2 models" "$G" lm eval -m "$A" -m "$B" --weights 1 "$T/test.txt"
  refused "--weights: required with several -m" "$G" lm eval -m "$A" -m "$B" "$T/test.txt"
  refused "--weights: 'half' is not a number" "$G" lm eval -m "$A" -m "$B" --weights half half "$T/test.txt"
  refused "give either --weights or --tune" "$G" lm interpolate -m "$A" -m "$B" -o "$T/o/m.arpa"
  refused "give either --weights or --tune" "$G" lm interpolate -m "$A" -m "$B" --weights 0.5 0.5 --tune "$T/dev.txt" -o "$T/o/m.arpa"
  refused "-m: interpolation needs two models or more" "$G" lm interpolate -m "$A" --weights 1 -o "$T/o/m.arpa"
  refused "-o is required" "$G" lm interpolate -m "$A" -m "$B" --weights 0.5 0.5
  refused "--json: prints on stdout, where -o - writes the model" "$G" lm interpolate -m "$A" -m "$B" --weights 0.5 0.5 -o - --json
  refused "--quantize: needs --layout trie" "$G" lm interpolate -m "$A" -m "$B" --weights 0.5 0.5 -o "$T/o/m.gvlm" --quantize 8
  refused "--precision: '0' is not a number above 0" "$G" lm interpolate -m "$A" -m "$B" --tune "$T/dev.txt" --precision 0
  refused "--max-iterations: '0' is below the minimum" "$G" lm interpolate -m "$A" -m "$B" --tune "$T/dev.txt" --max-iterations 0
  refused "-o .* is the same file as the model .*a.arpa: it would be overwritten" "$G" lm interpolate -m "$A" -m "$B" --weights 0.5 0.5 -o "$A"
}
check "usage errors exit 2 before anything is written" usage_errors

refused_inputs() {
  expect_ok "$G" lm train "$T/b.txt" -o "$T/lower.arpa" --order 2 --lower -q
  expect_error 1 "lower.arpa: tokenizer settings tokenizer=word lower=1 normalize=nfkc differ from those of .*a.arpa" -- \
    "$G" lm interpolate -m "$T/a.arpa" -m "$T/lower.arpa" --weights 0.5 0.5 -o "$T/o/m.arpa"
  expect_error 1 "lower.arpa: tokenizer settings" -- \
    "$G" lm eval -m "$T/a.arpa" -m "$T/lower.arpa" --weights 0.5 0.5 "$T/test.txt"
  expect_ok "$G" lm train "$T/b.txt" -o "$T/stupid.arpa" --order 2 --smoothing stupid -q
  expect_error 1 "stupid.arpa: a stupid model gives scores, not probabilities" -- \
    "$G" lm interpolate -m "$T/a.arpa" -m "$T/stupid.arpa" --weights 0.5 0.5 -o "$T/o/m.arpa"
  expect_error 1 "missing.arpa" -- "$G" lm interpolate -m "$T/missing.arpa" -m "$T/b.arpa" --weights 0.5 0.5 -o "$T/o/m.arpa"
  : >"$T/empty.txt"
  expect_error 1 "empty.txt: no held-out tokens" -- "$G" lm interpolate -m "$T/a.arpa" -m "$T/b.arpa" --tune "$T/empty.txt"
  [ -z "$(ls -A "$T/o")" ] || fail "a failed command left output behind: $(ls -A "$T/o")"
}
check "mismatched tokenizers, stupid backoff: one-line errors" refused_inputs

# log10 probability of the test text under a model or a mixture.
logprob() { "$G" lm eval "$@" "$T/test.txt" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["log10prob"])'; }

self_mix() {
  expect_ok "$G" lm interpolate -m "$T/a.arpa" -m "$T/a-trie.gvlm" --weights 0.25 0.75 -o "$T/self.arpa" -q
  for n in 1 2 3; do
    assert_eq "$(grep "^ngram $n=" "$T/self.arpa")" "$(grep "^ngram $n=" "$T/a.arpa")" "n-grams of order $n"
  done
  # The hash layout lists its n-grams too: the same model (bar the comment naming the inputs).
  expect_ok "$G" lm interpolate -m "$T/a.arpa" -m "$T/a-hash.gvlm" --weights 0.25 0.75 -o "$T/self-hash.arpa" -q
  diff <(grep -v '^# component=' "$T/self.arpa") <(grep -v '^# component=' "$T/self-hash.arpa") >/dev/null ||
    fail "a model mixed with its hash-layout binary differs from the same with its trie"
  local original mixed
  original=$(logprob -m "$T/a.arpa")
  mixed=$(logprob -m "$T/self.arpa")
  assert_num "abs($mixed - ($original)) < 1e-6 * abs($original)" "a model mixed with itself scores as itself"
  mixed=$(logprob -m "$T/a.arpa" -m "$T/a-hash.gvlm" --weights 0.4 0.6)
  assert_num "abs($mixed - ($original)) < 1e-6 * abs($original)" "the exact mixture of a model with itself"
}
check "a model interpolated with itself is itself (ARPA, trie and hash inputs)" self_mix

outputs() {
  expect_ok "$G" lm interpolate -m "$T/a.arpa" -m "$T/b.arpa" --weights 0.3 0.7 -o "$T/mix.arpa"
  assert_match "$(cat "$T/err")" "^gramvec lm interpolate: order 3 mixture of 2 models, weights 0.300000 0.700000, n-grams \[[0-9]+ [0-9]+ [0-9]+\]"
  assert_match "$(sed -n 2p "$T/mix.arpa")" "^# order=3 smoothing=mix$"
  assert_match "$(sed -n 3p "$T/mix.arpa")" "^# tokenizer=word lower=0 normalize=nfkc$"
  assert_match "$(sed -n 4p "$T/mix.arpa")" "^# component=1 weight=0.3 order=3 smoothing=mkn model="
  # The same model as binary files and on stdout.
  expect_ok "$G" lm interpolate -m "$T/a.arpa" -m "$T/b.arpa" --weights 0.3 0.7 -o - -q
  cmp -s "$T/out" "$T/mix.arpa" || fail "-o - differs from the file"
  expect_ok "$G" lm convert "$T/mix.arpa" -o "$T/mix-converted.gvlm" --layout trie -q
  expect_ok "$G" lm interpolate -m "$T/a.arpa" -m "$T/b.arpa" --weights 0.3 0.7 -o "$T/mix.gvlm" --layout trie -q
  cmp -s "$T/mix.gvlm" "$T/mix-converted.gvlm" || fail "the trie model differs from converting the ARPA model"
  expect_ok "$G" lm interpolate -m "$T/a.arpa" -m "$T/b.arpa" --weights 0.3 0.7 -o "$T/mix-hash.gvlm" --json
  assert_eq "$(json_get "$T/out" order)" 3 "JSON order"
  assert_match "$(head -c 200 "$T/out")" '^\{"models":\[[^]]*\],"weights":\[0.3,0.7\],"order":3,"vocabulary":[0-9]+,"ngrams":\[[0-9,]+\],"seconds":'
  local arpa hash
  arpa=$(logprob -m "$T/mix.arpa")
  hash=$(logprob -m "$T/mix-hash.gvlm")
  assert_eq "$hash" "$arpa" "the hash model scores as the ARPA model"
  # Different orders and vocabularies: the static model is close to the exact mixture.
  local exact
  exact=$(logprob -m "$T/a.arpa" -m "$T/b.arpa" --weights 0.3 0.7)
  assert_num "abs($arpa - ($exact)) < 0.02 * abs($exact)" "static mixture near the exact mixture"
  # A foreign ARPA model (no header comments) mixes with gramvec's.
  sed -n '/^\\data\\/,$p' "$T/b.arpa" >"$T/foreign.arpa"
  expect_ok "$G" lm interpolate -m "$T/a.arpa" -m "$T/foreign.arpa" --weights 0.3 0.7 -o "$T/mix-foreign.arpa" -q
  assert_match "$(sed -n 3p "$T/mix-foreign.arpa")" "^# tokenizer=word lower=0 normalize=nfkc$"
}
check "ARPA, trie, hash and stdout outputs; foreign ARPA input" outputs

tuning() {
  expect_ok "$G" lm interpolate -m "$T/a.arpa" -m "$T/b.arpa" --tune "$T/dev.txt"
  assert_match "$(cat "$T/out")" '^0\.[0-9]{6} 0\.[0-9]{6}$'
  local weights
  weights=$(cat "$T/out")
  assert_match "$(head -n 1 "$T/err")" "^gramvec lm interpolate: iteration 0: weights 0.500000 0.500000 perplexity [0-9.]+$"
  assert_match "$(tail -n 1 "$T/err")" "^gramvec lm interpolate: iteration [0-9]+: weights $weights perplexity [0-9.]+$"
  # Tuned weights beat equal ones on the tuning text.
  local first last
  first=$(head -n 1 "$T/err" | awk '{print $NF}')
  last=$(tail -n 1 "$T/err" | awk '{print $NF}')
  assert_num "$last < $first" "EM lowers the perplexity"
  expect_ok "$G" lm interpolate -m "$T/a.arpa" -m "$T/b.arpa" --tune "$T/dev.txt" --json
  assert_eq "$(wc -l <"$T/out")" 1 "one JSON line"
  [ ! -s "$T/err" ] || fail "--json printed on stderr"
  assert_match "$(cat "$T/out")" '^\{"models":\[.*\],"weights":\[[0-9.e-]+,[0-9.e-]+\],"tuning":\{"tokens":[0-9]+,"oovs":[0-9]+,"converged":true,"iterations":\[\{"iteration":0,"weights":\[0.5,0.5\],"perplexity":'
  expect_ok "$G" lm interpolate -m "$T/a.arpa" -m "$T/b.arpa" --tune "$T/dev.txt" -o "$T/tuned.arpa" -q
  [ ! -s "$T/out" ] && [ ! -s "$T/err" ] || fail "-q with -o printed something"
  assert_match "$(sed -n 4p "$T/tuned.arpa")" "^# component=1 weight=0\.[0-9]+ "
  expect_ok "$G" lm eval -m "$T/a.arpa" -m "$T/b.arpa" --weights $weights "$T/test.txt"
  assert_match "$(tail -n 1 "$T/out")" "^weights: "
}
check "--tune: iterations on stderr, weights on stdout, JSON" tuning

foreign_fixtures() {
  # KenLM's and SRILM's ARPA files of the same bigram model (test_foreign_arpa.sh derives its
  # figures by hand): their exact mixture scores as either, log10prob -4.4 with one OOV.
  local kenlm="$FIXTURES/foreign-bigram-kenlm.arpa" srilm="$FIXTURES/foreign-bigram-srilm.arpa"
  echo "the dog sat the" >"$T/foreign.txt"
  expect_ok "$G" lm eval -m "$kenlm" -m "$srilm" --weights 0.3 0.7 "$T/foreign.txt" --json
  assert_num "abs($(json_get "$T/out" log10prob) + 4.4) < 1e-5" "the mixture of KenLM's and SRILM's files"
  assert_eq "$(json_get "$T/out" oovs)" 1 "OOVs"
  # Merged: the n-grams of both (the same six and six), no tokenizer settings recorded.
  expect_ok "$G" lm interpolate -m "$kenlm" -m "$srilm" --weights 0.5 0.5 -o "$T/foreign-mix.arpa" -q
  assert_eq "$(grep -c '^ngram ' "$T/foreign-mix.arpa")" 2 "orders"
  assert_eq "$(grep '^ngram 1=' "$T/foreign-mix.arpa")" "ngram 1=6" "1-grams"
  assert_eq "$(grep '^ngram 2=' "$T/foreign-mix.arpa")" "ngram 2=6" "2-grams"
  assert_no_match "$(cat "$T/foreign-mix.arpa")" "tokenizer=" "a tokenizer line for foreign models"
  assert_match "$(cat "$T/foreign-mix.arpa")" "-0\.2[[:space:]]+<s> the" "the listed bigram keeps its probability"
}
check "KenLM's and SRILM's ARPA files" foreign_fixtures

finish
