// A user dictionary and text tokenized with it: the input up to its first NUL byte is the
// dictionary (jieba's format), the rest the text, whose first byte picks the settings. A
// dictionary that parses gives tokens that are non-empty valid UTF-8 without whitespace, and
// its text entries only move token boundaries: with no token entry, the tokens' bytes are those
// of the tokens without the dictionary.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "gramvec/text/tokenizer.hpp"
#include "gramvec/text/user_dictionary.hpp"
#include "gramvec/text/utf8.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace gramvec::text;

std::string joined(std::span<const std::string_view> tokens) {
  std::string bytes;
  for (std::string_view token : tokens) {
    if (token.empty() || find_invalid_utf8(token).has_value()) __builtin_trap();
    for (char c : token) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') __builtin_trap();
    }
    bytes += token;
  }
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = gramvec::fuzz::as_view(data, size);
  const std::size_t nul = input.find('\0');
  if (nul == std::string_view::npos || nul + 1 >= input.size()) return 0;
  const std::string_view dictionary_text = input.substr(0, nul);
  const auto setting = static_cast<unsigned char>(input[nul + 1]);
  std::string_view rest = input.substr(nul + 2);

  TokenizerOptions options;
  constexpr TokenizerMode kModes[] = {TokenizerMode::word, TokenizerMode::character, TokenizerMode::space};
  options.mode = kModes[setting % 3];
  options.lower = (setting / 3) % 2 == 1;
  auto dictionary = UserDictionary::parse(dictionary_text, "fuzz.dict", options);
  if (!dictionary.is_ok()) return 0;
  const bool text_entries_only = dictionary->token_entries() == 0;
  Tokenizer plain(options);
  options.user_dictionary = std::make_shared<const UserDictionary>(std::move(*dictionary));
  Tokenizer tokenizer(options);
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    const std::string_view raw = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    std::size_t replacements = 0;
    const std::string line = replace_invalid_utf8(raw, replacements);
    const std::string with = joined(tokenizer.tokenize(line));
    const std::string without = joined(plain.tokenize(line));
    if (text_entries_only && with != without) __builtin_trap();
  }
  return 0;
}
