#!/usr/bin/env bash
# Files crafted by someone who recomputes the checksums (XXH3-64, which anyone can): a binary
# model whose header claims 2^57 unigrams (or other impossible sizes), and a count file from
# which one context was removed, its checksum recomputed. Every command that reads them stops with
# one line "gramvec: error: FILE: ..." and exit code 1, without crashing, allocating what the
# file cannot back, or writing a model. The fuzz targets (tests/fuzz/) found the rest of such
# holes; their inputs are replayed by the ctest test fuzz_replay.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
command -v xxhsum >/dev/null || fail "xxhsum (Debian's xxhash) is not installed"
F="$FIXTURES/formats"
mkdir "$T/o"

xxh3() { xxhsum -H3 - | sed 's/.* = //'; }
# put_u64 FILE OFFSET VALUE: the little-endian u64 at OFFSET set to VALUE (decimal or 0x...).
put_u64() {
  python3 -c 'import struct, sys
with open(sys.argv[1], "r+b") as f:
    f.seek(int(sys.argv[2])); f.write(struct.pack("<Q", int(sys.argv[3], 0)))' "$@"
}
# A .gvlm resealed as its writer would (binary_model.hpp): the body checksum at header offset 312
# (of the bytes after the 512-byte header), then the header checksum at 320 (of the header with
# that field 0).
reseal_gvlm() {
  put_u64 "$1" 312 "0x$(tail -c +513 "$1" | xxh3)"
  put_u64 "$1" 320 0
  put_u64 "$1" 320 "0x$(head -c 512 "$1" | xxh3)"
}
# A count file or training state: its last 8 bytes are the checksum of the bytes before them.
reseal_trailing() {
  local size
  size=$(stat -c %s "$1")
  put_u64 "$1" $((size - 8)) "0x$(head -c -8 "$1" | xxh3)"
}

binary_model_sizes() {
  local layout file
  for layout in hash trie-q8; do
    # counts[0] (header offset 72): 2^57 unigrams, and the largest u64.
    for count in 144115188075855872 18446744073709551615; do
      file="$T/huge-$layout-$count.gvlm"
      cp "$F/model-$layout.gvlm" "$file"
      put_u64 "$file" 72 "$count"
      reseal_gvlm "$file"
      expect_error 1 "huge-$layout-$count\.gvlm: corrupt gramvec binary model" -- \
        "$G" lm score -m "$file" "$F/sentences.txt"
      expect_error 1 "huge-$layout-$count\.gvlm: corrupt gramvec binary model" -- \
        "$G" lm convert "$file" -o "$T/o/converted.gvlm" --layout "${layout%-q8}"
      assert_no_file "$T/o/converted.gvlm" "a failed convert wrote a model"
    done
    # The highest order's count (offset 72 + 16) at the largest u64, which count + 1 wraps to 0.
    file="$T/huge3-$layout.gvlm"
    cp "$F/model-$layout.gvlm" "$file"
    put_u64 "$file" 88 18446744073709551615
    reseal_gvlm "$file"
    expect_error 1 "huge3-$layout\.gvlm: corrupt gramvec binary model" -- "$G" lm score -m "$file" "$F/sentences.txt"
  done
  # The resealed but otherwise unchanged model still loads: the checks above are not the checksum's.
  cp "$F/model-hash.gvlm" "$T/same.gvlm"
  reseal_gvlm "$T/same.gvlm"
  cmp -s "$T/same.gvlm" "$F/model-hash.gvlm" || fail "resealing an unchanged model changed it"
}

# rewrite_counts IN OUT drop [WORDS...]: the count file IN without the n-gram WORDS (count_file.hpp's
# encoding, written again after it; without WORDS, the same n-grams), its checksum recomputed.
# rewrite_counts IN OUT wrap: four n-grams of the highest order, x m y1, x m y2, x' m y1 and
# x' m y2, get +K, -K, -K and +K modulo 2^64 (K: one more than the second's count, which so
# wraps to 2^64 - 1); every context's and every suffix's sum stays the same modulo 2^64.
rewrite_counts() {
  python3 - "$@" <<'PY'
import sys
src, dst, mode = sys.argv[1], sys.argv[2], sys.argv[3]
drop = sys.argv[4:] if mode == "drop" else None
data = open(src, "rb").read()[:-8]
pos = 40
def varint():
    global pos
    value, shift = 0, 0
    while True:
        byte = data[pos]; pos += 1
        value |= (byte & 0x7f) << shift; shift += 7
        if byte < 0x80: return value
def put(value):
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7f | 0x80); value >>= 7
    out.append(value)
    return bytes(out)
order = int.from_bytes(data[16:20], "little")
settings = varint(); pos += settings
words, word = [], b""
while True:
    suffix = varint()
    if suffix == 0: break
    prefix = varint(); word = word[:prefix] + data[pos:pos + suffix]; pos += suffix
    varint(); words.append(word.decode())
