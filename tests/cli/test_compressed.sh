#!/usr/bin/env bash
# Compressed corpora: gzip, xz and zstd input (recognised by content, not name) gives the same
# results as the plain text for tokenize, vocab, lm train, lm score, lm eval and w2v train, from
# files and from stdin, with several members / streams / frames; truncated or corrupt data is a
# one-line error naming the file, and w2v train leaves no temporary copy behind.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd gzip "the compressed-input test needs it to make its inputs"
require_cmd xz "the compressed-input test needs it to make its inputs"
require_cmd zstd "the compressed-input test needs it to make its inputs"

# (xz -1: the default level takes seconds on the corpus and tests nothing more.)
CORPUS="$DATA/en-speeches.txt"
[ -f "$CORPUS" ] || fail "corpus $CORPUS is missing"
cp "$CORPUS" "$T/plain.txt"
gzip -c "$CORPUS" >"$T/corpus.gz"
xz -1 -c "$CORPUS" >"$T/corpus.xz"
zstd -q -c "$CORPUS" >"$T/corpus.zst"
# The name does not matter: zstd data called .txt, plain text called .gz.
cp "$T/corpus.zst" "$T/really-zstd.txt"
cp "$CORPUS" "$T/really-plain.gz"
# Two members / streams / frames in one file.
head -n 4000 "$CORPUS" >"$T/first.txt"
tail -n +4001 "$CORPUS" >"$T/second.txt"
{ gzip -c "$T/first.txt"; gzip -c "$T/second.txt"; } >"$T/multi.gz"
{ xz -1 -c "$T/first.txt"; xz -1 -c "$T/second.txt"; } >"$T/multi.xz"
{ zstd -q -c "$T/first.txt"; zstd -q -c "$T/second.txt"; } >"$T/multi.zst"
COMPRESSED=(corpus.gz corpus.xz corpus.zst)
OTHERS=(really-zstd.txt really-plain.gz multi.gz multi.xz multi.zst)

lm_train_identical() {
  expect_ok "$G" lm train "$T/plain.txt" -o "$T/plain.arpa" --order 3 --lower --quiet
  for name in "${COMPRESSED[@]}"; do
    expect_ok "$G" lm train "$T/$name" -o "$T/$name.arpa" --order 3 --lower --quiet
    cmp -s "$T/plain.arpa" "$T/$name.arpa" || fail "lm train on $name: the ARPA file differs from the plain text's"
  done
}
check "lm train: identical ARPA files" lm_train_identical

vocab_identical() {
  expect_ok "$G" vocab "$T/plain.txt" -o "$T/plain.vocab" --quiet
  for name in "${COMPRESSED[@]}" multi.gz; do
    expect_ok "$G" vocab "$T/$name" -o "$T/$name.vocab" --quiet
    cmp -s "$T/plain.vocab" "$T/$name.vocab" || fail "vocab on $name differs from the plain text's"
  done
  # Several inputs, mixed, in one run.
  expect_ok "$G" vocab "$T/first.txt" "$T/corpus.xz" -o "$T/mixed.vocab" --quiet
  expect_ok "$G" vocab "$T/first.txt" "$T/plain.txt" -o "$T/mixed-plain.vocab" --quiet
  cmp -s "$T/mixed.vocab" "$T/mixed-plain.vocab" || fail "vocab on a plain and a compressed file differs"
}
check "vocab: identical vocabularies" vocab_identical

tokenize_identical() {
  expect_ok "$G" tokenize "$T/plain.txt" -o "$T/plain.tok" --quiet
  for name in "${COMPRESSED[@]}" "${OTHERS[@]}"; do
    expect_ok "$G" tokenize "$T/$name" -o "$T/$name.tok" --quiet
    cmp -s "$T/plain.tok" "$T/$name.tok" || fail "tokenize on $name differs from the plain text's"
  done
  # stdin, compressed or not, through a pipe and from a redirected file.
  for name in corpus.gz corpus.xz corpus.zst plain.txt; do
    run bash -c '"$1" tokenize - <"$2" >"$3"' _ "$G" "$T/$name" "$T/stdin.tok"
    [ "$RC" -eq 0 ] || fail "tokenize of $name on stdin: exit $RC"
    cmp -s "$T/plain.tok" "$T/stdin.tok" || fail "tokenize of $name on stdin differs"
  done
  run bash -c 'cat "$2" | "$1" tokenize >"$3"' _ "$G" "$T/multi.xz" "$T/pipe.tok"
  [ "$RC" -eq 0 ] || fail "tokenize of multi.xz from a pipe: exit $RC"
  cmp -s "$T/plain.tok" "$T/pipe.tok" || fail "tokenize of multi.xz from a pipe differs"
}
check "tokenize: identical tokens, files and stdin" tokenize_identical

score_eval_identical() {
  expect_ok "$G" lm train "$T/first.txt" -o "$T/first.arpa" --order 2 --quiet
  gzip -c "$DATA/sentences.txt" >"$T/sentences.gz"
  expect_ok "$G" lm score -m "$T/first.arpa" "$DATA/sentences.txt"
  cp "$T/out" "$T/score-plain.txt"
  expect_ok "$G" lm score -m "$T/first.arpa" "$T/sentences.gz"
  cmp -s "$T/score-plain.txt" "$T/out" || fail "lm score on sentences.gz differs"
  run bash -c '"$1" lm score -m "$2" <"$3"' _ "$G" "$T/first.arpa" "$T/sentences.gz"
  [ "$RC" -eq 0 ] || fail "lm score with gzip on stdin: exit $RC"
  cmp -s "$T/score-plain.txt" "$T/out" || fail "lm score with gzip on stdin differs"
  xz -1 -c "$T/second.txt" >"$T/second.xz"
  expect_ok "$G" lm eval -m "$T/first.arpa" "$T/second.txt" --json
  cp "$T/out" "$T/eval-plain.json"
  expect_ok "$G" lm eval -m "$T/first.arpa" "$T/second.xz" --json
  cmp -s "$T/eval-plain.json" "$T/out" || fail "lm eval on second.xz differs"
}
check "lm score / lm eval: identical on compressed text" score_eval_identical

