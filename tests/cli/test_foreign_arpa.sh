#!/usr/bin/env bash
# ARPA files written by other toolkits (no gramvec header comments): SRILM style (-99 <s>) and
# KenLM style (0 <s>, explicit 0 backoffs). The figures are computed by hand from the backoff
# formula
#     log10 p(w | h) = log10 p*(w | h)                      if the n-gram h w is listed
#                    = backoff(h) + log10 p(w | h minus its first word)   otherwise
# (backoff(h) = 0 when h is not listed), with unknown words (and a literal <unk>) scored as <unk>.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON checks need it"

# tests/fixtures/foreign-bigram-srilm.arpa (foreign-bigram-kenlm.arpa differs only in "0 <s>"
# and "-1.0 <unk> 0"):
#   1-grams: <unk> -1.0 | <s> -99 (bo -0.5) | </s> -0.7 | the -0.6 (bo -0.3) | cat -0.8 (bo -0.2)
#            | sat -0.9 (bo -0.4)
#   2-grams: <s> the -0.2 | the cat -0.4 | cat sat -0.3 | sat </s> -0.1 | the sat -1.1
#            | cat </s> -0.5
#
# "the dog sat the" (dog is unknown):
#   the  | <s>     listed 2-gram "<s> the"                      -0.2          order 2
#   dog  | the     "the <unk>" not listed: bo(the) + p(<unk>)   -0.3 + -1.0 = -1.3   order 1, OOV
#   sat  | <unk>   "<unk> sat" not listed: bo(<unk>) = 0 + p(sat) = -0.9          order 1
#   the  | sat     "sat the" not listed: bo(sat) + p(the)       -0.4 + -0.6 = -1.0   order 1
#   </s> | the     "the </s>" not listed: bo(the) + p(</s>)     -0.3 + -0.7 = -1.0   order 1
#   total log10prob = -0.2 - 1.3 - 0.9 - 1.0 - 1.0 = -4.4; tokens 5 (4 words + </s>); 1 OOV
#   perplexity                = 10^(4.4/5)          = 10^0.88    = 7.5858
#   perplexity_excluding_oovs = 10^((4.4-1.3)/4)    = 10^0.775   = 5.9566  (= SRILM's ppl)
#   ppl1                      = 10^((4.4-1.3)/3)    = 10^1.0333  = 10.7978 (</s> not counted)
# "the cat sat": -0.2 - 0.4 - 0.3 - 0.1 = -1.0 over 4 tokens, every n-gram listed (order 2).

# check_eval FILE LOG10PROB TOKENS OOVS PPL PPL_EX PPL1
check_eval() {
  python3 - "$@" <<'EOF' || fail "lm eval --json figures differ from the hand-computed ones: $(cat "$1")"
import json, math, sys
d = json.load(open(sys.argv[1]))
lp, tokens, oovs, ppl, ppl_ex, ppl1 = map(float, sys.argv[2:])
assert set(d) == {"sentences", "tokens", "oovs", "log10prob", "perplexity", "perplexity_excluding_oovs", "ppl", "ppl1"}, sorted(d)
assert d["sentences"] == 1, d
assert d["tokens"] == tokens and d["oovs"] == oovs, d
assert abs(d["log10prob"] - lp) < 1e-5, (d["log10prob"], lp)
assert math.isclose(d["perplexity"], ppl, rel_tol=1e-4), (d["perplexity"], ppl)
assert math.isclose(d["perplexity_excluding_oovs"], ppl_ex, rel_tol=1e-4), (d["perplexity_excluding_oovs"], ppl_ex)
assert math.isclose(d["ppl"], ppl_ex, rel_tol=1e-4), (d["ppl"], ppl_ex)
assert math.isclose(d["ppl1"], ppl1, rel_tol=1e-4), (d["ppl1"], ppl1)
EOF
}

