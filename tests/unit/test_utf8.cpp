#include <doctest/doctest.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "gramvec/text/utf8.hpp"

using gramvec::text::find_invalid_utf8;
using gramvec::text::replace_invalid_utf8;

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

std::string repeat_replacement(std::size_t count) {
  std::string result;
  for (std::size_t i = 0; i < count; ++i) result += kReplacement;
  return result;
}

std::string concat(std::initializer_list<std::string_view> parts) {
  std::string result;
  for (const std::string_view part : parts) result += part;
  return result;
}

// Reference repair with ICU's U8_NEXT, which also consumes one maximal subpart per error.
std::string icu_replace_invalid(std::string_view bytes, std::size_t& replacements) {
  std::string repaired;
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto length = static_cast<int32_t>(bytes.size());
  int32_t pos = 0;
  while (pos < length) {
    const int32_t start = pos;
    UChar32 code_point = 0;
    U8_NEXT(data, pos, length, code_point);
    if (code_point < 0) {
      repaired += kReplacement;
      ++replacements;
    } else {
      repaired.append(
          bytes.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(pos - start)));
    }
  }
  return repaired;
}

}  // namespace

TEST_CASE("utf8: valid text has no invalid offset") {
  CHECK_FALSE(find_invalid_utf8("").has_value());
  CHECK_FALSE(find_invalid_utf8("plain ascii text that is longer than eight bytes").has_value());
  CHECK_FALSE(find_invalid_utf8("caf\xC3\xA9").has_value());                // é, 2 bytes
  CHECK_FALSE(find_invalid_utf8("\xE6\x88\x91\xE5\x96\x9C").has_value());   // 我喜, 3 bytes each
  CHECK_FALSE(find_invalid_utf8("\xF0\x9F\x98\x80 smile").has_value());     // U+1F600, 4 bytes
  CHECK_FALSE(find_invalid_utf8("\xF4\x8F\xBF\xBF").has_value());           // U+10FFFF
  CHECK_FALSE(find_invalid_utf8("\xED\x9F\xBF").has_value());               // U+D7FF
  CHECK_FALSE(find_invalid_utf8("\xEE\x80\x80").has_value());               // U+E000
  CHECK_FALSE(find_invalid_utf8("\xE0\xA0\x80").has_value());               // U+0800
  CHECK_FALSE(find_invalid_utf8("\xF0\x90\x80\x80").has_value());           // U+10000
}

TEST_CASE("utf8: a NUL byte is refused like an ill-formed sequence (no text file holds one)") {
  CHECK(find_invalid_utf8(std::string_view("a\0b", 3)) == std::optional<std::size_t>(1));
  // In the 8-byte fast path too, at every position.
  for (std::size_t position = 0; position < 20; ++position) {
    std::string text(20, 'x');
    text[position] = '\0';
    CHECK(find_invalid_utf8(text) == std::optional<std::size_t>(position));
  }
  std::size_t replaced = 0;
  CHECK(replace_invalid_utf8(std::string_view("ab\0\0c", 5), replaced) == "ab\xEF\xBF\xBD\xEF\xBF\xBD" "c");
  CHECK(replaced == 2);
}

TEST_CASE("utf8: ill-formed sequences are found at their first byte") {
  CHECK(find_invalid_utf8("abc\xE6\x88") == std::optional<std::size_t>(3));       // truncated
  CHECK(find_invalid_utf8("abc\xE6\x88x") == std::optional<std::size_t>(3));      // cut short
  CHECK(find_invalid_utf8("\xC0\x80") == std::optional<std::size_t>(0));          // overlong NUL
  CHECK(find_invalid_utf8("\xC1\xBF") == std::optional<std::size_t>(0));          // overlong
  CHECK(find_invalid_utf8("\xE0\x80\x80") == std::optional<std::size_t>(0));      // overlong
  CHECK(find_invalid_utf8("\xF0\x8F\xBF\xBF") == std::optional<std::size_t>(0));  // overlong
  CHECK(find_invalid_utf8("ok\xED\xA0\x80") == std::optional<std::size_t>(2));    // U+D800
  CHECK(find_invalid_utf8("\xED\xBF\xBF") == std::optional<std::size_t>(0));      // U+DFFF
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == std::optional<std::size_t>(0));  // > U+10FFFF
  CHECK(find_invalid_utf8("\xF5\x80\x80\x80") == std::optional<std::size_t>(0));
  CHECK(find_invalid_utf8("\xFF") == std::optional<std::size_t>(0));
  CHECK(find_invalid_utf8("a\x80") == std::optional<std::size_t>(1));  // lone continuation
  // The fast ASCII path must not skip an invalid byte that follows a full 8-byte block.
  CHECK(find_invalid_utf8("12345678\xBF") == std::optional<std::size_t>(8));
  CHECK(find_invalid_utf8("1234567\xC3\xA9\xBF") == std::optional<std::size_t>(9));
}

