#!/usr/bin/env bash
# gramvec tokenize: modes, case folding, normalisation, markup tokens, stdin/files/-o, sentences,
# invalid UTF-8 handling.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

# tok INPUT ARGS...: tokenize INPUT (given on stdin) and put the output in $TOK.
tok() {
  local input=$1
  shift
  printf '%s' "$input" >"$T/in.txt"
  run "$G" tokenize "$@" "$T/in.txt"
  _gv_check_no_crash
  [ "$RC" -eq 0 ] || fail "tokenize $* failed with exit $RC"
  TOK=$(cat "$T/out")
}

# --- word mode (default): dictionary segmentation for Chinese, punctuation split off ---
tok $'我喜欢自然语言处理\n'
assert_eq "$TOK" "我 喜欢 自然 语言 处理" "Chinese word segmentation"
tok $'我喜欢自然语言处理\n' --mode word
assert_eq "$TOK" "我 喜欢 自然 语言 处理" "Chinese word segmentation with --mode word"
tok $'Hello, World! foo-bar  baz\n'
assert_eq "$TOK" "Hello , World ! foo - bar baz" "English word mode"
tok $'don\'t stop, it\'s 3.14\n'
assert_eq "$TOK" "don't stop , it's 3.14" "contractions and decimals stay whole"

# --- char mode: one token per grapheme cluster ---
tok $'我喜欢自然语言处理\n' --mode char
assert_eq "$TOK" "我 喜 欢 自 然 语 言 处 理" "char mode"
# e + COMBINING ACUTE (not composed with --normalize none) and a ZWJ emoji family are one
# grapheme cluster each.
tok $'ae\xcc\x81\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7z\n' --mode char --normalize none
assert_eq "$TOK" $'a e\xcc\x81 \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 z' "char mode keeps grapheme clusters whole"

# --- space mode: split on Unicode white space only, runs of spaces collapse ---
tok $'Hello, World! foo-bar  baz\n' --mode space
assert_eq "$TOK" "Hello, World! foo-bar baz" "space mode"
# EM SPACE (U+2003), IDEOGRAPHIC SPACE (U+3000) and TAB separate tokens even without NFKC.
tok $'a\xe2\x80\x83b\xe3\x80\x80c\td  \n' --mode space --normalize none
assert_eq "$TOK" "a b c d" "space mode splits on Unicode white space"

# --- --lower: full Unicode case folding ---
tok $'HELLO Straße ΣΟΦΟΣ\n' --lower
assert_eq "$TOK" "hello strasse σοφοσ" "--lower (full case folding)"
tok $'HELLO World\n'
assert_eq "$TOK" "HELLO World" "no folding without --lower"

# --- normalisation: NFKC by default, NFC, none ---
tok $'ＡＢＣ１２３ ﬁne\n'
assert_eq "$TOK" "ABC123 fine" "NFKC (default) folds full-width letters and ligatures"
tok $'ＡＢＣ１２３ ﬁne\n' --normalize nfkc
assert_eq "$TOK" "ABC123 fine" "--normalize nfkc"
tok $'ＡＢＣ１２３\n' --normalize none
assert_eq "$TOK" "ＡＢＣ１２３" "--normalize none keeps full-width letters"
tok $'ＡＢＣ１２３\n' --normalize nfc
assert_eq "$TOK" "ＡＢＣ１２３" "--normalize nfc keeps full-width letters"
tok $'e\xcc\x81\n' --normalize nfc
assert_eq "$TOK" $'\xc3\xa9' "--normalize nfc composes e + combining acute"
tok $'e\xcc\x81\n' --normalize none
assert_eq "$TOK" $'e\xcc\x81' "--normalize none leaves e + combining acute"

# --- markup tokens <s> </s> <unk> stay whole in every mode ---
for mode in word char space; do
  tok $'<s> hello </s> <unk> there\n' --mode "$mode"
  case $mode in
    char) want="<s> h e l l o </s> <unk> t h e r e" ;;
    *) want="<s> hello </s> <unk> there" ;;
  esac
  assert_eq "$TOK" "$want" "markup tokens in $mode mode"
done
tok $'<unk>, said <s>the</s>.\n'
assert_eq "$TOK" "<unk> , said <s> the </s> ." "markup tokens next to punctuation and words"
tok $'我<unk>你\n' --mode char
assert_eq "$TOK" "我 <unk> 你" "markup token between CJK characters in char mode"

# --- one output line per input line, including empty lines and a last line without newline ---
tok $'a b\n\nc d\n'
assert_eq "$(cat "$T/out" | wc -l)" 3 "line count with an empty line"
assert_eq "$TOK" $'a b\n\nc d' "empty line kept"
tok $'a b\nc'
assert_eq "$TOK" $'a b\nc' "last line without newline"
tok $'a b\r\nc\r\n'
assert_eq "$TOK" $'a b\nc' "CRLF line ends"

