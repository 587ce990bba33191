// Next-word prediction (the n-gram model as an input method): the most probable next words after
// the start of a sentence, exactly as the model scores them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/ngram/model.hpp"

namespace gramvec::ngram {

struct Prediction {
  std::string word;
  float log10_probability = 0.0F;  // as lm score --per-word gives it for the same words
};

class Predictor {
 public:
  // The candidates are the model's words but <s> and <unk>; </s> is one (the sentence ends).
  explicit Predictor(const NGramModel& model);

  // The `k` most probable next words after <s> `context` (tokens, oldest first), most probable
  // first, equal probabilities by their bytes. With a `prefix`, only words that start with it
  // (bytes as given: normalise it as the model's words are), </s> not among them. Exact: every
  // candidate is scored.
  std::vector<Prediction> predict(std::span<const std::string_view> context, std::size_t k,
                                  std::string_view prefix = {}) const;

  std::size_t candidates() const { return words_.size(); }

 private:
  const NGramModel& model_;
  std::vector<std::string> words_;    // sorted by bytes
  std::vector<std::uint64_t> keys_;   // word_hash of each
  std::size_t end_of_sentence_ = 0;   // index of </s> in words_
};

}  // namespace gramvec::ngram
