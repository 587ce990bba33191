#!/usr/bin/env bash
# lm prune (entropy pruning): usage errors (exit 2), refused inputs (exit 1, one line naming the
# file), θ = 0 keeping the model, larger θ keeping fewer n-grams, ARPA / trie / hash / foreign inputs,
# ARPA / binary / stdout outputs, JSON.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

[ -f "$DATA/en-speeches.txt" ] || fail "bundled corpus $DATA/en-speeches.txt is missing"
sed -n '1,1500p' "$DATA/en-speeches.txt" >"$T/a.txt"
sed -n '7301,7600p' "$DATA/en-speeches.txt" >"$T/test.txt"
expect_ok "$G" lm train "$T/a.txt" -o "$T/a.arpa" --order 3 -q
expect_ok "$G" lm convert "$T/a.arpa" -o "$T/a-trie.gvlm" --layout trie -q
expect_ok "$G" lm convert "$T/a.arpa" -o "$T/a-hash.gvlm" -q
mkdir "$T/o"  # the output directory of the failing commands: stays empty

usage_errors() {
  local A="$T/a.arpa"
  refused "--threshold: '-1' is not a finite number >= 0" "$G" lm prune -m "$A" -o "$T/o/p.arpa" --threshold -1
  refused "--threshold: 'nan' is not a finite number >= 0" "$G" lm prune -m "$A" -o "$T/o/p.arpa" --threshold nan
  refused "--threshold: 'inf' is not a finite number >= 0" "$G" lm prune -m "$A" -o "$T/o/p.arpa" --threshold inf
  refused "--threshold: 'x' is not a finite number >= 0" "$G" lm prune -m "$A" -o "$T/o/p.arpa" --threshold x
  refused "--model is required" "$G" lm prune -o "$T/o/p.arpa" --threshold 1e-6
  refused "--output is required" "$G" lm prune -m "$A" --threshold 1e-6
  refused "give one of --threshold, --target-size and --target-bytes" "$G" lm prune -m "$A" -o "$T/o/p.arpa"
  refused "give one of --threshold, --target-size and --target-bytes" "$G" lm prune -m "$A" -o "$T/o/p.arpa" \
    --threshold 1e-6 --target-size 100
  refused "--target-size: '0' is below the minimum of 1" "$G" lm prune -m "$A" -o "$T/o/p.arpa" --target-size 0
  refused "--target-size: 'x' is not a whole number" "$G" lm prune -m "$A" -o "$T/o/p.arpa" --target-size x
  refused "--target-bytes: the size is that of a binary model; write one" "$G" lm prune -m "$A" -o "$T/o/p.arpa" \
    --target-bytes 1M
  refused "--target-bytes: '50%' is not a size" "$G" lm prune -m "$A" -o "$T/o/p.gvlm" --target-bytes 50%
  refused "--target-bytes: 'lots' is not a size" "$G" lm prune -m "$A" -o "$T/o/p.gvlm" --target-bytes lots
  refused "--json: prints on stdout, where -o - writes the model" "$G" lm prune -m "$A" -o - --threshold 1e-6 --json
  refused "--quantize: needs --layout trie" "$G" lm prune -m "$A" -o "$T/o/p.gvlm" --threshold 1e-6 --quantize 8
  refused "-o .* is the same file as the model .*a.arpa: it would be overwritten" "$G" lm prune -m "$A" -o "$A" --threshold 1e-6
  refused "--form: 'linear' is not a pruned form \(auto, backoff or interpolated\)" "$G" lm prune -m "$A" -o "$T/o/p.arpa" \
    --threshold 1e-6 --form linear
  refused "--prune-form: only with --prune-entropy" "$G" lm train "$T/a.txt" -o "$T/o/t.arpa" --order 3 --prune-form interpolated
}
check "usage errors exit 2 before anything is written" usage_errors

