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
  void unigram_probabilities(const Unigrams& unigrams) const override;
  double context_group(const ContextGroup& group) const override;
  std::string describe_discount(std::size_t order, const OrderDiscount& discount) const override;
};

}  // namespace gramvec::ngram
