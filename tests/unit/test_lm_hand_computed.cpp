// Hand-computed expectations on a three-sentence corpus:
//   "a b a", "b a b", "a b"   ->   <s> a b a </s> / <s> b a b </s> / <s> a b </s>
// Raw unigram counts: a 4, b 4, </s> 3 (11 tokens); vocabulary <unk> <s> </s> a b, so the
// predicted words are <unk> </s> a b (V' = 4).
// Bigrams: <s> a 2, <s> b 1, a b 3, b a 2, a </s> 1, b </s> 2.
// Kneser-Ney continuation counts N1+(. w): a 2 (<s>, b), b 2 (<s>, a), </s> 2 (a, b); sum 6.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "gramvec/ngram/model.hpp"
#include "ngram/trainer.hpp"
#include "ngram/estimate/discount.hpp"
#include "ngram/estimate/estimate.hpp"
#include "ngram/format/arpa_writer.hpp"
#include "temp_dir.hpp"

namespace {


const std::vector<std::vector<std::string>> kTinyCorpus = {{"a", "b", "a"}, {"b", "a", "b"}, {"a", "b"}};

// Trains on kTinyCorpus, writes ARPA, loads it back.
gramvec::ngram::NGramModel train_tiny(gramvec::ngram::EstimationOptions estimation) {
  gramvec::ngram::TrainingOptions options;
  options.estimation = estimation;
  auto trained = gramvec::ngram::train_language_model(kTinyCorpus, options);
  REQUIRE_MESSAGE(trained.is_ok(), (trained.is_ok() ? "" : trained.message()));
  auto path = gramvec::test::unique_temp_path("tiny_test.arpa");
  REQUIRE(gramvec::ngram::write_arpa(*trained, path.string()).is_ok());
  auto model = gramvec::ngram::NGramModel::load(path.string());
  std::filesystem::remove(path);
  REQUIRE(model.is_ok());
  return std::move(*model);
}

// P(word | context words), context starting at <s>.
double probability(const gramvec::ngram::NGramModel& model, const std::vector<std::string>& context,
                   const std::string& word) {
  gramvec::ngram::ModelState state = model.begin_sentence();
  gramvec::ngram::ModelState next;
  for (const auto& previous : context) {
    model.score(state, previous, next);
    state = next;
  }
  return std::pow(10.0, model.score(state, word, next).log10_probability);
}

constexpr double kTolerance = 1e-6;

}  // namespace

TEST_CASE("lm hand-computed: raw counts of the tiny corpus") {
  gramvec::ngram::SentenceStream stream;
  // ids: <unk> 0, <s> 1, </s> 2, a 3, b 4
  stream.add_sentence(std::vector<gramvec::vocab::WordId>{3, 4, 3});
  stream.add_sentence(std::vector<gramvec::vocab::WordId>{4, 3, 4});
  stream.add_sentence(std::vector<gramvec::vocab::WordId>{3, 4});
  auto tables = gramvec::ngram::count_ngrams(stream, 2, 5);
  CHECK(tables[0].counts == std::vector<std::uint64_t>{0, 3, 3, 4, 4});
  // Bigrams sorted by ids: (<s>,a)=(1,3) 2, (<s>,b)=(1,4) 1, (a,</s>)=(3,2) 1, (a,b)=(3,4) 3,
  // (b,</s>)=(4,2) 2, (b,a)=(4,3) 2.
  CHECK(tables[1].words == std::vector<gramvec::vocab::WordId>{1, 3, 1, 4, 3, 2, 3, 4, 4, 2, 4, 3});
  CHECK(tables[1].counts == std::vector<std::uint64_t>{2, 1, 1, 3, 2, 2});
}

