#!/usr/bin/env bash
# phrases learn on the Chinese novels of the shared data, with the defaults: read back as a user
# dictionary, the phrases make each name of the list a single token, and no name is split where
# ICU alone did not already split it. Skipped without ../shared/data.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

ZH="$SHARED/corpus-zh/corpus-zh.txt"
[ -f "$ZH" ] || skip "$ZH is missing (the shared data)"

names_are_tokens() {
  expect_ok "$G" phrases learn "$ZH" -o "$T/zh.phrases" --quiet
  expect_ok "$G" tokenize "$ZH" -o "$T/plain.tok"
  expect_ok "$G" tokenize "$ZH" --user-dict "$T/zh.phrases" -o "$T/dict.tok"
  # For each name: its occurrences in the text that are one token, inside a longer token, or
  # split by a token boundary (in the tokens of the dictionary run, then in ICU's own).
  python3 - "$T/dict.tok" "$T/plain.tok" >"$T/names.txt" <<'PY' || fail "the name count failed"
import sys
names = "宋江 林冲 武松 鲁智深 李逵 诸葛亮 关羽 张飞 刘备 曹操 孙悟空 猪八戒 沙和尚 唐僧 观音".split()
def tally(path):
    result = {n: [0, 0, 0] for n in names}  # token, inside a longer token, split
    for line in open(path, encoding="utf-8"):
        tokens = line.split()
        text = "".join(tokens)
        ends, position = set(), 0
        for token in tokens:
            position += len(token)
            ends.add(position)
        starts = {0} | ends
        for name in names:
            at = text.find(name)
            while at >= 0:
                end = at + len(name)
                if any(b in ends for b in range(at + 1, end)):
                    result[name][2] += 1
                elif at in starts and end in ends:
                    result[name][0] += 1
                else:
                    result[name][1] += 1
                at = text.find(name, at + 1)
    return result
with_dictionary, icu = tally(sys.argv[1]), tally(sys.argv[2])
for name in names:
    print(name, *with_dictionary[name], icu[name][2])
PY
  note "name, as a token, inside a longer token, split (with the phrases), split by ICU alone:"
  sed 's/^/  /' "$T/names.txt"
  while read -r name token inside split icu_split; do
    [ "$token" -gt 0 ] || fail "$name is never a single token"
    # The phrases split a name no more often than ICU alone does...
    [ "$split" -le "$icu_split" ] || fail "$name split $split times with the phrases, $icu_split by ICU alone"
    # ...and rarely at all (长沙 和尚: the city and a monk, not 沙和尚): at most 2% of its
    # occurrences.
    [ $((split * 50)) -le $((token + inside + split)) ] || fail "$name split $split times of $((token + inside + split))"
  done <"$T/names.txt"
  # The names ICU splits are among the learned phrases.
  for name in 宋江 林冲 李逵 诸葛亮 猪八戒 沙和尚; do
    grep -q "^$name " "$T/zh.phrases" || fail "$name is not a learned phrase"
  done
}

check names_are_tokens names_are_tokens
finish
