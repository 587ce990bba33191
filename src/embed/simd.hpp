// Function multi-versioning: hot kernels are compiled twice, for the baseline x86-64 and for
// x86-64-v3 (AVX2 + FMA), and the right one is picked at load time, so binaries stay portable
// without -march=native. Elsewhere (or with other compilers) a single version is built, and so
// it is under ThreadSanitizer, whose instrumented load-time resolvers would run before its
// runtime is ready (a crash at start-up).
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__) && \
    !defined(__SANITIZE_THREAD__)
#define GRAMVEC_MULTIVERSION __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define GRAMVEC_MULTIVERSION
#endif
