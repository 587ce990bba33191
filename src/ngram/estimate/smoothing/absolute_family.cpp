#include "ngram/estimate/smoothing/absolute_family.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::ngram {

void AbsoluteDiscountFamily::unigram_probabilities(const Unigrams& unigrams) const {
  const auto& [counts, discount, options, totals, probability] = unigrams;
  double discounted = 0.0;
  for (std::size_t id = 0; id < counts.size(); ++id) {
    if (id == vocab::Vocabulary::kBos) continue;
    double amount = std::min(discount.absolute(counts[id]), static_cast<double>(counts[id]));
    discounted += amount;
    probability[id] = (static_cast<double>(counts[id]) - amount) / totals.total;
  }
  double uniform = discounted / totals.total / totals.predicted_words;
  for (double& value : probability) value += uniform;
}

double AbsoluteDiscountFamily::context_group(const ContextGroup& group) const {
  const auto& [options, discount, predicted_words, counts, lower, kept, probability] = group;
  const std::size_t size = counts.size();
  const double total = group.total();
  // gamma = 1 - sum over kept n-grams of (c - D(c)) / total
  double released = 0.0;
  for (std::size_t i = 0; i < size; ++i) {
    double amount = discount.absolute(counts[i]);
    released += kept.empty() || kept[i] != 0 ? amount : static_cast<double>(counts[i]);
  }
  double gamma = released / total;
  for (std::size_t i = 0; i < size; ++i) {
    probability[i] = (static_cast<double>(counts[i]) - discount.absolute(counts[i])) / total + gamma * lower[i];
  }
  return gamma;
}

std::string AbsoluteDiscountFamily::describe_discount(std::size_t order, const OrderDiscount& discount) const {
  return fmt::format("discounts order={} D={:.6f}{}", order, discount.amount[0], discount.fallback ? " (fallback)" : "");
}

Result<OrderDiscount> AbsoluteDiscountFamily::discount(int order, const std::vector<std::uint64_t>& n,
                                                       const EstimationOptions& options,
                                                       std::vector<std::string>& /*warnings*/) const {
  OrderDiscount discount;
  if (options.fixed_discount) {
    discount.amount.fill(*options.fixed_discount);
    return discount;
  }
  if (n[1] == 0) {
    return Status::error(fmt::format(
        "cannot estimate the discount for order {}: no {}-grams have count 1; {} or --discount D", order, order,
        discount_fallback_hint(options)));
  }
  discount.amount.fill(static_cast<double>(n[1]) / (static_cast<double>(n[1]) + 2.0 * static_cast<double>(n[2])));
  return discount;
}

}  // namespace gramvec::ngram
