#!/usr/bin/env bash
# Nearest-neighbour query speed: `gramvec w2v nearest` against gensim's KeyedVectors.most_similar
# on the same vectors and the same queries (the N most frequent words, top 10 each), in one run.
# Loading is timed apart from querying: gramvec's query time is (N queries) - (1 query), both
# whole runs of the command; gensim's is timed inside Python after loading and normalising.
# Usage: bench/w2v_query_bench.sh VECTORS [N] [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
vectors="$1"
queries="${2:-5000}"
build="${3:-build}"
gramvec="$build/gramvec"
python=/usr/bin/python3   # Debian's gensim is installed for the system Python
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
read -r _ gensim_load gensim_query < <("$python" - "$vectors" "$queries" "$work/queries.txt" <<'PY'
import sys, time, logging
logging.disable(logging.WARNING)
from gensim.models import KeyedVectors
path, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
start = time.perf_counter()
vectors = KeyedVectors.load_word2vec_format(path, binary=not path.endswith((".txt", ".vec")))
vectors.fill_norms()
loaded = time.perf_counter()
words = vectors.index_to_key[:count]
open(out, "w").write("\n".join(words) + "\n")
start_queries = time.perf_counter()
for word in words:
    vectors.most_similar(word, topn=10)
done = time.perf_counter()
print(f"gensim {loaded - start:.3f} {done - start_queries:.3f}")
PY
)
now() { date +%s.%N; }
head -n 1 "$work/queries.txt" >"$work/one.txt"
t0=$(now); "$gramvec" w2v nearest -m "$vectors" -k 10 <"$work/one.txt" >/dev/null; t1=$(now)
"$gramvec" w2v nearest -m "$vectors" -k 10 <"$work/queries.txt" >"$work/answers.txt"; t2=$(now)
python3 - "$t0" "$t1" "$t2" "$queries" "$gensim_load" "$gensim_query" "$vectors" <<'PY'
import sys
t0, t1, t2, n, gensim_load, gensim_query = map(float, sys.argv[1:7])
load, query = t1 - t0, max((t2 - t1) - (t1 - t0), 1e-6)
print(f"{int(n)} queries (the most frequent words), top 10, vectors {sys.argv[7]}")
print()
print("| tool | load s | queries s | queries/s | gramvec/gensim query time |")
print("|---|---:|---:|---:|---:|")
print(f"| gramvec w2v nearest | {load:.2f} | {query:.2f} | {n / query:.0f} | {query / gensim_query:.2f} |")
print(f"| gensim most_similar | {gensim_load:.2f} | {gensim_query:.2f} | {n / gensim_query:.0f} | 1 |")
PY
