#!/usr/bin/env bash
# Binary models on PTB (Mikolov's version, ../shared/data/ptb): the order-5 hash and trie models'
# per-word probabilities equal the ARPA model's on the whole test set, and the trie quantized to
# 8 bits stays within 1% of its perplexity. Skipped (exit 77) without the shared data.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON checks need it"

PTB="$SHARED/ptb"
if [ ! -f "$PTB/ptb.train.txt" ] || [ ! -f "$PTB/ptb.test.txt" ]; then
  skip "PTB not found at $PTB (set GRAMVEC_SHARED_DATA_DIR to the shared data directory)"
fi

expect_ok "$G" lm train "$PTB/ptb.train.txt" --order 5 --tokenizer space -o "$T/ptb.arpa" --quiet
expect_ok "$G" lm convert "$T/ptb.arpa" -o "$T/ptb.gvlm" --quiet
expect_ok "$G" lm score -m "$T/ptb.arpa" --per-word "$PTB/ptb.test.txt"
mv "$T/out" "$T/ptb-arpa.txt"
expect_ok "$G" lm score -m "$T/ptb.gvlm" --per-word "$PTB/ptb.test.txt"
# Same words, orders and probabilities to 1e-6 (they are the same floats: compared exactly).
cmp -s "$T/ptb-arpa.txt" "$T/out" || fail "PTB order 5: binary per-word scores differ from ARPA"
expect_ok "$G" lm eval -m "$T/ptb.gvlm" "$PTB/ptb.test.txt" --json
assert_num "abs($(json_get "$T/out" perplexity) - 141.19) < 0.01" "PTB order-5 perplexity from the binary model"
# The trie: the same floats; quantized to 8 bits, perplexity within 1e-2 relative of 141.19
# (141.20 here).
expect_ok "$G" lm convert "$T/ptb.arpa" -o "$T/ptb-trie.gvlm" --layout trie --quiet
expect_ok "$G" lm score -m "$T/ptb-trie.gvlm" --per-word "$PTB/ptb.test.txt"
cmp -s "$T/ptb-arpa.txt" "$T/out" || fail "PTB order 5: trie per-word scores differ from ARPA"
expect_ok "$G" lm convert "$T/ptb.arpa" -o "$T/ptb-q8.gvlm" --layout trie --quantize 8 --quiet
expect_ok "$G" lm eval -m "$T/ptb-q8.gvlm" "$PTB/ptb.test.txt" --json
assert_num "abs($(json_get "$T/out" perplexity) / 141.19 - 1) < 0.01" "PTB order-5 perplexity from the quantized trie"
note "PTB order 5: hash $(stat -c %s "$T/ptb.gvlm") bytes, trie $(stat -c %s "$T/ptb-trie.gvlm")," \
  "quantized trie $(stat -c %s "$T/ptb-q8.gvlm")"
