#!/usr/bin/env bash
# Every command that runs threads, on small inputs, with 2 and 3 threads: the sentence reader's
# byte ranges, counting, the bounded pipeline (external sort, record pipe, ARPA writer thread),
# count files and merging, the evaluator, binary conversion, word2vec's workers and the vector
# search. Each result equals the one-thread result where the work promises it. Fast enough to
# run under ThreadSanitizer, which is what this test is for (the ThreadSanitizer pass of the test
# command runs it with the unit tests on threads).
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

CORPUS="$T/corpus.txt"
head -n 1500 "$DATA/en-speeches.txt" >"$CORPUS"
HALF1="$T/half1.txt"
HALF2="$T/half2.txt"
head -n 700 "$CORPUS" >"$HALF1"
tail -n +701 "$CORPUS" >"$HALF2"

language_models() {
  expect_ok "$G" lm train "$CORPUS" -o "$T/one.arpa" --order 4 -q --threads 1
  local threads
  for threads in 2 3; do
    # Small ranges, so that several threads read side by side even on a small corpus.
    expect_ok "$G" lm train "$CORPUS" -o "$T/many.arpa" --order 4 -q --threads "$threads"
    cmp -s <(grep -v '^#' "$T/one.arpa") <(grep -v '^#' "$T/many.arpa") \
      || fail "lm train --threads $threads differs from one thread"
    expect_ok "$G" lm train "$CORPUS" -o "$T/bounded.arpa" --order 4 -q --threads "$threads" --memory 4M \
      --temp-dir "$T"
    cmp -s <(grep -v '^#' "$T/one.arpa") <(grep -v '^#' "$T/bounded.arpa") \
      || fail "lm train --memory 4M --threads $threads differs from training in memory"
    expect_ok "$G" lm train "$CORPUS" -o "$T/many.gvlm" --order 4 -q --threads "$threads" --layout trie
  done
  expect_ok "$G" lm eval -m "$T/one.arpa" "$CORPUS" --threads 1 --json
  cp "$T/out" "$T/eval1.json"
  expect_ok "$G" lm eval -m "$T/many.gvlm" "$CORPUS" --threads 3 --json
  assert_eq "$(json_get "$T/out" perplexity)" "$(json_get "$T/eval1.json" perplexity)" \
    "lm eval on 3 threads (trie) gives the one-thread perplexity"
  expect_ok "$G" lm convert "$T/one.arpa" -o "$T/hash.gvlm" -q
  expect_ok "$G" lm eval -m "$T/hash.gvlm" "$HALF1" --threads 2
}
check "language models" language_models

count_files() {
  expect_ok "$G" lm count "$HALF1" -o "$T/a.counts" --order 3 -q --threads 2
  expect_ok "$G" lm count "$HALF2" -o "$T/b.counts" --order 3 -q --threads 3
  expect_ok "$G" lm merge "$T/a.counts" "$T/b.counts" -o "$T/ab.counts" -q
  expect_ok "$G" lm train --counts "$T/ab.counts" -o "$T/counts.arpa" -q --threads 2
  expect_ok "$G" lm train "$HALF1" "$HALF2" -o "$T/direct.arpa" --order 3 -q --threads 1
  cmp -s <(grep -v '^#' "$T/counts.arpa") <(grep -v '^#' "$T/direct.arpa") \
    || fail "merged count shards do not give the model of the whole corpus"
}
check "count files" count_files

word_vectors() {
  local threads
  for threads in 2 3; do
    expect_ok "$G" w2v train "$CORPUS" -o "$T/v$threads.bin" --dim 16 --epochs 2 --min-count 2 -q \
      --threads "$threads" --save-state "$T/v$threads.state"
    expect_ok "$G" w2v train "$CORPUS" -o "$T/v$threads.bin" -q --threads "$threads" \
      --resume "$T/v$threads.state" --epochs 3
    expect_ok "$G" w2v train "$CORPUS" -o "$T/c$threads.vec" --model cbow --loss hs --dim 16 --epochs 1 \
      --min-count 2 -q --threads "$threads"
  done
  # The vector search runs blocks of queries on threads.
  printf 'the\nof\nand\npeople\ngovernment\n' | "$G" w2v nearest -m "$T/v2.bin" -k 3 --json >"$T/nearest.json" \
    || fail "w2v nearest on several queries failed"
  json_valid "$T/nearest.json" lines
  expect_ok "$G" w2v analogy -m "$T/v3.bin" the of and -k 3
}
check "word vectors" word_vectors

finish "threaded commands agree with one thread"
