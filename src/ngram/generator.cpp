#include "gramvec/ngram/generator.hpp"

#include <algorithm>
#include <cmath>

#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::ngram {

SentenceGenerator::SentenceGenerator(const NGramModel& model, std::uint64_t seed) : model_(model), random_(seed) {
  for (std::size_t index = 0; index < model.words().size(); ++index) {
    if (model.words()[index] == vocab::Vocabulary::kBosWord) continue;
    candidates_.push_back(index);
    candidate_hashes_.push_back(NGramModel::word_hash(model.words()[index]));
  }
  cumulative_.resize(candidates_.size());
}

std::vector<std::string> SentenceGenerator::sample(std::size_t max_tokens) {
  std::vector<std::string> words;
  ModelState state = model_.begin_sentence();
  ModelState next;
  while (words.size() < max_tokens) {
    double total = 0.0;
    for (std::size_t i = 0; i < candidates_.size(); ++i) {
      total += std::pow(10.0, model_.score_hash(state, candidate_hashes_[i], next).log10_probability);
      cumulative_[i] = total;
    }
    double target = std::uniform_real_distribution<double>(0.0, total)(random_);
    std::size_t chosen = static_cast<std::size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), target) -
                                                  cumulative_.begin());
    chosen = std::min(chosen, candidates_.size() - 1);
    const std::string& word = model_.words()[candidates_[chosen]];
    if (word == vocab::Vocabulary::kEosWord) break;
    model_.score_hash(state, candidate_hashes_[chosen], next);
    state = next;
    words.push_back(word);
  }
  return words;
}

}  // namespace gramvec::ngram
