#!/usr/bin/env bash
# gramvec w2v train / nearest / analogy / eval end to end, gensim interoperability, bad input.
# Usage: test_w2v.sh GRAMVEC_BINARY   (env GRAMVEC_SOURCE_DIR)
set -euo pipefail
gramvec="$1"
source_dir="${GRAMVEC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
corpus="$source_dir/data/en-speeches.txt"
fixtures="$source_dir/tests/fixtures/w2v"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
json_check() { python3 -c "import json,sys; d=json.load(sys.stdin); $1" || fail "json check: $1"; }

# expect_error NAME PATTERN COMMAND...: non-zero exit, a one-line "gramvec: error:" message
# matching PATTERN on stderr.
expect_error() {
  local name="$1" pattern="$2"
  shift 2
  local status=0
  "$@" >"$work/out" 2>"$work/err" || status=$?
  [ "$status" -ne 0 ] || fail "$name: exit status 0"
  [ "$(wc -l <"$work/err")" -eq 1 ] || { cat "$work/err" >&2; fail "$name: not one line of error"; }
  grep -q "^gramvec: error: .*$pattern" "$work/err" || { cat "$work/err" >&2; fail "$name: message"; }
}

# --- training -------------------------------------------------------------------------------
"$gramvec" w2v train "$corpus" -o "$work/speeches.bin" --dim 32 --epochs 2 --lower --threads 2 --quiet
"$gramvec" w2v train "$corpus" -o "$work/speeches.vec" --dim 16 --epochs 1 --lower --model cbow --loss hs \
  --threads 2 --json >"$work/train.json"
json_check 'assert d["model"]=="cbow" and d["loss"]=="hs" and d["dim"]==16 and d["words"]>4000 and d["alpha"]==0.05
assert d["subsampling"]=="word2vec"' \
  <"$work/train.json"
head -1 "$work/speeches.vec" | grep -Eq '^[0-9]+ 16$' || fail "text header"
[ "$(head -1 "$work/speeches.bin" | cut -d' ' -f2)" = 32 ] || fail "binary header"
# Words in descending count order: "the" first.
sed -n 2p "$work/speeches.vec" | grep -q '^the ' || fail "most frequent word first"

# Same seed, one thread: identical files.
"$gramvec" w2v train "$corpus" -o "$work/a.bin" --dim 8 --epochs 1 --threads 1 --seed 3 --min-count 20 --quiet
"$gramvec" w2v train "$corpus" -o "$work/b.bin" --dim 8 --epochs 1 --threads 1 --seed 3 --min-count 20 --quiet
cmp -s "$work/a.bin" "$work/b.bin" || fail "--threads 1 --seed not reproducible"
# The subsampling rule reaches the trainer: word2vec.c's rule keeps more words, so other vectors.
"$gramvec" w2v train "$corpus" -o "$work/c.bin" --dim 8 --epochs 1 --threads 1 --seed 3 --min-count 20 --quiet \
  --subsampling word2vec
cmp -s "$work/a.bin" "$work/c.bin" && fail "--subsampling word2vec trained the same vectors as the default (paper)"
expect_error "bad subsampling rule" "unknown --subsampling 'bogus'" \
  "$gramvec" w2v train "$corpus" -o "$work/bad.bin" --subsampling bogus

# Shared vocabulary from `gramvec vocab`, and save/resume.
"$gramvec" vocab "$corpus" -o "$work/speeches.vocab" --lower --min-count 5 --quiet
"$gramvec" w2v train "$corpus" -o "$work/v.bin" --vocab "$work/speeches.vocab" --dim 8 --epochs 1 --quiet \
  --save-state "$work/state"
"$gramvec" w2v train "$corpus" -o "$work/resumed.bin" --resume "$work/state" --epochs 2 --json >"$work/resume.json"
json_check 'assert d["epochs"]==2 and d["model"]=="skipgram" and d["subsampling"]=="paper"' <"$work/resume.json"
expect_error "resume with --subsampling" "cannot be changed when resuming" \
  "$gramvec" w2v train "$corpus" -o "$work/x.bin" --resume "$work/state" --epochs 3 --subsampling word2vec
expect_error "resume with --dim" "cannot be changed when resuming" \
  "$gramvec" w2v train "$corpus" -o "$work/x.bin" --resume "$work/state" --epochs 3 --dim 50
expect_error "resume finished" "nothing left to train" \
  "$gramvec" w2v train "$corpus" -o "$work/x.bin" --resume "$work/state" --epochs 1

