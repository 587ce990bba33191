// The hash layout (KenLM's PROBING): one open-addressing table per order, each n-gram found by
// the 64-bit key of its words. The fastest layout and the largest.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gramvec/ngram/model.hpp"
#include "ngram/format/binary_format.hpp"
#include "ngram/format/ngram_sink.hpp"
#include "ngram/search/backoff.hpp"
#include "ngram/search/hash/probing_table.hpp"

namespace gramvec::ngram {

class HashSearch {
 public:
  static constexpr std::uint32_t kFileId = 1;
  static constexpr int kMaxQuantizeBits = 0;
  static constexpr std::string_view kName = "hash";
  class Builder;

  // The tables of a binary model (borrowing the file's bytes).
  static Result<HashSearch> read(const BinaryHeader& header, const BinaryFileView& file);
  // What a binary model holds: the tables again at options.space, in an order that does not
  // depend on how they were filled. Written twice (offsets and checksum first), made once.
  class Image {
   public:
    // Its sections, with their offsets and counts in `header`.
    void write(SectionWriter& sections, BinaryHeader& header) const;

   private:
    friend class HashSearch;
    std::vector<ProbingTable<MiddleEntry>> tables_;
    ProbingTable<LastEntry> last_;
  };
  Image image(const BinaryModelOptions& options) const;

  int order() const { return order_; }
  int quantize_bits() const { return 0; }
  std::size_t size(int n) const {
    return n == order_ && order_ > 1 ? last_.size() : tables_[static_cast<std::size_t>(n - 1)].size();
  }
  bool contains(std::uint64_t word_key) const { return tables_[0].find(word_key) != nullptr; }
  // The key scoring uses for a word: its own, or <unk>'s for a word outside the model and <s>.
  std::uint64_t scored_key(std::uint64_t word_key) const {
    return contains(word_key) && word_key != bos_key_ ? word_key : unk_key_;
  }
  bool has_unknown_word() const { return contains(unk_key_); }

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
  std::uint64_t unk_key_ = 0;
  std::uint64_t bos_key_ = 0;
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
