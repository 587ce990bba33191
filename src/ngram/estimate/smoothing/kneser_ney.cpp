// kn: interpolated Kneser-Ney, one discount per order, continuation counts below the highest
// order.
#include "ngram/estimate/smoothing/absolute_family.hpp"

namespace gramvec::ngram {

namespace {

class KneserNey final : public AbsoluteDiscountFamily {
 public:
  std::string_view name() const override { return "kn"; }
  std::string_view description() const override { return "interpolated Kneser-Ney, one discount per order"; }
  bool uses_continuation_counts() const override { return true; }
  bool takes_fixed_discount() const override { return true; }
  Result<OrderDiscount> discount(int order, const std::vector<std::uint64_t>& n, const EstimationOptions& options,
                                 std::vector<std::string>& /*warnings*/) const override {
    return single_discount(order, n, options);
  }
};

}  // namespace

const SmoothingMethod& kneser_ney_method() {
  static const KneserNey method;
  return method;
}

}  // namespace gramvec::ngram
