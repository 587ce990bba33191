// The exact (dynamic) mixture: each model scores the text with its own state, the probabilities
// are added word by word.
#include <fmt/format.h>

#include <cmath>

#include "gramvec/io/mapped_file.hpp"
#include "gramvec/ngram/interpolate.hpp"
#include "gramvec/vocab/vocabulary.hpp"
#include "ngram/estimate/smoothing/smoothing_method.hpp"
#include "ngram/format/binary_model.hpp"

namespace gramvec::ngram {

Status check_mixture_weights(std::span<const double> weights, std::size_t models) {
  if (weights.size() != models) {
    return Status::error(fmt::format("--weights: {} weight{} for {} models (one per -m)", weights.size(),
                                     weights.size() == 1 ? "" : "s", models));
  }
  double total = 0.0;
  for (double weight : weights) {
    if (!std::isfinite(weight) || weight <= 0.0) {
      return Status::error(fmt::format("--weights: {} is not a weight (each must be a finite number above 0)", weight));
    }
    total += weight;
  }
  if (std::abs(total - 1.0) > 1e-4) {
    return Status::error(fmt::format("--weights: {} add up to {}, not 1", fmt::join(weights, " "), total));
  }
  return Status::ok();
}

Result<ModelMixture> ModelMixture::make(std::vector<const NGramModel*> models, std::vector<std::string> names,
                                        std::vector<double> weights) {
  GRAMVEC_TRY(check_mixture_weights(weights, models.size()));
  double total = 0.0;
  for (double weight : weights) total += weight;
  for (double& weight : weights) weight /= total;
  ModelMixture mixture;
  std::size_t settings_from = 0;
  for (std::size_t i = 0; i < models.size(); ++i) {
    const ModelInfo& info = models[i]->info();
    const SmoothingMethod* method = find_smoothing(info.smoothing);
    if (method != nullptr && !method->is_normalised()) {
      return Status::error(fmt::format("{}: a {} model gives scores, not probabilities, and cannot be interpolated",
                                       names[i], info.smoothing));
    }
    if (!info.tokenizer) continue;
    if (!mixture.tokenizer_) {
      mixture.tokenizer_ = info.tokenizer;
      settings_from = i;
    } else if (*mixture.tokenizer_ != *info.tokenizer) {
      return Status::error(fmt::format("{}: tokenizer settings {} differ from those of {} ({}); models to interpolate "
                                       "must tokenize text the same way",
                                       names[i], info.tokenizer->describe(), names[settings_from],
                                       mixture.tokenizer_->describe()));
    }
  }
  mixture.models_ = std::move(models);
  mixture.names_ = std::move(names);
  mixture.weights_ = std::move(weights);
  return mixture;
}

int ModelMixture::order() const {
  int order = 0;
  for (const NGramModel* model : models_) order = std::max(order, model->order());
  return order;
}

void ModelMixture::visit_tokens(std::span<const std::string_view> words, const TokenVisitor& visit) const {
  const std::size_t count = models_.size();
  std::vector<ModelState> states(count);
  std::vector<double> probabilities(count);
  std::vector<bool> known(count);
  for (std::size_t i = 0; i < count; ++i) states[i] = models_[i]->begin_sentence();
  ModelState next;
  auto score = [&](std::string_view token) {
    std::uint64_t key = NGramModel::word_hash(token);
    bool in_union = false;
    for (std::size_t i = 0; i < count; ++i) {
      known[i] = token != vocab::Vocabulary::kBosWord && models_[i]->contains(token);
      in_union = in_union || known[i];
    }
    for (std::size_t i = 0; i < count; ++i) {
      // A model scores a word it lacks as its <unk> and keeps that in its history.
      WordScore scored = models_[i]->score_hash(states[i], key, next);
      states[i] = next;
      probabilities[i] = known[i] || !in_union ? std::pow(10.0, static_cast<double>(scored.log10_probability)) : 0.0;
    }
    visit(token, probabilities, !in_union);
  };
  for (std::string_view word : words) {
    if (word == vocab::Vocabulary::kBosWord || word == vocab::Vocabulary::kEosWord) continue;
    score(word);
  }
  score(vocab::Vocabulary::kEosWord);
}

SentenceScore ModelMixture::score_sentence(std::span<const std::string_view> words, bool keep_tokens) const {
  SentenceScore result;
  visit_tokens(words, [&](std::string_view token, std::span<const double> probabilities, bool oov) {
    double probability = 0.0;
    for (std::size_t i = 0; i < probabilities.size(); ++i) probability += weights_[i] * probabilities[i];
    double log10_probability = probability > 0.0 ? std::log10(probability) : -99.0;
    result.log10_probability += log10_probability;
    ++result.tokens;
    if (oov) {
      ++result.oovs;
      result.oov_log10_probability += log10_probability;
    }
    if (keep_tokens) {
      WordScore score;
      score.log10_probability = static_cast<float>(log10_probability);
      score.oov = oov;
      result.per_token.push_back(TokenScore{std::string(token), score});
    }
  });
  return result;
}

Result<NGramModel> load_for_interpolation(const std::string& path) {
  if (path != "-") {
    auto file = io::MappedFile::open(path);
    if (!file) return file.status();
    if (is_binary_model(file->bytes())) return NGramModel::load(path);
  }
  BinaryModelOptions trie;
  trie.layout = "trie";
  return NGramModel::load(path, trie);
}

}  // namespace gramvec::ngram
