// Nearest neighbours, analogies (3CosAdd, 3CosMul), expressions, the analogy and similarity
// evaluations and Spearman's rho, on hand-made vectors with known answers.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "gramvec/embed/evaluation.hpp"
#include "gramvec/embed/search.hpp"
#include "gramvec/embed/vectors.hpp"

using namespace gramvec::embed;

namespace {

std::string fixture(const std::string& name) { return std::string(GRAMVEC_SOURCE_DIR) + "/tests/fixtures/w2v/" + name; }

WordVectors tiny_unit_vectors() {
  auto loaded = WordVectors::load(fixture("tiny.vec"));
  REQUIRE(loaded.is_ok());
  WordVectors vectors = std::move(*loaded);
  vectors.normalize_rows();
  return vectors;
}

std::vector<std::string> words_of(const WordVectors& vectors, const std::vector<Neighbor>& neighbors) {
  std::vector<std::string> words;
  for (const auto& neighbor : neighbors) words.push_back(vectors.word(neighbor.row));
  return words;
}

}  // namespace

TEST_CASE("embed: nearest neighbours by cosine, best first, excluding the query") {
  WordVectors vectors = tiny_unit_vectors();
  auto terms = parse_expression("man");
  REQUIRE(terms.is_ok());
  auto resolved = resolve_expression(vectors, *terms);
  CHECK(resolved.unknown.empty());
  auto results = nearest(vectors, std::span(&resolved.query, 1), 3);
  REQUIRE(results.size() == 1);
  CHECK(words_of(vectors, results[0]) == std::vector<std::string>{"Man", "boy", "king"});
  CHECK(results[0][0].score == doctest::Approx(0.9 / std::sqrt(0.82)).epsilon(1e-5));
  CHECK(results[0][2].score == doctest::Approx(1 / std::sqrt(2.0)).epsilon(1e-5));
  // Many queries at once (more than one block of 16) give the same answers as one at a time.
  std::vector<SearchQuery> many;
  for (int copy = 0; copy < 40; ++copy) {
    auto word = vectors.word(static_cast<std::size_t>(copy) % vectors.size());
    auto parsed = parse_expression(word);
    REQUIRE(parsed.is_ok());
    many.push_back(resolve_expression(vectors, *parsed).query);
  }
  auto batch = nearest(vectors, many, 4);
  for (std::size_t index = 0; index < many.size(); ++index) {
    auto single = nearest(vectors, std::span(&many[index], 1), 4);
    CHECK(words_of(vectors, batch[index]) == words_of(vectors, single[0]));
  }
}

TEST_CASE("embed: expressions") {
  WordVectors vectors = tiny_unit_vectors();
  auto terms = parse_expression("king - man + woman");
  REQUIRE(terms.is_ok());
  REQUIRE(terms->size() == 3);
  CHECK((*terms)[1].word == "man");
  CHECK((*terms)[1].sign == -1.0f);
  auto resolved = resolve_expression(vectors, *terms);
  auto results = nearest(vectors, std::span(&resolved.query, 1), 1);
  CHECK(words_of(vectors, results[0]) == std::vector<std::string>{"queen"});
  // unit(king) - unit(man) + unit(woman) = (1/sqrt2 - 1, 1, 1/sqrt2); queen = (0, 1, 1)/sqrt2.
  double root_half = 1.0 / std::sqrt(2.0);
  double length = std::sqrt((root_half - 1) * (root_half - 1) + 1 + 0.5);
  CHECK(results[0][0].score == doctest::Approx((root_half + 0.5) / length).epsilon(1e-5));
  auto with_unknown = resolve_expression(vectors, *parse_expression("king - nosuchword"));
  CHECK(with_unknown.unknown == std::vector<std::string>{"nosuchword"});
  CHECK_FALSE(parse_expression("king +").is_ok());
  CHECK_FALSE(parse_expression("king + - man").is_ok());
  CHECK_FALSE(parse_expression("   ").is_ok());
  // A lone operator is a word (punctuation has vectors), not an unfinished expression.
  for (std::string_view lone : {"-", " + "}) {
    auto word = parse_expression(lone);
    REQUIRE(word.is_ok());
    REQUIRE(word->size() == 1);
    CHECK((*word)[0].sign == 1.0f);
  }
  CHECK((*parse_expression("-"))[0].word == "-");
  CHECK_FALSE(parse_expression("- -").is_ok());
}

TEST_CASE("embed: analogies by 3CosAdd and 3CosMul") {
  WordVectors vectors = tiny_unit_vectors();
  std::size_t man = *vectors.find("man"), king = *vectors.find("king"), woman = *vectors.find("woman");
  AnalogyQuery query{man, king, woman, {man, king, woman}};
  auto added = analogies(vectors, std::span(&query, 1), AnalogyMethod::add, 2);
  CHECK(words_of(vectors, added[0])[0] == "queen");
  auto multiplied = analogies(vectors, std::span(&query, 1), AnalogyMethod::mul, 2);
  CHECK(words_of(vectors, multiplied[0])[0] == "queen");
  // 3CosMul score of queen: cos(queen,king) = 1/2, cos(queen,woman) = 1/sqrt2, cos(queen,man) = 0.
  double shifted_king = (0.5 + 1.0) / 2.0;
  double shifted_woman = (1.0 / std::sqrt(2.0) + 1.0) / 2.0;
  CHECK(multiplied[0][0].score == doctest::Approx(shifted_king * shifted_woman / (0.5 + 0.001)).epsilon(1e-5));
  // Many 3CosMul queries at once (several blocks of five) agree with single ones.
  std::vector<AnalogyQuery> many(23, query);
  many[7] = AnalogyQuery{king, man, *vectors.find("queen"), {king, man, *vectors.find("queen")}};
  auto batch = analogies(vectors, many, AnalogyMethod::mul, 1);
  CHECK(vectors.word(batch[7][0].row) == "woman");
  CHECK(vectors.word(batch[22][0].row) == "queen");
  CHECK(parse_analogy_method("mul").is_ok());
  CHECK_FALSE(parse_analogy_method("sub").is_ok());
}

