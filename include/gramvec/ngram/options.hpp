// The options of language-model estimation, and the names of the smoothing methods.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/status.hpp"

namespace gramvec::ngram {

inline constexpr int kMaxOrder = 10;

// SRILM ngram-count's Good-Turing defaults (gt1min gt2min gt3min+, gt1max gt2max+): every unigram
// and bigram is kept, longer n-grams from count 2; unigram counts are discounted up to 1, the
// others up to 7.
inline constexpr std::uint64_t kKatzMinCounts[] = {1, 1, 2};
inline constexpr std::uint64_t kKatzMaxCounts[] = {1, 7};
// The largest --katz-max-count (the counts of counts are kept up to one above it).
inline constexpr std::uint64_t kKatzMaxCountLimit = 1000;

struct EstimationOptions {
  int order = 3;
  std::string smoothing = "mkn";     // one of smoothing_names()
  std::optional<double> add_k;           // addk's k (1 when not given)
  std::optional<double> fixed_discount;  // kn / abs: this discount instead of n1/(n1+2 n2)
  bool discount_fallback = false;    // use fallback discounts when they cannot be estimated
  std::vector<double> fallback_discounts = {0.5, 1.0, 1.5};  // D1 D2 D3+, as KenLM
  // Katz, per order from 1 up, the last value repeating (SRILM's -gtNmin and -gtNmax): n-grams
  // whose count is below the minimum are left out of the model, their mass going to the backoff
  // weight; Good-Turing discounts counts 1 to the maximum. Not given: SRILM's ngram-count
  // defaults, kKatzMinCounts and kKatzMaxCounts.
  std::optional<std::vector<std::uint64_t>> katz_min_counts;
  std::optional<std::vector<std::uint64_t>> katz_max_counts;
  double stupid_alpha = 0.4;
  // prune_thresholds[i] is for order i+2: n-grams with raw count <= threshold are dropped
  // (unless a kept longer n-gram needs them). The last value repeats for higher orders.
  std::vector<std::uint64_t> prune_thresholds;

  std::uint64_t prune_threshold(int n) const;
  std::uint64_t katz_min_count(int n) const;
  std::uint64_t katz_max_count(int n) const;
  double k() const { return add_k.value_or(1.0); }
};

// Checks the smoothing name and the options that belong to a method (--k, --discount: given
// only for a method that takes them, and in range), with a message naming the option.
Status check_smoothing_options(const EstimationOptions& options);

// The smoothing methods, in the order the registry lists them ("mkn", "kn", ...).
std::vector<std::string_view> smoothing_names();
// One line per method, "name: description", for --help.
std::string smoothing_help();
// The methods that take --k (EstimationOptions::add_k) and --discount (fixed_discount), as "kn or abs".
std::string methods_taking_add_k();
std::string methods_taking_fixed_discount();
// Whether the method's probabilities sum to one in every context (stupid backoff's do not).
bool is_normalised(std::string_view smoothing);

}  // namespace gramvec::ngram
