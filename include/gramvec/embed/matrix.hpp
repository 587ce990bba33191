// A dense row-major float matrix in one contiguous, 64-byte aligned block, and the vector
// kernels the trainer and the queries are built on (plain loops that GCC vectorises at -O3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace gramvec::embed {

class Matrix {
 public:
  Matrix() = default;
  Matrix(std::size_t rows, std::size_t cols);  // zero-filled
  Matrix(const Matrix& other);
  Matrix& operator=(const Matrix& other);
  Matrix(Matrix&&) noexcept = default;
  Matrix& operator=(Matrix&&) noexcept = default;

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t size() const { return rows_ * cols_; }
  float* data() { return data_.get(); }
  const float* data() const { return data_.get(); }
  float* row(std::size_t index) { return data_.get() + index * cols_; }
  const float* row(std::size_t index) const { return data_.get() + index * cols_; }
  std::span<float> row_span(std::size_t index) { return {row(index), cols_}; }
  std::span<const float> row_span(std::size_t index) const { return {row(index), cols_}; }

  void fill_zero();
  // Each entry uniform in [-0.5/cols, 0.5/cols) (word2vec's initialisation of the input vectors),
  // from a generator seeded with `seed`.
  void fill_uniform(std::uint64_t seed);

 private:
  struct FreeDeleter {
    void operator()(float* pointer) const;
  };
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::unique_ptr<float[], FreeDeleter> data_;
};

// Dot product with eight independent partial sums, so the compiler can vectorise it without
// -ffast-math (the summation order is fixed, so results do not depend on the build's flags).
inline float dot(const float* left, const float* right, std::size_t size) {
  float partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t index = 0;
  for (; index + 8 <= size; index += 8) {
    for (std::size_t lane = 0; lane < 8; ++lane) partial[lane] += left[index + lane] * right[index + lane];
  }
  float sum = ((partial[0] + partial[4]) + (partial[1] + partial[5])) + ((partial[2] + partial[6]) + (partial[3] + partial[7]));
  for (; index < size; ++index) sum += left[index] * right[index];
  return sum;
}

// target += scale * source
inline void add_scaled(float* __restrict target, const float* __restrict source, float scale, std::size_t size) {
  for (std::size_t index = 0; index < size; ++index) target[index] += scale * source[index];
}

inline void add_to(float* __restrict target, const float* __restrict source, std::size_t size) {
  for (std::size_t index = 0; index < size; ++index) target[index] += source[index];
}

inline void scale_in_place(float* values, float scale, std::size_t size) {
  for (std::size_t index = 0; index < size; ++index) values[index] *= scale;
}

// Scales `values` to unit length; a zero vector stays zero. Returns the original length.
float normalize_in_place(float* values, std::size_t size);

}  // namespace gramvec::embed