TEST_CASE("embed: analogy evaluation on a hand-made file") {
  WordVectors vectors = tiny_unit_vectors();
  AnalogyOptions options;
  auto results = evaluate_analogies_file(vectors, fixture("tiny-questions.txt"), options);
  REQUIRE(results.is_ok());
  REQUIRE(results->sections.size() == 2);
  CHECK(results->sections[0].name == "capital-common-countries");
  CHECK(results->sections[0].correct == 2);
  CHECK(results->sections[0].seen == 2);
  CHECK(results->sections[1].questions == 4);
  CHECK(results->sections[1].seen == 3);
  CHECK(results->sections[1].correct == 1);
  CHECK(results->semantic.accuracy() == doctest::Approx(1.0));
  CHECK(results->syntactic.accuracy() == doctest::Approx(1.0 / 3.0));
  CHECK(results->total.questions == 6);
  CHECK(results->total.seen == 5);
  CHECK(results->total.correct == 3);
  CHECK(results->skipped() == 1);

  SUBCASE("restricted to the most frequent words") {
    options.restrict_vocab = 7;
    auto restricted = evaluate_analogies_file(vectors, fixture("tiny-questions.txt"), options);
    REQUIRE(restricted.is_ok());
    CHECK(restricted->total.seen == 4);
    CHECK(restricted->skipped() == 2);
    CHECK(restricted->syntactic.accuracy() == doctest::Approx(0.5));
  }
  SUBCASE("case-sensitive: upper-case questions are out of vocabulary") {
    options.case_insensitive = false;
    auto exact = evaluate_analogies_file(vectors, fixture("tiny-questions.txt"), options);
    REQUIRE(exact.is_ok());
    CHECK(exact->total.seen == 3);  // KING MAN... and Man King... (King is unknown) are skipped
  }
  SUBCASE("3CosMul") {
    options.method = AnalogyMethod::mul;
    auto multiplied = evaluate_analogies_file(vectors, fixture("tiny-questions.txt"), options);
    REQUIRE(multiplied.is_ok());
    CHECK(multiplied->semantic.correct == 2);
  }
  CHECK_FALSE(evaluate_analogies(vectors, ": section\na b c\n", "q.txt", options).is_ok());
}

TEST_CASE("embed: case folding like gensim (upper case)") {
  CHECK(fold_case("King") == "KING");
  CHECK(fold_case("straße") == "STRASSE");
  CHECK(fold_case("Ελλάδα") == "ΕΛΛΆΔΑ");
}

TEST_CASE("embed: Spearman's rho with average ranks for ties") {
  std::vector<double> x = {1, 2, 3, 4};
  std::vector<double> y = {10, 20, 30, 40};
  std::vector<double> reversed = {4, 3, 2, 1};
  CHECK(spearman_rho(x, y) == doctest::Approx(1.0));
  CHECK(spearman_rho(x, reversed) == doctest::Approx(-1.0));
  std::vector<double> tied = {1, 2, 2, 3};
  CHECK(spearman_rho(tied, x) == doctest::Approx(4.5 / std::sqrt(22.5)));
  std::vector<double> constant = {5, 5, 5, 5};
  CHECK(std::isnan(spearman_rho(constant, x)));  // undefined, as scipy's spearmanr says
  CHECK(std::isnan(spearman_rho(std::vector<double>{1.0}, std::vector<double>{2.0})));
}

TEST_CASE("embed: word-similarity evaluation skips and counts OOV pairs") {
  WordVectors vectors = tiny_unit_vectors();
  auto results = evaluate_similarity_file(vectors, fixture("tiny-similarity.tsv"));
  REQUIRE(results.is_ok());
  CHECK(results->pairs == 4);
  CHECK(results->oov == 1);
  CHECK(results->oov_rate() == doctest::Approx(0.2));
  // human ranks 4 3 1 2, cosine ranks 3 2 1 4: rho = 1 - 6*6/(4*15) = 0.4
  CHECK(results->spearman == doctest::Approx(0.4));
  CHECK_FALSE(evaluate_similarity(vectors, "a\tb\tnot-a-number\n", "s.tsv").is_ok());
}

TEST_CASE("embed: word-similarity evaluation restricted to the most frequent words (as gensim's restrict_vocab)") {
  WordVectors vectors = tiny_unit_vectors();
  SimilarityOptions options;
  options.restrict_vocab = 4;  // man woman king queen
  auto results = evaluate_similarity_file(vectors, fixture("tiny-similarity.tsv"), options);
  REQUIRE(results.is_ok());
  // king-apple (apple is 5th) and MAN-BOY (boy is 7th) now count as OOV, besides foo-bar.
  CHECK(results->pairs == 2);
  CHECK(results->oov == 3);
  // king.queen = 0.5 > man.woman = 0, in the human order 9 > 8.
  CHECK(results->spearman == doctest::Approx(1.0));
  options.restrict_vocab = 100;  // beyond the vocabulary: everything
  auto all = evaluate_similarity_file(vectors, fixture("tiny-similarity.tsv"), options);
  REQUIRE(all.is_ok());
  CHECK(all->pairs == 4);
  CHECK(all->oov == 1);
}
