// wb: interpolated Witten-Bell: a context's freed mass is proportional to the number of
// distinct words seen after it.
#include "ngram/estimate/smoothing/smoothing_method.hpp"

namespace gramvec::ngram {

class WittenBell final : public SmoothingMethod {
 public:
  using SmoothingMethod::SmoothingMethod;

  void unigram_probabilities(const Unigrams& unigrams) const override {
    const UnigramTotals& totals = unigrams.totals;
    unigrams.assign_each([&](double count) {
      return (count + totals.seen_types / totals.predicted_words) / (totals.total + totals.seen_types);
    });
  }

  double context_group(const ContextGroup& group) const override {
    const auto& [options, discount, predicted_words, counts, lower, kept, probability] = group;
    const std::size_t size = counts.size();
    const double total = group.total();
    auto types = static_cast<double>(size);
    double released = types;
    for (std::size_t i = 0; i < size; ++i) {
      if (!kept.empty() && kept[i] == 0) released += static_cast<double>(counts[i]);
    }
    double gamma = released / (total + types);
    for (std::size_t i = 0; i < size; ++i) {
      probability[i] = static_cast<double>(counts[i]) / (total + types) + gamma * lower[i];
    }
    return gamma;
  }
};

GRAMVEC_SMOOTHING_METHOD(witten_bell_method, WittenBell, {.name = "wb", .description = "interpolated Witten-Bell"})

}  // namespace gramvec::ngram
