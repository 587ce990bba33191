#!/usr/bin/env bash
# The main job on the bundled data: install, build, train a language model on data/, score
# example sentences, evaluate held-out text, sample a few sentences, and train small word
# vectors and print the nearest words of a few queries.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
head -n 7800 data/en-speeches.txt > "$work/train.txt"
tail -n +7801 data/en-speeches.txt > "$work/heldout.txt"
echo "== gramvec lm train: order-3 modified Kneser-Ney on data/en-speeches.txt (first 7800 lines)"
build/gramvec lm train "$work/train.txt" -o "$work/speeches.arpa" --order 3 --lower
echo "== gramvec lm score: log10 probability, perplexity, OOVs, tokens (fluent vs scrambled)"
build/gramvec lm score -m "$work/speeches.arpa" data/sentences.txt
echo "== gramvec lm eval: held-out perplexity (last 415 lines)"
build/gramvec lm eval -m "$work/speeches.arpa" "$work/heldout.txt"
echo "== gramvec lm generate"
build/gramvec lm generate -m "$work/speeches.arpa" -n 3 --seed 7 --max-tokens 25
echo "== Chinese without a segmenter: gramvec tokenize --mode word"
echo "我喜欢自然语言处理" | build/gramvec tokenize --mode word
echo "== gramvec w2v train: skip-gram vectors on data/en-speeches.txt, then nearest words"
build/gramvec w2v train data/en-speeches.txt -o "$work/speeches.vec" --lower --dim 50 --epochs 5 --min-count 3 --quiet
build/gramvec w2v nearest -m "$work/speeches.vec" war economy freedom -k 8
