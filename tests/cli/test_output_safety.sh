#!/usr/bin/env bash
# Outputs that would destroy data or fail late: an output that is one of the command's inputs
# (by name, hard link or symbolic link) or another of its outputs is a usage error (exit 2)
# before any work, and the input is unchanged; an output whose directory is missing or cannot be
# written in fails (exit 1, naming the path) before the corpus is read; a replaced output keeps
# its mode and a new one gets 0666 less the umask.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

[ -f "$DATA/en-speeches.txt" ] || fail "bundled corpus $DATA/en-speeches.txt is missing"
head -n 300 "$DATA/en-speeches.txt" >"$T/corpus.txt"
W2V_OPTIONS=(--dim 8 --epochs 1 --threads 1 -q)
expect_ok "$G" lm train "$T/corpus.txt" -o "$T/model.arpa" --order 2 -q
expect_ok "$G" lm count "$T/corpus.txt" -o "$T/corpus.counts" --order 2 -q
expect_ok "$G" vocab "$T/corpus.txt" -o "$T/corpus.vocab" -q
expect_ok "$G" w2v train "$T/corpus.txt" -o "$T/vectors.bin" --save-state "$T/corpus.state" "${W2V_OPTIONS[@]}"

# refused NAME VIA COMMAND...: in COMMAND, the word @IN@ stands for the file $T/w/NAME and @OUT@
# for the same file reached VIA "path" (the same name), "hard" (a hard link) or "soft" (a
# symbolic link). The command must be refused as a usage error naming the output, and the file
# must be unchanged.
refused() {
  local name=$1 via=$2
  shift 2
  rm -rf "$T/w"
  mkdir "$T/w"
  cp "$T/$name" "$T/w/$name"
  local in="$T/w/$name" out
  case $via in
    path) out=$in ;;
    hard) out="$T/w/hard-$name"; ln "$in" "$out" ;;
    soft) out="$T/w/soft-$name"; ln -s "$name" "$out" ;;
  esac
  local before args=() word
  before=$(md5sum <"$in")
  for word in "$@"; do
    word=${word//@IN@/$in}
    args+=("${word//@OUT@/$out}")
  done
  expect_usage_error "same file" -- "${args[@]}"
  assert_eq "$(md5sum <"$in")" "$before" "the input of a refused command ($via) changed"
  assert_no_tmp_files "$T/w"
}

same_file_refused() {
  local via
  for via in path hard soft; do
    refused corpus.txt "$via" "$G" lm train @IN@ -o @OUT@ --order 2
    refused corpus.txt "$via" "$G" lm train @IN@ -o @OUT@ --order 2 --memory 100M
    refused corpus.txt "$via" "$G" tokenize @IN@ -o @OUT@
    refused corpus.txt "$via" "$G" vocab @IN@ -o @OUT@
    refused corpus.txt "$via" "$G" lm count @IN@ -o @OUT@ --order 2
    refused corpus.txt "$via" "$G" w2v train @IN@ -o @OUT@ "${W2V_OPTIONS[@]}"
    refused corpus.txt "$via" "$G" w2v train @IN@ -o "$T/w/v.bin" --save-state @OUT@ "${W2V_OPTIONS[@]}"
    refused model.arpa "$via" "$G" lm convert @IN@ -o @OUT@
    refused corpus.counts "$via" "$G" lm merge @IN@ @IN@ -o @OUT@
    refused corpus.counts "$via" "$G" lm train --counts @IN@ -o @OUT@
    refused corpus.vocab "$via" "$G" lm train "$T/corpus.txt" --vocab @IN@ -o @OUT@ --order 2
    refused corpus.state "$via" "$G" w2v train "$T/corpus.txt" --resume @IN@ -o @OUT@ --epochs 2 -q
    # Two outputs that are one file: the state would replace the vectors or the other way round.
    refused vectors.bin "$via" "$G" w2v train "$T/corpus.txt" -o @IN@ --save-state @OUT@ "${W2V_OPTIONS[@]}"
  done
  # The input as stdin.
  cp "$T/corpus.txt" "$T/w/stdin.txt"
  _gv_describe "$G" tokenize -o stdin.txt "<" stdin.txt
  RC=0
  "$G" tokenize -o "$T/w/stdin.txt" <"$T/w/stdin.txt" >"$T/out" 2>"$T/err" || RC=$?
  assert_eq "$RC" 2 "tokenize -o FILE < FILE"
  cmp -s "$T/w/stdin.txt" "$T/corpus.txt" || fail "tokenize -o FILE < FILE changed the file"
}
check "an output that is an input is refused, the input unchanged" same_file_refused

allowed() {
  # Saving the state where training resumed from is how training goes on.
  cp "$T/corpus.state" "$T/w2.state"
  expect_ok "$G" w2v train "$T/corpus.txt" -o "$T/w2.bin" --resume "$T/w2.state" --save-state "$T/w2.state" \
    --epochs 2 -q
  # Devices and stdout are never the same file as an input.
  expect_ok "$G" lm train "$T/corpus.txt" -o /dev/null --order 2 -q
  expect_ok "$G" tokenize "$T/corpus.txt" -o -
  expect_ok "$G" w2v train "$T/corpus.txt" -o /dev/null --save-state /dev/null "${W2V_OPTIONS[@]}"
}
check "resuming into the same state, /dev/null and stdout are allowed" allowed

