// addk: add-k (Laplace for k = 1) with backoff to the lower order for unseen words.
#include <fmt/format.h>

#include "ngram/estimate/smoothing/backoff_group.hpp"
#include "ngram/estimate/smoothing/smoothing_method.hpp"

namespace gramvec::ngram {

class AddK final : public SmoothingMethod {
 public:
  AddK()
      : SmoothingMethod({.name = "addk",
                         .description = "add-k (Laplace for k = 1) with backoff",
                         .add_k = true}) {}

  void unigram_probabilities(const Unigrams& unigrams) const override {
    const auto& [counts, discount, options, totals, probability] = unigrams;
    for (std::size_t id = 0; id < counts.size(); ++id) {
      probability[id] = (static_cast<double>(counts[id]) + options.k()) /
                        (totals.total + options.k() * totals.predicted_words);
    }
  }

  double context_group(const ContextGroup& group) const override {
    const auto& [options, discount, predicted_words, counts, lower, kept, probability] = group;
    return backoff_context_group(counts, lower, kept, probability, [&](std::size_t i, double total) {
      return (static_cast<double>(counts[i]) + options.k()) / (total + options.k() * predicted_words);
    });
  }

  std::string header_parameters(const EstimationOptions& options) const override {
    return fmt::format(" k={}", options.k());
  }
};

GRAMVEC_SMOOTHING_METHOD(add_k_method, AddK)

}  // namespace gramvec::ngram
