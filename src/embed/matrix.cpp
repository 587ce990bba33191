#include "gramvec/embed/matrix.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>

#include "embed/random.hpp"

namespace gramvec::embed {

namespace {
float* allocate_floats(std::size_t count) {
  std::size_t bytes = ((count * sizeof(float) + 63) / 64) * 64;
  if (bytes == 0) bytes = 64;
  void* memory = std::aligned_alloc(64, bytes);
  if (memory == nullptr) throw std::bad_alloc();
  return static_cast<float*>(memory);
}
}  // namespace

void Matrix::FreeDeleter::operator()(float* pointer) const { std::free(pointer); }

Matrix::Matrix(std::size_t rows, std::size_t cols) : rows_(rows), cols_(cols), data_(allocate_floats(rows * cols)) {
  fill_zero();
}

Matrix::Matrix(const Matrix& other) : rows_(other.rows_), cols_(other.cols_) {
  if (other.data_) {
    data_.reset(allocate_floats(size()));
    std::memcpy(data_.get(), other.data_.get(), size() * sizeof(float));
  }
}

Matrix& Matrix::operator=(const Matrix& other) {
  if (this != &other) {
    Matrix copy(other);
    *this = std::move(copy);
  }
  return *this;
}

void Matrix::fill_zero() {
  if (data_) std::memset(data_.get(), 0, size() * sizeof(float));
}

void Matrix::fill_uniform(std::uint64_t seed) {
  Random random(seed);
  float scale = cols_ > 0 ? 1.0f / static_cast<float>(cols_) : 0.0f;
  for (std::size_t index = 0; index < size(); ++index) data_[index] = (random.uniform_float() - 0.5f) * scale;
}

float normalize_in_place(float* values, std::size_t size) {
  float length = std::sqrt(dot(values, values, size));
  if (length > 0.0f) scale_in_place(values, 1.0f / length, size);
  return length;
}

}  // namespace gramvec::embed
