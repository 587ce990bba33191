#!/usr/bin/env bash
# Chinese: character and word models on the bundled data/zh-sanguo.txt. (A word model on the whole
# shared corpus-zh.txt: test_cjk_corpus_zh.sh.)
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON checks need it"

ZH="$DATA/zh-sanguo.txt"
[ -f "$ZH" ] || fail "bundled corpus $ZH is missing"
head -n -20 "$ZH" >"$T/train.txt"
tail -n 20 "$ZH" >"$T/test.txt"
assert_eq "$(wc -l <"$T/test.txt")" 20 "held-out lines"

# --- word segmentation: dictionary words of several characters ---
expect_ok "$G" tokenize --mode word "$ZH"
assert_eq "$(wc -l <"$T/out")" "$(wc -l <"$ZH")" "one output line per input line"
cp "$T/out" "$T/words.txt"
multi=$(python3 -c '
import re, sys
han = re.compile(r"[\u4e00-\u9fff]{2,}")
print(sum(1 for line in open(sys.argv[1], encoding="utf-8") for w in line.split() if han.fullmatch(w)))' "$T/words.txt")
assert_num "$multi > 1000" "word mode finds only $multi multi-character words in the bundled text"
# Known words of the novel come out whole.
for w in 曹操 丞相 将军; do
  grep -qx "$w" <(tr ' ' '\n' <"$T/words.txt") || fail "word mode never produces the word $w"
done
# Every word token is made of the characters of the line: removing spaces gives the char text.
expect_ok "$G" tokenize --mode char "$ZH"
cp "$T/out" "$T/chars.txt"
cmp -s <(tr -d ' ' <"$T/words.txt") <(tr -d ' ' <"$T/chars.txt") || fail "word and char tokens do not cover the same text"
python3 -c '
import sys
long = [w for line in open(sys.argv[1], encoding="utf-8") for w in line.split() if len(w) != 1]
assert not long, long[:10]' "$T/chars.txt" || fail "char mode produced tokens longer than one character"

# --- character and word models, evaluated on the last 20 lines ---
for t in char word; do
  expect_ok "$G" lm train "$T/train.txt" -o "$T/$t.arpa" --order 3 --tokenizer "$t" -q
  arpa_counts "$T/$t.arpa" >/dev/null
  assert_match "$(sed -n 3p "$T/$t.arpa")" "^# tokenizer=$t " "$t: tokenizer in the header"
  # No --tokenizer: lm eval must use the model's own (from its header).
  expect_ok "$G" lm eval -m "$T/$t.arpa" "$T/test.txt" --json
  cp "$T/out" "$T/$t.json"
  python3 - "$T/$t.json" <<'PY' || fail "$t model: eval figures are wrong: $(cat "$T/$t.json")"
import json, math, sys
d = json.load(open(sys.argv[1]))
assert d["sentences"] == 20, d
assert d["tokens"] > 20 and d["oovs"] < d["tokens"], d
for k in ("log10prob", "perplexity", "perplexity_excluding_oovs", "ppl", "ppl1"):
    assert math.isfinite(d[k]), k
assert 1 < d["perplexity"] < 1e5, d
PY
done
char_tokens=$(json_get "$T/char.json" tokens)
word_tokens=$(json_get "$T/word.json" tokens)
note "held-out tokens: char $char_tokens, word $word_tokens; perplexity char $(json_get "$T/char.json" perplexity), word $(json_get "$T/word.json" perplexity)"
assert_num "$char_tokens > $word_tokens" "the char model should see more tokens ($char_tokens) than the word model ($word_tokens)"
# Token counts agree with the tokenizer: words + one </s> per line.
expect_ok "$G" tokenize --mode char "$T/test.txt"
assert_eq "$char_tokens" "$(($(wc -w <"$T/out") + 20))" "char tokens = characters + </s>"
expect_ok "$G" tokenize --mode word "$T/test.txt"
assert_eq "$word_tokens" "$(($(wc -w <"$T/out") + 20))" "word tokens = words + </s>"

note "all CJK checks passed"
