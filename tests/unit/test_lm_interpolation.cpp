// Linear interpolation of language models: the weights' rules, the exact mixture against a hand
// computation, the merged model (a model mixed with itself is itself; every distribution sums
// to 1 over the union vocabulary, with models of different orders and vocabularies), and EM
// recovering the weights of a known mixture.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "gramvec/ngram/interpolate.hpp"
#include "lm_test_models.hpp"
#include "temp_dir.hpp"

namespace {

using gramvec::ngram::ModelMixture;
using gramvec::ngram::NGramModel;

ModelMixture mix(const std::vector<const NGramModel*>& models, const std::vector<double>& weights) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < models.size(); ++i) names.push_back("model" + std::to_string(i + 1));
  auto mixture = ModelMixture::make(models, names, weights);
  REQUIRE_MESSAGE(mixture.is_ok(), (mixture.is_ok() ? "" : mixture.message()));
  return std::move(*mixture);
}

NGramModel load(const std::string& path) {
  auto model = gramvec::ngram::load_for_interpolation(path);
  REQUIRE_MESSAGE(model.is_ok(), (model.is_ok() ? "" : model.message()));
  return std::move(*model);
}

// Estimated from `corpus`, written as ARPA at `path` and loaded for interpolation.
NGramModel trained(const std::vector<std::vector<std::string>>& corpus, const gramvec::ngram::EstimationOptions& options,
                   const std::string& path) {
  gramvec::test::train_to_arpa(corpus, options, path);
  return load(path);
}

// An mkn model of order `order` on the first `lines` lines of the bundled corpus.
NGramModel bundled_model(std::size_t lines, int order, const std::string& path) {
  gramvec::ngram::EstimationOptions options;
  options.order = order;
  return trained(gramvec::test::bundled_sentences(lines), options, path);
}

NGramModel write_merged(const ModelMixture& mixture, const std::string& path) {
  auto summary = gramvec::ngram::write_interpolated_model(mixture, path, std::nullopt);
  REQUIRE_MESSAGE(summary.is_ok(), (summary.is_ok() ? "" : summary.message()));
  return load(path);
}

NGramModel parse(const std::string& text) {
  auto model = NGramModel::parse_arpa(text, "tiny.arpa", gramvec::ngram::BinaryModelOptions{"trie"});
  REQUIRE_MESSAGE(model.is_ok(), (model.is_ok() ? "" : model.message()));
  return std::move(*model);
}

// Two tiny models: model 1 (order 2) has b but not c, model 2 (order 1) has c but not b.
const char* const kTiny1 =
    "\\data\\\nngram 1=5\nngram 2=2\n\n\\1-grams:\n-99 <s> -0.3\n-0.7 </s>\n-1.0 <unk>\n-0.5 a -0.1\n-0.6 b\n\n"
    "\\2-grams:\n-0.2 <s> a\n-0.3 a b\n\n\\end\\\n";
const char* const kTiny2 = "\\data\\\nngram 1=5\n\n\\1-grams:\n-99 <s>\n-0.6 </s>\n-0.9 <unk>\n-0.8 a\n-0.4 c\n\n\\end\\\n";

double p(double log10) { return std::pow(10.0, log10); }

}  // namespace

TEST_CASE("interpolation: the weights must be positive, finite, one per model and add up to 1") {
  using gramvec::ngram::check_mixture_weights;
  CHECK(check_mixture_weights(std::vector<double>{0.3, 0.7}, 2).is_ok());
  CHECK(check_mixture_weights(std::vector<double>{0.2, 0.3, 0.5}, 3).is_ok());
  CHECK(check_mixture_weights(std::vector<double>{0.33333, 0.33333, 0.33334}, 3).is_ok());
  auto sum = check_mixture_weights(std::vector<double>{0.5, 0.6}, 2);
  REQUIRE_FALSE(sum.is_ok());
  CHECK(sum.message().find("add up to 1.1, not 1") != std::string::npos);
  CHECK_FALSE(check_mixture_weights(std::vector<double>{0.3, 0.3}, 2).is_ok());
  CHECK_FALSE(check_mixture_weights(std::vector<double>{1.0}, 2).is_ok());
  CHECK_FALSE(check_mixture_weights(std::vector<double>{0.5, 0.5}, 3).is_ok());
  CHECK_FALSE(check_mixture_weights(std::vector<double>{1.5, -0.5}, 2).is_ok());
  CHECK_FALSE(check_mixture_weights(std::vector<double>{1.0, 0.0}, 2).is_ok());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_FALSE(check_mixture_weights(std::vector<double>{nan, 0.5}, 2).is_ok());
  CHECK_FALSE(check_mixture_weights(std::vector<double>{inf, 0.5}, 2).is_ok());
  // Within 1e-4 of 1, rescaled to add up to 1 exactly.
  NGramModel one = parse(kTiny1);
  auto mixture = mix({&one, &one}, {0.30004, 0.7});
  CHECK(mixture.weights()[0] + mixture.weights()[1] == doctest::Approx(1.0).epsilon(1e-15));
}

