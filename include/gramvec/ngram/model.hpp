// A backoff language model loaded for queries, from ARPA text or from gramvec's binary format
// (see binary_model.hpp), KenLM-style: each n-gram is found by a 64-bit hash of its words in an
// open-addressing table per order.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/io/mapped_file.hpp"
#include "gramvec/ngram/ngram_table.hpp"
#include "gramvec/ngram/probing_table.hpp"
#include "gramvec/status.hpp"
#include "gramvec/text/tokenizer.hpp"

namespace gramvec::ngram {

class LineCursor;

// What a model's header comments say about how it was made (empty for foreign ARPA files).
struct ModelInfo {
  std::optional<text::TokenizerOptions> tokenizer;
  std::string smoothing;  // "mkn", ..., or "" when unknown
  std::vector<std::string> comments;

  // Records one header comment line ("# ..." or without the '#').
  void add_comment(std::string_view comment);
};

// History carried from one word to the next within a sentence.
struct ModelState {
  int length = 0;   // number of words whose hashes are held (contexts that exist in the model)
  int history = 0;  // words of history available, up to order - 1 (for stupid backoff)
  std::array<std::uint64_t, kMaxOrder> word_hashes{};  // most recent word first
  std::array<float, kMaxOrder> backoffs{};  // backoffs[k]: log10 backoff of the context of k+1 words
};

struct WordScore {
  float log10_probability = 0.0F;
  int ngram_length = 0;  // length of the longest n-gram found (as KenLM's query)
  bool oov = false;      // scored as <unk>
};

class NGramModel {
 public:
  // ARPA or binary, told apart by content.
  static Result<NGramModel> load(const std::string& path);
  // Parses ARPA text held in memory; `name` is used in error messages. With `source`, the
  // parsed part of a memory-mapped file is released as parsing goes on.
  static Result<NGramModel> parse_arpa(std::string_view text, const std::string& name,
                                       io::MappedFile* source = nullptr);

  int order() const { return order_; }
  const ModelInfo& info() const { return info_; }
  // Unigram words in file order, <s> included.
  const std::vector<std::string>& words() const { return words_; }
  std::size_t ngram_count(int n) const { return table_size(n); }
  bool contains(std::string_view word) const;
  bool has_unknown_word() const { return has_unk_; }

  // State after <s>.
  ModelState begin_sentence() const;
  WordScore score(const ModelState& state, std::string_view word, ModelState& next) const;
  WordScore score_hash(const ModelState& state, std::uint64_t word_hash, ModelState& next) const;
  static std::uint64_t word_hash(std::string_view word);
  // The hash that scoring uses for a word: its own, or <unk>'s for a word outside the model.
  std::uint64_t scored_hash(std::uint64_t word_hash) const {
    return middle_[0].find(word_hash) != nullptr && word_hash != bos_hash_ ? word_hash : unk_hash_;
  }
  // Asks the memory system for the table slots that scoring a word will read: `hashes` holds a
  // sentence's word hashes from <s> on, and `position` indexes the word. Scoring a sentence
  // issues these a few words ahead, so that the lookups of several words overlap instead of
  // waiting for one cache miss after another (the tables are far larger than the caches).
  void prefetch(std::span<const std::uint64_t> hashes, std::size_t position) const;

 private:
  friend class BinaryModelCodec;
  static std::uint64_t extend_key(std::uint64_t key, std::uint64_t earlier_word_hash);
  // An n-gram parsed from ARPA, waiting to be inserted.
  struct PendingEntry {
    std::uint64_t key = 0;
    float log10_probability = 0.0F;
    float log10_backoff = 0.0F;
    std::string_view line;
    std::uint64_t line_number = 0;
  };
  template <typename EntryType>
  static Status insert_entry(ProbingTable<EntryType>& table, const PendingEntry& pending, std::size_t n,
                             const LineCursor& cursor);
  template <typename EntryType>
  static Status insert_batch(ProbingTable<EntryType>& table, const std::array<PendingEntry, 32>& batch,
                             std::size_t size, std::size_t n, const LineCursor& cursor);
  // Sets the fields that follow from the tables (<unk>, <s>); fails without <s>.
  Status finish_loading(const std::string& name);
  std::size_t table_size(int n) const {
    return n == order_ && order_ > 1 ? last_.size() : middle_[static_cast<std::size_t>(n - 1)].size();
  }

  int order_ = 0;
  ModelInfo info_;
  std::vector<std::string> words_;
  std::vector<ProbingTable<MiddleEntry>> middle_;  // orders 1 .. max(1, order - 1)
  ProbingTable<LastEntry> last_;                  // the highest order, when above 1
  std::shared_ptr<io::MappedFile> mapped_;        // a binary model's file, which the tables borrow
  bool has_unk_ = false;
  std::uint64_t unk_hash_ = 0;
  std::uint64_t bos_hash_ = 0;
  float stupid_log10_alpha_ = 0.0F;
  bool stupid_ = false;
};

}  // namespace gramvec::ngram
