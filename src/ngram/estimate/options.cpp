#include "gramvec/ngram/options.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "ngram/estimate/smoothing/smoothing_method.hpp"

namespace gramvec::ngram {

std::uint64_t EstimationOptions::prune_threshold(int n) const {
  if (n < 2 || prune_thresholds.empty()) return 0;
  std::size_t position = std::min<std::size_t>(static_cast<std::size_t>(n - 2), prune_thresholds.size() - 1);
  return prune_thresholds[position];
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
  for (double value : options.fallback_discounts) {
    if (!(std::isfinite(value) && value > 0.0)) return Status::error("fallback discounts must be positive");
  }
  return Status::ok();
}

}  // namespace gramvec::ngram
