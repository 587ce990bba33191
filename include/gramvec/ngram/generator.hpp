// Sampling sentences from a language model.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gramvec/ngram/model.hpp"

namespace gramvec::ngram {

class SentenceGenerator {
 public:
  SentenceGenerator(const NGramModel& model, std::uint64_t seed);
  // Words of one sampled sentence (without </s>); stops after `max_tokens` words.
  std::vector<std::string> sample(std::size_t max_tokens);

 private:
  const NGramModel& model_;
  std::mt19937_64 random_;
  std::vector<std::size_t> candidates_;      // indexes into model.words(), <s> excluded
  std::vector<std::uint64_t> candidate_hashes_;
  std::vector<double> cumulative_;
};

}  // namespace gramvec::ngram
