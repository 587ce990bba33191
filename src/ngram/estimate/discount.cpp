#include "ngram/estimate/discount.hpp"

#include <fmt/format.h>

namespace gramvec::ngram {

std::vector<std::uint64_t> counts_of_counts(const NGramTable& table, const std::vector<std::uint64_t>& counts,
                                            std::uint64_t max_count) {
  std::vector<std::uint64_t> result(max_count + 1, 0);
  for (std::size_t index = 0; index < counts.size(); ++index) {
    if (table.order == 1 && table.ngram(index)[0] == vocab::Vocabulary::kBos) continue;
    std::uint64_t count = counts[index];
    if (count >= 1 && count <= max_count) ++result[count];
  }
  return result;
}

namespace {

std::string fallback_hint(const EstimationOptions& options) {
  return fmt::format("use --discount-fallback (D = {}) or another --smoothing (wb, katz, addk)",
                     fmt::join(options.fallback_discounts, " "));
}

// Chen & Goodman (1998), eq. 26: Y = n1/(n1+2 n2), D_k = k - (k+1) Y n_{k+1}/n_k.
Result<OrderDiscount> modified_kneser_ney(int order, const std::vector<std::uint64_t>& n,
                                          const EstimationOptions& options) {
  OrderDiscount discount;
  for (int k = 1; k <= 4; ++k) {
    if (n[static_cast<std::size_t>(k)] == 0) {
      return Status::error(fmt::format(
          "cannot estimate modified Kneser-Ney discounts for order {}: no {}-grams have adjusted count {} "
          "(the data is too small or unusual); {}",
          order, order, k, fallback_hint(options)));
    }
  }
  double y = static_cast<double>(n[1]) / (static_cast<double>(n[1]) + 2.0 * static_cast<double>(n[2]));
  for (int k = 1; k <= 3; ++k) {
    double value = k - (k + 1) * y * static_cast<double>(n[static_cast<std::size_t>(k + 1)]) /
                           static_cast<double>(n[static_cast<std::size_t>(k)]);
    if (!(value > 0.0 && value < k)) {
      return Status::error(fmt::format(
          "cannot estimate modified Kneser-Ney discounts for order {}: D{} = {:.4f} is outside (0, {}); {}", order,
          k, value, k, fallback_hint(options)));
    }
    discount.amount[static_cast<std::size_t>(k - 1)] = value;
  }
  return discount;
}

// One discount D = n1 / (n1 + 2 n2) (Ney, Essen & Kneser 1994).
Result<OrderDiscount> single_discount(int order, const std::vector<std::uint64_t>& n,
                                      const EstimationOptions& options) {
  OrderDiscount discount;
  double value = options.fixed_discount;
  if (value < 0.0) {
    if (n[1] == 0) {
      return Status::error(fmt::format(
          "cannot estimate the discount for order {}: no {}-grams have count 1; {} or --discount D", order, order,
          fallback_hint(options)));
    }
    value = static_cast<double>(n[1]) / (static_cast<double>(n[1]) + 2.0 * static_cast<double>(n[2]));
  }
  discount.amount = {value, value, value};
  return discount;
}

// Katz (1987) with Good-Turing: d_r = (r*/r - (k+1) n_{k+1}/n_1) / (1 - (k+1) n_{k+1}/n_1),
// r* = (r+1) n_{r+1}/n_r, for 1 <= r <= k; larger counts are not discounted.
OrderDiscount katz_good_turing(int order, const std::vector<std::uint64_t>& n, const EstimationOptions& options,
                               std::vector<std::string>& warnings) {
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

OrderDiscount fallback_discount(const EstimationOptions& options) {
  OrderDiscount discount;
  discount.fallback = true;
  for (std::size_t k = 0; k < 3; ++k) {
    discount.amount[k] = options.fallback_discounts[std::min(k, options.fallback_discounts.size() - 1)];
  }
  if (options.smoothing != Smoothing::modified_kneser_ney) {
    discount.amount = {discount.amount[0], discount.amount[0], discount.amount[0]};
  }
  return discount;
}

}  // namespace

std::uint64_t histogram_max_count(const EstimationOptions& options) {
  return static_cast<std::uint64_t>(std::max(options.katz_max_count + 1, 4));
}

Result<std::vector<OrderDiscount>> estimate_discounts(const std::vector<NGramTable>& tables,
                                                      const std::vector<std::vector<std::uint64_t>>& counts,
                                                      const EstimationOptions& options,
                                                      std::vector<std::string>& warnings) {
  std::vector<std::vector<std::uint64_t>> histograms(tables.size());
  for (std::size_t n = 1; n <= tables.size(); ++n) {
    histograms[n - 1] = counts_of_counts(tables[n - 1], counts[n - 1], histogram_max_count(options));
  }
  return estimate_discounts(histograms, options, warnings);
}

Result<std::vector<OrderDiscount>> estimate_discounts(const std::vector<std::vector<std::uint64_t>>& histograms,
                                                      const EstimationOptions& options,
                                                      std::vector<std::string>& warnings) {
  std::vector<OrderDiscount> discounts(histograms.size());
  for (std::size_t n = 1; n <= histograms.size(); ++n) {
    int order = static_cast<int>(n);
    const auto& histogram = histograms[n - 1];
    Result<OrderDiscount> discount = OrderDiscount{};
    switch (options.smoothing) {
      case Smoothing::modified_kneser_ney:
        discount = modified_kneser_ney(order, histogram, options);
        break;
      case Smoothing::kneser_ney:
      case Smoothing::absolute:
        discount = single_discount(order, histogram, options);
        break;
      case Smoothing::katz:
        discount = katz_good_turing(order, histogram, options, warnings);
        break;
      default:
        break;
    }
    if (!discount) {
      if (!options.discount_fallback) return discount.status();
      warnings.push_back(discount.message().substr(0, discount.message().find(';')) +
                         fmt::format("; using fallback discounts {}", fmt::join(options.fallback_discounts, " ")));
      discount = fallback_discount(options);
    }
    discounts[n - 1] = *discount;
  }
  return discounts;
}

}  // namespace gramvec::ngram