TEST_CASE("lm hand-computed: modified Kneser-Ney discounts from counts of counts") {
  // n1=10, n2=5, n3=3, n4=2: Y = 10/20 = 0.5; D1 = 1 - 2*0.5*5/10 = 0.5;
  // D2 = 2 - 3*0.5*3/5 = 1.1; D3+ = 3 - 4*0.5*2/3 = 1.6667.
  gramvec::ngram::NGramTable table;
  table.order = 2;
  std::vector<std::uint64_t> counts;
  for (auto [count, times] : std::vector<std::pair<int, int>>{{1, 10}, {2, 5}, {3, 3}, {4, 2}, {6, 1}}) {
    for (int i = 0; i < times; ++i) counts.push_back(static_cast<std::uint64_t>(count));
  }
  table.counts = counts;
  table.words.assign(counts.size() * 2, 5);
  std::vector<gramvec::ngram::NGramTable> tables = {gramvec::ngram::NGramTable{}, table};
  tables[0].order = 1;
  std::vector<std::vector<std::uint64_t>> by_order = {{}, counts};
  std::vector<std::string> warnings;

  gramvec::ngram::EstimationOptions options;
  options.order = 2;
  options.discount_fallback = true;  // the empty unigram table has no counts
  auto discounts = gramvec::ngram::estimate_discounts(tables, by_order, options, warnings);
  REQUIRE(discounts.is_ok());
  CHECK((*discounts)[1].amount[0] == doctest::Approx(0.5));
  CHECK((*discounts)[1].amount[1] == doctest::Approx(1.1));
  CHECK((*discounts)[1].amount[2] == doctest::Approx(5.0 / 3.0));
  CHECK((*discounts)[0].fallback);
  CHECK(warnings.size() == 1);

  // Kneser-Ney: D = n1 / (n1 + 2 n2) = 10 / 20.
  options.smoothing = "kn";
  discounts = gramvec::ngram::estimate_discounts(tables, by_order, options, warnings);
  REQUIRE(discounts.is_ok());
  CHECK((*discounts)[1].amount[0] == doctest::Approx(0.5));

  // Katz, k = 5, n5 = 0 and n6 = 1: (k+1) n6 / n1 = 0.6.
  // d1 = (2*5/10 - 0.6)/0.4 = 1.0; d2 = (3*3/(2*5) - 0.6)/0.4 = 0.75;
  // d3 = (4*2/(3*3) - 0.6)/0.4 = 0.72222; d4 = (5*0/(4*2) - 0.6)/0.4 < 0 -> not discounted.
  options.smoothing = "katz";
  warnings.clear();
  discounts = gramvec::ngram::estimate_discounts(tables, by_order, options, warnings);
  REQUIRE(discounts.is_ok());
  const auto& good_turing = (*discounts)[1].good_turing;
  CHECK(good_turing[1] == doctest::Approx(1.0));
  CHECK(good_turing[2] == doctest::Approx(0.75));
  CHECK(good_turing[3] == doctest::Approx(0.722222).epsilon(1e-5));
  CHECK(good_turing[4] == doctest::Approx(1.0));
}

TEST_CASE("lm hand-computed: modified Kneser-Ney fails clearly on tiny data, and falls back on request") {
  gramvec::ngram::TrainingOptions options;
  options.estimation.order = 2;
  auto trained = gramvec::ngram::train_language_model(kTinyCorpus, options);
  REQUIRE_FALSE(trained.is_ok());
  CHECK(trained.message().find("order 1") != std::string::npos);
  CHECK(trained.message().find("--discount-fallback") != std::string::npos);
}

TEST_CASE("lm hand-computed: modified Kneser-Ney with fallback discounts 0.5 1 1.5") {
  gramvec::ngram::EstimationOptions options;
  options.order = 2;
  options.discount_fallback = true;
  auto model = train_tiny(options);
  // Unigrams: continuation counts 2 each, D(2) = 1: alpha = 1/6, gamma = 3/6, uniform 1/4.
  // (<unk> never occurs, so it is no context: P(w | <unk>) is the unigram P(w).)
  CHECK(probability(model, {"<unk>"}, "a") == doctest::Approx(1.0 / 6 + 0.5 / 4).epsilon(kTolerance));
  CHECK(probability(model, {"<unk>"}, "<unk>") == doctest::Approx(0.5 / 4).epsilon(kTolerance));
  // Context a: a b 3, a </s> 1; total 4; gamma(a) = (1.5 + 0.5) / 4.
  double p_b = 7.0 / 24;
  CHECK(probability(model, {"a"}, "b") == doctest::Approx((3 - 1.5) / 4 + 0.5 * p_b).epsilon(kTolerance));
  CHECK(probability(model, {"a"}, "</s>") == doctest::Approx((1 - 0.5) / 4 + 0.5 * p_b).epsilon(kTolerance));
  // Unseen after a: gamma(a) * p(a).
  CHECK(probability(model, {"a"}, "a") == doctest::Approx(0.5 * p_b).epsilon(kTolerance));
  // Context <s>: <s> a 2, <s> b 1; total 3; gamma = (1 + 0.5) / 3.
  CHECK(probability(model, {}, "a") == doctest::Approx(1.0 / 3 + 0.5 * p_b).epsilon(kTolerance));
  CHECK(probability(model, {}, "b") == doctest::Approx(0.5 / 3 + 0.5 * p_b).epsilon(kTolerance));
}

