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
class Tokenizer;

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
  // An entry's key and word, in `arena_`: for text entries the text (key and word are the same
  // bytes); for token entries the tokens, each followed by NUL, and the word they become.
  struct Entry {
    std::uint32_t key_at = 0;
    std::uint32_t word_at = 0;
    std::uint16_t key_size = 0;
    std::uint16_t word_size = 0;
    bool tokens = false;
  };
  std::string_view key_bytes(const Entry& entry) const { return std::string_view(arena_).substr(entry.key_at, entry.key_size); }
  std::string_view word_of(const Entry& entry) const {
    return std::string_view(arena_).substr(entry.word_at, entry.word_size);
  }
  // A token entry before it is stored.
  struct Phrase {
    std::string key;
    std::string word;
    std::vector<std::uint64_t> prefix_keys;
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
  // What loading collects before finish(): every word's checksum, and the words that become token
  // entries (normalised), split once every text entry is known.
  struct Loading {
    std::vector<std::uint64_t> sorted;
    std::vector<std::string> phrases;
  };
  // The words of one file's text, prepared by `tokenizer` (which has no user dictionary).
  Status add_text(std::string_view text, const std::string& name, Tokenizer& tokenizer, Loading& loading);
  // Stores an entry (`word` empty: a text entry, its key the word).
  void add_entry(std::string_view key, std::string_view word, bool tokens, std::span<const std::uint64_t> prefix_keys);
  void add_phrases(const TokenizerOptions& options, Loading& loading);
  void finish(const TokenizerOptions& options, Loading& loading);
  static bool extends_grapheme_at(std::string_view text, std::size_t position);
  const Slot* find(std::uint64_t key) const;

  std::vector<Entry> entries_;
  std::string arena_;
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
