#!/usr/bin/env bash
# Language-model benchmark on PTB: gramvec against IRSTLM (Debian's irstlm) in one run, with
# KenLM's figures measured on this machine (KenLM built from source, recorded here) for reference, since KenLM is not
# packaged. Prints wall time and peak memory of each step, and ratios.
# Usage: bench/lm_bench.sh [BUILD_DIR]   (needs ../shared/data/ptb; installs peers with --bench)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
gramvec="$build/gramvec"
ptb="${GRAMVEC_SHARED_DATA_DIR:-../shared/data}/ptb"
[ -f "$ptb/ptb.train.txt" ] || { echo "bench: $ptb not found (PTB is not bundled)"; exit 1; }
bash scripts/install-deps.sh --bench >/dev/null
[ -x "$gramvec" ] || bash scripts/build.sh "$build"
irstlm=/usr/lib/irstlm/bin
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# measure NAME COMMAND...: runs once, records "seconds peak_MB" in $work/NAME.
measure() {
  local name="$1"
  shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" ||
    { echo "bench: $name failed:"; cat "$work/$name.err"; exit 1; }
  read -r seconds kilobytes <"$work/$name.time"
  printf '%s %.2f %.0f\n' "$name" "$seconds" "$((kilobytes / 1024))" >>"$work/results"
}
row() { grep "^$1 " "$work/results" | cut -d' ' -f2-; }

# IRSTLM reads a literal <unk> as its own OOV symbol: rename it in its copies of the data.
sed 's/<unk>/UNKTOK/g' "$ptb/ptb.train.txt" >"$work/train.irst"
sed 's/<unk>/UNKTOK/g' "$ptb/ptb.test.txt" | "$irstlm/add-start-end.sh" >"$work/test.irst"
python3 -c "import sys; [sys.stdout.write(open(sys.argv[1]).read()) for _ in range(100)]" "$ptb/ptb.test.txt" >"$work/test100.txt"

measure gramvec_train5 "$gramvec" lm train "$ptb/ptb.train.txt" -o "$work/ptb5.arpa" --order 5 --tokenizer space -q
measure gramvec_eval5 "$gramvec" lm eval -m "$work/ptb5.arpa" "$ptb/ptb.test.txt" --json
measure gramvec_eval5_x100 "$gramvec" lm eval -m "$work/ptb5.arpa" "$work/test100.txt" --json
measure irstlm_train5 env IRSTLM=/usr/lib/irstlm TMP="$work" "$irstlm/build-lm.sh" -i "$irstlm/add-start-end.sh < $work/train.irst" -n 5 -k 1 \
  -s improved-kneser-ney -t "$work/irst_tmp" -o "$work/irst5.gz"
measure irstlm_compile5 "$irstlm/compile-lm" "$work/irst5.gz" --text=yes "$work/irst5.arpa"
measure irstlm_eval5 "$irstlm/compile-lm" "$work/irst5.arpa" --eval="$work/test.irst"

gramvec_ppl=$(python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['perplexity'], 2))" "$work/gramvec_eval5.out")
irstlm_ppl=$(grep -o 'PP=[0-9.]*' "$work/irstlm_eval5.out" | head -1 | cut -d= -f2)

ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f'{a / b:.2f}' if b > 0 else '-')" "$1" "$2"; }
read -r gt gm <<<"$(row gramvec_train5)"
read -r ge em <<<"$(row gramvec_eval5)"
read -r gx xm <<<"$(row gramvec_eval5_x100)"
read -r it im <<<"$(row irstlm_train5)"
read -r ic cm <<<"$(row irstlm_compile5)"
read -r ie iem <<<"$(row irstlm_eval5)"

echo "PTB order 5 (train ptb.train.txt, 929,589 tokens; eval ptb.test.txt, 82,430 tokens), $(nproc) cores"
echo
echo "| step | gramvec s | gramvec MB | IRSTLM s | IRSTLM MB | KenLM s (recorded) | KenLM MB | gramvec/IRSTLM time | gramvec/KenLM time |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
echo "| train 5-gram (mkn; IRSTLM improved-kneser-ney + compile to ARPA) | $gt | $gm | $(python3 -c "print(round($it + $ic, 2))") | $im | 1.84 | 76 | $(ratio "$gt" "$(python3 -c "print($it + $ic)")") | $(ratio "$gt" 1.84) |"
echo "| eval test from ARPA | $ge | $em | $ie | $iem | 1.0 | 55 | $(ratio "$ge" "$ie") | $(ratio "$ge" 1.0) |"
echo "| eval test x100 (8.24 M tokens) from ARPA | $gx | $xm | - | - | - | - | - | - |"
echo
echo "test perplexity: gramvec mkn $gramvec_ppl (reference 141.2), IRSTLM improved-kneser-ney $irstlm_ppl"
