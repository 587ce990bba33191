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
namespace word_key_detail {
// SplitMix64's finaliser.
inline std::uint64_t mix64(std::uint64_t value) {
  value ^= value >> 30;
  value *= 0xbf58476d1ce4e5b9ULL;
  value ^= value >> 27;
  value *= 0x94d049bb133111ebULL;
  value ^= value >> 31;
  return value;
}
}  // namespace word_key_detail

// The key of an n-gram from the key of its last k words and the key of the word before them
// (inline: scoring extends a key at every step).
inline std::uint64_t extend_word_key(std::uint64_t key, std::uint64_t earlier_word_key) {
  std::uint64_t extended = word_key_detail::mix64(key * 0x9e3779b97f4a7c15ULL + earlier_word_key);
  return extended == 0 ? 1 : extended;
}

}  // namespace gramvec::util
