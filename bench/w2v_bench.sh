#!/usr/bin/env bash
# Word-embedding benchmark: gramvec against fastText and gensim on the same corpus with the
# reference settings (dim 100, window 5, negative 5, sample 1e-4, min-count 5, 5 epochs,
# 2 threads, each tool's default learning rate), skip-gram and CBOW. Reports wall time, peak
# memory, words/s, analogy accuracy (questions-words.txt, restrict 30000, case-insensitive) and
# WordSim-353 Spearman rho (among the 30000 most frequent words, as the reference
# figures were scored with gensim's restrict_vocab=30000, and over the whole vocabulary), all
# scored by `gramvec w2v eval`, plus gensim's own evaluate_word_analogies on gramvec's vectors
# as an independent check, as a markdown table with ratios to gramvec.
#
# Usage: bench/w2v_bench.sh [--epochs N] [--models "skipgram cbow"] [CORPUS] [BUILD_DIR]
#   CORPUS defaults to ../shared/data/corpus-en/corpus-en.txt (unpacked from .xz into a
#   temporary directory if needed). Whitespace tokens (--tokenizer space) for every tool.
#   Smoke run: bench/w2v_bench.sh --epochs 1 data/en-speeches.txt
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=5
models="skipgram cbow"
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    *) break ;;
  esac
done
shared="${GRAMVEC_SHARED_DATA_DIR:-../shared/data}"
corpus="${1:-$shared/corpus-en/corpus-en.txt}"
build="${2:-build}"
gramvec="$build/gramvec"
eval_dir="$shared/eval"
python=/usr/bin/python3   # Debian's gensim is installed for the system Python
threads=2
[ -x "$gramvec" ] || bash scripts/build.sh "$build"
[ -f "$eval_dir/questions-words.txt" ] || { echo "bench: $eval_dir/questions-words.txt not found"; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ ! -f "$corpus" ] && [ -f "$corpus.xz" ]; then
  echo "bench: unpacking $corpus.xz" >&2
  xz -dc "$corpus.xz" >"$work/corpus.txt"
  corpus="$work/corpus.txt"
fi
[ -f "$corpus" ] || { echo "bench: corpus $corpus not found"; exit 1; }
have_fasttext=0; command -v fasttext >/dev/null && have_fasttext=1
have_gensim=0; "$python" -c 'import gensim' 2>/dev/null && have_gensim=1
words=$(wc -w <"$corpus")
echo "bench: $corpus ($words words), $epochs epoch(s), $threads threads; fasttext=$have_fasttext gensim=$have_gensim" >&2

# measure NAME COMMAND...: runs once, records "seconds peak_MB" in $work/NAME.time.
measure() {
  local name="$1"
  shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" ||
    { echo "bench: $name failed:"; tail -5 "$work/$name.err"; exit 1; }
}

cat >"$work/gensim_train.py" <<'PY'
import sys
from gensim.models import Word2Vec
corpus, output, sg, epochs, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
model = Word2Vec(corpus_file=corpus, vector_size=100, window=5, negative=5, hs=0, sample=1e-4, min_count=5,
                 epochs=epochs, workers=threads, sg=sg)
model.wv.save_word2vec_format(output, binary=True)
PY
cat >"$work/gensim_eval.py" <<'PY'
import sys, logging
logging.disable(logging.WARNING)
from gensim.models import KeyedVectors
vectors = KeyedVectors.load_word2vec_format(sys.argv[1], binary=sys.argv[1].endswith(".bin"))
score, _ = vectors.evaluate_word_analogies(sys.argv[2], restrict_vocab=30000, case_insensitive=True)
_, spearman, _ = vectors.evaluate_word_pairs(sys.argv[3], restrict_vocab=30000, case_insensitive=True)
print(f"{100 * score:.2f} / {spearman.correlation:.3f}")
PY

