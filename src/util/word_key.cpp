#include "util/word_key.hpp"

#include <cstring>

namespace gramvec::util {

namespace {

using word_key_detail::mix64;

// Version 1: 8 bytes at a time, then the finaliser.
std::uint64_t hash_v1(std::string_view bytes) {
  std::uint64_t state = 0x9e3779b97f4a7c15ULL ^ bytes.size();
  std::size_t position = 0;
  for (; position + 8 <= bytes.size(); position += 8) {
    std::uint64_t block;
    std::memcpy(&block, bytes.data() + position, 8);
    state = mix64(state ^ block) + 0x632be59bd9b4e019ULL;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, bytes.data() + position, bytes.size() - position);
  return mix64(state ^ tail ^ (static_cast<std::uint64_t>(bytes.size() - position) << 56));
}

}  // namespace

std::uint64_t word_key(std::string_view word) {
  std::uint64_t key = hash_v1(word);
  return key == 0 ? 1 : key;
}

}  // namespace gramvec::util