# check_words FILE 'TOKEN:LOG10PROB:ORDER:OOV ...': lm score --json --per-word, first line.
check_words() {
  python3 - "$@" <<'EOF' || fail "per-word figures differ from the hand-computed ones: $(head -n 1 "$1")"
import json, sys
d = json.loads(open(sys.argv[1], encoding="utf-8").readline())
want = [w.split(":") for w in sys.argv[2].split()]
got = d["words"]
assert len(got) == len(want), (got, want)
for g, (tok, lp, order, oov) in zip(got, want):
    assert g["token"] == tok, (g, tok)
    assert abs(g["log10prob"] - float(lp)) < 1e-5, (g, lp)
    assert g["order"] == int(order), (g, order)
    assert g["oov"] == (oov == "1"), (g, oov)
assert abs(d["log10prob"] - sum(float(w[1]) for w in want)) < 1e-5, d["log10prob"]
EOF
}

printf 'the dog sat the\n' >"$T/dog.txt"
printf 'the <unk> sat the\n' >"$T/unk.txt"
printf 'the cat sat\n' >"$T/cat.txt"
for style in srilm kenlm; do
  M="$FIXTURES/foreign-bigram-$style.arpa"
  [ -f "$M" ] || fail "fixture $M is missing"
  expect_ok "$G" lm eval -m "$M" "$T/dog.txt" --json
  check_eval "$T/out" -4.4 5 1 7.585776 5.956621 10.797751
  # A literal <unk> is the same OOV.
  expect_ok "$G" lm eval -m "$M" "$T/unk.txt" --json
  check_eval "$T/out" -4.4 5 1 7.585776 5.956621 10.797751
  expect_ok "$G" lm eval -m "$M" "$T/cat.txt" --json
  check_eval "$T/out" -1.0 4 0 1.778279 1.778279 2.154435
  expect_ok "$G" lm score -m "$M" --json --per-word "$T/dog.txt"
  check_words "$T/out" 'the:-0.2:2:0 dog:-1.3:1:1 sat:-0.9:1:0 the:-1.0:1:0 </s>:-1.0:1:0'
  expect_ok "$G" lm score -m "$M" "$T/cat.txt"
  assert_match "$(cat "$T/out")" $'^-1\\.0+\t1\\.778[0-9]*\t0\tthe cat sat </s>$' "$style: lm score line"
  # No gramvec header: whitespace tokenization and no normalisation, so "cat," is one unknown
  # word and the full-width "ｔｈｅ" is not "the". First token: bo(<s>) + p(<unk>) = -1.5.
  printf 'ｔｈｅ cat, sat\n' >"$T/raw.txt"
  expect_ok "$G" lm score -m "$M" --json --per-word "$T/raw.txt"
  check_words "$T/out" 'ｔｈｅ:-1.5:1:1 cat,:-1.0:1:1 sat:-0.9:1:0 </s>:-0.1:2:0'
  # An empty line is a sentence with no words: "<s> </s>" is not listed, so
  # p(</s> | <s>) = bo(<s>) + p(</s>) = -0.5 + -0.7 = -1.2. lm score prints one line per line.
  printf 'the cat sat\n\n' >"$T/empty-line.txt"
  expect_ok "$G" lm score -m "$M" "$T/empty-line.txt"
  assert_eq "$(wc -l <"$T/out")" 2 "$style: lm score prints a line for the empty line"
  assert_match "$(sed -n 2p "$T/out")" $'^-1\\.20*\t15\\.84[0-9]*\t0\t</s>$' "$style: empty line scored as </s> alone"
  # Several files: the figures add up (-4.4 + -1.0 over 5 + 4 tokens).
  expect_ok "$G" lm eval -m "$M" "$T/dog.txt" "$T/cat.txt" --json
  python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["sentences"] == 2 and d["tokens"] == 9 and d["oovs"] == 1, d
