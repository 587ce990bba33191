#!/usr/bin/env bash
# gramvec lm train / eval / score on a slice of the bundled data/en-speeches.txt: every smoothing
# method, ARPA consistency, perplexity sanity, ranking of fluent vs scrambled sentences, orders
# 1 and 7, pruning, --json summaries, determinism.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON checks need it"

[ -f "$DATA/en-speeches.txt" ] || fail "bundled corpus $DATA/en-speeches.txt is missing"
[ -f "$DATA/sentences.txt" ] || fail "bundled $DATA/sentences.txt is missing"
head -n 2000 "$DATA/en-speeches.txt" >"$T/train.txt"
sed -n '7001,7300p' "$DATA/en-speeches.txt" >"$T/held.txt"   # held out: not in the training slice
assert_eq "$(wc -l <"$T/held.txt")" 300 "held-out slice size"

# Independent token count of the held-out text: words (gramvec's own word tokenizer) + one </s>
# per line.
expect_ok "$G" tokenize -q "$T/held.txt"
held_words=$(wc -w <"$T/out")
held_tokens=$((held_words + 300))

# check_eval_json FILE: every key present (and no other), figures consistent with each other;
# the perplexity goes to FILE.ppl.
check_eval_json() {
  python3 - "$1" "$held_tokens" <<'EOF' >"$1.ppl" || fail "lm eval --json output is wrong: $(cat "$1")"
import json, math, sys
d = json.load(open(sys.argv[1]))
want = {"sentences", "tokens", "oovs", "log10prob", "perplexity", "perplexity_excluding_oovs", "ppl", "ppl1"}
assert set(d) == want, f"keys {sorted(d)}"
assert d["sentences"] == 300, d["sentences"]
assert d["tokens"] == int(sys.argv[2]), (d["tokens"], sys.argv[2])
assert 0 < d["oovs"] < d["tokens"]
for k in ("log10prob", "perplexity", "perplexity_excluding_oovs", "ppl", "ppl1"):
    assert math.isfinite(d[k]), k
assert d["log10prob"] < 0
assert 1 < d["perplexity"] < 1e5
assert math.isclose(d["perplexity"], 10 ** (-d["log10prob"] / d["tokens"]), rel_tol=1e-9)
assert math.isclose(d["ppl"], d["perplexity_excluding_oovs"], rel_tol=1e-12)
assert d["ppl1"] > d["ppl"] > 1
print(repr(d["perplexity"]))
EOF
}

# check_arpa_header FILE ORDER SMOOTHING: gramvec's comment header before \data\.
check_arpa_header() {
  local f=$1 order=$2 smoothing=$3 header
  header=$(sed '/^\\data\\$/q' "$f")
  assert_match "$(head -n 1 "$f")" '^# gramvec ' "$f: first line"
  assert_match "$header" "# order=$order smoothing=$smoothing( |$)" "$f: order/smoothing comment"
  assert_match "$header" '# tokenizer=word lower=0 normalize=nfkc' "$f: tokenizer comment"
  # Only comments and blank lines before \data\.
  local stray
  stray=$(printf '%s\n' "$header" | grep -Ev '^(#.*|)$' | grep -v '^\\data\\$' || true)
  assert_eq "$stray" "" "$f: non-comment lines before \\data\\"
}

