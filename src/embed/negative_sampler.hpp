// Draws negative samples from the unigram distribution raised to the power 0.75 (Mikolov et al.
// 2013b). Instead of word2vec's 10^8-entry table, Walker's alias method: exact probabilities,
// 8 bytes per word, one random number and at most two lookups per sample.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "embed/random.hpp"

namespace gramvec::embed {

class NegativeSampler {
 public:
  NegativeSampler() = default;
  explicit NegativeSampler(std::span<const std::uint64_t> counts, double power = 0.75);

  std::uint32_t sample(Random& random) const {
    std::uint64_t bits = random.next();
    auto slot = static_cast<std::uint32_t>(((bits >> 32) * static_cast<std::uint64_t>(entries_.size())) >> 32);
    const Entry& entry = entries_[slot];
    return static_cast<std::uint32_t>(bits) < entry.threshold ? slot : entry.alias;
  }
  // The probability with which sample() returns `word` (for tests).
  double probability(std::uint32_t word) const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::uint32_t threshold;  // keep the slot's own word when the low 32 random bits are below
    std::uint32_t alias;
  };
  std::vector<Entry> entries_;
};

}  // namespace gramvec::embed