w2v_identical() {
  head -n 1500 "$CORPUS" >"$T/slice.txt"
  gzip -c "$T/slice.txt" >"$T/slice.gz"
  xz -1 -c "$T/slice.txt" >"$T/slice.xz"
  zstd -q -c "$T/slice.txt" >"$T/slice.txt.zst"
  mkdir -p "$T/tmp"
  local options=(--threads 1 --seed 1 --epochs 1 --dim 16 --min-count 3 --quiet)
  expect_ok "$G" w2v train "$T/slice.txt" -o "$T/slice.bin" "${options[@]}"
  for name in slice.gz slice.xz slice.txt.zst; do
    TMPDIR="$T/tmp" expect_ok "$G" w2v train "$T/$name" -o "$T/$name.bin" "${options[@]}"
    cmp -s "$T/slice.bin" "$T/$name.bin" || fail "w2v train on $name: the vectors differ from the plain text's"
  done
  # Several threads and epochs, a plain and a compressed file together; and resuming.
  TMPDIR="$T/tmp" expect_ok "$G" w2v train "$T/first.txt" "$T/slice.xz" -o "$T/two.vec" --threads 2 --epochs 2 \
    --dim 8 --quiet --save-state "$T/two.state"
  TMPDIR="$T/tmp" expect_ok "$G" w2v train "$T/first.txt" "$T/slice.xz" -o "$T/three.vec" --resume "$T/two.state" \
    --epochs 3 --quiet
  [ -z "$(ls -A "$T/tmp")" ] || fail "w2v train left files in TMPDIR: $(ls -A "$T/tmp")"
}
check "w2v train: identical vectors, no temporary copy left" w2v_identical

truncated_and_corrupt() {
  local size
  size=$(stat -c %s "$T/corpus.gz")
  head -c $((size / 2)) "$T/corpus.gz" >"$T/trunc.gz"
  expect_error 1 'trunc\.gz: truncated gzip data: .*compressed byte offset [0-9]+' -- "$G" tokenize "$T/trunc.gz" -o "$T/trunc.tok"
  assert_no_file "$T/trunc.tok" "tokenize wrote an output for truncated input"
  expect_error 1 'trunc\.gz: truncated gzip' -- "$G" lm train "$T/trunc.gz" -o "$T/trunc.arpa" --order 2 --quiet
  assert_no_file "$T/trunc.arpa" "lm train wrote a model for truncated input"
  expect_error 1 'trunc\.gz: truncated gzip' -- "$G" vocab "$T/trunc.gz" -o "$T/trunc.vocab" --quiet
  expect_error 1 'trunc\.gz: truncated gzip' -- "$G" lm eval -m "$T/plain.arpa" "$T/trunc.gz"
  mkdir -p "$T/tmp2"
  expect_error 1 'trunc\.gz: truncated gzip' -- env TMPDIR="$T/tmp2" "$G" w2v train "$T/trunc.gz" -o "$T/trunc.vec" --quiet
  # With --vocab the corpus is not counted: the error comes from the copy for training.
  expect_error 1 'trunc\.gz: truncated gzip' -- env TMPDIR="$T/tmp2" "$G" w2v train "$T/trunc.gz" -o "$T/trunc.vec" \
    --vocab "$T/plain.vocab" --quiet
  [ -z "$(ls -A "$T/tmp2")" ] || fail "w2v train left files in TMPDIR after an error"
  assert_no_file "$T/trunc.vec"
  expect_error 1 '<stdin>: truncated gzip' -- bash -c '"$1" tokenize - <"$2" >/dev/null' _ "$G" "$T/trunc.gz"
  assert_no_tmp_files "$T"

  # Damaged in the middle / cut inside the header / garbage after the end.
  size=$(stat -c %s "$T/corpus.xz")
  cp "$T/corpus.xz" "$T/bad.xz"
  printf '\xde\xad\xbe\xef' | dd of="$T/bad.xz" bs=1 seek=$((size / 2)) conv=notrunc status=none
  expect_error 1 'bad\.xz: corrupt xz data .*compressed byte offset [0-9]+' -- "$G" vocab "$T/bad.xz" -o "$T/bad.vocab"
  size=$(stat -c %s "$T/corpus.zst")
  cp "$T/corpus.zst" "$T/bad.zst"
  printf '\xde\xad\xbe\xef' | dd of="$T/bad.zst" bs=1 seek=$((size / 2)) conv=notrunc status=none
  expect_error 1 'bad\.zst: corrupt zstd data' -- "$G" tokenize "$T/bad.zst" -o "$T/bad.tok"
  head -c 5 "$T/corpus.zst" >"$T/header.zst"
  expect_error 1 'header\.zst: truncated zstd' -- "$G" tokenize "$T/header.zst"
  { cat "$T/corpus.gz"; echo "trailing text"; } >"$T/garbage.gz"
  expect_error 1 'garbage\.gz: corrupt gzip data.*after the end' -- "$G" tokenize "$T/garbage.gz" -o "$T/garbage.tok"
}
check "truncated and corrupt input: one-line errors naming the file" truncated_and_corrupt

finish "compressed input gives the plain text's results; broken input is a one-line error"
