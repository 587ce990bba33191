// Next-word prediction against brute force: every candidate scored as lm score scores it, sorted
// by probability then bytes; the same from every layout; ties in byte order; the prefix range.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/ngram/model.hpp"
#include "gramvec/ngram/predict.hpp"
#include "lm_test_models.hpp"
#include "temp_dir.hpp"

namespace {

using gramvec::ngram::NGramModel;
using gramvec::ngram::Prediction;

// Every word but <s> and <unk> after <s> `context`, scored one by one, best first, ties by bytes.
std::vector<Prediction> brute_force(const NGramModel& model, const std::vector<std::string>& context,
                                    std::string_view prefix = {}) {
  std::vector<Prediction> all;
  for (const auto& word : model.words()) {
    if (word == "<s>" || word == "<unk>") continue;
    if (!prefix.empty() && (word == "</s>" || !std::string_view(word).starts_with(prefix))) continue;
    gramvec::ngram::ModelState state = model.begin_sentence();
    gramvec::ngram::ModelState next;
    for (const auto& w : context) {
      model.score(state, w, next);
      state = next;
    }
    all.push_back({word, model.score(state, word, next).log10_probability});
  }
  std::sort(all.begin(), all.end(), [](const Prediction& a, const Prediction& b) {
    return a.log10_probability != b.log10_probability ? a.log10_probability > b.log10_probability : a.word < b.word;
  });
  return all;
}

std::vector<Prediction> predicted(const NGramModel& model, const std::vector<std::string>& context, std::size_t k,
                                  std::string_view prefix = {}) {
  std::vector<std::string_view> views(context.begin(), context.end());
  return gramvec::ngram::Predictor(model).predict(views, k, prefix);
}

void check_same(const std::vector<Prediction>& got, const std::vector<Prediction>& expected, std::size_t k) {
  REQUIRE(got.size() == std::min(k, expected.size()));
  for (std::size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i].word == expected[i].word);
    CHECK(got[i].log10_probability == expected[i].log10_probability);
  }
}

}  // namespace

TEST_CASE("predict: the top k of every candidate, as brute force finds them, from every layout") {
  gramvec::test::TempDir dir("predict");
  const auto corpus = gramvec::test::bundled_sentences(1500);
  gramvec::ngram::EstimationOptions options;
  options.order = 4;
  const std::string arpa = (dir.path() / "model.arpa").string();
  gramvec::test::train_to_arpa(corpus, options, arpa);
  auto hash = NGramModel::load(arpa);
  auto trie = NGramModel::load(arpa, gramvec::ngram::BinaryModelOptions{"trie"});
  REQUIRE(hash.is_ok());
  REQUIRE(trie.is_ok());
  std::mt19937_64 random(3);
  for (int trial = 0; trial < 30; ++trial) {
    // Contexts from the corpus (seen n-grams), random words and words outside the model.
    auto context = gramvec::test::random_context(corpus, hash->words(), random, 6, trial % 3 != 0);
    if (trial % 5 == 4) context.push_back("no-such-word");
    CAPTURE(trial);
    const auto expected = brute_force(*hash, context);
    for (std::size_t k : {1, 10, 50}) {
      check_same(predicted(*hash, context, k), expected, k);
      check_same(predicted(*trie, context, k), expected, k);
    }
    // With a prefix: the candidates that start with it, </s> none of them.
    const std::string prefix = trial % 2 == 0 ? "th" : "s";
    check_same(predicted(*hash, context, 10, prefix), brute_force(*hash, context, prefix), 10);
  }
  // Everything when k exceeds the candidates; nothing for k = 0.
  const auto everything = predicted(*hash, {"we"}, 1u << 30);
  CHECK(everything.size() == hash->words().size() - 2);  // <s> and <unk> are no candidates
  CHECK(std::ranges::any_of(everything, [](const Prediction& p) { return p.word == "</s>"; }));
  CHECK(predicted(*hash, {"we"}, 0).empty());
  CHECK(predicted(*hash, {"we"}, 5, "zzzzzz-no-word").empty());
}

TEST_CASE("predict: equal probabilities come in byte order") {
  // After <s> a: "a d" is listed (-0.1); the other words back off with α(a) = 10^-0.2:
  // a -0.7, </s> -1.2, and b, c (listed in the file after d and c, before nothing) both -1.4.
  const char* const arpa =
      "\\data\\\nngram 1=7\nngram 2=2\n\n\\1-grams:\n-99 <s> -0.3\n-1 </s>\n-1 <unk>\n-0.5 a -0.2\n-1.2 d\n"
      "-1.2 c\n-1.2 b\n\n\\2-grams:\n-0.3 <s> a\n-0.1 a d\n\n\\end\\\n";
  auto model = NGramModel::parse_arpa(arpa, "ties.arpa");
  REQUIRE(model.is_ok());
  auto got = predicted(*model, {"a"}, 10);
  REQUIRE(got.size() == 5);
  const std::vector<std::string> order{"d", "a", "</s>", "b", "c"};
  for (std::size_t i = 0; i < order.size(); ++i) CHECK(got[i].word == order[i]);
  CHECK(got[0].log10_probability == doctest::Approx(-0.1));
  CHECK(got[1].log10_probability == doctest::Approx(-0.7));
  CHECK(got[3].log10_probability == doctest::Approx(-1.4));
  CHECK(got[3].log10_probability == got[4].log10_probability);  // b and c tie: bytes decide
  // A k that cuts through the tie keeps the first in byte order.
  auto four = predicted(*model, {"a"}, 4);
  REQUIRE(four.size() == 4);
  CHECK(four[3].word == "b");
}
