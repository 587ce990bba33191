// N-grams of one order: word ids of every entry, flat and sorted lexicographically, with counts.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "gramvec/ngram/options.hpp"
#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::ngram {

using vocab::WordId;

struct NGramTable {
  int order = 0;
  std::vector<WordId> words;          // `order` ids per entry
  std::vector<std::uint64_t> counts;  // one per entry

  std::size_t size() const { return counts.size(); }
  std::span<const WordId> ngram(std::size_t index) const {
    return {words.data() + index * static_cast<std::size_t>(order), static_cast<std::size_t>(order)};
  }
  // Entries [first, last) sharing the context (all words but the last) of entry `first`.
  std::size_t context_group_end(std::size_t first) const;
};

// Hash lookup from an n-gram's ids to its entry index in a table.
class NGramIndex {
 public:
  NGramIndex() = default;
  explicit NGramIndex(const NGramTable& table);
  std::optional<std::size_t> find(std::span<const WordId> ngram) const;

 private:
  const NGramTable* table_ = nullptr;
  std::vector<std::uint32_t> slots_;  // entry index + 1; 0 = empty
};

std::uint64_t hash_ngram(std::span<const WordId> ngram);

}  // namespace gramvec::ngram
