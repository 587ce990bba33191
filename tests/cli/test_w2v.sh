#!/usr/bin/env bash
# gramvec w2v train / nearest / analogy / eval end to end, and bad input. (On the shared
# evaluation data: test_w2v_shared_eval.sh; gensim reading our vectors and gensim's restricted
# similarity: test_w2v_gensim.sh and test_w2v_gensim_similarity.sh.)
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"
require_cmd python3 "the JSON checks need it"

CORPUS="$DATA/en-speeches.txt"
W2V="$FIXTURES/w2v"
[ -f "$CORPUS" ] || fail "bundled corpus $CORPUS is missing"

# json_check PYTHON-ASSERTIONS [FILE]: the assertions hold for d, the JSON document in FILE
# (default: the last command's stdout).
json_check() {
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $1" "${2:-$T/out}" \
    || fail "JSON check failed: $1 on $(_gv_short "$(cat "${2:-$T/out}")")"
}

# The vectors the later groups query: trained once, here, not inside a check group.
expect_ok "$G" w2v train "$CORPUS" -o "$T/speeches.bin" --dim 32 --epochs 2 --lower --threads 2 --quiet
expect_ok "$G" w2v train "$CORPUS" -o "$T/speeches.vec" --dim 16 --epochs 1 --lower --model cbow --loss hs \
  --threads 2 --json
cp "$T/out" "$T/train.json"

training() {
  json_check 'assert d["model"]=="cbow" and d["loss"]=="hs" and d["dim"]==16 and d["words"]>4000 and d["alpha"]==0.05
assert d["subsampling"]=="word2vec"' "$T/train.json"
  assert_match "$(head -1 "$T/speeches.vec")" '^[0-9]+ 16$' "text header"
  assert_eq "$(head -1 "$T/speeches.bin" | cut -d' ' -f2)" 32 "binary header"
  # Words in descending count order: "the" first.
  assert_match "$(sed -n 2p "$T/speeches.vec")" '^the ' "most frequent word first"

  # Same seed, one thread: identical files.
  expect_ok "$G" w2v train "$CORPUS" -o "$T/a.bin" --dim 8 --epochs 1 --threads 1 --seed 3 --min-count 20 --quiet
  expect_ok "$G" w2v train "$CORPUS" -o "$T/b.bin" --dim 8 --epochs 1 --threads 1 --seed 3 --min-count 20 --quiet
  cmp -s "$T/a.bin" "$T/b.bin" || fail "--threads 1 --seed not reproducible"
  # The subsampling rule reaches the trainer: word2vec.c's rule keeps more words, so other vectors.
  expect_ok "$G" w2v train "$CORPUS" -o "$T/c.bin" --dim 8 --epochs 1 --threads 1 --seed 3 --min-count 20 --quiet \
    --subsampling word2vec
  if cmp -s "$T/a.bin" "$T/c.bin"; then fail "--subsampling word2vec trained the same vectors as the default (paper)"; fi
  expect_usage_error "unknown --subsampling 'bogus'" -- "$G" w2v train "$CORPUS" -o "$T/bad.bin" --subsampling bogus
  assert_no_file "$T/bad.bin"
}
check "training" training

# Shared vocabulary from `gramvec vocab`, and save/resume.
resume() {
  expect_ok "$G" vocab "$CORPUS" -o "$T/speeches.vocab" --lower --min-count 5 --quiet
  expect_ok "$G" w2v train "$CORPUS" -o "$T/v.bin" --vocab "$T/speeches.vocab" --dim 8 --epochs 1 --quiet \
    --save-state "$T/state"
  expect_ok "$G" w2v train "$CORPUS" -o "$T/resumed.bin" --resume "$T/state" --epochs 2 --json
  json_check 'assert d["epochs"]==2 and d["model"]=="skipgram" and d["subsampling"]=="paper"'
  if cmp -s "$T/v.bin" "$T/resumed.bin"; then fail "the resumed epoch did not change the vectors"; fi
  expect_usage_error "--subsampling cannot be changed when resuming" -- \
    "$G" w2v train "$CORPUS" -o "$T/x.bin" --resume "$T/state" --epochs 3 --subsampling word2vec
  expect_usage_error "--dim cannot be changed when resuming" -- \
    "$G" w2v train "$CORPUS" -o "$T/x.bin" --resume "$T/state" --epochs 3 --dim 50
  expect_usage_error "--epochs must be 1 or more, not 0" -- \
    "$G" w2v train "$CORPUS" -o "$T/x.bin" --resume "$T/state" --epochs 0
  expect_usage_error "has done 1 of 1 epoch\(s\): nothing left to train" -- \
    "$G" w2v train "$CORPUS" -o "$T/x.bin" --resume "$T/state"
  expect_usage_error "has done 1 of 1 epoch\(s\): nothing left to train" -- "$G" w2v train "$CORPUS" -o "$T/x.bin" --resume "$T/state" --epochs 1
  assert_no_file "$T/x.bin"
}
check "vocabulary and resume" resume

