#!/usr/bin/env bash
# Query benchmark on PTB order 5: scoring ptb.test.txt repeated 100 times (8.24 M tokens) with
# `gramvec lm eval`, from each binary layout and from ARPA, reading the text from a file and
# from stdin, plus the library-level loop (bench/ngram_lookup.cpp: score_hash over
# pre-hashed words, no I/O). `lm eval` scores on all cores (2 here; --threads 1 is timed too:
# KenLM's query is single-threaded). KenLM's `query` figures measured on this machine (KenLM built from source, recorded here)
# are the reference, since KenLM is not packaged: 2.1 s / 55 MB (probing), 4.0 s / 28 MB (trie).
# Each timing is the best of REPEATS runs (default 3): the machine is shared and noisy.
#
# Usage: bench/lm_query_bench.sh [REPEATS] [BUILD_DIR]   (needs ../shared/data/ptb)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-3}"
build="${2:-build}"
gramvec="$build/gramvec"
ptb="${GRAMVEC_SHARED_DATA_DIR:-../shared/data}/ptb"
[ -f "$ptb/ptb.train.txt" ] || { echo "bench: $ptb not found (PTB is not bundled)"; exit 1; }
[ -x "$gramvec" ] || bash scripts/build.sh "$build"
cmake --build "$build" --target ngram_lookup -j2 >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -c "import sys; [sys.stdout.write(open(sys.argv[1]).read()) for _ in range(100)]" "$ptb/ptb.test.txt" >"$work/test100.txt"
"$gramvec" lm train "$ptb/ptb.train.txt" -o "$work/ptb5.arpa" --order 5 --tokenizer space -q
layouts="hash"
"$gramvec" lm convert "$work/ptb5.arpa" -o "$work/hash.gvlm" -q
if "$gramvec" lm convert "$work/ptb5.arpa" -o "$work/trie.gvlm" --layout trie -q 2>/dev/null; then
  layouts="$layouts trie"
  "$gramvec" lm convert "$work/ptb5.arpa" -o "$work/trie-q8.gvlm" --layout trie --quantize 8 -q
  layouts="$layouts trie-q8"
fi

# best NAME COMMAND...: best wall time and its peak memory over $repeats runs -> $work/results.
best() {
  local name="$1"
  shift
  local best_seconds="" best_kb=""
  for _ in $(seq "$repeats"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.err" ||
      { echo "bench: $name failed:"; cat "$work/$name.err"; exit 1; }
    read -r seconds kb <"$work/time"
    if [ -z "$best_seconds" ] || python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$seconds" "$best_seconds"; then
      best_seconds=$seconds best_kb=$kb
    fi
  done
  echo "$name $best_seconds $((best_kb / 1024))" >>"$work/results"
}
row() { grep "^$1 " "$work/results" | cut -d' ' -f2-; }
ppl() { python3 -c "import json,sys; print('%.2f' % json.load(open(sys.argv[1]))['perplexity'])" "$work/$1.out"; }

for layout in $layouts; do
  best "$layout-file" "$gramvec" lm eval -m "$work/$layout.gvlm" "$work/test100.txt" --json
  best "$layout-one" "$gramvec" lm eval -m "$work/$layout.gvlm" "$work/test100.txt" --json --threads 1
  best "$layout-stdin" sh -c "\"$gramvec\" lm eval -m \"$work/$layout.gvlm\" - --json < \"$work/test100.txt\""
  best "$layout-loop" "$build/ngram_lookup" "$work/$layout.gvlm" "$work/test100.txt"
done
best arpa-file "$gramvec" lm eval -m "$work/ptb5.arpa" "$work/test100.txt" --json

kenlm() { case "$1" in hash) echo "2.1 55" ;; trie*) echo "4.0 28" ;; esac; }
ratio() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
size_mb() { python3 -c "import os,sys; print('%.1f' % (os.path.getsize(sys.argv[1]) / 2**20))" "$1"; }

echo "PTB order 5, ptb.test.txt x100 (8.24 M tokens), best of $repeats, $(nproc) cores"
echo
echo "| model | file MB | lm eval FILE s | MB | lm eval - (stdin) s | MB | --threads 1 s | MB | KenLM query s / MB (recorded) | time vs KenLM | memory vs KenLM | 1 thread: time vs KenLM | perplexity |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for layout in $layouts; do
  read -r fs fm <<<"$(row "$layout-file")"
  read -r ss sm <<<"$(row "$layout-stdin")"
  read -r os om <<<"$(row "$layout-one")"
  read -r ks km <<<"$(kenlm "$layout")"
  echo "| $layout | $(size_mb "$work/$layout.gvlm") | $fs | $fm | $ss | $sm | $os | $om | $ks / $km | $(ratio "$fs" "$ks") | $(ratio "$fm" "$km") | $(ratio "$os" "$ks") | $(ppl "$layout-file") |"
done
read -r as am <<<"$(row arpa-file)"
echo "| ARPA (parsed at load) | $(size_mb "$work/ptb5.arpa") | $as | $am | - | - | - | - | - | - | - | - | $(ppl arpa-file) |"
echo
echo "Library loop (NGramModel::score_hash over pre-hashed words, no I/O; 8.24 M words):"
for layout in $layouts; do
  echo "- $layout: $(cat "$work/$layout-loop.out")"
done
