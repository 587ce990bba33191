#include "gramvec/ngram/options.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <span>

#include "ngram/estimate/smoothing/smoothing_method.hpp"

namespace gramvec::ngram {

std::uint64_t EstimationOptions::prune_threshold(int n) const {
  if (n < 2 || prune_thresholds.empty()) return 0;
  std::size_t position = std::min<std::size_t>(static_cast<std::size_t>(n - 2), prune_thresholds.size() - 1);
  return prune_thresholds[position];
}

namespace {

// values[n-1], the last value repeating.
std::uint64_t per_order(std::span<const std::uint64_t> values, int n) {
  return values[std::min<std::size_t>(static_cast<std::size_t>(std::max(n, 1) - 1), values.size() - 1)];
}

}  // namespace

std::uint64_t EstimationOptions::katz_min_count(int n) const {
  return katz_min_counts && !katz_min_counts->empty() ? per_order(*katz_min_counts, n) : per_order(kKatzMinCounts, n);
}

std::uint64_t EstimationOptions::katz_max_count(int n) const {
  return katz_max_counts && !katz_max_counts->empty() ? per_order(*katz_max_counts, n) : per_order(kKatzMaxCounts, n);
}

namespace {

// The names of the methods for which `takes` holds, as "kn or abs".
std::string methods_that(bool (SmoothingMethod::*takes)() const) {
  std::vector<std::string_view> names;
  for (const SmoothingMethod* method : smoothing_methods()) {
    if ((method->*takes)()) names.push_back(method->name());
  }
  return fmt::format("{}", fmt::join(names, " or "));
}

}  // namespace

std::string methods_taking_add_k() { return methods_that(&SmoothingMethod::takes_add_k); }
std::string methods_taking_fixed_discount() { return methods_that(&SmoothingMethod::takes_fixed_discount); }

Status check_smoothing_options(const EstimationOptions& options) {
  auto method = smoothing_method(options.smoothing);
  if (!method) return method.status();
  if (options.add_k) {
    if (!(*method)->takes_add_k()) {
      return Status::error(fmt::format("--k applies to --smoothing {} only", methods_taking_add_k()));
    }
    if (!(std::isfinite(*options.add_k) && *options.add_k > 0.0)) {
      return Status::error(fmt::format("--k {} must be a positive number", *options.add_k));
    }
  }
  if (options.fixed_discount) {
    if (!(*method)->takes_fixed_discount()) {
      return Status::error(fmt::format("--discount applies to --smoothing {} only", methods_taking_fixed_discount()));
    }
    if (!(*options.fixed_discount > 0.0 && *options.fixed_discount <= 1.0)) {
      return Status::error(fmt::format("--discount {} must be in (0, 1]", *options.fixed_discount));
    }
  }
  if (options.katz_min_counts || options.katz_max_counts) {
    const char* name = options.katz_min_counts ? "--katz-min-count" : "--katz-max-count";
    if ((*method)->name() != "katz") return Status::error(fmt::format("{} applies to --smoothing katz only", name));
  }
  if (options.katz_min_counts) {
    const auto& values = *options.katz_min_counts;
    if (values.empty()) return Status::error("--katz-min-count needs a value");
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values[i] < 1) return Status::error(fmt::format("--katz-min-count {} must be at least 1", values[i]));
      // A kept n-gram's context and suffix have at least its count, so they are kept too only if
      // the minimum does not fall with the order (unigrams are always in the model).
      if (i >= 2 && values[i] < values[i - 1]) {
        return Status::error(fmt::format("--katz-min-count {}: the minimum counts must not fall from order 2 up",
                                         fmt::join(values, " ")));
      }
    }
  }
  if (options.katz_max_counts) {
    if (options.katz_max_counts->empty()) return Status::error("--katz-max-count needs a value");
    for (std::uint64_t value : *options.katz_max_counts) {
      if (value > kKatzMaxCountLimit) {
        return Status::error(fmt::format("--katz-max-count {} is above the largest, {}", value, kKatzMaxCountLimit));
      }
    }
  }
  for (double value : options.fallback_discounts) {
    if (!(std::isfinite(value) && value > 0.0)) return Status::error("fallback discounts must be positive");
  }
  return Status::ok();
}

}  // namespace gramvec::ngram
