// A backoff model's n-grams as a reverse trie of sorted, bit-packed arrays (the structure of
// KenLM's TRIE): the binary model's `trie` layout, several times smaller than the hash tables.
//
// Words are ids: their index in the 1-gram list (ARPA order); a small open-addressing table maps
// a word's hash to its id. An n-gram is the path from its newest word back to its oldest, which
// is the order in which scoring extends a context:
//   level 1: one entry per word id {log10 p, log10 backoff, first child}, plus one sentinel.
//   level n (2 <= n <= order): the n-grams grouped under their n-1 newest words (the parent, in
//     level n-1; the groups in the parents' order) and sorted by the oldest word's id within a
//     group. An entry is the fields [oldest word id][log10 p][log10 backoff][first child]
//     packed without gaps (BitPackedArray); the highest order has neither backoff nor children.
//     The children of entry i are the entries [first child(i), first child(i + 1)) of the next
//     level, so each middle level ends with a sentinel entry whose first child is the size of
//     the next level. A child is found by interpolation search over the word id field.
// Field widths: word ids ceil(log2 V) bits, first child enough bits for the next level's size;
// probabilities and backoffs as ColumnFormat says, chosen per level when the trie is built.
#pragma once

#include <bit>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gramvec/status.hpp"
#include "ngram/search/hash/probing_table.hpp"
#include "ngram/search/trie/bit_packed_array.hpp"

namespace gramvec::ngram {

// How a level holds its probabilities or backoffs.
enum class ValueEncoding : std::uint32_t {
  none = 0,           // no field: every value is 0 (the backoffs of the highest order)
  float32 = 1,        // the float's 32 bits
  nonpositive31 = 2,  // a float <= 0 without its sign bit (KenLM's 31-bit probabilities); 0 is +0
  codebook = 3,       // an index into a Codebook of 2^bits values: lossless when the codebook
                      // holds every distinct value, quantized otherwise
};

struct ColumnFormat {
  ValueEncoding encoding = ValueEncoding::none;
  std::uint32_t bits = 0;  // field width: 0, 32, 31, or the codebook's index bits
};

// Turns a field back into a float.
class ValueColumn {
 public:
  ValueColumn() = default;
  // `codebook` holds 2^format.bits values for ValueEncoding::codebook and is ignored otherwise.
  ValueColumn(const ColumnFormat& format, std::span<const float> codebook)
      : codebook_(format.encoding == ValueEncoding::codebook ? codebook.data() : nullptr),
        sign_(format.encoding == ValueEncoding::nonpositive31 ? 0x80000000U : 0U) {}
  float decode(std::uint64_t field) const {
    if (codebook_ != nullptr) return codebook_[field];
    auto bits = static_cast<std::uint32_t>(field);
    return std::bit_cast<float>(bits != 0 ? bits | sign_ : bits);
  }

 private:
  const float* codebook_ = nullptr;
  std::uint32_t sign_ = 0;
};

struct TrieLevelFormat {
  std::uint32_t word_bits = 0;
  std::uint32_t next_bits = 0;  // the first-child field; 0 at the highest order
  ColumnFormat probability;
  ColumnFormat backoff;  // ValueEncoding::none at the highest order
  std::uint32_t entry_bits() const { return word_bits + probability.bits + backoff.bits + next_bits; }
};

// One level n >= 2 (see the top of this file). Borrows its bits and codebooks.
class TrieLevel {
 public:
  static constexpr std::uint64_t kNotFound = ~std::uint64_t{0};

  TrieLevel() = default;
  // `entries`: the n-grams, plus the sentinel when format.next_bits > 0; word ids are below
  // `vocabulary_size`.
  TrieLevel(const TrieLevelFormat& format, std::uint64_t entries, std::uint64_t vocabulary_size, BitPackedArray bits,
            std::span<const float> probability_codebook, std::span<const float> backoff_codebook);

  // The n-grams (the sentinel not counted).
  std::uint64_t size() const { return size_; }
  std::uint64_t word(std::uint64_t i) const { return bits_.read_masked(i * entry_bits_, word_mask_); }
  float probability(std::uint64_t i) const {
    return probability_.decode(bits_.read_masked(i * entry_bits_ + probability_shift_, probability_mask_));
  }
  float backoff(std::uint64_t i) const {
    return backoff_.decode(bits_.read_masked(i * entry_bits_ + backoff_shift_, backoff_mask_));
  }
  std::uint64_t first_child(std::uint64_t i) const {
    return bits_.read_masked(i * entry_bits_ + next_shift_, next_mask_);
  }
  // The entry in [begin, end) (one group, sorted by word id) whose word is `word`, or kNotFound.
  std::uint64_t find(std::uint64_t begin, std::uint64_t end, std::uint64_t word) const;
  // Starts loading the cache line that find(begin, end, word) reads first.
  void prefetch_find(std::uint64_t begin, std::uint64_t end, std::uint64_t word) const {
    std::uint64_t first = end - begin >= kScanBelow ? interpolate(begin, end, word, -1.0, word_limit_) : begin;
    __builtin_prefetch(bits_.address_of(first * entry_bits_));
  }

