// What modified Kneser-Ney, Kneser-Ney and absolute discounting share: a discount subtracted
// from every count, the mass it frees given to the lower order (interpolation).
#pragma once

#include "ngram/estimate/smoothing/smoothing_method.hpp"

namespace gramvec::ngram {

class AbsoluteDiscountFamily : public SmoothingMethod {
 public:
  using SmoothingMethod::SmoothingMethod;
  // One discount D = n1 / (n1 + 2 n2) (Ney, Essen & Kneser 1994), or --discount when given.
  Result<OrderDiscount> discount(int order, const std::vector<std::uint64_t>& n, const EstimationOptions& options,
                                 std::vector<std::string>& warnings) const override;
  void unigram_probabilities(std::span<const std::uint64_t> counts, const OrderDiscount& discount,
                             const EstimationOptions& options, const UnigramTotals& totals,
                             std::span<double> probability) const override;
  double context_group(const EstimationOptions& options, const OrderDiscount& discount, double predicted_words,
                       std::span<const std::uint64_t> counts, std::span<const double> lower,
                       std::span<const std::uint8_t> kept, std::span<double> probability) const override;
  std::string describe_discount(std::size_t order, const OrderDiscount& discount) const override;
};

}  // namespace gramvec::ngram
