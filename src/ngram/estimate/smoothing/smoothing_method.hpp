// One smoothing method: how it discounts, how it spreads the freed mass, and how it describes
// itself. Each method lives in a file of its own and is listed once in registry.cpp; the
// estimation stages, the ARPA header and the command line ask the registry and never test
// which method they have.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/ngram/options.hpp"
#include "gramvec/status.hpp"
#include "ngram/estimate/discount.hpp"

namespace gramvec::ngram {

// What every method's unigram distribution starts from (<s> left out).
struct UnigramTotals {
  double total = 0.0;             // sum of the counts
  double seen_types = 0.0;        // words with a count above 0
  double zero_count_words = 0.0;  // words with count 0
  double predicted_words = 0.0;   // the vocabulary size minus one (<s> is never predicted)
};

// What a method is, for the registry, the command line and the estimation stages.
struct SmoothingTraits {
  std::string_view name;
  std::string_view description;
  // Lower orders count continuations N1+(. w) instead of occurrences (Kneser-Ney).
  bool continuation_counts = false;
  // The probabilities of every context sum to one (false for a score such as stupid backoff,
  // which a model then applies as a constant backoff factor).
  bool normalised = true;
  // Whether --discount (EstimationOptions::fixed_discount) and --k (add_k) apply.
  bool fixed_discount = false;
  bool add_k = false;
};

// One order's unigram distribution to fill.
struct Unigrams {
  std::span<const std::uint64_t> counts;  // by id (continuation counts for Kneser-Ney)
  const OrderDiscount& discount;
  const EstimationOptions& options;
  UnigramTotals totals;
  std::span<double> probability;  // P(w) for every id; <s>'s entry is set to 0 afterwards

  // Sets every word's probability to formula(its count as a double).
  template <typename Formula>
  void assign_each(Formula formula) const {
    for (std::size_t id = 0; id < counts.size(); ++id) probability[id] = formula(static_cast<double>(counts[id]));
  }
};

// One context's n-grams of an order above 1.
struct ContextGroup {
  const EstimationOptions& options;
  const OrderDiscount& discount;
  double predicted_words;                 // the vocabulary size minus one (<s> is never predicted)
  std::span<const std::uint64_t> counts;  // (continuation counts where the method uses them)
  std::span<const double> lower;          // the lower-order probability of each one's suffix
  std::span<const std::uint8_t> kept;     // whether each is kept (empty: all)
  std::span<double> probability;          // out: each one's probability

  // The sum of the counts, in order (the estimate's figures depend on its rounding).
  double total() const {
    double sum = 0.0;
    for (std::uint64_t count : counts) sum += static_cast<double>(count);
    return sum;
  }
};

class SmoothingMethod {
 public:
  explicit SmoothingMethod(const SmoothingTraits& traits) : traits_(traits) {}
  virtual ~SmoothingMethod() = default;

  std::string_view name() const { return traits_.name; }
  std::string_view description() const { return traits_.description; }
  bool uses_continuation_counts() const { return traits_.continuation_counts; }
  bool is_normalised() const { return traits_.normalised; }
  bool takes_fixed_discount() const { return traits_.fixed_discount; }
  bool takes_add_k() const { return traits_.add_k; }

  // The discounts of order `order` from its counts of counts (index c: entries with count c),
  // or an error saying why they cannot be estimated from these counts. Methods that do not
  // discount return an empty OrderDiscount.
  virtual Result<OrderDiscount> discount(int order, const std::vector<std::uint64_t>& counts_of_counts,
                                         const EstimationOptions& options, std::vector<std::string>& warnings) const;
  // The discounts used instead when discount() fails and a fallback was asked for.
  virtual OrderDiscount fallback_discount(const EstimationOptions& options) const;

  // N-grams of order `order` (2 and up) with a count below this are left out of the model
  // (Katz: SRILM's gtNmin); 1: every one is kept.
  virtual std::uint64_t min_count(int order, const EstimationOptions& options) const;

  // P(w) for every id (dense) into unigrams.probability.
  virtual void unigram_probabilities(const Unigrams& unigrams) const = 0;
  // Writes the probability of each n-gram of the group and returns the context's backoff weight.
  virtual double context_group(const ContextGroup& group) const = 0;

  // ARPA header: what follows "smoothing=NAME" (e.g. " k=1"), and the discount line of an
  // order (empty: none).
  virtual std::string header_parameters(const EstimationOptions& options) const;
  virtual std::string describe_discount(std::size_t order, const OrderDiscount& discount) const;

 private:
  SmoothingTraits traits_;
};

// Defines `function`, the registry's access to the one instance of `Method`, made with the
// SmoothingTraits initializer that follows (e.g. {.name = "kn", ...}).
#define GRAMVEC_SMOOTHING_METHOD(function, Method, ...)  \
  const SmoothingMethod& function() {                    \
    static const Method method(SmoothingTraits __VA_ARGS__); \
    return method;                                       \
  }

// The registry (registry.cpp): every method, in a fixed order.
std::span<const SmoothingMethod* const> smoothing_methods();
// The method of that name, or null.
const SmoothingMethod* find_smoothing(std::string_view name);
// The method of that name, or an error listing the names.
Result<const SmoothingMethod*> smoothing_method(std::string_view name);
// The method of options that validate() accepted.
const SmoothingMethod& smoothing_of(const EstimationOptions& options);

}  // namespace gramvec::ngram
