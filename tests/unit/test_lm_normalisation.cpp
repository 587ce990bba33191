// Every normalised smoothing method gives sum_w P(w | context) = 1 over the whole vocabulary,
// for random seen and unseen contexts, orders 1 to 5, on the model loaded back from ARPA.
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "ngram/estimate/smoothing/smoothing_method.hpp"
#include "gramvec/ngram/model.hpp"
#include "gramvec/ngram/scorer.hpp"
#include "ngram/trainer.hpp"
#include "lm_test_models.hpp"
#include "temp_dir.hpp"

using gramvec::test::bundled_sentences;
using gramvec::test::total_probability;
using gramvec::test::train_and_reload;

TEST_CASE("lm normalisation: every method sums to one over the vocabulary, orders 1 to 5") {
  auto corpus = bundled_sentences(1200);
  std::mt19937_64 random(7);
  struct Setup {
    std::string smoothing;
    std::vector<std::uint64_t> prune;
    std::vector<std::uint64_t> katz_min = {};  // --katz-min-count (empty: the default)
    std::vector<std::uint64_t> katz_max = {};
  };
  // Every normalised method in the registry, so a new method is tested the day it is added, and
  // some with pruning.
  std::vector<Setup> setups;
  for (const auto* method : gramvec::ngram::smoothing_methods()) {
    if (method->is_normalised()) setups.push_back({std::string(method->name()), {}});
  }
  setups.insert(setups.end(), {{"mkn", {1}}, {"katz", {0, 1}}, {"wb", {1, 2}}});
  // Katz without cut-offs and five discounted counts (gramvec's earlier default), with cut-offs
  // from unigrams up, and with no discounting but cut-offs.
  setups.insert(setups.end(), {{"katz", {}, {1}, {5}}, {"katz", {}, {2, 2, 3}, {3, 7}}, {"katz", {}, {1, 2}, {0}}});
  CHECK(setups.size() >= 12);
  for (const auto& setup : setups) {
    for (int order = 1; order <= 5; ++order) {
      gramvec::ngram::EstimationOptions options;
      options.order = order;
      options.smoothing = setup.smoothing;
      options.prune_thresholds = setup.prune;
      if (!setup.katz_min.empty()) options.katz_min_counts = setup.katz_min;
      if (!setup.katz_max.empty()) options.katz_max_counts = setup.katz_max;
      if (gramvec::ngram::find_smoothing(setup.smoothing)->takes_add_k()) options.add_k = 0.5;
      auto model = train_and_reload(corpus, options);
      CAPTURE(setup.smoothing);
      CAPTURE(order);
      CAPTURE(setup.prune.size());
      CAPTURE(setup.katz_min.size());
      for (int trial = 0; trial < 12; ++trial) {
        // Half the contexts are prefixes of corpus sentences (seen), half random words (mostly unseen).
        auto context = gramvec::test::random_context(corpus, model.words(), random, 7, trial % 2 == 0);
        CAPTURE(context.size());
        CHECK(total_probability(model, context) == doctest::Approx(1.0).epsilon(1e-6));
      }
    }
  }
}

TEST_CASE("lm normalisation: stupid backoff is a score and says so") {
  CHECK_FALSE(gramvec::ngram::is_normalised("stupid"));
  auto corpus = bundled_sentences(300);
  gramvec::ngram::EstimationOptions options;
  options.order = 3;
  options.smoothing = "stupid";
  auto model = train_and_reload(corpus, options);
  CHECK(model.info().smoothing == "stupid");
  // After a seen context the relative frequencies of its continuations already sum to one; the
  // backed-off scores of the other words come on top.
  CHECK(total_probability(model, {corpus[0][0]}) > 1.05);
}

TEST_CASE("corpus evaluation on several threads gives the figures of one thread, to the last bit") {
  gramvec::ngram::EstimationOptions options;
  options.order = 3;
  auto model = train_and_reload(bundled_sentences(300), options);
  // Held-out lines (and a few sentences more than whole batches), with words the model lacks.
  auto sentences = bundled_sentences(300 + 3 * gramvec::ngram::CorpusEvaluator::kBatchSentences + 17);
  sentences.erase(sentences.begin(), sentences.begin() + 300);
  sentences.push_back({"zebras", "unknown", "to", "the", "model"});
  sentences.push_back({});
  auto evaluate = [&](std::size_t threads, std::size_t count) {
    gramvec::ngram::CorpusEvaluator evaluator(model, threads);
    std::vector<std::string_view> words;
    for (std::size_t index = 0; index < count; ++index) {
      words.assign(sentences[index].begin(), sentences[index].end());
      evaluator.add(words);
    }
    return evaluator.finish();
  };
  for (std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{300}, sentences.size()}) {
    CAPTURE(count);
    auto one = evaluate(1, count);
    // The figures themselves: the sentences scored one by one and added up.
    gramvec::ngram::EvaluationTotals by_hand;
    for (std::size_t index = 0; index < count; ++index) {
      std::vector<std::string_view> words(sentences[index].begin(), sentences[index].end());
      by_hand.add(gramvec::ngram::score_sentence(model, words, false));
    }
    CHECK(one.sentences == count);
    CHECK(one.words == by_hand.words);
    CHECK(one.oovs == by_hand.oovs);
    CHECK(one.log10_probability == doctest::Approx(by_hand.log10_probability).epsilon(1e-12));
    for (std::size_t threads : {2, 3, 8}) {
      CAPTURE(threads);
      auto many = evaluate(threads, count);
      CHECK(many.sentences == one.sentences);
      CHECK(many.words == one.words);
      CHECK(many.oovs == one.oovs);
      CHECK(many.log10_probability == one.log10_probability);  // bit for bit
      CHECK(many.oov_log10_probability == one.oov_log10_probability);
    }
  }
  CHECK(evaluate(1, sentences.size()).oovs > 0);
}
