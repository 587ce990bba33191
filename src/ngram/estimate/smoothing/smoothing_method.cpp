#include "ngram/estimate/smoothing/smoothing_method.hpp"

namespace gramvec::ngram {

Result<OrderDiscount> SmoothingMethod::discount(int /*order*/, const std::vector<std::uint64_t>& /*counts_of_counts*/,
                                                const EstimationOptions& /*options*/,
                                                std::vector<std::string>& /*warnings*/) const {
  return OrderDiscount{};
}

OrderDiscount SmoothingMethod::fallback_discount(const EstimationOptions& options) const {
  OrderDiscount discount;
  discount.fallback = true;
  discount.amount.fill(options.fallback_discounts[0]);
  return discount;
}

std::uint64_t SmoothingMethod::min_count(int /*order*/, const EstimationOptions& /*options*/) const { return 1; }

std::string SmoothingMethod::header_parameters(const EstimationOptions& /*options*/) const { return {}; }

std::string SmoothingMethod::describe_discount(std::size_t /*order*/, const OrderDiscount& /*discount*/) const {
  return {};
}

}  // namespace gramvec::ngram
