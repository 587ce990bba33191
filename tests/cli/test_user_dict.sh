#!/usr/bin/env bash
# --user-dict: dictionary words become tokens (Chinese as written, phrases from tokens), the
# dictionary moves token boundaries only, models and vocabularies record it and are used with it
# again (a different or missing one is warned about), bad dictionaries are one-line errors
# naming the file and line (exit 1).
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

ZH="$DATA/zh-sanguo.txt"
NAMES="$FIXTURES/user-dict/sanguo.dict"
PHRASES="$FIXTURES/user-dict/phrases.dict"
mkdir "$T/o"

token_count() {  # token_count WORD FILE: how many tokens of FILE (one line of tokens each) are WORD
  tr ' ' '\n' <"$2" | grep -cx "$1"
}

chinese_words() {
  expect_ok "$G" tokenize "$ZH"
  cp "$T/out" "$T/plain.tok"
  assert_eq "$(token_count 玄德 "$T/plain.tok")" 0 "ICU's dictionary splits 玄德"
  expect_ok "$G" tokenize "$ZH" --user-dict "$NAMES"
  cp "$T/out" "$T/dict.tok"
  # 玄德 occurs 493 times in the text: every occurrence is one token.
  assert_eq "$(grep -o 玄德 "$ZH" | wc -l)" 493 "occurrences of 玄德 in the text"
  assert_eq "$(token_count 玄德 "$T/dict.tok")" 493 "玄德 tokens with the dictionary"
  assert_eq "$(token_count 张飞 "$T/dict.tok")" "$(grep -o 张飞 "$ZH" | wc -l)" "张飞 tokens with the dictionary"
  # The dictionary moves token boundaries, nothing else: the same characters, line by line.
  assert_eq "$(tr -d ' ' <"$T/dict.tok" | md5sum)" "$(tr -d ' ' <"$T/plain.tok" | md5sum)" "same text"
  assert_eq "$(wc -l <"$T/dict.tok")" "$(wc -l <"$T/plain.tok")" "same lines"
  # Two files read together; char mode keeps the words too.
  printf '宋江\n' >"$T/more.dict"
  printf '宋江见玄德\n' >"$T/two.txt"
  expect_ok "$G" tokenize "$T/two.txt" --user-dict "$NAMES" --user-dict "$T/more.dict"
  assert_eq "$(cat "$T/out")" "宋江 见 玄德" "two dictionaries"
  expect_ok "$G" tokenize "$T/two.txt" --mode char --user-dict "$NAMES"
  assert_eq "$(cat "$T/out")" "宋 江 见 玄德" "char mode"
}

phrases() {
  printf 'I moved to New York to work at AT&T.\nnew york city is big\n' >"$T/en.txt"
  expect_ok "$G" tokenize "$T/en.txt" --user-dict "$PHRASES"
  assert_eq "$(cat "$T/out")" "I moved to New York to work at AT&T .
new_york_city is big" "phrases as written"
  expect_ok "$G" tokenize "$T/en.txt" --lower --user-dict "$PHRASES"
  assert_eq "$(head -1 "$T/out")" "i moved to new_york to work at at&t ." "phrases after --lower"
  expect_ok "$G" ngrams "$T/en.txt" --lower --order 1 --user-dict "$PHRASES"
  assert_match "$(cat "$T/out")" "new_york_city" "ngrams takes --user-dict"
}

