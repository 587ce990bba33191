#!/usr/bin/env bash
# Bad input: every failure is one line "gramvec: error: ..." naming the file (and the line where
# there is one) with exit code 1, or "gramvec: usage error: ..." with exit code 2 for a bad
# command line; no crash, and no partial or clobbered output file.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

[ -f "$DATA/en-speeches.txt" ] || fail "bundled corpus $DATA/en-speeches.txt is missing"
head -n 300 "$DATA/en-speeches.txt" >"$T/small.txt"
mkdir "$T/o"   # output directory: must hold nothing but what a test expects
expect_ok "$G" lm train "$T/small.txt" -o "$T/good.arpa" --order 3 -q
{ head -n 99 "$T/small.txt"; printf 'We \xfe will\n'; tail -n +100 "$T/small.txt"; } >"$T/badutf.txt"
printf 'a b\n' >"$T/tiny.txt"
: >"$T/empty.txt"
printf '\n\n   \n\t\n' >"$T/blank.txt"

# assert_no_output NAME: no output file NAME in $T/o and no temp file of the atomic writer.
assert_no_output() {
  assert_no_file "$T/o/$1" "a failed command left the output file $1 behind"
  assert_no_tmp_files "$T/o"
}

# ---------------------------------------------------------------------------------------------
# Corpus files
# ---------------------------------------------------------------------------------------------

corpus_files() {
  # Missing input file, for every command that reads text.
  expect_error 1 'nosuch\.txt: .*(No such file|cannot open)' -- "$G" lm train "$T/nosuch.txt" -o "$T/o/m.arpa" --order 3
  assert_no_output m.arpa
  expect_error 1 'nosuch\.txt: .*(No such file|cannot open)' -- "$G" vocab "$T/nosuch.txt" -o "$T/o/v.vocab"
  assert_no_output v.vocab
  expect_error 1 'nosuch\.txt: .*(No such file|cannot open)' -- "$G" tokenize "$T/nosuch.txt" -o "$T/o/t.txt"
  assert_no_output t.txt
  # A missing file after a good one: still nothing written.
  expect_error 1 'nosuch\.txt: .*(No such file|cannot open)' -- "$G" lm train "$T/small.txt" "$T/nosuch.txt" -o "$T/o/m.arpa" --order 3
  assert_no_output m.arpa

  # Empty corpus: an empty file, and a file with only blank lines.
  for f in empty blank; do
    expect_error 1 "$f\\.txt: .*empty" -- "$G" lm train "$T/$f.txt" -o "$T/o/m.arpa" --order 3
    assert_no_output m.arpa
    expect_error 1 "$f\\.txt: .*empty" -- "$G" lm train "$T/$f.txt" -o "$T/o/m.arpa" --order 2 --smoothing wb
    assert_no_output m.arpa
  done

  # Invalid UTF-8 in the training text: file, line and byte offset; --on-invalid replace/skip work.
  offset=$(($(head -n 99 "$T/small.txt" | wc -c) + 3))
  expect_error 1 "badutf\\.txt:100: invalid UTF-8 at byte offset $offset\\b" -- "$G" lm train "$T/badutf.txt" -o "$T/o/m.arpa" --order 3
  assert_no_output m.arpa
  expect_error 1 "badutf\\.txt:100: invalid UTF-8" -- "$G" vocab "$T/badutf.txt" -o "$T/o/v.vocab"
  assert_no_output v.vocab
  expect_ok "$G" lm train "$T/badutf.txt" -o "$T/o/replace.arpa" --order 3 --on-invalid replace --json
  [ -s "$T/o/replace.arpa" ] || fail "--on-invalid replace did not write the model"
  assert_eq "$(json_get "$T/out" sentences)" 301 "--on-invalid replace keeps the line"
  grep -q $'\t\xef\xbf\xbd\t\\|\t\xef\xbf\xbd$' "$T/o/replace.arpa" || fail "--on-invalid replace: U+FFFD is not a word of the model"
  grep -Eq 'replac.*1|1.*replac' "$T/err" || fail "--on-invalid replace does not report the count on stderr"
  expect_ok "$G" lm train "$T/badutf.txt" -o "$T/o/skip.arpa" --order 3 --on-invalid skip --json
  assert_eq "$(json_get "$T/out" sentences)" 300 "--on-invalid skip drops the line"
  rm -f "$T/o/replace.arpa" "$T/o/skip.arpa"
  # Invalid UTF-8 in the text to score, from stdin.
  _gv_describe "$G" lm eval -m good.arpa - "<" invalid
  printf 'the \xff nation\n' | "$G" lm eval -m "$T/good.arpa" - >"$T/out" 2>"$T/err"
  RC=$?
  _gv_check_no_crash
  [ "$RC" -eq 1 ] || fail "lm eval with invalid UTF-8 on stdin: exit $RC"
  grep -Eq '^gramvec: error: <?stdin>?:1: invalid UTF-8 at byte offset 4\b' "$T/err" || fail "lm eval: invalid UTF-8 on stdin not reported with line and offset"
  expect_error 1 'nosuch\.txt: .*(No such file|cannot open)' -- "$G" lm eval -m "$T/good.arpa" "$T/nosuch.txt"
  expect_error 1 'nosuch\.txt: .*(No such file|cannot open)' -- "$G" lm score -m "$T/good.arpa" "$T/nosuch.txt"
}
check "corpus files (missing, empty, invalid UTF-8)" corpus_files

