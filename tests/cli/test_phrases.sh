#!/usr/bin/env bash
# gramvec phrases learn: a hand-scored English fixture (format, header, scores, sorting), the
# phrases of an awk word2phrase on the same text, Chinese characters joined into words without
# '_', --json, stdin, usage errors (exit 2), errors (exit 1) and no output left by a failure.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

mkdir "$T/o"  # the output directory of the failing commands: stays empty
EN="$FIXTURES/phrases/en.txt"
ZH="$FIXTURES/phrases/zh.txt"
[ -f "$EN" ] && [ -f "$ZH" ] || fail "fixtures $EN and $ZH are missing"

# en.txt: 68 tokens in 10 lines. new 6, york 5, new york 5; san 4, francisco 4, san francisco 4;
# a 6, big 4, a big 3; never 2, sleeps 2, never sleeps 2. With --min-count 2 (word2phrase):
#   new york:      (5 - 2) / (6 * 5) * 68 = 6.8
#   san francisco: (4 - 2) / (4 * 4) * 68 = 8.5
#   a big:         (3 - 2) / (6 * 4) * 68 = 2.83
#   is a:          (3 - 2) / (5 * 6) * 68 = 2.27   (is 5, is a 3)
#   never sleeps:  (2 - 2) / (2 * 2) * 68 = 0
# so threshold 5 joins new york and san francisco, 2.5 a big too, 2 is a as well (which then
# takes the a of "is a big": a big is joined twice), 7 only san francisco.
hand_scored() {
  expect_ok "$G" phrases learn "$EN" --tokenizer space --min-count 2 --threshold 5 -o "$T/en.phrases"
  assert_eq "$(wc -c <"$T/out")" 0 "nothing on stdout with -o"
  assert_eq "$(cat "$T/en.phrases")" "# gramvec phrases 1 scorer=word2phrase threshold=5 min-count=2 passes=1
# tokenizer=space lower=0 normalize=nfkc
new_york 5 6.8
san_francisco 4 8.5" "phrase list (count descending)"
  assert_eq "$(cat "$T/err")" \
    "gramvec phrases learn: 2 phrases from 68 tokens in 10 sentences, 1 pass (59 tokens after)" "summary line"
  expect_ok "$G" phrases learn "$EN" --tokenizer space --min-count 2 --threshold 2.5 -o - -q
  assert_eq "$(grep -v '^#' "$T/out")" "new_york 5 6.8
san_francisco 4 8.5
a_big 3 2.8" "threshold 2.5"
  assert_eq "$(wc -c <"$T/err")" 0 "--quiet: nothing on stderr"
  expect_ok "$G" phrases learn "$EN" --tokenizer space --min-count 2 --threshold 2 -o - -q
  assert_eq "$(grep -v '^#' "$T/out")" "new_york 5 6.8
san_francisco 4 8.5
is_a 3 2.3
a_big 2 2.8" "threshold 2"
  expect_ok "$G" phrases learn "$EN" --tokenizer space --min-count 2 --threshold 7 -o - -q
  assert_eq "$(grep -v '^#' "$T/out")" "san_francisco 4 8.5" "threshold 7"
  # The threshold is strict: 8.5 does not pass 8.5.
  expect_ok "$G" phrases learn "$EN" --tokenizer space --min-count 2 --threshold 8.5 -o - -q
  assert_eq "$(grep -vc '^#' "$T/out")" 0 "threshold 8.5"
  # Ties in count by bytes: with --min-count 1 many pairs are seen once.
  expect_ok "$G" phrases learn "$EN" --tokenizer space --min-count 1 --threshold 5 -o - -q
  assert_eq "$(grep -v '^#' "$T/out" | cut -d' ' -f1,2)" \
    "$(grep -v '^#' "$T/out" | cut -d' ' -f1,2 | LC_ALL=C sort -t ' ' -k2,2nr -k1,1)" "count descending, then bytes"
  assert_num "$(grep -vc '^#' "$T/out") > 5" "min-count 1 finds more phrases"
}

# word2phrase's one pass written in awk (pairs within lines, a joined pair's second word used up)
# on ~30,000 words of speeches: the same phrases with the same counts.
same_as_awk() {
  sed -n '1,400p' "$DATA/en-speeches.txt" >"$T/speeches.txt"
  awk -v m=5 -v t=40 '
    { line[NR] = $0; n = split($0, w, " "); N += n
      for (i = 1; i <= n; i++) c[w[i]]++
      for (i = 1; i < n; i++) b[w[i] SUBSEP w[i + 1]]++ }
    END {
      for (l = 1; l <= NR; l++) {
        n = split(line[l], w, " "); i = 1
        while (i <= n) {
          if (i < n) {
            k = w[i] SUBSEP w[i + 1]
            if (c[w[i]] >= m && c[w[i + 1]] >= m && b[k] >= m && (b[k] - m) / c[w[i]] / c[w[i + 1]] * N > t) {
              j[w[i] "_" w[i + 1]]++; i += 2; continue
            }
          }
          i++
        }
      }
      for (p in j) print p " " j[p]
    }' "$T/speeches.txt" | LC_ALL=C sort -t ' ' -k2,2nr -k1,1 >"$T/awk.txt"
  expect_ok "$G" phrases learn "$T/speeches.txt" --tokenizer space --normalize none --threshold 40 -o "$T/sp.phrases"
  grep -v '^#' "$T/sp.phrases" | cut -d' ' -f1,2 >"$T/mine.txt"
  assert_num "$(wc -l <"$T/awk.txt") >= 20" "the awk count finds phrases"
  assert_eq "$(md5sum <"$T/mine.txt")" "$(md5sum <"$T/awk.txt")" "the phrases and counts of the awk word2phrase"
}

