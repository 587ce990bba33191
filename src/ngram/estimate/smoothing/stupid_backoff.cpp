// stupid: stupid backoff (Brants et al. 2007): relative frequencies, and a constant factor
// alpha for every step back. A score, not a distribution.
#include <fmt/format.h>

#include "ngram/estimate/smoothing/smoothing_method.hpp"

namespace gramvec::ngram {

class StupidBackoff final : public SmoothingMethod {
 public:
  StupidBackoff()
      : SmoothingMethod({.name = "stupid",
                         .description = "stupid backoff (Brants et al. 2007), not normalised",
                         .normalised = false}) {}

  void unigram_probabilities(const Unigrams& unigrams) const override {
    const auto& [counts, discount, options, totals, probability] = unigrams;
    for (std::size_t id = 0; id < counts.size(); ++id) {
      probability[id] = counts[id] > 0 ? static_cast<double>(counts[id]) / totals.total
                                       : options.stupid_alpha / totals.predicted_words;
    }
  }

  double context_group(const ContextGroup& group) const override {
    const auto& [options, discount, predicted_words, counts, lower, kept, probability] = group;
    const std::size_t size = counts.size();
    double total = 0.0;
    for (std::size_t i = 0; i < size; ++i) total += static_cast<double>(counts[i]);
    for (std::size_t i = 0; i < size; ++i) probability[i] = static_cast<double>(counts[i]) / total;
    return options.stupid_alpha;
  }

  std::string header_parameters(const EstimationOptions& options) const override {
    return fmt::format(" alpha={}", options.stupid_alpha);
  }
};

GRAMVEC_SMOOTHING_METHOD(stupid_backoff_method, StupidBackoff)

}  // namespace gramvec::ngram
