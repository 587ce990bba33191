// The key of a word and of an n-gram in gramvec's binary language models (.gvlm). These values
// are stored in files: changing them is a format change (bump the binary model's version); the
// golden values in tests/unit/test_format_fixtures.cpp pin them. Hash tables in memory use
// util::hash_bytes instead, which may change freely.
#pragma once

#include <cstdint>
#include <string_view>

namespace gramvec::util {

// The version of the key functions below, recorded by the formats that store their values.
inline constexpr std::uint32_t kWordKeyVersion = 1;

// A word's key: never 0 (0 marks an empty slot).
std::uint64_t word_key(std::string_view word);
// The key of an n-gram from the key of its last k words and the key of the word before them.
std::uint64_t extend_word_key(std::uint64_t key, std::uint64_t earlier_word_key);

}  // namespace gramvec::util
