// Stage 3 of estimation: discounts per order from counts of counts.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "gramvec/ngram/options.hpp"
#include "ngram/count/ngram_table.hpp"

namespace gramvec::ngram {

struct OrderDiscount {
  // Absolute discounts D(c) for c = 1, 2, >= 3 (mkn; kn and abs use one value for all three).
  std::array<double, 3> amount{};
  // Katz: Good-Turing ratios d_r (discounted count r* / r) for r = 1..k; index 0 unused.
  std::vector<double> good_turing;
  // Katz: n-grams with a lower count are left out of the model (SRILM's gtNmin).
  std::uint64_t min_count = 1;
  bool fallback = false;

  double absolute(std::uint64_t count) const {
    return count == 0 ? 0.0 : amount[count >= 3 ? 2 : count - 1];
  }
  double good_turing_ratio(std::uint64_t count) const {
    return count < good_turing.size() ? good_turing[count] : 1.0;
  }
};

// counts_of_counts[c] = number of entries whose count is c, for c = 1..max_count. <s> as a
// unigram and zero counts are left out.
std::vector<std::uint64_t> counts_of_counts(const NGramTable& table, const std::vector<std::uint64_t>& counts,
                                            std::uint64_t max_count);

// Discounts for every order (index n-1 for order n). Fails with a message naming the order and
// the remedy when a discount cannot be estimated and no fallback was asked for; `warnings` gets
// a line for every fallback used.
Result<std::vector<OrderDiscount>> estimate_discounts(const std::vector<NGramTable>& tables,
                                                      const std::vector<std::vector<std::uint64_t>>& counts,
                                                      const EstimationOptions& options,
                                                      std::vector<std::string>& warnings);

// The same from the histograms counts_of_counts gives (index n-1 for order n), each with
// histogram_max_count(options) + 1 entries.
Result<std::vector<OrderDiscount>> estimate_discounts(const std::vector<std::vector<std::uint64_t>>& histograms,
                                                      const EstimationOptions& options,
                                                      std::vector<std::string>& warnings);

// How to get past discounts that cannot be estimated, for error messages.
std::string discount_fallback_hint(const EstimationOptions& options);

// The largest count the discounts look at.
std::uint64_t histogram_max_count(const EstimationOptions& options);

}  // namespace gramvec::ngram
