// Everything needed to continue a training run: the settings that define the model, the
// vocabulary, both matrices and how far training got. Binary file: magic "GVW2VSTA", format
// version, fields in little-endian order, then the XXH3-64 checksum of all preceding bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "gramvec/embed/matrix.hpp"
#include "gramvec/embed/training_vocabulary.hpp"
#include "gramvec/status.hpp"
#include "gramvec/text/tokenizer.hpp"

namespace gramvec::embed {

enum class ModelKind { skipgram, cbow };
enum class LossKind { negative_sampling, hierarchical_softmax };

Result<ModelKind> parse_model_kind(std::string_view name);
Result<LossKind> parse_loss_kind(std::string_view name);
std::string_view model_kind_name(ModelKind kind);
std::string_view loss_kind_name(LossKind kind);

// The settings of a training run.
struct TrainingSettings {
  ModelKind model = ModelKind::skipgram;
  LossKind loss = LossKind::negative_sampling;
  std::size_t dimension = 100;
  std::size_t window = 5;
  std::size_t negative = 5;
  double ns_exponent = 0.75;  // negatives drawn from unigram^ns_exponent (fastText uses 0.5)
  double sample = 1e-3;
  std::optional<SubsamplingRule> subsampling;  // unset: the model's default (effective_subsampling)
  std::uint64_t min_count = 5;
  std::size_t max_vocab = 0;
  std::size_t epochs = 5;
  double alpha = 0.0;  // 0: the model's default (0.05 for both: see effective_alpha)
  std::uint64_t seed = 1;
  text::TokenizerOptions tokenizer;
  bool split_sentences = false;

  // 0.05 for skip-gram too (fastText's default; word2vec.c uses 0.025): on corpus-en it gave
  // 28.7% analogy and WS-353 rho 0.559 against 27.9% and 0.474 at 0.025. CBOW: gensim's CBOW
  // scores 29.7% at 0.05 against 22.0% at its default 0.025.
  double effective_alpha() const { return alpha > 0.0 ? alpha : 0.05; }
  // Skip-gram: the paper's rule. On corpus-en (--sample 1e-4; five seeds, three for word2vec.c's
  // rule) it gave WS-353 rho 0.568 against 0.557 (0.575 against 0.562 among the 30000 most
  // frequent words) and 27.8% analogies against 29.2%, in a fifth less time. CBOW: word2vec.c's
  // rule (28.7% analogies against 26.7% with the paper's, the same WS-353 rho).
  SubsamplingRule effective_subsampling() const {
    return subsampling ? *subsampling : (model == ModelKind::skipgram ? SubsamplingRule::paper : SubsamplingRule::word2vec);
  }
  // One line naming the first bad setting, or ok.
  Status validate() const;
};

struct TrainingState {
  // 2 added ns_exponent, 3 the subsampling rule, 4 the XXH3-64 checksum (earlier versions are refused).
  static constexpr std::uint32_t kFormatVersion = 4;

  TrainingSettings settings;
  TrainingVocabulary vocabulary;
  Matrix input;   // one row per word
  Matrix output;  // negative sampling: one row per word; hierarchical softmax: per inner node
  std::size_t epochs_done = 0;
  std::uint64_t words_processed = 0;  // corpus words (before subsampling) over all epochs done
  bool unknown_seen = false;          // the literal token <unk> occurred in training

  Status save(const std::string& path) const;  // atomically
  static Result<TrainingState> load(const std::string& path);
};

}  // namespace gramvec::embed