TEST_CASE("lm hand-computed: Kneser-Ney with --discount 0.5") {
  gramvec::ngram::EstimationOptions options;
  options.order = 2;
  options.smoothing = "kn";
  options.fixed_discount = 0.5;
  auto model = train_tiny(options);
  // Unigrams: (2 - 0.5)/6 = 0.25 + gamma 0.25 / 4.
  double p_b = 0.25 + 0.25 / 4;
  CHECK(probability(model, {"a", "b", "a"}, "</s>") ==
        doctest::Approx((1 - 0.5) / 4 + 0.25 * p_b).epsilon(kTolerance));
  CHECK(probability(model, {"a"}, "b") == doctest::Approx((3 - 0.5) / 4 + 0.25 * p_b).epsilon(kTolerance));
  CHECK(probability(model, {"b"}, "<unk>") == doctest::Approx((1.0 / 4) * (0.25 / 4)).epsilon(kTolerance));
}

TEST_CASE("lm hand-computed: Witten-Bell") {
  gramvec::ngram::EstimationOptions options;
  options.order = 2;
  options.smoothing = "wb";
  auto model = train_tiny(options);
  // Unigrams: raw counts, T = 11, 3 seen types, p(w) = (c + 3/4) / 14.
  CHECK(probability(model, {"b", "a", "b"}, "</s>") ==
        doctest::Approx(2.0 / 6 + (2.0 / 6) * (3.75 / 14)).epsilon(kTolerance));
  CHECK(probability(model, {"<unk>"}, "a") == doctest::Approx(4.75 / 14).epsilon(kTolerance));
  CHECK(probability(model, {"a"}, "b") == doctest::Approx(3.0 / 6 + (2.0 / 6) * (4.75 / 14)).epsilon(kTolerance));
  CHECK(probability(model, {"a"}, "<unk>") == doctest::Approx((2.0 / 6) * (0.75 / 14)).epsilon(kTolerance));
}

TEST_CASE("lm hand-computed: Katz with SRILM's defaults, order 2") {
  gramvec::ngram::EstimationOptions options;
  options.order = 2;
  options.smoothing = "katz";
  auto model = train_tiny(options);
  // Unigrams: no singletons, so no discounting (SRILM: "no singleton counts"): relative
  // frequencies a 4/11, b 4/11, </s> 3/11, and nothing left for <unk>.
  CHECK(probability(model, {"<unk>"}, "a") == doctest::Approx(4.0 / 11).epsilon(kTolerance));
  CHECK(probability(model, {"<unk>"}, "</s>") == doctest::Approx(3.0 / 11).epsilon(kTolerance));
  // Bigram counts of counts: n1 = 2, n2 = 3, n3 = 1, n4..n8 = 0, so gtmax 7 is lowered to 2 and
  // A = 3 n3 / n1 = 1.5: d1 = 2 n2 / n1 = 3 (above 1), d2 = (3 n3 / (2 n2) - A) / (1 - A) = 2
  // (above 1): nothing is discounted.
  // Context a: a b 3, a </s> 1 would take all the mass while <unk> and a are unseen after a, so
  // the denominator grows from 4 to 5: P(b|a) = 3/5, P(</s>|a) = 1/5; bow = (1/5) / (1 - 7/11).
  CHECK(probability(model, {"a"}, "b") == doctest::Approx(0.6).epsilon(kTolerance));
  CHECK(probability(model, {"a"}, "</s>") == doctest::Approx(0.2).epsilon(kTolerance));
  CHECK(probability(model, {"a"}, "a") == doctest::Approx(0.2 / (4.0 / 11) * (4.0 / 11)).epsilon(kTolerance));
  // Context <s>: <s> a 2, <s> b 1, denominator 3 + 1: 1/2, 1/4; bow = (1/4) / (3/11).
  CHECK(probability(model, {}, "a") == doctest::Approx(0.5).epsilon(kTolerance));
  CHECK(probability(model, {}, "b") == doctest::Approx(0.25).epsilon(kTolerance));
  CHECK(probability(model, {}, "</s>") == doctest::Approx(0.25).epsilon(kTolerance));
}

