// katz: Katz (1987) backoff with Good-Turing discounts, estimated as SRILM's ngram-count does by
// default (its manual pages ngram-count(1), -gtNmin and -gtNmax, and ngram-discount(7)).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "gramvec/vocab/vocabulary.hpp"
#include "ngram/estimate/smoothing/smoothing_method.hpp"

namespace gramvec::ngram {

namespace {

// SRILM's Prob_Epsilon: a probability mass below it counts as none.
constexpr double kEpsilon = 3e-6;

// Whether the order discounts at all (the opposite of SRILM's GoodTuring::nodiscount): counts of
// counts that leave no range to discount and no minimum count mean relative frequencies.
bool discounts_anything(const OrderDiscount& discount) {
  return discount.good_turing.size() > 1 || discount.min_count > 1;
}

// When the discounted counts of a context (or of the unigrams) leave no mass, typically because
// every count is above the maximum or its discount was out of range, while some words were not
// seen there: SRILM adds one to the denominator until some mass is left.
double widened_total(double kept_mass, double total, const OrderDiscount& discount, double observed,
                     double predicted_words) {
  const double most = 1.0 - kEpsilon;
  if (!discounts_anything(discount) || observed >= predicted_words || !(kept_mass / total > most)) return total;
  // SRILM adds one at a time; the same number of ones at once (a loop would never end where
  // adding one no longer changes a large total), corrected for rounding.
  double steps = std::max(1.0, std::ceil(kept_mass / most - total));
  if (steps > 1.0 && kept_mass / (total + steps - 1.0) <= most) {
    steps -= 1.0;
  } else if (kept_mass / (total + steps) > most) {
    steps += 1.0;
  }
  return total + steps;
}

}  // namespace

class Katz final : public SmoothingMethod {
 public:
  using SmoothingMethod::SmoothingMethod;

