// The last step of scoring a word, the same in every layout: the longest n-gram found plus the
// backoffs of the longer contexts it skipped (or a constant factor per step for a method whose
// scores are not normalised, such as stupid backoff).
#pragma once

#include "gramvec/ngram/model.hpp"

namespace gramvec::ngram {

struct BackoffRule {
  bool constant = false;     // one factor per step back instead of the stored backoffs
  float log10_alpha = 0.0F;  // that factor

  // `matched` words were found, with `log10_probability`.
  WordScore finish(const ModelState& state, WordScore result, float log10_probability, int matched) const {
    if (constant) {
      log10_probability += static_cast<float>(state.history - (matched - 1)) * log10_alpha;
    } else {
      for (int k = matched - 1; k < state.length; ++k) log10_probability += state.backoffs[static_cast<std::size_t>(k)];
    }
    result.log10_probability = log10_probability;
    result.ngram_length = matched;
    return result;
  }
};

}  // namespace gramvec::ngram
