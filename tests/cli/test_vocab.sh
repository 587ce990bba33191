#!/usr/bin/env bash
# gramvec vocab: header, counts, order (descending count, ties by byte order), --min-count,
# --max-size, --lower, --json; lm train --vocab maps other words to <unk>.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

# tests/fixtures/vocab-small.txt:
#   the cat sat on the mat
#   The cat ran
#   a dog sat
#   b B é
# 15 words in 4 lines; "cat", "sat", "the" twice, the rest once. Byte order puts upper case
# before lower case and "é" (0xC3 0xA9) last.
CORPUS="$FIXTURES/vocab-small.txt"
[ -f "$CORPUS" ] || fail "fixture $CORPUS is missing"

expect_ok "$G" vocab "$CORPUS" -o "$T/all.vocab"
[ -f "$T/all.vocab" ] || fail "vocab did not write its output"
assert_eq "$(head -n 1 "$T/all.vocab")" "#gramvec-vocab 1 tokenizer=word lower=0 normalize=nfkc" "header line"
expected=$(printf '%s\n' \
  $'<unk>\t0' $'<s>\t4' $'</s>\t4' \
  $'cat\t2' $'sat\t2' $'the\t2' \
  $'B\t1' $'The\t1' $'a\t1' $'b\t1' $'dog\t1' $'mat\t1' $'on\t1' $'ran\t1' $'é\t1')
assert_eq "$(tail -n +2 "$T/all.vocab")" "$expected" "vocabulary entries and order"

# The counts (without the reserved entries) add up to the number of words.
total=$(tail -n +5 "$T/all.vocab" | awk -F'\t' '{s += $2} END {print s}')
assert_eq "$total" 15 "sum of word counts"

# stdin gives the same file.
expect_ok "$G" vocab - -o "$T/stdin.vocab" <"$CORPUS"
cmp -s "$T/all.vocab" "$T/stdin.vocab" || fail "vocab from stdin differs from vocab from the file"

# --min-count 2: words seen once count as <unk> (9 of them).
expect_ok "$G" vocab "$CORPUS" -o "$T/min2.vocab" --min-count 2 --json
expected=$(printf '%s\n' $'<unk>\t9' $'<s>\t4' $'</s>\t4' $'cat\t2' $'sat\t2' $'the\t2')
assert_eq "$(tail -n +2 "$T/min2.vocab")" "$expected" "--min-count 2"
json_valid "$T/out"
assert_eq "$(json_get "$T/out" tokens)" 15 "--json tokens"
assert_eq "$(json_get "$T/out" sentences)" 4 "--json sentences"
assert_eq "$(json_get "$T/out" unk_count)" 9 "--json unk_count"
assert_eq "$(json_get "$T/out" output)" "$T/min2.vocab" "--json output"

# --max-size 4: the four most frequent words (ties by byte order), the rest is <unk>.
expect_ok "$G" vocab "$CORPUS" -o "$T/max4.vocab" --max-size 4 -q
expected=$(printf '%s\n' $'<unk>\t8' $'<s>\t4' $'</s>\t4' $'cat\t2' $'sat\t2' $'the\t2' $'B\t1')
assert_eq "$(tail -n +2 "$T/max4.vocab")" "$expected" "--max-size 4"

# --lower merges The/the and B/b; the header records the settings.
expect_ok "$G" vocab "$CORPUS" -o "$T/lower.vocab" --lower --normalize nfc -q
assert_eq "$(head -n 1 "$T/lower.vocab")" "#gramvec-vocab 1 tokenizer=word lower=1 normalize=nfc" "header with --lower --normalize nfc"
expected=$(printf '%s\n' \
  $'<unk>\t0' $'<s>\t4' $'</s>\t4' \
  $'the\t3' $'b\t2' $'cat\t2' $'sat\t2' \
  $'a\t1' $'dog\t1' $'mat\t1' $'on\t1' $'ran\t1' $'é\t1')
assert_eq "$(tail -n +2 "$T/lower.vocab")" "$expected" "--lower entries"

# --tokenizer char: characters; 'a' and 't' both occur 7 times (a tie: 'a' first), 'T' once.
expect_ok "$G" vocab "$CORPUS" -o "$T/char.vocab" --tokenizer char -q
assert_eq "$(head -n 1 "$T/char.vocab")" "#gramvec-vocab 1 tokenizer=char lower=0 normalize=nfkc" "header with --tokenizer char"
assert_eq "$(awk -F'\t' '$1 == "t" {print $2}' "$T/char.vocab")" 7 "count of 't' in char mode"
assert_eq "$(sed -n 5,6p "$T/char.vocab")" $'a\t7\nt\t7' "most frequent characters"

