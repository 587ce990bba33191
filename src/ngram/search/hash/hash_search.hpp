// The hash layout (KenLM's PROBING): one open-addressing table per order, each n-gram found by
// the 64-bit key of its words. The fastest layout and the largest.
#pragma once

#include "ngram/search/hash/probing_table.hpp"
#include "ngram/search/layout.hpp"

namespace gramvec::ngram {

class HashSearch {
 public:
  static constexpr LayoutId kId{1, 0, "hash"};
  class Builder;

  // What a binary model holds: the tables again at options.space, in an order that does not
  // depend on how they were filled. Written twice (offsets and checksum first), made once.
  struct Image {
    std::vector<ProbingTable<MiddleEntry>> tables;
    ProbingTable<LastEntry> last;
    // Its sections, with their offsets and counts in `header`.
    void write(SectionWriter& sections, BinaryHeader& header) const;
  };
  Image image(const BinaryModelOptions& options) const;
  // The tables of a binary model (borrowing the file's bytes).
  static Result<HashSearch> read(const BinaryHeader& header, const BinaryFileView& file);

  int order() const { return order_; }
  int quantize_bits() const { return 0; }
  std::size_t size(int n) const {
    return n == order_ && order_ > 1 ? last_.size() : tables_[static_cast<std::size_t>(n - 1)].size();
  }
  bool contains(std::uint64_t word_key) const { return tables_[0].find(word_key) != nullptr; }
  std::uint64_t scored_key(std::uint64_t word_key) const { return keys_.scored(word_key, contains(word_key)); }
  bool has_unknown_word() const { return contains(keys_.unk); }

  // The stored values of the n-gram of order n whose key (util::extend_word_key over its words,
  // newest first) is `key`, for listing the n-grams: false if there is none. The highest order
  // has no backoff: NaN.
  bool find(int n, std::uint64_t key, float& log10_probability, float& log10_backoff) const;
  // Calls visit(key) for the key of every n-gram of order n, in slot order.
  template <typename Visit>
  void for_each_key(int n, Visit&& visit) const {
    auto keys = [&](const auto& table) {
      for (const auto& entry : table.slots()) {
        if (entry.key != 0) visit(entry.key);
      }
    };
    if (n == order_ && n > 1) {
      keys(last_);
    } else {
      keys(tables_[static_cast<std::size_t>(n - 1)]);
    }
  }
  // Fetches the slot find(n, key) starts at into cache.
  void prefetch(int n, std::uint64_t key) const {
    if (n == order_ && n > 1) {
      last_.prefetch(key);
    } else {
      tables_[static_cast<std::size_t>(n - 1)].prefetch(key);
    }
  }

  ModelState begin_sentence() const;
  void prefetch(std::span<const std::uint64_t> keys, std::size_t position) const;
  WordScore score(const ModelState& state, std::uint64_t word_key, ModelState& next, const BackoffRule& rule) const;

 private:
  // <unk> and <s>; fails without <s>.
  Status prepare(const std::string& name);

  int order_ = 0;
  // Orders 1 .. max(1, order - 1), whose entries carry a backoff; tables_[n - 1] is order n.
  std::vector<ProbingTable<MiddleEntry>> tables_;
  ProbingTable<LastEntry> last_;  // the highest order, when above 1
  SpecialKeys keys_;
};

// Fills the tables from a model's n-grams (from ARPA text or an estimate), in batches whose
// slots are fetched into cache first: the tables are far larger than the cache, so this
// overlaps the memory latency of the inserts.
class HashSearch::Builder final : public NGramSink {
 public:
  // (The same arguments as every layout's builder; the tables grow to the counts each order
  // announces.)
  Builder(int order, const std::vector<std::size_t>& capacities, const BinaryModelOptions& options);
  void begin_order(std::size_t n, std::size_t count) override;
  Status add(std::span<const std::string_view> words, float log10_probability, float log10_backoff,
             std::string_view line, const EntryOrigin& origin) override;
  Status flush(const EntryOrigin& origin) override;
  Result<HashSearch> finish(const std::string& name, const std::vector<std::string>& words);

 private:
  // An n-gram waiting to be inserted.
  struct Pending {
    std::uint64_t key = 0;
    float log10_probability = 0.0F;
    float log10_backoff = 0.0F;
    std::string_view line;
    std::uint64_t line_number = 0;
  };
  template <typename EntryType>
  Status insert(ProbingTable<EntryType>& table, const Pending& pending, const EntryOrigin& origin) const;
  template <typename EntryType>
  Status insert_batch(ProbingTable<EntryType>& table, const EntryOrigin& origin) const;

  HashSearch search_;
  std::size_t n_ = 0;
  bool last_ = false;
  std::array<Pending, 32> batch_;
  std::size_t batch_size_ = 0;
};

}  // namespace gramvec::ngram
