// EM for the mixture weights (as SRILM's compute-best-mix): each iteration gives every model the
// share of the held-out tokens it explains, weight_i <- mean over tokens of
// weight_i P_i(t) / sum_j weight_j P_j(t), which never lowers the held-out likelihood.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "gramvec/ngram/interpolate.hpp"

namespace gramvec::ngram {

void MixtureTuner::add(std::span<const std::string_view> words) {
  mixture_.visit_tokens(words, [&](std::string_view /*token*/, std::span<const double> probabilities, bool oov) {
    double total = 0.0;
    for (double probability : probabilities) total += probability;
    if (oov || !(total > 0.0)) {  // outside the union, or probability 0 in every model
      ++oovs_;
      return;
    }
    probabilities_.insert(probabilities_.end(), probabilities.begin(), probabilities.end());
  });
}

Result<TuningResult> MixtureTuner::run(const TuningOptions& options,
                                       const std::function<void(const TuningIteration&)>& on_iteration) const {
  const std::size_t models = mixture_.size();
  const std::size_t tokens = models > 0 ? probabilities_.size() / models : 0;
  if (tokens == 0) return Status::error("no held-out tokens to tune the weights on (every token was an OOV)");
  TuningResult result;
  result.tokens = tokens;
  result.oovs = oovs_;
  // The held-out perplexity under `weights`; with `shares`, also each model's share of every
  // token (the E step). Tokens no model gives any probability cannot move the weights.
  auto evaluate = [&](const std::vector<double>& weights, std::vector<double>* shares) {
    double log10_likelihood = 0.0;
    for (std::size_t t = 0; t < tokens; ++t) {
      const double* p = &probabilities_[t * models];
      double mixed = 0.0;
      for (std::size_t i = 0; i < models; ++i) mixed += weights[i] * p[i];
      if (!(mixed > 0.0)) continue;
      log10_likelihood += std::log10(mixed);
      if (shares != nullptr) {
        for (std::size_t i = 0; i < models; ++i) (*shares)[i] += weights[i] * p[i] / mixed;
      }
    }
    return std::pow(10.0, -log10_likelihood / static_cast<double>(tokens));
  };
  std::vector<double> weights(models, 1.0 / static_cast<double>(models));
  std::vector<double> shares(models);
  for (int iteration = 1;; ++iteration) {
    std::fill(shares.begin(), shares.end(), 0.0);
    TuningIteration step{iteration - 1, weights, evaluate(weights, &shares)};
    result.iterations.push_back(step);
    if (on_iteration) on_iteration(step);
    double total = 0.0;
    for (double share : shares) total += share;
    double largest_change = 0.0;
    for (std::size_t i = 0; i < models; ++i) {
      double updated = shares[i] / total;
      largest_change = std::max(largest_change, std::abs(updated - weights[i]) / weights[i]);
      weights[i] = updated;
    }
    if (largest_change < options.precision || iteration >= options.max_iterations) {
      result.converged = largest_change < options.precision;
      // The final weights, scored.
      if (largest_change > 0.0) {
        TuningIteration last{iteration, weights, evaluate(weights, nullptr)};
        result.iterations.push_back(last);
        if (on_iteration) on_iteration(last);
      }
      return result;
    }
  }
}

}  // namespace gramvec::ngram
