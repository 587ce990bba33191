// User dictionaries (jieba's format): words the tokenizer must keep whole. A word with a
// character of a script written without spaces (Chinese, Japanese, Thai, ...) is a text entry,
// matched in the text as written wherever it occurs. Any other word is a token entry: the tokens
// the tokenizer makes of it, with '_' read as a space ("new_york" is `new york`, "AT&T" is
// `AT & T`), become the word itself.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/status.hpp"

namespace gramvec::text {

struct TokenizerOptions;

class UserDictionary {
 public:
  // One entry a line: `word [count] [tag]`, fields separated by spaces or tabs; '#' starts a
  // comment line; blank lines are skipped. Errors name the file (`name`) and line. Entries are
  // normalised, case-folded and split as `options` say (their own user dictionary is ignored),
  // so that they meet the text as the tokenizer sees it. A word listed again is one entry.
  static Result<UserDictionary> parse(std::string_view text, const std::string& name,
                                      const TokenizerOptions& options);
  // The files in turn (their entries together); a file without a word is an error.
  static Result<UserDictionary> load(std::span<const std::string> paths, const TokenizerOptions& options);

  // Words read (text entries, token entries, and words the tokenizer keeps whole anyway).
  std::size_t words() const { return words_; }
  std::size_t text_entries() const { return text_entries_; }
  std::size_t token_entries() const { return token_entries_; }
  // XXH3-64 of the words as written (sorted, whatever the files' order): what a model records.
  std::uint64_t checksum() const { return checksum_; }

  // Whether a text entry may start with the bytes `first`, `second` (a cheap filter: false means
  // none does). Every text entry has at least two bytes.
  bool may_start_text(unsigned char first, unsigned char second) const {
    const unsigned bit = (static_cast<unsigned>(first) << 8) | second;
    return ((text_starts_[bit / 64] >> (bit % 64)) & 1) != 0;
  }
  // The bytes of the longest text entry that `text` starts with; 0 when none.
  std::size_t longest_match(std::string_view text) const;

  // Whether a token entry may start with `token` (a cheap filter: false means none does).
  bool may_start_tokens(std::string_view token) const {
    const unsigned bit = token_filter_bit(token);
    return ((token_starts_[bit / 64] >> (bit % 64)) & 1) != 0;
  }
  struct TokenMatch {
    std::size_t tokens = 0;  // 0: no entry
    std::string_view word;   // the entry's word (normalised as the text), valid with *this
  };
  // The longest token entry that `tokens` starts with.
  TokenMatch longest_token_match(std::span<const std::string_view> tokens) const;

 private:
  struct Slot {
    std::uint64_t key = 0;    // the prefix's hash; 0: empty
    std::uint32_t entry = 0;  // 1 + the entry that ends here; 0: a prefix only
  };
  struct Entry {
    std::string key;   // text entries: the text; token entries: the tokens, each followed by NUL
    std::string word;  // what the match becomes
    bool tokens = false;
  };
  static constexpr std::size_t kFilterBits = 1 << 16;
  static unsigned token_filter_bit(std::string_view token) {
    const std::size_t n = token.size();
    const unsigned first = n > 0 ? static_cast<unsigned char>(token[0]) : 0U;
    const unsigned last = n > 0 ? static_cast<unsigned char>(token[n - 1]) : 0U;
    return ((first * 131U + last) * 31U + static_cast<unsigned>(n < 63 ? n : 63)) % kFilterBits;
  }

  // Inserts every prefix of an entry (at character or token boundaries) and the entry itself.
  void insert(std::span<const std::uint64_t> prefix_keys, std::uint32_t entry);
  void grow();
  void grow_to(std::size_t size);  // a power of two
  // Room for the prefixes of about `lines` more words.
  void reserve(std::size_t lines);
  // The entries of one file's text; `sorted` collects every word's checksum.
  Status add_text(std::string_view text, const std::string& name, const TokenizerOptions& options,
                  std::vector<std::uint64_t>& sorted);
  void finish(std::vector<std::uint64_t>& sorted);
  const Slot* find(std::uint64_t key) const;

  std::vector<Entry> entries_;
  std::vector<Slot> slots_;
  std::size_t used_ = 0;
  std::size_t words_ = 0;
  std::size_t text_entries_ = 0;
  std::size_t token_entries_ = 0;
  std::uint64_t checksum_ = 0;
  std::array<std::uint64_t, kFilterBits / 64> text_starts_{};
  std::array<std::uint64_t, kFilterBits / 64> token_starts_{};
};

}  // namespace gramvec::text
