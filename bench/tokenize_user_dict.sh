#!/usr/bin/env bash
# Tokenizer throughput with a large user dictionary: `gramvec tokenize --mode word` on Chinese
# and English text, without a dictionary and with jieba's own dictionary (the python3-jieba
# package's dict.txt, about 350,000 words, read from the installed package: never copied), plus
# the time to load that dictionary, and jieba itself (precise mode, its default dictionary) on the
# Chinese text as the peer. One core, best of three runs.
# Usage: bench/tokenize_user_dict.sh [BUILD_DIR]
# Input: ../shared/data/corpus-zh and the first 50 MB of ../shared/data/corpus-en, else the
# bundled data/zh-sanguo.txt and data/en-speeches.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
[ -f "$build/CMakeCache.txt" ] || bash scripts/build.sh "$build"
cmake --build "$build" --target gramvec -j 2 >/dev/null
gramvec="$build/gramvec"
shared="${GRAMVEC_SHARED_DATA_DIR:-../shared/data}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

jieba_dict=$(/usr/bin/python3 -c 'import jieba, os; print(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"))' 2>/dev/null || true)
if [ -z "$jieba_dict" ] || [ ! -f "$jieba_dict" ]; then
  echo "skipped: jieba is not installed for /usr/bin/python3 (Debian package python3-jieba): no large dictionary to test with"
  exit 0
fi
if [ -f "$shared/corpus-zh/corpus-zh.txt" ]; then
  cp "$shared/corpus-zh/corpus-zh.txt" "$work/zh.txt"
else
  cp data/zh-sanguo.txt "$work/zh.txt"
fi
if [ -f "$shared/corpus-en/corpus-en.txt.xz" ]; then
  (xz -dc "$shared/corpus-en/corpus-en.txt.xz" || true) | head -c 50000000 >"$work/en.txt"
else
  cp data/en-speeches.txt "$work/en.txt"
fi
: >"$work/empty.txt"

seconds() {  # seconds CMD...: wall time of the best of three runs
  local best="" start end elapsed
  for _ in 1 2 3; do
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    elapsed=$(python3 -c "print($end - $start)")
    best=$(python3 -c "print(min($elapsed, ${best:-$elapsed}))")
  done
  echo "$best"
}
entries=$(grep -cv '^[[:space:]]*\(#\|$\)' "$jieba_dict")
load=$(python3 -c "print(round($(seconds "$gramvec" tokenize --user-dict "$jieba_dict" "$work/empty.txt") - $(seconds "$gramvec" tokenize "$work/empty.txt"), 3))")
echo "dictionary: $jieba_dict ($entries words); loading it takes $load s"
echo
echo "| text | MB | without dictionary MB/s | with it MB/s | ratio |"
echo "|---|---:|---:|---:|---:|"
for name in zh en; do
  file="$work/$name.txt"
  mb=$(python3 -c "print($(stat -c %s "$file") / 1e6)")
  plain=$(seconds "$gramvec" tokenize --mode word "$file")
  with=$(seconds "$gramvec" tokenize --mode word --user-dict "$jieba_dict" "$file")
  python3 -c "
mb, plain, with_ = $mb, $plain, $with
print(f'| $name | {mb:.1f} | {mb / plain:.1f} | {mb / with_:.1f} | {plain / with_:.2f} |')"
done
echo
# The peer: jieba's own tokenizer (precise mode, HMM on, its dictionary) on the same Chinese text.
jieba_seconds=$(/usr/bin/python3 - "$work/zh.txt" <<'PY'
import sys, time
import jieba
jieba.setLogLevel(60)
jieba.initialize()
text = open(sys.argv[1], encoding="utf-8").read().splitlines()
start = time.perf_counter()
for line in text:
    " ".join(jieba.cut(line))
print(time.perf_counter() - start)
PY
)
gramvec_zh=$(seconds "$gramvec" tokenize --mode word --user-dict "$jieba_dict" "$work/zh.txt")
python3 -c "
mb = $(stat -c %s "$work/zh.txt") / 1e6
print(f'jieba (precise mode, after loading): {mb / $jieba_seconds:.2f} MB/s; gramvec with the same dictionary: {mb / $gramvec_zh:.1f} MB/s ({$jieba_seconds / $gramvec_zh:.1f}x)')"
