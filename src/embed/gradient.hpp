// The per-example updates of word2vec's two output layers, with their loss, exposed so that
// tests can check them against numerical gradients. `hidden` is the input representation (a
// context word's vector for skip-gram, the mean of the context vectors for CBOW);
// `hidden_update` receives learning_rate * (-dLoss/dHidden), which the caller adds to the input
// vectors; the output rows are updated in place by learning_rate * (-dLoss/dRow).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "gramvec/embed/matrix.hpp"

namespace gramvec::embed {

// sigmoid and log(sigmoid) from tables over [-8, 8] with linear interpolation (absolute error
// below 1e-5); outside the range sigmoid saturates to 0 or 1.
class SigmoidTable {
 public:
  SigmoidTable();
  float sigmoid(float x) const { return lookup(sigmoid_, x, x < 0 ? 0.0f : 1.0f); }
  float log_sigmoid(float x) const { return x < -kRange ? x : lookup(log_sigmoid_, x, 0.0f); }

 private:
  static constexpr float kRange = 8.0f;
  static constexpr int kSteps = 2048;
  static constexpr float kScale = kSteps / (2 * kRange);
  float lookup(const std::array<float, kSteps + 2>& table, float x, float outside) const {
    if (!(x > -kRange && x < kRange)) return outside;
    float position = (x + kRange) * kScale;
    auto index = static_cast<int>(position);
    float fraction = position - static_cast<float>(index);
    return table[static_cast<std::size_t>(index)] +
           fraction * (table[static_cast<std::size_t>(index) + 1] - table[static_cast<std::size_t>(index)]);
  }
  std::array<float, kSteps + 2> sigmoid_{};
  std::array<float, kSteps + 2> log_sigmoid_{};
};

// One binary logistic unit with label 1 or 0 on the output row `row`; returns its loss.
inline float logistic_update(const float* hidden, float* hidden_update, float* row, std::size_t dim, float label,
                             float learning_rate, const SigmoidTable& table) {
  float score = dot(hidden, row, dim);
  float gradient = (label - table.sigmoid(score)) * learning_rate;
  add_scaled(hidden_update, row, gradient, dim);
  add_scaled(row, hidden, gradient, dim);
  return -table.log_sigmoid(label > 0.5f ? score : -score);
}

// Negative sampling: targets[0] is the true word (label 1), the others sampled negatives
// (label 0). Loss = -log s(o_0.h) - sum_{i>0} log s(-o_i.h). Returns the loss.
inline float negative_sampling_update(const float* hidden, float* hidden_update, Matrix& output,
                                      std::span<const std::uint32_t> targets, float learning_rate,
                                      const SigmoidTable& table) {
  float loss = 0.0f;
  const std::size_t dim = output.cols();
  for (std::size_t index = 0; index < targets.size(); ++index) {
    loss += logistic_update(hidden, hidden_update, output.row(targets[index]), dim, index == 0 ? 1.0f : 0.0f,
                            learning_rate, table);
  }
  return loss;
}

// Hierarchical softmax: `points` are the inner nodes from the root to the word's leaf, `code`
// the branch taken at each (0 or 1). Loss = -sum_j log s((1 - 2 code_j) o_{points_j}.h).
inline float hierarchical_softmax_update(const float* hidden, float* hidden_update, Matrix& output,
                                         std::span<const std::uint32_t> points, std::span<const std::uint8_t> code,
                                         float learning_rate, const SigmoidTable& table) {
  float loss = 0.0f;
  const std::size_t dim = output.cols();
  for (std::size_t index = 0; index < points.size(); ++index) {
    loss += logistic_update(hidden, hidden_update, output.row(points[index]), dim, code[index] == 0 ? 1.0f : 0.0f,
                            learning_rate, table);
  }
  return loss;
}

}  // namespace gramvec::embed
