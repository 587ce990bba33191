#include "gramvec/text/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace gramvec::text {
namespace {

constexpr std::uint64_t kHighBitsOf8Bytes = 0x8080808080808080ULL;
constexpr std::uint64_t kLowBitsOf8Bytes = 0x0101010101010101ULL;

unsigned byte_at(std::string_view bytes, std::size_t pos) {
  return static_cast<unsigned char>(bytes[pos]);
}

// Position of the first byte at or after `pos` that is not ASCII or is NUL, or bytes.size().
std::size_t skip_ascii(std::string_view bytes, std::size_t pos) {
  while (pos + 8 <= bytes.size()) {
    std::uint64_t block;
    std::memcpy(&block, bytes.data() + pos, sizeof block);
    // (block - 0x01..01) & ~block has a high bit set in a byte that is 0 (when no byte is >= 0x80).
    if ((block & kHighBitsOf8Bytes) != 0 || ((block - kLowBitsOf8Bytes) & ~block & kHighBitsOf8Bytes) != 0) break;
    pos += 8;
  }
  while (pos < bytes.size() && byte_at(bytes, pos) < 0x80 && byte_at(bytes, pos) != 0) ++pos;
  return pos;
}

// The sequence starting at some position: either a well-formed character of `length` bytes or,
// when `well_formed` is false, the maximal subpart (the longest prefix of any well-formed
// sequence, at least one byte) that is to be treated as one error.
struct Sequence {
  std::size_t length;
  bool well_formed;
};

// Well-formed sequences per the Unicode Standard, table 3-7: the second byte's allowed range
// depends on the lead byte (this excludes overlongs, surrogates and values above U+10FFFF).
Sequence sequence_at(std::string_view bytes, std::size_t pos) {
  const unsigned lead = byte_at(bytes, pos);
  if (lead == 0) return {1, false};  // NUL: valid UTF-8, but no text file holds it
  if (lead < 0x80) return {1, true};

  std::size_t expected_length = 0;
  unsigned low = 0x80;
  unsigned high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    expected_length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    expected_length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong below U+0800
    if (lead == 0xED) high = 0x9F;  // surrogates U+D800..U+DFFF
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    expected_length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong below U+10000
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return {1, false};  // continuation byte, C0, C1 or F5..FF
  }

  std::size_t length = 1;
  while (length < expected_length) {
    if (pos + length >= bytes.size()) return {length, false};
    const unsigned next = byte_at(bytes, pos + length);
    if (next < low || next > high) return {length, false};
    low = 0x80;
    high = 0xBF;
    ++length;
  }
  return {length, true};
}

// Offset of the first ill-formed sequence at or after `pos`, or bytes.size().
std::size_t find_invalid_from(std::string_view bytes, std::size_t pos) {
  while (true) {
    pos = skip_ascii(bytes, pos);
    if (pos == bytes.size()) return pos;
    const Sequence sequence = sequence_at(bytes, pos);
    if (!sequence.well_formed) return pos;
    pos += sequence.length;
  }
}

}  // namespace

std::optional<std::size_t> find_invalid_utf8(std::string_view bytes) {
  const std::size_t invalid = find_invalid_from(bytes, 0);
  if (invalid == bytes.size()) return std::nullopt;
  return invalid;
}

std::string replace_invalid_utf8(std::string_view bytes, std::size_t& replacements) {
  constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";
  std::string repaired;
  repaired.reserve(bytes.size());
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t invalid = find_invalid_from(bytes, pos);
    repaired.append(bytes.substr(pos, invalid - pos));
    if (invalid == bytes.size()) break;
    repaired.append(kReplacementCharacter);
    ++replacements;
    pos = invalid + sequence_at(bytes, invalid).length;
  }
  return repaired;
}

std::string printable_excerpt(std::string_view bytes, std::size_t max_bytes) {
  bool cut = bytes.size() > max_bytes;
  std::string_view shown = bytes.substr(0, max_bytes);
  bool valid = !find_invalid_utf8(shown).has_value();
  std::string excerpt;
  for (char c : shown) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || (byte >= 0x80 && !valid)) {
      constexpr char kHex[] = "0123456789abcdef";
      excerpt += "\\x";
      excerpt.push_back(kHex[byte >> 4]);
      excerpt.push_back(kHex[byte & 0xf]);
    } else {
      excerpt.push_back(c);
    }
  }
  if (cut) excerpt += "...";
  return excerpt;
}

}  // namespace gramvec::text
