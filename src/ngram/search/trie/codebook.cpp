#include "ngram/search/trie/codebook.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace gramvec::ngram {

namespace {

bool same_bits(float a, float b) { return std::bit_cast<std::uint32_t>(a) == std::bit_cast<std::uint32_t>(b); }

// Sorted by value, and distinct down to the bit (so -0 and 0 are both kept, -0 first).
std::vector<float> sorted_distinct(std::vector<float> values) {
  std::sort(values.begin(), values.end(),
            [](float a, float b) { return a < b || (a == b && std::signbit(a) && !std::signbit(b)); });
  values.erase(std::unique(values.begin(), values.end(), same_bits), values.end());
  return values;
}

// Values that keep a centre of their own when quantizing: log10 1 (the backoff of an n-gram
// that is no context) and SRILM's log10 0.
bool is_special(float value) { return value == 0.0F || value == -99.0F; }

}  // namespace

Codebook Codebook::exact(std::span<const float> values) {
  return Codebook(sorted_distinct(std::vector<float>(values.begin(), values.end())));
}

Codebook Codebook::quantized(std::span<const float> values, int bits, bool probabilities) {
  std::size_t capacity = std::size_t{1} << bits;
  std::vector<float> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<float> distinct = sorted_distinct(sorted);
  if (distinct.size() <= capacity) return Codebook(std::move(distinct));

  std::vector<float> centers;
  std::vector<float> rest;
  rest.reserve(sorted.size());
  for (float value : sorted) {
    if (is_special(value)) {
      if (centers.empty() || centers.back() != value) centers.push_back(value);
    } else {
      rest.push_back(value);
    }
  }
  if (rest.empty()) return Codebook(sorted_distinct(std::move(centers)));
  std::size_t free = capacity - centers.size();
  // Even grids over the range of the values: of log10 values, and of probabilities.
  std::size_t log_grid = free / 4;
  std::size_t probability_grid = probabilities ? free / 4 : 0;
  std::size_t bins = free - log_grid - probability_grid;
  double low = rest.front();
  double high = rest.back();
  for (std::size_t i = 0; i < log_grid; ++i) {
    double fraction = (static_cast<double>(i) + 0.5) / static_cast<double>(log_grid);
    centers.push_back(static_cast<float>(low + (high - low) * fraction));
  }
  double low_probability = std::pow(10.0, low);
  double high_probability = std::pow(10.0, high);
  for (std::size_t i = 0; i < probability_grid; ++i) {
    double probability = low_probability + (high_probability - low_probability) * (static_cast<double>(i) + 0.5) /
                                               static_cast<double>(probability_grid);
    centers.push_back(static_cast<float>(std::log10(probability)));
  }
  // Equal-population bins, each centred on its mean.
  std::size_t count = rest.size();
  for (std::size_t bin = 0; bin < bins; ++bin) {
    std::size_t begin = bin * count / bins;
    std::size_t end = (bin + 1) * count / bins;
    if (begin == end) continue;
    double sum = 0.0;
    for (std::size_t i = begin; i < end; ++i) sum += rest[i];
    centers.push_back(static_cast<float>(sum / static_cast<double>(end - begin)));
  }
  return Codebook(sorted_distinct(std::move(centers)));
}

unsigned Codebook::index_bits() const {
  return centers_.size() <= 1 ? 0U : static_cast<unsigned>(std::bit_width(centers_.size() - 1));
}

std::uint32_t Codebook::index_of(float value) const {
  auto above = std::lower_bound(centers_.begin(), centers_.end(), value);
  if (above == centers_.end()) return static_cast<std::uint32_t>(centers_.size() - 1);
  if (*above == value) {
    // -0 and 0 compare equal: prefer the one with the same bits.
    if (!same_bits(*above, value) && above + 1 != centers_.end() && same_bits(above[1], value)) ++above;
    return static_cast<std::uint32_t>(above - centers_.begin());
  }
  if (above == centers_.begin()) return 0;
  auto below = above - 1;
  bool lower_is_nearer = std::fabs(value - *below) <= std::fabs(*above - value);
  return static_cast<std::uint32_t>((lower_is_nearer ? below : above) - centers_.begin());
}

std::vector<float> Codebook::padded() const {
  std::vector<float> result = centers_;
  result.resize(std::size_t{1} << index_bits(), centers_.empty() ? 0.0F : centers_.back());
  return result;
}

}  // namespace gramvec::ngram