# A run of 2 epochs resumed from the state saved after its first epoch ends as the run that was
# not interrupted, bit for bit (one thread): the learning rate, the random numbers and the word
# count go on where they were. (A run of 1 epoch extended with --resume --epochs 2 cannot: its
# learning rate had decayed over 1 epoch, not 2.) The state after epoch 1 of 2 is caught by giving
# --save-state a FIFO, which the trainer writes in place after every epoch: read once per epoch,
# it yields each epoch's state.
resume_equals_one_run() {
  local train=("$G" w2v train "$CORPUS" --threads 1 --quiet)
  mkfifo "$T/state.fifo"
  timeout 300 bash -c 'cat "$1" >"$2" && cat "$1" >"$3"' _ "$T/state.fifo" "$T/epoch1.state" "$T/epoch2.state" \
    </dev/null >/dev/null 2>&1 &
  local reader=$! reader_rc=0
  run "${train[@]}" -o "$T/whole.bin" --dim 16 --seed 5 --epochs 2 --save-state "$T/state.fifo"
  [ "$RC" -eq 0 ] || kill "$reader" 2>/dev/null  # nothing will write the FIFO: stop its reader
  wait "$reader" || reader_rc=$?
  _gv_check_no_crash
  [ "$RC" -eq 0 ] || fail "w2v train --save-state FIFO failed (exit $RC)"
  [ "$reader_rc" -eq 0 ] || fail "reading the training states from the FIFO failed (exit $reader_rc)"
  if cmp -s "$T/epoch1.state" "$T/epoch2.state"; then fail "the states after epochs 1 and 2 are the same"; fi
  expect_ok "${train[@]}" -o "$T/resumed.bin" --resume "$T/epoch1.state" --save-state "$T/resumed.state"
  cmp -s "$T/whole.bin" "$T/resumed.bin" \
    || fail "2 epochs resumed after the first give other vectors than 2 epochs in one run"
  cmp -s "$T/epoch2.state" "$T/resumed.state" \
    || fail "2 epochs resumed after the first end in another training state than 2 epochs in one run"
}
check "resuming after epoch 1 of 2 = 2 epochs in one run" resume_equals_one_run

queries() {
  expect_ok "$G" w2v nearest -m "$T/speeches.bin" war -k 5
  assert_eq "$(wc -l <"$T/out")" 5 "nearest -k 5: lines"
  # Every line is WORD<TAB>SCORE, and no WORD is the query itself.
  assert_eq "$(grep -cvE $'^[^\t]+\t-?[0-9]+\\.[0-9]+$' "$T/out")" 0 "nearest: lines are not WORD<TAB>SCORE"
  assert_eq "$(awk -F'\t' '$1 == "war"' "$T/out")" "" "nearest: the query word is among its own neighbours"
  expect_ok "$G" w2v nearest -m "$T/speeches.bin" --json war peace
  python3 -c 'import json,sys
lines=[json.loads(l) for l in open(sys.argv[1])]
assert [l["query"] for l in lines]==["war","peace"], lines
assert len(lines[0]["neighbors"])==10 and all("word" in n and "score" in n for n in lines[0]["neighbors"])
assert all(n["word"]!=l["query"] for l in lines for n in l["neighbors"]), lines' \
    "$T/out" || fail "nearest --json"
  # Expressions, and queries from stdin; an unknown word is reported and the others answered.
  expect_ok "$G" w2v nearest -m "$W2V/tiny.vec" king - man + woman -k 1
  assert_match "$(cat "$T/out")" $'^queen\t' "expression"
  printf 'king - man + woman\nnosuchword\nman\n' >"$T/queries.txt"
  expect_ok bash -c '"$1" w2v nearest -m "$2" -k 1 <"$3"' _ "$G" "$W2V/tiny.vec" "$T/queries.txt"
  grep -q "unknown word 'nosuchword'" "$T/err" || fail "unknown word not reported"
  grep -q $'^queen\t' "$T/out" && grep -q $'^Man\t' "$T/out" || fail "stdin answers"
  run "$G" w2v nearest -m "$W2V/tiny.vec" zzz yyy
  _gv_check_no_crash
  assert_eq "$RC" 1 "all unknown: exit code"
  grep -q "unknown word 'zzz'" "$T/err" && grep -q "unknown word 'yyy'" "$T/err" || fail "all unknown: which"
  assert_eq "$(tail -1 "$T/err")" "gramvec: error: no query could be answered (unknown words)" "all unknown"
  [ ! -s "$T/out" ] || fail "all unknown: output"
  expect_ok "$G" w2v analogy -m "$W2V/tiny.vec" man king woman -k 1
  assert_match "$(cat "$T/out")" $'^queen\t' "analogy add"
  expect_ok "$G" w2v analogy -m "$W2V/tiny.vec" man king woman -k 1 --method mul --json
  json_check 'assert d["answers"][0]["word"]=="queen"'
  expect_error 1 "unknown word 'zzz'" -- "$G" w2v analogy -m "$W2V/tiny.vec" man king zzz
}
check "queries" queries

