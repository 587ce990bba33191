#!/usr/bin/env bash
# lm train --memory on PTB (../shared/data/ptb), order 5 at --memory 16M: the same ARPA file, byte
# for byte, as estimation in memory, from plain, xz-compressed and merged-shard input (four parts
# counted and merged); no temporary file is left. Skipped (exit 77) without the shared data.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

PTB="$SHARED/ptb"
[ -f "$PTB/ptb.train.txt" ] || skip "PTB not found at $PTB (set GRAMVEC_SHARED_DATA_DIR to the shared data directory)"
require_cmd xz "the compressed-input check needs it"
require_cmd split "it splits the corpus into parts"
mkdir -p "$T/spill"

# same_file A B: byte-identical files.
same_file() {
  cmp -s "$1" "$2" || fail "$1 and $2 differ: $(diff "$1" "$2" | head -n 4 | tr '\n' ' ')"
}

expect_ok "$G" lm train "$PTB/ptb.train.txt" -o "$T/ptb.mem.arpa" --order 5 --tokenizer space -q
expect_ok "$G" lm train "$PTB/ptb.train.txt" -o "$T/ptb.16m.arpa" --order 5 --tokenizer space \
  --memory 16M --temp-dir "$T/spill" -q
same_file "$T/ptb.mem.arpa" "$T/ptb.16m.arpa"
xz -T1 -1 -c "$PTB/ptb.train.txt" >"$T/ptb.train.txt.xz"
expect_ok "$G" lm train "$T/ptb.train.txt.xz" -o "$T/ptb.xz.arpa" --order 5 --tokenizer space --memory 16M -q
same_file "$T/ptb.mem.arpa" "$T/ptb.xz.arpa"
split -n l/4 -d "$PTB/ptb.train.txt" "$T/ptbpart."
shards=()
for part in "$T"/ptbpart.0?; do
  expect_ok "$G" lm count "$part" -o "$part.counts" --order 5 --tokenizer space -q
  shards+=("$part.counts")
done
expect_ok "$G" lm merge "${shards[@]}" -o "$T/ptb.merged.counts" -q
expect_ok "$G" lm train --counts "$T/ptb.merged.counts" -o "$T/ptb.shards.arpa" -q
same_file "$T/ptb.mem.arpa" "$T/ptb.shards.arpa"
expect_ok "$G" lm train --counts "$T/ptb.merged.counts" -o "$T/ptb.shards16m.arpa" --memory 16M -q
same_file "$T/ptb.mem.arpa" "$T/ptb.shards16m.arpa"
[ -z "$(ls -A "$T/spill")" ] || fail "temporary files left in --temp-dir: $(ls -A "$T/spill" | head -3)"
note "PTB order 5 at --memory 16M: the same model from plain, xz and merged-shard input"
