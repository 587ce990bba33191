#!/usr/bin/env bash
# gensim (Debian's python3-gensim, for /usr/bin/python3) reads the vectors gramvec writes: the
# word2vec binary and text formats, with their dimension, words in descending count order, and
# neighbours. Skipped (exit 77) when gensim is not installed.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

require_gensim
CORPUS="$DATA/en-speeches.txt"
[ -f "$CORPUS" ] || fail "bundled corpus $CORPUS is missing"

expect_ok "$G" w2v train "$CORPUS" -o "$T/speeches.bin" --dim 32 --epochs 2 --lower --threads 2 --quiet
expect_ok "$G" w2v train "$CORPUS" -o "$T/speeches.vec" --dim 16 --epochs 1 --lower --model cbow --loss hs \
  --threads 2 --quiet
/usr/bin/python3 - "$T/speeches.bin" "$T/speeches.vec" <<'PY' || fail "gensim cannot read the vectors gramvec wrote"
import sys
from gensim.models import KeyedVectors
binary = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
text = KeyedVectors.load_word2vec_format(sys.argv[2], binary=False)
assert binary.vector_size == 32 and text.vector_size == 16
assert binary.index_to_key[0] == "the" and "war" in binary.key_to_index
assert text.index_to_key == binary.index_to_key, "the two runs kept other words"
print("gensim:", len(binary.index_to_key), "words;", binary.most_similar("war", topn=3))
PY
note "gensim reads the binary and text vectors"