refused_inputs() {
  expect_ok "$G" lm train "$T/a.txt" -o "$T/stupid.arpa" --order 2 --smoothing stupid -q
  expect_error 1 "stupid.arpa: a stupid model gives scores, not probabilities, and cannot be pruned" -- \
    "$G" lm prune -m "$T/stupid.arpa" -o "$T/o/p.arpa" --threshold 1e-6
  expect_error 1 "missing.arpa" -- "$G" lm prune -m "$T/missing.arpa" -o "$T/o/p.arpa" --threshold 1e-6
  printf 'not a model\n' >"$T/garbage.arpa"
  expect_error 1 "garbage.arpa" -- "$G" lm prune -m "$T/garbage.arpa" -o "$T/o/p.arpa" --threshold 1e-6
  # ARPA is read straight into the pruner: a word that is no 1-gram, an n-gram listed twice.
  printf '\\data\\\nngram 1=3\nngram 2=2\n\n\\1-grams:\n-1 <s> -0.3\n-0.5 a -0.2\n-0.5 </s>\n\n\\2-grams:\n-0.2 <s> a\n-0.3 a b\n\n\\end\\\n' \
    >"$T/unknown-word.arpa"
  expect_error 1 "unknown-word.arpa:12: word 'b' is not among the 1-grams" -- \
    "$G" lm prune -m "$T/unknown-word.arpa" -o "$T/o/p.arpa" --threshold 1e-6
  sed 's/^-0.3 a b$/-0.3 <s> a/' "$T/unknown-word.arpa" >"$T/twice.arpa"
  sed 's/<s>/<t>/g' "$T/twice.arpa" | sed 's/^-0.3 <t> a$/-0.3 a a/' >"$T/no-bos.arpa"
  expect_error 1 "no-bos.arpa: the model has no <s> 1-gram" -- "$G" lm prune -m "$T/no-bos.arpa" -o "$T/o/p.arpa" --threshold 1e-6
  expect_error 1 "twice.arpa: the 2-gram '<s> a' is listed twice" -- \
    "$G" lm prune -m "$T/twice.arpa" -o "$T/o/p.arpa" --threshold 1e-6
  [ -z "$(ls -A "$T/o")" ] || fail "a failed command left output behind: $(ls -A "$T/o")"
}
check "stupid-backoff, missing and malformed models: one-line errors" refused_inputs

# log10 probability of the test text under a model.
logprob() { "$G" lm eval -m "$1" "$T/test.txt" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["log10prob"])'; }

zero_threshold() {
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/p0.arpa" --threshold 0 -q
  assert_eq "$(arpa_counts "$T/p0.arpa")" "$(arpa_counts "$T/a.arpa")" "θ = 0 keeps every n-gram"
  local original pruned
  original=$(logprob "$T/a.arpa")
  pruned=$(logprob "$T/p0.arpa")
  assert_num "abs($pruned - ($original)) < 1e-6 * abs($original)" "θ = 0 scores as the original"
}
check "θ = 0 removes nothing and keeps the scores" zero_threshold

thresholds() {
  local previous="" counts n3 previous_n3=999999999 previous_total=999999999 total
  local original
  original=$(logprob "$T/a.arpa")
  for theta in 1e-8 1e-7 1e-6 1e-5 1e-4 1; do
    expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/p.arpa" --threshold "$theta" --json
    counts=$(arpa_counts "$T/p.arpa")
    assert_eq "$(json_get "$T/out" ngrams | tr -d '[] ' | tr ',' ' ')" "$counts" "JSON n-grams = the file's"
    total=$(awk '{print $2 + $3}' <<<"$counts")
    assert_num "$total <= $previous_total" "θ=$theta keeps no more n-grams than a smaller θ"
    previous_total=$total
    # Pruning costs likelihood on held-out text, never gains much.
    local pruned
    pruned=$(logprob "$T/p.arpa")
    assert_num "$pruned <= $original + 0.01 * abs($original)" "θ=$theta: no large gain"
  done
  # θ = 1: every n-gram above the 1-grams goes (none is needed as a context any more).
  assert_match "$(arpa_counts "$T/p.arpa")" "^[0-9]+ 0 0$"
  assert_match "$(json_get "$T/out" ngrams_before)" "^\[[0-9]+, [0-9]+, [0-9]+\]$"
  # A kept n-gram keeps its probability (only backoff weights are recomputed).
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/p.arpa" --threshold 1e-6 -q
  LC_ALL=C awk -F'\t' 'FNR == 1 { file++ } /^\\[0-9]+-grams:$/ { in_grams = 1; next } /^\\end\\$/ { in_grams = 0 }
    in_grams && NF >= 2 { if (file == 1) p[$2] = $1; else { kept++; d = $1 - p[$2]; if (!($2 in p) || d > 1e-6 || d < -1e-6) { print "changed: " $0; bad = 1; exit } } }
    END { if (bad || kept == 0) exit 1 }' "$T/a.arpa" "$T/p.arpa" || fail "a kept n-gram changed its probability"
}
check "larger thresholds keep fewer n-grams; θ = 1 keeps only the 1-grams" thresholds