assert abs(d["log10prob"] + 5.4) < 1e-5, d' "$T/out" || fail "$style: eval of two files: $(cat "$T/out")"
  # Sampling from a foreign model works and is reproducible.
  expect_ok "$G" lm generate -m "$M" -n 5 --seed 3
  cp "$T/out" "$T/gen1"
  expect_ok "$G" lm generate -m "$M" -n 5 --seed 3
  cmp -s "$T/out" "$T/gen1" || fail "$style: lm generate is not reproducible"
  assert_eq "$(wc -l <"$T/out")" 5 "$style: lm generate -n 5"
  bad=$(tr ' ' '\n' <"$T/out" | grep -Evx '|the|cat|sat|<unk>' || true)
  assert_eq "$bad" "" "$style: generated words outside the model's vocabulary"
done

# tests/fixtures/foreign-trigram.arpa (KenLM style: 0 <s>, explicit 0 backoffs):
#   1-grams: <unk> -1.2 | <s> 0 (bo -0.4) | </s> -0.8 | a -0.5 (bo -0.25) | b -0.7 (bo -0.15)
#   2-grams: <s> a -0.3 (bo -0.1) | a b -0.35 (bo -0.2) | b a -0.45 (bo -0.05) | b </s> -0.6
#   3-grams: <s> a b -0.15 | a b a -0.05
# "a b a b b":
#   a    | <s>      2-gram "<s> a"                                       -0.3            order 2
#   b    | <s> a    3-gram "<s> a b"                                     -0.15           order 3
#   a    | a b      3-gram "a b a"                                       -0.05           order 3
#   b    | b a      "b a b" not listed: bo(b a) + p(b | a) = -0.05 + -0.35 = -0.4       order 2
#   b    | a b      "a b b" not listed: bo(a b) + ["b b" not listed: bo(b) + p(b)]
#                   = -0.2 + -0.15 + -0.7 = -1.05                                      order 1
#   </s> | b b      "b b" is not a listed context (bo 0): p(</s> | b) = -0.6            order 2
#   total = -0.3 - 0.15 - 0.05 - 0.4 - 1.05 - 0.6 = -2.55 over 6 tokens
#   perplexity = 10^(2.55/6) = 2.660725; ppl1 = 10^(2.55/5) = 3.235937
# "b": bo(<s>) + p(b) = -0.4 + -0.7 = -1.1 (order 1), then p(</s> | b) = -0.6 (order 2).
M="$FIXTURES/foreign-trigram.arpa"
[ -f "$M" ] || fail "fixture $M is missing"
printf 'a b a b b\n' >"$T/ab.txt"
expect_ok "$G" lm eval -m "$M" "$T/ab.txt" --json
check_eval "$T/out" -2.55 6 0 2.660725 2.660725 3.235937
expect_ok "$G" lm score -m "$M" --json --per-word "$T/ab.txt"
check_words "$T/out" 'a:-0.3:2:0 b:-0.15:3:0 a:-0.05:3:0 b:-0.4:2:0 b:-1.05:1:0 </s>:-0.6:2:0'
printf 'b\n' >"$T/b.txt"
expect_ok "$G" lm score -m "$M" --json --per-word "$T/b.txt"
check_words "$T/out" 'b:-1.1:1:0 </s>:-0.6:2:0'
# The plain --per-word format follows KenLM's query: word=ORDER LOG10PROB.
expect_ok "$G" lm score -m "$M" --per-word "$T/b.txt"
assert_match "$(cat "$T/out")" $'b=1 -1\\.1[0-9]*\t</s>=2 -0\\.6' "plain --per-word format"
# Two sentences in one file: the figures add up (tokens 6 + 2, log10prob -2.55 - 1.7).
cat "$T/ab.txt" "$T/b.txt" >"$T/two.txt"
expect_ok "$G" lm eval -m "$M" "$T/two.txt" --json
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["sentences"] == 2 and d["tokens"] == 8 and d["oovs"] == 0, d
assert abs(d["log10prob"] + 4.25) < 1e-5, d' "$T/out" || fail "two-sentence eval: $(cat "$T/out")"

note "all foreign ARPA checks passed"
