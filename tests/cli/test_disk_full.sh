#!/usr/bin/env bash
# A full disk: outputs, training states, sort files and decompressed copies written to a 1 MB
# tmpfs fail with exit 1 and one clear error line, and leave nothing there but the file that was
# there before, unchanged. A read-only file system is found before the input is read. Needs root
# (mount); skipped otherwise.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

[ "$(id -u)" -eq 0 ] || skip "mounting a small tmpfs needs root"
[ -f "$DATA/en-speeches.txt" ] || fail "bundled corpus $DATA/en-speeches.txt is missing"
mkdir "$T/full" "$T/ro"
trap 'umount "$T/full" "$T/ro" 2>/dev/null; rm -rf "$T"' EXIT
mount -t tmpfs -o size=1M,mode=0755 gramvec-test "$T/full" 2>/dev/null || skip "cannot mount a tmpfs here"
mount -t tmpfs -o ro,size=64k,mode=0755 gramvec-test "$T/ro" 2>/dev/null || skip "cannot mount a read-only tmpfs here"

CORPUS="$DATA/en-speeches.txt"
gzip -1 <"$CORPUS" >"$T/corpus.txt.gz"
expect_ok "$G" lm train "$CORPUS" -o "$T/model.arpa" --order 3 -q
expect_ok "$G" lm count "$CORPUS" -o "$T/corpus.counts" --order 5 -q
# Half the space taken by an earlier output, which must survive every failure.
head -c 500000 /dev/urandom >"$T/full/previous"
PREVIOUS=$(md5sum <"$T/full/previous")

# disk_full COMMAND...: fails with exit 1 for want of space, leaving nothing behind.
disk_full() {
  expect_error 1 "No space left on device|is free" -- "$@"
  assert_eq "$(ls -A "$T/full")" previous "files left on the full disk"
  assert_eq "$(md5sum <"$T/full/previous")" "$PREVIOUS" "the file already on the full disk changed"
  assert_no_tmp_files "$T"
}

full() {
  disk_full "$G" lm train "$CORPUS" -o "$T/full/model.arpa" --order 3
  disk_full "$G" lm train "$CORPUS" -o "$T/full/model.gvlm" --order 3
  disk_full "$G" lm train "$CORPUS" -o "$T/full/model.arpa" --order 3 --memory 64M
  disk_full "$G" lm train "$CORPUS" -o "$T/model2.arpa" --order 3 --memory 64M --temp-dir "$T/full"
  assert_no_file "$T/model2.arpa"
  disk_full "$G" tokenize "$CORPUS" -o "$T/full/tokens.txt"
  disk_full "$G" lm count "$CORPUS" -o "$T/full/corpus.counts" --order 5
  disk_full "$G" lm merge "$T/corpus.counts" "$T/corpus.counts" -o "$T/full/merged.counts"
  disk_full "$G" lm convert "$T/model.arpa" -o "$T/full/model.gvlm"
  disk_full "$G" w2v train "$CORPUS" -o "$T/full/vectors.bin" --dim 100 --epochs 1
  disk_full "$G" w2v train "$CORPUS" -o "$T/vectors.bin" --save-state "$T/full/state" --dim 100 --epochs 1
  assert_no_file "$T/vectors.bin"
  # A compressed corpus is copied to $TMPDIR for w2v train.
  TMPDIR="$T/full" disk_full "$G" w2v train "$T/corpus.txt.gz" -o "$T/vectors.bin" --dim 8 --epochs 1
  assert_no_file "$T/vectors.bin"
}
check "a full disk fails with one error and leaves nothing behind" full

read_only() {
  mkfifo "$T/fifo"
  # The FIFO is never written to: a command that read it first would hang (timeout: exit 124).
  expect_error 1 "ro/model.arpa: cannot write in .*ro: Read-only file system" -- \
    timeout 60 "$G" lm train "$T/fifo" -o "$T/ro/model.arpa" --order 3
  expect_error 1 "ro/vectors.bin: cannot write in .*ro: Read-only file system" -- \
    timeout 60 "$G" w2v train "$T/fifo" -o "$T/ro/vectors.bin"
  expect_error 1 "ro: not a writable directory \(Read-only file system\)" -- \
    timeout 60 "$G" lm train "$T/fifo" -o "$T/model3.arpa" --order 3 --memory 64M --temp-dir "$T/ro"
  rm -f "$T/fifo"
}
check "a read-only file system is found before the input is read" read_only

finish
