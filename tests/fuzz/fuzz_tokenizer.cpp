// The tokenizer, as every text command runs it on each line: the first byte picks the settings
// (--tokenizer word|char|space, --lower, --normalize nfkc|nfc|none), the rest is split into
// lines, repaired as --on-invalid replace does, then tokenized and split into sentences. Every
// token must be non-empty valid UTF-8.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "gramvec/text/tokenizer.hpp"
#include "gramvec/text/utf8.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace gramvec::text;

constexpr std::size_t kSettings = 3 * 2 * 3;

// Making an ICU break iterator takes far longer than tokenizing a line: one tokenizer per setting.
Tokenizer& tokenizer_for(std::size_t setting) {
  static std::array<std::unique_ptr<Tokenizer>, kSettings> tokenizers;
  std::unique_ptr<Tokenizer>& tokenizer = tokenizers[setting];
  if (!tokenizer) {
    TokenizerOptions options;
    constexpr std::array modes{TokenizerMode::word, TokenizerMode::character, TokenizerMode::space};
    constexpr std::array normalizations{Normalization::nfkc, Normalization::nfc, Normalization::none};
    options.mode = modes[setting % 3];
    options.lower = (setting / 3) % 2 == 1;
    options.normalize = normalizations[setting / 6];
    tokenizer = std::make_unique<Tokenizer>(options);
  }
  return *tokenizer;
}

void check_tokens(std::span<const std::string_view> tokens) {
  for (std::string_view token : tokens) {
    if (token.empty() || find_invalid_utf8(token).has_value()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  Tokenizer& tokenizer = tokenizer_for(data[0] % kSettings);
  std::string_view rest = gramvec::fuzz::as_view(data + 1, size - 1);
  while (!rest.empty()) {
    std::size_t end = rest.find('\n');
    std::string_view raw = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    std::size_t replacements = 0;
    std::string line = replace_invalid_utf8(raw, replacements);
    check_tokens(tokenizer.tokenize(line));
    std::span<const std::string_view> sentences = tokenizer.split_sentences(line);
    // The views live until the next call on the tokenizer: copy the sentences first.
    std::vector<std::string> copies(sentences.begin(), sentences.end());
    for (const std::string& sentence : copies) check_tokens(tokenizer.tokenize(sentence));
  }
  return 0;
}
