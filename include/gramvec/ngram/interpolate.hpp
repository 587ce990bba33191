// Linear interpolation of backoff language models: P(w | h) = sum_i weight_i P_i(w | h), each
// P_i with its own backoff, over the union of the models' vocabularies. Scored exactly, word by
// word (ModelMixture), written as one backoff model (write_interpolated_model: SRILM's
// `ngram -mix-lm ... -lambda ... -write-lm`), and with weights tuned by EM on held-out text
// (tune_mixture_weights: SRILM's compute-best-mix).
//
// Rules:
// - Vocabulary: the union of the models' 1-grams. A model gives probability 0 to a word it does
//   not have (it is a distribution over its own words), so the mixture is one over the union; a
//   word outside the union is an OOV, scored as sum_i weight_i P_i(<unk> | h) (0 from a model
//   without <unk>). In a model's history, a word it does not have is its <unk>, as when the
//   model scores the text alone.
// - Orders may differ: each model looks back as far as its own order; the merged model has the
//   highest.
// - Tokenizer settings: the models that record them (gramvec's) must record the same ones; a
//   foreign ARPA file (no settings) goes with any.
// - Weights: one per model, finite and above 0, adding up to 1 (within 1e-4, then rescaled).
// - A model whose scores are not probabilities (stupid backoff) cannot be mixed.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/ngram/model.hpp"
#include "gramvec/ngram/scorer.hpp"
#include "gramvec/status.hpp"
#include "gramvec/text/tokenizer.hpp"

namespace gramvec::ngram {

// Fails (with a message in the command line's terms) unless there is one weight per model, each
// finite and above 0, and they add up to 1 within 1e-4.
Status check_mixture_weights(std::span<const double> weights, std::size_t models);

class ModelMixture {
 public:
  // The models (named for messages: their paths) must outlive the mixture. Fails for mismatched
  // tokenizer settings, a stupid-backoff model, or bad weights.
  static Result<ModelMixture> make(std::vector<const NGramModel*> models, std::vector<std::string> names,
                                   std::vector<double> weights);

  std::size_t size() const { return models_.size(); }
  const NGramModel& model(std::size_t i) const { return *models_[i]; }
  const std::string& name(std::size_t i) const { return names_[i]; }
  const std::vector<double>& weights() const { return weights_; }
  void set_weights(std::vector<double> weights) { weights_ = std::move(weights); }
  int order() const;
  // The settings the models agree on (none when no model records any).
  const std::optional<text::TokenizerOptions>& tokenizer() const { return tokenizer_; }

  // Each token of a sentence (its words, then </s>; literal <s> and </s> skipped as the scorer
  // does): `probabilities[i]` is model i's probability of it in the mixture's terms (0 for a word
  // of the union the model does not have), `oov` says that the token is outside the union.
  using TokenVisitor =
      std::function<void(std::string_view token, std::span<const double> probabilities, bool oov)>;
  void visit_tokens(std::span<const std::string_view> words, const TokenVisitor& visit) const;
  // The sentence's score under the mixture with the current weights (as score_sentence: OOVs
  // counted and scored as the mixture's <unk>; a token of probability 0 scores -99).
  SentenceScore score_sentence(std::span<const std::string_view> words, bool keep_tokens) const;

 private:
  std::vector<const NGramModel*> models_;
  std::vector<std::string> names_;
  std::vector<double> weights_;
  std::optional<text::TokenizerOptions> tokenizer_;
};

struct TuningOptions {
  double precision = 0.001;  // stop when no weight changes by more than this fraction of itself
  int max_iterations = 1000;
};

struct TuningIteration {
  int iteration = 0;            // EM updates made before these weights (0: the equal weights it starts from)
  std::vector<double> weights;  // the weights this iteration scored with
  double perplexity = 0.0;    // on the held-out tokens with these weights
};

struct TuningResult {
  std::vector<TuningIteration> iterations;  // the last one holds the final weights
  std::uint64_t tokens = 0;  // held-out tokens used: words and </s>, OOVs left out (SRILM's ppl)
  std::uint64_t oovs = 0;    // tokens outside the union vocabulary (or of probability 0), left out
  bool converged = false;
  const std::vector<double>& weights() const { return iterations.back().weights; }
};

// Collects the held-out text, sentence by sentence, then finds by EM the weights that maximise
// its likelihood under the mixture (minimise its perplexity), from equal weights.
class MixtureTuner {
 public:
  explicit MixtureTuner(const ModelMixture& mixture) : mixture_(mixture) {}
  void add(std::span<const std::string_view> words);
  // Calls `on_iteration` after each iteration. Fails when no token could be used.
  Result<TuningResult> run(const TuningOptions& options,
                           const std::function<void(const TuningIteration&)>& on_iteration = {}) const;

 private:
  const ModelMixture& mixture_;
  std::vector<double> probabilities_;  // per token, one per model
  std::uint64_t oovs_ = 0;
};

struct InterpolationSummary {
  int order = 0;
  std::vector<std::uint64_t> ngram_counts;  // per order
  std::size_t vocabulary = 0;
};

// The mixture as one backoff model at `path` ("-": stdout): every n-gram of any model (and the
// contexts and suffixes a backoff model needs), with the mixture's probability, and backoff
// weights that make every distribution add up to 1. ARPA, or binary with `binary`. The models'
// n-grams are listed: ARPA text (load it with load_for_interpolation) or a binary model of
// either layout. A hash-layout model keeps only keys: it fails, naming it, if some n-gram lacks
// its context or suffix (possible only in an ARPA file from elsewhere), as then its n-grams
// cannot all be found.
Result<InterpolationSummary> write_interpolated_model(const ModelMixture& mixture, const std::string& path,
                                                      const std::optional<BinaryModelOptions>& binary);

// Fails, naming `name`, for a model whose n-grams cannot be listed: checked before the work
// starts. Every layout lists its n-grams today.
Status check_mergeable(const NGramModel& model, const std::string& name);

// Loads a model so that write_interpolated_model can list its n-grams: ARPA into the trie
// layout, a binary model as it is.
Result<NGramModel> load_for_interpolation(const std::string& path);

}  // namespace gramvec::ngram