# ---------------------------------------------------------------------------------------------
# Option values
# ---------------------------------------------------------------------------------------------
option_values() {
  # (--smoothing, --k and --discount: test_usage_errors_smoothing.sh.)
  expect_usage_error 'order.*0|0.*order' -- "$G" lm train "$T/small.txt" -o "$T/o/m.arpa" --order 0
  assert_no_output m.arpa
  expect_usage_error 'order.*11|11.*order' -- "$G" lm train "$T/small.txt" -o "$T/o/m.arpa" --order 11
  assert_no_output m.arpa
  expect_usage_error '(-k|--k).*-1|-1.*(-k|k)' -- "$G" lm train "$T/small.txt" -o "$T/o/m.arpa" --order 3 --smoothing addk --k -1
  assert_no_output m.arpa
  expect_usage_error "unknown smoothing 'bogus' \(expected mkn, kn, wb, abs, katz, addk, stupid\)" -- \
    "$G" lm train "$T/small.txt" -o "$T/o/m.arpa" --order 3 --smoothing bogus
  assert_no_output m.arpa
  # Method options: only for a method that takes them, and in range (NaN, infinity and negative
  # values are refused, not taken as "not set").
  expect_usage_error '--k applies to --smoothing addk only' -- "$G" lm train "$T/small.txt" -o "$T/o/m.arpa" --order 3 --k 2
  expect_usage_error '--discount applies to --smoothing kn or abs only' -- \
    "$G" lm train "$T/small.txt" -o "$T/o/m.arpa" --order 3 --discount 0.5
  for value in -1 0 1.5 nan inf; do
    expect_usage_error "--discount $value must be in" -- \
      "$G" lm train "$T/small.txt" -o "$T/o/m.arpa" --order 3 --smoothing kn --discount "$value"
  done
  for value in 0 nan inf; do
    expect_usage_error "--k $value must be a positive number" -- \
      "$G" lm train "$T/small.txt" -o "$T/o/m.arpa" --order 3 --smoothing addk --k "$value"
  done
  assert_no_output m.arpa
  expect_usage_error 'order' -- "$G" lm train "$T/small.txt" -o "$T/o/m.arpa"
  expect_usage_error 'output|-o' -- "$G" lm train "$T/small.txt" --order 3
  expect_usage_error 'bogus' -- "$G" lm train "$T/small.txt" -o "$T/o/m.arpa" --order 3 --bogus
  expect_usage_error 'model|-m' -- "$G" lm eval "$T/small.txt"
  expect_usage_error 'model|-m' -- "$G" lm score "$T/small.txt"
  expect_usage_error 'model|-m' -- "$G" lm generate
  expect_usage_error 'order|abc' -- "$G" lm train "$T/small.txt" -o "$T/o/m.arpa" --order abc
  assert_no_output m.arpa
}
check "option values and usage errors" option_values

# Negative values for unsigned options must be rejected, not wrapped around to 2^64 - 1
# (which would prune everything, or generate sentences forever).
negative_prune() {
  expect_usage_error 'prune|-1' -- "$G" lm train "$T/small.txt" -o "$T/o/prune.arpa" --order 3 --prune -1
  rm -f "$T/o/prune.arpa"
}
check "lm train --prune -1 is rejected" negative_prune
negative_count() {
  expect_usage_error 'count|-n|-1' -- timeout 5 "$G" lm generate -m "$T/good.arpa" -n -1
}
check "lm generate -n -1 is rejected" negative_count
negative_max_tokens() {
  expect_usage_error 'max-tokens|-1' -- timeout 5 "$G" lm generate -m "$T/good.arpa" -n 1 --max-tokens -1
}
check "lm generate --max-tokens -1 is rejected" negative_max_tokens

