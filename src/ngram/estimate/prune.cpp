#include "ngram/estimate/prune.hpp"

#include <algorithm>

#include "ngram/estimate/smoothing/smoothing_method.hpp"

namespace gramvec::ngram {

std::vector<std::vector<std::uint8_t>> select_kept(const std::vector<NGramTable>& tables,
                                                   const std::vector<NGramIndex>& indexes,
                                                   const std::vector<std::vector<std::uint32_t>>& suffix,
                                                   const EstimationOptions& options) {
  std::vector<std::vector<std::uint8_t>> kept(tables.size());
  for (std::size_t n = 1; n <= tables.size(); ++n) kept[n - 1].assign(tables[n - 1].size(), 1);
  const SmoothingMethod& method = smoothing_of(options);
  bool cuts = !options.prune_thresholds.empty();
  for (std::size_t n = 2; n <= tables.size(); ++n) cuts = cuts || method.min_count(static_cast<int>(n), options) > 1;
  if (!cuts) return kept;

  // From the highest order down, so that "needed by a kept longer n-gram" is known in time.
  for (std::size_t n = tables.size(); n >= 2; --n) {
    const NGramTable& table = tables[n - 1];
    // Dropped at or below the --prune threshold, or below the method's minimum count.
    std::uint64_t threshold =
        std::max(options.prune_threshold(static_cast<int>(n)), method.min_count(static_cast<int>(n), options) - 1);
    auto& flags = kept[n - 1];
    for (std::size_t index = 0; index < table.size(); ++index) {
      // flags start as 1 only when set by a longer n-gram (reset below for the top order).
      bool needed = n < tables.size() && flags[index] == 2;
      flags[index] = (table.counts[index] > threshold || needed) ? 1 : 0;
    }
    if (n == 2) break;
    auto& lower = kept[n - 2];
    if (n - 1 >= 2) std::fill(lower.begin(), lower.end(), 0);
    for (std::size_t index = 0; index < table.size(); ++index) {
      if (!flags[index]) continue;
      lower[suffix[n - 1][index]] = 2;
      if (auto prefix = indexes[n - 2].find(table.ngram(index).first(n - 1))) lower[*prefix] = 2;
    }
  }
  return kept;
}

}  // namespace gramvec::ngram