TEST_CASE("lm hand-computed: Katz cut-offs leave trigrams below count 2 out, their mass to the backoff") {
  gramvec::ngram::EstimationOptions options;
  options.order = 3;
  options.smoothing = "katz";
  // Trigrams: <s> a b 2, a b </s> 2, and a b a, b a </s>, <s> b a, b a b 1 each (left out).
  gramvec::ngram::TrainingOptions training;
  training.estimation = options;
  auto trained = gramvec::ngram::train_language_model(kTinyCorpus, training);
  REQUIRE(trained.is_ok());
  CHECK(std::count(trained->estimate.orders[2].kept.begin(), trained->estimate.orders[2].kept.end(), 1) == 2);
  CHECK(trained->estimate.discounts[2].min_count == 2);
  auto model = train_tiny(options);
  // Trigram counts of counts n1 = 4, n2 = 2: gtmax lowered to 1, A = 2 n2 / n1 = 1 and
  // d1 = (1 - 1) / (1 - 1) is not a number: nothing is discounted.
  // Bigram context b: b a 2, b </s> 2, denominator 4 + 1: 2/5 each; bow(b) = (1/5) / (4/11).
  // Context a b: a b </s> 2 kept, a b a 1 left out but counted: P(</s>|a b) = 2/3;
  // bow(a b) = (1/3) / (1 - P(</s>|b)) = (1/3) / (3/5) = 5/9.
  CHECK(probability(model, {"a", "b"}, "</s>") == doctest::Approx(2.0 / 3).epsilon(kTolerance));
  CHECK(probability(model, {"a", "b"}, "a") == doctest::Approx(5.0 / 9 * 0.4).epsilon(kTolerance));
  CHECK(probability(model, {"a", "b"}, "b") == doctest::Approx(5.0 / 9 * (0.2 / (4.0 / 11) * (4.0 / 11)))
                                                   .epsilon(kTolerance));
  // Context <s> a: <s> a b 2 alone would take all the mass: denominator 2 + 1, P = 2/3;
  // bow = (1/3) / (1 - P(b|a) = 2/5) = 5/6, P(</s>|<s> a) = 5/6 P(</s>|a) = 5/6 * 1/5.
  CHECK(probability(model, {"a"}, "b") == doctest::Approx(2.0 / 3).epsilon(kTolerance));
  CHECK(probability(model, {"a"}, "</s>") == doctest::Approx(1.0 / 6).epsilon(kTolerance));
  // Context <s> b: its only trigram (<s> b a, 1) is left out: bow 1, the bigram's P(a|b) = 2/5.
  CHECK(probability(model, {"b"}, "a") == doctest::Approx(0.4).epsilon(kTolerance));

  // Without cut-offs (--katz-min-count 1) every trigram is in the model.
  options.katz_min_counts = std::vector<std::uint64_t>{1};
  training.estimation = options;
  trained = gramvec::ngram::train_language_model(kTinyCorpus, training);
  REQUIRE(trained.is_ok());
  CHECK(std::count(trained->estimate.orders[2].kept.begin(), trained->estimate.orders[2].kept.end(), 1) == 6);
}

TEST_CASE("lm hand-computed: Katz widens a total too large to grow by one") {
  // The tiny corpus's counts times 2^55: context a (a b, a </s>: 4 * 2^55 together, above 2^53,
  // where adding one to a double changes nothing) is not discounted and must still leave 3e-6.
  gramvec::ngram::SentenceStream stream;
  stream.add_sentence(std::vector<gramvec::vocab::WordId>{3, 4, 3});
  stream.add_sentence(std::vector<gramvec::vocab::WordId>{4, 3, 4});
  stream.add_sentence(std::vector<gramvec::vocab::WordId>{3, 4});
  gramvec::ngram::NGramCounts raw;
  raw.tables = gramvec::ngram::count_ngrams(stream, 2, 5);
  for (auto& table : raw.tables) {
    for (auto& count : table.counts) count <<= 55;
  }
  raw.sentences = std::uint64_t{3} << 55;
  raw.tokens = std::uint64_t{11} << 55;
  gramvec::ngram::EstimationOptions options;
  options.order = 2;
  options.smoothing = "katz";
  // No counts of 1..8, so no Good-Turing discounting; a minimum count above 1 still makes the
  // order one that discounts (SRILM's GoodTuring::nodiscount is false), so totals are widened.
  options.katz_min_counts = std::vector<std::uint64_t>{1, 2};
  auto model = gramvec::ngram::estimate_language_model(std::move(raw), 5, options);
  REQUIRE(model.is_ok());
  // Bigrams sorted by ids: (<s>,a) (<s>,b) (a,</s>) (a,b) (b,</s>) (b,a); P(b|a) = 3/4 of 1 - 3e-6.
  CHECK(model->orders[1].probability[3] == doctest::Approx(0.75 * (1 - 3e-6)).epsilon(1e-9));
  CHECK(model->orders[0].backoff[3] > 0.0);
}

