#include "embed/negative_sampler.hpp"

#include <cmath>

namespace gramvec::embed {

NegativeSampler::NegativeSampler(std::span<const std::uint64_t> counts, double power) {
  const std::size_t words = counts.size();
  if (words == 0) return;
  std::vector<double> scaled(words);
  double total = 0.0;
  for (std::size_t word = 0; word < words; ++word) {
    scaled[word] = std::pow(static_cast<double>(counts[word]), power);
    total += scaled[word];
  }
  // Vose's variant: each slot holds probability mass 1 (in units of 1/words), split between its
  // own word and one alias.
  std::vector<std::size_t> small;
  std::vector<std::size_t> large;
  for (std::size_t word = 0; word < words; ++word) {
    scaled[word] = total > 0.0 ? scaled[word] * static_cast<double>(words) / total : 1.0;
    (scaled[word] < 1.0 ? small : large).push_back(word);
  }
  entries_.assign(words, Entry{0xffffffffu, 0});
  for (std::size_t word = 0; word < words; ++word) entries_[word].alias = static_cast<std::uint32_t>(word);
  auto to_threshold = [](double fraction) {
    double bits = std::floor(fraction * 4294967296.0);
    return bits >= 4294967295.0 ? 0xffffffffu : static_cast<std::uint32_t>(bits);
  };
  while (!small.empty() && !large.empty()) {
    std::size_t light = small.back();
    small.pop_back();
    std::size_t heavy = large.back();
    entries_[light].threshold = to_threshold(scaled[light]);
    entries_[light].alias = static_cast<std::uint32_t>(heavy);
    scaled[heavy] = (scaled[heavy] + scaled[light]) - 1.0;
    if (scaled[heavy] < 1.0) {
      large.pop_back();
      small.push_back(heavy);
    }
  }
  // Whatever remains has mass 1 up to rounding: always itself.
  for (std::size_t word : small) entries_[word].threshold = 0xffffffffu;
  for (std::size_t word : large) entries_[word].threshold = 0xffffffffu;
}

double NegativeSampler::probability(std::uint32_t word) const {
  double mass = 0.0;
  for (std::size_t slot = 0; slot < entries_.size(); ++slot) {
    double own = static_cast<double>(entries_[slot].threshold) / 4294967296.0;
    if (entries_[slot].threshold == 0xffffffffu) own = 1.0;
    if (slot == word) mass += own;
    if (entries_[slot].alias == word && slot != word) mass += 1.0 - own;
  }
  return mass / static_cast<double>(entries_.size());
}

}  // namespace gramvec::embed
