#!/usr/bin/env bash
# w2v eval --similarity-restrict N on WS-353 (../shared/data/eval/wordsim353.tsv) gives gensim's
# evaluate_word_pairs(restrict_vocab=N), to the digit: Spearman's rho and the OOV rate. Skipped
# (exit 77) without the shared data or without gensim (Debian's python3-gensim, for
# /usr/bin/python3).
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

WS353="$SHARED/eval/wordsim353.tsv"
[ -f "$WS353" ] || skip "WS-353 not found at $WS353 (set GRAMVEC_SHARED_DATA_DIR to the shared data directory)"
require_gensim
CORPUS="$DATA/en-speeches.txt"
[ -f "$CORPUS" ] || fail "bundled corpus $CORPUS is missing"

expect_ok "$G" w2v train "$CORPUS" -o "$T/speeches.bin" --dim 32 --epochs 2 --lower --threads 2 --quiet
expect_ok "$G" w2v eval -m "$T/speeches.bin" --similarity "$WS353" --similarity-restrict 2000 --json
/usr/bin/python3 - "$T/speeches.bin" "$WS353" "$T/out" <<'PY' || fail "restricted similarity differs from gensim's"
import json, logging, sys
logging.disable(logging.WARNING)
from gensim.models import KeyedVectors
vectors = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
_, spearman, oov = vectors.evaluate_word_pairs(sys.argv[2], restrict_vocab=2000, case_insensitive=True)
ours = json.load(open(sys.argv[3]))["similarity"]["wordsim353.tsv"]
assert abs(ours["spearman"] - spearman.correlation) < 1e-6, (ours, spearman)
assert abs(100 * ours["oov_rate"] - oov) < 1e-6, (ours, oov)
print("similarity, restricted to 2000 words: rho %.4f as gensim's" % spearman.correlation)
PY
note "WS-353 restricted to 2000 words: the same rho and OOV rate as gensim"
