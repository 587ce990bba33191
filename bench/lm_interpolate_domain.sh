#!/usr/bin/env bash
# Domain adaptation by interpolation on corpus-en: a large general model (books: the Project
# Gutenberg texts, lines 1-44,134) mixed with a small in-domain one (speeches: State of the Union
# and inaugural addresses, lines 203,413-211,627). The speeches are cut in blocks of 100 lines:
# block 8 of every 10 is the tuning set (DEV), block 9 the test set, the rest trains the speech
# model. Prints each model's test perplexity, the EM iterations, and the tuned mixture's test
# perplexity, exact (lm eval -m A -m B --weights) and as one merged model (lm interpolate -o).
# Twice: with each model's own vocabulary (the mixture has the union of both, so it has fewer
# OOVs than either model and its perplexity is not comparable with theirs), and with one shared
# vocabulary (gramvec vocab of books + speech training text, lm train --vocab), where every model
# has the same OOVs and the figures compare directly.
# Usage: bench/lm_interpolate_domain.sh [BUILD_DIR] [ORDER]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
order="${2:-3}"
gramvec="$build/gramvec"
corpus="${GRAMVEC_SHARED_DATA_DIR:-../shared/data}/corpus-en/corpus-en.txt.xz"
[ -f "$corpus" ] || { echo "bench: $corpus not found"; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

xz -dc "$corpus" | sed -n '1,44134p' >"$work/books.txt"
xz -dc "$corpus" | sed -n '203413,211627p' >"$work/speeches.txt"
awk -v dir="$work" '{ b = int((NR - 1) / 100) % 10
  if (b == 8) print > (dir "/dev.txt"); else if (b == 9) print > (dir "/test.txt"); else print > (dir "/train.txt") }' \
  "$work/speeches.txt"
cat "$work/books.txt" "$work/train.txt" >"$work/pooled.txt"
for part in books train dev test; do
  printf '%-6s %7d lines %9d words\n' "$part" "$(wc -l <"$work/$part.txt")" "$(wc -w <"$work/$part.txt")"
done

"$gramvec" vocab "$work/pooled.txt" -o "$work/shared.vocab" -q

ppl() { "$gramvec" lm eval "$@" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print("%.2f %.2f %d" % (d["perplexity"], d["ppl"], d["oovs"]))'; }

# run LABEL [lm train options]
run() {
  local label=$1
  shift
  echo "== $label: order $order; test perplexity (OOVs as <unk>), SRILM ppl (OOVs skipped), OOVs"
  "$gramvec" lm train "$work/books.txt" -o "$work/books.arpa" --order "$order" -q "$@"
  "$gramvec" lm train "$work/train.txt" -o "$work/speeches.arpa" --order "$order" -q "$@"
  "$gramvec" lm train "$work/pooled.txt" -o "$work/pooled.arpa" --order "$order" -q "$@"
  echo "books model:          $(ppl -m "$work/books.arpa" "$work/test.txt")"
  echo "speeches model:       $(ppl -m "$work/speeches.arpa" "$work/test.txt")"
  echo "pooled text model:    $(ppl -m "$work/pooled.arpa" "$work/test.txt")"
  echo "equal weights, exact: $(ppl -m "$work/books.arpa" -m "$work/speeches.arpa" --weights 0.5 0.5 "$work/test.txt")"
  "$gramvec" lm interpolate -m "$work/books.arpa" -m "$work/speeches.arpa" --tune "$work/dev.txt" \
    -o "$work/mixed.arpa" 2>&1
  weights=$("$gramvec" lm interpolate -m "$work/books.arpa" -m "$work/speeches.arpa" --tune "$work/dev.txt" -q)
  echo "tuned weights: $weights"
  echo "tuned, exact mixture: $(ppl -m "$work/books.arpa" -m "$work/speeches.arpa" --weights $weights "$work/test.txt")"
  echo "tuned, merged model:  $(ppl -m "$work/mixed.arpa" "$work/test.txt")"
}
run "own vocabularies"
run "shared vocabulary" --vocab "$work/shared.vocab"
