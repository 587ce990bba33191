#!/usr/bin/env bash
# Entropy pruning (Stolcke 1998, `lm prune --threshold`) against count pruning (`lm train
# --prune`) of modified Kneser-Ney models: test perplexity at equal model size, where size is the
# number of n-grams (all orders) and the size in bytes of the binary trie model (`--layout trie`,
# no quantization). Four series per corpus:
#   count    lm train --prune T2 T3 ... (n-grams with raw count <= T dropped, from order 2 up,
#            the last threshold repeats);
#   entropy  lm prune --threshold θ of the unpruned model, P(h) from the model itself;
#   entropy+katz-history  the same θ with --history-model: a Katz model of the same text and order
#            with no count cut-offs (--katz-min-count 1), so that every context has its own P(h);
#   entropy+katz-history+interpolated  the same with --form interpolated (a removed n-gram's own
#            share returns to the interpolation weight, as count pruning does).
# Corpora:
#   PTB, order 5, --tokenizer space: train ptb.train.txt, test ptb.test.txt;
#   corpus-en, order 4, default tokenizer: every 10th line (10, 20, ...) is the test set, the
#            rest trains (skipped with a message when the data is absent).
# Perplexity is the "perplexity" field of `lm eval --json` (OOVs scored as <unk>). Writes, per
# corpus, OUT_DIR/prune_curve_<corpus>.tsv (series, setting, ngrams, bytes, perplexity; the
# unpruned model is series "unpruned") and OUT_DIR/prune_curve_<corpus>.svg (scripts/
# plot_prune_curve.py: perplexity against n-grams and against bytes, log x axis), prints the
# table and, for each count-pruning point, the entropy series' perplexity interpolated linearly in
# log size at the same n-gram count and at the same byte size (the unpruned model is the θ = 0
# end of both entropy series; "—" outside a series' range).
#
# Usage: bench/lm_prune_curve.sh [--out-dir DIR] [--corpora "ptb corpus-en"] [BUILD_DIR|BINARY]
#   BUILD_DIR (default build) holds gramvec; a path to the gramvec binary itself also works.
#   --out-dir defaults to bench (relative to the repository). The settings can be changed with the
#   environment variables PTB_COUNT, PTB_THETAS, EN_COUNT, EN_THETAS (count settings are
#   separated by commas, e.g. PTB_COUNT="0 0 0 1,1,2"; thetas by spaces).
#   Data: ${GRAMVEC_SHARED_DATA_DIR:-../shared/data}/ptb and corpus-en/corpus-en.txt.xz
#   (/tmp/corpus-en.txt is used instead of unpacking when it has the corpus's 426,231 lines).
#   Everything runs under nice; on 2 shared cores PTB took 2.5 minutes, corpus-en (27.7 M n-grams) 30.
set -euo pipefail
out_dir=bench
corpora="ptb corpus-en"
while [ $# -gt 0 ]; do
  case "$1" in
    --out-dir) out_dir="$2"; shift 2 ;;
    --corpora) corpora="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --*) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
# Paths given on the command line are relative to the caller's directory.
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
build="$(absolute "${1:-build}")"
out_dir="$(absolute "$out_dir")"
cd "$(dirname "$0")/.."
gramvec="$build"
[ -d "$build" ] && gramvec="$build/gramvec"
[ -x "$gramvec" ] || { echo "bench: $gramvec is not an executable gramvec" >&2; exit 1; }
shared="${GRAMVEC_SHARED_DATA_DIR:-../shared/data}"
mkdir -p "$out_dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

ptb_count="${PTB_COUNT:-0 0 0 1,0 0 1,0 1,1,1 1 2,1 2,2,3,5,10}"
ptb_thetas="${PTB_THETAS:-1e-9 3e-9 1e-8 3e-8 1e-7 3e-7 1e-6 3e-6 1e-5 3e-5}"
en_count="${EN_COUNT:-0 0 1,0 1,1,2,3,5,10,20}"
en_thetas="${EN_THETAS:-1e-9 3e-9 1e-8 3e-8 1e-7 3e-7 1e-6 3e-6}"

g() { nice "$gramvec" "$@"; }
json_field() { python3 -c 'import json,sys; d=json.load(sys.stdin); v=d[sys.argv[1]]; print(sum(v) if isinstance(v, list) else repr(v))' "$1"; }

# measure TSV SERIES SETTING MODEL.gvlm NGRAMS TEST [eval options]: appends one line.
measure() {
  local tsv=$1 series=$2 setting=$3 model=$4 ngrams=$5 test=$6
  shift 6
  local bytes ppl
  bytes=$(stat -c %s "$model")
  ppl=$(g lm eval -m "$model" "$test" --json "$@" | json_field perplexity)
  printf '%s\t%s\t%s\t%s\t%s\n' "$series" "$setting" "$ngrams" "$bytes" "$ppl" >>"$tsv"
  printf 'bench: %-22s %-10s %10s n-grams %11s bytes  perplexity %s\n' "$series" "$setting" "$ngrams" "$bytes" "$ppl" >&2
}

