#include "ngram/search/trie/bit_packed_array.hpp"

#include <algorithm>
#include <bit>

namespace gramvec::ngram {

static_assert(std::endian::native == std::endian::little, "the bit-packed layout assumes a little-endian machine");

void BitPackedWriter::append(std::uint64_t value, unsigned width) {
  if (width == 0) return;
  std::uint64_t end = bits_ + width;
  // One spare word at the end keeps the padding that reads need.
  std::size_t words_needed = static_cast<std::size_t>((end + 63) / 64) + 1;
  if (words_.size() < words_needed) words_.resize(std::max(words_needed, words_.size() * 2), 0);
  auto shift = static_cast<unsigned>(bits_ % 64);
  std::size_t word = static_cast<std::size_t>(bits_ / 64);
  words_[word] |= value << shift;
  if (shift + width > 64) words_[word + 1] |= value >> (64 - shift);
  bits_ = end;
}

std::string_view BitPackedWriter::bytes() const {
  // words_ always ends with at least one zero word past the last field, so the padding is there;
  // an empty writer gives padding alone.
  static constexpr char kZeros[BitPackedArray::kPaddingBytes] = {};
  if (words_.empty()) return {kZeros, sizeof kZeros};
  return {reinterpret_cast<const char*>(words_.data()), static_cast<std::size_t>(BitPackedArray::bytes_for(bits_))};
}

}  // namespace gramvec::ngram
