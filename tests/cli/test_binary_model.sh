#!/usr/bin/env bash
# Binary models (lm convert, lm train -o MODEL.gvlm), hash and trie layouts: every lm command
# takes them by content, they score exactly as the ARPA model they came from (a trie quantized
# with --quantize 8 within tolerance), and damaged files get a one-line error. (On PTB:
# test_binary_model_ptb.sh.)
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

head -n 3000 "$DATA/en-speeches.txt" >"$T/train.txt"
sed -n '3001,3200p' "$DATA/en-speeches.txt" >"$T/test.txt"

conversion() {
  expect_ok "$G" lm train "$T/train.txt" --order 4 -o "$T/m.arpa" --quiet
  expect_ok "$G" lm convert "$T/m.arpa" -o "$T/m.gvlm" --json
  assert_eq "$(json_get "$T/out" layout)" "hash" "convert --json names the layout"
  expect_ok "$G" lm train "$T/train.txt" --order 4 -o "$T/direct.gvlm" --quiet
  cmp -s "$T/m.gvlm" "$T/direct.gvlm" || fail "lm train -o .gvlm differs from lm convert of the ARPA model"
  # By content, not by name: a binary model called .arpa and an ARPA model called .gvlm.
  cp "$T/m.gvlm" "$T/binary-named.arpa"
  cp "$T/m.arpa" "$T/text-named.gvlm"
  for model in m.arpa m.gvlm binary-named.arpa text-named.gvlm; do
    expect_ok "$G" lm eval -m "$T/$model" "$T/test.txt" --json
    cp "$T/out" "$T/eval-$model.json"
    expect_ok "$G" lm score -m "$T/$model" --per-word "$T/test.txt"
    cp "$T/out" "$T/score-$model.txt"
  done
  for model in m.gvlm binary-named.arpa text-named.gvlm; do
    cmp -s "$T/eval-m.arpa.json" "$T/eval-$model.json" || fail "lm eval on $model differs from the ARPA model"
    cmp -s "$T/score-m.arpa.txt" "$T/score-$model.txt" || fail "lm score --per-word on $model differs"
  done
  # Scoring threads change nothing (batches are added up in input order), from a file or stdin.
  for threads in 1 2 3; do
    expect_ok "$G" lm eval -m "$T/m.gvlm" "$T/test.txt" --json --threads "$threads"
    cmp -s "$T/eval-m.arpa.json" "$T/out" || fail "lm eval --threads $threads differs"
    expect_ok "$G" lm eval -m "$T/m.gvlm" - --json --threads "$threads" <"$T/test.txt"
    cmp -s "$T/eval-m.arpa.json" "$T/out" || fail "lm eval --threads $threads from stdin differs"
  done
  expect_usage_error 'threads' -- "$G" lm eval -m "$T/m.gvlm" "$T/test.txt" --threads -1
  # stdin and stdout.
  expect_ok "$G" lm eval -m - "$T/test.txt" --json <"$T/m.gvlm"
  cmp -s "$T/eval-m.arpa.json" "$T/out" || fail "a binary model read from stdin scores differently"
  run "$G" lm convert "$T/m.arpa" -o - --quiet
  cmp -s "$T/out" "$T/m.gvlm" || fail "lm convert -o - differs from the file output"
  # generate samples the same sentences.
  expect_ok "$G" lm generate -m "$T/m.arpa" -n 5 --seed 3
  cp "$T/out" "$T/gen-arpa.txt"
  expect_ok "$G" lm generate -m "$T/m.gvlm" -n 5 --seed 3
  cmp -s "$T/gen-arpa.txt" "$T/out" || fail "lm generate differs between ARPA and binary"
  # Converting a binary model again gives the same file.
  expect_ok "$G" lm convert "$T/m.gvlm" -o "$T/again.gvlm" --quiet
  cmp -s "$T/m.gvlm" "$T/again.gvlm" || fail "converting a binary model again changed it"
  assert_no_tmp_files "$T"
}

