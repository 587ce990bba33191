// Add-k above the unigrams: a backoff model, in which seen n-grams keep their discounted
// probability and the rest of the mass goes to the lower order, renormalised over the words not
// seen after the context. (Katz does the same with SRILM's rules for the edge cases, in katz.cpp.)
#pragma once

#include "ngram/estimate/smoothing/smoothing_method.hpp"

namespace gramvec::ngram {

// `seen(i, total)` is the probability of n-gram i of the group, whose counts sum to `total`.
// Returns the context's backoff weight.
template <typename SeenProbability>
double backoff_context_group(const ContextGroup& group, SeenProbability seen) {
  const auto& [options, discount, predicted_words, counts, lower, kept, probability] = group;
  const std::size_t size = counts.size();
  const double total = group.total();
  double left = 1.0;
  double lower_seen = 0.0;
  for (std::size_t i = 0; i < size; ++i) {
    double value = seen(i, total);
    probability[i] = value;
    if (kept.empty() || kept[i] != 0) {
      left -= value;
      lower_seen += lower[i];
    }
  }
  double lower_unseen = 1.0 - lower_seen;
  return (left > 1e-12 && lower_unseen > 1e-12) ? left / lower_unseen : 0.0;
}

}  // namespace gramvec::ngram
