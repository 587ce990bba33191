#!/usr/bin/env bash
# Chinese: a word model on the whole shared corpus-zh.txt (three novels, 1.7 M words,
# ../shared/data/corpus-zh): its training summary, and it fits the last 20 lines of the bundled
# data/zh-sanguo.txt (which corpus-zh.txt contains) better than a model of the bundled text
# without them. Skipped (exit 77) without the shared data.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON checks need it"

CORPUS_ZH="$SHARED/corpus-zh/corpus-zh.txt"
[ -f "$CORPUS_ZH" ] || skip "corpus-zh not found at $CORPUS_ZH (set GRAMVEC_SHARED_DATA_DIR to the shared data directory)"
ZH="$DATA/zh-sanguo.txt"
[ -f "$ZH" ] || fail "bundled corpus $ZH is missing"
head -n -20 "$ZH" >"$T/train.txt"
tail -n 20 "$ZH" >"$T/test.txt"

# The small word model: the bundled text without its last 20 lines.
expect_ok "$G" lm train "$T/train.txt" -o "$T/word.arpa" --order 3 --tokenizer word -q
expect_ok "$G" lm eval -m "$T/word.arpa" "$T/test.txt" --json
word_ppl=$(json_get "$T/out" perplexity)

expect_ok "$G" lm train "$CORPUS_ZH" -o "$T/zh.arpa" --order 3 --tokenizer word -q --json
python3 - "$T/out" <<'PY' || fail "corpus-zh training summary is wrong: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["sentences"] == 11701, d
assert d["tokens"] > 1_000_000, d
assert len(d["ngrams"]) == 3 and all(n > 10000 for n in d["ngrams"]), d
PY
expect_ok "$G" lm eval -m "$T/zh.arpa" "$T/test.txt" --json
zh_ppl=$(json_get "$T/out" perplexity)
note "corpus-zh word model: held-out perplexity $zh_ppl (it contains these lines)"
# corpus-zh.txt starts with the bundled text, so the held-out lines are training data here.
assert_num "$zh_ppl < $word_ppl" "the corpus-zh model ($zh_ppl) should fit text it was trained on better than the small model ($word_ppl)"
note "corpus-zh checks passed"