  // d_r = (r*/r - A) / (1 - A), r* = (r+1) n_{r+1}/n_r, A = (k+1) n_{k+1}/n_1, for 1 <= r <= k
  // (ngram-discount(7)); larger counts are not discounted. As SRILM's GoodTuring::estimate: no
  // singletons disable discounting, k is lowered while n_{k+1} = 0, and a ratio that is not in
  // (Prob_Epsilon, 1] or whose r*/r is above 1 is replaced by 1 (not discounted).
  Result<OrderDiscount> discount(int order, const std::vector<std::uint64_t>& n, const EstimationOptions& options,
                                 std::vector<std::string>& warnings) const override {
    OrderDiscount discount;
    discount.min_count = options.katz_min_count(order);
    const std::uint64_t asked = options.katz_max_count(order);
    // (The counts of counts reach histogram_max_count(options), at least k + 1.)
    std::uint64_t k = std::min<std::uint64_t>(asked, n.size() >= 2 ? n.size() - 2 : 0);
    if (k > 0 && n[1] == 0) {
      warnings.push_back(fmt::format("order {}: no n-grams with count 1: Good-Turing discounting disabled", order));
      k = 0;
    }
    std::vector<std::uint64_t> absent;
    while (k > 0 && n[k + 1] == 0) absent.push_back(k-- + 1);
    if (!absent.empty()) {
      std::reverse(absent.begin(), absent.end());
      warnings.push_back(fmt::format("order {}: no n-grams with count {}: Good-Turing discounts counts up to {} "
                                     "instead of {}",
                                     order, fmt::join(absent, ","), k, asked));
    }
    discount.good_turing.assign(k + 1, 1.0);
    if (k == 0) return discount;
    auto at = [&](std::uint64_t r) { return static_cast<double>(n[r]); };
    const double common = static_cast<double>(k + 1) * at(k + 1) / at(1);
    std::vector<std::uint64_t> undiscounted;
    for (std::uint64_t r = 1; r <= k; ++r) {
      if (n[r] == 0) {
        undiscounted.push_back(r);
        continue;
      }
      double plain = static_cast<double>(r + 1) * at(r + 1) / (static_cast<double>(r) * at(r));
      double ratio = (plain - common) / (1.0 - common);
      // Above 1 (possible only when A >= 1) a seen n-gram would get more than its relative frequency.
      if (std::isfinite(ratio) && ratio > kEpsilon && plain <= 1.0 && ratio <= 1.0) {
        discount.good_turing[r] = ratio;
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

  std::uint64_t min_count(int order, const EstimationOptions& options) const override {
    return options.katz_min_count(order);
  }

  // Every word is in the model; one below the minimum count gets no discounted mass of its own.
  // The mass left goes to the words without any (unseen or cut), or to every word if there are
  // none (SRILM's Ngram::distributeProb).
  void unigram_probabilities(const Unigrams& unigrams) const override {
    // (Named, not structured, bindings: clang 14 cannot capture those in a lambda.)
    const auto& counts = unigrams.counts;
    const OrderDiscount& discount = unigrams.discount;
    const UnigramTotals& totals = unigrams.totals;
    const auto& probability = unigrams.probability;
    auto share = [&](std::uint64_t count) {
      return count < discount.min_count ? 0.0 : discount.good_turing_ratio(count) * static_cast<double>(count);
    };
    double kept_mass = 0.0;
    for (std::size_t id = 0; id < counts.size(); ++id) {
      if (id != vocab::Vocabulary::kBos) kept_mass += share(counts[id]);
    }
    const double total = widened_total(kept_mass, totals.total, discount, totals.seen_types, totals.predicted_words);
    double left = 1.0;
    double receivers = 0.0;
    for (std::size_t id = 0; id < counts.size(); ++id) {
      if (id == vocab::Vocabulary::kBos) continue;
      probability[id] = share(counts[id]) / total;
      left -= probability[id];
      if (probability[id] == 0.0) ++receivers;
    }
    if (left < kEpsilon) left = 0.0;  // rounding, not mass
    for (std::size_t id = 0; id < counts.size(); ++id) {
      if (id == vocab::Vocabulary::kBos) continue;
      if (receivers == 0.0) {
        probability[id] += left / totals.predicted_words;
      } else if (probability[id] == 0.0) {
        probability[id] = left / receivers;
      }
    }
  }

  // The denominator is the sum of every count of the context, those left out included, so that
  // their mass goes to the backoff weight (SRILM's Ngram::estimate). Kept n-grams are at or
  // above the minimum count (validate() keeps the minimum from falling with the order).
  double context_group(const ContextGroup& group) const override {
    const OrderDiscount& discount = group.discount;
    const auto& counts = group.counts;
    const auto& lower = group.lower;
    const auto& kept = group.kept;
    const auto& probability = group.probability;
    const std::size_t size = counts.size();
    auto is_kept = [&](std::size_t i) { return kept.empty() || kept[i] != 0; };
    auto discounted = [&](std::size_t i) {
      return discount.good_turing_ratio(counts[i]) * static_cast<double>(counts[i]);
    };
    double kept_mass = 0.0;
    for (std::size_t i = 0; i < size; ++i) {
      if (is_kept(i)) kept_mass += discounted(i);
    }
    const double total =
        widened_total(kept_mass, group.total(), discount, static_cast<double>(size), group.predicted_words);
    double numerator = 1.0;    // the mass left for the words not kept here
    double denominator = 1.0;  // their mass in the lower order
    for (std::size_t i = 0; i < size; ++i) {
      probability[i] = discounted(i) / total;
      if (is_kept(i)) {
        numerator -= probability[i];
        denominator -= lower[i];
      }
    }
    // SRILM's Ngram::computeBOW: masses below Prob_Epsilon are none.
    if (std::abs(numerator) < kEpsilon) numerator = 0.0;
    if (std::abs(denominator) < kEpsilon) denominator = 0.0;
    if (denominator < kEpsilon) {
      // The lower order has nothing for the other words: the kept n-grams share all the mass.
      if (numerator > kEpsilon) {
        for (std::size_t i = 0; i < size; ++i) {
          if (is_kept(i)) probability[i] /= 1.0 - numerator;
        }
      }
      return 1.0;
    }
    return numerator / denominator;
  }

  std::string header_parameters(const EstimationOptions& options) const override {
    std::vector<std::uint64_t> minimum;
    std::vector<std::uint64_t> maximum;
    for (int n = 1; n <= options.order; ++n) {
      minimum.push_back(options.katz_min_count(n));
      maximum.push_back(options.katz_max_count(n));
    }
    return fmt::format(" gtmin={} gtmax={}", fmt::join(minimum, ","), fmt::join(maximum, ","));
  }

  std::string describe_discount(std::size_t order, const OrderDiscount& discount) const override {
    std::vector<std::string> ratios;
    for (std::size_t r = 1; r < discount.good_turing.size(); ++r) {
      ratios.push_back(fmt::format(" d{}={:.6f}", r, discount.good_turing[r]));
    }
    return fmt::format("discounts order={}{}{}", order, fmt::join(ratios, ""), discount.fallback ? " (fallback)" : "");
  }
};

GRAMVEC_SMOOTHING_METHOD(katz_method, Katz, {.name = "katz", .description = "Katz backoff with Good-Turing discounts"})

}  // namespace gramvec::ngram
