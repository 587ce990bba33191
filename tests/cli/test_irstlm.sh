#!/usr/bin/env bash
# Interoperability with IRSTLM: IRSTLM's compile-lm --eval reads gramvec's ARPA file and must
# report the same perplexity on the PTB test set as gramvec lm eval.
#
# Conventions, and why the test text is prepared the way it is:
# * IRSTLM treats a literal "<unk>" in the text as its own OOV symbol (scored with its OOV
#   penalty, see compile-lm's --dub), while gramvec scores it as the model's <unk> n-grams (KenLM's
#   convention). PTB writes <unk> for rare words, so the test renames it to the ordinary word
#   UNKTOK in both the training and the test text: then there are no OOVs at all (Noov=0) and
#   both tools score exactly the same n-grams.
# * compile-lm does not add sentence boundaries: each test line gets "<s> ... </s>" around it
#   (what IRSTLM's add-start-end.sh does). IRSTLM counts </s> as a token but not <s> (it is
#   only the first context), which is gramvec's count too: Nw = words + one </s> per line.
# * compile-lm prints "%% Nw=82430 PP=148.28 PPwp=0.00 Nbo=... Noov=0 OOV=0.00%"; PP has two
#   decimals, so the figures must agree within 0.1%.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON checks need it"

COMPILE_LM=""
if [ -x /usr/lib/irstlm/bin/compile-lm ]; then
  COMPILE_LM=/usr/lib/irstlm/bin/compile-lm
elif command -v compile-lm >/dev/null 2>&1; then
  COMPILE_LM=$(command -v compile-lm)
else
  skip "IRSTLM's compile-lm is not installed (/usr/lib/irstlm/bin/compile-lm or on PATH; Debian package irstlm)"
fi
PTB="$SHARED/ptb"
if [ ! -f "$PTB/ptb.train.txt" ] || [ ! -f "$PTB/ptb.test.txt" ]; then
  skip "PTB not found at $PTB (set GRAMVEC_SHARED_DATA_DIR to the shared data directory)"
fi

sed 's/<unk>/UNKTOK/g' "$PTB/ptb.train.txt" >"$T/train.txt"
sed 's/<unk>/UNKTOK/g' "$PTB/ptb.test.txt" >"$T/test.txt"
grep -q '<unk>' "$T/test.txt" && fail "renaming <unk> failed"
# add-start-end.sh: "<s> " before and " </s>" after every line.
sed 's/^/<s> /; s/$/ <\/s>/' "$T/test.txt" >"$T/test.se.txt"

expect_ok "$G" lm train "$T/train.txt" -o "$T/m3.arpa" --order 3 --smoothing mkn --tokenizer space -q
expect_ok "$G" lm eval -m "$T/m3.arpa" "$T/test.txt" --json
cp "$T/out" "$T/gramvec.json"
gv_ppl=$(json_get "$T/gramvec.json" perplexity)
gv_tokens=$(json_get "$T/gramvec.json" tokens)
assert_eq "$(json_get "$T/gramvec.json" oovs)" 0 "gramvec OOVs on PTB test with <unk> renamed"
assert_eq "$gv_tokens" 82430 "gramvec tokens on PTB test"

# compile-lm writes a binary model next to its input unless told otherwise: work in $T.
_gv_describe "$COMPILE_LM" m3.arpa --eval=test.se.txt
(cd "$T" && "$COMPILE_LM" m3.arpa --eval=test.se.txt) >"$T/irst.out" 2>"$T/irst.err" \
  || fail "compile-lm failed: $(tail -n 5 "$T/irst.err")"
line=$(grep -E '^%% Nw=' "$T/irst.out" | tail -n 1)
[ -n "$line" ] || fail "no '%% Nw=... PP=...' line in compile-lm's output: $(head -c 500 "$T/irst.out")"
note "IRSTLM: $line"
note "gramvec: perplexity=$gv_ppl tokens=$gv_tokens"
irst_nw=$(sed -E 's/.*Nw=([0-9]+).*/\1/' <<<"$line")
irst_pp=$(sed -E 's/.* PP=([0-9.]+).*/\1/' <<<"$line")
irst_noov=$(sed -E 's/.*Noov=([0-9]+).*/\1/' <<<"$line")
assert_eq "$irst_noov" 0 "IRSTLM OOVs"
assert_eq "$irst_nw" "$gv_tokens" "IRSTLM's Nw vs gramvec's tokens"
assert_num "abs($irst_pp - $gv_ppl) <= 0.001 * $gv_ppl" "IRSTLM PP=$irst_pp and gramvec perplexity $gv_ppl differ by more than 0.1%"

note "IRSTLM agrees with gramvec"