models_record_it() {
  expect_ok "$G" lm train "$ZH" --order 3 --user-dict "$NAMES" -o "$T/m.arpa" --quiet
  assert_match "$(grep -m1 'tokenizer=' "$T/m.arpa")" "user_dict=[0-9a-f]{16} user_dict_path=.*sanguo\\.dict" "ARPA header"
  printf '玄德曰：吾乃刘备也。\n' >"$T/q.txt"
  # The recorded dictionary is read again: the same figures as with --user-dict, no warning.
  expect_ok "$G" lm score -m "$T/m.arpa" "$T/q.txt" --per-word
  cp "$T/out" "$T/recorded.score"
  assert_eq "$(cat "$T/err")" "" "no warning with the recorded dictionary"
  assert_match "$(cat "$T/out")" "^玄德=" "玄德 scored as one word"
  expect_ok "$G" lm score -m "$T/m.arpa" "$T/q.txt" --per-word --user-dict "$NAMES"
  assert_eq "$(cat "$T/out")" "$(cat "$T/recorded.score")" "same scores with --user-dict"
  assert_eq "$(cat "$T/err")" "" "no warning with the same dictionary"
  # Another dictionary: a warning naming both.
  printf '玄德\n' >"$T/other.dict"
  expect_ok "$G" lm score -m "$T/m.arpa" "$T/q.txt" --user-dict "$T/other.dict"
  assert_match "$(cat "$T/err")" "^gramvec lm score: warning: the model was made with user dictionary .*sanguo\\.dict \\(checksum [0-9a-f]{16}\\); tokenizing with user dictionary .*other\\.dict" "different dictionary"
  expect_ok "$G" lm eval -m "$T/m.arpa" "$T/q.txt" --user-dict "$T/other.dict"
  assert_match "$(cat "$T/err")" "lm eval: warning: the model was made with user dictionary" "lm eval warns"
  # The binary model records it too.
  expect_ok "$G" lm convert "$T/m.arpa" -o "$T/m.bin"
  expect_ok "$G" lm score -m "$T/m.bin" "$T/q.txt" --per-word
  assert_eq "$(cat "$T/out")" "$(cat "$T/recorded.score")" "binary model, recorded dictionary"
  # A model whose dictionary has gone: a warning, and the text tokenized without it.
  cp "$NAMES" "$T/gone.dict"
  expect_ok "$G" lm train "$ZH" --order 2 --user-dict "$T/gone.dict" -o "$T/gone.arpa" --quiet
  rm "$T/gone.dict"
  expect_ok "$G" lm score -m "$T/gone.arpa" "$T/q.txt" --per-word
  assert_match "$(cat "$T/err")" "warning: the model was made with user dictionary .*gone\\.dict .*cannot be read" "missing dictionary"
  assert_no_match "$(cat "$T/out")" "^玄德=" "tokenized without it"
  expect_ok "$G" lm score -m "$T/gone.arpa" "$T/q.txt" --quiet
  assert_eq "$(cat "$T/err")" "" "--quiet silences the warning"
  # A model trained without one, scored with one: warned.
  expect_ok "$G" lm train "$ZH" --order 2 -o "$T/plain.arpa" --quiet
  expect_ok "$G" lm score -m "$T/plain.arpa" "$T/q.txt" --user-dict "$NAMES"
  assert_match "$(cat "$T/err")" "the model was made with no user dictionary; tokenizing with user dictionary" "none recorded"
}

vocabulary_and_counts() {
  expect_ok "$G" vocab "$ZH" --user-dict "$NAMES" -o "$T/v.txt"
  assert_match "$(head -1 "$T/v.txt")" "user_dict=" "vocabulary header"
  assert_match "$(cat "$T/v.txt")" "玄德" "vocabulary has 玄德"
  # w2v train --vocab tokenizes with the vocabulary's dictionary.
  expect_ok "$G" w2v train "$ZH" --vocab "$T/v.txt" --dim 8 --epochs 1 --min-count 5 --threads 1 -o "$T/vec.txt" --quiet
  assert_match "$(cut -d' ' -f1 "$T/vec.txt")" "^玄德$" "vectors have 玄德"
  # Count files record it; training from them with another dictionary is refused.
  expect_ok "$G" lm count "$ZH" --order 2 --user-dict "$NAMES" -o "$T/c.counts"
  expect_ok "$G" lm train --counts "$T/c.counts" -o "$T/c.arpa" --quiet --smoothing wb
  assert_match "$(grep -m1 'tokenizer=' "$T/c.arpa")" "user_dict=" "model from counts records it"
  printf '玄德\n' >"$T/other.dict"
  expect_usage_error "contradict the count file" -- "$G" lm train --counts "$T/c.counts" -o "$T/o/c.arpa" --user-dict "$T/other.dict"
}

bad_dictionaries() {
  printf '玄德\n刘备 many 3\n' >"$T/bad-count.dict"
  expect_error 1 "bad-count\\.dict:2: 'many' is not a count" -- "$G" tokenize "$ZH" --user-dict "$T/bad-count.dict"
  printf '玄德 1 nr x\n' >"$T/fields.dict"
  expect_error 1 "fields\\.dict:1: more than three fields" -- "$G" lm train "$ZH" --order 2 -o "$T/o/m.arpa" --user-dict "$T/fields.dict"
  printf '# nothing\n\n' >"$T/empty.dict"
  expect_error 1 "empty\\.dict: the user dictionary has no word" -- "$G" vocab "$ZH" -o "$T/o/v.txt" --user-dict "$T/empty.dict"
  : >"$T/zero.dict"
  expect_error 1 "zero\\.dict: the user dictionary has no word" -- "$G" tokenize "$ZH" --user-dict "$T/zero.dict"
  head -c 1001 /dev/zero | tr '\0' 'a' >"$T/long.dict"
  expect_error 1 "long\\.dict:1: the word is 1001 bytes long \\(at most 1000\\)" -- "$G" tokenize "$ZH" --user-dict "$T/long.dict"
  printf '玄德\n\xff\xfe\n' >"$T/utf8.dict"
  expect_error 1 "utf8\\.dict:2: invalid UTF-8 at byte 1" -- "$G" w2v train "$ZH" -o "$T/o/v.bin" --user-dict "$T/utf8.dict"
  expect_error 1 "nonexistent\\.dict: cannot open the user dictionary" -- "$G" tokenize "$ZH" --user-dict "$T/nonexistent.dict"
  expect_usage_error "user-dict" -- "$G" tokenize "$ZH" --user-dict
  assert_eq "$(ls -A "$T/o")" "" "no output left behind"
}