# --- stdin, '-', several files, -o ---
printf 'Hello, World!\n' >"$T/one.txt"
printf 'Second file.\n' >"$T/two.txt"
expect_ok "$G" tokenize "$T/one.txt"
from_file=$(cat "$T/out")
_gv_describe "$G" tokenize "<" one.txt
from_stdin=$("$G" tokenize <"$T/one.txt") || fail "tokenize from stdin failed"
from_dash=$("$G" tokenize - <"$T/one.txt") || fail "tokenize - failed"
assert_eq "$from_file" "Hello , World !" "tokenize FILE"
assert_eq "$from_stdin" "$from_file" "stdin equals file"
assert_eq "$from_dash" "$from_file" "'-' equals file"
expect_ok "$G" tokenize "$T/one.txt" - "$T/two.txt" <"$T/two.txt"
assert_eq "$(cat "$T/out")" $'Hello , World !\nSecond file .\nSecond file .' "several inputs in order"
expect_ok "$G" tokenize "$T/one.txt" -o "$T/tok.out"
assert_eq "$(cat "$T/out")" "" "stdout is empty with -o"
[ -f "$T/tok.out" ] || fail "-o did not write the file"
assert_eq "$(cat "$T/tok.out")" "Hello , World !" "-o file content"
expect_ok "$G" tokenize -q "$T/one.txt"
assert_eq "$(cat "$T/err")" "" "-q prints nothing on stderr"

# --- --sentences: one line per sentence ---
tok $'Hello there. How are you?\n' --sentences
assert_eq "$TOK" $'Hello there .\nHow are you ?' "--sentences"
tok $'Hello there. How are you?\n'
assert_eq "$TOK" "Hello there . How are you ?" "without --sentences: one line"

# --- invalid UTF-8 ---
printf 'ok line\nbad \xff here\nfine\n' >"$T/bad.txt"
# The byte offset is counted from the start of the file: 8 bytes of "ok line\n" + 4 of "bad ".
expect_error 1 'bad\.txt:2: invalid UTF-8 at byte offset 12\b' -- "$G" tokenize "$T/bad.txt"
expect_error 1 'bad\.txt:2: invalid UTF-8 at byte offset 12\b' -- "$G" tokenize --on-invalid error "$T/bad.txt"
expect_error 1 'bad\.txt:2: invalid UTF-8' -- "$G" tokenize "$T/bad.txt" -o "$T/bad.out"
assert_no_file "$T/bad.out" "tokenize -o left an output file after an invalid UTF-8 error"
assert_no_tmp_files "$T"
_gv_describe "$G" tokenize "<" bad
printf '\xff\n' | "$G" tokenize >"$T/out" 2>"$T/err"
RC=$?
[ "$RC" -eq 1 ] || fail "invalid UTF-8 on stdin: expected exit 1, got $RC"
assert_eq "$(wc -l <"$T/err")" 1 "one error line for invalid UTF-8 on stdin"
grep -Eq '^gramvec: error: .*:1: invalid UTF-8 at byte offset 0\b' "$T/err" \
  || fail "invalid UTF-8 on stdin: error does not give line 1 and byte offset 0"
# A truncated multi-byte sequence and an overlong encoding are invalid too.
printf 'ab\xe4\xbd\n' >"$T/trunc.txt"
expect_error 1 'trunc\.txt:1: invalid UTF-8 at byte offset 2\b' -- "$G" tokenize "$T/trunc.txt"
printf 'x \xc0\xaf\n' >"$T/overlong.txt"
expect_error 1 'overlong\.txt:1: invalid UTF-8 at byte offset 2\b' -- "$G" tokenize "$T/overlong.txt"

expect_ok "$G" tokenize --on-invalid replace "$T/bad.txt"
assert_eq "$(cat "$T/out")" $'ok line\nbad \xef\xbf\xbd here\nfine' "--on-invalid replace output"
grep -Eq '\b1\b.*(U\+FFFD|replace)|replace.*\b1\b' "$T/err" || fail "--on-invalid replace does not report the count on stderr"
expect_ok "$G" tokenize --on-invalid skip "$T/bad.txt"
assert_eq "$(cat "$T/out")" $'ok line\nfine' "--on-invalid skip output"
grep -Eq '\b1\b.*skip|skip.*\b1\b' "$T/err" || fail "--on-invalid skip does not report the count on stderr"

# --- bad option values and unknown options ---
expect_usage_error "--mode: .*'bogus'" -- "$G" tokenize --mode bogus "$T/one.txt"
expect_usage_error "--normalize: .*'bogus'" -- "$G" tokenize --normalize bogus "$T/one.txt"
expect_usage_error "--on-invalid: .*'bogus'" -- "$G" tokenize --on-invalid bogus "$T/one.txt"
expect_usage_error "bogus" -- "$G" tokenize --bogus "$T/one.txt"
expect_error 1 'missing\.txt: .*(No such file|cannot open)' -- "$G" tokenize "$T/missing.txt"

note "all tokenize checks passed"