# --- lm train --vocab: the model's unigrams are exactly the vocabulary ---
expect_ok "$G" lm train "$CORPUS" --vocab "$T/min2.vocab" -o "$T/v.arpa" --order 2 --discount-fallback -q
counts=$(arpa_counts "$T/v.arpa")
unigrams=$(sed -n '/^\\1-grams:/,/^$/p' "$T/v.arpa" | awk -F'\t' 'NF >= 2 {print $2}' | LC_ALL=C sort)
vocab_words=$(tail -n +2 "$T/min2.vocab" | cut -f1 | LC_ALL=C sort)
assert_eq "$unigrams" "$vocab_words" "ARPA unigrams equal the --vocab words"
assert_eq "${counts%% *}" 6 "number of unigrams with --vocab"
# No bigram mentions a word outside the vocabulary (dog, mat, on, ... became <unk>).
bad=$(sed -n '/^\\2-grams:/,/^$/p' "$T/v.arpa" | awk -F'\t' 'NF >= 2 {print $2}' | tr ' ' '\n' \
  | grep -Evx '<unk>|<s>|</s>|cat|sat|the' || true)
assert_eq "$bad" "" "bigrams use only vocabulary words"
# "dog" and "ran" are OOVs for this model; "cat" and "the" are not.
printf 'the dog ran\n' >"$T/oov.txt"
expect_ok "$G" lm eval -m "$T/v.arpa" "$T/oov.txt" --json
assert_eq "$(json_get "$T/out" oovs)" 2 "OOVs with the --vocab model"
assert_eq "$(json_get "$T/out" tokens)" 4 "tokens with the --vocab model"

# A vocabulary file without the header is read as word[<TAB>count].
printf 'the\t5\ncat\nzebra\t1\n' >"$T/plain.vocab"
expect_ok "$G" lm train "$CORPUS" --vocab "$T/plain.vocab" -o "$T/plain.arpa" --order 2 --discount-fallback -q
unigrams=$(sed -n '/^\\1-grams:/,/^$/p' "$T/plain.arpa" | awk -F'\t' 'NF >= 2 {print $2}' | LC_ALL=C sort | tr '\n' ' ')
assert_eq "$unigrams" "</s> <s> <unk> cat the zebra " "unigrams with a header-less vocabulary"

# --- errors ---
expect_error 1 'missing\.txt: .*(No such file|cannot open)' -- "$G" vocab "$T/missing.txt" -o "$T/x.vocab"
assert_no_file "$T/x.vocab"
expect_usage_error 'output|-o' -- "$G" vocab "$CORPUS"
expect_usage_error 'bogus' -- "$G" vocab "$CORPUS" -o "$T/x.vocab" --bogus
assert_no_file "$T/x.vocab"
expect_error 1 'nothere\.vocab' -- "$G" lm train "$CORPUS" --vocab "$T/nothere.vocab" -o "$T/x.arpa" --order 2
assert_no_file "$T/x.arpa"
printf 'the\t5\ncat\tmany\n' >"$T/badcount.vocab"
expect_error 1 'badcount\.vocab:2: .*many' -- "$G" lm train "$CORPUS" --vocab "$T/badcount.vocab" -o "$T/x.arpa" --order 2
assert_no_file "$T/x.arpa"
# A binary file given as a vocabulary: a short one-line error naming the file (not the whole
# binary line echoed back).
head -c 4000 /bin/ls >"$T/binary.vocab"
expect_error 1 'binary\.vocab' -- "$G" lm train "$CORPUS" --vocab "$T/binary.vocab" -o "$T/x.arpa" --order 2
assert_no_file "$T/x.arpa"
len=$(wc -c <"$T/err")
[ "$len" -le 400 ] || fail "the error for a binary --vocab file is $len bytes long (it echoes the binary data)"
if LC_ALL=C grep -q '[[:cntrl:]]' <(tr -d '\n\t' <"$T/err"); then
  fail "the error for a binary --vocab file contains control characters"
fi
assert_no_tmp_files "$T"

note "all vocab checks passed"
