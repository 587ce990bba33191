#!/usr/bin/env bash
# Every test: install, build (Release), run the whole suite; then the same suite built with
# AddressSanitizer and UndefinedBehaviorSanitizer; then the tests of the code that runs threads
# (ctest label "threads") built with ThreadSanitizer, whose slowdown would make the whole suite
# too long; then every fuzz target for a short while (scripts/fuzz.sh, clang).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build
(cd build && ctest --output-on-failure -j 2)
bash scripts/build.sh build-sanitize -DGRAMVEC_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
(cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j 2)
cmake -S . -B build-tsan -DGRAMVEC_TSAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-tsan -j "$(nproc)" --target gramvec gramvec_tests
(cd build-tsan && TSAN_OPTIONS="suppressions=$PWD/../tests/sanitizers/tsan.supp halt_on_error=1 second_deadlock_stack=1" \
  ctest --output-on-failure -j 2 -L threads)
bash scripts/fuzz.sh "${GRAMVEC_FUZZ_SECONDS:-10}"
