#include "ngram/estimate/adjust.hpp"

#include "ngram/count/count.hpp"
#include "util/concurrency.hpp"

namespace gramvec::ngram {

std::vector<std::vector<std::uint32_t>> link_suffixes(const std::vector<NGramTable>& tables,
                                                      const std::vector<NGramIndex>& indexes) {
  std::vector<std::vector<std::uint32_t>> suffix(tables.size());
  util::parallel_for(2, tables.size() + 1, [&](std::size_t n) {
    const NGramTable& table = tables[n - 1];
    auto& links = suffix[n - 1];
    links.resize(table.size());
    for (std::size_t index = 0; index < table.size(); ++index) {
      auto found = indexes[n - 2].find(table.ngram(index).subspan(1));
      links[index] = static_cast<std::uint32_t>(found.value_or(0));
    }
  });
  return suffix;
}

std::vector<std::vector<std::uint64_t>> adjust_counts(const std::vector<NGramTable>& tables,
                                                      const std::vector<std::vector<std::uint32_t>>& suffix,
                                                      bool continuation) {
  std::vector<std::vector<std::uint64_t>> adjusted(tables.size());
  for (std::size_t n = 1; n <= tables.size(); ++n) adjusted[n - 1] = tables[n - 1].counts;
  if (!continuation) return adjusted;

  for (std::size_t n = 1; n < tables.size(); ++n) {
    const NGramTable& table = tables[n - 1];
    auto& counts = adjusted[n - 1];
    std::fill(counts.begin(), counts.end(), 0);
    // Each distinct (n+1)-gram adds one to the continuation count of its suffix.
    for (std::uint32_t lower : suffix[n]) ++counts[lower];
    for (std::size_t index = 0; index < table.size(); ++index) {
      if (table.ngram(index)[0] == vocab::Vocabulary::kBos) counts[index] = table.counts[index];
    }
  }
  return adjusted;
}

}  // namespace gramvec::ngram