  const TrieLevelFormat& format() const { return format_; }
  BitPackedArray bits() const { return bits_; }
  std::span<const float> probability_codebook() const { return probability_codebook_; }
  std::span<const float> backoff_codebook() const { return backoff_codebook_; }

 private:
  // Ranges this short are scanned: fewer cache lines than the probes of a search.
  static constexpr std::uint64_t kScanBelow = 8;
  // Where `word` should be in [begin, end) if the ids there are spread evenly between `below`
  // and `above` (the ids just outside the range, below < word < above).
  static std::uint64_t interpolate(std::uint64_t begin, std::uint64_t end, std::uint64_t word, double below,
                                   double above) {
    auto offset = static_cast<std::uint64_t>((static_cast<double>(word) - below) / (above - below) *
                                             static_cast<double>(end - begin));
    return begin + (offset < end - begin ? offset : end - begin - 1);
  }

  TrieLevelFormat format_;
  BitPackedArray bits_;
  std::span<const float> probability_codebook_;
  std::span<const float> backoff_codebook_;
  ValueColumn probability_;
  ValueColumn backoff_;
  std::uint64_t size_ = 0;
  double word_limit_ = 0.0;  // the vocabulary size
  std::uint64_t entry_bits_ = 0;
  std::uint64_t probability_shift_ = 0;
  std::uint64_t backoff_shift_ = 0;
  std::uint64_t next_shift_ = 0;
  std::uint64_t word_mask_ = 0;
  std::uint64_t probability_mask_ = 0;
  std::uint64_t backoff_mask_ = 0;
  std::uint64_t next_mask_ = 0;
};

struct TrieUnigram {
  float log10_probability = 0.0F;
  float log10_backoff = 0.0F;
  std::uint64_t first_child = 0;  // in level 2
};
static_assert(sizeof(TrieUnigram) == 16);

// A slot of the word hash -> id table (a ProbingTable).
struct VocabularyEntry {
  std::uint64_t key = 0;  // the word's hash; 0: empty slot
  std::uint32_t id = 0;
  std::uint32_t unused = 0;
};
static_assert(sizeof(VocabularyEntry) == 16);

class Trie {
 public:
  static constexpr std::uint32_t kNoWord = 0xffffffffU;

  Trie() = default;
  Trie(Trie&&) noexcept = default;
  Trie& operator=(Trie&&) noexcept = default;
  Trie(const Trie&) = delete;
  Trie& operator=(const Trie&) = delete;

  // A trie over parts that something else owns (a mapped file): the vocabulary table's slots,
  // the 1-grams (V + 1 with the sentinel) and the levels 2 .. order. Check it with check().
  static Trie borrow(std::span<const VocabularyEntry> vocabulary_slots, std::size_t vocabulary_size,
                     std::span<const TrieUnigram> unigrams, std::vector<TrieLevel> levels);
  // Whether the structure is sound: ids within the vocabulary, child ranges in bounds and in
  // order, every level's end where its parents say. A trie read from a file must pass it before
  // any query (it never reads out of bounds then, whatever the values in the fields).
  Status check() const;

  std::uint32_t word_id(std::uint64_t word_hash) const {
    const VocabularyEntry* entry = vocabulary_.find(word_hash);
    return entry != nullptr ? entry->id : kNoWord;
  }
  const TrieUnigram& unigram(std::uint32_t id) const { return unigrams_[id]; }
  // The 2-grams whose newest word is `id` (its children): [first, end).
  std::uint64_t children_end(std::uint32_t id) const { return unigrams_[id + 1].first_child; }
  int order() const { return static_cast<int>(levels_.size()) + 1; }
  std::uint64_t size(int n) const {
    return n == 1 ? unigrams_.size() - 1 : levels_[static_cast<std::size_t>(n - 2)].size();
  }
  const TrieLevel& level(int n) const { return levels_[static_cast<std::size_t>(n - 2)]; }

  std::span<const VocabularyEntry> vocabulary_slots() const { return vocabulary_.slots(); }
  std::span<const TrieUnigram> unigrams() const { return unigrams_; }

 private:
  friend class TrieBuilder;

  ProbingTable<VocabularyEntry> vocabulary_;
  std::span<const TrieUnigram> unigrams_;
  std::vector<TrieLevel> levels_;  // index n - 2
  // What a trie built in memory owns (empty for a borrowed one).
  std::vector<TrieUnigram> owned_unigrams_;
  std::vector<BitPackedWriter> owned_levels_;
  std::vector<std::vector<float>> owned_codebooks_;
};

}  // namespace gramvec::ngram