declare -A PPL
for s in mkn kn wb abs katz addk stupid; do
  expect_ok "$G" lm train "$T/train.txt" -o "$T/$s.arpa" --order 3 --smoothing "$s" -q
  [ -s "$T/$s.arpa" ] || fail "$s: no ARPA file written"
  counts=$(arpa_counts "$T/$s.arpa")
  assert_match "$counts" '^[0-9]+ [0-9]+ [0-9]+$' "$s: three orders"
  check_arpa_header "$T/$s.arpa" 3 "$s"
  case $s in
    mkn) assert_match "$(sed '/^\\data\\$/q' "$T/$s.arpa")" '# discounts order=3 D1=' "mkn: discounts in the header" ;;
    kn | abs) assert_match "$(sed '/^\\data\\$/q' "$T/$s.arpa")" '# discounts order=3 D=' "$s: discount in the header" ;;
  esac
  # <s> has log10 probability -99 and every n-gram order 1..3 is present.
  assert_match "$(grep -m1 -P '^[^\t]+\t<s>(\t|$)' "$T/$s.arpa")" '^-99(\.0*)?'$'\t' "$s: <s> probability"
  expect_ok "$G" lm eval -m "$T/$s.arpa" "$T/held.txt" --json
  cp "$T/out" "$T/$s.eval.json"
  check_eval_json "$T/$s.eval.json"
  PPL[$s]=$(<"$T/$s.eval.json.ppl")
  # Fluent sentences score higher than their scrambled copies (lines 1 vs 2, 3 vs 4). Not for
  # addk: add-one with backoff gives a seen n-gram (c+1)/(c(h)+V), with V = 7815 far above most
  # context counts, so seen trigrams get less than the backoff mass hands to unseen words, and
  # the scrambled copies (all unseen n-grams) score higher. That is the method, not a bug.
  expect_ok "$G" lm score -m "$T/$s.arpa" "$DATA/sentences.txt"
  assert_eq "$(wc -l <"$T/out")" 4 "$s: one score line per input line"
  lp=($(cut -f1 "$T/out"))
  if [ "$s" != addk ]; then
    assert_num "${lp[0]} > ${lp[1]}" "$s: fluent sentence 1 should score above its scrambled copy"
    assert_num "${lp[2]} > ${lp[3]}" "$s: fluent sentence 3 should score above its scrambled copy"
  fi
done
note "held-out perplexities: $(for s in mkn kn wb abs katz addk stupid; do printf '%s=%.1f ' "$s" "${PPL[$s]}"; done)"
assert_num "${PPL[mkn]} < ${PPL[addk]}" "mkn should beat add-one on held-out text"
assert_num "${PPL[mkn]} < ${PPL[kn]}" "modified KN should beat KN with one discount"

# Every normalised method: the unigram probabilities (without <s>) sum to 1.
python3 - "$T"/{mkn,kn,wb,abs,katz,addk}.arpa <<'EOF' || fail "unigram probabilities do not sum to 1"
import sys
bad = []
for path in sys.argv[1:]:
    total, section = 0.0, False
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line == "\\1-grams:": section = True; continue
        if line == "\\2-grams:": break
        if section and line:
            f = line.split("\t")
            if f[1] != "<s>": total += 10 ** float(f[0])
    if abs(total - 1) >= 1e-4: bad.append((path, total))
assert not bad, bad
EOF

# --- lm score: format, --json --per-word, and agreement with lm eval ---
expect_ok "$G" lm score -m "$T/mkn.arpa" "$DATA/sentences.txt"
first=$(head -n 1 "$T/out")
assert_match "$first" $'^-[0-9]+\\.[0-9]+\t[0-9]+\\.[0-9]+\t0\tThe state of the union is strong \\. </s>$' "lm score line format"
expect_ok "$G" lm score -m "$T/mkn.arpa" --json --per-word "$DATA/sentences.txt"
json_valid "$T/out" lines
python3 - "$T/out" <<'EOF' || fail "lm score --json --per-word output is inconsistent"
import json, math, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [d["line"] for d in lines] == [1, 2, 3, 4]
for d in lines:
    assert {"line", "log10prob", "perplexity", "oovs", "tokens", "words"} <= set(d), sorted(d)
    assert d["tokens"][-1] == "</s>"
    assert [w["token"] for w in d["words"]] == d["tokens"]
    assert math.isclose(sum(w["log10prob"] for w in d["words"]), d["log10prob"], abs_tol=1e-4)
    assert math.isclose(d["perplexity"], 10 ** (-d["log10prob"] / len(d["tokens"])), rel_tol=1e-6)
    assert d["oovs"] == sum(w["oov"] for w in d["words"])
    assert all(1 <= w["order"] <= 3 and w["log10prob"] <= 0 for w in d["words"])