TEST_CASE("interpolation: the exact mixture of two tiny models, computed by hand") {
  NGramModel one = parse(kTiny1);
  NGramModel two = parse(kTiny2);
  auto mixture = mix({&one, &two}, {0.25, 0.75});
  std::vector<std::string_view> words{"a", "c", "b", "z"};
  auto score = mixture.score_sentence(words, true);
  // a after <s>: model 1's bigram, model 2's unigram.
  double a = 0.25 * p(-0.2) + 0.75 * p(-0.8);
  // c: model 1 has no c (probability 0; c is its <unk> in its history from here).
  double c = 0.75 * p(-0.4);
  // b after c: model 1 backs off from <unk> (no backoff weight: 1) to b; model 2 has no b.
  double b = 0.25 * p(-0.6);
  // z is in neither model: an OOV, each model's <unk> (model 1: after b, no backoff weight).
  double z = 0.25 * p(-1.0) + 0.75 * p(-0.9);
  // </s> after <unk>.
  double end = 0.25 * p(-0.7) + 0.75 * p(-0.6);
  std::array<double, 5> expected{a, c, b, z, end};
  REQUIRE(score.per_token.size() == 5);
  double total = 0.0;
  for (std::size_t k = 0; k < expected.size(); ++k) {
    CAPTURE(k);
    CHECK(score.per_token[k].score.log10_probability == doctest::Approx(std::log10(expected[k])).epsilon(1e-6));
    CHECK(score.per_token[k].score.oov == (k == 3));
    total += std::log10(expected[k]);
  }
  CHECK(score.log10_probability == doctest::Approx(total).epsilon(1e-6));
  CHECK(score.tokens == 5);
  CHECK(score.oovs == 1);
  CHECK(score.oov_log10_probability == doctest::Approx(std::log10(z)).epsilon(1e-6));

  // The merged model holds the union of the n-grams, each with the mixture's probability.
  gramvec::test::TempDir dir("interpolation_tiny");
  NGramModel merged = write_merged(mixture, dir.file("merged.arpa"));
  CHECK(merged.order() == 2);
  CHECK(merged.ngram_count(1) == 6);  // <s> </s> <unk> a b c
  CHECK(merged.ngram_count(2) == 2);
  auto static_score = gramvec::ngram::score_sentence(merged, words, true);
  CHECK(static_score.per_token[0].score.log10_probability == doctest::Approx(std::log10(a)).epsilon(1e-6));
  CHECK(static_score.oovs == 1);
}

TEST_CASE("interpolation: a model mixed with itself is itself") {
  gramvec::test::TempDir dir("interpolation_self");
  NGramModel model = bundled_model(700, 3, dir.file("model.arpa"));
  auto mixture = mix({&model, &model}, {0.3, 0.7});
  NGramModel merged = write_merged(mixture, dir.file("merged.arpa"));
  for (int n = 1; n <= 3; ++n) CHECK(merged.ngram_count(n) == model.ngram_count(n));
  // Every word after contexts seen and unseen: the same probability, to 1e-6.
  auto held_out = gramvec::test::bundled_sentences(760);
  double largest = 0.0;
  for (std::size_t s = 700; s < held_out.size(); ++s) {
    std::vector<std::string_view> words(held_out[s].begin(), held_out[s].end());
    auto original = gramvec::ngram::score_sentence(model, words, true);
    auto mixed = gramvec::ngram::score_sentence(merged, words, true);
    REQUIRE(original.per_token.size() == mixed.per_token.size());
    for (std::size_t k = 0; k < original.per_token.size(); ++k) {
      double a = p(original.per_token[k].score.log10_probability);
      double b = p(mixed.per_token[k].score.log10_probability);
      largest = std::max(largest, std::abs(a - b) / a);
    }
  }
  CHECK(largest < 1e-6);
}

