#!/usr/bin/env bash
# lm predict latency: milliseconds a query on the PTB order-5 modified Kneser-Ney model (hash
# and trie binary layouts), one core (taskset -c 0), ten words listed (-k 10). The queries are
# the first halves of PTB test sentences (the sentence so far, as an input method sees it), all
# from stdin in one run; a run with one query gives the time to load the model, which is taken
# off. Also with --prefix s (only words that start with s). No peer:
# KenLM and SRILM have no next-word command. Run it on an idle machine.
# Usage: bench/lm_predict_latency.sh [BUILD_DIR] [QUERIES]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
queries="${2:-2000}"
gramvec="$build/gramvec"
ptb="${GRAMVEC_SHARED_DATA_DIR:-../shared/data}/ptb"
[ -x "$gramvec" ] || { echo "bench: $gramvec not found (build first)"; exit 1; }
[ -f "$ptb/ptb.train.txt" ] || { echo "bench: $ptb/ptb.train.txt not found: skipped"; exit 0; }
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); else echo "bench: taskset not found: not pinned to one core"; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$gramvec" lm train "$ptb/ptb.train.txt" -o "$work/ptb.arpa" --order 5 --tokenizer space -q
"$gramvec" lm convert "$work/ptb.arpa" -o "$work/hash.gvlm" --layout hash -q
"$gramvec" lm convert "$work/ptb.arpa" -o "$work/trie.gvlm" --layout trie -q
awk -v max="$queries" 'NF >= 2 && n < max { half = int(NF / 2); line = $1
  for (i = 2; i <= half; i++) line = line " " $i; print line; n++ }' "$ptb/ptb.test.txt" >"$work/contexts.txt"
count=$(wc -l <"$work/contexts.txt")
echo "bench: $count queries, words in the vocabulary: $(awk -F= '/^ngram 1=/ { print $2 }' "$work/ptb.arpa")"

# best_of_three INPUT COMMAND...: the least wall seconds of three runs, stdin from INPUT.
seconds() { local input=$1; shift; /usr/bin/time -f %e -o "$work/time" "$@" <"$input" >/dev/null; cat "$work/time"; }
best_of_three() {
  local best="" s
  for _ in 1 2 3; do
    s=$(seconds "$@")
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s; fi
  done
  echo "$best"
}
printf '%-8s %-10s %10s %10s %12s\n' layout query "total s" "load s" "ms/query"
for layout in hash trie; do
  load=$(best_of_three /dev/null "${pin[@]}" "$gramvec" lm predict -m "$work/$layout.gvlm" "the")
  total=$(best_of_three "$work/contexts.txt" "${pin[@]}" "$gramvec" lm predict -m "$work/$layout.gvlm" -k 10 -)
  printf '%-8s %-10s %10s %10s %12.3f\n' "$layout" "-k 10" "$total" "$load" \
    "$(awk -v t="$total" -v l="$load" -v n="$count" 'BEGIN { print (t - l) * 1000 / n }')"
  # --prefix s (words starting with s: about one vocabulary word in ten on PTB): the same queries, one run.
  total=$(best_of_three "$work/contexts.txt" "${pin[@]}" "$gramvec" lm predict -m "$work/$layout.gvlm" -k 10 --prefix s -)
  printf '%-8s %-10s %10s %10s %12.3f\n' "$layout" "--prefix s" "$total" "$load" \
    "$(awk -v t="$total" -v l="$load" -v n="$count" 'BEGIN { print (t - l) * 1000 / n }')"
done