# curve NAME ORDER TRAIN TEST COUNT_SETTINGS THETAS [tokenizer options]
curve() {
  local name=$1 order=$2 train=$3 test=$4 count_settings=$5 thetas=$6
  shift 6
  local tsv="$out_dir/prune_curve_$name.tsv" start=$SECONDS n setting theta
  printf 'series\tsetting\tngrams\tbytes\tperplexity\n' >"$tsv"
  echo "bench: $name: order $order, train $(wc -l <"$train") lines, test $(wc -l <"$test") lines" >&2
  # Binary trie models are written by lm train directly: the same file as lm train -o X.arpa
  # followed by lm convert X.arpa --layout trie (checked byte for byte on PTB), without the ARPA.
  n=$(g lm train "$train" -o "$work/base.gvlm" --layout trie --order "$order" -q --json "$@" | json_field ngrams)
  measure "$tsv" unpruned none "$work/base.gvlm" "$n" "$test" "$@"
  g lm train "$train" -o "$work/katz.gvlm" --layout trie --order "$order" --smoothing katz --katz-min-count 1 -q "$@"
  echo "bench: $name: models trained in $((SECONDS - start)) s" >&2
  IFS=, read -ra settings <<<"$count_settings"
  for setting in "${settings[@]}"; do
    read -ra t <<<"$setting"
    n=$(g lm train "$train" -o "$work/count.gvlm" --layout trie --order "$order" --prune "${t[@]}" -q --json "$@" |
      json_field ngrams)
    measure "$tsv" count "${t[*]}" "$work/count.gvlm" "$n" "$test" "$@"
  done
  rm -f "$work/count.gvlm"
  echo "bench: $name: count pruning done at $((SECONDS - start)) s" >&2
  for theta in $thetas; do
    n=$(g lm prune -m "$work/base.gvlm" -o "$work/self.gvlm" --layout trie --threshold "$theta" -q --json | json_field ngrams)
    measure "$tsv" entropy "$theta" "$work/self.gvlm" "$n" "$test" "$@"
  done
  echo "bench: $name: entropy pruning (self P(h)) done at $((SECONDS - start)) s" >&2
  for theta in $thetas; do
    n=$(g lm prune -m "$work/base.gvlm" --history-model "$work/katz.gvlm" -o "$work/hist.gvlm" --layout trie \
      --threshold "$theta" -q --json | json_field ngrams)
    measure "$tsv" entropy+katz-history "$theta" "$work/hist.gvlm" "$n" "$test" "$@"
  done
  for theta in $thetas; do
    n=$(g lm prune -m "$work/base.gvlm" --history-model "$work/katz.gvlm" -o "$work/hist.gvlm" --layout trie \
      --threshold "$theta" --form interpolated -q --json | json_field ngrams)
    measure "$tsv" entropy+katz-history+interpolated "$theta" "$work/hist.gvlm" "$n" "$test" "$@"
  done
  rm -f "$work"/*.gvlm
  local seconds=$((SECONDS - start))
  echo "bench: $name: done in $seconds s" >&2
  python3 scripts/plot_prune_curve.py "$tsv" "$out_dir/prune_curve_$name.svg" --title "$title"
  echo
  echo "## $title ($seconds s)"
  echo
  python3 scripts/plot_prune_curve.py "$tsv" --table
}

for corpus in $corpora; do
  case "$corpus" in
    ptb)
      if [ ! -f "$shared/ptb/ptb.train.txt" ] || [ ! -f "$shared/ptb/ptb.test.txt" ]; then
        echo "bench: $shared/ptb not found: PTB skipped" >&2
        continue
      fi
      title="PTB, order 5, modified Kneser-Ney"
      curve ptb 5 "$shared/ptb/ptb.train.txt" "$shared/ptb/ptb.test.txt" "$ptb_count" "$ptb_thetas" --tokenizer space
      ;;
    corpus-en)
      text=/tmp/corpus-en.txt
      if [ ! -f "$text" ] || [ "$(wc -l <"$text")" != 426231 ]; then
        if [ ! -f "$shared/corpus-en/corpus-en.txt.xz" ]; then
          echo "bench: $shared/corpus-en/corpus-en.txt.xz not found: corpus-en skipped" >&2
          continue
        fi
        text="$work/corpus-en.txt"
        xz -dc "$shared/corpus-en/corpus-en.txt.xz" >"$text"
      fi
      awk -v dir="$work" '{ print > (dir (NR % 10 == 0 ? "/en-test.txt" : "/en-train.txt")) }' "$text"
      [ "$text" = "$work/corpus-en.txt" ] && rm -f "$text"
      title="corpus-en, order 4, modified Kneser-Ney"
      curve corpus-en 4 "$work/en-train.txt" "$work/en-test.txt" "$en_count" "$en_thetas"
      rm -f "$work"/en-*.txt
      ;;
    *) echo "bench: unknown corpus $corpus (ptb, corpus-en)" >&2; exit 2 ;;
  esac
done
