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

tokenizer_options() {
  refused "--mode: .*'bogus'" "$G" tokenize "$CORPUS" -o "$T/o/t.txt" --mode bogus
  refused "--normalize: .*'nfd'" "$G" tokenize "$CORPUS" -o "$T/o/t.txt" --normalize nfd
  refused "--on-invalid: .*'ignore'" "$G" tokenize "$CORPUS" -o "$T/o/t.txt" --on-invalid ignore
  refused "--tokenizer: .*'bogus'" "$G" vocab "$CORPUS" -o "$T/o/v.vocab" --tokenizer bogus
  refused "--normalize: .*'nfd'" "$G" vocab "$CORPUS" -o "$T/o/v.vocab" --normalize nfd
  refused "--tokenizer: .*'bogus'" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --tokenizer bogus
  refused "--normalize: .*'nfd'" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --normalize nfd
  refused "--on-invalid: .*'ignore'" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --on-invalid ignore
  refused "--tokenizer: .*'bogus'" "$G" lm count "$CORPUS" -o "$T/o/c.counts" --order 2 --tokenizer bogus
  refused "--tokenizer: .*'bogus'" "$G" lm score -m "$T/model.arpa" "$CORPUS" --tokenizer bogus
  refused "--normalize: .*'nfd'" "$G" lm eval -m "$T/model.arpa" "$CORPUS" --normalize nfd
  refused "--on-invalid: .*'ignore'" "$G" lm eval -m "$T/model.arpa" "$CORPUS" --on-invalid ignore
  refused "--tokenizer: .*'bogus'" "$G" w2v train "$CORPUS" -o "$T/o/w.vec" --tokenizer bogus
  refused "--normalize: .*'nfd'" "$G" w2v train "$CORPUS" -o "$T/o/w.vec" --normalize nfd
  refused "--on-invalid: .*'ignore'" "$G" w2v train "$CORPUS" -o "$T/o/w.vec" --on-invalid ignore
}
check "tokenizer options of every command" tokenizer_options

vocab_options() {
  refused "--min-count: '0'" "$G" vocab "$CORPUS" -o "$T/o/v.vocab" --min-count 0
  refused "--max-size: '-1'" "$G" vocab "$CORPUS" -o "$T/o/v.vocab" --max-size -1
}
check "vocab" vocab_options

lm_train_options() {
  refused "--order: '0' is not a whole number from 1 to 10" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 0
  refused "--order: '11' is not a whole number from 1 to 10" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 11
  refused "--order: '-3'" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order -3
  refused "--min-count: '0'" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --min-count 0
  refused "--prune: '-1'" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --prune -1
  refused "--threads: '-1'" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --threads -1
  refused "--layout: unknown --layout 'tree'" "$G" lm train "$CORPUS" -o "$T/o/m.gvlm" --order 2 --layout tree
  refused "--space must be from 1.05 to 10, not 0.5" "$G" lm train "$CORPUS" -o "$T/o/m.gvlm" --order 2 --space 0.5
  refused "--quantize: '17'" "$G" lm train "$CORPUS" -o "$T/o/m.gvlm" --order 2 --layout trie --quantize 17
  refused "--quantize: needs --layout trie" "$G" lm train "$CORPUS" -o "$T/o/m.gvlm" --order 2 --quantize 8
  refused "--memory: 'abc' is not a memory size" "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --memory abc
  refused "--memory: '1M' is too small: the smallest that works is 4M" \
    "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --memory 1M
  refused "--prune: not available with --memory" \
    "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --memory 64M --prune 1
  refused "--temp-dir: applies with --memory only" \
    "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 2 --temp-dir "$T"
}
check "lm train" lm_train_options

lm_count_options() {
  refused "--order: '0' is not a whole number from 1 to 10" "$G" lm count "$CORPUS" -o "$T/o/c.counts" --order 0
  refused "--order: '11' is not a whole number from 1 to 10" "$G" lm count "$CORPUS" -o "$T/o/c.counts" --order 11
  refused "--threads: '-1'" "$G" lm count "$CORPUS" -o "$T/o/c.counts" --order 2 --threads -1
}
check "lm count" lm_count_options

