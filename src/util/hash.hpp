// A fast 64-bit hash of bytes for hash tables in memory (XXH3). Nothing stored in a file may
// depend on it: stored keys use util/word_key.hpp, stored checksums util/checksum.hpp.
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <string_view>

namespace gramvec::util {

inline std::uint64_t hash_bytes(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

}  // namespace gramvec::util