# score NAME VECTORS: "analogy% ws353_rho_restricted ws353_rho_all" by gramvec's eval.
score() {
  local all
  all="$("$gramvec" w2v eval -m "$2" --similarity "$eval_dir/wordsim353.tsv" --json |
    python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["similarity"]["wordsim353.tsv"]["spearman"])')"
  "$gramvec" w2v eval -m "$2" --analogies "$eval_dir/questions-words.txt" --restrict 30000 \
    --similarity "$eval_dir/wordsim353.tsv" --similarity-restrict 30000 --json |
    python3 -c 'import json,sys; d=json.load(sys.stdin); a=d["analogy"]["total"]; r=d["similarity"]["wordsim353.tsv"]["spearman"]; print("%.2f %.3f" % (100*a, r))' |
    sed "s/\$/ $all/" >"$work/$1.score"
}

rows=()
for model in $models; do
  sg=1; ft_mode=skipgram
  [ "$model" = cbow ] && { sg=0; ft_mode=cbow; }
  measure "gramvec-$model" "$gramvec" w2v train "$corpus" -o "$work/gramvec-$model.bin" --model "$model" \
    --dim 100 --window 5 --negative 5 --sample 1e-4 --min-count 5 --epochs "$epochs" --threads "$threads" \
    --tokenizer space --normalize none --quiet
  score "gramvec-$model" "$work/gramvec-$model.bin"
  gensim_check="-"
  [ "$have_gensim" = 1 ] && gensim_check="$("$python" "$work/gensim_eval.py" "$work/gramvec-$model.bin" \
    "$eval_dir/questions-words.txt" "$eval_dir/wordsim353.tsv" 2>/dev/null)"
  tools="gramvec"
  if [ "$have_fasttext" = 1 ]; then
    measure "fasttext-$model" fasttext "$ft_mode" -input "$corpus" -output "$work/fasttext-$model" -minn 0 -maxn 0 \
      -dim 100 -ws 5 -neg 5 -t 1e-4 -minCount 5 -epoch "$epochs" -thread "$threads" -verbose 0
    score "fasttext-$model" "$work/fasttext-$model.vec"
    tools="$tools fasttext"
  fi
  if [ "$have_gensim" = 1 ]; then
    measure "gensim-$model" "$python" "$work/gensim_train.py" "$corpus" "$work/gensim-$model.bin" "$sg" "$epochs" \
      "$threads"
    score "gensim-$model" "$work/gensim-$model.bin"
    tools="$tools gensim"
  fi
  read -r base_seconds _ <"$work/gramvec-$model.time"
  for tool in $tools; do
    read -r seconds kilobytes <"$work/$tool-$model.time"
    read -r analogy rho rho_all <"$work/$tool-$model.score"
    check="-"
    [ "$tool" = gramvec ] && check="$gensim_check"
    rows+=("$(printf '| %s | %s | %.1f | %.2f | %d | %.0f | %s | %s | %s | %s |' "$model" "$tool" "$seconds" \
      "$(python3 -c "print($seconds / max($base_seconds, 0.01))")" "$((kilobytes / 1024))" \
      "$(python3 -c "print($words * $epochs / max($seconds, 0.01))")" "$analogy" "$rho" "$rho_all" "$check")")
  done
done

echo
echo "Corpus: \`$(basename "$corpus")\`, $words words; dim 100, window 5, negative 5, sample 1e-4, min-count 5,"
echo "$epochs epoch(s), $threads threads, default learning rates. Scored by \`gramvec w2v eval\` (analogies: restrict"
echo "30000, case-insensitive; WS-353: Spearman rho among the 30000 most frequent words, and among all); last column:"
echo "gensim's evaluate_word_analogies and evaluate_word_pairs (both restrict_vocab=30000) on the same vectors."
echo
echo "| model | tool | seconds | time / gramvec | peak MB | words/s | analogy % | WS-353 rho (30000) | WS-353 rho (all) | gensim's analogy % / rho |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