outputs() {
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/p.arpa" --threshold 1e-6
  assert_match "$(cat "$T/err")" "^gramvec lm prune: order 3, backoff form, threshold 1e-06: n-grams \[[0-9 ]+\] -> \[[0-9 ]+\], [0-9.]+s -> "
  assert_match "$(sed -n 2p "$T/p.arpa")" "^# order=3 smoothing=mkn$"
  assert_match "$(sed -n 3p "$T/p.arpa")" "^# tokenizer=word lower=0 normalize=nfkc$"
  assert_match "$(sed -n 4p "$T/p.arpa")" "^# pruned=entropy threshold=1e-06 form=[a-z]* model="
  # The trie model as input gives the same model; stdout; binary outputs score as the ARPA one.
  expect_ok "$G" lm prune -m "$T/a-trie.gvlm" -o - --threshold 1e-6 -q
  diff <(sed 1,4d "$T/out") <(sed 1,4d "$T/p.arpa") >/dev/null || fail "the trie input prunes differently"
  expect_ok "$G" lm prune -m "$T/a-hash.gvlm" -o - --threshold 1e-6 -q
  diff <(sed 1,4d "$T/out") <(sed 1,4d "$T/p.arpa") >/dev/null || fail "the hash input prunes differently"
  [ ! -s "$T/err" ] || fail "-q printed on stderr"
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/p.gvlm" --layout trie --threshold 1e-6 -q
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/p-hash.gvlm" --threshold 1e-6 -q
  local arpa
  arpa=$(logprob "$T/p.arpa")
  assert_eq "$(logprob "$T/p.gvlm")" "$arpa" "the trie model scores as the ARPA model"
  assert_eq "$(logprob "$T/p-hash.gvlm")" "$arpa" "the hash model scores as the ARPA model"
  assert_no_tmp_files "$T"
}
check "ARPA, trie and stdout outputs; trie and hash inputs" outputs

foreign_fixtures() {
  local kenlm="$FIXTURES/foreign-bigram-kenlm.arpa" srilm="$FIXTURES/foreign-bigram-srilm.arpa"
  expect_ok "$G" lm prune -m "$kenlm" -o "$T/kenlm-0.arpa" --threshold 0 -q
  expect_ok "$G" lm prune -m "$srilm" -o "$T/srilm-0.arpa" --threshold 0 -q
  assert_eq "$(arpa_counts "$T/kenlm-0.arpa")" "$(arpa_counts "$kenlm")" "KenLM's ARPA at θ = 0"
  assert_eq "$(arpa_counts "$T/srilm-0.arpa")" "$(arpa_counts "$srilm")" "SRILM's ARPA at θ = 0"
  expect_ok "$G" lm prune -m "$srilm" -o "$T/srilm-1.arpa" --threshold 1 -q
  assert_match "$(arpa_counts "$T/srilm-1.arpa")" "^[0-9]+ 0$"
}
check "KenLM's and SRILM's ARPA files" foreign_fixtures