evaluation() {
  expect_ok "$G" w2v eval -m "$W2V/tiny.vec" --analogies "$W2V/tiny-questions.txt" \
    --similarity "$W2V/tiny-similarity.tsv" --json
  json_check 'a=d["analogy"]; assert a["questions"]==6 and a["seen"]==5 and abs(a["total"]-0.6)<1e-9 and a["semantic"]==1.0
s=d["similarity"]["tiny-similarity.tsv"]; assert s["pairs"]==4 and s["oov"]==1 and abs(s["spearman"]-0.4)<1e-9'
  expect_ok "$G" w2v eval -m "$W2V/tiny.vec" --analogies "$W2V/tiny-questions.txt" --restrict 7 --json
  json_check 'assert d["analogy"]["seen"]==4 and d["analogy"]["skipped"]==2'
  expect_ok "$G" w2v eval -m "$W2V/tiny.vec" --similarity "$W2V/tiny-similarity.tsv" --similarity-restrict 4 --json
  json_check 's=d["similarity"]["tiny-similarity.tsv"]; assert s["pairs"]==2 and s["oov"]==3 and s["restrict"]==4
assert abs(s["spearman"]-1.0)<1e-9'
  expect_ok "$G" w2v eval -m "$T/speeches.bin" --analogies "$W2V/tiny-questions.txt"
}
check "evaluation" evaluation

# Bad input: one-line error, non-zero exit, no output file.
bad_input() {
  : >"$T/empty.txt"
  expect_error 1 "the corpus is empty" -- "$G" w2v train "$T/empty.txt" -o "$T/bad.bin" --quiet
  expect_error 1 "no word occurs at least" -- \
    "$G" w2v train "$W2V/tiny-questions.txt" -o "$T/bad.bin" --quiet --min-count 100
  expect_error 1 "cannot open" -- "$G" w2v train "$T/missing.txt" -o "$T/bad.bin"
  assert_no_file "$T/bad.bin" "partial output file left behind"
  assert_no_tmp_files "$T"

  printf 'hello world\nking 1 2 3\n' >"$T/header.vec"
  expect_error 1 "header.vec:1: bad header" -- "$G" w2v nearest -m "$T/header.vec" king
  printf '2 3\nking 1 2 3\nqueen 1 2\n' >"$T/dimension.vec"
  expect_error 1 "dimension.vec:3: 'queen' has 2 components" -- "$G" w2v nearest -m "$T/dimension.vec" king
  printf '2 3\nking 1 2 3\nqueen 1 two 3\n' >"$T/number.vec"
  expect_error 1 "number.vec:3: 'two' is not a number" -- "$G" w2v nearest -m "$T/number.vec" king
  printf '2 3\nking 1 2 3\nqueen nan 2 3\n' >"$T/nan.vec"
  expect_error 1 "nan.vec:3: NaN value" -- "$G" w2v nearest -m "$T/nan.vec" king
  head -c 200 "$T/speeches.bin" >"$T/truncated.bin"
  expect_error 1 "truncated" -- "$G" w2v eval -m "$T/truncated.bin" --similarity "$W2V/tiny-similarity.tsv"
  expect_error 1 "none.bin: .*(cannot open|No such file)" -- "$G" w2v nearest -m "$T/none.bin" king
}
check "bad input" bad_input

finish "w2v CLI tests passed"
