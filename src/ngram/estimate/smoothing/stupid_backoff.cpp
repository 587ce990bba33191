// stupid: stupid backoff (Brants et al. 2007): relative frequencies, and a constant factor
// alpha for every step back. A score, not a distribution.
#include <fmt/format.h>

#include "ngram/estimate/smoothing/smoothing_method.hpp"

namespace gramvec::ngram {

class StupidBackoff final : public SmoothingMethod {
 public:
  using SmoothingMethod::SmoothingMethod;

  void unigram_probabilities(const Unigrams& unigrams) const override {
    const double unseen = unigrams.options.stupid_alpha / unigrams.totals.predicted_words;
    const double total = unigrams.totals.total;
    unigrams.assign_each([&](double count) { return count > 0 ? count / total : unseen; });
  }

  double context_group(const ContextGroup& group) const override {
    const double total = group.total();
    for (std::size_t i = 0; i < group.counts.size(); ++i) {
      group.probability[i] = static_cast<double>(group.counts[i]) / total;
    }
    return group.options.stupid_alpha;
  }

  std::string header_parameters(const EstimationOptions& options) const override {
    return fmt::format(" alpha={}", options.stupid_alpha);
  }
};

GRAMVEC_SMOOTHING_METHOD(stupid_backoff_method, StupidBackoff,
                         {.name = "stupid",
                          .description = "stupid backoff (Brants et al. 2007), not normalised",
                          .normalised = false})

}  // namespace gramvec::ngram
