#include "ngram/estimate/discount.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "ngram/estimate/smoothing/smoothing_method.hpp"

namespace gramvec::ngram {

std::vector<std::uint64_t> counts_of_counts(const NGramTable& table, const std::vector<std::uint64_t>& counts,
                                            std::uint64_t max_count) {
  std::vector<std::uint64_t> result(max_count + 1, 0);
  for (std::size_t index = 0; index < counts.size(); ++index) {
    if (table.order == 1 && table.ngram(index)[0] == vocab::Vocabulary::kBos) continue;
    std::uint64_t count = counts[index];
    if (count >= 1 && count <= max_count) ++result[count];
  }
  return result;
}

std::string discount_fallback_hint(const EstimationOptions& options) {
  return fmt::format("use --discount-fallback (D = {}) or another --smoothing (wb, katz, addk)",
                     fmt::join(options.fallback_discounts, " "));
}

std::uint64_t histogram_max_count(const EstimationOptions& options) {
  std::uint64_t largest = 4;  // modified Kneser-Ney looks at counts 1..4
  for (int n = 1; n <= std::max(options.order, 1); ++n) largest = std::max(largest, options.katz_max_count(n) + 1);
  return largest;
}

Result<std::vector<OrderDiscount>> estimate_discounts(const std::vector<NGramTable>& tables,
                                                      const std::vector<std::vector<std::uint64_t>>& counts,
                                                      const EstimationOptions& options,
                                                      std::vector<std::string>& warnings) {
  std::vector<std::vector<std::uint64_t>> histograms(tables.size());
  for (std::size_t n = 1; n <= tables.size(); ++n) {
    histograms[n - 1] = counts_of_counts(tables[n - 1], counts[n - 1], histogram_max_count(options));
  }
  return estimate_discounts(histograms, options, warnings);
}

Result<std::vector<OrderDiscount>> estimate_discounts(const std::vector<std::vector<std::uint64_t>>& histograms,
                                                      const EstimationOptions& options,
                                                      std::vector<std::string>& warnings) {
  const SmoothingMethod& method = smoothing_of(options);
  std::vector<OrderDiscount> discounts(histograms.size());
  for (std::size_t n = 1; n <= histograms.size(); ++n) {
    int order = static_cast<int>(n);
    const auto& histogram = histograms[n - 1];
    Result<OrderDiscount> discount = method.discount(order, histogram, options, warnings);
    if (!discount) {
      if (!options.discount_fallback) return discount.status();
      warnings.push_back(discount.message().substr(0, discount.message().find(';')) +
                         fmt::format("; using fallback discounts {}", fmt::join(options.fallback_discounts, " ")));
      discount = method.fallback_discount(options);
    }
    discounts[n - 1] = *discount;
  }
  return discounts;
}

}  // namespace gramvec::ngram