# --- queries --------------------------------------------------------------------------------
"$gramvec" w2v nearest -m "$work/speeches.bin" war -k 5 >"$work/nearest.txt"
[ "$(wc -l <"$work/nearest.txt")" -eq 5 ] || fail "nearest -k 5"
grep -qv '^war	' "$work/nearest.txt" || fail "query word excluded"
"$gramvec" w2v nearest -m "$work/speeches.bin" --json war peace >"$work/nearest.json"
python3 -c 'import json,sys
lines=[json.loads(l) for l in open(sys.argv[1])]
assert [l["query"] for l in lines]==["war","peace"], lines
assert len(lines[0]["neighbors"])==10 and all("word" in n and "score" in n for n in lines[0]["neighbors"])' \
  "$work/nearest.json" || fail "nearest --json"
# Expressions, and queries from stdin; an unknown word is reported and the others answered.
"$gramvec" w2v nearest -m "$fixtures/tiny.vec" king - man + woman -k 1 | grep -q '^queen	' || fail "expression"
printf 'king - man + woman\nnosuchword\nman\n' | "$gramvec" w2v nearest -m "$fixtures/tiny.vec" -k 1 \
  >"$work/stdin.txt" 2>"$work/stdin.err" || fail "stdin queries"
grep -q "unknown word 'nosuchword'" "$work/stdin.err" || fail "unknown word reported"
grep -q '^queen	' "$work/stdin.txt" && grep -q '^Man	' "$work/stdin.txt" || fail "stdin answers"
if "$gramvec" w2v nearest -m "$fixtures/tiny.vec" zzz yyy >"$work/out" 2>"$work/err"; then fail "all unknown: exit 0"; fi
grep -q "unknown word 'zzz'" "$work/err" && grep -q "unknown word 'yyy'" "$work/err" || fail "all unknown: which"
[ "$(tail -1 "$work/err")" = "gramvec: error: no query could be answered (unknown words)" ] || fail "all unknown"
[ ! -s "$work/out" ] || fail "all unknown: output"
"$gramvec" w2v analogy -m "$fixtures/tiny.vec" man king woman -k 1 | grep -q '^queen	' || fail "analogy add"
"$gramvec" w2v analogy -m "$fixtures/tiny.vec" man king woman -k 1 --method mul --json |
  json_check 'assert d["answers"][0]["word"]=="queen"'
expect_error "analogy unknown" "unknown word 'zzz'" "$gramvec" w2v analogy -m "$fixtures/tiny.vec" man king zzz

# --- evaluation -----------------------------------------------------------------------------
"$gramvec" w2v eval -m "$fixtures/tiny.vec" --analogies "$fixtures/tiny-questions.txt" \
  --similarity "$fixtures/tiny-similarity.tsv" --json >"$work/eval.json"
json_check 'a=d["analogy"]; assert a["questions"]==6 and a["seen"]==5 and abs(a["total"]-0.6)<1e-9 and a["semantic"]==1.0
s=d["similarity"]["tiny-similarity.tsv"]; assert s["pairs"]==4 and s["oov"]==1 and abs(s["spearman"]-0.4)<1e-9' \
  <"$work/eval.json"
"$gramvec" w2v eval -m "$fixtures/tiny.vec" --analogies "$fixtures/tiny-questions.txt" --restrict 7 --json |
  json_check 'assert d["analogy"]["seen"]==4 and d["analogy"]["skipped"]==2'
"$gramvec" w2v eval -m "$fixtures/tiny.vec" --similarity "$fixtures/tiny-similarity.tsv" --similarity-restrict 4 --json |
  json_check 's=d["similarity"]["tiny-similarity.tsv"]; assert s["pairs"]==2 and s["oov"]==3 and s["restrict"]==4
assert abs(s["spearman"]-1.0)<1e-9'
"$gramvec" w2v eval -m "$work/speeches.bin" --analogies "$fixtures/tiny-questions.txt" >/dev/null
shared_eval="${GRAMVEC_SHARED_DATA_DIR:-$source_dir/../shared/data}/eval"
if [ -f "$shared_eval/questions-words.txt" ]; then
  "$gramvec" w2v eval -m "$work/speeches.bin" --analogies "$shared_eval/questions-words.txt" --restrict 30000 \
    --similarity "$shared_eval/wordsim353.tsv" "$shared_eval/simlex999.txt" --json >"$work/eval-real.json"
  json_check 'a=d["analogy"]; assert a["questions"]==19544 and 0<a["seen"]<19544 and len(a["sections"])==14
