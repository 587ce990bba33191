// The per-example updates of both output layers against numerical gradients, the Huffman
// tree, the negative sampler and the subsampling probabilities.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "embed/gradient.hpp"
#include "embed/huffman.hpp"
#include "embed/negative_sampler.hpp"
#include "embed/random.hpp"
#include "gramvec/embed/training_vocabulary.hpp"

using namespace gramvec::embed;

namespace {

double exact_log_sigmoid(double x) { return -std::log1p(std::exp(-x)); }

// Loss of a set of binary logistic units on rows of `output` (label 1 where labels[i]).
double logistic_loss(const std::vector<double>& hidden, const std::vector<std::vector<double>>& output,
                     const std::vector<std::uint32_t>& rows, const std::vector<int>& labels) {
  double loss = 0.0;
  for (std::size_t index = 0; index < rows.size(); ++index) {
    double score = 0.0;
    for (std::size_t component = 0; component < hidden.size(); ++component) {
      score += hidden[component] * output[rows[index]][component];
    }
    loss -= exact_log_sigmoid(labels[index] == 1 ? score : -score);
  }
  return loss;
}

struct TinyModel {
  static constexpr std::size_t kDim = 6;
  static constexpr std::size_t kRows = 5;
  std::vector<double> hidden;
  std::vector<std::vector<double>> output;

  TinyModel() {
    Random random(42);
    for (std::size_t component = 0; component < kDim; ++component) hidden.push_back(random.uniform_float() - 0.5);
    output.assign(kRows, std::vector<double>(kDim));
    for (auto& row : output) {
      for (auto& value : row) value = random.uniform_float() - 0.5;
    }
  }
  Matrix output_matrix() const {
    Matrix matrix(kRows, kDim);
    for (std::size_t row = 0; row < kRows; ++row) {
      for (std::size_t component = 0; component < kDim; ++component) {
        matrix.row(row)[component] = static_cast<float>(output[row][component]);
      }
    }
    return matrix;
  }
  std::vector<float> hidden_floats() const { return {hidden.begin(), hidden.end()}; }
};

// Checks update results (learning rate 1) against central differences of logistic_loss.
void check_against_numerical_gradient(const TinyModel& model, const std::vector<std::uint32_t>& rows,
                                      const std::vector<int>& labels, const std::vector<float>& hidden_update,
                                      const Matrix& updated_output, float reported_loss) {
  const double step = 1e-4;
  CHECK(reported_loss == doctest::Approx(logistic_loss(model.hidden, model.output, rows, labels)).epsilon(1e-4));
  for (std::size_t component = 0; component < TinyModel::kDim; ++component) {
    auto plus = model.hidden;
    auto minus = model.hidden;
    plus[component] += step;
    minus[component] -= step;
    double numerical = (logistic_loss(plus, model.output, rows, labels) -
                        logistic_loss(minus, model.output, rows, labels)) / (2 * step);
    CHECK(hidden_update[component] == doctest::Approx(-numerical).epsilon(1e-3).scale(1.0));
  }
  for (std::uint32_t row : rows) {
    for (std::size_t component = 0; component < TinyModel::kDim; ++component) {
      auto plus = model.output;
      auto minus = model.output;
      plus[row][component] += step;
      minus[row][component] -= step;
      double numerical = (logistic_loss(model.hidden, plus, rows, labels) -
                          logistic_loss(model.hidden, minus, rows, labels)) / (2 * step);
      double applied = updated_output.row(row)[component] - model.output[row][component];
      CHECK(applied == doctest::Approx(-numerical).epsilon(1e-3).scale(1.0));
    }
  }
}

}  // namespace

TEST_CASE("embed: sigmoid table is accurate") {
  SigmoidTable table;
  for (double x = -9.0; x <= 9.0; x += 0.0371) {
    double exact = 1.0 / (1.0 + std::exp(-x));
    // Saturates outside [-8, 8], where sigmoid is within 3.4e-4 of 0 or 1.
    CHECK(std::fabs(table.sigmoid(static_cast<float>(x)) - exact) < (std::fabs(x) < 8.0 ? 1e-5 : 4e-4));
    if (std::fabs(x) < 7.9) {
      CHECK(table.log_sigmoid(static_cast<float>(x)) == doctest::Approx(exact_log_sigmoid(x)).epsilon(1e-4));
    }
  }
}

TEST_CASE("embed: negative-sampling update matches the numerical gradient") {
  TinyModel model;
  SigmoidTable table;
  std::vector<std::uint32_t> targets = {2, 0, 4, 1};  // 2 is the true word, the others negatives
  Matrix output = model.output_matrix();
  std::vector<float> hidden = model.hidden_floats();
  std::vector<float> hidden_update(TinyModel::kDim, 0.0f);
  float loss = negative_sampling_update(hidden.data(), hidden_update.data(), output, targets, 1.0f, table);
  check_against_numerical_gradient(model, targets, {1, 0, 0, 0}, hidden_update, output, loss);
  CHECK(hidden == model.hidden_floats());  // the input is not touched: the caller applies the update
  Matrix original = model.output_matrix();
  for (std::size_t component = 0; component < TinyModel::kDim; ++component) {
    CHECK(output.row(3)[component] == original.row(3)[component]);  // not a target: untouched
  }
}

