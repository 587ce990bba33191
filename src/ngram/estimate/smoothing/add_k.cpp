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

  void unigram_probabilities(std::span<const std::uint64_t> counts, const OrderDiscount& /*discount*/,
                             const EstimationOptions& options, const UnigramTotals& totals,
                             std::span<double> probability) const override {
    for (std::size_t id = 0; id < counts.size(); ++id) {
      probability[id] = (static_cast<double>(counts[id]) + options.k()) /
                        (totals.total + options.k() * totals.predicted_words);
    }
  }

  double context_group(const EstimationOptions& options, const OrderDiscount& /*discount*/, double predicted_words,
                       std::span<const std::uint64_t> counts, std::span<const double> lower,
                       std::span<const std::uint8_t> kept, std::span<double> probability) const override {
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