chinese() {
  # Characters: 宋江 occurs 61 times in zh.txt and is joined every time; Han characters are
  # joined without '_'. Two passes on the bundled 三国演义 excerpt give three-character names.
  expect_ok "$G" phrases learn "$ZH" --tokenizer char --min-count 3 --threshold 10 --passes 2 -o "$T/zh.phrases"
  assert_eq "$(sed -n 1p "$T/zh.phrases")" "# gramvec phrases 1 scorer=word2phrase threshold=10 min-count=3 passes=2"
  assert_eq "$(sed -n 2p "$T/zh.phrases")" "# tokenizer=char lower=0 normalize=nfkc"
  assert_match "$(sed -n 3p "$T/zh.phrases")" "^宋江 61 [0-9.]+$" "宋江 first, joined all 61 times"
  if grep -qP '[\x{4e00}-\x{9fff}]_|_[\x{4e00}-\x{9fff}]' "$T/zh.phrases"; then
    fail "'_' next to a Han character: $(grep -P '[\x{4e00}-\x{9fff}]_|_[\x{4e00}-\x{9fff}]' "$T/zh.phrases" | head -3)"
  fi
  expect_ok "$G" phrases learn "$DATA/zh-sanguo.txt" --tokenizer char --passes 3 -o "$T/sanguo.phrases"
  for w in 玄德 吕布 董卓 刘备 张飞 公孙瓒; do
    grep -q "^$w " "$T/sanguo.phrases" || fail "characters not joined into the name $w"
  done
  # Word tokens: ICU splits 宋江 (宋 江) most of the time; the phrase list puts it back.
  expect_ok "$G" phrases learn "$ZH" --min-count 3 --threshold 10 -o - -q
  assert_match "$(grep -v '^#' "$T/out" | head -1)" "^宋江 [0-9]+ " "宋江 from word tokens"
}

json_and_stdin() {
  expect_ok "$G" phrases learn "$EN" --tokenizer space --min-count 2 --threshold 5 -o "$T/j.phrases" --json
  json_valid "$T/out"
  assert_eq "$(json_get "$T/out" phrases)" 2 "--json phrases"
  assert_eq "$(json_get "$T/out" tokens)" 68 "--json tokens"
  assert_eq "$(json_get "$T/out" tokens_after)" 59 "--json tokens_after"
  assert_eq "$(json_get "$T/out" sentences)" 10 "--json sentences"
  assert_eq "$(json_get "$T/out" passes)" 1 "--json passes"
  assert_eq "$(json_get "$T/out" joins_per_pass)" "[9]" "--json joins_per_pass"
  assert_eq "$(json_get "$T/out" scorer)" "word2phrase" "--json scorer"
  assert_eq "$(json_get "$T/out" output)" "$T/j.phrases" "--json output"
  assert_eq "$(wc -c <"$T/err")" 0 "--json: no summary on stderr"
  # stdin ('-') gives the same list.
  expect_ok "$G" phrases learn - --tokenizer space --min-count 2 --threshold 5 -o "$T/stdin.phrases" <"$EN"
  cmp -s "$T/j.phrases" "$T/stdin.phrases" || fail "phrases from stdin differ from phrases from the file"
}

npmi() {
  # npmi = ln(p(ab) / (p(a) p(b))) / -ln(p(ab)), p = count / 68, the pairs seen twice or more:
  #   new york      ln(68/6) / ln(68/5)        = 0.9301    san francisco ln(68/4) / ln(68/4) = 1
  #   is a (3)      ln(3*68/30) / ln(68/3)     = 0.6142    a big         ln(3*68/24) / ln(68/3) = 0.6857
  #   big city (2)  ln(2*68/12) / ln(68/2)     = 0.6885    never sleeps  ln(68/2) / ln(68/2) = 1
  #   the bay (2)   ln(2*68/8) / ln(68/2)      = 0.8034
  # All pass the default 0.5; "new york is a big city" becomes new_york is_a big_city (is a
  # is joined first and uses a up), so a_big is joined twice, not three times.
  expect_ok "$G" phrases learn "$EN" --tokenizer space --scorer npmi --min-count 2 -o - -q
  assert_eq "$(cat "$T/out")" "# gramvec phrases 1 scorer=npmi threshold=0.5 min-count=2 passes=1
# tokenizer=space lower=0 normalize=nfkc
new_york 5 0.9301
san_francisco 4 1.0000
is_a 3 0.6142
a_big 2 0.6857
big_city 2 0.6885
never_sleeps 2 1.0000
the_bay 2 0.8034" "npmi phrases, default threshold 0.5"
  expect_ok "$G" phrases learn "$EN" --tokenizer space --scorer npmi --min-count 2 --threshold 0.95 -o - -q
  assert_eq "$(grep -v '^#' "$T/out" | cut -d' ' -f1)" "san_francisco
never_sleeps" "npmi threshold 0.95"
}

