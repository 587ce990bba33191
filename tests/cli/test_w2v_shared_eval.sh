#!/usr/bin/env bash
# w2v eval on the shared evaluation data (../shared/data/eval): the 19,544 analogy questions of
# questions-words.txt in their 14 sections, restricted to the 30,000 most frequent words, and the
# WS-353 and SimLex-999 similarity files, with vectors trained on the bundled speeches. Skipped
# (exit 77) without the shared data.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON checks need it"

EVAL="$SHARED/eval"
for file in questions-words.txt wordsim353.tsv simlex999.txt; do
  [ -f "$EVAL/$file" ] || skip "$file not found in $EVAL (set GRAMVEC_SHARED_DATA_DIR to the shared data directory)"
done
CORPUS="$DATA/en-speeches.txt"
[ -f "$CORPUS" ] || fail "bundled corpus $CORPUS is missing"

expect_ok "$G" w2v train "$CORPUS" -o "$T/speeches.bin" --dim 32 --epochs 2 --lower --threads 2 --quiet
expect_ok "$G" w2v eval -m "$T/speeches.bin" --analogies "$EVAL/questions-words.txt" --restrict 30000 \
  --similarity "$EVAL/wordsim353.tsv" "$EVAL/simlex999.txt" --json
python3 - "$T/out" <<'PY' || fail "w2v eval figures on the shared data are wrong: $(cat "$T/out")"
import json, math, sys
d = json.load(open(sys.argv[1]))
a = d["analogy"]
assert a["questions"] == 19544 and 0 < a["seen"] < 19544 and len(a["sections"]) == 14, a
assert set(d["similarity"]) == {"wordsim353.tsv", "simlex999.txt"}, d["similarity"]
assert all(math.isfinite(s["spearman"]) and s["pairs"] > 0 for s in d["similarity"].values()), d["similarity"]
PY
note "analogies and similarities on the shared data: $(cat "$T/out" | cut -c 1-200)"
