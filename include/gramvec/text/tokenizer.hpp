// Tokenizer: Unicode normalisation, optional case folding and segmentation into tokens.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/status.hpp"

namespace gramvec::text {

enum class TokenizerMode { word, character, space };
enum class Normalization { none, nfc, nfkc };

struct TokenizerOptions {
  TokenizerMode mode = TokenizerMode::word;
  bool lower = false;  // full Unicode case folding
  Normalization normalize = Normalization::nfkc;

  // "tokenizer=word lower=0 normalize=nfkc": recorded in model and vocabulary headers.
  std::string describe() const;
  // Parses the output of describe() (keys in any order, unknown keys are an error).
  static Result<TokenizerOptions> parse(std::string_view description);
  bool operator==(const TokenizerOptions&) const = default;
};

std::string_view mode_name(TokenizerMode mode);
std::string_view normalization_name(Normalization normalization);
Result<TokenizerMode> parse_mode(std::string_view name);
Result<Normalization> parse_normalization(std::string_view name);

// Splits one line of valid UTF-8 (no trailing newline) into tokens.
// Not thread-safe: use one Tokenizer per thread.
class Tokenizer {
 public:
  explicit Tokenizer(TokenizerOptions options);
  ~Tokenizer();
  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  const TokenizerOptions& options() const { return options_; }

  // Tokens of `line`. The views point into `line` or into this tokenizer's own buffer and stay
  // valid until the next call on this tokenizer (and while `line` lives).
  std::span<const std::string_view> tokenize(std::string_view line);

  // Sentences of `line` by ICU's sentence break iterator (after normalisation), each trimmed of
  // surrounding whitespace; empty sentences dropped. Views valid until the next call.
  std::span<const std::string_view> split_sentences(std::string_view line);

 private:
  struct Impl;
  TokenizerOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gramvec::text