# Tiny corpus with modified Kneser-Ney: the discounts cannot be estimated.
tiny_mkn() {
  expect_error 1 'order [0-9]+.*--discount-fallback' -- "$G" lm train "$T/tiny.txt" -o "$T/o/m.arpa" --order 3
  assert_no_output m.arpa
  expect_ok "$G" lm train "$T/tiny.txt" -o "$T/o/tiny.arpa" --order 3 --discount-fallback
  grep -Eq 'warning.*order [0-9]+' "$T/err" || fail "--discount-fallback gives no warning naming the order"
  assert_match "$(arpa_counts "$T/o/tiny.arpa")" '^[0-9]+ [0-9]+ [0-9]+$' "tiny model with --discount-fallback"
  grep -q 'fallback' "$T/o/tiny.arpa" || fail "the ARPA header does not record the fallback discounts"
  printf 'a b\n' >"$T/ab.txt"
  expect_ok "$G" lm eval -m "$T/o/tiny.arpa" "$T/ab.txt" --json
  assert_eq "$(json_get "$T/out" tokens)" 3 "tokens of 'a b' (a, b, </s>)"
  rm -f "$T/o/tiny.arpa"
}
check "tiny corpus with mkn / --discount-fallback" tiny_mkn

# ---------------------------------------------------------------------------------------------
# Atomic output: a failed run leaves no file, or leaves an existing file unchanged
# ---------------------------------------------------------------------------------------------
atomic_output() {
  printf 'precious old model\n' >"$T/o/keep.arpa"
  cp "$T/o/keep.arpa" "$T/keep.orig"
  # CODE ARGS: the exit code of a failed run (2: a usage error).
  for case in "1 $T/tiny.txt --order 3" "1 $T/badutf.txt --order 3" "1 $T/empty.txt --order 2" \
    "1 $T/nosuch.txt --order 2" "2 $T/small.txt --order 11"; do
    local code=${case%% *} args=${case#* }
    # shellcheck disable=SC2086
    run "$G" lm train $args -o "$T/o/keep.arpa"
    _gv_check_no_crash
    [ "$RC" -eq "$code" ] || fail "lm train $args should fail with exit code $code, got $RC"
    cmp -s "$T/o/keep.arpa" "$T/keep.orig" || fail "failed lm train ($args) changed the existing output file"
    assert_no_tmp_files "$T/o"
  done
  printf 'old vocabulary\n' >"$T/o/keep.vocab"
  cp "$T/o/keep.vocab" "$T/keep.vocab.orig"
  expect_error 1 'badutf\.txt:100:' -- "$G" vocab "$T/badutf.txt" -o "$T/o/keep.vocab"
  cmp -s "$T/o/keep.vocab" "$T/keep.vocab.orig" || fail "failed vocab changed the existing output file"
  printf 'old tokens\n' >"$T/o/keep.tok"
  cp "$T/o/keep.tok" "$T/keep.tok.orig"
  expect_error 1 'badutf\.txt:100:' -- "$G" tokenize "$T/badutf.txt" -o "$T/o/keep.tok"
  cmp -s "$T/o/keep.tok" "$T/keep.tok.orig" || fail "failed tokenize changed the existing output file"
  assert_no_tmp_files "$T/o"
  rm -f "$T/o/keep.arpa" "$T/o/keep.vocab" "$T/o/keep.tok"
  # An output directory that does not exist: the error names the output path.
  expect_error 1 'nodir/m\.arpa' -- "$G" lm train "$T/small.txt" -o "$T/nodir/m.arpa" --order 2 -q
  # A successful run replaces the file and leaves no temp file.
  printf 'old\n' >"$T/o/new.arpa"
  expect_ok "$G" lm train "$T/small.txt" -o "$T/o/new.arpa" --order 2 -q
  assert_match "$(head -n 1 "$T/o/new.arpa")" '^# gramvec' "successful training replaces the output"
  assert_no_tmp_files "$T/o"
  rm -f "$T/o/new.arpa"
}
check "atomic output" atomic_output

# ---------------------------------------------------------------------------------------------
# Broken ARPA files given to lm eval / lm score / lm generate
# ---------------------------------------------------------------------------------------------
GOOD="$T/good.arpa"
arpa_counts "$GOOD" >/dev/null
sec2=$(grep -n '^\\2-grams:$' "$GOOD" | cut -d: -f1)
n2=$(sed -n 's/^ngram 2=//p' "$GOOD")
printf 'the nation\n' >"$T/text.txt"

# broken NAME PATTERN: the model $T/NAME is rejected by eval, score and generate with one error
# line that names it and matches PATTERN; nothing on stdout.
broken() {
  local name=$1 pattern=$2 esc
  esc=$(printf '%s' "$name" | sed 's/\./\\./g')
  expect_error 1 "$esc$pattern" -- "$G" lm eval -m "$T/$name" "$T/text.txt"
  assert_eq "$(cat "$T/out")" "" "lm eval printed output for the broken model $name"
  expect_error 1 "$esc$pattern" -- "$G" lm eval -m "$T/$name" "$T/text.txt" --json
  assert_eq "$(cat "$T/out")" "" "lm eval --json printed output for the broken model $name"
  expect_error 1 "$esc$pattern" -- "$G" lm score -m "$T/$name" "$T/text.txt"
  assert_eq "$(cat "$T/out")" "" "lm score printed output for the broken model $name"
  expect_error 1 "$esc$pattern" -- "$G" lm generate -m "$T/$name" -n 2
  assert_eq "$(cat "$T/out")" "" "lm generate printed output for the broken model $name"
}

# \data\ declares one 2-gram more than the section holds: the error is at the section's end.
sed "s/^ngram 2=$n2\$/ngram 2=$((n2 + 1))/" "$GOOD" >"$T/more.arpa"
check "broken model more.arpa" broken more.arpa ":$((sec2 + n2 + 1)): .*2-grams"
# \data\ declares one 2-gram fewer: the error is at the first 2-gram too many.
sed "s/^ngram 2=$n2\$/ngram 2=$((n2 - 1))/" "$GOOD" >"$T/fewer.arpa"
check "broken model fewer.arpa" broken fewer.arpa ":$((sec2 + n2)): .*2-grams"
# A missing section header: the 2-grams run on after the 1-grams.
sed '/^\\2-grams:$/d' "$GOOD" >"$T/nosection.arpa"
check "broken model nosection.arpa" broken nosection.arpa ":$sec2: "
# A probability that is not a number, in the first 2-gram line.
awk -v l=$((sec2 + 1)) -F'\t' 'BEGIN {OFS = "\t"} NR == l {$1 = "minus-two"} {print}' "$GOOD" >"$T/nan.arpa"
check "broken model nan.arpa" broken nan.arpa ":$((sec2 + 1)): .*minus-two"
# A duplicate n-gram.
awk -v l=$((sec2 + 1)) 'NR == l {print; sub(/^[^\t]+/, "-1.5")} {print}' "$GOOD" \
  | sed "s/^ngram 2=$n2\$/ngram 2=$((n2 + 1))/" >"$T/dup.arpa"
check "broken model dup.arpa" broken dup.arpa ":$((sec2 + 2)): .*duplicate"
# A 2-gram with a word that is not among the 1-grams.
awk -v l=$((sec2 + 1)) -F'\t' 'BEGIN {OFS = "\t"} NR == l {split($2, w, " "); $2 = w[1] " zzznotaword"} {print}' "$GOOD" >"$T/unknownword.arpa"
check "broken model unknownword.arpa" broken unknownword.arpa ":$((sec2 + 1)): .*zzznotaword"
# Truncated files, cut in the middle of a line at several places; the error gives the line where
# the file ends.
size=$(wc -c <"$GOOD")
for frac in 5 30 50 75 99; do
  head -c $((size * frac / 100)) "$GOOD" >"$T/trunc$frac.arpa"
  check "broken model trunc$frac.arpa" broken "trunc$frac.arpa" ':[0-9]+: '
done
# The same file without its \end\ line.
sed '/^\\end\\$/d' "$GOOD" >"$T/noend.arpa"
check "broken model noend.arpa" broken noend.arpa ':[0-9]+: .*(end|truncat)'
# Not ARPA at all.
gzip -c "$GOOD" >"$T/model.arpa.gz"
check "broken model model.arpa.gz" broken model.arpa.gz '(:[0-9]+)?: .*(gzip|compress)'
head -c 2000 /bin/ls >"$T/binary.arpa"
check "broken model binary.arpa" broken binary.arpa '(:[0-9]+)?: .*binary'
: >"$T/empty.arpa"
check "broken model empty.arpa" broken empty.arpa '(:[0-9]+)?: '
printf 'hello world\nthis is text\n' >"$T/text.arpa"
check "broken model text.arpa" broken text.arpa '(:[0-9]+)?: '
check "broken model nosuch.arpa" broken nosuch.arpa ': .*(No such file|cannot open)'
# A directory instead of a file.
mkdir "$T/dir.arpa"
check "broken model dir.arpa" broken dir.arpa '(:[0-9]+)?: '

# The good model still works (the checks above did not pass only because every model failed).
expect_ok "$G" lm eval -m "$GOOD" "$T/text.txt" --json
json_valid "$T/out"

finish "all bad-input checks passed"