# The trie layout scores as the ARPA model, word by word; quantized, within tolerance.
trie() {
  expect_ok "$G" lm train "$T/train.txt" --order 4 -o "$T/m.arpa" --quiet
  expect_ok "$G" lm score -m "$T/m.arpa" --per-word "$T/test.txt"
  cp "$T/out" "$T/score-arpa.txt"
  expect_ok "$G" lm eval -m "$T/m.arpa" "$T/test.txt" --json
  cp "$T/out" "$T/eval-arpa.json"
  expect_ok "$G" lm convert "$T/m.arpa" -o "$T/t.gvlm" --layout trie --json
  assert_eq "$(json_get "$T/out" layout)" "trie" "convert --json names the layout"
  expect_ok "$G" lm train "$T/train.txt" --order 4 -o "$T/direct.gvlm" --layout trie --quiet
  cmp -s "$T/t.gvlm" "$T/direct.gvlm" || fail "lm train --layout trie differs from lm convert --layout trie"
  expect_ok "$G" lm score -m "$T/t.gvlm" --per-word "$T/test.txt"
  cmp -s "$T/score-arpa.txt" "$T/out" || fail "lm score --per-word on the trie differs from the ARPA model"
  expect_ok "$G" lm eval -m "$T/t.gvlm" "$T/test.txt" --json
  cmp -s "$T/eval-arpa.json" "$T/out" || fail "lm eval on the trie differs from the ARPA model"
  expect_ok "$G" lm eval -m - "$T/test.txt" --json <"$T/t.gvlm"
  cmp -s "$T/eval-arpa.json" "$T/out" || fail "a trie read from stdin scores differently"
  expect_ok "$G" lm generate -m "$T/m.arpa" -n 5 --seed 3
  cp "$T/out" "$T/gen-arpa.txt"
  expect_ok "$G" lm generate -m "$T/t.gvlm" -n 5 --seed 3
  cmp -s "$T/gen-arpa.txt" "$T/out" || fail "lm generate differs between ARPA and trie"
  expect_ok "$G" lm convert "$T/t.gvlm" -o "$T/again.gvlm" --layout trie --quiet
  cmp -s "$T/t.gvlm" "$T/again.gvlm" || fail "converting a trie again changed it"
  local hash_size trie_size quantized_size
  expect_ok "$G" lm convert "$T/m.arpa" -o "$T/h.gvlm" --quiet
  hash_size=$(stat -c %s "$T/h.gvlm")
  trie_size=$(stat -c %s "$T/t.gvlm")
  [ "$trie_size" -lt $((hash_size / 2)) ] ||
    fail "the trie ($trie_size bytes) is not under half the hash layout ($hash_size)"

  # --quantize 8: smaller, and perplexity within 1e-2 relative of the ARPA model's (the
  # tolerance asked of quantization; PTB order 5 is off by 1e-4), each word within 0.1 in log10.
  expect_ok "$G" lm train "$T/train.txt" --order 4 -o "$T/q.gvlm" --layout trie --quantize 8 --quiet
  quantized_size=$(stat -c %s "$T/q.gvlm")
  [ "$quantized_size" -lt "$trie_size" ] || fail "--quantize 8 ($quantized_size bytes) is not smaller than the trie"
  expect_ok "$G" lm eval -m "$T/q.gvlm" "$T/test.txt" --json
  assert_num "abs($(json_get "$T/out" perplexity) / $(json_get "$T/eval-arpa.json" perplexity) - 1) < 0.01" \
    "quantized perplexity within 1e-2 relative"
  expect_ok "$G" lm score -m "$T/q.gvlm" --per-word "$T/test.txt"
  local worst
  worst=$(paste <(tr '\t' '\n' <"$T/score-arpa.txt") <(tr '\t' '\n' <"$T/out") |
    awk -F'\t' '$1 ~ /=[0-9]+ / { split($1, a, " "); split($2, b, " "); d = a[2] - b[2]; if (d < 0) d = -d;
                                   if (d > worst) worst = d } END { print worst + 0 }')
  assert_num "$worst < 0.1 && $worst > 0" "quantized per-word log10 probabilities within 0.1 (worst $worst)"
  expect_ok "$G" lm convert "$T/m.arpa" -o "$T/q2.gvlm" --layout trie --quantize 8 --json
  assert_eq "$(json_get "$T/out" quantize)" "8" "convert --json gives the quantization"
  cmp -s "$T/q.gvlm" "$T/q2.gvlm" || fail "lm train --quantize 8 differs from lm convert --quantize 8"

  # Options and conversions that cannot be.
  expect_usage_error "--quantize: needs --layout trie" -- "$G" lm convert "$T/m.arpa" -o "$T/x.gvlm" --quantize 8
  expect_usage_error "--quantize: needs --layout trie" -- \
    "$G" lm train "$T/train.txt" --order 2 -o "$T/x.gvlm" --quantize 8
  expect_usage_error "--quantize: '17' is not a number of bits from 1 to 16" -- \
    "$G" lm convert "$T/m.arpa" -o "$T/x.gvlm" --layout trie --quantize 17
  expect_usage_error "--quantize: '0' is not a number of bits" -- \
    "$G" lm convert "$T/m.arpa" -o "$T/x.gvlm" --layout trie --quantize 0
  expect_error 1 "h.gvlm: the binary model has the hash layout and cannot be converted to the trie layout" -- \
    "$G" lm convert "$T/h.gvlm" -o "$T/x.gvlm" --layout trie
  expect_error 1 "t.gvlm: the binary model has the trie layout and cannot be converted to the hash layout" -- \
    "$G" lm convert "$T/t.gvlm" -o "$T/x.gvlm"
  expect_error 1 "cannot be converted to the trie layout quantized to 8 bits" -- \
    "$G" lm convert "$T/t.gvlm" -o "$T/x.gvlm" --layout trie --quantize 8
  assert_no_file "$T/x.gvlm"

  # Damaged tries.
  local size
  size=$(stat -c %s "$T/t.gvlm")
  head -c $((size - 100)) "$T/t.gvlm" >"$T/truncated.gvlm"
  expect_error 1 "truncated.gvlm: truncated gramvec binary model" -- \
    "$G" lm eval -m "$T/truncated.gvlm" "$T/test.txt"
  cp "$T/t.gvlm" "$T/flipped.gvlm"
  printf '\x55' | dd of="$T/flipped.gvlm" bs=1 seek=$((size / 2)) conv=notrunc status=none
  expect_error 1 "flipped.gvlm: corrupt gramvec binary model: checksum" -- \
    "$G" lm score -m "$T/flipped.gvlm" "$T/test.txt"
  assert_no_tmp_files "$T"
}

