// Tokenizer: Unicode normalisation, optional case folding and segmentation into tokens.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/status.hpp"

namespace gramvec::text {

class UserDictionary;

enum class TokenizerMode { word, character, space };
enum class Normalization { none, nfc, nfkc };

struct TokenizerOptions {
  TokenizerMode mode = TokenizerMode::word;
  bool lower = false;  // full Unicode case folding
  Normalization normalize = Normalization::nfkc;
  // A user dictionary: recorded by its checksum (0: none) and the paths it was read from (for
  // messages); `user_dictionary` holds its entries, read for the settings above (see
  // load_user_dictionary). A description read back has the checksum and paths only.
  std::uint64_t user_dict_checksum = 0;
  std::vector<std::string> user_dict_paths;
  std::shared_ptr<const UserDictionary> user_dictionary;

  // "tokenizer=word lower=0 normalize=nfkc", then "user_dict=<checksum> user_dict_path=<paths>"
  // with a user dictionary: recorded in model and vocabulary headers.
  std::string describe() const;
  // Parses the output of describe() (keys in any order, unknown keys are an error).
  static Result<TokenizerOptions> parse(std::string_view description);
  // The same tokens: the same settings and the same user dictionary's checksum.
  bool operator==(const TokenizerOptions& other) const;
};

// Reads the user dictionary files `paths` for `options`' settings into `options`.
Status load_user_dictionary(TokenizerOptions& options, const std::vector<std::string>& paths);
// "user dictionary a.dict (checksum 0123456789abcdef)" or "no user dictionary", for messages.
std::string describe_user_dictionary(const TokenizerOptions& options);

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

  // `text` normalised and case-folded as tokenize() sees it. The view may point into a buffer of
  // this tokenizer, valid until the next call.
  std::string_view prepare(std::string_view text);

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
