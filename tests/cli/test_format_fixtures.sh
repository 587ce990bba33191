#!/usr/bin/env bash
# The committed format fixtures (tests/fixtures/formats/, written by an earlier build with
# scripts/make-format-fixtures.sh) through the command line: lm score and lm eval on the two binary
# models, and on the model lm train --counts estimates from the count file, give the stored
# figures; w2v train --resume takes the training state. Run from an unrelated working directory,
# with absolute paths. tests/unit/test_format_fixtures.cpp checks the same files through the
# library, word by word.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

F="$FIXTURES/formats"
[ -f "$F/expected_scores.tsv" ] || fail "no fixtures in $F"
cd "$T" || fail "cannot cd to $T"

# compare_scores MODEL JSON-LINES TOLERANCE: lm score --per-word --json output against the
# stored rows of MODEL: the tokens, orders and OOV flags exactly, the numbers to TOLERANCE (0 for
# a binary model: the floats it holds are printed exactly).
compare_scores() {
  python3 - "$F/expected_scores.tsv" "$1" "$2" "$3" <<'EOF' || fail "lm score on the $1 fixture differs from expected_scores.tsv"
import json, sys
tsv, model, scored, tolerance = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
sentences = {}
words = {}
for line in open(tsv, encoding="utf-8"):
    row = line.rstrip("\n").split("\t")
    if row[0].startswith("#") or row[1] != model:
        continue
    if row[0] == "sentence":
        sentences[int(row[2])] = (float(row[3]), int(row[4]), row[5].split(" "))
    else:
        words.setdefault(int(row[2]), []).append((row[4], float(row[5]), int(row[6]), row[7] == "1"))
got = [json.loads(line) for line in open(scored, encoding="utf-8")]
problems = []
if len(got) != len(sentences):
    problems.append(f"{len(got)} sentences scored, {len(sentences)} stored")
for s in got:
    log10prob, oovs, tokens = sentences[s["line"]]
    if abs(s["log10prob"] - log10prob) > tolerance or s["oovs"] != oovs or s["tokens"] != tokens:
        problems.append(f"line {s['line']}: {s['log10prob']} {s['oovs']} {s['tokens']}, stored {log10prob} {oovs} {tokens}")
    for w, (token, p, order, oov) in zip(s["words"], words[s["line"]]):
        if w["token"] != token or abs(w["log10prob"] - p) > tolerance or w["order"] != order or w["oov"] != oov:
            problems.append(f"line {s['line']} {token}: {w}, stored {p} order {order} oov {oov}")
for p in problems[:10]:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
}

# The sum of the stored sentence log10 probabilities of MODEL.
stored_total() {
  awk -F'\t' -v m="$1" '$1 == "sentence" && $2 == m { s += $4 } END { printf "%.6f", s }' "$F/expected_scores.tsv"
}

binary_models() {
  local name file
  for name in hash trie-q8; do
    file="$F/model-$name.gvlm"
    expect_ok "$G" lm score -m "$file" --per-word --json "$F/sentences.txt"
    cp "$T/out" "$T/score-$name.json"
    compare_scores "$name" "$T/score-$name.json" 0
    # Tokenized as the model's header says, from stdin too.
    expect_ok "$G" lm score -m "$file" --per-word --json <"$F/sentences.txt"
    cmp -s "$T/out" "$T/score-$name.json" || fail "lm score of $name differs between a file and stdin"
    expect_ok "$G" lm eval -m "$file" "$F/sentences.txt" --json --threads 1
    assert_num "abs($(json_get "$T/out" log10prob) - ($(stored_total "$name"))) < 1e-4" "lm eval total of $name"
    assert_eq "$(json_get "$T/out" sentences)" "$(awk -F'\t' -v m="$name" '$1 == "sentence" && $2 == m' "$F/expected_scores.tsv" | wc -l)" "lm eval sentences of $name"
  done
}

count_file() {
  expect_ok "$G" lm train --counts "$F/corpus.counts" -o "$T/counts.arpa" --discount-fallback --quiet
  assert_eq "$(arpa_counts "$T/counts.arpa")" "$(awk -F'\t' '$1 == "model_ngrams" { printf "%s%s", sep, $3; sep = " " }' "$F/expected_counts.tsv")" "n-grams of the model from corpus.counts"
  expect_ok "$G" lm score -m "$T/counts.arpa" --per-word --json "$F/sentences.txt"
  cp "$T/out" "$T/score-counts.json"
  compare_scores counts "$T/score-counts.json" 1e-4
  # The same counts as the count file, recounted from the fixture's corpus.
  expect_ok "$G" lm count "$F/corpus.txt" -o "$T/recount.counts" --order 3 --threads 1 --quiet
  cmp -s "$T/recount.counts" "$F/corpus.counts" || fail "lm count of corpus.txt differs from corpus.counts"
}

training_state() {
  expect_ok "$G" w2v train "$F/corpus.txt" -o "$T/resumed.txt" --resume "$F/training.state" --epochs 3 --threads 1 --quiet
  local vocabulary dim
  vocabulary=$(awk -F'\t' '$1 == "vocabulary" { print $2 }' "$F/expected_state.tsv")
  dim=$(awk -F'\t' '$1 == "dim" { print $2 }' "$F/expected_state.tsv")
  assert_eq "$(head -n 1 "$T/resumed.txt")" "$vocabulary $dim" "the header of the vectors resumed from training.state"
  assert_no_tmp_files "$T"
}

# Every format's checksum is XXH3-64, which xxHash's own xxhsum (Debian's xxhash) verifies: the
# binary model's body checksum (header offset 312) is that of the bytes after the 512-byte
# header; a training state's last 8 bytes are that of the bytes before them; a count file's
# last 8 bytes are that of the bytes before them.
u64_at() { od -An -tx8 -j "$2" -N 8 "$1" | tr -d ' '; }
xxh3() { xxhsum -H3 - | sed 's/.* = //'; }
checksums() {
  command -v xxhsum >/dev/null || fail "xxhsum (Debian's xxhash) is not installed"
  assert_eq "$(tail -c +513 "$F/model-hash.gvlm" | xxh3)" "$(u64_at "$F/model-hash.gvlm" 312)" "the .gvlm body checksum"
  assert_eq "$(tail -c +513 "$F/model-trie-q8.gvlm" | xxh3)" "$(u64_at "$F/model-trie-q8.gvlm" 312)" "the trie's body checksum"
  local size
  for file in training.state corpus.counts; do
    size=$(stat -c %s "$F/$file")
    assert_eq "$(head -c -8 "$F/$file" | xxh3)" "$(u64_at "$F/$file" $((size - 8)))" "the checksum of $file"
  done
}

check "binary models" binary_models
check "checksums are XXH3-64" checksums
check "count file" count_file
check "training state" training_state
finish "the format fixtures give the stored figures"