usage_errors() {
  refused "--scorer: unknown scorer 'pmi'" "$G" phrases learn "$EN" -o "$T/o/p" --scorer pmi
  refused "--min-count: '0' is below the minimum of 1" "$G" phrases learn "$EN" -o "$T/o/p" --min-count 0
  refused "--passes: '0' is not a whole number from 1 to 10" "$G" phrases learn "$EN" -o "$T/o/p" --passes 0
  refused "--passes: '11' is not a whole number from 1 to 10" "$G" phrases learn "$EN" -o "$T/o/p" --passes 11
  refused "--threshold" "$G" phrases learn "$EN" -o "$T/o/p" --threshold abc
  refused "--threshold -1 is below 0" "$G" phrases learn "$EN" -o "$T/o/p" --threshold -1
  refused "--threshold must be a finite number" "$G" phrases learn "$EN" -o "$T/o/p" --threshold inf
  refused "--threshold 1.5 is outside \(-1, 1\]" "$G" phrases learn "$EN" -o "$T/o/p" --scorer npmi --threshold 1.5
  refused "--threshold -1 is outside \(-1, 1\]" "$G" phrases learn "$EN" -o "$T/o/p" --scorer npmi --threshold -1
  refused "--tokenizer" "$G" phrases learn "$EN" -o "$T/o/p" --tokenizer nope
  refused "--json: prints on stdout" "$G" phrases learn "$EN" -o - --json
  refused "output|-o" "$G" phrases learn "$EN"
  refused "subcommand|learn" "$G" phrases
}

errors() {
  expect_error 1 "$T/missing.txt: cannot open" "$G" phrases learn "$T/missing.txt" -o "$T/o/p"
  printf 'fine words\nbad \xff byte\n' >"$T/bad.txt"
  expect_error 1 "$T/bad.txt:2: invalid UTF-8" "$G" phrases learn "$T/bad.txt" -o "$T/o/p"
  [ -z "$(ls -A "$T/o")" ] || fail "a failure left output behind: $(ls -A "$T/o")"
  # A file the failed run would have replaced stays as it was.
  echo "keep me" >"$T/o/old.phrases"
  expect_error 1 "$T/bad.txt:2: invalid UTF-8" "$G" phrases learn "$EN" "$T/bad.txt" -o "$T/o/old.phrases"
  assert_eq "$(cat "$T/o/old.phrases")" "keep me" "a failure left the old output alone"
  assert_no_tmp_files "$T/o"
  # A full disk is an error, not a truncated list reported as success.
  if [ -w /dev/full ]; then
    expect_error 1 "" "$G" phrases learn "$EN" --tokenizer space --min-count 1 -o /dev/full -q
  fi
}

# Read back as a user dictionary (the bundled Romance of the Three Kingdoms), the phrases join
# the name ICU splits and cut no word ICU had whole: the words they would cut are listed too.
read_back_as_dictionary() {
  local zh="$DATA/zh-sanguo.txt"
  expect_ok "$G" phrases learn "$zh" -o "$T/sanguo.phrases" --json
  assert_num "$(json_get "$T/out" words_kept_whole) > 0" "words kept whole"
  grep -q '^玄德 ' "$T/sanguo.phrases" || fail "玄德 is not a learned phrase"
  assert_match "$(cat "$T/sanguo.phrases")" "# Words of the text that a phrase above would cut" "the kept words' comment"
  expect_ok "$G" tokenize "$zh" -o "$T/plain.tok"
  expect_ok "$G" tokenize "$zh" --user-dict "$T/sanguo.phrases" -o "$T/dict.tok"
  local name plain with
  # 玄德 (493 times in the text, always split by ICU) is never split: a token, or inside one.
  assert_eq "$(tr ' ' '\n' <"$T/plain.tok" | grep -cx 玄德 || true)" 0 "ICU splits 玄德"
  assert_eq "$(grep -o 玄德 "$T/dict.tok" | wc -l)" 493 "玄德 whole at each of its 493 occurrences"
  for name in 刘备 张飞 曹操 关羽 吕布; do
    plain=$(tr ' ' '\n' <"$T/plain.tok" | grep -cx "$name" || true)
    with=$(tr ' ' '\n' <"$T/dict.tok" | grep -cx "$name" || true)
    [ "$with" -ge "$plain" ] || fail "$name: $with tokens with the phrases, $plain without"
  done
}

check "hand-scored English fixture" hand_scored
check "the awk word2phrase" same_as_awk
check "Chinese" chinese
check "--json and stdin" json_and_stdin
check "npmi" npmi
check "usage errors" usage_errors
check "errors" errors
check read_back_as_dictionary read_back_as_dictionary
finish
