#!/usr/bin/env bash
# Penn Treebank (Mikolov's version, ../shared/data/ptb): modified Kneser-Ney perplexity of the
# test set must reproduce the published figures (Mikolov et al. 2011: KN5 141.2, KN3 148.3),
# with KenLM's conventions: a literal <unk> is an ordinary (OOV-scored) token, one </s> per
# sentence is counted, <s> is not. Skipped where the shared data is not available.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON checks need it"

PTB="$SHARED/ptb"
if [ ! -f "$PTB/ptb.train.txt" ] || [ ! -f "$PTB/ptb.test.txt" ]; then
  skip "PTB not found at $PTB (set GRAMVEC_SHARED_DATA_DIR to the shared data directory)"
fi

# check_ptb ORDER WANT: train mkn at ORDER, evaluate on the test set.
check_ptb() {
  local order=$1 want=$2
  expect_ok "$G" lm train "$PTB/ptb.train.txt" -o "$T/ptb$order.arpa" --order "$order" --tokenizer space -q --json
  python3 - "$T/out" "$order" <<'PY' || fail "order $order: training summary is wrong: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
# 887,521 words + 42,068 </s>; 9,999 word types + <unk> (it occurs in the text) + <s> + </s>.
assert d["sentences"] == 42068, d
assert d["tokens"] == 929589, d
assert d["ngrams"][0] == 10001, d
assert len(d["ngrams"]) == int(sys.argv[2]), d
PY
  arpa_counts "$T/ptb$order.arpa" >/dev/null
  expect_ok "$G" lm eval -m "$T/ptb$order.arpa" "$PTB/ptb.test.txt" --tokenizer space --json
  cp "$T/out" "$T/eval$order.json"
  note "order $order: $(cat "$T/out")"
  python3 - "$T/out" "$want" <<'PY' || fail "order $order: PTB test figures are off: $(cat "$T/out")"
import json, math, sys
d = json.load(open(sys.argv[1]))
want = float(sys.argv[2])
assert d["sentences"] == 3761, d["sentences"]
assert d["tokens"] == 82430, d["tokens"]          # 78,669 words + 3,761 </s>
assert d["oovs"] == 4794, d["oovs"]                # the literal <unk> tokens of ptb.test.txt
assert abs(d["perplexity"] - want) <= 0.1, (d["perplexity"], want)
assert math.isclose(d["perplexity"], 10 ** (-d["log10prob"] / d["tokens"]), rel_tol=1e-9)
PY
}

check_ptb 5 141.2
check_ptb 3 148.3

# The model's own tokenizer setting (space) is in its header: eval without --tokenizer agrees.
expect_ok "$G" lm eval -m "$T/ptb3.arpa" "$PTB/ptb.test.txt" --json
cmp -s "$T/out" "$T/eval3.json" || fail "lm eval without --tokenizer differs from --tokenizer space (the header says tokenizer=space)"

note "PTB perplexities reproduced"
