// abs: interpolated absolute discounting (Ney, Essen & Kneser 1994) on raw counts.
#include "ngram/estimate/smoothing/absolute_family.hpp"

namespace gramvec::ngram {

namespace {

class AbsoluteDiscounting final : public AbsoluteDiscountFamily {
 public:
  std::string_view name() const override { return "abs"; }
  std::string_view description() const override { return "interpolated absolute discounting"; }
  bool takes_fixed_discount() const override { return true; }
  Result<OrderDiscount> discount(int order, const std::vector<std::uint64_t>& n, const EstimationOptions& options,
                                 std::vector<std::string>& /*warnings*/) const override {
    return single_discount(order, n, options);
  }
};

}  // namespace

const SmoothingMethod& absolute_discounting_method() {
  static const AbsoluteDiscounting method;
  return method;
}

}  // namespace gramvec::ngram