# fails_fast PATTERN COMMAND...: the command, whose input is a FIFO nobody writes to, must fail
# with exit 1 and an error matching PATTERN without opening its input (it would block, and
# timeout would end it with 124).
fails_fast() {
  local pattern=$1
  shift
  expect_error 1 "$pattern" -- timeout 60 "$@"
  assert_no_tmp_files "$T"
}

location() {
  rm -f "$T/fifo"
  mkfifo "$T/fifo"
  printf 'not a directory\n' >"$T/plain"
  local missing="nosuch/out: cannot write in .*nosuch: No such file or directory"
  fails_fast "$missing" "$G" lm train "$T/fifo" -o "$T/nosuch/out" --order 2
  fails_fast "$missing" "$G" lm train "$T/fifo" -o "$T/nosuch/out" --order 2 --memory 100M
  fails_fast "$missing" "$G" tokenize "$T/fifo" -o "$T/nosuch/out"
  fails_fast "$missing" "$G" vocab "$T/fifo" -o "$T/nosuch/out"
  fails_fast "$missing" "$G" lm count "$T/fifo" -o "$T/nosuch/out" --order 2
  fails_fast "$missing" "$G" lm merge "$T/fifo" -o "$T/nosuch/out"
  fails_fast "$missing" "$G" lm convert "$T/fifo" -o "$T/nosuch/out"
  fails_fast "$missing" "$G" w2v train "$T/fifo" -o "$T/nosuch/out" "${W2V_OPTIONS[@]}"
  fails_fast "nosuch/out: cannot write" "$G" w2v train "$T/fifo" -o "$T/v.bin" --save-state "$T/nosuch/out" \
    "${W2V_OPTIONS[@]}"
  fails_fast "plain/out: .*plain is not a directory|Not a directory" "$G" lm train "$T/fifo" -o "$T/plain/out" --order 2
  fails_fast "is a directory" "$G" lm train "$T/fifo" -o "$T" --order 2
  fails_fast "--temp-dir .*nosuch: not a writable directory \\(No such file" "$G" lm train "$T/fifo" -o "$T/m.arpa" --order 2 \
    --memory 100M --temp-dir "$T/nosuch"
  # A directory without write permission (root may write anywhere: test_disk_full.sh checks a
  # read-only file system instead).
  if [ "$(id -u)" -ne 0 ]; then
    mkdir -p "$T/locked"
    chmod 555 "$T/locked"
    fails_fast "locked/out: cannot write in .*locked: Permission denied" "$G" lm train "$T/fifo" -o "$T/locked/out" --order 2
    fails_fast "locked/out: cannot write" "$G" w2v train "$T/fifo" -o "$T/locked/out" "${W2V_OPTIONS[@]}"
    chmod 755 "$T/locked"
  fi
  rm -f "$T/fifo" "$T/plain"
}
check "a missing or unwritable output directory fails before the input is read" location

modes() {
  mkdir -p "$T/m"
  printf 'old\n' >"$T/m/model.arpa"
  chmod 640 "$T/m/model.arpa"
  printf 'old\n' >"$T/m/tokens.txt"
  chmod 604 "$T/m/tokens.txt"
  expect_ok "$G" lm train "$T/corpus.txt" -o "$T/m/model.arpa" --order 2 -q
  expect_ok "$G" tokenize "$T/corpus.txt" -o "$T/m/tokens.txt"
  assert_eq "$(stat -c %a "$T/m/model.arpa")" 640 "mode of a replaced model"
  assert_eq "$(stat -c %a "$T/m/tokens.txt")" 604 "mode of a replaced tokenize output"
  # New files: 0666 less the umask.
  (umask 027 && "$G" lm train "$T/corpus.txt" -o "$T/m/new.gvlm" --order 2 -q) || fail "lm train with umask 027"
  (umask 022 && "$G" lm count "$T/corpus.txt" -o "$T/m/new.counts" --order 2 -q) || fail "lm count with umask 022"
  (umask 002 && "$G" w2v train "$T/corpus.txt" -o "$T/m/new.bin" --save-state "$T/m/new.state" "${W2V_OPTIONS[@]}") \
    || fail "w2v train with umask 002"
  assert_eq "$(stat -c %a "$T/m/new.gvlm")" 640 "mode of a new binary model (umask 027)"
  assert_eq "$(stat -c %a "$T/m/new.counts")" 644 "mode of a new count file (umask 022)"
  assert_eq "$(stat -c %a "$T/m/new.bin")" 664 "mode of new vectors (umask 002)"
  assert_eq "$(stat -c %a "$T/m/new.state")" 664 "mode of a new training state (umask 002)"
  # Through a symbolic link: the file it points to is replaced, the link stays.
  ln -s model.arpa "$T/m/link.arpa"
  expect_ok "$G" lm train "$T/corpus.txt" -o "$T/m/link.arpa" --order 1 -q
  [ -L "$T/m/link.arpa" ] || fail "writing through a symbolic link replaced the link"
  grep -q '^ngram 2=' "$T/m/model.arpa" && fail "the file the link points to was not replaced"
  assert_eq "$(stat -c %a "$T/m/model.arpa")" 640 "mode of a model replaced through a link"
  assert_no_tmp_files "$T/m"
}
check "a replaced output keeps its mode, a new one follows the umask" modes

finish
