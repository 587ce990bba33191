#!/usr/bin/env bash
# Pruning against estimating: the time `lm prune` takes to prune a model, next to the time
# `lm train` took to estimate it, on the same machine in one run. corpus-en (18 M words), default
# order 5, modified Kneser-Ney, ARPA in and out; pruning at two thresholds, from the ARPA file and
# from a trie binary model. Reports wall seconds, peak memory and the ratio prune / train.
# Run it on an idle machine: both commands use every core.
# Usage: bench/lm_prune_speed.sh [BUILD_DIR] [ORDER]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
order="${2:-5}"
gramvec="$build/gramvec"
corpus="${GRAMVEC_SHARED_DATA_DIR:-../shared/data}/corpus-en/corpus-en.txt.xz"
[ -x "$gramvec" ] || { echo "bench: $gramvec not found (build first)"; exit 1; }
[ -f "$corpus" ] || { echo "bench: $corpus not found"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (apt-get install time)"; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
xz -dc "$corpus" >"$work/corpus.txt"

# timed LABEL COMMAND...: wall seconds and peak resident memory of one command.
declare -A wall
timed() {
  local label=$1
  shift
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null
  read -r seconds kib <"$work/time"
  wall[$label]=$seconds
  printf '%-34s %8.2f s %8.0f MiB\n' "$label" "$seconds" "$((kib / 1024))"
}

timed "train (estimate, write ARPA)" "$gramvec" lm train "$work/corpus.txt" -o "$work/model.arpa" --order "$order" -q
printf '%-34s %s n-grams, %s bytes\n' "model" \
  "$(awk -F= '/^ngram [0-9]+=/ { s += $2 } END { print s }' "$work/model.arpa")" "$(stat -c %s "$work/model.arpa")"
"$gramvec" lm convert "$work/model.arpa" -o "$work/model.gvlm" --layout trie -q
for theta in 1e-8 1e-7; do
  timed "prune ARPA -> ARPA, θ=$theta" "$gramvec" lm prune -m "$work/model.arpa" -o "$work/pruned.arpa" \
    --threshold "$theta" -q
  timed "prune trie -> ARPA, θ=$theta" "$gramvec" lm prune -m "$work/model.gvlm" -o "$work/pruned.arpa" \
    --threshold "$theta" -q
done
echo
for label in "prune ARPA -> ARPA, θ=1e-8" "prune trie -> ARPA, θ=1e-8" "prune ARPA -> ARPA, θ=1e-7" \
  "prune trie -> ARPA, θ=1e-7"; do
  python3 -c 'import sys; print("%-34s %.2f x the time of training" % (sys.argv[1], float(sys.argv[2]) / float(sys.argv[3])))' \
    "$label" "${wall[$label]}" "${wall["train (estimate, write ARPA)"]}"
done
