// Smoothing methods and the options of language-model estimation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gramvec/status.hpp"

namespace gramvec::ngram {

enum class Smoothing {
  modified_kneser_ney,  // mkn: Chen & Goodman 1998, three discounts per order
  kneser_ney,           // kn: interpolated Kneser-Ney, one discount per order
  witten_bell,          // wb: interpolated Witten-Bell
  absolute,             // abs: interpolated absolute discounting
  katz,                 // katz: Katz backoff with Good-Turing discounts
  add_k,                // addk: add-k (Laplace for k = 1) with backoff
  stupid_backoff,       // stupid: Brants et al. 2007, a score, not a distribution
};

std::string_view smoothing_name(Smoothing smoothing);
Result<Smoothing> parse_smoothing(std::string_view name);
// Kneser-Ney methods replace lower-order counts by continuation counts.
bool uses_continuation_counts(Smoothing smoothing);
bool is_normalised(Smoothing smoothing);

struct EstimationOptions {
  int order = 3;
  Smoothing smoothing = Smoothing::modified_kneser_ney;
  double add_k = 1.0;                // addk
  double fixed_discount = -1.0;      // kn / abs: use this discount instead of n1/(n1+2 n2)
  bool discount_fallback = false;    // use fallback discounts when they cannot be estimated
  std::vector<double> fallback_discounts = {0.5, 1.0, 1.5};  // D1 D2 D3+, as KenLM
  int katz_max_count = 5;            // Good-Turing applies to counts 1..k (SRILM's gtmax)
  double stupid_alpha = 0.4;
  // prune_thresholds[i] is for order i+2: n-grams with raw count <= threshold are dropped
  // (unless a kept longer n-gram needs them). The last value repeats for higher orders.
  std::vector<std::uint64_t> prune_thresholds;

  std::uint64_t prune_threshold(int n) const;
};

}  // namespace gramvec::ngram
