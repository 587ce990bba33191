#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/, clang with ASan and UBSan, in build-fuzz/) and runs
# each for SECONDS (default 60), one after another, at low priority.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Corpora live in a scratch folder (FUZZ_CORPUS_DIR to keep them across runs; default: a
# temporary folder removed at the end), seeded from the files that tests/fuzz/targets.txt lists.
# A crash, leak, timeout (FUZZ_TIMEOUT seconds for one input, default 10) or an allocation over
# FUZZ_RSS_MB (default 2048) stops that target; its input is kept in build-fuzz/artifacts/ and
# its path printed, and the script exits 1 after running the others. Add such an input to
# tests/fuzz/regressions/TARGET/ once the bug is fixed: the replay test then runs it in every build.
# A summary line per target gives the seconds, executions and result.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
build_dir="${FUZZ_BUILD_DIR:-build-fuzz}"
timeout_seconds="${FUZZ_TIMEOUT:-10}"
rss_mb="${FUZZ_RSS_MB:-2048}"

compiler="${FUZZ_CXX:-$(command -v clang++-14 || command -v clang++ || true)}"
if [ -z "$compiler" ]; then
  echo "fuzz.sh: clang++ not found (scripts/install-deps.sh installs clang-14)" >&2
  exit 1
fi
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
nice cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$compiler" -DGRAMVEC_FUZZ=ON \
  -DGRAMVEC_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
nice cmake --build "$build_dir" -j "$(nproc)" --target gramvec_fuzz_targets

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(grep -E '^[a-z]' tests/fuzz/targets.txt | awk '{print $1}')
fi

scratch="${FUZZ_CORPUS_DIR:-}"
if [ -z "$scratch" ]; then
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/gramvec-fuzz.XXXXXX")
  trap 'rm -rf "$scratch"' EXIT
fi
artifacts="$PWD/$build_dir/artifacts"
mkdir -p "$artifacts"
failed=()
summary=()
for target in "${targets[@]}"; do
  line=$(grep -E "^$target[[:space:]]" tests/fuzz/targets.txt) || { echo "fuzz.sh: unknown target $target" >&2; exit 2; }
  read -r _ max_len dictionary seeds <<<"$line"
  corpus="$scratch/$target/corpus"
  seed_dir="$scratch/$target/seeds"
  mkdir -p "$corpus" "$seed_dir" "$artifacts/$target"
  for seed in $seeds tests/fuzz/regressions/$target; do
    if [ -d "$seed" ]; then
      find "$seed" -type f ! -name '.*' -exec cp {} "$seed_dir/" \;
    elif [ -f "$seed" ]; then
      cp "$seed" "$seed_dir/"
    fi
  done
  options=(-max_total_time="$seconds" -max_len="$max_len" -timeout="$timeout_seconds" -rss_limit_mb="$rss_mb"
           -print_final_stats=1 -artifact_prefix="$artifacts/$target/")
  if [ "$dictionary" != "-" ]; then options+=(-dict="tests/fuzz/dict/$dictionary"); fi
  log="$artifacts/$target.log"
  echo "fuzz.sh: $target for ${seconds}s (log: $log)"
  status=0
  # Outputs the targets write go to a scratch TMPDIR of their own.
  TMPDIR="$scratch" ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
    nice "$build_dir/tests/fuzz/fuzz_$target" "${options[@]}" "$corpus" "$seed_dir" >"$log" 2>&1 || status=$?
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -n 1)
  if [ "$status" -ne 0 ]; then
    crash=$(grep -o "Test unit written to .*" "$log" | sed 's/Test unit written to //' | tail -n 1)
    grep -E '^(==[0-9]+==ERROR|SUMMARY)' "$log" | head -n 3 || true
    echo "fuzz.sh: $target FAILED (exit $status); input: ${crash:-see $log}"
    failed+=("$target")
    summary+=("$(printf '%-16s %6ss %12s execs  FAILED %s' "$target" "$seconds" "${execs:-?}" "${crash:-}")")
  else
    summary+=("$(printf '%-16s %6ss %12s execs  ok' "$target" "$seconds" "${execs:-?}")")
  fi
done
echo "fuzz.sh: summary"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
  exit 1
fi
