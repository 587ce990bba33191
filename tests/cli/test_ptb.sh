#!/usr/bin/env bash
# Penn Treebank (Mikolov's version, ../shared/data/ptb): the test perplexities of modified
# Kneser-Ney and of Katz with its defaults (SRILM's ngram-count defaults) must reproduce the
# published figures (Mikolov et al. 2011, Mikolov's thesis table 4.1: KN5 141.2, KN3 148.3, GT5
# 162.3, GT3 165.2), with KenLM's conventions: a literal <unk> is an ordinary (OOV-scored) token, one </s> per
# sentence is counted, <s> is not. Skipped where the shared data is not available.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON checks need it"

PTB="$SHARED/ptb"
if [ ! -f "$PTB/ptb.train.txt" ] || [ ! -f "$PTB/ptb.test.txt" ]; then
  skip "PTB not found at $PTB (set GRAMVEC_SHARED_DATA_DIR to the shared data directory)"
fi

# check_ptb ORDER WANT [SMOOTHING TOLERANCE]: train at ORDER (default mkn), evaluate on the test
# set: the perplexity must be WANT +- TOLERANCE (default 0.1).
check_ptb() {
  local order=$1 want=$2 smoothing=${3:-mkn} tolerance=${4:-0.1}
  local model="$T/ptb$order.arpa"
  [ "$smoothing" = mkn ] || model="$T/ptb$order-$smoothing.arpa"
  expect_ok "$G" lm train "$PTB/ptb.train.txt" -o "$model" --order "$order" --tokenizer space -q --json \
    --smoothing "$smoothing"
  python3 - "$T/out" "$order" <<'PY' || fail "order $order: training summary is wrong: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
# 887,521 words + 42,068 </s>; 9,999 word types + <unk> (it occurs in the text) + <s> + </s>.
assert d["sentences"] == 42068, d
assert d["tokens"] == 929589, d
assert d["ngrams"][0] == 10001, d
assert len(d["ngrams"]) == int(sys.argv[2]), d
PY
  arpa_counts "$model" >/dev/null
  expect_ok "$G" lm eval -m "$model" "$PTB/ptb.test.txt" --tokenizer space --json
  if [ "$smoothing" = mkn ]; then cp "$T/out" "$T/eval$order.json"; fi
  note "$smoothing order $order: $(cat "$T/out")"
  python3 - "$T/out" "$want" "$tolerance" <<'PY' || fail "$smoothing order $order: PTB test figures are off: $(cat "$T/out")"
import json, math, sys
d = json.load(open(sys.argv[1]))
want = float(sys.argv[2])
tolerance = float(sys.argv[3])
assert d["sentences"] == 3761, d["sentences"]
assert d["tokens"] == 82430, d["tokens"]          # 78,669 words + 3,761 </s>
assert d["oovs"] == 4794, d["oovs"]                # the literal <unk> tokens of ptb.test.txt
assert abs(d["perplexity"] - want) <= tolerance, (d["perplexity"], want)
assert math.isclose(d["perplexity"], 10 ** (-d["log10prob"] / d["tokens"]), rel_tol=1e-9)
PY
}

check_ptb 5 141.2
check_ptb 3 148.3
# Katz: the figures are SRILM's, with its default cut-offs and discount ranges (gramvec: 165.23
# and 162.25).
check_ptb 3 165.2 katz 0.5
check_ptb 5 162.3 katz 0.5
# The cut-offs: every unigram and bigram, longer n-grams from count 2.
counts=$(arpa_counts "$T/ptb5-katz.arpa")
[ "$counts" = "10001 264990 81305 43110 22983" ] || fail "katz order 5: n-grams $counts, not the n-grams of count >= 2 above order 2"
grep -q '^# order=5 smoothing=katz gtmin=1,1,2,2,2 gtmax=1,7,7,7,7$' "$T/ptb5-katz.arpa" ||
  fail "katz order 5: the header does not state the cut-offs and discount ranges"

# The model's own tokenizer setting (space) is in its header: eval without --tokenizer agrees.
expect_ok "$G" lm eval -m "$T/ptb3.arpa" "$PTB/ptb.test.txt" --json
cmp -s "$T/out" "$T/eval3.json" || fail "lm eval without --tokenizer differs from --tokenizer space (the header says tokenizer=space)"

note "PTB perplexities reproduced"