TEST_CASE("embed: hierarchical-softmax update matches the numerical gradient") {
  TinyModel model;
  SigmoidTable table;
  std::vector<std::uint32_t> points = {4, 1, 3};
  std::vector<std::uint8_t> code = {0, 1, 1};
  Matrix output = model.output_matrix();
  std::vector<float> hidden = model.hidden_floats();
  std::vector<float> hidden_update(TinyModel::kDim, 0.0f);
  float loss = hierarchical_softmax_update(hidden.data(), hidden_update.data(), output, points, code, 1.0f, table);
  check_against_numerical_gradient(model, points, {1, 0, 0}, hidden_update, output, loss);
}

TEST_CASE("embed: the learning rate scales the updates") {
  TinyModel model;
  SigmoidTable table;
  std::vector<std::uint32_t> targets = {1, 3};
  Matrix unit_rate = model.output_matrix();
  Matrix small_rate = model.output_matrix();
  std::vector<float> hidden = model.hidden_floats();
  std::vector<float> update_unit(TinyModel::kDim, 0.0f);
  std::vector<float> update_small(TinyModel::kDim, 0.0f);
  negative_sampling_update(hidden.data(), update_unit.data(), unit_rate, targets, 1.0f, table);
  negative_sampling_update(hidden.data(), update_small.data(), small_rate, targets, 0.025f, table);
  for (std::size_t component = 0; component < TinyModel::kDim; ++component) {
    CHECK(update_small[component] == doctest::Approx(0.025 * update_unit[component]).epsilon(1e-5));
  }
}

TEST_CASE("embed: Huffman codes of a known vocabulary") {
  // The textbook example (CLRS): counts 45 13 12 16 9 5 give code lengths 1 3 3 3 4 4.
  std::vector<std::uint64_t> counts = {45, 16, 13, 12, 9, 5};
  HuffmanTree tree(counts);
  REQUIRE(tree.words() == 6);
  CHECK(tree.inner_nodes() == 5);
  std::vector<std::size_t> lengths;
  for (std::size_t word = 0; word < 6; ++word) lengths.push_back(tree.code(word).size());
  CHECK(lengths == std::vector<std::size_t>{1, 3, 3, 3, 4, 4});
  // Prefix-free, paths start at the root (the last inner node), points in range.
  std::set<std::string> codes;  // as strings of '0'/'1'
  double kraft = 0.0;
  for (std::size_t word = 0; word < 6; ++word) {
    auto code = tree.code(word);
    auto points = tree.points(word);
    REQUIRE(points.size() == code.size());
    CHECK(points[0] == 4);
    for (auto point : points) CHECK(point < 5);
    std::string bits;
    for (auto bit : code) bits += bit != 0 ? '1' : '0';
    codes.insert(bits);
    kraft += std::ldexp(1.0, -static_cast<int>(code.size()));
  }
  CHECK(codes.size() == 6);
  CHECK(kraft == doctest::Approx(1.0));
  for (const auto& first : codes) {
    for (const auto& second : codes) {
      if (first != second) CHECK_FALSE(second.starts_with(first));
    }
  }
  // Words sharing a prefix share the inner nodes of that prefix.
  for (std::size_t left = 0; left < 6; ++left) {
    for (std::size_t right = 0; right < 6; ++right) {
      auto code_left = tree.code(left);
      auto code_right = tree.code(right);
      for (std::size_t depth = 0; depth < std::min(code_left.size(), code_right.size()); ++depth) {
        CHECK(tree.points(left)[depth] == tree.points(right)[depth]);
        if (code_left[depth] != code_right[depth]) break;
      }
    }
  }
}

TEST_CASE("embed: Huffman tree of one and two words") {
  std::vector<std::uint64_t> one = {7};
  HuffmanTree single(one);
  CHECK(single.words() == 1);
  CHECK(single.code(0).empty());
  std::vector<std::uint64_t> two = {7, 3};
  HuffmanTree pair(two);
  CHECK(pair.code(0).size() == 1);
  CHECK(pair.code(1).size() == 1);
  CHECK(pair.code(0)[0] != pair.code(1)[0]);
}

