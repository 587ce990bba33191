#!/usr/bin/env bash
# Writes the file-format fixtures in tests/fixtures/formats/ with a built gramvec, and the values
# the tests expect of them (tests/unit/test_format_fixtures.cpp, tests/cli/test_format_fixtures.sh).
#
#   scripts/make-format-fixtures.sh BUILD_DIR
#
# Run it only when a format changes on purpose (see tests/fixtures/formats/README.md): bump the
# format's version, keep the old fixture as a test that the old version is read or refused with a
# clear message, then regenerate. The output is deterministic: running it twice gives the same
# bytes (one thread everywhere, a fixed seed, no time or path in any file).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
G=$(cd "$1" && pwd)/gramvec
[ -x "$G" ] || { echo "$0: $G is missing or not executable" >&2; exit 1; }
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=$SRC/tests/fixtures/formats
export LC_ALL=C.UTF-8
T=$(mktemp -d "${TMPDIR:-/tmp}/gramvec-format-fixtures.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir -p "$OUT"
cd "$OUT"

# Inputs. The corpus: the first 25 lines of the bundled speeches (4.4 KB, 896 tokens). Modified
# Kneser-Ney discounts of order 3 cannot be estimated from so little text, so every model uses
# --discount-fallback. The sentences: the four of data/sentences.txt, a line of the corpus (every
# trigram seen), a line with an unknown word, and an empty line.
head -n 25 "$SRC/data/en-speeches.txt" >corpus.txt
{
  cat "$SRC/data/sentences.txt"
  sed -n 4p corpus.txt
  printf 'The zyzzyva of the Congress.\n\n'
} >sentences.txt

# (a) hash layout, straight from the corpus.
"$G" lm train corpus.txt -o model-hash.gvlm --order 3 --discount-fallback --threads 1 --quiet --json >"$T/train.json"
# (b) 8-bit quantized trie, converted from the same model in ARPA.
"$G" lm train corpus.txt -o "$T/model.arpa" --order 3 --discount-fallback --threads 1 --quiet
"$G" lm convert "$T/model.arpa" -o model-trie-q8.gvlm --layout trie --quantize 8 --quiet
# (c) count file, and the model estimated from it (not kept: the tests estimate it again).
"$G" lm count corpus.txt -o corpus.counts --order 3 --threads 1 --quiet --json >"$T/count.json"
"$G" lm train --counts corpus.counts -o "$T/counts-model.arpa" --discount-fallback --threads 1 --quiet
if ! cmp -s <(grep -v '^#' "$T/model.arpa") <(grep -v '^#' "$T/counts-model.arpa"); then
  echo "$0: the model from corpus.counts differs from the model from the corpus" >&2
  exit 1
fi
# (d) word2vec training state after 2 epochs, and the vectors of the same run.
"$G" w2v train corpus.txt -o "$T/vectors.txt" --save-state training.state --model skipgram --loss ns \
  --dim 8 --window 3 --negative 3 --min-count 2 --epochs 2 --seed 7 --threads 1 --quiet --json >"$T/w2v.json"
"$G" vocab corpus.txt -o "$T/vocab.txt" --quiet
# The tokens, for counting n-grams independently of lm count.
"$G" tokenize corpus.txt -o "$T/corpus.tok" --quiet

for model in hash:model-hash.gvlm trie-q8:model-trie-q8.gvlm counts:"$T/counts-model.arpa"; do
  "$G" lm score -m "${model#*:}" --per-word --json sentences.txt >"$T/score-${model%%:*}.json"
done

python3 - "$T" <<'EOF'
import collections, json, sys

tmp = sys.argv[1]

# expected_scores.tsv: per sentence and per word, under each model.
with open("expected_scores.tsv", "w", encoding="utf-8", newline="\n") as out:
    out.write("# Written by scripts/make-format-fixtures.sh from `gramvec lm score --per-word --json sentences.txt`.\n")
    out.write("# sentence MODEL LINE LOG10PROB OOVS TOKENS(space-separated, with </s>)\n")
    out.write("# word MODEL LINE POSITION TOKEN LOG10PROB(a float, exact) ORDER OOV\n")
    out.write("# MODEL: hash = model-hash.gvlm, trie-q8 = model-trie-q8.gvlm, counts = estimated from corpus.counts\n")
    for model in ["hash", "trie-q8", "counts"]:
        with open(f"{tmp}/score-{model}.json", encoding="utf-8") as f:
            for line in f:
                s = json.loads(line)
                out.write(f"sentence\t{model}\t{s['line']}\t{s['log10prob']!r}\t{s['oovs']}\t{' '.join(s['tokens'])}\n")
                for position, w in enumerate(s["words"]):
                    out.write(f"word\t{model}\t{s['line']}\t{position}\t{w['token']}\t{w['log10prob']!r}\t{w['order']}\t{int(w['oov'])}\n")

# expected_counts.tsv: the count file's header, its n-grams per order and the most frequent
# n-grams, counted here from `gramvec tokenize` (the same tokenizer, another code path).
train = json.load(open(f"{tmp}/train.json", encoding="utf-8"))
count = json.load(open(f"{tmp}/count.json", encoding="utf-8"))
order = count["order"]
ngrams = [collections.Counter() for _ in range(order)]
sentences = tokens = 0
with open(f"{tmp}/corpus.tok", encoding="utf-8") as f:
    for line in f:
        words = ["<s>"] + line.split() + ["</s>"]
        sentences += 1
        tokens += len(words) - 1
        for n in range(1, order + 1):
            for i in range(len(words) - n + 1):
                ngrams[n - 1][" ".join(words[i:i + n])] += 1
distinct = [len(c) for c in ngrams]
if (sentences, tokens, distinct) != (count["sentences"], count["tokens"], count["ngrams"]):
    sys.exit(f"lm count ({count['sentences']} {count['tokens']} {count['ngrams']}) disagrees with "
             f"the tokenized corpus ({sentences} {tokens} {distinct})")
settings = dict(kv.split("=", 1) for kv in count["settings"].split())
with open("expected_counts.tsv", "w", encoding="utf-8", newline="\n") as out:
    out.write("# Written by scripts/make-format-fixtures.sh: corpus.counts (`lm count --json`; n-gram counts\n")
    out.write("# from `gramvec tokenize corpus.txt`) and the model estimated from it (`lm train --counts --json`).\n")
    out.write(f"order\t{order}\n")
    out.write(f"settings\ttokenizer={settings['tokenizer']} lower={settings['lower']} normalize={settings['normalize']}\n")
    out.write(f"split_sentences\t{int(settings['sentences'] != 'lines')}\n")
    out.write(f"sentences\t{sentences}\n")
    out.write(f"tokens\t{tokens}\n")
    out.write("# distinct ORDER ENTRIES: words (order 1, with <s> and </s>) and n-grams in the file\n")
    for n in range(1, order + 1):
        out.write(f"distinct\t{n}\t{distinct[n - 1]}\n")
    out.write("# total ORDER SUM: the sum of the counts of that order\n")
    for n in range(1, order + 1):
        out.write(f"total\t{n}\t{sum(ngrams[n - 1].values())}\n")
    out.write("# ngram WORDS COUNT: the eight most frequent of each order (ties in byte order), and a few more\n")
    for n in range(1, order + 1):
        top = sorted(ngrams[n - 1].items(), key=lambda kv: (-kv[1], kv[0].encode()))[:8]
        for words, c in top:
            out.write(f"ngram\t{words}\t{c}\n")
    for words in ["Congress", "of the United", "the United States"]:
        out.write(f"ngram\t{words}\t{ngrams[len(words.split()) - 1][words]}\n")
    out.write("# model_ngrams ORDER N: n-grams of the model estimated from the file (mkn, --discount-fallback)\n")
    for n in range(1, order + 1):
        out.write(f"model_ngrams\t{n}\t{train['ngrams'][n - 1]}\n")

# expected_state.tsv: the training state's settings, progress, vocabulary and some vectors.
w2v = json.load(open(f"{tmp}/w2v.json", encoding="utf-8"))
counts = {}
with open(f"{tmp}/vocab.txt", encoding="utf-8") as f:
    for line in f:
        if not line.startswith("#gramvec-vocab"):
            word, c = line.rstrip("\n").split("\t")
            counts[word] = int(c)
with open(f"{tmp}/vectors.txt", encoding="utf-8") as f:
    rows, dim = map(int, f.readline().split())
    vectors = [line.rstrip("\n").split(" ") for line in f]
assert rows == len(vectors) == w2v["words"] and dim == w2v["dim"]
with open("expected_state.tsv", "w", encoding="utf-8", newline="\n") as out:
    out.write("# Written by scripts/make-format-fixtures.sh: training.state (`w2v train --save-state --json`;\n")
    out.write("# vectors from the text output of the same run, counts from `gramvec vocab`).\n")
    for key in ["model", "loss", "dim", "window", "negative", "ns_exponent", "sample", "subsampling", "alpha",
                "epochs", "words_processed"]:
        out.write(f"{key}\t{w2v[key]}\n")
    out.write("min_count\t2\nseed\t7\nepochs_done\t2\n")
    out.write(f"tokenizer\ttokenizer={settings['tokenizer']} lower={settings['lower']} normalize={settings['normalize']}\n")
    out.write(f"vocabulary\t{rows}\n")
    out.write("# vector ROW WORD COUNT COMPONENTS...: rows of the input matrix (floats, exact)\n")
    for row in [0, 1, 2, 3, rows // 2, rows - 1]:
        word = vectors[row][0]
        out.write(f"vector\t{row}\t{word}\t{counts[word]}\t" + "\t".join(vectors[row][1:]) + "\n")
EOF

ls -l "$OUT"