targets() {
  local all
  all=$(arpa_counts "$T/a.arpa" | awk '{print $1 + $2 + $3}')
  local target=$((all / 3))
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/s.arpa" --target-size "$target" --json
  local got
  got=$(arpa_counts "$T/s.arpa" | awk '{print $1 + $2 + $3}')
  assert_num "$got <= $target && $got > 0.9 * $target" "--target-size $target: $got n-grams, just within"
  assert_num "$(json_get "$T/out" thresholds_tried) > 3" "the search tried thresholds"
  # The threshold reported gives the same model.
  local theta
  theta=$(json_get "$T/out" threshold)
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/s2.arpa" --threshold "$theta" -q
  diff <(sed 1,4d "$T/s.arpa") <(sed 1,4d "$T/s2.arpa") >/dev/null || fail "--threshold $theta differs from the search's model"
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/s.arpa" --target-size "$all" -q
  assert_eq "$(arpa_counts "$T/s.arpa")" "$(arpa_counts "$T/a.arpa")" "a target of the whole size prunes nothing"
  expect_error 1 "--target-size 5: the smallest model entropy pruning reaches has [0-9]+ n-grams" -- \
    "$G" lm prune -m "$T/a.arpa" -o "$T/o/s.arpa" --target-size 5

  # --target-bytes: the file is at most that size, and as large as pruning can make it within.
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/full.gvlm" --layout trie --threshold 0 -q
  local full=$(stat -c %s "$T/full.gvlm") bytes
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/b.gvlm" --layout trie --target-bytes $((full / 2)) --json
  bytes=$(stat -c %s "$T/b.gvlm")
  assert_eq "$(json_get "$T/out" bytes)" "$bytes" "JSON bytes = the file's size"
  assert_num "$bytes <= $full / 2 && $bytes > 0.4 * $full" "--target-bytes $((full / 2)): $bytes bytes"
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/full-hash.gvlm" --threshold 0 -q
  local kib=$(($(stat -c %s "$T/full-hash.gvlm") * 3 / 4 / 1024))
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/b.gvlm" --target-bytes "${kib}K"
  assert_match "$(cat "$T/err")" "^gramvec lm prune: order 3, backoff form, threshold [0-9.e+-]+ \(found in [0-9]+ tries\): n-grams \[[0-9 ]+\] -> \[[0-9 ]+\], [0-9]+ bytes, "
  assert_num "$(stat -c %s "$T/b.gvlm") <= $kib * 1024" "--target-bytes ${kib}K (hash layout)"
  assert_no_tmp_files "$T"
}
check "--target-size and --target-bytes search the threshold" targets

history_model() {
  # The model as its own history model changes nothing; another one changes the choice.
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/own.arpa" --threshold 1e-5 -q
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/self.arpa" --threshold 1e-5 --history-model "$T/a.arpa" --json
  assert_eq "$(json_get "$T/out" history_model)" "$T/a.arpa" "JSON names the history model"
  assert_eq "$(arpa_counts "$T/self.arpa")" "$(arpa_counts "$T/own.arpa")" "the model as its own history"
  expect_ok "$G" lm train "$T/a.txt" -o "$T/uni.arpa" --order 1 -q
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/flat.arpa" --threshold 1e-5 --history-model "$T/uni.arpa" -q
  [ "$(arpa_counts "$T/flat.arpa")" != "$(arpa_counts "$T/own.arpa")" ] || fail "a unigram history model changed nothing"
  expect_error 1 "missing.arpa" -- "$G" lm prune -m "$T/a.arpa" -o "$T/o/p.arpa" --threshold 1e-5 \
    --history-model "$T/missing.arpa"
}
check "--history-model: P(h) from another model" history_model

train_in_one_go() {
  refused "--prune-entropy: '-1' is not a finite number >= 0" "$G" lm train "$T/a.txt" -o "$T/o/t.arpa" --order 3 --prune-entropy -1
  refused "--prune-entropy: 'nan' is not a finite number >= 0" "$G" lm train "$T/a.txt" -o "$T/o/t.arpa" --order 3 --prune-entropy nan
  refused "--prune-entropy: a stupid model gives scores, not probabilities" "$G" lm train "$T/a.txt" -o "$T/o/t.arpa" --order 3 --prune-entropy 1e-6 --smoothing stupid
  refused "--prune-entropy: not available with --memory" "$G" lm train "$T/a.txt" -o "$T/o/t.arpa" --order 3 --prune-entropy 1e-6 --memory 64M
  expect_ok "$G" lm train "$T/a.txt" -o "$T/t.arpa" --order 3 --prune-entropy 1e-6 --json
  assert_eq "$(json_get "$T/out" ngrams | tr -d '[] ' | tr ',' ' ')" "$(arpa_counts "$T/t.arpa")" "JSON n-grams"
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/p.arpa" --threshold 1e-6 -q
  assert_eq "$(arpa_counts "$T/t.arpa")" "$(arpa_counts "$T/p.arpa")" "train --prune-entropy keeps what lm prune keeps"
  # The same n-grams (the values differ in the last digits: lm prune reads 32-bit floats).
  cmp -s <(sed -n '/^\\data\\/,$p' "$T/t.arpa" | cut -f2) <(sed -n '/^\\data\\/,$p' "$T/p.arpa" | cut -f2) \
    || fail "train --prune-entropy keeps other n-grams than lm prune"
  assert_match "$(grep -m1 '^# pruned=' "$T/t.arpa")" "^# pruned=entropy threshold=1e-06 form=[a-z]*$"
  # With a history model, as lm prune --history-model.
  expect_ok "$G" lm train "$T/a.txt" -o "$T/uni.arpa" --order 1 -q
  expect_ok "$G" lm train "$T/a.txt" -o "$T/th.arpa" --order 3 --prune-entropy 1e-5 --prune-history-model "$T/uni.arpa" -q
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/ph.arpa" --threshold 1e-5 --history-model "$T/uni.arpa" -q
  assert_eq "$(arpa_counts "$T/th.arpa")" "$(arpa_counts "$T/ph.arpa")" "train --prune-history-model keeps what lm prune --history-model keeps"
  refused "--prune-history-model: only with --prune-entropy" "$G" lm train "$T/a.txt" -o "$T/o/t.arpa" --order 3 \
    --prune-history-model "$T/uni.arpa"
  refused "-o .* is the same file as the --history-model .*uni.arpa: it would be overwritten" "$G" lm prune -m "$T/a.arpa" -o "$T/uni.arpa" --threshold 1e-5 \
    --history-model "$T/uni.arpa"
  local trained pruned
  trained=$(logprob "$T/t.arpa")
  pruned=$(logprob "$T/p.arpa")
  assert_num "abs($trained - ($pruned)) < 1e-5 * abs($pruned)" "train --prune-entropy scores as lm prune"
}
check "lm train --prune-entropy: training and pruning in one go" train_in_one_go