assert lines[0]["tokens"] == "The state of the union is strong . </s>".split()
EOF
# Summing lm score over the held-out text gives lm eval's figures, and the OOV-free perplexity
# follows from the per-word OOV flags.
expect_ok "$G" lm score -m "$T/mkn.arpa" --json --per-word "$T/held.txt"
python3 - "$T/out" "$T/mkn.eval.json" <<'EOF' || fail "lm score and lm eval disagree"
import json, math, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
ev = json.load(open(sys.argv[2]))
assert len(lines) == ev["sentences"]
assert sum(len(d["tokens"]) for d in lines) == ev["tokens"]
assert sum(d["oovs"] for d in lines) == ev["oovs"]
total = sum(d["log10prob"] for d in lines)
assert math.isclose(total, ev["log10prob"], rel_tol=1e-6), (total, ev["log10prob"])
known = [w for d in lines for w in d["words"] if not w["oov"]]
ppl_ex = 10 ** (-sum(w["log10prob"] for w in known) / len(known))
assert math.isclose(ppl_ex, ev["perplexity_excluding_oovs"], rel_tol=1e-5), (ppl_ex, ev)
EOF

# --- orders 1 and 7 ---
expect_ok "$G" lm train "$T/train.txt" -o "$T/o1.arpa" --order 1 -q
c1=$(arpa_counts "$T/o1.arpa")
assert_match "$c1" '^[0-9]+$' "order 1: only unigrams"
check_arpa_header "$T/o1.arpa" 1 mkn
expect_ok "$G" lm eval -m "$T/o1.arpa" "$T/held.txt" --json
check_eval_json "$T/out"
ppl1=$(<"$T/out.ppl")
expect_ok "$G" lm train "$T/train.txt" -o "$T/o7.arpa" --order 7 -q
c7=($(arpa_counts "$T/o7.arpa"))
assert_eq "${#c7[@]}" 7 "order 7: seven sections"
assert_eq "${c7[0]}" "$c1" "order 7 has the same unigrams as order 1"
expect_ok "$G" lm eval -m "$T/o7.arpa" "$T/held.txt" --json
check_eval_json "$T/out"
ppl7=$(<"$T/out.ppl")
assert_num "$ppl7 < ${PPL[mkn]} && ${PPL[mkn]} < $ppl1" "perplexity should fall from order 1 to 3 to 7 (got $ppl1, ${PPL[mkn]}, $ppl7)"
expect_ok "$G" lm score -m "$T/o7.arpa" --json --per-word "$DATA/sentences.txt"
python3 -c '
import json, sys
orders = [w["order"] for l in open(sys.argv[1]) for w in json.loads(l)["words"]]
assert max(orders) > 3 and max(orders) <= 7, orders' "$T/out" || fail "order-7 model never uses an n-gram longer than 3"

# --- pruning ---
expect_ok "$G" lm train "$T/train.txt" -o "$T/pruned.arpa" --order 3 --prune 1 -q --json
json_valid "$T/out"
pc=($(arpa_counts "$T/pruned.arpa"))
full=($(arpa_counts "$T/mkn.arpa"))
assert_eq "${pc[0]}" "${full[0]}" "--prune keeps every unigram"
assert_num "${pc[1]} < ${full[1]} && ${pc[2]} < ${full[2]}" "--prune 1 should drop bigrams and trigrams (${pc[*]} vs ${full[*]})"
assert_eq "$(json_get "$T/out" ngrams)" "[${pc[0]}, ${pc[1]}, ${pc[2]}]" "--json ngrams of the pruned model"
# Consistency: the context (prefix) and the suffix of every kept n-gram are kept too.
python3 - "$T/pruned.arpa" <<'EOF' || fail "pruned model lacks prefixes/suffixes of kept n-grams"
import re, sys
grams, section = set(), None
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    m = re.fullmatch(r"\\(\d+)-grams:", line)
    if m: section = int(m.group(1)); continue
    if line.startswith("\\end"): section = None
    if section and line: grams.add(tuple(line.split("\t")[1].split(" ")))
