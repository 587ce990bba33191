// addk: add-k (Laplace for k = 1) with backoff to the lower order for unseen words.
#include <fmt/format.h>

#include "ngram/estimate/smoothing/backoff_group.hpp"

namespace gramvec::ngram {

class AddK final : public SmoothingMethod {
 public:
  using SmoothingMethod::SmoothingMethod;

  void unigram_probabilities(const Unigrams& unigrams) const override {
    const double k = unigrams.options.k();
    const UnigramTotals& totals = unigrams.totals;
    unigrams.assign_each([&](double count) { return (count + k) / (totals.total + k * totals.predicted_words); });
  }

  double context_group(const ContextGroup& group) const override {
    const double k = group.options.k();
    return backoff_context_group(group, [&](std::size_t i, double total) {
      return (static_cast<double>(group.counts[i]) + k) / (total + k * group.predicted_words);
    });
  }

  std::string header_parameters(const EstimationOptions& options) const override {
    return fmt::format(" k={}", options.k());
  }
};

GRAMVEC_SMOOTHING_METHOD(add_k_method, AddK,
                         {.name = "addk", .description = "add-k (Laplace for k = 1) with backoff", .add_k = true})

}  // namespace gramvec::ngram