assert set(d["similarity"])=={"wordsim353.tsv","simlex999.txt"}' <"$work/eval-real.json"
  if /usr/bin/python3 -c 'import gensim' 2>/dev/null; then
    # The restricted similarity score is gensim's evaluate_word_pairs(restrict_vocab=N), to the digit.
    "$gramvec" w2v eval -m "$work/speeches.bin" --similarity "$shared_eval/wordsim353.tsv" --similarity-restrict 2000 \
      --json >"$work/eval-restricted.json"
    /usr/bin/python3 - "$work/speeches.bin" "$shared_eval/wordsim353.tsv" "$work/eval-restricted.json" <<'PY' ||
import json, logging, sys
logging.disable(logging.WARNING)
from gensim.models import KeyedVectors
vectors = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
_, spearman, oov = vectors.evaluate_word_pairs(sys.argv[2], restrict_vocab=2000, case_insensitive=True)
ours = json.load(open(sys.argv[3]))["similarity"]["wordsim353.tsv"]
assert abs(ours["spearman"] - spearman.correlation) < 1e-6, (ours, spearman)
assert abs(100 * ours["oov_rate"] - oov) < 1e-6, (ours, oov)
print("similarity, restricted to 2000 words: rho %.4f as gensim's" % spearman.correlation)
PY
      fail "restricted similarity differs from gensim's"
  fi
fi

# --- gensim reads what gramvec writes ---------------------------------------------------------
if /usr/bin/python3 -c 'import gensim' 2>/dev/null; then
  /usr/bin/python3 - "$work/speeches.bin" "$work/speeches.vec" <<'PY' || fail "gensim"
import sys
from gensim.models import KeyedVectors
binary = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
text = KeyedVectors.load_word2vec_format(sys.argv[2], binary=False)
assert binary.vector_size == 32 and text.vector_size == 16
assert binary.index_to_key[0] == "the" and "war" in binary.key_to_index
print("gensim:", len(binary.index_to_key), "words;", binary.most_similar("war", topn=3))
PY
else
  echo "gensim not installed for /usr/bin/python3: skipping the gensim checks"
fi

# --- bad input: one-line error, non-zero exit, no output file -----------------------------------
: >"$work/empty.txt"
expect_error "empty corpus" "the corpus is empty" "$gramvec" w2v train "$work/empty.txt" -o "$work/bad.bin" --quiet
expect_error "min-count" "no word occurs at least" \
  "$gramvec" w2v train "$fixtures/tiny-questions.txt" -o "$work/bad.bin" --quiet --min-count 100
expect_error "dim 0" "--dim must be" "$gramvec" w2v train "$corpus" -o "$work/bad.bin" --dim 0
expect_error "window 0" "--window must be" "$gramvec" w2v train "$corpus" -o "$work/bad.bin" --window 0
expect_error "missing corpus" "cannot open" "$gramvec" w2v train "$work/missing.txt" -o "$work/bad.bin"
[ ! -e "$work/bad.bin" ] || fail "partial output file left behind"
ls "$work" | grep -q '^bad\.bin' && fail "temporary output left behind"

printf 'hello world\nking 1 2 3\n' >"$work/header.vec"
expect_error "wrong header" "header.vec:1: bad header" "$gramvec" w2v nearest -m "$work/header.vec" king
printf '2 3\nking 1 2 3\nqueen 1 2\n' >"$work/dimension.vec"
expect_error "wrong dimension" "dimension.vec:3: 'queen' has 2 components" \
  "$gramvec" w2v nearest -m "$work/dimension.vec" king
printf '2 3\nking 1 2 3\nqueen 1 two 3\n' >"$work/number.vec"
expect_error "non-number" "number.vec:3: 'two' is not a number" "$gramvec" w2v nearest -m "$work/number.vec" king
printf '2 3\nking 1 2 3\nqueen nan 2 3\n' >"$work/nan.vec"
expect_error "NaN" "nan.vec:3: NaN value" "$gramvec" w2v nearest -m "$work/nan.vec" king
head -c 200 "$work/speeches.bin" >"$work/truncated.bin"
expect_error "truncated" "truncated" "$gramvec" w2v eval -m "$work/truncated.bin" --similarity "$fixtures/tiny-similarity.tsv"
expect_error "missing vectors" "cannot open\|No such file" "$gramvec" w2v nearest -m "$work/none.bin" king
echo "w2v CLI tests passed"