head = data[:pos]
body, removed = b"", 0
for n in range(2, order + 1):
    grams, previous = [], [0] * n
    while True:
        tag = varint()
        if tag == 0: break
        k = tag - 1; delta = varint()
        gram = previous[:k] + [(previous[k] if grams else 0) + delta] + [varint() for _ in range(k + 1, n)]
        grams.append((gram, varint())); previous = gram
    if mode == "drop":
        kept = [(g, c) for g, c in grams if [words[i] for i in g] != drop]
        removed += len(grams) - len(kept)
    else:
        kept = grams
        if n == order:
            where = {tuple(g): k for k, (g, _) in enumerate(grams)}
            found = next(((a, b, c, d) for a, b in where.items() for c, d in where.items()
                          if a[0] != c[0] and a[1:-1] == c[1:-1] and a[-1] != c[-1]
                          and a[:-1] + (c[-1],) in where and c[:-1] + (a[-1],) in where), None)
            assert found, "no four n-grams to shift"
            a, ka, c, kc = found
            kb, kd = where[a[:-1] + (c[-1],)], where[c[:-1] + (a[-1],)]
            shift = kept[kb][1] + 1
            for k, sign in ((ka, 1), (kb, -1), (kd, -1), (kc, 1)):
                kept[k] = (kept[k][0], (kept[k][1] + sign * shift) % 2**64)
            removed = 1
    previous = None
    for gram, count in kept:
        k = 0
        if previous is not None:
            while gram[k] == previous[k]: k += 1
        body += put(k + 1) + put(gram[k] - (previous[k] if previous is not None else 0))
        body += b"".join(put(i) for i in gram[k + 1:]) + put(count)
        previous = gram
    body += put(0)
assert removed == (1 if drop or mode == "wrap" else 0), "no such n-gram"
open(dst, "wb").write(head + body + b"\0" * 8)
PY
  reseal_trailing "$2"
}

count_file_contexts() {
  # "of the" is the context of trigrams of the fixture's corpus ("of the world", ...).
  grep -q 'of the ' "$F/corpus.txt" || fail "the fixture's corpus has no 'of the'"
  rewrite_counts "$F/corpus.counts" "$T/no-context.counts" drop of the
  local method extra
  for method in mkn kn wb abs katz addk stupid; do
    extra=()
    if [ "$method" = mkn ] || [ "$method" = kn ]; then extra=(--discount-fallback); fi
    expect_error 1 'no-context\.counts: corrupt count file: the [23]-grams do not agree with the [12]-grams' -- \
      "$G" lm train --counts "$T/no-context.counts" -o "$T/o/m.arpa" --smoothing "$method" "${extra[@]}" -q
    assert_no_file "$T/o/m.arpa" "a failed lm train --counts ($method) wrote a model"
  done
  expect_error 1 'no-context\.counts: corrupt count file: the [23]-grams do not agree' -- \
    "$G" lm train --counts "$T/no-context.counts" -o "$T/o/m.arpa" --memory 4M -q
  expect_error 1 'no-context\.counts: corrupt count file: the [23]-grams do not agree' -- \
    "$G" lm merge "$F/corpus.counts" "$T/no-context.counts" -o "$T/o/merged.counts"
  assert_no_file "$T/o/merged.counts" "a failed merge wrote a count file"

  # A removed bigram that is a suffix only ("the world" of "of the world"): the same.
  rewrite_counts "$F/corpus.counts" "$T/no-suffix.counts" drop the world
  expect_error 1 'no-suffix\.counts: corrupt count file: the [23]-grams do not agree' -- \
    "$G" lm train --counts "$T/no-suffix.counts" -o "$T/o/m.arpa" --discount-fallback -q

  # Removing nothing and resealing gives a file that trains as before.
  rewrite_counts "$F/corpus.counts" "$T/same.counts" drop
  cmp -s "$T/same.counts" "$F/corpus.counts" || fail "rewriting the count file changed it"
  expect_ok "$G" lm train --counts "$T/same.counts" -o "$T/o/m.arpa" --discount-fallback -q
}

# Counts that wrap around 2^64 keep the context and suffix sums (taken modulo 2^64) balanced; the
# reader must still refuse them, or a model is estimated from a count of 2^64 - 1.
count_file_wrap() {
  expect_ok "$G" lm count "$F/corpus.txt" -o "$T/two.counts" --order 2 --threads 1 -q
  rewrite_counts "$T/two.counts" "$T/wrapped.counts" wrap
  local message="wrapped\\.counts: corrupt count file: counts that add up to more than the 1-grams' counts in the 2-grams"
  expect_error 1 "$message" -- "$G" lm train --counts "$T/wrapped.counts" -o "$T/o/wrapped.arpa" --smoothing wb -q
  assert_no_file "$T/o/wrapped.arpa" "lm train --counts wrote a model from wrapped counts"
  expect_error 1 "$message" -- "$G" lm train --counts "$T/wrapped.counts" -o "$T/o/wrapped.arpa" --smoothing wb --memory 4M -q
  expect_error 1 "$message" -- "$G" lm merge "$T/two.counts" "$T/wrapped.counts" -o "$T/o/merged.counts"
  assert_no_file "$T/o/merged.counts" "a failed merge wrote a count file"
}

check "binary models with impossible sizes" binary_model_sizes
check "count files with a context or suffix removed" count_file_contexts
check "count files whose counts wrap around 2^64" count_file_wrap
finish "crafted files are refused with one line and exit code 1"