TEST_CASE("interpolation: the merged model of different orders and vocabularies sums to 1 after any context") {
  auto corpus = gramvec::test::bundled_sentences(1500);
  std::vector<std::vector<std::string>> first(corpus.begin(), corpus.begin() + 500);
  std::vector<std::vector<std::string>> second(corpus.begin() + 500, corpus.begin() + 1000);
  std::vector<std::vector<std::string>> third(corpus.begin() + 1000, corpus.end());
  gramvec::test::TempDir dir("interpolation_normalisation");
  gramvec::ngram::EstimationOptions options;
  options.order = 3;
  NGramModel a = trained(first, options, dir.file("a.arpa"));
  options.order = 2;
  options.smoothing = "wb";
  NGramModel b = trained(second, options, dir.file("b.arpa"));
  options.order = 4;
  options.smoothing = "katz";
  NGramModel c = trained(third, options, dir.file("c.arpa"));
  for (const auto& models : {std::vector<const NGramModel*>{&a, &b}, std::vector<const NGramModel*>{&a, &b, &c}}) {
    std::vector<double> weights = models.size() == 2 ? std::vector<double>{0.4, 0.6} : std::vector<double>{0.2, 0.5, 0.3};
    auto mixture = mix(models, weights);
    NGramModel merged = write_merged(mixture, dir.file("merged.arpa"));
    CAPTURE(models.size());
    CHECK(merged.order() == mixture.order());
    // The union vocabulary.
    std::size_t union_words = 0;
    for (const auto& word : merged.words()) {
      bool in_some = false;
      for (const NGramModel* model : models) in_some = in_some || model->contains(word);
      union_words += in_some ? 1 : 0;
    }
    CHECK(union_words == merged.words().size());
    CHECK(merged.words().size() > a.words().size());
    std::mt19937_64 random(11);
    for (int trial = 0; trial < 16; ++trial) {
      auto context = gramvec::test::random_context(corpus, merged.words(), random, 5, trial % 2 == 0);
      CAPTURE(trial);
      CHECK(gramvec::test::total_probability(merged, context) == doctest::Approx(1.0).epsilon(1e-6));
    }
    // The static model is close to the exact mixture on held-out text (not equal: a backed-off
    // word gets the merged model's backoff, not each model's).
    auto held_out = gramvec::test::bundled_sentences(1700);
    gramvec::ngram::EvaluationTotals exact;
    gramvec::ngram::EvaluationTotals merged_totals;
    for (std::size_t s = 1500; s < held_out.size(); ++s) {
      std::vector<std::string_view> words(held_out[s].begin(), held_out[s].end());
      exact.add(mixture.score_sentence(words, false));
      merged_totals.add(gramvec::ngram::score_sentence(merged, words, false));
    }
    CHECK(merged_totals.oovs == exact.oovs);
    CHECK(merged_totals.perplexity() == doctest::Approx(exact.perplexity()).epsilon(0.05));
  }
}

TEST_CASE("interpolation: EM recovers the weights of the mixture that generated the text") {
  // Two languages over the same 12 words and </s>: bigram chains with different, random
  // transitions. Each model learns one language; the held-out text comes from the word-level
  // mixture 0.3 / 0.7 of the two chains, so the best weights are about 0.3 / 0.7.
  const std::size_t words = 13;  // index 12: </s>
  std::mt19937_64 random(5);
  auto make_chain = [&] {
    std::vector<std::vector<double>> chain(words, std::vector<double>(words));
    for (auto& row : chain) {
      double total = 0.0;
      for (auto& cell : row) {
        double u = std::uniform_real_distribution<double>(0.0, 1.0)(random);
        cell = u * u * u;  // skewed: a few likely successors
        total += cell;
      }
      for (auto& cell : row) cell /= total;
    }
    return chain;
  };
  auto x = make_chain();
  auto y = make_chain();
  auto name = [](std::size_t w) { return fmt::format("w{}", w); };
  auto sample = [&](const std::vector<std::vector<double>>& chain, std::size_t previous) {
    std::discrete_distribution<std::size_t> next(chain[previous].begin(), chain[previous].end());
    return next(random);
  };
  // A sentence starts as if after </s> (the chain's row 12 is its start).
  auto sentences = [&](std::size_t count, double weight_x) {
    std::vector<std::vector<std::string>> text;
    std::bernoulli_distribution pick_x(weight_x);
    while (text.size() < count) {
      std::vector<std::string> sentence;
      std::size_t previous = words - 1;
      while (sentence.size() < 60) {
        std::size_t word = sample(pick_x(random) ? x : y, previous);
        if (word == words - 1) break;
        sentence.push_back(name(word));
        previous = word;
      }
      text.push_back(std::move(sentence));
    }
    return text;
  };
  gramvec::test::TempDir dir("interpolation_em");
  gramvec::ngram::EstimationOptions options;
  options.order = 2;
  options.smoothing = "wb";  // 12 words: too few for Kneser-Ney's counts of counts
  NGramModel model_x = trained(sentences(20000, 1.0), options, dir.file("x.arpa"));
  NGramModel model_y = trained(sentences(20000, 0.0), options, dir.file("y.arpa"));
  auto mixture = mix({&model_x, &model_y}, {0.5, 0.5});
  gramvec::ngram::MixtureTuner tuner(mixture);
  for (const auto& sentence : sentences(6000, 0.3)) {
    std::vector<std::string_view> view(sentence.begin(), sentence.end());
    tuner.add(view);
  }
  std::vector<double> perplexities;
  auto result = tuner.run({}, [&](const gramvec::ngram::TuningIteration& step) { perplexities.push_back(step.perplexity); });
  REQUIRE(result.is_ok());
  CHECK(result->converged);
  CHECK(result->oovs == 0);
  CHECK(result->iterations.front().weights == std::vector<double>{0.5, 0.5});
  // Recovered within 0.03 (the models are estimates, and the text a sample).
  CHECK(result->weights()[0] == doctest::Approx(0.3).epsilon(0.1));
  CHECK(std::abs(result->weights()[0] - 0.3) < 0.03);
  CHECK(result->weights()[0] + result->weights()[1] == doctest::Approx(1.0));
  // EM never raises the perplexity.
  REQUIRE(perplexities.size() == result->iterations.size());
  for (std::size_t k = 1; k < perplexities.size(); ++k) CHECK(perplexities[k] <= perplexities[k - 1] + 1e-9);
}