TEST_CASE("lm hand-computed: Katz Good-Turing coefficients as SRILM estimates them") {
  gramvec::ngram::EstimationOptions options;
  options.order = 3;
  options.smoothing = "katz";
  const std::size_t size = gramvec::ngram::histogram_max_count(options) + 1;
  REQUIRE(size == 9);  // counts of counts up to gtmax + 1 = 8
  auto histogram = [&](std::vector<std::uint64_t> n) {
    n.resize(size, 0);
    return n;
  };
  std::vector<std::vector<std::uint64_t>> histograms = {
      // Unigrams, gtmax 1: A = 2 n2 / n1 = 0.8 is also r*/r for r = 1, so d1 = 0: out of range.
      histogram({0, 100, 40}),
      // Bigrams: n4..n8 = 0 lower gtmax 7 to 2; A = 3 n3 / n1 = 0.3;
      // d1 = (2*3/10 - 0.3) / 0.7 = 3/7, d2 = (3*1/(2*3) - 0.3) / 0.7 = 2/7.
      histogram({0, 10, 3, 1}),
      // Trigrams, gtmax 7: A = 8 n8 / n1 = 0.16; d_r = ((r+1) n_{r+1} / (r n_r) - 0.16) / 0.84:
      // d1 = (0.8 - 0.16)/0.84, d2 = (0.75 - 0.16)/0.84, d3 = (2/3 - 0.16)/0.84, d4 = (1 - 0.16)/0.84 = 1,
      // d5 = (0.75 - 0.16)/0.84, d6 = (28/30 - 0.16)/0.84, d7 = (16/28 - 0.16)/0.84.
      histogram({0, 100, 40, 20, 10, 8, 5, 4, 2}),
  };
  std::vector<std::string> warnings;
  auto discounts = gramvec::ngram::estimate_discounts(histograms, options, warnings);
  REQUIRE(discounts.is_ok());
  const auto& d = *discounts;
  REQUIRE(d[0].good_turing.size() == 2);
  CHECK(d[0].good_turing[1] == 1.0);
  CHECK(d[0].fallback);
  CHECK(d[0].min_count == 1);
  REQUIRE(d[1].good_turing.size() == 3);
  CHECK(d[1].good_turing[1] == doctest::Approx(3.0 / 7));
  CHECK(d[1].good_turing[2] == doctest::Approx(2.0 / 7));
  CHECK_FALSE(d[1].fallback);
  CHECK(d[1].min_count == 1);
  REQUIRE(d[2].good_turing.size() == 8);
  const double a = 0.16;
  CHECK(d[2].good_turing[1] == doctest::Approx((0.8 - a) / (1 - a)));
  CHECK(d[2].good_turing[2] == doctest::Approx((0.75 - a) / (1 - a)));
  CHECK(d[2].good_turing[3] == doctest::Approx((4.0 * 10 / (3 * 20) - a) / (1 - a)));
  CHECK(d[2].good_turing[4] == doctest::Approx(1.0));
  CHECK(d[2].good_turing[5] == doctest::Approx((0.75 - a) / (1 - a)));
  CHECK(d[2].good_turing[6] == doctest::Approx((7.0 * 4 / (6 * 5) - a) / (1 - a)));
  CHECK(d[2].good_turing[7] == doctest::Approx((8.0 * 2 / (7 * 4) - a) / (1 - a)));
  CHECK(d[2].min_count == 2);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].find("order 1: Good-Turing discount out of range for count(s) 1") != std::string::npos);
  CHECK(warnings[1].find("order 2: no n-grams with count 4,5,6,7,8") != std::string::npos);

  // No singletons: discounting disabled. A maximum of 0: the same. A coefficient whose r*/r is
  // above 1 or whose count has no n-grams is 1.
  options.katz_max_counts = std::vector<std::uint64_t>{3, 0, 3};
  histograms = {histogram({0, 0, 5, 5, 5}), histogram({0, 10, 3, 1}), histogram({0, 10, 8, 0, 2})};
  warnings.clear();
  discounts = gramvec::ngram::estimate_discounts(histograms, options, warnings);
  REQUIRE(discounts.is_ok());
  CHECK((*discounts)[0].good_turing.size() == 1);
  CHECK((*discounts)[1].good_turing.size() == 1);
  // Trigrams, k = 3: A = 4 n4 / n1 = 0.8; d1: 2*8/10 = 1.6 > 1; d2: 3*0/(2*8) = 0 -> (0 - 0.8)/0.2 < 0;
  // d3: n3 = 0.
  const auto& trigram = (*discounts)[2].good_turing;
  CHECK(trigram == std::vector<double>{1.0, 1.0, 1.0, 1.0});
  CHECK(warnings.size() == 2);
}

