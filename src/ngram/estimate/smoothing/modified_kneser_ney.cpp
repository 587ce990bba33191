// mkn: modified Kneser-Ney (Chen & Goodman 1998), three discounts per order, continuation
// counts below the highest order.
#include <fmt/format.h>

#include "ngram/estimate/smoothing/absolute_family.hpp"

namespace gramvec::ngram {

class ModifiedKneserNey final : public AbsoluteDiscountFamily {
 public:
  using AbsoluteDiscountFamily::AbsoluteDiscountFamily;

  // Chen & Goodman (1998), eq. 26: Y = n1/(n1+2 n2), D_k = k - (k+1) Y n_{k+1}/n_k.
  Result<OrderDiscount> discount(int order, const std::vector<std::uint64_t>& n, const EstimationOptions& options,
                                 std::vector<std::string>& /*warnings*/) const override {
    OrderDiscount discount;
    for (int k = 1; k <= 4; ++k) {
      if (n[static_cast<std::size_t>(k)] == 0) {
        return Status::error(fmt::format(
            "cannot estimate modified Kneser-Ney discounts for order {}: no {}-grams have adjusted count {} "
            "(the data is too small or unusual); {}",
            order, order, k, discount_fallback_hint(options)));
      }
    }
    double y = static_cast<double>(n[1]) / (static_cast<double>(n[1]) + 2.0 * static_cast<double>(n[2]));
    for (int k = 1; k <= 3; ++k) {
      double value = k - (k + 1) * y * static_cast<double>(n[static_cast<std::size_t>(k + 1)]) /
                             static_cast<double>(n[static_cast<std::size_t>(k)]);
      if (!(value > 0.0 && value < k)) {
        return Status::error(fmt::format(
            "cannot estimate modified Kneser-Ney discounts for order {}: D{} = {:.4f} is outside (0, {}); {}", order,
            k, value, k, discount_fallback_hint(options)));
      }
      discount.amount[static_cast<std::size_t>(k - 1)] = value;
    }
    return discount;
  }

  OrderDiscount fallback_discount(const EstimationOptions& options) const override {
    OrderDiscount discount;
    discount.fallback = true;
    for (std::size_t k = 0; k < 3; ++k) {
      discount.amount[k] = options.fallback_discounts[std::min(k, options.fallback_discounts.size() - 1)];
    }
    return discount;
  }

  std::string describe_discount(std::size_t order, const OrderDiscount& discount) const override {
    return fmt::format("discounts order={} D1={:.6f} D2={:.6f} D3+={:.6f}{}", order, discount.amount[0],
                       discount.amount[1], discount.amount[2], discount.fallback ? " (fallback)" : "");
  }
};

GRAMVEC_SMOOTHING_METHOD(modified_kneser_ney_method, ModifiedKneserNey,
                         {.name = "mkn",
                          .description = "modified Kneser-Ney (Chen & Goodman 1998), three discounts per order",
                          .continuation_counts = true})

}  // namespace gramvec::ngram
