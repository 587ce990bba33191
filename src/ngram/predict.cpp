#include "gramvec/ngram/predict.hpp"

#include <algorithm>
#include <numeric>

#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::ngram {

Predictor::Predictor(const NGramModel& model) : model_(model) {
  for (const auto& word : model.words()) {
    if (word == vocab::Vocabulary::kBosWord || word == vocab::Vocabulary::kUnkWord) continue;
    words_.push_back(word);
  }
  std::sort(words_.begin(), words_.end());
  words_.erase(std::unique(words_.begin(), words_.end()), words_.end());
  keys_.reserve(words_.size());
  for (const auto& word : words_) keys_.push_back(NGramModel::word_hash(word));
  end_of_sentence_ = static_cast<std::size_t>(
      std::lower_bound(words_.begin(), words_.end(), std::string(vocab::Vocabulary::kEosWord)) - words_.begin());
}

std::vector<Prediction> Predictor::predict(std::span<const std::string_view> context, std::size_t k,
                                           std::string_view prefix) const {
  ModelState state = model_.begin_sentence();
  ModelState next;
  for (std::string_view word : context) {
    model_.score(state, word, next);
    state = next;
  }
  // The candidates starting with the prefix are one range of the sorted words.
  std::size_t begin = 0;
  std::size_t end = words_.size();
  if (!prefix.empty()) {
    begin = static_cast<std::size_t>(
        std::lower_bound(words_.begin(), words_.end(), prefix,
                         [](const std::string& word, std::string_view p) { return std::string_view(word) < p; }) -
        words_.begin());
    end = begin;
    while (end < words_.size() && std::string_view(words_[end]).starts_with(prefix)) ++end;
  }
  // The best k so far in a heap whose top is the worst of them (`better` is its less-than);
  // candidates come in byte order, so a later one with an equal probability never displaces an
  // earlier one.
  struct Scored {
    float log10_probability;
    std::size_t index;
  };
  auto better = [](const Scored& a, const Scored& b) {
    return a.log10_probability != b.log10_probability ? a.log10_probability > b.log10_probability : a.index < b.index;
  };
  if (k == 0) return {};
  std::vector<Scored> best;
  best.reserve(std::min(k, end - begin) + 1);
  for (std::size_t index = begin; index < end; ++index) {
    if (!prefix.empty() && index == end_of_sentence_ && words_[index] == vocab::Vocabulary::kEosWord) continue;
    const float log10_probability = model_.score_hash(state, keys_[index], next).log10_probability;
    if (best.size() == k) {
      if (log10_probability <= best.front().log10_probability) continue;
      std::pop_heap(best.begin(), best.end(), better);
      best.pop_back();
    }
    best.push_back({log10_probability, index});
    std::push_heap(best.begin(), best.end(), better);
  }
  std::sort_heap(best.begin(), best.end(), better);
  std::vector<Prediction> predictions;
  predictions.reserve(best.size());
  for (const Scored& scored : best) predictions.push_back({words_[scored.index], scored.log10_probability});
  return predictions;
}

}  // namespace gramvec::ngram
