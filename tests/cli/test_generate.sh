#!/usr/bin/env bash
# gramvec lm generate: reproducible with a seed, -n and --max-tokens respected, words from the
# model's vocabulary, and samples that follow the model's conditional distributions.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON and frequency checks need it"

[ -f "$DATA/en-speeches.txt" ] || fail "bundled corpus $DATA/en-speeches.txt is missing"
head -n 1000 "$DATA/en-speeches.txt" >"$T/train.txt"
expect_ok "$G" lm train "$T/train.txt" -o "$T/m.arpa" --order 3 -q
M="$T/m.arpa"
sed -n '/^\\1-grams:$/,/^$/p' "$M" | awk -F'\t' 'NF >= 2 {print $2}' | LC_ALL=C sort -u >"$T/vocab.txt"

gen() {  # gen ARGS...: lm generate -m $M ARGS, output in $T/out
  expect_ok "$G" lm generate -m "$M" "$@"
}

# --- same seed, same output; different seeds, different output ---
gen -n 5 --seed 42
cp "$T/out" "$T/a"
gen -n 5 --seed 42
cmp -s "$T/a" "$T/out" || fail "--seed 42 twice gives different sentences"
gen -n 5
cp "$T/out" "$T/default1"
gen -n 5
cmp -s "$T/default1" "$T/out" || fail "the default seed is not reproducible"
gen -n 5 --seed 43
cmp -s "$T/a" "$T/out" && fail "--seed 42 and --seed 43 give the same 5 sentences"
gen -n 5 --seed 7
cmp -s "$T/a" "$T/out" && fail "--seed 42 and --seed 7 give the same 5 sentences"
# The first sentences of a longer run with the same seed are the same sentences.
gen -n 8 --seed 42
assert_eq "$(head -n 5 "$T/out")" "$(cat "$T/a")" "-n 8 starts with the -n 5 sentences (same seed)"

# --- -n ---
for n in 0 1 7 30; do
  gen -n "$n" --seed 3
  assert_eq "$(wc -l <"$T/out")" "$n" "-n $n: number of lines"
done
gen -n 10 --seed 3 --json
json_valid "$T/out" lines
assert_eq "$(wc -l <"$T/out")" 10 "-n 10 --json: number of objects"
# --json gives the same sentences as the plain output.
python3 - "$T/out" <<'EOF' >"$T/fromjson" || fail "--json objects lack a 'tokens' list of strings"
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    assert isinstance(d["tokens"], list) and all(isinstance(t, str) for t in d["tokens"]), d
    print(" ".join(d["tokens"]))
EOF
gen -n 10 --seed 3
cmp -s "$T/fromjson" "$T/out" || fail "--json and plain output differ for the same seed"

# --- --max-tokens ---
for L in 1 3 12; do
  gen -n 60 --seed 11 --max-tokens "$L"
  assert_eq "$(wc -l <"$T/out")" 60 "--max-tokens $L: number of lines"
  longest=$(awk '{ if (NF > m) m = NF } END { print m + 0 }' "$T/out")
  assert_num "$longest <= $L" "--max-tokens $L: a sentence has $longest words"
  assert_num "$longest >= 1" "--max-tokens $L: every sentence is empty"
done
# The default limit is 100 words; with --max-tokens 12 some sentences reach the limit.
gen -n 60 --seed 11 --max-tokens 12
assert_eq "$(awk 'NF == 12' "$T/out" | wc -l | awk '$1 > 0 {print "yes"}')" yes "--max-tokens 12: no sentence reaches the limit"
gen -n 30 --seed 5
longest=$(awk '{ if (NF > m) m = NF } END { print m + 0 }' "$T/out")
assert_num "$longest <= 100" "default --max-tokens 100: a sentence has $longest words"

# --- words come from the model, no sentence markers ---
gen -n 100 --seed 9
tr ' ' '\n' <"$T/out" | grep -v '^$' | LC_ALL=C sort -u >"$T/used.txt"
outside=$(LC_ALL=C comm -23 "$T/used.txt" "$T/vocab.txt")
assert_eq "$outside" "" "generated words that are not in the model"
grep -Eq '(^| )(<s>|</s>)( |$)' "$T/out" && fail "generated text contains <s> or </s>"
# Sentences from an order-3 model trained on the text are more probable under the model than
# their words shuffled.
head -n 20 "$T/out" >"$T/gen20.txt"
python3 -c '
import random, sys
random.seed(1)
for line in open(sys.argv[1], encoding="utf-8"):
    w = line.split(); random.shuffle(w); print(" ".join(w))' "$T/gen20.txt" >"$T/shuf20.txt"
expect_ok "$G" lm eval -m "$M" "$T/gen20.txt" --json
lp_gen=$(json_get "$T/out" log10prob)
expect_ok "$G" lm eval -m "$M" "$T/shuf20.txt" --json
lp_shuf=$(json_get "$T/out" log10prob)
assert_num "$lp_gen > $lp_shuf" "generated sentences ($lp_gen) should score above their shuffled words ($lp_shuf)"

# --- the samples follow the model's distributions ---
# tests/fixtures/generate-bigram.arpa:
#   after <s>: "<s> a" = 0.5; otherwise back off (bo(<s>) = 0) to p(b) = 0.25, p(</s>) = 0.25
#   after a:   "a b" = 0.9, "a </s>" = 0.1, bo(a) = -99 (nothing else)
#   after b:   back off (bo(b) = 0): p(a) = 0.5, p(b) = 0.25, p(</s>) = 0.25
#   <unk> and <s> have log10 probability -99: never generated.
F="$FIXTURES/generate-bigram.arpa"
[ -f "$F" ] || fail "fixture $F is missing"
expect_ok "$G" lm generate -m "$F" -n 4000 --seed 1 --max-tokens 1000
python3 - "$T/out" <<'EOF' || fail "sample frequencies do not follow tests/fixtures/generate-bigram.arpa"
import collections, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
assert len(lines) == 4000, len(lines)
follow = collections.defaultdict(collections.Counter)
for line in lines:
    words = ["<s>"] + line.split() + ["</s>"]
    assert set(words[1:-1]) <= {"a", "b"}, line
    for h, w in zip(words, words[1:]):
        follow[h][w] += 1
def freq(h, w):
    total = sum(follow[h].values())
    return follow[h][w] / total
checks = [("<s>", "a", 0.5), ("<s>", "b", 0.25), ("<s>", "</s>", 0.25),
          ("a", "b", 0.9), ("a", "</s>", 0.1), ("a", "a", 0.0),
          ("b", "a", 0.5), ("b", "b", 0.25), ("b", "</s>", 0.25)]
bad = [(h, w, p, round(freq(h, w), 3)) for h, w, p in checks if abs(freq(h, w) - p) > 0.04]
assert not bad, bad
EOF

note "all generate checks passed"
