#!/usr/bin/env bash
# What a careless or hostile user can do from the command line ends in one clear line and the
# right exit code, never a crash, a huge allocation or a silently wrong result: huge counts
# (-k, --threads), values that are not numbers, stdout on a full device, NUL bytes, very long
# tokens, byte-order marks, --json beside -o -, undefined figures, bad --vocab words.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

CORPUS="$T/small.txt"
head -n 300 "$DATA/en-speeches.txt" >"$CORPUS"
expect_ok "$G" lm train "$CORPUS" -o "$T/model.arpa" --order 3 -q
expect_ok "$G" w2v train "$CORPUS" -o "$T/vectors.bin" --dim 8 --epochs 1 --min-count 2 --threads 1 -q
TINY="$FIXTURES/w2v/tiny.vec"
WORDS=$(head -n 1 "$TINY" | cut -d' ' -f1)

huge_counts() {
  # -k beyond the vocabulary: every other word, not an allocation of 2^64 entries.
  expect_ok "$G" w2v nearest -m "$TINY" king -k 18446744073709551615
  assert_eq "$(grep -c . "$T/out")" "$((WORDS - 1))" "nearest -k 2^64-1: every other word"
  expect_ok "$G" w2v nearest -m "$TINY" king -k 1099511627776
  expect_ok "$G" w2v analogy -m "$TINY" man king woman -k 18446744073709551615
  expect_usage_error "-k: '0' is below the minimum of 1" -- "$G" w2v nearest -m "$TINY" king -k 0
  expect_usage_error "-k: '-1'" -- "$G" w2v analogy -m "$TINY" man king woman -k -1
  # Threads: at most 4 a core.
  expect_usage_error "--threads: 1000000 threads: at most [0-9]+ on this machine" -- \
    "$G" lm eval -m "$T/model.arpa" "$CORPUS" --threads 1000000
  expect_usage_error "--threads: 100000 threads: at most" -- \
    "$G" w2v train "$CORPUS" -o "$T/w.vec" --threads 100000
  expect_usage_error "--threads: 99999999999999999999 threads: at most" -- \
    "$G" lm train "$CORPUS" -o "$T/m.arpa" --threads 99999999999999999999
  assert_no_file "$T/w.vec"
  local cores
  cores=$(nproc)
  expect_ok "$G" lm eval -m "$T/model.arpa" "$CORPUS" --threads "$((4 * cores))"
}
check "huge counts" huge_counts

not_numbers() {
  expect_usage_error "--discount .*must be in \(0, 1\]" -- "$G" lm train "$CORPUS" -o "$T/m.arpa" --smoothing kn --discount -1
  expect_usage_error "--discount .*must be in \(0, 1\]" -- "$G" lm train "$CORPUS" -o "$T/m.arpa" --smoothing kn --discount nan
  expect_usage_error "--k .*must be a positive number" -- "$G" lm train "$CORPUS" -o "$T/m.arpa" --smoothing addk --k inf
  expect_usage_error "--k .*must be a positive number" -- "$G" lm train "$CORPUS" -o "$T/m.arpa" --smoothing addk --k nan
  expect_usage_error "--alpha: '0' is not a number above 0" -- "$G" w2v train "$CORPUS" -o "$T/w.vec" --alpha 0
  expect_usage_error "--alpha: 'inf' is not a number above 0" -- "$G" w2v train "$CORPUS" -o "$T/w.vec" --alpha inf
  assert_no_file "$T/m.arpa"
  assert_no_file "$T/w.vec"
}
check "values that are not numbers" not_numbers

# Every command that prints results: a full stdout is an error, not exit 0 with output missing.
full_stdout() {
  [ -w /dev/full ] || { note "no /dev/full here: stdout checks skipped"; return 0; }
  local command
  while IFS= read -r command; do
    run bash -c "$command > /dev/full" _ "$G" "$T" "$CORPUS" "$TINY"
    _gv_check_no_crash
    [ "$RC" -eq 1 ] || fail "'$command' on a full stdout: expected exit 1, got $RC"
    grep -Eq '^gramvec: error: .*(write error|No space left)' "$T/err" \
      || fail "'$command' on a full stdout: no write error reported: $(head -c 300 "$T/err")"
  done <<'EOF'
"$1" lm generate -m "$2/model.arpa" -n 1000 --seed 1
"$1" lm score -m "$2/model.arpa" "$3"
"$1" lm eval -m "$2/model.arpa" "$3"
"$1" lm eval -m "$2/model.arpa" "$3" --json
"$1" tokenize "$3"
"$1" vocab "$3" -o -
"$1" lm train "$3" -o - --order 2 -q
"$1" lm count "$3" -o - --order 2 -q
"$1" lm convert "$2/model.arpa" -o - -q
"$1" lm train "$3" -o "$2/m2.arpa" --order 2 --json
"$1" w2v nearest -m "$4" king
"$1" w2v analogy -m "$4" man king woman
"$1" w2v train "$3" -o - --dim 8 --epochs 1 --min-count 2 --threads 1 -q
EOF
}
check "stdout on a full device" full_stdout

