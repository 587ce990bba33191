// Unsigned fields of any width from 0 to 57 bits packed back to back, without gaps, into a byte
// array (bit i of the array is bit i % 8 of byte i / 8: little-endian, as the binary model
// format). A field is read with one unaligned 64-bit load, a shift and a mask, so the array
// carries kPaddingBytes bytes after its last field; the trie layout's levels are such arrays.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

namespace gramvec::ngram {

// Read-only view of packed fields (owned elsewhere: a BitPackedWriter's buffer or a mapped file).
class BitPackedArray {
 public:
  static constexpr unsigned kMaxWidth = 57;
  static constexpr std::size_t kPaddingBytes = 8;

  BitPackedArray() = default;
  explicit BitPackedArray(std::string_view bytes) : bytes_(bytes) {}

  static constexpr std::uint64_t mask(unsigned width) { return (std::uint64_t{1} << width) - 1; }
  // The bytes an array of `bits` bits takes, padding included.
  static constexpr std::uint64_t bytes_for(std::uint64_t bits) { return (bits + 7) / 8 + kPaddingBytes; }

  // The field of `width` bits (<= kMaxWidth) that starts at bit `bit`; `bit` + `width` must not
  // pass the end of the fields the array was built with.
  std::uint64_t read(std::uint64_t bit, unsigned width) const { return read_masked(bit, mask(width)); }
  // The same with the mask precomputed (mask(width)).
  std::uint64_t read_masked(std::uint64_t bit, std::uint64_t field_mask) const {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes_.data() + (bit >> 3), sizeof word);
    return (word >> (bit & 7)) & field_mask;
  }
  const char* address_of(std::uint64_t bit) const { return bytes_.data() + (bit >> 3); }
  std::string_view bytes() const { return bytes_; }

 private:
  std::string_view bytes_;
};

// Appends fields; bytes() then holds them with the padding that BitPackedArray reads need.
class BitPackedWriter {
 public:
  // `value` must fit in `width` bits (<= 64).
  void append(std::uint64_t value, unsigned width);
  std::uint64_t bit_count() const { return bits_; }
  // The packed fields and padding (BitPackedArray::bytes_for(bit_count()) bytes).
  std::string_view bytes() const;
  BitPackedArray view() const { return BitPackedArray(bytes()); }

 private:
  std::vector<std::uint64_t> words_;
  std::uint64_t bits_ = 0;
};

}  // namespace gramvec::ngram