lm_model_options() {
  refused "--layout: unknown --layout 'tree'" "$G" lm convert "$T/model.arpa" -o "$T/o/m.gvlm" --layout tree
  refused "--space must be from 1.05 to 10, not 11" "$G" lm convert "$T/model.arpa" -o "$T/o/m.gvlm" --space 11
  refused "--quantize: '0'" "$G" lm convert "$T/model.arpa" -o "$T/o/m.gvlm" --layout trie --quantize 0
  refused "--threads: '-1'" "$G" lm eval -m "$T/model.arpa" "$CORPUS" --threads -1
  refused "(-n|--count): '-1'" "$G" lm generate -m "$T/model.arpa" -n -1
  refused "--max-tokens: '0'" "$G" lm generate -m "$T/model.arpa" --max-tokens 0
}
check "lm convert, eval, generate" lm_model_options

w2v_train_options() {
  local train=("$G" w2v train "$CORPUS" -o "$T/o/w.vec")
  refused "--dim must be 1 to 10000, not 0" "${train[@]}" --dim 0
  refused "--dim must be 1 to 10000, not 10001" "${train[@]}" --dim 10001
  refused "--window must be 1 to 1000, not 0" "${train[@]}" --window 0
  refused "--negative must be 1 to 1000 with --loss ns, not 0" "${train[@]}" --negative 0
  refused "--sample must be 0 or more" "${train[@]}" --sample -1
  refused "--ns-exponent must be 0 to 2" "${train[@]}" --ns-exponent 3
  refused "--min-count must be at least 1" "${train[@]}" --min-count 0
  refused "--epochs must be 1 or more, not 0" "${train[@]}" --epochs 0
  refused "--alpha: .-1. is not a number above 0" "${train[@]}" --alpha -1
  refused "--alpha: .0. is not a number above 0" "${train[@]}" --alpha 0
  refused "--alpha: .nan. is not a number above 0" "${train[@]}" --alpha nan
  refused "--model: unknown --model 'rnn'" "${train[@]}" --model rnn
  refused "--loss: unknown --loss 'softmax'" "${train[@]}" --loss softmax
  refused "--subsampling: unknown --subsampling 'bogus'" "${train[@]}" --subsampling bogus
  refused "--format: unknown vector format 'json'" "${train[@]}" --format json
  refused "--threads: '-1'" "${train[@]}" --threads -1
  refused "--seed: '-1'" "${train[@]}" --seed -1
}
check "w2v train" w2v_train_options

w2v_resume_options() {
  local resume=("$G" w2v train "$CORPUS" -o "$T/o/w.vec" --resume "$T/w2v.state")
  refused "--dim cannot be changed when resuming: it comes from the training state" "${resume[@]}" --epochs 2 --dim 16
  refused "--model cannot be changed when resuming" "${resume[@]}" --epochs 2 --model cbow
  refused "--epochs must be 1 or more, not 0" "${resume[@]}" --epochs 0
  refused "w2v.state has done 1 of 1 epoch\(s\): nothing left to train \(raise --epochs\)" "${resume[@]}"
  refused "w2v.state has done 1 of 1 epoch\(s\): nothing left to train" "${resume[@]}" --epochs 1
}
check "w2v train --resume" w2v_resume_options

w2v_query_options() {
  local tiny="$FIXTURES/w2v/tiny.vec"
  refused "-k: '-1'" "$G" w2v nearest -m "$tiny" king -k -1
  refused "--method: unknown analogy method 'sub'" "$G" w2v analogy -m "$tiny" man king woman --method sub
  refused "--method: unknown analogy method 'sub'" \
    "$G" w2v eval -m "$tiny" --analogies "$FIXTURES/w2v/tiny-questions.txt" --method sub
  refused "--restrict: '-1'" "$G" w2v eval -m "$tiny" --analogies "$FIXTURES/w2v/tiny-questions.txt" --restrict -1
  refused "nothing to evaluate: give --analogies FILE and/or --similarity FILE" "$G" w2v eval -m "$tiny"
}
check "w2v nearest, analogy, eval" w2v_query_options

finish "every bad option value is a usage error"
