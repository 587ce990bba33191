// User dictionaries (jieba's format): words the tokenizer must keep whole. Entries of scripts
// written without spaces (Chinese, Japanese, Thai, ...) are matched in the text as written,
// wherever they occur; an entry joined with '_' ("new_york") is a sequence of tokens, matched
// after the text is split ("new york" -> "new_york").
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/status.hpp"

namespace gramvec::text {

class UserDictionary {
 public:
  // One entry a line: `word [count] [tag]`, fields separated by spaces or tabs; '#' starts a
  // comment line; blank lines are skipped. Errors name the file (`name`) and line. A word listed
  // again is one entry.
  static Result<UserDictionary> parse(std::string_view text, const std::string& name);
  // The files in turn (their entries together); a file with no entry is an error.
  static Result<UserDictionary> load(std::span<const std::string> paths);

  std::size_t size() const { return entries_.size(); }
  bool empty() const { return size() == 0; }
  // XXH3-64 of the entries (sorted, whatever the files' order): what a model records.
  std::uint64_t checksum() const { return checksum_; }

  // The bytes of the longest text entry (a word of a script written without spaces) that `text`
  // starts with; 0 when none.
  std::size_t longest_match(std::string_view text) const;
  // The number of tokens of the longest '_' entry that `tokens` starts with; 0 when none (an
  // entry has at least two tokens).
  std::size_t longest_token_match(std::span<const std::string_view> tokens) const;

 private:
  struct Slot {
    std::uint64_t key = 0;    // the prefix's hash; 0: empty
    std::uint32_t entry = 0;  // 1 + the entry that ends here; 0: a prefix only
  };
  // Inserts every prefix of an entry (at character or token boundaries) and the entry itself.
  void insert(std::span<const std::uint64_t> prefix_keys, std::uint32_t entry);
  void grow();
  // The entries of one file's text; `sorted` collects every word for the checksum.
  Status add_text(std::string_view text, const std::string& name, std::vector<std::string>& sorted);
  void finish(std::vector<std::string>& sorted);
  const Slot* find(std::uint64_t key) const;

  // Text entries as written; token entries as their tokens joined with NUL (no token holds it).
  std::vector<std::string> entries_;
  std::vector<char> is_token_entry_;
  std::vector<Slot> slots_;
  std::size_t used_ = 0;
  std::size_t text_entries_ = 0;
  std::size_t token_entries_ = 0;
  std::uint64_t checksum_ = 0;
};

}  // namespace gramvec::text