missing = [g for g in grams if len(g) > 1 and (g[:-1] not in grams or g[1:] not in grams)]
assert not missing, missing[:5]
EOF
expect_ok "$G" lm eval -m "$T/pruned.arpa" "$T/held.txt" --json
check_eval_json "$T/out"
ppl_pruned=$(<"$T/out.ppl")
assert_num "$ppl_pruned < 2 * ${PPL[mkn]}" "pruned model perplexity $ppl_pruned is far worse than unpruned ${PPL[mkn]}"
expect_ok "$G" lm train "$T/train.txt" -o "$T/pruned2.arpa" --order 3 --prune 0 1 -q
p2=($(arpa_counts "$T/pruned2.arpa"))
assert_eq "${p2[1]}" "${full[1]}" "--prune 0 1 keeps every bigram"
assert_num "${p2[2]} < ${full[2]}" "--prune 0 1 drops trigrams"

# --- --json training summary ---
expect_ok "$G" lm train "$T/train.txt" -o "$T/j.arpa" --order 3 --smoothing wb --json -q
json_valid "$T/out"
python3 - "$T/out" "$T/j.arpa" "$(arpa_counts "$T/j.arpa")" <<'EOF' || fail "lm train --json summary is wrong: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["order"] == 3 and d["smoothing"] == "wb", d
assert d["sentences"] == 2000, d
assert d["output"] == sys.argv[2], d
assert d["ngrams"] == [int(x) for x in sys.argv[3].split()], d
assert d["vocabulary"] == d["ngrams"][0], d
EOF

# --- determinism, -o -, options recorded in the header ---
expect_ok "$G" lm train "$T/train.txt" -o "$T/again.arpa" --order 3 -q
cmp -s "$T/mkn.arpa" "$T/again.arpa" || fail "training twice gives different ARPA files"
_gv_describe "$G" lm train train.txt -o - --order 3 -q
"$G" lm train "$T/train.txt" -o - --order 3 -q >"$T/stdout.arpa" 2>"$T/err" || fail "lm train -o - failed"
cmp -s "$T/mkn.arpa" "$T/stdout.arpa" || fail "lm train -o - differs from the file output"
expect_ok "$G" lm train "$T/train.txt" -o "$T/k.arpa" --order 2 --smoothing addk --k 0.5 -q
assert_match "$(sed -n 2p "$T/k.arpa")" '^# order=2 smoothing=addk k=0\.5' "--k in the header"
expect_ok "$G" lm train "$T/train.txt" -o "$T/d.arpa" --order 2 --smoothing kn --discount 0.7 -q
assert_match "$(sed '/^\\data\\$/q' "$T/d.arpa")" '# discounts order=2 D=0\.70*' "--discount in the header"
# --lower: the header says so, and lm score applies it (upper-case input scores the same).
expect_ok "$G" lm train "$T/train.txt" -o "$T/lower.arpa" --order 3 --lower -q
assert_match "$(sed -n 3p "$T/lower.arpa")" '^# tokenizer=word lower=1 normalize=nfkc' "--lower in the header"
head -n 1 "$DATA/sentences.txt" >"$T/s1.txt"
tr '[:lower:]' '[:upper:]' <"$T/s1.txt" >"$T/s1upper.txt"
expect_ok "$G" lm score -m "$T/lower.arpa" "$T/s1.txt"
a=$(cat "$T/out")
expect_ok "$G" lm score -m "$T/lower.arpa" "$T/s1upper.txt"
assert_eq "$(cat "$T/out")" "$a" "a --lower model scores upper-case text as lower-case"
# --min-count 2 shrinks the vocabulary.
expect_ok "$G" lm train "$T/train.txt" -o "$T/mc.arpa" --order 2 --min-count 2 -q
mc=($(arpa_counts "$T/mc.arpa"))
assert_num "${mc[0]} < ${full[0]}" "--min-count 2 should shrink the vocabulary"
# Every smoothing method is listed in --help with its description, and each one trains a model
# whose header names it.
expect_ok "$G" lm train --help
help=$(cat "$T/out")
for method in mkn kn wb abs katz addk stupid; do
  assert_match "$help" "^  $method +[a-zA-Z]" "--help describes --smoothing $method"
  expect_ok "$G" lm train "$T/train.txt" -o "$T/$method.arpa" --order 3 --smoothing "$method" --discount-fallback -q
  assert_match "$(sed -n 2p "$T/$method.arpa")" "^# order=3 smoothing=$method( |\$)" "the header names $method"
done

note "all lm train checks passed"