TEST_CASE("lm options: --katz-min-count and --katz-max-count are checked") {
  gramvec::ngram::EstimationOptions options;
  options.smoothing = "katz";
  CHECK(options.katz_min_count(1) == 1);
  CHECK(options.katz_min_count(2) == 1);
  CHECK(options.katz_min_count(3) == 2);
  CHECK(options.katz_min_count(9) == 2);
  CHECK(options.katz_max_count(1) == 1);
  CHECK(options.katz_max_count(2) == 7);
  CHECK(options.katz_max_count(5) == 7);
  options.katz_min_counts = std::vector<std::uint64_t>{2, 3};
  options.katz_max_counts = std::vector<std::uint64_t>{5};
  CHECK(options.katz_min_count(1) == 2);
  CHECK(options.katz_min_count(4) == 3);
  CHECK(options.katz_max_count(1) == 5);
  CHECK(options.katz_max_count(4) == 5);
  CHECK(gramvec::ngram::check_smoothing_options(options).is_ok());

  options.katz_min_counts = std::vector<std::uint64_t>{1, 0};
  CHECK(gramvec::ngram::check_smoothing_options(options).message().find("at least 1") != std::string::npos);
  // Unigrams are always in the model, so only orders 2 and up must not fall.
  options.katz_min_counts = std::vector<std::uint64_t>{5, 1, 2};
  CHECK(gramvec::ngram::check_smoothing_options(options).is_ok());
  options.katz_min_counts = std::vector<std::uint64_t>{1, 3, 2};
  CHECK(gramvec::ngram::check_smoothing_options(options).message().find("must not fall") != std::string::npos);
  options.katz_min_counts.reset();
  options.katz_max_counts = std::vector<std::uint64_t>{1001};
  CHECK_FALSE(gramvec::ngram::check_smoothing_options(options).is_ok());
  options.katz_max_counts = std::vector<std::uint64_t>{1000};
  CHECK(gramvec::ngram::check_smoothing_options(options).is_ok());
  options.smoothing = "mkn";
  CHECK(gramvec::ngram::check_smoothing_options(options).message() == "--katz-max-count applies to --smoothing katz only");
}

TEST_CASE("lm hand-computed: add-one with backoff") {
  gramvec::ngram::EstimationOptions options;
  options.order = 2;
  options.smoothing = "addk";
  options.add_k = 1.0;
  auto model = train_tiny(options);
  // Unigrams: (c + 1) / (11 + 4).
  // Context a (total 4): seen b (3+1)/8, </s> (1+1)/8; left 0.25; unseen lower mass 1 - 9/15.
  CHECK(probability(model, {"a"}, "b") == doctest::Approx(0.5).epsilon(kTolerance));
  CHECK(probability(model, {"a"}, "</s>") == doctest::Approx(0.25).epsilon(kTolerance));
  CHECK(probability(model, {"a"}, "a") == doctest::Approx(0.625 * 5.0 / 15).epsilon(kTolerance));
  CHECK(probability(model, {"a"}, "<unk>") == doctest::Approx(0.625 * 1.0 / 15).epsilon(kTolerance));
}
