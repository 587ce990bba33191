// Language models for the unit tests: trained on the bundled corpus and reloaded from ARPA, and
// the sum of a model's probabilities after a context (the normalisation check).
#pragma once

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "gramvec/ngram/model.hpp"
#include "ngram/trainer.hpp"
#include "temp_dir.hpp"

namespace gramvec::test {

// The first lines of the bundled corpus, split on spaces.
inline std::vector<std::vector<std::string>> bundled_sentences(std::size_t lines) {
  std::ifstream in(std::string(GRAMVEC_SOURCE_DIR) + "/data/en-speeches.txt");
  REQUIRE(in.good());
  std::vector<std::vector<std::string>> sentences;
  std::string line;
  while (sentences.size() < lines && std::getline(in, line)) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start < line.size()) {
      std::size_t end = line.find(' ', start);
      if (end == std::string::npos) end = line.size();
      if (end > start) words.push_back(line.substr(start, end - start));
      start = end + 1;
    }
    sentences.push_back(std::move(words));
  }
  return sentences;
}

// The model estimated from `corpus`, written as ARPA at `path`.
inline void train_to_arpa(const std::vector<std::vector<std::string>>& corpus,
                          const gramvec::ngram::EstimationOptions& estimation, const std::string& path) {
  gramvec::ngram::TrainingOptions options;
  options.estimation = estimation;
  auto trained = gramvec::ngram::train_language_model(corpus, options);
  REQUIRE_MESSAGE(trained.is_ok(), (trained.is_ok() ? "" : trained.message()));
  REQUIRE(gramvec::ngram::write_arpa(*trained, path).is_ok());
}

// The same model loaded back from its ARPA file.
inline gramvec::ngram::NGramModel train_and_reload(const std::vector<std::vector<std::string>>& corpus,
                                                   const gramvec::ngram::EstimationOptions& estimation) {
  auto path = gramvec::test::unique_temp_path("normalisation_test.arpa");
  train_to_arpa(corpus, estimation, path.string());
  auto model = gramvec::ngram::NGramModel::load(path.string());
  std::filesystem::remove(path);
  REQUIRE(model.is_ok());
  return std::move(*model);
}

// A context for the normalisation checks: with `seen`, the first words of a random corpus
// sentence (random words of `words` where it is shorter), otherwise random words; fewer than
// `max_length` of them, never <s> or </s> ("the" instead).
inline std::vector<std::string> random_context(const std::vector<std::vector<std::string>>& corpus,
                                               const std::vector<std::string>& words, std::mt19937_64& random,
                                               std::size_t max_length, bool seen) {
  std::vector<std::string> context;
  const auto& sentence = corpus[random() % corpus.size()];
  std::size_t length = random() % max_length;
  for (std::size_t i = 0; i < length; ++i) {
    if (seen && i < sentence.size()) {
      context.push_back(sentence[i]);
    } else {
      context.push_back(words[random() % words.size()]);
    }
    if (context.back() == "</s>" || context.back() == "<s>") context.back() = "the";
  }
  return context;
}

// Sum of P(w | context) over every word but <s>.
inline double total_probability(const gramvec::ngram::NGramModel& model, const std::vector<std::string>& context) {
  gramvec::ngram::ModelState state = model.begin_sentence();
  gramvec::ngram::ModelState next;
  for (const auto& word : context) {
    model.score(state, word, next);
    state = next;
  }
  double total = 0.0;
  for (const auto& word : model.words()) {
    if (word == "<s>") continue;
    total += std::pow(10.0, model.score(state, word, next).log10_probability);
  }
  return total;
}

}  // namespace gramvec::test
