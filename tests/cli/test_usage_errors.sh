#!/usr/bin/env bash
# Usage errors: a bad option value, or options that do not go together, in every command, exit
# with code 2 and one line "gramvec: usage error: ... (see --help)" naming the option, before
# anything is written. (lm train's --smoothing, --k and --discount: test_usage_errors_smoothing.sh;
# missing and unknown options: test_bad_input.sh and the tests of each command.)
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

[ -f "$DATA/en-speeches.txt" ] || fail "bundled corpus $DATA/en-speeches.txt is missing"
CORPUS="$T/small.txt"
head -n 300 "$DATA/en-speeches.txt" >"$CORPUS"
expect_ok "$G" lm train "$CORPUS" -o "$T/model.arpa" --order 3 -q
expect_ok "$G" w2v train "$CORPUS" -o "$T/vectors.vec" --dim 8 --epochs 1 --min-count 2 --threads 1 -q \
  --save-state "$T/w2v.state"
mkdir "$T/o"  # the output directory of the failing commands: stays empty

# bad_value PATTERN CMD...: a usage error matching PATTERN, pointing to --help; nothing written.
bad_value() {
  local pattern=$1
  shift
  expect_usage_error "$pattern" -- "$@"
  grep -q ' (see --help)$' "$T/err" || fail "the usage error does not point to --help"
  [ -z "$(ls -A "$T/o")" ] || fail "a usage error left output behind: $(ls -A "$T/o")"
}

tokenizer_options() {
  bad_value "--mode: .*'bogus'" "$G" tokenize "$CORPUS" -o "$T/o/t.txt" --mode bogus
  bad_value "--normalize: .*'nfd'" "$G" tokenize "$CORPUS" -o "$T/o/t.txt" --normalize nfd
  bad_value "--on-invalid: .*'ignore'" "$G" tokenize "$CORPUS" -o "$T/o/t.txt" --on-invalid ignore
  bad_value "--tokenizer: .*'bogus'" "$G" vocab "$CORPUS" -o "$T/o/v.vocab" --tokenizer bogus
  bad_value "--normalize: .*'nfd'" "$G" vocab "$CORPUS" -o "$T/o/v.vocab" --normalize nfd
  bad_value "--tokenizer: .*'bogus'" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --tokenizer bogus
  bad_value "--normalize: .*'nfd'" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --normalize nfd
  bad_value "--on-invalid: .*'ignore'" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --on-invalid ignore
  bad_value "--tokenizer: .*'bogus'" "$G" lm count "$CORPUS" -o "$T/o/c.counts" --order 2 --tokenizer bogus
  bad_value "--tokenizer: .*'bogus'" "$G" lm score -m "$T/model.arpa" "$CORPUS" --tokenizer bogus
  bad_value "--normalize: .*'nfd'" "$G" lm eval -m "$T/model.arpa" "$CORPUS" --normalize nfd
  bad_value "--on-invalid: .*'ignore'" "$G" lm eval -m "$T/model.arpa" "$CORPUS" --on-invalid ignore
  bad_value "--tokenizer: .*'bogus'" "$G" w2v train "$CORPUS" -o "$T/o/w.vec" --tokenizer bogus
  bad_value "--normalize: .*'nfd'" "$G" w2v train "$CORPUS" -o "$T/o/w.vec" --normalize nfd
  bad_value "--on-invalid: .*'ignore'" "$G" w2v train "$CORPUS" -o "$T/o/w.vec" --on-invalid ignore
}
check "tokenizer options of every command" tokenizer_options

vocab_options() {
  bad_value "--min-count: '0'" "$G" vocab "$CORPUS" -o "$T/o/v.vocab" --min-count 0
  bad_value "--max-size: '-1'" "$G" vocab "$CORPUS" -o "$T/o/v.vocab" --max-size -1
}
check "vocab" vocab_options

lm_train_options() {
  bad_value "--order: '0' is not a whole number from 1 to 10" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 0
  bad_value "--order: '11' is not a whole number from 1 to 10" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 11
  bad_value "--order: '-3'" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order -3
  bad_value "--min-count: '0'" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --min-count 0
  bad_value "--prune: '-1'" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --prune -1
  bad_value "--threads: '-1'" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --threads -1
  bad_value "--layout: unknown --layout 'tree'" "$G" lm train "$CORPUS" -o "$T/o/m.gvlm" --order 2 --layout tree
  bad_value "--space must be from 1.05 to 10, not 0.5" "$G" lm train "$CORPUS" -o "$T/o/m.gvlm" --order 2 --space 0.5
  bad_value "--quantize: '17'" "$G" lm train "$CORPUS" -o "$T/o/m.gvlm" --order 2 --layout trie --quantize 17
  bad_value "--quantize: needs --layout trie" "$G" lm train "$CORPUS" -o "$T/o/m.gvlm" --order 2 --quantize 8
  bad_value "--memory: 'abc' is not a memory size" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --memory abc
  bad_value "--memory: '1M' is too small: the smallest that works is 4M" \
    "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --memory 1M
  bad_value "--prune: not available with --memory" \
    "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --memory 64M --prune 1
  bad_value "--temp-dir: applies with --memory only" \
    "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --temp-dir "$T"
}
check "lm train" lm_train_options

