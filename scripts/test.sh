#!/usr/bin/env bash
# Every test: install, build (Release), run the whole suite; then the same suite built with
# AddressSanitizer and UndefinedBehaviorSanitizer; then every fuzz target for a short while
# (scripts/fuzz.sh, clang).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build
(cd build && ctest --output-on-failure -j 2)
bash scripts/build.sh build-sanitize -DGRAMVEC_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
(cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j 2)
bash scripts/fuzz.sh "${GRAMVEC_FUZZ_SECONDS:-20}"
