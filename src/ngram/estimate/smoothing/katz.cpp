// katz: Katz (1987) backoff with Good-Turing discounts for counts 1 .. gtmax, as SRILM.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "gramvec/vocab/vocabulary.hpp"
#include "ngram/estimate/smoothing/backoff_group.hpp"

namespace gramvec::ngram {

class Katz final : public SmoothingMethod {
 public:
  using SmoothingMethod::SmoothingMethod;

  // d_r = (r*/r - (k+1) n_{k+1}/n_1) / (1 - (k+1) n_{k+1}/n_1), r* = (r+1) n_{r+1}/n_r, for
  // 1 <= r <= k; larger counts are not discounted.
  Result<OrderDiscount> discount(int order, const std::vector<std::uint64_t>& n, const EstimationOptions& options,
                                 std::vector<std::string>& warnings) const override {
    OrderDiscount discount;
    int k = options.katz_max_count;
    discount.good_turing.assign(static_cast<std::size_t>(k) + 1, 1.0);
    double common = n[1] > 0 ? (k + 1) * static_cast<double>(n[static_cast<std::size_t>(k + 1)]) /
                                   static_cast<double>(n[1])
                             : 1.0;
    std::vector<int> undiscounted;
    for (int r = 1; r <= k; ++r) {
      auto nr = static_cast<double>(n[static_cast<std::size_t>(r)]);
      auto next = static_cast<double>(n[static_cast<std::size_t>(r + 1)]);
      double ratio = nr > 0 && common < 1.0 ? ((r + 1) * next / (r * nr) - common) / (1.0 - common) : -1.0;
      if (ratio > 0.0 && ratio <= 1.0) {
        discount.good_turing[static_cast<std::size_t>(r)] = ratio;
      } else {
        undiscounted.push_back(r);
      }
    }
    if (!undiscounted.empty()) {
      discount.fallback = true;
      warnings.push_back(fmt::format("order {}: Good-Turing discount out of range for count(s) {}: not discounted",
                                     order, fmt::join(undiscounted, ",")));
    }
    return discount;
  }

  void unigram_probabilities(const Unigrams& unigrams) const override {
    const auto& [counts, discount, options, totals, probability] = unigrams;
    double left = 1.0;
    for (std::size_t id = 0; id < counts.size(); ++id) {
      if (id == vocab::Vocabulary::kBos) continue;
      auto count = static_cast<double>(counts[id]);
      probability[id] = discount.good_turing_ratio(counts[id]) * count / totals.total;
      left -= probability[id];
    }
    left = std::max(left, 0.0);
    // The mass freed by discounting goes to unseen words, or to all words if every word was seen.
    double receivers = totals.zero_count_words > 0 ? totals.zero_count_words : totals.predicted_words;
    for (std::size_t id = 0; id < counts.size(); ++id) {
      if (totals.zero_count_words == 0 || counts[id] == 0) probability[id] += left / receivers;
    }
  }

  double context_group(const ContextGroup& group) const override {
    return backoff_context_group(group, [&](std::size_t i, double total) {
      return group.discount.good_turing_ratio(group.counts[i]) * static_cast<double>(group.counts[i]) / total;
    });
  }

  std::string header_parameters(const EstimationOptions& options) const override {
    return fmt::format(" gtmax={}", options.katz_max_count);
  }

  std::string describe_discount(std::size_t order, const OrderDiscount& discount) const override {
    std::vector<std::string> ratios;
    for (std::size_t r = 1; r < discount.good_turing.size(); ++r) {
      ratios.push_back(fmt::format("d{}={:.6f}", r, discount.good_turing[r]));
    }
    return fmt::format("discounts order={} {}{}", order, fmt::join(ratios, " "), discount.fallback ? " (fallback)" : "");
  }
};

GRAMVEC_SMOOTHING_METHOD(katz_method, Katz, {.name = "katz", .description = "Katz backoff with Good-Turing discounts"})

}  // namespace gramvec::ngram