# lm train -o MODEL.gvlm builds the binary model from the estimated n-grams, without ARPA text in
# between: the file must equal converting the ARPA model, for every smoothing method and layout,
# in memory and in bounded memory, and no temporary file is left in the output directory.
direct_binary() {
  mkdir -p "$T/direct"
  for method in mkn kn wb abs katz addk stupid; do
    expect_ok "$G" lm train "$T/train.txt" --order 3 --smoothing "$method" --discount-fallback -o "$T/direct/$method.arpa" -q
    for layout in hash trie trie-q8; do
      local options=(--layout "${layout%-q8}")
      [ "$layout" = trie-q8 ] && options+=(--quantize 8)
      expect_ok "$G" lm convert "$T/direct/$method.arpa" -o "$T/direct/converted.gvlm" "${options[@]}" -q
      for memory in "" 4M; do
        local bounded=()
        [ -n "$memory" ] && bounded=(--memory "$memory")
        expect_ok "$G" lm train "$T/train.txt" --order 3 --smoothing "$method" --discount-fallback \
          -o "$T/direct/trained.gvlm" "${options[@]}" "${bounded[@]}" -q
        cmp -s "$T/direct/converted.gvlm" "$T/direct/trained.gvlm" ||
          fail "lm train -o .gvlm ($method, $layout, memory '${memory:-unbounded}') differs from lm convert"
      done
    done
  done
  assert_eq "$(ls -A "$T/direct" | grep -v -E '^[a-z]+\.arpa$|^(converted|trained)\.gvlm$')" "" \
    "nothing but the models in the output directory"
}

damaged() {
  expect_ok "$G" lm train "$T/train.txt" --order 3 -o "$T/good.gvlm" --quiet
  local size
  size=$(stat -c %s "$T/good.gvlm")
  head -c $((size - 1000)) "$T/good.gvlm" >"$T/truncated.gvlm"
  expect_error 1 "truncated.gvlm: truncated gramvec binary model" -- "$G" lm eval -m "$T/truncated.gvlm" "$T/test.txt"
  cp "$T/good.gvlm" "$T/flipped.gvlm"
  printf '\x55' | dd of="$T/flipped.gvlm" bs=1 seek=$((size / 2)) conv=notrunc status=none
  expect_error 1 "flipped.gvlm: corrupt gramvec binary model: checksum" -- "$G" lm score -m "$T/flipped.gvlm" "$T/test.txt"
  cp "$T/good.gvlm" "$T/newer.gvlm"
  printf '\x09' | dd of="$T/newer.gvlm" bs=1 seek=8 conv=notrunc status=none
  expect_error 1 "newer.gvlm: binary model format version 9 is newer" -- "$G" lm eval -m "$T/newer.gvlm" "$T/test.txt"
  head -c 5000 /bin/sh >"$T/foreign.gvlm"
  expect_error 1 "foreign.gvlm: not an ARPA language model \(the file holds binary data\)" -- \
    "$G" lm eval -m "$T/foreign.gvlm" "$T/test.txt"
  # A failed conversion leaves no output file behind.
  expect_error 1 "truncated" -- "$G" lm convert "$T/truncated.gvlm" -o "$T/out.gvlm"
  assert_no_file "$T/out.gvlm"
  expect_usage_error "unknown --layout 'tree' \(expected hash or trie\)" -- \
    "$G" lm convert "$T/good.gvlm" -o "$T/out.gvlm" --layout tree
  expect_usage_error "unknown --layout" -- "$G" lm train "$T/train.txt" --order 2 -o "$T/out.gvlm" --layout tree
  assert_no_file "$T/out.gvlm"
  assert_no_tmp_files "$T"
}

check "conversion and identical scores" conversion
check "trie layout and quantization" trie
check "lm train -o .gvlm equals lm convert" direct_binary
check "damaged files" damaged
finish