training_needs_its_dictionary() {
  # Paths are recorded absolute: a model scored from another directory finds its dictionary.
  mkdir "$T/here" "$T/elsewhere"
  cp "$NAMES" "$T/here/names.dict"
  printf '玄德曰：吾乃刘备也。\n' >"$T/q.txt"
  (cd "$T/here" && "$G" lm train "$ZH" --order 2 --smoothing wb --user-dict names.dict -o m.arpa --quiet) \
    || fail "training with a relative --user-dict path"
  assert_match "$(grep -m1 'tokenizer=' "$T/here/m.arpa")" "user_dict_path=$T/here/names\.dict" "absolute path recorded"
  run bash -c "cd '$T/elsewhere' && '$G' lm score -m ../here/m.arpa ../q.txt --per-word"
  assert_eq "$RC" 0 "score from another directory"
  assert_match "$(cat "$T/out")" "^玄德=" "the recorded dictionary read from another directory"
  # A vocabulary or training state whose dictionary has gone: training on stops (exit 1) unless
  # --user-dict gives it.
  cp "$NAMES" "$T/v.dict"
  expect_ok "$G" vocab "$ZH" --user-dict "$T/v.dict" -o "$T/v.txt"
  expect_ok "$G" w2v train "$ZH" --dim 8 --epochs 2 --min-count 5 --threads 2 --user-dict "$T/v.dict" \
    -o "$T/o1.vec" --save-state "$T/state.bin" --quiet
  mv "$T/v.dict" "$T/moved.dict"
  expect_error 1 "the vocabulary was made with user dictionary .*v\.dict .*which cannot be read .*give it with --user-dict" \
    -- "$G" lm train "$ZH" --order 2 --smoothing wb --vocab "$T/v.txt" -o "$T/o/m.arpa"
  expect_error 1 "the vocabulary was made with user dictionary" \
    -- "$G" w2v train "$ZH" --vocab "$T/v.txt" --dim 8 --epochs 1 -o "$T/o/v.vec"
  expect_ok "$G" lm train "$ZH" --order 2 --smoothing wb --vocab "$T/v.txt" --user-dict "$T/moved.dict" -o "$T/m2.arpa" --quiet
  printf '玄德\n' >"$T/v.dict"  # another dictionary at the recorded path
  expect_error 1 "which has changed since \(checksum now [0-9a-f]{16}\)" \
    -- "$G" lm train "$ZH" --order 2 --smoothing wb --vocab "$T/v.txt" -o "$T/o/m.arpa"
  rm "$T/v.dict"
  expect_error 1 "the training state was made with user dictionary .*which cannot be read" \
    -- "$G" w2v train "$ZH" --resume "$T/state.bin" --epochs 3 -o "$T/o/v.vec"
  expect_ok "$G" w2v train "$ZH" --resume "$T/state.bin" --epochs 3 --user-dict "$T/moved.dict" -o "$T/o2.vec" --quiet
  assert_match "$(cut -d' ' -f1 "$T/o2.vec")" "^玄德$" "resumed vectors have 玄德"
  # lm train --counts: a dictionary that cannot be read is an input error, not a usage error.
  expect_ok "$G" lm count "$ZH" --order 2 -o "$T/c.counts"
  expect_error 1 "nonexistent\.dict: cannot open the user dictionary" \
    -- "$G" lm train --counts "$T/c.counts" -o "$T/o/c.arpa" --user-dict "$T/nonexistent.dict"
  # lm predict tokenizes the context with the model's dictionary; --prefix is never split.
  expect_ok "$G" lm predict -m "$T/here/m.arpa" -k 3 --prefix 刘 "玄德曰"
  expect_ok "$G" lm predict -m "$T/here/m.arpa" -k 3 --prefix 玄德曰 "玄德"
  # --sentences with a dictionary.
  expect_ok "$G" tokenize --sentences --user-dict "$NAMES" "$T/q.txt"
  assert_match "$(cat "$T/out")" "^玄德 曰" "--sentences"
  assert_eq "$(ls -A "$T/o")" "" "no output left behind"
}

check chinese_words chinese_words
check phrases phrases
check models_record_it models_record_it
check vocabulary_and_counts vocabulary_and_counts
check bad_dictionaries bad_dictionaries
check training_needs_its_dictionary training_needs_its_dictionary
finish