TEST_CASE("interpolation: mismatched tokenizers and stupid backoff are refused") {
  gramvec::test::TempDir dir("interpolation_refused");
  NGramModel plain = bundled_model(200, 2, dir.file("plain.arpa"));
  // The same model, its header saying it was lower-cased.
  std::ifstream in(dir.file("plain.arpa"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t at = text.find("lower=0");
  REQUIRE(at != std::string::npos);
  std::string lowered = text.substr(0, at) + "lower=1" + text.substr(at + 7);
  NGramModel lower = parse(lowered);
  auto refused = ModelMixture::make({&plain, &lower}, {"plain.arpa", "lower.arpa"}, {0.5, 0.5});
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.message().find("lower.arpa: tokenizer settings") != std::string::npos);
  // A foreign model (no settings) goes with any.
  std::string foreign = text.substr(text.find("\\data\\"));
  NGramModel foreign_model = parse(foreign);
  auto with_foreign = ModelMixture::make({&foreign_model, &lower}, {"foreign.arpa", "lower.arpa"}, {0.5, 0.5});
  REQUIRE(with_foreign.is_ok());
  CHECK(with_foreign->tokenizer() == lower.info().tokenizer);

  gramvec::ngram::EstimationOptions options;
  options.order = 2;
  options.smoothing = "stupid";
  NGramModel stupid = trained(gramvec::test::bundled_sentences(200), options, dir.file("stupid.arpa"));
  auto scores = ModelMixture::make({&plain, &stupid}, {"plain.arpa", "stupid.arpa"}, {0.5, 0.5});
  REQUIRE_FALSE(scores.is_ok());
  CHECK(scores.message().find("stupid.arpa: a stupid model gives scores") != std::string::npos);

}

TEST_CASE("interpolation: a hash-layout model is merged as the same model in the trie layout") {
  gramvec::test::TempDir dir("interpolation_hash");
  NGramModel plain = bundled_model(200, 3, dir.file("plain.arpa"));
  auto hash = NGramModel::load(dir.file("plain.arpa"));
  REQUIRE(hash.is_ok());
  REQUIRE(hash->binary_options().layout == "hash");
  CHECK(gramvec::ngram::check_mergeable(*hash, "plain.arpa").is_ok());
  auto with_hash = mix({&plain, &*hash}, {0.5, 0.5});
  std::vector<std::string_view> words{"the", "people"};
  CHECK(with_hash.score_sentence(words, false).log10_probability ==
        doctest::Approx(gramvec::ngram::score_sentence(plain, words, false).log10_probability).epsilon(1e-6));
  auto merged = gramvec::ngram::write_interpolated_model(with_hash, dir.file("hash.arpa"), std::nullopt);
  REQUIRE_MESSAGE(merged.is_ok(), (merged.is_ok() ? "" : merged.message()));
  auto with_trie = mix({&plain, &plain}, {0.5, 0.5});
  REQUIRE(gramvec::ngram::write_interpolated_model(with_trie, dir.file("trie.arpa"), std::nullopt).is_ok());
  auto text = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  CHECK(text(dir.file("hash.arpa")) == text(dir.file("trie.arpa")));
}