pruned_form() {
  # The default is SRILM's backoff form; a Kneser-Ney model has the interpolated one too.
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/fb.arpa" --threshold 1e-5 --json
  assert_eq "$(json_get "$T/out" form)" "backoff" "default form"
  expect_ok "$G" lm prune -m "$T/a.arpa" -o "$T/fi.arpa" --threshold 1e-5 --form interpolated --json
  assert_eq "$(json_get "$T/out" form)" "interpolated" "--form interpolated"
  assert_match "$(grep -m1 '^# pruned=' "$T/fi.arpa")" "^# pruned=entropy threshold=1e-05 form=interpolated model="
  expect_ok "$G" lm prune -m "$T/a-trie.gvlm" -o "$T/fa.arpa" --threshold 1e-5 --form auto
  assert_match "$(cat "$T/err")" "^gramvec lm prune: order 3, interpolated form, threshold 1e-05: "
  # The forms write different models: in the interpolated one an n-gram that stays gains its
  # part of the removed mass.
  cmp -s <(sed -n '/^\\data\\/,$p' "$T/fb.arpa") <(sed -n '/^\\data\\/,$p' "$T/fi.arpa") \
    && fail "the two forms wrote the same model"
  # Both score the test text, and train --prune-form gives what lm prune --form gives.
  assert_num "$(logprob "$T/fi.arpa") < 0" "the interpolated form scores"
  expect_ok "$G" lm train "$T/a.txt" -o "$T/ti.arpa" --order 3 --prune-entropy 1e-5 --prune-form interpolated -q
  assert_eq "$(arpa_counts "$T/ti.arpa")" "$(arpa_counts "$T/fi.arpa")" "train --prune-form keeps what lm prune --form keeps"
  # A Katz model has not the interpolated form: refused by name, kept in backoff form by auto.
  expect_ok "$G" lm train "$T/a.txt" -o "$T/katz.arpa" --order 3 --smoothing katz -q
  expect_error 1 "katz.arpa: the model is not an interpolated estimate: '.*' is less probable than backing off would make it" -- \
    "$G" lm prune -m "$T/katz.arpa" -o "$T/o/p.arpa" --threshold 1e-5 --form interpolated
  expect_error 1 "--prune-form: the model is not an interpolated estimate" -- \
    "$G" lm train "$T/a.txt" -o "$T/o/t.arpa" --order 3 --smoothing katz --prune-entropy 1e-5 --prune-form interpolated
  expect_ok "$G" lm prune -m "$T/katz.arpa" -o "$T/ka.arpa" --threshold 1e-5 --form auto --json
  assert_eq "$(json_get "$T/out" form)" "backoff" "auto on a Katz model"
  [ -z "$(ls -A "$T/o")" ] || fail "a failed command left output behind: $(ls -A "$T/o")"
}
check "--form: SRILM's backoff form, or the interpolated form of count pruning" pruned_form

finish