TEST_CASE("embed: negative sampler follows unigram^0.75") {
  std::vector<std::uint64_t> counts = {1, 16, 81, 0};  // ^0.75: 1, 8, 27, 0
  NegativeSampler sampler(counts);
  CHECK(sampler.probability(0) == doctest::Approx(1.0 / 36).epsilon(1e-6));
  CHECK(sampler.probability(1) == doctest::Approx(8.0 / 36).epsilon(1e-6));
  CHECK(sampler.probability(2) == doctest::Approx(27.0 / 36).epsilon(1e-6));
  CHECK(sampler.probability(3) == doctest::Approx(0.0).epsilon(1e-9));
  Random random(3);
  std::map<std::uint32_t, int> seen;
  const int draws = 200000;
  for (int draw = 0; draw < draws; ++draw) ++seen[sampler.sample(random)];
  CHECK(seen[3] == 0);
  CHECK(seen[0] / static_cast<double>(draws) == doctest::Approx(1.0 / 36).epsilon(0.08));
  CHECK(seen[1] / static_cast<double>(draws) == doctest::Approx(8.0 / 36).epsilon(0.02));
  CHECK(seen[2] / static_cast<double>(draws) == doctest::Approx(27.0 / 36).epsilon(0.01));
}

TEST_CASE("embed: subsampling keeps words with word2vec's probability") {
  std::vector<std::uint64_t> counts = {1000, 100, 10};
  const double sample = 0.01;
  auto keep = keep_probabilities(counts, sample, SubsamplingRule::word2vec);
  const double threshold = sample * 1110.0;
  auto expected = [&](double frequency) {
    return std::min(1.0, (std::sqrt(frequency / threshold) + 1.0) * threshold / frequency);
  };
  CHECK(keep[0] == doctest::Approx(expected(1000)).epsilon(1e-6));
  CHECK(keep[0] == doctest::Approx(0.116458).epsilon(1e-4));
  CHECK(keep[1] == doctest::Approx(expected(100)).epsilon(1e-6));
  CHECK(keep[1] < 1.0f);
  CHECK(keep[2] == 1.0f);
  auto off = keep_probabilities(counts, 0.0);
  CHECK(off == std::vector<float>{1.0f, 1.0f, 1.0f});
}

TEST_CASE("embed: subsampling keeps words with the paper's probability sqrt(t/f)") {
  std::vector<std::uint64_t> counts = {1000, 100, 10};
  const double sample = 0.01;  // t; f = count / 1110
  auto keep = keep_probabilities(counts, sample, SubsamplingRule::paper);
  CHECK(keep[0] == doctest::Approx(std::sqrt(0.01 * 1110.0 / 1000.0)).epsilon(1e-6));
  CHECK(keep[0] == doctest::Approx(0.105357).epsilon(1e-4));
  CHECK(keep[1] == doctest::Approx(0.333167).epsilon(1e-4));
  CHECK(keep[2] == 1.0f);  // sqrt(1.11) is capped
  // Never more than word2vec's rule keeps, which adds t/f.
  auto word2vec = keep_probabilities(counts, sample, SubsamplingRule::word2vec);
  CHECK(word2vec[0] == doctest::Approx(keep[0] + 0.0111).epsilon(1e-4));
  CHECK(keep_probabilities(counts, 0.0, SubsamplingRule::paper) == std::vector<float>{1.0f, 1.0f, 1.0f});
  CHECK(parse_subsampling_rule("paper").value() == SubsamplingRule::paper);
  CHECK(parse_subsampling_rule("word2vec").value() == SubsamplingRule::word2vec);
  CHECK_FALSE(parse_subsampling_rule("mikolov").is_ok());
  CHECK(subsampling_rule_name(SubsamplingRule::paper) == "paper");
}

TEST_CASE("embed: training vocabulary from the shared vocabulary") {
  gramvec::vocab::Vocabulary counted;
  counted.add_count(counted.insert("the"), 10);
  counted.add_count(counted.insert("cat"), 3);
  counted.add_count(counted.insert("rare"), 1);
  counted.add_count(gramvec::vocab::Vocabulary::kUnk, 4);  // a literal <unk>
  auto final_vocabulary = counted.finalized({2, 0});
  SUBCASE("a frequent literal <unk> is trained, in count order") {
    TrainingVocabulary vocabulary(final_vocabulary, 4, 2);
    CHECK(vocabulary.words() == std::vector<std::string>{"the", "<unk>", "cat"});
    CHECK(vocabulary.total_count() == 17);
    CHECK(vocabulary.row_of_token("cat") == 2);
    CHECK(vocabulary.row_of_token("<unk>") == 1);
    CHECK(vocabulary.row_of_token("rare") == TrainingVocabulary::kNotTrained);
    CHECK(vocabulary.row_of_token("<s>") == TrainingVocabulary::kNotTrained);
  }
  SUBCASE("without a literal <unk>, dropped words are not trained as <unk>") {
    TrainingVocabulary vocabulary(final_vocabulary, 0, 2);
    CHECK(vocabulary.words() == std::vector<std::string>{"the", "cat"});
    CHECK(vocabulary.unknown_row() == TrainingVocabulary::kNotTrained);
  }
}
