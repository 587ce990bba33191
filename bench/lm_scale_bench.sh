#!/usr/bin/env bash
# Scaling benchmark of bounded-memory estimation: time and peak memory of
# `gramvec lm train --order 5 --tokenizer space --memory 1G` on corpus-en (18.1 M words) and on
# its first 1/8, 1/4 and 1/2 (by lines), so the growth with corpus size is visible. KenLM's
# `lmplz -o 5 -S 1G` figures measured on this machine on the same inputs (KenLM built from source, recorded here) are
# the reference, since KenLM is not packaged; they apply only to corpus-en and the fractions
# 8, 4, 2, 1 ("—" otherwise). Prints a markdown table and whether the growth is no worse than
# linear (seconds per million words of the largest input against the smallest); --plot writes
# an SVG (bench/plot_scale.py): time and peak memory against million words.
#
# Each size is trained --repeats times (default 3): the best time is reported, with the highest
# peak memory of those runs (the machine is shared and noisy; the whole corpus varies most).
#
# Usage: bench/lm_scale_bench.sh [--memory 1G] [--fractions "8 4 2 1"] [--repeats 3]
#                                [--extra-args "..."] [--plot FILE.svg] [CORPUS] [BUILD_DIR]
#   CORPUS defaults to ../shared/data/corpus-en/corpus-en.txt (unpacked from .xz into a
#   temporary directory if needed); BUILD_DIR to build. --extra-args are appended to every
#   `lm train` (e.g. "--temp-dir /big/disk" or "--threads 2"). Fraction k means the first
#   lines/k lines; 1 is the whole corpus. Each ARPA is deleted after its run (corpus-en's is
#   ~1.9 GB), and the temporary directory on exit.
#   Smoke run: bench/lm_scale_bench.sh --fractions "64 32" --repeats 1
#              bench/lm_scale_bench.sh --fractions "4 2 1" --plot /tmp/scale.svg data/en-speeches.txt
set -euo pipefail
memory=1G
fractions="8 4 2 1"
extra_args=""
plot=""
repeats=3
while [ $# -gt 0 ]; do
  case "$1" in
    --memory) memory="$2"; shift 2 ;;
    --fractions) fractions="$2"; shift 2 ;;
    --extra-args) extra_args="$2"; shift 2 ;;
    --plot) plot="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --*) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
# Paths given on the command line are relative to the caller's directory; defaults to the repo's.
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
corpus=""; [ -n "${1:-}" ] && corpus="$(absolute "$1")"   # "" = the default
build=build; [ -n "${2:-}" ] && build="$(absolute "$2")"
[ -n "$plot" ] && plot="$(absolute "$plot")"
cd "$(dirname "$0")/.."
shared="${GRAMVEC_SHARED_DATA_DIR:-../shared/data}"
corpus="${corpus:-$shared/corpus-en/corpus-en.txt}"
gramvec="$build/gramvec"
for k in $fractions; do
  [[ "$k" =~ ^[1-9][0-9]*$ ]] || { echo "bench: --fractions takes positive integers, not '$k'" >&2; exit 2; }
done
[[ "$repeats" =~ ^[1-9][0-9]*$ ]] || { echo "bench: --repeats takes a positive integer, not '$repeats'" >&2; exit 2; }
read -ra extra <<<"$extra_args"
[ -x "$gramvec" ] || bash scripts/build.sh "$build"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ ! -f "$corpus" ] && [ -f "$corpus.xz" ]; then
  echo "bench: unpacking $corpus.xz" >&2
  xz -dc "$corpus.xz" >"$work/$(basename "$corpus")"
  corpus="$work/$(basename "$corpus")"
fi
[ -f "$corpus" ] || { echo "bench: corpus $corpus not found" >&2; exit 1; }

# --memory until the binary has it: without it, so that the script can be tried now.
memory_args=(--memory "$memory")
train_help="$("$gramvec" lm train --help)"
if ! grep -q -- --memory <<<"$train_help"; then
  echo "bench: this gramvec has no 'lm train --memory': running without it (in-memory estimation)" >&2
  memory_args=()
fi

lines=$(wc -l <"$corpus")
# KenLM's recorded figures hold for corpus-en only: recognised by its name and line count.
kenlm=0
[ "$(basename "$corpus")" = corpus-en.txt ] && [ "$lines" = 426231 ] && kenlm=1
kenlm_seconds() { case "$1" in 8) echo 4.5 ;; 4) echo 7.0 ;; 2) echo 14.2 ;; 1) echo 67.9 ;; *) echo - ;; esac; }
kenlm_mb() { case "$1" in 8) echo 254 ;; 4) echo 281 ;; 2) echo 342 ;; 1) echo 1075 ;; *) echo - ;; esac; }  # 1.05 GB
echo "bench: $corpus ($lines lines), fractions $fractions, ${memory_args[*]:-no --memory}${extra_args:+, $extra_args}" >&2