nul_bytes() {
  printf 'the cat sat\nthe d\0og ran\nthe cat ran\n' >"$T/nul.txt"
  expect_error 1 "nul.txt:2: a NUL byte at byte offset 17 .*--on-invalid" -- "$G" lm train "$T/nul.txt" -o "$T/nul.arpa" --order 2 -q
  assert_no_file "$T/nul.arpa"
  expect_error 1 "nul.txt:2: a NUL byte .*--on-invalid" -- \
    "$G" w2v train "$T/nul.txt" -o "$T/nul.vec" --dim 4 --epochs 1 --min-count 1 --threads 1 -q
  # Replaced, the model is one that gramvec (and any ARPA reader) can read back.
  expect_ok "$G" lm train "$T/nul.txt" -o "$T/nul.arpa" --order 2 -q --on-invalid replace --smoothing wb
  expect_ok "$G" lm eval -m "$T/nul.arpa" "$CORPUS"
  if LC_ALL=C grep -q -P '\x00' "$T/nul.arpa"; then fail "a NUL byte was written into the ARPA file"; fi
  expect_ok "$G" tokenize "$T/nul.txt" --on-invalid skip
  assert_eq "$(cat "$T/out")" "$(printf 'the cat sat\nthe cat ran')" "--on-invalid skip drops the line with a NUL byte"
}
check "NUL bytes" nul_bytes

long_tokens() {
  # A line of 3,000,000 bytes without a space, read on two threads in byte ranges: one token
  # per piece; the vectors read back.
  {
    head -n 200 "$CORPUS"
    head -c 3000000 /dev/zero | tr '\0' 'x'
    echo
    head -n 200 "$CORPUS"
  } >"$T/long.txt"
  expect_ok "$G" w2v train "$T/long.txt" -o "$T/long.bin" --dim 4 --epochs 1 --min-count 1 --threads 2 -q
  expect_ok "$G" w2v nearest -m "$T/long.bin" the -k 3
  expect_ok "$G" lm train "$T/long.txt" -o "$T/long.arpa" --order 2 -q --threads 2 --smoothing wb
  expect_ok "$G" lm eval -m "$T/long.arpa" "$CORPUS"
}
check "very long tokens" long_tokens

byte_order_mark() {
  printf '\xef\xbb\xbfhello world\nhello again\n' >"$T/bom.txt"
  expect_ok "$G" tokenize "$T/bom.txt"
  assert_eq "$(head -n 1 "$T/out")" "hello world" "a byte-order mark is not text"
  expect_ok "$G" vocab "$T/bom.txt" -o "$T/bom.vocab"
  assert_match "$(cat "$T/bom.vocab")" $'^hello\t2$' "hello is counted twice, the first one without the mark"
  expect_ok "$G" w2v train "$T/bom.txt" -o "$T/bom.vec" --dim 4 --epochs 1 --min-count 1 --threads 1 -q
  if grep -q $'\xef\xbb\xbf' "$T/bom.vec"; then fail "a byte-order mark became part of a word"; fi
}
check "byte-order marks" byte_order_mark

json_beside_stdout() {
  expect_usage_error "--json: prints on stdout, where -o - writes the model" -- "$G" lm train "$CORPUS" -o - --json
  expect_usage_error "--json: prints on stdout, where -o - writes the model" -- "$G" lm convert "$T/model.arpa" -o - --json
  expect_usage_error "--json: prints on stdout, where -o - writes the vocabulary" -- "$G" vocab "$CORPUS" -o - --json
  expect_usage_error "--json: prints on stdout, where -o - writes the vectors" -- "$G" w2v train "$CORPUS" -o - --json
  expect_usage_error "--json: prints on stdout, where -o - writes the count file" -- \
    "$G" lm count "$CORPUS" -o - --order 2 --json
}
check "--json beside -o -" json_beside_stdout

undefined_figures() {
  # One pair: Spearman's rho is undefined (null), not 0; no analogy answered: accuracy null.
  printf 'king queen 5.0\n' >"$T/one-pair.txt"
  expect_ok "$G" w2v eval -m "$TINY" --similarity "$T/one-pair.txt" --json
  assert_eq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["similarity"]["one-pair.txt"]["spearman"])' "$T/out")" \
    "None" "rho over one pair is null"
  expect_ok "$G" w2v eval -m "$TINY" --similarity "$T/one-pair.txt"
  assert_match "$(cat "$T/out")" "Spearman rho n/a" "the text output says n/a"
  printf ': none\nzzz yyy xxx www\n' >"$T/unanswerable.txt"
  expect_ok "$G" w2v eval -m "$TINY" --analogies "$T/unanswerable.txt" --json
  assert_eq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["analogy"]["total"])' "$T/out")" \
    "None" "accuracy over no answered question is null"
}
check "undefined figures" undefined_figures

vocabulary_words() {
  printf 'the\t10\nnew york\t3\n' >"$T/bad.vocab"
  expect_error 1 "bad.vocab:2: the word 'new york' holds whitespace" -- \
    "$G" lm train "$CORPUS" -o "$T/v.arpa" --order 2 --vocab "$T/bad.vocab" -q
  assert_no_file "$T/v.arpa"
}
check "--vocab words" vocabulary_words

finish "hostile input ends in a clear error"
