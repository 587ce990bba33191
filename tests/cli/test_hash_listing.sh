#!/usr/bin/env bash
# lm prune and lm interpolate -o with hash-layout binary models as input: their n-grams are
# listed from the hash tables (no words stored), so the output equals that from the ARPA file
# and from the trie layout; a foreign model with an n-gram missing its suffix is a one-line error
# in the hash layout, never a model with n-grams missing.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

[ -f "$DATA/en-speeches.txt" ] || fail "bundled corpus $DATA/en-speeches.txt is missing"
sed -n '1,1500p' "$DATA/en-speeches.txt" >"$T/a.txt"
sed -n '4001,5200p' "$DATA/en-speeches.txt" >"$T/b.txt"
expect_ok "$G" lm train "$T/a.txt" -o "$T/a.arpa" --order 4 -q
expect_ok "$G" lm convert "$T/a.arpa" -o "$T/a-hash.gvlm" --layout hash -q
expect_ok "$G" lm convert "$T/a.arpa" -o "$T/a-trie.gvlm" --layout trie -q
expect_ok "$G" lm train "$T/b.txt" -o "$T/b.arpa" --order 3 -q
expect_ok "$G" lm train "$T/b.txt" -o "$T/b-hash.gvlm" --order 3 --layout hash -q
mkdir "$T/o"  # the output directory of the failing commands: stays empty

# An ARPA model without the comment lines that name the input models.
body() { grep -Ev '^# (pruned=|component=)' "$1"; }
# same A B WHAT: the ARPA models A and B are the same (bar those comments).
same() { diff <(body "$1") <(body "$2") >/dev/null || fail "$3"; }

prune_inputs() {
  local input
  for input in a.arpa a-trie.gvlm a-hash.gvlm; do
    expect_ok "$G" lm prune -m "$T/$input" -o "$T/p-$input.arpa" --threshold 1e-6 -q
  done
  assert_match "$(sed -n 4p "$T/p-a-hash.gvlm.arpa")" "^# pruned=entropy threshold=1e-06 form=[a-z]* model=.*a-hash.gvlm$"
  same "$T/p-a.arpa.arpa" "$T/p-a-hash.gvlm.arpa" "the hash input prunes differently from ARPA"
  same "$T/p-a-trie.gvlm.arpa" "$T/p-a-hash.gvlm.arpa" "the hash input prunes differently from the trie"
  # θ = 0 keeps every n-gram of the hash model.
  expect_ok "$G" lm prune -m "$T/a-hash.gvlm" -o "$T/p0.arpa" --threshold 0 -q
  assert_eq "$(arpa_counts "$T/p0.arpa")" "$(arpa_counts "$T/a.arpa")" "θ = 0 from the hash model keeps every n-gram"
  # A pruned model in the hash layout lists its n-grams too.
  expect_ok "$G" lm convert "$T/p-a.arpa.arpa" -o "$T/p-hash.gvlm" -q
  expect_ok "$G" lm prune -m "$T/p-hash.gvlm" -o "$T/pp-hash.arpa" --threshold 1e-5 -q
  expect_ok "$G" lm prune -m "$T/p-a.arpa.arpa" -o "$T/pp.arpa" --threshold 1e-5 -q
  same "$T/pp.arpa" "$T/pp-hash.arpa" "a pruned hash model prunes differently from its ARPA"
}
check "lm prune: hash input as ARPA and trie inputs" prune_inputs

interpolate_inputs() {
  expect_ok "$G" lm interpolate -m "$T/a.arpa" -m "$T/b.arpa" --weights 0.5 0.5 -o "$T/m.arpa" -q
  expect_ok "$G" lm interpolate -m "$T/a-hash.gvlm" -m "$T/b.arpa" --weights 0.5 0.5 -o "$T/m-hash.arpa" -q
  same "$T/m.arpa" "$T/m-hash.arpa" "a hash input interpolates differently from ARPA"
  expect_ok "$G" lm interpolate -m "$T/a-hash.gvlm" -m "$T/b-hash.gvlm" --weights 0.5 0.5 -o "$T/m-both.arpa" -q
  same "$T/m.arpa" "$T/m-both.arpa" "two hash inputs interpolate differently from ARPA"
  expect_ok "$G" lm interpolate -m "$T/b.arpa" -m "$T/a-trie.gvlm" --weights 0.3 0.7 -o "$T/m-trie.arpa" -q
  expect_ok "$G" lm interpolate -m "$T/b-hash.gvlm" -m "$T/a-hash.gvlm" --weights 0.3 0.7 -o "$T/m-hash2.arpa" -q
  same "$T/m-trie.arpa" "$T/m-hash2.arpa" "hash inputs interpolate differently from trie"
}
check "lm interpolate -o: hash inputs as ARPA and trie inputs" interpolate_inputs

# "a b c" has no suffix "b c" (as an SRILM model may have): the hash layout keeps it, and its
# n-grams cannot all be found; the ARPA file itself (read into the trie, which leaves it out) can.
not_suffix_closed() {
  printf '%s\n' '\data\' 'ngram 1=5' 'ngram 2=3' 'ngram 3=1' '' '\1-grams:' '-99	<s>	-0.5' '-0.7	a	-0.2' \
    '-0.8	b	-0.3' '-0.9	c	-0.4' '-1.1	</s>' '' '\2-grams:' '-0.3	<s> a	-0.1' '-0.4	a c	-0.2' \
    '-0.5	a b	-0.25' '' '\3-grams:' '-0.05	a b c' '' '\end\' >"$T/orphan.arpa"
  expect_ok "$G" lm convert "$T/orphan.arpa" -o "$T/orphan.gvlm" --layout hash -q
  local message="orphan.gvlm: 1 of the 1 3-grams of this hash-layout model cannot be found from its shorter n-grams"
  expect_error 1 "$message" -- "$G" lm prune -m "$T/orphan.gvlm" -o "$T/o/p.arpa" --threshold 1e-6
  grep -q 'lm convert --layout trie' "$T/err" || fail "the error does not suggest the trie layout"
  expect_error 1 "$message" -- \
    "$G" lm interpolate -m "$T/orphan.gvlm" -m "$T/orphan.arpa" --weights 0.5 0.5 -o "$T/o/m.arpa"
  [ -z "$(ls -A "$T/o")" ] || fail "a failed command left output behind: $(ls -A "$T/o")"
  expect_ok "$G" lm prune -m "$T/orphan.arpa" -o "$T/orphan-pruned.arpa" --threshold 0 -q
  # The ARPA file is pruned as written: at θ = 0 every n-gram stays, the one without its suffix too.
  assert_eq "$(arpa_counts "$T/orphan-pruned.arpa")" "5 3 1" "the ARPA input at θ = 0"
}
check "a hash model with an n-gram missing its suffix: one-line error" not_suffix_closed

finish
