// The UTF-8 validator and repair that every text command uses (--on-invalid), checked against
// a plain decoder written from the Unicode standard's table of well-formed sequences (Table
// 3-7), with NUL refused as gramvec refuses it: both must agree on where the first ill-formed
// byte is, a repaired copy must be valid, and an error excerpt must be valid UTF-8 too.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "gramvec/text/utf8.hpp"
#include "fuzz_support.hpp"

namespace {

// The length of the well-formed sequence at `at`, or 0.
std::size_t sequence_length(std::string_view bytes, std::size_t at) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[at + i]); };
  std::size_t left = bytes.size() - at;
  unsigned char lead = byte(0);
  if (lead == 0) return 0;  // NUL: refused like an ill-formed sequence (no text format holds it)
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) low = 0xa0;
    if (lead == 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) low = 0x90;
    if (lead == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (left < length) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xbf) return 0;
  }
  return length;
}

std::optional<std::size_t> reference_first_invalid(std::string_view bytes) {
  std::size_t at = 0;
  while (at < bytes.size()) {
    std::size_t length = sequence_length(bytes, at);
    if (length == 0) return at;
    at += length;
  }
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gramvec::text;
  std::string_view bytes = gramvec::fuzz::as_view(data, size);
  std::optional<std::size_t> invalid = find_invalid_utf8(bytes);
  if (invalid != reference_first_invalid(bytes)) __builtin_trap();
  std::size_t replacements = 0;
  std::string repaired = replace_invalid_utf8(bytes, replacements);
  if ((replacements == 0) != !invalid.has_value()) __builtin_trap();
  if (find_invalid_utf8(repaired).has_value()) __builtin_trap();
  if (!invalid && repaired != bytes) __builtin_trap();
  std::string excerpt = printable_excerpt(bytes, size % 97);
  if (find_invalid_utf8(excerpt).has_value()) __builtin_trap();
  return 0;
}