# Each run appends "k lines words seconds peak_MB arpa_bytes kenlm_s kenlm_MB" to $work/results.
: >"$work/results"
for k in $fractions; do
  n=$((lines / k))
  label="1/$k"; [ "$k" = 1 ] && label=whole
  [ "$n" -gt 0 ] || { echo "bench: $label of $lines lines is empty" >&2; exit 1; }
  if [ "$k" = 1 ]; then
    subset="$corpus"
  else
    subset="$work/subset-$k.txt"
    head -n "$n" "$corpus" >"$subset"
  fi
  words=$(wc -w <"$subset")
  echo "bench: $label: $n lines, $words words" >&2
  seconds="" kilobytes=0
  for _ in $(seq "$repeats"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$gramvec" lm train "$subset" --order 5 --tokenizer space \
      "${memory_args[@]}" -o "$work/model.arpa" --quiet "${extra[@]}" >"$work/train.out" 2>"$work/train.err" ||
      { echo "bench: gramvec lm train on $label failed:" >&2; tail -5 "$work/train.err" >&2; exit 1; }
    read -r run_seconds run_kilobytes <"$work/time"
    echo "bench: $label: $run_seconds s, $((run_kilobytes / 1024)) MB" >&2
    if [ -z "$seconds" ] || python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$run_seconds" "$seconds"; then
      seconds=$run_seconds
    fi
    [ "$run_kilobytes" -gt "$kilobytes" ] && kilobytes=$run_kilobytes
    arpa_bytes=$(stat -c %s "$work/model.arpa")
    rm -f "$work/model.arpa"
  done
  [ "$k" = 1 ] || rm -f "$subset"
  ks=-; km=-
  [ "$kenlm" = 1 ] && { ks=$(kenlm_seconds "$k"); km=$(kenlm_mb "$k"); }
  echo "$k $n $words $seconds $((kilobytes / 1024)) $arpa_bytes $ks $km" >>"$work/results"
done

settings="order 5, --tokenizer space, ${memory_args[*]:-no --memory}${extra_args:+, $extra_args}"
echo "Corpus \`$(basename "$corpus")\`, $settings, $(nproc) cores, best time of $repeats runs; KenLM: \`lmplz -o 5 -S 1G\` measured on this"
echo "machine with KenLM built from source. Peak MB: maximum resident set size; ARPA MB: size of gramvec's model."
echo
# The table, the growth line, and the plot's points, from $work/results.
python3 - "$work/results" "$work/points.tsv" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1])]
dash = "—"
def frac(k): return "whole" if k == "1" else f"1/{k}"
def ratio(a, b): return f"{float(a) / float(b):.2f}" if b != "-" and float(b) > 0 else dash
def per_mw(seconds, words): return float(seconds) / (int(words) / 1e6) if int(words) else float("nan")
print("| fraction | lines | words | gramvec s | gramvec peak MB | KenLM lmplz s | KenLM peak MB "
      "| time / KenLM | memory / KenLM | s per M words | ARPA MB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
with open(sys.argv[2], "w") as points:
    for k, lines, words, s, mb, arpa, ks, km in rows:
        print(f"| {frac(k)} | {int(lines):,} | {int(words):,} | {float(s):.2f} | {int(mb):,} "
              f"| {dash if ks == '-' else ks} | {dash if km == '-' else f'{int(km):,}'} "
              f"| {ratio(s, ks)} | {ratio(mb, km)} | {per_mw(s, words):.2f} | {int(arpa) / 1048576:,.1f} |")
        points.write(f"{frac(k)}\t{int(words) / 1e6:.6f}\t{s}\t{mb}\t{ks}\t{km}\n")
by_size = sorted(rows, key=lambda r: int(r[2]))
if len(by_size) > 1 and int(by_size[0][2]) > 0 and float(by_size[0][3]) > 0:
    small, large = by_size[0], by_size[-1]
    a, b = per_mw(small[3], small[2]), per_mw(large[3], large[2])
    verdict = "no worse than linear" if b <= a else "worse than linear"
    line = (f"\nGrowth: {a:.2f} s per M words on {frac(small[0])} ({int(small[2]) / 1e6:.2f} M words), "
            f"{b:.2f} on {frac(large[0])} ({int(large[2]) / 1e6:.2f} M): x{b / a:.2f}, {verdict}.")
    if small[6] != "-" and large[6] != "-":
        ka, kb = per_mw(small[6], small[2]), per_mw(large[6], large[2])
        line += f" KenLM: {ka:.2f} -> {kb:.2f} (x{kb / ka:.2f})."
    print(line)
known = [r for r in rows if r[6] != "-"]
if known:
    faster = all(float(r[3]) < float(r[6]) for r in known)
    smaller = all(int(r[4]) <= int(r[7]) for r in known)
    print(f"Goal (faster than KenLM at every size with no more memory): "
          f"{'met' if faster and smaller else 'not met'} (faster: {'yes' if faster else 'no'}, "
          f"no more memory: {'yes' if smaller else 'no'}).")
PY
if [ -n "$plot" ]; then
  python3 bench/plot_scale.py "$work/points.tsv" "$plot" \
    --title "$(basename "$corpus" .txt), order 5, ${memory_args[*]:-no --memory}"
  echo "bench: plot written to $plot" >&2
fi
