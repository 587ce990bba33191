// A backoff language model loaded for queries (from ARPA), KenLM-style: each n-gram is found by
// a 64-bit hash of its words in an open-addressing table per order.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/io/mapped_file.hpp"
#include "gramvec/ngram/ngram_table.hpp"
#include "gramvec/status.hpp"
#include "gramvec/text/tokenizer.hpp"

namespace gramvec::ngram {

class LineCursor;

// What a model's header comments say about how it was made (empty for foreign ARPA files).
struct ModelInfo {
  std::optional<text::TokenizerOptions> tokenizer;
  std::string smoothing;  // "mkn", ..., or "" when unknown
  std::vector<std::string> comments;
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
  static Result<NGramModel> load(const std::string& path);
  // Parses ARPA text held in memory; `name` is used in error messages. With `source`, the
  // parsed part of a memory-mapped file is released as parsing goes on.
  static Result<NGramModel> parse_arpa(std::string_view text, const std::string& name,
                                       io::MappedFile* source = nullptr);

  int order() const { return order_; }
  const ModelInfo& info() const { return info_; }
  // Unigram words in file order, <s> included.
  const std::vector<std::string>& words() const { return words_; }
  std::size_t ngram_count(int n) const { return tables_[static_cast<std::size_t>(n - 1)].size; }
  bool contains(std::string_view word) const;
  bool has_unknown_word() const { return has_unk_; }

  // State after <s>.
  ModelState begin_sentence() const;
  WordScore score(const ModelState& state, std::string_view word, ModelState& next) const;
  WordScore score_hash(const ModelState& state, std::uint64_t word_hash, ModelState& next) const;
  static std::uint64_t word_hash(std::string_view word);

 private:
  struct Entry {
    std::uint64_t key = 0;
    float log10_probability = 0.0F;
    float log10_backoff = 0.0F;
  };
  struct Table {
    std::vector<Entry> slots;
    std::size_t size = 0;
    void reserve(std::size_t count);
    Entry* insert(std::uint64_t key);  // nullptr if the key is present already
    const Entry* find(std::uint64_t key) const;
    std::size_t slot_of(std::uint64_t key) const;
  };
  static std::uint64_t extend_key(std::uint64_t key, std::uint64_t earlier_word_hash);
  // An n-gram parsed from ARPA, waiting to be inserted.
  struct PendingEntry {
    std::uint64_t key = 0;
    float log10_probability = 0.0F;
    float log10_backoff = 0.0F;
    std::string_view line;
    std::uint64_t line_number = 0;
  };
  static Status insert_entry(Table& table, const PendingEntry& pending, std::size_t n, const LineCursor& cursor);
  static Status insert_batch(Table& table, const std::array<PendingEntry, 32>& batch, std::size_t size,
                             std::size_t n, const LineCursor& cursor);

  int order_ = 0;
  ModelInfo info_;
  std::vector<std::string> words_;
  std::vector<Table> tables_;
  bool has_unk_ = false;
  std::uint64_t unk_hash_ = 0;
  std::uint64_t bos_hash_ = 0;
  float stupid_log10_alpha_ = 0.0F;
  bool stupid_ = false;
};

}  // namespace gramvec::ngram