lm_count_options() {
  bad_value "--order: '0' is not a whole number from 1 to 10" "$G" lm count "$CORPUS" -o "$T/o/c.counts" --order 0
  bad_value "--order: '11' is not a whole number from 1 to 10" "$G" lm count "$CORPUS" -o "$T/o/c.counts" --order 11
  bad_value "--threads: '-1'" "$G" lm count "$CORPUS" -o "$T/o/c.counts" --order 2 --threads -1
}
check "lm count" lm_count_options

lm_model_options() {
  bad_value "--layout: unknown --layout 'tree'" "$G" lm convert "$T/model.arpa" -o "$T/o/m.gvlm" --layout tree
  bad_value "--space must be from 1.05 to 10, not 11" "$G" lm convert "$T/model.arpa" -o "$T/o/m.gvlm" --space 11
  bad_value "--quantize: '0'" "$G" lm convert "$T/model.arpa" -o "$T/o/m.gvlm" --layout trie --quantize 0
  bad_value "--threads: '-1'" "$G" lm eval -m "$T/model.arpa" "$CORPUS" --threads -1
  bad_value "(-n|--count): '-1'" "$G" lm generate -m "$T/model.arpa" -n -1
  bad_value "--max-tokens: '0'" "$G" lm generate -m "$T/model.arpa" --max-tokens 0
}
check "lm convert, eval, generate" lm_model_options

w2v_train_options() {
  local train=("$G" w2v train "$CORPUS" -o "$T/o/w.vec")
  bad_value "--dim must be 1 to 10000, not 0" "${train[@]}" --dim 0
  bad_value "--dim must be 1 to 10000, not 10001" "${train[@]}" --dim 10001
  bad_value "--window must be 1 to 1000, not 0" "${train[@]}" --window 0
  bad_value "--negative must be 1 to 1000 with --loss ns, not 0" "${train[@]}" --negative 0
  bad_value "--sample must be 0 or more" "${train[@]}" --sample -1
  bad_value "--ns-exponent must be 0 to 2" "${train[@]}" --ns-exponent 3
  bad_value "--min-count must be at least 1" "${train[@]}" --min-count 0
  bad_value "--epochs must be 1 or more, not 0" "${train[@]}" --epochs 0
  bad_value "--alpha: .-1. is not a number above 0" "${train[@]}" --alpha -1
  bad_value "--alpha: .0. is not a number above 0" "${train[@]}" --alpha 0
  bad_value "--alpha: .nan. is not a number above 0" "${train[@]}" --alpha nan
  bad_value "--model: unknown --model 'rnn'" "${train[@]}" --model rnn
  bad_value "--loss: unknown --loss 'softmax'" "${train[@]}" --loss softmax
  bad_value "--subsampling: unknown --subsampling 'bogus'" "${train[@]}" --subsampling bogus
  bad_value "--format: unknown vector format 'json'" "${train[@]}" --format json
  bad_value "--threads: '-1'" "${train[@]}" --threads -1
  bad_value "--seed: '-1'" "${train[@]}" --seed -1
}
check "w2v train" w2v_train_options

w2v_resume_options() {
  local resume=("$G" w2v train "$CORPUS" -o "$T/o/w.vec" --resume "$T/w2v.state")
  bad_value "--dim cannot be changed when resuming: it comes from the training state" "${resume[@]}" --epochs 2 --dim 16
  bad_value "--model cannot be changed when resuming" "${resume[@]}" --epochs 2 --model cbow
  bad_value "--epochs must be 1 or more, not 0" "${resume[@]}" --epochs 0
  bad_value "w2v.state has done 1 of 1 epoch\(s\): nothing left to train \(raise --epochs\)" "${resume[@]}"
  bad_value "w2v.state has done 1 of 1 epoch\(s\): nothing left to train" "${resume[@]}" --epochs 1
}
check "w2v train --resume" w2v_resume_options

w2v_query_options() {
  local tiny="$FIXTURES/w2v/tiny.vec"
  bad_value "-k: '-1'" "$G" w2v nearest -m "$tiny" king -k -1
  bad_value "--method: unknown analogy method 'sub'" "$G" w2v analogy -m "$tiny" man king woman --method sub
  bad_value "--method: unknown analogy method 'sub'" \
    "$G" w2v eval -m "$tiny" --analogies "$FIXTURES/w2v/tiny-questions.txt" --method sub
  bad_value "--restrict: '-1'" "$G" w2v eval -m "$tiny" --analogies "$FIXTURES/w2v/tiny-questions.txt" --restrict -1
  bad_value "nothing to evaluate: give --analogies FILE and/or --similarity FILE" "$G" w2v eval -m "$tiny"
}
check "w2v nearest, analogy, eval" w2v_query_options

finish "every bad option value is a usage error"