TEST_CASE("utf8: replacement leaves valid text unchanged") {
  std::size_t replacements = 0;
  const std::string text = "na\xC3\xAFve \xE6\x88\x91 \xF0\x9F\x98\x80";
  CHECK(replace_invalid_utf8(text, replacements) == text);
  CHECK(replacements == 0);
}

TEST_CASE("utf8: each maximal ill-formed subpart becomes one U+FFFD") {
  std::size_t replacements = 0;
  // A truncated 3-byte sequence is one maximal subpart.
  CHECK(replace_invalid_utf8("a\xE6\x88z", replacements) == concat({"a", kReplacement, "z"}));
  CHECK(replacements == 1);

  // Overlong C0 80: C0 can never start a sequence, so each byte is replaced.
  replacements = 0;
  CHECK(replace_invalid_utf8("\xC0\x80", replacements) == repeat_replacement(2));
  CHECK(replacements == 2);

  // Surrogate ED A0 80: A0 is not allowed after ED, so three replacements.
  replacements = 0;
  CHECK(replace_invalid_utf8("\xED\xA0\x80", replacements) == repeat_replacement(3));
  CHECK(replacements == 3);

  // F4 90 80 80 (above U+10FFFF): four replacements.
  replacements = 0;
  CHECK(replace_invalid_utf8("\xF4\x90\x80\x80", replacements) == repeat_replacement(4));
  CHECK(replacements == 4);

  // Truncated 4-byte sequence at the end of the input: one replacement.
  replacements = 0;
  CHECK(replace_invalid_utf8("x\xF0\x9F\x98", replacements) == concat({"x", kReplacement}));
  CHECK(replacements == 1);

  // Lone continuation bytes are replaced one by one.
  replacements = 0;
  CHECK(replace_invalid_utf8("\x80\xBFok", replacements) == concat({repeat_replacement(2), "ok"}));
  CHECK(replacements == 2);
}

TEST_CASE("utf8: replacement follows the Unicode Standard's example") {
  // Unicode 15, section 3.9, table 3-8: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64
  // becomes a FFFD FFFD FFFD b FFFD c FFFD FFFD d.
  std::size_t replacements = 10;  // the count is added to, not reset
  const std::string repaired =
      replace_invalid_utf8("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64", replacements);
  CHECK(repaired ==
        concat({"a", repeat_replacement(3), "b", kReplacement, "c", repeat_replacement(2), "d"}));
  CHECK(replacements == 16);
  CHECK_FALSE(find_invalid_utf8(repaired).has_value());
}

TEST_CASE("utf8: agrees with ICU on random byte strings") {
  // Bytes drawn mostly from the interesting ranges (lead and continuation bytes).
  constexpr unsigned char kAlphabet[] = {'a',  ' ',  0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                         0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                                         0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
  std::uint32_t state = 12345;
  const auto next_random = [&state] {
    state = state * 1664525U + 1013904223U;
    return state >> 8;
  };
  int disagreements = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string bytes;
    const std::size_t length = next_random() % 12;
    for (std::size_t i = 0; i < length; ++i) {
      bytes += static_cast<char>(kAlphabet[next_random() % sizeof kAlphabet]);
    }
    std::size_t ours = 0;
    std::size_t icu = 0;
    const std::string repaired = replace_invalid_utf8(bytes, ours);
    const bool same_repair = repaired == icu_replace_invalid(bytes, icu) && ours == icu;
    const bool same_validity = find_invalid_utf8(bytes).has_value() == (icu > 0);
    if (!same_repair || !same_validity || find_invalid_utf8(repaired).has_value()) ++disagreements;
  }
  CHECK(disagreements == 0);
}
